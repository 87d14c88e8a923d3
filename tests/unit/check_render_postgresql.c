/* check_render_postgresql.c - the PostgreSQL dialect's schema work. Without
 * a server: tables of cases with the exact SQL of every operation kind and
 * type, the exact cast-free text of catalog expressions, and which default
 * spellings compare equal. With MIGRATE_TEST_PG_URL set (a server the
 * tests may create databases on): a rich model created with create_all,
 * reflected back and compared with zero differences; a change set applied
 * and reversed with zero differences each way and every row kept; and
 * scratch databases made and dropped, directly and through the
 * "migrations" source. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_metadata.h"
#include "mg_op.h"
#include "mg_render.h"
#include "mg_model.h"
#include "mg_compare.h"
#include "mg_inspect.h"
#include "mg_source.h"

#ifdef MG_WITH_POSTGRESQL
#include "postgresql_int.h"
#include "engine_int.h"

static const mg_dialect *
pg(void)
{
    const mg_dialect *d = mg_dialect_find("postgresql");

    ck_assert_ptr_nonnull(d);
    return d;
}

/* ---- building the fixtures ---------------------------------------------- */

static mg_table *
table(mg_metadata *md, const char *name)
{
    mg_table *t = NULL;

    ck_assert_int_eq(mg_metadata_add_table(md, name, &t, NULL), 0);
    ck_assert_ptr_nonnull(t);
    return t;
}

static mg_column *
col(mg_table *t, const char *name, const char *type, int nullable,
    const char *def)
{
    mg_type ty;
    mg_column *c;

    ck_assert_int_eq(mg_type_parse(&ty, type), 0);
    c = mg_table_add_column(t, name, &ty);
    mg_type_release(&ty);
    ck_assert_ptr_nonnull(c);
    c->nullable = nullable;
    ck_assert_int_eq(mg_column_set_default(c, def), 0);
    return c;
}

/* Split a ','-separated list (no spaces) into l. */
static void
split_into(mg_strlist *l, const char *s)
{
    const char *comma;

    while (s && *s) {
        comma = strchr(s, ',');
        ck_assert_int_eq(mg_strlist_addn(l, s, comma ? (size_t)(comma - s)
                                                     : strlen(s)), 0);
        s = comma ? comma + 1 : NULL;
    }
}

static mg_constraint *
con(mg_table *t, mg_constraint_kind kind, const char *name, const char *cols)
{
    mg_constraint *k = mg_table_add_constraint(t, kind, name);

    ck_assert_ptr_nonnull(k);
    split_into(&k->columns, cols);
    return k;
}

static mg_constraint *
fk(mg_table *t, const char *name, const char *cols, const char *ref,
   const char *ref_cols, mg_fk_action on_delete, mg_fk_action on_update)
{
    mg_constraint *k = con(t, MG_CONSTRAINT_FOREIGN_KEY, name, cols);

    ck_assert_int_eq(mg_constraint_set_ref(k, ref), 0);
    split_into(&k->ref_columns, ref_cols);
    k->on_delete = on_delete;
    k->on_update = on_update;
    return k;
}

static mg_constraint *
check(mg_table *t, const char *name, const char *expr)
{
    mg_constraint *k = con(t, MG_CONSTRAINT_CHECK, name, NULL);

    ck_assert_int_eq(mg_constraint_set_expression(k, expr), 0);
    return k;
}

/* exprs is '|'-separated: expressions may hold commas. */
static mg_index *
idx(mg_table *t, const char *name, int unique, const char *exprs,
    const char *where, const char *method)
{
    mg_index *ix = mg_table_add_index(t, name, unique);
    const char *bar;

    ck_assert_ptr_nonnull(ix);
    while (exprs && *exprs) {
        bar = strchr(exprs, '|');
        ck_assert_int_eq(mg_strlist_addn(&ix->expressions, exprs,
                                         bar ? (size_t)(bar - exprs)
                                             : strlen(exprs)), 0);
        exprs = bar ? bar + 1 : NULL;
    }
    ck_assert_int_eq(mg_index_set_where(ix, where), 0);
    ck_assert_int_eq(mg_index_set_method(ix, method), 0);
    return ix;
}

/* The schema the operations are rendered from. */
static mg_metadata *
fixture(void)
{
    mg_metadata *md = NULL;
    mg_table *t;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);

    t = table(md, "users");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    col(t, "name", "VARCHAR(50)", 0, NULL);
    col(t, "email", "VARCHAR(100)", 0, NULL);
    col(t, "active", "BOOLEAN", 0, "TRUE");
    col(t, "created_at", "TIMESTAMP", 0, "CURRENT_TIMESTAMP");
    col(t, "score", "NUMERIC(10,2)", 1, "0");
    col(t, "code", "TEXT", 1, "1 + 2");
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_users", "id");
    con(t, MG_CONSTRAINT_UNIQUE, "uq_users_email", "email");
    check(t, "ck_users_name", "length(name) > 0");
    idx(t, "ix_users_name", 0, "name", NULL, NULL);
    idx(t, "ux_users_email_lower", 1, "lower(email)", "active", NULL);
    idx(t, "ix_users_score", 0, "score * 2|name DESC|created_at NULLS FIRST",
        NULL, NULL);
    idx(t, "ix_users_code", 0, "code", NULL, "hash");

    t = table(md, "posts");
    col(t, "id", "BIGINT", 0, NULL)->autoincrement = 1;
    col(t, "title", "VARCHAR(200)", 0, "'n/a'");
    col(t, "user_id", "INTEGER", 0, NULL);
    col(t, "flag", "INTEGER", 1, "1");
    col(t, "My Col", "TEXT", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_posts", "id");
    fk(t, "fk_posts_user_id_users", "user_id", "users", "id",
       MG_FK_CASCADE, MG_FK_NO_ACTION);
    fk(t, "fk_posts_user_deferred", "user_id", "users", "id",
       MG_FK_SET_NULL, MG_FK_RESTRICT)->deferrable = 2;
    fk(t, "fk_posts_user_pk", "user_id", "users", NULL,
       MG_FK_NO_ACTION, MG_FK_SET_DEFAULT)->deferrable = 1;

    t = table(md, "pairs");
    col(t, "a", "INTEGER", 0, NULL);
    col(t, "b", "INTEGER", 0, NULL);
    col(t, "flag", "BOOLEAN", 0, "TRUE");
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_pairs", "a,b");
    return md;
}

/* ---- rendering: one case per operation ---------------------------------- */

typedef struct op_case {
    const char  *name;
    mg_op_kind   kind;
    const char  *table;
    const char  *column;     /* column, or the new column of an alter */
    const char  *item;       /* constraint or index */
    unsigned int changes;    /* ALTER_COLUMN */
    const char  *old_column; /* ALTER_COLUMN: the column as it was, from
                              * the other table "pairs" when it differs */
    const char  *deferred;   /* CREATE_TABLE: a foreign key left out */
    const char  *sql;        /* statements joined by ";\n", or NULL */
    const char  *error;      /* the exact error otherwise */
} op_case;

