/* erd.c - entity-relationship diagrams (mg_erd.h): options, and the one
 * analysis the writers (lib/erd_mermaid.c, lib/erd_dot.c) share. The
 * tables to draw are chosen first (globs, then foreign-key hops around a
 * table, counted on the whole schema), then each foreign key between two
 * drawn tables becomes exactly one line whose cardinality comes from
 * nullability and uniqueness; a pure association table may instead
 * become one many-to-many line (collapse_associations); views that match
 * become nodes with a line from each drawn table or view they read.
 * Last, a depth-first walk marks the lines that close a cycle, so that
 * the DOT writer can leave them out of the ranking and still know which
 * side of each table faces the other. */
#include "erd_int.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- options and formats ------------------------------------------------ */

static const char *const format_names[] = { "mermaid", "dot", "svg" };

void
mg_erd_opts_init(mg_erd_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->format = MG_ERD_MERMAID;
}

int
mg_erd_format_parse(mg_erd_format *out, const char *name, mg_error *err)
{
    int i;

    for (i = 0; name && i < 3; i++)
        if (strcasecmp(name, format_names[i]) == 0) {
            *out = (mg_erd_format)i;
            return 0;
        }
    return mg_error_set(err, MG_EUSAGE, "unknown diagram format '%s' "
                        "(expected mermaid, dot or svg)", name ? name : "");
}

int
mg_erd_group_parse(mg_erd_group *out, const char *name, mg_error *err)
{
    if (name && strcasecmp(name, "schema") == 0)
        *out = MG_ERD_GROUP_SCHEMA;
    else if (name && strcasecmp(name, "prefix") == 0)
        *out = MG_ERD_GROUP_PREFIX;
    else
        return mg_error_set(err, MG_EUSAGE, "unknown grouping '%s' "
                            "(expected schema or prefix)", name ? name : "");
    return 0;
}

int
mg_erd_format_for_path(mg_erd_format *out, const char *file)
{
    static const struct {
        const char   *ext;
        mg_erd_format format;
    } exts[] = {
        { ".mmd", MG_ERD_MERMAID }, { ".md", MG_ERD_MERMAID },
        { ".dot", MG_ERD_DOT }, { ".gv", MG_ERD_DOT }, { ".svg", MG_ERD_SVG },
    };
    const char *dot = file ? strrchr(file, '.') : NULL;
    size_t i;

    if (!dot || strchr(dot, '/'))
        return MG_ENOTFOUND;
    for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
        if (strcasecmp(dot, exts[i].ext) == 0) {
            *out = exts[i].format;
            return 0;
        }
    return MG_ENOTFOUND;
}

const char *
mg_erd_format_name(mg_erd_format format)
{
    return (unsigned)format < 3 ? format_names[format] : "?";
}

int
mg_erd_svg_available(void)
{
#ifdef MG_WITH_GVC
    return 1;
#else
    return 0;
#endif
}

/* ---- the analysis --------------------------------------------------------- */

typedef mg_erd__graph erd;
typedef mg_erd__rel rel;
typedef mg_erd__slot slot;

static int
cmp_slot(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const slot *)a)->ptr;
    uintptr_t y = (uintptr_t)((const slot *)b)->ptr;

    return x < y ? -1 : x > y;
}

/* The index of the table a foreign key references, or (size_t)-1. */
static size_t
ref_index(const erd *e, const mg_constraint *k)
{
    const mg_table *t = mg_metadata_table(e->md, k->ref_table);
    slot key, *s;

    if (!t)
        return (size_t)-1;
    key.ptr = t;
    key.idx = 0;
    s = bsearch(&key, e->slots, e->ntables, sizeof(*e->slots), cmp_slot);
    return s ? s->idx : (size_t)-1;
}

static int
is_fk(const mg_constraint *k)
{
    return k->kind == MG_CONSTRAINT_FOREIGN_KEY && k->ref_table;
}

static const mg_table *
table_at(const erd *e, size_t i)
{
    return mg_metadata_table_at(e->md, i);
}

