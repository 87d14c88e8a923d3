/* LD_PRELOAD shim that counts the SQL statements a client sends, the same
 * way for migrate and for the raw clients it is compared with:
 *   libpq    PQexec, PQexecParams, PQexecPrepared, PQsendQuery,
 *            PQsendQueryParams, PQsendQueryPrepared (one per call; calls
 *            libpq makes to itself are not counted twice)
 *   SQLite   each statement the client prepares (sqlite3_prepare*, and
 *            the statements sqlite3_exec runs), not SQLite's own
 *            schema reads
 * At exit it appends "<count>\n" to $QCOUNT_FILE. MariaDB's client is
 * linked statically into the mariadb tools, so run.sh counts MariaDB on
 * the server (Questions) instead.
 *
 *   cc -shared -fPIC -O2 -o qcount.so qcount.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* check reads the database on a second thread: the nesting depth is per
 * thread, the count shared. */
static unsigned long count;
static __thread int depth;

/* A library a program loaded with dlopen(RTLD_LOCAL), as Python loads its
 * extension modules' libraries, is not behind the shim for RTLD_NEXT: then
 * the symbol comes from that library's own handle. */
static void *real(const char *name)
{
    void *p = dlsym(RTLD_NEXT, name);
    if (!p) {
        const char *lib = strncmp(name, "sqlite3", 7) == 0 ? "libsqlite3.so.0"
                                                          : "libpq.so.5";
        void *h = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD);
        if (h)
            p = dlsym(h, name);
    }
    if (!p) {
        fprintf(stderr, "qcount: no %s\n", name);
        abort();
    }
    return p;
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("QCOUNT_FILE");
    FILE *f;
    if (!path || !*path)
        return;
    f = fopen(path, "a");
    if (f) {
        fprintf(f, "%lu\n", __atomic_load_n(&count, __ATOMIC_RELAXED));
        fclose(f);
    }
}

/* ---- libpq ---------------------------------------------------------- */

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

#define COUNTED(ret, call)                                                    \
    do {                                                                      \
        if (depth++ == 0)                                                     \
            __atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);                  \
        ret = call;                                                           \
        depth--;                                                              \
    } while (0)

/* With QCOUNT_SQL set, the text of every statement sent with PQexec is
 * appended to that file, ";" after each: a script psql can run again. */
static void log_sql(const char *q)
{
    const char *path = getenv("QCOUNT_SQL");
    FILE *f;
    if (!path || !*path || depth != 0)
        return;
    f = fopen(path, "a");
    if (f) {
        fprintf(f, "%s;\n", q);
        fclose(f);
    }
}

PGresult *PQexec(PGconn *c, const char *q)
{
    static PGresult *(*f)(PGconn *, const char *);
    PGresult *r;
    if (!f) f = (PGresult *(*)(PGconn *, const char *))real("PQexec");
    log_sql(q);
    COUNTED(r, f(c, q));
    return r;
}

PGresult *PQexecParams(PGconn *c, const char *q, int n, const Oid *t,
                       const char *const *v, const int *l, const int *fm,
                       int rf)
{
    static PGresult *(*f)(PGconn *, const char *, int, const Oid *,
                          const char *const *, const int *, const int *, int);
    PGresult *r;
    if (!f) f = (PGresult *(*)(PGconn *, const char *, int, const Oid *,
                               const char *const *, const int *, const int *,
                               int))real("PQexecParams");
    COUNTED(r, f(c, q, n, t, v, l, fm, rf));
    return r;
}

PGresult *PQexecPrepared(PGconn *c, const char *s, int n, const char *const *v,
                         const int *l, const int *fm, int rf)
{
    static PGresult *(*f)(PGconn *, const char *, int, const char *const *,
                          const int *, const int *, int);
    PGresult *r;
    if (!f) f = (PGresult *(*)(PGconn *, const char *, int, const char *const *,
                               const int *, const int *, int))
                    real("PQexecPrepared");
    COUNTED(r, f(c, s, n, v, l, fm, rf));
    return r;
}

int PQsendQuery(PGconn *c, const char *q)
{
    static int (*f)(PGconn *, const char *);
    int r;
    if (!f) f = (int (*)(PGconn *, const char *))real("PQsendQuery");
    log_sql(q);
    COUNTED(r, f(c, q));
    return r;
}