static const op_case op_cases[] = {
    { "create users", MG_OP_CREATE_TABLE, "users", NULL, NULL, 0, NULL, NULL,
      "CREATE TABLE \"users\" (\n"
      "    \"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY,\n"
      "    \"name\" VARCHAR(50) NOT NULL,\n"
      "    \"email\" VARCHAR(100) NOT NULL,\n"
      "    \"active\" BOOLEAN NOT NULL DEFAULT TRUE,\n"
      "    \"created_at\" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "    \"score\" NUMERIC(10,2) DEFAULT 0,\n"
      "    \"code\" TEXT DEFAULT (1 + 2),\n"
      "    CONSTRAINT \"pk_users\" PRIMARY KEY (\"id\"),\n"
      "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
      "    CONSTRAINT \"ck_users_name\" CHECK (length(name) > 0)\n"
      ")", NULL },
    { "create posts", MG_OP_CREATE_TABLE, "posts", NULL, NULL, 0, NULL, NULL,
      "CREATE TABLE \"posts\" (\n"
      "    \"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY,\n"
      "    \"title\" VARCHAR(200) NOT NULL DEFAULT 'n/a',\n"
      "    \"user_id\" INTEGER NOT NULL,\n"
      "    \"flag\" INTEGER DEFAULT 1,\n"
      "    \"My Col\" TEXT,\n"
      "    CONSTRAINT \"pk_posts\" PRIMARY KEY (\"id\"),\n"
      "    CONSTRAINT \"fk_posts_user_id_users\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\" (\"id\") ON DELETE CASCADE,\n"
      "    CONSTRAINT \"fk_posts_user_deferred\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE RESTRICT "
      "DEFERRABLE INITIALLY DEFERRED,\n"
      "    CONSTRAINT \"fk_posts_user_pk\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\" ON UPDATE SET DEFAULT DEFERRABLE\n"
      ")", NULL },
    { "create posts, a cycle FK left out", MG_OP_CREATE_TABLE, "posts", NULL,
      NULL, 0, NULL, "fk_posts_user_id_users",
      "CREATE TABLE \"posts\" (\n"
      "    \"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY,\n"
      "    \"title\" VARCHAR(200) NOT NULL DEFAULT 'n/a',\n"
      "    \"user_id\" INTEGER NOT NULL,\n"
      "    \"flag\" INTEGER DEFAULT 1,\n"
      "    \"My Col\" TEXT,\n"
      "    CONSTRAINT \"pk_posts\" PRIMARY KEY (\"id\"),\n"
      "    CONSTRAINT \"fk_posts_user_deferred\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE RESTRICT "
      "DEFERRABLE INITIALLY DEFERRED,\n"
      "    CONSTRAINT \"fk_posts_user_pk\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\" ON UPDATE SET DEFAULT DEFERRABLE\n"
      ")", NULL },
    { "create, composite key", MG_OP_CREATE_TABLE, "pairs", NULL, NULL, 0,
      NULL, NULL,
      "CREATE TABLE \"pairs\" (\n"
      "    \"a\" INTEGER NOT NULL,\n"
      "    \"b\" INTEGER NOT NULL,\n"
      "    \"flag\" BOOLEAN NOT NULL DEFAULT TRUE,\n"
      "    CONSTRAINT \"pk_pairs\" PRIMARY KEY (\"a\", \"b\")\n"
      ")", NULL },
    { "drop table", MG_OP_DROP_TABLE, "users", NULL, NULL, 0, NULL, NULL,
      "DROP TABLE \"users\"", NULL },
    { "add column", MG_OP_ADD_COLUMN, "users", "active", NULL, 0, NULL, NULL,
      "ALTER TABLE \"users\" ADD COLUMN \"active\" BOOLEAN NOT NULL "
      "DEFAULT TRUE", NULL },
    { "add column, expression default", MG_OP_ADD_COLUMN, "users", "code",
      NULL, 0, NULL, NULL,
      "ALTER TABLE \"users\" ADD COLUMN \"code\" TEXT DEFAULT (1 + 2)",
      NULL },
    { "add column, identity", MG_OP_ADD_COLUMN, "users", "id", NULL, 0, NULL,
      NULL, "ALTER TABLE \"users\" ADD COLUMN \"id\" INTEGER GENERATED BY "
      "DEFAULT AS IDENTITY", NULL },
    { "add column, quoted", MG_OP_ADD_COLUMN, "posts", "My Col", NULL, 0,
      NULL, NULL, "ALTER TABLE \"posts\" ADD COLUMN \"My Col\" TEXT", NULL },
    { "drop column", MG_OP_DROP_COLUMN, "users", "score", NULL, 0, NULL, NULL,
      "ALTER TABLE \"users\" DROP COLUMN \"score\"", NULL },
    { "alter type", MG_OP_ALTER_COLUMN, "users", "email", NULL,
      MG_CHANGE_TYPE, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"email\" TYPE VARCHAR(100) "
      "USING \"email\"::TEXT", NULL },
    { "alter to NOT NULL", MG_OP_ALTER_COLUMN, "users", "name", NULL,
      MG_CHANGE_NULLABLE, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL", NULL },
    { "alter to NULL", MG_OP_ALTER_COLUMN, "users", "score", NULL,
      MG_CHANGE_NULLABLE, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"score\" DROP NOT NULL", NULL },
    { "alter default set", MG_OP_ALTER_COLUMN, "users", "active", NULL,
      MG_CHANGE_DEFAULT, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"active\" SET DEFAULT TRUE",
      NULL },
    { "alter default set, expression", MG_OP_ALTER_COLUMN, "users", "code",
      NULL, MG_CHANGE_DEFAULT, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"code\" SET DEFAULT (1 + 2)",
      NULL },
    { "alter default drop", MG_OP_ALTER_COLUMN, "users", "name", NULL,
      MG_CHANGE_DEFAULT, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"name\" DROP DEFAULT", NULL },
    { "alter everything", MG_OP_ALTER_COLUMN, "users", "score", NULL,
      MG_CHANGE_TYPE | MG_CHANGE_NULLABLE | MG_CHANGE_DEFAULT, NULL, NULL,
      "ALTER TABLE \"users\" ALTER COLUMN \"score\" DROP DEFAULT;\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"score\" TYPE NUMERIC(10,2) "
      "USING \"score\"::NUMERIC;\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"score\" DROP NOT NULL;\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"score\" SET DEFAULT 0", NULL },
    /* BOOLEAN DEFAULT TRUE -> INTEGER DEFAULT 1: the old default goes
     * first, or PostgreSQL would try to cast it */
    { "alter type and default", MG_OP_ALTER_COLUMN, "posts", "flag", NULL,
      MG_CHANGE_TYPE | MG_CHANGE_DEFAULT, "flag", NULL,
      "ALTER TABLE \"posts\" ALTER COLUMN \"flag\" DROP DEFAULT;\n"
      "ALTER TABLE \"posts\" ALTER COLUMN \"flag\" TYPE INTEGER "
      "USING \"flag\"::INTEGER;\n"
      "ALTER TABLE \"posts\" ALTER COLUMN \"flag\" SET DEFAULT 1", NULL },
    { "alter type, default dropped", MG_OP_ALTER_COLUMN, "posts", "My Col",
      NULL, MG_CHANGE_TYPE | MG_CHANGE_DEFAULT, "flag", NULL,
      "ALTER TABLE \"posts\" ALTER COLUMN \"My Col\" DROP DEFAULT;\n"
      "ALTER TABLE \"posts\" ALTER COLUMN \"My Col\" TYPE TEXT "
      "USING \"My Col\"::TEXT", NULL },
    { "add primary key", MG_OP_ADD_CONSTRAINT, "pairs", NULL, "pk_pairs", 0,
      NULL, NULL, "ALTER TABLE \"pairs\" ADD CONSTRAINT \"pk_pairs\" "
      "PRIMARY KEY (\"a\", \"b\")", NULL },
    { "add unique", MG_OP_ADD_CONSTRAINT, "users", NULL, "uq_users_email", 0,
      NULL, NULL, "ALTER TABLE \"users\" ADD CONSTRAINT \"uq_users_email\" "
      "UNIQUE (\"email\")", NULL },
    { "add foreign key", MG_OP_ADD_CONSTRAINT, "posts", NULL,
      "fk_posts_user_id_users", 0, NULL, NULL,
      "ALTER TABLE \"posts\" ADD CONSTRAINT \"fk_posts_user_id_users\" "
      "FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\") "
      "ON DELETE CASCADE", NULL },
    { "add check", MG_OP_ADD_CONSTRAINT, "users", NULL, "ck_users_name", 0,
      NULL, NULL, "ALTER TABLE \"users\" ADD CONSTRAINT \"ck_users_name\" "
      "CHECK (length(name) > 0)", NULL },
    { "drop constraint", MG_OP_DROP_CONSTRAINT, "posts", NULL,
      "fk_posts_user_id_users", 0, NULL, NULL,
      "ALTER TABLE \"posts\" DROP CONSTRAINT \"fk_posts_user_id_users\"",
      NULL },
    { "create index", MG_OP_CREATE_INDEX, "users", NULL, "ix_users_name", 0,
      NULL, NULL, "CREATE INDEX \"ix_users_name\" ON \"users\" (\"name\")",
      NULL },
    { "create unique partial expression index", MG_OP_CREATE_INDEX, "users",
      NULL, "ux_users_email_lower", 0, NULL, NULL,
      "CREATE UNIQUE INDEX \"ux_users_email_lower\" ON \"users\" "
      "(lower(email)) WHERE active", NULL },
    { "create index, orderings", MG_OP_CREATE_INDEX, "users", NULL,
      "ix_users_score", 0, NULL, NULL,
      "CREATE INDEX \"ix_users_score\" ON \"users\" ((score * 2), "
      "\"name\" DESC, \"created_at\" NULLS FIRST)", NULL },
    { "create index, method", MG_OP_CREATE_INDEX, "users", NULL,
      "ix_users_code", 0, NULL, NULL,
      "CREATE INDEX \"ix_users_code\" ON \"users\" USING hash (\"code\")",
      NULL },
    { "drop index", MG_OP_DROP_INDEX, "users", NULL, "ix_users_name", 0,
      NULL, NULL, "DROP INDEX \"ix_users_name\"", NULL },
    { "rebuild", MG_OP_REBUILD_TABLE, "users", NULL, NULL, 0, NULL, NULL,
      NULL, "postgresql does not rebuild tables: table 'users' changes by "
      "ALTER TABLE" },
    { "incomplete", MG_OP_ADD_COLUMN, "users", NULL, NULL, 0, NULL, NULL,
      NULL, "incomplete operation (kind 2)" },
};

static const mg_constraint *
find_constraint(const mg_metadata *md, const char *name)
{
    size_t i;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_constraint *k =
            mg_table_constraint(mg_metadata_table_at(md, i), name);
        if (k)
            return k;
    }
    return NULL;
}

START_TEST(test_pg_render_op)
{
    const op_case *tc = &op_cases[_i];
    mg_metadata *md = fixture();
    const mg_table *t = mg_metadata_table(md, tc->table);
    const mg_constraint *deferred[1];
    mg_strlist out = MG_STRLIST_INIT;
    mg_buf joined = MG_BUF_INIT;
    mg_error err;
    mg_op op;
    int rc;

    mg_error_clear(&err);
    ck_assert_ptr_nonnull(t);
    memset(&op, 0, sizeof(op));
    op.kind = tc->kind;
    op.old_table = op.new_table = t;
    if (tc->column) {
        op.new_column = op.old_column = mg_table_column(t, tc->column);
        ck_assert_ptr_nonnull(op.new_column);
    }
    if (tc->old_column) {
        op.old_column = mg_table_column(mg_metadata_table(md, "pairs"),
                                        tc->old_column);
        ck_assert_ptr_nonnull(op.old_column);
    }
    if (tc->item) {
        op.constraint = mg_table_constraint(t, tc->item);
        op.index = mg_table_index(t, tc->item);
        ck_assert(op.constraint || op.index);
    }
    if (tc->deferred) {
        deferred[0] = find_constraint(md, tc->deferred);
        ck_assert_ptr_nonnull(deferred[0]);
        op.deferred_fks = deferred;
        op.ndeferred_fks = 1;
    }
    op.changes = tc->changes;
    rc = mg_render_op(&out, &op, pg(), &err);
    if (tc->sql) {
        ck_assert_msg(rc == 0, "%s: %s", tc->name, err.msg);
        mg_strlist_join(&out, ";\n", &joined);
        ck_assert_msg(strcmp(mg_buf_cstr(&joined), tc->sql) == 0,
                      "%s:\n got [%s]\nwant [%s]", tc->name,
                      mg_buf_cstr(&joined), tc->sql);
    } else {
        ck_assert_int_eq(rc, MG_EUSAGE);
        ck_assert_str_eq(err.msg, tc->error);
        ck_assert_int_eq((int)out.n, 0);
    }
    mg_buf_release(&joined);
    mg_strlist_release(&out);
    mg_metadata_free(md);
}
END_TEST

