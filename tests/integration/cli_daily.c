/* cli_daily.c - issue 17, what a daily user misses next to Alembic:
 * `stamp --sql` (offline, run by each database's own client afterwards),
 * `current` and `show current` at base, `history --indicate-current`,
 * `heads` with inherited branch labels, and `-v` naming the config file and
 * the database (password masked) on stderr. Loop tests run once per
 * dialect: 0 SQLite, 1 PostgreSQL, 2 MariaDB (skipped when that server is
 * not configured). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"
#include "suites.h"

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    project_enter();
}

static void teardown(void) { dialect_teardown(); }

/* r1 -> r2 -> r3, each creating a table (a, b, c). */
static void
three_steps(void)
{
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    step_revision("r2", "r1", "", "CREATE TABLE b (id INTEGER);",
                  "DROP TABLE b;");
    step_revision("r3", "r2", "", "CREATE TABLE c (id INTEGER);",
                  "DROP TABLE c;");
}

/* `migrate ARGS` must exit 0; its stdout (caller frees). */
static char *
out_of(const char *args)
{
    run_result r = migrate("%s", args);
    char *out;

    ck_assert_msg(r.status == 0, "migrate %s: exit %d\n%s%s", args, r.status,
                  r.out, r.err);
    out = r.out;
    free(r.err);
    return out;
}

/* Write `migrate stamp --sql RANGE` to stamp.sql and run it with d's own
 * client. */
static void
run_stamp_script(int d, const char *args)
{
    char *script = out_of(args);
    run_result r;

    write_file("stamp.sql", script);
    free(script);
    if (d == SQLITE) {
        r = shell("sqlite3 -bail app.db '.read stamp.sql'");
        ck_run_status(r, 0);
        run_free(&r);
    } else {
        ck_assert_int_eq(server_run_file(&servers[d - 1], "stamp.sql"), 0);
    }
}

/* ---- stamp --sql ----------------------------------------------------- */

START_TEST(test_daily_stamp_sql_runs)
{
    const int d = _i;

    if (!dialect_project(d, NULL))
        return;
    three_steps();
    /* offline: the SQLite file is not even created */
    run_stamp_script(d, "stamp --sql head");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'stamp' AND revision = 'r3' AND "
                     "length(checksum) = 64", "1");
    /* no revision SQL ran */
    ck_dialect_value(d, dialect_table_count_sql(d, "a"), "0");
    /* FROM:TO moves the row; a relative target counts from FROM */
    run_stamp_script(d, "stamp --sql r3:-2");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r1");
    /* --purge empties the table first, whatever it holds */
    ck_dialect_value(d, "INSERT INTO migrate_version VALUES ('zzz')", "");
    run_stamp_script(d, "stamp --sql --purge r2");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r2");
    run_stamp_script(d, "stamp --sql r2:base");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version", "0");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'stamp' AND revision = 'base'", "1");
}
END_TEST

/* The exact script, and no connection: an unreachable server is fine. */
START_TEST(test_daily_stamp_sql_text)
{
    char want[4096], *sum;
    run_result r;

    project_init();
    three_steps();
    sum = sha256_file("migrations/versions/r3_step.sql");
    snprintf(want, sizeof(want),
             "-- migrate stamp script for sqlite (r1:r3)\n\n"
             "CREATE TABLE IF NOT EXISTS \"migrate_version\" (version_num "
             "VARCHAR(32) NOT NULL PRIMARY KEY);\n"
             "CREATE TABLE IF NOT EXISTS \"migrate_version_log\" (id INTEGER "
             "PRIMARY KEY, revision VARCHAR(32) NOT NULL, direction "
             "VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at DATETIME "
             "NOT NULL, duration_ms INTEGER);\n"
             "BEGIN;\n"
             "UPDATE \"migrate_version\" SET version_num = 'r3' WHERE "
             "version_num = 'r1';\n"
             "INSERT INTO \"migrate_version_log\" (revision, direction, "
             "checksum, applied_at, duration_ms) VALUES ('r3', 'stamp', '%s', "
             "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now'), 0);\n"
             "COMMIT;\n", sum);
    free(sum);
    r = migrate("stamp --sql r1:r3");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, want);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    ck_assert(!path_exists("app.db"));
    r = migrate("--url 'postgresql://u:s3cretpw@127.0.0.1:1/x' stamp --sql "
                "head");
    ck_run_status(r, 0);
    ck_contains(r.out, "-- migrate stamp script for postgresql (base:head)\n");
    ck_contains(r.out, "INSERT INTO \"migrate_version\" (version_num) VALUES "
                "('r3');\n");
    run_free(&r);
    r = migrate("stamp --sql r1:");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: stamp --sql needs a TARGET "
                     "(FROM:TARGET or TARGET)\n");
    run_free(&r);
    r = migrate("stamp --sql nosuch");
    ck_run_status(r, 2);
    ck_contains(r.err, "nosuch");
    run_free(&r);
    ck_assert(!path_exists("app.db"));
}
END_TEST

