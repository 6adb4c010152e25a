"""Metadata: who issued the report, for which unit and year, its own number and date."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict

from .model import Metadata
from .sections import is_letterhead
from .text import fold, modern_tones
from .units import conversion_available, former_districts, former_units, unit_key

__all__ = ["extract_metadata", "find_ward"]

_DIVISIONS = {"phuong": "phường", "xa": "xã", "dac khu": "đặc khu"}
_NAME_WORD = r"[A-ZĐ0-9\u00C0-\u1EF8][^\s,.;:()“”\"]*"

# Searched in folded text; positions map back to the NFC text (fold keeps lengths).
_ISSUER_RE = re.compile(
    r"(?:(?:ban thuong vu|ban chap hanh|thuong truc|ban thuong truc)\s+)?dang uy\s+(phuong|xa|dac khu)\s+"
)
_UNIT_MENTION_RE = re.compile(r"(?:dang bo|ubnd|uy ban nhan dan|mttq)?\s*\b(phuong|xa|dac khu)\s+")
_PROVINCE_RE = re.compile(r"\b(?:thanh uy|tinh uy|thanh pho|tinh|dang bo thanh pho|dang bo tinh)\s+")

_DOC_NUMBER_RE = re.compile(r"^Số\s*[:.]?\s*(\d+\s*[-/]\s*[A-ZĐ][A-ZĐa-zđ]*(?:\s*[/-]\s*[A-ZĐ0-9][A-ZĐa-zđ0-9]*)*)")
_DATE_LINE_RE = re.compile(
    r"^(?:[^\d,;]{0,60},\s*)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*\.?$", re.IGNORECASE
)
_DATE_LINE_SLASH_RE = re.compile(
    r"^[^\d,;]{1,60},\s*ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*\.?$", re.IGNORECASE
)
_YEAR_STRONG_RE = re.compile(r"\b(?:đến hết|hết|tính đến hết|tính đến|đến|trong|cả) năm\s+(\d{4})\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!tháng )(?<!\d )\bnăm\s+(\d{4})\b", re.IGNORECASE)


_DATELINE_WORDS = {"ngay", "luot", "cap nhat", "thu"}
_NOT_NAMES = {"nhiem", "khoa", "lan", "nam", "giai", "thang", "quy", "ngay", "va", "tai", "trong", "den", "tu"}


def _as_name(name: str) -> str:
    """A name written in capitals in a letterhead ("VÂN NHAM") as a name ("Vân Nham")."""
    return name.title() if name.isupper() else name


def _names_after(text: str, folded: str, regex: re.Pattern) -> list[tuple[str, str, int, int]]:
    """(division, name, start, end) for each match of ``regex`` followed by a proper name."""
    out = []
    for m in regex.finditer(folded):
        division = m.group(1) if m.groups() else None
        tail = text[m.end() :]
        name_m = re.match(rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,4}}", tail)
        if not name_m:
            continue
        words = name_m.group().split(" ")
        # Stop at the first word of the sentence that is not part of the name ("Hải Dương báo").
        kept = []
        for w in words:
            if not (w[0].isupper() or w[0].isdigit()):
                break
            kept.append(w)
        # A title joined to its dateline ("… phường Phúc Đồng Ngày đăng 01/04/2021"): the words
        # that open a dateline or page chrome never end a unit's name.
        while len(kept) > 1 and fold(kept[-1]) in _DATELINE_WORDS:
            kept.pop()
        # "ĐẢNG BỘ XÃ NHIỆM KỲ 2020-2025": capitals of a title, not a name
        if kept and fold(kept[0]) not in _NOT_NAMES:
            out.append((division, " ".join(kept), m.start(), m.end() + len(" ".join(kept))))
    return out


@functools.lru_cache(maxsize=1)
def _ward_index() -> tuple[dict, dict] | None:
    try:
        from vietnam_provinces import Province, Ward
    except Exception:  # the package is optional for the parser: no codes without it
        return None
    wards: dict[tuple[str, str], list] = defaultdict(list)
    for w in Ward.iter_all():
        division = fold(str(w.division_type.value))
        name = fold(w.name)
        prefix = _DIVISIONS.get(division, division)
        bare = name[len(fold(prefix)) + 1 :] if name.startswith(fold(prefix) + " ") else name
        wards[(division, bare)].append(w)
    provinces: dict[str, int] = {}
    for p in Province.iter_all():
        name = fold(p.name)
        for prefix in ("thanh pho ", "tinh "):
            if name.startswith(prefix):
                name = name[len(prefix) :]
        provinces[name] = int(p.code)
    return dict(wards), provinces


def _province_mentions(text: str, folded: str, provinces: dict[str, int]) -> set[int]:
    found = set()
    for m in _PROVINCE_RE.finditer(folded):
        tail = folded[m.end() : m.end() + 40]
        for name, code in provinces.items():
            if tail.startswith(name) and (len(tail) == len(name) or not tail[len(name)].isalnum()):
                found.add(code)
    return found


def find_ward(division: str, name: str, province_hint: set[int] | None = None):
    """The official ward for (division, name), or a list of candidates if ambiguous."""
    index = _ward_index()
    if index is None:
        return None
    wards, _ = index
    candidates = wards.get((fold(division), fold(name).strip()), [])
    if province_hint and len(candidates) > 1:
        narrowed = [w for w in candidates if int(w.province_code) in province_hint]
        if narrowed:
            candidates = narrowed
    return candidates


def extract_metadata(paragraphs: list[str], warnings: list[str], filename: str | None = None) -> Metadata:
    meta = Metadata(source_file=filename)
    text = "\n".join(paragraphs)
    folded = fold(text)

    _issuer_and_unit(meta, text, folded, warnings)
    _number_and_date(meta, paragraphs, warnings)
    _title(meta, paragraphs)
    _subject(meta, paragraphs)
    _year(meta, paragraphs, warnings)
    _level_and_former(meta, paragraphs, warnings)
    return meta


def _issuer_and_unit(meta: Metadata, text: str, folded: str, warnings: list[str]) -> None:
    issuers = _names_after(text, folded, _ISSUER_RE)
    # Prefer the sentence form ("Ban Thường vụ Đảng ủy phường X báo cáo ...") to a header line.
    for _division, _name, start, end in issuers:
        body = text[start:end]
        if meta.issuing_body is None or (meta.issuing_body.isupper() and not body.isupper()):
            meta.issuing_body = body
    mentions = issuers + [m for m in _names_after(text, folded, _UNIT_MENTION_RE) if m not in issuers]

    index = _ward_index()
    if index is None:
        if mentions:
            meta.unit_name = f"{_DIVISIONS[mentions[0][0]].capitalize()} {mentions[0][1]}"
        warnings.append("Không tra được mã đơn vị hành chính (thiếu gói vietnam-provinces).")
        return
    _, provinces = index
    hint = _province_mentions(text, folded, provinces)
    ambiguous = None
    for division, name, _, _ in mentions:
        candidates = find_ward(_DIVISIONS[division], name, hint)
        if not candidates:
            continue
        if len(candidates) == 1:
            ward = candidates[0]
            meta.unit_name = ward.name
            meta.unit_code = int(ward.code)
            meta.province_code = int(ward.province_code)
            return
        ambiguous = ambiguous or (division, name, candidates)
    if ambiguous:
        division, name, candidates = ambiguous
        meta.unit_name = f"{_DIVISIONS[division].capitalize()} {_as_name(name)}"
        warnings.append(
            f"Tên «{meta.unit_name}» trùng ở {len(candidates)} tỉnh, thành phố; "
            "chưa xác định được mã đơn vị, cần chọn thủ công."
        )
    else:
        if mentions:
            division, name = mentions[0][0], mentions[0][1]
            meta.unit_name = f"{_DIVISIONS[division].capitalize()} {_as_name(name)}"
            warnings.append(f"Không tìm thấy «{meta.unit_name}» trong danh mục đơn vị hành chính; cần chọn thủ công.")
        else:
            warnings.append("Không xác định được đơn vị (phường, xã) ban hành báo cáo; cần chọn thủ công.")
    if len(hint) == 1:
        meta.province_code = next(iter(hint))


def _number_and_date(meta: Metadata, paragraphs: list[str], warnings: list[str]) -> None:
    for para in paragraphs:
        if meta.document_number is None:
            m = _DOC_NUMBER_RE.match(para)
            if m:
                meta.document_number = re.sub(r"\s+", "", m.group(1))
        if meta.document_date is None:
            m = _DATE_LINE_RE.match(para) or _DATE_LINE_SLASH_RE.match(para)
            if m:
                day, month, year = (int(g) for g in m.groups())
                try:
                    meta.document_date = dt.date(year, month, day)
                except ValueError:
                    warnings.append(f"Ngày ban hành «{para}» không hợp lệ, đã bỏ qua.")


def _title(meta: Metadata, paragraphs: list[str]) -> None:
    for i, para in enumerate(paragraphs[:-1]):
        if fold(para).strip(" .:") == "bao cao" and i < 15:
            nxt = paragraphs[i + 1]
            full = (
                "Báo cáo " + nxt[0].lower() + nxt[1:]
                if nxt[:1].isupper() and not nxt[:2].isupper()
                else "Báo cáo " + nxt
            )
            meta.full_title = full.rstrip(" .")
            # Short title: without the subjects of the cited documents ("về “...”").
            short = re.sub(r"\s+về\s+“[^”]*”", "", meta.full_title)
            short = re.sub(r"\s+về\s+[^,“”]*$", "", short)
            meta.title = short
            return


_PLANNED_YEAR_RE = re.compile(
    r"(?:phương hướng|triển khai (?:các )?nhiệm vụ|kế hoạch|phấn đấu|mục tiêu|dự kiến|định hướng)"
    r"[^.;\n]{0,40}?\bnăm\s+(\d{4})\b|"
    r"\bnăm\s+(\d{4})\s*,?\s+(?:\S+\s+){0,3}?(?:phấn đấu|dự kiến|định hướng)"
)


def _year(meta: Metadata, paragraphs: list[str], warnings: list[str]) -> None:
    # Results are reported in part one; part two's years are plans.
    part_one = []
    for para in paragraphs:
        if re.match(r"^phan\s+thu\s+(hai|ii)\b", fold(para)):
            break
        part_one.append(para)
    text = "\n".join(part_one)
    lead_date = None if meta.document_date else _lead_date(paragraphs)
    limit = meta.document_date.year if meta.document_date else lead_date.year if lead_date else None

    def fit(years):
        return [y for y in years if 1990 <= y <= (limit if limit else 2100)]

    # Years of plans named in the results part ("triển khai nhiệm vụ năm 2024", "phấn đấu đến
    # năm 2025", "nhiệm kỳ 2025-2030") are not the year the results are for.
    planned = {int(a or b) for a, b in _PLANNED_YEAR_RE.findall(modern_tones(text).lower())}
    strong = fit(int(y) for y in _YEAR_STRONG_RE.findall(text))
    plain = fit(int(y) for y in _YEAR_RE.findall(text))
    candidates = [y for y in strong if y not in planned] or [y for y in plain if y not in planned] or strong or plain
    if candidates:
        # A report written early in year N speaks of year N-1; a mention of N itself (e.g.
        # "đầu năm 2026") only counts when nothing earlier is mentioned (year-end reports).
        earlier = [y for y in candidates if limit is None or y < limit]
        meta.year = max(earlier or candidates)
        return
    if meta.document_date:
        meta.year = meta.document_date.year - 1
        warnings.append(f"Năm số liệu được suy ra từ ngày ban hành báo cáo: {meta.year}.")
        return
    warnings.append("Không xác định được năm của số liệu báo cáo.")


# --- unit level and units named before 1 July 2025 ---------------------------------------

_REORGANISATION = dt.date(2025, 7, 1)
_LEVEL_OF = {
    "xa": "commune",
    "phuong": "commune",
    "thi tran": "commune",
    "dac khu": "commune",
    "huyen": "district",
    "quan": "district",
    "thi xa": "district",
    "tinh": "province",
    "thanh pho": None,  # a centrally run city (province) or a city of a province (district)
}
_DIVISION_LABEL = {
    "xa": "xã",
    "phuong": "phường",
    "thi tran": "thị trấn",
    "dac khu": "đặc khu",
    "huyen": "huyện",
    "quan": "quận",
    "thi xa": "thị xã",
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
}
_CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
# "xã Gio Mai", "PHƯỜNG 9", "huyện Bù Đốp"; and the committees named after their unit:
# "Huyện ủy Vạn Ninh", "Quận ủy Long Biên", "Tỉnh ủy Gia Lai".
_ANY_UNIT_RE = re.compile(r"\b(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh)\s+")
_COMMITTEE_RE = re.compile(r"\b(huyen|quan|thi|tinh|thanh) uy\s+")
_COMMITTEE_LEVEL = {"huyen": "huyen", "quan": "quan", "thi": "thi xa", "tinh": "tinh", "thanh": "thanh pho"}
# An organisation of an unnamed unit: "Đảng bộ xã tổ chức …", "Ban Vận động Quỹ … tỉnh và …".
# Matched on the lower-cased text with its diacritics: folded, "xã hội" and "phương" would pass.
_UNNAMED_RE = re.compile(
    r"\b(?:đảng bộ|đảng ủy|đảng uỷ|ủy ban mttq(?: việt nam)?|uỷ ban mttq(?: việt nam)?|ubmttq(?:vn)?|mttq(?:vn)?|ubnd|"
    r"ủy ban nhân dân|ban [^\W\d_]+(?: [^\W\d_]+){0,5}?|hội [^\W\d_]+(?: [^\W\d_]+){0,3}?|khối [^\n.;,]{0,12}?)"
    r"(?:[^\n.;]{0,30}?)\s+(xã|phường|thị trấn|huyện|quận|thị xã|tỉnh)\b(?!\s+(?:hội|ủy|uỷ))"
)
_UNNAMED_LEVEL = {
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "tỉnh": "province",
}


def _is_pre_reorganisation(meta: Metadata, lead_date: dt.date | None = None) -> bool:
    if meta.document_date is not None:
        return meta.document_date < _REORGANISATION
    if lead_date is not None:
        return lead_date < _REORGANISATION
    return meta.year is not None and meta.year < 2025


# A date that dates the text itself: a portal's time stamp ("Cập nhật: 10:25 | 15/07/2020",
# "Thứ hai - 18/11/2024") or the date opening the news ("Sáng ngày 04/01/2024, …"); dates of
# cited documents ("Kết luận … ngày 08/12/2009") stand inside sentences and do not count.
_LEAD_DATE_RE = re.compile(
    r"(?im)^(?:[^\n]{0,40}?(?:cập nhật|ngày đăng|đăng ngày|xuất bản|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)"
    r"[^\n]{0,20}?|(?:(?:sáng|chiều|tối|trưa)\s+)?(?:ngày\s+)?)"
    r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)\b"
)


# A lead that opens on the date in words: "Sáng ngày 05 tháng 5 năm 2023, Đảng bộ xã tổ chức …"
_LEAD_DATE_WORDS_RE = re.compile(
    r"(?im)^(?:(?:sáng|chiều|tối|trưa)\s+)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+((?:19|20)\d\d)\b"
)


def _lead_date(paragraphs: list[str]) -> dt.date | None:
    """The latest date that dates the headline and lead (see :data:`_LEAD_DATE_RE`): it tells
    which units existed, and which year's results a news item can speak of."""
    found = []
    lead = "\n".join(paragraphs[:5])
    for m in [*_LEAD_DATE_RE.finditer(lead), *_LEAD_DATE_WORDS_RE.finditer(modern_tones(lead))]:
        try:
            found.append(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    return max(found, default=None)


def _unit_mentions(text: str, folded: str) -> list[tuple[int, str, str, str]]:
    """(position, division, name as written, level) of every named unit in the text."""
    out = []
    for division, name, start, _ in _names_after(text, folded, _ANY_UNIT_RE):
        out.append((start, division, name, _level(division, name)))
    for m in _COMMITTEE_RE.finditer(folded):
        division = _COMMITTEE_LEVEL[m.group(1)]
        name_m = re.match(rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}", text[m.end() :])
        if name_m:
            words = []
            for w in name_m.group().split(" "):
                if not (w[0].isupper() or w[0].isdigit()):
                    break
                words.append(w)
            if words:
                out.append((m.start(), division, " ".join(words), _level(division, " ".join(words))))
    return sorted(out)


def _level(division: str, name: str) -> str | None:
    level = _LEVEL_OF.get(division)
    if division == "thanh pho":
        level = "province" if fold(name) in _CENTRAL_CITIES else "district"
    return level


def _known(division: str, name: str, level: str | None) -> bool:
    """A named unit that exists (now or before 2025): guards against capitals in titles."""
    if level == "commune":
        return bool(find_ward(_DIVISIONS.get(division, division), name) or former_units(division, name))
    if level == "district":
        return bool(former_districts(division, name))
    if level == "province":
        index = _ward_index()
        return bool(index and fold(name) in index[1]) or bool(former_districts("tinh", name))
    return False


def _level_and_former(meta: Metadata, paragraphs: list[str], warnings: list[str]) -> None:
    """The level of the report's author (commune, district, province) and, for a commune named
    as it was before 01/07/2025, its successors."""
    paragraphs, text, folded, higher, commune = _author(meta, paragraphs)
    if meta.unit_level in ("district", "province"):
        _not_a_commune(meta, higher, warnings)
    elif commune is not None:
        _former_commune(meta, commune, paragraphs, text, folded, warnings)


def _author(meta: Metadata, paragraphs: list[str]):
    """(paragraphs before the distribution block, their text, folded, the district or province
    mention of a higher-level author, the commune mention of a commune author); sets
    meta.unit_level when the text names its author."""
    # The signature and distribution block ("Nơi nhận: - MTTQ huyện; …") names other units.
    for i, para in enumerate(paragraphs):
        if i > 0 and fold(para).startswith(("noi nhan", "tren day la")):
            paragraphs = paragraphs[:i]
            break
    text = "\n".join(paragraphs)
    folded = fold(text)
    # Letterheads and quoted names ("Phát huy vai trò … Quận 5 …") are read apart: a quoted
    # name tells nothing, a letterhead names the issuer under its superior.
    skip: list[tuple[int, int]] = []
    letterhead: list[tuple[int, int]] = []
    offset = 0
    for i, para in enumerate(paragraphs):
        if is_letterhead(para):
            skip.append((offset, offset + len(para)))
            if i < 10:
                letterhead.append((offset, offset + len(para)))
        offset += len(para) + 1
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"\n]*\"", text)]
    skip.extend(quoted)

    def free(pos: int) -> bool:
        return not any(a <= pos < b for a, b in skip)

    # Communes are named with their division word and a capital ("xã Thạch Điền"), so a name
    # not in the lists (a unit merged earlier) still tells the level; "quận"/"huyện" + capital
    # can be other words folded alike ("quân Đội"), so those must be known units.
    mentions = [
        m
        for m in _unit_mentions(text, folded)
        if m[3] and free(m[0]) and (m[3] == "commune" or _known(m[1], m[2], m[3]))
    ]
    lowered = modern_tones(text).lower()
    unnamed = [(u.start(1), _UNNAMED_LEVEL[u.group(1)]) for u in _UNNAMED_RE.finditer(lowered) if free(u.start(1))]
    communes = [m for m in mentions if m[3] == "commune"]
    counts: dict[str, int] = {}
    for m in communes:
        counts[fold(m[2])] = counts.get(fold(m[2]), 0) + 1
    # The report's own unit is the first one the text names as an actor (named, or unnamed as
    # in "Đảng bộ xã tổ chức …"); a commune named only in passing in a district's report
    # ("… ở xã Vạn Thọ") is not its author.
    first = min([(m[0], m[3]) for m in mentions] + unnamed, default=None)
    # "ĐẢNG BỘ HUYỆN X / ĐẢNG ỦY XÃ Y": the lowest unit of the letterhead is the issuer. A
    # portal's header ("QUẬN 5 – …") above a ward's news is its superior, so the lower of the
    # letterhead's unit and the body's first actor wins.
    rank = {"commune": 0, "district": 1, "province": 2}
    heads = [
        m
        for m in _unit_mentions(text, folded)
        if m[3]
        and any(a <= m[0] < b for a, b in letterhead)
        and not any(a <= m[0] < b for a, b in quoted)
        and _known(m[1], m[2], m[3])
    ]
    head = min(heads, key=lambda m: (rank[m[3]], m[0]), default=None)
    if head is not None and (first is None or rank[head[3]] < rank[first[1]]):
        first = (head[0], head[3])
        mentions = sorted([*mentions, head])
        communes = [m for m in mentions if m[3] == "commune"]
        counts.setdefault(fold(head[2]), 1)
    elif head is not None and head[3] == "commune" and not any(m[0] == first[0] for m in mentions):
        # an unnamed "Đảng bộ xã" in the body; the letterhead names it
        first = (head[0], head[3])
        mentions = sorted([*mentions, head])
        communes = [m for m in mentions if m[3] == "commune"]
        counts.setdefault(fold(head[2]), 1)
    higher = None
    commune = None
    if first is not None and first[1] in ("district", "province"):
        meta.unit_level = first[1]
        higher = next((m for m in mentions if m[0] == first[0]), None)
    elif first is not None:
        meta.unit_level = "commune"
        commune = next((m for m in communes if m[0] >= first[0]), None)
        if (
            commune is not None
            and commune[0] != first[0]
            and counts[fold(commune[2])] < 2
            and commune[0] > len("\n".join(paragraphs[:3]))
        ):
            commune = None  # after an unnamed "Đảng bộ xã", named once far from the lead: an example
    return paragraphs, text, folded, higher, commune


