/* engine_int.h - engine internals shared inside libmigrate. */
#ifndef MG_ENGINE_INT_H
#define MG_ENGINE_INT_H

#include "mg_dialect.h"

/* An empty row set for a dialect's query() to fill. */
mg_rows *mg_rows__new(void);

/* The dialect's connection handle behind e. */
void *mg_engine__conn(mg_engine *e);

/* The parsed URL behind e. */
const mg_url *mg_engine__url(const mg_engine *e);

#endif
