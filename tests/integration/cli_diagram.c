/* cli_diagram.c - `migrate erd` and `migrate sorted-tables` through the
 * binary: the default source (models) with and without a project, each
 * format, -o with the format taken from the extension, table selection,
 * dependency order forwards and reversed, cycles reported on stderr with
 * exit 0, --json shapes, and the usage errors (exit 2); and one schema
 * with every kind of relationship drawn exactly as tests/golden/ holds it
 * (Mermaid, DOT) and as well-formed SVG, from the model file and read back
 * from SQLite, PostgreSQL and MariaDB databases built by `upgrade head`
 * (issue 6). Issue 25: --collapse-associations, --group-by, the notice
 * for more than 150 tables; the SVG's geometry on real public schemas and
 * on generated ones of 10, 100 and 1,000 tables (erd_geometry.py); and
 * the Mermaid text through Mermaid's own parser (mermaid_parse.mjs) where
 * it is installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "servers.h"
#include "suites.h"

/* Parents: users; children: posts (NOT NULL), profiles (unique);
 * user_groups joins users and groups. */
static const char models[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT "
    "NULL UNIQUE);\n"
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
    "REFERENCES users (id));\n"
    "CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER UNIQUE "
    "REFERENCES users (id));\n"
    "CREATE TABLE groups (id INTEGER PRIMARY KEY);\n"
    "CREATE TABLE user_groups (user_id INTEGER NOT NULL REFERENCES users "
    "(id), group_id INTEGER NOT NULL REFERENCES groups (id), PRIMARY KEY "
    "(user_id, group_id));\n";

/* a -> b -> c -> a, and d below c. */
static const char cyclic[] =
    "CREATE TABLE a (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c "
    "(id));\n"
    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a "
    "(id));\n"
    "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b "
    "(id));\n"
    "CREATE TABLE d (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c "
    "(id));\n";

/* Every kind of relationship, tables in name order (the order PostgreSQL
 * and MariaDB reflect them in): a nullable unique key (avatars), a
 * composite key (grants -> memberships), an association table
 * (memberships), a key made unique by a unique index (passports),
 * NOT NULL and nullable keys (posts), a NOT NULL unique key on a table
 * without a primary key (profiles) and a self reference (users). The
 * diagrams are tests/golden/erd_every.mmd and .dot. */
#define EVERY_AVATARS \
    "CREATE TABLE avatars (id INTEGER PRIMARY KEY, user_id INTEGER UNIQUE " \
    "REFERENCES users (id));\n"
#define EVERY_GRANTS \
    "CREATE TABLE grants (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL, " \
    "user_id INTEGER NOT NULL, FOREIGN KEY (team_id, user_id) REFERENCES " \
    "memberships (team_id, user_id));\n"
#define EVERY_MEMBERSHIPS \
    "CREATE TABLE memberships (team_id INTEGER NOT NULL REFERENCES teams " \
    "(id), user_id INTEGER NOT NULL REFERENCES users (id), role " \
    "VARCHAR(20), PRIMARY KEY (team_id, user_id));\n"
#define EVERY_PASSPORTS \
    "CREATE TABLE passports (id INTEGER PRIMARY KEY, user_id INTEGER NOT " \
    "NULL REFERENCES users (id));\n" \
    "CREATE UNIQUE INDEX ux_passports_user ON passports (user_id);\n"
#define EVERY_POSTS \
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL " \
    "REFERENCES users (id), team_id INTEGER REFERENCES teams (id));\n"
#define EVERY_PROFILES \
    "CREATE TABLE profiles (user_id INTEGER NOT NULL UNIQUE REFERENCES " \
    "users (id), bio VARCHAR(200));\n"
#define EVERY_TEAMS \
    "CREATE TABLE teams (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT " \
    "NULL);\n"
#define EVERY_USERS \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT " \
    "NULL UNIQUE, manager_id INTEGER REFERENCES users (id));\n"

/* In name order (models, and SQLite, which takes references forwards). */
static const char every_sql[] =
    EVERY_AVATARS EVERY_GRANTS EVERY_MEMBERSHIPS EVERY_PASSPORTS EVERY_POSTS
    EVERY_PROFILES EVERY_TEAMS EVERY_USERS;
/* Parents first, for servers that check references when creating. */
static const char every_ordered_sql[] =
    EVERY_TEAMS EVERY_USERS EVERY_AVATARS EVERY_MEMBERSHIPS EVERY_GRANTS
    EVERY_PASSPORTS EVERY_POSTS EVERY_PROFILES;
