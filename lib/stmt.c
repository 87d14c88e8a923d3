/* stmt.c - prepared statements on a pooled connection: `?` parameters
 * rewritten for the dialect, typed values bound and copied here (so the
 * dialect only ever sees a complete array at execute time), rows read one
 * at a time with values converted on request, the generated key through
 * one call whatever the dialect, and every execution reported to the
 * query hook with the caller's source line. */
#include "db_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mg_stmt {
    mg_conn          *c;
    const mg_dialect *d;
    void             *h;          /* the dialect's statement */
    char             *sql;        /* as sent */
    size_t            nparams;
    mg_value         *params;     /* text/blob memory owned here */
    unsigned char    *bound;
    int               bind_rc;    /* first bind error, reported by execute */
    int               bind_idx;
    int               executed;
    int               want_id;    /* mg_stmt_returning was called */
    int               pending;    /* the RETURNING row is not yet read */
    int               has_id;
    int64_t           id;
    char            **scratch;    /* per column: converted text */
    int               nscratch;
};

mg_value
mg_value_null(void)
{
    mg_value v;

    memset(&v, 0, sizeof(v));
    return v;
}

mg_value
mg_value_int(int64_t i)
{
    mg_value v = mg_value_null();

    v.type = MG_VALUE_INT;
    v.i = i;
    return v;
}

mg_value
mg_value_double(double d)
{
    mg_value v = mg_value_null();

    v.type = MG_VALUE_DOUBLE;
    v.d = d;
    return v;
}

mg_value
mg_value_bool(int b)
{
    mg_value v = mg_value_null();

    v.type = MG_VALUE_BOOL;
    v.i = b != 0;
    return v;
}

mg_value
mg_value_text(const char *s)
{
    mg_value v = mg_value_null();

    if (s) {
        v.type = MG_VALUE_TEXT;
        v.p = s;
        v.len = strlen(s);
    }
    return v;
}

mg_value
mg_value_blob(const void *p, size_t len)
{
    mg_value v = mg_value_null();

    if (p) {
        v.type = MG_VALUE_BLOB;
        v.p = p;
        v.len = len;
    }
    return v;
}

const char *
mg_value_type_name(mg_value_type t)
{
    static const char *const names[] = {
        "NULL", "INT", "DOUBLE", "TEXT", "BLOB", "BOOL"
    };

    return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

static void
clear_scratch(mg_stmt *st)
{
    int i;

    for (i = 0; i < st->nscratch; i++) {
        free(st->scratch[i]);
        st->scratch[i] = NULL;
    }
}

int
mg_stmt__prepare_native(mg_stmt **out, mg_conn *c, const char *sql,
                        size_t nparams, mg_error *err)
{
    mg_stmt *st;
    int rc;

    *out = NULL;
    if ((rc = mg_conn__check(c, err)) < 0)
        return rc;
    if (!(st = calloc(1, sizeof(*st))) || !(st->sql = strdup(sql)) ||
        (nparams && (!(st->params = calloc(nparams, sizeof(*st->params))) ||
                     !(st->bound = calloc(nparams, 1))))) {
        if (st) {
            free(st->sql);
            free(st->params);
        }
        free(st);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    st->c = c;
    st->d = c->db->d;
    st->nparams = nparams;
    if ((rc = st->d->stmt.prepare(&st->h, c->h, sql, nparams, err)) < 0) {
        mg_conn__failed(c, rc, err);
        mg_stmt_free(st);
        return rc;
    }
    *out = st;
    return 0;
}

int
mg_stmt_prepare(mg_stmt **out, mg_conn *c, const char *sql, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = mg_db__placeholders(&b, &n, sql, c->db->d->sql.split_flags,
                                  (c->db->d->stmt.caps &
                                   MG_RTCAP_DOLLAR_PARAMS) != 0)) < 0)
        rc = mg_error_set(err, rc, "out of memory");
    else
        rc = mg_stmt__prepare_native(out, c, mg_buf_cstr(&b), n, err);
    mg_buf_release(&b);
    return rc;
}

static void
free_param(mg_value *v)
{
    if (v->type == MG_VALUE_TEXT || v->type == MG_VALUE_BLOB)
        free((void *)v->p);
    memset(v, 0, sizeof(*v));
}

