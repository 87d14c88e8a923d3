/* compare_objects.c - the schema objects beyond tables (mg_object.h) in
 * autogenerate's comparison: paired by kind and identity (a routine by
 * its argument types too, PostgreSQL's overloads), compared by
 * key (the dialect's catalog.object_key, else mg_object_key), and turned
 * into CREATE/DROP/REPLACE_OBJECT ops at the steps compare_int.h orders:
 *
 *   CMP_DROP_OBJECT   comments, triggers, indexes of materialized views,
 *                     then views (a view before the views it reads)
 *                     that go or must be re-created;
 *   CMP_CREATE_PRE    new and changed schemas, enums, domains, sequences,
 *                     functions, procedures (before the tables; a
 *                     sequence OWNED BY a column without that tie,
 *                     made after the tables, and undone before them
 *                     when it goes);
 *   ... the table steps ...
 *   CMP_DROP_PRE      those kinds that go (after the tables);
 *   CMP_CREATE_POST   views (after the views they read), triggers,
 *                     indexes of materialized views and comments, new,
 *                     changed or re-created.
 *
 * A view, trigger, index or comment is dropped and re-created around the
 * table changes when what it reads (its depends,
 * mg_metadata_resolve_depends) is a table whose columns change, that is
 * dropped or rebuilt, or a view that is itself changed or re-created (a
 * materialized view's indexes go with it); an object that changed and has
 * no such reason is one REPLACE_OBJECT op, which the dialect renders as
 * CREATE OR REPLACE, ALTER TYPE or drop and create as it can.
 *
 * Triggers that name another trigger of their table (MariaDB's FOLLOWS
 * and PRECEDES: their depends) are made after it. On a table where a
 * trigger of either side does so, the order is the triggers' own: when
 * one of them changes or is re-created, all of the table's are dropped
 * (in reverse order of creation, so the downgrade makes them again in
 * order) and made again in order. */
#include "compare_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One object of either side and what becomes of it. */
typedef struct objpair {
    const mg_object *have;    /* NULL: new */
    const mg_object *want;    /* NULL: goes */
    int              changed; /* both sides, keys differ */
    int              redo;    /* dropped and re-created around the table
                               * changes (or dropped for good) */
    int              done;    /* emitted (topological walks) */
    int              ordered; /* a trigger of a table whose triggers
                               * name one another (ordered_tables) */
} objpair;

typedef struct objset {
    objpair *v;
    size_t   n;
} objset;

static int
post_kind(mg_object_kind k)
{
    return !MG_OBJ_BEFORE_TABLES(k);
}

/* The key of o as the comparison sees it. */
static void
object_key(const mg_cmp *c, mg_buf *b, const mg_object *o)
{
    if (!o->key && c->d->catalog.object_key)
        c->d->catalog.object_key(b, o);
    else
        mg_object_key(b, o);
}

static int
keys_differ(const mg_cmp *c, const mg_object *a, const mg_object *b)
{
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;
    int rc;

    object_key(c, &x, a);
    object_key(c, &y, b);
    rc = strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) != 0;
    mg_buf_release(&x);
    mg_buf_release(&y);
    return rc;
}

/* 1 when o is left out: on an ignored table (the version tables). */
static int
object_ignored(const mg_cmp *c, const mg_object *o)
{
    return (o->table && mg_compare__ignored(c, o->table)) ||
           mg_compare__ignored(c, o->name);
}

static int
same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcasecmp(a, b) == 0);
}

/* 1 when have h and want w are one object: kind, schema, name and table
 * alike; a routine (PostgreSQL overloads a name) also by its argument
 * types - exact: both known and the same; else: either unknown (a model
 * not formed by the server, a dialect without overloads). */
static int
same_object(const mg_object *w, const mg_object *h, int exact)
{
    if (w->kind != h->kind || !same_str(w->schema, h->schema) ||
        !same_str(w->name, h->name) || !same_str(w->table, h->table))
        return 0;
    if (w->kind != MG_OBJ_FUNCTION && w->kind != MG_OBJ_PROCEDURE)
        return 1;
    if (exact)
        return w->signature && h->signature &&
               mg_object_same_signature(w->signature, h->signature);
    return !w->signature || !h->signature;
}

/* The pair of s whose want is h's counterpart and has no have yet;
 * s->n when none. */
