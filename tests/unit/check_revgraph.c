/* check_revgraph.c - unit tests for the revision graph (revgraph.c) and its
 * targets and plans (revtarget.c). Graphs are written as one-line specs so
 * each case fits in a table row: "r a:r b:a^x@L" is a root r, a child a of
 * r, and b, child of a, depending on x and labelled L; a merge lists its
 * down revisions with commas ("m:a,b"). Revision i of a spec comes from
 * file "<i>_<id>.sql". Plans are compared as text, one step per word,
 * "REV[rows before>rows after]", then "=> final rows", with "base" for no
 * rows, so a case states exactly which steps run and what the version
 * table holds after each. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* ---- helpers --------------------------------------------------------- */

/* Append the comma-separated items of s[0..n) to l. */
static void
add_items(mg_strlist *l, const char *s, size_t n)
{
    size_t start = 0, i;

    for (i = 0; i <= n; i++)
        if (i == n || s[i] == ',') {
            if (i > start)
                ck_assert_int_eq(mg_strlist_addn(l, s + start, i - start), 0);
            start = i + 1;
        }
}

/* Add one spec word, e.g. "b2:b1^a1@B", as revision number index. */
static void
add_word(mg_revgraph *g, const char *w, size_t n, size_t index)
{
    mg_strlist lists[3] = { MG_STRLIST_INIT, MG_STRLIST_INIT,
                            MG_STRLIST_INIT };
    char id[64], origin[96];
    size_t i = strcspn(w, ":^@"), j;
    mg_error err;

    if (i > n)
        i = n;
    ck_assert_uint_lt(i, sizeof(id));
    memcpy(id, w, i);
    id[i] = '\0';
    while (i < n) {
        int which = w[i] == ':' ? 0 : w[i] == '^' ? 1 : 2;

        for (j = i + 1; j < n && !strchr(":^@", w[j]); j++)
            ;
        add_items(&lists[which], w + i + 1, j - i - 1);
        i = j;
    }
    snprintf(origin, sizeof(origin), "%zu_%s.sql", index, id);
    ck_mg_ok(mg_revgraph_add(g, id, &lists[0], &lists[1], &lists[2], origin,
                             &err), &err);
    for (i = 0; i < 3; i++)
        mg_strlist_release(&lists[i]);
}

/* Build a graph from a spec; returns the build's code, *out always set. */
static int
graph_from(mg_revgraph **out, const char *spec, mg_error *err)
{
    size_t index = 0;

    ck_mg_ok(mg_revgraph_new(out, err), err);
    while (*spec) {
        size_t n = strcspn(spec, " ");

        if (n > 0)
            add_word(*out, spec, n, index++);
        spec += n;
        spec += strspn(spec, " ");
    }
    mg_error_clear(err);
    return mg_revgraph_build(*out, err);
}

static mg_revgraph *
graph(const char *spec)
{
    mg_revgraph *g;
    mg_error err;

    ck_mg_ok(graph_from(&g, spec, &err), &err);
    return g;
}

/* The space-separated words of s as a list. */
static mg_strlist
words(const char *s)
{
    mg_strlist l = MG_STRLIST_INIT;

    while (s && *s) {
        size_t n = strcspn(s, " ");

        if (n > 0)
            ck_assert_int_eq(mg_strlist_addn(&l, s, n), 0);
        s += n;
        s += strspn(s, " ");
    }
    return l;
}

/* Items joined by sep; "base" for an empty list when empty_base. */
static void
put_list(mg_buf *b, const mg_strlist *l, const char *sep, int empty_base)
{
    ck_assert_ptr_nonnull(l);
    if (l->n == 0 && empty_base)
        mg_buf_puts(b, "base");
    else
        mg_strlist_join(l, sep, b);
}

static void
render_plan(mg_buf *b, const mg_plan *p)
{
    size_t i;

    for (i = 0; i < mg_plan_count(p); i++) {
        mg_buf_addf(b, "%s[", mg_plan_revision(p, i));
        put_list(b, mg_plan_rows_before(p, i), ",", 1);
        mg_buf_putc(b, '>');
        put_list(b, mg_plan_rows_after(p, i), ",", 1);
        mg_buf_puts(b, "] ");
    }
    mg_buf_puts(b, "=> ");
    put_list(b, mg_plan_final_rows(p), ",", 1);
}

static void
check_error(int rc, int want_rc, const mg_error *err, const char *want)
{
    ck_assert_msg(rc == want_rc, "got %d (%s), want %d", rc, err->msg,
                  want_rc);
    ck_assert_msg(strstr(err->msg, want) != NULL,
                  "message '%s' lacks '%s'", err->msg, want);
}

/* ---- graphs used by the tables --------------------------------------- */

#define CHAIN   "r a:r b:a c:b"
/* Two branches from r, labelled A and B: heads a2, b2. */
#define BRANCH  "r a1:r@A a2:a1 b1:r@B b2:b1"
/* A fork at r joined again by m. */
#define MERGE   "r a:r b:r m:a,b c:m"
/* Two unrelated roots. */
#define ROOTS   "x1 x2:x1 y1 y2:y1"
/* BRANCH where b2 also depends on a1. */
#define DEPS    "r a1:r@A a2:a1 b1:r@B b2:b1^a1"
/* Ids sharing prefixes. */
#define PREFIX  "abcd1111 abcd2222:abcd1111 abce3333:abcd2222 zz:abce3333"

/* ---- building and queries -------------------------------------------- */

START_TEST(test_revgraph_linear)
{
    mg_revgraph *g = graph(CHAIN);
    mg_strlist heads = MG_STRLIST_INIT, bases = MG_STRLIST_INIT;
    const char *const *order = mg_revgraph_order(g);
    mg_error err;

    ck_assert_uint_eq(mg_revgraph_count(g), 4);
    ck_assert_str_eq(order[0], "r");
    ck_assert_str_eq(order[1], "a");
    ck_assert_str_eq(order[2], "b");
    ck_assert_str_eq(order[3], "c");
    ck_mg_ok(mg_revgraph_heads(g, &heads, &err), &err);
    ck_mg_ok(mg_revgraph_bases(g, &bases, &err), &err);
    ck_assert_uint_eq(heads.n, 1);
    ck_assert_str_eq(heads.v[0], "c");
    ck_assert_uint_eq(bases.n, 1);
    ck_assert_str_eq(bases.v[0], "r");
    ck_assert_int_eq(mg_revgraph_contains(g, "b"), 1);
    ck_assert_int_eq(mg_revgraph_contains(g, "q"), 0);
    ck_assert_str_eq(mg_revgraph_origin(g, "b"), "2_b.sql");
    ck_assert_ptr_null(mg_revgraph_origin(g, "q"));
    ck_assert_uint_eq(mg_revgraph_down_revisions(g, "b")->n, 1);
    ck_assert_str_eq(mg_revgraph_down_revisions(g, "b")->v[0], "a");
    ck_assert_uint_eq(mg_revgraph_down_revisions(g, "r")->n, 0);
    ck_assert_uint_eq(mg_revgraph_children(g, "a")->n, 1);
    ck_assert_str_eq(mg_revgraph_children(g, "a")->v[0], "b");
    ck_assert_uint_eq(mg_revgraph_children(g, "c")->n, 0);
    ck_assert_uint_eq(mg_revgraph_depends_on(g, "c")->n, 0);
    ck_assert_uint_eq(mg_revgraph_branch_labels(g, "c")->n, 0);
    ck_assert_ptr_null(mg_revgraph_down_revisions(g, "q"));
    ck_assert_ptr_null(mg_revgraph_depends_on(g, "q"));
    ck_assert_ptr_null(mg_revgraph_branch_labels(g, "q"));
    ck_assert_ptr_null(mg_revgraph_children(g, "q"));
    ck_assert_int_eq(mg_revgraph_is_head(g, "c"), 1);
    ck_assert_int_eq(mg_revgraph_is_head(g, "b"), 0);
    ck_assert_int_eq(mg_revgraph_is_head(g, "q"), 0);
    ck_assert_int_eq(mg_revgraph_is_branchpoint(g, "a"), 0);
    ck_assert_int_eq(mg_revgraph_is_mergepoint(g, "b"), 0);
    mg_strlist_release(&heads);
    mg_strlist_release(&bases);
    mg_revgraph_free(g);
}
END_TEST

