#!/usr/bin/env bash
# EES mode against the rules it works out, written out: the speed bar of
# EES mode (issue 14) is that checking an EES file with no rule file takes
# at most twice as long as checking it with the rules figcheck infer writes
# for it. On the largest shared DfE file (absence_la.csv, with the
# metadata in testdata/ees/dfe), it runs, RUNS times in turn (default 7),
# figcheck check of the file with its metadata and figcheck check --rules
# with the inferred rule file, timing each with /usr/bin/time -v, and
# prints every run, the median wall and CPU (user + system) times of each,
# and their ratio. Both are checked with --format json to files, so that
# the terminal costs nothing. FIGCHECK_BEFORE names another figcheck binary
# to run EES mode with in the same rounds (say, one built from the commit
# before a change). Taking turns and medians matters: a shared machine's
# speed changes by half from one minute to the next.
#
# usage: bench/ees.sh        (FIGCHECK_SHARED names the shared folder, default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${FIGCHECK_SHARED:-../shared}/data/dfe-csc-education-outcomes/absence_la.csv
meta=testdata/ees/dfe/absence_la.meta.csv
out=bench/out
[ -f "$data" ] || { echo "bench/ees.sh: $data is not here: set FIGCHECK_SHARED to the shared folder" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/ees.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$out"
go build -o "$out/figcheck" ./cmd/figcheck
"$out/figcheck" infer --meta "$meta" "$data" > "$out/absence_la.rules.yaml"

# measure NAME CMD... runs CMD, keeping its wall and CPU times (s).
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$out/time.$name" "$@" > "$out/stdout.$name" 2>"$out/stderr.$name" || true
  local wall cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out/time.$name")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$out/time.$name")
  eval "walls_$name+=\" $wall\"; cpus_$name+=\" $cpu\""
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# summary NAME prints the runs and medians of NAME, setting wall and cpu.
summary() {
  local walls cpus
  eval "walls=\$walls_$1; cpus=\$cpus_$1"
  wall=$(median $walls) cpu=$(median $cpus)
  printf "  %-6s median wall %5.2f s, CPU %5.2f s   (wall:%s s; CPU:%s s)\n" "$1" "$wall" "$cpu" "$walls" "$cpus"
}

runs=${RUNS:-7}
walls_ees= cpus_ees= walls_rules= cpus_rules= walls_before= cpus_before=
for _ in $(seq "$runs"); do
  measure ees "$out/figcheck" check --format json=/dev/null --meta "$meta" "$data"
  measure rules "$out/figcheck" check --format json=/dev/null --rules "$out/absence_la.rules.yaml" "$data"
  if [ -n "${FIGCHECK_BEFORE:-}" ]; then
    measure before "$FIGCHECK_BEFORE" check --format json=/dev/null --meta "$meta" "$data"
  fi
done
echo "== $(basename "$data") ($(du -hL "$data" | cut -f1)), $runs rounds"
summary ees; ees_wall=$wall ees_cpu=$cpu
summary rules
awk -v a="$ees_wall" -v b="$wall" -v c="$ees_cpu" -v d="$cpu" 'BEGIN {printf "  EES mode takes %.2f× the wall time and %.2f× the CPU of the rules written out (bar: 2×)\n", a / b, c / d}'
if [ -n "${FIGCHECK_BEFORE:-}" ]; then summary before; fi
