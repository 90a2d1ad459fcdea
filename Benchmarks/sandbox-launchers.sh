#!/usr/bin/env bash
# One job sandbox's cost, by who makes it: bubblewrap with slipway-sandbox-init inside (a server
# that is not root, or without the launcher), slipway-sandbox with the init program, and
# slipway-sandbox --as-init (a root server's default), against the bare program. Each runs
# /bin/true N times from this shell with the server's usual options (system directories, devices,
# /proc, private /tmp, a job directory, the init's limits and the drop to nobody); prints the
# machine's CPU per run from /proc/stat and the wall time, round by round; the three ways again
# with the musl builds (scripts/build-sandbox-musl) when they are in BIN. Needs root.
#   Benchmarks/sandbox-launchers.sh [ROUNDS=3] [N=300]   (env: BIN=<directory> with
#   slipway-sandbox and slipway-sandbox-init, default: a release build of .build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
N="${2:-300}"
[ "$(id -u)" = 0 ] || { echo "run as root: slipway-sandbox is a root server's launcher" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
    swift build -c release --product slipway-sandbox-init >&2
    swift build -c release --product slipway-sandbox >&2
    scripts/build-sandbox-musl release >&2   # the musl builds, which the server takes first
fi
BIN="$(cd "${BIN:-.build/release}" && pwd)"
LAUNCHER="$BIN/slipway-sandbox"
INIT="$BIN/slipway-sandbox-init"
# The musl builds (scripts/build-sandbox-musl), measured too when they are there.
kinds=(bubblewrap launcher as-init)
[ -x "$BIN/slipway-sandbox-musl" ] && [ -x "$BIN/slipway-sandbox-init-musl" ] && kinds+=(bubblewrap-musl launcher-musl as-init-musl)
kinds+=(bare)
JOB="$(mktemp -d)"
trap 'rm -rf "$JOB"' EXIT
chown 65534:65534 "$JOB"
layout=(--ro-bind /usr /usr --ro-bind /etc /etc --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64
    --dev-bind /dev /dev --proc /proc --perms 0755 --dir /var --symlink /tmp /var/tmp --perms 1777 --tmpfs /tmp)
job=(--bind "$JOB" "$JOB" --unshare-pid --unshare-ipc --unshare-uts --hostname slipway-job --die-with-parent --chdir "$JOB")
init=(--nproc 4096 --data 8589934592 --user 65534:65534 -- /bin/true)
busy() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
one() {
    case "$1" in
        bubblewrap) bwrap "${layout[@]}" --ro-bind "$INIT" "$INIT" "${job[@]}" -- "$INIT" "${init[@]}" ;;
        launcher) "$LAUNCHER" "${layout[@]}" --ro-bind "$INIT" "$INIT" "${job[@]}" -- "$INIT" "${init[@]}" ;;
        as-init) "$LAUNCHER" "${layout[@]}" "${job[@]}" --as-init -- "${init[@]}" ;;
        bubblewrap-musl) bwrap "${layout[@]}" --ro-bind "$INIT-musl" "$INIT" "${job[@]}" -- "$INIT" "${init[@]}" ;;
        launcher-musl) "$LAUNCHER-musl" "${layout[@]}" --ro-bind "$INIT-musl" "$INIT" "${job[@]}" -- "$INIT" "${init[@]}" ;;
        as-init-musl) "$LAUNCHER-musl" "${layout[@]}" "${job[@]}" --as-init -- "${init[@]}" ;;
        bare) /bin/true ;;
    esac
}
ticks=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
    for kind in "${kinds[@]}"; do
        before=$(busy)
        start=$(date +%s%N)
        for _ in $(seq 1 "$N"); do one "$kind"; done
        end=$(date +%s%N)
        after=$(busy)
        printf 'round %d %-15s machine CPU %5d us, wall %5d us per sandbox\n' "$round" "$kind" \
            $(( (after - before) * 1000000 / ticks / N )) $(( (end - start) / 1000 / N ))
    done
done
