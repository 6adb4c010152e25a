"""Vietnamese number and date formatting, file-name slugs, the missing-value check and the
clock (pure: no Streamlit, no database).

"." groups thousands, "," is the decimal mark, money is shown in triệu / tỷ đồng, a percent
keeps a space before the sign, dates are dd/mm/yyyy: 4.226; 1,7 tỷ đồng; 94,5 %; 19/04/2026.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import pandas as pd

from domain.vocabulary import SAMPLE_LABEL

MISSING = "—"
# Province names lose their kind in a file name: "Thành phố Hải Phòng" -> "hai-phong".
_SLUG_PREFIXES = ("thanh pho ", "tinh ")


def is_missing(value) -> bool:
    """None, NaN, pd.NA or NaT: a cell with nothing in it."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def now() -> dt.datetime:
    """Now, to the second (naive local time, like every timestamp in the database)."""
    return dt.datetime.now().replace(microsecond=0)


def number(value, decimals: int = 0) -> str:
    """4226 -> "4.226"; 2941.86 with decimals=2 -> "2.941,86". Trailing ",0" is dropped."""
    if is_missing(value):
        return MISSING
    value = float(value)
    text = f"{abs(value):,.{decimals}f}"
    if decimals:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        text = whole.replace(",", ".") + ("," + frac if frac else "")
    else:
        text = text.replace(",", ".")
    return ("-" if value < 0 and text.strip("0.,") else "") + text


def percent(value, decimals: int = 1) -> str:
    """94.5 -> "94,5 %"."""
    if is_missing(value):
        return MISSING
    return f"{number(value, decimals)} %"


def money(value) -> str:
    """370000000 -> "370 triệu đồng"; 1700000000 -> "1,7 tỷ đồng"; 45000 -> "45.000 đồng"."""
    if is_missing(value):
        return MISSING
    value = float(value)
    if abs(value) >= 1e9:
        return f"{number(value / 1e9, 2)} tỷ đồng"
    if abs(value) >= 1e6:
        return f"{number(value / 1e6, 1)} triệu đồng"
    return f"{number(value)} đồng"


def value_with_measure(value, measure: str | None) -> str:
    """A figure as a person reads it, by its unit of measure: money, percent or a count."""
    if is_missing(value):
        return MISSING
    if measure == "đồng":
        return money(value)
    if measure == "%":
        return percent(value)
    decimals = 0 if float(value) == math.floor(float(value)) else 1
    return f"{number(value, decimals)} {measure}".strip() if measure else number(value, decimals)


def change(value, measure: str | None = None) -> str:
    """A signed difference: "+1.234", "-0,5 %", "+12 triệu đồng"; "0" for no change."""
    if is_missing(value):
        return MISSING
    value = float(value)
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "-"
    if measure == "đồng":
        return sign + money(abs(value))
    if measure == "%":
        return sign + number(abs(value), 1) + " điểm %"
    decimals = 0 if abs(value) >= 10 or value == round(value) else 1
    return sign + number(abs(value), decimals)


def date(value) -> str:
    """dd/mm/yyyy."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return value.strftime("%d/%m/%Y")


def datetime(value) -> str:
    """dd/mm/yyyy hh:mm."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime):
        return date(value)
    return value.strftime("%d/%m/%Y %H:%M")


def qualified(value, measure: str | None, qualifier: str | None = None) -> str:
    """A figure with its qualifier as the report wrote it: "trên 370 triệu đồng"."""
    shown = value_with_measure(value, measure)
    if shown == MISSING or is_missing(qualifier) or not qualifier:
        return shown
    return f"{qualifier} {shown}"


def ascii_fold(text: str) -> str:
    """Vietnamese to plain ASCII: "Phường Hải Dương" -> "Phuong Hai Duong", đ/Đ -> d/D."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    """An ASCII file-name part: "Thành phố Hải Phòng" -> "hai-phong"; "Phường Hải Dương" ->
    "phuong-hai-duong"."""
    folded = ascii_fold(text).lower().strip()
    for prefix in _SLUG_PREFIXES:
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def source(is_sample) -> str:
    """The label of illustrative rows; real rows carry none."""
    return SAMPLE_LABEL if not is_missing(is_sample) and bool(is_sample) else ""


def headline(value, measure: str | None) -> str:
    """A figure for a big metric: money and percentages in full ("21,35 tỷ đồng"), a count
    as a bare number ("223.555") whose unit of measure goes in the label (see `with_measure`)."""
    return value_with_measure(value, measure) if measure in ("đồng", "%") else number(value)


def with_measure(label: str, measure: str | None) -> str:
    """The label of a `headline` figure: "Trung vị (chi bộ, đảng bộ)"; unchanged for money,
    percentages, or a label that already names its unit of measure ("Đảng viên")."""
    if not measure or measure in ("đồng", "%") or measure.lower() in label.lower():
        return label
    return f"{label} ({measure})"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:&])")


def literal(text) -> str:
    """Report text shown as written inside st.markdown: Markdown, LaTeX, HTML and Streamlit
    directives (`:red[…]`, `:material/…:`) are escaped, so a report cannot inject a link, an
    image or markup into the dashboard. "&" is escaped too: "&lt;b&gt;" shows as written, not as "<b>"."""
    if is_missing(text):
        return MISSING
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
