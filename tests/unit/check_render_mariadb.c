/* check_render_mariadb.c - the MariaDB dialect's DDL, types, defaults and
 * reflection. Without a server: a table of operations, each with the
 * exact SQL mg_render must give (or the exact error), built on two fixed
 * schemas (`have`, the database, and `want`, the models); the type and
 * expression spellings reflection reads back; default normalisation.
 * With MIGRATE_TEST_MARIADB_URL set: on a scratch database made and
 * dropped by the dialect, a rich model is created, reflected and compared
 * (zero differences), changed, and changed back, keeping its rows. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_metadata.h"
#include "mg_op.h"
#include "mg_render.h"
#include "mg_model.h"
#include "mg_compare.h"
#include "mg_inspect.h"
#include "mg_split.h"
#include "mg_db.h"

#ifdef MG_WITH_MARIADB

#include "engine_int.h"
#include "mariadb_int.h"

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
    idx(t, "ix_users_name_email", 0, "name(10)|email DESC", NULL);
    ck_assert_int_eq(mg_index_set_method(idx(t, "ix_users_code", 0, "code",
                                             NULL), "FULLTEXT"), 0);
    ck_assert_int_eq(mg_index_set_method(idx(t, "ix_users_hash", 0, "email",
                                             NULL), "HASH"), 0);
    /* expression indexes, as models.sql spells them: MariaDB has none */
    idx(t, "ux_users_name_lower", 1, "(lower(name))", NULL);
    idx(t, "ix_users_name_upper", 0, "email|upper(name) DESC", NULL);
    /* key prefixes, the column plain or quoted, are no expressions */
    idx(t, "ix_users_prefixes", 0, "`email`(10) DESC|\"name\"(4)|code(8)",
        NULL);

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
    k->deferrable = 2;   /* MariaDB has none: left out */

    t = table(md, "all_types");
    col(t, "a", "INTEGER", 1, NULL);
    col(t, "b", "BIGINT", 1, "-5");
    col(t, "c", "SMALLINT", 1, NULL);
    col(t, "d", "VARCHAR(10)", 1, "'it''s'");
    col(t, "e", "CHAR(3)", 1, NULL);
    col(t, "f", "TEXT", 1, NULL);
    col(t, "g", "BOOLEAN", 1, "FALSE");
    col(t, "h", "DATE", 1, "CURRENT_DATE");
    col(t, "i", "TIME", 1, NULL);
    col(t, "j", "TIMESTAMP", 1, "now()");
    col(t, "k", "NUMERIC(8,3)", 1, "-1.5e3");
    col(t, "l", "NUMERIC(5)", 1, NULL);
    col(t, "m", "NUMERIC", 1, "NULL");
    col(t, "n", "REAL", 1, "(1 + 2)");
    col(t, "o", "DOUBLE", 1, "0x1F");
    col(t, "p", "JSON", 1, "'{}'");
    col(t, "q", "BLOB", 1, "X'00ff'");
    col(t, "r", "UUID", 1, NULL);
    col(t, "s", "int(10) unsigned", 1, NULL);
    col(t, "t", "VARCHAR", 1, "CURRENT_TIMESTAMP(6)");
    col(t, "u", "CHAR", 1, "upper('x')");

    t = table(md, "odd `name`");
    col(t, "a`b", "INTEGER", 0, NULL);
    col(t, "x y", "TEXT", 1, NULL);
    con(t, MG_CONSTRAINT_UNIQUE, "uq `odd`", "a`b,x y");
    idx(t, "ix `odd`", 0, "a`b|x y", NULL);

    t = table(md, "accounts");
    col(t, "id", "INTEGER", 0, NULL)->autoincrement = 1;
    col(t, "owner", "TEXT", 0, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_accounts", "id");
    return md;
}

/* The schema the database has. */
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
    con(t, MG_CONSTRAINT_UNIQUE, "uq_users_nickname", "nickname");
    check(t, "ck_users_nick", "nickname <> ''");
    idx(t, "ix_users_email", 0, "email", NULL);

    /* the foreign key's only index is ix_posts_user_id */
    t = table(md, "posts");
    col(t, "id", "BIGINT", 0, NULL)->autoincrement = 1;
    col(t, "user_id", "INTEGER", 0, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_posts", "id");
    fk(t, "fk_posts_user_id_users", "user_id", "users", "id",
       MG_FK_CASCADE, MG_FK_NO_ACTION);
    idx(t, "ix_posts_user_id", 0, "user_id", NULL);

    /* a UNIQUE constraint that serves a foreign key */
    t = table(md, "tags");
    col(t, "post_id", "INTEGER", 0, NULL);
    col(t, "name", "TEXT", 0, NULL);
    con(t, MG_CONSTRAINT_UNIQUE, "uq_tags_post_id", "post_id");
    fk(t, "fk_tags_post_id_posts", "post_id", "posts", "id",
       MG_FK_RESTRICT, MG_FK_CASCADE);

    t = table(md, "accounts");
    col(t, "owner", "TEXT", 0, NULL);
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
      "CREATE TABLE `users` (\n"
      "    `id` INT NOT NULL AUTO_INCREMENT,\n"
      "    `name` VARCHAR(50) NOT NULL,\n"
      "    `email` VARCHAR(100) NOT NULL,\n"
      "    `active` BOOL NOT NULL DEFAULT TRUE,\n"
      "    `created_at` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "    `score` DECIMAL(10,2) DEFAULT 0,\n"
      "    `code` TEXT DEFAULT (lower('X')),\n"
      "    PRIMARY KEY (`id`),\n"
      "    CONSTRAINT `uq_users_email` UNIQUE (`email`),\n"
      "    CONSTRAINT `ck_users_name` CHECK (length(name) > 0)\n"
      ");\n" },
    { MG_OP_CREATE_TABLE, NULL, "posts", NULL, NULL, 0,
      "CREATE TABLE `posts` (\n"
      "    `id` BIGINT NOT NULL AUTO_INCREMENT,\n"
      "    `title` VARCHAR(200) NOT NULL,\n"
      "    `user_id` INT NOT NULL,\n"
      "    `body` TEXT DEFAULT 'n/a',\n"
      "    PRIMARY KEY (`id`),\n"
      "    CONSTRAINT `fk_posts_user_id_users` FOREIGN KEY (`user_id`) "
      "REFERENCES `users` (`id`) ON DELETE CASCADE\n"
      ");\n" },
    /* composite key, unnamed; no DEFERRABLE on MariaDB */
    { MG_OP_CREATE_TABLE, NULL, "tags", NULL, NULL, 0,
      "CREATE TABLE `tags` (\n"
      "    `post_id` INT NOT NULL,\n"
      "    `name` TEXT NOT NULL,\n"
      "    PRIMARY KEY (`post_id`, `name`),\n"
      "    CONSTRAINT `fk_tags_post_id_posts` FOREIGN KEY (`post_id`) "
      "REFERENCES `posts` (`id`) ON DELETE RESTRICT ON UPDATE CASCADE\n"
      ");\n" },
    /* every generic type, and each kind of default */
    { MG_OP_CREATE_TABLE, NULL, "all_types", NULL, NULL, 0,
      "CREATE TABLE `all_types` (\n"
      "    `a` INT,\n"
      "    `b` BIGINT DEFAULT -5,\n"
      "    `c` SMALLINT,\n"
      "    `d` VARCHAR(10) DEFAULT 'it''s',\n"
      "    `e` CHAR(3),\n"
      "    `f` TEXT,\n"
      "    `g` BOOL DEFAULT FALSE,\n"
      "    `h` DATE DEFAULT CURRENT_DATE,\n"
      "    `i` TIME,\n"
      "    `j` TIMESTAMP DEFAULT now(),\n"
      "    `k` DECIMAL(8,3) DEFAULT -1.5e3,\n"
      "    `l` DECIMAL(5,0),\n"
      "    `m` DECIMAL(10,0) DEFAULT NULL,\n"
      "    `n` FLOAT DEFAULT (1 + 2),\n"
      "    `o` DOUBLE DEFAULT 0x1F,\n"
      "    `p` JSON DEFAULT '{}',\n"
      "    `q` BLOB DEFAULT X'00ff',\n"
      "    `r` UUID,\n"
      "    `s` int(10) unsigned,\n"
      "    `t` VARCHAR(255) DEFAULT CURRENT_TIMESTAMP(6),\n"
      "    `u` CHAR(1) DEFAULT (upper('x'))\n"
      ");\n" },
    /* backticks inside identifiers are doubled */
    { MG_OP_CREATE_TABLE, NULL, "odd `name`", NULL, NULL, 0,
      "CREATE TABLE `odd ``name``` (\n"
      "    `a``b` INT NOT NULL,\n"
      "    `x y` TEXT,\n"
      "    CONSTRAINT `uq ``odd``` UNIQUE (`a``b`, `x y`)\n"
      ");\n" },
    { MG_OP_DROP_TABLE, "users", NULL, NULL, NULL, 0,
      "-- WARNING: data loss: drop table users\n"
      "DROP TABLE `users`;\n" },
    { MG_OP_ADD_COLUMN, NULL, "users", "created_at", NULL, 0,
      "ALTER TABLE `users` ADD COLUMN `created_at` TIMESTAMP NOT NULL "
      "DEFAULT CURRENT_TIMESTAMP;\n" },
    /* AUTO_INCREMENT comes with the key */
    { MG_OP_ADD_COLUMN, NULL, "accounts", "id", NULL, 0,
      "ALTER TABLE `accounts` ADD COLUMN `id` INT NOT NULL;\n" },
    { MG_OP_ADD_CONSTRAINT, NULL, "accounts", NULL, "pk_accounts", 0,
      "ALTER TABLE `accounts` ADD PRIMARY KEY (`id`), MODIFY COLUMN `id` "
      "INT NOT NULL AUTO_INCREMENT;\n" },
    { MG_OP_DROP_COLUMN, "users", NULL, "nickname", NULL, 0,
      "-- WARNING: data loss: drop column users.nickname\n"
      "ALTER TABLE `users` DROP COLUMN `nickname`;\n" },
    /* the whole definition */
    { MG_OP_ALTER_COLUMN, "users", "users", "name", NULL, 0,
      "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(50) NOT NULL;\n" },
    { MG_OP_ALTER_COLUMN, "users", "users", "active", NULL, 0,
      "ALTER TABLE `users` MODIFY COLUMN `active` BOOL NOT NULL DEFAULT "
      "TRUE;\n" },
    { MG_OP_ALTER_COLUMN, "users", "users", "id", NULL, 0,
      "ALTER TABLE `users` MODIFY COLUMN `id` INT NOT NULL "
      "AUTO_INCREMENT;\n" },
    { MG_OP_ADD_CONSTRAINT, NULL, "users", NULL, "uq_users_email", 0,
      "ALTER TABLE `users` ADD CONSTRAINT `uq_users_email` UNIQUE "
      "(`email`);\n" },
    { MG_OP_ADD_CONSTRAINT, NULL, "users", NULL, "ck_users_name", 0,
      "ALTER TABLE `users` ADD CONSTRAINT `ck_users_name` CHECK "
      "(length(name) > 0);\n" },
    { MG_OP_ADD_CONSTRAINT, NULL, "posts", NULL, "fk_posts_user_id_users",
      0, "ALTER TABLE `posts` ADD CONSTRAINT `fk_posts_user_id_users` "
      "FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE "
      "CASCADE;\n" },
    { MG_OP_ADD_CONSTRAINT, NULL, "tags", NULL, "pk_tags", 0,
      "ALTER TABLE `tags` ADD PRIMARY KEY (`post_id`, `name`);\n" },
    /* the key of an AUTO_INCREMENT column goes after the attribute */
    { MG_OP_DROP_CONSTRAINT, "users", NULL, NULL, "pk_users", 0,
      "ALTER TABLE `users` MODIFY COLUMN `id` INT NOT NULL, DROP PRIMARY "
      "KEY;\n" },
    { MG_OP_DROP_CONSTRAINT, "users", NULL, NULL, "uq_users_nickname", 0,
      "ALTER TABLE `users` DROP INDEX `uq_users_nickname`;\n" },
    { MG_OP_DROP_CONSTRAINT, "users", NULL, NULL, "ck_users_nick", 0,
      "ALTER TABLE `users` DROP CONSTRAINT `ck_users_nick`;\n" },
    { MG_OP_DROP_CONSTRAINT, "posts", NULL, NULL, "fk_posts_user_id_users",
      0, "ALTER TABLE `posts` DROP FOREIGN KEY `fk_posts_user_id_users`, "
      "DROP INDEX IF EXISTS `fk_posts_user_id_users`;\n" },
    /* a UNIQUE serving a foreign key that stays leaves an index behind */
    { MG_OP_DROP_CONSTRAINT, "tags", "tags", NULL, "uq_tags_post_id", 0,
      "ALTER TABLE `tags` DROP INDEX `uq_tags_post_id`, ADD INDEX IF NOT "
      "EXISTS `fk_tags_post_id_posts` (`post_id`);\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_name", 0,
      "CREATE INDEX `ix_users_name` ON `users` (`name`);\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_name_email", 0,
      "CREATE INDEX `ix_users_name_email` ON `users` (name(10), `email` "
      "DESC);\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_code", 0,
      "CREATE FULLTEXT INDEX `ix_users_code` ON `users` (`code`);\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_hash", 0,
      "CREATE INDEX `ix_users_hash` ON `users` (`email`) USING HASH;\n" },
    { MG_OP_CREATE_INDEX, NULL, "posts", NULL, "ix_posts_user_id", 0,
      "CREATE INDEX `ix_posts_user_id` ON `posts` (`user_id`);\n" },
    { MG_OP_CREATE_INDEX, NULL, "odd `name`", NULL, "ix `odd`", 0,
      "CREATE INDEX `ix ``odd``` ON `odd ``name``` (`a``b`, `x y`);\n" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ux_users_email_lower",
      MG_EUSAGE, "mariadb has no partial indexes: cannot create index "
      "ux_users_email_lower on users WHERE active = 1" },
    /* refused when rendered, before any statement of the script runs */
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ux_users_name_lower",
      MG_EUSAGE, "mariadb has no expression indexes: cannot create index "
      "ux_users_name_lower on users over (lower(name)) (index a generated "
      "column instead)" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_name_upper",
      MG_EUSAGE, "mariadb has no expression indexes: cannot create index "
      "ix_users_name_upper on users over upper(name) DESC (index a "
      "generated column instead)" },
    { MG_OP_CREATE_INDEX, NULL, "users", NULL, "ix_users_prefixes", 0,
      "CREATE INDEX `ix_users_prefixes` ON `users` (`email`(10) DESC, "
      "`name`(4), code(8));\n" },
    { MG_OP_DROP_INDEX, "users", NULL, NULL, "ix_users_email", 0,
      "DROP INDEX `ix_users_email` ON `users`;\n" },
    /* the only index of a foreign key that stays */
    { MG_OP_DROP_INDEX, "posts", "posts", NULL, "ix_posts_user_id", 0,
      "ALTER TABLE `posts` DROP INDEX `ix_posts_user_id`, ADD INDEX IF NOT "
      "EXISTS `fk_posts_user_id_users` (`user_id`);\n" },
    /* ... or of one whose table is dropped next (with the key) */
    { MG_OP_DROP_INDEX, "posts", NULL, NULL, "ix_posts_user_id", 0,
      "ALTER TABLE `posts` DROP INDEX `ix_posts_user_id`, ADD INDEX IF NOT "
      "EXISTS `fk_posts_user_id_users` (`user_id`);\n" },
    /* an index no foreign key needs */
    { MG_OP_DROP_INDEX, "users", "users", NULL, "ix_users_email", 0,
      "DROP INDEX `ix_users_email` ON `users`;\n" },
    { MG_OP_REBUILD_TABLE, "users", "users", NULL, NULL, MG_EUSAGE,
      "mariadb does not rebuild tables: alter table users instead" },
};

