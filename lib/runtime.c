/* runtime.c - Alembic's MigrationContext: plan the steps between where a
 * database is and a target, then run each step's statements and its
 * version-table update, one transaction per step where the dialect's DDL
 * is transactional. The same loop writes offline --sql scripts by sending
 * statements to a buffer instead of a connection. Concurrent runs: each
 * step re-reads the version rows inside its transaction (under the
 * migration lock) and re-plans when another run has moved them.
 *
 * A step that is not transactional logs an unfinished row (duration_ms
 * NULL) before its first statement and completes it with the version-table
 * update; a run that finds such a row left by a run that died refuses to go
 * on until it is resolved (stamp, or --resume). Where the lock is held for
 * the whole run, that row is written by the previous step's record, in its
 * transaction, and the record is sent as one text: per revision, MariaDB
 * then sends its statements, then START TRANSACTION, the version-table
 * update, the log row's completion, the next step's row and COMMIT in one
 * round trip, and no transaction more.
 *
 * With one_transaction the whole plan runs in ONE transaction instead:
 * BEGIN once, the version rows checked once, every step's statements and
 * version-table updates, COMMIT at the end; a failure rolls all of it back.
 * That needs transactional DDL and no `transaction: off` revision in the
 * plan: otherwise the run warns and falls back to a transaction per step.
 *
 * After mg_interrupt() no further statement starts: the step fails and
 * rolls back like a failed statement (the running one is cancelled on the
 * server by lib/interrupt.c). */
#include "mg_runtime.h"
#include "mg_dialect.h"
#include "mg_split.h"
#include "version_table_int.h"
#include "mg_interrupt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_TABLE "migrate_version"

typedef struct run {
    mg_engine          *e;       /* NULL offline */
    const mg_dialect   *d;
    mg_buf             *script;  /* offline output */
    const mg_scriptdir *sd;
    const char         *table;
    const mg_run_hooks *hooks;
    int                 lock_timeout;
    int                 resume;
    int                 one_txn;  /* one transaction for the whole plan */
    mg_strlist          resumed;  /* revisions whose interrupted step this
                                   * run runs again (their unfinished log
                                   * row is reused) */
    const mg_progress  *progress; /* NULL: none */
    mg_progress_info    at;       /* what was reported last */
    int                 markers_ok;  /* a started marker was written: the
                                      * log table takes them */
    int                 next_marked; /* the next step's marker was
                                      * committed with this step's record */
} run;

/* One step's statements, split before anything runs. */
typedef struct prepared {
    const mg_revfile *rf;
    mg_stmtlist      *stmts;
    int               txn;      /* runs inside a transaction */
} prepared;

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
warn(const run *r, const char *fmt, ...)
{
    mg_buf b = MG_BUF_INIT;
    va_list ap;

    if (!r->hooks || !r->hooks->warning)
        return;
    va_start(ap, fmt);
    mg_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    r->hooks->warning(r->hooks->ctx, mg_buf_cstr(&b));
    mg_buf_release(&b);
}

static void
init_run(run *r, mg_engine *e, const mg_dialect *d, mg_buf *script,
         const mg_scriptdir *sd, const mg_run_opts *o)
{
    memset(r, 0, sizeof(*r));
    r->e = e;
    r->d = e ? mg_engine_dialect(e) : d;
    r->script = script;
    r->sd = sd;
    r->table = o && o->version_table ? o->version_table : DEFAULT_TABLE;
    r->hooks = o ? o->hooks : NULL;
    r->lock_timeout = o ? o->lock_timeout : -1;
    r->resume = o ? o->resume : 0;
    r->one_txn = o ? o->one_transaction : 0;
    r->progress = o && o->progress && o->progress->update ? o->progress
                                                          : NULL;
}

/* Report progress: steps (revisions) and statements finished so far. */
static void
report(run *r, int upgrade, size_t steps, size_t stmts)
{
    r->at.done += steps;
    r->at.statements_done += stmts;
    if (!r->progress)
        return;
    r->at.task = upgrade ? "upgrade" : "downgrade";
    r->progress->update(r->progress->ctx, &r->at);
}

/* A (re-)plan of n steps: the totals grow by what it holds. */
static void
report_plan(run *r, int upgrade, const prepared *p, size_t n)
{
    size_t i, stmts = 0;

    for (i = 0; i < n; i++)
        stmts += mg_stmtlist_count(p[i].stmts);
    r->at.total = r->at.done + n;
    r->at.statements_total = r->at.statements_done + stmts;
    report(r, upgrade, 0, 0);
}

/* Run or write one statement. */
static int
emit(run *r, const char *file, int line, const char *sql, int is_block,
     mg_error *err)
{
    double t0, ms = 0;
    int rc = 0;

    if (r->script) {
        if (is_block && (r->d->caps & MG_CAP_DELIMITER_SCRIPTS))
            mg_buf_addf(r->script, "DELIMITER //\n%s\n//\nDELIMITER ;\n",
                        sql);
        else
            mg_buf_addf(r->script, "%s;\n", sql);
    } else if (file && mg_interrupted()) {
        /* Ctrl-C between a revision's statements: start no other one
         * (the version-table bookkeeping, file NULL, still runs) */
        mg_error_set(err, MG_ERROR, "interrupted before this statement ran");
        mg_error_locate(err, file, line);
        return MG_ERROR;
    } else {
        t0 = now_ms();
        rc = mg_engine_exec(r->e, sql, err);
        ms = now_ms() - t0;
    }
    if (r->hooks && r->hooks->statement)
        r->hooks->statement(r->hooks->ctx, file, line, sql, ms);
    if (rc < 0 && file)
        mg_error_locate(err, file, line);
    return rc;
}

static int
emit_all(run *r, const mg_strlist *stmts, mg_error *err)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < stmts->n && rc == 0; i++)
        rc = emit(r, NULL, 0, stmts->v[i], 0, err);
    return rc;
}

static void
release_prepared(prepared *p, size_t n)
{
    size_t i;

    for (i = 0; p && i < n; i++)
        mg_stmtlist_free(p[i].stmts);
    free(p);
}

/* Split the section of one step that the run's dialect runs (its own, or
 * the generic one). */
