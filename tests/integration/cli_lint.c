/* cli_lint.c - `migrate lint` as a user runs it (issue 23): which
 * revisions it reads (the ones the database has not applied; --all;
 * named ones; those a git branch adds over --base REF), the report in
 * text, --json and --format github, exit 1 on an error-level finding and
 * 0 otherwise, usage errors with exit 2, and the dialect's rules chosen
 * by the configured database (SQLite, PostgreSQL and MariaDB; loop index
 * 0, 1, 2 for the last test); and `upgrade --dry-run`, which prints the
 * plan with the same findings; and `check --roundtrip`, the
 * reversibility proof. Nothing is written to the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    project_enter();
}

static void teardown(void) { dialect_teardown(); }

/* r1 creates users and indexes it; r2 drops a column and builds an index
 * on the existing table. */
static void
two_revisions(void)
{
    project_init();
    write_revision("r1", "", NULL,
                   "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, "
                   "legacy TEXT);\n"
                   "CREATE INDEX ix_users_email ON users (email);",
                   "DROP TABLE users;");
    write_revision("r2", "r1", NULL,
                   "ALTER TABLE users DROP COLUMN legacy;\n"
                   "CREATE INDEX ix_users_id ON users (id);",
                   "ALTER TABLE users ADD COLUMN legacy TEXT;");
}

static run_result
lint(int want, const char *args)
{
    run_result r = migrate("lint %s", args);

    ck_run_status(r, want);
    return r;
}

START_TEST(test_lint_pending_only)
{
    run_result r;
    char *before;

    two_revisions();
    /* nothing applied: both read; r1 alone fires nothing */
    r = lint(1, "");
    ck_assert_str_eq(r.out,
        "migrations/versions/r2_r2.sql:7: error[drop-column]: drops column "
        "users.legacy\n"
        "    stop reading the column in one release, drop it in a later "
        "revision\n"
        "lint: 2 revisions, 1 error, 0 warnings\n");
    run_free(&r);
    r = migrate("upgrade r1");
    ck_run_status(r, 0);
    run_free(&r);
    before = db_snapshot("app.db");
    /* r1 applied: only r2 is read, and the database is left alone */
    r = lint(1, "");
    ck_contains(r.out, "lint: 1 revision, 1 error, 0 warnings\n");
    run_free(&r);
    {
        char *after = db_snapshot("app.db");
        ck_assert_str_eq(after, before);
        free(after);
    }
    /* upgrade --dry-run: the plan, each statement's risk, nothing run */
    r = migrate("upgrade --dry-run");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out,
        "would apply r2 (migrations/versions/r2_r2.sql)\n"
        "    line 7: error[drop-column]: drops column users.legacy (users: "
        "~0 rows, 8.0 KiB)\n"
        "      risk: ALTER TABLE ... DROP COLUMN: the column's values are "
        "gone, and the application version still running may read it\n"
        "      instead: stop reading the column in one release, drop it in "
        "a later revision\n"
        "dry run: 1 revision, 1 error, 0 warnings; nothing was run\n");
    run_free(&r);
    {
        char *after = db_snapshot("app.db");
        ck_assert_str_eq(after, before);
        free(after);
    }
    free(before);
    r = migrate("upgrade --dry-run --sql");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: --dry-run needs a connection: it "
                     "cannot be combined with --sql\n");
    run_free(&r);
    r = lint(1, "--all");
    ck_contains(r.out, "lint: 2 revisions,");
    run_free(&r);
    r = lint(0, "r1");
    ck_assert_str_eq(r.out, "lint: 1 revision, 0 errors, 0 warnings\n");
    run_free(&r);
}
END_TEST

START_TEST(test_lint_ignore_and_formats)
{
    run_result r;

    project_init();
    write_revision("r1", "", NULL,
                   "-- migrate: lint-ignore drop-table archived in r0\n"
                   "DROP TABLE old_users;",
                   "CREATE TABLE old_users (id INTEGER);");
    /* silenced: exit 0, and the finding is still listed with its reason */
    r = lint(0, "");
    ck_assert_str_eq(r.out,
        "migrations/versions/r1_r1.sql:8: ignored error[drop-table]: drops "
        "table old_users (archived in r0)\n"
        "lint: 1 revision, 0 errors, 0 warnings\n");
    run_free(&r);
    r = lint(0, "--json");
    ck_json(r.out, "d['ok'] is True and d['revisions'] == 1 and "
            "d['findings'][0]['rule'] == 'drop-table' and "
            "d['findings'][0]['ignored'] == 'archived in r0' and "
            "d['findings'][0]['line'] == 8 and "
            "d['findings'][0]['severity'] == 'error'");
    run_free(&r);
    write_revision("r2", "r1", NULL, "DROP TABLE sessions;",
                   "CREATE TABLE sessions (id INTEGER);");
    r = lint(1, "--format github");
    ck_assert_str_eq(r.out,
        "::error file=migrations/versions/r2_r2.sql,line=7,title=migrate "
        "lint drop-table::drops table sessions. stop using the table in one "
        "release, drop it in a later revision\n");
    run_free(&r);
    r = lint(1, "--json r2");
    ck_json(r.out, "d['ok'] is False and len(d['findings']) == 1 and "
            "d['findings'][0]['file'] == 'migrations/versions/r2_r2.sql'");
    run_free(&r);
}
END_TEST

