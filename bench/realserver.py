"""`python -m bench --real-server`: page views as users get them, from the real `streamlit run`.

Method (docs/performance.md discusses it):
- The server: `streamlit run app.py` (headless, 127.0.0.1, a free port) on a temporary database
  (DATABASE_URL), started from a temporary copy of the app (symbolic links to the repository)
  whose pages folder also holds the floor page (bench/floor_page.py). The app itself never lists
  that page; only this copy can serve it.
- The load: tests/support/stclient.py speaks Streamlit's websocket protocol (BackMsg
  rerun_script with the query string and the page; ForwardMsgs up to script_finished), so one
  client process can hold 100 sessions for little CPU.
- Per page: `--views` views, each a new session (a leader opening the link), after one warm-up
  view of every page; server CPU per view = (utime + stime of the server process and its
  children, from /proc/PID/stat) over the views ÷ views; wall = time to script_finished. The
  floor page is measured the same way right before each page (paired, same server, same run).
- Concurrency: N sessions at once (all start together, as at the start of a meeting), each
  opens the overview, waits a random think time, opens the unit page (?unit=10525&year=2025),
  waits, and changes the year (a rerun of the same session with the year in the URL, as the
  sidebar's link does); p50/p95/max of each step, errors (exceptions, timeouts, closed sockets).
- Cross-check: a few views of the same pages in Chromium (Playwright, Debian's chromium), timed
  to the page's idle state with the server's CPU, printed next to the protocol client's figures.
All loops are bounded in count and in time; everything is on loopback.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.appserver import REPO_ROOT, StreamlitServer
from tests.support.stclient import StreamlitSession, View, ViewError

FLOOR_PAGE = "99_Bench_floor.py"
FLOOR_NAME = "Bench_floor"
# ui/frame.py's message when the database cannot be read: the page then ends without an
# exception, and a table of such views would measure an error page (seen with a stale cache).
DATABASE_FAILURE = "Không mở được cơ sở dữ liệu"
UNIT_QUERY = "unit=10525&year=2025"
YEAR_CHANGE_QUERY = "unit=10525&year=2023"  # a year with a report (2024 has none for this unit)
STEPS = [
    ("Tổng quan", "", ""),
    ("Chi tiết đơn vị", "Chi_tiet_don_vi", UNIT_QUERY),
    ("đổi năm", "Chi_tiet_don_vi", YEAR_CHANGE_QUERY),
]
FLOOR_RATIO, CONCURRENCY_RATIO, THROUGHPUT_GAIN = 1.5, 3.0, 1.6
TICKS = os.sysconf("SC_CLK_TCK")


# --- the server -----------------------------------------------------------------------------


def app_copy(workdir: Path) -> Path:
    """A directory that is the app (symbolic links to every entry of the repository) except for
    its pages folder, which also holds the floor page."""
    target = workdir / "app"
    target.mkdir(parents=True)
    for entry in REPO_ROOT.iterdir():
        if entry.name in ("pages", ".git", ".venv"):
            continue
        if entry.name == "app.py":  # a copy: Streamlit finds pages/ next to the resolved main script
            shutil.copy(entry, target / entry.name)
            continue
        (target / entry.name).symlink_to(entry)
    pages = target / "pages"
    pages.mkdir()
    for page in (REPO_ROOT / "pages").glob("*.py"):
        (pages / page.name).symlink_to(page)
    # a copy, not a link: Streamlit names a page after the file a link resolves to
    shutil.copy(REPO_ROOT / "bench" / "floor_page.py", pages / FLOOR_PAGE)
    return target


def page_name(path: str) -> str:
    """Streamlit's URL path of a page file: pages/1_Chi_tiet_don_vi.py -> Chi_tiet_don_vi."""
    if path == "app.py":
        return ""
    return re.sub(r"^\d+_", "", Path(path).stem)


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, of its children that ended, and of those still running."""

    def stat(p: int) -> list[str]:
        text = Path(f"/proc/{p}/stat").read_text()
        return text[text.rindex(")") + 2 :].split()  # fields after the command name

    fields = stat(pid)
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(pid):
            try:
                child = stat(int(entry.name))
            except (OSError, ValueError):
                continue
            if child[1] == str(pid):  # ppid
                total += int(child[11]) + int(child[12])
    return total / TICKS


# --- per-page views -------------------------------------------------------------------------


@dataclass
class Views:
    label: str
    cpu_per_view: float | None = None
    walls: list[float] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def wall(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None


async def _one_view(url: str, name: str, query: str, timeout: float) -> View:
    async with StreamlitSession(url) as session:
        return await session.run(page_name=name, query_string=query, timeout=timeout)


async def measure_views(
    server: StreamlitServer, label: str, name: str, query: str, views: int, timeout: float = 120
) -> Views:
    result = Views(label)
    before = cpu_seconds(server._proc.pid)
    for _ in range(views):
        try:
            view = await _one_view(server.url, name, query, timeout)
        except (ViewError, OSError) as exc:
            result.errors.append(str(exc)[:200])
            continue
        result.walls.append(view.wall_s)
        result.runs.append(view.runs)
        result.errors += view.errors
        result.errors += [f"page shows: {text[:100]}" for text in view.texts if text.startswith(DATABASE_FAILURE)]
    done = len(result.walls)
    if done:
        result.cpu_per_view = (cpu_seconds(server._proc.pid) - before) / done
    return result


# --- concurrent sessions --------------------------------------------------------------------


@dataclass
class LoadResult:
    sessions: int
    steps: dict[str, list[float]]
    errors: list[str]
    seconds: float
    views: int


async def _leader(
    url: str,
    rng: random.Random,
    think: tuple[float, float],
    timeout: float,
    steps: dict[str, list[float]],
    errors: list[str],
) -> int:
    done = 0
    try:
        async with StreamlitSession(url, open_timeout=timeout) as session:
            for i, (label, name, query) in enumerate(STEPS):
                if i:
                    await asyncio.sleep(rng.uniform(*think))
                view = await session.run(page_name=name, query_string=query, timeout=timeout)
                steps[label].append(view.wall_s)
                errors += [f"{label}: {e}" for e in view.errors]
                done += 1
    except (ViewError, OSError, TimeoutError) as exc:
        errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
    return done


async def load(url: str, sessions: int, *, think: tuple[float, float], seed: int, timeout: float) -> LoadResult:
    rng = random.Random(seed * 1000 + sessions)
    steps: dict[str, list[float]] = {label: [] for label, _, _ in STEPS}
    errors: list[str] = []
    started = time.perf_counter()
    rngs = [random.Random(rng.random()) for _ in range(sessions)]
    done = await asyncio.gather(*(_leader(url, r, think, timeout, steps, errors) for r in rngs))
    return LoadResult(sessions, steps, errors, time.perf_counter() - started, sum(done))


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# --- several processes behind nginx ---------------------------------------------------------


class Cluster:
    """scripts/serve.sh K on loopback (nginx + K `streamlit run`), stopped on exit."""

    def __init__(self, url: str, processes: int, workdir: Path) -> None:
        import socket
        import subprocess
        import sys

        ports = []
        sockets = [socket.socket() for _ in range(processes + 1)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
        for sock in sockets:
            sock.close()
        self.base = f"http://127.0.0.1:{ports[0]}"
        run_dir = workdir / f"serve-{processes}-{ports[0]}"
        env = dict(
            os.environ,
            DATABASE_URL=url,
            KL62_PORT=str(ports[0]),
            KL62_BACKEND_PORTS=" ".join(map(str, ports[1:])),
            KL62_RUN_DIR=str(run_dir),
            PYTHON=sys.executable,
            STREAMLIT_LOGGER_LEVEL="error",
        )
        self.log = workdir / f"serve-{processes}.log"
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                ["bash", str(REPO_ROOT / "scripts" / "serve.sh"), str(processes)],
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def __enter__(self) -> Cluster:
        import urllib.request

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve.sh stopped: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("serve.sh did not come up within 120 s")

    def __exit__(self, *exc) -> None:
        import signal
        import subprocess

        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


async def saturate(base: str, sessions: int, rounds: int, timeout: float) -> tuple[int, int, float, list[str]]:
    """`sessions` sessions (each with its own route cookie, so nginx spreads them) doing the
    three steps `rounds` times with no think time: (views, errors, seconds, first errors)."""
    errors: list[str] = []

    async def one(i: int) -> int:
        done = 0
        try:
            async with StreamlitSession(base, cookies={"kl62_route": f"bench-{i}"}, open_timeout=timeout) as session:
                for _ in range(rounds):
                    for label, name, query in STEPS:
                        view = await session.run(page_name=name, query_string=query, timeout=timeout)
                        errors.extend(f"{label}: {e}" for e in view.errors)
                        done += 1
        except (ViewError, OSError, TimeoutError) as exc:
            errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
        return done

    started = time.perf_counter()
    views = sum(await asyncio.gather(*(one(i) for i in range(sessions))))
    return views, len(errors), time.perf_counter() - started, errors[:1]


# --- Chromium cross-check -------------------------------------------------------------------


def browser_views(server: StreamlitServer, targets: list[tuple[str, str, str]], views: int) -> dict[str, Views]:
    """(label, page name, query) opened `views` times each in one Chromium context (its HTTP
    cache warm after a first, untimed view), timed to the idle app with the server's CPU."""
    from playwright.sync_api import sync_playwright

    from tests.support.appserver import chromium_launch_options

    idle = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
    out: dict[str, Views] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_options())
        try:
            context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
            page = context.new_page()
            for label, name, query in targets:
                address = f"{server.url}/{name}" + (f"?{query}" if query else "")
                result = Views(label)
                for i in range(views + 1):
                    before = cpu_seconds(server._proc.pid)
                    started = time.perf_counter()
                    try:
                        page.goto(address, wait_until="domcontentloaded", timeout=60_000)
                        page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
                        page.wait_for_selector(idle, timeout=60_000)
                    except Exception as exc:  # a timeout is a result here, not a crash
                        result.errors.append(str(exc).splitlines()[0][:200])
                        continue
                    wall = time.perf_counter() - started
                    time.sleep(0.3)  # let the server finish sending before reading its counters
                    cpu = cpu_seconds(server._proc.pid) - before
                    if i == 0:
                        continue  # warms the browser's cache of the app's static files
                    result.walls.append(wall)
                    result.runs.append(1)
                    result.cpu_per_view = cpu if result.cpu_per_view is None else result.cpu_per_view + cpu
                    if page.locator('[data-testid="stException"]').count():
                        result.errors.append("exception on the page")
                if result.walls:
                    result.cpu_per_view /= len(result.walls)
                out[label] = result
            context.close()
        finally:
            browser.close()
    return out