/* ---- types -------------------------------------------------------------- */

static const struct {
    const char *written;
    const char *rendered;
} type_cases[] = {
    { "INT", "INTEGER" }, { "INTEGER", "INTEGER" }, { "int4", "INTEGER" },
    { "BIGINT", "BIGINT" }, { "SMALLINT", "SMALLINT" },
    { "VARCHAR(50)", "VARCHAR(50)" }, { "VARCHAR", "VARCHAR" },
    { "CHAR(3)", "CHAR(3)" }, { "CHAR", "CHAR(1)" }, { "TEXT", "TEXT" },
    { "BOOLEAN", "BOOLEAN" }, { "BOOL", "BOOLEAN" }, { "DATE", "DATE" },
    { "TIME", "TIME" }, { "TIMESTAMP", "TIMESTAMP" },
    { "DATETIME", "TIMESTAMP" }, { "NUMERIC(10,2)", "NUMERIC(10,2)" },
    { "DECIMAL(10, 2)", "NUMERIC(10,2)" }, { "NUMERIC(10)", "NUMERIC(10,0)" },
    { "NUMERIC", "NUMERIC" }, { "REAL", "REAL" }, { "FLOAT", "REAL" },
    { "DOUBLE", "DOUBLE PRECISION" }, { "JSON", "JSON" },
    { "JSONB", "JSONB" }, { "DATETIME", "TIMESTAMP" }, { "BYTES", "BYTEA" },
    { "BLOB", "BYTEA" }, { "BYTES", "BYTEA" }, { "UUID", "UUID" },
    { "INTERVAL", "INTERVAL" }, { "varchar(20)[]", "VARCHAR(20)[]" },
    { "timestamptz", "TIMESTAMP WITH TIME ZONE" },
    /* format_type() spellings, as reflection reads them */
    { "integer", "INTEGER" }, { "bigint", "BIGINT" },
    { "smallint", "SMALLINT" }, { "character varying(50)", "VARCHAR(50)" },
    { "character varying", "VARCHAR" }, { "character(3)", "CHAR(3)" },
    { "text", "TEXT" }, { "boolean", "BOOLEAN" }, { "date", "DATE" },
    { "time without time zone", "TIME" },
    { "timestamp without time zone", "TIMESTAMP" },
    { "numeric(10,2)", "NUMERIC(10,2)" }, { "numeric", "NUMERIC" },
    { "real", "REAL" }, { "double precision", "DOUBLE PRECISION" },
    { "jsonb", "jsonb" }, { "bytea", "BYTEA" }, { "uuid", "UUID" },
    { "timestamp with time zone", "timestamp with time zone" },
};

START_TEST(test_pg_render_type)
{
    mg_buf b = MG_BUF_INIT;
    mg_type t;

    ck_assert_int_eq(mg_type_parse(&t, type_cases[_i].written), 0);
    pg()->ddl.render_type(&b, &t);
    ck_assert_msg(strcmp(mg_buf_cstr(&b), type_cases[_i].rendered) == 0,
                  "%s: got %s, want %s", type_cases[_i].written,
                  mg_buf_cstr(&b), type_cases[_i].rendered);
    mg_type_release(&t);
    mg_buf_release(&b);
}
END_TEST

/* ---- catalog expressions ------------------------------------------------ */

static const struct {
    const char *catalog;
    const char *clean;
} uncast_cases[] = {
    { "length(name::text) > 0 AND n > 0::numeric",
      "length(name) > 0 AND n > 0" },
    { "code = ANY (ARRAY['a'::bpchar, 'b'::bpchar])", "code IN ('a', 'b')" },
    { "name::text = ANY (ARRAY['a'::character varying, "
      "'b'::character varying]::text[])", "name IN ('a', 'b')" },
    { "status <> ALL (ARRAY['x'::text])", "status NOT IN ('x')" },
    { "d > '2020-01-01'::date", "d > '2020-01-01'" },
    { "name::text <> ''::text OR code = 'x'::bpchar AND i > 1",
      "name <> '' OR code = 'x' AND i > 1" },
    { "lower(name::text)", "lower(name)" },
    { "(n * 2::numeric)", "(n * 2)" },
    { "'-1'::integer", "-1" },
    { "now() - '1 day'::interval", "now() - interval '1 day'" },
    { "NULL::character varying", "NULL" },
    { "x::integer > 0", "x::integer > 0" },
    { "'{\"a\": 1}'::jsonb", "'{\"a\": 1}'" },
    { "E'a\\\\b'::text", "E'a\\\\b'" },
    { "nextval('s_id_seq'::regclass)", "nextval('s_id_seq')" },
    { "\"Weird Col\"::text <> 'x'::text", "\"Weird Col\" <> 'x'" },
    { "'it''s'::text = ANY (ARRAY['a'])", "'it''s' IN ('a')" },
    { "'10:00:00'::time without time zone", "'10:00:00'" },
    { "price::numeric(10,2) > 1", "price::numeric(10,2) > 1" },
    { "n >= 0::numeric AND (vc::text = ANY (ARRAY['x'::character varying, "
      "'y'::character varying]::text[]))", "n >= 0 AND vc IN ('x', 'y')" },
    { "(a = ANY (ARRAY[1, 2])) OR NOT (b <> ALL (ARRAY[3]))",
      "a IN (1, 2) OR NOT b NOT IN (3)" },
    { "f((a = ANY (ARRAY[1])))", "f(a IN (1))" },
    { "(a = ANY (ARRAY[1])) = true", "(a IN (1)) = true" },
    { "", "" },
};

START_TEST(test_pg_uncast)
{
    mg_buf b = MG_BUF_INIT;

    mg_pg__uncast(&b, uncast_cases[_i].catalog);
    ck_assert_msg(strcmp(mg_buf_cstr(&b), uncast_cases[_i].clean) == 0,
                  "%s: got [%s], want [%s]", uncast_cases[_i].catalog,
                  mg_buf_cstr(&b), uncast_cases[_i].clean);
    mg_buf_release(&b);
}
END_TEST

/* ---- defaults ----------------------------------------------------------- */

static const struct {
    const char *type;
    const char *model;      /* as a model file writes it */
    const char *catalog;    /* as pg_get_expr gives it back */
    int         equal;
} default_cases[] = {
    { "VARCHAR(10)", "'x'", "'x'::character varying", 1 },
    { "CHAR(3)", "'abc'", "'abc'::bpchar", 1 },
    { "TEXT", "'a'", "'b'::text", 0 },
    { "DATE", "'2026-01-01'", "'2026-01-01'::date", 1 },
    { "DATE", "CURRENT_DATE", "CURRENT_DATE", 1 },
    { "DATE", "('now'::text)::date", "'now'::text::date", 1 },
    { "DATE", "('now'::text)::date", "'then'::text::date", 0 },
    { "JSON", "'{}'", "'{}'::jsonb", 1 },
    { "JSON", "'{\"a\":[1, 2]}'", "'{\"a\": [1, 2]}'::jsonb", 1 },
    { "JSON", "'{\"a\":1}'", "'{\"a\": 2}'::jsonb", 0 },
    { "TIMESTAMP", "now()", "CURRENT_TIMESTAMP", 1 },
    { "TIMESTAMP", "CURRENT_TIMESTAMP", "now()", 1 },
    { "TIMESTAMP", "CURRENT_TIMESTAMP", "CURRENT_DATE", 0 },
    { "TIMESTAMP", "'2026-01-01'",
      "'2026-01-01 00:00:00'::timestamp without time zone", 1 },
    { "TIMESTAMP", "'2026-01-01T12:30'",
      "'2026-01-01 12:30:00'::timestamp without time zone", 1 },
    { "TIME", "'10:00'", "'10:00:00'::time without time zone", 1 },
    { "BOOLEAN", "TRUE", "true", 1 },
    { "BOOLEAN", "'t'", "true", 1 },
    { "BOOLEAN", "true", "false", 0 },
    { "NUMERIC(10,2)", "1.5", "'1.5'::numeric", 1 },
    { "NUMERIC(10,2)", "1.50", "1.5", 1 },
    { "NUMERIC(10,2)", "1.5", "2.5", 0 },
    { "INTEGER", "-1", "'-1'::integer", 1 },
    { "INTEGER", "(-1)", "'-1'::integer", 1 },
    { "INTEGER", "1", "'-1'::integer", 0 },
    { "DOUBLE", "1e10", "'10000000000'::numeric", 1 },
    { "TEXT", "lower('X')", "lower('X'::text)", 1 },
    { "TEXT", "lower('X')", "upper('X'::text)", 0 },
    { "INTERVAL", "'1 day'", "'1 day'::interval", 1 },
    { "INTERVAL", "INTERVAL '1 day'", "'1 day'::interval", 1 },
    { "UUID", "gen_random_uuid()", "gen_random_uuid()", 1 },
};

static void
comparable(mg_buf *out, const mg_column *c, const char *def)
{
    mg_buf norm = MG_BUF_INIT;

    mg_normalize_expr(&norm, def);
    pg()->catalog.normalize_default(out, c, mg_buf_cstr(&norm));
    mg_buf_release(&norm);
}

