/* cli_errors.c - bad input to the migrate binary: each gets the exit code of
 * DESIGN.md section 9 (2 usage or input, 3 database), a message a person
 * can act on, never a password, and leaves the database, the config and
 * the versions directory as they were. Also: every command's --help. */
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

/* The project most cases start from: r1 -> r2, the database at r1. */
static void
base_project(void)
{
    run_result r;

    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    write_revision("r2", "r1", NULL, "CREATE TABLE t2 (id INTEGER);",
                   "DROP TABLE t2;");
    r = migrate("upgrade r1");
    ck_run_status(r, 0);
    run_free(&r);
}

/* Everything a failed run must leave alone. */
typedef struct snapshot {
    char *db;
    char *files;
    char *ini;
} snapshot;

static snapshot
take(void)
{
    snapshot s;

    s.db = db_snapshot("app.db");
    s.files = dir_listing("migrations/versions");
    s.ini = read_file("migrate.ini");
    if (!s.ini)
        s.ini = strdup("<no config>");
    return s;
}

static void
ck_unchanged(snapshot *before, const char *what)
{
    snapshot after = take();

    ck_assert_msg(strcmp(before->db, after.db) == 0, "'%s' changed the "
                  "database:\n--- before\n%s\n--- after\n%s", what,
                  before->db, after.db);
    ck_assert_msg(strcmp(before->files, after.files) == 0, "'%s' changed "
                  "migrations/versions:\n--- before\n%s--- after\n%s", what,
                  before->files, after.files);
    ck_assert_msg(strcmp(before->ini, after.ini) == 0, "'%s' changed "
                  "migrate.ini", what);
    free(after.db);
    free(after.files);
    free(after.ini);
    free(before->db);
    free(before->files);
    free(before->ini);
}

/* Run args, expecting exit code want, each of the needles in stderr, and
 * nothing changed. */
static void
ck_error(const char *args, int want, const char *const *needles)
{
    snapshot s = take();
    run_result r = migrate("%s", args);

    ck_assert_msg(r.status == want, "migrate %s: exit %d, want %d\n--- "
                  "stdout\n%s--- stderr\n%s", args, r.status, want, r.out,
                  r.err);
    ck_assert_msg(strncmp(r.err, "migrate: ", 9) == 0, "migrate %s: message "
                  "does not start with 'migrate: ':\n%s", args, r.err);
    for (; needles && *needles; needles++)
        ck_assert_msg(strstr(r.err, *needles) != NULL, "migrate %s: "
                      "expected '%s' in the message:\n%s", args, *needles,
                      r.err);
    run_free(&r);
    ck_unchanged(&s, args);
}

#define NEEDLES(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- usage ---- */

static const struct {
    const char *args;
    int         status;
    const char *const *needles;
} usage_cases[] = {
    { "frobnicate", 2, NEEDLES("unknown command", "frobnicate") },
    { "upgrade --frob", 2, NEEDLES("unknown option", "--frob") },
    { "--frob heads", 2, NEEDLES("unknown option", "--frob") },
    { "heads -Z", 2, NEEDLES("unknown option", "-Z") },
    { "upgrade head extra", 2, NEEDLES("extra") },
    { "downgrade", 2, NEEDLES("downgrade") },
    { "show", 2, NEEDLES("show") },
    { "upgrade --lock-timeout abc", 2, NEEDLES("abc") },
    { "stamp head --lock-timeout -3", 2, NEEDLES("-3") },
    { "revision -m x --rev-id bad-id", 2, NEEDLES("bad-id") },
    { "revision -m x --rev-id 123456789012345678901234567890123", 2,
      NEEDLES("123456789012345678901234567890123") },
    { "revision -m x --rev-id r1", 2, NEEDLES("r1") },
    { "revision -m x --depends-on nosuch", 2, NEEDLES("nosuch") },
    { "revision -m x --branch-label 'a b'", 2, NEEDLES("a b") },
    { "merge -m m heads", 2, NEEDLES("merge") },
    { "-c nope.ini heads", 2, NEEDLES("nope.ini") },
    { "-c nope.ini upgrade", 2, NEEDLES("nope.ini") },
    { "upgrade --dialect nosuchdb --sql", 2, NEEDLES("nosuchdb") },
};

