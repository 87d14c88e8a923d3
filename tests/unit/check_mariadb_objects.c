/* check_mariadb_objects.c - the MariaDB dialect's schema objects: views,
 * triggers, functions, procedures and sequences. Without a server: the
 * exact statement of each *_OBJECT op, and the keys definitions are
 * compared by (DEFINER and the default clauses left out). With
 * MIGRATE_TEST_MARIADB_URL set, on a fresh database: objects made with
 * native DDL are reflected into exact definitions in a fixed number of
 * catalog queries, those definitions make the same objects again, and the
 * server's form of hand-written objects gives the keys of what the server
 * keeps, leaving nothing behind. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_metadata.h"
#include "mg_object.h"
#include "mg_op.h"
#include "mg_inspect.h"
#include "mg_compare.h"
#include "mg_model.h"
#include "mg_render.h"
#include "mg_sort.h"
#include "mg_db.h"
#include "testdb.h"

#ifdef MG_WITH_MARIADB

#include "engine_int.h"

static const mg_dialect *
maria(void)
{
    const mg_dialect *d = mg_dialect_find("mariadb");

    ck_assert_ptr_nonnull(d);
    return d;
}

/* ---- rendering ---------------------------------------------------------- */

static const struct {
    mg_op_kind     op;
    mg_object_kind kind;
    const char    *name;
    const char    *definition;
    const char    *want;      /* the statement, or the error */
} render_cases[] = {
    { MG_OP_CREATE_OBJECT, MG_OBJ_VIEW, "v",
      "CREATE VIEW v AS SELECT a FROM t", "CREATE VIEW v AS SELECT a FROM t" },
    { MG_OP_DROP_OBJECT, MG_OBJ_VIEW, "v", "CREATE VIEW v AS SELECT 1",
      "DROP VIEW `v`" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_VIEW, "v",
      "CREATE VIEW v AS SELECT 2", "CREATE OR REPLACE VIEW v AS SELECT 2" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_VIEW, "v",
      "CREATE OR REPLACE ALGORITHM=MERGE VIEW IF NOT EXISTS v AS SELECT 2",
      "CREATE OR REPLACE ALGORITHM=MERGE VIEW v AS SELECT 2" },
    { MG_OP_CREATE_OBJECT, MG_OBJ_TRIGGER, "tr",
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
      "  SET NEW.a = 1;\n  SET NEW.b = 2;\nEND",
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
      "  SET NEW.a = 1;\n  SET NEW.b = 2;\nEND" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_TRIGGER, "tr",
      "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t "
      "FOR EACH ROW SET NEW.a = 3",
      "CREATE OR REPLACE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT "
      "ON t FOR EACH ROW SET NEW.a = 3" },
    { MG_OP_DROP_OBJECT, MG_OBJ_TRIGGER, "tr", "CREATE TRIGGER tr ...",
      "DROP TRIGGER `tr`" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_FUNCTION, "f",
      "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC RETURN x + 1",
      "CREATE OR REPLACE FUNCTION f(x INT) RETURNS INT DETERMINISTIC "
      "RETURN x + 1" },
    { MG_OP_DROP_OBJECT, MG_OBJ_FUNCTION, "f", "CREATE FUNCTION f() ...",
      "DROP FUNCTION `f`" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_PROCEDURE, "p",
      "create procedure p(out n int) begin select 1 into n; end",
      "CREATE OR REPLACE procedure p(out n int) begin select 1 into n; end" },
    { MG_OP_DROP_OBJECT, MG_OBJ_PROCEDURE, "p w", "CREATE PROCEDURE ...",
      "DROP PROCEDURE `p w`" },
    { MG_OP_CREATE_OBJECT, MG_OBJ_SEQUENCE, "s",
      "CREATE SEQUENCE s START WITH 10 INCREMENT BY 5",
      "CREATE SEQUENCE s START WITH 10 INCREMENT BY 5" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_SEQUENCE, "s",
      "CREATE SEQUENCE IF NOT EXISTS s START WITH 20",
      "ALTER SEQUENCE `s` START WITH 20 INCREMENT BY 1 NO MINVALUE "
      "NO MAXVALUE CACHE 1000 NOCYCLE" },
    { MG_OP_REPLACE_OBJECT, MG_OBJ_SEQUENCE, "s",
      "CREATE SEQUENCE s MINVALUE = -100 INCREMENT BY 3 NOCACHE",
      "ALTER SEQUENCE `s` MINVALUE = -100 INCREMENT BY 3 NOCACHE "
      "NO MAXVALUE START WITH -100 NOCYCLE" },
    { MG_OP_DROP_OBJECT, MG_OBJ_SEQUENCE, "s", "CREATE SEQUENCE s",
      "DROP SEQUENCE `s`" },
    { MG_OP_CREATE_OBJECT, MG_OBJ_ENUM, "mood",
      "CREATE TYPE mood AS ENUM ('a')", "mariadb has no type" },
    { MG_OP_DROP_OBJECT, MG_OBJ_MATVIEW, "mv",
      "CREATE MATERIALIZED VIEW mv AS SELECT 1",
      "mariadb has no materialized view" },
};

