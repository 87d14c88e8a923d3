/* mg_source.h - where a schema comes from, for diff, check, inspect, erd
 * and sorted-tables: models[:PATH], db[:URL], migrations[@REV] (the
 * revisions replayed on a scratch database of the dialect), git:REF. */
#ifndef MG_SOURCE_H
#define MG_SOURCE_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_engine.h"
#include "mg_scriptdir.h"

MG_BEGIN_DECL

/* What a source spec is resolved against (usually the config). */
typedef struct mg_source_opts {
    const char       *models_path;   /* models (file or directory) */
    const char       *url;           /* db, and the scratch dialect */
    const char       *versions_dir;  /* migrations */
    const char       *version_table; /* left out of db and migrations */
    const mg_dialect *dialect;       /* scratch dialect when url is NULL */
    const mg_scriptdir *scripts;     /* migrations: the revisions already
                                      * read from versions_dir, or NULL to
                                      * read them */
    const char       *cache_dir;     /* migrations: where replayed schemas
                                      * are kept for the next run with the
                                      * same revision files and server;
                                      * NULL replays every time */
    int              *cached;        /* out, may be NULL: set to 1 when
                                      * the migrations' schema came from
                                      * cache_dir, 0 when replayed */
    const mg_progress *progress;     /* migrations: the replay's progress
                                      * (an upgrade), or NULL */
    const char       *shadow_url;    /* migrations: the server the scratch
                                      * database is made on (and, without
                                      * dialect, the dialect replayed for);
                                      * NULL: url's server. Unused where the
                                      * dialect has its own scratch URL
                                      * (SQLite, in memory) */
    const char       *manage;        /* the schema objects managed: the
                                      * `manage =`, `include_objects =`
                                      * and `exclude_objects =` settings
                                      * (mg_metadata_manage), NULL for
                                      * the defaults; applied to every
                                      * schema loaded */
    const char       *include_objects;
    const char       *exclude_objects;
} mg_source_opts;

/* Load the schema a spec names. "models" and "models:PATH" parse model
 * files; "db" and "db:URL" reflect a database (read-only; a missing SQLite
 * file is an empty schema); "migrations" and "migrations@REV" replay the
 * revisions up to REV (default: heads) on an in-memory SQLite database, or
 * on a temporary database of a server dialect (on shadow_url's server, else
 * url's) that is dropped afterwards, and reflect it; with cache_dir, a replay whose revision files, target
 * and server version have not changed since the last one is read back
 * from the cache directory instead (the server is still connected to,
 * for its version). Errors: MG_EUSAGE (unknown spec, no URL), MG_EPARSE,
 * MG_ENOTFOUND, MG_EDB. */
MG_EXTERN
int mg_source_load(mg_metadata **out, const char *spec,
                   const mg_source_opts *opts, mg_error *err);

/* The dialect of the database a spec names: for "db:URL" the URL's
 * dialect, for every other spec NULL (the caller decides). SQL that turns
 * one schema into another is for the database it runs on, so diff and
 * inspect render for this dialect when there is one. Errors: MG_EUSAGE
 * (bad URL, or its dialect is not compiled in). */
MG_EXTERN
int mg_source_dialect(const mg_dialect **out, const char *spec,
                      mg_error *err);

/* The version table and its log, as an ignore list for compare/inspect. */
MG_EXTERN
int mg_version_tables(mg_strlist *out, const char *version_table);

/* Set the key of each object of md (a model) to the server's own form of
 * its definition (the dialect's catalog.server_form), on the server of
 * url, so that models compare with a database (or a scratch replay) of
 * that server without false differences. Nothing happens when url is
 * NULL, md holds no object, or the dialect has no server form. Errors:
 * MG_EDB (cannot connect), MG_EUSAGE (bad URL), MG_ENOMEM. */
MG_EXTERN
int mg_source_server_form(mg_metadata *md, const char *url, mg_error *err);

/* Let the server decide what text cannot: where an expression of models
 * (a column's default or generation, a CHECK) still differs in text from
 * its counterpart in other (a database, or a replay, on the server of
 * url), the tables holding one are made on that server where nothing
 * stays and read back (the dialect's catalog.server_tables); where the
 * server's form of the expression equals other's, models takes other's
 * text, so the two compare equal. Call it after loading both, before
 * mg_compare. Nothing happens, and no connection is made, when no such
 * expression differs, url is NULL, or the dialect has no server form.
 * Errors: MG_EDB (cannot connect), MG_EUSAGE (bad URL), MG_ENOMEM. */
MG_EXTERN
int mg_source_settle(mg_metadata *models, const mg_metadata *other,
                     const char *url, mg_error *err);

MG_END_DECL
#endif
