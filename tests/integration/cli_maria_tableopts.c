/* cli_maria_tableopts.c - MariaDB table options (issue 19): a table made
 * natively InnoDB in latin1 is adopted, a model changes its engine,
 * default character set and comment; autogenerate finds it, the upgrade
 * converts the columns that inherit the character set (an NVARCHAR
 * keeps utf8mb3, TEXT stays TEXT) and keeps the rows, check agrees, and
 * the downgrade gives back the native catalog exactly. The spellings the
 * server stores otherwise (utf8 for utf8mb3) are no difference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* The table both sides have, less its options. */
#define DOC_TABLE                                                         \
    "CREATE TABLE doc (\n"                                                \
    "  id INT NOT NULL,\n"                                                \
    "  title NVARCHAR(40),\n"                                             \
    "  name VARCHAR(50) NOT NULL DEFAULT '',\n"                           \
    "  body TEXT,\n"                                                      \
    "  PRIMARY KEY (id)\n"                                                \
    ")"

static const char native[] =
    DOC_TABLE " ENGINE=InnoDB DEFAULT CHARSET=latin1;\n"
    "INSERT INTO doc VALUES (1, 'ñandú', 'é', 'ü');\n";

static const char changed[] =
    DOC_TABLE " ENGINE=Aria DEFAULT CHARSET=utf8mb4 COMMENT='documents';\n";

/* The table's engine, collation and comment, and each column's type,
 * character set and collation, as the server has them, on one line (the
 * client would escape a newline). */
#define DOC_CATALOG                                                       \
    "SELECT CONCAT((SELECT CONCAT_WS('|', ENGINE, TABLE_COLLATION, "      \
    "TABLE_COMMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " \
    "DATABASE() AND TABLE_NAME = 'doc'), ' ~ ', (SELECT GROUP_CONCAT("    \
    "CONCAT_WS('|', COLUMN_NAME, COLUMN_TYPE, IFNULL(CHARACTER_SET_NAME, " \
    "'-'), IFNULL(COLLATION_NAME, '-')) ORDER BY ORDINAL_POSITION "       \
    "SEPARATOR ' ~ ') FROM information_schema.COLUMNS WHERE "             \
    "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'doc'))"

static const char upgrade_sql[] =
    "-- +upgrade\n"
    "ALTER TABLE `doc` ENGINE=Aria;\n"
    "ALTER TABLE `doc` DEFAULT CHARSET=utf8mb4, MODIFY COLUMN `name` "
    "VARCHAR(50) CHARACTER SET utf8mb4 NOT NULL DEFAULT '', MODIFY COLUMN "
    "`body` TEXT CHARACTER SET utf8mb4;\n"
    "ALTER TABLE `doc` COMMENT='documents';\n"
    "\n"
    "-- +downgrade\n"
    "-- WARNING: data loss: alter table doc: engine, character set, "
    "comment (ENGINE=Aria DEFAULT CHARSET=utf8mb4 COMMENT='documents' -> "
    "ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci)\n"
    "ALTER TABLE `doc` ENGINE=InnoDB;\n"
    "ALTER TABLE `doc` DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci, "
    "MODIFY COLUMN `name` VARCHAR(50) CHARACTER SET latin1 COLLATE "
    "latin1_swedish_ci NOT NULL DEFAULT '', MODIFY COLUMN `body` TEXT "
    "CHARACTER SET latin1 COLLATE latin1_swedish_ci;\n"
    "ALTER TABLE `doc` COMMENT='';\n";

