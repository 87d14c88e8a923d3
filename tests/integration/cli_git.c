/* cli_git.c - git-aware schema commands through the migrate binary, in a
 * throw-away git repository made with the git command: the git:REF and
 * git:REF:PATH sources (diff, inspect), and `check --base REF` as CI runs
 * it on a pull request: history edited or deleted, heads that diverged
 * from the base, models without a migration, destructive steps (warnings,
 * or failures with --strict), --json and --format github, an applied
 * revision edited (with --url); and the edge repositories: no commits yet,
 * a detached HEAD, models kept in a directory (issue 7). */
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
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    project_enter();
}

static void
teardown(void)
{
    project_leave();
}

/* Run a shell command, asserting exit 0. */
static void
sh(const char *cmd)
{
    run_result r = shell("%s", cmd);

    ck_assert_msg(r.status == 0, "%s: exit %d\n%s%s", cmd, r.status, r.out,
                  r.err);
    run_free(&r);
}

/* Run migrate, asserting its exit status; returns stdout + stderr. */
static char *
run_want(int want, const char *args)
{
    run_result r = migrate("%s", args);
    size_t n = strlen(r.out) + strlen(r.err) + 1;
    char *both = malloc(n);

    ck_assert_msg(r.status == want, "migrate %s: exit %d, want %d\n"
                  "--- stdout\n%s--- stderr\n%s", args, r.status, want, r.out,
                  r.err);
    ck_assert_ptr_nonnull(both);
    snprintf(both, n, "%s%s", r.out, r.err);
    run_free(&r);
    return both;
}

/* Run migrate, asserting its exit status; returns stdout only. */
static char *
stdout_want(int want, const char *args)
{
    run_result r = migrate("%s", args);

    ck_assert_msg(r.status == want, "migrate %s: exit %d, want %d\n"
                  "--- stdout\n%s--- stderr\n%s", args, r.status, want, r.out,
                  r.err);
    free(r.err);
    return r.out;
}

