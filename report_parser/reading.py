"""Turning a file (.txt, .docx, .pdf) into a list of paragraphs, or a ReportReadError.

The file type is told from the content (magic bytes), the extension only breaks ties.
Every failure of the underlying libraries is turned into one Vietnamese message.

The work is bounded so that a small crafted file cannot hold the server: PDF pages are read one
by one with pdfium (count, characters and text runs per page, and a time budget checked after
each page); a .docx's XML is walked once, linearly, with limits on its size, its depth and its
number of elements; the text of any file is limited in length. The importer also runs every
parse in a worker process with hard time and memory limits (importer.bounded).

Word text is read wherever Word shows it: tracked insertions (not deletions), text boxes,
content controls, smart tags, customXml, simple fields and moved text (the destination, not
the source), in document order. What cannot be placed (embedded files, objects, pictures,
footnotes) is named in a warning, never dropped silently: see ``read_document``.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from domain.limits import MAX_UPLOAD_BYTES

from .model import ReportReadError
from .text import normalize_paragraph, split_paragraphs

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_PDF_PAGES",
    "ReadDocument",
    "too_complex",
    "read_path",
    "read_bytes",
    "read_document",
    "decode_text",
    "legacy_encoding_problem",
]

DEFAULT_MAX_BYTES = MAX_UPLOAD_BYTES
# A .docx is a zip: its XML may be far larger than the file; refuse zip bombs.
_MAX_DOCX_XML_BYTES = 200 * 1024 * 1024
# document.xml of a 300-page report is a few MB; far more is not a report.
_MAX_DOCUMENT_XML_BYTES = 30 * 1024 * 1024
_MAX_DOCX_ELEMENTS = 1_500_000
MAX_PDF_PAGES = 500
# A dense A4 page holds about 4,000 characters; ten times that is not a page of a report.
_MAX_PAGE_CHARS = 40_000
_MAX_PAGE_RUNS = 8_000
# About 1,500 pages of text: no report is longer.
MAX_TEXT_CHARS = 4_000_000
# Reading stops between pages/elements past this; the worker's hard limit is above it.
READ_SECONDS = 8.0

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def too_complex(why: str) -> ReportReadError:
    """The one message for a file past a reading limit: what was too much, and what to do."""
    return ReportReadError(
        f"Tệp quá phức tạp để đọc tự động: {why}. Hãy dán nội dung báo cáo (sao chép từ Word hoặc PDF) "
        "vào ô văn bản, hoặc lưu lại tệp dưới dạng .txt."
    )


@dataclass
class ReadDocument:
    """The paragraphs of a file, and warnings about content that could not be placed in them."""

    paragraphs: list[str]
    warnings: list[str] = field(default_factory=list)


class _Budget:
    """Time and text-length budget of one reading."""

    def __init__(self, seconds: float = READ_SECONDS, max_chars: int = MAX_TEXT_CHARS):
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.chars = 0
        self.max_chars = max_chars

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise too_complex(f"đọc quá {self.seconds:.0f} giây")

    def add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise too_complex(f"văn bản dài quá {self.max_chars:,} ký tự".replace(",", "."))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}".replace(".", ",")


def _too_big(size: int, max_bytes: int) -> ReportReadError:
    return ReportReadError(
        f"Tệp quá lớn ({_mb(size)} MB); giới hạn là {_mb(max_bytes)} MB. Hãy kiểm tra lại tệp hoặc tách báo cáo."
    )


def read_path(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Paragraphs of the file at ``path``; its size is checked before it is read."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        name = p.name if len(p.name) <= 80 else p.name[:79] + "…"
        raise ReportReadError(f"Không tìm thấy hoặc không mở được tệp «{name}».") from None
    if p.is_dir():
        raise ReportReadError(f"«{p.name}» là một thư mục, không phải tệp báo cáo.")
    if size > max_bytes:
        raise _too_big(size, max_bytes)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError:
        raise ReportReadError(f"Không đọc được tệp «{p.name}».") from None
    return read_bytes(data, p.name, max_bytes)


def read_stream(stream: BinaryIO, filename: str | None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    # Read one byte past the limit: enough to know it is too big without loading it all.
    data = stream.read(max_bytes + 1)
    return read_bytes(data, filename, max_bytes)


def read_bytes(data: bytes, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Paragraphs of a file given as bytes. ``filename`` only helps to choose the type."""
    return read_document(data, filename, max_bytes).paragraphs