START_TEST(test_mariadb_object_render)
{
    mg_metadata *md = NULL;
    mg_object *o = NULL, *old = NULL;
    mg_strlist out = MG_STRLIST_INIT;
    mg_op op;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_metadata_add_object(md, render_cases[_i].kind, NULL,
                                    render_cases[_i].name, NULL,
                                    render_cases[_i].definition, &o, &err),
             &err);
    ck_mg_ok(mg_metadata_add_object(md, render_cases[_i].kind, NULL,
                                    "old_one", NULL, "CREATE VIEW old_one AS "
                                    "SELECT 0", &old, &err), &err);
    memset(&op, 0, sizeof(op));
    op.kind = render_cases[_i].op;
    op.new_object = op.kind == MG_OP_DROP_OBJECT ? NULL : o;
    op.old_object = op.kind == MG_OP_CREATE_OBJECT ? NULL :
                    op.kind == MG_OP_DROP_OBJECT ? o : old;
    rc = maria()->ddl.render_op(&out, &op, &err);
    if (strncmp(render_cases[_i].want, "mariadb has no", 14) == 0) {
        ck_assert_int_eq(rc, MG_EUSAGE);
        ck_assert_str_eq(err.msg, render_cases[_i].want);
    } else {
        ck_mg_ok(rc, &err);
        ck_assert_uint_eq(out.n, 1);
        ck_assert_str_eq(out.v[0], render_cases[_i].want);
    }
    mg_strlist_release(&out);
    mg_metadata_free(md);
}
END_TEST

/* ---- keys --------------------------------------------------------------- */

static char *
key_of(mg_object_kind kind, const char *def)
{
    mg_metadata *md = NULL;
    mg_object *o = NULL;
    mg_buf b = MG_BUF_INIT;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_assert_int_eq(mg_metadata_add_object(md, kind, NULL, "x", NULL, def,
                                            &o, NULL), 0);
    maria()->catalog.object_key(&b, o);
    mg_metadata_free(md);
    return mg_buf_detach(&b);
}

static const struct {
    mg_object_kind kind;
    const char *a, *b;
    int equal;
} key_cases[] = {
    { MG_OBJ_VIEW, "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL "
      "SECURITY DEFINER VIEW `db`.`x` AS select 1", "create view x as "
      "SELECT 1", 1 },
    { MG_OBJ_VIEW, "CREATE OR REPLACE VIEW x AS SELECT 1",
      "CREATE VIEW IF NOT EXISTS x AS SELECT 1", 1 },
    { MG_OBJ_VIEW, "CREATE DEFINER = CURRENT_USER() VIEW x AS SELECT 1",
      "CREATE DEFINER='a'@'b' VIEW x AS SELECT 1", 1 },
    { MG_OBJ_VIEW, "CREATE DEFINER=CURRENT_USER VIEW x AS SELECT 1",
      "CREATE VIEW x AS SELECT 1", 1 },
    { MG_OBJ_VIEW, "CREATE SQL SECURITY INVOKER VIEW x AS SELECT 1",
      "CREATE VIEW x AS SELECT 1", 0 },
    { MG_OBJ_VIEW, "CREATE ALGORITHM=MERGE VIEW x AS SELECT 1",
      "CREATE VIEW x AS SELECT 1", 0 },
    { MG_OBJ_VIEW, "CREATE VIEW x AS SELECT 1",
      "CREATE VIEW x AS SELECT 2", 0 },
    { MG_OBJ_TRIGGER, "CREATE DEFINER=`u`@`h` TRIGGER `x` AFTER INSERT ON "
      "`t` FOR EACH ROW BEGIN\n  SET @a = 1; -- one\nEND",
      "create trigger x after insert on t for each row begin set @a = 1; "
      "end", 1 },
    { MG_OBJ_FUNCTION, "CREATE DEFINER=`u`@`h` FUNCTION `x`(`a` int(11)) "
      "RETURNS int(11)\n    DETERMINISTIC\nRETURN a",
      "CREATE FUNCTION x(a int(11)) RETURNS int(11) DETERMINISTIC RETURN a",
      1 },
    { MG_OBJ_PROCEDURE, "CREATE AGGREGATE FUNCTION x() RETURNS INT "
      "BEGIN RETURN 1; END", "CREATE FUNCTION x() RETURNS INT BEGIN "
      "RETURN 1; END", 0 },
};

