/* compare_renames.c - renames that keep data. mg_compare applies the
 * model's "-- migrate: renamed from OLD" annotations (renamed_from, read
 * by model_renames.c) before comparing: where the old schema has OLD and
 * lacks the new name, it emits MG_OP_RENAME_TABLE / MG_OP_RENAME_COLUMN
 * first and compares a copy of the old schema with those names changed
 * (foreign keys, key and index columns following), so the rest of the
 * diff sees the table or column as the same one. An annotation whose old
 * name is gone (the rename already ran) does nothing: it may stay in the
 * model. The copy is kept alive by the op list. Also the hints autogenerate
 * prints when a drop and an add look like a rename nobody annotated. */
#include "compare_int.h"
#include "renames_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 when want annotates any table or column. */
static int
wants_renames(const mg_metadata *want)
{
    size_t i, k;

    for (i = 0; i < mg_metadata_table_count(want); i++) {
        const mg_table *t = mg_metadata_table_at(want, i);
        if (t->renamed_from)
            return 1;
        for (k = 0; k < t->ncolumns; k++)
            if (t->columns[k]->renamed_from)
                return 1;
    }
    return 0;
}

static int
ignored(const mg_strlist *ignore, const char *name)
{
    size_t i;

    for (i = 0; ignore && i < ignore->n; i++)
        if (strcasecmp(ignore->v[i], name) == 0)
            return 1;
    return 0;
}

/* Replace each item of l equal to from (case-insensitively) by to. */
static int
rename_in(mg_strlist *l, const char *from, const char *to)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        char *s;
        if (strcasecmp(l->v[i], from) != 0)
            continue;
        if (!(s = strdup(to)))
            return MG_ENOMEM;
        free(l->v[i]);
        l->v[i] = s;
    }
    return 0;
}

/* Foreign keys of every table of md that refer to table from: to. */
static int
refer_to_table(mg_metadata *md, const char *from, const char *to)
{
    size_t i, k;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        for (k = 0; k < t->nconstraints; k++) {
            mg_constraint *c = t->constraints[k];
            if (c->kind == MG_CONSTRAINT_FOREIGN_KEY && c->ref_table &&
                strcasecmp(c->ref_table, from) == 0 &&
                mg_constraint_set_ref(c, to) < 0)
                return MG_ENOMEM;
        }
    }
    return 0;
}

/* Column from of t (in md) is to now: its key, constraint and index
 * columns, and the foreign keys of md that refer to it. */
static int
rename_column(mg_metadata *md, mg_table *t, mg_column *col, const char *to)
{
    char *name = strdup(to), *from = col->name;
    size_t i, k;
    int rc = 0;

    if (!name)
        return MG_ENOMEM;
    for (k = 0; k < t->nconstraints && rc == 0; k++)
        rc = rename_in(&t->constraints[k]->columns, from, to);
    for (k = 0; k < t->nindexes && rc == 0; k++)
        rc = rename_in(&t->indexes[k]->expressions, from, to);
    for (i = 0; i < mg_metadata_table_count(md) && rc == 0; i++) {
        const mg_table *o = mg_metadata_table_at(md, i);
        for (k = 0; k < o->nconstraints && rc == 0; k++) {
            mg_constraint *c = o->constraints[k];
            if (c->kind == MG_CONSTRAINT_FOREIGN_KEY && c->ref_table &&
                strcasecmp(c->ref_table, t->name) == 0)
                rc = rename_in(&c->ref_columns, from, to);
        }
    }
    col->name = name;
    free(from);
    return rc;
}

/* The table renames want asks for that apply to have: each op added to
 * l, each rename made in the copy md. */
