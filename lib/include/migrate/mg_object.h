/* mg_object.h - the schema objects beyond tables (DESIGN.md section 2):
 * schemas, enum types, domains, sequences, functions, procedures, views,
 * materialized views, triggers and comments. Each is held as its kind,
 * its identity (schema, name, the table a trigger is on, a function's
 * argument types) and its definition: the whole CREATE statement, as a
 * model file writes it or as the database prints it, executable as it
 * is. Objects are compared by a key (the definition normalised, or the
 * server's own form of it where the server rewrites what it is given),
 * created from their definition and dropped by kind and identity.
 *
 * Objects live in an mg_metadata beside its tables, owned by it like
 * them: read the fields, build with mg_metadata_add_object and the
 * setters, never free them yourself. */
#ifndef MG_OBJECT_H
#define MG_OBJECT_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_engine.h"

MG_BEGIN_DECL

/* In creation order: the kinds before MG_OBJ_VIEW are created before the
 * tables (a column may use an enum, a domain, a sequence or a function),
 * the others after them; drops go the other way. */
typedef enum mg_object_kind {
    MG_OBJ_SCHEMA,      /* CREATE SCHEMA (PostgreSQL) */
    MG_OBJ_ENUM,        /* CREATE TYPE ... AS ENUM (PostgreSQL) */
    MG_OBJ_DOMAIN,      /* CREATE DOMAIN (PostgreSQL) */
    MG_OBJ_SEQUENCE,    /* CREATE SEQUENCE (PostgreSQL, MariaDB) */
    MG_OBJ_FUNCTION,    /* CREATE FUNCTION (PostgreSQL, MariaDB) */
    MG_OBJ_PROCEDURE,   /* CREATE PROCEDURE (PostgreSQL, MariaDB) */
    MG_OBJ_VIEW,        /* CREATE VIEW (all) */
    MG_OBJ_MATVIEW,     /* CREATE MATERIALIZED VIEW (PostgreSQL) */
    MG_OBJ_TRIGGER,     /* CREATE TRIGGER (all) */
    MG_OBJ_COMMENT,     /* COMMENT ON (PostgreSQL) */
    MG_OBJ_INDEX        /* CREATE INDEX on a materialized view
                         * (PostgreSQL; an index of a table is part of
                         * the table); managed with materialized views */
} mg_object_kind;
#define MG_OBJ_NKINDS 11
/* The bit of a kind in a set of kinds (catalog.object_kinds, manage=). */
#define MG_OBJ_BIT(kind) (1u << (unsigned int)(kind))
/* Kinds created before the tables. */
#define MG_OBJ_BEFORE_TABLES(kind) ((kind) < MG_OBJ_VIEW)

typedef struct mg_object {
    mg_object_kind kind;
    char       *schema;      /* the PostgreSQL schema it is in; NULL for
                              * the connection's default one */
    char       *name;        /* as written, unquoted. COMMENT: what it is
                              * on, "TABLE film", "COLUMN film.title" (the
                              * SQL words, names unquoted) */
    char       *table;       /* TRIGGER: the table or view it is on;
                              * INDEX: its materialized view;
                              * COMMENT: the table of a column comment;
                              * else NULL */
    char       *signature;   /* FUNCTION/PROCEDURE: the argument types as
                              * the dialect spells them, "integer, text"
                              * (PostgreSQL overloads by them); NULL for
                              * none or unknown */
    char       *definition;  /* the whole statement, without the final
                              * ';': executable as it is (for a COMMENT:
                              * COMMENT ON ... IS '...') */
    char       *key;         /* what is compared; NULL until set, then
                              * mg_object_key() normalises definition */
    mg_strlist  values;      /* ENUM: its labels, in order */
    mg_strlist  depends;     /* names of the tables, views and functions
                              * its definition reads, and for a trigger
                              * the triggers of its table it names
                              * (views, triggers: for the order of
                              * creation; dependent views and erd's
                              * dashed lines) */
    int         line;        /* model file line of the statement; 0 when
                              * reflected */
} mg_object;

/* Add an object (strings copied; schema, table may be NULL). *out (may
 * be NULL) gets it. Errors: MG_EEXISTS when an object of that kind and
 * identity (schema, name, table, signature NULL) is there already;
 * MG_ENOMEM. */
MG_EXTERN
int mg_metadata_add_object(mg_metadata *md, mg_object_kind kind,
                           const char *schema, const char *name,
                           const char *table, const char *definition,
                           mg_object **out, mg_error *err);
/* mg_metadata_add_object for a function or procedure with its
 * signature (NULL: unknown): PostgreSQL overloads a name, so another
 * routine of that name is refused (MG_EEXISTS) only when its signature
 * is the same (mg_object_same_signature). */