/* Split every item of l at commas into out, trimming blanks. */
static int
flatten(mg_strlist *out, const mg_strlist *l)
{
    size_t i;

    for (i = 0; l && i < l->n; i++) {
        const char *s = l->v[i];
        while (*s) {
            const char *end = strchr(s, ','), *a = s, *b;
            if (!end)
                end = s + strlen(s);
            b = end;
            while (a < b && isspace((unsigned char)*a))
                a++;
            while (b > a && isspace((unsigned char)b[-1]))
                b--;
            if (b > a && mg_strlist_addn(out, a, (size_t)(b - a)) < 0)
                return MG_ENOMEM;
            s = *end ? end + 1 : end;
        }
    }
    return 0;
}

static void
lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* 1 when name matches one of the (lowercased) globs. */
static int
matches(const mg_strlist *globs, const char *name)
{
    char *low = strdup(name);
    size_t i;
    int hit = 0;

    if (!low)
        return 0;
    lower(low);
    for (i = 0; i < globs->n && !hit; i++)
        hit = fnmatch(globs->v[i], low, 0) == 0;
    free(low);
    return hit;
}

/* "TABLE[:DEPTH]": a whole table name first, so names with ':' work. */
static int
parse_around(const erd *e, const char *entry, const mg_table **t,
             size_t *depth, mg_error *err)
{
    const char *colon = strrchr(entry, ':'), *p;
    char *name;
    int rc = 0;

    *depth = 1;
    if ((*t = mg_metadata_table(e->md, entry)) != NULL)
        return 0;
    if (!colon)
        return mg_error_set(err, MG_ENOTFOUND, "no table '%s' to draw "
                            "around", entry);
    for (p = colon + 1; isdigit((unsigned char)*p); p++)
        ;
    if (!colon[1] || *p || p - colon > 7)
        return mg_error_set(err, MG_EUSAGE, "invalid depth in '%s' "
                            "(expected TABLE[:DEPTH], DEPTH a whole number)",
                            entry);
    *depth = (size_t)strtoul(colon + 1, NULL, 10);
    if (!(name = malloc((size_t)(colon - entry) + 1)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    memcpy(name, entry, (size_t)(colon - entry));
    name[colon - entry] = '\0';
    if (!(*t = mg_metadata_table(e->md, name)))
        rc = mg_error_set(err, MG_ENOTFOUND, "no table '%s' to draw around",
                          name);
    free(name);
    return rc;
}

/* Keep only the tables within DEPTH hops of an around entry: breadth-first
 * over foreign keys in both directions (adjacency in CSR form). */
static int
select_around(erd *e, const mg_strlist *around, mg_error *err)
{
    size_t *start = NULL, *adj = NULL, *fill = NULL, *dist = NULL;
    size_t *queue = NULL, i, j, m = 0, r;
    unsigned char *near = NULL;
    int rc = MG_ENOMEM;

    for (i = 0; i < e->ntables; i++) {
        const mg_table *t = table_at(e, i);
        for (j = 0; j < t->nconstraints; j++)
            m += is_fk(t->constraints[j]) ? 2 : 0;
    }
    if (!(start = calloc(e->ntables + 2, sizeof(*start))) ||
        !(fill = calloc(e->ntables + 1, sizeof(*fill))) ||
        !(adj = malloc((m + 1) * sizeof(*adj))) ||
        !(dist = malloc((e->ntables + 1) * sizeof(*dist))) ||
        !(queue = malloc((e->ntables + 1) * sizeof(*queue))) ||
        !(near = calloc(e->ntables + 1, 1)))
        goto done;
    for (r = 0; r < 2; r++) {   /* count, then place */
        for (i = 0; i < e->ntables; i++) {
            const mg_table *t = table_at(e, i);
            for (j = 0; j < t->nconstraints; j++) {
                size_t p;
                if (!is_fk(t->constraints[j]) ||
                    (p = ref_index(e, t->constraints[j])) == (size_t)-1)
                    continue;
                if (r == 0) {
                    start[i + 1]++;
                    start[p + 1]++;
                } else {
                    adj[start[i] + fill[i]++] = p;
                    adj[start[p] + fill[p]++] = i;
                }
            }
        }
        if (r == 0)
            for (i = 0; i < e->ntables; i++)
                start[i + 1] += start[i];
    }
    for (r = 0; r < around->n; r++) {
        const mg_table *root;
        size_t depth, head = 0, tail = 0;
        slot key, *s;
        if ((rc = parse_around(e, around->v[r], &root, &depth, err)) < 0)
            goto done;
        key.ptr = root;
        key.idx = 0;
        s = bsearch(&key, e->slots, e->ntables, sizeof(*e->slots),
                    cmp_slot);
        for (i = 0; i < e->ntables; i++)
            dist[i] = (size_t)-1;
        dist[s->idx] = 0;
        queue[tail++] = s->idx;
        while (head < tail) {
            size_t u = queue[head++];
            near[u] = 1;
            if (dist[u] >= depth)
                continue;
            for (j = start[u]; j < start[u + 1]; j++)
                if (dist[adj[j]] == (size_t)-1) {
                    dist[adj[j]] = dist[u] + 1;
                    queue[tail++] = adj[j];
                }
        }
    }
    for (i = 0; i < e->ntables; i++)
        e->keep[i] = e->keep[i] && near[i];
    rc = 0;
done:
    free(start);
    free(adj);
    free(fill);
    free(dist);
    free(queue);
    free(near);
    if (rc == MG_ENOMEM)
        mg_error_set(err, MG_ENOMEM, "out of memory");
    return rc;
}

/* The node a view's dependency names: a table, else a view; (size_t)-1
 * for neither. */
static size_t
node_named(const erd *e, const char *name)
{
    const mg_table *t = mg_metadata_table(e->md, name);
    size_t i;
    slot key, *s;

    if (t) {
        key.ptr = t;
        key.idx = 0;
        s = bsearch(&key, e->slots, e->ntables, sizeof(*e->slots), cmp_slot);
        return s ? s->idx : (size_t)-1;
    }
    for (i = 0; i < e->nviews; i++)
        if (strcasecmp(e->views[i]->name, name) == 0)
            return e->ntables + i;
    return (size_t)-1;
}

/* 1 when view i reads a kept table. */
static int
reads_kept(const erd *e, size_t i)
{
    const mg_strlist *deps = &e->views[i]->depends;
    size_t j, k;

    for (j = 0; j < deps->n; j++)
        if ((k = node_named(e, deps->v[j])) < e->ntables && e->keep[k])
            return 1;
    return 0;
}

static int
select_tables(erd *e, const mg_erd_opts *opts, mg_error *err)
{
    mg_strlist tables = MG_STRLIST_INIT, exclude = MG_STRLIST_INIT;
    mg_strlist around = MG_STRLIST_INIT;
    size_t i;
    int rc = MG_ENOMEM;

    if (flatten(&tables, opts->tables) < 0 ||
        flatten(&exclude, opts->exclude) < 0 ||
        flatten(&around, opts->around) < 0) {
        mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < tables.n; i++)
        lower(tables.v[i]);
    for (i = 0; i < exclude.n; i++)
        lower(exclude.v[i]);
    for (i = 0; i < e->ntables; i++) {
        const char *name = table_at(e, i)->name;
        e->keep[i] = (!tables.n || matches(&tables, name)) &&
                     !matches(&exclude, name);
    }
    if ((rc = around.n ? select_around(e, &around, err) : 0) < 0)
        goto done;
    for (i = 0; i < e->nviews; i++) {
        const char *name = e->views[i]->name;
        e->keep[e->ntables + i] = (!tables.n || matches(&tables, name)) &&
                                  !matches(&exclude, name) &&
                                  (!around.n || reads_kept(e, i));
    }
done:
    mg_strlist_release(&tables);
    mg_strlist_release(&exclude);
    mg_strlist_release(&around);
    return rc;
}

static int
has_column(const mg_strlist *cols, const char *name)
{
    size_t i;

    for (i = 0; i < cols->n; i++)
        if (strcasecmp(cols->v[i], name) == 0)
            return 1;
    return 0;
}

/* 1 when every one of key's columns is in cols (key not empty). */
static int
covers(const mg_strlist *cols, const mg_strlist *key)
{
    size_t i;

    for (i = 0; i < key->n; i++)
        if (!has_column(cols, key->v[i]))
            return 0;
    return key->n > 0;
}

/* A unique index over plain columns (no predicate) is a unique key too. */
static int
plain_unique_index(const mg_table *t, const mg_index *ix)
{
    size_t i;

    if (!ix->unique || ix->where || !ix->expressions.n)
        return 0;
    for (i = 0; i < ix->expressions.n; i++)
        if (!mg_table_column(t, ix->expressions.v[i]))
            return 0;
    return 1;
}

/* 1 when cols contain a whole primary key, UNIQUE constraint or unique
 * index of t, so no two rows share their values. */
static int
unique_columns(const mg_table *t, const mg_strlist *cols)
{
    size_t i;

    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        if ((k->kind == MG_CONSTRAINT_PRIMARY_KEY ||
             k->kind == MG_CONSTRAINT_UNIQUE) && covers(cols, &k->columns))
            return 1;
    }
    for (i = 0; i < t->nindexes; i++)
        if (plain_unique_index(t, t->indexes[i]) &&
            covers(cols, &t->indexes[i]->expressions))
            return 1;
    return 0;
}

static int
optional_columns(const mg_table *t, const mg_strlist *cols)
{
    size_t i;

    for (i = 0; i < cols->n; i++) {
        const mg_column *c = mg_table_column(t, cols->v[i]);
        if (c && c->nullable)
            return 1;
    }
    return 0;
}

/* An association table: its primary key is exactly the columns of two
 * foreign keys with no column in common. */
static int
association(const mg_table *t, const mg_constraint **a,
            const mg_constraint **b)
{
    const mg_constraint *pk = mg_table_primary_key(t);
    size_t i, j, k;

    if (!pk || pk->columns.n < 2)
        return 0;
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *x = t->constraints[i];
        if (!is_fk(x) || !covers(&pk->columns, &x->columns))
            continue;
        for (j = i + 1; j < t->nconstraints; j++) {
            const mg_constraint *y = t->constraints[j];
            int disjoint = 1;
            if (!is_fk(y) || !covers(&pk->columns, &y->columns) ||
                x->columns.n + y->columns.n != pk->columns.n)
                continue;
            for (k = 0; k < y->columns.n; k++)
                if (has_column(&x->columns, y->columns.v[k]))
                    disjoint = 0;
            if (disjoint) {
                *a = x;
                *b = y;
                return 1;
            }
        }
    }
    return 0;
}

