/* cli_multidialect.c - issue 21: one revision history for several
 * dialects. `dialects = sqlite, postgresql, mariadb` in migrate.ini makes
 * autogenerate write one upgrade/downgrade pair per dialect; upgrade,
 * downgrade and --sql pick the database's dialect's sections; check
 * replays each dialect's sections on a scratch database of that dialect
 * and names the dialect whose sections drift; squash writes one section
 * pair per dialect, and the catalogs it leaves match the unsquashed
 * history's on each dialect; a revision without SQL for
 * a configured dialect is an error at file:line; a project of one dialect
 * works as before. Catalogs are read back with each database's own client
 * (sqlite3, psql, mariadb). Server parts are skipped when their URL
 * variable is not set. */
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

#define ALL_DIALECTS "dialects = sqlite, postgresql, mariadb\n"

/* The models after change n (1-10) of ten: tables, columns, types, keys,
 * indexes, a unique constraint, a default, a table dropped. Static
 * buffer. */
static const char *
models_at(int n)
{
    static char m[2048];

    snprintf(m, sizeof(m),
             "CREATE TABLE users (id INTEGER PRIMARY KEY,\n"
             "    name VARCHAR(%d) NOT NULL%s%s%s);\n%s%s%s%s%s",
             n >= 3 ? 100 : 50,                          /* 3 wider type */
             n >= 2 ? ", email VARCHAR(100)" : "",       /* 2 a column */
             n >= 10 ? ",\n    active BOOLEAN NOT NULL DEFAULT TRUE" : "",
             n >= 6 ? ",\n    CONSTRAINT uq_users_email UNIQUE (email)" : "",
             n >= 4 ? "CREATE TABLE posts (id INTEGER PRIMARY KEY,\n"
                      "    user_id INTEGER NOT NULL REFERENCES users (id) "
                      "ON DELETE CASCADE,\n    title VARCHAR(200) NOT NULL"
                    : "",                                /* 4 a table, FK */
             n >= 8 ? ", score BIGINT NOT NULL DEFAULT 0"  /* 8 bigger int */
             : n >= 7 ? ", score INTEGER NOT NULL DEFAULT 0" : "", /* 7 */
             n >= 4 ? ");\n" : "",
             n >= 5 ? "CREATE INDEX ix_posts_title ON posts (title);\n"
                    : "",                                /* 5 an index */
             n == 9 ? "CREATE TABLE tags (id INTEGER PRIMARY KEY,\n"
                      "    label VARCHAR(30) NOT NULL DEFAULT 'none');\n"
                      "CREATE INDEX ix_tags_label_id ON tags (label, id);\n"
                    : "");                 /* 9 a table, dropped by 10 */
    return m;
}

/* Run migrate, asserting its exit status; the run is freed. */
static void
ok(int want, const char *args)
{
    run_result r = migrate("%s", args);

    ck_run_status(r, want);
    run_free(&r);
}

/* The columns of a table as "name type, ..." in each dialect's catalog,
 * read with its own client. */
static const char *
columns_sql(int d, const char *table)
{
    static char sql[1024];

    if (d == SQLITE)
        snprintf(sql, sizeof(sql), "SELECT group_concat(name || ' ' || "
                 "lower(type), ', ') FROM pragma_table_info('%s')", table);
    else if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT string_agg(column_name || ' ' || "
                 "data_type || coalesce('(' || character_maximum_length || "
                 "')', ''), ', ' ORDER BY ordinal_position) FROM "
                 "information_schema.columns WHERE table_schema = "
                 "current_schema() AND table_name = '%s'", table);
    else
        snprintf(sql, sizeof(sql), "SELECT GROUP_CONCAT(CONCAT(column_name, "
                 "' ', column_type) ORDER BY ordinal_position SEPARATOR ', ') "
                 "FROM information_schema.columns WHERE table_schema = "
                 "DATABASE() AND table_name = '%s'", table);
    return sql;
}