static const mg_dialect *
mariadb_dialect(void)
{
    const mg_dialect *d = mg_dialect_find("mariadb");

    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_eq(mg_dialect_find("mysql"), d);
    ck_assert_ptr_nonnull(d->ddl.render_op);
    ck_assert_ptr_nonnull(d->ddl.render_type);
    ck_assert_ptr_nonnull(d->catalog.inspect);
    ck_assert_ptr_nonnull(d->catalog.normalize_default);
    ck_assert_ptr_nonnull(d->scratch.create);
    ck_assert_ptr_nonnull(d->scratch.drop);
    ck_assert_ptr_null(d->scratch.url);
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
    rc = mg_render(out, l, mariadb_dialect(), err);
    mg_oplist_free(l);
    return rc;
}

/* Expressions as a model writes them, requoted for a dialect: quoted
 * identifiers in either style take the dialect's quote, string literals
 * (with doubled quotes, and backslash escapes where asked) stay. */
static const struct {
    const char *in, *backticks, *ansi;
} requote_cases[] = {
    { "\"a b\" > 0", "`a b` > 0", "\"a b\" > 0" },
    { "`a b` > 0", "`a b` > 0", "\"a b\" > 0" },
    { "\"q\"\"d\" = 'x'", "`q\"d` = 'x'", "\"q\"\"d\" = 'x'" },
    { "`b``t` <> 1", "`b``t` <> 1", "\"b`t\" <> 1" },
    { "x = '\"not\" `an` ident'", "x = '\"not\" `an` ident'",
      "x = '\"not\" `an` ident'" },
    { "x = 'it''s \"y\"'", "x = 'it''s \"y\"'", "x = 'it''s \"y\"'" },
    { "lower(\"Name\") LIKE 'a%'", "lower(`Name`) LIKE 'a%'",
      "lower(\"Name\") LIKE 'a%'" },
    { "\"unterminated", "`unterminated`", "\"unterminated\"" },
};

START_TEST(test_render_requote)
{
    mg_buf b = MG_BUF_INIT;

    mg_dialect_requote(&b, requote_cases[_i].in, '`', 1);
    ck_assert_str_eq(mg_buf_cstr(&b), requote_cases[_i].backticks);
    mg_buf_clear(&b);
    mg_dialect_requote(&b, requote_cases[_i].in, '"', 0);
    ck_assert_str_eq(mg_buf_cstr(&b), requote_cases[_i].ansi);
    mg_buf_release(&b);
}
END_TEST

/* A backslash escape keeps a quote inside a MariaDB string literal. */
START_TEST(test_render_requote_backslash)
{
    mg_buf b = MG_BUF_INIT;

    mg_dialect_requote(&b, "x = 'a\\' \"b\"' AND \"c\" = 1", '`', 1);
    ck_assert_str_eq(mg_buf_cstr(&b), "x = 'a\\' \"b\"' AND `c` = 1");
    mg_buf_release(&b);
}
END_TEST

START_TEST(test_render_mariadb_ops)
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
    op.data_loss = c->kind == MG_OP_DROP_TABLE ||
                   c->kind == MG_OP_DROP_COLUMN;
    rc = render_one(&out, &op, &err);
    ck_assert_int_eq(rc, c->rc);
    if (rc < 0)
        ck_assert_str_eq(err.msg, c->out);
    else
        ck_assert_str_eq(mg_buf_cstr(&out), c->out);
    mg_buf_release(&out);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* An op missing what its kind reads is refused, not a crash. */
START_TEST(test_render_mariadb_incomplete)
{
    mg_strlist out = MG_STRLIST_INIT;
    mg_error err;
    mg_op op;

    mg_error_clear(&err);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_ALTER_COLUMN;
    ck_assert_int_eq(mariadb_dialect()->ddl.render_op(&out, &op, &err),
                     MG_EUSAGE);
    ck_assert_str_eq(err.msg, "incomplete operation (kind 4)");
    op.kind = MG_OP_DROP_INDEX;
    ck_assert_int_eq(mariadb_dialect()->ddl.render_op(&out, &op, &err),
                     MG_EUSAGE);
    ck_assert_uint_eq(out.n, 0);
}
END_TEST

/* ---- mg_render: a cycle's foreign key comes after both tables ------------ */

START_TEST(test_render_mariadb_cycle)
{
    mg_metadata *md = NULL;
    mg_table *t;
    mg_buf out = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "a");
    col(t, "id", "INTEGER", 0, NULL);
    col(t, "b_id", "INTEGER", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_a", "id");
    fk(t, "fk_a_b_id_b", "b_id", "b", "id", MG_FK_NO_ACTION,
       MG_FK_NO_ACTION);
    t = table(md, "b");
    col(t, "id", "INTEGER", 0, NULL);
    col(t, "a_id", "INTEGER", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_b", "id");
    fk(t, "fk_b_a_id_a", "a_id", "a", "id", MG_FK_SET_NULL,
       MG_FK_NO_ACTION);
    ck_mg_ok(mg_render_create_all(&out, md, mariadb_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&out),
        "CREATE TABLE `a` (\n"
        "    `id` INT NOT NULL,\n"
        "    `b_id` INT,\n"
        "    PRIMARY KEY (`id`)\n"
        ");\n"
        "CREATE TABLE `b` (\n"
        "    `id` INT NOT NULL,\n"
        "    `a_id` INT,\n"
        "    PRIMARY KEY (`id`),\n"
        "    CONSTRAINT `fk_b_a_id_a` FOREIGN KEY (`a_id`) REFERENCES `a` "
        "(`id`) ON DELETE SET NULL\n"
        ");\n"
        "ALTER TABLE `a` ADD CONSTRAINT `fk_a_b_id_b` FOREIGN KEY (`b_id`) "
        "REFERENCES `b` (`id`);\n");
    mg_buf_release(&out);
    mg_metadata_free(md);
}
END_TEST

/* ---- mg_render_model: the same cycle as model text, every key inline ---- */

START_TEST(test_render_mariadb_model_cycle_inline)
{
    mg_metadata *md = NULL, *back = NULL;
    mg_table *t;
    mg_buf out = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "a");
    col(t, "id", "INTEGER", 0, NULL);
    col(t, "b_id", "INTEGER", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_a", "id");
    fk(t, "fk_a_b_id_b", "b_id", "b", "id", MG_FK_NO_ACTION,
       MG_FK_NO_ACTION);
    t = table(md, "b");
    col(t, "id", "INTEGER", 0, NULL);
    col(t, "a_id", "INTEGER", 1, NULL);
    con(t, MG_CONSTRAINT_PRIMARY_KEY, "pk_b", "id");
    fk(t, "fk_b_a_id_a", "a_id", "a", "id", MG_FK_SET_NULL,
       MG_FK_NO_ACTION);
    ck_mg_ok(mg_render_model(&out, md, mariadb_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&out),
        "CREATE TABLE `a` (\n"
        "    `id` INT NOT NULL,\n"
        "    `b_id` INT,\n"
        "    PRIMARY KEY (`id`),\n"
        "    CONSTRAINT `fk_a_b_id_b` FOREIGN KEY (`b_id`) REFERENCES `b` "
        "(`id`)\n"
        ");\n"
        "CREATE TABLE `b` (\n"
        "    `id` INT NOT NULL,\n"
        "    `a_id` INT,\n"
        "    PRIMARY KEY (`id`),\n"
        "    CONSTRAINT `fk_b_a_id_a` FOREIGN KEY (`a_id`) REFERENCES `a` "
        "(`id`) ON DELETE SET NULL\n"
        ");\n");
    /* and it is model text: it parses back */
    ck_mg_ok(mg_metadata_new(&back, &err), &err);
    ck_mg_ok(mg_model_parse(back, "m.sql", mg_buf_cstr(&out), out.len, 0,
                            &err), &err);
    ck_mg_ok(mg_model_finish(back, &err), &err);
    ck_assert_uint_eq(mg_table_constraint(mg_metadata_table(back, "a"),
                                          "fk_a_b_id_b") != NULL, 1);
    mg_metadata_free(back);
    mg_buf_release(&out);
    mg_metadata_free(md);
}
END_TEST

/* ---- column attributes: rendered, restated by MODIFY, compared ---------- */

/* A model text parsed and finished (the caller frees it). */
static mg_metadata *
parsed(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text, strlen(text), 0, &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* The changes compare finds from have to want, described, one a line. */
static void
described_changes(mg_buf *out, const char *have, const char *want)
{
    mg_metadata *h = parsed(have), *w = parsed(want);
    mg_oplist *ops = NULL;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&ops, h, w, mariadb_dialect(), NULL, &err), &err);
    for (i = 0; i < mg_oplist_count(ops); i++) {
        mg_op_describe(out, mg_oplist_at(ops, i));
        mg_buf_putc(out, '\n');
    }
    mg_oplist_free(ops);
    mg_metadata_free(h);
    mg_metadata_free(w);
}

