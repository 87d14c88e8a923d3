/* pq_api.c - the table of libpq's functions (see pq_api_int.h). */
#define MG_PQ_API_C
#include "pq_api_int.h"

MG_DYNLIB_DEFINE(pq_api, MG_PQ_FUNCS, MG_PQ_SONAME,
                 "PostgreSQL", MG_EDB)
