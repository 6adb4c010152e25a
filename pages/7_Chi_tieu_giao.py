"""Chỉ tiêu giao: editors download the targets sheet, upload it filled (a preview of every
change before saving), or edit one unit's targets for a year in a table. The data layer
checks the editor's scope again."""

import datetime as dt

import streamlit as st

from data_access import config, targets
from data_access.db import get_engine
from domain import format as vn
from ui.auth import require_role
from ui.frame import database, page_frame, saved_notice
from ui.targets_forms import targets_upload, unit_targets_editor

filters = page_frame("Chỉ tiêu giao", with_unit=True, needs_reports=False)
actor = require_role("editor")
engine = get_engine(database())
this_year = dt.date.today().year
years = list(range(this_year + config.YEARS_AHEAD, config.FIRST_YEAR - 1, -1))
year = st.selectbox("Năm của chỉ tiêu", years, index=years.index(filters.year) if filters.year in years else 1,
                    key="tg_year")
done = saved_notice("tg_done")

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
targets_upload(engine, actor, done)

st.subheader("3. Sửa chỉ tiêu của một đơn vị")
if filters.unit_code is None:
    st.info("Chọn một đơn vị ở thanh bên trái để sửa chỉ tiêu của đơn vị đó.", icon=":material/arrow_back:")
    st.stop()
if not actor.covers(filters.unit_code, filters.province_code):
    st.warning(f"Tài khoản «{actor.username}» không được đặt chỉ tiêu cho {filters.unit_name} "
               f"(phạm vi: {actor.scope_text()}).", icon=":material/block:")
    st.stop()
unit_targets_editor(engine, actor, filters, year, done)
