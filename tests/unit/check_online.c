/* check_online.c - autogenerate's online forms (MG_RENDER_ONLINE), per
 * dialect, without a server: two models compared as autogenerate compares
 * them, rendered in both directions with and without the flag, each
 * checked against the exact script, with whether it must run outside a
 * transaction. SQLite has no online forms: its scripts are the same. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_model.h"
#include "mg_compare.h"
#include "mg_render.h"

/* The schema a database holds, and the one the models want: an index, a
 * foreign key, a CHECK and a NOT NULL on tables with rows, and a table
 * made with its index (nothing online to ask for there). */
#define HAVE \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));\n" \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER,\n" \
    "    title VARCHAR(200));\n"
#define WANT \
    "CREATE TABLE users (id INTEGER PRIMARY KEY,\n" \
    "    name VARCHAR(50) NOT NULL);\n" \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY,\n" \
    "    user_id INTEGER REFERENCES users (id), title VARCHAR(200),\n" \
    "    CONSTRAINT ck_posts_title CHECK (length(title) > 0));\n" \
    "CREATE INDEX ix_posts_user_id ON posts (user_id);\n" \
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, post_id INTEGER);\n" \
    "CREATE INDEX ix_tags_post_id ON tags (post_id);\n"

/* MariaDB: what takes ALGORITHM=INPLACE, LOCK=NONE and what does not (a
 * type change; anything on a table with a FULLTEXT index). */
#define MARIA_HAVE \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50),\n" \
    "    bio TEXT, score INTEGER);\n" \
    "CREATE INDEX ix_users_score ON users (score);\n" \
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, n INTEGER);\n" \
    "CREATE FULLTEXT INDEX ft_notes_body ON notes (body);\n"
#define MARIA_WANT \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50),\n" \
    "    bio TEXT, score BIGINT, rank INTEGER DEFAULT 0,\n" \
    "    CONSTRAINT uq_users_name UNIQUE (name));\n" \
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, n INTEGER,\n" \
    "    m INTEGER);\n" \
    "CREATE FULLTEXT INDEX ft_notes_body ON notes (body);\n" \
    "CREATE INDEX ix_notes_n ON notes (n);\n"

/* PostgreSQL: a UNIQUE constraint has no online form here, so it needs no
 * "transaction: off". */
#define UNIQUE_HAVE "CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER);\n"
#define UNIQUE_WANT "CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER,\n" \
    "    CONSTRAINT uq_t_c UNIQUE (c));\n"

/* SQLite's scripts, the same with the flag and without. */
#define SQLITE_UP \
      "CREATE TABLE \"tags\" (\n" \
      "    \"id\" INTEGER PRIMARY KEY,\n" \
      "    \"post_id\" INTEGER\n" \
      ");\n" \
      "CREATE INDEX \"ix_tags_post_id\" ON \"tags\" (\"post_id\");\n" \
      "CREATE TABLE \"_migrate_tmp_users\" (\n" \
      "    \"id\" INTEGER PRIMARY KEY,\n" \
      "    \"name\" VARCHAR(50) NOT NULL\n" \
      ");\n" \
      "INSERT INTO \"_migrate_tmp_users\" (\"id\", \"name\") SELECT " \
      "\"id\", \"name\" FROM \"users\";\n" \
      "DROP TABLE \"users\";\n" \
      "PRAGMA legacy_alter_table = ON;\n" \
      "ALTER TABLE \"_migrate_tmp_users\" RENAME TO \"users\";\n" \
      "PRAGMA legacy_alter_table = OFF;\n" \
      "CREATE TABLE \"_migrate_tmp_posts\" (\n" \
      "    \"id\" INTEGER PRIMARY KEY,\n" \
      "    \"user_id\" INTEGER,\n" \
      "    \"title\" VARCHAR(200),\n" \
      "    CONSTRAINT \"fk_posts_user_id_users\" FOREIGN KEY (\"user_id\") " \
      "REFERENCES \"users\" (\"id\"),\n" \
      "    CONSTRAINT \"ck_posts_title\" CHECK (length(title) > 0)\n" \
      ");\n" \
      "INSERT INTO \"_migrate_tmp_posts\" (\"id\", \"user_id\", \"title\") " \
      "SELECT \"id\", \"user_id\", \"title\" FROM \"posts\";\n" \
      "DROP TABLE \"posts\";\n" \
      "PRAGMA legacy_alter_table = ON;\n" \
      "ALTER TABLE \"_migrate_tmp_posts\" RENAME TO \"posts\";\n" \
      "PRAGMA legacy_alter_table = OFF;\n" \
      "CREATE INDEX \"ix_posts_user_id\" ON \"posts\" (\"user_id\");\n"
