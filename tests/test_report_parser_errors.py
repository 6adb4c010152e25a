"""Files that are not readable reports: one clear Vietnamese message, never a traceback."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_parser import ReportReadError, parse_bytes, parse_report
from tests.parser_fixtures.builders import DEJAVU, ROOT, build_docx, sample_lines, sample_text

NEWS = """Hà Nội mưa lớn, nhiều tuyến phố ngập sâu

Chiều 12/8, mưa lớn kéo dài hơn 2 giờ khiến nhiều tuyến phố ở Hà Nội ngập sâu 30-50 cm.
Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, lượng mưa phổ biến 80-120 mm.
Nhiều phương tiện chết máy, người dân phải dắt bộ qua các điểm ngập.
"""


def legacy_bytes(text: str) -> bytes:
    """Vietnamese in Windows-1258 (base letter + combining tone), as old Word files save it."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
            )
            tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            out += (base + tones).encode("cp1258")
    return bytes(out)


def _docx_bytes(tmp_path: Path) -> bytes:
    return build_docx(tmp_path / "full.docx", sample_lines()).read_bytes()


def _pdf(tmp_path: Path, *, text: bool, user_password: str | None = None) -> Path:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.set_font("DejaVu", size=11)
        for line in sample_lines()[:40]:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    else:
        # A scanned page: only an image, no text layer.
        image = io.BytesIO()
        Image.new("L", (200, 280), color=200).save(image, format="PNG")
        pdf.image(image, x=10, y=10, w=190)
    if user_password:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    path = tmp_path / ("encrypted.pdf" if user_password else "scan.pdf")
    pdf.output(str(path))
    return path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_FILES = {
    "empty": lambda tmp: _write(tmp, "rong.txt", b""),
    "random-docx": lambda tmp: _write(tmp, "bao-cao.docx", random.Random(1).randbytes(4096)),
    "truncated-docx": lambda tmp: _write(tmp, "cat-ngang.docx", _docx_bytes(tmp)[:5000]),
    "encrypted-pdf": lambda tmp: _pdf(tmp, text=True, user_password="mat-khau"),
    "image-only-pdf": lambda tmp: _pdf(tmp, text=False),
    "legacy-txt": lambda tmp: _write(tmp, "tcvn.txt", legacy_bytes(sample_text())),
    "not-a-pdf": lambda tmp: _write(tmp, "bao-cao.pdf", b"Day khong phai PDF\n" * 10),
}

EXPECTED_WORDS = {
    "empty": "rỗng",
    "random-docx": ".docx",
    "truncated-docx": "hỏng",
    "encrypted-pdf": "mật khẩu",
    "image-only-pdf": "không hỗ trợ OCR",
    "legacy-txt": "UTF-8",
    "not-a-pdf": "PDF",
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_raises_one_clear_vietnamese_error(case, tmp_path):
    path = BAD_FILES[case](tmp_path)
    with pytest.raises(ReportReadError) as info:
        parse_report(path)
    message = info.value.message_vi
    assert EXPECTED_WORDS[case] in message
    assert "\n" not in message and str(info.value) == message


def test_readable_text_that_is_no_report_is_read_with_warnings_not_refused(tmp_path):
    """Since issue 11 only unreadable input is refused; a news item on another topic gives a
    report with nothing in it and warnings that say so, for staff to decide at review."""
    report = parse_report(_write(tmp_path, "bao-chi.txt", NEWS.encode("utf-8")))
    assert report.figures == [] and report.findings == []
    assert any("Không tìm thấy số liệu" in w for w in report.warnings)
    assert any("Không tìm thấy nhận định" in w for w in report.warnings)


def test_image_only_pdf_message_says_no_text_layer(tmp_path):
    with pytest.raises(ReportReadError, match="không có lớp văn bản"):
        parse_report(_pdf(tmp_path, text=False))


def test_legacy_sample_is_really_not_utf8():
    # Guards the test above: the legacy file must fail as UTF-8, not pass for another reason.
    with pytest.raises(UnicodeDecodeError):
        legacy_bytes(sample_text()).decode("utf-8")


def test_unencrypted_pdf_of_the_same_builder_is_readable(tmp_path):
    # Guards the encrypted case: the same PDF without a password does parse.
    report = parse_report(_pdf(tmp_path, text=True))
    assert report.metadata.unit_code == 10525


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "lon.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(ReportReadError, match="quá lớn"):
        parse_report(path)


def test_size_limit_is_a_parameter():
    data = sample_text().encode("utf-8")
    with pytest.raises(ReportReadError, match="quá lớn"):
        parse_bytes(data, "bao-cao.txt", max_bytes=1024)
    assert parse_bytes(data, "bao-cao.txt", max_bytes=len(data)).figures


def test_missing_file(tmp_path):
    with pytest.raises(ReportReadError, match="Không tìm thấy"):
        parse_report(tmp_path / "khong-co.docx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(
        [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
    ),
    body=st.binary(max_size=2000),
    name=st.sampled_from(["a.txt", "a.docx", "a.pdf", None]),
)
def test_any_bytes_give_a_report_or_a_report_read_error(prefix, body, name):
    try:
        parse_bytes(prefix + body, name)
    except ReportReadError as exc:
        assert exc.message_vi


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_cut_of_the_sample_gives_a_report_or_a_report_read_error(data):
    lines = sample_text().split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start, len(lines)))
    try:
        report = parse_bytes("\n".join(lines[start:end]).encode("utf-8"), "a.txt")
    except ReportReadError:
        return
    # Any readable cut gives a report; one without findings says so in its warnings.
    assert report.findings or any("Không tìm thấy nhận định" in w for w in report.warnings)


@pytest.mark.parametrize("case", ["random-docx", "image-only-pdf", "legacy-txt"])
def test_command_line_exits_1_with_one_line_on_stderr(case, tmp_path):
    path = BAD_FILES[case](tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "report_parser", str(path)], capture_output=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == b""
    stderr = result.stderr.decode("utf-8")
    assert len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr and EXPECTED_WORDS[case] in stderr