/* Append text to a file. */
static void
append_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "a");

    ck_assert_msg(f != NULL, "cannot append to %s", path);
    fputs(text, f);
    fclose(f);
}

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
    int n = 0;

    while ((hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

static const char users_sql[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, "
    "name VARCHAR(50) NOT NULL);";
static const char posts_sql[] =
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, "
    "title VARCHAR(200) NOT NULL);";
static const char tags_sql[] =
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);";

/* Write models.sql from the given statements. */
static void
models(const char *a, const char *b, const char *c)
{
    char text[1024];

    snprintf(text, sizeof(text), "%s\n%s\n%s\n", a, b ? b : "",
             c ? c : "");
    write_file("models.sql", text);
}

/* A repository whose branch main holds a project (in the current
 * directory, the repository root) with revisions r1 (users) and r2
 * (posts) and matching models, checked out on a new branch feature. */
static void
base_repo(void)
{
    sh("git init -q -b main && git config user.email t@t && "
       "git config user.name t && git config commit.gpgsign false");
    project_init();
    models(users_sql, posts_sql, NULL);
    write_revision("r1", "", NULL, users_sql, "DROP TABLE users;");
    write_revision("r2", "r1", NULL, posts_sql, "DROP TABLE posts;");
    write_file(".gitignore", "*.db\n");
    sh("git add -A && git commit -q -m base && git checkout -q -b feature");
}

static void
commit(const char *msg)
{
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "git add -A && git commit -q -m '%s'", msg);
    sh(cmd);
}

/* ---- git:REF sources ---------------------------------------------------- */

START_TEST(test_cli_git_diff_head)
{
    char *out;

    base_repo();
    /* the base project agrees with itself */
    out = stdout_want(0, "diff --from git:HEAD --to models");
    ck_not_contains(out, "CREATE TABLE");
    free(out);
    models(users_sql, posts_sql, tags_sql);
    write_revision("r3", "r2", NULL, tags_sql, "DROP TABLE tags;");
    commit("tags");
    /* what the last commit changed in the schema, with no database */
    out = stdout_want(1, "diff --from git:HEAD~1 --to models");
    ck_contains(out, "CREATE TABLE \"tags\"");
    ck_not_contains(out, "CREATE TABLE \"users\"");
    ck_not_contains(out, "CREATE TABLE \"posts\"");
    free(out);
    out = stdout_want(1, "diff --from git:main --to git:feature");
    ck_contains(out, "CREATE TABLE \"tags\"");
    free(out);
    out = stdout_want(1, "diff --from models --to git:main");
    ck_contains(out, "DROP TABLE \"tags\"");
    free(out);
    out = stdout_want(0, "diff --from git:HEAD --to models");
    ck_not_contains(out, "tags");
    free(out);
    /* a working-tree edit shows against HEAD */
    models(users_sql, NULL, NULL);
    out = stdout_want(1, "diff --from git:HEAD --to models");
    ck_contains(out, "DROP TABLE \"posts\"");
    ck_contains(out, "DROP TABLE \"tags\"");
    free(out);
}
END_TEST

/* The project in a subdirectory of the repository, used from another
 * subdirectory: the configured models path is made relative to the root. */
START_TEST(test_cli_git_subdirectory)
{
    char *out;

    sh("git init -q -b main && git config user.email t@t && "
       "git config user.name t && git config commit.gpgsign false && "
       "mkdir -p app/db elsewhere");
    write_file("app/migrate.ini", "[migrate]\nscript_location = migrations\n"
               "models = db/schema.sql\nurl = sqlite:///app.db\n");
    sh("mkdir -p app/migrations/versions");
    write_file("app/db/schema.sql", "CREATE TABLE users (id INTEGER PRIMARY "
               "KEY);\n");
    commit("base");
    write_file("app/db/schema.sql", "CREATE TABLE users (id INTEGER PRIMARY "
               "KEY, email TEXT);\n");
    sh("cd elsewhere && ln -s ../app linked");
    out = stdout_want(1, "-c elsewhere/linked/migrate.ini diff --from "
                      "git:main --to models");
    ck_contains(out, "ADD COLUMN \"email\"");
    free(out);
    out = stdout_want(0, "-c app/migrate.ini diff --from git:main "
                      "--to git:main:app/db/schema.sql");
    ck_not_contains(out, "email");
    free(out);
    /* "./" and "../" make PATH relative to the current directory, as in
     * git; otherwise it is relative to the root */
    {
        run_result r = shell("cd elsewhere && '%s' -c ../app/migrate.ini "
                             "diff --from git:main:../app/db/schema.sql "
                             "--to git:main:app/db/schema.sql",
                             getenv("MIGRATE_BIN"));
        ck_run_status(r, 0);
        run_free(&r);
    }
    out = run_want(2, "-c app/migrate.ini diff --from git:main:./db/"
                   "schema.sql --to models");
    ck_contains(out, "'db/schema.sql' does not exist at git ref 'main'");
    free(out);
    out = run_want(2, "-c app/migrate.ini diff --from git:main:db/"
                   "schema.sql --to models");
    ck_contains(out, "does not exist at git ref 'main'");
    free(out);
}
END_TEST

/* git:REF:PATH reads another file or directory (*.sql in name order). */
START_TEST(test_cli_git_path)
{
    char *out;

    base_repo();
    sh("mkdir -p other/path");
    write_file("other/path/b_tags.sql", "CREATE TABLE tags (id INTEGER "
               "PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n");
    write_file("other/path/a_users.sql", "CREATE TABLE users (id INTEGER "
               "PRIMARY KEY, name VARCHAR(50) NOT NULL);\n");
    /* needs tags, so b_tags.sql must have been read first */
    write_file("other/path/c_index.sql", "CREATE INDEX ix_tags_user ON tags "
               "(user_id);\n");
    write_file("other/path/notes.txt", "CREATE TABLE ignored (id INT);\n");
    commit("other");
    sh("git checkout -q main");
    /* the working tree of main has no other/ at all */
    ck_assert(!path_exists("other"));
    out = stdout_want(1, "diff --from git:feature:other/path --to models");
    ck_contains(out, "DROP TABLE \"tags\"");
    ck_contains(out, "CREATE TABLE \"posts\"");
    ck_not_contains(out, "ignored");
    ck_not_contains(out, "CREATE TABLE \"users\"");
    free(out);
    out = stdout_want(0, "inspect --from git:feature:other/path/a_users.sql");
    ck_contains(out, "CREATE TABLE \"users\"");
    ck_not_contains(out, "posts");
    free(out);
    out = run_want(2, "diff --from git:main:other/path --to models");
    ck_contains(out, "'other/path' does not exist at git ref 'main'");
    free(out);
    out = run_want(2, "diff --from git:feature: --to models");
    ck_contains(out, "empty path");
    free(out);
}
END_TEST

/* A model file broken at the ref is reported as REF:path:line. */
START_TEST(test_cli_git_parse_error)
{
    char *out;

    base_repo();
    write_file("models.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
               "DROP TABLE users;\n");
    commit("broken");
    models(users_sql, posts_sql, NULL);
    out = run_want(2, "diff --from git:HEAD --to models");
    ck_contains(out, "HEAD:models.sql:2:");
    free(out);
}
END_TEST

START_TEST(test_cli_git_unknown_ref)
{
    char *out;

    base_repo();
    out = run_want(2, "diff --from git:nosuchref --to models");
    ck_contains(out, "unknown git ref 'nosuchref'");
    free(out);
    out = run_want(2, "check --base nosuchref --no-db");
    ck_contains(out, "unknown git ref 'nosuchref'");
    free(out);
    out = run_want(2, "diff --from git:HEAD~9 --to models");
    ck_contains(out, "unknown git ref 'HEAD~9'");
    free(out);
    out = run_want(2, "diff --from git: --to models");
    ck_contains(out, "empty git ref");
    free(out);
}
END_TEST

START_TEST(test_cli_git_not_a_repository)
{
    char *out;

    project_init();
    out = run_want(2, "diff --from git:main --to models");
    ck_contains(out, "is not in a git repository");
    free(out);
}
END_TEST

/* A repository with no commits: HEAD (and the branch it is on) names no
 * commit yet, which is a usage error (exit 2) saying so, for sources and
 * for check --base alike; after the first commit the same calls work. */
START_TEST(test_cli_git_no_commits)
{
    static const char *const calls[][2] = {
        { "diff --from git:HEAD --to models", "'HEAD'" },
        { "inspect --from git:HEAD", "'HEAD'" },
        { "diff --from git:HEAD:models.sql --to models", "'HEAD'" },
        { "diff --from git:HEAD~1 --to models", "'HEAD~1'" },
        { "diff --from git:main --to models", "'main'" },
        { "check --base HEAD --no-db", "'HEAD'" },
        { "check --base main --no-db", "'main'" },
    };
    char want[128];
    size_t i;

    sh("git init -q -b main && git config user.email t@t && "
       "git config user.name t && git config commit.gpgsign false");
    project_init();
    models(users_sql, NULL, NULL);
    write_revision("r1", "", NULL, users_sql, "DROP TABLE users;");
    for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        run_result r = migrate("%s", calls[i][0]);
        snprintf(want, sizeof(want), "migrate: unknown git ref %s: branch "
                 "'main' has no commits yet\n", calls[i][1]);
        ck_assert_msg(r.status == 2, "%s: exit %d\n%s%s", calls[i][0],
                      r.status, r.out, r.err);
        ck_assert_msg(r.out[0] == '\0', "%s printed %s", calls[i][0], r.out);
        ck_assert_msg(strcmp(r.err, want) == 0, "%s: stderr\n%swant\n%s",
                      calls[i][0], r.err, want);
        run_free(&r);
    }
    /* a ref that would not exist anyway keeps the plain message */
    {
        char *out = run_want(2, "diff --from git:nosuchref --to models");
        ck_contains(out, "unknown git ref 'nosuchref'\n");
        ck_not_contains(out, "no commits");
        free(out);
    }
    commit("first");
    {
        char *out = run_want(0, "diff --from git:HEAD --to models");
        free(out);
        out = run_want(0, "check --base HEAD --no-db");
        ck_contains(out, "ok: models, migrations");
        free(out);
        /* HEAD~1 is still missing, now as an ordinary unknown ref */
        out = run_want(2, "diff --from git:HEAD~1 --to models");
        ck_contains(out, "unknown git ref 'HEAD~1'\n");
        ck_not_contains(out, "no commits");
        free(out);
    }
}
END_TEST

