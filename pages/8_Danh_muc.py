"""Danh mục chỉ tiêu (Quản trị): the subjects followed and, per subject, their indicators:
add, rename, retire, or import them from a CSV. Administrators only; the data layer checks
the same right."""

import streamlit as st

from data_access import catalogue, queries
from data_access.db import get_engine
from domain import format as vn
from domain.vocabulary import AGGREGATION_LABELS
from ui.auth import require_role
from ui.catalogue import indicator_editor, indicators_import, subject_form
from ui.frame import database, page_frame, read, saved_notice, show_table

page_frame("Danh mục chỉ tiêu", needs_reports=False)
actor = require_role("admin")
engine = get_engine(database())
done = saved_notice("cat_done")

subjects = catalogue.subjects(engine)
st.subheader("Chủ đề theo dõi")
shown = subjects.rename(
    columns={"code": "Mã", "name": "Nghị quyết, kết luận", "indicators": "Số chỉ tiêu đang theo dõi"}
)
show_table(shown)
subject_form(engine, actor, done)

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
    state=rows["retired_at"].map(lambda t: "Đang theo dõi" if vn.is_missing(t) else f"Ngừng từ {vn.date(t)}"),
)[["code", "name", "unit", "area", "better", "how", "keywords", "state"]]
table.columns = ["Mã", "Tên chỉ tiêu", "Đơn vị tính", "Lĩnh vực", "Tốt hơn khi", "Tổng hợp", "Từ khóa nhận diện",
                 "Tình trạng"]
show_table(table)
indicator_editor(engine, actor, subject, rows, areas, done)
indicators_import(engine, actor, subject, done)
