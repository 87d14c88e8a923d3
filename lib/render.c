/* render.c - operations to SQL text (Alembic's autogenerate/render.py, for
 * SQL instead of Python). Each dialect writes the statements of one op;
 * this file strings them into a script: the ";\n" terminators, the
 * "-- WARNING: data loss" line before a destructive step, the "-- WARNING:
 * needs a value for existing rows" line before one that adds a NOT NULL
 * column without a default (the same on every dialect), and create_all
 * (and the model text inspect prints: the same with every foreign key
 * inline), schema objects included in their order of creation.
 *
 * Foreign keys that close a cycle are left out of CREATE TABLE and added
 * afterwards with ALTER (op.deferred_fks plus a later ADD_CONSTRAINT). A
 * dialect that cannot ALTER constraints (no MG_CAP_DROP_CONSTRAINT: SQLite)
 * does not check a foreign key's target when it creates a table, so there
 * the foreign keys stay inside CREATE TABLE: the op goes to the dialect
 * with no deferred_fks and the matching ADD_CONSTRAINT is skipped; and the
 * DROP_CONSTRAINT of a foreign key whose table a later op drops (the
 * reverse of that pair) is skipped too, the table taking it along.
 *
 * Online forms (MG_RENDER_ONLINE) are asked for here, per op, for the
 * steps on tables that already hold rows; each dialect decides what its
 * online form is, and the capability bits say which of those cannot run
 * in the revision's transaction (mg_render_transactional). */
#include "mg_render.h"
#include "mg_dialect.h"
#include "mg_sort.h"

#include <stdlib.h>
#include <string.h>

int
mg_render_op(mg_strlist *out, const mg_op *op, const mg_dialect *d,
             mg_error *err)
{
    if (!d->ddl.render_op)
        return mg_error_set(err, MG_EUSAGE, "the %s dialect cannot render "
                            "DDL", d->name);
    return d->ddl.render_op(out, op, err);
}

static int
same_table(const mg_table *a, const mg_table *b)
{
    return a && b && (a == b || strcmp(a->name, b->name) == 0);
}

/* 1 when fk of table t is one a CREATE_TABLE op of l left out. */
static int
is_deferred(const mg_oplist *l, const mg_table *t, const mg_constraint *fk)
{
    size_t i, j;

    for (i = 0; i < mg_oplist_count(l); i++) {
        const mg_op *op = mg_oplist_at(l, i);

        if (op->kind != MG_OP_CREATE_TABLE || !same_table(op->new_table, t))
            continue;
        for (j = 0; j < op->ndeferred_fks; j++)
            if (op->deferred_fks[j] == fk ||
                strcmp(op->deferred_fks[j]->name, fk->name) == 0)
                return 1;
    }
    return 0;
}

/* 1 when an op of l after the i-th drops table t. */
static int
dropped_later(const mg_oplist *l, size_t i, const mg_table *t)
{
    for (i++; i < mg_oplist_count(l); i++) {
        const mg_op *op = mg_oplist_at(l, i);

        if (op->kind == MG_OP_DROP_TABLE && same_table(op->old_table, t))
            return 1;
    }
    return 0;
}

/* 1 when the i-th op of l is a foreign-key ALTER that d keeps inside
 * CREATE TABLE / leaves to DROP TABLE (see the file comment). */
static int
skipped(const mg_oplist *l, size_t i, const mg_dialect *d)
{
    const mg_op *op = mg_oplist_at(l, i);

    if ((d->caps & MG_CAP_DROP_CONSTRAINT) || !op->constraint ||
        op->constraint->kind != MG_CONSTRAINT_FOREIGN_KEY)
        return 0;
    if (op->kind == MG_OP_ADD_CONSTRAINT)
        return is_deferred(l, op->new_table, op->constraint);
    if (op->kind == MG_OP_DROP_CONSTRAINT)
        return dropped_later(l, i, op->old_table);
    return 0;
}

/* 1 when the i-th op of l is one that has an online form to ask for: a
 * change to a table that no op of l creates before it and none drops
 * after it (a new table has no rows or writers; a dropped one is locked
 * by its DROP anyway). */
static int
online_op(const mg_oplist *l, size_t i)
{
    const mg_op *op = mg_oplist_at(l, i);
    const mg_table *t = op->new_table ? op->new_table : op->old_table;
    size_t k;

    switch (op->kind) {
    case MG_OP_ADD_COLUMN:
    case MG_OP_DROP_COLUMN:
    case MG_OP_ALTER_COLUMN:
    case MG_OP_ADD_CONSTRAINT:
    case MG_OP_DROP_CONSTRAINT:
    case MG_OP_CREATE_INDEX:
    case MG_OP_DROP_INDEX:
        break;
    default:
        return 0;
    }
    for (k = 0; t && k < i; k++) {
        const mg_op *o = mg_oplist_at(l, k);
        if (o->kind == MG_OP_CREATE_TABLE && same_table(o->new_table, t))
            return 0;
    }
    return t && !dropped_later(l, i, t);
}

