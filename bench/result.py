"""What a benchmark hands back: a small table plus notes, and the settings it ran with.

Every benchmark is a function ``(Settings) -> BenchResult`` (or a list of them, when one set
of runs fills several tables).  A result is a table
(column names and rows of plain values) so the runner can print it as Markdown and
dump it as JSON without knowing what was measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Value = str | int | float


@dataclass(frozen=True)
class Settings:
    """How hard to measure: ``quick`` runs every benchmark with tiny counts (for tests)."""

    quick: bool = False
    idle_seconds: float = 180.0  # the idle window (wake-ups and CPU while connected)

    def count(self, full: int, quick: int) -> int:
        """``full`` repetitions normally, ``quick`` in quick mode."""
        return quick if self.quick else full


@dataclass
class BenchResult:
    """One benchmark's outcome: a table (``columns`` name the keys of each row) and notes."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[dict[str, Value]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headline: str = ""  # one sentence for the summary at the top of RESULTS.md
    # Figures other parts read (the targets and the router estimate), by name.
    facts: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0  # wall time the benchmark took, filled in by the runner

    def add(self, row: Mapping[str, Value]) -> None:
        """Append a row; it must give every column, in any order (kept in column order)."""
        missing = [c for c in self.columns if c not in row]
        extra = [c for c in row if c not in self.columns]
        if missing or extra:
            raise ValueError(f"{self.key}: row lacks {missing} or has unknown {extra}")
        self.rows.append({c: row[c] for c in self.columns})

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "columns": list(self.columns),
            "rows": self.rows,
            "notes": self.notes,
            "headline": self.headline,
            "facts": self.facts,
            "seconds": round(self.seconds, 3),
        }


def fmt(value: Value) -> str:
    """A table cell: integers as they are, floats with about four significant digits."""
    if isinstance(value, int | str):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.1f}"
    if magnitude >= 10:
        return f"{value:.2f}"
    return f"{value:.3f}"
