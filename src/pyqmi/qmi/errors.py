"""Error types of the protocol layer.

Two families, kept apart as libqmi does:
- ``QmiCoreError``: our side could not make sense of bytes (bad frame, bad TLV)
  or was misused.  Nothing the modem said.
- ``QmiProtocolError``: the modem answered with a failure result TLV. It carries the
  modem's own error code and its name.
"""

from __future__ import annotations


class QmiError(Exception):
    """Base class of every error pyqmi's QMI layer raises."""


class QmiCoreError(QmiError):
    """Local failure: bytes we could not decode, or an API misuse."""


class FrameError(QmiCoreError):
    """A byte sequence is not a valid QMI frame."""


class IncompleteFrame(FrameError):
    """More bytes are needed before the frame can be decoded."""


class TlvError(QmiCoreError):
    """A TLV area or a TLV body does not match its declared layout."""


class UnknownMessage(QmiCoreError):
    """No catalog entry for this (service, message id)."""


class QmiProtocolError(QmiError):
    """The modem returned a failure result (TLV 0x02)."""

    def __init__(self, code: int, name: str, message: str = "") -> None:
        self.code = code
        self.name = name
        self.message = message
        where = f" to {message}" if message else ""
        super().__init__(f"modem answered{where} with error {name} ({code})")
