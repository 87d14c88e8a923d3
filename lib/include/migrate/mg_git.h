/* mg_git.h - model files and revision files as committed at a git ref,
 * read with libgit2: the git:REF[:PATH] schema source, and the checks
 * `check --base REF` makes of a branch against its base (history left
 * alone, diverged heads, destructive steps in new revisions). In a build
 * without libgit2 every function that reads a repository fails with
 * MG_EUSAGE ("git sources need libgit2 (configure --with-libgit2)"). */
#ifndef MG_GIT_H
#define MG_GIT_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_revfile.h"
#include "mg_scriptdir.h"

MG_BEGIN_DECL

/* Load the models as committed at a git ref. spec is what follows "git:"
 * in a source: "REF" reads models_path (a file or a directory of *.sql
 * files, relative to the current directory as the config resolves it)
 * from the same place in the tree of REF; "REF:PATH" reads PATH, which is
 * relative to the repository root as in git's "REF:PATH", or to the
 * current directory when it starts with "./" or "../", or absolute. REF
 * is anything git rev-parse takes that names a commit, tag or tree
 * (main, v1.0, a sha, HEAD~1). The repository is found from the
 * directory of the path (GIT_DIR is honoured). Paths are compared as real
 * paths, so symbolic links and "." / ".." do not matter. Parse messages
 * name files as "REF:path/in/repo.sql:line:col". Errors: MG_EUSAGE
 * ("unknown git ref 'x'", not in a repository, a path outside it, a bare
 * repository), MG_ENOTFOUND ("'models.sql' does not exist at git ref
 * 'x'"), MG_EPARSE, MG_EIO. */
MG_EXTERN
int mg_git_model_load(mg_metadata **out, const char *spec,
                      const char *models_path, mg_error *err);

/* What check --base finds. */
enum {
    MG_GIT_EDITED = 1,  /* a revision file committed at the base changed */
    MG_GIT_DELETED,     /* a revision file committed at the base is gone */
    MG_GIT_DIVERGED,    /* the branch and the base added children of one
                         * revision: several heads to merge */
    MG_GIT_DESTRUCTIVE  /* a new revision's upgrade loses data (a warning
                         * unless the caller is strict) */
};

/* One finding: what, and where (for annotations). */
typedef struct mg_git_issue {
    int   kind;      /* MG_GIT_* */
    char *path;      /* the file concerned, NULL when none */
    int   line;      /* 1-based line in path, 0 when unknown */
    char *message;   /* one line, without the location */
} mg_git_issue;

/* A growable list of issues, owned. Zero-initialise with
 * MG_GIT_ISSUES_INIT; free with mg_git_issues_release. */
typedef struct mg_git_issues {
    mg_git_issue *v;
    size_t        n;
    size_t        cap;
} mg_git_issues;
#define MG_GIT_ISSUES_INIT { NULL, 0, 0 }

MG_EXTERN
void mg_git_issues_release(mg_git_issues *l);

/* Check the working tree's revisions against those committed at ref, and
 * append what is wrong to out:
 * - every *.sql file of versions_dir at ref must be in the working tree
 *   byte for byte (MG_GIT_EDITED names the file and the first line that
 *   differs; a file moved to another name with the same bytes is fine),
 *   and none may be gone (MG_GIT_DELETED);
 * - with sd (the working tree's versions directory; may be NULL when its
 *   graph is invalid): when there are several heads, each revision that
 *   has both children added since ref and children committed at ref gives
 *   MG_GIT_DIVERGED, naming both sides and 'migrate merge heads';
 * - every revision of sd not committed at ref (a new revision) is scanned
 *   by mg_git_destructive_steps.
 * versions_dir at ref may be missing (everything is new). Errors as for
 * mg_git_model_load (MG_EUSAGE for an unknown ref), MG_EIO, MG_ENOMEM. */
MG_EXTERN
int mg_git_check_base(mg_git_issues *out, const char *ref,
                      const char *versions_dir, const mg_scriptdir *sd,
                      mg_error *err);

/* Add to out the ids of the revisions whose files are committed at ref in
 * versions_dir (nothing when the directory is missing there): what
 * `lint --base REF` leaves out. Errors as for mg_git_check_base. */
MG_EXTERN
int mg_git_base_revisions(mg_strlist *out, const char *ref,
                          const char *versions_dir, mg_error *err);

/* Append an MG_GIT_DESTRUCTIVE issue for each destructive step in the
 * upgrade section of rf: each "-- WARNING: data loss" comment line, and
 * each DROP TABLE or ALTER TABLE ... DROP [COLUMN] statement that no such
 * comment precedes. A DROP TABLE that a later "ALTER TABLE x RENAME TO"
 * of the same name undoes (a table rebuild) does not count. Needs no
 * libgit2. Errors: MG_ENOMEM. */
MG_EXTERN
int mg_git_destructive_steps(mg_git_issues *out, const mg_revfile *rf,
                             mg_error *err);

/* Write path relative to the root of the git working tree holding it
 * (for annotations: "migrations/versions/x.sql" whatever the current
 * directory). Errors: MG_EUSAGE (no repository, path outside it,
 * libgit2 not compiled in), MG_EIO. */
MG_EXTERN
int mg_git_relpath(mg_buf *out, const char *path, mg_error *err);

MG_END_DECL
#endif
