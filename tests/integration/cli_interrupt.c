/* cli_interrupt.c - issue 17 item 9: Ctrl-C. SIGINT is sent to the real
 * binary once the database shows the long statement running (the server's
 * own list of running queries; for SQLite the statement before it echoed),
 * never after a fixed sleep; then the server runs no such statement any
 * more, the exit code is 130 and the version table has not moved; check's
 * scratch database is gone, and a later run drops the scratch databases
 * killed runs left, and only those; an upgrade killed outright leaves a
 * hot journal that read-only commands roll back; revision ids that only
 * MariaDB's collation would confuse are refused. Loop tests run once per dialect: 0 SQLite,
 * 1 PostgreSQL, 2 MariaDB; a server dialect is skipped when its URL
 * variable is not set. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"
#include "suites.h"

static void setup(void) { project_enter(); }

static void teardown(void) { dialect_teardown(); }

/* A statement that would run for half a minute or more. */
static const char *
long_statement(int d)
{
    if (d == SQLITE)
        return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
               "FROM c WHERE x < 2000000000) INSERT INTO b (id) SELECT x "
               "FROM c WHERE x % 1000 = 0;";
    if (d == POSTGRESQL)
        return "SELECT pg_sleep(30);";
    return "SELECT SLEEP(30);";
}

/* SQL counting the running long statements of run pid, or of any run
 * when pid is 0 (in the project database, or in pid's scratch
 * databases). */
static const char *
running_sql(int d, long pid)
{
    static char sql[512];
    char db[128];

    if (pid)
        snprintf(db, sizeof(db), "LIKE 'migrate\\_scratch\\_%ld\\_%%'", pid);
    if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_stat_activity "
                 "WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(30)%%'"
                 " AND datname %s", pid ? db : "= current_database()");
    else
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM "
                 "information_schema.processlist WHERE info LIKE "
                 "'SELECT SLEEP(30)%%' AND db %s", pid ? db : "= database()");
    return sql;
}

/* Wait up to 20 s until check() holds, polling every 50 ms. */
#define WAIT_UNTIL(cond) do { \
        int n_; \
        for (n_ = 0; n_ < 400 && !(cond); n_++) \
            usleep(50000); \
    } while (0)

static int
value_is(int d, const char *sql, const char *want)
{
    char *v = dialect_value(d, sql);
    int same = strcmp(v, want) == 0;

    free(v);
    return same;
}

static int
file_has(const char *path, const char *text)
{
    char *t = read_file(path);
    int has = t && strstr(t, text);

    free(t);
    return has;
}

/* Start `migrate ARGS` in the background, stdout and stderr to a.out,
 * its exit status to a.rc when it ends; returns its pid. */
static long
start_migrate(const char *args)
{
    run_result r = shell("{ ( '%s' %s > a.out 2>&1 & echo $! > a.pid; "
                         "wait $!; echo $? > a.rc ) > /dev/null 2>&1 & }",
                         getenv("MIGRATE_BIN"), args);
    char *pid;
    long n;

    ck_run_status(r, 0);
    run_free(&r);
    WAIT_UNTIL(file_has("a.pid", "\n"));
    pid = read_file("a.pid");
    ck_assert_ptr_nonnull(pid);
    n = strtol(pid, NULL, 10);
    free(pid);
    ck_assert_int_gt(n, 1);
    return n;
}

/* SIGINT to pid; then the run's exit status (after at most 20 s). */
static int
interrupt_and_wait(long pid)
{
    char *rc;
    int n;

    ck_assert_int_eq(kill((pid_t)pid, SIGINT), 0);
    WAIT_UNTIL(file_has("a.rc", "\n"));
    rc = read_file("a.rc");
    ck_assert_msg(rc != NULL, "the run did not end after SIGINT");
    n = atoi(rc);
    free(rc);
    return n;
}

/* r1, then r2 creating table b and running the long statement. */
static void
long_revisions(int d)
{
    char up[512];

    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    snprintf(up, sizeof(up), "CREATE TABLE b (id INTEGER);\n%s",
             long_statement(d));
    step_revision("r2", "r1", "", up, "DROP TABLE b;");
}

/* Ctrl-C during r2's long statement: the statement is cancelled on the
 * server, the step rolls back (MariaDB: b was made by a statement that
 * had finished, which the message says), exit 130, version table at r1. */
