#!/bin/sh
# The property suite's PostgreSQL cases, in a process of their own
# (unit_rest.sh runs the other unit suites, property_mariadb.sh the
# MariaDB cases beside this one).
CK_RUN_SUITE=property CK_RUN_CASE=postgresql exec "$MIGRATE_CHECK_UNIT"
