/* check_metadata.c - types (parsing every spelling, narrowing), metadata
 * builders and lookups, op reversal, and the dependency sort with cycles. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "migrate/sys/dialect.h"

static const struct {
    const char  *text;
    mg_type_kind kind;
    int          length, precision, scale;
    const char  *formatted;
} types[] = {
    { "INTEGER", MG_TYPE_INTEGER, 0, 0, -1, "INTEGER" },
    { "int", MG_TYPE_INTEGER, 0, 0, -1, "INTEGER" },
    { "int(11)", MG_TYPE_INTEGER, 0, 0, -1, "INTEGER" },
    { "int4", MG_TYPE_INTEGER, 0, 0, -1, "INTEGER" },
    { "bigint", MG_TYPE_BIGINT, 0, 0, -1, "BIGINT" },
    { "int8", MG_TYPE_BIGINT, 0, 0, -1, "BIGINT" },
    { "SMALLINT", MG_TYPE_SMALLINT, 0, 0, -1, "SMALLINT" },
    { "VARCHAR(50)", MG_TYPE_VARCHAR, 50, 0, -1, "VARCHAR(50)" },
    { "varchar( 50 )", MG_TYPE_VARCHAR, 50, 0, -1, "VARCHAR(50)" },
    { "character varying(20)", MG_TYPE_VARCHAR, 20, 0, -1, "VARCHAR(20)" },
    { "CHAR(36)", MG_TYPE_CHAR, 36, 0, -1, "CHAR(36)" },
    { "text", MG_TYPE_TEXT, 0, 0, -1, "TEXT" },
    { "BOOLEAN", MG_TYPE_BOOLEAN, 0, 0, -1, "BOOLEAN" },
    { "bool", MG_TYPE_BOOLEAN, 0, 0, -1, "BOOLEAN" },
    { "DATETIME", MG_TYPE_DATETIME, 0, 0, -1, "DATETIME" },
    { "timestamp without time zone", MG_TYPE_TIMESTAMP, 0, 0, -1,
      "TIMESTAMP" },
    /* the digits after the second are kept, in scale (they were dropped,
     * so TIMESTAMP(0) became TIMESTAMP(6) on PostgreSQL) */
    { "timestamp(3) without time zone", MG_TYPE_TIMESTAMP, 0, 0, 3,
      "TIMESTAMP(3)" },
    { "TIMESTAMP(0)", MG_TYPE_TIMESTAMP, 0, 0, 0, "TIMESTAMP(0)" },
    { "time(2) without time zone", MG_TYPE_TIME, 0, 0, 2, "TIME(2)" },
    { "DATETIME(6)", MG_TYPE_DATETIME, 0, 0, 6, "DATETIME(6)" },
    { "DATE", MG_TYPE_DATE, 0, 0, -1, "DATE" },
    { "TIME", MG_TYPE_TIME, 0, 0, -1, "TIME" },
    { "NUMERIC(10,2)", MG_TYPE_NUMERIC, 0, 10, 2, "NUMERIC(10,2)" },
    { "decimal(10, 2)", MG_TYPE_NUMERIC, 0, 10, 2, "NUMERIC(10,2)" },
    { "NUMERIC", MG_TYPE_NUMERIC, 0, 0, -1, "NUMERIC" },
    { "REAL", MG_TYPE_REAL, 0, 0, -1, "REAL" },
    { "FLOAT", MG_TYPE_REAL, 0, 0, -1, "REAL" },
    { "double precision", MG_TYPE_DOUBLE, 0, 0, -1, "DOUBLE" },
    { "DOUBLE", MG_TYPE_DOUBLE, 0, 0, -1, "DOUBLE" },
    { "JSON", MG_TYPE_JSON, 0, 0, -1, "JSON" },
    { "jsonb", MG_TYPE_OTHER, 0, 0, -1, "jsonb" },  /* PostgreSQL's own */
    { "BLOB", MG_TYPE_BLOB, 0, 0, -1, "BLOB" },
    { "BYTES", MG_TYPE_BYTES, 0, 0, -1, "BYTES" },
    { "UUID", MG_TYPE_UUID, 0, 0, -1, "UUID" },
    { "INTERVAL", MG_TYPE_OTHER, 0, 0, -1, "INTERVAL" },
    { "int unsigned", MG_TYPE_OTHER, 0, 0, -1, "int unsigned" },
    /* arrays of a generic type: one spelling for the model's and the
     * catalog's */
    { "varchar(20)[]", MG_TYPE_OTHER, 0, 0, -1, "VARCHAR(20)[]" },
    { "character varying(20)[]", MG_TYPE_OTHER, 0, 0, -1, "VARCHAR(20)[]" },
    { "int4[][]", MG_TYPE_OTHER, 0, 0, -1, "INTEGER[][]" },
    { "timestamp with time zone[]", MG_TYPE_OTHER, 0, 0, -1,
      "timestamp with time zone[]" },
};

