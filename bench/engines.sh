#!/usr/bin/env bash
# The whole reference workload (bench/w16.yaml: 13 row rules, a unique rule
# and two group rules) on the same generated rows, side by side, each round
# running every way once in turn:
#   native          figcheck check on the CSV
#   postgres        figcheck check --engine postgres, the rows loaded into a
#                   table of text columns (findings fetched and explained)
#   hand-postgres   hand-written SQL of the same checks on that table, as a
#                   data team would write them (abs(rate - 100 * leavers /
#                   fte) > 0.05, duplicated keys counted, parts summed and
#                   compared with their whole), each counted in one query
#   duckdb-csv, duckdb-parquet
#                   figcheck check --engine duckdb on the CSV, and on the
#                   same rows as Parquet (bench/formats: measures as doubles)
#   hand-duckdb-csv, hand-duckdb-parquet
#                   the same hand-written SQL in DuckDB, on the CSV (types
#                   as DuckDB detects them) and on the Parquet file
# Prints each way's median wall time over RUNS rounds (default 3) and its
# largest peak RSS (/usr/bin/time -v), and checks that every figcheck run
# gives the native verdict counts rule by rule, and that the hand-written
# SQL finds as many failures.
#
# usage: FIGCHECK_POSTGRES_DSN=… bench/engines.sh [ROWS]   (default 1000000)
# The data come from ../shared/bench/gen.py, as for bench/run.sh. Without a
# C compiler the DuckDB runs are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/engine-setup.sh
parquet=$out/data_$rows.parquet
rules=bench/w16.yaml
ways="native postgres hand-postgres"
if [ -n "$duckdb" ]; then
  go build -tags duckdb -o "$out/duckdbsql" ./bench/duckdbsql
  [ -f "$parquet" ] || go run ./bench/formats "$data" > /dev/null
  ways="$ways duckdb-csv hand-duckdb-csv duckdb-parquet hand-duckdb-parquet"
fi
load_table w16

# The checks by hand, in PostgreSQL on text columns; DuckDB reads the
# same SQL without the casts, its columns being typed already.
cat > "$out/hand-postgres.sql" <<'SQL'
SELECT
  count(*) FILTER (WHERE fte::numeric <= 0) AS r01,
  count(*) FILTER (WHERE leavers::numeric < 0 OR leavers::numeric > fte::numeric) AS r02,
  count(*) FILTER (WHERE agency_fte::numeric < 0) AS r03,
  count(*) FILTER (WHERE vacancies::numeric < 0) AS r04,
  count(*) FILTER (WHERE cases::numeric < 0) AS r05,
  count(*) FILTER (WHERE abs(turnover_rate::numeric - 100 * leavers::numeric / NULLIF(fte::numeric, 0)) > 0.05) AS r06,
  count(*) FILTER (WHERE abs(agency_rate::numeric - 100 * agency_fte::numeric / NULLIF(agency_fte::numeric + fte::numeric, 0)) > 0.05) AS r07,
  count(*) FILTER (WHERE abs(vacancy_rate::numeric - 100 * vacancies::numeric / NULLIF(vacancies::numeric + fte::numeric, 0)) > 0.05) AS r08,
  count(*) FILTER (WHERE abs(caseload::numeric - cases::numeric / NULLIF(fte::numeric, 0)) > 0.05) AS r09,
  count(*) FILTER (WHERE area_level NOT IN ('national', 'region', 'local')) AS r10,
  count(*) FILTER (WHERE area_code !~ '^E(92|12|06)[0-9]{6}$') AS r11,
  count(*) FILTER (WHERE period !~ '^[0-9]{4}-Q[1-4]$') AS r12,
  count(*) FILTER (WHERE fte IS NULL OR leavers IS NULL OR turnover_rate IS NULL OR agency_fte IS NULL OR agency_rate IS NULL
    OR vacancies IS NULL OR vacancy_rate IS NULL OR cases IS NULL OR caseload IS NULL) AS r13,
  (SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM w16 GROUP BY area_code, period HAVING count(*) > 1) AS d) AS u01,
  (SELECT count(*) FROM w16 AS w JOIN (SELECT period, sum(fte::numeric) AS s FROM w16 WHERE area_level = 'region' GROUP BY period) AS p
    ON p.period = w.period WHERE w.area_level = 'national' AND abs(w.fte::numeric - p.s) > 0.5) AS g01,
  (SELECT count(*) FROM w16 AS w JOIN (SELECT period, parent_code, sum(fte::numeric) AS s FROM w16 WHERE parent_code LIKE 'E12%' GROUP BY period, parent_code) AS p
    ON p.period = w.period AND p.parent_code = w.area_code WHERE w.area_level = 'region' AND abs(w.fte::numeric - p.s) > 0.05) AS g02