/* The index names of a table (sorted, comma separated), keys left out. */
static const char *
indexes_sql(int d, const char *table)
{
    static char sql[1024];

    if (d == SQLITE)
        snprintf(sql, sizeof(sql), "SELECT group_concat(name, ',') FROM "
                 "(SELECT name FROM sqlite_master WHERE type = 'index' AND "
                 "tbl_name = '%s' AND sql IS NOT NULL ORDER BY name)", table);
    else if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT string_agg(indexname, ',' ORDER "
                 "BY indexname) FROM pg_indexes WHERE schemaname = "
                 "current_schema() AND tablename = '%s' AND indexname NOT "
                 "LIKE 'pk_%%' AND indexname NOT LIKE 'uq_%%'", table);
    else
        snprintf(sql, sizeof(sql), "SELECT GROUP_CONCAT(DISTINCT index_name "
                 "ORDER BY index_name SEPARATOR ',') FROM "
                 "information_schema.statistics WHERE table_schema = "
                 "DATABASE() AND table_name = '%s' AND index_name <> "
                 "'PRIMARY' AND index_name NOT LIKE 'uq_%%' AND index_name "
                 "NOT LIKE 'fk_%%'", table);
    return sql;
}

/* The tables of the database besides the version tables. */
static const char *
user_tables_sql(int d)
{
    if (d == SQLITE)
        return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
               "name NOT LIKE 'migrate_version%'";
    if (d == POSTGRESQL)
        return "SELECT count(*) FROM pg_tables WHERE schemaname = "
               "current_schema() AND tablename NOT LIKE 'migrate_version%'";
    return "SELECT count(*) FROM information_schema.tables WHERE "
           "table_schema = DATABASE() AND table_name NOT LIKE "
           "'migrate_version%'";
}

/* What each dialect's catalog holds at head (columns of users and posts,
 * indexes of posts), in its own words. */
static const char *const want_users[3] = {
    "id integer, name varchar(100), email varchar(100), active boolean",
    "id integer, name character varying(100), email character varying(100), "
    "active boolean",
    "id int(11), name varchar(100), email varchar(100), active tinyint(1)",
};
static const char *const want_posts[3] = {
    "id integer, user_id integer, title varchar(200), score bigint",
    "id integer, user_id integer, title character varying(200), "
    "score bigint",
    "id int(11), user_id int(11), title varchar(200), score bigint(20)",
};

/* The history applied on dialect d's database at url: upgraded to head,
 * the catalog as the models say, check agrees, then downgraded to base
 * leaving no table. */
static void
apply_on(int d, const char *url)
{
    char args[2048], *v;

    snprintf(args, sizeof(args), "--url '%s' upgrade head", url);
    ok(0, args);
    ck_dialect_value(d, columns_sql(d, "users"), want_users[d]);
    ck_dialect_value(d, columns_sql(d, "posts"), want_posts[d]);
    ck_dialect_value(d, indexes_sql(d, "posts"), "ix_posts_title");
    ck_dialect_value(d, dialect_table_count_sql(d, "tags"), "0");
    snprintf(args, sizeof(args), "--url '%s' check", url);
    ok(0, args);
    /* one step down: the boolean column goes, the dropped table is back */
    snprintf(args, sizeof(args), "--url '%s' downgrade -1", url);
    ok(0, args);
    ck_dialect_value(d, dialect_table_count_sql(d, "tags"), "1");
    v = dialect_value(d, columns_sql(d, "users"));
    ck_not_contains(v, "active");
    free(v);
    snprintf(args, sizeof(args), "--url '%s' downgrade base", url);
    ok(0, args);
    ck_dialect_value(d, user_tables_sql(d), "0");
}

/* The first n revisions, each autogenerated against app.db (SQLite, at
 * head) and applied there. */
