"""The "Cần chú ý" section: each unit below the chosen band, worst first, with its lowest
indicators (% of target) and its own limitations, causes and recommendations as written, and a
link to its page where every finding shows the sentence of the report it comes from."""

from __future__ import annotations

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import ATTENTION_KINDS, KIND_LABELS, SAMPLE_LABEL
from exports.tables import attention_groups
from ui import charts
from ui.downloads import csv_button, xlsx_button
from ui.frame import Filters, print_mode, read, sample_notice, unit_url, url_choice
from ui.tables import source_note

# The grouping depends only on the rows read (themselves keyed on the data version): done once.
_attention_groups = st.cache_data(show_spinner=False, max_entries=64)(attention_groups)

# Choice shown -> upper limit of the unit's mean % of target (the bands' thresholds).
LIMITS = {"Chưa đạt (< 80 %)": 80.0, "Chưa đạt và gần đạt (< 100 %)": 100.0}
PARTS = tuple((kind, KIND_LABELS[kind]) for kind in ATTENTION_KINDS)


def chosen_limit() -> tuple[str, float]:
    """The band chosen for the view, from the URL (`chu_y=100`) or 80 % by default."""
    wanted = st.query_params.get("chu_y")
    for label, limit in LIMITS.items():
        if wanted == f"{limit:g}":
            return label, limit
    return next(iter(LIMITS.items()))


def _indicator_line(row: dict) -> str:
    return (f"**{vn.literal(row['text'])}**: {vn.value_with_measure(row['value'], row['measure'])} / "
            f"{vn.value_with_measure(row['target'], row['measure'])} · **{vn.percent(row['achieved_percent'])}**")


def attention_section(filters: Filters) -> None:
    """Drawn on the overview under its own heading."""
    st.subheader("Cần chú ý: đơn vị đạt thấp và lý do đơn vị tự nêu", anchor="can-chu-y")
    label, limit = chosen_limit()
    if not print_mode():
        # no key: the default comes from the URL, so a link or a changed URL wins over the widget
        picked = st.segmented_control("Đơn vị", list(LIMITS), default=label)
        if picked and picked != label:
            label, limit = picked, LIMITS[picked]
        url_choice("chu_y", None if limit == 80.0 else f"{limit:g}")
    data = read(queries.attention_units, filters.province_code, filters.year, below_percent=limit)
    if data.empty:
        st.success(f"Năm {filters.year} không có đơn vị nào {label.lower()}.", icon=":material/check_circle:")
        return
    groups = _attention_groups(data)
    sample_notice(data["is_sample"].any())
    st.caption(
        f"{len(groups)} đơn vị {label.lower()}, thấp nhất trước. Mỗi đơn vị: 3 chỉ tiêu đạt thấp nhất (kết quả / "
        "chỉ tiêu · % đạt) và nguyên văn hạn chế, nguyên nhân, kiến nghị đơn vị nêu trong báo cáo; "
        "mở trang đơn vị để xem câu gốc của từng ý."
    )
    for group in groups:
        with st.container(border=True, key=f"attention-unit-{group['ward_code']}"):  # a card: printed whole
            st.markdown(
                f"#### {charts.band_symbol(group['band'])} {vn.literal(group['ward_name'])} · "
                f"{vn.percent(group['unit_percent'])} chỉ tiêu"
                + (f" :orange-badge[{SAMPLE_LABEL}]" if group["is_sample"] else "")
            )
            # The link under the heading and the four parts two by two: beside the heading and
            # in four columns, a 1024 px projector cut the button to "Mở tra…" and the
            # sentences to two words a line.
            st.link_button("Mở trang đơn vị", unit_url(filters, group["ward_code"]), icon=":material/open_in_new:")
            columns = [column for _ in range(2) for column in st.columns(2)]
            with columns[0]:
                st.markdown("**Chỉ tiêu đạt thấp nhất**")
                for row in group["indicator"]:
                    st.markdown(f"- {_indicator_line(row)}")
            for column, (kind, title) in zip(columns[1:], PARTS, strict=True):
                with column:
                    st.markdown(f"**{title}**")
                    rows = group[kind]
                    if not rows:
                        st.caption("Báo cáo không nêu.")
                    for row in rows:
                        source = source_note(row["text"], row.get("source_excerpt"))
                        st.markdown(f"- {vn.literal(row['text'])}", help=source)
    slug = f"can-chu-y_{vn.slug(filters.province_name)}_{filters.year}"
    left, right = st.columns(2)
    with left:
        csv_button(data, slug, key="csv-attention")
    with right:
        xlsx_button(data, "can-chu-y", "Cần chú ý", filters=filters, key="xlsx-attention")
