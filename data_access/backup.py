"""Backup and restore of every row of every table, portable between SQLite and PostgreSQL.

A backup is a zip: `manifest.json` (format, alembic revisions, row counts, SHA-256 of each
table's rows) and one `tables/<table>.jsonl` per table, one JSON object per row. Values that
JSON lacks are tagged: {"$dt": iso} datetime, {"$d": iso} date, {"$b64": …} bytes,
{"$f": "nan"} non-finite floats, {"$dec": "…"} decimals. The tables are read from the
database itself (not from the ORM), so tables and columns that other revisions add are kept.

Restore goes into a database without data (absent, empty, or only migrated), or with
`replace=True` over existing data; either way in one transaction, after which PostgreSQL
sequences are moved past the restored ids. The database is first brought to the backup's
alembic revisions, and after the restore to the newest ones, so an older backup restores
into newer code.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import hashlib
import json
import logging
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, Table, create_engine, event, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.sql import sqltypes

from data_access import audit
from data_access.db import alembic_config, check_connection, upgrade_schema
from data_access.security import Actor, WriteRefused, require_admin
from domain.format import now

log = logging.getLogger(__name__)

FORMAT = "kl62-backup"
FORMAT_VERSION = 1
CHUNK = 2000
# data_version belongs to this database, not to its data: a restore must give it a new value
# (audit.record does), never bring back one that a process may have cached data under.
SKIP_TABLES = {"alembic_version", "data_version"}


class BackupError(WriteRefused):
    """A backup file that cannot be restored here; the message is for the user, in Vietnamese."""


# --------------------------------------------------------------------------- encoding


_PLAIN = (str, int, bool, type(None))
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False)


def _encode(value):
    if isinstance(value, _PLAIN) or (type(value) is float and math.isfinite(value)):
        return value
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, float) and not math.isfinite(value):
        return {"$f": str(value)}
    return value


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        (tag, raw), = value.items()
        if tag == "$dt":
            return dt.datetime.fromisoformat(raw)
        if tag == "$d":
            return dt.date.fromisoformat(raw)
        if tag == "$b64":
            return base64.b64decode(raw)
        if tag == "$dec":
            return decimal.Decimal(raw)
        if tag == "$f":
            return float(raw)
    return value


def _line(row: dict) -> str:
    return _ENCODER.encode({k: _encode(v) for k, v in row.items()})


# --------------------------------------------------------------------------- reading the database


def _tables(engine: Engine) -> list[Table]:
    """Every table of the database in foreign-key order (parents first), alembic's excepted."""
    metadata = MetaData()
    metadata.reflect(engine)
    return [t for t in metadata.sorted_tables if t.name not in SKIP_TABLES]


def _order(table: Table) -> list:
    return list(table.primary_key.columns) or list(table.columns)


def _rows(conn, table: Table) -> Iterable[dict]:
    result = conn.execution_options(yield_per=CHUNK).execute(select(table).order_by(*_order(table)))
    keys = list(result.keys())
    for row in result:
        yield dict(zip(keys, row, strict=True))


def _revisions(conn) -> list[str]:
    return sorted(MigrationContext.configure(conn).get_current_heads())


def table_checksums(engine: Engine) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of the rows as backed up) of every table: equal checksums mean
    equal contents, whatever the backend."""
    out = {}
    with engine.connect() as conn:
        for table in _tables(engine):
            digest, count = hashlib.sha256(), 0
            for row in _rows(conn, table):
                digest.update(_line(row).encode("utf-8") + b"\n")
                count += 1
            out[table.name] = (count, digest.hexdigest())
    return out


def _snapshot(engine: Engine):
    """A connection that sees one consistent state of the whole database."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        conn.begin()
    elif engine.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")  # a read transaction: WAL gives it a snapshot
    return conn


# --------------------------------------------------------------------------- backup


def backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every row of every table to `path` (a zip); returns the row count of each table."""
    path = Path(path)
    tables = _tables(engine)
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    tmp = path.with_name(path.name + ".partial")
    conn = _snapshot(engine)
    try:
        revisions = _revisions(conn)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for table in tables:
                digest, count = hashlib.sha256(), 0
                with zf.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as out:
                    for row in _rows(conn, table):
                        line = _line(row).encode("utf-8") + b"\n"
                        out.write(line)
                        digest.update(line)
                        count += 1
                counts[table.name] = count
                digests[table.name] = digest.hexdigest()
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": now().isoformat(),
                "dialect": engine.dialect.name,
                "alembic_revisions": revisions,
                "tables": [{"name": t.name, "rows": counts[t.name], "sha256": digests[t.name]} for t in tables],
            }
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        conn.rollback()
        conn.close()
    tmp.replace(path)
    return counts


def read_manifest(path: str | Path) -> dict:
    """The manifest of a backup, checked for shape (format, revisions, one well-formed entry per
    table); BackupError with a Vietnamese message otherwise."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"Không có tệp sao lưu «{path}».") from None
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError, OSError, ValueError) as exc:
        raise BackupError(f"Tệp «{path}» không phải là bản sao lưu của bảng theo dõi ({exc}).") from exc
    if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
            or manifest.get("format_version") != FORMAT_VERSION):
        raise BackupError(f"Tệp «{path}» không phải là bản sao lưu định dạng {FORMAT} phiên bản {FORMAT_VERSION}.")
    _check_manifest(manifest)
    return manifest


def _check_manifest(manifest: dict) -> None:
    revisions = manifest.get("alembic_revisions")
    if (not isinstance(revisions, list) or not revisions
            or not all(isinstance(r, str) and _REVISION.fullmatch(r) for r in revisions)):
        raise BackupError(f"{_INVALID}: mục lục không ghi đúng phiên bản lược đồ (alembic_revisions). {_NOTHING}")
    tables = manifest.get("tables")
    if not isinstance(tables, list) or not tables:
        raise BackupError(f"{_INVALID}: mục lục không liệt kê bảng nào. {_NOTHING}")
    seen: set[str] = set()
    for entry in tables:
        name = entry.get("name") if isinstance(entry, dict) else None
        if (not isinstance(name, str) or not _TABLE_NAME.fullmatch(name) or type(entry.get("rows")) is not int
                or entry["rows"] < 0 or not isinstance(entry.get("sha256"), str)
                or not _SHA256.fullmatch(entry["sha256"])):
            raise BackupError(f"{_INVALID}: mục lục có một mục bảng sai dạng ({_short(entry)}). {_NOTHING}")
        if name in seen:
            raise BackupError(f"{_INVALID}: bảng {name} có hai lần trong mục lục. {_NOTHING}")
        seen.add(name)


# --------------------------------------------------------------------------- validation

_INVALID = "Bản sao lưu không hợp lệ"
_NOTHING = "Chưa thay đổi gì trong cơ sở dữ liệu."
_REVISION = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_BIGINT = 2**63
ACCOUNT_TABLES = ("user_account", "user_scope")
AUDIT_TABLE = "audit_log"


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _type_problem(column, value) -> str | None:
    """Why `value` cannot go into `column` (None when it can): the checks PostgreSQL would make
    and SQLite would not (SQLite stores "abc" in an integer column and NUL in text)."""
    if value is None:
        return None if column.nullable else "thiếu giá trị ở cột bắt buộc"
    kind = column.type
    if isinstance(kind, sqltypes.Boolean):
        ok = isinstance(value, bool) or (type(value) is int and value in (0, 1))
        return None if ok else f"cần đúng/sai, gặp {_short(value)}"
    if isinstance(kind, sqltypes.Integer):
        ok = type(value) is int and -_BIGINT <= value < _BIGINT
        return None if ok else f"cần số nguyên, gặp {_short(value)}"
    if isinstance(kind, sqltypes.Numeric):
        ok = type(value) in (int, float, decimal.Decimal)
        return None if ok else f"cần số, gặp {_short(value)}"
    if isinstance(kind, sqltypes.DateTime):
        return None if isinstance(value, dt.datetime) else f"cần ngày giờ, gặp {_short(value)}"
    if isinstance(kind, sqltypes.Date):
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return None if ok else f"cần ngày, gặp {_short(value)}"
    if isinstance(kind, sqltypes.String):
        if not isinstance(value, str):
            return f"cần văn bản, gặp {_short(value)}"
        if "\x00" in value:
            return "văn bản chứa ký tự NUL"
        if kind.length is not None and len(value) > kind.length:
            return f"văn bản dài {len(value)} ký tự, quá giới hạn {kind.length}"
        return None
    if isinstance(kind, sqltypes.LargeBinary):
        return None if isinstance(value, bytes) else f"cần dữ liệu nhị phân, gặp {_short(value)}"
    return None


