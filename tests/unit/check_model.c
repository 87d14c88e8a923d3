/* check_model.c - tests of the model parser (mg_model_parse, mg_model_finish,
 * mg_model_load) and the naming convention (mg_metadata_apply_conventions).
 * Each accepted input is compared with a text rendering of every field of
 * the metadata it gives (dump() below), each rejected one with its exact
 * "path:line:col: message"; large inputs check that the parser is linear
 * (a quadratic one would not finish within the test timeout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"
#include "mg_model.h"

#define LENIENT MG_MODEL_LENIENT

static const char *const kind_names[] = {
    "INTEGER", "BIGINT", "SMALLINT", "VARCHAR", "CHAR", "TEXT", "BOOLEAN",
    "DATE", "TIME", "TIMESTAMP", "NUMERIC", "REAL", "DOUBLE", "JSON", "BLOB",
    "UUID", "OTHER"
};

static const char *const action_names[] = {
    "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"
};

static void
dump_list(mg_buf *b, const mg_strlist *l)
{
    size_t i;

    mg_buf_puts(b, "(");
    for (i = 0; i < l->n; i++)
        mg_buf_addf(b, "%s%s", i ? ", " : "", l->v[i]);
    mg_buf_puts(b, ")");
}

/* Every field of md as text, one item a line:
 *   table NAME [ifnotexists] [options={...}]
 *   col NAME KIND [length=n] [precision=n] [scale=n] [name='x'] [notnull]
 *       [default={...}] [autoinc]
 *   pk|uq|fk|ck NAME [named] [column] (cols) [-> TABLE (cols)] [delete=A]
 *       [update=A] [deferrable=n] [{expression}]
 *   ix NAME [unique] [using=m] (expressions) [where={...}]
 * Anything out of the ordinary (a position out of order, a trigger, a
 * field set where its kind has none) is printed too, so it shows up. */
static void
dump(mg_buf *b, const mg_metadata *md)
{
    static const char *const ck[] = { "pk", "uq", "fk", "ck" };
    size_t i, j;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        mg_buf_addf(b, "table %s", t->name);
        if (t->if_not_exists)
            mg_buf_puts(b, " ifnotexists");
        if (t->options)
            mg_buf_addf(b, " options={%s}", t->options);
        if (t->triggers.n)
            mg_buf_addf(b, " triggers=%zu", t->triggers.n);
        mg_buf_puts(b, "\n");
        for (j = 0; j < t->ncolumns; j++) {
            const mg_column *c = t->columns[j];
            mg_buf_addf(b, "  col %s %s", c->name, kind_names[c->type.kind]);
            if (c->position != (int)j)
                mg_buf_addf(b, " position=%d", c->position);
            if (c->type.length)
                mg_buf_addf(b, " length=%d", c->type.length);
            if (c->type.precision)
                mg_buf_addf(b, " precision=%d", c->type.precision);
            if (c->type.scale != -1)
                mg_buf_addf(b, " scale=%d", c->type.scale);
            if (c->type.name)
                mg_buf_addf(b, " name='%s'", c->type.name);
            if (!c->nullable)
                mg_buf_puts(b, " notnull");
            if (c->nullable != 0 && c->nullable != 1)
                mg_buf_addf(b, " nullable=%d", c->nullable);
            if (c->server_default)
                mg_buf_addf(b, " default={%s}", c->server_default);
            if (c->autoincrement)
                mg_buf_puts(b, c->autoincrement == 1 ? " autoinc"
                                                     : " autoinc=?");
            mg_buf_puts(b, "\n");
        }
        for (j = 0; j < t->nconstraints; j++) {
            const mg_constraint *k = t->constraints[j];
            mg_buf_addf(b, "  %s %s", ck[k->kind], k->name ? k->name : "-");
            if (k->named)
                mg_buf_puts(b, " named");
            if (k->column_level)
                mg_buf_puts(b, " column");
            mg_buf_puts(b, " ");
            dump_list(b, &k->columns);
            if (k->ref_table || k->ref_columns.n) {
                mg_buf_addf(b, " -> %s ", k->ref_table ? k->ref_table : "-");
                dump_list(b, &k->ref_columns);
            }
            if (k->on_delete)
                mg_buf_addf(b, " delete=%s", action_names[k->on_delete]);
            if (k->on_update)
                mg_buf_addf(b, " update=%s", action_names[k->on_update]);
            if (k->deferrable)
                mg_buf_addf(b, " deferrable=%d", k->deferrable);
            if (k->expression)
                mg_buf_addf(b, " {%s}", k->expression);
            mg_buf_puts(b, "\n");
        }
        for (j = 0; j < t->nindexes; j++) {
            const mg_index *ix = t->indexes[j];
            mg_buf_addf(b, "  ix %s", ix->name ? ix->name : "-");
            if (ix->unique)
                mg_buf_puts(b, " unique");
            if (ix->method)
                mg_buf_addf(b, " using=%s", ix->method);
            mg_buf_puts(b, " ");
            dump_list(b, &ix->expressions);
            if (ix->where)
                mg_buf_addf(b, " where={%s}", ix->where);
            mg_buf_puts(b, "\n");
        }
    }
}

