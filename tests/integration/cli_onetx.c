/* cli_onetx.c - issue 9: `upgrade --one-transaction` (and the config key
 * transaction_per_revision = false) runs the whole plan in ONE
 * transaction: a failure anywhere rolls every revision of the run back and
 * the database stays at the revision it started at; a plan with a
 * `transaction: off` revision, or a dialect without transactional DDL,
 * falls back to a transaction per revision with a warning; offline
 * `--sql --one-transaction` writes one BEGIN/COMMIT around the script.
 * Loop tests run once per dialect: 0 SQLite, 1 PostgreSQL (skipped when
 * MIGRATE_TEST_PG_URL is not set). Every state is read back with sqlite3
 * or psql. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"
#include "suites.h"

static void setup(void) { project_enter(); }

static void teardown(void) { dialect_teardown(); }

/* Three good revisions: tables a, b, c. */
static void
three_revisions(void)
{
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER PRIMARY KEY);",
             "DROP TABLE a;");
    step_revision("r2", "r1", "", "CREATE TABLE b (id INTEGER PRIMARY KEY, "
             "a_id INTEGER REFERENCES a (id));\n"
             "CREATE INDEX ix_b_a_id ON b (a_id);", "DROP TABLE b;");
    step_revision("r3", "r2", "", "CREATE TABLE c (id INTEGER PRIMARY KEY);",
             "DROP TABLE c;");
}

/* The statement on line 7 of r4 fails (no such table). */
static void
failing_r4(void)
{
    step_revision("r4", "r3", "", "CREATE TABLE d (id INTEGER PRIMARY KEY);\n"
             "INSERT INTO no_such_table (id) VALUES (1);",
             "DROP TABLE d;");
}

START_TEST(test_onetx_upgrade_downgrade)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    three_revisions();
    r = migrate("upgrade head --one-transaction");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r2 -> r3");
    ck_not_contains(r.err, "warning");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(d, dialect_table_count_sql(d, "c"), "1");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'upgrade' AND duration_ms IS NOT NULL AND "
                     "length(checksum) = 64", "3");
    if (d == POSTGRESQL) /* now() is the transaction's start: one for all */
        ck_dialect_value(d, "SELECT count(DISTINCT applied_at) FROM "
                 "migrate_version_log", "1");
    r = migrate("downgrade r1 --one-transaction");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running downgrade r2 -> r1");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(d, dialect_table_count_sql(d, "b"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "a"), "1");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'downgrade'", "2");
}
END_TEST

/* transaction_per_revision = false in migrate.ini does the same. */
START_TEST(test_onetx_config_key)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, "transaction_per_revision = false\n"))
        return;
    three_revisions();
    failing_r4();
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.err, "rolled back");
    run_free(&r);
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version", "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "a"), "0");
    r = shell("sed -i 's/= false/= maybe/' migrate.ini && $MIGRATE_BIN "
              "upgrade head");
    ck_run_status(r, 2);
    ck_contains(r.err, "invalid transaction_per_revision 'maybe'");
    run_free(&r);
}
END_TEST

/* A failing statement in the last revision: every revision of the run is
 * rolled back, the database stays where it started, the message names
 * the file and line. */
START_TEST(test_onetx_failure_rolls_back)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    three_revisions();
    failing_r4();
    r = migrate("upgrade r1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head --one-transaction");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrations/versions/r4_step.sql:7: ");
    ck_contains(r.err, "no_such_table");
    ck_contains(r.err, "rolled back: no revision of this run was applied "
                "and the database stays at r1");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(d, dialect_table_count_sql(d, "a"), "1");
    ck_dialect_value(d, dialect_table_count_sql(d, "b"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "c"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "d"), "0");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log", "1");
    /* from base: nothing at all, not even the first revision */
    r = migrate("downgrade base");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head --one-transaction");
    ck_run_status(r, 3);
    ck_contains(r.err, "the database stays at base");
    run_free(&r);
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version", "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "a"), "0");
    /* without the option the same failure keeps r1..r3 */
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r3");
}
END_TEST

/* A `transaction: off` revision in the plan: warn and run one transaction
 * per revision, so a later failure keeps the revisions before it. */
