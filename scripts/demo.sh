#!/bin/sh
# The README demo on SQLite: init, two revisions, upgrade head, history,
# current, downgrade -1. Uses the migrate built in this tree (or $MIGRATE).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
M=${MIGRATE:-$top/bin/migrate}
demo=$(mktemp -d /tmp/migrate-demo.XXXXXX)
cd "$demo"
say() { printf '\n$ migrate %s\n' "$*"; "$M" "$@"; }

say init .
say revision -m "create users" --rev-id 0001
sed -i 's/^-- +upgrade$/-- +upgrade\nCREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);/; s/^-- +downgrade$/-- +downgrade\nDROP TABLE users;/' migrations/versions/0001_create_users.sql
say revision -m "create posts" --rev-id 0002
sed -i 's/^-- +upgrade$/-- +upgrade\nCREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title VARCHAR(200) NOT NULL);\nCREATE INDEX ix_posts_user_id ON posts (user_id);/; s/^-- +downgrade$/-- +downgrade\nDROP INDEX ix_posts_user_id;\nDROP TABLE posts;/' migrations/versions/0002_create_posts.sql
printf '\n$ cat migrations/versions/0002_create_posts.sql\n'
cat migrations/versions/0002_create_posts.sql
say upgrade head
say history
say current
printf '\n$ sqlite3 app.db .tables\n'
sqlite3 app.db .tables
say downgrade -1
say current
printf '\n$ sqlite3 app.db .tables\n'
sqlite3 app.db .tables
cd /
rm -rf "$demo"
