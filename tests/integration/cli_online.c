/* cli_online.c - `migrate revision --autogenerate --online` (and `online =
 * true` in migrate.ini), issue 23: on PostgreSQL and MariaDB (loop index
 * 1, 2) an index, a foreign key and a NOT NULL added to a table of
 * thousands of rows are written in their online forms (the exact file),
 * lint finds no error in them, and upgrade and downgrade run while
 * another connection keeps inserting into the table with a short lock
 * timeout: the writer never times out and keeps writing throughout. On
 * SQLite (which has no online forms) --online writes the same file as
 * without it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    project_enter();
}

static void teardown(void) { dialect_teardown(); }

#define HAVE \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));\n" \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER,\n" \
    "    title VARCHAR(200));\n"
#define WANT \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));\n" \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY,\n" \
    "    user_id INTEGER REFERENCES users (id),\n" \
    "    title VARCHAR(200) NOT NULL);\n" \
    "CREATE INDEX ix_posts_user_id ON posts (user_id);\n"

/* 100 users, 5000 posts. */
static const char *const fill_sql[3] = {
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
    "WHERE x < 5000) INSERT INTO posts (id, user_id, title) "
    "SELECT x, x % 100 + 1, 'p' || x FROM n;\n"
    "INSERT INTO users (id, name) SELECT DISTINCT user_id, 'u' FROM posts;\n",
    "INSERT INTO users (id, name) SELECT x, 'u' FROM "
    "generate_series(1, 100) x;\n"
    "INSERT INTO posts (id, user_id, title) SELECT x, x % 100 + 1, 'p' || x "
    "FROM generate_series(1, 5000) x;\n",
    "SET SESSION max_recursive_iterations = 10000;\n"
    "INSERT INTO posts (id, user_id, title) WITH RECURSIVE n(x) AS "
    "(SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) "
    "SELECT x, x % 100 + 1, CONCAT('p', x) FROM n;\n"
    "INSERT INTO users (id, name) SELECT DISTINCT user_id, 'u' FROM posts;\n",
};

/* What the writer sets first: a short lock timeout, so a statement that
 * waits for the migration's lock fails (and the client stops). */
static const char *const writer_setup[3] = {
    "",
    "SET lock_timeout = '200ms';\n",
    "SET SESSION lock_wait_timeout = 1;\n"
    "SET SESSION innodb_lock_wait_timeout = 1;\n",
};

static const char *const writer_sleep[3] = {
    "", "SELECT pg_sleep(0.005);\n", "DO SLEEP(0.005);\n"
};

/* The revision as autogenerate --online writes it, from its dialect
 * line on. */
static const char *const online_file[3] = {
    NULL,
    "-- dialect: postgresql\n"
    "-- transaction: off\n"
    "\n"
    "-- +upgrade\n"
    "ALTER TABLE \"posts\" ADD CONSTRAINT \"ck_posts_title_not_null\" "
    "CHECK (\"title\" IS NOT NULL) NOT VALID;\n"
    "ALTER TABLE \"posts\" VALIDATE CONSTRAINT \"ck_posts_title_not_null\";\n"
    "ALTER TABLE \"posts\" ALTER COLUMN \"title\" SET NOT NULL;\n"
    "ALTER TABLE \"posts\" DROP CONSTRAINT \"ck_posts_title_not_null\";\n"
    "CREATE INDEX CONCURRENTLY \"ix_posts_user_id\" ON \"posts\" "
    "(\"user_id\");\n"
    "ALTER TABLE \"posts\" ADD CONSTRAINT \"fk_posts_user_id_users\" "
    "FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\") NOT VALID;\n"
    "ALTER TABLE \"posts\" VALIDATE CONSTRAINT \"fk_posts_user_id_users\";\n"
    "\n"
    "-- +downgrade\n"
    "ALTER TABLE \"posts\" DROP CONSTRAINT \"fk_posts_user_id_users\";\n"
    "DROP INDEX CONCURRENTLY \"ix_posts_user_id\";\n"
    "ALTER TABLE \"posts\" ALTER COLUMN \"title\" DROP NOT NULL;\n",
    "-- dialect: mariadb\n"
    "\n"
    "-- +upgrade\n"
    "ALTER TABLE `posts` MODIFY COLUMN `title` VARCHAR(200) NOT NULL, "
    "ALGORITHM=INPLACE, LOCK=NONE;\n"
    "ALTER TABLE `posts` ADD INDEX `ix_posts_user_id` (`user_id`), "
    "ALGORITHM=INPLACE, LOCK=NONE;\n"
    "ALTER TABLE `posts` ADD CONSTRAINT `fk_posts_user_id_users` "
    "FOREIGN KEY (`user_id`) REFERENCES `users` (`id`);\n"
    "\n"
    "-- +downgrade\n"
    "ALTER TABLE `posts` DROP FOREIGN KEY `fk_posts_user_id_users`, "
    "DROP INDEX IF EXISTS `fk_posts_user_id_users`, ALGORITHM=INPLACE, "
    "LOCK=NONE;\n"
    "ALTER TABLE `posts` DROP INDEX `ix_posts_user_id`, ALGORITHM=INPLACE, "
    "LOCK=NONE;\n"
    "ALTER TABLE `posts` MODIFY COLUMN `title` VARCHAR(200), "
    "ALGORITHM=INPLACE, LOCK=NONE;\n",
};

