/* builder.c - SELECT, INSERT, UPDATE and DELETE built over an mg_metadata
 * (SQLAlchemy Core's select()/insert()/update()/delete()). Parts are
 * recorded as given and checked against the metadata when compiled, so a
 * chain of calls needs one error check at the end. Compiling quotes every
 * identifier through the dialect and turns every value into a parameter
 * in the dialect's spelling: no value is ever pasted into the SQL. Joins
 * follow the single foreign key between the joined table and one already
 * in the query. */
#include "db_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { B_SELECT, B_INSERT, B_UPDATE, B_DELETE };
enum { E_CMP, E_ISNULL, E_AND, E_OR, E_NOT };

struct mg_expr {
    int       kind;
    char     *column;   /* E_CMP, E_ISNULL */
    mg_cmp_op op;       /* E_CMP */
    mg_value  v;        /* E_CMP: text/blob owned */
    mg_expr  *a, *b;    /* E_AND, E_OR (a, b), E_NOT (a) */
};

typedef struct join {
    char         *table;
    unsigned int  flags;
} join;

typedef struct set_item {
    char     *column;
    mg_value  v;        /* text/blob owned */
} set_item;

typedef struct order_item {
    char *column;
    int   desc;
} order_item;

struct mg_builder {
    int                kind;
    const mg_metadata *md;
    const mg_table    *table;
    mg_strlist         columns;   /* SELECT: chosen result columns */
    join              *joins;
    size_t             njoins;
    set_item          *sets;
    size_t             nsets;
    order_item        *orders;
    size_t             norders;
    mg_expr           *where;
    int64_t            limit;     /* < 0: none */
    int64_t            offset;    /* <= 0: none */
    int                bad;       /* MG_E* of a misuse or failed call */
    char               bad_msg[160];
    mg_value          *params;    /* compiled: borrowed from the parts */
    size_t             nparams;
    size_t             pcap;
    const char        *key;       /* compiled INSERT: generated key */
};

/* ---- values and expressions ------------------------------------------- */

/* A copy of v owning its text/blob; 0 or MG_ENOMEM. */
static int
value_copy(mg_value *out, mg_value v)
{
    *out = v;
    if (v.type == MG_VALUE_TEXT || v.type == MG_VALUE_BLOB) {
        char *p = malloc(v.len + 1);
        if (!p)
            return MG_ENOMEM;
        if (v.len)
            memcpy(p, v.p, v.len);
        p[v.len] = '\0';
        out->p = p;
    }
    return 0;
}

static void
value_release(mg_value *v)
{
    if (v->type == MG_VALUE_TEXT || v->type == MG_VALUE_BLOB)
        free((void *)v->p);
    v->p = NULL;
}

static mg_expr *
expr_new(int kind, const char *column)
{
    mg_expr *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    e->kind = kind;
    if (column && !(e->column = strdup(column))) {
        free(e);
        return NULL;
    }
    return e;
}

mg_expr *
mg_expr_cmp(const char *column, mg_cmp_op op, mg_value v)
{
    mg_expr *e = expr_new(E_CMP, column);

    if (!e)
        return NULL;
    e->op = op;
    if (value_copy(&e->v, v) < 0) {
        free(e->column);
        free(e);
        return NULL;
    }
    return e;
}

mg_expr *
mg_expr_is_null(const char *column)
{
    return expr_new(E_ISNULL, column);
}

static mg_expr *
expr_pair(int kind, mg_expr *a, mg_expr *b)
{
    mg_expr *e = a && (b || kind == E_NOT) ? expr_new(kind, NULL) : NULL;

    if (!e) {
        mg_expr_free(a);
        mg_expr_free(b);
        return NULL;
    }
    e->a = a;
    e->b = b;
    return e;
}

mg_expr *
mg_expr_and(mg_expr *a, mg_expr *b)
{
    return expr_pair(E_AND, a, b);
}

mg_expr *
mg_expr_or(mg_expr *a, mg_expr *b)
{
    return expr_pair(E_OR, a, b);
}

mg_expr *
mg_expr_not(mg_expr *a)
{
    return expr_pair(E_NOT, a, NULL);
}

