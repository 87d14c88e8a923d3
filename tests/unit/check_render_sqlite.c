/* check_render_sqlite.c - the SQLite dialect's DDL and reflection: a table
 * of operations, each with the exact SQL mg_render must give (or the exact
 * error), built on two fixed schemas (`have`, the database, and `want`, the
 * models); then real in-memory databases: the create_all DDL executed and
 * reflected back must equal the metadata it came from, and a table rebuild
 * must keep every row, index, trigger and foreign key. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_metadata.h"
#include "mg_op.h"
#include "mg_render.h"
#include "mg_compare.h"
#include "mg_model.h"
#include "sqlite_int.h"

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
    const char *where)
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
    return ix;
}

#define USERS_TRIGGER \
    "CREATE TRIGGER trg_users_name AFTER UPDATE OF name ON users\n" \
    "BEGIN\n    UPDATE users SET active = 1 WHERE id = new.id;\nEND"

/* The schema the models want. */
static mg_metadata *
want_schema(void)
{
    mg_metadata *md = NULL;
    mg_table *t;
    mg_constraint *k;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);

    t = table(md, "users");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    col(t, "name", "VARCHAR(50)", 0, NULL);
    col(t, "email", "VARCHAR(100)", 0, NULL);
    col(t, "active", "BOOLEAN", 0, "TRUE");
    col(t, "created_at", "TIMESTAMP", 0, "CURRENT_TIMESTAMP");
    col(t, "score", "NUMERIC(10,2)", 1, "0");
    col(t, "code", "TEXT", 1, "lower('X')");
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_users", "id");
    con(t, MG_CONSTRAINT_UNIQUE, "uq_users_email", "email");
    check(t, "ck_users_name", "length(name) > 0");
    idx(t, "ix_users_name", 0, "name", NULL);
    idx(t, "ux_users_email_lower", 1, "lower(email)", "active = 1");

    t = table(md, "posts");
    col(t, "id", "BIGINT", 0, NULL)->autoincrement = 1;
    col(t, "title", "VARCHAR(200)", 0, NULL);
    col(t, "user_id", "INTEGER", 0, NULL);
    col(t, "body", "TEXT", 1, "'n/a'");
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_posts", "id");
    fk(t, "fk_posts_user_id_users", "user_id", "users", "id",
       MG_FK_CASCADE, MG_FK_NO_ACTION);
    idx(t, "ix_posts_user_id", 0, "user_id", NULL);

    t = table(md, "tags");
    col(t, "post_id", "INTEGER", 0, NULL);
    col(t, "name", "TEXT", 0, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_tags", "post_id,name");
    k = fk(t, "fk_tags_post_id_posts", "post_id", "posts", "id",
           MG_FK_RESTRICT, MG_FK_CASCADE);
    k->deferrable = 2;
    t->options = strdup("WITHOUT ROWID");
    ck_assert_ptr_nonnull(t->options);

    t = table(md, "all_types");
    col(t, "a", "INTEGER", 1, NULL);
    col(t, "b", "BIGINT", 1, NULL);
    col(t, "c", "SMALLINT", 1, NULL);
    col(t, "d", "VARCHAR(10)", 1, NULL);
    col(t, "e", "CHAR(3)", 1, NULL);
    col(t, "f", "TEXT", 1, NULL);
    col(t, "g", "BOOLEAN", 1, "FALSE");
    col(t, "h", "DATE", 1, "CURRENT_DATE");
    col(t, "i", "TIME", 1, "CURRENT_TIME");
    col(t, "j", "TIMESTAMP", 1, NULL);
    col(t, "k", "NUMERIC(8,3)", 1, "-1.5e3");
    col(t, "l", "NUMERIC(5)", 1, NULL);
    col(t, "m", "NUMERIC", 1, "NULL");
    col(t, "n", "REAL", 1, "(1 + 2)");
    col(t, "o", "DOUBLE", 1, "0x1F");
    col(t, "p", "JSON", 1, "'{}'");
    col(t, "q", "BLOB", 1, "X'00ff'");
    col(t, "r", "UUID", 1, NULL);
    col(t, "s", "INTERVAL", 1, "'it''s'");
    col(t, "t", "VARCHAR", 1, "(1) + (2)");

    t = table(md, "odd \"name\"");
    col(t, "a\"b", "INTEGER", 0, NULL);
    col(t, "x y", "TEXT", 1, NULL);
    con(t, MG_CONSTRAINT_UNIQUE, "uq \"odd\"", "a\"b,x y");
    idx(t, "ix \"odd\"", 0, "a\"b|x y", NULL);

    t = table(md, "accounts");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    col(t, "owner", "TEXT", 0, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_accounts", "id");
    return md;
}

/* The schema the database has: users before the change. */
static mg_metadata *
have_schema(void)
{
    mg_metadata *md = NULL;
    mg_table *t;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "users");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    col(t, "name", "VARCHAR(50)", 1, NULL);
    col(t, "email", "VARCHAR(100)", 0, NULL);
    col(t, "nickname", "TEXT", 1, NULL);
    col(t, "active", "BOOLEAN", 0, "TRUE");
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_users", "id");
    idx(t, "ix_users_email", 0, "email", NULL);
    ck_assert_int_eq(mg_strlist_add(&t->triggers, USERS_TRIGGER), 0);

    t = table(md, "accounts");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_accounts", "id");
    return md;
}

/* ---- the table of operations --------------------------------------------- */

typedef struct op_case {
    mg_op_kind  kind;
    const char *have;     /* old_table name in have_schema, or NULL */
    const char *want;     /* new_table name in want_schema, or NULL */
    const char *column;   /* column, for column ops */
    const char *item;     /* constraint or index name */
    int         rc;       /* expected return */
    const char *out;      /* exact mg_render text, or the error message */
} op_case;

