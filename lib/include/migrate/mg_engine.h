/* mg_engine.h - a database connection opened from a URL, through the
 * dialect that serves its scheme: run SQL, read rows, transactions, the
 * migration lock. */
#ifndef MG_ENGINE_H
#define MG_ENGINE_H

#include "mg_common.h"

MG_BEGIN_DECL

typedef struct mg_engine mg_engine;
typedef struct mg_rows mg_rows;
typedef struct mg_dialect mg_dialect;

/* Open flags. */
#define MG_OPEN_READONLY 0x1u /* create nothing; a missing SQLite file reads
                               * as an empty database */
#define MG_OPEN_READ_ONCE 0x2u /* opened to read the schema once (a
                               * scratch replay, a source): mg_inspect may
                               * let the connection go once it has the
                               * rows; after it, only mg_engine_free */

/* Open a connection for url. Errors: MG_EUSAGE (bad URL, dialect not
 * compiled in), MG_EDB (cannot connect; the message never holds the
 * password). */
MG_EXTERN
int  mg_engine_open(mg_engine **out, const char *url, unsigned int flags,
                    mg_error *err);
MG_EXTERN
void mg_engine_free(mg_engine *e);

MG_EXTERN
const mg_dialect *mg_engine_dialect(const mg_engine *e);
/* The URL with its password replaced by "***". */
MG_EXTERN
const char *mg_engine_url_redacted(const mg_engine *e);

/* Run one statement (or several, where the dialect allows), discarding
 * rows. Errors: MG_EDB with the database's message. */
MG_EXTERN
int mg_engine_exec(mg_engine *e, const char *sql, mg_error *err);
/* Run a query and read all its rows as text. Errors: MG_EDB. */
MG_EXTERN
int mg_engine_query(mg_rows **out, mg_engine *e, const char *sql,
                    mg_error *err);

MG_EXTERN
int mg_engine_begin(mg_engine *e, mg_error *err);
MG_EXTERN
int mg_engine_commit(mg_engine *e, mg_error *err);
MG_EXTERN
int mg_engine_rollback(mg_engine *e, mg_error *err);

/* Take and release the migration lock (advisory lock, GET_LOCK; nothing on
 * SQLite, whose write transactions serialise runs). timeout_s < 0 waits for
 * ever. Errors: MG_ELOCK, MG_EDB. */
MG_EXTERN
int mg_engine_lock(mg_engine *e, int timeout_s, mg_error *err);
MG_EXTERN
int mg_engine_unlock(mg_engine *e, mg_error *err);

/* *out = 1 when a table of that name exists. Errors: MG_EDB. */
MG_EXTERN
int mg_engine_table_exists(mg_engine *e, const char *name, int *out,
                           mg_error *err);

/* Rows read by mg_engine_query: text values, NULL for SQL NULL. */
MG_EXTERN
size_t      mg_rows_count(const mg_rows *r);
MG_EXTERN
size_t      mg_rows_columns(const mg_rows *r);
MG_EXTERN
const char *mg_rows_value(const mg_rows *r, size_t row, size_t col);
MG_EXTERN
void        mg_rows_free(mg_rows *r);

/* Dialects compiled in: lookup by name or URL scheme ("sqlite",
 * "postgresql", "postgres", "mariadb", "mysql"); NULL when absent. */
MG_EXTERN
const mg_dialect *mg_dialect_find(const char *name);
/* The i-th dialect compiled in (0, 1, ...), NULL past the last. */
MG_EXTERN
const mg_dialect *mg_dialect_at(size_t i);
/* The dialect used when nothing names one: SQLite, always compiled in. */
MG_EXTERN
const mg_dialect *mg_dialect_default(void);
MG_EXTERN
const char *mg_dialect_name(const mg_dialect *d);
/* 1 when a revision's "dialect:" header value names dialect d. */
MG_EXTERN
int mg_dialect_matches(const mg_dialect *d, const char *name);
/* Quote an identifier or a string literal for d into b. */
MG_EXTERN
void mg_dialect_quote_ident(const mg_dialect *d, mg_buf *b, const char *s);
MG_EXTERN
void mg_dialect_quote_literal(const mg_dialect *d, mg_buf *b, const char *s);

MG_END_DECL
#endif
