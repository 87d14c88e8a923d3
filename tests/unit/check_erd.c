/* check_erd.c - entity-relationship diagrams (mg_erd.h): tables of cases,
 * each a small model file with the exact Mermaid or DOT text mg_erd_render
 * must give, one per cardinality kind (NOT NULL, nullable, unique, unique
 * through an index, association table, composite, self reference),
 * escaping on both sides, the DOT layout rules (ports on the facing side,
 * cycles, self-reference loops, collapsed associations, clusters), and
 * table selection (globs, exclusions, hops around a table) with its exact
 * errors; views built by hand (dashed boxes and lines); then formats and
 * SVG. The SVG's geometry is tested on real schemas by
 * tests/integration/cli_diagram.c. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "mg_erd.h"
#include "mg_model.h"
#include "mg_object.h"

/* Parse a model text (conventions applied) or fail the test. */
static mg_metadata *
model(const char *sql)
{
    mg_metadata *md = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    ck_mg_ok(mg_model_parse(md, "models.sql", sql, strlen(sql), 0, &err),
             &err);
    ck_mg_ok(mg_model_finish(md, &err), &err);
    return md;
}

/* Comma-separated option values ("" or NULL: none) into a list, one
 * value per ';'-separated part so that commas reach the library. */
static void
values(mg_strlist *l, const char *s)
{
    const char *semi;

    while (s && *s) {
        semi = strchr(s, ';');
        ck_assert_int_eq(mg_strlist_addn(l, s, semi ? (size_t)(semi - s)
                                                    : strlen(s)), 0);
        s = semi ? semi + 1 : NULL;
    }
}

#define USERS_POSTS(fk) \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT " \
    "NULL, email VARCHAR(100) NOT NULL UNIQUE);\n" \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER " fk \
    " REFERENCES users (id));\n"

#define USERS_BLOCK \
    "    \"users\" {\n" \
    "        INTEGER id PK\n" \
    "        VARCHAR(50) name\n" \
    "        VARCHAR(100) email UK\n" \
    "    }\n"

#define M2M_SQL \
    "CREATE TABLE users (id INTEGER PRIMARY KEY);\n" \
    "CREATE TABLE groups (id INTEGER PRIMARY KEY);\n" \
    "CREATE TABLE user_groups (user_id INTEGER NOT NULL REFERENCES users " \
    "(id), group_id INTEGER NOT NULL REFERENCES groups (id), joined DATE, " \
    "PRIMARY KEY (user_id, group_id));\n"

#define CHAIN_SQL \
    "CREATE TABLE a (id INTEGER PRIMARY KEY);\n" \
    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a " \
    "(id));\n" \
    "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b " \
    "(id));\n" \
    "CREATE TABLE d (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c " \
    "(id));\n" \
    "CREATE TABLE audit_log (id INTEGER PRIMARY KEY);\n" \
    "CREATE TABLE Audit_Users (id INTEGER PRIMARY KEY, b_id INTEGER " \
    "REFERENCES b (id));\n"

/* M2M_SQL drawn: one line per foreign key, nothing else. */
#define M2M_MERMAID \
    "erDiagram\n" MM_ID("users") MM_ID("groups") \
    "    \"user_groups\" {\n" \
    "        INTEGER user_id PK, FK\n" \
    "        INTEGER group_id PK, FK\n" \
    "        DATE joined\n" \
    "    }\n" \
    "    \"users\" ||--o{ \"user_groups\" : \"user_id\"\n" \
    "    \"groups\" ||--o{ \"user_groups\" : \"group_id\"\n"
#define MM_ID(name) "    \"" name "\" {\n        INTEGER id PK\n    }\n"

#define PURE_SQL \
    "CREATE TABLE users (id INTEGER PRIMARY KEY);\n" \
    "CREATE TABLE groups (id INTEGER PRIMARY KEY);\n" \
    "CREATE TABLE user_groups (user_id INTEGER NOT NULL REFERENCES users " \
    "(id), group_id INTEGER NOT NULL REFERENCES groups (id), PRIMARY KEY " \
    "(user_id, group_id));\n"

#define DOT_HEAD(graph) \
    "digraph erd {\n" \
    "    graph [rankdir=LR, ranksep=0.8, nodesep=0.3, forcelabels=false" \
    graph "];\n" \
    "    node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n" \
    "    edge [fontname=\"Helvetica\", fontsize=9, dir=both];\n"
#define DOT_TABLE(name) \
    "    \"" name "\" [label=<<table border=\"0\" cellborder=\"1\" " \
    "cellspacing=\"0\" cellpadding=\"4\">\n" \
    "        <tr><td port=\"h\" colspan=\"3\" bgcolor=\"#dde4ee\"><b>" \
    name "</b></td></tr>\n"
