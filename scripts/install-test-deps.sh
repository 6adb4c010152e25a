#!/usr/bin/env bash
# Install the system (Debian apt) packages the test suite needs:
#   - postgresql        real PostgreSQL server binaries (initdb, pg_ctl, postgres)
#                       used by tests/support/pgserver.py
#   - chromium          headless browser driven by Playwright (/usr/bin/chromium)
#   - fonts-dejavu-core a font so Chromium renders text in screenshots
#   - poppler-utils     pdftoppm/pdftotext for checking generated PDFs
#   - nginx             the reverse proxy of scripts/serve.sh (tests/test_multiprocess.py)
#
# Idempotent and quiet: when everything is already present it only runs a few
# dpkg queries and exits. apt-get update/install run only if something is
# missing. Python packages are NOT installed here (see docs/testing-infra.md).
# Must run as root (or with passwordless sudo), e.g. in CI.
set -euo pipefail

PACKAGES=(postgresql chromium fonts-dejavu-core poppler-utils nginx)

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

have_pg_server() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! is_installed "$pkg"; then
        missing+=("$pkg")
    fi
done
# Guard against a half-removed install: the package is "installed" but the
# binaries we actually use are gone.
if ! have_pg_server && [[ ! " ${missing[*]-} " == *" postgresql "* ]]; then
    missing+=(postgresql)
fi
if ! command -v chromium >/dev/null 2>&1 && [[ ! " ${missing[*]-} " == *" chromium "* ]]; then
    missing+=(chromium)
fi
if ! command -v pdftoppm >/dev/null 2>&1 && [[ ! " ${missing[*]-} " == *" poppler-utils "* ]]; then
    missing+=(poppler-utils)
fi

if ((${#missing[@]} == 0)); then
    exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo -n)
    else
        echo "install-test-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-test-deps: installing ${missing[*]}" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${SUDO[@]}" apt-get update -qq >"$log" 2>&1 \
    || ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-deps: apt-get failed" >&2
    exit 1
fi

# Sanity check what the tests rely on.
have_pg_server || { echo "install-test-deps: initdb not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }
command -v chromium >/dev/null 2>&1 || { echo "install-test-deps: chromium not on PATH" >&2; exit 1; }
command -v pdftoppm >/dev/null 2>&1 || { echo "install-test-deps: pdftoppm not on PATH" >&2; exit 1; }
echo "install-test-deps: done" >&2
