#!/usr/bin/env bash
# The Zadig task list against /healthz on the same release `slipway serve` binary, with N tasks
# (default 50,000) in the listed workflow: wrk's requests/s for each and their ratio (issue 12
# target: list ≥ 30% of /healthz). Needs wrk (apt-get install wrk).
#   Benchmarks/list-vs-healthz.sh [N=50000] [postgres://…]   (env: DURATION=10s CONNECTIONS=16 PORT=7591)
# BIN=<directory> runs the slipway and slipway-bench binaries there (an earlier build, for a
# before/after comparison) instead of building .build/release.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-50000}"
PG="${2:-}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${PORT:-7591}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
    swift build -c release --product slipway >&2
    swift build -c release --product slipway-sandbox-init >&2
    swift build -c release --product slipway-sandbox >&2
    scripts/build-sandbox-musl release >&2   # the musl builds, which the server takes first
    swift build -c release --product slipway-bench >&2
fi
BIN="${BIN:-.build/release}"
DIR="$(mktemp -d)"
if [ -n "$PG" ]; then
    # A database of its own, dropped at the end.
    DB="slipway_wrk_$$"
    psql "$PG" -qc "CREATE DATABASE $DB"
    URL="${PG%/*}/$DB"
else
    URL=""
fi
cleanup() {
    [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
    rm -rf "$DIR"
    if [ -n "$PG" ]; then psql "$PG" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"; fi
}
trap cleanup EXIT
"$BIN/slipway-bench" --list --fill "$N" --data-dir "$DIR" ${URL:+--postgres "$URL"}
TOKEN="$(cat "$DIR/bench-token")"
"$BIN/slipway" serve --data-dir "$DIR" ${URL:+--database-url "$URL"} --port "$PORT" --log-level error \
    --executor host >"$DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 0.2
done
LIST="http://127.0.0.1:$PORT/openapi/workflows/custom/bench-list/tasks?projectKey=bench&pageNum=1&pageSize=50"
curl -sf -H "Authorization: Bearer $TOKEN" "$LIST" | head -c 300; echo
rate() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$@" | tee /dev/stderr | awk '/Requests\/sec/ {print $2}'; }
LIST_RATE="$(rate -H "Authorization: Bearer $TOKEN" "$LIST")"
HEALTH_RATE="$(rate "http://127.0.0.1:$PORT/healthz")"
awk -v l="$LIST_RATE" -v h="$HEALTH_RATE" -v n="$N" \
    'BEGIN { printf "tasks %d: list %.0f req/s, /healthz %.0f req/s, ratio %.1f%% (target >= 30%%)\n", n, l, h, 100 * l / h }'
