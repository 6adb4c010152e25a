"""Trình chiếu: the meeting screen. The slide fills the window; one idea and one chart a slide
(ui/slides.py), moved with "◀ Trước" / "Tiếp ▶", a clicker's keys (←/→, PageUp/PageDown,
Space) or every N seconds with `auto=N`; the slide is in the URL (`slide=N`) so a link
prepared before the meeting opens it."""

import streamlit as st

from data_access import queries
from ui import presentation, slides
from ui.frame import page_frame, read, slide_param

SLIDES = slides.SLIDES

filters = page_frame("Trình chiếu", with_unit=True)
presentation.enter()
slide, problem = slide_param(len(SLIDES))
if problem:
    st.warning(problem, icon=":material/error:")
auto = presentation.auto_seconds()
move, window = presentation.keys(slide, auto)
if presentation.target(move, slide, len(SLIDES)) != slide:
    slide = presentation.target(move, slide, len(SLIDES))
    st.query_params["slide"] = str(slide)


def go(number: int) -> None:
    st.query_params["slide"] = str(number)


home, back, where, forward = st.columns([1.5, 1.1, 3, 1.1], vertical_alignment="center")
if home.button("Bảng theo dõi", key="slide-home", icon=":material/arrow_back:", width="stretch"):
    st.switch_page("app.py", query_params=filters.params())  # back to the overview, same filters
back.button("◀ Trước", key="slide-back", on_click=go, args=(slide - 1,), disabled=slide == 1, width="stretch")
forward.button(
    "Tiếp ▶", key="slide-next", on_click=go, args=(slide + 1,), disabled=slide == len(SLIDES), width="stretch"
)
title, draw = SLIDES[slide - 1]
where.markdown(f"**Trang {slide}/{len(SLIDES)}** · {title}" + (f" · tự chuyển sau {auto} giây" if auto else ""))

summary = read(queries.reporting_summary, filters.province_code, filters.year).iloc[0]
screen = slides.Screen(
    width=window["width"],
    height=window["height"],
    reported=int(summary["reported"]),
    units=int(summary["units"]),
    is_sample=bool(summary["sample_reports"] > 0),
)
is_sample = draw(filters, screen)
presentation.footer(
    f"Nguồn: {screen.reported}/{screen.units} báo cáo hiện hành của các đơn vị thuộc {filters.province_name}",
    is_sample,
    filters.year,
)