MG_EXTERN
int mg_metadata_add_routine(mg_metadata *md, mg_object_kind kind,
                            const char *schema, const char *name,
                            const char *signature, const char *definition,
                            mg_object **out, mg_error *err);
/* 1 when routine signatures a and b are the same: equal but for case and
 * white space; NULL (none written, or unknown) the same as NULL only. */
MG_EXTERN
int mg_object_same_signature(const char *a, const char *b);
MG_EXTERN
size_t           mg_metadata_object_count(const mg_metadata *md);
/* The i-th, in the order added. */
MG_EXTERN
const mg_object *mg_metadata_object_at(const mg_metadata *md, size_t i);
MG_EXTERN
mg_object       *mg_metadata_object_at_mut(mg_metadata *md, size_t i);
/* The object of that kind and identity (names case-insensitive; schema
 * and table NULL match NULL only; signature not compared), NULL when
 * absent. */
MG_EXTERN
const mg_object *mg_metadata_object(const mg_metadata *md,
                                    mg_object_kind kind, const char *schema,
                                    const char *name, const char *table);
/* Remove the i-th object (later ones move up). Errors: MG_ENOTFOUND. */
MG_EXTERN
int mg_metadata_remove_object(mg_metadata *md, size_t i);

/* Setters that copy (NULL allowed). Errors: MG_ENOMEM. */
MG_EXTERN
int mg_object_set_key(mg_object *o, const char *key);
MG_EXTERN
int mg_object_set_signature(mg_object *o, const char *signature);
MG_EXTERN
int mg_object_set_definition(mg_object *o, const char *definition);

/* "view", "materialized view", "sequence", "type", "domain", "trigger",
 * "function", "procedure", "schema", "comment": the word for a kind in
 * messages, findings and --json. */
MG_EXTERN
const char *mg_object_kind_name(mg_object_kind kind);
/* The SQL words after CREATE/DROP: "VIEW", "MATERIALIZED VIEW", "TYPE",
 * ... ("COMMENT" for comments). */
MG_EXTERN
const char *mg_object_kind_sql(mg_object_kind kind);
/* The kind named by word (mg_object_kind_name's words, plus the plurals
 * "views", "triggers"... as `manage =` writes them); -1 when none (an
 * index of a materialized view has no word: it goes with them). */
MG_EXTERN
int mg_object_kind_parse(const char *word);

/* "view v", "trigger t on table x", "function f(integer)",
 * "index i on materialized view mv",
 * "comment on COLUMN film.title": one line, names printable. */
MG_EXTERN
void mg_object_describe(mg_buf *b, const mg_object *o);

/* The key o is compared by: o->key when set, else its definition with
 * comments removed, white space collapsed, keywords and unquoted
 * identifiers lowercased, plain quoted identifiers unquoted, `OR REPLACE`
 * and `IF NOT EXISTS` dropped, written into b. */
MG_EXTERN
void mg_object_key(mg_buf *b, const mg_object *o);

/* Fill the depends of each object of md that has none: the names of
 * md's tables, views, materialized views and functions (and for a
 * trigger, the other triggers of its table) its definition
 * names as identifiers (outside strings and comments; a comment: those
 * its target names), itself left out, each once, in the order first
 * named. Errors: MG_ENOMEM. */
MG_EXTERN
int mg_metadata_resolve_depends(mg_metadata *md, mg_error *err);

/* The kinds a `manage =` setting names ("tables, views, triggers":
 * comma- or space-separated, mg_object_kind_parse's words; "tables" is
 * always managed and adds no bit; materialized views bring their
 * indexes) into *out. Errors: MG_EPARSE "invalid
 * manage item 'x' (...)". */
MG_EXTERN
int mg_object_kinds_parse(const char *manage, unsigned int *out,
                          mg_error *err);

/* Leave out of md the objects the project does not manage: a kind d lacks
 * (d NULL: none lacking), a kind manage does not name (NULL or empty:
 * every kind), a name that matches none of the include patterns (globs,
 * comma- or space-separated, case-insensitive; NULL or empty: all) or
 * matches an exclude pattern. With name_unmanaged (a reflected schema)
 * each object left out is named as not managed (mg_unmanaged). Errors:
 * MG_EPARSE (manage), MG_ENOMEM. */
MG_EXTERN
int mg_metadata_manage(mg_metadata *md, const mg_dialect *d,
                       const char *manage, const char *include,
                       const char *exclude, int name_unmanaged,
                       mg_error *err);

MG_END_DECL
#endif
