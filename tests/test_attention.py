"""The "Cần chú ý" view: units below the chosen band with their lowest indicators and their
own limitations, causes and recommendations, worst first; on the overview, in the province
PDF brief (pages after the first, headings repeated) and in the CSV/Excel extracts."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from data_access import extracts, queries
from exports import views
from exports.brief import province_brief_pdf
from exports.tables import attention_groups, export_frame
from tests.support.pages import download, rendered, run_page

PROVINCE, YEAR = 31, 2025


def _behind(engine, below: float = 80.0):
    achievement = queries.unit_achievement(engine, PROVINCE, YEAR)
    return achievement[achievement["achieved_percent"] < below]


@pytest.mark.parametrize("below", [80.0, 100.0])
def test_attention_lists_every_unit_below_the_band_worst_first(sample_engine, below):
    data = queries.attention_units(sample_engine, PROVINCE, YEAR, below_percent=below)
    behind = _behind(sample_engine, below)
    assert len(behind) > 0
    assert list(data["ward_code"].drop_duplicates()) == list(behind["ward_code"])  # worst first
    groups = attention_groups(data)
    for group, row in zip(groups, behind.to_dict("records"), strict=True):
        assert group["unit_percent"] == pytest.approx(row["achieved_percent"])
        # the lowest indicators, lowest first, each below the unit's own mean at the start
        lows = [r["achieved_percent"] for r in group["indicator"]]
        assert 1 <= len(lows) <= 3 and lows == sorted(lows)
        every = queries.unit_indicators(sample_engine, group["ward_code"], YEAR)["achieved_percent"].dropna()
        assert lows[0] == pytest.approx(every.min())
        # its own findings, verbatim and complete, in report order
        for kind in ("limitation", "cause", "recommendation"):
            own = queries.findings(sample_engine, ward_code=group["ward_code"], year=YEAR, kinds=[kind])
            assert [r["text"] for r in group[kind]] == list(own["text"])
            assert [r["source_excerpt"] for r in group[kind]] == list(own["source_excerpt"])


def test_attention_is_empty_when_no_unit_is_below(sample_engine):
    assert queries.attention_units(sample_engine, PROVINCE, YEAR, below_percent=0.0).empty


def test_province_brief_has_an_attention_page_with_repeated_headings(sample_engine):
    data = province_brief_pdf(extracts.province(sample_engine, PROVINCE, YEAR), PROVINCE, YEAR)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    for page in reader.pages:  # every page A4 landscape
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((841.89, 595.28), abs=1)
    later = [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in reader.pages[1:]]
    text = " ".join(later)
    assert "Cần chú ý" in later[0]
    for page_text in later:  # the heading row is on every page of the table
        assert "Chỉ tiêu đạt thấp nhất" in page_text and "Kiến nghị, đề xuất" in page_text
    for group in attention_groups(queries.attention_units(sample_engine, PROVINCE, YEAR)):
        assert group["ward_name"] in text
        for row in group["limitation"] + group["recommendation"]:
            assert " ".join(row["text"].split()) in text


def test_attention_is_a_table_of_the_province_extracts(sample_engine):
    view = views.province_view(extracts.province(sample_engine, PROVINCE, YEAR), PROVINCE, YEAR)
    tables = dict(view.tables)
    extract = export_frame(tables["attention"], year=YEAR)
    assert {"Tên đơn vị", "Mục", "Nội dung", "Câu trích từ báo cáo", "Đạt (% chỉ tiêu)"} <= set(extract.columns)
    assert set(extract["Mục"]) == {"Chỉ tiêu đạt thấp", "Hạn chế, khuyết điểm", "Nguyên nhân", "Kiến nghị, đề xuất"}
    assert set(extract["Tên đơn vị"]) == set(_behind(sample_engine)["ward_name"])


def test_overview_shows_the_attention_section_with_findings_and_a_csv(app_env, downloads, sample_engine):

    at = run_page(year=YEAR)
    text = "\n".join(rendered(at))
    groups = attention_groups(queries.attention_units(sample_engine, PROVINCE, YEAR))
    assert "Cần chú ý" in " ".join(h.value for h in at.subheader)
    for group in groups:
        assert group["ward_name"] in text
        for row in group["limitation"] + group["cause"] + group["recommendation"]:
            assert row["text"] in text
        assert group["indicator"][0]["text"] in text
    extract = download(downloads, "can-chu-y_")
    assert list(extract["Tên đơn vị"].drop_duplicates()) == [g["ward_name"] for g in groups]
    # the wider choice (< 100 %) adds the units near their targets
    at.query_params["chu_y"] = "100"
    at.run()
    wider = "\n".join(rendered(at))
    for name in _behind(sample_engine, 100.0)["ward_name"]:
        assert name in wider
