/* roundtrip.c - the reversibility proof (mg_roundtrip.h). The history is
 * replayed revision by revision on one scratch database; a revision to
 * prove is applied with the runtime (so its version row is right), then
 * its downgrade and its upgrade sections are run again as plain
 * statements, and the schema is reflected before and after each of them.
 * Running the sections directly, rather than downgrading through the
 * graph, proves exactly this revision's SQL even where the graph has
 * other branches applied. */
#include "mg_roundtrip.h"
#include "mg_runtime.h"
#include "mg_inspect.h"
#include "mg_compare.h"
#include "mg_source.h"
#include "mg_split.h"
#include "mg_revfile.h"
#include "mg_revgraph.h"
#include "mg_dialect.h"
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct proof {
    const mg_roundtrip_opts *o;
    mg_engine  *e;
    mg_strlist  ignore;     /* the version tables */
} proof;

/* Run one section of rf (up: upgrade, else downgrade) statement by
 * statement. */
static int
run_section(proof *p, const mg_revfile *rf, int up, mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(p->e);
    int line = 0, rc;
    const char *sql = NULL;
    mg_stmtlist *list = NULL;
    size_t i;

    if ((rc = mg_revfile_sql_for(&sql, &line, rf, mg_dialect_name(d), up,
                                 err)) < 0 || !sql)
        return rc;
    if ((rc = mg_split(&list, sql, strlen(sql), line, d->sql.split_flags,
                       err)) < 0)
        return rc;
    for (i = 0; i < mg_stmtlist_count(list); i++)
        if ((rc = mg_engine_exec(p->e, mg_stmtlist_sql(list, i), err)) < 0) {
            mg_error inner = *err;
            rc = mg_error_set(err, rc, "%s:%d: %s", mg_revfile_path(rf),
                              mg_stmtlist_line(list, i), inner.msg);
            err->line = mg_stmtlist_line(list, i);
            break;
        }
    mg_stmtlist_free(list);
    return rc < 0 ? rc : 0;
}

/* Report each op turning have into want, as "revision R: <what>: op". */
static int
report_diff(proof *p, const mg_revfile *rf, int up,
            const mg_metadata *have, const mg_metadata *want,
            const char *what, mg_error *err)
{
    mg_oplist *ops = NULL;
    mg_buf msg = MG_BUF_INIT;
    int line = 0, rc;
    size_t i, k;

    const char *sql;

    if (mg_revfile_sql_for(&sql, &line, rf,
                           mg_dialect_name(mg_engine_dialect(p->e)), up,
                           NULL) < 0)
        line = 0;
    if ((rc = mg_compare(&ops, have, want, mg_engine_dialect(p->e),
                         &p->ignore, err)) < 0)
        return rc;
    for (i = 0; i < mg_oplist_count(ops); i++) {
        const mg_op *op = mg_oplist_at(ops, i);
        for (k = 0; k < mg_op_nchanges(op); k++) {
            mg_buf_clear(&msg);
            mg_buf_addf(&msg, "revision %s: %s: ", mg_revfile_revision(rf),
                        what);
            /* what the schema lacks, said as the change that would give
             * it back */
            mg_op_describe(&msg, mg_op_change(op, k));
            p->o->report(p->o->ctx, mg_revfile_revision(rf),
                         mg_revfile_path(rf), line, mg_buf_cstr(&msg));
        }
    }
    mg_buf_release(&msg);
    mg_oplist_free(ops);
    return 0;
}

/* A section that failed when run again: a finding, and the end of the
 * proof (*stop), since the schema is no longer the history's. */
static int
report_failure(proof *p, const mg_revfile *rf, const char *what,
               const mg_error *failed, int *stop)
{
    mg_buf msg = MG_BUF_INIT;

    mg_buf_addf(&msg, "revision %s: %s fails: %s (later revisions not "
                "proved)", mg_revfile_revision(rf), what, failed->msg);
    p->o->report(p->o->ctx, mg_revfile_revision(rf), mg_revfile_path(rf),
                 failed->line, mg_buf_cstr(&msg));
    mg_buf_release(&msg);
    *stop = 1;
    return 0;
}

/* Prove one revision, standing on its parents: upgrade (runtime),
 * downgrade section, upgrade section. A section that fails is a finding
 * and stops the proof (*stop). */
