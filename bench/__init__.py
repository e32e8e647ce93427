"""pyqmi benchmarks: ``python -m bench.run`` measures and writes bench/RESULTS.md."""
