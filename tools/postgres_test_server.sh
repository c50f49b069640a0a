#!/usr/bin/env bash
# Start the PostgreSQL server the store tests run against (make postgres): a cluster under var/pg,
# listening on 127.0.0.1:$PG_PORT only, trust auth for the postgres role, with database eventwire_test.
# `stop` as first argument stops it. Idempotent: a server already answering on the port is left as it
# is. Installs Debian's postgresql and its PostGIS package when missing (CI: a clean Debian, as root).
set -euo pipefail

PORT="${PG_PORT:-55432}"
DATABASE="${PG_DATABASE:-eventwire_test}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/var/pg"
DATA="$DIR/data"
SOCKETS="$DIR/run"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
apt_install() {
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}
PG_BIN="$(find_bin)"
if [ -z "$PG_BIN" ] && [ "${1:-start}" != stop ]; then
  apt_install postgresql
  PG_BIN="$(find_bin)"
fi
# PostGIS lets the store tests run the geometry branch too (tests/store/test_postgis.py); PG_POSTGIS=0 skips it.
PG_VERSION="$(basename "$(dirname "$PG_BIN")")"
if [ "${PG_POSTGIS:-1}" = 1 ] && [ "${1:-start}" != stop ] \
   && [ ! -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ]; then
  apt_install "postgresql-$PG_VERSION-postgis-3"
fi

# initdb refuses to run as root: as root the cluster belongs to the postgres system user.
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); else AS=(); fi

if [ "${1:-start}" = stop ]; then
  if [ -f "$DATA/postmaster.pid" ]; then "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -w -s stop -m fast; echo "postgres: stopped"; fi
  exit 0
fi

if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "postgres: already running on 127.0.0.1:$PORT"
else
  mkdir -p "$DIR" "$SOCKETS"
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$DIR"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    "${AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log"
  fi
  # fsync off: a throwaway test cluster; a crash loses nothing the tests need.
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -s \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKETS -c fsync=off" start
  echo "postgres: started on 127.0.0.1:$PORT (data in $DATA, log in $DIR/server.log)"
fi

psql_do() { "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tA "$@"; }
if [ "$(psql_do -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  psql_do -c "CREATE DATABASE $DATABASE"
  echo "postgres: created database $DATABASE"
fi
