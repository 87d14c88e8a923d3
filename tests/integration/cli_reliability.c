/* cli_reliability.c - issue 8: lock timeouts that name the holder, runs
 * killed with SIGKILL in the middle of a long revision, interrupted
 * non-transactional steps (MariaDB) that the next run refuses until a
 * person resolves them, and a failure in the middle of a long upgrade.
 * Loop tests run once per dialect: 0 SQLite, 1 PostgreSQL, 2 MariaDB; a
 * server dialect is skipped when its URL variable is not set. Every state
 * is read back with the database's own client (sqlite3, psql, mariadb). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"
#include "suites.h"

static void setup(void) { project_enter(); }

static void teardown(void) { dialect_teardown(); }

/* A statement that keeps a step busy for about four seconds (SQLite: a
 * recursive CTE inserting 320,000 rows, about 4 s here; the tests need
 * at least ~2 s). */
static const char *
long_statement(int d)
{
    if (d == SQLITE)
        return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
               "FROM c WHERE x < 32000000) INSERT INTO big (x) SELECT x "
               "FROM c WHERE x % 100 = 0;";
    if (d == POSTGRESQL)
        return "SELECT pg_sleep(4);";
    return "SELECT SLEEP(4);";
}

/* Start `migrate --echo upgrade head` in the background, wait until it
 * has echoed the statement `marker` (--echo prints a statement once it
 * ran, so the next one is running), then run `then` (shell text that may
 * use $a, the background run's pid) and finally wait for the run, writing
 * its exit status to a.rc. (Braces: the harness appends its own
 * redirections, which would otherwise apply to the last command.) */
static void
background_upgrade(const char *marker, const char *then)
{
    run_result r = shell(
        "{ '%s' --echo upgrade head > a.out 2>&1 & a=$!; i=0; "
        "until grep -q '%s' a.out; do i=$((i + 1)); "
        "if [ $i -gt 400 ]; then break; fi; sleep 0.05; done; %s; "
        "wait $a; echo $? > a.rc; }", getenv("MIGRATE_BIN"), marker, then);

    ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
    run_free(&r);
}

static char *
file_text(const char *path)
{
    char *t = read_file(path);
    size_t n;

    ck_assert_msg(t != NULL, "%s missing", path);
    n = strlen(t);
    while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
        t[--n] = '\0';
    return t;
}

#define ck_file(path, want) do { \
        char *t_ = file_text(path); \
        ck_assert_msg(strcmp(t_, (want)) == 0, "%s is '%s', want '%s'", \
                      (path), t_, (want)); \
        free(t_); \
    } while (0)

/* A run waits for the lock; one with --lock-timeout 1 gives up after about
 * a second with exit 3, naming the holder; one without a timeout waits,
 * finds the work done and says so (exit 0). */
START_TEST(test_rel_lock_timeout_names_holder)
{
    const int d = _i;
    char *err, *out, *ms, up[256];
    long waited;

    if (!dialect_project(d, NULL))
        return;
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    snprintf(up, sizeof(up), "CREATE TABLE big (x INTEGER);\n%s",
             long_statement(d));
    step_revision("r2", "r1", "", up, "DROP TABLE big;");
    {
        char then[1024];
        snprintf(then, sizeof(then),
                 "t0=$(date +%%s%%N); '%s' upgrade head --lock-timeout 1 "
                 "> b.out 2> b.err; echo $? > b.rc; t1=$(date +%%s%%N); "
                 "echo $(( (t1 - t0) / 1000000 )) > b.ms; "
                 "'%s' upgrade head > c.out 2> c.err; echo $? > c.rc",
                 getenv("MIGRATE_BIN"), getenv("MIGRATE_BIN"));
        background_upgrade("CREATE TABLE big", then);
    }
    ck_file("a.rc", "0");
    ck_file("b.rc", "3");
    err = file_text("b.err");
    ck_contains(err, "timed out after 1 s waiting for the migration lock");
    if (d == SQLITE) {
        ck_contains(err, "another process holds the database's write lock");
    } else if (d == POSTGRESQL) {
        ck_contains(err, "held by backend pid ");
        ck_contains(err, "application_name 'migrate'");
        ck_contains(err, "client 127.0.0.1");
        ck_contains(err, "backend started ");
    } else {
        ck_contains(err, "held by connection ");
        ck_contains(err, "user migrate@");
        ck_contains(err, "SELECT SLEEP(4)");
    }
    free(err);
    ms = file_text("b.ms");
    waited = strtol(ms, NULL, 10);
    ck_assert_msg(waited >= 900 && waited < 2500, "the run with "
                  "--lock-timeout 1 took %ld ms", waited);
    free(ms);
    ck_file("c.rc", "0");
    out = file_text("c.out");
    ck_contains(out, "nothing to upgrade");
    ck_contains(out, "another run applied the revisions");
    ck_not_contains(out, "Running upgrade");
    free(out);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r2");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'upgrade' AND duration_ms IS NOT NULL",
                     "2");
}
END_TEST