def is_binary_document(data: bytes) -> bool:
    """A .docx (zip) or a .pdf, told from the bytes."""
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06")) or b"%PDF-" in data[:1024]


def read_document(
    data: bytes, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *, seconds: float = READ_SECONDS
) -> ReadDocument:
    """Paragraphs and reading warnings of a file given as bytes (the type is told from them)."""
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    if not data.strip():
        raise ReportReadError("Tệp rỗng: không có nội dung để đọc.")
    budget = _Budget(seconds)
    ext = Path(filename or "").suffix.lower()
    head = data[:1024]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_docx(data, budget)
    if b"%PDF-" in head:
        return _read_pdf(data, budget)
    if data.startswith(_OLE_MAGIC):
        raise ReportReadError(
            "Tệp là định dạng Word cũ (.doc) hoặc tệp Office đã đặt mật khẩu; không hỗ trợ. "
            "Hãy mở bằng Word, bỏ mật khẩu và lưu lại dưới dạng .docx."
        )
    if ext == ".docx":
        raise ReportReadError("Tệp không phải là tệp Word (.docx) hợp lệ: nội dung không đúng định dạng .docx.")
    if ext == ".pdf":
        raise ReportReadError("Tệp không phải là tệp PDF hợp lệ: nội dung không đúng định dạng PDF.")
    text = decode_text(data)
    budget.add(text)
    return ReadDocument(split_paragraphs(text))


_LEGACY_MESSAGE = (
    "không dùng bảng mã Unicode (có thể là bảng mã cũ TCVN3, VNI hoặc Windows-1258, phông .VnTime, "
    "VNI-Times). Hãy chuyển sang Unicode (ví dụ bằng Unikey)"
)


