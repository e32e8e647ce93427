from pyqmi.qmi.callend import TYPE_3GPP, CallEnd
from pyqmi.session.errors import ErrorCode
from pyqmi.session.failures import Verdict, judge
from pyqmi.session.fallback import (
    Auth,
    Backoff,
    CallPlanner,
    DropFamily,
    GiveUp,
    PdpType,
    Retry,
    backoff_delay,
)

# What modems send (3GPP cause with generic_unspecified); seed 000 is the ZTE MF821's 50 and 29.
IPV4_ONLY = judge(CallEnd(1, TYPE_3GPP, 50))
IPV6_ONLY = judge(CallEnd(1, TYPE_3GPP, 51))
SINGLE_BEARER = judge(CallEnd(1, TYPE_3GPP, 52))
AUTH_FAILED = judge(CallEnd(1, TYPE_3GPP, 29))
UNKNOWN_APN = judge(CallEnd(1, TYPE_3GPP, 27))
NOT_SUBSCRIBED = judge(CallEnd(1, TYPE_3GPP, 33))
NO_SERVICE = judge(CallEnd(3, None, None))
NO_REASON = judge(CallEnd())


def planner(
    pdp: PdpType = PdpType.IPV4V6,
    auth: Auth = Auth.NONE,
    *,
    fallback_pdp: bool = True,
    fallback_auth: bool = True,
) -> CallPlanner:
    return CallPlanner(
        pdp, auth, "internet", False, fallback_pdp=fallback_pdp, fallback_auth=fallback_auth
    )


def test_dual_stack_plans_two_calls() -> None:
    assert planner().families() == [4, 6]
    assert planner(PdpType.IP).families() == [4]


def test_ipv4_only_network_drops_ipv6_once() -> None:
    p = planner()
    out = p.failed(6, IPV4_ONLY)
    assert isinstance(out, DropFamily) and out.family == 6
    assert out.note == (
        "the network allows IPv4 only (3gpp:ipv4_only_allowed (50), generic_unspecified (1)); "
        "continuing with IPv4. Set pdptype 'IP' to skip this attempt"
    )
    assert p.families() == [4]
    # Dropping is final: rejecting IPv4 now gives up instead of looping.
    out2 = p.failed(4, IPV6_ONLY)
    assert isinstance(out2, GiveUp) and out2.error.code is ErrorCode.PDP_TYPE_REJECTED
    assert out2.error.message == (
        "the network rejects PDP type IPV4V6 for IPv4 "
        "(3gpp:ipv6_only_allowed (51), generic_unspecified (1)): set pdptype 'IPV6'"
    )
    assert out2.error.permanent


def test_pdp_fallback_can_be_turned_off() -> None:
    out = planner(fallback_pdp=False).failed(6, IPV4_ONLY)
    assert isinstance(out, GiveUp)
    assert out.error.message.endswith(": set pdptype 'IP' (or enable the PDP type fallback)")


def test_pdp_rejection_without_a_family_suggests_ip() -> None:
    out = planner(PdpType.IPV6).failed(6, SINGLE_BEARER)
    assert isinstance(out, GiveUp)
    assert out.error.message == (
        "the network rejects PDP type IPV6 for IPv6 "
        "(3gpp:single_address_bearer_only (52), generic_unspecified (1)): set pdptype 'IP'"
    )


def test_auth_ladder_climbs_and_ends() -> None:
    p = planner(PdpType.IP)
    seen = [p.attempt(4).auth]
    notes = []
    for _ in range(3):
        out = p.failed(4, AUTH_FAILED)
        assert isinstance(out, Retry)
        assert out.attempt.placeholder_credentials
        seen.append(out.attempt.auth)
        notes.append(out.note)
    assert seen == [Auth.NONE, Auth.PAP, Auth.CHAP, Auth.BOTH]
    reason = "3gpp:authentication_failed (29), generic_unspecified (1)"
    assert notes[0] == (
        f"authentication none rejected ({reason}); trying pap with placeholder credentials"
    )
    final = p.failed(4, AUTH_FAILED)
    assert isinstance(final, GiveUp)
    assert final.error.code is ErrorCode.AUTH_FAILED and final.error.permanent
    assert final.error.message == (
        f"the network rejected authentication after trying none, PAP, CHAP and both ({reason}): "
        "set options auth, username and password to the values from your operator"
    )


def test_auth_ladder_with_credentials_uses_them() -> None:
    p = CallPlanner(PdpType.IP, Auth.NONE, "internet", have_credentials=True)
    out = p.failed(4, AUTH_FAILED)
    assert isinstance(out, Retry) and not out.attempt.placeholder_credentials
    assert out.note.endswith("; trying pap")


def test_auth_fallback_off_gives_up_at_once() -> None:
    out = planner(PdpType.IP, fallback_auth=False).failed(4, AUTH_FAILED)
    assert isinstance(out, GiveUp)
    assert out.error.message.startswith("the network rejected authentication (3gpp:")


def test_unknown_apn_names_the_option() -> None:
    out = planner().failed(4, UNKNOWN_APN)
    assert isinstance(out, GiveUp)
    assert "option apn" in out.error.message and "'internet'" in out.error.message
    assert out.error.code is ErrorCode.UNKNOWN_APN and out.error.permanent


def test_not_subscribed_gives_up() -> None:
    out = planner().failed(6, NOT_SUBSCRIBED)
    assert isinstance(out, GiveUp)
    assert out.error.code is ErrorCode.NOT_SUBSCRIBED and out.error.permanent


def _backoff(verdict: Verdict) -> Backoff:
    out = planner().failed(4, verdict)
    assert isinstance(out, Backoff)
    return out


def test_transient_failure_backs_off() -> None:
    out = _backoff(NO_SERVICE)
    assert out.error.code is ErrorCode.CALL_FAILED and not out.error.permanent
    assert out.error.message == "IPv4 auth=none failed: generic_no_service (3)"


def test_unexplained_failure_backs_off_too() -> None:
    assert _backoff(NO_REASON).error.message == "IPv4 auth=none failed: no reason given"


def test_backoff_is_capped_exponential() -> None:
    delays = [backoff_delay(n, 1.0, 30.0) for n in range(0, 8)]
    assert delays == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert backoff_delay(3, 1.0, 30.0, jitter=0.5) == 4.4
    assert backoff_delay(100, 1.0, 30.0, jitter=0.99) == 30.0


def test_retry_after_backs_off_until_max_attempts_and_never_for_permanent() -> None:
    from pyqmi.config.slices import Waits
    from pyqmi.session.fallback import retry_after

    waits = Waits(
        timeout=0,
        registration_timeout=0,
        delay=0,
        retry_backoff_min=2,
        retry_backoff_max=5,
        max_attempts=3,
    )
    assert [retry_after(n, waits, 0.0, permanent=False) for n in (1, 2, 3)] == [2.0, 4.0, None]
    assert retry_after(1, waits, 0.0, permanent=True) is None
    unbounded = Waits(0, 0, 0, 2, 5, 0)
    assert retry_after(50, unbounded, 0.0, permanent=False) == 5.0
