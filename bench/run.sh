#!/usr/bin/env bash
# The reference workload: 16 rules (bench/w16.yaml) on generated workforce
# data with injected errors and ground truth (../shared/bench/gen.py), at
# 10^5, 10^6 and 10^7 rows. For each size it runs, RUNS times in turn,
# figcheck, the parse floor (bench/floor: encoding/csv and strconv on two
# goroutines, no checks) and, where Debian's python3-pandas is installed,
# the tuned pandas baseline, timing each with /usr/bin/time -v; it prints
# every run, then the median wall time and the largest peak memory of each,
# and checks figcheck's per-rule counts against the ground truth. Taking
# turns and medians matters: a shared machine's speed can change by half
# from one minute to the next, and the ratios are only fair within a round.
#
# usage: bench/run.sh [ROWS ...]        (default: 100000 1000000 10000000)
# RUNS (default 3) is the number of rounds; FIGCHECK_SHARED names the
# shared folder (default ../shared); data go to bench/out (git ignores it).
# FIGCHECK_BEFORE names another figcheck binary (say, one built from the
# commit before a change) to run in every round beside this tree's, so
# that the two are compared under the same load.
# 10^7 rows take about 800 MB of disk and three minutes to generate.
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

# measure NAME CMD... runs CMD, keeping its wall time (s) and peak RSS (MiB)
# in the lists walls_NAME and rss_NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$out/time.$name" "$@" > "$out/stdout.$name" 2>"$out/stderr.$name" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out/time.$name")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out/time.$name")
  eval "walls_$name+=\" $wall\"; rss_$name+=\" $rss\""
}

# summary NAME prints the runs, the median wall time and the largest peak
# RSS of NAME, and sets median.
summary() {
  local walls rss
  eval "walls=\$walls_$1; rss=\$rss_$1"
  median=$(printf '%s\n' $walls | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  local peak
  peak=$(printf '%s\n' $rss | sort -g | tail -1)
  printf "  %-9s median %6.2f s, peak %5s MiB   (runs:%s s)\n" "$1" "$median" "$peak" "$walls"
}

runs=${RUNS:-3}
status=0
for rows in ${@:-100000 1000000 10000000}; do
  data=$out/data_$rows.csv
  if [ ! -f "$data" ]; then
    echo "generating $rows rows…"
    python3 "$shared/gen.py" --rows "$rows" --out "$out" > /dev/null
  fi
  echo "== $rows rows ($(du -hL "$data" | cut -f1)), $runs rounds"
  walls_floor= rss_floor= walls_figcheck= rss_figcheck= walls_pandas= rss_pandas= walls_before= rss_before=
  for _ in $(seq "$runs"); do
    measure floor "$out/floor" "$data" 4
    measure figcheck "$out/figcheck" check --rules bench/w16.yaml --format json --max-findings 0 "$data"
    cp "$out/stdout.figcheck" "$out/report_$rows.json"
    if [ -n "${FIGCHECK_BEFORE:-}" ]; then
      measure before "$FIGCHECK_BEFORE" check --rules bench/w16.yaml --format json --max-findings 0 "$data"
    fi
    if [ "$pandas" = yes ]; then
      measure pandas /usr/bin/python3 "$shared/pandas_bench.py" "$data"
    fi
  done
  summary floor; floor=$median
  summary figcheck; fig=$median
  awk -v a="$fig" -v b="$floor" 'BEGIN {printf "  figcheck takes %.2f× the floor\n", a / b}'
  if [ -n "${FIGCHECK_BEFORE:-}" ]; then
    summary before
    awk -v a="$median" -v b="$floor" 'BEGIN {printf "  the binary before takes %.2f× the floor\n", a / b}'
    counts='import json, sys; print([(r["id"], r["pass"], r["pass_within_rounding"], r["fail"], r["skipped"]) for r in json.load(open(sys.argv[1]))["rules"]])'
    if [ "$(python3 -c "$counts" "$out/stdout.before")" != "$(python3 -c "$counts" "$out/report_$rows.json")" ]; then
      echo "  the binary before gives other verdict counts"; status=1
    fi
  fi
  if [ "$pandas" = yes ]; then
    summary pandas
    awk -v a="$median" -v b="$fig" 'BEGIN {printf "  figcheck is %.1f× faster than pandas\n", a / b}'
  fi
  python3 bench/compare.py "$out/report_$rows.json" "$out" "$rows" || status=1
done
[ "$pandas" = yes ] || echo "(pandas is not installed: apt-get install python3-pandas to compare with it)"
exit $status
