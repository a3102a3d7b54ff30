SELECT 1;
SELECT * FROM `stats`.`release` LIMIT 0;
SET spark.sql.ansi.enabled=true;
CREATE TEMPORARY VIEW figcheck_rows AS SELECT row_number() OVER (ORDER BY COALESCE(CAST(`area` AS STRING), ''), COALESCE(CAST(`level` AS STRING), ''), COALESCE(CAST(`rate` AS STRING), ''), COALESCE(CAST(`part` AS STRING), ''), COALESCE(CAST(`whole` AS STRING), '')) AS figcheck_row, * FROM `stats`.`release`;
WITH … (sqlgen's statement 1 of 1);
SELECT figcheck_row, COALESCE(CAST(`area` AS STRING), ''), COALESCE(CAST(`level` AS STRING), ''), COALESCE(CAST(`rate` AS STRING), ''), COALESCE(CAST(`part` AS STRING), ''), COALESCE(CAST(`whole` AS STRING), '') FROM figcheck_rows WHERE figcheck_row IN (SELECT n FROM (VALUES (3)) AS r(n)) ORDER BY figcheck_row;
