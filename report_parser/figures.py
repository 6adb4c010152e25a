"""Figures: "qualifier? number scale? unit" spans in the narrative sections.

A number is a result only when a known unit follows it. Document numbers (62-KL/TW), dates
(08/12/2009), terms (2025-2030), years ("năm 2025"), legal references ("Điều 5") and
ordinals are recognised by their shape or the word before them and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .catalogue import Indicator
from .model import Figure
from .numbers import NUMBER_PATTERN, SCALE_PATTERN, SCALES, read_decimal, to_plain
from .sections import Block
from .text import modern_tones

__all__ = ["extract_figures", "find_figures", "UNITS", "split_clauses"]

# Units as written after a number; the longest match wins ("lượt cử tri" over "lượt").
UNITS: tuple[str, ...] = (
    "chi bộ, đảng bộ",
    "đảng bộ, chi bộ",
    "chi bộ",
    "đảng bộ",
    "đảng viên",
    "đảng viên mới",
    "hộ",
    "hộ gia đình",
    "hộ nghèo",
    "hộ cận nghèo",
    "gia đình",
    "nhân khẩu",
    "người",
    "người dân",
    "suất quà",
    "phần quà",
    "suất",
    "xuất quà",
    "quà",
    "sổ tiết kiệm",
    "thẻ bảo hiểm y tế",
    "thẻ bhyt",
    "đồng",
    "vnđ",
    "vnd",
    "đ",
    "lượt cử tri",
    "lượt người",
    "lượt cán bộ",
    "lượt hội viên",
    "lượt đoàn viên",
    "lượt",
    "cuộc",
    "hội nghị",
    "buổi",
    "lớp",
    "đợt",
    "lần",
    "phiên",
    "nhà",
    "căn nhà",
    "ngôi nhà",
    "nhà đại đoàn kết",
    "nhà tình nghĩa",
    "công trình",
    "phần việc",
    "mô hình",
    "câu lạc bộ",
    "clb",
    "tổ",
    "nhóm",
    "đội",
    "tổ chức",
    "cơ sở",
    "điểm",
    "vụ việc",
    "vụ",
    "việc",
    "ý kiến",
    "kiến nghị",
    "đơn",
    "đơn thư",
    "trường hợp",
    "đoàn viên",
    "hội viên",
    "thành viên",
    "cán bộ",
    "học sinh",
    "sinh viên",
    "lao động",
    "tổ dân phố",
    "thôn",
    "khu dân cư",
    "chi hội",
    "tổ hội",
    "chi đoàn",
    "doanh nghiệp",
    "hợp tác xã",
    "tin",
    "bài",
    "tin, bài",
    "tài liệu",
    "văn bản",
    "sáng kiến",
    "ngày công",
    "chỉ tiêu",
    "tiêu chí",
    "tấn",
    "kg",
    "ha",
    "m2",
    "m²",
    "km",
    "m",
    "con",
    "cây",
    "%",
)

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_MONEY_UNITS = {"đồng", "vnđ", "vnd", "đ"}
_QUALIFIERS = ("trên", "hơn", "gần", "khoảng", "dưới")

# Words that make the number after them a reference, not a result.
_NOT_RESULT_BEFORE = re.compile(
    r"(?:\b(?:(?<!tổng )số|năm|tháng|ngày|khóa|khoá|kỳ|quý|điều|khoản|điểm|chương|mục|phần|tiết|thứ|"
    r"giai đoạn|nhiệm kỳ|nghị định|quyết định|thông tư|chỉ thị|nghị quyết|kết luận|công văn|"
    r"thông báo|kế hoạch|hướng dẫn|quy định|luật|tổ|khu|phường|đường|phố|ngõ|hẻm|trang|lần thứ|"
    r"mẫu|phụ lục|bảng|biểu|hình|đợt|lớp|khối|từ|đến)\s*)$",
    re.IGNORECASE,
)
# Units that follow a number without it being a result count ("60 tuổi", "8 giờ").
_NOT_RESULT_AFTER = re.compile(r"^\s*(?:tuổi|giờ|phút|h\b|tháng|năm|ngày|tuần|kỳ)", re.IGNORECASE)

_NUM_RE = re.compile(rf"(?<![\w.,/\-–])(?P<num>{NUMBER_PATTERN})(?![\d])")
_AFTER_RE = re.compile(
    rf"""^(?P<ratio>\s*/\s*(?P<den>{NUMBER_PATTERN})(?![\d/]))?
        (?P<scale>\s*{SCALE_PATTERN}(?:\s+{SCALE_PATTERN})*(?![^\W\d_]))?
        (?P<unit>\s*(?:{_UNIT_ALT})(?![^\W\d_]))?""",
    re.IGNORECASE | re.VERBOSE,
)
# "4.114 ha/4.114 ha": a plan/actual pair written unit by unit.
_PAIR_RE = re.compile(rf"^\s*/\s*(?P<den>{NUMBER_PATTERN})\s*(?P<unit>{_UNIT_ALT})(?![^\W\d_])", re.IGNORECASE)
_TARGET_REF_RE = re.compile(
    r"^\s*(?:so với\s+)?(?:kế hoạch|chỉ tiêu(?:\s+(?:được\s+)?giao)?|kh\b)(?:\s+(?:năm|đề ra|được giao|giao))?",
    re.IGNORECASE,
)
_QUAL_RE = re.compile(
    r"(?:(?<!\w)(?P<dat>đạt)\s+)?(?:(?<!\w)(?P<q>trên|hơn|gần|khoảng|dưới)\s+)?$",
    re.IGNORECASE,
)
# "cấp trên 50 triệu đồng": "trên" belongs to "cấp trên" (the level above), not to the number.
_TREN_NOUNS = re.compile(r"\b(?:cấp|phía|bên|ở|nói|nêu|kể)\s*$", re.IGNORECASE)


@dataclass
class _Raw:
    start: int
    end: int
    value: int | float
    unit: str
    qualifier: str | None
    target: int | float | None
    percent_of_target: bool


def split_clauses(paragraph: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a paragraph: cut at ";", ":" and at ". " before a capital.

    The last clause keeps the paragraph's final punctuation; the cuts drop theirs.
    """
    spans = []
    start = 0
    for m in re.finditer(r"[;:]\s+|\.\s+", paragraph):
        if m.group().startswith("."):
            nxt = paragraph[m.end() : m.end() + 1]
            if not (nxt.isupper() or nxt in '“"('):
                continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return [(a, b) for a, b in spans if paragraph[a:b].strip()]