static const char every_drop_sql[] =
    "DROP TABLE profiles;\nDROP TABLE posts;\nDROP TABLE passports;\n"
    "DROP TABLE grants;\nDROP TABLE memberships;\nDROP TABLE avatars;\n"
    "DROP TABLE users;\nDROP TABLE teams;\n";
static const char every_order[] =
    "teams\nusers\navatars\nmemberships\ngrants\npassports\nposts\n"
    "profiles\n";

/* The server whose database a test made, dropped by teardown. */
static const server *used_server;

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    project_enter();
    write_file("models.sql", models);
}

static void
teardown(void)
{
    if (used_server)
        server_drop_db(used_server);
    used_server = NULL;
    project_leave();
}

static const char mermaid_want[] =
    "erDiagram\n"
    "    \"users\" {\n"
    "        INTEGER id PK\n"
    "        VARCHAR(100) email UK\n"
    "    }\n"
    "    \"posts\" {\n"
    "        INTEGER id PK\n"
    "        INTEGER user_id FK\n"
    "    }\n"
    "    \"profiles\" {\n"
    "        INTEGER id PK\n"
    "        INTEGER user_id FK, UK\n"
    "    }\n"
    "    \"groups\" {\n"
    "        INTEGER id PK\n"
    "    }\n"
    "    \"user_groups\" {\n"
    "        INTEGER user_id PK, FK\n"
    "        INTEGER group_id PK, FK\n"
    "    }\n"
    "    \"users\" ||--o{ \"posts\" : \"user_id\"\n"
    "    \"users\" |o--o| \"profiles\" : \"user_id\"\n"
    "    \"users\" ||--o{ \"user_groups\" : \"user_id\"\n"
    "    \"groups\" ||--o{ \"user_groups\" : \"group_id\"\n";

/* No project: models.sql in the current directory, Mermaid by default. */
START_TEST(test_erd_mermaid_default)
{
    run_result r = migrate("erd");

    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, mermaid_want);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("erd --format mermaid --from models:models.sql");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, mermaid_want);
    run_free(&r);
}
END_TEST

/* In a project the config's models path is the default source. */
START_TEST(test_erd_project_models)
{
    run_result r;

    project_init();
    write_file("models.sql", "CREATE TABLE only_me (id INTEGER PRIMARY "
               "KEY);\n");
    r = migrate("erd");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "erDiagram\n    \"only_me\" {\n        INTEGER id "
                     "PK\n    }\n");
    run_free(&r);
    r = migrate("sorted-tables");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "only_me\n");
    run_free(&r);
}
END_TEST

START_TEST(test_erd_dot)
{
    run_result r = migrate("erd --format dot --tables users,posts");

    ck_run_status(r, 0);
    ck_assert_int_eq(strncmp(r.out, "digraph erd {\n", 14), 0);
    ck_contains(r.out, "<b>users</b>");
    ck_contains(r.out, "<b>posts</b>");
    ck_not_contains(r.out, "<b>profiles</b>");
    ck_contains(r.out, "\"users\":\"c0e\":e -> \"posts\":\"c1w\":w "
                "[id=\"fk1\", arrowtail=teetee, arrowhead=crowodot];\n");
    ck_assert_int_eq(strcmp(r.out + strlen(r.out) - 2, "}\n"), 0);
    run_free(&r);
}
END_TEST

/* -o: the extension picks the format unless --format says otherwise. */
START_TEST(test_erd_output_extension)
{
    static const struct {
        const char *args, *file, *starts;
    } cases[] = {
        { "erd -o erd.mmd", "erd.mmd", "erDiagram\n    \"users\" {\n" },
        { "erd -o SCHEMA.md", "SCHEMA.md", "```mermaid\nerDiagram\n" },
        { "erd -o erd.dot", "erd.dot", "digraph erd {\n" },
        { "erd --output=erd.gv", "erd.gv", "digraph erd {\n" },
        { "erd -o erd.txt", "erd.txt", "erDiagram\n" },
        { "erd --format dot -o erd.mmd", "erd.mmd", "digraph erd {\n" },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_result r = migrate("%s", cases[i].args);
        char *text;
        ck_run_status(r, 0);
        ck_assert_msg(r.out[0] == '\0', "%s printed %s", cases[i].args,
                      r.out);
        text = read_file(cases[i].file);
        ck_assert_msg(text && strncmp(text, cases[i].starts,
                                      strlen(cases[i].starts)) == 0,
                      "%s wrote\n%s", cases[i].args, text ? text : "(none)");
        free(text);
        run_free(&r);
    }
    {
        char *md = read_file("SCHEMA.md");
        ck_assert_ptr_nonnull(md);
        ck_assert_int_eq(strcmp(md + strlen(md) - 4, "```\n"), 0);
        free(md);
    }
}
END_TEST