START_TEST(test_cli_error_usage)
{
    base_project();
    ck_error(usage_cases[_i].args, usage_cases[_i].status,
             usage_cases[_i].needles);
}
END_TEST

START_TEST(test_cli_error_json_document)
{
    run_result r;

    base_project();
    r = migrate("--json upgrade nosuch");
    ck_run_status(r, 2);
    ck_json(r.out, "isinstance(d, dict) and 'nosuch' in json.dumps(d)");
    run_free(&r);
}
END_TEST

/* ---- configuration ---- */

START_TEST(test_cli_error_missing_config)
{
    static const char *const cmds[] = {
        "heads", "history", "upgrade", "downgrade -1", "stamp head",
        "revision -m x", "show r1",
    };
    size_t i;

    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        ck_error(cmds[i], 2, NEEDLES("migrate.ini"));
    ck_assert(!path_exists("app.db"));
    ck_assert(!path_exists("migrations"));
}
END_TEST

static const struct {
    const char *text;
    const char *where;
} bad_ini_cases[] = {
    { "[migrate\nurl = sqlite:///app.db\n", "migrate.ini:1" },
    { "[migrate]\nscript_location = migrations\nurl = sqlite:///app.db\n"
      "this line has no equals sign\n", "migrate.ini:4" },
    { "[migrate]\nscript_location = migrations\n\n# fine\n[unterminated\n",
      "migrate.ini:5" },
};

START_TEST(test_cli_error_malformed_config)
{
    base_project();
    write_file("migrate.ini", bad_ini_cases[_i].text);
    ck_error("heads", 2, NEEDLES(bad_ini_cases[_i].where));
    ck_error("upgrade head", 2, NEEDLES(bad_ini_cases[_i].where));
}
END_TEST

/* Run args, expecting exit code want, exactly the message msg on stderr
 * (one line: no second error after it), and nothing changed. */
static void
ck_error_exact(const char *args, int want, const char *msg)
{
    snapshot s = take();
    run_result r = migrate("%s", args);

    ck_assert_msg(r.status == want, "migrate %s: exit %d, want %d\n--- "
                  "stdout\n%s--- stderr\n%s", args, r.status, want, r.out,
                  r.err);
    ck_assert_msg(strcmp(r.err, msg) == 0, "migrate %s: stderr\n%s\nwant "
                  "exactly\n%s", args, r.err, msg);
    run_free(&r);
    ck_unchanged(&s, args);
}

/* A misspelt [migrate] key is one error at file:line naming the key
 * meant, on every command (current, diff and inspect went on to say "no
 * database URL" too). */
START_TEST(test_cli_error_unknown_config_key)
{
    static const char *const cmds[] = {
        "current", "heads", "history", "upgrade", "downgrade -1",
        "stamp head", "revision -m x", "check", "diff --from db --to models",
        "inspect", "sorted-tables", "erd",
    };
    static const char msg[] = "migrate: migrate.ini:2: unknown key "
        "'scrip_location' in [migrate] (did you mean 'script_location'?)\n";
    size_t i;
    run_result r;

    base_project();
    write_file("migrate.ini", "[migrate]\nscrip_location = migrations\n"
               "url = sqlite:///app.db\n");
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        ck_error_exact(cmds[i], 2, msg);
    r = migrate("--json current");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, msg);
    ck_json(r.out, "d['exit_code'] == 2 and 'scrip_location' in d['error']");
    run_free(&r);
}
END_TEST

/* Commands that can do without a config say nothing about a missing
 * ./migrate.ini, and fail with one message when they need what it holds. */
START_TEST(test_cli_config_optional_is_silent)
{
    static const char *const quiet[] = {
        "--url sqlite:///x.db current",
        "diff --from models:m.sql --to models:m.sql",
        "--url sqlite:///x.db inspect",
    };
    size_t i;
    run_result r;

    write_file("m.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
    for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
        r = migrate("%s", quiet[i]);
        ck_run_status(r, 0);
        ck_assert_str_eq(r.err, "");
        run_free(&r);
    }
    r = migrate("--json current");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: no database URL: pass --url, set "
                     "MIGRATE_URL or DATABASE_URL, or set url in the "
                     "config\n");
    ck_json(r.out, "d['exit_code'] == 2");
    run_free(&r);
    ck_error_exact("-c nope.ini --url sqlite:///x.db current", 2,
                   "migrate: cannot open config file 'nope.ini': No such "
                   "file or directory\n");
}
END_TEST