START_TEST(test_pg_default_equal)
{
    mg_metadata *md = NULL;
    mg_table *t;
    mg_column *c;
    mg_buf a = MG_BUF_INIT, b = MG_BUF_INIT;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "t");
    c = col(t, "c", default_cases[_i].type, 1, NULL);
    comparable(&a, c, default_cases[_i].model);
    comparable(&b, c, default_cases[_i].catalog);
    ck_assert_msg((strcmp(mg_buf_cstr(&a), mg_buf_cstr(&b)) == 0) ==
                  default_cases[_i].equal, "%s %s vs %s: [%s] [%s]",
                  default_cases[_i].type, default_cases[_i].model,
                  default_cases[_i].catalog, mg_buf_cstr(&a),
                  mg_buf_cstr(&b));
    mg_buf_release(&a);
    mg_buf_release(&b);
    mg_metadata_free(md);
}
END_TEST

/* The exact comparable forms of a few defaults. */
START_TEST(test_pg_default_text)
{
    static const struct {
        const char *type, *in, *out;
    } cases[] = {
        { "VARCHAR(5)", "'x'::character varying", "'x'" },
        { "TIMESTAMP", "now()", "current_timestamp" },
        { "INTEGER", "'-1'::integer", "-1" },
        { "NUMERIC", "'1.50'::numeric", "1.5" },
        { "JSON", "'{ \"a\" : \"b c\" }'::jsonb", "'{\"a\":\"b c\"}'" },
        { "TIME", "'10:00'", "'10:00:00'" },
        { "BOOLEAN", "'yes'", "true" },
    };
    mg_metadata *md = NULL;
    size_t i;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mg_buf b = MG_BUF_INIT;
        char name[16];
        mg_column *c;

        snprintf(name, sizeof(name), "t%zu", i);
        c = col(table(md, name), "c", cases[i].type, 1, NULL);
        comparable(&b, c, cases[i].in);
        ck_assert_str_eq(mg_buf_cstr(&b), cases[i].out);
        mg_buf_release(&b);
    }
    mg_metadata_free(md);
}
END_TEST

/* The URL of a scratch database: same credentials and parameters,
 * percent-encoded so that it parses back to the same parts. */
START_TEST(test_pg_scratch_url)
{
    static const struct {
        const char *in, *db, *out;
    } cases[] = {
        { "postgresql://u:p@h:5433/app?sslmode=disable&schema=s", "x_1",
          "postgresql://u:p@h:5433/x_1?sslmode=disable" },
        { "postgres://us%40er:p%3Aw%2Fd%20%25@db.example/app", "new db",
          "postgresql://us%40er:p%3Aw%2Fd%20%25@db.example/new%20db" },
        { "postgresql://u@[::1]:5432/app", "s", "postgresql://u@[::1]:5432/s" },
        { "postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql", "s",
          "postgresql:///s?host=%2Fvar%2Frun%2Fpostgresql" },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mg_url *u = NULL, *back = NULL;
        mg_buf b = MG_BUF_INIT;
        mg_error err;

        mg_error_clear(&err);
        ck_mg_ok(mg_url_parse(&u, cases[i].in, &err), &err);
        mg_pg__url_for_database(&b, u, cases[i].db);
        ck_assert_str_eq(mg_buf_cstr(&b), cases[i].out);
        ck_mg_ok(mg_url_parse(&back, mg_buf_cstr(&b), &err), &err);
        ck_assert_str_eq(mg_url_database(back), cases[i].db);
        ck_assert_ptr_eq(mg_url_param(back, "schema"), NULL);
        if (mg_url_password(u))
            ck_assert_str_eq(mg_url_password(back), mg_url_password(u));
        if (mg_url_user(u))
            ck_assert_str_eq(mg_url_user(back), mg_url_user(u));
        mg_url_free(back);
        mg_url_free(u);
        mg_buf_release(&b);
    }
}
END_TEST

START_TEST(test_pg_caps)
{
    const mg_dialect *d = pg();
    unsigned int want = MG_CAP_TRANSACTIONAL_DDL | MG_CAP_ALTER_COLUMN |
                        MG_CAP_DROP_CONSTRAINT | MG_CAP_NAMED_PRIMARY_KEY;

    ck_assert_uint_eq(d->caps & want, want);
    ck_assert_ptr_nonnull(d->catalog.inspect);
    ck_assert_ptr_null(d->scratch.url);
    ck_assert_ptr_nonnull(d->scratch.create);
    ck_assert_ptr_nonnull(d->scratch.drop);
}
END_TEST

/* ---- against a server --------------------------------------------------- */

/* Tables that exercise everything: the DESIGN.md section 2 example, every
 * generic type, a composite key, a foreign-key cycle, partial and
 * expression indexes, checks and defaults of every kind. */
#define USERS_A \
    "CREATE TABLE users (\n" \
    "    id         INTEGER PRIMARY KEY,\n" \
    "    name       VARCHAR(50) NOT NULL,\n" \
    "    email      VARCHAR(100) NOT NULL UNIQUE,\n" \
    "    active     BOOLEAN NOT NULL DEFAULT TRUE,\n" \
    "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n" \
    "    score      NUMERIC(10,2) DEFAULT 1.5,\n" \
    "    flag       BOOLEAN DEFAULT TRUE,\n" \
    "    bio        TEXT\n" \
    ");\n"
#define POSTS_A \
    "CREATE TABLE posts (\n" \
    "    id      INTEGER PRIMARY KEY,\n" \
    "    title   VARCHAR(200) NOT NULL,\n" \
    "    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n" \
    "    views   INTEGER NOT NULL DEFAULT 0,\n" \
    "    legacy  TEXT,\n" \
    "    CONSTRAINT ck_posts_title CHECK (length(title) > 0)\n" \
    ");\n" \
    "CREATE INDEX ix_posts_user_id ON posts (user_id);\n"
#define COMMON \
    "CREATE TABLE all_types (\n" \
    "    id  BIGINT PRIMARY KEY,\n" \
    "    i   INT DEFAULT -1,\n" \
    "    b   BIGINT DEFAULT 9000000000,\n" \
    "    s   SMALLINT DEFAULT 7 CHECK (s IN (1, 7)),\n" \
    "    vc  VARCHAR(20) DEFAULT 'x',\n" \
    "    c   CHAR(3) DEFAULT 'abc',\n" \
    "    t   TEXT DEFAULT lower('X'),\n" \
    "    bo  BOOLEAN DEFAULT FALSE,\n" \
    "    d   DATE DEFAULT '2026-01-01',\n" \
    "    d2  DATE DEFAULT CURRENT_DATE,\n" \
    "    tm  TIME DEFAULT '10:00',\n" \
    "    ts  TIMESTAMP DEFAULT now(),\n" \
    "    ts2 DATETIME DEFAULT '2026-01-01 12:30',\n" \
    "    n   NUMERIC(10,2) DEFAULT 0,\n" \
    "    r   REAL DEFAULT 0.5,\n" \
    "    dp  DOUBLE DEFAULT 1e10,\n" \
    "    j   JSON DEFAULT '{\"a\": [1, 2]}',\n" \
    "    bl  BLOB,\n" \
    "    u   UUID DEFAULT gen_random_uuid(),\n" \
    "    iv  INTERVAL DEFAULT '1 day',\n" \
    "    tz  TIMESTAMPTZ,\n" \
    "    ch  CHAR,\n" \
    "    CONSTRAINT ck_all_types_n CHECK (n >= 0 AND vc IN ('x', 'y')),\n" \
    "    CHECK (d > '2020-01-01' OR d IS NULL)\n" \
    ");\n" \
    "CREATE TABLE teams (\n" \
    "    org_id     INTEGER NOT NULL,\n" \
    "    team_no    INTEGER NOT NULL,\n" \
    "    captain_id INTEGER,\n" \
    "    label      VARCHAR(40),\n" \
    "    CONSTRAINT pk_teams PRIMARY KEY (org_id, team_no),\n" \
    "    CONSTRAINT fk_teams_captain FOREIGN KEY (captain_id)\n" \
    "        REFERENCES members (id) DEFERRABLE INITIALLY DEFERRED\n" \
    ");\n" \
    "CREATE TABLE members (\n" \
    "    id      INTEGER PRIMARY KEY,\n" \
    "    org_id  INTEGER,\n" \
    "    team_no INTEGER,\n" \
    "    FOREIGN KEY (org_id, team_no) REFERENCES teams (org_id, team_no)\n" \
    "        ON DELETE SET NULL ON UPDATE CASCADE\n" \
    ");\n" \
    "CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email))\n" \
    "    WHERE active;\n" \
    "CREATE INDEX ix_teams_label ON teams USING hash (label);\n" \
    "CREATE INDEX ix_members_org ON members (org_id DESC, team_no);\n" \
    "CREATE INDEX ix_all_types_expr ON all_types ((n * 2), " \
    "lower(vc) DESC NULLS LAST)\n" \
    "    WHERE vc <> 'y' AND n > 1;\n"

#define MODEL_A USERS_A POSTS_A COMMON

/* The change set: every column change, constraints and indexes added,
 * dropped and changed, a column added and one dropped. */
#define MODEL_B \
    "CREATE TABLE users (\n" \
    "    id         INTEGER PRIMARY KEY,\n" \
    "    name       VARCHAR(50) NOT NULL,\n" \
    "    email      VARCHAR(100) NOT NULL UNIQUE,\n" \
    "    active     BOOLEAN NOT NULL DEFAULT FALSE,\n" \
    "    created_at TIMESTAMP NOT NULL,\n" \
    "    score      NUMERIC(12,2) DEFAULT 1.5,\n" \
    "    flag       INTEGER DEFAULT 1,\n" \
    "    bio        TEXT NOT NULL DEFAULT '',\n" \
    "    nickname   VARCHAR(30) DEFAULT 'anon',\n" \
    "    CONSTRAINT ck_users_score CHECK (score >= 0)\n" \
    ");\n" \
    "CREATE TABLE posts (\n" \
    "    id      INTEGER PRIMARY KEY,\n" \
    "    title   VARCHAR(100) NOT NULL,\n" \
    "    user_id INTEGER NOT NULL REFERENCES users (id)\n" \
    "        ON DELETE CASCADE ON UPDATE CASCADE,\n" \
    "    views   BIGINT NOT NULL DEFAULT 0,\n" \
    "    CONSTRAINT uq_posts_title_user UNIQUE (title, user_id)\n" \
    ");\n" \
    "CREATE INDEX ix_users_name_lower ON users (lower(name)) WHERE active;\n" \
    COMMON

