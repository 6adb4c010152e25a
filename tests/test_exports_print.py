"""The print view (`?print=1`, ui/frame.py): tables are drawn with st.table, which prints
every row, on the overview and on the unit page."""

from __future__ import annotations

from tests.support.pages import run_page


def test_overview_print_view_uses_static_tables(app_env):
    screen = run_page("app.py")
    printed = run_page("app.py", print=1)
    assert len(printed.table) > 0
    assert len(screen.dataframe) > 0  # on screen: interactive tables
    assert len(printed.table) >= len(screen.dataframe) + len(screen.table)
    assert len(printed.dataframe) == 0


def test_unit_page_print_view_uses_static_tables(app_env):
    screen = run_page("pages/1_Chi_tiet_don_vi.py", unit=10525, year=2025)
    assert len(screen.dataframe) > 0
    printed = run_page("pages/1_Chi_tiet_don_vi.py", unit=10525, year=2025, print=1)
    assert len(printed.table) > 0
    assert len(printed.dataframe) == 0
    cells = " ".join(str(v) for t in printed.table for v in t.value.astype(str).to_numpy().ravel())
    assert "Đảng viên" in cells
