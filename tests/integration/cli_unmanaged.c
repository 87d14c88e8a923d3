/* cli_unmanaged.c - what a database holds that migrate does not model
 * (views, triggers, routines, sequences of their own, enums...) is named
 * by `inspect` and `diff` on stderr, one "not managed" warning a line,
 * instead of being passed over (issue 19 item 6). Each database is made
 * with its own client; the version tables' own objects are never named.
 * Loop index: 0 SQLite, 1 PostgreSQL, 2 MariaDB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

typedef struct native {
    const char *ddl;        /* run with the dialect's own client */
    const char *warnings;   /* stderr of inspect, exactly */
} native;

#define W "migrate: warning: not managed: "

static const native natives[] = {
    /* SQLite: views and triggers (of tables and of views) are managed
     * objects now; virtual tables are not */
    { "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
      "CREATE VIEW v AS SELECT a FROM t;\n"
      "CREATE VIEW \"odd\nname\" AS SELECT id FROM t;\n"
      "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER v_io INSTEAD OF INSERT ON v BEGIN SELECT 1; END;\n"
      "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1);\n",
      W "virtual table r\n" },
    /* PostgreSQL: views, sequences (a serial's goes with its column),
     * enums, domains, routines and triggers are schema objects now
     * (issue 20); aggregates, rules and the tables a model cannot declare
     * (partitioned, partitions, inheriting), which are not read as
     * tables, are not managed, nor the tables of another schema (its
     * other objects are), nor the index a table is clustered on, nor an
     * extension (its functions and types are the extension's) */
    { "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n"
      "CREATE SEQUENCE owned OWNED BY t.id;\n"
      "CREATE VIEW v AS SELECT a FROM t;\n"
      "CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;\n"
      "CREATE SEQUENCE s;\n"
      "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
      "CREATE DOMAIN posint AS INTEGER CHECK (VALUE > 0);\n"
      "CREATE FUNCTION f(x INTEGER) RETURNS INTEGER LANGUAGE sql "
      "AS 'SELECT x';\n"
      "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql "
      "AS 'BEGIN RETURN NEW; END';\n"
      "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW "
      "EXECUTE FUNCTION tf();\n"
      "CREATE AGGREGATE total(INTEGER) (SFUNC = int4pl, STYPE = INTEGER);\n"
      "CREATE RULE keep AS ON DELETE TO t DO INSTEAD NOTHING;\n"
      "CREATE TABLE m (at DATE NOT NULL) PARTITION BY RANGE (at);\n"
      "CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') "
      "TO ('2027-01-01');\n"
      "CREATE TABLE child (b TEXT) INHERITS (t);\n"
      "CREATE SCHEMA app;\n"
      "CREATE TABLE app.lookup (id INTEGER PRIMARY KEY);\n"
      "CREATE VIEW app.v AS SELECT id FROM app.lookup;\n"
      "ALTER TABLE t CLUSTER ON t_pkey;\n"
      "CREATE EXTENSION \"uuid-ossp\";\n",
      W "aggregate total(integer)\n"
      W "clustered index t_pkey on table t\n"
      W "extension uuid-ossp\n"
      W "inheriting table child\n"
      W "partition m_2026\n"
      W "partitioned table m\n"
      W "rule keep on table t\n"
      W "table app.lookup\n" },
    /* MariaDB: views, sequences, functions, procedures and triggers are
     * managed (issue 20); events are not */
    { "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, a TEXT);\n"
      "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1;\n"
      "CREATE EVENT e2 ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 2;\n",
      W "event e\n"
      W "event e2\n" },
};

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

/* d's database made natively from n's DDL; 0 when d's server is not
 * configured. */
static int
native_project(int d, const native *n)
{
    if (!dialect_project(d, NULL))
        return 0;
    write_file("native.sql", n->ddl);
    ck_assert_msg(dialect_run_file(d, "native.sql") == 0, "%s: the native "
                  "client did not load it", dialect_names[d]);
    return 1;
}

START_TEST(test_inspect_names_unmanaged)
{
    const native *n = &natives[_i];
    run_result r;

    if (!native_project(_i, n))
        return;
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, n->warnings);
    ck_contains(r.out, "CREATE TABLE");
    /* what a dialect manages is model text now (issue 20), not named */
    if (_i == POSTGRESQL)
        ck_contains(r.out, "CREATE MATERIALIZED VIEW mv AS");
    write_file("models.sql", r.out);
    run_free(&r);

    /* diff names them too, and finds the table as the model says */
    r = migrate("diff --from db --to models");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, n->warnings);
    run_free(&r);

    /* with --quiet, nothing */
    r = migrate("-q inspect");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

/* A database with nothing but tables, and one brought to head by
 * migrate (the version tables and their log), has nothing to name. */
START_TEST(test_nothing_unmanaged)
{
    run_result r;

    if (!dialect_project(_i, NULL))
        return;
    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
    r = migrate("revision --autogenerate -m one --rev-id u1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("diff --from db --to models");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

Suite *
cli_unmanaged_suite(void)
{
    Suite *s = suite_create("cli_unmanaged");
    TCase *tc = tcase_create("report");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_inspect_names_unmanaged, 0, 3);
    tcase_add_loop_test(tc, test_nothing_unmanaged, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
