/* model_object_int.h - the schema-object statements of the model file
 * language (lib/model_object.c) as the statement dispatch of
 * lib/model_parse.c calls them. Internal to the library. */
#ifndef MG_MODEL_OBJECT_INT_H
#define MG_MODEL_OBJECT_INT_H

#include "model_lex_int.h"

/* 1 when the current token (the one after CREATE) starts an object
 * statement: OR REPLACE, a MariaDB ALGORITHM/DEFINER/SQL SECURITY
 * clause, or an object kind word. */
int mg_model_object__starts(parser *p, int *rc);
/* The rest of CREATE ... (the current token is the one after CREATE,
 * first is CREATE) as an object; ends at the terminator (left current).
 * Errors: MG_EPARSE (a kind the model's dialect lacks among them). */
int mg_model_object__parse_create(parser *p, const token *first);
/* 1 when the CREATE INDEX being read (the current token follows the
 * name after its ON, on) is on a materialized view of the model, not a
 * table: on names one, or is a schema followed by '.'. */
int mg_model_object__on_matview(parser *p, const char *on);
/* The rest of CREATE INDEX [name] ON on... (name NULL when not written;
 * on_at is on's token) as an index object of that materialized view;
 * ends at the terminator (left current). Errors: MG_EPARSE (no name, no
 * such materialized view). */
int mg_model_object__parse_index(parser *p, const char *name,
                                 const char *on, const token *on_at);
/* COMMENT ON ... IS '...'; the current token is COMMENT (= first). */
int mg_model_object__parse_comment(parser *p, const token *first);

#endif