#define SQLITE_DOWN \
      "CREATE TABLE \"_migrate_tmp_posts\" (\n" \
      "    \"id\" INTEGER PRIMARY KEY,\n" \
      "    \"user_id\" INTEGER,\n" \
      "    \"title\" VARCHAR(200)\n" \
      ");\n" \
      "INSERT INTO \"_migrate_tmp_posts\" (\"id\", \"user_id\", \"title\") " \
      "SELECT \"id\", \"user_id\", \"title\" FROM \"posts\";\n" \
      "DROP TABLE \"posts\";\n" \
      "PRAGMA legacy_alter_table = ON;\n" \
      "ALTER TABLE \"_migrate_tmp_posts\" RENAME TO \"posts\";\n" \
      "PRAGMA legacy_alter_table = OFF;\n" \
      "CREATE TABLE \"_migrate_tmp_users\" (\n" \
      "    \"id\" INTEGER PRIMARY KEY,\n" \
      "    \"name\" VARCHAR(50)\n" \
      ");\n" \
      "INSERT INTO \"_migrate_tmp_users\" (\"id\", \"name\") SELECT " \
      "\"id\", \"name\" FROM \"users\";\n" \
      "DROP TABLE \"users\";\n" \
      "PRAGMA legacy_alter_table = ON;\n" \
      "ALTER TABLE \"_migrate_tmp_users\" RENAME TO \"users\";\n" \
      "PRAGMA legacy_alter_table = OFF;\n" \
      "DROP INDEX \"ix_tags_post_id\";\n" \
      "-- WARNING: data loss: drop table tags\n" \
      "DROP TABLE \"tags\";\n"

typedef struct online_case {
    const char *name;
    const char *dialect;
    const char *have, *want;
    int         online;         /* MG_RENDER_ONLINE */
    const char *up, *down;      /* the exact scripts */
    int         transactional;  /* mg_render_transactional, both ways */
} online_case;

