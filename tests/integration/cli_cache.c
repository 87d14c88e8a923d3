/* cli_cache.c - the replay cache through the binary on SQLite, PostgreSQL
 * and MariaDB (loop index): a second check with the same revision files
 * reads the replayed schema from the cache, any change to a revision file
 * replays again and is seen, a damaged cache file is replayed over, and
 * --no-cache / MIGRATE_CACHE_DIR=off neither read nor write it, and the
 * directory a user names keeps its mode (the cache's own is inside). And
 * check's database part, read beside the models on small schemas and
 * after them on large ones, finds the same things either way. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* A growable string for generated SQL. */
typedef struct sql_buf {
    char  *p;
    size_t len, cap;
} sql_buf;

static void
buf_init(sql_buf *b)
{
    b->cap = 4096;
    b->len = 0;
    b->p = malloc(b->cap);
    ck_assert_ptr_nonnull(b->p);
    b->p[0] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
buf_printf(sql_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    while (b->len + (size_t)n + 1 > b->cap) {
        b->cap *= 2;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

#define REPLAYED "migrations: replayed on a scratch database"
#define CACHED   "migrations: schema of the last identical replay"

/* The cache directory harness.c gave this test (MIGRATE_CACHE_DIR). */
static const char *
cache_dir(void)
{
    return getenv("MIGRATE_CACHE_DIR");
}

/* The cache's own directory inside it, where its files are. */
static const char *
cache_files(void)
{
    static char path[600];

    snprintf(path, sizeof(path), "%s/migrate", cache_dir());
    return path;
}

/* A project with one revision that makes what the models declare, at
 * head; 0 when the dialect's server is not configured. */
static int
project_at_head(int d)
{
    run_result r;

    if (!dialect_project(d, NULL))
        return 0;
    /* a key declared by a table constraint: a plain column on every
     * dialect, in the models and in the hand-written revision alike */
    write_file("models.sql", "CREATE TABLE a (id INTEGER NOT NULL, "
               "name VARCHAR(20) NOT NULL, PRIMARY KEY (id));\n");
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER NOT NULL, "
                  "name VARCHAR(20) NOT NULL, PRIMARY KEY (id));",
                  "DROP TABLE a;");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    return 1;
}

/* `check -v ARGS`: the exit status wanted, and which replay it did. */
#define check_run(args, status, how) do { \
        run_result r_ = migrate("-v check %s", (args)); \
        ck_run_status(r_, (status)); \
        ck_contains(r_.err, (how)); \
        run_free(&r_); \
    } while (0)

START_TEST(test_cache_second_check_reads_it)
{
    run_result r;
    char *listing;

    if (!project_at_head(_i))
        return;
    check_run("", 0, REPLAYED);
    listing = dir_listing(cache_files());
    ck_assert_msg(strncmp(listing, "replay-", 7) == 0 &&
                  strchr(listing, '\n') == strrchr(listing, '\n'),
                  "one cache file expected: %s", listing);
    free(listing);
    check_run("", 0, CACHED);
    check_run("--no-db", 0, CACHED);
    /* the cached schema is compared like a replayed one */
    write_file("models.sql", "CREATE TABLE a (id INTEGER NOT NULL, "
               "name VARCHAR(20) NOT NULL, b INTEGER, PRIMARY KEY (id));\n");
    r = migrate("-v check --no-db");
    ck_run_status(r, 1);
    ck_contains(r.err, CACHED);
    ck_contains(r.out, "models differ from migrations: add column a.b");
    run_free(&r);
    /* diff reads the same cache */
    r = migrate("-v diff --from migrations --to models");
    ck_run_status(r, 1);
    ck_contains(r.err, CACHED);
    ck_contains(r.out, "ADD COLUMN");
    run_free(&r);
}
END_TEST

START_TEST(test_cache_changed_revision_replays)
{
    run_result r;

    if (!project_at_head(_i))
        return;
    check_run("--no-db", 0, REPLAYED);
    /* one more column in the revision, none in the models */
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER NOT NULL, "
                  "name VARCHAR(20) NOT NULL, c INTEGER, PRIMARY KEY (id));",
                  "DROP TABLE a;");
    r = migrate("-v check --no-db");
    ck_run_status(r, 1);
    ck_contains(r.err, REPLAYED);
    ck_contains(r.out, "drop column a.c");
    run_free(&r);
    check_run("--no-db", 1, CACHED);
    /* a new revision is a change too */
    step_revision("r2", "r1", "", "ALTER TABLE a DROP COLUMN c;",
                  "ALTER TABLE a ADD COLUMN c INTEGER;");
    check_run("--no-db", 0, REPLAYED);
    check_run("--no-db", 0, CACHED);
    /* a revision that fails is reported, and never cached */
    step_revision("r3", "r2", "", "ALTER TABLE no_such_table ADD x INTEGER;",
                  "");
    r = migrate("check --no-db");
    ck_run_status(r, 3);
    run_free(&r);
    r = migrate("-v check --no-db");
    ck_run_status(r, 3);
    ck_not_contains(r.err, CACHED);
    run_free(&r);
}
END_TEST

