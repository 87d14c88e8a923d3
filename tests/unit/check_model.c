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
#include "mg_object.h"
#include "mg_dialect.h"
#include "mg_sort.h"

#define LENIENT MG_MODEL_LENIENT

static const char *const kind_names[] = {
    "INTEGER", "BIGINT", "SMALLINT", "VARCHAR", "CHAR", "TEXT", "BOOLEAN",
    "DATE", "TIME", "TIMESTAMP", "NUMERIC", "REAL", "DOUBLE", "JSON", "BLOB",
    "UUID", "DATETIME", "BYTES", "OTHER"
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
 *   (name: an OTHER type's; a generic one's spelling is tested apart)
 *       [default={...}] [autoinc]
 *   pk|uq|fk|ck NAME [named] [column] (cols) [-> TABLE (cols)] [delete=A]
 *       [update=A] [deferrable=n] [{expression}]
 *   ix NAME [unique] [using=m] (expressions) [where={...}]
 * Anything out of the ordinary (a position out of order, a trigger, a
 * field set where its kind has none) is printed too, so it shows up. */
/* A column's attributes (MariaDB's), when it has any. */
static void
dump_attributes(mg_buf *b, const mg_column *c)
{
    if (c->national)
        mg_buf_puts(b, " national");
    if (c->charset)
        mg_buf_addf(b, " charset=%s", c->charset);
    if (c->collation)
        mg_buf_addf(b, " collate=%s", c->collation);
    if (c->on_update)
        mg_buf_addf(b, " onupdate={%s}", c->on_update);
    if (c->comment)
        mg_buf_addf(b, " comment={%s}", c->comment);
    if (c->generated)
        mg_buf_addf(b, " generated={%s} %s", c->generated,
                    c->generated_stored ? "stored" : "virtual");
}

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
            if (c->type.name && c->type.kind == MG_TYPE_OTHER)
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
            dump_attributes(b, c);
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
      "table users\n"
      "  col id INTEGER notnull autoinc\n"
      "  col name VARCHAR length=50 notnull\n"
      "  col email VARCHAR length=100 notnull\n"
      "  col active BOOLEAN notnull default={TRUE}\n"
      "  col created_at TIMESTAMP notnull default={CURRENT_TIMESTAMP}\n"
      "  pk pk_users (id)\n"
      "  uq uq_users_email (email)\n"
      "table posts\n"
      "  col id INTEGER notnull autoinc\n"
      "  col title VARCHAR length=200 notnull\n"
      "  col user_id INTEGER notnull\n"
      "  pk pk_posts (id)\n"
      "  fk fk_posts_user_id_users (user_id) -> users (id) delete=CASCADE\n"
      "  ck ck_posts_title named () {length(title) > 0}\n"
      "  ix ix_posts_user_id (user_id)\n" },
    /* 1: nothing but comments, blanks and empty statements */
    { 0, "-- a model\n/* with ; nothing\n in it */ ;\n ; -- CREATE\n", "" },
    /* 2: identifiers: bare (case kept), "..." and `...` with doubled
     * quotes, [...], keywords quoted */
    { 0,
      "create table \"Odd \"\"T\"\"\" (MixedCase int, `a``b` text,\n"
      "  [c d] date, \"select\" time, _x9$ real, ünï bool)",
      "table Odd \"T\"\n"
      "  col MixedCase INTEGER\n"
      "  col a`b TEXT\n"
      "  col c d DATE\n"
      "  col select TIME\n"
      "  col _x9$ REAL\n"
      "  col ünï BOOLEAN\n" },
    /* 3: types: several words, (n), (p, s), array suffixes */
    { 0,
      "CREATE TABLE t (a DOUBLE PRECISION, b CHARACTER VARYING(20),\n"
      "  c UNSIGNED BIG INT, d TIMESTAMP WITH TIME ZONE,\n"
      "  e TIMESTAMP(3) WITH TIME ZONE, f NUMERIC(10, 2), g DECIMAL(8),\n"
      "  h varchar(20)[], i int[3][], j VARCHAR ( 30 ), k int4, l BIGINT,\n"
      "  m CHAR(2), n TEXT, o BLOB, p JSON, q UUID, r SMALLINT, s FLOAT,\n"
      "  t datetime, u INTERVAL DAY TO SECOND, v national character(3))",
      "table t\n"
      "  col a DOUBLE\n"
      "  col b VARCHAR length=20\n"
      "  col c OTHER name='UNSIGNED BIG INT'\n"
      "  col d OTHER name='TIMESTAMP WITH TIME ZONE'\n"
      "  col e OTHER name='TIMESTAMP(3) WITH TIME ZONE'\n"
      "  col f NUMERIC precision=10 scale=2\n"
      "  col g NUMERIC precision=8\n"
      "  col h OTHER name='VARCHAR(20)[]'\n"
      "  col i OTHER name='int[3][]'\n"
      "  col j VARCHAR length=30\n"
      "  col k INTEGER\n"
      "  col l BIGINT\n"
      "  col m CHAR length=2\n"
      "  col n TEXT\n"
      "  col o BLOB\n"
      "  col p JSON\n"
      "  col q UUID\n"
      "  col r SMALLINT\n"
      "  col s REAL\n"
      "  col t DATETIME\n"
      "  col u OTHER name='INTERVAL DAY TO SECOND'\n"
      "  col v OTHER name='national character(3)'\n" },
    /* 4: defaults as written; DEFAULT NULL is no default */
    { 0,
      "CREATE TABLE t (a REAL DEFAULT -1.5, b INT DEFAULT +2,\n"
      "  c TEXT DEFAULT 'it''s (x)', d BLOB DEFAULT X'00ff',\n"
      "  e DATE DEFAULT CURRENT_DATE, f TIMESTAMP DEFAULT now(),\n"
      "  g UUID DEFAULT gen_random_uuid(), h INT DEFAULT (1 + (2)),\n"
      "  i JSON DEFAULT '{}'::jsonb, j TEXT DEFAULT NULL,\n"
      "  k BOOLEAN DEFAULT false, l INT DEFAULT 1e-3, m TIME DEFAULT\n"
      "  CURRENT_TIME NOT NULL, n INT NOT NULL DEFAULT 0)",
      "table t\n"
      "  col a REAL default={-1.5}\n"
      "  col b INTEGER default={+2}\n"
      "  col c TEXT default={'it''s (x)'}\n"
      "  col d BLOB default={X'00ff'}\n"
      "  col e DATE default={CURRENT_DATE}\n"
      "  col f TIMESTAMP default={now()}\n"
      "  col g UUID default={gen_random_uuid()}\n"
      "  col h INTEGER default={(1 + (2))}\n"
      "  col i JSON default={'{}'::jsonb}\n"
      "  col j TEXT\n"
      "  col k BOOLEAN default={false}\n"
      "  col l INTEGER default={1e-3}\n"
      "  col m TIME notnull default={CURRENT_TIME}\n"
      "  col n INTEGER notnull default={0}\n" },
    /* 5: column constraints in any order, named or not (a COLLATE is
     * the column's collation) */
    { 0,
      "CREATE TABLE t (\n"
      "  id INTEGER CONSTRAINT t_pk PRIMARY KEY DESC ON CONFLICT ROLLBACK,\n"
      "  a TEXT NOT NULL ON CONFLICT ABORT COLLATE NOCASE UNIQUE,\n"
      "  b INT NULL CONSTRAINT b_pos CHECK (b > 0) CONSTRAINT b_uq UNIQUE,\n"
      "  c INT CHECK (c <> ')') NOT NULL CHECK (c < 10),\n"
      "  d BIGINT AUTO_INCREMENT, e INT CONSTRAINT e_nn NOT NULL)",
      "table t\n"
      "  col id INTEGER notnull autoinc\n"
      "  col a TEXT notnull collate=NOCASE\n"
      "  col b INTEGER\n"
      "  col c INTEGER notnull\n"
      "  col d BIGINT autoinc\n"
      "  col e INTEGER notnull\n"
      "  pk t_pk named (id)\n"
      "  uq uq_t_a (a)\n"
      "  ck b_pos named column (b) {b > 0}\n"
      "  uq b_uq named (b)\n"
      "  ck ck_t_c column (c) {c <> ')'}\n"
      "  ck ck_t_c_2 column (c) {c < 10}\n" },
    /* 6: table constraints; unnamed CHECKs numbered by position among
     * the table CHECKs; a second unnamed UNIQUE on the same first column
     * gets a suffix */
    { 0,
      "CREATE TABLE t (a INT, b INT, c INT,\n"
      "  PRIMARY KEY (a, b),\n"
      "  UNIQUE (b), UNIQUE (b, c), CONSTRAINT uq_named UNIQUE (c),\n"
      "  CHECK (a > 0), CONSTRAINT ck_x CHECK (b > 0),\n"
      "  CHECK ((a + b) > c))",
      "table t\n"
      "  col a INTEGER notnull\n"
      "  col b INTEGER notnull\n"
      "  col c INTEGER\n"
      "  pk pk_t (a, b)\n"
      "  uq uq_t_b (b)\n"
      "  uq uq_t_b_2 (b, c)\n"
      "  uq uq_named named (c)\n"
      "  ck ck_t_1 () {a > 0}\n"
      "  ck ck_x named () {b > 0}\n"
      "  ck ck_t_3 () {(a + b) > c}\n" },
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
      "table child\n"
      "  col p INTEGER\n"
      "  col q INTEGER\n"
      "  col r INTEGER\n"
      "  col s INTEGER\n"
      "  col u INTEGER\n"
      "  col v INTEGER\n"
      "  fk fk_child_p_parent (p) -> parent (id)\n"
      "  fk fk_child_q_parent (q) -> parent (id) delete=RESTRICT\n"
      "  fk fk_pair named (r, s) -> pair (x, y) delete=SET DEFAULT"
      " update=SET NULL deferrable=2\n"
      "  fk fk_child_u_pair (u, v) -> pair (x, y) deferrable=1\n"
      "  fk fk_child_v_child (v) -> child (r) delete=CASCADE\n"
      "table parent\n"
      "  col id BIGINT notnull autoinc\n"
      "  pk pk_parent (id)\n"
      "table pair\n"
      "  col x INTEGER notnull\n"
      "  col y INTEGER notnull\n"
      "  pk pk_pair (x, y)\n" },
    /* 8: text after the closing parenthesis is the table's options */
    { 0,
      "CREATE TABLE a (x INT) WITHOUT ROWID, STRICT;\n"
      "CREATE TABLE b (x INT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
      "CREATE TABLE c (x INT) /* c */ WITH (fillfactor = 70) -- d\n;\n"
      "CREATE TABLE d (x INT) -- none\n",
      "table a options={WITHOUT ROWID, STRICT}\n"
      "  col x INTEGER\n"
      "table b options={ENGINE=InnoDB DEFAULT CHARSET=utf8mb4}\n"
      "  col x INTEGER\n"
      "table c options={WITH (fillfactor = 70)}\n"
      "  col x INTEGER\n"
      "table d\n"
      "  col x INTEGER\n" },
    /* 9: IF NOT EXISTS: a second definition is read and dropped */
    { 0,
      "CREATE TABLE IF NOT EXISTS t (a INT);\n"
      "CREATE TABLE IF NOT EXISTS T (b TEXT, c INT);\n"
      "CREATE INDEX IF NOT EXISTS ix ON t (a);\n"
      "CREATE INDEX IF NOT EXISTS ix ON t (a DESC);",
      "table t ifnotexists\n"
      "  col a INTEGER\n"
      "  ix ix (a)\n" },
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
      "table t\n"
      "  col a INTEGER\n"
      "  col B TEXT\n"
      "  col c TEXT\n"
      "  ix ux unique using=btree (a DESC, B NULLS LAST, lower(c),"
      " (a + 1) DESC) where={a > 0 AND (c IS NOT NULL)}\n"
      "  ix ix_t_c (c)\n"
      "  ix ix_t_lower_c (lower(c), a)\n"
      "  ix ix_t_c_2x (c, a)\n" },
    /* 11: constraints may come before the columns they name */
    { 0,
      "CREATE TABLE t (PRIMARY KEY (k), UNIQUE (v), k TEXT, v INT NULL)",
      "table t\n"
      "  col k TEXT notnull\n"
      "  col v INTEGER\n"
      "  pk pk_t (k)\n"
      "  uq uq_t_v (v)\n" },
    /* 12: autoincrement (DESIGN.md 2): an INTEGER or BIGINT key declared
     * PRIMARY KEY inline, or as written; a key declared only by a table
     * constraint stays a plain column */
    { 0,
      "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE b (id BIGINT, PRIMARY KEY (id));\n"
      "CREATE TABLE c (id SMALLINT PRIMARY KEY);\n"
      "CREATE TABLE d (id TEXT PRIMARY KEY);\n"
      "CREATE TABLE e (x INT, y INT, PRIMARY KEY (x, y));\n"
      "CREATE TABLE f (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"
      "CREATE TABLE g (id INT8, PRIMARY KEY (id AUTOINCREMENT));\n"
      "CREATE TABLE h (id NUMERIC(10) PRIMARY KEY, n INT);",
      "table a\n"
      "  col id INTEGER notnull autoinc\n"
      "  pk pk_a (id)\n"
      "table b\n"
      "  col id BIGINT notnull\n"
      "  pk pk_b (id)\n"
      "table c\n"
      "  col id SMALLINT notnull\n"
      "  pk pk_c (id)\n"
      "table d\n"
      "  col id TEXT notnull\n"
      "  pk pk_d (id)\n"
      "table e\n"
      "  col x INTEGER notnull\n"
      "  col y INTEGER notnull\n"
      "  pk pk_e (x, y)\n"
      "table f\n"
      "  col id INTEGER notnull autoinc\n"
      "  pk pk_f (id)\n"
      "table g\n"
      "  col id BIGINT notnull autoinc\n"
      "  pk pk_g (id)\n"
      "table h\n"
      "  col id NUMERIC precision=10 notnull\n"
      "  col n INTEGER\n"
      "  pk pk_h (id)\n" },
    /* 13: CRLF line ends, a byte order mark, no final ';' */
    { 0,
      "\xef\xbb\xbf-- bom\r\nCREATE TABLE t (\r\n  a INT -- x\r\n)\r\n",
      "table t\n"
      "  col a INTEGER\n" },
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
      "table t\n"
      "  col a OTHER name=''\n"
      "  col b OTHER name='' notnull\n"
      "  col c OTHER name='' generated={a + 1} stored\n"
      "  col d OTHER name='' generated={a * 2} virtual\n"
      "  col e INTEGER notnull autoinc\n"
      "  col f OTHER name='whatever words here'\n"
      "  col g OTHER name=''\n"
      "  pk pk_t (b)\n"
      "  ix ix (f)\n" },
    /* 15: SQLite DDL as stored: one statement, no ';' */
    { LENIENT,
      "CREATE TABLE \"users\" (\"id\" INTEGER NOT NULL, \"email\""
      " VARCHAR(100), PRIMARY KEY (\"id\"), UNIQUE (\"email\"))",
      "table users\n"
      "  col id INTEGER notnull\n"
      "  col email VARCHAR length=100\n"
      "  pk pk_users (id)\n"
      "  uq uq_users_email (email)\n" },
    /* 16: MySQL's inline keys (a dump's KEY/INDEX/UNIQUE KEY/FULLTEXT),
     * beside columns called key and index, which stay columns */
    { 0,
      "CREATE TABLE actor (\n"
      "  id INT NOT NULL,\n"
      "  first_name VARCHAR(45) NOT NULL,\n"
      "  last_name VARCHAR(45) NOT NULL,\n"
      "  key VARCHAR(10),\n"
      "  `index` INT,\n"
      "  PRIMARY KEY (id),\n"
      "  KEY idx_actor_last_name (last_name),\n"
      "  UNIQUE KEY uq_name (first_name, last_name),\n"
      "  CONSTRAINT uq_key UNIQUE INDEX ignored_name (`key`),\n"
      "  INDEX (`index`) USING BTREE,\n"
      "  FULLTEXT KEY ft_first (first_name) COMMENT 'search',\n"
      "  KEY idx_prefix (last_name(10), first_name DESC)\n"
      ") ENGINE=InnoDB;\n",
      "table actor options={ENGINE=InnoDB}\n"
      "  col id INTEGER notnull\n"
      "  col first_name VARCHAR length=45 notnull\n"
      "  col last_name VARCHAR length=45 notnull\n"
      "  col key VARCHAR length=10\n"
      "  col index INTEGER\n"
      "  pk pk_actor (id)\n"
      "  uq uq_name named (first_name, last_name)\n"
      "  uq uq_key named (key)\n"
      "  ix idx_actor_last_name (last_name)\n"
      "  ix ix_actor_index (index)\n"
      "  ix ft_first using=FULLTEXT (first_name)\n"
      "  ix idx_prefix (last_name(10), first_name DESC)\n" },
    /* 17: MySQL's CREATE FULLTEXT|SPATIAL INDEX (what inspect prints for
     * MariaDB's fulltext indexes): the kind is the method */
    { 0,
      "CREATE TABLE film_text (title VARCHAR(255), g POINT NOT NULL);\n"
      "CREATE FULLTEXT INDEX idx_title ON film_text (title);\n"
      "CREATE SPATIAL INDEX idx_g ON film_text (g);\n",
      "table film_text\n"
      "  col title VARCHAR length=255\n"
      "  col g OTHER name='POINT' notnull\n"
      "  ix idx_title using=FULLTEXT (title)\n"
      "  ix idx_g using=SPATIAL (g)\n" },
    /* 18: index names per table (MariaDB's scope): one name on two
     * tables, written and conventional */
    { MG_MODEL_INDEX_PER_TABLE,
      "CREATE TABLE t (a INT); CREATE TABLE u (a INT);\n"
      "CREATE INDEX dept_no ON t (a); CREATE INDEX dept_no ON u (a);\n"
      "CREATE INDEX ix_u_a ON t (a); CREATE INDEX ON u (a);",
      "table t\n"
      "  col a INTEGER\n"
      "  ix dept_no (a)\n"
      "  ix ix_u_a (a)\n"
      "table u\n"
      "  col a INTEGER\n"
      "  ix dept_no (a)\n"
      "  ix ix_u_a (a)\n" },
    /* 19: MariaDB's column attributes, as a dump writes them: character
     * set and collation (also on TEXT, whose type words would otherwise
     * run on), national types, ON UPDATE, COMMENT with quotes inside,
     * UNSIGNED ZEROFILL kept in the type */
    { 0,
      "CREATE TABLE staff (\n"
      "  id INT(10) UNSIGNED ZEROFILL NOT NULL,\n"
      "  name NVARCHAR(40) NOT NULL COMMENT 'it''s the \"name\"',\n"
      "  code NCHAR(3),\n"
      "  password VARCHAR(40) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin,\n"
      "  bio TEXT CHARSET utf8mb4 NOT NULL,\n"
      "  tag VARCHAR(10) COLLATE latin1_bin DEFAULT 'x',\n"
      "  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
      "    ON UPDATE CURRENT_TIMESTAMP(3),\n"
      "  PRIMARY KEY (id)\n"
      ") ENGINE=InnoDB DEFAULT CHARSET=latin1;\n",
      "table staff options={ENGINE=InnoDB DEFAULT CHARSET=latin1}\n"
      "  col id OTHER name='INT(10) UNSIGNED ZEROFILL' notnull\n"
      "  col name VARCHAR length=40 notnull national comment={it's the "
      "\"name\"}\n"
      "  col code CHAR length=3 national\n"
      "  col password VARCHAR length=40 charset=utf8mb3 "
      "collate=utf8mb3_bin\n"
      "  col bio TEXT notnull charset=utf8mb4\n"
      "  col tag VARCHAR length=10 default={'x'} collate=latin1_bin\n"
      "  col last_update TIMESTAMP notnull default={CURRENT_TIMESTAMP} "
      "onupdate={CURRENT_TIMESTAMP(3)}\n"
      "  pk pk_staff (id)\n" },
    /* 20: MariaDB's own MEDIUMINT and LONGTEXT stay verbatim (as INT and
     * TEXT they would change size) */
    { 0,
      "CREATE TABLE t (a MEDIUMINT, b LONGTEXT, c mediumint(9));",
      "table t\n"
      "  col a OTHER name='MEDIUMINT'\n"
      "  col b OTHER name='LONGTEXT'\n"
      "  col c OTHER name='mediumint(9)'\n" },
    /* a dialect's own type kept verbatim: a word no list names, inside a
     * type that goes on to a type word (Sakila's SQLite port) */
    { 0,
      "CREATE TABLE film_text (\n"
      "  description BLOB SUB_TYPE TEXT,\n"
      "  b blob sub_type text NOT NULL,\n"
      "  c NATIVE CHARACTER(70)\n"
      ");",
      "table film_text\n"
      "  col description OTHER name='BLOB SUB_TYPE TEXT'\n"
      "  col b OTHER name='blob sub_type text' notnull\n"
      "  col c OTHER name='NATIVE CHARACTER(70)'\n" },
    /* generated columns in each dialect's spelling (VIRTUAL when
     * unsaid; PERSISTENT is MariaDB's STORED), with what may go around
     * them; a COLLATE with pg_dump's schema */
    { 0,
      "CREATE TABLE t (a INT, b NUMERIC(10,2),\n"
      "  c NUMERIC GENERATED ALWAYS AS (a * b) STORED NOT NULL,\n"
      "  d TEXT AS (concat(a, ')')),\n"
      "  e INT AS ((a + 1)) PERSISTENT COMMENT 'x',\n"
      "  f VARCHAR(9) NOT NULL GENERATED ALWAYS AS (\"a\" || 'x') VIRTUAL,\n"
      "  g TEXT COLLATE pg_catalog.\"C\", h TEXT COLLATE \"en_US\");",
      "table t\n"
      "  col a INTEGER\n"
      "  col b NUMERIC precision=10 scale=2\n"
      "  col c NUMERIC notnull generated={a * b} stored\n"
      "  col d TEXT generated={concat(a, ')')} virtual\n"
      "  col e INTEGER comment={x} generated={(a + 1)} stored\n"
      "  col f VARCHAR length=9 notnull generated={\"a\" || 'x'} virtual\n"
      "  col g TEXT collate=C\n"
      "  col h TEXT collate=en_US\n" },
    /* defaults made of terms and binary operators, as PostgreSQL takes
     * them bare: kept as written, in parentheses (SQLite and MariaDB
     * need them); a typed literal is one term; NOT NULL after one ends
     * it */
    { 0,
      "CREATE TABLE t (a TIMESTAMP DEFAULT now() + interval '1 day',\n"
      "  b TEXT DEFAULT 'a' || 'b'::text NOT NULL, c INT DEFAULT 1 - -2,\n"
      "  d DATE DEFAULT date '2020-01-01', e INT DEFAULT (1) * 2 + 3,\n"
      "  f INT DEFAULT NULL)",
      "table t\n"
      "  col a TIMESTAMP default={(now() + interval '1 day')}\n"
      "  col b TEXT notnull default={('a' || 'b'::text)}\n"
      "  col c INTEGER default={(1 - -2)}\n"
      "  col d DATE default={date '2020-01-01'}\n"
      "  col e INTEGER default={((1) * 2 + 3)}\n"
      "  col f INTEGER\n" },
};

