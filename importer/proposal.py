"""Which unit, year and subject a parsed report is for: proposed for the import page, resolved
(or refused) for an unattended import. Pure: the official units and subjects come in as
DataFrames/sets read by the caller."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from domain.limits import FIRST_YEAR
from domain.vocabulary import DEFAULT_SUBJECT
from report_parser import ParsedReport
from report_parser.text import fold
from report_parser.units import FormerUnit, former_units, unit_key

__all__ = [
    "FIRST_YEAR",
    "DEFAULT_SUBJECT",
    "ImportRefusedReason",
    "Proposal",
    "SubjectProposal",
    "check_year",
    "valid_year",
    "year_problem",
    "match_units_in_filename",
    "former_units_in_filename",
    "year_in_filename",
    "propose",
    "propose_subject",
    "resolve_unit_and_year",
    "not_commune_level",
    "former_unit",
    "NOW_PART_OF",
]

NOW_PART_OF = ", nay thuộc "  # in every note that names an old unit's successor
_LEVEL_NAMES = {"district": "cấp huyện (quận, thị xã, thành phố thuộc tỉnh)", "province": "cấp tỉnh, thành phố"}


class ImportRefusedReason(ValueError):
    """A report that cannot be imported unattended as it is; the message is Vietnamese.

    data_access.imports turns it into ImportRefused (a WriteRefused) for its callers."""


@dataclass
class Proposal:
    """The unit and year a report seems to be for; None where it cannot tell (the user chooses).

    `candidates` are the units staff should choose among, first in the list (the successors
    of a unit that no longer exists); `not_commune` is set for a district or province report,
    which is never proposed onto a ward."""

    ward_code: int | None
    ward_name: str | None
    year: int | None
    notes: list[str] = field(default_factory=list)
    candidates: list[tuple[int, str]] = field(default_factory=list)
    not_commune: bool = False


@dataclass
class SubjectProposal:
    code: str
    note: str | None


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= int(year) <= dt.date.today().year


def year_problem(year: int) -> str:
    this_year = dt.date.today().year
    if int(year) > this_year:
        return f"Năm báo cáo {year} chưa tới (năm nay là {this_year}); hãy kiểm tra lại năm của số liệu."
    return f"Năm báo cáo {year} không hợp lệ: hệ thống nhận báo cáo từ năm {FIRST_YEAR} đến năm {this_year}."


def check_year(year: int) -> int:
    """The year, if reports can be for it (2000 to this year); else ImportRefusedReason."""
    if not valid_year(year):
        raise ImportRefusedReason(year_problem(year))
    return int(year)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _bare_name_tokens(name: str, kind: str) -> list[str]:
    tokens = _tokens(name)
    prefix = _tokens(kind)
    return tokens[len(prefix) :] if tokens[: len(prefix)] == prefix else tokens


def match_units_in_filename(filename: str | None, units: pd.DataFrame) -> list[tuple[int, str]]:
    """Units whose name appears in the file name, accent-insensitively ("hai-duong-2026-kl62.txt"
    -> Phường Hải Dương). Only the longest matches are kept; more than one means ambiguous.

    `units` has columns code, name, kind. A kind written just before the name ("xa-an-lao")
    must agree; a name made only of digits needs its kind written before it.
    """
    if not filename:
        return []
    words = _tokens(Path(filename).stem)
    glued = {kind: _glued_with_kind(words, kind) for kind in _KIND_WORDS}
    best: list[tuple[int, str]] = []
    best_len = 0
    for code, name, kind in units[["code", "name", "kind"]].itertuples(index=False):
        bare = _bare_name_tokens(name, kind)
        n = len(bare)
        if not n or n < best_len:
            continue
        kind_tokens = _tokens(kind)
        for start in range(len(words) - n + 1):
            if words[start : start + n] != bare:
                continue
            before = words[max(0, start - 2) : start]
            named_kind = next((k for k in (["phuong"], ["xa"], ["dac", "khu"]) if before[-len(k) :] == k), None)
            if named_kind is not None and named_kind != kind_tokens:
                continue
            if all(t.isdigit() for t in bare) and named_kind is None:
                continue
            if n > best_len:
                best, best_len = [], n
            best.append((int(code), name))
            break
        else:
            # "duongphong_xa": the name glued into one word, told by its kind beside it
            if n > 1 and n >= best_len and "".join(bare) in glued.get("".join(kind_tokens), ()):
                if n > best_len:
                    best, best_len = [], n
                best.append((int(code), name))
    return best


_KIND_WORDS = ("xa", "phuong", "thitran", "dackhu")  # a commune-level kind, glued as file names write it


def _glued_with_kind(words: list[str], kind: str) -> set[str]:
    """The words of a file name that stand beside the kind word `kind` ("xa", "phuong" …)."""
    return {
        word
        for i, word in enumerate(words)
        if not word.isdigit() and kind in (words[i - 1] if i else None, words[i + 1] if i + 1 < len(words) else None)
    }


def former_units_in_filename(filename: str | None, hints: str = "") -> list[tuple[str, FormerUnit]]:
    """(kind word, former unit) for a commune of before 01/07/2025 that the file name names
    glued beside its kind ("09_duongphong_xa_….txt" -> xã Dương Phong), narrowed by the district
    and province names in `hints` (the text folded without spaces)."""
    if not filename:
        return []
    words = _tokens(Path(filename).stem)
    found: list[tuple[str, FormerUnit]] = []
    for kind in _KIND_WORDS:
        for word in sorted(_glued_with_kind(words, kind)):
            if word not in _KIND_WORDS and len(word) >= 4:
                found += [(kind, unit) for unit in former_units(kind, word, hints)]
    return found


def _units_named(unit_name: str, units: pd.DataFrame) -> list[tuple[int, str]]:
    """Units whose official name is `unit_name`, accent- and case-insensitively."""
    wanted = fold(unit_name).strip()
    return [(int(code), name) for code, name in units[["code", "name"]].itertuples(index=False)
            if fold(name).strip() == wanted]


_FILENAME_YEAR_RE = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")


def year_in_filename(filename: str | None) -> int | None:
    """The one plausible year written in a file name ("bao-cao-tong-ket-2023.docx"), else None:
    staff often name a ward's file by its year when the text itself does not say it."""
    if not filename:
        return None
    years = {int(y) for y in _FILENAME_YEAR_RE.findall(Path(filename).stem) if valid_year(int(y))}
    return years.pop() if len(years) == 1 else None


