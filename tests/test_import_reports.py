"""The importer: the real Hải Dương report (as .txt and as .docx) gives exactly its ground truth
in the database, re-importing keeps history, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.db import get_engine
from data_access.imports import ImportRefused, import_report_bytes, save_reviewed_report, units_frame
from data_access.models import Finding, IndicatorValue, Report
from data_access.writes import Actor, PermissionDenied, WriteRefused, system_actor
from importer.bounded import read_report
from importer.proposal import match_units_in_filename
from importer.review import draft_tables, rows_from_parsed
from report_parser import ReportReadError
from report_parser.text import fold
from tests.support.pages import ROOT

SAMPLE = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
TRUTH = json.loads((ROOT / "sample_data" / "hai_duong_2025.json").read_text(encoding="utf-8"))
TEXT = SAMPLE.read_text(encoding="utf-8")
SYSTEM = system_actor("test:import")
EDITOR = Actor(username="bien_tap_hp", role="editor", provinces=frozenset({31}))


def truth_figures() -> list[tuple]:
    return [(f["indicator"], float(f["value"]), f["unit"], f["qualifier"], f["text"]) for f in TRUTH["figures"]]


def truth_findings() -> list[tuple]:
    return [(f["kind"], f["order"], f["text"]) for f in TRUTH["findings"]]


def stored_report(engine, ward_code: int = 10525, year: int = 2025) -> tuple:
    """(current report row, its figures, its findings) as the ground truth's tuples."""
    with engine.connect() as conn:
        report = conn.execute(
            select(Report).where(Report.ward_code == ward_code, Report.year == year, Report.is_current)
        ).one()
        figures = conn.execute(
            select(
                IndicatorValue.indicator_code, IndicatorValue.value, IndicatorValue.unit,
                IndicatorValue.qualifier, IndicatorValue.figure_text,
            ).where(IndicatorValue.report_id == report.id).order_by(IndicatorValue.position)
        ).all()
        findings = conn.execute(
            select(Finding.kind, Finding.position, Finding.text)
            .where(Finding.report_id == report.id)
            .order_by(Finding.id)
        ).all()
    return report, [tuple(f) for f in figures], [tuple(f) for f in findings]


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.__tablename__: conn.scalar(select(func.count()).select_from(table))
            for table in (Report, IndicatorValue, Finding)
        }


def versions(engine, ward_code: int = 10525, year: int = 2025) -> list[tuple[int, bool]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(Report.version, Report.is_current)
                .where(Report.ward_code == ward_code, Report.year == year)
                .order_by(Report.version)
            )
        ]


def sample_docx() -> bytes:
    """The real report as a Word file: one paragraph per non-empty line of the text."""
    import docx

    document = docx.Document()
    for line in TEXT.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- the real report ------------------------------------------------------------------------


def test_real_report_into_an_empty_database_is_exactly_the_ground_truth(schema_db_url):
    engine = get_engine(schema_db_url)
    result = import_report_bytes(engine, SAMPLE.read_bytes(), SAMPLE.name, actor=SYSTEM)
    assert result.saved and result.status == "saved"
    assert (result.ward_code, result.ward_name, result.year) == (10525, "Phường Hải Dương", 2025)
    assert (result.version, result.replaced_version) == (1, None)
    report, figures, findings = stored_report(engine)
    assert figures == truth_figures()
    assert findings == truth_findings()
    assert report.title == TRUTH["title"] and report.issuing_body == TRUTH["issuing_body"]
    assert report.source_filename == "hai-duong-2026-kl62.txt"
    assert report.source_text == TEXT  # kept as written, page-break artefacts included
    assert report.is_sample is False
    assert "Đã lưu báo cáo của Phường Hải Dương năm 2025: 10 số liệu, 21 nhận định" in result.message


def test_reimport_into_the_sample_keeps_version_one_as_history(sample_db_url):
    engine = get_engine(sample_db_url)
    before = row_counts(engine)
    same = import_report_bytes(engine, SAMPLE.read_bytes(), SAMPLE.name, actor=SYSTEM)
    assert same.status == "unchanged" and not same.saved and "Không thay đổi" in same.message
    assert row_counts(engine) == before

    result = import_report_bytes(engine, SAMPLE.read_bytes(), SAMPLE.name, force=True, actor=SYSTEM)
    assert (result.version, result.replaced_version) == (2, 1)
    assert versions(engine) == [(1, False), (2, True)]
    _, figures, findings = stored_report(engine)
    assert figures == truth_figures() and findings == truth_findings()
    after = row_counts(engine)
    assert after["report"] == before["report"] + 1
    assert after["indicator_value"] == before["indicator_value"] + 10
    assert after["finding"] == before["finding"] + 21


