/* mg_builder.h - SELECT, INSERT, UPDATE and DELETE built over the tables of
 * an mg_metadata (SQLAlchemy Core's select()/insert()/...), compiled for a
 * dialect with every value a parameter, and run on a pooled connection. */
#ifndef MG_BUILDER_H
#define MG_BUILDER_H

#include <stdint.h>

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_metadata.h"
#include "mg_pool.h"
#include "mg_stmt.h"

MG_BEGIN_DECL

typedef struct mg_expr mg_expr;
typedef struct mg_builder mg_builder;

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

MG_END_DECL
#endif
