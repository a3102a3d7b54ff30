"""Writes the EES corpus: a data file and its metadata that pass every EES
check (pass/), and copies of them that each break one check. Run it here
with python3 make.py; the Go test TestCorpus says which rules each case
must fail."""
import os, random, shutil

H = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,la_name,sex,pupils,pupils_fsm,pt_fsm"
META = """col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column
sex,Filter,Sex,,,,Boys or girls,
pupils,Indicator,Number of pupils,,,,,
pupils_fsm,Indicator,Number of pupils eligible for free school meals,,,,,
pt_fsm,Indicator,Percentage of pupils eligible for free school meals,,%,1,,
"""
REGIONS = [("E12000001", "North East"), ("E12000002", "North West"), ("E12000003", "Yorkshire and The Humber"),
           ("E12000004", "East Midlands"), ("E12000005", "West Midlands"), ("E12000006", "East of England"),
           ("E12000007", "London"), ("E12000008", "South East"), ("E12000009", "South West")]
SUB = {"E13000001": "Inner London", "E13000002": "Outer London"}
# Local authorities: code, name, region code, boys, girls, boys and girls eligible for free school meals.
LAS = [("E06000001", "Hartlepool", "E12000001", 4012, 3987, 1203, 1188),
       ("E06000002", "Middlesbrough", "E12000001", 5230, 5101, 4, 3),
       ("E09000001", "City of London", "E13000001", 105, 98, 21, 17),
       ("E09000002", "Barking and Dagenham", "E13000002", 12051, 11873, 2890, 2804)]


def r10(x):
    return int(round(x / 10.0)) * 10


