"""Hostile and malformed input, generated from a fixed seed: random bytes, truncated and corrupted
.docx/.xlsx zips, PDFs with broken streams, huge lines, control characters, injection strings,
bad encodings and file names. Through the parse path (report_parser.parse_bytes), the import
path (data_access.imports.import_report_bytes) and the write path (writes.save_report with
hostile rows), nothing but ReportReadError / WriteRefused may come out, and an input that is
refused changes no row. The test prints its own figures."""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest
from sqlalchemy import text

from data_access import imports, writes
from data_access.backup import table_checksums
from data_access.security import Actor
from report_parser import ReportReadError, parse_bytes
from tests.parser_fixtures import builders

SEED = 62
EDITOR = Actor("fuzz-editor", "editor", provinces=frozenset({31}))
HOSTILE = [
    "'; DROP TABLE report; --", '" OR 1=1 --', "%", "%%", "_", "\\", "<script>alert(1)</script>",
    "[link](http://x)", "![img](x)", "$x^2$", "$$\\frac{1}{0}$$", "{{7*7}}", "${jndi:ldap://x/a}", "%s%s%n",
    "{0}", "\x00", "\u202e", "\ufeff", "😀", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    ":red[đỏ]", ":material/delete:", "**đậm**", "<!--", "</div>", "SELECT * FROM user_account", "NULL",
    "NaN", "-1", "1e309", "trên 99999999999999999999999 đảng viên", "\x1b[31m", "\x07\x08\x0b\x0c",
    "A" * 5000, "\r\n\r\n", "𝕏𝕐", "a\u0301\u0302\u0303", "../../etc/passwd",
]
CONTROL = [chr(c) for c in range(32) if chr(c) not in "\n"] + ["\x7f", "\u2028", "\u2029", "\ud800"]


