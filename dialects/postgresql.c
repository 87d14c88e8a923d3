/* postgresql.c - the PostgreSQL dialect, through libpq. DDL is
 * transactional, so a revision and its version-table update commit
 * together; concurrent runs serialise on a session advisory lock. Server
 * errors carry their SQLSTATE; the password never reaches a message.
 * mg_interrupt() cancels a running statement with libpq's cancel
 * request. Scratch databases for replaying migrations are made and
 * dropped here, on the server a connection is on. */
#include "mg_dialect.h"
#include "postgresql_int.h"

#include "pq_api_int.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOCK_KEY "7236543017361257313"   /* "migrate" as a bigint-ish key */

static void
quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int
result_error(PGconn *pg, PGresult *res, mg_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
                          : NULL;
    int rc;

    if (msg)
        rc = mg_error_set(err, MG_EDB, "%s (SQLSTATE %s)", msg,
                          state ? state : "?????");
    else
        rc = mg_error_set(err, MG_EDB, "%s", PQerrorMessage(pg));
    return rc;
}

static int
pg_connect(void **out, const mg_url *url, unsigned int flags, mg_error *err)
{
    const char *keys[64], *vals[64];
    size_t n = 0, i;
    PGconn *pg;
    int rc;
    char port[16];

    (void)flags;
    *out = NULL;
    if ((rc = pq_api_load(err)) < 0)
        return rc;
#define KV(k, v) do { const char *v_ = (v); \
        if (v_ && n < 60) { keys[n] = (k); vals[n] = v_; n++; } } while (0)
    KV("host", mg_url_host(url));
    if (mg_url_port(url)) {
        snprintf(port, sizeof(port), "%d", mg_url_port(url));
        KV("port", port);
    }
    KV("user", mg_url_user(url));
    KV("password", mg_url_password(url));
    KV("dbname", mg_url_database(url));
    KV("application_name", "migrate");
    /* as pg_dump's scripts do: a LANGUAGE sql routine is created before
     * the tables its body reads (schema objects come first), so its body
     * is checked when it runs, not when it is created; and without JIT:
     * the catalog reads of a schema of a few dozen tables (Pagila's) pass
     * jit_above_cost, and compiling the objects query took the server
     * 0.7 s of its 1 s on every inspect, diff and autogenerate (a URL's
     * own ?options= comes after and wins) */
    KV("options", "-c check_function_bodies=false -c jit=off");
    for (i = 0; i < mg_url_param_count(url); i++) {
        const char *k, *v;
        mg_url_param_at(url, i, &k, &v);
        if (strcmp(k, "schema") != 0)
            KV(k, v);
    }
#undef KV
    keys[n] = vals[n] = NULL;
    pg = PQconnectdbParams(keys, vals, 0);
    if (!pg)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (PQstatus(pg) != CONNECTION_OK) {
        /* libpq's messages do not echo the password; a URL or a
         * "password=" in one is masked as in any text, and nothing else
         * (masking every occurrence of the password's text would reveal
         * it: a password "a" would turn "failed" into "f*iled") */
        char *said = mg_url_redact_text(PQerrorMessage(pg));
        rc = mg_error_set(err, MG_EDB, "cannot connect to %s: %s",
                          mg_url_redacted(url), said ? said : "?");
        free(said);
        if (err) {
            size_t len = strlen(err->msg);
            while (len && (err->msg[len - 1] == '\n' || err->msg[len - 1] == ' '))
                err->msg[--len] = '\0';
        }
        PQfinish(pg);
        return rc;
    }
    PQsetNoticeProcessor(pg, quiet_notices, NULL);
    if (mg_url_param(url, "schema")) {
        PGresult *res;
        const char *params[1] = { mg_url_param(url, "schema") };
        res = PQexecParams(pg, "SELECT pg_catalog.set_config('search_path', "
                           "$1, false)", 1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            rc = result_error(pg, res, err);
            PQclear(res);
            PQfinish(pg);
            return rc;
        }
        PQclear(res);
    }
    *out = pg;
    return 0;
}

static void
pg_disconnect(void *conn)
{
    PQfinish(conn);
}

static int
pg_exec(void *conn, const char *sql, mg_error *err)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = 0;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
        st != PGRES_EMPTY_QUERY)
        rc = result_error(conn, res, err);
    PQclear(res);
    return rc;
}

