/* op.c - the change model: a list of operations, its exact inverse, and
 * one-line descriptions for check and diff output. */
#include "mg_op.h"
#include "renames_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A schema the ops of one or more lists point into (renames compare a
 * renamed copy of the old schema), freed with the last list. */
typedef struct oplist_keep {
    mg_metadata *md;
    size_t       refs;
} oplist_keep;

struct mg_oplist {
    mg_op       *ops;
    size_t       n;
    size_t       cap;
    oplist_keep *keep;   /* NULL: the ops point into the caller's */
};

int
mg_oplist__keep(mg_oplist *l, mg_metadata *md)
{
    if (!(l->keep = calloc(1, sizeof(*l->keep)))) {
        mg_metadata_free(md);
        return MG_ENOMEM;
    }
    l->keep->md = md;
    l->keep->refs = 1;
    return 0;
}

/* Drop l's share of the schema it keeps. */
static void
release_keep(oplist_keep *k)
{
    if (k && --k->refs == 0) {
        mg_metadata_free(k->md);
        free(k);
    }
}

int
mg_oplist_new(mg_oplist **out, mg_error *err)
{
    if (!(*out = calloc(1, sizeof(**out))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

void
mg_oplist_free(mg_oplist *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->n; i++) {
        free((void *)l->ops[i].deferred_fks);
        free((void *)l->ops[i].parts);
    }
    free(l->ops);
    release_keep(l->keep);
    free(l);
}

size_t
mg_oplist_count(const mg_oplist *l)
{
    return l ? l->n : 0;
}

const mg_op *
mg_oplist_at(const mg_oplist *l, size_t i)
{
    return i < l->n ? &l->ops[i] : NULL;
}

/* A copy of n parts; a part owns nothing of its own. NULL when out of
 * memory. */
static mg_op *
copy_parts(const mg_op *parts, size_t n)
{
    mg_op *v = malloc(n * sizeof(*v));
    size_t i;

    if (!v)
        return NULL;
    memcpy(v, parts, n * sizeof(*v));
    for (i = 0; i < n; i++) {
        v[i].deferred_fks = NULL;
        v[i].ndeferred_fks = 0;
        v[i].parts = NULL;
        v[i].nparts = 0;
    }
    return v;
}

int
mg_oplist_add(mg_oplist *l, const mg_op *op)
{
    mg_op *o;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        mg_op *v = realloc(l->ops, cap * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        l->ops = v;
        l->cap = cap;
    }
    o = &l->ops[l->n];
    *o = *op;
    o->deferred_fks = NULL;
    o->parts = NULL;
    if (op->ndeferred_fks) {
        const mg_constraint **v = malloc(op->ndeferred_fks * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        memcpy(v, op->deferred_fks, op->ndeferred_fks * sizeof(*v));
        o->deferred_fks = v;
    }
    if (op->nparts && !(o->parts = copy_parts(op->parts, op->nparts))) {
        free((void *)o->deferred_fks);
        return MG_ENOMEM;
    }
    l->n++;
    return 0;
}

const char *
mg_op_kind_name(mg_op_kind kind)
{
    switch (kind) {
    case MG_OP_CREATE_TABLE:    return "add_table";
    case MG_OP_DROP_TABLE:      return "drop_table";
    case MG_OP_ADD_COLUMN:      return "add_column";
    case MG_OP_DROP_COLUMN:     return "drop_column";
    case MG_OP_ALTER_COLUMN:    return "alter_column";
    case MG_OP_ADD_CONSTRAINT:  return "add_constraint";
    case MG_OP_DROP_CONSTRAINT: return "drop_constraint";
    case MG_OP_CREATE_INDEX:    return "add_index";
    case MG_OP_DROP_INDEX:      return "drop_index";
    case MG_OP_REBUILD_TABLE:   return "rebuild_table";
    case MG_OP_CREATE_OBJECT:   return "add_object";
    case MG_OP_DROP_OBJECT:     return "drop_object";
    case MG_OP_REPLACE_OBJECT:  return "change_object";
    case MG_OP_RENAME_TABLE:    return "rename_table";
    case MG_OP_RENAME_COLUMN:   return "rename_column";
    case MG_OP_ALTER_TABLE:     return "alter_table";
    }
    return "change";
}

size_t
mg_op_nchanges(const mg_op *op)
{
    return op->nparts ? op->nparts : 1;
}

const mg_op *
mg_op_change(const mg_op *op, size_t i)
{
    return op->nparts ? (i < op->nparts ? &op->parts[i] : NULL)
                      : (i == 0 ? op : NULL);
}

/* Type families for the narrowing rule: a change across families loses
 * data. */
static int
family(mg_type_kind k)
{
    switch (k) {
    case MG_TYPE_SMALLINT: case MG_TYPE_INTEGER: case MG_TYPE_BIGINT:
        return 1;
    case MG_TYPE_VARCHAR: case MG_TYPE_CHAR: case MG_TYPE_TEXT:
        return 2;
    case MG_TYPE_BOOLEAN:
        return 3;
    case MG_TYPE_DATE: case MG_TYPE_TIME: case MG_TYPE_TIMESTAMP:
    case MG_TYPE_DATETIME:
        return 4;
    case MG_TYPE_NUMERIC: case MG_TYPE_REAL: case MG_TYPE_DOUBLE:
        return 5;
    case MG_TYPE_JSON:
        return 6;
    case MG_TYPE_BLOB: case MG_TYPE_BYTES:
        return 7;
    case MG_TYPE_UUID:
        return 8;
    default:
        return 9;
    }
}

static int
int_rank(mg_type_kind k)
{
    return k == MG_TYPE_SMALLINT ? 1 : k == MG_TYPE_INTEGER ? 2 : 3;
}

int
mg_type_narrows(const mg_type *from, const mg_type *to)
{
    if (family(from->kind) != family(to->kind))
        return 1;
    switch (family(from->kind)) {
    case 1:
        return int_rank(to->kind) < int_rank(from->kind);
    case 2:
        if (to->kind == MG_TYPE_TEXT)
            return 0;
        if (from->kind == MG_TYPE_TEXT)
            return 1;
        return to->length && (!from->length || to->length < from->length);
    case 4:
        /* fewer digits after the second (both said: the default differs
         * by dialect) */
        if (from->kind == to->kind && from->scale >= 0 && to->scale >= 0 &&
            to->scale < from->scale)
            return 1;
        /* timestamp -> date or time drops a part */
        return (from->kind == MG_TYPE_TIMESTAMP ||
                from->kind == MG_TYPE_DATETIME) &&
               (to->kind == MG_TYPE_DATE || to->kind == MG_TYPE_TIME);
    case 5:
        if (from->kind == MG_TYPE_DOUBLE && to->kind != MG_TYPE_DOUBLE)
            return 1;
        if (from->kind == MG_TYPE_NUMERIC && to->kind == MG_TYPE_NUMERIC)
            return (to->precision && (!from->precision ||
                                      to->precision < from->precision)) ||
                   (to->scale >= 0 && (from->scale < 0 ||
                                       to->scale < from->scale));
        return from->kind == MG_TYPE_NUMERIC && to->kind != MG_TYPE_NUMERIC;
    case 9:
        return from->name && to->name && strcasecmp(from->name, to->name);
    default:
        return 0;
    }
}

/* Whether a rebuild from old to new loses data: a column goes, or one
 * narrows. */
static int
rebuild_loses(const mg_table *from, const mg_table *to)
{
    size_t i;

    for (i = 0; i < from->ncolumns; i++) {
        const mg_column *c = from->columns[i], *n = mg_table_column(to,
                                                                   c->name);
        if (!n || mg_type_narrows(&c->type, &n->type))
            return 1;
    }
    return 0;
}

static void
reverse_op(mg_op *r, const mg_op *op)
{
    memset(r, 0, sizeof(*r));
    r->old_table = op->new_table;
    r->new_table = op->old_table;
    r->old_column = op->new_column;
    r->new_column = op->old_column;
    r->old_object = op->new_object;
    r->new_object = op->old_object;
    r->object_part = op->object_part;
    r->tables_at = op->tables_at;
    r->old_schema = op->new_schema;
    r->new_schema = op->old_schema;
    r->constraint = op->constraint;
    r->index = op->index;
    r->changes = op->changes;
    /* A table created without its cycle FKs is dropped after they are;
     * the reverse keeps that shape. */
    r->deferred_fks = op->deferred_fks;
    r->ndeferred_fks = op->ndeferred_fks;
    switch (op->kind) {
    case MG_OP_CREATE_TABLE:    r->kind = MG_OP_DROP_TABLE; break;
    case MG_OP_DROP_TABLE:      r->kind = MG_OP_CREATE_TABLE; break;
    case MG_OP_ADD_COLUMN:      r->kind = MG_OP_DROP_COLUMN; break;
    case MG_OP_DROP_COLUMN:     r->kind = MG_OP_ADD_COLUMN; break;
    case MG_OP_ALTER_COLUMN:    r->kind = MG_OP_ALTER_COLUMN; break;
    case MG_OP_ADD_CONSTRAINT:  r->kind = MG_OP_DROP_CONSTRAINT; break;
    case MG_OP_DROP_CONSTRAINT: r->kind = MG_OP_ADD_CONSTRAINT; break;
    case MG_OP_CREATE_INDEX:    r->kind = MG_OP_DROP_INDEX; break;
    case MG_OP_DROP_INDEX:      r->kind = MG_OP_CREATE_INDEX; break;
    case MG_OP_REBUILD_TABLE:   r->kind = MG_OP_REBUILD_TABLE; break;
    case MG_OP_CREATE_OBJECT:   r->kind = MG_OP_DROP_OBJECT; break;
    case MG_OP_DROP_OBJECT:     r->kind = MG_OP_CREATE_OBJECT; break;
    case MG_OP_REPLACE_OBJECT:  r->kind = MG_OP_REPLACE_OBJECT; break;
    case MG_OP_RENAME_TABLE:    r->kind = MG_OP_RENAME_TABLE; break;
    case MG_OP_RENAME_COLUMN:   r->kind = MG_OP_RENAME_COLUMN; break;
    case MG_OP_ALTER_TABLE:     r->kind = MG_OP_ALTER_TABLE; break;
    }
    switch (r->kind) {
    case MG_OP_DROP_TABLE:
    case MG_OP_DROP_COLUMN:
        r->data_loss = 1;
        break;
    case MG_OP_ALTER_COLUMN:
        r->data_loss = (r->changes & MG_CHANGE_TYPE) &&
                       mg_type_narrows(&r->old_column->type,
                                       &r->new_column->type);
        break;
    case MG_OP_REBUILD_TABLE:
        r->data_loss = rebuild_loses(r->old_table, r->new_table);
        break;
    case MG_OP_ALTER_TABLE:
        /* the loss each way was found at compare: swapped */
        r->changes &= ~(MG_CHANGE_LOSS | MG_CHANGE_LOSS_BACK);
        if (op->changes & MG_CHANGE_LOSS)
            r->changes |= MG_CHANGE_LOSS_BACK;
        if (op->changes & MG_CHANGE_LOSS_BACK)
            r->changes |= MG_CHANGE_LOSS;
        r->data_loss = (r->changes & MG_CHANGE_LOSS) != 0;
        break;
    default:
        break;
    }
}

int
mg_oplist_reverse(mg_oplist **out, const mg_oplist *l, mg_error *err)
{
    size_t i;
    int rc;

    if ((rc = mg_oplist_new(out, err)) < 0)
        return rc;
    if (((*out)->keep = l->keep) != NULL)
        l->keep->refs++;
    for (i = l->n; i-- > 0;) {
        mg_op r, *parts = NULL;
        const mg_op *op = &l->ops[i];
        size_t k;
        reverse_op(&r, op);
        /* a rebuild's parts, reversed: each part's inverse, last first */
        if (op->nparts && (parts = malloc(op->nparts * sizeof(*parts)))) {
            for (k = 0; k < op->nparts; k++)
                reverse_op(&parts[op->nparts - 1 - k], &op->parts[k]);
            r.parts = parts;
            r.nparts = op->nparts;
        }
        /* A table created with deferred FKs was followed by their
         * ADD_CONSTRAINTs; reversed, those drops come first, and the
         * table drop needs nothing special. */
        rc = (op->nparts && !parts) ? MG_ENOMEM : mg_oplist_add(*out, &r);
        free(parts);
        if (rc < 0) {
            mg_oplist_free(*out);
            *out = NULL;
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        }
    }
    return 0;
}

static const char *
constraint_word(const mg_constraint *k)
{
    switch (k->kind) {
    case MG_CONSTRAINT_PRIMARY_KEY: return "primary key";
    case MG_CONSTRAINT_UNIQUE:      return "unique constraint";
    case MG_CONSTRAINT_FOREIGN_KEY: return "foreign key";
    default:                        return "check constraint";
    }
}

/* How an auto-generated column is generated, as a finding says it. */
static const char *
auto_words(const mg_column *c)
{
    if (!c->autoincrement)
        return "not auto-generated";
    return c->identity_always ? "auto-generated (always)" : "auto-generated";
}

/* Append printf-style text to b where each %s is user text (a name, a
 * default expression, a type) written printable, so a description is one
 * line whatever the names hold (a newline in a table name must never end
 * the "-- WARNING" comment it is written into). */
static void
describe(mg_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (fmt[0] == '%' && fmt[1] == 's') {
            mg_buf_add_printable(b, va_arg(ap, const char *));
            fmt++;
        } else {
            mg_buf_putc(b, *fmt);
        }
    }
    va_end(ap);
}

/* " generated (a) STORED -> none": how a generated column changes. */
static void
describe_generated(mg_buf *b, const mg_column *from, const mg_column *to)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;

    if (from->generated)
        mg_buf_addf(&x, "(%s) %s", from->generated,
                    from->generated_stored ? "STORED" : "VIRTUAL");
    if (to->generated)
        mg_buf_addf(&y, "(%s) %s", to->generated,
                    to->generated_stored ? "STORED" : "VIRTUAL");
    describe(b, " generated %s -> %s", x.len ? mg_buf_cstr(&x) : "none",
             y.len ? mg_buf_cstr(&y) : "none");
    mg_buf_release(&x);
    mg_buf_release(&y);
}

/* 1 for a column to that from lacks which needs a value for the rows
 * from has: NOT NULL, no default, not an auto-generated key, not a
 * generated column. */
static int
needs_value(const mg_table *from, const mg_column *c)
{
    return !c->nullable && !c->server_default && !c->autoincrement &&
           !c->generated &&
           (!from || !mg_table_column(from, c->name));
}

int
mg_op_needs_value(const mg_op *op)
{
    size_t i;

    if (op->kind == MG_OP_ADD_COLUMN)
        return op->new_column && needs_value(op->old_table, op->new_column);
    if (op->kind != MG_OP_REBUILD_TABLE || !op->new_table)
        return 0;
    for (i = 0; i < op->new_table->ncolumns; i++)
        if (needs_value(op->old_table, op->new_table->columns[i]))
            return 1;
    return 0;
}

void
mg_op_describe_needs_value(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->new_table;
    size_t i, n = 0;

    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i];
        if ((op->kind == MG_OP_ADD_COLUMN && c != op->new_column) ||
            !needs_value(op->old_table, c))
            continue;
        describe(b, n++ ? ", %s.%s" : "new NOT NULL column %s.%s", t->name,
                 c->name);
    }
    mg_buf_puts(b, n > 1 ? " have no default" : " has no default");
    mg_buf_puts(b, "; give it one, or add it NULL, fill it, then make it "
                "NOT NULL");
}

