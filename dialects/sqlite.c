/* sqlite.c - the SQLite dialect. SQLite has transactional DDL, so every
 * revision commits with its version-table update; BEGIN IMMEDIATE takes the
 * database's write lock, which is what serialises concurrent runs (the
 * busy timeout is the lock timeout). A read-only open never creates the
 * file: a missing file reads as an empty in-memory database, and a hot
 * journal an interrupted write left is rolled back first. After
 * mg_interrupt() a running statement stops at its next progress check. */
#include "mg_dialect.h"
#include "sqlite_int.h"
#include "mg_interrupt.h"
#include "stmtcount_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_BUSY_MS 600000   /* wait up to ten minutes for a writer */

static int
db_error(sqlite3 *db, mg_error *err)
{
    return mg_error_set(err, MG_EDB, "%s", sqlite3_errmsg(db));
}

static void sq_disconnect(void *conn);

/* SQLite's trace callback, set when statements are counted
 * (stmtcount_int.h): each statement the client starts counts once; a
 * trigger's body is traced with its own text (a "--" comment), not the
 * statement's, and is not counted. */
static int
count_statement(unsigned int what, void *arg, void *stmt, void *text)
{
    (void)what;
    (void)arg;
    if (text == (void *)sqlite3_sql(stmt))
        mg_stmtcount__add(text);
    return 0;
}

/* SQLite's progress callback: a nonzero return stops the running
 * statement with SQLITE_INTERRUPT, which is how mg_interrupt() reaches a
 * statement here without a thread or a handle to cancel through. */
static int
stop_if_interrupted(void *arg)
{
    (void)arg;
    return mg_interrupted();
}

/* ?page_size=N takes effect on a database that has no page yet (a power of
 * two from 512 to 65536). */
static int
set_page_size(sqlite3 *db, const char *value, mg_error *err)
{
    char sql[64];
    char *end;
    long n;

    if (!value)
        return 0;
    n = strtol(value, &end, 10);
    if (*end || n < 512 || n > 65536 || (n & (n - 1)))
        return mg_error_set(err, MG_EUSAGE, "page_size must be a power of two "
                            "from 512 to 65536, not '%s'", value);
    snprintf(sql, sizeof(sql), "PRAGMA page_size = %ld", n);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return mg_error_set(err, MG_EDB, "%s", sqlite3_errmsg(db));
    return 0;
}

/* sqlite:// is a database in memory; with ?temporary=disk it is SQLite's
 * private temporary database instead (the empty file name): pages beyond a
 * 16 MiB cache go to a file in the temporary directory, unlinked as soon as
 * it is made. check replays the migrations there. 10,000 tables are 22,000
 * b-trees of a page or more: in memory that took 131 MiB with 4 KiB pages,
 * or 60 MiB with 512-byte pages, on which every CREATE (a scan of
 * sqlite_schema) was slower; check took 26.3 s and 63.8 MiB that way, 16.4 s
 * and 61.4 MiB here (a 4 MiB cache: 19.2 s, 32 MiB: 68 MiB). */
#define TEMPORARY_CACHE "-16384"   /* KiB */

static int
temporary_path(const mg_url *url, const char **path, mg_error *err)
{
    const char *temporary = mg_url_param(url, "temporary");

    if (!temporary || strcmp(temporary, "memory") == 0)
        return 0;
    if (strcmp(temporary, "disk") != 0)
        return mg_error_set(err, MG_EUSAGE, "temporary must be 'memory' or "
                            "'disk', not '%s'", temporary);
    if (!mg_url_is_memory(url))
        return mg_error_set(err, MG_EUSAGE, "temporary=disk is for "
                            "sqlite:// without a file name");
    *path = "";
    return 0;
}

/* The first read of a read-only connection fails with "attempt to write
 * a readonly database" when an interrupted write left a hot journal,
 * which only a writer may roll back. Roll it back the way any writer
 * would, through a read-write connection opened once (nothing else is
 * written), or explain what to do when that is not possible. */
