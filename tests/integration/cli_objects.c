/* cli_objects.c - schema objects beyond tables on SQLite (issue 20):
 * views and triggers in the models go through revision --autogenerate,
 * upgrade, check, an edit of each (and a table rebuild under them), and
 * downgrade back to the same catalog; a view changed by hand is a
 * finding; `manage =` and `exclude_objects =` leave objects to the
 * revisions, named as not managed; a kind SQLite lacks is refused at its
 * file:line:col. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suites.h"

#define ck_str_value(expr, want) do { \
        char *v_ = (expr); \
        ck_assert_msg(strcmp(v_, (want)) == 0, "%s\n  is '%s'\n  want '%s'", \
                      #expr, v_, (want)); \
        free(v_); \
    } while (0)

/* Run a shell command, asserting exit 0. */
static void
sh_ok(const char *cmd)
{
    run_result r = shell("%s", cmd);

    ck_assert_msg(r.status == 0, "%s: exit %d\n%s%s", cmd, r.status, r.out,
                  r.err);
    run_free(&r);
}

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

static void
ok(const char *cmd)
{
    run_result r = migrate("%s", cmd);

    ck_assert_msg(r.status == 0, "`migrate %s` exited %d\n%s\n%s", cmd,
                  r.status, r.out, r.err);
    run_free(&r);
}

static char *
ok_out(const char *cmd)
{
    run_result r = migrate("%s", cmd);
    char *out;

    ck_assert_msg(r.status == 0, "`migrate %s` exited %d\n%s", cmd,
                  r.status, r.err);
    out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

/* The upgrade section of revision file id (slug s). */
static char *
upgrade_of(const char *id, const char *slug)
{
    char path[256], *text, *up, *down;

    snprintf(path, sizeof(path), "migrations/versions/%s_%s.sql", id, slug);
    text = read_file(path);
    ck_assert_ptr_nonnull(text);
    up = strstr(text, "-- +upgrade\n");
    down = strstr(text, "-- +downgrade\n");
    ck_assert(up && down);
    *down = '\0';
    up = strdup(up + strlen("-- +upgrade\n"));
    free(text);
    return up;
}

#define MODEL1 \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT " \
    "NULL);\n" \
    "CREATE TABLE audit (msg TEXT);\n" \
    "-- the views, the second reading the first\n" \
    "CREATE VIEW v_upper AS SELECT upper(name) AS n FROM v_names;\n" \
    "CREATE VIEW v_names AS SELECT name FROM users;\n" \
    "CREATE TRIGGER trg_users_ins AFTER INSERT ON users\n" \
    "BEGIN\n" \
    "    INSERT INTO audit VALUES (CASE WHEN NEW.id > 10 THEN 'big; "    \
    "very' ELSE 'small' END);\n" \
    "END;\n"

#define MODEL2 \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT " \
    "NULL, bio TEXT CHECK (length(bio) < 100));\n" \
    "CREATE TABLE audit (msg TEXT);\n" \
    "CREATE VIEW v_upper AS SELECT upper(name) AS n FROM v_names;\n" \
    "CREATE VIEW v_names AS SELECT id, name FROM users;\n" \
    "CREATE TRIGGER trg_users_ins AFTER INSERT ON users\n" \
    "BEGIN\n" \
    "    INSERT INTO audit VALUES ('changed');\n" \
    "END;\n" \
    "CREATE TRIGGER trg_v INSTEAD OF INSERT ON v_upper BEGIN SELECT 1; " \
    "END;\n"

START_TEST(test_objects_roundtrip)
{
    char *first, *again, *up;
    run_result r;

    project_init();
    write_file("models.sql", MODEL1);
    ok("revision --autogenerate -m init --rev-id obj1");
    up = upgrade_of("obj1", "init");
    /* a view after the view it reads, the trigger as written */
    ck_assert_str_eq(strstr(up, "CREATE VIEW"),
                     "CREATE VIEW v_names AS SELECT name FROM users;\n"
                     "CREATE VIEW v_upper AS SELECT upper(name) AS n FROM "
                     "v_names;\n"
                     "CREATE TRIGGER trg_users_ins AFTER INSERT ON users\n"
                     "BEGIN\n"
                     "    INSERT INTO audit VALUES (CASE WHEN NEW.id > 10 "
                     "THEN 'big; very' ELSE 'small' END);\n"
                     "END;\n\n");
    free(up);
    ok("upgrade head");
    ok("check");
    first = ok_out("inspect");
    ck_contains(first, "CREATE VIEW v_names AS SELECT name FROM users;\n"
                "CREATE VIEW v_upper AS SELECT upper(name) AS n FROM "
                "v_names;\nCREATE TRIGGER trg_users_ins");
    sh_ok("sqlite3 app.db \"INSERT INTO users VALUES (1, 'ann'), "
          "(20, 'bob')\"");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(msg, '|') "
                              "FROM audit"), "small|big; very");

    /* the views read a table that is rebuilt: dropped before, made
     * after; the changed trigger likewise; a new trigger on a view */
    write_file("models.sql", MODEL2);
    ok("revision --autogenerate -m edit --rev-id obj2");
    up = upgrade_of("obj2", "edit");
    ck_assert_str_eq(strstr(up, "DROP"), strstr(up, "DROP TRIGGER"));
    ck_contains(up, "DROP TRIGGER \"trg_users_ins\";\n"
                "DROP VIEW \"v_upper\";\nDROP VIEW \"v_names\";\n");
    ck_contains(up, "PRAGMA legacy_alter_table = OFF;\n"
                "CREATE VIEW v_names AS SELECT id, name FROM users;\n"
                "CREATE VIEW v_upper AS SELECT upper(name) AS n FROM "
                "v_names;\n"
                "CREATE TRIGGER trg_users_ins AFTER INSERT ON users\n"
                "BEGIN\n    INSERT INTO audit VALUES ('changed');\nEND;\n"
                "CREATE TRIGGER trg_v INSTEAD OF INSERT ON v_upper BEGIN "
                "SELECT 1; END;\n");
    free(up);
    ok("upgrade head");
    ok("check");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(n, ',') FROM "
                              "v_upper"), "ANN,BOB");
    sh_ok("sqlite3 app.db \"INSERT INTO users (id, name) VALUES (3, 'c')\"");
    ck_str_value(sqlite_value("app.db", "SELECT msg FROM audit WHERE rowid "
                              "= 3"), "changed");

    /* downgrade gives the first catalog back, exactly */
    ok("downgrade -1");
    again = ok_out("inspect");
    ck_assert_str_eq(again, first);
    free(again);
    ok("upgrade head");
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
    free(first);
}
END_TEST