static int
pg_begin(void *conn, mg_error *err)
{
    return pg_exec(conn, "BEGIN", err);
}

static int
pg_commit(void *conn, mg_error *err)
{
    return pg_exec(conn, "COMMIT", err);
}

static int
pg_rollback(void *conn, mg_error *err)
{
    if (PQtransactionStatus(conn) == PQTRANS_IDLE)
        return 0;
    return pg_exec(conn, "ROLLBACK", err);
}

static int
scalar_true(PGconn *pg, const char *sql, int *out, mg_error *err)
{
    PGresult *res = PQexec(pg, sql);
    int rc = 0;

    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = result_error(pg, res, err);
    else
        *out = PQntuples(res) > 0 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

/* Who holds the migration lock: pg_locks (the advisory lock on this
 * database whose two 32-bit halves make LOCK_KEY) joined with
 * pg_stat_activity. Appends " held by ..." to b. */
static void
pg_lock_holder(PGconn *pg, mg_buf *b)
{
    PGresult *res = PQexec(pg,
        "SELECT l.pid, coalesce(a.application_name, ''), "
        "coalesce(host(a.client_addr), 'local socket'), "
        "coalesce(to_char(a.backend_start AT TIME ZONE 'utc', "
        "'YYYY-MM-DD HH24:MI:SS'), '?'), coalesce(a.usename::text, '?') "
        "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a "
        "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND "
        "l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname "
        "= current_database()) AND l.classid = (" LOCK_KEY "::bigint >> 32)"
        "::oid AND l.objid = (" LOCK_KEY "::bigint & 4294967295)::oid AND "
        "l.objsubid = 1 AND l.pid <> pg_backend_pid() LIMIT 1");

    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        mg_buf_addf(b, ", held by backend pid %s (application_name '%s', "
                    "user %s, client %s, backend started %s UTC)",
                    PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
                    PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 2),
                    PQgetvalue(res, 0, 3));
    else
        mg_buf_puts(b, ", held by another session");
    PQclear(res);
}

static int
pg_lock(void *conn, const char *name, int timeout_s, mg_error *err)
{
    struct timespec start, now, nap = { 0, 50 * 1000 * 1000 };
    mg_buf b = MG_BUF_INIT;
    long waited_ms;
    int got = 0, rc;

    (void)name;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if ((rc = scalar_true(conn, "SELECT pg_try_advisory_lock("
                              LOCK_KEY ")", &got, err)) < 0)
            return rc;
        if (got)
            return 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        waited_ms = (long)(now.tv_sec - start.tv_sec) * 1000L +
                    (now.tv_nsec - start.tv_nsec) / 1000000L;
        if (timeout_s >= 0 && waited_ms >= (long)timeout_s * 1000L)
            break;
        nanosleep(&nap, NULL);
    }
    mg_buf_addf(&b, "timed out after %d s waiting for the migration lock "
                "(advisory lock " LOCK_KEY " on database '%s')", timeout_s,
                PQdb(conn));
    pg_lock_holder(conn, &b);
    rc = mg_error_set(err, MG_ELOCK, "%s", mg_buf_cstr(&b));
    mg_buf_release(&b);
    return rc;
}

static int
pg_unlock(void *conn, const char *name, mg_error *err)
{
    int ok = 0;

    (void)name;
    return scalar_true(conn, "SELECT pg_advisory_unlock(" LOCK_KEY ")", &ok,
                       err);
}

static int
pg_table_exists(void *conn, const char *name, int *out, mg_error *err)
{
    const char *params[1] = { name };
    PGresult *res = PQexecParams(conn, "SELECT 1 FROM pg_catalog.pg_tables "
                                 "WHERE schemaname = current_schema() AND "
                                 "tablename = $1", 1, NULL, params, NULL,
                                 NULL, 0);
    int rc = 0;

    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = result_error(conn, res, err);
    else
        *out = PQntuples(res) > 0;
    PQclear(res);
    return rc;
}

/* ---- the runtime (mg_db.h): statements -------------------------------- */

/* Statements run through PQexecParams when executed, because libpq wants
 * parameter types at prepare time and they are known only once bound.
 * Parameters go as text, typed by OID so the server infers the rest;
 * blobs go binary. Results come as text and are decoded by column OID. */