FROM w16;
SQL
sed 's/::numeric//g' "$out/hand-postgres.sql" > "$out/hand-duckdb.sql"

run() { # way: runs it once under /usr/bin/time, writing its report to $out/way.out
  local cmd
  case $1 in
  native) cmd=("$out/figcheck" check --rules "$rules" --format json "$data") ;;
  postgres) cmd=("$out/figcheck" check --engine postgres --dsn "$dsn" --table w16 --rules "$rules" --format json) ;;
  hand-postgres) cmd=(psql "$dsn" -q -A -t -F, -f "$out/hand-postgres.sql") ;;
  duckdb-csv) cmd=("$out/figcheck-duckdb" check --engine duckdb --rules "$rules" --format json "$data") ;;
  duckdb-parquet) cmd=("$out/figcheck-duckdb" check --engine duckdb --rules "$rules" --format json "$parquet") ;;
  hand-duckdb-csv) cmd=("$out/duckdbsql" "CREATE VIEW w16 AS SELECT * FROM read_csv('$data')" "@$out/hand-duckdb.sql") ;;
  hand-duckdb-parquet) cmd=("$out/duckdbsql" "CREATE VIEW w16 AS SELECT * FROM read_parquet('$parquet')" "@$out/hand-duckdb.sql") ;;
  esac
  /usr/bin/time -v "${cmd[@]}" > "$out/$1.out" 2> "$out/$1.err" || [ $? -eq 1 ] || { cat "$out/$1.err" >&2; exit 1; }
  sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$1.err"
}
declare -A times rss
for _ in $(seq "${RUNS:-3}"); do
  for way in $ways; do
    start=$(date +%s.%N)
    kb=$(run "$way")
    times[$way]+="$(echo "$(date +%s.%N) - $start" | bc) "
    rss[$way]=$(( kb > ${rss[$way]:-0} ? kb : ${rss[$way]:-0} ))
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for way in $ways; do
  printf '%-20s median %7.2f s, peak RSS %5d MiB (runs: %s)\n' "$way" "$(printf '%s\n' ${times[$way]} | median)" $((rss[$way] / 1024)) "${times[$way]}"
done

# The verdict counts (pass, pass within rounding, fail, skipped) of each
# rule, natively and in each engine, and the hand-written SQL's failures.
python3 - "$out" $ways <<'PY'
import json, re, sys
out, ways = sys.argv[1], sys.argv[2:]
def counts(way):
    return [(r["id"], r["pass"], r["pass_within_rounding"], r["fail"], r["skipped"]) for r in json.load(open(f"{out}/{way}.out"))["rules"]]
native = counts("native")
bad = False
for way in ways:
    if way == "native":
        continue
    if way.startswith("hand-"):
        last = [l for l in open(f"{out}/{way}.out").read().splitlines() if l.strip()][-1]
        got = [int(x) for x in re.split("[,\t]", last)]
        differ = [f"{r[0][:3]} {g} against {r[3]}" for r, g in zip(native, got) if g != r[3]]
        print(f"{way}: {'failures differ from figcheck in ' + ', '.join(differ) if differ else 'as many failures as figcheck, rule by rule'}")
        continue
    same = counts(way) == native
    bad = bad or not same
    print(f"{way}: {'the native verdict counts' if same else 'verdict counts DIFFER from native'}")
for r in native:
    print(f"  {r[0]:22} pass {r[1]:8} rounding {r[2]:7} fail {r[3]:5} skipped {r[4]:4}")
sys.exit(1 if bad else 0)
PY