def _table_batches(zf: zipfile.ZipFile, table: Table, entry: dict) -> Iterator[list[dict]]:
    """The rows of one table, decoded and type-checked, in batches; after the last batch the
    row count and SHA-256 are compared with the manifest. BackupError at the first problem."""
    columns = {c.name: c for c in table.columns}
    key_columns = [c.name for c in table.primary_key.columns]
    keys: set[tuple] = set()
    digest, batch, count = hashlib.sha256(), [], 0
    with zf.open(f"tables/{table.name}.jsonl") as lines:
        for number, raw in enumerate(lines, start=1):
            digest.update(raw)
            where = f"bảng {table.name}, dòng {number}"
            try:
                data = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise BackupError(f"{_INVALID}: {where} không đọc được (không phải JSON). {_NOTHING}") from None
            if not isinstance(data, dict) or set(data) != set(columns):
                got = sorted(data) if isinstance(data, dict) else type(data).__name__
                raise BackupError(
                    f"{_INVALID}: {where} không có đúng các cột của bảng "
                    f"(cần {', '.join(columns)}; có {_short(got, 120)}). {_NOTHING}"
                )
            row = {}
            for name, column in columns.items():
                try:
                    value = _decode(data[name])
                except (ValueError, TypeError, binascii.Error, decimal.InvalidOperation):
                    raise BackupError(f"{_INVALID}: {where}, cột {name}: giá trị {_short(data[name])} "
                                      f"không đọc được. {_NOTHING}") from None
                problem = _type_problem(column, value)
                if problem:
                    raise BackupError(f"{_INVALID}: {where}, cột {name}: {problem}. {_NOTHING}")
                if isinstance(column.type, sqltypes.Boolean) and value is not None:
                    value = bool(value)  # 0/1 from an older SQLite backup; PostgreSQL wants a boolean
                row[name] = value
            if key_columns:
                key = tuple(row[k] for k in key_columns)
                if key in keys:
                    raise BackupError(f"{_INVALID}: {where} trùng khóa chính {', '.join(key_columns)} = "
                                      f"{_short(key if len(key) > 1 else key[0])}. {_NOTHING}")
                keys.add(key)
            batch.append(row)
            count += 1
            if len(batch) >= CHUNK:
                yield batch
                batch = []
    if batch:
        yield batch
    if count != entry["rows"] or digest.hexdigest() != entry["sha256"]:
        raise BackupError(f"Bản sao lưu bị hỏng: bảng {table.name} không khớp với mục lục; {_NOTHING[0].lower()}"
                          f"{_NOTHING[1:]}")


def _constraint_message(table: Table, exc: IntegrityError) -> str:
    detail = str(getattr(exc, "orig", exc)).splitlines()[0]
    upper = detail.upper()
    if "FOREIGN KEY" in upper:
        what = "có dòng tham chiếu tới một dòng không có trong bản sao lưu (khóa ngoại)"
    elif "UNIQUE" in upper:
        what = f"có giá trị trùng ở chỗ phải là duy nhất ({detail.split(':', 1)[-1].strip()})"
        if "is_current" in detail or "uq_report_current" in detail or table.name == "report":
            what += "; ví dụ hai phiên bản cùng là hiện hành của một báo cáo"
    elif "CHECK" in upper:
        what = f"có giá trị vi phạm ràng buộc ({detail.split(':', 1)[-1].strip()})"
    elif "NOT NULL" in upper:
        what = "thiếu giá trị ở cột bắt buộc"
    else:
        what = f"vi phạm ràng buộc của cơ sở dữ liệu ({detail[:120]})"
    return f"{_INVALID}: bảng {table.name} {what}. {_NOTHING}"


def _insert_batches(conn, table: Table, batches: Iterable[list[dict]]) -> int:
    count = 0
    for batch in batches:
        try:
            conn.execute(insert(table), batch)
        except IntegrityError as exc:
            raise BackupError(_constraint_message(table, exc)) from exc
        count += len(batch)
    return count


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _check_revisions(url: str, revisions: list[str]) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config(url))
    for revision in revisions:
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None or getattr(known, "revision", None) != revision:  # "head", "base" are not revisions
            raise BackupError(
                f"{_INVALID}: phiên bản lược đồ «{revision[:64]}» không có trong chương trình này "
                f"(bản sao lưu bị sửa, hoặc từ một phiên bản chương trình mới hơn). {_NOTHING}"
            )


