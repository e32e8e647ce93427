"""One table of call failures: the modem's reasons -> a kind, a fallback rule, words for the user.

Theory of operation
-------------------
``pyqmi.qmi.callend`` reads the facts of a failed call from the modem: a
``CallEnd`` with the call end reason (TLV 0x10), the verbose reason (TLV 0x11:
a type such as 3GPP and a cause such as 27) and the IP version the refusal says
would be allowed.  ``judge(end, family=, apn=)`` looks those facts up in
``ROWS`` and returns a ``Verdict``:

* ``kind``: what went wrong (``Kind``; its value is what the status object
  records for the attempt, e.g. ``auth_failed``);
* ``rule``: what ``session.fallback.CallPlanner`` does next (``Rule``: drop the
  refused IP family, climb the auth ladder, give up, or back off and redial);
* ``meaning``: one sentence for the log, naming the option to change.

A row matches a verbose reason (``Verbose(type, cause)``) or a call end reason
(``CallEndReason(n)``), optionally only for the call of one IP family.  The
verbose reason is the network's own cause and wins over the call end reason;
a row of kind ``OTHER`` only words a reason, so a row of any other kind wins
over it.  A row for the attempted family wins over a row for any family.
Facts that match no row are ``OTHER`` and backed off.  What the planner says
when a rule runs out (the ``LinkError`` netifd gets) is worded at the end of
this module, by kind, so every sentence about a failed call lives here.

Where a new fallback rule goes
------------------------------
1. One row in ``ROWS``: the reason, its kind, the rule, the advice naming the
   option when the kind's sentence does not fit, and ``family=`` when the rule
   holds for one IP version only.
2. One simulator scenario in ``pyqmi.sim.scenarios`` whose modem gives that
   reason: ``reject_cause`` (and ``reject_families``) refuse calls with any 3GPP
   cause; ``ip_families``, ``apns`` and ``require_auth`` refuse them as a network
   does (50/51, 27, 29).
3. One case in ``tests/sim/test_failure_rules.py``, which runs facts, table and
   planner against that scenario in virtual time.

The names of every libqmi reason are in ``qmi/callend_tables.py`` already.  A
new kind that gives up also needs its ``GIVE_UP`` message below (and maybe an
``ErrorCode``); only a rule that is none of the four ``Rule`` values needs code:
a branch in ``CallPlanner.failed``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from pyqmi.frozen import frozen
from pyqmi.qmi.callend import CallEnd
from pyqmi.qmi.callend_tables import (
    TYPE_3GPP,
    TYPE_CM,
    TYPE_EHRPD,
    TYPE_INTERNAL,
    TYPE_IPV6,
    TYPE_MIP,
    TYPE_PPP,
)
from pyqmi.session.errors import ErrorCode, LinkError


class Kind(enum.StrEnum):
    """What kind of problem ended the call (the status object records the value)."""

    PDP_TYPE_REJECTED = "pdp_type_rejected"  # the IPv4/IPv6 choice was refused
    AUTH_FAILED = "auth_failed"  # username/password/auth refused
    UNKNOWN_APN = "unknown_apn"  # the APN does not exist (or is malformed)
    NOT_SUBSCRIBED = "not_subscribed"  # the SIM's plan does not allow this service
    TRANSIENT = "transient"  # coverage, congestion, throttling: retry later
    OTHER = "other"


class Rule(enum.StrEnum):
    """What the call planner does after a failure."""

    DROP_FAMILY = "drop_family"  # IPV4V6: carry on with the other family (once), else give up
    AUTH_LADDER = "auth_ladder"  # none -> pap -> chap -> both, then give up
    GIVE_UP = "give_up"  # permanent: the user must change an option
    BACKOFF = "backoff"  # transient: redial after a backoff


@frozen
class Verbose:
    """Matches TLV 0x11: a verbose reason type and the reason (cause) within it."""

    type: int
    cause: int


@frozen
class CallEndReason:
    """Matches TLV 0x10, the flat call end reason."""

    reason: int


@frozen
class Row:
    match: Verbose | CallEndReason
    kind: Kind
    rule: Rule
    advice: str | None = None  # the sentence for the log; None: the kind's own
    family: int | None = None  # only for the call of this IP version (4 or 6)


# --- What each attempt's failure is logged as ----------------------------------
# ``{apn}`` becomes "APN 'x'" (or "the APN" when unknown); ``{reason}`` the names.

KIND_ADVICE: dict[Kind, str] = {
    Kind.PDP_TYPE_REJECTED: "the network refused the requested IP type on {apn}: "
    "check option pdptype",
    Kind.AUTH_FAILED: "the network refused the login for {apn}: "
    "check options username, password and auth",
    Kind.UNKNOWN_APN: "the network does not know {apn}: check option apn",
    Kind.NOT_SUBSCRIBED: "the SIM's subscription does not allow {apn}: "
    "check option apn or ask the operator",
    Kind.TRANSIENT: "temporary failure, retrying later may succeed: {reason}",
    Kind.OTHER: "the data call failed: {reason}",
}
NO_REASON = "the data call failed and the modem gave no reason"

_ONLY_V4 = "the network allows only IPv4 on {apn}: set option pdptype to ip"
_ONLY_V6 = "the network allows only IPv6 on {apn}: set option pdptype to ipv6"
_ONE_VERSION = (
    "the network allows only one IP version at a time on {apn}: set option pdptype to ip or ipv6"
)
_NO_V4 = "the modem does not allow IPv4 on {apn}: set option pdptype to ipv6"
_NO_V6 = "the modem does not allow IPv6 on {apn}: set option pdptype to ip"
_SUB_V4 = "the subscription allows only IPv4: set option pdptype to ip"
_SUB_V6 = "the subscription allows only IPv6: set option pdptype to ipv6"
_V6_OFF = "IPv6 is disabled: set option pdptype to ip"
_HELD_V4 = "the modem is holding back IPv4 calls after failures: retry later"
_HELD_V6 = "the modem is holding back IPv6 calls after failures: retry later"
_MALFORMED = "the modem refused {apn} as malformed: check option apn"
_INVALID = "the modem refused {apn} as invalid: check option apn"
_BARRED = "the operator has barred data for this SIM: ask the operator"
_REJECTED = (
    "the network rejected the data call on {apn} without a specific cause: "
    "check options apn, username, password and pdptype"
)

# --- The table -------------------------------------------------------------------

_V, _R = Verbose, CallEndReason
_PDP, _AUTH, _APN = Kind.PDP_TYPE_REJECTED, Kind.AUTH_FAILED, Kind.UNKNOWN_APN
_SUBS, _LATER, _OTHER = Kind.NOT_SUBSCRIBED, Kind.TRANSIENT, Kind.OTHER
_DROP, _LADDER, _STOP, _WAIT = Rule.DROP_FAMILY, Rule.AUTH_LADDER, Rule.GIVE_UP, Rule.BACKOFF

ROWS: tuple[Row, ...] = (
    # The IP version: with pdptype IPV4V6, carry on with the family the network allows.
    Row(_V(TYPE_3GPP, 50), _PDP, _DROP, _ONLY_V4),  # ipv4_only_allowed (ZTE MF821)
    Row(_V(TYPE_3GPP, 51), _PDP, _DROP, _ONLY_V6),  # ipv6_only_allowed
    Row(_V(TYPE_3GPP, 52), _PDP, _DROP, _ONE_VERSION),  # single_address_bearer_only
    Row(_V(TYPE_3GPP, 28), _PDP, _DROP),  # unknown_pdp (address or PDP type)
    Row(_V(TYPE_INTERNAL, 208), _PDP, _DROP, _NO_V4),  # pdn_ipv4_call_disallowed
    Row(_V(TYPE_INTERNAL, 210), _PDP, _DROP, _NO_V6),  # pdn_ipv6_call_disallowed
    Row(_V(TYPE_INTERNAL, 231), _PDP, _DROP),  # ip_version_mismatch
    Row(_V(TYPE_INTERNAL, 238), _PDP, _DROP),  # ip_pdp_mismatch
    Row(_V(TYPE_EHRPD, 1), _PDP, _DROP, _SUB_V4),  # subscription_limited_to_ipv4
    Row(_V(TYPE_EHRPD, 2), _PDP, _DROP, _SUB_V6),  # subscription_limited_to_ipv6
    Row(_V(TYPE_IPV6, 2), _PDP, _DROP, _V6_OFF),  # hrpd_ipv6_disabled
    Row(_V(TYPE_IPV6, 3), _PDP, _DROP, _V6_OFF),  # disabled
    Row(_R(1014), _PDP, _DROP),  # gsm_wcdma_unknown_pdp
    # The login: climb the auth ladder (placeholder credentials when none are set).
    Row(_V(TYPE_3GPP, 29), _AUTH, _LADDER),  # authentication_failed (ZTE MF821)
    Row(_V(TYPE_PPP, 2), _AUTH, _LADDER),  # authentication_failure
    Row(_V(TYPE_PPP, 31), _AUTH, _LADDER),  # pap_failure
    Row(_V(TYPE_PPP, 32), _AUTH, _LADDER),  # chap_failure
    Row(_V(TYPE_MIP, 67), _AUTH, _LADDER),  # fa_error_mobile_node_authentication_failure
    Row(_V(TYPE_MIP, 131), _AUTH, _LADDER),  # ha_error_mobile_node_authentication_failure
    Row(_R(10), _AUTH, _LADDER),  # generic_authentication_failed
    Row(_R(1501), _AUTH, _LADDER),  # evdo_connection_deny_billing_or_authentication_failure
    # The APN: permanent, option apn.
    Row(_V(TYPE_3GPP, 27), _APN, _STOP),  # unknown_apn
    Row(_V(TYPE_INTERNAL, 247), _APN, _STOP, _MALFORMED),  # apn_format_invalid
    Row(_V(TYPE_INTERNAL, 253), _APN, _STOP, _INVALID),  # invalid_apn_name
    Row(_V(TYPE_INTERNAL, 263), _APN, _STOP, _INVALID),  # invalid_apn
    Row(_R(1013), _APN, _STOP),  # gsm_wcdma_unknown_apn
    # The subscription: permanent, ask the operator.
    Row(_V(TYPE_3GPP, 33), _SUBS, _STOP),  # option_unsubscribed
    Row(_V(TYPE_3GPP, 8), _SUBS, _STOP, _BARRED),  # operator_determined_barring
    Row(_R(1018), _SUBS, _STOP),  # gsm_wcdma_option_unsubscribed
    Row(_R(1012), _SUBS, _STOP, _BARRED),  # gsm_wcdma_operator_determined_barring
    # Coverage, congestion, throttling: back off and redial.
    Row(_V(TYPE_3GPP, 26), _LATER, _WAIT),  # insufficient_resources
    Row(_V(TYPE_3GPP, 34), _LATER, _WAIT),  # option_temporarily_out_of_order
    Row(_V(TYPE_3GPP, 38), _LATER, _WAIT),  # network_failure
    Row(_V(TYPE_3GPP, 39), _LATER, _WAIT),  # reattach_required
    Row(_V(TYPE_INTERNAL, 209), _LATER, _WAIT, _HELD_V4),  # pdn_ipv4_call_throttled
    Row(_V(TYPE_INTERNAL, 211), _LATER, _WAIT, _HELD_V6),  # pdn_ipv6_call_throttled
    Row(_V(TYPE_INTERNAL, 212), _LATER, _WAIT),  # modem_restart
    Row(_V(TYPE_INTERNAL, 215), _LATER, _WAIT),  # physical_link_close_in_progress
    Row(_V(TYPE_CM, 1015), _LATER, _WAIT),  # congestion
    Row(_V(TYPE_CM, 2001), _LATER, _WAIT),  # no_service
    Row(_V(TYPE_CM, 2002), _LATER, _WAIT),  # fade
    Row(_V(TYPE_CM, 2005), _LATER, _WAIT),  # access_failure
    Row(_R(3), _LATER, _WAIT),  # generic_no_service
    Row(_R(4), _LATER, _WAIT),  # generic_fade
    Row(_R(6), _LATER, _WAIT),  # generic_access_attempt_in_progress
    Row(_R(7), _LATER, _WAIT),  # generic_access_failure
    Row(_R(8), _LATER, _WAIT),  # generic_redirection_or_handoff
    Row(_R(515), _LATER, _WAIT),  # cdma_no_service
    Row(_R(1002), _LATER, _WAIT),  # gsm_wcdma_no_service
    Row(_R(1005), _LATER, _WAIT),  # gsm_wcdma_insufficient_resources
    Row(_R(1006), _LATER, _WAIT),  # gsm_wcdma_option_temporarily_out_of_order
    Row(_R(1009), _LATER, _WAIT),  # gsm_wcdma_network_failure
    Row(_R(1010), _LATER, _WAIT),  # gsm_wcdma_reattach_required
    # Refusals without a specific cause: words only; any row above wins over these.
    Row(_V(TYPE_3GPP, 30), _OTHER, _WAIT, _REJECTED),  # ggsn_reject
    Row(_V(TYPE_3GPP, 31), _OTHER, _WAIT, _REJECTED),  # activation_reject
    Row(_R(1015), _OTHER, _WAIT, _REJECTED),  # gsm_wcdma_ggsn_reject
    Row(_R(1016), _OTHER, _WAIT, _REJECTED),  # gsm_wcdma_activation_reject
)


# --- Looking facts up ---------------------------------------------------------------


@frozen
class Verdict:
    """A judged call failure: the facts, their kind, the rule to follow, advice to log."""

    end: CallEnd
    kind: Kind
    rule: Rule
    meaning: str

    @property
    def reason(self) -> str:
        """The modem's reasons in short form, e.g. ``3gpp:unknown_apn (27)``."""
        return self.end.reason

    @property
    def allowed_family(self) -> int | None:
        return self.end.allowed_family

    def __str__(self) -> str:
        if self.reason in self.meaning:
            return self.meaning
        return f"{self.meaning} [{self.reason}]"


