#!/bin/sh
# Every unit suite but the property suite. The property suite is the
# longest unit run: make check runs it as two more processes
# (property_sqlite.sh, property_servers.sh) beside this one and the
# integration shards.
MIGRATE_TEST_EXCLUDE=property exec "$MIGRATE_CHECK_UNIT"