/* The schema after the upgrade, as each server's catalog says it. */
static const char *const after_sql[3] = {
    NULL,
    "SELECT (SELECT count(*) FROM pg_indexes WHERE indexname = "
    "'ix_posts_user_id') || ',' || (SELECT bool_and(convalidated)::text || "
    "count(*) FROM pg_constraint WHERE conrelid = 'posts'::regclass AND "
    "contype IN ('f', 'c')) || ',' || (SELECT is_nullable FROM "
    "information_schema.columns WHERE table_name = 'posts' AND "
    "column_name = 'title')",
    "SELECT CONCAT((SELECT count(*) FROM information_schema.statistics "
    "WHERE table_schema = DATABASE() AND index_name = 'ix_posts_user_id'), "
    "',', (SELECT count(*) FROM information_schema.table_constraints "
    "WHERE table_schema = DATABASE() AND constraint_type = 'FOREIGN KEY'), "
    "',', (SELECT is_nullable FROM information_schema.columns WHERE "
    "table_schema = DATABASE() AND table_name = 'posts' AND "
    "column_name = 'title'))",
};
static const char *const after_want[3] = { NULL, "1,true1,NO", "1,1,NO" };

/* The text of the revision file path from its "-- dialect:" line on
 * (what does not change from run to run), malloc'd. */
static char *
file_from_dialect(const char *path)
{
    char *text = read_file(path), *at, *out;

    ck_assert_ptr_nonnull(text);
    at = strstr(text, "-- dialect:");
    ck_assert_ptr_nonnull(at);
    out = strdup(at);
    free(text);
    return out;
}

static void
run_ok(const char *args)
{
    run_result r = migrate("%s", args);

    ck_run_status(r, 0);
    run_free(&r);
}

/* writer.sql: the setup, then n inserts of new posts, a short sleep after
 * each. */
static void
write_writer(int d, int n)
{
    char line[256];
    size_t cap = (size_t)n * 160 + 256, len = 0;
    char *sql = malloc(cap);
    int i;

    ck_assert_ptr_nonnull(sql);
    len += (size_t)snprintf(sql + len, cap - len, "%s", writer_setup[d]);
    for (i = 0; i < n; i++) {
        snprintf(line, sizeof(line), "INSERT INTO posts (id, user_id, title) "
                 "VALUES (%d, %d, 'w');\n%s", 100001 + i, i % 100 + 1,
                 writer_sleep[d]);
        len += (size_t)snprintf(sql + len, cap - len, "%s", line);
    }
    write_file("writer.sql", sql);
    free(sql);
}

/* Start the writer in a child process of its own group (stopped with
 * kill(-pid)), its stderr in writer.err; its pid. */
static pid_t
start_writer(int d)
{
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* Check's SIGTERM handler would pass the signal on to the test */
        signal(SIGTERM, SIG_DFL);
        setpgid(0, 0);
        if (!freopen("writer.err", "w", stderr))
            _exit(99);
        _exit(dialect_run_file(d, "writer.sql") == 0 ? 0 : 1);
    }
    setpgid(pid, pid);
    return pid;
}

