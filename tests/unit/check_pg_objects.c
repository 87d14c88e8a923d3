/* check_pg_objects.c - the PostgreSQL dialect's schema objects
 * (dialects/postgresql_objects.c). Without a server: the exact DDL of
 * every *_OBJECT operation on every kind, built by hand (CREATE from the
 * definition, DROP by kind and identity, the REPLACE of each kind: CREATE
 * OR REPLACE, ALTER TYPE ... ADD VALUE, rename-create-convert-drop, ALTER
 * SEQUENCE, drop and create), and the enum key. With MIGRATE_TEST_PG_URL
 * set: a database holding one object of each kind reflected into exactly
 * those objects (definition, identity, key), in one catalog query; and
 * the server's form of hand-written definitions equal to the reflected
 * keys, the database left as it was. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_metadata.h"
#include "mg_object.h"
#include "mg_op.h"
#include "mg_model.h"
#include "mg_compare.h"
#include "mg_render.h"
#include "mg_inspect.h"
#include "testdb.h"

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

static mg_object *
object(mg_metadata *md, mg_object_kind kind, const char *schema,
       const char *name, const char *table, const char *def)
{
    mg_object *o = NULL;

    ck_assert_int_eq(mg_metadata_add_object(md, kind, schema, name, table,
                                            def, &o, NULL), 0);
    return o;
}

static void
ck_render(const mg_op *op, const char *want)
{
    mg_strlist l = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(pg()->ddl.render_op(&l, op, &err), &err);
    mg_strlist_join(&l, ";\n", &b);
    ck_assert_msg(strcmp(mg_buf_cstr(&b), want) == 0,
                  "got:\n%s\nwant:\n%s", mg_buf_cstr(&b), want);
    mg_strlist_release(&l);
    mg_buf_release(&b);
}

static mg_op
op_of(mg_op_kind kind, const mg_object *old, const mg_object *new_,
      const mg_metadata *old_schema)
{
    mg_op op;

    memset(&op, 0, sizeof(op));
    op.kind = kind;
    op.old_object = old;
    op.new_object = new_;
    op.old_schema = old_schema;
    return op;
}

/* ---- DDL ---------------------------------------------------------------- */

START_TEST(test_pg_object_create_drop)
{
    static const struct {
        mg_object_kind kind;
        const char *schema, *name, *table, *sig, *def, *create, *drop;
    } cases[] = {
        { MG_OBJ_SCHEMA, NULL, "app", NULL, NULL, "CREATE SCHEMA app",
          "CREATE SCHEMA app", "DROP SCHEMA \"app\"" },
        { MG_OBJ_ENUM, NULL, "mood", NULL, NULL,
          "CREATE TYPE mood AS ENUM ('sad', 'ok')",
          "CREATE TYPE mood AS ENUM ('sad', 'ok')", "DROP TYPE \"mood\"" },
        { MG_OBJ_DOMAIN, "app", "year", NULL, NULL,
          "CREATE DOMAIN app.year AS integer CHECK (VALUE > 1900)",
          "CREATE DOMAIN app.year AS integer CHECK (VALUE > 1900)",
          "DROP DOMAIN \"app\".\"year\"" },
        { MG_OBJ_SEQUENCE, NULL, "ticket", NULL, NULL,
          "CREATE SEQUENCE ticket START WITH 100",
          "CREATE SEQUENCE ticket START WITH 100",
          "DROP SEQUENCE \"ticket\"" },
        { MG_OBJ_FUNCTION, NULL, "add", NULL, "integer, integer",
          "CREATE FUNCTION add(a integer, b integer) RETURNS integer "
          "LANGUAGE plpgsql AS $$ BEGIN RETURN a + b; END $$",
          "CREATE FUNCTION add(a integer, b integer) RETURNS integer "
          "LANGUAGE plpgsql AS $$ BEGIN RETURN a + b; END $$",
          "DROP FUNCTION \"add\"(integer, integer)" },
        { MG_OBJ_FUNCTION, NULL, "n_items", NULL, "",
          "CREATE FUNCTION n_items() RETURNS bigint LANGUAGE sql "
          "AS $$ SELECT count(*) FROM items $$",
          "CREATE FUNCTION n_items() RETURNS bigint LANGUAGE sql "
          "AS $$ SELECT count(*) FROM items $$",
          "DROP FUNCTION \"n_items\"()" },
        { MG_OBJ_PROCEDURE, NULL, "tidy", NULL, NULL,
          "CREATE PROCEDURE tidy() LANGUAGE plpgsql AS $$ BEGIN END $$",
          "CREATE PROCEDURE tidy() LANGUAGE plpgsql AS $$ BEGIN END $$",
          "DROP PROCEDURE \"tidy\"" },
        { MG_OBJ_VIEW, NULL, "v", NULL, NULL,
          "CREATE VIEW v AS SELECT 1 AS one", "CREATE VIEW v AS SELECT 1 "
          "AS one", "DROP VIEW \"v\"" },
        { MG_OBJ_MATVIEW, NULL, "mv", NULL, NULL,
          "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one",
          "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one",
          "DROP MATERIALIZED VIEW \"mv\"" },
        { MG_OBJ_TRIGGER, NULL, "stamp", "film", NULL,
          "CREATE TRIGGER stamp BEFORE UPDATE ON film FOR EACH ROW "
          "EXECUTE FUNCTION last_updated()",
          "CREATE TRIGGER stamp BEFORE UPDATE ON film FOR EACH ROW "
          "EXECUTE FUNCTION last_updated()",
          "DROP TRIGGER \"stamp\" ON \"film\"" },
        { MG_OBJ_COMMENT, NULL, "COLUMN film.title", "film", NULL,
          "COMMENT ON COLUMN film.\"Title\" IS 'it''s the IS title'",
          "COMMENT ON COLUMN film.\"Title\" IS 'it''s the IS title'",
          "COMMENT ON COLUMN film.\"Title\" IS NULL" },
    };
    mg_metadata *md = NULL;
    mg_object *o;
    mg_op op;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    o = object(md, cases[_i].kind, cases[_i].schema, cases[_i].name,
               cases[_i].table, cases[_i].def);
    if (cases[_i].sig)
        ck_assert_int_eq(mg_object_set_signature(o, cases[_i].sig), 0);
    op = op_of(MG_OP_CREATE_OBJECT, NULL, o, NULL);
    ck_render(&op, cases[_i].create);
    op = op_of(MG_OP_DROP_OBJECT, o, NULL, NULL);
    ck_render(&op, cases[_i].drop);
    mg_metadata_free(md);
}
END_TEST

/* Around a type's conversion: the views reading its columns saved by the
 * server, dropped, and created again after. */
