/* mariadb_int.h - the MariaDB dialect's schema work
 * (dialects/mariadb_schema.c) that dialects/mariadb.c puts into its
 * dialect table. The connection is a MYSQL *. */
#ifndef MG_MARIADB_INT_H
#define MG_MARIADB_INT_H

#include "mg_dialect.h"

#endif
