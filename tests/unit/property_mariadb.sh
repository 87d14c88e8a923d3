#!/bin/sh
# The property suite's MariaDB cases, in a process of their own
# (unit_rest.sh runs the other unit suites, property_postgresql.sh the
# PostgreSQL cases beside this one).
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
CK_RUN_SUITE=property CK_RUN_CASE=mariadb "$MIGRATE_CHECK_UNIT"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
