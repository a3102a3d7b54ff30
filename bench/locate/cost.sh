#!/usr/bin/env bash
# What finding the culprits costs: figcheck built from this tree against
# the same tree built with localisation left out (the call of run.locate in
# checker/pipeline.go removed, through go build -overlay), run in turns on
# the reference workload (bench/w16.yaml, --format json --max-findings 0),
# swapping which goes first each round. It prints every run, then for each
# binary the median wall time, the median CPU time (user + sys) and the
# median and largest peak memory, and the ratios of the medians. Taking
# turns and medians matters: this machine's speed changes by half from one
# minute to the next, so only runs side by side compare.
#
# usage: bench/locate/cost.sh [ROWS]   (default 1000000)
# ROUNDS (default 15) is the number of rounds. The data are
# bench/out/data_ROWS.csv, generated as bench/run.sh does if missing (with
# ../shared/bench/gen.py; FIGCHECK_SHARED names the shared folder). EXTRA
# names a third figcheck binary to run in every round beside the two (say,
# one built from an earlier commit).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
rounds=${ROUNDS:-15}
out=bench/out
data=$out/data_$rows.csv
[ -x /usr/bin/time ] || { echo "cost.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$out"
if [ ! -f "$data" ]; then
  gen=${FIGCHECK_SHARED:-../shared}/bench/gen.py
  [ -f "$gen" ] || { echo "cost.sh: $data is missing and $gen is not here to make it" >&2; exit 2; }
  echo "generating $rows rows…"
  python3 "$gen" --rows "$rows" --out "$out" > /dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/located" ./cmd/figcheck
call='run\.locate(opts\.Workers)'
grep -q "$call" checker/pipeline.go || { echo "cost.sh: checker/pipeline.go no longer calls $call" >&2; exit 2; }
grep -v "$call" checker/pipeline.go > "$tmp/pipeline.go"
printf '{"Replace": {"%s": "%s"}}\n' "$PWD/checker/pipeline.go" "$tmp/pipeline.go" > "$tmp/overlay.json"
go build -overlay "$tmp/overlay.json" -o "$tmp/without" ./cmd/figcheck
names="located without"
if [ -n "${EXTRA:-}" ]; then
  cp "$EXTRA" "$tmp/extra"
  names="$names extra"
fi

# run NAME: one check, appending "wall cpu rss_mib" to $tmp/NAME.runs.
run() {
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$tmp/$1" check --rules bench/w16.yaml \
    --format json --max-findings 0 "$data" > "$tmp/$1.json" || true
  # the last line: time says first when the command exits 1 (findings)
  tail -1 "$tmp/time" | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' >> "$tmp/$1.runs"
}

echo "== $rows rows, $rounds rounds (wall s, CPU s, peak MiB)"
for i in $(seq "$rounds"); do
  order=$names
  if [ $((i % 2)) = 0 ]; then order=$(echo "$names" | tr ' ' '\n' | tac | tr '\n' ' '); fi
  line="  round $i:"
  for name in $order; do
    run "$name"
    line="$line $name $(tail -1 "$tmp/$name.runs" | tr ' ' '/')"
  done
  echo "$line"
done

counts='import json, sys; r = json.load(open(sys.argv[1])); print(len(r["findings"]), [(x["id"], x["fail"]) for x in r["rules"]])'
if [ "$(python3 -c "$counts" "$tmp/located.json")" != "$(python3 -c "$counts" "$tmp/without.json")" ]; then
  echo "cost.sh: the two binaries give other findings" >&2
  exit 1
fi

# median COLUMN FILE
median() { cut -d' ' -f"$1" "$2" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for name in $names; do
  printf "  %-8s wall %5.2f s  CPU %5.2f s  peak %4.0f MiB (largest %s)\n" "$name" \
    "$(median 1 "$tmp/$name.runs")" "$(median 2 "$tmp/$name.runs")" "$(median 3 "$tmp/$name.runs")" \
    "$(cut -d' ' -f3 "$tmp/$name.runs" | sort -g | tail -1)"
done
awk -v lw="$(median 1 "$tmp/located.runs")" -v ww="$(median 1 "$tmp/without.runs")" \
  -v lc="$(median 2 "$tmp/located.runs")" -v wc="$(median 2 "$tmp/without.runs")" \
  'BEGIN {printf "  localisation adds %+.1f%% wall, %+.1f%% CPU (medians)\n", 100 * (lw / ww - 1), 100 * (lc / wc - 1)}'
