/* compare_context.c - the comparison's shared state (struct mg_cmp in
 * compare_int.h): collecting ops with their step, sorting them into
 * mg_compare.h's order, looking up tables on either side, and freeing it
 * all. A leaf: the driver (compare.c) and every aspect (compare_tables.c,
 * compare_columns.c, ...) call into it, and it calls none of them, so no
 * aspect ever calls back into the driver. */
#include "compare_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
mg_compare__emit(mg_cmp *c, int step, const mg_op *op)
{
    cmp_entry *e;

    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        cmp_entry *v = realloc(c->v, cap * sizeof(*v));
        if (!v) {
            free((void *)op->deferred_fks);
            return MG_ENOMEM;
        }
        c->v = v;
        c->cap = cap;
    }
    e = &c->v[c->n++];
    e->op = *op;
    e->step = step;
    e->seq = c->seq++;
    return 0;
}

int
mg_compare__ignored(const mg_cmp *c, const char *name)
{
    size_t i;

    for (i = 0; c->ignore && i < c->ignore->n; i++)
        if (strcasecmp(c->ignore->v[i], name) == 0)
            return 1;
    return 0;
}

const mg_table *
mg_compare__have_table(const mg_cmp *c, const char *name)
{
    if (!name || mg_compare__ignored(c, name))
        return NULL;
    return mg_metadata_table(c->have, name);
}

const mg_table *
mg_compare__want_table(const mg_cmp *c, const char *name)
{
    if (!name || mg_compare__ignored(c, name))
        return NULL;
    return mg_metadata_table(c->want, name);
}

int
mg_compare__can_alter(const mg_cmp *c)
{
    return (c->d->caps & MG_CAP_ALTER_COLUMN) != 0;
}

static int
cmp_entries(const void *a, const void *b)
{
    const cmp_entry *x = a, *y = b;

    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
mg_compare__sort(mg_cmp *c)
{
    if (c->n > 1)
        qsort(c->v, c->n, sizeof(*c->v), cmp_entries);
}

void
mg_compare__release(mg_cmp *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        free((void *)c->v[i].op.deferred_fks);
        free((void *)c->v[i].op.parts);
    }
    free(c->v);
    mg_sorted_free(c->have_sorted);
    mg_sorted_free(c->want_sorted);
}
