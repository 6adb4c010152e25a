"""The schema: alembic from empty, init-db idempotent, and the rules the database enforces."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.config import DatabaseConfigError
from data_access.db import check_connection, get_engine, schema_is_current, table_names
from data_access.models import Finding, IndicatorValue, Report, Subject, Ward
from data_access.setup import init_db
from tests.support.pages import ROOT

TABLES = {
    "achievement_band", "alembic_version", "finding", "indicator", "indicator_value",
    "province", "report", "subject", "target", "task_area", "ward",
}


def test_migration_from_empty_creates_every_table(empty_db_url):
    assert table_names(empty_db_url) == []
    init_db(empty_db_url)
    assert TABLES <= set(table_names(empty_db_url))
    assert schema_is_current(empty_db_url)


def _row_counts(url: str) -> dict[str, int]:
    engine = get_engine(url)
    with engine.connect() as conn:
        return {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar() for t in sorted(TABLES)}


def test_init_db_twice_changes_nothing(empty_db_url):
    first = init_db(empty_db_url)
    assert first["province"] == 34 and first["ward"] == 3321
    counts = _row_counts(empty_db_url)
    second = init_db(empty_db_url)
    assert sum(second.values()) == 0
    assert _row_counts(empty_db_url) == counts


def test_init_db_command_runs_twice(empty_db_url):
    for expected in ("3399", "0"):
        done = subprocess.run(
            [sys.executable, "manage.py", "init-db", "--database-url", empty_db_url],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert f"Thêm {expected} dòng danh mục" in done.stdout


def _report_row(conn, **overrides):
    row = {
        "ward_code": 10525, "year": 2024,
        "subject_id": conn.scalar(select(Subject.id).where(Subject.code == "KL62")),
        "version": 1, "is_current": True, "imported_at": dt.datetime(2026, 1, 2), "is_sample": False,
    }
    row.update(overrides)
    return row


def test_database_rejects_a_second_current_report(schema_db_url):
    engine = get_engine(schema_db_url)
    with engine.begin() as conn:
        conn.execute(insert(Report), [_report_row(conn)])
    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            conn.execute(insert(Report), [_report_row(conn, version=2)])
    # An earlier version that is no longer current may coexist with the current one.
    with engine.begin() as conn:
        conn.execute(insert(Report), [_report_row(conn, version=2, is_current=False)])
        assert conn.scalar(select(func.count()).select_from(Report).where(Report.is_current)) == 1


def test_database_rejects_negative_values_unknown_kinds_and_units(schema_db_url):
    engine = get_engine(schema_db_url)
    with engine.begin() as conn:
        report_id = conn.execute(insert(Report).returning(Report.id), [_report_row(conn)]).scalar_one()
    bad_rows = [
        (IndicatorValue, {"report_id": report_id, "indicator_code": "party_members", "value": -1, "position": 1}),
        (Finding, {"report_id": report_id, "kind": "opinion", "position": 1, "text": "x", "text_folded": "x"}),
        (IndicatorValue, {"report_id": report_id, "indicator_code": "no_such_indicator", "value": 1, "position": 1}),
    ]
    for model, row in bad_rows:
        with pytest.raises(IntegrityError):
            with engine.begin() as conn:
                conn.execute(insert(model), [row])
    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            conn.execute(insert(Report), [_report_row(conn, ward_code=99999999)])
    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            conn.execute(update(Ward).where(Ward.code == 10525).values(kind="quận"))


@pytest.mark.parametrize(
    "url, message",
    [
        ("not a url", "DATABASE_URL không hợp lệ"),
        ("oracle+nosuchdriver://u@h/db", "Không hỗ trợ loại cơ sở dữ liệu"),
        ("postgresql+psycopg://someone:secret@127.0.0.1:9/nowhere", "Không kết nối được cơ sở dữ liệu"),
    ],
)
def test_bad_database_url_gives_one_clear_message(url, message):
    with pytest.raises(DatabaseConfigError) as caught:
        check_connection(url)
    assert message in str(caught.value)
    assert "secret" not in str(caught.value)


def test_bad_database_url_in_the_command_line_prints_no_traceback():
    done = subprocess.run(
        [sys.executable, "manage.py", "init-db"], cwd=ROOT, capture_output=True, text=True,
        env={"DATABASE_URL": "nonsense", "PATH": "/usr/bin:/bin"}, timeout=60,
    )
    assert done.returncode == 2
    assert "DATABASE_URL không hợp lệ" in done.stderr
    assert "Traceback" not in done.stderr


def test_migrated_schema_matches_the_models(schema_db_url):
    """Every table the models declare (reports, targets and catalogue, accounts and audit, the
    data version) is in the migrated schema exactly as the models say: the hand-written
    migrations 0002-0005 and the models cannot drift apart unnoticed."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import data_access.data_version  # noqa: F401  (its table is on the same metadata)
    import data_access.security_models  # noqa: F401
    from data_access.models import Base

    with get_engine(schema_db_url).connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        kl62_indicators = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM indicator JOIN subject ON subject.id = indicator.subject_id "
            "WHERE subject.code = 'KL62' AND indicator.keywords IS NOT NULL"
        ).scalar()
    assert {"user_account", "audit_log", "login_attempt", "data_version"} <= set(Base.metadata.tables)
    assert diffs == []
    assert kl62_indicators == 31


def test_upgrade_from_0002_keeps_the_rows_and_gives_indicators_their_subject(empty_db_url):
    """A database in use before revision 0003 (figures and targets pointing at indicators)
    upgrades in place: nothing lost, the indicators belong to KL62 and get their keywords."""
    from alembic import command

    from data_access.db import alembic_config

    engine = check_connection(empty_db_url)
    config = alembic_config(empty_db_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_users_audit")
    with engine.begin() as conn:
        for sql in (
            "INSERT INTO province (code, name, kind, codename) VALUES (31, 'Thành phố Hải Phòng', 'thành phố', 'hp')",
            "INSERT INTO ward (code, name, kind, codename, province_code) "
            "VALUES (10525, 'Phường Hải Dương', 'phường', 'hd', 31)",
            "INSERT INTO subject (id, code, name) VALUES (1, 'KL62', 'Kết luận 62')",
            "INSERT INTO indicator (code, name, unit, higher_is_better, aggregation, position) "
            "VALUES ('poor_fund', 'Quỹ', 'đồng', TRUE, 'sum', 1)",
            "INSERT INTO target (ward_code, year, subject_id, indicator_code, target_value, is_sample) "
            "VALUES (10525, 2025, 1, 'poor_fund', 400000000, FALSE)",
        ):
            conn.exec_driver_sql(sql)
    init_db(empty_db_url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT subject.code, indicator.keywords FROM indicator JOIN subject ON subject.id = indicator.subject_id "
            "WHERE indicator.code = 'poor_fund'").one()
        targets = conn.exec_driver_sql("SELECT target_value FROM target").scalars().all()
    assert tuple(row) == ("KL62", "vì người nghèo") and targets == [400_000_000]
