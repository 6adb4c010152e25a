"""Metadata: who issued the report, for which unit and year, its own number and date."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict

from .model import Metadata
from .text import fold

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
        if kept:
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
    if "62-kl/tw" in folded.replace(" ", "") or "ket luan 62" in folded:
        meta.subject = "KL62"
    _year(meta, paragraphs, warnings)
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
        meta.unit_name = f"{_DIVISIONS[division].capitalize()} {name}"
        warnings.append(
            f"Tên «{meta.unit_name}» trùng ở {len(candidates)} tỉnh, thành phố; "
            "chưa xác định được mã đơn vị, cần chọn thủ công."
        )
    else:
        if mentions:
            division, name = mentions[0][0], mentions[0][1]
            meta.unit_name = f"{_DIVISIONS[division].capitalize()} {name}"
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


def _year(meta: Metadata, paragraphs: list[str], warnings: list[str]) -> None:
    # Results are reported in part one; part two's years are plans.
    part_one = []
    for para in paragraphs:
        if re.match(r"^phan\s+thu\s+(hai|ii)\b", fold(para)):
            break
        part_one.append(para)
    text = "\n".join(part_one)
    limit = meta.document_date.year if meta.document_date else None

    def fit(years):
        return [y for y in years if 1990 <= y <= (limit if limit else 2100)]

    strong = fit(int(y) for y in _YEAR_STRONG_RE.findall(text))
    plain = fit(int(y) for y in _YEAR_RE.findall(text))
    candidates = strong or plain
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
