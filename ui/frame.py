"""The frame every page draws: page setup, the database, the sidebar with Vietnamese page
links and the province / unit / year filters, which live in the URL so that a link
reproduces a view and a drill-down is a link."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import streamlit as st

from data_access import queries
from data_access.reference import DEFAULT_PROVINCE, DEFAULT_SUBJECT
from domain import format as vn
from domain.vocabulary import SAMPLE_LABEL
from ui import style
from ui.auth import sidebar_account
from ui.data import clear_cache, data_version, database, read  # noqa: F401  (pages import them from here)

log = logging.getLogger(__name__)


class SidebarPage(NamedTuple):
    """One page's link in the sidebar."""

    path: str  # the script, relative to the app's folder
    label: str  # Vietnamese, as the sidebar shows it
    icon: str


# The order of the sidebar.
PAGES = [
    SidebarPage("app.py", "Tổng quan", ":material/dashboard:"),
    SidebarPage("pages/1_Chi_tiet_don_vi.py", "Chi tiết đơn vị", ":material/location_city:"),
    SidebarPage("pages/2_So_sanh.py", "So sánh", ":material/leaderboard:"),
    SidebarPage("pages/3_Nhan_dinh_kien_nghi.py", "Nhận định & kiến nghị", ":material/forum:"),
    SidebarPage("pages/4_Tinh_hinh_bao_cao.py", "Tình hình báo cáo", ":material/fact_check:"),
    SidebarPage("pages/5_Nhap_bao_cao.py", "Nhập báo cáo", ":material/upload_file:"),
    SidebarPage("pages/6_Trinh_chieu.py", "Trình chiếu", ":material/slideshow:"),
    SidebarPage("pages/7_Chi_tieu_giao.py", "Chỉ tiêu giao", ":material/flag_circle:"),
    SidebarPage("pages/8_Danh_muc.py", "Danh mục chỉ tiêu", ":material/category:"),
    SidebarPage("pages/9_Quan_tri.py", "Quản trị", ":material/admin_panel_settings:"),
]
UNIT_PAGE = "pages/1_Chi_tiet_don_vi.py"
UNIT_PAGE_URL = "Chi_tiet_don_vi"  # Streamlit's URL path of UNIT_PAGE, relative to the app
STYLE = """
<style>
/* Read from across a room: larger numbers and table text, generous spacing. */
[data-testid="stMetricLabel"] p { font-size: 1.1rem; white-space: normal; }
[data-testid="stMetricLabel"] div { overflow: visible; white-space: normal; }
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stSidebar"] a p { font-size: 1.05rem; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1rem; }
.block-container { padding-top: 2.2rem; }
@media print { [data-testid="stSidebar"], [data-testid="stHeader"] { display: none; } }
/* A 1024 px tablet: a narrower sidebar and less padding leave the content room to breathe. */
@media (max-width: 1100px) {
  .block-container { padding-left: 1rem; padding-right: 1rem; }
  [data-testid="stSidebar"] { min-width: 250px !important; max-width: 250px !important; }
}
</style>
"""


@dataclass(frozen=True)
class Filters:
    province_code: int
    province_name: str
    year: int | None
    years: tuple[int, ...]
    unit_code: int | None = None
    unit_name: str | None = None
    subject: str = DEFAULT_SUBJECT

    def params(self, **overrides) -> dict[str, str]:
        """Query parameters of this view, for links that keep the filters."""
        values = {"province": self.province_code, "year": self.year, "unit": self.unit_code}
        if self.subject != DEFAULT_SUBJECT:
            values["subject"] = self.subject
        if print_mode():
            values["print"] = 1
        values.update(overrides)
        return {k: str(v) for k, v in values.items() if v is not None}


def subject_filter(problems: list[str]) -> str:
    """The subject followed (Kết luận 62 by default), in the URL as `subject=`; the choice is
    drawn only when the database holds more than one subject."""
    subjects = read(queries.subjects)
    names = dict(zip(subjects["code"], subjects["name"], strict=True))
    wanted = st.query_params.get("subject")
    if wanted is not None and wanted not in names:
        problems.append(f"Không có chủ đề theo dõi mã «{echo(wanted)}»; đang hiển thị Kết luận 62-KL/TW.")
        wanted = None
    code = DEFAULT_SUBJECT
    if len(names) > 1:
        if st.session_state.get("f_subject") not in names:
            st.session_state["f_subject"] = wanted or DEFAULT_SUBJECT
        code = st.selectbox("Chủ đề theo dõi", list(names), key="f_subject",
                            format_func=lambda c: f"{c} · {names[c][:60]}{'…' if len(names[c]) > 60 else ''}")
    st.session_state["_subject"] = code
    if code != DEFAULT_SUBJECT:
        st.query_params["subject"] = code
    elif "subject" in st.query_params:
        del st.query_params["subject"]
    return code


