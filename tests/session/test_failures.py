"""The one table of failures: facts in, a kind, a rule and the user's sentence out."""

from __future__ import annotations

import pytest

from pyqmi.qmi.callend import (
    CALL_END_REASONS,
    TYPE_3GPP,
    TYPE_CM,
    TYPE_INTERNAL,
    TYPE_PPP,
    VERBOSE_REASONS,
    CallEnd,
)
from pyqmi.session import failures
from pyqmi.session.errors import ErrorCode
from pyqmi.session.failures import (
    KIND_ADVICE,
    NO_REASON,
    ROWS,
    TABLE,
    CallEndReason,
    Kind,
    Row,
    Rule,
    Table,
    TableError,
    Verbose,
    judge,
)
from pyqmi.session.fallback import Auth, CallPlanner, DropFamily, GiveUp, PdpType


def _facts(row: Row) -> CallEnd:
    """What a modem sends for the row: a verbose cause comes with generic_unspecified (1)."""
    if isinstance(row.match, Verbose):
        return CallEnd(1, row.match.type, row.match.cause)
    return CallEnd(row.match.reason, None, None)


# --- every row is reached ------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.match}-{r.kind}" for r in ROWS])
def test_every_row_is_reached_by_the_facts_it_names(row: Row) -> None:
    verdict = judge(_facts(row), family=row.family, apn="internet")
    assert (verdict.kind, verdict.rule) == (row.kind, row.rule)
    template = row.advice or KIND_ADVICE[row.kind]
    assert verdict.meaning == template.format(apn="APN 'internet'", reason=verdict.reason)
    assert TABLE.row_for(_facts(row), row.family) is row


def test_rows_name_reasons_that_have_names() -> None:
    for row in ROWS:
        if isinstance(row.match, Verbose):
            assert row.match.cause in VERBOSE_REASONS[row.match.type], row
        else:
            assert row.match.reason in CALL_END_REASONS, row


def test_rules_follow_the_kind_today() -> None:
    expected = {
        Kind.PDP_TYPE_REJECTED: Rule.DROP_FAMILY,
        Kind.AUTH_FAILED: Rule.AUTH_LADDER,
        Kind.UNKNOWN_APN: Rule.GIVE_UP,
        Kind.NOT_SUBSCRIBED: Rule.GIVE_UP,
        Kind.TRANSIENT: Rule.BACKOFF,
        Kind.OTHER: Rule.BACKOFF,
    }
    assert {row.kind: row.rule for row in ROWS} == expected


def test_kind_values_are_the_stable_status_strings() -> None:
    assert [k.value for k in Kind] == [
        "pdp_type_rejected",
        "auth_failed",
        "unknown_apn",
        "not_subscribed",
        "transient",
        "other",
    ]
    assert set(KIND_ADVICE) == set(Kind)


# --- what the user reads, exactly as before ---------------------------------------


def test_zte_mf821_ipv4_only_then_auth() -> None:
    """Seed 000: the MF821 refuses IPv4v6 with 3GPP 50, then auth none with 29."""
    only_v4 = judge(CallEnd(1, TYPE_3GPP, 50), family=6, apn="internet")
    assert (only_v4.kind, only_v4.rule, only_v4.allowed_family) == (
        Kind.PDP_TYPE_REJECTED,
        Rule.DROP_FAMILY,
        4,
    )
    assert (
        only_v4.meaning
        == "the network allows only IPv4 on APN 'internet': set option pdptype to ip"
    )
    assert only_v4.reason == "3gpp:ipv4_only_allowed (50), generic_unspecified (1)"
    auth = judge(CallEnd(1, TYPE_3GPP, 29), family=4, apn="corp")
    assert (auth.kind, auth.rule) == (Kind.AUTH_FAILED, Rule.AUTH_LADDER)
    assert auth.meaning == (
        "the network refused the login for APN 'corp': check options username, password and auth"
    )


def test_ipv6_only_and_single_bearer_advice() -> None:
    only_v6 = judge(CallEnd(1, TYPE_3GPP, 51), apn="x")
    assert only_v6.meaning.endswith("set option pdptype to ipv6")
    assert only_v6.allowed_family == 6
    single = judge(CallEnd(1, TYPE_3GPP, 52), apn="x")
    assert single.meaning == (
        "the network allows only one IP version at a time on APN 'x': "
        "set option pdptype to ip or ipv6"
    )
    assert single.allowed_family is None
    mismatch = judge(CallEnd(None, TYPE_INTERNAL, 231), apn="x")
    assert (
        mismatch.meaning
        == "the network refused the requested IP type on APN 'x': check option pdptype"
    )


def test_unknown_apn_names_the_apn_and_the_option() -> None:
    verdict = judge(CallEnd(1, TYPE_3GPP, 27), apn="web.provider")
    assert (verdict.kind, verdict.rule) == (Kind.UNKNOWN_APN, Rule.GIVE_UP)
    assert verdict.meaning == "the network does not know APN 'web.provider': check option apn"
    assert str(verdict) == (
        "the network does not know APN 'web.provider': check option apn "
        "[3gpp:unknown_apn (27), generic_unspecified (1)]"
    )


def test_not_subscribed() -> None:
    verdict = judge(CallEnd(1, TYPE_3GPP, 33), apn="ims")
    assert (verdict.kind, verdict.rule) == (Kind.NOT_SUBSCRIBED, Rule.GIVE_UP)
    assert verdict.meaning == (
        "the SIM's subscription does not allow APN 'ims': check option apn or ask the operator"
    )
    barred = judge(CallEnd(1, TYPE_3GPP, 8))
    assert barred.meaning == "the operator has barred data for this SIM: ask the operator"


