#!/usr/bin/env bash
# Clone and push of a 1,000-commit repository over Slipway's smart HTTP versus `git http-backend`
# serving the same repository. Loopback only. Usage: Benchmarks/git-transport/run.sh [ROUNDS]
# Needs a release build: swift build -c release --product slipway
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${SLIPWAY_BIN:-$root/.build/release/slipway}
rounds=${1:-5}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# A repository with 1,000 commits touching 100 files (fast-import keeps this quick).
git init -q -b main "$work/src"
(
  for i in $(seq 1 1000); do
    printf 'commit refs/heads/main\ncommitter Bench <b@example.com> %d +0000\ndata <<EOM\ncommit %d\nEOM\n' $((1700000000 + i)) "$i"
    f=$((i % 100))
    content="file $f revision $i $(head -c 300 /dev/urandom | base64 -w0)"
    printf 'M 100644 inline dir%d/file%d.txt\ndata %d\n%s\n' $((f % 10)) "$f" "${#content}" "$content"
  done
) | git -C "$work/src" fast-import --quiet
git -C "$work/src" reset -q --hard main
echo "repository: $(git -C "$work/src" rev-list --count main) commits, $(du -sh "$work/src/.git" | cut -f1)"

# Slipway.
token="bench-token-0123456789abcdef"
"$bin" serve --port 0 --data-dir "$work/slipway" --admin-token "$token" > "$work/slipway.log" 2>&1 &
for _ in $(seq 1 100); do grep -q "listening on" "$work/slipway.log" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/slipway.log" | tail -1)
curl -sf -H "Authorization: Bearer $token" -X POST "$base/openapi/projects/project" \
  -d '{"project_name":"bench","project_key":"bench","is_public":false,"project_type":"yaml"}' > /dev/null
pid=$(curl -sf -H "Authorization: token $token" -X POST "$base/open-api?Action=DescribeProjectByName" -d '{"ProjectName":"bench"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["Response"]["Project"]["Id"])')
curl -sf -H "Authorization: token $token" -X POST "$base/open-api?Action=CreateGitDepot" -d "{\"ProjectId\":$pid,\"DepotName\":\"repo\"}" > /dev/null
slipway_url="http://git:$token@${base#http://}/slipway/bench/repo.git"

# git http-backend over a minimal CGI HTTP server.
mkdir -p "$work/backend"
git init -q --bare -b main "$work/backend/repo.git"
git -C "$work/backend/repo.git" config http.receivepack true
backend_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$here/http_backend.py" "$backend_port" "$work/backend" &
sleep 0.5
backend_url="http://127.0.0.1:$backend_port/repo.git"

now() { date +%s.%N; }
time_it() { local s; s=$(now); "$@" > /dev/null 2>&1; echo "$(now) - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

push_s=$(time_it git -C "$work/src" push -q "$slipway_url" main)
push_b=$(time_it git -C "$work/src" push -q "$backend_url" main)
clones_s=(); clones_b=()
for r in $(seq 1 "$rounds"); do
  clones_s+=("$(time_it git clone -q "$slipway_url" "$work/c-s-$r")")
  clones_b+=("$(time_it git clone -q "$backend_url" "$work/c-b-$r")")
done
ms=$(printf '%s\n' "${clones_s[@]}" | median)
mb=$(printf '%s\n' "${clones_b[@]}" | median)
test "$(git -C "$work/c-s-1" rev-parse origin/main)" = "$(git -C "$work/src" rev-parse main)"
printf 'push (1,000 commits)   slipway %.3f s   git http-backend %.3f s   ratio %.2f\n' "$push_s" "$push_b" "$(echo "$push_s / $push_b" | bc -l)"
printf 'clone, median of %d    slipway %.3f s   git http-backend %.3f s   ratio %.2f\n' "$rounds" "$ms" "$mb" "$(echo "$ms / $mb" | bc -l)"
