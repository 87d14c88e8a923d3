/* sort.c - tables in foreign-key dependency order, as pg_dump orders a
 * schema: strongly connected components (Tarjan, iterative) find the
 * cycles; inside each, a greedy pass sets aside the foreign keys into the
 * table it takes next (the one with the fewest remaining in-edges, ties
 * alphabetical); then Kahn's algorithm with a min-heap on the alphabetical
 * rank gives a stable order. O((tables + foreign keys) log tables). */
#include "mg_sort.h"
#include "mg_object.h"
#include "compare_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct edge {
    size_t               from;   /* referenced table (parent) */
    size_t               to;     /* table holding the FK (child) */
    const mg_constraint *fk;
    int                  aside;
} edge;

struct mg_sorted {
    const mg_table **order;
    size_t           n;
    edge            *aside;      /* set-aside edges, table = tables[to] */
    size_t          *aside_cycle; /* the cycle of each set-aside edge */
    size_t           naside;
    const mg_table **tables;     /* by alphabetical rank */
    const mg_table **cycle_tables; /* every cycle's tables, one after the
                                    * other, each cycle alphabetical */
    size_t          *cycle_start; /* cycle i: cycle_start[i] up to
                                   * cycle_start[i + 1] */
    size_t           ncycles;
};

/* The cycles: each component of more than one table (Tarjan's comp[]),
 * in the order of their alphabetically first table. Errors: MG_ENOMEM. */
static int
collect_cycles(mg_sorted *s, const size_t *comp, size_t ncomp, size_t n)
{
    size_t *size = calloc(ncomp + 1, sizeof(*size));
    size_t *index = malloc((ncomp + 1) * sizeof(*index));
    size_t i, k = 0;
    int rc = MG_ENOMEM;

    if (!size || !index || !(s->cycle_tables = malloc((n + 1) *
                                                      sizeof(*s->cycle_tables))) ||
        !(s->cycle_start = malloc((n + 2) * sizeof(*s->cycle_start))))
        goto done;
    for (i = 0; i < n; i++)
        size[comp[i]]++;
    for (i = 0; i <= ncomp; i++)
        index[i] = (size_t)-1;
    /* numbered by first table; start[] filled as the sizes add up */
    for (i = 0; i < n; i++)
        if (size[comp[i]] > 1 && index[comp[i]] == (size_t)-1) {
            index[comp[i]] = s->ncycles;
            s->cycle_start[s->ncycles++] = k;
            k += size[comp[i]];
        }
    s->cycle_start[s->ncycles] = k;
    memset(size, 0, (ncomp + 1) * sizeof(*size));
    for (i = 0; i < n; i++)
        if (index[comp[i]] != (size_t)-1) {
            size_t c = index[comp[i]];
            s->cycle_tables[s->cycle_start[c] + size[c]++] = s->tables[i];
        }
    for (i = 0; i < s->naside; i++)
        s->aside_cycle[i] = index[comp[s->aside[i].to]];
    rc = 0;
done:
    free(size);
    free(index);
    return rc;
}

static int
cmp_tables(const void *a, const void *b)
{
    const mg_table *x = *(const mg_table *const *)a;
    const mg_table *y = *(const mg_table *const *)b;

    return strcmp(x->name, y->name);
}

/* Pointer -> rank, open addressing. */
typedef struct ptrmap {
    const void **keys;
    size_t      *vals;
    size_t       size;
} ptrmap;

static size_t
ptr_hash(const void *p)
{
    return (size_t)(((unsigned long long)(size_t)p * 11400714819323198485ULL)
                    >> 17);
}

static int
ptrmap_init(ptrmap *m, const mg_table **tables, size_t n)
{
    size_t i;

    m->size = 16;
    while (m->size < n * 2 + 2)
        m->size *= 2;
    m->keys = calloc(m->size, sizeof(*m->keys));
    m->vals = calloc(m->size, sizeof(*m->vals));
    if (!m->keys || !m->vals)
        return MG_ENOMEM;
    for (i = 0; i < n; i++) {
        size_t h = ptr_hash(tables[i]) & (m->size - 1);
        while (m->keys[h])
            h = (h + 1) & (m->size - 1);
        m->keys[h] = tables[i];
        m->vals[h] = i;
    }
    return 0;
}