static size_t
counterpart(const objset *s, const mg_object *h, int exact)
{
    size_t j;

    for (j = 0; j < s->n; j++)
        if (s->v[j].want && !s->v[j].have &&
            same_object(s->v[j].want, h, exact))
            break;
    return j;
}

/* Pair every object of both sides: routines with the same signature
 * first, then the rest by identity. */
static int
pair_objects(const mg_cmp *c, objset *s)
{
    size_t nh = mg_metadata_object_count(c->have);
    size_t nw = mg_metadata_object_count(c->want), i, j;
    char *paired = calloc(nh + 1, 1);
    int exact;

    if (!paired || !(s->v = calloc(nh + nw + 1, sizeof(*s->v)))) {
        free(paired);
        return MG_ENOMEM;
    }
    for (i = 0; i < nw; i++) {
        const mg_object *w = mg_metadata_object_at(c->want, i);
        if (!object_ignored(c, w))
            s->v[s->n++].want = w;
    }
    for (exact = 1; exact >= 0; exact--)
        for (i = 0; i < nh; i++) {
            const mg_object *h = mg_metadata_object_at(c->have, i);
            if (paired[i] || object_ignored(c, h))
                continue;
            j = counterpart(s, h, exact);
            if (j == s->n && exact)
                continue;       /* the second pass pairs it or adds it */
            if (j == s->n)
                s->n++;
            paired[i] = 1;
            s->v[j].have = h;
            s->v[j].changed = s->v[j].want &&
                              keys_differ(c, h, s->v[j].want);
        }
    free(paired);
    return 0;
}

/* 1 when a table op changes what a view or trigger of table name sees:
 * its columns (or anything, where the dialect rebuilds the table), or
 * the table goes. */
static int
table_affected(const mg_cmp *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        const mg_op *op = &c->v[i].op;
        const mg_table *t = op->old_table ? op->old_table : op->new_table;

        if (!t || strcasecmp(t->name, name) != 0 ||
            op->kind == MG_OP_CREATE_INDEX || op->kind == MG_OP_DROP_INDEX ||
            op->kind == MG_OP_CREATE_TABLE)
            continue;
        if (!mg_compare__can_alter(c) || op->kind == MG_OP_ADD_COLUMN ||
            op->kind == MG_OP_DROP_COLUMN ||
            op->kind == MG_OP_ALTER_COLUMN || op->kind == MG_OP_DROP_TABLE)
            return 1;
    }
    return 0;
}

/* 1 when pair p of s reads (depends on) a view, table or trigger target
 * that is changed or re-created. */
static int
reads_redone(const mg_cmp *c, const objset *s, const objpair *p)
{
    const mg_object *h = p->have;
    size_t i, j;

    for (i = 0; i < h->depends.n; i++) {
        const char *dep = h->depends.v[i];
        if (mg_metadata_table(c->have, dep) && table_affected(c, dep))
            return 1;
        for (j = 0; j < s->n; j++) {
            const objpair *q = &s->v[j];
            if (q == p || !q->have || !post_kind(q->have->kind) ||
                q->have->kind == MG_OBJ_TRIGGER ||
                q->have->kind == MG_OBJ_COMMENT ||
                q->have->kind == MG_OBJ_INDEX ||
                strcasecmp(q->have->name, dep) != 0)
                continue;
            if (q->redo || q->changed || !q->want)
                return 1;
        }
    }
    return 0;
}

/* The object of pair p on side want (1) or have (0). */
static const mg_object *
side(const objpair *p, int want)
{
    return want ? p->want : p->have;
}

/* 1 when trigger o of side want (1) or have (0) names another trigger
 * of its table (its depends). */
static int
names_trigger(const objset *s, const mg_object *o, int want)
{
    size_t i, j;

    for (i = 0; i < o->depends.n; i++)
        for (j = 0; j < s->n; j++) {
            const mg_object *q = side(&s->v[j], want);
            if (q && q != o && mg_object__same_table_trigger(q, o) &&
                strcasecmp(q->name, o->depends.v[i]) == 0)
                return 1;
        }
    return 0;
}

/* Mark the triggers of the tables where, on either side, a trigger
 * names another of its table (MariaDB's FOLLOWS/PRECEDES): their order
 * is theirs, so they are dropped in reverse order of creation and made
 * again together. */