START_TEST(test_mariadb_object_key)
{
    char *a = key_of(key_cases[_i].kind, key_cases[_i].a);
    char *b = key_of(key_cases[_i].kind, key_cases[_i].b);

    if (key_cases[_i].equal)
        ck_assert_str_eq(a, b);
    else
        ck_assert_str_ne(a, b);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_mariadb_object_key_text)
{
    char *k = key_of(MG_OBJ_VIEW, "CREATE OR REPLACE ALGORITHM = MERGE "
                     "DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW "
                     "`db`.`x` AS SELECT  `a`  FROM t");

    ck_assert_str_eq(k, "create algorithm = merge sql security invoker view "
                     "x as select a from t");
    free(k);
}
END_TEST

/* ---- the model text of reflected definitions --------------------------- */

/* What inspect prints for MariaDB objects parses back into the same
 * objects, with their definitions as they are. */
START_TEST(test_mariadb_object_model_parse)
{
    static const char *const defs[] = {
        "CREATE SQL SECURITY INVOKER VIEW `v` AS select 1 AS `a`",
        "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `w` AS select 2 "
        "AS `b` WITH CASCADED CHECK OPTION",
        "CREATE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `x` AS "
        "select 3 AS `c`",
        "CREATE FUNCTION `f`(`p` int(11)) RETURNS int(11)\n    NO SQL\n"
        "    DETERMINISTIC\n    SQL SECURITY INVOKER\nRETURN p + 1",
        "CREATE PROCEDURE `p`(IN `a` int(11), OUT `n` int(11))\nBEGIN\n"
        "  SELECT a INTO n;\nEND",
        "CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n"
        "  IF NEW.b IS NULL THEN\n    SET NEW.b = 'x;y';\n  END IF;\nEND",
        "CREATE TRIGGER `t_bi2` BEFORE INSERT ON `t` FOR EACH ROW FOLLOWS "
        "`t_bi` SET NEW.a = 2",
        "CREATE TRIGGER t_bi0 BEFORE INSERT ON t FOR EACH ROW PRECEDES t_bi "
        "BEGIN\n  SET NEW.a = 0;\nEND",
        "CREATE SEQUENCE `s` start with 100 minvalue 1 maxvalue "
        "9223372036854775806 increment by 10 cache 5 nocycle",
    };
    const size_t n = sizeof(defs) / sizeof(defs[0]);
    mg_buf text = MG_BUF_INIT;
    mg_metadata *md = NULL;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    for (i = 0; i < n; i++)
        mg_buf_addf(&text, "%s;\n", defs[i]);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse_for(md, "models.sql", mg_buf_cstr(&text),
                                text.len, 0, maria(), &err), &err);
    ck_assert_uint_eq(mg_metadata_object_count(md), n);
    for (i = 0; i < n; i++)
        ck_assert_str_eq(mg_metadata_object_at(md, i)->definition, defs[i]);
    ck_assert_str_eq(mg_metadata_object_at(md, 6)->table, "t");
    mg_metadata_free(md);
    mg_buf_release(&text);
}
END_TEST

