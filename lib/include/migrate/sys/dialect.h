/* migrate/sys/dialect.h - the systems API for dialect authors (libgit2's
 * git2/sys idea): the table each dialects/<db>.c fills. Programs that only
 * use dialects need not include it.
 * The table is grouped into documented sub-tables, each member marked
 * must or may. Code outside dialects/ reads capability bits and fields,
 * never the dialect's name. Installed as <migrate/sys/dialect.h>;
 * <migrate/mg_dialect.h> includes it under its earlier name. */
#ifndef MG_DIALECT_H
#define MG_DIALECT_H

#include "migrate/mg_common.h"
#include "migrate/mg_url.h"
#include "migrate/mg_engine.h"
#include "migrate/mg_split.h"
#include "migrate/mg_metadata.h"
#include "migrate/mg_object.h"
#include "migrate/mg_op.h"
#include "migrate/mg_db.h"

MG_BEGIN_DECL

/* The layout of struct mg_dialect. 2: members grouped into sub-tables
 * (conn, sql, stmt, catalog, ddl, scratch, cancel); 1 was one flat list;
 * 3 added the schema objects (catalog.object_kinds, server_form,
 * object_key) and sql.stats_query; 4 sql.script_preamble; 5 took out
 * conn.query (rows are read through stmt, which became must); 6
 * catalog.server_tables, table_changes and table_charset.
 * Bumped whenever the layout changes in a way a table built against an
 * earlier version would be misread: anything but a member appended at
 * the very end (to the last sub-table). */
#define MG_DIALECT_VERSION 6

/* Capability bits. */
#define MG_CAP_TRANSACTIONAL_DDL 0x01u /* DDL commits with the transaction */
#define MG_CAP_ALTER_COLUMN      0x02u /* ALTER TABLE can change a column */
#define MG_CAP_DROP_CONSTRAINT   0x04u /* ALTER TABLE can drop constraints */
#define MG_CAP_DELIMITER_SCRIPTS 0x08u /* offline scripts need DELIMITER */
#define MG_CAP_NAMED_PRIMARY_KEY 0x10u /* primary-key names are kept (so
                                        * compared) */
#define MG_CAP_KEY_REUSE         0x40u /* an auto-generated key may hand
                                        * out a deleted row's id again
                                        * unless the column says
                                        * never_reuse (SQLite's
                                        * AUTOINCREMENT): compared */
#define MG_CAP_RUN_LOCK          0x20u /* the migration lock is held for
                                        * the whole run, not per step */
#define MG_CAP_INDEX_PER_TABLE   0x80u /* index names are per table, not
                                        * one namespace for the schema */
#define MG_CAP_FK_INDEX          0x200u /* the server makes an index for a
                                        * foreign key no index serves and
                                        * keeps it while the key needs it:
                                        * such an index is not a
                                        * difference */
