/* source.c - resolving a schema source spec to metadata. Every command
 * that reads a schema (diff, check, inspect, erd, sorted-tables) goes
 * through here, so the spec language has one implementation. */
#include "mg_source.h"
#include "mg_dialect_resolve.h"
#include "mg_git.h"
#include "mg_model.h"
#include "mg_inspect.h"
#include "mg_scriptdir.h"
#include "mg_runtime.h"
#include "mg_dialect.h"
#include "engine_int.h"
#include "replay_cache_int.h"

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

/* Replay the revisions of sd up to rev on e, an empty database, and
 * reflect it. */
static int
replay_on(mg_metadata **out, mg_engine *e, const mg_scriptdir *sd,
          const char *rev, const mg_source_opts *o, mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_run_opts ro;
    int rc;

    memset(&ro, 0, sizeof(ro));
    ro.version_table = o->version_table;
    ro.lock_timeout = -1;
    ro.progress = o->progress;
    if ((rc = mg_upgrade(e, sd, rev && *rev ? rev : "heads", &ro, NULL,
                         err)) < 0)
        return rc;
    mg_version_tables(&ignore, o->version_table);
    rc = mg_inspect(out, e, &ignore, err);
    mg_strlist_release(&ignore);
    return rc;
}

/* The cache key of this replay on the server e is connected to; 0 when
 * there is one (a cache directory, and a dialect that names its server's
 * version). */
static int
cache_key(mg_replay_key *k, mg_engine *e, const mg_scriptdir *sd,
          const char *rev, const mg_source_opts *o)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_buf v = MG_BUF_INIT;
    int rc;

    if (!o->cache_dir || !*o->cache_dir || !d->conn.server_version)
        return -1;
    d->conn.server_version(mg_engine__conn(e), &v);
    rc = v.oom ? MG_ENOMEM :
         mg_replay__key(k, d, mg_engine_url_redacted(e), mg_buf_cstr(&v), sd,
                        rev, o->version_table);
    mg_buf_release(&v);
    return rc;
}

int
mg_source_dialect(const mg_dialect **out, const char *spec, mg_error *err)
{
    *out = NULL;
    if (!spec || strncmp(spec, "db:", 3) != 0 || !spec[3])
        return 0;
    return mg_dialect_resolve(out, NULL, spec + 3, err);
}

/* The URL of the server scratch databases are made on: shadow_url, else
 * url (NULL when neither is set). */
static const char *
scratch_server(const mg_source_opts *o)
{
    return o->shadow_url && *o->shadow_url ? o->shadow_url : o->url;
}

/* The dialect the migrations are replayed for, or an error. */
static int
replay_dialect(const mg_dialect **out, const mg_source_opts *o,
               mg_error *err)
{
    const mg_dialect *d = o->dialect;
    const char *server = scratch_server(o);
    int rc;

    if (!d && server && (rc = mg_dialect_resolve(&d, NULL, server, err)) < 0)
        return rc;
    *out = d ? d : mg_dialect_default();
    if (!(*out)->scratch.url && (!(*out)->scratch.create ||
                                 !(*out)->scratch.drop))
        return mg_error_set(err, MG_EUSAGE, "the %s dialect cannot make a "
                            "scratch database", (*out)->name);
    if (!(*out)->scratch.url) {
        /* the temporary database lives on the configured server */
        mg_url *cu = NULL;
        int same = server && mg_url_parse(&cu, server, NULL) == 0 &&
                   mg_dialect_find(mg_url_scheme(cu)) == *out;
        mg_url_free(cu);
        if (!same)
            return mg_error_set(err, MG_EUSAGE, "replaying migrations for %s "
                                "needs a %s server: pass --url or set "
                                "shadow_url", (*out)->name, (*out)->name);
    }
    return 0;
}

/* Replay the revisions up to rev on the dialect's scratch database: the
 * dialect's scratch.url (SQLite in memory), or a temporary database made
 * on the shadow or configured server and dropped afterwards; or read what the last
 * identical replay gave from the cache. */