/* A misspelt header key is an error at file:line naming the key meant;
 * comments that are not header lines stay legal. */
START_TEST(test_cli_error_unknown_header_key)
{
    static const char *const cmds[] = {
        "heads", "history", "current", "upgrade head", "stamp head",
        "revision -m more", "check",
    };
    size_t i;
    run_result r;

    base_project();
    write_file("migrations/versions/bad_m.sql",
               "-- revision: bad\n-- down_revison: r2\n-- +upgrade\n"
               "SELECT 1;\n");
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        ck_error_exact(cmds[i], 2, "migrate: migrations/versions/bad_m.sql:"
                       "2: unknown header key 'down_revison' (did you mean "
                       "'down_revision'?)\n");
    write_file("migrations/versions/bad_m.sql",
               "-- revision: bad\n-- down_revision: r2\n"
               "-- transactoin: off\n-- +upgrade\nSELECT 1;\n");
    ck_error_exact("upgrade head", 2, "migrate: migrations/versions/"
                   "bad_m.sql:3: unknown header key 'transactoin' (did you "
                   "mean 'transaction'?)\n");
    /* the same file with its comments where comments go */
    write_file("migrations/versions/bad_m.sql",
               "-- revision: bad\n-- down_revision: r2\n"
               "-- https://tracker.example/42\n\n"
               "-- note: slow on big tables\n-- +upgrade\n"
               "-- down_revison: only a comment here\n"
               "CREATE TABLE t3 (id INTEGER); -- why: because\n"
               "-- +downgrade\nDROP TABLE t3;\n");
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("current");
    ck_run_status(r, 0);
    ck_contains(r.out, "bad (head)");
    run_free(&r);
}
END_TEST

/* ---- URLs ---- */

static const struct {
    const char *env;        /* MIGRATE_URL, or NULL */
    const char *args;
    const char *needle;
} bad_url_cases[] = {
    { NULL, "--url foo://x upgrade", "foo" },
    { NULL, "upgrade --url foo://x", "foo" },
    { NULL, "--url notaurl current", "notaurl" },
    { NULL, "--url 'postgresql://u@h:notaport/db' upgrade", "notaport" },
    { "foo://x", "upgrade", "foo" },
    { "foo://x", "current", "foo" },
    { NULL, "--url 'sqlite:///app.db?page_size=3' upgrade", "page_size" },
    { NULL, "--url 'sqlite://?temporary=tape' upgrade",
      "temporary must be 'memory' or 'disk', not 'tape'" },
    { NULL, "--url 'sqlite:///app.db?temporary=disk' upgrade",
      "temporary=disk is for sqlite:// without a file name" },
};

START_TEST(test_cli_error_bad_url)
{
    base_project();
    if (bad_url_cases[_i].env)
        setenv("MIGRATE_URL", bad_url_cases[_i].env, 1);
    ck_error(bad_url_cases[_i].args, 2, NEEDLES(bad_url_cases[_i].needle));
}
END_TEST

/* A URL from migrate.ini that cannot be read is reported at its line,
 * password masked; the same URL from --url has no line to name. */
START_TEST(test_cli_error_bad_url_in_config_names_line)
{
    run_result r;

    base_project();
    write_file("migrate.ini", "[migrate]\nscript_location = migrations\n"
               "models = models.sql\n"
               "url = postgresql://app:p%ZZ@localhost/db\n");
    r = migrate("current");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: migrate.ini:4: invalid database URL "
                     "'postgresql://app:***@localhost/db': bad percent-escape "
                     "in the password (a '%' must be followed by two hex "
                     "digits; write '%' itself as %25)\n");
    run_free(&r);
    r = migrate("--url 'postgresql://app:p%%ZZ@localhost/db' current");
    ck_run_status(r, 2);
    ck_assert_ptr_null(strstr(r.err, "migrate.ini"));
    ck_assert_ptr_null(strstr(r.err, "ZZ"));
    run_free(&r);
}
END_TEST

/* ?page_size=N sets a new SQLite database's page size (what check's
 * in-memory scratch database uses); a bad value creates no file. */
