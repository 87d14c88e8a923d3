/* mg_db.h - libmigrate as a database runtime for C programs: a pool of
 * connections opened from a URL and shared between threads, prepared
 * statements with `?` placeholders and typed values, transactions and
 * savepoints, statement builders over an mg_metadata, create_all/drop_all,
 * and a hook that sees every statement with the source line that issued it.
 *
 * Threads: an mg_db may be used from any number of threads at once; an
 * mg_conn (and the statements prepared on it) by one thread at a time.
 *
 * Every call that sends SQL is a macro over an `_at` function that adds the
 * caller's __FILE__ and __LINE__, which the query hook and echo report. */
#ifndef MG_DB_H
#define MG_DB_H

#include <stdint.h>

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_metadata.h"

MG_BEGIN_DECL

typedef struct mg_db mg_db;
typedef struct mg_conn mg_conn;
typedef struct mg_stmt mg_stmt;
typedef struct mg_expr mg_expr;
typedef struct mg_builder mg_builder;

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

/* ---- the engine and its pool ------------------------------------------ */

/* What the hook is told about each statement, after it ran. */
typedef struct mg_query_info {
    const char *sql;         /* the text sent (placeholders as the
                              * database spells them) */
    size_t      nparams;     /* parameters bound */
    double      duration_ms; /* wall time of the execution */
    const char *file;        /* caller's __FILE__, NULL when unknown */
    int         line;        /* caller's __LINE__, 0 when unknown */
    int         rc;          /* 0, or the MG_E* code it failed with */
} mg_query_info;

/* Called for every statement, in the thread that ran it, without any lock
 * held. info and its strings are valid during the call only. */
typedef void (*mg_query_hook)(void *data, const mg_query_info *info);

/* Engine options; mg_db_opts_init fills the defaults. */
typedef struct mg_db_opts {
    int           pool_size;    /* connections kept open (5); the in-memory
                                 * SQLite database always has exactly 1 */
    int           max_overflow; /* extra connections opened under load and
                                 * closed when returned (10) */
    double        pool_timeout; /* seconds a checkout waits for a free
                                 * connection (30); < 0 waits for ever */
    int           pre_ping;     /* 1: test an idle connection on checkout
                                 * and replace it when dead (1) */
    int           echo;         /* 1: print every statement to stderr (0) */
    mg_query_hook hook;         /* called for every statement (NULL) */
    void         *hook_data;    /* passed to hook */
} mg_db_opts;

/* Fill o with the defaults above. */
MG_EXTERN
void mg_db_opts_init(mg_db_opts *o);

/* Open an engine for url (see mg_url_parse) with opts (NULL for the
 * defaults). One connection is opened now, so a bad URL or unreachable
 * server fails here; it stays in the pool. Errors: MG_EUSAGE (bad URL or
 * options, dialect not compiled in), MG_EDB (cannot connect; the message
 * never holds the password), MG_ENOMEM. */
MG_EXTERN
int  mg_db_open(mg_db **out, const char *url, const mg_db_opts *opts,
                mg_error *err);
/* Close every idle connection and free db (NULL allowed). Connections
 * still checked out are closed when released; db is freed after the
 * last. */
MG_EXTERN
void mg_db_close(mg_db *db);

/* The dialect serving db, for mg_builder_compile. */
MG_EXTERN
const mg_dialect *mg_db_dialect(const mg_db *db);
/* Connections currently open, and of those idle in the pool. */
MG_EXTERN
void mg_db_counts(mg_db *db, size_t *open_out, size_t *idle_out);
/* Switch echo on or off while running. */
MG_EXTERN
void mg_db_set_echo(mg_db *db, int on);

/* Take a connection: an idle one (pinged first with pre_ping, replaced
 * when dead), else a new one while fewer than pool_size + max_overflow
 * are open, else wait up to pool_timeout for one to be released. Errors:
 * MG_ELOCK (timed out; the message says how long and the pool's limits),
 * MG_EDB (cannot connect), MG_ENOMEM. */
MG_EXTERN
int  mg_db_checkout(mg_conn **out, mg_db *db, mg_error *err);
/* Give c back to its pool (NULL allowed): an open transaction is rolled
 * back, a connection found dead is closed, an overflow connection beyond
 * pool_size idle ones is closed. Statements of c must be freed first. */
MG_EXTERN
void mg_conn_release(mg_conn *c);