static int
prepare_one(prepared *p, const run *r, const char *rev, int upgrade,
            mg_error *err)
{
    const mg_revfile *rf = mg_scriptdir_file(r->sd, rev);
    const char *dialect, *sql;
    int line = 0, rc;

    if (!rf)
        return mg_error_set(err, MG_ENOTFOUND, "no file for revision '%s'",
                            rev);
    p->rf = rf;
    dialect = mg_revfile_dialect(rf);
    if (!mg_revfile_serves(rf, mg_dialect_name(r->d)))
        return mg_error_set_at(err, MG_EUSAGE, mg_revfile_path(rf), 1, 0,
                               "revision '%s' is written for %s, but the "
                               "database is %s", rev, dialect,
                               mg_dialect_name(r->d));
    if ((rc = mg_revfile_sql_for(&sql, &line, rf, mg_dialect_name(r->d),
                                 upgrade, err)) < 0)
        return rc;
    if (!sql)
        return mg_error_set_at(err, MG_EUSAGE, mg_revfile_path(rf), 1, 0,
                               "revision '%s' has no '-- +downgrade' "
                               "section, so it cannot be reverted", rev);
    rc = mg_split(&p->stmts, sql, strlen(sql), line, r->d->sql.split_flags,
                  err);
    if (rc < 0) {
        int at = err ? err->line : line;
        mg_error_locate(err, mg_revfile_path(rf), at ? at : line);
        return rc;
    }
    p->txn = (r->d->caps & MG_CAP_TRANSACTIONAL_DDL) &&
             mg_revfile_transactional(rf);
    return 0;
}

/* Split every step's section before the first one runs, so a malformed
 * file or a revision of another dialect stops the run before it starts. */
static int
prepare_steps(prepared **out, const run *r, const mg_plan *plan, int upgrade,
              mg_error *err)
{
    size_t n = mg_plan_count(plan), i;
    prepared *p = calloc(n + 1, sizeof(*p));
    int rc = 0;

    *out = NULL;
    if (!p)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; i < n && rc == 0; i++)
        rc = prepare_one(&p[i], r, mg_plan_revision(plan, i), upgrade, err);
    if (rc < 0) {
        release_prepared(p, n);
        return rc;
    }
    *out = p;
    return 0;
}

/* After a failed statement of a step that is not transactional: say which
 * statements of the file had already run, so a person can finish or undo
 * them by hand. resumed: the step was run again after an interrupted run,
 * whose statements may have run too. */
static void
explain_partial(mg_error *err, const prepared *p, size_t done, int resumed)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;

    if (!err)
        return;
    mg_buf_puts(&b, err->msg);
    if (resumed) {
        mg_buf_addf(&b, "\nthis revision was resumed after an interrupted "
                    "run and stays marked as interrupted; ");
        if (done) {
            mg_buf_addf(&b, "this run ran these statements of %s:",
                        mg_revfile_path(p->rf));
            for (i = 0; i < done; i++)
                mg_buf_addf(&b, "\n  %s:%d", mg_revfile_path(p->rf),
                            mg_stmtlist_line(p->stmts, i));
        } else {
            mg_buf_addf(&b, "this run ran none of its statements (the "
                        "interrupted run may have)");
        }
    } else if (!done) {
        mg_buf_addf(&b, "\nno statement of %s had run before it; the "
                    "database is unchanged by this revision",
                    mg_revfile_path(p->rf));
    } else {
        mg_buf_addf(&b, "\nthis revision is not transactional: these "
                    "statements of %s already ran and were not recorded:",
                    mg_revfile_path(p->rf));
        for (i = 0; i < done; i++)
            mg_buf_addf(&b, "\n  %s:%d", mg_revfile_path(p->rf),
                        mg_stmtlist_line(p->stmts, i));
    }
    snprintf(err->msg, sizeof(err->msg), "%s", mg_buf_cstr(&b));
    mg_buf_release(&b);
}

static int emit_batch(run *r, const mg_strlist *stmts, mg_error *err);

/* The version-table update of a step and its log row: a new row, or, when
 * `finish`, the step's unfinished row completed. `forget`: delete an
 * unfinished row of the step first (a resumed step that is transactional
 * now). */
static int
record_step(run *r, const char *rev, const char *checksum, int upgrade,
            const mg_strlist *before, const mg_strlist *after, long ms,
            int finish, int forget, const prepared *next, int batch,
            mg_error *err)
{
    const char *dir = upgrade ? "upgrade" : "downgrade";
    mg_strlist stmts = MG_STRLIST_INIT;
    int rc;

    if ((rc = mg_vt__change_sql(&stmts, r->d, r->table, before, after)) < 0 ||
        (forget &&
         (rc = mg_vt__forget_sql(&stmts, r->d, r->table, rev, dir)) < 0) ||
        (finish
         ? (rc = mg_vt__finish_sql(&stmts, r->d, r->table, rev, dir, ms))
         : (rc = mg_vt__log_sql(&stmts, r->d, r->table, rev, dir, checksum,
                                ms))) < 0 ||
        (next && (rc = mg_vt__log_sql(&stmts, r->d, r->table,
                                      mg_revfile_revision(next->rf), dir,
                                      mg_revfile_checksum(next->rf),
                                      -1)) < 0))
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    else
        rc = batch ? emit_batch(r, &stmts, err) : emit_all(r, &stmts, err);
    mg_strlist_release(&stmts);
    return rc;
}

/* Run stmts as one transaction sent at once: "BEGIN; s1; ...; COMMIT" in
 * one round trip, for the record of a step that is not transactional
 * where the lock is held for the run (its DDL already committed itself).
 * The statements are the same; a failing one stops the rest, and the
 * caller rolls back. */
static int
emit_batch(run *r, const mg_strlist *stmts, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;
    int rc;

    mg_buf_puts(&b, r->d->sql.begin_sql);
    for (i = 0; i < stmts->n; i++)
        mg_buf_addf(&b, ";\n%s", stmts->v[i]);
    mg_buf_addf(&b, ";\n%s", r->d->sql.commit_sql);
    rc = b.oom ? mg_error_set(err, MG_ENOMEM, "out of memory")
               : emit(r, NULL, 0, mg_buf_cstr(&b), 0, err);
    mg_buf_release(&b);
    return rc;
}

/* Before the first statement of a step that is not transactional: log it
 * as started (duration_ms NULL), committed on its own, so a run that dies
 * in the middle leaves a trace the next run finds. */
static int
mark_started(run *r, const char *rev, const char *checksum, int upgrade,
             mg_error *err)
{
    mg_strlist stmts = MG_STRLIST_INIT;
    int rc;

    if (mg_vt__log_sql(&stmts, r->d, r->table, rev,
                       upgrade ? "upgrade" : "downgrade", checksum, -1) < 0)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    else
        rc = emit_all(r, &stmts, err);
    mg_strlist_release(&stmts);
    return rc;
}

/* A step that failed while this run was alive: its message lists what ran,
 * so the started marker goes. When that fails too, say so. */
