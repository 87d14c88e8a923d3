/* autogen.c - autogenerate as a library call (Alembic's
 * produce_migrations): the schema the revisions leave (the database, which
 * must be at head, or the migrations replayed on a scratch database)
 * compared with the models, and the operations rendered in both
 * directions, so `migrate revision --autogenerate` and a C program write
 * the same revision. */
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

#include <stdlib.h>
#include <string.h>

struct mg_autogen_result {
    mg_metadata      *have, *want;  /* the operations point into both */
    mg_oplist        *ops;
    mg_buf            up, down;
    const mg_dialect *dialect;
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
    if (!r)
        return;
    mg_oplist_free(r->ops);
    mg_metadata_free(r->have);
    mg_metadata_free(r->want);
    mg_buf_release(&r->up);
    mg_buf_release(&r->down);
    free(r);
}

const mg_oplist *
mg_autogen_result_ops(const mg_autogen_result *r)
{
    return r->ops;
}

const char *
mg_autogen_result_upgrade_sql(const mg_autogen_result *r)
{
    return mg_buf_cstr(&r->up);
}

const char *
mg_autogen_result_downgrade_sql(const mg_autogen_result *r)
{
    return mg_buf_cstr(&r->down);
}

const mg_dialect *
mg_autogen_result_dialect(const mg_autogen_result *r)
{
    return r->dialect;
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

int
mg_autogenerate(mg_autogen_result **out, const mg_autogen_opts *opts,
                mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_scriptdir *own = NULL;
    const mg_scriptdir *sd = opts->source.scripts;
    mg_oplist *rev = NULL;
    mg_autogen_result *r;
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
    if ((rc = start_schema(&r->have, &r->dialect, opts, sd, &ignore,
                           err)) < 0 ||
        (rc = mg_model_load_for(&r->want, opts->source.models_path,
                                r->dialect, err)) < 0 ||
        (rc = mg_metadata_manage(r->want, r->dialect, opts->source.manage,
                                 opts->source.include_objects,
                                 opts->source.exclude_objects, 0,
                                 err)) < 0 ||
        (rc = server_form(r->want, r->dialect, opts, err)) < 0 ||
        (rc = mg_compare(&r->ops, r->have, r->want, r->dialect, &ignore,
                         err)) < 0 ||
        (rc = mg_oplist_reverse(&rev, r->ops, err)) < 0 ||
        (rc = mg_render(&r->up, r->ops, r->dialect, err)) < 0 ||
        (rc = mg_render(&r->down, rev, r->dialect, err)) < 0)
        goto done;
    rc = 0;
done:
    if (rc < 0)
        mg_autogen_result_free(r);
    else
        *out = r;
    mg_oplist_free(rev);
    mg_strlist_release(&ignore);
    mg_scriptdir_free(own);
    return rc;
}
