"""Timing the pages as Streamlit runs them, and the floor each page is compared with.

Page time: the server-side time of one full script run of app.py switched to the page (as the
tests and Streamlit do), with the page's query parameters, driven by `AppTest.run()` and timed
inside Streamlit's ScriptRunner (the script's execution, every st call included; not AppTest's
own thread start, polling and per-run component scan: see `_install_script_timer`).
- cold: `st.cache_data.clear()` first and a fresh AppTest (a new session), so every read goes
  to the database;
- warm: a fresh AppTest with the data cache kept (a second leader opening the same view).
Before the timed runs one untimed run imports the page's modules and prepares the database
(`ensure_ready`, cached per process), which a running server has done long before.

Floor, measured from the first cold run:
- queries: every public `data_access` read the page called (recorded with its arguments,
  outermost calls only), executed again directly on the engine, no Streamlit, no cache;
- render: an AppTest run of a minimal script that draws the same elements (same types, same
  texts, the same DataFrames, chart specs with the same datasets, download buttons with the
  same bytes) from data already in memory, flattened (no columns or expanders).
cold ÷ (queries + render) and warm ÷ render say how much the page adds on top of the unavoidable
work: its own pandas, chart building, the frame, the cache.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import io
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300
# data_access modules whose public reads pages reach (through ui.data.read, ui.downloads ...).
READ_MODULES = ("data_access.queries",)
UNIT_PARAMS = {"unit": "10525", "year": "2025"}
set_log_level("error")  # AppTest outside a server warns on every run; the table is the output


@dataclass
class PageTiming:
    path: str
    label: str
    params: dict
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    floor_queries: list[float] = field(default_factory=list)
    floor_render: list[float] = field(default_factory=list)
    reads: int = 0
    statements: int = 0
    elements: int = 0
    error: str | None = None

    @property
    def cold_s(self) -> float | None:
        return statistics.median(self.cold) if self.cold else None

    @property
    def warm_s(self) -> float | None:
        return statistics.median(self.warm) if self.warm else None

    @property
    def queries_s(self) -> float | None:
        return statistics.median(self.floor_queries) if self.floor_queries else None

    @property
    def render_s(self) -> float | None:
        return statistics.median(self.floor_render) if self.floor_render else None


def discover_pages() -> list[tuple[str, str, dict]]:
    """(path, label, query params) of every page: ui.frame.PAGES first, then any other page
    file under pages/ (e.g. the import and presentation pages)."""
    from ui.frame import PAGES

    listed = [(page.path, page.label) for page in PAGES if (ROOT / page.path).is_file()]
    known = {p for p, _ in listed}
    extra = [(str(p.relative_to(ROOT)), p.stem) for p in sorted((ROOT / "pages").glob("*.py"))]
    pages = listed + [(p, label) for p, label in extra if p not in known]
    return [(path, label, _params_for(path)) for path, label in pages]


def _params_for(path: str) -> dict:
    source = (ROOT / path).read_text(encoding="utf-8")
    return dict(UNIT_PARAMS) if "with_unit=True" in source else {}


# --- recording the reads a page makes ------------------------------------------------------


class Recorder:
    """Wraps every public read of READ_MODULES (functions whose first parameter is `engine`),
    and counts SQL statements; records (function, args, kwargs) of the outermost calls."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.statements = 0
        self.active = False
        self._depth = 0
        self._saved: list[tuple] = []

    def install(self) -> None:
        for name in READ_MODULES:
            module = importlib.import_module(name)
            for attr, fn in list(vars(module).items()):
                if attr.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != name:
                    continue
                params = list(inspect.signature(fn).parameters)
                if not params or params[0] != "engine":
                    continue
                self._saved.append((module, attr, fn))
                setattr(module, attr, self._wrap(fn))

    def uninstall(self) -> None:
        for module, attr, fn in self._saved:
            setattr(module, attr, fn)
        self._saved.clear()

    def _wrap(self, fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            outer = self._depth == 0
            self._depth += 1
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth -= 1
                if outer and self.active:
                    self.calls.append((fn, args, kwargs))

        return wrapped

    def count_statement(self, *_args) -> None:
        if self.active:
            self.statements += 1


def _new_app(path: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if path != "app.py":
        at.switch_page(path)
    for key, value in params.items():
        at.query_params[key] = value
    return at


_SCRIPT_SECONDS: list[float] = []


def _install_script_timer() -> None:
    """Time the script itself, as a server runs it: Streamlit's ScriptRunner calls
    `exec_func_with_error_handling` once per script run (twice if the page reruns itself).
    AppTest.run() around it also starts a thread, polls with sleep() and, on every run, scans
    the installed packages for components (~0.3-1 s here), which a server does once at start;
    none of that is the page's cost."""
    from streamlit.runtime.scriptrunner import script_runner

    if getattr(script_runner, "_bench_timed", False):
        return
    original = script_runner.exec_func_with_error_handling

    def timed(func, ctx):
        started = time.perf_counter()
        try:
            return original(func, ctx)
        finally:
            _SCRIPT_SECONDS.append(time.perf_counter() - started)

    script_runner.exec_func_with_error_handling = timed
    script_runner._bench_timed = True


def _timed_run(at: AppTest) -> float:
    """Server-side seconds of the script run(s) that `at.run()` triggers."""
    _install_script_timer()
    _SCRIPT_SECONDS.clear()
    at.run()
    return sum(_SCRIPT_SECONDS)


def _errors(at: AppTest) -> str | None:
    if at.exception:
        return "; ".join(e.message.splitlines()[0][:160] for e in at.exception)
    return None


def time_page(url: str, path: str, label: str, params: dict, runs: int) -> PageTiming:
    """All timings of one page on one database."""
    os.environ["DATABASE_URL"] = url
    timing = PageTiming(path, label, params)
    engine = get_engine(url)
    recorder = Recorder()
    recorder.install()
    media: dict[str, bytes] = {}
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    original_store = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original_store(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes | bytearray):
            media[file_id] = bytes(path_or_data)
        return file_id

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", recorder.count_statement)
    MemoryMediaFileStorage.load_and_get_id = spy
    try:
        warmup = _new_app(path, params)
        _timed_run(warmup)
        timing.error = _errors(warmup)
        first_tree = None
        for i in range(runs):
            st.cache_data.clear()
            at = _new_app(path, params)
            recorder.active = i == 0
            timing.cold.append(_timed_run(at))
            recorder.active = False
            if i == 0:
                first_tree = at
                timing.error = timing.error or _errors(at)
        for _ in range(runs):
            at = _new_app(path, params)
            timing.warm.append(_timed_run(at))
        timing.reads = len(recorder.calls)
        timing.statements = recorder.statements
        calls = list(recorder.calls)
    finally:
        MemoryMediaFileStorage.load_and_get_id = original_store
        event.remove(engine, "before_cursor_execute", recorder.count_statement)
        recorder.uninstall()
    for _ in range(runs):
        started = time.perf_counter()
        for fn, args, kwargs in calls:
            fn(*args, **kwargs)
        timing.floor_queries.append(time.perf_counter() - started)
    items = replay_items(first_tree, media)
    timing.elements = len(items)
    for _ in range(runs):
        timing.floor_render.append(render_floor(items))
    return timing


# --- the render floor ------------------------------------------------------------------------

LAYOUT = {
    "main",
    "sidebar",
    "event",
    "flex_container",
    "column",
    "expander",
    "tab",
    "tab_container",
    "form",
    "popover",
    "dialog",
}
TEXT = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "text",
    "divider",
    "latex",
    "code",
    "exception",
    "alert",
    "info",
    "warning",
    "error",
    "success",
    "badge",
    "json",
}


def _arrow_df(data: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pandas()


def replay_items(at: AppTest, media: dict[str, bytes]) -> list[tuple]:
    """The page's leaf elements as (kind, payload) to be drawn again from memory."""
    items: list[tuple] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            kind = child.type
            proto = getattr(child, "proto", None)
            if kind in LAYOUT:
                walk(child)
                continue
            try:
                items.append(_item(kind, child, proto, media))
            except Exception:  # noqa: BLE001 - an element we cannot mirror is drawn as text
                items.append(("markdown", kind))
            walk(child)

    walk(at._tree)
    return items


def _item(kind: str, child, proto, media: dict[str, bytes]) -> tuple:
    if kind in TEXT:
        return ("markdown", getattr(proto, "body", None) or str(getattr(child, "value", "")))
    if kind == "metric":
        return ("metric", child.label, child.value, child.delta or None)
    if kind in ("dataframe", "table", "data_editor"):
        return ("dataframe", child.value)
    if kind in ("vega_lite_chart", "arrow_vega_lite_chart"):
        spec = json.loads(proto.spec)
        spec["datasets"] = {d.name: _arrow_df(d.data.data) for d in proto.datasets}
        return ("chart", spec)
    if kind in ("selectbox", "radio", "multiselect", "select_slider", "button_group"):
        return ("selectbox", proto.label, list(proto.options))
    if kind in ("toggle", "checkbox"):
        return ("checkbox", proto.label)
    if kind == "download_button":
        file_id = proto.url.rsplit("/", 1)[-1].split(".", 1)[0]
        return ("download", proto.label, media.get(file_id, b""))
    if kind == "page_link":
        return ("markdown", f"[{proto.label}](/)")
    if kind in ("text_input", "text_area", "number_input", "date_input"):
        return ("text_input", proto.label)
    return ("button", getattr(proto, "label", kind) or kind)


FLOOR_SCRIPT = """
import streamlit as st
from bench import pages
for number, item in enumerate(pages.FLOOR_ITEMS):
    kind = item[0]
    if kind == "markdown":
        st.markdown(item[1])
    elif kind == "metric":
        st.metric(item[1], item[2], delta=item[3])
    elif kind == "dataframe":
        st.dataframe(item[1])
    elif kind == "chart":
        st.vega_lite_chart(spec=item[1])
    elif kind == "selectbox":
        st.selectbox(item[1] or "x", item[2], key=f"w{number}")
    elif kind == "checkbox":
        st.checkbox(item[1] or "x", key=f"w{number}")
    elif kind == "download":
        st.download_button(item[1] or "x", item[2], file_name="f.bin", key=f"w{number}")
    elif kind == "text_input":
        st.text_input(item[1] or "x", key=f"w{number}")
    else:
        st.button(item[1] or "x", key=f"w{number}")
"""
FLOOR_ITEMS: list[tuple] = []


def render_floor(items: list[tuple]) -> float:
    FLOOR_ITEMS[:] = items
    at = AppTest.from_string(FLOOR_SCRIPT, default_timeout=TIMEOUT)
    seconds = _timed_run(at)
    if at.exception:
        raise RuntimeError(f"floor script failed: {_errors(at)}")
    return seconds