START_TEST(test_revgraph_two_heads)
{
    mg_revgraph *g = graph(BRANCH);
    mg_strlist heads = MG_STRLIST_INIT;
    const mg_strlist *kids;
    mg_error err;

    ck_mg_ok(mg_revgraph_heads(g, &heads, &err), &err);
    ck_assert_uint_eq(heads.n, 2);
    ck_assert_str_eq(heads.v[0], "a2");
    ck_assert_str_eq(heads.v[1], "b2");
    kids = mg_revgraph_children(g, "r");
    ck_assert_uint_eq(kids->n, 2);
    ck_assert_str_eq(kids->v[0], "a1");
    ck_assert_str_eq(kids->v[1], "b1");
    ck_assert_int_eq(mg_revgraph_is_branchpoint(g, "r"), 1);
    ck_assert_int_eq(mg_revgraph_is_branchpoint(g, "a1"), 0);
    ck_assert_uint_eq(mg_revgraph_branch_labels(g, "b1")->n, 1);
    ck_assert_str_eq(mg_revgraph_branch_labels(g, "b1")->v[0], "B");
    mg_strlist_release(&heads);
    mg_revgraph_free(g);
}
END_TEST

START_TEST(test_revgraph_merge)
{
    mg_revgraph *g = graph(MERGE);
    mg_strlist heads = MG_STRLIST_INIT;
    const mg_strlist *down = mg_revgraph_down_revisions(g, "m");
    mg_error err;

    ck_assert_uint_eq(down->n, 2);
    ck_assert_str_eq(down->v[0], "a");
    ck_assert_str_eq(down->v[1], "b");
    ck_assert_int_eq(mg_revgraph_is_mergepoint(g, "m"), 1);
    ck_assert_int_eq(mg_revgraph_is_mergepoint(g, "c"), 0);
    ck_assert_int_eq(mg_revgraph_is_branchpoint(g, "r"), 1);
    ck_mg_ok(mg_revgraph_heads(g, &heads, &err), &err);
    ck_assert_uint_eq(heads.n, 1);
    ck_assert_str_eq(heads.v[0], "c");
    ck_assert_str_eq(mg_revgraph_order(g)[3], "m");
    mg_strlist_release(&heads);
    mg_revgraph_free(g);
}
END_TEST

START_TEST(test_revgraph_multiple_roots)
{
    mg_revgraph *g = graph(ROOTS);
    mg_strlist heads = MG_STRLIST_INIT, bases = MG_STRLIST_INIT;
    mg_error err;

    ck_mg_ok(mg_revgraph_heads(g, &heads, &err), &err);
    ck_mg_ok(mg_revgraph_bases(g, &bases, &err), &err);
    ck_assert_uint_eq(bases.n, 2);
    ck_assert_str_eq(bases.v[0], "x1");
    ck_assert_str_eq(bases.v[1], "y1");
    ck_assert_uint_eq(heads.n, 2);
    ck_assert_str_eq(heads.v[0], "x2");
    ck_assert_str_eq(heads.v[1], "y2");
    mg_strlist_release(&heads);
    mg_strlist_release(&bases);
    mg_revgraph_free(g);
}
END_TEST

/* A chain added child first still comes out parent first; independent
 * revisions keep the order they were added in; a dependency comes before
 * its dependent even when added after it. */
START_TEST(test_revgraph_order_ties)
{
    mg_revgraph *g = graph("c:b b:a a q p d^q");
    const char *const *o = mg_revgraph_order(g);
    const char *want[] = { "a", "b", "c", "q", "p", "d" };
    size_t i;

    ck_assert_uint_eq(mg_revgraph_count(g), 6);
    for (i = 0; i < 6; i++)
        ck_assert_str_eq(o[i], want[i]);
    mg_revgraph_free(g);
    g = graph("d^q q");
    ck_assert_str_eq(mg_revgraph_order(g)[0], "q");
    ck_assert_str_eq(mg_revgraph_order(g)[1], "d");
    mg_revgraph_free(g);
}
END_TEST

/* depends_on takes ids, prefixes and labels, is stored resolved, and does
 * not make the dependent a child. */
START_TEST(test_revgraph_depends_on)
{
    mg_revgraph *g = graph("abcd1111@L x1 x2:x1^abcd1111 y^abcd z^L,abcd1111");
    mg_strlist heads = MG_STRLIST_INIT;
    const mg_strlist *d;
    mg_error err;

    d = mg_revgraph_depends_on(g, "x2");
    ck_assert_uint_eq(d->n, 1);
    ck_assert_str_eq(d->v[0], "abcd1111");
    ck_assert_str_eq(mg_revgraph_depends_on(g, "y")->v[0], "abcd1111");
    d = mg_revgraph_depends_on(g, "z");     /* named twice, stored once */
    ck_assert_uint_eq(d->n, 1);
    ck_assert_str_eq(d->v[0], "abcd1111");
    ck_assert_uint_eq(mg_revgraph_children(g, "abcd1111")->n, 0);
    ck_assert_int_eq(mg_revgraph_is_head(g, "abcd1111"), 1);
    ck_mg_ok(mg_revgraph_heads(g, &heads, &err), &err);
    ck_assert_uint_eq(heads.n, 4);
    ck_assert_str_eq(heads.v[0], "abcd1111");
    ck_assert_str_eq(heads.v[1], "x2");
    mg_strlist_release(&heads);
    mg_revgraph_free(g);
}
END_TEST

/* Adding after a build drops the old build; building again includes the
 * new revision. Queries before any build see an empty graph. */
START_TEST(test_revgraph_rebuild)
{
    mg_revgraph *g = graph(CHAIN);
    mg_strlist down = MG_STRLIST_INIT;
    const char *id;
    mg_error err;

    ck_assert_int_eq(mg_strlist_add(&down, "c"), 0);
    ck_mg_ok(mg_revgraph_add(g, "d", &down, NULL, NULL, NULL, &err), &err);
    ck_assert_uint_eq(mg_revgraph_count(g), 0);
    ck_assert_ptr_null(mg_revgraph_order(g));
    ck_assert_int_eq(mg_revgraph_contains(g, "a"), 0);
    ck_assert_int_eq(mg_revgraph_lookup(g, "a", &id, &err), MG_ENOTFOUND);
    ck_mg_ok(mg_revgraph_build(g, &err), &err);
    ck_assert_uint_eq(mg_revgraph_count(g), 5);
    ck_assert_str_eq(mg_revgraph_order(g)[4], "d");
    ck_assert_int_eq(mg_revgraph_is_head(g, "d"), 1);
    ck_assert_int_eq(mg_revgraph_is_head(g, "c"), 0);
    ck_assert_ptr_null(mg_revgraph_origin(g, "d"));
    mg_strlist_release(&down);
    mg_revgraph_free(g);
    mg_revgraph_free(NULL);
    mg_plan_free(NULL);
}
END_TEST