/* ---- rejected inputs ---- */

typedef struct err_case {
    unsigned int flags;     /* MG_MODEL_* */
    const char  *text;      /* the model */
    size_t       len;       /* its length, 0 for strlen(text) */
    const char  *msg;       /* the exact message, "m.sql:line:col: ..." */
} err_case;

static const err_case err_cases[] = {
    /* statements other than CREATE TABLE / INDEX */
    { 0, "DROP TABLE users;", 0,
      "m.sql:1:1: only CREATE TABLE, CREATE INDEX, schema objects "
      "(CREATE VIEW, CREATE TRIGGER...) and comments are allowed in a model "
      "file" },
    { 0, "-- seed\n  INSERT INTO t VALUES (1);", 0,
      "m.sql:2:3: only CREATE TABLE, CREATE INDEX, schema objects "
      "(CREATE VIEW, CREATE TRIGGER...) and comments are allowed in a model "
      "file" },
    { 0, "CREATE TABLE t (a INT);\n/* v */ DROP VIEW v;", 0,
      "m.sql:2:9: only CREATE TABLE, CREATE INDEX, schema objects "
      "(CREATE VIEW, CREATE TRIGGER...) and comments are allowed in a model "
      "file" },
    { 0, "CREATE UNIQUE TABLE t (a INT)", 0,
      "m.sql:1:1: only CREATE TABLE, CREATE INDEX, schema objects "
      "(CREATE VIEW, CREATE TRIGGER...) and comments are allowed in a model "
      "file" },
    { 0, "CREATE", 0,
      "m.sql:1:1: only CREATE TABLE, CREATE INDEX, schema objects "
      "(CREATE VIEW, CREATE TRIGGER...) and comments are allowed in a model "
      "file" },
    /* tokens */
    { 0, "CREATE TABLE t (a TEXT DEFAULT 'abc);", 0,
      "m.sql:1:32: unterminated string" },
    { LENIENT, "CREATE VIEW v AS SELECT 'x", 0,
      "m.sql:1:25: unterminated string" },
    { 0, "CREATE TABLE \"t (a INT);", 0,
      "m.sql:1:14: unterminated quoted identifier" },
    { 0, "CREATE TABLE t (`a INT);", 0,
      "m.sql:1:17: unterminated quoted identifier" },
    { 0, "CREATE TABLE t ([a INT);", 0,
      "m.sql:1:17: unterminated quoted identifier" },
    { 0, "CREATE TABLE t (a INT);\n/* never\nclosed;", 0,
      "m.sql:2:1: unterminated comment" },
    { 0, "CREATE TABLE t (a INT DEFAULT 'a\0b');", 37,
      "m.sql:1:33: unexpected NUL byte" },
    { 0, "CREATE TABLE t (a INT)\0;", 24, "m.sql:1:23: unexpected NUL byte" },
    { 0, "CREATE TABLE t (a INT\x01);", 0,
      "m.sql:1:22: expected ',' or ')' after column definition, found"
      " character 0x01" },
    { 0, "CREATE TABLE \"\" (a INT);", 0, "m.sql:1:14: empty identifier" },
    /* locations: characters, not bytes; CRLF line ends */
    { 0, "-- h\xc3\xa9\n"
         "/* \xc3\xbc */ CREATE TABLE \xc3\xa9 (\xc3\xbc INT FOO)", 0,
      "m.sql:2:31: expected ',' or ')' after column definition, found"
      " 'FOO'" },
    { 0, "CREATE TABLE t (\r\n  a INT,\r\n  b INT BAR\r\n);", 0,
      "m.sql:3:9: expected ',' or ')' after column definition, found"
      " 'BAR'" },
    /* what is found is quoted, long tokens cut */
    { 0, "CREATE TABLE t (a INT "
      "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij);", 0,
      "m.sql:1:23: expected ',' or ')' after column definition, found"
      " 'abcdefghijabcdefghijabcdefghijabcdefghij...'" },
    { 0, "CREATE TABLE t (a INT 'x');", 0,
      "m.sql:1:23: expected ',' or ')' after column definition, found"
      " string ''x''" },
    /* CREATE TABLE grammar */
    { 0, "CREATE TABLE (a INT);", 0,
      "m.sql:1:14: expected a table name, found '('" },
    { 0, "CREATE TABLE IF NOT t (a INT);", 0,
      "m.sql:1:21: expected EXISTS after IF NOT, found 't'" },
    { 0, "CREATE TABLE t a INT;", 0,
      "m.sql:1:16: expected '(' after table name, found 'a'" },
    { 0, "CREATE TABLE main.t (a INT);", 0,
      "m.sql:1:18: expected '(' after table name, found '.'" },
    { 0, "CREATE TABLE t ();", 0,
      "m.sql:1:17: expected a column definition or table constraint, found"
      " ')'" },
    { 0, "CREATE TABLE t (a INT,);", 0,
      "m.sql:1:23: expected a column definition or table constraint, found"
      " ')'" },
    { 0, "CREATE TABLE t (a INT", 0,
      "m.sql:1:22: unexpected end of file in CREATE TABLE" },
    { 0, "CREATE TABLE t (a INT,\n  b NUMERIC(10, 2\n", 0,
      "m.sql:3:1: unexpected end of file in CREATE TABLE" },
    { 0, "CREATE TABLE t (a INT CHECK (a > (1)\n", 0,
      "m.sql:2:1: unexpected end of file in CREATE TABLE" },
    { 0, "CREATE TABLE t (a INT) WITH (x = 1;", 0,
      "m.sql:1:36: unexpected end of file in CREATE TABLE" },
    { 0, "CREATE TABLE t (a INT));", 0,
      "m.sql:1:23: expected ';' after CREATE TABLE, found ')'" },
    { 0, "CREATE TABLE t (a INT) CREATE TABLE u (b INT)", 0,
      "m.sql:1:24: expected ';' after CREATE TABLE, found 'CREATE'" },
    /* columns */
    { 0, "CREATE TABLE t (\n  id INTEGER PRIMRY KEY\n);", 0,
      "m.sql:2:14: expected ',' or ')' after column definition, found"
      " 'PRIMRY'" },
    { 0, "CREATE TABLE t (\n  id INTEGER PRIMRY FOO KEY\n);", 0,
      "m.sql:2:14: expected ',' or ')' after column definition, found"
      " 'PRIMRY'" },
    { 0, "CREATE TABLE t (a BLOB SUB_TYPE, b INT);", 0,
      "m.sql:1:24: expected ',' or ')' after column definition, found"
      " 'SUB_TYPE'" },
    { 0, "CREATE TABLE t (a VARCHAR(20) FOO);", 0,
      "m.sql:1:31: expected ',' or ')' after column definition, found"
      " 'FOO'" },
    { 0, "CREATE TABLE t (a INT NOT NULL DEFALT 0);", 0,
      "m.sql:1:32: expected ',' or ')' after column definition, found"
      " 'DEFALT'" },
    { 0, "CREATE TABLE t (id INT, b INT, ID TEXT);", 0,
      "m.sql:1:32: duplicate column 'ID' in table 't'" },
    { 0, "CREATE TABLE t (a INT, b);", 0,
      "m.sql:1:24: column 'b' needs a type" },
    { 0, "CREATE TABLE t (a PRIMARY KEY);", 0,
      "m.sql:1:17: column 'a' needs a type" },
    { 0, "CREATE TABLE t (a INT NOT FOO);", 0,
      "m.sql:1:27: expected NULL after NOT, found 'FOO'" },
    { 0, "CREATE TABLE t (a INT PRIMARY a);", 0,
      "m.sql:1:31: expected KEY after PRIMARY, found 'a'" },
    { 0, "CREATE TABLE t (a INT DEFAULT , b INT);", 0,
      "m.sql:1:31: expected a default value after DEFAULT, found ','" },
    { 0, "CREATE TABLE t (a INT DEFAULT -x);", 0,
      "m.sql:1:32: expected a number after the sign, found 'x'" },
    { 0, "CREATE TABLE t (a INT DEFAULT 1 + , b INT);", 0,
      "m.sql:1:35: expected a default value after DEFAULT, found ','" },
    { 0, "CREATE TABLE t (a INT DEFAULT ());", 0,
      "m.sql:1:32: expected an expression, found ')'" },
    { 0, "CREATE TABLE t (a INT DEFAULT 1::);", 0,
      "m.sql:1:34: expected a type after '::', found ')'" },
    { 0, "CREATE TABLE t (a INT CHECK ());", 0,
      "m.sql:1:30: expected an expression in CHECK, found ')'" },
    { 0, "CREATE TABLE t (a INT CHECK a > 0);", 0,
      "m.sql:1:29: expected '(' after CHECK, found 'a'" },
    { 0, "CREATE TABLE t (a INT COLLATE);", 0,
      "m.sql:1:30: expected a collation name after COLLATE, found ')'" },
    { 0, "CREATE TABLE t (a INT UNIQUE ON CONFLICT MAYBE);", 0,
      "m.sql:1:42: expected ROLLBACK, ABORT, FAIL, IGNORE or REPLACE after"
      " ON CONFLICT, found 'MAYBE'" },
    { 0, "CREATE TABLE t (a INT GENERATED ALWAYS AS () STORED);", 0,
      "m.sql:1:44: expected an expression, found ')'" },
    { 0, "CREATE TABLE t (a INT, b INT AS (a + 1) STORD);", 0,
      "m.sql:1:41: expected ',' or ')' after column definition, found"
      " 'STORD'" },
    { 0, "CREATE TABLE t (a INT COLLATE pg_catalog.);", 0,
      "m.sql:1:42: expected a collation name after COLLATE, found ')'" },
    { LENIENT, "CREATE TABLE t (a INT GENERATED BY a);", 0,
      "m.sql:1:36: expected DEFAULT after BY, found 'a'" },
    { LENIENT, "CREATE TABLE t (a INT AS 1);", 0,
      "m.sql:1:26: expected '(' after AS, found '1'" },
    { 0, "CREATE TABLE t (a INT CONSTRAINT c, b INT);", 0,
      "m.sql:1:35: expected a constraint after the constraint name, found"
      " ','" },
    { 0, "CREATE TABLE t (a INT CONSTRAINT);", 0,
      "m.sql:1:33: expected a constraint name after CONSTRAINT, found ')'" },
    /* keys and constraints */
    { 0, "CREATE TABLE t (a INT PRIMARY KEY, b INT PRIMARY KEY);", 0,
      "m.sql:1:42: table 't' has more than one primary key" },
    { 0, "CREATE TABLE t (a INT PRIMARY KEY,\n  PRIMARY KEY (a));", 0,
      "m.sql:2:3: table 't' has more than one primary key" },
    { 0, "CREATE TABLE t (a INT, PRIMARY KEY (b));", 0,
      "m.sql:1:37: unknown column 'b' in primary key of table 't'" },
    { 0, "CREATE TABLE t (a INT, UNIQUE (a, c));", 0,
      "m.sql:1:35: unknown column 'c' in unique constraint of table 't'" },
    { 0, "CREATE TABLE t (a INT, FOREIGN KEY (x) REFERENCES u);", 0,
      "m.sql:1:37: unknown column 'x' in foreign key of table 't'" },
    { 0, "CREATE TABLE t (CHECK (1 = 1));", 0,
      "m.sql:1:14: table 't' has no columns" },
    { 0, "CREATE TABLE t (a INT CONSTRAINT c UNIQUE,\n"
         "  b INT CONSTRAINT C CHECK (b > 0));", 0,
      "m.sql:2:20: constraint 'C' defined twice in table 't'" },
    { 0, "CREATE TABLE t (a INT, CONSTRAINT x);", 0,
      "m.sql:1:36: expected a constraint after the constraint name, found"
      " ')'" },
    { 0, "CREATE TABLE t (a INT, UNIQUE a);", 0,
      "m.sql:1:31: expected '(' after UNIQUE, found 'a'" },
    { 0, "CREATE TABLE t (a INT, PRIMARY KEY (a b));", 0,
      "m.sql:1:39: expected ',' or ')' in column list, found 'b'" },
    { 0, "CREATE TABLE t (a INT, UNIQUE (a) x);", 0,
      "m.sql:1:35: expected ',' or ')' after table constraint, found 'x'" },
    { 0, "CREATE TABLE t (a INT, FOREIGN KEY (a) u (b));", 0,
      "m.sql:1:40: expected REFERENCES after the foreign key columns, found"
      " 'u'" },
    { 0, "CREATE TABLE t (a INT, b INT,\n"
         "  FOREIGN KEY (a, b) REFERENCES u (x));", 0,
      "m.sql:2:35: foreign key has 2 columns but references 1" },
    { 0, "CREATE TABLE t (a INT REFERENCES u (x, y));", 0,
      "m.sql:1:36: foreign key has 1 column but references 2" },
    { 0, "CREATE TABLE t (a INT REFERENCES);", 0,
      "m.sql:1:33: expected a table name after REFERENCES, found ')'" },
    { 0, "CREATE TABLE t (a INT REFERENCES u ON DELETE EXPLODE);", 0,
      "m.sql:1:46: unknown referential action 'EXPLODE'" },
    { 0, "CREATE TABLE t (a INT REFERENCES u ON UPDATE SET ZERO);", 0,
      "m.sql:1:46: unknown referential action 'SET ZERO'" },
    { 0, "CREATE TABLE t (a INT REFERENCES u ON UPDATE NO);", 0,
      "m.sql:1:46: unknown referential action 'NO'" },
    { 0, "CREATE TABLE t (a INT REFERENCES u ON INSERT CASCADE);", 0,
      "m.sql:1:39: expected DELETE or UPDATE after ON, found 'INSERT'" },
    { 0, "CREATE TABLE t (a INT REFERENCES u MATCH (x));", 0,
      "m.sql:1:42: expected FULL, PARTIAL or SIMPLE after MATCH, found '('" },
    { 0, "CREATE TABLE t (a INT REFERENCES u INITIALLY LATER);", 0,
      "m.sql:1:46: expected DEFERRED or IMMEDIATE after INITIALLY, found"
      " 'LATER'" },
    { 0, "CREATE TABLE t (a INT REFERENCES u ON DELETE", 0,
      "m.sql:1:45: unexpected end of file in CREATE TABLE" },
    /* tables and indexes */
    { 0, "CREATE TABLE t (a INT);\nCREATE TABLE t (b INT);", 0,
      "m.sql:2:14: table 't' defined twice" },
    { 0, "CREATE TABLE t (a INT);\nCREATE TABLE \"T\" (b INT);", 0,
      "m.sql:2:14: table 'T' defined twice" },
    { 0, "CREATE TABLE t (a INT);\nCREATE INDEX i ON x (a);", 0,
      "m.sql:2:19: unknown table 'x' in CREATE INDEX" },
    { 0, "CREATE INDEX i ON t (a);\nCREATE TABLE t (a INT);", 0,
      "m.sql:1:19: unknown table 't' in CREATE INDEX" },
    { 0, "CREATE TABLE t (a INT);\nCREATE INDEX i ON t (a, \"b\");", 0,
      "m.sql:2:25: unknown column 'b' of table 't' in CREATE INDEX" },
    { 0, "CREATE TABLE t (a INT);\nCREATE INDEX i ON t (a);\n"
         "CREATE UNIQUE INDEX I ON t (a);", 0,
      "m.sql:3:21: index 'I' defined twice" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX ON;", 0,
      "m.sql:1:40: expected a table name after ON, found ';'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX 'i' ON t (a);", 0,
      "m.sql:1:38: expected an index name, found string ''i''" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i t (a);", 0,
      "m.sql:1:40: expected ON after the index name, found 't'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t USING (a);", 0,
      "m.sql:1:51: expected an index method after USING, found '('" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t a;", 0,
      "m.sql:1:45: expected '(' before the index columns, found 'a'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t ();", 0,
      "m.sql:1:46: expected an index column or expression, found ')'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a,, a);", 0,
      "m.sql:1:48: expected an index column or expression, found ','" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a DESC a);", 0,
      "m.sql:1:53: expected ',' or ')' after index column, found 'a'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a NULLS NONE);", 0,
      "m.sql:1:54: expected FIRST or LAST after NULLS, found 'NONE'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a) WHERE;", 0,
      "m.sql:1:54: expected an expression after WHERE, found ';'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a) WHERE (a > 0", 0,
      "m.sql:1:61: unexpected end of file in CREATE INDEX" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a) WHERE a > 0);", 0,
      "m.sql:1:60: expected ';' after CREATE INDEX, found ')'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (a) INCLUDE (a);", 0,
      "m.sql:1:49: expected ';' after CREATE INDEX, found 'INCLUDE'" },
    { 0, "CREATE TABLE t (a INT); CREATE INDEX i ON t (lower(a);", 0,
      "m.sql:1:55: unexpected end of file in CREATE INDEX" },
    /* MG_MODEL_LENIENT skips other statements, not broken ones */
    { LENIENT, "CREATE VIEW v AS SELECT 1; CREATE TABLE t (a INT b c,);", 0,
      "m.sql:1:54: expected a column definition or table constraint, found"
      " ')'" },
    { LENIENT, "CREATE TABLE t (a INT);\nCREATE INDEX i ON u (a);", 0,
      "m.sql:2:19: unknown table 'u' in CREATE INDEX" },
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
    ck_mg_ok(mg_model_finish_ex(md, c->flags & MG_MODEL_INDEX_PER_TABLE,
                                &err), &err);
    dump(&got, md);
    ck_assert_msg(strcmp(mg_buf_cstr(&got), c->want) == 0,
                  "case %d: got\n%s\nwant\n%s", _i, mg_buf_cstr(&got),
                  c->want);
    mg_buf_release(&got);
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_model_error)
{
    const err_case *c = &err_cases[_i];
    mg_metadata *md = NULL;
    mg_error err;
    int rc, line = 0, col = 0;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    rc = mg_model_parse(md, "m.sql", c->text, c->len ? c->len
                                                     : strlen(c->text),
                        c->flags, &err);
    ck_assert_msg(rc == MG_EPARSE, "case %d: rc %d (%s)", _i, rc, err.msg);
    ck_assert_int_eq(err.code, MG_EPARSE);
    ck_assert_msg(strcmp(err.msg, c->msg) == 0, "case %d: got\n[%s]\nwant\n"
                  "[%s]", _i, err.msg, c->msg);
    ck_assert_int_eq(sscanf(c->msg, "m.sql:%d:%d:", &line, &col), 2);
    ck_assert_str_eq(err.file, "m.sql");
    ck_assert_int_eq(err.line, line);
    ck_assert_int_eq(err.col, col);
    mg_metadata_free(md);
}
END_TEST

