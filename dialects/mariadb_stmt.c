/* mariadb_stmt.c - the MariaDB dialect's statements, the one way rows are
 * read (sys/dialect.h): the runtime's prepared statements and, through
 * mg_engine_query, the version table and lint's statistics.
 *
 * A statement with parameters is prepared on the server and runs in the
 * binary protocol. One without is kept as text and sent as a plain query
 * at execute: preparing it would cost a round trip of its own (and a
 * COM_STMT_CLOSE), where the query costs one. Either way a column reads
 * as the same type, from its field's type (field_type). Results are
 * stored client-side, so other statements may run while rows are read. */
#include "mg_dialect.h"
#include "mariadb_int.h"

#include "my_api_int.h"
#include <stdlib.h>
#include <string.h>

/* The binary protocol's buffers are sized by max_length (computed at
 * store time). */
typedef struct my_col {
    mg_value_type type;     /* what the column reads as */
    int           is_unsigned;
    long long     i;
    double        d;
    char         *buf;      /* TEXT/BLOB */
    unsigned long cap;
    unsigned long len;
    my_bool       is_null;
    my_bool       error;
    char         *name;
} my_col;

typedef struct my_stmt {
    MYSQL         *my;
    MYSQL_STMT    *st;      /* NULL: a text statement */
    char          *sql;     /* a text statement's SQL */
    MYSQL_RES     *res;     /* a text statement's rows */
    MYSQL_ROW      row;     /* ... and its current row */
    unsigned long *lens;
    MYSQL_BIND    *pbind;
    size_t         nparams;
    my_col        *cols;
    MYSQL_BIND    *rbind;
    int            ncols;
    int64_t        changes;
    int64_t        insert_id;
} my_stmt;

static int
my_stmt_error(MYSQL_STMT *st, mg_error *err)
{
    return mg_error_set(err, MG_EDB, "ERROR %u (%s): %s", mysql_stmt_errno(st),
                        mysql_stmt_sqlstate(st), mysql_stmt_error(st));
}

static int
my_conn_error(MYSQL *my, mg_error *err)
{
    return mg_error_set(err, MG_EDB, "ERROR %u (%s): %s", mysql_errno(my),
                        mysql_sqlstate(my), mysql_error(my));
}

/* What a column of field f reads as: integers (TINYINT(1) as a boolean),
 * floating point, bytes for the binary character set, and text for the
 * rest (DECIMAL, dates and times included). */
static mg_value_type
field_type(const MYSQL_FIELD *f)
{
    switch (f->type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
        return f->type == MYSQL_TYPE_TINY && f->length == 1 ? MG_VALUE_BOOL
                                                            : MG_VALUE_INT;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
        return MG_VALUE_DOUBLE;
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_BIT:
        return f->charsetnr == 63 ? MG_VALUE_BLOB : MG_VALUE_TEXT;
    default:
        return MG_VALUE_TEXT;
    }
}

