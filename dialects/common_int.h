/* common_int.h - DDL and reflection pieces the dialects share
 * (dialects/common.c): identifier quoting and lists, the FOREIGN KEY
 * target clause, the CREATE TABLE skeleton, a finished statement, the
 * ignore list. Each dialect passes what differs (its quoting, its column
 * and constraint definitions); nothing here names a dialect. Internal to
 * dialects/, not installed. */
#ifndef MG_DIALECT_COMMON_INT_H
#define MG_DIALECT_COMMON_INT_H

#include "mg_dialect.h"

/* How a dialect quotes an identifier into b. */
typedef void (*mg_dialect__quote_fn)(mg_buf *b, const char *ident);

/* ident into b between two q, every q inside doubled. */
void mg_dialect__quote(mg_buf *b, const char *ident, char q);

/* The names of l quoted with qi, separated by ", ". */
void mg_dialect__ident_list(mg_buf *b, const mg_strlist *l,
                            mg_dialect__quote_fn qi);

/* "REFERENCES t (c, ...)" with ON DELETE / ON UPDATE where the action is
 * not NO ACTION, then, when deferrable is 1, DEFERRABLE [INITIALLY
 * DEFERRED] as k says (a dialect without it passes 0). */
void mg_dialect__fk_target(mg_buf *b, const mg_constraint *k,
                           mg_dialect__quote_fn qi, int deferrable);

/* 1 when the foreign key k of op's new table is one of op's deferred_fks
 * (added by ALTER after every table exists): by pointer or by name. */
int mg_dialect__is_deferred(const mg_op *op, const mg_constraint *k);

/* What differs in a dialect's CREATE TABLE: its quoting, a column's
 * definition, whether a constraint is left out of the table (skip may be
 * NULL: none is), and a constraint's definition. ctx is passed back. */
typedef struct mg_dialect__table_ddl {
    mg_dialect__quote_fn qi;
    void (*column)(mg_buf *b, const mg_table *t, const mg_column *c,
                   void *ctx);
    int  (*skip)(const mg_table *t, const mg_constraint *k, void *ctx);
    void (*constraint)(mg_buf *b, const mg_constraint *k);
    void *ctx;
} mg_dialect__table_ddl;

/* A skip for mg_dialect__table_ddl whose ctx is the CREATE TABLE op:
 * 1 for a foreign key that op adds afterwards (mg_dialect__is_deferred). */
int mg_dialect__skip_deferred(const mg_table *t, const mg_constraint *k,
                              void *op);

/* "CREATE TABLE [IF NOT EXISTS] name (\n    col,\n    ...,\n
 * constraint\n) options" for t under the given name, one item a line. */
void mg_dialect__create_table(mg_buf *b, const mg_table *t, const char *name,
                              int if_not_exists,
                              const mg_dialect__table_ddl *how);

/* The index of op->new_table that stays (op->old_table has it too) and
 * is over op->new_column (a key part or its predicate names it), the
 * i-th or later: its position, or SIZE_MAX when there is none. A column
 * dropped and added again takes such an index with it. */
size_t mg_dialect__index_over_column(const mg_op *op, size_t i);

/* The same for the constraints of op->new_table: one that stays and has
 * op->new_column among its columns or names it in its CHECK. */
size_t mg_dialect__constraint_over_column(const mg_op *op, size_t i);

/* b's text added to out as one statement and b emptied.
 * Errors: MG_ENOMEM (b ran out of memory too). */
int mg_dialect__emit(mg_strlist *out, mg_buf *b, mg_error *err);

/* MG_OP_RENAME_TABLE ("ALTER TABLE old RENAME TO new") or
 * MG_OP_RENAME_COLUMN ("ALTER TABLE t RENAME COLUMN old TO new"), names
 * quoted with qi, added to out. Errors: MG_ENOMEM. */
int mg_dialect__render_rename(mg_strlist *out, const mg_op *op,
                              mg_dialect__quote_fn qi, mg_error *err);
/* The *_OBJECT ops (mg_op.h) as most dialects write them: CREATE is the
 * object's definition as it is; DROP is "DROP <KIND> name" (a trigger
 * "DROP TRIGGER name", with " ON table" when on_table is set; a comment
 * "COMMENT ON <target> IS NULL"); REPLACE is the DROP of the old object
 * then the CREATE of the new one; a tie (MG_OBJECT_TIE) is nothing.
 * Names quoted with qi, schema-qualified when the object has a schema.
 * Errors: MG_ENOMEM, MG_EUSAGE (not an
 * object op). */
int mg_dialect__render_object(mg_strlist *out, const mg_op *op,
                              mg_dialect__quote_fn qi, int on_table,
                              mg_error *err);
/* "DROP <KIND> [schema.]name" of o into b (see above). */
void mg_dialect__drop_object(mg_buf *b, const mg_object *o,
                             mg_dialect__quote_fn qi, int on_table);

/* 1 when table is named in ignore (case-insensitively; ignore may be
 * NULL). */
int mg_dialect__ignored(const mg_strlist *ignore, const char *table);

/* "(p)" after TIME/TIMESTAMP/DATETIME when t says its fractional-second
 * precision (t->scale >= 0); omit_zero: not "(0)", the dialect's
 * default. */
void mg_dialect__time_precision(mg_buf *b, const mg_type *t, int omit_zero);

/* The statements creating table t without its foreign keys (all of them
 * deferred), and with indexes its indexes, by the dialect's render_op: a
 * copy of t made where the tables it refers to are not
 * (catalog.server_form, server_tables). Errors: MG_ENOMEM, render_op's. */
int mg_dialect__table_alone(mg_strlist *out, const mg_table *t, int indexes,
                            int (*render_op)(mg_strlist *, const mg_op *,
                                             mg_error *));

#endif
