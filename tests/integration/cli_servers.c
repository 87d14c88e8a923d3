/* cli_servers.c - the migrate binary against the real PostgreSQL and
 * MariaDB servers of scripts/test-servers.sh, each result read back with
 * psql or the mariadb client. Every test runs once per server (loop index)
 * and is skipped when that server's URL is not set. */
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

/* A project on server s; returns 0 when s is not configured. */
static int
project(const server *s)
{
    return dialect_project(s == &servers[0] ? POSTGRESQL : MARIADB, NULL);
}

/* The same database through the server's unix socket (the test servers
 * listen in MIGRATE_TEST_DIR): PostgreSQL with a socket directory as host,
 * MariaDB with ?unix_socket=; the password stays hidden. */
START_TEST(test_servers_unix_socket)
{
    const server *s = &servers[_i];
    const char *dir = getenv("MIGRATE_TEST_DIR");
    char url[2048], auth[512], port[16];
    const char *db_url, *at, *hostport, *slash, *colon;
    run_result r;
    char *v;

    if (!dir) {
        test_skip("MIGRATE_TEST_DIR (the servers' socket directory)");
        return;
    }
    if (!project(s))
        return;
    db_url = dialect_url();
    at = strchr(db_url, '@');
    slash = strchr(at, '/');
    colon = memchr(at, ':', (size_t)(slash - at));
    hostport = strstr(db_url, "://") + 3;
    snprintf(auth, sizeof(auth), "%.*s", (int)(at - hostport), hostport);
    snprintf(port, sizeof(port), "%.*s", colon ? (int)(slash - colon - 1) : 0,
             colon ? colon + 1 : "");
    if (strcmp(s->name, "postgresql") == 0)
        snprintf(url, sizeof(url), "postgresql://%s@%s?host=%s/pg&port=%s",
                 auth, slash, dir, port);
    else
        snprintf(url, sizeof(url), "mariadb://%s@localhost%s?unix_socket="
                 "%s/my/sock", auth, slash, dir);
    step_revision("r1", "", "",
                  "CREATE TABLE via_socket (id INTEGER PRIMARY KEY);",
             "DROP TABLE via_socket;");
    r = migrate("--url '%s' upgrade head", url);
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("--url '%s' -v current", url);
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "r1"));
    ck_assert_ptr_null(strstr(r.out, "migrate-test-pw"));
    ck_assert_ptr_null(strstr(r.err, "migrate-test-pw"));
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM via_socket");
    ck_assert_str_eq(v, "0");
    free(v);
}
END_TEST

/* TLS parameters reach the client library: the test servers have no TLS,
 * so demanding it fails (exit 3, the library's reason, no password); a
 * flag that is neither true nor false is a bad URL (exit 2). */
START_TEST(test_servers_tls_parameters)
{
    const server *s = &servers[_i];
    const int pg = strcmp(s->name, "postgresql") == 0;
    run_result r;

    if (!project(s))
        return;
    r = migrate("--url '%s?%s' current", dialect_url(),
                pg ? "sslmode=require" : "ssl=true&ssl_verify_server_cert=true");
    ck_run_status(r, 3);
    ck_assert_ptr_nonnull(strstr(r.err, "SSL"));
    ck_assert_ptr_null(strstr(r.err, "migrate-test-pw"));
    run_free(&r);
    r = migrate("--url '%s?%s' current", dialect_url(),
                pg ? "sslmode=disable" : "ssl=false");
    ck_run_status(r, 0);
    run_free(&r);
    if (!pg) {
        r = migrate("--url '%s?ssl=maybe' current", dialect_url());
        ck_run_status(r, 2);
        ck_assert_ptr_nonnull(strstr(r.err, "ssl must be true or false"));
        run_free(&r);
    }
}
END_TEST

