"""Hostile writes: a caller cannot choose a report's import fields. The data layer sets
`is_sample` and `imported_by` from the actor; only the sample loader may store illustrative
rows, so `remove-sample` can never delete a real report. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access import writes
from data_access.db import get_engine
from data_access.models import Report
from data_access.sample import remove_sample
from data_access.security import Actor, PermissionDenied, WriteRefused, system_actor
from data_access.security_models import AuditEntry

HAI_DUONG = 10525
EDITOR = Actor("editor31", "editor", provinces=frozenset({31}))
ADMIN = Actor("admin1", "admin")


def _args(year=2024, **extra):
    return {"ward_code": HAI_DUONG, "year": year, "subject_code": "KL62",
            "report": {"title": "Báo cáo thử"}, "figures": [],
            "findings": [{"kind": "lesson", "text": "Bài học kinh nghiệm."}], **extra}


def _state(engine):
    with engine.connect() as conn:
        reports = conn.execute(select(Report.year, Report.version, Report.imported_by, Report.is_sample)
                               .order_by(Report.id)).all()
        audit = conn.scalar(select(func.count()).select_from(AuditEntry))
    return [tuple(r) for r in reports], audit


@pytest.fixture
def engine(schema_db_url):
    return get_engine(schema_db_url)


@pytest.mark.parametrize("actor", [EDITOR, ADMIN, system_actor("cli:root")], ids=["editor", "admin", "cli"])
def test_only_the_sample_loader_marks_a_report_illustrative(engine, actor):
    before = _state(engine)
    with pytest.raises(PermissionDenied, match="dữ liệu minh họa"):
        writes.save_report(engine, actor=actor, **_args(is_sample=True))
    assert _state(engine) == before  # nothing written, not even an audit entry


@pytest.mark.parametrize("actor", [EDITOR, ADMIN], ids=["editor", "admin"])
def test_a_signed_in_user_cannot_name_another_importer(engine, actor):
    before = _state(engine)
    with pytest.raises(PermissionDenied, match="không được ghi tên người khác"):
        writes.save_report(engine, actor=actor, **_args(imported_by="someone_else"))
    assert _state(engine) == before


def test_the_importer_is_the_actor(engine):
    writes.save_report(engine, actor=EDITOR, **_args(is_sample=False, imported_by="editor31"))
    writes.save_report(engine, actor=ADMIN, **_args())
    writes.save_report(engine, actor=system_actor("system:sample"), **_args(year=2023, is_sample=True,
                                                                            imported_by="sample"))
    reports, _ = _state(engine)
    assert [(year, version, by, bool(sample)) for year, version, by, sample in reports] == [
        (2024, 1, "editor31", False), (2024, 2, "admin1", False), (2023, 1, "sample", True)]


def test_odd_flag_values_are_refused(engine):
    with pytest.raises(WriteRefused):
        writes.save_report(engine, actor=EDITOR, **_args(is_sample="False"))
    with pytest.raises(WriteRefused, match="Tên người nhập"):
        writes.save_report(engine, actor=system_actor("cli:root"), **_args(imported_by="\x00"))


def test_remove_sample_keeps_a_real_report_after_a_refused_attempt(engine):
    writes.save_report(engine, actor=EDITOR, **_args())
    with pytest.raises(PermissionDenied):
        writes.save_report(engine, actor=EDITOR, **_args(is_sample=True, imported_by="admin1"))
    remove_sample(engine)
    reports, _ = _state(engine)
    assert [(r[0], r[2], bool(r[3])) for r in reports] == [(2024, "editor31", False)]
