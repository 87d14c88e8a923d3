/* compare_constraints.c - primary keys, UNIQUE, FOREIGN KEY and CHECK
 * constraints of a table present on both sides.
 *
 * The primary key is compared by its columns; its name only where the
 * dialect keeps it (MG_CAP_NAMED_PRIMARY_KEY) and both sides chose it. The others are matched by
 * name first (a changed one is dropped and added again), then by
 * definition, because a database may lose or rename what the model named
 * (SQLite forgets unnamed constraints' names, PostgreSQL invents its own).
 * A UNIQUE constraint on one side equals a unique index over the same
 * plain columns on the other: MariaDB and SQLite reflect one as the
 * other.
 *
 * Foreign-key actions RESTRICT and NO ACTION are treated as equal on
 * every dialect: they differ only in when a deferred check fires, and
 * MariaDB reports one for the other. DEFERRABLE is not compared (MariaDB
 * has none to reflect). A CHECK json_valid(c) on a column the models
 * declare JSON is MariaDB's implicit check, not a difference. */
#include "compare_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
mg_compare__names_equal(const mg_strlist *a, const mg_strlist *b)
{
    size_t i;

    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (strcasecmp(a->v[i], b->v[i]) != 0)
            return 0;
    return 1;
}

static mg_fk_action
action(mg_fk_action a)
{
    return a == MG_FK_RESTRICT ? MG_FK_NO_ACTION : a;
}

/* The columns FK k refers to: as written, or the referred table's
 * primary key when the list was left out. */
static const mg_strlist *
ref_columns(const mg_metadata *md, const mg_constraint *k)
{
    const mg_table *ref;
    const mg_constraint *pk;

    if (k->ref_columns.n || !k->ref_table ||
        !(ref = mg_metadata_table(md, k->ref_table)) ||
        !(pk = mg_table_primary_key(ref)))
        return &k->ref_columns;
    return &pk->columns;
}

/* Two CHECK expressions the same once the dialect has put both in its
 * catalog's form (normalize_default with no column), when their texts
 * alone differ. */
int
mg_compare__checks_equal(const mg_cmp *c, const char *a, const char *b)
{
    mg_buf na = MG_BUF_INIT, nb = MG_BUF_INIT, x = MG_BUF_INIT,
           y = MG_BUF_INIT;
    int eq;

    if (mg_compare__expr_equal(a, b))
        return 1;
    if (!a || !b || !c->d->catalog.normalize_default)
        return 0;
    mg_normalize_expr(&na, a);
    mg_normalize_expr(&nb, b);
    c->d->catalog.normalize_default(&x, NULL, mg_buf_cstr(&na));
    c->d->catalog.normalize_default(&y, NULL, mg_buf_cstr(&nb));
    eq = !x.oom && !y.oom && strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0;
    mg_buf_release(&na);
    mg_buf_release(&nb);
    mg_buf_release(&x);
    mg_buf_release(&y);
    return eq;
}

/* Same definition, names aside: a from have, b from want. */
static int
definition_equal(const mg_cmp *c, const mg_constraint *a,
                 const mg_constraint *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case MG_CONSTRAINT_PRIMARY_KEY:
    case MG_CONSTRAINT_UNIQUE:
        return mg_compare__names_equal(&a->columns, &b->columns);
    case MG_CONSTRAINT_FOREIGN_KEY:
        return mg_compare__names_equal(&a->columns, &b->columns) &&
               a->ref_table && b->ref_table &&
               strcasecmp(a->ref_table, b->ref_table) == 0 &&
               mg_compare__names_equal(ref_columns(c->have, a),
                                       ref_columns(c->want, b)) &&
               action(a->on_delete) == action(b->on_delete) &&
               action(a->on_update) == action(b->on_update);
    case MG_CONSTRAINT_CHECK:
        return mg_compare__checks_equal(c, a->expression, b->expression);
    }
    return 0;
}

/* MariaDB's CHECK (json_valid(c)) for a column the models call JSON. */
static int
implicit_json_check(const cmp_table *t, const mg_constraint *k)
{
    const mg_column *col;
    mg_buf norm = MG_BUF_INIT;
    const char *s;
    size_t n;
    int yes = 0;

    if (k->kind != MG_CONSTRAINT_CHECK || !k->expression)
        return 0;
    mg_normalize_expr(&norm, k->expression);
    s = mg_buf_cstr(&norm);
    n = strlen(s);
    if (strncmp(s, "json_valid(", 11) == 0 && n > 12 && s[n - 1] == ')' &&
        !strchr(s + 11, '(') && !strchr(s + 11, ',')) {
        mg_buf name = MG_BUF_INIT;
        mg_buf_add(&name, s + 11, n - 12);
        col = mg_table_column(t->want, mg_buf_cstr(&name));
        yes = col && col->type.kind == MG_TYPE_JSON;
        mg_buf_release(&name);
    }
    mg_buf_release(&norm);
    return yes;
}

