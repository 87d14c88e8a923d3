/* stmtcount.c - statements counted by kind (see stmtcount_int.h). The
 * counters are process-wide, as the thing counted is: what the process
 * sent, whichever connection or thread sent it. */
#include "stmtcount_int.h"

#ifndef _GNU_SOURCE
# define _GNU_SOURCE        /* strndup */
#endif
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { K_READ, K_DDL, K_WRITE, K_TXN, K_OTHER, NKINDS };

static const char *const kind_names[NKINDS] = {
    "read", "ddl", "write", "transaction", "other"
};

/* First keywords, by kind; anything else is K_OTHER. */
static const struct {
    const char *word;
    int         kind;
} keywords[] = {
    { "SELECT", K_READ }, { "WITH", K_READ }, { "SHOW", K_READ },
    { "PRAGMA", K_READ }, { "EXPLAIN", K_READ }, { "DESCRIBE", K_READ },
    { "DESC", K_READ }, { "VALUES", K_READ }, { "TABLE", K_READ },
    { "CREATE", K_DDL }, { "ALTER", K_DDL }, { "DROP", K_DDL },
    { "TRUNCATE", K_DDL }, { "RENAME", K_DDL }, { "COMMENT", K_DDL },
    { "INSERT", K_WRITE }, { "UPDATE", K_WRITE }, { "DELETE", K_WRITE },
    { "REPLACE", K_WRITE }, { "MERGE", K_WRITE }, { "COPY", K_WRITE },
    { "BEGIN", K_TXN }, { "START", K_TXN }, { "COMMIT", K_TXN },
    { "ROLLBACK", K_TXN }, { "END", K_TXN }, { "SAVEPOINT", K_TXN },
    { "RELEASE", K_TXN },
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *out_path;                  /* NULL: counting is off */
static FILE *sql_log;                   /* MIGRATE_COUNT_STATEMENTS_SQL */
static unsigned long counts[NKINDS];

/* At exit: the one line, over what the file held. */
static void
write_counts(void)
{
    unsigned long total = 0;
    FILE *f;
    int k;

    if (!(f = fopen(out_path, "w")))
        return;
    for (k = 0; k < NKINDS; k++) {
        unsigned long n = __atomic_load_n(&counts[k], __ATOMIC_RELAXED);
        fprintf(f, "%s=%lu ", kind_names[k], n);
        total += n;
    }
    fprintf(f, "total=%lu\n", total);
    fclose(f);
}

static void
read_env(void)
{
    const char *p = getenv("MIGRATE_COUNT_STATEMENTS");

    const char *l = getenv("MIGRATE_COUNT_STATEMENTS_SQL");

    if (!p || !*p || !(out_path = strdup(p)))
        return;
    if (l && *l)
        sql_log = fopen(l, "w");
    atexit(write_counts);
}

/* One line of the log: the kind, then the text on one line. */
static void
log_statement(int kind, const char *sql)
{
    const char *s;

    flockfile(sql_log);
    fprintf(sql_log, "%s\t", kind_names[kind]);
    for (s = sql; *s; s++)
        putc_unlocked(*s == '\n' || *s == '\t' ? ' ' : *s, sql_log);
    putc_unlocked('\n', sql_log);
    fflush(sql_log);
    funlockfile(sql_log);
}

int
mg_stmtcount__on(void)
{
    pthread_once(&once, read_env);
    return out_path != NULL;
}

/* sql past white space, -- comments, block comments and opening
 * parentheses: where its first keyword starts. */
static const char *
first_word(const char *s)
{
    for (;;) {
        while (isspace((unsigned char)*s) || *s == '(')
            s++;
        if (s[0] == '-' && s[1] == '-') {
            s += strcspn(s, "\n");
        } else if (s[0] == '/' && s[1] == '*') {
            const char *e = strstr(s + 2, "*/");
            s = e ? e + 2 : s + strlen(s);
        } else {
            return s;
        }
    }
}

static int
kind_of(const char *sql)
{
    const char *w = first_word(sql);
    size_t n = 0, i;

    while (isalpha((unsigned char)w[n]))
        n++;
    for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
        if (strlen(keywords[i].word) == n &&
            strncasecmp(w, keywords[i].word, n) == 0)
            return keywords[i].kind;
    return K_OTHER;
}

/* Count one statement of text s..s+n. */
static void
add_one(const char *s, size_t n)
{
    char *one = strndup(s, n);
    int kind;

    if (!one)
        return;
    kind = kind_of(one);
    __atomic_fetch_add(&counts[kind], 1, __ATOMIC_RELAXED);
    if (sql_log)
        log_statement(kind, one);
    free(one);
}

void
mg_stmtcount__add(const char *sql)
{
    const char *s, *e;
    int k;

    if (!mg_stmtcount__on() || !sql)
        return;
    k = kind_of(sql);
    if (k != K_TXN || !strchr(sql, ';')) {
        add_one(sql, strlen(sql));
        return;
    }
    /* a transaction sent as one text (the runtime's record of a step):
     * each of its statements, at the ";\n" the runtime joins them with */
    for (s = sql; *s; s = *e ? e + 2 : e) {
        if (!(e = strstr(s, ";\n")))
            e = s + strlen(s);
        add_one(s, (size_t)(e - s));
    }
}
