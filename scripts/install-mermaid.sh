#!/bin/sh
# Install Mermaid (its own parser, from the npm registry) into DIR for the
# erd tests (tests/integration/cli_diagram.c, test_erd_mermaid_parses):
# sh scripts/install-mermaid.sh DIR, then MIGRATE_MERMAID_DIR=DIR make
# check. Fails (exit 1) without npm or the registry; the tests then fall
# back to the golden files.
set -e
dir=${1:?usage: install-mermaid.sh DIR}
command -v npm >/dev/null 2>&1 || { echo "install-mermaid: no npm" >&2; exit 1; }
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"private": true}' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --silent mermaid@11 >&2
