#!/usr/bin/env bash
# Checks the syntax of the golden SQL figcheck writes for engines it cannot
# run here (Trino, Spark SQL) with the ANTLR parsers of dt-sql-parser, whose
# grammars follow Trino's and Spark's own. Needs node and npm; takes a few
# minutes. With no arguments it checks every *.trino.sql and *.spark.sql
# under sqlgen/testdata and engines/testdata.
#
#   scripts/sqlsyntax.sh [FILE.trino.sql|FILE.spark.sql ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  set -- "$root"/sqlgen/testdata/*.trino.sql "$root"/sqlgen/testdata/*.spark.sql "$root"/engines/testdata/*.trino.sql "$root"/engines/testdata/*.spark.sql
fi
files=()
for f in "$@"; do files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
dir=$(mktemp -d /tmp/figcheck-sqlsyntax.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
npm init -y >/dev/null
npm install --silent dt-sql-parser@4.5.1 >/dev/null
# dt-sql-parser's ES modules import directories and extensionless files,
# which node resolves only with this hook.
cat > hook.mjs <<'JS'
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (e.code === 'ERR_UNSUPPORTED_DIR_IMPORT') return next(specifier + '/index.js', context);
    if (e.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('.')) return next(specifier + '.js', context);
    throw e;
  }
}
JS
cat > register.mjs <<'JS'
import { register } from 'node:module';
register('./hook.mjs', import.meta.url);
JS
cat > check.mjs <<'JS'
import { TrinoSQL, SparkSQL } from 'dt-sql-parser';
import fs from 'node:fs';
const parsers = { trino: new TrinoSQL(), spark: new SparkSQL() };
let failed = 0;
for (const path of process.argv.slice(2)) {
  const dialect = (path.match(/\.(trino|spark)\.sql$/) || [])[1];
  if (!dialect) {
    console.log(`${path}: not a .trino.sql or .spark.sql file`);
    failed++;
    continue;
  }
  // A statement that stands for sqlgen's (…) is checked in sqlgen's
  // goldens: here it is SELECT 1, on as many lines.
  const text = fs.readFileSync(path, 'utf8').split(';\n')
    .map((s) => (s.includes('…') ? 'SELECT 1' + s.replace(/[^\n]/g, '') : s)).join(';\n');
  const errors = parsers[dialect].validate(text);
  console.log(`${path}: ${errors.length ? 'syntax errors' : 'parses as ' + dialect}`);
  for (const e of errors) console.log(`  ${path}:${e.startLine}:${e.startColumn}: ${e.message}`);
  if (errors.length) failed++;
}
process.exit(failed ? 1 : 0);
JS
node --import ./register.mjs check.mjs "${files[@]}"