static long
ptrmap_get(const ptrmap *m, const void *p)
{
    size_t h = ptr_hash(p) & (m->size - 1);

    while (m->keys[h]) {
        if (m->keys[h] == p)
            return (long)m->vals[h];
        h = (h + 1) & (m->size - 1);
    }
    return -1;
}

/* Adjacency in CSR form: out-edges of each node as edge indices. */
typedef struct graph {
    size_t *start;   /* n + 1 */
    size_t *list;    /* edge indices */
} graph;

static int
graph_build(graph *g, const edge *e, size_t ne, size_t n, int by_from)
{
    size_t i, *fill;

    g->start = calloc(n + 1, sizeof(*g->start));
    g->list = malloc((ne + 1) * sizeof(*g->list));
    fill = calloc(n + 1, sizeof(*fill));
    if (!g->start || !g->list || !fill) {
        free(fill);
        return MG_ENOMEM;
    }
    for (i = 0; i < ne; i++)
        g->start[(by_from ? e[i].from : e[i].to) + 1]++;
    for (i = 0; i < n; i++)
        g->start[i + 1] += g->start[i];
    for (i = 0; i < ne; i++) {
        size_t v = by_from ? e[i].from : e[i].to;
        g->list[g->start[v] + fill[v]++] = i;
    }
    free(fill);
    return 0;
}

static void
graph_free(graph *g)
{
    free(g->start);
    free(g->list);
}

/* Tarjan's SCC, iterative. comp[v] = component id. */
static int
tarjan(const graph *out, const edge *e, size_t n, size_t *comp,
       size_t *ncomp)
{
    size_t *index = malloc((n + 1) * sizeof(size_t));
    size_t *low = malloc((n + 1) * sizeof(size_t));
    size_t *stack = malloc((n + 1) * sizeof(size_t));
    size_t *cs_v = malloc((n + 1) * sizeof(size_t));
    size_t *cs_i = malloc((n + 1) * sizeof(size_t));
    unsigned char *on = calloc(n + 1, 1);
    size_t counter = 1, sp = 0, cp, v, root;
    int rc = 0;

    if (!index || !low || !stack || !cs_v || !cs_i || !on) {
        rc = MG_ENOMEM;
        goto done;
    }
    memset(index, 0, (n + 1) * sizeof(size_t));
    *ncomp = 0;
    for (root = 0; root < n; root++) {
        if (index[root])
            continue;
        cp = 0;
        cs_v[cp] = root;
        cs_i[cp] = out->start[root];
        cp++;
        index[root] = low[root] = counter++;
        stack[sp++] = root;
        on[root] = 1;
        while (cp) {
            size_t u = cs_v[cp - 1];
            if (cs_i[cp - 1] < out->start[u + 1]) {
                size_t w = e[out->list[cs_i[cp - 1]++]].to;
                if (!index[w]) {
                    index[w] = low[w] = counter++;
                    stack[sp++] = w;
                    on[w] = 1;
                    cs_v[cp] = w;
                    cs_i[cp] = out->start[w];
                    cp++;
                } else if (on[w] && index[w] < low[u]) {
                    low[u] = index[w];
                }
                continue;
            }
            cp--;
            if (cp && low[u] < low[cs_v[cp - 1]])
                low[cs_v[cp - 1]] = low[u];
            if (low[u] == index[u]) {
                do {
                    v = stack[--sp];
                    on[v] = 0;
                    comp[v] = *ncomp;
                } while (v != u);
                (*ncomp)++;
            }
        }
    }
done:
    free(index);
    free(low);
    free(stack);
    free(cs_v);
    free(cs_i);
    free(on);
    return rc;
}

