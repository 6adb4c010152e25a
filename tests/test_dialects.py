"""What differs between SQLite and PostgreSQL, handled in data_access and checked on both:
accent folding and search, the partial unique index, idempotent reference data, the
insert-or-update of targets, row locks, and the bulk path (COPY / executemany)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

from data_access import queries
from data_access.db import get_engine
from data_access.generate import bulk_insert
from data_access.models import AchievementBand, Finding, Indicator, Province, Report, Subject, Target, TaskArea, Ward
from data_access.reference import load_reference_data
from data_access.security import system_actor
from data_access.setup import init_db
from data_access.targets import save_unit_targets
from data_access.writes import lock_ward
from report_parser.text import fold

REFERENCE = (Province, Ward, Subject, TaskArea, Indicator, AchievementBand)


def test_search_is_accent_insensitive_through_the_folded_column(sample_engine):
    plain = queries.findings(sample_engine, province_code=31, year=2025, search="kinh phi")
    accented = queries.findings(sample_engine, province_code=31, year=2025, search="KINH PHÍ")
    assert len(plain) > 0 and plain.equals(accented)
    assert all("kinh phi" in fold(t) for t in plain["text"])
    # The database matches on text_folded, not on text: change one folded copy and the search follows it.
    target_id = int(plain.iloc[0]["report_id"])
    with sample_engine.begin() as conn:
        finding_id = conn.scalar(
            select(Finding.id).where(Finding.report_id == target_id, Finding.text_folded.contains("kinh phi")).limit(1)
        )
        conn.execute(update(Finding).where(Finding.id == finding_id).values(text_folded="zzz khong con khop"))
    after = queries.findings(sample_engine, province_code=31, year=2025, search="kinh phi")
    assert len(after) == len(plain) - 1
    assert len(queries.findings(sample_engine, province_code=31, year=2025, search="zzz khong")) == 1


def test_search_treats_like_wildcards_as_text(sample_engine):
    everything = queries.findings(sample_engine, province_code=31, year=2025)
    assert len(everything) > 0
    for pattern in ("%", "_", "100%", "a_b"):
        found = queries.findings(sample_engine, province_code=31, year=2025, search=pattern)
        assert all(fold(pattern) in fold(t) for t in found["text"]), pattern


def test_partial_unique_index_exists_and_holds(schema_db_url):
    engine = get_engine(schema_db_url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            definition = conn.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_report_current'"))
        else:
            definition = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'uq_report_current'"))
    assert definition is not None
    assert "UNIQUE" in definition.upper() and "WHERE" in definition.upper() and "is_current" in definition


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {m.__tablename__: conn.scalar(select(func.count()).select_from(m)) for m in REFERENCE}


def test_reference_data_load_is_idempotent(schema_db_url):
    engine = get_engine(schema_db_url)
    before = _counts(engine)
    assert before["ward"] == 3321 and before["province"] == 34
    with engine.begin() as conn:
        assert sum(load_reference_data(conn).values()) == 0
        assert sum(load_reference_data(conn).values()) == 0  # twice in one transaction too
    assert sum(init_db(schema_db_url).values()) == 0
    assert _counts(engine) == before


def test_target_insert_then_update_keeps_one_row(sample_db_url):
    engine = get_engine(sample_db_url)
    actor = system_actor("test:dialects")
    for value in (400_000_000, 450_000_000):
        save_unit_targets(engine, actor=actor, ward_code=10525, year=2026, values={"poor_fund": value})
    with engine.connect() as conn:
        rows = conn.execute(
            select(Target.target_value, Target.is_sample).where(
                Target.ward_code == 10525, Target.year == 2026, Target.indicator_code == "poor_fund"
            )
        ).all()
    assert [(r.target_value, bool(r.is_sample)) for r in rows] == [(450_000_000, False)]


def test_select_for_update_locks_on_postgresql_and_is_harmless_on_sqlite(sample_db_url):
    engine = get_engine(sample_db_url)
    statement = select(Report.id).where(Report.ward_code == 10525, Report.year == 2025, Report.is_current)
    with engine.begin() as conn:
        lock_ward(conn, 10525)
        locked = conn.execute(statement.with_for_update()).scalar_one()
        assert locked == conn.execute(statement).scalar_one()
        compiled = str(statement.with_for_update().compile(dialect=engine.dialect))
        if engine.dialect.name == "sqlite":
            assert "FOR UPDATE" not in compiled  # SQLite has one writer; the clause is dropped
            return
        assert "FOR UPDATE" in compiled
        # A second writer of the same unit must wait: with NOWAIT it is refused at once.
        with engine.connect() as other, pytest.raises(OperationalError):
            other.execute(
                select(Ward.code).where(Ward.code == 10525).with_for_update(key_share=True, nowait=True)
            )


def test_bulk_insert_appends_rows_inside_the_transaction(sample_db_url):
    engine = get_engine(sample_db_url)
    with engine.connect() as conn:
        report_id = conn.scalar(select(Report.id).where(Report.ward_code == 10525, Report.year == 2025))
        before = conn.scalar(select(func.count()).select_from(Finding).where(Finding.report_id == report_id))
    row = (report_id, "lesson", None, 99, "Bài học: “dấu ngoặc”, tab\tvà xuống dòng\nĐảng ủy", None, None)
    row = (*row[:5], fold(row[4]), row[4])
    columns = ("report_id", "kind", "task_area_code", "position", "text", "text_folded", "source_excerpt")
    with pytest.raises(RuntimeError), engine.begin() as conn:
        bulk_insert(conn, "finding", columns, [row])
        raise RuntimeError("roll back")
    with engine.begin() as conn:
        bulk_insert(conn, "finding", columns, [row])
    with engine.connect() as conn:
        stored = conn.execute(
            select(Finding.text, Finding.text_folded).where(Finding.report_id == report_id, Finding.position == 99)
        ).all()
        after = conn.scalar(select(func.count()).select_from(Finding).where(Finding.report_id == report_id))
    assert after == before + 1
    assert [tuple(r) for r in stored] == [(row[4], fold(row[4]))]
    assert "dang uy" in stored[0].text_folded
