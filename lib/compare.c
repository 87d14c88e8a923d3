/* compare.c - autogenerate's driver (Alembic's compare_metadata): sorts
 * both schemas by foreign-key dependency, lets compare_tables.c walk the
 * tables and compare_objects.c the other schema objects, orders the
 * collected ops by step, regroups them into table rebuilds where the
 * dialect cannot ALTER, and hands back an mg_oplist (each op knowing the
 * two schemas compared).
 * Collecting with a step number and sorting once keeps each aspect's code
 * table by table while the output follows mg_compare.h's order. */
#include "compare_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    if ((rc = mg_compare__tables(&c)) < 0 ||
        (rc = mg_compare__objects(&c)) < 0)
        goto oom;
    mg_compare__sort(&c);
    if (!mg_compare__can_alter(&c) && (rc = mg_compare__rebuild(&c)) < 0)
        goto oom;
    if ((rc = mg_oplist_new(&l, err)) < 0)
        goto done;
    for (i = 0; i < c.n; i++) {
        if (!c.v[i].op.old_schema) {
            c.v[i].op.old_schema = have;
            c.v[i].op.new_schema = want;
        }
        if ((rc = mg_oplist_add(l, &c.v[i].op)) < 0)
            goto oom;
    }
    *out = l;
    l = NULL;
    rc = 0;
    goto done;
oom:
    rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_oplist_free(l);
    mg_compare__release(&c);
    return rc;
}