/* Inside each component of more than one table, take tables one at a time
 * (fewest in-edges from tables not yet taken, ties by rank) and set aside
 * the edges into it from tables not yet taken. */
static int
break_cycles(edge *e, const graph *in, size_t n, const size_t *comp,
             size_t ncomp)
{
    size_t *size = calloc(ncomp + 1, sizeof(*size));
    unsigned char *taken = calloc(n + 1, 1);
    size_t *members = malloc((n + 1) * sizeof(*members));
    size_t *first = calloc(ncomp + 2, sizeof(*first));
    size_t v, c, k, i;
    int rc = 0;

    if (!size || !taken || !members || !first) {
        rc = MG_ENOMEM;
        goto done;
    }
    for (v = 0; v < n; v++)
        size[comp[v]]++;
    for (c = 0; c < ncomp; c++)
        first[c + 1] = first[c] + size[c];
    memset(size, 0, (ncomp + 1) * sizeof(*size));
    for (v = 0; v < n; v++)   /* members in rank order per component */
        members[first[comp[v]] + size[comp[v]]++] = v;
    for (c = 0; c < ncomp; c++) {
        size_t m = first[c + 1] - first[c];
        if (m < 2)
            continue;
        for (k = 0; k < m; k++) {
            size_t best = (size_t)-1, best_in = (size_t)-1;
            for (i = first[c]; i < first[c + 1]; i++) {
                size_t u = members[i], cnt = 0, j;
                if (taken[u])
                    continue;
                for (j = in->start[u]; j < in->start[u + 1]; j++) {
                    const edge *x = &e[in->list[j]];
                    if (comp[x->from] == c && !taken[x->from] &&
                        x->from != u)
                        cnt++;
                }
                if (cnt < best_in) {
                    best_in = cnt;
                    best = u;
                }
            }
            taken[best] = 1;
            for (i = in->start[best]; i < in->start[best + 1]; i++) {
                edge *x = &e[in->list[i]];
                if (comp[x->from] == c && !taken[x->from])
                    x->aside = 1;
            }
        }
    }
done:
    free(size);
    free(taken);
    free(members);
    free(first);
    return rc;
}

/* Min-heap of ranks. */
static void
heap_push(size_t *h, size_t *n, size_t v)
{
    size_t i = (*n)++;

    while (i && h[(i - 1) / 2] > v) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = v;
}

static size_t
heap_pop(size_t *h, size_t *n)
{
    size_t top = h[0], v = h[--(*n)], i = 0;

    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n)
        h[i] = v;
    return top;
}

