"""Backup and restore: every row of every table comes back, on each backend and from SQLite to
PostgreSQL; a database with data is refused unless --replace; a damaged file changes nothing;
PostgreSQL sequences continue after the restored ids."""

from __future__ import annotations

import io
import json
import sys
import zipfile

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select

from data_access import backup as bk
from data_access import targets, writes
from data_access.db import alembic_config, get_engine
from data_access.security import Actor, PermissionDenied, system_actor
from data_access.security_models import AuditEntry

EDITOR = Actor("ed", "editor", provinces=frozenset({31}))


def _add_history(engine):
    """Rows in every kind of table: a re-import, a correction, a target, an account."""
    from data_access import security

    args = {"ward_code": 10525, "year": 2024, "subject_code": "KL62",
            "report": {"title": "Thử sao lưu", "document_date": "2025-01-02", "source_text": "Đảng viên\x01 “ngoặc”"},
            "figures": [{"indicator_code": "party_members", "value": 4226.5, "unit": "đảng viên"}],
            "findings": [{"kind": "lesson", "text": "Bài học: <b>không</b> mất dữ liệu"}]}
    writes.save_report(engine, actor=EDITOR, **args)
    writes.save_report(engine, actor=EDITOR, **args)
    targets.save_unit_targets(engine, actor=EDITOR, ward_code=10525, year=2026, values={"party_members": 0.1 + 0.2})
    security.create_user(engine, actor=system_actor("t"), username="sao-luu", password="mật khẩu sao lưu",
                         role="editor", wards=[10525])


def _manifest_checksums(path) -> dict:
    return {t["name"]: (t["rows"], t["sha256"]) for t in bk.read_manifest(path)["tables"]}


def _restored_matches(original: dict, restored: dict) -> None:
    assert set(original) == set(restored)
    for table in original:
        if table != "audit_log":
            assert restored[table] == original[table], table
    # The restore itself is one more audit entry; every entry before it is identical.
    assert restored["audit_log"][0] == original["audit_log"][0] + 1


def _without_last_audit(url, original_checksums):
    engine = get_engine(url)
    with engine.begin() as conn:
        last = conn.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert last.action == "restore" and last.actor == "test:restore"
        conn.execute(AuditEntry.__table__.delete().where(AuditEntry.id == last.id))
    assert bk.table_checksums(engine) == original_checksums


def test_backup_then_restore_into_an_empty_database_gives_identical_tables(sample_db_url, empty_db_url, tmp_path):
    source = get_engine(sample_db_url)
    _add_history(source)
    path = tmp_path / "kl62.zip"
    counts = bk.backup(source, path)
    original = _manifest_checksums(path)
    assert original == bk.table_checksums(source)  # the manifest describes the database exactly
    assert {t: c for t, (c, _) in original.items()} == counts
    assert counts["report"] > 500 and counts["user_account"] == 1 and counts["audit_log"] >= 4
    manifest = bk.read_manifest(path)
    # the schema version: every head of the migrations (the users revision and those after it)
    assert set(manifest["alembic_revisions"]) == set(ScriptDirectory.from_config(alembic_config()).get_heads())

    restored = bk.restore(empty_db_url, path, actor=system_actor("test:restore"))
    assert restored == counts
    _restored_matches(original, bk.table_checksums(get_engine(empty_db_url)))
    _without_last_audit(empty_db_url, original)
    # New rows after a restore get new ids (PostgreSQL sequences were moved past the old ones).
    saved = writes.save_report(get_engine(empty_db_url), actor=EDITOR, ward_code=10525, year=2023,
                               subject_code="KL62", report={}, figures=[], findings=[])
    assert saved.report_id > max_report_id(source)


def max_report_id(engine):
    from sqlalchemy import func

    from data_access.models import Report

    with engine.connect() as conn:
        return conn.scalar(select(func.max(Report.id)))