START_TEST(test_erd_svg)
{
    run_result r = migrate("erd -o erd.svg");
#ifdef MG_WITH_GVC
    char *svg;

    ck_run_status(r, 0);
    svg = read_file("erd.svg");
    ck_assert_ptr_nonnull(svg);
    ck_contains(svg, "<svg");
    ck_contains(svg, ">user_groups</text>");
    ck_contains(svg, "</svg>");
    free(svg);
    run_free(&r);
    r = migrate("erd --format svg");
    ck_run_status(r, 0);
    ck_contains(r.out, "<svg");
#else
    ck_run_status(r, 2);
    ck_contains(r.err, "svg output needs Graphviz (libgvc)");
    ck_assert_int_eq(path_exists("erd.svg"), 0);
    run_free(&r);
    r = migrate("erd --format svg");
    ck_run_status(r, 2);
    ck_contains(r.err, "svg output needs Graphviz (libgvc)");
#endif
    run_free(&r);
}
END_TEST

START_TEST(test_erd_selection)
{
    run_result r = migrate("erd --around profiles");

    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "erDiagram\n"
                     "    \"users\" {\n"
                     "        INTEGER id PK\n"
                     "        VARCHAR(100) email UK\n"
                     "    }\n"
                     "    \"profiles\" {\n"
                     "        INTEGER id PK\n"
                     "        INTEGER user_id FK, UK\n"
                     "    }\n"
                     "    \"users\" |o--o| \"profiles\" : \"user_id\"\n");
    run_free(&r);
    r = migrate("erd --around profiles:3 --exclude 'user_*' --exclude posts");
    ck_run_status(r, 0);
    ck_contains(r.out, "\"groups\" {");
    ck_not_contains(r.out, "\"posts\" {");
    ck_not_contains(r.out, "\"user_groups\" {");
    /* one line per foreign key drawn: none for a table left out */
    ck_not_contains(r.out, "}o..o{");
    run_free(&r);
}
END_TEST

/* --collapse-associations: the pure association table user_groups is one
 * many-to-many line instead of a table and two lines. */
START_TEST(test_erd_collapse_associations)
{
    run_result r = migrate("erd --collapse-associations --tables "
                           "'*group*'");

    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "erDiagram\n"
                     "    \"groups\" {\n"
                     "        INTEGER id PK\n"
                     "    }\n"
                     "    \"user_groups\" {\n"
                     "        INTEGER user_id PK, FK\n"
                     "        INTEGER group_id PK, FK\n"
                     "    }\n"
                     "    \"groups\" ||--o{ \"user_groups\" : "
                     "\"group_id\"\n");
    run_free(&r);
    r = migrate("erd --collapse-associations --around user_groups");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "erDiagram\n"
                     "    \"users\" {\n"
                     "        INTEGER id PK\n"
                     "        VARCHAR(100) email UK\n"
                     "    }\n"
                     "    \"groups\" {\n"
                     "        INTEGER id PK\n"
                     "    }\n"
                     "    \"users\" }o..o{ \"groups\" : \"user_groups\"\n");
    run_free(&r);
}
END_TEST

/* --group-by: DOT clusters; a bad grouping is a usage error. */
START_TEST(test_erd_group_by)
{
    run_result r;

    write_file("g.sql", "CREATE TABLE auth_user (id INTEGER PRIMARY KEY);\n"
               "CREATE TABLE auth_group (id INTEGER PRIMARY KEY, user_id "
               "INTEGER REFERENCES auth_user (id));\n");
    r = migrate("erd --from models:g.sql --format dot --group-by prefix");
    ck_run_status(r, 0);
    ck_contains(r.out, "newrank=true");
    ck_contains(r.out, "    subgraph \"cluster_1\" {\n    graph "
                "[label=\"auth\", ");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("erd --group-by owner");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "migrate: unknown grouping 'owner' (expected "
                     "schema or prefix)\n");
    run_free(&r);
}
END_TEST

