#!/bin/sh
# Every unit suite but the property suite. The property suite is the
# longest unit run: make check runs it as three more processes
# (property_sqlite.sh, property_postgresql.sh, property_mariadb.sh)
# beside this one and the integration shards.
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
MIGRATE_TEST_EXCLUDE=property "$MIGRATE_CHECK_UNIT"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
