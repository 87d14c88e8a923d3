/* mg_stmt.h - prepared statements on a pooled connection: `?` placeholders
 * on every dialect, typed values (mg_value) bound and read, the generated
 * key of an INSERT. mg_stmt_execute is a macro over an `_at` function that
 * adds the caller's __FILE__ and __LINE__ for the query hook and echo. */
#ifndef MG_STMT_H
#define MG_STMT_H

#include <stdint.h>

#include "mg_common.h"
#include "mg_pool.h"

MG_BEGIN_DECL

typedef struct mg_stmt mg_stmt;

/* ---- values ----------------------------------------------------------- */

/* The type of a parameter or of a result value. */
typedef enum mg_value_type {
    MG_VALUE_NULL = 0,
    MG_VALUE_INT,       /* int64_t */
    MG_VALUE_DOUBLE,    /* double */
    MG_VALUE_TEXT,      /* UTF-8 text; also dates, times, DECIMAL */
    MG_VALUE_BLOB,      /* bytes */
    MG_VALUE_BOOL       /* 0 or 1 */
} mg_value_type;

/* A typed value. TEXT and BLOB point at memory the value does not own. */
typedef struct mg_value {
    mg_value_type type;
    int64_t       i;    /* INT, BOOL */
    double        d;    /* DOUBLE */
    const void   *p;    /* TEXT (NUL-terminated), BLOB */
    size_t        len;  /* TEXT, BLOB: bytes, without the NUL */
} mg_value;

/* Value constructors (no allocation; text/blob are borrowed). A NULL text
 * or blob pointer gives a NULL value. */
MG_EXTERN
mg_value mg_value_null(void);
MG_EXTERN
mg_value mg_value_int(int64_t v);
MG_EXTERN
mg_value mg_value_double(double v);
MG_EXTERN
mg_value mg_value_bool(int v);
MG_EXTERN
mg_value mg_value_text(const char *s);
MG_EXTERN
mg_value mg_value_blob(const void *p, size_t len);
/* "NULL", "INT", "DOUBLE", "TEXT", "BLOB", "BOOL". */
MG_EXTERN
const char *mg_value_type_name(mg_value_type t);

/* ---- statements ------------------------------------------------------- */

/* Prepare sql, whose parameters are written `?` on every dialect (a `?`
 * inside a string literal, quoted identifier or comment is not one; for
 * PostgreSQL they become $1, $2...). Errors: MG_EDB (where the database
 * checks at prepare time), MG_ENOMEM. */
MG_EXTERN
int  mg_stmt_prepare(mg_stmt **out, mg_conn *c, const char *sql,
                     mg_error *err);
MG_EXTERN
void mg_stmt_free(mg_stmt *st);

/* The SQL as it is sent, and the number of parameters. */
MG_EXTERN
const char *mg_stmt_sql(const mg_stmt *st);
MG_EXTERN
size_t      mg_stmt_param_count(const mg_stmt *st);

/* Bind parameter idx (1-based) until rebound; text and blobs are copied.
 * Returns 0, MG_EUSAGE (idx out of range) or MG_ENOMEM; the next execute
 * reports the same error with a message. */
MG_EXTERN
int mg_stmt_bind_null(mg_stmt *st, int idx);
MG_EXTERN
int mg_stmt_bind_int(mg_stmt *st, int idx, int64_t v);
MG_EXTERN
int mg_stmt_bind_double(mg_stmt *st, int idx, double v);
MG_EXTERN
int mg_stmt_bind_bool(mg_stmt *st, int idx, int v);
MG_EXTERN
int mg_stmt_bind_text(mg_stmt *st, int idx, const char *s);
MG_EXTERN
int mg_stmt_bind_blob(mg_stmt *st, int idx, const void *p, size_t len);
MG_EXTERN
int mg_stmt_bind_value(mg_stmt *st, int idx, const mg_value *v);

/* Ask for the generated key of an INSERT in column key: where the dialect
 * has RETURNING the statement gets `RETURNING key`, elsewhere the
 * connection's last insert id is read. Call before the first execute.
 * Errors: MG_ESTATE (already executed), MG_ENOMEM. */
MG_EXTERN
int mg_stmt_returning(mg_stmt *st, const char *key, mg_error *err);

/* Run the statement with its bound parameters (again, after new binds).
 * Every parameter must be bound. Errors: MG_EUSAGE (unbound or bad
 * parameter), MG_EDB with the database's message, MG_ESTATE (failed
 * transaction). */
MG_EXTERN
int mg_stmt_execute_at(mg_stmt *st, const char *file, int line,
                       mg_error *err);
#define mg_stmt_execute(st, err) \
    mg_stmt_execute_at((st), __FILE__, __LINE__, (err))

/* Advance to the next result row: 1 a row, 0 no more, < 0 an error. */
MG_EXTERN
int mg_stmt_next(mg_stmt *st, mg_error *err);

/* The result's columns (0-based); valid after execute. column_index finds
 * a column by name (case-insensitive, first match), -1 when absent. */
MG_EXTERN
int         mg_stmt_column_count(const mg_stmt *st);
MG_EXTERN
const char *mg_stmt_column_name(const mg_stmt *st, int i);
MG_EXTERN
int         mg_stmt_column_index(const mg_stmt *st, const char *name);

/* Values of the current row. The type is the value's (MG_VALUE_NULL for
 * SQL NULL): BOOLEAN columns read as BOOL (SQLite: declared BOOLEAN;
 * MariaDB: TINYINT(1)), integers as INT, floating types as DOUBLE, bytea
 * and binary strings as BLOB, everything else (DECIMAL, dates) as TEXT.
 * The getters convert: text to numbers as strtoll/strtod would, numbers
 * to text; NULL reads as 0, 0.0 or a NULL pointer. Pointers stay valid
 * until the next mg_stmt_next, execute or free. */
MG_EXTERN
mg_value_type mg_stmt_column_type(const mg_stmt *st, int i);
MG_EXTERN
int         mg_stmt_column_is_null(const mg_stmt *st, int i);
MG_EXTERN
int64_t     mg_stmt_column_int(mg_stmt *st, int i);
MG_EXTERN
double      mg_stmt_column_double(mg_stmt *st, int i);
MG_EXTERN
int         mg_stmt_column_bool(mg_stmt *st, int i);
MG_EXTERN
const char *mg_stmt_column_text(mg_stmt *st, int i);
MG_EXTERN
const void *mg_stmt_column_blob(mg_stmt *st, int i, size_t *len_out);
/* The value as the database gave it (borrowed, as above). */
MG_EXTERN
int         mg_stmt_column_value(mg_stmt *st, int i, mg_value *out);

/* Rows changed by the last execute of an INSERT, UPDATE or DELETE. */
MG_EXTERN
int64_t mg_stmt_changes(const mg_stmt *st);
/* The key generated by the last execute: the RETURNING value when
 * mg_stmt_returning was used on a dialect that has it, else the
 * connection's last insert id. Errors: MG_ESTATE (not executed, or no key
 * was generated), MG_EDB. */
MG_EXTERN
int mg_stmt_last_id(mg_stmt *st, int64_t *out, mg_error *err);

MG_END_DECL
#endif
