/* engine_int.h - engine internals shared inside libmigrate. */
#ifndef MG_ENGINE_INT_H
#define MG_ENGINE_INT_H

#include "mg_dialect.h"

/* An empty row set for mg_engine_query to fill: set the column count
 * once, then add rows of that many values (NULL for SQL NULL; lens may be
 * NULL for NUL-terminated values). Errors: MG_ENOMEM. */
mg_rows *mg_rows__new(void);
int mg_rows__set_columns(mg_rows *r, size_t ncols);
int mg_rows__add(mg_rows *r, const char *const *values, const size_t *lens);

/* The dialect's connection handle behind e. */
void *mg_engine__conn(mg_engine *e);

/* The parsed URL behind e. */
const mg_url *mg_engine__url(const mg_engine *e);

#endif