START_TEST(test_revgraph_empty)
{
    mg_revgraph *g = graph("");
    mg_strlist out = MG_STRLIST_INIT;
    mg_plan *p = NULL;
    mg_error err;

    ck_assert_uint_eq(mg_revgraph_count(g), 0);
    ck_assert_ptr_nonnull(mg_revgraph_order(g));
    ck_mg_ok(mg_revgraph_plan_upgrade(&p, g, NULL, "head", &err), &err);
    ck_assert_uint_eq(mg_plan_count(p), 0);
    ck_assert_uint_eq(mg_plan_final_rows(p)->n, 0);
    ck_assert_ptr_null(mg_plan_revision(p, 0));
    ck_assert_ptr_null(mg_plan_rows_before(p, 0));
    ck_assert_ptr_null(mg_plan_rows_after(p, 0));
    mg_plan_free(p);
    ck_assert_int_eq(mg_revgraph_plan_upgrade(&p, g, NULL, "+1", &err),
                     MG_EUSAGE);
    ck_assert_ptr_null(p);
    ck_mg_ok(mg_revgraph_range(&out, g, NULL, ":", &err), &err);
    ck_assert_uint_eq(out.n, 0);
    mg_revgraph_free(g);
}
END_TEST

/* ---- build errors ---------------------------------------------------- */

struct build_case {
    const char *spec;
    const char *msg;        /* exact substring of the message */
};

static const struct build_case build_cases[] = {
    { "a b a", "duplicate revision id 'a' in 0_a.sql and 2_a.sql" },
    { "abc b:abc ABC", "revision ids 'abc' (0_abc.sql) and 'ABC' (2_ABC.sql) "
      "differ only in case, which a version table on MariaDB cannot tell "
      "apart: rename one" },
    { "Rev_1 x:Rev_1 rEV_1:x", "revision ids 'Rev_1' (0_Rev_1.sql) and "
      "'rEV_1' (2_rEV_1.sql) differ only in case" },
    { "a b:x", "revision 'b' (1_b.sql) has unknown down_revision 'x'" },
    { "a b:a,a", "revision 'b' (1_b.sql) lists down_revision 'a' twice" },
    { "a b:a^zz", "revision 'b' (1_b.sql) depends on unknown revision 'zz'" },
    { "abcd1 x^abc", "revision 'x' (1_x.sql) depends on unknown revision "
      "'abc' (a revision prefix must have at least 4 characters)" },
    { "abcd1 abcd2 x^abcd", "revision 'x' (2_x.sql) depends on 'abcd', "
      "which is ambiguous: abcd1, abcd2" },
    { "a@L b:a@L", "duplicate branch label 'L' on revisions 'a' (0_a.sql) "
      "and 'b' (1_b.sql)" },
    { "a@L,L", "revision 'a' (0_a.sql) lists branch label 'L' twice" },
    { "a b:a@a", "branch label 'a' of revision 'b' (1_b.sql) is also the id "
      "of revision 'a' (0_a.sql)" },
    { "a@x+y", "revision 'a' (0_a.sql) has invalid branch label 'x+y'" },
    { "a@head", "revision 'a' (0_a.sql) has invalid branch label 'head'" },
    { "a@current", "revision 'a' (0_a.sql) has invalid branch label "
      "'current'" },
    { "a@-1", "revision 'a' (0_a.sql) has invalid branch label '-1'" },
    { "a@-x", "revision 'a' (0_a.sql) has invalid branch label '-x'" },
    { "a:a", "cycle in revision graph: a (0_a.sql) -> a (" },
    { "a:b b:a",
      "cycle in revision graph: a (0_a.sql) -> b (1_b.sql) -> a (" },
    { "r a:c b:a c:b", "cycle in revision graph: a (1_a.sql) -> c (3_c.sql) "
      "-> b (2_b.sql) -> a (" },
    { "r x:y y:x z:y", "cycle in revision graph: x (1_x.sql) -> y (2_y.sql) "
      "-> x (" },
    { "a^a", "cycle in revision graph: a (0_a.sql) -> a (" },
    { "a^b b:a",
      "cycle in revision graph: a (0_a.sql) -> b (1_b.sql) -> a (" },
    { "a-b", "0_a-b.sql: invalid revision id 'a-b'" },
    { "abcdefghijabcdefghijabcdefghijabc", "invalid revision id" },
    { "base", "0_base.sql: revision id 'base' is a reserved word" },
};

START_TEST(test_revgraph_build_errors)
{
    const struct build_case *c = &build_cases[_i];
    mg_revgraph *g;
    mg_error err;
    int rc = graph_from(&g, c->spec, &err);

    check_error(rc, MG_EGRAPH, &err, c->msg);
    ck_assert_uint_eq(mg_revgraph_count(g), 0);
    ck_assert_int_eq(mg_revgraph_contains(g, "a"), 0);
    mg_revgraph_free(g);
}
END_TEST

/* Which labels a target can name: the one rule revision checks before
 * writing and the graph checks when reading. */
static const struct {
    const char *label;
    int         valid;
} label_cases[] = {
    { "main", 1 }, { "release-2", 1 }, { "x-1", 1 }, { "v1.2_b", 1 },
    { "HEAD", 1 }, { "headx", 1 }, { "\xc3\xa9t\xc3\xa9", 1 },
    { "", 0 }, { "head", 0 }, { "heads", 0 }, { "base", 0 },
    { "current", 0 }, { "-1", 0 }, { "-x", 0 }, { "+1", 0 }, { "x+1", 0 },
    { "a@b", 0 }, { "a:b", 0 }, { "a,b", 0 }, { "a b", 0 }, { "a\tb", 0 },
    { "a\nb", 0 }, { "a\x7f", 0 },
};

START_TEST(test_revgraph_label_valid)
{
    ck_assert_msg(mg_branch_label_valid(label_cases[_i].label) ==
                  label_cases[_i].valid, "label '%s': want %d",
                  label_cases[_i].label, label_cases[_i].valid);
}
END_TEST

/* The longest valid id builds. */
START_TEST(test_revgraph_id_limits)
{
    mg_revgraph *g = graph("abcdefghijabcdefghijabcdefghijAB a_1:"
                           "abcdefghijabcdefghijabcdefghijAB");

    ck_assert_uint_eq(mg_revgraph_count(g), 2);
    mg_revgraph_free(g);
}
END_TEST

/* ---- lookup ---------------------------------------------------------- */

struct lookup_case {
    const char *ref;
    int         rc;
    const char *want;       /* the id, or a message substring */
};

