#!/usr/bin/env bash
# How long `figcheck check bench/articles/feed-60k.rss` takes, process start
# included: RUNS rounds (default 15), each running, in turn, `figcheck
# version` (the process-start floor) and the check, and, when
# FIGCHECK_BEFORE names another figcheck binary (say, one built from the
# commit before a change), the check by that binary too, so that the two are
# compared under the same load. It prints the median and range of each in
# milliseconds of wall time, and the median CPU time (user and system, to
# GNU time's 10 ms), which a loaded machine inflates far less than the wall
# time. Taking turns
# matters: a shared machine's speed can change by half from one minute to
# the next.
#
# usage: bench/articles/speed.sh [FEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
feed=${1:-bench/articles/feed-60k.rss}
runs=${RUNS:-15}
out=bench/out
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "bench/articles/speed.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
go build -o "$out/figcheck" ./cmd/figcheck

declare -a names=(version after)
declare -A wall=() cpu=()
[ -n "${FIGCHECK_BEFORE:-}" ] && names+=(before)

# measure NAME CMD... runs CMD (findings exit 1, which is no failure) and
# adds its wall and CPU milliseconds to those of NAME.
measure() {
  local name=$1; shift
  local t0 t1 u s
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$out/time.speed" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  read -r u s < <(tail -1 "$out/time.speed")
  wall[$name]+="$(((t1 - t0) / 1000000)) "
  cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }') "
}

for ((i = 0; i < runs; i++)); do
  measure version "$out/figcheck" version
  measure after "$out/figcheck" check "$feed"
  if [ -n "${FIGCHECK_BEFORE:-}" ]; then
    measure before "$FIGCHECK_BEFORE" check "$feed"
  fi
done
median() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d %d\n", m, v[1], v[NR], NR }'; }
for n in "${names[@]}"; do
  read -r m lo hi count < <(median "${wall[$n]}")
  read -r c _ _ _ < <(median "${cpu[$n]}")
  printf '%-8s wall median %4d ms (%d-%d ms), CPU median %4d ms, %d runs\n' "$n" "$m" "$lo" "$hi" "$c" "$count"
done
