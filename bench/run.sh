#!/usr/bin/env bash
# The reference workload: 16 rules (bench/w16.yaml) on generated workforce
# data with injected errors and ground truth (../shared/bench/gen.py), at
# 10^5, 10^6 and 10^7 rows. For each size it prints wall time and peak
# memory (/usr/bin/time -v) of figcheck, of the parse floor (bench/floor:
# encoding/csv and strconv on two goroutines, no checks) and, where Debian's
# python3-pandas is installed, of the tuned pandas baseline; then figcheck's
# per-rule counts against the ground truth.
#
# usage: bench/run.sh [ROWS ...]        (default: 100000 1000000 10000000)
# FIGCHECK_SHARED names the shared folder (default ../shared); data go to
# bench/out (git ignores it). 10^7 rows take about 800 MB of disk and three
# minutes to generate.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${FIGCHECK_SHARED:-../shared}/bench
out=bench/out
if [ ! -f "$shared/gen.py" ]; then
  echo "bench/run.sh: $shared/gen.py is not here: set FIGCHECK_SHARED to the shared folder" >&2
  exit 2
fi
[ -x /usr/bin/time ] || { echo "bench/run.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$out"
go build -o "$out/figcheck" ./cmd/figcheck
go build -o "$out/floor" ./bench/floor
pandas=no
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then pandas=yes; fi

# measure NAME CMD... runs CMD, keeping its wall time (s) and peak RSS (MiB).
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$out/time.$name" "$@" > "$out/stdout.$name" 2>"$out/stderr.$name" || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out/time.$name")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out/time.$name")
  printf "  %-10s %8.2f s %7s MiB" "$name" "$wall" "$rss"
}

status=0
for rows in ${@:-100000 1000000 10000000}; do
  data=$out/data_$rows.csv
  if [ ! -f "$data" ]; then
    echo "generating $rows rows…"
    python3 "$shared/gen.py" --rows "$rows" --out "$out" > /dev/null
  fi
  echo "== $rows rows ($(du -hL "$data" | cut -f1))"
  measure floor "$out/floor" "$data" 4; floor=$wall; echo
  measure figcheck "$out/figcheck" check --rules bench/w16.yaml --format json --max-findings 0 "$data"
  awk -v a="$wall" -v b="$floor" 'BEGIN {printf "   %.2f× the floor\n", a / b}'
  fig=$wall
  cp "$out/stdout.figcheck" "$out/report_$rows.json"
  if [ "$pandas" = yes ]; then
    measure pandas /usr/bin/python3 "$shared/pandas_bench.py" "$data"
    awk -v a="$wall" -v b="$fig" 'BEGIN {printf "   figcheck is %.1f× faster\n", a / b}'
  fi
  python3 bench/compare.py "$out/report_$rows.json" "$out" "$rows" || status=1
done
[ "$pandas" = yes ] || echo "(pandas is not installed: apt-get install python3-pandas to compare with it)"
exit $status