static char db_name[64];
static char db_url[1024];
static mg_engine *admin;    /* on the server's own database */
static mg_engine *db;       /* on the test database */

static const char *
server_url(void)
{
    const char *u = getenv("MIGRATE_TEST_PG_URL");

    return u && *u ? u : NULL;
}

/* Without a server the server tests are reported as skipped. */
START_TEST(test_pg_no_server)
{
    test_skip("MIGRATE_TEST_PG_URL");
}
END_TEST

/* base with its database replaced by name. */
static void
with_database(char *out, size_t size, const char *base, const char *name)
{
    const char *auth = strstr(base, "://");
    const char *slash, *query;

    ck_assert_ptr_nonnull(auth);
    slash = strchr(auth + 3, '/');
    query = strchr(auth + 3, '?');
    if (!slash || (query && slash > query))
        slash = query ? query : base + strlen(base);
    snprintf(out, size, "%.*s/%s%s", (int)(slash - base), base, name,
             query ? query : "");
}

static void
exec_ok(mg_engine *e, const char *sql)
{
    mg_error err;

    mg_error_clear(&err);
    ck_assert_msg(mg_engine_exec(e, sql, &err) >= 0, "%s\n-- %s", sql,
                  err.msg);
}

static void
server_setup(void)
{
    char sql[200];
    mg_error err;

    mg_error_clear(&err);
    snprintf(db_name, sizeof(db_name), "migrate_test_%ld", (long)getpid());
    with_database(db_url, sizeof(db_url), server_url(), db_name);
    ck_mg_ok(mg_engine_open(&admin, server_url(), 0, &err), &err);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
             db_name);
    exec_ok(admin, sql);
    snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", db_name);
    exec_ok(admin, sql);
    ck_mg_ok(mg_engine_open(&db, db_url, 0, &err), &err);
}

static void
server_teardown(void)
{
    char sql[200];

    mg_engine_free(db);
    db = NULL;
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
             db_name);
    if (admin)
        mg_engine_exec(admin, sql, NULL);
    mg_engine_free(admin);
    admin = NULL;
}

static mg_metadata *
model(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "models.sql", text, strlen(text), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

static mg_metadata *
reflect(mg_engine *e)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_inspect(&md, e, NULL, &err), &err);
    return md;
}

/* The ops from have to want, and their SQL into sql. */
static mg_oplist *
diff(const mg_metadata *have, const mg_metadata *want, mg_buf *sql)
{
    mg_oplist *l = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, have, want, pg(), NULL, &err), &err);
    mg_buf_clear(sql);
    ck_mg_ok(mg_render(sql, l, pg(), &err), &err);
    return l;
}

/* Assert have and want agree, showing the differences when not. */
static void
assert_same(const mg_metadata *have, const mg_metadata *want,
            const char *when)
{
    mg_buf sql = MG_BUF_INIT;
    mg_oplist *l = diff(have, want, &sql);

    ck_assert_msg(mg_oplist_count(l) == 0, "%s: %zu differences:\n%s", when,
                  mg_oplist_count(l), mg_buf_cstr(&sql));
    mg_oplist_free(l);
    mg_buf_release(&sql);
}

/* Run a script in one transaction. */
static void
run_script(mg_engine *e, const char *sql)
{
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_begin(e, &err), &err);
    ck_assert_msg(mg_engine_exec(e, sql, &err) >= 0, "%s\n-- %s", sql,
                  err.msg);
    ck_mg_ok(mg_engine_commit(e, &err), &err);
}

static void
create_all(mg_engine *e, const mg_metadata *md)
{
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_render_create_all(&sql, md, pg(), &err), &err);
    run_script(e, mg_buf_cstr(&sql));
    mg_buf_release(&sql);
}

static const char *
scalar(mg_engine *e, const char *sql, char *buf, size_t size)
{
    mg_rows *r = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_query(&r, e, sql, &err), &err);
    ck_assert_uint_eq(mg_rows_count(r), 1);
    snprintf(buf, size, "%s", mg_rows_value(r, 0, 0) ? mg_rows_value(r, 0, 0)
                                                       : "NULL");
    mg_rows_free(r);
    return buf;
}

START_TEST(test_pg_create_all_round_trip)
{
    mg_metadata *want = model(MODEL_A), *have;

    create_all(db, want);
    have = reflect(db);
    assert_same(have, want, "reflected vs model");
    assert_same(want, have, "model vs reflected");
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* What reflection reads, item by item. */
START_TEST(test_pg_inspect_details)
{
    static const struct {
        const char  *column;
        mg_type_kind kind;
    } kinds[] = {
        { "id", MG_TYPE_BIGINT }, { "i", MG_TYPE_INTEGER },
        { "b", MG_TYPE_BIGINT }, { "s", MG_TYPE_SMALLINT },
        { "vc", MG_TYPE_VARCHAR }, { "c", MG_TYPE_CHAR },
        { "t", MG_TYPE_TEXT }, { "bo", MG_TYPE_BOOLEAN },
        { "d", MG_TYPE_DATE }, { "tm", MG_TYPE_TIME },
        { "ts", MG_TYPE_TIMESTAMP }, { "n", MG_TYPE_NUMERIC },
        { "r", MG_TYPE_REAL }, { "dp", MG_TYPE_DOUBLE },
        { "j", MG_TYPE_JSON }, { "bl", MG_TYPE_BLOB }, { "u", MG_TYPE_UUID },
        { "iv", MG_TYPE_OTHER },
    };
    mg_metadata *want = model(MODEL_A), *have;
    const mg_table *t;
    const mg_column *c;
    const mg_constraint *k;
    const mg_index *ix;
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    create_all(db, want);
    exec_ok(db, "CREATE TABLE serials (id SERIAL PRIMARY KEY, "
                "n BIGSERIAL)");
    have = reflect(db);
    ck_assert_uint_eq(mg_metadata_table_count(have), 6);

    ck_assert_ptr_nonnull(t = mg_metadata_table(have, "all_types"));
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        ck_assert_ptr_nonnull(c = mg_table_column(t, kinds[i].column));
        ck_assert_msg(c->type.kind == kinds[i].kind, "%s: kind %d",
                      kinds[i].column, (int)c->type.kind);
    }
    c = mg_table_column(t, "id");
    ck_assert_int_eq(c->autoincrement, 1);
    ck_assert_ptr_null(c->server_default);
    ck_assert_int_eq(c->nullable, 0);
    ck_assert_int_eq(c->position, 0);
    c = mg_table_column(t, "vc");
    ck_assert_int_eq(c->type.length, 20);
    ck_assert_int_eq(c->nullable, 1);
    ck_assert_str_eq(c->server_default, "'x'::character varying");
    c = mg_table_column(t, "n");
    ck_assert_int_eq(c->type.precision, 10);
    ck_assert_int_eq(c->type.scale, 2);
    ck_assert_ptr_nonnull(k = mg_table_constraint(t, "ck_all_types_n"));
    ck_assert_int_eq(k->named, 1);
    ck_assert_str_eq(k->expression, "n >= 0 AND vc IN ('x', 'y')");
    ck_assert_ptr_nonnull(k = mg_table_constraint(t, "ck_all_types_s"));
    ck_assert_str_eq(k->expression, "s IN (1, 7)");
    ck_assert_ptr_nonnull(ix = mg_table_index(t, "ix_all_types_expr"));
    ck_assert_uint_eq(ix->expressions.n, 2);
    ck_assert_str_eq(ix->expressions.v[0], "(n * 2)");
    ck_assert_str_eq(ix->expressions.v[1], "lower(vc) DESC NULLS LAST");
    ck_assert_str_eq(ix->where, "vc <> 'y' AND n > 1");
    ck_assert_ptr_null(ix->method);

    t = mg_metadata_table(have, "users");
    k = mg_table_primary_key(t);
    ck_assert_ptr_nonnull(k);
    ck_assert_str_eq(k->name, "pk_users");
    ck_assert_ptr_eq(t->constraints[0], k);
    ck_assert_ptr_nonnull(mg_table_constraint(t, "uq_users_email"));
    /* the indexes behind the key and the UNIQUE are theirs */
    ck_assert_ptr_null(mg_table_index(t, "pk_users"));
    ck_assert_ptr_null(mg_table_index(t, "uq_users_email"));
    ck_assert_uint_eq(t->nindexes, 1);
    ix = t->indexes[0];
    ck_assert_str_eq(ix->name, "ux_users_email_lower");
    ck_assert_int_eq(ix->unique, 1);
    ck_assert_str_eq(ix->expressions.v[0], "lower(email)");
    ck_assert_str_eq(ix->where, "active");

    t = mg_metadata_table(have, "teams");
    k = mg_table_primary_key(t);
    ck_assert_uint_eq(k->columns.n, 2);
    ck_assert_str_eq(k->columns.v[1], "team_no");
    k = mg_table_constraint(t, "fk_teams_captain");
    ck_assert_int_eq(k->deferrable, 2);
    ck_assert_str_eq(k->ref_table, "members");
    ck_assert_str_eq(mg_table_index(t, "ix_teams_label")->method, "hash");

    t = mg_metadata_table(have, "members");
    k = mg_table_constraint(t, "fk_members_org_id_teams");
    ck_assert_ptr_nonnull(k);
    ck_assert_uint_eq(k->ref_columns.n, 2);
    ck_assert_str_eq(k->ref_columns.v[1], "team_no");
    ck_assert_int_eq(k->on_delete, MG_FK_SET_NULL);
    ck_assert_int_eq(k->on_update, MG_FK_CASCADE);
    ck_assert_int_eq(k->deferrable, 0);
    ix = mg_table_index(t, "ix_members_org");
    ck_assert_str_eq(ix->expressions.v[0], "org_id DESC");
    ck_assert_str_eq(ix->expressions.v[1], "team_no");

    t = mg_metadata_table(have, "serials");
    ck_assert_int_eq(mg_table_column(t, "id")->autoincrement, 1);
    ck_assert_int_eq(mg_table_column(t, "n")->autoincrement, 1);
    ck_assert_ptr_null(mg_table_column(t, "n")->server_default);
    mg_metadata_free(have);

    ck_assert_int_eq(mg_strlist_add(&ignore, "ALL_TYPES"), 0);
    ck_mg_ok(mg_inspect(&have, db, &ignore, &err), &err);
    ck_assert_ptr_null(mg_metadata_table(have, "all_types"));
    ck_assert_ptr_nonnull(mg_metadata_table(have, "users"));
    mg_metadata_free(have);
    mg_strlist_release(&ignore);
    mg_metadata_free(want);
}
END_TEST