START_TEST(test_mariadb_table_options_change)
{
    char *native_catalog, *native_model, *out, *rev;

    if (!dialect_project(MARIADB, NULL))
        return;
    write_file("native.sql", native);
    ck_assert_int_eq(dialect_run_file(MARIADB, "native.sql"), 0);
    free(migrate_out(0, "baseline --rev-id b0"));
    native_catalog = dialect_value(MARIADB, DOC_CATALOG);
    ck_assert_str_eq(native_catalog,
                     "InnoDB|latin1_swedish_ci| ~ "
                     "id|int(11)|-|- ~ "
                     "title|varchar(40)|utf8mb3|utf8mb3_general_ci ~ "
                     "name|varchar(50)|latin1|latin1_swedish_ci ~ "
                     "body|text|latin1|latin1_swedish_ci");
    native_model = migrate_out(0, "inspect");

    /* found by diff and check, as a change of the table */
    write_file("models.sql", changed);
    out = migrate_out(1, "diff --from db --to models --json");
    ck_assert_ptr_nonnull(strstr(out, "\"details\":[{\"message\":\"alter "
        "table doc: engine, character set, comment (ENGINE=InnoDB DEFAULT "
        "CHARSET=latin1 COLLATE=latin1_swedish_ci -> ENGINE=Aria DEFAULT "
        "CHARSET=utf8mb4 COMMENT='documents')\",\"data_loss\":false,"
        "\"change\":\"alter_table\",\"table\":\"doc\"}]"));
    free(out);
    free(migrate_out(1, "check"));
    out = migrate_out(0, "revision --autogenerate -m opts --rev-id o1");
    ck_assert_str_eq(out, "Detected alter table doc: engine, character "
                     "set, comment (ENGINE=InnoDB DEFAULT CHARSET=latin1 "
                     "COLLATE=latin1_swedish_ci -> ENGINE=Aria DEFAULT "
                     "CHARSET=utf8mb4 COMMENT='documents')\n"
                     "Generating migrations/versions/o1_opts.sql ... done\n");
    free(out);
    rev = read_file("migrations/versions/o1_opts.sql");
    ck_assert_ptr_nonnull(strstr(rev, upgrade_sql));
    free(rev);

    /* the upgrade converts the inheriting columns only, keeps TEXT and
     * the rows; check agrees */
    free(migrate_out(0, "upgrade head"));
    out = migrate_out(0, "check");
    ck_assert_str_eq(out, "ok: models, migrations and database agree\n");
    free(out);
    ck_dialect_value(MARIADB, DOC_CATALOG,
                     "Aria|utf8mb4_general_ci|documents ~ "
                     "id|int(11)|-|- ~ "
                     "title|varchar(40)|utf8mb3|utf8mb3_general_ci ~ "
                     "name|varchar(50)|utf8mb4|utf8mb4_general_ci ~ "
                     "body|text|utf8mb4|utf8mb4_general_ci");
    ck_dialect_value(MARIADB, "SELECT CONCAT_WS('|', id, title, name, body) "
                     "FROM doc", "1|ñandú|é|ü");

    /* the downgrade gives back the native table exactly */
    free(migrate_out(0, "downgrade b0"));
    ck_dialect_value(MARIADB, DOC_CATALOG, native_catalog);
    out = migrate_out(0, "inspect");
    ck_assert_str_eq(out, native_model);
    free(out);
    ck_dialect_value(MARIADB, "SELECT CONCAT_WS('|', id, title, name, body) "
                     "FROM doc", "1|ñandú|é|ü");
    free(native_model);
    free(native_catalog);
}
END_TEST

/* What the server stores in another spelling is no difference: utf8 is
 * utf8mb3, options a model leaves out are the server's to choose. */
#define U_TABLE "CREATE TABLE u (id INT NOT NULL, s VARCHAR(10), " \
                "PRIMARY KEY (id))"
static const char *const same_models[] = {
    U_TABLE " DEFAULT CHARSET=utf8;\n",
    U_TABLE " engine=innodb character set = UTF8 "
    "collate = utf8_general_ci;\n",
    U_TABLE ";\n",
};

START_TEST(test_mariadb_table_options_spellings)
{
    char *out;

    if (!dialect_project(MARIADB, NULL))
        return;
    write_file("native.sql", U_TABLE " ENGINE=InnoDB "
               "DEFAULT CHARSET=utf8mb3;\n");
    ck_assert_int_eq(dialect_run_file(MARIADB, "native.sql"), 0);
    write_file("models.sql", same_models[_i]);
    out = migrate_out(0, "diff --from db --to models");
    ck_assert_str_eq(out, "");
    free(out);
}
END_TEST

Suite *
cli_maria_tableopts_suite(void)
{
    Suite *s = suite_create("cli_maria_tableopts");
    TCase *tc = tcase_create("table_options");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_mariadb_table_options_change);
    tcase_add_loop_test(tc, test_mariadb_table_options_spellings, 0,
                        (int)(sizeof(same_models) / sizeof(same_models[0])));
    suite_add_tcase(s, tc);
    return s;
}
