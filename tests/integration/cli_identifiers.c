/* cli_identifiers.c - names with spaces, quotes, backticks, mixed case,
 * non-ASCII letters and reserved words go through autogenerate, upgrade,
 * check (reflection), inspect and downgrade unchanged, on every dialect;
 * each database's own client reads the names back. Names that carry SQL
 * after a newline (issue 17: a table named "x<newline>DROP TABLE victims;"
 * once dropped victims through the data-loss comment of its own DROP)
 * run as names only, through autogenerate, upgrade, diff, upgrade --sql
 * and downgrade. Loop index: 0 SQLite, 1 PostgreSQL, 2 MariaDB (skipped
 * when that server is not configured). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

static const char models[] =
    "-- every name here needs quoting somewhere\n"
    "CREATE TABLE \"user accounts\" (\n"
    "    \"Id\" INTEGER PRIMARY KEY,\n"
    "    \"first name\" VARCHAR(50) NOT NULL,\n"
    "    \"quote\"\"d\" TEXT,\n"
    "    `back``tick` INTEGER,\n"
    "    \"na\xc3\xafve\" TEXT,\n"
    "    \"select\" INTEGER,\n"
    "    CONSTRAINT \"uq user \"\"name\"\"\" UNIQUE (\"first name\")\n"
    ");\n"
    "CREATE TABLE \"order\" (\n"
    "    \"Id\" INTEGER PRIMARY KEY,\n"
    "    \"user id\" INTEGER NOT NULL REFERENCES \"user accounts\" (\"Id\"),\n"
    "    \"Gr\xc3\xb6\xc3\x9f" "e\" NUMERIC(10,2),\n"
    "    CONSTRAINT \"ck order size\" CHECK (\"Gr\xc3\xb6\xc3\x9f" "e\" > 0)\n"
    ");\n"
    "CREATE INDEX \"ix order user\" ON \"order\" (\"user id\");\n";

/* The columns of table t, in order, joined by '|' (d's own catalog). */
static const char *
columns_sql(int d, const char *t)
{
    static char sql[512];

    if (d == SQLITE)
        snprintf(sql, sizeof(sql), "SELECT group_concat(name, '|') FROM "
                 "(SELECT name FROM pragma_table_info('%s') ORDER BY cid)",
                 t);
    else if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT string_agg(column_name, '|' "
                 "ORDER BY ordinal_position) FROM information_schema.columns "
                 "WHERE table_schema = current_schema() AND table_name = "
                 "'%s'", t);
    else
        snprintf(sql, sizeof(sql), "SELECT group_concat(column_name ORDER BY "
                 "ordinal_position SEPARATOR '|') FROM "
                 "information_schema.columns WHERE table_schema = DATABASE() "
                 "AND table_name = '%s'", t);
    return sql;
}

/* 1 when d has an index (or, on SQLite, any schema object) called name. */
static const char *
index_sql(int d, const char *name)
{
    static char sql[512];

    if (d == SQLITE)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master WHERE "
                 "type = 'index' AND name = '%s'", name);
    else if (d == POSTGRESQL)
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_indexes WHERE "
                 "schemaname = current_schema() AND indexname = '%s'", name);
    else
        snprintf(sql, sizeof(sql), "SELECT count(DISTINCT index_name) FROM "
                 "information_schema.statistics WHERE table_schema = "
                 "DATABASE() AND index_name = '%s'", name);
    return sql;
}

/* 1 when d has a CHECK constraint called name whose text names the
 * column Größe as an identifier (not a string). */
static const char *
check_sql(int d)
{
    if (d == SQLITE)
        return "SELECT count(*) FROM sqlite_master WHERE name = 'order' AND "
               "instr(sql, 'CONSTRAINT ' || char(34) || 'ck order size' || "
               "char(34) || ' CHECK (' || char(34) || 'Gr\xc3\xb6\xc3\x9f"
               "e' || char(34) || ' > 0)') > 0";   /* no " for the shell */
    if (d == POSTGRESQL)
        return "SELECT count(*) FROM pg_constraint WHERE conname = "
               "'ck order size' AND pg_get_constraintdef(oid) LIKE "
               "'%\"Gr\xc3\xb6\xc3\x9f" "e\" > %'";
    return "SELECT count(*) FROM information_schema.check_constraints WHERE "
           "constraint_schema = DATABASE() AND constraint_name = "
           "'ck order size' AND check_clause LIKE '%`Gr\xc3\xb6\xc3\x9f"
           "e` > 0%'";
}

