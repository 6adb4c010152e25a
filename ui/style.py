"""Page-wide style every page gets from ui.frame.page_frame: the sidebar fitting a 1024 px
tablet, a phone layout (390 px), and the print view (A4 landscape, headings repeated, no chart
or row split, a footer with the page number and the view's URL). Also the local favicon and
the blank display of missing table cells.

Only CSS: Streamlit draws the page, these rules size it. The selectors are Streamlit's stable
`data-testid` attributes."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from data_access.config import PROJECT_ROOT

# A file in the repository: the browser gets it from the app itself, so it works offline
# (a ":material/…:" icon is fetched from a font CDN).
FAVICON = str(PROJECT_ROOT / "static" / "favicon.png")

SIDEBAR_WIDTH_TABLET = 320  # px at ≤ 1100 px: "Nhận định & kiến nghị" and "Thành phố Hải Phòng" whole

STYLE = """
<style>
/* ---- a 1024 px tablet or projector: the sidebar wide enough for its labels and boxes ---- */
[data-testid="stSidebar"] a p { white-space: normal; overflow: visible; text-overflow: clip; }
@media (max-width: 1100px) and (min-width: 641px) {
  [data-testid="stSidebar"] { min-width: WIDTHpx !important; max-width: WIDTHpx !important; }
  [data-testid="stSidebarContent"] { padding-left: 0.25rem; padding-right: 0.25rem; }
  [data-testid="stSidebarUserContent"] { padding-left: 1rem; padding-right: 1rem; }
  [data-testid="stSidebar"] [data-testid="stSelectbox"] input { font-size: 0.9rem; }
  [data-testid="stSidebar"] a p { font-size: 1rem; }
}

/* ---- a phone (390 px): one column, nothing wider than the screen ---- */
@media (max-width: 640px) {
  .block-container, [data-testid="stMainBlockContainer"] {
    padding-left: 0.75rem !important; padding-right: 0.75rem !important; padding-top: 3.5rem; }
  [data-testid="stMain"] { overflow-x: hidden; }
  /* the sidebar, opened from its button, covers most of the screen: whole unit names */
  [data-testid="stSidebar"] { min-width: min(320px, 88vw) !important; max-width: min(320px, 88vw) !important; }
  h1 { font-size: 1.8rem !important; }
  h2 { font-size: 1.5rem !important; }
  h3 { font-size: 1.25rem !important; }
  [data-testid="stMetricValue"] { font-size: 1.8rem !important; }
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  [data-testid="stColumn"] { min-width: 100% !important; width: 100% !important; flex: 1 1 100% !important; }
  [data-testid="stTable"] { overflow-x: auto; max-width: 100%; }
  /* a chart wider than the phone (small multiples, a heatmap) is scaled down to its width */
  [data-testid="stVegaLiteChart"], .vega-embed { max-width: 100% !important; }
  [data-testid="stVegaLiteChart"] svg { max-width: 100% !important; height: auto !important; }
  [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
  [data-testid="stSegmentedControl"] { flex-wrap: wrap; }
}

/* ---- the print view: A4 landscape, whole tables, repeated headings, no split charts ---- */
@media print {
  @page {
    size: A4 landscape;
    margin: 12mm 10mm 14mm 10mm;
    @bottom-left { content: PRINT_URL; font-size: 8pt; color: #555; }
    @bottom-right { content: "Trang " counter(page) " / " counter(pages); font-size: 8pt; color: #555; }
  }
  html, body { width: auto !important; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stDownloadButton"], [data-testid="stSegmentedControl"], [data-testid="stLinkButton"] {
    display: none !important; }
  .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    position: static !important; overflow: visible !important; height: auto !important; min-height: 0 !important;
  }
  .block-container, [data-testid="stMainBlockContainer"] {
    max-width: none !important; width: auto !important; padding: 0 !important; margin: 0 !important; }
  /* a scrolling box cannot be split across pages: the table would be cut, its headings not repeated */
  [data-testid="stTable"], [data-testid="stTable"] div {
    overflow: visible !important; max-width: 100% !important; max-height: none !important; }
  [data-testid="stTable"] table {
    display: table !important; width: 100% !important; max-width: 100% !important; table-layout: auto; }
  [data-testid="stExpanderIcon"], [data-testid="stExpander"] summary [data-testid="stIconMaterial"] {
    display: none !important; }
  [data-testid="stTable"] th, [data-testid="stTable"] td {
    font-size: 8.5pt !important; padding: 2px 4px !important; white-space: normal !important; overflow-wrap: anywhere;
  }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; }
  [data-testid="stVegaLiteChart"], [data-testid="stMetric"], [data-testid="stVerticalBlockBorderWrapper"],
  [data-testid="stAlert"], [data-testid="stImage"] { break-inside: avoid; }
  /* a chart taller than a page (every unit) is scaled down to one page rather than split */
  [data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas {
    max-width: 100% !important; max-height: 170mm !important; width: auto !important; height: auto !important; }
  [class*="st-key-attention-unit-"] { break-inside: avoid; }
  [data-testid="stVegaLiteChart"] > div, [data-testid="stVegaLiteChart"] .vega-embed {
    max-width: 100% !important; width: 100% !important; }
  h1, h2, h3, h4 { break-after: avoid; }
  [data-testid="stExpander"] details { border: none !important; }
}
</style>
"""


def _css_string(text: str) -> str:
    """A CSS string literal (JSON's escaping is valid CSS for printable text); "<" escaped too,
    so that nothing in it can close the <style> element it sits in."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\3c ")


# A page's own choice in the URL (an indicator, units, kinds, a slide) is repeated in the printed
# footer only when it has the shape of a code: the footer is drawn before the page checks it.
_CODE_VALUE = re.compile(r"[a-z0-9_,]{1,200}")
_FREE_TEXT = ("q",)


def view_url(filters: dict[str, str]) -> str:
    """The URL of the view shown, for the printed footer: the frame's checked filters, and the
    page's own choices that look like codes; never a raw value someone typed into the URL."""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # outside a browser session (AppTest): no URL to print
        base = ""
    own = {k: v for k, v in st.query_params.items()
           if k not in filters and k not in _FREE_TEXT and _CODE_VALUE.fullmatch(v)}
    query = urlencode({**filters, **own})
    return f"{base}?{query}" if query else base


def inject_style(place, filters: dict[str, str]) -> None:
    """The page-wide CSS into `place` (an st.empty() the frame keeps at the top of the page),
    once the frame knows the view's checked `filters` (Filters.params())."""
    css = STYLE.replace("WIDTH", str(SIDEBAR_WIDTH_TABLET)).replace("PRINT_URL", _css_string(view_url(filters)))
    place.markdown(css, unsafe_allow_html=True)


def blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values in text columns shown as empty cells (st.dataframe and st.table would
    write a grey "None"); numeric columns keep their type and Streamlit's own blank."""
    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])
                    and not pd.api.types.is_datetime64_any_dtype(frame[c])]
    if not text_columns:
        return frame
    out = frame.copy()
    for column in text_columns:
        out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out
