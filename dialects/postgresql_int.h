/* postgresql_int.h - the PostgreSQL dialect's schema work
 * (dialects/postgresql_reflect.c, dialects/postgresql_ddl.c, and the
 * scratch databases in dialects/postgresql.c) that dialects/postgresql.c
 * puts into its dialect table, and the helpers those files share. The
 * connection is a PGconn *. */
#ifndef MG_POSTGRESQL_INT_H
#define MG_POSTGRESQL_INT_H

#include "mg_dialect.h"

/* Reflect the current schema of conn (a PGconn *; current_schema(), which
 * a URL's ?schema= sets) into md, empty on entry: ordinary and partitioned
 * tables (not partitions) with their columns, primary keys, UNIQUE,
 * FOREIGN KEY and CHECK constraints, and the indexes that back no
 * constraint, the schema objects (mg_pg__inspect_objects) and what is not
 * managed; tables named in ignore left out. Six catalog queries
 * whatever the schema's size. Errors: MG_EDB, MG_ENOMEM. */
extern int mg_pg__inspect(void *conn, mg_metadata *md,
                          const mg_strlist *ignore, mg_error *err);

/* SQL condition on pg_namespace n: n is one of the other schemas whose
 * objects are managed (not public, not a system or an extension's one). */
#define MG_PG__OTHER_NS \
    "(n.nspname <> 'public' AND n.nspname <> 'information_schema' " \
    "AND n.nspname !~ '^pg_' AND NOT EXISTS (SELECT 1 " \
    "FROM pg_catalog.pg_depend e WHERE e.classid = " \
    "'pg_catalog.pg_namespace'::pg_catalog.regclass " \
    "AND e.objid = n.oid AND e.deptype = 'e'))"

/* The schema objects (postgresql_objects.c) of conn's current schema and
 * of the other schemas it manages (not public, not a system or an
 * extension's one) into md, each with its definition and key, in ONE
 * catalog query; the triggers and comments of tables named in ignore, and
 * the sequences of serial columns, left out. Errors: MG_EDB, MG_ENOMEM. */
extern int mg_pg__inspect_objects(void *conn, mg_metadata *md,
                                  const mg_strlist *ignore, mg_error *err);

/* catalog.server_form: the key of each object of md set to the server's
 * form of it (created, with md's tables, in a scratch schema first on the
 * search path, or in a schema of its own made anew, in a transaction
 * rolled back); an object the server refuses keeps no key. Errors:
 * MG_EDB. */
extern int mg_pg__server_form(void *conn, mg_metadata *md, mg_error *err);

/* catalog.server_tables: the tables of md (no foreign keys) made in a
 * scratch schema first on the search path in a transaction rolled back,
 * and reflected from there into out (mg_pg__inspect); a table the server
 * refuses is left out. Errors: MG_EDB only when conn is unusable,
 * MG_ENOMEM. */
extern int mg_pg__server_tables(void *conn, const mg_metadata *md,
                                mg_metadata *out, mg_error *err);

/* The objects query's columns (postgresql_objects.c), and what
 * postgresql_form.c reads its rows with: a column's value or NULL; the
 * kind a row's code stands for; 1 when row i is left out (a serial
 * column's sequence, what belongs to an ignored table); row i added to md
 * as an object with its key (MG_ENOMEM); the query itself for schema
 * (NULL: the current one and the other managed ones; MG_EDB in err). */
enum { OB_KIND, OB_SCHEMA, OB_NAME, OB_TABLE, OB_SIG, OB_DEF, OB_X, OB_Y,
       OB_Z, OB_QUAL };
struct pg_conn;
struct pg_result;
extern const char *mg_pg__val(const struct pg_result *r, int row, int col);
extern mg_object_kind mg_pg__object_kind_of(char code);
extern int mg_pg__object_left_out(const struct pg_result *r, int i,
                                  const mg_strlist *ignore);
extern int mg_pg__add_object_row(mg_metadata *md,
                                 const struct pg_result *r, int i);
extern struct pg_result *mg_pg__objects_query(struct pg_conn *pg,
                                             const char *schema,
                                             mg_error *err);

/* catalog.object_key: an enum's labels; else mg_object_key's. */
extern void mg_pg__object_key(mg_buf *out, const mg_object *o);

