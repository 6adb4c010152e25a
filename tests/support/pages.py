"""Helpers the AppTest page tests share: run a page as Streamlit does, read what it shows,
and read the CSV a download button offers (the bytes come from the `downloads` fixture of
tests/conftest.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine
from data_access.models import Report, Ward

ROOT = Path(__file__).resolve().parent.parent.parent
BOM = b"\xef\xbb\xbf"


def rendered(at: AppTest) -> list[str]:
    """The markdown a reader sees: report text is escaped (domain.format.literal), so the
    backslashes that keep it literal are not part of what is shown."""
    return [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]


def checked_run(at: AppTest) -> AppTest:
    """Run (or rerun, after a widget change) and fail on any exception the page raised."""
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def run_page(path: str = "app.py", **params) -> AppTest:
    """Run one page as Streamlit does: app.py is the entry point, pages/ are discovered."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if path != "app.py":
        at.switch_page(path)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def download(downloads: dict[str, bytes], prefix: str) -> pd.DataFrame:
    """The CSV a download button offers, checked for Excel's UTF-8 BOM."""
    (name,) = [n for n in downloads if n.startswith(prefix) and n.endswith(".csv")]
    assert name.isascii()
    data = downloads[name]
    assert data.startswith(BOM)
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def shown(at: AppTest, column: str) -> pd.DataFrame:
    """The table on the page that has this column."""
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def current_reports(url: str, year: int, province: int = 31) -> int:
    with get_engine(url).connect() as conn:
        return conn.scalar(
            select(func.count(Report.id))
            .join(Ward, Ward.code == Report.ward_code)
            .where(Report.is_current, Report.year == year, Ward.province_code == province)
        )
