"""Every page draws the shared frame: the sidebar with the five Vietnamese page links, which
keep the filters, so moving between pages keeps the province and year."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.pages import ROOT
from ui.frame import PAGES


def test_every_page_draws_the_shared_sidebar_and_keeps_the_filters(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["year"] = "2023"
    for page in PAGES:
        if page.path != "app.py":
            at.switch_page(page.path)
        at.run()
        assert not at.exception, (page.path, [e.message for e in at.exception])
        assert [t.value for t in at.title] == [page.label]
        links = at.get("page_link")
        assert [link.proto.label for link in links] == [page.label for page in PAGES]
        queries = [link.proto.query_string for link in links]
        assert all("year=2023" in q and "province=31" in q for q in queries), (page.path, queries)
        assert at.selectbox(key="f_year").value == 2023
