/* cli_fidelity.c - what a database stores is never silently changed by
 * generated SQL (issue 19): a narrowing that existing rows do not fit
 * fails the upgrade and keeps every row whole, instead of cutting values
 * to the new length; the database stays at the previous revision where
 * the dialect has transactional DDL; SQLite's AUTOINCREMENT survives a
 * table rebuild with its counter. Loop index: 0 SQLite, 1 PostgreSQL,
 * 2 MariaDB (each database checked with its own client). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "projects.h"
#include "suites.h"

static void setup(void) { project_enter(); }
static void teardown(void) { dialect_teardown(); }

START_TEST(test_narrowing_never_truncates)
{
    const int d = _i;
    run_result r;
    char *v;

    if (!dialect_project(d, NULL))
        return;
    write_file("models.sql", "CREATE TABLE people (id INTEGER PRIMARY KEY, "
               "email VARCHAR(100) NOT NULL);\n");
    r = migrate("revision --autogenerate -m wide --rev-id w1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = dialect_value(d, "INSERT INTO people VALUES (1, "
                      "'a-rather-long-address@example.org')");
    free(v);
    write_file("models.sql", "CREATE TABLE people (id INTEGER PRIMARY KEY, "
               "email VARCHAR(10) NOT NULL);\n");
    r = migrate("revision --autogenerate -m narrow --rev-id n1");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "(data loss)"));
    run_free(&r);
    r = migrate("upgrade head");
    if (d == SQLITE) {
        /* SQLite does not enforce a length: the rebuild keeps the value */
        ck_run_status(r, 0);
    } else {
        ck_run_status(r, 3);
        ck_assert_ptr_nonnull(strstr(r.err, "n1_narrow.sql"));
        r.status = 0;
    }
    run_free(&r);
    ck_dialect_value(d, "SELECT email FROM people WHERE id = 1",
                     "a-rather-long-address@example.org");
    if (d == POSTGRESQL) {
        r = migrate("current");
        ck_run_status(r, 0);
        ck_assert_ptr_nonnull(strstr(r.out, "w1"));
        run_free(&r);
    }
}
END_TEST

/* SQLite's AUTOINCREMENT (ids of deleted rows never handed out again) is
 * kept when the table is created and when it is rebuilt, with its
 * counter; inspect shows it and taking it away is a difference. */
START_TEST(test_sqlite_autoincrement_kept)
{
    run_result r;

    if (!dialect_project(SQLITE, NULL))
        return;
    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY "
               "AUTOINCREMENT, name TEXT);\n");
    r = migrate("revision --autogenerate -m one --rev-id a1");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(SQLITE, "SELECT sql LIKE '%AUTOINCREMENT%' FROM "
                     "sqlite_master WHERE name = 't'", "1");
    free(dialect_value(SQLITE, "INSERT INTO t (name) VALUES ('a'), ('b'), "
                       "('c'); DELETE FROM t WHERE id = 3"));
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
    /* a change SQLite can only make by rebuilding the table */
    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY "
               "AUTOINCREMENT, name TEXT NOT NULL DEFAULT 'x');\n");
    r = migrate("revision --autogenerate -m two --rev-id a2");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    ck_dialect_value(SQLITE, "SELECT sql LIKE '%AUTOINCREMENT%' FROM "
                     "sqlite_master WHERE name = 't'", "1");
    free(dialect_value(SQLITE, "INSERT INTO t (name) VALUES ('d')"));
    ck_dialect_value(SQLITE, "SELECT group_concat(id) FROM t", "1,2,4");
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\"id\" INTEGER PRIMARY KEY "
                                 "AUTOINCREMENT"));
    run_free(&r);
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
    write_file("models.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL DEFAULT 'x');\n");
    r = migrate("check");
    ck_run_status(r, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "database differs from models: "
                                 "alter column t.id: no autoincrement\n"));
    run_free(&r);
}
END_TEST

