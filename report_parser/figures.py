"""Figures: "qualifier? number scale? unit" spans in the narrative sections.

A number is a result only when a known unit follows it. Document numbers (62-KL/TW), dates
(08/12/2009), terms (2025-2030), years ("năm 2025"), legal references ("Điều 5") and
ordinals are recognised by their shape or the word before them and skipped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from .catalogue import Indicator
from .model import Figure
from .numbers import NUMBER_PATTERN, SCALE_PATTERN, read_decimal, scaled, to_plain
from .sections import Block
from .text import UPPER, modern_tones

__all__ = ["extract_figures", "find_figures", "UNITS", "split_clauses"]

# Units as written after a number; the longest match wins ("lượt cử tri" over "lượt").
# The list is closed on purpose: a number counts as a result only before a noun that names
# something a report counts (people, households, money, documents, events, areas...), so that
# numerals inside names ("27 biểu hiện", "“03 giảm”", "cơn bão số 10") stay out.
UNITS: tuple[str, ...] = (
    # Party, Front and mass organisations and their members
    "chi bộ, đảng bộ",
    "đảng bộ, chi bộ",
    "chi bộ",
    "đảng bộ",
    "đảng viên",
    "đảng viên mới",
    "đồng chí",
    "đoàn viên",
    "hội viên",
    "thành viên",
    "cán bộ",
    "công chức",
    "viên chức",
    "đại biểu",
    "cử tri",
    "tập thể",
    "cá nhân",
    "chi hội",
    "tổ hội",
    "chi đoàn",
    "tổ chức",
    "tổ chức cơ sở đảng",
    "cơ sở",
    # people and households
    "hộ",
    "hộ gia đình",
    "hộ nghèo",
    "hộ cận nghèo",
    "gia đình",
    "nhân khẩu",
    "khẩu",
    "người",
    "người dân",
    "lao động",
    "học sinh",
    "sinh viên",
    "thanh niên",
    "trẻ em",
    "cháu",
    "em",
    "bệnh nhân",
    "đối tượng",
    "trường hợp",
    # gifts, support and money
    "suất quà",
    "phần quà",
    "suất",
    "xuất quà",
    "quà",
    "sổ tiết kiệm",
    "thẻ bảo hiểm y tế",
    "thẻ bhyt",
    "học bổng",
    "xe lăn",
    "xe đạp",
    "con bò",
    "con",
    "đồng",
    "vnđ",
    "vnd",
    "đ",
    # attendances, events and activities
    "lượt",
    "lượt cử tri",
    "lượt người",
    "lượt cán bộ",
    "lượt hội viên",
    "lượt đoàn viên",
    "cuộc",
    "hội nghị",
    "hội thi",
    "buổi",
    "lớp",
    "đợt",
    "lần",
    "phiên",
    "chuyến",
    "ngày công",
    "giờ công",
    "chương trình",
    "dự án",
    "phong trào",
    "chuyên đề",
    # houses and works
    "nhà",
    "căn",
    "căn nhà",
    "ngôi nhà",
    "nhà đại đoàn kết",
    "nhà tình nghĩa",
    "căn nhà đại đoàn kết",
    "căn nhà tình nghĩa",
    "căn nhà tình thương",
    "nhà tình thương",
    "gia đình văn hóa",
    "gia đình chính sách",
    "gia đình thể thao",
    "nhà văn hóa",
    "công trình",
    "phần việc",
    "mô hình",
    "câu lạc bộ",
    "clb",
    "điểm",
    "tuyến",
    "tuyến đường",
    "giếng",
    "bóng đèn",
    "camera",
    # organisation units and places
    "tổ",
    "nhóm",
    "đội",
    "tổ dân phố",
    "thôn",
    "khu dân cư",
    "khu phố",
    "ấp",
    "bản",
    "xã",
    "phường",
    "doanh nghiệp",
    "hợp tác xã",
    "cơ quan",
    "đơn vị",
    "trường",
    # cases and opinions
    "vụ việc",
    "vụ",
    "việc",
    "ý kiến",
    "kiến nghị",
    "đơn",
    "đơn thư",
    "sáng kiến",
    # documents
    "tin",
    "bài",
    "tin, bài",
    "tài liệu",
    "văn bản",
    "kế hoạch",
    "hướng dẫn",
    "quyết định",
    "thông báo",
    "nghị quyết",
    "chỉ thị",
    "báo cáo",
    "tờ rơi",
    "khẩu hiệu",
    "pano",
    "băng rôn",
    # plans and criteria
    "chỉ tiêu",
    "tiêu chí",
    "nhiệm vụ",
    # more things reports count: gifts and goods, people, awards, works
    "chiếc",
    "bộ",
    "cuốn",
    "quyển",
    "đầu sách",
    "bao",
    "thùng",
    "phần",
    "tấm",
    "lít",
    "cặp",
    "người cao tuổi",
    "phụ nữ",
    "cựu chiến binh",
    "nông dân",
    "thiếu nhi",
    "đội viên",
    "học viên",
    "giáo viên",
    "chức sắc",
    "tín đồ",
    "người có uy tín",
    "gương",
    "điển hình",
    "giải",
    "huy chương",
    "bằng khen",
    "giấy khen",
    "cờ thi đua",
    "danh hiệu",
    "sản phẩm",
    "hộ kinh doanh",
    "phòng",
    "phòng học",
    "trạm",
    "cầu",
    "cống",
    "tiết mục",
    "câu hỏi",
    "lượt phát biểu",
    "phần trăm",
    "ca",
    "phiếu",
    "hồ sơ",
    "thủ tục",
    "xe",
    "máy",
    "bình",
    "cột",
    "hội trường",
    "sân",
    "tàu",
    "thuyền",
    "gói",
    "túi",
    "thẻ",
    "sổ",
    "khách",
    "lượt khách",
    "usd",
    "mét",
    # measures
    "tấn",
    "tạ",
    "kg",
    "ha",
    "m2",
    "m²",
    "m3",
    "km",
    "m",
    "cây",
    "%0",
    "‰",
    "%",
)

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_MONEY_UNITS = {"đồng", "vnđ", "vnd", "đ"}
# "per" parts of a rate: "36 triệu đồng/người/năm", "đồng/căn", "10 đảng viên trở lên/năm".
_PER_ALT = r"người|năm|tháng|quý|tuần|ngày|hộ|căn|nhà|ha|khẩu|lao động|hội viên|đảng viên|suất|lượt|con|m2|km|tấn|sào"

# Words that make the number after them a reference, not a result: document and legal
# references, dates and periods, ordinals and ranks, addresses, page and table numbers.
_NOT_RESULT_BEFORE = re.compile(
    r"(?:\b(?:(?<!tổng )số|(?<!hằng )(?<!hàng )(?<!mỗi )tháng|ngày|khóa|khoá|"
    r"kỳ|quý|điều|khoản|điểm|chương|mục|phần|tiết|thứ|"
    r"giai đoạn|nhiệm kỳ|nghị định|quyết định|thông tư|chỉ thị|nghị quyết|kết luận|công văn|"
    r"thông báo|kế hoạch|hướng dẫn|quy định|luật|đề án|tổ|khu|phường|quận|đường|phố|ngõ|hẻm|trang|lần thứ|"
    r"mẫu|phụ lục|bảng|biểu|hình|ảnh|đợt|lớp|khối|bão|trường|đoàn|nq|kl|ct|tb|qđ|nđ|tw)\s*)$",
    re.IGNORECASE,
)
# "năm 2025": a year; "trong năm 10.655.459.443 đồng" is an amount of the year.
_YEAR_BEFORE = re.compile(r"\bnăm\s*$", re.IGNORECASE)
_YEARLIKE = re.compile(r"(?:1[89]|2[01])\d\d")
# Units that follow a number without it being a result count ("60 tuổi", "8 giờ", "5 năm").
_NOT_RESULT_AFTER = re.compile(
    r"^\s*(?:tuổi|giờ(?! công)|phút|giây|h\b|tháng|năm|ngày(?! công)|tuần|kỳ|thế kỷ)", re.IGNORECASE
)

# The window of text looked at around a number: bounded, so reading is linear in the length
# of a paragraph however many numbers it holds.
_BEFORE = 60
_AFTER = 120

_NUM_RE = re.compile(
    # "97.9%", "1.5 tỷ", "4.5 km": a decimal point written by mistake, read as written when a
    # unit or scale word follows (a thousands group has exactly three digits after its dot)
    rf"(?<![\w.,/\-–])(?P<num>\d{{1,3}}\.\d{{1,2}}(?=\s*(?:%|(?:{SCALE_PATTERN}|{_UNIT_ALT})(?![^\W\d_])))"
    rf"|{NUMBER_PATTERN})(?![\d])",
    re.IGNORECASE,
)
_NUM_ONLY = rf"(?:{NUMBER_PATTERN})(?![\d])"
_SCALE_PART = rf"\s*{SCALE_PATTERN}(?:\s+{SCALE_PATTERN})*(?![^\W\d_])"
_UNIT_PART = rf"\s*(?:{_UNIT_ALT})(?![^\W\d_])"
_AFTER_RE = re.compile(
    rf"""^(?:(?P<range>\s*[-–]\s*(?P<hi>{_NUM_ONLY}))|(?P<ratio>\s*/\s*(?P<den>{_NUM_ONLY})(?![/]|\.\d)))?
        (?P<scale>{_SCALE_PART})?
        (?P<unit>{_UNIT_PART})?""",
    re.IGNORECASE | re.VERBOSE,
)
# "4.114 ha/4.114 ha", "90,72 tỷ đồng/165,5 tỷ đồng": a plan/actual pair written unit by unit.
_PAIR_RE = re.compile(
    rf"^\s*/\s*(?P<den>{_NUM_ONLY})(?P<scale>{_SCALE_PART})?\s*(?P<unit>{_UNIT_ALT})(?![^\W\d_])", re.IGNORECASE
)
_THING_AFTER_LUOT_RE = re.compile(
    r"^\s*(hộ|ý kiến|người|cán bộ|hội viên|đoàn viên|đảng viên|cử tri|phát biểu|học sinh|khách|xe|gia đình|"
    r"thanh niên|phụ nữ|lao động|đối tượng|trẻ em|em|bệnh nhân|tình nguyện viên)(?![^\W\d_])",
    re.IGNORECASE,
)
# "hằng năm", "mỗi năm", "bình quân năm" shortly before a figure: a yearly rate, unless a
# number stands between them. Only the window before the figure is looked at.
_YEARLY_BEFORE_RE = re.compile(r"\b(?:hằng|hàng|mỗi|bình quân)\s+năm\b[^\d;:]{0,30}$", re.IGNORECASE)
_TRO_LEN_RE = re.compile(r"^\s*trở lên", re.IGNORECASE)
_PER_RE = re.compile(rf"^(?:\s*/\s*(?:{_PER_ALT})(?![^\W\d_]))+", re.IGNORECASE)
_TARGET_REF_RE = re.compile(
    r"^\s*(?:so với\s+)?(?:kế hoạch|chỉ tiêu(?:\s+(?:được\s+)?giao)?|kh\b|dự toán)(?:\s+(?:năm|đề ra|được giao|giao))?",
    re.IGNORECASE,
)
# Qualifiers written before a number, longest first ("đạt và vượt" before "đạt").
_QUAL_RE = re.compile(
    r"(?:(?<!\w)(?P<dat>đạt và vượt|ước đạt|ước|hoàn thành|đạt|được|ít nhất|tối thiểu)\s+)?"
    r"(?:(?<!\w)(?P<q>trên|hơn|gần|khoảng|dưới|vượt|từ|ít nhất|tối thiểu)\s+)?$",
    re.IGNORECASE,
)
# "cấp trên 50 triệu đồng": "trên" belongs to "cấp trên" (the level above), not to the number.
_TREN_NOUNS = re.compile(r"\b(?:cấp|phía|bên|ở|nói|nêu|kể)\s*$", re.IGNORECASE)
# A year glued to the count that follows it ("năm 2020230 hộ" = năm 2020: 230 hộ).
_GLUED_YEAR_RE = re.compile(r"^(?:19|20)\d\d(?P<rest>\d{1,4})$")


@dataclass
class _Raw:
    start: int
    end: int
    value: int | float
    unit: str
    qualifier: str | None
    target: int | float | None
    percent_of_target: bool
    value_max: int | float | None = None


def split_clauses(paragraph: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a paragraph: cut at ";", ":" and at ". " before a capital.

    The last clause keeps the paragraph's final punctuation; the cuts drop theirs.
    """
    spans = []
    start = 0
    for m in re.finditer(rf"[;:]\s+|\.\s+|…(?=\s*{UPPER})", paragraph):
        if m.group().startswith("."):
            nxt = paragraph[m.end() : m.end() + 1]
            if not (nxt.isupper() or nxt in '“"('):
                continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return [(a, b) for a, b in spans if paragraph[a:b].strip()]