void
mg_stmt_free(mg_stmt *st)
{
    size_t i;

    if (!st)
        return;
    if (st->h)
        st->d->stmt.free(st->h);
    for (i = 0; i < st->nparams; i++)
        free_param(&st->params[i]);
    clear_scratch(st);
    free(st->scratch);
    free(st->params);
    free(st->bound);
    free(st->sql);
    free(st);
}

const char *
mg_stmt_sql(const mg_stmt *st)
{
    return st->sql;
}

size_t
mg_stmt_param_count(const mg_stmt *st)
{
    return st->nparams;
}

int
mg_stmt_bind_value(mg_stmt *st, int idx, const mg_value *v)
{
    mg_value copy = *v;

    if (idx < 1 || (size_t)idx > st->nparams) {
        if (!st->bind_rc) {
            st->bind_rc = MG_EUSAGE;
            st->bind_idx = idx;
        }
        return MG_EUSAGE;
    }
    if (copy.type == MG_VALUE_TEXT || copy.type == MG_VALUE_BLOB) {
        char *p = malloc(copy.len + 1);
        if (!p) {
            st->bind_rc = MG_ENOMEM;
            return MG_ENOMEM;
        }
        if (copy.len)
            memcpy(p, copy.p, copy.len);
        p[copy.len] = '\0';
        copy.p = p;
    }
    free_param(&st->params[idx - 1]);
    st->params[idx - 1] = copy;
    st->bound[idx - 1] = 1;
    return 0;
}

int
mg_stmt_bind_null(mg_stmt *st, int idx)
{
    mg_value v = mg_value_null();

    return mg_stmt_bind_value(st, idx, &v);
}

int
mg_stmt_bind_int(mg_stmt *st, int idx, int64_t i)
{
    mg_value v = mg_value_int(i);

    return mg_stmt_bind_value(st, idx, &v);
}

int
mg_stmt_bind_double(mg_stmt *st, int idx, double d)
{
    mg_value v = mg_value_double(d);

    return mg_stmt_bind_value(st, idx, &v);
}

int
mg_stmt_bind_bool(mg_stmt *st, int idx, int b)
{
    mg_value v = mg_value_bool(b);

    return mg_stmt_bind_value(st, idx, &v);
}

int
mg_stmt_bind_text(mg_stmt *st, int idx, const char *s)
{
    mg_value v = mg_value_text(s);

    return mg_stmt_bind_value(st, idx, &v);
}

int
mg_stmt_bind_blob(mg_stmt *st, int idx, const void *p, size_t len)
{
    mg_value v = mg_value_blob(p ? p : (len ? NULL : ""), len);

    return mg_stmt_bind_value(st, idx, &v);
}

