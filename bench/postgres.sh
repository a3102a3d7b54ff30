#!/usr/bin/env bash
# The reference workload's 13 row rules (bench/w16.yaml without its unique
# and group rules) on the same generated rows, side by side, each round
# running every way once in turn:
#   native     figcheck check on the CSV
#   postgres   figcheck check --engine postgres, the rows loaded into a
#              table of text columns (findings fetched and explained)
#   hand-sql   hand-written SQL of the same checks on that table, as a data
#              team would write them (abs(rate - 100 * leavers / fte) > 0.05),
#              counting each check's failures in one scan
#   duckdb-csv, duckdb-parquet
#              figcheck check --engine duckdb (built with -tags duckdb) on
#              the CSV, and on the same rows as Parquet (bench/formats)
# Prints each median wall time over RUNS rounds (default 3), and checks that
# every figcheck run gives the native verdict counts rule by rule.
#
# usage: FIGCHECK_POSTGRES_DSN=… bench/postgres.sh [ROWS]   (default 1000000)
# The data come from ../shared/bench/gen.py, as for bench/run.sh. Without a
# C compiler the DuckDB runs are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
dsn=${FIGCHECK_POSTGRES_DSN:?start a server with scripts/postgres.sh and set FIGCHECK_POSTGRES_DSN}
out=bench/out
data=$out/data_$rows.csv
parquet=$out/data_$rows.parquet
mkdir -p "$out"
if [ ! -f "$data" ]; then
  python3 "${FIGCHECK_SHARED:-../shared}/bench/gen.py" --rows "$rows" --out "$out" > /dev/null
fi
go build -o "$out/figcheck" ./cmd/figcheck
ways="native postgres hand-sql"
if command -v gcc >/dev/null 2>&1; then
  go build -tags duckdb -o "$out/figcheck-duckdb" ./cmd/figcheck
  [ -f "$parquet" ] || go run ./bench/formats "$data" > /dev/null
  ways="$ways duckdb-csv duckdb-parquet"
fi
sed '/- id: U01_key_unique/,$d' bench/w16.yaml > "$out/w16-rows.yaml"

cols=$(head -1 "$data" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd,)
start=$(date +%s.%N)
psql "$dsn" -q -c "DROP TABLE IF EXISTS w16" -c "CREATE UNLOGGED TABLE w16 ($cols)" -c "\\copy w16 FROM '$data' CSV HEADER" -c "ANALYZE w16"
echo "loaded $rows rows into PostgreSQL in $(echo "$(date +%s.%N) - $start" | bc) s"

cat > "$out/hand.sql" <<'SQL'
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
    OR vacancies IS NULL OR vacancy_rate IS NULL OR cases IS NULL OR caseload IS NULL) AS r13
FROM w16;
SQL

run() { # way: runs it once, writing its report
  case $1 in
  native) "$out/figcheck" check --rules "$out/w16-rows.yaml" --format json "$data" ;;
  postgres) "$out/figcheck" check --engine postgres --dsn "$dsn" --table w16 --rules "$out/w16-rows.yaml" --format json ;;
  hand-sql) psql "$dsn" -q -A -t -F, -f "$out/hand.sql" ;;
  duckdb-csv) "$out/figcheck-duckdb" check --engine duckdb --rules "$out/w16-rows.yaml" --format json "$data" ;;
  duckdb-parquet) "$out/figcheck-duckdb" check --engine duckdb --rules "$out/w16-rows.yaml" --format json "$parquet" ;;
  esac > "$out/$1.out" 2> "$out/$1.err" || [ $? -eq 1 ] || { cat "$out/$1.err"; exit 1; }
}
declare -A times
for _ in $(seq "${RUNS:-3}"); do
  for way in $ways; do
    start=$(date +%s.%N)
    run "$way"
    times[$way]+="$(echo "$(date +%s.%N) - $start" | bc) "
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for way in $ways; do
  printf '%-15s median %6.2f s (runs: %s)\n' "$way" "$(printf '%s\n' ${times[$way]} | median)" "${times[$way]}"
done
echo "hand-written SQL's failures by rule: $(tail -1 "$out/hand-sql.out")"

# The verdict counts (pass, pass within rounding, fail, skipped) of each
# rule, natively and in each engine.
python3 - "$out" $ways <<'PY'
import json, sys
out, ways = sys.argv[1], [w for w in sys.argv[2:] if w not in ("native", "hand-sql")]
def counts(way):
    return [(r["id"], r["pass"], r["pass_within_rounding"], r["fail"], r["skipped"]) for r in json.load(open(f"{out}/{way}.out"))["rules"]]
native = counts("native")
bad = False
for way in ways:
    same = counts(way) == native
    bad = bad or not same
    print(f"{way}: {'the native verdict counts' if same else 'verdict counts DIFFER from native'}")
for r in native:
    print(f"  {r[0]:22} pass {r[1]:8} rounding {r[2]:7} fail {r[3]:5} skipped {r[4]:4}")
sys.exit(1 if bad else 0)
PY
