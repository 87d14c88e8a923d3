#!/bin/sh
# Install what migrate needs to build, test and run its test servers on
# Debian 12. Run as root. Pass --runtime-only to skip the test servers.
set -e
export DEBIAN_FRONTEND=noninteractive
pkgs="build-essential autoconf automake libtool pkg-config \
  libsqlite3-dev sqlite3 libinih-dev libmd-dev libssl-dev libpq-dev libmariadb-dev \
  libgit2-dev libgraphviz-dev check"
if [ "$1" != "--runtime-only" ]; then
  # tests: the servers, their clients, the git CLI that builds test
  # repositories, clang for fuzzing, valgrind, Alembic (import alembic
  # builds Alembic projects and reads their offline SQL)
  pkgs="$pkgs postgresql mariadb-server mariadb-client python3 git clang \
    valgrind alembic"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
