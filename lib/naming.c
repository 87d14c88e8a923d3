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

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SLUG_MAX 40

/* A name used in a table; next is the suffix to try first when the name
 * is wanted again, so a run of clashes stays linear. */
typedef struct used_name {
    char         *name;     /* borrowed from its item, NULL when free */
    unsigned int  next;
} used_name;

/* The names used in one table, hashed case-insensitively. */
typedef struct used_names {
    used_name *slots;
    size_t     nslots;
    size_t     n;
} used_names;

static size_t
hash_lower(const char *s)
{
    size_t h = 2166136261u;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static used_name *
used_find(const used_names *u, const char *name)
{
    size_t h;

    if (!u->nslots)
        return NULL;
    h = hash_lower(name) & (u->nslots - 1);
    while (u->slots[h].name) {
        if (strcasecmp(u->slots[h].name, name) == 0)
            return &u->slots[h];
        h = (h + 1) & (u->nslots - 1);
    }
    return NULL;
}

static void
used_put(used_name *slots, size_t nslots, used_name e)
{
    size_t h = hash_lower(e.name) & (nslots - 1);

    while (slots[h].name)
        h = (h + 1) & (nslots - 1);
    slots[h] = e;
}

/* Remember name (borrowed: it belongs to a constraint or an index of the
 * table, which outlives the set). Errors: MG_ENOMEM. */
static int
used_add(used_names *u, char *name)
{
    used_name e;

    if (!name || !*name || used_find(u, name))
        return 0;
    if ((u->n + 1) * 2 > u->nslots) {
        size_t n = u->nslots ? u->nslots * 2 : 16, i;
        used_name *v = calloc(n, sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        for (i = 0; i < u->nslots; i++)
            if (u->slots[i].name)
                used_put(v, n, u->slots[i]);
        free(u->slots);
        u->slots = v;
        u->nslots = n;
    }
    e.name = name;
    e.next = 2;
    used_put(u->slots, u->nslots, e);
    u->n++;
    return 0;
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
assign(char **slot, mg_buf *b, used_names *u)
{
    size_t base_len = b->len;
    used_name *base = used_find(u, mg_buf_cstr(b));
    unsigned int n = base ? base->next : 2;
    char *name;

    while (base && !b->oom) {
        b->len = base_len;
        mg_buf_addf(b, "_%u", n++);
        if (!used_find(u, mg_buf_cstr(b)))
            break;
    }
    if (base)
        base->next = n;     /* before used_add may move the slots */
    if (b->oom || !(name = mg_buf_detach(b)))
        return MG_ENOMEM;
    free(*slot);
    *slot = name;
    return used_add(u, name);
}

static int
name_table(const mg_table *t)
{
    used_names u = { NULL, 0, 0 };
    mg_buf b = MG_BUF_INIT;
    const mg_constraint *pk;
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
    if (rc == 0 && (pk = mg_table_primary_key(t)) && pk->columns.n == 1) {
        for (i = 0; i < t->ncolumns; i++) {
            mg_column *c = t->columns[i];
            if (strcasecmp(c->name, pk->columns.v[0]) == 0 &&
                (c->type.kind == MG_TYPE_INTEGER ||
                 c->type.kind == MG_TYPE_BIGINT)) {
                c->autoincrement = 1;
                break;
            }
        }
    }
    mg_buf_release(&b);
    free(u.slots);
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