static void
unmark_started(run *r, const char *rev, int upgrade, mg_error *err)
{
    mg_strlist stmts = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    mg_error e2;

    mg_error_clear(&e2);
    if (mg_vt__forget_sql(&stmts, r->d, r->table, rev,
                          upgrade ? "upgrade" : "downgrade") == 0 &&
        emit_all(r, &stmts, &e2) == 0) {
        mg_strlist_release(&stmts);
        return;
    }
    mg_strlist_release(&stmts);
    if (!err)
        return;
    mg_buf_puts(&b, err->msg);
    mg_buf_addf(&b, "\nthe step stays logged as interrupted (%s): the next "
                "run refuses until it is resolved",
                e2.msg[0] ? e2.msg : "cannot update the log");
    snprintf(err->msg, sizeof(err->msg), "%s", mg_buf_cstr(&b));
    mg_buf_release(&b);
}

/* Have the version rows changed from expected, what this run planned
 * from? 1 when another run moved them, 0 when not, < 0 on error. */
static int
rows_moved(run *r, const mg_strlist *expected, mg_error *err)
{
    mg_strlist now = MG_STRLIST_INIT;
    int rc = mg_vt__read_existing(&now, r->e, r->table, err);

    if (rc == 0)
        rc = !mg_vt__same_rows(&now, expected);
    mg_strlist_release(&now);
    return rc;
}

/* The step after this one, when its started marker goes into this
 * step's record (NULL when it does not): it is not transactional and not
 * resumed, the lock is held for the whole run (no other run can come
 * between the two steps), and this run has written a marker already (the
 * log table takes them; a marker refused would fail the record). So a
 * step that is not transactional costs no transaction of its own for its
 * marker, only one statement in the previous step's. */
static const prepared *
marker_ahead(const run *r, const prepared *next)
{
    if (!next || next->txn || !r->markers_ok ||
        !(r->d->caps & MG_CAP_RUN_LOCK) ||
        mg_strlist_contains(&r->resumed, mg_revfile_revision(next->rf)))
        return NULL;
    return next;
}

/* Log step rev as started unless the previous step's record did. Returns
 * 1 when the step is marked. */
static int
mark_step(run *r, const char *rev, const prepared *p, int upgrade)
{
    mg_error e2;

    if (r->next_marked)
        return 1;
    /* A log table an older migrate made has duration_ms NOT NULL: go on
     * without the marker (the step is logged when it is done). */
    mg_error_clear(&e2);
    if (mark_started(r, rev, mg_revfile_checksum(p->rf), upgrade, &e2) == 0)
        return r->markers_ok = 1;
    warn(r, "cannot log the start of revision %s, so an interruption of "
         "it would go unnoticed: %s", rev, e2.msg);
    return 0;
}

/* Apply step i online; next is step i + 1 (NULL for the last). Returns 1
 * when another run moved the version rows (the caller re-plans), 0 when
 * done, < 0 on error. expected holds the rows this run believes are in the
 * table, and is updated. */
static int
apply_step(run *r, const mg_plan *plan, size_t i, const prepared *p,
           const prepared *next, int upgrade, mg_strlist *expected,
           mg_error *err)
{
    const char *rev = mg_plan_revision(plan, i);
    double t0 = now_ms();
    size_t k, n = mg_stmtlist_count(p->stmts);
    int resumed = mg_strlist_contains(&r->resumed, rev), marked = 0;
    const prepared *ahead;
    int rc, batch;

    if (p->txn && (rc = mg_engine_begin(r->e, err)) < 0)
        return rc;
    /* Where the lock is taken per step (SQLite's write lock), another run
     * may have moved the rows since the last one; a lock held for the
     * whole run leaves them as this run planned. The tables were made
     * before the first step. */
    if (!(r->d->caps & MG_CAP_RUN_LOCK) &&
        (rc = rows_moved(r, expected, err)) != 0) {
        if (rc < 0)
            goto fail;
        if (p->txn)
            mg_engine_rollback(r->e, NULL);
        return 1;
    }
    if (r->hooks && r->hooks->step)
        r->hooks->step(r->hooks->ctx, upgrade, rev,
                       mg_revfile_message(p->rf), mg_revfile_path(p->rf));
    if (!p->txn && !resumed)
        marked = mark_step(r, rev, p, upgrade);
    r->next_marked = 0;
    for (k = 0; k < n; k++) {
        rc = emit(r, mg_revfile_path(p->rf), mg_stmtlist_line(p->stmts, k),
                  mg_stmtlist_sql(p->stmts, k), 0, err);
        if (rc == 0)
            report(r, upgrade, 0, 1);
        if (rc < 0) {
            if (!p->txn) {
                explain_partial(err, p, k, resumed);
                if (marked)
                    unmark_started(r, rev, upgrade, err);
            }
            goto fail;
        }
    }
    /* not transactional, under a run-long lock: the record goes as one
     * BEGIN ... COMMIT text (one round trip instead of five) */
    batch = !p->txn && (r->d->caps & MG_CAP_RUN_LOCK) &&
            r->d->sql.begin_sql && r->d->sql.commit_sql;
    if (!p->txn && !batch && (rc = mg_engine_begin(r->e, err)) < 0)
        goto fail;
    ahead = marker_ahead(r, next);
    rc = record_step(r, rev, mg_revfile_checksum(p->rf),
                     upgrade, expected, mg_plan_rows_after(plan, i),
                     (long)(now_ms() - t0), !p->txn && (marked || resumed),
                     p->txn && resumed, ahead, batch, err);
    if (rc < 0 || (!batch && (rc = mg_engine_commit(r->e, err)) < 0))
        goto fail;
    r->next_marked = ahead != NULL;
    mg_strlist_release(expected);
    for (k = 0; k < mg_plan_rows_after(plan, i)->n; k++)
        mg_strlist_add(expected, mg_plan_rows_after(plan, i)->v[k]);
    report(r, upgrade, 1, 0);
    return 0;
fail:
    mg_engine_rollback(r->e, NULL);
    return rc;
}

/* Can the plan run in one transaction? 1 when it can; 0 with the reason
 * in why when it cannot (the caller warns and falls back). */
static int
one_txn_possible(const run *r, const mg_plan *plan, const prepared *p,
                 size_t n, mg_buf *why)
{
    size_t i;

    if (!(r->d->caps & MG_CAP_TRANSACTIONAL_DDL) || !r->d->sql.begin_sql) {
        mg_buf_addf(why, "%s commits DDL statements implicitly, so a "
                    "transaction cannot hold them", mg_dialect_name(r->d));
        return 0;
    }
    for (i = 0; i < n; i++)
        if (!mg_revfile_transactional(p[i].rf)) {
            mg_buf_addf(why, "revision %s (%s) is marked 'transaction: off'",
                        mg_plan_revision(plan, i), mg_revfile_path(p[i].rf));
            return 0;
        }
    if (r->resumed.n) {
        mg_buf_addf(why, "revision %s is resumed after an interrupted run",
                    r->resumed.v[0]);
        return 0;
    }
    return 1;
}