static const struct lookup_case lookup_cases[] = {
    { "abcd1111", 0, "abcd1111" },
    { "abce", 0, "abce3333" },
    { "abcd2", 0, "abcd2222" },
    { "zz", 0, "zz" },
    { "L", 0, "abcd2222" },
    { "abcd", MG_EAMBIGUOUS,
      "revision prefix 'abcd' is ambiguous: abcd1111, abcd2222" },
    { "abc", MG_ENOTFOUND, "unknown revision 'abc' (a revision prefix must "
      "have at least 4 characters)" },
    { "z", MG_ENOTFOUND, "unknown revision 'z' (a revision prefix" },
    { "abcf", MG_ENOTFOUND, "unknown revision 'abcf'" },
    { "abcd11112", MG_ENOTFOUND, "unknown revision 'abcd11112'" },
    { "", MG_ENOTFOUND, "unknown revision ''" },
};

START_TEST(test_revgraph_lookup)
{
    const struct lookup_case *c = &lookup_cases[_i];
    mg_revgraph *g = graph("abcd1111 abcd2222:abcd1111@L "
                           "abce3333:abcd2222 zz:abce3333");
    const char *id = "unset";
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_revgraph_lookup(g, c->ref, &id, &err);
    if (c->rc == 0) {
        ck_mg_ok(rc, &err);
        ck_assert_str_eq(id, c->want);
    } else {
        check_error(rc, c->rc, &err, c->want);
        ck_assert_ptr_null(id);
    }
    mg_revgraph_free(g);
}
END_TEST

/* ---- upgrade --------------------------------------------------------- */

struct plan_case {
    const char *spec;
    const char *current;    /* space-separated rows */
    const char *target;
    int         rc;
    const char *want;       /* rendered plan, or a message substring */
};

static const struct plan_case upgrade_cases[] = {
    /* linear */
    { CHAIN, "", "head", 0, "r[base>r] a[r>a] b[a>b] c[b>c] => c" },
    { CHAIN, "a", "head", 0, "b[a>b] c[b>c] => c" },
    { CHAIN, "c", "head", 0, "=> c" },
    { CHAIN, "r c", "heads", 0, "=> c" },
    { CHAIN, "", "heads", 0, "r[base>r] a[r>a] b[a>b] c[b>c] => c" },
    { CHAIN, "", "base", 0, "=> base" },
    { CHAIN, "b", "base", 0, "=> b" },
    { CHAIN, "b", "a", 0, "=> b" },
    { CHAIN, "a", "c", 0, "b[a>b] c[b>c] => c" },
    { CHAIN, "a", "+1", 0, "b[a>b] => b" },
    { CHAIN, "", "+2", 0, "r[base>r] a[r>a] => a" },
    { CHAIN, "a", "+0", 0, "=> a" },
    { CHAIN, "a", "+3", MG_EUSAGE, "relative revision +3 goes beyond head" },
    { CHAIN, "", "a+1", 0, "r[base>r] a[r>a] b[a>b] => b" },
    { CHAIN, "", "c-1", 0, "r[base>r] a[r>a] b[a>b] => b" },
    { CHAIN, "", "r-1", 0, "=> base" },
    { CHAIN, "", "r-2", MG_EUSAGE, "relative revision r-2 goes below base" },
    { CHAIN, "", "a+3", MG_EUSAGE, "relative revision a+3 goes beyond head" },
    { CHAIN, "", "head-1", 0, "r[base>r] a[r>a] b[a>b] => b" },
    { CHAIN, "", "-1", MG_EUSAGE, "'-1' is a downgrade target" },
    /* malformed */
    { CHAIN, "", "+x", MG_EUSAGE, "malformed revision target '+x'" },
    { CHAIN, "", "+", MG_EUSAGE, "malformed revision target '+'" },
    { CHAIN, "", "-", MG_EUSAGE, "malformed revision target '-'" },
    { CHAIN, "", "@head", MG_EUSAGE, "malformed revision target '@head'" },
    { CHAIN, "", "a@", MG_EUSAGE, "malformed revision target 'a@'" },
    { CHAIN, "", "a@top", MG_EUSAGE, "malformed revision target 'a@top'" },
    { CHAIN, "", "a+", MG_EUSAGE, "malformed revision target 'a+'" },
    { CHAIN, "", "a+1x", MG_EUSAGE, "malformed revision target 'a+1x'" },
    { CHAIN, "", "a-", MG_EUSAGE, "malformed revision target 'a-'" },
    { CHAIN, "", "+1234567890", MG_EUSAGE, "malformed revision target" },
    { CHAIN, "", "", MG_EUSAGE, "empty revision target" },
    { CHAIN, "", "a@base", MG_EUSAGE, "'a@base' names no revision" },
    { CHAIN, "", "nope", MG_ENOTFOUND, "unknown revision 'nope'" },
    { CHAIN, "", "no-pe", MG_ENOTFOUND, "unknown revision 'no-pe'" },
    { CHAIN, "", "q+1", MG_ENOTFOUND, "unknown revision 'q'" },
    { CHAIN, "zzz", "head", MG_ENOTFOUND,
      "unknown revision 'zzz' in the current version rows" },
    /* branches */
    { BRANCH, "", "head", MG_EAMBIGUOUS,
      "multiple heads: a2, b2; use 'heads' or LABEL@head" },
    { BRANCH, "", "head+1", MG_EAMBIGUOUS, "multiple heads: a2, b2" },
    { BRANCH, "", "heads", 0, "r[base>r] a1[r>a1] a2[a1>a2] b1[a2>a2,b1] "
      "b2[a2,b1>a2,b2] => a2,b2" },
    { BRANCH, "", "b2", 0, "r[base>r] b1[r>b1] b2[b1>b2] => b2" },
    { BRANCH, "", "B", 0, "r[base>r] b1[r>b1] => b1" },
    { BRANCH, "", "A@head", 0, "r[base>r] a1[r>a1] a2[a1>a2] => a2" },
    { BRANCH, "a2", "B@head", 0, "b1[a2>a2,b1] b2[a2,b1>a2,b2] => a2,b2" },
    { BRANCH, "", "a1@head", 0, "r[base>r] a1[r>a1] a2[a1>a2] => a2" },
    { BRANCH, "", "r@head", MG_EAMBIGUOUS,
      "several heads descend from 'r': a2, b2; name one" },
    { BRANCH, "", "C@head", MG_ENOTFOUND, "unknown revision 'C'" },
    { BRANCH, "a2", "B@+1", 0, "b1[a2>a2,b1] => a2,b1" },
    { BRANCH, "a2 b1", "B@+1", 0, "b2[a2,b1>a2,b2] => a2,b2" },
    { BRANCH, "", "A@+2", 0, "r[base>r] a1[r>a1] a2[a1>a2] => a2" },
    { BRANCH, "", "A@+3", MG_EUSAGE,
      "relative revision A@+3 goes beyond head" },
    { BRANCH, "a1", "A@+0", 0, "=> a1" },
    { BRANCH, "a1", "A@-1", 0, "=> a1" },
    { BRANCH, "a2 b1", "+1", MG_EAMBIGUOUS,
      "several heads are applied (a2, b1); name one, e.g. a2@+1" },
    /* ...and the hint's target does what was meant */
    { BRANCH, "a2 b1", "a2@+1", MG_EUSAGE,
      "relative revision a2@+1 goes beyond head" },
    { BRANCH, "a1 b1", "a1@+1", 0, "a2[a1,b1>a2,b1] => a2,b1" },
    { BRANCH, "r", "+1", MG_EAMBIGUOUS,
      "relative revision +1 is ambiguous: r has several children (a1, b1); "
      "name one, e.g. a1" },
    { BRANCH, "r", "+2", MG_EAMBIGUOUS,
      "r has several children (a1, b1); name one, e.g. a1+1" },
    { BRANCH, "r", "a1+1", 0, "a1[r>a1] a2[a1>a2] => a2" },
    { BRANCH, "", "r+1", MG_EAMBIGUOUS,
      "relative revision r+1 is ambiguous: r has several children (a1, b1)" },
    { BRANCH, "a1", "+1", 0, "a2[a1>a2] => a2" },
    /* merge */
    { MERGE, "", "head", 0,
      "r[base>r] a[r>a] b[a>a,b] m[a,b>m] c[m>c] => c" },
    { MERGE, "a", "m", 0, "b[a>a,b] m[a,b>m] => m" },
    { MERGE, "a b", "+1", MG_EAMBIGUOUS,
      "several heads are applied (a, b); name one, e.g. a@+1" },
    { MERGE, "a b", "a@+1", 0, "m[a,b>m] => m" },
    { MERGE, "a", "+1", 0, "b[a>a,b] m[a,b>m] => m" },
    /* the last step down from a merge reaches all its parents */
    { MERGE, "", "c-2", 0, "r[base>r] a[r>a] b[a>a,b] => a,b" },
    { MERGE, "", "c-3", MG_EAMBIGUOUS,
      "relative revision c-3 is ambiguous: m is a merge of a, b; name one, "
      "e.g. a-1" },
    /* several roots */
    { ROOTS, "", "+1", MG_EAMBIGUOUS,
      "relative revision +1 is ambiguous: there are several roots (x1, y1); "
      "name one, e.g. x1" },
    { ROOTS, "", "heads", 0, "x1[base>x1] x2[x1>x2] y1[x2>x2,y1] "
      "y2[x2,y1>x2,y2] => x2,y2" },
    { ROOTS, "x2", "y1", 0, "y1[x2>x2,y1] => x2,y1" },
    { ROOTS, "x2", "+1", MG_EUSAGE, "relative revision +1 goes beyond head" },
    /* depends_on across branches */
    { DEPS, "", "b2", 0,
      "r[base>r] a1[r>a1] b1[a1>a1,b1] b2[a1,b1>a1,b2] => a1,b2" },
    { DEPS, "b2", "A@head", 0, "a2[a1,b2>a2,b2] => a2,b2" },
    { DEPS, "b1", "b2", 0, "a1[b1>a1,b1] b2[a1,b1>a1,b2] => a1,b2" },
    /* prefixes */
    { PREFIX, "", "abce", 0, "abcd1111[base>abcd1111] "
      "abcd2222[abcd1111>abcd2222] abce3333[abcd2222>abce3333] => abce3333" },
    { PREFIX, "abce3333", "abce+1", 0, "zz[abce3333>zz] => zz" },
    { PREFIX, "", "abcd", MG_EAMBIGUOUS,
      "revision prefix 'abcd' is ambiguous: abcd1111, abcd2222" },
    { PREFIX, "", "abc", MG_ENOTFOUND,
      "unknown revision 'abc' (a revision prefix must have at least 4" },
    { PREFIX, "abcd", "head", MG_ENOTFOUND,
      "unknown revision 'abcd' in the current version rows" },
};

