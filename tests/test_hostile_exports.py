"""Hostile text in CSV and XLSX extracts: formula triggers in every disguise (full-width
＝ ＋ － ＠, small forms, tab, CR, and invisible or zero-width characters before them) are
neutralised; ordinary text, numbers and dates are untouched. The last test takes the text
through a real report and the findings read, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from data_access import queries, writes
from data_access.db import get_engine
from data_access.security import system_actor
from exports.csv import starts_formula, to_csv_bytes
from exports.xlsx import workbook_bytes

BOM = b"\xef\xbb\xbf"
INVISIBLE = ["\u2063", "\u200b", "\ufeff", "\u200d", "\u2060", "\u00a0", "\u3000", " ", "\u202e", "\x0b"]
TRIGGERS = ["=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫"]
ATTACKS = (
    [f"{t}HYPERLINK(\"https://evil.example\",\"x\")" for t in TRIGGERS]
    + [f"{ch}=1+1" for ch in INVISIBLE]
    + ["\u2063\u200b\ufeff=1+1", "\u200b＋1", "\t=1+1", "\r=1+1", "\t", "\r\n@x"]
)
HARMLESS = ["Phường Hải Dương", "a=1", "4.226 đảng viên", "\u200bPhường", "", "(=)", "1 + 1"]


@pytest.mark.parametrize("attack", ATTACKS, ids=[repr(a) for a in ATTACKS])
def test_every_disguised_trigger_starts_a_formula(attack):
    assert starts_formula(attack)


@pytest.mark.parametrize("text", HARMLESS, ids=[repr(t) for t in HARMLESS])
def test_ordinary_text_is_left_alone(text):
    assert not starts_formula(text)


def _csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def _frame() -> pd.DataFrame:
    texts = ATTACKS + HARMLESS
    return pd.DataFrame({"ward_name": texts, "value": [-5.0] * len(texts)})


def test_csv_prefixes_every_attack_with_an_apostrophe():
    rows = _csv_cells(to_csv_bytes(_frame()))[1:]
    written = [r[0] for r in rows]
    assert written[: len(ATTACKS)] == ["'" + a for a in ATTACKS]
    assert written[len(ATTACKS):] == HARMLESS
    assert {r[1] for r in rows} == {"-5"}  # numbers stay numbers


def test_xlsx_stores_every_attack_as_quoted_text():
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([("Bảng", _frame())], title="Thử", info=[])))["Bảng"]
    for row, attack in enumerate(ATTACKS, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.quotePrefix, repr(attack)
        assert not str(cell.value).startswith("'")  # the flag, not an apostrophe in the text
    for row in range(len(ATTACKS) + 2, len(ATTACKS) + 2 + len(HARMLESS)):
        assert not ws.cell(row=row, column=1).quotePrefix
        assert ws.cell(row=row, column=2).value == -5


def test_report_text_from_the_database_is_neutralised_in_both_formats(sample_db_url):
    engine = get_engine(sample_db_url)
    hostile = ["\u2063=HYPERLINK(\"https://evil.example\",\"Bấm vào đây\")", "＝1+1", "\ufeff@SUM(A1)"]
    writes.save_report(engine, actor=system_actor("test"), ward_code=10525, year=2024, subject_code="KL62",
                       report={"title": "Báo cáo thử"}, figures=[],
                       findings=[{"kind": "lesson", "text": t} for t in hostile])
    found = queries.findings(engine, ward_code=10525, year=2024)
    assert sorted(found["text"]) == sorted(hostile)
    cells = [c for row in _csv_cells(to_csv_bytes(found))[1:] for c in row]
    for text in hostile:
        assert "'" + text in cells and text not in cells
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([("Nhận định", found)], title="Thử", info=[])))
    quoted = [c.value for row in ws["Nhận định"].iter_rows(min_row=2) for c in row if c.quotePrefix]
    assert {v for v in quoted if v in hostile} == set(hostile)