START_TEST(test_render_mariadb_column_attributes)
{
    static const char model[] =
        "CREATE TABLE staff (\n"
        "  id INT UNSIGNED ZEROFILL NOT NULL,\n"
        "  name NVARCHAR(40) NOT NULL COMMENT 'it''s',\n"
        "  password VARCHAR(40) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin,\n"
        "  tag VARCHAR(10) COLLATE latin1_bin DEFAULT 'x',\n"
        "  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
        "    ON UPDATE CURRENT_TIMESTAMP,\n"
        "  PRIMARY KEY (id)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=latin1;\n";
    mg_metadata *md = parsed(model), *back;
    const mg_table *t = mg_metadata_table(md, "staff");
    mg_strlist out = MG_STRLIST_INIT;
    mg_buf sql = MG_BUF_INIT, ch = MG_BUF_INIT;
    mg_error err;
    mg_op op;

    mg_error_clear(&err);
    ck_mg_ok(mg_render_model(&sql, md, mariadb_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql),
        "CREATE TABLE `staff` (\n"
        "    `id` INT UNSIGNED ZEROFILL NOT NULL,\n"
        "    `name` VARCHAR(40) CHARACTER SET utf8mb3 NOT NULL "
        "COMMENT 'it''s',\n"
        "    `password` VARCHAR(40) CHARACTER SET utf8mb3 "
        "COLLATE utf8mb3_bin,\n"
        "    `tag` VARCHAR(10) COLLATE latin1_bin DEFAULT 'x',\n"
        "    `last_update` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP "
        "ON UPDATE CURRENT_TIMESTAMP,\n"
        "    PRIMARY KEY (`id`)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=latin1;\n");
    /* what inspect prints reads back as the same schema */
    back = parsed(mg_buf_cstr(&sql));
    described_changes(&ch, model, mg_buf_cstr(&sql));
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    mg_metadata_free(back);

    /* MODIFY COLUMN restates everything the column has */
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_ALTER_COLUMN;
    op.old_table = op.new_table = t;
    op.old_column = op.new_column = mg_table_column(t, "last_update");
    op.changes = MG_CHANGE_NULLABLE;
    ck_mg_ok(mariadb_dialect()->ddl.render_op(&out, &op, &err), &err);
    ck_assert_uint_eq(out.n, 1);
    ck_assert_str_eq(out.v[0], "ALTER TABLE `staff` MODIFY COLUMN "
                     "`last_update` TIMESTAMP NOT NULL DEFAULT "
                     "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP");
    mg_strlist_release(&out);
    op.old_column = op.new_column = mg_table_column(t, "name");
    ck_mg_ok(mariadb_dialect()->ddl.render_op(&out, &op, &err), &err);
    ck_assert_str_eq(out.v[0], "ALTER TABLE `staff` MODIFY COLUMN `name` "
                     "VARCHAR(40) CHARACTER SET utf8mb3 NOT NULL "
                     "COMMENT 'it''s'");
    mg_strlist_release(&out);

    /* compared: NVARCHAR is a utf8mb3 VARCHAR, a collation on one side
     * only is the default one of the other side's character set, ON
     * UPDATE as a default (case, parentheses), comments exactly */
    mg_buf_clear(&ch);
    described_changes(&ch,
        "CREATE TABLE t (a VARCHAR(40) CHARACTER SET utf8mb3 "
        "COLLATE utf8mb3_general_ci, b TIMESTAMP ON UPDATE "
        "current_timestamp(), c INT COMMENT 'x');",
        "CREATE TABLE t (a NVARCHAR(40), b TIMESTAMP ON UPDATE "
        "CURRENT_TIMESTAMP, c INT COMMENT 'x');");
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    described_changes(&ch,
        "CREATE TABLE t (a VARCHAR(40), b TIMESTAMP, c INT COMMENT 'x', "
        "d VARCHAR(5) COLLATE latin1_bin);",
        "CREATE TABLE t (a NVARCHAR(40), b TIMESTAMP ON UPDATE "
        "CURRENT_TIMESTAMP, c INT COMMENT 'y', d VARCHAR(5));");
    ck_assert_str_eq(mg_buf_cstr(&ch),
        "alter column t.a: type VARCHAR(40) -> VARCHAR(40) (national)\n"
        "alter column t.b: attributes (character set, collation, on "
        "update, comment)\n"
        "alter column t.c: attributes (character set, collation, on "
        "update, comment)\n"
        "alter column t.d: attributes (character set, collation, on "
        "update, comment)\n");
    mg_buf_release(&ch);
    mg_buf_release(&sql);
    mg_metadata_free(md);
}
END_TEST

/* Generated columns: rendered in CREATE, compared (the backquotes
 * MariaDB reflects aside), and made again where they stood when they
 * change, with the indexes over them. */