/* "alter table t: engine, character set (ENGINE=a ... -> ENGINE=b
 * ...)": which options an ALTER_TABLE changes, and the options text of
 * both sides ("none" for none). */
static void
describe_table_options(mg_buf *b, const mg_op *op)
{
    static const struct { unsigned int bit; const char *word; } w[] = {
        { MG_CHANGE_ENGINE, "engine" },
        { MG_CHANGE_CHARSET, "character set" },
        { MG_CHANGE_COLLATION, "collation" },
        { MG_CHANGE_TABLE_COMMENT, "comment" },
    };
    const char *from = op->old_table->options, *to = op->new_table->options;
    size_t i, n = 0;

    describe(b, "alter table %s:", op->new_table->name);
    for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
        if (op->changes & w[i].bit)
            mg_buf_addf(b, "%s %s", n++ ? "," : "", w[i].word);
    describe(b, " (%s -> %s)", from && *from ? from : "none",
             to && *to ? to : "none");
}

/* A column's type as a finding names it: generic, with its character set
 * (or national) where it has one. */
static void
column_type(mg_buf *b, const mg_column *c)
{
    mg_type_format(b, &c->type);
    if (c->charset)
        mg_buf_addf(b, " CHARACTER SET %s", c->charset);
    else if (c->national)
        mg_buf_puts(b, " (national)");
}

