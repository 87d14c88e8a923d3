/* mg_runtime.h - moving a database along the revision graph: upgrade,
 * downgrade and stamp, online through an engine or offline as a SQL script,
 * and reading where a database is. */
#ifndef MG_RUNTIME_H
#define MG_RUNTIME_H

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_scriptdir.h"

MG_BEGIN_DECL

/* Callbacks a caller may set to watch a run (all optional). */
typedef struct mg_run_hooks {
    /* Every statement run (or written, offline): file and line locate it
     * in its revision file (file NULL for version-table statements); ms is
     * its duration (0 offline). */
    void (*statement)(void *ctx, const char *file, int line,
                      const char *sql, double ms);
    /* Before each step: upgrade (1) or downgrade (0) of revision. */
    void (*step)(void *ctx, int upgrade, const char *revision,
                 const char *message, const char *file);
    /* A warning for a person (checksum mismatch, another run's work). */
    void (*warning)(void *ctx, const char *message);
    void  *ctx;
} mg_run_hooks;

/* Zero-initialise (memset) and set the fields wanted; members are only
 * ever appended. */
typedef struct mg_run_opts {
    const char         *version_table; /* NULL: "migrate_version" */
    int                 lock_timeout;  /* seconds; < 0 waits for ever */
    const mg_run_hooks *hooks;         /* NULL: none */
    /* 1: run an interrupted step again from its first statement (see
     * mg_upgrade); the step must be part of this run's plan. */
    int                 resume;
    /* 1: run the whole plan in ONE transaction (BEGIN once, every step's
     * statements and version-table updates, COMMIT at the end; offline:
     * one BEGIN/COMMIT around the script). A failure rolls everything
     * back: the database stays at the revision(s) it started at. Needs
     * transactional DDL and no `transaction: off` revision in the plan
     * (nor a --resume step); otherwise the run warns and falls back to one
     * transaction per revision. */
    int                 one_transaction;
    /* NULL: none. Online runs report revisions and statements (offline
     * scripts are written at once and report nothing). */
    const mg_progress  *progress;
} mg_run_opts;

/* What a run did. */
typedef struct mg_run_result {
    size_t steps;       /* steps this run applied or reverted */
    int    waited;      /* 1 when another run moved the database while
                         * this one waited for the lock */
} mg_run_result;

/* Apply revisions up to target (see mg_revgraph_plan_upgrade). Holds the
 * migration lock; each revision commits with its version-table update
 * where the dialect has transactional DDL (or all of them together with
 * opts->one_transaction). result may be NULL.
 * Errors: MG_EUSAGE/MG_ENOTFOUND/MG_EAMBIGUOUS (target, a revision of
 * another dialect, unknown revision in the database), MG_EPARSE (a
 * revision's SQL cannot be split), MG_EDB ("file:line: message"; for a
 * non-transactional step the message lists the statements that ran),
 * MG_ELOCK (lock_timeout passed; the message names the holder where the
 * database can tell).
 *
 * Interrupted steps: a step that is not transactional (MariaDB, or
 * `transaction: off`) logs a row with duration_ms NULL, committed before its
 * first statement, and completes it with the version-table update. When a
 * run dies in between (killed, connection lost), the next upgrade or
 * downgrade finds that row and refuses with MG_EDB, naming the revision, its
 * file and the statements that may have run, until a person resolves it:
 * mg_stamp (which forgets unfinished rows), or opts->resume, which runs the
 * interrupted step again from its first statement. A statement that fails
 * while the run is alive forgets the row itself: its message already says
 * which statements ran. opts->resume for a step of the other direction, or
 * one this run's plan does not include, is MG_EUSAGE. */
MG_EXTERN
int mg_upgrade(mg_engine *e, const mg_scriptdir *sd, const char *target,
               const mg_run_opts *opts, mg_run_result *result,
               mg_error *err);
/* Revert revisions down to target (see mg_revgraph_plan_downgrade). */
MG_EXTERN
int mg_downgrade(mg_engine *e, const mg_scriptdir *sd, const char *target,
                 const mg_run_opts *opts, mg_run_result *result,
                 mg_error *err);
/* Set the version rows to target without running revision SQL; with purge
 * the table is emptied first (and unknown rows are allowed). Unfinished log
 * rows of interrupted steps are deleted (a warning names each): stamping is
 * how a person records that they finished or undid one by hand. */
MG_EXTERN
int mg_stamp(mg_engine *e, const mg_scriptdir *sd, const char *target,
             int purge, const mg_run_opts *opts, mg_error *err);

/* Offline: append to out the script that upgrades (or downgrades) from
 * the start of range to its end. range is "TARGET" or "FROM:TARGET";
 * upgrade starts at base, downgrade at the heads, unless FROM is given.
 * The script creates the version tables and updates them per step. */
MG_EXTERN
int mg_upgrade_sql(mg_buf *out, const mg_dialect *d, const mg_scriptdir *sd,
                   const char *range, const mg_run_opts *opts, mg_error *err);
MG_EXTERN
int mg_downgrade_sql(mg_buf *out, const mg_dialect *d,
                     const mg_scriptdir *sd, const char *range,
                     const mg_run_opts *opts, mg_error *err);
/* Offline stamp: append to out the script that sets the version rows to
 * range's end without running revision SQL. range is "TARGET" or
 * "FROM:TARGET" (FROM: the rows the database is at, default base; relative
 * targets count from it). The script creates the version tables, then, in
 * one transaction, changes the rows (with purge: deletes every row first)
 * and logs the stamp. Errors as for mg_revgraph_resolve (MG_ENOTFOUND,
 * MG_EAMBIGUOUS, MG_EUSAGE), MG_ENOMEM. */
MG_EXTERN
int mg_stamp_sql(mg_buf *out, const mg_dialect *d, const mg_scriptdir *sd,
                 const char *range, int purge, const mg_run_opts *opts,
                 mg_error *err);

/* The version rows of the database (sorted; empty at base). Creates
 * nothing. Errors: MG_EDB. */
MG_EXTERN
int mg_current(mg_strlist *out, mg_engine *e, const char *version_table,
               mg_error *err);

/* Applied revisions whose file changed since it was applied: appends
 * "revision" ids to out. Creates nothing. Errors: MG_EDB. */
MG_EXTERN
int mg_changed_revisions(mg_strlist *out, mg_engine *e,
                         const mg_scriptdir *sd, const char *version_table,
                         mg_error *err);

MG_END_DECL
#endif
