/* autogen.c - autogenerate as a library call (Alembic's
 * produce_migrations): the schema the revisions leave (the database, which
 * must be at head, or the migrations replayed on a scratch database)
 * compared with the models, and the operations rendered in both
 * directions, so `migrate revision --autogenerate` and a C program write
 * the same revision. A history that serves several dialects gets the
 * changes rendered for each: the schema the revisions leave is read once,
 * and compared with the models as each dialect reads them, so every
 * dialect's SQL is its own (SQLite's rebuilds, PostgreSQL's ALTER ...
 * TYPE, MariaDB's MODIFY COLUMN). The schema was read from the source's
 * dialect, which spells some generic types its own way (SQLite stores a
 * UUID as CHAR(36), a BIGINT key as INTEGER): another dialect would see a
 * change of type there every time. So the source's comparison says which
 * columns change: another dialect keeps a column alteration only for a
 * column the source alters too, and only the aspects the source changes.
 * With opts.online each dialect renders its online forms, and says
 * whether they need the revision outside a transaction. */
#include "mg_autogen.h"
#include "mg_check.h"
#include "mg_compare.h"
#include "mg_inspect.h"
#include "mg_model.h"
#include "mg_object.h"
#include "mg_render.h"
#include "mg_runtime.h"
#include "mg_scriptdir.h"
#include "mg_revgraph.h"
#include "mg_dialect_resolve.h"
#include "engine_int.h"
#include "settle_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The changes for one dialect, rendered. */
typedef struct rendered {
    const mg_dialect *dialect;
    mg_metadata      *want;         /* the models as this dialect reads
                                     * them; the operations point into it */
    mg_oplist        *all;          /* what its comparison found (ops
                                     * points into it), NULL for the
                                     * source's dialect */
    mg_oplist        *ops;
    mg_buf            up, down;
    int               transactional; /* mg_render_transactional, both
                                      * directions */
} rendered;

struct mg_autogen_result {
    mg_metadata      *have;         /* the operations point into it */
    rendered         *v;            /* v[0]: the source's dialect, then
                                     * the other dialects asked for */
    size_t            n;
};

void
mg_autogen_opts_init(mg_autogen_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->source.models_path = "models.sql";
    opts->source.versions_dir = "migrations/versions";
}

void
mg_autogen_result_free(mg_autogen_result *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->n; i++) {
        mg_oplist_free(r->v[i].ops);
        mg_oplist_free(r->v[i].all);
        mg_metadata_free(r->v[i].want);
        mg_buf_release(&r->v[i].up);
        mg_buf_release(&r->v[i].down);
    }
    free(r->v);
    mg_metadata_free(r->have);
    free(r);
}

const mg_oplist *
mg_autogen_result_ops(const mg_autogen_result *r)
{
    return r->v[0].ops;
}

const char *
mg_autogen_result_upgrade_sql(const mg_autogen_result *r)
{
    return mg_buf_cstr(&r->v[0].up);
}

const char *
mg_autogen_result_downgrade_sql(const mg_autogen_result *r)
{
    return mg_buf_cstr(&r->v[0].down);
}

const mg_dialect *
mg_autogen_result_dialect(const mg_autogen_result *r)
{
    return r->v[0].dialect;
}

int
mg_autogen_result_transactional(const mg_autogen_result *r)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (!r->v[i].transactional)
            return 0;
    return 1;
}

size_t
mg_autogen_result_dialect_count(const mg_autogen_result *r)
{
    return r->n;
}

/* The rendering for dialect d, NULL when it was not asked for. */
static const rendered *
rendered_for(const mg_autogen_result *r, const mg_dialect *d)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (r->v[i].dialect == d)
            return &r->v[i];
    return NULL;
}

const mg_dialect *
mg_autogen_result_dialect_at(const mg_autogen_result *r, size_t i)
{
    return i < r->n ? r->v[i].dialect : NULL;
}

const mg_oplist *
mg_autogen_result_ops_for(const mg_autogen_result *r, const mg_dialect *d)
{
    const rendered *x = rendered_for(r, d);

    return x ? x->ops : NULL;
}

const char *
mg_autogen_result_upgrade_sql_for(const mg_autogen_result *r,
                                  const mg_dialect *d)
{
    const rendered *x = rendered_for(r, d);

    return x ? mg_buf_cstr(&x->up) : NULL;
}

const char *
mg_autogen_result_downgrade_sql_for(const mg_autogen_result *r,
                                    const mg_dialect *d)
{
    const rendered *x = rendered_for(r, d);

    return x ? mg_buf_cstr(&x->down) : NULL;
}

/* The database must be at the head(s) before its schema is diffed:
 * otherwise the revision would repeat what pending revisions do. */
