"""Finding the report's skeleton: which section and subsection each paragraph stands in.

Headings vary a lot between reports ("I." / "I-" / "A/-" / "1/." / "1.1." / a bare "ƯU ĐIỂM"
line / markdown debris), so a heading is recognised by what its words say, not by its
numbering, and sections only move forward through the genre's fixed order. Numbering only
tells a heading from a list item where the words alone cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

__all__ = ["Block", "Skeleton", "segment", "SECTION_ORDER"]

# The genre's order; a heading can only move the reader forward in it.
SECTION_ORDER = {
    "preamble": 0,
    "context": 1,
    "dissemination": 2,
    "results": 3,
    "assessment": 4,
    "tasks": 5,
    "recommendations": 6,
    "closing": 7,
}

_TOP_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("context", ("boi canh", "tinh hinh", "dac diem tinh hinh", "dac diem")),
    (
        "dissemination",
        (
            "cong tac quan triet",
            "quan triet",
            "cong tac pho bien",
            "cong tac tuyen truyen",
            "tuyen truyen",
            "cong tac lanh dao, chi dao",
            "cong tac lanh dao chi dao",
            "lanh dao, chi dao",
            "cong tac trien khai",
            "cong tac to chuc thuc hien",
            "to chuc thuc hien",
        ),
    ),
    ("results", ("ket qua",)),
    ("assessment", ("danh gia chung", "danh gia")),
    ("tasks", ("nhiem vu", "phuong huong", "giai phap", "muc tieu")),
    ("recommendations", ("kien nghi", "de xuat", "de nghi")),
]

# Subsections of IV (assessment): kind by the words the heading starts with.
_ASSESSMENT_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("lesson", ("bai hoc", "kinh nghiem")),
    ("cause", ("nguyen nhan",)),
    ("strength", ("uu diem", "mat manh", "mat duoc", "ket qua dat duoc")),
    ("limitation", ("han che", "ton tai", "khuyet diem", "yeu kem", "mat han che", "mat ton tai")),
]

_DISSEMINATION_AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("dissemination", ("quan triet", "tuyen truyen", "pho bien", "xay dung ke hoach", "cu the hoa")),
    ("inspection", ("kiem tra", "giam sat", "so ket", "danh gia ket qua")),
]

# Section III follows the conclusion's seven points, in this order.
RESULT_AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("awareness", ("nhan thuc", "vai tro, trach nhiem", "vai tro trach nhiem")),
    ("campaigns", ("cuoc van dong", "phong trao thi dua", "cham lo", "bao ve loi ich")),
    ("gathering", ("tap hop", "da dang hoa", "huong ve co so", "huong manh cac hoat dong ve co so")),
    ("organisation", ("to chuc bo may", "chinh sach, che do", "che do", "kien toan")),
    ("government_mobilisation", ("dan van cua chinh quyen", "dan van chinh quyen", "co che phoi hop")),
    ("party_leadership", ("su lanh dao cua cap uy", "lanh dao cua cap uy", "tang cuong su lanh dao")),
    ("grassroots", ("co so vung manh", "to chuc co so")),
]

_CLOSING_STARTS = ("tren day la", "noi nhan", "t/m ", "tm. ", "tm ", "k/t ", "kt. ", "kt ")

_PART_RE = re.compile(r"^phan\s+(?:thu\s+)?(nhat|hai|ba|mot|[ivx]{1,3}|[123])\b")
_PART_NUMBERS = {"nhat": 1, "mot": 1, "i": 1, "1": 1, "hai": 2, "ii": 2, "2": 2, "ba": 3, "iii": 3, "3": 3}

# List markers, most specific first.
_ROMAN_RE = re.compile(r"^(?P<n>[IVX]{1,4})\s*(?:[./)\-–:]\s*)+(?=\S)")
_LETTER_RE = re.compile(r"^(?P<n>[A-HĐ])\s*(?:/\s*[.\-–]?|[.)])\s*(?=\S)")
_SUB_RE = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\)?\s+")
_ARABIC_RE = re.compile(r"^(?P<n>\d{1,2})\s*(?:/\s*[.\-–]?|[.)\-–])\s+")
_LETTER_ITEM_RE = re.compile(r"^(?P<n>[a-zđ])\s*\)\s+")
_BULLET_RE = re.compile(r"^[-–—+•·▪●○◦*]\s*(?=\S)")

_LEADING_FILLERS = ("ve ", "nhung ", "mot so ", "cac ", "mat ")


@dataclass
class Block:
    """A body paragraph and where it stands."""

    index: int
    text: str  # the paragraph as read (after joining)
    body: str  # without its list marker
    marker: str | None  # "bullet", "number", "letter" or None
    section: str
    sub: str | None  # finding kind, task-area code, "overall", or None


@dataclass
class Skeleton:
    blocks: list[Block]
    sections_found: set[str]
    warnings: list[str]


def _marker(para: str) -> tuple[str, str | None, str]:
    """(level, number, label) of a paragraph: its numbering level and the text after it."""
    for level, regex in (
        ("roman", _ROMAN_RE),
        ("letter", _LETTER_RE),
        ("sub", _SUB_RE),
        ("arabic", _ARABIC_RE),
        ("item", _LETTER_ITEM_RE),
    ):
        m = regex.match(para)
        if m:
            return level, m.group("n"), para[m.end() :].strip()
    m = _BULLET_RE.match(para)
    if m:
        return "bullet", None, para[m.end() :].strip()
    return "none", None, para


def _key(label: str) -> str:
    key = fold(label).strip(" *_#:.-–")
    changed = True
    while changed:
        changed = False
        for filler in _LEADING_FILLERS:
            if key.startswith(filler):
                key = key[len(filler) :]
                changed = True
    return key


def _starts(key: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    for name, words in table:
        if any(key.startswith(w) for w in words):
            return name
    return None


def _words(label: str) -> int:
    return len(label.split())


def _ends_sentence(label: str) -> bool:
    return label.rstrip("*_ ").endswith((".", ";", "!", "?", "…"))


def _is_upper(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def result_area(key: str, ordinal: str | None) -> tuple[str | None, bool]:
    """Task area of a section III heading: (code, guessed_from_position)."""
    best, best_score, best_pos = None, 0, 10**9
    for code, words in RESULT_AREAS:
        hits = [key.find(w) for w in words if w in key]
        if hits and (len(hits) > best_score or (len(hits) == best_score and min(hits) < best_pos)):
            best, best_score, best_pos = code, len(hits), min(hits)
    if best:
        return best, False
    if ordinal and ordinal.isdigit() and 1 <= int(ordinal) <= len(RESULT_AREAS):
        return RESULT_AREAS[int(ordinal) - 1][0], True
    return None, False


def _dissemination_area(key: str) -> str | None:
    best, best_pos = None, 10**9
    for code, words in _DISSEMINATION_AREAS:
        for w in words:
            pos = key.find(w)
            if 0 <= pos < best_pos:
                best, best_pos = code, pos
    return best


def _context_sub(key: str) -> str | None:
    has_adv, has_dif = "thuan loi" in key, "kho khan" in key
    if key.startswith("thuan loi") and not has_dif:
        return "advantage"
    if key.startswith("kho khan") and not has_adv:
        return "difficulty"
    if key.startswith(("danh gia chung", "nhin chung")):
        return "overall"
    return None


@dataclass(frozen=True)
class _Line:
    """One paragraph as the walk sees it: its numbering and what its words say."""

    index: int
    para: str
    level: str  # "roman", "letter", "sub", "arabic", "item", "bullet" or "none"
    number: str | None
    label: str  # the text after the numbering
    key: str  # the label folded, for keyword matching
    words: int


class _Walk:
    """Where the walk stands (section, subsection) and what it has kept so far."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.found: set[str] = set()
        self.section, self.sub = "preamble", None
        self.expect_part_title = False

    def go(self, section: str, sub: str | None = None) -> None:
        self.section, self.sub = section, sub
        self.found.add(section)

    def keep(self, line: _Line, body: str, marker: str | None) -> None:
        self.blocks.append(Block(line.index, line.para, body, marker, self.section, self.sub))

    def heading(self, line: _Line) -> bool:
        """Move the walk on if the line is a heading (or a part or the closing); True when the
        line is used up, False when it is body text."""
        key, level, words = line.key, line.level, line.words
        if self.section != "preamble" and key.startswith(_CLOSING_STARTS) and level in ("none", "bullet"):
            self.go("closing")
        if self.section == "closing":
            return True
        part = _PART_RE.match(key) if level in ("none", "roman", "letter") else None
        if part and words <= 12:
            if _PART_NUMBERS.get(part.group(1), 1) >= 2:
                self.go("tasks")  # Part two is tasks and recommendations, headed or not.
            self.expect_part_title = True
            return True
        top = _starts(key, _TOP_KEYWORDS)
        forward = top is not None and SECTION_ORDER[top] > SECTION_ORDER[self.section]
        if self.expect_part_title:
            self.expect_part_title = False
            if level == "none" and not _ends_sentence(line.label):
                if forward:
                    self.go(top)
                return True
        # "V. BÀI HỌC KINH NGHIỆM" or a bare "ƯU ĐIỂM" after section III: the report has no
        # "Đánh giá chung" heading and starts its assessment at the subsection.
        in_body = self.section in ("dissemination", "results", "assessment")
        jump = _assessment_kind(key) if in_body and not forward and words <= 20 else None
        if level in ("roman", "letter"):
            self._numbered_section(line, top, forward, jump)
            return True
        if level == "none":
            return self._unnumbered(line, forward and top, jump)
        if level in ("arabic", "sub"):
            return self._numbered_item(line, top, forward and top, jump)
        return False

    def _numbered_section(self, line: _Line, top: str | None, forward: bool, jump: str | None) -> None:
        """A "I." / "A/-" heading: a section, an assessment subsection, or a subsection."""
        if forward:
            self.go(top)
        elif jump:
            if self.section != "assessment":
                self.go("assessment")
            self.sub = jump
        elif top is None and self.section != "preamble":
            self.warnings.append(
                f"Không nhận ra mục «{line.para[:80]}»; nội dung của mục này được giữ trong mục trước."
            )
        else:
            self.sub = _sub_heading(self.section, line.key, line.number, line.para, self.warnings, self.sub)

    def _unnumbered(self, line: _Line, forward_to: str | None, jump: str | None) -> bool:
        """A line without numbering is a heading only when short and not a sentence."""
        label, words, section = line.label, line.words, self.section
        if not (words <= 12 and not _ends_sentence(label) or words <= 12 and label.rstrip("*_ ").endswith(":")):
            return False
        if section == "context" and _context_sub(line.key) == "overall":
            self.sub = "overall"
        elif forward_to and (_is_upper(label) or words <= 8):
            self.go(forward_to)
        elif jump and section != "assessment" and (_is_upper(label) or words <= 6):
            self.go("assessment", jump)
        elif (new_sub := _bare_sub_heading(section, line.key)) is not None:
            self.sub = new_sub
        elif _is_upper(label) and section in ("context", "dissemination", "results"):
            self.sub = _sub_heading(section, line.key, None, line.para, self.warnings, self.sub)
        else:
            return False
        return True

    def _numbered_item(self, line: _Line, top: str | None, forward_to: str | None, jump: str | None) -> bool:
        """A "1." / "1.1." line: a subsection heading, or an item of the current one."""
        label, words, section = line.label, line.words, self.section
        short_heading = words <= 15 and ";" not in label
        if section in ("preamble", "context", "dissemination", "results"):
            if forward_to and short_heading:
                self.go(forward_to)
            elif jump and words <= 12:
                self.go("assessment", jump)
            else:
                number = line.number if line.level == "arabic" else None
                self.sub = _sub_heading(section, line.key, number, line.para, self.warnings, self.sub)
                if section == "context" and self.sub in ("advantage", "difficulty") and _content_after_label(label):
                    self.keep(line, label, "number")
            return True
        if section == "assessment":
            kind = _starts(line.key, _ASSESSMENT_KEYWORDS)
            if kind and words <= 20:
                self.sub = kind
                # "3/. Nguyên nhân: Một số cán bộ còn kiêm nhiệm …": heading and content in one line
                if _content_after_label(label):
                    self.keep(line, label, "number")
                return True
        if section in ("assessment", "tasks") and forward_to and short_heading:
            self.go(forward_to)
            return True
        # "1. Nhiệm vụ" / "2. Giải pháp": a grouping heading, not a task
        return section == "tasks" and top == "tasks" and words <= 8 and not _ends_sentence(label)


