/* mg_split.h - splitting SQL text into statements, each with the line on
 * which it starts, across quotes, comments, dollar quotes and the bodies of
 * triggers and routines. */
#ifndef MG_SPLIT_H
#define MG_SPLIT_H

#include "mg_common.h"

MG_BEGIN_DECL

/* Dialect features the splitter honours (a dialect's split_flags). */
#define MG_SPLIT_DOLLAR_QUOTES    0x01u /* PostgreSQL $$..$$ and $tag$..$tag$ */
#define MG_SPLIT_E_STRINGS        0x02u /* PostgreSQL E'..\'..' */
#define MG_SPLIT_HASH_COMMENTS    0x04u /* MariaDB # to end of line */
#define MG_SPLIT_BACKSLASH_ESCAPES 0x08u /* MariaDB '\'' and "\"" in strings */
#define MG_SPLIT_DELIMITER        0x10u /* MariaDB client DELIMITER lines */

typedef struct mg_stmtlist mg_stmtlist;

/* Split sql (len bytes, need not be NUL-terminated) into statements.
 * first_line is the file line of sql's first byte. Statements end at ';'
 * outside quotes, comments and BEGIN...END bodies of CREATE TRIGGER /
 * PROCEDURE / FUNCTION / EVENT (where CASE...END nests), or at the current
 * DELIMITER with MG_SPLIT_DELIMITER. A statement's text excludes its
 * terminator and surrounding white space and leading comments; its line is
 * the line of its first character. Statements that are only comments or
 * white space are dropped; a last statement without terminator is kept.
 * Errors: MG_EPARSE for an unterminated quote, quoted identifier, block
 * comment or dollar quote, with err->line set to where it began and a
 * message such as "unterminated string literal". */
MG_EXTERN
int mg_split(mg_stmtlist **out, const char *sql, size_t len, int first_line,
             unsigned int flags, mg_error *err);
MG_EXTERN
void mg_stmtlist_free(mg_stmtlist *list);

MG_EXTERN
size_t      mg_stmtlist_count(const mg_stmtlist *list);
MG_EXTERN
const char *mg_stmtlist_sql(const mg_stmtlist *list, size_t i);   /* NUL-terminated */
MG_EXTERN
int         mg_stmtlist_line(const mg_stmtlist *list, size_t i);

/* 1 when a statement is a block (trigger, procedure...) whose text contains
 * ';', so that a client needs a DELIMITER around it. */
MG_EXTERN
int         mg_stmtlist_is_block(const mg_stmtlist *list, size_t i);

MG_END_DECL
#endif
