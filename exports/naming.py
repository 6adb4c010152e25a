"""File names of extracts: ASCII slugs of the filters and the date of extraction.

`chi-tieu_hai-phong_2025_2026-11-27.csv`: a name that every mail client, file system and
USB stick keeps intact, and that says what the file holds and when it was taken.
"""

from __future__ import annotations

import datetime as dt

from domain.format import slug


def file_name(
    kind: str,
    province_name: str | None,
    year: int | None,
    unit_name: str | None = None,
    ext: str = "csv",
    today: dt.date | None = None,
) -> str:
    """`kind_province_[unit_]year_date.ext`, ASCII only.

    >>> file_name("chi-tieu", "Thành phố Hải Phòng", 2025, today=dt.date(2026, 11, 27))
    'chi-tieu_hai-phong_2025_2026-11-27.csv'
    >>> file_name("tom-tat", "Hải Phòng", 2025, "Phường Hải Dương", "pdf", dt.date(2026, 11, 27))
    'tom-tat_hai-phong_phuong-hai-duong_2025_2026-11-27.pdf'
    """
    today = today or dt.date.today()
    parts = [slug(kind), slug(province_name or ""), slug(unit_name or ""), str(year) if year else ""]
    stem = "_".join(p for p in parts if p)
    return f"{stem}_{today.isoformat()}.{ext.lstrip('.')}"
