#!/bin/sh
# cli_realschema, the longest integration suite, in a process of its own
# (shard.sh runs the others); none when MIGRATE_TEST_EXCLUDE names it.
# how long it took, in its log: what CI's time is made of
start=$(date +%s)
CK_RUN_SUITE=cli_realschema "$MIGRATE_CHECK_CLI"
rc=$?
echo "took $(( $(date +%s) - start )) s"
exit $rc