static void
autogenerate_history(int n)
{
    char args[256];
    int i;

    for (i = 1; i <= n; i++) {
        write_file("models.sql", models_at(i));
        snprintf(args, sizeof(args), "revision --autogenerate -m 'step %d' "
                 "--rev-id s%02d", i, i);
        ok(0, args);
        ok(0, "upgrade head");
    }
}

/* The text of the revision file of step n. */
static char *
step_file(int n)
{
    char path[256];

    snprintf(path, sizeof(path), "migrations/versions/s%02d_step_%d.sql", n,
             n);
    return read_file(path);
}

START_TEST(test_multidialect_history_on_three_dialects)
{
    const char *pg, *maria;
    char *t, url[1024];

    ck_assert(dialect_project(SQLITE, ALL_DIALECTS));
    autogenerate_history(10);
    /* each dialect's own way to widen a column (step 3) */
    t = step_file(3);
    ck_assert_ptr_nonnull(t);
    ck_contains(t, "-- dialect: sqlite, postgresql, mariadb\n");
    ck_contains(t, "-- +upgrade sqlite\nCREATE TABLE \"_migrate_tmp_users\"");
    ck_contains(t, "-- +upgrade postgresql\nALTER TABLE \"users\" ALTER "
                "COLUMN \"name\" TYPE VARCHAR(100)");
    ck_contains(t, "-- +upgrade mariadb\nALTER TABLE `users` MODIFY COLUMN "
                "`name` VARCHAR(100) NOT NULL;\n");
    ck_contains(t, "-- +downgrade mariadb\n-- WARNING: data loss");
    free(t);
    /* SQLite, where the history was written */
    ck_dialect_value(SQLITE, columns_sql(SQLITE, "users"), want_users[SQLITE]);
    ok(0, "check");
    ok(0, "downgrade base");
    ck_dialect_value(SQLITE, user_tables_sql(SQLITE), "0");
    /* the same files on each server */
    if ((pg = server_fresh_db(&servers[0])) != NULL) {
        snprintf(url, sizeof(url), "%s", pg);
        apply_on(POSTGRESQL, url);
        server_drop_db(&servers[0]);
    }
    if ((maria = server_fresh_db(&servers[1])) != NULL) {
        snprintf(url, sizeof(url), "%s", maria);
        apply_on(MARIADB, url);
        server_drop_db(&servers[1]);
    }
}
END_TEST

/* Replace the first `from` in path by `to`. */
static void
edit_file(const char *path, const char *from, const char *to)
{
    char *t = read_file(path), *p, *n;

    ck_assert_ptr_nonnull(t);
    ck_assert_msg((p = strstr(t, from)) != NULL, "%s not in %s", from, path);
    n = malloc(strlen(t) + strlen(to) + 1);
    snprintf(n, strlen(t) + strlen(to) + 1, "%.*s%s%s", (int)(p - t), t, to,
             p + strlen(from));
    write_file(path, n);
    free(n);
    free(t);
}

#define S3 "migrations/versions/s03_step_3.sql"

/* A hand-edited SQLite section that no longer does what the models say:
 * check replays it in memory and names the dialect. */
START_TEST(test_multidialect_check_catches_sqlite_drift)
{
    run_result r;

    ck_assert(dialect_project(SQLITE, "dialects = sqlite, postgresql\n"));
    autogenerate_history(3);
    ok(0, "check --no-db");
    edit_file(S3, "\"name\" VARCHAR(100) NOT NULL,", "\"name\" VARCHAR(60) "
              "NOT NULL,");
    unsetenv("MIGRATE_CHECK_URL_POSTGRESQL");
    r = migrate("check --no-db");
    ck_run_status(r, 1);
    ck_assert_str_eq(r.out, "models differ from migrations (sqlite): alter "
                     "column users.name: type VARCHAR(60) -> VARCHAR(100)\n"
                     "check failed: 1 finding(s)\n");
    ck_assert_str_eq(r.err, "migrate: notice: the postgresql sections were "
                     "not replayed: no postgresql server to check them on "
                     "(set check_url.postgresql in migrate.ini or "
                     "MIGRATE_CHECK_URL_POSTGRESQL)\n");
    run_free(&r);
}
END_TEST

