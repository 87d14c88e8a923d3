/* revgraph.c - the revision graph (Alembic's RevisionMap): revisions are
 * added one by one, then mg_revgraph_build links and validates them and fixes
 * a topological order that every later query and plan relies on. Build is
 * linear in revisions plus edges (an open-addressing hash table for ids and
 * labels, Kahn's algorithm with a heap on insertion order) apart from one
 * sort of the ids, kept for prefix look-ups by binary search, because
 * projects with thousands of revisions must still start instantly. Targets
 * and plans live in revtarget.c. */
#include "revgraph_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NONE MG_REVGRAPH_NONE

/* Shortest prefix accepted in place of a full id. */
#define MIN_PREFIX 4
/* Longest revision id. */
#define MAX_ID 32
/* Candidates listed in an "ambiguous" message. */
#define MAX_LISTED 10

static int
oom(mg_error *err)
{
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

static const char *
origin_of(const struct mg_rev *r)
{
    return r->origin ? r->origin : "unknown file";
}

int
mg_revgraph__ixpush(mg_ixvec *x, size_t i)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 4;
        size_t *v = realloc(x->v, cap * sizeof(*v));

        if (!v)
            return MG_ENOMEM;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = i;
    return 0;
}

void
mg_revgraph__ixrelease(mg_ixvec *x)
{
    free(x->v);
    x->v = NULL;
    x->n = x->cap = 0;
}

/* ---- hash table ------------------------------------------------------ */

static size_t
hash_str(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;    /* FNV-1a */

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 29));
}

/* Room for n keys at most half full. */
static int
table_init(struct mg_revgraph__table *t, size_t n)
{
    size_t cap = 8;

    while (cap < 2 * n)
        cap *= 2;
    t->slots = calloc(cap, sizeof(*t->slots));
    if (!t->slots)
        return MG_ENOMEM;
    t->mask = cap - 1;
    return 0;
}

static void
table_release(struct mg_revgraph__table *t)
{
    free(t->slots);
    t->slots = NULL;
    t->mask = 0;
}

static size_t
table_get(const struct mg_revgraph__table *t, const char *key)
{
    size_t i;

    if (!t->slots)
        return NONE;
    for (i = hash_str(key) & t->mask; t->slots[i].key; i = (i + 1) & t->mask)
        if (strcmp(t->slots[i].key, key) == 0)
            return t->slots[i].val;
    return NONE;
}

/* Insert key -> val unless key is present; returns the value already there,
 * or NONE after inserting. The table never fills (table_init). */
static size_t
table_put(struct mg_revgraph__table *t, const char *key, size_t val)
{
    size_t i;

    for (i = hash_str(key) & t->mask; t->slots[i].key; i = (i + 1) & t->mask)
        if (strcmp(t->slots[i].key, key) == 0)
            return t->slots[i].val;
    t->slots[i].key = key;
    t->slots[i].val = val;
    return NONE;
}

/* ---- lifecycle ------------------------------------------------------- */

int
mg_revgraph_new(mg_revgraph **out, mg_error *err)
{
    *out = calloc(1, sizeof(**out));
    return *out ? 0 : oom(err);
}

/* Drop everything build derived; the graph is back to "added, not built". */
static void
unbuild(mg_revgraph *g)
{
    size_t i;

    for (i = 0; i < g->n; i++) {
        struct mg_rev *r = &g->revs[i];

        mg_strlist_release(&r->dep_ids);
        mg_strlist_release(&r->kid_ids);
        mg_revgraph__ixrelease(&r->down);
        mg_revgraph__ixrelease(&r->deps);
        mg_revgraph__ixrelease(&r->kids);
        mg_revgraph__ixrelease(&r->users);
        r->pos = 0;
    }
    free(g->at);
    free(g->order);
    free(g->sorted);
    g->at = NULL;
    g->order = NULL;
    g->sorted = NULL;
    table_release(&g->ids);
    table_release(&g->lbl);
    g->built = 0;
}

