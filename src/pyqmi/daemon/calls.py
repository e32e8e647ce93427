"""Data calls with fallbacks: one WDS client per IP family, attempts from the planner.

Every attempt is logged once with the modem's own reason and recorded for the
status object.  The planner (``session.fallback``) decides what comes next, so
this loop can neither repeat a failing attempt nor run forever.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pyqmi.config.validate import Config
from pyqmi.daemon import modem
from pyqmi.daemon.report import AttemptRecord
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.session import failures, fallback
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.transport import QmiClient

if TYPE_CHECKING:
    from pyqmi.daemon.runner import Daemon

log = logging.getLogger("pyqmi.calls")


def planner_for(config: Config) -> fallback.CallPlanner:
    """The call planner for the interface's options (pdptype, auth, APN, fallbacks)."""
    return fallback.CallPlanner(
        pdptype=fallback.PdpType(config.pdptype),
        auth=fallback.Auth(config.auth),
        apn=config.apn,
        have_credentials=bool(config.username or config.password),
        fallback_pdp=config.pdp_fallback,
        fallback_auth=config.auth_fallback,
    )


def _record(daemon: Daemon, attempt: fallback.CallAttempt, result: str, reason: str) -> None:
    daemon.facts.record(AttemptRecord(attempt.family, str(attempt.auth), result, reason))


async def _wds_client(daemon: Daemon, client: QmiClient, family: int) -> int:
    cid = daemon.wds_cids.get(family)
    if cid is not None:
        return cid
    cid = await daemon.allocate(client, "wds", new=bool(daemon.wds_cids))
    daemon.wds_cids[family] = cid
    try:
        await client.request(
            "wds", "set_ip_family", {"preference": "ipv4" if family == 4 else "ipv6"}, cid=cid
        )
    except QmiProtocolError as exc:
        log.debug("set_ip_family IPv%d: %s (the start request carries it too)", family, exc)
    return cid


async def _connect_family(
    daemon: Daemon, client: QmiClient, planner: fallback.CallPlanner, family: int
) -> modem.Call | LinkError | None:
    """Connect one family; None when it was dropped by a fallback."""
    cfg = daemon.config
    cid = await _wds_client(daemon, client, family)
    apn = cfg.apn if family == 4 else cfg.ipv6_apn
    profile = cfg.profile if family == 4 else cfg.ipv6_profile
    while True:
        attempt = planner.attempt(family)
        values = modem.start_values(
            attempt, apn, profile, cfg.username, cfg.password, cfg.autoconnect
        )
        handle, end = await modem.start_call(client, cid, values)
        if handle is not None:
            log.info("call %s connected", attempt.describe())
            _record(daemon, attempt, "connected", "")
            return modem.Call(family, cid, handle, attempt)
        assert end is not None
        failure = failures.judge(end, family=family, apn=apn)
        log.warning("call %s failed: %s (%s)", attempt.describe(), failure.meaning, failure.reason)
        _record(daemon, attempt, str(failure.kind), failure.reason)
        outcome = planner.failed(family, failure)
        if isinstance(outcome, fallback.Retry):
            log.info("%s", outcome.note)
            continue
        if isinstance(outcome, fallback.DropFamily):
            log.warning("%s", outcome.note)
            daemon.facts.notes.append(outcome.note)
            return None
        return outcome.error


async def connect_all(daemon: Daemon, client: QmiClient, planner: fallback.CallPlanner) -> None:
    """Bring up every family the planner still wants; fill in their settings."""
    daemon.facts.settings.clear()
    errors: list[LinkError] = []
    for family in list(planner.families()):
        if family in daemon.calls:
            continue
        result = await _connect_family(daemon, client, planner, family)
        if isinstance(result, LinkError):
            if result.permanent:
                raise result
            errors.append(result)
        elif result is not None:
            daemon.calls[family] = result
    if not daemon.calls:
        raise (
            errors[0]
            if errors
            else LinkError(ErrorCode.CALL_FAILED, "no data call could be started")
        )
    for err in errors:
        daemon.facts.notes.append(err.message)
    for family, call in daemon.calls.items():
        settings = await modem.read_settings(client, call.cid, family)
        if settings is None:
            raise LinkError(
                ErrorCode.CALL_FAILED,
                f"the IPv{family} call is up but the modem reports no address",
            )
        daemon.facts.settings[family] = settings
    auths = {str(c.attempt.auth) for c in daemon.calls.values()}
    daemon.facts.auth_in_use = ",".join(sorted(auths))
    families = set(daemon.calls)
    daemon.facts.pdptype_in_use = (
        "IPV4V6" if families == {4, 6} else ("IP" if 4 in families else "IPV6")
    )