# --- the run --------------------------------------------------------------------------------


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


PAGE_HEADER = [
    "database",
    "page",
    "runs / view",
    "server CPU / view",
    "wall to script finished (median)",
    "floor CPU / view",
    "floor wall",
    "CPU ÷ floor",
    "target ≤ 1.5 × floor",
    "errors",
]
LOAD_HEADER = [
    "database",
    "sessions",
    "step",
    "p50",
    "p95",
    "max",
    "p95 ÷ 1-session median",
    "views / s",
    "target p95 ≤ 3 × (30 sessions)",
    "errors",
]
THROUGHPUT_HEADER = [
    "database",
    "processes",
    "sessions",
    "views",
    "time",
    "views / s",
    "÷ 1 process",
    "target 2 processes ≥ 1.6 × 1",
    "errors",
]
BROWSER_HEADER = ["database", "page", "client", "server CPU / view", "wall (median)", "views", "errors"]


def run_database(db, pages, args, workdir: Path, log) -> tuple[list[list[str]], ...]:
    """Every measurement on one database: page views, concurrent sessions and the Chromium
    cross-check on one server, then throughput with 1, 2 … processes behind nginx."""
    app_dir = app_copy(workdir / f"{db.backend}-{db.kind}")
    label_db = f"{db.backend} {db.kind}"
    server = StreamlitServer(
        cwd=app_dir, env={"DATABASE_URL": db.url, "STREAMLIT_LOGGER_LEVEL": "error"}, startup_timeout=120
    )
    with server:
        log(f"[{label_db}] server up on {server.url} in {server.startup_seconds:.1f} s; warming every page …")
        page_rows = _page_rows(server, pages, args, label_db, log)
        load_rows = _load_rows(server, args, label_db, log)
        browser_rows = _browser_rows(server, args, label_db, log) if args.browser_views else []
        if "Traceback" in server.output():
            log(f"[{label_db}] the server logged a traceback:\n{server.output_tail(30)}")
    return page_rows, load_rows, browser_rows, _throughput_rows(db, args, workdir, label_db, log)


