#!/bin/sh
# The property suite's SQLite cases, in a process of their own
# (unit_rest.sh runs the other unit suites).
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
CK_RUN_SUITE=property CK_RUN_CASE=sqlite "$MIGRATE_CHECK_UNIT"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
