"""The limits every layer checks against, set once. data_access.config re-exports them (the
parser cannot import data_access); .streamlit/config.toml's maxUploadSize must equal
MAX_UPLOAD_MB (tests/test_limits.py checks it)."""

from __future__ import annotations

# Reports are Word/PDF/text files of a few MB at most; the importer, the upload widget and
# the parser refuse anything larger before reading it.
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

# Years a report, a target or a generated figure may be for (the schema's CHECK constraint).
FIRST_YEAR = 2000
LAST_YEAR = 2100
# Targets are planned before the reports: this many years past the current one.
YEARS_AHEAD = 5