#define SAVE_VIEWS(type) \
    "CREATE TEMPORARY TABLE migrate_views AS WITH RECURSIVE v(oid, depth) " \
    "AS (SELECT w.ev_class, 1 FROM pg_catalog.pg_depend d " \
    "JOIN pg_catalog.pg_rewrite w ON d.classid = " \
    "'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = w.oid " \
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid " \
    "AND a.attnum = d.refobjsubid WHERE d.refclassid = " \
    "'pg_catalog.pg_class'::pg_catalog.regclass AND a.atttypid = " \
    "'\"" type "\"'::pg_catalog.regtype AND w.ev_class <> d.refobjid " \
    "UNION ALL SELECT w.ev_class, v.depth + 1 FROM v " \
    "JOIN pg_catalog.pg_depend d ON d.refobjid = v.oid AND d.classid = " \
    "'pg_catalog.pg_rewrite'::pg_catalog.regclass " \
    "JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid " \
    "WHERE w.ev_class <> v.oid AND v.depth < 100) " \
    "SELECT c.oid::pg_catalog.regclass::text AS name, CASE c.relkind " \
    "WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END AS kind, " \
    "COALESCE(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') " \
    "|| ')', '') AS opts, pg_catalog.pg_get_viewdef(c.oid) AS def, " \
    "max(v.depth) AS depth FROM v JOIN pg_catalog.pg_class c " \
    "ON c.oid = v.oid GROUP BY c.oid, c.relkind, c.reloptions;\n" \
    "DO $migrate$ DECLARE r record; BEGIN FOR r IN SELECT * " \
    "FROM migrate_views ORDER BY depth DESC LOOP EXECUTE 'DROP ' || " \
    "r.kind || ' IF EXISTS ' || r.name; END LOOP; END $migrate$;\n"
#define RESTORE_VIEWS \
    ";\nDO $migrate$ DECLARE r record; BEGIN FOR r IN SELECT * " \
    "FROM migrate_views ORDER BY depth LOOP EXECUTE 'CREATE ' || r.kind || " \
    "' ' || r.name || r.opts || ' AS ' || r.def; END LOOP; END $migrate$;\n" \
    "DROP TABLE migrate_views"

/* REPLACE of each kind: old definition -> new definition. */
START_TEST(test_pg_object_replace)
{
    static const struct {
        mg_object_kind kind;
        const char *name, *table, *old, *new_, *want;
    } cases[] = {
        /* labels only added: ADD VALUE, placed where they go */
        { MG_OBJ_ENUM, "mood", NULL, "CREATE TYPE mood AS ENUM ('sad', 'ok')",
          "CREATE TYPE mood AS ENUM ('meh', 'sad', 'ok', 'happy')",
          "ALTER TYPE \"mood\" ADD VALUE 'meh' BEFORE 'sad';\n"
          "ALTER TYPE \"mood\" ADD VALUE 'happy' AFTER 'ok'" },
        /* a label gone (the reverse): rename, create, convert, drop */
        { MG_OBJ_ENUM, "mood", NULL,
          "CREATE TYPE mood AS ENUM ('meh', 'sad', 'ok', 'happy')",
          "CREATE TYPE mood AS ENUM ('sad', 'ok')",
          SAVE_VIEWS("mood")
          "ALTER TYPE \"mood\" RENAME TO \"mood_old\";\n"
          "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"m\" DROP DEFAULT;\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"m\" TYPE \"mood\" "
          "USING \"m\"::text::\"mood\";\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"m\" SET DEFAULT "
          "'ok'::mood;\n"
          "DROP TYPE \"mood_old\"" RESTORE_VIEWS },
        /* reordered */
        { MG_OBJ_ENUM, "mood", NULL, "CREATE TYPE mood AS ENUM ('a', 'b')",
          "CREATE TYPE mood AS ENUM ('b', 'a')",
          SAVE_VIEWS("mood")
          "ALTER TYPE \"mood\" RENAME TO \"mood_old\";\n"
          "CREATE TYPE mood AS ENUM ('b', 'a');\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"m\" DROP DEFAULT;\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"m\" TYPE \"mood\" "
          "USING \"m\"::text::\"mood\";\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"m\" SET DEFAULT "
          "'ok'::mood;\n"
          "DROP TYPE \"mood_old\"" RESTORE_VIEWS },
        { MG_OBJ_DOMAIN, "year", NULL,
          "CREATE DOMAIN year AS integer CHECK (VALUE > 1900)",
          "CREATE DOMAIN year AS integer CHECK (VALUE > 1800)",
          SAVE_VIEWS("year")
          "ALTER DOMAIN \"year\" RENAME TO \"year_old\";\n"
          "CREATE DOMAIN year AS integer CHECK (VALUE > 1800);\n"
          "ALTER TABLE \"people\" ALTER COLUMN \"born\" TYPE \"year\" "
          "USING \"born\"::text::\"year\";\n"
          "DROP DOMAIN \"year_old\"" RESTORE_VIEWS },
        { MG_OBJ_SEQUENCE, "ticket", NULL,
          "CREATE SEQUENCE ticket START WITH 100",
          "CREATE SEQUENCE \"ticket\" INCREMENT BY 5 MAXVALUE 1000 CYCLE",
          "ALTER SEQUENCE \"ticket\" INCREMENT BY 5 MAXVALUE 1000 CYCLE "
          "AS bigint NO MINVALUE CACHE 1 OWNED BY NONE" },
        { MG_OBJ_FUNCTION, "f", NULL,
          "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
          "CREATE FUNCTION f() RETURNS integer LANGUAGE plpgsql "
          "AS $$ BEGIN RETURN 2; END $$",
          "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE plpgsql "
          "AS $$ BEGIN RETURN 2; END $$" },
        { MG_OBJ_PROCEDURE, "p", NULL,
          "CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN END $$",
          "CREATE OR REPLACE PROCEDURE p() LANGUAGE plpgsql "
          "AS $$ BEGIN NULL; END $$",
          "CREATE OR REPLACE PROCEDURE p() LANGUAGE plpgsql "
          "AS $$ BEGIN NULL; END $$" },
        { MG_OBJ_VIEW, "v", NULL, "CREATE VIEW v AS SELECT 1 AS one",
          "CREATE VIEW v AS SELECT 2 AS two",
          "DROP VIEW IF EXISTS \"v\";\nCREATE VIEW v AS SELECT 2 AS two" },
        { MG_OBJ_MATVIEW, "mv", NULL,
          "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one",
          "CREATE MATERIALIZED VIEW mv AS SELECT 2 AS one",
          "DROP MATERIALIZED VIEW IF EXISTS \"mv\";\n"
          "CREATE MATERIALIZED VIEW mv AS SELECT 2 AS one" },
        { MG_OBJ_TRIGGER, "stamp", "people",
          "CREATE TRIGGER stamp BEFORE UPDATE ON people FOR EACH ROW "
          "EXECUTE FUNCTION f()",
          "CREATE TRIGGER stamp BEFORE INSERT ON people FOR EACH ROW "
          "EXECUTE FUNCTION f()",
          "DROP TRIGGER \"stamp\" ON \"people\";\n"
          "CREATE TRIGGER stamp BEFORE INSERT ON people FOR EACH ROW "
          "EXECUTE FUNCTION f()" },
        { MG_OBJ_COMMENT, "TABLE people", NULL,
          "COMMENT ON TABLE people IS 'x'", "COMMENT ON TABLE people IS 'y'",
          "COMMENT ON TABLE people IS 'y'" },
    };
    mg_metadata *md = NULL, *schema = NULL;
    mg_object *o, *n;
    mg_table *t = NULL;
    mg_type ty;
    mg_column *c;
    mg_op op;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_assert_int_eq(mg_metadata_new(&schema, NULL), 0);
    ck_assert_int_eq(mg_metadata_add_table(schema, "people", &t, NULL), 0);
    ck_assert_int_eq(mg_type_parse(&ty, "mood"), 0);
    c = mg_table_add_column(t, "m", &ty);
    mg_type_release(&ty);
    ck_assert_int_eq(mg_column_set_default(c, "'ok'::mood"), 0);
    ck_assert_int_eq(mg_type_parse(&ty, "year"), 0);
    ck_assert_ptr_nonnull(mg_table_add_column(t, "born", &ty));
    mg_type_release(&ty);
    ck_assert_int_eq(mg_type_parse(&ty, "text"), 0);
    ck_assert_ptr_nonnull(mg_table_add_column(t, "mood_text", &ty));
    mg_type_release(&ty);
    o = object(md, cases[_i].kind, NULL, cases[_i].name, cases[_i].table,
               cases[_i].old);
    n = object(schema, cases[_i].kind, NULL, cases[_i].name,
               cases[_i].table, cases[_i].new_);
    op = op_of(MG_OP_REPLACE_OBJECT, o, n, schema);
    ck_render(&op, cases[_i].want);
    mg_metadata_free(md);
    mg_metadata_free(schema);
}
END_TEST