static const op_case op_cases[] = {
    { MG_OP_CREATE_TABLE, NULL, "users", NULL, NULL, 0,
      "CREATE TABLE \"users\" (\n"
      "    \"id\" INTEGER PRIMARY KEY,\n"
      "    \"name\" VARCHAR(50) NOT NULL,\n"
      "    \"email\" VARCHAR(100) NOT NULL,\n"
      "    \"active\" BOOLEAN NOT NULL DEFAULT TRUE,\n"
      "    \"created_at\" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "    \"score\" NUMERIC(10,2) DEFAULT 0,\n"
      "    \"code\" TEXT DEFAULT (lower('X')),\n"
      "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
      "    CONSTRAINT \"ck_users_name\" CHECK (length(name) > 0)\n"
      ");\n" },
    /* a BIGINT single key is the rowid alias too (DESIGN.md 9) */
    { MG_OP_CREATE_TABLE, NULL, "posts", NULL, NULL, 0,
      "CREATE TABLE \"posts\" (\n"
      "    \"id\" INTEGER PRIMARY KEY,\n"
      "    \"title\" VARCHAR(200) NOT NULL,\n"
      "    \"user_id\" INTEGER NOT NULL,\n"
      "    \"body\" TEXT DEFAULT 'n/a',\n"
      "    CONSTRAINT \"fk_posts_user_id_users\" FOREIGN KEY (\"user_id\") "
      "REFERENCES \"users\" (\"id\") ON DELETE CASCADE\n"
      ");\n" },
    /* composite key as a table constraint; options after ")" */
    { MG_OP_CREATE_TABLE, NULL, "tags", NULL, NULL, 0,
      "CREATE TABLE \"tags\" (\n"
      "    \"post_id\" INTEGER NOT NULL,\n"
      "    \"name\" TEXT NOT NULL,\n"
      "    CONSTRAINT \"pk_tags\" PRIMARY KEY (\"post_id\", \"name\"),\n"
      "    CONSTRAINT \"fk_tags_post_id_posts\" FOREIGN KEY (\"post_id\") "
      "REFERENCES \"posts\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE "
      "DEFERRABLE INITIALLY DEFERRED\n"
      ") WITHOUT ROWID;\n" },
    /* every generic type, and each kind of default */
    { MG_OP_CREATE_TABLE, NULL, "all_types", NULL, NULL, 0,
      "CREATE TABLE \"all_types\" (\n"
      "    \"a\" INTEGER,\n"
      "    \"b\" BIGINT,\n"
      "    \"c\" SMALLINT,\n"
      "    \"d\" VARCHAR(10),\n"
      "    \"e\" CHAR(3),\n"
      "    \"f\" TEXT,\n"
      "    \"g\" BOOLEAN DEFAULT FALSE,\n"
      "    \"h\" DATE DEFAULT CURRENT_DATE,\n"
      "    \"i\" TIME DEFAULT CURRENT_TIME,\n"
      "    \"j\" TIMESTAMP,\n"
      "    \"k\" NUMERIC(8,3) DEFAULT -1.5e3,\n"
      "    \"l\" NUMERIC(5),\n"
      "    \"m\" NUMERIC DEFAULT NULL,\n"
      "    \"n\" REAL DEFAULT (1 + 2),\n"
      "    \"o\" REAL DEFAULT 0x1F,\n"
      "    \"p\" JSON DEFAULT '{}',\n"
      "    \"q\" BLOB DEFAULT X'00ff',\n"
      "    \"r\" CHAR(36),\n"
      "    \"s\" INTERVAL DEFAULT 'it''s',\n"
      "    \"t\" VARCHAR DEFAULT ((1) + (2))\n"
      ");\n" },
    /* quotes inside identifiers are doubled */
    { MG_OP_CREATE_TABLE, NULL, "odd \"name\"", NULL, NULL, 0,
      "CREATE TABLE \"odd \"\"name\"\"\" (\n"
      "    \"a\"\"b\" INTEGER NOT NULL,\n"
      "    \"x y\" TEXT,\n"
      "    CONSTRAINT \"uq \"\"odd\"\"\" UNIQUE (\"a\"\"b\", \"x y\")\n"
      ");\n" },
    { MG_OP_DROP_TABLE, "users", NULL, NULL, NULL, 0,
      "DROP TABLE \"users\";\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_name", 0,
      "CREATE INDEX \"ix_users_name\" ON \"users\" (\"name\");\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ux_users_email_lower", 0,
      "CREATE UNIQUE INDEX \"ux_users_email_lower\" ON \"users\" "
      "(lower(email)) WHERE active = 1;\n" },
    { MG_OP_CREATE_INDEX, NULL, "odd \"name\"", NULL, "ix \"odd\"", 0,
      "CREATE INDEX \"ix \"\"odd\"\"\" ON \"odd \"\"name\"\"\" "
      "(\"a\"\"b\", \"x y\");\n" },
    { MG_OP_DROP_INDEX, "users", NULL, NULL, "ix_users_email", 0,
      "DROP INDEX \"ix_users_email\";\n" },
    { MG_OP_ADD_COLUMN, NULL, "users", "created_at", NULL, 0,
      "ALTER TABLE \"users\" ADD COLUMN \"created_at\" TIMESTAMP NOT NULL "
      "DEFAULT CURRENT_TIMESTAMP;\n" },
    /* a single-column foreign key comes along inline */
    { MG_OP_ADD_COLUMN, NULL, "posts", "user_id", NULL, 0,
      "-- WARNING: needs a value for existing rows: new NOT NULL column "
      "posts.user_id has no default; give it one, or add it NULL, fill it, then "
      "make it NOT NULL\n"
      "ALTER TABLE \"posts\" ADD COLUMN \"user_id\" INTEGER NOT NULL "
      "CONSTRAINT \"fk_posts_user_id_users\" REFERENCES \"users\" (\"id\") "
      "ON DELETE CASCADE;\n" },
    { MG_OP_ADD_COLUMN, NULL, "tags", "post_id", NULL, 0,
      "-- WARNING: needs a value for existing rows: new NOT NULL column "
      "tags.post_id has no default; give it one, or add it NULL, fill it, then "
      "make it NOT NULL\n"
      "ALTER TABLE \"tags\" ADD COLUMN \"post_id\" INTEGER NOT NULL "
      "CONSTRAINT \"fk_tags_post_id_posts\" REFERENCES \"posts\" (\"id\") "
      "ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY "
      "DEFERRED;\n" },
    { MG_OP_DROP_COLUMN, "users", NULL, "nickname", NULL, 0,
      "ALTER TABLE \"users\" DROP COLUMN \"nickname\";\n" },
    { MG_OP_REBUILD_TABLE, "users", "users", NULL, NULL, 0,
      "CREATE TABLE \"_migrate_tmp_users\" (\n"
      "    \"id\" INTEGER PRIMARY KEY,\n"
      "    \"name\" VARCHAR(50) NOT NULL,\n"
      "    \"email\" VARCHAR(100) NOT NULL,\n"
      "    \"active\" BOOLEAN NOT NULL DEFAULT TRUE,\n"
      "    \"created_at\" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "    \"score\" NUMERIC(10,2) DEFAULT 0,\n"
      "    \"code\" TEXT DEFAULT (lower('X')),\n"
      "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
      "    CONSTRAINT \"ck_users_name\" CHECK (length(name) > 0)\n"
      ");\n"
      "INSERT INTO \"_migrate_tmp_users\" (\"id\", \"name\", \"email\", "
      "\"active\") SELECT \"id\", \"name\", \"email\", \"active\" "
      "FROM \"users\";\n"
      "DROP TABLE \"users\";\n"
      "PRAGMA legacy_alter_table = ON;\n"
      "ALTER TABLE \"_migrate_tmp_users\" RENAME TO \"users\";\n"
      "PRAGMA legacy_alter_table = OFF;\n"
      "CREATE INDEX \"ix_users_name\" ON \"users\" (\"name\");\n"
      "CREATE UNIQUE INDEX \"ux_users_email_lower\" ON \"users\" "
      "(lower(email)) WHERE active = 1;\n"
      USERS_TRIGGER ";\n" },
    /* no value for a new NOT NULL column without a default: rebuilt as
     * every dialect adds it (the copy fails on a table with rows), and
     * flagged */
    { MG_OP_REBUILD_TABLE, "accounts", "accounts", NULL, NULL, 0,
      "-- WARNING: needs a value for existing rows: new NOT NULL column "
      "accounts.owner has no default; give it one, or add it NULL, fill it, then "
      "make it NOT NULL\n"
      "CREATE TABLE \"_migrate_tmp_accounts\" (\n"
      "    \"id\" INTEGER PRIMARY KEY,\n"
      "    \"owner\" TEXT NOT NULL\n"
      ");\n"
      "INSERT INTO \"_migrate_tmp_accounts\" (\"id\") SELECT \"id\" "
      "FROM \"accounts\";\n"
      "DROP TABLE \"accounts\";\n"
      "PRAGMA legacy_alter_table = ON;\n"
      "ALTER TABLE \"_migrate_tmp_accounts\" RENAME TO \"accounts\";\n"
      "PRAGMA legacy_alter_table = OFF;\n" },
    /* the other direction: no column of the new table is new */
    { MG_OP_REBUILD_TABLE, "accounts", "accounts", NULL, NULL, 0, NULL },
    { MG_OP_ALTER_COLUMN, "users", "users", "name", NULL, MG_EUSAGE,
      "sqlite cannot alter column users.name; the change needs a table "
      "rebuild" },
    { MG_OP_ADD_CONSTRAINT, NULL, "users", NULL, "uq_users_email",
      MG_EUSAGE, "sqlite cannot add constraint uq_users_email to users; "
      "the change needs a table rebuild" },
    { MG_OP_DROP_CONSTRAINT, "users", "users", NULL, "pk_users", MG_EUSAGE,
      "sqlite cannot drop constraint pk_users from users; the change "
      "needs a table rebuild" },
    /* outside a CREATE TABLE of the same list a foreign key is no
     * exception */
    { MG_OP_ADD_CONSTRAINT, NULL, "posts", NULL, "fk_posts_user_id_users",
      MG_EUSAGE, "sqlite cannot add constraint fk_posts_user_id_users to "
      "posts; the change needs a table rebuild" },
};

