/* mg_compare.h - autogenerate: the operations that turn the schema a
 * database has into the schema the models want. */
#ifndef MG_COMPARE_H
#define MG_COMPARE_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_op.h"
#include "mg_engine.h"

MG_BEGIN_DECL

/* Compare have (the database, or any source) with want, for dialect d,
 * and produce the upgrade operations. Compared: tables, columns, types
 * (equal when d renders them the same), nullability, server defaults
 * (normalised text), primary keys (names ignored where d fixes them),
 * unique constraints, foreign keys with actions, check constraints
 * (normalised text), indexes (normalised expressions and predicates).
 * Constraints and indexes are matched by name, then by definition.
 * Order: drops of indexes and constraints, tables created parents first
 * (cycle FKs deferred and added after), column adds and alters, new
 * constraints and indexes, column drops, tables dropped children first.
 * When d cannot ALTER a change (no MG_CAP_ALTER_COLUMN), that table's
 * changes become one MG_OP_REBUILD_TABLE. Tables named in `ignore` (the
 * version tables) are left out on both sides. Errors: MG_ENOMEM. */
MG_EXTERN
int mg_compare(mg_oplist **out, const mg_metadata *have,
               const mg_metadata *want, const mg_dialect *d,
               const mg_strlist *ignore, mg_error *err);

/* Renames that keep data: mg_compare first applies the wanted schema's
 * renamed_from annotations (the model's "-- migrate: renamed from OLD")
 * whose old name have still has and whose new name it lacks, as
 * MG_OP_RENAME_TABLE / MG_OP_RENAME_COLUMN at the head of the list; an
 * annotation whose old name is gone does nothing.
 *
 * The hints for ops that look like an unannotated rename, one line each
 * appended to out: a column added to a table from which one of the same
 * type is dropped ("t.b is added and t.a dropped, of the same type: if
 * it is a rename, write '-- migrate: renamed from a' on the line of
 * column b in the model to keep the data"), a table added with the same
 * columns as one dropped. Errors: MG_ENOMEM. */
MG_EXTERN
int mg_compare_rename_hints(mg_strlist *out, const mg_oplist *ops,
                            mg_error *err);

/* Normalised text of a SQL expression (default, CHECK, index expression):
 * white space collapsed, keywords and identifiers lowercased outside
 * quotes, redundant outer parentheses removed, quoted identifiers
 * unquoted when plain. Used so equivalent spellings compare equal. */
MG_EXTERN
void mg_normalize_expr(mg_buf *out, const char *expr);

MG_END_DECL
#endif