def _is_period_ratio(value: str, den: str) -> bool:
    """ "quý 1/2022", "tháng 3/2022", "27/32023": a period or a malformed date, not x of y.

    A bare four-digit (or longer) denominator starting like a year, or under a day number,
    is read as a date; grouped ("40.000") or decimal denominators stay quantities.
    """
    if "," in den or "." in den or len(den) < 4:
        return False
    return den[:2] in ("19", "20") or ("," not in value and int(value.replace(".", "")) <= 31)


def _unit_of(unit_text: str) -> str:
    """The unit a figure is stored in: "phần trăm" is "%", every money word "đồng"."""
    unit = unit_text.lower() if unit_text else "đồng"
    if unit == "phần trăm":
        unit = "%"
    if unit in _MONEY_UNITS:
        unit = "đồng"
    if unit in ("%0", "‰"):
        unit = "‰"
    return unit


def _unit_on_both_ends(clause: str, end: int, unit_text: str, value: float):
    """"10% - 12%": (the high end, where the figure now ends) of a range written with its unit
    on both ends; (None, end) when the text goes on otherwise."""
    both = re.match(
        rf"^\s*[-–]\s*(?P<hi>{_NUM_ONLY})\s*(?P<unit>{_UNIT_ALT})(?![^\W\d_])",
        clause[end : end + 40],
        re.IGNORECASE,
    )
    if both and both.group("unit").lower() == unit_text.lower():
        try:
            top = read_decimal(both.group("hi"))
        except ValueError:
            top = None
        if top is not None and top > value:
            return top, end + both.end()
    return None, end