/* CHECK expressions as a model writes them and as the catalog prints
 * them back: equal whenever the server stores them the same. */
static const struct {
    const char *model;
    const char *catalog;
    int         equal;
} check_cases[] = {
    { "((pd >= '2007-01-01 00:00:00'::timestamp without time zone) AND "
      "(pd < '2007-02-01 00:00:00'::timestamp without time zone))",
      "pd >= '2007-01-01 00:00:00'::timestamp without time zone AND "
      "pd < '2007-02-01 00:00:00'::timestamp without time zone", 1 },
    { "a BETWEEN 1 AND 10", "a >= 1 AND a <= 10", 1 },
    { "a BETWEEN 1 AND 10", "a >= 1 AND a <= 11", 0 },
    { "length(v) > 0 AND NOT (a = 5)", "length(v::text) > 0 AND NOT a = 5",
      1 },
    { "(v)::text = lower((v)::text)", "v::text = lower(v::text)", 1 },
    { "v LIKE 'x%'", "v::text ~~ 'x%'::text", 1 },
    { "v NOT LIKE 'x%'", "v::text ~~ 'x%'::text", 0 },
    { "(a + 1) * 2 > 4", "a + 1 * 2 > 4", 0 },
    { "(a = 1 OR a = 2) AND v IS NULL", "a = 1 OR a = 2 AND v IS NULL", 0 },
    { "(a = 1 OR a = 2) AND v IS NULL",
      "(a = 1 OR a = 2) AND v IS NULL", 1 },
    { "NOT (a = 1 AND a = 2)", "NOT a = 1 AND a = 2", 0 },
};