/* n tables t0001... in a chain of foreign keys, into path. */
static void
write_chain(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    int i;

    ck_assert_ptr_nonnull(f);
    fprintf(f, "CREATE TABLE t0001 (id INTEGER PRIMARY KEY);\n");
    for (i = 2; i <= n; i++)
        fprintf(f, "CREATE TABLE t%04d (id INTEGER PRIMARY KEY, up INTEGER "
                "REFERENCES t%04d (id));\n", i, i - 1);
    ck_assert_int_eq(fclose(f), 0);
}

/* More than 150 tables without --tables, --exclude or --around: a notice
 * on stderr (not with -q, not with a filter), the diagram all the same. */
START_TEST(test_erd_large_notice)
{
    run_result r;

    write_chain("big.sql", 151);
    write_chain("ok.sql", 150);
    r = migrate("erd --from models:big.sql");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "migrate: drawing all 151 tables; a diagram of "
                     "more than 150 is hard to read: choose some with "
                     "--tables, --exclude or --around, or cluster them with "
                     "--group-by\n");
    ck_contains(r.out, "\"t0151\" {");
    run_free(&r);
    r = migrate("erd --from models:ok.sql");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("-q erd --from models:big.sql");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("erd --from models:big.sql --tables 't*'");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

START_TEST(test_erd_json)
{
    run_result r = migrate("--json erd --tables groups");

    ck_run_status(r, 0);
    ck_json(r.out, "d == {'format': 'mermaid', 'diagram': 'erDiagram\\n    "
            "\"groups\" {\\n        INTEGER id PK\\n    }\\n'}");
    run_free(&r);
    r = migrate("erd -o x.gv --json");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'format': 'dot', 'output': 'x.gv'}");
    run_free(&r);
}
END_TEST

START_TEST(test_erd_errors)
{
    static const struct {
        const char *args, *err;
    } cases[] = {
        { "erd --format png", "migrate: unknown diagram format 'png' "
          "(expected mermaid, dot or svg)\n" },
        { "erd --around nobody", "migrate: no table 'nobody' to draw "
          "around\n" },
        { "erd --around users:two", "migrate: invalid depth in "
          "'users:two' (expected TABLE[:DEPTH], DEPTH a whole number)\n" },
        { "erd --from models:missing.sql", NULL },
        { "erd --from nowhere", NULL },
        { "erd --bogus", "migrate: unknown option '--bogus'\n"
          "Try 'migrate erd --help'.\n" },
        { "erd extra", NULL },
        { "sorted-tables --from models:missing.sql", NULL },
        { "-c nope.ini sorted-tables", NULL },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_result r = migrate("%s", cases[i].args);
        ck_assert_msg(r.status == 2, "%s: exit %d\n%s%s", cases[i].args,
                      r.status, r.out, r.err);
        ck_assert_msg(r.out[0] == '\0', "%s printed %s", cases[i].args,
                      r.out);
        if (cases[i].err)
            ck_assert_str_eq(r.err, cases[i].err);
        else
            ck_assert_int_eq(strncmp(r.err, "migrate: ", 9), 0);
        run_free(&r);
    }
    ck_assert_int_eq(path_exists("missing.sql"), 0);
}
END_TEST

START_TEST(test_erd_help)
{
    run_result r = migrate("erd --help");

    ck_run_status(r, 0);
    ck_contains(r.out, "usage: migrate erd [--from SRC] [--format "
                "mermaid|dot|svg] [-o FILE]\n");
    ck_contains(r.out, "  -o, --output FILE");
    ck_contains(r.out, "--around TABLE[:DEPTH]");
    run_free(&r);
    r = migrate("sorted-tables --help");
    ck_run_status(r, 0);
    ck_contains(r.out, "usage: migrate sorted-tables");
    ck_contains(r.out, "--reverse");
    run_free(&r);
}
END_TEST

/* A golden file, tests/golden/NAME under $MIGRATE_SRCDIR (make check
 * sets it), else under the source tree this file was compiled from. */