/* A hand-edited PostgreSQL or MariaDB section: check replays it on the
 * server MIGRATE_CHECK_URL_<DIALECT> or check_url.<dialect> names. */
START_TEST(test_multidialect_check_catches_server_drift)
{
    const int d = _i;
    const char *admin = getenv(d == POSTGRESQL ? "MIGRATE_TEST_PG_URL"
                                               : "MIGRATE_TEST_MARIADB_URL");
    char ini[2048], want[512];
    run_result r;

    if (!admin || !*admin) {
        test_skip(d == POSTGRESQL ? "MIGRATE_TEST_PG_URL"
                                  : "MIGRATE_TEST_MARIADB_URL");
        return;
    }
    snprintf(ini, sizeof(ini), "dialects = sqlite, %s\ncheck_url.%s = %s\n",
             dialect_names[d], dialect_names[d], admin);
    ck_assert(dialect_project(SQLITE, ini));
    autogenerate_history(3);
    ok(0, "check --no-db");
    if (d == POSTGRESQL)
        edit_file(S3, "TYPE VARCHAR(100)", "TYPE VARCHAR(70)");
    else
        edit_file(S3, "MODIFY COLUMN `name` VARCHAR(100)",
                  "MODIFY COLUMN `name` VARCHAR(70)");
    r = migrate("check --no-db");
    ck_run_status(r, 1);
    snprintf(want, sizeof(want), "models differ from migrations (%s): alter "
             "column users.name: type VARCHAR(70) -> VARCHAR(100)\n"
             "check failed: 1 finding(s)\n", dialect_names[d]);
    ck_assert_str_eq(r.out, want);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

/* A revision without SQL for a configured dialect: an error at file:line
 * naming the dialect; an explicitly empty section is fine. */
START_TEST(test_multidialect_missing_dialect_sql)
{
    run_result r;

    ck_assert(dialect_project(SQLITE, "dialects = sqlite, postgresql\n"));
    write_file("migrations/versions/r1_x.sql",
               "-- revision: r1\n-- down_revision:\n-- message: x\n"
               "-- dialect: sqlite, postgresql\n\n"
               "-- +upgrade sqlite\nCREATE TABLE t (id INTEGER);\n\n"
               "-- +downgrade sqlite\nDROP TABLE t;\n");
    r = migrate("upgrade head");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: migrations/versions/r1_x.sql:4: no "
                     "upgrade SQL for postgresql: add a '-- +upgrade "
                     "postgresql' section (an empty one if the revision does "
                     "nothing on postgresql)\n");
    run_free(&r);
    ck_dialect_value(SQLITE, dialect_table_count_sql(SQLITE, "t"), "0");
    /* an empty section says "nothing to do on postgresql" */
    write_file("migrations/versions/r1_x.sql",
               "-- revision: r1\n-- down_revision:\n-- message: x\n"
               "-- dialect: sqlite, postgresql\n\n"
               "-- +upgrade sqlite\nCREATE TABLE t (id INTEGER);\n\n"
               "-- +downgrade sqlite\nDROP TABLE t;\n\n"
               "-- +upgrade postgresql\n-- +downgrade postgresql\n");
    ok(0, "upgrade head");
    ck_dialect_value(SQLITE, dialect_table_count_sql(SQLITE, "t"), "1");
    /* a file that does not list a configured dialect */
    write_file("migrations/versions/r2_y.sql",
               "-- revision: r2\n-- down_revision: r1\n-- message: y\n"
               "-- dialect: sqlite\n\n-- +upgrade\nSELECT 1;\n");
    r = migrate("upgrade head");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: migrations/versions/r2_y.sql:4: "
                     "revision 'r2' does not serve postgresql, a configured "
                     "dialect (it lists sqlite)\n");
    run_free(&r);
}
END_TEST

