"""The real Hải Dương report, as text, .docx and .pdf, and with the heading and number
variants seen in other reports, must give the figures and findings of its ground truth."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter

import pytest

from report_parser import ParsedReport, parse_bytes, parse_report, parse_text
from tests.parser_fixtures.builders import (
    DEJAVU,
    FIGURE_KEYS,
    ROOT,
    SAMPLE_TXT,
    build_docx,
    build_pdf,
    figures_as_dicts,
    findings_as_dicts,
    ground_truth,
    sample_lines,
    sample_text,
)

GT = ground_truth()
GT_FIGURES = [{k: f[k] for k in FIGURE_KEYS} for f in GT["figures"]]
GT_FINDINGS = [{k: f[k] for k in ("kind", "task_area", "order", "text")} for f in GT["findings"]]


@pytest.fixture(scope="module")
def sample() -> ParsedReport:
    return parse_report(SAMPLE_TXT)


def assert_same_as_ground_truth(report: ParsedReport) -> None:
    assert figures_as_dicts(report) == GT_FIGURES
    assert findings_as_dicts(report) == GT_FINDINGS


# --- the sample as written ------------------------------------------------------------


def test_sample_figures_are_exactly_the_ground_truth(sample):
    assert figures_as_dicts(sample) == GT_FIGURES
    for figure, expected in zip(sample.figures, GT["figures"], strict=True):
        assert figure.text in figure.sentence
        assert figure.sentence == expected["sentence"]


def test_sample_findings_are_exactly_the_ground_truth(sample):
    counts = Counter(f.kind for f in sample.findings)
    assert counts == {
        "advantage": 1,
        "difficulty": 1,
        "strength": 1,
        "limitation": 2,
        "cause": 1,
        "lesson": 5,
        "task": 7,
        "recommendation": 3,
    }
    assert findings_as_dicts(sample) == GT_FINDINGS


def test_sample_findings_exclude_overall_assessment_intros_and_distribution_list(sample):
    texts = [f.text for f in sample.findings]
    assert not any(t.startswith(("Nhìn chung", "Qua quá trình", "Nhằm tiếp tục", "Ban Tuyên giáo")) for t in texts)
    assert not any("Lưu VPĐU" in t for t in texts)


def test_sample_metadata(sample):
    meta = sample.metadata
    assert meta.unit_code == GT["unit_code"] == 10525
    assert meta.province_code == GT["province_code"] == 31
    assert meta.unit_name == GT["unit_name"]
    assert meta.issuing_body == GT["issuing_body"]
    assert meta.year == GT["year"] == 2025
    assert meta.subject == GT["subject"]
    assert meta.title == GT["title"]
    # The report states neither its own number nor its date; the cited Công văn's must not leak in.
    assert meta.document_number is None
    assert meta.document_date is None
    assert sample.warnings == []


def test_parse_text_and_bytes_agree_with_parse_report(sample):
    from_text = parse_text(sample_text())
    from_bytes = parse_bytes(SAMPLE_TXT.read_bytes(), "bao-cao.txt")
    assert figures_as_dicts(from_text) == figures_as_dicts(from_bytes) == figures_as_dicts(sample)
    assert findings_as_dicts(from_text) == findings_as_dicts(from_bytes) == findings_as_dicts(sample)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16-bom", "crlf"],
)
def test_text_encodings(encode, tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(encode(sample_text()))
    assert_same_as_ground_truth(parse_report(path))


def test_to_dict_is_json_ready(sample):
    data = json.loads(json.dumps(sample.to_dict(), ensure_ascii=False))
    assert set(data) == {"metadata", "figures", "findings", "warnings"}
    assert data["metadata"]["unit_code"] == 10525
    assert [f["value"] for f in data["figures"]] == [f["value"] for f in GT["figures"]]


# --- the same report as .docx and .pdf ------------------------------------------------


def test_docx_with_letterhead_and_a_table_gives_the_same_report(tmp_path):
    path = build_docx(tmp_path / "bao-cao.docx", sample_lines(), boxed="Công tác an sinh xã hội")
    report = parse_report(path)
    assert_same_as_ground_truth(report)
    # The letterhead table carries the report's own number and date.
    assert report.metadata.document_number == "123-BC/ĐU"
    assert report.metadata.document_date == dt.date(2026, 5, 20)
    assert report.metadata.year == 2025
    assert report.metadata.unit_code == 10525


def test_docx_detected_by_content_not_extension(tmp_path):
    path = build_docx(tmp_path / "bao-cao.docx", sample_lines(), header_table=False)
    report = parse_bytes(path.read_bytes(), "tai-len.bin")
    assert_same_as_ground_truth(report)


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs Debian package fonts-dejavu-core")
def test_pdf_with_text_layer_gives_the_same_report(tmp_path):
    path = build_pdf(tmp_path / "bao-cao.pdf", sample_lines())
    report = parse_report(path)
    assert_same_as_ground_truth(report)
    for figure, expected in zip(report.figures, GT["figures"], strict=True):
        assert figure.sentence == expected["sentence"]
    assert report.metadata.unit_code == 10525


# --- variants seen in other reports -----------------------------------------------------

HEADING_VARIANTS = [
    ("PHẦN THỨ NHẤT", "Phần thứ nhất"),
    ("I. BỐI CẢNH, TÌNH HÌNH", "A/- BỐI CẢNH, TÌNH HÌNH"),
    ("***Về thuận lợi:**", "Thuận lợi"),
    ("***Về khó khăn:**", "Về khó khăn:"),
    ("II. CÔNG TÁC QUẢN TRIỆT", "II- CÔNG TÁC QUẢN TRIỆT"),
    ("III. KẾT QUẢ THỰC HIỆN", "B/- KẾT QUẢ THỰC HIỆN"),
    ("1. Nâng cao nhận thức", "1/. Nâng cao nhận thức"),
    ("2. Nâng cao chất lượng các cuộc vận động", "3.2. Nâng cao chất lượng các cuộc vận động"),
    ("5. Tăng cường công tác dân vận", "5/- Tăng cường công tác dân vận"),
    ("IV. ĐÁNH GIÁ CHUNG", "ĐÁNH GIÁ CHUNG"),
    ("1. Ưu điểm", "ƯU ĐIỂM"),
    ("2. Hạn chế, khuyết điểm", "2/. Tồn tại, hạn chế:"),
    ("3. Nguyên nhân của những hạn chế, khuyết điểm", "3- Nguyên nhân"),
    ("4. Bài học kinh nghiệm.", "**Bài học kinh nghiệm**"),
    ("PHẦN THỨ HAI", "Phần thứ hai"),
    ("I. NHIỆM VỤ, GIẢI PHÁP", "I- NHIỆM VỤ, GIẢI PHÁP"),
    ("1. Tiếp tục quán triệt", "1/. Tiếp tục quán triệt"),
    ("- Một số phong trào", "+ Một số phong trào"),
    ("II. KIẾN NGHỊ, ĐỀ XUẤT", "B/- Kiến nghị, đề xuất"),
]


def _replace_line_start(text: str, old: str, new: str) -> str:
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"variant {old!r} must hit one line, hit {len(hits)}"
    lines[hits[0]] = new + lines[hits[0]][len(old) :]
    return "\n".join(lines)


def test_renamed_headings_give_the_same_findings_and_figures():
    text = sample_text()
    for old, new in HEADING_VARIANTS:
        text = _replace_line_start(text, old, new)
    report = parse_text(text)
    assert findings_as_dicts(report) == GT_FINDINGS
    assert figures_as_dicts(report) == GT_FIGURES


def test_bare_khuyet_diem_heading_and_heading_without_numbering():
    text = _replace_line_start(sample_text(), "2. Hạn chế, khuyết điểm", "khuyết điểm")
    text = _replace_line_start(text, "3. Nguyên nhân của những hạn chế, khuyết điểm", "Nguyên nhân")
    assert findings_as_dicts(parse_text(text)) == GT_FINDINGS


NUMBER_VARIANTS = [
    ("với 4.226 đảng viên", "với 4226 đảng viên", "4226 đảng viên"),
    ("đột xuất 04 hộ khó khăn", "đột xuất 04\n\nhộ khó khăn", "04 hộ"),
    ("trên 1.000 suất quà", "trên 1000suất quà", "trên 1000suất quà"),
    ("trên 500 triệu đồng", "trên 500.000.000 đồng", "trên 500.000.000 đồng"),
    ("trên 370 triệu đồng", "trên 370triệu đồng", "trên 370triệu đồng"),
    ("trên 1,7 tỷ đồng", "trên 1.700 triệu đồng", "trên 1.700 triệu đồng"),
    ("trên 3.000 lượt cử tri", "trên 3000 lượt cử tri", "trên 3000 lượt cử tri"),
    ("08 cuộc tiếp dân", "08cuộc tiếp dân", "08cuộc"),
]


def test_reformatted_numbers_give_the_same_values():
    text = sample_text()
    for old, new, _ in NUMBER_VARIANTS:
        assert text.count(old) == 1
        text = text.replace(old, new)
    report = parse_text(text)
    keys = ("indicator", "value", "unit", "qualifier", "task_area")
    assert figures_as_dicts(report, keys) == [{k: f[k] for k in keys} for f in GT["figures"]]
    assert [f.text for f in report.figures if f.text != f.text.strip()] == []
    written = {new_text for _, _, new_text in NUMBER_VARIANTS}
    assert written <= {f.text for f in report.figures}


def test_ti_spelling_of_billion():
    report = parse_text(sample_text().replace("trên 1,7 tỷ đồng", "trên 1,7 tỉ đồng"))
    relief = [f for f in report.figures if f.indicator == "disaster_relief"]
    assert [(f.value, f.unit, f.text) for f in relief] == [(1_700_000_000, "đồng", "trên 1,7 tỉ đồng")]


# --- command line -----------------------------------------------------------------------


def test_command_line_prints_the_report_as_json():
    result = subprocess.run(
        [sys.executable, "-m", "report_parser", str(SAMPLE_TXT)],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    data = json.loads(result.stdout.decode("utf-8"))
    assert set(data) == {"metadata", "figures", "findings", "warnings"}
    assert [{k: f[k] for k in FIGURE_KEYS} for f in data["figures"]] == GT_FIGURES
    assert all(
        {"value", "unit", "qualifier", "text", "sentence", "task_area", "indicator"} <= set(f) for f in data["figures"]
    )
    assert [f["text"] for f in data["findings"]] == [f["text"] for f in GT["findings"]]
    # Vietnamese is printed as is, not as \u escapes.
    assert "Phường Hải Dương".encode() in result.stdout


def test_assessment_without_its_own_heading_and_lessons_as_a_roman_section():
    text = sample_text().replace("\nIV. ĐÁNH GIÁ CHUNG\n", "\n")
    text = _replace_line_start(text, "4. Bài học kinh nghiệm.", "V. BÀI HỌC KINH NGHIỆM")
    assert "ĐÁNH GIÁ CHUNG" not in text
    assert findings_as_dicts(parse_text(text)) == GT_FINDINGS


# --- metadata of other wards ---------------------------------------------------------------


def _intro(issuer_sentence: str, extra: str = "") -> str:
    text = sample_text().replace(
        "Ban Thường vụ Đảng ủy phường Hải Dương báo cáo kết quả", issuer_sentence + " báo cáo kết quả"
    )
    text = text.replace("phường Hải Dương", "xã Tân Tiến").replace("Phường Hải Dương", "Xã Tân Tiến")
    return text.replace("Thành ủy Hải Phòng", extra)


def test_ambiguous_ward_name_is_resolved_by_the_province_mentioned():
    report = parse_text(_intro("Ban Thường vụ Đảng ủy xã Tân Tiến", "Tỉnh ủy Hưng Yên"))
    assert report.metadata.issuing_body == "Ban Thường vụ Đảng ủy xã Tân Tiến"
    assert (report.metadata.unit_code, report.metadata.province_code) == (12478, 33)
    assert report.warnings == []


def test_ambiguous_ward_name_without_province_gives_no_code_and_a_warning():
    report = parse_text(_intro("Ban Thường vụ Đảng ủy xã Tân Tiến", "cấp trên"))
    assert report.metadata.unit_code is None
    assert report.metadata.unit_name == "Xã Tân Tiến"
    assert any("Tân Tiến" in w and "trùng" in w for w in report.warnings)


def test_year_is_guessed_from_the_report_date_when_no_year_is_stated():
    text = sample_text().replace("năm 2025", "vừa qua")
    text = text.replace("BÁO CÁO\n", "Hải Dương, ngày 20 tháng 5 năm 2026\n\nBÁO CÁO\n", 1)
    report = parse_text(text)
    assert report.metadata.document_date == dt.date(2026, 5, 20)
    assert report.metadata.year == 2025
    assert any("suy ra" in w for w in report.warnings)
