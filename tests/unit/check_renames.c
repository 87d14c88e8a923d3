/* check_renames.c - renames that keep data: the model annotation
 * "-- migrate: renamed from OLD" read onto the table or column whose line
 * it is on (exact renamed_from values, exact errors), and mg_compare's
 * rename ops rendered for each dialect with their exact inverse. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* text parsed and finished into a new metadata. */
static mg_metadata *
parse(const char *text, mg_error *err)
{
    mg_metadata *md = NULL;

    ck_mg_ok(mg_metadata_new(&md, err), err);
    if (mg_model_parse(md, "m.sql", text, strlen(text), 0, err) < 0 ||
        mg_model_finish(md, err) < 0) {
        mg_metadata_free(md);
        return NULL;
    }
    return md;
}

/* "table<-old table.col<-old ..." for every annotation of md. */
static void
annotations(mg_buf *b, const mg_metadata *md)
{
    size_t i, k;

    for (i = 0; i < mg_metadata_table_count(md); i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        if (t->renamed_from)
            mg_buf_addf(b, "%s<-%s ", t->name, t->renamed_from);
        for (k = 0; k < t->ncolumns; k++)
            if (t->columns[k]->renamed_from)
                mg_buf_addf(b, "%s.%s<-%s ", t->name, t->columns[k]->name,
                            t->columns[k]->renamed_from);
    }
}

static const struct {
    const char *model;
    const char *want;       /* annotations, or the exact error */
} parse_cases[] = {
    { "CREATE TABLE people ( -- migrate: renamed from users\n"
      "    id INTEGER,\n    mail TEXT, -- migrate: renamed from email\n"
      "    CONSTRAINT uq UNIQUE (mail) -- migrate: other annotation\n);\n",
      "people<-users people.mail<-email " },
    { "CREATE TABLE IF NOT EXISTS \"T\" (\"a b\" INT -- migrate:  renamed "
      "from  \"x y\"  \n);\n-- a plain comment\n",
      "T.a b<-x y " },
    { "CREATE TABLE t (a INT, b TEXT DEFAULT '-- migrate: renamed from z');\n",
      "" },
    { "CREATE TABLE t (\n  a INT,\n  -- migrate: renamed from q\n  b INT);\n",
      "m.sql:3:3: '-- migrate: renamed from q' must be on the line of a table "
      "or column definition" },
    { "CREATE TABLE t (a INT -- migrate: renamed from\n);\n",
      "m.sql:1:23: '-- migrate: renamed from' needs the old name" },
};

START_TEST(test_renames_parse)
{
    mg_buf b = MG_BUF_INIT;
    mg_metadata *md;
    mg_error err;

    mg_error_clear(&err);
    md = parse(parse_cases[_i].model, &err);
    if (md)
        annotations(&b, md);
    ck_assert_str_eq(md ? mg_buf_cstr(&b) : err.msg, parse_cases[_i].want);
    mg_buf_release(&b);
    mg_metadata_free(md);
}
END_TEST

static const struct {
    const char *dialect;
    const char *up, *down;
} render_cases[] = {
    { "sqlite",
      "ALTER TABLE \"a\" RENAME TO \"b\";\n"
      "ALTER TABLE \"b\" RENAME COLUMN \"x\" TO \"y\";\n",
      "ALTER TABLE \"b\" RENAME COLUMN \"y\" TO \"x\";\n"
      "ALTER TABLE \"b\" RENAME TO \"a\";\n" },
    { "postgresql",
      "ALTER TABLE \"a\" RENAME TO \"b\";\n"
      "ALTER TABLE \"b\" RENAME COLUMN \"x\" TO \"y\";\n",
      "ALTER TABLE \"b\" RENAME COLUMN \"y\" TO \"x\";\n"
      "ALTER TABLE \"b\" RENAME TO \"a\";\n" },
    { "mariadb",
      "ALTER TABLE `a` RENAME TO `b`;\n"
      "ALTER TABLE `b` RENAME COLUMN `x` TO `y`;\n",
      "ALTER TABLE `b` RENAME COLUMN `y` TO `x`;\n"
      "ALTER TABLE `b` RENAME TO `a`;\n" },
};

/* A table and its column renamed, with an index on the column; and an
 * annotation whose old name is gone, which changes nothing. */
