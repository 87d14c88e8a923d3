/* transaction.c - statements without parameters on a pooled connection,
 * and transactions with savepoints. PostgreSQL refuses every statement
 * after one failed inside a transaction until it is rolled back; SQLite
 * and MariaDB carry on. The runtime gives all three PostgreSQL's rule, so
 * a program written against one database behaves the same on the others:
 * a failure marks the transaction, and only a rollback (to a savepoint
 * taken before it, or of everything) clears the mark. */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

int
mg_conn_in_transaction(const mg_conn *c)
{
    return c->in_tx;
}

int
mg_conn_exec_at(mg_conn *c, const char *sql, const char *file, int line,
                mg_error *err)
{
    return mg_conn__run(c, sql, file, line, err);
}

/* Run one of the dialect's transaction calls, timed and reported as sql. */
static int
tx_call(mg_conn *c, int (*fn)(void *, mg_error *), const char *sql,
        const char *file, int line, mg_error *err)
{
    double t0 = mg_db__now_ms();
    int rc = fn(c->h, err);

    mg_db__report(c, sql, 0, mg_db__now_ms() - t0, file, line, rc);
    if (rc < 0)
        c->had_error = 1;
    return rc;
}

int
mg_conn_begin_at(mg_conn *c, const char *file, int line, mg_error *err)
{
    int rc;

    if (c->in_tx)
        return mg_error_set(err, MG_ESTATE, "a transaction is already "
                            "open; use a savepoint to nest");
    rc = tx_call(c, c->db->d->conn.begin, c->db->d->sql.begin_sql, file, line,
                 err);
    if (rc == 0) {
        c->in_tx = 1;
        c->failed = 0;
    }
    return rc;
}

int
mg_conn_rollback_at(mg_conn *c, const char *file, int line, mg_error *err)
{
    int rc;

    if (!c->in_tx)
        return 0;
    rc = tx_call(c, c->db->d->conn.rollback, "ROLLBACK", file, line, err);
    c->in_tx = c->failed = 0;
    free(c->fail_msg);
    c->fail_msg = NULL;
    return rc;
}

int
mg_conn_commit_at(mg_conn *c, const char *file, int line, mg_error *err)
{
    int rc;

    if (!c->in_tx)
        return mg_error_set(err, MG_ESTATE, "no transaction to commit");
    if (c->failed) {
        char *msg = c->fail_msg;

        c->fail_msg = NULL;
        mg_conn_rollback_at(c, file, line, NULL);
        rc = mg_error_set(err, MG_EDB, "transaction rolled back: %s",
                          msg ? msg : "a statement failed");
        free(msg);
        return rc;
    }
    rc = tx_call(c, c->db->d->conn.commit, c->db->d->sql.commit_sql, file,
                 line, err);
    if (rc < 0) {
        /* a refused COMMIT leaves nothing worth keeping */
        c->db->d->conn.rollback(c->h, NULL);
    }
    c->in_tx = 0;
    return rc;
}

/* SAVEPOINT-family statement: verb, then the quoted name. */
static int
savepoint_sql(mg_conn *c, const char *verb, const char *name,
              const char *file, int line, mg_error *err)
{
    mg_buf sql = MG_BUF_INIT;
    int rc;

    if (!c->in_tx)
        return mg_error_set(err, MG_ESTATE, "savepoints need a "
                            "transaction: call mg_conn_begin first");
    if (!name || !*name)
        return mg_error_set(err, MG_EUSAGE, "a savepoint needs a name");
    mg_buf_puts(&sql, verb);
    c->db->d->sql.quote_ident(&sql, name);
    if (sql.oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    else
        rc = mg_conn__run(c, mg_buf_cstr(&sql), file, line, err);
    mg_buf_release(&sql);
    return rc;
}

int
mg_conn_savepoint_at(mg_conn *c, const char *name, const char *file,
                     int line, mg_error *err)
{
    return savepoint_sql(c, "SAVEPOINT ", name, file, line, err);
}

int
mg_conn_release_savepoint_at(mg_conn *c, const char *name, const char *file,
                             int line, mg_error *err)
{
    return savepoint_sql(c, "RELEASE SAVEPOINT ", name, file, line, err);
}

int
mg_conn_rollback_to_at(mg_conn *c, const char *name, const char *file,
                       int line, mg_error *err)
{
    int failed = c->failed, rc;

    c->failed = 0;   /* the one statement allowed after a failure */
    rc = savepoint_sql(c, "ROLLBACK TO SAVEPOINT ", name, file, line, err);
    if (rc < 0) {
        c->failed = failed || c->failed;
        return rc;
    }
    free(c->fail_msg);
    c->fail_msg = NULL;
    return 0;
}
