"""CONNECTING: one data call per IP family the planner wants, with fallbacks, then the settings.

Each family gets its own WDS client (kept for the device session, so a redial reuses it).
Every attempt is logged once with the modem's own reason and recorded for the status object.
``session.failures`` judges the reason and ``session.fallback.CallPlanner`` decides what comes
next, so this phase can neither repeat a failing attempt nor run forever.  A permanent error
ends the phase at once; a transient one for one family lets the other carry on, and only when
no call is up does the phase fail.  The planner lives as long as the device session: a family
dropped or an auth method climbed stays so for the redials.
"""

from __future__ import annotations

import logging

from pyqmi.config.slices import CallPolicy
from pyqmi.frozen import field, frozen, mutable
from pyqmi.qmi.callend import CallEnd
from pyqmi.session import failures, fallback
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.facts import AttemptRecord, Call, CallSettings
from pyqmi.session.link_actions import Log, OpenWds, ReadSettings, StartCall
from pyqmi.session.link_errors import no_cid
from pyqmi.session.link_events import (
    CallFailed,
    CallStarted,
    Event,
    FaultKind,
    OpFailed,
    PacketStatus,
    SettingsRead,
    WdsReady,
)
from pyqmi.session.phase import Step, act, fail

LOGGER = "pyqmi.calls"


def planner_for(call: CallPolicy) -> fallback.CallPlanner:
    """The call planner for the interface's options (pdptype, auth, APN, fallbacks)."""
    return fallback.CallPlanner(
        pdptype=fallback.PdpType(call.pdptype),
        auth=fallback.Auth(call.auth),
        apn=call.apn,
        have_credentials=bool(call.username or call.password),
        fallback_pdp=call.pdp_fallback,
        fallback_auth=call.auth_fallback,
    )


@mutable
class CallSession:
    """What the calls of one device session keep between redials."""

    planner: fallback.CallPlanner
    wds: dict[int, int] = field(default_factory=dict)  # family -> its WDS client ID
    calls: dict[int, Call] = field(default_factory=dict)  # family -> the call that is up
    sim_events: bool = False  # card status indications were turned on (after link-up)

    def family_of(self, cid: int | None) -> int | None:
        """The family of our call on WDS client ``cid`` (None: any, the first call's)."""
        return next((c.family for c in self.calls.values() if cid in (None, c.cid)), None)


@frozen
class Connected:
    """What a finished CONNECTING phase found, for the facts and the report."""

    settings: dict[int, CallSettings]
    auth_in_use: str
    pdptype_in_use: str


