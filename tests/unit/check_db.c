/* check_db.c - libmigrate as a runtime (mg_db.h): the pool, statements with
 * typed values, transactions and savepoints, builders, create_all and
 * drop_all, and the query hook. Every behaviour runs on SQLite (a fresh
 * temporary file per test) and, when MIGRATE_TEST_PG_URL or
 * MIGRATE_TEST_MARIADB_URL name a server, on a database of its own created
 * for this run and dropped at exit. Builders' SQL is checked as exact text
 * for all three dialects without a server. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "suites.h"
#include "db_int.h"

enum { BK_SQLITE, BK_PG, BK_MARIADB, NBK };

static const char *const bk_env[NBK] = {
    NULL, "MIGRATE_TEST_PG_URL", "MIGRATE_TEST_MARIADB_URL"
};
static char *server_url[NBK];    /* the fresh database of this run */
static char *admin_url[NBK];     /* the URL we were given */
static char  db_name[NBK][64];
static char  tmpdir[64];
static pid_t creator;

/* ---- fixtures --------------------------------------------------------- */

/* The URL of s with its database replaced by name (malloc'd). */
static char *
url_with_database(const char *s, const char *name)
{
    const char *host = strstr(s, "://"), *slash, *query;
    mg_buf b = MG_BUF_INIT;

    host = host ? host + 3 : s;
    slash = strchr(host, '/');
    if (!slash)
        slash = s + strlen(s);
    query = strchr(slash, '?');
    mg_buf_add(&b, s, (size_t)(slash - s));
    mg_buf_addf(&b, "/%s%s", name, query ? query : "");
    return mg_buf_detach(&b);
}

static void
drop_server_databases(void)
{
    mg_engine *e;
    char sql[200];
    int i;

    if (getpid() != creator)
        return;   /* a forked test ending */
    for (i = BK_PG; i < NBK; i++) {
        if (!server_url[i] || mg_engine_open(&e, admin_url[i], 0, NULL) < 0)
            continue;
        snprintf(sql, sizeof(sql), i == BK_PG
                 ? "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)"
                 : "DROP DATABASE IF EXISTS `%s`", db_name[i]);
        mg_engine_exec(e, sql, NULL);
        mg_engine_free(e);
    }
    if (tmpdir[0]) {
        snprintf(sql, sizeof(sql), "rm -rf '%s'", tmpdir);
        if (system(sql) != 0)
            fprintf(stderr, "check_db: cannot remove %s\n", tmpdir);
    }
}

/* Called once, in the parent, before any test runs. */
static void
create_server_databases(void)
{
    mg_engine *e;
    mg_error err;
    char sql[200];
    int i;

    creator = getpid();
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/mg_dbtest_XXXXXX");
    if (!mkdtemp(tmpdir))
        tmpdir[0] = '\0';
    for (i = BK_PG; i < NBK; i++) {
        const char *u = getenv(bk_env[i]);
        if (!u || !*u)
            continue;
        if (mg_engine_open(&e, u, 0, &err) < 0) {
            fprintf(stderr, "check_db: %s: %s\n", bk_env[i], err.msg);
            continue;
        }
        snprintf(db_name[i], sizeof(db_name[i]), "mg_dbtest_%ld_%ld",
                 (long)getpid(), (long)time(NULL));
        snprintf(sql, sizeof(sql), i == BK_PG ? "CREATE DATABASE \"%s\""
                 : "CREATE DATABASE `%s`", db_name[i]);
        if (mg_engine_exec(e, sql, &err) < 0)
            fprintf(stderr, "check_db: %s\n", err.msg);
        else {
            admin_url[i] = strdup(u);
            server_url[i] = url_with_database(u, db_name[i]);
        }
        mg_engine_free(e);
    }
    atexit(drop_server_databases);
}

/* The URL a test on backend bk uses, NULL to skip: SQLite gets a new file
 * each time. */
static const char *
backend_url(int bk)
{
    static char buf[256];
    static int n;

    if (bk != BK_SQLITE)
        return server_url[bk];
    snprintf(buf, sizeof(buf), "sqlite:///%s/t%ld_%d.db", tmpdir,
             (long)getpid(), ++n);
    return buf;
}

static const char *const model_sql =
    "CREATE TABLE authors (\n"
    "    id     INTEGER PRIMARY KEY,\n"
    "    name   VARCHAR(100),\n"
    "    rating DOUBLE,\n"
    "    active BOOLEAN,\n"
    "    photo  BLOB,\n"
    "    born   BIGINT,\n"
    "    bio    TEXT\n"
    ");\n"
    "CREATE TABLE books (\n"
    "    id        INTEGER PRIMARY KEY,\n"
    "    author_id INTEGER NOT NULL REFERENCES authors (id),\n"
    "    title     VARCHAR(200) NOT NULL,\n"
    "    price     DOUBLE\n"
    ");\n"
    "CREATE INDEX ix_books_title ON books (title);\n"
    "CREATE TABLE shops (\n"
    "    id   INTEGER PRIMARY KEY,\n"
    "    name VARCHAR(50)\n"
    ");\n";