static char *
golden(const char *name)
{
    const char *dir = getenv("MIGRATE_SRCDIR");
    const char *self = __FILE__, *end = strstr(self, "tests/integration/");
    char path[4096];
    char *text;

    if (dir && *dir)
        snprintf(path, sizeof(path), "%s/tests/golden/%s", dir, name);
    else if (end)
        snprintf(path, sizeof(path), "%.*stests/golden/%s",
                 (int)(end - self), self, name);
    else
        ck_abort_msg("MIGRATE_SRCDIR is not set (make check sets it to "
                     "the source tree)");
    text = read_file(path);
    ck_assert_msg(text != NULL, "cannot read golden file %s", path);
    return text;
}

/* The SVG in file is well-formed XML with an <svg> root, and some <text>
 * element reads exactly each of the tables. */
static const char svg_check_py[] =
    "import sys, xml.dom.minidom\n"
    "d = xml.dom.minidom.parse(sys.argv[1])\n"
    "assert d.documentElement.tagName == 'svg', d.documentElement.tagName\n"
    "texts = set()\n"
    "for t in d.getElementsByTagName('text'):\n"
    "    texts.add(''.join(n.data for n in t.childNodes\n"
    "                      if n.nodeType == n.TEXT_NODE).strip())\n"
    "missing = [n for n in sys.argv[2:] if n not in texts]\n"
    "assert not missing, 'tables not named: %s' % missing\n";

/* Diagram and order of the every_sql schema read from source `from`:
 * Mermaid and DOT exactly as the golden files, an SVG naming every table
 * (unless built without Graphviz), and dependency order. */
static void
check_every(const char *from)
{
    static const char tables[] = "avatars grants memberships passports "
                                 "posts profiles teams users";
    const char *formats[2][2] = { { "mermaid", "erd_every.mmd" },
                                  { "dot", "erd_every.dot" } };
    run_result r;
    size_t i;

    for (i = 0; i < 2; i++) {
        char *want = golden(formats[i][1]);
        r = migrate("erd --from %s --format %s", from, formats[i][0]);
        ck_run_status(r, 0);
        if (strcmp(r.out, want) != 0) {
            /* the first line that differs (whole texts are too long for
             * a check message) */
            const char *g = r.out, *w = want, *gl = r.out, *wl = want;
            int line = 1;
            for (; *g && *g == *w; g++, w++)
                if (*g == '\n') {
                    line++;
                    gl = g + 1;
                    wl = w + 1;
                }
            ck_abort_msg("erd --from %s --format %s differs from "
                         "tests/golden/%s at line %d:\n  got:  %.*s\n"
                         "  want: %.*s", from, formats[i][0], formats[i][1],
                         line, (int)strcspn(gl, "\n"), gl,
                         (int)strcspn(wl, "\n"), wl);
        }
        ck_assert_str_eq(r.err, "");
        run_free(&r);
        free(want);
    }
    r = migrate("sorted-tables --from %s", from);
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, every_order);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("erd --from %s -o every.svg", from);
    if (r.status == 2 &&
        strstr(r.err, "svg output needs Graphviz (libgvc)") != NULL) {
        /* built without Graphviz: nothing else to check */
        ck_assert_int_eq(path_exists("every.svg"), 0);
        run_free(&r);
        return;
    }
    ck_run_status(r, 0);
    run_free(&r);
    write_file("svg_check.py", svg_check_py);
    r = shell("python3 svg_check.py every.svg %s", tables);
    ck_assert_msg(r.status == 0, "every.svg: %s%s", r.out, r.err);
    run_free(&r);
    /* the check itself: a table that is not there is missed */
    r = shell("python3 svg_check.py every.svg nosuchtable");
    ck_assert_int_ne(r.status, 0);
    run_free(&r);
}

/* Golden diagrams from the model file, with no project. */
START_TEST(test_erd_golden_models)
{
    write_file("every.sql", every_sql);
    check_every("models:every.sql");
}
END_TEST

/* The same diagrams read back from a SQLite database that `migrate
 * upgrade head` built from a revision file. */
START_TEST(test_erd_golden_sqlite_db)
{
    run_result r;

    project_init();
    write_file("models.sql", every_sql);
    write_revision("r1", "", NULL, every_sql, every_drop_sql);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    check_every("db");
    /* the version table is not part of the schema drawn */
    r = migrate("erd --from db");
    ck_run_status(r, 0);
    ck_not_contains(r.out, "migrate_version");
    run_free(&r);
}
END_TEST

/* The same diagrams read back from a fresh PostgreSQL or MariaDB database
 * (loop index into servers), skipped when its URL is not set. */