#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  701

typedef struct pg_stmt {
    PGconn         *pg;
    char           *sql;
    PGresult       *res;
    int             row;     /* current row, -1 before the first */
    unsigned char **bytea;   /* decoded bytea of the current row */
    size_t         *bytea_len;
    int             ncols;
} pg_stmt;

static int
pg_ping(void *conn)
{
    PGresult *res;
    int ok;

    if (PQstatus(conn) != CONNECTION_OK)
        return MG_EDB;
    res = PQexec(conn, "SELECT 1");
    ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    return ok && PQstatus(conn) == CONNECTION_OK ? 0 : MG_EDB;
}

static int
pg_stmt_prepare(void **out, void *conn, const char *sql, size_t nparams,
                mg_error *err)
{
    pg_stmt *s;

    (void)nparams;
    *out = NULL;
    if (!(s = calloc(1, sizeof(*s))) || !(s->sql = strdup(sql))) {
        free(s);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    s->pg = conn;
    s->row = -1;
    *out = s;
    return 0;
}

static void
pg_stmt_clear_row(pg_stmt *s)
{
    int i;

    for (i = 0; s->bytea && i < s->ncols; i++) {
        if (s->bytea[i])
            PQfreemem(s->bytea[i]);
        s->bytea[i] = NULL;
    }
}

static void
pg_stmt_clear(pg_stmt *s)
{
    pg_stmt_clear_row(s);
    free(s->bytea);
    free(s->bytea_len);
    s->bytea = NULL;
    s->bytea_len = NULL;
    s->ncols = 0;
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
}

static int
pg_stmt_execute(void *st, const mg_value *params, size_t nparams,
                mg_error *err)
{
    pg_stmt *s = st;
    const char **vals = NULL;
    int *lens = NULL, *fmts = NULL;
    Oid *types = NULL;
    char (*num)[40] = NULL;
    ExecStatusType es;
    size_t i;
    int rc = 0;

    pg_stmt_clear(s);
    if (nparams) {
        vals = calloc(nparams, sizeof(*vals));
        lens = calloc(nparams, sizeof(*lens));
        fmts = calloc(nparams, sizeof(*fmts));
        types = calloc(nparams, sizeof(*types));
        num = calloc(nparams, sizeof(*num));
        if (!vals || !lens || !fmts || !types || !num) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
    }
    for (i = 0; i < nparams; i++) {
        const mg_value *v = &params[i];
        switch (v->type) {
        case MG_VALUE_NULL:
            break;
        case MG_VALUE_INT:
            snprintf(num[i], sizeof(num[i]), "%lld", (long long)v->i);
            vals[i] = num[i];
            types[i] = OID_INT8;
            break;
        case MG_VALUE_BOOL:
            vals[i] = v->i ? "t" : "f";
            types[i] = OID_BOOL;
            break;
        case MG_VALUE_DOUBLE:
            snprintf(num[i], sizeof(num[i]), "%.17g", v->d);
            vals[i] = num[i];
            types[i] = OID_FLOAT8;
            break;
        case MG_VALUE_TEXT:
            vals[i] = v->p;   /* unknown type: the server infers it */
            break;
        case MG_VALUE_BLOB:
            vals[i] = v->len ? v->p : "";
            lens[i] = (int)v->len;
            fmts[i] = 1;
            types[i] = OID_BYTEA;
            break;
        }
    }
    s->res = PQexecParams(s->pg, s->sql, (int)nparams, types, vals, lens,
                          fmts, 0);
    es = PQresultStatus(s->res);
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK &&
        es != PGRES_EMPTY_QUERY) {
        rc = result_error(s->pg, s->res, err);
        PQclear(s->res);
        s->res = NULL;
        goto done;
    }
    s->ncols = PQnfields(s->res);
    if (s->ncols > 0) {
        s->bytea = calloc((size_t)s->ncols, sizeof(*s->bytea));
        s->bytea_len = calloc((size_t)s->ncols, sizeof(*s->bytea_len));
        if (!s->bytea || !s->bytea_len)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    }
done:
    free(vals);
    free(lens);
    free(fmts);
    free(types);
    free(num);
    return rc;
}