/* text parsed as a PostgreSQL model (text keys, no server). */
static mg_metadata *
pg_model_text(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse_for(md, "models.sql", text, strlen(text), 0,
                                pg(), &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* The SQL of the ops from have to want (reverse: the downgrade's) into
 * sql. */
static void
upgrade_sql(const mg_metadata *have, const mg_metadata *want, int reverse,
            mg_buf *sql)
{
    mg_oplist *l = NULL, *r = NULL;
    mg_error err;

    mg_error_clear(&err);
    mg_buf_clear(sql);
    ck_mg_ok(mg_compare(&l, have, want, pg(), NULL, &err), &err);
    if (reverse)
        ck_mg_ok(mg_oplist_reverse(&r, l, &err), &err);
    ck_mg_ok(mg_render(sql, reverse ? r : l, pg(), &err), &err);
    mg_oplist_free(l);
    mg_oplist_free(r);
}

/* The SQL of the ops from have to want (reverse: the downgrade's) is
 * expect. */
static void
ck_upgrade(const mg_metadata *have, const mg_metadata *want, int reverse,
           const char *expect)
{
    mg_buf sql = MG_BUF_INIT;

    upgrade_sql(have, want, reverse, &sql);
    ck_assert_msg(strcmp(mg_buf_cstr(&sql), expect) == 0,
                  "got:\n%s\nwant:\n%s", mg_buf_cstr(&sql), expect);
    mg_buf_release(&sql);
}

/* A model that declares the sequence a serial would be named after
 * (pg_dump's without OWNED BY, Pagila's): the column keeps its nextval
 * default and the sequence is made by its CREATE SEQUENCE, before the
 * table; SERIAL would make a second one, t_id_seq1, and the default would
 * take it. */
START_TEST(test_pg_declared_serial_sequence)
{
    static const char text[] =
        "CREATE SEQUENCE t_id_seq;\n"
        "CREATE TABLE t (id integer DEFAULT nextval('t_id_seq'::regclass) "
        "NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (id));\n";
    static const char table[] =
        "CREATE TABLE \"t\" (\n"
        "    \"id\" INTEGER NOT NULL DEFAULT nextval('t_id_seq'::regclass),\n"
        "    CONSTRAINT \"t_pkey\" PRIMARY KEY (\"id\")\n"
        ");\n";
    mg_metadata *empty = NULL, *v1 = pg_model_text(text);
    mg_buf sql = MG_BUF_INIT, want = MG_BUF_INIT;
    mg_error err;

    ck_assert_int_eq(mg_metadata_new(&empty, NULL), 0);
    mg_buf_addf(&want, "CREATE SEQUENCE t_id_seq;\n%s", table);
    ck_upgrade(empty, v1, 0, mg_buf_cstr(&want));
    ck_upgrade(empty, v1, 1, "-- WARNING: data loss: drop table t\n"
               "DROP TABLE \"t\";\n"
               "DROP SEQUENCE \"t_id_seq\";\n");
    ck_mg_ok(mg_render_create_all(&sql, v1, pg(), &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&sql), mg_buf_cstr(&want));
    mg_buf_release(&sql);
    mg_buf_release(&want);
    mg_metadata_free(empty);
    mg_metadata_free(v1);
}
END_TEST

/* An index on a materialized view is an object of the model: parsed,
 * created after its view, dropped before it and created again whenever
 * the view is (its query changed, or a column it reads altered), the
 * downgrade the exact reverse. */
START_TEST(test_pg_matview_index)
{
    static const char base[] =
        "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(10));\n"
        "CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;\n"
        "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
        "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n";
    static const char changed[] =
        "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(10));\n"
        "CREATE MATERIALIZED VIEW mv AS SELECT a, b, 1 AS one FROM t;\n"
        "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
        "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n";
    static const char altered[] =
        "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(20));\n"
        "CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;\n"
        "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
        "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n";
    mg_metadata *empty = NULL, *v1 = pg_model_text(base);
    mg_metadata *v2 = pg_model_text(changed), *v3 = pg_model_text(altered);
    const mg_object *ix = mg_metadata_object(v1, MG_OBJ_INDEX, NULL, "mv_b",
                                             "mv");

    ck_assert_ptr_nonnull(ix);
    ck_assert_str_eq(ix->definition, "CREATE INDEX mv_b ON mv "
                     "USING hash (b) WHERE b <> ''");
    ck_assert_uint_eq(mg_metadata_table(v1, "t")->nindexes, 0);
    ck_assert_int_eq(mg_metadata_new(&empty, NULL), 0);
    ck_upgrade(empty, v1, 0,
               "CREATE TABLE \"t\" (\n"
               "    \"a\" INTEGER GENERATED BY DEFAULT AS IDENTITY,\n"
               "    \"b\" VARCHAR(10),\n"
               "    CONSTRAINT \"pk_t\" PRIMARY KEY (\"a\")\n"
               ");\n"
               "CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;\n"
               "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
               "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n");
    ck_upgrade(v1, v2, 0,
               "DROP INDEX \"mv_a\";\n"
               "DROP INDEX \"mv_b\";\n"
               "DROP MATERIALIZED VIEW IF EXISTS \"mv\";\n"
               "CREATE MATERIALIZED VIEW mv AS SELECT a, b, 1 AS one "
               "FROM t;\n"
               "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
               "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n");
    ck_upgrade(v1, v2, 1,
               "DROP INDEX \"mv_b\";\n"
               "DROP INDEX \"mv_a\";\n"
               "DROP MATERIALIZED VIEW IF EXISTS \"mv\";\n"
               "CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;\n"
               "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n"
               "CREATE UNIQUE INDEX mv_a ON mv (a);\n");
    ck_upgrade(v1, v3, 0,
               "DROP INDEX \"mv_a\";\n"
               "DROP INDEX \"mv_b\";\n"
               "DROP MATERIALIZED VIEW \"mv\";\n"
               "ALTER TABLE \"t\" ALTER COLUMN \"b\" TYPE VARCHAR(20) "
               "USING \"b\"::TEXT;\n"
               "CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;\n"
               "CREATE UNIQUE INDEX mv_a ON mv (a);\n"
               "CREATE INDEX mv_b ON mv USING hash (b) WHERE b <> '';\n");
    mg_metadata_free(empty);
    mg_metadata_free(v1);
    mg_metadata_free(v2);
    mg_metadata_free(v3);
}
END_TEST

/* A sequence OWNED BY a column of a table the same revision creates:
 * created without the tie before the tables (the column's DEFAULT uses
 * it), tied after them; the downgrade unties it before the table goes
 * (which would take the sequence with it), then drops it. */
START_TEST(test_pg_sequence_owned_by_new_table)
{
    static const char text[] =
        "CREATE SEQUENCE s START WITH 10 OWNED BY t.n;\n"
        "CREATE TABLE t (id INTEGER PRIMARY KEY, "
        "n BIGINT NOT NULL DEFAULT nextval('s'));\n";
    static const char changed[] =
        "CREATE SEQUENCE s START WITH 10 INCREMENT BY 2 OWNED BY t.n;\n"
        "CREATE TABLE t (id INTEGER PRIMARY KEY, "
        "n BIGINT NOT NULL DEFAULT nextval('s'));\n";
    mg_metadata *empty = NULL, *v1 = pg_model_text(text);
    mg_metadata *v2 = pg_model_text(changed);

    ck_assert_int_eq(mg_metadata_new(&empty, NULL), 0);
    ck_upgrade(empty, v1, 0, "CREATE SEQUENCE s START WITH 10;\n"
               "CREATE TABLE \"t\" (\n"
               "    \"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY,\n"
               "    \"n\" BIGINT NOT NULL DEFAULT nextval('s'),\n"
               "    CONSTRAINT \"pk_t\" PRIMARY KEY (\"id\")\n"
               ");\n"
               "ALTER SEQUENCE \"s\" OWNED BY t.n;\n");
    ck_upgrade(empty, v1, 1, "ALTER SEQUENCE \"s\" OWNED BY NONE;\n"
               "-- WARNING: data loss: drop table t\n"
               "DROP TABLE \"t\";\n"
               "DROP SEQUENCE \"s\";\n");
    /* a change of a tied sequence is made once its table is there */
    ck_upgrade(v1, v2, 0, "ALTER SEQUENCE \"s\" START WITH 10 INCREMENT BY 2 "
               "OWNED BY t.n "
               "AS bigint NO MINVALUE NO MAXVALUE CACHE 1 NO CYCLE;\n");
    mg_metadata_free(empty);
    /* create_all (a script to run) ties it after the tables as well; the
     * model text keeps the definition whole */
    {
        mg_buf sql = MG_BUF_INIT;
        mg_error err;

        ck_mg_ok(mg_render_create_all(&sql, v1, pg(), &err), &err);
        ck_assert_str_eq(mg_buf_cstr(&sql),
                         "CREATE SEQUENCE s START WITH 10;\n"
                         "CREATE TABLE \"t\" (\n"
                         "    \"id\" INTEGER GENERATED BY DEFAULT AS "
                         "IDENTITY,\n"
                         "    \"n\" BIGINT NOT NULL DEFAULT nextval('s'),\n"
                         "    CONSTRAINT \"pk_t\" PRIMARY KEY (\"id\")\n"
                         ");\n"
                         "ALTER SEQUENCE \"s\" OWNED BY t.n;\n");
        mg_buf_clear(&sql);
        ck_mg_ok(mg_render_model(&sql, v1, pg(), &err), &err);
        ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&sql),
                                     "CREATE SEQUENCE s START WITH 10 "
                                     "OWNED BY t.n;\n"));
        mg_buf_release(&sql);
    }
    mg_metadata_free(v1);
    mg_metadata_free(v2);
}
END_TEST