def _not_a_commune(meta: Metadata, higher, warnings: list[str]) -> None:
    """A district's or a province's report: no commune is its author; the warning says so."""
    label = f"{_DIVISION_LABEL[higher[1]].capitalize()} {_as_name(higher[2])}" if higher else None
    level_vi = "cấp huyện" if meta.unit_level == "district" else "cấp tỉnh"
    if meta.unit_code is not None:
        meta.unit_code = None  # a ward named in a district's report is not its author
    if label:
        meta.unit_name = label
        if meta.unit_level == "district" or _is_pre_reorganisation(meta):
            meta.former_unit_name = label if meta.unit_level == "district" else None
    warnings.append(
        f"Báo cáo của {label or 'một đơn vị'} ({level_vi}), không phải báo cáo của một xã, phường, đặc khu: "
        "không gán cho xã, phường nào; cần chọn đơn vị thủ công nếu muốn nhập."
    )


def _former_commune(
    meta: Metadata, commune, paragraphs: list[str], text: str, folded: str, warnings: list[str]
) -> None:
    """A commune named as before 01/07/2025: its successors, and what staff must confirm."""
    division, name = commune[1], commune[2]
    lead_date = _lead_date(paragraphs)
    pre = _is_pre_reorganisation(meta, lead_date)
    dated = meta.document_date is not None or lead_date is not None or meta.year is not None
    current = find_ward(_DIVISIONS.get(division, division), name) or []
    if current and dated and not pre:
        return  # a 2025 unit (or several of that name), read as today
    if not conversion_available():
        if meta.unit_code is None:
            warnings.append("Không tra được đơn vị kế thừa sau 01/07/2025 (thiếu gói vietnamadminunits).")
        return
    hints = folded.replace(" ", "").replace("\n", "")
    formers = former_units(division, name, hints)
    if not formers:
        return
    if current and not dated:
        # Undated: the name is both a 2025 unit and an old one. Keep the 2025 reading and
        # say what the old reading would be, for staff to choose.
        codes = [c for f in formers for c in f.successor_codes]
        if meta.unit_code is not None and meta.unit_code in codes:
            return
        label = f"{_DIVISION_LABEL[division].capitalize()} {_as_name(name)}"
        warnings.append(
            f"Không rõ năm của báo cáo: «{label}» cũng là tên đơn vị cũ (trước 01/07/2025), nay thuộc "
            + ", ".join(_ward_label(c) for c in dict.fromkeys(codes))
            + "; cần xác nhận đơn vị."
        )
        return
    label = f"{_DIVISION_LABEL[division].capitalize()} {_as_name(name)}"
    # The district as the text writes it, when it names the old unit's district.
    district = next(
        (m for m in _unit_mentions(text, folded) if m[3] == "district" and _same_key(m[1], m[2], formers[0].district)),
        None,
    )
    meta.former_unit_name = label + (f", {_DIVISION_LABEL[district[1]]} {district[2]}" if district else "")
    codes: list[int] = []
    for former in formers:
        codes.extend(c for c in former.successor_codes if c not in codes)
    meta.successor_codes = codes
    previous_warning = f"Không tìm thấy «{meta.unit_name}» trong danh mục đơn vị hành chính; cần chọn thủ công."
    if previous_warning in warnings:
        warnings.remove(previous_warning)
    names = ", ".join(_ward_label(c) for c in codes)
    if len(codes) == 1:
        ward = _ward_by_code(codes[0])
        meta.unit_code, meta.unit_name, meta.province_code = codes[0], ward.name, int(ward.province_code)
        warnings.append(f"«{meta.former_unit_name}» là đơn vị cũ (trước 01/07/2025), nay thuộc {names}; cần xác nhận.")
    else:
        meta.unit_code = None
        meta.unit_name = label
        where = f"{len(formers)} đơn vị cũ cùng tên" if len(formers) > 1 else "đơn vị cũ đã chia cho nhiều đơn vị mới"
        warnings.append(
            f"«{meta.former_unit_name}» là {where} (trước 01/07/2025); nay có thể thuộc: {names}; cần chọn thủ công."
        )