/* The rebuild of accounts in reverse, have <- want: owner is dropped. */
#define ACCOUNTS_BACK \
    "CREATE TABLE \"_migrate_tmp_accounts\" (\n" \
    "    \"id\" INTEGER PRIMARY KEY\n" \
    ");\n" \
    "INSERT INTO \"_migrate_tmp_accounts\" (\"id\") SELECT \"id\" " \
    "FROM \"accounts\";\n" \
    "DROP TABLE \"accounts\";\n" \
    "PRAGMA legacy_alter_table = ON;\n" \
    "ALTER TABLE \"_migrate_tmp_accounts\" RENAME TO \"accounts\";\n" \
    "PRAGMA legacy_alter_table = OFF;\n"

static const mg_dialect *
sqlite_dialect(void)
{
    const mg_dialect *d = mg_dialect_find("sqlite");

    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(d->ddl.render_op);
    ck_assert_ptr_nonnull(d->ddl.render_type);
    ck_assert_ptr_nonnull(d->catalog.inspect);
    return d;
}

/* Render one op as a one-op list; returns mg_render's code. */
static int
render_one(mg_buf *out, const mg_op *op, mg_error *err)
{
    mg_oplist *l = NULL;
    int rc;

    ck_assert_int_eq(mg_oplist_new(&l, NULL), 0);
    ck_assert_int_eq(mg_oplist_add(l, op), 0);
    rc = mg_render(out, l, sqlite_dialect(), err);
    mg_oplist_free(l);
    return rc;
}