def test_the_same_report_as_docx_gives_the_same_rows(sample_db_url):
    engine = get_engine(sample_db_url)
    result = import_report_bytes(engine, sample_docx(), "Bao cao KL62 Hai Duong.docx", actor=SYSTEM)
    assert result.saved and (result.version, result.replaced_version) == (2, 1)
    report, figures, findings = stored_report(engine)
    assert figures == truth_figures()
    assert findings == truth_findings()
    assert report.source_filename == "Bao cao KL62 Hai Duong.docx"
    assert "4.226 đảng viên" in report.source_text


def test_dry_run_writes_nothing_and_says_which_version_it_would_make(sample_db_url):
    engine = get_engine(sample_db_url)
    before = row_counts(engine)
    result = import_report_bytes(engine, sample_docx(), "hai-duong.docx", dry_run=True, actor=SYSTEM)
    assert not result.saved and result.status == "dry_run"
    assert (result.version, result.replaced_version) == (2, 1)
    assert len(result.figures) == 10 and len(result.findings) == 21
    assert row_counts(engine) == before


# --- bad input: a clear Vietnamese message, nothing written -------------------------------


def _unknown_unit_text() -> bytes:
    return TEXT.replace("Hải Dương", "Hoa Sen Tím").encode("utf-8")


NEWS = "Hà Nội mưa lớn\n\nChiều 12/8, mưa lớn kéo dài hơn 2 giờ khiến nhiều tuyến phố ngập sâu 30-50 cm.\n"


