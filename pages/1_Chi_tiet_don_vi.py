"""Chi tiết đơn vị: what one unit reports for a year, every figure and finding back to its source."""

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import KIND_LABELS
from ui import charts
from ui.corrections import corrected_column, correction_panel
from ui.downloads import csv_button, unit_downloads
from ui.frame import page_frame, read, sample_notice, show_chart
from ui.tables import band_texts, table, with_measures
from ui.unit_report import figure_sources, findings_by_kind, report_details

filters = page_frame("Chi tiết đơn vị", with_unit=True, unit_required=True)
ward, year = filters.unit_code, filters.year
slug = f"{vn.slug(filters.unit_name)}_{year}"
st.subheader(f"{filters.unit_name} · năm {year}")

report = read(queries.report_of_unit, ward, year)
if report.empty:
    years = read(queries.unit_indicator_history, ward)["year"].drop_duplicates().tolist()
    others = ", ".join(str(y) for y in sorted(years)) or "chưa có năm nào"
    st.info(
        f"{filters.unit_name} chưa có báo cáo năm {year}. Các năm đã có báo cáo: {others}.", icon=":material/inbox:"
    )
    st.stop()
meta = report.iloc[0]
sample_notice(meta["is_sample"])
correction_panel(filters)
unit_downloads(filters)
report_details(meta)

st.markdown("#### Số liệu")
values = read(queries.unit_indicators, ward, year).merge(
    read(queries.province_indicator_medians, filters.province_code, year), on="indicator_code", how="left"
)
if values.empty:
    st.info("Báo cáo này không có số liệu nào.", icon=":material/inbox:")
else:
    measure = values["unit"]
    figures = values.assign(
        actual=[vn.qualified(v, m, q) for v, m, q in zip(values["value"], measure, values["qualifier"], strict=True)],
        target_text=with_measures(values, "target"),
        percent=values["achieved_percent"].map(vn.percent),
        band_text=band_texts(values, blank_without_band=True),
        previous=with_measures(values, "previous_value"),
        change_text=with_measures(values, "change", vn.change),
        median_text=with_measures(values, "median"),
        vs_median=with_measures(values.assign(gap=values["value"] - values["median"]), "gap", vn.change),
        corrected=corrected_column(values),
    )
    table(figures, {"indicator_name": "Chỉ tiêu", "actual": "Thực hiện", "target_text": "Chỉ tiêu giao",
                    "percent": "% đạt", "band_text": "Mức đạt", "previous": f"Năm {year - 1}",
                    "change_text": "Thay đổi", "median_text": "Trung vị thành phố", "vs_median": "So với trung vị",
                    "task_area_name": "Lĩnh vực", "is_sample": "Nguồn", "corrected": "Sửa sau khi nhập"},
          column_config={"Chỉ tiêu": st.column_config.TextColumn(width="medium", pinned=True)})
    st.caption("Trung vị: giá trị ở giữa của các đơn vị đã báo cáo chỉ tiêu đó trong năm. "
               "Thay đổi: so với báo cáo năm trước của chính đơn vị.")
    raw = ["indicator_code", "indicator_name", "unit", "value", "qualifier", "target", "achieved_percent",
           "band_label", "previous_value", "change", "median", "task_area_name", "figure_text", "source_excerpt",
           "is_sample"]
    csv_button(values[raw].assign(year=year), f"so-lieu_{slug}", key="csv-values")
    figure_sources(values, figures["actual"])

st.markdown("#### Diễn biến qua các năm")
history = read(queries.unit_indicator_history, ward)
if history["year"].nunique() < 2:
    st.info("Đơn vị mới có báo cáo của một năm, chưa vẽ được diễn biến.", icon=":material/inbox:")
else:
    show_chart(charts.trend_multiples(history), key="trend")

st.markdown("#### Nhận định, kiến nghị trong báo cáo")
found = read(queries.findings, ward_code=ward, year=year)
if found.empty:
    st.info("Báo cáo này không có nhận định nào.", icon=":material/inbox:")
    st.stop()
findings_by_kind(found)
listing = found.assign(kind_text=found["kind"].map(KIND_LABELS), source=found["is_sample"].map(vn.source))
listing = listing[["kind_text", "task_area_name", "position", "text", "source_excerpt", "source"]]
listing.columns = ["Loại", "Lĩnh vực", "Thứ tự", "Nội dung", "Câu gốc", "Nguồn"]
csv_button(listing, f"nhan-dinh_{slug}", label="Tải CSV các nhận định", key="csv-findings")
