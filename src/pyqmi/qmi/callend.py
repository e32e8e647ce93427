"""Why a data call ended, in words a user can act on.

Theory of operation
-------------------
WDS reports a failed or dropped data call with two TLVs, in the Start Network
response and in the Packet Service Status indication:

* 0x10 "call end reason": one flat u16 table (generic, CDMA, GSM/WCDMA, EV-DO).
* 0x11 "verbose call end reason": a type (MIP, internal, CM, 3GPP, PPP, eHRPD,
  IPv6) and a reason whose meaning depends on the type.  For the 3GPP type the
  reason is the network's own session management cause (TS 24.008 / 24.301),
  which is the most precise answer a modem gives.

``classify()`` turns those numbers into a ``CallFailure``: a name for every
number (a readable fallback such as ``unknown_77`` for numbers not in the
tables), a ``FailureCategory`` that the connection policy acts on, and a
sentence telling the user what to change.  The verbose reason decides the
category when it has one; otherwise the flat reason is consulted.

The name tables live in ``callend_tables`` (numbers and names follow
libqmi's QmiWdsCallEndReason and QmiWdsVerboseCallEndReason* enums) and are
re-exported here.  This module is pure: no I/O, no construct.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyqmi.qmi.callend_tables import (
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
    "CallFailure",
    "FailureCategory",
    "call_end_reason_name",
    "classify",
    "classify_message",
    "verbose_reason_name",
    "verbose_type_name",
]


class FailureCategory(enum.StrEnum):
    """What kind of problem ended the call; the connection policy keys on this."""

    PDP_TYPE_REJECTED = "pdp_type_rejected"  # IPv4/IPv6 choice refused: change pdptype
    AUTH_FAILED = "auth_failed"  # username/password/auth refused
    UNKNOWN_APN = "unknown_apn"  # the APN does not exist (or is malformed)
    NOT_SUBSCRIBED = "not_subscribed"  # the SIM's plan does not allow this service
    TRANSIENT = "transient"  # coverage, congestion, throttling: retry later
    OTHER = "other"

    @property
    def is_configuration_error(self) -> bool:
        """True when retrying with the same settings will fail the same way."""
        return self in _CONFIGURATION_ERRORS


_CONFIGURATION_ERRORS = frozenset(
    {
        FailureCategory.PDP_TYPE_REJECTED,
        FailureCategory.AUTH_FAILED,
        FailureCategory.UNKNOWN_APN,
        FailureCategory.NOT_SUBSCRIBED,
    }
)

# --- Categories --------------------------------------------------------------

_PDP = FailureCategory.PDP_TYPE_REJECTED
_AUTH = FailureCategory.AUTH_FAILED
_APN = FailureCategory.UNKNOWN_APN
_SUBS = FailureCategory.NOT_SUBSCRIBED
_LATER = FailureCategory.TRANSIENT

_CALL_END_CATEGORY: dict[int, FailureCategory] = {
    3: _LATER,  # generic_no_service
    4: _LATER,  # generic_fade
    6: _LATER,  # generic_access_attempt_in_progress
    7: _LATER,  # generic_access_failure
    8: _LATER,  # generic_redirection_or_handoff
    10: _AUTH,  # generic_authentication_failed
    515: _LATER,  # cdma_no_service
    1002: _LATER,  # gsm_wcdma_no_service
    1005: _LATER,  # gsm_wcdma_insufficient_resources
    1006: _LATER,  # gsm_wcdma_option_temporarily_out_of_order
    1009: _LATER,  # gsm_wcdma_network_failure
    1010: _LATER,  # gsm_wcdma_reattach_required
    1012: _SUBS,  # gsm_wcdma_operator_determined_barring
    1013: _APN,  # gsm_wcdma_unknown_apn
    1014: _PDP,  # gsm_wcdma_unknown_pdp
    1018: _SUBS,  # gsm_wcdma_option_unsubscribed
    1501: _AUTH,  # evdo_connection_deny_billing_or_authentication_failure
}

_VERBOSE_CATEGORY: dict[tuple[int, int], FailureCategory] = {
    (TYPE_MIP, 67): _AUTH,  # fa_error_mobile_node_authentication_failure
    (TYPE_MIP, 131): _AUTH,  # ha_error_mobile_node_authentication_failure
    (TYPE_INTERNAL, 208): _PDP,  # pdn_ipv4_call_disallowed
    (TYPE_INTERNAL, 209): _LATER,  # pdn_ipv4_call_throttled
    (TYPE_INTERNAL, 210): _PDP,  # pdn_ipv6_call_disallowed
    (TYPE_INTERNAL, 211): _LATER,  # pdn_ipv6_call_throttled
    (TYPE_INTERNAL, 212): _LATER,  # modem_restart
    (TYPE_INTERNAL, 215): _LATER,  # physical_link_close_in_progress
    (TYPE_INTERNAL, 231): _PDP,  # ip_version_mismatch
    (TYPE_INTERNAL, 238): _PDP,  # ip_pdp_mismatch
    (TYPE_INTERNAL, 247): _APN,  # apn_format_invalid
    (TYPE_INTERNAL, 253): _APN,  # invalid_apn_name
    (TYPE_INTERNAL, 263): _APN,  # invalid_apn
    (TYPE_CM, 1015): _LATER,  # congestion
    (TYPE_CM, 2001): _LATER,  # no_service
    (TYPE_CM, 2002): _LATER,  # fade
    (TYPE_CM, 2005): _LATER,  # access_failure
    (TYPE_3GPP, 8): _SUBS,  # operator_determined_barring
    (TYPE_3GPP, 26): _LATER,  # insufficient_resources
    (TYPE_3GPP, 27): _APN,  # unknown_apn
    (TYPE_3GPP, 28): _PDP,  # unknown_pdp (unknown PDP address or PDP type)
    (TYPE_3GPP, 29): _AUTH,  # authentication_failed
    (TYPE_3GPP, 33): _SUBS,  # option_unsubscribed
    (TYPE_3GPP, 34): _LATER,  # option_temporarily_out_of_order
    (TYPE_3GPP, 38): _LATER,  # network_failure
    (TYPE_3GPP, 39): _LATER,  # reattach_required
    (TYPE_3GPP, 50): _PDP,  # ipv4_only_allowed
    (TYPE_3GPP, 51): _PDP,  # ipv6_only_allowed
    (TYPE_3GPP, 52): _PDP,  # single_address_bearer_only
    (TYPE_PPP, 2): _AUTH,  # authentication_failure
    (TYPE_PPP, 31): _AUTH,  # pap_failure
    (TYPE_PPP, 32): _AUTH,  # chap_failure
    (TYPE_EHRPD, 1): _PDP,  # subscription_limited_to_ipv4
    (TYPE_EHRPD, 2): _PDP,  # subscription_limited_to_ipv6
    (TYPE_IPV6, 2): _PDP,  # hrpd_ipv6_disabled
    (TYPE_IPV6, 3): _PDP,  # disabled
}

# --- What to tell the user -----------------------------------------------------
# ``{apn}`` becomes "APN 'x'" (or "the APN" when unknown); ``{reason}`` the names.

_CATEGORY_MEANING: dict[FailureCategory, str] = {
    _PDP: "the network refused the requested IP type on {apn}: check option pdptype",
    _AUTH: "the network refused the login for {apn}: check options username, password and auth",
    _APN: "the network does not know {apn}: check option apn",
    _SUBS: "the SIM's subscription does not allow {apn}: check option apn or ask the operator",
    _LATER: "temporary failure, retrying later may succeed: {reason}",
    FailureCategory.OTHER: "the data call failed: {reason}",
}

_ONLY_V4 = "the network allows only IPv4 on {apn}: set option pdptype to ip"
_ONLY_V6 = "the network allows only IPv6 on {apn}: set option pdptype to ipv6"
_REJECTED = (
    "the network rejected the data call on {apn} without a specific cause: "
    "check options apn, username, password and pdptype"
)

_VERBOSE_MEANING: dict[tuple[int, int], str] = {
    (TYPE_INTERNAL, 208): "the modem does not allow IPv4 on {apn}: set option pdptype to ipv6",
    (TYPE_INTERNAL, 210): "the modem does not allow IPv6 on {apn}: set option pdptype to ip",
    (TYPE_INTERNAL, 209): "the modem is holding back IPv4 calls after failures: retry later",
    (TYPE_INTERNAL, 211): "the modem is holding back IPv6 calls after failures: retry later",
    (TYPE_INTERNAL, 247): "the modem refused {apn} as malformed: check option apn",
    (TYPE_INTERNAL, 253): "the modem refused {apn} as invalid: check option apn",
    (TYPE_INTERNAL, 263): "the modem refused {apn} as invalid: check option apn",
    (TYPE_3GPP, 8): "the operator has barred data for this SIM: ask the operator",
    (TYPE_3GPP, 30): _REJECTED,
    (TYPE_3GPP, 31): _REJECTED,
    (TYPE_3GPP, 50): _ONLY_V4,
    (TYPE_3GPP, 51): _ONLY_V6,
    (TYPE_3GPP, 52): (
        "the network allows only one IP version at a time on {apn}: "
        "set option pdptype to ip or ipv6"
    ),
    (TYPE_EHRPD, 1): "the subscription allows only IPv4: set option pdptype to ip",
    (TYPE_EHRPD, 2): "the subscription allows only IPv6: set option pdptype to ipv6",
    (TYPE_IPV6, 2): "IPv6 is disabled: set option pdptype to ip",
    (TYPE_IPV6, 3): "IPv6 is disabled: set option pdptype to ip",
}

_CALL_END_MEANING: dict[int, str] = {
    1012: "the operator has barred data for this SIM: ask the operator",
    1015: _REJECTED,
    1016: _REJECTED,
}

_NO_REASON = "the data call failed and the modem gave no reason"

# PDP type rejections that say which IP version the network would accept.
_ALLOWED_FAMILY: dict[tuple[int, int], int] = {
    (TYPE_3GPP, 50): 4,  # ipv4_only_allowed
    (TYPE_3GPP, 51): 6,  # ipv6_only_allowed
    (TYPE_EHRPD, 1): 4,  # subscription_limited_to_ipv4
    (TYPE_EHRPD, 2): 6,  # subscription_limited_to_ipv6
    (TYPE_IPV6, 2): 4,  # hrpd_ipv6_disabled
    (TYPE_IPV6, 3): 4,  # disabled
}


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


# --- The result ----------------------------------------------------------------


@dataclass(frozen=True)
class CallFailure:
    """A decoded call failure: names, a category and advice for the user."""

    category: FailureCategory
    meaning: str
    call_end_reason: int | None = None
    call_end_reason_name: str | None = None
    verbose_type: int | None = None
    verbose_type_name: str | None = None
    verbose_reason: int | None = None
    verbose_reason_name: str | None = None
    # For PDP type rejections: the only IP version (4 or 6) the network accepts,
    # when it says so (3GPP 50/51); None otherwise.
    allowed_family: int | None = None

    @property
    def reason(self) -> str:
        """The raw reasons in short form, e.g. ``3gpp:unknown_apn (27)``."""
        parts: list[str] = []
        if self.verbose_type is not None and self.verbose_reason is not None:
            parts.append(
                f"{self.verbose_type_name}:{self.verbose_reason_name} ({self.verbose_reason})"
            )
        if self.call_end_reason is not None:
            parts.append(f"{self.call_end_reason_name} ({self.call_end_reason})")
        return ", ".join(parts) or "no reason given"

    def __str__(self) -> str:
        if self.reason in self.meaning:
            return self.meaning
        return f"{self.meaning} [{self.reason}]"


def _apn_phrase(apn: str | None) -> str:
    if apn is None:
        return "the APN"
    if apn == "":
        return "the empty APN (the modem's default)"
    return f"APN {apn!r}"


def classify(
    call_end_reason: int | None,
    verbose_type: int | None,
    verbose_reason: int | None,
    *,
    apn: str | None = None,
) -> CallFailure:
    """Decode the call end reason TLVs (any may be missing) into a ``CallFailure``.

    ``apn`` is only used to word the advice.
    """
    verbose: tuple[int, int] | None = None
    if verbose_type is not None and verbose_reason is not None:
        verbose = (verbose_type, verbose_reason)

    by_verbose = _VERBOSE_CATEGORY.get(verbose) if verbose else None
    by_call_end = None if call_end_reason is None else _CALL_END_CATEGORY.get(call_end_reason)
    verbose_text = _VERBOSE_MEANING.get(verbose) if verbose else None
    call_end_text = None if call_end_reason is None else _CALL_END_MEANING.get(call_end_reason)
    category = by_verbose or by_call_end or FailureCategory.OTHER
    if by_verbose is not None:
        template = verbose_text
    elif by_call_end is not None:
        template = call_end_text
    else:
        template = verbose_text or call_end_text

    failure = CallFailure(
        category=category,
        meaning="",
        call_end_reason=call_end_reason,
        call_end_reason_name=(
            None if call_end_reason is None else call_end_reason_name(call_end_reason)
        ),
        verbose_type=verbose_type,
        verbose_type_name=None if verbose_type is None else verbose_type_name(verbose_type),
        verbose_reason=verbose_reason,
        verbose_reason_name=(
            None if verbose is None else verbose_reason_name(verbose[0], verbose[1])
        ),
    )
    if template is None:
        nothing = call_end_reason is None and verbose is None
        template = _NO_REASON if nothing else _CATEGORY_MEANING[category]
    meaning = template.format(apn=_apn_phrase(apn), reason=failure.reason)
    allowed = _ALLOWED_FAMILY.get(verbose) if verbose else None
    return dataclasses.replace(failure, meaning=meaning, allowed_family=allowed)


# --- From decoded messages ----------------------------------------------------


def _as_number(value: Any, by_name: Mapping[str, int]) -> int | None:
    """A decoded enum value (its name, or the bare number when unnamed) as a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return by_name.get(value)
    return None


def classify_message(message: Message, *, apn: str | None = None) -> CallFailure:
    """Classify a decoded Start Network response or Packet Service Status indication.

    Call it when the message reports a failure or a disconnection; TLVs that are
    missing or failed to parse count as "no reason given".
    """
    call_end = _as_number(message.values.get("call_end_reason"), _CALL_END_BY_NAME)
    verbose_type: int | None = None
    verbose_reason: int | None = None
    verbose = message.values.get("verbose_call_end_reason")
    if isinstance(verbose, Mapping):
        verbose_type = _as_number(verbose.get("type"), _TYPE_BY_NAME)
        reason = verbose.get("reason")
        if isinstance(reason, int) and not isinstance(reason, bool):
            verbose_reason = reason
    return classify(call_end, verbose_type, verbose_reason, apn=apn)