#define DOT_ROW(n, col, type, keys) \
    "        <tr><td port=\"c" n "w\" align=\"left\">" col "</td><td " \
    "align=\"left\">" type "</td><td port=\"c" n "e\">" keys \
    "</td></tr>\n"
#define DOT_END "    </table>>];\n"
#define DOT_ID(name) DOT_TABLE(name) DOT_ROW("0", "id", "INTEGER", "PK") DOT_END

/* md drawn with opts is exactly want, or the test fails naming the case. */
static void
expect_render(const mg_metadata *md, const mg_erd_opts *opts,
              const char *name, const char *want)
{
    mg_buf out = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_erd_render(&out, md, opts, &err), &err);
    ck_assert_msg(strcmp(mg_buf_cstr(&out), want) == 0,
                  "%s:\n--- got\n%s--- want\n%s", name, mg_buf_cstr(&out),
                  want);
    mg_buf_release(&out);
}

/* ---- exact renderings ---------------------------------------------------- */

static const struct render_case {
    const char   *name;
    const char   *sql;
    mg_erd_format format;
    const char   *tables, *exclude, *around;   /* ';' separates values */
    int           fenced;
    const char   *want;
    int           collapse;     /* collapse_associations */
    mg_erd_group  group;        /* group_by */
} render_cases[] = {
    { "not null foreign key: exactly one to zero or more",
      USERS_POSTS("NOT NULL"), MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n" USERS_BLOCK
      "    \"posts\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER user_id FK\n"
      "    }\n"
      "    \"users\" ||--o{ \"posts\" : \"user_id\"\n", 0, MG_ERD_GROUP_NONE },
    { "nullable foreign key: zero or one to zero or more",
      USERS_POSTS(""), MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n" USERS_BLOCK
      "    \"posts\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER user_id FK\n"
      "    }\n"
      "    \"users\" |o--o{ \"posts\" : \"user_id\"\n", 0, MG_ERD_GROUP_NONE },
    { "unique not null foreign key: one to one",
      USERS_POSTS("NOT NULL UNIQUE"), MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n" USERS_BLOCK
      "    \"posts\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER user_id FK, UK\n"
      "    }\n"
      "    \"users\" ||--o| \"posts\" : \"user_id\"\n", 0, MG_ERD_GROUP_NONE },
    { "unique nullable foreign key: zero or one on both sides",
      USERS_POSTS("UNIQUE"), MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n" USERS_BLOCK
      "    \"posts\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER user_id FK, UK\n"
      "    }\n"
      "    \"users\" |o--o| \"posts\" : \"user_id\"\n", 0, MG_ERD_GROUP_NONE },
    { "a unique index makes the foreign key one to one",
      USERS_POSTS("NOT NULL")
      "CREATE UNIQUE INDEX ux_posts_user ON posts (user_id);\n",
      MG_ERD_MERMAID, "posts", NULL, NULL, 0,
      "erDiagram\n"
      "    \"posts\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER user_id FK, UK\n"
      "    }\n", 0, MG_ERD_GROUP_NONE },
    { "a partial unique index does not",
      "CREATE TABLE u (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE p (id INTEGER PRIMARY KEY, u_id INTEGER NOT NULL "
      "REFERENCES u (id));\n"
      "CREATE UNIQUE INDEX ux ON p (u_id) WHERE id > 0;\n",
      MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n"
      "    \"u\" {\n"
      "        INTEGER id PK\n"
      "    }\n"
      "    \"p\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER u_id FK\n"
      "    }\n"
      "    \"u\" ||--o{ \"p\" : \"u_id\"\n", 0, MG_ERD_GROUP_NONE },
    { "association table: one line per foreign key, nothing else",
      M2M_SQL, MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      M2M_MERMAID,
      0, MG_ERD_GROUP_NONE },
    { "an association table with a column of its own is not collapsed",
      M2M_SQL, MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      M2M_MERMAID,
      1, MG_ERD_GROUP_NONE },
    { "a pure association table collapsed: one many-to-many line",
      PURE_SQL, MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n" MM_ID("users") MM_ID("groups")
      "    \"users\" }o..o{ \"groups\" : \"user_groups\"\n",
      1, MG_ERD_GROUP_NONE },
    { "a pure association table is collapsed only when both ends are drawn",
      PURE_SQL, MG_ERD_MERMAID, "user*", NULL, NULL, 0,
      "erDiagram\n" MM_ID("users")
      "    \"user_groups\" {\n"
      "        INTEGER user_id PK, FK\n"
      "        INTEGER group_id PK, FK\n"
      "    }\n"
      "    \"users\" ||--o{ \"user_groups\" : \"user_id\"\n",
      1, MG_ERD_GROUP_NONE },
    { "association table left out: no line",
      M2M_SQL, MG_ERD_MERMAID, NULL, "user_*", NULL, 0,
      "erDiagram\n"
      "    \"users\" {\n"
      "        INTEGER id PK\n"
      "    }\n"
      "    \"groups\" {\n"
      "        INTEGER id PK\n"
      "    }\n", 0, MG_ERD_GROUP_NONE },
    { "a key of one foreign key plus a column is no association",
      "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE v (t_id INTEGER NOT NULL REFERENCES t (id), n INTEGER "
      "NOT NULL, PRIMARY KEY (t_id, n));\n",
      MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n"
      "    \"t\" {\n"
      "        INTEGER id PK\n"
      "    }\n"
      "    \"v\" {\n"
      "        INTEGER t_id PK, FK\n"
      "        INTEGER n PK\n"
      "    }\n"
      "    \"t\" ||--o{ \"v\" : \"t_id\"\n", 0, MG_ERD_GROUP_NONE },
    { "composite foreign key labelled with its columns; one null column "
      "makes it optional",
      "CREATE TABLE r (a INTEGER NOT NULL, b INTEGER NOT NULL, "
      "PRIMARY KEY (a, b));\n"
      "CREATE TABLE s (id INTEGER PRIMARY KEY, ra INTEGER NOT NULL, rb "
      "INTEGER, FOREIGN KEY (ra, rb) REFERENCES r (a, b));\n",
      MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n"
      "    \"r\" {\n"
      "        INTEGER a PK\n"
      "        INTEGER b PK\n"
      "    }\n"
      "    \"s\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER ra FK\n"
      "        INTEGER rb FK\n"
      "    }\n"
      "    \"r\" |o--o{ \"s\" : \"ra, rb\"\n", 0, MG_ERD_GROUP_NONE },
    { "self reference",
      "CREATE TABLE emp (id INTEGER PRIMARY KEY, boss INTEGER REFERENCES "
      "emp (id));\n", MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n"
      "    \"emp\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER boss FK\n"
      "    }\n"
      "    \"emp\" |o--o{ \"emp\" : \"boss\"\n", 0, MG_ERD_GROUP_NONE },
    { "mermaid escaping: keywords quoted, words reduced, originals kept",
      "CREATE TABLE \"one\" (\"pk\" INTEGER PRIMARY KEY, \"1st place\" "
      "NUMERIC(10,2), \"Uk\" INT, \"uk_code\" INT, \"x~y~\" INT, "
      "\"prénom\" TEXT, \"%\" TIMESTAMP WITH TIME ZONE);\n"
      "CREATE TABLE \"to%do\\\"\"\" (id INTEGER PRIMARY KEY, \"say \"\"hi\"\"\" "
      "INTEGER REFERENCES \"one\" (\"pk\"));\n",
      MG_ERD_MERMAID, NULL, NULL, NULL, 0,
      "erDiagram\n"
      "    \"one\" {\n"
      "        INTEGER _pk PK \"pk\"\n"
      "        NUMERIC(10_2) _1st_place \"1st place: NUMERIC(10,2)\"\n"
      "        INTEGER _Uk \"Uk\"\n"
      "        INTEGER uk_code\n"
      "        INTEGER x_y_ \"x_y_\"\n"
      "        TEXT pr_nom \"prénom\"\n"
      "        TIMESTAMP_WITH_TIME_ZONE _ \"%: TIMESTAMP WITH TIME ZONE\"\n"
      "    }\n"
      "    \"to_do_'\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER say__hi_ FK \"say 'hi'\"\n"
      "    }\n"
      "    \"one\" |o--o{ \"to_do_'\" : \"say 'hi'\"\n", 0, MG_ERD_GROUP_NONE },
    { "mermaid fenced for markdown",
      "CREATE TABLE t (id INTEGER PRIMARY KEY);\n", MG_ERD_MERMAID, NULL,
      NULL, NULL, 1,
      "```mermaid\n"
      "erDiagram\n"
      "    \"t\" {\n"
      "        INTEGER id PK\n"
      "    }\n"
      "```\n", 0, MG_ERD_GROUP_NONE },
    { "dot: html tables, a port at both ends of each row, lines from the "
      "parent's right to the child's left, no labels",
      USERS_POSTS("NOT NULL") "CREATE TABLE tags (id INTEGER PRIMARY KEY, "
      "post_id INTEGER UNIQUE REFERENCES posts (id));\n",
      MG_ERD_DOT, NULL, NULL, NULL, 0,
      DOT_HEAD("")
      DOT_TABLE("users")
      DOT_ROW("0", "id", "INTEGER", "PK")
      DOT_ROW("1", "name", "VARCHAR(50)", "")
      DOT_ROW("2", "email", "VARCHAR(100)", "UK")
      DOT_END
      DOT_TABLE("posts")
      DOT_ROW("0", "id", "INTEGER", "PK")
      DOT_ROW("1", "user_id", "INTEGER", "FK")
      DOT_END
      DOT_TABLE("tags")
      DOT_ROW("0", "id", "INTEGER", "PK")
      DOT_ROW("1", "post_id", "INTEGER", "FK, UK")
      DOT_END
      "    \"users\":\"c0e\":e -> \"posts\":\"c1w\":w [id=\"fk1\", "
      "arrowtail=teetee, arrowhead=crowodot];\n"
      "    \"posts\":\"c0e\":e -> \"tags\":\"c1w\":w [id=\"fk2\", "
      "arrowtail=teeodot, arrowhead=teeodot];\n"
      "}\n", 0, MG_ERD_GROUP_NONE },
    { "dot: a key closing a cycle does not rank and runs right to left; a "
      "self reference loops round a point of its own on the right",
      "CREATE TABLE a (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c "
      "(id));\n"
      "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a "
      "(id));\n"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b "
      "(id), boss INTEGER REFERENCES c (id));\n",
      MG_ERD_DOT, NULL, NULL, NULL, 0,
      DOT_HEAD("")
      DOT_TABLE("a")
      DOT_ROW("0", "id", "INTEGER", "PK")
      DOT_ROW("1", "c_id", "INTEGER", "FK")
      DOT_END
      DOT_TABLE("b")
      DOT_ROW("0", "id", "INTEGER", "PK")
      DOT_ROW("1", "a_id", "INTEGER", "FK")
      DOT_END
      DOT_TABLE("c")
      DOT_ROW("0", "id", "INTEGER", "PK")
      DOT_ROW("1", "b_id", "INTEGER", "FK")
      DOT_ROW("2", "boss", "INTEGER", "FK")
      DOT_END
      "    \"c\":\"c0w\":w -> \"a\":\"c1e\":e [id=\"fk1\", "
      "arrowtail=teeodot, arrowhead=crowodot, constraint=false];\n"
      "    \"a\":\"c0e\":e -> \"b\":\"c1w\":w [id=\"fk2\", "
      "arrowtail=teeodot, arrowhead=crowodot];\n"
      "    \"b\":\"c0e\":e -> \"c\":\"c1w\":w [id=\"fk3\", "
      "arrowtail=teeodot, arrowhead=crowodot];\n"
      "    \"loop\t4\" [shape=point, width=0.04];\n"
      "    \"c\":\"c0e\":e -> \"loop\t4\" [id=\"fk4\", "
      "arrowtail=teeodot, arrowhead=none];\n"
      "    \"c\":\"c2e\":e -> \"loop\t4\" [id=\"fk4_loop\", "
      "arrowtail=crowodot, arrowhead=none];\n"
      "}\n", 0, MG_ERD_GROUP_NONE },
    { "dot: a collapsed association is a dashed line with an external "
      "label, between the header rows",
      PURE_SQL, MG_ERD_DOT, NULL, NULL, NULL, 0,
      DOT_HEAD("") DOT_ID("users") DOT_ID("groups")
      "    \"users\":\"h\":e -> \"groups\":\"h\":w [id=\"many1\", "
      "arrowtail=crowodot, arrowhead=crowodot, style=dashed, "
      "xlabel=\"user_groups\"];\n"
      "}\n", 1, MG_ERD_GROUP_NONE },
    { "dot: clusters by prefix (two tables or more), newrank",
      "CREATE TABLE auth_user (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE shop_order (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE auth_group (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE misc (id INTEGER PRIMARY KEY);\n",
      MG_ERD_DOT, NULL, NULL, NULL, 0,
      DOT_HEAD(", newrank=true")
      "    subgraph \"cluster_1\" {\n"
      "    graph [label=\"auth\", labeljust=l, style=rounded, "
      "color=\"#8a9ab0\", fontname=\"Helvetica\", fontsize=12];\n"
      DOT_ID("auth_user") DOT_ID("auth_group")
      "    }\n"
      DOT_ID("shop_order") DOT_ID("misc")
      "}\n", 0, MG_ERD_GROUP_PREFIX },
    { "dot: clusters by schema (one table or more)",
      "CREATE TABLE \"sales.orders\" (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE plain (id INTEGER PRIMARY KEY);\n",
      MG_ERD_DOT, NULL, NULL, NULL, 0,
      DOT_HEAD(", newrank=true")
      "    subgraph \"cluster_1\" {\n"
      "    graph [label=\"sales\", labeljust=l, style=rounded, "
      "color=\"#8a9ab0\", fontname=\"Helvetica\", fontsize=12];\n"
      DOT_ID("sales.orders")
      "    }\n"
      DOT_ID("plain")
      "}\n", 0, MG_ERD_GROUP_SCHEMA },
    { "dot escaping: html entities in labels, quotes in ids",
      "CREATE TABLE \"a<b>&\"\"c\\\" (\"x<y\" INTEGER PRIMARY KEY);\n"
      "CREATE TABLE m (\"k&\" INTEGER REFERENCES \"a<b>&\"\"c\\\" "
      "(\"x<y\"));\n",
      MG_ERD_DOT, NULL, NULL, NULL, 0,
      DOT_HEAD("")
      "    \"a<b>&\\\"c\\\\\" [label=<<table border=\"0\" cellborder=\"1\" "
      "cellspacing=\"0\" cellpadding=\"4\">\n"
      "        <tr><td port=\"h\" colspan=\"3\" bgcolor=\"#dde4ee\"><b>"
      "a&lt;b&gt;&amp;&quot;c\\</b></td></tr>\n"
      DOT_ROW("0", "x&lt;y", "INTEGER", "PK")
      DOT_END
      DOT_TABLE("m")
      DOT_ROW("0", "k&amp;", "INTEGER", "FK")
      DOT_END
      "    \"a<b>&\\\"c\\\\\":\"c0e\":e -> \"m\":\"c0w\":w [id=\"fk1\", "
      "arrowtail=teeodot, arrowhead=crowodot];\n"
      "}\n", 0, MG_ERD_GROUP_NONE },
    { "relationships to a table left out are not drawn",
      CHAIN_SQL, MG_ERD_MERMAID, NULL, NULL, "a:1", 0,
      "erDiagram\n"
      "    \"a\" {\n"
      "        INTEGER id PK\n"
      "    }\n"
      "    \"b\" {\n"
      "        INTEGER id PK\n"
      "        INTEGER a_id FK\n"
      "    }\n"
      "    \"a\" |o--o{ \"b\" : \"a_id\"\n", 0, MG_ERD_GROUP_NONE },
};