def validate(url: str, path: str | Path, manifest: dict | None = None) -> dict[str, int]:
    """Check the whole backup without touching the database at `url`: the manifest, its schema
    revisions, every table of that schema present with its file, every value of the right type
    (no NUL, no text longer than its column), no duplicate key, and every foreign key, unique
    and check constraint, by a trial restore into a scratch SQLite database migrated to the
    backup's revisions. Returns the row count of each table; BackupError otherwise."""
    path = Path(path)
    manifest = manifest or read_manifest(path)
    revisions = sorted(manifest["alembic_revisions"])
    _check_revisions(url, revisions)
    listed = {entry["name"]: entry for entry in manifest["tables"]}
    with tempfile.TemporaryDirectory(prefix="kl62-restore-check-") as scratch:
        scratch_url = f"sqlite:///{Path(scratch) / 'check.sqlite3'}"
        engine = create_engine(scratch_url)
        event.listen(engine, "connect", _sqlite_foreign_keys)
        try:
            _migrate_to(scratch_url, engine, revisions)
            tables = _tables(engine)
            schema = {t.name for t in tables}
            unknown = sorted(set(listed) - schema)
            if unknown:
                raise BackupError(f"{_INVALID}: có bảng mà lược đồ của nó không có: {', '.join(unknown)}. {_NOTHING}")
            missing = [t.name for t in tables if t.name not in listed]
            if missing:
                raise BackupError(_missing_tables_message(missing))
            with zipfile.ZipFile(path) as zf:
                files = set(zf.namelist())
                absent = [name for name in listed if f"tables/{name}.jsonl" not in files]
                if absent:
                    raise BackupError(f"{_INVALID}: mục lục liệt kê bảng {', '.join(absent)} nhưng tệp "
                                      f"{', '.join(f'tables/{n}.jsonl' for n in absent)} không có. {_NOTHING}")
                counts = {}
                with engine.begin() as conn:
                    for table in reversed(tables):  # migrations may have added reference rows
                        conn.execute(table.delete())
                    for table in tables:
                        counts[table.name] = _insert_batches(conn, table, _table_batches(zf, table, listed[table.name]))
        finally:
            engine.dispose()
    return counts


def _missing_tables_message(missing: list[str]) -> str:
    notes = []
    if any(name in ACCOUNT_TABLES for name in missing):
        notes.append("khôi phục sẽ xóa mọi tài khoản đăng nhập")
    if AUDIT_TABLE in missing:
        notes.append("khôi phục sẽ làm mất nhật ký thay đổi")
    reason = f" ({'; '.join(notes)})" if notes else ""
    return f"{_INVALID}: thiếu bảng {', '.join(missing)}{reason}. {_NOTHING}"


# --------------------------------------------------------------------------- restore


def _rows_in_database(engine: Engine) -> int:
    total = 0
    with engine.connect() as conn:
        for table in _tables(engine):
            total += conn.scalar(select(text("count(*)")).select_from(table))
    return total


def _current_revisions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return _revisions(conn)


def _migrate_to(url: str, engine: Engine, revisions: list[str]) -> None:
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        for revision in revisions:
            command.upgrade(config, revision)