START_TEST(test_render_mariadb_generated)
{
    static const char model[] =
        "CREATE TABLE t (a INT, b DECIMAL(10,2),\n"
        "  s DECIMAL(20,2) AS (a * b) PERSISTENT,\n"
        "  v VARCHAR(20) GENERATED ALWAYS AS (concat(a, 'x')) COMMENT 'c',\n"
        "  w INT);\n"
        "CREATE INDEX ix_t_s ON t (s, w);\n";
    mg_metadata *md = parsed(model), *changed;
    mg_strlist out = MG_STRLIST_INIT;
    mg_buf sql = MG_BUF_INIT, ch = MG_BUF_INIT;
    mg_error err;
    mg_op op;

    mg_error_clear(&err);
    ck_mg_ok(mg_render_model(&sql, md, mariadb_dialect(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql),
        "CREATE TABLE `t` (\n"
        "    `a` INT,\n"
        "    `b` DECIMAL(10,2),\n"
        "    `s` DECIMAL(20,2) GENERATED ALWAYS AS (a * b) STORED,\n"
        "    `v` VARCHAR(20) GENERATED ALWAYS AS (concat(a, 'x')) VIRTUAL "
        "COMMENT 'c',\n"
        "    `w` INT\n"
        ");\n"
        "CREATE INDEX `ix_t_s` ON `t` (`s`, `w`);\n");
    described_changes(&ch, "CREATE TABLE t (a INT, b INT, s INT AS "
                      "(`a` * `b`) STORED);",
                      "CREATE TABLE t (a INT, b INT, s INT AS (a*b) "
                      "PERSISTENT);");
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    described_changes(&ch, "CREATE TABLE t (a INT, b INT, s INT AS "
                      "(`a` * `b`) STORED, w INT AS (a));",
                      "CREATE TABLE t (a INT, b INT, s INT AS (a * b), "
                      "w INT);");
    ck_assert_str_eq(mg_buf_cstr(&ch),
        "alter column t.s: generated (`a` * `b`) STORED -> (a * b) "
        "VIRTUAL\n"
        "alter column t.w: generated (a) VIRTUAL -> none\n");

    changed = parsed("CREATE TABLE t (a INT, b DECIMAL(10,2),\n"
                     "  s DECIMAL(20,2) AS (a + b) VIRTUAL, w INT);\n"
                     "CREATE INDEX ix_t_s ON t (s, w);");
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_ALTER_COLUMN;
    op.old_table = mg_metadata_table(md, "t");
    op.new_table = mg_metadata_table(changed, "t");
    op.old_column = mg_table_column(op.old_table, "s");
    op.new_column = mg_table_column(op.new_table, "s");
    op.changes = MG_CHANGE_GENERATED;
    ck_mg_ok(mariadb_dialect()->ddl.render_op(&out, &op, &err), &err);
    ck_assert_uint_eq(out.n, 3);
    ck_assert_str_eq(out.v[0], "DROP INDEX `ix_t_s` ON `t`");
    ck_assert_str_eq(out.v[1], "ALTER TABLE `t` DROP COLUMN `s`, ADD COLUMN "
                     "`s` DECIMAL(20,2) GENERATED ALWAYS AS (a + b) VIRTUAL "
                     "AFTER `b`");
    ck_assert_str_eq(out.v[2], "CREATE INDEX `ix_t_s` ON `t` (`s`, `w`)");
    mg_strlist_release(&out);
    mg_metadata_free(changed);
    mg_metadata_free(md);

    /* a CHECK naming it and a UNIQUE key over it go and come back in the
     * same ALTER TABLE: the server refuses to drop a column a CHECK
     * names, and would keep the key less the column */
    md = parsed("CREATE TABLE t (id INT PRIMARY KEY, b INT,\n"
                "  g INT AS (b * 2) STORED, CONSTRAINT ck_t_g CHECK (g >= 0),\n"
                "  CONSTRAINT uq_t_b_g UNIQUE (b, g));");
    changed = parsed("CREATE TABLE t (id INT PRIMARY KEY, b INT,\n"
                     "  g INT AS (b * 3) STORED, CONSTRAINT ck_t_g CHECK "
                     "(g >= 0),\n"
                     "  CONSTRAINT uq_t_b_g UNIQUE (b, g));");
    op.old_table = mg_metadata_table(md, "t");
    op.new_table = mg_metadata_table(changed, "t");
    op.old_column = mg_table_column(op.old_table, "g");
    op.new_column = mg_table_column(op.new_table, "g");
    ck_mg_ok(mariadb_dialect()->ddl.render_op(&out, &op, &err), &err);
    ck_assert_uint_eq(out.n, 1);
    ck_assert_str_eq(out.v[0], "ALTER TABLE `t` DROP CONSTRAINT `ck_t_g`, "
                     "DROP INDEX `uq_t_b_g`, DROP COLUMN `g`, ADD COLUMN "
                     "`g` INT GENERATED ALWAYS AS (b * 3) STORED AFTER `b`, "
                     "ADD CONSTRAINT `ck_t_g` CHECK (g >= 0), ADD CONSTRAINT "
                     "`uq_t_b_g` UNIQUE (`b`, `g`)");
    mg_strlist_release(&out);
    mg_buf_release(&ch);
    mg_buf_release(&sql);
    mg_metadata_free(changed);
    mg_metadata_free(md);
}
END_TEST

/* ---- the index a foreign key needs is never dropped alone ---------------- */

START_TEST(test_render_mariadb_fk_index_kept)
{
    static const char have[] =
        "CREATE TABLE u (id INT PRIMARY KEY);\n"
        "CREATE TABLE h (user_id INT, start_date DATE,\n"
        "  CONSTRAINT h_fk FOREIGN KEY (user_id) REFERENCES u (id),\n"
        "  KEY user_id (user_id), KEY user_start (user_id, start_date));\n";
    mg_metadata *md = parsed(have), *w = parsed(
        "CREATE TABLE u (id INT PRIMARY KEY);\n"
        "CREATE TABLE h (user_id INT, start_date DATE,\n"
        "  CONSTRAINT h_fk FOREIGN KEY (user_id) REFERENCES u (id),\n"
        "  KEY user_start (user_id, start_date));\n");
    const mg_table *t = mg_metadata_table(md, "h");
    mg_strlist out = MG_STRLIST_INIT;
    mg_error err;
    mg_op op;

    mg_error_clear(&err);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_DROP_INDEX;
    op.old_table = t;
    op.index = mg_table_index(t, "user_id");
    /* the table is dropped next (a downgrade of its creation): the other
     * index may go first, so the key gets its own */
    ck_mg_ok(mariadb_dialect()->ddl.render_op(&out, &op, &err), &err);
    ck_assert_str_eq(out.v[0], "ALTER TABLE `h` DROP INDEX `user_id`, ADD "
                     "INDEX IF NOT EXISTS `h_fk` (`user_id`)");
    mg_strlist_release(&out);
    /* user_start stays: it serves the key */
    op.new_table = mg_metadata_table(w, "h");
    ck_mg_ok(mariadb_dialect()->ddl.render_op(&out, &op, &err), &err);
    ck_assert_str_eq(out.v[0], "DROP INDEX `user_id` ON `h`");
    mg_strlist_release(&out);
    mg_metadata_free(md);
    mg_metadata_free(w);
}
END_TEST

/* The index the server made for an unnamed foreign key is not a
 * difference while the key needs it; once another index serves the key,
 * it is. */
START_TEST(test_compare_mariadb_fk_own_index)
{
    mg_buf ch = MG_BUF_INIT;

    described_changes(&ch,
        "CREATE TABLE a (id INT PRIMARY KEY);\n"
        "CREATE TABLE b (a_id INT, FOREIGN KEY (a_id) REFERENCES a (id));\n"
        "CREATE INDEX a_id ON b (a_id);\n",
        "CREATE TABLE a (id INT PRIMARY KEY);\n"
        "CREATE TABLE b (a_id INT, FOREIGN KEY (a_id) REFERENCES a (id));\n");
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    described_changes(&ch,
        "CREATE TABLE a (id INT PRIMARY KEY);\n"
        "CREATE TABLE b (a_id INT, n INT,\n"
        "  FOREIGN KEY (a_id) REFERENCES a (id));\n"
        "CREATE INDEX a_id ON b (a_id);\n",
        "CREATE TABLE a (id INT PRIMARY KEY);\n"
        "CREATE TABLE b (a_id INT, n INT,\n"
        "  FOREIGN KEY (a_id) REFERENCES a (id));\n"
        "CREATE INDEX ix_two ON b (a_id, n);\n");
    ck_assert_str_eq(mg_buf_cstr(&ch), "drop index a_id on b\n"
                     "add index ix_two on b\n");
    mg_buf_release(&ch);
}
END_TEST

/* ---- render_type ---------------------------------------------------------- */

typedef struct type_case {
    mg_type     type;
    const char *out;
} type_case;

static const type_case type_cases[] = {
    { { MG_TYPE_INTEGER, 0, 0, -1, NULL }, "INT" },
    { { MG_TYPE_BIGINT, 0, 0, -1, NULL }, "BIGINT" },
    { { MG_TYPE_SMALLINT, 0, 0, -1, NULL }, "SMALLINT" },
    { { MG_TYPE_VARCHAR, 50, 0, -1, NULL }, "VARCHAR(50)" },
    { { MG_TYPE_VARCHAR, 0, 0, -1, NULL }, "VARCHAR(255)" },
    { { MG_TYPE_CHAR, 2, 0, -1, NULL }, "CHAR(2)" },
    { { MG_TYPE_CHAR, 0, 0, -1, NULL }, "CHAR(1)" },
    { { MG_TYPE_TEXT, 0, 0, -1, NULL }, "TEXT" },
    { { MG_TYPE_BOOLEAN, 0, 0, -1, NULL }, "BOOL" },
    { { MG_TYPE_DATE, 0, 0, -1, NULL }, "DATE" },
    { { MG_TYPE_TIME, 0, 0, -1, NULL }, "TIME" },
    { { MG_TYPE_TIMESTAMP, 0, 0, -1, NULL }, "TIMESTAMP" },
    { { MG_TYPE_DATETIME, 0, 0, -1, NULL }, "DATETIME" },
    { { MG_TYPE_NUMERIC, 0, 10, 2, NULL }, "DECIMAL(10,2)" },
    { { MG_TYPE_NUMERIC, 0, 10, 0, NULL }, "DECIMAL(10,0)" },
    { { MG_TYPE_NUMERIC, 0, 7, -1, NULL }, "DECIMAL(7,0)" },
    { { MG_TYPE_NUMERIC, 0, 0, -1, NULL }, "DECIMAL(10,0)" },
    { { MG_TYPE_REAL, 0, 0, -1, NULL }, "FLOAT" },
    { { MG_TYPE_DOUBLE, 0, 0, -1, NULL }, "DOUBLE" },
    { { MG_TYPE_JSON, 0, 0, -1, NULL }, "JSON" },
    { { MG_TYPE_BLOB, 0, 0, -1, NULL }, "BLOB" },
    { { MG_TYPE_BYTES, 0, 0, -1, NULL }, "LONGBLOB" },
    { { MG_TYPE_UUID, 0, 0, -1, NULL }, "UUID" },
    { { MG_TYPE_OTHER, 0, 0, -1, (char *)"enum('a','b')" },
      "enum('a','b')" },
    { { MG_TYPE_OTHER, 0, 0, -1, (char *)"YEAR" }, "YEAR" },
    { { MG_TYPE_OTHER, 0, 0, -1, (char *)"Year(4)" }, "YEAR" },
    { { MG_TYPE_OTHER, 0, 0, -1, (char *)"YEAR(2)" }, "YEAR(2)" },
};

START_TEST(test_render_mariadb_types)
{
    mg_buf b = MG_BUF_INIT;

    mariadb_dialect()->ddl.render_type(&b, &type_cases[_i].type);
    ck_assert_str_eq(mg_buf_cstr(&b), type_cases[_i].out);
    mg_buf_release(&b);
}
END_TEST

/* ---- what reflection reads ------------------------------------------------ */

typedef struct reflect_type_case {
    const char  *column_type;   /* information_schema.COLUMNS */
    int          json;          /* a json_valid() check guards it */
    mg_type_kind kind;
    const char  *rendered;      /* render_type of the result */
} reflect_type_case;

static const reflect_type_case reflect_type_cases[] = {
    { "int(11)", 0, MG_TYPE_INTEGER, "INT" },
    { "int", 0, MG_TYPE_INTEGER, "INT" },
    { "bigint(20)", 0, MG_TYPE_BIGINT, "BIGINT" },
    { "smallint(6)", 0, MG_TYPE_SMALLINT, "SMALLINT" },
    { "tinyint(1)", 0, MG_TYPE_BOOLEAN, "BOOL" },
    { "varchar(50)", 0, MG_TYPE_VARCHAR, "VARCHAR(50)" },
    { "char(36)", 0, MG_TYPE_CHAR, "CHAR(36)" },
    { "text", 0, MG_TYPE_TEXT, "TEXT" },
    { "date", 0, MG_TYPE_DATE, "DATE" },
    { "time", 0, MG_TYPE_TIME, "TIME" },
    { "datetime", 0, MG_TYPE_DATETIME, "DATETIME" },
    { "decimal(10,2)", 0, MG_TYPE_NUMERIC, "DECIMAL(10,2)" },
    { "float", 0, MG_TYPE_REAL, "FLOAT" },
    { "double", 0, MG_TYPE_DOUBLE, "DOUBLE" },
    { "longtext", 1, MG_TYPE_JSON, "JSON" },
    { "json", 0, MG_TYPE_JSON, "JSON" },             /* MySQL */
    { "longblob", 0, MG_TYPE_BYTES, "LONGBLOB" },
    { "uuid", 0, MG_TYPE_UUID, "UUID" },
    /* what the generic types would not render back stays verbatim */
    { "longtext", 0, MG_TYPE_OTHER, "longtext" },
    { "int(10) unsigned", 0, MG_TYPE_OTHER, "int unsigned" },
    { "tinyint(4)", 0, MG_TYPE_OTHER, "tinyint" },
    { "mediumint(9)", 0, MG_TYPE_OTHER, "mediumint" },
    /* ZEROFILL pads to the display width: it stays */
    { "int(5) unsigned zerofill", 0, MG_TYPE_OTHER,
      "int(5) unsigned zerofill" },
    /* DESIGN 2: TIMESTAMP and DATETIME apart, BLOB stays blob */
    { "timestamp", 0, MG_TYPE_TIMESTAMP, "TIMESTAMP" },
    { "datetime(6)", 0, MG_TYPE_DATETIME, "DATETIME(6)" },
    { "datetime", 0, MG_TYPE_DATETIME, "DATETIME" },
    { "blob", 0, MG_TYPE_BLOB, "BLOB" },
    { "varchar(10)", 1, MG_TYPE_VARCHAR, "VARCHAR(10)" },
    { "enum('a','b')", 0, MG_TYPE_OTHER, "enum('a','b')" },
    /* YEAR(4) is YEAR; the deprecated YEAR(2) is not */
    { "year(4)", 0, MG_TYPE_OTHER, "year" },
    { "year(2)", 0, MG_TYPE_OTHER, "year(2)" },
};

START_TEST(test_render_mariadb_reflect_type)
{
    const reflect_type_case *c = &reflect_type_cases[_i];
    mg_buf b = MG_BUF_INIT;
    mg_type t;

    ck_assert_int_eq(mg_mariadb__reflect_type(&t, c->column_type, c->json),
                     0);
    ck_assert_int_eq(t.kind, c->kind);
    mariadb_dialect()->ddl.render_type(&b, &t);
    ck_assert_str_eq(mg_buf_cstr(&b), c->rendered);
    mg_type_release(&t);
    mg_buf_release(&b);
}
END_TEST

typedef struct expr_case {
    const char *in;
    const char *out;
} expr_case;

static const expr_case reflect_expr_cases[] = {
    { "current_timestamp()", "current_timestamp" },
    { "current_timestamp(6)", "current_timestamp(6)" },
    { "curdate()", "current_date" },
    { "curtime()", "current_time" },
    { "lcase('X')", "lower('X')" },
    { "ucase(`lcase`)", "upper(`lcase`)" },
    { "octet_length(`name`) > 0", "length(`name`) > 0" },
    { "`a` MOD 2 = 0", "`a` % 2 = 0" },
    { "mod(`a`,2) = 0", "mod(`a`,2) = 0" },
    { "`b` <> 'it\\'s'", "`b` <> 'it''s'" },
    { "'a\\\\b' = 'ucase()'", "'a\\\\b' = 'ucase()'" },
    { "1e-3 + `x`", "1e-3 + `x`" },
    { "NULL", "NULL" },
};

START_TEST(test_render_mariadb_reflect_expr)
{
    mg_buf b = MG_BUF_INIT;

    mg_mariadb__reflect_expr(&b, reflect_expr_cases[_i].in);
    ck_assert_str_eq(mg_buf_cstr(&b), reflect_expr_cases[_i].out);
    mg_buf_release(&b);
}
END_TEST

typedef struct default_case {
    const char *type;
    const char *model;      /* as written in a model */
    const char *db;         /* as MariaDB reports it */
    int         equal;
} default_case;

static const default_case default_cases[] = {
    { "BOOLEAN", "TRUE", "1", 1 },
    { "BOOLEAN", "FALSE", "0", 1 },
    { "BOOLEAN", "TRUE", "0", 0 },
    { "TIMESTAMP", "CURRENT_TIMESTAMP", "current_timestamp()", 1 },
    { "TIMESTAMP", "now()", "current_timestamp()", 1 },
    { "TIMESTAMP", "CURRENT_TIMESTAMP(6)", "current_timestamp()", 0 },
    { "DATE", "CURRENT_DATE", "curdate()", 1 },
    { "NUMERIC(10,2)", "1.5", "1.50", 1 },
    { "NUMERIC(10,2)", "'1.5'", "1.50", 1 },
    { "NUMERIC(10,2)", "1.5", "1.51", 0 },
    { "NUMERIC(8,3)", "-1.5e3", "-1500.000", 1 },
    { "NUMERIC(8,3)", "0.05", "0.050", 1 },
    { "INTEGER", "+7", "7", 1 },
    { "INTEGER", "-0", "0", 1 },
    { "INTEGER", "1", "2", 0 },
    { "DOUBLE", "0x1F", "31", 1 },
    { "REAL", "1e3", "1000", 1 },
    { "VARCHAR(10)", "5", "'5'", 1 },
    { "VARCHAR(10)", "-5", "'-5'", 1 },
    { "VARCHAR(10)", "'a'", "'A'", 0 },
    { "VARCHAR(10)", "'it''s'", "'it''s'", 1 },
    { "TEXT", "lower('X')", "lcase('X')", 1 },
    { "TEXT", "('n/a')", "'n/a'", 1 },
};

static void
default_text(mg_buf *out, const mg_column *c)
{
    mg_buf norm = MG_BUF_INIT;

    mg_normalize_expr(&norm, c->server_default);
    mariadb_dialect()->catalog.normalize_default(out, c, mg_buf_cstr(&norm));
    mg_buf_release(&norm);
}

START_TEST(test_render_mariadb_defaults)
{
    const default_case *c = &default_cases[_i];
    mg_metadata *md = NULL;
    mg_table *t;
    mg_column *a, *b;
    mg_buf x = MG_BUF_INIT, y = MG_BUF_INIT;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "t");
    a = col(t, "a", c->type, 1, c->model);
    b = col(t, "b", c->type, 1, c->db);
    default_text(&x, a);
    default_text(&y, b);
    ck_assert_msg((strcmp(mg_buf_cstr(&x), mg_buf_cstr(&y)) == 0) ==
                  c->equal, "%s: %s -> '%s', %s -> '%s'", c->type,
                  c->model, mg_buf_cstr(&x), c->db, mg_buf_cstr(&y));
    mg_buf_release(&x);
    mg_buf_release(&y);
    mg_metadata_free(md);
}
END_TEST

