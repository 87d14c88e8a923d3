/* source.c - resolving a schema source spec to metadata. Every command
 * that reads a schema (diff, check, inspect, erd, sorted-tables) goes
 * through here, so the spec language has one implementation. */
#include "mg_source.h"
#include "mg_git.h"
#include "mg_model.h"
#include "mg_inspect.h"
#include "mg_scriptdir.h"
#include "mg_runtime.h"
#include "mg_dialect.h"
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

int
mg_version_tables(mg_strlist *out, const char *version_table)
{
    mg_buf log = MG_BUF_INIT;
    const char *t = version_table ? version_table : "migrate_version";
    int rc;

    mg_buf_addf(&log, "%s_log", t);
    rc = mg_strlist_add(out, t) < 0 || log.oom ||
         mg_strlist_add(out, mg_buf_cstr(&log)) < 0 ? MG_ENOMEM : 0;
    mg_buf_release(&log);
    return rc;
}

static int
load_db(mg_metadata **out, const char *url, const mg_source_opts *o,
        mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_engine *e = NULL;
    int rc;

    if (!url || !*url)
        return mg_error_set(err, MG_EUSAGE, "no database URL for source "
                            "'db': pass --url or set url in the config");
    if ((rc = mg_engine_open(&e, url, MG_OPEN_READONLY | MG_OPEN_READ_ONCE,
                             err)) < 0)
        return rc;
    mg_version_tables(&ignore, o->version_table);
    rc = mg_inspect(out, e, &ignore, err);
    mg_strlist_release(&ignore);
    mg_engine_free(e);
    return rc;
}

/* Replay the revisions up to rev on an empty database and reflect it. */
static int
replay(mg_metadata **out, const char *url, const char *rev,
       const mg_source_opts *o, mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_scriptdir *sd = NULL;
    mg_engine *e = NULL;
    mg_run_opts ro;
    int rc;

    if (!o->scripts && (rc = mg_scriptdir_open(&sd, o->versions_dir, err)) < 0)
        return rc;
    memset(&ro, 0, sizeof(ro));
    ro.version_table = o->version_table;
    ro.lock_timeout = -1;
    if ((rc = mg_engine_open(&e, url, MG_OPEN_READ_ONCE, err)) < 0 ||
        (rc = mg_upgrade(e, o->scripts ? o->scripts : sd, rev && *rev ? rev : "heads", &ro, NULL,
                         err)) < 0)
        goto done;
    mg_version_tables(&ignore, o->version_table);
    rc = mg_inspect(out, e, &ignore, err);
done:
    mg_strlist_release(&ignore);
    mg_engine_free(e);
    mg_scriptdir_free(sd);
    return rc;
}

/* Replay the revisions up to rev on the dialect's scratch database: the
 * dialect's scratch_url (SQLite in memory), or a temporary database made
 * on the configured server and dropped afterwards. */
static int
load_migrations(mg_metadata **out, const char *rev, const mg_source_opts *o,
                mg_error *err)
{
    const mg_dialect *d = o->dialect;
    mg_engine *base = NULL;
    char *scratch = NULL;
    mg_url *u = NULL;
    mg_error derr;
    int rc;

    if (!o->versions_dir)
        return mg_error_set(err, MG_EUSAGE, "no versions directory for "
                            "source 'migrations'");
    if (!d && o->url) {
        if ((rc = mg_url_parse(&u, o->url, err)) < 0)
            return rc;
        d = mg_dialect_find(mg_url_scheme(u));
        mg_url_free(u);
    }
    if (!d)
        d = mg_dialect_default();
    if (d->scratch_url)
        return replay(out, d->scratch_url, rev, o, err);
    if (!d->scratch_create || !d->scratch_drop)
        return mg_error_set(err, MG_EUSAGE, "the %s dialect cannot make a "
                            "scratch database", d->name);
    {
        /* the temporary database lives on the configured server */
        mg_url *cu = NULL;
        int same = o->url && mg_url_parse(&cu, o->url, NULL) == 0 &&
                   mg_dialect_find(mg_url_scheme(cu)) == d;
        mg_url_free(cu);
        if (!same)
            return mg_error_set(err, MG_EUSAGE, "replaying migrations for %s "
                                "needs a %s server: pass --url", d->name,
                                d->name);
    }
    if ((rc = mg_engine_open(&base, o->url, 0, err)) < 0) {
        if (err) {
            mg_error inner = *err;
            mg_error_set(err, rc, "replaying the migrations needs a scratch "
                         "database on a %s server: %s", d->name, inner.msg);
        }
        return rc;
    }
    if ((rc = d->scratch_create(mg_engine__conn(base), mg_engine__url(base),
                                &scratch, err)) < 0)
        goto done;
    rc = replay(out, scratch, rev, o, err);
    if (d->scratch_drop(mg_engine__conn(base), scratch, &derr) < 0 && rc >= 0)
        rc = mg_error_set(err, derr.code, "%s", derr.msg);
done:
    free(scratch);
    mg_engine_free(base);
    return rc;
}

int
mg_source_load(mg_metadata **out, const char *spec,
               const mg_source_opts *o, mg_error *err)
{
    *out = NULL;
    if (!spec || strcmp(spec, "models") == 0)
        return mg_model_load(out, o->models_path, err);
    if (strncmp(spec, "models:", 7) == 0)
        return mg_model_load(out, spec + 7, err);
    if (strcmp(spec, "db") == 0)
        return load_db(out, o->url, o, err);
    if (strncmp(spec, "db:", 3) == 0)
        return load_db(out, spec + 3, o, err);
    if (strcmp(spec, "migrations") == 0)
        return load_migrations(out, NULL, o, err);
    if (strncmp(spec, "migrations@", 11) == 0)
        return load_migrations(out, spec + 11, o, err);
    if (strncmp(spec, "git:", 4) == 0)
        return mg_git_model_load(out, spec + 4, o->models_path, err);
    return mg_error_set(err, MG_EUSAGE, "unknown schema source '%s' "
                        "(expected models[:PATH], db[:URL], "
                        "migrations[@REV] or git:REF)", spec);
}
