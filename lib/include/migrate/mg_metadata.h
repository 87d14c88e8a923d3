/* mg_metadata.h - the schema model (SQLAlchemy's MetaData): tables with
 * their columns, constraints and indexes, and the generic types of
 * DESIGN.md section 2. Both the model file and a reflected database become
 * one of these, so comparing them is comparing two values of one type.
 *
 * The container is opaque; the items are plain structs owned by it (like
 * git_index_entry): read their fields, build them with the mg_*_add calls,
 * never free them yourself. Names are stored as written, unquoted. */
#ifndef MG_METADATA_H
#define MG_METADATA_H

#include "mg_common.h"

MG_BEGIN_DECL

/* Generic types. MG_TYPE_OTHER carries a dialect-specific name verbatim. */
typedef enum mg_type_kind {
    MG_TYPE_INTEGER, MG_TYPE_BIGINT, MG_TYPE_SMALLINT,
    MG_TYPE_VARCHAR, MG_TYPE_CHAR, MG_TYPE_TEXT,
    MG_TYPE_BOOLEAN,
    MG_TYPE_DATE, MG_TYPE_TIME, MG_TYPE_TIMESTAMP,
    MG_TYPE_NUMERIC,
    MG_TYPE_REAL, MG_TYPE_DOUBLE,
    MG_TYPE_JSON, MG_TYPE_BLOB, MG_TYPE_UUID,
    MG_TYPE_DATETIME,   /* DESIGN 2: TIMESTAMP on PostgreSQL, else DATETIME */
    MG_TYPE_BYTES,      /* large binary: MariaDB's LONGBLOB */
    MG_TYPE_OTHER
} mg_type_kind;

typedef struct mg_type {
    mg_type_kind kind;
    int          length;     /* VARCHAR/CHAR n; 0 when absent */
    int          precision;  /* NUMERIC p; 0 when absent */
    int          scale;      /* NUMERIC s; -1 when absent */
    char        *name;       /* MG_TYPE_OTHER: the type as written
                              * (e.g. "INTERVAL", "varchar(20)[]"); a
                              * generic kind: the spelling as written when
                              * mg_type_format spells it otherwise
                              * ("NVARCHAR(40)", "int(11)"), kept for a
                              * dialect that stores declared types
                              * verbatim (SQLite), else NULL */
} mg_type;

/* Parse a type as written in a model file or a CREATE TABLE ("int",
 * "VARCHAR(50)", "DECIMAL(10, 2)", "DATETIME", "int4"...) into out
 * (out->name malloc'd for MG_TYPE_OTHER; release with mg_type_release).
 * Never fails except for memory: unknown names become MG_TYPE_OTHER; a
 * known one spelt otherwise than the generic form keeps its spelling in
 * out->name. */
MG_EXTERN
int  mg_type_parse(mg_type *out, const char *text);
MG_EXTERN
void mg_type_release(mg_type *t);
/* 1 when text spells a national type, NCHAR or NVARCHAR (with or
 * without a length; any case): CHAR/VARCHAR in the national character
 * set. */
MG_EXTERN
int  mg_type_is_national(const char *text);
MG_EXTERN
int  mg_type_copy(mg_type *out, const mg_type *in);
/* The generic spelling ("INTEGER", "VARCHAR(50)", "NUMERIC(10,2)") into b. */
MG_EXTERN
void mg_type_format(mg_buf *b, const mg_type *t);

/* Referential actions; MG_FK_NO_ACTION is the default when unspecified. */
typedef enum mg_fk_action {
    MG_FK_NO_ACTION = 0, MG_FK_RESTRICT, MG_FK_CASCADE, MG_FK_SET_NULL,
    MG_FK_SET_DEFAULT
} mg_fk_action;
/* "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT". */
MG_EXTERN
const char *mg_fk_action_sql(mg_fk_action a);

