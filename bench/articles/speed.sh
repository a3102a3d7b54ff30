#!/usr/bin/env bash
# How long `figcheck check bench/articles/feed-60k.rss` takes, process start
# included: RUNS rounds (default 15), each running, in turn, `figcheck
# version` (the process-start floor) and the check, and, when
# FIGCHECK_BEFORE names another figcheck binary (say, one built from the
# commit before a change), the check by that binary too, so that the two are
# compared under the same load. It prints the median and range of each in
# milliseconds. Taking turns matters: a shared machine's speed can change by
# half from one minute to the next.
#
# usage: bench/articles/speed.sh [FEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
feed=${1:-bench/articles/feed-60k.rss}
runs=${RUNS:-15}
out=bench/out
mkdir -p "$out"
go build -o "$out/figcheck" ./cmd/figcheck

# ms CMD... prints how many milliseconds CMD took (its exit status is not
# a failure: findings exit 1).
ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

declare -a names=(version after)
declare -A times=()
[ -n "${FIGCHECK_BEFORE:-}" ] && names+=(before)
for ((i = 0; i < runs; i++)); do
  times[version]+="$(ms "$out/figcheck" version) "
  times[after]+="$(ms "$out/figcheck" check "$feed") "
  if [ -n "${FIGCHECK_BEFORE:-}" ]; then
    times[before]+="$(ms "$FIGCHECK_BEFORE" check "$feed") "
  fi
done
for n in "${names[@]}"; do
  # shellcheck disable=SC2086
  printf '%s\n' ${times[$n]} | sort -n | awk -v name="$n" '
    { v[NR] = $1 }
    END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-8s median %4d ms  (%d-%d ms, %d runs)\n", name, m, v[1], v[NR], NR
    }'
done