def test_sqlite_backup_restores_into_postgresql(backend, tmp_path, request):
    if backend != "postgresql":
        pytest.skip("runs once, with the PostgreSQL server")
    from data_access.setup import prepare_database

    sqlite_url = f"sqlite:///{tmp_path / 'src.sqlite3'}"
    prepare_database(sqlite_url, with_sample=True)
    _add_history(get_engine(sqlite_url))
    path = tmp_path / "from-sqlite.zip"
    bk.backup(get_engine(sqlite_url), path)
    target = request.getfixturevalue("postgres_server").create_database("from_sqlite")
    bk.restore(target, path, actor=system_actor("test:restore"))
    _without_last_audit(target, _manifest_checksums(path))


def test_restore_refuses_a_database_with_data_unless_replace(sample_db_url, tmp_path):
    from data_access import security

    engine = get_engine(sample_db_url)
    security.create_user(engine, actor=system_actor("t"), username="truoc-sao-luu", password="mật khẩu trước sao lưu",
                         role="admin")
    path = tmp_path / "b.zip"
    bk.backup(engine, path)
    before = _manifest_checksums(path)
    with pytest.raises(bk.BackupError, match="--replace"):
        bk.restore(sample_db_url, path, actor=system_actor("t"))
    with pytest.raises(PermissionDenied):
        bk.restore(sample_db_url, path, replace=True, actor=EDITOR)
    assert bk.table_checksums(engine) == before
    with engine.connect() as conn:
        backed_up = conn.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    _add_history(engine)  # changes after the backup are replaced by the backup's rows…
    with engine.connect() as conn:
        made_since = [r.action for r in conn.execute(select(AuditEntry.action).where(AuditEntry.id > backed_up)
                                                     .order_by(AuditEntry.id))]
    bk.restore(sample_db_url, path, replace=True, actor=system_actor("test:restore"))
    # …except the audit trail: the entries made since the backup are kept, after the backup's.
    with engine.begin() as conn:
        kept = conn.execute(select(AuditEntry.action).where(AuditEntry.id > backed_up).order_by(AuditEntry.id)).all()
        assert [r.action for r in kept] == [*made_since, "restore"]
        conn.execute(AuditEntry.__table__.delete().where(AuditEntry.id > backed_up))
    assert bk.table_checksums(engine) == before


def _damaged(path, tmp_path, table, transform):
    out = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, transform(data) if item.filename == f"tables/{table}.jsonl" else data)
    return out


def test_a_damaged_backup_restores_nothing(sample_db_url, empty_db_url, tmp_path):
    path = tmp_path / "b.zip"
    bk.backup(get_engine(sample_db_url), path)
    drop_last_finding = _damaged(path, tmp_path, "finding", lambda d: d[: d.rstrip(b"\n").rfind(b"\n") + 1])
    with pytest.raises(bk.BackupError, match="finding"):
        bk.restore(empty_db_url, drop_last_finding, actor=system_actor("t"))
    engine = get_engine(empty_db_url)
    assert all(count == 0 for count, _ in bk.table_checksums(engine).values())  # one transaction
    for junk in (b"not a zip", json.dumps({"format": "other"}).encode()):
        bad = tmp_path / "junk.zip"
        if junk.startswith(b"{"):
            with zipfile.ZipFile(bad, "w") as zf:
                zf.writestr("manifest.json", junk)
        else:
            bad.write_bytes(junk)
        with pytest.raises(bk.BackupError):
            bk.restore(empty_db_url, bad, actor=system_actor("t"))


def test_backup_and_restore_commands(sample_db_url, empty_db_url, tmp_path, capsys, monkeypatch):
    import manage

    path = tmp_path / "cmd.zip"
    assert manage.main(["backup", str(path), "--database-url", sample_db_url]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out
    assert manage.main(["backup", str(path), "--database-url", sample_db_url]) == 2  # no silent overwrite
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert manage.main(["restore", str(path), "--database-url", sample_db_url]) == 2
    assert "--replace" in capsys.readouterr().err
    assert manage.main(["restore", str(path), "--replace", "--database-url", sample_db_url]) == 2
    assert "--yes" in capsys.readouterr().err
    assert manage.main(["restore", str(path), "--database-url", empty_db_url]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
