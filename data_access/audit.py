"""The audit trail: one entry per write, in the same transaction as the write.

`record` is called by the write functions with the caller's connection, so a write that
rolls back leaves no entry, and an entry never exists without its write.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from data_access import data_version
from data_access.models import Province, Ward
from data_access.security_models import AuditEntry
from domain.format import now

if TYPE_CHECKING:
    from data_access.security import Actor

# Audited events that change no data a page shows: they leave the data version alone.
SIGN_IN_ACTIONS = frozenset({"login", "login_failed"})
ACTION_LABELS = {
    "report_import": "Nhập báo cáo",
    "report_reimport": "Nhập lại báo cáo (phiên bản mới)",
    "figure_correct": "Sửa số liệu",
    "figure_remove": "Bỏ số liệu",
    "finding_correct": "Sửa nhận định",
    "finding_remove": "Bỏ nhận định",
    "target_set": "Đặt chỉ tiêu",
    "target_remove": "Bỏ chỉ tiêu",
    "subject_add": "Thêm chủ đề theo dõi",
    "indicator_add": "Thêm chỉ tiêu vào danh mục",
    "indicator_update": "Sửa chỉ tiêu trong danh mục",
    "indicator_retire": "Ngừng theo dõi chỉ tiêu",
    "indicator_restore": "Theo dõi lại chỉ tiêu",
    "user_create": "Tạo tài khoản",
    "user_update": "Sửa tài khoản",
    "user_password": "Đổi mật khẩu",
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập thất bại",
    "restore": "Khôi phục dữ liệu",
}
COLUMNS = ["id", "at", "actor", "action", "action_label", "table_name", "row_key", "ward_code", "ward_name",
           "province_name", "year", "before", "after"]


def _default(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


def _clean(value):
    """NaN and infinities are not JSON; the trail keeps them as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def to_json(value) -> str | None:
    if value is None:
        return None
    return json.dumps(_clean(value), default=_default, ensure_ascii=False, sort_keys=True)


def record(
    conn: Connection,
    *,
    actor: Actor,
    action: str,
    table: str,
    key: str | None,
    before=None,
    after=None,
    ward_code: int | None = None,
    year: int | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Add one entry inside the caller's transaction."""
    conn.execute(
        insert(AuditEntry).values(
            at=at or now(),
            actor=(getattr(actor, "username", None) or "?")[:100],
            action=action[:40],
            table_name=table[:60],
            row_key=None if key is None else str(key)[:200],
            ward_code=ward_code,
            year=year,
            before_json=to_json(before),
            after_json=to_json(after),
        )
    )
    if action not in SIGN_IN_ACTIONS:
        data_version.bump(conn)  # other processes' cached reads are stale from this commit on


def audit_entries(
    engine: Engine,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    ward_code: int | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """Entries newest first, filtered in SQL. `until` as a date includes that whole day."""
    query = (
        select(
            AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.table_name,
            AuditEntry.row_key, AuditEntry.ward_code, Ward.name.label("ward_name"),
            Province.name.label("province_name"), AuditEntry.year,
            AuditEntry.before_json.label("before"), AuditEntry.after_json.label("after"),
        )
        .outerjoin(Ward, Ward.code == AuditEntry.ward_code)
        .outerjoin(Province, Province.code == Ward.province_code)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if ward_code is not None:
        query = query.where(AuditEntry.ward_code == int(ward_code))
    if since is not None:
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time.min)
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        if not isinstance(until, dt.datetime):
            until = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
            query = query.where(AuditEntry.at < until)
        else:
            query = query.where(AuditEntry.at <= until)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "action_label"])
    frame.insert(4, "action_label", frame["action"].map(lambda a: ACTION_LABELS.get(a, a)))
    return frame


def audit_actors(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


__all__ = ["record", "audit_entries", "audit_actors", "audit_actions", "ACTION_LABELS", "to_json"]
