"""The parts of the unit page that show one report as written: its details, the sentence each
figure came from, and its findings by kind and task area (tabs on screen, one after another in
print)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import format as vn
from domain.vocabulary import KIND_LABELS, REAL_LABEL, SAMPLE_LABEL
from ui.corrections import corrected_text
from ui.frame import print_mode
from ui.tables import source_note

GENERAL_AREA = "Chung"  # findings the report does not place under a task area


def report_details(meta: pd.Series) -> None:
    """Document number and title, date, issuing body, import time, file, source and version."""
    named = [vn.literal(part) for part in (meta["document_number"], meta["title"]) if not vn.is_missing(part) and part]
    with st.expander("Thông tin báo cáo", expanded=True):
        left, right = st.columns(2)
        left.markdown(
            f"**Văn bản:** {' · '.join(named) or vn.MISSING}  \n"
            f"**Ngày văn bản:** {vn.date(meta['document_date'])}  \n"
            f"**Cơ quan ban hành:** {vn.literal(meta['issuing_body'])}"
        )
        right.markdown(
            f"**Nhập lúc:** {vn.datetime(meta['imported_at'])} · **Tệp gốc:** {vn.literal(meta['source_filename'])}  \n"
            f"**Nguồn:** {SAMPLE_LABEL if meta['is_sample'] else REAL_LABEL}  \n"
            f"**Số phiên bản:** {int(meta['versions'])} (đang xem phiên bản {int(meta['version'])})"
        )


def figure_sources(values: pd.DataFrame, actual: pd.Series) -> None:
    """Each figure as the report wrote it (or as shown, `actual`, when the text was not kept)
    beside the sentence it came from: the last step of the drill-down."""
    with st.expander("Câu gốc trong báo cáo của từng con số", expanded=print_mode()):
        written = values["figure_text"].where(values["figure_text"].fillna("") != "", actual)
        sources = values.assign(written=written, sentence=values["source_excerpt"].fillna("Không lưu câu gốc."))
        headings = {"indicator_name": "Chỉ tiêu", "written": "Con số như văn bản ghi",
                    "sentence": "Câu gốc trong báo cáo"}
        st.table(sources[list(headings)].rename(columns=headings), hide_index=True)


def findings_by_kind(found: pd.DataFrame) -> None:
    """A tab per kind of finding the report has (its count in the label), findings grouped by
    task area, each with its correction mark and, when cut from a longer sentence, that
    sentence as a tooltip; a warning names the kinds the report lacks."""
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
            _findings_by_area(found[found["kind"] == kind].fillna({"task_area_name": GENERAL_AREA}))


def _findings_by_area(of_kind: pd.DataFrame) -> None:
    groups = of_kind.groupby("task_area_name", sort=False)
    for area, group in groups:
        if len(groups) > 1 or area != GENERAL_AREA:
            st.caption(f"Lĩnh vực: {area}")
        for row in group.itertuples():  # one element a finding: a long report stays quick to open
            mark = corrected_text(row.corrected_by, row.corrected_at)
            st.markdown(f"{row.position}\\. {vn.literal(row.text)}" + (f" :gray[({mark})]" if mark else ""),
                        help=source_note(row.text, row.source_excerpt))
