/* mariadb_int.h - the MariaDB dialect's schema work
 * (dialects/mariadb_reflect.c, dialects/mariadb_ddl.c, the statements in
 * dialects/mariadb_stmt.c, and the scratch databases in
 * dialects/mariadb.c) that dialects/mariadb.c puts into its
 * dialect table, and the helpers those files share. The connection is a
 * MYSQL *. The two reflection helpers after the scratch databases are
 * what inspect applies to each catalog value; they are declared here so
 * the unit tests can check them without a server. */
#ifndef MG_MARIADB_INT_H
#define MG_MARIADB_INT_H

#include "mg_dialect.h"

/* Reflect the current database (DATABASE()) of conn (a MYSQL *) into md,
 * which is empty on entry, leaving out tables named in ignore: five
 * information_schema queries whatever the schema's size (TABLES, COLUMNS,
 * STATISTICS, KEY_COLUMN_USAGE joined with REFERENTIAL_CONSTRAINTS,
 * CHECK_CONSTRAINTS), then mg_mariadb__inspect_objects. Errors: MG_EDB,
 * MG_ENOMEM. */
extern int mg_mariadb__inspect(void *conn, mg_metadata *md,
                               const mg_strlist *ignore, mg_error *err);

/* The statements (dialects/mariadb_stmt.c): the dialect table's stmt
 * members (sys/dialect.h), on a MYSQL * connection. */
extern int mg_mariadb__ping(void *conn);
extern int mg_mariadb__stmt_prepare(void **out, void *conn, const char *sql,
                                    size_t nparams, mg_error *err);
extern int mg_mariadb__stmt_execute(void *st, const mg_value *params,
                                    size_t nparams, mg_error *err);
extern int mg_mariadb__stmt_next(void *st, mg_error *err);
extern int mg_mariadb__stmt_column_count(void *st);
extern const char *mg_mariadb__stmt_column_name(void *st, int i);
extern int mg_mariadb__stmt_column(void *st, int i, mg_value *out);
extern int64_t mg_mariadb__stmt_changes(void *st);
extern int mg_mariadb__stmt_last_id(void *st, int64_t *out, mg_error *err);
extern void mg_mariadb__stmt_free(void *st);

/* The MariaDB spelling of a generic type (DESIGN.md section 2): INT,
 * BOOL, DATETIME, DECIMAL(p,s), FLOAT, LONGBLOB...; what MariaDB fills in
 * for a missing length or precision is written out (VARCHAR(255),
 * CHAR(1), DECIMAL(10,0)) so a model and its reflection render alike. */
extern void mg_mariadb__render_type(mg_buf *b, const mg_type *t);

/* The statements of op, appended to out without terminators. Errors:
 * MG_EUSAGE (a partial index, a table rebuild, an incomplete op),
 * MG_ENOMEM. */
extern int mg_mariadb__render_op(mg_strlist *out, const mg_op *op,
                                 mg_error *err);

/* One spelling for a default (already through mg_normalize_expr) of col:
 * current_timestamp() and now() are current_timestamp, TRUE/FALSE are
 * 1/0 and quoted or exponent numbers plain decimals on numeric columns,
 * a bare number on a string column a string. */
extern void mg_mariadb__normalize_default(mg_buf *out, const mg_column *col,
                                          const char *normalized);

/* CREATE DATABASE `migrate_scratch_<pid>_<host>_<time>_<n>` (the first
 * free n; mg_dialect_scratch_name) on conn, after dropping the ones killed
 * runs left (mg_dialect_scratch_stale), and its URL in *url_out (malloc'd): url's scheme, credentials, host,
 * port and parameters with the new database. Errors: MG_EDB, MG_ENOMEM. */
extern int mg_mariadb__scratch_create(void *conn, const mg_url *url,
                                      char **url_out, mg_error *err);

/* DROP DATABASE IF EXISTS the database of scratch_url, which must be one
 * scratch.create made (named migrate_scratch_...). Errors: MG_EDB,
 * MG_EUSAGE (not a scratch URL). */
