"""Nhận định & kiến nghị through AppTest: accent-insensitive search, filters, recurring themes."""

from __future__ import annotations

import pytest

from data_access import queries
from data_access.db import get_engine
from tests.support.pages import download, run_page, shown

PAGE = "pages/3_Nhan_dinh_kien_nghi.py"


@pytest.mark.parametrize("typed, meant", [("kinh phi", "kinh phí"), ("dang vien", "đảng viên")])
def test_search_without_accents(app_env, typed, meant):
    at = run_page(PAGE, q=typed)
    table = shown(at, "Nội dung")
    assert len(table) > 0 and table["Nội dung"].str.lower().str.contains(meant).all()
    expected = queries.findings(get_engine(app_env), province_code=31, year=2025, search=meant)
    assert len(table) == len(expected)


def test_theme_opens_its_units_and_sentences(app_env, downloads):
    at = run_page(PAGE, theme="funding", unit=10525)
    counts = queries.theme_counts(get_engine(app_env), 31, 2025).set_index("theme")
    units = shown(at, "Số câu")
    assert len(units) == counts.loc["funding", "units"] > 0
    assert "Phường Hải Dương" in set(units["Đơn vị"])
    assert len(download(downloads, "chu-de-kinh-phi-nguon-luc-hoat-dong_hai-phong_2025")) == len(units)
    sentences = shown(at, "Nội dung")
    assert (sentences["Đơn vị"] == "Phường Hải Dương").all()
    assert sentences["Nội dung"].str.lower().str.contains("kinh phí|nguồn lực").all()
    assert (sentences["Nguồn"] == "").all()  # the real report
    assert len(download(downloads, "nhan-dinh_phuong-hai-duong_2025")) == len(sentences)


def test_kind_filter_and_empty_result(app_env):
    at = run_page(PAGE, unit=10525, kinds="recommendation")
    assert list(shown(at, "Nội dung")["Loại"]) == ["Kiến nghị, đề xuất"] * 3
    at = run_page(PAGE, q="không có câu nào như thế")
    assert any("Không có nhận định nào" in i.value for i in at.info)