static mg_metadata *
model(const char *sql)
{
    mg_metadata *md = NULL;
    mg_error err;

    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "models.sql", sql, strlen(sql), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* An engine on bk with its tables (re)created from model_sql. */
typedef struct fixture {
    mg_db       *db;
    mg_conn     *c;
    mg_metadata *md;
    int          bk;
} fixture;

static int
fixture_open(fixture *f, int bk, const mg_db_opts *opts)
{
    const char *url = backend_url(bk);
    mg_error err;

    memset(f, 0, sizeof(*f));
    f->bk = bk;
    if (!url) {
        test_skip("no server for this backend (MIGRATE_TEST_PG_URL, "
                  "MIGRATE_TEST_MARIADB_URL)");
        return 0;
    }
    f->md = model(model_sql);
    ck_mg_ok(mg_db_open(&f->db, url, opts, &err), &err);
    ck_mg_ok(mg_db_checkout(&f->c, f->db, &err), &err);
    ck_mg_ok(mg_drop_all(f->c, f->md, 1, &err), &err);
    ck_mg_ok(mg_create_all(f->c, f->md, 0, &err), &err);
    return 1;
}

static void
fixture_close(fixture *f)
{
    mg_conn_release(f->c);
    mg_db_close(f->db);
    mg_metadata_free(f->md);
}

static int64_t
scalar_int(mg_conn *c, const char *sql)
{
    mg_stmt *st = NULL;
    mg_error err;
    int64_t v;

    ck_mg_ok(mg_stmt_prepare(&st, c, sql, &err), &err);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    v = mg_stmt_column_int(st, 0);
    mg_stmt_free(st);
    return v;
}

static void
exec_ok(mg_conn *c, const char *sql)
{
    mg_error err;

    ck_mg_ok(mg_conn_exec(c, sql, &err), &err);
}

/* Insert an author through a prepared statement; returns rc. */
static int
insert_author(mg_conn *c, int64_t id, const char *name, mg_error *err)
{
    mg_stmt *st = NULL;
    int rc;

    if ((rc = mg_stmt_prepare(&st, c, "INSERT INTO authors (id, name) "
                              "VALUES (?, ?)", err)) < 0)
        return rc;
    mg_stmt_bind_int(st, 1, id);
    mg_stmt_bind_text(st, 2, name);
    rc = mg_stmt_execute(st, err);
    mg_stmt_free(st);
    return rc;
}

/* ---- statements ------------------------------------------------------- */

START_TEST(test_db_typed_round_trip)
{
    static const unsigned char photo[] = { 0, 1, 2, 0xff, 0, '?', 'x' };
    const char *text = "h\xc3\xa9llo 'quoted' \"dq\" ? -- not a comment";
    fixture f;
    mg_stmt *st = NULL;
    mg_error err;
    size_t len;
    const void *blob;
    int name, rows = 0;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "INSERT INTO authors (id, name, "
                             "rating, active, photo, born, bio) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?)", &err), &err);
    ck_assert_uint_eq(mg_stmt_param_count(st), 7);
    ck_assert_int_eq(mg_stmt_bind_int(st, 1, 1), 0);
    ck_assert_int_eq(mg_stmt_bind_text(st, 2, text), 0);
    ck_assert_int_eq(mg_stmt_bind_double(st, 3, 4.75), 0);
    ck_assert_int_eq(mg_stmt_bind_bool(st, 4, 1), 0);
    ck_assert_int_eq(mg_stmt_bind_blob(st, 5, photo, sizeof(photo)), 0);
    ck_assert_int_eq(mg_stmt_bind_int(st, 6, INT64_C(1) << 42), 0);
    ck_assert_int_eq(mg_stmt_bind_text(st, 7, ""), 0);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_changes(st), 1);
    /* the same statement again, everything NULL but the key */
    ck_assert_int_eq(mg_stmt_bind_int(st, 1, 2), 0);
    ck_assert_int_eq(mg_stmt_bind_null(st, 2), 0);
    ck_assert_int_eq(mg_stmt_bind_null(st, 3), 0);
    ck_assert_int_eq(mg_stmt_bind_null(st, 4), 0);
    ck_assert_int_eq(mg_stmt_bind_null(st, 5), 0);
    ck_assert_int_eq(mg_stmt_bind_null(st, 6), 0);
    ck_assert_int_eq(mg_stmt_bind_null(st, 7), 0);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    mg_stmt_free(st);

    ck_mg_ok(mg_stmt_prepare(&st, f.c, "SELECT id, name, rating, active, "
                             "photo, born, bio FROM authors ORDER BY id",
                             &err), &err);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_column_count(st), 7);
    ck_assert_str_eq(mg_stmt_column_name(st, 4), "photo");
    name = mg_stmt_column_index(st, "NAME");
    ck_assert_int_eq(name, 1);
    ck_assert_int_eq(mg_stmt_column_index(st, "nope"), -1);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_int_eq(mg_stmt_column_type(st, 0), MG_VALUE_INT);
    ck_assert_int_eq(mg_stmt_column_int(st, 0), 1);
    ck_assert_int_eq(mg_stmt_column_type(st, name), MG_VALUE_TEXT);
    ck_assert_str_eq(mg_stmt_column_text(st, name), text);
    ck_assert_int_eq(mg_stmt_column_type(st, 2), MG_VALUE_DOUBLE);
    ck_assert(mg_stmt_column_double(st, 2) == 4.75);
    ck_assert_str_eq(mg_stmt_column_text(st, 2), "4.75");
    ck_assert_int_eq(mg_stmt_column_type(st, 3), MG_VALUE_BOOL);
    ck_assert_int_eq(mg_stmt_column_bool(st, 3), 1);
    ck_assert_int_eq(mg_stmt_column_type(st, 4), MG_VALUE_BLOB);
    blob = mg_stmt_column_blob(st, 4, &len);
    ck_assert_uint_eq(len, sizeof(photo));
    ck_assert_int_eq(memcmp(blob, photo, len), 0);
    ck_assert_int_eq(mg_stmt_column_type(st, 5), MG_VALUE_INT);
    ck_assert(mg_stmt_column_int(st, 5) == (INT64_C(1) << 42));
    ck_assert_str_eq(mg_stmt_column_text(st, 5), "4398046511104");
    ck_assert_int_eq(mg_stmt_column_type(st, 6), MG_VALUE_TEXT);
    ck_assert_str_eq(mg_stmt_column_text(st, 6), "");
    ck_assert_int_eq(mg_stmt_column_is_null(st, 6), 0);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_int_eq(mg_stmt_column_int(st, 0), 2);
    for (rows = 1; rows < 7; rows++) {
        ck_assert_int_eq(mg_stmt_column_is_null(st, rows), 1);
        ck_assert_int_eq(mg_stmt_column_type(st, rows), MG_VALUE_NULL);
    }
    ck_assert_ptr_null(mg_stmt_column_text(st, 1));
    ck_assert_int_eq(mg_stmt_column_int(st, 5), 0);
    ck_assert_ptr_null(mg_stmt_column_blob(st, 4, &len));
    ck_assert_int_eq(mg_stmt_next(st, &err), 0);
    ck_assert_int_eq(mg_stmt_next(st, &err), 0);
    mg_stmt_free(st);

    /* The same row through a statement with a parameter: MariaDB runs
     * the one above as a plain query and prepares this one, and both
     * read alike. */
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "SELECT id, name, rating, active, "
                             "photo, born, bio FROM authors WHERE id = ?",
                             &err), &err);
    ck_assert_int_eq(mg_stmt_bind_int(st, 1, 1), 0);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_int_eq(mg_stmt_column_type(st, 0), MG_VALUE_INT);
    ck_assert_int_eq(mg_stmt_column_type(st, 1), MG_VALUE_TEXT);
    ck_assert_str_eq(mg_stmt_column_text(st, 1), text);
    ck_assert_int_eq(mg_stmt_column_type(st, 2), MG_VALUE_DOUBLE);
    ck_assert_str_eq(mg_stmt_column_text(st, 2), "4.75");
    ck_assert_int_eq(mg_stmt_column_type(st, 3), MG_VALUE_BOOL);
    ck_assert_int_eq(mg_stmt_column_type(st, 4), MG_VALUE_BLOB);
    blob = mg_stmt_column_blob(st, 4, &len);
    ck_assert_uint_eq(len, sizeof(photo));
    ck_assert_int_eq(memcmp(blob, photo, len), 0);
    ck_assert_str_eq(mg_stmt_column_text(st, 5), "4398046511104");
    ck_assert_int_eq(mg_stmt_column_type(st, 6), MG_VALUE_TEXT);
    ck_assert_int_eq(mg_stmt_next(st, &err), 0);
    mg_stmt_free(st);
    fixture_close(&f);
}
END_TEST

START_TEST(test_db_question_mark_in_literals)
{
    fixture f;
    mg_stmt *st = NULL;
    mg_error err;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_mg_ok(insert_author(f.c, 1, "who?", &err), &err);
    ck_mg_ok(insert_author(f.c, 2, "me", &err), &err);
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "SELECT id /* ? */ FROM authors "
                             "WHERE name = 'who?' -- and ?\n"
                             "OR name = ? ORDER BY id", &err), &err);
    ck_assert_uint_eq(mg_stmt_param_count(st), 1);
    if (_i == BK_PG)
        ck_assert_str_eq(mg_stmt_sql(st), "SELECT id /* ? */ FROM authors "
                         "WHERE name = 'who?' -- and ?\nOR name = $1 "
                         "ORDER BY id");
    ck_assert_int_eq(mg_stmt_bind_text(st, 1, "me"), 0);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_int_eq(mg_stmt_column_int(st, 0), 1);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_int_eq(mg_stmt_column_int(st, 0), 2);
    ck_assert_int_eq(mg_stmt_next(st, &err), 0);
    mg_stmt_free(st);
    fixture_close(&f);
}
END_TEST