START_TEST(test_type_parse)
{
    mg_buf b = MG_BUF_INIT;
    mg_type t;

    ck_assert_int_eq(mg_type_parse(&t, types[_i].text), 0);
    ck_assert_int_eq(t.kind, types[_i].kind);
    ck_assert_int_eq(t.length, types[_i].length);
    ck_assert_int_eq(t.precision, types[_i].precision);
    ck_assert_int_eq(t.scale, types[_i].scale);
    mg_type_format(&b, &t);
    ck_assert_str_eq(mg_buf_cstr(&b), types[_i].formatted);
    mg_buf_release(&b);
    mg_type_release(&t);
}
END_TEST

/* A generic type spelt otherwise keeps its spelling (what SQLite renders
 * back); the generic spelling, or the same but for white space, keeps
 * none. */
static const struct {
    const char *text, *kept;
} spellings[] = {
    { "VARCHAR(40)", NULL }, { "NUMERIC(10, 2)", NULL },
    { " INTEGER ", NULL }, { "NVARCHAR(40)", "NVARCHAR(40)" },
    { "varchar(40)", "varchar(40)" }, { "int(11)", "int(11)" },
    { "DECIMAL(10, 2) ", "DECIMAL(10, 2)" }, { "INT", "INT" },
};

START_TEST(test_type_spelling)
{
    mg_type t;

    ck_assert_int_eq(mg_type_parse(&t, spellings[_i].text), 0);
    ck_assert_int_ne(t.kind, MG_TYPE_OTHER);
    if (spellings[_i].kept)
        ck_assert_str_eq(t.name, spellings[_i].kept);
    else
        ck_assert_ptr_null(t.name);
    mg_type_release(&t);
}
END_TEST

static const struct {
    const char *from, *to;
    int narrows;
} narrowing[] = {
    { "VARCHAR(100)", "VARCHAR(50)", 1 },
    { "VARCHAR(50)", "VARCHAR(100)", 0 },
    { "VARCHAR(50)", "TEXT", 0 },
    { "TEXT", "VARCHAR(50)", 1 },
    { "BIGINT", "INTEGER", 1 },
    { "INTEGER", "SMALLINT", 1 },
    { "SMALLINT", "BIGINT", 0 },
    { "NUMERIC(10,2)", "NUMERIC(8,2)", 1 },
    { "NUMERIC(10,2)", "NUMERIC(10,1)", 1 },
    { "NUMERIC(10,2)", "NUMERIC(12,4)", 0 },
    { "VARCHAR(10)", "INTEGER", 1 },
    { "INTEGER", "VARCHAR(10)", 1 },
    { "BOOLEAN", "BOOLEAN", 0 },
    { "TIMESTAMP", "DATE", 1 },
    { "DATE", "TIMESTAMP", 0 },
    { "TIMESTAMP(6)", "TIMESTAMP(0)", 1 },
    { "TIMESTAMP(0)", "TIMESTAMP(3)", 0 },
    { "TIMESTAMP", "TIMESTAMP(3)", 0 },
};