MG_EXTERN
const mg_dialect *mg_conn_dialect(const mg_conn *c);
/* 1 inside a transaction begun by mg_conn_begin. */
MG_EXTERN
int mg_conn_in_transaction(const mg_conn *c);

/* Run sql (no parameters; several statements where the dialect allows),
 * discarding rows. Errors: MG_EDB with the database's message, MG_ESTATE
 * (the transaction failed earlier and must be rolled back). */
MG_EXTERN
int mg_conn_exec_at(mg_conn *c, const char *sql, const char *file, int line,
                    mg_error *err);
#define mg_conn_exec(c, sql, err) \
    mg_conn_exec_at((c), (sql), __FILE__, __LINE__, (err))

/* ---- transactions ----------------------------------------------------- */

/* Begin, commit or roll back a transaction on c. A statement that fails
 * inside one marks it failed on every dialect (as PostgreSQL does): later
 * statements return MG_ESTATE until mg_conn_rollback or mg_conn_rollback_to
 * a savepoint taken before the failure, and mg_conn_commit rolls back and
 * returns MG_EDB "transaction rolled back: <the database's message>".
 * Errors: MG_ESTATE (begin inside a transaction, commit/rollback outside
 * one), MG_EDB. Rolling back outside a transaction is a no-op. */
MG_EXTERN
int mg_conn_begin_at(mg_conn *c, const char *file, int line, mg_error *err);
MG_EXTERN
int mg_conn_commit_at(mg_conn *c, const char *file, int line, mg_error *err);
MG_EXTERN
int mg_conn_rollback_at(mg_conn *c, const char *file, int line,
                        mg_error *err);
#define mg_conn_begin(c, err) mg_conn_begin_at((c), __FILE__, __LINE__, (err))
#define mg_conn_commit(c, err) \
    mg_conn_commit_at((c), __FILE__, __LINE__, (err))
#define mg_conn_rollback(c, err) \
    mg_conn_rollback_at((c), __FILE__, __LINE__, (err))

/* Savepoints inside a transaction, by name (quoted as an identifier).
 * rollback_to undoes everything since the savepoint, keeps it, and clears
 * a failure that happened after it. Errors: MG_ESTATE (no transaction),
 * MG_EDB (e.g. unknown savepoint). */
MG_EXTERN
int mg_conn_savepoint_at(mg_conn *c, const char *name, const char *file,
                         int line, mg_error *err);
MG_EXTERN
int mg_conn_release_savepoint_at(mg_conn *c, const char *name,
                                 const char *file, int line, mg_error *err);
MG_EXTERN
int mg_conn_rollback_to_at(mg_conn *c, const char *name, const char *file,
                           int line, mg_error *err);
#define mg_conn_savepoint(c, name, err) \
    mg_conn_savepoint_at((c), (name), __FILE__, __LINE__, (err))
#define mg_conn_release_savepoint(c, name, err) \
    mg_conn_release_savepoint_at((c), (name), __FILE__, __LINE__, (err))
#define mg_conn_rollback_to(c, name, err) \
    mg_conn_rollback_to_at((c), (name), __FILE__, __LINE__, (err))

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

/* ---- statement builders ----------------------------------------------- */

/* Comparison operators of mg_expr_cmp. */
typedef enum mg_cmp_op {
    MG_EQ, MG_NE, MG_LT, MG_LE, MG_GT, MG_GE, MG_LIKE
} mg_cmp_op;

/* Conditions. A column is "name" or "table.name". Constructors return a
 * new node, NULL when out of memory; mg_expr_and/or/not take ownership of
 * their operands (also when one is NULL, which makes the result NULL), and
 * a builder takes ownership of what it is given. The value's text/blob
 * are copied. */
MG_EXTERN
mg_expr *mg_expr_cmp(const char *column, mg_cmp_op op, mg_value v);
MG_EXTERN
mg_expr *mg_expr_is_null(const char *column);
MG_EXTERN
mg_expr *mg_expr_and(mg_expr *a, mg_expr *b);
MG_EXTERN
mg_expr *mg_expr_or(mg_expr *a, mg_expr *b);
MG_EXTERN
mg_expr *mg_expr_not(mg_expr *a);
MG_EXTERN
void     mg_expr_free(mg_expr *e);

/* Builders over md (borrowed: it must outlive the builder) for the table
 * named. Errors: MG_ENOTFOUND (no such table), MG_ENOMEM. */
MG_EXTERN
int mg_select_new(mg_builder **out, const mg_metadata *md,
                  const char *table, mg_error *err);