START_TEST(test_lint_usage_errors)
{
    run_result r;

    two_revisions();
    r = lint(2, "--format xml");
    ck_assert_str_eq(r.err, "migrate: unknown --format 'xml' (expected text "
                     "or github)\n");
    run_free(&r);
    r = lint(2, "nosuch");
    ck_contains(r.err, "nosuch");
    run_free(&r);
    r = lint(2, "--all r1");
    ck_assert_str_eq(r.err, "migrate: give revisions, --base REF or --all, "
                     "not several\n");
    run_free(&r);
    r = lint(2, "--json --format github");
    run_free(&r);
    r = lint(0, "--list-rules");
    ck_contains(r.out, "| rule | severity | dialects | fires on | advice |\n");
    ck_contains(r.out, "| `index-not-concurrent` | warning | postgresql |");
    ck_contains(r.out, "| `alter-copies-table` | warning | mariadb |");
    run_free(&r);
}
END_TEST

START_TEST(test_lint_base_ref)
{
    run_result r;

    r = shell("git init -q -b main && git config user.email t@t && "
              "git config user.name t && git config commit.gpgsign false");
    ck_run_status(r, 0);
    run_free(&r);
    project_init();
    write_revision("r1", "", NULL, "DROP TABLE a;", "CREATE TABLE a (x INT);");
    r = shell("git add -A && git commit -q -m base && "
              "git checkout -q -b feature");
    ck_run_status(r, 0);
    run_free(&r);
    write_revision("r2", "r1", NULL, "CREATE TABLE b (x INT);",
                   "DROP TABLE b;");
    /* r1 is on main: only r2, which is clean */
    r = lint(0, "--base main");
    ck_assert_str_eq(r.out, "lint: 1 revision, 0 errors, 0 warnings\n");
    run_free(&r);
    r = lint(2, "--base no-such-ref");
    ck_contains(r.err, "no-such-ref");
    run_free(&r);
}
END_TEST

/* The configured database picks the rules: an index on an existing table
 * blocks writes on PostgreSQL only; a copying ALTER is MariaDB's. And
 * each finding says how big its table is, from the catalog's statistics
 * (5,000 rows loaded with the native client, then analysed). */
static const char *const fill_sql[3] = {
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
    "WHERE x < 5000) INSERT INTO t (id, c) SELECT x, x FROM n;\n",
    "INSERT INTO t (id, c) SELECT x, x FROM generate_series(1, 5000) x;\n"
    "ANALYZE t;\n",
    "SET SESSION max_recursive_iterations = 10000;\n"
    "INSERT INTO t (id, c) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL "
    "SELECT x + 1 FROM n WHERE x < 5000) SELECT x, x FROM n;\n"
    "ANALYZE TABLE t;\n",
};

START_TEST(test_lint_dialect_rules)
{
    run_result r;

    if (!dialect_project(_i, NULL))
        return;
    step_revision("r1", "", "",
                  "CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER);",
                  "DROP TABLE t;");
    step_revision("r2", "r1", "",
                  "CREATE INDEX ix_t_c ON t (c);\n"
                  "ALTER TABLE t ADD PRIMARY KEY (c);\n"
                  "ALTER TABLE t DROP COLUMN c;",
                  "DROP INDEX ix_t_c;");
    r = migrate("upgrade r1");
    ck_run_status(r, 0);
    run_free(&r);
    write_file("fill.sql", fill_sql[_i]);
    ck_assert_int_eq(dialect_run_file(_i, "fill.sql"), 0);
    r = lint(1, "");
    ck_contains(r.out, "lint: 1 revision, 1 error,");
    ck_contains(r.out, ":8: error[drop-column]: drops column t.c (t: ~");
    if (_i == 1)
        ck_contains(r.out, ":6: warning[index-not-concurrent]: builds an "
                    "index on t and blocks its writes (t: ~");
    else
        ck_not_contains(r.out, "index-not-concurrent");
    if (_i == 2)
        ck_contains(r.out, ":7: warning[alter-copies-table]: alters t in a "
                    "way that copies the table (t: ~");
    else
        ck_not_contains(r.out, "alter-copies-table");
    run_free(&r);
    /* the numbers: exact on SQLite and PostgreSQL after ANALYZE, InnoDB's
     * estimate on MariaDB */
    r = lint(1, "--json");
    ck_json(r.out, _i == MARIADB
            ? "[f for f in d['findings'] if f['rule'] == 'drop-column'][0]"
              "['table'] == 't' and 2500 <= [f for f in d['findings'] if "
              "f['rule'] == 'drop-column'][0]['rows'] <= 10000 and "
              "[f for f in d['findings'] if f['rule'] == 'drop-column'][0]"
              "['bytes'] > 0"
            : "[f for f in d['findings'] if f['rule'] == 'drop-column'][0]"
              "['table'] == 't' and [f for f in d['findings'] if "
              "f['rule'] == 'drop-column'][0]['rows'] == 5000 and "
              "[f for f in d['findings'] if f['rule'] == 'drop-column'][0]"
              "['bytes'] > 0");
    run_free(&r);
}
END_TEST

