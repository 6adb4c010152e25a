"""CSV that Excel opens with every Vietnamese diacritic intact (UTF-8 with BOM), that pandas and
other systems read as numbers, and that no spreadsheet program executes.

Numbers are written plain: "." decimal point, no thousands separator, never scientific notation
(4226; 370000000; 81.8584). Dates are ISO (2026-11-27, 2026-11-27 15:56:32), which Excel,
LibreOffice and pandas all read as dates. Rows end in CRLF (RFC 4180).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import unicodedata

import numpy as np
import pandas as pd

from domain.format import is_missing
from exports.tables import YES, export_frame

# OWASP CSV injection: a cell starting with one of these is evaluated by spreadsheet programs.
# The full-width forms (＝ ＋ － ＠) are there because some programs and input methods fold them
# to ASCII; small forms and the like are caught by NFKC in `starts_formula`.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _invisible(ch: str) -> bool:
    """A character a reader does not see before the trigger: zero-width and format characters
    (U+200B, U+2063, U+FEFF…), controls, and spaces of any width."""
    return unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp") or ch.isspace()


def starts_formula(text: str) -> bool:
    """True when a spreadsheet program could read the text as a formula: it starts with a
    trigger, possibly after invisible characters, counting look-alikes of = + - @."""
    start = 0
    while start < len(text) and _invisible(text[start]) and not text.startswith(("\t", "\r"), start):
        start += 1
    if start == len(text):
        return False
    first = text[start]
    return first in FORMULA_TRIGGERS or unicodedata.normalize("NFKC", first)[:1] in ("=", "+", "-", "@")


def neutralise(value):
    """Text that would start a formula is prefixed with an apostrophe; numbers are untouched."""
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value


def plain_number(value) -> str:
    """4226.0 -> "4226"; 81.858407 -> "81.858407"; 5e10 -> "50000000000"; -3.5 -> "-3.5"."""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return np.format_float_positional(value, trim="-")


def cell_text(value) -> str:
    """One value as CSV text: plain numbers, ISO dates, "Có"/"" for booleans, safe text."""
    if is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return YES if value else ""
    if isinstance(value, numbers.Number):
        return plain_number(value)
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def to_csv_bytes(frame: pd.DataFrame, *, headings: bool = True, year: int | None = None) -> bytes:
    """UTF-8 with BOM, machine-readable numbers ("." decimal point, no thousands separator),
    text cells that could start a formula neutralised. With `headings` (the default) query
    columns get their Vietnamese headings and booleans read "Có" (see exports.tables)."""
    shaped = export_frame(frame, year=year) if headings else frame
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell_text(c) for c in shaped.columns])
    for row in shaped.itertuples(index=False, name=None):
        writer.writerow([cell_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
