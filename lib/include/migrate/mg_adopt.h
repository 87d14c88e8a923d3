/* mg_adopt.h - bringing an existing database or history under migrate:
 * a baseline revision written from a live database, and an Alembic
 * project's history imported as migrate revision files. */
#ifndef MG_ADOPT_H
#define MG_ADOPT_H

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_metadata.h"
#include "mg_scriptdir.h"

MG_BEGIN_DECL

/* What mg_baseline writes. Zero-initialise (memset) and set the fields
 * wanted; everything is borrowed for the call. */
typedef struct mg_baseline_opts {
    const char *models_path;   /* the model file written (NULL:
                                * "models.sql"); replaced when it exists */
    const char *version_table; /* NULL: "migrate_version" */
    const char *message;       /* NULL: "baseline" */
    const char *rev_id;        /* NULL: 12 random hex characters */
    const char *template_text; /* NULL: the built-in revision template */
    int         lock_timeout;  /* for the stamp, as mg_run_opts's */
    int         force;         /* 1: write it also when the project has
                                * revisions (as a new root) */
} mg_baseline_opts;

typedef struct mg_baseline_result mg_baseline_result;

/* Adopt the database e: reflect its schema (the version tables left
 * out), write it as model text to opts->models_path (what `inspect`
 * prints), write a first revision into sd whose upgrade creates that
 * schema from nothing and whose downgrade drops it exactly, and stamp e
 * at that revision (its version rows replaced) without running it. The
 * revision is written, then the stamp made, then the model file; when the
 * stamp fails the revision file is removed again. Errors: MG_EEXISTS (sd
 * already has revisions and not force: "the project already has N
 * revision(s): baseline starts a history (pass --force to add one
 * anyway)"), MG_EDB, MG_ELOCK, MG_EIO, MG_EUSAGE (bad rev_id), MG_EEXISTS
 * (rev_id used too), MG_ENOMEM. */
MG_EXTERN
int mg_baseline(mg_baseline_result **out, mg_engine *e, mg_scriptdir *sd,
                const mg_baseline_opts *opts, mg_error *err);
MG_EXTERN
void mg_baseline_result_free(mg_baseline_result *r);   /* NULL-safe */
/* The revision written and its file (borrowed). */
MG_EXTERN
const char *mg_baseline_result_revision(const mg_baseline_result *r);
MG_EXTERN
const char *mg_baseline_result_path(const mg_baseline_result *r);
/* The schema reflected (its unmanaged objects name what the model file
 * could not hold; borrowed). */
MG_EXTERN
const mg_metadata *mg_baseline_result_schema(const mg_baseline_result *r);

MG_END_DECL
#endif
