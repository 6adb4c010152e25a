"""Text helpers shared by the parser (and reusable elsewhere): folding, cleaning, joining.

Everything here is pure string work on Unicode text.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "fold",
    "normalize_paragraph",
    "split_paragraphs",
    "join_broken_paragraphs",
    "strip_markdown",
]

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        if ch in "đĐ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            folded = base.lower()
            # Some characters lower-case to two code points (e.g. "İ"); keep one so that
            # positions in the folded text stay those of the NFC text.
            if len(folded) != 1:
                folded = ch
        _FOLD_CACHE[ch] = folded
    return folded


def fold(text: str) -> str:
    """Accent-insensitive lower-case fold: "Đảng ủy Phường" -> "dang uy phuong".

    The text is NFC-normalised first; each character of the NFC text then folds to exactly
    one character, so an index into ``fold(t)`` is also an index into
    ``unicodedata.normalize("NFC", t)``. That lets callers search the folded text and cut the
    matching span out of the original.
    """
    text = unicodedata.normalize("NFC", text)
    return "".join(_fold_char(ch) for ch in text)


# Old-style tone placement ("hoá", "uỷ") and new style ("hóa", "ủy") are both common in
# reports; the catalogue's keywords use the new style, so text is normalised to it.
_OLD_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_TONES.update({k.upper(): v.upper() for k, v in list(_OLD_TONES.items())})
_OLD_TONES.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_OLD_TONES.items()) if k.islower()})
_OLD_TONE_RE = re.compile("(" + "|".join(map(re.escape, _OLD_TONES)) + r")(?![\w])")


def modern_tones(text: str) -> str:
    """Rewrite old-style tone placement at word ends ("hoá" -> "hóa", "uỷ" -> "ủy")."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Leading markdown emphasis glued to a word ("***Về thuận lợi:**") and "# " headings.
_MD_LEAD_RE = re.compile(r"^(?:#{1,6}\s+|[*_]+(?=\S))")
_MD_TRAIL_RE = re.compile(r"(?<=\S)[*_]+$")


def strip_markdown(line: str) -> str:
    """Remove markdown debris around a whole line: ``***Về thuận lợi:**`` -> ``Về thuận lợi:``."""
    previous = None
    while previous != line:
        previous = line
        line = _MD_TRAIL_RE.sub("", _MD_LEAD_RE.sub("", line)).strip()
    return line


def normalize_paragraph(line: str) -> str:
    """NFC, no invisible characters, single spaces, no markdown debris, trimmed."""
    line = unicodedata.normalize("NFC", line).translate(_INVISIBLE)
    line = _SPACES_RE.sub(" ", line).strip()
    return strip_markdown(line)


