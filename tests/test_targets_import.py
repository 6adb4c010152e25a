"""import-targets: every mistake in a sheet gets its own Vietnamese message with its row
number, and a sheet with any mistake writes nothing (no target, no audit entry)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from data_access.db import get_engine
from data_access.models import Target
from data_access.security import Actor, system_actor
from data_access.security_models import AuditEntry
from data_access.targets import TEMPLATE_HEADINGS, TargetsRefused, import_targets, save_unit_targets, unit_targets
from manage import main

GOOD = [
    [10525, "Phường Hải Dương", "poor_fund", "Quỹ", "đồng", 2025, "1.700.000.000"],
    [10525, "Phường Hải Dương", "disaster_relief", "Thiên tai", "đồng", 2025, "1,7 tỷ"],
    [10525, "Phường Hải Dương", "membership_rate", "Tỷ lệ", "%", 2025, "85,5"],
]


def _csv(rows, *, delimiter=";", bom=True, headings=TEMPLATE_HEADINGS) -> bytes:
    """As Excel saves it: a value holding the delimiter ("1,7 tỷ" with ",") is quoted."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode("utf-8")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_HEADINGS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _written(url: str) -> tuple[int, int]:
    with get_engine(url).connect() as conn:
        return (conn.scalar(select(func.count()).select_from(Target)),
                conn.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "target")))


def _refused(url, data: bytes, name: str) -> list[str]:
    before = _written(url)
    with pytest.raises(TargetsRefused) as refused:
        import_targets(get_engine(url), data, name, actor=system_actor("test"))
    assert _written(url) == before
    return refused.value.problems


def test_a_good_csv_with_bom_and_semicolons_reads_vietnamese_numbers(schema_db_url):
    plan = import_targets(get_engine(schema_db_url), _csv(GOOD), "chi-tieu.csv", actor=system_actor("test"))
    assert plan.summary == "3 mới, 0 thay đổi, 0 không đổi"
    targets = unit_targets(get_engine(schema_db_url), 10525, 2025).set_index("indicator_code")["target"]
    assert targets[["poor_fund", "disaster_relief", "membership_rate"]].tolist() == [1.7e9, 1.7e9, 85.5]
    assert _written(schema_db_url) == (3, 3)
    changed = [GOOD[0][:6] + ["2 tỷ"], *GOOD[1:]]
    plan = import_targets(get_engine(schema_db_url), _csv(changed, delimiter=",", bom=False), "b.csv",
                          actor=system_actor("test"))
    assert plan.summary == "0 mới, 1 thay đổi, 2 không đổi"
    assert _written(schema_db_url) == (3, 4)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            [99999, "?", "poor_fund", "", "", 2025, "1"],
            "Dòng 5: không có đơn vị hành chính mã «99999» trong danh mục chính thức.",
        ),
        ([10525, "", "poor_fund", "", "", 2026, "-5"], "Dòng 5: chỉ tiêu không được là số âm («-5»)."),
        ([10525, "", "gift_value", "", "", 2025, "abc"],
         "Dòng 5: «abc» không phải là số (viết như 1.700.000.000, 1,7 tỷ hoặc 85,5)."),
        ([10525, "", "poor_fund", "", "", 2025, "2 tỷ"], "Dòng 5: trùng với dòng 2 (cùng đơn vị, chỉ tiêu và năm)."),
        ([10525, "", "no_such_indicator", "", "", 2025, "1"],
         "Dòng 5: không có chỉ tiêu mã «no_such_indicator» trong danh mục."),
    ],
    ids=["unit", "negative", "text", "duplicate", "indicator"],
)
def test_each_bad_row_is_listed_with_its_number_and_nothing_is_written(schema_db_url, row, message):
    assert _refused(schema_db_url, _csv([*GOOD, row]), "chi-tieu.csv") == [message]
    assert _refused(schema_db_url, _xlsx([*GOOD, row]), "chi-tieu.xlsx") == [message]


def test_every_bad_row_is_listed_at_once(schema_db_url):
    rows = [*GOOD, [99999, "", "poor_fund", "", "", 2025, "1"], [10525, "", "gift_value", "", "", 2025, "abc"]]
    problems = _refused(schema_db_url, _csv(rows), "chi-tieu.csv")
    assert [p.split(":")[0] for p in problems] == ["Dòng 5", "Dòng 6"]