/* A MySQL dump's inline keys (KEY, INDEX, UNIQUE KEY, FULLTEXT KEY, a
 * prefix length): the table the dump's own DDL creates on MariaDB has no
 * difference from the same text as models; and on every dialect the
 * models build a database that check finds equal to them. */
#define INLINE_KEYS_HEAD \
    "CREATE TABLE actor (\n" \
    "  actor_id INT NOT NULL AUTO_INCREMENT,\n" \
    "  first_name VARCHAR(45) NOT NULL,\n" \
    "  last_name VARCHAR(45) NOT NULL,\n" \
    "  PRIMARY KEY (actor_id),\n" \
    "  KEY idx_actor_last_name (last_name),\n" \
    "  UNIQUE KEY uq_actor_name (first_name, last_name)"

START_TEST(test_inline_keys)
{
    const int d = _i;
    /* a prefix length and FULLTEXT are MariaDB's alone */
    const char *text = d == MARIADB
        ? INLINE_KEYS_HEAD ",\n  INDEX idx_prefix (last_name(10)),\n"
          "  FULLTEXT KEY ft_actor_first (first_name)\n) ENGINE=InnoDB;\n"
        : INLINE_KEYS_HEAD "\n);\n";
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    write_file("models.sql", text);
    if (d == MARIADB) {
        ck_assert_int_eq(dialect_run_file(d, "models.sql"), 0);
        r = migrate("diff --from db --to models");
        ck_run_status(r, 0);
        ck_assert_str_eq(r.out, "");
        run_free(&r);
        free(dialect_value(d, "DROP TABLE actor"));
    }
    r = migrate("revision --autogenerate -m keys --rev-id k1");
    ck_run_status(r, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Detected add index "
                                 "idx_actor_last_name on actor\n"));
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
}
END_TEST

/* SQLite keeps a column's declared type as written, and so does migrate:
 * in inspect's model and through a table rebuild, which also keeps every
 * constraint's name and the rows. */
START_TEST(test_sqlite_rebuild_keeps_declared)
{
    run_result r;
    char *model, *edited, *v;

    if (!dialect_project(SQLITE, NULL))
        return;
    write_file("native.sql", "CREATE TABLE p (id INTEGER PRIMARY KEY, "
               "n NVARCHAR(40) NOT NULL, d BLOB SUB_TYPE TEXT, x INT(11), "
               "m DECIMAL(10, 2), CONSTRAINT ck_named CHECK (length(n) > 0), "
               "CONSTRAINT uq_named UNIQUE (n));\n"
               "INSERT INTO p VALUES (1, 'a', 'b', 2, 3.5);\n");
    ck_assert_int_eq(dialect_run_file(SQLITE, "native.sql"), 0);
    r = migrate("inspect");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "CREATE TABLE \"p\" (\n"
                     "    \"id\" INTEGER PRIMARY KEY,\n"
                     "    \"n\" NVARCHAR(40) NOT NULL,\n"
                     "    \"d\" BLOB SUB_TYPE TEXT,\n"
                     "    \"x\" INT(11),\n"
                     "    \"m\" DECIMAL(10, 2),\n"
                     "    CONSTRAINT \"ck_named\" CHECK (length(n) > 0),\n"
                     "    CONSTRAINT \"uq_named\" UNIQUE (\"n\")\n"
                     ");\n");
    model = r.out;
    r.out = NULL;
    run_free(&r);
    write_file("models.sql", model);
    r = migrate("diff --from db --to models");
    ck_run_status(r, 0);
    run_free(&r);

    /* a UNIQUE column cannot be added in place: the table is rebuilt */
    edited = malloc(strlen(model) + 64);
    ck_assert_ptr_nonnull(edited);
    strcpy(edited, model);
    strcpy(strstr(edited, "    CONSTRAINT \"ck_named\""),
           "    \"e\" TEXT UNIQUE,\n");
    strcat(edited, strstr(model, "    CONSTRAINT \"ck_named\""));
    write_file("models.sql", edited);
    r = migrate("revision --autogenerate -m rebuild --rev-id rb1");
    ck_run_status(r, 0);
    ck_contains(r.out, "Detected add column p.e");
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = sqlite_value("app.db", "SELECT sql FROM sqlite_master "
                     "WHERE name = 'p'");
    ck_contains(v, "\"n\" NVARCHAR(40) NOT NULL");
    ck_contains(v, "\"d\" BLOB SUB_TYPE TEXT,");
    ck_contains(v, "\"x\" INT(11),");
    ck_contains(v, "\"m\" DECIMAL(10, 2),");
    ck_contains(v, "CONSTRAINT \"ck_named\" CHECK (length(n) > 0)");
    ck_contains(v, "CONSTRAINT \"uq_named\" UNIQUE (\"n\")");
    free(v);
    v = sqlite_value("app.db", "SELECT n || d || x || m FROM p");
    ck_assert_str_eq(v, "ab23.5");
    free(v);
    /* (check would replay rb1 on an empty database: p is native) */
    r = migrate("diff --from db --to models");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "");
    run_free(&r);
    free(edited);
    free(model);
}
END_TEST