def not_commune_level(parsed: ParsedReport) -> str | None:
    """The note for a report of a district or a province (not a ward's report), else None."""
    level = parsed.metadata.unit_level
    if level not in _LEVEL_NAMES:
        return None
    written = parsed.metadata.former_unit_name or parsed.metadata.unit_name or parsed.metadata.issuing_body
    named = f" ({written})" if written else ""
    return (
        f"Báo cáo của {_LEVEL_NAMES[level]}{named}, không phải báo cáo cấp xã: "
        "không gán cho phường, xã nào; chỉ nhập khi chắc chắn về đơn vị."
    )


def former_unit(name: str) -> str:
    """"Xã Thạch Điền, huyện Thạch Hà" -> "Xã Thạch Điền cũ (huyện Thạch Hà)": the old unit named
    as staff say it, the district (abolished too) kept to tell namesakes apart."""
    unit, _, rest = name.partition(",")
    return f"{unit.strip()} cũ ({rest.strip()})" if rest.strip() else f"{unit.strip()} cũ"


def _successors(parsed: ParsedReport, names: dict[int, str]) -> tuple[list[tuple[int, str]], list[int]]:
    codes = list(dict.fromkeys(int(c) for c in parsed.metadata.successor_codes or []))
    known = [(c, names[c]) for c in codes if c in names]
    return known, [c for c in codes if c not in names]


def _hints(parsed: ParsedReport) -> str:
    """What the parsed report says, folded without spaces: district and province names in it
    tell namesakes apart."""
    meta = parsed.metadata
    said = [meta.issuing_body, meta.full_title, meta.title, *(f.sentence for f in parsed.figures),
            *(f.text for f in parsed.findings)]
    return unit_key(" ".join(part for part in said if part))


def _from_former_in_filename(filename: str, formers: list[tuple[str, FormerUnit]], names: dict[int, str],
                             notes: list[str]) -> tuple[int | None, str | None, list[tuple[int, str]]]:
    """(ward code, name, candidates) for a file named after a unit that no longer exists."""
    codes = list(dict.fromkeys(code for _, unit in formers for code in unit.successor_codes))
    known = [(code, names[code]) for code in codes if code in names]
    old = f"Tên tệp «{filename}» chỉ một đơn vị cũ (trước 01/07/2025)"
    if len(known) == 1:
        notes.append(f"{old}{NOW_PART_OF}{known[0][1]}; văn bản không ghi tên đơn vị, hãy xác nhận.")
        return known[0][0], known[0][1], known
    if known:
        listed = "; ".join(name for _, name in known[:8])
        notes.append(f"{old}{NOW_PART_OF}một trong các đơn vị: {listed}; cần chọn đơn vị.")
        return None, None, known
    notes.append(f"{old}; không xác định được đơn vị nay thay thế; cần chọn đơn vị.")
    return None, None, []


