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


# --- hand-made .docx: the XML Word writes, element by element -------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def run(text: str, *, deleted: bool = False, font: str | None = None) -> str:
    """One w:r; deleted text is w:delText, as Word writes it inside w:del."""
    tag = "w:delText" if deleted else "w:t"
    props = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{props}<{tag} xml:space="preserve">{xml_text(text)}</{tag}></w:r>'


def para(*inner: str) -> str:
    return "<w:p>" + "".join(inner) + "</w:p>"


def docx_from_body(body_xml: str, *, footnotes_xml: str | None = None) -> bytes:
    """A .docx whose document.xml body is `body_xml` (paragraphs, tables... as Word writes them)."""
    import io
    import zipfile

    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_DOCX_NAMESPACES}>'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
        if footnotes_xml is not None:
            zf.writestr("word/footnotes.xml", f'<w:footnotes {_DOCX_NAMESPACES}>{footnotes_xml}</w:footnotes>')
    return buffer.getvalue()


def sample_docx_with_tracked_insertion(inserted: str = "72 chi bộ, đảng bộ trực thuộc với 4.226 đảng viên") -> bytes:
    """The Hải Dương report as .docx where `inserted` was typed with Track Changes on (w:ins),
    next to a deletion that must not be read."""
    body = []
    for line in sample_lines():
        if inserted in line:
            before, after = line.split(inserted, 1)
            body.append(para(
                run(before),
                '<w:del w:id="1" w:author="Văn phòng" w:date="2026-05-01T00:00:00Z">'
                + run("65 chi bộ, đảng bộ trực thuộc với 3.900 đảng viên", deleted=True) + "</w:del>",
                '<w:ins w:id="2" w:author="Văn phòng" w:date="2026-05-01T00:00:00Z">' + run(inserted) + "</w:ins>",
                run(after),
            ))
        else:
            body.append(para(run(line)))
    return docx_from_body("".join(body))


def text_box(text: str) -> str:
    """A text box as Word 2010+ writes it: the shape (mc:Choice) and a VML copy (mc:Fallback)."""
    inner = f"<w:txbxContent>{para(run(text))}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{inner}'
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


# --- legacy Vietnamese font encodings ------------------------------------------------------

# TCVN3 (ABC), the encoding of the .VnTime fonts: each Vietnamese lower-case letter on one
# Latin-1 code point; upper case letters with a tone use the same codes in the .VnTimeH font.
_TCVN3 = dict(zip(
    "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ",
    "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóôõ­ö÷øùúûüýþ¡¢§£¤¥¦",
    strict=True,
))


def tcvn3(text: str) -> str:
    """`text` as a .VnTime document holds it (the glyph codes, read as Unicode code points)."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3:
            out.append(_TCVN3[ch])
        elif ch.lower() in _TCVN3 and ch not in "ĂÂĐÊÔƠƯ":
            out.append(_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def vni(text: str) -> str:
    """`text` as a VNI-Times document holds it: base letter, then the mark and tone as letters."""
    import unicodedata

    marks = {"\u0306": "ê", "\u0302": "â", "\u031b": "ö", "\u0300": "ø", "\u0301": "ù", "\u0309": "û",
             "\u0303": "õ", "\u0323": "ï"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append(decomposed[0] + "".join(marks.get(m, "") for m in decomposed[1:]))
    return "".join(out)


# --- hostile PDFs: small files that cost a naive reader a lot ------------------------------


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from its objects (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def pdf_nested_xobjects(depth: int = 40) -> bytes:
    """Each form XObject draws the next one twice: 2**depth text draws from a few KB."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
               _stream(b"/X Do"), font]
    first = 6
    for level in range(depth):
        number = first + level
        if level == depth - 1:
            content = b"BT /F1 12 Tf 72 720 Td (ho tro 5 ho) Tj ET"
            resources = b"/Resources << /Font << /F1 5 0 R >> >>"
        else:
            content = b"/Y Do /Y Do"
            resources = b"/Resources << /Font << /F1 5 0 R >> /XObject << /Y %d 0 R >> >>" % (number + 1)
        objects.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources))
    return raw_pdf(objects)


def pdf_huge_image(side: int = 100_000) -> bytes:
    """A page whose image claims side × side pixels (tens of GB decoded) from a few bytes."""
    import zlib

    pixels = zlib.compress(b"\x00" * 1_000_000, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /XObject << /I 5 0 R >> >> >>",
               _stream(b"q 595 0 0 842 0 0 cm /I Do Q"),
               _stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                       b"/BitsPerComponent 8 /Filter /FlateDecode" % (side, side))]
    return raw_pdf(objects)


def pdf_many_pages(pages: int, text: str = "ho tro 5 ho") -> bytes:
    """`pages` pages that all share one content stream of `text` lines: a tiny file, much reading."""
    lines = b" ".join(b"(%s) Tj 0 -14 Td" % text.encode("latin-1") for _ in range(50))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _stream(b"BT /F1 11 Tf 72 760 Td " + lines + b" ET"),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                       b"/Resources << /Font << /F1 4 0 R >> >> >>")
    return raw_pdf(objects)


def pdf_report_pages(path: Path, pages: int = 300) -> bytes:
    """An ordinary text PDF of `pages` pages: the Hải Dương report laid out by fpdf2, its pages
    repeated (pypdf) until there are `pages` of them."""
    import io

    from pypdf import PdfReader, PdfWriter

    source = PdfReader(build_pdf(path, sample_lines()))
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for page in source.pages:
            if len(writer.pages) < pages:
                writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_nested_tables(depth: int) -> bytes:
    """A table in a cell of a table … `depth` times."""
    inner = para(run("hỗ trợ 5 hộ"))
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}{para()}</w:tc></w:tr></w:tbl>"
    return docx_from_body(inner + para(run("Kết thúc")))


def docx_many_runs(runs: int) -> bytes:
    """One paragraph of `runs` tiny runs: XML that compresses to almost nothing."""
    return docx_from_body(para("".join(run("5 hộ ") for _ in range(runs))))