/* The exact normal forms of a few. */
START_TEST(test_render_mariadb_default_forms)
{
    mg_metadata *md = NULL;
    mg_table *t;
    mg_buf b = MG_BUF_INIT;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    t = table(md, "t");
    default_text(&b, col(t, "a", "NUMERIC(8,3)", 1, "-1.5e3"));
    ck_assert_str_eq(mg_buf_cstr(&b), "-1500");
    mg_buf_clear(&b);
    default_text(&b, col(t, "b", "NUMERIC(8,3)", 1, "'0.0500'"));
    ck_assert_str_eq(mg_buf_cstr(&b), "0.05");
    mg_buf_clear(&b);
    default_text(&b, col(t, "c", "BOOLEAN", 1, "TRUE"));
    ck_assert_str_eq(mg_buf_cstr(&b), "1");
    mg_buf_clear(&b);
    default_text(&b, col(t, "d", "DATETIME", 1, "NOW()"));
    ck_assert_str_eq(mg_buf_cstr(&b), "current_timestamp");
    mg_buf_clear(&b);
    default_text(&b, col(t, "e", "INTEGER", 1, "(1 + 2)"));
    ck_assert_str_eq(mg_buf_cstr(&b), "1 + 2");
    mg_buf_release(&b);
    mg_metadata_free(md);
}
END_TEST

/* ---- a real server -------------------------------------------------------- */

#define MODEL_V1 \
    "CREATE TABLE users (\n" \
    "    id         INTEGER PRIMARY KEY,\n" \
    "    name       VARCHAR(50) NOT NULL,\n" \
    "    email      VARCHAR(100) NOT NULL UNIQUE,\n" \
    "    active     BOOLEAN NOT NULL DEFAULT TRUE,\n" \
    "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n" \
    "    best_post_id BIGINT REFERENCES posts (id) ON DELETE SET NULL\n" \
    ");\n" \
    "CREATE TABLE posts (\n" \
    "    id      BIGINT PRIMARY KEY,\n" \
    "    title   VARCHAR(200) NOT NULL,\n" \
    "    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n" \
    "    body    TEXT DEFAULT 'n/a',\n" \
    "    CONSTRAINT ck_posts_title CHECK (length(title) > 0)\n" \
    ");\n" \
    "CREATE INDEX ix_posts_user_id ON posts (user_id);\n" \
    "CREATE TABLE tags (\n" \
    "    post_id BIGINT NOT NULL REFERENCES posts (id)\n" \
    "        ON DELETE RESTRICT ON UPDATE CASCADE,\n" \
    "    name    VARCHAR(40) NOT NULL,\n" \
    "    weight  SMALLINT DEFAULT 1 CHECK (weight >= 0),\n" \
    "    PRIMARY KEY (post_id, name)\n" \
    ");\n" \
    "CREATE TABLE all_types (\n" \
    "    a INTEGER,\n" \
    "    b BIGINT DEFAULT -5,\n" \
    "    c SMALLINT DEFAULT '7',\n" \
    "    d VARCHAR(10) DEFAULT 'it''s',\n" \
    "    e CHAR(3) DEFAULT 'abc',\n" \
    "    f TEXT DEFAULT (lower('X')),\n" \
    "    g BOOLEAN DEFAULT FALSE,\n" \
    "    h DATE DEFAULT CURRENT_DATE,\n" \
    "    i TIME,\n" \
    "    j DATETIME DEFAULT (now()),\n" \
    "    k NUMERIC(8,3) DEFAULT -1.5e3,\n" \
    "    l NUMERIC(5) DEFAULT 0,\n" \
    "    m REAL DEFAULT 1.5,\n" \
    "    n DOUBLE DEFAULT 0x1F,\n" \
    "    o JSON DEFAULT '{}',\n" \
    "    p BLOB,\n" \
    "    q UUID,\n" \
    "    r DECIMAL(10,2) DEFAULT '1.50',\n" \
    "    s VARCHAR(20) DEFAULT 5,\n" \
    "    t NUMERIC,\n" \
    "    u CHAR\n" \
    ");\n" \
    "CREATE UNIQUE INDEX ux_all_types_a_e ON all_types (a, e);\n" \
    "CREATE INDEX ix_all_types_d ON all_types (d(4), b DESC);\n" \
    "CREATE TABLE legacy (\n" \
    "    id INTEGER PRIMARY KEY,\n" \
    "    note TEXT\n" \
    ");\n"

/* The change set: every kind of op on tables that keep their rows. The
 * foreign key of posts.user_id stays while its only index goes, and the
 * cycle's foreign key changes its action. */
#define MODEL_V2 \
    "CREATE TABLE users (\n" \
    "    id         INTEGER PRIMARY KEY,\n" \
    "    name       VARCHAR(80),\n" \
    "    email      VARCHAR(100) NOT NULL UNIQUE,\n" \
    "    active     BOOLEAN NOT NULL DEFAULT FALSE,\n" \
    "    nickname   VARCHAR(30) NOT NULL DEFAULT 'x',\n" \
    "    best_post_id BIGINT REFERENCES posts (id) ON UPDATE CASCADE\n" \
    ");\n" \
    "CREATE TABLE posts (\n" \
    "    id      BIGINT PRIMARY KEY,\n" \
    "    title   VARCHAR(200) NOT NULL UNIQUE,\n" \
    "    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n" \
    "    body    TEXT DEFAULT 'n/a',\n" \
    "    CONSTRAINT ck_posts_body CHECK (body <> '')\n" \
    ");\n" \
    "CREATE TABLE tags (\n" \
    "    post_id BIGINT NOT NULL REFERENCES posts (id)\n" \
    "        ON DELETE RESTRICT ON UPDATE CASCADE,\n" \
    "    name    VARCHAR(40) NOT NULL,\n" \
    "    weight  INTEGER DEFAULT 2 CHECK (weight >= 0),\n" \
    "    PRIMARY KEY (post_id, name)\n" \
    ");\n" \
    "CREATE INDEX ix_tags_name ON tags (name);\n" \
    "CREATE TABLE all_types (\n" \
    "    a INTEGER,\n" \
    "    b BIGINT DEFAULT -5,\n" \
    "    c SMALLINT DEFAULT '7',\n" \
    "    d VARCHAR(10) DEFAULT 'it''s',\n" \
    "    e CHAR(3) DEFAULT 'abc',\n" \
    "    f TEXT DEFAULT (lower('X')),\n" \
    "    g BOOLEAN DEFAULT FALSE,\n" \
    "    h DATE DEFAULT CURRENT_DATE,\n" \
    "    i TIME,\n" \
    "    j DATETIME DEFAULT (now()),\n" \
    "    k NUMERIC(8,3) DEFAULT -1.5e3,\n" \
    "    l NUMERIC(5) DEFAULT 0,\n" \
    "    m REAL DEFAULT 1.5,\n" \
    "    n DOUBLE DEFAULT 0x1F,\n" \
    "    o TEXT,\n" \
    "    p BLOB,\n" \
    "    q UUID,\n" \
    "    r DECIMAL(10,2) DEFAULT '1.50',\n" \
    "    s VARCHAR(20) DEFAULT 5,\n" \
    "    t NUMERIC,\n" \
    "    u CHAR\n" \
    ");\n" \
    "CREATE INDEX ix_all_types_d ON all_types (d(4), b DESC);\n" \
    "CREATE TABLE comments (\n" \
    "    id      INTEGER PRIMARY KEY,\n" \
    "    post_id BIGINT NOT NULL REFERENCES posts (id),\n" \
    "    body    TEXT NOT NULL\n" \
    ");\n"

#define ROWS \
    "INSERT INTO users (id, name, email) VALUES (1, 'ann', 'ann@x'), " \
    "(2, 'bob', 'bob@x');\n" \
    "INSERT INTO posts (id, title, user_id, body) VALUES " \
    "(10, 'hello', 1, 'b'), (11, 'world', 2, 'c');\n" \
    "UPDATE users SET best_post_id = 11 WHERE id = 2;\n" \
    "INSERT INTO tags (post_id, name) VALUES (10, 'x'), (11, 'y');\n" \
    "INSERT INTO all_types (a, e, o) VALUES (1, 'one', '{\"k\": 1}');\n"

static mg_metadata *
model(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_mg_ok(mg_model_parse(md, "models.sql", text, strlen(text), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* Split script with the dialect's rules and run each statement. */
static void
run_script(mg_engine *e, const char *script)
{
    mg_stmtlist *l = NULL;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_split(&l, script, strlen(script), 1,
                      mg_engine_dialect(e)->sql.split_flags, &err), &err);
    for (i = 0; i < mg_stmtlist_count(l); i++) {
        int rc = mg_engine_exec(e, mg_stmtlist_sql(l, i), &err);
        ck_assert_msg(rc == 0, "%s\n-- failed: %s\n-- in script:\n%s",
                      mg_stmtlist_sql(l, i), err.msg, script);
    }
    mg_stmtlist_free(l);
}

/* The single value of a query, in a static buffer ("(null)" for SQL
 * NULL, "(none)" for no row). */
static const char *
scalar(mg_engine *e, const char *sql)
{
    static char value[512];
    mg_rows *rows = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_query(&rows, e, sql, &err), &err);
    if (mg_rows_count(rows) == 0)
        snprintf(value, sizeof(value), "(none)");
    else
        snprintf(value, sizeof(value), "%s", mg_rows_value(rows, 0, 0)
                 ? mg_rows_value(rows, 0, 0) : "(null)");
    mg_rows_free(rows);
    return value;
}

/* compare(have, want) must find nothing; on failure the message lists
 * what it found and the SQL that would fix it. */
static void
assert_no_diff(const mg_metadata *have, const mg_metadata *want,
               const char *when)
{
    mg_oplist *ops = NULL;
    mg_buf desc = MG_BUF_INIT, sql = MG_BUF_INIT;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&ops, have, want, mariadb_dialect(), NULL, &err),
             &err);
    for (i = 0; i < mg_oplist_count(ops); i++) {
        mg_op_describe(&desc, mg_oplist_at(ops, i));
        mg_buf_putc(&desc, '\n');
    }
    if (mg_oplist_count(ops))
        mg_render(&sql, ops, mariadb_dialect(), &err);
    ck_assert_msg(mg_oplist_count(ops) == 0, "%s: %zu differences:\n%s%s",
                  when, mg_oplist_count(ops), mg_buf_cstr(&desc),
                  mg_buf_cstr(&sql));
    mg_buf_release(&desc);
    mg_buf_release(&sql);
    mg_oplist_free(ops);
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

