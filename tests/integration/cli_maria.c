/* cli_maria.c - MariaDB's own column and table properties survive the
 * whole round trip (issue 19): a native table with a national type,
 * character sets and collations, ON UPDATE, comments, UNSIGNED ZEROFILL,
 * table options, a prefix index, a DESC index, a FULLTEXT index, one index
 * name on two tables and an unnamed foreign key's index is read by
 * `inspect`, equals its own DDL as a model, and a database made from that
 * model has the same catalog; changing one attribute restates the others
 * (MODIFY COLUMN). Index names are per table on MariaDB only: the same
 * model is refused on SQLite and PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

static const char native[] =
    "CREATE TABLE author (\n"
    "  id INT UNSIGNED NOT NULL AUTO_INCREMENT,\n"
    "  name NVARCHAR(40) NOT NULL COMMENT 'display name',\n"
    "  code CHAR(3) CHARACTER SET ascii COLLATE ascii_bin,\n"
    "  bio TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,\n"
    "  zip INT(5) UNSIGNED ZEROFILL,\n"
    "  updated TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    "    ON UPDATE CURRENT_TIMESTAMP,\n"
    "  PRIMARY KEY (id),\n"
    "  KEY ix_name (name(10)),\n"
    "  KEY ix_updated (updated DESC),\n"
    "  FULLTEXT KEY ft_bio (bio)\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=latin1 COMMENT='people who write';\n"
    "CREATE TABLE book (\n"
    "  id INT NOT NULL AUTO_INCREMENT,\n"
    "  author_id INT UNSIGNED NOT NULL,\n"
    "  title VARCHAR(200) NOT NULL,\n"
    "  updated TIMESTAMP NULL DEFAULT NULL,\n"
    "  PRIMARY KEY (id),\n"
    "  KEY ix_updated (updated),\n"
    "  FOREIGN KEY (author_id) REFERENCES author (id)\n"
    ") ENGINE=InnoDB;\n";

/* The catalog of the project database as one text: every column's type,
 * character set, collation, default, extra and comment, every index
 * column, every table's options. */
static char *
catalog(void)
{
    return dialect_value(MARIADB,
        "SELECT CONCAT_WS('\\n', "
        "(SELECT GROUP_CONCAT(CONCAT_WS('|', TABLE_NAME, COLUMN_NAME, "
        "COLUMN_TYPE, IS_NULLABLE, IFNULL(CHARACTER_SET_NAME, '-'), "
        "IFNULL(COLLATION_NAME, '-'), IFNULL(COLUMN_DEFAULT, '-'), EXTRA, "
        "COLUMN_COMMENT) ORDER BY TABLE_NAME, ORDINAL_POSITION "
        "SEPARATOR '\\n') FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN "
        "('author', 'book')), "
        "(SELECT GROUP_CONCAT(CONCAT_WS('|', TABLE_NAME, INDEX_NAME, "
        "NON_UNIQUE, COLUMN_NAME, IFNULL(SUB_PART, '-'), "
        "IFNULL(COLLATION, '-'), INDEX_TYPE) ORDER BY TABLE_NAME, "
        "INDEX_NAME, SEQ_IN_INDEX SEPARATOR '\\n') "
        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME IN ('author', 'book')), "
        "(SELECT GROUP_CONCAT(CONCAT_WS('|', TABLE_NAME, ENGINE, "
        "TABLE_COLLATION, TABLE_COMMENT) ORDER BY TABLE_NAME "
        "SEPARATOR '\\n') FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN "
        "('author', 'book')))");
}