START_TEST(test_renames_render)
{
    const mg_dialect *d = NULL;
    mg_metadata *have, *want, *again;
    mg_oplist *ops = NULL, *rev = NULL, *none = NULL;
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT;
    mg_error err;

    mg_error_clear(&err);
    if (mg_dialect_resolve(&d, render_cases[_i].dialect, NULL, &err) < 0) {
        test_skip("dialect not built");
        return;
    }
    have = parse("CREATE TABLE a (id INT, x TEXT);\n"
                 "CREATE INDEX ix_a_x ON a (x);\n", &err);
    want = parse("CREATE TABLE b ( -- migrate: renamed from a\n"
                 "  id INT,\n  y TEXT -- migrate: renamed from x\n);\n"
                 "CREATE INDEX ix_a_x ON b (y);\n", &err);
    ck_assert_ptr_nonnull(have);
    ck_assert_ptr_nonnull(want);
    ck_mg_ok(mg_compare(&ops, have, want, d, NULL, &err), &err);
    ck_mg_ok(mg_oplist_reverse(&rev, ops, &err), &err);
    ck_mg_ok(mg_render(&up, ops, d, &err), &err);
    ck_mg_ok(mg_render(&down, rev, d, &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&up), render_cases[_i].up);
    ck_assert_str_eq(mg_buf_cstr(&down), render_cases[_i].down);
    ck_assert_str_eq(mg_op_kind_name(mg_oplist_at(ops, 0)->kind),
                     "rename_table");
    /* the inverse shares the renamed copy of have the list keeps */
    mg_oplist_free(ops);
    mg_buf_clear(&down);
    ck_mg_ok(mg_render(&down, rev, d, &err), &err);
    ck_assert_str_eq(mg_buf_cstr(&down), render_cases[_i].down);
    /* the rename done: the annotations are satisfied */
    again = parse("CREATE TABLE b (id INT, y TEXT);\n"
                  "CREATE INDEX ix_a_x ON b (y);\n", &err);
    ck_mg_ok(mg_compare(&none, again, want, d, NULL, &err), &err);
    ck_assert_uint_eq(mg_oplist_count(none), 0);
    mg_oplist_free(none);
    mg_oplist_free(rev);
    mg_metadata_free(have);
    mg_metadata_free(again);
    mg_metadata_free(want);
    mg_buf_release(&up);
    mg_buf_release(&down);
}
END_TEST

/* A drop and an add of the same type in one table: hinted, not renamed. */
START_TEST(test_renames_hint)
{
    const mg_dialect *d = mg_dialect_default();
    mg_metadata *have, *want;
    mg_oplist *ops = NULL;
    mg_strlist hints = MG_STRLIST_INIT;
    mg_error err;

    mg_error_clear(&err);
    have = parse("CREATE TABLE t (id INT, a TEXT, n INT);\n"
                 "CREATE TABLE old (k INT);\n", &err);
    want = parse("CREATE TABLE t (id INT, b TEXT, m TEXT);\n"
                 "CREATE TABLE new (k INT);\n", &err);
    ck_mg_ok(mg_compare(&ops, have, want, d, NULL, &err), &err);
    ck_mg_ok(mg_compare_rename_hints(&hints, ops, &err), &err);
    ck_assert_uint_eq(hints.n, 3);
    ck_assert_str_eq(hints.v[0], "table new is added and table old "
                     "dropped, with the same columns: if it is a rename, "
                     "write '-- migrate: renamed from old' on the line of "
                     "table new in the model to keep the data");
    ck_assert_str_eq(hints.v[1], "t.b is added and t.a dropped, of the same "
                     "type: if it is a rename, write '-- migrate: renamed "
                     "from a' on the line of column b in the model to keep "
                     "the data");
    ck_assert_str_eq(hints.v[2], "t.m is added and t.a dropped, of the same "
                     "type: if it is a rename, write '-- migrate: renamed "
                     "from a' on the line of column m in the model to keep "
                     "the data");
    mg_strlist_release(&hints);
    mg_oplist_free(ops);
    mg_metadata_free(have);
    mg_metadata_free(want);
}
END_TEST

Suite *
renames_suite(void)
{
    Suite *s = suite_create("renames");
    TCase *tc = tcase_create("renames");

    tcase_add_loop_test(tc, test_renames_parse, 0,
                        sizeof(parse_cases) / sizeof(parse_cases[0]));
    tcase_add_loop_test(tc, test_renames_render, 0,
                        sizeof(render_cases) / sizeof(render_cases[0]));
    tcase_add_test(tc, test_renames_hint);
    suite_add_tcase(s, tc);
    return s;
}
