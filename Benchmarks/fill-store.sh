#!/usr/bin/env bash
# Fill a store with N finished tasks in one workflow (`bench-list` of project `bench`), for the
# list benchmark or for `slipway serve`: rows are sealed as the server seals them and inserted
# in bulk (1,000 per INSERT, 10,000 per transaction), the workflow's counter moved with them.
# The bench user's API token is left in DIR/bench-token. Re-running tops the store up to N.
#   Benchmarks/fill-store.sh DIR [N=1000000] [postgres://…]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:?usage: fill-store.sh DIR [N] [postgres-url]}"
N="${2:-1000000}"
PG="${3:-}"
swift build -c release --product slipway-bench >&2
mkdir -p "$DIR"
exec .build/release/slipway-bench --list --fill "$N" --data-dir "$DIR" ${PG:+--postgres "$PG"}