@pytest.mark.parametrize(
    ("data", "filename", "kwargs", "expected"),
    [
        (b"", "rong.txt", {}, "rỗng"),
        (bytes(range(256)) * 64, "bao-cao.docx", {}, "không phải là tệp Word"),
        (b"a" * (50 * 1024 * 1024), "lon.txt", {}, "Tệp quá lớn (50 MB)"),
        (_unknown_unit_text(), "bao-cao.txt", {}, "Không tìm thấy «Phường Hoa Sen Tím»"),
        (TEXT.replace("năm 2025", "năm 1995").encode(), SAMPLE.name, {}, "Năm báo cáo 1995 không hợp lệ"),
        (TEXT.replace("năm 2025", "năm 2099").encode(), SAMPLE.name, {}, "Năm báo cáo 2099 chưa tới"),
        (SAMPLE.read_bytes(), SAMPLE.name, {"year": 1990}, "Năm báo cáo 1990 không hợp lệ"),
        (SAMPLE.read_bytes(), SAMPLE.name, {"year": 2024}, "năm 2025, không phải năm 2024"),
        (SAMPLE.read_bytes(), SAMPLE.name, {"ward_code": 11407}, "không phải Phường An Biên"),
        (SAMPLE.read_bytes(), SAMPLE.name, {"ward_code": 99999999}, "Không có đơn vị hành chính mã 99999999"),
        # Refused by the parser's genre gate where it has one, else for holding nothing to save.
        (NEWS.encode(), "tin-tuc.txt", {"ward_code": 10525, "year": 2025},
         ("không phải là báo cáo sơ kết, tổng kết", "không có số liệu hay nhận định nào")),
    ],
    ids=["empty", "random-docx", "50MB", "unknown-unit", "year-1995", "future-year", "year-arg-1990",
         "year-mismatch", "unit-mismatch", "unit-unknown-code", "other-genre"],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(sample_db_url, data, filename, kwargs, expected):
    engine = get_engine(sample_db_url)
    before = row_counts(engine)
    with pytest.raises((ReportReadError, WriteRefused)) as caught:
        import_report_bytes(engine, data, filename, **kwargs, actor=SYSTEM)
    assert any(e in str(caught.value) for e in ((expected,) if isinstance(expected, str) else expected))
    assert row_counts(engine) == before


def test_the_unit_can_be_given_when_the_text_names_an_unknown_one(schema_db_url):
    engine = get_engine(schema_db_url)
    result = import_report_bytes(engine, _unknown_unit_text(), "bao-cao.txt", ward_code=10525, actor=SYSTEM)
    assert result.saved and (result.ward_code, result.year) == (10525, 2025)


def test_the_unit_is_found_in_the_file_name_when_the_text_does_not_say(schema_db_url):
    engine = get_engine(schema_db_url)
    result = import_report_bytes(engine, _unknown_unit_text(), "hai-duong-2026-kl62.txt", actor=SYSTEM)
    assert result.saved and result.ward_name == "Phường Hải Dương"
    assert any("tên tệp" in w for w in result.warnings)


def test_file_names_are_matched_accent_insensitively_and_ambiguity_is_refused(schema_db_url):
    engine = get_engine(schema_db_url)
    units = units_frame(engine)
    assert match_units_in_filename("hai-duong-2026-kl62.txt", units) == [(10525, "Phường Hải Dương")]
    assert match_units_in_filename("Báo cáo HẢI DƯƠNG.docx", units) == [(10525, "Phường Hải Dương")]
    assert match_units_in_filename("bao-cao-2025.pdf", units) == []
    # A name that several units share (in different provinces, accents aside) is ambiguous.
    communes = units[units["kind"] == "xã"].assign(bare=lambda d: [fold(n.split(" ", 1)[1]) for n in d["name"]])
    shared = communes.groupby("bare").filter(lambda g: len(g) > 1)
    name = shared["bare"].iloc[0]
    slug = "-".join(name.split())
    matches = match_units_in_filename(f"xa-{slug}-2025.txt", units)
    assert sorted(code for code, _ in matches) == sorted(shared.loc[shared["bare"] == name, "code"])
    assert len(matches) > 1
    before = row_counts(engine)
    with pytest.raises(ImportRefused, match="khớp với nhiều đơn vị"):
        import_report_bytes(engine, _unknown_unit_text(), f"xa-{slug}-2025.txt", actor=SYSTEM)
    assert row_counts(engine) == before


def test_a_figure_whose_indicator_is_not_in_the_catalogue_is_kept_unlinked():
    parsed, text = read_report(SAMPLE.read_bytes(), SAMPLE.name)
    rows = rows_from_parsed(parsed, source_text=text, known_indicators={"party_members"})
    linked = [f["indicator_code"] for f in rows["figures"]]
    assert linked.count("party_members") == 1 and linked.count(None) == 9
    assert all(f["source_excerpt"] and f["figure_text"] in f["source_excerpt"] for f in rows["figures"])
    assert rows["report"]["content_hash"] and rows["report"]["source_text"] == TEXT


# --- the reviewed save of the import page ---------------------------------------------------


def _draft():
    parsed, text = read_report(SAMPLE.read_bytes(), SAMPLE.name)
    rows = rows_from_parsed(parsed, source_text=text)
    figures, findings = draft_tables(rows)
    return rows["report"], figures, findings


def test_reviewed_rows_are_saved_as_edited(sample_db_url):
    engine = get_engine(sample_db_url)
    report, figures, findings = _draft()
    figures.loc[1, "value"] = 4230  # staff correct a figure
    figures = figures.drop(index=0)  # and delete a wrong row
    extra = {"indicator_code": None, "value": "2.941,86", "unit": "ha", "qualifier": None,
             "task_area_code": "campaigns", "figure_text": "2.941,86 ha", "source_excerpt": None}
    figures = pd.concat([figures, pd.DataFrame([extra, {}])], ignore_index=True)  # one added, one blank
    findings.loc[0, "kind"] = "strength"
    result = save_reviewed_report(
        engine, actor=EDITOR, ward_code=10525, year=2025, report=report, figures=figures, findings=findings
    )
    assert (result.version, result.replaced_version) == (2, 1)
    assert "Bỏ qua 1 dòng trống" in result.message
    _, stored_figures, stored_findings = stored_report(engine)
    assert len(stored_figures) == 10
    assert ("party_members", 4230.0, "đảng viên", None, "4.226 đảng viên") in stored_figures
    assert (None, 2941.86, "ha", None, "2.941,86 ha") in stored_figures
    assert not any(f[0] == "party_cells" for f in stored_figures)
    strengths = [f for f in stored_findings if f[0] == "strength"]
    assert [f[1] for f in strengths] == [1, 2]  # renumbered within the kind
    assert versions(engine) == [(1, False), (2, True)]


def test_invalid_reviewed_rows_are_listed_and_nothing_is_saved(sample_db_url):
    engine = get_engine(sample_db_url)
    report, figures, findings = _draft()
    figures.loc[2, "value"] = -4
    figures.loc[3, "indicator_code"] = "no_such_indicator"
    findings.loc[4, "kind"] = "opinion"
    findings.loc[5, "text"] = " "
    before = row_counts(engine)
    with pytest.raises(ImportRefused) as caught:
        save_reviewed_report(
            engine, actor=EDITOR, ward_code=10525, year=2025, report=report, figures=figures, findings=findings
        )
    message = str(caught.value)
    assert "Số liệu dòng 3: giá trị phải là một số không âm" in message
    assert "Số liệu dòng 4: chỉ tiêu «no_such_indicator» không có trong danh mục" in message
    assert "Nhận định dòng 5: loại nhận định «opinion» không hợp lệ" in message
    assert "Nhận định dòng 6: nội dung trống" in message
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    ("ward_code", "year", "expected"),
    [(None, 2025, "Chưa chọn đơn vị"), (10525, None, "Chưa chọn năm"), (10525, 1999, "không hợp lệ"),
     (10525, dt.date.today().year + 1, "chưa tới"), (123456789, 2025, "Không có đơn vị hành chính")],
)
def test_reviewed_save_needs_a_known_unit_and_a_valid_year(sample_db_url, ward_code, year, expected):
    engine = get_engine(sample_db_url)
    report, figures, findings = _draft()
    before = row_counts(engine)
    with pytest.raises(ImportRefused, match=expected):
        save_reviewed_report(
            engine, actor=EDITOR, ward_code=ward_code, year=year, report=report, figures=figures, findings=findings
        )
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    "actor",
    [None, Actor(username="xem", role="viewer"), Actor(username="bt_hn", role="editor", provinces=frozenset({1}))],
    ids=["anonymous", "viewer", "editor-of-another-province"],
)
def test_saving_needs_an_editor_of_the_unit(sample_db_url, actor):
    engine = get_engine(sample_db_url)
    report, figures, findings = _draft()
    before = row_counts(engine)
    with pytest.raises(PermissionDenied):
        save_reviewed_report(
            engine, actor=actor, ward_code=10525, year=2025, report=report, figures=figures, findings=findings
        )
    with pytest.raises(PermissionDenied):
        import_report_bytes(engine, sample_docx(), "hai-duong.docx", actor=actor)
    assert row_counts(engine) == before