def test_files_that_are_not_a_targets_sheet_each_get_their_own_message(schema_db_url):
    missing = _refused(schema_db_url, _csv(GOOD, headings=[h for h in TEMPLATE_HEADINGS if h != "Chỉ tiêu giao"]),
                       "thieu-cot.csv")
    assert missing[0].startswith("Tệp «thieu-cot.csv» thiếu cột «Chỉ tiêu giao» ở dòng tiêu đề (dòng 1).")
    assert _refused(schema_db_url, b"", "trong.csv") == ["Tệp «trong.csv» trống. Chưa có gì được lưu."]
    assert _refused(schema_db_url, b"", "trong.xlsx") == ["Tệp «trong.xlsx» trống. Chưa có gì được lưu."]
    fake = _refused(schema_db_url, _csv(GOOD), "gia-excel.xlsx")
    assert fake[0].startswith("Tệp «gia-excel.xlsx» mang đuôi .xlsx nhưng thực ra là tệp văn bản (CSV).")

    book = Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_HEADINGS)
    sheet.append([10525, "", "poor_fund", "", "", 2025, 400_000_000])
    sheet.append([10525, "", "gift_value", "", "", 2025, "=G2*2"])
    buffer = io.BytesIO()
    book.save(buffer)
    formulas = _refused(schema_db_url, buffer.getvalue(), "cong-thuc.xlsx")
    assert formulas[0].startswith("Tệp «cong-thuc.xlsx» có ô chứa công thức (G3).")
    assert "Dán giá trị" in formulas[0]


def test_an_editor_outside_the_unit_is_refused_row_by_row(schema_db_url):
    editor = Actor(username="bt", role="editor", wards=frozenset({11311}))
    assert _refused_as(schema_db_url, editor) == [
        f"Dòng {n}: tài khoản «bt» không được đặt chỉ tiêu cho Phường Hải Dương (mã 10525)." for n in (2, 3, 4)]
    with pytest.raises(TargetsRefused):
        save_unit_targets(get_engine(schema_db_url), actor=editor, ward_code=10525, year=2025,
                          values={"poor_fund": "abc"})
    assert _written(schema_db_url) == (0, 0)


def _refused_as(url, actor) -> list[str]:
    with pytest.raises(TargetsRefused) as refused:
        import_targets(get_engine(url), _csv(GOOD), "chi-tieu.csv", actor=actor)
    return refused.value.problems


def test_the_command_lists_the_bad_rows_exits_1_and_writes_nothing(schema_db_url, tmp_path, capsys):
    path = tmp_path / "chi-tieu.csv"
    path.write_bytes(_csv([*GOOD, [10525, "", "gift_value", "", "", 2025, "abc"]]))
    code = main(["import-targets", str(path), "--database-url", schema_db_url])
    out = capsys.readouterr().out
    assert code == 1
    assert "Tệp «chi-tieu.csv» có 1 dòng sai; chưa có gì được lưu." in out
    assert "- Dòng 5: «abc» không phải là số" in out
    assert _written(schema_db_url) == (0, 0)


def test_one_units_table_adds_changes_and_removes_targets_with_audit(schema_db_url):
    engine = get_engine(schema_db_url)
    editor = Actor(username="bt", role="editor", wards=frozenset({10525}))
    counts = save_unit_targets(engine, actor=editor, ward_code=10525, year=2025,
                               values={"poor_fund": "400.000.000", "membership_rate": "85,5"})
    assert counts == {"new": 2, "changed": 0, "removed": 0}
    counts = save_unit_targets(engine, actor=editor, ward_code=10525, year=2025,
                               values={"poor_fund": "1,1 tỷ", "membership_rate": ""})
    assert counts == {"new": 0, "changed": 1, "removed": 1}
    targets = unit_targets(engine, 10525, 2025).set_index("indicator_code")["target"].dropna()
    assert targets.to_dict() == {"poor_fund": 1_100_000_000}
    assert _written(schema_db_url) == (1, 4)
    with pytest.raises(TargetsRefused, match="chỉ tiêu không được là số âm"):
        save_unit_targets(engine, actor=editor, ward_code=10525, year=2025, values={"poor_fund": "-1"})
    assert _written(schema_db_url) == (1, 4)
