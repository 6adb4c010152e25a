"""Where the database is: one setting, DATABASE_URL.

Looked up in this order: the DATABASE_URL environment variable, then `DATABASE_URL` in
`.streamlit/secrets.toml`, then a SQLite file under `data/` that the first start creates.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

# The one upload limit and the one pair of year bounds, defined in the neutral domain.limits
# (the parser, which may not import data_access, checks them too).
from domain.limits import FIRST_YEAR, LAST_YEAR, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, YEARS_AHEAD

__all__ = [
    "FIRST_YEAR", "LAST_YEAR", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_MB", "PROJECT_ROOT", "YEARS_AHEAD", "database_url",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "dashboard.sqlite3"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"


class DatabaseConfigError(Exception):
    """The configured database cannot be used; the message is for the user, in Vietnamese."""


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def configured_database_url() -> str | None:
    """The URL the operator set explicitly, or None when the default applies."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    if SECRETS_PATH.is_file():
        try:
            secrets = tomllib.loads(SECRETS_PATH.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DatabaseConfigError(
                f"Không đọc được tệp cấu hình {SECRETS_PATH.name}: {exc}"
            ) from exc
        value = secrets.get("DATABASE_URL")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def database_url() -> str:
    return configured_database_url() or default_database_url()