START_TEST(test_servers_upgrade_downgrade)
{
    const server *s = &servers[_i];
    run_result r;
    char *v;

    if (!project(s))
        return;
    step_revision("r1", "", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, "
             "name VARCHAR(50) NOT NULL);", "DROP TABLE users;");
    step_revision("r2", "r1", "",
                  "CREATE TABLE posts (id INTEGER PRIMARY KEY, "
             "user_id INTEGER REFERENCES users (id));\n"
             "CREATE INDEX ix_posts_user_id ON posts (user_id);",
             "DROP TABLE posts;");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = server_value(s, "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r2");
    free(v);
    v = server_value(s, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'upgrade' AND length(checksum) = 64");
    ck_assert_str_eq(v, "2");
    free(v);
    r = migrate("current");
    ck_run_status(r, 0);
    ck_contains(r.out, "r2 (head)");
    run_free(&r);
    r = migrate("downgrade -1");
    ck_run_status(r, 0);
    run_free(&r);
    v = server_value(s, "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r1");
    free(v);
    v = server_value(s, strcmp(s->name, "mariadb") == 0
                     ? "SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'posts' AND table_schema = "
                       "DATABASE()"
                     : "SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'posts'");
    ck_assert_str_eq(v, "0");
    free(v);
    r = migrate("downgrade base");
    ck_run_status(r, 0);
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM migrate_version");
    ck_assert_str_eq(v, "0");
    free(v);
}
END_TEST

START_TEST(test_servers_failure_keeps_previous_revision)
{
    const server *s = &servers[_i];
    run_result r;
    char *v;

    if (!project(s))
        return;
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    step_revision("r2", "r1", "", "CREATE TABLE b (id INTEGER);\n"
             "INSERT INTO nonexistent VALUES (1);", "DROP TABLE b;");
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrations/versions/r2_step.sql:7:");
    if (strcmp(s->name, "mariadb") == 0) {
        /* DDL is not transactional: the message says what already ran */
        ck_contains(r.err, "already ran");
        ck_contains(r.err, "migrations/versions/r2_step.sql:6");
    }
    run_free(&r);
    v = server_value(s, "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r1");
    free(v);
    v = server_value(s, "SELECT count(*) FROM migrate_version_log WHERE "
                     "revision = 'r2'");
    ck_assert_str_eq(v, "0");
    free(v);
    if (strcmp(s->name, "postgresql") == 0) {
        v = server_value(s, "SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'b'");
        ck_assert_str_eq(v, "0");
        free(v);
    }
}
END_TEST

START_TEST(test_servers_offline_script_matches_online)
{
    const server *s = &servers[_i];
    const int pg = strcmp(s->name, "postgresql") == 0;
    run_result r;
    char *v;

    if (!project(s))
        return;
    step_revision("r1", "", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, n "
             "INTEGER);", "DROP TABLE t;");
    if (pg)
        step_revision("r2", "r1", "",
                      "CREATE FUNCTION bump() RETURNS trigger AS "
                 "$$\nBEGIN\n  NEW.n := NEW.n + 1;\n  RETURN NEW;\nEND;\n$$ "
                 "LANGUAGE plpgsql;\nCREATE TRIGGER tr BEFORE INSERT ON t "
                 "FOR EACH ROW EXECUTE FUNCTION bump();\n"
                 /* a body that reads a table created after it: psql runs
                  * it as migrate does only with the script's SET line */
                 "CREATE FUNCTION n_later() RETURNS bigint LANGUAGE sql AS "
                 "'SELECT count(*) FROM later';\n"
                 "CREATE TABLE later (x INTEGER);",
                 "DROP TABLE later;\nDROP FUNCTION n_later();\n"
                 "DROP TRIGGER tr ON t;\nDROP FUNCTION bump();");
    else
        step_revision("r2", "r1", "",
                      "CREATE TRIGGER tr BEFORE INSERT ON t FOR "
                 "EACH ROW BEGIN\n  IF NEW.n IS NOT NULL THEN\n    SET NEW.n "
                 "= NEW.n + 1;\n  END IF;\nEND;", "DROP TRIGGER tr;");
    r = migrate("upgrade head --sql");
    ck_run_status(r, 0);
    if (pg)
        ck_contains(r.out, "(base:head)\n\nSET check_function_bodies = "
                    "false;\n");
    else
        ck_not_contains(r.out, "check_function_bodies");
    write_file("script.sql", r.out);
    run_free(&r);
    ck_assert_int_eq(server_run_file(s, "script.sql"), 0);
    v = server_value(s, "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r2");
    free(v);
    v = server_value(s, "INSERT INTO t (id, n) VALUES (1, 1); "
                     "SELECT n FROM t");
    ck_assert_str_eq(v, "2");
    free(v);
    /* the online downgrade continues from what the script left */
    r = migrate("downgrade base");
    ck_run_status(r, 0);
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM migrate_version");
    ck_assert_str_eq(v, "0");
    free(v);
}
END_TEST

START_TEST(test_servers_concurrent_runs_apply_once)
{
    const server *s = &servers[_i];
    run_result r;
    char id[16], down[16], up[128];
    int i;
    char *v;

    if (!project(s))
        return;
    for (i = 1; i <= 50; i++) {
        snprintf(id, sizeof(id), "r%02d", i);
        snprintf(down, sizeof(down), i > 1 ? "r%02d" : "", i - 1);
        /* the first step takes a second, so that every run overlaps */
        snprintf(up, sizeof(up), "CREATE TABLE t%02d (id INTEGER);%s", i,
                 i > 1 ? "" : strcmp(s->name, "postgresql") == 0
                                  ? "\nSELECT pg_sleep(1);"
                                  : "\nDO SLEEP(1);");
        step_revision(id, down, "", up, "");
    }
    r = shell("pids=; for i in 1 2 3 4 5 6 7 8; do '%s' upgrade head > "
              "out.$i 2>&1 & pids=\"$pids $!\"; done; fail=0; for p in $pids; "
              "do wait $p || fail=1; done; exit $fail", getenv("MIGRATE_BIN"));
    ck_assert_msg(r.status == 0, "a concurrent run failed: %s %s", r.out,
                  r.err);
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'upgrade'");
    ck_assert_str_eq(v, "50");
    free(v);
    v = server_value(s, "SELECT count(DISTINCT revision) FROM "
                     "migrate_version_log");
    ck_assert_str_eq(v, "50");
    free(v);
    v = server_value(s, "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r50");
    free(v);
    /* the runs that found the work done while they waited say so */
    r = shell("( grep -l 'another migrate run applied' out.* | wc -l )");
    if (atoi(r.out) < 1) {
        run_result o = shell("tail -n 3 out.*");
        ck_abort_msg("no run says it waited:\n%s", o.out);
    }
    run_free(&r);
}
END_TEST

START_TEST(test_servers_password_never_printed)
{
    const server *s = &servers[_i];
    char bad[1024];
    const char *admin = getenv(s->env);
    run_result r;

    if (!admin || !project(s))
        return;
    /* the same credentials, a database that does not exist */
    snprintf(bad, sizeof(bad), "%.*s/no_such_db_here",
             (int)(strrchr(admin, '/') - admin), admin);
    r = migrate("--url '%s' upgrade head", bad);
    ck_run_status(r, 3);
    ck_not_contains(r.out, "migrate-test-pw");
    ck_not_contains(r.err, "migrate-test-pw");
    ck_contains(r.err, "***");
    run_free(&r);
    r = migrate("--url '%s' --json current", bad);
    ck_run_status(r, 3);
    ck_not_contains(r.out, "migrate-test-pw");
    ck_not_contains(r.err, "migrate-test-pw");
    run_free(&r);
}
END_TEST

/* Every command, in every output form, on a working database whose URL
 * (in migrate.ini, and given with --url) holds the password: the password
 * appears in none of the outputs. */
START_TEST(test_servers_password_in_no_output)
{
    static const struct {
        const char *args;   /* %s: the URL with the password */
        int         status;
    } cmds[] = {
        { "revision -m one --rev-id r1", 0 },
        { "-v --echo upgrade head", 0 }, { "current", 0 },
        { "-v current", 0 }, { "--json current", 0 }, { "heads", 0 },
        { "--json heads", 0 }, { "branches", 0 }, { "history", 0 },
        { "-v history", 0 }, { "--json history", 0 }, { "show r1", 0 },
        { "--json show r1", 0 }, { "upgrade --sql", 0 },
        { "downgrade --sql head:base", 0 },
        /* the models hold t, the migrations t0: differences */
        { "check", 1 }, { "--json check", 1 }, { "check --no-db", 1 },
        { "diff --from db --to models", 1 },
        { "--json diff --from db --to models", 1 },
        { "inspect", 0 }, { "--json inspect --format json", 0 },
        { "erd --from db", 0 }, { "--json erd --from db", 0 },
        { "sorted-tables --from db", 0 },
        { "--json sorted-tables --from db", 0 },
        { "revision --autogenerate -m two --rev-id r2", 0 },
        { "--echo -v upgrade head", 0 }, { "-v --echo downgrade -1", 0 },
        { "stamp head", 0 }, { "-v stamp base", 0 },
        /* t0 is still there: the step fails */
        { "--json upgrade head", 3 }, { "--json downgrade base", 0 },
        { "--url '%s' -v --echo upgrade head", 3 },
        { "--url '%s' --json current", 0 }, { "--url '%s' check", 1 },
        { "--url '%s' nosuchcommand", 2 },
        { "--url '%s' upgrade nosuchrev", 2 },
    };
    const server *s = &servers[_i];
    size_t i;

    if (!project(s))
        return;
    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, "
               "name VARCHAR(20));\n");
    step_revision("r0", "", "", "CREATE TABLE t0 (id INTEGER);",
                  "DROP TABLE t0;");
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        char args[2048];
        run_result r;
        snprintf(args, sizeof(args), cmds[i].args, dialect_url());
        r = migrate("%s", args);
        ck_assert_msg(!strstr(r.out, "migrate-test-pw") &&
                      !strstr(r.err, "migrate-test-pw"),
                      "migrate %s printed the password:\n%s\n%s",
                      cmds[i].args, r.out, r.err);
        ck_assert_msg(r.status == cmds[i].status, "migrate %s: exit %d, "
                      "want %d\n%s\n%s", cmds[i].args, r.status,
                      cmds[i].status, r.out, r.err);
        run_free(&r);
    }
}
END_TEST