class CallsPhase:
    def __init__(self, call: CallPolicy, session: CallSession) -> None:
        self.call = call
        self.session = session
        self._todo: list[int] = []
        self._family = 0
        self._errors: list[LinkError] = []
        self._to_read: list[Call] = []
        self._settings: dict[int, CallSettings] = {}

    wake = None

    def on_tick(self, now: float) -> Step:
        return Step()

    def start(self, now: float) -> Step:
        self._todo = [f for f in self.session.planner.families() if f not in self.session.calls]
        return self._next_family()

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case WdsReady(family=family, cid=cid):
                self.session.wds[family] = cid
                return self._attempt()
            case CallStarted(family=family, handle=handle, at=at):
                attempt = self.session.planner.attempt(family)
                cid = self.session.wds[family]
                self.session.calls[family] = Call(family, cid, handle, attempt)
                step = self._next_family()
                step.actions.insert(
                    0, Log(logging.INFO, f"call {attempt.describe()} connected", LOGGER)
                )
                step.records.insert(
                    0, AttemptRecord(family, str(attempt.auth), "connected", "", at)
                )
                return step
            case OpFailed(op=OpenWds(), fault=fault) if fault.kind is FaultKind.REFUSED:
                return fail(no_cid("wds", fault.name))
            case OpFailed(op=ReadSettings(family=family), fault=fault) if (
                fault.kind is FaultKind.REFUSED
            ):
                # The call ended between its start and this read (OUT_OF_CALL): redial on
                # the open device, as for a drop.
                self.session.calls.clear()
                text = f"the IPv{family} call ended before its settings were read ({fault.name})"
                return fail(LinkError(ErrorCode.CALL_DROPPED, text))
            case CallFailed(family=family, end=end, at=at):
                return self._failed(family, end, at)
            case PacketStatus(cid=cid, connected=False, end=end) if (
                self.session.family_of(cid) is not None
            ):
                # A call this phase started dropped before the link was reported (found by
                # the soak: the answer to ReadSettings came after the drop indication).
                dropped = self.session.family_of(cid)
                self.session.calls.clear()
                text = f"the data call dropped while connecting: IPv{dropped}: {end.reason}"
                return fail(LinkError(ErrorCode.CALL_DROPPED, text))
            case SettingsRead(family=family, settings=settings):
                if settings is None:
                    return fail(
                        LinkError(
                            ErrorCode.CALL_FAILED,
                            f"the IPv{family} call is up but the modem reports no address",
                        )
                    )
                self._settings[family] = settings
                return self._read_next()
        return None

    def _next_family(self) -> Step:
        if not self._todo:
            return self._all_tried()
        self._family = self._todo.pop(0)
        if self._family in self.session.wds:
            return self._attempt()
        return act(OpenWds(self._family, new=bool(self.session.wds)))

    def _attempt(self) -> Step:
        family, call = self._family, self.call
        attempt = self.session.planner.attempt(family)
        return act(
            StartCall(
                cid=self.session.wds[family],
                attempt=attempt,
                apn=call.apn if family == 4 else call.ipv6_apn,
                profile=call.profile if family == 4 else call.ipv6_profile,
                username=call.username,
                password=call.password,
                autoconnect=call.autoconnect,
            )
        )

    def _failed(self, family: int, end: CallEnd, at: float) -> Step:
        planner = self.session.planner
        attempt = planner.attempt(family)
        apn = self.call.apn if family == 4 else self.call.ipv6_apn
        verdict = failures.judge(end, family=family, apn=apn)
        text = f"call {attempt.describe()} failed: {verdict.meaning} ({verdict.reason})"
        record = AttemptRecord(family, str(attempt.auth), str(verdict.kind), verdict.reason, at)
        outcome = planner.failed(family, verdict)
        if isinstance(outcome, fallback.Retry):
            step = self._attempt()
            step.actions[:0] = [Log(logging.INFO, outcome.note, LOGGER)]
        elif isinstance(outcome, fallback.DropFamily):
            step = self._next_family()
            step.actions[:0] = [Log(logging.WARNING, outcome.note, LOGGER)]
            step.notes.insert(0, outcome.note)
        elif outcome.error.permanent:
            step = fail(outcome.error)
        else:
            self._errors.append(outcome.error)
            step = self._next_family()
        step.actions.insert(0, Log(logging.WARNING, text, LOGGER))
        step.records.insert(0, record)
        return step

    def _all_tried(self) -> Step:
        calls = self.session.calls
        if not calls:
            error = self._errors[0] if self._errors else None
            return fail(error or LinkError(ErrorCode.CALL_FAILED, "no data call could be started"))
        step = self._read_next(first=True)
        step.notes[:0] = [err.message for err in self._errors]
        return step

    def _read_next(self, *, first: bool = False) -> Step:
        if first:
            self._to_read = list(self.session.calls.values())
        if self._to_read:
            call = self._to_read.pop(0)
            return act(ReadSettings(call.cid, call.family))
        calls = self.session.calls.values()
        families = set(self.session.calls)
        return Step(
            done=True,
            value=Connected(
                settings=dict(self._settings),
                auth_in_use=",".join(sorted({str(c.attempt.auth) for c in calls})),
                pdptype_in_use=(
                    "IPV4V6" if families == {4, 6} else ("IP" if 4 in families else "IPV6")
                ),
            ),
        )