/* stdout of a command that must exit 0 (the caller frees it). */
static char *
ok_out(const char *cmd)
{
    run_result r = migrate("%s", cmd);
    char *out;

    ck_assert_msg(r.status == 0, "`migrate %s` exited %d\n%s\n%s", cmd,
                  r.status, r.out, r.err);
    out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

START_TEST(test_mariadb_attributes_round_trip)
{
    char *model, *native_catalog, *made, *again, *out;

    if (!dialect_project(MARIADB, NULL))
        return;
    write_file("native.sql", native);
    ck_assert_int_eq(dialect_run_file(MARIADB, "native.sql"), 0);
    native_catalog = catalog();
    ck_assert_ptr_nonnull(strstr(native_catalog, "|utf8mb3|"));
    ck_assert_ptr_nonnull(strstr(native_catalog,
                                 "on update current_timestamp()"));
    /* the native DDL is a model that equals its database */
    write_file("models.sql", native);
    out = ok_out("diff --from db --to models");
    ck_assert_str_eq(out, "");
    free(out);
    model = ok_out("inspect");
    ck_assert_ptr_nonnull(strstr(model, "`name` VARCHAR(40) CHARACTER SET "
                                 "utf8mb3 NOT NULL COMMENT 'display name'"));
    ck_assert_ptr_nonnull(strstr(model, "`zip` int(5) unsigned zerofill,"));
    ck_assert_ptr_nonnull(strstr(model, "`updated` TIMESTAMP NOT NULL "
                                 "DEFAULT current_timestamp ON UPDATE "
                                 "current_timestamp,"));
    ck_assert_ptr_nonnull(strstr(model, ") ENGINE=InnoDB DEFAULT "
                                 "CHARSET=latin1 COLLATE=latin1_swedish_ci "
                                 "COMMENT='people who write';"));
    ck_assert_ptr_nonnull(strstr(model, "CREATE INDEX `ix_updated` ON "
                                 "`book` (`updated`);"));

    /* a new database made from inspect's model has the same catalog */
    dialect_teardown();
    project_enter();
    ck_assert(dialect_project(MARIADB, NULL));
    write_file("models.sql", model);
    free(ok_out("revision --autogenerate -m native --rev-id m1"));
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    made = catalog();
    ck_assert_str_eq(made, native_catalog);
    again = ok_out("inspect");
    ck_assert_str_eq(again, model);
    free(again);
    free(made);
    free(native_catalog);
    free(model);
}
END_TEST

/* A changed comment is found, and its MODIFY COLUMN keeps the column's
 * character set, default and ON UPDATE. */
START_TEST(test_mariadb_modify_restates_everything)
{
    static const char v1[] =
        "CREATE TABLE note (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
        "  body VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin\n"
        "    NOT NULL DEFAULT '' COMMENT 'old',\n"
        "  at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
        "    ON UPDATE CURRENT_TIMESTAMP COMMENT 'when');\n";
    static const char v2[] =
        "CREATE TABLE note (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
        "  body VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin\n"
        "    NOT NULL DEFAULT '' COMMENT 'new',\n"
        "  at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'when');\n";
    run_result r;

    if (!dialect_project(MARIADB, NULL))
        return;
    write_file("models.sql", v1);
    free(ok_out("revision --autogenerate -m v1 --rev-id n1"));
    free(ok_out("upgrade head"));
    write_file("models.sql", v2);
    r = migrate("revision --autogenerate -m v2 --rev-id n2");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Detected alter column note.body: "
                                 "attributes (character set, collation, on "
                                 "update, comment)\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "Detected alter column note.at: "
                                 "attributes (character set, collation, on "
                                 "update, comment)\n"));
    run_free(&r);
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    ck_dialect_value(MARIADB, "SELECT CONCAT_WS('|', CHARACTER_SET_NAME, "
                     "COLLATION_NAME, COLUMN_DEFAULT, COLUMN_COMMENT) FROM "
                     "information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                     "DATABASE() AND TABLE_NAME = 'note' AND COLUMN_NAME = "
                     "'body'", "utf8mb4|utf8mb4_bin|''|new");
    ck_dialect_value(MARIADB, "SELECT CONCAT(EXTRA, '|', COLUMN_COMMENT) "
                     "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                     "DATABASE() AND TABLE_NAME = 'note' AND COLUMN_NAME = "
                     "'at'", "|when");
    free(ok_out("downgrade -1"));
    ck_dialect_value(MARIADB, "SELECT CONCAT(EXTRA, '|', COLUMN_COMMENT) "
                     "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                     "DATABASE() AND TABLE_NAME = 'note' AND COLUMN_NAME = "
                     "'at'", "on update current_timestamp()|when");
}
END_TEST

/* One index name on two tables: MariaDB's names are per table, the other
 * dialects' per schema (the model is refused there, naming both tables). */
START_TEST(test_index_names_per_table)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    write_file("models.sql",
               "CREATE TABLE a (id INTEGER PRIMARY KEY, at DATE);\n"
               "CREATE TABLE b (id INTEGER PRIMARY KEY, at DATE);\n"
               "CREATE INDEX ix_at ON a (at);\n"
               "CREATE INDEX ix_at ON b (at);\n");
    r = migrate("revision --autogenerate -m two --rev-id t1");
    if (d != MARIADB) {
        ck_run_status(r, 2);
        ck_assert_ptr_nonnull(strstr(r.err, "index 'ix_at' defined twice "
                                     "(on tables 'a' and 'b')"));
        run_free(&r);
        return;
    }
    ck_run_status(r, 0);
    run_free(&r);
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    ck_dialect_value(d, "SELECT COUNT(*) FROM information_schema.STATISTICS "
                     "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = "
                     "'ix_at'", "2");
    free(ok_out("downgrade base"));
}
END_TEST

Suite *
cli_maria_suite(void)
{
    Suite *s = suite_create("cli_maria");
    TCase *tc = tcase_create("attributes");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_mariadb_attributes_round_trip);
    tcase_add_test(tc, test_mariadb_modify_restates_everything);
    tcase_add_loop_test(tc, test_index_names_per_table, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