/* ---- current and show current at base --------------------------------- */

START_TEST(test_daily_current_base)
{
    const int d = _i;
    char *out;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    three_steps();
    out = out_of("current");
    ck_assert_str_eq(out, "(base) (no version table 'migrate_version')\n");
    free(out);
    out = out_of("show current");
    ck_assert_str_eq(out, "(base) (no version table 'migrate_version')\n");
    free(out);
    if (d == SQLITE)
        ck_assert(!path_exists("app.db"));
    /* --json keeps its shape */
    r = migrate("--json current");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'current': []}");
    run_free(&r);
    r = migrate("--json show current");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'revisions': []}");
    run_free(&r);
    /* an empty version table */
    ck_dialect_value(d, "CREATE TABLE migrate_version (version_num "
                     "VARCHAR(32) NOT NULL PRIMARY KEY)", "");
    out = out_of("current");
    ck_assert_str_eq(out, "(base)\n");
    free(out);
    out = out_of("show current");
    ck_assert_str_eq(out, "(base)\n");
    free(out);
    /* at a revision */
    free(out_of("upgrade r2"));
    out = out_of("current");
    ck_assert_str_eq(out, "r2\n");
    free(out);
    out = out_of("show current");
    ck_contains(out, "Rev: r2\nParent: r1\n");
    free(out);
    r = migrate("--json show current");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'r2' and d['down_revisions'] == ['r1']");
    run_free(&r);
}
END_TEST

START_TEST(test_daily_show_current_unknown)
{
    run_result r;

    project_init();
    three_steps();
    free(out_of("upgrade r1"));
    free(sqlite_value("app.db", "UPDATE migrate_version SET version_num = "
                      "'gone'"));
    r = migrate("show current");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: the database is at revision 'gone', "
                     "which is not in 'migrations/versions'\n");
    run_free(&r);
}
END_TEST

/* ---- history --indicate-current ------------------------------------ */

START_TEST(test_daily_history_indicate_current)
{
    char *out;
    run_result r;

    project_init();
    three_steps();
    out = out_of("history -i");
    ck_assert_str_eq(out, "r2 -> r3 (head), step r3\n"
                     "r1 -> r2, step r2\n"
                     "<base> -> r1, step r1\n");
    free(out);
    ck_assert(!path_exists("app.db"));
    free(out_of("upgrade r2"));
    out = out_of("history --indicate-current");
    ck_assert_str_eq(out, "r2 -> r3 (head), step r3\n"
                     "r1 -> r2 (current), step r2\n"
                     "<base> -> r1, step r1\n");
    free(out);
    out = out_of("-v history -i -r r2:r2");
    ck_contains(out, "Rev: r2 (current)\nParent: r1\n");
    free(out);
    /* without the option, nothing changes */
    out = out_of("history");
    ck_not_contains(out, "(current)");
    free(out);
    r = migrate("--json history -i");
    ck_run_status(r, 0);
    ck_json(r.out, "[(x['revision'], x['is_current']) for x in "
            "d['revisions']] == [('r3', False), ('r2', True), ('r1', False)]"
            " and d['revisions'][0]['message'] == 'step r3'");
    run_free(&r);
    r = migrate("--json history");
    ck_run_status(r, 0);
    ck_json(r.out, "all('is_current' not in x for x in d['revisions'])");
    run_free(&r);
    /* two heads applied: both marked */
    step_revision("r4", "r2", "", "CREATE TABLE e (id INTEGER);",
                  "DROP TABLE e;");
    free(out_of("upgrade heads"));
    out = out_of("history -i");
    ck_contains(out, "r2 -> r3 (head) (current), step r3\n");
    ck_contains(out, "r2 -> r4 (head) (current), step r4\n");
    free(out);
}
END_TEST

