"""One upload limit and one pair of year bounds: Streamlit's own upload cap, the parser, the
importer and the schema all say the same as domain.limits (re-exported by data_access.config)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from data_access import config, imports
from data_access.models import Report
from report_parser import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_upload_cap_is_the_apps_limit():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["maxUploadSize"] == config.MAX_UPLOAD_MB == 20
    assert DEFAULT_MAX_BYTES == config.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_year_bounds_are_the_schemas():
    checks = [str(c.sqltext) for c in Report.__table__.constraints if str(getattr(c, "sqltext", "")).startswith("year")]
    assert checks == [f"year BETWEEN {config.FIRST_YEAR} AND {config.LAST_YEAR}"]
    with pytest.raises(imports.ImportRefused, match=str(config.FIRST_YEAR)):
        imports.check_year(config.FIRST_YEAR - 1)


def test_nginx_lets_an_upload_of_the_limit_through():
    sizes = re.findall(r"client_max_body_size (\d+)m", (ROOT / "scripts" / "serve.sh").read_text(encoding="utf-8"))
    assert sizes and all(config.MAX_UPLOAD_MB < int(size) <= config.MAX_UPLOAD_MB + 2 for size in sizes)
