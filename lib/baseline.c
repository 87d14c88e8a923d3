/* baseline.c - adopting an existing database (`migrate baseline`): its
 * schema becomes the model file and a first revision that builds it from
 * nothing (compare with an empty schema, so the SQL is what autogenerate
 * would write, in dependency order, with its exact inverse), and the
 * database is stamped at that revision, since it already has the schema.
 * Everything is computed before anything is written, so a failure to
 * reflect or render leaves the project as it was. */
#include "mg_adopt.h"
#include "adopt_int.h"
#include "mg_compare.h"
#include "mg_file.h"
#include "mg_inspect.h"
#include "mg_op.h"
#include "mg_render.h"
#include "mg_runtime.h"
#include "mg_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mg_baseline_result {
    mg_metadata *schema;
    char        *revision, *path;
};

void
mg_baseline_result_free(mg_baseline_result *r)
{
    if (!r)
        return;
    mg_metadata_free(r->schema);
    free(r->revision);
    free(r->path);
    free(r);
}

const char *
mg_baseline_result_revision(const mg_baseline_result *r)
{
    return r->revision;
}

const char *
mg_baseline_result_path(const mg_baseline_result *r)
{
    return r->path;
}

const mg_metadata *
mg_baseline_result_schema(const mg_baseline_result *r)
{
    return r->schema;
}

/* MG_EEXISTS when sd has revisions and force is not set. */
static int
refuse_existing(const mg_scriptdir *sd, int force, mg_error *err)
{
    size_t n = mg_revgraph_count(mg_scriptdir_graph(sd));

    if (n == 0 || force)
        return 0;
    return mg_error_set(err, MG_EEXISTS, "the project already has %zu "
                        "revision%s: baseline starts a history (pass --force "
                        "to add one anyway)", n, n == 1 ? "" : "s");
}

int
mg_adopt__render_diff(mg_buf *up, mg_buf *down, const mg_metadata *from,
                      const mg_metadata *to, const mg_dialect *d,
                      const mg_strlist *ignore, mg_error *err)
{
    mg_oplist *ops = NULL, *rev = NULL;
    int rc;

    if ((rc = mg_compare(&ops, from, to, d, ignore, err)) < 0 ||
        (rc = mg_oplist_reverse(&rev, ops, err)) < 0 ||
        (rc = mg_render(up, ops, d, err)) < 0 ||
        (rc = mg_render(down, rev, d, err)) < 0)
        goto done;
    while (up->len && up->ptr[up->len - 1] == '\n')
        up->ptr[--up->len] = '\0';
    while (down->len && down->ptr[down->len - 1] == '\n')
        down->ptr[--down->len] = '\0';
    rc = 0;
done:
    mg_oplist_free(rev);
    mg_oplist_free(ops);
    return rc;
}

/* The upgrade (schema created from nothing) and downgrade (all of it
 * dropped) SQL of schema for d. */
static int
render_sections(mg_buf *up, mg_buf *down, const mg_metadata *schema,
                const mg_dialect *d, const mg_strlist *ignore,
                mg_error *err)
{
    mg_metadata *empty = NULL;
    int rc;

    if ((rc = mg_metadata_new(&empty, err)) == 0)
        rc = mg_adopt__render_diff(up, down, empty, schema, d, ignore, err);
    mg_metadata_free(empty);
    return rc;
}

/* Write the revision file (a new root with force, else the first one). */
static int
write_revision(mg_baseline_result *r, mg_scriptdir *sd,
               const mg_baseline_opts *o, const mg_dialect *d,
               const char *up, const char *down, mg_error *err)
{
    mg_strlist parents = MG_STRLIST_INIT;
    mg_newrev nr;
    int rc;

    if (o->force)
        mg_strlist_add(&parents, "base");
    memset(&nr, 0, sizeof(nr));
    nr.message = o->message ? o->message : "baseline";
    nr.rev_id = o->rev_id;
    nr.parents = &parents;
    nr.dialect = mg_dialect_name(d);
    nr.upgrade_sql = up;
    nr.downgrade_sql = down;
    nr.template_text = o->template_text;
    rc = mg_scriptdir_new_revision(sd, &nr, &r->path, &r->revision, err);
    mg_strlist_release(&parents);
    return rc;
}

/* Stamp e at r's revision, its version rows replaced. */
static int
stamp(mg_engine *e, const mg_scriptdir *sd, const mg_baseline_result *r,
      const mg_baseline_opts *o, mg_error *err)
{
    mg_run_opts ro;

    memset(&ro, 0, sizeof(ro));
    ro.version_table = o->version_table;
    ro.lock_timeout = o->lock_timeout;
    return mg_stamp(e, sd, r->revision, 1, &ro, err);
}

int
mg_baseline(mg_baseline_result **out, mg_engine *e, mg_scriptdir *sd,
            const mg_baseline_opts *opts, mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_buf model = MG_BUF_INIT, up = MG_BUF_INIT, down = MG_BUF_INIT;
    const char *models = opts->models_path ? opts->models_path
                                           : "models.sql";
    mg_baseline_result *r;
    int rc;

    *out = NULL;
    if ((rc = refuse_existing(sd, opts->force, err)) < 0)
        return rc;
    if (!(r = calloc(1, sizeof(*r))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mg_version_tables(&ignore, opts->version_table);
    if ((rc = mg_inspect(&r->schema, e, &ignore, err)) < 0 ||
        (rc = mg_render_model(&model, r->schema, d, err)) < 0 ||
        (rc = render_sections(&up, &down, r->schema, d, &ignore, err)) < 0 ||
        (rc = write_revision(r, sd, opts, d, mg_buf_cstr(&up),
                             mg_buf_cstr(&down), err)) < 0)
        goto done;
    if ((rc = stamp(e, sd, r, opts, err)) < 0) {
        remove(r->path);
        goto done;
    }
    rc = mg_file_write(models, mg_buf_cstr(&model), model.len, 0, err);
done:
    if (rc < 0)
        mg_baseline_result_free(r);
    else
        *out = r;
    mg_strlist_release(&ignore);
    mg_buf_release(&model);
    mg_buf_release(&up);
    mg_buf_release(&down);
    return rc < 0 ? rc : 0;
}