static void
rev_release(struct mg_rev *r)
{
    free(r->id);
    free(r->origin);
    mg_strlist_release(&r->down_ids);
    mg_strlist_release(&r->dep_refs);
    mg_strlist_release(&r->labels);
}

void
mg_revgraph_free(mg_revgraph *g)
{
    size_t i;

    if (!g)
        return;
    unbuild(g);
    for (i = 0; i < g->n; i++)
        rev_release(&g->revs[i]);
    free(g->revs);
    free(g);
}

static char *
dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

static int
copy_list(mg_strlist *dst, const mg_strlist *src)
{
    size_t i;

    for (i = 0; src && i < src->n; i++)
        if (mg_strlist_add(dst, src->v[i]) < 0)
            return MG_ENOMEM;
    return 0;
}

int
mg_revgraph_add(mg_revgraph *g, const char *id,
                const mg_strlist *down_revisions,
                const mg_strlist *depends_on,
                const mg_strlist *branch_labels,
                const char *origin, mg_error *err)
{
    struct mg_rev *r;

    /* The graph changes, so whatever build derived is stale. */
    if (g->built)
        unbuild(g);
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        struct mg_rev *v = realloc(g->revs, cap * sizeof(*v));

        if (!v)
            return oom(err);
        g->revs = v;
        g->cap = cap;
    }
    r = &g->revs[g->n];
    memset(r, 0, sizeof(*r));
    r->id = dup_str(id);
    r->origin = origin ? dup_str(origin) : NULL;
    if (!r->id || (origin && !r->origin) ||
        copy_list(&r->down_ids, down_revisions) < 0 ||
        copy_list(&r->dep_refs, depends_on) < 0 ||
        copy_list(&r->labels, branch_labels) < 0) {
        rev_release(r);
        return oom(err);
    }
    g->n++;
    return 0;
}

/* ---- references ------------------------------------------------------ */

static int
cmp_rev_id(const void *a, const void *b)
{
    const struct mg_rev *const *x = a;
    const struct mg_rev *const *y = b;

    return strcmp((*x)->id, (*y)->id);
}

