"""CSV that Excel opens with every Vietnamese diacritic intact (UTF-8 with BOM)."""

from __future__ import annotations

import pandas as pd

# OWASP CSV injection: a cell starting with one of these is evaluated by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that would start a formula is prefixed with an apostrophe; numbers are untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, machine-readable numbers ("." decimal point, no thousands separator)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False).encode("utf-8-sig")