def _qualifier(before: str, number_start: int) -> tuple[str | None, int]:
    """(the qualifier written before a number: "trên", "gần", "ước đạt" …, or None; where the
    figure, its qualifier included, starts)."""
    start = number_start
    qualifier = None
    qm = _QUAL_RE.search(before)
    if qm and (qm.group("q") or qm.group("dat")):
        q, dat = qm.group("q"), qm.group("dat")
        q_start = qm.start("q") if q else None
        if q and q.lower() == "trên" and _TREN_NOUNS.search(before[:q_start]):
            q = dat = None  # "cấp trên": not a qualifier (and "đạt" cannot precede it here)
        if q:
            qualifier = q.lower()
            start = number_start - len(before) + q_start
            if dat and dat.lower() in ("ít nhất", "tối thiểu"):
                qualifier = dat.lower()
        elif dat and dat.lower() != "được":
            qualifier = dat.lower()
            start = number_start - len(before) + qm.start("dat")
        if qualifier in ("ước", "ít nhất"):
            qualifier = {"ước": "ước đạt"}.get(qualifier, qualifier)
    return qualifier, start


def find_figures(clause: str, unplaced: list[str] | None = None) -> list[_Raw]:
    """Figures in one clause, in order. Numbers without a unit go to ``unplaced``."""
    found: list[_Raw] = []
    consumed = 0
    for m in _NUM_RE.finditer(clause):
        if m.start() < consumed:
            continue  # the high end of a range or the denominator of a pair already read
        before = clause[max(0, m.start() - _BEFORE) : m.start()]
        after = clause[m.end() : m.end() + _AFTER]
        num = _number_to_read(m.group("num"), before, after)
        if num is None:
            continue
        am = _AFTER_RE.match(after)
        unit_text = (am.group("unit") or "").strip() if am else ""
        scale_text = (am.group("scale") or "").strip() if am else ""
        if not unit_text and not scale_text:
            if unplaced is not None and not re.fullmatch(r"(?:19|20)\d\d", num):
                unplaced.append(num)
            continue
        end = m.end() + am.end()
        if am.group("ratio") and _is_period_ratio(num, am.group("den")):
            continue
        try:
            value = read_decimal(num)
            high = read_decimal(am.group("hi")) if am.group("range") else None
        except ValueError:
            continue
        if high is not None and high <= value:
            continue  # "2020-2025" is caught above; "5-3" is not a range
        value = scaled(value, scale_text)
        high = scaled(high, scale_text) if high is not None else None
        # "1.245 lượt xem": a portal's view counter, not a count of the report
        if unit_text.lower() == "lượt" and re.match(r"^\s*(?:xem|truy cập|thích|chia sẻ|bình luận)", after[am.end() :]):
            continue
        target, end = _denominator(clause, end, am, unit_text, scale_text)
        # "10% - 12%": a range written with its unit on both ends
        if high is None and unit_text and not am.group("ratio"):
            high, end = _unit_on_both_ends(clause, end, unit_text, value)
        tail = _unit_tail(clause, end, _unit_of(unit_text), before)
        qualifier, start = _qualifier(before, m.start())
        if tail.at_least:
            # "từ … trở lên" frames the number; "đạt 85% trở lên" is a threshold, not a reading
            qualifier = "từ … trở lên" if qualifier == "từ" else "trở lên" if qualifier in (None, "đạt") else qualifier
        consumed = tail.end
        found.append(
            _Raw(
                start=start,
                end=tail.end,
                value=to_plain(value),
                unit=tail.unit,
                qualifier=qualifier,
                target=to_plain(target) if target is not None else None,
                percent_of_target=tail.percent_of_target,
                value_max=to_plain(high) if high is not None else None,
            )
        )
    return found