/* 1 when op's online form on d must run outside a transaction (see
 * mg_render_transactional). */
static int
online_outside_transaction(const mg_op *op, const mg_dialect *d)
{
    switch (op->kind) {
    case MG_OP_CREATE_INDEX:
    case MG_OP_DROP_INDEX:
        return (d->caps & MG_CAP_ONLINE_INDEX) != 0;
    case MG_OP_ADD_CONSTRAINT:
        return (d->caps & MG_CAP_NOT_VALID) &&
               (op->constraint->kind == MG_CONSTRAINT_FOREIGN_KEY ||
                op->constraint->kind == MG_CONSTRAINT_CHECK);
    case MG_OP_ALTER_COLUMN:
        return (d->caps & MG_CAP_NOT_VALID) &&
               (op->changes & MG_CHANGE_NULLABLE) && op->new_column &&
               !op->new_column->nullable;
    default:
        return 0;
    }
}

int
mg_render_transactional(const mg_oplist *l, const mg_dialect *d,
                        unsigned int flags)
{
    size_t i;

    for (i = 0; (flags & MG_RENDER_ONLINE) && i < mg_oplist_count(l); i++)
        if (!skipped(l, i, d) && online_op(l, i) &&
            online_outside_transaction(mg_oplist_at(l, i), d))
            return 0;
    return 1;
}

/* What a destructive op loses: its description, and for a table rebuild
 * the parts that lose data ("rebuild table t: drop column t.x"). */
static void
describe_loss(mg_buf *b, const mg_op *op)
{
    size_t i, n = 0;

    mg_op_describe(b, op);
    for (i = 0; i < op->nparts; i++)
        if (op->parts[i].data_loss) {
            mg_buf_puts(b, n++ ? ", " : ": ");
            mg_op_describe(b, &op->parts[i]);
        }
}

/* Render l for d: each statement into stmts (when not NULL) and, when
 * script is not NULL, the script text: statements each ending ";\n", a
 * data-loss comment line before each destructive op. The comment's text
 * is mg_op_describe's, which writes user text printable, so a name can
 * never end the comment and become SQL. */
static int
render(mg_buf *script, mg_strlist *stmts, const mg_oplist *l,
       const mg_dialect *d, unsigned int flags, mg_error *err)
{
    mg_strlist one = MG_STRLIST_INIT;
    mg_buf desc = MG_BUF_INIT;
    size_t i, j;
    int rc = 0;

    for (i = 0; i < mg_oplist_count(l); i++) {
        mg_op op = *mg_oplist_at(l, i);

        if (skipped(l, i, d))
            continue;
        if (flags & MG_RENDER_ONLINE)
            op.online = online_op(l, i);
        if (op.kind == MG_OP_CREATE_TABLE &&
            !(d->caps & MG_CAP_DROP_CONSTRAINT)) {
            op.deferred_fks = NULL;
            op.ndeferred_fks = 0;
        }
        if ((rc = mg_render_op(&one, &op, d, err)) < 0)
            goto done;
        if (script && mg_op_needs_value(&op)) {
            mg_buf_clear(&desc);
            mg_op_describe_needs_value(&desc, &op);
            mg_buf_addf(script, "-- WARNING: needs a value for existing "
                        "rows: %s\n", mg_buf_cstr(&desc));
        }
        if (script && op.data_loss) {
            mg_buf_clear(&desc);
            describe_loss(&desc, &op);
            mg_buf_addf(script, "-- WARNING: data loss: %s\n",
                        mg_buf_cstr(&desc));
        }
        for (j = 0; j < one.n; j++) {
            if (script)
                mg_buf_addf(script, "%s;\n", one.v[j]);
            if (stmts && mg_strlist_add(stmts, one.v[j]) < 0)
                rc = MG_ENOMEM;
        }
        mg_strlist_release(&one);
    }
    if ((script && script->oom) || desc.oom || rc == MG_ENOMEM)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_strlist_release(&one);
    mg_buf_release(&desc);
    return rc;
}

int
mg_render(mg_buf *out, const mg_oplist *l, const mg_dialect *d,
          mg_error *err)
{
    return render(out, NULL, l, d, 0, err);
}

int
mg_render_with(mg_buf *out, const mg_oplist *l, const mg_dialect *d,
               unsigned int flags, mg_error *err)
{
    return render(out, NULL, l, d, flags, err);
}

