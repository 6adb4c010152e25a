"""The forms of the Danh mục chỉ tiêu page: add a subject, add or edit or retire an indicator,
import indicators from a CSV. Each write goes through data_access.catalogue (which checks the
admin right again); a refusal is shown in Vietnamese and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_access import catalogue
from data_access.writes import WriteRefused
from domain import format as vn
from domain.vocabulary import AGGREGATION_LABELS

NEW = "(chỉ tiêu mới)"
SAVED = {"new": "Đã thêm chỉ tiêu.", "changed": "Đã lưu thay đổi.", "unchanged": "Không có gì thay đổi."}


def _attempt(write: Callable[[], object], done: Callable[[str], None], message: Callable[[object], str]) -> None:
    """Run one write; on success `done(message(result))`, on refusal the reason on the page."""
    try:
        result = write()
    except WriteRefused as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        done(message(result))


def subject_form(engine, actor, done: Callable[[str], None]) -> None:
    with st.expander("Thêm chủ đề (nghị quyết, kết luận, chương trình)", icon=":material/add:"):
        with st.form("cat_subject"):
            code = st.text_input("Mã chủ đề", placeholder="NQ25")
            name = st.text_area(
                "Tên đầy đủ", placeholder="Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương …"
            )
            if st.form_submit_button("Thêm chủ đề", icon=":material/add:"):
                _attempt(lambda: catalogue.add_subject(engine, actor=actor, code=code, name=name), done,
                         lambda _: f"Đã thêm chủ đề {code.strip()}.")


def indicator_editor(engine, actor, subject: str, rows: pd.DataFrame, areas: pd.DataFrame,
                     done: Callable[[str], None]) -> None:
    """Add an indicator to `subject`, or rename, re-file or retire one of its `rows`."""
    area_names = dict(zip(areas["code"], areas["short_name"], strict=True))
    with st.expander("Thêm, đổi tên hoặc ngừng theo dõi một chỉ tiêu", icon=":material/edit:"):
        pick = st.selectbox("Chỉ tiêu", [NEW, *rows["code"]], key="cat_pick")
        row = rows.set_index("code").loc[pick] if pick != NEW else None
        with st.form(f"cat_indicator_{pick}"):
            code = st.text_input(
                "Mã chỉ tiêu (chữ không dấu, số, _)", value="" if row is None else pick, disabled=row is not None
            )
            name = st.text_input("Tên chỉ tiêu", value="" if row is None else row["name"])
            measure = st.text_input("Đơn vị tính", value="" if row is None else row["unit"])
            area_codes = [None, *areas["code"]]
            own_area = row is not None and row["task_area_code"] in area_codes
            area = st.selectbox(
                "Lĩnh vực", area_codes, index=area_codes.index(row["task_area_code"]) if own_area else 0,
                format_func=lambda c: area_names.get(c, "(không thuộc lĩnh vực nào)"),
            )
            higher = st.toggle("Càng cao càng tốt", value=True if row is None else bool(row["higher_is_better"]))
            how = st.selectbox("Cách tổng hợp toàn tỉnh", list(AGGREGATION_LABELS), format_func=AGGREGATION_LABELS.get,
                               index=0 if row is None else list(AGGREGATION_LABELS).index(row["aggregation"]))
            keywords = st.text_input(
                "Từ khóa nhận diện trong báo cáo (cách nhau bằng |)",
                value="" if row is None or not isinstance(row["keywords"], str) else row["keywords"],
            )
            if st.form_submit_button("Lưu chỉ tiêu", icon=":material/save:"):
                _attempt(lambda: catalogue.save_indicator(
                    engine, actor=actor, subject=subject, code=pick if row is not None else code, name=name,
                    unit=measure, task_area=area, higher_is_better=higher, aggregation=how, keywords=keywords,
                ), done, SAVED.get)
        if row is not None:
            retired = not vn.is_missing(row["retired_at"])
            if st.button("Theo dõi lại" if retired else "Ngừng theo dõi chỉ tiêu này", key="cat_retire"):
                _attempt(lambda: catalogue.retire_indicator(engine, actor=actor, code=pick, retired=not retired), done,
                         lambda _: "Đã theo dõi lại chỉ tiêu." if retired
                         else "Đã ngừng theo dõi chỉ tiêu; số liệu cũ vẫn được giữ.")


def indicators_import(engine, actor, subject: str, done: Callable[[str], None]) -> None:
    with st.expander("Nhập danh mục chỉ tiêu từ tệp CSV", icon=":material/upload_file:"):
        st.caption(
            f"Cột: {', '.join(catalogue.INDICATOR_COLUMNS)} (như sample_data/indicators.csv); "
            f"mọi dòng thuộc chủ đề {subject}."
        )
        upload = st.file_uploader("Tệp CSV (UTF-8)", type=["csv"], key="cat_upload")
        if upload is not None and st.button("Nhập danh mục", key="cat_import"):
            _attempt(
                lambda: catalogue.import_indicators(
                    engine, upload.getvalue(), upload.name, actor=actor, subject=subject
                ),
                done,
                lambda c: f"Đã nhập: {c['new']} mới, {c['changed']} thay đổi, {c['unchanged']} không đổi.",
            )
