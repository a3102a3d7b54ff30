#!/usr/bin/env bash
# Group and prev rules pushed down: the reference workload's two group rules
# (G01, G02 of bench/w16.yaml) and one rule with prev
# (abs(pct_change(prev.fte, fte)) <= 40), each set in a rule file with
# w16.yaml's dataset, on the same generated rows, each round running every
# way once in turn:
#   native     figcheck check on the CSV
#   postgres   figcheck check --engine postgres, the rows loaded into a table
#              of text columns (the rules run in the server; the failing rows
#              and those their findings rest on fetched and explained)
#   duckdb     figcheck check --engine duckdb on the CSV (built with -tags
#              duckdb; left out without a C compiler)
# Prints, per rule set and way, the median wall time and peak RSS over RUNS
# rounds (default 3) from /usr/bin/time -v, and checks that every engine run
# gives the native verdict counts rule by rule.
#
# usage: FIGCHECK_POSTGRES_DSN=… bench/pushdown.sh [ROWS]   (default 1000000)
# The data come from ../shared/bench/gen.py, as for bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/engine-setup.sh
ways="native postgres"
[ -z "$duckdb" ] || ways="$ways duckdb"
sed -n '1,/^rules:/p' bench/w16.yaml > "$out/pd-dataset.yaml"
{ cat "$out/pd-dataset.yaml"; sed -n '/- id: G01_regions_national/,$p' bench/w16.yaml; } > "$out/pd-groups.yaml"
{ cat "$out/pd-dataset.yaml"; printf '  - id: P01_fte_jump\n    title: FTE changes by no more than 40%% from one period to the next\n    assert: abs(pct_change(prev.fte, fte)) <= 40\n'; } > "$out/pd-prev.yaml"

load_table w16pd

run() { # set way: runs it once under /usr/bin/time, writing its report
  local rules=$out/pd-$1.yaml
  local cmd
  case $2 in
  native) cmd=("$out/figcheck" check --rules "$rules" --format json "$data") ;;
  postgres) cmd=("$out/figcheck" check --engine postgres --dsn "$dsn" --table w16pd --rules "$rules" --format json) ;;
  duckdb) cmd=("$out/figcheck-duckdb" check --engine duckdb --rules "$rules" --format json "$data") ;;
  esac
  /usr/bin/time -v -o "$out/pd-$1-$2.time" "${cmd[@]}" > "$out/pd-$1-$2.out" 2> "$out/pd-$1-$2.err" ||
    [ $? -eq 1 ] || { cat "$out/pd-$1-$2.err"; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/pd-$1-$2.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$out/pd-$1-$2.time")
  times[$1-$2]+="$wall "
  mems[$1-$2]+="$rss "
}
declare -A times mems
for _ in $(seq "${RUNS:-3}"); do
  for set in groups prev; do
    for way in $ways; do
      run "$set" "$way"
    done
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for set in groups prev; do
  for way in $ways; do
    printf '%-7s %-9s median %7.2f s %6.0f MiB   (runs: %s s; %s MiB)\n' "$set" "$way" \
      "$(printf '%s\n' ${times[$set-$way]} | median)" "$(printf '%s\n' ${mems[$set-$way]} | median)" "${times[$set-$way]% }" "${mems[$set-$way]% }"
  done
done

# The verdict counts (pass, pass within rounding, fail, skipped) and the
# findings listed of each rule, natively and in each engine: in DuckDB the
# same findings at the same lines; in PostgreSQL as many, the first in the
# table's physical order, which is not quite the file's.
python3 - "$out" $ways <<'PY'
import json, sys
out, ways = sys.argv[1], sys.argv[2:]
def report(s, way):
    return json.load(open(f"{out}/pd-{s}-{way}.out"))
bad = False
for s in ("groups", "prev"):
    native = report(s, "native")
    want = [(r["id"], r["pass"], r["pass_within_rounding"], r["fail"], r["skipped"]) for r in native["rules"]]
    for way in ways[1:]:
        got = report(s, way)
        same = [(r["id"], r["pass"], r["pass_within_rounding"], r["fail"], r["skipped"]) for r in got["rules"]] == want
        findings = len(got["findings"]) == len(native["findings"])
        if way == "duckdb":  # the CSV's own lines: the very findings listed natively
            key = lambda f: (f["subject"], f["location"]["line"], f["computation"])
            findings = findings and list(map(key, got["findings"])) == list(map(key, native["findings"]))
        bad = bad or not same or not findings
        print(f"{s} {way}: {'the native verdict counts' if same else 'verdict counts DIFFER from native'}, "
              f"{len(got['findings'])} findings listed ({len(native['findings'])} natively)"
              f"{', the same' if way == 'duckdb' and findings else ''}")
    for r in want:
        print(f"  {r[0]:22} pass {r[1]:8} rounding {r[2]:7} fail {r[3]:7} skipped {r[4]:6}")
sys.exit(1 if bad else 0)
PY