void
mg_op_describe(mg_buf *b, const mg_op *op)
{
    const mg_table *t = op->new_table ? op->new_table : op->old_table;
    mg_buf from = MG_BUF_INIT, to = MG_BUF_INIT;

    switch (op->kind) {
    case MG_OP_CREATE_TABLE:
        describe(b, "add table %s", op->new_table->name);
        break;
    case MG_OP_DROP_TABLE:
        describe(b, "drop table %s", op->old_table->name);
        break;
    case MG_OP_ADD_COLUMN:
        describe(b, "add column %s.%s", t->name, op->new_column->name);
        break;
    case MG_OP_DROP_COLUMN:
        describe(b, "drop column %s.%s", t->name, op->old_column->name);
        break;
    case MG_OP_ALTER_COLUMN:
        describe(b, "alter column %s.%s:", t->name, op->new_column->name);
        if (op->changes & MG_CHANGE_TYPE) {
            column_type(&from, op->old_column);
            column_type(&to, op->new_column);
            describe(b, " type %s -> %s", mg_buf_cstr(&from),
                     mg_buf_cstr(&to));
        }
        if (op->changes & MG_CHANGE_NULLABLE)
            mg_buf_addf(b, " %s", op->new_column->nullable ? "nullable"
                                                           : "not null");
        if (op->changes & MG_CHANGE_NEVER_REUSE)
            mg_buf_addf(b, " %s", op->new_column->never_reuse
                                      ? "autoincrement (ids never reused)"
                                      : "no autoincrement");
        if (op->changes & MG_CHANGE_AUTOINCREMENT)
            mg_buf_addf(b, " %s", auto_words(op->new_column));
        if (op->changes & MG_CHANGE_ATTRIBUTES)
            mg_buf_puts(b, " attributes (character set, collation, "
                        "on update, comment)");
        if (op->changes & MG_CHANGE_GENERATED)
            describe_generated(b, op->old_column, op->new_column);
        if (op->changes & MG_CHANGE_DEFAULT)
            describe(b, " default %s -> %s",
                     op->old_column->server_default
                         ? op->old_column->server_default : "none",
                     op->new_column->server_default
                         ? op->new_column->server_default : "none");
        break;
    case MG_OP_ADD_CONSTRAINT:
        describe(b, "add %s %s on %s", constraint_word(op->constraint),
                 op->constraint->name, t->name);
        break;
    case MG_OP_DROP_CONSTRAINT:
        describe(b, "drop %s %s on %s", constraint_word(op->constraint),
                 op->constraint->name, t->name);
        break;
    case MG_OP_CREATE_INDEX:
        describe(b, "add %sindex %s on %s", op->index->unique ? "unique "
                 : "", op->index->name, t->name);
        break;
    case MG_OP_DROP_INDEX:
        describe(b, "drop %sindex %s on %s", op->index->unique ? "unique "
                 : "", op->index->name, t->name);
        break;
    case MG_OP_REBUILD_TABLE:
        describe(b, "rebuild table %s", t->name);
        break;
    case MG_OP_CREATE_OBJECT:
        mg_buf_puts(b, op->object_part == MG_OBJECT_TIE ? "tie " : "add ");
        mg_object_describe(b, op->new_object);
        if (op->object_part == MG_OBJECT_TIE)
            mg_buf_puts(b, " to its table");
        break;
    case MG_OP_DROP_OBJECT:
        mg_buf_puts(b, op->object_part == MG_OBJECT_TIE ? "untie "
                                                         : "drop ");
        mg_object_describe(b, op->old_object);
        if (op->object_part == MG_OBJECT_TIE)
            mg_buf_puts(b, " from its table");
        break;
    case MG_OP_REPLACE_OBJECT:
        mg_buf_puts(b, "change ");
        mg_object_describe(b, op->new_object);
        break;
    case MG_OP_RENAME_TABLE:
        describe(b, "rename table %s to %s", op->old_table->name,
                 op->new_table->name);
        break;
    case MG_OP_RENAME_COLUMN:
        describe(b, "rename column %s.%s to %s", t->name,
                 op->old_column->name, op->new_column->name);
        break;
    case MG_OP_ALTER_TABLE:
        describe_table_options(b, op);
        break;
    }
    mg_buf_release(&from);
    mg_buf_release(&to);
}
