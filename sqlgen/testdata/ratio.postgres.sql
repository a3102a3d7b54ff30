WITH l1 AS (SELECT *,
  TRIM(t0) AS c0,
  ((t0 ~ '^-?[0-9]*(\.[0-9]*)?$') AND (t0 ~ '[0-9]')) AS c2,
  TRIM(t1) AS c14,
  ((t1 ~ '^-?[0-9]*(\.[0-9]*)?$') AND (t1 ~ '[0-9]')) AS c16,
  TRIM(t2) AS c27,
  ((t2 ~ '^-?[0-9]*(\.[0-9]*)?$') AND (t2 ~ '[0-9]')) AS c29
FROM (SELECT COALESCE(CAST("area" AS text), '') AS d0, COALESCE(CAST("rate" AS text), '') AS t0, COALESCE(CAST("part" AS text), '') AS t1, COALESCE(CAST("whole" AS text), '') AS t2 FROM "stats"."release") AS src OFFSET 0),
l2 AS (SELECT *,
  lower(c0) AS c1,
  CASE WHEN c2 THEN t0 ELSE c0 END AS c4,
  lower(c14) AS c15,
  CASE WHEN c16 THEN t1 ELSE c14 END AS c18,
  lower(c27) AS c28,
  CASE WHEN c29 THEN t2 ELSE c27 END AS c31
FROM l1 OFFSET 0),
l3 AS (SELECT *,
  CASE WHEN c2 THEN 'n' WHEN c0 = '' THEN 'm' WHEN c1 IN ('low', '[low]') THEN 'l' WHEN c1 IN ('*', '-', '..', ':', '[c]', '[k]', '[low]', '[u]', '[x]', '[z]', 'c', 'low', 'n/a', 'na', 'u', 'x', 'z', '~') THEN 's' WHEN FALSE THEN 'm' WHEN (c0 ~ '^[-+]? *([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\.[0-9]+)?$') AND (t0 ~ '[0-9]') THEN 'n' ELSE 'u' END AS c3,
  replace(regexp_replace(c4, '^[-+] *', ''), ',', '') AS c5,
  CASE WHEN c16 THEN 'n' WHEN c14 = '' THEN 'm' WHEN c15 IN ('low', '[low]') THEN 'l' WHEN c15 IN ('*', '-', '..', ':', '[c]', '[k]', '[low]', '[u]', '[x]', '[z]', 'c', 'low', 'n/a', 'na', 'u', 'x', 'z', '~') THEN 's' WHEN FALSE THEN 'm' WHEN (c14 ~ '^[-+]? *([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\.[0-9]+)?$') AND (t1 ~ '[0-9]') THEN 'n' ELSE 'u' END AS c17,
  replace(regexp_replace(c18, '^[-+] *', ''), ',', '') AS c19,
  CASE WHEN c29 THEN 'n' WHEN c27 = '' THEN 'm' WHEN c28 IN ('low', '[low]') THEN 'l' WHEN c28 IN ('*', '-', '..', ':', '[c]', '[k]', '[low]', '[u]', '[x]', '[z]', 'c', 'low', 'n/a', 'na', 'u', 'x', 'z', '~') THEN 's' WHEN FALSE THEN 'm' WHEN (c27 ~ '^[-+]? *([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\.[0-9]+)?$') AND (t2 ~ '[0-9]') THEN 'n' ELSE 'u' END AS c30,
  replace(regexp_replace(c31, '^[-+] *', ''), ',', '') AS c32
FROM l2 OFFSET 0),
l4 AS (SELECT *,
  CASE WHEN (c3 = 'n') AND (substr(c4, 1, 1) = '-') THEN -CAST(c5 AS double precision) WHEN (c3 = 'n') THEN CAST(c5 AS double precision) WHEN c3 = 'l' THEN 0 END AS c6,
  CASE WHEN (strpos(c5, '.') > 0) THEN length(c5) - strpos(c5, '.') ELSE 0 END AS c7,
  CASE WHEN (strpos(c5, '.') > 0) THEN 0 ELSE length(c5) - length(regexp_replace(c5, '0+$', '')) END AS c8,
  CASE c3 WHEN 'n' THEN 0 WHEN 'l' THEN 0 WHEN 's' THEN 1 WHEN 'm' THEN 2 ELSE 3 END AS c11,
  CASE WHEN (c17 = 'n') AND (substr(c18, 1, 1) = '-') THEN -CAST(c19 AS double precision) WHEN (c17 = 'n') THEN CAST(c19 AS double precision) WHEN c17 = 'l' THEN 0 END AS c20,
  CASE WHEN (strpos(c19, '.') > 0) THEN length(c19) - strpos(c19, '.') ELSE 0 END AS c21,
  CASE WHEN (strpos(c19, '.') > 0) THEN 0 ELSE length(c19) - length(regexp_replace(c19, '0+$', '')) END AS c22,
  CASE c17 WHEN 'n' THEN 0 WHEN 'l' THEN 0 WHEN 's' THEN 1 WHEN 'm' THEN 2 ELSE 3 END AS c24,
  CASE WHEN (c30 = 'n') AND (substr(c31, 1, 1) = '-') THEN -CAST(c32 AS double precision) WHEN (c30 = 'n') THEN CAST(c32 AS double precision) WHEN c30 = 'l' THEN 0 END AS c33,
  CASE WHEN (strpos(c32, '.') > 0) THEN length(c32) - strpos(c32, '.') ELSE 0 END AS c34,
  CASE WHEN (strpos(c32, '.') > 0) THEN 0 ELSE length(c32) - length(regexp_replace(c32, '0+$', '')) END AS c35,
  CASE c30 WHEN 'n' THEN 0 WHEN 'l' THEN 0 WHEN 's' THEN 1 WHEN 'm' THEN 2 ELSE 3 END AS c37
FROM l3 OFFSET 0),
l5 AS (SELECT *,
  CASE WHEN c7 > 0 THEN CAST(0.5 AS double precision) / power(CAST(10 AS double precision), c7) WHEN c8 > 0 AND abs(c6) >= 1000 THEN CAST(0.5 AS double precision) * power(CAST(10 AS double precision), c8) ELSE CAST(0.5 AS double precision) END AS c9,
  CASE WHEN c21 > 0 THEN CAST(0.5 AS double precision) / power(CAST(10 AS double precision), c21) WHEN c22 > 0 AND abs(c20) >= 1000 THEN CAST(0.5 AS double precision) * power(CAST(10 AS double precision), c22) ELSE CAST(0.5 AS double precision) END AS c23,
  CASE WHEN (c17 = 'l') THEN 0 ELSE NULLIF((c20 - CAST(0 AS double precision)), CAST('NaN' AS double precision)) END AS c25,
  CASE WHEN (c17 = 'l') THEN CAST(0.5 AS double precision) ELSE NULLIF((c20 + CAST(0 AS double precision)), CAST('NaN' AS double precision)) END AS c26,
  CASE WHEN c34 > 0 THEN CAST(0.5 AS double precision) / power(CAST(10 AS double precision), c34) WHEN c35 > 0 AND abs(c33) >= 1000 THEN CAST(0.5 AS double precision) * power(CAST(10 AS double precision), c35) ELSE CAST(0.5 AS double precision) END AS c36,
  CASE WHEN (c30 = 'l') THEN 0 ELSE NULLIF((c33 - CAST(0 AS double precision)), CAST('NaN' AS double precision)) END AS c38,
  CASE WHEN (c30 = 'l') THEN CAST(0.5 AS double precision) ELSE NULLIF((c33 + CAST(0 AS double precision)), CAST('NaN' AS double precision)) END AS c39,
  NULLIF((CAST(100 AS double precision) * c20), CAST('NaN' AS double precision)) AS c44
FROM l4 OFFSET 0),
l6 AS (SELECT *,
  CASE WHEN c7 > 0 THEN LEAST(CAST(0.05 AS double precision), c9) ELSE CAST(0.05 AS double precision) END AS c10,
  CASE WHEN CAST(100 AS double precision) = 0 OR c25 = 0 THEN 0 ELSE NULLIF((CAST(100 AS double precision) * c25), CAST('NaN' AS double precision)) END AS c40,
  CASE WHEN CAST(100 AS double precision) = 0 OR c26 = 0 THEN 0 ELSE NULLIF((CAST(100 AS double precision) * c26), CAST('NaN' AS double precision)) END AS c41,
  CASE WHEN CAST(100 AS double precision) = 0 OR c25 = 0 THEN 0 ELSE NULLIF((CAST(100 AS double precision) * c25), CAST('NaN' AS double precision)) END AS c42,
  CASE WHEN CAST(100 AS double precision) = 0 OR c26 = 0 THEN 0 ELSE NULLIF((CAST(100 AS double precision) * c26), CAST('NaN' AS double precision)) END AS c43,
  ((FALSE AND COALESCE(c25 = c26, FALSE) AND NOT TRUE) OR (TRUE AND COALESCE(CAST(100 AS double precision) = CAST(100 AS double precision), FALSE) AND NOT FALSE)) AS c47,
  (COALESCE(c38 <= CAST(0 AS double precision), FALSE) AND COALESCE(c39 >= CAST(0 AS double precision), FALSE)) AS c48,
  NULLIF(CASE WHEN c39 = 0 THEN CASE WHEN CAST(1 AS double precision) = 0 OR CAST(1 AS double precision) IS NULL THEN NULL WHEN (CAST(1 AS double precision) > 0) = (atan2(c39, -1) > 0) THEN CAST('Infinity' AS double precision) ELSE -CAST('Infinity' AS double precision) END ELSE CAST(1 AS double precision) / c39 END, CAST('NaN' AS double precision)) AS c49,
  NULLIF(CASE WHEN c38 = 0 THEN CASE WHEN CAST(1 AS double precision) = 0 OR CAST(1 AS double precision) IS NULL THEN NULL WHEN (CAST(1 AS double precision) > 0) = (atan2(c38, -1) > 0) THEN CAST('Infinity' AS double precision) ELSE -CAST('Infinity' AS double precision) END ELSE CAST(1 AS double precision) / c38 END, CAST('NaN' AS double precision)) AS c50,
  NULLIF(CASE WHEN c33 = 0 THEN CASE WHEN c44 = 0 OR c44 IS NULL THEN NULL WHEN (c44 > 0) = (atan2(c33, -1) > 0) THEN CAST('Infinity' AS double precision) ELSE -CAST('Infinity' AS double precision) END ELSE c44 / c33 END, CAST('NaN' AS double precision)) AS c55
FROM l5 OFFSET 0),
l7 AS (SELECT *,
  CASE WHEN (c3 = 'l') THEN 0 ELSE NULLIF((c6 - c10), CAST('NaN' AS double precision)) END AS c12,
  CASE WHEN (c3 = 'l') THEN CAST(0.05 AS double precision) ELSE NULLIF((c6 + c10), CAST('NaN' AS double precision)) END AS c13,
  CASE WHEN (COALESCE(CAST(100 AS double precision) >= CAST(0 AS double precision), FALSE) AND COALESCE(c25 >= CAST(0 AS double precision), FALSE)) THEN c40 ELSE CASE WHEN c40 IS NULL OR c41 IS NULL OR c42 IS NULL OR c43 IS NULL THEN NULL ELSE LEAST(c40, c41, c42, c43) END END AS c45,
  CASE WHEN (COALESCE(CAST(100 AS double precision) >= CAST(0 AS double precision), FALSE) AND COALESCE(c25 >= CAST(0 AS double precision), FALSE)) THEN c43 ELSE CASE WHEN c40 IS NULL OR c41 IS NULL OR c42 IS NULL OR c43 IS NULL THEN NULL ELSE GREATEST(c40, c41, c42, c43) END END AS c46,
  CASE WHEN c6 IS NULL OR c55 IS NULL OR abs(c6) = CAST('Infinity' AS double precision) OR abs(c55) = CAST('Infinity' AS double precision) THEN 0 ELSE GREATEST(abs(c6), abs(c55), 1) * CAST(1e-12 AS double precision) END AS c59,
  NULLIF((c6 - c55), CAST('NaN' AS double precision)) AS c61,
  CASE WHEN c6 IS NULL OR c55 IS NULL OR abs(c6) = CAST('Infinity' AS double precision) OR abs(c55) = CAST('Infinity' AS double precision) THEN 0 ELSE GREATEST(abs(c6), abs(c55), 1) * CAST(1e-12 AS double precision) END AS c67,
  NULLIF((c6 - c55), CAST('NaN' AS double precision)) AS c69
FROM l6 OFFSET 0),
l8 AS (SELECT *,
  CASE WHEN c45 = 0 OR c49 = 0 THEN 0 ELSE NULLIF((c45 * c49), CAST('NaN' AS double precision)) END AS c51,
  CASE WHEN c45 = 0 OR c50 = 0 THEN 0 ELSE NULLIF((c45 * c50), CAST('NaN' AS double precision)) END AS c52,
  CASE WHEN c46 = 0 OR c49 = 0 THEN 0 ELSE NULLIF((c46 * c49), CAST('NaN' AS double precision)) END AS c53,
  CASE WHEN c46 = 0 OR c50 = 0 THEN 0 ELSE NULLIF((c46 * c50), CAST('NaN' AS double precision)) END AS c54,
  (NOT c48 AND ((c47 AND COALESCE(c38 = c39, FALSE) AND NOT TRUE) OR (TRUE AND COALESCE(c45 = c46, FALSE) AND NOT c47))) AS c58,
  NULLIF((CAST(0 AS double precision) + c59), CAST('NaN' AS double precision)) AS c60,
  CASE WHEN TRUE THEN c12 ELSE c6 END AS c62,
  CASE WHEN TRUE THEN c13 ELSE c6 END AS c63,
  NULLIF((CAST(0 AS double precision) + c67), CAST('NaN' AS double precision)) AS c68
FROM l7 OFFSET 0),
l9 AS (SELECT *,
  CASE WHEN c48 THEN -CAST('Infinity' AS double precision) WHEN (COALESCE(c45 >= CAST(0 AS double precision), FALSE) AND COALESCE(c38 > CAST(0 AS double precision), FALSE) AND COALESCE(c39 <= CAST(1.7976931348623157e+308 AS double precision), FALSE)) THEN NULLIF(CASE WHEN c39 = 0 THEN CASE WHEN c45 = 0 OR c45 IS NULL THEN NULL WHEN (c45 > 0) = (atan2(c39, -1) > 0) THEN CAST('Infinity' AS double precision) ELSE -CAST('Infinity' AS double precision) END ELSE c45 / c39 END, CAST('NaN' AS double precision)) ELSE CASE WHEN (COALESCE(c45 >= CAST(0 AS double precision), FALSE) AND COALESCE(c49 >= CAST(0 AS double precision), FALSE)) THEN c51 ELSE CASE WHEN c51 IS NULL OR c52 IS NULL OR c53 IS NULL OR c54 IS NULL THEN NULL ELSE LEAST(c51, c52, c53, c54) END END END AS c56,
  CASE WHEN c48 THEN CAST('Infinity' AS double precision) WHEN (COALESCE(c45 >= CAST(0 AS double precision), FALSE) AND COALESCE(c38 > CAST(0 AS double precision), FALSE) AND COALESCE(c39 <= CAST(1.7976931348623157e+308 AS double precision), FALSE)) THEN NULLIF(CASE WHEN c38 = 0 THEN CASE WHEN c46 = 0 OR c46 IS NULL THEN NULL WHEN (c46 > 0) = (atan2(c38, -1) > 0) THEN CAST('Infinity' AS double precision) ELSE -CAST('Infinity' AS double precision) END ELSE c46 / c38 END, CAST('NaN' AS double precision)) ELSE CASE WHEN (COALESCE(c45 >= CAST(0 AS double precision), FALSE) AND COALESCE(c49 >= CAST(0 AS double precision), FALSE)) THEN c54 ELSE CASE WHEN c51 IS NULL OR c52 IS NULL OR c53 IS NULL OR c54 IS NULL THEN NULL ELSE GREATEST(c51, c52, c53, c54) END END END AS c57
FROM l8 OFFSET 0),
l10 AS (SELECT *,
  CASE WHEN c58 THEN c56 ELSE c55 END AS c64,
  CASE WHEN c58 THEN c57 ELSE c55 END AS c65,
  NULLIF((CASE WHEN c12 IS NULL OR c56 IS NULL THEN NULL ELSE GREATEST(c12, c56) END - CASE WHEN c13 IS NULL OR c57 IS NULL THEN NULL ELSE LEAST(c13, c57) END), CAST('NaN' AS double precision)) AS c70
FROM l9 OFFSET 0),
l11 AS (SELECT *,
  NULLIF((CASE WHEN c62 IS NULL OR c64 IS NULL THEN NULL ELSE GREATEST(c62, c64) END - CASE WHEN c63 IS NULL OR c65 IS NULL THEN NULL ELSE LEAST(c63, c65) END), CAST('NaN' AS double precision)) AS c66
FROM l10 OFFSET 0),
v AS (SELECT d0 AS k0,
  CASE WHEN c11 <> 0 THEN 'S' || CASE WHEN c11 = 3 THEN 'rate is not a number' WHEN c11 = 2 AND NOT (c0 = '') THEN 'rate is missing (' || t0 || ')' WHEN (c0 = '') THEN 'rate is empty' ELSE 'rate is suppressed (' || t0 || ')' END WHEN c24 <> 0 THEN 'S' || CASE WHEN c24 = 3 THEN 'part is not a number' WHEN c24 = 2 AND NOT (c14 = '') THEN 'part is missing (' || t1 || ')' WHEN (c14 = '') THEN 'part is empty' ELSE 'part is suppressed (' || t1 || ')' END WHEN c37 <> 0 THEN 'S' || CASE WHEN c37 = 3 THEN 'whole is not a number' WHEN c37 = 2 AND NOT (c27 = '') THEN 'whole is missing (' || t2 || ')' WHEN (c27 = '') THEN 'whole is empty' ELSE 'whole is suppressed (' || t2 || ')' END WHEN CASE WHEN COALESCE(c62 = c63, FALSE) AND COALESCE(c64 = c65, FALSE) THEN COALESCE(abs(c61) <= c60, FALSE) ELSE CASE WHEN FALSE OR COALESCE(c62 = c63, FALSE) OR COALESCE(c64 = c65, FALSE) THEN COALESCE(c66 <= c60, FALSE) ELSE COALESCE(c66 < (-c59), FALSE) END END THEN 'P' WHEN CASE WHEN COALESCE(c12 = c13, FALSE) AND COALESCE(c56 = c57, FALSE) THEN COALESCE(abs(c69) <= c68, FALSE) ELSE CASE WHEN FALSE OR COALESCE(c12 = c13, FALSE) OR COALESCE(c56 = c57, FALSE) THEN COALESCE(c70 <= c68, FALSE) ELSE COALESCE(c70 < (-c67), FALSE) END END THEN 'R' ELSE 'F' END AS v0,
  c3 AS f0,
  t0 AS t0,
  c17 AS f1,
  t1 AS t1,
  c30 AS f2,
  t2 AS t2
FROM l11)
SELECT 0 AS rule, v0 AS verdict, count(*) AS n, CAST(NULL AS text) AS k0 FROM v WHERE v0 <> 'N' GROUP BY v0
UNION ALL
SELECT 0, 'F', NULL, k0 FROM v WHERE v0 = 'F'
UNION ALL
SELECT -1, t0, count(*), NULL FROM v WHERE f0 = 'u' GROUP BY t0
UNION ALL
SELECT -2, t1, count(*), NULL FROM v WHERE f1 = 'u' GROUP BY t1
UNION ALL
SELECT -3, t2, count(*), NULL FROM v WHERE f2 = 'u' GROUP BY t2;
