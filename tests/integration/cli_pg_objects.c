/* cli_pg_objects.c - PostgreSQL schema objects through the real binary
 * (issue 20): hand-written models holding an enum, a domain, a sequence,
 * functions (plpgsql, and LANGUAGE sql reading a table created after
 * it), a view, a materialized view with an index, a trigger, comments
 * and a second schema with a view of its own. `revision --autogenerate`,
 * `upgrade head` and `check` pass; each object edited (an enum label
 * added, the domain's CHECK, the sequence's step, the function's body,
 * the view's columns, the materialized view's query (its index dropped
 * and created again around it), the trigger's events, the comments),
 * autogenerate, upgrade and check pass again; `downgrade -1` gives back
 * exactly what `inspect` printed before (the enum's label removed by
 * rename-create-convert-drop). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* stdout of a command that must exit 0 (the caller frees it). */
static char *
ok_out(const char *cmd)
{
    run_result r = migrate("%s", cmd);
    char *out;

    ck_assert_msg(r.status == 0, "`migrate %s` exited %d\nstdout:\n%.2000s"
                  "\nstderr:\n%.2000s", cmd, r.status, r.out, r.err);
    out = r.out;
    r.out = NULL;
    run_free(&r);
    return out;
}

static const char models_v1[] =
    "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
    "CREATE DOMAIN year AS integer CHECK (VALUE >= 1901);\n"
    "CREATE SEQUENCE ticket_seq START WITH 100;\n"
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "    NEW.updated = now();\n"
    "    RETURN NEW;\n"
    "END $$;\n"
    "CREATE FUNCTION n_people() RETURNS bigint LANGUAGE sql\n"
    "    AS $$ SELECT count(*) FROM people $$;\n"
    "CREATE TABLE people (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name VARCHAR(40) NOT NULL,\n"
    "    m mood NOT NULL DEFAULT 'ok',\n"
    "    born year,\n"
    "    ticket BIGINT NOT NULL DEFAULT nextval('ticket_seq'),\n"
    "    updated TIMESTAMP\n"
    ");\n"
    "CREATE VIEW named AS SELECT id, name FROM people;\n"
    "CREATE MATERIALIZED VIEW people_count AS\n"
    "    SELECT count(*) AS n FROM people;\n"
    "CREATE UNIQUE INDEX people_count_n ON people_count (n);\n"
    "CREATE TRIGGER people_touch BEFORE UPDATE ON people\n"
    "    FOR EACH ROW EXECUTE FUNCTION touch();\n"
    "COMMENT ON COLUMN people.name IS 'who is here';\n"
    "COMMENT ON COLUMN people.born IS 'year of birth';\n"
    "CREATE SCHEMA report;\n"
    "CREATE VIEW report.born_late AS\n"
    "    SELECT id FROM people WHERE born > 2000;\n";

/* Every object of models_v1 changed. */
static const char models_v2[] =
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
    "CREATE DOMAIN year AS integer CHECK (VALUE >= 1800);\n"
    "CREATE SEQUENCE ticket_seq START WITH 100 INCREMENT BY 2;\n"
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "    NEW.updated = clock_timestamp();\n"
    "    RETURN NEW;\n"
    "END $$;\n"
    "CREATE FUNCTION n_people() RETURNS bigint LANGUAGE sql\n"
    "    AS $$ SELECT count(*) FROM people WHERE born IS NOT NULL $$;\n"
    "CREATE TABLE people (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name VARCHAR(40) NOT NULL,\n"
    "    m mood NOT NULL DEFAULT 'ok',\n"
    "    born year,\n"
    "    ticket BIGINT NOT NULL DEFAULT nextval('ticket_seq'),\n"
    "    updated TIMESTAMP\n"
    ");\n"
    "CREATE VIEW named AS SELECT id, name, born FROM people;\n"
    "CREATE MATERIALIZED VIEW people_count AS\n"
    "    SELECT count(*) AS n, max(born) AS latest FROM people;\n"
    "CREATE UNIQUE INDEX people_count_n ON people_count (n);\n"
    "CREATE TRIGGER people_touch BEFORE INSERT OR UPDATE ON people\n"
    "    FOR EACH ROW EXECUTE FUNCTION touch();\n"
    "COMMENT ON COLUMN people.name IS 'who was here';\n"
    "COMMENT ON COLUMN people.born IS 'the year of birth';\n"
    "CREATE SCHEMA report;\n"
    "CREATE VIEW report.born_late AS\n"
    "    SELECT id FROM people WHERE born > 2010;\n";

