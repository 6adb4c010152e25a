"""The one-page PDF brief: text extracted with pypdf holds the unit's name and the real report's
limitations with every diacritic; one page, A4 landscape; the province brief; long texts cut;
the `brief` command writes a PDF and refuses unknown units and years."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from data_access import extracts, queries
from exports.brief import SEE_DASHBOARD, BriefUnavailable, province_brief, render_pdf, unit_brief, unit_brief_pdf
from tests.support.pages import ROOT

A4_LANDSCAPE = (841.89, 595.28)  # points


def _text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return reader, " ".join(unicodedata.normalize("NFC", text).split())


def _one_a4_landscape_page(reader: PdfReader) -> None:
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=1)


def test_unit_brief_holds_name_and_real_limitations(sample_engine):
    reader, text = _text(unit_brief_pdf(extracts.unit(sample_engine, 10525, 2025), 10525, 2025))
    _one_a4_landscape_page(reader)
    assert "Phường Hải Dương" in text
    limitations = queries.findings(sample_engine, ward_code=10525, year=2025, kinds=["limitation"])["text"]
    assert len(limitations) == 2
    for sentence in limitations:
        assert " ".join(sentence.split()) in text
    assert "Dữ liệu minh họa" not in text  # the real report is not labelled illustrative
    # The honesty rule (README): the real figure is not measured against an illustrative target.
    assert "370 triệu đồng" in text and "Gần đạt" not in text and "Chưa giao" in text
    assert "Báo cáo tổng kết Kết luận số 62-KL/TW" in text  # the source


def test_illustrative_unit_is_labelled(sample_engine):
    worst = queries.unit_achievement(sample_engine, 31, 2025).iloc[0]
    reader, text = _text(
        unit_brief_pdf(extracts.unit(sample_engine, int(worst["ward_code"]), 2025), int(worst["ward_code"]), 2025)
    )
    _one_a4_landscape_page(reader)
    assert worst["ward_name"] in text and "Dữ liệu minh họa" in text and "Chưa đạt" in text


def test_province_brief(sample_engine):
    brief = province_brief(extracts.province(sample_engine, 31, 2025), 31, 2025)
    brief.attention = []  # the brief itself is one page; the "Cần chú ý" pages are tested apart
    reader, text = _text(render_pdf(brief))
    _one_a4_landscape_page(reader)
    summary = queries.reporting_summary(sample_engine, 31, 2025).iloc[0]
    assert "Thành phố Hải Phòng" in text
    assert f"{summary['reported']}/{summary['units']}" in text
    top = queries.theme_counts(sample_engine, 31, 2025, kinds=["limitation"]).iloc[0]
    assert f"{top['label']}: {top['units']} đơn vị nêu" in text
    assert queries.unit_achievement(sample_engine, 31, 2025).iloc[0]["ward_name"] in text
    assert "Dữ liệu minh họa" in text


def test_long_texts_stay_on_one_page_and_say_where_to_read_them(sample_engine):
    brief = unit_brief(extracts.unit(sample_engine, 10525, 2025), 10525, 2025)
    long = "Hạn chế rất dài về công tác vận động Nhân dân ở tổ dân phố " * 40
    brief.sections = [(title, [long] * 6) for title, _ in brief.sections]
    brief.source = "Nguồn: " + "báo cáo có tên rất dài " * 60
    reader, text = _text(render_pdf(brief))
    _one_a4_landscape_page(reader)
    assert "…" in text and SEE_DASHBOARD in text


def test_unknown_unit_or_year_is_refused_in_vietnamese(sample_engine):
    with pytest.raises(BriefUnavailable, match="Không tìm thấy đơn vị mã 99999"):
        unit_brief(extracts.unit(sample_engine, 99999, 2025), 99999, 2025)
    with pytest.raises(BriefUnavailable, match="chưa có báo cáo năm 2019"):
        unit_brief(extracts.unit(sample_engine, 10525, 2019), 10525, 2019)
    with pytest.raises(BriefUnavailable, match="Chưa có báo cáo nào của năm 2040"):
        province_brief(extracts.province(sample_engine, 31, 2040), 31, 2040)


def _manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )


def test_brief_command_writes_a_pdf_and_refuses_unknown_unit(sample_db_url, tmp_path):
    # Two processes only (each start costs seconds); the province brief and the refusals of
    # other inputs are checked in-process above.
    unit_pdf = tmp_path / "hai-duong.pdf"
    done = _manage("brief", "--unit", "10525", "--year", "2025", "-o", str(unit_pdf), "--database-url", sample_db_url)
    assert done.returncode == 0, done.stderr
    reader, text = _text(unit_pdf.read_bytes())
    _one_a4_landscape_page(reader)
    assert "Phường Hải Dương" in text

    refused = _manage("brief", "--unit", "99999", "--year", "2025", "-o", str(tmp_path / "x.pdf"),
                      "--database-url", sample_db_url)
    assert refused.returncode == 2
    assert "Không tìm thấy đơn vị mã 99999" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "x.pdf").exists()
