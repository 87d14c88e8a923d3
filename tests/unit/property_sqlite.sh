#!/bin/sh
# The property suite's SQLite cases, in a process of their own
# (unit_rest.sh runs the other unit suites).
CK_RUN_SUITE=property CK_RUN_CASE=sqlite exec "$MIGRATE_CHECK_UNIT"
