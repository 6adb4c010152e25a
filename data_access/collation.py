"""Vietnamese alphabetical order (Đ after D, Ă and Â after A, tones after the base letter), from
ICU's collation for "vi" (CLDR), not a hand-written table. Pure: no database, no Streamlit, so
the reference loader, the charts and the exports share one order.

The database stores each unit's and province's rank in this order (`sort_order`, filled when
the reference data is loaded), so that ORDER BY gives the same result on SQLite and PostgreSQL
whatever their own collation."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import icu  # PyICU's module; the icukit-pyicu wheel ships it with its own ICU


@cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def sort_key(text: object) -> bytes:
    """The ICU sort key of `text` in Vietnamese order (None and NaN sort first, as "")."""
    if text is None or text != text:  # NaN
        text = ""
    return _collator().getSortKey(str(text))


def sorted_vietnamese(texts: Iterable[str]) -> list[str]:
    return sorted(texts, key=sort_key)


def order_key(series):
    """A pandas `sort_values(key=...)` function: a column of texts in Vietnamese order."""
    return series.map(sort_key)
