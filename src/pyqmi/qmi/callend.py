"""Why a data call ended, as facts: the modem's numbers, their names, the IP version allowed.

Theory of operation
-------------------
WDS reports a failed or dropped data call with two TLVs, in the Start Network
response and in the Packet Service Status indication:

* 0x10 "call end reason": one flat u16 table (generic, CDMA, GSM/WCDMA, EV-DO).
* 0x11 "verbose call end reason": a type (MIP, internal, CM, 3GPP, PPP, eHRPD,
  IPv6) and a reason whose meaning depends on the type.  For the 3GPP type the
  reason is the network's own session management cause (TS 24.008 / 24.301),
  e.g. 27 unknown APN, 29 authentication failed, 50 IPv4 only allowed.

``CallEnd`` holds those numbers (any may be missing) and answers questions of
fact about them: their names (a readable fallback such as ``unknown_77`` for
numbers not in the tables), the short ``reason`` text, and ``allowed_family``,
the one IP version the refusal says would be accepted.  ``from_message()``
reads them from a decoded message.

Nothing here decides what to do about a failure or how to word it for a user:
that is one table in ``pyqmi.session.failures``.  The name tables live in
``callend_tables`` (numbers and names follow libqmi's QmiWdsCallEndReason and
QmiWdsVerboseCallEndReason* enums) and are re-exported here.  Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyqmi.frozen import frozen
from pyqmi.qmi.callend_tables import (
    ALLOWED_FAMILY,
    CALL_END_REASONS,
    TYPE_3GPP,
    TYPE_CM,
    TYPE_EHRPD,
    TYPE_INTERNAL,
    TYPE_IPV6,
    TYPE_MIP,
    TYPE_PPP,
    VERBOSE_REASONS,
    VERBOSE_TYPES,
)
from pyqmi.qmi.message import Message

__all__ = [
    "ALLOWED_FAMILY",
    "CALL_END_REASONS",
    "TYPE_3GPP",
    "TYPE_CM",
    "TYPE_EHRPD",
    "TYPE_INTERNAL",
    "TYPE_IPV6",
    "TYPE_MIP",
    "TYPE_PPP",
    "VERBOSE_REASONS",
    "VERBOSE_TYPES",
    "CallEnd",
    "call_end_reason_name",
    "from_message",
    "verbose_reason_name",
    "verbose_type_name",
]


# --- Names ---------------------------------------------------------------------


def call_end_reason_name(reason: int) -> str:
    """The name of a TLV 0x10 value, or ``unknown_<n>`` when unknown."""
    return CALL_END_REASONS.get(reason, f"unknown_{reason}")


def verbose_type_name(verbose_type: int) -> str:
    """The name of a verbose reason type, or ``unknown_type_<n>`` when unknown."""
    return VERBOSE_TYPES.get(verbose_type, f"unknown_type_{verbose_type}")


def verbose_reason_name(verbose_type: int, reason: int) -> str:
    """The name of a verbose reason within its type, e.g. ``unknown_apn``.

    Unknown numbers give ``unknown_<n>``.
    """
    return VERBOSE_REASONS.get(verbose_type, {}).get(reason, f"unknown_{reason}")


_CALL_END_BY_NAME = {name: value for value, name in CALL_END_REASONS.items()}
_TYPE_BY_NAME = {name: value for value, name in VERBOSE_TYPES.items()}


# --- The facts -----------------------------------------------------------------


@frozen
class CallEnd:
    """The reasons a modem gave for a call that failed or ended; any may be missing."""

    call_end_reason: int | None = None  # TLV 0x10
    verbose_type: int | None = None  # TLV 0x11, its type
    verbose_reason: int | None = None  # TLV 0x11, the reason within that type

    @property
    def verbose(self) -> tuple[int, int] | None:
        """(type, reason) of the verbose reason, when both are known."""
        if self.verbose_type is None or self.verbose_reason is None:
            return None
        return (self.verbose_type, self.verbose_reason)

    @property
    def call_end_reason_name(self) -> str | None:
        if self.call_end_reason is None:
            return None
        return call_end_reason_name(self.call_end_reason)

    @property
    def verbose_type_name(self) -> str | None:
        return None if self.verbose_type is None else verbose_type_name(self.verbose_type)

    @property
    def verbose_reason_name(self) -> str | None:
        verbose = self.verbose
        return None if verbose is None else verbose_reason_name(*verbose)

    @property
    def allowed_family(self) -> int | None:
        """The only IP version (4 or 6) that would be accepted, when the reason says so."""
        verbose = self.verbose
        return None if verbose is None else ALLOWED_FAMILY.get(verbose)

    @property
    def given(self) -> bool:
        """True when the modem gave any reason at all."""
        return self.call_end_reason is not None or self.verbose is not None

    @property
    def reason(self) -> str:
        """The reasons in short form, e.g. ``3gpp:unknown_apn (27), generic_unspecified (1)``."""
        parts: list[str] = []
        if self.verbose is not None:
            parts.append(
                f"{self.verbose_type_name}:{self.verbose_reason_name} ({self.verbose_reason})"
            )
        if self.call_end_reason is not None:
            parts.append(f"{self.call_end_reason_name} ({self.call_end_reason})")
        return ", ".join(parts) or "no reason given"


# --- From decoded messages ----------------------------------------------------


def _as_number(value: Any, by_name: Mapping[str, int]) -> int | None:
    """A decoded enum value (its name, or the bare number when unnamed) as a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return by_name.get(value)
    return None


def from_message(message: Message) -> CallEnd:
    """The reasons in a decoded Start Network response or Packet Service Status indication.

    TLVs that are missing or failed to parse count as "not given".
    """
    call_end = _as_number(message.values.get("call_end_reason"), _CALL_END_BY_NAME)
    verbose_type: int | None = None
    verbose_reason: int | None = None
    verbose = message.values.get("verbose_call_end_reason")
    if isinstance(verbose, Mapping):
        verbose_type = _as_number(verbose.get("type"), _TYPE_BY_NAME)
        reason = verbose.get("reason")
        if isinstance(reason, int) and not isinstance(reason, bool):
            verbose_reason = int(reason)
    return CallEnd(call_end, verbose_type, verbose_reason)