/* ---- mg_model_finish ---- */

typedef struct finish_case {
    const char *text;       /* a model that parses */
    const char *msg;        /* the exact message of mg_model_finish */
} finish_case;

static const finish_case finish_cases[] = {
    { "CREATE TABLE posts (a INT REFERENCES x);",
      "foreign key on 'posts' references unknown table 'x'" },
    { "CREATE TABLE posts (a INT, FOREIGN KEY (a) REFERENCES x (id));",
      "foreign key on 'posts' references unknown table 'x'" },
    { "CREATE TABLE u (a INT); CREATE TABLE posts (a INT REFERENCES u);",
      "foreign key on 'posts' references table 'u', which has no primary"
      " key" },
    { "CREATE TABLE u (a INT, b INT, PRIMARY KEY (a, b));\n"
      "CREATE TABLE posts (a INT REFERENCES u);",
      "foreign key on 'posts' has 1 column but the primary key of 'u' has 2" },
    { "CREATE TABLE u (a INT PRIMARY KEY);\n"
      "CREATE TABLE posts (a INT, b INT, FOREIGN KEY (a, b) REFERENCES u);",
      "foreign key on 'posts' has 2 columns but the primary key of 'u' has"
      " 1" },
    { "CREATE TABLE u (a INT); CREATE TABLE posts (a INT REFERENCES u (b));",
      "foreign key on 'posts' references unknown column 'b' of table 'u'" },
    { "CREATE TABLE t (a INT); CREATE TABLE u (a INT);\n"
      "CREATE INDEX i ON t (a); CREATE INDEX I ON u (a);",
      "index 'I' defined twice (on tables 't' and 'u')" },
    { "CREATE TABLE t (a INT); CREATE TABLE u (a INT);\n"
      "CREATE INDEX ix_u_a ON t (a); CREATE INDEX ON u (a);",
      "index 'ix_u_a' defined twice (on tables 't' and 'u')" },
};

