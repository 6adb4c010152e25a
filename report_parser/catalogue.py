"""The indicator catalogue (code, unit, keywords) used to name what a figure counts."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Indicator", "load_indicators", "default_indicators", "DEFAULT_CATALOGUE"]

# The catalogue is project data (sample_data/indicators.csv), not code of this package.
DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "sample_data" / "indicators.csv"


@dataclass(frozen=True)
class Indicator:
    code: str
    unit: str
    task_area: str | None
    keywords: tuple[str, ...]


def load_indicators(path: str | Path) -> list[Indicator]:
    """Read a catalogue CSV with columns code, unit, task_area, keywords ('|'-separated)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        Indicator(
            code=row["code"].strip(),
            unit=row["unit"].strip(),
            task_area=(row.get("task_area") or "").strip() or None,
            keywords=tuple(k.strip() for k in (row.get("keywords") or "").split("|") if k.strip()),
        )
        for row in rows
        if row.get("code")
    ]


@functools.lru_cache(maxsize=1)
def _cached_default() -> tuple[Indicator, ...]:
    try:
        return tuple(load_indicators(DEFAULT_CATALOGUE))
    except OSError:
        return ()


def default_indicators() -> list[Indicator]:
    """The repository's catalogue, or an empty list where it is not shipped."""
    return list(_cached_default())
