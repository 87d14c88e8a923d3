/* cli_graph.c - the revision graph through the migrate binary: heads,
 * branches, history (with -r ranges), show and merge on a graph with a
 * branchpoint, two heads, a merge, several roots, branch labels and
 * depends_on; what upgrade/downgrade do on it, and that every hint after an
 * ambiguous target names a command that works.
 *
 *   root -> trunk -> feat1 (label feat) -> feat2 -\
 *                \-> side ----------------------- > mrg   (level 2)
 *   alt (label other) -> altdep (depends on trunk)         (level 3)
 *
 * Then the offline and advice paths: `upgrade --sql FROM:TO` refuses a
 * range that goes backwards, `downgrade --sql FROM:TO` works from any FROM
 * with no connection at all (each script run with the sqlite3 shell on a
 * database the upgrade script built), a database at a revision the
 * checkout lacks gets advice that keeps its record, and --json output
 * stays valid UTF-8 whatever bytes a string holds. That graph:
 *
 *   r1 -> r2 -> fa -\
 *           \-> fb --> m        x1 (label other) -> xd (depends on r2)
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

/* Run migrate, assert the exit status, return stdout (caller frees). */
static char *
run_want(int want, const char *args)
{
    run_result r = migrate("%s", args);
    char *out;

    ck_assert_msg(r.status == want, "migrate %s: exit %d, want %d\n%s%s",
                  args, r.status, want, r.out, r.err);
    out = strdup(r.out);
    run_free(&r);
    return out;
}

static void
ok(const char *args)
{
    free(run_want(0, args));
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

/* The word after marker in text (up to a space, ')' or newline); the
 * caller frees it. For running the command a hint suggests. */
static char *
word_after(const char *text, const char *marker)
{
    const char *p = strstr(text, marker);

    ck_assert_msg(p != NULL, "no '%s' in\n%s", marker, text);
    p += strlen(marker);
    return strndup(p, strcspn(p, " )\n"));
}

/* Run `migrate verb TARGET` with the target a failed run's message hints
 * (the word after marker), asserting that it succeeds. */
static void
run_hint(const char *verb, const char *err, const char *marker)
{
    char *target = word_after(err, marker);
    char args[128];

    snprintf(args, sizeof(args), "%s %s", verb, target);
    ok(args);
    free(target);
}

START_TEST(test_cli_graph_downgrade_merge)
{
    run_result r;

    build_graph(2);
    ok("upgrade head");
    ck_str_value(version_rows(), "mrg");
    /* one step down from a merge reverts the merge and leaves both
     * parents as heads (Alembic's semantics, DESIGN section 9) */
    r = migrate("downgrade -1");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running downgrade mrg -> feat2, side, merge both");
    run_free(&r);
    ck_str_value(version_rows(), "feat2 side");
    ck_str_value(logged("downgrade"), "mrg");
    /* with two heads applied -1 is ambiguous; the suggested command
     * reverts one of them, and only that */
    r = migrate("downgrade -1");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: several heads are applied (feat2, "
                     "side); name one, e.g. feat2@-1\n");
    ck_str_value(version_rows(), "feat2 side");
    run_hint("downgrade", r.err, "e.g. ");
    run_free(&r);
    ck_str_value(version_rows(), "feat1 side");
    ck_str_value(logged("downgrade"), "feat2 mrg");
    /* upgrade +1 from two heads: the same kind of hint */
    r = migrate("upgrade +1");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: several heads are applied (feat1, "
                     "side); name one, e.g. feat1@+1\n");
    run_hint("upgrade", r.err, "e.g. ");
    run_free(&r);
    ck_str_value(version_rows(), "feat2 side");
    /* two steps below a merge: two runs, each as suggested */
    ok("upgrade head");
    r = migrate("downgrade -2");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: relative revision -2 is ambiguous: mrg "
                     "is a merge of feat2, side; go down in two runs, e.g. "
                     "-1 (to the merge's parents) then feat2@-1\n");
    ck_str_value(version_rows(), "mrg");
    run_hint("downgrade", r.err, "e.g. ");
    ck_str_value(version_rows(), "feat2 side");
    run_hint("downgrade", r.err, " then ");
    run_free(&r);
    ck_str_value(version_rows(), "feat1 side");
    /* a fork going up: the suggested child and steps */
    ok("downgrade trunk");
    r = migrate("upgrade +2");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: relative revision +2 is ambiguous: "
                     "trunk has several children (feat1, side); name one, "
                     "e.g. feat1+1\n");
    run_hint("upgrade", r.err, "e.g. ");
    run_free(&r);
    ck_str_value(version_rows(), "feat2");
    /* naming a parent reverts the merge as well */
    ok("upgrade head");
    ok("downgrade feat2");
    ck_str_value(version_rows(), "feat2 side");
    /* and one step from a head of the two */
    ok("downgrade side@-1");
    ck_str_value(version_rows(), "feat2");
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

