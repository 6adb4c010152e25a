"""The national generator (`manage.py generate`) on a small subset: Lai Châu (38 units, the
smallest province) for two years, on SQLite and PostgreSQL. The full national run is timed by
the benchmark (`python -m bench`), not here."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import case, func, select

from data_access import generate as gen
from data_access.db import get_engine
from data_access.models import Finding, IndicatorValue, Report, Target, Ward
from data_access.setup import init_db
from sample_data.illustrative import INDICATOR_PROFILES

LAI_CHAU = 12
YEARS = (2024, 2025)


@pytest.fixture
def other_schema_db_url(backend, tmp_path, request) -> str:
    """A second empty database with the schema, to compare two runs."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"g_{uuid.uuid4().hex[:12]}")
    init_db(url)
    return url


def run(url: str, provinces=(LAI_CHAU,), years=YEARS, seed: int = 62) -> gen.GenerateResult:
    return gen.generate(get_engine(url), province_codes=provinces, years=years, seed=seed, findings_per_report=40)


def per_report(url: str) -> list[tuple]:
    """(ward_code, year, is_sample, figures, findings) of every report."""
    engine = get_engine(url)
    figures = select(IndicatorValue.report_id, func.count().label("n")).group_by(IndicatorValue.report_id).subquery()
    findings = select(Finding.report_id, func.count().label("n")).group_by(Finding.report_id).subquery()
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(Report.ward_code, Report.year, Report.is_sample, figures.c.n, findings.c.n)
                .join(figures, figures.c.report_id == Report.id, isouter=True)
                .join(findings, findings.c.report_id == Report.id, isouter=True)
                .order_by(Report.ward_code, Report.year)
            )
        ]


def content_digest(url: str) -> str:
    """A digest of every generated row's content (not its ids)."""
    engine = get_engine(url)
    with engine.connect() as conn:
        rows = [
            *conn.execute(
                select(Report.ward_code, Report.year, Report.title, Report.document_number, Report.document_date)
                .order_by(Report.ward_code, Report.year)
            ),
            *conn.execute(
                select(Report.ward_code, Report.year, IndicatorValue.indicator_code, IndicatorValue.value,
                       IndicatorValue.source_excerpt)
                .join(Report, Report.id == IndicatorValue.report_id)
                .order_by(Report.ward_code, Report.year, IndicatorValue.indicator_code)
            ),
            *conn.execute(
                select(Report.ward_code, Report.year, Finding.kind, Finding.position, Finding.text, Finding.text_folded)
                .join(Report, Report.id == Finding.report_id)
                .order_by(Report.ward_code, Report.year, Finding.kind, Finding.position)
            ),
            *conn.execute(
                select(Target.ward_code, Target.year, Target.indicator_code, Target.target_value)
                .order_by(Target.ward_code, Target.year, Target.indicator_code)
            ),
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_generates_reports_for_the_province_with_figures_and_findings(schema_db_url):
    result = run(schema_db_url)
    reports = per_report(schema_db_url)
    engine = get_engine(schema_db_url)
    with engine.connect() as conn:
        units = conn.scalar(select(func.count()).select_from(Ward).where(Ward.province_code == LAI_CHAU))
        other_provinces = conn.scalar(
            select(func.count()).select_from(Report).join(Ward, Ward.code == Report.ward_code)
            .where(Ward.province_code != LAI_CHAU)
        )
        targets = conn.execute(select(func.count(), func.sum(case((Target.is_sample, 1), else_=0)))).one()
    assert units == 38 and other_provinces == 0
    for year in YEARS:
        reported = [r for r in reports if r[1] == year]
        # Most units report; some are missing (reports still arriving), as in real life.
        assert 0.7 * units <= len(reported) < units
    assert len(reports) == result.reports and result.not_reported == 2 * units - len(reports)
    assert all(r[2] for r in reports), "every generated report is flagged illustrative"
    assert {r[3] for r in reports} == {len(INDICATOR_PROFILES)}  # about 30 figures per report
    findings = [r[4] for r in reports]
    assert all(35 <= n <= 45 for n in findings) and 38 <= sum(findings) / len(findings) <= 42
    # Every unit has its targets for both years, reported or not; all illustrative.
    assert targets[0] == result.targets > 0 and targets[1] == targets[0]
    assert targets[0] % (units * len(YEARS)) == 0


def test_same_seed_same_content_other_seed_other_content(schema_db_url, other_schema_db_url):
    run(schema_db_url, years=(2025,))
    run(other_schema_db_url, years=(2025,))
    assert content_digest(schema_db_url) == content_digest(other_schema_db_url)
    # Thành phố Huế added to both, with the demo's seed on one and another seed on the other.
    run(schema_db_url, provinces=(46,), years=(2025,), seed=62)
    run(other_schema_db_url, provinces=(46,), years=(2025,), seed=7)
    assert content_digest(schema_db_url) != content_digest(other_schema_db_url)


def test_running_again_adds_nothing(schema_db_url):
    first = run(schema_db_url)
    before = per_report(schema_db_url), gen.counts(get_engine(schema_db_url))
    again = run(schema_db_url)
    assert first.reports > 0
    assert (again.reports, again.targets, again.findings) == (0, 0, 0)
    assert again.skipped_existing == first.reports
    assert (per_report(schema_db_url), gen.counts(get_engine(schema_db_url))) == before


def test_real_report_untouched_and_sample_units_skipped(sample_db_url):
    engine = get_engine(sample_db_url)

    def real_rows():
        with engine.connect() as conn:
            report = conn.execute(
                select(Report.id, Report.version, Report.is_current, Report.is_sample, Report.content_hash)
                .where(Report.ward_code == 10525, Report.year == 2025)
            ).all()
            values = conn.execute(
                select(IndicatorValue.id, IndicatorValue.indicator_code, IndicatorValue.value)
                .join(Report, Report.id == IndicatorValue.report_id)
                .where(Report.ward_code == 10525, Report.year == 2025).order_by(IndicatorValue.id)
            ).all()
            findings = conn.execute(
                select(Finding.id, Finding.text).join(Report, Report.id == Finding.report_id)
                .where(Report.ward_code == 10525, Report.year == 2025).order_by(Finding.id)
            ).all()
        return report, values, findings

    before = real_rows()
    hai_phong_before = gen.counts(engine, [31])
    result = gen.generate(engine, province_codes=[31, LAI_CHAU], years=range(2021, 2026), findings_per_report=40)
    assert real_rows() == before
    assert len(before[0]) == 1 and not before[0][0].is_sample and before[0][0].is_current
    # Hải Phòng already has the sample: nothing added there, Lai Châu filled.
    assert gen.counts(engine, [31]) == hai_phong_before
    assert result.reports == gen.counts(engine, [LAI_CHAU])["reports"] > 0


def test_command_prints_counts_and_refuses_bad_input(empty_db_url, capsys):
    import manage

    def command(*args) -> tuple[int, str, str]:
        code = manage.main(["generate", "--database-url", empty_db_url, "--quiet", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = command("--provinces", str(LAI_CHAU), "--years", "2025")
    assert code == 0
    reports = gen.counts(get_engine(empty_db_url))["reports"]
    assert f"Thêm mới: {reports} báo cáo" in out and "giây" in out
    for bad in (["--provinces", "999"], ["--years", "20x5"], ["--provinces", "12,abc"], ["--findings", "0"]):
        code, _, err = command(*bad)
        assert code == 2 and err.startswith("Lỗi:"), (bad, err)
    assert gen.counts(get_engine(empty_db_url))["reports"] == reports