START_TEST(test_erd_render_cases)
{
    const struct render_case *tc = &render_cases[_i];
    mg_strlist tables = MG_STRLIST_INIT, exclude = MG_STRLIST_INIT;
    mg_strlist around = MG_STRLIST_INIT;
    mg_metadata *md = model(tc->sql);
    mg_erd_opts opts;

    mg_erd_opts_init(&opts);
    opts.format = tc->format;
    opts.fenced = tc->fenced;
    opts.collapse_associations = tc->collapse;
    opts.group_by = tc->group;
    values(&tables, tc->tables);
    values(&exclude, tc->exclude);
    values(&around, tc->around);
    opts.tables = &tables;
    opts.exclude = &exclude;
    opts.around = &around;
    expect_render(md, &opts, tc->name, tc->want);
    mg_strlist_release(&tables);
    mg_strlist_release(&exclude);
    mg_strlist_release(&around);
    mg_metadata_free(md);
}
END_TEST

/* ---- selection ------------------------------------------------------------- */

static const struct select_case {
    const char *name;
    const char *tables, *exclude, *around;   /* ';' separates values */
    int         code;                        /* 0 or the MG_E* code */
    const char *want;   /* the kept tables, space-separated, or the error */
} select_cases[] = {
    { "everything by default", NULL, NULL, NULL, 0,
      "a b c d audit_log Audit_Users" },
    { "globs are case-insensitive", "audit*", NULL, NULL, 0,
      "audit_log Audit_Users" },
    { "comma-separated and repeated globs", "a, b;d", NULL, NULL, 0,
      "a b d" },
    { "exclude wins over tables", "*", "audit_*,c", NULL, 0, "a b d" },
    { "character classes", "[ab]", NULL, NULL, 0, "a b" },
    { "around: one hop by default, both directions", NULL, NULL, "b", 0,
      "a b c Audit_Users" },
    { "around: depth 2", NULL, NULL, "a:2", 0, "a b c Audit_Users" },
    { "around: depth 0 is the table alone", NULL, NULL, "d:0", 0, "d" },
    { "around: several roots keep the union", NULL, NULL, "a:0;d:1", 0,
      "a c d" },
    { "around: a table name is found case-insensitively", NULL, NULL,
      "AUDIT_LOG", 0, "audit_log" },
    { "around then globs", NULL, "audit*", "b:9", 0, "a b c d" },
    { "around: unknown table", NULL, NULL, "nope:2", MG_ENOTFOUND,
      "no table 'nope' to draw around" },
    { "around: unknown table without depth", NULL, NULL, "nope",
      MG_ENOTFOUND, "no table 'nope' to draw around" },
    { "around: bad depth", NULL, NULL, "a:x", MG_EUSAGE,
      "invalid depth in 'a:x' (expected TABLE[:DEPTH], DEPTH a whole "
      "number)" },
    { "around: empty depth", NULL, NULL, "a:", MG_EUSAGE,
      "invalid depth in 'a:' (expected TABLE[:DEPTH], DEPTH a whole "
      "number)" },
    { "no match is an empty selection", "zz*", NULL, NULL, 0, "" },
};