MG_EXTERN
int mg_insert_new(mg_builder **out, const mg_metadata *md,
                  const char *table, mg_error *err);
MG_EXTERN
int mg_update_new(mg_builder **out, const mg_metadata *md,
                  const char *table, mg_error *err);
MG_EXTERN
int mg_delete_new(mg_builder **out, const mg_metadata *md,
                  const char *table, mg_error *err);
MG_EXTERN
void mg_builder_free(mg_builder *b);

/* Builder parts. Mistakes (unknown column, a part the statement kind
 * lacks, no foreign key to join along) are reported by compile; these
 * return 0 or MG_ENOMEM/MG_EUSAGE. */
/* SELECT: add a result column (default: every column of the table). */
MG_EXTERN
int mg_select_column(mg_builder *b, const char *column);
/* SELECT: join table along the one foreign key between it and a table
 * already in the query (either direction); flags MG_JOIN_LEFT for a LEFT
 * JOIN. */
#define MG_JOIN_LEFT 0x1u
MG_EXTERN
int mg_select_join(mg_builder *b, const char *table, unsigned int flags);
MG_EXTERN
int mg_select_order_by(mg_builder *b, const char *column, int descending);
/* SELECT: LIMIT (< 0 none) and OFFSET (<= 0 none), bound as parameters. */
MG_EXTERN
int mg_select_limit(mg_builder *b, int64_t limit, int64_t offset);
/* SELECT, UPDATE, DELETE: add a condition (ANDed with earlier ones). */
MG_EXTERN
int mg_builder_where(mg_builder *b, mg_expr *cond);
/* INSERT, UPDATE: a column's value. An INSERT into a table with an
 * autoincrement key not given asks for it (RETURNING where the dialect
 * has it), so mg_stmt_last_id reads it after execution. */
MG_EXTERN
int mg_builder_set(mg_builder *b, const char *column, mg_value v);

/* Compile b for dialect d into sql (appended), placeholders as d spells
 * them and identifiers quoted by d; the values to bind, in order, are then
 * mg_builder_param(b, 0..count-1) (borrowed, valid until b changes).
 * Errors: MG_ENOTFOUND (unknown column or table), MG_EAMBIGUOUS (a column
 * several joined tables have; several foreign keys to join along),
 * MG_EUSAGE (a part this kind lacks, an INSERT/UPDATE without values),
 * MG_ENOMEM. */
MG_EXTERN
int mg_builder_compile(mg_builder *b, const mg_dialect *d, mg_buf *sql,
                       mg_error *err);
MG_EXTERN
size_t          mg_builder_param_count(const mg_builder *b);
MG_EXTERN
const mg_value *mg_builder_param(const mg_builder *b, size_t i);

/* Compile b for c's dialect, prepare, bind and execute it; *out is the
 * executed statement (read its rows, changes or last id; free it).
 * Errors: those of compile and mg_stmt_execute. */
MG_EXTERN
int mg_builder_execute_at(mg_stmt **out, mg_conn *c, mg_builder *b,
                          const char *file, int line, mg_error *err);
#define mg_builder_execute(out, c, b, err) \
    mg_builder_execute_at((out), (c), (b), __FILE__, __LINE__, (err))

/* ---- schema ----------------------------------------------------------- */

/* Create every table of md (with its indexes) in dependency order, foreign
 * keys of cycles added afterwards; with checkfirst, tables that exist are
 * left alone. Inside one transaction where DDL is transactional and c is
 * not in one already. Errors: MG_EDB, MG_EUSAGE, MG_ENOMEM. */
MG_EXTERN
int mg_create_all_at(mg_conn *c, const mg_metadata *md, int checkfirst,
                     const char *file, int line, mg_error *err);
/* Drop every table of md, children first; with checkfirst, tables that do
 * not exist are skipped. */
MG_EXTERN
int mg_drop_all_at(mg_conn *c, const mg_metadata *md, int checkfirst,
                   const char *file, int line, mg_error *err);
#define mg_create_all(c, md, checkfirst, err) \
    mg_create_all_at((c), (md), (checkfirst), __FILE__, __LINE__, (err))
#define mg_drop_all(c, md, checkfirst, err) \
    mg_drop_all_at((c), (md), (checkfirst), __FILE__, __LINE__, (err))

/* *out = 1 when c's database (current schema) has a table named name.
 * Errors: MG_EDB. */
MG_EXTERN
int mg_conn_table_exists(mg_conn *c, const char *name, int *out,
                         mg_error *err);

MG_END_DECL
#endif