def test_a_save_is_refused_when_another_version_became_current_meanwhile(sample_db_url):
    engine = get_engine(sample_db_url)
    report, figures, findings = _draft()
    import_report_bytes(engine, sample_docx(), "hai-duong.docx", actor=SYSTEM)  # someone else saves v2
    before = row_counts(engine)
    with pytest.raises(WriteRefused, match="vừa được người khác lưu"):
        save_reviewed_report(
            engine, actor=EDITOR, ward_code=10525, year=2025, report=report, figures=figures, findings=findings,
            expected_version=1,  # the page showed version 1 as current
        )
    assert row_counts(engine) == before


def test_the_sample_database_holds_what_the_importer_makes_of_the_real_text(sample_engine):
    """The sample loader imports the real report through the importer (not from the ground truth)."""
    report, figures, findings = stored_report(sample_engine)
    assert figures == truth_figures()
    assert findings == truth_findings()
    assert report.source_text == TEXT and report.version == 1 and report.is_sample is False
    parsed, text = read_report(SAMPLE.read_bytes(), SAMPLE.name)
    assert report.content_hash == rows_from_parsed(parsed, source_text=text)["report"]["content_hash"]
    with sample_engine.connect() as conn:
        excerpts = conn.scalars(
            select(IndicatorValue.source_excerpt).where(IndicatorValue.report_id == report.id)
            .order_by(IndicatorValue.position)
        ).all()
    assert excerpts == [f["sentence"] for f in TRUTH["figures"]]