START_TEST(test_identifiers_round_trip)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    write_file("models.sql", models);
    r = migrate("revision --autogenerate -m 'odd names' --rev-id r1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);

    ck_dialect_value(d, dialect_table_count_sql(d, "user accounts"), "1");
    ck_dialect_value(d, dialect_table_count_sql(d, "order"), "1");
    ck_dialect_value(d, columns_sql(d, "user accounts"),
                     "Id|first name|quote\"d|back`tick|na\xc3\xafve|select");
    ck_dialect_value(d, columns_sql(d, "order"),
                     "Id|user id|Gr\xc3\xb6\xc3\x9f" "e");
    ck_dialect_value(d, index_sql(d, "ix order user"), "1");
    ck_dialect_value(d, check_sql(d), "1");

    /* reflection gives the models back: nothing to do, nothing differs */
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("--json inspect --format json");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\"name\":\"user accounts\""));
    ck_assert_ptr_nonnull(strstr(r.out, "\"name\":\"quote\\\"d\""));
    ck_assert_ptr_nonnull(strstr(r.out, "\"name\":\"back`tick\""));
    ck_assert_ptr_nonnull(strstr(r.out, "\"name\":\"uq user \\\"name\\\"\""));
    run_free(&r);
    r = migrate("revision --autogenerate -m again");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "No changes"));
    run_free(&r);

    r = migrate("downgrade base");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(d, dialect_table_count_sql(d, "user accounts"), "0");
    ck_dialect_value(d, dialect_table_count_sql(d, "order"), "0");
}
END_TEST

/* Names whose text after a line break is SQL: a table, a column and an
 * index, each dropped by the second revision (a data-loss comment each). */
#define EVIL_T "x\nDROP TABLE victims;\n--"
#define EVIL_C "c\r\nDROP TABLE victims;\r\n-- x"
#define EVIL_I "i\rDROP TABLE victims; -- */"
static const char victims_model[] =
    "CREATE TABLE victims (id INTEGER PRIMARY KEY, v VARCHAR(10));\n";
static const char evil_model[] =
    "CREATE TABLE victims (id INTEGER PRIMARY KEY, v VARCHAR(10));\n"
    "CREATE TABLE \"" EVIL_T "\" (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    \"" EVIL_C "\" VARCHAR(10)\n"
    ");\n"
    "CREATE INDEX \"" EVIL_I "\" ON \"" EVIL_T "\" (\"" EVIL_C "\");\n";

/* SQL inserting victims' one row, and counting it */
static const char insert_victim[] = "INSERT INTO victims VALUES (1, 'alive')";
static const char count_victims[] = "SELECT count(*) FROM victims";

START_TEST(test_names_never_become_sql)
{
    const int d = _i;
    char *v;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    write_file("models.sql", evil_model);
    r = migrate("revision --autogenerate -m evil --rev-id r1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = dialect_value(d, insert_victim);
    free(v);
    ck_dialect_value(d, count_victims, "1");

    write_file("models.sql", victims_model);
    /* diff prints the drops with their warnings; nothing runs */
    /* diff prints the drops with their warnings, escaped; nothing runs */
    r = migrate("diff --from db --to models");
    ck_run_status(r, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "-- WARNING: data loss: drop table "
                                 "x\\nDROP TABLE victims;\\n--\n"));
    run_free(&r);
    ck_dialect_value(d, count_victims, "1");
    r = migrate("revision --autogenerate -m drop --rev-id r2");
    ck_run_status(r, 0);
    run_free(&r);
    /* the offline script, run by the database's own client, drops the
     * odd table and nothing else */
    r = migrate("upgrade --sql r1:r2");
    ck_run_status(r, 0);
    write_file("up.sql", r.out);
    run_free(&r);
    ck_assert_int_eq(dialect_run_file(d, "up.sql"), 0);
    ck_dialect_value(d, count_victims, "1");
    ck_dialect_value(d, dialect_table_count_sql(d, EVIL_T), "0");
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);

    /* and so does migrate itself, both ways */
    r = migrate("downgrade -1");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(d, dialect_table_count_sql(d, EVIL_T), "1");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(d, count_victims, "1");
    ck_dialect_value(d, dialect_table_count_sql(d, EVIL_T), "0");
    r = migrate("downgrade -1");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(d, count_victims, "1");
    r = migrate("downgrade base");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(d, dialect_table_count_sql(d, "victims"), "0");
}
END_TEST

Suite *
cli_identifiers_suite(void)
{
    Suite *s = suite_create("cli_identifiers");
    TCase *tc = tcase_create("identifiers");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_identifiers_round_trip, 0, 3);
    tcase_add_loop_test(tc, test_names_never_become_sql, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