/* A model's YEAR and YEAR(4) are the year(4) MariaDB reflects, and
 * YEAR(2) its year(2): no difference either way (no server needed). */
START_TEST(test_render_mariadb_year_equal)
{
    static const char *const reflected[] = { "year(4)", "year(4)",
                                             "year(2)" };
    static const char *const names[] = { "a", "b", "c" };
    mg_metadata *want = model("CREATE TABLE years (a YEAR, b YEAR(4), "
                              "c YEAR(2));\n");
    mg_metadata *have = NULL;
    mg_table *t;
    size_t i;

    ck_assert_int_eq(mg_metadata_new(&have, NULL), 0);
    t = table(have, "years");
    for (i = 0; i < 3; i++) {
        mg_type ty;
        mg_column *c;

        ck_assert_int_eq(mg_mariadb__reflect_type(&ty, reflected[i], 0), 0);
        ck_assert_ptr_nonnull(c = mg_table_add_column(t, names[i], &ty));
        c->nullable = 1;
        mg_type_release(&ty);
    }
    assert_no_diff(have, want, "year(4) reflected, YEAR modelled");
    assert_no_diff(want, have, "YEAR modelled, year(4) reflected");
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

/* Rows that must survive every step. */
static void
assert_rows(mg_engine *e, const char *when)
{
    const char *v;

    v = scalar(e, "SELECT GROUP_CONCAT(CONCAT(id, ':', name, ':', email) "
               "ORDER BY id) FROM users");
    ck_assert_msg(strcmp(v, "1:ann:ann@x,2:bob:bob@x") == 0, "%s: users "
                  "%s", when, v);
    v = scalar(e, "SELECT GROUP_CONCAT(CONCAT(id, ':', title, ':', user_id, "
               "':', body) ORDER BY id) FROM posts");
    ck_assert_msg(strcmp(v, "10:hello:1:b,11:world:2:c") == 0, "%s: posts "
                  "%s", when, v);
    v = scalar(e, "SELECT GROUP_CONCAT(CONCAT(post_id, ':', name) ORDER BY "
               "post_id) FROM tags");
    ck_assert_msg(strcmp(v, "10:x,11:y") == 0, "%s: tags %s", when, v);
    v = scalar(e, "SELECT CONCAT(a, ':', e, ':', o, ':', k) FROM all_types");
    ck_assert_msg(strcmp(v, "1:one:{\"k\": 1}:-1500.000") == 0, "%s: "
                  "all_types %s", when, v);
    ck_assert_str_eq(scalar(e, "SELECT best_post_id FROM users WHERE id = "
                            "2"), "11");
}

/* Render ops and run them. */
static void
apply(mg_engine *e, const mg_oplist *ops)
{
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_render(&sql, ops, mariadb_dialect(), &err), &err);
    run_script(e, mg_buf_cstr(&sql));
    mg_buf_release(&sql);
}

/* The server tests' database: made by the dialect in the parent process
 * before the tests and dropped there after them, so a failing test (a
 * forked child that ends at once) leaves nothing behind. */
static char *server_url;          /* the scratch database's URL */
static char server_error[2048];   /* why there is none */

static const char *
base_url(void)
{
    const char *u = getenv("MIGRATE_TEST_MARIADB_URL");

    return u && *u ? u : NULL;
}

static void
server_setup(void)
{
    const mg_dialect *d = mg_dialect_find("mariadb");
    mg_engine *e = NULL;
    mg_error err;

    mg_error_clear(&err);
    server_error[0] = '\0';
    if (!base_url() || !d)
        return;
    if (mg_engine_open(&e, base_url(), 0, &err) < 0 ||
        d->scratch.create(mg_engine__conn(e), mg_engine__url(e),
                          &server_url, &err) < 0)
        snprintf(server_error, sizeof(server_error), "%s", err.msg);
    mg_engine_free(e);
}

static void
server_teardown(void)
{
    const mg_dialect *d = mg_dialect_find("mariadb");
    mg_engine *e = NULL;

    if (server_url && mg_engine_open(&e, base_url(), 0, NULL) == 0)
        d->scratch.drop(mg_engine__conn(e), server_url, NULL);
    mg_engine_free(e);
    free(server_url);
    server_url = NULL;
}

/* The server's statement counter of this session. */
static long
questions(mg_engine *e)
{
    mg_rows *rows = NULL;
    mg_error err;
    long n;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_query(&rows, e, "SHOW SESSION STATUS LIKE "
                             "'Questions'", &err), &err);
    ck_assert_uint_eq(mg_rows_count(rows), 1);
    n = strtol(mg_rows_value(rows, 0, 1), NULL, 10);
    mg_rows_free(rows);
    return n;
}

