"""Data safety: a failure in the middle of a write leaves the database exactly as it was (and no
audit entry), simultaneous imports of one report leave exactly one current version, and SQLite
runs in WAL mode with a busy timeout so that a second writer waits instead of failing."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from data_access import audit, targets, writes
from data_access.backup import table_checksums
from data_access.db import get_engine
from data_access.models import IndicatorValue, Report
from data_access.security import Actor
from data_access.security_models import AuditEntry
from data_access.writes import ReportConflict, WriteRefused

EDITOR = Actor("editor", "editor", provinces=frozenset({31}))
HAI_DUONG = 10525


def _args(year=2024, value=5.0, text="Ưu điểm thử nghiệm"):
    return {
        "ward_code": HAI_DUONG, "year": year, "subject_code": "KL62",
        "report": {"title": "Báo cáo đồng thời", "source_text": text},
        "figures": [{"indicator_code": "party_members", "value": value, "unit": "đảng viên"}] * 3,
        "findings": [{"kind": "strength", "text": text}],
    }


def _versions(engine, year=2024):
    with engine.connect() as conn:
        return conn.execute(
            select(Report.version, Report.is_current).where(Report.ward_code == HAI_DUONG, Report.year == year)
            .order_by(Report.version)
        ).all()


def test_a_failure_after_the_report_row_leaves_nothing(sample_engine, monkeypatch):
    engine = sample_engine
    before = table_checksums(engine)
    # 1. The database refuses a row after the report row is in: a figure that breaks a CHECK
    #    constraint (the data layer's own validation is bypassed to reach the database).
    real_row = writes._figure_row
    monkeypatch.setattr(writes, "_figure_row", lambda figure, i: {**real_row(figure, i), "value": -1.0})
    with pytest.raises(WriteRefused) as caught:
        writes.save_report(engine, actor=EDITOR, **_args(year=2025))
    assert "không hợp lệ" in str(caught.value)
    monkeypatch.undo()
    # 2. A crash while writing the audit entry, after the report and its rows were inserted.
    def crash(*_args, **_kwargs):
        raise RuntimeError("disk unplugged")
    monkeypatch.setattr(audit, "record", crash)
    with pytest.raises(RuntimeError):
        writes.save_report(engine, actor=EDITOR, **_args(year=2025))
    monkeypatch.undo()
    # 3. The same in a correction and a target change.
    monkeypatch.setattr(audit, "record", crash)
    with engine.connect() as conn:
        report_id = conn.scalar(select(Report.id).where(Report.ward_code == HAI_DUONG, Report.year == 2025,
                                                        Report.is_current))
        figure_id = conn.scalar(select(IndicatorValue.id).where(IndicatorValue.report_id == report_id).limit(1))
    with pytest.raises(RuntimeError):
        writes.correct_figure(engine, actor=EDITOR, figure_id=figure_id, value=1)
    with pytest.raises(RuntimeError):
        targets.save_unit_targets(engine, actor=EDITOR, ward_code=HAI_DUONG, year=2025, values={"party_members": 1})
    monkeypatch.undo()
    assert table_checksums(engine) == before
    assert _versions(engine, 2025) == [(1, True)]


def _race(engine, n, **kwargs):
    """n threads, each with its own connection, save the same report at the same moment."""
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def run(i):
        barrier.wait()
        try:
            outcomes[i] = writes.save_report(engine, actor=EDITOR, **_args(value=i), **kwargs)
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def test_simultaneous_first_imports_leave_one_current_version_and_tell_the_others(sample_engine):
    engine = sample_engine
    year_has = _versions(engine)
    expected = year_has[-1].version if year_has else None
    audit_before = len(audit.audit_entries(engine))
    outcomes = _race(engine, 4, expected_version=expected)
    saved = [o for o in outcomes if isinstance(o, writes.SavedReport)]
    conflicts = [o for o in outcomes if isinstance(o, ReportConflict)]
    assert len(saved) == 1 and len(conflicts) == 3, outcomes
    assert "người khác" in str(conflicts[0])
    versions = _versions(engine)
    assert sum(1 for v in versions if v.is_current) == 1
    assert versions[-1] == (saved[0].version, True)
    assert len(audit.audit_entries(engine)) == audit_before + 1


def test_simultaneous_reimports_queue_and_keep_history(sample_engine):
    engine = sample_engine
    start = len(_versions(engine))
    outcomes = _race(engine, 4)
    assert all(isinstance(o, writes.SavedReport) for o in outcomes), outcomes
    versions = _versions(engine)
    assert [v.version for v in versions] == list(range(1, start + 5))
    assert [v.is_current for v in versions] == [False] * (start + 3) + [True]
    # Each import says which version it replaced: a chain, no version replaced twice.
    assert sorted(o.replaced_version or 0 for o in outcomes) == list(range(start, start + 4))


def test_sqlite_runs_in_wal_mode_and_a_second_writer_waits(backend, sample_db_url):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    engine = get_engine(sample_db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # One connection holds the write lock for a second; the write through the data layer
    # waits for it instead of failing with "database is locked", and readers are not blocked.
    holder = engine.connect()
    holder.exec_driver_sql("BEGIN IMMEDIATE")
    holder.exec_driver_sql("UPDATE achievement_band SET position = position")
    done = {}

    def write():
        started = time.monotonic()
        done["saved"] = writes.save_report(engine, actor=EDITOR, **_args())
        done["waited"] = time.monotonic() - started

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(1.0)
    with engine.connect() as reader:
        assert reader.scalar(select(func.count()).select_from(Report)) > 0
    assert "saved" not in done
    holder.commit()
    holder.close()
    thread.join(timeout=60)
    assert done["waited"] >= 0.9 and done["saved"].figures == 3


def test_an_audit_entry_is_never_without_its_write(sample_engine):
    engine = sample_engine
    with engine.connect() as conn:
        before = conn.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(WriteRefused):
        writes.save_report(engine, actor=EDITOR, **{**_args(), "ward_code": 99999999})
    with pytest.raises(WriteRefused):
        writes.save_report(engine, actor=EDITOR, **{**_args(), "figures": [{"value": float("inf")}]})
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AuditEntry)) == before