/* A detached HEAD: git:HEAD and HEAD~N are commits like any other, and
 * named branches are still readable. */
START_TEST(test_cli_git_detached_head)
{
    char *out;

    base_repo();
    models(users_sql, posts_sql, tags_sql);
    write_revision("r3", "r2", NULL, tags_sql, "DROP TABLE tags;");
    commit("tags");
    sh("git checkout -q --detach && test \"$(git rev-parse --abbrev-ref "
       "HEAD)\" = HEAD");
    out = stdout_want(1, "diff --from git:HEAD~1 --to models");
    ck_contains(out, "CREATE TABLE \"tags\"");
    ck_not_contains(out, "CREATE TABLE \"posts\"");
    free(out);
    out = stdout_want(0, "diff --from git:HEAD --to models");
    ck_not_contains(out, "tags");
    free(out);
    out = run_want(0, "check --base HEAD~1 --no-db");
    ck_contains(out, "ok: models, migrations");
    free(out);
    /* detached at the base commit: feature's revision is not here */
    sh("git checkout -q --detach HEAD~1");
    ck_assert(!path_exists("migrations/versions/r3_r3.sql"));
    out = stdout_want(1, "diff --from git:feature --to models");
    ck_contains(out, "DROP TABLE \"tags\"");
    free(out);
    /* r3 came after this commit: the checkout is behind feature, it did
     * not delete r3 */
    out = run_want(0, "check --base feature --no-db");
    ck_not_contains(out, "deleted");
    free(out);
    /* r2 was here when the two met: removing it is a deletion */
    sh("git rm -q migrations/versions/r2_r2.sql");
    models(users_sql, NULL, NULL);
    out = run_want(1, "check --base feature --no-db");
    ck_contains(out, "migrations/versions/r2_r2.sql: revision r2 was "
                "deleted, but it is committed at feature");
    ck_not_contains(out, "r3 was deleted");
    free(out);
}
END_TEST

