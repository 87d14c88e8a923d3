#!/bin/bash
# Run the migrate commands of a whole SQLite session under valgrind's
# memcheck (and, where the test servers are up, an upgrade on PostgreSQL
# and MariaDB) and fail on any memory error or leak. Usage:
#   bash scripts/valgrind-smoke.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd)
command -v valgrind >/dev/null || { echo "valgrind-smoke: valgrind is not installed" >&2; exit 2; }
work=$(mktemp -d /tmp/migrate-vg.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
# libtool's wrapper runs the real binary with the in-tree library
M="$build/libtool --mode=execute valgrind --quiet --error-exitcode=99 \
  --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect $build/bin/migrate"
runs=0
vg() {
  set +e
  $M "$@" >"$work/out" 2>"$work/err"
  rc=$?
  set -e
  runs=$((runs + 1))
  if [ $rc -eq 99 ] || grep -q "==[0-9]*== ERROR SUMMARY: [1-9]" "$work/err"; then
    echo "valgrind-smoke: memory errors in: migrate $*"; cat "$work/err"; exit 1
  fi
}
vg init proj
cd proj
vg revision -m "create users" --rev-id r1
sed -i 's/^-- +upgrade$/-- +upgrade\nCREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);/; s/^-- +downgrade$/-- +downgrade\nDROP TABLE users;/' migrations/versions/r1_create_users.sql
vg revision -m "second" --rev-id r2
vg upgrade head --echo
vg current --json
vg history -v
vg heads --json
vg show r1
vg stamp r1
vg upgrade head
vg downgrade -1
vg upgrade --sql
vg downgrade r2:base --sql
vg upgrade head
vg revision --autogenerate -m auto --rev-id r3
vg upgrade head
vg check
vg diff --from migrations --to models
vg inspect --format json
vg inspect
vg upgrade nosuch || true
vg --url "postgresql://u:secret@127.0.0.1:1/x" current || true
for var in MIGRATE_TEST_PG_URL MIGRATE_TEST_MARIADB_URL; do
  url=${!var:-}
  [ -n "$url" ] || continue
  vg --url "$url" current
done
echo "valgrind-smoke: $runs runs, no memory errors or leaks"
