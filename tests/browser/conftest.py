"""End-to-end fixtures: the real app (`streamlit run app.py`) on a temporary SQLite database
with the sample, driven by Debian's headless Chromium through pytest-playwright.

- `sample_app` (session): the server, started once, against a fresh database built through
  the app's own code path (`prepare_database(url, with_sample=True)`).
- `viewport` (parametrised): "desktop" 1920x1080 (a projector, a TV) and "tablet" 1024x768.
- `ui`: a fresh browser context at that viewport (Vietnamese locale, downloads accepted)
  with a `UI` helper that opens pages, waits for Streamlit to finish its run, fails on an
  exception box or a console error, and takes screenshots into $BROWSER_ARTIFACTS.

See docs/browser-tests.md.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from data_access.db import get_engine
from data_access.setup import prepare_database
from tests.support.appserver import REPO_ROOT, StreamlitServer, chromium_launch_options

VIEWPORTS = {
    "desktop": {"width": 1920, "height": 1080},
    "tablet": {"width": 1024, "height": 768},
}
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS") or REPO_ROOT / "tests" / "artifacts")
RUN_TIMEOUT_MS = 60_000  # a cold page (first query of a chart on a slow CI machine)
SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]'
QUIET_MS = 500  # the page counts as drawn when nothing in it changed for this long
# Installed in every page: the time of the last change to the document.
WATCH_MUTATIONS = """
window.__lastMutation = performance.now();
new MutationObserver(() => { window.__lastMutation = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""

# The pages, by Streamlit's URL path (pages/1_Chi_tiet_don_vi.py -> "Chi_tiet_don_vi").
PAGE_FILES = {
    "": "app.py",
    "Chi_tiet_don_vi": "pages/1_Chi_tiet_don_vi.py",
    "So_sanh": "pages/2_So_sanh.py",
    "Nhan_dinh_kien_nghi": "pages/3_Nhan_dinh_kien_nghi.py",
    "Tinh_hinh_bao_cao": "pages/4_Tinh_hinh_bao_cao.py",
    "Nhap_bao_cao": "pages/5_Nhap_bao_cao.py",
    "Trinh_chieu": "pages/6_Trinh_chieu.py",
    "Quan_tri": "pages/9_Quan_tri.py",
}


def page_exists(url_path: str) -> bool:
    return (REPO_ROOT / PAGE_FILES[url_path]).is_file()


def require_page(url_path: str) -> None:
    """Fail (with the reason) when a page the test drives is missing: every page has landed,
    so a missing one is a broken checkout, not work in progress."""
    if not page_exists(url_path):
        pytest.fail(f"{PAGE_FILES[url_path]} is missing")


# ------------------------------------------------------------------------ the browser
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's `browser` uses Debian's /usr/bin/chromium (never `playwright install`)."""
    return {**browser_type_launch_args, **chromium_launch_options()}


# ------------------------------------------------------------------------- the server
@dataclass
class RunningApp:
    url: str  # http://127.0.0.1:PORT
    database_url: str
    server: StreamlitServer

    @property
    def engine(self):
        return get_engine(self.database_url)


def start_app(database_url: str, env: dict | None = None) -> StreamlitServer:
    server = StreamlitServer("app.py", env={"DATABASE_URL": database_url, **(env or {})})
    return server.start()


@pytest.fixture(scope="session")
def sample_app(tmp_path_factory):
    """The dashboard on a fresh SQLite database holding the sample (read-only for the tests)."""
    path = tmp_path_factory.mktemp("browser-db") / "sample.sqlite3"
    url = f"sqlite:///{path}"
    prepare_database(url, with_sample=True)
    get_engine(url).dispose()
    server = start_app(url)
    try:
        yield RunningApp(server.url, url, server)
    finally:
        server.stop()


# ------------------------------------------------------------------- console filtering
@dataclass(frozen=True)
class BenignNoise:
    """A console error that is known, understood and harmless; matched on the failed URL."""

    why: str
    text: re.Pattern
    url: re.Pattern

    def matches(self, text: str, url: str) -> bool:
        return bool(self.text.search(text) and self.url.search(url))


# The page icon is a file of the app (static/favicon.png, ui/style.py): nothing is fetched from
# the internet, so an offline machine gives no console error for it.
BENIGN = [
    BenignNoise(
        # Opening /Page_name directly: Streamlit's frontend first probes the page path as a
        # possible base path (/Page_name/_stcore/health and host-config, 404), then uses "/".
        why="Streamlit probing /<page>/_stcore/{health,host-config} when a page URL is opened directly",
        text=re.compile(r"^Failed to load resource: the server responded with a status of 404"),
        url=re.compile(r"^http://127\.0\.0\.1:\d+/[A-Za-z0-9_]+/_stcore/(health|host-config)$"),
    ),
]


def is_benign(text: str, url: str) -> bool:
    return any(noise.matches(text, url) for noise in BENIGN)


# ---------------------------------------------------------------------------- the UI
APP = '[data-testid="stApp"]'
IDLE = f'{APP}[data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'


@dataclass
class UI:
    """One browser context at one viewport, pointed at one running app."""

    app: RunningApp
    context: object
    page: object
    size: str
    errors: list[str] = field(default_factory=list)

    # -- navigation and waiting
    def open(self, path: str = "", **params) -> UI:
        """Open a page ("" = the overview, "Chi_tiet_don_vi", ...) with query parameters and
        wait until Streamlit has finished running it; fail on an exception or console error."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        self.page.goto(f"{self.app.url}/{path}" + (f"?{query}" if query else ""), wait_until="domcontentloaded")
        self.settle()
        self.assert_clean()
        return self

    def settle(self, timeout: float = RUN_TIMEOUT_MS) -> None:
        """Wait until the script run is over, the page has stopped changing (React draws the
        elements a moment after the run ends, some from lazily loaded code), no element is
        stale (greyed out) and every chart and table on the page has been drawn."""
        self.page.wait_for_selector(IDLE, timeout=timeout)
        self.page.wait_for_function(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                // only what is on the page: a collapsed expander or a hidden tab draws nothing
                const drawn = (sel, inner) => [...document.querySelectorAll(sel)]
                    .filter(e => e.getClientRects().length > 0 && !e.closest('details:not([open])'))
                    .every(e => e.querySelector(inner));
                return app && app.getAttribute('data-test-script-state') === 'notRunning'
                    && performance.now() - window.__lastMutation > QUIET_MS
                    && !document.querySelector('[data-stale="true"]')
                    && !document.querySelector(SKELETONS)  // placeholders of elements still loading
                    && drawn('[data-testid="stVegaLiteChart"]', 'svg, canvas')  // Vega draws after the run
                    && drawn('[data-testid="stDataFrame"]', 'canvas');
            }""".replace("QUIET_MS", str(QUIET_MS)).replace("SKELETONS", repr(SKELETONS)),
            timeout=timeout,
            polling=100,
        )

    def wait_for_text(self, text: str, timeout: float = RUN_TIMEOUT_MS):
        """Wait until `text` is on screen: in a visible element, or in a cell of a table
        (st.dataframe draws on a canvas; its accessible grid cells hold the same text)."""
        on_screen = self.page.get_by_text(text, exact=False).filter(visible=True)
        in_grid = self.page.locator('[data-testid="stDataFrame"] [role="gridcell"]').filter(has_text=text)
        locator = on_screen.or_(in_grid).first
        locator.wait_for(state="attached", timeout=timeout)
        return locator

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def sidebar_text(self) -> str:
        return self.page.locator('[data-testid="stSidebar"]').inner_text()

    def selected(self, label: str) -> str:
        """The value shown in the sidebar selectbox labelled `label` ("Năm", ...)."""
        return self.page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label).input_value()

    def choose(self, label: str, option: str) -> None:
        """Pick `option` in the sidebar selectbox labelled `label`, with the mouse."""
        box = self.page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label)
        box.scroll_into_view_if_needed()
        box.click()
        choice = self.page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(state="visible", timeout=3_000)
        except Exception:  # the list did not open on the text field: use the arrow button
            box.locator("xpath=..").get_by_role("button").first.click()
            choice.wait_for(state="visible", timeout=10_000)
        choice.click()

    def table_cells(self, timeout: float = 15_000) -> list[str]:
        """The cells of the tables (st.dataframe) that are drawn on screen: the grid draws on
        a canvas and keeps an accessible copy of the visible cells only."""
        grid = self.page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
        grid.first.wait_for(state="attached", timeout=timeout)
        return grid.all_text_contents()

    def query(self) -> dict[str, str]:
        """The current URL's query parameters (single values)."""
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.page.url).query).items()}

    def path(self) -> str:
        return urlsplit(self.page.url).path.strip("/")

    # -- checks
    def assert_clean(self) -> None:
        exceptions = self.page.locator(EXCEPTION)
        if exceptions.count():
            texts = "\n---\n".join(exceptions.nth(i).inner_text()[:1500] for i in range(exceptions.count()))
            pytest.fail(f"Streamlit exception on {self.page.url} ({self.size}):\n{texts}")
        if self.errors:
            pytest.fail(f"browser console errors on {self.page.url} ({self.size}):\n" + "\n".join(self.errors))

    # -- screenshots
    def screenshot(self, name: str) -> Path:
        """Two PNGs under $BROWSER_ARTIFACTS: `<name>_<size>.png`, what the screen shows, and
        `<name>_<size>_full.png`, the whole page (the viewport stretched to the content)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shown = ARTIFACTS / f"{name}_{self.size}.png"
        self.page.screenshot(path=str(shown))
        viewport = dict(self.page.viewport_size)
        height = self.page.evaluate(
            """() => {
                const main = document.querySelector('[data-testid="stMain"]');
                const side = document.querySelector('[data-testid="stSidebarContent"]');
                return Math.max(main ? main.scrollHeight : 0, side ? side.scrollHeight : 0);
            }"""
        )
        full = ARTIFACTS / f"{name}_{self.size}_full.png"
        if height > viewport["height"]:
            self.page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 40, 12_000)})
            try:
                self.settle()
                self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                self.page.screenshot(path=str(full))
            finally:
                self.page.set_viewport_size(viewport)
        else:
            shutil.copy(shown, full)
        return shown


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


def new_ui(browser, app: RunningApp, size: str, viewport: dict | None = None) -> UI:
    """A fresh context at VIEWPORTS[size], or at `viewport` ({"width", "height"}) named `size`."""
    context = browser.new_context(
        viewport=viewport or VIEWPORTS[size],
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=True,
    )
    context.set_default_timeout(30_000)
    context.add_init_script(WATCH_MUTATIONS)
    page = context.new_page()
    ui = UI(app=app, context=context, page=page, size=size)

    def on_console(message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if not is_benign(message.text, url):
            ui.errors.append(f"console.error: {message.text} (at {url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: ui.errors.append(f"page error: {error}"))
    return ui


@pytest.fixture
def ui(browser, sample_app, viewport):
    """A fresh browser context at the viewport, on the sample app. After the test, any console
    error that appeared (e.g. after a click) fails it too."""
    session = new_ui(browser, sample_app, viewport)
    yield session
    errors = list(session.errors)
    session.context.close()
    if errors:
        pytest.fail("browser console errors during the test:\n" + "\n".join(errors))
