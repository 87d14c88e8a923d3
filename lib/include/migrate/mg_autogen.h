/* mg_autogen.h - autogenerate as one library call: the operations that
 * turn a database at head (or the migrations replayed on a scratch
 * database) into the models, rendered as upgrade SQL and its exact inverse
 * for the new revision file. */
#ifndef MG_AUTOGEN_H
#define MG_AUTOGEN_H

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_op.h"
#include "mg_source.h"

MG_BEGIN_DECL

/* What mg_autogenerate diffs. Fill with mg_autogen_opts_init; everything
 * is borrowed for the call. */
typedef struct mg_autogen_opts {
    mg_source_opts source;     /* models_path (the wanted schema),
                                * version_table (left out), scripts (NULL:
                                * read versions_dir); from_migrations:
                                * also url or dialect, shadow_url,
                                * cache_dir, cached and progress, as for
                                * the "migrations" source */
    mg_engine     *engine;     /* the database diffed from, which must be
                                * at head; open it with MG_OPEN_READONLY |
                                * MG_OPEN_READ_ONCE: after the call only
                                * mg_engine_free. Unused (may be NULL)
                                * with from_migrations */
    int            from_migrations; /* 1: diff from the revisions replayed
                                * on a scratch database instead: no
                                * database at head needed */
    const mg_strlist *dialects; /* names of the dialects to render for
                                * besides the source's (a history that
                                * serves several, mg_config_dialects);
                                * NULL or empty: the source's alone */
    int            online;     /* 1: render each dialect's forms that do
                                * not block writes (MG_RENDER_ONLINE);
                                * see mg_autogen_result_transactional */
} mg_autogen_opts;

/* Defaults: models.sql, migrations/versions, from the database. */
MG_EXTERN
void mg_autogen_opts_init(mg_autogen_opts *opts);

typedef struct mg_autogen_result mg_autogen_result;

/* Diff the database (or the replayed migrations) to the models and render
 * both directions for the database's dialect (from_migrations: the
 * source's dialect, else its URL's, else SQLite). *out holds the result,
 * also when nothing changed (mg_oplist_count of its operations is 0).
 * Errors (nothing in *out): MG_ESTATE "the database is not at head (it is
 * at X; head is Y): run 'migrate upgrade head' first" (mg_at_head), MG_EUSAGE
 * (no engine, bad URL), MG_EPARSE and MG_ENOTFOUND (models, revision
 * files), MG_EGRAPH, MG_EDB, MG_ENOMEM. */
MG_EXTERN
int mg_autogenerate(mg_autogen_result **out, const mg_autogen_opts *opts,
                    mg_error *err);
MG_EXTERN
void mg_autogen_result_free(mg_autogen_result *r);   /* NULL-safe */

/* The changes found, in the order the upgrade applies them (borrowed). */
MG_EXTERN
const mg_oplist *mg_autogen_result_ops(const mg_autogen_result *r);
/* The rendered upgrade and downgrade SQL ("" when nothing changed), each
 * ending with a newline when not empty (borrowed). */
MG_EXTERN
const char *mg_autogen_result_upgrade_sql(const mg_autogen_result *r);
MG_EXTERN
const char *mg_autogen_result_downgrade_sql(const mg_autogen_result *r);
/* The dialect the SQL is rendered for. */
MG_EXTERN
const mg_dialect *mg_autogen_result_dialect(const mg_autogen_result *r);

/* 0 when the revision must run outside a transaction ("-- transaction:
 * off" in its header): with opts->online, a dialect rendered for needs
 * it (mg_render_transactional) in either direction; 1 otherwise. */
MG_EXTERN
int mg_autogen_result_transactional(const mg_autogen_result *r);

/* Several dialects (opts->dialects): the schema the revisions leave is
 * read once and compared with the models as each dialect reads them, so
 * each dialect's changes are its own, rendered by it. The accessors above
 * give the source's dialect's (index 0); these give any dialect's. */
MG_EXTERN
size_t mg_autogen_result_dialect_count(const mg_autogen_result *r);
/* The i-th dialect rendered for (0: the source's), NULL past the end. */
MG_EXTERN
const mg_dialect *mg_autogen_result_dialect_at(const mg_autogen_result *r,
                                               size_t i);
/* d's changes and SQL (borrowed), NULL when d was not rendered for. */
MG_EXTERN
const mg_oplist *mg_autogen_result_ops_for(const mg_autogen_result *r,
                                           const mg_dialect *d);
MG_EXTERN
const char *mg_autogen_result_upgrade_sql_for(const mg_autogen_result *r,
                                              const mg_dialect *d);
MG_EXTERN
const char *mg_autogen_result_downgrade_sql_for(const mg_autogen_result *r,
                                                const mg_dialect *d);

MG_END_DECL
#endif