static int
add_rel(erd *e, const rel *r)
{
    rel *v = realloc(e->rels, (e->nrels + 1) * sizeof(*v));

    if (!v)
        return MG_ENOMEM;
    e->rels = v;
    e->rels[e->nrels++] = *r;
    return 0;
}

/* A pure association table: an association table (above) with no column
 * beyond its primary key. */
static int
pure_association(const mg_table *t, const mg_constraint **a,
                 const mg_constraint **b)
{
    return association(t, a, b) &&
           t->ncolumns == mg_table_primary_key(t)->columns.n;
}

/* With collapsing, each kept pure association table whose two tables are
 * kept is no longer drawn but becomes one many-to-many line. */
static int
collapse_associations(erd *e)
{
    size_t i;

    for (i = 0; i < e->ntables; i++) {
        const mg_table *t = table_at(e, i);
        const mg_constraint *a, *b;
        rel r;
        memset(&r, 0, sizeof(r));
        if (!e->keep[i] || !pure_association(t, &a, &b) ||
            (r.parent = ref_index(e, a)) == (size_t)-1 ||
            (r.child = ref_index(e, b)) == (size_t)-1 ||
            !e->keep[r.parent] || !e->keep[r.child])
            continue;
        r.kind = MG_ERD_REL_MANY;
        r.assoc = t;
        e->keep[i] = 0;
        if (add_rel(e, &r) < 0)
            return MG_ENOMEM;
    }
    return 0;
}