#define MG_CAP_COLUMN_ATTRIBUTES 0x100u /* columns have a character set,
                                         * ON UPDATE and comment
                                         * (mg_column's attributes):
                                         * reflected and compared (a
                                         * collation is, on every
                                         * dialect) */
#define MG_CAP_ONLINE_INDEX      0x400u /* an index can be built without
                                         * blocking writes (CREATE INDEX
                                         * CONCURRENTLY, outside a
                                         * transaction) */
#define MG_CAP_NOT_VALID         0x800u /* a FOREIGN KEY or CHECK can be
                                         * added unchecked (NOT VALID) and
                                         * validated later without
                                         * blocking writes; SET NOT NULL
                                         * scans the table under its
                                         * strongest lock */
#define MG_CAP_FAST_DEFAULT      0x1000u /* ADD COLUMN with a constant
                                          * default writes no row; with a
                                          * volatile one it rewrites the
                                          * table */
#define MG_CAP_ONLINE_ALTER      0x2000u /* ALTER TABLE takes ALGORITHM=
                                          * and LOCK= clauses; a change
                                          * that needs ALGORITHM=COPY
                                          * blocks writes while the table
                                          * is copied */
#define MG_CAP_VIRTUAL_COLUMNS   0x4000u /* a generated column may be
                                          * VIRTUAL (computed when read);
                                          * without it only STORED is
                                          * taken */
#define MG_CAP_UNTYPED_COLUMNS   0x8000u /* a column may have no declared
                                          * type (SQLite's "a," of any
                                          * affinity): kept untyped */
#define MG_CAP_GENERATED_NOT_NULL 0x10000u /* a generated column may be
                                            * NOT NULL (MariaDB's may
                                            * not) */
#define MG_CAP_UPDATE_LIMIT      0x20000u /* UPDATE takes ORDER BY and
                                           * LIMIT: the log row a step
                                           * completes is found from the
                                           * newest id down, not by
                                           * reading the whole log */

/* The dialect table is grouped into sub-tables by concern. Each member
 * says whether a dialect MUST fill it or MAY leave it NULL (0); a MUST
 * member left NULL is a bug in the dialect. Fill the table with
 * designated initializers (.conn.connect = ...), so an added member
 * starts out NULL in every dialect. */

/* Connection: open, run text SQL, transactions, the migration lock. The
 * connection is the dialect's own handle (void *conn). */
struct mg_dialect_conn {
    /* must: open url (MG_CONNECT_* flags). Errors: MG_EDB, MG_ENOMEM. */
    int  (*connect)(void **out, const mg_url *url, unsigned int flags,
                    mg_error *err);
    void (*disconnect)(void *conn);                       /* must */
    /* must: run sql (one or more statements), discarding any rows. Rows
     * are read through the typed statements (stmt below), the one way
     * every caller reads them: the version table, lint's statistics and
     * the runtime alike. */
    int  (*exec)(void *conn, const char *sql, mg_error *err);
    int  (*begin)(void *conn, mg_error *err);             /* must */
    int  (*commit)(void *conn, mg_error *err);            /* must */
    int  (*rollback)(void *conn, mg_error *err);          /* must */
    /* must: take the migration lock name, waiting up to timeout_s; and
     * release it. */
    int  (*lock)(void *conn, const char *name, int timeout_s, mg_error *err);
    int  (*unlock)(void *conn, const char *name, mg_error *err);
    /* must: *out = 1 when table name exists in the connection's schema. */
    int  (*table_exists)(void *conn, const char *name, int *out,
                         mg_error *err);
    /* may: what the server (or library) is, precisely enough that two
     * connections giving the same text replay DDL into the same catalog
     * ("PostgreSQL 15.18"); appended to out. NULL: unknown, and a replay
     * of the migrations is never taken from the cache. */
    void (*server_version)(void *conn, mg_buf *out);
};

/* SQL spelling: how scripts and the version table are written. */
struct mg_dialect_sql {
    void (*quote_ident)(mg_buf *b, const char *ident);    /* must */
    void (*quote_literal)(mg_buf *b, const char *s);      /* must */
    unsigned int split_flags;      /* may (0): MG_SPLIT_* for revision
                                    * files */
    const char  *begin_sql;        /* must: opens a transaction in a
                                    * script */
    const char  *commit_sql;       /* must: closes it */
    const char  *timestamp_type;   /* must: the log's applied_at type */
    const char  *utc_now_sql;      /* must: expression for the current UTC
                                    * time */
    const char  *log_id_column;    /* must: "id ..." auto-numbered key */
    /* may: one query giving, for each table of the connection's schema,
     * its name, its estimated rows and its size in bytes with its
     * indexes (NULL for unknown), from the catalog's statistics, without
     * reading the tables (lint's data-aware risk). NULL: none. */
    const char  *stats_query;
    /* may: a statement an offline --sql script runs first, so that a
     * client running it sees the server as migrate's own connections do
     * (PostgreSQL: function bodies checked when called, not created).
     * NULL: none. */
    const char  *script_preamble;
};

/* Statements: typed prepared statements, how every row is read (the
 * runtime's mg_stmt.h, and mg_engine_query, which turns the values to
 * text). Must: all of prepare ... free and ping. A statement without
 * parameters should cost what a plain query costs: a dialect whose
 * server prepares in a round trip of its own runs such a statement as
 * a plain query at execute. */
struct mg_dialect_stmt {
    unsigned int caps;             /* may (0): MG_RTCAP_* */
    /* 0 when conn still works (a round trip where the client cannot tell
     * otherwise), < 0 when it is dead. */
    int  (*ping)(void *conn);
    /* Prepare sql, its nparams placeholders already spelled the dialect's
     * way. A dialect may defer the work to execute. Errors: MG_EDB. */
    int  (*prepare)(void **out, void *conn, const char *sql,
                    size_t nparams, mg_error *err);
    /* Run the statement with params (all bound), discarding an earlier
     * result. Errors: MG_EDB. */
    int  (*execute)(void *st, const mg_value *params, size_t nparams,
                    mg_error *err);
    /* The next row: 1, 0 at the end, < 0 on error. */
    int  (*next)(void *st, mg_error *err);
    int  (*column_count)(void *st);
    const char *(*column_name)(void *st, int i);
    /* The current row's value i (borrowed until the next row). */
    int  (*column)(void *st, int i, mg_value *out);
    /* Rows the last execute changed. */
    int64_t (*changes)(void *st);
    /* The connection's last generated key. Errors: MG_ESTATE, MG_EDB. */
    int  (*last_id)(void *st, int64_t *out, mg_error *err);
    void (*free)(void *st);
};

/* Catalog: reflection (autogenerate, inspect). */
struct mg_dialect_catalog {
    /* must: reflect the schema into md (empty on entry), leaving out
     * tables named in ignore, in a fixed number of catalog queries. */
    int  (*inspect)(void *conn, mg_metadata *md, const mg_strlist *ignore,
                    mg_error *err);
    /* may: normalise a reflected or modelled default for comparison
     * (after mg_normalize_expr); with col NULL, a CHECK expression whose
     * text differs. NULL when the generic form suffices. */
    void (*normalize_default)(mg_buf *out, const mg_column *col,
                              const char *normalized);
    /* may: the character set NCHAR/NVARCHAR columns are in (compared as
     * the CHARACTER SET of a column marked national); NULL: none. */
    const char *national_charset;
    /* may: the prefix of the names of indexes the database makes by
     * itself for a UNIQUE or PRIMARY KEY constraint and reflects
     * (SQLite's "sqlite_autoindex_"): never compared on their own. NULL:
     * none. */
    const char *implicit_index_prefix;
    /* may (0: tables only): the object kinds (mg_object.h) the dialect
     * has, MG_OBJ_BIT(kind) each. A model holding another kind is an
     * error naming the dialect; inspect reflects these kinds as objects
     * (mg_metadata_add_object), each with an executable definition. */
    unsigned int object_kinds;
    /* may: set the key (mg_object_set_key) of each object of md whose
     * definition the server rewrites (a view's query), to the server's
     * own form of it, by creating it on conn where nothing stays (a
     * transaction rolled back, a temporary name dropped again) and
     * reading it back as inspect would; an object the server refuses
     * keeps its text key. Called on the models before they are compared
     * with a database of the dialect (or its scratch replay). NULL: the
     * text key suffices. Errors: MG_EDB only when conn is unusable. */
    int  (*server_form)(void *conn, mg_metadata *md, mg_error *err);
    /* may: the key of o when it has none set, appended to out (what
     * mg_object_key gives, less what the dialect's catalog adds or
     * drops). NULL: mg_object_key. */
    void (*object_key)(mg_buf *out, const mg_object *o);
    /* may: the tables of md (their foreign keys left out) made on conn
     * where nothing stays, as server_form makes objects, and reflected
     * from there into out (empty on entry) as inspect would, in a fixed
     * number of catalog queries: their defaults, generated columns and
     * CHECKs come back in the server's own spelling. A table the server
     * refuses is left out of out. Called only with the tables whose
     * expressions differ in text from the database's
     * (mg_source_settle). NULL: text decides. Errors: MG_EDB only when
     * conn is unusable. */
    int  (*server_tables)(void *conn, const mg_metadata *md,
                          mg_metadata *out, mg_error *err);
    /* may: what differs between the table options (mg_table.options) of
     * have and want, two versions of one table, as MG_CHANGE_ENGINE,
     * _CHARSET, _COLLATION and _TABLE_COMMENT bits (mg_op.h), with
     * MG_CHANGE_LOSS when moving have's rows to want's options can lose
     * data; 0 when they are equal as the dialect reads them (an option
     * one side leaves to the server's default may be left uncompared).
     * The dialect renders the MG_OP_ALTER_TABLE that results. NULL:
     * table options are not compared (they are still rendered in CREATE
     * TABLE as written). */
    unsigned int (*table_changes)(const mg_table *have,
                                  const mg_table *want);
    /* may: the default character set and collation t's options give its
     * columns, lower case, appended to charset and collation (nothing
     * for what the options leave to the server), so that a column
     * stating its table's own (where MG_CAP_COLUMN_ATTRIBUTES) compares
     * equal to one that inherits it, as the catalog stores both. NULL:
     * none. */
    void (*table_charset)(const mg_table *t, mg_buf *charset,
                          mg_buf *collation);
};

/* DDL: rendering types and operations. */
struct mg_dialect_ddl {
    /* must: the DDL spelling of a type ("INTEGER", "VARCHAR(50)"). */
    void (*render_type)(mg_buf *b, const mg_type *t);
    /* must: the statements of one operation, appended to out (no
     * terminators); the *_OBJECT ops for each kind in
     * catalog.object_kinds. Errors: MG_EUSAGE for an op the dialect
     * cannot express. */
    int  (*render_op)(mg_strlist *out, const mg_op *op, mg_error *err);
};

/* Scratch: an empty throw-away database for replaying migrations. Must:
 * url, or create and drop. */
struct mg_dialect_scratch {
    /* URL of such a database (SQLite: a temporary file); NULL when the
     * dialect needs a temporary database on its server instead. */
    const char *url;
    /* Dialects without url: create an empty temporary database on the
     * server conn is connected to (url is conn's URL), and give its URL
     * (malloc'd, with the same credentials) in *url_out; drop it again by
     * that URL. Errors: MG_EDB. */
    int  (*create)(void *conn, const mg_url *url, char **url_out,
                   mg_error *err);
    int  (*drop)(void *conn, const char *scratch_url, mg_error *err);
};

/* Cancel, for mg_interrupt(). May: all three or none. */
struct mg_dialect_cancel {
    /* What request needs to stop a statement running on conn, made in
     * conn's thread right after connect (url outlives it; NULL: none). */
    void *(*prepare)(void *conn, const mg_url *url);
    /* Ask the server to stop whatever runs under h, called from another
     * thread while conn may be busy (an idle connection must be left as
     * it is). */
    void  (*request)(void *h);
    /* Free h after conn's last statement, never while request runs. */
    void  (*free)(void *h);
};

struct mg_dialect {
    unsigned int version;          /* must: MG_DIALECT_VERSION */
    const char  *name;             /* must: canonical name, "sqlite": its
                                    * row's first in dialects/registry.c,
                                    * which lists every name users write */
    unsigned int caps;             /* may (0): MG_CAP_* */

    struct mg_dialect_conn    conn;
    struct mg_dialect_sql     sql;
    struct mg_dialect_stmt    stmt;
    struct mg_dialect_catalog catalog;
    struct mg_dialect_ddl     ddl;
    struct mg_dialect_scratch scratch;
    struct mg_dialect_cancel  cancel;
};

/* Runtime capability bits (stmt.caps). */
#define MG_RTCAP_RETURNING   0x1u /* INSERT ... RETURNING gives keys */
#define MG_RTCAP_DOLLAR_PARAMS 0x2u /* placeholders are $1, $2, ... */

/* The standard ANSI quoting most dialects share: "x" with "" doubled, and
 * 'x' with '' doubled. */
MG_EXTERN
void mg_dialect_ansi_quote_ident(mg_buf *b, const char *ident);
MG_EXTERN
void mg_dialect_ansi_quote_literal(mg_buf *b, const char *s);
/* Scratch databases on a server (scratch.create): the name of the n-th
 * try, "migrate_scratch_<pid>_<host>_<time>_<n>", <host> 8 hex digits
 * naming this host, <time> the Unix time. */
MG_EXTERN
void mg_dialect_scratch_name(mg_buf *b, int n);
/* 1 when name has exactly that form, was made on this host at least
 * MG_SCRATCH_STALE_S seconds before now (Unix time), and its process is
 * gone: a scratch database a killed run left, safe to drop. 0 for any
 * other name, including older or foreign forms. */
#define MG_SCRATCH_STALE_S 600
MG_EXTERN
int mg_dialect_scratch_stale(const char *name, long long now);

/* expr (a CHECK, an index expression, as a model writes it) into b with
 * every quoted identifier, "x" or `x`, quoted with q instead; string
 * literals are copied as they are (backslash: they may hold \' escapes). */
MG_EXTERN
void mg_dialect_requote(mg_buf *b, const char *expr, char q, int backslash);

MG_END_DECL
#endif