/* merge joins heads: anything else is refused without suggesting an
 * option merge does not take, and so is a single head named twice. */
START_TEST(test_cli_graph_merge_refused)
{
    run_result r;

    build_graph(1);
    r = migrate("merge -m m feat1 side");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: revision 'feat1' is not a head: merge "
                     "joins heads ('migrate heads' lists them)\n");
    run_free(&r);
    r = migrate("merge -m m side side");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: merge needs at least two heads (there "
                     "is 1)\n");
    run_free(&r);
    r = migrate("merge -m m feat2 nosuch");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: unknown revision 'nosuch'\n");
    run_free(&r);
    ck_str_value(dir_listing("migrations/versions"), "feat1_feature_one.sql\n"
                 "feat2_feature_two.sql\nroot_first_root.sql\n"
                 "side_side_branch.sql\ntrunk_the_trunk.sql\n");
    /* what the message suggests works */
    ok("heads");
    ok("merge -m m feat@head side");
}
END_TEST

/* check passes independent labelled branches, each head the only head of a
 * branch label of its own, and wants the database at every head; any
 * other set of heads still fails. */
START_TEST(test_cli_graph_check_labelled_heads)
{
    run_result r;

    project_init();
    write_file("models.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
               "CREATE TABLE b (id INTEGER PRIMARY KEY);\n");
    write_revision("aroot", "", "-- branch_labels: alpha\n",
                   "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                   "DROP TABLE a;");
    write_revision("broot", "", "-- branch_labels: beta\n",
                   "CREATE TABLE b (id INTEGER PRIMARY KEY);",
                   "DROP TABLE b;");
    write_revision("bnext", "broot", NULL, "", "");
    r = migrate("check --no-db");
    ck_run_status(r, 0);
    run_free(&r);
    ok("upgrade heads");
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
    /* one branch reverted: not at head, and the advice works */
    ok("downgrade alpha@base");
    r = migrate("check");
    ck_run_status(r, 1);
    ck_contains(r.out, "database is not at head: it is at bnext, heads are "
                "aroot, bnext (run 'migrate upgrade heads')");
    run_free(&r);
    ok("upgrade heads");
    r = migrate("check");
    ck_run_status(r, 0);
    run_free(&r);
    /* a fork inside the beta branch: two heads share its label */
    write_revision("bfork", "broot", NULL, "", "");
    r = migrate("check --no-db");
    ck_run_status(r, 1);
    ck_contains(r.out, "are all heads: run 'migrate merge heads'");
    ck_contains(r.out, "bfork");
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

/* ---- offline and advice paths ---- */

static void
offline_graph(void)
{
    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    write_revision("r2", "r1", NULL, "CREATE TABLE t2 (id INTEGER);",
                   "DROP TABLE t2;");
    write_revision("fa", "r2", NULL, "CREATE TABLE ta (id INTEGER);",
                   "DROP TABLE ta;");
    write_revision("fb", "r2", NULL, "CREATE TABLE tb (id INTEGER);",
                   "DROP TABLE tb;");
    write_revision("m", "fa, fb", NULL, "", "");
    write_revision("x1", "", "-- branch_labels: other\n",
                   "CREATE TABLE x1 (id INTEGER);", "DROP TABLE x1;");
    write_revision("xd", "x1", "-- depends_on: r2\n",
                   "CREATE TABLE xd (id INTEGER);", "DROP TABLE xd;");
}

/* Run a script with the sqlite3 shell on db. */
static void
sqlite_script(const char *db, const char *script)
{
    run_result r;

    write_file("script.sql", script);
    r = shell("sqlite3 -bail '%s' '.read script.sql'", db);
    ck_assert_msg(r.status == 0, "sqlite3 failed: %s\n%s", r.err, script);
    run_free(&r);
}

/* The user tables and the version rows of db: "t1 t2 | r2", sorted. */
static char *
state(const char *db)
{
    return sqlite_value(db, "SELECT coalesce((SELECT group_concat(name, ' ') "
                        "FROM (SELECT name FROM sqlite_master WHERE type = "
                        "'table' AND name NOT LIKE 'migrate%' ORDER BY 1)), "
                        "'') || ' | ' || coalesce((SELECT group_concat("
                        "version_num, ' ') FROM (SELECT version_num FROM "
                        "migrate_version ORDER BY 1)), '')");
}

/* The revisions a script reverts or applies, in its order. */
static char *
script_steps(const char *script, const char *verb)
{
    char *out = calloc(1, strlen(script) + 1), marker[32];
    const char *p = script;
    size_t len;

    snprintf(marker, sizeof(marker), "\n-- %s ", verb);
    len = strlen(marker);
    while ((p = strstr(p, marker)) != NULL) {
        p += len;
        if (*out)
            strcat(out, " ");
        strncat(out, p, strcspn(p, ":"));
    }
    return out;
}

START_TEST(test_offline_upgrade_backwards)
{
    run_result r;
    char *out;

    offline_graph();
    /* a range whose end comes before its start: exit 2, no script */
    r = migrate("upgrade --sql m:fa");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, "migrate: upgrade range 'm:fa' goes backwards: "
                     "its end comes before its start (the script that "
                     "reverts it: 'migrate downgrade --sql m:fa')\n");
    run_free(&r);
    r = migrate("upgrade --sql fa:r1");
    ck_run_status(r, 2);
    ck_contains(r.err, "upgrade range 'fa:r1' goes backwards");
    run_free(&r);
    r = migrate("upgrade --sql m:base");
    ck_run_status(r, 2);
    run_free(&r);
    /* through a dependency: r2 comes before xd */
    r = migrate("upgrade --sql xd:r2");
    ck_run_status(r, 2);
    run_free(&r);
    /* an empty range and a sideways one are fine */
    free(run_want(0, "upgrade --sql fa:fa"));
    out = run_want(0, "upgrade --sql fa:fb");
    ck_str_value(script_steps(out, "upgrade"), "fb");
    free(out);
    /* the suggested command is the script that was meant */
    out = run_want(0, "downgrade --sql m:fa");
    ck_str_value(script_steps(out, "downgrade"), "m");
    free(out);
    /* all offline: the configured SQLite database never appeared */
    ck_assert(!path_exists("app.db"));
}
END_TEST

static const struct {
    const char *from;
    const char *to;
    const char *reverted;   /* the script's steps, in order */
    const char *after;      /* state() once the script ran */
} down_cases[] = {
    /* down from a merge: the merge goes, its parents stay as heads */
    { "m", "-1", "m", "t1 t2 ta tb | fa fb" },
    { "m", "fa", "m", "t1 t2 ta tb | fa fb" },
    { "m", "r2", "m fb fa", "t1 t2 | r2" },
    { "m", "m@-1", "m", "t1 t2 ta tb | fa fb" },
    /* from the merge's parents */
    { "m-1", "r1", "fb fa r2", "t1 | r1" },
    { "m-1", "fa@-1", "fa", "t1 t2 tb | fb" },
    { "fa", "-2", "fa r2", "t1 | r1" },
    /* xd depends on r2: -1 walks from xd, and r2 stays */
    { "xd", "-1", "xd", "t1 t2 x1 | r2 x1" },
    { "heads", "other@base", "xd x1", "t1 t2 ta tb | m" },
    { "heads", "base", "xd x1 m fb fa r2 r1", " | " },
};

START_TEST(test_offline_downgrade_any)
{
    char args[128], *up, *down, *steps;

    offline_graph();
    snprintf(args, sizeof(args), "upgrade --sql %s", down_cases[_i].from);
    up = run_want(0, args);
    sqlite_script("off.db", up);
    snprintf(args, sizeof(args), "downgrade --sql %s:%s",
             down_cases[_i].from, down_cases[_i].to);
    down = run_want(0, args);
    steps = script_steps(down, "downgrade");
    ck_assert_msg(strcmp(steps, down_cases[_i].reverted) == 0,
                  "%s: reverts '%s', want '%s'", args, steps,
                  down_cases[_i].reverted);
    sqlite_script("off.db", down);
    ck_str_value(state("off.db"), down_cases[_i].after);
    free(steps);
    free(up);
    free(down);
    ck_assert(!path_exists("app.db"));
}
END_TEST

/* No connection at all: a server URL nothing listens on is only read for
 * its dialect. */
START_TEST(test_offline_downgrade_no_server)
{
    run_result r;

    offline_graph();
    r = migrate("--url postgresql://nobody:secret@127.0.0.1:1/none "
                "downgrade --sql m:-1");
    ck_run_status(r, 0);
    ck_contains(r.out, "-- migrate downgrade script for postgresql (m:-1)");
    ck_contains(r.out, "DELETE FROM \"migrate_version\" WHERE version_num = "
                "'m';");
    ck_str_value(script_steps(r.out, "downgrade"), "m");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
}
END_TEST

/* The database is at a revision this checkout lacks: the advice keeps the
 * record, and following it works. */
START_TEST(test_offline_unknown_revision_advice)
{
    static const char *const cmds[] = { "upgrade head", "downgrade base",
                                        "stamp r1" };
    static const char want[] = "migrate: the database is at revision 'gh', "
        "which is not in 'migrations/versions' (applied from another branch "
        "or checkout?): run migrate from a checkout that has it, e.g. after "
        "git pull; to leave that branch, downgrade there first to a "
        "revision this checkout also has\n";
    run_result r;
    char *text;
    int i;

    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    write_revision("gh", "r1", NULL, "CREATE TABLE tg (id INTEGER);",
                   "DROP TABLE tg;");
    free(run_want(0, "upgrade head"));
    /* this checkout has only r1 */
    text = read_file("migrations/versions/gh_gh.sql");
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(remove("migrations/versions/gh_gh.sql"), 0);
    for (i = 0; i < N(cmds); i++) {
        r = migrate("%s", cmds[i]);
        ck_run_status(r, 2);
        ck_assert_str_eq(r.err, want);
        ck_not_contains(r.err, "--purge");
        run_free(&r);
    }
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(version_num) "
                              "FROM migrate_version"), "gh");
    /* the checkout that has it downgrades to a shared revision... */
    write_file("migrations/versions/gh_gh.sql", text);
    free(run_want(0, "downgrade r1"));
    /* ...and this one goes on from there */
    ck_assert_int_eq(remove("migrations/versions/gh_gh.sql"), 0);
    free(run_want(0, "upgrade head"));
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(version_num) "
                              "FROM migrate_version"), "r1");
    free(text);
}
END_TEST

