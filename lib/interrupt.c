/* interrupt.c - Ctrl-C. mg_interrupt() runs in a signal handler, where
 * almost nothing is allowed: it sets a flag and writes a byte to a pipe.
 * A watcher thread (mg_interrupt_enable) reads the byte and asks each
 * listed connection's server to cancel what it runs, through the
 * dialect's cancel member, which may block (MariaDB connects to send KILL
 * QUERY) and so could not run in the handler. The list's mutex keeps an
 * engine from closing a connection while its cancel is being sent.
 *
 * The watcher starts with the first connection that can be cancelled, not
 * before: SQLite has nothing to cancel through (its statement stops at its
 * next progress check), and a second thread makes every mutex and malloc
 * of the process atomic (glibc skips that while there is one thread): a
 * tenth of SQLite's time in an upgrade of 1,000 revisions. A byte written
 * before the watcher starts waits in the pipe. */
#include "interrupt_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static int wake[2] = { -1, -1 };            /* handler -> watcher */
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static mg_cancel *list;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static int watching;                        /* the watcher was started */

static void start_watcher(void);

void
mg_interrupt__add(mg_cancel *c, const mg_dialect *d, void *conn,
                  const mg_url *url)
{
    memset(c, 0, sizeof(*c));
    if (!d->cancel.prepare || !d->cancel.request ||
        !(c->h = d->cancel.prepare(conn, url)))
        return;
    c->d = d;
    start_watcher();
    pthread_mutex_lock(&list_lock);
    c->next = list;
    if (list)
        list->prev = c;
    list = c;
    pthread_mutex_unlock(&list_lock);
}

void
mg_interrupt__remove(mg_cancel *c)
{
    if (!c || !c->d)
        return;
    pthread_mutex_lock(&list_lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        list = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&list_lock);
    if (c->d->cancel.free)
        c->d->cancel.free(c->h);
    memset(c, 0, sizeof(*c));
}

/* Cancel what every listed connection runs (idle ones ignore it). */
static void
cancel_all(void)
{
    mg_cancel *c;

    pthread_mutex_lock(&list_lock);
    for (c = list; c; c = c->next)
        c->d->cancel.request(c->h);
    pthread_mutex_unlock(&list_lock);
}

/* The watcher: one round of cancels per byte the handler writes. Signals
 * are blocked here so that they reach the thread doing the work. */
static void *
watch(void *arg)
{
    sigset_t all;
    char byte;
    ssize_t n;

    (void)arg;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        n = read(wake[0], &byte, 1);
        if (n == 1)
            cancel_all();
        else if (n == 0 || errno != EINTR)
            return NULL;
    }
}

/* Start the watcher once mg_interrupt_enable() made the pipe. When the
 * thread cannot start, interruptions stop the runtime before its next
 * statement only, as without mg_interrupt_enable(). */
static void
start_watcher(void)
{
    pthread_t t;

    pthread_mutex_lock(&start_lock);
    if (!watching && wake[0] >= 0 &&
        pthread_create(&t, NULL, watch, NULL) == 0) {
        pthread_detach(t);
        watching = 1;
    }
    pthread_mutex_unlock(&start_lock);
}

int
mg_interrupt_enable(mg_error *err)
{
    int rc = 0;

    pthread_mutex_lock(&start_lock);
    if (wake[1] >= 0)
        goto done;
    if (pipe(wake) < 0) {
        rc = mg_error_set(err, MG_ERROR, "cannot make a pipe for "
                          "interruptions: %s", strerror(errno));
        goto done;
    }
    fcntl(wake[0], F_SETFD, FD_CLOEXEC);
    fcntl(wake[1], F_SETFD, FD_CLOEXEC);
    fcntl(wake[1], F_SETFL, O_NONBLOCK);
done:
    pthread_mutex_unlock(&start_lock);
    return rc;
}

void
mg_interrupt(void)
{
    int saved = errno;

    interrupted = 1;
    if (wake[1] >= 0 && write(wake[1], "!", 1) < 0) {
        /* a full pipe already holds a wake-up */
    }
    errno = saved;
}

int
mg_interrupted(void)
{
    return interrupted != 0;
}

void
mg_interrupt_clear(void)
{
    interrupted = 0;
}