/* A revision with sections for several dialects is read once per
 * dialect, each section as its dialect runs it, and each finding names
 * its dialect; --dialect reads one. No database is needed. */
START_TEST(test_lint_multidialect_sections)
{
    run_result r;

    project_init();
    write_revision("r1", "", NULL,
                   "CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT);",
                   "DROP TABLE t;");
    write_file("migrations/versions/r2_x.sql",
               "-- revision: r2\n-- down_revision: r1\n-- message: x\n"
               "-- dialect: sqlite, postgresql\n\n"
               "-- +upgrade sqlite\nALTER TABLE t DROP COLUMN c;\n\n"
               "-- +downgrade sqlite\nALTER TABLE t ADD COLUMN c TEXT;\n\n"
               "-- +upgrade postgresql\nCREATE INDEX ix_t_c ON t (c);\n\n"
               "-- +downgrade postgresql\nDROP INDEX ix_t_c;\n");
    r = lint(1, "r2");
    ck_assert_str_eq(r.out,
        "migrations/versions/r2_x.sql:7: error[drop-column] (sqlite): drops "
        "column t.c\n"
        "    stop reading the column in one release, drop it in a later "
        "revision\n"
        "migrations/versions/r2_x.sql:13: warning[index-not-concurrent] "
        "(postgresql): builds an index on t and blocks its writes\n"
        "    CREATE INDEX CONCURRENTLY in a revision with 'transaction: "
        "off'\n"
        "lint: 1 revision, 1 error, 1 warning\n");
    run_free(&r);
    r = lint(0, "--dialect postgresql --json r2");
    ck_json(r.out, "d['revisions'] == 1 and len(d['findings']) == 1 and "
            "d['findings'][0]['dialect'] == 'postgresql' and "
            "d['findings'][0]['rule'] == 'index-not-concurrent'");
    run_free(&r);
}
END_TEST

/* check --roundtrip: a downgrade that forgets an index is caught on every
 * dialect, at the downgrade's line, naming the index; the fixed one
 * passes; `roundtrip = true` in migrate.ini does the same. */
static const char *const drop_index_sql[3] = {
    "DROP INDEX ix_t_id_c;\n",
    "DROP INDEX ix_t_id_c;\n",
    "DROP INDEX ix_t_id_c ON t;\n",
};

START_TEST(test_check_roundtrip)
{
    char down[256];
    run_result r;

    if (!dialect_project(_i, NULL))
        return;
    step_revision("r1", "", "",
                  "CREATE TABLE t (id INTEGER NOT NULL, c INTEGER, "
                  "PRIMARY KEY (id));",
                  "DROP TABLE t;");
    step_revision("r2", "r1", "",
                  "CREATE INDEX ix_t_id_c ON t (id, c);\n"
                  "ALTER TABLE t ADD COLUMN d INTEGER;",
                  "ALTER TABLE t DROP COLUMN d;");
    r = migrate("inspect --from migrations");
    ck_run_status(r, 0);
    write_file("models.sql", r.out);
    run_free(&r);
    r = migrate("check --no-db");
    ck_run_status(r, 0);
    run_free(&r);
    /* the downgrade forgets the index: r2's downgrade starts on line 10 */
    r = migrate("check --no-db --roundtrip");
    ck_run_status(r, 1);
    ck_contains(r.out, "migrations/versions/r2_step.sql:10: revision r2: "
                "after its downgrade, the schema is not the one before its "
                "upgrade: drop index ix_t_id_c on t\n");
    run_free(&r);
    /* the setting does the same */
    r = shell("sed -i 's/^\\[migrate\\]$/[migrate]\\nroundtrip = true/' "
              "migrate.ini && grep -q '^roundtrip = true$' migrate.ini");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("check --no-db");
    ck_run_status(r, 1);
    ck_contains(r.out, "drop index ix_t_id_c on t");
    run_free(&r);
    /* fixed: it passes */
    snprintf(down, sizeof(down), "%sALTER TABLE t DROP COLUMN d;",
             drop_index_sql[_i]);
    step_revision("r2", "r1", "",
                  "CREATE INDEX ix_t_id_c ON t (id, c);\n"
                  "ALTER TABLE t ADD COLUMN d INTEGER;", down);
    r = migrate("check --no-db");
    ck_run_status(r, 0);
    run_free(&r);
}
END_TEST

Suite *
cli_lint_suite(void)
{
    Suite *s = suite_create("cli_lint");
    TCase *tc = tcase_create("lint");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_lint_pending_only);
    tcase_add_test(tc, test_lint_ignore_and_formats);
    tcase_add_test(tc, test_lint_usage_errors);
    tcase_add_test(tc, test_lint_base_ref);
    tcase_add_test(tc, test_lint_multidialect_sections);
    tcase_add_loop_test(tc, test_lint_dialect_rules, 0, 3);
    tcase_add_loop_test(tc, test_check_roundtrip, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