/* First index in g->sorted whose id is >= key. */
static size_t
lower_bound(const mg_revgraph *g, const char *key)
{
    size_t lo = 0, hi = g->sorted ? g->n : 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(g->sorted[mid]->id, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Resolve ref to an insertion index: an exact id, a branch label, or a
 * prefix of at least MIN_PREFIX characters matching one id. On
 * MG_EAMBIGUOUS the matching ids are listed in cands; on MG_ENOTFOUND
 * *short_prefix tells whether a too-short prefix did match something. */
static int
find_ref(const mg_revgraph *g, const char *ref, size_t *ins, mg_buf *cands,
         int *short_prefix)
{
    size_t len = strlen(ref), i, k, found;

    *short_prefix = 0;
    if ((*ins = table_get(&g->ids, ref)) != NONE ||
        (*ins = table_get(&g->lbl, ref)) != NONE)
        return 0;
    i = lower_bound(g, ref);
    if (len == 0 || i >= g->n || strncmp(g->sorted[i]->id, ref, len) != 0)
        return MG_ENOTFOUND;
    if (len < MIN_PREFIX) {
        *short_prefix = 1;
        return MG_ENOTFOUND;
    }
    found = 0;
    for (k = i; k < g->n && strncmp(g->sorted[k]->id, ref, len) == 0; k++) {
        if (found > 0)
            mg_buf_puts(cands, ", ");
        if (found == MAX_LISTED) {
            mg_buf_puts(cands, "...");
            found++;
            break;
        }
        mg_buf_puts(cands, g->sorted[k]->id);
        found++;
    }
    if (found > 1)
        return MG_EAMBIGUOUS;
    *ins = (size_t)(g->sorted[i] - g->revs);
    return 0;
}

int
mg_revgraph__lookup(const mg_revgraph *g, const char *ref, size_t *pos_out,
                    mg_error *err)
{
    mg_buf cands = MG_BUF_INIT;
    size_t ins = NONE;
    int rc, short_prefix;

    *pos_out = NONE;
    if (!g->built)
        return mg_error_set(err, MG_ENOTFOUND, "unknown revision '%s'", ref);
    rc = find_ref(g, ref, &ins, &cands, &short_prefix);
    if (cands.oom)
        rc = oom(err);
    else if (rc == MG_EAMBIGUOUS)
        mg_error_set(err, rc, "revision prefix '%s' is ambiguous: %s", ref,
                     mg_buf_cstr(&cands));
    else if (rc == MG_ENOTFOUND && short_prefix)
        mg_error_set(err, rc, "unknown revision '%s' (a revision prefix must "
                     "have at least %d characters)", ref, MIN_PREFIX);
    else if (rc == MG_ENOTFOUND)
        mg_error_set(err, rc, "unknown revision '%s'", ref);
    else
        *pos_out = g->revs[ins].pos;
    mg_buf_release(&cands);
    return rc;
}

int
mg_revgraph_lookup(const mg_revgraph *g, const char *ref, const char **out,
                   mg_error *err)
{
    size_t pos;
    int rc = mg_revgraph__lookup(g, ref, &pos, err);

    *out = rc < 0 ? NULL : g->order[pos];
    return rc;
}

size_t
mg_revgraph__find(const mg_revgraph *g, const char *id)
{
    size_t ins;

    if (!g || !g->built || !id)
        return NONE;
    ins = table_get(&g->ids, id);
    return ins == NONE ? NONE : g->revs[ins].pos;
}

size_t
mg_revgraph__find_name(const mg_revgraph *g, const char *name)
{
    size_t pos = mg_revgraph__find(g, name), ins;

    if (pos != NONE || !g || !g->built || !name)
        return pos;
    ins = table_get(&g->lbl, name);
    return ins == NONE ? NONE : g->revs[ins].pos;
}

/* ---- build ----------------------------------------------------------- */

/* Words that mean something in a target and so cannot name a revision. */
static int
is_reserved(const char *s)
{
    return strcmp(s, "base") == 0 || strcmp(s, "head") == 0 ||
           strcmp(s, "heads") == 0 || strcmp(s, "current") == 0;
}

static int
valid_id(const char *s)
{
    size_t n = 0;

    for (; s[n]; n++) {
        char c = s[n];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return n >= 1 && n <= MAX_ID;
}

/* Labels may use more characters than ids, but none that targets and
 * ranges use as separators, and no word or form a target reads otherwise:
 * head, heads, base, current, and a leading '-' (read as -N). */
int
mg_branch_label_valid(const char *s)
{
    if (!*s || *s == '-' || is_reserved(s))
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || strchr("@:,+", *s) || *s == 0x7f)
            return 0;
    return 1;
}

/* Ids that differ only in case ("abc", "ABC"): MariaDB's version table
 * keys them with a case-insensitive collation, so it could not hold both,
 * and a history must stay usable on every dialect. Exact duplicates are
 * reported before this. */
static int
check_case_collisions(const mg_revgraph *g, mg_error *err)
{
    struct mg_revgraph__table t = { NULL, 0 };
    size_t i, j, total = 0, off = 0;
    char *low;
    int rc = 0;

    for (i = 0; i < g->n; i++)
        total += strlen(g->revs[i].id) + 1;
    if (!(low = malloc(total ? total : 1)) || table_init(&t, g->n) < 0) {
        free(low);
        return oom(err);
    }
    for (i = 0; i < g->n && rc == 0; i++) {
        const char *id = g->revs[i].id, *key = low + off;
        for (j = 0; id[j]; j++)
            low[off++] = (char)tolower((unsigned char)id[j]);
        low[off++] = '\0';
        if ((j = table_put(&t, key, i)) != NONE)
            rc = mg_error_set(err, MG_EGRAPH, "revision ids '%s' (%s) and "
                              "'%s' (%s) differ only in case, which a "
                              "version table on MariaDB cannot tell apart: "
                              "rename one", g->revs[j].id,
                              origin_of(&g->revs[j]), id,
                              origin_of(&g->revs[i]));
    }
    table_release(&t);
    free(low);
    return rc;
}

static int
check_ids(mg_revgraph *g, mg_error *err)
{
    size_t i, j;

    for (i = 0; i < g->n; i++) {
        const struct mg_rev *r = &g->revs[i];

        if (!valid_id(r->id))
            return mg_error_set(err, MG_EGRAPH, "%s: invalid revision id "
                                "'%s' (use 1 to %d letters, digits or "
                                "underscores)", origin_of(r), r->id, MAX_ID);
        if (is_reserved(r->id))
            return mg_error_set(err, MG_EGRAPH, "%s: revision id '%s' is a "
                                "reserved word", origin_of(r), r->id);
    }
    if (table_init(&g->ids, g->n) < 0)
        return oom(err);
    for (i = 0; i < g->n; i++)
        if ((j = table_put(&g->ids, g->revs[i].id, i)) != NONE)
            return mg_error_set(err, MG_EGRAPH, "duplicate revision id '%s' "
                                "in %s and %s", g->revs[i].id,
                                origin_of(&g->revs[j]),
                                origin_of(&g->revs[i]));
    return check_case_collisions(g, err);
}

/* Resolve down revisions (exact ids) to insertion indices; fill kids. */
static int
link_down(mg_revgraph *g, mg_error *err)
{
    size_t i, k, m, j;

    for (i = 0; i < g->n; i++) {
        struct mg_rev *r = &g->revs[i];

        for (k = 0; k < r->down_ids.n; k++) {
            const char *d = r->down_ids.v[k];

            if ((j = table_get(&g->ids, d)) == NONE)
                return mg_error_set(err, MG_EGRAPH, "revision '%s' (%s) has "
                                    "unknown down_revision '%s'", r->id,
                                    origin_of(r), d);
            for (m = 0; m < r->down.n; m++)
                if (r->down.v[m] == j)
                    return mg_error_set(err, MG_EGRAPH, "revision '%s' (%s) "
                                        "lists down_revision '%s' twice",
                                        r->id, origin_of(r), d);
            if (mg_revgraph__ixpush(&r->down, j) < 0 ||
                mg_revgraph__ixpush(&g->revs[j].kids, i) < 0)
                return oom(err);
        }
    }
    return 0;
}

static int
index_labels(mg_revgraph *g, mg_error *err)
{
    size_t i, k, j, total = 0;

    for (i = 0; i < g->n; i++)
        total += g->revs[i].labels.n;
    if (table_init(&g->lbl, total) < 0)
        return oom(err);
    for (i = 0; i < g->n; i++) {
        const struct mg_rev *r = &g->revs[i];

        for (k = 0; k < r->labels.n; k++) {
            const char *l = r->labels.v[k];

            if (!mg_branch_label_valid(l))
                return mg_error_set(err, MG_EGRAPH, "revision '%s' (%s) has "
                                    "invalid branch label '%s'", r->id,
                                    origin_of(r), l);
            if ((j = table_get(&g->ids, l)) != NONE)
                return mg_error_set(err, MG_EGRAPH, "branch label '%s' of "
                                    "revision '%s' (%s) is also the id of "
                                    "revision '%s' (%s)", l, r->id,
                                    origin_of(r), g->revs[j].id,
                                    origin_of(&g->revs[j]));
            if ((j = table_put(&g->lbl, l, i)) == i)
                return mg_error_set(err, MG_EGRAPH, "revision '%s' (%s) lists "
                                    "branch label '%s' twice", r->id,
                                    origin_of(r), l);
            if (j != NONE)
                return mg_error_set(err, MG_EGRAPH, "duplicate branch label "
                                    "'%s' on revisions '%s' (%s) and '%s' "
                                    "(%s)", l, g->revs[j].id,
                                    origin_of(&g->revs[j]), r->id,
                                    origin_of(r));
        }
    }
    return 0;
}

static int
index_prefixes(mg_revgraph *g, mg_error *err)
{
    size_t i;

    g->sorted = malloc((g->n + 1) * sizeof(*g->sorted));
    if (!g->sorted)
        return oom(err);
    for (i = 0; i < g->n; i++)
        g->sorted[i] = &g->revs[i];
    qsort(g->sorted, g->n, sizeof(*g->sorted), cmp_rev_id);
    return 0;
}

/* Resolve depends_on references (ids, prefixes, labels); fill users. */
static int
link_deps(mg_revgraph *g, mg_error *err)
{
    mg_buf cands = MG_BUF_INIT;
    size_t i, k, m, j;
    int rc = 0, short_prefix;

    for (i = 0; i < g->n && rc == 0; i++) {
        struct mg_rev *r = &g->revs[i];

        for (k = 0; k < r->dep_refs.n && rc == 0; k++) {
            const char *ref = r->dep_refs.v[k];

            mg_buf_clear(&cands);
            rc = find_ref(g, ref, &j, &cands, &short_prefix);
            if (cands.oom) {
                rc = oom(err);
            } else if (rc == MG_EAMBIGUOUS) {
                rc = mg_error_set(err, MG_EGRAPH, "revision '%s' (%s) depends "
                                  "on '%s', which is ambiguous: %s", r->id,
                                  origin_of(r), ref, mg_buf_cstr(&cands));
            } else if (rc < 0) {
                rc = mg_error_set(err, MG_EGRAPH, "revision '%s' (%s) depends "
                                  "on unknown revision '%s'%s", r->id,
                                  origin_of(r), ref, short_prefix ?
                                  " (a revision prefix must have at least 4 "
                                  "characters)" : "");
            } else {
                for (m = 0; m < r->deps.n && r->deps.v[m] != j; m++)
                    ;
                if (m < r->deps.n)
                    continue;       /* named twice, e.g. by id and label */
                if (mg_revgraph__ixpush(&r->deps, j) < 0 ||
                    mg_revgraph__ixpush(&g->revs[j].users, i) < 0 ||
                    mg_strlist_add(&r->dep_ids, g->revs[j].id) < 0)
                    rc = oom(err);
            }
        }
    }
    mg_buf_release(&cands);
    return rc;
}

/* A min-heap of insertion indices: Kahn's ready set, so ties between ready
 * revisions go to the one added first. */
typedef struct heap {
    size_t *v;
    size_t  n;
} heap;

static void
heap_push(heap *h, size_t x)
{
    size_t i = h->n++;

    while (i > 0 && h->v[(i - 1) / 2] > x) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = x;
}

static size_t
heap_pop(heap *h)
{
    size_t top = h->v[0], x = h->v[--h->n], i = 0;

    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1] < h->v[c])
            c++;
        if (h->v[c] >= x)
            break;
        h->v[i] = h->v[c];
        i = c;
    }
    if (h->n > 0)
        h->v[i] = x;
    return top;
}