def _same_key(division: str, name: str, key: str) -> bool:
    return unit_key(f"{_DIVISION_LABEL[division]} {name}") == key


@functools.lru_cache(maxsize=1)
def _wards_by_code() -> dict:
    from vietnam_provinces import Province, Ward

    provinces = {int(p.code): p.name for p in Province.iter_all()}
    return {int(w.code): (w, provinces.get(int(w.province_code), "")) for w in Ward.iter_all()}


def _ward_by_code(code: int):
    return _wards_by_code()[code][0]


def _ward_label(code: int) -> str:
    ward, province = _wards_by_code()[code]
    return f"{ward.name} ({province})"


# --- subject: which resolution or campaign the report is about ----------------------------

# Central documents continued by a later one are reported as the one they continue.
_CONTINUES = {"TB160": "KL62", "KL43": "NQ25"}
_DOC_TYPES = {"ket luan": "KL", "nghi quyet": "NQ", "chi thi": "CT", "thong bao": "TB"}
_CENTRAL_DOC_RE = re.compile(r"\b(\d{1,3})\s*-\s*(nq|kl|ct|tb)\s*/\s*tw\b")
_NAMED_DOC_RE = re.compile(
    r"\b(ket luan|nghi quyet|chi thi|thong bao)(?: ket luan)?\s+(?:so\s+)?"
    r"(\d{1,3})\b(?!\s*[-/]\s*[a-z]+\s*/\s*(?!tw)[a-z])"
)
_FUND_RE = re.compile(r"quy\W{0,3}\s*vi nguoi ngheo")
# The Front as the author of what is reviewed: "công tác Mặt trận", "Ủy ban MTTQ … tổ chức
# Đại hội / tổng kết", "Ủy ban MTTQ … nhiệm kỳ qua", the Front's "Ngày hội Đại đoàn kết".
_FRONT_RE = re.compile(
    r"\b(?:cong tac mat tran|dai hoi dai bieu (?:mttq|mat tran)|ngay hoi dai doan ket|"
    r"(?:uy ban mttq|ubmttq|mat tran to quoc)[^.;\n]{0,60}?(?:to chuc|tong ket|so ket|dai hoi|nhiem ky)|"
    r"nhiem ky qua[^.;\n]{0,20}(?:uy ban mttq|ubmttq|mat tran))"
)
_CONGRESS_RE = re.compile(r"\b(?:nghi quyet dai hoi|dai hoi (?:dai bieu )?dang bo|giua nhiem ky)")


