#!/usr/bin/env bash
# Serve the dashboard from K Streamlit processes behind nginx, all on one database.
#
#   DATABASE_URL=postgresql+psycopg://kl62:…@db/kl62 scripts/serve.sh 2        # K=2, nginx on :8080
#   DATABASE_URL=… KL62_PORT=80 KL62_LISTEN=0.0.0.0 scripts/serve.sh 4
#
# Why: one Streamlit process runs Python scripts on one core at a time (the GIL); K processes
# use K cores. Each process keeps its sessions in memory (widgets, uploads), so nginx pins a
# browser to one process with a cookie (`kl62_route`, set on the first response, hashed with
# `hash … consistent`), and passes the websocket upgrade through. Cached reads stay correct
# across processes because their keys carry the database's data version
# (data_access/data_version.py). See docs/deployment.md.
#
# Environment:
#   DATABASE_URL        required; PostgreSQL for K > 1 (SQLite works on one machine, one writer)
#   KL62_PORT           nginx's port (default 8080)
#   KL62_LISTEN         nginx's address (default 127.0.0.1)
#   KL62_BACKEND_PORTS  the K Streamlit ports, space-separated (default KL62_PORT+1 … KL62_PORT+K)
#   KL62_RUN_DIR        nginx.conf, logs and pid files (default: a new /tmp/kl62-serve.XXXXXX)
#   KL62_COOKIE_SECRET  shared by all processes (default: random per start)
#   PYTHON              the interpreter with requirements.txt (default .venv/bin/python or python3)
#   NGINX               the nginx binary (default: nginx on PATH or /usr/sbin/nginx)
# Runs in the foreground; Ctrl+C (or SIGTERM) stops nginx and every Streamlit process.
set -euo pipefail

K="${1:-2}"
if ! [[ "$K" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/serve.sh K   (K = number of Streamlit processes, ≥ 1)" >&2
    exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${DATABASE_URL:?DATABASE_URL must name the one database every process uses}"
export DATABASE_URL
case "$DATABASE_URL" in
    postgresql*) ;;
    *) [[ "$K" -gt 1 ]] && echo "serve.sh: warning: $K processes on SQLite: fine on one machine, one writer at a time; use PostgreSQL in production" >&2 ;;
esac
PORT="${KL62_PORT:-8080}"
LISTEN="${KL62_LISTEN:-127.0.0.1}"
if [[ -n "${KL62_BACKEND_PORTS:-}" ]]; then
    read -r -a BACKENDS <<< "$KL62_BACKEND_PORTS"
else
    BACKENDS=()
    for i in $(seq 1 "$K"); do BACKENDS+=("$((PORT + i))"); done
fi
if [[ "${#BACKENDS[@]}" -ne "$K" ]]; then
    echo "serve.sh: KL62_BACKEND_PORTS names ${#BACKENDS[@]} ports for K=$K" >&2
    exit 2
fi
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "$ROOT/.venv/bin/python" ]]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON="python3"; fi
fi
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [[ ! -x "$NGINX" ]]; then
    echo "serve.sh: nginx not found; install Debian's package: apt-get install -y nginx" >&2
    exit 3
fi
RUN_DIR="${KL62_RUN_DIR:-$(mktemp -d /tmp/kl62-serve.XXXXXX)}"
mkdir -p "$RUN_DIR/tmp"
chmod 755 "$RUN_DIR"
chmod 1777 "$RUN_DIR/tmp"  # nginx's workers (user nobody when started as root) buffer there
COOKIE_SECRET="${KL62_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(32))')}"

PIDS=()
cleanup() {
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# Migrate (and on SQLite's first start load the sample) once, before K processes would race.
(cd "$ROOT" && "$PYTHON" -c 'from data_access.setup import ensure_ready; ensure_ready()')

for i in "${!BACKENDS[@]}"; do
    port="${BACKENDS[$i]}"
    (cd "$ROOT" && STREAMLIT_SERVER_COOKIE_SECRET="$COOKIE_SECRET" exec "$PYTHON" -m streamlit run app.py \
        --server.port "$port" --server.address 127.0.0.1 --server.headless true \
        --server.fileWatcherType none \
        --browser.gatherUsageStats false) > "$RUN_DIR/streamlit-$((i + 1)).log" 2>&1 &
    PIDS+=("$!")
done

for port in "${BACKENDS[@]}"; do
    for _ in $(seq 1 600); do
        if "$PYTHON" - "$port" <<'EOF' 2>/dev/null; then break; fi
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health", timeout=2) as r:
    sys.exit(0 if r.read().strip() == b"ok" else 1)
EOF
        for pid in "${PIDS[@]}"; do
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "serve.sh: a Streamlit process stopped; see $RUN_DIR/streamlit-*.log" >&2
                exit 1
            fi
        done
        sleep 0.2
    done
done

{
    echo "worker_processes 1;"
    echo "pid $RUN_DIR/nginx.pid;"
    echo "error_log $RUN_DIR/nginx-error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "    access_log $RUN_DIR/nginx-access.log;"
    for kind in client_body proxy fastcgi uwsgi scgi; do echo "    ${kind}_temp_path $RUN_DIR/tmp/$kind;"; done
    echo "    client_max_body_size 21m;  # Streamlit's server.maxUploadSize is 20 MB"
    echo "    map \$cookie_kl62_route \$kl62_route { \"\" \$request_id; default \$cookie_kl62_route; }"
    echo "    map \$http_upgrade \$connection_upgrade { default upgrade; \"\" close; }"
    echo "    upstream kl62_streamlit {"
    echo "        hash \$kl62_route consistent;  # one browser, one process: its session lives there"
    for port in "${BACKENDS[@]}"; do echo "        server 127.0.0.1:$port max_fails=0;"; done
    echo "    }"
    echo "    server {"
    echo "        listen $LISTEN:$PORT;"
    echo "        location / {"
    echo "            proxy_pass http://kl62_streamlit;"
    echo "            proxy_http_version 1.1;"
    echo "            proxy_set_header Upgrade \$http_upgrade;"
    echo "            proxy_set_header Connection \$connection_upgrade;"
    echo "            proxy_set_header Host \$host;"
    echo "            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "            proxy_read_timeout 1d;"
    echo "            proxy_send_timeout 1d;"
    echo "            proxy_request_buffering off;"
    echo "            add_header Set-Cookie \"kl62_route=\$kl62_route; Path=/; HttpOnly; SameSite=Lax\" always;"
    echo "            add_header X-KL62-Backend \$upstream_addr always;"
    echo "        }"
    echo "    }"
    echo "}"
} > "$RUN_DIR/nginx.conf"

"$NGINX" -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
PIDS+=("$!")
echo "serve.sh: http://$LISTEN:$PORT/ → ${#BACKENDS[@]} Streamlit processes on 127.0.0.1:${BACKENDS[*]}; files in $RUN_DIR" >&2

# Stop everything when any one process stops (a half-up cluster would pin users to a dead process).
set +e
wait -n
echo "serve.sh: a process stopped; stopping the rest (logs in $RUN_DIR)" >&2
exit 1