/* Run migrate with cmd, which must exit 0. */
static void
run_ok(const char *cmd)
{
    run_result r = migrate("%s", cmd);

    ck_run_status(r, 0);
    run_free(&r);
}

/* A generated column on each dialect: created, its expression changed
 * (dropped and added again, or the table rebuilt on SQLite) with the
 * stored columns' rows kept and the value computed anew, check passing
 * after each step, and changed back by downgrade. PostgreSQL refuses a
 * VIRTUAL one at the model's line and column. inspect --format json
 * shows the expression. */
START_TEST(test_generated_column_change)
{
    static const char *const stored[] = { "STORED", "STORED", "VIRTUAL" };
    const int d = _i;
    char model[512];
    run_result r;
    char *v;

    if (!dialect_project(d, NULL))
        return;
    snprintf(model, sizeof(model), "CREATE TABLE line (id INTEGER PRIMARY "
             "KEY, qty INTEGER NOT NULL, price INTEGER NOT NULL,\n"
             "  total INTEGER GENERATED ALWAYS AS (qty * price) %s);\n",
             stored[d]);
    write_file("models.sql", model);
    run_ok("revision --autogenerate -m one --rev-id g1");
    run_ok("upgrade head");
    v = dialect_value(d, "INSERT INTO line (id, qty, price) VALUES (1, 2, 5)");
    free(v);
    run_ok("check");
    r = migrate("inspect --format json");
    ck_run_status(r, 0);
    ck_contains(r.out, "\"generated\":");
    ck_contains(r.out, d == MARIADB ? "\"stored\":false" : "\"stored\":true");
    run_free(&r);

    snprintf(model, sizeof(model), "CREATE TABLE line (id INTEGER PRIMARY "
             "KEY, qty INTEGER NOT NULL, price INTEGER NOT NULL,\n"
             "  total INTEGER GENERATED ALWAYS AS (qty + price) %s);\n",
             stored[d]);
    write_file("models.sql", model);
    r = migrate("revision --autogenerate -m two --rev-id g2");
    ck_run_status(r, 0);
    ck_contains(r.out, "Detected alter column line.total: generated");
    run_free(&r);
    run_ok("upgrade head");
    ck_dialect_value(d, "SELECT total FROM line WHERE id = 1", "7");
    run_ok("check");
    run_ok("downgrade -1");
    ck_dialect_value(d, "SELECT total FROM line WHERE id = 1", "10");

    if (d == POSTGRESQL) {
        write_file("models.sql", "CREATE TABLE line (id INTEGER PRIMARY "
                   "KEY, qty INTEGER,\n  total INTEGER AS (qty * 2));\n");
        r = migrate("diff --from db --to models");
        ck_run_status(r, 2);
        ck_contains(r.err, "models.sql:2:17: generated column 'total' must "
                    "be STORED: postgresql has no VIRTUAL generated "
                    "columns");
        run_free(&r);
    }
}
END_TEST

