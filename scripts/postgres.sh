#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for figcheck's engine tests, as an
# unprivileged user, in a temporary folder, on a local port, and prints
# the DSN to export as FIGCHECK_POSTGRES_DSN. Stop it with
# scripts/postgres.sh stop DIR.
#
#   export FIGCHECK_POSTGRES_DSN=$(scripts/postgres.sh start)
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
user=${FIGCHECK_POSTGRES_USER:-postgres}
as_user() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
case "${1:-start}" in
start)
  port=${FIGCHECK_POSTGRES_PORT:-55432}
  dir=$(mktemp -d /tmp/figcheck-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown "$user" "$dir"
  as_user "$bin/initdb" -D "$dir/data" -U figcheck --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://figcheck@127.0.0.1:$port/postgres?sslmode=disable"
  echo "server in $dir; stop it with: $0 stop $dir" >&2
  ;;
stop)
  as_user "$bin/pg_ctl" -D "$2/data" -m fast stop >/dev/null
  rm -rf "$2"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