/* check --no-db on a server project: the database (here behind head, and
 * with a table the models lack) is not looked at, the migrations are
 * replayed on a scratch database of the same server, which is gone after. */
/* 1 when every word of a (space-separated) is a word of b. */
static int
words_within(const char *a, const char *b)
{
    size_t n;

    for (; *a; a += n + (a[n] == ' ')) {
        const char *p = b;
        int found = 0;

        n = strcspn(a, " ");
        while (!found && *p) {
            size_t m = strcspn(p, " ");
            found = m == n && strncmp(p, a, n) == 0;
            p += m + (p[m] == ' ');
        }
        if (!found && n)
            return 0;
    }
    return 1;
}

START_TEST(test_servers_check_no_db)
{
    const server *s = &servers[_i];
    const int pg = strcmp(s->name, "postgresql") == 0;
    /* the scratch databases on the server, by name */
    const char *names = pg
        ? "SELECT COALESCE(string_agg(datname, ' ' ORDER BY datname), '') "
          "FROM pg_database WHERE datname LIKE 'migrate_scratch%'"
        : "SELECT COALESCE(GROUP_CONCAT(SCHEMA_NAME ORDER BY SCHEMA_NAME "
          "SEPARATOR ' '), '') FROM information_schema.schemata "
          "WHERE SCHEMA_NAME LIKE 'migrate_scratch%'";
    run_result r;
    char *before, *after;
    int i;

    if (!project(s))
        return;
    /* a key declared by a table constraint: a plain column, as the
     * hand-written revision makes it on the server */
    write_file("models.sql", "CREATE TABLE a (id INTEGER NOT NULL, "
               "PRIMARY KEY (id));\n");
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                  "DROP TABLE a;");
    r = migrate("check");
    ck_run_status(r, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "not at head"));
    run_free(&r);
    before = server_value(s, names);
    r = migrate("check --no-db");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "database not checked"));
    run_free(&r);
    /* the scratch database is gone again; other tests' come and go on
     * the same server meanwhile (and some go while this one runs), so
     * wait until no scratch database is there that was not before: one
     * left behind never goes */
    after = server_value(s, names);
    for (i = 0; i < 40 && !words_within(after, before); i++) {
        free(after);
        usleep(250 * 1000);
        after = server_value(s, names);
    }
    ck_assert_msg(words_within(after, before), "a scratch database was "
                  "left behind: before '%s', after '%s'", before, after);
    free(before);
    free(after);
    /* a model change without its migration still fails without the db */
    write_file("models.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, "
               "b INTEGER);\n");
    r = migrate("check --no-db");
    ck_run_status(r, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "models differ from migrations"));
    run_free(&r);
}
END_TEST