static mg_object *
routine(mg_metadata *md, const char *sig, const char *def)
{
    mg_object *o = NULL;

    ck_assert_int_eq(mg_metadata_add_routine(md, MG_OBJ_FUNCTION, NULL, "f",
                                             sig, def, &o, NULL), 0);
    return o;
}

#define F_INT "CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql " \
    "AS 'SELECT a'"
#define F_TEXT "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql " \
    "AS 'SELECT a'"
#define F_TEXT2 "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql " \
    "AS 'SELECT a || a'"
#define F_BIGINT "CREATE FUNCTION f(a bigint) RETURNS bigint LANGUAGE sql " \
    "AS 'SELECT a'"

/* Overloads pair by signature, whatever order each side holds them in:
 * the one changed is replaced alone; one whose argument types changed is
 * another function (dropped, the new one created). */
START_TEST(test_pg_routine_overloads)
{
    mg_metadata *have = NULL, *want = NULL, *moved = NULL;
    mg_error err;

    ck_assert_int_eq(mg_metadata_new(&have, NULL), 0);
    ck_assert_int_eq(mg_metadata_new(&want, NULL), 0);
    ck_assert_int_eq(mg_metadata_new(&moved, NULL), 0);
    routine(have, "integer", F_INT);
    routine(have, "text", F_TEXT);
    routine(want, "text", F_TEXT2);
    routine(want, "integer", F_INT);
    routine(moved, "text", F_TEXT);
    routine(moved, "bigint", F_BIGINT);
    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_add_routine(have, MG_OBJ_FUNCTION, NULL,
                                             "F", " TEXT", F_TEXT, NULL,
                                             &err), MG_EEXISTS);
    ck_upgrade(have, want, 0, "CREATE OR REPLACE FUNCTION f(a text) "
               "RETURNS text LANGUAGE sql AS 'SELECT a || a';\n");
    ck_upgrade(have, want, 1, "CREATE OR REPLACE FUNCTION f(a text) "
               "RETURNS text LANGUAGE sql AS 'SELECT a';\n");
    ck_upgrade(have, moved, 0, F_BIGINT ";\nDROP FUNCTION \"f\"(integer);\n");
    mg_metadata_free(have);
    mg_metadata_free(want);
    mg_metadata_free(moved);
}
END_TEST

/* A model may hold overloads; the same argument list twice is an
 * error. */
START_TEST(test_pg_routine_overloads_model)
{
    static const char text[] =
        "CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql "
        "AS 'SELECT a';\n"
        "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql "
        "AS 'SELECT a';\n";
    static const char twice[] =
        "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql "
        "AS 'SELECT a';\n"
        "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql "
        "AS 'SELECT a';\n";
    mg_metadata *md = pg_model_text(text);
    mg_error err;

    ck_assert_uint_eq(mg_metadata_object_count(md), 2);
    ck_assert_str_eq(mg_metadata_object_at(md, 1)->signature, "a text");
    mg_metadata_free(md);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    mg_error_clear(&err);
    ck_assert_int_eq(mg_model_parse_for(md, "models.sql", twice,
                                        strlen(twice), 0, pg(), &err),
                     MG_EPARSE);
    ck_assert_str_eq(err.msg, "models.sql:2:1: function f(a text) defined "
                     "twice");
    mg_metadata_free(md);
}
END_TEST

/* 1 when a comes before b in sql, both there. */
static int
before(const mg_buf *sql, const char *a, const char *b)
{
    const char *x = strstr(mg_buf_cstr(sql), a), *y = strstr(mg_buf_cstr(sql),
                                                             b);
    return x && y && x < y;
}

/* An enum reordered in the revision that adds (or drops) the column
 * using it: the column is converted only where it exists when the type
 * is re-created - both ways (the property test's seed 37 on PostgreSQL:
 * the downgrade converted a column it had dropped already). */