static int
recover_hot_journal(sqlite3 *db, const char *path, mg_error *err)
{
    sqlite3 *rw = NULL;
    int rc;

    if (sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL) ==
            SQLITE_OK ||
        sqlite3_extended_errcode(db) != SQLITE_READONLY_ROLLBACK)
        return 0;       /* anything else shows on the first real read */
    rc = sqlite3_open_v2(path, &rw, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(rw, DEFAULT_BUSY_MS);
        rc = sqlite3_exec(rw, "PRAGMA schema_version", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        rc = mg_error_set(err, MG_EDB, "database '%s' has a hot journal "
                          "from an interrupted write, which this read-only "
                          "command cannot roll back (%s): run 'migrate "
                          "upgrade' or open it writable once to roll it "
                          "back", path, rw ? sqlite3_errmsg(rw)
                                          : "out of memory");
    sqlite3_close(rw);
    return rc == SQLITE_OK ? 0 : MG_EDB;
}

static int
sq_connect(void **out, const mg_url *url, unsigned int flags, mg_error *err)
{
    const char *path = mg_url_database(url);
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    mg_sqlite_conn *c;
    struct stat st;
    int existed, on_file;

    *out = NULL;
    if (temporary_path(url, &path, err) < 0)
        return err->code;
    if (!path)
        path = ":memory:";
    on_file = *path && !mg_url_is_memory(url);
    existed = !on_file || stat(path, &st) == 0;
    if ((flags & MG_OPEN_READONLY) && on_file) {
        if (!existed)
            path = ":memory:";
        else
            oflags = SQLITE_OPEN_READONLY;
    }
    if (!(c = calloc(1, sizeof(*c))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    /* NOMUTEX: a connection is used by one thread at a time (the pool
     * hands it over, check's thread has its own), so SQLite's per-call
     * connection mutex is only cost: a lock and an unlock around every
     * API call, 600,000 of them in an upgrade of 1,000 revisions. */
    if (sqlite3_open_v2(path, &c->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        int rc = mg_error_set(err, MG_EDB, "cannot open SQLite database "
                              "'%s': %s", path,
                              c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        free(c);
        return rc;
    }
    if (mg_stmtcount__on())
        sqlite3_trace_v2(c->db, SQLITE_TRACE_STMT, count_statement, NULL);
    if (oflags == SQLITE_OPEN_READONLY &&
        recover_hot_journal(c->db, path, err) < 0) {
        sq_disconnect(c);
        return MG_EDB;
    }
    if (!existed && !(flags & MG_OPEN_READONLY))
        c->created_path = strdup(path);
    c->read_once = (flags & MG_OPEN_READ_ONCE) != 0;
    sqlite3_busy_timeout(c->db, DEFAULT_BUSY_MS);
    sqlite3_progress_handler(c->db, 1000, stop_if_interrupted, NULL);
    if (!*path && sqlite3_exec(c->db, "PRAGMA cache_size = "
                               TEMPORARY_CACHE, NULL, NULL, NULL) != SQLITE_OK) {
        db_error(c->db, err);
        sq_disconnect(c);
        return err->code;
    }
    if (set_page_size(c->db, mg_url_param(url, "page_size"), err) < 0) {
        sq_disconnect(c);
        return err->code;
    }
    *out = c;
    return 0;
}

/* A run that failed before writing anything leaves no file behind: the
 * file connect created is removed when it is still empty. */
static void
sq_disconnect(void *conn)
{
    mg_sqlite_conn *c = conn;
    sqlite3_stmt *st = NULL;
    int pages = -1;

    if (!c)
        return;
    if (c->created_path && c->db &&
        sqlite3_prepare_v2(c->db, "PRAGMA page_count", -1, &st, NULL) ==
            SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        pages = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(c->db);
    if (c->created_path && pages == 0) {
        struct stat sb;
        if (stat(c->created_path, &sb) == 0 && sb.st_size == 0)
            unlink(c->created_path);
    }
    free(c->created_path);
    free(c);
}

static int
sq_exec(void *conn, const char *sql, mg_error *err)
{
    char *msg = NULL;
    int rc;

    if (sqlite3_exec(MG_SQLITE_DB(conn), sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    rc = mg_error_set(err, MG_EDB, "%s", msg ? msg : sqlite3_errmsg(MG_SQLITE_DB(conn)));
    sqlite3_free(msg);
    return rc;
}

static int
sq_begin(void *conn, mg_error *err)
{
    return sq_exec(conn, "BEGIN IMMEDIATE", err);
}

static int
sq_commit(void *conn, mg_error *err)
{
    return sq_exec(conn, "COMMIT", err);
}

static int
sq_rollback(void *conn, mg_error *err)
{
    if (sqlite3_get_autocommit(MG_SQLITE_DB(conn)))
        return 0;
    return sq_exec(conn, "ROLLBACK", err);
}

/* The busy timeout is the lock timeout: it bounds every BEGIN IMMEDIATE
 * of the run. The write lock is probed now (taken and given back), so a
 * run that cannot get it in time fails before it starts, saying why. */
static int
sq_lock(void *conn, const char *name, int timeout_s, mg_error *err)
{
    sqlite3 *db = MG_SQLITE_DB(conn);
    const char *file;
    int rc;

    (void)name;
    sqlite3_busy_timeout(db, timeout_s < 0 ? DEFAULT_BUSY_MS
                                           : timeout_s * 1000);
    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK
               ? 0 : db_error(db, err);
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        return db_error(db, err);
    file = sqlite3_db_filename(db, "main");
    return mg_error_set(err, MG_ELOCK, "timed out after %d s waiting for "
                        "the migration lock: another process holds the "
                        "database's write lock (%s)", timeout_s < 0
                        ? DEFAULT_BUSY_MS / 1000 : timeout_s,
                        file && *file ? file : "in memory");
}

static int
sq_unlock(void *conn, const char *name, mg_error *err)
{
    (void)conn;
    (void)name;
    (void)err;
    return 0;
}

static int
sq_table_exists(void *conn, const char *name, int *out, mg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;

    *out = 0;
    if (sqlite3_prepare_v2(MG_SQLITE_DB(conn), "SELECT 1 FROM sqlite_master WHERE "
                           "type = 'table' AND name = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return db_error(MG_SQLITE_DB(conn), err);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = 1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(MG_SQLITE_DB(conn), err);
    return 0;
}

/* ---- the runtime (mg_db.h): prepared statements ----------------------- */

typedef struct sq_stmt {
    sqlite3      *db;
    sqlite3_stmt *st;
    int           pending;  /* execute stepped onto a row not yet read */
    int           started;  /* the row cursor has been read */
    int           done;
    int64_t       changes;
} sq_stmt;

static int
sq_ping(void *conn)
{
    (void)conn;
    return 0;   /* nothing between us and the file can break */
}

static int
sq_stmt_prepare(void **out, void *conn, const char *sql, size_t nparams,
                mg_error *err)
{
    sq_stmt *s;

    (void)nparams;
    *out = NULL;
    if (!(s = calloc(1, sizeof(*s))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    s->db = MG_SQLITE_DB(conn);
    if (sqlite3_prepare_v2(s->db, sql, -1, &s->st, NULL) != SQLITE_OK) {
        int rc = db_error(s->db, err);
        sqlite3_finalize(s->st);
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

static int
sq_stmt_step(sq_stmt *s, mg_error *err)
{
    int rc;

    if (!s->st || s->done)
        return 0;
    rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return 1;
    s->done = 1;
    if (rc == SQLITE_DONE)
        return 0;
    return db_error(s->db, err);
}

static int
sq_stmt_execute(void *st, const mg_value *params, size_t nparams,
                mg_error *err)
{
    sq_stmt *s = st;
    size_t i;
    int rc = SQLITE_OK;

    s->pending = s->done = s->started = 0;
    s->changes = 0;
    if (!s->st)    /* only white space or comments */
        return 0;
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    for (i = 0; i < nparams && rc == SQLITE_OK; i++) {
        const mg_value *v = &params[i];
        int k = (int)i + 1;
        switch (v->type) {
        case MG_VALUE_NULL:
            rc = sqlite3_bind_null(s->st, k);
            break;
        case MG_VALUE_INT:
        case MG_VALUE_BOOL:
            rc = sqlite3_bind_int64(s->st, k, (sqlite3_int64)v->i);
            break;
        case MG_VALUE_DOUBLE:
            rc = sqlite3_bind_double(s->st, k, v->d);
            break;
        case MG_VALUE_TEXT:
            rc = sqlite3_bind_text(s->st, k, v->p, (int)v->len,
                                   SQLITE_STATIC);
            break;
        case MG_VALUE_BLOB:
            rc = sqlite3_bind_blob(s->st, k, v->len ? v->p : "",
                                   (int)v->len, SQLITE_STATIC);
            break;
        }
    }
    if (rc != SQLITE_OK)
        return db_error(s->db, err);
    if ((rc = sq_stmt_step(s, err)) < 0)
        return rc;
    s->pending = rc;
    s->changes = sqlite3_changes(s->db);
    return 0;
}

static int
sq_stmt_next(void *st, mg_error *err)
{
    sq_stmt *s = st;

    if (s->pending) {
        s->pending = 0;
        s->started = 1;
        return 1;
    }
    if (!s->started)    /* executed, no row came */
        return 0;
    return sq_stmt_step(s, err);
}

static int
sq_stmt_column_count(void *st)
{
    sq_stmt *s = st;

    return s->st ? sqlite3_column_count(s->st) : 0;
}

static const char *
sq_stmt_column_name(void *st, int i)
{
    return sqlite3_column_name(((sq_stmt *)st)->st, i);
}

/* BOOLEAN is a declared type only: an integer in a column declared so
 * reads as a boolean. */
static int
declared_bool(sqlite3_stmt *st, int i)
{
    const char *t = sqlite3_column_decltype(st, i);

    return t && (strncasecmp(t, "BOOL", 4) == 0);
}

static int
sq_stmt_column(void *st, int i, mg_value *out)
{
    sqlite3_stmt *s = ((sq_stmt *)st)->st;

    memset(out, 0, sizeof(*out));
    switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER:
        out->type = declared_bool(s, i) ? MG_VALUE_BOOL : MG_VALUE_INT;
        out->i = sqlite3_column_int64(s, i);
        if (out->type == MG_VALUE_BOOL)
            out->i = out->i != 0;
        break;
    case SQLITE_FLOAT:
        out->type = MG_VALUE_DOUBLE;
        out->d = sqlite3_column_double(s, i);
        break;
    case SQLITE_TEXT:
        out->type = MG_VALUE_TEXT;
        out->p = sqlite3_column_text(s, i);
        out->len = (size_t)sqlite3_column_bytes(s, i);
        break;
    case SQLITE_BLOB:
        out->type = MG_VALUE_BLOB;
        out->p = sqlite3_column_blob(s, i);
        out->len = (size_t)sqlite3_column_bytes(s, i);
        if (!out->p)
            out->p = "";
        break;
    default:
        out->type = MG_VALUE_NULL;
    }
    return 0;
}

static int64_t
sq_stmt_changes(void *st)
{
    return ((sq_stmt *)st)->changes;
}

static int
sq_stmt_last_id(void *st, int64_t *out, mg_error *err)
{
    (void)err;
    *out = sqlite3_last_insert_rowid(((sq_stmt *)st)->db);
    return 0;
}

static void
sq_server_version(void *conn, mg_buf *out)
{
    (void)conn;
    mg_buf_addf(out, "SQLite %s", sqlite3_sourceid());
}

static void
sq_stmt_free(void *st)
{
    sq_stmt *s = st;

    if (!s)
        return;
    sqlite3_finalize(s->st);
    free(s);
}

const mg_dialect mg_dialect_sqlite = {
    .version = MG_DIALECT_VERSION,
    .name = "sqlite",
    .caps = MG_CAP_TRANSACTIONAL_DDL | MG_CAP_KEY_REUSE |
        MG_CAP_VIRTUAL_COLUMNS | MG_CAP_UNTYPED_COLUMNS |
        MG_CAP_GENERATED_NOT_NULL,
    .conn = {
        .connect = sq_connect,
        .disconnect = sq_disconnect,
        .exec = sq_exec,
        .begin = sq_begin,
        .commit = sq_commit,
        .rollback = sq_rollback,
        .lock = sq_lock,
        .unlock = sq_unlock,
        .table_exists = sq_table_exists,
        .server_version = sq_server_version,
    },
    .sql = {
        .begin_sql = "BEGIN",
        .commit_sql = "COMMIT",
        .timestamp_type = "DATETIME",
        .utc_now_sql = "strftime('%Y-%m-%d %H:%M:%f', 'now')",
        .log_id_column = "id INTEGER PRIMARY KEY",
        /* dbstat's pages of each table and its indexes; the cells of
         * the table's own leaf pages are its rows */
        .stats_query =
            "SELECT m.tbl_name, SUM(CASE WHEN d.name = m.tbl_name AND "
            "d.pagetype = 'leaf' THEN d.ncell END), SUM(d.pgsize) "
            "FROM dbstat d JOIN sqlite_master m ON m.name = d.name "
            "WHERE m.type IN ('table', 'index') GROUP BY m.tbl_name",
        .quote_ident = mg_dialect_ansi_quote_ident,
        .quote_literal = mg_dialect_ansi_quote_literal,
    },
    .stmt = {
        .caps = 0, /* keys from last_insert_rowid */
        .ping = sq_ping,
        .prepare = sq_stmt_prepare,
        .execute = sq_stmt_execute,
        .next = sq_stmt_next,
        .column_count = sq_stmt_column_count,
        .column_name = sq_stmt_column_name,
        .column = sq_stmt_column,
        .changes = sq_stmt_changes,
        .last_id = sq_stmt_last_id,
        .free = sq_stmt_free,
    },
    .catalog = {
        .inspect = mg_sqlite__inspect,
        .implicit_index_prefix = "sqlite_autoindex_",
        .object_kinds = MG_OBJ_BIT(MG_OBJ_VIEW) | MG_OBJ_BIT(MG_OBJ_TRIGGER),
    },
    .ddl = {
        .render_type = mg_sqlite__render_type,
        .render_op = mg_sqlite__render_op,
    },
    .scratch = {
        .url = "sqlite://?temporary=disk", /* SQLite's temporary file */
    },
    .cancel = {
        .prepare = NULL, /* a progress callback stops statements */
    },
};
