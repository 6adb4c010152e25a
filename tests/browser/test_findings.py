"""The findings explorer: a leader types without diacritics and still finds the sentences."""

from __future__ import annotations

import re
import unicodedata

import pytest

from data_access import queries
from data_access.reference import DEFAULT_PROVINCE
from tests.browser.conftest import UI, require_page
from tests.browser.test_pages import REAL_YEAR

pytestmark = pytest.mark.browser

SEARCH_BOX = "Tìm trong nội dung"


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d): the test's own oracle, independent of the app's."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def test_search_without_accents_finds_kinh_phi(ui: UI, sample_app):
    require_page("Nhan_dinh_kien_nghi")
    findings = queries.findings(sample_app.engine, province_code=DEFAULT_PROVINCE, year=REAL_YEAR)
    expected = findings[findings["text"].map(lambda t: "kinh phi" in fold(t))]
    assert expected["text"].str.lower().str.contains("kinh phí").any()  # the data has "kinh phí"

    ui.open("Nhan_dinh_kien_nghi", year=REAL_YEAR)
    box = ui.page.get_by_label(re.compile(SEARCH_BOX))
    box.fill("kinh phi")
    box.press("Enter")
    ui.page.wait_for_url(re.compile(r"[?&]q=kinh(\+|%20)phi"), timeout=30_000)
    ui.settle()
    ui.assert_clean()
    ui.wait_for_text(f"{len(expected):,}".replace(",", ".") + " nhận định")
    cells = [c.lower() for c in ui.table_cells()]
    shown = [c for c in cells if "kinh phí" in c]
    assert shown, f"no visible cell contains «kinh phí» at {ui.size}: {cells[:12]}"
    ui.screenshot("05b_tim-kinh-phi")