# --------------------------------------------------------------------------- URL parameters
# Everything in the URL is typed by someone: each kind of parameter has one validator that
# returns a safe value (None = use the default) and, for a value it cannot use, a Vietnamese
# message that quotes the value escaped (never rendered as Markdown, a link or an image).

ECHO_MAX = 40  # characters of a bad URL value quoted back in a message
_DIGITS = {"province": 3, "unit": 6, "year": 4, "slide": 3}  # official codes are short; longer is junk
SEARCH_MAX = 200


def echo(raw) -> str:
    """A value the user typed, quoted back in a message: one line, shortened, and escaped so
    st.markdown / st.warning show it exactly as typed."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(raw))
    if len(text) > ECHO_MAX:
        text = text[:ECHO_MAX] + "…"
    return vn.literal(text)


def url_text(name: str) -> str | None:
    """The raw value of a query parameter; None when absent or empty."""
    raw = st.query_params.get(name)
    return raw if isinstance(raw, str) and raw != "" else None


def _as_code(raw: str, digits: int) -> int | None:
    """An ASCII-digit code of at most `digits` digits ("²", "1_0", "99999999999999999999" are not)."""
    text = raw.strip()
    return int(text) if re.fullmatch(rf"[0-9]{{1,{digits}}}", text) else None


def province_param(province_names: dict[int, str]) -> tuple[int | None, str | None]:
    """(province code from the URL or None, the message for a value that is not one)."""
    raw = url_text("province")
    if raw is None:
        return None, None
    code = _as_code(raw, _DIGITS["province"])
    if code in province_names:
        return code, None
    fallback = province_names.get(DEFAULT_PROVINCE, "Hải Phòng")
    return None, f"Không có tỉnh, thành phố mã «{echo(raw)}»; đang hiển thị {fallback}."


def year_param(years: tuple[int, ...], province_name: str) -> tuple[int | None, str | None]:
    """(year from the URL if it has reports, the message otherwise)."""
    raw = url_text("year")
    if raw is None:
        return None, None
    year = _as_code(raw, _DIGITS["year"])
    if year in years:
        return year, None
    if year is None:
        return None, f"Năm «{echo(raw)}» không hợp lệ (cần bốn chữ số, ví dụ 2025); đang hiển thị năm mới nhất."
    return None, f"Chưa có báo cáo nào của năm «{echo(raw)}» cho {province_name}."


def unit_param(unit_names: dict[int, str]) -> tuple[int | None, str | None]:
    """(unit code from the URL if it is a unit of the chosen province, the message otherwise)."""
    raw = url_text("unit")
    if raw is None:
        return None, None
    code = _as_code(raw, _DIGITS["unit"])
    if code in unit_names:
        return code, None
    known = read(queries.unit, code) if code is not None else pd.DataFrame()
    if known.empty:
        return None, f"Không tìm thấy đơn vị mã «{echo(raw)}» trong danh mục đơn vị hành chính."
    return None, (
        f"Đơn vị mã {code} ({vn.literal(known.iloc[0]['name'])}) thuộc {vn.literal(known.iloc[0]['province_name'])}, "
        "không thuộc tỉnh, thành phố đang chọn."
    )


def slide_param(count: int) -> tuple[int, str | None]:
    """(slide number 1..count, the message when the URL's slide is not one)."""
    raw = url_text("slide")
    if raw is None:
        return 1, None
    slide = _as_code(raw, _DIGITS["slide"])
    if slide is not None and 1 <= slide <= count:
        return slide, None
    return 1, f"Không có trang chiếu «{echo(raw)}» (có {count} trang); đang mở trang 1."


def units_param(unit_names: dict[int, str], limit: int) -> tuple[list[int], str | None]:
    """(the URL's list of unit codes that are units here, at most `limit`; a message for the rest)."""
    raw = url_text("units")
    if raw is None:
        return [], None
    chosen: list[int] = []
    rejected: list[str] = []
    for part in raw.split(","):
        code = _as_code(part, _DIGITS["unit"])
        if code in unit_names:
            if code not in chosen:
                chosen.append(code)
        elif part.strip():
            rejected.append(part.strip())
    problems = []
    if rejected:
        problems.append(f"Bỏ qua mã đơn vị không có trong tỉnh, thành phố đang chọn: «{echo(', '.join(rejected))}».")
    if len(chosen) > limit:
        problems.append(f"Chỉ so sánh được tối đa {limit} đơn vị; đang hiển thị {limit} đơn vị đầu tiên.")
        chosen = chosen[:limit]
    return chosen, " ".join(problems) or None


def indicator_param(indicator_names: dict[str, str]) -> tuple[str, str | None]:
    """(indicator code: the URL's if it is in the catalogue, else the first; the message)."""
    first = next(iter(indicator_names))
    raw = url_text("indicator")
    if raw is None:
        return first, None
    if raw in indicator_names:
        return raw, None
    return first, f"Không có chỉ tiêu mã «{echo(raw)}»; đang hiển thị «{vn.literal(indicator_names[first])}»."


def search_param(name: str = "q") -> str:
    """Free text from the URL for a search box: one line, no control characters, bounded."""
    raw = url_text(name) or ""
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return text[:SEARCH_MAX]


def _sync_from_url(page: str) -> None:
    """When the URL changed from outside (a link, a drill-down) or another page opened, the
    URL wins over widget state: a sidebar widget on a new page starts from its default, so
    its value must come from the URL again."""
    current = dict(st.query_params)
    if st.session_state.get("_url_seen") != current or st.session_state.get("_page_seen") != page:
        for key in ("f_province", "f_year", "f_unit", "f_print", "f_subject"):
            st.session_state.pop(key, None)
    st.session_state["_url_seen"] = current
    st.session_state["_page_seen"] = page


def _write_url(filters: Filters, with_unit: bool) -> None:
    wanted = filters.params() if with_unit else filters.params(unit=None)
    for key in ("province", "year", "unit"):
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]
    st.session_state["_url_seen"] = dict(st.query_params)


