/* cli_shadow.c - issue 17 item 12: `revision --autogenerate --from
 * migrations` diffs the models against the revisions replayed on a scratch
 * database (check's replay), so no database at head is needed; the
 * scratch database is made on the server `shadow_url` (migrate.ini) or
 * `--shadow-url` names, else the URL's; SQLite replays in memory. The file
 * written is the one a normal autogenerate writes. Loop tests run once
 * per dialect: 0 SQLite, 1 PostgreSQL, 2 MariaDB; a server dialect is
 * skipped when its URL variable is not set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"
#include "suites.h"

static void setup(void) { project_enter(); }

static void teardown(void) { dialect_teardown(); }

#define R2 "migrations/versions/r2_add_b.sql"

/* A revision file without its "-- created:" line (the one line two runs
 * write differently). */
static char *
without_created(const char *path)
{
    char *t = read_file(path), *p, *eol;

    ck_assert_msg(t != NULL, "%s missing", path);
    if ((p = strstr(t, "-- created: ")) != NULL && (eol = strchr(p, '\n')))
        memmove(p, eol + 1, strlen(eol + 1) + 1);
    return t;
}

/* The models: r1's table a, and a new table b. */
static void
models_and_r1(void)
{
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    write_file("models.sql", "CREATE TABLE a (id INTEGER);\n"
               "CREATE TABLE b (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT "
               "NULL);\n");
}

/* The server part of a test server's admin URL, with database db. */
static void
server_url_with(char *out, size_t size, int d, const char *db)
{
    const char *admin = getenv(d == POSTGRESQL ? "MIGRATE_TEST_PG_URL"
                                               : "MIGRATE_TEST_MARIADB_URL");

    snprintf(out, size, "%.*s/%s", (int)(strrchr(admin, '/') - admin),
             admin, db);
}

/* The same file as autogenerate against the database at head writes, with
 * no database at all (SQLite: app.db is not made; a server: the URL names
 * a database that does not exist, and shadow_url a server to replay on). */
START_TEST(test_shadow_autogenerate_from_migrations)
{
    const int d = _i;
    char *want, *got, ini[2048], missing[1024];
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    models_and_r1();
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("revision --autogenerate -m 'add b' --rev-id r2");
    ck_run_status(r, 0);
    run_free(&r);
    want = without_created(R2);
    unlink(R2);

    if (d == SQLITE) {
        unlink("app.db");
    } else {
        server_url_with(missing, sizeof(missing), d, "mgt_no_such_db");
        snprintf(ini, sizeof(ini), "[migrate]\nscript_location = migrations\n"
                 "models = models.sql\nurl = %s\nshadow_url = %s\n", missing,
                 dialect_url());
        write_file("migrate.ini", ini);
    }
    r = migrate("revision --autogenerate --from migrations -m 'add b' "
                "--rev-id r2");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Detected add table b\n"
                     "Generating " R2 " ... done\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    got = without_created(R2);
    ck_assert_str_eq(got, want);
    free(got);
    if (d == SQLITE)
        ck_assert(!path_exists("app.db"));

    /* the replay includes r2 now: nothing left to generate */
    r = migrate("revision --autogenerate --from migrations -m again");
    ck_run_status(r, 0);
    ck_contains(r.out, "No changes in schema detected");
    run_free(&r);
    if (d != SQLITE) {
        /* check --no-db replays on shadow_url's server too */
        r = migrate("check --no-db --no-cache");
        ck_run_status(r, 0);
        run_free(&r);
    }
    free(want);
}
END_TEST

/* --shadow-url overrides the setting; without either, the URL's server
 * is needed, and a missing database there is an error naming it (exit
 * 3, no file written). */
START_TEST(test_shadow_url_option)
{
    const int d = _i;
    char ini[2048], missing[1024];
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    models_and_r1();
    server_url_with(missing, sizeof(missing), d, "mgt_no_such_db");
    snprintf(ini, sizeof(ini), "[migrate]\nscript_location = migrations\n"
             "models = models.sql\nurl = %s\n", missing);
    write_file("migrate.ini", ini);
    r = migrate("revision --autogenerate --from migrations -m 'add b' "
                "--rev-id r2");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrate: replaying the migrations needs a scratch "
                "database on a ");
    ck_contains(r.err, "mgt_no_such_db");
    ck_not_contains(r.err, "migrate-test-pw");
    run_free(&r);
    ck_assert(!path_exists(R2));
    r = migrate("revision --autogenerate --from migrations -m 'add b' "
                "--rev-id r2 --shadow-url '%s'", dialect_url());
    ck_run_status(r, 0);
    ck_contains(r.out, "Detected add table b\n");
    run_free(&r);
    ck_assert(path_exists(R2));
}
END_TEST

/* --from and --shadow-url need --autogenerate; --from takes db or
 * migrations; --shadow-url needs --from migrations. */
START_TEST(test_shadow_usage_errors)
{
    static const struct { const char *args, *err; } cases[] = {
        { "revision -m x --from migrations",
          "migrate: --from needs --autogenerate\n" },
        { "revision -m x --shadow-url sqlite://",
          "migrate: --shadow-url needs --autogenerate\n" },
        { "revision -m x --autogenerate --from dbx",
          "migrate: --from takes 'db' or 'migrations', not 'dbx'\n" },
        { "revision -m x --autogenerate --shadow-url sqlite://",
          "migrate: --shadow-url is for --from migrations\n" },
        { "revision -m x --autogenerate --from db --shadow-url sqlite://",
          "migrate: --shadow-url is for --from migrations\n" },
    };
    size_t i;

    dialect_project(SQLITE, NULL);
    models_and_r1();
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_result r = migrate("%s", cases[i].args);
        ck_run_status(r, 2);
        ck_assert_str_eq(r.err, cases[i].err);
        ck_assert_str_eq(r.out, "");
        run_free(&r);
    }
    {
        char *ls = dir_listing("migrations/versions");
        ck_assert_str_eq(ls, "r1_step.sql\n");
        free(ls);
    }
}
END_TEST

Suite *
cli_shadow_suite(void)
{
    Suite *s = suite_create("cli_shadow");
    TCase *tc = tcase_create("shadow");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_shadow_autogenerate_from_migrations, 0, 3);
    tcase_add_loop_test(tc, test_shadow_url_option, 1, 3);
    tcase_add_test(tc, test_shadow_usage_errors);
    suite_add_tcase(s, tc);
    return s;
}