/* The configured models path a directory: git:REF reads that directory
 * at the ref (*.sql in name order), and a ref without it is an error. */
START_TEST(test_cli_git_model_directory)
{
    char *out;

    base_repo();
    sh("git rm -q models.sql && mkdir schema && "
       "sed -i 's/^models = .*/models = schema/' migrate.ini && "
       "grep -q '^models = schema$' migrate.ini");
    write_file("schema/a_users.sql", users_sql);
    write_file("schema/b_posts.sql", posts_sql);
    commit("models in a directory");
    out = stdout_want(0, "diff --from git:HEAD --to models");
    ck_not_contains(out, "CREATE TABLE");
    free(out);
    write_file("schema/c_tags.sql", tags_sql);
    out = stdout_want(1, "diff --from git:HEAD --to models");
    ck_contains(out, "CREATE TABLE \"tags\"");
    ck_not_contains(out, "\"users\"");
    ck_not_contains(out, "\"posts\"");
    free(out);
    out = run_want(2, "diff --from git:main --to models");
    ck_contains(out, "'schema' does not exist at git ref 'main'");
    free(out);
}
END_TEST

/* ---- check --base ------------------------------------------------------ */

/* A pull request that adds a revision and its models passes. */
START_TEST(test_cli_git_check_clean)
{
    char *out;

    base_repo();
    out = run_want(0, "check --base main --no-db");
    ck_contains(out, "ok: models, migrations");
    free(out);
    models(users_sql, posts_sql, tags_sql);
    write_revision("r3", "r2", NULL, tags_sql, "DROP TABLE tags;");
    out = run_want(0, "check --base main --no-db");
    ck_contains(out, "ok: models, migrations");
    ck_not_contains(out, "warning(s)");
    ck_not_contains(out, "warning");
    free(out);
    commit("tags");
    /* a revision file moved to another name, bytes unchanged, is fine */
    sh("git mv migrations/versions/r1_r1.sql migrations/versions/"
       "r1_renamed.sql");
    out = run_want(0, "check --base main --no-db");
    ck_not_contains(out, "r1_");
    free(out);
}
END_TEST