START_TEST(test_render_sqlite_ops)
{
    const op_case *c = &op_cases[_i];
    mg_metadata *have = have_schema(), *want = want_schema();
    mg_buf out = MG_BUF_INIT;
    mg_error err;
    mg_op op;
    int rc;

    mg_error_clear(&err);
    memset(&op, 0, sizeof(op));
    op.kind = c->kind;
    if (c->have)
        ck_assert_ptr_nonnull(op.old_table = mg_metadata_table(have,
                                                               c->have));
    if (c->want)
        ck_assert_ptr_nonnull(op.new_table = mg_metadata_table(want,
                                                               c->want));
    if (!c->out) {
        /* the reverse direction of a case: swap */
        const mg_table *t = op.old_table;
        op.old_table = op.new_table;
        op.new_table = t;
    }
    if (c->column) {
        if (op.old_table)
            op.old_column = mg_table_column(op.old_table, c->column);
        if (op.new_table)
            op.new_column = mg_table_column(op.new_table, c->column);
        ck_assert(op.old_column || op.new_column);
    }
    if (c->item) {
        const mg_table *t = c->kind == MG_OP_ADD_CONSTRAINT ||
                            c->kind == MG_OP_CREATE_INDEX ? op.new_table
                                                          : op.old_table;
        op.constraint = mg_table_constraint(t, c->item);
        op.index = mg_table_index(t, c->item);
        ck_assert(op.constraint || op.index);
    }
    rc = render_one(&out, &op, &err);
    ck_assert_int_eq(rc, c->rc);
    if (rc < 0)
        ck_assert_str_eq(err.msg, c->out);
    else
        ck_assert_str_eq(mg_buf_cstr(&out), c->out ? c->out : ACCOUNTS_BACK);
    mg_buf_release(&out);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* The downgrade of the users rebuild: the triggers come from the new
 * table, the reflected one, when the old (the models') has none. */
START_TEST(test_render_sqlite_rebuild_back)
{
    mg_metadata *have = have_schema(), *want = want_schema();
    mg_buf out = MG_BUF_INIT;
    mg_error err;
    mg_op op;

    mg_error_clear(&err);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_REBUILD_TABLE;
    op.old_table = mg_metadata_table(want, "users");
    op.new_table = mg_metadata_table(have, "users");
    ck_mg_ok(render_one(&out, &op, &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&out),
        "CREATE TABLE \"_migrate_tmp_users\" (\n"
        "    \"id\" INTEGER PRIMARY KEY,\n"
        "    \"name\" VARCHAR(50),\n"
        "    \"email\" VARCHAR(100) NOT NULL,\n"
        "    \"nickname\" TEXT,\n"
        "    \"active\" BOOLEAN NOT NULL DEFAULT TRUE\n"
        ");\n"
        "INSERT INTO \"_migrate_tmp_users\" (\"id\", \"name\", \"email\", "
        "\"active\") SELECT \"id\", \"name\", \"email\", \"active\" "
        "FROM \"users\";\n"
        "DROP TABLE \"users\";\n"
        "PRAGMA legacy_alter_table = ON;\n"
        "ALTER TABLE \"_migrate_tmp_users\" RENAME TO \"users\";\n"
        "PRAGMA legacy_alter_table = OFF;\n"
        "CREATE INDEX \"ix_users_email\" ON \"users\" (\"email\");\n"
        USERS_TRIGGER ";\n");
    mg_buf_release(&out);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* ---- render_type --------------------------------------------------------- */

typedef struct type_case {
    mg_type     type;
    const char *out;
} type_case;

static const type_case type_cases[] = {
    { { MG_TYPE_INTEGER, 0, 0, -1, NULL }, "INTEGER" },
    { { MG_TYPE_BIGINT, 0, 0, -1, NULL }, "BIGINT" },
    { { MG_TYPE_SMALLINT, 0, 0, -1, NULL }, "SMALLINT" },
    { { MG_TYPE_VARCHAR, 50, 0, -1, NULL }, "VARCHAR(50)" },
    { { MG_TYPE_VARCHAR, 0, 0, -1, NULL }, "VARCHAR" },
    { { MG_TYPE_CHAR, 2, 0, -1, NULL }, "CHAR(2)" },
    { { MG_TYPE_TEXT, 0, 0, -1, NULL }, "TEXT" },
    { { MG_TYPE_BOOLEAN, 0, 0, -1, NULL }, "BOOLEAN" },
    { { MG_TYPE_DATE, 0, 0, -1, NULL }, "DATE" },
    { { MG_TYPE_TIME, 0, 0, -1, NULL }, "TIME" },
    { { MG_TYPE_TIMESTAMP, 0, 0, -1, NULL }, "TIMESTAMP" },
    { { MG_TYPE_DATETIME, 0, 0, -1, NULL }, "DATETIME" },
    { { MG_TYPE_NUMERIC, 0, 10, 2, NULL }, "NUMERIC(10,2)" },
    { { MG_TYPE_NUMERIC, 0, 10, 0, NULL }, "NUMERIC(10,0)" },
    { { MG_TYPE_NUMERIC, 0, 7, -1, NULL }, "NUMERIC(7)" },
    { { MG_TYPE_NUMERIC, 0, 0, -1, NULL }, "NUMERIC" },
    { { MG_TYPE_REAL, 0, 0, -1, NULL }, "REAL" },
    { { MG_TYPE_DOUBLE, 0, 0, -1, NULL }, "REAL" },
    { { MG_TYPE_JSON, 0, 0, -1, NULL }, "JSON" },
    { { MG_TYPE_BLOB, 0, 0, -1, NULL }, "BLOB" },
    { { MG_TYPE_BYTES, 0, 0, -1, NULL }, "BLOB" },
    { { MG_TYPE_UUID, 0, 0, -1, NULL }, "CHAR(36)" },
    { { MG_TYPE_OTHER, 0, 0, -1, (char *)"varchar(20)[]" },
      "varchar(20)[]" },
};

START_TEST(test_render_sqlite_types)
{
    mg_buf b = MG_BUF_INIT;

    sqlite_dialect()->ddl.render_type(&b, &type_cases[_i].type);
    ck_assert_str_eq(mg_buf_cstr(&b), type_cases[_i].out);
    mg_buf_release(&b);
}
END_TEST

/* ---- mg_render: warnings and foreign keys of a cycle ----------------------- */

/* Two tables referring to each other. */
static mg_metadata *
cycle_schema(void)
{
    mg_metadata *md = NULL;
    mg_table *t;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "a");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1; /* auto key */
    col(t, "b_id", "INTEGER", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_a", "id");
    fk(t, "fk_a_b_id_b", "b_id", "b", "id", MG_FK_NO_ACTION,
       MG_FK_NO_ACTION);
    t = table(md, "b");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    col(t, "a_id", "INTEGER", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_b", "id");
    fk(t, "fk_b_a_id_a", "a_id", "a", "id", MG_FK_SET_NULL,
       MG_FK_NO_ACTION);
    idx(t, "ix_b_a_id", 0, "a_id", NULL);
    return md;
}

#define CREATE_A \
    "CREATE TABLE \"a\" (\n" \
    "    \"id\" INTEGER PRIMARY KEY,\n" \
    "    \"b_id\" INTEGER,\n" \
    "    CONSTRAINT \"fk_a_b_id_b\" FOREIGN KEY (\"b_id\") REFERENCES " \
    "\"b\" (\"id\")\n" \
    ");\n"
#define CREATE_B \
    "CREATE TABLE \"b\" (\n" \
    "    \"id\" INTEGER PRIMARY KEY,\n" \
    "    \"a_id\" INTEGER,\n" \
    "    CONSTRAINT \"fk_b_a_id_a\" FOREIGN KEY (\"a_id\") REFERENCES " \
    "\"a\" (\"id\") ON DELETE SET NULL\n" \
    ");\n"

/* The list compare makes for the cycle: a without its FK, b, the FK. */
static mg_oplist *
cycle_ops(const mg_metadata *md)
{
    const mg_table *a = mg_metadata_table(md, "a");
    const mg_table *b = mg_metadata_table(md, "b");
    const mg_constraint *deferred[1];
    mg_oplist *l = NULL;
    mg_op op;

    deferred[0] = mg_table_constraint(a, "fk_a_b_id_b");
    ck_assert_ptr_nonnull(deferred[0]);
    ck_assert_int_eq(mg_oplist_new(&l, NULL), 0);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = a;
    op.deferred_fks = deferred;
    op.ndeferred_fks = 1;
    ck_assert_int_eq(mg_oplist_add(l, &op), 0);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = b;
    ck_assert_int_eq(mg_oplist_add(l, &op), 0);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_ADD_CONSTRAINT;
    op.new_table = a;
    op.constraint = deferred[0];
    ck_assert_int_eq(mg_oplist_add(l, &op), 0);
    return l;
}

START_TEST(test_render_sqlite_cycle_inline)
{
    mg_metadata *md = cycle_schema();
    mg_oplist *l = cycle_ops(md), *back = NULL;
    mg_dialect alter;
    mg_buf out = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_render(&out, l, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&out), CREATE_A CREATE_B);

    /* the reverse drops the FK first, which the table drop covers */
    mg_buf_clear(&out);
    ck_mg_ok(mg_oplist_reverse(&back, l, &err), &err);
    ck_mg_ok(mg_render(&out, back, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&out),
                     "-- WARNING: data loss: drop table b\n"
                     "DROP TABLE \"b\";\n"
                     "-- WARNING: data loss: drop table a\n"
                     "DROP TABLE \"a\";\n");

    /* a dialect that can ALTER constraints gets the ADD CONSTRAINT */
    alter = *sqlite_dialect();
    alter.caps |= MG_CAP_DROP_CONSTRAINT;
    mg_buf_clear(&out);
    ck_assert_int_eq(mg_render(&out, l, &alter, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "sqlite cannot add constraint fk_a_b_id_b "
                     "to a; the change needs a table rebuild");
    mg_buf_clear(&out);
    ck_assert_int_eq(mg_render(&out, back, &alter, &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "sqlite cannot drop constraint fk_a_b_id_b "
                     "from a; the change needs a table rebuild");

    mg_buf_release(&out);
    mg_oplist_free(back);
    mg_oplist_free(l);
    mg_metadata_free(md);
}
END_TEST

/* Both a and b occur in text, a first. */
static void
assert_before(const char *text, const char *a, const char *b)
{
    const char *pa = strstr(text, a), *pb = strstr(text, b);

    ck_assert_msg(pa && pb && pa < pb, "'%s' not before '%s' in:\n%s", a, b,
                  text);
}

START_TEST(test_render_sqlite_create_all)
{
    mg_metadata *md = cycle_schema();
    mg_buf out = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_render_create_all(&out, md, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&out), CREATE_A CREATE_B
                     "CREATE INDEX \"ix_b_a_id\" ON \"b\" (\"a_id\");\n");
    mg_buf_release(&out);
    mg_metadata_free(md);

    /* parents first, each table followed by its indexes */
    md = want_schema();
    ck_mg_ok(mg_render_create_all(&out, md, sqlite_dialect(), &err), &err);
    assert_before(mg_buf_cstr(&out), "CREATE TABLE \"users\"",
                  "CREATE INDEX \"ix_users_name\"");
    assert_before(mg_buf_cstr(&out), "CREATE INDEX \"ix_users_name\"",
                  "CREATE TABLE \"posts\"");
    assert_before(mg_buf_cstr(&out), "CREATE TABLE \"posts\"",
                  "CREATE TABLE \"tags\"");
    ck_assert_ptr_null(strstr(mg_buf_cstr(&out), "ALTER"));
    mg_buf_release(&out);
    mg_metadata_free(md);
}
END_TEST

/* ---- real databases ------------------------------------------------------ */

static sqlite3 *
open_db(void)
{
    sqlite3 *db = NULL;

    ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    return db;
}

static void
exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

    ck_assert_msg(rc == SQLITE_OK, "%s\n-- failed: %s", sql,
                  msg ? msg : "?");
    sqlite3_free(msg);
}

/* The single text value of a query (NULL for no row or SQL NULL), in a
 * static buffer. */
static const char *
scalar(sqlite3 *db, const char *sql)
{
    static char value[512];
    sqlite3_stmt *st = NULL;
    const char *v = NULL;

    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL) {
        snprintf(value, sizeof(value), "%s",
                 (const char *)sqlite3_column_text(st, 0));
        v = value;
    }
    sqlite3_finalize(st);
    return v;
}

static mg_metadata *
inspect(sqlite3 *db, const mg_strlist *ignore)
{
    mg_metadata *md = NULL;
    mg_error err;

    /* the dialect's connection wraps the handle */
    mg_sqlite_conn conn = { db, NULL, 0 };

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_mg_ok(sqlite_dialect()->catalog.inspect(&conn, md, ignore, &err), &err);
    return md;
}

/* Text with one pair of outer parentheses taken off when they enclose all
 * of it, for defaults and checks whose parentheses SQLite's DDL needs and
 * the model does not. The fixtures hold no quoted parentheses. */
static const char *
bare(char *buf, size_t size, const char *s)
{
    size_t n, i;
    int depth = 0, whole = 0;

    if (!s)
        return "(none)";
    n = strlen(s);
    for (i = 0; i < n; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && --depth == 0) {
            whole = s[0] == '(' && i == n - 1;
            break;
        }
    }
    if (whole)
        snprintf(buf, size, "%.*s", (int)(n - 2), s + 1);
    else
        snprintf(buf, size, "%s", s);
    return buf;
}

static void
assert_same_list(const mg_strlist *a, const mg_strlist *b, const char *what)
{
    size_t i;

    ck_assert_msg(a->n == b->n, "%s: %zu items, reflected %zu", what, a->n,
                  b->n);
    for (i = 0; i < a->n; i++)
        ck_assert_msg(strcmp(a->v[i], b->v[i]) == 0, "%s: '%s' reflected "
                      "as '%s'", what, a->v[i], b->v[i]);
}

/* Everything reflection must give back of table t (as rendered) in got. */
static void
assert_same_table(const mg_table *t, const mg_table *got)
{
    const mg_dialect *d = sqlite_dialect();
    const mg_constraint *pk = mg_table_primary_key(t);
    char b1[256], b2[256];
    const char *dw, *dg;
    size_t i;

    ck_assert_msg(got != NULL, "table %s not reflected", t->name);
    ck_assert_str_eq(got->name, t->name);
    ck_assert_uint_eq(got->ncolumns, t->ncolumns);
    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i], *g = got->columns[i];
        mg_buf want = MG_BUF_INIT, have = MG_BUF_INIT;
        int rowid = pk && pk->columns.n == 1 &&
                    strcmp(pk->columns.v[0], c->name) == 0 &&
                    (c->type.kind == MG_TYPE_INTEGER ||
                     c->type.kind == MG_TYPE_BIGINT);

        ck_assert_str_eq(g->name, c->name);
        d->ddl.render_type(&want, rowid ? &g->type : &c->type);
        d->ddl.render_type(&have, &g->type);
        ck_assert_msg(strcmp(mg_buf_cstr(&want), mg_buf_cstr(&have)) == 0,
                      "%s.%s: type %s reflected as %s", t->name, c->name,
                      mg_buf_cstr(&want), mg_buf_cstr(&have));
        if (rowid) {
            ck_assert_int_eq(g->type.kind, MG_TYPE_INTEGER);
            ck_assert_int_eq(g->autoincrement, 1);
        }
        mg_buf_release(&want);
        mg_buf_release(&have);
        ck_assert_msg(g->nullable == c->nullable, "%s.%s: nullable %d "
                      "reflected as %d", t->name, c->name, c->nullable,
                      g->nullable);
        /* DEFAULT NULL reads back as no default */
        dw = c->server_default && strcasecmp(c->server_default, "NULL") != 0
             ? bare(b1, sizeof(b1), c->server_default) : "(none)";
        dg = bare(b2, sizeof(b2), g->server_default);
        ck_assert_msg(strcmp(dw, dg) == 0, "%s.%s: default %s reflected as "
                      "%s", t->name, c->name, dw, dg);
    }
    ck_assert_uint_eq(got->nconstraints, t->nconstraints);
    for (i = 0; i < t->nconstraints; i++) {
        const mg_constraint *k = t->constraints[i];
        const mg_constraint *g = k == pk ? mg_table_primary_key(got)
                                         : mg_table_constraint(got, k->name);

        ck_assert_msg(g != NULL, "%s: constraint %s not reflected",
                      t->name, k->name);
        ck_assert_str_eq(g->name, k->name);
        ck_assert_int_eq(g->kind, k->kind);
        assert_same_list(&k->columns, &g->columns, k->name);
        assert_same_list(&k->ref_columns, &g->ref_columns, k->name);
        ck_assert_str_eq(g->ref_table ? g->ref_table : "",
                         k->ref_table ? k->ref_table : "");
        ck_assert_int_eq(g->on_delete, k->on_delete);
        ck_assert_int_eq(g->on_update, k->on_update);
        ck_assert_int_eq(g->deferrable, k->deferrable);
        ck_assert_str_eq(bare(b1, sizeof(b1), k->expression),
                         bare(b2, sizeof(b2), g->expression));
    }
    ck_assert_uint_eq(got->nindexes, t->nindexes);
    for (i = 0; i < t->nindexes; i++) {
        const mg_index *x = t->indexes[i];
        const mg_index *g = mg_table_index(got, x->name);

        ck_assert_msg(g != NULL, "%s: index %s not reflected", t->name,
                      x->name);
        ck_assert_int_eq(g->unique, x->unique);
        assert_same_list(&x->expressions, &g->expressions, x->name);
        ck_assert_str_eq(g->where ? g->where : "(none)",
                         x->where ? x->where : "(none)");
    }
    ck_assert_str_eq(got->options ? got->options : "",
                     t->options ? t->options : "");
}

