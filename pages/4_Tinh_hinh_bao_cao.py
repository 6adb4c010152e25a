"""Tình hình báo cáo: who has reported for a year, whose report lacks a standard section,
and every unit over the years."""

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import KIND_LABELS
from ui.frame import page_frame, read, sample_notice
from ui.tables import table

REPORTED, MISSING, SAMPLE = "✔ Đã báo cáo", "✖ Chưa báo cáo", "✔ Đã báo cáo (minh họa)"
filters = page_frame("Tình hình báo cáo")
year, province = filters.year, filters.province_code
slug = f"{vn.slug(filters.province_name)}_{year}"
status = read(queries.reporting_status, province, year)
sections = read(queries.report_sections, province, year)
kinds = list(KIND_LABELS)
lacking = sections[(sections[kinds] == 0).any(axis=1)]
missing = status[~status["reported"]]

st.subheader(f"{filters.province_name} · năm {year}")
sample_notice(status["is_sample"].fillna(False).astype(bool).any())
cols = st.columns(3)
cols[0].metric("Đơn vị đã báo cáo", f"{len(status) - len(missing)}/{len(status)}")
cols[1].metric("Đơn vị chưa báo cáo", f"{len(missing)}/{len(status)}")
cols[2].metric("Báo cáo thiếu phần", f"{len(lacking)}/{len(sections)}",
               help="Báo cáo không có ít nhất một trong tám phần: " + ", ".join(KIND_LABELS.values()) + ".")

st.markdown(f"#### Đơn vị chưa báo cáo năm {year}")
if missing.empty:
    st.success("Tất cả đơn vị đã báo cáo.", icon=":material/check_circle:")
else:
    table(missing, {"ward_code": "Mã đơn vị", "ward_name": "Đơn vị", "kind": "Loại đơn vị"},
          csv=f"chua-bao-cao_{slug}", key="csv-missing")

st.markdown(f"#### Báo cáo thiếu phần bắt buộc năm {year}")
if sections.empty:
    st.info(f"Năm {year} chưa có báo cáo nào.", icon=":material/inbox:")
elif lacking.empty:
    st.success(f"Cả {len(sections)} báo cáo đều có đủ tám phần.", icon=":material/check_circle:")
else:
    gaps = lacking.assign(
        gaps=[", ".join(KIND_LABELS[k] for k in kinds if row[k] == 0) for _, row in lacking.iterrows()]
    )
    table(gaps, {"ward_code": "Mã đơn vị", "ward_name": "Đơn vị", "gaps": "Thiếu phần", "findings": "Số nhận định",
                 "is_sample": "Nguồn"}, links=filters, csv=f"bao-cao-thieu-phan_{slug}", key="csv-lacking")
if not sections.empty:
    with st.expander("Số nhận định từng phần của mọi báo cáo"):
        table(sections, {"ward_code": "Mã đơn vị", "ward_name": "Đơn vị", "findings": "Tổng số", **KIND_LABELS,
                         "is_sample": "Nguồn"}, csv=f"so-nhan-dinh-tung-phan_{slug}", key="csv-sections")

st.markdown("#### Đơn vị × năm")
matrix = read(queries.reporting_matrix, province)
per_year = read(queries.years_with_data, province).sort_values("year")
st.caption(
    "Số báo cáo theo năm: "
    + " · ".join(f"{y}: {r}/{len(status)}" for y, r in zip(per_year["year"], per_year["reports"], strict=True))
)
matrix["mark"] = [
    SAMPLE if s else REPORTED if r else MISSING for r, s in zip(matrix["reported"], matrix["is_sample"], strict=True)
]
grid = matrix.pivot(index=["ward_code", "ward_name"], columns="year", values="mark")
grid.columns = [f"Năm {y}" for y in grid.columns]
table(grid.reset_index(), {"ward_code": "Mã đơn vị", "ward_name": "Đơn vị", **{c: c for c in grid.columns}},
      links=filters, csv=f"bao-cao-theo-nam_{vn.slug(filters.province_name)}", key="csv-matrix")
