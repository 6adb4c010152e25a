"""The import page's steps (pages/5_Nhap_bao_cao.py): read every upload in a bounded worker,
place a report (unit, year, subject), let staff correct its figures and findings, save it.
Text from a report or a file name is shown as plain text (st.text, tables), never as Markdown."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

import pandas as pd
import streamlit as st

from data_access import catalogue, config, imports, queries
from data_access.db import get_engine
from data_access.models import QUALIFIERS
from data_access.writes import WriteRefused
from domain.vocabulary import KIND_LABELS
from importer import bounded, proposal, review
from report_parser import ReportReadError
from ui.data import clear_cache, data_version, database, read
from ui.frame import show_table

log = logging.getLogger(__name__)
PASTED = "Văn bản dán"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:@&=^%/\"'])")


def plain(text: str) -> str:
    """Text for a Streamlit message box, with every Markdown sign escaped (no link, no image)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


@st.cache_data(max_entries=32, show_spinner="Đang đọc báo cáo…")
def read_report(data: bytes, filename: str | None, indicators: tuple):
    """((parsed, text), None) or (None, message): a refusal is cached too, so a file that hit
    a limit is not read again on every rerun of the page."""
    try:
        return bounded.read_report(data, filename, indicators=indicators), None
    except ReportReadError as exc:
        return None, exc.message_vi


@st.cache_data(show_spinner=False, max_entries=8)
def _catalogue(url: str, version) -> tuple:
    """The database's catalogue as the reader takes it, once per data version (not every rerun)."""
    return tuple(catalogue.parser_indicators(get_engine(url)))


def read_all(sources: dict[str, bytes]) -> dict:
    """name -> (parsed, text) of every readable source; a table says how each was read, and the
    page stops when none was."""
    # The database's catalogue, so that indicators and keywords added on Danh mục are recognised.
    indicators = _catalogue(database(), data_version(database()))
    drafts, summary = {}, []
    for name, data in sources.items():
        try:
            draft, problem = read_report(data, None if name == PASTED else name, indicators)
            if problem:
                summary.append(review.summary_row(name, None, f"Không đọc được: {problem}"))
                continue
            drafts[name] = draft
            status = st.session_state.get(f"imp_done_{hashlib.sha1(data).hexdigest()[:12]}", "Chưa lưu")
            summary.append(review.summary_row(name, draft[0], status))
        except Exception:
            log.exception("reading %s failed", name)
            summary.append(review.summary_row(name, None, "Không đọc được do lỗi không mong đợi."))
    show_table(pd.DataFrame(summary, columns=review.SUMMARY_COLUMNS))
    if not drafts:
        st.error("Không báo cáo nào đọc được; chưa có gì thay đổi.")
        st.stop()
    return drafts


def place(parsed, name: str, province_code: int, key: str) -> tuple[int | None, int | None, str]:
    """(unit, year, subject) the report is saved under: proposed from its text, chosen by staff."""
    engine = get_engine(database())
    units = read(queries.units_of_province, parsed.metadata.province_code or province_code)
    if units.empty:
        units = read(queries.units_of_province, province_code)
    if parsed.metadata.successor_codes:  # an old unit's successors may lie in another province
        successors = imports.units_by_code(engine, parsed.metadata.successor_codes)
        units = pd.concat([successors, units[~units["code"].isin(successors["code"])]], ignore_index=True)
    proposed = proposal.propose(parsed, None if name == PASTED else name, units)
    names = dict(proposed.candidates) | dict(zip(units["code"].astype(int), units["name"], strict=True))
    subjects = imports.subject_codes(engine)
    subject = proposal.propose_subject(parsed, set(subjects["code"]))
    years = list(range(dt.date.today().year, config.FIRST_YEAR - 1, -1))
    left, middle, right = st.columns([2, 1, 2])
    ward_code = left.selectbox("Đơn vị", list(names), format_func=names.get, placeholder="Chọn đơn vị…",
                               index=list(names).index(proposed.ward_code) if proposed.ward_code in names else None,
                               key=f"imp_unit_{key}")
    year = middle.selectbox("Năm của số liệu", years, index=years.index(proposed.year) if proposed.year else None,
                            placeholder="Chọn năm…", key=f"imp_year_{key}")
    subject_names = {
        c: f"{c} · {n[:48]}…" if len(n) > 48 else f"{c} · {n}" for c, n in subjects.itertuples(index=False)
    }
    subject_code = right.selectbox(
        "Chủ đề",
        list(subject_names),
        format_func=subject_names.get,
        key=f"imp_subject_{key}",
        index=list(subject_names).index(subject.code) if subject.code in subject_names else 0,
    )
    notes = proposed.notes + ([subject.note] if subject.note else [])
    if notes:
        with st.container(border=True):
            for note in notes:
                st.text(f"ℹ {note}")
    if parsed.warnings:
        with st.expander(f"Cảnh báo khi đọc báo cáo ({len(parsed.warnings)})"):
            for warning in parsed.warnings:
                st.text(f"• {warning}")
    return ward_code, year, subject_code