/* The scanner alone, per dialect's quoting rules. */
static const struct {
    unsigned int flags;
    int          dollar;
    const char  *in;
    const char  *out;
    size_t       n;
} ph_cases[] = {
    { 0, 1, "SELECT ?, ?", "SELECT $1, $2", 2 },
    { 0, 0, "SELECT ?, ?", "SELECT ?, ?", 2 },
    { 0, 1, "SELECT '?''?', \"a?\", `b?` WHERE x = ?",
      "SELECT '?''?', \"a?\", `b?` WHERE x = $1", 1 },
    { 0, 1, "a -- ?\n? /* ? */ ?", "a -- ?\n$1 /* ? */ $2", 2 },
    { MG_SPLIT_DOLLAR_QUOTES | MG_SPLIT_E_STRINGS, 1,
      "SELECT $$?$$, $t$ ? $t$, E'\\'?', $1x, ?",
      "SELECT $$?$$, $t$ ? $t$, E'\\'?', $1x, $1", 1 },
    { MG_SPLIT_HASH_COMMENTS | MG_SPLIT_BACKSLASH_ESCAPES, 0,
      "SELECT 'a\\'?' # ?\n, ?", "SELECT 'a\\'?' # ?\n, ?", 1 },
    { 0, 1, "SELECT 'unterminated ?", "SELECT 'unterminated ?", 0 },
};

START_TEST(test_db_placeholder_scanner)
{
    mg_buf b = MG_BUF_INIT;
    size_t n = 99;

    ck_assert_int_eq(mg_db__placeholders(&b, &n, ph_cases[_i].in,
                                         ph_cases[_i].flags,
                                         ph_cases[_i].dollar), 0);
    ck_assert_str_eq(mg_buf_cstr(&b), ph_cases[_i].out);
    ck_assert_uint_eq(n, ph_cases[_i].n);
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_db_bind_errors)
{
    fixture f;
    mg_stmt *st = NULL;
    mg_error err;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "SELECT id FROM authors WHERE id = ?"
                             " OR id = ?", &err), &err);
    ck_assert_int_eq(mg_stmt_bind_int(st, 1, 1), 0);
    ck_assert_int_eq(mg_stmt_execute(st, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "parameter 2 is not bound");
    ck_assert_int_eq(mg_stmt_bind_int(st, 3, 1), MG_EUSAGE);
    ck_assert_int_eq(mg_stmt_bind_int(st, 2, 1), 0);
    ck_assert_int_eq(mg_stmt_execute(st, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "parameter 3 out of range: the statement "
                     "has 2");
    mg_stmt_free(st);
    /* a syntax error carries the database's message */
    st = NULL;
    err.msg[0] = '\0';
    {
        int rc = mg_stmt_prepare(&st, f.c, "SELEC nonsense", &err);
        if (rc == 0)    /* PostgreSQL prepares at execute */
            rc = mg_stmt_execute(st, &err);
        ck_assert_int_eq(rc, MG_EDB);
        ck_assert_ptr_nonnull(strstr(err.msg, "syntax"));
    }
    mg_stmt_free(st);
    fixture_close(&f);
}
END_TEST

START_TEST(test_db_generated_keys)
{
    fixture f;
    mg_stmt *st = NULL;
    mg_error err;
    int64_t id = 0;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "INSERT INTO authors (name) VALUES "
                             "(?);", &err), &err);
    ck_mg_ok(mg_stmt_returning(st, "id", &err), &err);
    if (f.db->d->stmt.caps & MG_RTCAP_RETURNING)
        ck_assert_ptr_nonnull(strstr(mg_stmt_sql(st), " RETURNING \"id\""));
    ck_assert_int_eq(mg_stmt_last_id(st, &id, &err), MG_ESTATE);
    mg_stmt_bind_text(st, 1, "a");
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_mg_ok(mg_stmt_last_id(st, &id, &err), &err);
    ck_assert_int_eq(id, 1);
    ck_assert_int_eq(mg_stmt_changes(st), 1);
    mg_stmt_bind_text(st, 1, "b");
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_mg_ok(mg_stmt_last_id(st, &id, &err), &err);
    ck_assert_int_eq(id, 2);
    ck_assert_int_eq(mg_stmt_returning(st, "id", &err), MG_ESTATE);
    mg_stmt_free(st);
    /* without asking first: the connection's last insert id */
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "INSERT INTO authors (name) VALUES "
                             "('c')", &err), &err);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_mg_ok(mg_stmt_last_id(st, &id, &err), &err);
    ck_assert_int_eq(id, 3);
    mg_stmt_free(st);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM authors"), 3);
    fixture_close(&f);
}
END_TEST

START_TEST(test_db_changes)
{
    fixture f;
    mg_stmt *st = NULL;
    mg_error err;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_mg_ok(insert_author(f.c, 1, "a", &err), &err);
    ck_mg_ok(insert_author(f.c, 2, "b", &err), &err);
    ck_mg_ok(insert_author(f.c, 3, "c", &err), &err);
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "UPDATE authors SET born = ? WHERE "
                             "id < ?", &err), &err);
    mg_stmt_bind_int(st, 1, 1900);
    mg_stmt_bind_int(st, 2, 3);
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_changes(st), 2);
    mg_stmt_free(st);
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "DELETE FROM authors WHERE name = ?",
                             &err), &err);
    mg_stmt_bind_text(st, 1, "zzz");
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_changes(st), 0);
    mg_stmt_bind_text(st, 1, "c");
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    ck_assert_int_eq(mg_stmt_changes(st), 1);
    mg_stmt_free(st);
    fixture_close(&f);
}
END_TEST

/* ---- transactions ----------------------------------------------------- */

static const char *const dup_msg[NBK] = {
    "UNIQUE constraint failed", "duplicate key", "Duplicate entry"
};

START_TEST(test_db_rollback_on_error)
{
    fixture f;
    mg_error err;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_assert_int_eq(mg_conn_commit(f.c, &err), MG_ESTATE);
    ck_mg_ok(mg_conn_begin(f.c, &err), &err);
    ck_assert_int_eq(mg_conn_in_transaction(f.c), 1);
    ck_assert_int_eq(mg_conn_begin(f.c, &err), MG_ESTATE);
    ck_mg_ok(insert_author(f.c, 1, "a", &err), &err);
    ck_assert_int_eq(insert_author(f.c, 1, "again", &err), MG_EDB);
    ck_assert_msg(strstr(err.msg, dup_msg[_i]) != NULL, "%s", err.msg);
    /* the transaction is failed on every dialect */
    ck_assert_int_eq(insert_author(f.c, 2, "b", &err), MG_ESTATE);
    ck_assert_ptr_nonnull(strstr(err.msg, dup_msg[_i]));
    ck_assert_int_eq(mg_conn_commit(f.c, &err), MG_EDB);
    ck_assert_msg(strncmp(err.msg, "transaction rolled back: ", 25) == 0 &&
                  strstr(err.msg, dup_msg[_i]), "%s", err.msg);
    ck_assert_int_eq(mg_conn_in_transaction(f.c), 0);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM authors"), 0);
    /* an explicit rollback undoes, a commit keeps */
    ck_mg_ok(mg_conn_begin(f.c, &err), &err);
    ck_mg_ok(insert_author(f.c, 5, "e", &err), &err);
    ck_mg_ok(mg_conn_rollback(f.c, &err), &err);
    ck_mg_ok(mg_conn_begin(f.c, &err), &err);
    ck_mg_ok(insert_author(f.c, 6, "f", &err), &err);
    ck_mg_ok(mg_conn_commit(f.c, &err), &err);
    ck_assert_int_eq(scalar_int(f.c, "SELECT sum(id) FROM authors"), 6);
    /* releasing a connection mid-transaction rolls it back */
    ck_mg_ok(mg_conn_begin(f.c, &err), &err);
    ck_mg_ok(insert_author(f.c, 7, "g", &err), &err);
    mg_conn_release(f.c);
    ck_mg_ok(mg_db_checkout(&f.c, f.db, &err), &err);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM authors"), 1);
    fixture_close(&f);
}
END_TEST