def test_transient_and_throttled() -> None:
    no_service = judge(CallEnd(3, None, None))
    assert (no_service.kind, no_service.rule) == (Kind.TRANSIENT, Rule.BACKOFF)
    assert (
        no_service.meaning
        == "temporary failure, retrying later may succeed: generic_no_service (3)"
    )
    assert str(no_service) == no_service.meaning  # the reason is not repeated
    assert judge(CallEnd(None, TYPE_CM, 2001)).kind is Kind.TRANSIENT
    held = judge(CallEnd(None, TYPE_INTERNAL, 209))
    assert held.meaning == "the modem is holding back IPv4 calls after failures: retry later"


def test_verbose_cause_wins_over_call_end_reason() -> None:
    # Legacy says "authentication failed", the network's cause says unknown APN.
    assert judge(CallEnd(10, TYPE_3GPP, 27)).kind is Kind.UNKNOWN_APN


def test_a_wording_only_row_yields_to_a_call_end_reason_with_a_kind() -> None:
    verdict = judge(CallEnd(10, TYPE_3GPP, 31))  # activation_reject has no kind of its own
    assert (verdict.kind, verdict.rule) == (Kind.AUTH_FAILED, Rule.AUTH_LADDER)
    assert "username" in verdict.meaning


def test_refusal_without_a_cause_is_worded_and_backed_off() -> None:
    verdict = judge(CallEnd(1, TYPE_3GPP, 31), apn="internet")
    assert (verdict.kind, verdict.rule) == (Kind.OTHER, Rule.BACKOFF)
    assert verdict.meaning == (
        "the network rejected the data call on APN 'internet' without a specific cause: "
        "check options apn, username, password and pdptype"
    )
    assert judge(CallEnd(1016, None, None), apn="internet").meaning == verdict.meaning


def test_unknown_numbers_are_other_and_backed_off() -> None:
    verdict = judge(CallEnd(31337, 99, 12345))
    assert (verdict.kind, verdict.rule) == (Kind.OTHER, Rule.BACKOFF)
    assert verdict.meaning == (
        "the data call failed: unknown_type_99:unknown_12345 (12345), unknown_31337 (31337)"
    )
    assert str(verdict) == verdict.meaning
    assert judge(CallEnd(2, None, None)).kind is Kind.OTHER  # generic_client_end


def test_no_reason_at_all() -> None:
    verdict = judge(CallEnd())
    assert (verdict.kind, verdict.rule, verdict.meaning) == (Kind.OTHER, Rule.BACKOFF, NO_REASON)
    assert str(verdict) == f"{NO_REASON} [no reason given]"


def test_apn_wording() -> None:
    assert "the APN" in judge(CallEnd(None, TYPE_3GPP, 27)).meaning
    assert (
        "the empty APN (the modem's default)" in judge(CallEnd(None, TYPE_3GPP, 27), apn="").meaning
    )
    assert "APN '{reason}'" in judge(CallEnd(None, TYPE_3GPP, 27), apn="{reason}").meaning


def test_ppp_authentication_from_a_drop() -> None:
    assert judge(CallEnd(10, TYPE_PPP, 2)).rule is Rule.AUTH_LADDER


# --- giving up -----------------------------------------------------------------------


def test_give_up_messages_name_the_option() -> None:
    apn = failures.gave_up(judge(CallEnd(1, TYPE_3GPP, 27)), apn="wrong.apn")
    assert (apn.code, apn.permanent) == (ErrorCode.UNKNOWN_APN, True)
    assert apn.message == (
        "the network does not know APN 'wrong.apn' (3gpp:unknown_apn (27), generic_unspecified "
        "(1)): set option apn to your operator's APN"
    )
    subs = failures.gave_up(judge(CallEnd(1018, None, None)), apn="internet")
    assert (subs.code, subs.permanent) == (ErrorCode.NOT_SUBSCRIBED, True)
    assert subs.message == (
        "the subscription does not include data on APN 'internet' "
        "(gsm_wcdma_option_unsubscribed (1018)): check the APN and the data plan with the operator"
    )


# --- the table guards itself, and a new rule is one row --------------------------------


def test_two_rows_for_the_same_reason_are_refused() -> None:
    with pytest.raises(TableError, match="two rows"):
        Table((*ROWS, Row(Verbose(TYPE_3GPP, 27), Kind.TRANSIENT, Rule.BACKOFF)))


def test_giving_up_needs_a_message() -> None:
    with pytest.raises(TableError, match="no message to give up with"):
        Table((Row(CallEndReason(3), Kind.TRANSIENT, Rule.GIVE_UP),))


def test_a_new_rule_is_one_row() -> None:
    """E.g. an operator without IPv6 in the plan refusing the IPv6 call with cause 33."""
    row = Row(
        Verbose(TYPE_3GPP, 33),
        Kind.NOT_SUBSCRIBED,
        Rule.DROP_FAMILY,
        "the plan does not include IPv6 on {apn}: set option pdptype to ip",
        family=6,
    )
    table = Table((*ROWS, row))
    end = CallEnd(1, TYPE_3GPP, 33)
    on_v6 = table.judge(end, family=6, apn="internet")
    assert on_v6.rule is Rule.DROP_FAMILY
    assert (
        on_v6.meaning
        == "the plan does not include IPv6 on APN 'internet': set option pdptype to ip"
    )
    # The IPv4 call, and a lookup without a family, keep the general row.
    assert table.judge(end, family=4).rule is Rule.GIVE_UP
    assert table.judge(end).rule is Rule.GIVE_UP
    planner = CallPlanner(PdpType.IPV4V6, Auth.NONE, "internet", have_credentials=False)
    assert isinstance(planner.failed(6, on_v6), DropFamily)
    assert planner.families() == [4]
    assert isinstance(planner.failed(4, table.judge(end, family=4)), GiveUp)