static void
warn_fallback(const run *r, const mg_buf *why)
{
    warn(r, "--one-transaction: %s; running one transaction per revision "
         "instead", mg_buf_cstr(why));
}

/* The rows a database is at, for a message ("base" when none). */
static void
describe_rows(mg_buf *b, const mg_strlist *rows)
{
    if (rows->n)
        mg_strlist_join(rows, ", ", b);
    else
        mg_buf_puts(b, "base");
}

/* Apply the whole plan online in one transaction. Returns 1 when another
 * run moved the version rows (the caller re-plans), 0 when done, < 0 on
 * error, with everything rolled back. */
static int
apply_all(run *r, const mg_plan *plan, const prepared *p, size_t n,
          int upgrade, mg_strlist *expected, mg_error *err)
{
    size_t i, k;
    int rc, rolled;

    if ((rc = mg_engine_begin(r->e, err)) < 0)
        return rc;
    if ((rc = rows_moved(r, expected, err)) < 0)
        goto fail;
    if (rc) {
        mg_engine_rollback(r->e, NULL);
        return 1;
    }
    for (i = 0; i < n; i++) {
        const char *rev = mg_plan_revision(plan, i);
        const char *path = mg_revfile_path(p[i].rf);
        size_t ns = mg_stmtlist_count(p[i].stmts);
        double t0 = now_ms();

        if (r->hooks && r->hooks->step)
            r->hooks->step(r->hooks->ctx, upgrade, rev,
                           mg_revfile_message(p[i].rf), path);
        for (k = 0; k < ns; k++) {
            if ((rc = emit(r, path, mg_stmtlist_line(p[i].stmts, k),
                           mg_stmtlist_sql(p[i].stmts, k), 0, err)) < 0)
                goto fail;
            report(r, upgrade, 0, 1);
        }
        rc = record_step(r, rev, mg_revfile_checksum(p[i].rf), upgrade,
                         i ? mg_plan_rows_after(plan, i - 1) : expected,
                         mg_plan_rows_after(plan, i), (long)(now_ms() - t0),
                         0, 0, NULL, 0, err);
        if (rc < 0)
            goto fail;
        /* the revisions commit together: each counts as done when its
         * statements ran */
        report(r, upgrade, 1, 0);
    }
    if ((rc = mg_engine_commit(r->e, err)) < 0)
        goto fail;
    if (n) {
        const mg_strlist *last = mg_plan_rows_after(plan, n - 1);
        mg_strlist_release(expected);
        for (k = 0; k < last->n; k++)
            mg_strlist_add(expected, last->v[k]);
    }
    return 0;
fail:
    rolled = mg_engine_rollback(r->e, NULL) == 0;
    if (err) {
        mg_buf b = MG_BUF_INIT;
        mg_buf_puts(&b, err->msg);
        if (rolled) {
            mg_buf_addf(&b, "\nthe %s ran in one transaction "
                        "(--one-transaction), which was rolled back: no "
                        "revision of this run was applied and the database "
                        "stays at ", upgrade ? "upgrade" : "downgrade");
            describe_rows(&b, expected);
        } else {
            mg_buf_addf(&b, "\nthe %s ran in one transaction "
                        "(--one-transaction) and the rollback failed: "
                        "check the database", upgrade ? "upgrade"
                                                      : "downgrade");
        }
        snprintf(err->msg, sizeof(err->msg), "%s", mg_buf_cstr(&b));
        mg_buf_release(&b);
    }
    return rc;
}

/* Fail when the database names revisions the versions directory lacks.
 * That is almost always a revision applied from another branch or
 * checkout, so the advice keeps the record (Alembic users hit this as
 * "Can't locate revision"): run from the code that has it, and downgrade
 * there before switching back. */
static int
check_known(const run *r, const mg_strlist *rows, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(r->sd);
    const char *squash;
    size_t i;

    for (i = 0; i < rows->n; i++) {
        if (mg_revgraph_contains(g, rows->v[i]))
            continue;
        if ((squash = mg_scriptdir_replaced_by(r->sd, rows->v[i])) != NULL)
            return mg_error_set(err, MG_ENOTFOUND, "the database is at "
                                "revision '%s', part way through the "
                                "revisions squashed into '%s' (%s): bring "
                                "it to '%s' with the revisions from before "
                                "the squash, then run migrate here",
                                rows->v[i], squash, mg_revgraph_origin(g,
                                squash), squash);
        return mg_error_set(err, MG_ENOTFOUND, "the database is at "
                                "revision '%s', which is not in '%s' "
                                "(applied from another branch or "
                                "checkout?): run migrate from a checkout "
                                "that has it, e.g. after git pull; to "
                                "leave that branch, downgrade there first "
                                "to a revision this checkout also has",
                                rows->v[i],
                                mg_scriptdir_path(r->sd));
    }
    return 0;
}

static int
ensure_tables(run *r, mg_error *err)
{
    mg_strlist stmts = MG_STRLIST_INIT;
    int rc;

    if ((rc = mg_vt__create_sql(&stmts, r->d, r->table)) < 0)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    else
        rc = emit_all(r, &stmts, err);
    mg_strlist_release(&stmts);
    return rc;
}

static void
warn_changed(const run *r, mg_error *err)
{
    mg_strlist changed = MG_STRLIST_INIT;
    size_t i;

    if (mg_changed_revisions(&changed, r->e, r->sd, r->table, err) < 0)
        return;
    for (i = 0; i < changed.n; i++) {
        const mg_revfile *rf = mg_scriptdir_file(r->sd, changed.v[i]);
        warn(r, "revision %s (%s) was changed after it was applied: its "
             "checksum differs from the one recorded", changed.v[i],
             rf ? mg_revfile_path(rf) : "?");
    }
    mg_strlist_release(&changed);
}

/* Take the migration lock. *moved: another run held it and changed the
 * version rows while this one waited. The lock is tried without waiting
 * first, so that the rows can be read before the wait without waiting on
 * another run (SQLite: the busy timeout is 0 then); a try that succeeds is
 * given back and the lock taken again with the real timeout, which also
 * sets the timeout every later step of a SQLite run waits with. */
