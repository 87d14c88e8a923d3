/* cli_files.c - the files migrate writes for a user: a revision is
 * validated in full (labels, ids, parents, dependencies) before anything is
 * written, and every file (revision, merge, init's scaffold, erd -o) is
 * written whole or not at all: under a file-size limit (`ulimit -f 0`,
 * which stands for a full disk: the write fails with EFBIG) the command
 * fails with exit 2 naming the file, no file or temporary file is left,
 * an existing file keeps its content, and every later command works. A
 * revision file cut short is an error at file:line, never a head. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#define LABEL_HINT "(a label is not head, heads, base or current, does not " \
    "start with '-', and has no white space, '@', ':', ',' or '+')"

/* `migrate heads` still works and prints want. */
static void
ck_heads(const char *want)
{
    run_result r = migrate("heads");

    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, want);
    run_free(&r);
}

/* Run `migrate ARGS` with a file-size limit of 0 (every write fails with
 * EFBIG), through a pipe so that its messages are not written under that
 * limit. Returns its stdout and stderr, then "status N". */
static run_result
migrate_size_limited(const char *args)
{
    return shell("({ sh -c \"ulimit -f 0; exec '%s' %s\" 2>&1; "
                 "echo \"status $?\"; } | cat)", getenv("MIGRATE_BIN"), args);
}

static const struct {
    const char *label;      /* shell-quoted */
    const char *shown;
} bad_labels[] = {
    { "head", "head" }, { "heads", "heads" }, { "base", "base" },
    { "current", "current" }, { "-1", "-1" }, { "+2", "+2" },
    { "-x", "-x" }, { "a@b", "a@b" }, { "a:b", "a:b" }, { "'a b'", "a b" },
    { "a,b", "a,b" }, { "x+1", "x+1" }, { "\"$(printf 'a\\tb')\"", "a\tb" },
};

/* A label that a target reads otherwise, or that holds a separator, is
 * refused with exit 2 before anything is written, by revision and merge. */
START_TEST(test_files_revision_bad_label_writes_nothing)
{
    char *before, *after, want[256];
    run_result r;

    project_init();
    write_revision("r1", "", NULL, "SELECT 1;", "SELECT 1;");
    before = dir_listing("migrations/versions");
    snprintf(want, sizeof(want), "migrate: invalid branch label '%s' "
             LABEL_HINT "\n", bad_labels[_i].shown);
    r = migrate("revision -m x --branch-label %s", bad_labels[_i].label);
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, want);
    run_free(&r);
    write_revision("r2", "", NULL, "SELECT 1;", "SELECT 1;");
    r = migrate("merge -m m heads --branch-label %s", bad_labels[_i].label);
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, want);
    run_free(&r);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, "r1_r1.sql\nr2_r2.sql\n");
    ck_heads("r1 (head)\nr2 (head)\n");
    ck_assert_str_eq(before, "r1_r1.sql\n");
    free(before);
    free(after);
}
END_TEST

/* Whatever makes the new graph invalid is found before the file is
 * written: a target word as --rev-id, an unknown dependency. */
START_TEST(test_files_revision_validated_before_writing)
{
    static const struct {
        const char *args;
        const char *err;
    } cases[] = {
        { "revision -m x --rev-id head", "migrate: invalid revision id "
          "'head' (head, heads, base and current are target words)\n" },
        { "revision -m x --rev-id current", "migrate: invalid revision id "
          "'current' (head, heads, base and current are target words)\n" },
        { "revision -m x --depends-on nosuch",
          "migrate: unknown revision 'nosuch'\n" },
        { "revision -m x --head nosuch",
          "migrate: unknown revision 'nosuch'\n" },
        { "revision -m x --rev-id r1", "migrate: revision id 'r1' already "
          "exists (migrations/versions/r1_r1.sql)\n" },
    };
    run_result r;
    char *after;
    int i;

    project_init();
    write_revision("r1", "", "-- branch_labels: main\n", "SELECT 1;",
                   "SELECT 1;");
    for (i = 0; i < N(cases); i++) {
        r = migrate("%s", cases[i].args);
        ck_run_status(r, 2);
        ck_assert_str_eq(r.err, cases[i].err);
        run_free(&r);
    }
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, "r1_r1.sql\n");
    free(after);
    ck_heads("r1 (main) (head)\n");
    /* and a label that is fine is written */
    r = migrate("revision -m x --rev-id r2 --branch-label release-2");
    ck_run_status(r, 0);
    run_free(&r);
    ck_heads("r2 (release-2, main) (head)\n");   /* main inherited */
}
END_TEST

