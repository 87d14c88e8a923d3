/* mg_adopt.h - bringing an existing database or history under migrate:
 * a baseline revision written from a live database, and an Alembic
 * project's history imported as migrate revision files (mg_import_alembic). */
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

/* What mg_import_alembic reads and writes. Zero-initialise (memset) and
 * set the fields wanted; everything is borrowed for the call. */
typedef struct mg_import_opts {
    const char *alembic_dir;   /* the Alembic project: its alembic.ini */
    const char *versions_dir;  /* migrate's versions directory, written */
    const char *dialect;       /* the files' "-- dialect:" (NULL: none) */
    const char *alembic_cmd;   /* NULL: "alembic" on PATH; "": never run
                                * (every revision's SQL left to fill in) */
    mg_engine  *engine;        /* NULL: no database to adopt; else opened
                                * writable (its version rows are set) */
    const char *version_table; /* migrate's (NULL: "migrate_version") */
    int         keep_table;    /* 1: the database's alembic_version stays
                                * its version table: nothing is stamped */
} mg_import_opts;

/* Import the Alembic project at opts->alembic_dir without running its
 * Python: script_location from alembic.ini, and from each revision module
 * of its versions directory, read as text, revision, down_revision
 * (string, tuple or list, None), branch_labels, depends_on, the
 * docstring's first line as message and its "Create Date". One migrate
 * revision file per module, same ids, graph, labels and messages. Their
 * SQL comes from Alembic's offline mode (`alembic upgrade heads --sql`,
 * `alembic downgrade heads:base --sql`, run in alembic_dir) when the
 * command is there; otherwise each file says its SQL must be filled in
 * and a notice naming the revision is added to unfilled. When Alembic
 * fails inside a revision, that direction's SQL is left to fill in, the
 * notice ("FILE:LINE: revision R: its upgrade SQL must be filled in
 * (alembic --sql failed: EXCEPTION)") is added to unfilled, and Alembic
 * goes on after it. Every file is checked before the first
 * is written, and the whole history is read back as a graph afterwards
 * (the files removed again when it cannot be). Then, with an engine whose
 * database has an alembic_version table, its rows (added to current) are
 * stamped into migrate's version table, unless keep_table. written
 * receives the paths written. Errors: MG_ENOTFOUND (no alembic.ini, no
 * versions directory, no revisions), MG_EPARSE (no script_location, an
 * id migrate cannot keep), MG_EEXISTS (a file exists), MG_EGRAPH, MG_EUSAGE
 * (alembic failed before any revision: its exception), MG_EDB, MG_EIO,
 * MG_ENOMEM. */
MG_EXTERN
int mg_import_alembic(mg_strlist *written, mg_strlist *unfilled,
                      mg_strlist *current, const mg_import_opts *opts,
                      mg_error *err);

MG_END_DECL
#endif