/* ---- the order of triggers ---------------------------------------------- */

/* text parsed as a MariaDB model (text keys, no server). */
static mg_metadata *
maria_model(const char *text)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse_for(md, "models.sql", text, strlen(text), 0,
                                maria(), &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* The SQL from have to want (reverse: the downgrade's) is expect. */
static void
ck_maria_upgrade(const char *have_text, const char *want_text, int reverse,
                 const char *expect)
{
    mg_metadata *have = maria_model(have_text), *want = maria_model(want_text);
    mg_oplist *l = NULL, *r = NULL;
    mg_buf sql = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_compare(&l, have, want, maria(), NULL, &err), &err);
    if (reverse)
        ck_mg_ok(mg_oplist_reverse(&r, l, &err), &err);
    ck_mg_ok(mg_render(&sql, reverse ? r : l, maria(), &err), &err);
    ck_assert_msg(strcmp(mg_buf_cstr(&sql), expect) == 0,
                  "got:\n%s\nwant:\n%s", mg_buf_cstr(&sql), expect);
    mg_buf_release(&sql);
    mg_oplist_free(l);
    mg_oplist_free(r);
    mg_metadata_free(have);
    mg_metadata_free(want);
}

#define ORD_TABLE "CREATE TABLE t (a INT);\n"
#define ORD_ONE "CREATE TRIGGER one BEFORE INSERT ON t FOR EACH ROW SET @a = 1"
#define ORD_TWO "CREATE TRIGGER two BEFORE INSERT ON t FOR EACH ROW "
#define ORD_SET2 "SET @a = 2"
#define ORD_SET3 "SET @a = 3"
#define ORD_THREE "CREATE TRIGGER three BEFORE INSERT ON t FOR EACH ROW "

/* A trigger is made after the trigger its clause names, wherever the
 * model writes it; the downgrade drops them the other way. */
START_TEST(test_mariadb_trigger_order_create)
{
    static const char want[] =
        ORD_TABLE
        ORD_THREE "FOLLOWS one " ORD_SET3 ";\n"
        ORD_ONE ";\n"
        ORD_TWO "PRECEDES three " ORD_SET2 ";\n";

    ck_maria_upgrade(ORD_TABLE, want, 0,
                     ORD_ONE ";\n"
                     ORD_THREE "FOLLOWS one " ORD_SET3 ";\n"
                     ORD_TWO "PRECEDES three " ORD_SET2 ";\n");
    ck_maria_upgrade(ORD_TABLE, want, 1,
                     "DROP TRIGGER `two`;\nDROP TRIGGER `three`;\n"
                     "DROP TRIGGER `one`;\n");
}
END_TEST

/* sorted-tables --all-objects: a trigger after the one it names. */
START_TEST(test_mariadb_trigger_order_sorted)
{
    mg_metadata *md = maria_model(ORD_TABLE
                                  ORD_TWO "FOLLOWS one " ORD_SET2 ";\n"
                                  "CREATE TRIGGER one BEFORE INSERT ON t "
                                  "FOR EACH ROW FOLLOWS three SET @a = 1;\n"
                                  ORD_THREE ORD_SET3 ";\n");
    mg_buf b = MG_BUF_INIT;
    size_t *order = NULL, n = 0, i;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_sort_objects(&order, &n, md, &err), &err);
    for (i = 0; i < n; i++)
        mg_buf_addf(&b, "%s ", mg_metadata_object_at(md, order[i])->name);
    ck_assert_str_eq(mg_buf_cstr(&b), "three one two ");
    free(order);
    mg_buf_release(&b);
    mg_metadata_free(md);
}
END_TEST

/* A new order drops the table's triggers last made first and makes them
 * again in the new order; the downgrade makes the old ones again in
 * theirs. */