def _number_to_read(num: str, before: str, after: str) -> str | None:
    """The digits to read as a figure (a year glued to the count after it dropped), or None
    when they are a date, a document number, an identifier, a year or another number that is
    not a result."""
    # Dates and document numbers: "08/12/2009", "62-KL/TW", "V/2023", "(1)" markers.
    if re.match(r"^(?:/\d+\s*/|[-–]\s*[^\W\d_]|[-–]\s*\d+\s*/|\.\d|:\d|[^\W\d_]{1,3}\d+[^\W\d_])", after) or (
        before.endswith(("(", "[")) and after.startswith((")", "]"))
    ):
        return None
    # Image-file and identifier noise: a digit run glued to letters ("z3305079155552").
    if re.search(r"[^\W\d_]$", before):
        return None
    tones = modern_tones(before)
    glued = _GLUED_YEAR_RE.match(num) if re.search(r"\bnăm\s*$", tones, re.IGNORECASE) else None
    if glued:
        return glued.group("rest")
    if _NOT_RESULT_BEFORE.search(tones) or _NOT_RESULT_AFTER.match(after) or (
        _YEAR_BEFORE.search(tones) and _YEARLIKE.fullmatch(num)
    ):
        return None
    return num


def _denominator(clause: str, end: int, am: re.Match, unit_text: str, scale_text: str) -> tuple[Decimal | None, int]:
    """(the "of y" of "x/y" or "x hộ/y hộ", where the figure now ends); (None, end) without one."""
    if am.group("ratio"):
        return scaled(read_decimal(am.group("den")), scale_text), end
    pair = _PAIR_RE.match(clause[end : end + _AFTER])
    if pair and (pair.group("unit").lower() == unit_text.lower() or (not unit_text and pair.group("scale"))):
        return scaled(read_decimal(pair.group("den")), pair.group("scale") or ""), end + pair.end()
    return None, end