static void
run_plan_case(const struct plan_case *c, int up)
{
    mg_revgraph *g = graph(c->spec);
    mg_strlist cur = words(c->current);
    mg_buf b = MG_BUF_INIT;
    mg_plan *p = (mg_plan *)&b;     /* must be reset to NULL on failure */
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = up ? mg_revgraph_plan_upgrade(&p, g, &cur, c->target, &err)
            : mg_revgraph_plan_downgrade(&p, g, &cur, c->target, &err);
    if (c->rc == 0) {
        ck_mg_ok(rc, &err);
        render_plan(&b, p);
        ck_assert_str_eq(mg_buf_cstr(&b), c->want);
    } else {
        check_error(rc, c->rc, &err, c->want);
        ck_assert_ptr_null(p);
    }
    mg_plan_free(p);
    mg_buf_release(&b);
    mg_strlist_release(&cur);
    mg_revgraph_free(g);
}

START_TEST(test_revgraph_upgrade)
{
    run_plan_case(&upgrade_cases[_i], 1);
}
END_TEST

/* ---- downgrade ------------------------------------------------------- */

static const struct plan_case downgrade_cases[] = {
    /* linear */
    { CHAIN, "c", "base", 0, "c[c>b] b[b>a] a[a>r] r[r>base] => base" },
    { CHAIN, "", "base", 0, "=> base" },
    { CHAIN, "c", "a", 0, "c[c>b] b[b>a] => a" },
    { CHAIN, "c", "c", 0, "=> c" },
    { CHAIN, "c", "head", 0, "=> c" },
    { CHAIN, "c", "-1", 0, "c[c>b] => b" },
    { CHAIN, "c", "-0", 0, "=> c" },
    { CHAIN, "c", "-4", 0, "c[c>b] b[b>a] a[a>r] r[r>base] => base" },
    { CHAIN, "c", "-5", MG_EUSAGE, "relative revision -5 goes below base" },
    { CHAIN, "", "-1", MG_EUSAGE, "relative revision -1 goes below base" },
    { CHAIN, "c", "c-2", 0, "c[c>b] b[b>a] => a" },
    { CHAIN, "b", "c-2", 0, "b[b>a] => a" },
    { CHAIN, "b", "head-1", 0, "=> b" },
    { CHAIN, "c", "r-1", 0, "c[c>b] b[b>a] a[a>r] r[r>base] => base" },
    { CHAIN, "a", "c", MG_EUSAGE,
      "'c' is not applied; nothing to downgrade to" },
    { CHAIN, "b", "+1", MG_EUSAGE, "'c' is not applied" },
    { CHAIN, "c", "heads", MG_EUSAGE, "'heads' is not a downgrade target" },
    { CHAIN, "c", "x-1", MG_ENOTFOUND, "unknown revision 'x'" },
    { CHAIN, "c", "-z", MG_EUSAGE, "malformed revision target '-z'" },
    { CHAIN, "c", "@-1", MG_EUSAGE, "malformed revision target '@-1'" },
    /* branches */
    { BRANCH, "a2 b2", "-1", MG_EAMBIGUOUS,
      "several heads are applied (a2, b2); name one, e.g. a2@-1" },
    /* the hint reverts a2 only; a2-1 would too, but from b2 "b2-1" is r's
     * child b1, whose sibling a1 stays: REV@-1 is the form that walks
     * from the row */
    { BRANCH, "a2 b2", "a2@-1", 0, "a2[a2,b2>a1,b2] => a1,b2" },
    { BRANCH, "a1 b2", "-1", MG_EAMBIGUOUS, "name one, e.g. a1@-1" },
    { BRANCH, "a1 b2", "a1@-1", 0, "a1[a1,b2>b2] => b2" },
    { BRANCH, "a1 b2", "a1-1", 0, "b2[a1,b2>a1,b1] b1[a1,b1>a1] "
      "a1[a1>r] => r" },
    { BRANCH, "a2 b2", "a2-1", 0, "a2[a2,b2>a1,b2] => a1,b2" },
    { BRANCH, "a2 b2", "A@-1", 0, "a2[a2,b2>a1,b2] => a1,b2" },
    { BRANCH, "a2 b2", "B@-1", 0, "b2[a2,b2>a2,b1] => a2,b1" },
    { BRANCH, "a2 b2", "A@-2", 0, "a2[a2,b2>a1,b2] a1[a1,b2>b2] => b2" },
    { BRANCH, "a2 b2", "A@-3", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] "
      "a2[a2>a1] a1[a1>r] r[r>base] => base" },
    { BRANCH, "a2 b2", "A@-4", MG_EUSAGE,
      "relative revision A@-4 goes below base" },
    { BRANCH, "a2 b2", "A@-0", 0, "=> a2,b2" },
    { BRANCH, "a2 b2", "r@-1", MG_EAMBIGUOUS, "several revisions of branch "
      "'r' are applied (a2, b2); name one, e.g. a2@-1" },
    { BRANCH, "a2 b2", "r", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] "
      "a2[a2>a1] a1[a1>r] => r" },
    { BRANCH, "a2 b2", "a2-2", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] "
      "a2[a2>a1] a1[a1>r] => r" },
    { BRANCH, "a2 b2", "A@base", 0, "a2[a2,b2>a1,b2] a1[a1,b2>b2] => b2" },
    { BRANCH, "a2 b2", "B@base", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] => a2" },
    { BRANCH, "a2", "B@base", 0, "=> a2" },
    { BRANCH, "a2", "B@-1", MG_EUSAGE,
      "relative revision B@-1: nothing of branch 'B' is applied" },
    { BRANCH, "a2 b2", "A@head", 0, "=> a2,b2" },
    { BRANCH, "a2", "B@head", MG_EUSAGE, "'b2' is not applied" },
    { BRANCH, "a1 a2 b2", "base", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] "
      "a2[a2>a1] a1[a1>r] r[r>base] => base" },
    /* merge */
    { MERGE, "c", "-1", 0, "c[c>m] => m" },
    /* down from a merge: the merge goes, its parents stay as heads
     * (Alembic's semantics, DESIGN section 9) */
    { MERGE, "m", "-1", 0, "m[m>a,b] => a,b" },
    { MERGE, "c", "-2", 0, "c[c>m] m[m>a,b] => a,b" },
    { MERGE, "c", "m-1", 0, "c[c>m] m[m>a,b] => a,b" },
    { MERGE, "m", "m@-1", 0, "m[m>a,b] => a,b" },
    { MERGE, "c", "a", 0, "c[c>m] m[m>a,b] => a,b" },
    /* further down is ambiguous; each hint does what was meant */
    { MERGE, "c", "-3", MG_EAMBIGUOUS,
      "relative revision -3 is ambiguous: m is a merge of a, b; go down in "
      "two runs, e.g. -2 (to the merge's parents) then a@-1" },
    { MERGE, "a b", "a@-1", 0, "a[a,b>b] => b" },
    { MERGE, "m", "m-2", MG_EAMBIGUOUS,
      "relative revision m-2 is ambiguous: m is a merge of a, b; name one, "
      "e.g. a-1" },
    { MERGE, "m", "a-1", 0, "m[m>a,b] b[a,b>a] a[a>r] => r" },
    { "r a:r b:r m:a,b@M", "m", "M@-2", MG_EAMBIGUOUS,
      "e.g. M@-1 (to the merge's parents) then a@-1" },
    { "r a:r b:r m:a,b@M", "m", "M@-1", 0, "m[m>a,b] => a,b" },
    /* several roots */
    { ROOTS, "x2 y2", "x1", 0, "x2[x2,y2>x1,y2] => x1,y2" },
    { ROOTS, "x2 y2", "x1-1", 0, "x2[x2,y2>x1,y2] x1[x1,y2>y2] => y2" },
    { ROOTS, "x2 y2", "base", 0, "y2[x2,y2>x2,y1] y1[x2,y1>x2] "
      "x2[x2>x1] x1[x1>base] => base" },
    /* depends_on across branches */
    /* b2 only depends on a1, which stays: b2 stays too */
    { DEPS, "a2 b2", "a1", 0, "a2[a2,b2>a1,b2] => a1,b2" },
    /* ...but what depends on a reverted revision goes with it */
    { DEPS, "a2 b2", "r", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] a2[a2>a1] "
      "a1[a1>r] => r" },
    { DEPS, "a2 b2", "B@base", 0, "b2[a2,b2>a2,b1] b1[a2,b1>a2] => a2" },
    { DEPS, "a2 b2", "A@base", 0,
      "b2[a2,b2>a2,b1] a2[a2,b1>a1,b1] a1[a1,b1>b1] => b1" },
    { DEPS, "b2", "b1", 0, "b2[a1,b2>a1,b1] => a1,b1" },
    /* a1 is a row only because b2 depends on it: -1 walks from b2 */
    { DEPS, "b2", "-1", 0, "b2[a1,b2>a1,b1] => a1,b1" },
};

