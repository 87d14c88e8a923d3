/* cli_diagram.c - `migrate erd` and `migrate sorted-tables` through the
 * binary: the default source (models) with and without a project, each
 * format, -o with the format taken from the extension, table selection,
 * dependency order forwards and reversed, cycles reported on stderr with
 * exit 0, --json shapes, and the usage errors (exit 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
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
    "    \"groups\" ||--o{ \"user_groups\" : \"group_id\"\n"
    "    \"users\" }o..o{ \"groups\" : \"user_groups\"\n";

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
    ck_contains(r.out, "\"users\":\"c0\" -> \"posts\":\"c1\" "
                "[label=\"user_id\", arrowtail=teetee, arrowhead=crowodot];\n");
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
    ck_contains(r.out, "    \"users\" }o..o{ \"groups\" : \"user_groups\"\n");
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
    ck_assert_str_eq(r.err, "migrate: cycle: foreign key fk_a_c_id_c on a "
                     "(-> c) set aside\n");
    run_free(&r);
    r = migrate("-q sorted-tables --from models:cyclic.sql --reverse");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "d\nc\nb\na\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("sorted-tables --json --from models:cyclic.sql");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'tables': ['a', 'b', 'c', 'd'], 'cycles': "
            "[{'table': 'a', 'foreign_key': 'fk_a_c_id_c', 'references': "
            "'c'}]}");
    run_free(&r);
}
END_TEST

Suite *
cli_diagram_suite(void)
{
    Suite *s = suite_create("cli_diagram");
    TCase *tc = tcase_create("erd");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_erd_mermaid_default);
    tcase_add_test(tc, test_erd_project_models);
    tcase_add_test(tc, test_erd_dot);
    tcase_add_test(tc, test_erd_output_extension);
    tcase_add_test(tc, test_erd_svg);
    tcase_add_test(tc, test_erd_selection);
    tcase_add_test(tc, test_erd_json);
    tcase_add_test(tc, test_erd_errors);
    tcase_add_test(tc, test_erd_help);
    suite_add_tcase(s, tc);
    tc = tcase_create("sorted_tables");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sorted_tables);
    tcase_add_test(tc, test_sorted_tables_cycle);
    suite_add_tcase(s, tc);
    return s;
}