class _Tail(NamedTuple):
    unit: str  # the unit, with what the words after the number add to it ("lượt hộ", "%/năm")
    end: int  # where the figure now ends
    at_least: bool  # "… trở lên" followed
    percent_of_target: bool  # "đạt 95% chỉ tiêu", "% kế hoạch"


def _unit_tail(clause: str, end: int, unit: str, before: str) -> _Tail:
    """What the words after a figure's unit add: the thing counted after "lượt", "trở lên",
    a rate ("/năm", "/người") or "hằng năm" before it, "% chỉ tiêu"."""
    # "lượt hộ", "lượt ý kiến": attendances or times of the thing counted after "lượt"
    if unit == "lượt":
        thing = _THING_AFTER_LUOT_RE.match(clause[end : end + 40])
        if thing:
            unit = "lượt " + thing.group(1).lower()
            end += thing.end()
    tro_len = _TRO_LEN_RE.match(clause[end : end + 20])
    if tro_len:
        end += tro_len.end()
    per = _PER_RE.match(clause[end : end + 60])
    if per:
        unit += re.sub(r"\s+", "", per.group()).lower()
        end += per.end()
    elif _YEARLY_BEFORE_RE.search(modern_tones(before[-45:])) and not (
        unit == "%" and _TARGET_REF_RE.match(clause[end : end + 60])
    ):  # "hằng năm đạt 100% chỉ tiêu" is a share of the year's quota, not a yearly rate
        unit += "/năm"  # "tăng bình quân hằng năm 10-12%", "mỗi năm kết nạp 10 hội viên"
    percent_of_target = False
    if unit == "%":
        ref = _TARGET_REF_RE.match(clause[end : end + 60])
        if ref:
            percent_of_target = True
            end += ref.end()
    return _Tail(unit, end, bool(tro_len), percent_of_target)


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