static int
take_lock(run *r, int *moved, mg_error *err)
{
    mg_strlist before = MG_STRLIST_INIT, after = MG_STRLIST_INIT;
    mg_error e2;
    int rc, contended;

    *moved = 0;
    if (r->lock_timeout == 0)
        return mg_engine_lock(r->e, 0, err);
    mg_error_clear(&e2);
    if ((rc = mg_engine_lock(r->e, 0, &e2)) == 0) {
        contended = 0;
        mg_engine_unlock(r->e, NULL);
    } else if (e2.code == MG_ELOCK) {
        contended = 1;
    } else {
        if (err)
            *err = e2;
        return rc;
    }
    mg_error_clear(&e2);
    /* No version table yet reads as no rows: two runs on a new database
     * can both find it free, and the one that then waits must still see
     * that the other applied revisions meanwhile. */
    if (mg_vt__read(&before, r->e, r->table, &e2) < 0)
        mg_strlist_release(&before);
    if ((rc = mg_engine_lock(r->e, r->lock_timeout, err)) == 0) {
        mg_error_clear(&e2);
        if (mg_vt__read(&after, r->e, r->table, &e2) < 0)
            *moved = contended;
        else
            *moved = !mg_vt__same_rows(&before, &after);
    }
    mg_strlist_release(&before);
    mg_strlist_release(&after);
    return rc;
}

/* The revisions a database at rows has applied (rows and their
 * ancestors), into out. */
static int
applied_revisions(mg_strlist *out, const run *r, const mg_strlist *rows,
                  mg_error *err)
{
    mg_plan *plan = NULL;
    size_t i;
    int rc;

    rc = mg_revgraph_plan_downgrade(&plan, mg_scriptdir_graph(r->sd), rows,
                                    "base", err);
    for (i = 0; rc == 0 && i < mg_plan_count(plan); i++)
        if (mg_strlist_add(out, mg_plan_revision(plan, i)) < 0)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    mg_plan_free(plan);
    return rc;
}

/* The refusal for an interrupted step: what it was, what may have run and
 * how to resolve it. */
static int
refuse_interrupted(const run *r, const char *rev, const char *dir,
                   const char *at, mg_error *err)
{
    const mg_strlist *downs =
        mg_revgraph_down_revisions(mg_scriptdir_graph(r->sd), rev);
    const int up = strcmp(dir, "downgrade") != 0;
    mg_buf b = MG_BUF_INIT, prev = MG_BUF_INIT;
    prepared p;
    mg_error e2;
    size_t k, n;
    int rc;

    memset(&p, 0, sizeof(p));
    mg_error_clear(&e2);
    if (downs && downs->n)
        mg_strlist_join(downs, " ", &prev);
    else
        mg_buf_puts(&prev, "base");
    if (prepare_one(&p, r, rev, up, &e2) < 0 && !p.rf) {
        mg_buf_addf(&b, "the %s of revision %s was interrupted (logged as "
                    "started at %s UTC, never finished), and its file is not in "
                    "%s", dir, rev, at, mg_scriptdir_path(r->sd));
    } else {
        const char *path = mg_revfile_path(p.rf);
        mg_buf_addf(&b, "revision %s (%s) was interrupted: its %s started "
                    "at %s UTC and never finished (the run died before "
                    "recording it), so the database may hold part of it",
                    rev, path, dir, at);
        n = p.stmts ? mg_stmtlist_count(p.stmts) : 0;
        if (n)
            mg_buf_addf(&b, "; the step is not transactional, so any of "
                        "these statements may have run:");
        for (k = 0; k < n && k < 30; k++)
            mg_buf_addf(&b, "\n  %s:%d", path,
                        mg_stmtlist_line(p.stmts, k));
        if (n > 30)
            mg_buf_addf(&b, "\n  ... and %zu more", n - 30);
    }
    mg_buf_addf(&b, "\nfinish or undo it by hand, then record the outcome "
                "with 'migrate stamp %s' (%s finished) or 'migrate stamp %s' "
                "(%s undone); or run it again from its first statement with "
                "'migrate %s --resume%s'", up ? rev : mg_buf_cstr(&prev), dir,
                up ? mg_buf_cstr(&prev) : rev, dir,
                dir, up ? "" : " TARGET");
    rc = mg_error_set(err, MG_EDB, "%s", mg_buf_cstr(&b));
    mg_stmtlist_free(p.stmts);
    mg_buf_release(&b);
    mg_buf_release(&prev);
    return rc;
}

/* Under the lock, before planning: an unfinished log row that the version
 * rows do not reflect is an interrupted step. Refuse, or with --resume
 * note the step to run again. Rows the version table reflects (the step
 * was recorded after all) are left alone. */
