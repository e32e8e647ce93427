"""The link's states and the legal moves between them, as data.

The names are what ``pyqmi.<iface> status`` shows.  ``link.LinkMachine`` checks every move
it makes against ``TRANSITIONS`` (an illegal one is a bug and raises) and logs each once as
``state OLD -> NEW``; ``link_table.FLOW`` says which of the legal moves it makes when.
"""

from __future__ import annotations

import enum


class LinkState(enum.StrEnum):
    IDLE = "idle"
    OPENING = "opening"  # waiting for the device node, opening it, readiness probe
    DATA_FORMAT = "data_format"  # WDA raw-ip / 802.3 and the kernel's raw_ip flag
    SIM = "sim"  # card status, PIN
    RADIO = "radio"  # operating mode online, modes, PLMN
    REGISTERING = "registering"  # waiting for network registration
    CONNECTING = "connecting"  # data call attempts with fallbacks
    CONNECTED = "connected"
    RECOVERING = "recovering"  # the connected link stalled: one rung of the recovery ladder
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
    # A device lost while connected or backing off may be the last attempt: FAILED.
    _S.CONNECTED: frozenset(
        {_S.REGISTERING, _S.CONNECTING, _S.RECOVERING, _S.BACKOFF, _S.FAILED, _S.STOPPING}
    ),
    _S.RECOVERING: frozenset({_S.REGISTERING, _S.BACKOFF, _S.FAILED, _S.STOPPING}),
    _S.BACKOFF: frozenset({_S.OPENING, _S.REGISTERING, _S.CONNECTING, _S.FAILED, _S.STOPPING}),
    _S.FAILED: frozenset({_S.STOPPING}),
    _S.STOPPING: frozenset({_S.STOPPED}),
    _S.STOPPED: frozenset(),
}


class IllegalTransition(RuntimeError):
    """A move ``TRANSITIONS`` does not allow: a bug in the link machine."""
