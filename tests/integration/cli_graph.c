/* cli_graph.c - the revision graph through the migrate binary: heads,
 * branches, history (with -r ranges), show and merge on a graph with a
 * branchpoint, two heads, a merge, several roots, branch labels and
 * depends_on; and what upgrade/downgrade do on it.
 *
 *   root -> trunk -> feat1 (label feat) -> feat2 -\
 *                \-> side ----------------------- > mrg   (level 2)
 *   alt (label other) -> altdep (depends on trunk)         (level 3)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suites.h"

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    project_enter();
}

static void
teardown(void)
{
    project_leave();
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void
ok(const char *args)
{
    run_result r = migrate("%s", args);

    ck_assert_msg(r.status == 0, "migrate %s: exit %d\n%s%s", args, r.status,
                  r.out, r.err);
    run_free(&r);
}

/* Level 1: two heads (feat2, side) from the branchpoint trunk. Level 2:
 * merged into mrg. Level 3: a second root alt with altdep depending on
 * trunk. The revisions' SQL sections are empty. */
static void
build_graph(int level)
{
    static const struct {
        int         level;
        const char *args;
    } steps[] = {
        { 1, "revision -m 'first root' --rev-id root" },
        { 1, "revision -m 'the trunk' --rev-id trunk" },
        { 1, "revision -m 'feature one' --rev-id feat1 --branch-label feat" },
        { 1, "revision -m 'feature two' --rev-id feat2 --head feat@head" },
        { 1, "revision -m 'side branch' --rev-id side --head trunk "
             "--splice" },
        { 2, "merge -m 'merge both' heads --rev-id mrg" },
        { 3, "revision -m 'alternative root' --rev-id alt --head base "
             "--branch-label other" },
        { 3, "revision -m 'alt with dep' --rev-id altdep --head other@head "
             "--depends-on trunk" },
    };
    int i;

    project_init();
    for (i = 0; i < N(steps); i++)
        if (steps[i].level <= level)
            ok(steps[i].args);
}

/* The version table's rows, sorted. */
static char *
version_rows(void)
{
    return sqlite_value("app.db", "SELECT coalesce(group_concat(version_num, "
                        "' '), '') FROM (SELECT version_num FROM "
                        "migrate_version ORDER BY 1)");
}

/* The revisions upgraded (direction) in the log, sorted. */
static char *
logged(const char *direction)
{
    char sql[300];

    snprintf(sql, sizeof(sql), "SELECT coalesce(group_concat(revision, ' '),"
             " '') FROM (SELECT revision FROM migrate_version_log WHERE "
             "direction = '%s' ORDER BY 1)", direction);
    return sqlite_value("app.db", sql);
}

#define ck_str_value(expr, want) do { \
        char *v_ = (expr); \
        ck_assert_msg(strcmp(v_, (want)) == 0, "%s\n  is '%s'\n  want '%s'", \
                      #expr, v_, (want)); \
        free(v_); \
    } while (0)

/* Newer revision before older one in any history listing. */
static const char *const edges[][2] = {
    { "trunk", "root" }, { "feat1", "trunk" }, { "feat2", "feat1" },
    { "side", "trunk" }, { "mrg", "feat2" }, { "mrg", "side" },
    { "altdep", "alt" }, { "altdep", "trunk" },
};

static void
ck_newest_first(const char *ids)
{
    int i;

    for (i = 0; i < N(edges); i++) {
        int a = word_index(ids, edges[i][0]), b = word_index(ids, edges[i][1]);
        if (a >= 0 && b >= 0)
            ck_assert_msg(a < b, "history lists %s before %s: %s",
                          edges[i][1], edges[i][0], ids);
    }
}

