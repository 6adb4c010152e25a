"""Timing the import of reports through the importer (data_access.imports), as staff do it.

- one report: the real Hải Dương 2025 text, parsed, resolved and saved as a new version of
  phường Hải Dương's 2025 report (`force`: the same text is saved again), median of `runs`;
- a batch of 114: the same text rewritten for each of Hải Phòng's 114 units (their own name in
  place of "Hải Dương"), each parsed, resolved from its text and saved as that unit's new 2025
  version, one after the other, as `manage.py import-reports` does (it reads the official units
  once for the batch and passes them to every import); timed once, the units' read included.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from data_access import imports, queries
from data_access.db import get_engine
from data_access.sample import REAL_REPORT_TEXT
from data_access.security import system_actor

PROVINCE = 31
YEAR = 2025


@dataclass
class ImportTiming:
    one: list[float] = field(default_factory=list)
    batch_seconds: float | None = None
    batch_saved: int = 0
    batch_size: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def one_s(self) -> float | None:
        return statistics.median(self.one) if self.one else None


def unit_text(text: str, name: str, kind: str) -> str:
    """The Hải Dương report as the unit `name` would have written it."""
    bare = name
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            bare = name[len(prefix) :]
    out = text.replace("Hải Dương", bare).replace("HẢI DƯƠNG", bare.upper())
    if kind != "phường":
        out = out.replace(f"PHƯỜNG {bare.upper()}", name.upper()).replace(f"phường {bare}", name)
        out = out.replace(f"Phường {bare}", name)
    return out


def time_imports(url: str, runs: int, *, batch: bool = True) -> ImportTiming:
    engine = get_engine(url)
    actor = system_actor("bench")
    data = REAL_REPORT_TEXT.read_bytes()
    timing = ImportTiming()
    for _ in range(runs):
        started = time.perf_counter()
        result = imports.import_report_bytes(engine, data, REAL_REPORT_TEXT.name, actor=actor, force=True)
        timing.one.append(time.perf_counter() - started)
        if not result.saved:
            timing.errors.append(result.message)
    if not batch:
        return timing
    text = REAL_REPORT_TEXT.read_text(encoding="utf-8")
    units = queries.units_of_province(engine, PROVINCE)
    timing.batch_size = len(units)
    started = time.perf_counter()
    official = imports.units_frame(engine)
    for row in units.itertuples():
        try:
            result = imports.import_report_bytes(
                engine,
                unit_text(text, row.name, row.kind).encode("utf-8"),
                f"bao-cao-{row.code}.txt",
                actor=actor,
                ward_code=int(row.code),
                year=YEAR,
                force=True,
                units=official,
            )
            timing.batch_saved += int(result.saved)
        except Exception as exc:  # noqa: BLE001 - a refused file is reported, the batch goes on
            timing.errors.append(f"{row.code}: {exc}")
    timing.batch_seconds = time.perf_counter() - started
    return timing