START_TEST(test_pg_enum_change_with_column)
{
    mg_metadata *plain = pg_model_text("CREATE TYPE mood AS ENUM ('a', 'b');\n"
                                       "CREATE TABLE t (id INTEGER PRIMARY "
                                       "KEY);\n");
    mg_metadata *used = pg_model_text("CREATE TYPE mood AS ENUM ('b', 'a');\n"
                                      "CREATE TABLE t (id INTEGER PRIMARY "
                                      "KEY, m mood);\n");
    mg_buf sql = MG_BUF_INIT;

    /* the column comes: upgrade adds it after the type, downgrade drops
     * it before; neither converts it */
    upgrade_sql(plain, used, 0, &sql);
    ck_assert_ptr_null(strstr(mg_buf_cstr(&sql), "TYPE \"mood\" USING"));
    ck_assert(before(&sql, "CREATE TYPE mood AS ENUM ('b', 'a')",
                     "ADD COLUMN \"m\" mood"));
    upgrade_sql(plain, used, 1, &sql);
    ck_assert_msg(!strstr(mg_buf_cstr(&sql), "TYPE \"mood\" USING"), "%s",
                  mg_buf_cstr(&sql));
    ck_assert(before(&sql, "DROP COLUMN \"m\"",
                     "CREATE TYPE mood AS ENUM ('a', 'b')"));
    /* the column goes: converted before it is dropped, and after it is
     * added back */
    upgrade_sql(used, plain, 0, &sql);
    ck_assert_msg(before(&sql, "ALTER COLUMN \"m\" TYPE \"mood\" USING",
                         "DROP COLUMN \"m\""), "%s", mg_buf_cstr(&sql));
    upgrade_sql(used, plain, 1, &sql);
    ck_assert_msg(before(&sql, "ADD COLUMN \"m\" mood",
                         "ALTER COLUMN \"m\" TYPE \"mood\" USING"), "%s",
                  mg_buf_cstr(&sql));
    mg_buf_release(&sql);
    mg_metadata_free(plain);
    mg_metadata_free(used);
}
END_TEST

/* CREATE INDEX on a materialized view needs a name; on neither a table
 * nor a materialized view it is an unknown table. */
START_TEST(test_pg_matview_index_errors)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        { "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a;\n"
          "CREATE INDEX ON mv (a);\n",
          "models.sql:2:1: an index on materialized view 'mv' needs a name" },
        { "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a;\n"
          "CREATE INDEX i ON other.mv (a);\n",
          "models.sql:2:19: unknown table 'other.mv' in CREATE INDEX" },
        { "CREATE INDEX i ON mv (a);\n"
          "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a;\n",
          "models.sql:1:19: unknown table 'mv' in CREATE INDEX" },
    };
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_assert_int_eq(mg_model_parse_for(md, "models.sql", cases[_i].text,
                                        strlen(cases[_i].text), 0, pg(),
                                        &err), MG_EPARSE);
    ck_assert_str_eq(err.msg, cases[_i].msg);
    mg_metadata_free(md);
}
END_TEST

/* An enum is compared by its labels, however the list is spelt. */
START_TEST(test_pg_enum_key)
{
    mg_metadata *md = NULL;
    mg_object *a, *b;
    mg_buf ka = MG_BUF_INIT, kb = MG_BUF_INIT;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    a = object(md, MG_OBJ_ENUM, NULL, "a", NULL,
               "CREATE TYPE a AS ENUM('x','it''s',E'y\\'z')");
    b = object(md, MG_OBJ_ENUM, NULL, "b", NULL,
               "create type \"b\" as enum (\n  'x', 'it''s', 'y''z'\n)");
    pg()->catalog.object_key(&ka, a);
    pg()->catalog.object_key(&kb, b);
    ck_assert_str_eq(mg_buf_cstr(&ka), "enum 'x', 'it''s', 'y''z'");
    ck_assert_str_eq(mg_buf_cstr(&kb), mg_buf_cstr(&ka));
    mg_buf_release(&ka);
    mg_buf_release(&kb);
    mg_metadata_free(md);
}
END_TEST

/* ---- on a server ------------------------------------------------------- */

static mg_engine *admin, *db;

static const char *
server_url(void)
{
    const char *u = getenv("MIGRATE_TEST_PG_URL");

    return u && *u ? u : NULL;
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
    char *url = testdb_fresh("MIGRATE_TEST_PG_URL", "migrate_objects",
                             &admin);
    mg_error err;

    mg_error_clear(&err);
    ck_assert_ptr_nonnull(url);
    ck_mg_ok(mg_engine_open(&db, url, 0, &err), &err);
    free(url);
}

static void
server_teardown(void)
{
    mg_engine_free(db);
    db = NULL;
    testdb_drop(admin, "migrate_objects");
    admin = NULL;
}

/* One object of each kind, as a dump would write them. */
static const char objects_script[] =
    "CREATE SCHEMA app;\n"
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s');\n"
    "CREATE DOMAIN year AS integer CONSTRAINT year_check "
    "CHECK (VALUE >= 1901 AND VALUE <= 2155);\n"
    "CREATE SEQUENCE ticket START 100;\n"
    "CREATE TABLE people (id SERIAL PRIMARY KEY, m mood DEFAULT 'ok', "
    "born year, n integer NOT NULL DEFAULT nextval('ticket'));\n"
    "CREATE SEQUENCE owned_seq OWNED BY people.n;\n"
    "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN NEW.born = 2000; RETURN NEW; END $$;\n"
    "CREATE FUNCTION add(a integer, b integer) RETURNS integer "
    "LANGUAGE sql IMMUTABLE AS 'SELECT a + b';\n"
    "CREATE FUNCTION add(a text, b text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS 'SELECT a || b';\n"
    "CREATE PROCEDURE tidy() LANGUAGE sql AS $$ DELETE FROM people $$;\n"
    "CREATE VIEW sad_people AS SELECT id, born FROM people "
    "WHERE m = 'sad';\n"
    "CREATE MATERIALIZED VIEW n_people AS SELECT count(*) AS n "
    "FROM sad_people;\n"
    "CREATE UNIQUE INDEX n_people_n ON n_people (n);\n"
    "CREATE TRIGGER stamp BEFORE INSERT ON people "
    "FOR EACH ROW EXECUTE FUNCTION stamp();\n"
    "CREATE VIEW app.v AS SELECT 1 AS one;\n"
    "CREATE FUNCTION app.one() RETURNS integer LANGUAGE sql "
    "AS 'SELECT 1';\n"
    "COMMENT ON TABLE people IS 'who';\n"
    "COMMENT ON COLUMN people.m IS 'how they feel';\n"
    "COMMENT ON TYPE mood IS 'feelings';\n"
    "COMMENT ON FUNCTION add(integer, integer) IS 'sum';\n"
    "CREATE AGGREGATE total(integer) (SFUNC = add, STYPE = integer);\n";

static mg_metadata *
reflect(mg_engine *e)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_inspect(&md, e, NULL, &err), &err);
    return md;
}

/* Every object of md, one line each: kind|schema|name|table|signature|
 * definition, and its key on the next line when it is not the
 * definition's normalised form. */
static char *
objects_text(const mg_metadata *md, int with_keys)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;

    for (i = 0; i < mg_metadata_object_count(md); i++) {
        const mg_object *o = mg_metadata_object_at(md, i);

        mg_buf_addf(&b, "%s|%s|%s|%s|%s|%s\n", mg_object_kind_name(o->kind),
                    o->schema ? o->schema : "", o->name,
                    o->table ? o->table : "",
                    o->signature ? o->signature : "", o->definition);
        if (with_keys)
            mg_buf_addf(&b, "  key: %s\n", o->key ? o->key : "(none)");
    }
    return mg_buf_detach(&b);
}

