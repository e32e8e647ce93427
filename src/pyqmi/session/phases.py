"""Which phase runs in which state, and the one slice (or two) each is given.

``link_table.FLOW`` orders the states; this builds the phase object for one of them.  The
SIM phase is the machine's long-lived ``SimUnlock`` (a rejected PIN stays rejected); every
other phase is new each time its state is entered.
"""

from __future__ import annotations

from pyqmi.config.slices import Slices
from pyqmi.frozen import frozen
from pyqmi.session.facts import Facts
from pyqmi.session.ladder import Ladder
from pyqmi.session.link_events import KernelLink
from pyqmi.session.phase import Phase, Timings
from pyqmi.session.phase_calls import CallSession, CallsPhase
from pyqmi.session.phase_format import FormatPhase
from pyqmi.session.phase_open import OpenPhase
from pyqmi.session.phase_radio import RadioPhase
from pyqmi.session.phase_recover import RecoverContext, RecoverPhase
from pyqmi.session.phase_register import RegisterPhase
from pyqmi.session.phase_sim import SimUnlock
from pyqmi.session.phase_watch import Told, WatchContext, WatchPhase
from pyqmi.session.states import LinkState

_S = LinkState


@frozen
class Context:
    """What the phases of one device session may be given."""

    interface: str
    slices: Slices
    timings: Timings
    sim: SimUnlock
    facts: Facts
    told: Told
    kernel: KernelLink
    session: CallSession | None
    ladder: Ladder
    why: str = ""  # RECOVERING: what the watchdog saw


def make_phase(state: LinkState, ctx: Context) -> Phase:
    s, t = ctx.slices, ctx.timings
    if state is _S.OPENING:
        return OpenPhase(s.device, s.waits.delay, t)
    if state is _S.DATA_FORMAT:
        return FormatPhase(s.device.data_format, ctx.kernel)
    if state is _S.SIM:
        return ctx.sim
    if state is _S.RADIO:
        return RadioPhase(s.radio)
    if state is _S.REGISTERING:
        return RegisterPhase(s.waits.registration_timeout, t.registration_recheck, s.radio.roaming)
    if ctx.session is None:
        raise AssertionError(f"{state} needs an open device")
    if state is _S.CONNECTING:
        return CallsPhase(s.call, ctx.session)
    if state is _S.CONNECTED:
        watch = WatchContext(
            ctx.interface,
            s.call,
            s.report,
            t,
            ctx.kernel,
            ctx.facts,
            ctx.session,
            ctx.told,
            s.heal,
            s.radio.roaming,
            ctx.ladder,
        )
        return WatchPhase(watch)
    if state is _S.RECOVERING:
        ifname = ctx.kernel.ifname or "wwan0"
        recover = RecoverContext(
            ctx.interface, ifname, t, ctx.session, ctx.told, ctx.ladder, ctx.why
        )
        return RecoverPhase(recover)
    raise AssertionError(f"{state} runs no phase")