START_TEST(test_servers_postgresql_transaction_off)
{
    const server *s = &servers[_i];
    run_result r;
    char *v;

    if (strcmp(s->name, "postgresql") != 0 || !project(s))
        return;
    step_revision("r1", "", "", "CREATE TABLE t (id INTEGER);",
                  "DROP TABLE t;");
    step_revision("r2", "r1", "-- transaction: off",
             "CREATE INDEX CONCURRENTLY ix_t_id ON t (id);",
             "DROP INDEX CONCURRENTLY ix_t_id;");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM pg_indexes WHERE indexname = "
                     "'ix_t_id'");
    ck_assert_str_eq(v, "1");
    free(v);
    r = migrate("downgrade -1");
    ck_run_status(r, 0);
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM pg_indexes WHERE indexname = "
                     "'ix_t_id'");
    ck_assert_str_eq(v, "0");
    free(v);
}
END_TEST

/* diff and inspect render for the database a db:URL names, not for the
 * configured URL's dialect (here SQLite): the SQL runs there as printed. */
START_TEST(test_servers_diff_renders_for_url_dialect)
{
    const server *s = &servers[_i];
    const int pg = strcmp(s->name, "postgresql") == 0;
    /* SQLite would say "ratio" REAL */
    const char *want = pg ? "ALTER TABLE \"a\" ADD COLUMN \"ratio\" DOUBLE "
                            "PRECISION;\n"
                          : "ALTER TABLE `a` ADD COLUMN `ratio` DOUBLE;\n";
    const char *diff = "--url sqlite:///other.db diff --from '%s' --to '%s'";
    char url[2048], db[2060];
    run_result r;

    if (!project(s))
        return;
    snprintf(url, sizeof(url), "%s", dialect_url());
    snprintf(db, sizeof(db), "db:%s", url);
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                  "DROP TABLE a;");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    /* the key as the revision made it on the server: a plain column */
    write_file("models.sql", "CREATE TABLE a (id INTEGER NOT NULL, "
               "ratio DOUBLE, PRIMARY KEY (id));\n");
    write_file("old.sql", "CREATE TABLE a (id INTEGER NOT NULL, "
               "PRIMARY KEY (id));\n");
    r = migrate(diff, db, "models");
    ck_run_status(r, 1);
    ck_assert_str_eq(r.out, want);
    /* which runs on the server as printed */
    write_file("fix.sql", r.out);
    run_free(&r);
    ck_assert_int_eq(server_run_file(s, "fix.sql"), 0);
    r = migrate(diff, db, "models");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "");
    run_free(&r);
    /* the other way round: the same SQL */
    r = migrate(diff, "models:old.sql", db);
    ck_run_status(r, 1);
    ck_assert_str_eq(r.out, want);
    run_free(&r);
    r = migrate("--url sqlite:///other.db inspect --from '%s'", db);
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, pg ? "CREATE TABLE \"a\""
                                           : "CREATE TABLE `a`"));
    ck_assert_ptr_nonnull(strstr(r.out, pg ? "DOUBLE PRECISION" : "DOUBLE"));
    run_free(&r);
    ck_assert(!path_exists("other.db"));
}
END_TEST