START_TEST(test_pg_reflect_objects)
{
    static const char want[] =
        "schema||app|||CREATE SCHEMA app\n"
        "type||mood|||CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s')\n"
        "domain||year|||CREATE DOMAIN year AS integer CONSTRAINT year_check "
        "CHECK (VALUE >= 1901 AND VALUE <= 2155)\n"
        "sequence||owned_seq|||CREATE SEQUENCE owned_seq AS bigint "
        "INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 "
        "START WITH 1 CACHE 1 OWNED BY people.n\n"
        "sequence||ticket|||CREATE SEQUENCE ticket AS bigint INCREMENT BY 1 "
        "MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100 CACHE 1\n"
        "function||add||integer, integer|CREATE OR REPLACE FUNCTION "
        "add(a integer, b integer)\n RETURNS integer\n LANGUAGE sql\n"
        " IMMUTABLE\nAS $function$SELECT a + b$function$\n"
        "function||add||text, text|CREATE OR REPLACE FUNCTION "
        "add(a text, b text)\n RETURNS text\n LANGUAGE sql\n"
        " IMMUTABLE\nAS $function$SELECT a || b$function$\n"
        "function||stamp|||CREATE OR REPLACE FUNCTION stamp()\n"
        " RETURNS trigger\n LANGUAGE plpgsql\nAS $function$\n"
        "BEGIN NEW.born = 2000; RETURN NEW; END $function$\n"
        "function|app|one|||CREATE OR REPLACE FUNCTION app.one()\n"
        " RETURNS integer\n LANGUAGE sql\nAS $function$SELECT 1$function$\n"
        "procedure||tidy|||CREATE OR REPLACE PROCEDURE tidy()\n"
        " LANGUAGE sql\nAS $procedure$ DELETE FROM people $procedure$\n"
        "view||sad_people|||CREATE VIEW sad_people AS\n SELECT people.id,\n"
        "    people.born\n   FROM people\n"
        "  WHERE people.m = 'sad'::mood\n"
        "view|app|v|||CREATE VIEW app.v AS\n SELECT 1 AS one\n"
        "materialized view||n_people|||CREATE MATERIALIZED VIEW n_people AS\n"
        " SELECT count(*) AS n\n   FROM sad_people\n"
        "trigger||stamp|people||CREATE TRIGGER stamp BEFORE INSERT ON people "
        "FOR EACH ROW EXECUTE FUNCTION stamp()\n"
        "comment||COLUMN people.m|people||COMMENT ON COLUMN people.m IS "
        "'how they feel'\n"
        "comment||FUNCTION add(integer, integer)|||COMMENT ON FUNCTION "
        "add(integer, integer) IS 'sum'\n"
        "comment||TABLE people|||COMMENT ON TABLE people IS 'who'\n"
        "comment||TYPE mood|||COMMENT ON TYPE mood IS 'feelings'\n"
        "index||n_people_n|n_people||CREATE UNIQUE INDEX n_people_n "
        "ON n_people USING btree (n)\n";
    mg_metadata *md;
    char *got;

    exec_ok(db, objects_script);
    md = reflect(db);
    got = objects_text(md, 0);
    ck_assert_msg(strcmp(got, want) == 0, "got:\n%s\nwant:\n%s", got, want);
    ck_assert_str_eq(mg_metadata_object(md, MG_OBJ_VIEW, NULL, "sad_people",
                                        NULL)->depends.v[0], "people");
    ck_assert_str_eq(mg_metadata_object(md, MG_OBJ_ENUM, NULL, "mood",
                                        NULL)->key,
                     "enum 'sad', 'ok', 'it''s'");
    free(got);
    mg_metadata_free(md);
}
END_TEST

/* Hand-written definitions get the key the server gives them, the key of
 * the same object reflected; nothing stays in the database. */
START_TEST(test_pg_server_form)
{
    static const char tables[] =
        "CREATE TABLE people (id INTEGER NOT NULL, m mood, born year, "
        "PRIMARY KEY (id));\n"
        "CREATE TABLE pets (id INTEGER NOT NULL, owner INTEGER "
        "REFERENCES people (id), PRIMARY KEY (id));\n";
    static const struct {
        mg_object_kind kind;
        const char *name, *table, *def;
    } objs[] = {
        /* written after what reads it: the order does not matter */
        { MG_OBJ_VIEW, "sad_people", NULL,
          "CREATE VIEW sad_people AS SELECT id, born FROM people "
          "WHERE m = 'sad'" },
        { MG_OBJ_TRIGGER, "stamp", "people",
          "CREATE TRIGGER stamp BEFORE INSERT ON people "
          "FOR EACH ROW EXECUTE PROCEDURE stamp()" },
        { MG_OBJ_ENUM, "mood", NULL, "CREATE TYPE mood AS ENUM('sad','ok')" },
        { MG_OBJ_DOMAIN, "year", NULL,
          "create domain year as int check (value between 1901 and 2155)" },
        { MG_OBJ_SEQUENCE, "ticket", NULL, "CREATE SEQUENCE ticket" },
        { MG_OBJ_FUNCTION, "stamp", NULL,
          "CREATE FUNCTION stamp() RETURNS trigger AS $$\n"
          "BEGIN NEW.born = 2000; RETURN NEW; END $$ LANGUAGE plpgsql" },
        { MG_OBJ_MATVIEW, "n_people", NULL,
          "CREATE MATERIALIZED VIEW n_people AS SELECT count(*) AS n "
          "FROM sad_people" },
        { MG_OBJ_COMMENT, "TABLE people", NULL,
          "COMMENT ON TABLE people IS 'who'" },
    };
    mg_metadata *model = NULL, *have;
    mg_object *add;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&model, &err), &err);
    ck_mg_ok(mg_model_parse(model, "models.sql", tables, strlen(tables), 0,
                            &err), &err);
    ck_mg_ok(mg_model_finish(model, &err), &err);
    for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
        object(model, objs[i].kind, NULL, objs[i].name, objs[i].table,
               objs[i].def);
    /* another schema, which the database has already, with a view of
     * that name: formed in a schema of that name made anew */
    object(model, MG_OBJ_VIEW, "app", "names", NULL,
           "CREATE VIEW app.names AS SELECT id FROM people");
    object(model, MG_OBJ_SCHEMA, NULL, "app", NULL, "CREATE SCHEMA app");
    /* a routine's signature as a model writes it becomes the catalog's */
    add = object(model, MG_OBJ_FUNCTION, NULL, "add", NULL,
                 "CREATE FUNCTION add(a integer, b integer DEFAULT 1) "
                 "RETURNS integer LANGUAGE sql AS 'SELECT a + b'");
    ck_assert_int_eq(mg_object_set_signature(add, "a integer, "
                                             "b integer DEFAULT 1"), 0);
    exec_ok(db, "CREATE SCHEMA app; CREATE VIEW app.names AS SELECT 1 AS id");
    ck_mg_ok(pg()->catalog.server_form(mg_engine__conn(db), model, &err),
             &err);
    /* the same objects created for real, as pg_dump writes them */
    exec_ok(db, "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
                "CREATE DOMAIN year AS integer CHECK (VALUE >= 1901 AND "
                "VALUE <= 2155);\n"
                "CREATE SEQUENCE ticket;\n"
                "CREATE TABLE people (id integer PRIMARY KEY, m mood, "
                "born year);\n"
                "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql "
                "AS $$\nBEGIN NEW.born = 2000; RETURN NEW; END $$;\n"
                "CREATE VIEW sad_people AS SELECT people.id, people.born "
                "FROM people WHERE people.m = 'sad'::mood;\n"
                "CREATE MATERIALIZED VIEW n_people AS SELECT count(*) AS n "
                "FROM sad_people;\n"
                "CREATE TRIGGER stamp BEFORE INSERT ON people "
                "FOR EACH ROW EXECUTE FUNCTION stamp();\n"
                "COMMENT ON TABLE people IS 'who';\n"
                "CREATE OR REPLACE VIEW app.names AS SELECT people.id "
                "FROM people");
    have = reflect(db);
    ck_assert_str_eq(add->signature, "integer, integer");
    ck_assert_str_eq(add->key, "create function add(a integer, "
                     "b integer default 1) returns integer language sql as "
                     "$ function$select a + b$function$");
    ck_assert_str_eq(mg_metadata_object(model, MG_OBJ_VIEW, "app", "names",
                                        NULL)->key,
                     mg_metadata_object(have, MG_OBJ_VIEW, "app", "names",
                                        NULL)->key);
    for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
        const mg_object *m = mg_metadata_object(model, objs[i].kind, NULL,
                                                objs[i].name, objs[i].table);
        const mg_object *h = mg_metadata_object(have, objs[i].kind, NULL,
                                                objs[i].name, objs[i].table);
        ck_assert_ptr_nonnull(h);
        ck_assert_msg(m->key && strcmp(m->key, h->key) == 0,
                      "%s: model key\n%s\nreflected key\n%s", objs[i].name,
                      m->key ? m->key : "(none)", h->key);
    }
    mg_metadata_free(have);
    mg_metadata_free(model);
}
END_TEST