/* One line per foreign key between two kept tables, then one per kept
 * table or view a kept view reads. */
static int
find_relationships(erd *e)
{
    size_t i, j;

    for (i = 0; i < e->ntables; i++) {
        const mg_table *t = table_at(e, i);
        if (!e->keep[i])
            continue;
        for (j = 0; j < t->nconstraints; j++) {
            const mg_constraint *k = t->constraints[j];
            rel r;
            memset(&r, 0, sizeof(r));
            if (!is_fk(k) || (r.parent = ref_index(e, k)) == (size_t)-1 ||
                !e->keep[r.parent])
                continue;
            r.kind = MG_ERD_REL_FK;
            r.child = i;
            r.fk = k;
            r.optional = optional_columns(t, &k->columns);
            r.unique = unique_columns(t, &k->columns);
            if (add_rel(e, &r) < 0)
                return MG_ENOMEM;
        }
    }
    for (i = 0; i < e->nviews; i++) {
        const mg_strlist *deps = &e->views[i]->depends;
        if (!e->keep[e->ntables + i])
            continue;
        for (j = 0; j < deps->n; j++) {
            rel r;
            memset(&r, 0, sizeof(r));
            r.kind = MG_ERD_REL_VIEW;
            r.child = e->ntables + i;
            if ((r.parent = node_named(e, deps->v[j])) == (size_t)-1 ||
                !e->keep[r.parent] || r.parent == r.child)
                continue;
            if (add_rel(e, &r) < 0)
                return MG_ENOMEM;
        }
    }
    return 0;
}