static long
writer_rows(int d)
{
    char *v = dialect_value(d, "SELECT count(*) FROM posts WHERE id > 100000");
    long n = atol(v);

    free(v);
    return n;
}

static void
pause_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

START_TEST(test_online_under_writes)
{
    int d = _i;
    run_result r;
    char *got, *err;
    long before, during, after, waited;
    pid_t pid;
    int status;

    if (!dialect_project(d, d == MARIADB ? "online = true\n" : NULL))
        return;
    write_file("models.sql", HAVE);
    run_ok("revision --autogenerate -m init --rev-id r1");
    run_ok("upgrade head");
    write_file("fill.sql", fill_sql[d]);
    ck_assert_int_eq(dialect_run_file(d, "fill.sql"), 0);
    write_file("models.sql", WANT);
    /* MariaDB takes it from the config */
    run_ok(d == MARIADB ? "revision --autogenerate -m online --rev-id r2"
                        : "revision --autogenerate --online -m online "
                          "--rev-id r2");
    got = file_from_dialect("migrations/versions/r2_online.sql");
    ck_assert_msg(strcmp(got, online_file[d]) == 0, "got\n%s\nwant\n%s", got,
                  online_file[d]);
    free(got);
    r = migrate("lint");
    ck_run_status(r, 0);
    ck_contains(r.out, "lint: 1 revision, 0 errors");
    run_free(&r);

    /* about 10 s of inserts, stopped once the migration is done both
     * ways; a lock timeout would stop the client (and the child) early */
    write_writer(d, 2000);
    pid = start_writer(d);
    /* the writer has begun (a busy machine may take seconds to start the
     * client): an observable state, not a fixed sleep */
    for (before = writer_rows(d), waited = 0; before == 0 && waited < 30000;
         waited += 100) {
        pause_ms(100);
        before = writer_rows(d);
    }
    run_ok("upgrade head");
    during = writer_rows(d);
    {
        char *v = dialect_value(d, after_sql[d]);
        ck_assert_msg(strcmp(v, after_want[d]) == 0, "after upgrade: '%s', "
                      "want '%s'", v, after_want[d]);
        free(v);
    }
    run_ok("downgrade r1");
    after = writer_rows(d);
    ck_assert_int_eq(waitpid(pid, &status, WNOHANG), 0);  /* still writing */
    kill(-pid, SIGTERM);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    err = read_file("writer.err");
    ck_assert_ptr_nonnull(err);
    ck_not_contains(err, "timeout");
    ck_not_contains(err, "Lock wait");
    free(err);
    ck_assert_msg(before > 0 && during > before && after > during,
                  "the writer wrote %ld, %ld, %ld rows", before, during,
                  after);
    ck_dialect_value(d, "SELECT count(*) FROM posts WHERE id <= 5000",
                     "5000");
}
END_TEST

/* SQLite has no online forms: --online writes the same file, and needs
 * --autogenerate like the other autogenerate options. */
START_TEST(test_online_sqlite_unchanged)
{
    run_result r;
    char *with, *without;

    dialect_project(SQLITE, NULL);
    write_file("models.sql", HAVE);
    run_ok("revision --autogenerate -m init --rev-id r1");
    run_ok("upgrade head");
    write_file("models.sql", WANT);
    run_ok("revision --autogenerate --online -m online --rev-id r2");
    with = file_from_dialect("migrations/versions/r2_online.sql");
    ck_assert_int_eq(unlink("migrations/versions/r2_online.sql"), 0);
    run_ok("revision --autogenerate -m online --rev-id r2");
    without = file_from_dialect("migrations/versions/r2_online.sql");
    ck_assert_str_eq(with, without);
    ck_not_contains(with, "transaction: off");
    free(with);
    free(without);
    r = migrate("revision --online -m x");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: --online needs --autogenerate\n");
    run_free(&r);
}
END_TEST

Suite *
cli_online_suite(void)
{
    Suite *s = suite_create("cli_online");
    TCase *tc = tcase_create("online");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_online_under_writes, POSTGRESQL,
                        MARIADB + 1);
    tcase_add_test(tc, test_online_sqlite_unchanged);
    suite_add_tcase(s, tc);
    return s;
}
