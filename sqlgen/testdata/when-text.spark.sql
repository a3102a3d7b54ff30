WITH l1 AS (SELECT *,
  TRIM(t0) AS c0,
  ((t0 RLIKE '^-?[0-9]*(\\.[0-9]*)?$') AND (t0 RLIKE '[0-9]')) AS c2,
  TRIM(t1) AS c13,
  ((t1 RLIKE '^-?[0-9]*(\\.[0-9]*)?$') AND (t1 RLIKE '[0-9]')) AS c15
FROM (SELECT COALESCE(CAST(`area` AS STRING), '') AS d0, COALESCE(CAST(`level` AS STRING), '') AS d1, COALESCE(CAST(`a` AS STRING), '') AS t0, COALESCE(CAST(`b` AS STRING), '') AS t1 FROM `stats`.`release`) AS src),
l2 AS (SELECT *,
  lower(c0) AS c1,
  CASE WHEN c2 THEN t0 ELSE c0 END AS c4,
  lower(c13) AS c14,
  CASE WHEN c15 THEN t1 ELSE c13 END AS c17
FROM l1),
l3 AS (SELECT *,
  CASE WHEN c2 THEN 'n' WHEN c0 = '' THEN 'm' WHEN c1 IN ('low', '[low]') THEN 'l' WHEN c1 IN ('*', '-', '..', ':', '[c]', '[k]', '[low]', '[u]', '[x]', '[z]', 'c', 'low', 'n/a', 'na', 'u', 'x', 'z', '~') THEN 's' WHEN FALSE THEN 'm' WHEN (c0 RLIKE '^[-+]? *([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\\.[0-9]+)?$') AND (t0 RLIKE '[0-9]') THEN 'n' ELSE 'u' END AS c3,
  replace(regexp_replace(c4, '^[-+] *', ''), ',', '') AS c5,
  CASE WHEN c15 THEN 'n' WHEN c13 = '' THEN 'm' WHEN c14 IN ('low', '[low]') THEN 'l' WHEN c14 IN ('*', '-', '..', ':', '[c]', '[k]', '[low]', '[u]', '[x]', '[z]', 'c', 'low', 'n/a', 'na', 'u', 'x', 'z', '~') THEN 's' WHEN FALSE THEN 'm' WHEN (c13 RLIKE '^[-+]? *([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\\.[0-9]+)?$') AND (t1 RLIKE '[0-9]') THEN 'n' ELSE 'u' END AS c16,
  replace(regexp_replace(c17, '^[-+] *', ''), ',', '') AS c18
FROM l2),
l4 AS (SELECT *,
  CASE WHEN (c3 = 'n') AND (substr(c4, 1, 1) = '-') THEN -CAST(c5 AS DOUBLE) WHEN (c3 = 'n') THEN CAST(c5 AS DOUBLE) WHEN c3 = 'l' THEN 0 END AS c6,
  CASE WHEN (instr(c5, '.') > 0) THEN length(c5) - instr(c5, '.') ELSE 0 END AS c7,
  CASE WHEN (instr(c5, '.') > 0) THEN 0 ELSE length(c5) - length(regexp_replace(c5, '0+$', '')) END AS c8,
  CASE c3 WHEN 'n' THEN 0 WHEN 'l' THEN 0 WHEN 's' THEN 1 WHEN 'm' THEN 2 ELSE 3 END AS c10,
  CASE WHEN (c16 = 'n') AND (substr(c17, 1, 1) = '-') THEN -CAST(c18 AS DOUBLE) WHEN (c16 = 'n') THEN CAST(c18 AS DOUBLE) WHEN c16 = 'l' THEN 0 END AS c19,
  CASE WHEN (instr(c18, '.') > 0) THEN length(c18) - instr(c18, '.') ELSE 0 END AS c20,
  CASE WHEN (instr(c18, '.') > 0) THEN 0 ELSE length(c18) - length(regexp_replace(c18, '0+$', '')) END AS c21,
  CASE c16 WHEN 'n' THEN 0 WHEN 'l' THEN 0 WHEN 's' THEN 1 WHEN 'm' THEN 2 ELSE 3 END AS c24
FROM l3),
l5 AS (SELECT *,
  CASE WHEN c7 > 0 THEN CAST(0.5 AS DOUBLE) / power(CAST(10 AS DOUBLE), c7) WHEN c8 > 0 AND abs(c6) >= 1000 THEN CAST(0.5 AS DOUBLE) * power(CAST(10 AS DOUBLE), c8) ELSE CAST(0.5 AS DOUBLE) END AS c9,
  CASE WHEN c20 > 0 THEN CAST(0.5 AS DOUBLE) / power(CAST(10 AS DOUBLE), c20) WHEN c21 > 0 AND abs(c19) >= 1000 THEN CAST(0.5 AS DOUBLE) * power(CAST(10 AS DOUBLE), c21) ELSE CAST(0.5 AS DOUBLE) END AS c22,
  IF(isnan((CAST(0 AS DOUBLE) + CAST(0.01 AS DOUBLE) * CASE WHEN abs(c6) IS NULL OR abs(c19) IS NULL THEN NULL ELSE GREATEST(abs(c6), abs(c19)) END)), NULL, (CAST(0 AS DOUBLE) + CAST(0.01 AS DOUBLE) * CASE WHEN abs(c6) IS NULL OR abs(c19) IS NULL THEN NULL ELSE GREATEST(abs(c6), abs(c19)) END)) AS c27,
  CASE WHEN c6 IS NULL OR c19 IS NULL OR abs(c6) = CAST('Infinity' AS DOUBLE) OR abs(c19) = CAST('Infinity' AS DOUBLE) THEN 0 ELSE GREATEST(abs(c6), abs(c19), 1) * CAST(1e-12 AS DOUBLE) END AS c28,
  IF(isnan((c6 - c19)), NULL, (c6 - c19)) AS c30,
  IF(isnan((CAST(0 AS DOUBLE) + CAST(0.01 AS DOUBLE) * CASE WHEN abs(c6) IS NULL OR abs(c19) IS NULL THEN NULL ELSE GREATEST(abs(c6), abs(c19)) END)), NULL, (CAST(0 AS DOUBLE) + CAST(0.01 AS DOUBLE) * CASE WHEN abs(c6) IS NULL OR abs(c19) IS NULL THEN NULL ELSE GREATEST(abs(c6), abs(c19)) END)) AS c35,
  CASE WHEN c6 IS NULL OR c19 IS NULL OR abs(c6) = CAST('Infinity' AS DOUBLE) OR abs(c19) = CAST('Infinity' AS DOUBLE) THEN 0 ELSE GREATEST(abs(c6), abs(c19), 1) * CAST(1e-12 AS DOUBLE) END AS c36,
  IF(isnan((c6 - c19)), NULL, (c6 - c19)) AS c38
FROM l4),
l6 AS (SELECT *,
  CASE WHEN (c3 = 'l') THEN 0 ELSE IF(isnan((c6 - c9)), NULL, (c6 - c9)) END AS c11,
  CASE WHEN (c3 = 'l') THEN CAST(0.5 AS DOUBLE) ELSE IF(isnan((c6 + c9)), NULL, (c6 + c9)) END AS c12,
  CASE WHEN c20 > 0 THEN LEAST(CAST(5 AS DOUBLE), c22) ELSE CAST(5 AS DOUBLE) END AS c23,
  IF(isnan((c27 + c28)), NULL, (c27 + c28)) AS c29,
  IF(isnan((c35 + c36)), NULL, (c35 + c36)) AS c37
FROM l5),
l7 AS (SELECT *,
  CASE WHEN (c16 = 'l') THEN 0 ELSE IF(isnan((c19 - c23)), NULL, (c19 - c23)) END AS c25,
  CASE WHEN (c16 = 'l') THEN CAST(5 AS DOUBLE) ELSE IF(isnan((c19 + c23)), NULL, (c19 + c23)) END AS c26,
  CASE WHEN TRUE THEN c11 ELSE c6 END AS c31,
  CASE WHEN TRUE THEN c12 ELSE c6 END AS c32
FROM l6),
l8 AS (SELECT *,
  CASE WHEN TRUE THEN c25 ELSE c19 END AS c33,
  CASE WHEN TRUE THEN c26 ELSE c19 END AS c34,
  IF(isnan((c11 - c26)), NULL, (c11 - c26)) AS c39
FROM l7),
v AS (SELECT d0 AS k0, d1 AS k1,
  CASE WHEN NOT ((d1 IN ('Regional', 'National')) AND (d0 RLIKE '^E[0-9]+$')) THEN 'N' WHEN c10 <> 0 THEN 'S' || CASE WHEN c10 = 3 THEN 'a is not a number' WHEN c10 = 2 AND NOT (c0 = '') THEN 'a is missing (' || t0 || ')' WHEN (c0 = '') THEN 'a is empty' ELSE 'a is suppressed (' || t0 || ')' END WHEN c24 <> 0 THEN 'S' || CASE WHEN c24 = 3 THEN 'b is not a number' WHEN c24 = 2 AND NOT (c13 = '') THEN 'b is missing (' || t1 || ')' WHEN (c13 = '') THEN 'b is empty' ELSE 'b is suppressed (' || t1 || ')' END WHEN ((CASE WHEN c30 IS NULL THEN FALSE ELSE COALESCE(c30 <= c29, FALSE) END OR CASE WHEN COALESCE(c31 = c32, FALSE) AND COALESCE(c33 = c34, FALSE) THEN COALESCE(c30 <= c29, FALSE) ELSE COALESCE(IF(isnan((c32 - c33)), NULL, (c32 - c33)) <= c29, FALSE) END) OR (NOT (c24 = 0))) THEN 'P' WHEN (CASE WHEN COALESCE(c11 = c12, FALSE) AND COALESCE(c25 = c26, FALSE) THEN COALESCE(c38 <= c37, FALSE) ELSE CASE WHEN COALESCE(c35 > CAST(0 AS DOUBLE), FALSE) OR COALESCE(c11 = c12, FALSE) OR COALESCE(c25 = c26, FALSE) THEN COALESCE(c39 <= c37, FALSE) ELSE COALESCE(c39 < (-c36), FALSE) END END OR (NOT (c24 = 0))) THEN 'R' ELSE 'F' END AS v0,
  c3 AS f0,
  t0 AS t0,
  c16 AS f1,
  t1 AS t1
FROM l8)
SELECT 0 AS rule, v0 AS verdict, count(*) AS n, CAST(NULL AS STRING) AS k0, CAST(NULL AS STRING) AS k1 FROM v WHERE v0 <> 'N' GROUP BY v0
UNION ALL
SELECT 0, 'F', NULL, k0, k1 FROM v WHERE v0 = 'F'
UNION ALL
SELECT -1, t0, count(*), NULL, NULL FROM v WHERE f0 = 'u' GROUP BY t0
UNION ALL
SELECT -2, t1, count(*), NULL, NULL FROM v WHERE f1 = 'u' GROUP BY t1;