START_TEST(test_pg_objects_pipeline)
{
    char *before, *after, *sql;
    run_result r;

    if (!dialect_project(POSTGRESQL, NULL))
        return;
    write_file("models.sql", models_v1);
    free(ok_out("revision --autogenerate -m objects --rev-id o1"));
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    before = ok_out("inspect");
    ck_contains(before, "CREATE TYPE mood AS ENUM ('sad', 'ok');");
    ck_contains(before, "CREATE VIEW report.born_late AS");
    ck_contains(before, "CREATE UNIQUE INDEX people_count_n ON people_count "
                "USING btree (n);");

    /* the objects work: the trigger stamps, the functions answer */
    ck_dialect_value(POSTGRESQL, "INSERT INTO people (name, born) "
                     "VALUES ('a', 1990) RETURNING ticket", "100");
    ck_dialect_value(POSTGRESQL, "SELECT n_people()", "1");

    write_file("models.sql", models_v2);
    r = migrate("check");
    ck_run_status(r, 1);
    run_free(&r);
    free(ok_out("revision --autogenerate -m edits --rev-id o2"));
    sql = ok_out("upgrade o1:o2 --sql");
    ck_contains(sql, "ALTER TYPE \"mood\" ADD VALUE 'happy' AFTER 'ok';");
    ck_contains(sql, "ALTER SEQUENCE \"ticket_seq\"");
    ck_contains(sql, "CREATE OR REPLACE FUNCTION touch()");
    ck_contains(sql, "DROP TRIGGER \"people_touch\" ON \"people\";");
    free(sql);
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    after = ok_out("inspect");
    ck_contains(after, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');");
    ck_contains(after, "INCREMENT BY 2");
    ck_contains(after, "clock_timestamp()");
    ck_contains(after, "'who was here'");
    /* the materialized view was re-created, its index too */
    ck_contains(after, "CREATE UNIQUE INDEX people_count_n ON people_count "
                "USING btree (n);");
    ck_dialect_value(POSTGRESQL, "UPDATE people SET m = 'happy' "
                     "RETURNING m", "happy");
    ck_dialect_value(POSTGRESQL, "UPDATE people SET m = 'ok' "
                     "RETURNING m", "ok");
    free(after);

    free(ok_out("downgrade -1"));
    after = ok_out("inspect");
    ck_assert_msg(strcmp(after, before) == 0, "inspect after downgrade -1:"
                  "\n%s\nbefore:\n%s", after, before);
    free(ok_out("check --no-db"));
    free(after);

    free(ok_out("downgrade base"));
    after = ok_out("inspect");
    ck_not_contains(after, "CREATE");
    free(after);
    free(before);
}
END_TEST

/* inspect of a database holding the objects, made natively, prints them
 * as models that diff clean against it, naming nothing as not managed. */
START_TEST(test_pg_objects_inspect_round_trip)
{
    char *model, *native;
    run_result r;

    if (!dialect_project(POSTGRESQL, NULL))
        return;
    native = malloc(sizeof(models_v1) + 64);
    strcpy(native, "SET check_function_bodies = false;\n");
    strcat(native, models_v1);
    write_file("native.sql", native);
    free(native);
    ck_assert_int_eq(dialect_run_file(POSTGRESQL, "native.sql"), 0);
    model = ok_out("inspect");
    write_file("models.sql", model);
    r = migrate("diff --from db --to models");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    free(model);
}
END_TEST

/* A sequence OWNED BY a column of a table the same revision creates
 * (the column's DEFAULT uses it): upgrade creates it, the table, then
 * ties them; check finds nothing; downgrade base unties and drops both;
 * upgrade works again. */
START_TEST(test_pg_sequence_owned_by_new_table)
{
    char *out;

    if (!dialect_project(POSTGRESQL, NULL))
        return;
    write_file("models.sql",
               "CREATE SEQUENCE order_no START WITH 1000 OWNED BY orders.no;\n"
               "CREATE TABLE orders (\n"
               "    id INTEGER PRIMARY KEY,\n"
               "    no BIGINT NOT NULL DEFAULT nextval('order_no')\n"
               ");\n");
    free(ok_out("revision --autogenerate -m orders --rev-id s1"));
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    ck_dialect_value(POSTGRESQL, "INSERT INTO orders (id) VALUES (1) "
                     "RETURNING no", "1000");
    out = ok_out("inspect");
    ck_contains(out, "START WITH 1000 CACHE 1 OWNED BY orders.no;");
    free(out);
    free(ok_out("downgrade base"));
    out = ok_out("inspect");
    ck_not_contains(out, "CREATE");
    free(out);
    free(ok_out("upgrade head"));
    free(ok_out("check"));
}
END_TEST

/* Two overloads of one name: each compared with its own counterpart,
 * the changed one replaced alone (the other keeps working), the
 * downgrade exact. */
START_TEST(test_pg_routine_overloads)
{
    static const char v1[] =
        "CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql\n"
        "    AS 'SELECT a * 2';\n"
        "CREATE FUNCTION twice(a text) RETURNS text LANGUAGE sql\n"
        "    AS 'SELECT a || a';\n";
    static const char v2[] =
        "CREATE FUNCTION twice(a text) RETURNS text LANGUAGE sql\n"
        "    AS 'SELECT a || ''-'' || a';\n"
        "CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql\n"
        "    AS 'SELECT a * 2';\n";
    char *before, *after, *sql;
    run_result r;

    if (!dialect_project(POSTGRESQL, NULL))
        return;
    write_file("models.sql", v1);
    free(ok_out("revision --autogenerate -m twice --rev-id f1"));
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    before = ok_out("inspect");
    write_file("models.sql", v2);
    r = migrate("check");
    ck_run_status(r, 1);
    ck_contains(r.out, "change function twice(text)");
    ck_not_contains(r.out, "twice(integer)");
    run_free(&r);
    free(ok_out("revision --autogenerate -m text --rev-id f2"));
    sql = ok_out("upgrade f1:f2 --sql");
    ck_contains(sql, "CREATE OR REPLACE FUNCTION twice(a text)");
    ck_not_contains(sql, "twice(a integer)");
    ck_not_contains(sql, "DROP FUNCTION");
    free(sql);
    free(ok_out("upgrade head"));
    free(ok_out("check"));
    ck_dialect_value(POSTGRESQL, "SELECT twice('ab'::text)", "ab-ab");
    ck_dialect_value(POSTGRESQL, "SELECT twice(21)", "42");
    free(ok_out("downgrade -1"));
    after = ok_out("inspect");
    ck_assert_msg(strcmp(after, before) == 0, "inspect after downgrade -1:"
                  "\n%s\nbefore:\n%s", after, before);
    free(after);
    free(before);
}
END_TEST

Suite *
cli_pg_objects_suite(void)
{
    Suite *s = suite_create("cli_pg_objects");
    TCase *tc = tcase_create("objects");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_pg_objects_pipeline);
    tcase_add_test(tc, test_pg_objects_inspect_round_trip);
    tcase_add_test(tc, test_pg_sequence_owned_by_new_table);
    tcase_add_test(tc, test_pg_routine_overloads);
    suite_add_tcase(s, tc);
    return s;
}
