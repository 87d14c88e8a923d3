/* model_column_int.h - the clauses of a column definition that the
 * model parser (lib/model_parse.c) reads through lib/model_column.c: the
 * type text, DEFAULT, identity and generated columns, MariaDB's column
 * attributes. Each reads from the current token of p and reports errors
 * as the lexer does. Internal to the library. */
#ifndef MG_MODEL_COLUMN_INT_H
#define MG_MODEL_COLUMN_INT_H

#include "model_lex_int.h"

/* A column's type into out: words, an optional parenthesised group, array
 * suffixes; stops at a constraint keyword, ',', ')' or (in a model file)
 * a word no type has. */
int mg_model_column__parse_type(parser *p, mg_buf *out);
/* DEFAULT value into c, kept as written; DEFAULT NULL is no default. */
int mg_model_column__parse_default(parser *p, mg_column *c);
/* GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY [(...)]: c auto-generated.
 * *done is 0 when the clause is a generated column's AS (expr) instead. */
int mg_model_column__parse_identity(parser *p, mg_column *c, int *done);
/* A generated column's AS (expr) [STORED|VIRTUAL|PERSISTENT] into c;
 * VIRTUAL refused where the model's dialect lacks it. */
int mg_model_column__parse_generated(parser *p, mg_column *c);
/* One MariaDB column attribute into c; *done: 1 when the current token
 * starts none. */
int mg_model_column__parse_attribute(parser *p, mg_column *c, int *done);

#endif
