#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (PostgreSQL for the shared-store tests,
# Chromium for the HTML report test) and starts a PostgreSQL server on loopback.
# Sourced by .ci/run; prints AISPM_TEST_PG_URL for the tests.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi

PGBIN="/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin"
PGPORT="${AISPM_PG_PORT:-54329}"
PGDATA="${AISPM_PG_DATA:-/tmp/aispm-ci-pg}"
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }

if ! "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null; then
  # No server answers: lock files left by one that was killed are stale.
  rm -f "$PGDATA/postmaster.pid" "/tmp/.s.PGSQL.$PGPORT.lock"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    rm -rf "$PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" -eq 0 ] && chown postgres "$PGDATA"
    as_pg "$PGBIN/initdb -D $PGDATA -A trust -U postgres >/dev/null"
  fi
  as_pg "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA.log -w -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off' start >/dev/null"
fi
for db in aispm_test aispm_bench; do
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$db"
done
export AISPM_TEST_PG_URL="postgres://postgres@127.0.0.1:$PGPORT/aispm_test"
echo "PostgreSQL ready: $AISPM_TEST_PG_URL"
