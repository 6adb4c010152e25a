"""The Nhập báo cáo page through AppTest against a real temporary database: sign-in before
anything is read, paste or upload, the proposed unit and year, the preview tables, the history
notice, the save, and report text shown as plain text (never Markdown)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access import security
from data_access.db import get_engine
from data_access.models import Finding, IndicatorValue, Report
from data_access.security import system_actor
from tests.support.pages import ROOT

SAMPLE = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
PAGE = "pages/5_Nhap_bao_cao.py"


PASSWORD = "mật khẩu biên tập 1"


pytestmark = pytest.mark.usefixtures("cheap_hashes")


def open_page(url: str | None = None, role: str | None = "editor", wards=(10525,)) -> AppTest:
    """The page as Streamlit runs it; signed in as `role` (None: a visitor) through the page's form."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["province"] = "31"
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    if role is not None:
        security.create_user(get_engine(url), actor=system_actor("cli:root"), username=f"tk_{role}",
                             password=PASSWORD, role=role, wards=list(wards) if role == "editor" else None)
        at.text_input(key="page_login_user").input(f"tk_{role}")
        at.text_input(key="page_login_password").input(PASSWORD)
        at.button(key="FormSubmitter:page_login-Đăng nhập").click().run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def counts(url: str) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {
            t.__tablename__: conn.scalar(select(func.count()).select_from(t)) for t in (Report, IndicatorValue, Finding)
        }


def save_button(at: AppTest):
    return next(b for b in at.button if b.label == "Lưu báo cáo")


def selected(at: AppTest) -> dict[str, object]:
    return {s.label: s.value for s in at.selectbox}


def test_pasted_report_is_proposed_and_previewed_and_nothing_is_written_before_save(app_env):
    before = counts(app_env)
    at = open_page(app_env)
    at.text_area(key="imp_pasted").input(SAMPLE.read_text(encoding="utf-8")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert selected(at)["Đơn vị"] == 10525
    unit = next(s for s in at.selectbox if s.label == "Đơn vị")
    assert unit.options[unit.index] == "Phường Hải Dương"
    assert selected(at)["Năm của số liệu"] == 2025
    figures, findings = at.data_editor
    assert len(figures.value) == 10 and len(findings.value) == 21
    assert "4.226 đảng viên" in set(figures.value["figure_text"])
    notice = " ".join(w.value for w in at.warning)
    assert "Đơn vị này đã có báo cáo năm 2025 (phiên bản 1, nhập ngày " in notice
    assert "Lưu sẽ tạo phiên bản 2; phiên bản cũ được giữ lại." in notice
    assert counts(app_env) == before


def test_a_visitor_is_asked_to_sign_in_before_anything_can_be_uploaded_or_pasted(app_env):
    at = open_page(app_env, role=None)
    assert any("cán bộ biên tập" in i.value and "Hãy đăng nhập" in i.value for i in at.info)
    assert not at.text_area and not at.get("file_uploader") and not at.data_editor
    assert [t.key for t in at.text_input if t.key.startswith("page_login")]


def test_a_viewer_account_cannot_reach_the_upload_either(app_env):
    at = open_page(app_env, role="viewer")
    assert any("cán bộ biên tập" in w.value for w in at.warning)
    assert not at.text_area and not at.get("file_uploader")


def test_an_editor_outside_the_unit_is_refused_on_save_and_nothing_is_written(app_env):
    before = counts(app_env)
    at = open_page(app_env, wards=(11560,))
    at.text_area(key="imp_pasted").input(SAMPLE.read_text(encoding="utf-8")).run()
    save_button(at).click().run()
    assert not at.exception
    assert at.error and counts(app_env) == before


def test_the_editor_saves_the_reviewed_report_as_a_new_version(app_env):
    before = counts(app_env)
    at = open_page(app_env)
    at.text_area(key="imp_pasted").input(SAMPLE.read_text(encoding="utf-8") + "\n").run()
    save_button(at).click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã lưu báo cáo của Phường Hải Dương năm 2025: 10 số liệu, 21 nhận định, phiên bản 2" in s.value
               for s in at.success)
    assert counts(app_env)["report"] == before["report"] + 1