START_TEST(test_erd_select_cases)
{
    const struct select_case *tc = &select_cases[_i];
    mg_strlist tables = MG_STRLIST_INIT, exclude = MG_STRLIST_INIT;
    mg_strlist around = MG_STRLIST_INIT, got = MG_STRLIST_INIT;
    mg_metadata *md = model(CHAIN_SQL);
    mg_buf joined = MG_BUF_INIT;
    mg_erd_opts opts;
    mg_error err;
    int rc;

    mg_erd_opts_init(&opts);
    values(&tables, tc->tables);
    values(&exclude, tc->exclude);
    values(&around, tc->around);
    opts.tables = &tables;
    opts.exclude = &exclude;
    opts.around = &around;
    mg_error_clear(&err);
    rc = mg_erd_select(&got, md, &opts, &err);
    if (tc->code) {
        ck_assert_msg(rc == tc->code, "%s: rc %d, want %d", tc->name, rc,
                      tc->code);
        ck_assert_str_eq(err.msg, tc->want);
    } else {
        ck_mg_ok(rc, &err);
        mg_strlist_join(&got, " ", &joined);
        ck_assert_msg(strcmp(mg_buf_cstr(&joined), tc->want) == 0,
                      "%s: got '%s', want '%s'", tc->name,
                      mg_buf_cstr(&joined), tc->want);
    }
    mg_buf_release(&joined);
    mg_strlist_release(&got);
    mg_strlist_release(&tables);
    mg_strlist_release(&exclude);
    mg_strlist_release(&around);
    mg_metadata_free(md);
}
END_TEST

