/* cli_offline.c - the offline and advice paths of the migrate binary:
 * `upgrade --sql FROM:TO` refuses a range that goes backwards, `downgrade
 * --sql FROM:TO` works from any FROM with no connection at all (each script
 * is run with the sqlite3 shell on a database the upgrade script built), a
 * database at a revision the checkout lacks gets advice that keeps its
 * record, and --json output stays valid UTF-8 whatever bytes a string
 * holds. The graph:
 *
 *   r1 -> r2 -> fa -\
 *           \-> fb --> m        x1 (label other) -> xd (depends on r2)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suites.h"

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    project_enter();
}

static void
teardown(void)
{
    project_leave();
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define ck_str_value(expr, want) do { \
        char *v_ = (expr); \
        ck_assert_msg(strcmp(v_, (want)) == 0, "%s\n  is '%s'\n  want '%s'", \
                      #expr, v_, (want)); \
        free(v_); \
    } while (0)

/* Run migrate, assert the exit status, return stdout (caller frees). */
static char *
run_want(int want, const char *args)
{
    run_result r = migrate("%s", args);
    char *out;

    ck_assert_msg(r.status == want, "migrate %s: exit %d, want %d\n%s%s",
                  args, r.status, want, r.out, r.err);
    out = strdup(r.out);
    run_free(&r);
    return out;
}

static void
graph(void)
{
    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    write_revision("r2", "r1", NULL, "CREATE TABLE t2 (id INTEGER);",
                   "DROP TABLE t2;");
    write_revision("fa", "r2", NULL, "CREATE TABLE ta (id INTEGER);",
                   "DROP TABLE ta;");
    write_revision("fb", "r2", NULL, "CREATE TABLE tb (id INTEGER);",
                   "DROP TABLE tb;");
    write_revision("m", "fa, fb", NULL, "", "");
    write_revision("x1", "", "-- branch_labels: other\n",
                   "CREATE TABLE x1 (id INTEGER);", "DROP TABLE x1;");
    write_revision("xd", "x1", "-- depends_on: r2\n",
                   "CREATE TABLE xd (id INTEGER);", "DROP TABLE xd;");
}

/* Run a script with the sqlite3 shell on db. */
static void
sqlite_script(const char *db, const char *script)
{
    run_result r;

    write_file("script.sql", script);
    r = shell("sqlite3 -bail '%s' '.read script.sql'", db);
    ck_assert_msg(r.status == 0, "sqlite3 failed: %s\n%s", r.err, script);
    run_free(&r);
}

/* The user tables and the version rows of db: "t1 t2 | r2", sorted. */
static char *
state(const char *db)
{
    return sqlite_value(db, "SELECT coalesce((SELECT group_concat(name, ' ') "
                        "FROM (SELECT name FROM sqlite_master WHERE type = "
                        "'table' AND name NOT LIKE 'migrate%' ORDER BY 1)), "
                        "'') || ' | ' || coalesce((SELECT group_concat("
                        "version_num, ' ') FROM (SELECT version_num FROM "
                        "migrate_version ORDER BY 1)), '')");
}

/* The revisions a script reverts or applies, in its order. */
static char *
script_steps(const char *script, const char *verb)
{
    char *out = calloc(1, strlen(script) + 1), marker[32];
    const char *p = script;
    size_t len;

    snprintf(marker, sizeof(marker), "\n-- %s ", verb);
    len = strlen(marker);
    while ((p = strstr(p, marker)) != NULL) {
        p += len;
        if (*out)
            strcat(out, " ");
        strncat(out, p, strcspn(p, ":"));
    }
    return out;
}