/* SIGKILL in the middle of a long revision of a transactional dialect:
 * the database stays at the previous revision with nothing recorded, and
 * the next upgrade completes. */
START_TEST(test_rel_sigkill_mid_revision_transactional)
{
    const int d = _i;
    char up[256];
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    snprintf(up, sizeof(up), "CREATE TABLE big (x INTEGER);\n%s",
             long_statement(d));
    step_revision("r2", "r1", "", up, "DROP TABLE big;");
    step_revision("r3", "r2", "", "CREATE TABLE c (id INTEGER);",
                  "DROP TABLE c;");
    background_upgrade("CREATE TABLE big", d == SQLITE
                       ? "sleep 0.3; kill -9 $a; sleep 0.2; "
                         "if [ -e app.db-journal ]; then touch journal; fi"
                       : "sleep 0.5; kill -9 $a");
    ck_file("a.rc", "137");
    if (d == SQLITE)    /* killed inside the transaction */
        ck_assert(path_exists("journal"));
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log", "1");
    ck_dialect_value(d, "SELECT revision FROM migrate_version_log", "r1");
    ck_dialect_value(d, dialect_table_count_sql(d, "big"), "0");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r1 -> r2");
    ck_contains(r.out, "Running upgrade r2 -> r3");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'upgrade' AND duration_ms IS NOT NULL",
                     "3");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log", "3");
    ck_dialect_value(d, dialect_table_count_sql(d, "big"), "1");
}
END_TEST

/* MariaDB: r2 is CREATE TABLE b1; SLEEP; CREATE TABLE b2, killed during
 * the sleep. Returns 0 when MariaDB is not configured. */
