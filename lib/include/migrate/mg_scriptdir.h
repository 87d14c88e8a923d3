/* mg_scriptdir.h - the versions directory: every revision file in it,
 * parsed, and the graph they form; writing new revision files from the
 * template. */
#ifndef MG_SCRIPTDIR_H
#define MG_SCRIPTDIR_H

#include "mg_common.h"
#include "mg_revfile.h"
#include "mg_revgraph.h"

MG_BEGIN_DECL

typedef struct mg_scriptdir mg_scriptdir;

/* Read every *.sql file of versions_dir (in name order) and build the
 * graph. Errors: MG_EIO (no such directory: "versions directory 'x' not
 * found (run 'migrate init')"), MG_EPARSE (a malformed file, file:line),
 * MG_EGRAPH (duplicate id, cycle, unknown parent..., naming files). */
MG_EXTERN
int  mg_scriptdir_open(mg_scriptdir **out, const char *versions_dir,
                       mg_error *err);
MG_EXTERN
void mg_scriptdir_free(mg_scriptdir *sd);

MG_EXTERN
const char        *mg_scriptdir_path(const mg_scriptdir *sd);
MG_EXTERN
const mg_revgraph *mg_scriptdir_graph(const mg_scriptdir *sd);
/* The file of a revision (full id), NULL when unknown. */
MG_EXTERN
const mg_revfile  *mg_scriptdir_file(const mg_scriptdir *sd, const char *id);

/* One dialect's SQL in a new revision file (a history that serves
 * several dialects). */
typedef struct mg_newrev_section {
    const char *dialect;          /* canonical name (mg_dialect_name) */
    const char *upgrade_sql;      /* NULL: empty section */
    const char *downgrade_sql;
} mg_newrev_section;

/* The squash revision whose "-- replaces:" lists id (a revision squash
 * removed), NULL when none does (borrowed). */
MG_EXTERN
const char *mg_scriptdir_replaced_by(const mg_scriptdir *sd, const char *id);

/* What a new revision file holds. */
typedef struct mg_newrev {
    const char        *message;     /* -m; required */
    const char        *rev_id;      /* --rev-id; NULL for 12 random hex */
    const mg_strlist  *parents;     /* --head refs: "head" (default when
                                     * empty), "base", "heads", a revision,
                                     * LABEL@head; several make a merge */
    int                splice;      /* allow a parent that is not a head */
    const mg_strlist  *branch_labels;
    const mg_strlist  *depends_on;  /* refs, stored as full ids or labels */
    const char        *dialect;     /* "" or NULL leaves the key empty */
    const char        *upgrade_sql; /* NULL: empty section */
    const char        *downgrade_sql;
    const char        *template_text; /* NULL: the built-in template */
    const mg_newrev_section *sections; /* nsections > 0: one
                                     * "-- +upgrade NAME"/"-- +downgrade
                                     * NAME" pair each, in this order, in
                                     * place of the generic sections (the
                                     * template's generic markers get the
                                     * first one's name); upgrade_sql and
                                     * downgrade_sql are then unused */
    size_t             nsections;
    const mg_strlist  *replaces;    /* NULL or empty: no "-- replaces:"
                                     * header (mg_squash writes one) */
    int                transaction_off; /* 1: a "-- transaction: off"
                                     * header (statements that cannot run
                                     * in a transaction, DESIGN.md 4) */
} mg_newrev;

/* Write versions_dir/<rev>_<slug>.sql and add it to sd. *path_out and
 * *rev_out (may be NULL) receive malloc'd copies. Errors: MG_EUSAGE (bad
 * --rev-id or label, parent not a head without splice), MG_EAMBIGUOUS
 * (several heads and no parent given), MG_ENOTFOUND (unknown parent),
 * MG_EEXISTS (id or label already used), MG_EIO. */
MG_EXTERN
int mg_scriptdir_new_revision(mg_scriptdir *sd, const mg_newrev *nr,
                              char **path_out, char **rev_out,
                              mg_error *err);

/* Is every revision of sd usable on each dialect named in dialects
 * (canonical names, mg_config_dialects): does its "-- dialect:" header
 * list the dialect (or list none), and does it hold SQL for it in each
 * direction it has a section for? Errors: MG_EPARSE at the file's
 * "-- dialect:" line ("path:line: revision 'x' does not serve postgresql,
 * a configured dialect (it lists sqlite)") or that of mg_revfile_sql_for. */
MG_EXTERN
int mg_scriptdir_check_dialects(const mg_scriptdir *sd,
                                const mg_strlist *dialects, mg_error *err);

/* The file-name slug of a message: lowercase, runs of anything but
 * [a-z0-9] as "_", trimmed of "_", at most 40 characters. Writes into
 * out (at least 41 bytes). */
MG_EXTERN
void mg_revision_slug(const char *message, char *out);

/* The built-in templates `migrate init` writes. */
MG_EXTERN
const char *mg_template_config(void);
MG_EXTERN
const char *mg_template_revision(void);
MG_EXTERN
const char *mg_template_models(void);

MG_END_DECL
#endif
