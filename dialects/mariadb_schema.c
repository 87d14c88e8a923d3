/* mariadb_schema.c - placeholder for the mariadb dialect's reflection and DDL. */
#include "mariadb_int.h"