static int
table_renames(mg_oplist *l, mg_metadata *md, const mg_metadata *have,
              const mg_metadata *want, const mg_strlist *ignore,
              mg_error *err)
{
    size_t i;
    int rc;

    for (i = 0; i < mg_metadata_table_count(want); i++) {
        const mg_table *w = mg_metadata_table_at(want, i), *old;
        mg_op op;
        if (!w->renamed_from || ignored(ignore, w->renamed_from) ||
            !(old = mg_metadata_table(have, w->renamed_from)) ||
            mg_metadata_table(have, w->name) ||
            mg_metadata_table(want, w->renamed_from))
            continue;
        if ((rc = mg_metadata_rename_table(md, old->name, w->name,
                                           err)) < 0)
            return rc;
        if (refer_to_table(md, old->name, w->name) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_RENAME_TABLE;
        op.old_table = old;
        op.new_table = mg_metadata_table(md, w->name);
        if (mg_oplist_add(l, &op) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

/* The column renames of want's table w that apply to t (the copy's table
 * of that name, old its table in have). */
static int
column_renames(mg_oplist *l, mg_metadata *md, mg_table *t,
               const mg_table *old, const mg_table *w, mg_error *err)
{
    size_t k;

    for (k = 0; k < w->ncolumns; k++) {
        const mg_column *wc = w->columns[k];
        mg_column *c;
        mg_op op;
        if (!wc->renamed_from ||
            !(c = (mg_column *)mg_table_column(t, wc->renamed_from)) ||
            mg_table_column(t, wc->name) ||
            mg_table_column(w, wc->renamed_from))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_RENAME_COLUMN;
        op.old_table = op.new_table = t;
        op.old_column = mg_table_column(old, c->name);
        op.new_column = c;
        if (rename_column(md, t, c, wc->name) < 0 || !op.old_column ||
            mg_oplist_add(l, &op) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

/* Every column rename want asks for, after the table renames. */
static int
all_column_renames(mg_oplist *l, mg_metadata *md, const mg_metadata *have,
                   const mg_metadata *want, mg_error *err)
{
    size_t i, k;
    int rc;

    for (i = 0; i < mg_metadata_table_count(want); i++) {
        const mg_table *w = mg_metadata_table_at(want, i), *old = NULL;
        mg_table *t = (mg_table *)mg_metadata_table(md, w->name);
        if (!t)
            continue;
        /* t's table in have: by its old name when it was renamed */
        for (k = 0; k < mg_oplist_count(l) && !old; k++) {
            const mg_op *op = mg_oplist_at(l, k);
            if (op->kind == MG_OP_RENAME_TABLE && op->new_table == t)
                old = op->old_table;
        }
        if (!old && !(old = mg_metadata_table(have, w->name)))
            continue;
        if ((rc = column_renames(l, md, t, old, w, err)) < 0)
            return rc;
    }
    return 0;
}

/* Append the ops of from to l. */
static int
append(mg_oplist *l, const mg_oplist *from, mg_error *err)
{
    size_t i;

    for (i = 0; i < mg_oplist_count(from); i++)
        if (mg_oplist_add(l, mg_oplist_at(from, i)) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

int
mg_compare(mg_oplist **out, const mg_metadata *have, const mg_metadata *want,
           const mg_dialect *d, const mg_strlist *ignore, mg_error *err)
{
    mg_metadata *md = NULL;
    mg_oplist *l = NULL, *rest = NULL;
    int rc;

    if (!wants_renames(want))
        return mg_compare__plain(out, have, want, d, ignore, err);
    *out = NULL;
    if ((rc = mg_metadata_copy(&md, have, err)) < 0)
        return rc;
    if ((rc = mg_oplist_new(&l, err)) < 0) {
        mg_metadata_free(md);
        return rc;
    }
    if (mg_oplist__keep(l, md) < 0) {
        mg_oplist_free(l);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if ((rc = table_renames(l, md, have, want, ignore, err)) < 0 ||
        (rc = all_column_renames(l, md, have, want, err)) < 0 ||
        (rc = mg_compare__plain(&rest, md, want, d, ignore, err)) < 0 ||
        (rc = append(l, rest, err)) < 0) {
        mg_oplist_free(rest);
        mg_oplist_free(l);
        return rc;
    }
    mg_oplist_free(rest);
    *out = l;
    return 0;
}

/* ---- hints ---------------------------------------------------------- */

/* 1 when a and b have the same type (as mg_type_format writes it). */
static int
same_type(const mg_column *a, const mg_column *b)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
    int same;

    mg_type_format(&x, &a->type);
    mg_type_format(&y, &b->type);
    same = strcasecmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0;
    mg_buf_release(&x);
    mg_buf_release(&y);
    return same;
}

/* 1 when tables a and b have the same columns (names and types). */
static int
same_columns(const mg_table *a, const mg_table *b)
{
    size_t i;

    if (a->ncolumns != b->ncolumns)
        return 0;
    for (i = 0; i < a->ncolumns; i++) {
        const mg_column *c = mg_table_column(b, a->columns[i]->name);
        if (!c || !same_type(a->columns[i], c))
            return 0;
    }
    return 1;
}

/* The changes of ops, rebuilds' parts one by one, into a flat array
 * (malloc'd; *n set). NULL when there are none or out of memory. */
static const mg_op **
flatten(const mg_oplist *ops, size_t *n)
{
    const mg_op **v;
    size_t i, k, total = 0;

    *n = 0;
    for (i = 0; i < mg_oplist_count(ops); i++)
        total += mg_op_nchanges(mg_oplist_at(ops, i));
    if (!total || !(v = malloc(total * sizeof(*v))))
        return NULL;
    for (i = 0; i < mg_oplist_count(ops); i++)
        for (k = 0; k < mg_op_nchanges(mg_oplist_at(ops, i)); k++)
            v[(*n)++] = mg_op_change(mg_oplist_at(ops, i), k);
    return v;
}

/* A hint for each added column of a table from which a column of the
 * same type is dropped, and for each added table with the same columns
 * as a dropped one. */
static int
pair_hints(mg_strlist *out, const mg_op *add, const mg_op *drop)
{
    mg_buf b = MG_BUF_INIT;
    int rc;

    if (add->kind == MG_OP_ADD_COLUMN && drop->kind == MG_OP_DROP_COLUMN) {
        if (strcasecmp(add->new_table->name, drop->old_table->name) != 0 ||
            !same_type(add->new_column, drop->old_column))
            return 0;
        mg_buf_addf(&b, "%s.%s is added and %s.%s dropped, of the same "
                    "type: if it is a rename, write '-- migrate: renamed "
                    "from %s' on the line of column %s in the model to keep "
                    "the data", add->new_table->name, add->new_column->name,
                    drop->old_table->name, drop->old_column->name,
                    drop->old_column->name, add->new_column->name);
    } else if (add->kind == MG_OP_CREATE_TABLE &&
               drop->kind == MG_OP_DROP_TABLE) {
        if (!same_columns(add->new_table, drop->old_table))
            return 0;
        mg_buf_addf(&b, "table %s is added and table %s dropped, with the "
                    "same columns: if it is a rename, write '-- migrate: "
                    "renamed from %s' on the line of table %s in the model "
                    "to keep the data", add->new_table->name,
                    drop->old_table->name, drop->old_table->name,
                    add->new_table->name);
    } else {
        return 0;
    }
    rc = b.oom ? MG_ENOMEM : mg_strlist_add(out, mg_buf_cstr(&b));
    mg_buf_release(&b);
    return rc;
}

int
mg_compare_rename_hints(mg_strlist *out, const mg_oplist *ops,
                        mg_error *err)
{
    const mg_op **v;
    size_t n, i, k;

    if (!(v = flatten(ops, &n)))
        return 0;
    for (i = 0; i < n; i++)
        for (k = 0; k < n; k++)
            if (pair_hints(out, v[i], v[k]) < 0) {
                free(v);
                return mg_error_set(err, MG_ENOMEM, "out of memory");
            }
    free(v);
    return 0;
}