/* A view changed in the database, and a trigger dropped: findings by
 * name, exit 1. */
START_TEST(test_objects_drift)
{
    run_result r;

    project_init();
    write_file("models.sql", MODEL2);
    ok("revision --autogenerate -m init --rev-id obj1");
    ok("upgrade head");
    ok("check");
    sh_ok("sqlite3 app.db \"DROP VIEW v_upper; CREATE VIEW v_upper AS "
          "SELECT lower(name) AS n FROM v_names;\"");
    r = migrate("check");
    ck_run_status(r, 1);
    ck_assert_str_eq(r.out, "database differs from models: change view "
                     "v_upper\n"
                     "database differs from models: add trigger trg_v on "
                     "table v_upper\n"
                     "check failed: 2 finding(s)\n");
    run_free(&r);
    r = migrate("check --json");
    ck_run_status(r, 1);
    ck_json(r.out, "d['findings'] == ['database differs from models: "
            "change view v_upper', 'database differs from models: add "
            "trigger trg_v on table v_upper'] and [x['change'] for x in "
            "d['details']] == ['change_object', 'add_object']");
    run_free(&r);
}
END_TEST

/* manage = leaves triggers to the revisions: a hand-made one is not a
 * difference, is named as not managed, and survives a rebuild; an
 * excluded view likewise; a bad kind is a config error. */
