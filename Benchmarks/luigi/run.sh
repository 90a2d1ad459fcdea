#!/usr/bin/env bash
# Luigi beside slipway-bench: N pipelines of the same shape (build -> 4 parallel tests -> deploy,
# each an `echo` shell task) on Luigi's central scheduler (luigid on loopback) with W worker
# processes. Prints pipelines/s and luigid's CPU per pipeline (utime+stime from /proc/<pid>/stat).
# Usage: Benchmarks/luigi/run.sh [PIPELINES=200] [WORKERS=8]
# Luigi is pip-installed into a virtual environment under /tmp (kept between runs, never committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pipelines=${1:-200}
workers=${2:-8}
venv=${LUIGI_VENV:-/tmp/slipway-luigi-venv}
port=${LUIGI_PORT:-8082}

if [ ! -x "$venv/bin/luigid" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet luigi
fi
work=$(mktemp -d)
luigid_pid=""
cleanup() {
  if [ -n "$luigid_pid" ]; then kill "$luigid_pid" 2>/dev/null || true; wait "$luigid_pid" 2>/dev/null || true; fi
  # LUIGI_KEEP_WORK=1: the caller removes the scratch directory (with others, at its end).
  [ -n "${LUIGI_KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# luigid on loopback only, its state file in the scratch directory.
cat > "$work/luigi.cfg" <<CFG
[scheduler]
state_path = $work/luigi-state.pickle
record_task_history = false
CFG
export LUIGI_CONFIG_PATH="$work/luigi.cfg"
"$venv/bin/luigid" --address 127.0.0.1 --port "$port" --logdir "$work" > "$work/luigid.out" 2>&1 &
luigid_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/task_list?data=%7B%7D" > /dev/null 2>&1 && break
  sleep 0.1
done

# utime + stime of luigid, in clock ticks (fields 14 and 15 of /proc/<pid>/stat; the command name
# in field 2 has no spaces here).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$luigid_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)

before=$(cpu_ticks)
elapsed=$("$venv/bin/python" "$here/pipeline.py" "$pipelines" "$workers" "$port" "$work/done" | awk '/^elapsed/ { print $2 }')
after=$(cpu_ticks)
done_jobs=$(find "$work/done" -name '*.done' | wc -l)
if [ "$done_jobs" -ne $((pipelines * 6)) ]; then
  echo "only $done_jobs of $((pipelines * 6)) jobs finished" >&2
  exit 1
fi

python3 - "$pipelines" "$workers" "$elapsed" "$before" "$after" "$ticks_per_second" "$("$venv/bin/python" -c 'import luigi; print(luigi.__version__)' 2>/dev/null || echo '?')" <<'PY'
import sys
pipelines, workers, elapsed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
before, after, hz, version = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
row = "%-58s %s"
print(row % ("luigi", "%s, central scheduler, %d workers" % (version, workers)))
print(row % ("3-stage pipelines/s (4 parallel jobs in stage 2)", "%.1f  (%d in %.2f s)" % (pipelines / elapsed, pipelines, elapsed)))
print(row % ("luigid CPU per pipeline (ms)", "%.1f" % ((after - before) * 1000.0 / hz / pipelines)))
PY
