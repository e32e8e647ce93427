"""The link machine's answers to a modem that reset and a SIM that went (mixed into it).

Theory of operation
-------------------
``Healing._heal(event)`` runs first for every event and says whether it took it:

- ``ModemReset`` (a CTL Sync indication), a request refused with ``INVALID_CLIENT_ID``
  (our client IDs were revoked) and the device leaving the bus while the ladder's RESET rung
  waits for exactly that: the modem reset.  ``_restart`` closes it without releasing (its IDs
  went with the reset), tells netifd only that the link is down, and reopens it at once (with
  the backoff when it keeps resetting), its node given ``reset_wait`` to come back;
- a card status saying the card is absent or in error, once the SIM was ready (a state of
  ``link_table.SIM_WATCHED``): link down, and the session fails with a transient
  ``SIM_MISSING`` (``phase_sim`` waits for the card when the retry reads it).

It works on the machine's own fields (declared below); only ``link.py`` mixes it in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pyqmi.config.slices import Slices
from pyqmi.netifd import payload
from pyqmi.session.errors import LinkError
from pyqmi.session.facts import Facts
from pyqmi.session.fallback import backoff_delay
from pyqmi.session.ladder import Ladder, Rung
from pyqmi.session.link_actions import Action, Cancel, CloseDevice, Log, Notify, Operation
from pyqmi.session.link_events import CardStatus, DeviceLost, Event, ModemReset, OpFailed
from pyqmi.session.link_facts import record_event
from pyqmi.session.link_table import SIM_WATCHED
from pyqmi.session.phase import Phase
from pyqmi.session.phase_calls import CallSession
from pyqmi.session.phase_sim import sim_removed
from pyqmi.session.phase_watch import Told
from pyqmi.session.sim_policy import CardState
from pyqmi.session.states import LinkState
from pyqmi.session.teardown import Teardown

_S = LinkState
REVOKED = "INVALID_CLIENT_ID"  # the modem's answer for a client ID it no longer knows


class Healing:
    """Mixed into ``LinkMachine``, which provides these fields and methods."""

    interface: str
    slices: Slices
    state: LinkState
    facts: Facts
    told: Told
    ladder: Ladder
    jitter: Callable[[], float]
    _session: CallSession | None
    _teardown: Teardown | None
    _pending: Operation | None
    _phase: Phase | None
    _failures: int
    _reset_wait: bool
    _backoff_until: float | None
    _resume: LinkState
    _now: float

    def _emit(self, *actions: Action) -> None:
        raise NotImplementedError

    def _move(self, new: LinkState) -> None:
        raise NotImplementedError

    def _failed(self, error: LinkError, *, session: bool = False) -> None:
        raise NotImplementedError

    def _heal(self, event: Event) -> bool:
        """Take ``event`` when it says the modem reset or the SIM went; True when taken."""
        match event:
            case DeviceLost() if self._resetting:
                self._restart("the modem left the bus to reset: reopening it", forget=True)
            case ModemReset(detail=detail):
                if self._live:
                    self._restart(f"the modem reset ({detail}): reconnecting", forget=True)
            case OpFailed(fault=fault) if fault.name == REVOKED and self._live:
                self._pending = None
                self._restart("the modem revoked our client IDs (it reset)", forget=True)
            case CardStatus(status=st) if (
                self._live
                and self.state in SIM_WATCHED
                and st.card in (CardState.ABSENT, CardState.ERROR)
            ):
                record_event(self.facts, event)
                self._link_down()
                self._failed(sim_removed(f"card {st.card}"), session=True)
            case _:
                return False
        return True

    @property
    def _live(self) -> bool:
        """A device session is open and not being torn down."""
        return self._session is not None and self._teardown is None

    @property
    def _resetting(self) -> bool:
        """The ladder reset the modem and waits for it to go."""
        return self._live and self.state is _S.RECOVERING and self.ladder.current is Rung.RESET

    def _link_down(self) -> None:
        if self.told.up:
            self._emit(Notify(payload.build_link_down(self.interface)))
            self.told.up = False

    def _restart(self, why: str, *, forget: bool) -> None:
        """The modem reset: close it and reopen it at once (later when it keeps resetting);
        netifd sees only a link-down.  Its client IDs went with the reset (``forget``)."""
        self._emit(Log(logging.WARNING, why))
        self._link_down()
        self.facts.settings.clear()
        self._phase, self._session = None, None
        self._emit(Cancel(), CloseDevice(forget=forget))
        waits = self.slices.waits
        delay = 0.0
        if self._failures:
            low, high = float(waits.retry_backoff_min), float(waits.retry_backoff_max)
            delay = backoff_delay(self._failures, low, high, self.jitter())
        self._failures += 1
        self._reset_wait = True
        self._move(_S.BACKOFF)
        self._backoff_until, self._resume = self._now + delay, _S.OPENING