def _errors_text(errors: list[str]) -> str:
    return str(len(errors)) + (f" ({errors[0][:100]})" if errors else "")


def _page_rows(server, pages, args, label_db: str, log) -> list[list[str]]:
    """CPU per view of each page against the floor page, measured in turn on the same server."""

    async def views_phase():
        for path, _label, params in pages:
            await measure_views(server, path, page_name(path), _query(params), 1)
        await measure_views(server, "floor", FLOOR_NAME, "", 1)
        measured = []
        for path, label, params in pages:
            log(f"[{label_db}] {path} …")
            floor = await measure_views(server, "floor", FLOOR_NAME, "", args.views)
            page = await measure_views(server, label, page_name(path), _query(params), args.views)
            measured.append((path, label, page, floor))
        return measured

    rows = []
    for path, label, page, floor in asyncio.run(views_phase()):
        ratio = page.cpu_per_view / floor.cpu_per_view if page.cpu_per_view and floor.cpu_per_view else None
        met = "–" if ratio is None else ("yes" if ratio <= FLOOR_RATIO else "NO")
        runs = statistics.median(page.runs) if page.runs else None
        rows.append(
            [
                label_db,
                f"{label} [{path}]",
                _r(runs),
                _s(page.cpu_per_view),
                _s(page.wall),
                _s(floor.cpu_per_view),
                _s(floor.wall),
                _r(ratio),
                met,
                _errors_text(page.errors + floor.errors),
            ]
        )
    return rows