/* server_form leaves nothing behind, keeps a refused object's text key,
 * and works inside a transaction of the caller's. */
START_TEST(test_pg_server_form_leaves_nothing)
{
    mg_metadata *model = NULL, *have;
    mg_error err;
    mg_object *bad, *v;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&model, &err), &err);
    bad = object(model, MG_OBJ_VIEW, NULL, "bad", NULL,
                 "CREATE VIEW bad AS SELECT * FROM nowhere");
    v = object(model, MG_OBJ_VIEW, NULL, "v", NULL,
               "CREATE VIEW v AS SELECT 1 AS one");
    ck_mg_ok(mg_engine_begin(db, &err), &err);
    ck_mg_ok(pg()->catalog.server_form(mg_engine__conn(db), model, &err),
             &err);
    ck_mg_ok(mg_engine_commit(db, &err), &err);
    ck_assert_ptr_null(bad->key);
    ck_assert_str_eq(v->key, "create view v as select 1 as one");
    have = reflect(db);
    ck_assert_uint_eq(mg_metadata_object_count(have), 0);
    ck_assert_uint_eq(mg_metadata_table_count(have), 0);
    mg_metadata_free(have);
    mg_metadata_free(model);
}
END_TEST

/* Model text of every kind: v1, then v2 with each object changed. */
static const char model_v1[] =
    "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
    "CREATE DOMAIN year AS integer CHECK (VALUE >= 1901);\n"
    "CREATE SEQUENCE ticket_seq START WITH 100;\n"
    "CREATE FUNCTION n_people() RETURNS bigint LANGUAGE sql\n"
    "    AS $$ SELECT count(*) FROM people $$;\n"
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN NEW.updated = now(); RETURN NEW; END $$;\n"
    "CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql "
    "AS 'SELECT a * 2';\n"
    "CREATE FUNCTION twice(a text) RETURNS text LANGUAGE sql "
    "AS 'SELECT a || a';\n"
    "CREATE TABLE people (id INTEGER PRIMARY KEY, m mood NOT NULL "
    "DEFAULT 'ok', born year, ticket BIGINT NOT NULL DEFAULT "
    "nextval('ticket_seq'), updated TIMESTAMP);\n"
    "CREATE VIEW named AS SELECT id, m FROM people;\n"
    "CREATE VIEW sad AS SELECT id FROM named WHERE m = 'sad';\n"
    "CREATE MATERIALIZED VIEW people_count AS SELECT count(*) AS n "
    "FROM people;\n"
    "CREATE INDEX people_count_n ON people_count (n);\n"
    "CREATE TRIGGER people_touch BEFORE UPDATE ON people\n"
    "    FOR EACH ROW EXECUTE FUNCTION touch();\n"
    "COMMENT ON COLUMN people.born IS 'year of birth';\n"
    "CREATE SCHEMA report;\n"
    "CREATE VIEW report.late AS SELECT id FROM people WHERE born > 2000;\n";
static const char model_v2[] =
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
    "CREATE DOMAIN year AS integer CHECK (VALUE >= 1800);\n"
    "CREATE SEQUENCE ticket_seq START WITH 100 INCREMENT BY 2;\n"
    "CREATE FUNCTION n_people() RETURNS bigint LANGUAGE sql\n"
    "    AS $$ SELECT count(*) FROM people WHERE born > 0 $$;\n"
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN NEW.updated = clock_timestamp(); RETURN NEW; END $$;\n"
    "CREATE FUNCTION twice(a text) RETURNS text LANGUAGE sql "
    "AS 'SELECT a || '' '' || a';\n"
    "CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql "
    "AS 'SELECT a * 2';\n"
    "CREATE TABLE people (id INTEGER PRIMARY KEY, m mood NOT NULL "
    "DEFAULT 'ok', born year, ticket BIGINT NOT NULL DEFAULT "
    "nextval('ticket_seq'), updated TIMESTAMP);\n"
    "CREATE VIEW named AS SELECT id, m, born FROM people;\n"
    "CREATE VIEW sad AS SELECT id FROM named WHERE m = 'sad';\n"
    "CREATE MATERIALIZED VIEW people_count AS SELECT count(*) AS n, "
    "max(born) AS latest FROM people;\n"
    "CREATE INDEX people_count_n ON people_count (n);\n"
    "CREATE TRIGGER people_touch BEFORE INSERT OR UPDATE ON people\n"
    "    FOR EACH ROW EXECUTE FUNCTION touch();\n"
    "COMMENT ON COLUMN people.born IS 'the year of birth';\n"
    "CREATE SCHEMA report;\n"
    "CREATE VIEW report.late AS SELECT id FROM people WHERE born > 2010;\n";

/* text parsed as a PostgreSQL model, its keys the server's. */
static mg_metadata *
pg_model(const char *text)
{
    mg_metadata *md = pg_model_text(text);
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(pg()->catalog.server_form(mg_engine__conn(db), md, &err), &err);
    return md;
}

/* The ops from have to want: their SQL into sql, their count returned;
 * with run, the SQL run on db in one transaction. */
static size_t
apply(const mg_metadata *have, const mg_metadata *want, int reverse,
      mg_buf *sql)
{
    mg_oplist *l = NULL, *r = NULL;
    mg_error err;
    size_t n;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, have, want, pg(), NULL, &err), &err);
    if (reverse)
        ck_mg_ok(mg_oplist_reverse(&r, l, &err), &err);
    mg_buf_clear(sql);
    ck_mg_ok(mg_render(sql, reverse ? r : l, pg(), &err), &err);
    n = mg_oplist_count(l);
    mg_oplist_free(l);
    mg_oplist_free(r);
    return n;
}