# Words that make a figure a plan, target or projection rather than a result. They act on the
# figures after them in the same clause ("phấn đấu … trên 10%", "(mục tiêu đại hội là 90%)",
# "dự kiến … sẽ đạt 12/12 chỉ tiêu").
_TARGET_CUE_RE = re.compile(
    r"phấn đấu|mục tiêu|dự kiến|chỉ tiêu chủ yếu|chỉ tiêu nhiệm kỳ|nhiệm kỳ tới|nhiệm kỳ mới|sẽ đạt|"
    r"kế hoạch năm \d{4}|định hướng|giao chỉ tiêu|thời gian tới|đề ra(?= \S+ (?:chỉ tiêu|mục tiêu))",
    re.IGNORECASE,
)
# "15 chỉ tiêu chủ yếu cho nhiệm kỳ 2020 – 2025": what follows the count makes it a target.
_TARGET_AFTER_RE = re.compile(r"^\s*(?:chủ yếu|cho nhiệm kỳ|nhiệm kỳ (?:tới|mới)|phấn đấu)", re.IGNORECASE)
# A first clause that opens a list of targets ("Nhiệm kỳ tới, … đề ra 11 chỉ tiêu, trong đó:",
# "nghị quyết nhiệm kỳ mới với một số chỉ tiêu chủ yếu …;"): the list's figures are targets too.
_TARGET_LIST_CUE_RE = re.compile(
    r"phấn đấu|chỉ tiêu chủ yếu|chỉ tiêu nhiệm kỳ|nhiệm kỳ tới|nhiệm kỳ mới|thời gian tới|mục tiêu.*:\s*$",
    re.IGNORECASE,
)
# "nỗ lực phấn đấu", "tinh thần phấn đấu": a noun of effort, not a target.
_NOT_TARGET_RE = re.compile(r"(?:nỗ lực|tinh thần|sự)\s+phấn đấu", re.IGNORECASE)

# Output bounds: a hostile or broken text must not turn a few KB into megabytes of JSON.
MAX_FIGURES = 1000
MAX_UNPLACED_WARNINGS = 30
MAX_SENTENCE = 400