START_TEST(test_pg_check_equal)
{
    char a[600], b[600];
    mg_metadata *have, *want;
    mg_oplist *l;
    mg_buf sql = MG_BUF_INIT;

    snprintf(a, sizeof(a), "CREATE TABLE t (a INTEGER, v VARCHAR(10), "
             "pd TIMESTAMP, CONSTRAINT c CHECK (%s));", check_cases[_i].catalog);
    snprintf(b, sizeof(b), "CREATE TABLE t (a INTEGER, v VARCHAR(10), "
             "pd TIMESTAMP, CONSTRAINT c CHECK (%s));", check_cases[_i].model);
    have = model(a);
    want = model(b);
    l = diff(have, want, &sql);
    ck_assert_msg((mg_oplist_count(l) == 0) == check_cases[_i].equal,
                  "%s vs %s:\n%s", check_cases[_i].model,
                  check_cases[_i].catalog, mg_buf_cstr(&sql));
    mg_oplist_free(l);
    mg_buf_release(&sql);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* Auto-generated keys as DESIGN.md section 2 says, read from a database
 * made natively: a table-level key is a plain column, identity (ALWAYS
 * and BY DEFAULT) and serial are told apart, another sequence's nextval
 * is kept, DEFAULT NULL is none, a non-default operator class is kept;
 * inheriting and partitioned tables are not read. The model inspect
 * would print makes the same catalog again. */
START_TEST(test_pg_auto_keys)
{
    static const char *const want_ddl[] = {
        "CREATE TABLE \"k_ident\" (\n"
        "    \"id\" INTEGER GENERATED ALWAYS AS IDENTITY,\n"
        "    \"b\" BIGINT GENERATED BY DEFAULT AS IDENTITY,\n"
        "    CONSTRAINT \"k_ident_pkey\" PRIMARY KEY (\"id\")\n)",
        "CREATE TABLE \"k_plain\" (\n"
        "    \"id\" INTEGER NOT NULL,\n"
        "    CONSTRAINT \"k_plain_pkey\" PRIMARY KEY (\"id\")\n)",
        "CREATE TABLE \"k_seq\" (\n"
        "    \"id\" INTEGER NOT NULL DEFAULT "
        "nextval('k_shared_seq'::regclass),\n"
        "    \"v\" VARCHAR(10),\n"
        "    \"w\" TEXT,\n"
        "    CONSTRAINT \"k_seq_pkey\" PRIMARY KEY (\"id\")\n)",
        "CREATE TABLE \"k_serial\" (\n"
        "    \"id\" SERIAL NOT NULL,\n"
        "    \"n\" BIGSERIAL NOT NULL,\n"
        "    CONSTRAINT \"k_serial_pkey\" PRIMARY KEY (\"id\")\n)",
    };
    mg_metadata *have, *again;
    const mg_table *t;
    const mg_column *c;
    mg_strlist sql = MG_STRLIST_INIT;
    mg_buf all = MG_BUF_INIT;
    mg_error err;
    mg_op op;
    size_t i;

    mg_error_clear(&err);
    run_script(db,
        "CREATE TABLE k_plain (id INTEGER NOT NULL, PRIMARY KEY (id));\n"
        "CREATE TABLE k_ident (id INTEGER GENERATED ALWAYS AS IDENTITY "
        "PRIMARY KEY, b BIGINT GENERATED BY DEFAULT AS IDENTITY);\n"
        "CREATE TABLE k_serial (id SERIAL PRIMARY KEY, n BIGSERIAL);\n"
        "CREATE SEQUENCE k_shared_seq;\n"
        "CREATE TABLE k_seq (id INTEGER NOT NULL DEFAULT "
        "nextval('k_shared_seq'), v VARCHAR(10) DEFAULT NULL, w TEXT, "
        "PRIMARY KEY (id));\n"
        "CREATE INDEX k_seq_w ON k_seq (w text_pattern_ops DESC);\n"
        "CREATE TABLE k_child (extra INTEGER) INHERITS (k_plain);\n"
        "CREATE TABLE k_parted (id INTEGER, d DATE) PARTITION BY RANGE (d);\n"
        "CREATE TABLE k_part1 PARTITION OF k_parted "
        "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n");
    have = reflect(db);
    ck_assert_uint_eq(mg_metadata_table_count(have), 4);
    ck_assert_ptr_null(mg_metadata_table(have, "k_child"));
    ck_assert_ptr_null(mg_metadata_table(have, "k_parted"));
    ck_assert_ptr_null(mg_metadata_table(have, "k_part1"));

    t = mg_metadata_table(have, "k_plain");
    ck_assert_int_eq(mg_table_column(t, "id")->autoincrement, 0);
    t = mg_metadata_table(have, "k_ident");
    c = mg_table_column(t, "id");
    ck_assert_int_eq(c->autoincrement, 1);
    ck_assert_int_eq(c->identity_always, 1);
    c = mg_table_column(t, "b");
    ck_assert_int_eq(c->autoincrement, 1);
    ck_assert_int_eq(c->identity_always, 0);
    t = mg_metadata_table(have, "k_serial");
    c = mg_table_column(t, "n");
    ck_assert_int_eq(c->autoincrement, 1);
    ck_assert_int_eq(c->serial, 1);
    ck_assert_ptr_null(c->server_default);
    t = mg_metadata_table(have, "k_seq");
    c = mg_table_column(t, "id");
    ck_assert_int_eq(c->autoincrement, 1);
    ck_assert_int_eq(c->serial, 0);
    ck_assert_str_eq(c->server_default, "nextval('k_shared_seq'::regclass)");
    ck_assert_ptr_null(mg_table_column(t, "v")->server_default);
    ck_assert_str_eq(mg_table_index(t, "k_seq_w")->expressions.v[0],
                     "w text_pattern_ops DESC");

    for (i = 0; i < sizeof(want_ddl) / sizeof(want_ddl[0]); i++) {
        memset(&op, 0, sizeof(op));
        op.kind = MG_OP_CREATE_TABLE;
        op.new_table = mg_metadata_table_at(have, i);
        mg_strlist_release(&sql);
        ck_mg_ok(mg_render_op(&sql, &op, pg(), &err), &err);
        ck_assert_uint_eq(sql.n, 1);
        ck_assert_str_eq(sql.v[0], want_ddl[i]);
    }
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_INDEX;
    op.new_table = mg_metadata_table(have, "k_seq");
    op.index = mg_table_index(op.new_table, "k_seq_w");
    mg_strlist_release(&sql);
    ck_mg_ok(mg_render_op(&sql, &op, pg(), &err), &err);
    ck_assert_str_eq(sql.v[0], "CREATE INDEX \"k_seq_w\" ON \"k_seq\" "
                               "(\"w\" text_pattern_ops DESC)");

    /* the same catalog from the model inspect prints (the other
     * sequence is one of its objects now: issue 20) */
    run_script(db, "DROP TABLE k_child, k_parted, k_plain, k_ident, "
                   "k_serial, k_seq; DROP SEQUENCE k_shared_seq");
    ck_assert_ptr_nonnull(mg_metadata_object(have, MG_OBJ_SEQUENCE, NULL,
                                             "k_shared_seq", NULL));
    ck_mg_ok(mg_render_create_all(&all, have, pg(), &err), &err);
    run_script(db, mg_buf_cstr(&all));
    again = reflect(db);
    assert_same(again, have, "created again");
    ck_assert_int_eq(mg_table_column(mg_metadata_table(again, "k_serial"),
                                     "id")->serial, 1);
    mg_metadata_free(again);
    mg_buf_release(&all);
    mg_strlist_release(&sql);
    mg_metadata_free(have);
}
END_TEST

/* A model copied from pg_dump: a serial's nextval default, its own
 * sequence named, is created as SERIAL, which makes that very sequence;
 * another sequence's nextval stays a default. */
START_TEST(test_pg_dump_serial_model)
{
    mg_metadata *md = model(
        "CREATE TABLE actor (actor_id integer DEFAULT "
        "nextval('actor_actor_id_seq'::regclass) NOT NULL, other integer "
        "DEFAULT nextval('shared_seq'::regclass) NOT NULL, "
        "CONSTRAINT actor_pkey PRIMARY KEY (actor_id));");
    mg_strlist sql = MG_STRLIST_INIT;
    mg_error err;
    mg_op op;

    mg_error_clear(&err);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = mg_metadata_table(md, "actor");
    ck_mg_ok(mg_render_op(&sql, &op, pg(), &err), &err);
    ck_assert_str_eq(sql.v[0], "CREATE TABLE \"actor\" (\n"
                     "    \"actor_id\" SERIAL NOT NULL,\n"
                     "    \"other\" INTEGER NOT NULL DEFAULT "
                     "nextval('shared_seq'::regclass),\n"
                     "    CONSTRAINT \"actor_pkey\" PRIMARY KEY "
                     "(\"actor_id\")\n)");
    mg_strlist_release(&sql);
    mg_metadata_free(md);
}
END_TEST

/* From an empty database, models[0] created, then each next model in
 * turn: the SQL of step i is want_sql[i - 1] (NULL: not checked), and
 * after it runs the database reflects as models[i]. */
static void
step_models(const char *const *models, const char *const *want_sql,
            size_t n)
{
    mg_metadata *want, *have;
    mg_oplist *l;
    mg_buf sql = MG_BUF_INIT;
    size_t i;

    want = model(models[0]);
    create_all(db, want);
    have = reflect(db);
    assert_same(have, want, models[0]);
    mg_metadata_free(have);
    mg_metadata_free(want);
    for (i = 1; i < n; i++) {
        want = model(models[i]);
        have = reflect(db);
        l = diff(have, want, &sql);
        if (want_sql[i - 1])
            ck_assert_str_eq(mg_buf_cstr(&sql), want_sql[i - 1]);
        run_script(db, mg_buf_cstr(&sql));
        mg_oplist_free(l);
        mg_metadata_free(have);
        have = reflect(db);
        assert_same(have, want, models[i]);
        mg_metadata_free(have);
        mg_metadata_free(want);
    }
    mg_buf_release(&sql);
}

/* Auto-generation changed by ALTER, each way, and back. */
START_TEST(test_pg_auto_keys_alter)
{
    static const char *const models[] = {
        "CREATE TABLE t (id INTEGER NOT NULL, PRIMARY KEY (id));",
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "CREATE TABLE t (id INTEGER GENERATED ALWAYS AS IDENTITY, "
        "PRIMARY KEY (id));",
        "CREATE TABLE t (id SERIAL, PRIMARY KEY (id));",
        "CREATE TABLE t (id INTEGER NOT NULL, PRIMARY KEY (id));",
    };
    static const char *const want_sql[] = {
        "ALTER TABLE \"t\" ALTER COLUMN \"id\" ADD GENERATED BY DEFAULT AS "
        "IDENTITY;\n",
        "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET GENERATED ALWAYS;\n",
        NULL,   /* DROP IDENTITY, then the serial: not checked */
        "ALTER TABLE \"t\" ALTER COLUMN \"id\" DROP DEFAULT;\n"
        "DROP SEQUENCE \"t_id_seq\";\n",
    };

    step_models(models, want_sql, sizeof(models) / sizeof(models[0]));
}
END_TEST

/* A generated column made again (its expression changes) takes with it
 * on the server every index and constraint that names it: a key part, an
 * expression, a partial index's predicate, a CHECK, a UNIQUE of several
 * columns. All are made again after it, so the database reflects as the
 * model, each way. */
START_TEST(test_pg_generated_remake_keeps_dependents)
{
    static const char *const models[] = {
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, "
        "s INT GENERATED ALWAYS AS (a * 2) STORED, "
        "CONSTRAINT ck_t_s CHECK (s >= 0), "
        "CONSTRAINT uq_t_a_s UNIQUE (a, s));\n"
        "CREATE INDEX ix_t_s ON t (s);\n"
        "CREATE INDEX ix_t_s_expr ON t ((s + 1));\n"
        "CREATE INDEX ix_t_a_part ON t (a) WHERE s > 10;",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, "
        "s INT GENERATED ALWAYS AS (a * 3) STORED, "
        "CONSTRAINT ck_t_s CHECK (s >= 0), "
        "CONSTRAINT uq_t_a_s UNIQUE (a, s));\n"
        "CREATE INDEX ix_t_s ON t (s);\n"
        "CREATE INDEX ix_t_s_expr ON t ((s + 1));\n"
        "CREATE INDEX ix_t_a_part ON t (a) WHERE s > 10;",
    };
    const char *const steps[] = { models[0], models[1], models[0] };
    static const char *const want_sql[] = { NULL, NULL };

    step_models(steps, want_sql, 3);
}
END_TEST

/* Generated columns and collations: created, reflected equal, changed
 * (a generated column is dropped and added again, with the index over
 * it, a collation changes with ALTER ... TYPE) and changed back. */
START_TEST(test_pg_generated_collate)
{
    static const char *const models[] = {
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b NUMERIC(10,2), "
        "n TEXT COLLATE pg_catalog.\"POSIX\", "
        "s NUMERIC GENERATED ALWAYS AS (a::numeric * b) STORED);\n"
        "CREATE INDEX ix_t_s ON t (s);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b NUMERIC(10,2), "
        "n TEXT COLLATE \"C\", "
        "s NUMERIC GENERATED ALWAYS AS ((a)::numeric + b) STORED);\n"
        "CREATE INDEX ix_t_s ON t (s);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b NUMERIC(10,2), "
        "n TEXT, s NUMERIC);\n"
        "CREATE INDEX ix_t_s ON t (s);",
    };
    static const char *const want_sql[] = {
        "ALTER TABLE \"t\" ALTER COLUMN \"n\" TYPE TEXT COLLATE \"C\" "
        "USING \"n\"::TEXT;\n"
        "ALTER TABLE \"t\" DROP COLUMN \"s\", ADD COLUMN \"s\" NUMERIC "
        "GENERATED ALWAYS AS ((a)::numeric + b) STORED;\n"
        "CREATE INDEX \"ix_t_s\" ON \"t\" (\"s\");\n",
        "ALTER TABLE \"t\" ALTER COLUMN \"n\" TYPE TEXT USING "
        "\"n\"::TEXT;\n"
        "-- WARNING: data loss: alter column t.s: generated (a::numeric + b) "
        "STORED -> none\n"
        "ALTER TABLE \"t\" DROP COLUMN \"s\", ADD COLUMN \"s\" NUMERIC;\n"
        "CREATE INDEX \"ix_t_s\" ON \"t\" (\"s\");\n",
    };
    static const char create[] =
        "CREATE TABLE \"t\" (\n"
        "    \"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY,\n"
        "    \"a\" INTEGER,\n"
        "    \"b\" NUMERIC(10,2),\n"
        "    \"n\" TEXT COLLATE \"POSIX\",\n"
        "    \"s\" NUMERIC GENERATED ALWAYS AS (a::numeric * b) STORED,\n"
        "    CONSTRAINT \"pk_t\" PRIMARY KEY (\"id\")\n"
        ");\n"
        "CREATE INDEX \"ix_t_s\" ON \"t\" (\"s\");\n";
    mg_metadata *want;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    want = model(models[0]);
    ck_mg_ok(mg_render_create_all(&sql, want, pg(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql), create);
    mg_metadata_free(want);
    mg_buf_release(&sql);
    step_models(models, want_sql, sizeof(models) / sizeof(models[0]));
}
END_TEST

/* A schema other than public, through ?schema=. */
START_TEST(test_pg_inspect_schema_param)
{
    char url[1100];
    mg_engine *e = NULL;
    mg_metadata *md;
    mg_error err;

    mg_error_clear(&err);
    exec_ok(db, "CREATE SCHEMA other");
    exec_ok(db, "CREATE TABLE other.only_here (id INTEGER)");
    exec_ok(db, "CREATE TABLE public.only_public (id INTEGER)");
    snprintf(url, sizeof(url), "%s%sschema=other", db_url,
             strchr(db_url, '?') ? "&" : "?");
    ck_mg_ok(mg_engine_open(&e, url, 0, &err), &err);
    md = reflect(e);
    ck_assert_uint_eq(mg_metadata_table_count(md), 1);
    ck_assert_str_eq(mg_metadata_table_at(md, 0)->name, "only_here");
    mg_metadata_free(md);
    mg_engine_free(e);
    md = reflect(db);
    ck_assert_uint_eq(mg_metadata_table_count(md), 1);
    ck_assert_str_eq(mg_metadata_table_at(md, 0)->name, "only_public");
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_pg_change_set_and_back)
{
    mg_metadata *a = model(MODEL_A), *b = model(MODEL_B), *have, *again;
    mg_oplist *up, *down = NULL;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;
    char buf[64];

    mg_error_clear(&err);
    create_all(db, a);
    exec_ok(db, "INSERT INTO users (name, email, bio) VALUES "
                "('ann', 'ann@x', 'hi'), ('bob', 'bob@x', 'yo')");
    exec_ok(db, "INSERT INTO posts (title, user_id, legacy) "
                "SELECT 'p' || u.id || '_' || g, u.id, 'old' "
                "FROM users u, generate_series(1, 3) g");
    have = reflect(db);

    up = diff(have, b, &sql);
    ck_assert_uint_gt(mg_oplist_count(up), 10);
    /* the narrowing and the dropped column are flagged */
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&sql),
                                 "-- WARNING: data loss"));
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&sql),
                                 "ALTER TABLE \"users\" ALTER COLUMN "
                                 "\"flag\" DROP DEFAULT;\n"
                                 "ALTER TABLE \"users\" ALTER COLUMN "
                                 "\"flag\" TYPE INTEGER USING "
                                 "\"flag\"::INTEGER;\n"));
    run_script(db, mg_buf_cstr(&sql));
    again = reflect(db);
    assert_same(again, b, "after upgrade");
    mg_metadata_free(again);

    ck_mg_ok(mg_oplist_reverse(&down, up, &err), &err);
    mg_buf_clear(&sql);
    ck_mg_ok(mg_render(&sql, down, pg(), &err), &err);
    run_script(db, mg_buf_cstr(&sql));
    again = reflect(db);
    assert_same(again, a, "after downgrade");
    mg_metadata_free(again);

    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM users", buf,
                            sizeof(buf)), "2");
    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM posts", buf,
                            sizeof(buf)), "6");
    ck_assert_str_eq(scalar(db, "SELECT string_agg(bio || ':' || flag::text, "
                            "',' ORDER BY id) FROM users", buf, sizeof(buf)),
                     "hi:true,yo:true");

    mg_oplist_free(down);
    mg_oplist_free(up);
    mg_metadata_free(have);
    mg_metadata_free(a);
    mg_metadata_free(b);
    mg_buf_release(&sql);
}
END_TEST

