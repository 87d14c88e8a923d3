/* testdb.h - databases for the unit tests that run SQL: a script run
 * statement by statement as the runtime splits it, a database emptied
 * through the library itself, and a fresh database on a test server. */
#ifndef TESTS_UNIT_TESTDB_H
#define TESTS_UNIT_TESTDB_H

#include "migrate.h"

/* Split sql as e's dialect does and run each statement; stops at the
 * first error. */
int testdb_exec_script(mg_engine *e, const char *sql, mg_error *err);

/* Drop every table of e's database (through inspect, compare, render). */
int testdb_reset(mg_engine *e, mg_error *err);

/* A fresh database <prefix>_<pid> beside the admin URL in env (dropped
 * first if it exists), *admin opened on that URL; its URL (free() it), or
 * NULL when env is not set. */
char *testdb_fresh(const char *env, const char *prefix, mg_engine **admin);

/* Drop <prefix>_<pid> and free admin. */
void testdb_drop(mg_engine *admin, const char *prefix);

#endif
