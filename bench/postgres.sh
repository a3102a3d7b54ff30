#!/usr/bin/env bash
# The reference workload's row rules natively and on PostgreSQL, side by
# side: the 13 row rules of bench/w16.yaml (its unique and group rules are
# not compiled to SQL) checked by figcheck on the CSV, and by the SQL that
# `figcheck sql` prints on the same rows loaded into a table of text
# columns. Prints the load time, each median wall time over RUNS rounds
# and both sets of verdict counts, which must agree.
#
# usage: FIGCHECK_POSTGRES_DSN=… bench/postgres.sh [ROWS]   (default 1000000)
# The data come from ../shared/bench/gen.py, as for bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
dsn=${FIGCHECK_POSTGRES_DSN:?start a server with scripts/postgres.sh and set FIGCHECK_POSTGRES_DSN}
out=bench/out
data=$out/data_$rows.csv
mkdir -p "$out"
if [ ! -f "$data" ]; then
  python3 "${FIGCHECK_SHARED:-../shared}/bench/gen.py" --rows "$rows" --out "$out" > /dev/null
fi
go build -o "$out/figcheck" ./cmd/figcheck
sed '/- id: U01_key_unique/,$d' bench/w16.yaml > "$out/w16-rows.yaml"
"$out/figcheck" sql --engine postgres --table w16 --rules "$out/w16-rows.yaml" > "$out/w16.sql"

cols=$(head -1 "$data" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd,)
start=$(date +%s.%N)
psql "$dsn" -q -c "DROP TABLE IF EXISTS w16" -c "CREATE UNLOGGED TABLE w16 ($cols)" -c "\\copy w16 FROM '$data' CSV HEADER" -c "ANALYZE w16"
echo "loaded $rows rows in $(echo "$(date +%s.%N) - $start" | bc) s"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
native= sql=
for _ in $(seq "${RUNS:-3}"); do
  start=$(date +%s.%N)
  "$out/figcheck" check --rules "$out/w16-rows.yaml" --format json --max-findings 0 "$data" > "$out/native.json" || true
  native+="$(echo "$(date +%s.%N) - $start" | bc) "
  start=$(date +%s.%N)
  psql "$dsn" -q -A -t -F, -f "$out/w16.sql" > "$out/sql.csv"
  sql+="$(echo "$(date +%s.%N) - $start" | bc) "
done
echo "native     median $(printf '%s\n' $native | median) s (runs: $native)"
echo "postgres   median $(printf '%s\n' $sql | median) s (runs: $sql)"

# The counts (pass, pass within rounding, fail, skipped) of each rule, both ways.
python3 - "$out/native.json" "$out/sql.csv" <<'PY'
import json, sys, collections
native = [(r["id"], r["pass"], r["pass_within_rounding"], r["fail"], r["skipped"]) for r in json.load(open(sys.argv[1]))["rules"]]
counts = collections.defaultdict(lambda: [0, 0, 0, 0])
for line in open(sys.argv[2]):
    rule, verdict, n = line.rstrip("\n").split(",")[:3]
    if n == "" or int(rule) < 0:
        continue
    counts[int(rule)]["PRFS".index(verdict[0])] += int(n)
sql = [(native[i][0], *counts[i]) for i in range(len(native))]
for a, b in zip(native, sql):
    print(f"  {a[0]:22} native {a[1:]}  postgres {b[1:]}")
if native != sql:
    sys.exit("the verdict counts differ")
print("same verdict counts")
PY