int
mg_render_statements(mg_strlist *out, const mg_oplist *l,
                     const mg_dialect *d, mg_error *err)
{
    return render(NULL, out, l, d, 0, err);
}

/* The CREATE_TABLE op of t of schema md, with the foreign keys s set
 * aside (none when s is NULL). */
static int
add_create(mg_oplist *l, const mg_metadata *md, const mg_sorted *s,
           const mg_table *t, mg_error *err)
{
    const mg_constraint **fks = NULL;
    mg_op op;
    size_t i, n = 0;
    int rc;

    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = t;
    op.new_schema = md;
    if (t->nconstraints &&
        !(fks = calloc(t->nconstraints, sizeof(*fks))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; i < t->nconstraints; i++)
        if (s && t->constraints[i]->kind == MG_CONSTRAINT_FOREIGN_KEY &&
            mg_sorted_is_set_aside(s, t->constraints[i]))
            fks[n++] = t->constraints[i];
    op.deferred_fks = n ? fks : NULL;
    op.ndeferred_fks = n;
    rc = mg_oplist_add(l, &op);
    free(fks);
    if (rc < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

/* The CREATE_OBJECT ops of md's objects order[from, to), each the part
 * (mg_op.h MG_OBJECT_*) given. */
static int
add_objects(mg_oplist *l, const mg_metadata *md, const size_t *order,
            size_t from, size_t to, int part, mg_error *err)
{
    mg_op op;
    size_t i;

    for (i = from; i < to; i++) {
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_CREATE_OBJECT;
        op.new_object = mg_metadata_object_at(md, order[i]);
        op.new_schema = md;
        op.object_part = part;
        if (mg_oplist_add(l, &op) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

/* mg_render_create_all, or with every foreign key inline (defer 0). The
 * schema objects go around the tables: the kinds made before tables
 * first, the others last (mg_sort_objects). A script to run (defer 1)
 * makes the objects before the tables without their ties to a table
 * (PostgreSQL's sequence OWNED BY t.c, whose table is not there yet) and
 * ties them after the tables, as compare does; model text (defer 0)
 * keeps each definition whole. */
static int
create_all(mg_buf *out, const mg_metadata *md, const mg_dialect *d,
           int defer, mg_error *err)
{
    mg_sorted *s = NULL;
    mg_oplist *l = NULL;
    size_t *order = NULL, norder = 0, npre = 0;
    mg_op op;
    size_t i, j;
    int rc;

    if ((rc = mg_sort_tables(&s, md, err)) < 0 ||
        (rc = mg_sort_objects(&order, &norder, md, err)) < 0 ||
        (rc = mg_oplist_new(&l, err)) < 0)
        goto done;
    while (npre < norder &&
           MG_OBJ_BEFORE_TABLES(mg_metadata_object_at(md, order[npre])->kind))
        npre++;
    if ((rc = add_objects(l, md, order, 0, npre,
                          defer ? MG_OBJECT_UNTIED : MG_OBJECT_WHOLE,
                          err)) < 0)
        goto done;
    for (i = 0; i < mg_sorted_count(s); i++) {
        const mg_table *t = mg_sorted_table(s, i);

        if ((rc = add_create(l, md, defer ? s : NULL, t, err)) < 0)
            goto done;
        for (j = 0; j < t->nindexes; j++) {
            memset(&op, 0, sizeof(op));
            op.kind = MG_OP_CREATE_INDEX;
            op.new_table = t;
            op.index = t->indexes[j];
            if ((rc = mg_oplist_add(l, &op)) < 0) {
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
                goto done;
            }
        }
    }
    for (i = 0; defer && i < mg_sorted_set_aside_count(s); i++) {
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_ADD_CONSTRAINT;
        op.new_table = mg_sorted_set_aside_table(s, i);
        op.constraint = mg_sorted_set_aside_fk(s, i);
        if ((rc = mg_oplist_add(l, &op)) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
    }
    if ((defer && (rc = add_objects(l, md, order, 0, npre, MG_OBJECT_TIE,
                                    err)) < 0) ||
        (rc = add_objects(l, md, order, npre, norder, MG_OBJECT_WHOLE,
                          err)) < 0)
        goto done;
    rc = mg_render(out, l, d, err);
done:
    free(order);
    mg_oplist_free(l);
    mg_sorted_free(s);
    return rc;
}

int
mg_render_create_all(mg_buf *out, const mg_metadata *md,
                     const mg_dialect *d, mg_error *err)
{
    return create_all(out, md, d, 1, err);
}

int
mg_render_model(mg_buf *out, const mg_metadata *md, const mg_dialect *d,
                mg_error *err)
{
    return create_all(out, md, d, 0, err);
}