START_TEST(test_onetx_fallback_transaction_off)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER PRIMARY KEY);",
             "DROP TABLE a;");
    step_revision("r2", "r1", "-- transaction: off\n",
             "CREATE TABLE b (id INTEGER PRIMARY KEY);", "DROP TABLE b;");
    step_revision("r3", "r2", "", "CREATE TABLE c (id INTEGER PRIMARY KEY);\n"
             "INSERT INTO no_such_table (id) VALUES (1);", "DROP TABLE c;");
    r = migrate("upgrade head --one-transaction");
    ck_run_status(r, 3);
    ck_contains(r.err, "--one-transaction: revision r2 "
                "(migrations/versions/r2_step.sql) is marked 'transaction: "
                "off'; running one transaction per revision instead");
    ck_contains(r.err, "migrations/versions/r3_step.sql:7: ");
    ck_not_contains(r.err, "rolled back");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r2");
    ck_dialect_value(d, dialect_table_count_sql(d, "b"), "1");
    ck_dialect_value(d, dialect_table_count_sql(d, "c"), "0");
}
END_TEST

/* MariaDB commits DDL by itself: the option falls back with a warning. */
START_TEST(test_onetx_fallback_mariadb)
{
    run_result r;
    char *v;

    if (!dialect_project(MARIADB, NULL))
        return;
    three_revisions();
    r = migrate("upgrade head --one-transaction");
    ck_run_status(r, 0);
    ck_contains(r.err, "--one-transaction: mariadb commits DDL statements "
                "implicitly");
    run_free(&r);
    v = server_value(&servers[1], "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r3");
    free(v);
}
END_TEST

static int
count_lines(const char *text, const char *line)
{
    size_t n = strlen(line);
    int k = 0;
    const char *p = text;

    while ((p = strstr(p, line)) != NULL) {
        if ((p == text || p[-1] == '\n') && p[n] == '\n')
            k++;
        p += n;
    }
    return k;
}

/* Offline: one BEGIN/COMMIT around everything, and the script works. */
START_TEST(test_onetx_offline_sql)
{
    run_result r;

    if (!dialect_project(SQLITE, NULL))
        return;
    three_revisions();
    r = migrate("upgrade head --sql --one-transaction");
    ck_run_status(r, 0);
    ck_assert_int_eq(count_lines(r.out, "BEGIN;"), 1);
    ck_assert_int_eq(count_lines(r.out, "COMMIT;"), 1);
    ck_assert_msg(strstr(r.out, "BEGIN;") < strstr(r.out, "CREATE TABLE a"),
                  "BEGIN after the first statement:\n%s", r.out);
    ck_assert_msg(strstr(r.out, "COMMIT;") > strstr(r.out, "CREATE TABLE c"),
                  "COMMIT before the last statement:\n%s", r.out);
    write_file("up.sql", r.out);
    run_free(&r);
    r = migrate("upgrade head --sql");
    ck_run_status(r, 0);
    ck_assert_int_eq(count_lines(r.out, "BEGIN;"), 3);
    run_free(&r);
    r = shell("sqlite3 -bail app.db '.read up.sql'");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(SQLITE, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(SQLITE, "SELECT count(*) FROM migrate_version_log", "3");
    /* a transaction: off revision: per revision, with a warning */
    step_revision("r4", "r3", "-- transaction: off\n",
             "CREATE TABLE d (id INTEGER PRIMARY KEY);", "DROP TABLE d;");
    r = migrate("upgrade r3:head --sql --one-transaction");
    ck_run_status(r, 0);
    ck_contains(r.err, "is marked 'transaction: off'");
    ck_assert_int_eq(count_lines(r.out, "BEGIN;"), 1);
    run_free(&r);
}
END_TEST

Suite *
cli_onetx_suite(void)
{
    Suite *s = suite_create("cli_onetx");
    TCase *tc = tcase_create("one_transaction");

    tcase_set_timeout(tc, 180);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_onetx_upgrade_downgrade, 0, 2);
    tcase_add_loop_test(tc, test_onetx_config_key, 0, 2);
    tcase_add_loop_test(tc, test_onetx_failure_rolls_back, 0, 2);
    tcase_add_loop_test(tc, test_onetx_fallback_transaction_off, 0, 2);
    tcase_add_test(tc, test_onetx_fallback_mariadb);
    tcase_add_test(tc, test_onetx_offline_sql);
    suite_add_tcase(s, tc);
    return s;
}
