"""Hostile restores: tampered backups (with their manifest checksums recomputed, as an attacker
or a careless hand-edit would) are refused as a whole, with a Vietnamese message and no
traceback, before anything in the database changes. On SQLite and PostgreSQL.

Each case restores with replace=True over a database that has data and accounts, which is
the dangerous case (`restore --replace --yes`): afterwards every table must be unchanged."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from sqlalchemy import select

from data_access import backup as bk
from data_access import security, targets, writes
from data_access.db import get_engine
from data_access.security import system_actor
from data_access.security_models import AuditEntry

OPERATOR = system_actor("test:restore")


@pytest.fixture
def source(schema_db_url, tmp_path):
    """A small database with every kind of row, and its backup."""
    engine = get_engine(schema_db_url)
    for year in (2024, 2025):
        writes.save_report(engine, actor=OPERATOR, ward_code=10525, year=year, subject_code="KL62",
                           report={"title": f"Báo cáo {year}", "document_number": "12-BC/ĐU",
                                   "document_date": f"{year}-12-01"},
                           figures=[{"indicator_code": "party_members", "value": 4226, "unit": "đảng viên"}],
                           findings=[{"kind": "lesson", "text": "Bài học một."},
                                     {"kind": "limitation", "text": "Hạn chế hai."}])
    security.create_user(engine, actor=OPERATOR, username="bientap", password="mật khẩu biên tập",
                         role="editor", wards=[10525])
    path = tmp_path / "goc.zip"
    bk.backup(engine, path)
    return engine, schema_db_url, path


def _tamper(path, out, *, rows=None, manifest=None, drop=(), keep_checksums=False):
    """A copy of the backup with `rows[table](list of JSON rows) -> list` applied to tables,
    `manifest(dict)` to the manifest, the files of `drop` tables left out of the zip, and the
    manifest's row counts and checksums recomputed (so only the validation can catch it)."""
    rows = rows or {}
    with zipfile.ZipFile(path) as zf:
        data = json.loads(zf.read("manifest.json"))
        files = {name: zf.read(name) for name in zf.namelist() if name != "manifest.json"}
    for table, change in rows.items():
        name = f"tables/{table}.jsonl"
        lines = [json.loads(line) for line in files[name].decode("utf-8").splitlines() if line]
        text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in change(lines))
        files[name] = text.encode("utf-8")
    if not keep_checksums:
        for entry in data["tables"]:
            raw = files.get(f"tables/{entry['name']}.jsonl")
            if raw is not None:
                entry["rows"] = raw.count(b"\n")
                entry["sha256"] = hashlib.sha256(raw).hexdigest()
    if manifest:
        manifest(data)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("manifest.json", json.dumps(data, ensure_ascii=False))
        for name, raw in files.items():
            if name.removeprefix("tables/").removesuffix(".jsonl") not in drop:
                zf.writestr(name, raw)
    return out


def _without(*tables):
    def edit(data):
        data["tables"] = [t for t in data["tables"] if t["name"] not in tables]
    return edit


def _edit_first(column, value):
    def change(lines):
        lines[0][column] = value
        return lines
    return change


def _second_current_version(lines):
    first = lines[0]
    return [*lines, {**first, "id": max(r["id"] for r in lines) + 1, "version": 99, "is_current": True}]


def _orphan_finding(lines):
    return [*lines, {**lines[0], "id": max(r["id"] for r in lines) + 1, "report_id": 987654}]


