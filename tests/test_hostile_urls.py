"""Hostile URL parameters on every page (except the import page, tested with the importer),
through AppTest against a real temporary database, on SQLite and PostgreSQL.

A link is something anyone can send: whatever it holds, a page must not crash, must say in
Vietnamese what it could not use, and must never render the value as Markdown or HTML (a
phishing link or a remote image inside an official warning). AppTest gives each element's
Markdown source, so the checks look for an unescaped "](" (a link or image) or "<" before a
tag name (HTML)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine
from tests.support.pages import ROOT

PAGES = [
    "app.py",
    "pages/1_Chi_tiet_don_vi.py",
    "pages/2_So_sanh.py",
    "pages/3_Nhan_dinh_kien_nghi.py",
    "pages/4_Tinh_hinh_bao_cao.py",
    "pages/6_Trinh_chieu.py",
    "pages/7_Chi_tieu_giao.py",
    "pages/8_Danh_muc.py",
    "pages/9_Quan_tri.py",
]
PHISHING = "[Phiên hết hạn, bấm để đăng nhập lại](https://evil.example/login)"
PIXEL = "![](https://evil.example/pixel.png)"
HTML = '<img src="https://evil.example/x.png" onerror="alert(1)">'
LONG_DIGITS = "9" * 5000
PARAMS = ("province", "unit", "year", "slide", "indicator", "units", "kinds", "area", "theme", "q", "subject", "auto")

# Each set puts a hostile value in every parameter at once: one page run checks them all.
HOSTILE_SETS = {
    "links": {
        "province": PHISHING, "unit": HTML, "year": PIXEL, "slide": PHISHING, "indicator": PIXEL,
        "units": PHISHING, "kinds": PHISHING, "area": PIXEL, "theme": HTML, "q": PHISHING, "subject": PHISHING,
    },
    "numbers": {
        "province": "99999999999999999999", "unit": "99999999999999999999", "year": "²", "slide": "²",
        "indicator": "²", "units": "²,99999999999999999999,-1,1_0", "kinds": "²", "area": "²", "theme": "²",
        "q": "²", "subject": "²", "auto": "²",
    },
    "long": {name: LONG_DIGITS for name in PARAMS} | {"q": "x" * 5000 + "\x00\r\n"},
    "markup": {
        "province": ":red[31]", "unit": "$10525$", "year": "**2025**", "slide": "`1`", "indicator": "&lt;b&gt;",
        "units": " 10525 ", "q": "\x00", "kinds": "limitation,limitation", "area": "", "theme": "%",
        "subject": "**KL62**",
    },
}
# Where a value is accepted as valid (" 10525 " for units), nothing is echoed; else a warning.
ECHOED = ("province", "unit", "year", "slide", "indicator")


def _bodies(at: AppTest) -> list[tuple[str, str, bool]]:
    """(kind, Markdown source, allows HTML) of every element that shows text."""
    out = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader"):
        for element in getattr(at, kind):
            out.append((kind, str(element.value), bool(getattr(element.proto, "allow_html", False))))
    return out


def _assert_nothing_rendered(at: AppTest, where: str) -> None:
    for kind, body, html in _bodies(at):
        assert not re.search(r"(?<!\\)\]\(", body), f"{where}: a link or image would render in {kind}: {body!r}"
        assert not re.search(r"(?<!\\)<\s*/?\s*(img|a|script|iframe)\b", body, re.I), (
            f"{where}: HTML in {kind}: {body!r}"
        )
        if html:  # only the page's own CSS may use HTML; a URL may sit inside a CSS string (print footer)
            outside_strings = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', body)
            assert "evil" not in outside_strings and "alert" not in outside_strings, f"{where}: {body!r}"
            assert body.count("<style>") <= 1 and body.count("</style>") <= 1, f"{where}: {body!r}"


def _run(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if page != "app.py":
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


@pytest.mark.parametrize("hostile", list(HOSTILE_SETS))
@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_parameters_never_crash_and_are_never_rendered(app_env, page, hostile):
    params = HOSTILE_SETS[hostile]
    at = _run(page, params)
    where = f"{page} with {hostile}"
    assert not at.exception, (where, [e.message for e in at.exception])
    _assert_nothing_rendered(at, where)
    warnings = " ".join(w.value for w in at.warning)
    assert "Không có tỉnh, thành phố mã" in warnings, where  # every page reads the province
    if hostile in ("links", "markup"):
        # The phishing text is still shown, as text: escaped, so a reader sees what was sent.
        assert "evil\\.example" in warnings or hostile == "markup", where
    if page == "pages/6_Trinh_chieu.py":
        assert "Không có trang chiếu" in warnings, where
        assert next(m.value for m in at.markdown if m.value.startswith("**Trang ")).startswith("**Trang 1/5**")
    if page == "pages/1_Chi_tiet_don_vi.py" and hostile != "markup":
        assert "Không tìm thấy đơn vị mã" in warnings, where
    if page == "pages/2_So_sanh.py":
        assert "Không có chỉ tiêu mã" in warnings, where
        if hostile != "markup":
            assert "Bỏ qua mã đơn vị" in warnings, where


def test_a_long_number_is_echoed_shortened(app_env):
    at = _run("pages/6_Trinh_chieu.py", {"slide": LONG_DIGITS, "year": LONG_DIGITS})
    assert not at.exception, [e.message for e in at.exception]
    for warning in at.warning:
        assert len(warning.value) < 300, warning.value
    assert any("Không có trang chiếu «" + "9" * 40 + "…»" in w.value for w in at.warning)
    assert any("Năm «" + "9" * 40 + "…» không hợp lệ" in w.value for w in at.warning)


def test_nine_units_on_compare_keep_eight_and_say_so(app_env):
    engine = get_engine(app_env)
    ranking = queries.indicator_ranking(engine, 31, 2025, "party_members")
    codes = [int(c) for c in ranking["ward_code"].head(9)]
    assert len(codes) == 9
    at = _run("pages/2_So_sanh.py", {"indicator": "party_members", "units": ",".join(map(str, codes))})
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect[0].value == codes[:8]
    assert any("tối đa 8 đơn vị" in w.value for w in at.warning)


def test_valid_parameters_with_spaces_and_repeats_are_used_without_a_warning(app_env):
    at = _run("pages/2_So_sanh.py", {"indicator": "poor_fund", "units": " 10525 ,10525"})
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.multiselect[0].value == [10525]


def test_unit_of_another_province_names_it_escaped(app_env):
    at = _run("pages/1_Chi_tiet_don_vi.py", {"unit": "4", "year": "2025"})  # Phường Ba Đình, Hà Nội
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đơn vị mã 4 (" in w.value and "không thuộc tỉnh, thành phố đang chọn" in w.value for w in at.warning)


def test_echoed_report_entities_show_as_written():
    from domain import format as vn

    shown = vn.literal("&lt;b&gt; và <b>đậm</b>")
    assert "\\&lt;b\\&gt;" in shown and "\\<b\\>" in shown