START_TEST(test_db_savepoints)
{
    fixture f;
    mg_error err;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_assert_int_eq(mg_conn_savepoint(f.c, "sp", &err), MG_ESTATE);
    ck_mg_ok(mg_conn_begin(f.c, &err), &err);
    ck_mg_ok(insert_author(f.c, 1, "a", &err), &err);
    ck_mg_ok(mg_conn_savepoint(f.c, "sp one", &err), &err);
    ck_mg_ok(insert_author(f.c, 2, "b", &err), &err);
    ck_assert_int_eq(insert_author(f.c, 2, "b", &err), MG_EDB);
    ck_mg_ok(mg_conn_rollback_to(f.c, "sp one", &err), &err);
    ck_mg_ok(insert_author(f.c, 3, "c", &err), &err);
    ck_mg_ok(mg_conn_savepoint(f.c, "sp2", &err), &err);
    ck_mg_ok(insert_author(f.c, 4, "d", &err), &err);
    ck_mg_ok(mg_conn_release_savepoint(f.c, "sp2", &err), &err);
    ck_assert_int_eq(mg_conn_rollback_to(f.c, "nope", &err), MG_EDB);
    ck_mg_ok(mg_conn_rollback_to(f.c, "sp one", &err), &err);
    ck_mg_ok(mg_conn_release_savepoint(f.c, "sp one", &err), &err);
    ck_mg_ok(mg_conn_commit(f.c, &err), &err);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM authors"), 1);
    ck_assert_int_eq(scalar_int(f.c, "SELECT max(id) FROM authors"), 1);
    fixture_close(&f);
}
END_TEST

/* ---- builders --------------------------------------------------------- */

enum { Q_ALL, Q_WHERE, Q_JOIN, Q_INSERT, Q_UPDATE, Q_DELETE, NQ };

/* Build query q over md. */
static mg_builder *
build(const mg_metadata *md, int q)
{
    mg_builder *b = NULL;
    mg_error err;

    switch (q) {
    case Q_ALL:
        ck_mg_ok(mg_select_new(&b, md, "shops", &err), &err);
        break;
    case Q_WHERE:
        ck_mg_ok(mg_select_new(&b, md, "authors", &err), &err);
        ck_assert_int_eq(mg_select_column(b, "name"), 0);
        ck_assert_int_eq(mg_select_column(b, "authors.born"), 0);
        ck_assert_int_eq(mg_builder_where(b, mg_expr_and(
            mg_expr_cmp("rating", MG_GE, mg_value_double(4.5)),
            mg_expr_or(mg_expr_cmp("name", MG_LIKE, mg_value_text("A%")),
                       mg_expr_not(mg_expr_is_null("born"))))), 0);
        ck_assert_int_eq(mg_builder_where(b, mg_expr_cmp("id", MG_NE,
                                          mg_value_int(7))), 0);
        ck_assert_int_eq(mg_select_order_by(b, "name", 1), 0);
        ck_assert_int_eq(mg_select_order_by(b, "id", 0), 0);
        ck_assert_int_eq(mg_select_limit(b, 10, 5), 0);
        break;
    case Q_JOIN:
        ck_mg_ok(mg_select_new(&b, md, "books", &err), &err);
        mg_select_column(b, "title");
        mg_select_column(b, "authors.name");
        ck_assert_int_eq(mg_select_join(b, "authors", 0), 0);
        mg_builder_where(b, mg_expr_cmp("active", MG_EQ, mg_value_bool(1)));
        mg_select_order_by(b, "books.id", 0);
        break;
    case Q_INSERT:
        ck_mg_ok(mg_insert_new(&b, md, "authors", &err), &err);
        ck_assert_int_eq(mg_builder_set(b, "name", mg_value_text("Ann")), 0);
        mg_builder_set(b, "rating", mg_value_double(4.5));
        mg_builder_set(b, "active", mg_value_bool(1));
        break;
    case Q_UPDATE:
        ck_mg_ok(mg_update_new(&b, md, "authors", &err), &err);
        mg_builder_set(b, "rating", mg_value_double(1.5));
        mg_builder_set(b, "bio", mg_value_null());
        mg_builder_where(b, mg_expr_cmp("name", MG_EQ, mg_value_text("Ann")));
        break;
    default:
        ck_mg_ok(mg_delete_new(&b, md, "authors", &err), &err);
        mg_builder_where(b, mg_expr_or(
            mg_expr_cmp("name", MG_EQ, mg_value_text("x")),
            mg_expr_cmp("name", MG_EQ, mg_value_null())));
        break;
    }
    return b;
}

static const struct {
    const char *dialect;
    int         q;
    const char *sql;
    size_t      nparams;
} builder_cases[] = {
    { "sqlite", Q_ALL, "SELECT \"shops\".\"id\", \"shops\".\"name\" FROM "
      "\"shops\"", 0 },
    { "postgresql", Q_ALL, "SELECT \"shops\".\"id\", \"shops\".\"name\" "
      "FROM \"shops\"", 0 },
    { "mariadb", Q_ALL, "SELECT `shops`.`id`, `shops`.`name` FROM `shops`",
      0 },
    { "sqlite", Q_WHERE, "SELECT \"authors\".\"name\", \"authors\".\"born\" "
      "FROM \"authors\" WHERE \"authors\".\"rating\" >= ? AND "
      "(\"authors\".\"name\" LIKE ? OR NOT (\"authors\".\"born\" IS NULL)) "
      "AND \"authors\".\"id\" <> ? ORDER BY \"authors\".\"name\" DESC, "
      "\"authors\".\"id\" LIMIT ? OFFSET ?", 5 },
    { "postgresql", Q_WHERE, "SELECT \"authors\".\"name\", "
      "\"authors\".\"born\" FROM \"authors\" WHERE \"authors\".\"rating\" "
      ">= $1 AND (\"authors\".\"name\" LIKE $2 OR NOT "
      "(\"authors\".\"born\" IS NULL)) AND \"authors\".\"id\" <> $3 ORDER "
      "BY \"authors\".\"name\" DESC, \"authors\".\"id\" LIMIT $4 OFFSET $5",
      5 },
    { "mariadb", Q_WHERE, "SELECT `authors`.`name`, `authors`.`born` FROM "
      "`authors` WHERE `authors`.`rating` >= ? AND (`authors`.`name` LIKE ? "
      "OR NOT (`authors`.`born` IS NULL)) AND `authors`.`id` <> ? ORDER BY "
      "`authors`.`name` DESC, `authors`.`id` LIMIT ? OFFSET ?", 5 },
    { "sqlite", Q_JOIN, "SELECT \"books\".\"title\", \"authors\".\"name\" "
      "FROM \"books\" JOIN \"authors\" ON \"books\".\"author_id\" = "
      "\"authors\".\"id\" WHERE \"authors\".\"active\" = ? ORDER BY "
      "\"books\".\"id\"", 1 },
    { "postgresql", Q_JOIN, "SELECT \"books\".\"title\", "
      "\"authors\".\"name\" FROM \"books\" JOIN \"authors\" ON "
      "\"books\".\"author_id\" = \"authors\".\"id\" WHERE "
      "\"authors\".\"active\" = $1 ORDER BY \"books\".\"id\"", 1 },
    { "mariadb", Q_JOIN, "SELECT `books`.`title`, `authors`.`name` FROM "
      "`books` JOIN `authors` ON `books`.`author_id` = `authors`.`id` WHERE "
      "`authors`.`active` = ? ORDER BY `books`.`id`", 1 },
    { "sqlite", Q_INSERT, "INSERT INTO \"authors\" (\"name\", \"rating\", "
      "\"active\") VALUES (?, ?, ?)", 3 },
    { "postgresql", Q_INSERT, "INSERT INTO \"authors\" (\"name\", "
      "\"rating\", \"active\") VALUES ($1, $2, $3) RETURNING \"id\"", 3 },
    { "mariadb", Q_INSERT, "INSERT INTO `authors` (`name`, `rating`, "
      "`active`) VALUES (?, ?, ?)", 3 },
    { "sqlite", Q_UPDATE, "UPDATE \"authors\" SET \"rating\" = ?, \"bio\" = "
      "? WHERE \"name\" = ?", 3 },
    { "postgresql", Q_UPDATE, "UPDATE \"authors\" SET \"rating\" = $1, "
      "\"bio\" = $2 WHERE \"name\" = $3", 3 },
    { "mariadb", Q_UPDATE, "UPDATE `authors` SET `rating` = ?, `bio` = ? "
      "WHERE `name` = ?", 3 },
    { "sqlite", Q_DELETE, "DELETE FROM \"authors\" WHERE \"name\" = ? OR "
      "\"name\" IS NULL", 1 },
    { "postgresql", Q_DELETE, "DELETE FROM \"authors\" WHERE \"name\" = $1 "
      "OR \"name\" IS NULL", 1 },
    { "mariadb", Q_DELETE, "DELETE FROM `authors` WHERE `name` = ? OR "
      "`name` IS NULL", 1 },
};

