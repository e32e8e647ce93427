"""Each failure rule against the simulated modem that triggers it: facts, table, planner.

The loop below is the daemon's connect loop without I/O: ask the planner for an attempt,
send it to the simulator as a start_network request, read the facts of a refusal
(``qmi.callend``), judge them (``session.failures``) and hand the verdict to the planner.
A new fallback rule is one row in ``session/failures.py`` plus one scenario in
``sim/scenarios.py``, checked by one case here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from pyqmi.qmi import callend
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.failures import ROWS, TABLE, Kind, Row, Rule, Table, Verbose
from pyqmi.session.fallback import (
    PLACEHOLDER_PASSWORD,
    PLACEHOLDER_USERNAME,
    Auth,
    CallAttempt,
    CallPlanner,
    DropFamily,
    PdpType,
    Retry,
)

from .simdriver import Driver


@dataclass
class Run:
    attempts: list[tuple[int, str, str]] = field(default_factory=list)  # family, auth, result
    notes: list[str] = field(default_factory=list)
    error: LinkError | None = None


def _request(attempt: CallAttempt, apn: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "ip_family_preference": "ipv4" if attempt.family == 4 else "ipv6",
        "authentication_preference": str(attempt.auth),
    }
    if apn:
        values["apn"] = apn
    if attempt.placeholder_credentials:
        values["username"], values["password"] = PLACEHOLDER_USERNAME, PLACEHOLDER_PASSWORD
    return values


def connect(
    name: str,
    pdptype: PdpType,
    auth: Auth,
    apn: str = "internet",
    table: Table = TABLE,
    **overrides: Any,
) -> Run:
    """Connect every family the planner wants against scenario ``name``."""
    d = Driver(name, **overrides)
    planner = CallPlanner(pdptype, auth, apn, have_credentials=False)
    run = Run()
    for family in list(planner.families()):
        cid = d.cid("wds")
        for _ in range(len(Auth) + 1):  # the ladder has four rungs: never more attempts
            attempt = planner.attempt(family)
            reply = d.request("wds", "start_network", _request(attempt, apn), cid)
            assert reply.response is not None and reply.response.result is not None
            if reply.response.result.ok:
                run.attempts.append((family, str(attempt.auth), "connected"))
                break
            end = callend.from_message(reply.response)
            verdict = table.judge(end, family=family, apn=apn)
            run.attempts.append((family, str(attempt.auth), str(verdict.kind)))
            outcome = planner.failed(family, verdict)
            if isinstance(outcome, Retry):
                continue
            if isinstance(outcome, DropFamily):
                run.notes.append(outcome.note)
                break
            run.error = outcome.error
            return run
        else:
            pytest.fail("the planner looped")
    return run


def test_zte_mf821_ipv4_only_and_the_auth_ladder() -> None:
    """Seed 000: IPV4V6 with auth none; 3GPP 29 climbs to PAP, 3GPP 50 drops IPv6."""
    run = connect("zte-mf821", PdpType.IPV4V6, Auth.NONE)
    assert run.attempts == [
        (4, "none", "auth_failed"),
        (4, "pap", "connected"),
        (6, "pap", "pdp_type_rejected"),
    ]
    assert run.error is None
    assert len(run.notes) == 1 and "Set pdptype 'IP' to skip this attempt" in run.notes[0]


def test_zte_mf821_ipv6_only_config_gives_up_naming_pdptype() -> None:
    run = connect("zte-mf821", PdpType.IPV6, Auth.NONE)
    assert run.attempts == [(6, "none", "pdp_type_rejected")]
    assert run.error is not None and run.error.code is ErrorCode.PDP_TYPE_REJECTED
    assert run.error.message.endswith(": set pdptype 'IP'")


def test_unknown_apn_gives_up_at_once() -> None:
    run = connect("unknown-apn", PdpType.IP, Auth.NONE, apn="wrong.apn")
    assert run.attempts == [(4, "none", "unknown_apn")]
    assert run.error is not None and run.error.code is ErrorCode.UNKNOWN_APN
    assert run.error.permanent and "'wrong.apn'" in run.error.message


def test_not_subscribed_gives_up_at_once() -> None:
    run = connect("not-subscribed", PdpType.IPV4V6, Auth.NONE)
    assert run.attempts == [(4, "none", "not_subscribed")]
    assert run.error is not None and run.error.code is ErrorCode.NOT_SUBSCRIBED
    assert run.error.message == (
        "the subscription does not include data on APN 'internet' "
        "(3gpp:option_unsubscribed (33), generic_unspecified (1)): "
        "check the APN and the data plan with the operator"
    )


def test_the_default_modem_connects_both_families_first_time() -> None:
    run = connect("default", PdpType.IPV4V6, Auth.NONE)
    assert run.attempts == [(4, "none", "connected"), (6, "none", "connected")]


def test_a_new_rule_is_one_row_and_one_scenario() -> None:
    """An operator whose plan has no IPv6 refuses the IPv6 call with 3GPP cause 33."""
    no_ipv6: dict[str, Any] = {"reject_cause": 33, "reject_families": (6,)}  # the scenario
    today = connect("default", PdpType.IPV4V6, Auth.NONE, **no_ipv6)
    assert today.attempts == [(4, "none", "connected"), (6, "none", "not_subscribed")]
    assert today.error is not None and today.error.code is ErrorCode.NOT_SUBSCRIBED
    row = Row(Verbose(6, 33), Kind.NOT_SUBSCRIBED, Rule.DROP_FAMILY, family=6)  # the row
    run = connect("default", PdpType.IPV4V6, Auth.NONE, table=Table((*ROWS, row)), **no_ipv6)
    assert run.attempts == today.attempts
    assert run.error is None
    assert run.notes == [
        "the network allows IPv4 only (3gpp:option_unsubscribed (33), generic_unspecified (1)); "
        "continuing with IPv4. Set pdptype 'IP' to skip this attempt"
    ]