static int
prove(proof *p, const char *id, int *stop, mg_error *err)
{
    const mg_revfile *rf = mg_scriptdir_file(p->o->scripts, id);
    mg_metadata *before = NULL, *after = NULL, *back = NULL, *again = NULL;
    mg_run_opts ro;
    mg_error failed;
    int rc;

    memset(&ro, 0, sizeof(ro));
    ro.version_table = p->o->version_table;
    mg_error_clear(&failed);
    if ((rc = mg_inspect(&before, p->e, &p->ignore, err)) < 0 ||
        (rc = mg_upgrade(p->e, p->o->scripts, id, &ro, NULL, err)) < 0 ||
        (rc = mg_inspect(&after, p->e, &p->ignore, err)) < 0)
        goto done;
    if (run_section(p, rf, 0, &failed) < 0) {
        rc = report_failure(p, rf, "its downgrade", &failed, stop);
        goto done;
    }
    if ((rc = mg_inspect(&back, p->e, &p->ignore, err)) < 0 ||
        (rc = report_diff(p, rf, 0, back, before, "after its downgrade, "
                          "the schema is not the one before its upgrade",
                          err)) < 0)
        goto done;
    if (run_section(p, rf, 1, &failed) < 0) {
        rc = report_failure(p, rf, "its upgrade, run again after its "
                            "downgrade,", &failed, stop);
        goto done;
    }
    if ((rc = mg_inspect(&again, p->e, &p->ignore, err)) < 0 ||
        (rc = report_diff(p, rf, 1, again, after, "upgraded again after "
                          "its downgrade, the schema is not the first "
                          "upgrade's", err)) < 0)
        goto done;
done:
    mg_metadata_free(before);
    mg_metadata_free(after);
    mg_metadata_free(back);
    mg_metadata_free(again);
    return rc;
}

static int
replay(proof *p, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(p->o->scripts);
    const char *const *order = mg_revgraph_order(g);
    size_t i, n = mg_revgraph_count(g);
    mg_run_opts ro;
    int stop = 0, rc;

    memset(&ro, 0, sizeof(ro));
    ro.version_table = p->o->version_table;
    for (i = 0; i < n && !stop; i++) {
        if (!p->o->revisions || mg_strlist_contains(p->o->revisions,
                                                    order[i]))
            rc = prove(p, order[i], &stop, err);
        else
            rc = mg_upgrade(p->e, p->o->scripts, order[i], &ro, NULL, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int
mg_roundtrip(const mg_roundtrip_opts *o, mg_error *err)
{
    const mg_dialect *d = o->dialect;
    mg_engine *base = NULL;
    char *scratch = NULL;
    proof p;
    int rc;

    memset(&p, 0, sizeof(p));
    p.o = o;
    if (!d->scratch.url && (!d->scratch.create || !d->scratch.drop))
        return mg_error_set(err, MG_EUSAGE, "the %s dialect cannot make a "
                            "scratch database", d->name);
    if (!d->scratch.url && !o->server_url)
        return mg_error_set(err, MG_EUSAGE, "the round trip for %s needs a "
                            "%s server: pass --url or set shadow_url",
                            d->name, d->name);
    if ((rc = mg_version_tables(&p.ignore, o->version_table)) < 0)
        return mg_error_set(err, rc, "out of memory");
    if (d->scratch.url) {
        if ((rc = mg_engine_open(&p.e, d->scratch.url, 0, err)) == 0)
            rc = replay(&p, err);
    } else if ((rc = mg_engine_open(&base, o->server_url, 0, err)) == 0 &&
               (rc = d->scratch.create(mg_engine__conn(base),
                                       mg_engine__url(base), &scratch,
                                       err)) == 0) {
        mg_error derr;
        if ((rc = mg_engine_open(&p.e, scratch, 0, err)) == 0)
            rc = replay(&p, err);
        mg_engine_free(p.e);
        p.e = NULL;
        if (d->scratch.drop(mg_engine__conn(base), scratch, &derr) < 0 &&
            rc >= 0)
            rc = mg_error_set(err, derr.code, "%s", derr.msg);
    }
    mg_engine_free(p.e);
    mg_engine_free(base);
    free(scratch);
    mg_strlist_release(&p.ignore);
    return rc < 0 ? rc : 0;
}