START_TEST(test_db_builder_sql)
{
    const mg_dialect *d = mg_dialect_find(builder_cases[_i].dialect);
    mg_metadata *md;
    mg_builder *b;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    if (!d)
        return;   /* not compiled in */
    md = model(model_sql);
    b = build(md, builder_cases[_i].q);
    ck_mg_ok(mg_builder_compile(b, d, &sql, &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql), builder_cases[_i].sql);
    ck_assert_uint_eq(mg_builder_param_count(b), builder_cases[_i].nparams);
    ck_assert_ptr_null(mg_builder_param(b, builder_cases[_i].nparams));
    if (builder_cases[_i].q == Q_WHERE) {
        ck_assert_int_eq(mg_builder_param(b, 0)->type, MG_VALUE_DOUBLE);
        ck_assert_str_eq(mg_builder_param(b, 1)->p, "A%");
        ck_assert_int_eq(mg_builder_param(b, 2)->i, 7);
        ck_assert_int_eq(mg_builder_param(b, 3)->i, 10);
        ck_assert_int_eq(mg_builder_param(b, 4)->i, 5);
    }
    mg_buf_release(&sql);
    mg_builder_free(b);
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_db_builder_errors)
{
    const mg_dialect *d = mg_dialect_default();
    mg_metadata *md = model(model_sql);
    mg_builder *b = NULL;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    ck_assert_int_eq(mg_select_new(&b, md, "nope", &err), MG_ENOTFOUND);
    ck_assert_str_eq(err.msg, "unknown table 'nope'");
    ck_assert_ptr_null(b);

    ck_mg_ok(mg_select_new(&b, md, "authors", &err), &err);
    mg_builder_where(b, mg_expr_cmp("nope", MG_EQ, mg_value_int(1)));
    ck_assert_int_eq(mg_builder_compile(b, d, &sql, &err), MG_ENOTFOUND);
    ck_assert_str_eq(err.msg, "unknown column 'nope'");
    ck_assert_uint_eq(sql.len, 0);
    mg_builder_free(b);

    ck_mg_ok(mg_select_new(&b, md, "books", &err), &err);
    mg_select_join(b, "authors", MG_JOIN_LEFT);
    mg_select_column(b, "id");
    ck_assert_int_eq(mg_builder_compile(b, d, &sql, &err), MG_EAMBIGUOUS);
    ck_assert_str_eq(err.msg, "column 'id' is in several tables of the "
                     "query; write table.column");
    mg_builder_free(b);

    ck_mg_ok(mg_select_new(&b, md, "books", &err), &err);
    mg_select_join(b, "shops", 0);
    ck_assert_int_eq(mg_builder_compile(b, d, &sql, &err), MG_ENOTFOUND);
    ck_assert_str_eq(err.msg, "no foreign key joins 'shops' to the query's "
                     "tables");
    mg_builder_free(b);

    ck_mg_ok(mg_insert_new(&b, md, "authors", &err), &err);
    ck_assert_int_eq(mg_select_join(b, "books", 0), MG_EUSAGE);
    ck_assert_int_eq(mg_builder_compile(b, d, &sql, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "INSERT has no joins");
    mg_builder_free(b);

    ck_mg_ok(mg_update_new(&b, md, "authors", &err), &err);
    ck_assert_int_eq(mg_builder_compile(b, d, &sql, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "UPDATE of 'authors' without values");
    mg_builder_free(b);
    ck_assert_uint_eq(sql.len, 0);
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_db_builder_execute)
{
    fixture f;
    mg_builder *b;
    mg_stmt *st = NULL;
    mg_error err;
    int64_t ann = 0, bob = 0;
    int i;

    if (!fixture_open(&f, _i, NULL))
        return;
    /* inserts, keys through one call */
    b = build(f.md, Q_INSERT);
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_mg_ok(mg_stmt_last_id(st, &ann, &err), &err);
    ck_assert_int_eq(ann, 1);
    mg_stmt_free(st);
    mg_builder_free(b);
    ck_mg_ok(mg_insert_new(&b, f.md, "authors", &err), &err);
    mg_builder_set(b, "name", mg_value_text("Bob"));
    mg_builder_set(b, "active", mg_value_bool(0));
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_mg_ok(mg_stmt_last_id(st, &bob, &err), &err);
    ck_assert_int_eq(bob, 2);
    mg_stmt_free(st);
    mg_builder_free(b);
    for (i = 0; i < 3; i++) {
        char title[16];
        int64_t id;

        snprintf(title, sizeof(title), "T%d", i);
        ck_mg_ok(mg_insert_new(&b, f.md, "books", &err), &err);
        mg_builder_set(b, "author_id", mg_value_int(i < 2 ? ann : bob));
        mg_builder_set(b, "title", mg_value_text(title));
        ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
        ck_mg_ok(mg_stmt_last_id(st, &id, &err), &err);
        ck_assert_int_eq(id, i + 1);
        mg_stmt_free(st);
        mg_builder_free(b);
    }
    /* the join: active authors' books */
    b = build(f.md, Q_JOIN);
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_str_eq(mg_stmt_column_text(st, 0), "T0");
    ck_assert_str_eq(mg_stmt_column_text(st, 1), "Ann");
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_str_eq(mg_stmt_column_text(st, 0), "T1");
    ck_assert_int_eq(mg_stmt_next(st, &err), 0);
    mg_stmt_free(st);
    mg_builder_free(b);
    /* where, order, limit/offset */
    ck_mg_ok(mg_select_new(&b, f.md, "books", &err), &err);
    mg_select_column(b, "title");
    mg_builder_where(b, mg_expr_cmp("id", MG_GE, mg_value_int(1)));
    mg_select_order_by(b, "title", 1);
    mg_select_limit(b, -1, 1);
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_str_eq(mg_stmt_column_text(st, 0), "T1");
    ck_assert_int_eq(mg_stmt_next(st, &err), 1);
    ck_assert_str_eq(mg_stmt_column_text(st, 0), "T0");
    ck_assert_int_eq(mg_stmt_next(st, &err), 0);
    mg_stmt_free(st);
    mg_builder_free(b);
    /* update and delete */
    b = build(f.md, Q_UPDATE);
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_assert_int_eq(mg_stmt_changes(st), 1);
    mg_stmt_free(st);
    mg_builder_free(b);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM authors WHERE "
                                "rating = 1.5"), 1);
    ck_mg_ok(mg_delete_new(&b, f.md, "books", &err), &err);
    mg_builder_where(b, mg_expr_not(mg_expr_cmp("author_id", MG_EQ,
                                                mg_value_int(ann))));
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_assert_int_eq(mg_stmt_changes(st), 1);
    mg_stmt_free(st);
    mg_builder_free(b);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM books"), 2);
    fixture_close(&f);
}
END_TEST