/* --sql --dialect NAME writes any configured dialect's script without a
 * connection; without a URL or --dialect a history of several dialects
 * cannot tell which. */
START_TEST(test_multidialect_offline_sql)
{
    run_result r;

    ck_assert(dialect_project(SQLITE, ALL_DIALECTS));
    autogenerate_history(3);
    write_file("migrate.ini", "[migrate]\n" ALL_DIALECTS);
    r = migrate("upgrade --sql --dialect mariadb");
    ck_run_status(r, 0);
    ck_contains(r.out, "ALTER TABLE `users` MODIFY COLUMN `name` "
                "VARCHAR(100) NOT NULL;\n");
    ck_not_contains(r.out, "_migrate_tmp_users");
    run_free(&r);
    r = migrate("upgrade --sql --dialect postgresql s01:s03");
    ck_run_status(r, 0);
    ck_contains(r.out, "ALTER TABLE \"users\" ADD COLUMN \"email\" "
                "VARCHAR(100);\n");
    ck_not_contains(r.out, "`");
    run_free(&r);
    r = migrate("downgrade --sql --dialect sqlite head:base");
    ck_run_status(r, 0);
    ck_contains(r.out, "_migrate_tmp_users");
    run_free(&r);
    r = migrate("upgrade --sql");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: cannot tell which dialect to write "
                     "for: pass --dialect NAME or --url URL\n");
    run_free(&r);
}
END_TEST

/* revision without --autogenerate and merge write generic sections, with
 * the configured dialects in the header. */
START_TEST(test_multidialect_plain_revision_and_merge)
{
    char *t;

    ck_assert(dialect_project(SQLITE, "dialects = sqlite, postgresql\n"));
    ok(0, "revision -m a --rev-id a1");
    ok(0, "revision -m b --rev-id b1 --head base");
    ok(0, "merge heads -m m --rev-id m1");
    t = read_file("migrations/versions/m1_m.sql");
    ck_assert_ptr_nonnull(t);
    ck_contains(t, "-- dialect: sqlite, postgresql\n");
    ck_contains(t, "\n-- +upgrade\n");
    ck_contains(t, "\n-- +downgrade\n");
    free(t);
    t = read_file("migrations/versions/a1_a.sql");
    ck_contains(t, "-- dialect: sqlite, postgresql\n");
    free(t);
    ok(0, "upgrade heads");
    ok(0, "downgrade base");
}
END_TEST

/* Types SQLite stores its own way (a BIGINT key as INTEGER, UUID as
 * CHAR(36), BYTES as BLOB) are not changes for the other dialects: a
 * revision autogenerated against app.db holds only what changed. */
START_TEST(test_multidialect_source_spellings)
{
    char *t;

    ck_assert(dialect_project(SQLITE, ALL_DIALECTS));
    write_file("models.sql", "CREATE TABLE a (id BIGINT PRIMARY KEY, "
               "u UUID NOT NULL, b BYTES);\n");
    ok(0, "revision --autogenerate -m one --rev-id r1");
    ok(0, "upgrade head");
    write_file("models.sql", "CREATE TABLE a (id BIGINT PRIMARY KEY, "
               "u UUID NOT NULL, b BYTES, x INTEGER);\n");
    ok(0, "revision --autogenerate -m two --rev-id r2");
    t = read_file("migrations/versions/r2_two.sql");
    ck_assert_ptr_nonnull(t);
    ck_contains(t, "-- +upgrade postgresql\nALTER TABLE \"a\" ADD COLUMN "
                "\"x\" INTEGER;\n\n-- +downgrade postgresql\n"
                "-- WARNING: data loss: drop column a.x\n"
                "ALTER TABLE \"a\" DROP COLUMN \"x\";\n\n");
    ck_contains(t, "-- +upgrade mariadb\nALTER TABLE `a` ADD COLUMN `x` "
                "INT;\n\n-- +downgrade mariadb\n");
    ck_not_contains(t, "MODIFY");
    free(t);
}
END_TEST

