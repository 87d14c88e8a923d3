/* sqlite_int.h - the SQLite dialect's schema work (dialects/sqlite_reflect.c
 * and dialects/sqlite_ddl.c) that dialects/sqlite.c puts into its dialect
 * table. */
#ifndef MG_SQLITE_INT_H
#define MG_SQLITE_INT_H

#include "mg_dialect.h"

#include <sqlite3.h>

/* A connection: the database handle first, so the handle is the
 * connection's first word. created_path is set when connect created the
 * file, which disconnect removes again if nothing was ever written. */
typedef struct mg_sqlite_conn {
    sqlite3 *db;           /* NULL once a read-once database is read */
    char    *created_path;
    int      read_once;    /* MG_OPEN_READ_ONCE */
} mg_sqlite_conn;

#define MG_SQLITE_DB(conn) (((mg_sqlite_conn *)(conn))->db)

/* The dialect table (dialects/sqlite.c). */
extern const mg_dialect mg_dialect_sqlite;

/* Reflect the database conn (an mg_sqlite_conn) into md, which is empty on entry:
 * every table's, index's, view's and trigger's stored DDL read back through
 * the model parser (views and triggers as objects), each trigger's SQL also
 * kept on its table; tables named in ignore left out with their indexes and
 * triggers. One catalog query
 * whatever the schema's size. Errors: MG_EDB, MG_EPARSE (stored DDL the
 * parser cannot read; the message names the table), MG_ENOMEM. */
extern int mg_sqlite__inspect(void *conn, mg_metadata *md,
                              const mg_strlist *ignore, mg_error *err);

/* The SQLite spelling of a generic type (DESIGN.md section 2). */
extern void mg_sqlite__render_type(mg_buf *b, const mg_type *t);

/* The statements of op, appended to out without terminators. Errors:
 * MG_EUSAGE (an ALTER SQLite lacks; a rebuild that would need a value for
 * a new NOT NULL column), MG_ENOMEM. */
extern int mg_sqlite__render_op(mg_strlist *out, const mg_op *op,
                                mg_error *err);

#endif
