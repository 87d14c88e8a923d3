/* dynlib.c - opening a client library on first use (see dynlib_int.h). */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE        /* RTLD_DEFAULT */
#endif
#include "dynlib_int.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t dynlib_lock = PTHREAD_MUTEX_INITIALIZER;

static int
load_locked(mg_dynlib *l)
{
    /* global, and looked up in the global scope, as a linked library is:
     * an LD_PRELOAD wrapper (bench/qcount.c counts libpq's queries) still
     * comes first */
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_GLOBAL);
    size_t i;

    if (!h) {
        snprintf(l->why, sizeof(l->why), "%s", dlerror());
        return -1;
    }
    for (i = 0; i < l->n; i++) {
        void *sym = dlsym(RTLD_DEFAULT, l->names[i]);
        if (!sym) {
            snprintf(l->why, sizeof(l->why), "%s has no %s", l->soname,
                     l->names[i]);
            dlclose(h);
            return -1;
        }
        /* POSIX makes a data pointer and a function pointer the same size
         * and dlsym's result usable as either */
        memcpy((char *)l->table + i * sizeof(void (*)(void)), &sym,
               sizeof(sym));
    }
    return 1;       /* the handle stays open for the process's life */
}

int
mg_dynlib_load(mg_dynlib *l, mg_error *err)
{
    int state;

    pthread_mutex_lock(&dynlib_lock);
    if (l->state == 0)
        l->state = load_locked(l);
    state = l->state;
    pthread_mutex_unlock(&dynlib_lock);
    if (state > 0)
        return 0;
    return mg_error_set(err, l->code, "%s needs %s, which cannot be loaded: "
                        "%s", l->what, l->soname, l->why);
}