static int
mariadb_interrupted(void)
{
    run_result r;

    if (!dialect_project(MARIADB, NULL))
        return 0;
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    step_revision("r2", "r1", "", "CREATE TABLE b1 (id INTEGER);\n"
             "SELECT SLEEP(4);\n"
             "CREATE TABLE b2 (id INTEGER);", "DROP TABLE b2;\n"
             "DROP TABLE b1;");
    step_revision("r3", "r2", "", "CREATE TABLE c (id INTEGER);",
                  "DROP TABLE c;");
    background_upgrade("CREATE TABLE b1", "sleep 0.5; kill -9 $a");
    ck_file("a.rc", "137");
    ck_dialect_value(MARIADB, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(MARIADB, "SELECT concat(revision, ' ', direction, ' ', "
             "ifnull(duration_ms, 'NULL')) FROM migrate_version_log WHERE "
             "revision = 'r2'", "r2 upgrade NULL");
    ck_dialect_value(MARIADB, dialect_table_count_sql(MARIADB, "b1"), "1");
    ck_dialect_value(MARIADB, dialect_table_count_sql(MARIADB, "b2"), "0");
    /* the next run (it waits for the dead run's lock) refuses */
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.err, "revision r2 (migrations/versions/r2_step.sql) was "
                "interrupted");
    ck_contains(r.err, "migrations/versions/r2_step.sql:6\n");
    ck_contains(r.err, "migrations/versions/r2_step.sql:7\n");
    ck_contains(r.err, "migrations/versions/r2_step.sql:8\n");
    ck_contains(r.err, "'migrate stamp r2' (upgrade finished)");
    ck_contains(r.err, "'migrate stamp r1' (upgrade undone)");
    ck_contains(r.err, "'migrate upgrade --resume'");
    ck_not_contains(r.out, "Running upgrade");
    run_free(&r);
    ck_dialect_value(MARIADB, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(MARIADB, dialect_table_count_sql(MARIADB, "c"), "0");
    r = migrate("downgrade base");
    ck_run_status(r, 3);
    ck_contains(r.err, "was interrupted");
    run_free(&r);
    ck_dialect_value(MARIADB, dialect_table_count_sql(MARIADB, "a"), "1");
    return 1;
}

START_TEST(test_rel_mariadb_interrupted_resume)
{
    run_result r;

    if (!mariadb_interrupted())
        return;
    /* --resume in the other direction is refused */
    r = migrate("downgrade base --resume");
    ck_run_status(r, 2);
    ck_contains(r.err, "the interrupted step is the upgrade of revision r2");
    run_free(&r);
    /* a target that does not include the step is refused */
    r = migrate("upgrade r1 --resume");
    ck_run_status(r, 2);
    ck_contains(r.err, "is not part of this run");
    run_free(&r);
    /* resuming without undoing the first statement fails again, and the
     * step stays marked as interrupted */
    r = migrate("upgrade --resume");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrations/versions/r2_step.sql:6:");
    ck_contains(r.err, "stays marked as interrupted");
    run_free(&r);
    ck_dialect_value(MARIADB, "SELECT count(*) FROM migrate_version_log WHERE "
             "revision = 'r2' AND duration_ms IS NULL", "1");
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.err, "was interrupted");
    run_free(&r);
    /* the person undoes what ran, then resumes */
    ck_dialect_value(MARIADB, "DROP TABLE b1; SELECT 1", "1");
    r = migrate("upgrade --resume");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r1 -> r2");
    ck_contains(r.out, "Running upgrade r2 -> r3");
    run_free(&r);
    ck_dialect_value(MARIADB, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(MARIADB, dialect_table_count_sql(MARIADB, "b2"), "1");
    /* the interrupted row was completed, not duplicated */
    ck_dialect_value(MARIADB, "SELECT count(*) FROM migrate_version_log WHERE "
             "revision = 'r2'", "1");
    ck_dialect_value(MARIADB, "SELECT count(*) FROM migrate_version_log WHERE "
             "duration_ms IS NULL", "0");
    ck_dialect_value(MARIADB, "SELECT count(*) FROM migrate_version_log WHERE "
             "direction = 'upgrade'", "3");
}
END_TEST

START_TEST(test_rel_mariadb_interrupted_stamp)
{
    run_result r;

    if (!mariadb_interrupted())
        return;
    /* the person finishes the revision by hand and stamps it */
    ck_dialect_value(MARIADB, "CREATE TABLE b2 (id INTEGER); SELECT 1", "1");
    r = migrate("stamp r2");
    ck_run_status(r, 0);
    ck_contains(r.err, "cleared the interrupted upgrade of revision r2");
    run_free(&r);
    ck_dialect_value(MARIADB, "SELECT count(*) FROM migrate_version_log WHERE "
             "duration_ms IS NULL", "0");
    ck_dialect_value(MARIADB, "SELECT count(*) FROM migrate_version_log WHERE "
             "revision = 'r2' AND direction = 'stamp'", "1");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r2 -> r3");
    ck_not_contains(r.out, "Running upgrade r1 -> r2");
    run_free(&r);
    ck_dialect_value(MARIADB, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(MARIADB, dialect_table_count_sql(MARIADB, "c"), "1");
}
END_TEST

/* PostgreSQL `transaction: off` steps are not transactional either: one
 * killed in the middle is found and refused the same way, and a stamp
 * after undoing it by hand lets the next upgrade run it. */
START_TEST(test_rel_postgresql_transaction_off_interrupted)
{
    run_result r;

    if (!dialect_project(POSTGRESQL, NULL))
        return;
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    write_file("migrations/versions/r2_step.sql", "-- revision: r2\n"
               "-- down_revision: r1\n-- message: step r2\n"
               "-- transaction: off\n-- +upgrade\n"
               "CREATE TABLE b1 (id INTEGER);\nSELECT pg_sleep(3);\n"
               "CREATE TABLE b2 (id INTEGER);\n\n-- +downgrade\n"
               "DROP TABLE b2;\nDROP TABLE b1;\n");
    background_upgrade("CREATE TABLE b1", "sleep 0.5; kill -9 $a");
    ck_file("a.rc", "137");
    ck_dialect_value(POSTGRESQL, "SELECT version_num FROM migrate_version",
                     "r1");
    ck_dialect_value(POSTGRESQL,
                     "SELECT count(*) FROM migrate_version_log WHERE "
             "revision = 'r2' AND direction = 'upgrade' AND duration_ms IS "
             "NULL", "1");
    ck_dialect_value(POSTGRESQL, dialect_table_count_sql(POSTGRESQL, "b1"),
                     "1");
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.err, "revision r2 (migrations/versions/r2_step.sql) was "
                "interrupted");
    ck_contains(r.err, "migrations/versions/r2_step.sql:8\n");
    run_free(&r);
    /* undone by hand: stamp the previous revision */
    ck_dialect_value(POSTGRESQL, "DROP TABLE b1; SELECT 1", "1");
    r = migrate("stamp r1");
    ck_run_status(r, 0);
    ck_contains(r.err, "cleared the interrupted upgrade of revision r2");
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r1 -> r2");
    run_free(&r);
    ck_dialect_value(POSTGRESQL, "SELECT version_num FROM migrate_version",
                     "r2");
    ck_dialect_value(POSTGRESQL, dialect_table_count_sql(POSTGRESQL, "b2"),
                     "1");
    ck_dialect_value(POSTGRESQL,
                     "SELECT count(*) FROM migrate_version_log WHERE "
             "duration_ms IS NULL", "0");
}
END_TEST

/* Ten revisions, the sixth fails on its second statement (line 7): 1-5 stay
 * applied and recorded, 6 is not, exit 3 naming file:line. */
START_TEST(test_rel_failure_in_the_middle)
{
    const int d = _i;
    char id[8], down[8], up[128], downsql[64];
    run_result r;
    int i;

    if (!dialect_project(d, NULL))
        return;
    for (i = 1; i <= 10; i++) {
        snprintf(id, sizeof(id), "r%02d", i);
        snprintf(down, sizeof(down), i > 1 ? "r%02d" : "", i - 1);
        snprintf(up, sizeof(up), "CREATE TABLE t%02d (id INTEGER);%s", i,
                 i == 6 ? "\nINSERT INTO no_such_table VALUES (1);" : "");
        snprintf(downsql, sizeof(downsql), "DROP TABLE t%02d;", i);
        step_revision(id, down, "", up, downsql);
    }
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.out, "Running upgrade r04 -> r05");
    ck_contains(r.out, "Running upgrade r05 -> r06");
    ck_not_contains(r.out, "r07");
    ck_contains(r.err, "migrations/versions/r06_step.sql:7:");
    ck_contains(r.err, "no_such_table");
    if (d == MARIADB) {
        ck_contains(r.err, "already ran");
        ck_contains(r.err, "migrations/versions/r06_step.sql:6");
    }
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r05");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'upgrade' AND duration_ms IS NOT NULL",
                     "5");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log", "5");
    ck_dialect_value(d, "SELECT max(revision) FROM migrate_version_log",
                     "r05");
    for (i = 1; i <= 5; i++) {
        snprintf(id, sizeof(id), "t%02d", i);
        ck_dialect_value(d, dialect_table_count_sql(d, id), "1");
    }
    /* PostgreSQL and SQLite roll the sixth back; MariaDB ran its DDL */
    ck_dialect_value(d, dialect_table_count_sql(d, "t06"),
                     d == MARIADB ? "1" : "0");
    /* a failure the run reported is no interrupted step: after the fix the
     * next run goes on from r05 */
    step_revision("r06", "r05", "",
                  "CREATE TABLE IF NOT EXISTS t06 (id INTEGER);",
             "DROP TABLE t06;");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r05 -> r06");
    ck_not_contains(r.out, "r04 -> r05");
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r10");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
             "duration_ms IS NOT NULL", "10");
}
END_TEST

Suite *
cli_reliability_suite(void)
{
    Suite *s = suite_create("cli_reliability");
    TCase *tc = tcase_create("reliability");

    tcase_set_timeout(tc, 180);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_rel_lock_timeout_names_holder, 0, 3);
    tcase_add_loop_test(tc, test_rel_sigkill_mid_revision_transactional, 0,
                        2);
    tcase_add_test(tc, test_rel_mariadb_interrupted_resume);
    tcase_add_test(tc, test_rel_mariadb_interrupted_stamp);
    tcase_add_test(tc, test_rel_postgresql_transaction_off_interrupted);
    tcase_add_loop_test(tc, test_rel_failure_in_the_middle, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
