/* postgresql.c - the PostgreSQL dialect, through libpq. DDL is
 * transactional, so a revision and its version-table update commit
 * together; concurrent runs serialise on a session advisory lock. Server
 * errors carry their SQLSTATE; the password never reaches a message. */
#include "mg_dialect.h"
#include "postgresql_int.h"

#include <libpq-fe.h>
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

/* libpq's messages do not echo passwords, but strip one anyway. */
static void
scrub(char *msg, const char *secret)
{
    char *p;
    size_t n;

    if (!secret || !*secret)
        return;
    n = strlen(secret);
    while ((p = strstr(msg, secret)) != NULL) {
        memset(p, '*', n < 3 ? n : 3);
        memmove(p + (n < 3 ? n : 3), p + n, strlen(p + n) + 1);
    }
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
        rc = mg_error_set(err, MG_EDB, "cannot connect to %s: %s",
                          mg_url_redacted(url), PQerrorMessage(pg));
        if (err) {
            size_t len = strlen(err->msg);
            while (len && (err->msg[len - 1] == '\n' || err->msg[len - 1] == ' '))
                err->msg[--len] = '\0';
            scrub(err->msg, mg_url_password(url));
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
run_query(PGconn *pg, PGresult *res, mg_rows *rows, mg_error *err)
{
    const char **vals;
    size_t *lens;
    int r, c, nf, rc = 0;

    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return result_error(pg, res, err);
    nf = PQnfields(res);
    vals = calloc((size_t)nf + 1, sizeof(*vals));
    lens = calloc((size_t)nf + 1, sizeof(*lens));
    if (!vals || !lens) {
        free(vals);
        free(lens);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (mg_rows_set_columns(rows, (size_t)nf) < 0)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    for (r = 0; r < PQntuples(res) && rc == 0; r++) {
        for (c = 0; c < nf; c++) {
            vals[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
            lens[c] = (size_t)PQgetlength(res, r, c);
        }
        if (mg_rows_add(rows, vals, lens) < 0)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    free(vals);
    free(lens);
    return rc;
}

static int
pg_query(void *conn, const char *sql, mg_rows *rows, mg_error *err)
{
    PGresult *res = PQexec(conn, sql);
    int rc = run_query(conn, res, rows, err);

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

static const char *const pg_aliases[] = { "postgres", "pgsql", NULL };

const mg_dialect mg_dialect_postgresql = {
    MG_DIALECT_VERSION,
    "postgresql",
    pg_aliases,
    MG_CAP_TRANSACTIONAL_DDL | MG_CAP_ALTER_COLUMN | MG_CAP_DROP_CONSTRAINT |
        MG_CAP_NAMED_PRIMARY_KEY,
    MG_SPLIT_DOLLAR_QUOTES | MG_SPLIT_E_STRINGS,
    "BEGIN",
    "COMMIT",
    "TIMESTAMP",
    "(now() AT TIME ZONE 'utc')",
    "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    pg_connect,
    pg_disconnect,
    pg_exec,
    pg_query,
    pg_begin,
    pg_commit,
    pg_rollback,
    pg_lock,
    pg_unlock,
    pg_table_exists,
    mg_dialect_ansi_quote_ident,
    mg_dialect_ansi_quote_literal,
    mg_pg__inspect,
    mg_pg__render_type,
    mg_pg__render_op,
    mg_pg__normalize_default,
    NULL,   /* scratch_url: a temporary database on the server instead */
    mg_pg__scratch_create,
    mg_pg__scratch_drop,
};
