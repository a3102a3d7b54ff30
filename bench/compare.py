#!/usr/bin/env python3
"""Compare figcheck's JSON report on the reference workload with gen.py's
ground truth: per rule, the failures expected and found, and recall and
precision over the failing rows (R and U rules) and groups (G rules).

usage: compare.py REPORT.json TRUTH_DIR ROWS
Exits 1 if any count differs or recall or precision is below 100%.
"""
import csv
import json
import os
import sys


def main():
    report, truth_dir, rows = sys.argv[1], sys.argv[2], sys.argv[3]
    rep = json.load(open(report))
    summary = {r["rule"]: r for r in csv.DictReader(open(os.path.join(truth_dir, f"truth_summary_{rows}.csv")))}
    want = {}  # rule -> set of failing rows (data row numbers) or groups (group, period)
    for r in csv.DictReader(open(os.path.join(truth_dir, f"truth_rows_{rows}.csv"))):
        if r["result"] == "FALSE":
            want.setdefault(r["rule"], set()).add(int(r["row"]))
    for r in csv.DictReader(open(os.path.join(truth_dir, f"truth_groups_{rows}.csv"))):
        if r["result"] == "FALSE":
            want.setdefault(r["rule"], set()).add((r["group"], r["period"]))
    got = {}
    for f in rep["findings"]:
        rule = f["rule"]
        if rule.startswith("G"):
            code, period = f["subject"].split(", ")
            got.setdefault(rule, set()).add((code, period))
        elif rule.startswith("U"):
            for fig in f["figures"]:
                got.setdefault(rule, set()).add(fig["location"]["line"] - 1)
        else:
            got.setdefault(rule, set()).add(f["location"]["line"] - 1)
    ok = True
    tp = fp = fn = 0
    print(f"{'rule':24} {'expected':>9} {'found':>9} {'skipped':>8} {'NA':>6}  recall precision")
    for r in rep["rules"]:
        rule = r["id"]
        t = summary[rule]
        expected = int(t["groups_fail"] or t["fails"])
        w, g = want.get(rule, set()), got.get(rule, set())
        tp, fp, fn = tp + len(w & g), fp + len(g - w), fn + len(w - g)
        if r["hidden_findings"]:
            print(f"{rule}: {r['hidden_findings']} findings not listed; run with --max-findings 0", file=sys.stderr)
            ok = False
        recall = len(w & g) / len(w) if w else 1.0
        precision = len(w & g) / len(g) if g else 1.0
        good = r["fail"] == expected and r["skipped"] == int(t["nNA"]) and recall == 1 and precision == 1
        ok = ok and good
        print(f"{rule:24} {expected:9} {r['fail']:9} {r['skipped']:8} {t['nNA']:>6}  {recall:6.1%} {precision:9.1%}{'' if good else '  MISMATCH'}")
    print(f"all rules: {tp} injected failures found, {fn} missed, {fp} false alarms: "
          f"recall {tp / (tp + fn):.1%}, precision {tp / (tp + fp) if tp + fp else 1:.1%}")
    sys.exit(0 if ok else 1)


main()