/* Expressions the server rewrites in its own words compare equal to the
 * model that says them otherwise (issue 19 item 4, "let the server
 * decide"): PostgreSQL stores "qty * price" over an integer and a
 * numeric as "qty::numeric * price" and BETWEEN as two comparisons, in
 * a CHECK, a generated column and an index's expression and predicate;
 * MariaDB writes NOT (x) as !(x). An unnamed CHECK is found by what it
 * says. The table is made by the database's own client from the model's
 * text: diff finds nothing either way, nor does autogenerate; a database
 * made by autogenerate passes check, and a real change to the same
 * expressions is still found, written as the model says it. */
START_TEST(test_server_decides_expressions)
{
    static const char *const model[] = {
        NULL,
        "CREATE TABLE line (id INTEGER NOT NULL, qty INTEGER,\n"
        "  price NUMERIC(10,2) CHECK (price BETWEEN 0 AND 1000),\n"
        "  total NUMERIC GENERATED ALWAYS AS (qty * price) STORED,\n"
        "  PRIMARY KEY (id),\n"
        "  CONSTRAINT line_qty CHECK (qty BETWEEN 1 AND %d));\n"
        "CREATE INDEX line_big ON line ((qty * price))\n"
        "  WHERE price BETWEEN 100 AND 200;\n",
        "CREATE TABLE line (id INTEGER NOT NULL, qty INTEGER,\n"
        "  price DECIMAL(10,2) CHECK (NOT (price < 0)),\n"
        "  total DECIMAL(20,2) GENERATED ALWAYS AS (qty * price) STORED,\n"
        "  PRIMARY KEY (id),\n"
        "  CONSTRAINT line_qty CHECK (NOT (qty < 1) AND qty <= %d));\n",
    };
    static const char *const changed[] = {
        NULL,
        "ALTER TABLE \"line\" ADD CONSTRAINT \"line_qty\" "
        "CHECK (qty BETWEEN 1 AND 20);\n",
        "ALTER TABLE `line` ADD CONSTRAINT `line_qty` "
        "CHECK (NOT (qty < 1) AND qty <= 20);\n",
    };
    const int d = _i;
    char sql[512], *out;

    if (!dialect_project(d, NULL))
        return;
    snprintf(sql, sizeof(sql), model[d], 10);
    write_file("models.sql", sql);
    ck_assert_int_eq(dialect_run_file(d, "models.sql"), 0);
    out = migrate_out(0, "diff --from db --to models");
    ck_assert_str_eq(out, "");
    free(out);
    out = migrate_out(0, "diff --from models --to db");
    ck_assert_str_eq(out, "");
    free(out);
    out = migrate_out(0, "revision --autogenerate -m none");
    ck_contains(out, "No changes in schema detected");
    free(out);

    snprintf(sql, sizeof(sql), model[d], 20);
    write_file("models.sql", sql);
    out = migrate_out(1, "diff --from db --to models");
    ck_contains(out, changed[d]);
    ck_assert_ptr_null(strstr(out, "total"));
    free(out);

    /* a database made from the models: the replay and the database both
     * speak the server's words */
    free(dialect_value(d, "DROP TABLE line"));
    run_ok("revision --autogenerate -m line --rev-id x1");
    run_ok("upgrade head");
    run_ok("check");
}
END_TEST

Suite *
cli_fidelity_suite(void)
{
    Suite *s = suite_create("cli_fidelity");
    TCase *tc = tcase_create("narrowing");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_narrowing_never_truncates, 0, 3);
    suite_add_tcase(s, tc);
    tc = tcase_create("inline_keys");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_inline_keys, 0, 3);
    suite_add_tcase(s, tc);
    tc = tcase_create("generated");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_generated_column_change, 0, 3);
    suite_add_tcase(s, tc);
    tc = tcase_create("server_decides");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_server_decides_expressions, 1, 3);
    suite_add_tcase(s, tc);
    tc = tcase_create("autoincrement");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_sqlite_autoincrement_kept);
    tcase_add_test(tc, test_sqlite_rebuild_keeps_declared);
    suite_add_tcase(s, tc);
    return s;
}