/* Assert that text is valid UTF-8 holding one JSON document for which the
 * Python expression check is true (the document is `d`). */
static void
ck_json_utf8(const char *text, const char *check)
{
    char script[2048];
    run_result r;

    write_file("doc.json", text);
    snprintf(script, sizeof(script),
             "import json, sys\n"
             "d = json.loads(open('doc.json', 'rb').read().decode('utf-8'))\n"
             "sys.exit(0 if (%s) else 1)\n", check);
    write_file("check.py", script);
    r = shell("python3 check.py");
    ck_assert_msg(r.status == 0, "not valid UTF-8 JSON, or %s is false:\n%s"
                  "\n%s", check, text, r.err);
    run_free(&r);
}

START_TEST(test_offline_json_utf8)
{
    /* Latin-1 e-acute, a well-formed e-acute, an encoded surrogate */
    static const char message[] = "caf\xe9 \xc3\xa9t\xc3\xa9 \xed\xa0\x80!";
    static const char want[] =
        "'caf\\ufffd \\u00e9t\\u00e9 \\ufffd\\ufffd\\ufffd!'";
    char text[512], check[256], *out;
    run_result r;

    project_init();
    snprintf(text, sizeof(text), "-- revision: r1\n-- down_revision: \n"
             "-- message: %s\n-- created: 2026-01-01 00:00:00+00:00\n\n"
             "-- +upgrade\n\n-- +downgrade\n", message);
    write_file("migrations/versions/r1_bytes.sql", text);
    out = run_want(0, "--json history");
    snprintf(check, sizeof(check), "d['revisions'][0]['message'] == %s",
             want);
    ck_json_utf8(out, check);
    free(out);
    out = run_want(0, "--json show r1");
    snprintf(check, sizeof(check), "d['message'] == %s", want);
    ck_json_utf8(out, check);
    free(out);
    out = run_want(0, "--json heads");
    snprintf(check, sizeof(check), "d['heads'][0]['message'] == %s", want);
    ck_json_utf8(out, check);
    free(out);
    /* an error message quoting the bytes, and a truncated sequence */
    r = migrate("--json show \"$(printf 'r\\377x\\303')\"");
    ck_run_status(r, 2);
    ck_json_utf8(r.out, "d['ok'] is False and d['error'] == "
                 "\"unknown revision 'r\\ufffdx\\ufffd'\"");
    run_free(&r);
}
END_TEST