START_TEST(test_cli_graph_two_heads)
{
    run_result r;
    char *w;

    build_graph(1);
    r = migrate("heads");
    ck_run_status(r, 0);
    w = first_words(r.out);
    ck_str_value(sorted_words(w), "feat2 side");
    free(w);
    /* feat2 inherits feat1's label, as Alembic shows it (issue 17) */
    ck_contains(r.out, "feat2 (feat) (head)\n");
    ck_contains(r.out, "side (head)\n");
    run_free(&r);
    r = migrate("--json heads");
    ck_run_status(r, 0);
    ck_json(r.out, "sorted(h['revision'] for h in d['heads']) == "
            "['feat2', 'side'] and all(isinstance(h['branch_labels'], list) "
            "for h in d['heads'])");
    run_free(&r);
    /* both heads applied: two rows */
    ok("upgrade heads");
    ck_str_value(version_rows(), "feat2 side");
    r = migrate("current");
    ck_run_status(r, 0);
    w = first_words(r.out);
    ck_str_value(sorted_words(w), "feat2 side");
    free(w);
    run_free(&r);
    r = migrate("--json current");
    ck_run_status(r, 0);
    ck_json(r.out, "sorted(d['current']) == ['feat2', 'side']");
    run_free(&r);
}
END_TEST

START_TEST(test_cli_graph_branches)
{
    run_result r;
    char *w;

    build_graph(1);
    r = migrate("branches");
    ck_run_status(r, 0);
    /* one branchpoint, trunk, with its two children */
    w = first_words(r.out);
    ck_assert_msg(word_index(w, "trunk") == 0, "branches:\n%s", r.out);
    ck_assert_msg(word_index(w, "root") < 0 && word_index(w, "feat1") < 0,
                  "only trunk is a branchpoint:\n%s", r.out);
    free(w);
    ck_contains(r.out, "(branchpoint)");
    ck_contains(r.out, "-> feat1");
    ck_contains(r.out, "-> side");
    run_free(&r);
    r = migrate("--json branches");
    ck_run_status(r, 0);
    ck_json(r.out, "isinstance(d, dict) and 'trunk' in json.dumps(d)");
    run_free(&r);
    /* a merge joins the branches but trunk still forks */
    ok("merge -m m heads --rev-id mrg");
    r = migrate("branches");
    ck_run_status(r, 0);
    w = first_words(r.out);
    ck_assert_msg(word_index(w, "trunk") == 0 && word_index(w, "mrg") < 0,
                  "branches:\n%s", r.out);
    free(w);
    run_free(&r);
}
END_TEST

START_TEST(test_cli_graph_merge_heads)
{
    run_result r;
    char *text;

    build_graph(1);
    ok("upgrade heads");
    ck_str_value(version_rows(), "feat2 side");
    r = migrate("merge -m 'merge both' heads --rev-id mrg");
    ck_run_status(r, 0);
    ck_contains(r.out, "migrations/versions/mrg_merge_both.sql");
    run_free(&r);
    text = read_file("migrations/versions/mrg_merge_both.sql");
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "-- down_revision: feat2, side\n") ||
                  strstr(text, "-- down_revision: side, feat2\n"),
                  "merge parents:\n%s", text);
    free(text);
    /* one head now */
    r = migrate("heads");
    ck_run_status(r, 0);
    ck_str_value(first_words(r.out), "mrg");
    ck_contains(r.out, "(mergepoint)");
    run_free(&r);
    r = migrate("--json show mrg");
    ck_run_status(r, 0);
    ck_json(r.out, "sorted(d['down_revisions']) == ['feat2', 'side']");
    run_free(&r);
    r = migrate("history");
    ck_run_status(r, 0);
    {
        char *ids = history_ids(r.out);
        int first = strncmp(ids, "mrg ", 4) == 0;
        free(ids);
        ck_assert_msg(first, "history does not start with the merge:\n%s",
                      r.out);
    }
    run_free(&r);
    /* the merge joins the two version rows into one */
    ok("upgrade head");
    ck_str_value(version_rows(), "mrg");
    ck_str_value(logged("upgrade"), "feat1 feat2 mrg root side trunk");
    /* merging a single head is refused */
    r = migrate("merge -m again heads");
    ck_run_status(r, 2);
    run_free(&r);
}
END_TEST