/* A parent (down revision first, then dependency) of i still unsorted. */
static size_t
unsorted_parent(const mg_revgraph *g, const size_t *indeg, size_t i)
{
    const struct mg_rev *r = &g->revs[i];
    size_t k;

    for (k = 0; k < r->down.n; k++)
        if (indeg[r->down.v[k]] > 0)
            return r->down.v[k];
    for (k = 0; k < r->deps.n; k++)
        if (indeg[r->deps.v[k]] > 0)
            return r->deps.v[k];
    return NONE;
}

/* Kahn's algorithm stopped early: every revision left has a parent left,
 * so following parents from one of them must come back to a revision
 * already seen. Report that loop, starting at its earliest-added member. */
static int
report_cycle(const mg_revgraph *g, const size_t *indeg, mg_error *err)
{
    mg_buf msg = MG_BUF_INIT;
    mg_ixvec path = MG_IXVEC_INIT;
    size_t *seen, i, cur, first, len, best, k;
    int rc = MG_EGRAPH;

    seen = malloc(g->n * sizeof(*seen));
    if (!seen)
        return oom(err);
    for (i = 0; i < g->n; i++)
        seen[i] = NONE;
    for (cur = 0; indeg[cur] == 0; cur++)
        ;
    while (seen[cur] == NONE) {
        seen[cur] = path.n;
        if (mg_revgraph__ixpush(&path, cur) < 0) {
            rc = oom(err);
            goto done;
        }
        if ((cur = unsorted_parent(g, indeg, cur)) == NONE) {
            rc = mg_error_set(err, MG_ERROR, "internal error: no cycle "
                              "found in an unsortable revision graph");
            goto done;
        }
    }
    first = seen[cur];
    len = path.n - first;
    best = first;
    for (k = first; k < path.n; k++)
        if (path.v[k] < path.v[best])
            best = k;
    mg_buf_puts(&msg, "cycle in revision graph: ");
    for (k = 0; k < len; k++) {
        const struct mg_rev *r =
            &g->revs[path.v[first + (best - first + k) % len]];

        mg_buf_addf(&msg, "%s (%s) -> ", r->id, origin_of(r));
    }
    mg_buf_addf(&msg, "%s (each revision's down_revision or dependency is "
                "the next)", g->revs[path.v[best]].id);
    if (msg.oom)
        rc = oom(err);
    else
        mg_error_set(err, rc, "%s", mg_buf_cstr(&msg));
done:
    free(seen);
    mg_revgraph__ixrelease(&path);
    mg_buf_release(&msg);
    return rc;
}