/* ---- create_all / drop_all -------------------------------------------- */

START_TEST(test_db_create_drop_all)
{
    static const char *const cycle_sql =
        "CREATE TABLE cy_a (id INTEGER PRIMARY KEY, b_id INTEGER "
        "REFERENCES cy_b (id));\n"
        "CREATE TABLE cy_b (id INTEGER PRIMARY KEY, a_id INTEGER "
        "REFERENCES cy_a (id));\n";
    fixture f;
    mg_metadata *cyc;
    mg_error err;
    int exists = -1;

    if (!fixture_open(&f, _i, NULL))
        return;
    ck_mg_ok(mg_conn_table_exists(f.c, "books", &exists, &err), &err);
    ck_assert_int_eq(exists, 1);
    ck_mg_ok(mg_create_all(f.c, f.md, 1, &err), &err);
    ck_assert_int_eq(mg_create_all(f.c, f.md, 0, &err), MG_EDB);
    ck_assert_int_eq(mg_conn_in_transaction(f.c), 0);
    ck_mg_ok(mg_drop_all(f.c, f.md, 0, &err), &err);
    ck_mg_ok(mg_conn_table_exists(f.c, "books", &exists, &err), &err);
    ck_assert_int_eq(exists, 0);
    ck_mg_ok(mg_conn_table_exists(f.c, "authors", &exists, &err), &err);
    ck_assert_int_eq(exists, 0);
    ck_mg_ok(mg_drop_all(f.c, f.md, 1, &err), &err);
    ck_assert_int_eq(mg_drop_all(f.c, f.md, 0, &err), MG_EDB);
    /* checkfirst creates only what is missing */
    exec_ok(f.c, "CREATE TABLE shops (id INTEGER PRIMARY KEY, other INT)");
    ck_mg_ok(mg_create_all(f.c, f.md, 1, &err), &err);
    ck_mg_ok(insert_author(f.c, 1, "a", &err), &err);
    exec_ok(f.c, "INSERT INTO shops (id, other) VALUES (1, 2)");
    ck_assert_int_eq(scalar_int(f.c, "SELECT other FROM shops"), 2);
    /* a cycle of foreign keys */
    cyc = model(cycle_sql);
    ck_mg_ok(mg_drop_all(f.c, cyc, 1, &err), &err);
    ck_mg_ok(mg_create_all(f.c, cyc, 0, &err), &err);
    exec_ok(f.c, "INSERT INTO cy_a (id) VALUES (1)");
    exec_ok(f.c, "INSERT INTO cy_b (id, a_id) VALUES (1, 1)");
    exec_ok(f.c, "UPDATE cy_a SET b_id = 1");
    ck_mg_ok(mg_drop_all(f.c, cyc, 0, &err), &err);
    ck_mg_ok(mg_conn_table_exists(f.c, "cy_a", &exists, &err), &err);
    ck_assert_int_eq(exists, 0);
    mg_metadata_free(cyc);
    fixture_close(&f);
}
END_TEST

/* ---- the pool --------------------------------------------------------- */

START_TEST(test_db_pool_timeout)
{
    mg_db_opts o;
    fixture f;
    mg_conn *c2 = NULL, *c3 = NULL;
    mg_error err;
    size_t open = 0, idle = 0;
    double t0;

    mg_db_opts_init(&o);
    ck_assert_int_eq(o.pool_size, 5);
    ck_assert_int_eq(o.max_overflow, 10);
    o.pool_size = 1;
    o.max_overflow = 1;
    o.pool_timeout = 0.2;
    if (!fixture_open(&f, _i, &o))
        return;
    ck_mg_ok(mg_db_checkout(&c2, f.db, &err), &err);
    mg_db_counts(f.db, &open, &idle);
    ck_assert_uint_eq(open, 2);
    ck_assert_uint_eq(idle, 0);
    t0 = mg_db__now_ms();
    ck_assert_int_eq(mg_db_checkout(&c3, f.db, &err), MG_ELOCK);
    ck_assert_msg(mg_db__now_ms() - t0 >= 190, "waited %g ms",
                  mg_db__now_ms() - t0);
    ck_assert_ptr_null(c3);
    ck_assert_str_eq(err.msg, "timed out after 0.2 s waiting for a "
                     "connection (pool_size 1, max_overflow 1, all checked "
                     "out)");
    /* the overflow connection is closed when returned */
    mg_conn_release(c2);
    mg_db_counts(f.db, &open, &idle);
    ck_assert_uint_eq(open, 2);
    ck_assert_uint_eq(idle, 1);
    mg_conn_release(f.c);
    mg_db_counts(f.db, &open, &idle);
    ck_assert_uint_eq(open, 1);
    ck_assert_uint_eq(idle, 1);
    ck_mg_ok(mg_db_checkout(&f.c, f.db, &err), &err);
    fixture_close(&f);
}
END_TEST

START_TEST(test_db_sqlite_memory_single_connection)
{
    mg_db_opts o;
    mg_db *db = NULL;
    mg_conn *c = NULL, *c2 = NULL;
    mg_error err;

    mg_db_opts_init(&o);
    o.pool_timeout = 0;
    ck_mg_ok(mg_db_open(&db, "sqlite://", &o, &err), &err);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    ck_assert_int_eq(mg_db_checkout(&c2, db, &err), MG_ELOCK);
    exec_ok(c, "CREATE TABLE t (x INT); INSERT INTO t VALUES (42)");
    mg_conn_release(c);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    ck_assert_int_eq(scalar_int(c, "SELECT x FROM t"), 42);
    mg_conn_release(c);
    mg_db_close(db);
    ck_assert_int_eq(mg_db_open(&db, "nosuch://x", NULL, &err), MG_EUSAGE);
    ck_assert_ptr_null(db);
    o.pool_size = 0;
    ck_assert_int_eq(mg_db_open(&db, "sqlite://", &o, &err), MG_EUSAGE);
}
END_TEST

static const char *const backend_id_sql[NBK] = {
    NULL, "SELECT pg_backend_pid()", "SELECT CONNECTION_ID()"
};
static const char *const kill_sql[NBK] = {
    NULL, "SELECT pg_terminate_backend(%lld)", "KILL %lld"
};