START_TEST(test_revgraph_downgrade)
{
    run_plan_case(&downgrade_cases[_i], 0);
}
END_TEST

/* ---- resolve (stamp targets) ----------------------------------------- */

struct list_case {
    const char *spec;
    const char *current;
    const char *arg;        /* target, range, or space-separated targets */
    int         rc;
    const char *want;       /* ids joined by spaces, or message substring */
};

static const struct list_case resolve_cases[] = {
    { CHAIN, "", "head", 0, "c" },
    { CHAIN, "", "base", 0, "" },
    { CHAIN, "", "b", 0, "b" },
    { CHAIN, "b", "-1", 0, "a" },
    { CHAIN, "b", "+1", 0, "c" },
    { CHAIN, "r", "-1", 0, "" },
    { MERGE, "m", "-1", 0, "a b" },
    { CHAIN, "b", "+0", 0, "b" },
    { CHAIN, "", "+1", 0, "r" },
    { BRANCH, "", "heads", 0, "a2 b2" },
    { BRANCH, "", "A@head", 0, "a2" },
    { BRANCH, "a2", "B@+1", 0, "b1" },
    { BRANCH, "a2 b2", "head", MG_EAMBIGUOUS, "multiple heads: a2, b2" },
    { BRANCH, "a2 b2", "-1", MG_EAMBIGUOUS, "several heads are applied" },
    { BRANCH, "", "A@base", MG_EUSAGE, "'A@base' names no revision" },
    { BRANCH, "", "+y", MG_EUSAGE, "malformed revision target '+y'" },
    { BRANCH, "", "abc", MG_ENOTFOUND, "unknown revision 'abc'" },
};

static void
check_list(const struct list_case *c, int rc, const mg_error *err,
           const mg_strlist *out)
{
    mg_buf b = MG_BUF_INIT;

    if (c->rc == 0) {
        ck_mg_ok(rc, err);
        put_list(&b, out, " ", 0);
        ck_assert_str_eq(mg_buf_cstr(&b), c->want);
    } else {
        check_error(rc, c->rc, err, c->want);
    }
    mg_buf_release(&b);
}

START_TEST(test_revgraph_resolve)
{
    const struct list_case *c = &resolve_cases[_i];
    mg_revgraph *g = graph(c->spec);
    mg_strlist cur = words(c->current), out = MG_STRLIST_INIT;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_revgraph_resolve(&out, g, &cur, c->arg, &err);
    check_list(c, rc, &err, &out);
    mg_strlist_release(&out);
    mg_strlist_release(&cur);
    mg_revgraph_free(g);
}
END_TEST