START_TEST(test_model_finish_error)
{
    const finish_case *c = &finish_cases[_i];
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", c->text, strlen(c->text), 0, &err),
             &err);
    ck_assert_int_eq(mg_model_finish(md, &err), MG_EPARSE);
    ck_assert_int_eq(err.code, MG_EPARSE);
    ck_assert_msg(strcmp(err.msg, c->msg) == 0, "case %d: got\n[%s]\nwant\n"
                  "[%s]", _i, err.msg, c->msg);
    ck_assert_str_eq(err.file, "");
    ck_assert_int_eq(err.line, 0);
    mg_metadata_free(md);
}
END_TEST

/* Several parse calls fill one metadata (the files of a directory);
 * naming waits for mg_model_finish, which may run again. */
START_TEST(test_model_parse_calls)
{
    static const char a[] = "CREATE TABLE users (id INT PRIMARY KEY);";
    static const char b[] =
        "CREATE TABLE posts (uid INT REFERENCES users, CHECK (uid > 0));\n"
        "CREATE UNIQUE INDEX ON users (id);";
    static const char c[] = "\n\n  CREATE TABLE Users (x INT);";
    static const char want[] =
        "table users\n"
        "  col id INTEGER notnull autoinc\n"
        "  pk pk_users (id)\n"
        "  ix ix_users_id unique (id)\n"
        "table posts\n"
        "  col uid INTEGER\n"
        "  fk fk_posts_uid_users (uid) -> users (id)\n"
        "  ck ck_posts_1 () {uid > 0}\n";
    const mg_table *t;
    mg_metadata *md = NULL;
    mg_buf got = MG_BUF_INIT, again = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "a.sql", a, strlen(a), 0, &err), &err);
    ck_mg_ok(mg_model_parse(md, "b.sql", b, strlen(b), 0, &err), &err);
    /* not named yet, key not resolved; the inline key is auto-generated
     * as it is read (DESIGN.md 2) */
    t = mg_metadata_table(md, "users");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->constraints[0]->name, "");
    ck_assert_int_eq(t->constraints[0]->named, 0);
    ck_assert_int_eq(t->columns[0]->autoincrement, 1);
    ck_assert_str_eq(t->indexes[0]->name, "");
    t = mg_metadata_table(md, "posts");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->constraints[0]->ref_columns.n, 0);
    /* a table of an earlier call is taken */
    ck_assert_int_eq(mg_model_parse(md, "c.sql", c, strlen(c), 0, &err),
                     MG_EPARSE);
    ck_assert_str_eq(err.msg, "c.sql:3:16: table 'Users' defined twice");
    ck_mg_ok(mg_model_finish(md, &err), &err);
    dump(&got, md);
    ck_assert_str_eq(mg_buf_cstr(&got), want);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    dump(&again, md);
    ck_assert_str_eq(mg_buf_cstr(&again), want);
    mg_buf_release(&got);
    mg_buf_release(&again);
    mg_metadata_free(md);
}
END_TEST