/* Kill connection id through a connection of its own. */
static void
kill_backend(int bk, int64_t id)
{
    mg_engine *e;
    mg_error err;
    char sql[100];

    ck_mg_ok(mg_engine_open(&e, server_url[bk], 0, &err), &err);
    snprintf(sql, sizeof(sql), kill_sql[bk], (long long)id);
    ck_mg_ok(mg_engine_exec(e, sql, &err), &err);
    mg_engine_free(e);
    usleep(100 * 1000);
}

START_TEST(test_db_pre_ping_replaces_dead)
{
    mg_db_opts o;
    mg_db *db = NULL;
    mg_conn *c = NULL;
    mg_error err;
    int64_t before, after;
    size_t open = 0;

    if (_i == BK_SQLITE || !server_url[_i])
        return;   /* nothing can kill a SQLite connection */
    mg_db_opts_init(&o);
    o.pool_size = 1;
    o.max_overflow = 0;
    ck_mg_ok(mg_db_open(&db, server_url[_i], &o, &err), &err);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    before = scalar_int(c, backend_id_sql[_i]);
    mg_conn_release(c);
    kill_backend(_i, before);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    after = scalar_int(c, backend_id_sql[_i]);
    ck_assert_int_ne(before, after);
    mg_db_counts(db, &open, NULL);
    ck_assert_uint_eq(open, 1);
    mg_conn_release(c);
    mg_db_close(db);

    /* without pre-ping the dead connection fails once, and is dropped
     * when released */
    o.pre_ping = 0;
    ck_mg_ok(mg_db_open(&db, server_url[_i], &o, &err), &err);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    before = scalar_int(c, backend_id_sql[_i]);
    mg_conn_release(c);
    kill_backend(_i, before);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    ck_assert_int_eq(mg_conn_exec(c, "SELECT 1", &err), MG_EDB);
    mg_conn_release(c);
    mg_db_counts(db, &open, NULL);
    ck_assert_uint_eq(open, 0);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    ck_assert_int_ne(scalar_int(c, backend_id_sql[_i]), before);
    mg_conn_release(c);
    mg_db_close(db);
}
END_TEST

#define NTHREADS 8
#define NQUERIES 100

typedef struct worker {
    mg_db *db;
    int    n;
    int    failures;
    char   msg[256];
} worker;

static void *
work(void *arg)
{
    worker *w = arg;
    int i;

    for (i = 0; i < NQUERIES; i++) {
        mg_conn *c = NULL;
        mg_stmt *st = NULL;
        mg_error err;

        if (mg_db_checkout(&c, w->db, &err) < 0 ||
            mg_stmt_prepare(&st, c, "INSERT INTO books (author_id, title) "
                            "VALUES (?, ?)", &err) < 0 ||
            mg_stmt_bind_int(st, 1, 1) < 0 ||
            mg_stmt_bind_text(st, 2, "t") < 0 ||
            mg_stmt_execute(st, &err) < 0) {
            if (!w->failures++)
                snprintf(w->msg, sizeof(w->msg), "%.200s", err.msg);
        } else {
            w->n++;
        }
        mg_stmt_free(st);
        mg_conn_release(c);
    }
    return NULL;
}

START_TEST(test_db_threads_share_engine)
{
    pthread_t th[NTHREADS];
    worker w[NTHREADS];
    mg_db_opts o;
    fixture f;
    mg_error err;
    size_t open = 0;
    int i, total = 0;

    mg_db_opts_init(&o);
    o.pool_size = 3;
    o.max_overflow = 1;
    if (!fixture_open(&f, _i, &o))
        return;
    ck_mg_ok(insert_author(f.c, 1, "a", &err), &err);
    mg_conn_release(f.c);
    f.c = NULL;
    for (i = 0; i < NTHREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].db = f.db;
        ck_assert_int_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], NULL);
        ck_assert_msg(w[i].failures == 0, "thread %d: %d failures: %s", i,
                      w[i].failures, w[i].msg);
        total += w[i].n;
    }
    ck_assert_int_eq(total, NTHREADS * NQUERIES);
    mg_db_counts(f.db, &open, NULL);
    ck_assert_uint_le(open, 3);
    ck_mg_ok(mg_db_checkout(&f.c, f.db, &err), &err);
    ck_assert_int_eq(scalar_int(f.c, "SELECT count(*) FROM books"),
                     NTHREADS * NQUERIES);
    fixture_close(&f);
}
END_TEST

/* ---- the query hook and echo ------------------------------------------ */

typedef struct seen {
    int    calls;
    char   sql[256];
    char   file[256];
    int    line;
    size_t nparams;
    double ms;
    int    rc;
} seen;

static void
hook(void *data, const mg_query_info *q)
{
    seen *s = data;

    s->calls++;
    snprintf(s->sql, sizeof(s->sql), "%s", q->sql);
    snprintf(s->file, sizeof(s->file), "%s", q->file ? q->file : "");
    s->line = q->line;
    s->nparams = q->nparams;
    s->ms = q->duration_ms;
    s->rc = q->rc;
}

START_TEST(test_db_query_hook)
{
    mg_db_opts o;
    fixture f;
    seen s;
    mg_stmt *st = NULL;
    mg_builder *b = NULL;
    mg_error err;
    int line;

    memset(&s, 0, sizeof(s));
    mg_db_opts_init(&o);
    o.hook = hook;
    o.hook_data = &s;
    if (!fixture_open(&f, _i, &o))
        return;
    ck_assert_int_gt(s.calls, 2);   /* create_all's statements */
    s.calls = 0;
    ck_mg_ok(mg_stmt_prepare(&st, f.c, "SELECT id FROM authors WHERE id = ? "
                             "OR name = ?", &err), &err);
    mg_stmt_bind_int(st, 1, 1);
    mg_stmt_bind_text(st, 2, "x");
    ck_assert_int_eq(s.calls, 0);
    line = __LINE__ + 1;
    ck_mg_ok(mg_stmt_execute(st, &err), &err);
    mg_stmt_free(st);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_str_eq(s.file, __FILE__);
    ck_assert_int_eq(s.line, line);
    ck_assert_uint_eq(s.nparams, 2);
    ck_assert(s.ms >= 0.0);
    ck_assert_int_eq(s.rc, 0);
    ck_assert_ptr_nonnull(strstr(s.sql, "SELECT id FROM authors WHERE id = "));

    line = __LINE__ + 1;
    ck_assert_int_eq(mg_conn_exec(f.c, "SELECT nope FROM nowhere", &err),
                     MG_EDB);
    ck_assert_int_eq(s.line, line);
    ck_assert_int_eq(s.rc, MG_EDB);
    ck_assert_str_eq(s.sql, "SELECT nope FROM nowhere");

    line = __LINE__ + 1;
    ck_mg_ok(mg_conn_begin(f.c, &err), &err);
    ck_assert_int_eq(s.line, line);
    line = __LINE__ + 1;
    ck_mg_ok(mg_conn_savepoint(f.c, "s", &err), &err);
    ck_assert_int_eq(s.line, line);
    ck_assert_ptr_nonnull(strstr(s.sql, "SAVEPOINT "));
    line = __LINE__ + 1;
    ck_mg_ok(mg_conn_commit(f.c, &err), &err);
    ck_assert_int_eq(s.line, line);

    ck_mg_ok(mg_delete_new(&b, f.md, "books", &err), &err);
    line = __LINE__ + 1;
    ck_mg_ok(mg_builder_execute(&st, f.c, b, &err), &err);
    ck_assert_int_eq(s.line, line);
    ck_assert_ptr_nonnull(strstr(s.sql, "DELETE FROM "));
    mg_stmt_free(st);
    mg_builder_free(b);
    fixture_close(&f);
}
END_TEST

