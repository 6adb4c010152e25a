"""The national illustrative generator: reports for every unit of many provinces, fast.

The content of each report comes from `sample_data.illustrative` (pure, deterministic per
seed, unit and year); `data_access.sample.load_illustrative` makes and writes the Hải Phòng
demo with `prepare_province` / `write_province` too, so the demo and the national database
agree on the units they share. The bulk path matters for 3,321 units x 5 years:

- the findings' accent-folded copies are memoised (the texts come from a small vocabulary,
  so `fold` runs once per distinct sentence instead of 600,000 times);
- rows are tuples written through the DBAPI connection of the same transaction: PostgreSQL
  `COPY ... FROM STDIN` (psycopg), SQLite `executemany` of one prepared INSERT;
- one transaction per province: an interrupted run keeps the provinces it finished, and
  running it again adds only what is missing (units that already have a current report for a
  year, illustrative or real, are skipped; so are existing targets). Nothing is ever updated
  or deleted, so real reports are never touched.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, insert, select

from data_access import data_version
from data_access.db import analyze
from data_access.models import Finding, Indicator, IndicatorValue, Province, Report, Target, Ward
from data_access.reference import DEFAULT_SUBJECT
from data_access.writes import WriteRefused, now, subject_id
from report_parser.text import fold
from sample_data import illustrative

DEFAULT_FINDINGS = 40
REPORT_CHUNK = 2000

VALUE_COLUMNS = (
    "report_id", "indicator_code", "value", "unit", "qualifier", "task_area_code",
    "figure_text", "source_excerpt", "position",
)
FINDING_COLUMNS = ("report_id", "kind", "task_area_code", "position", "text", "text_folded", "source_excerpt")
TARGET_COLUMNS = ("ward_code", "year", "subject_id", "indicator_code", "target_value", "is_sample")

_fold = functools.lru_cache(maxsize=None)(fold)


@dataclass
class GenerateResult:
    """What a run added (rows per table) and how long it took."""

    provinces: int = 0
    units: int = 0
    reports: int = 0
    skipped_existing: int = 0
    not_reported: int = 0
    indicator_values: int = 0
    findings: int = 0
    targets: int = 0
    seconds: float = 0.0
    per_year: dict[int, int] = field(default_factory=dict)

    def add(self, other: GenerateResult) -> None:
        """Add one province's counts."""
        self.provinces += 1
        for name in ("units", "reports", "skipped_existing", "not_reported", "indicator_values", "findings", "targets"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for year, n in other.per_year.items():
            self.per_year[year] = self.per_year.get(year, 0) + n


def all_province_codes(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(select(Province.code).order_by(Province.code)))


def check_provinces(engine: Engine, codes: Sequence[int]) -> None:
    """Refuse unknown province codes before anything is written."""
    known = set(all_province_codes(engine))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise WriteRefused(
            "Không có tỉnh, thành phố mã " + ", ".join(str(c) for c in unknown)
            + " trong danh mục chính thức (34 tỉnh, thành phố)."
        )


@dataclass
class _Prepared:
    """One province's rows, generated in Python, waiting for their report ids."""

    province_code: int
    reports: list[dict] = field(default_factory=list)
    # Per report: value and finding tuples without their leading report_id.
    values: list[list[tuple]] = field(default_factory=list)
    findings: list[list[tuple]] = field(default_factory=list)
    targets: list[tuple] = field(default_factory=list)
    result: GenerateResult = field(default_factory=GenerateResult)


def generate(
    engine: Engine,
    *,
    province_codes: Iterable[int],
    years: Iterable[int],
    seed: int = illustrative.SEED,
    findings_per_report: int = DEFAULT_FINDINGS,
    progress: Callable[[int, GenerateResult], None] | None = None,
) -> GenerateResult:
    """Fill the database with illustrative reports and targets for every unit of the provinces.

    Each province is one transaction; `progress(province_code, totals)` is called after each.
    While one province is written (on PostgreSQL the server spends most of that time checking
    foreign keys and updating indexes), the next one is generated in Python, so the two cores
    work at once. There is only ever one writer. Run `init_db` first (the CLI does)."""
    codes = list(dict.fromkeys(int(c) for c in province_codes))
    years = sorted({int(y) for y in years})
    check_provinces(engine, codes)
    started = time.perf_counter()
    result = GenerateResult()

    def write(prepared: _Prepared) -> None:
        with engine.begin() as conn:
            write_province(conn, prepared)
            data_version.bump(conn)
        result.add(prepared.result)
        result.seconds = time.perf_counter() - started
        if progress:
            progress(prepared.province_code, result)

    with ThreadPoolExecutor(max_workers=1) as writer:
        pending = None
        for code in codes:
            with engine.connect() as conn:
                prepared = prepare_province(conn, code, years, seed, findings_per_report)
            if pending is not None:
                pending.result()  # re-raises the writer's error; earlier provinces stay committed
            pending = writer.submit(write, prepared)
        if pending is not None:
            pending.result()
    analyze(engine)
    result.seconds = time.perf_counter() - started
    return result


def prepare_province(conn: Connection, province_code: int, years: list[int], seed: int, per_report: int) -> _Prepared:
    """The illustrative rows of a province's units for the years, made in Python, not yet written."""
    sid = subject_id(conn, DEFAULT_SUBJECT)
    wards = conn.execute(
        select(Ward.code, Ward.name, Ward.kind).where(Ward.province_code == province_code).order_by(Ward.code)
    ).all()
    ward_codes = [w.code for w in wards]
    # Any current report, real or illustrative, keeps its place: nothing is replaced.
    taken = set(
        conn.execute(
            select(Report.ward_code, Report.year).where(
                Report.subject_id == sid, Report.is_current, Report.year.in_(years),
                Report.ward_code.in_(ward_codes),
            )
        ).all()
    )
    targeted = set(
        conn.execute(
            select(Target.ward_code, Target.year, Target.indicator_code).where(
                Target.subject_id == sid, Target.year.in_(years), Target.ward_code.in_(ward_codes)
            )
        ).all()
    )
    catalogue = {
        row.code: row
        for row in conn.execute(select(Indicator.code, Indicator.name, Indicator.unit, Indicator.task_area_code))
    }
    stamp = now()
    out = _Prepared(province_code)
    counts = out.result
    for ward in wards:
        counts.units += 1
        for year in years:
            for target in illustrative.targets_for(ward.code, ward.kind, year, seed):
                if (ward.code, year, target["indicator_code"]) not in targeted:
                    out.targets.append((ward.code, year, sid, target["indicator_code"], target["target_value"], True))
            if (ward.code, year) in taken:
                counts.skipped_existing += 1
                continue
            generated = illustrative.generate_report(
                ward.code, ward.name, ward.kind, year, seed=seed, findings_per_report=per_report
            )
            if generated is None:
                counts.not_reported += 1
                continue
            out.reports.append(
                {
                    "ward_code": ward.code, "year": year, "subject_id": sid, "version": 1, "is_current": True,
                    "title": generated.title, "document_number": generated.document_number,
                    "document_date": generated.document_date, "issuing_body": generated.issuing_body,
                    "source_filename": None, "source_text": None, "content_hash": None,
                    "imported_at": stamp, "imported_by": "sample", "is_sample": True,
                }
            )
            values = []
            for f in generated.figures:
                ind = catalogue[f["indicator_code"]]
                excerpt = _excerpt(ind.name, f["value"], ind.unit, year)
                values.append((ind.code, f["value"], ind.unit, None, ind.task_area_code, None, excerpt, f["position"]))
            out.values.append(values)
            out.findings.append(
                [
                    (f["kind"], f["task_area_code"], f["position"], f["text"], _fold(f["text"]), f["text"])
                    for f in generated.findings
                ]
            )
            counts.per_year[year] = counts.per_year.get(year, 0) + 1
    counts.reports = len(out.reports)
    counts.indicator_values = sum(len(v) for v in out.values)
    counts.findings = sum(len(f) for f in out.findings)
    counts.targets = len(out.targets)
    return out


@functools.lru_cache(maxsize=200_000)
def _excerpt(name: str, value: float, unit: str, year: int) -> str:
    return illustrative.figure_excerpt(name, value, unit, year)


def write_province(conn: Connection, prepared: _Prepared) -> None:
    """Write what prepare_province made, inside the caller's transaction."""
    value_rows: list[tuple] = []
    finding_rows: list[tuple] = []
    for start in range(0, len(prepared.reports), REPORT_CHUNK):
        chunk = prepared.reports[start : start + REPORT_CHUNK]
        ids = conn.execute(insert(Report).returning(Report.id, sort_by_parameter_order=True), chunk).scalars().all()
        for offset, report_id in enumerate(ids, start=start):
            value_rows.extend((report_id, *row) for row in prepared.values[offset])
            finding_rows.extend((report_id, *row) for row in prepared.findings[offset])
    bulk_insert(conn, IndicatorValue.__tablename__, VALUE_COLUMNS, value_rows)
    bulk_insert(conn, Finding.__tablename__, FINDING_COLUMNS, finding_rows)
    bulk_insert(conn, Target.__tablename__, TARGET_COLUMNS, prepared.targets)


def bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Append rows (tuples in `columns` order) inside the connection's transaction: COPY on
    PostgreSQL, one prepared INSERT executed many times on SQLite."""
    if not rows:
        return
    raw = conn.connection.dbapi_connection
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    cursor = raw.cursor()
    try:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    finally:
        cursor.close()


def counts(engine: Engine, province_codes: Iterable[int] | None = None) -> dict[str, int]:
    """Rows of the report tables (optionally only for some provinces): reports, sample_reports,
    indicator_values, findings, targets."""
    in_scope = select(Ward.code)
    if province_codes is not None:
        in_scope = in_scope.where(Ward.province_code.in_(list(province_codes)))
    reports = select(Report.id).where(Report.ward_code.in_(in_scope))
    with engine.connect() as conn:
        return {
            "reports": conn.scalar(select(func.count()).select_from(Report).where(Report.ward_code.in_(in_scope))),
            "sample_reports": conn.scalar(
                select(func.count()).select_from(Report).where(Report.ward_code.in_(in_scope), Report.is_sample)
            ),
            "indicator_values": conn.scalar(
                select(func.count()).select_from(IndicatorValue).where(IndicatorValue.report_id.in_(reports))
            ),
            "findings": conn.scalar(select(func.count()).select_from(Finding).where(Finding.report_id.in_(reports))),
            "targets": conn.scalar(select(func.count()).select_from(Target).where(Target.ward_code.in_(in_scope))),
        }


__all__ = ["DEFAULT_FINDINGS", "GenerateResult", "generate", "analyze", "bulk_insert", "counts", "all_province_codes"]