/* An empty text, a NULL text and a NULL path. */
START_TEST(test_model_parse_empty)
{
    static const char bad[] = "DROP TABLE x";
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", "", 0, 0, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", NULL, 0, 0, &err), &err);
    /* only len bytes are read */
    ck_mg_ok(mg_model_parse(md, "m.sql", bad, 0, 0, &err), &err);
    ck_assert_uint_eq(mg_metadata_table_count(md), 0);
    ck_assert_int_eq(mg_model_parse(md, NULL, bad, strlen(bad), 0, &err),
                     MG_EPARSE);
    ck_assert_str_eq(err.msg, "<model>:1:1: only CREATE TABLE, CREATE INDEX"
                     ", schema objects (CREATE VIEW, CREATE TRIGGER...) and comments are "
                     "allowed in a model file");
    ck_assert_int_eq(mg_model_parse(md, "m.sql", bad, strlen(bad), 0, NULL),
                     MG_EPARSE);
    mg_metadata_free(md);
}
END_TEST

/* ---- mg_metadata_apply_conventions on metadata built by hand ---- */

static mg_constraint *
add_k(mg_table *t, mg_constraint_kind kind, const char *name,
      const char *col0)
{
    mg_constraint *k = mg_table_add_constraint(t, kind, name);

    ck_assert_ptr_nonnull(k);
    if (col0)
        ck_assert_int_eq(mg_strlist_add(&k->columns, col0), 0);
    return k;
}

static void
add_ix(mg_table *t, const char *name, const char *expr)
{
    mg_index *ix = mg_table_add_index(t, name, 0);

    ck_assert_ptr_nonnull(ix);
    if (expr)
        ck_assert_int_eq(mg_strlist_add(&ix->expressions, expr), 0);
}