def decode_text(data: bytes) -> str:
    """Decode a .txt file: UTF-8 (with or without BOM) or UTF-16 with BOM.

    Text typed in a legacy Vietnamese font encoding (TCVN3, VNI) is refused with a message
    saying so, whether its bytes fail UTF-8 or were saved as UTF-8 from the legacy glyphs."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        if _looks_binary(data):
            raise ReportReadError(
                "Tệp không phải là văn bản đọc được (nội dung nhị phân). "
                "Hãy dùng tệp .txt (UTF-8), .docx hoặc .pdf có lớp văn bản."
            ) from None
        raise ReportReadError(f"Tệp văn bản {_LEGACY_MESSAGE} rồi lưu lại dạng UTF-8.") from None
    if _looks_binary(text.encode("utf-8", "surrogatepass")):
        raise ReportReadError("Tệp không phải là văn bản đọc được (nội dung nhị phân).")
    problem = legacy_encoding_problem(text, "Tệp văn bản", "rồi lưu lại dạng UTF-8")
    if problem:
        raise problem
    return text


# Latin-1 letters and signs that Vietnamese does not use. Legacy fonts (.VnTime = TCVN3,
# VNI-Times = VNI) draw Vietnamese letters on exactly these code points, so a text full of
# them and almost free of Vietnamese letters is legacy-encoded, whatever the file type.
_FOREIGN = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ")
_VIETNAMESE_ONLY = set("ăĂđĐơƠưƯĩĨũŨ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}


def legacy_encoding_problem(text: str, what: str, then: str = "rồi lưu lại") -> ReportReadError | None:
    """A ReportReadError when ``text`` looks typed in TCVN3 or VNI glyph codes, else None."""
    sample = text[:200_000]
    foreign = sum(1 for ch in sample if ch in _FOREIGN)
    vietnamese = sum(1 for ch in sample if ch in _VIETNAMESE_ONLY)
    if foreign >= 20 and foreign > 3 * vietnamese:
        return ReportReadError(f"{what} {_LEGACY_MESSAGE} {then}.")
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls > len(sample) * 0.05


# --- .docx ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
# Text-bearing elements and what they stand for. w:delText (deleted text) and w:instrText
# (field instructions such as PAGE) are not among them: Word does not show them as text.
_TEXT = {_W + "t": None, _M + "t": None, _W + "tab": " ", _W + "ptab": " ", _W + "noBreakHyphen": "-"}
_BREAKS = {_W + "br", _W + "cr"}
# Containers whose text Word does not show: deletions and the source of a move; mc:Fallback
# repeats the mc:Choice (a text box is stored twice, once for old versions of Word).
_HIDDEN = {_W + "del", _W + "moveFrom", _MC + "Fallback"}
_PARAGRAPH = _W + "p"


def _docx_broken() -> ReportReadError:
    return ReportReadError("Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được. Hãy mở bằng Word và lưu lại.")


def _xml(zf: zipfile.ZipFile, name: str, limit: int):
    from lxml import etree

    info = zf.getinfo(name)
    if info.file_size > limit:
        raise too_complex(f"phần nội dung «{name}» của tệp Word quá lớn ({_mb(info.file_size)} MB)")
    data = zf.read(name)
    # No DTD, no entities, no network; libxml2's default depth limit (256) stays on.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        problem = str(exc).lower()
        if "memory" in problem or "unknown error" in problem:  # how libxml2 reports a failed allocation
            raise MemoryError from None
        if "depth" in problem or "huge" in problem:
            raise too_complex("cấu trúc tệp Word lồng nhau quá sâu") from None
        raise _docx_broken() from None


def _read_docx(data: bytes, budget: _Budget) -> ReadDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                if "EncryptedPackage" in names or "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
                    raise ReportReadError("Tệp không phải là văn bản Word (.docx).")
                raise _docx_broken()
            if sum(i.file_size for i in zf.infolist()) > _MAX_DOCX_XML_BYTES:
                raise ReportReadError("Tệp Word (.docx) có nội dung giải nén quá lớn; không đọc.")
            if zf.testzip() is not None:
                raise _docx_broken()
            root = _xml(zf, "word/document.xml", _MAX_DOCUMENT_XML_BYTES)
            notes = {
                part: _count_note_texts(_xml(zf, part, _MAX_DOCUMENT_XML_BYTES))
                for part in ("word/footnotes.xml", "word/endnotes.xml")
                if part in names
            }
    except (ReportReadError, MemoryError):
        raise
    except Exception:
        raise _docx_broken() from None
    body = root.find(_W + "body")
    if body is None:
        raise _docx_broken()
    paragraphs, warnings = _docx_paragraphs(body, budget)
    footnotes = sum(notes.values())
    if footnotes:
        warnings.append(
            f"Tệp Word có {footnotes} chú thích (footnote, endnote); nội dung chú thích không được đọc vào báo cáo."
        )
    text = "\n".join(paragraphs)
    problem = legacy_encoding_problem(text, "Văn bản Word")
    if problem:
        raise problem
    return ReadDocument([p for p in (normalize_paragraph(line) for line in text.split("\n")) if p], warnings)


def _count_note_texts(root) -> int:
    # Word keeps two built-in separator notes (ids -1, 0) in every footnotes part.
    count = 0
    for note in root:
        if any((t.text or "").strip() for t in note.iter(_W + "t")):
            count += 1
    return count


def _docx_paragraphs(body, budget: _Budget) -> tuple[list[str], list[str]]:
    """The text of every w:p in document order, each paragraph's own text only: a text box
    inside a paragraph gives paragraphs of its own, after the one that holds it.

    lxml's C iterators do the walking, filtered by tag. Only a paragraph that holds another
    paragraph (a text box) or a hiding container (a deletion, a move's source, a fallback copy)
    needs each text element's ancestors looked at, so the work stays linear in the XML."""

    def hidden(element) -> bool:
        return next(element.iterancestors(*_HIDDEN), None) is not None

    def piece(element) -> str:
        if element.tag in _BREAKS:
            return "\n"
        return _TEXT[element.tag] if _TEXT[element.tag] is not None else (element.text or "")

    text_tags = (*_TEXT, *_BREAKS)
    paragraphs: list[str] = []
    placed = seen = 0
    for index, paragraph in enumerate(body.iter(_PARAGRAPH)):
        if hidden(paragraph):
            continue
        tricky = next(paragraph.iterdescendants(_PARAGRAPH, *_HIDDEN), None) is not None
        parts = []
        for element in paragraph.iter(*text_tags):
            seen += 1
            if tricky and (hidden(element) or next(element.iterancestors(_PARAGRAPH)) is not paragraph):
                continue
            parts.append(piece(element))
            placed += element.tag == _W + "t"
        if seen > _MAX_DOCX_ELEMENTS:
            raise too_complex("tệp Word có quá nhiều thành phần")
        if index % 2_000 == 0:
            budget.check_time()
        text = "".join(parts)
        budget.add(text)
        paragraphs.extend(text.split("\n"))
    hidden_texts = sum(
        sum(1 for _ in container.iter(_W + "t")) for container in body.iter(*_HIDDEN) if not hidden(container)
    )
    unreadable = sum(1 for _ in body.iter(_W + "t")) - placed - hidden_texts

    def shown(*tags: str) -> int:
        return sum(1 for e in body.iter(*tags) if next(e.iterancestors(*_HIDDEN), None) is None)

    warnings = []
    chunks = shown(_W + "altChunk")
    if chunks:
        warnings.append(
            f"Tệp Word có {chunks} phần nhúng từ tệp khác (altChunk) không đọc được; "
            "hãy mở bằng Word, lưu lại rồi tải lên, hoặc dán nội dung phần đó."
        )
    objects = shown(_W + "object")
    if objects:
        warnings.append(
            f"Tệp Word có {objects} đối tượng nhúng (bảng tính, sơ đồ…) không đọc được; số liệu trong đó cần nhập tay."
        )
    pictures = shown(_A + "blip", _V + "imagedata")
    if pictures:
        warnings.append(f"Tệp Word có {pictures} hình ảnh; chữ trong hình ảnh (nếu có) không được đọc.")
    if unreadable:
        warnings.append(
            f"Tệp Word có {unreadable} đoạn chữ nằm ngoài đoạn văn, không xác định được vị trí; không được đọc."
        )
    return paragraphs, warnings


# --- .pdf ----------------------------------------------------------------------------

_PAGE_NUMBER_RE = re.compile(r"^(?:[-–—]?\s*\d{1,3}\s*[-–—]?|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.IGNORECASE)


def _pdf_unreadable(encrypted: bool) -> ReportReadError:
    if encrypted:
        return ReportReadError(
            "Tệp PDF được mã hóa hoặc đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi tải lại."
        )
    return ReportReadError("Tệp PDF bị hỏng hoặc không đúng định dạng, không đọc được.")


def _read_pdf(data: bytes, budget: _Budget) -> ReadDocument:
    """Lines of every page with their position, read with pdfium (fast, in C), page by page.

    Each page is bounded: its characters and text runs are counted before they are read, and
    the time budget is checked after it."""
    encrypted = b"/Encrypt" in data
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
    except MemoryError:
        raise
    except Exception:
        raise _pdf_unreadable(encrypted) from None
    pages: list[list[dict]] = []
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise ReportReadError(f"Tệp PDF có quá nhiều trang (trên {MAX_PDF_PAGES} trang); không đọc.")
        for index in range(count):
            pages.append(_pdf_page_lines(document, index, budget))
            budget.check_time()
    except (ReportReadError, MemoryError):
        raise
    except Exception:
        raise _pdf_unreadable(encrypted) from None
    finally:
        document.close()
    paragraphs = _pdf_paragraphs(pages)
    if not any(p.strip() for p in paragraphs):
        raise ReportReadError(
            "Tệp PDF không có lớp văn bản (có thể là bản quét hoặc ảnh chụp); hệ thống không hỗ trợ OCR. "
            "Hãy dùng tệp .docx hoặc PDF xuất trực tiếp từ Word."
        )
    return ReadDocument(paragraphs)


def _pdf_page_lines(document, index: int, budget: _Budget) -> list[dict]:
    """The page's lines, top to bottom as written: text runs on one baseline are joined."""
    page = document[index]
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            if textpage.count_chars() > _MAX_PAGE_CHARS:
                raise too_complex(f"trang {index + 1} của tệp PDF có quá nhiều ký tự")
            runs = textpage.count_rects()
            if runs > _MAX_PAGE_RUNS:
                raise too_complex(f"trang {index + 1} của tệp PDF có quá nhiều đoạn chữ rời")
            lines: list[dict] = []
            for i in range(runs):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top)
                if not text.strip():
                    continue
                budget.add(text)
                # The glyph box moves with accents and descenders; the font's box (loose) is
                # the same for every line of one size, so the gaps between lines are comparable.
                char = textpage.get_index(left + 0.5, (top + bottom) / 2, 2, 2)
                if char is not None and char >= 0:
                    _, bottom, _, top = textpage.get_charbox(char, loose=True)
                run = {"text": text, "x0": left, "x1": right, "top": height - top, "bottom": height - bottom}
                last = lines[-1] if lines else None
                if last is not None and _same_line(last, run):
                    gap = run["x0"] - last["x1"]
                    joiner = " " if gap > 0.2 * (run["bottom"] - run["top"]) and not text.startswith(" ") else ""
                    last["text"] = last["text"].rstrip() + joiner + text if joiner else last["text"] + text
                    last["x1"] = max(last["x1"], run["x1"])
                else:
                    lines.append(run)
            return lines
        finally:
            textpage.close()
    finally:
        page.close()


def _same_line(last: dict, run: dict) -> bool:
    middle = (run["top"] + run["bottom"]) / 2
    return last["top"] <= middle <= last["bottom"] and run["x0"] >= last["x1"] - 1.0


def _pdf_paragraphs(pages: list[list[dict]]) -> list[str]:
    """Rebuild paragraphs from PDF lines.

    A PDF has lines, not paragraphs. A line starts a new paragraph when the gap above it is
    clearly larger than the usual line pitch, when it is indented, or when the line before
    it stopped well short of the right margin. Page breaks alone do not end a paragraph.
    """
    body = [[ln for ln in lines if not _PAGE_NUMBER_RE.match(ln["text"].strip())] for lines in pages]
    all_lines = [ln for lines in body for ln in lines]
    if not all_lines:
        return []
    left = min(ln["x0"] for ln in all_lines)
    right = max(ln["x1"] for ln in all_lines)
    width = max(right - left, 1.0)
    pitches = [
        b["top"] - a["top"] for lines in body for a, b in zip(lines, lines[1:], strict=False) if b["top"] > a["top"]
    ]
    pitch = statistics.median(pitches) if pitches else 0.0

    paragraphs: list[str] = []
    current: list[str] = []
    prev = None
    for lines in body:
        for i, ln in enumerate(lines):
            text = ln["text"].strip()
            new_para = prev is None
            if prev is not None:
                short_prev = prev["x1"] < right - 0.15 * width
                indented = ln["x0"] > left + 0.03 * width
                gap_big = i > 0 and pitch > 0 and (ln["top"] - prev["top"]) > 1.4 * pitch
                new_para = short_prev or indented or gap_big
            if new_para and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(text)
            prev = ln
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in (normalize_paragraph(x) for x in paragraphs) if p]