START_TEST(test_erd_golden_server_db)
{
    const server *s = &servers[_i];
    const char *url = server_fresh_db(s);
    char ini[2048];
    run_result r;

    if (!url)
        return;   /* skipped: that server is not configured */
    used_server = s;
    project_init();
    snprintf(ini, sizeof(ini), "[migrate]\nscript_location = migrations\n"
             "models = models.sql\nurl = %s\nversion_table = "
             "migrate_version\n", url);
    write_file("migrate.ini", ini);
    write_file("models.sql", every_sql);
    write_revision("r1", "", NULL, every_ordered_sql, every_drop_sql);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    check_every("db");
    r = migrate("sorted-tables --from db --reverse");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "profiles\nposts\npassports\ngrants\n"
                     "memberships\navatars\nusers\nteams\n");
    run_free(&r);
}
END_TEST

START_TEST(test_sorted_tables)
{
    run_result r = migrate("sorted-tables");

    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "groups\nusers\nposts\nprofiles\nuser_groups\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("sorted-tables --reverse");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "user_groups\nprofiles\nposts\nusers\ngroups\n");
    run_free(&r);
    r = migrate("--json sorted-tables");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'tables': ['groups', 'users', 'posts', "
            "'profiles', 'user_groups'], 'cycles': []}");
    run_free(&r);
}
END_TEST

/* A cycle: every table still printed, the set-aside key on stderr, 0. */
START_TEST(test_sorted_tables_cycle)
{
    run_result r;

    write_file("cyclic.sql", cyclic);
    r = migrate("sorted-tables --from models:cyclic.sql");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "a\nb\nc\nd\n");
    /* every table of the cycle is named, not only the key set aside */
    ck_assert_str_eq(r.err, "migrate: cycle between a, b, c: foreign key "
                     "fk_a_c_id_c on a (-> c) set aside\n");
    run_free(&r);
    r = migrate("-q sorted-tables --from models:cyclic.sql --reverse");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "d\nc\nb\na\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("sorted-tables --json --from models:cyclic.sql");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'tables': ['a', 'b', 'c', 'd'], 'cycles': "
            "[{'tables': ['a', 'b', 'c'], 'table': 'a', 'foreign_key': "
            "'fk_a_c_id_c', 'references': 'c'}]}");
    run_free(&r);
}
END_TEST

/* ---- geometry (issue 25) ------------------------------------------------- */

/* A file of the source tree (MIGRATE_SRCDIR), in a static buffer. */
static const char *
src_path(const char *rel)
{
    static char path[4096];
    const char *dir = getenv("MIGRATE_SRCDIR");

    ck_assert_msg(dir && *dir, "MIGRATE_SRCDIR is not set");
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    return path;
}

/* How many foreign keys a model file declares: its REFERENCES clauses
 * (counted on the text, not by migrate). */
static int
count_references(const char *path)
{
    char *text = read_file(path), *p;
    int n = 0;

    ck_assert_msg(text != NULL, "cannot read %s", path);
    for (p = text; (p = strstr(p, " REFERENCES ")) != NULL; p++)
        n++;
    free(text);
    return n;
}

/* Draw models:model (with args) as SVG and check its geometry with
 * tests/integration/erd_geometry.py: lines on the facing sides, none
 * through a table, no label on a table, fks foreign-key lines and other
 * other lines. Returns 0, or -1 when this build has no SVG. */
static int
check_geometry(const char *model, const char *args, int fks, int other)
{
    char script[4096];
    run_result r;

    r = migrate("-q erd --from 'models:%s' %s -o geometry.svg", model, args);
    if (r.status == 2 && strstr(r.err, "svg output needs Graphviz")) {
        run_free(&r);
        return -1;
    }
    ck_assert_msg(r.status == 0, "erd %s %s: exit %d\n%s", model, args,
                  r.status, r.err);
    run_free(&r);
    snprintf(script, sizeof(script), "%s",
             src_path("tests/integration/erd_geometry.py"));
    r = shell("python3 '%s' geometry.svg %d %d", script, fks, other);
    ck_assert_msg(r.status == 0, "%s %s:\n%s%s", model, args, r.out, r.err);
    fprintf(stderr, "%s %s: %s", strrchr(model, '/') ? strrchr(model, '/') + 1
                                                  : model, args, r.out);
    run_free(&r);
    return 0;
}

