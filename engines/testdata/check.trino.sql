SELECT * FROM "stats"."release" LIMIT 0;
WITH figcheck_rows AS (SELECT row_number() OVER (ORDER BY COALESCE(CAST("area" AS VARCHAR), ''), COALESCE(CAST("level" AS VARCHAR), ''), COALESCE(CAST("rate" AS VARCHAR), ''), COALESCE(CAST("part" AS VARCHAR), ''), COALESCE(CAST("whole" AS VARCHAR), '')) AS figcheck_row, * FROM "stats"."release"),
… (sqlgen's statement 1 of 1);
WITH figcheck_rows AS (SELECT row_number() OVER (ORDER BY COALESCE(CAST("area" AS VARCHAR), ''), COALESCE(CAST("level" AS VARCHAR), ''), COALESCE(CAST("rate" AS VARCHAR), ''), COALESCE(CAST("part" AS VARCHAR), ''), COALESCE(CAST("whole" AS VARCHAR), '')) AS figcheck_row, * FROM "stats"."release")
SELECT figcheck_row, COALESCE(CAST("area" AS VARCHAR), ''), COALESCE(CAST("level" AS VARCHAR), ''), COALESCE(CAST("rate" AS VARCHAR), ''), COALESCE(CAST("part" AS VARCHAR), ''), COALESCE(CAST("whole" AS VARCHAR), '') FROM figcheck_rows WHERE figcheck_row IN (SELECT n FROM (VALUES (3)) AS r(n)) ORDER BY figcheck_row;