static int
pg_stmt_next(void *st, mg_error *err)
{
    pg_stmt *s = st;

    (void)err;
    if (!s->res || s->row + 1 >= PQntuples(s->res)) {
        if (s->res)
            s->row = PQntuples(s->res);
        return 0;
    }
    pg_stmt_clear_row(s);
    s->row++;
    return 1;
}

static int
pg_stmt_column_count(void *st)
{
    pg_stmt *s = st;

    return s->res ? PQnfields(s->res) : 0;
}

static const char *
pg_stmt_column_name(void *st, int i)
{
    pg_stmt *s = st;

    return s->res ? PQfname(s->res, i) : NULL;
}

static int
pg_stmt_column(void *st, int i, mg_value *out)
{
    pg_stmt *s = st;
    const char *text;

    memset(out, 0, sizeof(*out));
    if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) ||
        PQgetisnull(s->res, s->row, i))
        return 0;
    text = PQgetvalue(s->res, s->row, i);
    switch (PQftype(s->res, i)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        out->type = MG_VALUE_INT;
        out->i = strtoll(text, NULL, 10);
        break;
    case OID_FLOAT4:
    case OID_FLOAT8:
        out->type = MG_VALUE_DOUBLE;
        out->d = strtod(text, NULL);
        break;
    case OID_BOOL:
        out->type = MG_VALUE_BOOL;
        out->i = text[0] == 't';
        break;
    case OID_BYTEA:
        if (!s->bytea[i]) {
            s->bytea[i] = PQunescapeBytea((const unsigned char *)text,
                                          &s->bytea_len[i]);
            if (!s->bytea[i])
                return MG_ENOMEM;
        }
        out->type = MG_VALUE_BLOB;
        out->p = s->bytea[i];
        out->len = s->bytea_len[i];
        break;
    default:
        out->type = MG_VALUE_TEXT;
        out->p = text;
        out->len = (size_t)PQgetlength(s->res, s->row, i);
    }
    return 0;
}

static int64_t
pg_stmt_changes(void *st)
{
    pg_stmt *s = st;
    const char *n = s->res ? PQcmdTuples(s->res) : "";

    return *n ? strtoll(n, NULL, 10) : 0;
}