START_TEST(test_render_sqlite_roundtrip)
{
    mg_metadata *want = want_schema(), *got;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;
    sqlite3 *db = open_db();
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_render_create_all(&sql, want, sqlite_dialect(), &err),
             &err);
    exec_ok(db, mg_buf_cstr(&sql));
    got = inspect(db, NULL);
    ck_assert_uint_eq(mg_metadata_table_count(got),
                      mg_metadata_table_count(want));
    for (i = 0; i < mg_metadata_table_count(want); i++) {
        const mg_table *t = mg_metadata_table_at(want, i);
        assert_same_table(t, mg_metadata_table(got, t->name));
    }
    mg_metadata_free(got);
    mg_buf_release(&sql);
    sqlite3_close(db);
    mg_metadata_free(want);
}
END_TEST

START_TEST(test_render_sqlite_inspect_scope)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_metadata *md;
    const mg_table *t;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;
    mg_op op;
    sqlite3 *db = open_db();

    mg_error_clear(&err);

    exec_ok(db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "name TEXT);\n"
        "CREATE TABLE migrate_version (version_num VARCHAR(32) NOT NULL "
        "PRIMARY KEY);\n"
        "CREATE INDEX ix_mv ON migrate_version (version_num);\n"
        "CREATE TRIGGER trg_mv AFTER INSERT ON migrate_version BEGIN "
        "SELECT 1; END;\n"
        "CREATE VIEW v_users AS SELECT name FROM users;\n"
        "CREATE TRIGGER trg_v INSTEAD OF INSERT ON v_users BEGIN "
        "INSERT INTO users (name) VALUES (new.name); END;\n"
        USERS_TRIGGER ";\n"
        "CREATE TABLE sqlitex (a, b NOT NULL DEFAULT 1);\n"
        "INSERT INTO users (name) VALUES ('a');\n"
        "ANALYZE;\n");
    /* sqlite_sequence and sqlite_stat1 exist now, and stay out */
    ck_assert_ptr_nonnull(scalar(db, "SELECT name FROM sqlite_schema "
                                 "WHERE name = 'sqlite_stat1'"));
    ck_assert_int_eq(mg_strlist_add(&ignore, "MIGRATE_VERSION"), 0);
    md = inspect(db, &ignore);
    ck_assert_uint_eq(mg_metadata_table_count(md), 2);
    ck_assert_str_eq(mg_metadata_table_at(md, 0)->name, "users");
    /* "_" in the name filter is no wildcard */
    ck_assert_str_eq(mg_metadata_table_at(md, 1)->name, "sqlitex");
    t = mg_metadata_table(md, "users");
    ck_assert_uint_eq(t->triggers.n, 1);
    ck_assert_str_eq(t->triggers.v[0], USERS_TRIGGER);
    ck_assert_ptr_null(mg_metadata_table(md, "v_users"));
    /* columns without a type, as SQLite allows, render without one */
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = mg_metadata_table(md, "sqlitex");
    ck_mg_ok(render_one(&sql, &op, &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql), "CREATE TABLE \"sqlitex\" (\n"
                     "    \"a\",\n"
                     "    \"b\" NOT NULL DEFAULT 1\n"
                     ");\n");
    mg_buf_release(&sql);
    mg_metadata_free(md);

    /* without the ignore list the version table, its index and trigger
     * come back */
    md = inspect(db, NULL);
    ck_assert_uint_eq(mg_metadata_table_count(md), 3);
    t = mg_metadata_table(md, "migrate_version");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nindexes, 1);
    ck_assert_str_eq(t->indexes[0]->name, "ix_mv");
    ck_assert_uint_eq(t->triggers.n, 1);
    mg_metadata_free(md);
    mg_strlist_release(&ignore);
    sqlite3_close(db);
}
END_TEST