static const online_case cases[] = {
    { "sqlite", "sqlite", HAVE, WANT, 0, SQLITE_UP, SQLITE_DOWN, 1 },
    { "sqlite online", "sqlite", HAVE, WANT, 1, SQLITE_UP, SQLITE_DOWN,
      1 },
    { "postgresql", "postgresql", HAVE, WANT, 0,
      "CREATE TABLE \"tags\" (\n"
      "    \"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY,\n"
      "    \"post_id\" INTEGER,\n"
      "    CONSTRAINT \"pk_tags\" PRIMARY KEY (\"id\")\n"
      ");\n"
      "CREATE INDEX \"ix_tags_post_id\" ON \"tags\" (\"post_id\");\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;\n"
      "ALTER TABLE \"posts\" ADD CONSTRAINT \"ck_posts_title\" CHECK "
      "(length(title) > 0);\n"
      "CREATE INDEX \"ix_posts_user_id\" ON \"posts\" (\"user_id\");\n"
      "ALTER TABLE \"posts\" ADD CONSTRAINT \"fk_posts_user_id_users\" "
      "FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\");\n",
      "ALTER TABLE \"posts\" DROP CONSTRAINT \"fk_posts_user_id_users\";\n"
      "DROP INDEX \"ix_posts_user_id\";\n"
      "ALTER TABLE \"posts\" DROP CONSTRAINT \"ck_posts_title\";\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"name\" DROP NOT NULL;\n"
      "DROP INDEX \"ix_tags_post_id\";\n"
      "-- WARNING: data loss: drop table tags\n"
      "DROP TABLE \"tags\";\n",
      1 },
    { "postgresql online", "postgresql", HAVE, WANT, 1,
      "CREATE TABLE \"tags\" (\n"
      "    \"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY,\n"
      "    \"post_id\" INTEGER,\n"
      "    CONSTRAINT \"pk_tags\" PRIMARY KEY (\"id\")\n"
      ");\n"
      "CREATE INDEX \"ix_tags_post_id\" ON \"tags\" (\"post_id\");\n"
      "ALTER TABLE \"users\" ADD CONSTRAINT \"ck_users_name_not_null\" "
      "CHECK (\"name\" IS NOT NULL) NOT VALID;\n"
      "ALTER TABLE \"users\" VALIDATE CONSTRAINT "
      "\"ck_users_name_not_null\";\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;\n"
      "ALTER TABLE \"users\" DROP CONSTRAINT \"ck_users_name_not_null\";\n"
      "ALTER TABLE \"posts\" ADD CONSTRAINT \"ck_posts_title\" CHECK "
      "(length(title) > 0) NOT VALID;\n"
      "ALTER TABLE \"posts\" VALIDATE CONSTRAINT \"ck_posts_title\";\n"
      "CREATE INDEX CONCURRENTLY \"ix_posts_user_id\" ON \"posts\" "
      "(\"user_id\");\n"
      "ALTER TABLE \"posts\" ADD CONSTRAINT \"fk_posts_user_id_users\" "
      "FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\") NOT VALID;\n"
      "ALTER TABLE \"posts\" VALIDATE CONSTRAINT "
      "\"fk_posts_user_id_users\";\n",
      "ALTER TABLE \"posts\" DROP CONSTRAINT \"fk_posts_user_id_users\";\n"
      "DROP INDEX CONCURRENTLY \"ix_posts_user_id\";\n"
      "ALTER TABLE \"posts\" DROP CONSTRAINT \"ck_posts_title\";\n"
      "ALTER TABLE \"users\" ALTER COLUMN \"name\" DROP NOT NULL;\n"
      "DROP INDEX \"ix_tags_post_id\";\n"
      "-- WARNING: data loss: drop table tags\n"
      "DROP TABLE \"tags\";\n",
      0 },
    { "mariadb", "mariadb", HAVE, WANT, 0,
      "CREATE TABLE `tags` (\n"
      "    `id` INT NOT NULL AUTO_INCREMENT,\n"
      "    `post_id` INT,\n"
      "    PRIMARY KEY (`id`)\n"
      ");\n"
      "CREATE INDEX `ix_tags_post_id` ON `tags` (`post_id`);\n"
      "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(50) NOT NULL;\n"
      "ALTER TABLE `posts` ADD CONSTRAINT `ck_posts_title` CHECK "
      "(length(title) > 0);\n"
      "CREATE INDEX `ix_posts_user_id` ON `posts` (`user_id`);\n"
      "ALTER TABLE `posts` ADD CONSTRAINT `fk_posts_user_id_users` FOREIGN "
      "KEY (`user_id`) REFERENCES `users` (`id`);\n",
      "ALTER TABLE `posts` DROP FOREIGN KEY `fk_posts_user_id_users`, DROP "
      "INDEX IF EXISTS `fk_posts_user_id_users`;\n"
      "DROP INDEX `ix_posts_user_id` ON `posts`;\n"
      "ALTER TABLE `posts` DROP CONSTRAINT `ck_posts_title`;\n"
      "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(50);\n"
      "DROP INDEX `ix_tags_post_id` ON `tags`;\n"
      "-- WARNING: data loss: drop table tags\n"
      "DROP TABLE `tags`;\n",
      1 },
    { "mariadb online", "mariadb", HAVE, WANT, 1,
      "CREATE TABLE `tags` (\n"
      "    `id` INT NOT NULL AUTO_INCREMENT,\n"
      "    `post_id` INT,\n"
      "    PRIMARY KEY (`id`)\n"
      ");\n"
      "CREATE INDEX `ix_tags_post_id` ON `tags` (`post_id`);\n"
      "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(50) NOT NULL, "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "ALTER TABLE `posts` ADD CONSTRAINT `ck_posts_title` CHECK "
      "(length(title) > 0);\n"
      "ALTER TABLE `posts` ADD INDEX `ix_posts_user_id` (`user_id`), "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "ALTER TABLE `posts` ADD CONSTRAINT `fk_posts_user_id_users` FOREIGN "
      "KEY (`user_id`) REFERENCES `users` (`id`);\n",
      "ALTER TABLE `posts` DROP FOREIGN KEY `fk_posts_user_id_users`, DROP "
      "INDEX IF EXISTS `fk_posts_user_id_users`, ALGORITHM=INPLACE, "
      "LOCK=NONE;\n"
      "ALTER TABLE `posts` DROP INDEX `ix_posts_user_id`, "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "ALTER TABLE `posts` DROP CONSTRAINT `ck_posts_title`, "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(50), "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "DROP INDEX `ix_tags_post_id` ON `tags`;\n"
      "-- WARNING: data loss: drop table tags\n"
      "DROP TABLE `tags`;\n",
      1 },
    { "mariadb limits", "mariadb", MARIA_HAVE, MARIA_WANT, 0,
      "DROP INDEX `ix_users_score` ON `users`;\n"
      "ALTER TABLE `notes` ADD COLUMN `m` INT;\n"
      "ALTER TABLE `users` ADD COLUMN `rank` INT DEFAULT 0;\n"
      "ALTER TABLE `users` MODIFY COLUMN `score` BIGINT;\n"
      "ALTER TABLE `users` ADD CONSTRAINT `uq_users_name` UNIQUE "
      "(`name`);\n"
      "CREATE INDEX `ix_notes_n` ON `notes` (`n`);\n",
      "DROP INDEX `ix_notes_n` ON `notes`;\n"
      "ALTER TABLE `users` DROP INDEX `uq_users_name`;\n"
      "-- WARNING: data loss: alter column users.score: type BIGINT -> "
      "INTEGER\n"
      "ALTER TABLE `users` MODIFY COLUMN `score` INT;\n"
      "-- WARNING: data loss: drop column users.rank\n"
      "ALTER TABLE `users` DROP COLUMN `rank`;\n"
      "-- WARNING: data loss: drop column notes.m\n"
      "ALTER TABLE `notes` DROP COLUMN `m`;\n"
      "CREATE INDEX `ix_users_score` ON `users` (`score`);\n",
      1 },
    { "mariadb limits online", "mariadb", MARIA_HAVE, MARIA_WANT, 1,
      "ALTER TABLE `users` DROP INDEX `ix_users_score`, ALGORITHM=INPLACE, "
      "LOCK=NONE;\n"
      "ALTER TABLE `notes` ADD COLUMN `m` INT;\n"
      "ALTER TABLE `users` ADD COLUMN `rank` INT DEFAULT 0, "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "ALTER TABLE `users` MODIFY COLUMN `score` BIGINT;\n"
      "ALTER TABLE `users` ADD CONSTRAINT `uq_users_name` UNIQUE (`name`), "
      "ALGORITHM=INPLACE, LOCK=NONE;\n"
      "CREATE INDEX `ix_notes_n` ON `notes` (`n`);\n",
      "DROP INDEX `ix_notes_n` ON `notes`;\n"
      "ALTER TABLE `users` DROP INDEX `uq_users_name`, ALGORITHM=INPLACE, "
      "LOCK=NONE;\n"
      "-- WARNING: data loss: alter column users.score: type BIGINT -> "
      "INTEGER\n"
      "ALTER TABLE `users` MODIFY COLUMN `score` INT;\n"
      "-- WARNING: data loss: drop column users.rank\n"
      "ALTER TABLE `users` DROP COLUMN `rank`, ALGORITHM=INPLACE, "
      "LOCK=NONE;\n"
      "-- WARNING: data loss: drop column notes.m\n"
      "ALTER TABLE `notes` DROP COLUMN `m`;\n"
      "ALTER TABLE `users` ADD INDEX `ix_users_score` (`score`), "
      "ALGORITHM=INPLACE, LOCK=NONE;\n",
      1 },
    { "postgresql unique", "postgresql", UNIQUE_HAVE, UNIQUE_WANT, 0,
      "ALTER TABLE \"t\" ADD CONSTRAINT \"uq_t_c\" UNIQUE (\"c\");\n",
      "ALTER TABLE \"t\" DROP CONSTRAINT \"uq_t_c\";\n",
      1 },
    { "postgresql unique online", "postgresql", UNIQUE_HAVE, UNIQUE_WANT, 1,
      "ALTER TABLE \"t\" ADD CONSTRAINT \"uq_t_c\" UNIQUE (\"c\");\n",
      "ALTER TABLE \"t\" DROP CONSTRAINT \"uq_t_c\";\n",
      1 },
};

