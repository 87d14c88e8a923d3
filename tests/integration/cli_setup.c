/* cli_setup.c - what the command table declares each command needs
 * (config required, optional or none; a database required or optional),
 * loaded by the dispatcher: a command that can run outside a project does
 * so without a word about a config file, one that cannot says why in one
 * message; and --json prints exactly one document on stdout, on errors
 * too (usage errors and unknown commands included). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suites.h"

#define NO_CONFIG "migrate: cannot open config file 'migrate.ini': No such " \
                  "file or directory (run 'migrate init', or pass -c FILE)\n"

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

/* Commands run in a directory with no migrate.ini: exit status, exact
 * stdout (NULL: not checked) and exact stderr. */
static const struct {
    const char *args;
    int         status;
    const char *out, *err;
} outside_cases[] = {
    /* config optional (CLI_CONFIG_GENTLY): nothing said about it */
    { "--url sqlite:///app.db current", 0,
      "(base) (no version table 'migrate_version')\n", "" },
    { "--json --url sqlite:///app.db current", 0, "{\"current\":[]}\n", "" },
    { "diff --from models:m.sql --to models:m.sql", 0, "", "" },
    { "inspect --from models:m.sql", 0, NULL, "" },
    { "erd --from models:m.sql", 0, NULL, "" },
    { "sorted-tables --from models:m.sql", 0, "t\n", "" },
    { "--json sorted-tables --from models:m.sql", 0,
      "{\"tables\":[\"t\"],\"cycles\":[]}\n", "" },
    { "lint --list-rules", 0, NULL, "" },
    /* a -c FILE that is missing is an error even where ./migrate.ini may
     * be missing */
    { "-c nope.ini diff --from models:m.sql --to models:m.sql", 2, "",
      "migrate: cannot open config file 'nope.ini': No such file or "
      "directory\n" },
    { "-c nope.ini --url sqlite:///app.db current", 2, "",
      "migrate: cannot open config file 'nope.ini': No such file or "
      "directory\n" },
    /* config required (CLI_CONFIG): one message, nothing else */
    { "heads", 2, "", NO_CONFIG },
    { "history", 2, "", NO_CONFIG },
    { "check --no-db", 2, "", NO_CONFIG },
    { "--url sqlite:///app.db upgrade --sql", 2, "", NO_CONFIG },
    { "revision -m x", 2, "", NO_CONFIG },
    { "lint", 2, "", NO_CONFIG },
    /* a database required (CLI_DB) and none named */
    { "current", 2, "", "migrate: no database URL: pass --url, set "
      "MIGRATE_URL or DATABASE_URL, or set url in the config\n" },
};

START_TEST(test_setup_outside_project)
{
    run_result r;

    write_file("m.sql", "CREATE TABLE t (id INTEGER);\n");
    r = migrate("%s", outside_cases[_i].args);
    ck_run_status(r, outside_cases[_i].status);
    if (outside_cases[_i].out)
        ck_assert_str_eq(r.out, outside_cases[_i].out);
    ck_assert_str_eq(r.err, outside_cases[_i].err);
    run_free(&r);
    /* nothing made: no config, no versions, no database file */
    ck_assert(!path_exists("migrate.ini"));
    ck_assert(!path_exists("migrations"));
    ck_assert(!path_exists("app.db"));
}
END_TEST

/* Failing --json runs: in a project (or not), the exit status, and the
 * one document's check ("d" in Python). */
static const struct {
    int         project;
    const char *args;
    int         status;
    const char *check;
} json_cases[] = {
    { 0, "--json heads", 2, "d['ok'] is False and d['exit_code'] == 2 and "
      "'migrate.ini' in d['error']" },
    { 0, "--json current", 2, "d['exit_code'] == 2 and 'no database URL' "
      "in d['error']" },
    { 0, "--json check", 2, "d['exit_code'] == 2" },
    /* usage errors and unknown commands: a document too */
    { 0, "--json heads --bogus", 2, "d == {'ok': False, 'exit_code': 2, "
      "'error': \"unknown option '--bogus'\"}" },
    { 0, "heads --json --urll=postgresql://u:secret@h/db", 2,
      "d['exit_code'] == 2 and 'secret' not in d['error'] and '***' in "
      "d['error']" },
    { 0, "--json nosuch", 2, "d == {'ok': False, 'exit_code': 2, "
      "'error': \"unknown command 'nosuch'\"}" },
    { 0, "--json show", 2, "d['error'] == 'show: missing argument'" },
    { 1, "--json upgrade nosuch", 2, "d['ok'] is False and 'nosuch' in "
      "d['error']" },
    { 1, "--json history -r x:y", 2, "d['ok'] is False" },
    { 1, "--json show nosuch", 2, "d['ok'] is False" },
    { 1, "--json revision -m again --rev-id r1", 2, "d['ok'] is False" },
    { 1, "--json check --no-db", 1, "d['ok'] is False and "
      "len(d['findings']) == 1" },
    { 1, "--json inspect --format xx", 2, "d['ok'] is False" },
    { 1, "--json upgrade --lock-timeout abc", 2, "d['ok'] is False" },
};

START_TEST(test_setup_json_one_document)
{
    run_result r;

    if (json_cases[_i].project) {
        project_init();
        write_file("models.sql", "CREATE TABLE t1 (id INTEGER);\n"
                   "CREATE TABLE t2 (id INTEGER);\n");
        write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                       "DROP TABLE t1;");
    }
    r = migrate("%s", json_cases[_i].args);
    ck_run_status(r, json_cases[_i].status);
    /* ck_json reads exactly one document: a second one fails it */
    ck_json(r.out, json_cases[_i].check);
    ck_assert_msg(strchr(r.out, '\n') == r.out + strlen(r.out) - 1,
                  "more than one line on stdout:\n%s", r.out);
    if (json_cases[_i].status == 2)     /* an error is also told on stderr */
        ck_assert_str_ne(r.err, "");
    run_free(&r);
}
END_TEST

Suite *
cli_setup_suite(void)
{
    Suite *s = suite_create("cli_setup");
    TCase *tc = tcase_create("setup");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_loop_test(tc, test_setup_outside_project, 0,
                        sizeof(outside_cases) / sizeof(outside_cases[0]));
    tcase_add_loop_test(tc, test_setup_json_one_document, 0,
                        sizeof(json_cases) / sizeof(json_cases[0]));
    suite_add_tcase(s, tc);
    return s;
}