START_TEST(test_type_narrows)
{
    mg_type a, b;

    mg_type_parse(&a, narrowing[_i].from);
    mg_type_parse(&b, narrowing[_i].to);
    ck_assert_msg(mg_type_narrows(&a, &b) == narrowing[_i].narrows,
                  "%s -> %s", narrowing[_i].from, narrowing[_i].to);
    mg_type_release(&a);
    mg_type_release(&b);
}
END_TEST

/* Fractional seconds rendered by each dialect: said where they were said
 * (MariaDB leaves out its default, 0, as its catalog does). */
static const struct {
    const char *dialect, *type, *want;
} precisions[] = {
    { "postgresql", "TIMESTAMP(0)", "TIMESTAMP(0)" },
    { "postgresql", "TIME(2)", "TIME(2)" },
    { "postgresql", "DATETIME(3)", "TIMESTAMP(3)" },
    { "postgresql", "TIMESTAMP", "TIMESTAMP" },
    { "mariadb", "TIMESTAMP(0)", "TIMESTAMP" },
    { "mariadb", "DATETIME(3)", "DATETIME(3)" },
    { "mariadb", "TIME(6)", "TIME(6)" },
    { "sqlite", "TIMESTAMP(0)", "TIMESTAMP(0)" },
    { "sqlite", "datetime(3)", "datetime(3)" },
    { "postgresql", "character varying(10)[]", "VARCHAR(10)[]" },
};

START_TEST(test_type_render_precision)
{
    const mg_dialect *d = mg_dialect_find(precisions[_i].dialect);
    mg_buf b = MG_BUF_INIT;
    mg_type t;

    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(mg_type_parse(&t, precisions[_i].type), 0);
    d->ddl.render_type(&b, &t);
    ck_assert_str_eq(mg_buf_cstr(&b), precisions[_i].want);
    mg_buf_release(&b);
    mg_type_release(&t);
}
END_TEST

/* Build tables named in spec "t1 t2>t1 t3>t2,t1" (t2 has an FK to t1). */
static mg_metadata *
graph_md(const char *spec)
{
    mg_metadata *md;
    mg_error err;
    char *copy = strdup(spec), *save = NULL, *word;

    ck_mg_ok(mg_metadata_new(&md, &err), &err);
    for (word = strtok_r(copy, " ", &save); word;
         word = strtok_r(NULL, " ", &save)) {
        char *refs = strchr(word, '>'), *r, *s2 = NULL;
        mg_table *t;
        if (refs)
            *refs++ = '\0';
        ck_mg_ok(mg_metadata_add_table(md, word, &t, &err), &err);
        ck_assert_ptr_nonnull(mg_table_add_column(t, "id", NULL));
        for (r = refs ? strtok_r(refs, ",", &s2) : NULL; r;
             r = strtok_r(NULL, ",", &s2)) {
            char name[64];
            mg_constraint *k;
            snprintf(name, sizeof(name), "fk_%s_%s", word, r);
            k = mg_table_add_constraint(t, MG_CONSTRAINT_FOREIGN_KEY, name);
            ck_assert_ptr_nonnull(k);
            mg_constraint_set_ref(k, r);
            mg_strlist_add(&k->columns, "id");
            mg_strlist_add(&k->ref_columns, "id");
        }
    }
    free(copy);
    return md;
}