START_TEST(test_cli_sqlite_page_size)
{
    run_result r;
    char *v;

    base_project();   /* app.db at r1, r2 pending */
    r = migrate("--url 'sqlite:///new.db?page_size=70000' upgrade head");
    ck_run_status(r, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "page_size"));
    run_free(&r);
    ck_assert_int_ne(access("new.db", F_OK), 0);
    r = migrate("--url 'sqlite:///new.db?page_size=1024' upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = sqlite_value("new.db", "PRAGMA page_size");
    ck_assert_str_eq(v, "1024");
    free(v);
    v = sqlite_value("new.db", "SELECT count(*) FROM sqlite_master "
                     "WHERE name IN ('t1', 't2')");
    ck_assert_str_eq(v, "2");
    free(v);
}
END_TEST

/* sqlite://?temporary=disk is SQLite's private temporary database: usable
 * like memory, and nothing of it is left in the project or in TMPDIR. */
START_TEST(test_cli_sqlite_temporary_disk)
{
    run_result r;
    char *before, *after, *tmp;

    base_project();
    ck_assert_int_eq(mkdir("tmp", 0700), 0);
    before = dir_listing(".");
    r = shell("TMPDIR=tmp '%s' --url 'sqlite://?temporary=disk' "
              "upgrade head", getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade  -> r1");
    ck_contains(r.out, "Running upgrade r1 -> r2");
    run_free(&r);
    after = dir_listing(".");
    tmp = dir_listing("tmp");
    ck_assert_str_eq(after, before);
    ck_assert_str_eq(tmp, "");
    r = migrate("--url 'sqlite://?temporary=memory' upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "Running upgrade r1 -> r2");
    run_free(&r);
    free(before);
    free(after);
    free(tmp);
}
END_TEST

#define PG_URL "postgresql://user:s3cretpw@127.0.0.1:1/db"

static const struct {
    const char *env;        /* MIGRATE_URL, or NULL */
    const char *ini_url;    /* url in migrate.ini, or NULL */
    const char *args;
    int         status;
    int         shows_url;  /* the redacted URL appears (stderr, or stdout
                               with --json) */
} secret_cases[] = {
    { NULL, NULL, "--url '" PG_URL "' upgrade", 3, 1 },
    { NULL, NULL, "--url '" PG_URL "' current", 3, 1 },
    { NULL, NULL, "-v --url '" PG_URL "' current", 3, 1 },
    { NULL, NULL, "--json --url '" PG_URL "' current", 3, 1 },
    { NULL, NULL, "--url '" PG_URL "' downgrade -1", 3, 1 },
    { NULL, NULL, "--url '" PG_URL "' stamp head", 3, 1 },
    { NULL, NULL, "--url '" PG_URL "' history -r current:", 3, 1 },
    { NULL, NULL, "--echo -v --url '" PG_URL "' upgrade head", 3, 1 },
    { PG_URL, NULL, "upgrade", 3, 1 },
    { NULL, PG_URL, "upgrade", 3, 1 },
    { NULL, PG_URL, "-v current", 3, 1 },
    { NULL, NULL, "--url 'mysql://user:s3cretpw@127.0.0.1:1/db' upgrade", 3,
      1 },
    { NULL, NULL, "--url 'postgresql://user:s3cretpw@127.0.0.1:nope/db' "
      "upgrade", 2, 0 },
    { NULL, NULL, "--url 'bogus://user:s3cretpw@127.0.0.1/db' upgrade", 2,
      0 },
    { NULL, NULL, "upgrade head '" PG_URL "'", 2, 0 },
};

START_TEST(test_cli_error_password_never_shown)
{
    snapshot s;
    run_result r;

    base_project();
    if (secret_cases[_i].env)
        setenv("MIGRATE_URL", secret_cases[_i].env, 1);
    if (secret_cases[_i].ini_url) {
        char ini[512];
        snprintf(ini, sizeof(ini), "[migrate]\nscript_location = migrations"
                 "\nurl = %s\n", secret_cases[_i].ini_url);
        write_file("migrate.ini", ini);
    }
    s = take();
    r = migrate("%s", secret_cases[_i].args);
    ck_assert_msg(r.status == secret_cases[_i].status, "migrate %s: exit %d, "
                  "want %d\n%s%s", secret_cases[_i].args, r.status,
                  secret_cases[_i].status, r.out, r.err);
    ck_not_contains(r.out, "s3cretpw");
    ck_not_contains(r.err, "s3cretpw");
    if (secret_cases[_i].shows_url) {
        if (strstr(secret_cases[_i].args, "--json"))
            ck_contains(r.out, "user:***@");
        else
            ck_contains(r.err, "user:***@");
    }
    run_free(&r);
    ck_unchanged(&s, secret_cases[_i].args);
}
END_TEST

/* Masking is of the URL's password field, not of every text equal to the
 * password: a short password, one that is a word of the server's message,
 * a percent-encoded one. Each must be absent in every form, and the rest
 * of the message intact. */
static const struct {
    const char *url;
    const char *shown;      /* the redacted URL */
    const char *said;       /* part of the server's message, unmasked */
    const char *hidden[3];  /* never in any output */
} mask_cases[] = {
    { "postgresql://app:a@127.0.0.1:1/db",
      "cannot connect to postgresql://app:***@127.0.0.1:1/db: ",
      "connection to server at \"127.0.0.1\", port 1 failed: Connection "
      "refused", { ":a@", NULL, NULL } },
    { "postgresql://app:connection@127.0.0.1:1/db",
      "cannot connect to postgresql://app:***@127.0.0.1:1/db: ",
      "connection to server at \"127.0.0.1\", port 1 failed",
      { ":connection@", NULL, NULL } },
    { "postgresql://app:p%40ss%3Aw0rd@127.0.0.1:1/db",
      "cannot connect to postgresql://app:***@127.0.0.1:1/db: ",
      "port 1 failed", { "p%40ss", "p@ss", "w0rd" } },
    { "mysql://app:a@127.0.0.1:1/db",
      "cannot connect to mysql://app:***@127.0.0.1:1/db: ERROR ",
      "Can't connect to", { ":a@", NULL, NULL } },
    /* a bad escape is an input error, quoted with the password masked */
    { "postgresql://app:p%ZZsecret@127.0.0.1:1/db",
      "invalid database URL 'postgresql://app:***@127.0.0.1:1/db': bad "
      "percent-escape in the password (a '%' must be followed by two hex "
      "digits; write '%' itself as %25)", NULL,
      { "ZZsecret", NULL, NULL } },
    { "postgresql://app:secret@127.0.0.1:1/d%4",
      "invalid database URL 'postgresql://app:***@127.0.0.1:1/d%4': bad "
      "percent-escape '%4' in the database name", NULL,
      { "secret", NULL, NULL } },
};

START_TEST(test_cli_error_password_masks_only_url)
{
    const char *const cmds[] = { "current", "upgrade", "-v check" };
    size_t k, h;

    base_project();
    for (k = 0; k < N(cmds); k++) {
        snapshot s = take();
        run_result r = migrate("--url '%s' %s", mask_cases[_i].url, cmds[k]);
        ck_run_status(r, mask_cases[_i].said ? 3 : 2);
        ck_contains(r.err, mask_cases[_i].shown);
        if (mask_cases[_i].said)
            ck_contains(r.err, mask_cases[_i].said);
        ck_not_contains(r.err, "*nnot");
        for (h = 0; h < 3 && mask_cases[_i].hidden[h]; h++) {
            ck_not_contains(r.out, mask_cases[_i].hidden[h]);
            ck_not_contains(r.err, mask_cases[_i].hidden[h]);
        }
        run_free(&r);
        ck_unchanged(&s, cmds[k]);
    }
}
END_TEST

/* ---- revision files and the graph ---- */

static const struct {
    const char *file;       /* under migrations/versions/ */
    const char *text;
    const char *needle;     /* file:line */
} bad_file_cases[] = {
    { "bad_m.sql",
      "-- revision: bad\n-- down_revision: r2\n-- message: m\n"
      "CREATE TABLE x (id INTEGER);\n-- +upgrade\nSELECT 1;\n",
      "migrations/versions/bad_m.sql:4" },
    { "bad_m.sql",
      "-- revision: bad\n-- down_revision: r2\n-- message: m\n"
      "-- message: again\n-- +upgrade\nSELECT 1;\n",
      "migrations/versions/bad_m.sql:4" },
    { "bad_m.sql",
      "-- revision: bad\n-- down_revision: r2\n-- +downgrade\n"
      "SELECT 1;\n-- +upgrade\nSELECT 2;\n",
      "migrations/versions/bad_m.sql:3" },
    { "bad_m.sql",
      "-- revision: bad-id!\n-- down_revision: r2\n-- +upgrade\nSELECT 1;\n",
      "migrations/versions/bad_m.sql:1" },
    { "bad_m.sql",
      "-- revision: bad\n-- down_revision: r2\n-- +upgrade\nSELECT 1;\n"
      "-- +downgrade\nSELECT 2;\n-- +upgrade\nSELECT 3;\n",
      "migrations/versions/bad_m.sql:7" },
    { "bad_m.sql",
      "-- revision: bad\n-- down_revision: r2\n-- transaction: maybe\n"
      "-- +upgrade\nSELECT 1;\n",
      "migrations/versions/bad_m.sql:3" },
    { "bad_m.sql",
      "-- message: no revision line\n-- +upgrade\nSELECT 1;\n",
      "migrations/versions/bad_m.sql:1" },
    { "bad_m.sql",
      "-- revision: bad\n-- down_revision: r2\n-- message: m\n\n"
      "-- +sideways\nSELECT 1;\n",
      "migrations/versions/bad_m.sql:5" },
};

START_TEST(test_cli_error_malformed_revision_file)
{
    char path[256];
    static const char *const cmds[] = {
        "heads", "history", "upgrade head", "downgrade base", "stamp head",
        "current", "revision -m more",
    };
    size_t i;

    base_project();
    snprintf(path, sizeof(path), "migrations/versions/%s",
             bad_file_cases[_i].file);
    write_file(path, bad_file_cases[_i].text);
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        ck_error(cmds[i], 2, NEEDLES(bad_file_cases[_i].needle));
}
END_TEST

static void
graph_duplicate_id(void)
{
    write_revision("r3", "r2", NULL, "SELECT 1;", "SELECT 2;");
    write_file("migrations/versions/r3_again.sql",
               "-- revision: r3\n-- down_revision: r2\n-- +upgrade\n");
}

static void
graph_cycle(void)
{
    write_revision("c1", "c2", NULL, "SELECT 1;", "SELECT 2;");
    write_revision("c2", "c1", NULL, "SELECT 1;", "SELECT 2;");
}

static void
graph_unknown_down(void)
{
    write_revision("r3", "zz404", NULL, "SELECT 1;", "SELECT 2;");
}

static void
graph_unknown_depends(void)
{
    write_revision("r3", "r2", "-- depends_on: dep404\n", "SELECT 1;",
                   "SELECT 2;");
}

static void
graph_duplicate_label(void)
{
    write_revision("r3", "r2", "-- branch_labels: lbl\n", "SELECT 1;",
                   "SELECT 2;");
    write_revision("x1", "", "-- branch_labels: lbl\n", "SELECT 1;",
                   "SELECT 2;");
}

static const struct {
    void      (*prepare)(void);
    const char *const *needles;
} bad_graph_cases[] = {
    { graph_duplicate_id,
      NEEDLES("r3", "r3_r3.sql", "r3_again.sql") },
    { graph_cycle, NEEDLES("cycle", "c1", "c2") },
    { graph_unknown_down, NEEDLES("zz404", "r3_r3.sql") },
    { graph_unknown_depends, NEEDLES("dep404", "r3_r3.sql") },
    { graph_duplicate_label, NEEDLES("lbl", "r3", "x1") },
};

START_TEST(test_cli_error_invalid_graph)
{
    static const char *const cmds[] = {
        "heads", "history", "branches", "upgrade head", "downgrade base",
        "stamp head", "show r1", "revision -m more", "upgrade --sql",
    };
    size_t i;

    base_project();
    bad_graph_cases[_i].prepare();
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        ck_error(cmds[i], 2, bad_graph_cases[_i].needles);
}
END_TEST

/* ---- targets ---- */

static const struct {
    const char *args;
    const char *const *needles;
} bad_target_cases[] = {
    { "upgrade nosuch", NEEDLES("nosuch") },
    { "downgrade nosuch", NEEDLES("nosuch") },
    { "stamp nosuch", NEEDLES("nosuch") },
    { "show nosuch", NEEDLES("nosuch") },
    { "history -r nosuch:", NEEDLES("nosuch") },
    { "upgrade nosuch@head", NEEDLES("nosuch") },
    { "upgrade +5", NEEDLES("+5") },
    { "upgrade r1+7", NEEDLES("7") },
    { "downgrade -5", NEEDLES("-5") },
    { "downgrade r2", NEEDLES("r2") },      /* not applied */
    { "upgrade +x", NEEDLES("+x") },
    { "upgrade --sql r2:nosuch", NEEDLES("nosuch") },
    { "downgrade --sql nosuch:base", NEEDLES("nosuch") },
};

START_TEST(test_cli_error_unknown_target)
{
    base_project();
    ck_error(bad_target_cases[_i].args, 2, bad_target_cases[_i].needles);
}
END_TEST

START_TEST(test_cli_error_revision_prefix)
{
    run_result r;

    base_project();
    write_revision("abcd1111aaaa", "r2", NULL, "SELECT 1;", "SELECT 2;");
    write_revision("abcd2222bbbb", "abcd1111aaaa", NULL, "SELECT 1;",
                   "SELECT 2;");
    /* ambiguous: both candidates named */
    ck_error("upgrade abcd", 2, NEEDLES("abcd1111aaaa", "abcd2222bbbb"));
    ck_error("show abcd", 2, NEEDLES("abcd1111aaaa", "abcd2222bbbb"));
    /* shorter than 4 characters, even when unique */
    ck_error("upgrade abc", 2, NEEDLES("abc"));
    /* a unique prefix of 4 or more characters works */
    r = migrate("show abcd1");
    ck_run_status(r, 0);
    ck_contains(r.out, "abcd1111aaaa");
    run_free(&r);
    r = migrate("upgrade abcd2");
    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("current");
    ck_run_status(r, 0);
    ck_contains(r.out, "abcd2222bbbb");
    run_free(&r);
}
END_TEST

START_TEST(test_cli_error_two_heads)
{
    run_result r;
    char *v;

    base_project();
    write_revision("r3", "r1", NULL, "CREATE TABLE t3 (id INTEGER);",
                   "DROP TABLE t3;");
    ck_error("upgrade head", 2, NEEDLES("r2", "r3"));
    ck_error("upgrade +1", 2, NULL);
    ck_error("revision -m next", 2, NEEDLES("r2", "r3"));
    r = migrate("upgrade heads");
    ck_run_status(r, 0);
    run_free(&r);
    v = sqlite_value("app.db", "SELECT group_concat(version_num, ' ') FROM "
                     "(SELECT version_num FROM migrate_version ORDER BY 1)");
    ck_assert_str_eq(v, "r2 r3");
    free(v);
    ck_error("downgrade -1", 2, NEEDLES("r2", "r3"));
}
END_TEST

START_TEST(test_cli_error_dialect_mismatch)
{
    base_project();
    write_file("migrations/versions/pg_m.sql",
               "-- revision: pg\n-- down_revision: r2\n-- message: pg\n"
               "-- dialect: postgresql\n\n-- +upgrade\n"
               "CREATE TABLE x (id SERIAL);\n\n-- +downgrade\n"
               "DROP TABLE x;\n");
    /* r2 must not run either: the plan is checked before anything runs */
    ck_error("upgrade head", 2, NEEDLES("pg_m.sql", "postgresql", "sqlite"));
    ck_error("upgrade pg", 2, NEEDLES("pg_m.sql", "postgresql"));
}
END_TEST

START_TEST(test_cli_error_unknown_db_revision)
{
    base_project();
    free(sqlite_value("app.db", "UPDATE migrate_version SET version_num = "
                      "'ghost404'"));
    ck_error("upgrade head", 2, NEEDLES("ghost404"));
    ck_error("upgrade +1", 2, NEEDLES("ghost404"));
    ck_error("downgrade base", 2, NEEDLES("ghost404"));
    ck_error("downgrade -1", 2, NEEDLES("ghost404"));
    ck_error("stamp head", 2, NEEDLES("ghost404"));
}
END_TEST

START_TEST(test_cli_error_no_db_created)
{
    static const char *const cmds[] = {
        "upgrade nosuch", "upgrade +5", "downgrade -1", "stamp nosuch",
        "--url foo://x upgrade",
    };
    char culprits[1024] = "";
    size_t i;

    /* a project whose database does not exist yet */
    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        run_result r = migrate("%s", cmds[i]);
        ck_assert_msg(r.status == 2, "migrate %s: exit %d\n%s%s", cmds[i],
                      r.status, r.out, r.err);
        run_free(&r);
        if (path_exists("app.db")) {
            snprintf(culprits + strlen(culprits),
                     sizeof(culprits) - strlen(culprits), " '%s'", cmds[i]);
            unlink("app.db");
        }
    }
    ck_assert_msg(!culprits[0], "these failed runs created app.db:%s",
                  culprits);
}
END_TEST

/* ---- --help ---- */

static const char *const commands[] = {
    "init", "revision", "merge", "upgrade", "downgrade", "stamp", "current",
    "heads", "branches", "history", "show", "check", "diff", "inspect", "erd",
    "sorted-tables",
};

START_TEST(test_cli_help)
{
    const char *name = commands[_i];
    char usage[64];
    run_result r;

    /* no project here: --help needs none */
    snprintf(usage, sizeof(usage), "usage: migrate %s", name);
    r = migrate("%s --help", name);
    ck_run_status(r, 0);
    ck_contains(r.out, usage);
    run_free(&r);
    r = migrate("%s -h", name);
    ck_run_status(r, 0);
    ck_contains(r.out, usage);
    run_free(&r);
    r = migrate("help %s", name);
    ck_run_status(r, 0);
    ck_contains(r.out, usage);
    run_free(&r);
    /* the main help lists it */
    r = migrate("--help");
    ck_run_status(r, 0);
    ck_contains(r.out, name);
    run_free(&r);
    ck_assert(!path_exists("migrate.ini"));
    ck_assert(!path_exists("app.db"));
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
cli_errors_suite(void)
{
    Suite *s = suite_create("cli_errors");

    tcase_add_loop_test(tc(s, "usage"), test_cli_error_usage, 0,
                        N(usage_cases));
    tcase_add_test(tc(s, "json_document"), test_cli_error_json_document);
    tcase_add_test(tc(s, "missing_config"), test_cli_error_missing_config);
    tcase_add_test(tc(s, "unknown_config_key"),
                   test_cli_error_unknown_config_key);
    tcase_add_test(tc(s, "config_optional"),
                   test_cli_config_optional_is_silent);
    tcase_add_test(tc(s, "unknown_header_key"),
                   test_cli_error_unknown_header_key);
    tcase_add_loop_test(tc(s, "malformed_config"),
                        test_cli_error_malformed_config, 0, N(bad_ini_cases));
    tcase_add_test(tc(s, "sqlite_url"), test_cli_sqlite_page_size);
    tcase_add_test(tc(s, "sqlite_url"), test_cli_sqlite_temporary_disk);
    tcase_add_loop_test(tc(s, "bad_url"), test_cli_error_bad_url, 0,
                        N(bad_url_cases));
    tcase_add_test(tc(s, "bad_url"),
                   test_cli_error_bad_url_in_config_names_line);
    tcase_add_loop_test(tc(s, "password_never_shown"),
                        test_cli_error_password_never_shown, 0,
                        N(secret_cases));
    tcase_add_loop_test(tc(s, "password_masks_only_url"),
                        test_cli_error_password_masks_only_url, 0,
                        N(mask_cases));
    tcase_add_loop_test(tc(s, "malformed_revision_file"),
                        test_cli_error_malformed_revision_file, 0,
                        N(bad_file_cases));
    tcase_add_loop_test(tc(s, "invalid_graph"), test_cli_error_invalid_graph,
                        0, N(bad_graph_cases));
    tcase_add_loop_test(tc(s, "unknown_target"),
                        test_cli_error_unknown_target, 0,
                        N(bad_target_cases));
    tcase_add_test(tc(s, "revision_prefix"), test_cli_error_revision_prefix);
    tcase_add_test(tc(s, "two_heads"), test_cli_error_two_heads);
    tcase_add_test(tc(s, "dialect_mismatch"), test_cli_error_dialect_mismatch);
    tcase_add_test(tc(s, "unknown_db_revision"),
                   test_cli_error_unknown_db_revision);
    tcase_add_test(tc(s, "no_db_created"), test_cli_error_no_db_created);
    tcase_add_loop_test(tc(s, "help"), test_cli_help, 0, N(commands));
    return s;
}
