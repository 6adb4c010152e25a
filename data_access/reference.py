"""Reference data every database holds: official units, subjects, task areas, indicators, bands.

Loaded idempotently: rows that exist are left alone, missing ones are added, so running
`init-db` twice changes nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Connection, bindparam, insert, select, update
from vietnam_provinces import Province as OfficialProvince
from vietnam_provinces import Ward as OfficialWard

from data_access.collation import sort_key
from data_access.config import PROJECT_ROOT
from data_access.models import AchievementBand, Indicator, Province, Subject, TaskArea, Ward
from domain.vocabulary import DEFAULT_SUBJECT

CATALOGUE_DIR = PROJECT_ROOT / "sample_data"
DEFAULT_PROVINCE = 31  # Thành phố Hải Phòng

SUBJECTS = [
    {
        "code": "KL62",
        "name": "Kết luận số 62-KL/TW ngày 08/12/2009 của Bộ Chính trị về tiếp tục đổi mới nội dung, "
        "phương thức hoạt động của MTTQ Việt Nam và các đoàn thể chính trị - xã hội; "
        "Thông báo Kết luận số 160-TB/TW ngày 15/01/2020",
    },
]

# Default bands: ≥ 100 % reached, 80-100 % near, < 80 % behind. Colours from a colour-blind
# safe palette; the label (and a symbol in the UI) carries the meaning, not the colour alone.
BANDS = [
    {"code": "reached", "label": "Đạt, vượt chỉ tiêu", "min_percent": 100.0, "color": "#1a7f5a", "position": 1},
    {"code": "near", "label": "Gần đạt (80-100 %)", "min_percent": 80.0, "color": "#e6a23c", "position": 2},
    {"code": "behind", "label": "Chưa đạt (< 80 %)", "min_percent": 0.0, "color": "#b8336a", "position": 3},
]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def official_provinces() -> list[dict]:
    return [
        {"code": int(p.code), "name": p.name, "kind": p.division_type.value, "codename": p.codename}
        for p in OfficialProvince.iter_all()
    ]


def official_wards() -> list[dict]:
    return [
        {
            "code": int(w.code),
            "name": w.name,
            "kind": w.division_type.value,
            "codename": w.codename,
            "province_code": int(w.province_code),
        }
        for w in OfficialWard.iter_all()
    ]


def task_areas() -> list[dict]:
    return [
        {**row, "position": int(row["position"])}
        for row in _csv_rows(CATALOGUE_DIR / "task_areas.csv")
    ]


def indicators() -> list[dict]:
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "unit": row["unit"],
            "task_area_code": row["task_area"] or None,
            "higher_is_better": row["higher_is_better"] == "1",
            "aggregation": row["aggregation"],
            "position": position,
            "keywords": row.get("keywords") or None,
        }
        for position, row in enumerate(_csv_rows(CATALOGUE_DIR / "indicators.csv"), start=1)
    ]


def _insert_missing(conn: Connection, model, key: str, rows: list[dict]) -> int:
    column = getattr(model, key)
    existing = set(conn.scalars(select(column)))
    missing = [row for row in rows if row[key] not in existing]
    if missing:
        conn.execute(insert(model), missing)
    return len(missing)


def _default_indicators(conn: Connection) -> list[dict]:
    """The shipped catalogue belongs to the default subject (KL62)."""
    sid = conn.scalar(select(Subject.id).where(Subject.code == DEFAULT_SUBJECT))
    return [{**row, "subject_id": sid} for row in indicators()]


def _fill_keywords(conn: Connection) -> None:
    """A database made before indicators kept their keywords gets the shipped ones once."""
    for row in indicators():
        if row["keywords"]:
            conn.execute(
                update(Indicator)
                .where(Indicator.code == row["code"], Indicator.keywords.is_(None))
                .values(keywords=row["keywords"])
            )


def _fill_sort_order(conn: Connection, model) -> int:
    """Rank every row by its name in Vietnamese order (ties by code); only rows whose rank
    changed are written, so a second run writes nothing. Returns the rows updated."""
    rows = conn.execute(select(model.code, model.name, model.sort_order)).all()
    ranked = sorted(rows, key=lambda row: (sort_key(row.name), row.code))
    changed = [
        {"row_code": row.code, "rank": rank}
        for rank, row in enumerate(ranked, start=1)
        if row.sort_order != rank
    ]
    if changed:
        statement = update(model).where(model.code == bindparam("row_code")).values(sort_order=bindparam("rank"))
        conn.execute(statement.execution_options(synchronize_session=False), changed)
    return len(changed)


def load_reference_data(conn: Connection) -> dict[str, int]:
    """Add what is missing of the reference tables; returns rows added per table."""
    added = {
        "province": _insert_missing(conn, Province, "code", official_provinces()),
        "ward": _insert_missing(conn, Ward, "code", official_wards()),
        "subject": _insert_missing(conn, Subject, "code", SUBJECTS),
        "task_area": _insert_missing(conn, TaskArea, "code", task_areas()),
    }
    added["indicator"] = _insert_missing(conn, Indicator, "code", _default_indicators(conn))
    added["achievement_band"] = _insert_missing(conn, AchievementBand, "code", BANDS)
    _fill_keywords(conn)
    _fill_sort_order(conn, Province)
    _fill_sort_order(conn, Ward)
    return added