def _load_rows(server, args, label_db: str, log) -> list[list[str]]:
    """Each step's wait with 1, 10, 30 … leaders at once, against one leader alone."""
    rows = []
    single_median = None
    for sessions in args.sessions:
        log(f"[{label_db}] {sessions} concurrent sessions …")
        before = cpu_seconds(server._proc.pid)
        result = asyncio.run(load(server.url, sessions, think=args.think, seed=args.seed, timeout=args.step_timeout))
        cpu = cpu_seconds(server._proc.pid) - before
        everything = [w for walls in result.steps.values() for w in walls]
        if sessions == 1 and everything:
            single_median = statistics.median(everything)
        rate = result.views / result.seconds if result.seconds else None
        for step, walls in result.steps.items():
            p95 = percentile(walls, 95)
            ratio = p95 / single_median if p95 is not None and single_median else None
            target = "–"
            if sessions == 30 and ratio is not None:
                target = "yes" if ratio <= CONCURRENCY_RATIO else "NO"
            rows.append(
                [
                    label_db,
                    str(sessions),
                    step,
                    _s(percentile(walls, 50)),
                    _s(p95),
                    _s(max(walls) if walls else None),
                    _r(ratio),
                    f"{rate:.2f} (CPU {cpu / max(result.views, 1):.2f} s/view)" if rate else "–",
                    target,
                    _errors_text(result.errors),
                ]
            )
    return rows


