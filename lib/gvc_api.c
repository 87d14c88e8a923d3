/* gvc_api.c - the table of Graphviz's libgvc's functions (see gvc_api_int.h). */
#define MG_GVC_API_C
#include "gvc_api_int.h"

MG_DYNLIB_DEFINE(gvc_api, MG_GVC_FUNCS, MG_GVC_SONAME,
                 "erd --format svg", MG_ERROR)
