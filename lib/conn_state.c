/* conn_state.c - the state every statement on a pooled connection goes
 * through, whichever file runs it (transaction.c, stmt.c, create_all.c):
 * the clock and the report to the hook and echo, and PostgreSQL's rule
 * for a failed transaction (db_int.h). A leaf: it calls into no other
 * runtime file, so the pool and the transaction files, which call each
 * other's public functions, share it without a cycle. */
#include "db_int.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double
mg_db__now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void
mg_db__report(mg_conn *c, const char *sql, size_t nparams, double ms,
              const char *file, int line, int rc)
{
    mg_db *db = c->db;
    mg_query_info info;

    if (!db->opts.hook && !atomic_load(&db->echo))
        return;
    info.sql = sql;
    info.nparams = nparams;
    info.duration_ms = ms;
    info.file = file;
    info.line = line;
    info.rc = rc;
    if (db->opts.hook)
        db->opts.hook(db->opts.hook_data, &info);
    if (atomic_load(&db->echo))
        fprintf(stderr, "[%s:%d] %s -- %zu params, %.3f ms%s%s\n",
                file ? file : "?", line, sql, nparams, ms,
                rc < 0 ? ", failed: " : "", rc < 0 ? mg_error_name(rc) : "");
}

int
mg_conn__check(mg_conn *c, mg_error *err)
{
    if (c->failed)
        return mg_error_set(err, MG_ESTATE, "the transaction failed "
                            "earlier (%s); roll it back first",
                            c->fail_msg ? c->fail_msg : "?");
    return 0;
}

void
mg_conn__failed(mg_conn *c, int rc, const mg_error *err)
{
    if (rc == MG_EUSAGE || rc == MG_ESTATE)
        return;   /* nothing reached the database */
    c->had_error = 1;
    if (c->in_tx && !c->failed) {
        c->failed = 1;
        free(c->fail_msg);
        c->fail_msg = strdup(err && err->msg[0] ? err->msg
                                                : mg_error_name(rc));
    }
}

int
mg_conn__run(mg_conn *c, const char *sql, const char *file, int line,
             mg_error *err)
{
    mg_error local;
    double t0;
    int rc;

    if (!err)
        err = &local;
    if ((rc = mg_conn__check(c, err)) < 0)
        return rc;
    t0 = mg_db__now_ms();
    rc = c->db->d->conn.exec(c->h, sql, err);
    mg_db__report(c, sql, 0, mg_db__now_ms() - t0, file, line, rc);
    if (rc < 0)
        mg_conn__failed(c, rc, err);
    return rc;
}
