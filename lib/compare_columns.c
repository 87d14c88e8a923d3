/* compare_columns.c - columns of a table present on both sides, matched by
 * name. Types are equal when the dialect renders them the same (so
 * `int4`, `int(11)` and `INTEGER` agree wherever the dialect says so);
 * nullability is compared as is; server defaults after
 * mg_normalize_expr and the dialect's normalize_default, with DEFAULT NULL
 * the same as none. Auto-generation (DESIGN.md section 2) is compared:
 * the autoincrement flag and GENERATED ALWAYS. How a key is generated is
 * the dialect's business, so its default is compared only when both sides
 * have one (a sequence's nextval): a model's SERIAL or inline INTEGER
 * PRIMARY KEY equals a reflected serial or identity. Where the dialect
 * cannot ALTER (SQLite) an INTEGER and a BIGINT key are one type, since a
 * single BIGINT key is rendered INTEGER PRIMARY KEY there. never_reuse
 * (SQLite's AUTOINCREMENT) is compared where the dialect has
 * MG_CAP_KEY_REUSE. */
#include "compare_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static void
type_text(mg_buf *b, const mg_dialect *d, const mg_type *t)
{
    if (d->render_type)
        d->render_type(b, t);
    else
        mg_type_format(b, t);
}

/* a and b equal ignoring case and white space. */
static int
loose_equal(const char *a, const char *b)
{
    for (;;) {
        while (isspace((unsigned char)*a))
            a++;
        while (isspace((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

static int
is_int_key_type(mg_type_kind k)
{
    return k == MG_TYPE_INTEGER || k == MG_TYPE_BIGINT;
}

static int
same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Every field equal, so every rendering and normalisation is too. */
static int
same_type(const mg_type *a, const mg_type *b)
{
    return a->kind == b->kind && a->length == b->length &&
           a->precision == b->precision && a->scale == b->scale &&
           same_text(a->name, b->name);
}

static int
types_equal(const mg_cmp *c, const mg_column *a, const mg_column *b)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
    int eq;

    if ((a->autoincrement || b->autoincrement) && !mg_compare__can_alter(c) &&
        is_int_key_type(a->type.kind) && is_int_key_type(b->type.kind))
        return 1;
    if (same_type(&a->type, &b->type))
        return 1;   /* renders the same: no need to render it */
    type_text(&x, c->d, &a->type);
    type_text(&y, c->d, &b->type);
    eq = loose_equal(mg_buf_cstr(&x), mg_buf_cstr(&y));
    mg_buf_release(&x);
    mg_buf_release(&y);
    return eq;
}

/* The comparable text of col's default into out ("" for none). */
static void
default_text(mg_buf *out, const mg_dialect *d, const mg_column *col)
{
    mg_buf norm = MG_BUF_INIT;

    if (!col->server_default)
        return;
    mg_normalize_expr(&norm, col->server_default);
    if (strcmp(mg_buf_cstr(&norm), "null") != 0) {
        if (d->normalize_default)
            d->normalize_default(out, col, mg_buf_cstr(&norm));
        else
            mg_buf_puts(out, mg_buf_cstr(&norm));
    }
    if (strcmp(mg_buf_cstr(out), "null") == 0)
        mg_buf_clear(out);
    mg_buf_release(&norm);
}

static int
defaults_equal(const mg_cmp *c, const mg_column *a, const mg_column *b)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
    int eq;

    if ((a->autoincrement || b->autoincrement) &&
        (!a->server_default || !b->server_default))
        return 1;
    /* the same text on the same type normalises the same */
    if (same_text(a->server_default, b->server_default) &&
        same_type(&a->type, &b->type))
        return 1;
    default_text(&x, c->d, a);
    default_text(&y, c->d, b);
    eq = strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0;
    mg_buf_release(&x);
    mg_buf_release(&y);
    return eq;
}

static unsigned int
column_changes(const mg_cmp *c, const mg_column *a, const mg_column *b)
{
    unsigned int ch = 0;

    if (!types_equal(c, a, b))
        ch |= MG_CHANGE_TYPE;
    if ((c->d->caps & MG_CAP_KEY_REUSE) && !a->never_reuse != !b->never_reuse)
        ch |= MG_CHANGE_NEVER_REUSE;
    if (!a->nullable != !b->nullable)
        ch |= MG_CHANGE_NULLABLE;
    if (!a->autoincrement != !b->autoincrement ||
        !a->identity_always != !b->identity_always)
        ch |= MG_CHANGE_AUTOINCREMENT;
    if (!defaults_equal(c, a, b))
        ch |= MG_CHANGE_DEFAULT;
    return ch;
}

/* t's column called name, looked for first at position i, where it
 * usually is when both sides list the columns in the same order. */
static const mg_column *
column_like(const mg_table *t, size_t i, const char *name)
{
    if (i < t->ncolumns && strcmp(t->columns[i]->name, name) == 0)
        return t->columns[i];
    return mg_table_column(t, name);
}

int
mg_compare__columns(mg_cmp *c, const cmp_table *t)
{
    size_t i;
    mg_op op;
    int rc;

    for (i = 0; i < t->want->ncolumns; i++) {
        const mg_column *col = t->want->columns[i];
        if (column_like(t->have, i, col->name))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_ADD_COLUMN;
        op.old_table = t->have;
        op.new_table = t->want;
        op.new_column = col;
        if ((rc = mg_compare__emit(c, CMP_COLUMNS, &op)) < 0)
            return rc;
    }
    for (i = 0; i < t->want->ncolumns; i++) {
        const mg_column *col = t->want->columns[i];
        const mg_column *old = column_like(t->have, i, col->name);
        unsigned int ch;
        if (!old || !(ch = column_changes(c, old, col)))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_ALTER_COLUMN;
        op.old_table = t->have;
        op.new_table = t->want;
        op.old_column = old;
        op.new_column = col;
        op.changes = ch;
        op.data_loss = (ch & MG_CHANGE_TYPE) &&
                       mg_type_narrows(&old->type, &col->type);
        if ((rc = mg_compare__emit(c, CMP_COLUMNS, &op)) < 0)
            return rc;
    }
    for (i = 0; i < t->have->ncolumns; i++) {
        const mg_column *col = t->have->columns[i];
        if (column_like(t->want, i, col->name))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_DROP_COLUMN;
        op.old_table = t->have;
        op.new_table = t->want;
        op.old_column = col;
        op.data_loss = 1;
        if ((rc = mg_compare__emit(c, CMP_DROP_COLUMN, &op)) < 0)
            return rc;
    }
    return 0;
}
