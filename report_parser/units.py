"""Units named before the 1 July 2025 reorganisation, and the 2025 units that took their place.

The conversion is the official one as carried by the maintained PyPI package
``vietnamadminunits`` (its ``data/converter_2025.json``, shipped in the wheel: no network).
Only its data file is read, through the package's install location, so that the package's
own geocoding helpers (which would import shapely and geopy) are never loaded. The 2025
units are keyed by their official codes from ``vietnam-provinces``.

Keys follow the package's convention: a unit's division and name folded to ASCII without
spaces ("xã Gio Mai" -> "xagiomai"; old keys are "province_district_ward").
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import fold

__all__ = ["unit_key", "FormerUnit", "former_units", "successors", "former_districts", "conversion_available"]


def unit_key(text: str) -> str:
    """ "Xã Gio Mai" -> "xagiomai"; "Phường Văn Miếu - Quốc Tử Giám" -> "phuongvanmieuquoctugiam"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass
class FormerUnit:
    key: str  # "tinhquangtri_huyengiolinh_xagiomai"
    province: str  # "tinhquangtri"
    district: str  # "huyengiolinh"
    ward: str  # "xagiomai"
    successor_codes: list[int] = field(default_factory=list)


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "converter_2025.json"
    return path if path.is_file() else None


@functools.lru_cache(maxsize=1)
def _new_ward_codes() -> dict[tuple[str, str], int]:
    from vietnam_provinces import Province, Ward

    def province_key(name: str) -> str:
        key = unit_key(name)
        return key if key.startswith("thanhpho") else "tinh" + key

    provinces = {int(p.code): province_key(p.name) for p in Province.iter_all()}
    return {(provinces[int(w.province_code)], unit_key(w.name)): int(w.code) for w in Ward.iter_all()}


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[FormerUnit]], dict[str, list[str]]] | None:
    """(ward key -> former units of that name, district key -> old province keys)."""
    path = _data_file()
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        codes = _new_ward_codes()
    except Exception:  # a broken install must not break reading: no proposal then
        return None
    by_old: dict[str, FormerUnit] = {}

    def unit(old_key: str) -> FormerUnit | None:
        parts = old_key.split("_")
        if len(parts) != 3 or not parts[2]:
            return None
        if old_key not in by_old:
            by_old[old_key] = FormerUnit(old_key, parts[0], parts[1], unit_key(parts[2]))
        return by_old[old_key]

    for province, wards in data.get("DICT_PROVINCE_WARD_NO_DIVIDED", {}).items():
        for new_ward, olds in wards.items():
            code = codes.get((province, unit_key(new_ward)))
            for old in olds:
                former = unit(old)
                if former and code and code not in former.successor_codes:
                    former.successor_codes.append(code)
    for province, olds in data.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
        for old, news in olds.items():
            former = unit(old)
            for new in news:
                code = codes.get((province, unit_key(new.get("newWardKey", ""))))
                if former and code and code not in former.successor_codes:
                    # the package's default successor first: the one most of the old unit went to
                    if new.get("isDefaultNewWard"):
                        former.successor_codes.insert(0, code)
                    else:
                        former.successor_codes.append(code)
    wards: dict[str, list[FormerUnit]] = {}
    districts: dict[str, list[str]] = {}
    for former in by_old.values():
        wards.setdefault(former.ward, []).append(former)
        districts.setdefault(former.district, [])
        if former.province not in districts[former.district]:
            districts[former.district].append(former.province)
    return wards, districts


def conversion_available() -> bool:
    return _index() is not None


def former_units(division: str, name: str, hints: str = "") -> list[FormerUnit]:
    """Former communes or wards called "<division> <name>", narrowed by the district and
    province names that ``hints`` (the folded text without spaces) mentions, if any."""
    index = _index()
    if index is None:
        return []
    wards, _ = index
    candidates = wards.get(unit_key(f"{division} {name}"), [])
    if len(candidates) > 1 and hints:
        for part in ("district", "province"):
            narrowed = [c for c in candidates if _named_in(getattr(c, part), hints)]
            if narrowed:
                candidates = narrowed
            if len(candidates) == 1:
                break
    return candidates


def former_districts(division: str, name: str) -> list[str]:
    """Old province keys that had a district "<division> <name>" (huyện, quận, thị xã …)."""
    index = _index()
    if index is None:
        return []
    return index[1].get(unit_key(f"{division} {name}"), [])


_DIVISION_PREFIXES = ("thanhpho", "thixa", "thitran", "huyen", "quan", "tinh", "phuong", "xa")


def _named_in(key: str, hints: str) -> bool:
    """Whether the text names this district or province, with or without its division word."""
    if key in hints:
        return True
    for prefix in _DIVISION_PREFIXES:
        if key.startswith(prefix):
            bare = key[len(prefix) :]
            # a bare name must be long enough not to match inside other words
            return len(bare) >= 6 and not bare.isdigit() and bare in hints
    return False


def successors(former: FormerUnit) -> list[int]:
    return list(former.successor_codes)
