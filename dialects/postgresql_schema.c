/* postgresql_schema.c - placeholder for the postgresql dialect's reflection and DDL. */
#include "postgresql_int.h"