extern int mg_mariadb__scratch_drop(void *conn, const char *scratch_url,
                                    mg_error *err);

/* The generic type of a column from its information_schema COLUMN_TYPE
 * ("int(11)", "tinyint(1)", "decimal(10,2)", "int(10) unsigned"...);
 * json is 1 when a json_valid() check guards the column. Integer display
 * widths are dropped; a type whose generic reading would not render back
 * as the same MariaDB type stays MG_TYPE_OTHER verbatim ("longtext",
 * "timestamp", "int unsigned"). Errors: MG_ENOMEM. */
extern int mg_mariadb__reflect_type(mg_type *out, const char *column_type,
                                    int json);

/* A reflected expression (COLUMN_DEFAULT, CHECK_CLAUSE) in the spelling a
 * model uses: MariaDB's ucase/lcase/octet_length/curdate()/curtime()/
 * current_timestamp()/infix MOD back to upper/lower/length/current_date/
 * current_time/current_timestamp/%, \' inside strings as '', and \n,
 * \r, \t, \" inside strings as the characters themselves. */
extern void mg_mariadb__reflect_expr(mg_buf *out, const char *expr);
/* s as a string literal: quote and backslash doubled (MariaDB reads a
 * backslash as an escape unless sql_mode says otherwise). */
extern void mg_mariadb__quote_literal(mg_buf *b, const char *s);
/* NCHAR's character set (utf8mb3 since MariaDB 10.6). */
#define MG_MARIADB_NATIONAL_CHARSET "utf8mb3"

/* The schema objects (dialects/mariadb_objects.c). The kinds MariaDB
 * has; inspect's objects: views, triggers, functions, procedures and
 * sequences into md's objects, events as not managed (triggers of tables
 * in ignore left out), in four catalog queries, five when there are
 * sequences (mysql: the server is MySQL); the statement of a *_OBJECT op
 * (CREATE OR REPLACE for a change); the key of an object without one
 * (its definition without DEFINER, default ALGORITHM and SQL SECURITY,
 * OR REPLACE, IF NOT EXISTS or a database before its name, normalised);
 * the server's form of the model's objects (catalog.server_form).
 * Errors: MG_EDB, MG_EUSAGE (render: another kind, an incomplete op),
 * MG_ENOMEM. */
#define MG_MARIADB_OBJECT_KINDS                                         \
    (MG_OBJ_BIT(MG_OBJ_VIEW) | MG_OBJ_BIT(MG_OBJ_TRIGGER) |             \
     MG_OBJ_BIT(MG_OBJ_FUNCTION) | MG_OBJ_BIT(MG_OBJ_PROCEDURE) |       \
     MG_OBJ_BIT(MG_OBJ_SEQUENCE))
extern int mg_mariadb__inspect_objects(void *conn, int mysql,
                                       mg_metadata *md,
                                       const mg_strlist *ignore,
                                       mg_error *err);
extern int mg_mariadb__render_object_op(mg_strlist *out, const mg_op *op,
                                        mg_error *err);
extern void mg_mariadb__object_key(mg_buf *out, const mg_object *o);
extern int mg_mariadb__server_form(void *conn, mg_metadata *md,
                                   mg_error *err);

/* A table's options (mg_table.options) as MariaDB reads them
 * (dialects/mariadb_tableopts.c): each empty when not stated. */
typedef struct mg_mariadb__topts {
    mg_buf engine;         /* as written */
    mg_buf charset;        /* lower case, utf8 as utf8mb3; when only a
                            * collation is stated, its first part */
    mg_buf collation;      /* lower case, utf8_... as utf8mb3_... */
    mg_buf comment;        /* the text, unquoted */
    int    charset_stated; /* the character set itself was written */
} mg_mariadb__topts;
/* Read options text s (NULL: none) into o (its buffers to be released):
 * ENGINE, [DEFAULT] CHARSET | CHARACTER SET, [DEFAULT] COLLATE and
 * COMMENT, '=' optional, in any case; the rest is passed over, and so is
 * everything from PARTITION on. */