/* Errors stop rendering too, and NULL opts means the defaults. */
START_TEST(test_erd_render_errors_and_defaults)
{
    mg_metadata *md = model(CHAIN_SQL);
    mg_strlist around = MG_STRLIST_INIT;
    mg_buf out = MG_BUF_INIT;
    mg_erd_opts opts;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_erd_render(&out, md, NULL, &err), &err);
    ck_assert_int_eq(strncmp(mg_buf_cstr(&out), "erDiagram\n    \"a\" {\n",
                             20), 0);
    mg_buf_clear(&out);
    mg_erd_opts_init(&opts);
    ck_assert_int_eq(mg_strlist_add(&around, "zzz"), 0);
    opts.around = &around;
    ck_assert_int_eq(mg_erd_render(&out, md, &opts, &err), MG_ENOTFOUND);
    ck_assert_str_eq(err.msg, "no table 'zzz' to draw around");
    opts.around = NULL;
    opts.format = (mg_erd_format)7;
    ck_assert_int_eq(mg_erd_render(&out, md, &opts, &err), MG_EUSAGE);
    mg_strlist_release(&around);
    mg_buf_release(&out);
    mg_metadata_free(md);
}
END_TEST

/* ---- views --------------------------------------------------------------- */

/* film and actor, a view reading both (and a name that is nothing), a
 * view reading that view, a materialized view reading nothing drawn. */