/* MariaDB has no expression indexes: autogenerate and diff refuse one
 * with one message before anything is written or run. */
START_TEST(test_servers_mariadb_expression_index_refused)
{
    const server *s = &servers[_i];
    static const char msg[] = "migrate: mariadb has no expression indexes: "
        "cannot create index ux_people_name on people over (lower(name)) "
        "(index a generated column instead)\n";
    run_result r;
    char *v, *files;

    if (strcmp(s->name, "mariadb") != 0 || !project(s))
        return;
    write_file("models.sql", "CREATE TABLE people (id INTEGER PRIMARY KEY, "
               "name VARCHAR(50) NOT NULL);\n"
               "CREATE UNIQUE INDEX ux_people_name ON people "
               "((lower(name)));\n");
    r = migrate("revision --autogenerate -m init");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, msg);
    run_free(&r);
    files = dir_listing("migrations/versions");
    ck_assert_str_eq(files, "");
    free(files);
    r = migrate("diff --from db --to models");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, msg);
    run_free(&r);
    v = server_value(s, "SELECT count(*) FROM information_schema.tables "
                     "WHERE table_schema = DATABASE() AND table_name = "
                     "'people'");
    ck_assert_str_eq(v, "0");
    free(v);
}
END_TEST

/* A model's YEAR is the year(4) MariaDB reflects: autogenerate, upgrade,
 * and then no difference. */
