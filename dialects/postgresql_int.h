/* postgresql_int.h - the PostgreSQL dialect's schema work
 * (dialects/postgresql_schema.c) that dialects/postgresql.c puts into its
 * dialect table. The connection is a PGconn *. */
#ifndef MG_POSTGRESQL_INT_H
#define MG_POSTGRESQL_INT_H

#include "mg_dialect.h"

#endif