static int
require_at_head(mg_engine *e, const mg_scriptdir *sd,
                const char *version_table, mg_error *err)
{
    mg_strlist heads = MG_STRLIST_INIT, cur = MG_STRLIST_INIT;
    mg_buf have = MG_BUF_INIT, want = MG_BUF_INIT;
    int rc;

    mg_revgraph_heads(mg_scriptdir_graph(sd), &heads, NULL);
    if ((rc = mg_current(&cur, e, version_table, err)) < 0)
        goto done;
    rc = 0;
    if (!mg_at_head(&cur, &heads)) {
        mg_strlist_join(&cur, ", ", &have);
        mg_strlist_join(&heads, ", ", &want);
        rc = mg_error_set(err, MG_ESTATE, "the database is not at head (it "
                          "is at %s; head is %s): run 'migrate upgrade head' "
                          "first", cur.n ? mg_buf_cstr(&have) : "base",
                          heads.n ? mg_buf_cstr(&want) : "base");
    }
done:
    mg_strlist_release(&heads);
    mg_strlist_release(&cur);
    mg_buf_release(&have);
    mg_buf_release(&want);
    return rc;
}

/* The schema autogenerate starts from and the dialect it renders for:
 * the database's (at head), or the replayed migrations'. */
static int
start_schema(mg_metadata **have, const mg_dialect **d,
             const mg_autogen_opts *o, const mg_scriptdir *sd,
             const mg_strlist *ignore, mg_error *err)
{
    mg_source_opts so = o->source;
    int rc;

    if (o->from_migrations) {
        if (!(*d = so.dialect) &&
            (rc = mg_dialect_resolve(d, NULL, so.url, err)) < 0)
            return rc;
        if (!*d)
            *d = mg_dialect_default();
        so.dialect = *d;
        so.scripts = sd;
        return mg_source_load(have, "migrations", &so, err);
    }
    if (!o->engine)
        return mg_error_set(err, MG_EUSAGE, "autogenerate needs a database "
                            "(or from_migrations)");
    if ((rc = require_at_head(o->engine, sd, so.version_table, err)) < 0)
        return rc;
    *d = mg_engine_dialect(o->engine);
    if ((rc = mg_inspect(have, o->engine, ignore, err)) < 0)
        return rc;
    return mg_metadata_manage(*have, *d, o->source.manage,
                              o->source.include_objects,
                              o->source.exclude_objects, 1, err);
}

/* The server's form of the models' objects (catalog.server_form): on the
 * database diffed from, or for a replay on the server it runs on. */
static int
server_form(mg_metadata *want, const mg_dialect *d,
            const mg_autogen_opts *o, mg_error *err)
{
    if (!d->catalog.server_form || mg_metadata_object_count(want) == 0)
        return 0;
    if (!o->from_migrations && o->engine)
        return d->catalog.server_form(mg_engine__conn(o->engine), want, err);
    return mg_source_server_form(want, o->source.shadow_url ?
                                 o->source.shadow_url : o->source.url, err);
}

/* The server decides the models' expressions whose text differs from
 * have's (mg_compare__settle), on the same server as server_form. */
static int
settle(mg_metadata *want, const mg_metadata *have, const mg_dialect *d,
       const mg_autogen_opts *o, mg_error *err)
{
    if (!o->from_migrations && o->engine)
        return mg_compare__settle(want, have, d, o->engine, NULL, err);
    return mg_compare__settle(want, have, d, NULL, o->source.shadow_url ?
                              o->source.shadow_url : o->source.url, err);
}

/* The dialects rendered for: the source's d first, then each of
 * opts->dialects (names) that is another. Errors: MG_EUSAGE (a name no
 * compiled-in dialect has), MG_ENOMEM. */