START_TEST(test_cache_damaged_file_replays)
{
    char *listing, path[2048];
    run_result r;

    if (!project_at_head(_i))
        return;
    check_run("--no-db", 0, REPLAYED);
    listing = dir_listing(cache_files());
    listing[strcspn(listing, "\n")] = '\0';
    snprintf(path, sizeof(path), "%s/%s", cache_files(), listing);
    free(listing);
    /* one byte of the schema changed: the checksum no longer matches */
    r = shell("(printf 'X' | dd of='%s' bs=1 seek=200 conv=notrunc)",
              path);
    ck_run_status(r, 0);
    run_free(&r);
    check_run("--no-db", 0, REPLAYED);
    check_run("--no-db", 0, CACHED);
    /* cut short */
    r = shell("truncate -s 100 '%s'", path);
    ck_run_status(r, 0);
    run_free(&r);
    check_run("--no-db", 0, REPLAYED);
    /* not a cache file at all */
    write_file(path, "garbage\n");
    check_run("--no-db", 0, REPLAYED);
    check_run("--no-db", 0, CACHED);
}
END_TEST

/* The mode of a directory in decimal digits of octal ("755"), "none"
 * when it does not exist (static buffer). */
static const char *
mode_of(const char *path)
{
    static char text[16];
    struct stat st;

    if (stat(path, &st) < 0)
        return "none";
    snprintf(text, sizeof(text), "%o", (unsigned)(st.st_mode & 07777));
    return text;
}

/* A directory the user names (MIGRATE_CACHE_DIR) keeps its mode: the
 * cache makes its own directory "migrate" in it, 0700. A "migrate" that
 * others may write into is not used, and not chmod'ed either. */
START_TEST(test_cache_dir_mode_kept)
{
    static const char *const modes[] = { "755", "1777", "700" };
    run_result r;
    size_t m;

    if (!project_at_head(SQLITE))
        return;
    setenv("MIGRATE_CACHE_DIR", "shared", 1);
    for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        r = shell("rm -rf shared && mkdir shared && chmod %s shared",
                  modes[m]);
        ck_run_status(r, 0);
        run_free(&r);
        check_run("--no-db", 0, REPLAYED);
        ck_assert_str_eq(mode_of("shared"), modes[m]);
        ck_assert_str_eq(mode_of("shared/migrate"), "700");
        check_run("--no-db", 0, CACHED);
        ck_assert_str_eq(mode_of("shared"), modes[m]);
    }
    /* the cache's own directory, writable by others: never used */
    ck_assert_int_eq(chmod("shared/migrate", 0777), 0);
    check_run("--no-db", 0, REPLAYED);
    check_run("--no-db", 0, REPLAYED);
    ck_assert_str_eq(mode_of("shared/migrate"), "777");
}
END_TEST

