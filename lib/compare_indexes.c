/* compare_indexes.c - indexes of a table present on both sides, and those
 * of a new table. Indexes match by name (a changed one is dropped and
 * created again), then by definition: uniqueness, the normalised
 * expressions in order, the normalised predicate and the method (none
 * and "btree" are the same). An index that only implements a constraint
 * (SQLite's sqlite_autoindex_*, or one named like a primary key, UNIQUE
 * or foreign-key constraint of its table, as PostgreSQL and MariaDB
 * report them) belongs to that constraint and is never compared; so does,
 * where the server makes one for a foreign key (MG_CAP_FK_INDEX), an
 * index over exactly a foreign key's columns that the models lack and
 * nothing else of theirs could serve. */
#include "compare_int.h"

#include <string.h>
#include <strings.h>

int
mg_compare__index_is_implicit(const mg_cmp *c, const mg_table *t,
                              const mg_index *ix)
{
    const char *prefix = c->d->catalog.implicit_index_prefix;
    size_t i;

    if (prefix && strncasecmp(ix->name, prefix, strlen(prefix)) == 0)
        return 1;
    for (i = 0; i < t->nconstraints; i++)
        if (t->constraints[i]->kind != MG_CONSTRAINT_CHECK &&
            strcasecmp(t->constraints[i]->name, ix->name) == 0)
            return 1;
    return 0;
}

static int
default_method(const char *m)
{
    return !m || !*m || strcasecmp(m, "btree") == 0;
}

static int
methods_equal(const char *a, const char *b)
{
    if (default_method(a) || default_method(b))
        return default_method(a) && default_method(b);
    return strcasecmp(a, b) == 0;
}

/* The normalised form of name read as one identifier. */
static void
ident_norm(mg_buf *out, const char *name)
{
    mg_buf q = MG_BUF_INIT;
    const char *p;

    mg_buf_putc(&q, '"');
    for (p = name; *p; p++) {
        if (*p == '"')
            mg_buf_putc(&q, '"');
        mg_buf_putc(&q, *p);
    }
    mg_buf_putc(&q, '"');
    mg_normalize_expr(out, mg_buf_cstr(&q));
    if (q.oom)
        out->oom = 1;
    mg_buf_release(&q);
}

/* An index expression in normalised form: a bare column name is read as
 * an identifier (so "my col" and "\"my col\"" agree). */
static void
index_expr(mg_buf *out, const mg_table *t, const char *expr)
{
    if (mg_table_column(t, expr))
        ident_norm(out, expr);
    else
        mg_normalize_expr(out, expr);
}

static int
index_exprs_equal(const mg_table *ta, const char *a, const mg_table *tb,
                  const char *b)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
    int eq;

    index_expr(&x, ta, a);
    index_expr(&y, tb, b);
    eq = strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0;
    mg_buf_release(&x);
    mg_buf_release(&y);
    return eq;
}

int
mg_compare__index_definition_equal(const mg_table *ta, const mg_index *a,
                                   const mg_table *tb, const mg_index *b)
{
    size_t i;

    if (!a->unique != !b->unique ||
        a->expressions.n != b->expressions.n ||
        !mg_compare__expr_equal(a->where, b->where) ||
        !methods_equal(a->method, b->method))
        return 0;
    for (i = 0; i < a->expressions.n; i++)
        if (!index_exprs_equal(ta, a->expressions.v[i], tb,
                               b->expressions.v[i]))
            return 0;
    return 1;
}

int
mg_compare__index_is_unique_on(const mg_index *ix, const mg_strlist *cols)
{
    size_t i;

    if (!ix->unique || ix->where || !default_method(ix->method) ||
        ix->expressions.n != cols->n || cols->n == 0)
        return 0;
    for (i = 0; i < cols->n; i++) {
        mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
        int eq;
        /* the name as stored, or as an identifier against the text */
        if (strcasecmp(ix->expressions.v[i], cols->v[i]) == 0)
            continue;
        ident_norm(&x, cols->v[i]);
        mg_normalize_expr(&y, ix->expressions.v[i]);
        eq = strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0;
        mg_buf_release(&x);
        mg_buf_release(&y);
        if (!eq)
            return 0;
    }
    return 1;
}

static int
emit_index(mg_cmp *c, const cmp_table *t, const mg_index *ix, int create)
{
    mg_op op;

    memset(&op, 0, sizeof(op));
    op.kind = create ? MG_OP_CREATE_INDEX : MG_OP_DROP_INDEX;
    op.old_table = t->have;
    op.new_table = t->want;
    op.index = ix;
    return mg_compare__emit(c, create ? CMP_INDEX : CMP_DROP, &op);
}

