#!/bin/sh
# The property suite's PostgreSQL cases, in a process of their own
# (unit_rest.sh runs the other unit suites, property_mariadb.sh the
# MariaDB cases beside this one).
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
CK_RUN_SUITE=property CK_RUN_CASE=postgresql "$MIGRATE_CHECK_UNIT"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
