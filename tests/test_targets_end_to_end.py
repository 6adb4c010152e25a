"""From zero, as "Bắt đầu với dữ liệu thật" in the README says: an empty database (init-db
only), three reports imported with import-reports, the targets sheet from targets-template
filled in and imported with import-targets. The overview, the unit page, the comparison and
the PDF brief then show % of target for exactly the three units."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from data_access import extracts
from exports.brief import unit_brief, unit_brief_pdf
from manage import main
from tests.support.pages import ROOT, run_page

SAMPLE = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
# (code, name as the text writes it, Quỹ "Vì người nghèo" as written) of the two other units.
OTHERS = [(11311, "Hồng Bàng", "300"), (11341, "Ngô Quyền", "450")]
HAI_DUONG = 10525


def _variant(tmp_path, name: str, fund: str):
    """The Hải Dương report as another ward would write it: its own name, its own fund figure."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert "đạt trên 370 triệu đồng" in text
    text = text.replace("Hải Dương", name).replace("đạt trên 370 triệu đồng", f"đạt trên {fund} triệu đồng")
    path = tmp_path / f"bao-cao-{name.replace(' ', '-').lower()}-2025.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _manage(capsys, url: str, *args: str) -> tuple[int, str]:
    code = main([*args, "--database-url", url])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def real_province(empty_db_url, tmp_path, capsys, monkeypatch):
    """The README's steps on an empty database; returns the database URL."""
    url = empty_db_url
    code, out = _manage(capsys, url, "init-db")
    assert code == 0, out
    code, out = _manage(capsys, url, "import-reports", str(SAMPLE))
    assert code == 0, out
    for ward, name, fund in OTHERS:
        code, out = _manage(capsys, url, "import-reports", str(_variant(tmp_path, name, fund)),
                            "--unit", str(ward), "--year", "2025")
        assert code == 0 and f"Phường {name} ({ward}), năm 2025" in out, out

    sheet = tmp_path / "chi-tieu-2025.xlsx"
    units = [HAI_DUONG] + [w for w, _, _ in OTHERS]
    code, out = _manage(capsys, url, "targets-template", "--province", "31", "--year", "2025",
                        *[a for w in units for a in ("--unit", str(w))], "-o", str(sheet))
    assert code == 0, out
    workbook = load_workbook(sheet)
    rows = workbook.active
    headings = [c.value for c in rows[1]]
    assert headings == ["Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm", "Chỉ tiêu giao"]
    filled = 0
    for row in rows.iter_rows(min_row=2):
        assert row[6].value is None  # nobody has a target yet
        if row[2].value == "poor_fund":
            row[6].value = "400.000.000"  # typed the Vietnamese way, as text
            filled += 1
    assert filled == 3 and rows.max_row == 1 + 3 * 31
    workbook.save(sheet)

    code, out = _manage(capsys, url, "import-targets", str(sheet), "--dry-run")
    assert code == 0 and "3 mới, 0 thay đổi, 0 không đổi (chạy thử, chưa ghi gì)" in out, out
    code, out = _manage(capsys, url, "import-targets", str(sheet))
    assert code == 0, out
    assert (
        'MỚI  Phường Hải Dương (10525), Quỹ "Vì người nghèo" vận động được, năm 2025: chưa có → 400 triệu đồng' in out
    )
    assert "3 mới, 0 thay đổi, 0 không đổi (đã lưu)" in out
    code, out = _manage(capsys, url, "import-targets", str(sheet))
    assert "0 mới, 0 thay đổi, 3 không đổi" in out
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _table(at, heading: str):
    for frame in at.dataframe:
        if heading in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column «{heading}»")


def test_from_zero_the_overview_unit_page_comparison_and_brief_show_real_percent_of_target(real_province):
    overview = run_page("app.py", province=31, year=2025)
    table = _table(overview, "% đạt chỉ tiêu")
    shown = dict(zip(table["Đơn vị"], table["% đạt chỉ tiêu"], strict=True))
    assert shown == {"Phường Hồng Bàng": "75 %", "Phường Hải Dương": "92,5 %", "Phường Ngô Quyền": "112,5 %"}
    assert set(table["Nguồn"]) == {""}  # real data carries no label

    unit_page = run_page("pages/1_Chi_tiet_don_vi.py", province=31, year=2025, unit=HAI_DUONG)
    figures = _table(unit_page, "% đạt")
    fund = figures[figures["Chỉ tiêu"] == 'Quỹ "Vì người nghèo" vận động được'].iloc[0]
    assert (fund["Thực hiện"], fund["Chỉ tiêu giao"], fund["% đạt"]) == (
        "trên 370 triệu đồng",
        "400 triệu đồng",
        "92,5 %",
    )
    assert (figures["% đạt"] != "—").sum() == 1  # only the fund has a target

    compare = run_page("pages/2_So_sanh.py", province=31, year=2025, indicator="poor_fund")
    ranking = _table(compare, "% đạt")
    assert dict(zip(ranking["Đơn vị"], ranking["% đạt"], strict=True)) == {
        "Phường Ngô Quyền": "112,5 %", "Phường Hải Dương": "92,5 %", "Phường Hồng Bàng": "75 %"}

    from data_access.db import get_engine
    brief = unit_brief(extracts.unit(get_engine(real_province), HAI_DUONG, 2025), HAI_DUONG, 2025)
    headline = dict(brief.headline)
    assert headline["Mức đạt chỉ tiêu bình quân"].startswith("92,5 %")
    assert "minh họa" not in headline["Mức đạt chỉ tiêu bình quân"]
    assert ("Thứ hạng (từ thấp lên)", "2/3 đơn vị") in brief.headline
    text = " ".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(unit_brief_pdf(extracts.unit(get_engine(real_province), HAI_DUONG, 2025), HAI_DUONG, 2025))
        ).pages
    )
    assert "92,5 %" in text and "400 triệu đồng" in text and "Dữ liệu minh họa" not in text
