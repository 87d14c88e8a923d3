/* interrupt_int.h - the list of open connections mg_interrupt() cancels
 * statements on (lib/interrupt.c); each engine puts itself on it. */
#ifndef MG_INTERRUPT_INT_H
#define MG_INTERRUPT_INT_H

#include "mg_interrupt.h"
#include "mg_dialect.h"

/* One connection on the list, in its engine's storage. */
typedef struct mg_cancel {
    const mg_dialect *d;
    void             *h;       /* d->cancel.prepare's handle */
    struct mg_cancel *prev, *next;
} mg_cancel;

/* Put conn (just connected, idle) on the list when its dialect can cancel
 * a statement; c is cleared either way. url must outlive the entry. */
void mg_interrupt__add(mg_cancel *c, const mg_dialect *d, void *conn,
                       const mg_url *url);
/* Take c off the list (before its connection closes) and free its
 * handle; waits while a cancel is being sent. NULL-safe, idempotent. */
void mg_interrupt__remove(mg_cancel *c);

#endif