/* Dropping a whole cycle of tables, and creating it again. */
START_TEST(test_pg_drop_cycle_and_back)
{
    mg_metadata *a = model(MODEL_A), *b = model(USERS_A POSTS_A), *have,
                *again;
    mg_oplist *up, *down = NULL;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    create_all(db, a);
    have = reflect(db);
    up = diff(have, b, &sql);
    run_script(db, mg_buf_cstr(&sql));
    again = reflect(db);
    assert_same(again, b, "after dropping the cycle");
    mg_metadata_free(again);
    ck_mg_ok(mg_oplist_reverse(&down, up, &err), &err);
    mg_buf_clear(&sql);
    ck_mg_ok(mg_render(&sql, down, pg(), &err), &err);
    run_script(db, mg_buf_cstr(&sql));
    again = reflect(db);
    assert_same(again, a, "after creating it again");
    mg_metadata_free(again);
    mg_oplist_free(down);
    mg_oplist_free(up);
    mg_metadata_free(have);
    mg_metadata_free(a);
    mg_metadata_free(b);
    mg_buf_release(&sql);
}
END_TEST

static int
scratch_count(void)
{
    char sql[200], buf[32];

    snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_database WHERE "
             "datname LIKE 'migrate\\_scratch\\_%ld\\_%%'", (long)getpid());
    return (int)strtol(scalar(admin, sql, buf, sizeof(buf)), NULL, 10);
}

START_TEST(test_pg_scratch_direct)
{
    const mg_dialect *d = pg();
    char *u1 = NULL, *u2 = NULL, prefix[1100], name[64];
    mg_engine *e = NULL;
    mg_url *u = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(d->scratch.create(mg_engine__conn(db), mg_engine__url(db), &u1,
                               &err), &err);
    ck_mg_ok(d->scratch.create(mg_engine__conn(db), mg_engine__url(db), &u2,
                               &err), &err);
    ck_assert_int_eq(scratch_count(), 2);
    /* migrate_scratch_<pid>_<host>_<time>_1 */
    snprintf(name, sizeof(name), "migrate_scratch_%ld_", (long)getpid());
    ck_mg_ok(mg_url_parse(&u, u1, &err), &err);
    ck_assert_msg(strncmp(mg_url_database(u), name, strlen(name)) == 0 &&
                  strlen(mg_url_database(u)) == strlen(name) + 21 &&
                  strcmp(mg_url_database(u) + strlen(name) + 19, "_1") == 0,
                  "%s", mg_url_database(u));
    with_database(prefix, sizeof(prefix), server_url(), mg_url_database(u));
    mg_url_free(u);
    ck_assert_str_eq(u1, prefix);
    ck_assert_str_ne(u1, u2);
    ck_mg_ok(mg_engine_open(&e, u2, 0, &err), &err);
    exec_ok(e, "CREATE TABLE t (id INTEGER)");
    /* WITH (FORCE): the open connection does not stop the drop */
    ck_mg_ok(d->scratch.drop(mg_engine__conn(db), u2, &err), &err);
    mg_engine_free(e);
    ck_mg_ok(d->scratch.drop(mg_engine__conn(db), u1, &err), &err);
    ck_assert_int_eq(scratch_count(), 0);

    ck_assert_int_eq(d->scratch.drop(mg_engine__conn(db), db_url, &err),
                     MG_EUSAGE);
    ck_assert_msg(strstr(err.msg, "not a scratch database") != NULL, "%s",
                  err.msg);
    ck_assert_msg(strstr(err.msg, "migrate-test-pw") == NULL, "%s", err.msg);
    free(u1);
    free(u2);
}
END_TEST

START_TEST(test_pg_scratch_migrations_source)
{
    char dir[] = "/tmp/mg_pg_src_XXXXXX", path[300], versions[300];
    mg_source_opts o;
    mg_metadata *md = NULL;
    mg_error err;
    FILE *f;

    mg_error_clear(&err);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(versions, sizeof(versions), "%s", dir);
    snprintf(path, sizeof(path), "%s/aaaa1111_one.sql", dir);
    ck_assert_ptr_nonnull(f = fopen(path, "w"));
    fputs("-- revision: aaaa1111\n-- message: one\n-- dialect: postgresql\n"
          "-- +upgrade\nCREATE TABLE t1 (id INTEGER PRIMARY KEY, "
          "name VARCHAR(10) NOT NULL DEFAULT 'x');\n"
          "CREATE INDEX ix_t1_name ON t1 (name);\n"
          "-- +downgrade\nDROP TABLE t1;\n", f);
    fclose(f);
    memset(&o, 0, sizeof(o));
    o.url = db_url;
    o.versions_dir = versions;
    o.version_table = "migrate_version";
    ck_mg_ok(mg_source_load(&md, "migrations", &o, &err), &err);
    ck_assert_uint_eq(mg_metadata_table_count(md), 1);
    ck_assert_ptr_nonnull(mg_table_index(mg_metadata_table(md, "t1"),
                                         "ix_t1_name"));
    ck_assert_int_eq(scratch_count(), 0);
    mg_metadata_free(md);
    unlink(path);
    rmdir(dir);
}
END_TEST

#endif /* MG_WITH_POSTGRESQL */

Suite *
render_postgresql_suite(void)
{
    Suite *s = suite_create("render_postgresql");
#ifdef MG_WITH_POSTGRESQL
    TCase *tc = tcase_create("render");

    tcase_add_loop_test(tc, test_pg_render_op, 0,
                        (int)(sizeof(op_cases) / sizeof(op_cases[0])));
    tcase_add_loop_test(tc, test_pg_render_type, 0,
                        (int)(sizeof(type_cases) / sizeof(type_cases[0])));
    tcase_add_loop_test(tc, test_pg_uncast, 0,
                        (int)(sizeof(uncast_cases) /
                              sizeof(uncast_cases[0])));
    tcase_add_loop_test(tc, test_pg_default_equal, 0,
                        (int)(sizeof(default_cases) /
                              sizeof(default_cases[0])));
    tcase_add_test(tc, test_pg_default_text);
    tcase_add_test(tc, test_pg_dump_serial_model);
    tcase_add_loop_test(tc, test_pg_check_equal, 0,
                        (int)(sizeof(check_cases) / sizeof(check_cases[0])));
    tcase_add_test(tc, test_pg_scratch_url);
    tcase_add_test(tc, test_pg_caps);
    suite_add_tcase(s, tc);
    if (server_url()) {
        tc = tcase_create("server");
        tcase_set_timeout(tc, 120);
        tcase_add_checked_fixture(tc, server_setup, server_teardown);
        tcase_add_test(tc, test_pg_create_all_round_trip);
        tcase_add_test(tc, test_pg_inspect_details);
        tcase_add_test(tc, test_pg_inspect_schema_param);
        tcase_add_test(tc, test_pg_auto_keys);
        tcase_add_test(tc, test_pg_auto_keys_alter);
        tcase_add_test(tc, test_pg_generated_collate);
        tcase_add_test(tc, test_pg_generated_remake_keeps_dependents);
        tcase_add_test(tc, test_pg_change_set_and_back);
        tcase_add_test(tc, test_pg_drop_cycle_and_back);
        tcase_add_test(tc, test_pg_scratch_direct);
        tcase_add_test(tc, test_pg_scratch_migrations_source);
        suite_add_tcase(s, tc);
    } else {
        tc = tcase_create("server");
        tcase_add_test(tc, test_pg_no_server);
        suite_add_tcase(s, tc);
    }
#endif
    return s;
}