/* Mark the lines that close a cycle: an iterative depth-first walk over
 * the lines parent to child, in node order; a line to a node still on
 * the walk's path is a back edge, and its child then reaches its parent
 * by lines that rank, so it is drawn to the parent's left. */
static int
mark_back_edges(erd *e)
{
    size_t n = e->ntables + e->nviews, i, *start, *adj, *stack, *next, top;
    unsigned char *state;   /* 0 new, 1 on the path, 2 done */
    int rc = MG_ENOMEM;

    start = calloc(n + 2, sizeof(*start));
    adj = malloc((e->nrels + 1) * sizeof(*adj));
    stack = malloc((n + 1) * sizeof(*stack));
    next = calloc(n + 1, sizeof(*next));
    state = calloc(n + 1, 1);
    if (!start || !adj || !stack || !next || !state)
        goto done;
    for (i = 0; i < e->nrels; i++)
        start[e->rels[i].parent + 2]++;
    for (i = 0; i < n; i++)
        start[i + 2] += start[i + 1];
    for (i = 0; i < e->nrels; i++)      /* adj: rel indexes by parent */
        adj[start[e->rels[i].parent + 1]++] = i;
    for (i = 0; i < n; i++) {
        if (state[i])
            continue;
        top = 0;
        stack[top++] = i;
        state[i] = 1;
        next[i] = start[i];
        while (top) {
            size_t u = stack[top - 1];
            rel *r;
            if (next[u] == start[u + 1]) {
                state[u] = 2;
                top--;
                continue;
            }
            r = &e->rels[adj[next[u]++]];
            if (r->child == u)
                continue;               /* a self reference: a loop */
            if (state[r->child] == 1) {
                r->back = 1;
            } else if (state[r->child] == 0) {
                state[r->child] = 1;
                next[r->child] = start[r->child];
                stack[top++] = r->child;
            }
        }
    }
    rc = 0;
done:
    free(start);
    free(adj);
    free(stack);
    free(next);
    free(state);
    return rc;
}

/* md's views and materialized views, in md's order. */
static int
collect_views(erd *e)
{
    size_t i, n = mg_metadata_object_count(e->md);

    if (!(e->views = malloc((n + 1) * sizeof(*e->views))))
        return MG_ENOMEM;
    for (i = 0; i < n; i++) {
        const mg_object *o = mg_metadata_object_at(e->md, i);
        if (o->kind == MG_OBJ_VIEW || o->kind == MG_OBJ_MATVIEW)
            e->views[e->nviews++] = o;
    }
    return 0;
}

void
mg_erd__graph_release(mg_erd__graph *g)
{
    free(g->slots);
    free(g->keep);
    free(g->rels);
    free(g->views);
    memset(g, 0, sizeof(*g));
}

