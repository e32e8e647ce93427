"""pyqmi benchmarks: ``python -m bench.run`` (``make bench``) measures and writes RESULTS.md.

Adding a benchmark: write a function ``(Settings) -> BenchResult`` (see
``bench.result``; use ``settings.count(full, quick)`` for every repetition count so
``--quick`` stays quick) and append a ``Benchmark`` entry to ``bench.run.BENCHMARKS``.
Its table, notes and headline then appear in RESULTS.md and results.json.
"""
