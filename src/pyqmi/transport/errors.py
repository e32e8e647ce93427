"""Error types of the transport: what can go wrong between us and the device.

Every one of them is a ``QmiError``, so callers may catch the whole library at once.
Modem failure results stay ``QmiProtocolError`` (raised by ``Message.check()``).
"""

from __future__ import annotations

from pyqmi.qmi.errors import QmiError


class TransportError(QmiError):
    """Base class of every transport failure."""


class DeviceOpenError(TransportError):
    """The device path could not be opened: missing, no permission, or not a QMI port."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot open {path}: {reason}")


class DeviceGone(TransportError):
    """The device vanished (EOF, EIO, ENODEV, ENXIO, EBADF, proxy hung up).

    Every pending request fails with it at once; later requests fail immediately.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"device {path} is gone: {reason}")


class ClientClosed(TransportError):
    """The client was closed by its owner; no more requests can be made."""


class RequestTimeout(TransportError):
    """No response to a request within its time bound."""

    def __init__(self, message: str, timeout: float) -> None:
        self.message = message
        self.timeout = timeout
        super().__init__(f"no response to {message} within {timeout:g} s")


class DeviceNotReady(TransportError):
    """The readiness probe got no answer after every attempt."""

    def __init__(self, path: str, attempts: int, per_try: float) -> None:
        self.path = path
        self.attempts = attempts
        self.per_try = per_try
        super().__init__(
            f"{path} did not answer the readiness probe ({attempts} tries of {per_try:g} s each)"
        )


class NoClientId(TransportError):
    """A service request was made before a client id was allocated or adopted for it."""

    def __init__(self, service: str) -> None:
        self.service = service
        super().__init__(f"no client id for {service}: allocate() or adopt() one first")


class ProxyError(TransportError):
    """qmi-proxy could not be reached, or refused to open the device."""