START_TEST(test_mariadb_trigger_order_change)
{
    static const char have[] =        /* as inspect writes them */
        ORD_TABLE
        ORD_ONE ";\n"
        ORD_TWO "FOLLOWS one " ORD_SET2 ";\n"
        ORD_THREE "FOLLOWS two " ORD_SET3 ";\n";
    static const char want[] =
        ORD_TABLE
        ORD_TWO ORD_SET2 ";\n"
        ORD_ONE ";\n"
        ORD_THREE "FOLLOWS one " ORD_SET3 ";\n";
#define ORD_DROPS "DROP TRIGGER `three`;\nDROP TRIGGER `two`;\n" \
                  "DROP TRIGGER `one`;\n"

    ck_maria_upgrade(have, want, 0,
                     ORD_DROPS
                     ORD_TWO ORD_SET2 ";\n"
                     ORD_ONE ";\n"
                     ORD_THREE "FOLLOWS one " ORD_SET3 ";\n");
    ck_maria_upgrade(have, want, 1,
                     "DROP TRIGGER `three`;\nDROP TRIGGER `one`;\n"
                     "DROP TRIGGER `two`;\n"
                     ORD_ONE ";\n"
                     ORD_TWO "FOLLOWS one " ORD_SET2 ";\n"
                     ORD_THREE "FOLLOWS two " ORD_SET3 ";\n");
    ck_maria_upgrade(have, have, 0, "");
}
END_TEST

/* ---- ENUM and SET: compared by their values ----------------------------- */

static const struct {
    const char *a, *b;     /* model type, reflected type */
    const char *render_a;  /* how a renders */
    int equal;
} enum_cases[] = {
    { "ENUM('a', 'b')", "enum('a','b')", "ENUM('a','b')", 1 },
    { "enum ( 'it''s' , 'x\\'y' )", "enum('it''s','x''y')",
      "enum('it''s','x''y')", 1 },
    { "SET('a','b c')", "set('a','b c')", "SET('a','b c')", 1 },
    { "SET('a','b c')", "set('a','bc')", "SET('a','b c')", 0 },
    { "ENUM('a','b')", "enum('A','b')", "ENUM('a','b')", 0 },
    { "ENUM('a','b')", "enum('b','a')", "ENUM('a','b')", 0 },
    { "ENUM('a','b')", "enum('a','b','c')", "ENUM('a','b')", 0 },
    { "ENUM('a\\\\b')", "enum('a\\\\b')", "ENUM('a\\\\b')", 1 },
};

static mg_metadata *
one_column(const char *type)
{
    mg_metadata *md = NULL;
    mg_table *t = NULL;
    mg_type ty;

    ck_assert_int_eq(mg_metadata_new(&md, NULL), 0);
    ck_assert_int_eq(mg_metadata_add_table(md, "t", &t, NULL), 0);
    ck_assert_int_eq(mg_type_parse(&ty, type), 0);
    ck_assert_ptr_nonnull(mg_table_add_column(t, "c", &ty));
    mg_type_release(&ty);
    return md;
}

START_TEST(test_mariadb_enum_values)
{
    mg_metadata *want = one_column(enum_cases[_i].a);
    mg_metadata *have = one_column(enum_cases[_i].b);
    mg_oplist *ops = NULL;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    maria()->ddl.render_type(&b, &mg_metadata_table(want, "t")->columns[0]
                             ->type);
    ck_assert_str_eq(mg_buf_cstr(&b), enum_cases[_i].render_a);
    ck_mg_ok(mg_compare(&ops, have, want, maria(), NULL, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(ops), enum_cases[_i].equal ? 0 : 1);
    mg_oplist_free(ops);
    mg_buf_release(&b);
    mg_metadata_free(want);
    mg_metadata_free(have);
}
END_TEST

/* ---- on a server -------------------------------------------------------- */

#define PREFIX "mgt_objmaria"

/* The first value of the first row of sql. */
static char *
scalar(mg_engine *e, const char *sql)
{
    mg_rows *rows = NULL;
    mg_error err;
    char *v;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_query(&rows, e, sql, &err), &err);
    ck_assert_uint_ge(mg_rows_count(rows), 1);
    v = strdup(mg_rows_value(rows, 0, 0) ? mg_rows_value(rows, 0, 0) : "");
    mg_rows_free(rows);
    return v;
}

static long
questions(mg_engine *e)
{
    char *v = scalar(e, "SELECT VARIABLE_VALUE FROM information_schema."
                     "SESSION_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'");
    long n = strtol(v, NULL, 10);

    free(v);
    return n;
}