static int
sort_topo(mg_revgraph *g, mg_error *err)
{
    size_t *indeg = malloc((g->n + 1) * sizeof(*indeg));
    heap h = { malloc((g->n + 1) * sizeof(size_t)), 0 };
    size_t i, k, done = 0;
    int rc = 0;

    g->at = malloc((g->n + 1) * sizeof(*g->at));
    if (!indeg || !h.v || !g->at) {
        rc = oom(err);
        goto out;
    }
    for (i = 0; i < g->n; i++) {
        indeg[i] = g->revs[i].down.n + g->revs[i].deps.n;
        if (indeg[i] == 0)
            heap_push(&h, i);
    }
    while (h.n > 0) {
        const struct mg_rev *r;

        i = heap_pop(&h);
        r = &g->revs[i];
        g->revs[i].pos = done;
        g->at[done++] = i;
        for (k = 0; k < r->kids.n; k++)
            if (--indeg[r->kids.v[k]] == 0)
                heap_push(&h, r->kids.v[k]);
        for (k = 0; k < r->users.n; k++)
            if (--indeg[r->users.v[k]] == 0)
                heap_push(&h, r->users.v[k]);
    }
    if (done < g->n)
        rc = report_cycle(g, indeg, err);
out:
    free(indeg);
    free(h.v);
    return rc;
}