static int
load_migrations(mg_metadata **out, const char *rev, const mg_source_opts *o,
                mg_error *err)
{
    const mg_scriptdir *sd = o->scripts;
    mg_scriptdir *own = NULL;
    const mg_dialect *d;
    mg_engine *base = NULL, *e = NULL;
    mg_replay_key key;
    char *scratch = NULL;
    int keyed = 0, rc;

    if (o->cached)
        *o->cached = 0;
    if (!o->versions_dir)
        return mg_error_set(err, MG_EUSAGE, "no versions directory for "
                            "source 'migrations'");
    if ((rc = replay_dialect(&d, o, err)) < 0)
        return rc;
    if (!sd && (rc = mg_scriptdir_open(&own, o->versions_dir, err)) < 0)
        return rc;
    if (!sd)
        sd = own;
    /* SQLite replays on the scratch engine itself; a server dialect on a
     * temporary database of the server base is connected to */
    if ((rc = mg_engine_open(&base, d->scratch.url ? d->scratch.url
                                                   : scratch_server(o),
                             d->scratch.url ? MG_OPEN_READ_ONCE : 0,
                             err)) < 0) {
        if (err && !d->scratch.url) {
            mg_error inner = *err;
            mg_error_set(err, rc, "replaying the migrations needs a scratch "
                         "database on a %s server: %s", d->name, inner.msg);
        }
        goto done;
    }
    keyed = cache_key(&key, base, sd, rev, o) == 0;
    if (keyed && mg_replay__get(out, o->cache_dir, &key)) {
        if (o->cached)
            *o->cached = 1;
        goto done;
    }
    if (d->scratch.url) {
        rc = replay_on(out, base, sd, rev, o, err);
    } else {
        mg_error derr;
        if ((rc = d->scratch.create(mg_engine__conn(base),
                                    mg_engine__url(base), &scratch,
                                    err)) < 0)
            goto done;
        if ((rc = mg_engine_open(&e, scratch, MG_OPEN_READ_ONCE, err)) == 0)
            rc = replay_on(out, e, sd, rev, o, err);
        mg_engine_free(e);
        if (d->scratch.drop(mg_engine__conn(base), scratch, &derr) < 0 &&
            rc >= 0) {
            rc = mg_error_set(err, derr.code, "%s", derr.msg);
            mg_metadata_free(*out);
            *out = NULL;
        }
    }
    if (rc >= 0 && keyed)
        mg_replay__put(o->cache_dir, &key, *out);
done:
    free(scratch);
    mg_engine_free(base);
    mg_scriptdir_free(own);
    return rc;
}

/* The model at path, its names scoped as the dialect of o (o->dialect,
 * else url's; the strictest scoping when neither is known). */
static int
load_models(mg_metadata **out, const char *path, const mg_source_opts *o,
            mg_error *err)
{
    const mg_dialect *d = o->dialect;

    if (!d && o->url && mg_dialect_resolve(&d, NULL, o->url, NULL) < 0)
        d = NULL;
    return mg_model_load_for(out, path, d, err);
}

/* The schema a spec names, before the objects not managed are left
 * out. */
static int
load_spec(mg_metadata **out, const char *spec, const mg_source_opts *o,
          mg_error *err)
{
    *out = NULL;
    if (!spec || strcmp(spec, "models") == 0)
        return load_models(out, o->models_path, o, err);
    if (strncmp(spec, "models:", 7) == 0)
        return load_models(out, spec + 7, o, err);
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

int
mg_source_load(mg_metadata **out, const char *spec,
               const mg_source_opts *o, mg_error *err)
{
    const mg_dialect *d = o->dialect;
    int rc, reflected;

    if ((rc = load_spec(out, spec, o, err)) < 0)
        return rc;
    reflected = spec && (strncmp(spec, "db", 2) == 0 ||
                         strncmp(spec, "migrations", 10) == 0);
    if (spec && strncmp(spec, "db:", 3) == 0)
        mg_dialect_resolve(&d, NULL, spec + 3, NULL);
    else if (!d && o->url)
        mg_dialect_resolve(&d, NULL, o->url, NULL);
    if ((rc = mg_metadata_manage(*out, d, o->manage, o->include_objects,
                                 o->exclude_objects, reflected, err)) < 0) {
        mg_metadata_free(*out);
        *out = NULL;
    }
    return rc;
}

int
mg_source_server_form(mg_metadata *md, const char *url, mg_error *err)
{
    const mg_dialect *d = NULL;
    mg_engine *e = NULL;
    int rc;

    if (!url || mg_metadata_object_count(md) == 0)
        return 0;
    if ((rc = mg_dialect_resolve(&d, NULL, url, err)) < 0)
        return rc;
    if (!d || !d->catalog.server_form)
        return 0;
    if ((rc = mg_engine_open(&e, url, 0, err)) < 0)
        return rc;
    rc = d->catalog.server_form(mg_engine__conn(e), md, err);
    mg_engine_free(e);
    return rc;
}
