/* rebuild.c - Alembic's "batch" mode for dialects that cannot ALTER a
 * column or a constraint (SQLite, no MG_CAP_ALTER_COLUMN). After the
 * comparison, every table that stays and has an op the dialect cannot
 * run in place gets all its ops (index ops included) replaced by one
 * MG_OP_REBUILD_TABLE {old_table, new_table}; the renderer creates the
 * new table, copies the rows, drops the old one, renames, and recreates
 * the new table's indexes and triggers.
 *
 * In place on SQLite: CREATE/DROP INDEX; ADD COLUMN of a column that is
 * in no primary key or UNIQUE constraint, whose default is a constant
 * (not an expression in parentheses, not CURRENT_*), that is nullable or
 * has a non-NULL default, and whose default is NULL when it has a
 * foreign key, and that is not a STORED generated column; DROP COLUMN of
 * a column no constraint, index, trigger or other table's foreign key
 * mentions, on a table without CHECK constraints or generated columns
 * (SQLite refuses to drop a column a CHECK or a generated column's
 * expression names; any is taken to be one). A column change stays in place only when its
 * inverse (the downgrade) can too. Everything else rebuilds.
 *
 * The rebuild takes the place of the table's first op, but never before
 * step (3): new tables it may refer to exist by then. It loses data when
 * any op it replaces did. */
#include "compare_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 when text (trimmed) is s, ignoring case. */
static int
word_is(const char *text, size_t n, const char *s)
{
    return strlen(s) == n && strncasecmp(text, s, n) == 0;
}

/* 1 when a default is a constant SQLite accepts in ADD COLUMN: a string
 * or blob literal, a signed number, NULL, TRUE or FALSE. */
static int
constant_default(const char *s)
{
    const char *end;
    size_t n;

    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    end = s + n;
    if (n == 0)
        return 0;
    if (word_is(s, n, "null") || word_is(s, n, "true") ||
        word_is(s, n, "false"))
        return 1;
    if ((*s == 'x' || *s == 'X') && s[1] == '\'')
        s++;
    if (*s == '\'') {
        for (s++; s < end; s++)
            if (*s == '\'') {
                if (s + 1 < end && s[1] == '\'')
                    s++;
                else
                    return s + 1 == end;
            }
        return 0;
    }
    if (*s == '+' || *s == '-')
        s++;
    if (s == end || !(isdigit((unsigned char)*s) || *s == '.'))
        return 0;
    for (; s < end; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' &&
            !((*s == '+' || *s == '-') && (s[-1] == 'e' || s[-1] == 'E')))
            return 0;
    return 1;
}

static int
null_default(const char *s)
{
    size_t n;

    if (!s)
        return 1;
    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return word_is(s, n, "null");
}

/* 1 when col is among the columns of a constraint of t of kind. */
static int
in_constraint(const mg_table *t, const char *col, mg_constraint_kind kind)
{
    size_t i, j;

    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if (k->kind != kind)
            continue;
        for (j = 0; j < k->columns.n; j++)
            if (strcasecmp(k->columns.v[j], col) == 0)
                return 1;
    }
    return 0;
}

/* Adding column col (as defined in table t) in place. */
static int
add_column_native(const mg_table *t, const mg_column *col)
{
    const char *def = col->server_default;
    int is_null = null_default(def);

    if (in_constraint(t, col->name, MG_CONSTRAINT_PRIMARY_KEY) ||
        in_constraint(t, col->name, MG_CONSTRAINT_UNIQUE))
        return 0;
    if (!is_null && !constant_default(def))
        return 0;
    if (!col->nullable && is_null)
        return 0;
    if (in_constraint(t, col->name, MG_CONSTRAINT_FOREIGN_KEY) && !is_null)
        return 0;
    return !(col->generated && col->generated_stored);
}

/* 1 when some table of md has a foreign key to column col of table t. */
static int
referenced(const mg_metadata *md, const mg_table *t, const char *col)
{
    size_t i, j, k;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *o = mg_metadata_table_at(md, i);
        for (j = 0; j < o->nconstraints; j++) {
            const mg_constraint *fk = o->constraints[j];
            if (fk->kind != MG_CONSTRAINT_FOREIGN_KEY || !fk->ref_table ||
                strcasecmp(fk->ref_table, t->name) != 0)
                continue;
            if (fk->ref_columns.n == 0 &&
                in_constraint(t, col, MG_CONSTRAINT_PRIMARY_KEY))
                return 1;
            for (k = 0; k < fk->ref_columns.n; k++)
                if (strcasecmp(fk->ref_columns.v[k], col) == 0)
                    return 1;
        }
    }
    return 0;
}