static mg_metadata *
views_model(void)
{
    mg_metadata *md = model("CREATE TABLE film (id INTEGER PRIMARY KEY);\n"
                            "CREATE TABLE actor (id INTEGER PRIMARY KEY);\n");
    mg_object *o;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_metadata_add_object(md, MG_OBJ_VIEW, NULL, "film_list",
                                    NULL, "CREATE VIEW film_list AS ...",
                                    &o, &err), &err);
    ck_assert_int_eq(mg_strlist_add(&o->depends, "film"), 0);
    ck_assert_int_eq(mg_strlist_add(&o->depends, "ACTOR"), 0);
    ck_assert_int_eq(mg_strlist_add(&o->depends, "nosuch"), 0);
    ck_mg_ok(mg_metadata_add_object(md, MG_OBJ_VIEW, NULL, "top_films",
                                    NULL, "CREATE VIEW top_films AS ...",
                                    &o, &err), &err);
    ck_assert_int_eq(mg_strlist_add(&o->depends, "film_list"), 0);
    ck_mg_ok(mg_metadata_add_object(md, MG_OBJ_MATVIEW, NULL, "stats",
                                    NULL, "CREATE MATERIALIZED VIEW stats "
                                    "AS ...", &o, &err), &err);
    ck_assert_int_eq(mg_strlist_add(&o->depends, "nosuch"), 0);
    ck_mg_ok(mg_metadata_add_object(md, MG_OBJ_SEQUENCE, NULL, "seq", NULL,
                                    "CREATE SEQUENCE seq", &o, &err), &err);
    return md;
}