def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans: cut at ". ", "! ", "? " before a capital and at "…" before a capital."""
    spans, start = [], 0
    for m in re.finditer(rf"[.!?]\s+(?=(?:{UPPER}|[“\"(]))|…\s*(?={UPPER})", paragraph):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return spans


def _is_target_cue(text: str) -> bool:
    cue = _TARGET_CUE_RE.search(text)
    return bool(cue) and not _NOT_TARGET_RE.search(text[max(0, cue.start() - 12) : cue.end()])


def _window(sentence: str, start: int, end: int) -> tuple[str, int]:
    """The clause, or a window of it around the figure when the clause is very long."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence, 0
    lo = max(0, start - MAX_SENTENCE // 2)
    hi = min(len(sentence), max(end, lo + MAX_SENTENCE))
    return sentence[lo:hi], lo


def extract_figures(
    blocks: list[Block], indicators: list[Indicator], warnings: list[str], *, target_sections=("tasks",)
) -> list[Figure]:
    """Figures of every body paragraph, whatever section it stands in.

    The task area comes from a recognised section III (or II) subsection and stays None
    elsewhere; figures in the tasks section, or after a target cue, are flagged ``is_target``.
    """
    figures: list[Figure] = []
    unplaced_count = 0
    dropped = 0
    for block in blocks:
        task_area = block.sub if block.section in ("dissemination", "results") else None
        para = block.body  # without its list marker: "1. Tiếp tục …" holds no figure "1"
        sentence_starts = [a for a, _ in _sentences(para)]
        clauses = split_clauses(para)
        clause_starts = [a for a, _ in clauses]
        for c_start, c_end in clauses:
            clause_raw = para[c_start:c_end]
            lead = len(clause_raw) - len(clause_raw.lstrip())
            sentence = clause_raw.strip()
            # the sentence holding this clause, and that sentence's first clause (bisect: linear
            # overall however many sentences and clauses a paragraph has)
            s_start = sentence_starts[max(0, bisect.bisect_right(sentence_starts, c_start + lead) - 1)]
            first = clauses[min(len(clauses) - 1, bisect.bisect_left(clause_starts, s_start))]
            list_target = (
                s_start < c_start
                and first[0] < c_start
                and bool(_TARGET_LIST_CUE_RE.search(para[first[0] : first[1] + 2]))
                and not _NOT_TARGET_RE.search(para[s_start : first[1]])
            )
            unplaced: list[str] = []
            for raw in find_figures(sentence, unplaced):
                if len(figures) >= MAX_FIGURES:
                    dropped += 1
                    continue
                shown, offset = _window(sentence, raw.start, raw.end)
                fig = Figure(
                    value=raw.value,
                    unit=raw.unit,
                    qualifier=raw.qualifier,
                    text=sentence[raw.start : raw.end].strip(),
                    sentence=shown,
                    task_area=task_area,
                    target=raw.target,
                    percent_of_target=raw.percent_of_target,
                    value_max=raw.value_max,
                    is_target=(
                        block.section in target_sections
                        or list_target
                        or _is_target_cue(sentence[max(0, raw.start - 150) : raw.start + 1])
                        or bool(_TARGET_AFTER_RE.match(sentence[raw.end : raw.end + 40]))
                    ),
                )
                fig.indicator = match_indicator(fig, raw.start - offset, raw.end - offset, indicators)
                figures.append(fig)
            for num in unplaced:
                unplaced_count += 1
                if unplaced_count <= MAX_UNPLACED_WARNINGS:
                    warnings.append(
                        f"Số «{num}» trong câu «{_short(sentence)}» không rõ đơn vị, không được lấy làm số liệu."
                    )
    if unplaced_count > MAX_UNPLACED_WARNINGS:
        warnings.append(
            f"Còn {unplaced_count - MAX_UNPLACED_WARNINGS} số khác không rõ đơn vị, không được lấy làm số liệu."
        )
    if dropped:
        warnings.append(
            f"Văn bản có quá nhiều số liệu: chỉ lấy {MAX_FIGURES} số liệu đầu tiên, bỏ qua {dropped} số liệu còn lại."
        )
    return figures


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