START_TEST(test_render_mariadb_server)
{
    const mg_dialect *d = mariadb_dialect();
    mg_metadata *v1 = NULL, *v2 = NULL, *got = NULL, *got1 = NULL;
    mg_engine *e = NULL;
    mg_oplist *up = NULL, *down = NULL;
    mg_buf sql = MG_BUF_INIT;
    const mg_table *t;
    mg_error err;
    long before, after;

    if (!base_url()) {
        test_skip("MIGRATE_TEST_MARIADB_URL");
        return;
    }
    ck_assert_msg(server_url != NULL, "no scratch database: %s",
                  server_error);
    mg_error_clear(&err);
    ck_mg_ok(mg_engine_open(&e, server_url, 0, &err), &err);
    ck_assert_str_eq(scalar(e, "SELECT COUNT(*) FROM information_schema."
                            "TABLES WHERE TABLE_SCHEMA = DATABASE()"), "0");

    /* create_all, reflect: nothing to do */
    v1 = model(MODEL_V1);
    ck_mg_ok(mg_render_create_all(&sql, v1, d, &err), &err);
    run_script(e, mg_buf_cstr(&sql));
    run_script(e, ROWS);
    before = questions(e);
    got = reflect(e);
    after = questions(e);
    /* five catalog queries for the tables, four for the schema objects
     * (no sequences: no fifth), and the SHOW that read the counter */
    ck_assert_int_eq(after - before, 10);
    ck_assert_uint_eq(mg_metadata_table_count(got), 5);
    t = mg_metadata_table(got, "all_types");
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(mg_table_column(t, "o")->type.kind, MG_TYPE_JSON);
    ck_assert_int_eq(mg_table_column(t, "g")->type.kind, MG_TYPE_BOOLEAN);
    ck_assert_str_eq(mg_table_column(t, "h")->server_default,
                     "current_date");
    ck_assert_ptr_null(mg_table_column(t, "i")->server_default);
    ck_assert_uint_eq(t->nconstraints, 1);   /* UNIQUE; no json_valid */
    ck_assert_int_eq(t->constraints[0]->kind, MG_CONSTRAINT_UNIQUE);
    ck_assert_uint_eq(t->nindexes, 1);
    ck_assert_str_eq(t->indexes[0]->expressions.v[0], "d(4)");
    ck_assert_str_eq(t->indexes[0]->expressions.v[1], "b DESC");
    t = mg_metadata_table(got, "users");
    ck_assert_int_eq(mg_table_column(t, "id")->autoincrement, 1);
    ck_assert_str_eq(mg_table_primary_key(t)->name, "pk_users");
    /* the index InnoDB made for the FK is the FK's, not reflected */
    ck_assert_uint_eq(t->nindexes, 0);
    t = mg_metadata_table(got, "posts");
    ck_assert_str_eq(mg_table_constraint(t, "ck_posts_title")->expression,
                     "length(`title`) > 0");
    assert_no_diff(got, v1, "after create_all");
    assert_no_diff(v1, got, "after create_all, reversed");

    /* the change set, there and back */
    v2 = model(MODEL_V2);
    ck_mg_ok(mg_compare(&up, got, v2, d, NULL, &err), &err);
    ck_assert_uint_gt(mg_oplist_count(up), 10);
    ck_mg_ok(mg_oplist_reverse(&down, up, &err), &err);
    apply(e, up);
    got1 = got;   /* the ops borrow from it */
    got = reflect(e);
    assert_no_diff(got, v2, "after the change set");
    ck_assert_str_eq(scalar(e, "SELECT GROUP_CONCAT(nickname) FROM users"),
                     "x,x");
    ck_assert_str_eq(scalar(e, "SELECT COUNT(*) FROM information_schema."
                            "TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                            "TABLE_NAME = 'legacy'"), "0");
    assert_rows(e, "after the change set");

    apply(e, down);
    mg_metadata_free(got);
    got = reflect(e);
    assert_no_diff(got, v1, "after the change set reversed");
    assert_rows(e, "after the change set reversed");

    /* the ignore list leaves tables out */
    {
        mg_strlist ignore = MG_STRLIST_INIT;
        mg_metadata *less = NULL;
        ck_assert_int_eq(mg_strlist_add(&ignore, "LEGACY"), 0);
        ck_mg_ok(mg_inspect(&less, e, &ignore, &err), &err);
        ck_assert_uint_eq(mg_metadata_table_count(less), 4);
        ck_assert_ptr_null(mg_metadata_table(less, "legacy"));
        mg_metadata_free(less);
        mg_strlist_release(&ignore);
    }

    mg_oplist_free(up);
    mg_oplist_free(down);
    mg_metadata_free(got);
    mg_metadata_free(got1);
    mg_metadata_free(v1);
    mg_metadata_free(v2);
    mg_buf_release(&sql);
    mg_engine_free(e);
}
END_TEST

/* scratch_create: a new database with the base URL's credentials, host,
 * port and parameters; scratch_drop: only such a database, and no
 * password in any message. */
START_TEST(test_render_mariadb_scratch)
{
    const mg_dialect *d = mariadb_dialect();
    mg_engine *base = NULL, *e = NULL;
    mg_url *u = NULL;
    const mg_url *bu;
    mg_buf expect = MG_BUF_INIT, sql = MG_BUF_INIT;
    char *url = NULL;
    mg_error err;
    size_t i;

    if (!base_url()) {
        test_skip("MIGRATE_TEST_MARIADB_URL");
        return;
    }
    mg_error_clear(&err);
    ck_mg_ok(mg_engine_open(&base, base_url(), 0, &err), &err);
    bu = mg_engine__url(base);
    ck_mg_ok(d->scratch.create(mg_engine__conn(base), bu, &url, &err), &err);
    ck_assert_ptr_nonnull(url);
    /* reach it, then drop it before asserting more */
    mg_buf_addf(&expect, "migrate_scratch_%ld_", (long)getpid());
    if (mg_engine_open(&e, url, 0, &err) == 0) {
        mg_buf_puts(&sql, scalar(e, "SELECT DATABASE()"));
        mg_engine_free(e);
    }
    ck_mg_ok(mg_url_parse(&u, url, &err), &err);
    ck_mg_ok(d->scratch.drop(mg_engine__conn(base), url, &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql), mg_url_database(u));
    ck_assert_msg(strncmp(mg_url_database(u), mg_buf_cstr(&expect),
                          expect.len) == 0, "%s", mg_url_database(u));
    ck_assert_str_eq(mg_url_scheme_written(u), mg_url_scheme_written(bu));
    ck_assert_str_eq(mg_url_user(u) ? mg_url_user(u) : "",
                     mg_url_user(bu) ? mg_url_user(bu) : "");
    ck_assert_str_eq(mg_url_password(u) ? mg_url_password(u) : "",
                     mg_url_password(bu) ? mg_url_password(bu) : "");
    ck_assert_str_eq(mg_url_host(u) ? mg_url_host(u) : "",
                     mg_url_host(bu) ? mg_url_host(bu) : "");
    ck_assert_int_eq(mg_url_port(u), mg_url_port(bu));
    ck_assert_uint_eq(mg_url_param_count(u), mg_url_param_count(bu));
    for (i = 0; i < mg_url_param_count(u); i++) {
        const char *k1, *v1, *k2, *v2;
        mg_url_param_at(u, i, &k1, &v1);
        mg_url_param_at(bu, i, &k2, &v2);
        ck_assert_str_eq(k1, k2);
        ck_assert_str_eq(v1 ? v1 : "", v2 ? v2 : "");
    }
    mg_buf_clear(&sql);
    mg_buf_addf(&sql, "SELECT COUNT(*) FROM information_schema.SCHEMATA "
                "WHERE SCHEMA_NAME = '%s'", mg_url_database(u));
    ck_assert_str_eq(scalar(base, mg_buf_cstr(&sql)), "0");
    /* dropping it again is no error */
    ck_mg_ok(d->scratch.drop(mg_engine__conn(base), url, &err), &err);

    /* only scratch databases are dropped */
    ck_assert_int_eq(d->scratch.drop(mg_engine__conn(base), base_url(),
                                     &err), MG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a scratch database"));
    if (mg_url_password(bu) && *mg_url_password(bu))
        ck_assert_ptr_null(strstr(err.msg, mg_url_password(bu)));

    mg_url_free(u);
    free(url);
    mg_buf_release(&expect);
    mg_buf_release(&sql);
    mg_engine_free(base);
}
END_TEST

/* A database of the test's own on the server, *url, with an engine on
 * the server (*base) and one on it (*e); 0 when there is no server. */
static int
own_scratch(mg_engine **base, mg_engine **e, char **url)
{
    const mg_dialect *d = mariadb_dialect();
    mg_error err;

    if (!base_url())
        return 0;
    mg_error_clear(&err);
    ck_mg_ok(mg_engine_open(base, base_url(), 0, &err), &err);
    ck_mg_ok(d->scratch.create(mg_engine__conn(*base), mg_engine__url(*base),
                               url, &err), &err);
    ck_mg_ok(mg_engine_open(e, *url, 0, &err), &err);
    return 1;
}

/* Drop what own_scratch made, and free it all. */
static void
own_scratch_drop(mg_engine *base, mg_engine *e, char *url)
{
    mg_error err;

    mg_error_clear(&err);
    mg_engine_free(e);
    ck_mg_ok(mariadb_dialect()->scratch.drop(mg_engine__conn(base), url,
                                             &err), &err);
    mg_engine_free(base);
    free(url);
}

/* On the server: a model with an expression index creates nothing at all
 * (create_all renders every statement first; it used to fail after its
 * CREATE TABLE ran), and YEAR columns reflect back with no difference. */
START_TEST(test_render_mariadb_server_year_and_expression_index)
{
    const mg_dialect *d = mariadb_dialect();
    mg_metadata *want = NULL, *got = NULL, *bad = NULL;
    mg_engine *base = NULL, *e = NULL;
    mg_db *db = NULL;
    mg_conn *c = NULL;
    mg_buf sql = MG_BUF_INIT;
    char *url = NULL;
    mg_error err;
    int rc;

    if (!own_scratch(&base, &e, &url))
        return;
    mg_error_clear(&err);

    bad = model("CREATE TABLE people (id INTEGER PRIMARY KEY, name "
                "VARCHAR(50) NOT NULL);\n"
                "CREATE UNIQUE INDEX ux_people_name ON people "
                "((lower(name)));\n");
    ck_assert_int_eq(mg_render_create_all(&sql, bad, d, &err), MG_EUSAGE);
    ck_mg_ok(mg_db_open(&db, url, NULL, &err), &err);
    ck_mg_ok(mg_db_checkout(&c, db, &err), &err);
    rc = mg_create_all(c, bad, 0, &err);
    mg_conn_release(c);
    mg_db_close(db);
    ck_assert_int_eq(rc, MG_EUSAGE);
    ck_assert_str_eq(err.msg, "mariadb has no expression indexes: cannot "
                     "create index ux_people_name on people over "
                     "(lower(name)) (index a generated column instead)");
    ck_assert_str_eq(scalar(e, "SELECT COUNT(*) FROM information_schema."
                            "TABLES WHERE TABLE_SCHEMA = DATABASE()"), "0");

    want = model("CREATE TABLE years (id INTEGER PRIMARY KEY, a YEAR, "
                 "b YEAR(4) NOT NULL);\n");
    mg_buf_clear(&sql);
    ck_mg_ok(mg_render_create_all(&sql, want, d, &err), &err);
    run_script(e, mg_buf_cstr(&sql));
    got = reflect(e);
    ck_assert_str_eq(mg_table_column(mg_metadata_table(got, "years"),
                                     "a")->type.name, "year");
    assert_no_diff(got, want, "YEAR reflected");
    assert_no_diff(want, got, "YEAR reflected, reversed");

    own_scratch_drop(base, e, url);
    mg_metadata_free(bad);
    mg_metadata_free(want);
    mg_metadata_free(got);
    mg_buf_release(&sql);
}
END_TEST

/* Generated columns on the server: created, reflected the same, their
 * expression and STORED changed (an index over one made again),
 * reflected the same again. */
START_TEST(test_render_mariadb_server_generated)
{
    const mg_dialect *d = mariadb_dialect();
    static const char *const models[] = {
        "CREATE TABLE g (id INTEGER PRIMARY KEY, a INT, b DECIMAL(10,2), "
        "s DECIMAL(20,2) AS (a * b) STORED, v VARCHAR(20) AS "
        "(concat(a, 'x')) VIRTUAL COMMENT 'made', n VARCHAR(5) "
        "COLLATE latin1_bin);\n"
        "CREATE INDEX ix_g_s ON g (s, a);\n",
        "CREATE TABLE g (id INTEGER PRIMARY KEY, a INT, b DECIMAL(10,2), "
        "s DECIMAL(20,2) AS (a + b) VIRTUAL, v VARCHAR(20) AS "
        "(concat(a, 'y')) PERSISTENT COMMENT 'made', n VARCHAR(5));\n"
        "CREATE INDEX ix_g_s ON g (s, a);\n",
    };
    mg_metadata *want = NULL, *got = NULL;
    mg_engine *base = NULL, *e = NULL;
    mg_oplist *ops = NULL;
    mg_buf sql = MG_BUF_INIT;
    char *url = NULL;
    mg_error err;
    size_t i;

    if (!own_scratch(&base, &e, &url))
        return;
    mg_error_clear(&err);
    want = model(models[0]);
    ck_mg_ok(mg_render_create_all(&sql, want, d, &err), &err);
    run_script(e, mg_buf_cstr(&sql));
    run_script(e, "INSERT INTO g (id, a, b) VALUES (1, 2, 3.5)");
    for (i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        if (i) {
            mg_metadata_free(want);
            want = model(models[i]);
            ck_mg_ok(mg_compare(&ops, got, want, d, NULL, &err), &err);
            apply(e, ops);
            mg_oplist_free(ops);
            ops = NULL;
            mg_metadata_free(got);
        }
        got = reflect(e);
        assert_no_diff(got, want, models[i]);
        assert_no_diff(want, got, models[i]);
    }
    ck_assert_str_eq(scalar(e, "SELECT concat(s, ' ', v) FROM g"),
                     "5.50 2y");
    own_scratch_drop(base, e, url);
    mg_metadata_free(want);
    mg_metadata_free(got);
    mg_buf_release(&sql);
}
END_TEST

/* ---- table options ------------------------------------------------------ */

/* Each spelling of the table options as the dialect reads it:
 * "engine|charset|collation|comment". */
static const struct {
    const char *options;
    const char *want;
} topts_cases[] = {
    { NULL, "|||" },
    { "ENGINE=InnoDB DEFAULT CHARSET=latin1", "InnoDB|latin1||" },
    { "engine = MyISAM default character set = UTF8", "MyISAM|utf8mb3||" },
    { "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
      "|utf8mb4|utf8mb4_bin|" },
    { "DEFAULT COLLATE=UTF8_unicode_ci", "|utf8mb3|utf8mb3_unicode_ci|" },
    { "Charset utf8mb3 Comment 'it''s'", "|utf8mb3||it's" },
    { "ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 "
      "ROW_FORMAT=DYNAMIC COMMENT='a\\'b'", "InnoDB|utf8mb4||a'b" },
    { "ENGINE=InnoDB, DEFAULT CHARSET=latin1, COMMENT=\"x\"",
      "InnoDB|latin1||x" },
    { "ENGINE=Aria PARTITION BY HASH (id) (PARTITION p0 ENGINE=InnoDB "
      "COMMENT='p')", "Aria|||" },
};

START_TEST(test_mariadb_table_options_parse)
{
    mg_mariadb__topts o;
    mg_buf b = MG_BUF_INIT;

    mg_mariadb__topts_parse(&o, topts_cases[_i].options);
    mg_buf_addf(&b, "%s|%s|%s|%s", mg_buf_cstr(&o.engine),
                mg_buf_cstr(&o.charset), mg_buf_cstr(&o.collation),
                mg_buf_cstr(&o.comment));
    ck_assert_str_eq(mg_buf_cstr(&b), topts_cases[_i].want);
    mg_buf_release(&b);
    mg_mariadb__topts_release(&o);
}
END_TEST

/* What differs between a table's options as reflected (have) and as a
 * model states them (want), for a table with one inheriting VARCHAR
 * column. */
#define R_LATIN1 "ENGINE=InnoDB DEFAULT CHARSET=latin1 " \
                 "COLLATE=latin1_swedish_ci"
#define R_UTF8MB4 "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 " \
                  "COLLATE=utf8mb4_general_ci"
static const struct {
    const char  *have;
    const char  *want;
    unsigned int changes;
} table_changes_cases[] = {
    { "ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci",
      "DEFAULT CHARSET=utf8", 0 },
    { R_LATIN1, "engine=innodb", 0 },
    { R_LATIN1, NULL, 0 },
    { R_LATIN1, "ENGINE=Aria", MG_CHANGE_ENGINE },
    { R_LATIN1, "CHARSET=utf8mb4", MG_CHANGE_CHARSET },
    { R_LATIN1, "CHARACTER SET latin1 COLLATE latin1_bin",
      MG_CHANGE_COLLATION },
    { R_LATIN1, "COLLATE utf8mb4_bin",
      MG_CHANGE_CHARSET | MG_CHANGE_COLLATION },
    { R_LATIN1, "DEFAULT CHARSET=utf8mb3", MG_CHANGE_CHARSET },
    { R_UTF8MB4, "DEFAULT CHARSET=latin1",
      MG_CHANGE_CHARSET | MG_CHANGE_LOSS },
    { R_UTF8MB4, "DEFAULT CHARSET=utf8", MG_CHANGE_CHARSET | MG_CHANGE_LOSS },
    { "ENGINE=InnoDB DEFAULT CHARSET=ascii", "CHARSET=latin1",
      MG_CHANGE_CHARSET },
    { "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
      "DEFAULT CHARSET=utf8mb4", 0 },
    { R_LATIN1 " COMMENT='x'", "ENGINE=InnoDB", MG_CHANGE_TABLE_COMMENT },
    { R_LATIN1 " COMMENT='x'", "COMMENT 'x'", 0 },
    { R_LATIN1, "COMMENT=''", 0 },
    { R_LATIN1, "COMMENT='it''s'", MG_CHANGE_TABLE_COMMENT },
};

START_TEST(test_mariadb_table_options_changes)
{
    mg_metadata *md = NULL;
    mg_table *have, *want;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    have = table(md, "have");
    want = table(md, "want");
    col(have, "name", "VARCHAR(10)", 1, NULL);
    col(want, "name", "VARCHAR(10)", 1, NULL);
    have->options = table_changes_cases[_i].have ?
                    strdup(table_changes_cases[_i].have) : NULL;
    want->options = table_changes_cases[_i].want ?
                    strdup(table_changes_cases[_i].want) : NULL;
    ck_assert_uint_eq(mariadb_dialect()->catalog.table_changes(have, want),
                      table_changes_cases[_i].changes);
    mg_metadata_free(md);
}
END_TEST

/* The upgrade and its exact inverse from model have to model want. */
static void
table_options_scripts(mg_buf *up, mg_buf *down, const char *have,
                      const char *want)
{
    mg_metadata *h = parsed(have), *w = parsed(want);
    mg_oplist *ops = NULL, *rev = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&ops, h, w, mariadb_dialect(), NULL, &err), &err);
    ck_mg_ok(mg_oplist_reverse(&rev, ops, &err), &err);
    ck_mg_ok(mg_render(up, ops, mariadb_dialect(), &err), &err);
    ck_mg_ok(mg_render(down, rev, mariadb_dialect(), &err), &err);
    mg_oplist_free(rev);
    mg_oplist_free(ops);
    mg_metadata_free(h);
    mg_metadata_free(w);
}

/* Engine, character set and comment change by ALTER TABLE; the columns
 * that inherit the character set are restated in the new one, those
 * with their own keep it; the narrowing direction warns of data loss. */
START_TEST(test_mariadb_table_options_render)
{
    static const char have[] =
        "CREATE TABLE doc (id INT NOT NULL, title NVARCHAR(40),\n"
        "  name VARCHAR(50) NOT NULL DEFAULT '' COMMENT 'n',\n"
        "  code CHAR(2) CHARACTER SET ascii, body TEXT,\n"
        "  kind ENUM('a','b') COLLATE latin1_bin, PRIMARY KEY (id)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=latin1 "
        "COLLATE=latin1_swedish_ci;\n";
    static const char want[] =
        "CREATE TABLE doc (id INT NOT NULL, title NVARCHAR(40),\n"
        "  name VARCHAR(50) NOT NULL DEFAULT '' COMMENT 'n',\n"
        "  code CHAR(2) CHARACTER SET ascii, body TEXT,\n"
        "  kind ENUM('a','b') COLLATE latin1_bin, PRIMARY KEY (id)\n"
        ") engine aria Default Character Set utf8mb4 COMMENT 'it''s';\n";
    static const char ints[] =
        "CREATE TABLE n (id INT NOT NULL) DEFAULT CHARSET=utf8mb4;\n";
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT, ch = MG_BUF_INIT;

    table_options_scripts(&up, &down, have, want);
    ck_assert_str_eq(mg_buf_cstr(&up),
        "ALTER TABLE `doc` ENGINE=aria;\n"
        "ALTER TABLE `doc` DEFAULT CHARSET=utf8mb4, MODIFY COLUMN `name` "
        "VARCHAR(50) CHARACTER SET utf8mb4 NOT NULL DEFAULT '' "
        "COMMENT 'n', MODIFY COLUMN `body` TEXT CHARACTER SET utf8mb4;\n"
        "ALTER TABLE `doc` COMMENT='it''s';\n");
    ck_assert_str_eq(mg_buf_cstr(&down),
        "-- WARNING: data loss: alter table doc: engine, character set, "
        "comment (engine aria Default Character Set utf8mb4 COMMENT "
        "'it''s' -> ENGINE=InnoDB DEFAULT CHARSET=latin1 "
        "COLLATE=latin1_swedish_ci)\n"
        "ALTER TABLE `doc` ENGINE=InnoDB;\n"
        "ALTER TABLE `doc` DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci, "
        "MODIFY COLUMN `name` VARCHAR(50) CHARACTER SET latin1 COLLATE "
        "latin1_swedish_ci NOT NULL DEFAULT '' COMMENT 'n', MODIFY COLUMN "
        "`body` TEXT CHARACTER SET latin1 COLLATE latin1_swedish_ci;\n"
        "ALTER TABLE `doc` COMMENT='';\n");
    described_changes(&ch, have, want);
    ck_assert_str_eq(mg_buf_cstr(&ch),
        "alter table doc: engine, character set, comment (ENGINE=InnoDB "
        "DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci -> engine aria "
        "Default Character Set utf8mb4 COMMENT 'it''s')\n");
    mg_buf_clear(&up);
    mg_buf_clear(&down);
    /* a collation alone; no column to convert: nothing lost */
    table_options_scripts(&up, &down, ints,
                          "CREATE TABLE n (id INT NOT NULL) "
                          "COLLATE latin1_bin;\n");
    ck_assert_str_eq(mg_buf_cstr(&up), "ALTER TABLE `n` DEFAULT "
                     "CHARSET=latin1 COLLATE=latin1_bin;\n");
    ck_assert_str_eq(mg_buf_cstr(&down), "ALTER TABLE `n` DEFAULT "
                     "CHARSET=utf8mb4;\n");
    mg_buf_release(&up);
    mg_buf_release(&down);
    mg_buf_release(&ch);
}
END_TEST

/* A table option's value is written into ALTER TABLE as a name: one that
 * is not a name (a quoted text carrying SQL) is refused, never written. */
START_TEST(test_mariadb_table_options_not_a_name)
{
    mg_metadata *h = parsed("CREATE TABLE n (id INT NOT NULL) "
                            "ENGINE=InnoDB;\n");
    mg_metadata *w = parsed("CREATE TABLE n (id INT NOT NULL) "
                            "ENGINE='x; DROP TABLE n';\n");
    mg_buf up = MG_BUF_INIT;
    mg_oplist *ops = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&ops, h, w, mariadb_dialect(), NULL, &err), &err);
    ck_assert_int_eq(mg_render(&up, ops, mariadb_dialect(), &err),
                     MG_EUSAGE);
    ck_assert_str_eq(err.msg, "table 'n': table option value "
                     "'x; DROP TABLE n' is not a name");
    ck_assert_ptr_null(strstr(mg_buf_cstr(&up), "DROP"));
    mg_buf_release(&up);
    mg_oplist_free(ops);
    mg_metadata_free(h);
    mg_metadata_free(w);
}
END_TEST

