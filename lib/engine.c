/* engine.c - a connection opened from a URL: the URL picks the dialect
 * table and every call goes through it, so nothing here knows which
 * database it talks to. */
#include "mg_dialect.h"
#include "engine_int.h"
#include "interrupt_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCK_NAME "migrate"

struct mg_engine {
    mg_url           *url;
    const mg_dialect *dialect;
    void             *conn;
    int               locked;
    mg_cancel         cancel;   /* on mg_interrupt()'s list */
};

int
mg_dialect_matches(const mg_dialect *d, const char *name)
{
    return mg_dialect_find(name) == d;
}

void
mg_dialect_quote_ident(const mg_dialect *d, mg_buf *b, const char *s)
{
    d->sql.quote_ident(b, s);
}

void
mg_dialect_quote_literal(const mg_dialect *d, mg_buf *b, const char *s)
{
    d->sql.quote_literal(b, s);
}

int
mg_engine_open(mg_engine **out, const char *url, unsigned int flags,
               mg_error *err)
{
    mg_engine *e;
    int rc;

    *out = NULL;
    if (!(e = calloc(1, sizeof(*e))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if ((rc = mg_url_parse(&e->url, url, err)) < 0)
        goto fail;
    e->dialect = mg_dialect_find(mg_url_scheme(e->url));
    if (!e->dialect) {
        rc = mg_error_set(err, MG_EUSAGE, "the %s dialect is not compiled "
                          "into this build of migrate",
                          mg_url_scheme(e->url));
        goto fail;
    }
    if ((rc = e->dialect->conn.connect(&e->conn, e->url, flags, err)) < 0)
        goto fail;
    mg_interrupt__add(&e->cancel, e->dialect, e->conn, e->url);
    *out = e;
    return 0;
fail:
    mg_url_free(e->url);
    free(e);
    return rc;
}

void
mg_engine_free(mg_engine *e)
{
    if (!e)
        return;
    if (e->locked)
        e->dialect->conn.unlock(e->conn, LOCK_NAME, NULL);
    mg_interrupt__remove(&e->cancel);
    if (e->conn)
        e->dialect->conn.disconnect(e->conn);
    mg_url_free(e->url);
    free(e);
}

const mg_dialect *
mg_engine_dialect(const mg_engine *e)
{
    return e->dialect;
}

const char *
mg_engine_url_redacted(const mg_engine *e)
{
    return mg_url_redacted(e->url);
}

int
mg_engine_exec(mg_engine *e, const char *sql, mg_error *err)
{
    return e->dialect->conn.exec(e->conn, sql, err);
}

/* One value as text, as the database's own client prints it: integers
 * in decimal, booleans 1/0, doubles in the fewest digits that read back
 * the same. num holds a converted number. */
static const char *
value_text(const mg_value *v, char num[40], size_t *len)
{
    int n = 0;

    switch (v->type) {
    case MG_VALUE_NULL:
        return NULL;
    case MG_VALUE_INT:
        n = snprintf(num, 40, "%lld", (long long)v->i);
        break;
    case MG_VALUE_BOOL:
        n = snprintf(num, 40, "%d", v->i != 0);
        break;
    case MG_VALUE_DOUBLE:
        n = snprintf(num, 40, "%.15g", v->d);
        if (strtod(num, NULL) != v->d)
            n = snprintf(num, 40, "%.17g", v->d);
        break;
    default:
        *len = v->len;
        return v->len ? (const char *)v->p : "";
    }
    *len = (size_t)n;
    return num;
}

/* Rows through the dialect's typed statements, the runtime's own (one
 * connection layer): each value turned to text into r. */
static int
query_rows(mg_engine *e, const char *sql, mg_rows *r, mg_error *err)
{
    const struct mg_dialect_stmt *s = &e->dialect->stmt;
    const char **vals = NULL;
    size_t *lens = NULL;
    char (*num)[40] = NULL;
    void *st = NULL;
    int rc, n, i;

    if (!s->prepare)
        return mg_error_set(err, MG_EUSAGE, "the %s dialect cannot read "
                            "rows", e->dialect->name);
    if ((rc = s->prepare(&st, e->conn, sql, 0, err)) < 0)
        return rc;
    if ((rc = s->execute(st, NULL, 0, err)) < 0)
        goto done;
    n = s->column_count(st);
    vals = calloc((size_t)n + 1, sizeof(*vals));
    lens = calloc((size_t)n + 1, sizeof(*lens));
    num = calloc((size_t)n + 1, sizeof(*num));
    if (!vals || !lens || !num || mg_rows__set_columns(r, (size_t)n) < 0) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    while ((rc = s->next(st, err)) > 0) {
        for (i = 0; i < n; i++) {
            mg_value v;
            if ((rc = s->column(st, i, &v)) < 0) {
                mg_error_set(err, rc, "cannot read column %d", i + 1);
                goto done;
            }
            vals[i] = value_text(&v, num[i], &lens[i]);
        }
        if (mg_rows__add(r, vals, lens) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
    }
done:
    free(vals);
    free(lens);
    free(num);
    s->free(st);
    return rc < 0 ? rc : 0;
}

int
mg_engine_query(mg_rows **out, mg_engine *e, const char *sql, mg_error *err)
{
    mg_rows *r = mg_rows__new();
    int rc;

    *out = NULL;
    if (!r)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if ((rc = query_rows(e, sql, r, err)) < 0) {
        mg_rows_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int
mg_engine_begin(mg_engine *e, mg_error *err)
{
    return e->dialect->conn.begin(e->conn, err);
}

int
mg_engine_commit(mg_engine *e, mg_error *err)
{
    return e->dialect->conn.commit(e->conn, err);
}

int
mg_engine_rollback(mg_engine *e, mg_error *err)
{
    return e->dialect->conn.rollback(e->conn, err);
}

int
mg_engine_lock(mg_engine *e, int timeout_s, mg_error *err)
{
    int rc = e->dialect->conn.lock(e->conn, LOCK_NAME, timeout_s, err);

    if (rc == 0)
        e->locked = 1;
    return rc;
}

int
mg_engine_unlock(mg_engine *e, mg_error *err)
{
    if (!e->locked)
        return 0;
    e->locked = 0;
    return e->dialect->conn.unlock(e->conn, LOCK_NAME, err);
}

int
mg_engine_table_exists(mg_engine *e, const char *name, int *out,
                       mg_error *err)
{
    return e->dialect->conn.table_exists(e->conn, name, out, err);
}

void *
mg_engine__conn(mg_engine *e)
{
    return e->conn;
}

const mg_url *
mg_engine__url(const mg_engine *e)
{
    return e->url;
}