static mg_metadata *
model(const char *text, const mg_dialect *d)
{
    mg_metadata *md = NULL;
    mg_error err;

    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse_for(md, "models.sql", text, strlen(text), 0, d,
                                &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

START_TEST(test_online_render)
{
    const online_case *k = &cases[_i];
    const mg_dialect *d = mg_dialect_find(k->dialect);
    unsigned int flags = k->online ? MG_RENDER_ONLINE : 0;
    mg_metadata *have, *want;
    mg_oplist *ops = NULL, *rev = NULL;
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT;
    mg_error err;

    if (!d) {
        test_skip(k->dialect);
        return;
    }
    have = model(k->have, d);
    want = model(k->want, d);
    ck_mg_ok(mg_compare(&ops, have, want, d, NULL, &err), &err);
    ck_mg_ok(mg_oplist_reverse(&rev, ops, &err), &err);
    ck_mg_ok(mg_render_with(&up, ops, d, flags, &err), &err);
    ck_mg_ok(mg_render_with(&down, rev, d, flags, &err), &err);
    if (getenv("ONLINE_GEN"))
        printf("=== %s\n%s--- down\n%s--- tx %d\n", k->name, mg_buf_cstr(&up),
               mg_buf_cstr(&down),
               mg_render_transactional(ops, d, flags) &&
               mg_render_transactional(rev, d, flags));
    ck_assert_msg(strcmp(mg_buf_cstr(&up), k->up) == 0,
                  "%s upgrade:\n got [%s]\nwant [%s]", k->name,
                  mg_buf_cstr(&up), k->up);
    ck_assert_msg(strcmp(mg_buf_cstr(&down), k->down) == 0,
                  "%s downgrade:\n got [%s]\nwant [%s]", k->name,
                  mg_buf_cstr(&down), k->down);
    ck_assert_int_eq(mg_render_transactional(ops, d, flags) &&
                     mg_render_transactional(rev, d, flags),
                     k->transactional);
    mg_buf_release(&up);
    mg_buf_release(&down);
    mg_oplist_free(ops);
    mg_oplist_free(rev);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

Suite *
online_suite(void)
{
    Suite *s = suite_create("online");
    TCase *tc = tcase_create("render");

    tcase_add_loop_test(tc, test_online_render, 0,
                        sizeof(cases) / sizeof(cases[0]));
    suite_add_tcase(s, tc);
    return s;
}
