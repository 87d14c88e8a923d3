/* mg_transaction.h - SQL text on a pooled connection: statements without
 * parameters, transactions and savepoints, with PostgreSQL's rule on every
 * dialect (a failure marks the transaction until it is rolled back).
 * Every call is a macro over an `_at` function that adds the caller's
 * __FILE__ and __LINE__, which the query hook and echo report. */
#ifndef MG_TRANSACTION_H
#define MG_TRANSACTION_H

#include "mg_common.h"
#include "mg_pool.h"

MG_BEGIN_DECL

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

MG_END_DECL
#endif