/* Stored DDL the parser cannot read fails naming the table. */
#define PREFIX "cannot read the stored definition of table 'bad': "

START_TEST(test_render_sqlite_inspect_unreadable)
{
    mg_metadata *md = NULL;
    mg_error err;
    sqlite3 *db = open_db();

    mg_error_clear(&err);
    /* SQLite takes a sign before a string; the parser does not */
    exec_ok(db, "CREATE TABLE good (a INTEGER PRIMARY KEY);\n"
                "CREATE TABLE bad (a TEXT DEFAULT +'x');\n");
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    {
        mg_sqlite_conn conn = { db, NULL, 0 };
        ck_assert_int_eq(sqlite_dialect()->catalog.inspect(&conn, md, NULL,
                                                           &err),
                         MG_EPARSE);
    }
    ck_assert_msg(strncmp(err.msg, PREFIX, strlen(PREFIX)) == 0 &&
                  strlen(err.msg) > strlen(PREFIX), "%s", err.msg);
    mg_metadata_free(md);
    sqlite3_close(db);
}
END_TEST
#undef PREFIX

/* A read-once connection (MG_OPEN_READ_ONCE) lets its database go as
 * soon as the catalog rows are read, and the schema still comes whole. */
START_TEST(test_render_sqlite_inspect_read_once)
{
    mg_metadata *md = NULL;
    const mg_table *t;
    mg_error err;
    sqlite3 *db = open_db();
    mg_sqlite_conn conn;

    mg_error_clear(&err);
    exec_ok(db, "CREATE TABLE a (id INTEGER PRIMARY KEY, n TEXT NOT NULL);\n"
                "CREATE TABLE b (id INTEGER PRIMARY KEY, "
                "a_id INTEGER REFERENCES a (id));\n"
                "CREATE INDEX ix_b_a_id ON b (a_id);\n");
    conn.db = db;
    conn.created_path = NULL;
    conn.read_once = 1;
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_mg_ok(sqlite_dialect()->catalog.inspect(&conn, md, NULL, &err), &err);
    ck_assert_ptr_null(conn.db);        /* closed: nothing to close here */
    ck_assert_int_eq((int)mg_metadata_table_count(md), 2);
    ck_assert_ptr_nonnull(t = mg_metadata_table(md, "b"));
    ck_assert_int_eq((int)t->ncolumns, 2);
    ck_assert_int_eq((int)t->nindexes, 1);
    ck_assert_int_eq((int)t->nconstraints, 2);  /* the key, the reference */
    mg_metadata_free(md);
}
END_TEST

/* The database of have_schema, with posts referring to users and rows in
 * both. */
static sqlite3 *
have_db(void)
{
    mg_metadata *have = have_schema();
    mg_buf sql = MG_BUF_INIT;
    mg_error err;
    sqlite3 *db = open_db();

    mg_error_clear(&err);
    ck_mg_ok(mg_render_create_all(&sql, have, sqlite_dialect(), &err),
             &err);
    exec_ok(db, mg_buf_cstr(&sql));
    exec_ok(db,
        USERS_TRIGGER ";\n"
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER "
        "REFERENCES users (id) ON DELETE CASCADE);\n"
        "INSERT INTO users (id, name, email, nickname, active) VALUES "
        "(1, 'ann', 'ann@x', 'a', 0), (2, 'bob', 'bob@x', NULL, 1), "
        "(7, 'cy', 'cy@x', 'c', 0);\n"
        "CREATE VIEW v_names AS SELECT name FROM users;\n"
        "CREATE TRIGGER trg_posts AFTER INSERT ON posts BEGIN\n"
        "    UPDATE users SET active = 0 WHERE id = new.user_id;\nEND;\n"
        "INSERT INTO posts (id, user_id) VALUES (10, 1), (11, 7);\n");
    mg_buf_release(&sql);
    mg_metadata_free(have);
    return db;
}