def split_paragraphs(text: str) -> list[str]:
    """One paragraph per non-empty line (line breaks of .txt files are paragraph marks), except
    in a hard-wrapped text (copied from a PDF or an e-mail): there a long line without final
    punctuation directly followed (no blank line) by one that is not a list item or a heading
    continues it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = [normalize_paragraph(raw) for raw in text.split("\n")]
    # Only a text that is wrapped throughout (most long lines end without punctuation) has its
    # lines joined; elsewhere a long line without punctuation is a heading or a title.
    long_lines = [line for line in lines if len(line) >= _WRAP_MIN]
    wrapped = len(long_lines) >= 3 and sum(line[-1] not in _TERMINAL for line in long_lines) >= 0.6 * len(long_lines)
    # Wrapped and with blank lines between paragraphs: every single line break is soft.
    blocks = sum(1 for i, line in enumerate(lines) if line and (i == 0 or not lines[i - 1]))
    soft = wrapped and blocks >= 3
    out: list[str] = []
    after_blank = True
    for line in lines:
        if not line:
            after_blank = True
            continue
        if wrapped and out and not after_blank and _hard_wrapped(out[-1], line, soft):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        after_blank = False
    return out


_WRAP_MIN = 60  # a line this long, cut without punctuation, was wrapped by the writer's tool


def _hard_wrapped(prev: str, nxt: str, soft: bool = False) -> bool:
    return (
        (soft or len(prev) >= _WRAP_MIN - 15 and prev[-1] not in _TERMINAL)
        # a heading in capitals wrapped over two lines is one heading (between blank lines);
        # capitals next to ordinary text are a heading and its paragraph
        and (prev.isupper() == nxt.isupper() if soft else not (prev.isupper() or nxt.isupper()))
        and not _LIST_MARKER_RE.match(nxt)
        and not re.match(r"^(?:[-–—+•·▪●○◦*]\s|[IVX]+\s*[./)\-–]|[A-HĐ]\s*/|\(\d+\))", nxt)
    )


_TERMINAL = ".!?:;…"
_LIST_MARKER_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\s*(?:/\.?|\.|\)|-)\s|\d{1,2}(?:\.\d{1,2})+\s)")


def _continues(prev: str, nxt: str) -> str | None:
    """How ``nxt`` continues ``prev`` if they are one paragraph cut by a break: the joiner
    ("" or " "), else None.

    A page or line break in the middle of a sentence leaves a paragraph without final
    punctuation followed by one that starts in lower case ("yêu" / "nước và ..."), or a
    number cut from its unit ("838" / "hộ"), or a word cut at its hyphen ("62-" / "KL/TW").
    """
    last = prev[-1]
    first = nxt[0]
    if last == "-" and len(prev) >= 2 and prev[-2].isalnum() and first.isalnum():
        return ""
    if last in _TERMINAL:
        return None
    if first.islower():
        return " "
    if first.isdigit() and not _LIST_MARKER_RE.match(nxt) and not _LIST_MARKER_RE.match(prev):
        # "tổng số tiền trên" / "1,7 tỷ đồng": a number carried over to the next line.
        return " " if prev[-1].isalpha() and prev[-1].islower() else None
    if first in "(“\"'" and len(nxt) > 1 and nxt[1].islower():
        return " "
    return None


def join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join paragraphs that a page or line break cut in the middle of a sentence."""
    out: list[str] = []
    for para in paragraphs:
        if out:
            joiner = _continues(out[-1], para)
            if joiner is not None:
                out[-1] = out[-1] + joiner + para
                continue
        out.append(para)
    return out


# Page chrome of portal and newspaper pages saved as text: crawl metadata before a headline
# ("date 2026-01-09 …"), glyphs of lost emoji ("??" bullets), punctuation-only lines, and the
# widgets every portal prints (view counters, comment and rating boxes, session notices).
_CHROME_PREFIX_RE = re.compile(r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+|[?\ufffd]{2,}\s*)", re.IGNORECASE)
_CHROME_LINE_RE = re.compile(
    r"^(?:skip to (?:main )?content|viết bình luận|xem thêm(?: tin tức)?|bạn đọc|ý kiến bạn đọc|chia sẻ|in bài|"
    r"tổng số điểm của bài viết là.*|bạn đã không sử dụng site.*|theo dõi .{0,40} trên google news|"
    r"lượt xem\s*:?\s*\d+|ngày đăng\s*:?.*\|\s*lượt xem.*)$",
    re.IGNORECASE,
)


def strip_page_chrome(paragraphs: list[str]) -> list[str]:
    """Drop the page chrome around a report saved from a web page; keep everything else."""
    out = []
    for para in paragraphs:
        para = _CHROME_PREFIX_RE.sub("", para).strip()
        if not para or not any(ch.isalnum() for ch in para) or _CHROME_LINE_RE.match(para):
            continue
        out.append(para)
    return out


# A paragraph that is only a page number ("7", "- 7 -", "Trang 7", "7/12") or a stray numeral
# left by an image: page chrome once broken sentences have been joined.
_PAGE_COUNTER_RE = re.compile(r"^(?:trang\s+)?[-–]?\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–]?$", re.IGNORECASE)


def drop_page_counters(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if not _PAGE_COUNTER_RE.match(p)]


# A capital letter, Vietnamese ones included ("Đ", "Ư", "Ấ"): a character class for patterns
# that tell a sentence start from a word that only follows a period.
UPPER = "[A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper()) + "]"