/* Scanners of object definitions (postgresql_objects.c), shared with
 * postgresql_objects_ddl.c: 1 when word w starts at s (any case, no
 * identifier character after it); the end of the literal ('x', E'x') or
 * quoted name at s, s itself when none starts there; the top-level word w
 * in s (outside literals and quoted names), or NULL; an enum definition's
 * labels, in order, into out (MG_ENOMEM). */
extern int mg_pg__word_at(const char *s, const char *w);
extern const char *mg_pg__skip_quoted(const char *s);
extern const char *mg_pg__find_word(const char *s, const char *w);
extern int mg_pg__enum_labels(mg_strlist *out, const char *def);

/* The statements of a *_OBJECT op (mg_pg__render_op's share). Errors:
 * MG_EUSAGE (an op missing its objects), MG_ENOMEM. */
extern int mg_pg__render_object_op(mg_strlist *out, const mg_op *op,
                                   mg_error *err);

/* The PostgreSQL spelling of a type (DESIGN.md section 2): "INTEGER",
 * "VARCHAR(50)", "JSONB", "BYTEA"; MG_TYPE_OTHER verbatim. */
extern void mg_pg__render_type(mg_buf *b, const mg_type *t);

/* The statements of op, appended to out without terminators. Errors:
 * MG_EUSAGE (MG_OP_REBUILD_TABLE, which PostgreSQL never needs; an op
 * missing what its kind reads), MG_ENOMEM. */
extern int mg_pg__render_op(mg_strlist *out, const mg_op *op,
                            mg_error *err);

/* The comparable form of a default already through mg_normalize_expr:
 * the casts the catalog adds removed ("'x'::character varying" is "'x'"),
 * now() spelt current_timestamp, numbers (bare or quoted) in one
 * spelling, and TIME/TIMESTAMP, BOOLEAN and JSON literals in the form
 * PostgreSQL stores them. */
extern void mg_pg__normalize_default(mg_buf *out, const mg_column *col,
                                     const char *normalized);

/* Expression text as the catalog prints it (pg_get_constraintdef,
 * pg_get_indexdef, pg_get_expr in pretty mode) with the casts PostgreSQL
 * adds removed and "x = ANY (ARRAY[a, b])" written "x IN (a, b)", so it
 * compares equal to what a model file says. Exposed for the tests. */
extern void mg_pg__uncast(mg_buf *out, const char *expr);

/* CREATE DATABASE "migrate_scratch_<pid>_<host>_<time>_<n>"
 * (mg_dialect_scratch_name) on conn's server, after dropping the ones
 * killed runs left (mg_dialect_scratch_stale), and its URL (malloc'd) in
 * *url_out: url's user, password, host, port and
 * parameters (less ?schema=, which the new database does not have).
 * Errors: MG_EDB, MG_ENOMEM. */
extern int mg_pg__scratch_create(void *conn, const mg_url *url,
                                 char **url_out, mg_error *err);

/* url with its database replaced by db and ?schema= left out, every part
 * percent-encoded, into b (what scratch.create returns). */
extern void mg_pg__url_for_database(mg_buf *b, const mg_url *url,
                                    const char *db);

/* DROP DATABASE IF EXISTS ... WITH (FORCE) for a URL scratch.create
 * made. Errors: MG_EUSAGE (not a scratch database's URL), MG_EDB. */
extern int mg_pg__scratch_drop(void *conn, const char *scratch_url,
                               mg_error *err);

/* Shared by postgresql_reflect.c (where they are) and postgresql_ddl.c:
 * 1 for a character of an unquoted identifier or number; the end of the
 * string literal or quoted identifier whose quote is at s; the bracket
 * closing the '[' or '(' at s, or NULL; 1 when def is the nextval()
 * default SERIAL gives col of table. */
extern int mg_pg__word_char(char ch);
extern const char *mg_pg__skip_string(const char *s);
extern const char *mg_pg__skip_qident(const char *s);
extern const char *mg_pg__closing(const char *s);
extern int mg_pg__is_serial_default(const char *table, const char *col,
                                    const char *def);
/* ident quoted as an identifier, always, into b (postgresql_ddl.c). */
extern void mg_pg__qi(mg_buf *b, const char *ident);

#endif