/* Switch every edge list from insertion indices to positions, with the
 * child and dependent lists in ascending position order. */
static int
finish(mg_revgraph *g, mg_error *err)
{
    size_t i, k, p;

    g->order = malloc((g->n + 1) * sizeof(*g->order));
    if (!g->order)
        return oom(err);
    for (i = 0; i < g->n; i++) {
        struct mg_rev *r = &g->revs[i];

        for (k = 0; k < r->down.n; k++)
            r->down.v[k] = g->revs[r->down.v[k]].pos;
        for (k = 0; k < r->deps.n; k++)
            r->deps.v[k] = g->revs[r->deps.v[k]].pos;
        r->kids.n = 0;
        r->users.n = 0;
    }
    for (p = 0; p < g->n; p++) {
        struct mg_rev *r = &g->revs[g->at[p]];

        g->order[p] = r->id;
        for (k = 0; k < r->down.n; k++) {
            struct mg_rev *d = &g->revs[g->at[r->down.v[k]]];

            if (mg_revgraph__ixpush(&d->kids, p) < 0 ||
                mg_strlist_add(&d->kid_ids, r->id) < 0)
                return oom(err);
        }
        for (k = 0; k < r->deps.n; k++)
            if (mg_revgraph__ixpush(&g->revs[g->at[r->deps.v[k]]].users,
                                    p) < 0)
                return oom(err);
    }
    return 0;
}