/* A full disk (here a file-size limit) while writing a revision: exit 2
 * naming the file, no file or temporary file left, and the history as it
 * was. */
START_TEST(test_files_revision_disk_full)
{
    run_result r;
    char *after;

    project_init();
    write_revision("r1", "", NULL, "SELECT 1;", "SELECT 1;");
    write_revision("rb", "", NULL, "SELECT 1;", "SELECT 1;");
    r = migrate_size_limited("revision -m big --head r1 --rev-id r2");
    ck_assert_str_eq(r.out, "migrate: cannot write "
                     "'migrations/versions/r2_big.sql': File too large\n"
                     "status 2\n");
    run_free(&r);
    r = migrate_size_limited("merge -m m heads --rev-id r3");
    ck_assert_str_eq(r.out, "migrate: cannot write "
                     "'migrations/versions/r3_m.sql': File too large\n"
                     "status 2\n");
    run_free(&r);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, "r1_r1.sql\nrb_rb.sql\n");
    free(after);
    ck_heads("r1 (head)\nrb (head)\n");
    r = migrate("merge -m m heads --rev-id r3");
    ck_run_status(r, 0);
    run_free(&r);
    ck_heads("r3 (head) (mergepoint)\n");
}
END_TEST

/* init under a full disk leaves no empty migrate.ini that would refuse
 * the next init; erd -o keeps the old diagram whole, and its mode, until
 * the new one is complete. */
START_TEST(test_files_init_and_erd_disk_full)
{
    run_result r;
    char *text, *listing;
    struct stat st;

    r = migrate_size_limited("init proj");
    ck_assert_str_eq(r.out, "migrate: cannot write 'proj/migrate.ini': "
                     "File too large\nstatus 2\n");
    run_free(&r);
    listing = dir_listing("proj");
    ck_assert_str_eq(listing, "");
    free(listing);
    r = migrate("init proj -q");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert_int_eq(chdir("proj"), 0);
    write_file("out.mmd", "old\n");
    ck_assert_int_eq(chmod("out.mmd", 0640), 0);
    r = migrate_size_limited("erd -o out.mmd");
    ck_assert_str_eq(r.out, "migrate: cannot write 'out.mmd': File too "
                     "large\nstatus 2\n");
    run_free(&r);
    text = read_file("out.mmd");
    ck_assert_str_eq(text, "old\n");
    free(text);
    listing = dir_listing(".");
    ck_assert_str_eq(listing, "migrate.ini\nmigrations\nmodels.sql\n"
                     "out.mmd\n");
    free(listing);
    r = migrate("erd -o out.mmd");
    ck_run_status(r, 0);
    run_free(&r);
    text = read_file("out.mmd");
    ck_contains(text, "erDiagram");
    free(text);
    ck_assert_int_eq(stat("out.mmd", &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
}
END_TEST

/* A revision file cut short (an empty one, one cut in its header) is an
 * error at file:line, exit 2, never a new head. */
START_TEST(test_files_truncated_revision_file)
{
    static const struct {
        const char *text;
        const char *err;
    } cases[] = {
        { "", "migrate: migrations/versions/r2_cut.sql:1: missing "
          "'-- revision:' header\n" },
        { "-- revision: r2\n-- down_revision: r1\n-- mess",
          "migrate: migrations/versions/r2_cut.sql:3: missing "
          "'-- +upgrade' section\n" },
    };
    run_result r;

    project_init();
    write_revision("r1", "", NULL, "SELECT 1;", "SELECT 1;");
    write_file("migrations/versions/r2_cut.sql", cases[_i].text);
    r = migrate("heads");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, cases[_i].err);
    run_free(&r);
}
END_TEST

static TCase *
tc(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 180);   /* every write is flushed to the disk */
    suite_add_tcase(s, t);
    return t;
}

Suite *
cli_files_suite(void)
{
    Suite *s = suite_create("cli_files");

    tcase_add_loop_test(tc(s, "bad_label"),
                        test_files_revision_bad_label_writes_nothing, 0,
                        N(bad_labels));
    tcase_add_test(tc(s, "validated"),
                   test_files_revision_validated_before_writing);
    tcase_add_test(tc(s, "disk_full"), test_files_revision_disk_full);
    tcase_add_test(tc(s, "disk_full"), test_files_init_and_erd_disk_full);
    tcase_add_loop_test(tc(s, "truncated"), test_files_truncated_revision_file,
                        0, 2);
    return s;
}