def propose(parsed: ParsedReport, filename: str | None, units: pd.DataFrame) -> Proposal:
    """The unit (from the text, else the file name) and year (from the text) of a report, among
    `units` (code, name, kind); None where unknown, with a Vietnamese note saying why.

    A unit that no longer exists (metadata.former_unit_name, successor_codes) is proposed as
    its successor: "Xã X cũ, nay thuộc Y"; with several successors staff choose among them.
    A district or province report is flagged and not proposed onto any ward."""
    meta = parsed.metadata
    notes: list[str] = []
    names = dict(zip(units["code"].astype(int), units["name"], strict=True))
    ward_code = ward_name = None
    candidates: list[tuple[int, str]] = []
    level_note = not_commune_level(parsed)
    if level_note:
        notes.append(level_note)
    elif meta.former_unit_name and meta.successor_codes:
        # Before the unit code: the parser may also give the successor as the unit.
        candidates, unknown = _successors(parsed, names)
        if len(candidates) == 1:
            ward_code, ward_name = candidates[0]
            notes.append(f"{former_unit(meta.former_unit_name)}, nay thuộc {ward_name}; hãy xác nhận đơn vị.")
        elif candidates:
            listed = "; ".join(name for _, name in candidates)
            notes.append(
                f"{former_unit(meta.former_unit_name)}, nay thuộc một trong các đơn vị: {listed}; cần chọn đơn vị."
            )
        else:
            codes = ", ".join(str(c) for c in unknown)
            notes.append(
                f"{former_unit(meta.former_unit_name)}, nay thuộc đơn vị mã {codes}, không có trong danh sách đơn vị "
                "đang xét; cần chọn đơn vị."
            )
    elif meta.unit_code is not None and int(meta.unit_code) in names:
        ward_code = int(meta.unit_code)
        ward_name = names[ward_code]
    else:
        if meta.unit_code is not None:
            notes.append(
                f"Báo cáo ghi đơn vị {meta.unit_name} (mã {meta.unit_code}), không có trong danh sách đơn vị đang xét."
            )
        matches = match_units_in_filename(filename, units)
        if len(matches) == 1:
            ward_code, ward_name = matches[0]
            notes.append(f"Đơn vị được xác định từ tên tệp «{filename}»: {ward_name}.")
        elif len(matches) > 1:
            listed = ", ".join(f"{name} ({code})" for code, name in matches[:5])
            notes.append(f"Tên tệp «{filename}» khớp với nhiều đơn vị ({listed}); cần chọn đơn vị.")
            candidates = matches
        elif meta.former_unit_name:
            notes.append(
                f"{meta.former_unit_name} là đơn vị cũ (trước 01/07/2025); không xác định được đơn vị nay "
                "thay thế; cần chọn đơn vị."
            )
        elif not meta.unit_name and (formers := former_units_in_filename(filename, _hints(parsed))):
            ward_code, ward_name, candidates = _from_former_in_filename(filename, formers, names, notes)
        elif meta.unit_name and meta.unit_code is None:
            # A name that several provinces share ("Xã Bình Nguyên"): staff choose among them.
            same = _units_named(meta.unit_name, units)
            if len(same) == 1:
                ward_code, ward_name = same[0]
                notes.append(f"Đơn vị được xác định theo tên «{meta.unit_name}»: {ward_name}; hãy xác nhận.")
            elif same:
                candidates = same
                listed = "; ".join(f"{name} (mã {code})" for code, name in same[:8])
                notes.append(f"Có {len(same)} đơn vị tên «{meta.unit_name}»: {listed}; cần chọn đơn vị.")
            else:
                notes.append(f"Không tìm thấy «{meta.unit_name}» trong danh mục đơn vị hành chính; cần chọn đơn vị.")
        elif meta.unit_code is None:
            notes.append("Văn bản và tên tệp không cho biết báo cáo của đơn vị nào; cần chọn đơn vị.")
    year = meta.year
    if year is not None and not valid_year(year):
        notes.append(year_problem(year))
        year = None
    elif year is None:
        year = year_in_filename(filename)
        if year is None:
            notes.append("Không xác định được năm của số liệu trong văn bản; cần chọn năm.")
        else:
            notes.append(f"Văn bản không ghi năm của số liệu; năm {year} lấy từ tên tệp «{filename}», hãy xác nhận.")
    return Proposal(
        ward_code=ward_code, ward_name=ward_name, year=year, notes=notes, candidates=candidates,
        not_commune=level_note is not None,
    )