START_TEST(test_render_sqlite_rebuild_keeps_rows)
{
    mg_metadata *want = want_schema(), *have, *after;
    const char *posts_sql;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;
    mg_op op;
    sqlite3 *db = have_db();

    mg_error_clear(&err);
    have = inspect(db, NULL);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_REBUILD_TABLE;
    op.old_table = mg_metadata_table(have, "users");
    op.new_table = mg_metadata_table(want, "users");
    op.data_loss = 1;
    ck_assert_ptr_nonnull(op.old_table);
    ck_assert_ptr_nonnull(op.new_table);
    ck_assert_uint_eq(op.old_table->triggers.n, 1);
    ck_mg_ok(render_one(&sql, &op, &err), &err);
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&sql),
                                 "-- WARNING: data loss: rebuild table "
                                 "users\nCREATE TABLE"));
    exec_ok(db, "BEGIN");
    exec_ok(db, mg_buf_cstr(&sql));
    exec_ok(db, "COMMIT");

    /* every row, with its values; new columns take their defaults */
    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM users"), "3");
    ck_assert_str_eq(scalar(db, "SELECT group_concat(id || ':' || name || "
                            "':' || email || ':' || active || ':' || "
                            "code, ',') FROM (SELECT * FROM users ORDER BY "
                            "id)"),
                     "1:ann:ann@x:0:x,2:bob:bob@x:1:x,7:cy:cy@x:0:x");
    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM users WHERE "
                            "created_at IS NOT NULL AND score = 0"), "3");
    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM pragma_table_info("
                            "'users') WHERE name = 'nickname'"), "0");
    /* the rowid alias kept the ids: a new row continues after 7 */
    exec_ok(db, "INSERT INTO users (name, email) VALUES ('dee', 'd@x')");
    ck_assert_str_eq(scalar(db, "SELECT id FROM users WHERE name = 'dee'"),
                     "8");
    /* indexes of the new table, the old table's trigger */
    ck_assert_str_eq(scalar(db, "SELECT group_concat(name, ',') FROM "
                            "(SELECT name FROM sqlite_schema WHERE type = "
                            "'index' AND tbl_name = 'users' AND sql IS NOT "
                            "NULL ORDER BY name)"),
                     "ix_users_name,ux_users_email_lower");
    ck_assert_str_eq(scalar(db, "SELECT sql FROM sqlite_schema WHERE name "
                            "= 'trg_users_name'"), USERS_TRIGGER);
    exec_ok(db, "UPDATE users SET name = 'ann2' WHERE id = 1");
    ck_assert_str_eq(scalar(db, "SELECT active FROM users WHERE id = 1"),
                     "1");
    /* the new CHECK holds; posts still refer to users, rows intact */
    ck_assert_int_ne(sqlite3_exec(db, "INSERT INTO users (name, email) "
                                  "VALUES ('', 'e@x')", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM posts"), "2");
    /* a view and another table's trigger naming users still work */
    ck_assert_str_eq(scalar(db, "SELECT count(*) FROM v_names"), "4");
    exec_ok(db, "INSERT INTO posts (id, user_id) VALUES (12, 2)");
    ck_assert_str_eq(scalar(db, "SELECT active FROM users WHERE id = 2"),
                     "0");
    ck_assert_str_eq(scalar(db, "PRAGMA legacy_alter_table"), "0");
    posts_sql = scalar(db, "SELECT sql FROM sqlite_schema WHERE name = "
                       "'posts'");
    ck_assert_ptr_nonnull(posts_sql);
    ck_assert_ptr_nonnull(strstr(posts_sql, "REFERENCES users (id)"));
    exec_ok(db, "PRAGMA foreign_keys = ON");
    ck_assert_ptr_null(scalar(db, "PRAGMA foreign_key_check"));
    ck_assert_str_eq(scalar(db, "PRAGMA integrity_check"), "ok");

    /* and the table reads back as the models want it */
    after = inspect(db, NULL);
    assert_same_table(mg_metadata_table(want, "users"),
                      mg_metadata_table(after, "users"));
    ck_assert_uint_eq(mg_metadata_table(after, "users")->triggers.n, 1);

    mg_metadata_free(after);
    mg_metadata_free(have);
    mg_metadata_free(want);
    mg_buf_release(&sql);
    sqlite3_close(db);
}
END_TEST

/* ---- schema objects (issue 20) ---- */

static mg_metadata *
parsed(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_mg_ok(mg_model_parse_for(md, "m.sql", text, strlen(text), 0,
                                sqlite_dialect(), &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* Views and triggers: CREATE is the definition, DROP names the kind; a
 * view after the view it reads, drops in reverse; a changed trigger is
 * a drop and a create (REPLACE); a view reading a rebuilt table is
 * dropped before the rebuild and made after, and the rebuild leaves
 * the managed trigger to them. */
START_TEST(test_render_sqlite_objects)
{
    mg_metadata *a = parsed(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
        "CREATE VIEW v2 AS SELECT a FROM v1;\n"
        "CREATE VIEW v1 AS SELECT a FROM t;\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n");
    mg_metadata *empty = parsed("");
    mg_metadata *b = parsed(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(9));\n"
        "CREATE VIEW v2 AS SELECT a FROM v1;\n"
        "CREATE VIEW v1 AS SELECT a FROM t;\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END;\n");
    mg_metadata *c = parsed(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
        "CREATE VIEW v2 AS SELECT a FROM v1;\n"
        "CREATE VIEW v1 AS SELECT a FROM t;\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END;\n");
    mg_oplist *l = NULL, *r = NULL;
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, empty, a, sqlite_dialect(), NULL, &err), &err);
    ck_mg_ok(mg_oplist_reverse(&r, l, &err), &err);
    ck_mg_ok(mg_render(&up, l, sqlite_dialect(), &err), &err);
    ck_mg_ok(mg_render(&down, r, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&up),
                     "CREATE TABLE \"t\" (\n"
                     "    \"id\" INTEGER PRIMARY KEY,\n"
                     "    \"a\" TEXT\n"
                     ");\n"
                     "CREATE VIEW v1 AS SELECT a FROM t;\n"
                     "CREATE VIEW v2 AS SELECT a FROM v1;\n"
                     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; "
                     "END;\n");
    ck_assert_str_eq(mg_buf_cstr(&down),
                     "DROP TRIGGER \"tr\";\n"
                     "DROP VIEW \"v2\";\n"
                     "DROP VIEW \"v1\";\n"
                     "-- WARNING: data loss: drop table t\n"
                     "DROP TABLE \"t\";\n");
    mg_oplist_free(l);
    mg_oplist_free(r);
    mg_buf_clear(&up);
    /* only the trigger changes: one REPLACE */
    ck_mg_ok(mg_compare(&l, a, c, sqlite_dialect(), NULL, &err), &err);
    ck_mg_ok(mg_render(&up, l, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&up),
                     "DROP TRIGGER \"tr\";\n"
                     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; "
                     "END;\n");
    mg_oplist_free(l);
    mg_buf_clear(&up);
    /* t is rebuilt: the views and the trigger go around it */
    ck_mg_ok(mg_compare(&l, a, b, sqlite_dialect(), NULL, &err), &err);
    ck_mg_ok(mg_render(&up, l, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&up),
                     "DROP TRIGGER \"tr\";\n"
                     "DROP VIEW \"v2\";\n"
                     "DROP VIEW \"v1\";\n"
                     "-- WARNING: data loss: rebuild table t: alter column "
                     "t.a: type TEXT -> VARCHAR(9)\n"
                     "CREATE TABLE \"_migrate_tmp_t\" (\n"
                     "    \"id\" INTEGER PRIMARY KEY,\n"
                     "    \"a\" VARCHAR(9)\n"
                     ");\n"
                     "INSERT INTO \"_migrate_tmp_t\" (\"id\", \"a\") "
                     "SELECT \"id\", \"a\" FROM \"t\";\n"
                     "DROP TABLE \"t\";\n"
                     "PRAGMA legacy_alter_table = ON;\n"
                     "ALTER TABLE \"_migrate_tmp_t\" RENAME TO \"t\";\n"
                     "PRAGMA legacy_alter_table = OFF;\n"
                     "CREATE VIEW v1 AS SELECT a FROM t;\n"
                     "CREATE VIEW v2 AS SELECT a FROM v1;\n"
                     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; "
                     "END;\n");
    mg_oplist_free(l);
    mg_buf_release(&up);
    mg_buf_release(&down);
    mg_metadata_free(a);
    mg_metadata_free(b);
    mg_metadata_free(c);
    mg_metadata_free(empty);
}
END_TEST

/* Reflection: views and triggers are objects whose definition is the
 * stored text; a virtual table is still not managed. */
START_TEST(test_render_sqlite_inspect_objects)
{
    sqlite3 *db = open_db();
    mg_metadata *md;
    const mg_object *o;
    mg_unmanaged u;

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
                "CREATE VIEW v AS SELECT a FROM t;\n"
                "CREATE TRIGGER v_io INSTEAD OF INSERT ON v BEGIN SELECT 1; "
                "END;\n"
                "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1);\n");
    md = inspect(db, NULL);
    ck_assert_uint_eq(mg_metadata_object_count(md), 2);
    o = mg_metadata_object_at(md, 0);
    ck_assert_int_eq(o->kind, MG_OBJ_VIEW);
    ck_assert_str_eq(o->definition, "CREATE VIEW v AS SELECT a FROM t");
    o = mg_metadata_object_at(md, 1);
    ck_assert_int_eq(o->kind, MG_OBJ_TRIGGER);
    ck_assert_str_eq(o->name, "v_io");
    ck_assert_str_eq(o->table, "v");
    ck_assert_str_eq(o->definition, "CREATE TRIGGER v_io INSTEAD OF INSERT "
                     "ON v BEGIN SELECT 1; END");
    ck_assert_uint_eq(mg_metadata_unmanaged_count(md), 1);
    ck_assert_int_eq(mg_metadata_unmanaged_at(md, 0, &u), 0);
    ck_assert_str_eq(u.kind, "virtual table");
    mg_metadata_free(md);
    sqlite3_close(db);
}
END_TEST