START_TEST(test_model_conventions)
{
    static const char want[] =
        "table t\n"
        "  col a BIGINT notnull\n"
        "  col b TEXT\n"
        "  pk pk_t (a)\n"
        "  uq uq_t ()\n"
        "  fk fk_t_b_u (b) -> u ()\n"
        "  ck ck_t_1 column ()\n"
        "  ck ck_t_2 ()\n"
        "  ck keep named (b)\n"
        "  ck ck_t_4 ()\n"
        "  uq uq_t_b (b)\n"
        "  uq uq_t_b_3 (b)\n"
        "  uq uq_t_b_4 (b)\n"
        "  ix ix_t_lower_b (lower(b))\n"
        "  ix ix_t_expr ()\n"
        "  ix ix_t_coalesce_b_a_very_long_expression_that_w"
        " (COALESCE(b, 'a very long expression that would make a long"
        " name'))\n"
        "  ix ix_t_b (b)\n"
        "  ix UQ_T_B_2 (b)\n"
        "  ix ix_t_b_2 (b)\n"
        "table u\n"
        "  col x INTEGER\n"
        "  col y INTEGER\n"
        "  col z TEXT notnull\n"
        "  pk pk_u (x, y)\n"
        "table v\n"
        "  col z TEXT notnull\n"
        "  pk pk_v (z)\n";
    mg_metadata *md = NULL;
    mg_table *t;
    mg_type ty;
    mg_column *c;
    mg_constraint *k;
    mg_buf got = MG_BUF_INIT, again = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_metadata_add_table(md, "t", &t, &err), &err);
    ck_assert_int_eq(mg_type_parse(&ty, "BIGINT"), 0);
    ck_assert_ptr_nonnull(c = mg_table_add_column(t, "a", &ty));
    c->nullable = 0;
    ck_assert_int_eq(mg_type_parse(&ty, "TEXT"), 0);
    ck_assert_ptr_nonnull(mg_table_add_column(t, "b", &ty));
    add_k(t, MG_CONSTRAINT_UNIQUE, NULL, NULL);
    k = add_k(t, MG_CONSTRAINT_FOREIGN_KEY, "", "b");
    ck_assert_int_eq(mg_constraint_set_ref(k, "u"), 0);
    add_k(t, MG_CONSTRAINT_CHECK, NULL, NULL)->column_level = 1;
    add_k(t, MG_CONSTRAINT_CHECK, NULL, NULL);
    add_k(t, MG_CONSTRAINT_CHECK, "keep", "b");
    add_k(t, MG_CONSTRAINT_CHECK, NULL, NULL);
    add_k(t, MG_CONSTRAINT_UNIQUE, NULL, "b");
    add_k(t, MG_CONSTRAINT_UNIQUE, NULL, "b");
    add_k(t, MG_CONSTRAINT_UNIQUE, NULL, "b");
    add_k(t, MG_CONSTRAINT_PRIMARY_KEY, NULL, "a");
    add_ix(t, NULL, "lower(b)");
    add_ix(t, "", NULL);
    add_ix(t, NULL, "COALESCE(b, 'a very long expression that would make"
           " a long name')");
    add_ix(t, NULL, "b");
    add_ix(t, "UQ_T_B_2", "b");     /* taken in another case */
    add_ix(t, NULL, "b");
    /* not a single-column key: no autoincrement */
    ck_mg_ok(mg_metadata_add_table(md, "u", &t, &err), &err);
    ck_assert_int_eq(mg_type_parse(&ty, "INTEGER"), 0);
    ck_assert_ptr_nonnull(mg_table_add_column(t, "x", &ty));
    ck_assert_ptr_nonnull(mg_table_add_column(t, "y", &ty));
    ck_assert_int_eq(mg_type_parse(&ty, "TEXT"), 0);
    ck_assert_ptr_nonnull(c = mg_table_add_column(t, "z", &ty));
    c->nullable = 0;
    k = add_k(t, MG_CONSTRAINT_PRIMARY_KEY, NULL, "x");
    ck_assert_int_eq(mg_strlist_add(&k->columns, "y"), 0);
    /* not an integer key: no autoincrement */
    ck_mg_ok(mg_metadata_add_table(md, "v", &t, &err), &err);
    ck_assert_ptr_nonnull(c = mg_table_add_column(t, "z", &ty));
    c->nullable = 0;
    add_k(t, MG_CONSTRAINT_PRIMARY_KEY, NULL, "z");

    ck_mg_ok(mg_metadata_apply_conventions(md, &err), &err);
    dump(&got, md);
    ck_assert_msg(strcmp(mg_buf_cstr(&got), want) == 0, "got\n%s",
                  mg_buf_cstr(&got));
    ck_mg_ok(mg_metadata_apply_conventions(md, NULL), &err);
    dump(&again, md);
    ck_assert_str_eq(mg_buf_cstr(&again), want);
    mg_buf_release(&got);
    mg_buf_release(&again);
    mg_metadata_free(md);
}
END_TEST

/* ---- mg_model_load ---- */

static char tmpdir[64];

static void
load_setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgmodelXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Remove what the tests put in tmpdir (one level of subdirectories). */
static void
load_teardown(void)
{
    static const char *const names[] = {
        "models.sql", "01_users.sql", "02_posts.sql", "notes.txt",
        ".hidden.sql", "sub.sql/x.sql", "sub.sql", "a.sql", "b.sql",
        "models", "empty"
    };
    char path[256];
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
        if (unlink(path) < 0)
            rmdir(path);
    }
    rmdir(tmpdir);
}

static const char *
tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

static void
write_text(const char *name, const char *text)
{
    char path[256];
    FILE *f = fopen(tmp_path(path, sizeof(path), name), "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_model_load_missing)
{
    mg_metadata *md = (mg_metadata *)&md;
    char path[256], want[512];
    mg_error err;

    mg_error_clear(&err);
    tmp_path(path, sizeof(path), "nope.sql");
    ck_assert_int_eq(mg_model_load(&md, path, &err), MG_ENOTFOUND);
    ck_assert_ptr_eq(md, NULL);
    ck_assert_int_eq(err.code, MG_ENOTFOUND);
    snprintf(want, sizeof(want), "cannot read model file '%s': No such file"
             " or directory", path);
    ck_assert_str_eq(err.msg, want);
    tmp_path(path, sizeof(path), "nope/models.sql");
    ck_assert_int_eq(mg_model_load(&md, path, &err), MG_ENOTFOUND);
    snprintf(want, sizeof(want), "cannot read model file '%s': No such file"
             " or directory", path);
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_model_load_file)
{
    mg_metadata *md = NULL;
    mg_buf got = MG_BUF_INIT;
    char path[256];
    mg_error err;

    mg_error_clear(&err);
    write_text("models.sql", ok_cases[0].text);
    ck_mg_ok(mg_model_load(&md, tmp_path(path, sizeof(path), "models.sql"),
                           &err), &err);
    dump(&got, md);
    ck_assert_str_eq(mg_buf_cstr(&got), ok_cases[0].want);
    mg_buf_release(&got);
    mg_metadata_free(md);
}
END_TEST

/* A directory: its *.sql files in name order, others left alone. */
START_TEST(test_model_load_dir)
{
    static const char want[] =
        "table users\n"
        "  col id INTEGER notnull autoinc\n"
        "  pk pk_users (id)\n"
        "  ix ix_users_id (id)\n"
        "table posts\n"
        "  col id INTEGER notnull autoinc\n"
        "  col user_id INTEGER\n"
        "  pk pk_posts (id)\n"
        "  fk fk_posts_user_id_users (user_id) -> users (id)\n";
    mg_metadata *md = NULL;
    mg_buf got = MG_BUF_INIT;
    char path[256];
    mg_error err;

    mg_error_clear(&err);
    write_text("02_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY,"
               " user_id INTEGER REFERENCES users);\n"
               "CREATE INDEX ix_users_id ON users (id);\n");
    write_text("01_users.sql", "CREATE TABLE users (id INTEGER PRIMARY"
               " KEY);\n");
    write_text("notes.txt", "not a model\n");
    write_text(".hidden.sql", "DROP TABLE users;\n");
    ck_assert_int_eq(mkdir(tmp_path(path, sizeof(path), "sub.sql"), 0700),
                     0);
    write_text("sub.sql/x.sql", "DROP TABLE users;\n");
    ck_mg_ok(mg_model_load(&md, tmpdir, &err), &err);
    dump(&got, md);
    ck_assert_str_eq(mg_buf_cstr(&got), want);
    mg_buf_release(&got);
    mg_metadata_free(md);

    /* an empty directory is an empty schema */
    ck_assert_int_eq(mkdir(tmp_path(path, sizeof(path), "empty"), 0700), 0);
    ck_mg_ok(mg_model_load(&md, path, &err), &err);
    ck_assert_uint_eq(mg_metadata_table_count(md), 0);
    mg_metadata_free(md);
}
END_TEST

/* Errors name the file they are in; finish errors come through. */
START_TEST(test_model_load_errors)
{
    mg_metadata *md = (mg_metadata *)&md;
    char path[256], want[512];
    mg_error err;

    mg_error_clear(&err);
    write_text("a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n");
    write_text("b.sql", "-- b\nDROP TABLE a;\n");
    ck_assert_int_eq(mg_model_load(&md, tmpdir, &err), MG_EPARSE);
    ck_assert_ptr_eq(md, NULL);
    tmp_path(path, sizeof(path), "b.sql");
    snprintf(want, sizeof(want), "%s:2:1: only CREATE TABLE, CREATE INDEX"
             ", schema objects (CREATE VIEW, CREATE TRIGGER...) and comments are "
                     "allowed in a model file", path);
    ck_assert_str_eq(err.msg, want);
    ck_assert_str_eq(err.file, path);
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.col, 1);

    write_text("b.sql", "CREATE TABLE b (x INT REFERENCES c);\n");
    md = (mg_metadata *)&md;
    ck_assert_int_eq(mg_model_load(&md, tmpdir, &err), MG_EPARSE);
    ck_assert_ptr_eq(md, NULL);
    ck_assert_str_eq(err.msg, "foreign key on 'b' references unknown table"
                     " 'c'");
    /* the same table in two files */
    write_text("b.sql", "\nCREATE TABLE A (x INT);\n");
    ck_assert_int_eq(mg_model_load(&md, tmpdir, &err), MG_EPARSE);
    snprintf(want, sizeof(want), "%s:2:14: table 'A' defined twice", path);
    ck_assert_str_eq(err.msg, want);
}
END_TEST

/* ---- size: a parser with quadratic steps would not finish in time ---- */

/* One table of 50,000 columns on one line, a key and an index on the
 * last, 40,000 unnamed UNIQUE constraints on one column, and a mistake at
 * the very end whose column must be counted exactly. */
START_TEST(test_model_large_table)
{
    const size_t ncols = 50000, nuniq = 40000;
    mg_buf text = MG_BUF_INIT, want = MG_BUF_INIT;
    mg_metadata *md = NULL;
    const mg_table *t;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    mg_buf_puts(&text, "CREATE TABLE t (");
    for (i = 0; i < ncols; i++)
        mg_buf_addf(&text, "c%zu INT, ", i);
    for (i = 0; i < nuniq; i++)
        mg_buf_puts(&text, "UNIQUE (c0), ");
    mg_buf_addf(&text, "PRIMARY KEY (c%zu));\n", ncols - 1);
    mg_buf_addf(&text, "CREATE INDEX ix ON t (c%zu);", ncols - 1);
    ck_assert_int_eq(text.oom, 0);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text.ptr, text.len, 0, &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    t = mg_metadata_table(md, "t");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->ncolumns, ncols);
    ck_assert_uint_eq(t->nconstraints, nuniq + 1);
    ck_assert_str_eq(t->constraints[1]->name, "uq_t_c0");
    ck_assert_str_eq(t->constraints[2]->name, "uq_t_c0_2");
    ck_assert_str_eq(t->constraints[nuniq]->name, "uq_t_c0_40000");
    ck_assert_int_eq(t->columns[ncols - 1]->nullable, 0);
    /* a key declared by a table constraint: a plain column */
    ck_assert_int_eq(t->columns[ncols - 1]->autoincrement, 0);
    mg_metadata_free(md);

    /* the same line, broken at its end */
    text.len -= strlen("));\nCREATE INDEX ix ON t (c49999);");
    mg_buf_puts(&text, " FOO");
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_assert_int_eq(mg_model_parse(md, "m.sql", text.ptr, text.len, 0,
                                    &err), MG_EPARSE);
    mg_buf_addf(&want, "m.sql:1:%zu: expected ',' or ')' in column list,"
                " found 'FOO'", text.len - 2);
    ck_assert_str_eq(err.msg, mg_buf_cstr(&want));
    mg_metadata_free(md);
    mg_buf_release(&want);
    mg_buf_release(&text);
}
END_TEST