/* ---- stamp rows ------------------------------------------------------ */

static const struct list_case stamp_cases[] = {
    { CHAIN, "", "b", 0, "b" },
    { CHAIN, "c", "a", 0, "a" },
    { CHAIN, "a", "c", 0, "c" },
    { CHAIN, "c", "", 0, "c" },
    { CHAIN, "r c", "", 0, "c" },
    { CHAIN, "c", "abc", MG_ENOTFOUND, "unknown revision 'abc'" },
    { CHAIN, "q", "a", MG_ENOTFOUND,
      "unknown revision 'q' in the current version rows" },
    { BRANCH, "a2 b2", "a1", 0, "a1 b2" },
    { BRANCH, "a2", "b1", 0, "a2 b1" },
    { BRANCH, "a2 b1", "b2", 0, "a2 b2" },
    { BRANCH, "a2 b2", "r", 0, "r" },
    { BRANCH, "", "a2 b2", 0, "a2 b2" },
    { BRANCH, "", "B", 0, "b1" },
    { MERGE, "a b", "m", 0, "m" },
    { MERGE, "a", "b", 0, "a b" },
    { ROOTS, "x2 y1", "x1", 0, "x1 y1" },
    { DEPS, "", "b2", 0, "a1 b2" },
    { DEPS, "a2", "b1", 0, "a2 b1" },
};

START_TEST(test_revgraph_stamp_rows)
{
    const struct list_case *c = &stamp_cases[_i];
    mg_revgraph *g = graph(c->spec);
    mg_strlist cur = words(c->current), tg = words(c->arg);
    mg_strlist out = MG_STRLIST_INIT;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_revgraph_stamp_rows(&out, g, &cur, &tg, &err);
    check_list(c, rc, &err, &out);
    mg_strlist_release(&out);
    mg_strlist_release(&tg);
    mg_strlist_release(&cur);
    mg_revgraph_free(g);
}
END_TEST

/* ---- history ranges -------------------------------------------------- */

static const struct list_case range_cases[] = {
    { CHAIN, "", ":", 0, "c b a r" },
    { CHAIN, "", "a:", 0, "c b a" },
    { CHAIN, "", ":b", 0, "b a r" },
    { CHAIN, "", "a:b", 0, "b a" },
    { CHAIN, "", "b:a", 0, "" },
    { CHAIN, "", "base:head", 0, "c b a r" },
    { CHAIN, "", ":base", 0, "" },
    { CHAIN, "b", "current:", 0, "c b" },
    { CHAIN, "b", ":current", 0, "b a r" },
    { CHAIN, "", ":current", 0, "" },
    { CHAIN, "", "current:", 0, "c b a r" },
    { CHAIN, "c", "-1:", 0, "c b" },
    { CHAIN, "c", "-4:", 0, "c b a r" },
    { CHAIN, "b", ":+1", 0, "c b a r" },
    { CHAIN, "", "b", MG_EUSAGE, "malformed revision range 'b'" },
    { CHAIN, "", "", MG_EUSAGE, "malformed revision range ''" },
    { CHAIN, "", "a:b:c", MG_EUSAGE, "malformed revision range 'a:b:c'" },
    { CHAIN, "", "nope:", MG_ENOTFOUND, "unknown revision 'nope'" },
    { CHAIN, "", ":+x", MG_EUSAGE, "malformed revision target '+x'" },
    { CHAIN, "c", "-5:", MG_EUSAGE, "relative revision -5 goes below base" },
    { BRANCH, "", ":A@head", 0, "a2 a1 r" },
    { BRANCH, "", "B:", 0, "b2 b1" },
    { BRANCH, "", "r:heads", 0, "b2 b1 a2 a1 r" },
    { BRANCH, "", "A@base:", 0, "b2 b1 a2 a1 r" },
    { BRANCH, "", ":head", MG_EAMBIGUOUS, "multiple heads: a2, b2" },
    { BRANCH, "a2 b1", "r:current", 0, "b1 a2 a1 r" },
    { DEPS, "", "a1:", 0, "b2 a2 a1" },
    { DEPS, "", ":b2", 0, "b2 b1 a1 r" },
    { MERGE, "", "a:", 0, "c m a" },
};

START_TEST(test_revgraph_range)
{
    const struct list_case *c = &range_cases[_i];
    mg_revgraph *g = graph(c->spec);
    mg_strlist cur = words(c->current), out = MG_STRLIST_INIT;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_revgraph_range(&out, g, &cur, c->arg, &err);
    check_list(c, rc, &err, &out);
    mg_strlist_release(&out);
    mg_strlist_release(&cur);
    mg_revgraph_free(g);
}
END_TEST

/* A NULL range means everything; NULL current means base. */
START_TEST(test_revgraph_range_defaults)
{
    mg_revgraph *g = graph(BRANCH);
    mg_strlist out = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    ck_mg_ok(mg_revgraph_range(&out, g, NULL, NULL, &err), &err);
    put_list(&b, &out, " ", 0);
    ck_assert_str_eq(mg_buf_cstr(&b), "b2 b1 a2 a1 r");
    mg_buf_release(&b);
    mg_strlist_release(&out);
    mg_revgraph_free(g);
}
END_TEST

/* ---- scale ----------------------------------------------------------- */

#define BIG 10000

/* ---- the branch label a head is the only head of --------------------- */

static const struct {
    const char *spec;
    const char *id;
    const char *want;       /* the label, or NULL */
} head_label_cases[] = {
    { BRANCH, "a2", "A" },
    { BRANCH, "b2", "B" },
    { BRANCH, "a1", NULL },                 /* not a head */
    { BRANCH, "zz", NULL },                 /* unknown */
    { ROOTS, "x2", NULL },                  /* no label */
    { "x1@X x2:x1 y1@Y y2:y1", "y2", "Y" }, /* independent roots */
    { "r@R a:r b:r", "a", NULL },           /* R has two heads */
    { "r@R a:r b:r@B", "a", NULL },
    { "r@R a:r b:r@B", "b", "B" },
    { "r@R a:r@A", "a", "A" },              /* the nearest label */
    { "r a:r@A b:r m:a,b", "m", "A" },      /* through a merge */
};

START_TEST(test_revgraph_head_label)
{
    mg_revgraph *g = graph(head_label_cases[_i].spec);
    const char *got = mg_revgraph_head_label(g, head_label_cases[_i].id);
    const char *want = head_label_cases[_i].want;

    ck_assert_msg(want ? got && strcmp(got, want) == 0 : got == NULL,
                  "%s: head label of %s is %s, want %s",
                  head_label_cases[_i].spec, head_label_cases[_i].id,
                  got ? got : "NULL", want ? want : "NULL");
    mg_revgraph_free(g);
}
END_TEST

/* 10,000 revisions in a chain, added child first: a quadratic build,
 * order or plan would make this test crawl. */
