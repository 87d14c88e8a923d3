/* compare_tables.c - which tables are created, dropped or compared.
 * Tables match by name (case-insensitive); those in the ignore list do
 * not exist on either side. New tables are created in the dependency
 * order of the wanted schema, each followed by its indexes; a foreign key
 * the sort set aside to break a cycle between two new tables is left out
 * of CREATE TABLE (deferred_fks) and added once both exist. Dropped
 * tables go children first (the reverse order of the existing schema),
 * after the foreign keys that tie dropped tables in a cycle. Dialects
 * that cannot ALTER constraints (SQLite) accept forward references in
 * CREATE TABLE and get no deferred keys. A table's options (engine,
 * character set...) are compared by the dialect (catalog.table_changes,
 * when it has one): a change is one ALTER_TABLE after the table's added
 * and altered columns, before the dropped ones, so the columns it
 * converts to a new character set all exist, in either direction. */
#include "compare_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Grow a malloc'd array of constraint pointers by one. */
static int
push_fk(const mg_constraint ***v, size_t *n, const mg_constraint *k)
{
    const mg_constraint **p = realloc((void *)*v, (*n + 1) * sizeof(*p));

    if (!p)
        return MG_ENOMEM;
    p[(*n)++] = k;
    *v = p;
    return 0;
}

/* Whether FK k of new table t must be added after the tables exist:
 * it closes a cycle among new tables, or it refers to columns an
 * existing table only gets in step (3). */
static int
must_defer(const mg_cmp *c, const mg_table *t, const mg_constraint *k)
{
    const mg_table *ref = mg_compare__want_table(c, k->ref_table);
    const mg_table *old;
    size_t i;

    if (!ref || ref == t || !mg_compare__can_alter(c))
        return 0;
    if (!(old = mg_compare__have_table(c, ref->name)))
        return mg_sorted_is_set_aside(c->want_sorted, k);
    for (i = 0; i < k->ref_columns.n; i++)
        if (!mg_table_column(old, k->ref_columns.v[i]))
            return 1;
    return 0;
}

static int
create_table(mg_cmp *c, const mg_table *t)
{
    const mg_constraint **fks = NULL;
    size_t nfks = 0, i;
    mg_op op;
    int rc;

    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if (k->kind == MG_CONSTRAINT_FOREIGN_KEY && must_defer(c, t, k) &&
            push_fk(&fks, &nfks, k) < 0) {
            free((void *)fks);
            return MG_ENOMEM;
        }
    }
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = t;
    op.deferred_fks = fks;
    op.ndeferred_fks = nfks;
    if ((rc = mg_compare__emit(c, CMP_CREATE, &op)) < 0 ||
        (rc = mg_compare__table_indexes(c, t, 1)) < 0)
        return rc;
    for (i = 0; i < nfks; i++) {
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_ADD_CONSTRAINT;
        op.new_table = t;
        op.constraint = fks[i];
        if ((rc = mg_compare__emit(c, CMP_ADD_FK, &op)) < 0)
            return rc;
    }
    return 0;
}

/* The ALTER_TABLE of the options of a table on both sides, if they
 * differ where the dialect compares them. */
static int
table_options(mg_cmp *c, const mg_table *have, const mg_table *want)
{
    unsigned int fwd, back;
    mg_op op;

    if (!c->d->catalog.table_changes ||
        !(fwd = c->d->catalog.table_changes(have, want)))
        return 0;
    back = c->d->catalog.table_changes(want, have);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_ALTER_TABLE;
    op.old_table = have;
    op.new_table = want;
    op.changes = (fwd & ~MG_CHANGE_LOSS_BACK) |
                 (back & MG_CHANGE_LOSS ? MG_CHANGE_LOSS_BACK : 0);
    op.data_loss = (fwd & MG_CHANGE_LOSS) != 0;
    return mg_compare__emit(c, CMP_COLUMNS, &op);
}

static int
compare_table(mg_cmp *c, const mg_table *have, const mg_table *want)
{
    cmp_table t;
    int rc = MG_ENOMEM;

    t.have = have;
    t.want = want;
    t.have_ix = calloc(have->nindexes + 1, 1);
    t.want_ix = calloc(want->nindexes + 1, 1);
    if (t.have_ix && t.want_ix &&
        (rc = mg_compare__match_indexes(c, &t)) >= 0 &&
        (rc = mg_compare__constraints(c, &t)) >= 0 &&
        (rc = mg_compare__index_ops(c, &t)) >= 0 &&
        (rc = mg_compare__columns(c, &t)) >= 0)
        rc = table_options(c, have, want);
    free(t.have_ix);
    free(t.want_ix);
    return rc;
}

/* 1 when have table t is not wanted (and not ignored). */
static int
dropped(const mg_cmp *c, const mg_table *t)
{
    return t && !mg_compare__ignored(c, t->name) &&
           !mg_compare__want_table(c, t->name);
}

static int
drop_table(mg_cmp *c, const mg_table *t)
{
    const mg_constraint **fks = NULL;
    size_t nfks = 0, i;
    mg_op op;
    int rc;

    /* Foreign keys closing a cycle among dropped tables go first, so
     * each DROP TABLE finds nothing referring to it. */
    for (i = 0; mg_compare__can_alter(c) && i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        const mg_table *ref;
        if (k->kind != MG_CONSTRAINT_FOREIGN_KEY ||
            !mg_sorted_is_set_aside(c->have_sorted, k))
            continue;
        ref = mg_compare__have_table(c, k->ref_table);
        if (!ref || ref == t || !dropped(c, ref))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_DROP_CONSTRAINT;
        op.old_table = t;
        op.constraint = k;
        if ((rc = mg_compare__emit(c, CMP_DROP_FK, &op)) < 0 ||
            (rc = push_fk(&fks, &nfks, k)) < 0) {
            free((void *)fks);
            return rc;
        }
    }
    if ((rc = mg_compare__table_indexes(c, t, 0)) < 0) {
        free((void *)fks);
        return rc;
    }
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_DROP_TABLE;
    op.old_table = t;
    op.data_loss = 1;
    /* the inverse (CREATE TABLE) leaves these out and adds them after */
    op.deferred_fks = fks;
    op.ndeferred_fks = nfks;
    return mg_compare__emit(c, CMP_DROP_TABLE, &op);
}

int
mg_compare__tables(mg_cmp *c)
{
    size_t i;
    int rc;

    for (i = 0; i < mg_sorted_count(c->want_sorted); i++) {
        const mg_table *want = mg_sorted_table(c->want_sorted, i);
        const mg_table *have;
        if (mg_compare__ignored(c, want->name))
            continue;
        have = mg_compare__have_table(c, want->name);
        rc = have ? compare_table(c, have, want) : create_table(c, want);
        if (rc < 0)
            return rc;
    }
    for (i = mg_sorted_count(c->have_sorted); i-- > 0;) {
        const mg_table *have = mg_sorted_table(c->have_sorted, i);
        if (dropped(c, have) && (rc = drop_table(c, have)) < 0)
            return rc;
    }
    return 0;
}