START_TEST(test_cli_graph_downgrade_merge)
{
    run_result r;

    build_graph(2);
    ok("upgrade head");
    ck_str_value(version_rows(), "mrg");
    /* one step down from a merge is ambiguous, as in Alembic ("ambiguous
     * walk"): the message names both parents and nothing changes */
    r = migrate("downgrade -1");
    ck_run_status(r, 2);
    ck_contains(r.err, "feat2");
    ck_contains(r.err, "side");
    run_free(&r);
    ck_str_value(version_rows(), "mrg");
    /* naming a parent reverts the merge: two heads again */
    ok("downgrade feat2");
    ck_str_value(version_rows(), "feat2 side");
    ck_str_value(logged("downgrade"), "mrg");
    /* and one step from a head of the two */
    ok("downgrade side@-1");
    ck_str_value(version_rows(), "feat2");
    ck_str_value(logged("downgrade"), "mrg side");
}
END_TEST

START_TEST(test_cli_graph_merge_explicit)
{
    run_result r;

    build_graph(1);
    r = migrate("merge -m joined feat2 side");
    ck_run_status(r, 0);
    ck_contains(r.out, "_joined.sql");
    run_free(&r);
    r = migrate("--json heads");
    ck_run_status(r, 0);
    ck_json(r.out, "len(d['heads']) == 1 and d['heads'][0]['message'] == "
            "'joined' and sorted(d['heads'][0]['down_revisions']) == "
            "['feat2', 'side']");
    run_free(&r);
}
END_TEST

START_TEST(test_cli_graph_several_roots)
{
    run_result r;
    char *w;

    build_graph(3);
    r = migrate("heads");
    ck_run_status(r, 0);
    w = first_words(r.out);
    ck_str_value(sorted_words(w), "altdep mrg");
    free(w);
    run_free(&r);
    r = migrate("history");
    ck_run_status(r, 0);
    ck_contains(r.out, "<base> -> root");
    ck_contains(r.out, "<base> -> alt");
    run_free(&r);
    r = migrate("--json history");
    ck_run_status(r, 0);
    ck_json(r.out, "sorted(x['revision'] for x in d['revisions'] if not "
            "x['down_revisions']) == ['alt', 'root']");
    run_free(&r);
    /* "head" is ambiguous, "heads" is not */
    r = migrate("upgrade head");
    ck_run_status(r, 2);
    run_free(&r);
    ok("upgrade heads");
    ck_str_value(version_rows(), "altdep mrg");
    ck_str_value(logged("upgrade"),
                 "alt altdep feat1 feat2 mrg root side trunk");
    /* LABEL@base reverts that branch only */
    ok("downgrade other@base");
    ck_str_value(version_rows(), "mrg");
    ck_str_value(logged("downgrade"), "alt altdep");
}
END_TEST

START_TEST(test_cli_graph_branch_labels)
{
    run_result r;

    build_graph(3);
    r = migrate("show feat");
    ck_run_status(r, 0);
    ck_contains(r.out, "feat1");
    ck_not_contains(r.out, "feat2");
    run_free(&r);
    r = migrate("history");
    ck_run_status(r, 0);
    ck_contains(r.out, "feat1 (feat)");
    ck_contains(r.out, "alt (other)");
    run_free(&r);
    r = migrate("--json show other");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'alt' and d['branch_labels'] == "
            "['other']");
    run_free(&r);
    /* other@head: the alt branch and its dependency, nothing else */
    ok("upgrade other@head");
    ck_str_value(logged("upgrade"), "alt altdep root trunk");
    /* feat@head: the head reached from feat1 is the merge */
    ok("upgrade feat@head");
    ck_str_value(logged("upgrade"),
                 "alt altdep feat1 feat2 mrg root side trunk");
    ck_str_value(version_rows(), "altdep mrg");
}
END_TEST

