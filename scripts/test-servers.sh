#!/bin/bash
# Start or stop the PostgreSQL and MariaDB servers the integration tests
# use: each in its own temporary directory, on loopback ports, stopped by
# PID. `start` prints shell assignments of MIGRATE_TEST_PG_URL and
# MIGRATE_TEST_MARIADB_URL (eval them); `stop DIR` stops both.
#   eval "$(scripts/test-servers.sh start)"; ...; scripts/test-servers.sh stop "$MIGRATE_TEST_DIR"
set -e

# The first port from $1 up that nothing listens on (so a developer's own
# servers, or another run's, never collide with these).
free_port() {
  p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
PG_PORT=${PG_PORT:-$(free_port 54329)}
MY_PORT=${MY_PORT:-$(free_port 33069)}

start() {
  dir=$(mktemp -d /tmp/migrate-servers.XXXXXX)
  chmod 755 "$dir"
  # PostgreSQL refuses to run as root: its files belong to postgres.
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$pgbin" ]; then
    mkdir -p "$dir/pg"
    chown postgres "$dir/pg" 2>/dev/null || true
    as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    as_pg "$pgbin/initdb" -D "$dir/pg/data" -U postgres -A trust \
      --no-sync >"$dir/pg-init.log" 2>&1
    # Another process may take the port between the probe and the bind:
    # then the next port is tried (the bind itself is the reservation).
    tries=0
    until as_pg "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -o \
      "-p $PG_PORT -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off \
       -c max_connections=200" start >"$dir/pg-start.log" 2>&1; do
      tries=$((tries + 1))
      if [ $tries -lt 20 ] && grep -q "could not bind\|already in use" "$dir/pg/log"; then
        PG_PORT=$(free_port $((PG_PORT + 1)))
        continue
      fi
      cat "$dir/pg-start.log" "$dir/pg/log" >&2; exit 1
    done
    head -1 "$dir/pg/data/postmaster.pid" >"$dir/pg.pid"
    as_pg "$pgbin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c \
      "ALTER USER postgres PASSWORD 'migrate-test-pw'" >/dev/null
    echo "MIGRATE_TEST_PG_URL='postgresql://postgres:migrate-test-pw@127.0.0.1:$PG_PORT/postgres'"
    echo "export MIGRATE_TEST_PG_URL"
  fi
  if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
    mkdir -p "$dir/my"
    user=$(id -un)
    [ "$user" = root ] && { chown mysql "$dir/my" 2>/dev/null || true; user=mysql; }
    mariadb-install-db --no-defaults --datadir="$dir/my/data" --user="$user" \
      --auth-root-authentication-method=normal >"$dir/my-init.log" 2>&1
    tries=0
    while :; do
      /usr/sbin/mariadbd --no-defaults --datadir="$dir/my/data" --user="$user" \
        --port="$MY_PORT" --bind-address=127.0.0.1 --socket="$dir/my/sock" \
        --pid-file="$dir/my/mariadb.pid" --innodb-flush-log-at-trx-commit=0 \
        --skip-log-bin --log-error="$dir/my/log.err" >/dev/null 2>&1 &
      mypid=$!
      i=0
      until mariadb --no-defaults -S "$dir/my/sock" -uroot -e "SELECT 1" \
          >/dev/null 2>&1; do
        kill -0 "$mypid" 2>/dev/null || break   # it stopped: see its log
        i=$((i + 1)); [ $i -gt 300 ] && { echo "mariadb did not start" >&2; exit 1; }
        sleep 0.1
      done
      kill -0 "$mypid" 2>/dev/null && break
      tries=$((tries + 1))
      # the port was taken after the probe: the next one (see PostgreSQL)
      if [ $tries -lt 20 ] && grep -q "already in use\|Can't start server" "$dir/my/log.err"; then
        : >"$dir/my/log.err"
        MY_PORT=$(free_port $((MY_PORT + 1)))
        continue
      fi
      cat "$dir/my/log.err" >&2; echo "mariadb did not start" >&2; exit 1
    done
    mariadb --no-defaults -S "$dir/my/sock" -uroot -e "
      CREATE USER 'migrate'@'127.0.0.1' IDENTIFIED BY 'migrate-test-pw';
      GRANT ALL ON *.* TO 'migrate'@'127.0.0.1' WITH GRANT OPTION;
      CREATE USER 'migrate'@'localhost' IDENTIFIED BY 'migrate-test-pw';
      GRANT ALL ON *.* TO 'migrate'@'localhost' WITH GRANT OPTION;
      CREATE DATABASE migrate_test;"
    echo "MIGRATE_TEST_MARIADB_URL='mariadb://migrate:migrate-test-pw@127.0.0.1:$MY_PORT/migrate_test'"
    echo "export MIGRATE_TEST_MARIADB_URL"
  fi
  echo "MIGRATE_TEST_DIR='$dir'; export MIGRATE_TEST_DIR"
}

stop() {
  dir=$1
  [ -n "$dir" ] && [ -d "$dir" ] || exit 0
  for f in "$dir/pg.pid" "$dir/my/mariadb.pid"; do
    [ -f "$f" ] || continue
    pid=$(head -1 "$f")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "$1" in
  start) start ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
