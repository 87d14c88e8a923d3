/* check_runtime.c - the runtime through the library API on real SQLite
 * files: upgrade, downgrade, stamp, a failing revision rolled back, the
 * offline script, and the version log. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

static char dir[256];
static char versions[300];
static char url[320];

static void
write_text(const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", versions, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void
setup(void)
{
    char cmd[600];

    snprintf(dir, sizeof(dir), "/tmp/mg_runtime_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(versions, sizeof(versions), "%s/versions", dir);
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", versions);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(url, sizeof(url), "sqlite:///%s/app.db", dir);
    write_text("a_one.sql", "-- revision: aaaa1111\n-- message: one\n"
               "-- +upgrade\nCREATE TABLE t1 (id INTEGER PRIMARY KEY);\n"
               "-- +downgrade\nDROP TABLE t1;\n");
    write_text("b_two.sql", "-- revision: bbbb2222\n"
               "-- down_revision: aaaa1111\n-- message: two\n"
               "-- +upgrade\nCREATE TABLE t2 (id INTEGER);\n"
               "CREATE TRIGGER tr AFTER INSERT ON t2 BEGIN\n"
               "  INSERT INTO t1 (id) VALUES (NEW.id);\nEND;\n"
               "-- +downgrade\nDROP TABLE t2;\n");
}

static void
teardown(void)
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void
open_all(mg_scriptdir **sd, mg_engine **e)
{
    mg_error err;

    ck_mg_ok(mg_scriptdir_open(sd, versions, &err), &err);
    ck_mg_ok(mg_engine_open(e, url, 0, &err), &err);
}

static char *
scalar(mg_engine *e, const char *sql)
{
    mg_rows *rows = NULL;
    mg_error err;
    char *v;

    ck_mg_ok(mg_engine_query(&rows, e, sql, &err), &err);
    ck_assert_int_ge(mg_rows_count(rows), 1);
    v = strdup(mg_rows_value(rows, 0, 0) ? mg_rows_value(rows, 0, 0) : "NULL");
    mg_rows_free(rows);
    return v;
}

START_TEST(test_runtime_upgrade_downgrade)
{
    mg_scriptdir *sd;
    mg_engine *e;
    mg_strlist cur = MG_STRLIST_INIT;
    mg_run_result res;
    mg_error err;
    char *v;

    open_all(&sd, &e);
    ck_mg_ok(mg_upgrade(e, sd, "head", NULL, &res, &err), &err);
    ck_assert_int_eq(res.steps, 2);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_int_eq(cur.n, 1);
    ck_assert_str_eq(cur.v[0], "bbbb2222");
    mg_strlist_release(&cur);
    v = scalar(e, "SELECT count(*) FROM migrate_version_log "
                  "WHERE direction = 'upgrade' AND length(checksum) = 64");
    ck_assert_str_eq(v, "2");
    free(v);
    ck_mg_ok(mg_downgrade(e, sd, "-1", NULL, &res, &err), &err);
    ck_assert_int_eq(res.steps, 1);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_str_eq(cur.v[0], "aaaa1111");
    mg_strlist_release(&cur);
    v = scalar(e, "SELECT count(*) FROM sqlite_master WHERE name = 't2'");
    ck_assert_str_eq(v, "0");
    free(v);
    ck_mg_ok(mg_downgrade(e, sd, "base", NULL, &res, &err), &err);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_int_eq(cur.n, 0);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}
END_TEST

START_TEST(test_runtime_failure_rolls_back)
{
    mg_scriptdir *sd;
    mg_engine *e;
    mg_strlist cur = MG_STRLIST_INIT;
    mg_error err;
    char *v;

    write_text("c_bad.sql", "-- revision: cccc3333\n"
               "-- down_revision: bbbb2222\n-- +upgrade\n"
               "CREATE TABLE t3 (id INTEGER);\n\nSELEC oops;\n"
               "-- +downgrade\n");
    open_all(&sd, &e);
    ck_assert_int_eq(mg_upgrade(e, sd, "head", NULL, NULL, &err), MG_EDB);
    ck_assert_msg(strstr(err.msg, "/versions/c_bad.sql:6: ") != NULL, "%s",
                  err.msg);
    ck_assert_int_eq(err.line, 6);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_int_eq(cur.n, 1);
    ck_assert_str_eq(cur.v[0], "bbbb2222");
    mg_strlist_release(&cur);
    v = scalar(e, "SELECT count(*) FROM sqlite_master WHERE name = 't3'");
    ck_assert_str_eq(v, "0");
    free(v);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}
END_TEST

START_TEST(test_runtime_stamp_and_changed_file)
{
    mg_scriptdir *sd;
    mg_engine *e;
    mg_strlist cur = MG_STRLIST_INIT, changed = MG_STRLIST_INIT;
    mg_error err;

    open_all(&sd, &e);
    ck_mg_ok(mg_stamp(e, sd, "aaaa", 0, NULL, &err), &err);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_str_eq(cur.v[0], "aaaa1111");
    mg_strlist_release(&cur);
    mg_scriptdir_free(sd);
    write_text("a_one.sql", "-- revision: aaaa1111\n-- message: edited\n"
               "-- +upgrade\nCREATE TABLE t1 (id INTEGER PRIMARY KEY);\n");
    ck_mg_ok(mg_scriptdir_open(&sd, versions, &err), &err);
    ck_mg_ok(mg_changed_revisions(&changed, e, sd, NULL, &err), &err);
    ck_assert_int_eq(changed.n, 1);
    ck_assert_str_eq(changed.v[0], "aaaa1111");
    mg_strlist_release(&changed);
    ck_mg_ok(mg_stamp(e, sd, "base", 0, NULL, &err), &err);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_int_eq(cur.n, 0);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}
END_TEST

START_TEST(test_runtime_offline_script)
{
    mg_scriptdir *sd;
    mg_buf out = MG_BUF_INIT;
    mg_error err;
    const char *s;

    ck_mg_ok(mg_scriptdir_open(&sd, versions, &err), &err);
    ck_mg_ok(mg_upgrade_sql(&out, mg_dialect_find("sqlite"), sd, "head", NULL,
                            &err), &err);
    s = mg_buf_cstr(&out);
    ck_assert_msg(strstr(s, "CREATE TABLE IF NOT EXISTS \"migrate_version\" "
                         "(version_num VARCHAR(32) NOT NULL PRIMARY KEY);\n")
                  != NULL, "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "BEGIN;\nCREATE TABLE t1 (id INTEGER "
                                 "PRIMARY KEY);\nINSERT INTO "
                                 "\"migrate_version\" (version_num) VALUES "
                                 "('aaaa1111');\n"));
    ck_assert_ptr_nonnull(strstr(s, "UPDATE \"migrate_version\" SET "
                                 "version_num = 'bbbb2222' WHERE version_num "
                                 "= 'aaaa1111';\n"));
    ck_assert_ptr_nonnull(strstr(s, "END;\n"));
    mg_buf_clear(&out);
    ck_mg_ok(mg_downgrade_sql(&out, mg_dialect_find("sqlite"), sd,
                              "bbbb2222:base", NULL, &err), &err);
    s = mg_buf_cstr(&out);
    ck_assert_ptr_nonnull(strstr(s, "DROP TABLE t2;\n"));
    ck_assert_ptr_nonnull(strstr(s, "DELETE FROM \"migrate_version\" WHERE "
                                 "version_num = 'aaaa1111';\n"));
    ck_assert(strstr(s, "DROP TABLE t2;") < strstr(s, "DROP TABLE t1;"));
    mg_buf_release(&out);
    mg_scriptdir_free(sd);
}
END_TEST

/* An offline upgrade range must go forwards; an empty one is fine. */
START_TEST(test_runtime_offline_backwards)
{
    const mg_dialect *d = mg_dialect_find("sqlite");
    mg_scriptdir *sd;
    mg_buf out = MG_BUF_INIT;
    mg_error err;

    ck_mg_ok(mg_scriptdir_open(&sd, versions, &err), &err);
    ck_assert_int_eq(mg_upgrade_sql(&out, d, sd, "bbbb2222:aaaa1111", NULL,
                                    &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "upgrade range 'bbbb2222:aaaa1111' goes "
                     "backwards: its end comes before its start (the script "
                     "that reverts it: 'migrate downgrade --sql "
                     "bbbb2222:aaaa1111')");
    mg_buf_clear(&out);
    ck_assert_int_eq(mg_upgrade_sql(&out, d, sd, "aaaa:base", NULL, &err),
                     MG_EUSAGE);
    mg_buf_clear(&out);
    ck_mg_ok(mg_upgrade_sql(&out, d, sd, "aaaa:aaaa", NULL, &err), &err);
    ck_assert_ptr_null(strstr(mg_buf_cstr(&out), "-- upgrade "));
    mg_buf_release(&out);
    mg_scriptdir_free(sd);
}
END_TEST

/* A database at a revision the versions directory lacks: the advice keeps
 * the record and nothing changes. */
START_TEST(test_runtime_unknown_revision)
{
    mg_scriptdir *sd;
    mg_engine *e;
    mg_error err;
    char *v;

    open_all(&sd, &e);
    ck_mg_ok(mg_upgrade(e, sd, "head", NULL, NULL, &err), &err);
    ck_mg_ok(mg_engine_exec(e, "UPDATE migrate_version SET version_num = "
                            "'cccc3333'", &err), &err);
    ck_assert_int_eq(mg_downgrade(e, sd, "base", NULL, NULL, &err),
                     MG_ENOTFOUND);
    ck_assert_msg(strstr(err.msg, "the database is at revision 'cccc3333', "
                         "which is not in '") != NULL &&
                  strstr(err.msg, "(applied from another branch or "
                         "checkout?): run migrate from a checkout that has "
                         "it, e.g. after git pull; to leave that branch, "
                         "downgrade there first to a revision this checkout "
                         "also has") != NULL &&
                  strstr(err.msg, "purge") == NULL, "%s", err.msg);
    v = scalar(e, "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "cccc3333");
    free(v);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}
END_TEST

START_TEST(test_runtime_dialect_mismatch)
{
    mg_scriptdir *sd;
    mg_engine *e;
    mg_error err;

    write_text("c_pg.sql", "-- revision: cccc3333\n"
               "-- down_revision: bbbb2222\n-- dialect: postgresql\n"
               "-- +upgrade\nSELECT 1;\n");
    open_all(&sd, &e);
    ck_assert_int_eq(mg_upgrade(e, sd, "head", NULL, NULL, &err), MG_EUSAGE);
    ck_assert_msg(strstr(err.msg, "written for postgresql, but the database "
                         "is sqlite") != NULL, "%s", err.msg);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}
END_TEST

/* A C program applying a history of several dialects: each database runs
 * its dialect's own section, else the generic one; the offline script of
 * another dialect needs no connection. */
START_TEST(test_runtime_dialect_sections)
{
    mg_scriptdir *sd;
    mg_engine *e;
    mg_buf pg = MG_BUF_INIT, my = MG_BUF_INIT;
    mg_error err;
    char *v;

    write_text("c_multi.sql", "-- revision: cccc3333\n"
               "-- down_revision: bbbb2222\n"
               "-- dialect: sqlite, postgresql, mariadb\n"
               "-- +upgrade\nCREATE TABLE t3 (id INTEGER);\n"
               "-- +downgrade\nDROP TABLE t3;\n"
               "-- +upgrade sqlite\nCREATE TABLE t3_lite (id INTEGER);\n"
               "-- +downgrade sqlite\nDROP TABLE t3_lite;\n"
               "-- +upgrade mariadb\n-- nothing to do\n");
    open_all(&sd, &e);
    ck_mg_ok(mg_upgrade(e, sd, "head", NULL, NULL, &err), &err);
    v = scalar(e, "SELECT group_concat(name) FROM sqlite_master WHERE name "
                  "LIKE 't3%'");
    ck_assert_str_eq(v, "t3_lite");
    free(v);
    ck_mg_ok(mg_downgrade(e, sd, "-1", NULL, NULL, &err), &err);
    v = scalar(e, "SELECT count(*) FROM sqlite_master WHERE name LIKE 't3%'");
    ck_assert_str_eq(v, "0");
    free(v);
    ck_mg_ok(mg_upgrade_sql(&pg, mg_dialect_find("postgresql"), sd,
                            "bbbb2222:cccc3333", NULL, &err), &err);
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&pg),
                                 "CREATE TABLE t3 (id INTEGER);"));
    ck_mg_ok(mg_upgrade_sql(&my, mg_dialect_find("mysql"), sd,
                            "bbbb2222:cccc3333", NULL, &err), &err);
    ck_assert_ptr_null(strstr(mg_buf_cstr(&my), "CREATE TABLE t3"));
    mg_buf_release(&pg);
    mg_buf_release(&my);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
}
END_TEST

