/* revtarget.c - from a target ("head", "+2", "feature@head", "ae10-1", ...)
 * and the version rows a database holds, compute what to do: upgrade and
 * downgrade plans with the rows before and after each step, the rows named
 * by a stamp, the revisions of a history range, and the branch label a
 * head is the only head of. Everything works on
 * topological positions (revgraph_int.h), so "ancestors of a set" is one
 * backward sweep over the order and "descendants" one forward sweep, and
 * every operation is linear in the size of the graph.
 *
 * The version rows of an applied set A are the members of A with no child
 * (through down revisions; dependencies do not count) in A. Every plan
 * starts by normalising the given rows that way, so rows such as
 * {parent, child} left by hand behave like {child}. */
#include "revgraph_int.h"

#include <stdlib.h>
#include <string.h>

#define NONE MG_REVGRAPH_NONE
#define AT(g, p) mg_revgraph__at((g), (p))

/* A relative step has at most this many digits. */
#define MAX_STEP_DIGITS 9

struct mg_plan {
    mg_strlist  revs;       /* revision of each step */
    mg_strlist *before;     /* rows before each step */
    mg_strlist *after;      /* rows after each step */
    size_t      slots;      /* entries allocated in before and after */
    mg_strlist  final;      /* rows when done */
};

static int
oom(mg_error *err)
{
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

/* ---- sets of positions ----------------------------------------------- */

/* Add the ancestors of marked revisions (through down revisions, and
 * dependencies when with_deps). Parents precede children, so one backward
 * sweep suffices. */
static void
close_up(const mg_revgraph *g, unsigned char *mark, int with_deps)
{
    size_t p = mg_revgraph_count(g), k;

    while (p-- > 0) {
        const struct mg_rev *r;

        if (!mark[p])
            continue;
        r = AT(g, p);
        for (k = 0; k < r->down.n; k++)
            mark[r->down.v[k]] = 1;
        for (k = 0; with_deps && k < r->deps.n; k++)
            mark[r->deps.v[k]] = 1;
    }
}

/* Add the descendants of marked revisions (children, and dependents when
 * with_deps), in one forward sweep. */
static void
close_down(const mg_revgraph *g, unsigned char *mark, int with_deps)
{
    size_t p, k, n = mg_revgraph_count(g);

    for (p = 0; p < n; p++) {
        const struct mg_rev *r;

        if (!mark[p])
            continue;
        r = AT(g, p);
        for (k = 0; k < r->kids.n; k++)
            mark[r->kids.v[k]] = 1;
        for (k = 0; with_deps && k < r->users.n; k++)
            mark[r->users.v[k]] = 1;
    }
}

static unsigned char *
new_mark(const mg_revgraph *g)
{
    return calloc(mg_revgraph_count(g) + 1, 1);
}

/* The version rows of the marked set: members without a marked child. */
static int
heads_of(const mg_revgraph *g, const unsigned char *mark, mg_ixvec *out)
{
    size_t p, k, n = mg_revgraph_count(g);

    for (p = 0; p < n; p++) {
        const struct mg_rev *r = AT(g, p);

        if (!mark[p])
            continue;
        for (k = 0; k < r->kids.n && !mark[r->kids.v[k]]; k++)
            ;
        if (k == r->kids.n && mg_revgraph__ixpush(out, p) < 0)
            return MG_ENOMEM;
    }
    return 0;
}

/* Insert v into the ascending x unless present. */
static int
ix_insert(mg_ixvec *x, size_t v)
{
    size_t i;

    for (i = 0; i < x->n && x->v[i] < v; i++)
        ;
    if (i < x->n && x->v[i] == v)
        return 0;
    if (mg_revgraph__ixpush(x, v) < 0)
        return MG_ENOMEM;
    memmove(x->v + i + 1, x->v + i, (x->n - 1 - i) * sizeof(*x->v));
    x->v[i] = v;
    return 0;
}

static void
ix_remove(mg_ixvec *x, size_t v)
{
    size_t i;

    for (i = 0; i < x->n; i++)
        if (x->v[i] == v) {
            memmove(x->v + i, x->v + i + 1, (x->n - 1 - i) * sizeof(*x->v));
            x->n--;
            return;
        }
}

static int
ix_copy(mg_ixvec *dst, const mg_ixvec *src)
{
    size_t i;

    for (i = 0; i < src->n; i++)
        if (mg_revgraph__ixpush(dst, src->v[i]) < 0)
            return MG_ENOMEM;
    return 0;
}

static int
ix_ids(const mg_revgraph *g, const mg_ixvec *x, mg_strlist *out)
{
    size_t i;

    for (i = 0; i < x->n; i++)
        if (mg_strlist_add(out, AT(g, x->v[i])->id) < 0)
            return MG_ENOMEM;
    return 0;
}

/* "a, b, c" for messages. */
static const char *
ix_join(const mg_revgraph *g, const mg_ixvec *x, mg_buf *b)
{
    size_t i;

    for (i = 0; i < x->n; i++)
        mg_buf_addf(b, "%s%s", i ? ", " : "", AT(g, x->v[i])->id);
    return mg_buf_cstr(b);
}

/* ---- where the database is ------------------------------------------- */

struct state {
    const mg_revgraph *g;
    unsigned char     *applied;   /* the applied set, closed upwards */
    mg_ixvec           rows;      /* its version rows, ascending */
};

static void
state_release(struct state *st)
{
    free(st->applied);
    mg_revgraph__ixrelease(&st->rows);
}

static int
state_init(struct state *st, const mg_revgraph *g, const mg_strlist *current,
           mg_error *err)
{
    size_t i, p;

    memset(st, 0, sizeof(*st));
    st->g = g;
    if (!(st->applied = new_mark(g)))
        return oom(err);
    for (i = 0; current && i < current->n; i++) {
        if ((p = mg_revgraph__find(g, current->v[i])) == NONE)
            return mg_error_set(err, MG_ENOTFOUND, "unknown revision '%s' in "
                                "the current version rows", current->v[i]);
        st->applied[p] = 1;
    }
    close_up(g, st->applied, 1);
    return heads_of(g, st->applied, &st->rows) < 0 ? oom(err) : 0;
}

/* ---- targets --------------------------------------------------------- */

enum tkind {
    T_BASE,         /* base */
    T_HEAD,         /* head */
    T_HEADS,        /* heads */
    T_REF,          /* id, prefix or label */
    T_REL,          /* +N, -N: from the current rows */
    T_REV_REL,      /* REV+N, REV-N */
    T_BR_HEAD,      /* X@head */
    T_BR_BASE,      /* X@base */
    T_BR_REL        /* X@+N, X@-N: from the current row on X's branch */
};

struct target {
    enum tkind  kind;
    const char *text;       /* the whole target, for messages */
    char       *ref;        /* the REV or LABEL part, or NULL */
    int         sign;       /* +1 or -1 for relative forms */
    size_t      n;          /* steps for relative forms */
};

static int
is_relative(const struct target *t)
{
    return t->kind == T_REL || t->kind == T_REV_REL || t->kind == T_BR_REL;
}

static int
parse_steps(const char *s, size_t *n)
{
    size_t v = 0, k;

    for (k = 0; s[k]; k++) {
        if (s[k] < '0' || s[k] > '9' || k >= MAX_STEP_DIGITS)
            return -1;
        v = v * 10 + (size_t)(s[k] - '0');
    }
    if (k == 0)
        return -1;
    *n = v;
    return 0;
}

static int
parse_target(const mg_revgraph *g, const char *text, struct target *t,
             mg_error *err)
{
    const char *at, *plus, *minus, *op;
    size_t len;

    memset(t, 0, sizeof(*t));
    t->text = text;
    if (!text || !*text)
        return mg_error_set(err, MG_EUSAGE, "empty revision target");
    if (strcmp(text, "base") == 0 || strcmp(text, "head") == 0 ||
        strcmp(text, "heads") == 0) {
        t->kind = text[0] == 'b' ? T_BASE : text[4] ? T_HEADS : T_HEAD;
        return 0;
    }
    len = strlen(text);
    if ((at = strchr(text, '@')) != NULL) {
        const char *rest = at + 1;

        if (at == text)
            goto malformed;
        if (strcmp(rest, "head") == 0) {
            t->kind = T_BR_HEAD;
        } else if (strcmp(rest, "base") == 0) {
            t->kind = T_BR_BASE;
        } else if ((*rest == '+' || *rest == '-') &&
                   parse_steps(rest + 1, &t->n) == 0) {
            t->kind = T_BR_REL;
            t->sign = *rest == '+' ? 1 : -1;
        } else {
            goto malformed;
        }
        len = (size_t)(at - text);
    } else if (*text == '+' || *text == '-') {
        if (parse_steps(text + 1, &t->n) < 0)
            goto malformed;
        t->kind = T_REL;
        t->sign = *text == '+' ? 1 : -1;
        return 0;
    } else if (mg_revgraph__find_name(g, text) != NONE) {
        t->kind = T_REF;    /* an exact id or label, even one holding '-' */
    } else {
        plus = strrchr(text, '+');
        minus = strrchr(text, '-');
        op = !plus ? minus : !minus ? plus : plus > minus ? plus : minus;
        t->kind = T_REF;
        if (op && parse_steps(op + 1, &t->n) == 0) {
            t->kind = T_REV_REL;
            t->sign = *op == '+' ? 1 : -1;
            len = (size_t)(op - text);
        } else if (plus || (op && !op[1])) {
            goto malformed;
        }
    }
    if (!(t->ref = malloc(len + 1)))
        return oom(err);
    memcpy(t->ref, text, len);
    t->ref[len] = '\0';
    return 0;
malformed:
    return mg_error_set(err, MG_EUSAGE, "malformed revision target '%s' "
                        "(expected head, heads, base, a revision, +N, -N, "
                        "REV+N, REV-N, LABEL@head, LABEL@base or LABEL@+N)",
                        text);
}

static void
target_release(struct target *t)
{
    free(t->ref);
    t->ref = NULL;
}

/* The single head among the revisions marked in `within` (all when NULL);
 * NONE when there is none. what names the branch for messages. */
static int
single_head(const mg_revgraph *g, const unsigned char *within,
            const char *what, size_t *out, mg_error *err)
{
    mg_ixvec heads = MG_IXVEC_INIT;
    mg_buf b = MG_BUF_INIT;
    size_t p, n = mg_revgraph_count(g);
    int rc = 0;

    *out = NONE;
    for (p = 0; p < n; p++)
        if ((!within || within[p]) && AT(g, p)->kids.n == 0 &&
            mg_revgraph__ixpush(&heads, p) < 0) {
            rc = oom(err);
            goto done;
        }
    if (heads.n == 1) {
        *out = heads.v[0];
    } else if (heads.n > 1) {
        ix_join(g, &heads, &b);
        if (b.oom)
            rc = oom(err);
        else if (!within)
            rc = mg_error_set(err, MG_EAMBIGUOUS, "multiple heads: %s; use "
                              "'heads' or LABEL@head", mg_buf_cstr(&b));
        else
            rc = mg_error_set(err, MG_EAMBIGUOUS, "several heads descend from "
                              "'%s': %s; name one", what, mg_buf_cstr(&b));
    }
done:
    mg_revgraph__ixrelease(&heads);
    mg_buf_release(&b);
    return rc;
}

/* A reference inside a target: "head" or anything mg_revgraph_lookup
 * takes. */
static int
named(const mg_revgraph *g, const char *ref, size_t *pos, mg_error *err)
{
    int rc;

    if (strcmp(ref, "head") != 0)
        return mg_revgraph__lookup(g, ref, pos, err);
    if ((rc = single_head(g, NULL, NULL, pos, err)) == 0 && *pos == NONE)
        rc = mg_error_set(err, MG_ENOTFOUND, "there is no head: the "
                          "revision graph is empty");
    return rc;
}

/* The revision and its descendants through down revisions. */
static unsigned char *
branch_of(const mg_revgraph *g, size_t pos)
{
    unsigned char *mark = new_mark(g);

    if (mark) {
        mark[pos] = 1;
        close_down(g, mark, 0);
    }
    return mark;
}

/* Does the branch from b (b and its descendants) have exactly one head? */
static int
one_head(const mg_revgraph *g, size_t b)
{
    unsigned char *mark = branch_of(g, b);
    size_t p, n = mg_revgraph_count(g), heads = 0;

    if (!mark)
        return 0;
    for (p = b; p < n && heads < 2; p++)
        if (mark[p] && AT(g, p)->kids.n == 0)
            heads++;
    free(mark);
    return heads == 1;
}

const char *
mg_revgraph_head_label(const mg_revgraph *g, const char *id)
{
    unsigned char *up;
    const char *label = NULL;
    size_t p, pos = mg_revgraph__find(g, id);

    if (pos == NONE || AT(g, pos)->kids.n > 0 || !(up = new_mark(g)))
        return NULL;
    up[pos] = 1;
    close_up(g, up, 0);
    for (p = pos + 1; p-- > 0 && !label;)
        if (up[p] && AT(g, p)->labels.n > 0 && one_head(g, p))
            label = AT(g, p)->labels.v[0];
    free(up);
    return label;
}

/* The hint after an ambiguous step k (0-based) of t's walk, taken at a
 * fork into the revisions in `ways`: the target that walks the rest of the
 * way from the first of them. Up: CHILD+REST (or CHILD), which every
 * command takes as an absolute revision. Down from a merge: REV-N names
 * the revision to land on; -N and LABEL@-N, which mean "this far below
 * where the database is", need two runs, the first reverting down to the
 * merge's parents. */
static void
hint(const mg_revgraph *g, const struct target *t, size_t k,
     const mg_ixvec *ways, mg_buf *b)
{
    const char *way = AT(g, ways->v[0])->id;
    size_t rest = t->n - k - 1;

    if (t->sign > 0 && rest == 0)
        mg_buf_addf(b, "name one, e.g. %s", way);
    else if (t->sign > 0)
        mg_buf_addf(b, "name one, e.g. %s+%zu", way, rest);
    else if (t->kind == T_REV_REL)
        mg_buf_addf(b, "name one, e.g. %s-%zu", way, rest);
    else
        mg_buf_addf(b, "go down in two runs, e.g. %s%s-%zu (to the merge's "
                    "parents) then %s@-%zu", t->ref ? t->ref : "",
                    t->ref ? "@" : "", k + 1, way, rest);
}

/* Fail for step k of t's walk, which forks at `at` (NONE: base) into the
 * revisions in `ways`: several children or roots up, several parents
 * down. */
static int
fork_error(const mg_revgraph *g, const struct target *t, size_t k, size_t at,
           const mg_ixvec *ways, mg_error *err)
{
    mg_buf b = MG_BUF_INIT, h = MG_BUF_INIT;
    int rc;

    ix_join(g, ways, &b);
    hint(g, t, k, ways, &h);
    if (b.oom || h.oom)
        rc = oom(err);
    else if (t->sign < 0)
        rc = mg_error_set(err, MG_EAMBIGUOUS, "relative revision %s is "
                          "ambiguous: %s is a merge of %s; %s", t->text,
                          AT(g, at)->id, mg_buf_cstr(&b), mg_buf_cstr(&h));
    else if (at == NONE)
        rc = mg_error_set(err, MG_EAMBIGUOUS, "relative revision %s is "
                          "ambiguous: there are several roots (%s); %s",
                          t->text, mg_buf_cstr(&b), mg_buf_cstr(&h));
    else
        rc = mg_error_set(err, MG_EAMBIGUOUS, "relative revision %s is "
                          "ambiguous: %s has several children (%s); %s",
                          t->text, AT(g, at)->id, mg_buf_cstr(&b),
                          mg_buf_cstr(&h));
    mg_buf_release(&b);
    mg_buf_release(&h);
    return rc;
}

/* Walk t->n steps up along children from start; from base (start NONE)
 * the first step goes to the one revision in `first`. */
static int
walk_up(const mg_revgraph *g, size_t start, const mg_ixvec *first,
        const struct target *t, size_t *out, mg_error *err)
{
    size_t cur = start, k;

    for (k = 0; k < t->n; k++) {
        const mg_ixvec *next = cur == NONE ? first : &AT(g, cur)->kids;

        if (next->n == 0)
            return mg_error_set(err, MG_EUSAGE, "relative revision %s goes "
                                "beyond head", t->text);
        if (next->n > 1)
            return fork_error(g, t, k, cur, next, err);
        cur = next->v[0];
    }
    *out = cur;
    return 0;
}

/* Walk t->n steps down along down revisions from start. The last step may
 * leave a root (for base) or a merge (for all its parents, as Alembic's
 * "downgrade -1" from a merge does): then *out is NONE and *below the
 * revision left behind, which a downgrade reverts. A step below base, or
 * through a merge before the last, is an error. */
static int
walk_down(const mg_revgraph *g, size_t start, const struct target *t,
          size_t *out, size_t *below, mg_error *err)
{
    size_t cur = start, k;

    *below = NONE;
    for (k = 0; k < t->n; k++) {
        const struct mg_rev *r;

        if (cur == NONE)
            return mg_error_set(err, MG_EUSAGE, "relative revision %s goes "
                                "below base", t->text);
        r = AT(g, cur);
        if (r->down.n > 1 && k + 1 < t->n)
            return fork_error(g, t, k, cur, &r->down, err);
        if (r->down.n != 1) {
            *below = cur;
            cur = NONE;
        } else {
            cur = r->down.v[0];
        }
    }
    *out = cur;
    return 0;
}

/* What a target names, given the current state. */
struct point {
    mg_ixvec set;       /* the revisions; empty means base */
    size_t   below;     /* a relative walk's last step left this root or
                         * merge (set: base or its parents), or NONE */
    size_t   branch;    /* the start row of a LABEL@-N walk, or NONE */
};

static void
point_release(struct point *pt)
{
    mg_revgraph__ixrelease(&pt->set);
}

/* The rows a relative walk may start from: the version rows that no other
 * row needs. A row that is only there because another row depends on it
 * (trunk under altdep, which depends on it) is not where "-1" starts, as
 * in Alembic, whose version table would not hold it. */
static int
top_rows(const struct state *st, mg_ixvec *out, mg_error *err)
{
    const mg_revgraph *g = st->g;
    unsigned char *needed = new_mark(g);
    size_t i, k;

    if (!needed)
        return oom(err);
    for (i = 0; i < st->rows.n; i++) {
        const struct mg_rev *r = AT(g, st->rows.v[i]);
        for (k = 0; k < r->down.n; k++)
            needed[r->down.v[k]] = 1;
        for (k = 0; k < r->deps.n; k++)
            needed[r->deps.v[k]] = 1;
    }
    close_up(g, needed, 1);
    for (i = 0; i < st->rows.n; i++)
        if (!needed[st->rows.v[i]] &&
            mg_revgraph__ixpush(out, st->rows.v[i]) < 0) {
            free(needed);
            return oom(err);
        }
    free(needed);
    return 0;
}

/* Where a relative target starts: the current row (several: ambiguous,
 * naming a REV@+N / REV@-N that walks from one of them), or base with the
 * roots as first step. */
static int
start_from_rows(const struct state *st, const struct target *t,
                size_t *start, mg_ixvec *first, mg_error *err)
{
    const mg_revgraph *g = st->g;
    mg_ixvec top = MG_IXVEC_INIT;
    mg_buf b = MG_BUF_INIT;
    size_t p, n = mg_revgraph_count(g);
    int rc;

    if ((rc = top_rows(st, &top, err)) < 0)
        return rc;
    if (top.n > 1) {
        ix_join(g, &top, &b);
        rc = b.oom ? oom(err) :
            mg_error_set(err, MG_EAMBIGUOUS, "several heads are applied "
                         "(%s); name one, e.g. %s@%c%zu", mg_buf_cstr(&b),
                         AT(g, top.v[0])->id, t->sign > 0 ? '+' : '-', t->n);
    } else if (top.n == 1) {
        *start = top.v[0];
    } else {
        for (p = 0; p < n && rc == 0; p++)
            if (AT(g, p)->down.n == 0 && mg_revgraph__ixpush(first, p) < 0)
                rc = oom(err);
    }
    mg_revgraph__ixrelease(&top);
    mg_buf_release(&b);
    return rc;
}

/* Where a LABEL@+N or LABEL@-N target starts: the current row on the
 * branch (the labelled revision and its descendants), or, when nothing of
 * it is applied, just below the labelled revision. */
static int
start_on_branch(const struct state *st, const struct target *t,
                size_t *start, mg_ixvec *first, mg_error *err)
{
    const mg_revgraph *g = st->g;
    unsigned char *mark = NULL;
    mg_ixvec on = MG_IXVEC_INIT;
    mg_buf b = MG_BUF_INIT;
    size_t lab, i;
    int rc;

    if ((rc = named(g, t->ref, &lab, err)) < 0)
        return rc;
    if (!(mark = branch_of(g, lab))) {
        rc = oom(err);
        goto done;
    }
    for (i = 0; i < st->rows.n; i++)
        if (mark[st->rows.v[i]] &&
            mg_revgraph__ixpush(&on, st->rows.v[i]) < 0) {
            rc = oom(err);
            goto done;
        }
    if (on.n > 1) {
        ix_join(g, &on, &b);
        rc = b.oom ? oom(err) :
            mg_error_set(err, MG_EAMBIGUOUS, "several revisions of branch "
                         "'%s' are applied (%s); name one, e.g. %s@%c%zu",
                         t->ref, mg_buf_cstr(&b), AT(g, on.v[0])->id,
                         t->sign > 0 ? '+' : '-', t->n);
    } else if (on.n == 1) {
        *start = on.v[0];
    } else if (t->sign < 0 && t->n > 0) {
        rc = mg_error_set(err, MG_EUSAGE, "relative revision %s: nothing of "
                          "branch '%s' is applied", t->text, t->ref);
    } else if (mg_revgraph__ixpush(first, lab) < 0) {
        rc = oom(err);
    }
done:
    free(mark);
    mg_revgraph__ixrelease(&on);
    mg_buf_release(&b);
    return rc;
}

/* Resolve a parsed target against the state. pt must be zeroed. */
static int
resolve_point(const struct state *st, const struct target *t,
              struct point *pt, mg_error *err)
{
    const mg_revgraph *g = st->g;
    unsigned char *mark = NULL;
    mg_ixvec first = MG_IXVEC_INIT;
    size_t p, start = NONE, pos = NONE, n = mg_revgraph_count(g);
    int rc = 0;

    pt->below = pt->branch = NONE;
    switch (t->kind) {
    case T_BASE:
        return 0;
    case T_HEADS:
        for (p = 0; p < n; p++)
            if (AT(g, p)->kids.n == 0 &&
                mg_revgraph__ixpush(&pt->set, p) < 0)
                return oom(err);
        return 0;
    case T_HEAD:
        rc = single_head(g, NULL, NULL, &pos, err);
        break;
    case T_REF:
        rc = named(g, t->ref, &pos, err);
        break;
    case T_BR_BASE:
        return mg_error_set(err, MG_EUSAGE, "'%s' names no revision; it is "
                            "a downgrade target", t->text);
    case T_BR_HEAD:
        if ((rc = named(g, t->ref, &p, err)) < 0)
            break;
        if (!(mark = branch_of(g, p)))
            rc = oom(err);
        else
            rc = single_head(g, mark, t->ref, &pos, err);
        break;
    case T_REL:
        if (t->n == 0)
            return ix_copy(&pt->set, &st->rows) < 0 ? oom(err) : 0;
        rc = start_from_rows(st, t, &start, &first, err);
        break;
    case T_REV_REL:
        rc = named(g, t->ref, &start, err);
        break;
    case T_BR_REL:
        rc = start_on_branch(st, t, &start, &first, err);
        if (t->sign < 0)
            pt->branch = start;
        break;
    }
    if (rc == 0 && is_relative(t)) {
        if (t->sign > 0)
            rc = walk_up(g, start, &first, t, &pos, err);
        else
            rc = walk_down(g, start, t, &pos, &pt->below, err);
    }
    if (rc == 0 && pos != NONE && mg_revgraph__ixpush(&pt->set, pos) < 0)
        rc = oom(err);
    if (rc == 0 && pt->below != NONE &&
        ix_copy(&pt->set, &AT(g, pt->below)->down) < 0)
        rc = oom(err);
    free(mark);
    mg_revgraph__ixrelease(&first);
    return rc;
}

/* ---- plans ----------------------------------------------------------- */

void
mg_plan_free(mg_plan *p)
{
    size_t i;

    if (!p)
        return;
    mg_strlist_release(&p->revs);
    for (i = 0; i < p->slots; i++) {
        mg_strlist_release(&p->before[i]);
        mg_strlist_release(&p->after[i]);
    }
    free(p->before);
    free(p->after);
    mg_strlist_release(&p->final);
    free(p);
}

size_t
mg_plan_count(const mg_plan *p)
{
    return p ? p->revs.n : 0;
}

const char *
mg_plan_revision(const mg_plan *p, size_t i)
{
    return p && i < p->revs.n ? p->revs.v[i] : NULL;
}

const mg_strlist *
mg_plan_rows_before(const mg_plan *p, size_t i)
{
    return p && i < p->revs.n ? &p->before[i] : NULL;
}

const mg_strlist *
mg_plan_rows_after(const mg_plan *p, size_t i)
{
    return p && i < p->revs.n ? &p->after[i] : NULL;
}

const mg_strlist *
mg_plan_final_rows(const mg_plan *p)
{
    return p ? &p->final : NULL;
}

static mg_plan *
plan_new(size_t steps)
{
    mg_plan *p = calloc(1, sizeof(*p));

    if (!p)
        return NULL;
    p->slots = steps;
    p->before = calloc(steps + 1, sizeof(*p->before));
    p->after = calloc(steps + 1, sizeof(*p->after));
    if (!p->before || !p->after) {
        mg_plan_free(p);
        return NULL;
    }
    return p;
}

/* Does d have a child still marked in applied? */
static int
has_applied_child(const mg_revgraph *g, const unsigned char *applied,
                  size_t d)
{
    const struct mg_rev *r = AT(g, d);
    size_t k;

    for (k = 0; k < r->kids.n; k++)
        if (applied[r->kids.v[k]])
            return 1;
    return 0;
}

/* Turn steps into a plan, updating the rows (and, for a downgrade, the
 * applied set) one step at a time: upgrading r replaces its down
 * revisions by r; reverting r removes it and brings back each down
 * revision left without an applied child. */
static int
make_plan(mg_plan **out, struct state *st, const mg_ixvec *steps, int up,
          mg_error *err)
{
    const mg_revgraph *g = st->g;
    mg_plan *p = plan_new(steps->n);
    mg_ixvec *rows = &st->rows;
    size_t i, k;

    if (!p)
        return oom(err);
    for (i = 0; i < steps->n; i++) {
        size_t r = steps->v[i];
        const struct mg_rev *rev = AT(g, r);

        if (mg_strlist_add(&p->revs, rev->id) < 0 ||
            ix_ids(g, rows, &p->before[i]) < 0)
            goto fail;
        if (up) {
            for (k = 0; k < rev->down.n; k++)
                ix_remove(rows, rev->down.v[k]);
            if (ix_insert(rows, r) < 0)
                goto fail;
        } else {
            ix_remove(rows, r);
            st->applied[r] = 0;
            for (k = 0; k < rev->down.n; k++)
                if (!has_applied_child(g, st->applied, rev->down.v[k]) &&
                    ix_insert(rows, rev->down.v[k]) < 0)
                    goto fail;
        }
        if (ix_ids(g, rows, &p->after[i]) < 0)
            goto fail;
    }
    if (ix_ids(g, rows, &p->final) < 0)
        goto fail;
    *out = p;
    return 0;
fail:
    mg_plan_free(p);
    return oom(err);
}

int
mg_revgraph_plan_upgrade(mg_plan **out, const mg_revgraph *g,
                         const mg_strlist *current, const char *target,
                         mg_error *err)
{
    struct state st;
    struct target t;
    struct point pt;
    unsigned char *need = NULL;
    mg_ixvec steps = MG_IXVEC_INIT;
    size_t i, p, n = mg_revgraph_count(g);
    int rc;

    *out = NULL;
    memset(&pt, 0, sizeof(pt));
    memset(&t, 0, sizeof(t));
    if ((rc = state_init(&st, g, current, err)) < 0 ||
        (rc = parse_target(g, target, &t, err)) < 0)
        goto done;
    if (t.kind == T_REL && t.sign < 0 && t.n > 0) {
        rc = mg_error_set(err, MG_EUSAGE, "'%s' is a downgrade target; use "
                          "downgrade", target);
        goto done;
    }
    if ((rc = resolve_point(&st, &t, &pt, err)) < 0)
        goto done;
    if (!(need = new_mark(g))) {
        rc = oom(err);
        goto done;
    }
    for (i = 0; i < pt.set.n; i++)
        need[pt.set.v[i]] = 1;
    close_up(g, need, 1);
    for (p = 0; p < n; p++)
        if (need[p] && !st.applied[p] &&
            mg_revgraph__ixpush(&steps, p) < 0) {
            rc = oom(err);
            goto done;
        }
    rc = make_plan(out, &st, &steps, 1, err);
done:
    free(need);
    mg_revgraph__ixrelease(&steps);
    point_release(&pt);
    target_release(&t);
    state_release(&st);
    return rc;
}

/* Mark in rm what a downgrade to t reverts (before intersecting with the
 * applied set): t's children (whose descendants and dependents the caller
 * adds), or for a LABEL@-N walk only the children of t that lead to the
 * branch's row. */
static int
mark_above(const struct state *st, const struct point *pt, size_t t,
           unsigned char *rm, mg_error *err)
{
    const mg_revgraph *g = st->g;
    const struct mg_rev *r = AT(g, t);
    unsigned char *path = NULL;
    size_t k;

    if (pt->branch != NONE) {
        if (!(path = new_mark(g)))
            return oom(err);
        path[pt->branch] = 1;
        close_up(g, path, 0);
    }
    for (k = 0; k < r->kids.n; k++)
        if (!path || path[r->kids.v[k]])
            rm[r->kids.v[k]] = 1;
    /* A revision that merely depends on t stays: t stays. What depends on
     * a reverted revision goes, through close_down(). */
    free(path);
    return 0;
}

int
mg_revgraph_plan_downgrade(mg_plan **out, const mg_revgraph *g,
                           const mg_strlist *current, const char *target,
                           mg_error *err)
{
    struct state st;
    struct target t;
    struct point pt;
    unsigned char *rm = NULL;
    mg_ixvec steps = MG_IXVEC_INIT;
    size_t p, lab, n = mg_revgraph_count(g);
    int rc;

    *out = NULL;
    memset(&pt, 0, sizeof(pt));
    memset(&t, 0, sizeof(t));
    if ((rc = state_init(&st, g, current, err)) < 0 ||
        (rc = parse_target(g, target, &t, err)) < 0)
        goto done;
    if (!(rm = new_mark(g))) {
        rc = oom(err);
        goto done;
    }
    if (t.kind == T_BASE) {
        memcpy(rm, st.applied, n);
    } else if (t.kind == T_HEADS) {
        rc = mg_error_set(err, MG_EUSAGE, "'heads' is not a downgrade "
                          "target; use base, a revision, -N or LABEL@base");
        goto done;
    } else if (t.kind == T_BR_BASE) {
        if ((rc = named(g, t.ref, &lab, err)) < 0)
            goto done;
        rm[lab] = 1;
    } else if (!is_relative(&t) || t.n > 0) {
        if ((rc = resolve_point(&st, &t, &pt, err)) < 0)
            goto done;
        if (pt.below != NONE) {
            rm[pt.below] = 1;
        } else if (pt.set.n > 0) {
            size_t to = pt.set.v[0];

            if (!st.applied[to]) {
                rc = mg_error_set(err, MG_EUSAGE, "'%s' is not applied; "
                                  "nothing to downgrade to", AT(g, to)->id);
                goto done;
            }
            if ((rc = mark_above(&st, &pt, to, rm, err)) < 0)
                goto done;
        }
    }
    close_down(g, rm, 1);
    for (p = n; p-- > 0;)
        if (rm[p] && st.applied[p] && mg_revgraph__ixpush(&steps, p) < 0) {
            rc = oom(err);
            goto done;
        }
    rc = make_plan(out, &st, &steps, 0, err);
done:
    free(rm);
    mg_revgraph__ixrelease(&steps);
    point_release(&pt);
    target_release(&t);
    state_release(&st);
    return rc;
}

/* ---- stamp and history ----------------------------------------------- */

int
mg_revgraph_resolve(mg_strlist *out, const mg_revgraph *g,
                    const mg_strlist *current, const char *target,
                    mg_error *err)
{
    struct state st;
    struct target t;
    struct point pt;
    int rc;

    memset(&pt, 0, sizeof(pt));
    memset(&t, 0, sizeof(t));
    if ((rc = state_init(&st, g, current, err)) == 0 &&
        (rc = parse_target(g, target, &t, err)) == 0 &&
        (rc = resolve_point(&st, &t, &pt, err)) == 0 &&
        ix_ids(g, &pt.set, out) < 0)
        rc = oom(err);
    point_release(&pt);
    target_release(&t);
    state_release(&st);
    return rc;
}

int
mg_revgraph_stamp_rows(mg_strlist *out, const mg_revgraph *g,
                       const mg_strlist *current,
                       const mg_strlist *targets, mg_error *err)
{
    unsigned char *up = new_mark(g), *down = new_mark(g), *set = new_mark(g);
    mg_ixvec rows = MG_IXVEC_INIT;
    size_t i, p;
    int rc = 0;

    if (!up || !down || !set) {
        rc = oom(err);
        goto done;
    }
    for (i = 0; targets && i < targets->n; i++) {
        if ((rc = mg_revgraph__lookup(g, targets->v[i], &p, err)) < 0)
            goto done;
        up[p] = down[p] = set[p] = 1;
    }
    close_up(g, up, 1);
    close_down(g, down, 1);
    for (i = 0; current && i < current->n; i++) {
        if ((p = mg_revgraph__find(g, current->v[i])) == NONE) {
            rc = mg_error_set(err, MG_ENOTFOUND, "unknown revision '%s' in "
                              "the current version rows", current->v[i]);
            goto done;
        }
        if (!up[p] && !down[p])
            set[p] = 1;
    }
    close_up(g, set, 1);
    if (heads_of(g, set, &rows) < 0 || ix_ids(g, &rows, out) < 0)
        rc = oom(err);
done:
    free(up);
    free(down);
    free(set);
    mg_revgraph__ixrelease(&rows);
    return rc;
}

/* Mark one side of a history range. "" leaves *all set (no bound);
 * base, and relative walks that reach it, mark nothing. */
static int
range_side(const struct state *st, const char *text, unsigned char *mark,
           int *all, mg_error *err)
{
    struct target t;
    struct point pt;
    size_t i;
    int rc;

    *all = 0;
    if (!*text) {
        *all = 1;
        return 0;
    }
    if (strcmp(text, "current") == 0) {
        for (i = 0; i < st->rows.n; i++)
            mark[st->rows.v[i]] = 1;
        return 0;
    }
    memset(&pt, 0, sizeof(pt));
    if ((rc = parse_target(st->g, text, &t, err)) < 0)
        return rc;
    if (t.kind != T_BR_BASE && (rc = resolve_point(st, &t, &pt, err)) == 0)
        for (i = 0; i < pt.set.n; i++)
            mark[pt.set.v[i]] = 1;
    point_release(&pt);
    target_release(&t);
    return rc;
}

int
mg_revgraph_range(mg_strlist *out, const mg_revgraph *g,
                  const mg_strlist *current, const char *range,
                  mg_error *err)
{
    struct state st;
    unsigned char *lo = NULL, *hi = NULL;
    char *lower = NULL;
    const char *colon;
    size_t p, n = mg_revgraph_count(g);
    int rc, lo_all = 1, hi_all = 1, lo_base;

    if ((rc = state_init(&st, g, current, err)) < 0)
        goto done;
    if (!(lo = new_mark(g)) || !(hi = new_mark(g))) {
        rc = oom(err);
        goto done;
    }
    if (range) {
        colon = strchr(range, ':');
        if (!colon || strchr(colon + 1, ':')) {
            rc = mg_error_set(err, MG_EUSAGE, "malformed revision range '%s' "
                              "(expected LOWER:UPPER; either may be empty)",
                              range);
            goto done;
        }
        if (!(lower = malloc((size_t)(colon - range) + 1))) {
            rc = oom(err);
            goto done;
        }
        memcpy(lower, range, (size_t)(colon - range));
        lower[colon - range] = '\0';
        if ((rc = range_side(&st, lower, lo, &lo_all, err)) < 0 ||
            (rc = range_side(&st, colon + 1, hi, &hi_all, err)) < 0)
            goto done;
    }
    /* A lower bound at base (nothing marked) bounds nothing. */
    for (lo_base = 1, p = 0; p < n && lo_base; p++)
        lo_base = !lo[p];
    close_down(g, lo, 1);
    close_up(g, hi, 1);
    for (p = n; p-- > 0;)
        if ((lo_all || lo_base || lo[p]) && (hi_all || hi[p]) &&
            mg_strlist_add(out, g->order[p]) < 0) {
            rc = oom(err);
            goto done;
        }
done:
    free(lower);
    free(lo);
    free(hi);
    state_release(&st);
    return rc;
}