def _subject(meta: Metadata, paragraphs: list[str]) -> None:
    """Subject codes: KL62, NQ25, CT05 and any "<type><number>" of a central (/TW) document;
    QVNN for Quỹ "Vì người nghèo"; MTTQ for the Front's term or year report; NQDH for the
    review of the unit's own Party congress resolution. Documented in docs/report_parser.md."""
    text = "\n".join(paragraphs)
    folded = fold(text)
    lead = fold("\n".join(paragraphs[:3]))

    central: list[tuple[int, str, str]] = []  # (position, code, as written)
    for m in _CENTRAL_DOC_RE.finditer(folded):
        code = f"{m.group(2).upper()}{int(m.group(1)):02d}"
        start = max(0, folded.rfind(" ", 0, max(0, m.start() - 30)))
        named = _NAMED_DOC_RE.search(folded, start, m.end() + 1)
        written_start = named.start() if named and named.end() >= m.start() else m.start()
        central.append((m.start(), _CONTINUES.get(code, code), text[written_start : m.end()].strip()))
    if central:
        counts: dict[str, int] = {}
        for _, code, _ in central:
            counts[code] = counts.get(code, 0) + 1
        # the first central document the text names, unless another is named more often
        first = central[0]
        best = max(counts, key=lambda c: (counts[c], -next(p for p, k, _ in central if k == c)))
        chosen = first if counts[first[1]] == counts[best] else next(x for x in central if x[1] == best)
        meta.subject, meta.subject_text = chosen[1], chosen[2]
        return
    first_para = fold(paragraphs[0][:300]) if paragraphs else ""  # the headline or opening sentence
    fund = _FUND_RE.search(first_para) or (_FUND_RE.search(lead) and not _FRONT_RE.search(lead))
    if fund:
        m = _FUND_RE.search(folded)
        meta.subject, meta.subject_text = "QVNN", text[m.start() : m.end()].strip()
        return
    congress = _CONGRESS_RE.search(lead)
    if congress:
        meta.subject, meta.subject_text = "NQDH", text[congress.start() : congress.end()].strip()
        return
    front = _FRONT_RE.search(lead)
    if front:
        span = text[front.start() : front.end()]
        name = re.search(
            r"(?i)công tác mặt trận|ngày hội đại đoàn kết|đại hội đại biểu \S+|"
            r"[ỦUủu][ỷy] ban MTTQ(?: Việt Nam)?|UBMTTQ\w*|Mặt trận Tổ quốc",
            span,
        )
        meta.subject, meta.subject_text = "MTTQ", (name.group() if name else span).strip()
