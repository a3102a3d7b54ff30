#!/usr/bin/env bash
# The reference workload's 13 row rules (bench/w16.yaml without its unique
# and group rules) on COPIES × 10^7 rows in Parquet, checked in DuckDB
# (figcheck check --engine duckdb) and natively, each under /usr/bin/time
# for its wall time and peak memory, and the verdict counts compared rule
# by rule.
#
# The rows: ../shared/bench/gen.py writes 10^7 rows as CSV (400 s here);
# DuckDB writes them as Parquet, the dimensions as text and the measures
# as doubles, empty cells null (the schema of bench/formats), COPIES
# times over: copy c moves every period 10·c years on (2015-Q1 becomes
# 2025-Q1 in copy 1), so that the copies share no period, no key and no
# group, and every rule's counts on the whole are COPIES times its counts
# on the 10^7 rows, which the script also checks natively on the first
# copy's rows.
#
# usage: bench/duckdb.sh [COPIES]   (default 10: 10^8 rows, 1.8 GB of Parquet;
#        set KEEP=1 to keep the Parquet files in bench/out, and ALL=1 to
#        check the whole workload, its unique and group rules too, and
#        DSN='?memory_limit=3GB' to open DuckDB with those settings)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-10}
out=bench/out
base=$out/data_10000000
big=$out/w16_${copies}e7.parquet
mkdir -p "$out"
[ -f "$base.csv" ] || python3 "${FIGCHECK_SHARED:-../shared}/bench/gen.py" --rows 10000000 --out "$out" > /dev/null
go build -o "$out/figcheck" ./cmd/figcheck
go build -tags duckdb -o "$out/figcheck-duckdb" ./cmd/figcheck
go build -tags duckdb -o "$out/duckdbsql" ./bench/duckdbsql
rules=$out/w16-rows.yaml
sed '/- id: U01_key_unique/,$d' bench/w16.yaml > "$rules"
[ -z "${ALL:-}" ] || rules=bench/w16.yaml

# The rows as Parquet, one copy and then every copy.
measures="fte leavers turnover_rate agency_fte agency_rate vacancies vacancy_rate cases caseload"
typed=$(for m in $measures; do printf ', CAST(NULLIF(%s, %s) AS DOUBLE) AS %s' "$m" "''" "$m"; done)
if [ ! -f "$base.parquet" ]; then
  "$out/duckdbsql" "COPY (SELECT area_code, area_level, parent_code, period$typed
    FROM read_csv('$base.csv', header = true, all_varchar = true)) TO '$base.parquet' (FORMAT parquet)"
fi
if [ ! -f "$big" ]; then
  cols="area_code, area_level, parent_code, CAST(CAST(substr(period, 1, 4) AS INTEGER) + 10 * c AS VARCHAR) || substr(period, 5) AS period, ${measures// /, }"
  "$out/duckdbsql" "SET preserve_insertion_order = true" \
    "COPY (SELECT $cols FROM range($copies) AS r(c), read_parquet('$base.parquet') ORDER BY c, file_row_number)
      TO '$big' (FORMAT parquet)" || { rm -f "$big"; exit 1; }
fi
ls -l "$big"

run() { # name command…: runs it under /usr/bin/time, its JSON report in $out/name.json
  local name=$1
  shift
  /usr/bin/time -v "$@" > "$out/$name.json" 2> "$out/$name.err" || [ $? -eq 1 ] || { cat "$out/$name.err"; exit 1; }
  printf '%-8s wall %s, peak RSS %s kB\n' "$name" \
    "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.err")" \
    "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$name.err")"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run one-copy "$out/figcheck" check --rules "$rules" --format json "$base.parquet"
run duckdb "$out/figcheck-duckdb" check --engine duckdb ${DSN:+--dsn "$DSN"} --rules "$rules" --format json "$big"
run native "$out/figcheck" check --rules "$rules" --format json "$big"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${KEEP:-}" ] || rm -f "$big"

python3 - "$out" "$copies" <<'PY'
import json, sys
out, copies = sys.argv[1], int(sys.argv[2])
def counts(name, times=1):
    return [(r["id"], r["pass"] * times, r["pass_within_rounding"] * times, r["fail"] * times, r["skipped"] * times)
            for r in json.load(open(f"{out}/{name}.json"))["rules"]]
native, duck, one = counts("native"), counts("duckdb"), counts("one-copy", copies)
for r, d in zip(native, duck):
    print(f"  {r[0]:22} pass {r[1]:10} rounding {r[2]:5} fail {r[3]:6} skipped {r[4]:5}{'' if r == d else '   DuckDB: ' + str(d[1:])}")
def findings(name, text=False):
    return [(f["rule"], f["location"]["line"], f["subject"]) + ((f["computation"],) if text else ())
            for f in json.load(open(f"{out}/{name}.json"))["findings"]]
same = native == duck and findings("native") == findings("duckdb")
print("DuckDB:", "the native verdict counts and findings (rule, row, subject)" if same else "verdict counts or findings DIFFER from native")
text = [(n, d) for n, d in zip(findings("native", True), findings("duckdb", True)) if n != d]
print(f"findings listed: {len(findings('native'))}; of them written differently by DuckDB: {len(text)}", *text[:3], sep="\n  ")
print(f"natively, {copies} times the counts of the first copy:", "yes" if native == one else "NO")
sys.exit(0 if same and native == one else 1)
PY
