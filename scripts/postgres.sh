#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the store tests (scripts/check runs it).
# Usage: bash scripts/postgres.sh start   # installs the Debian package when missing, starts it
#        bash scripts/postgres.sh stop    # stops it and removes its files
# While it runs: CORRIDOR_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:54329/postgres
set -euo pipefail

PORT="${CORRIDOR_TEST_POSTGRES_PORT:-54329}"
# in /tmp, not $TMPDIR: the postgres user must reach it (a root TMPDIR may be closed to it)
DATA="${CORRIDOR_TEST_POSTGRES_DIR:-/tmp/corridor-test-postgres-$PORT}"
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"

bin_dir() {
  # the newest installed server's binaries (Debian keeps them out of PATH)
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then
    found="$(dirname "$(command -v pg_ctl)")"
  fi
  echo "$found"
}

as_owner() {
  # PostgreSQL refuses to run as root: root runs it as the user postgres
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  bin="$(bin_dir)"
  if [ -z "$bin" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: PostgreSQL is not installed; fix: apt-get install postgresql (as root)" >&2
      exit 3  # scripts/check then runs the store tests on SQLite only
    fi
    echo "== installing PostgreSQL (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    bin="$(bin_dir)"
  fi
  if [ -f "$DATA/postmaster.pid" ] && as_owner "$bin/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
    echo "== PostgreSQL already running on 127.0.0.1:$PORT ($DATA)"
    return
  fi
  rm -rf "$DATA"
  mkdir -p "$DATA"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DATA"; fi
  chmod 700 "$DATA"
  as_owner "$bin/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-k /tmp -p $PORT -h 127.0.0.1" start >/dev/null
  echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT: $URL"
}

stop() {
  local bin
  bin="$(bin_dir)"
  if [ -n "$bin" ] && [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$DATA"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: bash scripts/postgres.sh start|stop|url" >&2; exit 2 ;;
esac