START_TEST(test_int_upgrade_cancels_statement)
{
    const int d = _i;
    char *out;
    long pid;
    int rc;

    if (!dialect_project(d, NULL))
        return;
    long_revisions(d);
    {
        run_result r = migrate("upgrade r1");
        ck_run_status(r, 0);
        run_free(&r);
    }
    pid = start_migrate("--echo upgrade head");
    if (d == SQLITE)     /* --echo prints a statement once it ran */
        WAIT_UNTIL(file_has("a.out", "CREATE TABLE b"));
    else
        WAIT_UNTIL(value_is(d, running_sql(d, 0), "1"));
    if (d != SQLITE)
        ck_dialect_value(d, running_sql(d, 0), "1");
    rc = interrupt_and_wait(pid);
    out = read_file("a.out");
    ck_assert_msg(rc == 130, "exit %d, want 130\n%s", rc, out);
    ck_contains(out, "migrate: interrupted\n");
    if (d == SQLITE)
        ck_contains(out, "r2_step.sql:7: interrupted");
    else if (d == POSTGRESQL)
        ck_contains(out, "r2_step.sql:7: canceling statement due to user "
                    "request (SQLSTATE 57014)");
    else
        ck_contains(out, "r2_step.sql:7: ERROR 1317 (70100): Query "
                    "execution was interrupted");
    free(out);
    if (d != SQLITE)
        ck_dialect_value(d, running_sql(d, 0), "0");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(d, dialect_table_count_sql(d, "b"),
                     d == MARIADB ? "1" : "0");
    if (d == SQLITE)
        ck_assert(!path_exists("app.db-journal"));
}
END_TEST

/* Ctrl-C while check replays r2 on its scratch database: the statement is
 * cancelled and the scratch database dropped; --json's error document
 * has the exit code too. */
START_TEST(test_int_check_drops_scratch)
{
    const int d = _i;
    char *out, sql[256];
    long pid;
    int rc;

    if (!dialect_project(d, NULL))
        return;
    long_revisions(d);
    pid = start_migrate("check --no-db --no-cache --json");
    WAIT_UNTIL(value_is(d, running_sql(d, pid), "1"));
    ck_dialect_value(d, running_sql(d, pid), "1");
    rc = interrupt_and_wait(pid);
    out = read_file("a.out");
    ck_assert_msg(rc == 130, "exit %d, want 130\n%s", rc, out);
    ck_contains(out, "migrate: interrupted\n");
    ck_contains(out, "\"exit_code\":130");   /* --json's error document */
    free(out);
    ck_dialect_value(d, running_sql(d, pid), "0");
    if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_database WHERE "
                 "datname LIKE 'migrate\\_scratch\\_%ld\\_%%'", pid);
    else
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM "
                 "information_schema.schemata WHERE schema_name LIKE "
                 "'migrate\\_scratch\\_%ld\\_%%'", pid);
    ck_dialect_value(d, sql, "0");
}
END_TEST

/* 1 when path is a journal SQLite would roll back: its header's magic
 * is written (it is zero until the first sync). */
static int
journal_hot(const char *path)
{
    FILE *f = fopen(path, "rb");
    int c = f ? fgetc(f) : EOF;

    if (f)
        fclose(f);
    return c != EOF && c != 0;
}

/* An upgrade killed (SIGKILL) after SQLite synced its journal leaves a
 * hot journal; read-only commands roll it back and read the previous
 * revision instead of failing with "attempt to write a readonly
 * database". */