def test_uploaded_files_are_listed_and_a_broken_one_gets_a_message(app_env):
    import docx

    document = docx.Document()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    before = counts(app_env)
    at = open_page(app_env)
    at.file_uploader(key="imp_files").set_value(
        [
            (
                "hai-duong-2025.docx",
                buffer.getvalue(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("hong.docx", b"PK\x03\x04 not a word file", "application/octet-stream"),
        ]
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    summary = at.dataframe[0].value
    assert list(summary["Báo cáo"]) == ["hai-duong-2025.docx", "hong.docx"]
    assert summary["Tình trạng"].iloc[1].startswith("Không đọc được: Tệp Word (.docx) bị hỏng")
    assert list(summary["Số liệu"]) == [10, 0]
    assert summary["Đơn vị (theo văn bản)"].iloc[1] == ""  # an empty cell, not a grey "None"
    assert selected(at)["Đơn vị"] == 10525 and selected(at)["Năm của số liệu"] == 2025
    assert counts(app_env) == before


def test_a_report_of_an_unknown_unit_must_be_given_its_unit_before_saving(app_env):
    at = open_page(app_env)
    text = SAMPLE.read_text(encoding="utf-8").replace("Hải Dương", "Hoa Sen Tím")
    at.text_area(key="imp_pasted").input(text).run()
    assert not at.exception
    assert selected(at)["Đơn vị"] is None
    assert any("Không tìm thấy «Phường Hoa Sen Tím»" in t.value for t in at.text)
    save = save_button(at)
    assert save.disabled


def test_file_names_are_listed_as_text_and_escaped_where_streamlit_renders_markdown(app_env):
    evil = "[bấm vào đây](https:⁄⁄evil.example) ![](https:⁄⁄evil.example⁄p.png).txt".replace("⁄", "/")
    at = open_page(app_env)
    at.file_uploader(key="imp_files").set_value(
        [(evil, SAMPLE.read_bytes(), "text/plain"), ("hai-duong-2025.txt", SAMPLE.read_bytes(), "text/plain")]
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    assert list(at.dataframe[0].value["Báo cáo"]) == [evil, "hai-duong-2025.txt"]  # a table cell: plain text
    labels = at.radio[0].options
    assert "](https://evil" not in labels[0] and "\\]\\(https" in labels[0]


def test_a_file_past_a_reading_limit_is_listed_with_the_paste_advice_and_nothing_is_written(app_env):
    from tests.parser_fixtures.builders import docx_nested_tables

    before = counts(app_env)
    at = open_page(app_env)
    at.file_uploader(key="imp_files").set_value(
        [("bang-long-nhau.docx", docx_nested_tables(300), "application/octet-stream")]
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    status = at.dataframe[0].value["Tình trạng"].iloc[0]
    assert status.startswith("Không đọc được: Tệp quá phức tạp để đọc tự động: ") and "Hãy dán nội dung" in status
    assert any("Không báo cáo nào đọc được" in e.value for e in at.error)
    assert counts(app_env) == before


def _all_text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "warning", "info", "error", "success", "text", "code")
    return " ".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_a_portal_summary_of_a_former_ward_is_read_proposed_to_its_successor_and_saved(app_env):
    """A real text in another layout (a ward portal's summary, written before the 2025 merger):
    the page is not refused, shows what it read with its warnings, proposes the ward that took
    the former one's place, and saves."""
    text = (ROOT / "tests" / "dev_reports" / "02_phucla_phuong_danguy_tongket_2023.txt").read_text(encoding="utf-8")
    before = counts(app_env)
    at = open_page(app_env, role="admin")
    at.text_area(key="imp_pasted").input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = _all_text(at)
    assert "Phường Phúc La" in shown and "nay thuộc Phường Hà Đông" in shown
    assert selected(at)["Năm của số liệu"] == 2023
    figures, findings = at.data_editor[:2]
    assert len(figures.value) >= 3 and len(findings.value) >= 2
    assert counts(app_env) == before
    unit = next(s for s in at.selectbox if s.label == "Đơn vị")
    if unit.value != 9556:
        unit.set_value(9556).run()
    save_button(at).click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã lưu báo cáo của Phường Hà Đông năm 2023" in s.value for s in at.success), _all_text(at)[:500]
    assert counts(app_env)["report"] == before["report"] + 1