def find_figures(clause: str, unplaced: list[str] | None = None) -> list[_Raw]:
    """Figures in one clause, in order. Numbers without a unit go to ``unplaced``."""
    found: list[_Raw] = []
    for m in _NUM_RE.finditer(clause):
        before = clause[: m.start()]
        after = clause[m.end() :]
        # Dates, document numbers, terms and ranges: "08/12/2009", "62-KL/TW", "2025-2030".
        if (
            re.match(r"^(?:/\d+/|[-–]\s*[\w/]|\.\d)", after)
            or before.endswith(("(", "["))
            and after.startswith((")", "]"))
        ):
            continue
        if re.match(r"^/\d+\s*/", after):
            continue
        if _NOT_RESULT_BEFORE.search(modern_tones(before)) or _NOT_RESULT_AFTER.match(after):
            continue
        am = _AFTER_RE.match(after)
        unit_text = (am.group("unit") or "").strip() if am else ""
        scale_text = (am.group("scale") or "").strip() if am else ""
        end = m.end() + (am.end() if am else 0)
        if not unit_text and not scale_text:
            if unplaced is not None and not re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
                unplaced.append(m.group("num"))
            continue
        try:
            value = read_decimal(m.group("num"))
        except ValueError:
            continue
        for word in re.findall(SCALE_PATTERN, scale_text, flags=re.IGNORECASE):
            value *= SCALES[word.lower()]
        unit = unit_text.lower() if unit_text else "đồng"
        if unit in _MONEY_UNITS:
            unit = "đồng"
        target = None
        if am and am.group("ratio"):
            target = read_decimal(am.group("den"))
        else:
            pair = _PAIR_RE.match(clause[end:])
            if pair and pair.group("unit").lower() == unit_text.lower():
                target = read_decimal(pair.group("den"))
                end += pair.end()
        percent_of_target = False
        if unit == "%":
            ref = _TARGET_REF_RE.match(clause[end:])
            if ref:
                percent_of_target = True
                end += ref.end()
        start = m.start()
        qualifier = None
        qm = _QUAL_RE.search(before)
        if qm and (qm.group("q") or qm.group("dat")):
            q_start = qm.start("q") if qm.group("q") else None
            if qm.group("q") and qm.group("q").lower() == "trên" and _TREN_NOUNS.search(before[:q_start]):
                qm_dat = None  # "cấp trên": not a qualifier (and "đạt" cannot precede it here)
                q_start = None
            else:
                qm_dat = qm.group("dat")
            if q_start is not None:
                qualifier = qm.group("q").lower()
                start = q_start
            elif qm_dat:
                qualifier = "đạt"
                start = qm.start("dat")
        found.append(
            _Raw(
                start=start,
                end=end,
                value=to_plain(value),
                unit=unit,
                qualifier=qualifier,
                target=to_plain(target) if target is not None else None,
                percent_of_target=percent_of_target,
            )
        )
    return found