def base():
    random.seed(7)
    rows = []

    def add(level, rc, rn, lc, ln, b, g, fb, fg, rounded):
        r = r10 if rounded else (lambda x: x)
        for sex, p, f in (("Total", b + g, fb + fg), ("Boys", b, fb), ("Girls", g, fg)):
            p, f = r(p), r(f)
            rows.append(["202324", "Academic year", level, "E92000001", "England", rc, rn, lc, ln, sex,
                         str(p), str(f), "%.1f" % (100.0 * f / p)])

    def total(las):
        return [sum(l[k] for l in las) for k in (3, 4, 5, 6)]

    figs = {}
    for code, _ in REGIONS:
        b = random.randint(150000, 400000)
        g = b - random.randint(1000, 5000)
        figs[code] = [b, g, b // 4, g // 4]
    figs["E12000001"] = total(LAS[:2])
    figs["E13000001"] = total(LAS[2:3])
    figs["E13000002"] = total(LAS[3:4])
    figs["E12000007"] = [a + b for a, b in zip(figs["E13000001"], figs["E13000002"])]
    add("National", "", "", "", "", *[sum(figs[c][k] for c, _ in REGIONS) for k in range(4)], True)
    for code, name in REGIONS + list(SUB.items()):
        add("Regional", code, name, "", "", *figs[code], True)
    for lc, ln, rc, *f in LAS:
        add("Local authority", rc, dict(REGIONS).get(rc) or SUB[rc], lc, ln, *f, False)
    for r in rows:  # Middlesbrough's small counts, suppressed with their total
        if r[8] == "Middlesbrough":
            r[11] = r[12] = "c"
    return rows


def write(case, rows, meta=META, header=H, name="pupils"):
    os.makedirs(case, exist_ok=True)
    with open(os.path.join(case, name + ".csv"), "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join('"%s"' % x if "," in x else x for x in r) + "\n")
    with open(os.path.join(case, name + ".meta.csv"), "w") as f:
        f.write(meta)


def where(rows, la="", region="", sex="Total", level=None):
    for r in rows:
        if r[8] == la and (not region or r[6] == region) and r[9] == sex and (level is None or r[2] == level):
            return r
    raise KeyError((la, region, sex))


def case(name, edit=None, meta=META, header=H, drop=None, file="pupils"):
    rows = base()
    if edit:
        edit(rows)
    if drop is not None:
        header = ",".join(h for i, h in enumerate(H.split(",")) if i != drop)
        rows = [[x for i, x in enumerate(r) if i != drop] for r in rows]
    write(name, rows, meta, header, file)


def setcell(la, col, value, region="", sex="Total", level=None):
    def edit(rows):
        where(rows, la, region, sex, level)[col] = value
    return edit


for d in os.listdir("."):
    if os.path.isdir(d):
        shutil.rmtree(d)
case("pass")
case("mandatory-column", drop=4)  # no country_name
case("unlisted-column", meta=META.replace("pt_fsm,Indicator,Percentage of pupils eligible for free school meals,,%,1,,\n", ""))
case("meta-column-missing", meta=META + "pupils_sen,Indicator,Number of pupils with special educational needs,,,,,\n")
case("time-identifier", lambda rows: [r.__setitem__(1, "School year") for r in rows])
case("time-period", lambda rows: [r.__setitem__(0, "2023") for r in rows])
case("time-period-week", lambda rows: [r.__setitem__(1, "Week 5") for r in rows])  # a week of 202324: a week's year has four digits
case("time-period-years", lambda rows: [r.__setitem__(0, "202325") for r in rows])
def country_row(rows):
    r = list(where(rows, level="National"))
    r[2] = "Country"
    rows.append(r)
case("geographic-level", country_row)
case("level-columns-regional", setcell("", 6, "", region="North West"))
case("level-columns-national", setcell("", 4, "", level="National"))
case("level-columns-la", setcell("Hartlepool", 7, "", sex="Girls"))
case("level-columns", drop=8)  # local authority rows, no la_name
case("code-name", setcell("Hartlepool", 8, "Hartlepool Borough", sex="Boys"))
case("filter-total", lambda rows: [r.__setitem__(9, "All") for r in rows if r[9] == "Total"])
# Newer metadata files name the level EES shows first in filter_default.
DEFAULT_META = META.replace("filter_grouping_column\n", "filter_grouping_column,filter_default\n").replace(",\n", ",,\n")
case("filter-default-pass", lambda rows: [r.__setitem__(9, "All") for r in rows if r[9] == "Total"],
     meta=DEFAULT_META.replace("Boys or girls,,", "Boys or girls,,All"))
case("filter-default", lambda rows: [r.__setitem__(9, "All") for r in rows if r[9] == "Total"],
     meta=DEFAULT_META.replace("Boys or girls,,", "Boys or girls,,Everyone"))
case("duplicate-rows", lambda rows: rows.append(list(where(rows, "Hartlepool"))))
case("blank-indicator", setcell("Hartlepool", 12, ""))
case("legacy-symbol", setcell("Hartlepool", 12, ":"))
case("la-region", setcell("", 10, "18430", region="North East"))
case("region-national", setcell("", 10, "3791990", level="National"))
case("inner-outer-london", setcell("", 10, "39700", region="Inner London"))
case("filter-sum-la", setcell("Hartlepool", 10, "4013", sex="Boys"))
case("filter-sum", setcell("", 10, "9290", region="North East", sex="Boys"))
case("share-la", setcell("Hartlepool", 12, "31.0", sex="Boys"))
case("share", setcell("", 12, "14.0", region="North East", sex="Boys"))
# Middlesbrough's total and girls published: their boys are the one less the other.
def publish(rows):
    where(rows, "Middlesbrough")[11] = "7"
    where(rows, "Middlesbrough", sex="Girls")[11] = "3"
case("secondary-suppression", publish)
# Codes that are no ONS codes of their column's areas: a country code of no
# country, a region code a digit short (still an English region's E12, so
# that the sums hold), a local authority code of a ward (E05).
def recode(rows):
    for r in rows:
        r[3] = "E93000001"
        if r[5] == "E12000001":
            r[5] = "E1200001"
        if r[8] == "Hartlepool":
            r[7] = "E05000001"
case("code-format", recode)
case("file-name", file="Pupils 2024")
case("indicator-dp", meta=META.replace("%,1,,", "%,2,,"))
case("indicator-dp-blank", meta=META.replace("%,1,,", "%,,,"))

# Percentages of a filter's Total row, in a file of their own.
SHARES_META = """col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column
sex,Filter,Sex,,,,Boys or girls,
pupils,Indicator,Number of pupils,,,,,
pt_pupils,Indicator,Percentage of pupils,,%,1,,
"""
SHARES_H = "time_period,time_identifier,geographic_level,country_code,country_name,sex,pupils,pt_pupils"
# Twelve years, so that one wrong percentage leaves the formula holding on
# 95% of the rows, as figcheck needs to work it out.
for name, wrong in (("filter-share-pass", None), ("filter-share", "52.0")):
    rows = []
    for year in range(2013, 2025):
        boys = 480 + year - 2013
        for sex, p in (("Total", 1000), ("Boys", boys), ("Girls", 1000 - boys)):
            rows.append([str(year), "Calendar year", "National", "E92000001", "England", sex, str(p), "%.1f" % (p / 10)])
    if wrong:
        rows[-1][7] = wrong  # 2024's girls are 509 of 1000
    write(name, rows, SHARES_META, SHARES_H)
