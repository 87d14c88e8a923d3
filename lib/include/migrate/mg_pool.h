/* mg_pool.h - an engine for a C program's own database work: connections
 * opened from a URL, kept in a pool shared between threads, lent out one
 * at a time (SQLAlchemy's QueuePool), and a hook that sees every statement
 * with the source line that issued it.
 *
 * Threads: an mg_db may be used from any number of threads at once; an
 * mg_conn (and the statements prepared on it) by one thread at a time. */
#ifndef MG_POOL_H
#define MG_POOL_H

#include "mg_common.h"
#include "mg_engine.h"

MG_BEGIN_DECL

typedef struct mg_db mg_db;
typedef struct mg_conn mg_conn;

/* What the hook is told about each statement, after it ran. */
typedef struct mg_query_info {
    const char *sql;         /* the text sent (placeholders as the
                              * database spells them) */
    size_t      nparams;     /* parameters bound */
    double      duration_ms; /* wall time of the execution */
    const char *file;        /* caller's __FILE__, NULL when unknown */
    int         line;        /* caller's __LINE__, 0 when unknown */
    int         rc;          /* 0, or the MG_E* code it failed with */
} mg_query_info;

/* Called for every statement, in the thread that ran it, without any lock
 * held. info and its strings are valid during the call only. */
typedef void (*mg_query_hook)(void *data, const mg_query_info *info);

/* Engine options; mg_db_opts_init fills the defaults. */
typedef struct mg_db_opts {
    int           pool_size;    /* connections kept open (5); the in-memory
                                 * SQLite database always has exactly 1 */
    int           max_overflow; /* extra connections opened under load and
                                 * closed when returned (10) */
    double        pool_timeout; /* seconds a checkout waits for a free
                                 * connection (30); < 0 waits for ever */
    int           pre_ping;     /* 1: test an idle connection on checkout
                                 * and replace it when dead (1) */
    int           echo;         /* 1: print every statement to stderr (0) */
    mg_query_hook hook;         /* called for every statement (NULL) */
    void         *hook_data;    /* passed to hook */
} mg_db_opts;

/* Fill o with the defaults above. */
MG_EXTERN
void mg_db_opts_init(mg_db_opts *o);

/* Open an engine for url (see mg_url_parse) with opts (NULL for the
 * defaults). One connection is opened now, so a bad URL or unreachable
 * server fails here; it stays in the pool. Errors: MG_EUSAGE (bad URL or
 * options, dialect not compiled in), MG_EDB (cannot connect; the message
 * never holds the password), MG_ENOMEM. */
MG_EXTERN
int  mg_db_open(mg_db **out, const char *url, const mg_db_opts *opts,
                mg_error *err);
/* Close every idle connection and free db (NULL allowed). Connections
 * still checked out are closed when released; db is freed after the
 * last. */
MG_EXTERN
void mg_db_close(mg_db *db);

/* The dialect serving db, for mg_builder_compile. */
MG_EXTERN
const mg_dialect *mg_db_dialect(const mg_db *db);
/* Connections currently open, and of those idle in the pool. */
MG_EXTERN
void mg_db_counts(mg_db *db, size_t *open_out, size_t *idle_out);
/* Switch echo on or off while running. */
MG_EXTERN
void mg_db_set_echo(mg_db *db, int on);

/* Take a connection: an idle one (pinged first with pre_ping, replaced
 * when dead), else a new one while fewer than pool_size + max_overflow
 * are open, else wait up to pool_timeout for one to be released. Errors:
 * MG_ELOCK (timed out; the message says how long and the pool's limits),
 * MG_EDB (cannot connect), MG_ENOMEM. */
MG_EXTERN
int  mg_db_checkout(mg_conn **out, mg_db *db, mg_error *err);
/* Give c back to its pool (NULL allowed): an open transaction is rolled
 * back, a connection found dead is closed, an overflow connection beyond
 * pool_size idle ones is closed. Statements of c must be freed first. */
MG_EXTERN
void mg_conn_release(mg_conn *c);

/* The dialect serving c. */
MG_EXTERN
const mg_dialect *mg_conn_dialect(const mg_conn *c);

MG_END_DECL
#endif
