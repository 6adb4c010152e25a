"""Danh mục chỉ tiêu (Quản trị): the subjects followed and, per subject, their indicators:
add, rename, retire, or import them from a CSV. Administrators only; the data layer checks
the same right."""

import streamlit as st

from data_access import catalogue, queries
from data_access.db import get_engine
from data_access.writes import WriteRefused
from domain import format as vn
from domain.vocabulary import AGGREGATION_LABELS
from ui.auth import require_role
from ui.frame import clear_cache, database, page_frame, read, show_table

NEW = "(chỉ tiêu mới)"
SAVED = {"new": "Đã thêm chỉ tiêu.", "changed": "Đã lưu thay đổi.", "unchanged": "Không có gì thay đổi."}

page_frame("Danh mục chỉ tiêu", needs_reports=False)
actor = require_role("admin")
engine = get_engine(database())
message = st.session_state.pop("cat_done", None)
if message:
    st.success(message, icon=":material/check_circle:")


def done(text: str) -> None:
    clear_cache()
    st.session_state["cat_done"] = text
    st.rerun()


subjects = catalogue.subjects(engine)
st.subheader("Chủ đề theo dõi")
shown = subjects.rename(
    columns={"code": "Mã", "name": "Nghị quyết, kết luận", "indicators": "Số chỉ tiêu đang theo dõi"}
)
show_table(shown)
with st.expander("Thêm chủ đề (nghị quyết, kết luận, chương trình)", icon=":material/add:"):
    with st.form("cat_subject"):
        code = st.text_input("Mã chủ đề", placeholder="NQ25")
        name = st.text_area(
            "Tên đầy đủ", placeholder="Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương …"
        )
        if st.form_submit_button("Thêm chủ đề", icon=":material/add:"):
            try:
                catalogue.add_subject(engine, actor=actor, code=code, name=name)
            except WriteRefused as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                done(f"Đã thêm chủ đề {code.strip()}.")

st.subheader("Chỉ tiêu của chủ đề")
subject = st.selectbox("Chủ đề", list(subjects["code"]), key="cat_subject_pick",
                       format_func=lambda c: f"{c} · {subjects.set_index('code').loc[c, 'name'][:80]}")
rows = catalogue.indicators(engine, subject)
areas = read(queries.task_areas)
area_names = dict(zip(areas["code"], areas["short_name"], strict=True))
table = rows.assign(
    area=rows["task_area_code"].map(lambda c: area_names.get(c, "—")),
    better=rows["higher_is_better"].map(lambda b: "Cao hơn" if b else "Thấp hơn"),
    how=rows["aggregation"].map(AGGREGATION_LABELS),
    state=rows["retired_at"].map(lambda t: f"Ngừng từ {vn.date(t)}" if t == t and t is not None else "Đang theo dõi"),
)[["code", "name", "unit", "area", "better", "how", "keywords", "state"]]
table.columns = ["Mã", "Tên chỉ tiêu", "Đơn vị tính", "Lĩnh vực", "Tốt hơn khi", "Tổng hợp", "Từ khóa nhận diện",
                 "Tình trạng"]
show_table(table)

with st.expander("Thêm, đổi tên hoặc ngừng theo dõi một chỉ tiêu", icon=":material/edit:"):
    pick = st.selectbox("Chỉ tiêu", [NEW, *rows["code"]], key="cat_pick")
    row = rows.set_index("code").loc[pick] if pick != NEW else None
    with st.form(f"cat_indicator_{pick}"):
        code = st.text_input(
            "Mã chỉ tiêu (chữ không dấu, số, _)", value="" if row is None else pick, disabled=row is not None
        )
        name = st.text_input("Tên chỉ tiêu", value="" if row is None else row["name"])
        unit = st.text_input("Đơn vị tính", value="" if row is None else row["unit"])
        area_codes = [None, *areas["code"]]
        own_area = row is not None and row["task_area_code"] in area_codes
        area = st.selectbox("Lĩnh vực", area_codes, index=area_codes.index(row["task_area_code"]) if own_area else 0,
                            format_func=lambda c: area_names.get(c, "(không thuộc lĩnh vực nào)"))
        higher = st.toggle("Càng cao càng tốt", value=True if row is None else bool(row["higher_is_better"]))
        how = st.selectbox("Cách tổng hợp toàn tỉnh", list(AGGREGATION_LABELS), format_func=AGGREGATION_LABELS.get,
                           index=0 if row is None else list(AGGREGATION_LABELS).index(row["aggregation"]))
        keywords = st.text_input("Từ khóa nhận diện trong báo cáo (cách nhau bằng |)",
                                 value="" if row is None or not isinstance(row["keywords"], str) else row["keywords"])
        if st.form_submit_button("Lưu chỉ tiêu", icon=":material/save:"):
            try:
                result = catalogue.save_indicator(
                    engine, actor=actor, subject=subject, code=pick if row is not None else code, name=name,
                    unit=unit, task_area=area, higher_is_better=higher, aggregation=how, keywords=keywords)
            except WriteRefused as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                done(SAVED[result])
    if row is not None:
        retired = row["retired_at"] == row["retired_at"] and row["retired_at"] is not None
        if st.button("Theo dõi lại" if retired else "Ngừng theo dõi chỉ tiêu này", key="cat_retire"):
            try:
                catalogue.retire_indicator(engine, actor=actor, code=pick, retired=not retired)
            except WriteRefused as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                done("Đã theo dõi lại chỉ tiêu." if retired else "Đã ngừng theo dõi chỉ tiêu; số liệu cũ vẫn được giữ.")

with st.expander("Nhập danh mục chỉ tiêu từ tệp CSV", icon=":material/upload_file:"):
    st.caption(
        f"Cột: {', '.join(catalogue.INDICATOR_COLUMNS)} (như sample_data/indicators.csv); "
        f"mọi dòng thuộc chủ đề {subject}."
    )
    upload = st.file_uploader("Tệp CSV (UTF-8)", type=["csv"], key="cat_upload")
    if upload is not None and st.button("Nhập danh mục", key="cat_import"):
        try:
            counts = catalogue.import_indicators(engine, upload.getvalue(), upload.name, actor=actor, subject=subject)
        except WriteRefused as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            done(f"Đã nhập: {counts['new']} mới, {counts['changed']} thay đổi, {counts['unchanged']} không đổi.")