#define DOT_VIEW(kind, name) \
    "    \"" name "\" [label=<<table border=\"1\" style=\"dashed\" " \
    "cellborder=\"0\" cellspacing=\"0\" cellpadding=\"4\">\n" \
    "        <tr><td port=\"h\"><i>" kind "</i> <b>" name "</b></td></tr>\n" \
    "    </table>>];\n"

static const struct view_case {
    const char   *name;
    mg_erd_format format;
    const char   *tables, *around;
    const char   *want;
} view_cases[] = {
    { "mermaid: views are entities joined by dashed lines", MG_ERD_MERMAID,
      NULL, NULL,
      "erDiagram\n" MM_ID("film") MM_ID("actor")
      "    \"film_list\"\n"
      "    \"top_films\"\n"
      "    \"stats\"\n"
      "    \"film\" ||..o{ \"film_list\" : \"read by view\"\n"
      "    \"actor\" ||..o{ \"film_list\" : \"read by view\"\n"
      "    \"film_list\" ||..o{ \"top_films\" : \"read by view\"\n" },
    { "dot: views are dashed boxes, their lines dashed from the header",
      MG_ERD_DOT, NULL, NULL,
      DOT_HEAD("") DOT_ID("film") DOT_ID("actor")
      DOT_VIEW("view", "film_list") DOT_VIEW("view", "top_films")
      DOT_VIEW("materialized view", "stats")
      "    \"film\":\"h\":e -> \"film_list\":\"h\":w [id=\"view1\", "
      "arrowtail=none, arrowhead=normal, style=dashed];\n"
      "    \"actor\":\"h\":e -> \"film_list\":\"h\":w [id=\"view2\", "
      "arrowtail=none, arrowhead=normal, style=dashed];\n"
      "    \"film_list\":\"h\":e -> \"top_films\":\"h\":w [id=\"view3\", "
      "arrowtail=none, arrowhead=normal, style=dashed];\n"
      "}\n" },
    { "globs choose views too", MG_ERD_MERMAID, "film*", NULL,
      "erDiagram\n" MM_ID("film")
      "    \"film_list\"\n"
      "    \"film\" ||..o{ \"film_list\" : \"read by view\"\n" },
    { "around: the views that read a kept table", MG_ERD_MERMAID, NULL,
      "actor:0",
      "erDiagram\n" MM_ID("actor")
      "    \"film_list\"\n"
      "    \"actor\" ||..o{ \"film_list\" : \"read by view\"\n" },
};