extern void mg_mariadb__topts_parse(mg_mariadb__topts *o, const char *s);
extern void mg_mariadb__topts_release(mg_mariadb__topts *o);
/* catalog.table_changes (sys/dialect.h): MG_CHANGE_ENGINE, _CHARSET,
 * _COLLATION when both sides state them and they differ (any case),
 * _TABLE_COMMENT when the comments differ (none is ''), _LOSS when the
 * character set changes to one narrower and want has a column that
 * inherits it. */
extern unsigned int mg_mariadb__table_changes(const mg_table *have,
                                              const mg_table *want);
/* catalog.table_charset: the character set and collation t's options
 * state (the character set a collation implies), as topts_parse reads
 * them. */
extern void mg_mariadb__table_charset(const mg_table *t, mg_buf *charset,
                                      mg_buf *collation);
/* The statements of an MG_OP_ALTER_TABLE (op->changes), each an ALTER
 * TABLE of op->new_table: ENGINE=x; DEFAULT CHARSET=x [COLLATE=y] with a
 * MODIFY COLUMN restating each column that inherits them in the new
 * ones; COMMENT='x'. Errors: MG_ENOMEM. */
extern int mg_mariadb__alter_table_options(mg_strlist *out,
                                           const mg_op *op, mg_error *err);
/* The column as CREATE TABLE and MODIFY COLUMN write it, everything it
 * has restated (mariadb_ddl.c). */
extern void mg_mariadb__column_def(mg_buf *b, const mg_column *c,
                                   int autoincrement);
/* The value of the string literal at s (quoted with its first
 * character, ' or ", doubled quotes and backslash escapes inside)
 * appended to v; the end of the literal (mariadb_ddl.c). */
extern const char *mg_mariadb__literal_value(mg_buf *v, const char *s);
/* The token reader of mariadb_objects.c: the next token after s + i
 * (white space and comments passed over; a word, a quoted name or
 * string, or one character), *start and the return value its end
 * (*start == end at the end of s); 1 when the token s[i..e) is the word
 * w in any case. */
extern size_t mg_mariadb__next_token(const char *s, size_t i,
                                     size_t *start);
extern int mg_mariadb__is_word(const char *s, size_t i, size_t e,
                               const char *w);

/* Shared by mariadb_reflect.c (where they are, each with its contract),
 * mariadb_ddl.c and mariadb.c: ident quoted with backticks into b; 1 for
 * a character of an unquoted word; 1 when s is [A-Za-z_][A-Za-z0-9_$]*;
 * the end of the quoted token at s; 1 when the whole of s is one
 * parenthesised group; the plain decimal spelling of the unsigned number
 * s into out (0 when s is no number); 1 when s spells YEAR(4); MG_ENOMEM
 * set in err, returned. */
extern void mg_mariadb__qi(mg_buf *b, const char *ident);
extern int mg_mariadb__is_word_char(int c);
extern int mg_mariadb__is_plain_ident(const char *s);
extern const char *mg_mariadb__skip_quoted(const char *s);
extern int mg_mariadb__is_parenthesised(const char *s);
extern int mg_mariadb__canonical_number(mg_buf *out, const char *s);
extern int mg_mariadb__is_year4(const char *s);
extern int mg_mariadb__oom(mg_error *err);
/* 1 when the connection conn (a MYSQL *) is gone after a failed call,
 * not just refused a statement (mariadb_objects.c). */
extern int mg_mariadb__conn_lost(void *conn);
/* catalog.server_tables (mariadb_form.c): md's tables made in a scratch
 * database of their own and reflected from there into out. */
extern int mg_mariadb__server_tables(void *conn, const mg_metadata *md,
                                     mg_metadata *out, mg_error *err);

#endif
