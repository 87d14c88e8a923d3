/* interrupt.c - Ctrl-C for the migrate command. The first SIGINT (or
 * SIGTERM) asks libmigrate to cancel the running statement on its server
 * (mg_interrupt) and lets the command unwind through its ordinary error
 * paths, so a transaction rolls back and a scratch database is dropped;
 * the command then exits 130 (143 for SIGTERM). A second signal is not
 * caught: it ends the process at once. */
#include "cli.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t caught;   /* the signal number, 0 for none */

static void
on_signal(int sig)
{
    caught = sig;
    mg_interrupt();
}

void
cli_interrupt_setup(void)
{
    struct sigaction sa;
    mg_error err;

    if (mg_interrupt_enable(&err) < 0)
        return;     /* only the runtime's own check between statements */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int
cli_interrupt_code(int rc)
{
    return caught ? 128 + caught : rc;
}

int
cli_interrupt_exit(int rc)
{
    if (caught)
        fprintf(stderr, "migrate: interrupted\n");
    return cli_interrupt_code(rc);
}