START_TEST(test_runtime_readonly_creates_nothing)
{
    mg_engine *e;
    mg_strlist cur = MG_STRLIST_INIT;
    mg_error err;
    char path[400];

    ck_mg_ok(mg_engine_open(&e, url, MG_OPEN_READONLY, &err), &err);
    ck_mg_ok(mg_current(&cur, e, NULL, &err), &err);
    ck_assert_int_eq(cur.n, 0);
    mg_engine_free(e);
    snprintf(path, sizeof(path), "%s/app.db", dir);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

/* The progress callback records every report as "task done/total
 * statements_done/statements_total". */
static void
record_progress(void *ctx, const mg_progress_info *in)
{
    mg_buf *b = ctx;

    mg_buf_addf(b, "%s %zu/%zu %zu/%zu\n", in->task, in->done, in->total,
                in->statements_done, in->statements_total);
}

/* Revisions and statements, from the plan's start to its end: a is one
 * statement, b two (the trigger is one); one transaction reports the same. */
START_TEST(test_runtime_progress)
{
    mg_buf got = MG_BUF_INIT;
    mg_progress pr = { record_progress, &got };
    mg_run_opts o;
    mg_scriptdir *sd;
    mg_engine *e;
    mg_error err;
    int one;

    for (one = 0; one < 2; one++) {
        open_all(&sd, &e);
        memset(&o, 0, sizeof(o));
        o.lock_timeout = -1;
        o.progress = &pr;
        o.one_transaction = one;
        mg_buf_clear(&got);
        ck_mg_ok(mg_upgrade(e, sd, "head", &o, NULL, &err), &err);
        ck_assert_str_eq(mg_buf_cstr(&got),
                         "upgrade 0/2 0/3\n"
                         "upgrade 0/2 1/3\n"
                         "upgrade 1/2 1/3\n"
                         "upgrade 1/2 2/3\n"
                         "upgrade 1/2 3/3\n"
                         "upgrade 2/2 3/3\n");
        mg_buf_clear(&got);
        ck_mg_ok(mg_downgrade(e, sd, "base", &o, NULL, &err), &err);
        ck_assert_str_eq(mg_buf_cstr(&got),
                         "downgrade 0/2 0/2\n"
                         "downgrade 0/2 1/2\n"
                         "downgrade 1/2 1/2\n"
                         "downgrade 1/2 2/2\n"
                         "downgrade 2/2 2/2\n");
        /* nothing to do: one report, 0/0 */
        mg_buf_clear(&got);
        ck_mg_ok(mg_downgrade(e, sd, "base", &o, NULL, &err), &err);
        ck_assert_str_eq(mg_buf_cstr(&got), "downgrade 0/0 0/0\n");
        mg_engine_free(e);
        mg_scriptdir_free(sd);
    }
    mg_buf_release(&got);
}
END_TEST

Suite *
runtime_suite(void)
{
    Suite *s = suite_create("runtime");
    TCase *tc = tcase_create("sqlite");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_runtime_upgrade_downgrade);
    tcase_add_test(tc, test_runtime_failure_rolls_back);
    tcase_add_test(tc, test_runtime_stamp_and_changed_file);
    tcase_add_test(tc, test_runtime_offline_script);
    tcase_add_test(tc, test_runtime_offline_backwards);
    tcase_add_test(tc, test_runtime_unknown_revision);
    tcase_add_test(tc, test_runtime_dialect_mismatch);
    tcase_add_test(tc, test_runtime_dialect_sections);
    tcase_add_test(tc, test_runtime_readonly_creates_nothing);
    tcase_add_test(tc, test_runtime_progress);
    suite_add_tcase(s, tc);
    return s;
}