START_TEST(test_offline_upgrade_backwards)
{
    run_result r;
    char *out;

    graph();
    /* a range whose end comes before its start: exit 2, no script */
    r = migrate("upgrade --sql m:fa");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "migrate: upgrade range 'm:fa' goes backwards: "
                     "its end comes before its start (the script that "
                     "reverts it: 'migrate downgrade --sql m:fa')\n");
    run_free(&r);
    r = migrate("upgrade --sql fa:r1");
    ck_run_status(r, 2);
    ck_contains(r.err, "upgrade range 'fa:r1' goes backwards");
    run_free(&r);
    r = migrate("upgrade --sql m:base");
    ck_run_status(r, 2);
    run_free(&r);
    /* through a dependency: r2 comes before xd */
    r = migrate("upgrade --sql xd:r2");
    ck_run_status(r, 2);
    run_free(&r);
    /* an empty range and a sideways one are fine */
    free(run_want(0, "upgrade --sql fa:fa"));
    out = run_want(0, "upgrade --sql fa:fb");
    ck_str_value(script_steps(out, "upgrade"), "fb");
    free(out);
    /* the suggested command is the script that was meant */
    out = run_want(0, "downgrade --sql m:fa");
    ck_str_value(script_steps(out, "downgrade"), "m");
    free(out);
    /* all offline: the configured SQLite database never appeared */
    ck_assert(!path_exists("app.db"));
}
END_TEST

static const struct {
    const char *from;
    const char *to;
    const char *reverted;   /* the script's steps, in order */
    const char *after;      /* state() once the script ran */
} down_cases[] = {
    /* down from a merge: the merge goes, its parents stay as heads */
    { "m", "-1", "m", "t1 t2 ta tb | fa fb" },
    { "m", "fa", "m", "t1 t2 ta tb | fa fb" },
    { "m", "r2", "m fb fa", "t1 t2 | r2" },
    { "m", "m@-1", "m", "t1 t2 ta tb | fa fb" },
    /* from the merge's parents */
    { "m-1", "r1", "fb fa r2", "t1 | r1" },
    { "m-1", "fa@-1", "fa", "t1 t2 tb | fb" },
    { "fa", "-2", "fa r2", "t1 | r1" },
    /* xd depends on r2: -1 walks from xd, and r2 stays */
    { "xd", "-1", "xd", "t1 t2 x1 | r2 x1" },
    { "heads", "other@base", "xd x1", "t1 t2 ta tb | m" },
    { "heads", "base", "xd x1 m fb fa r2 r1", " | " },
};

START_TEST(test_offline_downgrade_any)
{
    char args[128], *up, *down, *steps;

    graph();
    snprintf(args, sizeof(args), "upgrade --sql %s", down_cases[_i].from);
    up = run_want(0, args);
    sqlite_script("off.db", up);
    snprintf(args, sizeof(args), "downgrade --sql %s:%s",
             down_cases[_i].from, down_cases[_i].to);
    down = run_want(0, args);
    steps = script_steps(down, "downgrade");
    ck_assert_msg(strcmp(steps, down_cases[_i].reverted) == 0,
                  "%s: reverts '%s', want '%s'", args, steps,
                  down_cases[_i].reverted);
    sqlite_script("off.db", down);
    ck_str_value(state("off.db"), down_cases[_i].after);
    free(steps);
    free(up);
    free(down);
    ck_assert(!path_exists("app.db"));
}
END_TEST

/* No connection at all: a server URL nothing listens on is only read for
 * its dialect. */
START_TEST(test_offline_downgrade_no_server)
{
    run_result r;

    graph();
    r = migrate("--url postgresql://nobody:secret@127.0.0.1:1/none "
                "downgrade --sql m:-1");
    ck_run_status(r, 0);
    ck_contains(r.out, "-- migrate downgrade script for postgresql (m:-1)");
    ck_contains(r.out, "DELETE FROM \"migrate_version\" WHERE version_num = "
                "'m';");
    ck_str_value(script_steps(r.out, "downgrade"), "m");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

/* The database is at a revision this checkout lacks: the advice keeps the
 * record, and following it works. */
START_TEST(test_offline_unknown_revision_advice)
{
    static const char *const cmds[] = { "upgrade head", "downgrade base",
                                        "stamp r1" };
    static const char want[] = "migrate: the database is at revision 'gh', "
        "which is not in 'migrations/versions' (applied from another branch "
        "or checkout?): run migrate from a checkout that has it, e.g. after "
        "git pull; to leave that branch, downgrade there first to a "
        "revision this checkout also has\n";
    run_result r;
    char *text;
    int i;

    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    write_revision("gh", "r1", NULL, "CREATE TABLE tg (id INTEGER);",
                   "DROP TABLE tg;");
    free(run_want(0, "upgrade head"));
    /* this checkout has only r1 */
    text = read_file("migrations/versions/gh_gh.sql");
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(remove("migrations/versions/gh_gh.sql"), 0);
    for (i = 0; i < N(cmds); i++) {
        r = migrate("%s", cmds[i]);
        ck_run_status(r, 2);
        ck_assert_str_eq(r.err, want);
        ck_not_contains(r.err, "--purge");
        run_free(&r);
    }
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(version_num) "
                              "FROM migrate_version"), "gh");
    /* the checkout that has it downgrades to a shared revision... */
    write_file("migrations/versions/gh_gh.sql", text);
    free(run_want(0, "downgrade r1"));
    /* ...and this one goes on from there */
    ck_assert_int_eq(remove("migrations/versions/gh_gh.sql"), 0);
    free(run_want(0, "upgrade head"));
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(version_num) "
                              "FROM migrate_version"), "r1");
    free(text);
}
END_TEST