/* A project of one dialect from before issue 21: no dialects key, files
 * with one dialect and generic sections, unchanged behaviour. */
START_TEST(test_multidialect_single_dialect_unchanged)
{
    char *t;

    ck_assert(dialect_project(SQLITE, NULL));
    write_file("migrations/versions/r1_old.sql",
               "-- revision: r1\n-- down_revision:\n-- message: old\n"
               "-- dialect: sqlite\n\n-- +upgrade\n"
               "CREATE TABLE users (id INTEGER PRIMARY KEY, name "
               "VARCHAR(50) NOT NULL);\n\n-- +downgrade\nDROP TABLE users;\n");
    write_file("models.sql", models_at(2));
    ok(0, "upgrade head");
    ok(0, "revision --autogenerate -m next --rev-id r2");
    t = read_file("migrations/versions/r2_next.sql");
    ck_assert_ptr_nonnull(t);
    ck_contains(t, "-- dialect: sqlite\n");
    ck_contains(t, "\n-- +upgrade\nALTER TABLE \"users\" ADD COLUMN "
                "\"email\" VARCHAR(100);\n");
    ck_contains(t, "\n-- +downgrade\n");
    ck_not_contains(t, "-- +upgrade sqlite");
    free(t);
    ok(0, "upgrade head");
    ok(0, "check");
    ok(0, "downgrade base");
}
END_TEST

/* The schema at url as migrate reflects it (inspect), malloc'd. */
static char *
reflected(const char *url)
{
    run_result r = migrate("--url '%s' inspect", url);
    char *s;

    ck_run_status(r, 0);
    s = strdup(r.out);
    run_free(&r);
    return s;
}

/* A squash of a three-dialect history writes one section pair per
 * dialect, each replayed on its own dialect (the servers on their check
 * URLs); applied on SQLite, PostgreSQL and MariaDB it leaves the catalog
 * the unsquashed revisions left and goes back to base (both read by
 * reflection: `migrate inspect`). */