static int
emit_constraint(mg_cmp *c, const cmp_table *t, const mg_constraint *k,
                int add)
{
    int fk = k->kind == MG_CONSTRAINT_FOREIGN_KEY;
    mg_op op;

    memset(&op, 0, sizeof(op));
    op.kind = add ? MG_OP_ADD_CONSTRAINT : MG_OP_DROP_CONSTRAINT;
    op.old_table = t->have;
    op.new_table = t->want;
    op.constraint = k;
    return mg_compare__emit(c, add ? (fk ? CMP_ADD_FK : CMP_ADD)
                                   : (fk ? CMP_DROP_FK : CMP_DROP), &op);
}

static int
compare_primary_keys(mg_cmp *c, const cmp_table *t)
{
    const mg_constraint *a = mg_table_primary_key(t->have);
    const mg_constraint *b = mg_table_primary_key(t->want);
    int rc;

    if (!a && !b)
        return 0;
    /* a name only one side chose (the model's convention name against
     * PostgreSQL's t_pkey from a hand-written migration) is no difference */
    if (a && b && mg_compare__names_equal(&a->columns, &b->columns) &&
        (!(c->d->caps & MG_CAP_NAMED_PRIMARY_KEY) || !a->named ||
         !b->named || strcasecmp(a->name, b->name) == 0))
        return 0;
    if (a && (rc = emit_constraint(c, t, a, 0)) < 0)
        return rc;
    if (b && (rc = emit_constraint(c, t, b, 1)) < 0)
        return rc;
    return 0;
}

/* Mark a UNIQUE constraint matched by a unique index on the other side. */
static int
match_unique_index(const mg_table *tab, unsigned char *done,
                   const mg_constraint *k)
{
    size_t i;

    for (i = 0; i < tab->nindexes; i++)
        if (!done[i] &&
            mg_compare__index_is_unique_on(tab->indexes[i], &k->columns)) {
            done[i] = 1;
            return 1;
        }
    return 0;
}

int
mg_compare__constraints(mg_cmp *c, cmp_table *t)
{
    const mg_table *h = t->have, *w = t->want;
    unsigned char *hm = calloc(h->nconstraints + 1, 1);
    unsigned char *wm = calloc(w->nconstraints + 1, 1);
    size_t i, j;
    int rc = MG_ENOMEM;

    if (!hm || !wm)
        goto done;
    if ((rc = compare_primary_keys(c, t)) < 0)
        goto done;
    for (i = 0; i < h->nconstraints; i++)
        hm[i] = h->constraints[i]->kind == MG_CONSTRAINT_PRIMARY_KEY;
    for (j = 0; j < w->nconstraints; j++)
        wm[j] = w->constraints[j]->kind == MG_CONSTRAINT_PRIMARY_KEY;

    /* by name: equal, or changed (drop the old, add the new) */
    for (j = 0; j < w->nconstraints; j++) {
        const mg_constraint *b = w->constraints[j];
        for (i = 0; !wm[j] && i < h->nconstraints; i++) {
            const mg_constraint *a = h->constraints[i];
            if (hm[i] || a->kind != b->kind ||
                strcasecmp(a->name, b->name) != 0)
                continue;
            hm[i] = wm[j] = 1;
            if (!definition_equal(c, a, b) &&
                ((rc = emit_constraint(c, t, a, 0)) < 0 ||
                 (rc = emit_constraint(c, t, b, 1)) < 0))
                goto done;
        }
    }
    /* by definition, names aside */
    for (j = 0; j < w->nconstraints; j++)
        for (i = 0; !wm[j] && i < h->nconstraints; i++)
            if (!hm[i] && definition_equal(c, h->constraints[i],
                                           w->constraints[j]))
                hm[i] = wm[j] = 1;
    /* a UNIQUE constraint on one side, a unique index on the other */
    for (j = 0; j < w->nconstraints; j++)
        if (!wm[j] && w->constraints[j]->kind == MG_CONSTRAINT_UNIQUE)
            wm[j] = (unsigned char)match_unique_index(h, t->have_ix,
                                                      w->constraints[j]);
    for (i = 0; i < h->nconstraints; i++)
        if (!hm[i] && h->constraints[i]->kind == MG_CONSTRAINT_UNIQUE)
            hm[i] = (unsigned char)match_unique_index(w, t->want_ix,
                                                      h->constraints[i]);
    /* what is left goes or comes */
    for (i = 0; i < h->nconstraints; i++)
        if (!hm[i] && !implicit_json_check(t, h->constraints[i]) &&
            (rc = emit_constraint(c, t, h->constraints[i], 0)) < 0)
            goto done;
    for (j = 0; j < w->nconstraints; j++)
        if (!wm[j] && (rc = emit_constraint(c, t, w->constraints[j], 1)) < 0)
            goto done;
    rc = 0;
done:
    free(hm);
    free(wm);
    return rc;
}
