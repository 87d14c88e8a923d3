/* progress.c - drawing the progress the library reports (mg_progress) on
 * stderr: on a terminal a live line redrawn in place with \r (done/total,
 * elapsed time, an estimate of the time left), cleared when the work ends;
 * when stderr is not a terminal, plain lines only with -v (at most one a
 * second, and the last), so output that scripts and tests compare stays as
 * it was; nothing with -q. Small work (one revision of few statements)
 * draws nothing: the line is for runs long enough to wonder about. */
#include "cli.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

/* Work smaller than this is not worth a line. */
#define MANY_REVISIONS   2
#define MANY_STATEMENTS  100
/* Seconds between redraws of the live line, and between plain lines. */
#define LIVE_EVERY       0.1
#define PLAIN_EVERY      1.0

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "m:ss", or "h:mm:ss" from an hour on. */
static void
put_duration(char *out, size_t size, double s)
{
    long t = s < 0 ? 0 : (long)(s + 0.5);

    if (t >= 3600)
        snprintf(out, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, size, "%ld:%02ld", t / 60, t % 60);
}

/* The fraction of the work done: by statements when they are known (a
 * revision of many statements weighs more), else by revisions. */
static double
fraction(const mg_progress_info *in)
{
    if (in->statements_total)
        return (double)in->statements_done / (double)in->statements_total;
    return in->total ? (double)in->done / (double)in->total : 0;
}

/* "LABEL: DONE/TOTAL revisions (P%), M:SS elapsed, ETA M:SS" */
static void
format_line(char *out, size_t size, const cli_progress *p,
            const mg_progress_info *in, double elapsed)
{
    double f = fraction(in);
    char el[32], eta[32];

    put_duration(el, sizeof(el), elapsed);
    if (f > 0 && in->done < in->total)
        put_duration(eta, sizeof(eta), elapsed * (1 - f) / f);
    else
        snprintf(eta, sizeof(eta), "%s", in->done < in->total ? "--:--"
                                                              : "0:00");
    snprintf(out, size, "%s: %zu/%zu revisions (%d%%), %s elapsed, ETA %s",
             p->label ? p->label : in->task, in->done, in->total,
             (int)(f * 100), el, eta);
}

static void
on_update(void *ctx, const mg_progress_info *in)
{
    cli_progress *p = ctx;
    int last = in->done >= in->total;
    double t = now_s();
    char line[256];

    if (in->total < MANY_REVISIONS && in->statements_total < MANY_STATEMENTS)
        return;
    if (p->mode == CLI_PROGRESS_LIVE) {
        if (last) {
            cli_progress_clear(p);
            return;
        }
        if (p->shown && t - p->last < LIVE_EVERY)
            return;
        format_line(line, sizeof(line), p, in, t - p->t0);
        fprintf(stderr, "\r\033[K%s", line);
        fflush(stderr);
        p->shown = 1;
        p->last = t;
        return;
    }
    /* plain lines: when a revision finished a second after the last line,
     * and the last one */
    if (!last && (in->done == p->last_done || t - p->last < PLAIN_EVERY))
        return;
    if (last && p->ended)
        return;
    format_line(line, sizeof(line), p, in, t - p->t0);
    fprintf(stderr, "migrate: %s\n", line);
    p->last = t;
    p->last_done = in->done;
    p->ended = last;
}

const mg_progress *
cli_progress_start(cli_progress *p, cli *c, const char *label)
{
    memset(p, 0, sizeof(*p));
    if (c->quiet)
        p->mode = CLI_PROGRESS_NONE;
    else if (isatty(STDERR_FILENO))
        p->mode = CLI_PROGRESS_LIVE;
    else if (c->verbose)
        p->mode = CLI_PROGRESS_PLAIN;
    if (p->mode == CLI_PROGRESS_NONE)
        return NULL;
    p->label = label;
    p->t0 = p->last = now_s();
    p->cb.update = on_update;
    p->cb.ctx = p;
    return &p->cb;
}

void
cli_progress_clear(cli_progress *p)
{
    if (!p || p->mode != CLI_PROGRESS_LIVE || !p->shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->shown = 0;
}