int
mg_revgraph_build(mg_revgraph *g, mg_error *err)
{
    int rc;

    unbuild(g);
    if ((rc = check_ids(g, err)) < 0 ||
        (rc = link_down(g, err)) < 0 ||
        (rc = index_labels(g, err)) < 0 ||
        (rc = index_prefixes(g, err)) < 0 ||
        (rc = link_deps(g, err)) < 0 ||
        (rc = sort_topo(g, err)) < 0 ||
        (rc = finish(g, err)) < 0) {
        unbuild(g);
        return rc;
    }
    g->built = 1;
    return 0;
}

/* ---- queries --------------------------------------------------------- */

size_t
mg_revgraph_count(const mg_revgraph *g)
{
    return g && g->built ? g->n : 0;
}

const char *const *
mg_revgraph_order(const mg_revgraph *g)
{
    return g && g->built ? g->order : NULL;
}

static const struct mg_rev *
rev_by_id(const mg_revgraph *g, const char *id)
{
    size_t pos = mg_revgraph__find(g, id);

    return pos == NONE ? NULL : mg_revgraph__at(g, pos);
}

const char *
mg_revgraph_origin(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r ? r->origin : NULL;
}

int
mg_revgraph_contains(const mg_revgraph *g, const char *id)
{
    return rev_by_id(g, id) != NULL;
}

const mg_strlist *
mg_revgraph_down_revisions(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r ? &r->down_ids : NULL;
}

const mg_strlist *
mg_revgraph_depends_on(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r ? &r->dep_ids : NULL;
}

const mg_strlist *
mg_revgraph_branch_labels(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r ? &r->labels : NULL;
}

const mg_strlist *
mg_revgraph_children(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r ? &r->kid_ids : NULL;
}

/* Append, in order, the ids of revisions without children (kids) or
 * without down revisions (!kids). */
static int
append_if_empty(const mg_revgraph *g, int kids, mg_strlist *out,
                mg_error *err)
{
    size_t p;

    for (p = 0; p < mg_revgraph_count(g); p++) {
        const struct mg_rev *r = mg_revgraph__at(g, p);

        if ((kids ? r->kids.n : r->down.n) == 0 &&
            mg_strlist_add(out, r->id) < 0)
            return oom(err);
    }
    return 0;
}

int
mg_revgraph_heads(const mg_revgraph *g, mg_strlist *out, mg_error *err)
{
    return append_if_empty(g, 1, out, err);
}

int
mg_revgraph_bases(const mg_revgraph *g, mg_strlist *out, mg_error *err)
{
    return append_if_empty(g, 0, out, err);
}

int
mg_revgraph_is_head(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r && r->kids.n == 0;
}

int
mg_revgraph_is_branchpoint(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r && r->kids.n > 1;
}

int
mg_revgraph_is_mergepoint(const mg_revgraph *g, const char *id)
{
    const struct mg_rev *r = rev_by_id(g, id);

    return r && r->down.n > 1;
}

int
mg_revgraph_effective_labels(const mg_revgraph *g, const char *id,
                             mg_strlist *out, mg_error *err)
{
    size_t start = mg_revgraph__find(g, id), p, k;
    unsigned char *seen;
    int rc = 0;

    if (start == NONE)
        return mg_error_set(err, MG_ENOTFOUND, "unknown revision '%s'", id);
    if (!(seen = calloc(start + 1, 1)))
        return oom(err);
    seen[start] = 1;
    /* Parents have smaller positions: one pass downwards visits every
     * ancestor after all of its descendants on the way from id. */
    for (p = start + 1; p-- > 0 && rc == 0;) {
        const struct mg_rev *r = mg_revgraph__at(g, p);
        if (!seen[p])
            continue;
        for (k = 0; k < r->labels.n && rc == 0; k++)
            if (!mg_strlist_contains(out, r->labels.v[k]) &&
                mg_strlist_add(out, r->labels.v[k]) < 0)
                rc = oom(err);
        for (k = 0; k < r->down.n; k++)
            seen[r->down.v[k]] = 1;
    }
    free(seen);
    return rc;
}
