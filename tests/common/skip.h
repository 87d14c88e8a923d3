/* skip.h - honest skips. A test that cannot run here (its server is not
 * configured) calls test_skip and returns: the runner lists it as
 * skipped instead of counting it as passed, and where the servers must be
 * there (MIGRATE_TEST_REQUIRE_SERVERS set, as CI sets it) the skip fails
 * the test instead. */
#ifndef TESTS_COMMON_SKIP_H
#define TESTS_COMMON_SKIP_H

/* Record the running test as skipped, saying why ("no PostgreSQL server
 * (MIGRATE_TEST_PG_URL)"); fails the test when servers are required. */
void test_skip(const char *why);

/* Before srunner_run_all: where the (forked) tests write their skips. */
void test_skips_begin(void);

/* After it: print each skip and a "Skipped: N" line; returns N. */
int test_skips_report(void);

/* 1 when the suite named name is listed in MIGRATE_TEST_EXCLUDE (names
 * separated by spaces or commas): the runners leave it out. Check itself
 * has no such variable (only CK_RUN_SUITE, one suite to run). */
int test_suite_excluded(const char *name);

#endif
