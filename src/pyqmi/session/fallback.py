"""Data-call attempts and their fallbacks, as data and pure functions.

Theory of operation
-------------------
``CallPlanner`` holds, per IP family, the attempt to make next.  After each
failed attempt the daemon hands it the verdict of ``session.failures`` on the
modem's call-end reason; the verdict's rule decides, and the planner gets back
one of:

- ``Retry(attempt)``: try again at once with changed settings (a fallback);
- ``DropFamily(note)``: this family cannot work here; carry on without it;
- ``GiveUp(error)``: nothing left to try; the error says what to change;
- ``Backoff(error)``: a transient failure; wait ``backoff_delay()`` and retry.

Fallbacks never loop: the auth ladder only climbs, a family is dropped once,
and the same (family, auth) pair is never tried twice in one round.  Every
sentence the user reads is worded in ``session.failures``.
"""

from __future__ import annotations

import enum

from pyqmi.config.slices import Waits
from pyqmi.frozen import field, frozen, mutable
from pyqmi.session import failures
from pyqmi.session.errors import LinkError
from pyqmi.session.failures import Rule, Verdict

PLACEHOLDER_USERNAME = "pyqmi"
PLACEHOLDER_PASSWORD = "pyqmi"


class PdpType(enum.StrEnum):
    IP = "IP"
    IPV6 = "IPV6"
    IPV4V6 = "IPV4V6"


class Auth(enum.StrEnum):
    NONE = "none"
    PAP = "pap"
    CHAP = "chap"
    BOTH = "both"


AUTH_LADDER = (Auth.NONE, Auth.PAP, Auth.CHAP, Auth.BOTH)


@frozen
class CallAttempt:
    family: int  # 4 or 6
    auth: Auth
    placeholder_credentials: bool = False

    def describe(self) -> str:
        creds = ", placeholder credentials" if self.placeholder_credentials else ""
        return f"IPv{self.family} auth={self.auth}{creds}"


@frozen
class Retry:
    attempt: CallAttempt
    note: str


@frozen
class DropFamily:
    family: int
    note: str


@frozen
class GiveUp:
    error: LinkError


@frozen
class Backoff:
    error: LinkError


Outcome = Retry | DropFamily | GiveUp | Backoff


@mutable
class CallPlanner:
    pdptype: PdpType
    auth: Auth
    apn: str
    have_credentials: bool
    fallback_pdp: bool = True
    fallback_auth: bool = True
    _current: dict[int, CallAttempt] = field(default_factory=dict)
    _dropped: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        for family in self.families():
            self._current[family] = self._first(family)

    def families(self) -> list[int]:
        wanted = {PdpType.IP: [4], PdpType.IPV6: [6], PdpType.IPV4V6: [4, 6]}[self.pdptype]
        return [f for f in wanted if f not in self._dropped]

    def attempt(self, family: int) -> CallAttempt:
        return self._current[family]

    def _first(self, family: int) -> CallAttempt:
        placeholder = self.auth is not Auth.NONE and not self.have_credentials
        return CallAttempt(family, self.auth, placeholder)

    def failed(self, family: int, verdict: Verdict) -> Outcome:
        """What to do after the attempt for ``family`` failed as ``verdict`` says."""
        attempt = self._current[family]
        if verdict.rule is Rule.DROP_FAMILY:
            return self._pdp_rejected(family, verdict)
        if verdict.rule is Rule.AUTH_LADDER:
            return self._auth_failed(attempt, verdict.reason)
        if verdict.rule is Rule.GIVE_UP:
            return GiveUp(failures.gave_up(verdict, apn=self.apn))
        return Backoff(failures.call_failed(attempt.describe(), verdict.reason))

    def _pdp_rejected(self, family: int, verdict: Verdict) -> Outcome:
        other = 6 if family == 4 else 4
        if self.pdptype is PdpType.IPV4V6 and self.fallback_pdp and other in self.families():
            self._dropped.add(family)
            return DropFamily(family, failures.family_dropped(other, verdict.reason))
        off = self.pdptype is PdpType.IPV4V6 and not self.fallback_pdp
        error = failures.pdp_type_rejected(self.pdptype, family, verdict, could_fall_back=off)
        return GiveUp(error)

    def _auth_failed(self, attempt: CallAttempt, reason: str) -> Outcome:
        rung = AUTH_LADDER.index(attempt.auth)
        if not self.fallback_auth or rung + 1 >= len(AUTH_LADDER):
            return GiveUp(failures.auth_rejected(reason, after_ladder=self.fallback_auth))
        nxt = AUTH_LADDER[rung + 1]
        retry = CallAttempt(attempt.family, nxt, placeholder_credentials=not self.have_credentials)
        for family in self._current:
            self._current[family] = CallAttempt(family, nxt, retry.placeholder_credentials)
        note = failures.auth_next(
            attempt.auth, nxt, placeholder=retry.placeholder_credentials, reason=reason
        )
        return Retry(retry, note)


def backoff_delay(failures: int, minimum: float, maximum: float, jitter: float = 0.0) -> float:
    """Capped exponential backoff: minimum * 2**(failures-1), at most maximum.

    ``jitter`` in [0, 1) spreads retries by up to 20 % so routers that lost the
    same cell do not all redial in step; the caller passes a random number.
    """
    if failures <= 0:
        return 0.0
    base = min(maximum, minimum * float(2 ** min(failures - 1, 30)))
    return min(maximum, base * (1.0 + 0.2 * jitter))


def retry_after(failures: int, waits: Waits, jitter: float, *, permanent: bool) -> float | None:
    """Seconds before the next attempt after ``failures`` in a row; None: give up.

    A permanent failure is never retried; option ``max_attempts`` (0: no limit) bounds the rest.
    """
    if permanent or (waits.max_attempts > 0 and failures >= waits.max_attempts):
        return None
    low, high = float(waits.retry_backoff_min), float(waits.retry_backoff_max)
    return backoff_delay(failures, low, high, jitter)