static void
exec_ok(mg_engine *e, const char *sql)
{
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_exec(e, sql, &err), &err);
}

static const char *const native[] = {
    "CREATE TABLE t (a INT NOT NULL, b VARCHAR(10))",
    "CREATE ALGORITHM=MERGE DEFINER=CURRENT_USER VIEW v AS "
    "SELECT a, b FROM t WHERE a>1 WITH CHECK OPTION",
    "CREATE VIEW w AS SELECT COUNT(*) AS n FROM v",
    "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
    "  IF NEW.b IS NULL THEN\n    SET NEW.b = 'x';\n  END IF;\nEND",
    "CREATE TRIGGER t_ai1 AFTER INSERT ON t FOR EACH ROW SET @n = 1",
    "CREATE TRIGGER t_ai2 AFTER INSERT ON t FOR EACH ROW PRECEDES t_ai1 "
    "SET @n = 2",
    "CREATE FUNCTION f(x INT, y DECIMAL(5,2)) RETURNS INT\n"
    "DETERMINISTIC NO SQL COMMENT 'it''s f' RETURN x + 1",
    "CREATE PROCEDURE p(IN x INT, OUT n INT) SQL SECURITY INVOKER\n"
    "BEGIN\n  SELECT COUNT(*) INTO n FROM t WHERE a = x;\nEND",
    "CREATE SEQUENCE s START WITH 100 INCREMENT BY 10 CACHE 5",
    "CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t",
};

/* kind, name, exact definition, in inspect's order */
static const struct {
    mg_object_kind kind;
    const char *name, *table, *definition;
} reflected[] = {
    { MG_OBJ_VIEW, "v", NULL, "CREATE ALGORITHM=MERGE VIEW `v` AS select "
      "`t`.`a` AS `a`,`t`.`b` AS `b` from `t` where `t`.`a` > 1 WITH "
      "CASCADED CHECK OPTION" },
    { MG_OBJ_VIEW, "w", NULL, "CREATE VIEW `w` AS select count(0) AS `n` "
      "from `v`" },
    { MG_OBJ_TRIGGER, "t_bi", "t", "CREATE TRIGGER `t_bi` BEFORE INSERT ON "
      "`t` FOR EACH ROW BEGIN\n  IF NEW.b IS NULL THEN\n    SET NEW.b = "
      "'x';\n  END IF;\nEND" },
    /* the second of its table, timing and event: FOLLOWS the first */
    { MG_OBJ_TRIGGER, "t_ai2", "t", "CREATE TRIGGER `t_ai2` AFTER INSERT ON "
      "`t` FOR EACH ROW SET @n = 2" },
    { MG_OBJ_TRIGGER, "t_ai1", "t", "CREATE TRIGGER `t_ai1` AFTER INSERT ON "
      "`t` FOR EACH ROW FOLLOWS `t_ai2` SET @n = 1" },
    { MG_OBJ_FUNCTION, "f", NULL, "CREATE FUNCTION `f`(`x` int(11), `y` "
      "decimal(5,2)) RETURNS int(11)\n    NO SQL\n    DETERMINISTIC\n    "
      "COMMENT 'it''s f'\nRETURN x + 1" },
    { MG_OBJ_PROCEDURE, "p", NULL, "CREATE PROCEDURE `p`(IN `x` int(11), "
      "OUT `n` int(11))\n    SQL SECURITY INVOKER\nBEGIN\n  SELECT "
      "COUNT(*) INTO n FROM t WHERE a = x;\nEND" },
    { MG_OBJ_SEQUENCE, "s", NULL, "CREATE SEQUENCE `s` start with 100 "
      "minvalue 1 maxvalue 9223372036854775806 increment by 10 cache 5 "
      "nocycle" },
};
#define N_REFLECTED (sizeof(reflected) / sizeof(reflected[0]))

static mg_metadata *
reflect(mg_engine *e)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_inspect(&md, e, NULL, &err), &err);
    return md;
}

