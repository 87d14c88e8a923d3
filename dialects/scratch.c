/* scratch.c - names of the scratch databases check and autogenerate
 * replay migrations on, shared by the server dialects. A name says which
 * process on which host made it and when, so that a later run can drop
 * the ones a killed process left behind without touching anything a live
 * run (or anyone else) owns. */
#include "mg_dialect.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define PREFIX "migrate_scratch_"

/* This host's tag: the FNV-1a hash of its name, as 8 hex digits. */
static void
host_tag(char out[9])
{
    static const char hex[] = "0123456789abcdef";
    char host[256] = "";
    unsigned long h = 2166136261UL;
    const char *p;
    int i;

    gethostname(host, sizeof(host) - 1);
    for (p = host; *p; p++)
        h = ((h ^ (unsigned char)*p) * 16777619UL) & 0xffffffffUL;
    for (i = 7; i >= 0; i--, h >>= 4)
        out[i] = hex[h & 15];
    out[8] = '\0';
}

void
mg_dialect_scratch_name(mg_buf *b, int n)
{
    char tag[9];

    host_tag(tag);
    mg_buf_addf(b, PREFIX "%ld_%s_%lld_%d", (long)getpid(), tag,
                (long long)time(NULL), n);
}

/* The decimal number at *s (at most max digits, at least one), moving *s
 * past it; -1 when there is none. */
static long long
number(const char **s, int max)
{
    long long v = 0;
    int i;

    for (i = 0; i < max && **s >= '0' && **s <= '9'; i++, (*s)++)
        v = v * 10 + (**s - '0');
    return i ? v : -1;
}

int
mg_dialect_scratch_stale(const char *name, long long now)
{
    const char *s = name;
    long long pid, made;
    char tag[9];

    if (strncmp(s, PREFIX, sizeof(PREFIX) - 1) != 0)
        return 0;
    s += sizeof(PREFIX) - 1;
    host_tag(tag);
    if ((pid = number(&s, 10)) <= 1 || *s++ != '_' ||
        strncmp(s, tag, 8) != 0 || s[8] != '_')
        return 0;
    s += 9;
    if ((made = number(&s, 12)) < 0 || *s++ != '_' || number(&s, 6) < 0 ||
        *s)
        return 0;
    if (now - made < MG_SCRATCH_STALE_S)
        return 0;
    return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}