START_TEST(test_objects_manage)
{
    run_result r;

    project_init();
    ini_add("manage = tables, views");
    ini_add("exclude_objects = tmp_*");
    write_file("models.sql",
               "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
               "CREATE VIEW v AS SELECT a FROM t;\n");
    ok("revision --autogenerate -m init --rev-id m1");
    ok("upgrade head");
    sh_ok("sqlite3 app.db \"CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN "
          "SELECT 1; END; CREATE VIEW tmp_v AS SELECT id FROM t;\"");
    ok("check");
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err,
                     "migrate: warning: not managed: trigger t_ai on table "
                     "t\n"
                     "migrate: warning: not managed: view tmp_v\n");
    ck_not_contains(r.out, "t_ai");
    run_free(&r);
    /* a rebuild of t keeps the hand-made trigger */
    write_file("models.sql",
               "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(9));\n"
               "CREATE VIEW v AS SELECT a FROM t;\n");
    ok("revision --autogenerate -m narrow --rev-id m2");
    ok("upgrade head");
    ok("check");
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM sqlite_master "
                              "WHERE name = 't_ai'"), "1");
    ini_add("manage = tables, gadgets");
    r = migrate("check");
    ck_run_status(r, 2);
    ck_contains(r.err, "invalid manage item 'gadgets'");
    run_free(&r);
}
END_TEST

/* Kinds SQLite lacks, at the statement's first token. */
START_TEST(test_objects_unavailable_kind)
{
    run_result r;

    project_init();
    write_file("models.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
               "  CREATE SEQUENCE s;\n");
    r = migrate("revision --autogenerate -m x");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: models.sql:2:3: CREATE SEQUENCE is "
                     "not available on sqlite\n");
    run_free(&r);
    write_file("models.sql", "CREATE OR REPLACE FUNCTION f() RETURNS int "
               "AS $$ SELECT 1; $$ LANGUAGE sql;\n");
    r = migrate("check --no-db");
    ck_run_status(r, 2);
    ck_contains(r.err, "models.sql:1:1: CREATE FUNCTION is not available "
                "on sqlite");
    run_free(&r);
}
END_TEST

/* sorted-tables --all-objects orders everything for creation (and
 * --reverse for dropping); inspect --format json lists the objects. */
START_TEST(test_objects_sorted_and_json)
{
    run_result r;

    project_init();
    write_file("models.sql", MODEL2);
    r = migrate("sorted-tables --all-objects");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "table audit\ntable users\nview v_names\n"
                     "view v_upper\ntrigger trg_users_ins\ntrigger trg_v\n");
    run_free(&r);
    r = migrate("sorted-tables --all-objects --reverse --json");
    ck_run_status(r, 0);
    ck_json(r.out, "[o['kind'] + ' ' + o['name'] for o in d['objects']] == "
            "['trigger trg_v', 'trigger trg_users_ins', 'view v_upper', "
            "'view v_names', 'table users', 'table audit']");
    run_free(&r);
    r = migrate("inspect --from models --format json");
    ck_run_status(r, 0);
    ck_json(r.out, "[(o['kind'], o['name'], o['table'], o['depends']) for o "
            "in d['objects']] == [('view', 'v_upper', None, ['v_names']), "
            "('view', 'v_names', None, ['users']), ('trigger', "
            "'trg_users_ins', 'users', ['users', 'audit']), ('trigger', "
            "'trg_v', 'v_upper', ['v_upper'])] and d['objects'][1]"
            "['definition'] == 'CREATE VIEW v_names AS SELECT id, name FROM "
            "users'");
    run_free(&r);
}
END_TEST

Suite *
cli_objects_suite(void)
{
    Suite *s = suite_create("cli_objects");
    TCase *tc = tcase_create("sqlite");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_objects_roundtrip);
    tcase_add_test(tc, test_objects_drift);
    tcase_add_test(tc, test_objects_manage);
    tcase_add_test(tc, test_objects_unavailable_kind);
    tcase_add_test(tc, test_objects_sorted_and_json);
    suite_add_tcase(s, tc);
    return s;
}
