"""`python -m bench`: how fast every page is, on the Hải Phòng sample and the national database,
on SQLite and PostgreSQL, against the targets; prints one table and exits 0.

    python -m bench                                  # both backends, sample + national, 5 runs
    python -m bench --backends sqlite --runs 3       # SQLite only
    python -m bench --quick                          # sample databases only (a minute or two)
    python -m bench --output bench/results/latest.md # also write the table (git-ignored folder)
    python -m bench --real-server --quick            # the real `streamlit run` over its websocket:
                                                     # CPU per view ÷ floor, 1/10/30/100 sessions,
                                                     # a Chromium cross-check (bench/realserver.py)
    python -m bench --real-server --quick --sessions "" --browser-views 0 --views 10
                                                     # the per-view table alone, sample only (~30 s)

Method: bench/pages.py (pages and floor), bench/imports.py (imports), bench/databases.py (the
databases and the national cache); docs/performance.md discusses the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import logging  # noqa: E402

from bench import databases  # noqa: E402
from bench.imports import ImportTiming, time_imports  # noqa: E402
from bench.pages import PageTiming, discover_pages, time_page  # noqa: E402
from data_access.db import get_engine  # noqa: E402
from data_access.generate import DEFAULT_FINDINGS  # noqa: E402
from sample_data.illustrative import SEED  # noqa: E402

COLD_TARGET, WARM_TARGET, FLOOR_RATIO, SIZE_RATIO = 1.0, 0.3, 1.5, 2.0
IMPORT_ONE_TARGET, IMPORT_BATCH_TARGET, GENERATE_TARGET = 0.5, 30.0, 120.0
HEADER = [
    "backend",
    "measurement",
    "sample",
    "national",
    "floor",
    "÷ floor",
    "national ÷ sample",
    "target",
    "target met",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median; default 5)")
    parser.add_argument("--quick", action="store_true", help="sample databases only, no national database")
    parser.add_argument("--output", default=None, help="also write the table (markdown) to this file")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of the national database (default {SEED})")
    parser.add_argument("--findings", type=int, default=DEFAULT_FINDINGS, help="findings per generated report")
    parser.add_argument("--pages", default=None, help="only pages whose path contains one of these (comma-separated)")
    parser.add_argument("--no-import", action="store_true", help="skip the import measurements")
    real = parser.add_argument_group("real server (--real-server)")
    real.add_argument(
        "--real-server",
        action="store_true",
        help="measure `streamlit run app.py` over its websocket protocol instead of AppTest",
    )
    real.add_argument("--views", type=int, default=5, help="views per page and per floor measurement (default 5)")
    real.add_argument(
        "--sessions", default="1,10,30,100", help='concurrent sessions to run (default 1,10,30,100; "" for none)'
    )
    real.add_argument("--think", default="0.5,1.5", help="think time range in seconds between steps (default 0.5,1.5)")
    real.add_argument("--step-timeout", type=float, default=180.0, help="seconds a step may take before it is an error")
    real.add_argument(
        "--processes",
        default="",
        help="also measure throughput behind nginx with these process counts, e.g. 1,2 (scripts/serve.sh)",
    )
    real.add_argument("--saturation-sessions", type=int, default=20, help="sessions of the throughput run (default 20)")
    real.add_argument(
        "--saturation-rounds", type=int, default=3, help="rounds of the three steps per session (default 3)"
    )
    real.add_argument(
        "--browser-views", type=int, default=3, help="Chromium views per page for the cross-check (0: none; default 3)"
    )
    return parser.parse_args(argv)


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _met(checks: list[tuple[str, float | None, float]]) -> str:
    failed = [name for name, value, limit in checks if value is not None and value > limit]
    unknown = all(value is None for _, value, _ in checks)
    if unknown:
        return "–"
    return "yes" if not failed else "NO (" + ", ".join(failed) + ")"


def page_rows(backend: str, sample: PageTiming, national: PageTiming | None) -> list[list[str]]:
    judged = national or sample
    scope = "" if national else " (on sample)"
    label = f"{sample.label} [{sample.path}]"
    if judged.error:
        label += f" — error: {judged.error}"
    cold_floor = (judged.queries_s or 0) + (judged.render_s or 0) if judged.render_s is not None else None
    cold_ratio = _ratio(judged.cold_s, cold_floor)
    warm_ratio = _ratio(judged.warm_s, judged.render_s)
    detail = f" ({judged.reads} reads, {judged.statements} SQL, {judged.elements} elements)"
    rows = []
    for field, what, floor, ratio, target in (
        ("cold_s", f"{label} cold{detail}", f"{_s(judged.queries_s)} q + {_s(judged.render_s)} r", cold_ratio,
         COLD_TARGET),
        ("warm_s", f"{label} warm", f"{_s(judged.render_s)} r", warm_ratio, WARM_TARGET),
    ):
        at_sample = getattr(sample, field)
        at_national = getattr(national, field) if national else None
        size = _ratio(at_national, at_sample) if national else None
        checks = [("time", getattr(judged, field), target), ("÷ floor", ratio, FLOOR_RATIO),
                  ("nat ÷ sample", size, SIZE_RATIO)]
        rows.append([
            backend, what, _s(at_sample), _s(at_national), floor, _r(ratio), _r(size),
            f"≤ {target} s, ÷ floor ≤ {FLOOR_RATIO}, nat ÷ sample ≤ {SIZE_RATIO}{scope}", _met(checks),
        ])
    return rows


def import_rows(backend: str, sample: ImportTiming | None, national: ImportTiming | None) -> list[list[str]]:
    judged = national or sample
    if judged is None:
        return []
    scope = "" if national else " (on sample)"
    errors = f" — {len(judged.errors)} refused: {judged.errors[0][:120]}" if judged.errors else ""
    rows = []
    for field, what, target, target_text in (
        (
            "one_s",
            f"import 1 report (Hải Dương 2025, median of {len(judged.one)})",
            IMPORT_ONE_TARGET,
            f"{IMPORT_ONE_TARGET}",
        ),
        (
            "batch_seconds",
            f"import {judged.batch_size} reports (Hải Phòng, one by one; saved {judged.batch_saved}){errors}",
            IMPORT_BATCH_TARGET,
            f"{IMPORT_BATCH_TARGET:.0f}",
        ),
    ):
        at_sample = getattr(sample, field) if sample else None
        at_national = getattr(national, field) if national else None
        rows.append(
            [
                backend,
                what,
                _s(at_sample),
                _s(at_national),
                "",
                "",
                _r(_ratio(at_national, at_sample) if national and sample else None),
                f"≤ {target_text} s{scope}",
                _met([("time", getattr(judged, field), target)]),
            ]
        )
    return rows


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def run_backend(backend: str, args, pages, workdir: Path, log) -> list[list[str]]:
    server = None
    if backend == "postgresql":
        from tests.support.pgserver import TemporaryPostgres

        server = TemporaryPostgres(use_env=False).start()
    try:
        log(f"[{backend}] building databases …")
        if backend == "sqlite":
            dbs = databases.sqlite_databases(workdir, national=not args.quick, seed=args.seed, findings=args.findings)
        else:
            dbs = databases.postgres_databases(server, national=not args.quick, seed=args.seed, findings=args.findings)
        by_kind = {db.kind: db for db in dbs}
        rows: list[list[str]] = []
        national = by_kind.get("national")
        if national is not None:
            sizes = databases.table_sizes(national.url)
            cached = national.generate_seconds is None
            rows.append(
                [
                    backend,
                    f"generate national DB ({sizes['report']} reports, {sizes['indicator_value']} figures, "
                    f"{sizes['finding']} findings, {sizes['target']} targets)",
                    "",
                    "cached (built by an earlier run)" if cached else _s(national.generate_seconds),
                    "",
                    "",
                    "",
                    f"≤ {GENERATE_TARGET:.0f} s",
                    "–" if cached else _met([("time", national.generate_seconds, GENERATE_TARGET)]),
                ]
            )
        timings: dict[str, dict[str, PageTiming]] = {}
        for db in dbs:
            for path, label, params in pages:
                log(f"[{backend}/{db.kind}] {path} …")
                timings.setdefault(path, {})[db.kind] = time_page(db.url, path, label, params, args.runs)
        for path, _label, _params in pages:
            rows += page_rows(backend, timings[path]["sample"], timings[path].get("national"))
        if not args.no_import:
            imported: dict[str, ImportTiming] = {}
            for db in dbs:
                log(f"[{backend}/{db.kind}] imports …")
                imported[db.kind] = time_imports(db.url, args.runs)
            rows += import_rows(backend, imported.get("sample"), imported.get("national"))
        for db in dbs:
            get_engine(db.url).dispose()
        return rows
    finally:
        if server is not None:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    pages = discover_pages()
    if args.pages:
        wanted = [p.strip() for p in args.pages.split(",")]
        pages = [p for p in pages if any(w in p[0] for w in wanted)]
    started = time.perf_counter()
    load_before = _load()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:7.1f}s {message}", file=sys.stderr, flush=True)

    if args.real_server:
        from bench import realserver

        given = argv if argv is not None else sys.argv
        args.backends = backends if any(a.startswith("--backends") for a in given) else ["sqlite"]
        args.sessions = [int(n) for n in args.sessions.split(",") if n.strip()]
        args.think = tuple(float(t) for t in args.think.split(","))
        args.processes = [int(k) for k in args.processes.split(",") if k.strip()]
        tables = realserver.main(args, pages, log)
        command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
        title = (
            f"Real-server benchmark {dt.datetime.now():%Y-%m-%d %H:%M} · `{command.strip()}` · {os.cpu_count()} CPUs · "
            f"load average before {load_before}, after {_load()} · Python {platform.python_version()} · "
            f"{args.views} views per page · total {time.perf_counter() - started:.0f} s"
        )
        print(title + "\n\n" + tables)
        if args.output:
            out = Path(args.output)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(title + "\n\n" + tables + "\n", encoding="utf-8")
        return 0
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="kl62-bench-") as tmp:
        for backend in backends:
            rows += run_backend(backend, args, pages, Path(tmp), log)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    title = (
        f"Benchmark {dt.datetime.now():%Y-%m-%d %H:%M} · `{command.strip()}` · {os.cpu_count()} CPUs · "
        f"load average before {load_before}, after {_load()} · Python {platform.python_version()} · "
        f"median of {args.runs} runs · total {time.perf_counter() - started:.0f} s"
    )
    table = markdown_table(rows)
    print(title + "\n\n" + table)
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(title + "\n\n" + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