int
mg_sort_tables(mg_sorted **out, const mg_metadata *md, mg_error *err)
{
    size_t n = mg_metadata_table_count(md), ne = 0, cap = 0, i, j, nh = 0;
    mg_sorted *s = calloc(1, sizeof(*s));
    ptrmap map = { NULL, NULL, 0 };
    graph gout = { NULL, NULL }, gin = { NULL, NULL };
    size_t *comp = NULL, ncomp = 0, *indeg = NULL, *heap = NULL;
    edge *e = NULL;
    int rc = MG_ENOMEM;

    *out = NULL;
    if (!s || !(s->tables = malloc((n + 1) * sizeof(*s->tables))) ||
        !(s->order = malloc((n + 1) * sizeof(*s->order))))
        goto done;
    for (i = 0; i < n; i++)
        s->tables[i] = mg_metadata_table_at(md, i);
    qsort(s->tables, n, sizeof(*s->tables), cmp_tables);
    if (ptrmap_init(&map, s->tables, n) < 0)
        goto done;
    for (i = 0; i < n; i++) {
        const mg_table *t = s->tables[i];
        for (j = 0; j < t->nconstraints; j++) {
            const mg_constraint *k = t->constraints[j];
            const mg_table *p;
            long from;
            if (k->kind != MG_CONSTRAINT_FOREIGN_KEY || !k->ref_table ||
                !(p = mg_metadata_table(md, k->ref_table)) || p == t)
                continue;
            from = ptrmap_get(&map, p);
            if (from < 0)
                continue;
            if (ne == cap) {
                size_t nc = cap ? cap * 2 : 64;
                edge *v = realloc(e, nc * sizeof(*v));
                if (!v)
                    goto done;
                e = v;
                cap = nc;
            }
            e[ne].from = (size_t)from;
            e[ne].to = i;
            e[ne].fk = k;
            e[ne].aside = 0;
            ne++;
        }
    }
    if (graph_build(&gout, e, ne, n, 1) < 0 ||
        graph_build(&gin, e, ne, n, 0) < 0 ||
        !(comp = calloc(n + 1, sizeof(*comp))) ||
        tarjan(&gout, e, n, comp, &ncomp) < 0 ||
        break_cycles(e, &gin, n, comp, ncomp) < 0 ||
        !(indeg = calloc(n + 1, sizeof(*indeg))) ||
        !(heap = malloc((n + 1) * sizeof(*heap))))
        goto done;
    for (i = 0; i < ne; i++) {
        if (e[i].aside) {
            edge *v = realloc(s->aside, (s->naside + 1) * sizeof(*v));
            if (!v)
                goto done;
            s->aside = v;
            s->aside[s->naside++] = e[i];
        } else {
            indeg[e[i].to]++;
        }
    }
    if (!(s->aside_cycle = malloc((s->naside + 1) * sizeof(*s->aside_cycle)))
        || collect_cycles(s, comp, ncomp, n) < 0)
        goto done;
    for (i = 0; i < n; i++)
        if (!indeg[i])
            heap_push(heap, &nh, i);
    while (nh) {
        size_t u = heap_pop(heap, &nh);
        s->order[s->n++] = s->tables[u];
        for (j = gout.start[u]; j < gout.start[u + 1]; j++) {
            const edge *x = &e[gout.list[j]];
            if (!x->aside && --indeg[x->to] == 0)
                heap_push(heap, &nh, x->to);
        }
    }
    rc = 0;
done:
    free(map.keys);
    free(map.vals);
    graph_free(&gout);
    graph_free(&gin);
    free(comp);
    free(indeg);
    free(heap);
    free(e);
    if (rc < 0) {
        mg_sorted_free(s);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    *out = s;
    return 0;
}

void
mg_sorted_free(mg_sorted *s)
{
    if (!s)
        return;
    free(s->order);
    free(s->tables);
    free(s->aside);
    free(s->aside_cycle);
    free(s->cycle_tables);
    free(s->cycle_start);
    free(s);
}

size_t
mg_sorted_count(const mg_sorted *s)
{
    return s->n;
}

const mg_table *
mg_sorted_table(const mg_sorted *s, size_t i)
{
    return i < s->n ? s->order[i] : NULL;
}

size_t
mg_sorted_set_aside_count(const mg_sorted *s)
{
    return s->naside;
}

const mg_table *
mg_sorted_set_aside_table(const mg_sorted *s, size_t i)
{
    return i < s->naside ? s->tables[s->aside[i].to] : NULL;
}

const mg_constraint *
mg_sorted_set_aside_fk(const mg_sorted *s, size_t i)
{
    return i < s->naside ? s->aside[i].fk : NULL;
}

int
mg_sorted_is_set_aside(const mg_sorted *s, const mg_constraint *fk)
{
    size_t i;

    for (i = 0; i < s->naside; i++)
        if (s->aside[i].fk == fk)
            return 1;
    return 0;
}

size_t
mg_sorted_cycle_count(const mg_sorted *s)
{
    return s->ncycles;
}

const mg_table *const *
mg_sorted_cycle(const mg_sorted *s, size_t i, size_t *n_out)
{
    if (i >= s->ncycles) {
        *n_out = 0;
        return NULL;
    }
    *n_out = s->cycle_start[i + 1] - s->cycle_start[i];
    return s->cycle_tables + s->cycle_start[i];
}

size_t
mg_sorted_set_aside_cycle(const mg_sorted *s, size_t i)
{
    return i < s->naside ? s->aside_cycle[i] : (size_t)-1;
}

/* ---- schema objects ---- */

typedef struct objsort {
    const mg_metadata *md;
    const size_t      *byname;  /* every object, by kind then name */
    unsigned char     *state;   /* 0 new, 1 on the path, 2 placed */
    size_t            *order;
    size_t             n;
} objsort;

static int
is_view_kind(const mg_object *o)
{
    return o->kind == MG_OBJ_VIEW || o->kind == MG_OBJ_MATVIEW;
}

/* Place view i after the views it reads, trigger i after the triggers
 * of its table it names (iteratively deep: the depth is bounded by the
 * number of objects, each placed once). */
static void
place_view(objsort *s, size_t i)
{
    const mg_object *o = mg_metadata_object_at(s->md, i);
    size_t d, k, n = mg_metadata_object_count(s->md);

    if (s->state[i])
        return;
    s->state[i] = 1;
    for (d = 0; d < o->depends.n; d++)
        for (k = 0; k < n; k++) {
            size_t j = s->byname[k];
            const mg_object *q = mg_metadata_object_at(s->md, j);
            if (j != i && s->state[j] == 0 &&
                (is_view_kind(o) ? is_view_kind(q)
                                 : mg_object__same_table_trigger(q, o)) &&
                strcasecmp(q->name, o->depends.v[d]) == 0)
                place_view(s, j);
        }
    s->state[i] = 2;
    s->order[s->n++] = i;
}

/* An object and its index, for sorting by name. */
typedef struct objref {
    const mg_object *o;
    size_t           i;
} objref;

/* By kind, then name, then table (byte order: the catalog's order of
 * rows is no part of the schema). */
static int
cmp_byname(const void *a, const void *b)
{
    const mg_object *x = ((const objref *)a)->o;
    const mg_object *y = ((const objref *)b)->o;
    int c;

    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if ((c = strcmp(x->name, y->name)) != 0)
        return c;
    return strcmp(x->table ? x->table : "", y->table ? y->table : "");
}

int
mg_sort_objects(size_t **order, size_t *n, const mg_metadata *md,
                mg_error *err)
{
    size_t count = mg_metadata_object_count(md), i, j;
    size_t *byname;
    objref *refs;
    objsort s;
    int k;

    *order = NULL;
    *n = 0;
    if (count == 0)
        return 0;
    s.md = md;
    s.n = 0;
    s.state = calloc(count, 1);
    s.order = malloc(count * sizeof(*s.order));
    s.byname = byname = malloc(count * sizeof(*byname));
    refs = malloc(count * sizeof(*refs));
    if (!s.state || !s.order || !byname || !refs) {
        free(s.state);
        free(s.order);
        free(byname);
        free(refs);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    for (i = 0; i < count; i++) {
        refs[i].o = mg_metadata_object_at(md, i);
        refs[i].i = i;
    }
    qsort(refs, count, sizeof(*refs), cmp_byname);
    for (i = 0; i < count; i++)
        byname[i] = refs[i].i;
    free(refs);
    for (k = 0; k < MG_OBJ_VIEW; k++)
        for (j = 0; j < count; j++)
            if ((int)mg_metadata_object_at(md, byname[j])->kind == k)
                s.order[s.n++] = byname[j];
    for (j = 0; j < count; j++)
        if (is_view_kind(mg_metadata_object_at(md, byname[j])))
            place_view(&s, byname[j]);
    for (k = MG_OBJ_TRIGGER; k < MG_OBJ_NKINDS; k++)
        for (j = 0; j < count; j++)
            if ((int)mg_metadata_object_at(md, byname[j])->kind != k)
                continue;
            else if (k == MG_OBJ_TRIGGER)
                place_view(&s, byname[j]);
            else
                s.order[s.n++] = byname[j];
    free(s.state);
    free(byname);
    *order = s.order;
    *n = s.n;
    return 0;
}
