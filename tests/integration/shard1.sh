#!/bin/sh
# Half of the integration suites (check_cli.c): make check runs both
# halves at once.
MIGRATE_TEST_SHARD=1/2 exec "$MIGRATE_CHECK_CLI"