START_TEST(test_cli_graph_label_head)
{
    build_graph(1);
    /* before the merge feat@head is feat2, and side stays out */
    ok("upgrade feat@head");
    ck_str_value(version_rows(), "feat2");
    ck_str_value(logged("upgrade"), "feat1 feat2 root trunk");
    ok("downgrade feat@-1");
    ck_str_value(version_rows(), "feat1");
    ok("upgrade side");
    ck_str_value(version_rows(), "feat1 side");
    ok("upgrade feat@+1");
    ck_str_value(version_rows(), "feat2 side");
}
END_TEST

START_TEST(test_cli_graph_depends_on)
{
    run_result r;
    char *rows;

    build_graph(3);
    r = migrate("show altdep");
    ck_run_status(r, 0);
    ck_contains(r.out, "trunk");
    ck_contains(r.out, "alt");
    run_free(&r);
    r = migrate("--json show altdep");
    ck_run_status(r, 0);
    ck_json(r.out, "d['down_revisions'] == ['alt'] and d['depends_on'] == "
            "['trunk']");
    run_free(&r);
    /* a dependency does not make trunk a non-head of the altdep branch,
     * but upgrading altdep applies it first */
    ok("upgrade altdep");
    ck_str_value(logged("upgrade"), "alt altdep root trunk");
    ck_str_value(sqlite_value("app.db", "SELECT (SELECT id FROM "
                              "migrate_version_log WHERE revision = 'trunk') "
                              "< (SELECT id FROM migrate_version_log WHERE "
                              "revision = 'altdep')"), "1");
    rows = version_rows();
    ck_assert_msg(word_index(rows, "altdep") >= 0, "rows: %s", rows);
    free(rows);
    /* reverting the dependency reverts what depends on it */
    ok("downgrade root");
    ck_str_value(logged("downgrade"), "altdep trunk");
    ck_str_value(version_rows(), "alt root");
}
END_TEST

START_TEST(test_cli_graph_history_order)
{
    run_result r;
    char *ids;

    build_graph(3);
    r = migrate("history");
    ck_run_status(r, 0);
    ids = history_ids(r.out);
    ck_str_value(sorted_words(ids),
                 "alt altdep feat1 feat2 mrg root side trunk");
    ck_newest_first(ids);
    /* each line: parents -> revision, message */
    ck_contains(r.out, "feat2, side -> mrg");
    ck_contains(r.out, "trunk -> side");
    ck_contains(r.out, "feature two");
    free(ids);
    run_free(&r);
    /* --json lists the same revisions in the same order */
    r = migrate("--json history");
    ck_run_status(r, 0);
    ck_json(r.out, "len(d['revisions']) == 8 and d['revisions'][0]"
            "['revision'] in ('mrg', 'altdep') and d['revisions'][-1]"
            "['revision'] in ('root', 'alt')");
    run_free(&r);
}
END_TEST

static const struct {
    int         level;
    const char *upgrade;    /* upgrade the database to this first, or NULL */
    const char *range;
    const char *want;       /* sorted ids */
} range_cases[] = {
    { 2, NULL, ":head", "feat1 feat2 mrg root side trunk" },
    { 2, NULL, "base:", "feat1 feat2 mrg root side trunk" },
    { 2, NULL, ":", "feat1 feat2 mrg root side trunk" },
    { 2, NULL, "base:trunk", "root trunk" },
    { 2, NULL, ":feat1", "feat1 root trunk" },
    { 2, NULL, "feat1:", "feat1 feat2 mrg" },
    { 2, NULL, "trunk:mrg", "feat1 feat2 mrg side trunk" },
    { 2, NULL, "feat1:feat2", "feat1 feat2" },
    { 2, NULL, "side:head", "mrg side" },
    { 2, "feat1", "current:", "feat1 feat2 mrg" },
    { 2, "feat1", ":current", "feat1 root trunk" },
    { 2, "side", "current:head", "mrg side" },
    { 2, "head", "base:current", "feat1 feat2 mrg root side trunk" },
    { 3, NULL, "alt:", "alt altdep" },
    { 3, NULL, "root:trunk", "root trunk" },
    { 3, NULL, ":heads", "alt altdep feat1 feat2 mrg root side trunk" },
    { 3, NULL, "base:heads", "alt altdep feat1 feat2 mrg root side trunk" },
};