static void
mark_ordered(objset *s)
{
    size_t i, j;
    int want;

    for (i = 0; i < s->n; i++)
        for (want = 0; want < 2; want++) {
            const mg_object *o = side(&s->v[i], want);
            if (!o || o->kind != MG_OBJ_TRIGGER || s->v[i].ordered ||
                !names_trigger(s, o, want))
                continue;
            for (j = 0; j < s->n; j++) {
                const mg_object *q = s->v[j].want ? s->v[j].want
                                                  : s->v[j].have;
                if (q == o || mg_object__same_table_trigger(q, o))
                    s->v[j].ordered = 1;
            }
        }
}

/* 1 when ordered trigger pair p must be made again because another
 * trigger of its table, on both sides, changed or is re-created: the
 * server puts a trigger made again last, or beside the one its clause
 * names, so the table's triggers are made again in their order. */
static int
order_redone(const objset *s, const objpair *p)
{
    size_t j;

    for (j = 0; j < s->n; j++) {
        const objpair *q = &s->v[j];
        if (q != p && q->ordered && q->have && q->want &&
            (q->changed || q->redo) &&
            mg_object__same_table_trigger(q->have, p->have))
            return 1;
    }
    return p->changed;
}

/* Mark what must be dropped and re-created, to a fixed point. */
static void
mark_redo(const mg_cmp *c, objset *s)
{
    size_t i;
    int more = 1;

    while (more) {
        more = 0;
        for (i = 0; i < s->n; i++) {
            objpair *p = &s->v[i];
            if (p->redo || !p->have || !p->want || !post_kind(p->have->kind))
                continue;
            if (reads_redone(c, s, p) || (p->ordered && order_redone(s, p))) {
                p->redo = 1;
                more = 1;
            }
        }
    }
}

/* An op on part (MG_OBJECT_*) of an object, at step. */
static int
emit_part(mg_cmp *c, int step, mg_op_kind kind, const mg_object *old,
          const mg_object *new_, int part)
{
    mg_op op;

    memset(&op, 0, sizeof(op));
    op.kind = kind;
    op.old_object = old;
    op.new_object = new_;
    op.old_schema = c->have;
    op.new_schema = c->want;
    op.object_part = part;
    /* before the table steps the tables are still have's */
    op.tables_at = step == CMP_DROP_OBJECT || step == CMP_CREATE_PRE
                   ? c->have : c->want;
    return mg_compare__emit(c, step, &op);
}

static int
emit(mg_cmp *c, int step, mg_op_kind kind, const mg_object *old,
     const mg_object *new_)
{
    return emit_part(c, step, kind, old, new_, MG_OBJECT_WHOLE);
}

static int
is_view(const mg_object *o)
{
    return o && (o->kind == MG_OBJ_VIEW || o->kind == MG_OBJ_MATVIEW);
}

/* 1 when o's creation waits for q, of its depends: a view for the views
 * it reads, a trigger for the triggers of its table it names. */
static int
linked(const mg_object *o, const mg_object *q)
{
    return q && q != o && (is_view(o) ? is_view(q)
                                      : mg_object__same_table_trigger(q, o));
}

/* Visit the view (or trigger) pairs of s in the order of creation on one
 * side (the views a view reads first, the triggers a trigger names),
 * calling fn on each. The depth bound stops a cycle. */
typedef int (*visit_fn)(mg_cmp *c, objpair *p);

static int
visit(mg_cmp *c, objset *s, objpair *p, int want, visit_fn fn, size_t depth)
{
    const mg_object *o = side(p, want);
    size_t i, j;
    int rc;

    if (p->done || depth > s->n)
        return 0;
    p->done = 1;
    for (i = 0; i < o->depends.n; i++)
        for (j = 0; j < s->n; j++) {
            const mg_object *q = side(&s->v[j], want);
            if (linked(o, q) && &s->v[j] != p &&
                strcasecmp(q->name, o->depends.v[i]) == 0 &&
                (rc = visit(c, s, &s->v[j], want, fn, depth + 1)) < 0)
                return rc;
        }
    return fn(c, p);
}

/* Drops (CMP_DROP_OBJECT): what goes or is re-created. */
static int
drop_view(mg_cmp *c, objpair *p)
{
    if (!p->want || p->redo)
        return emit(c, CMP_DROP_OBJECT, MG_OP_DROP_OBJECT, p->have, NULL);
    return 0;
}