/* A column stating its table's own character set or collation (NVARCHAR
 * in a utf8mb3 table) equals the reflected column, which inherits it. */
START_TEST(test_mariadb_table_charset_columns)
{
    static const char reflected[] =
        "CREATE TABLE a (id INT NOT NULL, n VARCHAR(5),\n"
        "  c VARCHAR(5) COLLATE utf8mb3_bin, PRIMARY KEY (id))\n"
        "  ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 "
        "COLLATE=utf8mb3_general_ci;\n"
        "CREATE TABLE b (id INT NOT NULL, s VARCHAR(5), PRIMARY KEY (id))\n"
        "  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
        "COLLATE=utf8mb4_unicode_ci;\n";
    static const char model[] =
        "CREATE TABLE a (id INT NOT NULL, n NVARCHAR(5),\n"
        "  c VARCHAR(5) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin,\n"
        "  PRIMARY KEY (id)) DEFAULT CHARSET=utf8;\n"
        "CREATE TABLE b (id INT NOT NULL,\n"
        "  s VARCHAR(5) COLLATE utf8mb4_unicode_ci, PRIMARY KEY (id))\n"
        "  DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n";
    mg_buf ch = MG_BUF_INIT;

    described_changes(&ch, reflected, model);
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    described_changes(&ch, model, reflected);
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    /* a model leaving the table's character set to the server: the
     * database's is the table's (property seed 101) */
    described_changes(&ch, "CREATE TABLE a (n VARCHAR(5)) DEFAULT "
                      "CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n",
                      "CREATE TABLE a (n VARCHAR(5) CHARACTER SET utf8mb4 "
                      "COLLATE utf8mb4_general_ci);\n");
    ck_assert_str_eq(mg_buf_cstr(&ch), "");
    /* in another table's character set, the same column is converted */
    described_changes(&ch, "CREATE TABLE a (n VARCHAR(5)) "
                      "DEFAULT CHARSET=latin1;\n",
                      "CREATE TABLE a (n VARCHAR(5) CHARACTER SET utf8mb4) "
                      "DEFAULT CHARSET=latin1;\n");
    ck_assert_str_eq(mg_buf_cstr(&ch), "alter column a.n: type VARCHAR(5) "
                     "-> VARCHAR(5) CHARACTER SET utf8mb4\n");
    mg_buf_release(&ch);
}
END_TEST

Suite *
render_mariadb_suite(void)
{
    Suite *s = suite_create("render_mariadb");
    TCase *tc;

    tc = tcase_create("ops");
    tcase_add_loop_test(tc, test_render_mariadb_ops, 0,
                        (int)(sizeof(op_cases) / sizeof(op_cases[0])));
    tcase_add_test(tc, test_render_mariadb_incomplete);
    tcase_add_test(tc, test_render_mariadb_cycle);
    tcase_add_test(tc, test_render_mariadb_model_cycle_inline);
    tcase_add_test(tc, test_render_mariadb_column_attributes);
    tcase_add_test(tc, test_render_mariadb_generated);
    tcase_add_test(tc, test_render_mariadb_fk_index_kept);
    tcase_add_test(tc, test_compare_mariadb_fk_own_index);
    tcase_add_loop_test(tc, test_render_requote, 0,
                        (int)(sizeof(requote_cases) /
                              sizeof(requote_cases[0])));
    tcase_add_test(tc, test_render_requote_backslash);
    suite_add_tcase(s, tc);
    tc = tcase_create("table_options");
    tcase_add_loop_test(tc, test_mariadb_table_options_parse, 0,
                        (int)(sizeof(topts_cases) / sizeof(topts_cases[0])));
    tcase_add_loop_test(tc, test_mariadb_table_options_changes, 0,
                        (int)(sizeof(table_changes_cases) /
                              sizeof(table_changes_cases[0])));
    tcase_add_test(tc, test_mariadb_table_options_render);
    tcase_add_test(tc, test_mariadb_table_options_not_a_name);
    tcase_add_test(tc, test_mariadb_table_charset_columns);
    suite_add_tcase(s, tc);
    tc = tcase_create("types");
    tcase_add_loop_test(tc, test_render_mariadb_types, 0,
                        (int)(sizeof(type_cases) / sizeof(type_cases[0])));
    tcase_add_loop_test(tc, test_render_mariadb_reflect_type, 0,
                        (int)(sizeof(reflect_type_cases) /
                              sizeof(reflect_type_cases[0])));
    tcase_add_test(tc, test_render_mariadb_year_equal);
    suite_add_tcase(s, tc);
    tc = tcase_create("expressions");
    tcase_add_loop_test(tc, test_render_mariadb_reflect_expr, 0,
                        (int)(sizeof(reflect_expr_cases) /
                              sizeof(reflect_expr_cases[0])));
    tcase_add_loop_test(tc, test_render_mariadb_defaults, 0,
                        (int)(sizeof(default_cases) /
                              sizeof(default_cases[0])));
    tcase_add_test(tc, test_render_mariadb_default_forms);
    suite_add_tcase(s, tc);
    tc = tcase_create("server");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, server_setup, server_teardown);
    tcase_add_test(tc, test_render_mariadb_server);
    tcase_add_test(tc, test_render_mariadb_scratch);
    tcase_add_test(tc, test_render_mariadb_server_year_and_expression_index);
    tcase_add_test(tc, test_render_mariadb_server_generated);
    suite_add_tcase(s, tc);
    return s;
}

#else /* !MG_WITH_MARIADB */

Suite *
render_mariadb_suite(void)
{
    return suite_create("render_mariadb");
}

#endif
