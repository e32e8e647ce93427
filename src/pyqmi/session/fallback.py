"""Data-call attempts and their fallbacks, as data and pure functions.

Theory of operation
-------------------
``CallPlanner`` holds, per IP family, the attempt to make next.  After each
failed attempt the daemon tells it the failure's category (from the modem's
call-end reason) and gets back one of:

- ``Retry(attempt)``: try again at once with changed settings (a fallback);
- ``DropFamily(note)``: this family cannot work here; carry on without it;
- ``GiveUp(error)``: nothing left to try; the error says what to change;
- ``Backoff(error)``: a transient failure; wait ``backoff_delay()`` and retry.

Fallbacks never loop: the auth ladder only climbs, a family is dropped once,
and the same (family, auth) pair is never tried twice in one round.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from pyqmi.session.errors import ErrorCode, LinkError

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


class Failure(enum.StrEnum):
    PDP_TYPE_REJECTED = "pdp_type_rejected"  # 3GPP 50/51/52, IP version mismatch
    IPV4_ONLY = "ipv4_only"  # 3GPP 50: the network allows IPv4 only
    IPV6_ONLY = "ipv6_only"  # 3GPP 51
    AUTH_FAILED = "auth_failed"
    UNKNOWN_APN = "unknown_apn"
    NOT_SUBSCRIBED = "not_subscribed"
    TRANSIENT = "transient"


@dataclass(frozen=True)
class CallAttempt:
    family: int  # 4 or 6
    auth: Auth
    placeholder_credentials: bool = False

    def describe(self) -> str:
        creds = ", placeholder credentials" if self.placeholder_credentials else ""
        return f"IPv{self.family} auth={self.auth}{creds}"


@dataclass(frozen=True)
class Retry:
    attempt: CallAttempt
    note: str


@dataclass(frozen=True)
class DropFamily:
    family: int
    note: str


@dataclass(frozen=True)
class GiveUp:
    error: LinkError


@dataclass(frozen=True)
class Backoff:
    error: LinkError


Outcome = Retry | DropFamily | GiveUp | Backoff


@dataclass
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

    def failed(self, family: int, failure: Failure, reason: str) -> Outcome:
        attempt = self._current[family]
        if failure in (Failure.IPV4_ONLY, Failure.IPV6_ONLY, Failure.PDP_TYPE_REJECTED):
            return self._pdp_rejected(family, failure, reason)
        if failure is Failure.AUTH_FAILED:
            return self._auth_failed(attempt, reason)
        if failure is Failure.UNKNOWN_APN:
            return GiveUp(
                LinkError(
                    ErrorCode.UNKNOWN_APN,
                    f"the network does not know APN {self.apn!r} ({reason}): "
                    "set option apn to your operator's APN",
                    permanent=True,
                )
            )
        if failure is Failure.NOT_SUBSCRIBED:
            return GiveUp(
                LinkError(
                    ErrorCode.NOT_SUBSCRIBED,
                    f"the subscription does not include data on APN {self.apn!r} ({reason}): "
                    "check the APN and the data plan with the operator",
                    permanent=True,
                )
            )
        return Backoff(LinkError(ErrorCode.CALL_FAILED, f"{attempt.describe()} failed: {reason}"))

    def _pdp_rejected(self, family: int, failure: Failure, reason: str) -> Outcome:
        other = 6 if family == 4 else 4
        if self.pdptype is PdpType.IPV4V6 and self.fallback_pdp and other in self.families():
            self._dropped.add(family)
            only = "IPv4" if other == 4 else "IPv6"
            return DropFamily(
                family,
                f"the network allows {only} only ({reason}); continuing with {only}. "
                f"Set pdptype '{'IP' if other == 4 else 'IPV6'}' to skip this attempt",
            )
        hint = {
            Failure.IPV4_ONLY: "set pdptype 'IP'",
            Failure.IPV6_ONLY: "set pdptype 'IPV6'",
        }.get(failure, "set pdptype 'IP'")
        if self.pdptype is PdpType.IPV4V6 and not self.fallback_pdp:
            hint += " (or enable the PDP type fallback)"
        return GiveUp(
            LinkError(
                ErrorCode.PDP_TYPE_REJECTED,
                f"the network rejects PDP type {self.pdptype} for IPv{family} ({reason}): {hint}",
                permanent=True,
            )
        )

    def _auth_failed(self, attempt: CallAttempt, reason: str) -> Outcome:
        rung = AUTH_LADDER.index(attempt.auth)
        if not self.fallback_auth or rung + 1 >= len(AUTH_LADDER):
            tried = "" if not self.fallback_auth else " after trying none, PAP, CHAP and both"
            return GiveUp(
                LinkError(
                    ErrorCode.AUTH_FAILED,
                    f"the network rejected authentication{tried} ({reason}): set options "
                    "auth, username and password to the values from your operator",
                    permanent=True,
                )
            )
        nxt = AUTH_LADDER[rung + 1]
        retry = CallAttempt(attempt.family, nxt, placeholder_credentials=not self.have_credentials)
        for family in self._current:
            self._current[family] = CallAttempt(family, nxt, retry.placeholder_credentials)
        creds = " with placeholder credentials" if retry.placeholder_credentials else ""
        note = f"authentication {attempt.auth} rejected ({reason}); trying {nxt}{creds}"
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