START_TEST(test_cli_git_check_edited)
{
    char *out;

    base_repo();
    /* line 7 is the upgrade SQL (harness.h) */
    sh("sed -i 's/VARCHAR(200)/VARCHAR(250)/' migrations/versions/r2_r2.sql "
       "models.sql");
    out = run_want(1, "check --base main --no-db");
    ck_contains(out, "migrations/versions/r2_r2.sql:7: revision r2 was "
                "edited after it was committed at main");
    ck_not_contains(out, "r1_r1.sql");
    ck_contains(out, "check failed: 1 finding(s)");
    free(out);
    /* committing the edit on the branch does not make it history */
    commit("edit");
    out = run_want(1, "check --base main --no-db");
    ck_contains(out, "r2_r2.sql:7: revision r2 was edited");
    free(out);
    /* against its own tip the branch is clean */
    out = run_want(0, "check --base HEAD --no-db");
    free(out);
    /* an edit moved to a new name is still an edit, named there */
    sh("git checkout -q main && git mv migrations/versions/r1_r1.sql "
       "migrations/versions/r1_moved.sql");
    append_file("migrations/versions/r1_moved.sql", "-- more\n");
    out = run_want(1, "check --base main --no-db");
    ck_contains(out, "migrations/versions/r1_moved.sql:");
    ck_contains(out, "revision r1 (r1_r1.sql at main) was edited");
    free(out);
}
END_TEST

/* check --url with --base: a revision applied to the database and then
 * edited is named twice, once for the history committed at the base and
 * once for the database whose checksum no longer matches; against a base
 * that has the edit, the database finding alone remains. */
START_TEST(test_cli_git_check_applied_edited)
{
    char *out;

    base_repo();
    out = run_want(0, "upgrade head");
    free(out);
    out = run_want(0, "check --url sqlite:///app.db --base main");
    ck_contains(out, "ok: models, migrations and database agree");
    free(out);
    sh("sed -i 's/title VARCHAR(200) NOT NULL)/title VARCHAR(200) NOT NULL, "
       "body TEXT)/' migrations/versions/r2_r2.sql models.sql && "
       "grep -q 'body TEXT' migrations/versions/r2_r2.sql");
    out = run_want(1, "check --url sqlite:///app.db --base main");
    ck_contains(out, "migrations/versions/r2_r2.sql:7: revision r2 was "
                "edited after it was committed at main");
    ck_contains(out, "migrations/versions/r2_r2.sql: revision r2 was "
                "changed after it was applied (checksum differs)");
    ck_not_contains(out, "r1_r1.sql");
    ck_not_contains(out, "revision r1");
    free(out);
    out = stdout_want(1, "check --url sqlite:///app.db --base main --json");
    ck_json(out, "d['ok'] is False and any(f.startswith('migrations/"
            "versions/r2_r2.sql:7: revision r2 was edited') for f in "
            "d['findings']) and 'migrations/versions/r2_r2.sql: revision r2 "
            "was changed after it was applied (checksum differs)' in "
            "d['findings']");
    free(out);
    commit("edit r2");
    out = run_want(1, "check --url sqlite:///app.db --base HEAD");
    ck_not_contains(out, "was edited after it was committed");
    ck_contains(out, "migrations/versions/r2_r2.sql: revision r2 was "
                "changed after it was applied (checksum differs)");
    free(out);
    /* without the database, nothing is left to find */
    out = run_want(0, "check --no-db --base HEAD");
    ck_not_contains(out, "r2");
    free(out);
}
END_TEST

START_TEST(test_cli_git_check_deleted)
{
    char *out;

    base_repo();
    sh("git rm -q migrations/versions/r2_r2.sql");
    models(users_sql, NULL, NULL);
    out = run_want(1, "check --base main --no-db");
    ck_contains(out, "migrations/versions/r2_r2.sql: revision r2 was "
                "deleted, but it is committed at main");
    ck_contains(out, "check failed: 1 finding(s)");
    free(out);
}
END_TEST

/* On main: a child r3main of r2 adding table notes, committed; back on
 * feature afterwards. */
