"""Chi tiết đơn vị: what one unit reports for a year, every figure and finding back to its source."""

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import KIND_LABELS, SAMPLE_LABEL
from ui import charts
from ui.corrections import corrected_column, corrected_text, correction_panel
from ui.downloads import csv_button, unit_downloads
from ui.frame import page_frame, print_mode, read, sample_notice, show_chart, show_table

filters = page_frame("Chi tiết đơn vị", with_unit=True, unit_required=True)
unit, year = filters.unit_code, filters.year
slug = f"{vn.slug(filters.unit_name)}_{year}"
st.subheader(f"{filters.unit_name} · năm {year}")

report = read(queries.report_of_unit, unit, year)
if report.empty:
    years = read(queries.unit_indicator_history, unit)["year"].drop_duplicates().tolist()
    others = ", ".join(str(y) for y in sorted(years)) or "chưa có năm nào"
    st.info(f"{filters.unit_name} chưa có báo cáo năm {year}. Các năm đã có báo cáo: {others}.", icon=":material/inbox:")
    st.stop()
meta = report.iloc[0]
sample_notice(meta["is_sample"])
correction_panel(filters)
unit_downloads(filters)
with st.expander("Thông tin báo cáo", expanded=True):
    left, right = st.columns(2)
    left.markdown(
        f"**Văn bản:** {vn.literal(meta['document_number'])} · {vn.literal(meta['title'] or '')}  \n"
        f"**Ngày văn bản:** {vn.date(meta['document_date'])}  \n"
        f"**Cơ quan ban hành:** {vn.literal(meta['issuing_body'])}"
    )
    right.markdown(
        f"**Nhập lúc:** {vn.datetime(meta['imported_at'])} · **Tệp gốc:** {vn.literal(meta['source_filename'])}  \n"
        f"**Nguồn:** {SAMPLE_LABEL if meta['is_sample'] else 'Báo cáo thật'}  \n"
        f"**Số phiên bản:** {int(meta['versions'])} (đang xem phiên bản {int(meta['version'])})"
    )

st.markdown("#### Số liệu")
values = read(queries.unit_indicators, unit, year).merge(
    read(queries.province_indicator_medians, filters.province_code, year), on="indicator_code", how="left"
)
if values.empty:
    st.info("Báo cáo này không có số liệu nào.", icon=":material/inbox:")
else:
    rows = zip(values["value"], values["unit"], values["qualifier"], strict=True)
    table = values.assign(
        actual=[vn.qualified(v, u, q) for v, u, q in rows],
        target_text=[vn.value_with_unit(v, u) for v, u in zip(values["target"], values["unit"], strict=True)],
        percent=values["achieved_percent"].map(vn.percent),
        band_text=[charts.band_text(c, lbl) if c else "" for c, lbl in zip(values["band"], values["band_label"], strict=True)],
        previous=[vn.value_with_unit(v, u) for v, u in zip(values["previous_value"], values["unit"], strict=True)],
        change_text=[vn.change(v, u) for v, u in zip(values["change"], values["unit"], strict=True)],
        median_text=[vn.value_with_unit(v, u) for v, u in zip(values["median"], values["unit"], strict=True)],
        vs_median=[vn.change(v - m, u) for v, m, u in zip(values["value"], values["median"], values["unit"], strict=True)],
        source=values["is_sample"].map(vn.source),
        corrected=corrected_column(values),
    )[["indicator_name", "actual", "target_text", "percent", "band_text", "previous", "change_text",
       "median_text", "vs_median", "task_area_name", "source", "corrected"]]
    table.columns = ["Chỉ tiêu", "Thực hiện", "Chỉ tiêu giao", "% đạt", "Mức đạt", f"Năm {year - 1}",
                     "Thay đổi", "Trung vị thành phố", "So với trung vị", "Lĩnh vực", "Nguồn", "Sửa sau khi nhập"]
    show_table(table, column_config={"Chỉ tiêu": st.column_config.TextColumn(width="medium", pinned=True)})
    st.caption("Trung vị: giá trị ở giữa của các đơn vị đã báo cáo chỉ tiêu đó trong năm. Thay đổi: so với báo cáo năm trước của chính đơn vị.")
    raw = ["indicator_code", "indicator_name", "unit", "value", "qualifier", "target", "achieved_percent",
           "band_label", "previous_value", "change", "median", "task_area_name", "figure_text", "source_excerpt", "is_sample"]
    csv_button(values[raw].assign(year=year), f"so-lieu_{slug}", key="csv-values")
    with st.expander("Câu gốc trong báo cáo của từng con số", expanded=print_mode()):
        for row in values.itertuples():
            with st.expander(f"{row.indicator_name}: {vn.qualified(row.value, row.unit, row.qualifier)}"):
                if isinstance(row.figure_text, str) and row.figure_text:
                    st.markdown(f"Con số như văn bản ghi: «{vn.literal(row.figure_text)}»")
                st.markdown(f"> {vn.literal(row.source_excerpt) if row.source_excerpt else 'Không lưu câu gốc.'}")

st.markdown("#### Diễn biến qua các năm")
history = read(queries.unit_indicator_history, unit)
if history["year"].nunique() < 2:
    st.info("Đơn vị mới có báo cáo của một năm, chưa vẽ được diễn biến.", icon=":material/inbox:")
else:
    show_chart(charts.trend_multiples(history), key="trend")

st.markdown("#### Nhận định, kiến nghị trong báo cáo")
found = read(queries.findings, ward_code=unit, year=year)
if found.empty:
    st.info("Báo cáo này không có nhận định nào.", icon=":material/inbox:")
    st.stop()
kinds = [k for k in KIND_LABELS if k in set(found["kind"])]
missing = [KIND_LABELS[k] for k in KIND_LABELS if k not in kinds]
if missing:
    st.warning("Báo cáo không có phần: " + ", ".join(missing) + ".", icon=":material/report:")
labels = [f"{KIND_LABELS[k]} ({(found['kind'] == k).sum()})" for k in kinds]
places = [st.container() for _ in kinds] if print_mode() else st.tabs(labels)
for kind, label, place in zip(kinds, labels, places, strict=True):
    with place:
        if print_mode():
            st.markdown(f"**{label}**")
        of_kind = found[found["kind"] == kind].fillna({"task_area_name": "Chung"})
        groups = of_kind.groupby("task_area_name", sort=False)
        for area, group in groups:
            if len(groups) > 1 or area != "Chung":
                st.caption(f"Lĩnh vực: {area}")
            for row in group.itertuples():
                mark = corrected_text(row.corrected_by, row.corrected_at)
                st.markdown(f"{row.position}\\. {vn.literal(row.text)}" + (f" :gray[({mark})]" if mark else ""))
                with st.expander("Câu gốc trong báo cáo", expanded=False):
                    st.markdown(f"> {vn.literal(row.source_excerpt or row.text)}")
listing = found.assign(kind_text=found["kind"].map(KIND_LABELS), source=found["is_sample"].map(vn.source))
listing = listing[["kind_text", "task_area_name", "position", "text", "source_excerpt", "source"]]
listing.columns = ["Loại", "Lĩnh vực", "Thứ tự", "Nội dung", "Câu gốc", "Nguồn"]
csv_button(listing, f"nhan-dinh_{slug}", label="Tải CSV các nhận định", key="csv-findings")
