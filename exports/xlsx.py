"""Excel workbooks (.xlsx, openpyxl) that are right the first time they are opened.

* Typed cells: numbers are numbers, dates and times are dates; text is text.
* Number formats are the built-in, locale-neutral codes `#,##0` and `#,##0.0#`. In a number
  format code "," always means "group thousands" and "." always means "decimal mark"; Excel
  and LibreOffice draw them with the reader's regional symbols, so a Vietnamese Windows shows
  4.226 and 94,5 while an English one shows 4,226 and 94.5 — the same number, right in both.
  A literal code such as `#.##0` would not mean "Vietnamese grouping": it is read as a decimal
  point followed by digits and shows nonsense. Dates use `dd/mm/yyyy` (and `dd/mm/yyyy hh:mm`),
  which is how Vietnamese dates are written whatever the locale.
* Injection closed: a text cell that starts with = + - @ (or their full-width forms), tab or CR,
  even after invisible characters (exports.csv.starts_formula), is stored as a string cell
  with Excel's "quote prefix" flag (what typing an apostrophe does by hand): Excel and
  LibreOffice show the text exactly and never evaluate it, not even after the cell is edited.
* The first sheet states the source, the filters and the time of extraction; every table
  sheet has a bold, frozen, filterable header row and sensible column widths; illustrative
  rows say "Có" in the column "Dữ liệu minh họa".
"""

from __future__ import annotations

import datetime as dt
import io
import numbers
import re
from copy import copy

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from domain.format import is_missing
from exports.csv import starts_formula
from exports.tables import PLAIN_COLUMNS, SAMPLE_COLUMN, YES, export_frame

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INFO_SHEET = "Thông tin"
MAX_CELL_TEXT = 32767  # Excel's limit per cell
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
MAX_WIDTH = 60
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class _Styles:
    """Styles of a workbook, made once and copied onto cells: assigning a style through
    openpyxl's descriptors re-hashes it for every cell, which made large extracts slow."""

    def __init__(self, ws) -> None:
        self._ws = ws
        self._made: dict[tuple, object] = {}

    def apply(self, cell, number_format: str = "General", wrap: bool = False, quote: bool = False) -> None:
        key = (number_format, wrap, quote)
        style = self._made.get(key)
        if style is None:
            probe = Cell(self._ws)  # not placed in the sheet
            probe.number_format = number_format
            probe.alignment = WRAP if wrap else TOP
            probe.quotePrefix = quote
            style = self._made[key] = copy(probe._style)
        cell._style = copy(style)


def _write(cell, value, styles: _Styles | None = None, wrap: bool = False, plain: bool = False) -> None:
    """Put one value into a cell with its type and number format (`plain`: a code or a year,
    whole numbers without thousands grouping)."""
    fmt, quote = "General", False
    if is_missing(value) or (isinstance(value, str) and value == ""):
        return
    if isinstance(value, (bool, np.bool_)):
        cell.value = YES if value else None
    elif isinstance(value, numbers.Integral):
        cell.value, fmt = int(value), INTEGER_FORMAT
    elif isinstance(value, numbers.Real):
        value = float(value)
        if value.is_integer() and abs(value) < 1e15:
            cell.value, fmt = int(value), INTEGER_FORMAT
        else:
            cell.value, fmt = value, DECIMAL_FORMAT
    elif isinstance(value, (pd.Timestamp, dt.datetime)):
        cell.value, fmt = pd.Timestamp(value).to_pydatetime().replace(tzinfo=None), DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value, fmt = value, DATE_FORMAT
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        if len(text) > MAX_CELL_TEXT:
            text = text[: MAX_CELL_TEXT - 1] + "…"
        cell.value = text
        if starts_formula(text):
            # openpyxl takes "=..." for a formula; force a string cell, flagged like '...
            cell.data_type = "s"
            quote = True
    if plain and fmt == INTEGER_FORMAT:
        fmt = "0"
    if styles is not None:
        styles.apply(cell, fmt, wrap, quote)
    else:
        if fmt != "General":
            cell.number_format = fmt
        if quote:
            cell.quotePrefix = True


def _width(value) -> int:
    if is_missing(value):
        return 0
    if isinstance(value, (dt.date, pd.Timestamp)):
        return 16
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return len(f"{float(value):,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("-", title).strip("'") or "Bảng"
    base = base[:31]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _table_sheet(ws, frame: pd.DataFrame) -> None:
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    sample = frame.head(300)
    wrapped = []
    for c, column in enumerate(frame.columns, start=1):
        longest = max([_width(v) for v in sample[column]] + [0])
        header = max((len(w) for w in str(column).split()), default=0)
        ws.column_dimensions[get_column_letter(c)].width = min(max(longest, header, 8) + 2, MAX_WIDTH)
        wrapped.append(longest > MAX_WIDTH)
    styles = _Styles(ws)
    plain = [column in PLAIN_COLUMNS for column in frame.columns]
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            _write(ws.cell(row=r, column=c), value, styles, wrapped[c - 1], plain[c - 1])
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(len(frame) + 1, 1)}"


def _info_sheet(ws, title: str, info: list[tuple[str, object]], tables: list[tuple[str, int, bool]]) -> None:
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    row = 3
    for label, value in info:
        ws.cell(row=row, column=1, value=label).font = HEADER_FONT
        _write(ws.cell(row=row, column=2), value, plain=True)
        ws.cell(row=row, column=2).alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Các bảng trong tệp").font = HEADER_FONT
    ws.cell(row=row, column=2, value="Số dòng").font = HEADER_FONT
    for name, count, has_sample in tables:
        row += 1
        ws.cell(row=row, column=1, value=name)
        _write(ws.cell(row=row, column=2), count)
        ws.cell(row=row, column=2).alignment = Alignment(horizontal="left")
        if has_sample:
            ws.cell(row=row, column=3, value=f"có dòng {SAMPLE_COLUMN.lower()}")
    if any(has_sample for _, _, has_sample in tables):
        row += 2
        note = ws.cell(
            row=row,
            column=1,
            value=f"{SAMPLE_COLUMN}: các dòng ghi «{YES}» ở cột «{SAMPLE_COLUMN}» là số liệu do chương trình tạo "
            "để trình diễn, không phải báo cáo thật.",
        )
        note.font = Font(bold=True, color="9C2A00")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 26


def workbook_bytes(
    tables: list[tuple[str, pd.DataFrame]],
    *,
    title: str,
    info: list[tuple[str, object]],
    headings: bool = True,
    year: int | None = None,
) -> bytes:
    """An .xlsx: the info sheet ("Thông tin": `title`, then `info` label/value rows, then the
    list of tables), then one sheet per (sheet title, DataFrame). With `headings` the frames
    are query results and get Vietnamese headings (exports.tables.export_frame)."""
    wb = Workbook()
    info_ws = wb.active
    taken: set[str] = set()
    info_ws.title = sheet_title(INFO_SHEET, taken)
    listed = []
    for name, frame in tables:
        shaped = export_frame(frame, year=year) if headings else frame
        ws = wb.create_sheet(sheet_title(name, taken))
        _table_sheet(ws, shaped)
        has_sample = SAMPLE_COLUMN in shaped.columns and bool((shaped[SAMPLE_COLUMN] == YES).any())
        listed.append((ws.title, len(shaped), has_sample))
    _info_sheet(info_ws, title, info, listed)
    wb.properties.title = title
    wb.properties.creator = "Bảng theo dõi thực hiện Kết luận 62-KL/TW"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