static int
check_unfinished(run *r, int upgrade, mg_error *err)
{
    mg_strlist rows = MG_STRLIST_INIT, applied = MG_STRLIST_INIT;
    mg_strlist un = MG_STRLIST_INIT;
    const char *want = upgrade ? "upgrade" : "downgrade";
    size_t i;
    int rc;

    if ((rc = mg_vt__unfinished(&un, r->e, r->table, err)) < 0 || !un.n)
        goto done;
    if ((rc = mg_vt__read(&rows, r->e, r->table, err)) < 0)
        goto done;
    if (check_known(r, &rows, NULL) < 0)  /* reported by the caller */
        goto done;
    if ((rc = applied_revisions(&applied, r, &rows, err)) < 0)
        goto done;
    for (i = 0; i + 2 < un.n; i += 3) {
        const char *rev = un.v[i], *dir = un.v[i + 1], *at = un.v[i + 2];
        int is_up = strcmp(dir, "downgrade") != 0;
        int reflected = mg_strlist_contains(&applied, rev) ? is_up : !is_up;

        if (reflected)
            continue;
        if (!r->resume) {
            rc = refuse_interrupted(r, rev, dir, at, err);
            goto done;
        }
        if (strcmp(dir, want) != 0) {
            rc = mg_error_set(err, MG_EUSAGE, "--resume: the interrupted "
                              "step is the %s of revision %s; resume it "
                              "with 'migrate %s --resume%s'", dir, rev, dir,
                              is_up ? "" : " TARGET");
            goto done;
        }
        if (mg_strlist_add(&r->resumed, rev) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
    }
done:
    mg_strlist_release(&rows);
    mg_strlist_release(&applied);
    mg_strlist_release(&un);
    return rc;
}

/* --resume: every step to run again must be in the plan. */
static int
check_resume_plan(const run *r, const mg_plan *plan, int upgrade,
                  mg_error *err)
{
    size_t i, k;

    for (i = 0; i < r->resumed.n; i++) {
        for (k = 0; k < mg_plan_count(plan); k++)
            if (strcmp(mg_plan_revision(plan, k), r->resumed.v[i]) == 0)
                break;
        if (k == mg_plan_count(plan))
            return mg_error_set(err, MG_EUSAGE, "--resume: the interrupted "
                                "%s of revision %s is not part of this run; "
                                "choose a target that includes it",
                                upgrade ? "upgrade" : "downgrade",
                                r->resumed.v[i]);
    }
    return 0;
}

static int
move(mg_engine *e, const mg_scriptdir *sd, const char *target, int upgrade,
     const mg_run_opts *o, mg_run_result *result, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    mg_strlist rows = MG_STRLIST_INIT;
    mg_plan *plan = NULL;
    prepared *p = NULL;
    mg_run_result res = { 0, 0 };
    size_t nprep = 0;
    int rc, again, first = 1, moved = 0;
    run r;

    init_run(&r, e, NULL, NULL, sd, o);
    if ((rc = take_lock(&r, &moved, err)) < 0)
        return rc;
    res.waited = moved;
    if ((rc = check_unfinished(&r, upgrade, err)) < 0)
        goto done;
    do {
        size_t i;

        again = 0;
        mg_strlist_release(&rows);
        mg_plan_free(plan);
        plan = NULL;
        release_prepared(p, nprep);
        p = NULL;
        nprep = 0;
        if ((rc = mg_vt__read(&rows, e, r.table, err)) < 0 ||
            (rc = check_known(&r, &rows, err)) < 0)
            goto done;
        if (first)
            warn_changed(&r, err);
        rc = upgrade ? mg_revgraph_plan_upgrade(&plan, g, &rows, target, err)
                     : mg_revgraph_plan_downgrade(&plan, g, &rows, target,
                                                  err);
        if (rc < 0 || (first && (rc = check_resume_plan(&r, plan, upgrade,
                                                         err)) < 0) ||
            (rc = prepare_steps(&p, &r, plan, upgrade, err)) < 0)
            goto done;
        first = 0;
        nprep = mg_plan_count(plan);
        report_plan(&r, upgrade, p, nprep);
        /* Only a valid plan with work in it creates the version tables. */
        if (nprep && (rc = ensure_tables(&r, err)) < 0)
            goto done;
        if (r.one_txn && nprep) {
            mg_buf why = MG_BUF_INIT;
            if (one_txn_possible(&r, plan, p, nprep, &why)) {
                mg_buf_release(&why);
                rc = apply_all(&r, plan, p, nprep, upgrade, &rows, err);
                if (rc < 0)
                    goto done;
                if (rc == 1) {
                    res.waited = 1;
                    again = 1;
                } else {
                    res.steps += nprep;
                }
                continue;
            }
            warn_fallback(&r, &why);
            mg_buf_release(&why);
            r.one_txn = 0; /* warned once; a re-plan runs per step too */
        }
        r.next_marked = 0;
        for (i = 0; i < nprep; i++) {
            rc = apply_step(&r, plan, i, &p[i], i + 1 < nprep ? &p[i + 1]
                                                           : NULL,
                            upgrade, &rows, err);
            if (rc < 0)
                goto done;
            if (rc == 1) {
                res.waited = 1;
                again = 1;
                break;
            }
            res.steps++;
        }
    } while (again);
    rc = 0;
done:
    if (res.waited)
        warn(&r, "another migrate run applied revisions while this one "
             "waited for the lock");
    mg_engine_unlock(e, NULL);
    release_prepared(p, nprep);
    mg_plan_free(plan);
    mg_strlist_release(&rows);
    mg_strlist_release(&r.resumed);
    if (result)
        *result = res;
    return rc;
}

int
mg_upgrade(mg_engine *e, const mg_scriptdir *sd, const char *target,
           const mg_run_opts *opts, mg_run_result *result, mg_error *err)
{
    return move(e, sd, target ? target : "head", 1, opts, result, err);
}

int
mg_downgrade(mg_engine *e, const mg_scriptdir *sd, const char *target,
             const mg_run_opts *opts, mg_run_result *result, mg_error *err)
{
    return move(e, sd, target, 0, opts, result, err);
}

/* The log rows of a stamp to targets ("base" when none). Returns 0 or
 * MG_ENOMEM. */
static int
stamp_log_sql(mg_strlist *stmts, const run *r, const mg_strlist *targets)
{
    size_t i;

    for (i = 0; i < targets->n; i++) {
        const mg_revfile *rf = mg_scriptdir_file(r->sd, targets->v[i]);
        if (mg_vt__log_sql(stmts, r->d, r->table, targets->v[i], "stamp",
                           rf ? mg_revfile_checksum(rf) : NULL, 0) < 0)
            return MG_ENOMEM;
    }
    if (!targets->n && mg_vt__log_sql(stmts, r->d, r->table, "base",
                                      "stamp", NULL, 0) < 0)
        return MG_ENOMEM;
    return 0;
}

int
mg_stamp(mg_engine *e, const mg_scriptdir *sd, const char *target, int purge,
         const mg_run_opts *o, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    mg_strlist rows = MG_STRLIST_INIT, targets = MG_STRLIST_INIT;
    mg_strlist next = MG_STRLIST_INIT, stmts = MG_STRLIST_INIT;
    mg_strlist un = MG_STRLIST_INIT;
    static const mg_strlist none = MG_STRLIST_INIT;
    size_t i;
    int rc;
    run r;

    init_run(&r, e, NULL, NULL, sd, o);
    if ((rc = mg_engine_lock(e, r.lock_timeout, err)) < 0)
        return rc;
    /* Validate the target before anything is created. */
    if ((rc = mg_vt__read(&rows, e, r.table, err)) < 0 ||
        (!purge && (rc = check_known(&r, &rows, err)) < 0) ||
        (rc = mg_revgraph_resolve(&targets, g, purge ? &none : &rows, target,
                                  err)) < 0)
        goto done;
    mg_strlist_release(&rows);
    mg_strlist_release(&targets);
    if ((rc = ensure_tables(&r, err)) < 0 ||
        (rc = mg_engine_begin(e, err)) < 0)
        goto done;
    if ((rc = mg_vt__read(&rows, e, r.table, err)) < 0 ||
        (!purge && (rc = check_known(&r, &rows, err)) < 0))
        goto fail;
    if ((rc = mg_revgraph_resolve(&targets, g, purge ? &none : &rows, target,
                                  err)) < 0 ||
        (targets.n && (rc = mg_revgraph_stamp_rows(&next, g,
                                                   purge ? &none : &rows,
                                                   &targets, err)) < 0))
        goto fail;
    if (mg_vt__change_sql(&stmts, r.d, r.table, &rows, &next) < 0)
        goto oom;
    /* Stamping resolves an interrupted step: its unfinished row goes. */
    if ((rc = mg_vt__unfinished(&un, e, r.table, err)) < 0)
        goto fail;
    if (un.n && mg_vt__forget_sql(&stmts, r.d, r.table, NULL, NULL) < 0)
        goto oom;
    if (stamp_log_sql(&stmts, &r, &targets) < 0)
        goto oom;
    if ((rc = emit_all(&r, &stmts, err)) < 0 ||
        (rc = mg_engine_commit(e, err)) < 0)
        goto fail;
    for (i = 0; i + 2 < un.n; i += 3)
        warn(&r, "cleared the interrupted %s of revision %s (started at "
             "%s UTC): the stamp records how it was resolved", un.v[i + 1],
             un.v[i], un.v[i + 2]);
    goto done;
oom:
    rc = mg_error_set(err, MG_ENOMEM, "out of memory");
fail:
    mg_engine_rollback(e, NULL);
done:
    mg_engine_unlock(e, NULL);
    mg_strlist_release(&rows);
    mg_strlist_release(&targets);
    mg_strlist_release(&next);
    mg_strlist_release(&stmts);
    mg_strlist_release(&un);
    return rc;
}

/* An offline upgrade FROM:TO must not go backwards: when there is nothing
 * to do, every revision TO names must be FROM itself (TO base, or a
 * revision FROM comes after, is an error). */
static int
check_forward(const mg_revgraph *g, const mg_strlist *from, const char *to,
              const mg_plan *plan, const char *range, mg_error *err)
{
    mg_strlist targets = MG_STRLIST_INIT;
    size_t i;
    int back, rc;

    if (mg_plan_count(plan) > 0 || from->n == 0)
        return 0;
    if ((rc = mg_revgraph_resolve(&targets, g, from, to, err)) < 0)
        return rc;
    back = targets.n == 0;
    for (i = 0; i < targets.n && !back; i++)
        back = !mg_strlist_contains(from, targets.v[i]);
    mg_strlist_release(&targets);
    if (!back)
        return 0;
    return mg_error_set(err, MG_EUSAGE, "upgrade range '%s' goes backwards: "
                        "its end comes before its start (the script that "
                        "reverts it: 'migrate downgrade --sql %s')", range,
                        range);
}

/* Offline: write the script for the plan from range's start to its end. */
static int
script(mg_buf *out, const mg_dialect *d, const mg_scriptdir *sd,
       const char *range, int upgrade, const mg_run_opts *o, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    static const mg_strlist none = MG_STRLIST_INIT;
    mg_strlist start = MG_STRLIST_INIT, stmts = MG_STRLIST_INIT;
    const char *colon = range ? strchr(range, ':') : NULL;
    const char *target = colon ? colon + 1 : range;
    mg_plan *plan = NULL;
    prepared *p = NULL;
    size_t i, k, n = 0;
    int rc;
    run r;

    init_run(&r, NULL, d, out, sd, o);
    if (!target || !*target)
        target = upgrade ? "heads" : "base";
    if (colon) {
        char *from = strndup(range, (size_t)(colon - range));
        rc = from ? mg_revgraph_resolve(&start, g, &none, from, err)
                  : mg_error_set(err, MG_ENOMEM, "out of memory");
        free(from);
        if (rc < 0)
            goto done;
    } else if (!upgrade && (rc = mg_revgraph_heads(g, &start, err)) < 0) {
        goto done;
    }
    rc = upgrade ? mg_revgraph_plan_upgrade(&plan, g, &start, target, err)
                 : mg_revgraph_plan_downgrade(&plan, g, &start, target, err);
    if (rc < 0 || (upgrade && colon &&
                   (rc = check_forward(g, &start, target, plan, range,
                                       err)) < 0) ||
        (rc = prepare_steps(&p, &r, plan, upgrade, err)) < 0)
        goto done;
    n = mg_plan_count(plan);
    /* user text in these comments is written printable: a newline in a
     * range, a message or a file name must not end the comment */
    mg_buf_addf(out, "-- migrate %s script for %s (%s",
                upgrade ? "upgrade" : "downgrade", mg_dialect_name(d),
                colon ? "" : (upgrade ? "base:" : "heads:"));
    mg_buf_add_printable(out, range ? range : target);
    mg_buf_puts(out, ")\n\n");
    if (d->sql.script_preamble)
        mg_buf_addf(out, "%s;\n", d->sql.script_preamble);
    if (r.one_txn) {
        mg_buf why = MG_BUF_INIT;
        if (!one_txn_possible(&r, plan, p, n, &why)) {
            warn_fallback(&r, &why);
            r.one_txn = 0;
        }
        mg_buf_release(&why);
    }
    if (r.one_txn) {
        mg_buf_puts(out, "-- one transaction for the whole script "
                    "(--one-transaction)\n");
        emit(&r, NULL, 0, d->sql.begin_sql, 0, err);
    }
    if ((rc = ensure_tables(&r, err)) < 0)
        goto done;
    for (i = 0; i < n; i++) {
        const char *path = mg_revfile_path(p[i].rf);
        mg_buf_addf(out, "\n-- %s %s: ", upgrade ? "upgrade" : "downgrade",
                    mg_plan_revision(plan, i));
        mg_buf_add_printable(out, mg_revfile_message(p[i].rf));
        mg_buf_puts(out, " (");
        mg_buf_add_printable(out, path);
        mg_buf_puts(out, ")\n");
        if (p[i].txn && d->sql.begin_sql && !r.one_txn)
            emit(&r, NULL, 0, d->sql.begin_sql, 0, err);
        for (k = 0; k < mg_stmtlist_count(p[i].stmts); k++)
            emit(&r, path, mg_stmtlist_line(p[i].stmts, k),
                 mg_stmtlist_sql(p[i].stmts, k),
                 mg_stmtlist_is_block(p[i].stmts, k), err);
        if (!p[i].txn && d->sql.begin_sql && !r.one_txn)
            emit(&r, NULL, 0, d->sql.begin_sql, 0, err);
        mg_strlist_release(&stmts);
        if (mg_vt__change_sql(&stmts, d, r.table,
                              mg_plan_rows_before(plan, i),
                              mg_plan_rows_after(plan, i)) < 0 ||
            mg_vt__log_sql(&stmts, d, r.table, mg_plan_revision(plan, i),
                           upgrade ? "upgrade" : "downgrade",
                           mg_revfile_checksum(p[i].rf), 0) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
        emit_all(&r, &stmts, err);
        if (d->sql.commit_sql && !r.one_txn)
            emit(&r, NULL, 0, d->sql.commit_sql, 0, err);
    }
    if (r.one_txn && d->sql.commit_sql)
        emit(&r, NULL, 0, d->sql.commit_sql, 0, err);
    rc = out->oom ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
done:
    if (p)
        release_prepared(p, n);
    mg_plan_free(plan);
    mg_strlist_release(&start);
    mg_strlist_release(&stmts);
    return rc;
}

int
mg_upgrade_sql(mg_buf *out, const mg_dialect *d, const mg_scriptdir *sd,
               const char *range, const mg_run_opts *opts, mg_error *err)
{
    return script(out, d, sd, range, 1, opts, err);
}

int
mg_downgrade_sql(mg_buf *out, const mg_dialect *d, const mg_scriptdir *sd,
                 const char *range, const mg_run_opts *opts, mg_error *err)
{
    return script(out, d, sd, range, 0, opts, err);
}

/* The rows an offline stamp starts from: FROM of "FROM:TARGET" (none
 * without a colon, or for base); *target_out points at TARGET. */
static int
stamp_start(mg_strlist *start, const char **target_out,
            const mg_revgraph *g, const char *range, mg_error *err)
{
    static const mg_strlist none = MG_STRLIST_INIT;
    const char *colon = strchr(range, ':');
    char *from;
    int rc;

    *target_out = colon ? colon + 1 : range;
    if (!colon)
        return 0;
    if (!(from = strndup(range, (size_t)(colon - range))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    rc = *from ? mg_revgraph_resolve(start, g, &none, from, err) : 0;
    free(from);
    return rc;
}

int
mg_stamp_sql(mg_buf *out, const mg_dialect *d, const mg_scriptdir *sd,
             const char *range, int purge, const mg_run_opts *o,
             mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    static const mg_strlist none = MG_STRLIST_INIT;
    mg_strlist start = MG_STRLIST_INIT, targets = MG_STRLIST_INIT;
    mg_strlist next = MG_STRLIST_INIT, stmts = MG_STRLIST_INIT;
    const char *target;
    int rc;
    run r;

    init_run(&r, NULL, d, out, sd, o);
    if ((rc = stamp_start(&start, &target, g, range ? range : "", err)) < 0)
        goto done;
    if (!*target) {
        rc = mg_error_set(err, MG_EUSAGE, "stamp --sql needs a TARGET "
                          "(FROM:TARGET or TARGET)");
        goto done;
    }
    if ((rc = mg_revgraph_resolve(&targets, g, purge ? &none : &start,
                                  target, err)) < 0 ||
        (targets.n && (rc = mg_revgraph_stamp_rows(&next, g,
                                                   purge ? &none : &start,
                                                   &targets, err)) < 0))
        goto done;
    mg_buf_addf(out, "-- migrate stamp script for %s (%s%s)\n\n",
                mg_dialect_name(d), strchr(range, ':') ? "" : "base:", range);
    if ((rc = ensure_tables(&r, err)) < 0)
        goto done;
    if ((d->sql.begin_sql &&
         (rc = emit(&r, NULL, 0, d->sql.begin_sql, 0, err)) < 0))
        goto done;
    if ((purge && mg_vt__purge_sql(&stmts, d, r.table) < 0) ||
        mg_vt__change_sql(&stmts, d, r.table, purge ? &none : &start,
                          &next) < 0 ||
        stamp_log_sql(&stmts, &r, &targets) < 0) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = emit_all(&r, &stmts, err)) < 0 ||
        (d->sql.commit_sql &&
         (rc = emit(&r, NULL, 0, d->sql.commit_sql, 0, err)) < 0))
        goto done;
    rc = out->oom ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
done:
    mg_strlist_release(&start);
    mg_strlist_release(&targets);
    mg_strlist_release(&next);
    mg_strlist_release(&stmts);
    return rc;
}

int
mg_current(mg_strlist *out, mg_engine *e, const char *version_table,
           mg_error *err)
{
    return mg_vt__read(out, e, version_table ? version_table : DEFAULT_TABLE,
                       err);
}

/* A recorded checksum with its position in the log. */
typedef struct logged {
    const char *revision;
    const char *checksum;
    size_t      order;
} logged;

static int
cmp_logged(const void *a, const void *b)
{
    const logged *x = a, *y = b;
    int c = strcmp(x->revision, y->revision);

    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The last checksum logged for rev: entries sorted by (revision, order). */
static const char *
last_checksum(const logged *v, size_t n, const char *rev)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {   /* first entry with revision > rev */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].revision, rev) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && strcmp(v[lo - 1].revision, rev) == 0
           ? v[lo - 1].checksum : NULL;
}

int
mg_changed_revisions(mg_strlist *out, mg_engine *e, const mg_scriptdir *sd,
                     const char *version_table, mg_error *err)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    const char *table = version_table ? version_table : DEFAULT_TABLE;
    mg_strlist rows = MG_STRLIST_INIT, known = MG_STRLIST_INIT;
    mg_strlist sums = MG_STRLIST_INIT;
    mg_plan *applied = NULL;
    logged *v = NULL;
    size_t i, n = 0;
    int rc;

    if ((rc = mg_vt__read(&rows, e, table, err)) < 0 ||
        (rc = mg_vt__checksums(&sums, e, table, err)) < 0)
        goto done;
    for (i = 0; i < rows.n; i++)
        if (mg_revgraph_contains(g, rows.v[i]))
            mg_strlist_add(&known, rows.v[i]);
    if ((rc = mg_revgraph_plan_downgrade(&applied, g, &known, "base",
                                         err)) < 0)
        goto done;
    if (!(v = calloc(sums.n / 2 + 1, sizeof(*v)))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i + 1 < sums.n; i += 2, n++) {
        v[n].revision = sums.v[i];
        v[n].checksum = sums.v[i + 1];
        v[n].order = n;
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_logged);
    for (i = 0; i < mg_plan_count(applied); i++) {
        const char *rev = mg_plan_revision(applied, i);
        const mg_revfile *rf = mg_scriptdir_file(sd, rev);
        const char *last = last_checksum(v, n, rev);
        /* a squash keeps the id its run ended at, not its bytes */
        if (rf && last && !mg_revfile_replaces(rf)->n &&
            strcmp(last, mg_revfile_checksum(rf)) != 0)
            mg_strlist_add(out, rev);
    }
done:
    free(v);
    mg_plan_free(applied);
    mg_strlist_release(&rows);
    mg_strlist_release(&known);
    mg_strlist_release(&sums);
    return rc;
}
