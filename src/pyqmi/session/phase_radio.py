"""RADIO: the modem online, a NAS client, its indications, then options modes and plmn.

qmi.sh sets modes and plmn after registering, which makes the modem register twice; they are
set first here, so the first registration already uses them.  A modem that refuses to go
online may be held by its RF kill switch (transient); one that refuses modes or plmn will
refuse them again (permanent: the option must change).
"""

from __future__ import annotations

import logging

from pyqmi.config.slices import Radio
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.link_actions import (
    AllocateClient,
    Log,
    ReadOperatingMode,
    SetModes,
    SetOnline,
    SetPlmn,
    SubscribeNas,
)
from pyqmi.session.link_errors import no_cid
from pyqmi.session.link_events import ClientAllocated, Event, FaultKind, ModeRead, OpDone, OpFailed
from pyqmi.session.phase import Step, act, fail

LOGGER = "pyqmi.radio"


class RadioPhase:
    def __init__(self, radio: Radio) -> None:
        self.radio = radio

    wake = None

    def on_tick(self, now: float) -> Step:
        return Step()

    def start(self, now: float) -> Step:
        return act(ReadOperatingMode())

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case ModeRead(mode=mode):
                if mode != "online":
                    text = f"operating mode {mode}: setting online"
                    return act(Log(logging.INFO, text), SetOnline())
                return act(AllocateClient("nas"))
            case OpDone(op=SetOnline()):
                return act(AllocateClient("nas"))
            case ClientAllocated(service="nas"):
                return act(SubscribeNas())
            case OpDone(op=SubscribeNas()):
                return self._modes()
            case OpDone(op=SetModes(modes=modes)):
                shown = ", ".join(modes)
                step = self._plmn()
                step.actions.insert(0, Log(logging.INFO, f"allowed technologies: {shown}", LOGGER))
                return step
            case OpDone(op=SetPlmn(plmn=plmn)):
                shown = "automatic" if plmn == "0" else plmn
                return Step([Log(logging.INFO, f"network selection: {shown}", LOGGER)], done=True)
            case OpFailed(op=op, fault=fault) if fault.kind is FaultKind.REFUSED:
                return self._refused(op, fault.name)
        return None

    def _modes(self) -> Step:
        if self.radio.modes:
            return act(SetModes(self.radio.modes))
        return self._plmn()

    def _plmn(self) -> Step:
        if self.radio.plmn:
            return act(SetPlmn(self.radio.plmn))
        return Step(done=True)

    def _refused(self, op: object, name: str) -> Step | None:
        if isinstance(op, SetOnline):
            return fail(
                LinkError(
                    ErrorCode.MODE_FAILED,
                    f"the modem refused to go online ({name}): check the RF kill switch "
                    "(W_DISABLE) and the modem's firmware",
                )
            )
        if isinstance(op, AllocateClient):
            return fail(no_cid(op.service, name))
        if isinstance(op, SetModes):
            return fail(
                LinkError(
                    ErrorCode.MODE_FAILED,
                    f"the modem refused option modes {','.join(op.modes)!r} ({name}): "
                    "choose technologies the modem supports, or remove option modes",
                    permanent=True,
                )
            )
        if isinstance(op, SetPlmn):
            return fail(
                LinkError(
                    ErrorCode.PLMN_FAILED,
                    f"the modem refused option plmn {op.plmn!r} ({name}): set a valid "
                    "MCC+MNC (5 or 6 digits) or 0 for automatic selection",
                    permanent=True,
                )
            )
        return None