/* 10,000 tables, each with a foreign key to the one before and an
 * index. */
START_TEST(test_model_large_schema)
{
    const size_t ntables = 10000;
    mg_buf text = MG_BUF_INIT;
    mg_metadata *md = NULL;
    const mg_table *t;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    mg_buf_puts(&text, "CREATE TABLE t0 (id INT PRIMARY KEY);\n");
    for (i = 1; i < ntables; i++)
        mg_buf_addf(&text, "CREATE TABLE t%zu (id INT PRIMARY KEY,"
                    " p INT REFERENCES t%zu);\nCREATE INDEX ON t%zu (p);\n",
                    i, i - 1, i);
    ck_assert_int_eq(text.oom, 0);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text.ptr, text.len, 0, &err), &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    ck_assert_uint_eq(mg_metadata_table_count(md), ntables);
    t = mg_metadata_table(md, "t9999");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->constraints[1]->name, "fk_t9999_p_t9998");
    ck_assert_str_eq(t->constraints[1]->ref_columns.v[0], "id");
    ck_assert_str_eq(t->indexes[0]->name, "ix_t9999_p");
    mg_metadata_free(md);
    mg_buf_release(&text);
}
END_TEST

/* A CHECK nested a million parentheses deep, then one unclosed: no
 * recursion, so no stack to run out of. */
START_TEST(test_model_large_nesting)
{
    const size_t depth = 1000000;
    mg_buf text = MG_BUF_INIT;
    mg_metadata *md = NULL;
    const mg_table *t;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    mg_buf_puts(&text, "CREATE TABLE t (a INT CHECK (");
    for (i = 0; i < depth; i++)
        mg_buf_putc(&text, '(');
    mg_buf_putc(&text, 'a');
    for (i = 0; i < depth; i++)
        mg_buf_putc(&text, ')');
    mg_buf_puts(&text, "))");
    ck_assert_int_eq(text.oom, 0);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text.ptr, text.len, 0, &err), &err);
    t = mg_metadata_table(md, "t");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(strlen(t->constraints[0]->expression), 2 * depth + 1);
    mg_metadata_free(md);

    text.len -= 2;
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_assert_int_eq(mg_model_parse(md, "m.sql", text.ptr, text.len, 0,
                                    &err), MG_EPARSE);
    ck_assert_str_eq(err.msg, "m.sql:1:2000031: unexpected end of file in"
                     " CREATE TABLE");
    mg_metadata_free(md);
    mg_buf_release(&text);
}
END_TEST

/* ---- schema objects (issue 20) ---- */

/* One object statement per case: its kind, schema, name, table,
 * signature, the definition kept (NULL: the whole text less ';'), and
 * its enum labels joined by '|'. */
static const struct {
    const char *text;
    mg_object_kind kind;
    const char *schema, *name, *table, *signature, *definition, *values;
} object_cases[] = {
    { "CREATE VIEW v AS SELECT a FROM t;", MG_OBJ_VIEW, NULL, "v", NULL,
      NULL, NULL, "" },
    { "create or replace view \"s\".\"My View\" (x) AS SELECT 1;",
      MG_OBJ_VIEW, "s", "My View", NULL, NULL, NULL, "" },
    { "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY "
      "DEFINER VIEW `v` AS select 1 AS `x`;", MG_OBJ_VIEW, NULL, "v", NULL,
      NULL, NULL, "" },
    { "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1 WITH NO DATA;",
      MG_OBJ_MATVIEW, NULL, "mv", NULL, NULL, NULL, "" },
    { "CREATE SEQUENCE public.s START 10 OWNED BY t.id;", MG_OBJ_SEQUENCE,
      "public", "s", NULL, NULL, NULL, "" },
    { "CREATE TYPE mood AS ENUM ('sad', 'it''s ok', 'happy');",
      MG_OBJ_ENUM, NULL, "mood", NULL, NULL, NULL, "sad|it's ok|happy" },
    { "CREATE DOMAIN posint AS INTEGER CHECK (VALUE > 0);", MG_OBJ_DOMAIN,
      NULL, "posint", NULL, NULL, NULL, "" },
    { "CREATE SCHEMA IF NOT EXISTS app;", MG_OBJ_SCHEMA, NULL, "app", NULL,
      NULL, NULL, "" },
    { "CREATE TRIGGER tr AFTER UPDATE OF a, b ON t\nBEGIN\n"
      "  UPDATE t SET c = CASE WHEN 1 THEN 'x;' ELSE 'y' END;\n"
      "  SELECT 1;\nEND;", MG_OBJ_TRIGGER, NULL, "tr", "t", NULL, NULL,
      "" },
    { "CREATE TRIGGER t_bi BEFORE INSERT ON app.t FOR EACH ROW EXECUTE "
      "FUNCTION tf();", MG_OBJ_TRIGGER, NULL, "t_bi", "t", NULL, NULL, "" },
    { "CREATE FUNCTION add(a integer, b integer) RETURNS integer "
      "LANGUAGE plpgsql AS $body$ BEGIN RETURN a + b; END; $body$;",
      MG_OBJ_FUNCTION, NULL, "add", NULL, "a integer, b integer", NULL, "" },
    { "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ "
      "LANGUAGE sql;", MG_OBJ_FUNCTION, NULL, "f", NULL, NULL, NULL, "" },
    { "CREATE DEFINER=`root`@`%` PROCEDURE p(IN x INT)\nBEGIN\n"
      "  IF x > 0 THEN SELECT 1; END IF;\n  WHILE x > 0 DO SET x = x - 1; "
      "END WHILE;\nEND;", MG_OBJ_PROCEDURE, NULL, "p", NULL, "IN x INT",
      NULL, "" },
    { "DELIMITER ;;\nCREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW "
      "BEGIN\n  SET @x = 1;\nEND ;;\nDELIMITER ;\n", MG_OBJ_TRIGGER, NULL,
      "t_ai", "t", NULL, "CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW "
      "BEGIN\n  SET @x = 1;\nEND", "" },
    { "COMMENT ON COLUMN film.title IS 'the title';", MG_OBJ_COMMENT, NULL,
      "COLUMN film.title", "film", NULL, NULL, "" },
    { "comment on materialized view mv is 'm';", MG_OBJ_COMMENT, NULL,
      "MATERIALIZED VIEW mv", NULL, NULL, NULL, "" },
};

START_TEST(test_model_object)
{
    const char *text = object_cases[_i].text;
    const mg_object *o;
    mg_metadata *md = NULL;
    mg_buf want = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text, strlen(text), 0, &err),
             &err);
    ck_assert_uint_eq(mg_metadata_object_count(md), 1);
    o = mg_metadata_object_at(md, 0);
    ck_assert_int_eq(o->kind, object_cases[_i].kind);
    ck_assert_pstr_eq(o->schema, object_cases[_i].schema);
    ck_assert_str_eq(o->name, object_cases[_i].name);
    ck_assert_pstr_eq(o->table, object_cases[_i].table);
    ck_assert_pstr_eq(o->signature, object_cases[_i].signature);
    if (object_cases[_i].definition)
        mg_buf_puts(&want, object_cases[_i].definition);
    else
        mg_buf_add(&want, text, strlen(text) - 1);
    ck_assert_str_eq(o->definition, mg_buf_cstr(&want));
    mg_buf_clear(&want);
    mg_strlist_join(&o->values, "|", &want);
    ck_assert_str_eq(mg_buf_cstr(&want), object_cases[_i].values);
    ck_assert_int_eq(o->line, strncmp(text, "DELIMITER", 9) == 0 ? 2 : 1);
    mg_buf_release(&want);
    mg_metadata_free(md);
}
END_TEST

/* The text is a length, not a C string: a DELIMITER that runs past the
 * end of an unterminated buffer is not read beyond it (a fuzzer's find,
 * caught by AddressSanitizer). */
START_TEST(test_model_delimiter_at_end)
{
    static const char text[] = "DELIMITER ;;\nCREATE TABLE t (a INT);";
    size_t len = sizeof(text) - 1;
    char *exact = malloc(len);
    mg_metadata *md = NULL;
    mg_error err;

    ck_assert_ptr_nonnull(exact);
    memcpy(exact, text, len);
    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", exact, len, MG_MODEL_LENIENT,
                            &err), &err);
    ck_assert_int_eq(mg_metadata_table(md, "t")->ncolumns, 1);
    mg_metadata_free(md);
    free(exact);
}
END_TEST

/* The model's dialect decides: PostgreSQL has no VIRTUAL generated
 * column (refused where it is said, or at AS when nothing is said) and
 * no untyped column; SQLite has both, MariaDB the first; MariaDB has no
 * NOT NULL generated column (refused at the column's name). */