int
mg_stmt_returning(mg_stmt *st, const char *key, mg_error *err)
{
    mg_buf sql = MG_BUF_INIT;
    void *h = NULL;
    size_t n;
    int rc;

    if (st->executed)
        return mg_error_set(err, MG_ESTATE, "mg_stmt_returning comes "
                            "before the first execute");
    st->want_id = 1;
    if (!(st->d->stmt.caps & MG_RTCAP_RETURNING) || !key)
        return 0;
    n = strlen(st->sql);
    while (n && (st->sql[n - 1] == ';' || st->sql[n - 1] == ' ' ||
                 st->sql[n - 1] == '\n' || st->sql[n - 1] == '\t'))
        n--;
    mg_buf_add(&sql, st->sql, n);
    mg_buf_puts(&sql, " RETURNING ");
    st->d->sql.quote_ident(&sql, key);
    if (sql.oom) {
        mg_buf_release(&sql);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if ((rc = st->d->stmt.prepare(&h, st->c->h, mg_buf_cstr(&sql),
                                  st->nparams, err)) < 0) {
        mg_buf_release(&sql);
        return rc;
    }
    st->d->stmt.free(st->h);
    st->h = h;
    free(st->sql);
    st->sql = mg_buf_detach(&sql);
    return 0;
}

int
mg_stmt_execute_at(mg_stmt *st, const char *file, int line, mg_error *err)
{
    mg_error local;
    double t0;
    size_t i;
    int rc;

    if (!err)
        err = &local;
    clear_scratch(st);
    st->pending = st->has_id = 0;
    st->executed = 1;
    if (st->bind_rc == MG_EUSAGE)
        return mg_error_set(err, MG_EUSAGE, "parameter %d out of range: "
                            "the statement has %zu", st->bind_idx,
                            st->nparams);
    if (st->bind_rc)
        return mg_error_set(err, st->bind_rc, "out of memory");
    for (i = 0; i < st->nparams; i++)
        if (!st->bound[i])
            return mg_error_set(err, MG_EUSAGE, "parameter %zu is not "
                                "bound", i + 1);
    if ((rc = mg_conn__check(st->c, err)) < 0)
        return rc;
    t0 = mg_db__now_ms();
    rc = st->d->stmt.execute(st->h, st->params, st->nparams, err);
    if (rc == 0 && st->want_id) {
        if (st->d->stmt.caps & MG_RTCAP_RETURNING) {
            mg_value v;
            if ((rc = st->d->stmt.next(st->h, err)) == 1) {
                st->d->stmt.column(st->h, 0, &v);
                st->id = v.type == MG_VALUE_TEXT
                         ? strtoll(v.p, NULL, 10) : v.i;
                st->has_id = v.type != MG_VALUE_NULL;
                st->pending = 1;
                rc = 0;
            }
        } else if ((rc = st->d->stmt.last_id(st->h, &st->id, err)) == 0) {
            st->has_id = st->id != 0;
        }
    }
    mg_db__report(st->c, st->sql, st->nparams, mg_db__now_ms() - t0, file,
                  line, rc < 0 ? rc : 0);
    if (rc < 0)
        mg_conn__failed(st->c, rc, err);
    return rc < 0 ? rc : 0;
}

int
mg_stmt_next(mg_stmt *st, mg_error *err)
{
    int rc;

    if (!st->executed)
        return mg_error_set(err, MG_ESTATE, "the statement was not "
                            "executed");
    clear_scratch(st);
    if (st->pending) {
        st->pending = 0;
        return 1;
    }
    if ((rc = st->d->stmt.next(st->h, err)) < 0)
        mg_conn__failed(st->c, rc, err);
    return rc;
}

int
mg_stmt_column_count(const mg_stmt *st)
{
    return st->executed ? st->d->stmt.column_count(st->h) : 0;
}

const char *
mg_stmt_column_name(const mg_stmt *st, int i)
{
    if (i < 0 || i >= mg_stmt_column_count(st))
        return NULL;
    return st->d->stmt.column_name(st->h, i);
}

int
mg_stmt_column_index(const mg_stmt *st, const char *name)
{
    int i, n = mg_stmt_column_count(st);

    for (i = 0; i < n; i++) {
        const char *c = st->d->stmt.column_name(st->h, i);
        if (c && strcasecmp(c, name) == 0)
            return i;
    }
    return -1;
}

int
mg_stmt_column_value(mg_stmt *st, int i, mg_value *out)
{
    *out = mg_value_null();
    if (i < 0 || i >= mg_stmt_column_count(st))
        return MG_EUSAGE;
    return st->d->stmt.column(st->h, i, out);
}

mg_value_type
mg_stmt_column_type(const mg_stmt *st, int i)
{
    mg_value v;

    if (mg_stmt_column_value((mg_stmt *)st, i, &v) < 0)
        return MG_VALUE_NULL;
    return v.type;
}

int
mg_stmt_column_is_null(const mg_stmt *st, int i)
{
    return mg_stmt_column_type(st, i) == MG_VALUE_NULL;
}

/* NUL-terminated copy of n bytes (a blob read as text) in column i's
 * scratch slot. */
static const char *
scratch(mg_stmt *st, int i, const char *p, size_t n)
{
    int cols = mg_stmt_column_count(st);

    if (!st->scratch) {
        if (!(st->scratch = calloc((size_t)cols, sizeof(*st->scratch))))
            return NULL;
        st->nscratch = cols;
    }
    if (i >= st->nscratch)
        return NULL;
    free(st->scratch[i]);
    if (!(st->scratch[i] = malloc(n + 1)))
        return NULL;
    memcpy(st->scratch[i], p, n);
    st->scratch[i][n] = '\0';
    return st->scratch[i];
}

const char *
mg_stmt_column_text(mg_stmt *st, int i)
{
    char num[40];
    mg_value v;

    if (mg_stmt_column_value(st, i, &v) < 0)
        return NULL;
    switch (v.type) {
    case MG_VALUE_NULL:
        return NULL;
    case MG_VALUE_TEXT:
        return v.p;
    case MG_VALUE_BLOB:
        return scratch(st, i, v.p, v.len);
    case MG_VALUE_INT:
        snprintf(num, sizeof(num), "%" PRId64, v.i);
        break;
    case MG_VALUE_BOOL:
        snprintf(num, sizeof(num), "%s", v.i ? "true" : "false");
        break;
    case MG_VALUE_DOUBLE:
        snprintf(num, sizeof(num), "%.17g", v.d);
        break;
    }
    return scratch(st, i, num, strlen(num));
}

const void *
mg_stmt_column_blob(mg_stmt *st, int i, size_t *len_out)
{
    mg_value v;
    const char *t;

    *len_out = 0;
    if (mg_stmt_column_value(st, i, &v) < 0 || v.type == MG_VALUE_NULL)
        return NULL;
    if (v.type == MG_VALUE_BLOB || v.type == MG_VALUE_TEXT) {
        *len_out = v.len;
        return v.p;
    }
    t = mg_stmt_column_text(st, i);
    *len_out = t ? strlen(t) : 0;
    return t;
}

int64_t
mg_stmt_column_int(mg_stmt *st, int i)
{
    mg_value v;
    const char *t;

    if (mg_stmt_column_value(st, i, &v) < 0)
        return 0;
    switch (v.type) {
    case MG_VALUE_INT:
    case MG_VALUE_BOOL:
        return v.i;
    case MG_VALUE_DOUBLE:
        return (int64_t)v.d;
    case MG_VALUE_TEXT:
    case MG_VALUE_BLOB:
        t = mg_stmt_column_text(st, i);
        return t ? strtoll(t, NULL, 10) : 0;
    default:
        return 0;
    }
}

double
mg_stmt_column_double(mg_stmt *st, int i)
{
    mg_value v;
    const char *t;

    if (mg_stmt_column_value(st, i, &v) < 0)
        return 0.0;
    switch (v.type) {
    case MG_VALUE_INT:
    case MG_VALUE_BOOL:
        return (double)v.i;
    case MG_VALUE_DOUBLE:
        return v.d;
    case MG_VALUE_TEXT:
    case MG_VALUE_BLOB:
        t = mg_stmt_column_text(st, i);
        return t ? strtod(t, NULL) : 0.0;
    default:
        return 0.0;
    }
}

int
mg_stmt_column_bool(mg_stmt *st, int i)
{
    mg_value v;
    const char *t;

    if (mg_stmt_column_value(st, i, &v) < 0)
        return 0;
    switch (v.type) {
    case MG_VALUE_INT:
    case MG_VALUE_BOOL:
        return v.i != 0;
    case MG_VALUE_DOUBLE:
        return v.d != 0.0;
    case MG_VALUE_TEXT:
    case MG_VALUE_BLOB:
        t = mg_stmt_column_text(st, i);
        return t && (strchr("tTyY", t[0]) ? t[0] != '\0'
                                          : strtoll(t, NULL, 10) != 0);
    default:
        return 0;
    }
}

int64_t
mg_stmt_changes(const mg_stmt *st)
{
    return st->executed ? st->d->stmt.changes(st->h) : 0;
}

int
mg_stmt_last_id(mg_stmt *st, int64_t *out, mg_error *err)
{
    int rc;

    *out = 0;
    if (!st->executed)
        return mg_error_set(err, MG_ESTATE, "the statement was not "
                            "executed");
    if (st->want_id) {
        if (!st->has_id)
            return mg_error_set(err, MG_ESTATE, "the statement generated "
                                "no key");
        *out = st->id;
        return 0;
    }
    if ((rc = st->d->stmt.last_id(st->h, out, err)) < 0)
        return rc;
    if (*out == 0)
        return mg_error_set(err, MG_ESTATE, "the statement generated no "
                            "key");
    return 0;
}