def page_frame(
    title: str, *, with_unit: bool = False, unit_required: bool = False, needs_reports: bool = True
) -> Filters:
    """Set up the page and draw the shared sidebar; returns the filters the page shows.

    `needs_reports=False` for pages that work on an empty database (import, administration):
    they get `year=None` instead of the "no report yet" stop."""
    css = _set_up(title)
    problems: list[str] = []  # what the URL asked for that cannot be shown, in sidebar order
    with st.sidebar:
        st.markdown("### Theo dõi thực hiện Kết luận 62-KL/TW")
        links = st.container()
        st.divider()
        province_code, province_name = province_filter(problems)
        subject = subject_filter(problems)
        years = tuple(int(y) for y in read(queries.years_with_data, province_code)["year"])
        year = year_filter(years, province_name, problems)
        unit_code, unit_name = unit_filter(province_code, problems) if with_unit else (None, None)
    filters = Filters(province_code, province_name, year, years, unit_code, unit_name, subject)
    _write_url(filters, with_unit)
    style.inject_style(css, filters.params())
    sidebar_account()
    wants_print = print_toggle()
    with links:
        link_params = filters.params(print=1 if wants_print else None)
        for page in PAGES:
            st.page_link(page.path, label=page.label, icon=page.icon, query_params=link_params)
    st.title(title)
    for problem in problems:
        st.warning(problem, icon=":material/error:")
    if unit_required and unit_code is None:
        st.info("Hãy chọn một đơn vị ở thanh bên trái.", icon=":material/arrow_back:")
        st.stop()
    if year is None and needs_reports:
        st.info(f"Chưa có báo cáo nào của {province_name}.", icon=":material/inbox:")
        st.stop()
    return filters


def _set_up(title: str):
    """Page setup; returns the place of the page-wide CSS, filled once the filters are checked."""
    st.set_page_config(page_title=f"{title} · Theo dõi KL 62", page_icon=style.FAVICON, layout="wide")
    st.markdown(STYLE, unsafe_allow_html=True)
    css = st.empty()
    database()
    _sync_from_url(title)
    return css


def province_filter(problems: list[str]) -> tuple[int, str]:
    """(code, name) of the province chosen: the URL's, else Hải Phòng."""
    provinces = read(queries.provinces)
    names = dict(zip(provinces["code"], provinces["name"], strict=True))
    url_province, problem = province_param(names)
    problems += [problem] if problem else []
    if "f_province" not in st.session_state:
        st.session_state["f_province"] = url_province or DEFAULT_PROVINCE
    code = st.selectbox("Tỉnh, thành phố", list(names), format_func=names.get, key="f_province")
    return code, names[code]


def year_filter(years: tuple[int, ...], province_name: str, problems: list[str]) -> int | None:
    """The year chosen among those with reports (the URL's, else the latest); None without any."""
    url_year, problem = year_param(years, province_name)
    problems += [problem] if problem else []
    if not years:
        return None
    if st.session_state.get("f_year") not in years:
        st.session_state["f_year"] = url_year or years[0]
    return st.selectbox("Năm", years, key="f_year")


