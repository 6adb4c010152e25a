#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh machine (Python 3.11, pip, Debian apt):
# a virtual environment with the pinned test requirements, the system packages the tests
# drive for real (a PostgreSQL server, Chromium), then pytest on SQLite and PostgreSQL.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k unit_page`.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
bash scripts/install-test-deps.sh
exec .venv/bin/python -m pytest "$@"