/* Real public schemas, each loaded natively and printed as a model file
 * by `migrate inspect` (tests/realschema/models/, each naming its source
 * repository): Chinook (lerocha/chinook-database, SQLite), Sakila
 * (SQLite port), Northwind (SQLite; and pthom/northwind_psql,
 * PostgreSQL), employees (datacharmer/test_db, MariaDB). */
START_TEST(test_erd_geometry_real)
{
    static const char *const files[] = {
        "tests/realschema/models/sqlite_chinook.sql",
        "tests/realschema/models/sqlite_sakila.sql",
        "tests/realschema/models/sqlite_northwind.sql",
        "tests/realschema/models/postgresql_northwind.sql",
        "tests/realschema/models/mariadb_employees.sql",
    };
    size_t i;

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[4096];
        int fks;
        snprintf(path, sizeof(path), "%s", src_path(files[i]));
        fks = count_references(path);
        ck_assert_int_gt(fks, 0);
        if (check_geometry(path, "", fks, 0) < 0)
            return;     /* built without Graphviz: no SVG to check */
    }
}
END_TEST

/* A generated schema of n tables in four name prefixes: a tree of NOT
 * NULL keys, a nullable key on every third table, a self reference on
 * every tenth, a key from the first table to the last (a cycle), and a
 * pure association table for every twenty tables. *fks_out gets the
 * tables' own keys, *assoc_out the association tables. */
static void
write_generated(const char *path, int n, int *fks_out, int *assoc_out)
{
    FILE *f = fopen(path, "w");
    int i, fks = 0, assoc = 0;

    ck_assert_ptr_nonnull(f);
#define GEN_NAME(i) "abcd"[(i) % 4], (i)
    for (i = 0; i < n; i++) {
        fprintf(f, "CREATE TABLE %c_t%04d (id INTEGER PRIMARY KEY, name "
                "VARCHAR(40) NOT NULL", GEN_NAME(i));
        if (i > 0)
            fks++, fprintf(f, ", parent_id INTEGER NOT NULL REFERENCES "
                           "%c_t%04d (id)", GEN_NAME((i - 1) / 2));
        if (i > 2 && i % 3 == 0)
            fks++, fprintf(f, ", other_id INTEGER REFERENCES %c_t%04d "
                           "(id)", GEN_NAME(i / 3));
        if (i % 10 == 7)
            fks++, fprintf(f, ", manager_id INTEGER REFERENCES %c_t%04d "
                           "(id)", GEN_NAME(i));
        if (i == 0 && n > 1)
            fks++, fprintf(f, ", last_id INTEGER REFERENCES %c_t%04d (id)",
                           GEN_NAME(n - 1));
        fprintf(f, ");\n");
    }
    for (i = 0; i < n; i += 20, assoc++)
        fprintf(f, "CREATE TABLE x_link%04d (l_id INTEGER NOT NULL "
                "REFERENCES %c_t%04d (id), r_id INTEGER NOT NULL REFERENCES "
                "%c_t%04d (id), PRIMARY KEY (l_id, r_id));\n", i,
                GEN_NAME(i), GEN_NAME((i + 7) % n));
#undef GEN_NAME
    ck_assert_int_eq(fclose(f), 0);
    *fks_out = fks;
    *assoc_out = assoc;
}

/* Generated schemas of 10, 100 and 1,000 tables (loop index): as they
 * are, then collapsed and in clusters by prefix. */
START_TEST(test_erd_geometry_generated)
{
    static const int sizes[] = { 10, 100, 1000 };
    int n = sizes[_i], fks, assoc;

    write_generated("generated.sql", n, &fks, &assoc);
    if (check_geometry("generated.sql", "", fks + 2 * assoc, 0) < 0)
        return;
    check_geometry("generated.sql", "--collapse-associations --group-by "
                   "prefix", fks, assoc);
}
END_TEST

/* ---- Mermaid's own parser ------------------------------------------------ */

/* Every Mermaid diagram of these tests, the real schemas', a hostile
 * one's and a Markdown one, parsed by Mermaid itself when
 * MIGRATE_MERMAID_DIR names a directory holding node_modules/mermaid
 * (scripts/install-mermaid.sh; CI sets it up); without it the golden
 * files are the check. A broken diagram must fail, so the parser is
 * known to run. */