/* Creation (CMP_CREATE_POST) of a post-table object. */
static int
create_post(mg_cmp *c, objpair *p)
{
    if (!p->have)
        return emit(c, CMP_CREATE_POST, MG_OP_CREATE_OBJECT, NULL, p->want);
    if (p->redo)
        return emit(c, CMP_CREATE_POST, MG_OP_CREATE_OBJECT, NULL, p->want);
    if (p->changed)
        return emit(c, CMP_CREATE_POST, MG_OP_REPLACE_OBJECT, p->have,
                    p->want);
    return 0;
}

/* A function or procedure whose definition reads a table of its side's
 * schema (want: 1) - PostgreSQL's RETURNS SETOF customer, a LANGUAGE sql
 * body: it can only be created once the tables exist, so it is created
 * with the post-table kinds (before the views) and dropped with them
 * (after the views), not with the kinds before the tables. */
static int
names_table(const mg_cmp *c, const mg_object *o, int want)
{
    size_t i;

    for (i = 0; i < o->depends.n; i++)
        if (mg_metadata_table(want ? c->want : c->have, o->depends.v[i]))
            return 1;
    return 0;
}

static int
late_routine(const mg_cmp *c, const mg_object *o, int want)
{
    return o && (o->kind == MG_OBJ_FUNCTION ||
                 o->kind == MG_OBJ_PROCEDURE) && names_table(c, o, want);
}

/* A sequence whose definition names a table of its side (want: 1) -
 * PostgreSQL's OWNED BY t.c: made in two parts (mg_op.h MG_OBJECT_*),
 * itself before the tables, its tie to the table after them. */
static int
tied(const mg_cmp *c, const mg_object *o, int want)
{
    return o && o->kind == MG_OBJ_SEQUENCE && names_table(c, o, want);
}

/* The drops of the have objects of s that sel picks (views, ordered
 * triggers), in reverse creation order: collected in creation order,
 * then the ops emitted since start reversed (dependents first). */
static int
drop_walk(mg_cmp *c, objset *s, int (*sel)(const objpair *p))
{
    size_t i, k, start = c->n;
    int rc;

    for (i = 0; i < s->n; i++)
        s->v[i].done = 0;
    for (i = 0; i < s->n; i++)
        if (sel(&s->v[i]) &&
            (rc = visit(c, s, &s->v[i], 0, drop_view, 0)) < 0)
            return rc;
    for (i = start, k = c->n; i + 1 < k; i++, k--) {
        cmp_entry t = c->v[i];
        size_t seq = t.seq;
        c->v[i] = c->v[k - 1];
        c->v[k - 1] = t;
        c->v[k - 1].seq = c->v[i].seq;
        c->v[i].seq = seq;
    }
    return 0;
}

static int
have_view(const objpair *p)
{
    return is_view(p->have);
}

static int
have_ordered_trigger(const objpair *p)
{
    return p->ordered && p->have && p->have->kind == MG_OBJ_TRIGGER;
}

/* The drop step: comments, triggers (those of ordered tables in reverse
 * creation order, so the downgrade makes them again in order), indexes
 * of materialized views, then views in reverse creation order, then the
 * routines that read tables and the ties of the tied sequences that
 * go. */
static int
emit_drops(mg_cmp *c, objset *s)
{
    static const mg_object_kind first[] = { MG_OBJ_COMMENT, MG_OBJ_TRIGGER,
                                            MG_OBJ_INDEX };
    size_t i, k;
    int rc;

    for (k = 0; k < 3; k++) {
        if (first[k] == MG_OBJ_INDEX &&
            (rc = drop_walk(c, s, have_ordered_trigger)) < 0)
            return rc;
        for (i = 0; i < s->n; i++) {
            objpair *p = &s->v[i];
            if (p->have && p->have->kind == first[k] &&
                !have_ordered_trigger(p) && (rc = drop_view(c, p)) < 0)
                return rc;
        }
    }
    if ((rc = drop_walk(c, s, have_view)) < 0)
        return rc;
    for (i = 0; i < s->n; i++) {
        objpair *p = &s->v[i];
        if (late_routine(c, p->have, 0) && !p->want &&
            (rc = emit(c, CMP_DROP_OBJECT, MG_OP_DROP_OBJECT, p->have,
                       NULL)) < 0)
            return rc;
        if (tied(c, p->have, 0) && !p->want &&
            (rc = emit_part(c, CMP_DROP_OBJECT, MG_OP_DROP_OBJECT, p->have,
                            NULL, MG_OBJECT_TIE)) < 0)
            return rc;
    }
    return 0;
}

