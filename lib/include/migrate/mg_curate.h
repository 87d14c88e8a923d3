/* mg_curate.h - curating a revision history: a linear run of revisions
 * squashed into one. */
#ifndef MG_CURATE_H
#define MG_CURATE_H

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_source.h"

MG_BEGIN_DECL

/* What mg_squash needs. Zero-initialise (memset) and set the fields
 * wanted; everything is borrowed for the call. */
typedef struct mg_squash_opts {
    mg_source_opts source;        /* versions_dir (required), and what
                                   * replaying needs: dialect or url,
                                   * shadow_url, version_table, cache_dir */
    const char    *message;       /* NULL: the run's messages joined */
    const char    *template_text; /* NULL: the built-in template */
    const mg_strlist *dialects;   /* NULL, or the configured dialects
                                   * (mg_config_dialects) with, parallel, */
    const mg_strlist *check_urls; /* the check server of each ("": none):
                                   * where a server dialect's sections are
                                   * replayed for a multi-dialect squash */
} mg_squash_opts;

/* Replace the linear run of revisions from..to (references as
 * mg_revgraph_lookup reads them; from an ancestor of to, or to itself) by
 * one revision whose upgrade is the difference between the schema the
 * migrations leave at from's parent (nothing at base) and at to, each
 * replayed on a scratch database and compared, and whose downgrade is its
 * exact inverse. The new revision keeps to's id (so a database at to is
 * at it, and to's children stay as they are), from's parent, and lists
 * the others in "-- replaces:"; a database at one of them is named as
 * part way through the squash. When to's "-- dialect:" lists several
 * dialects, each is replayed on a scratch database of its own (a server
 * dialect on its check server: MG_EUSAGE without one) and the file has
 * one upgrade/downgrade pair per dialect. The run's files are removed.
 * *path_out (may be NULL) receives the new file's path (malloc'd); replaced_out
 * (may be NULL) the ids it replaces. On any error nothing is written or
 * removed. Errors: MG_EUSAGE (a branch point, a merge, a branch label or
 * a depends_on in the run, from not an ancestor of to), MG_ENOTFOUND,
 * MG_EAMBIGUOUS, MG_EPARSE, MG_EGRAPH, MG_EDB (replaying), MG_EIO,
 * MG_ENOMEM. */
MG_EXTERN
int mg_squash(char **path_out, mg_strlist *replaced_out, const char *from,
              const char *to, const mg_squash_opts *opts, mg_error *err);

/* Move the revisions of branch_head that onto lacks (both heads,
 * references as mg_revgraph_lookup reads them) on top of onto: the first
 * of them (a parent outside the branch) get onto as their down_revision;
 * nothing else changes. With e (NULL: no database; open it read-only),
 * refuses when that database has one of them applied. moved_out (may be
 * NULL) receives the moved ids, parents first. Errors: MG_ESTATE (a moved
 * revision applied), MG_EUSAGE (not two different heads, nothing to move,
 * a moved revision merging in another branch), MG_ENOTFOUND,
 * MG_EAMBIGUOUS, MG_EGRAPH, MG_EDB, MG_EIO, MG_ENOMEM; on error the files
 * are as they were. */
MG_EXTERN
int mg_rebase(mg_strlist *moved_out, const char *versions_dir,
              const char *branch_head, const char *onto, mg_engine *e,
              const char *version_table, mg_error *err);

MG_END_DECL
#endif
