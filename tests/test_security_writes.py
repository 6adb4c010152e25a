"""Rights are enforced in the data layer: every write refuses anonymous, read-only and
out-of-scope actors before it changes anything, and allowed writes are audited with the
values before and after, in the write's own transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from data_access import audit, security, targets, writes
from data_access.backup import table_checksums
from data_access.models import Finding, IndicatorValue, Report, Target, Ward
from data_access.security import ANONYMOUS, Actor, PermissionDenied, system_actor
from data_access.security_models import AuditEntry
from data_access.writes import ReportConflict, WriteRefused

HAI_DUONG = 10525
HAI_PHONG = 31
PASSWORD = "mật khẩu đủ dài 123"


def _other_wards(engine):
    with engine.connect() as conn:
        same = conn.scalar(select(Ward.code).where(Ward.province_code == HAI_PHONG, Ward.code != HAI_DUONG).limit(1))
        other = conn.scalar(select(Ward.code).where(Ward.province_code != HAI_PHONG).limit(1))
    return same, other


def _report_args(ward_code=HAI_DUONG, year=2024, value=10.0, text="Ưu điểm: làm tốt công tác dân vận."):
    return {
        "ward_code": ward_code, "year": year, "subject_code": "KL62",
        "report": {"title": "Báo cáo thử", "source_filename": "thu.txt", "source_text": "nội dung"},
        "figures": [{"indicator_code": "party_members", "value": value, "unit": "đảng viên"}],
        "findings": [{"kind": "strength", "text": text}],
    }


def _current(engine, ward_code=HAI_DUONG, year=2024):
    with engine.connect() as conn:
        return conn.execute(
            select(Report.id, Report.version).where(Report.ward_code == ward_code, Report.year == year,
                                                    Report.is_current)
        ).all()


def _audit(engine):
    with engine.connect() as conn:
        return conn.execute(select(AuditEntry).order_by(AuditEntry.id)).all()


def _figure_and_finding(engine, ward_code=HAI_DUONG, year=2025):
    with engine.connect() as conn:
        report_id = conn.scalar(select(Report.id).where(Report.ward_code == ward_code, Report.year == year,
                                                        Report.is_current))
        figure_id = conn.scalar(select(IndicatorValue.id).where(IndicatorValue.report_id == report_id)
                                .order_by(IndicatorValue.position).limit(1))
        finding_id = conn.scalar(select(Finding.id).where(Finding.report_id == report_id)
                                 .order_by(Finding.position).limit(1))
    return report_id, figure_id, finding_id


def _all_writes(engine, actor, ward_code):
    """Every write function of the data layer, aimed at `ward_code`, as the given actor."""
    with engine.connect() as conn:
        report_id = conn.scalar(select(Report.id).where(Report.ward_code == ward_code, Report.is_current).limit(1))
        figure_id = conn.scalar(select(IndicatorValue.id).where(IndicatorValue.report_id == report_id).limit(1))
        finding_id = conn.scalar(select(Finding.id).where(Finding.report_id == report_id).limit(1))
    return {
        "save_report": lambda: writes.save_report(engine, actor=actor, **_report_args(ward_code)),
        "save_unit_targets": lambda: targets.save_unit_targets(engine, actor=actor, ward_code=ward_code, year=2025,
                                                               values={"party_members": 99}),
        "correct_figure": lambda: writes.correct_figure(engine, actor=actor, figure_id=figure_id, value=1),
        "correct_finding": lambda: writes.correct_finding(engine, actor=actor, finding_id=finding_id, text="Sửa"),
        "create_user": lambda: security.create_user(engine, actor=actor, username="mallory", password=PASSWORD,
                                                    role="admin"),
        "update_user": lambda: security.update_user(engine, actor=actor, username="editor31", role="admin"),
        "set_password": lambda: security.set_password(engine, actor=actor, username="editor31",
                                                      password="đã bị chiếm quyền 1"),
    }



pytestmark = pytest.mark.usefixtures("cheap_hashes")


@pytest.fixture
def accounts(sample_engine):
    system = system_actor("test:setup")
    security.create_user(sample_engine, actor=system, username="editor31", password=PASSWORD, role="editor",
                         provinces=[HAI_PHONG])
    security.create_user(sample_engine, actor=system, username="viewer1", password=PASSWORD, role="viewer")
    return sample_engine


def test_anonymous_viewer_and_out_of_scope_editor_change_nothing(accounts):
    engine = accounts
    same, other = _other_wards(engine)
    viewer = security.authenticate(engine, "viewer1", PASSWORD)
    unit_editor = Actor("unit_editor", "editor", wards=frozenset({same}))
    with engine.connect() as conn:
        other_province = conn.scalar(select(Ward.province_code).where(Ward.code == other))
    security.create_user(engine, actor=system_actor("t"), username="editor_other", password=PASSWORD,
                         role="editor", provinces=[other_province])
    refused = [
        None, ANONYMOUS, viewer,
        unit_editor,  # scoped to another unit of the same province
        security.authenticate(engine, "editor_other", PASSWORD),  # scoped to another province
    ]
    before = table_checksums(engine)
    attempts = 0
    for actor in refused:
        for name, write in _all_writes(engine, actor, HAI_DUONG).items():
            attempts += 1
            with pytest.raises(PermissionDenied) as caught:
                write()
            message = str(caught.value)
            assert message and ("đăng nhập" in message or "không" in message.lower()), (name, message)
    after = table_checksums(engine)
    # Sign-ins are recorded (login_attempt, audit_log); nothing else moved.
    changed = {t for t in before if before[t] != after[t]}
    assert changed <= {"login_attempt", "audit_log", "user_account"}
    assert after["audit_log"][0] - before["audit_log"][0] == 0  # no write left an entry
    assert attempts == 35


def test_refusal_happens_before_any_database_access():
    # An engine that cannot connect: a refused actor must not even try.
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    for actor in (None, ANONYMOUS, Actor("v", "viewer")):
        with pytest.raises(PermissionDenied):
            writes.save_report(engine, actor=actor, **_report_args())
        with pytest.raises(PermissionDenied):
            targets.save_unit_targets(engine, actor=actor, ward_code=HAI_DUONG, year=2025, values={"party_members": 1})
        with pytest.raises(PermissionDenied):
            security.create_user(engine, actor=actor, username="x", password=PASSWORD, role="admin")


def test_editors_write_within_scope_and_admin_everywhere(accounts):
    engine = accounts
    same, other = _other_wards(engine)
    editor = security.authenticate(engine, "editor31", PASSWORD)
    assert writes.save_report(engine, actor=editor, **_report_args(same)).ward_code == same
    unit_editor = Actor("unit_editor", "editor", wards=frozenset({HAI_DUONG}))
    writes.save_report(engine, actor=unit_editor, **_report_args(HAI_DUONG))
    admin = Actor("boss", "admin")
    assert writes.save_report(engine, actor=admin, **_report_args(other)).version == 1
    with engine.connect() as conn:
        by = dict(conn.execute(select(Report.ward_code, Report.imported_by).where(Report.year == 2024,
                  Report.ward_code.in_([same, other, HAI_DUONG]), Report.is_current)).all())
    assert by == {same: "editor31", HAI_DUONG: "unit_editor", other: "boss"}


def test_every_write_leaves_one_audit_entry_with_before_and_after(accounts):
    engine = accounts
    editor = security.authenticate(engine, "editor31", PASSWORD)
    start = len(_audit(engine))

    writes.save_report(engine, actor=editor, **_report_args(value=10))
    writes.save_report(engine, actor=editor, **_report_args(value=12))
    targets.save_unit_targets(engine, actor=editor, ward_code=HAI_DUONG, year=2026, values={"party_members": 100})
    targets.save_unit_targets(engine, actor=editor, ward_code=HAI_DUONG, year=2026, values={"party_members": 120})
    _, figure_id, finding_id = _figure_and_finding(engine)
    writes.correct_figure(engine, actor=editor, figure_id=figure_id, value=73)
    _, _, finding_id = _figure_and_finding(engine)
    writes.correct_finding(engine, actor=editor, finding_id=finding_id, text="Nội dung đã sửa")
    security.update_user(engine, actor=system_actor("test"), username="viewer1", display_name="Người xem 1")

    entries = _audit(engine)[start:]
    assert [e.action for e in entries] == [
        "report_import", "report_reimport", "target_set", "target_set", "figure_correct", "finding_correct",
        "user_update",
    ]
    assert [e.actor for e in entries[:-1]] == ["editor31"] * 6
    imported, reimported, new_target, changed_target, figure, finding, user = entries
    assert imported.before_json is None and json.loads(imported.after_json)["figures"][0]["value"] == 10
    assert json.loads(reimported.before_json)["version"] == 1 and json.loads(reimported.after_json)["version"] == 2
    assert new_target.before_json is None and json.loads(new_target.after_json)["target_value"] == 100
    assert json.loads(changed_target.before_json)["target_value"] == 100
    assert json.loads(changed_target.after_json)["target_value"] == 120
    assert json.loads(figure.before_json)["value"] == 72 and json.loads(figure.after_json)["value"] == 73
    assert figure.ward_code == HAI_DUONG and figure.year == 2025
    assert json.loads(finding.after_json)["text"] == "Nội dung đã sửa"
    assert json.loads(finding.before_json)["text"] != "Nội dung đã sửa"
    assert json.loads(user.after_json)["display_name"] == "Người xem 1"
    assert "password" not in (user.after_json + user.before_json).replace("password_changed_at", "")

    frame = audit.audit_entries(engine, actor="editor31", action="target_set", ward_code=HAI_DUONG)
    assert len(frame) == 2 and set(frame["action_label"]) == {"Đặt chỉ tiêu"}


def test_a_correction_makes_a_new_version_and_keeps_the_imported_one(sample_engine):
    engine = sample_engine
    editor = Actor("ed", "editor", wards=frozenset({HAI_DUONG}))
    old_report, figure_id, _ = _figure_and_finding(engine)
    saved = writes.correct_figure(engine, actor=editor, figure_id=figure_id, value=80, qualifier="trên")
    assert saved.replaced_version == 1 and saved.version == 2
    with engine.connect() as conn:
        old = conn.execute(select(IndicatorValue.value, IndicatorValue.qualifier)
                           .where(IndicatorValue.id == figure_id)).one()
        new = conn.execute(select(IndicatorValue.value, IndicatorValue.qualifier)
                           .where(IndicatorValue.report_id == saved.report_id)
                           .order_by(IndicatorValue.position).limit(1)).one()
        counts = [conn.scalar(select(func.count()).select_from(m).where(m.report_id == rid))
                  for m in (IndicatorValue, Finding) for rid in (old_report, saved.report_id)]
        source = conn.execute(select(Report.source_text).where(Report.id.in_([old_report, saved.report_id]))).all()
    assert (old.value, old.qualifier) == (72, None)
    assert (new.value, new.qualifier) == (80, "trên")
    assert counts[0] == counts[1] and counts[2] == counts[3]  # everything else copied
    assert source[0] == source[1]
    assert len(_current(engine, year=2025)) == 1
    # The figure id of the replaced version is stale now: a second correction of it is refused.
    with pytest.raises(ReportConflict):
        writes.correct_figure(engine, actor=editor, figure_id=figure_id, value=81)
    # Removing a figure is a correction too.
    _, figure_id, _ = _figure_and_finding(engine)
    removed = writes.correct_figure(engine, actor=editor, figure_id=figure_id, remove=True)
    assert removed.figures == counts[0] - 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"value": -5}, "không âm"),
        ({"value": float("nan")}, "không âm"),
        ({"value": "mười"}, "không phải là số"),
        ({"indicator_code": "no_such"}, "Không có chỉ tiêu"),
        ({"qualifier": "có lẽ"}, "không được hỗ trợ"),
    ],
)
def test_bad_corrections_are_refused_with_a_message(sample_engine, change, message):
    _, figure_id, _ = _figure_and_finding(sample_engine)
    before = table_checksums(sample_engine)
    with pytest.raises(WriteRefused) as caught:
        writes.correct_figure(sample_engine, actor=system_actor("t"), figure_id=figure_id, **change)
    assert message in str(caught.value)
    assert table_checksums(sample_engine) == before


def test_targets_set_change_and_remove(sample_engine):
    engine = sample_engine
    editor = Actor("ed", "editor", provinces=frozenset({HAI_PHONG}))
    key = {"ward_code": HAI_DUONG, "year": 2027}

    def save(value, **other):
        return targets.save_unit_targets(engine, actor=editor, **{**key, "values": {"party_members": value}, **other})

    assert save(4300) == {"new": 1, "changed": 0, "removed": 0}
    assert save(4400) == {"new": 0, "changed": 1, "removed": 0}
    with engine.connect() as conn:
        rows = conn.execute(select(Target.target_value, Target.is_sample)
                            .where(Target.ward_code == HAI_DUONG, Target.year == 2027)).all()
    assert rows == [(4400, False)]
    assert save(None) == {"new": 0, "changed": 0, "removed": 1}
    assert save(None) == {"new": 0, "changed": 0, "removed": 0}  # nothing left to remove
    before = table_checksums(engine)
    for value, other in ((-1, {}), (float("inf"), {}), (1, {"year": 1990}), (1, {"ward_code": 99999999})):
        with pytest.raises(WriteRefused):
            save(value, **other)
    with pytest.raises(WriteRefused):
        targets.save_unit_targets(engine, actor=editor, values={"nope": 1}, **key)
    assert table_checksums(engine) == before
