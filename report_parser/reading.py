"""Turning a file (.txt, .docx, .pdf) into a list of paragraphs, or a ReportReadError.

The file type is told from the content (magic bytes), the extension only breaks ties.
Every failure of the underlying libraries is turned into one Vietnamese message.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import zipfile
from pathlib import Path
from typing import BinaryIO

from .model import ReportReadError
from .text import normalize_paragraph, split_paragraphs

__all__ = ["DEFAULT_MAX_BYTES", "read_path", "read_bytes", "decode_text"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its XML may be far larger than the file; refuse zip bombs.
_MAX_DOCX_XML_BYTES = 200 * 1024 * 1024
_MAX_PDF_PAGES = 500

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    if not data.strip():
        raise ReportReadError("Tệp rỗng: không có nội dung để đọc.")
    ext = Path(filename or "").suffix.lower()
    head = data[:1024]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_docx(data)
    if b"%PDF-" in head:
        return _read_pdf(data)
    if data.startswith(_OLE_MAGIC):
        raise ReportReadError(
            "Tệp là định dạng Word cũ (.doc) hoặc tệp Office đã đặt mật khẩu; không hỗ trợ. "
            "Hãy mở bằng Word, bỏ mật khẩu và lưu lại dưới dạng .docx."
        )
    if ext == ".docx":
        raise ReportReadError("Tệp không phải là tệp Word (.docx) hợp lệ: nội dung không đúng định dạng .docx.")
    if ext == ".pdf":
        raise ReportReadError("Tệp không phải là tệp PDF hợp lệ: nội dung không đúng định dạng PDF.")
    return split_paragraphs(decode_text(data))


def decode_text(data: bytes) -> str:
    """Decode a .txt file: UTF-8 (with or without BOM) or UTF-16 with BOM."""
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
        raise ReportReadError(
            "Tệp văn bản không dùng bảng mã Unicode UTF-8 (có thể là bảng mã cũ TCVN3, VNI "
            "hoặc Windows-1258). Hãy chuyển sang Unicode (ví dụ bằng Unikey) rồi lưu lại dạng UTF-8."
        ) from None
    if _looks_binary(text.encode("utf-8", "surrogatepass")):
        raise ReportReadError("Tệp không phải là văn bản đọc được (nội dung nhị phân).")
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls > len(sample) * 0.05


# --- .docx ---------------------------------------------------------------------------


def _read_docx(data: bytes) -> list[str]:
    broken = ReportReadError("Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được. Hãy mở bằng Word và lưu lại.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                if "EncryptedPackage" in names or "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
                    raise ReportReadError("Tệp không phải là văn bản Word (.docx).")
                raise broken
            if sum(i.file_size for i in zf.infolist()) > _MAX_DOCX_XML_BYTES:
                raise ReportReadError("Tệp Word (.docx) có nội dung giải nén quá lớn; không đọc.")
            zf.testzip()
    except ReportReadError:
        raise
    except Exception:
        raise broken from None
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []

        def walk(container, parent) -> None:
            # Paragraphs and tables in document order (python-docx lists them separately).
            for child in container.iterchildren():
                tag = child.tag.rsplit("}", 1)[-1]
                if tag == "p":
                    lines.extend(Paragraph(child, parent).text.split("\n"))
                elif tag == "tbl":
                    table = Table(child, parent)
                    for row in table.rows:
                        seen = set()
                        for cell in row.cells:
                            # Merged cells come back once per grid column: read each once.
                            if id(cell._tc) in seen:
                                continue
                            seen.add(id(cell._tc))
                            walk(cell._tc, cell)
                elif tag == "sdt":
                    content = child.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                    if content is not None:
                        walk(content, parent)

        walk(document.element.body, document)
    except ReportReadError:
        raise
    except Exception:
        raise broken from None
    return [p for p in (normalize_paragraph(line) for line in lines) if p]


# --- .pdf ----------------------------------------------------------------------------

_PAGE_NUMBER_RE = re.compile(r"^(?:[-–—]?\s*\d{1,3}\s*[-–—]?|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.IGNORECASE)


def _read_pdf(data: bytes) -> list[str]:
    encrypted = b"/Encrypt" in data
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > _MAX_PDF_PAGES:
                raise ReportReadError(f"Tệp PDF có quá nhiều trang (trên {_MAX_PDF_PAGES} trang); không đọc.")
            pages = [page.extract_text_lines(strip=True, return_chars=False) for page in pdf.pages]
    except ReportReadError:
        raise
    except Exception:
        if encrypted:
            raise ReportReadError(
                "Tệp PDF được mã hóa hoặc đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi tải lại."
            ) from None
        raise ReportReadError("Tệp PDF bị hỏng hoặc không đúng định dạng, không đọc được.") from None
    paragraphs = _pdf_paragraphs(pages)
    if not any(p.strip() for p in paragraphs):
        raise ReportReadError(
            "Tệp PDF không có lớp văn bản (có thể là bản quét hoặc ảnh chụp); hệ thống không hỗ trợ OCR. "
            "Hãy dùng tệp .docx hoặc PDF xuất trực tiếp từ Word."
        )
    return paragraphs


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
