"""Pure reader of real report texts: a file or text in, ``ParsedReport`` out.

It reads ward, commune and Front committees' reports on Conclusion 62-KL/TW and on other
resolutions and campaigns, in any layout: the report with its headings, or a portal's or
newspaper's summary of it. Only unreadable input is refused (``ReportReadError``).

No database, no Streamlit: stdlib, lxml, pypdfium2, vietnam-provinces (official unit
codes) and the data of vietnamadminunits (2025 conversion of former units). See
docs/report_parser.md for the output schema.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from domain.vocabulary import KIND_LABELS

from .catalogue import Indicator, default_indicators, load_indicators
from .figures import extract_figures
from .findings import extract_findings
from .metadata import extract_metadata
from .model import FINDING_KINDS, TASK_AREAS, Figure, Finding, Metadata, ParsedReport, ReportReadError
from .numbers import read_number
from .reading import DEFAULT_MAX_BYTES, read_bytes, read_path, read_stream
from .sections import body_blocks, segment
from .text import drop_page_counters, fold, join_broken_paragraphs, split_paragraphs, strip_page_chrome

__all__ = [
    "parse_report",
    "parse_text",
    "parse_bytes",
    "ParsedReport",
    "Metadata",
    "Figure",
    "Finding",
    "ReportReadError",
    "Indicator",
    "load_indicators",
    "read_number",
    "fold",
    "DEFAULT_MAX_BYTES",
    "FINDING_KINDS",
    "TASK_AREAS",
]

_MAX_UNLINKED_WARNINGS = 50
MAX_FINDINGS = 1000

Source = str | os.PathLike | bytes | bytearray | BinaryIO



def parse_report(
    source: Source,
    *,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    indicators: list[Indicator] | None = None,
) -> ParsedReport:
    """Parse a report from a path, bytes (give ``filename``), a binary file object, or text.

    A ``str`` is a path unless it contains a line break (then it is the report's text).
    Raises ReportReadError, and only that, when the input cannot be read as a report.
    """
    if isinstance(source, (bytes, bytearray)):
        return parse_bytes(bytes(source), filename, max_bytes=max_bytes, indicators=indicators)
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return parse_text(source, filename, indicators=indicators)
    if isinstance(source, (str, os.PathLike)):
        return _guarded(lambda: read_path(source, max_bytes), filename or Path(source).name, indicators)
    if hasattr(source, "read"):
        name = filename or Path(getattr(source, "name", "") or "").name or None
        return _guarded(lambda: read_stream(source, name, max_bytes), name, indicators)
    raise ReportReadError("Không nhận dạng được nguồn báo cáo (cần đường dẫn tệp, nội dung tệp hoặc văn bản).")


def parse_bytes(
    data: bytes,
    filename: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    indicators: list[Indicator] | None = None,
) -> ParsedReport:
    """Parse the content of a .txt, .docx or .pdf file; the type is told from the bytes."""
    return _guarded(lambda: read_bytes(data, filename, max_bytes), filename, indicators)


def parse_text(text: str, filename: str | None = None, *, indicators: list[Indicator] | None = None) -> ParsedReport:
    """Parse a report given as text (one paragraph per line)."""
    return _guarded(lambda: split_paragraphs(text), filename, indicators)


def _guarded(read, filename: str | None, indicators: list[Indicator] | None) -> ParsedReport:
    try:
        paragraphs = read()
        return _analyse(paragraphs, filename, indicators)
    except ReportReadError:
        raise
    except Exception as exc:  # the contract: nothing but ReportReadError leaves parse_*
        raise ReportReadError(f"Không đọc được báo cáo do lỗi không mong đợi ({type(exc).__name__}).") from exc


def _analyse(paragraphs: list[str], filename: str | None, indicators: list[Indicator] | None) -> ParsedReport:
    # Only unreadable input is refused (empty here; not text, encrypted or too big in
    # reading.py). Any readable text gives a report: what was found, and warnings for what
    # was not, so that staff decide at the review step.
    if not paragraphs:
        raise ReportReadError("Tệp không có nội dung văn bản.")
    paragraphs = drop_page_counters(join_broken_paragraphs(strip_page_chrome(paragraphs)))
    if not paragraphs:
        raise ReportReadError("Tệp không có nội dung văn bản.")
    warnings: list[str] = []
    skeleton = segment(paragraphs)
    findings = extract_findings(skeleton.blocks)
    if len(findings) > MAX_FINDINGS:  # output bound: a hostile text must not give megabytes
        warnings.append(
            f"Văn bản có quá nhiều nhận định: chỉ lấy {MAX_FINDINGS} nhận định đầu tiên, "
            f"bỏ qua {len(findings) - MAX_FINDINGS} nhận định còn lại."
        )
        findings = findings[:MAX_FINDINGS]
    metadata = extract_metadata(paragraphs, warnings, filename)
    warnings.extend(skeleton.warnings)
    catalogue = default_indicators() if indicators is None else indicators
    figures = extract_figures(body_blocks(skeleton.blocks), catalogue, warnings)
    main_sections = skeleton.sections_found & {"context", "results", "assessment", "tasks", "recommendations"}
    if not main_sections:
        warnings.append(
            "Không thấy các mục của báo cáo sơ kết, tổng kết (Bối cảnh, Kết quả thực hiện, Đánh giá chung, "
            "Nhiệm vụ, giải pháp): số liệu và nhận định được đọc từ toàn văn, cần kiểm tra kỹ."
        )
    present = {f.kind for f in findings}
    missing = [label.lower() for kind, label in KIND_LABELS.items() if kind not in present]
    if missing:
        warnings.append("Không thấy mục hoặc nội dung về: " + "; ".join(missing) + ".")
    if not figures:
        warnings.append("Không tìm thấy số liệu nào trong văn bản.")
    if not findings:
        warnings.append("Không tìm thấy nhận định nào (ưu điểm, hạn chế, nhiệm vụ…) trong văn bản.")
    unlinked = [fig for fig in figures if fig.indicator is None] if catalogue else []
    for fig in unlinked[:_MAX_UNLINKED_WARNINGS]:
        warnings.append(f"Số liệu «{fig.text}» chưa gắn được với chỉ tiêu nào trong danh mục.")
    if len(unlinked) > _MAX_UNLINKED_WARNINGS:
        warnings.append(f"Còn {len(unlinked) - _MAX_UNLINKED_WARNINGS} số liệu khác chưa gắn được với chỉ tiêu nào.")
    return ParsedReport(metadata=metadata, figures=figures, findings=findings, warnings=warnings)
