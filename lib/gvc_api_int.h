/* gvc_api_int.h - Graphviz's libgvc, opened on first use (lib/dynlib_int.h).
 * Included by SVG diagrams (lib/erd.c) instead of <gvc.h>; gvc_api_load()
 * comes before the first call of these functions. */
#ifndef MG_GVC_API_H
#define MG_GVC_API_H

#include "dynlib_int.h"

#include <gvc.h>

#define MG_GVC_FUNCS(X) \
    X(agclose) \
    X(aglasterr) \
    X(agmemread) \
    X(agseterr) \
    X(gvContext) \
    X(gvFreeContext) \
    X(gvFreeLayout) \
    X(gvLayout) \
    X(gvRender)

typedef struct mg_gvc_api {
    MG_GVC_FUNCS(MG_DYNLIB_FIELD)
} mg_gvc_api;

extern mg_gvc_api gvc_api;

/* Open Graphviz's libgvc once. Errors: MG_ERROR when it cannot be
 * loaded. */
int gvc_api_load(mg_error *err);

#ifndef MG_GVC_API_C
#define agclose (gvc_api.agclose)
#define aglasterr (gvc_api.aglasterr)
#define agmemread (gvc_api.agmemread)
#define agseterr (gvc_api.agseterr)
#define gvContext (gvc_api.gvContext)
#define gvFreeContext (gvc_api.gvFreeContext)
#define gvFreeLayout (gvc_api.gvFreeLayout)
#define gvLayout (gvc_api.gvLayout)
#define gvRender (gvc_api.gvRender)
#endif

#endif
