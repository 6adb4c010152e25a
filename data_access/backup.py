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
import datetime as dt
import decimal
import hashlib
import json
import logging
import math
import zipfile
from collections.abc import Iterable
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, Table, insert, select, text

from data_access import audit
from data_access.db import alembic_config, check_connection, upgrade_schema
from data_access.security import Actor, WriteRefused, require_admin

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
                "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
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
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"Không có tệp sao lưu «{path}».") from None
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        raise BackupError(f"Tệp «{path}» không phải là bản sao lưu của bảng theo dõi ({exc}).") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Tệp «{path}» không phải là bản sao lưu định dạng {FORMAT} phiên bản {FORMAT_VERSION}.")
    return manifest


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


def restore(url: str, path: str | Path, *, replace: bool = False, actor: Actor | None = None) -> dict[str, int]:
    """Restore a backup into the database at `url`; returns the row count of each table.

    Refuses (BackupError) a database that holds rows unless `replace`; with `replace` every
    existing row is deleted first, in the same transaction as the restore. Only an admin or
    the system may restore. The restore is recorded in the audit trail."""
    require_admin(actor, "khôi phục dữ liệu")
    path = Path(path)
    manifest = read_manifest(path)
    engine = check_connection(url)
    wanted = sorted(manifest["alembic_revisions"])
    current = _current_revisions(engine)
    if current and current != wanted:
        if _rows_in_database(engine) and not replace:
            raise BackupError(_has_data_message(engine))
        if not set(current) <= _ancestors(url, wanted):
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
    listed = [t["name"] for t in manifest["tables"]]
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
        for table in reversed(tables):
            conn.execute(table.delete())
        for table in tables:
            if table.name not in listed:
                continue
            digest, batch, count = hashlib.sha256(), [], 0
            with zf.open(f"tables/{table.name}.jsonl") as lines:
                for raw in lines:
                    digest.update(raw)
                    row = {k: _decode(v) for k, v in json.loads(raw).items()}
                    batch.append(row)
                    if len(batch) >= CHUNK:
                        conn.execute(insert(table), batch)
                        count += len(batch)
                        batch = []
            if batch:
                conn.execute(insert(table), batch)
                count += len(batch)
            expected = next(t for t in manifest["tables"] if t["name"] == table.name)
            if count != expected["rows"] or digest.hexdigest() != expected["sha256"]:
                raise BackupError(f"Bản sao lưu bị hỏng: bảng {table.name} không khớp với mục lục; chưa khôi phục gì.")
            counts[table.name] = count
        if conn.dialect.name == "postgresql":
            _fix_sequences(conn, tables)
        audit.record(conn, actor=actor, action="restore", table="*", key=path.name, before=None,
                     after={"backup_created_at": manifest.get("created_at"), "rows": sum(counts.values()),
                            "replace": replace})
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


__all__ = ["backup", "restore", "read_manifest", "table_checksums", "BackupError"]