def _zip_with(data: bytes, member: str, transform) -> bytes:
    """A copy of the zip `data` with one member's bytes transformed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            dst.writestr(item.filename, transform(content) if item.filename == member else content)
    return out.getvalue()


def _flip(rng: random.Random, data: bytes, n: int) -> bytes:
    buf = bytearray(data)
    for _ in range(n):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><l>&d;&d;&d;</l>'
)


def _mutate_xml(xml: bytes, k: int, r: random.Random) -> bytes:
    if k == 0:
        return xml[: r.randrange(len(xml))]
    if k == 1:
        return _flip(r, xml, 20)
    if k == 2:
        hostile = r.choice(HOSTILE).replace("&", "&amp;").replace("<", "&lt;")
        return xml.replace(b"<w:t>", ("<w:t>" + hostile).encode("utf-8", "surrogatepass"), 3)
    return BILLION_LAUGHS


def _xlsx(lines: list[str]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for i, line in enumerate(lines, start=1):
        book.active.cell(row=i, column=1, value=line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def generate_inputs(tmp_path) -> list[tuple[str, bytes, str | None]]:
    """(kind, bytes, file name) of every generated input, always the same for the seed."""
    rng = random.Random(SEED)
    full_text = builders.sample_text()
    mini = builders.mini_report("Năm 2025 hỗ trợ 04 hộ khó khăn, trên 1.000 suất quà trị giá 500 triệu đồng.")
    mini_lines = [line for line in mini.splitlines() if line.strip()] + [
        "2. Hạn chế", "Một số nơi còn hình thức.", "PHẦN THỨ HAI", "I. NHIỆM VỤ, GIẢI PHÁP",
        "1. Tăng cường tuyên truyền.", "II. KIẾN NGHỊ, ĐỀ XUẤT", "1. Đề nghị hỗ trợ kinh phí.",
    ]
    mini = "\n".join(mini_lines)
    docx = builders.build_docx(tmp_path / "mini.docx", mini_lines).read_bytes()
    pdf = builders.build_pdf(tmp_path / "mini.pdf", mini_lines[:12]).read_bytes()
    xlsx = _xlsx(mini_lines)
    inputs: list[tuple[str, bytes, str | None]] = []
    add = inputs.append

    for i in range(250):  # random bytes, some with a plausible magic number in front
        body = rng.randbytes(rng.choice([0, 1, 7, 100, 1000, 20000]))
        prefix = rng.choice([b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"])
        add(("random", prefix + body, rng.choice(["x.txt", "x.docx", "x.pdf", "x.bin", None, f"r{i}"])))
    for _ in range(100):  # truncated .docx
        add(("docx-truncated", docx[: rng.randrange(len(docx))], "bao-cao.docx"))
    for _ in range(100):  # corrupted .docx: flipped bytes anywhere
        add(("docx-corrupt", _flip(rng, docx, rng.choice([1, 5, 50])), "bao-cao.docx"))
    for _ in range(60):  # valid zip, broken or hostile document.xml
        k, r = rng.randrange(4), random.Random(rng.random())
        add(("docx-xml", _zip_with(docx, "word/document.xml", lambda xml, k=k, r=r: _mutate_xml(xml, k, r)),
             "bao-cao.docx"))
    add(("docx-bomb", _zip_with(docx, "word/document.xml", lambda _x: b" " * 150_000_000), "bom.docx"))
    for _ in range(50):  # .xlsx, whole, truncated, corrupted
        choice = rng.randrange(3)
        data = xlsx if choice == 0 else xlsx[: rng.randrange(len(xlsx))] if choice == 1 else _flip(rng, xlsx, 10)
        add(("xlsx", data, rng.choice(["bang.xlsx", "bang.docx", "bang.txt"])))
    for _ in range(80):  # PDFs: truncated, broken streams, flipped bytes
        k = rng.randrange(3)
        if k == 0:
            data = pdf[: rng.randrange(len(pdf))]
        elif k == 1:
            start = pdf.find(b"stream", rng.randrange(len(pdf) // 2))
            data = pdf if start < 0 else pdf[: start + 7] + rng.randbytes(200) + pdf[start + 207:]
        else:
            data = _flip(rng, pdf, rng.choice([3, 30]))
        add(("pdf", data, "bao-cao.pdf"))
    for size in (10_000, 200_000, 2_000_000):  # huge lines
        add(("huge-line", (mini + "\n" + "Ư" * size).encode(), "dai.txt"))
        add(("huge-line", ("x" * size).encode(), "dai.txt"))
    add(("many-lines", ("\n" * 500_000).encode(), "trong.txt"))
    add(("many-lines", (mini + "\n") .encode() * 200, "lap.txt"))
    for _ in range(120):  # control characters sprinkled in a report
        chars = list(mini)
        for _ in range(rng.choice([1, 10, 100])):
            chars.insert(rng.randrange(len(chars)), rng.choice(CONTROL))
        add(("control", "".join(chars).encode("utf-8", "surrogatepass"), "dieu-khien.txt"))
    for i in range(200):  # injection strings in findings, headings and figures
        lines = list(mini_lines)
        for _ in range(rng.choice([1, 3])):
            j = rng.randrange(len(lines))
            hostile = rng.choice(HOSTILE)
            lines[j] = rng.choice([hostile, lines[j] + " " + hostile, hostile + " " + lines[j]])
        source = full_text if i % 10 == 0 else "\n".join(lines)
        if i % 10 == 0:
            source = source.replace("Thuận lợi cơ bản", rng.choice(HOSTILE) + " Thuận lợi cơ bản", 1)
        add(("injection", source.encode("utf-8", "surrogatepass"), rng.choice(["bao-cao.txt", None, "x.docx"])))
    for _ in range(100):  # structural mutations: dropped, repeated, shuffled lines
        lines = list(mini_lines)
        op = rng.randrange(3)
        if op == 0:
            lines = [line for line in lines if rng.random() > 0.3]
        elif op == 1:
            lines = lines + rng.sample(lines, k=min(5, len(lines)))
        else:
            rng.shuffle(lines)
        add(("structure", "\n".join(lines).encode(), "bao-cao.txt"))
    for encoding in ("utf-16", "utf-16-be", "utf-32", "cp1258", "latin-1", "ascii"):
        add(("encoding", mini.encode(encoding, errors="replace"), "ma-hoa.txt"))
    for name in ("../../etc/passwd", "a" * 1000 + ".txt", "", "x\x00.txt", "CON.txt", "báo cáo.PDF",
                 "<script>.txt", "x.txt.exe", "%s.txt", "'; DROP TABLE report; --.txt"):
        add(("filename", mini.encode(), name))
    return inputs


def _fingerprint(engine) -> tuple:
    """Cheap: row count, highest id and current-report count of every table that writes touch."""
    parts = []
    for table in ("report", "indicator_value", "finding", "target", "audit_log", "user_account", "user_scope"):
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX(id) FROM {table})")
    parts.append("(SELECT COUNT(*) FROM report WHERE is_current)")
    parts.append("(SELECT SUM(target_value) FROM target)")
    with engine.connect() as conn:
        return tuple(conn.execute(text("SELECT " + ", ".join(parts))).one())


@pytest.fixture(scope="module")
def fuzz_inputs(tmp_path_factory):
    return generate_inputs(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def parse_outcomes(fuzz_inputs):
    """The parse path over every input: {index: "parsed" | "refused"}; uncaught errors listed."""
    outcomes, uncaught, slow = {}, [], []
    for i, (kind, data, name) in enumerate(fuzz_inputs):
        started = time.monotonic()
        try:
            parse_bytes(data, name)
            outcomes[i] = "parsed"
        except ReportReadError as exc:
            assert str(exc).strip(), (kind, name)
            outcomes[i] = "refused"
        except Exception as exc:  # noqa: BLE001 - what this test is looking for
            uncaught.append((i, kind, name, repr(exc)[:200]))
        if time.monotonic() - started > 10:
            slow.append((i, kind, round(time.monotonic() - started, 1)))
    return outcomes, uncaught, slow


def test_parse_path_survives_every_hostile_input(fuzz_inputs, parse_outcomes, capsys):
    outcomes, uncaught, slow = parse_outcomes
    parsed = sum(1 for v in outcomes.values() if v == "parsed")
    with capsys.disabled():
        print(
            f"\nrobustness (parse path): {len(fuzz_inputs)} inputs, {parsed} read as reports, "
            f"{len(outcomes) - parsed} refused with a message, {len(uncaught)} uncaught, {len(slow)} slower than 10 s"
        )
    assert len(fuzz_inputs) >= 1000
    assert uncaught == []
    assert slow == []


HOSTILE_ROWS = [
    {"figures": [{"value": -1}]},
    {"figures": [{"value": float("nan")}]},
    {"figures": [{"value": float("inf")}]},
    {"figures": [{"value": 1e300}]},
    {"figures": [{"value": "1; DROP TABLE report"}]},
    {"figures": [{"value": None}]},
    {"figures": [{"value": True}]},
    {"figures": [{"value": 1, "indicator_code": "'; DROP TABLE report; --"}]},
    {"figures": [{"value": 1, "qualifier": "<script>"}]},
    {"figures": [{"value": 1, "unit": "x" * 61}]},
    {"figures": [{"value": 1, "task_area_code": "nowhere"}]},
    {"figures": [{"value": 1, "figure_text": "a\x00b"}]},
    {"figures": [{"value": 1, "position": "first"}]},
    {"figures": "not a list"},
    {"figures": [["value", 1]]},
    {"findings": [{"kind": "opinion", "text": "x"}]},
    {"findings": [{"kind": "strength", "text": ""}]},
    {"findings": [{"kind": "strength", "text": None}]},
    {"findings": [{"kind": "strength", "text": 42}]},
    {"findings": [{"kind": "strength", "text": "NUL \x00 giữa câu"}]},
    {"findings": [{"kind": "strength"}]},
    {"report": {"document_number": "9" * 61}},
    {"report": {"document_date": "31/02/2025"}},
    {"report": {"document_date": "'; DROP TABLE report; --"}},
    {"report": {"title": "a\x00"}},
    {"report": "not a dict"},
    {"ward_code": 99999999},
    {"ward_code": "10525; DROP TABLE ward"},
    {"ward_code": None},
    {"year": 1999},
    {"year": 2999},
    {"year": "2025 OR 1=1"},
    {"year": 2024.5},
    {"subject_code": "'; DROP TABLE subject; --"},
    {"subject_code": "KL99"},
]


def test_import_and_write_paths_change_nothing_when_they_refuse(sample_engine, fuzz_inputs, parse_outcomes, capsys):
    engine = sample_engine
    outcomes, _, _ = parse_outcomes
    rng = random.Random(SEED)
    parsed = [i for i, v in outcomes.items() if v == "parsed"]
    refused = [i for i, v in outcomes.items() if v == "refused"]
    chosen = rng.sample(parsed, k=min(40, len(parsed))) + rng.sample(refused, k=min(60, len(refused)))
    full_before = table_checksums(engine)
    attempts = accepted = refusals = changed_by_refusal = 0
    uncaught: list = []

    def attempt(label, call):
        nonlocal attempts, accepted, refusals, changed_by_refusal
        attempts += 1
        before = _fingerprint(engine)
        try:
            result = call()
        except (ReportReadError, writes.WriteRefused) as exc:
            refusals += 1
            assert str(exc).strip()
            if _fingerprint(engine) != before:
                changed_by_refusal += 1
            return
        except Exception as exc:  # noqa: BLE001 - what this test is looking for
            uncaught.append((label, repr(exc)[:300]))
            return
        if getattr(result, "saved", True):
            accepted += 1
        elif _fingerprint(engine) != before:  # a dry run or an unchanged text writes nothing
            changed_by_refusal += 1

    for i in chosen:  # the import path: a dry run, then for real
        kind, data, name = fuzz_inputs[i]
        attempt((kind, "dry"), lambda d=data, n=name: imports.import_report_bytes(engine, d, n, actor=EDITOR,
                                                                                   dry_run=True))
        attempt((kind, "import"), lambda d=data, n=name: imports.import_report_bytes(engine, d, n, actor=EDITOR,
                                                                                      ward_code=10525, year=2024))
    base = {
        "ward_code": 10525, "year": 2024, "subject_code": "KL62", "report": {"title": "Báo cáo"},
        "figures": [{"value": 1, "indicator_code": "party_members"}], "findings": [{"kind": "strength", "text": "x"}],
    }
    for hostile in HOSTILE_ROWS:  # the write path with hostile rows
        attempt(
            ("rows", str(hostile)[:60]), lambda h=hostile: writes.save_report(engine, actor=EDITOR, **{**base, **h})
        )
    for actor in (None, Actor("anon", "anonymous"), Actor("v", "viewer"), Actor("e", "editor", wards=frozenset({1}))):
        attempt(("actor", str(actor)), lambda a=actor: writes.save_report(engine, actor=a, **base))

    if accepted == 0:
        assert table_checksums(engine) == full_before
    with engine.connect() as conn:
        doubled = conn.execute(text(
            "SELECT ward_code, year, subject_id FROM report WHERE is_current "
            "GROUP BY ward_code, year, subject_id HAVING COUNT(*) > 1")).all()
    with capsys.disabled():
        print(
            f"\nrobustness ({engine.dialect.name}, import and write paths): {attempts} inputs, {accepted} accepted, "
            f"{refusals} refused with a message, {len(uncaught)} uncaught, "
            f"{changed_by_refusal} rows changed by a refusal"
        )
        print(
            f"robustness: {len(fuzz_inputs) + attempts} inputs ({engine.dialect.name}), "
            f"{len(uncaught) + len(parse_outcomes[1])} uncaught, {changed_by_refusal} rows changed"
        )
    assert uncaught == []
    assert changed_by_refusal == 0
    assert doubled == []
    assert refusals >= len(HOSTILE_ROWS) + 4