static void
main_adds_notes(void)
{
    sh("git checkout -q main");
    write_file("models.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, "
               "name VARCHAR(50) NOT NULL);\nCREATE TABLE posts (id INTEGER "
               "PRIMARY KEY, title VARCHAR(200) NOT NULL);\nCREATE TABLE "
               "notes (id INTEGER PRIMARY KEY);\n");
    write_revision("r3main", "r2", NULL, "CREATE TABLE notes (id INTEGER "
                   "PRIMARY KEY);", "DROP TABLE notes;");
    commit("main adds notes");
    sh("git checkout -q feature");
}

/* The branch and main each add a child of r2, and the branch has not
 * merged main yet: main's revision is missing from the tree because the
 * branch is behind, not because it was deleted; the two children
 * diverged. A branch that is merely behind passes. */
START_TEST(test_cli_git_check_behind_base)
{
    char *out;

    base_repo();
    main_adds_notes();
    /* behind main, nothing of its own: not a deletion, nothing diverged */
    out = run_want(0, "check --base main --no-db");
    ck_not_contains(out, "deleted");
    free(out);
    models(users_sql, posts_sql, tags_sql);
    write_revision("r3feat", "r2", NULL, tags_sql, "DROP TABLE tags;");
    commit("feature adds tags");
    out = run_want(1, "check --base main --no-db --format github");
    ck_contains(out, "::error file=migrations/versions/r3feat_r3feat.sql,"
                "line=2::revision r2 has children added since main (r3feat) "
                "and children at main (r3main, not on this branch yet)");
    ck_contains(out, "merge main into it, then run 'migrate merge heads'");
    ck_not_contains(out, "deleted");
    free(out);
}
END_TEST

/* The branch and main each add a child of r2; bringing main's revision
 * into the branch (as merging main would) leaves two heads. */
START_TEST(test_cli_git_check_diverged)
{
    char *out;

    base_repo();
    models(users_sql, posts_sql, tags_sql);
    write_revision("r3feat", "r2", NULL, tags_sql, "DROP TABLE tags;");
    commit("feature adds tags");
    main_adds_notes();
    sh("git checkout main -- migrations/versions/r3main_r3main.sql");
    write_file("models.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, "
               "name VARCHAR(50) NOT NULL);\nCREATE TABLE posts (id INTEGER "
               "PRIMARY KEY, title VARCHAR(200) NOT NULL);\n"
               "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n"
               "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT "
               "NULL);\n");
    out = run_want(1, "check --base main --no-db");
    ck_contains(out, "migrations/versions/r3feat_r3feat.sql:2: revision r2 "
                "has children added since main (r3feat) and children at "
                "main (r3main)");
    ck_contains(out, "run 'migrate rebase r3feat --onto r3main' to move "
                "this branch's revisions after them, or run 'migrate merge "
                "heads' to join them");
    ck_not_contains(out, "are all heads");
    free(out);
    /* without --base the generic finding stays */
    out = run_want(1, "check --no-db");
    ck_contains(out, "are all heads");
    free(out);
    out = run_want(0, "merge -m join heads --rev-id joined");
    free(out);
    out = run_want(0, "check --base main --no-db");
    free(out);
}
END_TEST

START_TEST(test_cli_git_check_model_without_migration)
{
    char *out;

    base_repo();
    models(users_sql, posts_sql, tags_sql);
    out = run_want(1, "check --base main --no-db");
    ck_contains(out, "models differ from migrations");
    ck_contains(out, "tags");
    free(out);
}
END_TEST

/* New revisions that lose data: warnings, failures with --strict;
 * the same statements at the base are not new and not reported. */