/* 1 when ix (of the database, over plain columns) is the index the server
 * made for a foreign key of w that nothing of w serves. */
static int
is_fk_own_index(const mg_cmp *c, const mg_table *w, const mg_index *ix)
{
    size_t i, j;

    if (!(c->d->caps & MG_CAP_FK_INDEX) || ix->unique || ix->where)
        return 0;
    for (i = 0; i < w->nconstraints; i++) {
        const mg_constraint *k = w->constraints[i];
        int served = 0;
        if (k->kind != MG_CONSTRAINT_FOREIGN_KEY ||
            ix->expressions.n != k->columns.n ||
            !mg_strlist_leads_with(&ix->expressions, &k->columns))
            continue;
        for (j = 0; j < w->nconstraints && !served; j++)
            served = (w->constraints[j]->kind == MG_CONSTRAINT_PRIMARY_KEY ||
                      w->constraints[j]->kind == MG_CONSTRAINT_UNIQUE) &&
                     mg_strlist_leads_with(&w->constraints[j]->columns,
                                           &k->columns);
        for (j = 0; j < w->nindexes && !served; j++)
            served = mg_strlist_leads_with(&w->indexes[j]->expressions,
                                           &k->columns);
        if (!served)
            return 1;
    }
    return 0;
}

int
mg_compare__match_indexes(mg_cmp *c, cmp_table *t)
{
    const mg_table *h = t->have, *w = t->want;
    size_t i, j;
    int rc;

    for (i = 0; i < h->nindexes; i++)
        t->have_ix[i] = (unsigned char)
            mg_compare__index_is_implicit(c, h, h->indexes[i]);
    for (j = 0; j < w->nindexes; j++)
        t->want_ix[j] = (unsigned char)
            mg_compare__index_is_implicit(c, w, w->indexes[j]);
    /* by name: equal, or changed (drop and create again) */
    for (j = 0; j < w->nindexes; j++)
        for (i = 0; !t->want_ix[j] && i < h->nindexes; i++) {
            if (t->have_ix[i] ||
                strcasecmp(h->indexes[i]->name, w->indexes[j]->name) != 0)
                continue;
            t->have_ix[i] = t->want_ix[j] = 1;
            if (!mg_compare__index_definition_equal(h, h->indexes[i], w,
                                                    w->indexes[j]) &&
                ((rc = emit_index(c, t, h->indexes[i], 0)) < 0 ||
                 (rc = emit_index(c, t, w->indexes[j], 1)) < 0))
                return rc;
        }
    /* by definition, names aside */
    for (j = 0; j < w->nindexes; j++)
        for (i = 0; !t->want_ix[j] && i < h->nindexes; i++)
            if (!t->have_ix[i] &&
                mg_compare__index_definition_equal(h, h->indexes[i], w,
                                                   w->indexes[j]))
                t->have_ix[i] = t->want_ix[j] = 1;
    for (i = 0; i < h->nindexes; i++)
        if (!t->have_ix[i] && is_fk_own_index(c, w, h->indexes[i]))
            t->have_ix[i] = 1;
    return 0;
}

int
mg_compare__index_ops(mg_cmp *c, cmp_table *t)
{
    size_t i;
    int rc;

    for (i = 0; i < t->have->nindexes; i++)
        if (!t->have_ix[i] &&
            (rc = emit_index(c, t, t->have->indexes[i], 0)) < 0)
            return rc;
    for (i = 0; i < t->want->nindexes; i++)
        if (!t->want_ix[i] &&
            (rc = emit_index(c, t, t->want->indexes[i], 1)) < 0)
            return rc;
    return 0;
}

int
mg_compare__table_indexes(mg_cmp *c, const mg_table *t, int create)
{
    size_t i;
    mg_op op;
    int rc;

    for (i = 0; i < t->nindexes; i++) {
        if (mg_compare__index_is_implicit(c, t, t->indexes[i]))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = create ? MG_OP_CREATE_INDEX : MG_OP_DROP_INDEX;
        if (create)
            op.new_table = t;
        else
            op.old_table = t;
        op.index = t->indexes[i];
        if ((rc = mg_compare__emit(c, create ? CMP_CREATE : CMP_DROP_TABLE,
                                   &op)) < 0)
            return rc;
    }
    return 0;
}
