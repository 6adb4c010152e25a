"""`python manage.py import-reports`: one line per file, a total, exit codes 0 / 1 / 2, each file
its own transaction, --dry-run writing nothing."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from data_access.db import get_engine
from data_access.models import Finding, IndicatorValue, Report
from manage import main
from tests.support.pages import ROOT

SAMPLE = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
OK_LINE = "OK   hai-duong-2026-kl62.txt → Phường Hải Dương (10525), năm 2025: 10 số liệu, 21 nhận định, phiên bản"


def counts(url: str) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {
            t.__tablename__: conn.scalar(select(func.count()).select_from(t)) for t in (Report, IndicatorValue, Finding)
        }


def run(capsys, url: str, *args: str) -> tuple[int, list[str], str]:
    code = main(["import-reports", *args, "--database-url", url])
    out = capsys.readouterr()
    return code, out.out.strip().splitlines(), out.err


def test_dry_run_writes_nothing_then_the_import_saves_and_a_repeat_changes_nothing(schema_db_url, capsys):
    code, lines, _ = run(capsys, schema_db_url, str(SAMPLE), "--dry-run")
    assert code == 0
    assert lines[0] == OK_LINE + " 1 — chạy thử, chưa lưu"
    assert "1 sẽ nhập" in lines[-1]
    assert counts(schema_db_url) == {"report": 0, "indicator_value": 0, "finding": 0}

    code, lines, _ = run(capsys, schema_db_url, str(SAMPLE))
    assert code == 0 and lines[0] == OK_LINE + " 1"
    assert counts(schema_db_url) == {"report": 1, "indicator_value": 10, "finding": 21}

    code, lines, _ = run(capsys, schema_db_url, str(SAMPLE))
    assert code == 0 and lines[0].startswith("KHÔNG ĐỔI hai-duong-2026-kl62.txt") and "phiên bản 1" in lines[0]
    assert counts(schema_db_url)["report"] == 1

    code, lines, _ = run(capsys, schema_db_url, str(SAMPLE), "--force")
    assert code == 0 and lines[0] == OK_LINE + " 2 (thay phiên bản 1)"
    assert counts(schema_db_url) == {"report": 2, "indicator_value": 20, "finding": 42}


def test_a_folder_with_a_good_and_a_bad_file_imports_one_and_skips_one(schema_db_url, tmp_path, capsys):
    folder = tmp_path / "bao-cao"
    (folder / "thang-5").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "thang-5" / SAMPLE.name)
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 this is not a word file")
    (folder / "ghi-chu.csv").write_text("không phải báo cáo", encoding="utf-8")  # not a report type: ignored
    code, lines, _ = run(capsys, schema_db_url, str(folder))
    assert code == 1
    assert lines[0].startswith("BỎ QUA hong.docx: ") and "Word" in lines[0]
    assert lines[1] == OK_LINE + " 1"
    assert lines[-1] == "Tổng cộng 2 tệp: 1 đã nhập, 0 không thay đổi, 1 bỏ qua."
    assert counts(schema_db_url) == {"report": 1, "indicator_value": 10, "finding": 21}


def test_a_file_of_an_unknown_unit_needs_unit_and_agrees_with_the_text(schema_db_url, tmp_path, capsys):
    unknown = tmp_path / "bao-cao-kl62.txt"
    unknown.write_text(SAMPLE.read_text(encoding="utf-8").replace("Hải Dương", "Hoa Sen Tím"), encoding="utf-8")
    code, lines, _ = run(capsys, schema_db_url, str(unknown))
    assert code == 1 and lines[0].startswith("BỎ QUA bao-cao-kl62.txt: Không tìm thấy «Phường Hoa Sen Tím»")
    code, lines, _ = run(capsys, schema_db_url, str(unknown), "--unit", "10525", "--year", "2024")
    assert code == 1 and "năm 2025, không phải năm 2024" in lines[0]
    assert counts(schema_db_url)["report"] == 0
    code, lines, _ = run(capsys, schema_db_url, str(unknown), "--unit", "10525")
    assert code == 0 and lines[0].startswith("OK   bao-cao-kl62.txt → Phường Hải Dương (10525), năm 2025")


def test_usage_errors_exit_with_2_and_write_nothing(schema_db_url, tmp_path, capsys):
    code, _, err = run(capsys, schema_db_url, str(tmp_path / "khong-co.txt"))
    assert code == 2 and "Không tìm thấy tệp hoặc thư mục" in err
    code, _, err = run(capsys, schema_db_url, str(SAMPLE), "--unit", "999999")
    assert code == 2 and "mã 999999" in err
    code, _, err = run(capsys, schema_db_url, str(SAMPLE), "--year", "1990")
    assert code == 2 and "Năm báo cáo 1990 không hợp lệ" in err
    code, _, err = run(capsys, schema_db_url, str(tmp_path))
    assert code == 2 and "Không tìm thấy tệp báo cáo nào" in err
    assert counts(schema_db_url)["report"] == 0
