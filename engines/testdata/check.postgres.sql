SELECT * FROM "stats"."release" LIMIT 0;
BEGIN ISOLATION LEVEL REPEATABLE READ;
CREATE TEMPORARY VIEW figcheck_rows AS SELECT row_number() OVER () AS figcheck_row, * FROM "stats"."release";
WITH … (sqlgen's statement 1 of 1);
CREATE TEMPORARY TABLE figcheck_fetch (n BIGINT);
INSERT INTO figcheck_fetch VALUES (3);
SELECT figcheck_row, COALESCE(CAST("area" AS text), ''), COALESCE(CAST("level" AS text), ''), COALESCE(CAST("rate" AS text), ''), COALESCE(CAST("part" AS text), ''), COALESCE(CAST("whole" AS text), '') FROM figcheck_rows WHERE figcheck_row IN (SELECT n FROM figcheck_fetch) ORDER BY figcheck_row;
DROP TABLE figcheck_fetch;
