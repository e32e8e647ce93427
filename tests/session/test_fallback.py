from pyqmi.session.errors import ErrorCode
from pyqmi.session.fallback import (
    Auth,
    Backoff,
    CallPlanner,
    DropFamily,
    Failure,
    GiveUp,
    PdpType,
    Retry,
    backoff_delay,
)


def planner(pdp: PdpType = PdpType.IPV4V6, auth: Auth = Auth.NONE, **kw: bool) -> CallPlanner:
    return CallPlanner(pdp, auth, "internet", have_credentials=False, **kw)


def test_dual_stack_plans_two_calls() -> None:
    assert planner().families() == [4, 6]
    assert planner(PdpType.IP).families() == [4]


def test_ipv4_only_network_drops_ipv6_once() -> None:
    p = planner()
    out = p.failed(6, Failure.IPV4_ONLY, "3gpp cause 50")
    assert isinstance(out, DropFamily) and out.family == 6
    assert "pdptype 'IP'" in out.note
    assert p.families() == [4]
    # Dropping is final: rejecting IPv4 now gives up instead of looping.
    out2 = p.failed(4, Failure.IPV6_ONLY, "3gpp cause 51")
    assert isinstance(out2, GiveUp) and out2.error.code is ErrorCode.PDP_TYPE_REJECTED


def test_pdp_fallback_can_be_turned_off() -> None:
    out = planner(fallback_pdp=False).failed(6, Failure.IPV4_ONLY, "cause 50")
    assert isinstance(out, GiveUp)
    assert "set pdptype 'IP'" in out.error.message


def test_auth_ladder_climbs_and_ends() -> None:
    p = planner(PdpType.IP)
    seen = [p.attempt(4).auth]
    for _ in range(3):
        out = p.failed(4, Failure.AUTH_FAILED, "3gpp cause 29")
        assert isinstance(out, Retry)
        assert out.attempt.placeholder_credentials
        seen.append(out.attempt.auth)
    assert seen == [Auth.NONE, Auth.PAP, Auth.CHAP, Auth.BOTH]
    final = p.failed(4, Failure.AUTH_FAILED, "3gpp cause 29")
    assert isinstance(final, GiveUp)
    assert final.error.code is ErrorCode.AUTH_FAILED and final.error.permanent


def test_auth_fallback_off_gives_up_at_once() -> None:
    out = planner(PdpType.IP, fallback_auth=False).failed(4, Failure.AUTH_FAILED, "29")
    assert isinstance(out, GiveUp)


def test_unknown_apn_names_the_option() -> None:
    out = planner().failed(4, Failure.UNKNOWN_APN, "3gpp cause 27")
    assert isinstance(out, GiveUp)
    assert "option apn" in out.error.message and "'internet'" in out.error.message


def test_transient_failure_backs_off() -> None:
    out = planner().failed(4, Failure.TRANSIENT, "no service")
    assert isinstance(out, Backoff) and out.error.code is ErrorCode.CALL_FAILED


def test_backoff_is_capped_exponential() -> None:
    delays = [backoff_delay(n, 1.0, 30.0) for n in range(0, 8)]
    assert delays == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert backoff_delay(3, 1.0, 30.0, jitter=0.5) == 4.4
    assert backoff_delay(100, 1.0, 30.0, jitter=0.99) == 30.0