static void
assert_reflected(const mg_metadata *md, const char *when)
{
    size_t i;

    ck_assert_uint_eq(mg_metadata_object_count(md), N_REFLECTED);
    for (i = 0; i < N_REFLECTED; i++) {
        const mg_object *o = mg_metadata_object(md, reflected[i].kind, NULL,
                                                reflected[i].name,
                                                reflected[i].table);
        ck_assert_msg(o != NULL, "%s: no %s", when, reflected[i].name);
        ck_assert_msg(strcmp(o->definition, reflected[i].definition) == 0,
                      "%s: %s is\n%s\nnot\n%s", when, reflected[i].name,
                      o->definition, reflected[i].definition);
    }
    ck_assert_uint_eq(mg_metadata_unmanaged_count(md), 1);
}

/* Native objects reflect into exact definitions, in nine catalog
 * queries, and those definitions make the same objects again. */
START_TEST(test_mariadb_objects_reflect)
{
    mg_engine *admin = NULL, *e = NULL;
    char *url = testdb_fresh("MIGRATE_TEST_MARIADB_URL", PREFIX, &admin);
    mg_metadata *md, *again;
    mg_error err;
    long before, after;
    size_t i;

    if (!url) {
        test_skip("MIGRATE_TEST_MARIADB_URL");
        return;
    }
    mg_error_clear(&err);
    ck_mg_ok(mg_engine_open(&e, url, 0, &err), &err);
    for (i = 0; i < sizeof(native) / sizeof(native[0]); i++)
        exec_ok(e, native[i]);
    before = questions(e);
    md = reflect(e);
    after = questions(e);
    /* five for the tables, four for the objects, one for the sequences'
     * parameters, and the one that read the counter */
    ck_assert_int_eq(after - before, 11);
    assert_reflected(md, "native");

    /* the definitions make the same objects again */
    for (i = N_REFLECTED; i-- > 0;) {
        mg_buf drop = MG_BUF_INIT;
        mg_buf_addf(&drop, "DROP %s `%s`",
                    mg_object_kind_sql(reflected[i].kind), reflected[i].name);
        exec_ok(e, mg_buf_cstr(&drop));
        mg_buf_release(&drop);
    }
    for (i = 0; i < N_REFLECTED; i++)
        exec_ok(e, reflected[i].definition);
    again = reflect(e);
    assert_reflected(again, "made from the definitions");
    mg_metadata_free(again);
    mg_metadata_free(md);
    mg_engine_free(e);
    testdb_drop(admin, PREFIX);
    free(url);
}
END_TEST

/* Hand-written objects get the key of what the server keeps for them,
 * equal to the key of the same objects reflected; a refused one keeps
 * its text key; nothing is left behind. */