/* Without RETURNING: the session's last sequence value. */
static int
pg_stmt_last_id(void *st, int64_t *out, mg_error *err)
{
    pg_stmt *s = st;
    PGresult *res = PQexec(s->pg, "SELECT lastval()");
    int rc = 0;

    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = result_error(s->pg, res, err);
    else
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

static void
pg_server_version(void *conn, mg_buf *out)
{
    const char *v = PQparameterStatus(conn, "server_version");

    mg_buf_addf(out, "PostgreSQL %s", v ? v : "?");
}

static void
pg_stmt_free(void *st)
{
    pg_stmt *s = st;

    if (!s)
        return;
    pg_stmt_clear(s);
    free(s->sql);
    free(s);
}

/* A cancel request needs only the backend's key, which PQgetCancel copies
 * while the connection is idle; PQcancel is safe from any thread. */
static void *
pg_cancel_prepare(void *conn, const mg_url *url)
{
    (void)url;
    return PQgetCancel(conn);
}

static void
pg_cancel(void *h)
{
    char msg[256];

    PQcancel(h, msg, (int)sizeof(msg));
}

static void
pg_cancel_free(void *h)
{
    PQfreeCancel(h);
}

const mg_dialect mg_dialect_postgresql = {
    .version = MG_DIALECT_VERSION,
    .name = "postgresql",
    .caps = MG_CAP_TRANSACTIONAL_DDL | MG_CAP_ALTER_COLUMN |
        MG_CAP_DROP_CONSTRAINT | MG_CAP_NAMED_PRIMARY_KEY | MG_CAP_RUN_LOCK |
        MG_CAP_ONLINE_INDEX | MG_CAP_NOT_VALID | MG_CAP_FAST_DEFAULT |
        MG_CAP_GENERATED_NOT_NULL,
    .conn = {
        .connect = pg_connect,
        .disconnect = pg_disconnect,
        .exec = pg_exec,
        .begin = pg_begin,
        .commit = pg_commit,
        .rollback = pg_rollback,
        .lock = pg_lock,
        .unlock = pg_unlock,
        .table_exists = pg_table_exists,
        .server_version = pg_server_version,
    },
    .sql = {
        .split_flags = MG_SPLIT_DOLLAR_QUOTES | MG_SPLIT_E_STRINGS,
        .begin_sql = "BEGIN",
        .commit_sql = "COMMIT",
        .timestamp_type = "TIMESTAMP",
        .utc_now_sql = "(now() AT TIME ZONE 'utc')",
        .log_id_column =
            "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        .quote_ident = mg_dialect_ansi_quote_ident,
        .quote_literal = mg_dialect_ansi_quote_literal,
        /* reltuples is -1 before the first ANALYZE (14+) */
        .stats_query =
            "SELECT c.relname, CASE WHEN c.reltuples < 0 THEN NULL "
            "ELSE c.reltuples::bigint END, pg_total_relation_size(c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'm') "
            "AND n.nspname = current_schema()",
        /* as the connection's own options (pg_dump writes the same) */
        .script_preamble = "SET check_function_bodies = false",
    },
    .stmt = {
        .caps = MG_RTCAP_RETURNING | MG_RTCAP_DOLLAR_PARAMS,
        .ping = pg_ping,
        .prepare = pg_stmt_prepare,
        .execute = pg_stmt_execute,
        .next = pg_stmt_next,
        .column_count = pg_stmt_column_count,
        .column_name = pg_stmt_column_name,
        .column = pg_stmt_column,
        .changes = pg_stmt_changes,
        .last_id = pg_stmt_last_id,
        .free = pg_stmt_free,
    },
    .catalog = {
        .inspect = mg_pg__inspect,
        .normalize_default = mg_pg__normalize_default,
        .object_kinds = MG_OBJ_BIT(MG_OBJ_SCHEMA) | MG_OBJ_BIT(MG_OBJ_ENUM) |
                        MG_OBJ_BIT(MG_OBJ_DOMAIN) |
                        MG_OBJ_BIT(MG_OBJ_SEQUENCE) |
                        MG_OBJ_BIT(MG_OBJ_FUNCTION) |
                        MG_OBJ_BIT(MG_OBJ_PROCEDURE) |
                        MG_OBJ_BIT(MG_OBJ_VIEW) | MG_OBJ_BIT(MG_OBJ_MATVIEW) |
                        MG_OBJ_BIT(MG_OBJ_TRIGGER) |
                        MG_OBJ_BIT(MG_OBJ_COMMENT) |
                        MG_OBJ_BIT(MG_OBJ_INDEX),
        .server_form = mg_pg__server_form,
        .server_tables = mg_pg__server_tables,
        .object_key = mg_pg__object_key,
    },
    .ddl = {
        .render_type = mg_pg__render_type,
        .render_op = mg_pg__render_op,
    },
    .scratch = {
        .url = NULL, /* a temporary database on the server instead */
        .create = mg_pg__scratch_create,
        .drop = mg_pg__scratch_drop,
    },
    .cancel = {
        .prepare = pg_cancel_prepare,
        .request = pg_cancel,
        .free = pg_cancel_free,
    },
};

#define SCRATCH_PREFIX "migrate_scratch_"

/* ---- scratch databases -------------------------------------------------- */

/* s percent-encoded for a URL: everything but RFC 3986's unreserved. */
static void
url_encode(mg_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            mg_buf_putc(b, (char)ch);
        } else {
            mg_buf_putc(b, '%');
            mg_buf_putc(b, hex[ch >> 4]);
            mg_buf_putc(b, hex[ch & 15]);
        }
    }
}

void
mg_pg__url_for_database(mg_buf *b, const mg_url *url, const char *db)
{
    const char *user = mg_url_user(url), *pw = mg_url_password(url);
    const char *host = mg_url_host(url), *sep = "?";
    size_t i;

    mg_buf_puts(b, "postgresql://");
    if (user || pw) {
        url_encode(b, user ? user : "");
        if (pw) {
            mg_buf_putc(b, ':');
            url_encode(b, pw);
        }
        mg_buf_putc(b, '@');
    }
    if (host && strchr(host, ':'))
        mg_buf_addf(b, "[%s]", host);     /* IPv6 */
    else if (host)
        url_encode(b, host);
    if (mg_url_port(url))
        mg_buf_addf(b, ":%d", mg_url_port(url));
    mg_buf_putc(b, '/');
    url_encode(b, db);
    for (i = 0; i < mg_url_param_count(url); i++) {
        const char *k, *v;
        mg_url_param_at(url, i, &k, &v);
        if (strcmp(k, "schema") == 0)
            continue;
        mg_buf_puts(b, sep);
        url_encode(b, k);
        mg_buf_putc(b, '=');
        url_encode(b, v ? v : "");
        sep = "&";
    }
}

