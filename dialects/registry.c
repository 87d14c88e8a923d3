/* registry.c - the dialects compiled into this build. configure's
 * --without-<db> options remove a row; nothing else names a dialect. */
#include "mg_dialect.h"
#include "engine_int.h"

extern const mg_dialect mg_dialect_sqlite;
#ifdef MG_WITH_POSTGRESQL
extern const mg_dialect mg_dialect_postgresql;
#endif
#ifdef MG_WITH_MARIADB
extern const mg_dialect mg_dialect_mariadb;
#endif

const mg_dialect *const mg_dialects__all[] = {
    &mg_dialect_sqlite,
#ifdef MG_WITH_POSTGRESQL
    &mg_dialect_postgresql,
#endif
#ifdef MG_WITH_MARIADB
    &mg_dialect_mariadb,
#endif
    NULL
};