static int
plan_dialects(mg_autogen_result *r, const mg_dialect *d,
              const mg_autogen_opts *o, mg_error *err)
{
    size_t i, n = o->dialects ? o->dialects->n : 0;

    if (!(r->v = calloc(n + 1, sizeof(*r->v))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    r->v[r->n++].dialect = d;
    for (i = 0; i < n; i++) {
        const mg_dialect *x = NULL;
        int rc;
        if ((rc = mg_dialect_resolve(&x, o->dialects->v[i], NULL, err)) < 0)
            return rc;
        if (!rendered_for(r, x))
            r->v[r->n++].dialect = x;
    }
    return 0;
}

/* What the source's changes src alter of the column op alters (table and
 * column by name): MG_CHANGE_* bits, 0 when they leave it alone. */
static unsigned int
source_alters(const mg_oplist *src, const mg_op *op)
{
    const mg_table *t = op->new_table ? op->new_table : op->old_table;
    const mg_column *c = op->new_column ? op->new_column : op->old_column;
    unsigned int bits = 0;
    size_t i, k;

    for (i = 0; t && c && i < mg_oplist_count(src); i++) {
        const mg_op *o = mg_oplist_at(src, i);
        for (k = 0; k < mg_op_nchanges(o); k++) {
            const mg_op *ch = mg_op_change(o, k);
            const mg_table *ct = ch->new_table ? ch->new_table
                                               : ch->old_table;
            const mg_column *cc = ch->new_column ? ch->new_column
                                                 : ch->old_column;
            if (ch->kind == MG_OP_ALTER_COLUMN && ct && cc &&
                strcasecmp(ct->name, t->name) == 0 &&
                strcasecmp(cc->name, c->name) == 0)
                bits |= ch->changes;
        }
    }
    return bits;
}

/* Is op, of another dialect's changes, only column alterations the
 * source's changes src do not make (a type the source spells its own
 * way)? */
static int
only_spelling(const mg_oplist *src, const mg_op *op)
{
    size_t k;

    if (op->kind == MG_OP_ALTER_COLUMN)
        return !(source_alters(src, op) & op->changes);
    if (op->kind != MG_OP_REBUILD_TABLE || !mg_op_nchanges(op))
        return 0;
    for (k = 0; k < mg_op_nchanges(op); k++)
        if (!only_spelling(src, mg_op_change(op, k)))
            return 0;
    return 1;
}

/* x->ops: x->all without what only_spelling finds, a column alteration
 * kept limited to what the source changes. */
static int
keep_source_changes(rendered *x, const mg_oplist *src, mg_error *err)
{
    size_t i;
    int rc;

    if ((rc = mg_oplist_new(&x->ops, err)) < 0)
        return rc;
    for (i = 0; i < mg_oplist_count(x->all); i++) {
        mg_op op = *mg_oplist_at(x->all, i);
        if (only_spelling(src, &op))
            continue;
        if (op.kind == MG_OP_ALTER_COLUMN) {
            op.changes &= source_alters(src, &op);
            if (!(op.changes & MG_CHANGE_TYPE))
                op.data_loss = 0;
        }
        if (mg_oplist_add(x->ops, &op) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

/* One dialect's changes: the models as x->dialect reads them compared
 * with have (src: the source dialect's changes, NULL for the source
 * itself), rendered in both directions. */
static int
render_one(rendered *x, const mg_metadata *have, const mg_autogen_opts *o,
           const mg_oplist *src, const mg_strlist *ignore, mg_error *err)
{
    unsigned int flags = o->online ? MG_RENDER_ONLINE : 0;
    mg_oplist *rev = NULL;
    int rc;

    /* the objects the project manages; the server's form of them on the
     * source dialect, which has a connection (the others compare text) */
    if ((rc = mg_model_load_for(&x->want, o->source.models_path, x->dialect,
                                err)) < 0 ||
        (rc = mg_metadata_manage(x->want, x->dialect, o->source.manage,
                                 o->source.include_objects,
                                 o->source.exclude_objects, 0, err)) < 0 ||
        (!src && (rc = server_form(x->want, x->dialect, o, err)) < 0) ||
        (!src && (rc = settle(x->want, have, x->dialect, o, err)) < 0) ||
        (rc = mg_compare(src ? &x->all : &x->ops, have, x->want, x->dialect,
                         ignore, err)) < 0 ||
        (src && (rc = keep_source_changes(x, src, err)) < 0) ||
        (rc = mg_oplist_reverse(&rev, x->ops, err)) < 0 ||
        (rc = mg_render_with(&x->up, x->ops, x->dialect, flags, err)) < 0 ||
        (rc = mg_render_with(&x->down, rev, x->dialect, flags, err)) < 0) {
        mg_oplist_free(rev);
        return rc;
    }
    x->transactional = mg_render_transactional(x->ops, x->dialect, flags) &&
                       mg_render_transactional(rev, x->dialect, flags);
    mg_oplist_free(rev);
    return 0;
}

int
mg_autogenerate(mg_autogen_result **out, const mg_autogen_opts *opts,
                mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_scriptdir *own = NULL;
    const mg_scriptdir *sd = opts->source.scripts;
    const mg_dialect *d = NULL;
    mg_autogen_result *r;
    size_t i;
    int rc;

    *out = NULL;
    if (!(r = calloc(1, sizeof(*r))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (!sd && (rc = mg_scriptdir_open(&own, opts->source.versions_dir,
                                       err)) < 0)
        goto done;
    if (!sd)
        sd = own;
    mg_version_tables(&ignore, opts->source.version_table);
    if ((rc = start_schema(&r->have, &d, opts, sd, &ignore, err)) < 0 ||
        (rc = plan_dialects(r, d, opts, err)) < 0)
        goto done;
    for (i = 0; i < r->n; i++)
        if ((rc = render_one(&r->v[i], r->have, opts,
                             i ? r->v[0].ops : NULL, &ignore, err)) < 0)
            goto done;
    rc = 0;
done:
    if (rc < 0)
        mg_autogen_result_free(r);
    else
        *out = r;
    mg_strlist_release(&ignore);
    mg_scriptdir_free(own);
    return rc;
}
