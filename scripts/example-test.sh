#!/bin/bash
# Build doc/runtime.md's example against an installed libmigrate and run
# it on SQLite, and on PostgreSQL and MariaDB when the test servers are up
# (MIGRATE_TEST_PG_URL, MIGRATE_TEST_MARIADB_URL); check each database with
# its own client.   Usage: scripts/example-test.sh BUILD_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/migrate-example.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. doc/runtime.md shows exactly examples/models.sql and examples/runtime.c.
readme_block() {  # the first fenced block of language $1 under "A complete program"
    awk -v lang="$1" '
        /^##+ A complete program/ { in_section = 1; next }
        in_section && !grab && /^##/ { exit }
        in_section && !done && $0 == "```" lang { grab = 1; next }
        grab && /^```$/ { grab = 0; done = 1; next }
        grab { print }' "$top/doc/runtime.md"
}
readme_block sql >"$work/models.sql"
readme_block c >"$work/runtime.c"
cmp -s "$work/models.sql" "$top/examples/models.sql" ||
    { echo "doc/runtime.md's models.sql differs from examples/models.sql"; exit 1; }
cmp -s "$work/runtime.c" "$top/examples/runtime.c" ||
    { echo "doc/runtime.md's program differs from examples/runtime.c"; exit 1; }

# 2. Install, then build the program with pkg-config only.
make -C "$build" install DESTDIR="$work/inst" >/dev/null
prefix=$(sed -n 's/^prefix=//p' "$build/libmigrate.pc")
export PKG_CONFIG_SYSROOT_DIR="$work/inst"
export PKG_CONFIG_PATH="$work/inst$prefix/lib/pkgconfig"
cc -Wall -Werror -o "$work/runtime" "$work/runtime.c" \
    $(pkg-config --cflags --libs libmigrate)
export LD_LIBRARY_PATH="$work/inst$prefix/lib"
"$work/inst$prefix/bin/migrate" --version >/dev/null

# 3. Run it; the output, the traced queries and the rows must all be there.
run() {  # run URL NAME CLIENT-COMMAND...
    local url=$1 name=$2
    shift 2
    "$work/runtime" "$url" "$work/models.sql" >"$work/out" 2>"$work/err" ||
        { cat "$work/err"; echo "example: $name: failed"; exit 1; }
    grep -qx 'Notes on the engine by Ada' "$work/out" ||
        { cat "$work/out"; echo "example: $name: wrong output"; exit 1; }
    grep -q '^.*runtime\.c:[0-9][0-9]* .*INSERT INTO' "$work/err" ||
        { cat "$work/err"; echo "example: $name: no query trace"; exit 1; }
    local rows
    rows=$("$@" "SELECT u.name, p.title FROM posts p JOIN users u ON u.id = p.user_id")
    [ "$rows" = "Ada|Notes on the engine" ] ||
        { echo "example: $name: database holds '$rows'"; exit 1; }
    echo "example: $name: ok"
}

run "sqlite:///$work/app.db" sqlite sqlite3 "$work/app.db"

if [ -n "${MIGRATE_TEST_PG_URL:-}" ]; then
    db=mg_example_$$
    base=${MIGRATE_TEST_PG_URL%/*}
    psql -qAt -v ON_ERROR_STOP=1 "$MIGRATE_TEST_PG_URL" -c "CREATE DATABASE $db"
    pg_rows() { psql -qAt -F'|' -v ON_ERROR_STOP=1 "$base/$db" -c "$1"; }
    run "$base/$db" postgresql pg_rows
    psql -qAt "$MIGRATE_TEST_PG_URL" -c "DROP DATABASE $db"
fi

if [ -n "${MIGRATE_TEST_MARIADB_URL:-}" ]; then
    db=mg_example_$$
    re='^[a-z]+://([^:@/]+):([^@/]*)@([^:/]+):([0-9]+)/([^?]*)'
    [[ $MIGRATE_TEST_MARIADB_URL =~ $re ]] ||
        { echo "example: cannot read MIGRATE_TEST_MARIADB_URL"; exit 1; }
    my() {
        MYSQL_PWD=${BASH_REMATCH[2]} mariadb --no-defaults -N -B \
            -u "${BASH_REMATCH[1]}" -h "${BASH_REMATCH[3]}" \
            -P "${BASH_REMATCH[4]}" "$@"
    }
    my -e "CREATE DATABASE $db"
    my_rows() { my "$db" -e "$1" | tr '\t' '|'; }
    base=${MIGRATE_TEST_MARIADB_URL%%\?*}
    run "${base%/*}/$db" mariadb my_rows
    my -e "DROP DATABASE $db"
fi