void
mg_expr_free(mg_expr *e)
{
    if (!e)
        return;
    mg_expr_free(e->a);
    mg_expr_free(e->b);
    value_release(&e->v);
    free(e->column);
    free(e);
}

/* ---- builders --------------------------------------------------------- */

static int
builder_new(mg_builder **out, int kind, const mg_metadata *md,
            const char *table, mg_error *err)
{
    const mg_table *t = mg_metadata_table(md, table);
    mg_builder *b;

    *out = NULL;
    if (!t)
        return mg_error_set(err, MG_ENOTFOUND, "unknown table '%s'", table);
    if (!(b = calloc(1, sizeof(*b))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    b->kind = kind;
    b->md = md;
    b->table = t;
    b->limit = -1;
    *out = b;
    return 0;
}

int
mg_select_new(mg_builder **out, const mg_metadata *md, const char *table,
              mg_error *err)
{
    return builder_new(out, B_SELECT, md, table, err);
}

int
mg_insert_new(mg_builder **out, const mg_metadata *md, const char *table,
              mg_error *err)
{
    return builder_new(out, B_INSERT, md, table, err);
}

int
mg_update_new(mg_builder **out, const mg_metadata *md, const char *table,
              mg_error *err)
{
    return builder_new(out, B_UPDATE, md, table, err);
}

int
mg_delete_new(mg_builder **out, const mg_metadata *md, const char *table,
              mg_error *err)
{
    return builder_new(out, B_DELETE, md, table, err);
}

void
mg_builder_free(mg_builder *b)
{
    size_t i;

    if (!b)
        return;
    mg_strlist_release(&b->columns);
    for (i = 0; i < b->njoins; i++)
        free(b->joins[i].table);
    for (i = 0; i < b->nsets; i++) {
        free(b->sets[i].column);
        value_release(&b->sets[i].v);
    }
    for (i = 0; i < b->norders; i++)
        free(b->orders[i].column);
    free(b->joins);
    free(b->sets);
    free(b->orders);
    mg_expr_free(b->where);
    free(b->params);
    free(b);
}

static const char *const kind_names[] = {
    "SELECT", "INSERT", "UPDATE", "DELETE"
};

/* Remember the first misuse for compile to report; returns the code. */
static int
misuse(mg_builder *b, int code, const char *what)
{
    if (!b->bad) {
        b->bad = code;
        if (code == MG_ENOMEM)
            snprintf(b->bad_msg, sizeof(b->bad_msg), "out of memory");
        else
            snprintf(b->bad_msg, sizeof(b->bad_msg), "%s has no %s",
                     kind_names[b->kind], what);
    }
    return code;
}

/* Grow *arr (of *n items of size sz) by one zeroed item. */
static void *
grow(void *arr, size_t *n, size_t sz)
{
    char *p = realloc(arr, (*n + 1) * sz);

    if (!p)
        return NULL;
    memset(p + *n * sz, 0, sz);
    (*n)++;
    return p;
}

int
mg_select_column(mg_builder *b, const char *column)
{
    if (b->kind != B_SELECT)
        return misuse(b, MG_EUSAGE, "result columns");
    if (mg_strlist_add(&b->columns, column) < 0)
        return misuse(b, MG_ENOMEM, NULL);
    return 0;
}

int
mg_select_join(mg_builder *b, const char *table, unsigned int flags)
{
    join *j;
    char *name;

    if (b->kind != B_SELECT)
        return misuse(b, MG_EUSAGE, "joins");
    if (!(name = strdup(table)) ||
        !(j = grow(b->joins, &b->njoins, sizeof(*j)))) {
        free(name);
        return misuse(b, MG_ENOMEM, NULL);
    }
    b->joins = j;
    j[b->njoins - 1].table = name;
    j[b->njoins - 1].flags = flags;
    return 0;
}

int
mg_select_order_by(mg_builder *b, const char *column, int descending)
{
    order_item *o;
    char *name;

    if (b->kind != B_SELECT)
        return misuse(b, MG_EUSAGE, "ORDER BY");
    if (!(name = strdup(column)) ||
        !(o = grow(b->orders, &b->norders, sizeof(*o)))) {
        free(name);
        return misuse(b, MG_ENOMEM, NULL);
    }
    b->orders = o;
    o[b->norders - 1].column = name;
    o[b->norders - 1].desc = descending;
    return 0;
}

int
mg_select_limit(mg_builder *b, int64_t limit, int64_t offset)
{
    if (b->kind != B_SELECT)
        return misuse(b, MG_EUSAGE, "LIMIT");
    b->limit = limit;
    b->offset = offset;
    return 0;
}

int
mg_builder_where(mg_builder *b, mg_expr *cond)
{
    if (b->kind == B_INSERT) {
        mg_expr_free(cond);
        return misuse(b, MG_EUSAGE, "WHERE");
    }
    if (!cond)
        return misuse(b, MG_ENOMEM, NULL);
    if (!b->where) {
        b->where = cond;
        return 0;
    }
    if (!(b->where = mg_expr_and(b->where, cond)))
        return misuse(b, MG_ENOMEM, NULL);
    return 0;
}

int
mg_builder_set(mg_builder *b, const char *column, mg_value v)
{
    set_item *s;
    mg_value copy;
    char *name;

    if (b->kind != B_INSERT && b->kind != B_UPDATE)
        return misuse(b, MG_EUSAGE, "values to set");
    if (value_copy(&copy, v) < 0)
        return misuse(b, MG_ENOMEM, NULL);
    if (!(name = strdup(column)) ||
        !(s = grow(b->sets, &b->nsets, sizeof(*s)))) {
        free(name);
        value_release(&copy);
        return misuse(b, MG_ENOMEM, NULL);
    }
    b->sets = s;
    s[b->nsets - 1].column = name;
    s[b->nsets - 1].v = copy;
    return 0;
}

size_t
mg_builder_param_count(const mg_builder *b)
{
    return b->nparams;
}

const mg_value *
mg_builder_param(const mg_builder *b, size_t i)
{
    return i < b->nparams ? &b->params[i] : NULL;
}

/* ---- compiling -------------------------------------------------------- */

typedef struct ctx {
    mg_builder        *b;
    const mg_dialect  *d;
    mg_buf            *out;
    const mg_table   **tables;   /* in the query: the table, then joins */
    size_t             ntables;
    int                qualify;  /* SELECT: "table"."column" */
} ctx;

static void
qi(ctx *x, const char *ident)
{
    x->d->sql.quote_ident(x->out, ident);
}

/* Append a parameter for v (borrowed from the builder). */
static int
param(ctx *x, const mg_value *v)
{
    mg_builder *b = x->b;

    if (b->nparams == b->pcap) {
        size_t cap = b->pcap ? b->pcap * 2 : 8;
        mg_value *p = realloc(b->params, cap * sizeof(*p));
        if (!p)
            return MG_ENOMEM;
        b->params = p;
        b->pcap = cap;
    }
    b->params[b->nparams++] = *v;
    if (x->d->stmt.caps & MG_RTCAP_DOLLAR_PARAMS)
        mg_buf_addf(x->out, "$%zu", b->nparams);
    else
        mg_buf_putc(x->out, '?');
    return 0;
}

/* Resolve "col" or "table.col" among the query's tables and write it. */
static int
column_ref(ctx *x, const char *ref, const mg_column **col_out,
           mg_error *err)
{
    const char *dot = strchr(ref, '.');
    const mg_table *t = NULL;
    const mg_column *col = NULL;
    size_t i, found = 0;

    for (i = 0; i < x->ntables; i++) {
        const mg_table *ti = x->tables[i];
        const mg_column *c;

        if (dot && (strncasecmp(ti->name, ref, (size_t)(dot - ref)) != 0 ||
                    ti->name[dot - ref] != '\0'))
            continue;
        if ((c = mg_table_column(ti, dot ? dot + 1 : ref)) != NULL) {
            if (!found++) {
                t = ti;
                col = c;
            }
        }
    }
    if (!found)
        return mg_error_set(err, MG_ENOTFOUND, "unknown column '%s'", ref);
    if (found > 1)
        return mg_error_set(err, MG_EAMBIGUOUS, "column '%s' is in several "
                            "tables of the query; write table.column", ref);
    if (x->qualify) {
        qi(x, t->name);
        mg_buf_putc(x->out, '.');
    }
    qi(x, col->name);
    if (col_out)
        *col_out = col;
    return 0;
}

static int
expr(ctx *x, const mg_expr *e, int parent, mg_error *err)
{
    static const char *const ops[] = {
        " = ", " <> ", " < ", " <= ", " > ", " >= ", " LIKE "
    };
    int rc, wrap;

    switch (e->kind) {
    case E_CMP:
        if ((rc = column_ref(x, e->column, NULL, err)) < 0)
            return rc;
        if (e->v.type == MG_VALUE_NULL && (e->op == MG_EQ ||
                                           e->op == MG_NE)) {
            mg_buf_puts(x->out, e->op == MG_EQ ? " IS NULL"
                                               : " IS NOT NULL");
            return 0;
        }
        if ((unsigned)e->op >= sizeof(ops) / sizeof(ops[0]))
            return mg_error_set(err, MG_EUSAGE, "unknown comparison "
                                "operator %d", (int)e->op);
        mg_buf_puts(x->out, ops[e->op]);
        if (param(x, &e->v) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        return 0;
    case E_ISNULL:
        if ((rc = column_ref(x, e->column, NULL, err)) < 0)
            return rc;
        mg_buf_puts(x->out, " IS NULL");
        return 0;
    case E_NOT:
        mg_buf_puts(x->out, "NOT (");
        if ((rc = expr(x, e->a, E_NOT, err)) < 0)
            return rc;
        mg_buf_putc(x->out, ')');
        return 0;
    default:
        /* parentheses only where AND and OR meet */
        wrap = parent == E_AND || parent == E_OR ? parent != e->kind : 0;
        if (wrap)
            mg_buf_putc(x->out, '(');
        if ((rc = expr(x, e->a, e->kind, err)) < 0)
            return rc;
        mg_buf_puts(x->out, e->kind == E_AND ? " AND " : " OR ");
        if ((rc = expr(x, e->b, e->kind, err)) < 0)
            return rc;
        if (wrap)
            mg_buf_putc(x->out, ')');
        return 0;
    }
}

/* The foreign key joining t to a table already in the query: *fk_out in
 * *child_out referencing *parent_out. */
static int
find_fk(ctx *x, const mg_table *t, const mg_constraint **fk_out,
        const mg_table **child_out, const mg_table **parent_out,
        mg_error *err)
{
    size_t i, k, found = 0;

    for (i = 0; i < x->ntables; i++) {
        const mg_table *q = x->tables[i];
        const mg_table *pair[2][2] = { { t, q }, { q, t } };
        int dir;

        for (dir = 0; dir < 2; dir++) {
            const mg_table *child = pair[dir][0], *parent = pair[dir][1];
            for (k = 0; k < child->nconstraints; k++) {
                const mg_constraint *fk = child->constraints[k];
                if (fk->kind != MG_CONSTRAINT_FOREIGN_KEY ||
                    !fk->ref_table ||
                    strcasecmp(fk->ref_table, parent->name) != 0)
                    continue;
                if (!found++) {
                    *fk_out = fk;
                    *child_out = child;
                    *parent_out = parent;
                }
            }
        }
    }
    if (!found)
        return mg_error_set(err, MG_ENOTFOUND, "no foreign key joins '%s' "
                            "to the query's tables", t->name);
    if (found > 1)
        return mg_error_set(err, MG_EAMBIGUOUS, "several foreign keys join "
                            "'%s' to the query's tables", t->name);
    return 0;
}

static int
joins(ctx *x, mg_error *err)
{
    size_t i, k;
    int rc;

    for (i = 0; i < x->b->njoins; i++) {
        const join *j = &x->b->joins[i];
        const mg_table *t = mg_metadata_table(x->b->md, j->table);
        const mg_table *child = NULL, *parent = NULL;
        const mg_constraint *fk = NULL;

        if (!t)
            return mg_error_set(err, MG_ENOTFOUND, "unknown table '%s'",
                                j->table);
        for (k = 0; k < x->ntables; k++)
            if (x->tables[k] == t)
                return mg_error_set(err, MG_EUSAGE, "table '%s' is already "
                                    "in the query", t->name);
        if ((rc = find_fk(x, t, &fk, &child, &parent, err)) < 0)
            return rc;
        if (fk->ref_columns.n != fk->columns.n)
            return mg_error_set(err, MG_EUSAGE, "foreign key '%s' names "
                                "no referenced columns", fk->name);
        mg_buf_puts(x->out, j->flags & MG_JOIN_LEFT ? " LEFT JOIN "
                                                    : " JOIN ");
        qi(x, t->name);
        mg_buf_puts(x->out, " ON ");
        for (k = 0; k < fk->columns.n; k++) {
            if (k)
                mg_buf_puts(x->out, " AND ");
            qi(x, child->name);
            mg_buf_putc(x->out, '.');
            qi(x, fk->columns.v[k]);
            mg_buf_puts(x->out, " = ");
            qi(x, parent->name);
            mg_buf_putc(x->out, '.');
            qi(x, fk->ref_columns.v[k]);
        }
        x->tables[x->ntables++] = t;
    }
    return 0;
}

static int
compile_select(ctx *x, mg_error *err)
{
    mg_builder *b = x->b;
    mg_value lim, off;
    size_t i;
    int rc;

    mg_buf_puts(x->out, "SELECT ");
    /* joins resolve first (columns may name joined tables), so the select
     * list is written into its own buffer and spliced in */
    {
        mg_buf from = MG_BUF_INIT, *main_out = x->out;

        x->out = &from;
        mg_buf_puts(&from, " FROM ");
        qi(x, b->table->name);
        rc = joins(x, err);
        x->out = main_out;
        if (rc == 0) {
            for (i = 0; i < b->columns.n && rc == 0; i++) {
                if (i)
                    mg_buf_puts(x->out, ", ");
                rc = column_ref(x, b->columns.v[i], NULL, err);
            }
            for (i = 0; !b->columns.n && i < b->table->ncolumns; i++) {
                if (i)
                    mg_buf_puts(x->out, ", ");
                qi(x, b->table->name);
                mg_buf_putc(x->out, '.');
                qi(x, b->table->columns[i]->name);
            }
            mg_buf_add(x->out, from.ptr ? from.ptr : "", from.len);
        }
        mg_buf_release(&from);
        if (rc < 0)
            return rc;
    }
    if (b->where) {
        mg_buf_puts(x->out, " WHERE ");
        if ((rc = expr(x, b->where, -1, err)) < 0)
            return rc;
    }
    for (i = 0; i < b->norders; i++) {
        mg_buf_puts(x->out, i ? ", " : " ORDER BY ");
        if ((rc = column_ref(x, b->orders[i].column, NULL, err)) < 0)
            return rc;
        if (b->orders[i].desc)
            mg_buf_puts(x->out, " DESC");
    }
    /* OFFSET alone is not SQL everywhere: give it the largest LIMIT */
    if (b->limit >= 0 || b->offset > 0) {
        b->limit = b->limit >= 0 ? b->limit : INT64_MAX;
        lim = mg_value_int(b->limit);
        mg_buf_puts(x->out, " LIMIT ");
        if (param(x, &lim) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (b->offset > 0) {
        off = mg_value_int(b->offset);
        mg_buf_puts(x->out, " OFFSET ");
        if (param(x, &off) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

static int
compile_insert(ctx *x, mg_error *err)
{
    mg_builder *b = x->b;
    const mg_column *col;
    size_t i;
    int rc;

    if (!b->nsets)
        return mg_error_set(err, MG_EUSAGE, "INSERT into '%s' without "
                            "values", b->table->name);
    mg_buf_puts(x->out, "INSERT INTO ");
    qi(x, b->table->name);
    mg_buf_puts(x->out, " (");
    for (i = 0; i < b->nsets; i++) {
        if (i)
            mg_buf_puts(x->out, ", ");
        if ((rc = column_ref(x, b->sets[i].column, NULL, err)) < 0)
            return rc;
    }
    mg_buf_puts(x->out, ") VALUES (");
    for (i = 0; i < b->nsets; i++) {
        if (i)
            mg_buf_puts(x->out, ", ");
        if (param(x, &b->sets[i].v) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    mg_buf_putc(x->out, ')');
    for (i = 0; i < b->table->ncolumns; i++) {
        col = b->table->columns[i];
        if (!col->autoincrement)
            continue;
        for (rc = 0; (size_t)rc < b->nsets; rc++)
            if (strcasecmp(b->sets[rc].column, col->name) == 0)
                break;
        if ((size_t)rc < b->nsets)
            continue;   /* the caller gave the key */
        b->key = col->name;
        if (x->d->stmt.caps & MG_RTCAP_RETURNING) {
            mg_buf_puts(x->out, " RETURNING ");
            qi(x, col->name);
        }
        break;
    }
    return 0;
}

static int
compile_update(ctx *x, mg_error *err)
{
    mg_builder *b = x->b;
    size_t i;
    int rc;

    if (!b->nsets)
        return mg_error_set(err, MG_EUSAGE, "UPDATE of '%s' without "
                            "values", b->table->name);
    mg_buf_puts(x->out, "UPDATE ");
    qi(x, b->table->name);
    mg_buf_puts(x->out, " SET ");
    for (i = 0; i < b->nsets; i++) {
        if (i)
            mg_buf_puts(x->out, ", ");
        if ((rc = column_ref(x, b->sets[i].column, NULL, err)) < 0)
            return rc;
        mg_buf_puts(x->out, " = ");
        if (param(x, &b->sets[i].v) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (b->where) {
        mg_buf_puts(x->out, " WHERE ");
        if ((rc = expr(x, b->where, -1, err)) < 0)
            return rc;
    }
    return 0;
}

static int
compile_delete(ctx *x, mg_error *err)
{
    int rc;

    mg_buf_puts(x->out, "DELETE FROM ");
    qi(x, x->b->table->name);
    if (x->b->where) {
        mg_buf_puts(x->out, " WHERE ");
        if ((rc = expr(x, x->b->where, -1, err)) < 0)
            return rc;
    }
    return 0;
}

int
mg_builder_compile(mg_builder *b, const mg_dialect *d, mg_buf *sql,
                   mg_error *err)
{
    mg_buf out = MG_BUF_INIT;
    ctx x;
    int rc;

    b->nparams = 0;
    b->key = NULL;
    if (b->bad)
        return mg_error_set(err, b->bad, "%s", b->bad_msg);
    memset(&x, 0, sizeof(x));
    x.b = b;
    x.d = d;
    x.out = &out;
    x.qualify = b->kind == B_SELECT;
    if (!(x.tables = calloc(b->njoins + 1, sizeof(*x.tables))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    x.tables[x.ntables++] = b->table;
    switch (b->kind) {
    case B_SELECT:
        rc = compile_select(&x, err);
        break;
    case B_INSERT:
        rc = compile_insert(&x, err);
        break;
    case B_UPDATE:
        rc = compile_update(&x, err);
        break;
    default:
        rc = compile_delete(&x, err);
    }
    if (rc == 0 && out.oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    if (rc == 0)
        mg_buf_add(sql, out.ptr ? out.ptr : "", out.len);
    if (rc < 0)
        b->nparams = 0;
    mg_buf_release(&out);
    free(x.tables);
    return rc;
}

int
mg_builder_execute_at(mg_stmt **out, mg_conn *c, mg_builder *b,
                      const char *file, int line, mg_error *err)
{
    mg_buf sql = MG_BUF_INIT;
    mg_stmt *st = NULL;
    size_t i;
    int rc;

    *out = NULL;
    if ((rc = mg_builder_compile(b, c->db->d, &sql, err)) < 0 ||
        (rc = mg_stmt__prepare_native(&st, c, mg_buf_cstr(&sql), b->nparams,
                                      err)) < 0)
        goto done;
    for (i = 0; i < b->nparams && rc == 0; i++)
        rc = mg_stmt_bind_value(st, (int)i + 1, &b->params[i]);
    if (rc == 0 && b->key)
        rc = mg_stmt_returning(st, NULL, err);
    if (rc == 0)
        rc = mg_stmt_execute_at(st, file, line, err);
    else if (rc == MG_ENOMEM)
        rc = mg_error_set(err, rc, "out of memory");
    if (rc == 0) {
        *out = st;
        st = NULL;
    }
done:
    mg_stmt_free(st);
    mg_buf_release(&sql);
    return rc;
}
