"""The runner's default jitter source: the kernel's random bytes, uniform in [0, 1)."""

from __future__ import annotations

from pyqmi.daemon import runner
from pyqmi.daemon.runner import system_jitter


def test_system_jitter_is_in_range_and_varies() -> None:
    draws = [system_jitter() for _ in range(2000)]
    assert all(0.0 <= d < 1.0 for d in draws)
    assert len(set(draws)) > 1990  # 56 random bits each: repeats would mean a broken source
    assert 0.4 < sum(draws) / len(draws) < 0.6


def test_the_runner_does_not_import_random() -> None:
    assert "random" not in vars(runner)  # one number per retry needs no random module