/* The creation step of post kinds: the routines that read tables, the
 * ties of new tied sequences and the changes of tied ones, views in
 * creation order, then triggers (each after those it names), indexes of
 * materialized views, then comments. */
static int
emit_creates(mg_cmp *c, objset *s)
{
    static const mg_object_kind last[] = { MG_OBJ_TRIGGER, MG_OBJ_INDEX,
                                           MG_OBJ_COMMENT };
    size_t i, k;
    int rc;

    for (i = 0; i < s->n; i++) {
        objpair *p = &s->v[i];
        if (late_routine(c, p->want, 1) && (rc = create_post(c, p)) < 0)
            return rc;
        if (!tied(c, p->want, 1) || (p->have && !p->changed))
            continue;
        rc = p->have ? emit(c, CMP_CREATE_POST, MG_OP_REPLACE_OBJECT,
                            p->have, p->want)
                     : emit_part(c, CMP_CREATE_POST, MG_OP_CREATE_OBJECT,
                                 NULL, p->want, MG_OBJECT_TIE);
        if (rc < 0)
            return rc;
    }
    for (i = 0; i < s->n; i++)
        s->v[i].done = 0;
    for (i = 0; i < s->n; i++)
        if (is_view(s->v[i].want) &&
            (rc = visit(c, s, &s->v[i], 1, create_post, 0)) < 0)
            return rc;
    for (k = 0; k < 3; k++)
        for (i = 0; i < s->n; i++)
            if (s->v[i].want && s->v[i].want->kind == last[k] &&
                (rc = last[k] == MG_OBJ_TRIGGER    /* named ones first */
                      ? visit(c, s, &s->v[i], 1, create_post, 0)
                      : create_post(c, &s->v[i])) < 0)
                return rc;
    return 0;
}

/* The kinds before the tables: created and changed in kind order before
 * the tables, dropped in reverse kind order after them (a tied sequence
 * created and dropped without its tie; changed after the tables). */
static int
emit_pre(mg_cmp *c, objset *s)
{
    int k, rc;
    size_t i;

    for (k = 0; k < MG_OBJ_VIEW; k++)
        for (i = 0; i < s->n; i++) {
            objpair *p = &s->v[i];
            const mg_object *o = p->want ? p->want : p->have;
            if ((int)o->kind != k || !p->want || late_routine(c, p->want, 1))
                continue;
            if (!p->have)
                rc = emit_part(c, CMP_CREATE_PRE, MG_OP_CREATE_OBJECT, NULL,
                               p->want, tied(c, p->want, 1)
                                        ? MG_OBJECT_UNTIED : MG_OBJECT_WHOLE);
            else if (p->changed && !tied(c, p->want, 1))
                rc = emit(c, CMP_CREATE_PRE, MG_OP_REPLACE_OBJECT, p->have,
                          p->want);
            else
                rc = 0;
            if (rc < 0)
                return rc;
        }
    for (k = MG_OBJ_VIEW - 1; k >= 0; k--)
        for (i = s->n; i-- > 0;) {
            objpair *p = &s->v[i];
            if (p->have && !p->want && (int)p->have->kind == k &&
                !late_routine(c, p->have, 0) &&
                (rc = emit_part(c, CMP_DROP_PRE, MG_OP_DROP_OBJECT, p->have,
                                NULL, tied(c, p->have, 0)
                                      ? MG_OBJECT_UNTIED
                                      : MG_OBJECT_WHOLE)) < 0)
                return rc;
        }
    return 0;
}

int
mg_compare__objects(mg_cmp *c)
{
    objset s = { NULL, 0 };
    int rc;

    if (mg_metadata_object_count(c->have) == 0 &&
        mg_metadata_object_count(c->want) == 0)
        return 0;
    if ((rc = pair_objects(c, &s)) < 0)
        goto done;
    mark_ordered(&s);
    mark_redo(c, &s);
    if ((rc = emit_drops(c, &s)) < 0 || (rc = emit_pre(c, &s)) < 0 ||
        (rc = emit_creates(c, &s)) < 0)
        goto done;
done:
    free(s.v);
    return rc;
}