START_TEST(test_cli_graph_history_range)
{
    run_result r;
    char *ids;

    build_graph(range_cases[_i].level);
    if (range_cases[_i].upgrade) {
        r = migrate("upgrade %s", range_cases[_i].upgrade);
        ck_run_status(r, 0);
        run_free(&r);
    }
    r = migrate("history -r '%s'", range_cases[_i].range);
    ck_run_status(r, 0);
    ids = history_ids(r.out);
    {
        char *sorted = sorted_words(ids);
        int same = strcmp(sorted, range_cases[_i].want) == 0;
        free(sorted);
        ck_assert_msg(same, "history -r %s: %s, want %s\n%s",
                      range_cases[_i].range, ids, range_cases[_i].want,
                      r.out);
    }
    ck_newest_first(ids);
    free(ids);
    run_free(&r);
    /* the long option and --json agree */
    r = migrate("--json history --rev-range='%s'", range_cases[_i].range);
    ck_run_status(r, 0);
    {
        char check[512];
        snprintf(check, sizeof(check), "' '.join(sorted(x['revision'] for x "
                 "in d['revisions'])) == '%s'", range_cases[_i].want);
        ck_json(r.out, check);
    }
    run_free(&r);
}
END_TEST

START_TEST(test_cli_graph_show)
{
    run_result r;

    build_graph(2);
    r = migrate("show trunk");
    ck_run_status(r, 0);
    ck_contains(r.out, "trunk");
    ck_contains(r.out, "(branchpoint)");
    ck_contains(r.out, "root");
    ck_contains(r.out, "feat1");
    ck_contains(r.out, "side");
    ck_contains(r.out, "the trunk");
    ck_contains(r.out, "migrations/versions/trunk_the_trunk.sql");
    run_free(&r);
    r = migrate("show mrg");
    ck_run_status(r, 0);
    ck_contains(r.out, "(mergepoint)");
    ck_contains(r.out, "feat2");
    ck_contains(r.out, "side");
    run_free(&r);
    /* by label and by "head" */
    r = migrate("--json show head");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'mrg'");
    run_free(&r);
    r = migrate("--json show trunk");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'trunk' and d['down_revisions'] == "
            "['root'] and d['message'] == 'the trunk'");
    run_free(&r);
}
END_TEST

static TCase *
tc(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 30);
    suite_add_tcase(s, t);
    return t;
}

Suite *
cli_graph_suite(void)
{
    Suite *s = suite_create("cli_graph");

    tcase_add_test(tc(s, "two_heads"), test_cli_graph_two_heads);
    tcase_add_test(tc(s, "branches"), test_cli_graph_branches);
    tcase_add_test(tc(s, "merge_heads"), test_cli_graph_merge_heads);
    tcase_add_test(tc(s, "downgrade_merge"), test_cli_graph_downgrade_merge);
    tcase_add_test(tc(s, "merge_explicit"), test_cli_graph_merge_explicit);
    tcase_add_test(tc(s, "several_roots"), test_cli_graph_several_roots);
    tcase_add_test(tc(s, "branch_labels"), test_cli_graph_branch_labels);
    tcase_add_test(tc(s, "label_head"), test_cli_graph_label_head);
    tcase_add_test(tc(s, "depends_on"), test_cli_graph_depends_on);
    tcase_add_test(tc(s, "history_order"), test_cli_graph_history_order);
    tcase_add_loop_test(tc(s, "history_range"), test_cli_graph_history_range,
                        0, N(range_cases));
    tcase_add_test(tc(s, "show"), test_cli_graph_show);
    return s;
}