static const struct {
    const char *spec;
    const char *order;
    const char *aside;
} sorts[] = {
    { "c b a", "a b c", "" },
    { "posts>users users comments>posts,users", "users posts comments", "" },
    { "a>b b>a", "a b", "fk_a_b" },
    { "a>a b", "a b", "" },
    { "x>z y>x z>y w", "w x y z", "fk_x_z" },
    { "a>b b>c c>a d>a", "a c b d", "fk_a_b" },
    /* a chain written children first, names against the order */
    { "a>b b>c c>d d", "d c b a", "" },
    /* diamonds: both middle tables before the bottom one */
    { "d>b,c b>a c>a a", "a b c d", "" },
    { "a>b,c b>d c>d d", "d b c a", "" },
    { "z>m1,m2,m3 m1>top m2>top m3>top top", "top m1 m2 m3 z", "" },
    /* disconnected parts: each part in order, parts interleaved by name */
    { "b>y y a>z z", "y b z a", "" },
    { "p2>p1 p1 q2>q1 q1 lone", "lone p1 p2 q1 q2", "" },
    { "a>b b>a c d>c", "a b c d", "fk_a_b" },
    { "a>a n>m m x>z y>x z>y", "a m n x y z", "fk_x_z" },
    /* a diamond hanging under a 2-cycle */
    { "d>b,c b>a c>a a>e e>a", "a b c d e", "fk_a_e" },
};

START_TEST(test_sort_tables)
{
    mg_metadata *md = graph_md(sorts[_i].spec);
    mg_buf order = MG_BUF_INIT, aside = MG_BUF_INIT;
    mg_sorted *s;
    mg_error err;
    size_t i;

    ck_mg_ok(mg_sort_tables(&s, md, &err), &err);
    for (i = 0; i < mg_sorted_count(s); i++)
        mg_buf_addf(&order, "%s%s", i ? " " : "", mg_sorted_table(s, i)->name);
    for (i = 0; i < mg_sorted_set_aside_count(s); i++)
        mg_buf_addf(&aside, "%s%s", i ? " " : "",
                    mg_sorted_set_aside_fk(s, i)->name);
    ck_assert_str_eq(mg_buf_cstr(&order), sorts[_i].order);
    ck_assert_str_eq(mg_buf_cstr(&aside), sorts[_i].aside);
    mg_buf_release(&order);
    mg_buf_release(&aside);
    mg_sorted_free(s);
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_sort_ten_thousand)
{
    mg_buf spec = MG_BUF_INIT;
    mg_metadata *md;
    mg_sorted *s;
    mg_error err;
    int i;

    /* t00000 <- t00001 <- ... : a chain written children first */
    for (i = 9999; i >= 0; i--) {
        mg_buf_addf(&spec, "t%05d", i);
        if (i > 0)
            mg_buf_addf(&spec, ">t%05d", i - 1);
        mg_buf_putc(&spec, ' ');
    }
    md = graph_md(mg_buf_cstr(&spec));
    ck_mg_ok(mg_sort_tables(&s, md, &err), &err);
    ck_assert_int_eq(mg_sorted_count(s), 10000);
    ck_assert_str_eq(mg_sorted_table(s, 0)->name, "t00000");
    ck_assert_str_eq(mg_sorted_table(s, 9999)->name, "t09999");
    mg_sorted_free(s);
    mg_metadata_free(md);
    mg_buf_release(&spec);
}
END_TEST

/* 10,000 tables named against their order (t_NNNNN for a scrambled
 * position), each but the first two referencing two different earlier
 * tables, picked by a fixed LCG: every table once, nothing set aside, and
 * every foreign key's parent before its child. */
