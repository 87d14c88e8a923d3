/* cli_sqlite.c - the migrate binary end to end on SQLite, checked with the
 * sqlite3 shell. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { project_leave(); }

START_TEST(test_cli_init_and_upgrade)
{
    run_result r = migrate("init .");
    char *v;

    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("revision -m 'create users' --rev-id r1");
    ck_run_status(r, 0);
    ck_contains(r.out, "migrations/versions/r1_create_users.sql");
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = sqlite_value("app.db", "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r1");
    free(v);
}
END_TEST

Suite *
cli_sqlite_suite(void)
{
    Suite *s = suite_create("cli_sqlite");
    TCase *tc = tcase_create("basics");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cli_init_and_upgrade);
    suite_add_tcase(s, tc);
    return s;
}