START_TEST(test_erd_mermaid_parses)
{
    const char *dir = getenv("MIGRATE_MERMAID_DIR");
    static const char hostile[] =
        "CREATE TABLE \"one\" (\"pk\" INTEGER PRIMARY KEY, \"1st place\" "
        "NUMERIC(10,2), \"Uk\" INT, \"x~y~\" INT, \"pr\xc3\xa9nom\" TEXT, "
        "\"%\" TIMESTAMP WITH TIME ZONE);\n"
        "CREATE TABLE \"to%do\\\"\"\" (id INTEGER PRIMARY KEY, \"say \"\"hi\"\"\" "
        "INTEGER REFERENCES \"one\" (\"pk\"));\n"
        "CREATE TABLE \"class\" (a INTEGER NOT NULL "
        "REFERENCES \"one\" (\"pk\"), b INTEGER NOT NULL REFERENCES \"to%do\\\"\"\" "
        "(id), PRIMARY KEY (a, b));\n";
    static const char *const real[] = {
        "sqlite_chinook", "sqlite_sakila", "sqlite_northwind",
        "postgresql_northwind", "mariadb_employees",
    };
    char script[4096], cmd[8192];
    run_result r;
    size_t i;

    if (!dir || !*dir) {
        fprintf(stderr, "test_erd_mermaid_parses: MIGRATE_MERMAID_DIR not "
                "set, the golden files are the check\n");
        return;
    }
    snprintf(script, sizeof(script), "%s",
             src_path("tests/integration/mermaid_parse.mjs"));
    write_file("every.sql", every_sql);
    write_file("hostile.sql", hostile);
    r = migrate("erd --from models:every.sql -o every.mmd");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("erd --from models:every.sql --collapse-associations "
                "-o every.md");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("erd --from models:hostile.sql -o hostile.mmd");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("erd --from models:hostile.sql --collapse-associations "
                "-o hostile2.mmd");
    ck_run_status(r, 0);
    run_free(&r);
    snprintf(cmd, sizeof(cmd), "node '%s' '%s' every.mmd every.md "
             "hostile.mmd hostile2.mmd '%s'", script, dir,
             src_path("tests/golden/erd_every.mmd"));
    for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
        char path[4096];
        snprintf(path, sizeof(path), "tests/realschema/models/%s.sql",
                 real[i]);
        r = migrate("erd --from 'models:%s' -o %s.mmd", src_path(path),
                    real[i]);
        ck_run_status(r, 0);
        run_free(&r);
        snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), " %s.mmd",
                 real[i]);
    }
    r = shell("%s", cmd);
    ck_assert_msg(r.status == 0, "mermaid refused a diagram:\n%s%s", r.out,
                  r.err);
    ck_assert_ptr_null(strstr(r.out, "Error"));
    run_free(&r);
    write_file("broken.mmd", "erDiagram\n    \"a\" {{\n");
    r = shell("node '%s' '%s' broken.mmd", script, dir);
    ck_assert_int_ne(r.status, 0);
    ck_contains(r.out, "broken.mmd: Parse error");
    run_free(&r);
}
END_TEST

Suite *
cli_diagram_suite(void)
{
    Suite *s = suite_create("cli_diagram");
    TCase *tc = tcase_create("erd");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_erd_mermaid_default);
    tcase_add_test(tc, test_erd_project_models);
    tcase_add_test(tc, test_erd_dot);
    tcase_add_test(tc, test_erd_output_extension);
    tcase_add_test(tc, test_erd_svg);
    tcase_add_test(tc, test_erd_selection);
    tcase_add_test(tc, test_erd_collapse_associations);
    tcase_add_test(tc, test_erd_group_by);
    tcase_add_test(tc, test_erd_large_notice);
    tcase_add_test(tc, test_erd_json);
    tcase_add_test(tc, test_erd_errors);
    tcase_add_test(tc, test_erd_help);
    tcase_add_test(tc, test_erd_golden_models);
    tcase_add_test(tc, test_erd_golden_sqlite_db);
    tcase_add_loop_test(tc, test_erd_golden_server_db, 0, 2);
    tcase_add_test(tc, test_erd_mermaid_parses);
    suite_add_tcase(s, tc);
    tc = tcase_create("geometry");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_erd_geometry_real);
    tcase_add_loop_test(tc, test_erd_geometry_generated, 0, 3);
    suite_add_tcase(s, tc);
    tc = tcase_create("sorted_tables");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_sorted_tables);
    tcase_add_test(tc, test_sorted_tables_cycle);
    suite_add_tcase(s, tc);
    return s;
}