CASES = {
    # name: (tamper arguments, words the refusal must contain)
    "no accounts": ({"manifest": _without("user_account", "user_scope"), "drop": ("user_account", "user_scope")},
                    "tài khoản"),
    "no audit history": ({"manifest": _without("audit_log"), "drop": ("audit_log",)}, "nhật ký"),
    "listed file absent": ({"drop": ("finding",)}, "tables/finding.jsonl"),
    "unknown table": ({"manifest": lambda d: d["tables"].append({"name": "evil", "rows": 0, "sha256": "0" * 64})},
                      "evil"),
    "bad revision": ({"manifest": lambda d: d.update(alembic_revisions=["9999_evil"])}, "phiên bản lược đồ"),
    "symbolic revision": ({"manifest": lambda d: d.update(alembic_revisions=["heads"])}, "phiên bản lược đồ"),
    "revision not a list": ({"manifest": lambda d: d.update(alembic_revisions="0002")}, "alembic_revisions"),
    "row count not a number": ({"manifest": lambda d: d["tables"][0].update(rows="abc")}, "mục lục"),
    "damaged, checksum kept": ({"rows": {"finding": lambda ls: ls[:-1]}, "keep_checksums": True}, "bị hỏng"),
    "duplicate key": ({"rows": {"finding": lambda ls: [*ls, ls[0]]}}, "trùng khóa chính"),
    "two current versions": ({"rows": {"report": _second_current_version}}, "hiện hành"),
    "missing foreign key": ({"rows": {"finding": _orphan_finding}}, "khóa ngoại"),
    "position abc": ({"rows": {"finding": _edit_first("position", "abc")}}, "cột position: cần số nguyên"),
    "year as text": ({"rows": {"report": _edit_first("year", "2025")}}, "cột year: cần số nguyên"),
    "huge integer": ({"rows": {"report": _edit_first("ward_code", 10**20)}}, "cột ward_code: cần số nguyên"),
    "float key": ({"rows": {"report": _edit_first("ward_code", 10525.5)}}, "cột ward_code: cần số nguyên"),
    "boolean as text": ({"rows": {"report": _edit_first("is_current", "yes")}}, "cột is_current: cần đúng/sai"),
    "datetime as number": ({"rows": {"report": _edit_first("imported_at", 12345)}}, "cột imported_at: cần ngày giờ"),
    "bad date tag": ({"rows": {"report": _edit_first("document_date", {"$d": "2025-13-45"})}},
                     "cột document_date"),
    "NUL in text": ({"rows": {"finding": _edit_first("text", "Bài học\x00 ẩn")}}, "NUL"),
    "text too long": ({"rows": {"report": _edit_first("document_number", "x" * 500)}}, "quá giới hạn 60"),
    "required value missing": ({"rows": {"finding": _edit_first("kind", None)}}, "cột bắt buộc"),
    "check constraint": ({"rows": {"report": _edit_first("year", 1800)}}, "ràng buộc"),
    "extra column": ({"rows": {"finding": lambda ls: [{**ls[0], "evil": 1}, *ls[1:]]}}, "đúng các cột"),
    "row not an object": ({"rows": {"finding": lambda ls: [[1, 2], *ls[1:]]}}, "đúng các cột"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_tampered_backup_is_refused_and_changes_nothing(source, tmp_path, case):
    engine, url, path = source
    kwargs, words = CASES[case]
    bad = _tamper(path, tmp_path / "sua.zip", **kwargs)
    before = bk.table_checksums(engine)
    with pytest.raises(bk.BackupError) as refused:
        bk.restore(url, bad, replace=True, actor=OPERATOR)
    message = str(refused.value)
    assert words in message, message
    assert "Traceback" not in message and "sqlalchemy" not in message.lower()
    assert bk.table_checksums(engine) == before


def test_the_untampered_copy_restores(source, tmp_path):
    """The control: the same rewrite with no change restores, so each refusal is the tampering's."""
    engine, url, path = source
    copy = _tamper(path, tmp_path / "ban-sao.zip")
    restored = bk.restore(url, copy, replace=True, actor=OPERATOR)
    assert restored["user_account"] == 1 and restored["finding"] == 4


def test_a_backup_with_no_accounts_does_not_empty_the_accounts(source, tmp_path):
    engine, url, path = source
    empty_accounts = _tamper(path, tmp_path / "khong-tai-khoan.zip",
                             rows={"user_account": lambda ls: [], "user_scope": lambda ls: []})
    with pytest.raises(bk.BackupError, match="xóa hết tài khoản"):
        bk.restore(url, empty_accounts, replace=True, actor=OPERATOR)
    assert security.list_users(engine)["username"].tolist() == ["bientap"]


def test_restore_keeps_the_audit_history_made_since_the_backup(source, tmp_path):
    engine, url, path = source
    targets.save_unit_targets(engine, actor=OPERATOR, ward_code=10525, year=2026, values={"party_members": 4300})
    bk.restore(url, path, replace=True, actor=OPERATOR)
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions[-2:] == ["target_set", "restore"], actions  # the backup had no target_set: it was kept


def test_the_restore_command_prints_a_message_not_a_traceback(source, tmp_path, capsys):
    import manage

    engine, url, path = source
    for case in ("no accounts", "position abc", "row count not a number", "bad revision"):
        bad = _tamper(path, tmp_path / "sua.zip", **CASES[case][0])
        code = manage.main(["restore", str(bad), "--replace", "--yes", "--database-url", url])
        err = capsys.readouterr().err
        assert code == 2, (case, err)
        assert CASES[case][1] in err and "Traceback" not in err, (case, err)
    assert security.list_users(engine)["username"].tolist() == ["bientap"]