_BODY_MARKERS = {"bullet": "bullet", "arabic": "number", "sub": "number", "item": "letter", "roman": None}


def segment(paragraphs: list[str]) -> Skeleton:
    """Walk the paragraphs, tracking section and subsection; return the body paragraphs."""
    walk = _Walk()
    for index, para in enumerate(paragraphs):
        level, number, label = _marker(para)
        line = _Line(index, para, level, number, label, _key(label), _words(label))
        if not walk.heading(line):
            marker = _BODY_MARKERS.get(level)
            walk.keep(line, label if marker else para, marker)
    return Skeleton(walk.blocks, walk.found, walk.warnings)


def _content_after_label(label: str) -> bool:
    """Whether a heading line carries its content after a colon ("Ưu điểm: Công tác …")."""
    head, colon, rest = label.partition(":")
    return bool(colon) and len(head.split()) <= 6 and len(rest.split()) >= 4


def _assessment_kind(key: str) -> str | None:
    """Kind of an assessment subheading; "Kết quả đạt được" is left to section III."""
    if key.startswith("ket qua"):
        return None
    return _starts(key, _ASSESSMENT_KEYWORDS)


def _bare_sub_heading(section: str, key: str) -> str | None:
    """A subheading written as a bare line ("ƯU ĐIỂM", "Về khó khăn:", "Tồn tại, hạn chế")."""
    if section == "context":
        kind = _context_sub(key)
        return kind
    if section == "assessment":
        return _starts(key, _ASSESSMENT_KEYWORDS)
    return None