/* Assert that text is valid UTF-8 holding one JSON document for which the
 * Python expression check is true (the document is `d`). */
static void
ck_json_utf8(const char *text, const char *check)
{
    char script[2048];
    run_result r;

    write_file("doc.json", text);
    snprintf(script, sizeof(script),
             "import json, sys\n"
             "d = json.loads(open('doc.json', 'rb').read().decode('utf-8'))\n"
             "sys.exit(0 if (%s) else 1)\n", check);
    write_file("check.py", script);
    r = shell("python3 check.py");
    ck_assert_msg(r.status == 0, "not valid UTF-8 JSON, or %s is false:\n%s"
                  "\n%s", check, text, r.err);
    run_free(&r);
}

START_TEST(test_offline_json_utf8)
{
    /* Latin-1 e-acute, a well-formed e-acute, an encoded surrogate */
    static const char message[] = "caf\xe9 \xc3\xa9t\xc3\xa9 \xed\xa0\x80!";
    static const char want[] =
        "'caf\\ufffd \\u00e9t\\u00e9 \\ufffd\\ufffd\\ufffd!'";
    char text[512], check[256], *out;
    run_result r;

    project_init();
    snprintf(text, sizeof(text), "-- revision: r1\n-- down_revision: \n"
             "-- message: %s\n-- created: 2026-01-01 00:00:00+00:00\n\n"
             "-- +upgrade\n\n-- +downgrade\n", message);
    write_file("migrations/versions/r1_bytes.sql", text);
    out = run_want(0, "--json history");
    snprintf(check, sizeof(check), "d['revisions'][0]['message'] == %s",
             want);
    ck_json_utf8(out, check);
    free(out);
    out = run_want(0, "--json show r1");
    snprintf(check, sizeof(check), "d['message'] == %s", want);
    ck_json_utf8(out, check);
    free(out);
    out = run_want(0, "--json heads");
    snprintf(check, sizeof(check), "d['heads'][0]['message'] == %s", want);
    ck_json_utf8(out, check);
    free(out);
    /* an error message quoting the bytes, and a truncated sequence */
    r = migrate("--json show \"$(printf 'r\\377x\\303')\"");
    ck_run_status(r, 2);
    ck_json_utf8(r.out, "d['ok'] is False and d['error'] == "
                 "\"unknown revision 'r\\ufffdx\\ufffd'\"");
    run_free(&r);
}
END_TEST

static TCase *
tc(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 30);
    suite_add_tcase(s, t);
    return t;
}

Suite *
cli_offline_suite(void)
{
    Suite *s = suite_create("cli_offline");

    tcase_add_test(tc(s, "upgrade_backwards"),
                   test_offline_upgrade_backwards);
    tcase_add_loop_test(tc(s, "downgrade_any"), test_offline_downgrade_any,
                        0, N(down_cases));
    tcase_add_test(tc(s, "downgrade_no_server"),
                   test_offline_downgrade_no_server);
    tcase_add_test(tc(s, "unknown_revision_advice"),
                   test_offline_unknown_revision_advice);
    tcase_add_test(tc(s, "json_utf8"), test_offline_json_utf8);
    return s;
}
