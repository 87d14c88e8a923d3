#!/bin/sh
# The property suite's PostgreSQL and MariaDB cases, in a process of their
# own (unit_rest.sh runs the other unit suites).
CK_RUN_SUITE=property CK_RUN_CASE=servers exec "$MIGRATE_CHECK_UNIT"
