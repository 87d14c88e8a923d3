/* settle_int.h - the server's say on expressions (settle.c) for the
 * library's callers of mg_compare that hold an engine already. Not
 * installed. */
#ifndef MG_SETTLE_INT_H
#define MG_SETTLE_INT_H

#include "mg_dialect.h"

/* settle.c: where an expression of models (a column's default or
 * generation, a CHECK) differs in text from other's, the tables holding
 * one made on the server (d's catalog.server_tables, on e, else on a
 * connection to url opened for it) and read back; where the server's
 * form equals other's, models takes other's text. No connection, no
 * query, when nothing differs or d has no server_tables. Errors: MG_EDB,
 * MG_EUSAGE (url), MG_ENOMEM. */
int mg_compare__settle(mg_metadata *models, const mg_metadata *other,
                       const mg_dialect *d, mg_engine *e, const char *url,
                       mg_error *err);

#endif