/* The columns' names and types from a result's fields. */
static int
describe_columns(my_stmt *s, MYSQL_RES *meta, mg_error *err)
{
    MYSQL_FIELD *f;
    int i;

    s->ncols = (int)mysql_num_fields(meta);
    if (!(s->cols = calloc((size_t)s->ncols + 1, sizeof(*s->cols))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    f = mysql_fetch_fields(meta);
    for (i = 0; i < s->ncols; i++) {
        s->cols[i].type = field_type(&f[i]);
        s->cols[i].is_unsigned = (f[i].flags & UNSIGNED_FLAG) != 0;
        if (!(s->cols[i].name = strdup(f[i].name)))
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

int
mg_mariadb__ping(void *conn)
{
    return mysql_ping(conn) == 0 ? 0 : MG_EDB;
}

int
mg_mariadb__stmt_prepare(void **out, void *conn, const char *sql,
                         size_t nparams, mg_error *err)
{
    my_stmt *s;
    int rc;

    *out = NULL;
    if (!(s = calloc(1, sizeof(*s))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    s->my = conn;
    if (nparams == 0) {
        if (!(s->sql = strdup(sql))) {
            free(s);
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        }
        *out = s;
        return 0;
    }
    if (!(s->st = mysql_stmt_init(conn))) {
        free(s);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (mysql_stmt_prepare(s->st, sql, strlen(sql)) != 0) {
        rc = my_stmt_error(s->st, err);
        goto fail;
    }
    s->nparams = mysql_stmt_param_count(s->st);
    if (s->nparams != nparams) {
        rc = mg_error_set(err, MG_EUSAGE, "the server counts %zu "
                          "parameters, not %zu", (size_t)s->nparams,
                          nparams);
        goto fail;
    }
    if (!(s->pbind = calloc(nparams, sizeof(*s->pbind)))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto fail;
    }
    *out = s;
    return 0;
fail:
    mysql_stmt_close(s->st);
    free(s);
    return rc;
}

static void
my_stmt_clear_result(my_stmt *s)
{
    int i;

    for (i = 0; i < s->ncols; i++) {
        free(s->cols[i].buf);
        free(s->cols[i].name);
    }
    free(s->cols);
    free(s->rbind);
    s->cols = NULL;
    s->rbind = NULL;
    s->ncols = 0;
    if (s->st)
        mysql_stmt_free_result(s->st);
    if (s->res)
        mysql_free_result(s->res);
    s->res = NULL;
    s->row = NULL;
}

/* Bind each column of a binary result to a buffer of its type. */
static int
my_stmt_bind_result(my_stmt *s, MYSQL_RES *meta, mg_error *err)
{
    MYSQL_FIELD *f = mysql_fetch_fields(meta);
    int i, rc;

    if ((rc = describe_columns(s, meta, err)) < 0)
        return rc;
    if (!(s->rbind = calloc((size_t)s->ncols + 1, sizeof(*s->rbind))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; i < s->ncols; i++) {
        my_col *c = &s->cols[i];
        MYSQL_BIND *b = &s->rbind[i];

        b->is_null = &c->is_null;
        b->error = &c->error;
        b->length = &c->len;
        switch (c->type) {
        case MG_VALUE_INT:
        case MG_VALUE_BOOL:
            b->buffer_type = MYSQL_TYPE_LONGLONG;
            b->buffer = &c->i;
            b->is_unsigned = c->is_unsigned;
            continue;
        case MG_VALUE_DOUBLE:
            b->buffer_type = MYSQL_TYPE_DOUBLE;
            b->buffer = &c->d;
            continue;
        default:
            b->buffer_type = c->type == MG_VALUE_BLOB ? MYSQL_TYPE_BLOB
                                                     : MYSQL_TYPE_STRING;
        }
        c->cap = f[i].max_length < 64 ? 64 : f[i].max_length;
        if (!(c->buf = malloc(c->cap + 1)))
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        b->buffer = c->buf;
        b->buffer_length = c->cap;
    }
    if (mysql_stmt_bind_result(s->st, s->rbind) != 0)
        return my_stmt_error(s->st, err);
    return 0;
}

/* A text statement: the query, its first result stored, any further
 * results (a multi-statement text) drained. */
static int
execute_text(my_stmt *s, mg_error *err)
{
    int rc = 0;

    if (mysql_real_query(s->my, s->sql, strlen(s->sql)) != 0)
        return my_conn_error(s->my, err);
    s->res = mysql_store_result(s->my);
    if (!s->res && mysql_field_count(s->my) != 0)
        return my_conn_error(s->my, err);
    s->changes = (int64_t)mysql_affected_rows(s->my);
    s->insert_id = (int64_t)mysql_insert_id(s->my);
    if (s->res)
        rc = describe_columns(s, s->res, err);
    while (mysql_next_result(s->my) == 0) {
        MYSQL_RES *more = mysql_store_result(s->my);
        if (more)
            mysql_free_result(more);
    }
    return rc;
}

/* Point the parameter binds at params' values. */
static void
bind_params(my_stmt *s, const mg_value *params, size_t nparams)
{
    size_t i;

    for (i = 0; i < nparams && i < s->nparams; i++) {
        const mg_value *v = &params[i];
        MYSQL_BIND *b = &s->pbind[i];

        memset(b, 0, sizeof(*b));
        switch (v->type) {
        case MG_VALUE_NULL:
            b->buffer_type = MYSQL_TYPE_NULL;
            break;
        case MG_VALUE_INT:
        case MG_VALUE_BOOL:
            b->buffer_type = MYSQL_TYPE_LONGLONG;
            b->buffer = (void *)&v->i;
            break;
        case MG_VALUE_DOUBLE:
            b->buffer_type = MYSQL_TYPE_DOUBLE;
            b->buffer = (void *)&v->d;
            break;
        case MG_VALUE_TEXT:
        case MG_VALUE_BLOB:
            b->buffer_type = v->type == MG_VALUE_TEXT ? MYSQL_TYPE_STRING
                                                     : MYSQL_TYPE_BLOB;
            b->buffer = (void *)(v->len ? v->p : "");
            b->buffer_length = (unsigned long)v->len;
            break;
        }
    }
}

int
mg_mariadb__stmt_execute(void *st, const mg_value *params, size_t nparams,
                         mg_error *err)
{
    my_stmt *s = st;
    MYSQL_RES *meta;
    my_bool on = 1;
    int rc = 0;

    my_stmt_clear_result(s);
    s->changes = s->insert_id = 0;
    if (!s->st)
        return execute_text(s, err);
    bind_params(s, params, nparams);
    if (s->nparams && mysql_stmt_bind_param(s->st, s->pbind) != 0)
        return my_stmt_error(s->st, err);
    if (mysql_stmt_execute(s->st) != 0)
        return my_stmt_error(s->st, err);
    s->changes = (int64_t)mysql_stmt_affected_rows(s->st);
    s->insert_id = (int64_t)mysql_stmt_insert_id(s->st);
    if (!(meta = mysql_stmt_result_metadata(s->st)))
        return 0;   /* no result set */
    mysql_stmt_attr_set(s->st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
    if (mysql_stmt_store_result(s->st) != 0)
        rc = my_stmt_error(s->st, err);
    else
        rc = my_stmt_bind_result(s, meta, err);
    mysql_free_result(meta);
    return rc;
}

int
mg_mariadb__stmt_next(void *st, mg_error *err)
{
    my_stmt *s = st;
    int rc;

    if (!s->ncols)
        return 0;
    if (!s->st) {
        if (!(s->row = mysql_fetch_row(s->res)))
            return 0;
        s->lens = mysql_fetch_lengths(s->res);
        return 1;
    }
    rc = mysql_stmt_fetch(s->st);
    if (rc == 0 || rc == MYSQL_DATA_TRUNCATED)
        return 1;   /* buffers hold max_length: nothing is cut */
    if (rc == MYSQL_NO_DATA)
        return 0;
    return my_stmt_error(s->st, err);
}

int
mg_mariadb__stmt_column_count(void *st)
{
    return ((my_stmt *)st)->ncols;
}

const char *
mg_mariadb__stmt_column_name(void *st, int i)
{
    return ((my_stmt *)st)->cols[i].name;
}

/* Value i of a text statement's current row, read as its field's type. */
static void
text_column(my_stmt *s, int i, mg_value *out)
{
    const my_col *c = &s->cols[i];
    const char *v = s->row[i];

    if (!v)
        return;
    out->type = c->type;
    switch (c->type) {
    case MG_VALUE_INT:
        out->i = c->is_unsigned ? (int64_t)strtoull(v, NULL, 10)
                                : (int64_t)strtoll(v, NULL, 10);
        break;
    case MG_VALUE_BOOL:
        out->i = strtoll(v, NULL, 10) != 0;
        break;
    case MG_VALUE_DOUBLE:
        out->d = strtod(v, NULL);
        break;
    default:
        out->p = v;
        out->len = s->lens[i];
    }
}

int
mg_mariadb__stmt_column(void *st, int i, mg_value *out)
{
    my_stmt *s = st;
    my_col *c = &s->cols[i];

    memset(out, 0, sizeof(*out));
    if (!s->st) {
        text_column(s, i, out);
        return 0;
    }
    if (c->is_null)
        return 0;
    out->type = c->type;
    switch (c->type) {
    case MG_VALUE_INT:
        out->i = c->i;
        break;
    case MG_VALUE_BOOL:
        out->i = c->i != 0;
        break;
    case MG_VALUE_DOUBLE:
        out->d = c->d;
        break;
    default:
        if (c->len > c->cap)
            c->len = c->cap;
        c->buf[c->len] = '\0';
        out->p = c->buf;
        out->len = c->len;
    }
    return 0;
}

int64_t
mg_mariadb__stmt_changes(void *st)
{
    return ((my_stmt *)st)->changes;
}

int
mg_mariadb__stmt_last_id(void *st, int64_t *out, mg_error *err)
{
    (void)err;
    *out = ((my_stmt *)st)->insert_id;
    return 0;
}

void
mg_mariadb__stmt_free(void *st)
{
    my_stmt *s = st;

    if (!s)
        return;
    my_stmt_clear_result(s);
    if (s->st)
        mysql_stmt_close(s->st);
    free(s->sql);
    free(s->pbind);
    free(s);
}