typedef struct mg_column {
    char    *name;
    mg_type  type;
    int      nullable;       /* 0 for NOT NULL (primary-key columns too) */
    char    *server_default; /* DEFAULT expression text, NULL for none */
    int      autoincrement;  /* auto-generated (DESIGN.md section 2): an
                              * INTEGER/BIGINT column declared PRIMARY KEY
                              * inline, or one that says so in its
                              * dialect's words (AUTOINCREMENT,
                              * AUTO_INCREMENT, SERIAL, GENERATED ... AS
                              * IDENTITY, DEFAULT nextval('seq'), the
                              * default then kept in server_default) */
    int      never_reuse;    /* AUTOINCREMENT (SQLite): the id of a deleted
                              * row is never given out again */
    int      position;       /* 0-based order in the table */
    int      identity_always; /* GENERATED ALWAYS AS IDENTITY: the key
                               * may not be given by an INSERT */
    int      serial;          /* SERIAL/BIGSERIAL/SMALLSERIAL: the key's
                               * values come from its own sequence,
                               * <table>_<column>_seq (PostgreSQL; the
                               * other dialects' auto key elsewhere) */
    /* Attributes of dialects that have them (MariaDB); NULL for none. */
    char    *charset;        /* CHARACTER SET x, when not the table's */
    char    *collation;      /* COLLATE x, when not the default one */
    char    *on_update;      /* ON UPDATE expr (CURRENT_TIMESTAMP) */
    char    *comment;        /* COMMENT 'text': the text, unquoted */
    int      national;       /* NCHAR/NVARCHAR: in the dialect's national
                              * character set (MariaDB's utf8mb3) */
    char    *renamed_from;   /* the model's "-- migrate: renamed from x"
                              * on the column's line, NULL for none */
    char    *generated;      /* GENERATED ALWAYS AS (expr): the expression
                              * text, NULL for a column that is stored as
                              * given */
    int      generated_stored; /* a generated column's STORED (MariaDB's
                                * PERSISTENT): kept in the row; 0 for
                                * VIRTUAL, computed when read */
} mg_column;

/* Which attribute mg_column_set_attribute sets. */
typedef enum mg_column_attribute {
    MG_ATTR_CHARSET, MG_ATTR_COLLATION, MG_ATTR_ON_UPDATE, MG_ATTR_COMMENT,
    MG_ATTR_GENERATED   /* the generated column's expression */
} mg_column_attribute;

typedef enum mg_constraint_kind {
    MG_CONSTRAINT_PRIMARY_KEY, MG_CONSTRAINT_UNIQUE,
    MG_CONSTRAINT_FOREIGN_KEY, MG_CONSTRAINT_CHECK
} mg_constraint_kind;

typedef struct mg_constraint {
    mg_constraint_kind kind;
    char        *name;         /* never NULL: unnamed ones get a
                                * conventional name (DESIGN.md 2) */
    int          named;        /* 1 when the name was written/reflected */
    mg_strlist   columns;      /* PK, UNIQUE, FK local columns */
    char        *ref_table;    /* FK */
    mg_strlist   ref_columns;  /* FK */
    mg_fk_action on_delete;    /* FK */
    mg_fk_action on_update;    /* FK */
    int          deferrable;   /* FK: 1 DEFERRABLE, 2 INITIALLY DEFERRED */
    char        *expression;   /* CHECK: the text inside CHECK ( ... ) */
    int          column_level; /* CHECK written on a column */
} mg_constraint;

typedef struct mg_index {
    char       *name;
    int         unique;
    mg_strlist  expressions;   /* column names, or expression text */
    char       *where;         /* partial index predicate, NULL for none */
    char       *method;        /* PostgreSQL USING method, NULL default */
} mg_index;

typedef struct mg_table {
    char           *name;
    mg_column     **columns;
    size_t          ncolumns;
    mg_constraint **constraints;  /* primary key first when there is one */
    size_t          nconstraints;
    mg_index      **indexes;
    size_t          nindexes;
    int             if_not_exists;
    mg_strlist      triggers;     /* reflected CREATE TRIGGER statements,
                                   * recreated after a table rebuild; not
                                   * compared */
    char           *options;      /* text after the closing parenthesis
                                   * (SQLite "WITHOUT ROWID", MariaDB
                                   * "ENGINE=InnoDB"), NULL for none */
    char           *renamed_from; /* the model's "-- migrate: renamed
                                   * from x" on the table's line, NULL
                                   * for none */
} mg_table;

typedef struct mg_metadata mg_metadata;

MG_EXTERN
int  mg_metadata_new(mg_metadata **out, mg_error *err);
MG_EXTERN
void mg_metadata_free(mg_metadata *md);

/* Tables in the order they were added. */
MG_EXTERN
size_t          mg_metadata_table_count(const mg_metadata *md);
MG_EXTERN
const mg_table *mg_metadata_table_at(const mg_metadata *md, size_t i);
/* Lookup by name (exact, then case-insensitive); NULL when absent. */
MG_EXTERN
const mg_table *mg_metadata_table(const mg_metadata *md, const char *name);

/* Builders. Each returns the new item (owned by md) or NULL on allocation
 * failure; strings are copied. Errors: MG_EEXISTS via mg_metadata_add_table
 * when the name is taken. */