START_TEST(test_multidialect_squash)
{
    const char *pg = getenv("MIGRATE_TEST_PG_URL");
    const char *maria = getenv("MIGRATE_TEST_MARIADB_URL");
    const char *url[3] = { "sqlite:///fresh.db", NULL, NULL };
    char ini[2048], args[2048], *before[3], *after, *t;
    char pg_url[1024], maria_url[1024];
    run_result r;
    int d;

    if (!pg || !*pg || !maria || !*maria) {
        test_skip("MIGRATE_TEST_PG_URL and MIGRATE_TEST_MARIADB_URL");
        return;
    }
    snprintf(ini, sizeof(ini), ALL_DIALECTS "check_url.postgresql = %s\n"
             "check_url.mariadb = %s\n", pg, maria);
    ck_assert(dialect_project(SQLITE, ini));
    autogenerate_history(10);
    /* server_fresh_db returns a static buffer */
    ck_assert_ptr_nonnull(t = (char *)server_fresh_db(&servers[0]));
    snprintf(pg_url, sizeof(pg_url), "%s", t);
    ck_assert_ptr_nonnull(t = (char *)server_fresh_db(&servers[1]));
    snprintf(maria_url, sizeof(maria_url), "%s", t);
    url[POSTGRESQL] = pg_url;
    url[MARIADB] = maria_url;
    for (d = 0; d < 3; d++) {
        snprintf(args, sizeof(args), "--url '%s' upgrade head", url[d]);
        ok(0, args);
        before[d] = reflected(url[d]);
        ck_contains(before[d], "CREATE TABLE");
        snprintf(args, sizeof(args), "--url '%s' downgrade base", url[d]);
        ok(0, args);
    }
    r = migrate("squash s02:s10 -m 'steps two to ten'");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Generating migrations/versions/"
                     "s10_steps_two_to_ten.sql ... done\nreplaces: s02, "
                     "s03, s04, s05, s06, s07, s08, s09\n");
    run_free(&r);
    t = read_file("migrations/versions/s10_steps_two_to_ten.sql");
    ck_assert_ptr_nonnull(t);
    ck_contains(t, "-- dialect: sqlite, postgresql, mariadb\n");
    ck_contains(t, "-- +upgrade sqlite\n");
    ck_contains(t, "-- +downgrade sqlite\n");
    ck_contains(t, "-- +upgrade postgresql\n");
    ck_contains(t, "-- +downgrade postgresql\n");
    ck_contains(t, "-- +upgrade mariadb\n");
    ck_contains(t, "-- +downgrade mariadb\n");
    /* each dialect's own spelling of the wider users.name */
    ck_contains(t, "ALTER TABLE \"users\" ALTER COLUMN \"name\" TYPE "
                "VARCHAR(100)");
    ck_contains(t, "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(100) "
                "NOT NULL;\n");
    free(t);
    for (d = 0; d < 3; d++) {
        snprintf(args, sizeof(args), "--url '%s' upgrade head", url[d]);
        ok(0, args);
        after = reflected(url[d]);
        ck_assert_msg(strcmp(after, before[d]) == 0, "%s: squashed\n%s\n"
                      "unsquashed\n%s", dialect_names[d], after, before[d]);
        free(after);
        free(before[d]);
        snprintf(args, sizeof(args), "--url '%s' downgrade base", url[d]);
        ok(0, args);
        after = reflected(url[d]);
        ck_not_contains(after, "users");
        ck_not_contains(after, "posts");
        free(after);
    }
    /* the project database (SQLite, at s10) is at the squash */
    r = migrate("current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "s10 (head)\n");
    run_free(&r);
    ok(0, "check");
}
END_TEST

/* Squashing a history with a server dialect and no check server for it:
 * exit 2 naming the setting, nothing changed. */
START_TEST(test_multidialect_squash_needs_server)
{
    run_result r;
    char *before, *after;

    ck_assert(dialect_project(SQLITE, "dialects = sqlite, postgresql\n"));
    autogenerate_history(3);
    before = dir_listing("migrations/versions");
    r = shell("env -u MIGRATE_CHECK_URL_POSTGRESQL \"$MIGRATE_BIN\" "
              "squash s02:s03");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: no postgresql server to replay the "
                     "postgresql sections on: squash writes one section per "
                     "dialect of the history (set check_url.postgresql in "
                     "migrate.ini or MIGRATE_CHECK_URL_POSTGRESQL)\n");
    run_free(&r);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
}
END_TEST

Suite *
cli_multidialect_suite(void)
{
    Suite *s = suite_create("cli_multidialect");
    TCase *tc = tcase_create("multidialect");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_multidialect_history_on_three_dialects);
    tcase_add_test(tc, test_multidialect_check_catches_sqlite_drift);
    tcase_add_loop_test(tc, test_multidialect_check_catches_server_drift, 1,
                        3);
    tcase_add_test(tc, test_multidialect_missing_dialect_sql);
    tcase_add_test(tc, test_multidialect_offline_sql);
    tcase_add_test(tc, test_multidialect_plain_revision_and_merge);
    tcase_add_test(tc, test_multidialect_source_spellings);
    tcase_add_test(tc, test_multidialect_single_dialect_unchanged);
    suite_add_tcase(s, tc);
    tc = tcase_create("multidialect_squash");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_multidialect_squash);
    tcase_add_test(tc, test_multidialect_squash_needs_server);
    suite_add_tcase(s, tc);
    return s;
}
