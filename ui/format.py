"""Vietnamese number and date formatting (pure: no Streamlit).

"." groups thousands, "," is the decimal mark, money is shown in triệu / tỷ đồng, a percent
keeps a space before the sign, dates are dd/mm/yyyy: 4.226; 1,7 tỷ đồng; 94,5 %; 19/04/2026.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import pandas as pd

MISSING = "—"
SAMPLE_LABEL = "Dữ liệu minh họa"
# Finding kinds (data_access.models.FINDING_KINDS) as a report heads them, in report order.
KIND_LABELS = {
    "advantage": "Thuận lợi",
    "difficulty": "Khó khăn",
    "strength": "Ưu điểm",
    "limitation": "Hạn chế",
    "cause": "Nguyên nhân",
    "lesson": "Bài học kinh nghiệm",
    "task": "Nhiệm vụ, giải pháp",
    "recommendation": "Kiến nghị, đề xuất",
}


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value, decimals: int = 0) -> str:
    """4226 -> "4.226"; 2941.86 with decimals=2 -> "2.941,86". Trailing ",0" is dropped."""
    if _is_missing(value):
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
    if _is_missing(value):
        return MISSING
    return f"{number(value, decimals)} %"


def money(value) -> str:
    """370000000 -> "370 triệu đồng"; 1700000000 -> "1,7 tỷ đồng"; 45000 -> "45.000 đồng"."""
    if _is_missing(value):
        return MISSING
    value = float(value)
    if abs(value) >= 1e9:
        return f"{number(value / 1e9, 2)} tỷ đồng"
    if abs(value) >= 1e6:
        return f"{number(value / 1e6, 1)} triệu đồng"
    return f"{number(value)} đồng"


def value_with_unit(value, unit: str | None) -> str:
    """A figure as a person reads it, by its unit: money, percent or a count."""
    if _is_missing(value):
        return MISSING
    if unit == "đồng":
        return money(value)
    if unit == "%":
        return percent(value)
    decimals = 0 if float(value) == math.floor(float(value)) else 1
    return f"{number(value, decimals)} {unit}".strip() if unit else number(value, decimals)


def change(value, unit: str | None = None) -> str:
    """A signed difference: "+1.234", "-0,5 %", "+12 triệu đồng"; "0" for no change."""
    if _is_missing(value):
        return MISSING
    value = float(value)
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "-"
    if unit == "đồng":
        return sign + money(abs(value))
    if unit == "%":
        return sign + number(abs(value), 1) + " điểm %"
    decimals = 0 if abs(value) >= 10 or value == round(value) else 1
    return sign + number(abs(value), decimals)


def date(value) -> str:
    """dd/mm/yyyy."""
    if _is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return value.strftime("%d/%m/%Y")


def datetime(value) -> str:
    """dd/mm/yyyy hh:mm."""
    if _is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime):
        return date(value)
    return value.strftime("%d/%m/%Y %H:%M")


def qualified(value, unit: str | None, qualifier: str | None = None) -> str:
    """A figure with its qualifier as the report wrote it: "trên 370 triệu đồng"."""
    shown = value_with_unit(value, unit)
    if shown == MISSING or _is_missing(qualifier) or not qualifier:
        return shown
    return f"{qualifier} {shown}"


def slug(text: str) -> str:
    """An ASCII file-name part: "Thành phố Hải Phòng" -> "thanh-pho-hai-phong"."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def source(is_sample) -> str:
    """The label of illustrative rows; real rows carry none."""
    return SAMPLE_LABEL if not _is_missing(is_sample) and bool(is_sample) else ""


def headline(value, unit: str | None) -> str:
    """A figure for a big metric: money and percentages in full ("21,35 tỷ đồng"), a count
    as a bare number ("223.555") whose unit goes in the label (see `with_unit`)."""
    return value_with_unit(value, unit) if unit in ("đồng", "%") else number(value)


def with_unit(label: str, unit: str | None) -> str:
    """The label of a `headline` figure: "Trung vị (chi bộ, đảng bộ)"; unchanged for money,
    percentages, or a label that already names its unit ("Đảng viên")."""
    if not unit or unit in ("đồng", "%") or unit.lower() in label.lower():
        return label
    return f"{label} ({unit})"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:&])")


def literal(text) -> str:
    """Report text shown as written inside st.markdown: Markdown, LaTeX, HTML and Streamlit
    directives (`:red[…]`, `:material/…:`) are escaped, so a report cannot inject a link, an
    image or markup into the dashboard. "&" is escaped too: "&lt;b&gt;" shows as written, not as "<b>"."""
    if _is_missing(text):
        return MISSING
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
