"""Report text is shown as text: HTML, Markdown links and images, LaTeX and Streamlit
directives written in a report must appear literally on the unit page, never rendered.

AppTest gives the Markdown source of each element, so the test checks that every element
showing the hostile finding either is plain text (st.text / st.code) or escapes each special
character (a backslash before it), which Markdown then shows as the character itself."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from data_access import writes
from data_access.db import get_engine
from data_access.security import system_actor
from tests.support.pages import ROOT

HOSTILE = ["<script>alert(1)</script>", "[link](http://x)", "![img](x)", "$x^2$", ":red[đỏ]", "**đậm**"]
FINDING = "Ưu điểm rõ nét " + " ".join(HOSTILE)


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_hostile_finding_is_shown_literally_on_the_unit_page(app_env):
    writes.save_report(
        get_engine(app_env), actor=system_actor("test"), ward_code=10525, year=2024, subject_code="KL62",
        report={"title": "Báo cáo [link](http://x)", "source_filename": "![img](x).txt"},
        figures=[], findings=[{"kind": "strength", "text": FINDING}],
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/1_Chi_tiet_don_vi.py")
    at.query_params["unit"] = "10525"
    at.query_params["year"] = "2024"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    literal = [e.value for e in [*at.text, *at.code] if "alert(1)" in str(e.value)]
    markdown = [e.value for e in [*at.markdown, *at.caption] if "alert(1)" in _unescape(e.value)]
    assert literal or markdown, "the finding is not shown at all"
    for source in markdown:
        for token in HOSTILE:
            assert token in _unescape(source)
            assert token not in source, f"«{token}» would be rendered: {source!r}"
    metadata = [e.value for e in at.markdown if "http://x" in _unescape(e.value) and "Văn bản" in e.value]
    for source in metadata:
        assert "[link](http://x)" not in source
