"""The presentation mode's screen: the slide fills the window (no sidebar, header or toolbar),
type scales with the window's height, and a small script listens to the keys a clicker sends
(←/→, PageUp/PageDown, Space) and, with `auto=N` in the URL, moves on every N seconds.

The script is a Streamlit custom component (st.components.v2, no iframe): it sends the move
to Python as a trigger value and reports the window's size as a state value, so the charts
are drawn for the screen they are shown on."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from domain import format as vn
from domain.vocabulary import SAMPLE_LABEL

DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
AUTO_LIMITS = (5, 600)  # seconds: auto-advance faster than 5 s cannot be read

# Everything in the slide scales with the window height (vh), capped for very large screens.
SLIDE_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
/* the page title (the slide has its own), style sheets and the key script take no room */
[data-testid="stMain"] .stElementContainer:has(h1), [data-testid="stMain"] .stElementContainer:has(style),
[data-testid="stMain"] .stElementContainer:has(.stHtml:empty) { display: none; }
[data-testid="stMainBlockContainer"], .block-container {
  max-width: 100% !important; padding: 1.2vh 2.2vw 0 2.2vw !important;
}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.9vh; }
[data-testid="stMain"] h2 {
  font-size: clamp(1.5rem, 5.4vh, 3.6rem) !important; padding: 0.4vh 0 !important; line-height: 1.15; }
[data-testid="stMain"] h4 { font-size: clamp(1rem, 3vh, 2rem) !important; padding: 0 !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: clamp(0.95rem, 2.9vh, 2rem); line-height: 1.3; }
[data-testid="stMain"] button p { font-size: clamp(0.95rem, 2.6vh, 1.7rem) !important; }
[data-testid="stMain"] button { min-height: 5vh; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {
  font-size: clamp(2rem, min(10vh, 4.4vw), 6.5rem) !important; line-height: 1.1 !important; }
[data-testid="stMetricValue"] div { white-space: normal; }
[data-testid="stMetricLabel"] p { font-size: clamp(1rem, 3vh, 2rem) !important; line-height: 1.2 !important; }
[data-testid="stMetric"] { padding-bottom: 2vh; }
[data-testid="stMain"] h2 { margin-bottom: 1vh !important; }
[data-testid="stCaptionContainer"] p { font-size: clamp(0.8rem, 2.1vh, 1.35rem) !important; }
.st-key-slide-keys, [data-testid="stLayoutWrapper"]:has(> .st-key-slide-keys) { display: none !important; }
.st-key-slide-footer { position: fixed; left: 2.2vw; right: 2.2vw; bottom: 0; width: auto !important;
  height: auto !important; background: #fff; border-top: 1px solid #ccd; padding: 0.6vh 0 0.8vh 0; z-index: 10; }
.st-key-slide-footer p { font-size: clamp(0.75rem, 1.9vh, 1.25rem) !important; color: #444; margin: 0 !important; }
.st-key-slide-footer .stMarkdownBadge { font-size: inherit !important; }
.st-key-slide-footer .stMarkdown, .st-key-slide-footer .stElementContainer,
.st-key-slide-footer [data-testid="stMarkdownContainer"] { margin: 0 !important; }
/* margin-bottom as a <p>: Streamlit pulls the next element up by 1rem */
.slide-quote { font-size: clamp(0.95rem, 2.7vh, 1.8rem); line-height: 1.3; margin-bottom: 1rem;
   display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
@media print { .st-key-slide-footer { position: static; } }
</style>
"""

KEYS_JS = """
export default function ({ data, setTriggerValue, setStateValue }) {
  // One listener per page, whatever the number of mounts.
  if (window.__slideCleanup) window.__slideCleanup();
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    let move = null;
    if (event.key === "ArrowRight" || event.key === "PageDown" || (event.key === " " && !event.shiftKey)) move = "next";
    else if (event.key === "ArrowLeft" || event.key === "PageUp" || (event.key === " " && event.shiftKey))
      move = "back";
    else if (event.key === "Home") move = "first";
    else if (event.key === "End") move = "last";
    if (!move) return;
    event.preventDefault();
    // A focused button would also act on Space when the key is released.
    if (target && target.blur) target.blur();
    setTriggerValue("move", move);
  };
  document.addEventListener("keydown", onKey);
  const size = () => ({ width: window.innerWidth, height: window.innerHeight });
  let last = JSON.stringify(data && data.viewport);
  const report = () => {
    const now = JSON.stringify(size());
    if (now !== last) { last = now; setStateValue("viewport", size()); }
  };
  let resizeTimer = null;
  const onResize = () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(report, 300); };
  window.addEventListener("resize", onResize);
  report();
  let autoTimer = null;
  if (data && data.auto > 0) {
    autoTimer = setInterval(() => setTriggerValue("move", "auto"), data.auto * 1000);
  }
  const cleanup = () => {
    document.removeEventListener("keydown", onKey);
    window.removeEventListener("resize", onResize);
    clearTimeout(resizeTimer);
    if (autoTimer) clearInterval(autoTimer);
    if (window.__slideCleanup === cleanup) window.__slideCleanup = null;
  };
  window.__slideCleanup = cleanup;
  return cleanup;
}
"""

_keys = st.components.v2.component("slide_keys", js=KEYS_JS)


def enter() -> None:
    """Full-screen slide style for this page only."""
    st.markdown(SLIDE_CSS, unsafe_allow_html=True)


def auto_seconds() -> int | None:
    """`auto=N` from the URL (5-600 s), else None."""
    raw = st.query_params.get("auto")
    if raw and len(raw) <= 4 and raw.isascii() and raw.isdigit() and AUTO_LIMITS[0] <= int(raw) <= AUTO_LIMITS[1]:
        return int(raw)
    return None


def keys(slide: int, auto: int | None) -> tuple[str | None, dict]:
    """Mount the key and timer script: (the move asked since the last run or None, the
    window's size in px)."""
    viewport = st.session_state.get("_slide_viewport") or DEFAULT_VIEWPORT
    with st.container(key="slide-keys"):
        result = _keys(
            data={"auto": auto or 0, "slide": slide, "viewport": viewport},
            key="slide-keys-script",
            default={"viewport": None},
            on_move_change=lambda: None,
            on_viewport_change=lambda: None,
        )
    reported = getattr(result, "viewport", None)
    if isinstance(reported, dict) and reported.get("height"):
        viewport = {"width": int(reported["width"]), "height": int(reported["height"])}
        st.session_state["_slide_viewport"] = viewport
    return getattr(result, "move", None), viewport


def target(move: str | None, slide: int, count: int) -> int:
    """The slide a move leads to; auto-advance starts again at 1 after the last."""
    if move == "next":
        return min(slide + 1, count)
    if move == "back":
        return max(slide - 1, 1)
    if move == "first":
        return 1
    if move == "last":
        return count
    if move == "auto":
        return slide % count + 1
    return slide


def footer(source: str, is_sample: bool, year: int | None) -> None:
    """The slide's footer: the source, the date shown, the illustrative-data label."""
    parts = [source, f"Trình chiếu ngày {vn.date(dt.date.today())}"]
    if year is not None:
        parts.insert(1, f"số liệu năm {year}")
    text = " · ".join(parts)
    if is_sample:
        text += f" · :orange-badge[{SAMPLE_LABEL}]"
    with st.container(key="slide-footer"):
        st.markdown(text)
