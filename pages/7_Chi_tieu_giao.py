"""Chỉ tiêu giao: editors download the targets sheet, upload it filled (a preview of every
change before saving), or edit one unit's targets for a year in a table. The data layer
checks the editor's scope again."""

import datetime as dt

import streamlit as st

from data_access import config, targets
from data_access.db import get_engine
from domain import format as vn
from ui.auth import require_role
from ui.frame import clear_cache, database, page_frame, show_table

filters = page_frame("Chỉ tiêu giao", with_unit=True, needs_reports=False)
actor = require_role("editor")
engine = get_engine(database())
this_year = dt.date.today().year
years = list(range(this_year + config.YEARS_AHEAD, 2019, -1))
year = st.selectbox("Năm của chỉ tiêu", years, index=years.index(filters.year) if filters.year in years else 1,
                    key="tg_year")
message = st.session_state.pop("tg_done", None)
if message:
    st.success(message, icon=":material/check_circle:")

st.subheader("1. Tải tệp mẫu, điền cột «Chỉ tiêu giao»")
whole_province = actor.role in ("admin", "system") or filters.province_code in actor.provinces
in_scope = None if whole_province else sorted(actor.wards)
sheet = targets.template(engine, filters.province_code, year, filters.subject, ward_codes=in_scope)
if in_scope is not None and sheet.empty:
    st.info(f"Phạm vi của tài khoản ({actor.scope_text()}) không có đơn vị nào thuộc {filters.province_name}.")
else:
    st.download_button(
        f"Tải tệp mẫu chỉ tiêu năm {year} (.xlsx)", targets.template_xlsx(sheet),
        file_name=f"chi-tieu-giao_{vn.slug(filters.province_name)}_{year}.xlsx", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="tg_template",
    )
    st.caption(f"{sheet['Mã đơn vị'].nunique()} đơn vị × {sheet['Mã chỉ tiêu'].nunique()} chỉ tiêu. Số viết kiểu "
               "Việt Nam: 1.700.000.000, 1,7 tỷ, 85,5. Để trống ô nào thì chỉ tiêu đó giữ nguyên.")

st.subheader("2. Nhập tệp đã điền")
round_ = st.session_state.get("tg_round", 0)  # a new uploader after a save: the saved file is not shown again
upload = st.file_uploader("Tệp chỉ tiêu giao (.xlsx hoặc .csv)", type=["xlsx", "csv"], key=f"tg_upload_{round_}")
if upload is not None:
    try:
        plan = targets.plan_targets(engine, targets.read_sheet(upload.getvalue(), upload.name), actor)
    except targets.TargetsRefused as exc:
        plan = targets.TargetPlan(problems=exc.problems)
    if plan.problems:
        st.error(f"Tệp «{upload.name}» chưa nhập được; chưa có gì được lưu. Hãy sửa rồi tải lên lại:\n\n"
                 + "\n".join(f"- {p}" for p in plan.problems), icon=":material/error:")
    else:
        st.markdown(f"**Xem trước:** {plan.summary}.")
        preview = plan.frame()
        measures = preview["Đơn vị tính"]
        for column in ("Trước đây", "Chỉ tiêu giao"):
            preview[column] = [vn.value_with_unit(v, m) for v, m in zip(preview[column], measures, strict=True)]
        columns = ["Đơn vị", "Chỉ tiêu", "Năm", "Trước đây", "Chỉ tiêu giao", "Thay đổi", "Dòng", "Mã đơn vị"]
        show_table(preview[columns])
        changing = plan.count("new") + plan.count("changed")
        if changing and st.button(f"Lưu {changing} chỉ tiêu", type="primary", icon=":material/save:", key="tg_save"):
            try:
                counts = targets.save_targets(engine, plan, actor=actor)
            except targets.WriteRefused as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                clear_cache()
                st.session_state["tg_done"] = (f"Đã lưu: {counts['new']} chỉ tiêu mới, {counts['changed']} thay đổi, "
                                               f"{counts['unchanged']} không đổi.")
                st.session_state["tg_round"] = round_ + 1
                st.rerun()
        elif not changing:
            st.info("Tệp không có gì mới so với chỉ tiêu đang lưu.", icon=":material/done_all:")

st.subheader("3. Sửa chỉ tiêu của một đơn vị")
if filters.unit_code is None:
    st.info("Chọn một đơn vị ở thanh bên trái để sửa chỉ tiêu của đơn vị đó.", icon=":material/arrow_back:")
    st.stop()
if not actor.covers(filters.unit_code, filters.province_code):
    st.warning(f"Tài khoản «{actor.username}» không được đặt chỉ tiêu cho {filters.unit_name} "
               f"(phạm vi: {actor.scope_text()}).", icon=":material/block:")
    st.stop()
current = targets.unit_targets(engine, filters.unit_code, year, filters.subject)
table = current.assign(
    shown=[vn.number(v, 2) if v == v and v is not None else "" for v in current["target"]],
    source=current["is_sample"].map(vn.source),
)[["indicator_code", "indicator_name", "unit", "shown", "source"]]
table.columns = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Nguồn"]
hint = st.column_config.TextColumn(help="Ví dụ 400.000.000, 1,7 tỷ hoặc 85,5; để trống để bỏ.")
edited = st.data_editor(table, hide_index=True, disabled=["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Nguồn"],
                        key=f"tg_edit_{filters.unit_code}_{year}", column_config={"Chỉ tiêu giao": hint})
entries = zip(edited["Mã chỉ tiêu"], edited["Chỉ tiêu giao"], table["Chỉ tiêu giao"], strict=True)
changed = {code: value for code, value, old in entries if (value or "") != old}
if st.button(
    f"Lưu chỉ tiêu của {filters.unit_name} năm {year}", disabled=not changed, icon=":material/save:", key="tg_unit_save"
):
    try:
        counts = targets.save_unit_targets(engine, actor=actor, ward_code=filters.unit_code, year=year, values=changed,
                                           subject=filters.subject)
    except targets.WriteRefused as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        clear_cache()
        st.session_state["tg_done"] = (f"Đã lưu chỉ tiêu của {filters.unit_name}: {counts['new']} mới, "
                                       f"{counts['changed']} thay đổi, {counts['removed']} bỏ.")
        st.rerun()
