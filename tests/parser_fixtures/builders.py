"""Build the sample report as .docx and .pdf, and small reports around a given paragraph."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TXT = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
GROUND_TRUTH = ROOT / "sample_data" / "hai_duong_2025.json"
# Debian's fonts-dejavu-core: a TTF that covers Vietnamese.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

FIGURE_KEYS = ("indicator", "value", "unit", "qualifier", "text", "task_area")
FINDING_KEYS = ("kind", "task_area", "order", "text")


def ground_truth() -> dict:
    return json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))


def sample_text() -> str:
    return SAMPLE_TXT.read_text(encoding="utf-8")


def sample_lines() -> list[str]:
    """The sample's non-empty lines, page-break artefacts included, as paragraphs."""
    return [line.strip() for line in sample_text().splitlines() if line.strip()]


def figures_as_dicts(report, keys=FIGURE_KEYS) -> list[dict]:
    return [{k: getattr(f, k) for k in keys} for f in report.figures]


def findings_as_dicts(report) -> list[dict]:
    return [{k: getattr(f, k) for k in FINDING_KEYS} for f in report.findings]


def build_docx(path: Path, lines: list[str], header_table: bool = True, boxed: str | None = None) -> Path:
    """The report as Word paragraphs. Like real Party reports, the letterhead (issuer, number,
    date) sits in a two-column table; the paragraph starting with ``boxed`` goes into a
    one-cell table, so the parser must read tables in document order."""
    import docx

    document = docx.Document()
    if header_table:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG\nĐẢNG ỦY PHƯỜNG HẢI DƯƠNG"
        table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
        table.cell(1, 0).text = "Số 123-BC/ĐU"
        table.cell(1, 1).text = "Hải Dương, ngày 20 tháng 5 năm 2026"
    for line in lines:
        if boxed and line.startswith(boxed):
            document.add_table(rows=1, cols=1).cell(0, 0).text = line
        else:
            document.add_paragraph(line)
    document.save(path)
    return path


def build_pdf(path: Path, lines: list[str]) -> Path:
    """The report as a PDF with a text layer: one paragraph per line, space between them."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def mini_report(
    results: str, *, section_heading: str = "2. Nâng cao chất lượng các cuộc vận động, phong trào thi đua"
) -> str:
    """A short report of the genre whose section III holds ``results``."""
    return "\n".join(
        [
            "BÁO CÁO",
            "Sơ kết thực hiện Kết luận số 62-KL/TW",
            "Ban Thường vụ Đảng ủy phường Hải Dương báo cáo như sau:",
            "PHẦN THỨ NHẤT",
            "I. BỐI CẢNH, TÌNH HÌNH",
            "***Về thuận lợi:**",
            "Thuận lợi cơ bản là sự quan tâm lãnh đạo của cấp ủy.",
            "III. KẾT QUẢ THỰC HIỆN",
            section_heading,
            results,
            "IV. ĐÁNH GIÁ CHUNG",
            "1. Ưu điểm",
            "Việc triển khai đạt nhiều kết quả tích cực.",
        ]
    )