def _keyword_hits(sentence: str, keyword: str) -> list[tuple[int, int]]:
    pattern = r"(?<![^\W\d_])" + re.escape(keyword.lower()) + r"(?![^\W\d_])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, sentence)]


def match_indicator(figure: Figure, start: int, end: int, indicators: list[Indicator]) -> str | None:
    """The catalogue indicator whose unit fits and whose keyword stands nearest the figure.

    Keywords before the figure (what was done) weigh more than those after it, which often
    belong to the next figure of the same clause.
    """
    sentence = modern_tones(figure.sentence).lower()
    best, best_score = None, None
    for ind in indicators:
        if not (ind.unit == figure.unit or figure.unit in [u.strip() for u in ind.unit.split(",")]):
            continue
        for kw in ind.keywords:
            for k_start, k_end in _keyword_hits(sentence, modern_tones(kw)):
                if k_end <= start:
                    distance = start - k_end
                elif k_start >= end:
                    distance = (k_start - end) * 1.5 + 0.5
                else:
                    distance = 0
                score = (distance, ind.task_area != figure.task_area)
                if best_score is None or score < best_score:
                    best, best_score = ind.code, score
    return best


def extract_figures(blocks: list[Block], indicators: list[Indicator], warnings: list[str]) -> list[Figure]:
    figures: list[Figure] = []
    for block in blocks:
        if block.section not in ("context", "dissemination", "results"):
            continue
        task_area = block.sub if block.section in ("dissemination", "results") else None
        para = block.text
        for c_start, c_end in split_clauses(para):
            sentence = para[c_start:c_end].strip()
            unplaced: list[str] = []
            for raw in find_figures(sentence, unplaced):
                fig = Figure(
                    value=raw.value,
                    unit=raw.unit,
                    qualifier=raw.qualifier,
                    text=sentence[raw.start : raw.end].strip(),
                    sentence=sentence,
                    task_area=task_area,
                    target=raw.target,
                    percent_of_target=raw.percent_of_target,
                )
                fig.indicator = match_indicator(fig, raw.start, raw.end, indicators)
                figures.append(fig)
            for num in unplaced:
                warnings.append(
                    f"Số «{num}» trong câu «{_short(sentence)}» không rõ đơn vị, không được lấy làm số liệu."
                )
    return figures


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
