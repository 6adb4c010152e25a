"""The forms of the Chỉ tiêu giao page: upload a filled targets sheet (every change previewed
before saving) and edit one unit's targets for a year in a table. Each write goes through
data_access.targets, which checks the editor's scope again; a refusal is shown in Vietnamese
and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from data_access import targets
from domain import format as vn
from ui.frame import Filters, show_table

PREVIEW = ["Đơn vị", "Chỉ tiêu", "Năm", "Trước đây", "Chỉ tiêu giao", "Thay đổi", "Dòng", "Mã đơn vị"]
EDITABLE = "Chỉ tiêu giao"


def targets_upload(engine, actor, done: Callable[[str], None]) -> None:
    """Upload an .xlsx or .csv sheet; show its problems (nothing saved) or a preview of each
    new and changed target, and save them on request."""
    round_ = st.session_state.get("tg_round", 0)  # a new uploader after a save: the saved file is not shown again
    upload = st.file_uploader("Tệp chỉ tiêu giao (.xlsx hoặc .csv)", type=["xlsx", "csv"], key=f"tg_upload_{round_}")
    if upload is None:
        return
    try:
        plan = targets.plan_targets(engine, targets.read_sheet(upload.getvalue(), upload.name), actor)
    except targets.TargetsRefused as exc:
        plan = targets.TargetPlan(problems=exc.problems)
    if plan.problems:
        st.error(f"Tệp «{upload.name}» chưa nhập được; chưa có gì được lưu. Hãy sửa rồi tải lên lại:\n\n"
                 + "\n".join(f"- {p}" for p in plan.problems), icon=":material/error:")
        return
    st.markdown(f"**Xem trước:** {plan.summary}.")
    preview = plan.frame()
    measures = preview["Đơn vị tính"]
    for column in ("Trước đây", EDITABLE):
        preview[column] = [vn.value_with_measure(v, m) for v, m in zip(preview[column], measures, strict=True)]
    show_table(preview[PREVIEW])
    changing = plan.count("new") + plan.count("changed")
    if not changing:
        st.info("Tệp không có gì mới so với chỉ tiêu đang lưu.", icon=":material/done_all:")
    elif st.button(f"Lưu {changing} chỉ tiêu", type="primary", icon=":material/save:", key="tg_save"):
        try:
            counts = targets.save_targets(engine, plan, actor=actor)
        except targets.WriteRefused as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.session_state["tg_round"] = round_ + 1
            done(f"Đã lưu: {counts['new']} chỉ tiêu mới, {counts['changed']} thay đổi, "
                 f"{counts['unchanged']} không đổi.")


def unit_targets_editor(engine, actor, filters: Filters, year: int, done: Callable[[str], None]) -> None:
    """One unit's targets for `year` in an editable table (blank removes a target); saves
    only the changed cells."""
    current = targets.unit_targets(engine, filters.unit_code, year, filters.subject)
    table = current.assign(
        shown=[vn.number(v, 2) if not vn.is_missing(v) else "" for v in current["target"]],
        source=current["is_sample"].map(vn.source),
    )[["indicator_code", "indicator_name", "unit", "shown", "source"]]
    table.columns = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", EDITABLE, "Nguồn"]
    hint = st.column_config.TextColumn(help="Ví dụ 400.000.000, 1,7 tỷ hoặc 85,5; để trống để bỏ.")
    edited = st.data_editor(table, hide_index=True, disabled=[c for c in table.columns if c != EDITABLE],
                            key=f"tg_edit_{filters.unit_code}_{year}", column_config={EDITABLE: hint})
    entries = zip(edited["Mã chỉ tiêu"], edited[EDITABLE], table[EDITABLE], strict=True)
    changed = {code: value for code, value, old in entries if (value or "") != old}
    label = f"Lưu chỉ tiêu của {filters.unit_name} năm {year}"
    if not st.button(label, disabled=not changed, icon=":material/save:", key="tg_unit_save"):
        return
    try:
        counts = targets.save_unit_targets(engine, actor=actor, ward_code=filters.unit_code, year=year,
                                           values=changed, subject=filters.subject)
    except targets.WriteRefused as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        done(f"Đã lưu chỉ tiêu của {filters.unit_name}: {counts['new']} mới, {counts['changed']} thay đổi, "
             f"{counts['removed']} bỏ.")