START_TEST(test_sort_ten_thousand_many_fks)
{
    enum { N = 10000 };
    mg_buf spec = MG_BUF_INIT;
    mg_metadata *md;
    mg_sorted *s;
    mg_error err;
    unsigned long seed = 12345;
    static long pos[N];
    size_t i, j, nfk = 0;

    for (i = 0; i < N; i++) {
        /* 7919 is prime to N, so i -> i * 7919 % N is a permutation */
        mg_buf_addf(&spec, "t%05lu", (unsigned long)(i * 7919 % N));
        if (i >= 1) {
            size_t a, b;
            seed = seed * 1103515245UL + 12345UL;
            a = (size_t)((seed >> 8) % i);
            seed = seed * 1103515245UL + 12345UL;
            b = (size_t)((seed >> 8) % i);
            if (b == a)
                b = (a + 1) % i;
            mg_buf_addf(&spec, ">t%05lu", (unsigned long)(a * 7919 % N));
            if (b != a)
                mg_buf_addf(&spec, ",t%05lu", (unsigned long)(b * 7919 % N));
        }
        mg_buf_putc(&spec, ' ');
    }
    md = graph_md(mg_buf_cstr(&spec));
    ck_assert_int_eq(mg_metadata_table_count(md), N);
    ck_mg_ok(mg_sort_tables(&s, md, &err), &err);
    ck_assert_int_eq(mg_sorted_count(s), N);
    ck_assert_int_eq(mg_sorted_set_aside_count(s), 0);
    for (i = 0; i < N; i++)
        pos[i] = -1;
    for (i = 0; i < N; i++) {
        long k = strtol(mg_sorted_table(s, i)->name + 1, NULL, 10);
        ck_assert_msg(k >= 0 && k < N && pos[k] < 0, "%s twice",
                      mg_sorted_table(s, i)->name);
        pos[k] = (long)i;
    }
    for (i = 0; i < N; i++) {
        const mg_table *t = mg_metadata_table_at(md, i);
        long child = pos[strtol(t->name + 1, NULL, 10)];
        for (j = 0; j < t->nconstraints; j++) {
            const mg_constraint *k = t->constraints[j];
            long parent;
            if (k->kind != MG_CONSTRAINT_FOREIGN_KEY)
                continue;
            parent = pos[strtol(k->ref_table + 1, NULL, 10)];
            ck_assert_msg(parent < child, "%s at %ld before its parent %s "
                          "at %ld", t->name, child, k->ref_table, parent);
            nfk++;
        }
    }
    ck_assert_int_eq(nfk, 2 * N - 3);
    /* the order is not simply by name: the names were scrambled */
    ck_assert_str_eq(mg_sorted_table(s, 0)->name, "t00000");
    ck_assert_str_ne(mg_sorted_table(s, 1)->name, "t00001");
    mg_sorted_free(s);
    mg_metadata_free(md);
    mg_buf_release(&spec);
}
END_TEST

START_TEST(test_metadata_lookup_and_copy)
{
    mg_metadata *md = graph_md("users posts>users"), *cp;
    mg_error err;
    mg_table *t;

    ck_assert_ptr_nonnull(mg_metadata_table(md, "users"));
    ck_assert_ptr_nonnull(mg_metadata_table(md, "USERS"));
    ck_assert_ptr_null(mg_metadata_table(md, "nope"));
    ck_assert_int_eq(mg_metadata_add_table(md, "users", &t, &err),
                     MG_EEXISTS);
    ck_assert_str_eq(err.msg, "table 'users' defined twice");
    ck_mg_ok(mg_metadata_copy(&cp, md, &err), &err);
    ck_assert_int_eq(mg_metadata_table_count(cp), 2);
    ck_assert_str_eq(mg_metadata_table(cp, "posts")->constraints[0]->ref_table,
                     "users");
    ck_assert_ptr_ne(mg_metadata_table(cp, "posts"),
                     mg_metadata_table(md, "posts"));
    ck_assert_int_eq(mg_metadata_remove_table(cp, "users"), 0);
    ck_assert_ptr_null(mg_metadata_table(cp, "users"));
    ck_assert_ptr_nonnull(mg_metadata_table(cp, "posts"));
    mg_metadata_free(cp);
    mg_metadata_free(md);
}
END_TEST

