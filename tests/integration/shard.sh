#!/bin/sh
# shard.sh K/N: every N-th integration suite from the K-th (check_cli.c),
# but cli_realschema, which runs as a process of its own
# (realschema.sh); shard1.sh ... shard4.sh are its four calls, which make
# check runs at once with the unit processes.
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
MIGRATE_TEST_SHARD=$1 \
    MIGRATE_TEST_EXCLUDE="${MIGRATE_TEST_EXCLUDE:+$MIGRATE_TEST_EXCLUDE,}cli_realschema" \
    "$MIGRATE_CHECK_CLI"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