MG_EXTERN
int mg_metadata_add_table(mg_metadata *md, const char *name, mg_table **out,
                          mg_error *err);
MG_EXTERN
mg_column     *mg_table_add_column(mg_table *t, const char *name,
                                   const mg_type *type);
MG_EXTERN
mg_constraint *mg_table_add_constraint(mg_table *t, mg_constraint_kind kind,
                                       const char *name);
MG_EXTERN
mg_index      *mg_table_add_index(mg_table *t, const char *name, int unique);
/* Remove every table (keeps md). */
MG_EXTERN
void mg_metadata_clear(mg_metadata *md);
/* Drop one table (and free its items). Returns 0, or MG_ENOTFOUND. */
MG_EXTERN
int mg_metadata_remove_table(mg_metadata *md, const char *name);

/* Item setters that copy strings (NULL allowed). */
MG_EXTERN
int mg_column_set_default(mg_column *c, const char *expr);
MG_EXTERN
int mg_column_set_attribute(mg_column *c, mg_column_attribute a,
                            const char *text);
/* c's attribute a (NULL for none). */
MG_EXTERN
const char *mg_column_attribute_text(const mg_column *c,
                                     mg_column_attribute a);
MG_EXTERN
int mg_constraint_set_ref(mg_constraint *k, const char *ref_table);
MG_EXTERN
int mg_constraint_set_expression(mg_constraint *k, const char *expr);
MG_EXTERN
int mg_index_set_where(mg_index *ix, const char *expr);
MG_EXTERN
int mg_index_set_method(mg_index *ix, const char *method);

/* Lookups inside a table; NULL when absent. Column names compare
 * case-insensitively (SQL identifiers do unless quoted; models and
 * databases here agree on case). */
MG_EXTERN
const mg_column     *mg_table_column(const mg_table *t, const char *name);
MG_EXTERN
const mg_constraint *mg_table_primary_key(const mg_table *t);
MG_EXTERN
const mg_constraint *mg_table_constraint(const mg_table *t, const char *name);
MG_EXTERN
const mg_index      *mg_table_index(const mg_table *t, const char *name);

/* Give every unnamed constraint and index its conventional name
 * (pk_%(table), uq_%(table)_%(column_0), fk_%(table)_%(column_0)_%(ref),
 * ck_<table>_<column> for a column CHECK, ck_<table>_<n> for the n-th
 * (1-based) table CHECK, ix_%(table)_%(column_0)). Auto-generation is
 * what the column itself says (mg_column.autoincrement): a key declared
 * only by a table constraint stays a plain column. */
MG_EXTERN
int mg_metadata_apply_conventions(mg_metadata *md, mg_error *err);

/* Rename table from (looked up as mg_metadata_table does) to to; nothing
 * else changes (foreign keys naming it keep the old name). Errors:
 * MG_ENOTFOUND, MG_EEXISTS (to is taken), MG_ENOMEM. */
MG_EXTERN
int mg_metadata_rename_table(mg_metadata *md, const char *from,
                             const char *to, mg_error *err);

/* Deep copy. */
MG_EXTERN
int mg_metadata_copy(mg_metadata **out, const mg_metadata *md,
                     mg_error *err);

/* Something the database holds that the model language does not express
 * (a view, a trigger, a function, a sequence of its own...): reflection
 * names each, so that inspect and diff can say it is not managed instead
 * of passing over it in silence. Never compared or rendered. Strings are
 * owned by the metadata. */
typedef struct mg_unmanaged {
    const char *kind;   /* "view", "trigger", "function", ... */
    const char *name;   /* as the catalog spells it */
    const char *table;  /* the table it belongs to (a trigger), or NULL */
} mg_unmanaged;

/* Record one (strings copied; table may be NULL). Errors: MG_ENOMEM. */
MG_EXTERN
int    mg_metadata_add_unmanaged(mg_metadata *md, const char *kind,
                                 const char *name, const char *table);
MG_EXTERN
size_t mg_metadata_unmanaged_count(const mg_metadata *md);
/* The i-th in the order recorded (the dialect's). Errors: MG_ENOTFOUND. */
MG_EXTERN
int    mg_metadata_unmanaged_at(const mg_metadata *md, size_t i,
                                mg_unmanaged *out);
/* "view v", "trigger t_ai on table t": one line, names made printable
 * (mg_buf_add_printable). */
MG_EXTERN
void   mg_unmanaged_describe(mg_buf *b, const mg_unmanaged *u);

MG_END_DECL
#endif