/* Run a statement that returns no rows; *state gets the SQLSTATE. */
static int
command(PGconn *pg, const char *sql, const char *what, const char *db,
        char state[6], mg_error *err)
{
    PGresult *res = PQexec(pg, sql);
    const char *msg, *st;
    int rc = 0;

    state[0] = '\0';
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
        if (st)
            snprintf(state, 6, "%s", st);
        rc = mg_error_set(err, MG_EDB, "cannot %s scratch database '%s': "
                          "%s (SQLSTATE %s)", what, db,
                          msg ? msg : "no result", st ? st : "?????");
    }
    PQclear(res);
    return rc;
}

/* Drop the scratch databases runs on this host left when they were
 * killed (mg_dialect_scratch_stale); whatever fails is left alone. */
static void
drop_stale_scratch(PGconn *pg)
{
    PGresult *res = PQexec(pg, "SELECT datname FROM pg_catalog.pg_database "
                           "WHERE datname LIKE 'migrate\\_scratch\\_%'");
    mg_buf sql = MG_BUF_INIT;
    char state[6];
    int i;

    for (i = 0; PQresultStatus(res) == PGRES_TUPLES_OK &&
                i < PQntuples(res); i++) {
        const char *db = PQgetvalue(res, i, 0);
        if (!mg_dialect_scratch_stale(db, (long long)time(NULL)))
            continue;
        mg_buf_clear(&sql);
        mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
        mg_pg__qi(&sql, db);
        mg_buf_puts(&sql, " WITH (FORCE)");
        if (!sql.oom)
            command(pg, mg_buf_cstr(&sql), "drop", db, state, NULL);
    }
    PQclear(res);
    mg_buf_release(&sql);
}

int
mg_pg__scratch_create(void *conn, const mg_url *url, char **url_out,
                      mg_error *err)
{
    mg_buf name = MG_BUF_INIT, sql = MG_BUF_INIT, u = MG_BUF_INIT;
    char state[6];
    int n, rc = 0;

    *url_out = NULL;
    drop_stale_scratch(conn);
    /* a name another run took is "duplicate_database": take the next */
    for (n = 1; n <= 100; n++) {
        mg_buf_clear(&name);
        mg_buf_clear(&sql);
        mg_dialect_scratch_name(&name, n);
        mg_buf_puts(&sql, "CREATE DATABASE ");
        mg_pg__qi(&sql, mg_buf_cstr(&name));
        rc = command(conn, mg_buf_cstr(&sql), "create",
                     mg_buf_cstr(&name), state, err);
        if (rc == 0 || strcmp(state, "42P04") != 0)
            break;
    }
    if (rc == 0) {
        mg_pg__url_for_database(&u, url, mg_buf_cstr(&name));
        if (u.oom || name.oom || sql.oom)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        else
            *url_out = mg_buf_detach(&u);
    }
    mg_buf_release(&name);
    mg_buf_release(&sql);
    mg_buf_release(&u);
    return rc;
}

int
mg_pg__scratch_drop(void *conn, const char *scratch_url, mg_error *err)
{
    mg_buf sql = MG_BUF_INIT;
    mg_url *u = NULL;
    const char *db;
    char state[6];
    int rc;

    if ((rc = mg_url_parse(&u, scratch_url, err)) < 0)
        return rc;
    db = mg_url_database(u);
    if (!db || strncmp(db, SCRATCH_PREFIX, sizeof(SCRATCH_PREFIX) - 1)) {
        rc = mg_error_set(err, MG_EUSAGE, "refusing to drop '%s': not a "
                          "scratch database", db ? db : "");
        goto done;
    }
    mg_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
    mg_pg__qi(&sql, db);
    mg_buf_puts(&sql, " WITH (FORCE)");
    rc = sql.oom ? mg_error_set(err, MG_ENOMEM, "out of memory")
                 : command(conn, mg_buf_cstr(&sql), "drop", db, state, err);
done:
    mg_buf_release(&sql);
    mg_url_free(u);
    return rc;
}