def _fix_sequences(conn, tables: list[Table]) -> None:
    """PostgreSQL: move every serial/identity sequence past the largest restored id."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                   {"t": table.name, "c": column.name})
            if sequence:
                conn.execute(
                    text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 1), '
                         f'(SELECT MAX("{column.name}") FROM "{table.name}") IS NOT NULL)'),
                    {"s": sequence},
                )


def _accounts_in(engine: Engine) -> int:
    with engine.connect() as conn:
        if not inspect(conn).has_table(ACCOUNT_TABLES[0]):
            return 0
        return conn.scalar(text(f"SELECT count(*) FROM {ACCOUNT_TABLES[0]}"))


def _audit_key(row: dict) -> str:
    return _line({k: v for k, v in row.items() if k != "id"})


def restore(url: str, path: str | Path, *, replace: bool = False, actor: Actor | None = None) -> dict[str, int]:
    """Restore a backup into the database at `url`; returns the row count of each table.

    The whole backup is validated first (`validate`); nothing is changed unless it passes.
    Refuses (BackupError) a database that holds rows unless `replace`; with `replace` every
    existing row is deleted first, in the same transaction as the restore, except the audit
    entries the backup does not hold: they are kept, after the backup's, so no history is lost.
    A backup without accounts is refused over a database that has some (it would lock every
    user out). Only an admin or the system may restore. The restore is recorded in the audit
    trail. Every refusal is a BackupError with a Vietnamese message, never a traceback."""
    require_admin(actor, "khôi phục dữ liệu")
    try:
        return _restore(url, Path(path), replace=replace, actor=actor)
    except WriteRefused:
        raise
    except (SQLAlchemyError, OSError, ValueError, TypeError, KeyError, zipfile.BadZipFile) as exc:
        log.exception("restore failed")
        raise BackupError(
            f"Không khôi phục được bản sao lưu «{Path(path).name}»: {type(exc).__name__}. {_NOTHING} "
            "Chi tiết lỗi đã được ghi vào nhật ký."
        ) from exc


def _restore(url: str, path: Path, *, replace: bool, actor: Actor) -> dict[str, int]:
    manifest = read_manifest(path)
    engine = check_connection(url)
    expected = validate(url, path, manifest)
    wanted = sorted(manifest["alembic_revisions"])
    current = _current_revisions(engine)
    if _rows_in_database(engine) and not replace:
        raise BackupError(_has_data_message(engine))
    accounts = _accounts_in(engine)
    if accounts and not expected.get(ACCOUNT_TABLES[0]):
        raise BackupError(
            f"Bản sao lưu không có tài khoản nào, còn cơ sở dữ liệu đích có {accounts} tài khoản: khôi phục sẽ "
            f"xóa hết tài khoản đăng nhập. {_NOTHING} Hãy dùng bản sao lưu có tài khoản, hoặc khôi phục vào một "
            "cơ sở dữ liệu trống rồi tạo tài khoản bằng lệnh create-user."
        )
    if current and current != wanted and not set(current) <= _ancestors(url, wanted):
        raise BackupError(
            f"Cơ sở dữ liệu đích ở phiên bản lược đồ {', '.join(current)}, mới hơn bản sao lưu "
            f"({', '.join(wanted) or 'trống'}). Hãy khôi phục vào một cơ sở dữ liệu trống."
        )
    if current != wanted:
        _migrate_to(url, engine, wanted)
    if _current_revisions(engine) != wanted:
        raise BackupError("Không đưa được cơ sở dữ liệu đích về đúng phiên bản lược đồ của bản sao lưu.")
    tables = _tables(engine)
    by_name = {t.name: t for t in tables}
    listed = {t["name"]: t for t in manifest["tables"]}
    missing = [name for name in listed if name not in by_name]
    if missing:
        raise BackupError(f"Cơ sở dữ liệu đích thiếu bảng: {', '.join(missing)}.")
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path) as zf, engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        existing = sum(conn.scalar(select(text("count(*)")).select_from(t)) for t in tables)
        if existing and not replace:
            raise BackupError(_has_data_message(engine, existing))
        audit_table = by_name.get(AUDIT_TABLE)
        history = [dict(r._mapping) for r in conn.execute(select(audit_table).order_by(audit_table.c.id))] \
            if audit_table is not None else []
        for table in reversed(tables):
            conn.execute(table.delete())
        for table in tables:
            if table.name in listed:
                counts[table.name] = _insert_batches(conn, table, _table_batches(zf, table, listed[table.name]))
        if conn.dialect.name == "postgresql":
            _fix_sequences(conn, tables)
        kept = 0
        if history:
            restored = {_audit_key(dict(r._mapping)) for r in conn.execute(select(audit_table))}
            for row in history:
                if _audit_key(row) not in restored:
                    conn.execute(insert(audit_table).values({k: v for k, v in row.items() if k != "id"}))
                    kept += 1
        audit.record(conn, actor=actor, action="restore", table="*", key=path.name, before=None,
                     after={"backup_created_at": manifest.get("created_at"), "rows": sum(counts.values()),
                            "replace": replace, "kept_audit_entries": kept})
    upgrade_schema(url)  # a backup from older code: bring its data to the newest schema
    return counts


def _ancestors(url: str, revisions: list[str]) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(url))
    found: set[str] = set()
    for rev in script.iterate_revisions(revisions or "base", "base"):
        found.add(rev.revision)
    return found


def _has_data_message(engine: Engine, rows: int | None = None) -> str:
    rows = _rows_in_database(engine) if rows is None else rows
    return (
        f"Cơ sở dữ liệu đích đã có dữ liệu ({rows:,} dòng).".replace(",", ".", 1)
        + " Hãy khôi phục vào một cơ sở dữ liệu trống, hoặc dùng --replace để thay toàn bộ dữ liệu hiện có."
    )


__all__ = ["backup", "restore", "validate", "read_manifest", "table_checksums", "BackupError"]