def _browser_rows(server, args, label_db: str, log) -> list[list[str]]:
    """The protocol client's views against Chromium's on the same steps: the client is honest."""
    log(f"[{label_db}] Chromium cross-check …")
    targets = [(label, name, query) for label, name, query in STEPS[:2]] + [("floor", FLOOR_NAME, "")]

    async def protocol_phase():
        return [await measure_views(server, label, name, query, args.browser_views) for label, name, query in targets]

    protocol = asyncio.run(protocol_phase())
    try:
        browser = browser_views(server, targets, args.browser_views)
    except Exception as exc:  # no Chromium here: say so in the table, keep the rest
        browser = {
            label: Views(label, errors=[f"Chromium: {str(exc).splitlines()[0][:120]}"]) for label, _, _ in targets
        }
    rows = []
    for (label, _name, _q), proto in zip(targets, protocol, strict=True):
        for client, views in (("protocol", proto), ("Chromium", browser[label])):
            rows.append(
                [
                    label_db,
                    label,
                    client,
                    _s(views.cpu_per_view),
                    _s(views.wall),
                    str(len(views.walls)),
                    _errors_text(views.errors),
                ]
            )
    return rows


def _throughput_rows(db, args, workdir: Path, label_db: str, log) -> list[list[str]]:
    """Views per second with 1, 2 … processes behind nginx, saturated."""
    rows = []
    rates: dict[int, float] = {}
    for k in args.processes:
        log(
            f"[{label_db}] {k} process(es) behind nginx: {args.saturation_sessions} sessions × "
            f"{args.saturation_rounds} rounds of the three steps …"
        )
        with Cluster(db.url, k, workdir) as cluster:
            asyncio.run(saturate(cluster.base, args.saturation_sessions, 1, args.step_timeout))  # warm every process
            views, errors, seconds, first = asyncio.run(
                saturate(cluster.base, args.saturation_sessions, args.saturation_rounds, args.step_timeout)
            )
        rates[k] = views / seconds if seconds else 0.0
        gain = rates[k] / rates[1] if 1 in rates and rates[1] and k != 1 else None
        target = "–" if gain is None or k != 2 else ("yes" if gain >= THROUGHPUT_GAIN else "NO")
        rows.append(
            [
                label_db,
                str(k),
                str(args.saturation_sessions),
                str(views),
                _s(seconds),
                f"{rates[k]:.2f}",
                _r(gain),
                target,
                str(errors) + (f" ({first[0][:100]})" if first else ""),
            ]
        )
    return rows


def _query(params: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items())


def main(args, pages, log) -> str:
    from bench import databases

    page_rows: list[list[str]] = []
    load_rows: list[list[str]] = []
    browser_rows: list[list[str]] = []
    throughput_rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="kl62-realserver-") as tmp:
        for backend in args.backends:
            server = None
            if backend == "postgresql":
                from tests.support.pgserver import TemporaryPostgres

                server = TemporaryPostgres(use_env=False).start()
            try:
                log(f"[{backend}] building databases …")
                if backend == "sqlite":
                    dbs = databases.sqlite_databases(
                        Path(tmp), national=not args.quick, seed=args.seed, findings=args.findings
                    )
                else:
                    dbs = databases.postgres_databases(
                        server, national=not args.quick, seed=args.seed, findings=args.findings
                    )
                for db in dbs:
                    p, lo, b, t = run_database(db, pages, args, Path(tmp), log)
                    page_rows += p
                    load_rows += lo
                    browser_rows += b
                    throughput_rows += t
            finally:
                if server is not None:
                    server.stop()
    parts = [
        "Per view (warm cache, a new session per view; floor = bench/floor_page.py on the same server)",
        _table(PAGE_HEADER, page_rows),
    ]
    if load_rows:  # `--sessions ""`: the per-view table alone
        parts += [
            f"Concurrent sessions (one process; think {args.think[0]}-{args.think[1]} s; steps: overview, "
            f"unit page ?{UNIT_QUERY}, year change ?{YEAR_CHANGE_QUERY})",
            _table(LOAD_HEADER, load_rows),
        ]
    if throughput_rows:
        parts += [
            "Throughput at saturation: K processes behind nginx (scripts/serve.sh), no think time",
            _table(THROUGHPUT_HEADER, throughput_rows),
        ]
    if browser_rows:
        parts += [
            "Cross-check: the protocol client and Chromium on the same server",
            _table(BROWSER_HEADER, browser_rows),
        ]
    return "\n\n".join(parts)