/* Generated columns, COLLATE and untyped columns: rendered as written,
 * reflected the same, and a change of expression or collation rebuilds
 * the table, copying the stored columns only (SQLite computes the
 * generated ones again). */
START_TEST(test_render_sqlite_generated)
{
    mg_metadata *a = parsed(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b,\n"
        "  s INT GENERATED ALWAYS AS (a * 2) STORED,\n"
        "  v TEXT AS (b || 'x'), n TEXT COLLATE NOCASE NOT NULL DEFAULT '');");
    mg_metadata *b = parsed(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b,\n"
        "  s INT GENERATED ALWAYS AS (a * 3) STORED,\n"
        "  v TEXT AS (b || 'x'), n TEXT COLLATE RTRIM NOT NULL DEFAULT '');");
    mg_metadata *empty = parsed(""), *got;
    mg_oplist *l = NULL;
    mg_buf sql = MG_BUF_INIT;
    sqlite3 *db = open_db();
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, empty, a, sqlite_dialect(), NULL, &err), &err);
    ck_mg_ok(mg_render(&sql, l, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql),
        "CREATE TABLE \"t\" (\n"
        "    \"id\" INTEGER PRIMARY KEY,\n"
        "    \"a\" INT,\n"
        "    \"b\",\n"
        "    \"s\" INT GENERATED ALWAYS AS (a * 2) STORED,\n"
        "    \"v\" TEXT GENERATED ALWAYS AS (b || 'x') VIRTUAL,\n"
        "    \"n\" TEXT COLLATE NOCASE NOT NULL DEFAULT ''\n"
        ");\n");
    exec_ok(db, mg_buf_cstr(&sql));
    exec_ok(db, "INSERT INTO t (a, b, n) VALUES (2, 'q', 'N')");
    mg_oplist_free(l);
    got = inspect(db, NULL);
    ck_mg_ok(mg_compare(&l, got, a, sqlite_dialect(), NULL, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(l), 0);
    mg_oplist_free(l);

    ck_mg_ok(mg_compare(&l, got, b, sqlite_dialect(), NULL, &err), &err);
    mg_buf_clear(&sql);
    ck_mg_ok(mg_render(&sql, l, sqlite_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql),
        "CREATE TABLE \"_migrate_tmp_t\" (\n"
        "    \"id\" INTEGER PRIMARY KEY,\n"
        "    \"a\" INT,\n"
        "    \"b\",\n"
        "    \"s\" INT GENERATED ALWAYS AS (a * 3) STORED,\n"
        "    \"v\" TEXT GENERATED ALWAYS AS (b || 'x') VIRTUAL,\n"
        "    \"n\" TEXT COLLATE RTRIM NOT NULL DEFAULT ''\n"
        ");\n"
        "INSERT INTO \"_migrate_tmp_t\" (\"id\", \"a\", \"b\", \"n\") "
        "SELECT \"id\", \"a\", \"b\", \"n\" FROM \"t\";\n"
        "DROP TABLE \"t\";\n"
        "PRAGMA legacy_alter_table = ON;\n"
        "ALTER TABLE \"_migrate_tmp_t\" RENAME TO \"t\";\n"
        "PRAGMA legacy_alter_table = OFF;\n");
    exec_ok(db, mg_buf_cstr(&sql));
    mg_oplist_free(l);
    mg_metadata_free(got);
    got = inspect(db, NULL);
    ck_mg_ok(mg_compare(&l, got, b, sqlite_dialect(), NULL, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(l), 0);
    ck_assert_str_eq(scalar(db, "SELECT s || v || n FROM t"), "6qxN");
    ck_assert_str_eq(mg_table_column(mg_metadata_table(got, "t"),
                                     "b")->type.name, "");
    mg_oplist_free(l);
    mg_metadata_free(got);
    mg_metadata_free(a);
    mg_metadata_free(b);
    mg_metadata_free(empty);
    mg_buf_release(&sql);
    sqlite3_close(db);
}
END_TEST

Suite *
render_sqlite_suite(void)
{
    Suite *s = suite_create("render_sqlite");
    TCase *tc;

    tc = tcase_create("ops");
    tcase_add_loop_test(tc, test_render_sqlite_ops, 0,
                        (int)(sizeof(op_cases) / sizeof(op_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("types");
    tcase_add_loop_test(tc, test_render_sqlite_types, 0,
                        (int)(sizeof(type_cases) / sizeof(type_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("render");
    tcase_add_test(tc, test_render_sqlite_rebuild_back);
    tcase_add_test(tc, test_render_sqlite_cycle_inline);
    tcase_add_test(tc, test_render_sqlite_create_all);
    tcase_add_test(tc, test_render_sqlite_objects);
    suite_add_tcase(s, tc);
    tc = tcase_create("database");
    tcase_add_test(tc, test_render_sqlite_roundtrip);
    tcase_add_test(tc, test_render_sqlite_inspect_scope);
    tcase_add_test(tc, test_render_sqlite_inspect_objects);
    tcase_add_test(tc, test_render_sqlite_inspect_unreadable);
    tcase_add_test(tc, test_render_sqlite_inspect_read_once);
    tcase_add_test(tc, test_render_sqlite_rebuild_keeps_rows);
    tcase_add_test(tc, test_render_sqlite_generated);
    suite_add_tcase(s, tc);
    return s;
}