START_TEST(test_erd_view_cases)
{
    const struct view_case *tc = &view_cases[_i];
    mg_strlist tables = MG_STRLIST_INIT, around = MG_STRLIST_INIT;
    mg_metadata *md = views_model();
    mg_erd_opts opts;

    mg_erd_opts_init(&opts);
    opts.format = tc->format;
    values(&tables, tc->tables);
    values(&around, tc->around);
    opts.tables = &tables;
    opts.around = &around;
    expect_render(md, &opts, tc->name, tc->want);
    mg_strlist_release(&tables);
    mg_strlist_release(&around);
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_erd_group_parse)
{
    mg_erd_group g = MG_ERD_GROUP_NONE;
    mg_error err;

    ck_assert_int_eq(mg_erd_group_parse(&g, "Schema", &err), 0);
    ck_assert_int_eq(g, MG_ERD_GROUP_SCHEMA);
    ck_assert_int_eq(mg_erd_group_parse(&g, "prefix", &err), 0);
    ck_assert_int_eq(g, MG_ERD_GROUP_PREFIX);
    ck_assert_int_eq(mg_erd_group_parse(&g, "owner", &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "unknown grouping 'owner' (expected schema "
                     "or prefix)");
    ck_assert_int_eq(g, MG_ERD_GROUP_PREFIX);
}
END_TEST

/* ---- formats --------------------------------------------------------------- */

START_TEST(test_erd_formats)
{
    static const struct {
        const char   *path;
        int           rc;
        mg_erd_format format;
    } paths[] = {
        { "erd.mmd", 0, MG_ERD_MERMAID }, { "docs/SCHEMA.MD", 0,
          MG_ERD_MERMAID }, { "a.b/erd.dot", 0, MG_ERD_DOT },
        { "erd.gv", 0, MG_ERD_DOT }, { "out/erd.svg", 0, MG_ERD_SVG },
        { "erd.png", MG_ENOTFOUND, MG_ERD_DOT }, { "a.dot/erd",
          MG_ENOTFOUND, MG_ERD_DOT }, { "erd", MG_ENOTFOUND, MG_ERD_DOT },
    };
    mg_erd_format f;
    mg_error err;
    size_t i;

    for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        f = MG_ERD_DOT;
        ck_assert_msg(mg_erd_format_for_path(&f, paths[i].path) ==
                      paths[i].rc, "%s", paths[i].path);
        ck_assert_msg(f == paths[i].format, "%s: format %d", paths[i].path,
                      (int)f);
    }
    ck_assert_int_eq(mg_erd_format_parse(&f, "DOT", &err), 0);
    ck_assert_int_eq(f, MG_ERD_DOT);
    ck_assert_int_eq(mg_erd_format_parse(&f, "svg", &err), 0);
    ck_assert_int_eq(f, MG_ERD_SVG);
    ck_assert_int_eq(mg_erd_format_parse(&f, "mermaid", &err), 0);
    ck_assert_int_eq(f, MG_ERD_MERMAID);
    ck_assert_int_eq(mg_erd_format_parse(&f, "png", &err), MG_EUSAGE);
    ck_assert_str_eq(err.msg, "unknown diagram format 'png' (expected "
                     "mermaid, dot or svg)");
    ck_assert_str_eq(mg_erd_format_name(MG_ERD_MERMAID), "mermaid");
    ck_assert_str_eq(mg_erd_format_name(MG_ERD_DOT), "dot");
    ck_assert_str_eq(mg_erd_format_name(MG_ERD_SVG), "svg");
}
END_TEST

/* SVG through libgvc when built with it; a clear error otherwise. */
START_TEST(test_erd_svg)
{
    mg_metadata *md = model(USERS_POSTS("NOT NULL"));
    mg_buf out = MG_BUF_INIT;
    mg_erd_opts opts;
    mg_error err;
    int rc;

    mg_erd_opts_init(&opts);
    opts.format = MG_ERD_SVG;
    mg_error_clear(&err);
    rc = mg_erd_render(&out, md, &opts, &err);
#ifdef MG_WITH_GVC
    ck_assert_int_eq(mg_erd_svg_available(), 1);
    ck_mg_ok(rc, &err);
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&out), "<svg"));
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&out), ">users</text>"));
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&out), ">user_id</text>"));
    ck_assert_ptr_nonnull(strstr(mg_buf_cstr(&out), "</svg>"));
#else
    ck_assert_int_eq(mg_erd_svg_available(), 0);
    ck_assert_int_eq(rc, MG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "Graphviz (libgvc)"));
    ck_assert_uint_eq(out.len, 0);
#endif
    mg_buf_release(&out);
    mg_metadata_free(md);
}
END_TEST

Suite *
erd_suite(void)
{
    Suite *s = suite_create("erd");
    TCase *tc;

    tc = tcase_create("render");
    tcase_add_loop_test(tc, test_erd_render_cases, 0,
                        (int)(sizeof(render_cases) / sizeof(render_cases[0])));
    tcase_add_test(tc, test_erd_render_errors_and_defaults);
    suite_add_tcase(s, tc);
    tc = tcase_create("select");
    tcase_add_loop_test(tc, test_erd_select_cases, 0,
                        (int)(sizeof(select_cases) / sizeof(select_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("views");
    tcase_add_loop_test(tc, test_erd_view_cases, 0,
                        (int)(sizeof(view_cases) / sizeof(view_cases[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("formats");
    tcase_add_test(tc, test_erd_group_parse);
    tcase_add_test(tc, test_erd_formats);
    tcase_add_test(tc, test_erd_svg);
    suite_add_tcase(s, tc);
    return s;
}