START_TEST(test_model_dialect_columns)
{
    static const struct {
        const char *dialect, *text, *want;
    } cases[] = {
        { "postgresql", "CREATE TABLE t (a INT,\n  b INT AS (a + 1));",
          "m.sql:2:9: generated column 'b' must be STORED: postgresql has "
          "no VIRTUAL generated columns" },
        { "postgresql", "CREATE TABLE t (a INT, b INT GENERATED ALWAYS "
          "AS (a) VIRTUAL);",
          "m.sql:1:54: generated column 'b' must be STORED: postgresql has "
          "no VIRTUAL generated columns" },
        { "postgresql", "CREATE TABLE t (a INT, b);",
          "m.sql:1:24: column 'b' needs a type" },
        { "postgresql", "CREATE TABLE t (a INT, b INT AS (a) STORED);",
          NULL },
        { "mariadb", "CREATE TABLE t (a INT, b INT AS (a), c INT AS (a) "
          "VIRTUAL);", NULL },
        { "mariadb", "CREATE TABLE t (a INT,\n  b INT AS (a) STORED "
          "NOT NULL);",
          "m.sql:2:3: generated column 'b' cannot be NOT NULL: mariadb has "
          "no NOT NULL generated columns" },
        { "postgresql", "CREATE TABLE t (a INT, b INT NOT NULL "
          "GENERATED ALWAYS AS (a) STORED);", NULL },
        { "sqlite", "CREATE TABLE t (a INT, b INT AS (a) NOT NULL);", NULL },
        { "sqlite", "CREATE TABLE t (a, b AS (a) VIRTUAL, c INT AS (a));",
          NULL },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const mg_dialect *d = mg_dialect_find(cases[i].dialect);
        mg_metadata *md = NULL;
        mg_error err;
        int rc;

        ck_assert_ptr_nonnull(d);
        mg_error_clear(&err);
        ck_mg_ok(mg_metadata_new(&md, &err), &err);
        rc = mg_model_parse_for(md, "m.sql", cases[i].text,
                                strlen(cases[i].text), 0, d, &err);
        if (cases[i].want) {
            ck_assert_int_eq(rc, MG_EPARSE);
            ck_assert_str_eq(err.msg, cases[i].want);
        } else {
            ck_mg_ok(rc, &err);
        }
        mg_metadata_free(md);
    }
}
END_TEST

/* text parsed for dialect: its dump is want. */
static void
ck_parses_to(const char *dialect, const char *text, const char *want)
{
    mg_metadata *md = NULL;
    mg_buf got = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse_for(md, "m.sql", text, strlen(text), 0,
                                mg_dialect_find(dialect), &err), &err);
    dump(&got, md);
    ck_assert_str_eq(mg_buf_cstr(&got), want);
    mg_buf_release(&got);
    mg_metadata_free(md);
}

/* An untyped SQLite column stays untyped: no type is made up for it. */
START_TEST(test_model_untyped_sqlite)
{
    ck_parses_to("sqlite", "CREATE TABLE t (a, b NOT NULL, c "
                 "DEFAULT 1, d INT);",
                 "table t\n"
                 "  col a OTHER name=''\n"
                 "  col b OTHER name='' notnull\n"
                 "  col c OTHER name='' default={1}\n"
                 "  col d INTEGER\n");
}
END_TEST

/* A type named by a quoted identifier (a PostgreSQL domain or enum with
 * capitals, as inspect prints it: AdventureWorks' "Name") is kept as
 * written, quotes and all, and takes the constraints after it. */
START_TEST(test_model_quoted_type)
{
    ck_parses_to("postgresql",
                 "CREATE DOMAIN \"Name\" AS character varying(50);\n"
                 "CREATE TABLE t (a \"Name\" NOT NULL, b \"Name\"[] "
                 "DEFAULT '{}', c \"Name\");",
                 "table t\n"
                 "  col a OTHER name='\"Name\"' notnull\n"
                 "  col b OTHER name='\"Name\"[]' default={'{}'}\n"
                 "  col c OTHER name='\"Name\"'\n");
}
END_TEST

/* Errors: a kind the dialect lacks names it at the statement's first
 * token; an object twice; a TYPE that is not an enum. */
START_TEST(test_model_object_errors)
{
    mg_metadata *md = NULL;
    mg_error err;
    const mg_dialect *sqlite = mg_dialect_find("sqlite");
    static const char twice[] = "CREATE VIEW v AS SELECT 1;\n"
                                "CREATE VIEW V AS SELECT 2;";
    static const char matview[] = "CREATE TABLE t (a INT);\n"
                                  "  CREATE MATERIALIZED VIEW mv AS SELECT 1;";
    static const char comment[] = "COMMENT ON TABLE t IS 'x';";
    static const char type[] = "CREATE TYPE pair AS (a int, b int);";

    ck_assert_ptr_nonnull(sqlite);
    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_assert_int_eq(mg_model_parse_for(md, "m.sql", matview,
                                        strlen(matview), 0, sqlite, &err),
                     MG_EPARSE);
    ck_assert_str_eq(err.msg, "m.sql:2:3: CREATE MATERIALIZED VIEW is not "
                     "available on sqlite");
    ck_assert_int_eq(mg_model_parse_for(md, "m.sql", comment,
                                        strlen(comment), 0, sqlite, &err),
                     MG_EPARSE);
    ck_assert_str_eq(err.msg, "m.sql:1:1: COMMENT ON is not available on "
                     "sqlite");
    mg_metadata_free(md);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_assert_int_eq(mg_model_parse(md, "m.sql", twice, strlen(twice), 0,
                                    &err), MG_EPARSE);
    ck_assert_str_eq(err.msg, "m.sql:2:1: view V defined twice");
    ck_assert_int_eq(mg_model_parse(md, "m.sql", type, strlen(type), 0,
                                    &err), MG_EPARSE);
    ck_assert_str_eq(err.msg, "m.sql:1:21: expected ENUM after AS (only "
                     "enum types are declared in a model), found '('");
    mg_metadata_free(md);
}
END_TEST

/* The key leaves out what the server does not keep: white space,
 * comments, case of words, OR REPLACE, IF NOT EXISTS (SQLite stores
 * the statement without it). */
START_TEST(test_model_object_key)
{
    static const char text[] =
        "create  or replace VIEW v AS /* x */ SELECT a\n  FROM t;\n"
        "CREATE TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN SELECT 1; "
        "END;\n";
    mg_metadata *md = NULL;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text, strlen(text), 0, &err),
             &err);
    mg_object_key(&b, mg_metadata_object_at(md, 0));
    ck_assert_str_eq(mg_buf_cstr(&b), "create view v as select a from t");
    mg_buf_clear(&b);
    mg_object_key(&b, mg_metadata_object_at(md, 1));
    ck_assert_str_eq(mg_buf_cstr(&b), "create trigger tr after insert on t "
                     "begin select 1 ; end");
    mg_buf_release(&b);
    mg_metadata_free(md);
}
END_TEST

/* depends: the tables and views a view names; creation order puts a
 * view after them, ties by name. */
START_TEST(test_model_object_depends)
{
    static const char text[] =
        "CREATE TABLE t (a INT);\n"
        "CREATE VIEW v2 AS SELECT * FROM v1 JOIN t USING (a);\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 'v2'; END;\n"
        "CREATE VIEW v1 AS SELECT a FROM \"t\" -- v2\n;\n"
        "CREATE VIEW a0 AS SELECT 1;\n";
    mg_metadata *md = NULL;
    mg_buf b = MG_BUF_INIT;
    mg_error err;
    size_t *order = NULL, n = 0, i;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "m.sql", text, strlen(text), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    mg_strlist_join(&mg_metadata_object_at(md, 0)->depends, ",", &b);
    ck_assert_str_eq(mg_buf_cstr(&b), "v1,t");
    mg_buf_clear(&b);
    mg_strlist_join(&mg_metadata_object_at(md, 1)->depends, ",", &b);
    ck_assert_str_eq(mg_buf_cstr(&b), "t");
    mg_buf_clear(&b);
    mg_strlist_join(&mg_metadata_object_at(md, 2)->depends, ",", &b);
    ck_assert_str_eq(mg_buf_cstr(&b), "t");
    mg_buf_clear(&b);
    ck_mg_ok(mg_sort_objects(&order, &n, md, &err), &err);
    for (i = 0; i < n; i++) {
        mg_buf_puts(&b, mg_metadata_object_at(md, order[i])->name);
        mg_buf_putc(&b, ' ');
    }
    ck_assert_str_eq(mg_buf_cstr(&b), "a0 v1 v2 tr ");
    free(order);
    mg_buf_release(&b);
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
    tc = tcase_create("objects");
    tcase_add_loop_test(tc, test_model_object, 0,
                        (int)(sizeof(object_cases) /
                              sizeof(object_cases[0])));
    tcase_add_test(tc, test_model_object_errors);
    tcase_add_test(tc, test_model_dialect_columns);
    tcase_add_test(tc, test_model_quoted_type);
    tcase_add_test(tc, test_model_untyped_sqlite);
    tcase_add_test(tc, test_model_delimiter_at_end);
    tcase_add_test(tc, test_model_object_depends);
    tcase_add_test(tc, test_model_object_key);
    suite_add_tcase(s, tc);
    tc = tcase_create("error");
    tcase_add_loop_test(tc, test_model_error, 0,
                        (int)(sizeof(err_cases) / sizeof(err_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("finish");
    tcase_add_loop_test(tc, test_model_finish_error, 0,
                        (int)(sizeof(finish_cases) /
                              sizeof(finish_cases[0])));
    tcase_add_test(tc, test_model_parse_calls);
    tcase_add_test(tc, test_model_parse_empty);
    tcase_add_test(tc, test_model_conventions);
    suite_add_tcase(s, tc);
    tc = tcase_create("load");
    tcase_add_checked_fixture(tc, load_setup, load_teardown);
    tcase_add_test(tc, test_model_load_missing);
    tcase_add_test(tc, test_model_load_file);
    tcase_add_test(tc, test_model_load_dir);
    tcase_add_test(tc, test_model_load_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("large");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_model_large_table);
    tcase_add_test(tc, test_model_large_schema);
    tcase_add_test(tc, test_model_large_nesting);
    suite_add_tcase(s, tc);
    return s;
}