START_TEST(test_cli_git_check_destructive)
{
    char *out;

    base_repo();
    models(users_sql, NULL, NULL);
    write_revision("r3", "r2", NULL, "DROP TABLE posts;", posts_sql);
    out = run_want(0, "check --base main --no-db");
    ck_contains(out, "warning: migrations/versions/r3_r3.sql:7: new "
                "revision r3 drops table posts");
    ck_contains(out, "(1 warning(s))");
    free(out);
    out = run_want(1, "check --base main --no-db --strict");
    ck_contains(out, "migrations/versions/r3_r3.sql:7: new revision r3 "
                "drops table posts");
    ck_not_contains(out, "warning:");
    free(out);
    /* a commented drop, announced by the autogenerate warning: once */
    write_file("models.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);"
               "\n");
    write_revision("r4", "r3", NULL, "-- WARNING: data loss: drop column "
                   "users.name\nALTER TABLE users DROP COLUMN name;",
                   "ALTER TABLE users ADD COLUMN name VARCHAR(50) NOT NULL "
                   "DEFAULT '';");
    out = run_want(0, "check --base main --no-db");
    ck_contains(out, "r4_r4.sql:7: new revision r4: WARNING: data loss: "
                "drop column users.name");
    ck_assert_int_eq(count(out, "r4_r4.sql"), 1);
    ck_contains(out, "(2 warning(s))");
    free(out);
    /* once r3 and r4 are on the base, they are history, not warnings */
    commit("drops");
    sh("git checkout -q main && git merge -q feature");
    out = run_want(0, "check --base main --no-db --strict");
    ck_not_contains(out, "warning");
    free(out);
}
END_TEST

START_TEST(test_cli_git_check_json)
{
    char *out;

    base_repo();
    append_file("migrations/versions/r1_r1.sql", "-- edited\n");
    models(users_sql, NULL, NULL);
    write_revision("r3", "r2", NULL, "DROP TABLE posts;", posts_sql);
    out = stdout_want(1, "check --base main --no-db --json");
    ck_json(out, "set(d) == {'ok', 'findings', 'warnings', 'details'} and "
            "d['ok'] is False and len(d['findings']) == 1 and "
            "d['findings'][0].startswith('migrations/versions/r1_r1.sql:11: "
            "revision r1 was edited') and "
            "d['warnings'] == ['migrations/versions/r3_r3.sql:7: new "
            "revision r3 drops table posts']");
    free(out);
    out = stdout_want(1, "check --base main --no-db --json --strict");
    ck_json(out, "d['ok'] is False and len(d['findings']) == 2 and "
            "d['warnings'] == []");
    free(out);
    sh("git checkout -q migrations/versions/r1_r1.sql");
    out = stdout_want(0, "check --base main --no-db --json");
    ck_json(out, "d['ok'] is True and d['findings'] == [] and "
            "len(d['warnings']) == 1");
    free(out);
}
END_TEST

/* Annotations name files relative to the repository root, even for a
 * project in a subdirectory. */
START_TEST(test_cli_git_check_github)
{
    char *out;

    sh("git init -q -b main && git config user.email t@t && "
       "git config user.name t && git config commit.gpgsign false");
    out = run_want(0, "init app -q");
    free(out);
    sh("rm app/models.sql");
    write_file("app/models.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY,"
               " name VARCHAR(50) NOT NULL);\nCREATE TABLE posts (id INTEGER "
               "PRIMARY KEY, title VARCHAR(200) NOT NULL);\n");
    write_file("app/migrations/versions/r1_r1.sql", "-- revision: r1\n"
               "-- down_revision:\n-- message: users and posts\n\n"
               "-- +upgrade\nCREATE TABLE users (id INTEGER PRIMARY KEY, "
               "name VARCHAR(50) NOT NULL);\nCREATE TABLE posts (id INTEGER "
               "PRIMARY KEY, title VARCHAR(200) NOT NULL);\n\n"
               "-- +downgrade\nDROP TABLE posts;\nDROP TABLE users;\n");
    commit("base");
    sh("sed -i 's/VARCHAR(50)/VARCHAR(60)/' "
       "app/migrations/versions/r1_r1.sql");
    write_file("app/models.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY,"
               " name VARCHAR(60) NOT NULL);\n");
    write_file("app/migrations/versions/r2_r2.sql", "-- revision: r2\n"
               "-- down_revision: r1\n-- message: drop posts\n\n-- +upgrade\n"
               "DROP TABLE posts;\n\n-- +downgrade\n"
               "CREATE TABLE posts (id INTEGER PRIMARY KEY, title "
               "VARCHAR(200) NOT NULL);\n");
    out = stdout_want(1, "-c app/migrate.ini check --base main --no-db "
                      "--format github");
    ck_contains(out, "::error file=app/migrations/versions/r1_r1.sql,line=6"
                "::revision r1 was edited after it was committed at main");
    ck_contains(out, "::warning file=app/migrations/versions/r2_r2.sql,"
                "line=6::new revision r2 drops table posts\n");
    ck_contains(out, "check failed: 1 finding(s)");
    free(out);
    /* a finding with no line points at line 1 of its file */
    sh("git checkout -q app/migrations/versions/r1_r1.sql");
    append_file("app/models.sql", "CREATE TABLE extra (id INTEGER PRIMARY "
                "KEY);\n");
    out = stdout_want(1, "-c app/migrate.ini check --base main --no-db "
                      "--format github --strict");
    ck_contains(out, "::error file=app/models.sql,line=1::models differ "
                "from migrations");
    ck_contains(out, "::error file=app/migrations/versions/r2_r2.sql,line=6"
                "::new revision r2 drops table posts\n");
    ck_not_contains(out, "::warning");
    free(out);
    /* text is the default, and other formats are usage errors */
    out = stdout_want(1, "-c app/migrate.ini check --base main --no-db "
                      "--format text");
    ck_not_contains(out, "::");
    free(out);
    out = run_want(2, "-c app/migrate.ini check --no-db --format xml");
    ck_contains(out, "unknown --format 'xml'");
    free(out);
    out = run_want(2, "-c app/migrate.ini check --no-db --strict");
    ck_contains(out, "--strict needs --base");
    free(out);
}
END_TEST

