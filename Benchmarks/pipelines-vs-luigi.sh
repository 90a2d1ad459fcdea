#!/usr/bin/env bash
# slipway-bench's 3-stage pipelines against Luigi's, interleaved round by round, so that each
# ratio is taken in the same minutes (this VM's speed changes by up to 2x within an hour).
# Each round runs Luigi (Benchmarks/luigi/run.sh, 200 pipelines, 8 workers), then slipway-bench
# --only throughput with sandboxed jobs (made by slipway-sandbox when run as root), then with
# --executor bubblewrap (the same sandboxes made by bubblewrap), then with --executor host; prints each round's
# pipelines/s, the server's CPU per pipeline and the ratios, then the medians (issue 12 target:
# pipelines/s at least 5x Luigi's, server CPU at most 15 ms per pipeline).
# Every run's files (Luigi's and slipway-bench's data directories) stay until the script ends:
# on ext4 without a journal each inode freed in the last one to six minutes is stepped over, one
# by one, by every new file of its block group, so a run that removed its files (slipway-bench's
# about 4,500) made the next run's files dearer, whichever system that run measured.
#   Benchmarks/pipelines-vs-luigi.sh [ROUNDS=3]   (env: BIN=<directory> with slipway-bench and
#   slipway-sandbox-init and slipway-sandbox, default: a release build of .build/release; TMPDIR:
#   where the script's scratch directory is made)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --product slipway-sandbox-init >&2
    swift build -c release --product slipway-sandbox >&2
    scripts/build-sandbox-musl release >&2   # the musl builds, which the server takes first
    swift build -c release --product slipway-bench >&2
fi
BIN="${BIN:-.build/release}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch" LUIGI_KEEP_WORK=1

# The value after a line's label in slipway-bench's or run.sh's output (first number).
figure() { awk -v label="$1" 'index($0, label) == 1 { split(substr($0, length(label) + 1), rest, " "); print rest[1]; exit }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=()
for round in $(seq 1 "$ROUNDS"); do
    luigi=$(Benchmarks/luigi/run.sh 200 8 | figure "3-stage pipelines/s (4 parallel jobs in stage 2)")
    sandboxed=$("$BIN/slipway-bench" --only throughput --keep-files)
    bubblewrap=$("$BIN/slipway-bench" --only throughput --keep-files --executor bubblewrap)
    host=$("$BIN/slipway-bench" --only throughput --keep-files --executor host)
    s=$(figure "3-stage pipelines/s (4 parallel jobs in stage 2)" <<< "$sandboxed")
    s_cpu=$(figure "server CPU per pipeline (ms, target ≤ 15)" <<< "$sandboxed")
    b=$(figure "3-stage pipelines/s (4 parallel jobs in stage 2)" <<< "$bubblewrap")
    b_cpu=$(figure "server CPU per pipeline (ms, target ≤ 15)" <<< "$bubblewrap")
    h=$(figure "3-stage pipelines/s (4 parallel jobs in stage 2)" <<< "$host")
    h_cpu=$(figure "server CPU per pipeline (ms, target ≤ 15)" <<< "$host")
    rows+=("$luigi $s $s_cpu $h $h_cpu $b $b_cpu")
    printf 'round %d: Luigi %s/s; sandboxed %s/s (%sx, server %s ms); bubblewrap %s/s (%sx, server %s ms); host %s/s (%sx, server %s ms)\n' \
        "$round" "$luigi" "$s" "$(echo "scale=2; $s / $luigi" | bc)" "$s_cpu" "$b" "$(echo "scale=2; $b / $luigi" | bc)" "$b_cpu" \
        "$h" "$(echo "scale=2; $h / $luigi" | bc)" "$h_cpu"
done
column() { for row in "${rows[@]}"; do echo "$row" | awk -v n="$1" '{ print $n }'; done | median; }
ratio() { for row in "${rows[@]}"; do echo "$row" | awk -v n="$1" '{ print $n / $1 }'; done | median | awk '{ printf "%.2f", $1 }'; }
printf 'median Luigi pipelines/s %s\n' "$(column 1)"
printf 'median sandboxed pipelines/s %s, ratio to Luigi %s (target >= 5), server CPU %s ms (target <= 15)\n' \
    "$(column 2)" "$(ratio 2)" "$(column 3)"
printf 'median sandboxed by bubblewrap pipelines/s %s, ratio to Luigi %s, server CPU %s ms\n' \
    "$(column 6)" "$(ratio 6)" "$(column 7)"
printf 'median unconfined (--executor host) pipelines/s %s, ratio to Luigi %s, server CPU %s ms\n' \
    "$(column 4)" "$(ratio 4)" "$(column 5)"
