import pytest

from pyqmi.session.states import TRANSITIONS, IllegalTransition, LinkState, LinkStateMachine


def test_every_state_has_a_row_and_can_stop() -> None:
    assert set(TRANSITIONS) == set(LinkState)
    for state, targets in TRANSITIONS.items():
        if state not in (LinkState.STOPPING, LinkState.STOPPED):
            assert LinkState.STOPPING in targets


def test_legal_moves_are_recorded_and_illegal_raise() -> None:
    changes: list[tuple[LinkState, LinkState]] = []
    m = LinkStateMachine(on_change=lambda old, new: changes.append((old, new)))
    m.move(LinkState.OPENING)
    m.move(LinkState.OPENING)  # no-op, not logged twice
    with pytest.raises(IllegalTransition):
        m.move(LinkState.CONNECTED)
    assert m.history == [LinkState.IDLE, LinkState.OPENING]
    assert changes == [(LinkState.IDLE, LinkState.OPENING)]
