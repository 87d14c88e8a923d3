/* db_int.h - the runtime's internals (mg_db.h) shared by pool.c,
 * conn_state.c, transaction.c, stmt.c, placeholder.c, builder.c and
 * create_all.c. */
#ifndef MG_DB_INT_H
#define MG_DB_INT_H

#include "mg_dialect.h"
#include "mg_db.h"

#include <pthread.h>
#include <stdatomic.h>

struct mg_db {
    mg_url           *url;
    const mg_dialect *d;
    mg_db_opts        opts;
    atomic_int        echo;      /* opts.echo, switchable while running */
    pthread_mutex_t   mu;        /* guards everything below */
    pthread_cond_t    cv;        /* signalled when a connection is freed */
    mg_conn         **idle;      /* a stack: the most recently used last */
    size_t            nidle;
    size_t            nopen;     /* open plus being opened */
    size_t            size;      /* pool_size (1 for in-memory SQLite) */
    size_t            max_open;  /* size + max_overflow */
    int               closing;   /* mg_db_close ran: free with the last */
};

struct mg_conn {
    mg_db  *db;
    void   *h;          /* the dialect's connection */
    int     in_tx;      /* inside mg_conn_begin ... commit/rollback */
    int     failed;     /* a statement failed inside the transaction */
    char   *fail_msg;   /* its message */
    int     had_error;  /* some statement failed: ping on release */
};

/* conn_state.c */
/* Milliseconds from a monotonic clock. */
double mg_db__now_ms(void);

/* Tell the hook and echo about one statement. */
void mg_db__report(mg_conn *c, const char *sql, size_t nparams,
                   double ms, const char *file, int line, int rc);

/* MG_ESTATE when c's transaction failed earlier (message set). */
int mg_conn__check(mg_conn *c, mg_error *err);
/* Record that a statement failed with rc/err on c. */
void mg_conn__failed(mg_conn *c, int rc, const mg_error *err);
/* Run sql through the dialect's exec: check, time, report, record. */
int mg_conn__run(mg_conn *c, const char *sql, const char *file, int line,
                 mg_error *err);

/* Rewrite sql's `?` placeholders (outside literals, quoted identifiers
 * and comments, read per split_flags) into out, as $1, $2... when dollar
 * is set, unchanged otherwise; *nparams_out counts them. Errors:
 * MG_ENOMEM. */
int mg_db__placeholders(mg_buf *out, size_t *nparams_out, const char *sql,
                        unsigned int split_flags, int dollar);

/* Prepare sql already in the dialect's spelling with nparams parameters
 * (the builders' way in). */
int mg_stmt__prepare_native(mg_stmt **out, mg_conn *c, const char *sql,
                            size_t nparams, mg_error *err);

#endif