def _sub_heading(
    section: str, key: str, number: str | None, para: str, warnings: list[str], current: str | None
) -> str | None:
    if section == "context":
        return _context_sub(key)
    if section == "dissemination":
        return _dissemination_area(key) or current
    if section == "results":
        area, guessed = result_area(key, number)
        if area is None:
            warnings.append(f"Không xác định được lĩnh vực của tiểu mục «{para[:80]}».")
        elif guessed:
            warnings.append(f"Tiểu mục «{para[:80]}» được xếp vào lĩnh vực theo thứ tự ({area}).")
        return area
    if section == "assessment":
        return _starts(key, _ASSESSMENT_KEYWORDS)
    return None


_DOC_LINE_RE = re.compile(r"^(?:số|so)\s*[:.]?\s*\d+\s*[-/]", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(r"^[^\d,;]{0,60},\s*ngày\s+\d{1,2}", re.IGNORECASE)


def is_letterhead(text: str) -> bool:
    """A line of the header block or a title in capitals: no results are stated there."""
    if _DOC_LINE_RE.match(text) or _PLACE_DATE_RE.match(text) and len(text) < 80:
        return True
    return _words(text) <= 15 and _is_upper(text) and not _ends_sentence(text)


def body_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks that may hold figures: every body paragraph, without the letterhead lines
    (issuer, number, place and date, titles in capitals). The signature and "Nơi nhận" block
    never becomes a block (see :func:`segment`)."""
    return [b for b in blocks if not is_letterhead(b.text)]
