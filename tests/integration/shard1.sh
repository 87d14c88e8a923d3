#!/bin/sh
# Half of the integration suites (check_cli.c): make check runs both
# halves at once.
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
MIGRATE_TEST_SHARD=1/2 "$MIGRATE_CHECK_CLI"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