def unit_filter(province_code: int, problems: list[str]) -> tuple[int | None, str | None]:
    """(code, name) of the unit chosen in the province (the URL's), or (None, None)."""
    units = read(queries.units_of_province, province_code)
    names = dict(zip(units["code"], units["name"], strict=True))
    url_unit, problem = unit_param(names)
    problems += [problem] if problem else []
    if st.session_state.get("f_unit") not in names:
        st.session_state["f_unit"] = url_unit
    code = st.selectbox("Đơn vị (phường, xã, đặc khu)", list(names), format_func=names.get, key="f_unit",
                        index=None, placeholder="Chọn đơn vị…")
    return code, names.get(code)


def print_toggle() -> bool:
    """The sidebar's "Bản in" switch, kept in the URL as `print=1`; True when it is on."""
    with st.sidebar:
        st.divider()
        if "f_print" not in st.session_state:
            st.session_state["f_print"] = print_mode()
        wants_print = st.toggle(
            "Bản in", key="f_print", help="Bảng hiện đủ mọi dòng, biểu đồ tĩnh: để in hoặc lưu PDF (Ctrl+P)."
        )
        if wants_print != print_mode():
            if wants_print:
                st.query_params["print"] = "1"
            else:
                del st.query_params["print"]
            st.session_state["_url_seen"] = dict(st.query_params)
    return wants_print


def sample_notice(is_sample) -> None:
    """Label illustrative data wherever it is shown; real data carries no label."""
    if bool(is_sample):
        st.caption(f":orange-badge[{SAMPLE_LABEL}] Số liệu do chương trình tạo để trình diễn, không phải báo cáo thật.")


def saved_notice(key: str) -> Callable[[str], None]:
    """Show, once, the message a save left before it reran the page; return the `done(text)` a
    save calls: forget the cached reads, keep `text` under `key`, rerun."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(message, icon=":material/check_circle:")

    def done(text: str) -> None:
        clear_cache()
        st.session_state[key] = text
        st.rerun()

    return done


def print_mode() -> bool:
    """True when the URL asks for the print view (`print=1`): full tables, static charts."""
    return st.query_params.get("print") == "1"


def show_table(data: pd.DataFrame, **kwargs) -> None:
    """st.dataframe on screen; st.table in the print view, because a printed st.dataframe
    shows only its visible rows. Options st.table does not know are dropped there."""
    if print_mode():
        links = [name for name, config in (kwargs.get("column_config") or {}).items()
                 if isinstance(config, dict) and config.get("type_config", {}).get("type") == "link"]
        st.table(
            style.blank_missing(data.drop(columns=links, errors="ignore")), hide_index=kwargs.get("hide_index", True)
        )
    else:
        st.dataframe(style.blank_missing(data), **{"hide_index": True, **kwargs})


def show_chart(chart, *, key: str, select: bool = False, min_width: int | None = None):
    """An Altair chart; with `select` (and not in the print view) clicks rerun the page and
    the selection event is returned, else None. A chart given `min_width` (px) is never drawn
    narrower: on a smaller screen it scrolls sideways inside its own box (not in the print
    view, where the page is the box)."""
    min_width = None if print_mode() else min_width
    place = st.container(key=f"{key}-box") if min_width else st  # no extra element for other charts
    if min_width:
        box = f".st-key-{key}-box"
        place.html(
            f"<style>{box} {{ overflow-x: auto; }} {box} [data-testid='stVegaLiteChart'], {box} .vega-embed "
            f"{{ min-width: {int(min_width)}px; max-width: none !important; }} "
            f"{box} svg {{ max-width: none !important; }}</style>"
        )
    if select and not print_mode():
        return place.altair_chart(chart, on_select="rerun", key=key)
    place.altair_chart(chart, key=key)
    return None


def unit_url(filters: Filters, ward_code: int, year: int | None = None) -> str:
    """Relative link to a unit's detail page for a year, keeping the province (a LinkColumn URL)."""
    params = filters.params(unit=int(ward_code), year=year or filters.year)
    query = "&".join(f"{k}={params[k]}" for k in ("unit", "year", "province", "subject", "print") if k in params)
    return f"{UNIT_PAGE_URL}?{query}"


def open_unit(filters: Filters, ward_code, year: int | None = None) -> None:
    """Drill down: switch to the unit's detail page, the unit and year in the URL."""
    if ward_code is None:
        return
    st.switch_page(UNIT_PAGE, query_params=filters.params(unit=int(ward_code), year=year or filters.year))


def url_choice(name: str, value) -> None:
    """Keep a page's own choice (an indicator, a set of units) in the URL, so a link
    reproduces the view; None removes it."""
    text = (
        None
        if value in (None, "", [], ())
        else (",".join(map(str, value)) if isinstance(value, list | tuple) else str(value))
    )
    if text is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != text:
        st.query_params[name] = text
    st.session_state["_url_seen"] = dict(st.query_params)