/* Dropping column col from table t of schema md, in place. */
static int
drop_column_native(const mg_metadata *md, const mg_table *t,
                   const char *col)
{
    size_t i, j;

    if (in_constraint(t, col, MG_CONSTRAINT_PRIMARY_KEY) ||
        in_constraint(t, col, MG_CONSTRAINT_UNIQUE) ||
        in_constraint(t, col, MG_CONSTRAINT_FOREIGN_KEY))
        return 0;
    for (i = 0; i < t->nconstraints; i++)
        if (t->constraints[i]->kind == MG_CONSTRAINT_CHECK)
            return 0;
    for (i = 0; i < t->ncolumns; i++)
        if (t->columns[i]->generated)
            return 0;
    for (i = 0; i < t->nindexes; i++) {
        const mg_index *ix = t->indexes[i];
        if (mg_compare__expr_mentions(ix->where, col))
            return 0;
        for (j = 0; j < ix->expressions.n; j++)
            if (strcasecmp(ix->expressions.v[j], col) == 0 ||
                mg_compare__expr_mentions(ix->expressions.v[j], col))
                return 0;
    }
    for (i = 0; i < t->triggers.n; i++)
        if (mg_compare__expr_mentions(t->triggers.v[i], col))
            return 0;
    return !referenced(md, t, col);
}

static int
native(const mg_cmp *c, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_CREATE_INDEX:
    case MG_OP_DROP_INDEX:
        return 1;
    /* The downgrade is the reversed list, rendered without another
     * look: a column change stays in place only when its inverse can
     * too. */
    case MG_OP_ADD_COLUMN:
        return add_column_native(op->new_table, op->new_column) &&
               drop_column_native(c->want, op->new_table,
                                  op->new_column->name);
    case MG_OP_DROP_COLUMN:
        return drop_column_native(c->have, op->old_table,
                                  op->old_column->name) &&
               add_column_native(op->old_table, op->old_column);
    default:
        return 0;
    }
}

/* The existing table an op changes in place, NULL for ops that create
 * or drop a whole table (or add a new table's deferred FKs). */
static const mg_table *
staying_table(const mg_op *op)
{
    if (op->kind == MG_OP_CREATE_TABLE || op->kind == MG_OP_DROP_TABLE ||
        !op->old_table || !op->new_table)
        return NULL;
    return op->old_table;
}

/* The index in tables[0..n) of t, n when it is not there. */
static size_t
table_index(const mg_table *const *tables, size_t n, const mg_table *t)
{
    size_t j;

    for (j = 0; t && j < n && tables[j] != t; j++)
        ;
    return t ? j : n;
}

int
mg_compare__rebuild(mg_cmp *c)
{
    const mg_table **tables = NULL;
    size_t ntables = 0, i, j, kept, *nparts = NULL;
    cmp_entry *adds = NULL;
    mg_op **parts = NULL;
    int rc = 0;

    /* the tables to rebuild, in order of their first op */
    for (i = 0; i < c->n; i++) {
        const mg_table *t = staying_table(&c->v[i].op);
        if (!t || native(c, &c->v[i].op))
            continue;
        if ((j = table_index(tables, ntables, t)) == ntables) {
            const mg_table **v = realloc((void *)tables,
                                         (ntables + 1) * sizeof(*v));
            if (!v) {
                rc = MG_ENOMEM;
                goto done;
            }
            tables = v;
            tables[ntables++] = t;
        }
    }
    if (ntables == 0)
        goto done;
    if (!(adds = calloc(ntables, sizeof(*adds))) ||
        !(parts = calloc(ntables, sizeof(*parts))) ||
        !(nparts = calloc(ntables, sizeof(*nparts)))) {
        rc = MG_ENOMEM;
        goto done;
    }
    /* room for each rebuild's parts first: the fold below cannot fail */
    for (i = 0; i < c->n; i++) {
        j = table_index(tables, ntables, staying_table(&c->v[i].op));
        if (j < ntables)
            nparts[j]++;
    }
    for (j = 0; j < ntables; j++)
        if (!(parts[j] = malloc(nparts[j] * sizeof(**parts)))) {
            rc = MG_ENOMEM;
            goto done;
        }
    /* fold each table's ops into its rebuild entry; keep the rest */
    kept = 0;
    for (i = 0; i < c->n; i++) {
        cmp_entry *e = &c->v[i];
        j = table_index(tables, ntables, staying_table(&e->op));
        if (j == ntables) {
            c->v[kept++] = *e;
            continue;
        }
        if (adds[j].op.kind != MG_OP_REBUILD_TABLE) {
            adds[j].op.kind = MG_OP_REBUILD_TABLE;
            adds[j].op.old_table = e->op.old_table;
            adds[j].op.new_table = e->op.new_table;
            adds[j].op.parts = parts[j];
            parts[j] = NULL;      /* owned by the op from here */
            adds[j].step = e->step < CMP_COLUMNS ? CMP_COLUMNS : e->step;
            adds[j].seq = e->seq;
        }
        if (e->op.data_loss)
            adds[j].op.data_loss = 1;
        free((void *)e->op.deferred_fks);
        e->op.deferred_fks = NULL;
        e->op.ndeferred_fks = 0;
        ((mg_op *)adds[j].op.parts)[adds[j].op.nparts++] = e->op;
    }
    /* kept + ntables <= c->n: the folded entries made the room */
    for (j = 0; j < ntables; j++)
        c->v[kept++] = adds[j];
    c->n = kept;
    mg_compare__sort(c);
done:
    for (j = 0; parts && j < ntables; j++)
        free(parts[j]);
    free(parts);
    free(nparts);
    free((void *)tables);
    free(adds);
    return rc;
}