START_TEST(test_servers_mariadb_year)
{
    const server *s = &servers[_i];
    run_result r;

    if (strcmp(s->name, "mariadb") != 0 || !project(s))
        return;
    write_file("models.sql", "CREATE TABLE cars (id INTEGER PRIMARY KEY, "
               "built YEAR, sold YEAR(4) NOT NULL);\n");
    r = migrate("revision --autogenerate -m init --rev-id init1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("diff --from db --to models");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "");
    run_free(&r);
    r = migrate("diff --from models --to db");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
}
END_TEST

Suite *
cli_servers_suite(void)
{
    Suite *s = suite_create("cli_servers");
    TCase *tc = tcase_create("servers");

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_servers_upgrade_downgrade, 0, 2);
    tcase_add_loop_test(tc, test_servers_unix_socket, 0, 2);
    tcase_add_loop_test(tc, test_servers_tls_parameters, 0, 2);
    tcase_add_loop_test(tc, test_servers_failure_keeps_previous_revision, 0,
                        2);
    tcase_add_loop_test(tc, test_servers_offline_script_matches_online, 0, 2);
    tcase_add_loop_test(tc, test_servers_concurrent_runs_apply_once, 0, 2);
    tcase_add_loop_test(tc, test_servers_password_never_printed, 0, 2);
    tcase_add_loop_test(tc, test_servers_password_in_no_output, 0, 2);
    tcase_add_loop_test(tc, test_servers_check_no_db, 0, 2);
    tcase_add_loop_test(tc, test_servers_postgresql_transaction_off, 0, 2);
    tcase_add_loop_test(tc, test_servers_diff_renders_for_url_dialect, 0, 2);
    tcase_add_loop_test(tc, test_servers_mariadb_expression_index_refused,
                        0, 2);
    tcase_add_loop_test(tc, test_servers_mariadb_year, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
