"""The data version: one number in the database that changes in every transaction that changes
data, so that every process serving the dashboard knows when its cached reads are stale.

Why a row in the database and not a process-local `cache.clear()`: with several Streamlit
processes on one PostgreSQL (scripts/serve.sh), a write through one process must be seen by a
session on another at its next rerun. ui/data.py reads `data_version()` once per script run and
puts it in the key of every cached read; a write changes it, so the next run in any process misses
the cache and reads the new data.

Why a random token and not a counter or max(audit_log.id): a backup restore replaces every table
(the audit log too) and may drop and re-create this one (a restore to an older schema revision), so
a counter or an id can come back to a value some process has cached data under. A fresh random
63-bit value on every bump never comes back (only equality matters, not order).

Who bumps: `audit.record` (every audited write: reports, corrections, targets, catalogue, users,
restore; sign-in events are skipped, they change nothing a page shows) and the unaudited bulk
writers (`sample.load_sample`, `sample.remove_sample`, `generate`). Each bump is in the writer's
own transaction, so the new version is visible exactly when the new data is.
"""

from __future__ import annotations

import secrets

from sqlalchemy import BigInteger, Connection, Engine, Integer, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models import Base

ROW_ID = 1


class DataVersion(Base):
    """One row (id 1): the token of the data as of the last committed write."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


def new_token() -> int:
    return secrets.randbits(62) + 1  # positive, fits a signed BIGINT


def bump(conn: Connection) -> int:
    """Give the data a new version inside the caller's write transaction; returns it. Once per
    transaction: a batch of 200 audited rows updates the row once, and holds its lock (which
    queues other writers' commits on PostgreSQL, briefly) from the first audited change on."""
    transaction = conn.get_transaction()
    done = conn.info.get("kl62_data_version")
    if transaction is not None and done is not None and done[0] is transaction:
        return done[1]
    if not inspect(conn).has_table(DataVersion.__tablename__):
        # A restore has taken the schema back before revision 0005; upgrading it again makes the
        # table with a fresh token, which is as good as a bump.
        return 0
    token = new_token()
    changed = conn.execute(update(DataVersion).where(DataVersion.id == ROW_ID).values(version=token)).rowcount
    if not changed:  # the row is made by migration 0005; a database built otherwise gets it here
        conn.execute(DataVersion.__table__.insert().values(id=ROW_ID, version=token))
    if transaction is not None:
        conn.info["kl62_data_version"] = (transaction, token)  # holding it: `is` stays exact
    return token


def data_version(engine: Engine) -> int:
    """The current version (one primary-key lookup). 0 when the row or the table is missing (a
    database before revision 0005): then caching falls back to its time limit."""
    try:
        with engine.connect() as conn:
            return conn.scalar(select(DataVersion.version).where(DataVersion.id == ROW_ID)) or 0
    except SQLAlchemyError:
        return 0


__all__ = ["DataVersion", "bump", "data_version", "new_token"]
