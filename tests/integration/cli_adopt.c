/* cli_adopt.c - adopting and curating histories (issue 22) through the
 * real binary on every dialect, results read back with each database's
 * own client: `migrate baseline` on a database made natively (its models
 * and first revision written, the database stamped without running it,
 * check passing, the revision's downgrade and upgrade exact, refusal
 * when revisions exist). Loop index: 0 SQLite, 1 PostgreSQL, 2 MariaDB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

static void
ok(const char *cmd)
{
    run_result r = migrate("%s", cmd);

    ck_run_status(r, 0);
    run_free(&r);
}

/* A schema made with d's own client: two tables, a foreign key, an index
 * and a row in each table. */
static void
native_schema(int d)
{
    write_file("native.sql",
               "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, "
               "name VARCHAR(50) NOT NULL, email VARCHAR(100));\n"
               "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, "
               "user_id INTEGER NOT NULL, title VARCHAR(200), "
               "FOREIGN KEY (user_id) REFERENCES users (id));\n"
               "CREATE INDEX ix_posts_title ON posts (title);\n"
               "INSERT INTO users VALUES (1, 'ann', 'a@x');\n"
               "INSERT INTO posts VALUES (1, 1, 'hello');\n");
    ck_assert_int_eq(dialect_run_file(d, "native.sql"), 0);
}

START_TEST(test_baseline_adopts_database)
{
    const int d = _i;
    run_result r;
    char *text;

    if (!dialect_project(d, NULL))
        return;
    native_schema(d);
    r = migrate("baseline --rev-id base1");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Generating migrations/versions/"
                     "base1_baseline.sql ... done\nwrote models.sql\n"
                     "stamped: base1\n");
    run_free(&r);
    /* stamped, not run: the rows are still there */
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "base1");
    ck_dialect_value(d, "SELECT count(*) FROM posts", "1");
    text = read_file("models.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "CREATE TABLE");
    ck_contains(text, "ix_posts_title");
    free(text);
    text = read_file("migrations/versions/base1_baseline.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- down_revision: \n-- message: baseline\n");
    ck_contains(text, dialect_names[d]);
    free(text);
    ok("check");
    /* the downgrade drops everything, the upgrade builds it again */
    ok("downgrade base");
    ck_dialect_value(d, dialect_table_count_sql(d, "posts"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "users"), "0");
    ok("upgrade head");
    ck_dialect_value(d, dialect_table_count_sql(d, "posts"), "1");
    ok("check");
}
END_TEST

START_TEST(test_baseline_refuses_existing_history)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    native_schema(d);
    ok("baseline --rev-id base1");
    r = migrate("baseline --rev-id base2");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: the project already has 1 revision: "
                     "baseline starts a history (pass --force to add one "
                     "anyway)\n");
    run_free(&r);
    ck_assert_int_eq(path_exists("migrations/versions/base2_baseline.sql"),
                     0);
    r = migrate("baseline --force --rev-id base2 -m again");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert_int_eq(path_exists("migrations/versions/base2_again.sql"), 1);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "base2");
}
END_TEST

/* SQLite: the baseline builds a fresh database (as CI would) equal to the
 * adopted one. */
START_TEST(test_baseline_builds_fresh_database)
{
    run_result r;
    char *v;

    if (!dialect_project(SQLITE, NULL))
        return;
    native_schema(SQLITE);
    ok("baseline --rev-id base1");
    ok("--url sqlite:///fresh.db upgrade head");
    ok("--url sqlite:///fresh.db check");
    v = sqlite_value("fresh.db", "SELECT count(*) FROM sqlite_master WHERE "
                     "name IN ('users', 'posts', 'ix_posts_title')");
    ck_assert_str_eq(v, "3");
    free(v);
    r = migrate("diff --from db:sqlite:///fresh.db --to db");
    ck_run_status(r, 0);
    run_free(&r);
}
END_TEST

Suite *
cli_adopt_suite(void)
{
    Suite *s = suite_create("cli_adopt");
    TCase *tc = tcase_create("baseline");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_baseline_adopts_database, 0, 3);
    tcase_add_loop_test(tc, test_baseline_refuses_existing_history, 0, 3);
    tcase_add_test(tc, test_baseline_builds_fresh_database);
    suite_add_tcase(s, tc);
    return s;
}
