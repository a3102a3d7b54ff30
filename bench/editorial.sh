#!/usr/bin/env bash
# The editorial workload: ten articles' figure sets, 300 figures and 200
# claims (go run ./bench/editorial writes them), checked end to end with
# process start included (wall time from bash's clock), RUNS times (default 11) in turn with figcheck
# version, which measures process start alone. It prints every run and
# the medians.
#
# usage: bench/editorial.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/editorial
mkdir -p "$out"
go build -o bench/out/figcheck ./cmd/figcheck
go run ./bench/editorial "$out"
runs=${RUNS:-11}
check= version=
# ms runs CMD and prints its wall time in milliseconds.
ms() {
  local start=$EPOCHREALTIME
  "$@" > /dev/null || true # check exits 1: the articles hold planted errors
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", (b - a) * 1000}'
}
for _ in $(seq "$runs"); do
  check+=" $(ms bench/out/figcheck check --rules "$out/claims.yaml" "$out")"
  version+=" $(ms bench/out/figcheck version)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "check, 300 figures and 200 claims: median $(median $check) ms   (runs:$check ms)"
echo "version, process start alone:      median $(median $version) ms   (runs:$version ms)"
