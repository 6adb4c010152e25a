"""The benchmark's databases: the Hải Phòng sample and the national database, on SQLite and
PostgreSQL, all built through the app's own code path (init-db, the sample loader, the
national generator).

The national database is the sample (the real Hải Dương report and Hải Phòng's illustrative
reports, exactly as on the sample database) plus illustrative reports for the 33 other
provinces (`manage.py generate --provinces all`), so a page showing Hải Phòng shows the same
rows on both databases and national ÷ sample measures the cost of the bigger tables alone.

The national SQLite file takes about a minute to build, so it is kept between runs in
`$TMPDIR/kl62-bench/`, keyed by the seed, the findings per report and the schema heads; each
run works on a copy, so imports in the benchmark never change the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory

from data_access.db import alembic_config, get_engine
from data_access.generate import generate
from data_access.setup import prepare_database

CACHE_DIR = Path(tempfile.gettempdir()) / "kl62-bench"


@dataclass
class Database:
    backend: str  # sqlite | postgresql
    kind: str  # sample | national
    url: str
    build_seconds: float | None = None  # None when it came from the cache
    generate_seconds: float | None = None  # the national generator alone


def _schema_key() -> str:
    """The migration heads and the migrations' text: branches that number their migrations alike
    but differ in content (a column added in one) must not share a cached file, which the
    migrator would take as up to date (seen: `no such column: province.sort_order`)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    digest = hashlib.sha1(",".join(sorted(scripts.get_heads())).encode())
    for path in sorted(Path(scripts.versions).glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:8]


def _dispose(url: str) -> None:
    get_engine(url).dispose()


def build_sample(url: str) -> float:
    started = time.perf_counter()
    prepare_database(url, with_sample=True)
    return time.perf_counter() - started


def build_national(url: str, seed: int, findings: int) -> tuple[float, float]:
    """(total seconds, generator seconds) to build the national database at `url`."""
    started = time.perf_counter()
    prepare_database(url, with_sample=True)
    engine = get_engine(url)
    with engine.connect() as conn:
        provinces = [row[0] for row in conn.exec_driver_sql("SELECT code FROM province ORDER BY code")]
    result = generate(
        engine, province_codes=provinces, years=range(2021, 2026), seed=seed, findings_per_report=findings
    )
    return time.perf_counter() - started, result.seconds


def sqlite_databases(workdir: Path, *, national: bool, seed: int, findings: int) -> list[Database]:
    sample_path = workdir / "sample.sqlite3"
    out = [Database("sqlite", "sample", f"sqlite:///{sample_path}", build_sample(f"sqlite:///{sample_path}"))]
    _dispose(out[0].url)
    if not national:
        return out
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached = CACHE_DIR / f"national-seed{seed}-f{findings}-{_schema_key()}.sqlite3"
    built = generated = None
    if not cached.exists():
        partial = cached.with_suffix(".partial")
        for leftover in CACHE_DIR.glob(partial.name + "*"):
            leftover.unlink()
        built, generated = build_national(f"sqlite:///{partial}", seed, findings)
        _dispose(f"sqlite:///{partial}")
        os.replace(partial, cached)
    work = workdir / "national.sqlite3"
    shutil.copy(cached, work)
    out.append(Database("sqlite", "national", f"sqlite:///{work}", built, generated))
    return out


def postgres_databases(server, *, national: bool, seed: int, findings: int) -> list[Database]:
    url = server.create_database("bench_sample")
    out = [Database("postgresql", "sample", url, build_sample(url))]
    _dispose(url)
    if national:
        url = server.create_database("bench_national")
        built, generated = build_national(url, seed, findings)
        _dispose(url)
        out.append(Database("postgresql", "national", url, built, generated))
    return out


def table_sizes(url: str) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {
            t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()
            for t in ("report", "indicator_value", "finding", "target")
        }