static void
run_sql(const char *sql)
{
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_begin(db, &err), &err);
    ck_assert_msg(mg_engine_exec(db, sql, &err) >= 0, "%s\n-- %s", sql,
                  err.msg);
    ck_mg_ok(mg_engine_commit(db, &err), &err);
}

/* Every kind from a model to the server and back: created, found equal
 * (through the server's form), changed, found equal, changed back by the
 * exact reverse, found equal to the first state again. */
START_TEST(test_pg_objects_model_round_trip)
{
    mg_metadata *v1 = pg_model(model_v1), *v2, *have, *before;
    mg_buf sql = MG_BUF_INIT;
    char *text_before, *text_after;

    have = reflect(db);
    ck_assert_uint_gt(apply(have, v1, 0, &sql), 0);
    run_sql(mg_buf_cstr(&sql));
    mg_metadata_free(have);
    before = reflect(db);
    ck_assert_msg(apply(before, v1, 0, &sql) == 0, "v1 differs:\n%s",
                  mg_buf_cstr(&sql));
    text_before = objects_text(before, 0);

    v2 = pg_model(model_v2);
    ck_assert_uint_gt(apply(before, v2, 0, &sql), 0);
    /* of the two overloads, the one changed is replaced alone */
    ck_assert_msg(strstr(mg_buf_cstr(&sql), "CREATE OR REPLACE FUNCTION "
                         "twice(a text)") &&
                  !strstr(mg_buf_cstr(&sql), "twice(a integer)"),
                  "%s", mg_buf_cstr(&sql));
    run_sql(mg_buf_cstr(&sql));
    have = reflect(db);
    ck_assert_msg(apply(have, v2, 0, &sql) == 0, "v2 differs:\n%s",
                  mg_buf_cstr(&sql));
    /* the downgrade: v2's ops from before, reversed */
    apply(before, v2, 1, &sql);
    run_sql(mg_buf_cstr(&sql));
    mg_metadata_free(have);
    have = reflect(db);
    text_after = objects_text(have, 0);
    ck_assert_msg(strcmp(text_after, text_before) == 0, "after the "
                  "downgrade:\n%s\nbefore:\n%s", text_after, text_before);
    ck_assert_msg(apply(have, v1, 0, &sql) == 0, "v1 differs again:\n%s",
                  mg_buf_cstr(&sql));
    free(text_before);
    free(text_after);
    mg_buf_release(&sql);
    mg_metadata_free(have);
    mg_metadata_free(before);
    mg_metadata_free(v1);
    mg_metadata_free(v2);
}
END_TEST

/* A LANGUAGE sql routine is created before the tables it reads: every
 * connection has check_function_bodies off, as pg_dump's scripts. */
START_TEST(test_pg_function_before_tables)
{
    mg_rows *r = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_query(&r, db, "SHOW check_function_bodies", &err),
             &err);
    ck_assert_str_eq(mg_rows_value(r, 0, 0), "off");
    mg_rows_free(r);
    exec_ok(db, "CREATE FUNCTION n_items() RETURNS bigint LANGUAGE sql "
                "AS $$ SELECT count(*) FROM items $$");
}
END_TEST

/* Every connection runs without JIT: the catalog reads of a schema of a
 * few dozen tables passed jit_above_cost and were compiled first (0.7 s
 * of a 1 s inspect of Pagila). */
START_TEST(test_pg_catalog_reads_without_jit)
{
    mg_rows *r = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_query(&r, db, "SHOW jit", &err), &err);
    ck_assert_str_eq(mg_rows_value(r, 0, 0), "off");
    mg_rows_free(r);
}
END_TEST

/* A sequence named as SERIAL names it but OWNED BY no column (pg_dump's
 * without OWNED BY, Pagila's) is an object of its own and the column
 * keeps its nextval default; one a column owns (SERIAL's) is the
 * column's; and one only a table not managed uses is kept too. */
START_TEST(test_pg_reflect_unowned_serial_sequence)
{
    mg_metadata *md;
    const mg_column *c;

    exec_ok(db, "CREATE SEQUENCE u_id_seq");
    exec_ok(db, "CREATE TABLE u (id integer NOT NULL DEFAULT "
                "nextval('u_id_seq'::regclass) PRIMARY KEY)");
    exec_ok(db, "CREATE TABLE o (id SERIAL PRIMARY KEY)");
    exec_ok(db, "CREATE SEQUENCE p_id_seq");
    exec_ok(db, "CREATE TABLE p (id integer NOT NULL DEFAULT "
                "nextval('p_id_seq'::regclass), d date) "
                "PARTITION BY RANGE (d)");
    md = reflect(db);
    c = mg_table_column(mg_metadata_table(md, "u"), "id");
    ck_assert_int_eq(c->autoincrement, 1);
    ck_assert_int_eq(c->serial, 0);
    ck_assert_str_eq(c->server_default, "nextval('u_id_seq'::regclass)");
    ck_assert_ptr_nonnull(mg_metadata_object(md, MG_OBJ_SEQUENCE, NULL,
                                             "u_id_seq", NULL));
    c = mg_table_column(mg_metadata_table(md, "o"), "id");
    ck_assert_int_eq(c->serial, 1);
    ck_assert_ptr_null(c->server_default);
    ck_assert_ptr_null(mg_metadata_object(md, MG_OBJ_SEQUENCE, NULL,
                                          "o_id_seq", NULL));
    ck_assert_ptr_null(mg_metadata_table(md, "p"));
    ck_assert_ptr_nonnull(mg_metadata_object(md, MG_OBJ_SEQUENCE, NULL,
                                             "p_id_seq", NULL));
    mg_metadata_free(md);
}
END_TEST

#endif /* MG_WITH_POSTGRESQL */

Suite *
pg_objects_suite(void)
{
    Suite *s = suite_create("pg_objects");
#ifdef MG_WITH_POSTGRESQL
    TCase *tc = tcase_create("render");

    tcase_add_loop_test(tc, test_pg_object_create_drop, 0, 11);
    tcase_add_loop_test(tc, test_pg_object_replace, 0, 11);
    tcase_add_test(tc, test_pg_enum_key);
    tcase_add_test(tc, test_pg_matview_index);
    tcase_add_test(tc, test_pg_sequence_owned_by_new_table);
    tcase_add_test(tc, test_pg_declared_serial_sequence);
    tcase_add_test(tc, test_pg_routine_overloads);
    tcase_add_test(tc, test_pg_routine_overloads_model);
    tcase_add_test(tc, test_pg_enum_change_with_column);
    tcase_add_loop_test(tc, test_pg_matview_index_errors, 0, 3);
    suite_add_tcase(s, tc);
    if (server_url()) {
        tc = tcase_create("server");
        tcase_set_timeout(tc, 120);
        tcase_add_checked_fixture(tc, server_setup, server_teardown);
        tcase_add_test(tc, test_pg_reflect_objects);
        tcase_add_test(tc, test_pg_server_form);
        tcase_add_test(tc, test_pg_server_form_leaves_nothing);
        tcase_add_test(tc, test_pg_function_before_tables);
        tcase_add_test(tc, test_pg_catalog_reads_without_jit);
        tcase_add_test(tc, test_pg_reflect_unowned_serial_sequence);
        tcase_add_test(tc, test_pg_objects_model_round_trip);
        suite_add_tcase(s, tc);
    }
#endif
    return s;
}
