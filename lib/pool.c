/* pool.c - mg_db: an engine opened from a URL that lends connections out
 * of a pool, shared between threads (SQLAlchemy's QueuePool). One mutex
 * guards the idle stack and the count of open connections; a condition
 * variable wakes a checkout waiting for a connection when one is released
 * or closed. Connecting and pinging happen outside the lock, on a slot
 * reserved by counting it open first, so a slow server never blocks the
 * other threads' checkouts of idle connections. */
#include "db_int.h"
#include "engine_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
mg_db_opts_init(mg_db_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->pool_size = 5;
    o->max_overflow = 10;
    o->pool_timeout = 30.0;
    o->pre_ping = 1;
}

/* A new connection for db (its slot already counted in nopen). */
static int
connect_one(mg_conn **out, mg_db *db, mg_error *err)
{
    mg_conn *c;
    int rc;

    *out = NULL;
    if (!(c = calloc(1, sizeof(*c))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    c->db = db;
    if ((rc = db->d->conn.connect(&c->h, db->url, 0, err)) < 0) {
        free(c);
        return rc;
    }
    *out = c;
    return 0;
}

static void
close_one(mg_conn *c)
{
    if (c->h)
        c->db->d->conn.disconnect(c->h);
    free(c->fail_msg);
    free(c);
}

static void
db_free(mg_db *db)
{
    pthread_cond_destroy(&db->cv);
    pthread_mutex_destroy(&db->mu);
    free(db->idle);
    mg_url_free(db->url);
    free(db);
}

int
mg_db_open(mg_db **out, const char *url, const mg_db_opts *opts,
           mg_error *err)
{
    mg_db *db;
    mg_conn *c = NULL;
    int rc;

    *out = NULL;
    if (!(db = calloc(1, sizeof(*db))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (opts)
        db->opts = *opts;
    else
        mg_db_opts_init(&db->opts);
    pthread_mutex_init(&db->mu, NULL);
    pthread_cond_init(&db->cv, NULL);
    atomic_init(&db->echo, db->opts.echo);
    if (db->opts.pool_size < 1 || db->opts.max_overflow < 0) {
        rc = mg_error_set(err, MG_EUSAGE, "pool_size must be at least 1 "
                          "and max_overflow at least 0");
        goto fail;
    }
    if ((rc = mg_url_parse(&db->url, url, err)) < 0)
        goto fail;
    db->d = mg_dialect_find(mg_url_scheme(db->url));
    if (!db->d || !db->d->stmt.prepare) {
        rc = mg_error_set(err, MG_EUSAGE, "the %s dialect is not compiled "
                          "into this build of migrate or has no runtime",
                          mg_url_scheme(db->url));
        goto fail;
    }
    db->size = (size_t)db->opts.pool_size;
    db->max_open = db->size + (size_t)db->opts.max_overflow;
    /* every connection to an in-memory database is another database */
    if (mg_url_is_memory(db->url))
        db->size = db->max_open = 1;
    if (!(db->idle = calloc(db->max_open, sizeof(*db->idle)))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = connect_one(&c, db, err)) < 0)
        goto fail;
    db->idle[db->nidle++] = c;
    db->nopen = 1;
    *out = db;
    return 0;
fail:
    db_free(db);
    return rc;
}

void
mg_db_close(mg_db *db)
{
    mg_conn **idle;
    size_t n, i;
    int last;

    if (!db)
        return;
    pthread_mutex_lock(&db->mu);
    db->closing = 1;
    idle = db->idle;
    n = db->nidle;
    db->nidle = 0;
    db->nopen -= n;
    last = db->nopen == 0;
    db->idle = NULL;
    pthread_cond_broadcast(&db->cv);
    pthread_mutex_unlock(&db->mu);
    for (i = 0; i < n; i++)
        close_one(idle[i]);
    free(idle);
    if (last)
        db_free(db);
}

const mg_dialect *
mg_db_dialect(const mg_db *db)
{
    return db->d;
}

void
mg_db_counts(mg_db *db, size_t *open_out, size_t *idle_out)
{
    pthread_mutex_lock(&db->mu);
    if (open_out)
        *open_out = db->nopen;
    if (idle_out)
        *idle_out = db->nidle;
    pthread_mutex_unlock(&db->mu);
}

void
mg_db_set_echo(mg_db *db, int on)
{
    atomic_store(&db->echo, on);
}

/* The absolute CLOCK_REALTIME deadline timeout_s from now. */
static struct timespec
deadline_after(double timeout_s)
{
    struct timespec ts;
    double whole = floor(timeout_s);

    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += (time_t)whole;
    ts.tv_nsec += (long)((timeout_s - whole) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

int
mg_db_checkout(mg_conn **out, mg_db *db, mg_error *err)
{
    struct timespec until = deadline_after(db->opts.pool_timeout > 0
                                           ? db->opts.pool_timeout : 0);
    mg_conn *c;
    int rc;

    *out = NULL;
    pthread_mutex_lock(&db->mu);
    for (;;) {
        if (db->closing) {
            pthread_mutex_unlock(&db->mu);
            return mg_error_set(err, MG_ESTATE, "the engine is closed");
        }
        if (db->nidle) {
            c = db->idle[--db->nidle];
            pthread_mutex_unlock(&db->mu);
            if (!db->opts.pre_ping || db->d->stmt.ping(c->h) == 0) {
                *out = c;
                return 0;
            }
            /* dead: replace it in its slot */
            c->db->d->conn.disconnect(c->h);
            c->h = NULL;
            close_one(c);
            break;
        }
        if (db->nopen < db->max_open) {
            db->nopen++;
            pthread_mutex_unlock(&db->mu);
            break;
        }
        if (db->opts.pool_timeout < 0)
            rc = pthread_cond_wait(&db->cv, &db->mu);
        else
            rc = pthread_cond_timedwait(&db->cv, &db->mu, &until);
        if (rc == ETIMEDOUT && !db->nidle && db->nopen >= db->max_open) {
            pthread_mutex_unlock(&db->mu);
            return mg_error_set(err, MG_ELOCK, "timed out after %g s "
                                "waiting for a connection (pool_size %d, "
                                "max_overflow %d, all checked out)",
                                db->opts.pool_timeout, db->opts.pool_size,
                                db->opts.max_overflow);
        }
    }
    /* the slot is counted in nopen: connect outside the lock */
    if ((rc = connect_one(&c, db, err)) < 0) {
        pthread_mutex_lock(&db->mu);
        db->nopen--;
        pthread_cond_signal(&db->cv);
        pthread_mutex_unlock(&db->mu);
        return rc;
    }
    *out = c;
    return 0;
}

void
mg_conn_release(mg_conn *c)
{
    mg_db *db;
    int keep = 1, last = 0;

    if (!c)
        return;
    db = c->db;
    if (c->in_tx && mg_conn_rollback_at(c, NULL, 0, NULL) < 0)
        keep = 0;
    c->in_tx = c->failed = 0;
    free(c->fail_msg);
    c->fail_msg = NULL;
    if (c->had_error && keep && db->d->stmt.ping(c->h) < 0)
        keep = 0;   /* the error was the connection dying */
    c->had_error = 0;
    pthread_mutex_lock(&db->mu);
    if (db->closing || db->nidle >= db->size)
        keep = 0;   /* overflow beyond pool_size idle ones */
    if (keep)
        db->idle[db->nidle++] = c;
    else
        last = --db->nopen == 0 && db->closing;
    pthread_cond_signal(&db->cv);
    pthread_mutex_unlock(&db->mu);
    if (!keep)
        close_one(c);
    if (last)
        db_free(db);
}

const mg_dialect *
mg_conn_dialect(const mg_conn *c)
{
    return c->db->d;
}
