#!/bin/sh
# Every unit suite but the property suite. The property suite is the
# longest unit run: make check runs it as three more processes
# (property_sqlite.sh, property_postgresql.sh, property_mariadb.sh)
# beside this one and the integration shards.
MIGRATE_TEST_EXCLUDE=property exec "$MIGRATE_CHECK_UNIT"
