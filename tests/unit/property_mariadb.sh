#!/bin/sh
# The property suite's MariaDB cases, in a process of their own
# (unit_rest.sh runs the other unit suites, property_postgresql.sh the
# PostgreSQL cases beside this one).
CK_RUN_SUITE=property CK_RUN_CASE=mariadb exec "$MIGRATE_CHECK_UNIT"