static TCase *
tc(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
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
    tcase_add_test(tc(s, "merge_refused"), test_cli_graph_merge_refused);
    tcase_add_test(tc(s, "check_labelled_heads"),
                   test_cli_graph_check_labelled_heads);
    tcase_add_test(tc(s, "several_roots"), test_cli_graph_several_roots);
    tcase_add_test(tc(s, "branch_labels"), test_cli_graph_branch_labels);
    tcase_add_test(tc(s, "label_head"), test_cli_graph_label_head);
    tcase_add_test(tc(s, "depends_on"), test_cli_graph_depends_on);
    tcase_add_test(tc(s, "history_order"), test_cli_graph_history_order);
    tcase_add_loop_test(tc(s, "history_range"), test_cli_graph_history_range,
                        0, N(range_cases));
    tcase_add_test(tc(s, "show"), test_cli_graph_show);
    tcase_add_test(tc(s, "upgrade_backwards"),
                   test_offline_upgrade_backwards);
    tcase_add_loop_test(tc(s, "downgrade_any"), test_offline_downgrade_any,
                        0, N(down_cases));
    tcase_add_test(tc(s, "downgrade_no_server"),
                   test_offline_downgrade_no_server);
    tcase_add_test(tc(s, "unknown_revision_advice"),
                   test_offline_unknown_revision_advice);
    tcase_add_test(tc(s, "json_utf8"), test_offline_json_utf8);
    return s;
}
