"""The link machine's tables: the connect flow, where a failure retries, who hears what.

``states.TRANSITIONS`` says which moves are legal at all; these tables say which ones the
machine makes.  ``FLOW`` is the connect order: each state runs one phase, and a finished
phase leads to the next state.  A failure in a ``SESSION`` state closes the device and the
retry (after the backoff) reopens it; a transient failure in a ``LINK`` state keeps the
device and retries from REGISTERING.  A permanent failure, a device fault, a refused request
and ``NO_CID`` always end the session.  ``HEARS`` lists the states in which an indication
matters; elsewhere it is dropped, as an unsubscribed one would be.  A stall seen while
CONNECTED leads to RECOVERING, which climbs one rung of the recovery ladder and registers
again (or reopens the modem it reset).
"""

from __future__ import annotations

import enum

from pyqmi.frozen import frozen
from pyqmi.session.link_events import CardStatus, PacketStatus, ServingSystem, SignalInfo
from pyqmi.session.states import LinkState

_S = LinkState
# Once the SIM is ready, a card status saying it went is the machine's (``link.py``).
SIM_WATCHED = frozenset(
    {_S.RADIO, _S.REGISTERING, _S.CONNECTING, _S.CONNECTED, _S.RECOVERING, _S.BACKOFF}
)


class Scope(enum.Enum):
    SESSION = "session"  # a failure closes the device; the retry reopens it
    LINK = "link"  # a transient failure keeps the device and retries registration


@frozen
class Stage:
    done: LinkState | None  # where the state's phase leads once it is finished
    scope: Scope


FLOW: dict[LinkState, Stage] = {
    _S.OPENING: Stage(_S.DATA_FORMAT, Scope.SESSION),  # node, delay, open, DMS, identity
    _S.DATA_FORMAT: Stage(_S.SIM, Scope.SESSION),  # WDA framing, qmi_wwan's raw_ip
    _S.SIM: Stage(_S.RADIO, Scope.SESSION),  # card status, PIN
    _S.RADIO: Stage(_S.REGISTERING, Scope.SESSION),  # online, NAS indications, modes, plmn
    _S.REGISTERING: Stage(_S.CONNECTING, Scope.LINK),  # serving system, bounded
    _S.CONNECTING: Stage(_S.CONNECTED, Scope.LINK),  # data calls with fallbacks, settings
    _S.CONNECTED: Stage(_S.RECOVERING, Scope.LINK),  # reported, watched: a stall recovers
    _S.RECOVERING: Stage(_S.REGISTERING, Scope.SESSION),  # one rung of ``ladder.LADDER``
}

RESUME: dict[Scope, LinkState] = {Scope.SESSION: _S.OPENING, Scope.LINK: _S.REGISTERING}

HEARS: dict[type, frozenset[LinkState]] = {
    ServingSystem: frozenset({_S.REGISTERING, _S.CONNECTED}),
    SignalInfo: frozenset({_S.CONNECTED}),
    PacketStatus: frozenset({_S.CONNECTING, _S.CONNECTED}),  # a call may drop while dialling
    CardStatus: frozenset({_S.SIM, *SIM_WATCHED}),
}
