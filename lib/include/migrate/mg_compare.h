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

/* Normalised text of a SQL expression (default, CHECK, index expression):
 * white space collapsed, keywords and identifiers lowercased outside
 * quotes, redundant outer parentheses removed, quoted identifiers
 * unquoted when plain. Used so equivalent spellings compare equal. */
MG_EXTERN
void mg_normalize_expr(mg_buf *out, const char *expr);

MG_END_DECL
#endif