class TableError(ValueError):
    """A table of failures that cannot be looked up unambiguously."""


_Key = tuple[Verbose | CallEndReason, int | None]


class Table:
    """Rows indexed for lookup; ``TABLE`` is the one the daemon uses."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = tuple(rows)
        self._index: dict[_Key, Row] = {}
        for row in self.rows:
            key = (row.match, row.family)
            if key in self._index:
                raise TableError(f"two rows for {row.match} (family {row.family})")
            if row.rule is Rule.GIVE_UP and row.kind not in GIVE_UP:
                raise TableError(f"{row.match}: kind {row.kind} has no message to give up with")
            self._index[key] = row

    def row_for(self, end: CallEnd, family: int | None = None) -> Row | None:
        """The row that decides ``end`` for the call of ``family``, or None."""
        keys: list[Verbose | CallEndReason] = []
        if end.verbose is not None:
            keys.append(Verbose(*end.verbose))
        if end.call_end_reason is not None:
            keys.append(CallEndReason(end.call_end_reason))
        found: list[Row] = []
        for key in keys:  # the verbose reason first
            row = self._index.get((key, family)) if family is not None else None
            row = row or self._index.get((key, None))
            if row is not None:
                found.append(row)
        for row in found:
            if row.kind is not Kind.OTHER:
                return row
        return found[0] if found else None

    def judge(self, end: CallEnd, *, family: int | None = None, apn: str | None = None) -> Verdict:
        """The verdict on ``end``; ``apn`` only words the advice."""
        row = self.row_for(end, family)
        if row is None:
            kind, rule = Kind.OTHER, Rule.BACKOFF
            template = KIND_ADVICE[kind] if end.given else NO_REASON
        else:
            kind, rule = row.kind, row.rule
            template = row.advice or KIND_ADVICE[kind]
        meaning = template.format(apn=_apn_phrase(apn), reason=end.reason)
        return Verdict(end, kind, rule, meaning)


def _apn_phrase(apn: str | None) -> str:
    if apn is None:
        return "the APN"
    if apn == "":
        return "the empty APN (the modem's default)"
    return f"APN {apn!r}"


# --- What the planner tells the user when a rule runs out or moves on ------------------

GIVE_UP: dict[Kind, tuple[ErrorCode, str]] = {
    Kind.UNKNOWN_APN: (
        ErrorCode.UNKNOWN_APN,
        "the network does not know APN {apn!r} ({reason}): set option apn to your operator's APN",
    ),
    Kind.NOT_SUBSCRIBED: (
        ErrorCode.NOT_SUBSCRIBED,
        "the subscription does not include data on APN {apn!r} ({reason}): "
        "check the APN and the data plan with the operator",
    ),
}


def gave_up(verdict: Verdict, *, apn: str) -> LinkError:
    """The permanent error for a ``GIVE_UP`` verdict (``apn``: the option's value)."""
    code, template = GIVE_UP[verdict.kind]
    return LinkError(code, template.format(apn=apn, reason=verdict.reason), permanent=True)


def family_dropped(other: int, reason: str) -> str:
    """The note when an IPV4V6 call carries on with ``other`` family only."""
    only = "IPv4" if other == 4 else "IPv6"
    pdptype = "IP" if other == 4 else "IPV6"
    return (
        f"the network allows {only} only ({reason}); continuing with {only}. "
        f"Set pdptype '{pdptype}' to skip this attempt"
    )


def pdp_type_rejected(
    pdptype: str, family: int, verdict: Verdict, *, could_fall_back: bool
) -> LinkError:
    """The permanent error when no IP family is left to try."""
    hint = "set pdptype 'IPV6'" if verdict.allowed_family == 6 else "set pdptype 'IP'"
    if could_fall_back:
        hint += " (or enable the PDP type fallback)"
    return LinkError(
        ErrorCode.PDP_TYPE_REJECTED,
        f"the network rejects PDP type {pdptype} for IPv{family} ({verdict.reason}): {hint}",
        permanent=True,
    )


def auth_next(tried: str, nxt: str, *, placeholder: bool, reason: str) -> str:
    """The note when the auth ladder climbs from ``tried`` to ``nxt``."""
    creds = " with placeholder credentials" if placeholder else ""
    return f"authentication {tried} rejected ({reason}); trying {nxt}{creds}"


def auth_rejected(reason: str, *, after_ladder: bool) -> LinkError:
    """The permanent error when the auth ladder is off or has no rung left."""
    tried = " after trying none, PAP, CHAP and both" if after_ladder else ""
    return LinkError(
        ErrorCode.AUTH_FAILED,
        f"the network rejected authentication{tried} ({reason}): set options "
        "auth, username and password to the values from your operator",
        permanent=True,
    )


def call_failed(attempt: str, reason: str) -> LinkError:
    """The transient error for a failure the runner backs off from and redials."""
    return LinkError(ErrorCode.CALL_FAILED, f"{attempt} failed: {reason}")


TABLE = Table(ROWS)
judge = TABLE.judge