START_TEST(test_oplist_reverse)
{
    mg_metadata *md = graph_md("users posts>users");
    const mg_table *users = mg_metadata_table(md, "users");
    const mg_table *posts = mg_metadata_table(md, "posts");
    mg_oplist *up, *down;
    mg_op op;
    mg_error err;
    mg_buf b = MG_BUF_INIT;
    size_t i;

    ck_mg_ok(mg_oplist_new(&up, &err), &err);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_CREATE_TABLE;
    op.new_table = users;
    mg_oplist_add(up, &op);
    op.new_table = posts;
    mg_oplist_add(up, &op);
    memset(&op, 0, sizeof(op));
    op.kind = MG_OP_ADD_COLUMN;
    op.new_table = users;
    op.new_column = users->columns[0];
    mg_oplist_add(up, &op);
    ck_mg_ok(mg_oplist_reverse(&down, up, &err), &err);
    for (i = 0; i < mg_oplist_count(down); i++) {
        mg_op_describe(&b, mg_oplist_at(down, i));
        mg_buf_addf(&b, "%s; ", mg_oplist_at(down, i)->data_loss ? " (loss)"
                                                                  : "");
    }
    ck_assert_str_eq(mg_buf_cstr(&b), "drop column users.id (loss); "
                     "drop table posts (loss); drop table users (loss); ");
    mg_buf_release(&b);
    mg_oplist_free(up);
    mg_oplist_free(down);
    mg_metadata_free(md);
}
END_TEST

/* Objects not managed: kept in order, described on one line, copied. */
START_TEST(test_metadata_unmanaged)
{
    mg_metadata *md = NULL, *copy = NULL;
    mg_buf b = MG_BUF_INIT;
    mg_unmanaged u;
    mg_error err;
    size_t i;

    mg_error_clear(&err);
    ck_assert_int_eq(mg_metadata_new(&md, &err), 0);
    ck_assert_uint_eq(mg_metadata_unmanaged_count(md), 0);
    ck_assert_int_eq(mg_metadata_unmanaged_at(md, 0, &u), MG_ENOTFOUND);
    ck_assert_int_eq(mg_metadata_add_unmanaged(md, "view", "v", NULL), 0);
    ck_assert_int_eq(mg_metadata_add_unmanaged(md, "trigger", "odd\nname",
                                               "t"), 0);
    ck_assert_int_eq(mg_metadata_copy(&copy, md, &err), 0);
    mg_metadata_free(md);
    ck_assert_uint_eq(mg_metadata_unmanaged_count(copy), 2);
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(mg_metadata_unmanaged_at(copy, i, &u), 0);
        mg_unmanaged_describe(&b, &u);
        mg_buf_puts(&b, "|");
    }
    ck_assert_str_eq(mg_buf_cstr(&b),
                     "view v|trigger odd\\nname on table t|");
    ck_assert_int_eq(mg_metadata_unmanaged_at(copy, 2, &u), MG_ENOTFOUND);
    mg_buf_release(&b);
    mg_metadata_free(copy);
}
END_TEST

Suite *
metadata_suite(void)
{
    Suite *s = suite_create("metadata");
    TCase *tc = tcase_create("types");

    tcase_add_loop_test(tc, test_type_parse, 0,
                        (int)(sizeof(types) / sizeof(types[0])));
    tcase_add_loop_test(tc, test_type_spelling, 0,
                        (int)(sizeof(spellings) / sizeof(spellings[0])));
    tcase_add_loop_test(tc, test_type_render_precision, 0,
                        (int)(sizeof(precisions) / sizeof(precisions[0])));
    tcase_add_loop_test(tc, test_type_narrows, 0,
                        (int)(sizeof(narrowing) / sizeof(narrowing[0])));
    suite_add_tcase(s, tc);
    tc = tcase_create("sort");
    tcase_add_loop_test(tc, test_sort_tables, 0,
                        (int)(sizeof(sorts) / sizeof(sorts[0])));
    tcase_add_test(tc, test_sort_ten_thousand);
    tcase_add_test(tc, test_sort_ten_thousand_many_fks);
    suite_add_tcase(s, tc);
    tc = tcase_create("metadata");
    tcase_add_test(tc, test_metadata_lookup_and_copy);
    tcase_add_test(tc, test_oplist_reverse);
    tcase_add_test(tc, test_metadata_unmanaged);
    suite_add_tcase(s, tc);
    return s;
}