START_TEST(test_revgraph_big_chain)
{
    mg_revgraph *g;
    mg_strlist down = MG_STRLIST_INIT, out = MG_STRLIST_INIT;
    mg_plan *p;
    mg_error err;
    char id[16], parent[16];
    const char *full;
    int i;

    ck_mg_ok(mg_revgraph_new(&g, &err), &err);
    for (i = BIG - 1; i >= 0; i--) {
        snprintf(id, sizeof(id), "r%05d", i);
        snprintf(parent, sizeof(parent), "r%05d", i - 1);
        mg_strlist_release(&down);
        if (i > 0)
            ck_assert_int_eq(mg_strlist_add(&down, parent), 0);
        ck_mg_ok(mg_revgraph_add(g, id, &down, NULL, NULL, NULL, &err), &err);
    }
    ck_mg_ok(mg_revgraph_build(g, &err), &err);
    ck_assert_uint_eq(mg_revgraph_count(g), BIG);
    ck_assert_str_eq(mg_revgraph_order(g)[0], "r00000");
    ck_assert_str_eq(mg_revgraph_order(g)[BIG - 1], "r09999");
    ck_mg_ok(mg_revgraph_lookup(g, "r05000", &full, &err), &err);
    ck_assert_str_eq(full, "r05000");
    ck_assert_int_eq(mg_revgraph_lookup(g, "r050", &full, &err),
                     MG_EAMBIGUOUS);
    ck_assert_str_eq(err.msg, "revision prefix 'r050' is ambiguous: r05000, "
                     "r05001, r05002, r05003, r05004, r05005, r05006, "
                     "r05007, r05008, r05009, ...");

    ck_mg_ok(mg_revgraph_plan_upgrade(&p, g, NULL, "head", &err), &err);
    ck_assert_uint_eq(mg_plan_count(p), BIG);
    ck_assert_str_eq(mg_plan_revision(p, BIG - 1), "r09999");
    ck_assert_str_eq(mg_plan_rows_before(p, BIG - 1)->v[0], "r09998");
    ck_assert_str_eq(mg_plan_final_rows(p)->v[0], "r09999");
    mg_plan_free(p);

    mg_strlist_release(&down);
    ck_assert_int_eq(mg_strlist_add(&down, "r09999"), 0);
    ck_mg_ok(mg_revgraph_plan_downgrade(&p, g, &down, "base", &err), &err);
    ck_assert_uint_eq(mg_plan_count(p), BIG);
    ck_assert_str_eq(mg_plan_revision(p, 0), "r09999");
    ck_assert_uint_eq(mg_plan_final_rows(p)->n, 0);
    mg_plan_free(p);
    ck_mg_ok(mg_revgraph_plan_downgrade(&p, g, &down, "-9999", &err), &err);
    ck_assert_uint_eq(mg_plan_count(p), BIG - 1);
    ck_assert_str_eq(mg_plan_final_rows(p)->v[0], "r00000");
    mg_plan_free(p);

    ck_mg_ok(mg_revgraph_range(&out, g, &down, "r05000:current", &err), &err);
    ck_assert_uint_eq(out.n, BIG / 2);
    mg_strlist_release(&out);
    mg_strlist_release(&down);
    mg_revgraph_free(g);
}
END_TEST

/* ---- effective branch labels ---------------------------------------- */

/* A revision's labels as Alembic shows them: its own, then its ancestors'
 * (through down revisions, not dependencies), each once. */
static const struct {
    const char *spec, *rev, *want;
} effective_label_cases[] = {
    { "r@core a:r b:a", "b", "core" },
    { "r@core a:r@feat b:a", "b", "feat core" },
    { "r@core a:r@feat b:a c:r", "c", "core" },
    { "r@core a:r@feat b:a@bee", "b", "bee feat core" },
    /* a merge inherits both parents' labels */
    { "r a:r@L b:r@M m:a,b", "m", "M L" },
    /* a dependency passes no label on */
    { "x@X r a:r^x", "a", "" },
    { "r", "r", "" },
};

START_TEST(test_revgraph_effective_labels)
{
    mg_revgraph *g = graph(effective_label_cases[_i].spec);
    mg_strlist out = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    mg_error err;

    ck_mg_ok(mg_revgraph_effective_labels(g, effective_label_cases[_i].rev,
                                          &out,
                                          &err), &err);
    mg_strlist_join(&out, " ", &b);
    ck_assert_str_eq(mg_buf_cstr(&b), effective_label_cases[_i].want);
    ck_assert_int_eq(mg_revgraph_effective_labels(g, "nosuch", &out, &err),
                     MG_ENOTFOUND);
    ck_assert_str_eq(err.msg, "unknown revision 'nosuch'");
    mg_buf_release(&b);
    mg_strlist_release(&out);
    mg_revgraph_free(g);
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

#define N_CASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static TCase *
tcase(const char *name, const TTest *t)
{
    TCase *tc = tcase_create(name);

    tcase_add_test(tc, t);
    return tc;
}

static TCase *
loop_tcase(const char *name, const TTest *t, int n)
{
    TCase *tc = tcase_create(name);

    tcase_add_loop_test(tc, t, 0, n);
    return tc;
}

Suite *
revgraph_suite(void)
{
    Suite *s = suite_create("revgraph");
    TCase *big;

    suite_add_tcase(s, tcase("linear", test_revgraph_linear));
    suite_add_tcase(s, tcase("two_heads", test_revgraph_two_heads));
    suite_add_tcase(s, tcase("merge", test_revgraph_merge));
    suite_add_tcase(s, tcase("multiple_roots", test_revgraph_multiple_roots));
    suite_add_tcase(s, tcase("order_ties", test_revgraph_order_ties));
    suite_add_tcase(s, tcase("depends_on", test_revgraph_depends_on));
    suite_add_tcase(s, tcase("rebuild", test_revgraph_rebuild));
    suite_add_tcase(s, tcase("empty", test_revgraph_empty));
    suite_add_tcase(s, tcase("id_limits", test_revgraph_id_limits));
    suite_add_tcase(s, loop_tcase("label_valid", test_revgraph_label_valid,
                                  N_CASES(label_cases)));
    suite_add_tcase(s, loop_tcase("build_errors", test_revgraph_build_errors,
                                  N_CASES(build_cases)));
    suite_add_tcase(s, loop_tcase("lookup", test_revgraph_lookup,
                                  N_CASES(lookup_cases)));
    suite_add_tcase(s, loop_tcase("upgrade", test_revgraph_upgrade,
                                  N_CASES(upgrade_cases)));
    suite_add_tcase(s, loop_tcase("downgrade", test_revgraph_downgrade,
                                  N_CASES(downgrade_cases)));
    suite_add_tcase(s, loop_tcase("resolve", test_revgraph_resolve,
                                  N_CASES(resolve_cases)));
    suite_add_tcase(s, loop_tcase("stamp_rows", test_revgraph_stamp_rows,
                                  N_CASES(stamp_cases)));
    suite_add_tcase(s, loop_tcase("range", test_revgraph_range,
                                  N_CASES(range_cases)));
    suite_add_tcase(s, tcase("range_defaults", test_revgraph_range_defaults));
    suite_add_tcase(s, loop_tcase("head_label", test_revgraph_head_label,
                                  N_CASES(head_label_cases)));
    suite_add_tcase(s, loop_tcase("effective_labels",
                                  test_revgraph_effective_labels,
                                  N_CASES(effective_label_cases)));
    big = tcase("big_chain", test_revgraph_big_chain);
    tcase_set_timeout(big, 60);
    suite_add_tcase(s, big);
    return s;
}
