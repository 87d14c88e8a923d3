/* compare_columns.c - columns of a table present on both sides, matched by
 * name. Types are equal when the dialect renders them the same, case and
 * white space aside outside quoted text (so
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
 * MG_CAP_KEY_REUSE. A column's collation is compared on every dialect:
 * one written on one side only is the default one of the other side's
 * character set when that side names one (else a difference). Where the
 * dialect has MG_CAP_COLUMN_ATTRIBUTES, a column's character set is part
 * of its type (a national type's included, as the dialect renders it);
 * ON UPDATE compares as a default does, the comment as is. A generated column's expression compares as a CHECK's does, and
 * STORED with it; a generated column has no default to compare. A
 * column's character set or collation that is its table's default
 * (catalog.table_charset) is compared as none: the catalog cannot tell a
 * column that states its table's from one that inherits it. */
#include "compare_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static void
type_text(mg_buf *b, const mg_dialect *d, const mg_type *t)
{
    if (d->ddl.render_type)
        d->ddl.render_type(b, t);
    else
        mg_type_format(b, t);
}

/* a and b equal ignoring case and white space outside '...', whose
 * text must be the same byte for byte (the values of an ENUM or SET
 * type, in the one spelling the dialect renders them in). */
static int
loose_equal(const char *a, const char *b)
{
    int quoted = 0;

    for (;;) {
        while (!quoted && isspace((unsigned char)*a))
            a++;
        while (!quoted && isspace((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (quoted ? *a != *b :
            tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        if (*a == '\'')
            quoted = !quoted;
        a++;
        b++;
    }
}

/* col's character set where the dialect has them: its own, or the
 * dialect's national one for NCHAR/NVARCHAR; NULL for the table's. */
static const char *
column_charset(const mg_dialect *d, const mg_column *col)
{
    if (!(d->caps & MG_CAP_COLUMN_ATTRIBUTES))
        return NULL;
    return col->charset ? col->charset :
           col->national ? d->catalog.national_charset : NULL;
}

/* col's type as the dialect renders it, with its character set. */
static void
column_type_text(mg_buf *b, const mg_dialect *d, const mg_column *col)
{
    const char *cs = column_charset(d, col);

    type_text(b, d, &col->type);
    if (cs)
        mg_buf_addf(b, " CHARACTER SET %s", cs);
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
    if (same_type(&a->type, &b->type) && a->national == b->national &&
        (a->charset == b->charset ||
         (a->charset && b->charset && strcasecmp(a->charset, b->charset) == 0)))
        return 1;   /* renders the same: no need to render it */
    column_type_text(&x, c->d, a);
    column_type_text(&y, c->d, b);
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
        if (d->catalog.normalize_default)
            d->catalog.normalize_default(out, col, mg_buf_cstr(&norm));
        else
            mg_buf_puts(out, mg_buf_cstr(&norm));
    }
    if (strcmp(mg_buf_cstr(out), "null") == 0)
        mg_buf_clear(out);
    mg_buf_release(&norm);
}

int
mg_compare__defaults_equal(const mg_cmp *c, const mg_column *a,
                           const mg_column *b)
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

/* 1 when a collation is stated on both sides and equal, on neither, or on
 * one side only while the other names a character set (whose default
 * collation it then has). */
static int
collations_equal(const mg_column *a, const mg_column *b)
{
    if (a->collation && b->collation)
        return strcasecmp(a->collation, b->collation) == 0;
    if (!a->collation && !b->collation)
        return 1;
    return a->collation ? b->charset || b->national
                        : a->charset || a->national;
}

/* ON UPDATE texts, compared as defaults are. */
static int
on_updates_equal(const mg_cmp *c, const mg_column *a, const mg_column *b)
{
    mg_column x = *a, y = *b;

    if (!a->on_update || !b->on_update)
        return !a->on_update && !b->on_update;
    x.server_default = a->on_update;
    x.autoincrement = 0;
    y.server_default = b->on_update;
    y.autoincrement = 0;
    return mg_compare__defaults_equal(c, &x, &y);
}

/* MG_CHANGE_ATTRIBUTES when the collations differ (every dialect has
 * them), or the dialect has the other attributes and they differ. */
static unsigned int
attribute_changes(const mg_cmp *c, const mg_column *a, const mg_column *b)
{
    if (!collations_equal(a, b))
        return MG_CHANGE_ATTRIBUTES;
    if (!(c->d->caps & MG_CAP_COLUMN_ATTRIBUTES))
        return 0;
    if (!on_updates_equal(c, a, b) ||
        !same_text(a->comment ? a->comment : "",
                   b->comment ? b->comment : ""))
        return MG_CHANGE_ATTRIBUTES;
    return 0;
}

/* 1 when both columns are computed alike: neither generated, or both
 * from the same expression, both STORED or both VIRTUAL. */
int
mg_compare__generation_equal(const mg_cmp *c, const mg_column *a,
                             const mg_column *b)
{
    if (!a->generated || !b->generated)
        return !a->generated && !b->generated;
    return !a->generated_stored == !b->generated_stored &&
           mg_compare__checks_equal(c, a->generated, b->generated);
}

static unsigned int
column_changes(const mg_cmp *c, const mg_column *a, const mg_column *b)
{
    unsigned int ch = 0;

    if (!mg_compare__generation_equal(c, a, b))
        ch |= MG_CHANGE_GENERATED;

    if (!types_equal(c, a, b))
        ch |= MG_CHANGE_TYPE;
    if ((c->d->caps & MG_CAP_KEY_REUSE) && !a->never_reuse != !b->never_reuse)
        ch |= MG_CHANGE_NEVER_REUSE;
    if (!a->nullable != !b->nullable)
        ch |= MG_CHANGE_NULLABLE;
    if (!a->autoincrement != !b->autoincrement ||
        !a->identity_always != !b->identity_always)
        ch |= MG_CHANGE_AUTOINCREMENT;
    if (!(a->generated && b->generated) && !mg_compare__defaults_equal(c, a, b))
        ch |= MG_CHANGE_DEFAULT;
    return ch | attribute_changes(c, a, b);
}

/* The character set and collation a table gives its columns. */
typedef struct table_cs {
    mg_buf charset;
    mg_buf collation;
} table_cs;

static void
table_cs_read(table_cs *tc, const mg_cmp *c, const mg_table *t)
{
    memset(tc, 0, sizeof(*tc));
    if (c->d->catalog.table_charset &&
        (c->d->caps & MG_CAP_COLUMN_ATTRIBUTES))
        c->d->catalog.table_charset(t, &tc->charset, &tc->collation);
}

static void
table_cs_release(table_cs *tc)
{
    mg_buf_release(&tc->charset);
    mg_buf_release(&tc->collation);
}

/* What one side leaves to the server is what the other has (table
 * options a side does not state are not compared, so stay as they are):
 * s's character set from o when s states none, its collation from o when
 * both then have one character set and s states no collation. */
static void
table_cs_fill(table_cs *s, const table_cs *o)
{
    if (!s->charset.len)
        mg_buf_puts(&s->charset, mg_buf_cstr(&o->charset));
    if (!s->collation.len && s->charset.len &&
        strcasecmp(s->charset.ptr, mg_buf_cstr(&o->charset)) == 0)
        mg_buf_puts(&s->collation, mg_buf_cstr(&o->collation));
}

/* out: col, less a character set and collation that are its table's
 * (tc), as the catalog reflects it. */
static void
as_reflected(mg_column *out, const mg_cmp *c, const mg_column *col,
             const table_cs *tc)
{
    const char *cs = column_charset(c->d, col);

    *out = *col;
    if (cs && tc->charset.len && strcasecmp(cs, tc->charset.ptr) == 0) {
        out->charset = NULL;
        out->national = 0;
    }
    if (col->collation && tc->collation.len &&
        strcasecmp(col->collation, tc->collation.ptr) == 0)
        out->collation = NULL;
}

/* The changes from old (of t->have) to col (of t->want). */
static unsigned int
pair_changes(const mg_cmp *c, const mg_column *old, const mg_column *col,
             const table_cs *have_cs, const table_cs *want_cs)
{
    mg_column x, y;

    as_reflected(&x, c, old, have_cs);
    as_reflected(&y, c, col, want_cs);
    return column_changes(c, &x, &y);
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
    table_cs have_cs, want_cs;
    size_t i;
    mg_op op;
    int rc = 0;

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
    table_cs_read(&have_cs, c, t->have);
    table_cs_read(&want_cs, c, t->want);
    table_cs_fill(&want_cs, &have_cs);
    table_cs_fill(&have_cs, &want_cs);
    for (i = 0; rc == 0 && i < t->want->ncolumns; i++) {
        const mg_column *col = t->want->columns[i];
        const mg_column *old = column_like(t->have, i, col->name);
        unsigned int ch;
        if (!old || !(ch = pair_changes(c, old, col, &have_cs, &want_cs)))
            continue;
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_ALTER_COLUMN;
        op.old_table = t->have;
        op.new_table = t->want;
        op.old_column = old;
        op.new_column = col;
        op.changes = ch;
        op.data_loss = ((ch & MG_CHANGE_TYPE) &&
                        mg_type_narrows(&old->type, &col->type)) ||
                       ((ch & MG_CHANGE_GENERATED) &&
                        !(old->generated && col->generated));
        rc = mg_compare__emit(c, CMP_COLUMNS, &op);
    }
    table_cs_release(&have_cs);
    table_cs_release(&want_cs);
    if (rc < 0)
        return rc;
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
