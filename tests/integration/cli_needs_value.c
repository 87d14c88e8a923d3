/* cli_needs_value.c - a NOT NULL column without a default, added or
 * dropped, is handled the same way on every dialect (issue 19 item 5):
 * `revision --autogenerate` writes the revision (SQLite no longer refuses
 * it), flags each section that would need a value for the rows a table
 * already has, in the file and on stderr, and the revision runs both ways
 * on a table without rows. Loop index: 0 SQLite, 1 PostgreSQL,
 * 2 MariaDB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

#define ADVICE "has no default; give it one, or add it NULL, fill it, " \
    "then make it NOT NULL"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* `migrate args` must exit 0; its stderr is freed. */
static void
ok(const char *args)
{
    run_result r = migrate("%s", args);

    ck_run_status(r, 0);
    run_free(&r);
}

START_TEST(test_not_null_without_default)
{
    run_result r;
    char *text;

    if (!dialect_project(_i, NULL))
        return;
    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, "
               "a TEXT, gone INTEGER NOT NULL);\n");
    ok("revision --autogenerate -m one --rev-id r1");
    ok("upgrade head");

    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, "
               "a TEXT, b INTEGER NOT NULL);\n");
    r = migrate("revision --autogenerate -m two --rev-id r2");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err,
        "migrate: warning: the upgrade needs a value for existing rows: "
        "new NOT NULL column t.b " ADVICE "\n"
        "migrate: warning: the downgrade needs a value for existing rows: "
        "new NOT NULL column t.gone " ADVICE "\n"
        /* a drop and an add of one type may be a rename (issue 22) */
        "migrate: hint: t.b is added and t.gone dropped, of the same type: "
        "if it is a rename, write '-- migrate: renamed from gone' on the "
        "line of column b in the model to keep the data\n");
    run_free(&r);
    text = read_file("migrations/versions/r2_two.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- +upgrade\n-- WARNING: needs a value for existing "
                "rows: new NOT NULL column t.b " ADVICE "\n");
    ck_contains(text, "-- +downgrade\n-- WARNING: needs a value for "
                "existing rows: new NOT NULL column t.gone " ADVICE "\n");
    free(text);

    /* on a table without rows it runs both ways, on every dialect */
    ok("upgrade head");
    ok("check");
    ok("downgrade -1");
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_contains(r.out, "gone");
    ck_not_contains(r.out, " b INTEGER");
    run_free(&r);
}
END_TEST

Suite *
cli_needs_value_suite(void)
{
    Suite *s = suite_create("cli_needs_value");
    TCase *tc = tcase_create("not_null");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_not_null_without_default, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
