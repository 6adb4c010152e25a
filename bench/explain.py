"""`python -m bench.explain URL`: the query plans of every statement the pages run.

Each page runs once, cold, through AppTest against URL (the national database); every SQL
statement is recorded with its parameters and the `data_access` read that issued it; then each
distinct statement is explained: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on
PostgreSQL (with the statement's real duration). The output is markdown for
docs/performance.md.

    python -m bench.explain sqlite:////tmp/kl62-bench/national-….sqlite3 --slowest 12
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench import pages as bench_pages  # noqa: E402
from data_access.db import get_engine  # noqa: E402


def capture(url: str, page_filter: list[str] | None = None) -> list[dict]:
    """[{page, read, sql, params, seconds}] of every statement the pages executed, cold."""
    import streamlit as st

    os.environ["DATABASE_URL"] = url
    engine = get_engine(url)
    recorder = bench_pages.Recorder()
    current: dict = {"read": None, "page": None}
    statements: list[dict] = []

    original_wrap = recorder._wrap

    def naming_wrap(fn):
        inner = original_wrap(fn)

        def wrapped(*args, **kwargs):
            outer = current["read"] is None
            if outer:
                current["read"] = fn.__name__
            try:
                return inner(*args, **kwargs)
            finally:
                if outer:
                    current["read"] = None

        return wrapped

    recorder._wrap = naming_wrap

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        if current["page"] and current["read"]:
            statements.append(
                {
                    "page": current["page"],
                    "read": current["read"],
                    "sql": statement,
                    "params": parameters,
                    "seconds": time.perf_counter() - conn.info.pop("bench_started", time.perf_counter()),
                }
            )

    recorder.install()
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        for path, _label, params in bench_pages.discover_pages():
            if page_filter and not any(w in path for w in page_filter):
                continue
            warm = bench_pages._new_app(path, params)
            warm.run()
            st.cache_data.clear()
            at = bench_pages._new_app(path, params)
            current["page"] = path
            at.run()
            current["page"] = None
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        recorder.uninstall()
    return statements


def explain(url: str, sql: str, params) -> str:
    engine = get_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).all()
            return "\n".join(r[0] for r in rows)
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
        # (id, parent, notused, detail): indent by depth like the sqlite3 shell does.
        depth: dict[int, int] = {0: -1}
        lines = []
        for node_id, parent, _unused, detail in rows:
            depth[node_id] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node_id] + detail)
        return "\n".join(lines)


def report(url: str, statements: list[dict], slowest: int) -> str:
    seen: dict[str, dict] = {}
    for s in statements:
        key = s["sql"]
        if key not in seen or s["seconds"] > seen[key]["seconds"]:
            seen[key] = {**s, "pages": set()}
        seen[key]["pages"].add(s["page"])
    for s in statements:
        seen[s["sql"]]["pages"].add(s["page"])
    ordered = sorted(seen.values(), key=lambda s: s["seconds"], reverse=True)
    total = sum(s["seconds"] for s in statements)
    out = [
        f"{len(statements)} statements ({len(seen)} distinct) in the cold runs of the pages, "
        f"{total:.3f} s in the database in all; the {min(slowest, len(ordered))} slowest:\n",
        "| read | pages | seconds |",
        "|---|---|---|",
    ]
    for s in ordered:
        out.append(f"| {s['read']} | {', '.join(sorted(Path(p).stem for p in s['pages']))} | {s['seconds']:.3f} |")
    for s in ordered[:slowest]:
        out.append(f"\n#### {s['read']} ({s['seconds']:.3f} s; {', '.join(sorted(s['pages']))})\n")
        out.append("```\n" + explain(url, s["sql"], s["params"]) + "\n```")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="database URL (the national database)")
    parser.add_argument("--slowest", type=int, default=12, help="explain this many of the slowest statements")
    parser.add_argument("--pages", default=None, help="only pages whose path contains one of these")
    parser.add_argument("--sql", action="store_true", help="print the SQL of the explained statements too")
    args = parser.parse_args(argv)
    statements = capture(args.url, args.pages.split(",") if args.pages else None)
    print(report(args.url, statements, args.slowest))
    if args.sql:
        for s in sorted({s["sql"]: s for s in statements}.values(), key=lambda s: -s["seconds"])[: args.slowest]:
            print(f"\n-- {s['read']}\n{s['sql']}\n-- {s['params']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
