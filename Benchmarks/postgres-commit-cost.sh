#!/usr/bin/env bash
# Benchmarks/postgres-commit-cost.sh [postgres://user:password@host:port/database] [SECONDS=8] [ROUNDS=3]
#
# What a statement costs this machine on a PostgreSQL server, a read against a write, without
# Slipway: pgbench (two clients, prepared statements) runs three one-row SELECTs per transaction
# of its script, then three one-row UPDATEs, each its own transaction and so a commit that waits
# for its WAL to be flushed. For each it prints statements/s and the machine's CPU per statement:
# the busy time of /proc/stat over the run, less pgbench's own user + system time. Run it on a
# quiet machine with the server on it. The rounds alternate the two scripts.
#
# Why: `slipway-bench --compare-stores` prints how many write transactions a task takes on
# PostgreSQL and the server's CPU for them. SQLite in WAL mode with synchronous=NORMAL, Slipway's
# embedded store, flushes only at checkpoints, so what a commit costs here is part of PostgreSQL's
# extra per write (the flush is about 30 % of its backends' CPU on a task's writes; see
# Benchmarks/README.md). The script makes a table `slipway_commit_cost` in the database and
# drops it at the end (it stops if one of that name is there).
set -euo pipefail
url=${1:-postgres://postgres:slipway-test@127.0.0.1:5432/postgres}
seconds=${2:-8}
rounds=${3:-3}
command -v pgbench >/dev/null || { echo "needs pgbench (Debian: postgresql-contrib or the server package)" >&2; exit 1; }
command -v psql >/dev/null || { echo "needs psql (Debian: postgresql-client)" >&2; exit 1; }

export PGOPTIONS='-c client_min_messages=warning'
work=$(mktemp -d)
created=""
# Only a table this script made is dropped: one of that name already there stops it instead.
trap '[ -z "$created" ] || psql -q "$url" -c "DROP TABLE slipway_commit_cost" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
psql -q -v ON_ERROR_STOP=1 "$url" -c "CREATE TABLE slipway_commit_cost (id int PRIMARY KEY, v bigint NOT NULL)" >/dev/null
created=1
psql -q -v ON_ERROR_STOP=1 "$url" -c "INSERT INTO slipway_commit_cost VALUES (1, 0), (2, 0)" >/dev/null
printf '\\set k random(1, 2)\nSELECT v FROM slipway_commit_cost WHERE id = :k;\nSELECT v FROM slipway_commit_cost WHERE id = :k;\nSELECT v FROM slipway_commit_cost WHERE id = :k;\n' >"$work/read.sql"
printf '\\set k random(1, 2)\nUPDATE slipway_commit_cost SET v = v + 1 WHERE id = :k;\nUPDATE slipway_commit_cost SET v = v + 1 WHERE id = :k;\nUPDATE slipway_commit_cost SET v = v + 1 WHERE id = :k;\n' >"$work/write.sql"

# Busy jiffies of the whole machine: user, nice, system, irq and softirq of the cpu line (not
# idle, iowait, or steal: time the hypervisor gave another machine).
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
hz=$(getconf CLK_TCK)

measure() {
  local kind=$1 before after transactions own
  before=$(busy)
  # bash's own `time` gives pgbench's user and system seconds (no GNU time needed).
  { TIMEFORMAT='%U %S'; time pgbench -n -M prepared -c 2 -j 1 -T "$seconds" -f "$work/$kind.sql" "$url" >"$work/out" 2>&1; } 2>"$work/time"
  after=$(busy)
  transactions=$(awk '/number of transactions actually processed/{split($NF, a, "/"); print a[1]}' "$work/out")
  own=$(awk '{print $1 + $2}' "$work/time")
  awk -v kind="$kind" -v n="$transactions" -v s="$seconds" -v busy=$((after - before)) -v hz="$hz" -v own="$own" 'BEGIN {
    statements = 3 * n
    printf "%-6s %9.0f statements/s   %.3f ms of CPU per statement (machine, less pgbench)\n", kind, statements / s, (busy / hz - own) * 1000 / statements
  }'
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="read write"; else order="write read"; fi
  for kind in $order; do measure "$kind"; done
done
