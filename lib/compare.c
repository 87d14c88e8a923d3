/* compare.c - autogenerate's driver (Alembic's compare_metadata): sorts
 * both schemas by foreign-key dependency, lets compare_tables.c walk the
 * tables, orders the collected ops by step, regroups them into table
 * rebuilds where the dialect cannot ALTER, and hands back an mg_oplist.
 * Collecting with a step number and sorting once keeps each aspect's code
 * table by table while the output follows mg_compare.h's order. */
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

static void
cmp_release(mg_cmp *c)
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

int
mg_compare(mg_oplist **out, const mg_metadata *have, const mg_metadata *want,
           const mg_dialect *d, const mg_strlist *ignore, mg_error *err)
{
    mg_cmp c;
    mg_oplist *l = NULL;
    size_t i;
    int rc;

    *out = NULL;
    memset(&c, 0, sizeof(c));
    c.have = have;
    c.want = want;
    c.d = d;
    c.ignore = ignore;
    if ((rc = mg_sort_tables(&c.have_sorted, have, err)) < 0 ||
        (rc = mg_sort_tables(&c.want_sorted, want, err)) < 0)
        goto done;
    if ((rc = mg_compare__tables(&c)) < 0)
        goto oom;
    mg_compare__sort(&c);
    if (!mg_compare__can_alter(&c) && (rc = mg_compare__rebuild(&c)) < 0)
        goto oom;
    if ((rc = mg_oplist_new(&l, err)) < 0)
        goto done;
    for (i = 0; i < c.n; i++)
        if ((rc = mg_oplist_add(l, &c.v[i].op)) < 0)
            goto oom;
    *out = l;
    l = NULL;
    rc = 0;
    goto done;
oom:
    rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_oplist_free(l);
    cmp_release(&c);
    return rc;
}