#ifndef MG_WITH_LIBGIT2
/* A build without libgit2 says so (exit 2) instead of reading the ref. */
START_TEST(test_cli_git_without_libgit2)
{
    char *out;

    project_init();
    out = run_want(2, "diff --from git:main --to models");
    ck_contains(out, "git sources need libgit2 (configure --with-libgit2)");
    free(out);
    out = run_want(2, "check --base main --no-db");
    ck_contains(out, "git sources need libgit2");
    free(out);
}
END_TEST
#endif

static TCase *
tc(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);

    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 180);
    suite_add_tcase(s, t);
    return t;
}

Suite *
cli_git_suite(void)
{
    Suite *s = suite_create("cli_git");

#ifndef MG_WITH_LIBGIT2
    tcase_add_test(tc(s, "without_libgit2"), test_cli_git_without_libgit2);
    return s;
#endif
    if (system("git --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "cli_git: no git command, skipped\n");
        return s;
    }
    tcase_add_test(tc(s, "diff_head"), test_cli_git_diff_head);
    tcase_add_test(tc(s, "subdirectory"), test_cli_git_subdirectory);
    tcase_add_test(tc(s, "path"), test_cli_git_path);
    tcase_add_test(tc(s, "parse_error"), test_cli_git_parse_error);
    tcase_add_test(tc(s, "unknown_ref"), test_cli_git_unknown_ref);
    tcase_add_test(tc(s, "not_a_repository"), test_cli_git_not_a_repository);
    tcase_add_test(tc(s, "no_commits"), test_cli_git_no_commits);
    tcase_add_test(tc(s, "detached_head"), test_cli_git_detached_head);
    tcase_add_test(tc(s, "model_directory"), test_cli_git_model_directory);
    tcase_add_test(tc(s, "check_clean"), test_cli_git_check_clean);
    tcase_add_test(tc(s, "check_edited"), test_cli_git_check_edited);
    tcase_add_test(tc(s, "check_applied_edited"),
                   test_cli_git_check_applied_edited);
    tcase_add_test(tc(s, "check_deleted"), test_cli_git_check_deleted);
    tcase_add_test(tc(s, "check_diverged"), test_cli_git_check_diverged);
    tcase_add_test(tc(s, "check_behind_base"), test_cli_git_check_behind_base);
    tcase_add_test(tc(s, "check_model_without_migration"),
                   test_cli_git_check_model_without_migration);
    tcase_add_test(tc(s, "check_destructive"), test_cli_git_check_destructive);
    tcase_add_test(tc(s, "check_json"), test_cli_git_check_json);
    tcase_add_test(tc(s, "check_github"), test_cli_git_check_github);
    return s;
}
