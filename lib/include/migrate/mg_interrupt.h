/* mg_interrupt.h - stopping work when the user presses Ctrl-C: a signal
 * handler calls mg_interrupt(), which asks the server of every open
 * connection to cancel the statement it runs; the call that ran it then
 * fails like any failed statement, so transactions roll back and scratch
 * databases are dropped on the ordinary error paths, and the runtime
 * starts no further statement. Signals are process-wide, so this is
 * libmigrate's one piece of process-wide state. */
#ifndef MG_INTERRUPT_H
#define MG_INTERRUPT_H

#include "mg_common.h"

MG_BEGIN_DECL

/* Have mg_interrupt() cancel statements on the servers (PostgreSQL's
 * cancel request, MariaDB's KILL QUERY from a second connection), through
 * a thread that starts with the first connection that can be cancelled
 * (none for SQLite). Without it, mg_interrupt() only stops the runtime
 * before its next statement (and SQLite's running statement). Calling it
 * again does nothing. Errors: MG_ERROR (no pipe). */
MG_EXTERN
int mg_interrupt_enable(mg_error *err);

/* Ask every statement running on a connection of this process to stop.
 * Async-signal-safe: meant for a SIGINT handler. Returns at once. */
MG_EXTERN
void mg_interrupt(void);

/* 1 once mg_interrupt() was called (until mg_interrupt_clear()). */
MG_EXTERN
int mg_interrupted(void);

/* Forget an interruption, to go on working after handling it. */
MG_EXTERN
void mg_interrupt_clear(void);

MG_END_DECL
#endif