START_TEST(test_mariadb_objects_server_form)
{
    static const struct {
        mg_object_kind kind;
        const char *name, *table, *model;
    } models[] = {
        { MG_OBJ_VIEW, "v", NULL, "create or replace view v as select a, b "
          "from t where a > 1 with check option" },
        { MG_OBJ_FUNCTION, "f", NULL, "CREATE FUNCTION f(x INT) RETURNS INT "
          "DETERMINISTIC RETURN x + 1" },
        { MG_OBJ_PROCEDURE, "p", NULL, "CREATE PROCEDURE p(n INT) BEGIN\n"
          "  SELECT n;\nEND" },
        { MG_OBJ_TRIGGER, "t_bi", "t", "CREATE TRIGGER t_bi BEFORE INSERT "
          "ON t FOR EACH ROW SET NEW.b = 'y'" },
        { MG_OBJ_SEQUENCE, "s", NULL, "CREATE SEQUENCE s INCREMENT BY 3" },
        /* made before t_ai1 by its clause: t_ai1 FOLLOWS it */
        { MG_OBJ_TRIGGER, "t_ai1", "t", "CREATE TRIGGER t_ai1 AFTER INSERT "
          "ON t FOR EACH ROW SET @n = 1" },
        { MG_OBJ_TRIGGER, "t_ai2", "t", "CREATE TRIGGER t_ai2 AFTER INSERT "
          "ON t FOR EACH ROW PRECEDES t_ai1 SET @n = 2" },
        { MG_OBJ_VIEW, "bad", NULL, "CREATE VIEW bad AS SELECT * FROM nope" },
    };
    const size_t n = sizeof(models) / sizeof(models[0]);
    mg_engine *admin = NULL, *e = NULL;
    char *url = testdb_fresh("MIGRATE_TEST_MARIADB_URL", PREFIX, &admin);
    mg_metadata *model, *db;
    mg_error err;
    size_t i;
    char *count;

    if (!url) {
        test_skip("MIGRATE_TEST_MARIADB_URL");
        return;
    }
    mg_error_clear(&err);
    ck_mg_ok(mg_engine_open(&e, url, 0, &err), &err);
    exec_ok(e, "CREATE TABLE t (a INT NOT NULL, b VARCHAR(10))");
    ck_mg_ok(mg_metadata_new(&model, &err), &err);
    for (i = 0; i < n; i++)
        ck_mg_ok(mg_metadata_add_object(model, models[i].kind, NULL,
                                        models[i].name, models[i].table,
                                        models[i].model, NULL, &err), &err);
    ck_mg_ok(maria()->catalog.server_form(mg_engine__conn(e), model, &err),
             &err);
    /* the views and routines were made under temporary names, never the
     * trigger, which would fire on the live table for other sessions'
     * writes (the session's own count of each statement kind) */
    count = scalar(e, "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY "
                   "VARIABLE_NAME) FROM information_schema.SESSION_STATUS "
                   "WHERE VARIABLE_NAME IN ('COM_CREATE_TRIGGER', "
                   "'COM_CREATE_VIEW')");
    ck_assert_str_eq(count, "0,2");
    free(count);
    count = scalar(e, "SELECT (SELECT COUNT(*) FROM information_schema."
                   "TABLES WHERE TABLE_SCHEMA = DATABASE()) + (SELECT "
                   "COUNT(*) FROM information_schema.ROUTINES WHERE "
                   "ROUTINE_SCHEMA = DATABASE()) + (SELECT COUNT(*) FROM "
                   "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = "
                   "DATABASE())");
    ck_assert_str_eq(count, "1");   /* only t */
    free(count);
    ck_assert_ptr_null(mg_metadata_object_at(model, n - 1)->key);

    /* the same objects, made from the model text, reflected */
    for (i = 0; i + 1 < n; i++)
        exec_ok(e, models[i].model);
    db = reflect(e);
    ck_assert_uint_eq(mg_metadata_object_count(db), n - 1);
    for (i = 0; i + 1 < n; i++) {
        const mg_object *m = mg_metadata_object_at(model, i);
        const mg_object *r = mg_metadata_object(db, models[i].kind, NULL,
                                                models[i].name,
                                                models[i].table);
        mg_buf k = MG_BUF_INIT;
        ck_assert_ptr_nonnull(r);
        maria()->catalog.object_key(&k, r);
        ck_assert_msg(m->key != NULL, "%s has no server form", m->name);
        ck_assert_str_eq(m->key, mg_buf_cstr(&k));
        mg_buf_release(&k);
    }
    mg_metadata_free(db);
    mg_metadata_free(model);
    mg_engine_free(e);
    testdb_drop(admin, PREFIX);
    free(url);
}
END_TEST

#endif /* MG_WITH_MARIADB */

Suite *
mariadb_objects_suite(void)
{
    Suite *s = suite_create("mariadb_objects");
    TCase *tc = tcase_create("render");

#ifdef MG_WITH_MARIADB
    tcase_add_loop_test(tc, test_mariadb_object_render, 0,
                        (int)(sizeof(render_cases) /
                              sizeof(render_cases[0])));
    tcase_add_loop_test(tc, test_mariadb_object_key, 0,
                        (int)(sizeof(key_cases) / sizeof(key_cases[0])));
    tcase_add_test(tc, test_mariadb_object_key_text);
    tcase_add_test(tc, test_mariadb_object_model_parse);
    tcase_add_test(tc, test_mariadb_trigger_order_create);
    tcase_add_test(tc, test_mariadb_trigger_order_change);
    tcase_add_test(tc, test_mariadb_trigger_order_sorted);
    tcase_add_loop_test(tc, test_mariadb_enum_values, 0,
                        (int)(sizeof(enum_cases) / sizeof(enum_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("server");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_mariadb_objects_reflect);
    tcase_add_test(tc, test_mariadb_objects_server_form);
#endif
    suite_add_tcase(s, tc);
    return s;
}