/* ---- accepted inputs ---- */

typedef struct ok_case {
    unsigned int flags;     /* MG_MODEL_* */
    const char  *text;      /* the model */
    const char  *want;      /* dump() after parse and finish */
} ok_case;

static const ok_case ok_cases[] = {
    /* 0: DESIGN.md section 2, verbatim */
    { 0,
      "CREATE TABLE users (\n"
      "    id         INTEGER PRIMARY KEY,\n"
      "    name       VARCHAR(50) NOT NULL,\n"
      "    email      VARCHAR(100) NOT NULL UNIQUE,\n"
      "    active     BOOLEAN NOT NULL DEFAULT TRUE,\n"
      "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
      ");\n"
      "CREATE TABLE posts (\n"
      "    id      INTEGER PRIMARY KEY,\n"
      "    title   VARCHAR(200) NOT NULL,\n"
      "    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n"
      "    CONSTRAINT ck_posts_title CHECK (length(title) > 0)\n"
      ");\n"
      "CREATE INDEX ix_posts_user_id ON posts (user_id);\n",
      "" },
    /* 1: nothing but comments, blanks and empty statements */
    { 0, "-- a model\n/* with ; nothing\n in it */ ;\n ; -- CREATE\n", "" },
    /* 2: identifiers: bare (case kept), "..." and `...` with doubled
     * quotes, [...], keywords quoted */
    { 0,
      "create table \"Odd \"\"T\"\"\" (MixedCase int, `a``b` text,\n"
      "  [c d] date, \"select\" time, _x9$ real, ünï bool)",
      "" },
    /* 3: types: several words, (n), (p, s), array suffixes */
    { 0,
      "CREATE TABLE t (a DOUBLE PRECISION, b CHARACTER VARYING(20),\n"
      "  c UNSIGNED BIG INT, d TIMESTAMP WITH TIME ZONE,\n"
      "  e TIMESTAMP(3) WITH TIME ZONE, f NUMERIC(10, 2), g DECIMAL(8),\n"
      "  h varchar(20)[], i int[3][], j VARCHAR ( 30 ), k int4, l BIGINT,\n"
      "  m CHAR(2), n TEXT, o BLOB, p JSON, q UUID, r SMALLINT, s FLOAT,\n"
      "  t datetime, u INTERVAL DAY TO SECOND, v national character(3))",
      "" },
    /* 4: defaults as written; DEFAULT NULL is no default */
    { 0,
      "CREATE TABLE t (a REAL DEFAULT -1.5, b INT DEFAULT +2,\n"
      "  c TEXT DEFAULT 'it''s (x)', d BLOB DEFAULT X'00ff',\n"
      "  e DATE DEFAULT CURRENT_DATE, f TIMESTAMP DEFAULT now(),\n"
      "  g UUID DEFAULT gen_random_uuid(), h INT DEFAULT (1 + (2)),\n"
      "  i JSON DEFAULT '{}'::jsonb, j TEXT DEFAULT NULL,\n"
      "  k BOOLEAN DEFAULT false, l INT DEFAULT 1e-3, m TIME DEFAULT\n"
      "  CURRENT_TIME NOT NULL, n INT NOT NULL DEFAULT 0)",
      "" },
    /* 5: column constraints in any order, named or not */
    { 0,
      "CREATE TABLE t (\n"
      "  id INTEGER CONSTRAINT t_pk PRIMARY KEY DESC ON CONFLICT ROLLBACK,\n"
      "  a TEXT NOT NULL ON CONFLICT ABORT COLLATE NOCASE UNIQUE,\n"
      "  b INT NULL CONSTRAINT b_pos CHECK (b > 0) CONSTRAINT b_uq UNIQUE,\n"
      "  c INT CHECK (c <> ')') NOT NULL CHECK (c < 10),\n"
      "  d BIGINT AUTO_INCREMENT, e INT CONSTRAINT e_nn NOT NULL)",
      "" },
    /* 6: table constraints; unnamed CHECKs numbered by position among
     * the table CHECKs; a second unnamed UNIQUE on the same first column
     * gets a suffix */
    { 0,
      "CREATE TABLE t (a INT, b INT, c INT,\n"
      "  PRIMARY KEY (a, b),\n"
      "  UNIQUE (b), UNIQUE (b, c), CONSTRAINT uq_named UNIQUE (c),\n"
      "  CHECK (a > 0), CONSTRAINT ck_x CHECK (b > 0),\n"
      "  CHECK ((a + b) > c))",
      "" },
    /* 7: foreign keys: column and table level, composite, to the primary
     * key when no columns are given (even a table defined later), every
     * action, MATCH and deferrability */
    { 0,
      "CREATE TABLE child (\n"
      "  p INT REFERENCES parent,\n"
      "  q INT REFERENCES parent (id) ON DELETE RESTRICT\n"
      "    ON UPDATE NO ACTION NOT DEFERRABLE,\n"
      "  r INT, s INT, u INT, v INT,\n"
      "  CONSTRAINT fk_pair FOREIGN KEY (r, s) REFERENCES pair (x, y)\n"
      "    ON UPDATE SET NULL ON DELETE SET DEFAULT MATCH FULL\n"
      "    DEFERRABLE INITIALLY DEFERRED,\n"
      "  FOREIGN KEY (u, v) REFERENCES pair DEFERRABLE,\n"
      "  FOREIGN KEY (v) REFERENCES child (r) ON DELETE CASCADE\n"
      "    INITIALLY IMMEDIATE);\n"
      "CREATE TABLE parent (id BIGINT PRIMARY KEY);\n"
      "CREATE TABLE pair (x INT, y INT, PRIMARY KEY (x, y));",
      "" },
    /* 8: text after the closing parenthesis is the table's options */
    { 0,
      "CREATE TABLE a (x INT) WITHOUT ROWID, STRICT;\n"
      "CREATE TABLE b (x INT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
      "CREATE TABLE c (x INT) /* c */ WITH (fillfactor = 70) -- d\n;\n"
      "CREATE TABLE d (x INT) -- none\n",
      "" },
    /* 9: IF NOT EXISTS: a second definition is read and dropped */
    { 0,
      "CREATE TABLE IF NOT EXISTS t (a INT);\n"
      "CREATE TABLE IF NOT EXISTS T (b TEXT, c INT);\n"
      "CREATE INDEX IF NOT EXISTS ix ON t (a);\n"
      "CREATE INDEX IF NOT EXISTS ix ON t (a DESC);",
      "" },
    /* 10: indexes: unique, USING, expressions, order, collation, NULLS,
     * partial; unnamed ones (PostgreSQL) get the conventional name */
    { 0,
      "CREATE TABLE t (a INT, \"B\" TEXT, c TEXT);\n"
      "CREATE UNIQUE INDEX ux ON t USING btree (a DESC, \"B\" COLLATE \"C\"\n"
      "  ASC NULLS LAST, lower(c), (a + 1) DESC)\n"
      "  WHERE a > 0 AND (c IS NOT NULL) /* x */;\n"
      "CREATE INDEX ON t (c);\n"
      "CREATE INDEX ON t (lower(c), a);\n"
      "CREATE INDEX ix_t_c_2x ON t (c, a)",
      "" },
    /* 11: constraints may come before the columns they name */
    { 0,
      "CREATE TABLE t (PRIMARY KEY (k), UNIQUE (v), k TEXT, v INT NULL)",
      "" },
    /* 12: autoincrement: a single INTEGER or BIGINT key only, or as
     * written */
    { 0,
      "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE b (id BIGINT, PRIMARY KEY (id));\n"
      "CREATE TABLE c (id SMALLINT PRIMARY KEY);\n"
      "CREATE TABLE d (id TEXT PRIMARY KEY);\n"
      "CREATE TABLE e (x INT, y INT, PRIMARY KEY (x, y));\n"
      "CREATE TABLE f (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"
      "CREATE TABLE g (id INT8, PRIMARY KEY (id AUTOINCREMENT));\n"
      "CREATE TABLE h (id NUMERIC(10) PRIMARY KEY, n INT);",
      "" },
    /* 13: CRLF line ends, a byte order mark, no final ';' */
    { 0,
      "\xef\xbb\xbf-- bom\r\nCREATE TABLE t (\r\n  a INT -- x\r\n)\r\n",
      "" },
    /* 14: SQLite DDL: columns without a type, generated columns, schema
     * names, views, triggers and other statements skipped */
    { LENIENT,
      "CREATE TABLE main.t (a, b PRIMARY KEY, c GENERATED ALWAYS AS (a + 1)"
      " STORED,\n  d AS (a * 2) VIRTUAL, e INT GENERATED BY DEFAULT AS"
      " IDENTITY (START 1),\n  f whatever words here, g);\n"
      "CREATE VIEW v AS SELECT a FROM t;\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
      "  UPDATE t SET a = CASE WHEN new.a THEN 2 END; SELECT 1;\n"
      "END;\n"
      "CREATE VIRTUAL TABLE ft USING fts5(x);\n"
      "INSERT INTO t VALUES (1); CREATE TEMP TABLE x (y);\n"
      "CREATE INDEX main.ix ON t (f)",
      "" },
    /* 15: SQLite DDL as stored: one statement, no ';' */
    { LENIENT,
      "CREATE TABLE \"users\" (\"id\" INTEGER NOT NULL, \"email\""
      " VARCHAR(100), PRIMARY KEY (\"id\"), UNIQUE (\"email\"))",
      "" },
};

START_TEST(test_model_ok)
{
    const ok_case *c = &ok_cases[_i];
    mg_metadata *md = NULL;
    mg_buf got = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", c->text, strlen(c->text), c->flags,
                            &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    dump(&got, md);
    ck_assert_msg(strcmp(mg_buf_cstr(&got), c->want) == 0,
                  "case %d: got\n%s\nwant\n%s", _i, mg_buf_cstr(&got),
                  c->want);
    mg_buf_release(&got);
    mg_metadata_free(md);
}
END_TEST

Suite *
model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc;

    tc = tcase_create("ok");
    tcase_add_loop_test(tc, test_model_ok, 0,
                        (int)(sizeof(ok_cases) / sizeof(ok_cases[0])));
    suite_add_tcase(s, tc);
    return s;
}