START_TEST(test_int_sqlite_hot_journal)
{
    run_result r;
    long pid;
    int rc;

    dialect_project(SQLITE, NULL);
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    step_revision("r2", "r1", "", "CREATE TABLE b (id INTEGER);\n"
                  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                  "FROM c WHERE x < 2000000000) INSERT INTO b (id) SELECT x "
                  "FROM c;", "DROP TABLE b;");
    r = migrate("upgrade r1");
    ck_run_status(r, 0);
    run_free(&r);
    pid = start_migrate("upgrade head");
    WAIT_UNTIL(journal_hot("app.db-journal"));
    ck_assert(journal_hot("app.db-journal"));
    ck_assert_int_eq(kill((pid_t)pid, SIGKILL), 0);
    WAIT_UNTIL(file_has("a.rc", "\n"));
    {
        char *t = read_file("a.rc");
        rc = t ? atoi(t) : -1;
        free(t);
    }
    ck_assert_int_eq(rc, 137);
    ck_assert(journal_hot("app.db-journal"));
    r = migrate("current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "r1\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    ck_assert(!path_exists("app.db-journal"));
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_contains(r.out, "CREATE TABLE \"a\"");
    ck_not_contains(r.out, "\"b\"");
    run_free(&r);
    ck_dialect_value(SQLITE, "SELECT version_num FROM migrate_version", "r1");
    ck_dialect_value(SQLITE, dialect_table_count_sql(SQLITE, "b"), "0");
}
END_TEST

/* This host's tag in scratch database names: FNV-1a of its name. */
static void
host_tag(char out[9])
{
    char host[256] = "";
    unsigned long h = 2166136261UL;
    const char *p;

    gethostname(host, sizeof(host) - 1);
    for (p = host; *p; p++)
        h = ((h ^ (unsigned char)*p) * 16777619UL) & 0xffffffffUL;
    snprintf(out, 9, "%08lx", h);
}

/* A run that makes a scratch database first drops those killed runs on
 * this host left (process gone, ten minutes old), and no other: not one
 * whose process lives, a recent one, one from another host, one of the
 * old form without host and time. */
START_TEST(test_int_stale_scratch_dropped)
{
    const int d = _i;
    long long now = (long long)time(NULL), old = now - 700;
    long dead = 4194305;   /* above any pid_max */
    char names[5][80], tag[9], sql[512];
    const char *other;
    run_result r;
    int i;

    if (!dialect_project(d, NULL))
        return;
    host_tag(tag);
    other = strcmp(tag, "00000000") ? "00000000" : "00000001";
    snprintf(names[0], 80, "migrate_scratch_%ld_%s_%lld_1", dead, tag, old);
    snprintf(names[1], 80, "migrate_scratch_%ld_%s_%lld_1", (long)getpid(),
             tag, old);
    snprintf(names[2], 80, "migrate_scratch_%ld_%s_%lld_2", dead, tag, now);
    snprintf(names[3], 80, "migrate_scratch_%ld_%s_%lld_3", dead, other,
             old);
    snprintf(names[4], 80, "migrate_scratch_%ld_%d", dead, (int)getpid());
    for (i = 0; i < 5; i++) {
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", names[i]);
        free(dialect_value(d, sql));
    }
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    write_file("models.sql", "CREATE TABLE a (id INTEGER);\n");
    r = migrate("check --no-db --no-cache");
    ck_run_status(r, 0);
    run_free(&r);
    for (i = 0; i < 5; i++) {
        if (d == POSTGRESQL)
            snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_database "
                     "WHERE datname = '%s'", names[i]);
        else
            snprintf(sql, sizeof(sql), "SELECT count(*) FROM "
                     "information_schema.schemata WHERE schema_name = '%s'",
                     names[i]);
        ck_dialect_value(d, sql, i == 0 ? "0" : "1");
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", names[i]);
        free(dialect_value(d, sql));
    }
}
END_TEST

/* Revision ids that differ only in case would collide in MariaDB's version
 * table: `revision --rev-id` refuses to write one, and the graph loader
 * reports two such files. */
START_TEST(test_int_rev_id_case_collision)
{
    const int d = _i;
    run_result r;
    char *before;

    if (!dialect_project(d, NULL))
        return;
    step_revision("abc", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    before = dir_listing("migrations/versions");
    r = migrate("revision -m two --rev-id ABC");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: revision id 'ABC' differs only in "
                     "case from 'abc' (migrations/versions/abc_step.sql), "
                     "which a version table on MariaDB cannot tell apart\n");
    run_free(&r);
    {
        char *after = dir_listing("migrations/versions");
        ck_assert_str_eq(after, before);
        free(after);
    }
    free(before);
    step_revision("aBc", "abc", "", "CREATE TABLE b (id INTEGER);",
                  "DROP TABLE b;");
    r = migrate("heads");
    ck_run_status(r, 2);
    ck_contains(r.err, "differ only in case, which a version table on "
                "MariaDB cannot tell apart: rename one\n");
    ck_contains(r.err, "'abc' (migrations/versions/abc_step.sql)");
    ck_contains(r.err, "'aBc' (migrations/versions/aBc_step.sql)");
    run_free(&r);
}
END_TEST

Suite *
cli_interrupt_suite(void)
{
    Suite *s = suite_create("cli_interrupt");
    TCase *tc = tcase_create("interrupt");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_int_upgrade_cancels_statement, 0, 3);
    tcase_add_loop_test(tc, test_int_check_drops_scratch, 1, 3);
    tcase_add_loop_test(tc, test_int_stale_scratch_dropped, 1, 3);
    tcase_add_test(tc, test_int_sqlite_hot_journal);
    tcase_add_loop_test(tc, test_int_rev_id_case_collision, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