def review_tables(parsed, text: str, key: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """(the rows read, the figures and the findings as staff corrected them)."""
    known, areas = read(queries.indicator_catalogue), read(queries.task_areas)
    indicator_names = dict(zip(known["code"], known["name"], strict=True))
    area_names = dict(zip(areas["code"], areas["short_name"], strict=True))
    rows = review.rows_from_parsed(parsed, source_text=text, known_indicators=set(indicator_names),
                                   known_qualifiers=QUALIFIERS)
    figure_table, finding_table = review.draft_tables(rows)
    area_column = st.column_config.SelectboxColumn("Lĩnh vực", options=list(area_names), format_func=area_names.get)

    st.subheader(f"Số liệu ({len(figure_table)})")
    figures = st.data_editor(figure_table, key=f"imp_fig_{key}", num_rows="dynamic", hide_index=True, column_config={
        "indicator_code": st.column_config.SelectboxColumn(
            "Chỉ tiêu", options=list(indicator_names), format_func=indicator_names.get,
            help=f"Để trống: {review.UNLINKED_INDICATOR}"),
        "value": st.column_config.NumberColumn("Giá trị", min_value=0, format="localized", required=True),
        "unit": st.column_config.TextColumn("Đơn vị tính"),
        "qualifier": st.column_config.SelectboxColumn("Mức", options=list(QUALIFIERS), help="trên, hơn, gần, khoảng…"),
        "task_area_code": area_column,
        "figure_text": st.column_config.TextColumn("Nguyên văn"),
        "source_excerpt": st.column_config.TextColumn("Câu gốc trong báo cáo", width="large"),
    })
    targets = review.stated_targets(parsed)
    if not targets.empty:
        st.subheader(f"Chỉ tiêu, mục tiêu báo cáo đề ra ({len(targets)})")
        st.caption("Đây là chỉ tiêu, mục tiêu, dự kiến, không phải kết quả: không được lưu thành số liệu. "
                   "Chỉ tiêu giao được nhập riêng.")
        show_table(targets, column_config={
            "Giá trị": st.column_config.NumberColumn(format="localized"),
            "Đến": st.column_config.NumberColumn(format="localized")})
    st.subheader(f"Nhận định ({len(finding_table)})")
    findings = st.data_editor(finding_table, key=f"imp_find_{key}", num_rows="dynamic", hide_index=True,
                              column_order=["kind", "task_area_code", "text"], column_config={
        "kind": st.column_config.SelectboxColumn("Loại", options=list(KIND_LABELS),
                                                 format_func=KIND_LABELS.get, required=True),
        "task_area_code": area_column,
        "text": st.column_config.TextColumn("Nội dung (nguyên văn báo cáo)", width="large"),
    })
    return rows, figures, findings


def save_button(actor, name: str, key: str, place_of, rows: dict, figures, findings, expected) -> None:
    """The save: one transaction, a new current version; its message stays on the page."""
    ward_code, year, subject_code = place_of
    engine = get_engine(database())
    if st.button("Lưu báo cáo", type="primary", icon=":material/save:", key=f"imp_save_{key}",
                 disabled=ward_code is None or year is None):
        try:
            result = imports.save_reviewed_report(
                engine, actor=actor, ward_code=ward_code, year=year, report=rows["report"], figures=figures,
                findings=findings, subject_code=subject_code, expected_version=expected)
        except (ReportReadError, WriteRefused) as exc:
            st.error(plain(exc), icon=":material/block:")
        except Exception:
            log.exception("saving the import of %s failed", name)
            st.error("Không lưu được báo cáo do lỗi không mong đợi; chưa có gì thay đổi. Chi tiết đã ghi vào nhật ký.")
        else:
            clear_cache()
            st.session_state[f"imp_done_{key}"] = result.message
            st.rerun()
    if f"imp_done_{key}" in st.session_state:
        st.success(st.session_state[f"imp_done_{key}"], icon=":material/check_circle:")
    elif ward_code is None or year is None:
        st.caption("Chọn đơn vị và năm để lưu.")
