"""The link's states and the legal moves between them, as data.

The daemon's runner walks through the connect flow; each step announces itself
by moving the ``LinkStateMachine``.  An illegal move is a bug and raises; every
legal move is logged once as ``OLD -> NEW``.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("pyqmi.session")


class LinkState(enum.StrEnum):
    IDLE = "idle"
    OPENING = "opening"  # waiting for the device node, opening it, readiness probe
    DATA_FORMAT = "data_format"  # WDA raw-ip / 802.3 and the kernel's raw_ip flag
    SIM = "sim"  # card status, PIN
    RADIO = "radio"  # operating mode online, modes, PLMN
    REGISTERING = "registering"  # waiting for network registration
    CONNECTING = "connecting"  # data call attempts with fallbacks
    CONNECTED = "connected"
    BACKOFF = "backoff"  # waiting before a retry after a transient failure
    STOPPING = "stopping"
    FAILED = "failed"  # permanent error: the user must change something
    STOPPED = "stopped"


_S = LinkState
TRANSITIONS: dict[LinkState, frozenset[LinkState]] = {
    _S.IDLE: frozenset({_S.OPENING, _S.STOPPING}),
    _S.OPENING: frozenset({_S.DATA_FORMAT, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.DATA_FORMAT: frozenset({_S.SIM, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.SIM: frozenset({_S.RADIO, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.RADIO: frozenset({_S.REGISTERING, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.REGISTERING: frozenset({_S.CONNECTING, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.CONNECTING: frozenset({_S.CONNECTED, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.CONNECTED: frozenset({_S.REGISTERING, _S.CONNECTING, _S.BACKOFF, _S.STOPPING}),
    _S.BACKOFF: frozenset({_S.OPENING, _S.REGISTERING, _S.CONNECTING, _S.STOPPING}),
    _S.FAILED: frozenset({_S.STOPPING}),
    _S.STOPPING: frozenset({_S.STOPPED}),
    _S.STOPPED: frozenset(),
}


class IllegalTransition(RuntimeError):
    pass


@dataclass
class LinkStateMachine:
    state: LinkState = LinkState.IDLE
    history: list[LinkState] = field(default_factory=lambda: [LinkState.IDLE])
    on_change: Callable[[LinkState, LinkState], None] | None = None

    def move(self, new: LinkState) -> None:
        if new == self.state:
            return
        if new not in TRANSITIONS[self.state]:
            raise IllegalTransition(f"{self.state} -> {new} is not a legal move")
        old, self.state = self.state, new
        self.history.append(new)
        log.info("state %s -> %s", old, new)
        if self.on_change is not None:
            self.on_change(old, new)