START_TEST(test_cache_off)
{
    run_result r;

    if (!project_at_head(_i))
        return;
    check_run("--no-db --no-cache", 0, REPLAYED);
    check_run("--no-db --no-cache", 0, REPLAYED);
    ck_assert_int_eq(path_exists(cache_dir()), 0);
    r = migrate("-v diff --no-cache --from migrations --to models");
    ck_run_status(r, 0);
    ck_contains(r.err, REPLAYED);
    run_free(&r);
    ck_assert_int_eq(path_exists(cache_dir()), 0);
    r = shell("(MIGRATE_CACHE_DIR=off '%s' -v check --no-db && "
              "MIGRATE_CACHE_DIR=off '%s' -v check --no-db)",
              getenv("MIGRATE_BIN"), getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_not_contains(r.err, CACHED);
    run_free(&r);
    ck_assert_int_eq(path_exists(cache_dir()), 0);
    /* a cache directory that cannot be made is no reason to fail */
    write_file("plain-file", "x");
    r = shell("MIGRATE_CACHE_DIR=plain-file/sub '%s' -v check --no-db",
              getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_contains(r.err, REPLAYED);
    run_free(&r);
}
END_TEST

/* SQLite replays in its private temporary database, whose file lives in
 * TMPDIR: none is left there, and a TMPDIR that does not exist is no
 * failure (SQLite takes the next temporary directory). */
START_TEST(test_check_sqlite_scratch_tmpdir)
{
    run_result r;
    char *tmp;

    if (!project_at_head(SQLITE))
        return;
    ck_assert_int_eq(mkdir("tmp", 0700), 0);
    r = shell("TMPDIR=tmp '%s' -v check --no-cache", getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_contains(r.err, REPLAYED);
    run_free(&r);
    tmp = dir_listing("tmp");
    ck_assert_str_eq(tmp, "");
    free(tmp);
    r = shell("TMPDIR=no-such-dir '%s' -v check --no-cache",
              getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_contains(r.err, REPLAYED);
    ck_contains(r.out, "ok: models, migrations and database agree");
    run_free(&r);
}
END_TEST

/* 2,500 wide tables: a history too large for check to read the database
 * beside the migrations and the models. */
START_TEST(test_check_large_schema)
{
    sql_buf sql;
    run_result r;
    int i;

    if (!dialect_project(SQLITE, NULL))
        return;
    buf_init(&sql);
    for (i = 1; i <= 2500; i++) {
        int k;
        buf_printf(&sql, "CREATE TABLE t%04d (id INTEGER PRIMARY KEY", i);
        for (k = 1; k <= 10; k++)
            buf_printf(&sql, ",\n    a_long_descriptive_column_name_%02d "
                       "VARCHAR(100)", k);
        buf_printf(&sql, "\n);\n");
    }
    /* more than 1 MiB of upgrade SQL: check's parts one after the other */
    ck_assert_uint_gt(sql.len, 1024 * 1024);
    write_file("models.sql", sql.p);
    {
        /* too long for step_revision's buffer */
        FILE *f = fopen("migrations/versions/r1_step.sql", "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "-- revision: r1\n-- down_revision:\n\n-- +upgrade\n%s"
                "\n-- +downgrade\n", sql.p);
        fclose(f);
    }
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    check_run("", 0, REPLAYED);
    check_run("", 0, CACHED);
    /* a model change without its migration, seen by both comparisons */
    buf_printf(&sql, "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n");
    write_file("models.sql", sql.p);
    r = migrate("check");
    ck_run_status(r, 1);
    ck_contains(r.out, "models differ from migrations: add table extra");
    ck_contains(r.out, "database differs from models: add table extra");
    ck_contains(r.out, "check failed: 2 finding(s)");
    run_free(&r);
    /* and a database behind head */
    r = migrate("stamp base");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("check");
    ck_run_status(r, 1);
    ck_contains(r.out, "database is not at head: it is at base");
    run_free(&r);
    free(sql.p);
}
END_TEST

Suite *
cli_cache_suite(void)
{
    Suite *s = suite_create("cli_cache");
    TCase *tc = tcase_create("cache");

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_cache_second_check_reads_it, 0, 3);
    tcase_add_loop_test(tc, test_cache_changed_revision_replays, 0, 3);
    tcase_add_loop_test(tc, test_cache_damaged_file_replays, 0, 3);
    tcase_add_loop_test(tc, test_cache_off, 0, 3);
    tcase_add_test(tc, test_cache_dir_mode_kept);
    tcase_add_test(tc, test_check_sqlite_scratch_tmpdir);
    tcase_add_test(tc, test_check_large_schema);
    suite_add_tcase(s, tc);
    return s;
}
