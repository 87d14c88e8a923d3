/* model_finish.c - what runs on a model once all of its text is parsed
 * (mg_model_finish): foreign keys checked against the tables they name
 * and completed with the referred primary key, index columns checked, the
 * naming convention applied, and index names checked as one namespace for
 * the schema (or per table, when the dialect says so). */
#include "model_lex_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
is_identifier_like(const char *s)
{
    if (!mg_lex__is_ident_start((unsigned char)*s))
        return 0;
    for (; *s; s++)
        if (!mg_lex__is_ident_char((unsigned char)*s))
            return 0;
    return 1;
}

/* Fill in the referred columns of foreign keys written without them (the
 * referred table's primary key) and check what they name. */
static int
check_foreign_key(const mg_metadata *md, const mg_table *t, mg_constraint *k,
                  mg_error *err)
{
    const mg_table *rt;
    const mg_constraint *pk;
    size_t i;

    for (i = 0; i < k->columns.n; i++)
        if (!mg_table_column(t, k->columns.v[i]))
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' names "
                                "unknown column '%s'", t->name,
                                k->columns.v[i]);
    if (!k->ref_table || !(rt = mg_metadata_table(md, k->ref_table)))
        return mg_error_set(err, MG_EPARSE, "foreign key on '%s' references "
                            "unknown table '%s'", t->name,
                            k->ref_table ? k->ref_table : "");
    if (k->ref_columns.n == 0) {
        if (!(pk = mg_table_primary_key(rt)))
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' "
                                "references table '%s', which has no "
                                "primary key", t->name, rt->name);
        if (pk->columns.n != k->columns.n)
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' has "
                                "%zu column%s but the primary key of '%s' "
                                "has %zu", t->name, k->columns.n,
                                k->columns.n == 1 ? "" : "s", rt->name,
                                pk->columns.n);
        for (i = 0; i < pk->columns.n; i++)
            if (mg_strlist_add(&k->ref_columns, pk->columns.v[i]) < 0)
                return mg_error_set(err, MG_ENOMEM, "out of memory");
        return 0;
    }
    for (i = 0; i < k->ref_columns.n; i++)
        if (!mg_table_column(rt, k->ref_columns.v[i]))
            return mg_error_set(err, MG_EPARSE, "foreign key on '%s' "
                                "references unknown column '%s' of table "
                                "'%s'", t->name, k->ref_columns.v[i],
                                rt->name);
    return 0;
}

typedef struct index_ref {
    const char *name;
    const char *table;
    size_t      order;
} index_ref;

static int
cmp_index_ref(const void *a, const void *b)
{
    const index_ref *x = a, *y = b;
    int c = strcasecmp(x->name, y->name);

    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Index names are one namespace for the whole schema. */
static int
check_index_names(const mg_metadata *md, mg_error *err)
{
    index_ref *v = NULL;
    size_t n = 0, cap = 0, i, j;
    int rc = 0;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        for (j = 0; j < t->nindexes; j++) {
            if (n == cap) {
                size_t c = cap ? cap * 2 : 64;
                index_ref *nv = realloc(v, c * sizeof(*nv));
                if (!nv) {
                    free(v);
                    return mg_error_set(err, MG_ENOMEM, "out of memory");
                }
                v = nv;
                cap = c;
            }
            v[n].name = t->indexes[j]->name;
            v[n].table = t->name;
            v[n].order = n;
            n++;
        }
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_index_ref);
    for (i = 1; i < n; i++)
        if (strcasecmp(v[i - 1].name, v[i].name) == 0) {
            rc = mg_error_set(err, MG_EPARSE, "index '%s' defined twice "
                              "(on tables '%s' and '%s')", v[i].name,
                              v[i - 1].table, v[i].table);
            break;
        }
    free(v);
    return rc;
}

int
mg_model_finish(mg_metadata *md, mg_error *err)
{
    return mg_model_finish_ex(md, 0, err);
}

int
mg_model_finish_ex(mg_metadata *md, unsigned int flags, mg_error *err)
{
    size_t i, j, e;
    int rc;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        for (j = 0; j < t->nconstraints; j++) {
            if (t->constraints[j]->kind != MG_CONSTRAINT_FOREIGN_KEY)
                continue;
            rc = check_foreign_key(md, t, t->constraints[j], err);
            /* a database may hold a foreign key to a table that is gone
             * (SQLite allows it): reflection keeps it as it is */
            if (rc == MG_EPARSE && (flags & MG_MODEL_LENIENT))
                continue;
            if (rc < 0)
                return rc;
        }
        for (j = 0; j < t->nindexes; j++) {
            const mg_index *ix = t->indexes[j];
            for (e = 0; e < ix->expressions.n; e++) {
                const char *x = ix->expressions.v[e];
                if (is_identifier_like(x) && !mg_table_column(t, x))
                    return mg_error_set(err, MG_EPARSE, "index '%s' on '%s' "
                                        "names unknown column '%s'",
                                        ix->name, t->name, x);
            }
        }
    }
    if ((rc = mg_metadata_apply_conventions(md, err)) < 0 ||
        (rc = mg_metadata_resolve_depends(md, err)) < 0)
        return rc;
    if (flags & MG_MODEL_INDEX_PER_TABLE)
        return 0;       /* each table's names were checked as it was read */
    return check_index_names(md, err);
}
