#!/usr/bin/env bash
# CODING CI latency on the release `slipway serve` binary (issue 15): a depot hosted here with a
# CI job whose Jenkinsfile stamps the time (`date +%s.%N`) as the first act of its first step.
#   - trigger → first step running: TriggerCodingCIBuild sent → the stamp;
#   - push → build: `git push` started → the stamp (the push itself included, as a user sees it).
# Prints p50 / p99 of each over N builds, one at a time (each waits for the previous to end).
#   Benchmarks/ci-latency.sh [N=50] [postgres://…]   (env: PORT=7592, EXECUTOR=sandbox)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-50}"
PG="${2:-}"
PORT="${PORT:-7592}"
EXECUTOR="${EXECUTOR:-sandbox}"
swift build -c release --product slipway >&2
swift build -c release --product slipway-sandbox-init >&2
swift build -c release --product slipway-sandbox >&2
scripts/build-sandbox-musl release >&2   # the musl builds, which the server takes first
DIR="$(mktemp -d)"
TOKEN="slw_bench$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
if [ -n "$PG" ]; then
    DB="slipway_ci_$$"
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
.build/release/slipway serve --data-dir "$DIR/data" ${URL:+--database-url "$URL"} --port "$PORT" --log-level error \
    --admin-token "$TOKEN" --executor "$EXECUTOR" >"$DIR/server.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    curl -sf "$BASE/healthz" >/dev/null && break
    sleep 0.2
done
# One CODING action; its JSON answer (an error answer ends the run).
action() {
    local reply
    reply="$(curl -sf -H "Authorization: token $TOKEN" -H 'Content-Type: application/json' "$BASE/open-api?Action=$1" -d "$2")"
    if [ "$(jq -r '.Response.Error.Code // empty' <<<"$reply")" != "" ]; then
        echo "$1 failed: $reply" >&2
        exit 1
    fi
    echo "$reply"
}
project="$(action CreateCodingProject '{"Name":"bench","DisplayName":"Bench","Shared":0,"ProjectTemplate":"CODE_HOST","Description":"ci latency"}' | jq .Response.ProjectId)"
depot="$(action CreateGitDepot "{\"ProjectId\":$project,\"DepotName\":\"app\"}" | jq .Response.DepotId)"
JENKINSFILE="pipeline {
    agent any
    stages {
        stage('s') {
            steps {
                sh 'echo STAMP \$(date +%s.%N)'
            }
        }
    }
}"
body="$(jq -n --argjson p "$project" --argjson d "$depot" --arg f "$JENKINSFILE" '{ProjectId:$p, DepotId:$d, Name:"ci", ExecuteIn:"CVM",
    HookType:"DEFAULT", BranchSelector:"master", TriggerMethodList:["REF_CHANGE"], JenkinsFileFromType:"STATIC",
    JenkinsFileStaticContent:$f, AutoCancelSameRevision:false, AutoCancelSameMergeRequest:false, JobFromType:"CODING",
    DepotType:"CODING", TriggerRemind:"ALWAYS", EnvList:[], CachePathList:[]}')"
job="$(action CreateCodingCIJob "$body" | jq .Response.Data.Id)"
git -c init.defaultBranch=master init -q "$DIR/work"
cd "$DIR/work"
git config user.email bench@example.com && git config user.name bench
git remote add origin "http://git:$TOKEN@127.0.0.1:$PORT/slipway/bench/app.git"

now() { date +%s.%N; }
# The newest build of the job once it has ended; its stamp minus $1, in ms.
stamp_after() {
    local id status
    for _ in $(seq 1 600); do
        id="$(action DescribeCodingCIBuilds "{\"JobId\":$job,\"PageNumber\":1,\"PageSize\":1}" | jq '.Response.Data.BuildList[0].Id // empty')"
        if [ -n "$id" ] && [ "$id" != "${LAST:-}" ]; then
            status="$(action DescribeCodingCIBuild "{\"BuildId\":$id}" | jq -r .Response.Build.Status)"
            case "$status" in SUCCEED) break ;; FAILED | ABORTED | TIMEOUT | NOT_BUILT) echo "build $id ended $status" >&2; exit 1 ;; esac
        fi
        sleep 0.05
    done
    LAST="$id"
    action DescribeCodingCIBuildLogRaw "{\"BuildId\":$id}" | jq -r .Response.Data.Raw | awk -v t0="$1" '/^STAMP / { printf "%.2f\n", ($2 - t0) * 1000; exit }'
}
percentiles() { sort -n | awk '{ v[NR] = $1 } END { p50 = v[int((NR - 1) * 0.5) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]; printf "%.1f / %.1f  (n=%d)\n", p50, p99, NR }'; }

: >"$DIR/push.ms"
for i in $(seq 1 "$N"); do
    echo "$i" >file && git add file && git commit -qm "change $i"
    t0="$(now)"
    git push -q origin HEAD:master 2>/dev/null
    stamp_after "$t0" >>"$DIR/push.ms"
done
: >"$DIR/trigger.ms"
for _ in $(seq 1 "$N"); do
    t0="$(now)"
    action TriggerCodingCIBuild "{\"JobId\":$job,\"Revision\":\"master\",\"ParamList\":[]}" >/dev/null
    stamp_after "$t0" >>"$DIR/trigger.ms"
done
echo "store: ${PG:+postgresql}${PG:-sqlite}, executor: $EXECUTOR"
echo "CI trigger → first step running, p50 / p99 (ms): $(percentiles <"$DIR/trigger.ms")"
echo "push → first step running, p50 / p99 (ms): $(percentiles <"$DIR/push.ms")"
