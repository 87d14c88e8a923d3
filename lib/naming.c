/* naming.c - the naming convention of DESIGN.md section 2 (SQLAlchemy's
 * naming_convention): every constraint and index the user left unnamed gets
 * a deterministic name, so any DROP a migration renders can name what it
 * drops, and the model and the database it was applied to agree on names.
 *
 *   pk_<table>                        primary key
 *   uq_<table>_<column_0>             unique constraint
 *   fk_<table>_<column_0>_<referred>  foreign key
 *   ck_<table>_<column>               CHECK written on a column
 *   ck_<table>_<n>                    n-th (1-based) table-level CHECK
 *   ix_<table>_<column_0>             index (a slug for an expression)
 *
 * A generated name already taken in its table (two unnamed UNIQUE
 * constraints starting with the same column) gets "_2", "_3"... so names
 * stay unique; the suffix depends only on the order of the items. */
#include "mg_metadata.h"
#include "namehash_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SLUG_MAX 40

/* Remember name (borrowed: it belongs to a constraint or an index of the
 * table, which outlives the set) in u, the names used in one table; an
 * entry's value is the suffix to try first when its name is wanted again,
 * so a run of clashes stays linear. Errors: MG_ENOMEM. */
static int
used_add(mg_nameset *u, char *name)
{
    if (!name || !*name || mg_nameset__find(u, name))
        return 0;
    return mg_nameset__add(u, name, NULL, 2);
}

/* Lowercase letters and digits of s, other runs as one '_', no '_' at
 * either end, at most SLUG_MAX characters: "lower(email)" -> "lower_email". */
static void
slug(mg_buf *b, const char *s)
{
    size_t start = b->len;
    int gap = 0;

    for (; *s && b->len - start < SLUG_MAX; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
            c >= 0x80) {
            if (gap && b->len > start)
                mg_buf_putc(b, '_');
            gap = 0;
            mg_buf_putc(b, (char)c);
        } else {
            gap = 1;
        }
    }
    if (b->len == start)
        mg_buf_puts(b, "expr");
}

/* 1 when s reads as a plain column name rather than an expression. */
static int
is_plain_name(const char *s)
{
    for (; *s; s++)
        if (*s == '(' || *s == ')' || *s == ' ' || *s == '\'' ||
            *s == '"' || *s == ',')
            return 0;
    return 1;
}

/* Give base (in b) a suffix when the table already uses it, and store
 * the result in *slot. */
static int
assign(char **slot, mg_buf *b, mg_nameset *u)
{
    size_t base_len = b->len;
    mg_name_entry *base = mg_nameset__find(u, mg_buf_cstr(b));
    size_t n = base ? base->value : 2;
    char *name;

    while (base && !b->oom) {
        b->len = base_len;
        mg_buf_addf(b, "_%zu", n++);
        if (!mg_nameset__find(u, mg_buf_cstr(b)))
            break;
    }
    if (base)
        base->value = n;    /* before used_add may move the slots */
    if (b->oom || !(name = mg_buf_detach(b)))
        return MG_ENOMEM;
    free(*slot);
    *slot = name;
    return used_add(u, name);
}

static int
name_table(const mg_table *t)
{
    mg_nameset u = MG_NAMESET_INIT;
    mg_buf b = MG_BUF_INIT;
    size_t i, nchecks = 0;
    int rc = 0;

    for (i = 0; i < t->nconstraints && rc == 0; i++)
        rc = used_add(&u, t->constraints[i]->name);
    for (i = 0; i < t->nindexes && rc == 0; i++)
        rc = used_add(&u, t->indexes[i]->name);
    for (i = 0; i < t->nconstraints && rc == 0; i++) {
        mg_constraint *k = t->constraints[i];
        const char *col0 = k->columns.n ? k->columns.v[0] : NULL;
        /* a column CHECK that names no column counts as a table one */
        if (k->kind == MG_CONSTRAINT_CHECK && (!k->column_level || !col0))
            nchecks++;
        if (k->name && *k->name)
            continue;
        mg_buf_clear(&b);
        switch (k->kind) {
        case MG_CONSTRAINT_PRIMARY_KEY:
            mg_buf_addf(&b, "pk_%s", t->name);
            break;
        case MG_CONSTRAINT_UNIQUE:
            mg_buf_addf(&b, "uq_%s%s%s", t->name, col0 ? "_" : "",
                        col0 ? col0 : "");
            break;
        case MG_CONSTRAINT_FOREIGN_KEY:
            mg_buf_addf(&b, "fk_%s%s%s_%s", t->name, col0 ? "_" : "",
                        col0 ? col0 : "", k->ref_table ? k->ref_table : "");
            break;
        case MG_CONSTRAINT_CHECK:
            if (k->column_level && col0)
                mg_buf_addf(&b, "ck_%s_%s", t->name, col0);
            else
                mg_buf_addf(&b, "ck_%s_%zu", t->name, nchecks);
            break;
        }
        rc = assign(&k->name, &b, &u);
        k->named = 0;
    }
    for (i = 0; i < t->nindexes && rc == 0; i++) {
        mg_index *ix = t->indexes[i];
        const char *e0 = ix->expressions.n ? ix->expressions.v[0] : "";
        if (ix->name && *ix->name)
            continue;
        mg_buf_clear(&b);
        mg_buf_addf(&b, "ix_%s_", t->name);
        if (is_plain_name(e0) && *e0)
            mg_buf_puts(&b, e0);
        else
            slug(&b, e0);
        rc = assign(&ix->name, &b, &u);
    }
    mg_buf_release(&b);
    mg_nameset__release(&u);
    return rc;
}

int
mg_metadata_apply_conventions(mg_metadata *md, mg_error *err)
{
    size_t i;

    for (i = 0; i < mg_metadata_table_count(md); i++)
        if (name_table(mg_metadata_table_at(md, i)) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}
