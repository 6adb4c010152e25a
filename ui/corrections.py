"""Corrections after saving, on the unit page: a signed-in editor in the unit's scope corrects
a figure (value, unit of measure, qualifier, the indicator it counts toward) or a finding
(kind, area, text). Each correction is a new version of the report (the old values stay in
the history) and an audit entry; the page then says "đã sửa" with who and when.

Rights are checked again in data_access.writes; this module only decides what to show."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_access import corrections as reads
from data_access import queries
from data_access.db import get_engine
from data_access.models import QUALIFIERS
from data_access.writes import WriteRefused, correct_figure, correct_finding
from domain import format as vn
from domain.vocabulary import KIND_LABELS
from report_parser import read_number
from ui.auth import current_actor
from ui.frame import Filters, database, read, saved_notice, show_table

NO_INDICATOR = "(chưa gắn chỉ tiêu)"
NO_AREA = "(chung)"
NO_QUALIFIER = "(không có)"
ACTION_LABELS = {"figure_correct": "Sửa số liệu", "figure_remove": "Bỏ số liệu",
                 "finding_correct": "Sửa nhận định", "finding_remove": "Bỏ nhận định"}


def corrected_text(by, at) -> str:
    """"đã sửa · ai · lúc nào" for a corrected row, "" otherwise."""
    if vn.is_missing(by) or not by:
        return ""
    return f"đã sửa · {by} · {vn.datetime(at)}"


def corrected_column(frame: pd.DataFrame) -> pd.Series:
    return pd.Series([corrected_text(b, a) for b, a in zip(frame["corrected_by"], frame["corrected_at"], strict=True)],
                     index=frame.index, dtype=object)


def _may_correct(filters: Filters):
    actor = current_actor()
    if actor.has_role("editor") and actor.covers(filters.unit_code, filters.province_code):
        return actor
    return None


def _figure_form(filters: Filters, actor, engine, done: Callable[[str], None]) -> None:
    rows = reads.figures(engine, filters.unit_code, filters.year, filters.subject)
    if rows.empty:
        st.info("Báo cáo không có số liệu nào.", icon=":material/inbox:")
        return
    labels = {
        int(
            r.figure_id
        ): f"{int(r.position)}. {r.indicator_name if isinstance(r.indicator_name, str) else NO_INDICATOR}"
        f": {vn.qualified(r.value, r.unit, r.qualifier)}"
        for r in rows.itertuples()
    }
    chosen = st.selectbox("Số liệu cần sửa", list(labels), format_func=labels.get, key="fix_figure")
    row = rows[rows["figure_id"] == chosen].iloc[0]
    if isinstance(row["figure_text"], str) and row["figure_text"]:
        st.caption(f"Con số như văn bản ghi: «{vn.literal(row['figure_text'])}»")
    catalogue = read(queries.indicator_catalogue)
    codes = [None, *catalogue["code"]]
    names = dict(zip(catalogue["code"], catalogue["name"], strict=True))
    current_code = row["indicator_code"] if isinstance(row["indicator_code"], str) else None
    with st.form(f"figure_{chosen}", border=True):
        value = st.text_input("Giá trị (viết như 1.700.000.000, 1,7 tỷ hoặc 85,5)", value=vn.number(row["value"], 2))
        measure = st.text_input("Đơn vị tính", value=row["unit"] if isinstance(row["unit"], str) else "")
        qualifiers = [None, *QUALIFIERS]
        qualifier = st.selectbox("Từ định lượng", qualifiers,
                                 index=qualifiers.index(row["qualifier"]) if row["qualifier"] in qualifiers else 0,
                                 format_func=lambda q: q or NO_QUALIFIER)
        indicator = st.selectbox(
            "Tính vào chỉ tiêu",
            codes,
            index=codes.index(current_code) if current_code in codes else 0,
            format_func=lambda c: names.get(c, NO_INDICATOR) if c else NO_INDICATOR,
        )
        saved = st.form_submit_button("Lưu sửa số liệu", icon=":material/save:")
    if saved:
        try:
            number = read_number(value)
        except ValueError:
            st.error(f"«{value}» không phải là số; chưa lưu gì.", icon=":material/error:")
            return
        try:
            result = correct_figure(engine, actor=actor, figure_id=int(chosen), value=number,
                                    unit=measure.strip() or None, qualifier=qualifier, indicator_code=indicator)
        except WriteRefused as exc:
            st.error(str(exc), icon=":material/error:")
            return
        done(f"Đã sửa số liệu; báo cáo nay là phiên bản {result.version}, phiên bản cũ vẫn được lưu.")


def _finding_form(filters: Filters, actor, engine, done: Callable[[str], None]) -> None:
    rows = reads.findings(engine, filters.unit_code, filters.year, filters.subject)
    if rows.empty:
        st.info("Báo cáo không có nhận định nào.", icon=":material/inbox:")
        return
    labels = {int(r.finding_id): f"{KIND_LABELS.get(r.kind, r.kind)} {int(r.position)}: {r.text[:90]}"
              for r in rows.itertuples()}
    chosen = st.selectbox("Nhận định cần sửa", list(labels), format_func=labels.get, key="fix_finding")
    row = rows[rows["finding_id"] == chosen].iloc[0]
    areas = read(queries.task_areas)
    area_codes = [None, *areas["code"]]
    area_names = dict(zip(areas["code"], areas["short_name"], strict=True))
    kinds = list(KIND_LABELS)
    with st.form(f"finding_{chosen}", border=True):
        kind = st.selectbox("Loại", kinds, index=kinds.index(row["kind"]), format_func=KIND_LABELS.get)
        current_area = row["task_area_code"] if isinstance(row["task_area_code"], str) else None
        area = st.selectbox(
            "Lĩnh vực",
            area_codes,
            index=area_codes.index(current_area) if current_area in area_codes else 0,
            format_func=lambda c: area_names.get(c, NO_AREA) if c else NO_AREA,
        )
        text = st.text_area("Nội dung", value=row["text"], height=140)
        saved = st.form_submit_button("Lưu sửa nhận định", icon=":material/save:")
    if saved:
        try:
            result = correct_finding(engine, actor=actor, finding_id=int(chosen), kind=kind, task_area_code=area,
                                     text=text.strip())
        except WriteRefused as exc:
            st.error(str(exc), icon=":material/error:")
            return
        done(f"Đã sửa nhận định; báo cáo nay là phiên bản {result.version}, phiên bản cũ vẫn được lưu.")


def _brief(values: dict | None) -> str:
    if not values:
        return "—"
    if "value" in values:
        return f"{vn.qualified(values.get('value'), values.get('unit'), values.get('qualifier'))}" + (
            f" ({values['indicator_code']})" if values.get("indicator_code") else " (chưa gắn chỉ tiêu)")
    return f"{KIND_LABELS.get(values.get('kind'), values.get('kind'))}: {str(values.get('text', ''))[:120]}"


def _history(filters: Filters, engine) -> None:
    past = reads.history(engine, filters.unit_code, filters.year)
    if past.empty:
        st.caption("Chưa có lần sửa nào sau khi nhập.")
        return
    table = pd.DataFrame({
        "Lúc": past["at"].map(vn.datetime),
        "Người sửa": past["actor"],
        "Việc": past["action"].map(lambda a: ACTION_LABELS.get(a, a)),
        "Trước khi sửa": past["before"].map(_brief),
        "Sau khi sửa": past["after"].map(_brief),
    })
    show_table(table)


def correction_panel(filters: Filters) -> None:
    """The correction block of the unit page; drawn only for an editor in the unit's scope."""
    done = saved_notice("correction_done")
    actor = _may_correct(filters)
    if actor is None:
        return
    engine = get_engine(database())
    with st.expander("Sửa sau khi lưu (cán bộ biên tập)", icon=":material/edit:", expanded=False):
        st.caption("Mỗi lần sửa tạo một phiên bản mới của báo cáo; giá trị cũ vẫn được lưu và ghi nhật ký.")
        figures_tab, findings_tab, history_tab = st.tabs(["Số liệu", "Nhận định", "Lịch sử sửa"])
        with figures_tab:
            _figure_form(filters, actor, engine, done)
        with findings_tab:
            _finding_form(filters, actor, engine, done)
        with history_tab:
            _history(filters, engine)
