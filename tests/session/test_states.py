import pytest

from pyqmi.session.link_table import FLOW
from pyqmi.session.states import TRANSITIONS, IllegalTransition, LinkState

from .world import Drive


def test_every_state_has_a_row_and_can_stop() -> None:
    assert set(TRANSITIONS) == set(LinkState)
    for state, targets in TRANSITIONS.items():
        if state not in (LinkState.STOPPING, LinkState.STOPPED):
            assert LinkState.STOPPING in targets


def test_the_connect_flow_makes_only_legal_moves() -> None:
    for state, stage in FLOW.items():
        if stage.done is not None:
            assert stage.done in TRANSITIONS[state]
        assert LinkState.BACKOFF in TRANSITIONS[state]


def test_an_illegal_move_raises() -> None:
    d = Drive()
    with pytest.raises(IllegalTransition, match="idle -> connected is not a legal move"):
        d.machine._move(LinkState.CONNECTED)