START_TEST(test_db_echo)
{
    char path[128], text[4096] = "", want[128];
    fixture f;
    mg_error err;
    int fd, saved, line;
    FILE *in;
    size_t n;

    if (!fixture_open(&f, _i, NULL))
        return;
    snprintf(path, sizeof(path), "%s/echo_%ld.txt", tmpdir, (long)getpid());
    fflush(stderr);
    saved = dup(2);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, 2);
    close(fd);
    mg_db_set_echo(f.db, 1);
    line = __LINE__ + 1;
    ck_mg_ok(mg_conn_exec(f.c, "DELETE FROM books", &err), &err);
    mg_db_set_echo(f.db, 0);
    ck_mg_ok(mg_conn_exec(f.c, "DELETE FROM shops", &err), &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    in = fopen(path, "r");
    ck_assert_ptr_nonnull(in);
    n = fread(text, 1, sizeof(text) - 1, in);
    text[n] = '\0';
    fclose(in);
    snprintf(want, sizeof(want), "[%s:%d] DELETE FROM books -- 0 params, ",
             __FILE__, line);
    ck_assert_msg(strncmp(text, want, strlen(want)) == 0, "echo: %s", text);
    ck_assert_ptr_null(strstr(text, "shops"));
    fixture_close(&f);
}
END_TEST

/* ---- mg_engine_query: the same statements, values as text ------------- */

START_TEST(test_db_engine_query_text)
{
    const char *url = backend_url(_i);
    mg_engine *e = NULL;
    mg_rows *r = NULL;
    mg_error err;

    if (!url) {
        test_skip("no server for this backend (MIGRATE_TEST_PG_URL, "
                  "MIGRATE_TEST_MARIADB_URL)");
        return;
    }
    ck_mg_ok(mg_engine_open(&e, url, 0, &err), &err);
    ck_mg_ok(mg_engine_query(&r, e, "SELECT 42 AS i, 2.5e0 AS d, NULL AS n, "
                             "'x''y' AS t, 12345678901 AS big", &err),
             &err);
    ck_assert_uint_eq(mg_rows_count(r), 1);
    ck_assert_uint_eq(mg_rows_columns(r), 5);
    ck_assert_str_eq(mg_rows_value(r, 0, 0), "42");
    ck_assert_str_eq(mg_rows_value(r, 0, 1), "2.5");
    ck_assert_ptr_null(mg_rows_value(r, 0, 2));
    ck_assert_str_eq(mg_rows_value(r, 0, 3), "x'y");
    ck_assert_str_eq(mg_rows_value(r, 0, 4), "12345678901");
    mg_rows_free(r);
    /* no rows: the columns are still known */
    ck_mg_ok(mg_engine_query(&r, e, "SELECT a, b FROM (SELECT 1 AS a, 2 AS b) "
                             "AS t WHERE a = 0", &err), &err);
    ck_assert_uint_eq(mg_rows_count(r), 0);
    ck_assert_uint_eq(mg_rows_columns(r), 2);
    mg_rows_free(r);
    /* the database's error, nothing returned */
    r = (mg_rows *)&err;
    ck_assert_int_eq(mg_engine_query(&r, e, "SELEC nonsense", &err),
                     MG_EDB);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.msg, "syntax"));
    mg_engine_free(e);
}
END_TEST

/* ---- the dialect tables ------------------------------------------------ */

/* Every compiled-in dialect fills the members sys/dialect.h marks "must"
 * (the statements among them: they are how every row is read), and the
 * groups it marks "all or none" wholly or not at all. */
static const char *const table_dialects[] = {
    "sqlite", "postgresql", "mariadb"
};

START_TEST(test_db_dialect_tables)
{
    const mg_dialect *d = mg_dialect_find(table_dialects[_i]);
    int nstmt, ncancel;

    if (!d) {
        test_skip("dialect not compiled in (configure --without-...)");
        return;
    }
    ck_assert_uint_eq(MG_DIALECT_VERSION, 6);
    ck_assert_uint_eq(d->version, MG_DIALECT_VERSION);
    ck_assert_str_eq(d->name, table_dialects[_i]);
    ck_assert(d->conn.connect && d->conn.disconnect && d->conn.exec &&
              d->conn.begin && d->conn.commit &&
              d->conn.rollback && d->conn.lock && d->conn.unlock &&
              d->conn.table_exists);
    ck_assert(d->sql.quote_ident && d->sql.quote_literal &&
              d->sql.begin_sql && d->sql.commit_sql &&
              d->sql.timestamp_type && d->sql.utc_now_sql &&
              d->sql.log_id_column);
    ck_assert(d->catalog.inspect && d->ddl.render_type && d->ddl.render_op);
    ck_assert(d->scratch.url || (d->scratch.create && d->scratch.drop));
    nstmt = !!d->stmt.ping + !!d->stmt.prepare + !!d->stmt.execute +
            !!d->stmt.next + !!d->stmt.column_count +
            !!d->stmt.column_name + !!d->stmt.column + !!d->stmt.changes +
            !!d->stmt.last_id + !!d->stmt.free;
    ck_assert_int_eq(nstmt, 10);
    ncancel = !!d->cancel.prepare + !!d->cancel.request + !!d->cancel.free;
    ck_assert(ncancel == 0 || ncancel == 3);
}
END_TEST

Suite *
db_suite(void)
{
    Suite *s = suite_create("db");
    TCase *tc;

    create_server_databases();
#define BACKENDS(fn, timeout) do { \
        tc = tcase_create(#fn); \
        tcase_set_timeout(tc, timeout); \
        tcase_add_loop_test(tc, fn, 0, NBK); \
        suite_add_tcase(s, tc); \
    } while (0)
    BACKENDS(test_db_typed_round_trip, 30);
    BACKENDS(test_db_engine_query_text, 30);
    BACKENDS(test_db_question_mark_in_literals, 30);
    BACKENDS(test_db_bind_errors, 30);
    BACKENDS(test_db_generated_keys, 30);
    BACKENDS(test_db_changes, 30);
    BACKENDS(test_db_rollback_on_error, 30);
    BACKENDS(test_db_savepoints, 30);
    BACKENDS(test_db_builder_execute, 30);
    BACKENDS(test_db_create_drop_all, 30);
    BACKENDS(test_db_pool_timeout, 30);
    BACKENDS(test_db_pre_ping_replaces_dead, 30);
    BACKENDS(test_db_threads_share_engine, 120);
    BACKENDS(test_db_query_hook, 30);
    BACKENDS(test_db_echo, 30);
#undef BACKENDS
    tc = tcase_create("placeholder_scanner");
    tcase_add_loop_test(tc, test_db_placeholder_scanner, 0,
                        (int)(sizeof(ph_cases) / sizeof(ph_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("builder_sql");
    tcase_add_loop_test(tc, test_db_builder_sql, 0,
                        (int)(sizeof(builder_cases) /
                              sizeof(builder_cases[0])));
    tcase_add_test(tc, test_db_builder_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("sqlite_memory");
    tcase_add_test(tc, test_db_sqlite_memory_single_connection);
    suite_add_tcase(s, tc);
    tc = tcase_create("dialect_tables");
    tcase_add_loop_test(tc, test_db_dialect_tables, 0,
                        (int)(sizeof(table_dialects) /
                              sizeof(table_dialects[0])));
    suite_add_tcase(s, tc);
    return s;
}
