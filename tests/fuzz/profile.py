"""How hard the fuzz tests push: a short, fixed run in CI, a long random one in ``make fuzz``.

In CI (``PYQMI_FUZZ_SCALE`` unset) every target runs a fixed number of examples,
derandomized and without an example database, so two runs of one commit test the same
inputs and no file is left behind. ``make fuzz`` (``tools/fuzz.py``) sets a scale: each
target then runs ``scale`` times as many examples, drawn at random. ``tally`` counts the
examples each target really ran, for the figures in bench/FUZZ.md.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, settings

SCALE = max(1, int(os.environ.get("PYQMI_FUZZ_SCALE", "1") or "1"))
LONG = SCALE > 1

tally: Counter[str] = Counter()


def fuzz(examples: int) -> settings:
    """Settings for one fuzz target: ``examples`` in CI, ``examples * SCALE`` in a long run."""
    return settings(
        max_examples=examples * SCALE,
        derandomize=not LONG,
        database=None,
        deadline=None,
        print_blob=LONG,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def hit(target: str) -> None:
    tally[target] += 1