int PQsendQueryParams(PGconn *c, const char *q, int n, const Oid *t,
                      const char *const *v, const int *l, const int *fm, int rf)
{
    static int (*f)(PGconn *, const char *, int, const Oid *,
                    const char *const *, const int *, const int *, int);
    int r;
    if (!f) f = (int (*)(PGconn *, const char *, int, const Oid *,
                         const char *const *, const int *, const int *, int))
                    real("PQsendQueryParams");
    COUNTED(r, f(c, q, n, t, v, l, fm, rf));
    return r;
}

int PQsendQueryPrepared(PGconn *c, const char *s, int n, const char *const *v,
                        const int *l, const int *fm, int rf)
{
    static int (*f)(PGconn *, const char *, int, const char *const *,
                    const int *, const int *, int);
    int r;
    if (!f) f = (int (*)(PGconn *, const char *, int, const char *const *,
                         const int *, const int *, int))
                    real("PQsendQueryPrepared");
    COUNTED(r, f(c, s, n, v, l, fm, rf));
    return r;
}

/* ---- SQLite --------------------------------------------------------- */

/* A statement counts when the client prepares it: either directly or
 * through sqlite3_exec. SQLite's own statements (re-reading the schema
 * after DDL, which runs inside a prepare or a step) are not counted. */
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
static __thread int inside;             /* within a prepare or a step */
static __thread unsigned long prepared; /* counted via sqlite3_prepare* */

#define PREPARE(name, ...)                                                    \
    do {                                                                      \
        int top = inside++ == 0;                                              \
        if (!f) f = real(name);                                               \
        r = f(__VA_ARGS__);                                                   \
        inside--;                                                             \
        if (top && r == 0 && st && *st) {                                     \
            __atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);                  \
            prepared++;                                                       \
        }                                                                     \
    } while (0)

int sqlite3_prepare(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                    const char **tail)
{
    static int (*f)(sqlite3 *, const char *, int, sqlite3_stmt **,
                    const char **);
    int r;
    PREPARE("sqlite3_prepare", db, sql, n, st, tail);
    return r;
}

int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                       const char **tail)
{
    static int (*f)(sqlite3 *, const char *, int, sqlite3_stmt **,
                    const char **);
    int r;
    PREPARE("sqlite3_prepare_v2", db, sql, n, st, tail);
    return r;
}

int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags,
                       sqlite3_stmt **st, const char **tail)
{
    static int (*f)(sqlite3 *, const char *, int, unsigned, sqlite3_stmt **,
                    const char **);
    int r;
    PREPARE("sqlite3_prepare_v3", db, sql, n, flags, st, tail);
    return r;
}

int sqlite3_step(sqlite3_stmt *st)
{
    static int (*f)(sqlite3_stmt *);
    int r;
    if (!f) f = (int (*)(sqlite3_stmt *))real("sqlite3_step");
    inside++;
    r = f(st);
    inside--;
    return r;
}

/* When the library binds sqlite3_exec's own prepares internally (so they
 * bypass this shim), count the statements of its text instead. */
typedef int (*exec_cb)(void *, int, char **, char **);
int sqlite3_exec(sqlite3 *db, const char *sql, exec_cb cb, void *arg,
                 char **err)
{
    static int (*f)(sqlite3 *, const char *, exec_cb, void *, char **);
    static int (*complete)(const char *);
    unsigned long before = prepared;
    int r, top = inside == 0;
    if (!f) {
        f = (int (*)(sqlite3 *, const char *, exec_cb, void *, char **))
                real("sqlite3_exec");
        complete = (int (*)(const char *))real("sqlite3_complete");
    }
    r = f(db, sql, cb, arg, err);
    if (top && prepared == before && sql && *sql) {
        /* statements end at a ';' that makes the text so far complete */
        const char *p;
        char *buf = malloc(strlen(sql) + 1);
        size_t n = 0;
        int any = 0;
        for (p = sql; buf && *p; p++) {
            buf[n++] = *p;
            buf[n] = '\0';
            if (*p != ' ' && *p != '\n' && *p != '\t' && *p != ';')
                any = 1;
            if (*p == ';' && complete(buf)) {
                __atomic_fetch_add(&count, any, __ATOMIC_RELAXED);
                any = 0;
                n = 0;
            }
        }
        __atomic_fetch_add(&count, any, __ATOMIC_RELAXED);
        free(buf);
    }
    return r;
}
