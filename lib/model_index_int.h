/* model_index_int.h - the CREATE INDEX grammar (lib/model_index.c) as the
 * model parser (lib/model_parse.c) calls it. Internal to the library. */
#ifndef MG_MODEL_INDEX_INT_H
#define MG_MODEL_INDEX_INT_H

#include "model_lex_int.h"

/* One index element of table t into out: a column or an expression, with
 * [COLLATE x] and [ASC] dropped, [DESC] and [NULLS FIRST|LAST] kept. */
int mg_model_index__parse_item(parser *p, const mg_table *t,
                               mg_strlist *out);
/* CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table [USING method]
 * ( item, ... ) [WHERE expr]; the current token is INDEX. */
int mg_model_index__parse_create(parser *p, int unique);
/* CREATE FULLTEXT|SPATIAL INDEX (MySQL's); the current token is FULLTEXT
 * or SPATIAL, and INDEX follows. */
int mg_model_index__parse_special(parser *p);

#endif