/* ---- heads with inherited labels --------------------------------------- */

START_TEST(test_daily_heads_inherited_labels)
{
    char *out;
    run_result r;

    project_init();
    step_revision("r1", "", "-- branch_labels: core\n", "", "");
    step_revision("r2", "r1", "", "", "");
    step_revision("r3", "r1", "-- branch_labels: feat\n", "", "");
    step_revision("r4", "r3", "", "", "");
    out = out_of("heads");
    ck_assert_str_eq(out, "r2 (core) (head)\nr4 (feat, core) (head)\n");
    free(out);
    r = migrate("--json heads");
    ck_run_status(r, 0);
    ck_json(r.out, "[(h['revision'], h['branch_labels'], "
            "h['effective_branch_labels']) for h in d['heads']] == "
            "[('r2', [], ['core']), ('r4', [], ['feat', 'core'])]");
    run_free(&r);
    /* the label targets agree with what heads shows */
    out = out_of("show feat@head");
    ck_contains(out, "Rev: r4 (head)\n");
    free(out);
}
END_TEST

/* ---- -v names the config and the database ------------------------------ */

START_TEST(test_daily_verbose_names_sources)
{
    run_result r;

    project_init();
    three_steps();
    r = migrate("-v current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "migrate: using config migrate.ini\n"
                     "migrate: using database sqlite:///app.db (from "
                     "migrate.ini)\n");
    run_free(&r);
    r = migrate("current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("-q -v current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("-v --url 'postgresql://app:s3cretpw@127.0.0.1:1/x' "
                "current");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrate: using database postgresql://app:***@"
                "127.0.0.1:1/x (from --url)\n");
    ck_not_contains(r.err, "s3cretpw");
    ck_not_contains(r.out, "s3cretpw");
    run_free(&r);
    r = shell("MIGRATE_URL=sqlite:///other.db '%s' -c migrate.ini -v "
              "upgrade --sql r1", getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "migrate: using config migrate.ini\n"
                     "migrate: using database sqlite:///other.db (from "
                     "MIGRATE_URL)\n");
    run_free(&r);
    ck_assert(!path_exists("other.db"));
    /* no config: only the database */
    unlink("migrate.ini");
    r = shell("DATABASE_URL=sqlite:///app.db '%s' -v current",
              getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_contains(r.err, "migrate: using database sqlite:///app.db (from "
                "DATABASE_URL)\n");
    ck_not_contains(r.err, "using config");
    run_free(&r);
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

static TCase *
tc(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    suite_add_tcase(s, t);
    return t;
}

Suite *
cli_daily_suite(void)
{
    Suite *s = suite_create("cli_daily");

    tcase_add_loop_test(tc(s, "stamp_sql_runs"), test_daily_stamp_sql_runs,
                        0, 3);
    tcase_add_test(tc(s, "stamp_sql_text"), test_daily_stamp_sql_text);
    tcase_add_loop_test(tc(s, "current_base"), test_daily_current_base, 0,
                        3);
    tcase_add_test(tc(s, "show_current_unknown"),
                   test_daily_show_current_unknown);
    tcase_add_test(tc(s, "history_indicate_current"),
                   test_daily_history_indicate_current);
    tcase_add_test(tc(s, "heads_inherited_labels"),
                   test_daily_heads_inherited_labels);
    tcase_add_test(tc(s, "verbose_names_sources"),
                   test_daily_verbose_names_sources);
    return s;
}
