/* dynlib_int.h - the client libraries of PostgreSQL, MariaDB, git and Graphviz,
 * opened on first use rather than at every start.
 *
 * Linked the usual way, libpq, libmariadb, libgit2 and libgvc bring 38
 * more shared libraries into every run of migrate: 6 ms and 6 MiB before
 * main, on a command that may only read a SQLite file. Each is instead
 * opened with dlopen by the soname configure found, the first time a
 * connection, a git source or an SVG needs it, and its functions are
 * called through a table. The headers that declare a table
 * (pq_api_int.h, my_api_int.h, git_api_int.h, gvc_api_int.h) define each
 * function's name to its entry, so code is written against the library's
 * own API, and a function missing from a table is a link error, not a
 * crash. */
#ifndef MG_DYNLIB_H
#define MG_DYNLIB_H

#include "mg_common.h"

#include <stddef.h>

typedef struct mg_dynlib {
    const char        *soname;  /* "libpq.so.5" */
    const char        *what;    /* "PostgreSQL", for the message */
    int                code;    /* the error when it cannot be loaded */
    const char *const *names;   /* the symbols, in the order of the table */
    size_t             n;
    void              *table;   /* a struct of n function pointers */
    int                state;   /* 0 not tried, 1 loaded, -1 failed */
    char               why[200];/* dlerror() of the failure */
} mg_dynlib;

/* Open l's library and fill its table, once per process (thread-safe).
 * Errors: l->code, "PostgreSQL needs libpq.so.5, which cannot be loaded:
 * ...", the same on every later call. */
int mg_dynlib_load(mg_dynlib *l, mg_error *err);

/* The table's struct field for f: a pointer of f's own type. */
#define MG_DYNLIB_FIELD(f) __typeof__(&f) f;
#define MG_DYNLIB_NAME(f)  #f,

/* In an api's .c file: the table api (of type mg_<api>), filled from
 * soname by api_load(err) with the functions funcs lists. */
#define MG_DYNLIB_DEFINE(api, funcs, soname, what, code)                   \
    mg_##api api;                                                          \
    static const char *const api##_names[] = { funcs(MG_DYNLIB_NAME) };    \
    static mg_dynlib api##_lib = {                                         \
        soname, what, code, api##_names,                                   \
        sizeof(api##_names) / sizeof(api##_names[0]), &api, 0, ""          \
    };                                                                     \
    int api##_load(mg_error *err) { return mg_dynlib_load(&api##_lib, err); }

#endif