int
mg_erd__graph_build(mg_erd__graph *e, const mg_metadata *md,
                    const mg_erd_opts *opts, mg_error *err)
{
    size_t i;
    int rc;

    memset(e, 0, sizeof(*e));
    e->md = md;
    e->ntables = mg_metadata_table_count(md);
    if (collect_views(e) < 0 ||
        !(e->slots = malloc((e->ntables + 1) * sizeof(*e->slots))) ||
        !(e->keep = calloc(e->ntables + e->nviews + 1, 1)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; i < e->ntables; i++) {
        e->slots[i].ptr = table_at(e, i);
        e->slots[i].idx = i;
    }
    qsort(e->slots, e->ntables, sizeof(*e->slots), cmp_slot);
    if ((rc = select_tables(e, opts, err)) < 0)
        return rc;
    if ((opts->collapse_associations && collapse_associations(e) < 0) ||
        find_relationships(e) < 0 || mark_back_edges(e) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

int
mg_erd_select(mg_strlist *out, const mg_metadata *md, const mg_erd_opts *opts,
              mg_error *err)
{
    mg_erd_opts defaults;
    size_t i;
    erd e;
    int rc;

    if (!opts) {
        mg_erd_opts_init(&defaults);
        opts = &defaults;
    }
    if ((rc = mg_erd__graph_build(&e, md, opts, err)) == 0)
        for (i = 0; i < e.ntables && rc == 0; i++)
            if (e.keep[i] && mg_strlist_add(out, table_at(&e, i)->name) < 0)
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    mg_erd__graph_release(&e);
    return rc;
}

const char *
mg_erd__node_name(const mg_erd__graph *g, size_t i)
{
    return i < g->ntables ? table_at(g, i)->name
                          : g->views[i - g->ntables]->name;
}

const mg_table *
mg_erd__node_table(const mg_erd__graph *g, size_t i)
{
    return i < g->ntables ? table_at(g, i) : NULL;
}

void
mg_erd__column_keys(mg_buf *b, const mg_table *t, const mg_column *c)
{
    const char *names[3] = { "PK", "FK", "UK" };
    int has[3] = { 0, 0, 0 }, i, n = 0;
    size_t j;

    for (j = 0; j < t->nconstraints; j++) {
        const mg_constraint *k = t->constraints[j];
        if (!has_column(&k->columns, c->name))
            continue;
        if (k->kind == MG_CONSTRAINT_PRIMARY_KEY)
            has[0] = 1;
        else if (k->kind == MG_CONSTRAINT_FOREIGN_KEY)
            has[1] = 1;
        else if (k->kind == MG_CONSTRAINT_UNIQUE)
            has[2] = 1;
    }
    for (j = 0; j < t->nindexes; j++)
        if (plain_unique_index(t, t->indexes[j]) &&
            has_column(&t->indexes[j]->expressions, c->name))
            has[2] = 1;
    for (i = 0; i < 3; i++)
        if (has[i])
            mg_buf_addf(b, "%s%s", n++ ? ", " : "", names[i]);
}

long
mg_erd__column_index(const mg_table *t, const char *name)
{
    size_t i;

    for (i = 0; name && i < t->ncolumns; i++)
        if (strcasecmp(t->columns[i]->name, name) == 0)
            return (long)i;
    return -1;
}

/* ---- rendering ------------------------------------------------------------ */

int
mg_erd_render(mg_buf *out, const mg_metadata *md, const mg_erd_opts *opts,
              mg_error *err)
{
    mg_erd_opts defaults;
    erd e;
    int rc;

    if (!opts) {
        mg_erd_opts_init(&defaults);
        opts = &defaults;
    }
    if ((unsigned)opts->format > MG_ERD_SVG)
        return mg_error_set(err, MG_EUSAGE, "unknown diagram format %d",
                            (int)opts->format);
    if (opts->format == MG_ERD_SVG && !mg_erd_svg_available())
        return mg_error_set(err, MG_EUSAGE, "svg output needs Graphviz "
                            "(libgvc), which this build lacks: use --format "
                            "dot and run 'dot -Tsvg', or rebuild with "
                            "libgraphviz-dev installed");
    if ((rc = mg_erd__graph_build(&e, md, opts, err)) < 0)
        goto done;
    if (opts->format == MG_ERD_MERMAID) {
        mg_erd__mermaid(out, &e, opts->fenced);
    } else if (opts->format == MG_ERD_DOT) {
        mg_erd__dot(out, &e, opts->group_by);
    } else {
        mg_buf dot = MG_BUF_INIT;
        mg_erd__dot(&dot, &e, opts->group_by);
        rc = dot.oom ? mg_error_set(err, MG_ENOMEM, "out of memory")
                     : mg_erd__svg(out, mg_buf_cstr(&dot), err);
        mg_buf_release(&dot);
    }
    if (rc == 0 && out->oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_erd__graph_release(&e);
    return rc;
}