def propose_subject(parsed: ParsedReport, subject_codes: set[str] | list[str]) -> SubjectProposal:
    """The subject the report is about when the database has it, else the default (KL62) with
    a note saying so."""
    meta = parsed.metadata
    codes = set(subject_codes)
    if meta.subject and meta.subject in codes:
        return SubjectProposal(meta.subject, None)
    if meta.subject:
        written = meta.subject_text or meta.subject
        return SubjectProposal(
            DEFAULT_SUBJECT,
            f"Văn bản là báo cáo về {written} (mã {meta.subject}), chưa có trong danh mục chủ đề theo dõi; "
            f"tạm nhập vào chủ đề {DEFAULT_SUBJECT}, hãy kiểm tra lại.",
        )
    return SubjectProposal(
        DEFAULT_SUBJECT,
        f"Văn bản không cho biết báo cáo về nghị quyết, kết luận nào; nhập vào chủ đề {DEFAULT_SUBJECT}, "
        "hãy kiểm tra đúng loại báo cáo.",
    )


def resolve_unit_and_year(
    parsed: ParsedReport,
    filename: str | None,
    units: pd.DataFrame,
    *,
    ward_code: int | None = None,
    year: int | None = None,
) -> tuple[int, str, int, list[str]]:
    """(ward_code, ward_name, year, notes) for an unattended import, or ImportRefusedReason.

    A unit or year given by the caller is used when the text does not tell; when the text tells
    something else, the file is refused rather than saved under the wrong unit or year. A unit
    that no longer exists is imported under its single successor (with a note); with several
    successors, or for a district or province report, the caller must give the unit.
    """
    meta = parsed.metadata
    names = dict(zip(units["code"].astype(int), units["name"], strict=True))
    if ward_code is not None and int(ward_code) not in names:
        raise ImportRefusedReason(f"Không có đơn vị hành chính mã {ward_code} trong danh mục chính thức.")
    if year is not None and not valid_year(year):
        raise ImportRefusedReason(year_problem(year))
    found = propose(parsed, filename, units)
    notes = [n for n in found.notes if n.startswith("Đơn vị được xác định") or NOW_PART_OF in n]
    if ward_code is not None:
        ward_code = int(ward_code)
        old_unit = bool(meta.former_unit_name and meta.successor_codes)
        if found.not_commune:
            notes.append(not_commune_level(parsed) or "")
        elif old_unit and found.candidates:
            if ward_code not in dict(found.candidates):
                listed = ", ".join(f"{name} ({code})" for code, name in found.candidates)
                raise ImportRefusedReason(
                    f"{former_unit(meta.former_unit_name)} nay thuộc {listed}, không phải {names[ward_code]} "
                    f"(mã {ward_code}) như đã chọn; hãy kiểm tra lại tệp hoặc mã đơn vị."
                )
        elif not old_unit and meta.unit_code is not None and int(meta.unit_code) != ward_code:
            raise ImportRefusedReason(
                f"Báo cáo ghi là của {meta.unit_name} (mã {meta.unit_code}), không phải "
                f"{names[ward_code]} (mã {ward_code}) như đã chọn; hãy kiểm tra lại tệp hoặc mã đơn vị."
            )
    elif found.not_commune:
        raise ImportRefusedReason(
            (not_commune_level(parsed) or "").replace(
                "chỉ nhập khi chắc chắn về đơn vị", "chỉ nhập khi chỉ rõ mã đơn vị (--unit)"
            )
        )
    elif found.ward_code is not None:
        ward_code = found.ward_code
    else:
        reason = next((n for n in found.notes if "đơn vị" in n), "Không xác định được đơn vị của báo cáo.")
        raise ImportRefusedReason(reason.replace("cần chọn đơn vị", "hãy chỉ rõ mã đơn vị"))
    if year is not None:
        if meta.year is not None and int(meta.year) != int(year):
            raise ImportRefusedReason(
                f"Số liệu trong báo cáo là của năm {meta.year}, không phải năm {year} như đã chọn; "
                "hãy kiểm tra lại tệp hoặc năm."
            )
    elif meta.year is None and found.year is not None:  # the file name's year, said in a note
        year = found.year
        notes.extend(n for n in found.notes if "lấy từ tên tệp" in n)
    elif meta.year is None:
        raise ImportRefusedReason("Không xác định được năm của số liệu trong văn bản; hãy chỉ rõ năm báo cáo.")
    elif not valid_year(meta.year):
        raise ImportRefusedReason(year_problem(meta.year))
    else:
        year = int(meta.year)
    return ward_code, names[ward_code], int(year), [n for n in notes if n]
