"""pyqmi benchmarks: ``python -m bench.run`` (``make bench``) measures and writes RESULTS.md.

Adding a benchmark: write a function ``(Settings) -> BenchResult`` (see
``bench.result``; use ``settings.count(full, quick)`` for every repetition count so
``--quick`` stays quick) and append a ``Benchmark`` entry to ``bench.run.BENCHMARKS``.
Its table, notes and headline then appear in RESULTS.md and results.json.

The bench measures the pyqmi of the checkout it sits in: this checkout's src/ goes first on
``sys.path`` here (whatever the venv installed), as it does on the PYTHONPATH of every
process the bench starts (``bench.rig``).
"""

import os
import sys

_SOURCE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
if _SOURCE not in sys.path:
    sys.path.insert(0, _SOURCE)
