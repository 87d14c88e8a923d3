/* cli_sqlite.c - the migrate binary end to end on SQLite, checked with the
 * sqlite3 shell: init, revision files, upgrade/downgrade targets, the
 * version table and its log, transactions, offline --sql, --echo, stamp,
 * read-only commands, --json shapes, URL precedence, paths, concurrency and
 * checksums (DESIGN.md sections 3 to 6 and 9). */
#include <ctype.h>
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

static const char *
bin(void)
{
    const char *b = getenv("MIGRATE_BIN");

    return b ? b : "migrate";
}

/* The user tables of db (not the version tables), sorted, space-separated. */
static char *
user_tables(const char *db)
{
    return sqlite_value(db, "SELECT coalesce(group_concat(name, ' '), '') "
                        "FROM (SELECT name FROM sqlite_master WHERE "
                        "type = 'table' AND name NOT LIKE 'migrate%' "
                        "ORDER BY name)");
}

/* The rows of the version table, sorted, space-separated. */
static char *
version_rows(const char *db)
{
    return sqlite_value(db, "SELECT coalesce(group_concat(version_num, ' '), "
                        "'') FROM (SELECT version_num FROM migrate_version "
                        "ORDER BY version_num)");
}

#define ck_str_value(expr, want) do { \
        char *v_ = (expr); \
        ck_assert_msg(strcmp(v_, (want)) == 0, "%s\n  is '%s'\n  want '%s'", \
                      #expr, v_, (want)); \
        free(v_); \
    } while (0)

/* A project with revisions r1 -> r2 -> r3 creating tables t1, t2, t3. */
static void
three_revisions(void)
{
    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER PRIMARY KEY);",
                   "DROP TABLE t1;");
    write_revision("r2", "r1", NULL,
                   "CREATE TABLE t2 (id INTEGER PRIMARY KEY);",
                   "DROP TABLE t2;");
    write_revision("r3", "r2", NULL,
                   "CREATE TABLE t3 (id INTEGER PRIMARY KEY);",
                   "DROP TABLE t3;");
}

static void
ok(const char *args)
{
    run_result r = migrate("%s", args);

    ck_assert_msg(r.status == 0, "migrate %s: exit %d\n%s%s", args, r.status,
                  r.out, r.err);
    run_free(&r);
}

/* ---- init ---- */

START_TEST(test_cli_init_and_upgrade)
{
    run_result r = migrate("init .");
    char *v;

    ck_run_status(r, 0);
    run_free(&r);
    r = migrate("revision -m 'create users' --rev-id r1");
    ck_run_status(r, 0);
    ck_contains(r.out, "migrations/versions/r1_create_users.sql");
    run_free(&r);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    v = sqlite_value("app.db", "SELECT version_num FROM migrate_version");
    ck_assert_str_eq(v, "r1");
    free(v);
}
END_TEST

START_TEST(test_cli_init_files)
{
    run_result r = migrate("init");
    char *ini;

    ck_run_status(r, 0);
    run_free(&r);
    ck_assert(path_exists("migrate.ini"));
    ck_assert(path_exists("migrations/versions"));
    ck_assert(path_exists("migrations/script.sql.tmpl"));
    ck_assert(path_exists("models.sql"));
    ini = read_file("migrate.ini");
    ck_contains(ini, "[migrate]");
    ck_contains(ini, "script_location = migrations");
    ck_contains(ini, "url = sqlite:///app.db");
    ck_contains(ini, "version_table = migrate_version");
    free(ini);
    /* init writes no database */
    ck_assert(!path_exists("app.db"));
}
END_TEST

START_TEST(test_cli_init_twice)
{
    const char *mine = "[migrate]\n# mine\nscript_location = migrations\n"
                       "url = sqlite:///mine.db\n";
    run_result r;
    char *ini;

    project_init();
    write_file("migrate.ini", mine);
    r = migrate("init .");
    ck_run_status(r, 2);
    ck_contains(r.err, "migrate.ini");
    run_free(&r);
    ini = read_file("migrate.ini");
    ck_assert_str_eq(ini, mine);
    free(ini);
}
END_TEST

START_TEST(test_cli_init_newdir)
{
    run_result r = migrate("init newdir");

    ck_run_status(r, 0);
    run_free(&r);
    ck_assert(path_exists("newdir/migrate.ini"));
    ck_assert(path_exists("newdir/migrations/versions"));
    ck_assert(path_exists("newdir/migrations/script.sql.tmpl"));
    ck_assert(path_exists("newdir/models.sql"));
    ck_assert(!path_exists("migrate.ini"));
    /* nested, missing parents */
    r = migrate("init deep/er/dir");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert(path_exists("deep/er/dir/migrate.ini"));
    ck_assert(path_exists("deep/er/dir/migrations/versions"));
    /* the new project is usable through -c: its script_location is
     * relative to the config file */
    r = migrate("-c newdir/migrate.ini revision -m first --rev-id n1");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert(path_exists("newdir/migrations/versions/n1_first.sql"));
    /* and init refuses the existing one */
    r = migrate("init newdir");
    ck_run_status(r, 2);
    run_free(&r);
}
END_TEST

/* ---- revision ---- */

static const struct {
    const char *message;
    const char *full;     /* the slug before the 40-character cut */
} slug_cases[] = {
    { "add posts", "add_posts" },
    { "Create Users!!  table", "create_users_table" },
    { "Fix: user-email (v2)", "fix_user_email_v2" },
    { "ADD FK users.id -> posts.user_id", "add_fk_users_id_posts_user_id" },
    { "x", "x" },
    { "abcdefghij klmnopqrst uvwxyz0123 456789abcd efghij",
      "abcdefghij_klmnopqrst_uvwxyz0123_456789abcd_efghij" },
    /* the 40th character is the separator */
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_b" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
};

START_TEST(test_cli_revision_slug)
{
    char want[64], want_trim[64], *list, *slug;
    size_t n;
    run_result r;

    project_init();
    r = migrate("revision -m '%s' --rev-id s1", slug_cases[_i].message);
    ck_run_status(r, 0);
    run_free(&r);
    /* the file is s1_<slug>.sql: the message lowercased, runs of
     * non-alphanumerics as '_', at most 40 characters (a cut that ends on
     * '_' may drop it) */
    snprintf(want, sizeof(want), "%.40s", slug_cases[_i].full);
    snprintf(want_trim, sizeof(want_trim), "%s", want);
    n = strlen(want_trim);
    while (n && want_trim[n - 1] == '_')
        want_trim[--n] = '\0';
    list = dir_listing("migrations/versions");
    ck_assert_msg(strncmp(list, "s1_", 3) == 0 && strchr(list, '\n') &&
                  strchr(list, '\n')[1] == '\0', "one file s1_*, got:\n%s",
                  list);
    slug = list + 3;
    slug[strcspn(slug, "\n")] = '\0';
    n = strlen(slug);
    ck_assert_msg(n > 4 && strcmp(slug + n - 4, ".sql") == 0,
                  "not a .sql file: %s", list);
    slug[n - 4] = '\0';
    ck_assert_msg(strcmp(slug, want) == 0 || strcmp(slug, want_trim) == 0,
                  "message '%s': slug '%s', want '%s'",
                  slug_cases[_i].message, slug, want_trim);
    ck_assert_uint_le(strlen(slug), 40);
    free(list);
}
END_TEST

static int
is_hex12(const char *s)
{
    int i;

    for (i = 0; i < 12; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return 0;
    return 1;
}

START_TEST(test_cli_revision_generated_ids)
{
    char ids[3][13], *list, *line, path[256], header[64], *text;
    int i, n = 0;
    run_result r;

    project_init();
    for (i = 0; i < 3; i++) {
        r = migrate("revision -m 'step %d'", i);
        ck_run_status(r, 0);
        run_free(&r);
    }
    list = dir_listing("migrations/versions");
    for (line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
        ck_assert_msg(n < 3, "too many files:\n%s", list);
        ck_assert_msg(strlen(line) > 13 && is_hex12(line) && line[12] == '_',
                      "file name '%s' does not start with 12 lowercase hex "
                      "digits and '_'", line);
        memcpy(ids[n], line, 12);
        ids[n][12] = '\0';
        snprintf(path, sizeof(path), "migrations/versions/%s", line);
        snprintf(header, sizeof(header), "-- revision: %s\n", ids[n]);
        text = read_file(path);
        ck_contains(text, header);
        free(text);
        n++;
    }
    ck_assert_int_eq(n, 3);
    ck_assert_str_ne(ids[0], ids[1]);
    ck_assert_str_ne(ids[0], ids[2]);
    ck_assert_str_ne(ids[1], ids[2]);
    free(list);
}
END_TEST

START_TEST(test_cli_revision_header)
{
    run_result r;
    char *text, *p;
    int y, mo, d, h, mi, s;

    project_init();
    ok("revision -m 'first one' --rev-id r1");
    r = migrate("revision -m 'add posts' --rev-id r2");
    ck_run_status(r, 0);
    ck_contains(r.out, "migrations/versions/r2_add_posts.sql");
    run_free(&r);
    text = read_file("migrations/versions/r2_add_posts.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- revision: r2\n");
    ck_contains(text, "-- down_revision: r1\n");
    ck_contains(text, "-- message: add posts\n");
    ck_contains(text, "-- dialect: sqlite\n");
    ck_contains(text, "-- +upgrade\n");
    ck_contains(text, "-- +downgrade\n");
    ck_assert_msg(strstr(text, "-- +upgrade") < strstr(text, "-- +downgrade"),
                  "upgrade section after downgrade:\n%s", text);
    p = strstr(text, "-- created: ");
    ck_assert_ptr_nonnull(p);
    ck_assert_msg(sscanf(p, "-- created: %4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d,
                         &h, &mi, &s) == 6 && y >= 2024 && mo >= 1 &&
                  mo <= 12, "bad created line in\n%s", text);
    free(text);
    /* the root has an empty down_revision */
    text = read_file("migrations/versions/r1_first_one.sql");
    ck_assert_ptr_nonnull(text);
    p = strstr(text, "-- down_revision:");
    ck_assert_ptr_nonnull(p);
    p += strlen("-- down_revision:");
    while (*p == ' ')
        p++;
    ck_assert_msg(*p == '\n', "root has a down_revision:\n%s", text);
    free(text);
}
END_TEST

START_TEST(test_cli_revision_label_and_depends)
{
    char *text;
    run_result r;

    project_init();
    ok("revision -m one --rev-id r1 --branch-label core");
    text = read_file("migrations/versions/r1_one.sql");
    ck_contains(text, "-- branch_labels: core\n");
    free(text);
    ok("revision -m other --rev-id o1 --head base --depends-on r1");
    text = read_file("migrations/versions/o1_other.sql");
    ck_contains(text, "-- depends_on: r1\n");
    free(text);
    /* the graph reads both back */
    r = migrate("--json show o1");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'o1' and d['depends_on'] == ['r1'] "
            "and d['down_revisions'] == []");
    run_free(&r);
    r = migrate("--json show core");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'r1' and d['branch_labels'] == "
            "['core']");
    run_free(&r);
    /* upgrading o1 applies its dependency first */
    ok("upgrade o1");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(revision, ' ') "
                              "FROM (SELECT revision FROM migrate_version_log "
                              "ORDER BY id)"), "r1 o1");
}
END_TEST

START_TEST(test_cli_revision_head_base)
{
    run_result r;
    char *text, *p, *heads;

    project_init();
    ok("revision -m one --rev-id r1");
    ok("revision -m two --rev-id r2");
    ok("revision -m root2 --rev-id x1 --head base");
    text = read_file("migrations/versions/x1_root2.sql");
    ck_assert_ptr_nonnull(text);
    p = strstr(text, "-- down_revision:") + strlen("-- down_revision:");
    while (*p == ' ')
        p++;
    ck_assert_msg(*p == '\n', "--head base is not a root:\n%s", text);
    free(text);
    r = migrate("heads");
    ck_run_status(r, 0);
    heads = first_words(r.out);
    ck_str_value(sorted_words(heads), "r2 x1");
    free(heads);
    run_free(&r);
}
END_TEST

START_TEST(test_cli_revision_splice)
{
    run_result r;
    char *before, *after, *text;

    project_init();
    ok("revision -m one --rev-id r1");
    ok("revision -m two --rev-id r2");
    before = dir_listing("migrations/versions");
    r = migrate("revision -m branch --rev-id b1 --head r1");
    ck_run_status(r, 2);
    ck_contains(r.err, "r1");
    ck_contains(r.err, "--splice");
    run_free(&r);
    after = dir_listing("migrations/versions");
    ck_assert_str_eq(after, before);
    free(after);
    r = migrate("revision -m branch --rev-id b1 --head r1 --splice");
    ck_run_status(r, 0);
    run_free(&r);
    text = read_file("migrations/versions/b1_branch.sql");
    ck_assert_ptr_nonnull(text);
    ck_contains(text, "-- down_revision: r1\n");
    free(text);
    r = migrate("heads");
    ck_run_status(r, 0);
    text = first_words(r.out);
    ck_str_value(sorted_words(text), "b1 r2");
    free(text);
    run_free(&r);
    free(before);
}
END_TEST

/* ---- upgrade / downgrade ---- */

static const struct {
    const char *args;
    const char *version;
    const char *tables;
} target_steps[] = {
    { "upgrade +1",          "r1", "t1" },
    { "upgrade r1+2",        "r3", "t1 t2 t3" },
    { "downgrade -1",        "r2", "t1 t2" },
    { "upgrade head",        "r4", "t1 t2 t3 t4" },
    { "downgrade base",      "",   "" },
    { "upgrade r2",          "r2", "t1 t2" },
    { "downgrade r1",        "r1", "t1" },
    { "upgrade main@head",   "r4", "t1 t2 t3 t4" },
    { "downgrade r4-2",      "r2", "t1 t2" },
    { "upgrade +1",          "r3", "t1 t2 t3" },
    { "upgrade",             "r4", "t1 t2 t3 t4" },
    { "downgrade -4",        "",   "" },
};

START_TEST(test_cli_upgrade_targets)
{
    size_t i;

    project_init();
    write_revision("r1", "", "-- branch_labels: main\n",
                   "CREATE TABLE t1 (id INTEGER PRIMARY KEY);",
                   "DROP TABLE t1;");
    write_revision("r2", "r1", NULL, "CREATE TABLE t2 (id INTEGER);",
                   "DROP TABLE t2;");
    write_revision("r3", "r2", NULL, "CREATE TABLE t3 (id INTEGER);",
                   "DROP TABLE t3;");
    write_revision("r4", "r3", NULL, "CREATE TABLE t4 (id INTEGER);",
                   "DROP TABLE t4;");
    for (i = 0; i < sizeof(target_steps) / sizeof(target_steps[0]); i++) {
        run_result r = migrate("%s", target_steps[i].args);
        char *v, *t;
        ck_assert_msg(r.status == 0, "step %zu 'migrate %s': exit %d\n%s%s",
                      i, target_steps[i].args, r.status, r.out, r.err);
        run_free(&r);
        v = version_rows("app.db");
        t = user_tables("app.db");
        ck_assert_msg(strcmp(v, target_steps[i].version) == 0 &&
                      strcmp(t, target_steps[i].tables) == 0,
                      "after 'migrate %s': version '%s' tables '%s', want "
                      "'%s' and '%s'", target_steps[i].args, v, t,
                      target_steps[i].version, target_steps[i].tables);
        free(v);
        free(t);
    }
}
END_TEST

START_TEST(test_cli_version_log)
{
    char sql[512], *sum;
    int i;

    three_revisions();
    ok("upgrade head");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(revision || ':' "
                              "|| direction, ' ') FROM (SELECT * FROM "
                              "migrate_version_log ORDER BY id)"),
                 "r1:upgrade r2:upgrade r3:upgrade");
    for (i = 1; i <= 3; i++) {
        char path[64];
        snprintf(path, sizeof(path), "migrations/versions/r%d_r%d.sql", i, i);
        sum = sha256_file(path);
        snprintf(sql, sizeof(sql), "SELECT checksum FROM migrate_version_log "
                 "WHERE revision = 'r%d' AND direction = 'upgrade'", i);
        ck_str_value(sqlite_value("app.db", sql), sum);
        free(sum);
    }
    /* applied_at is a UTC time stamp of now, duration_ms an integer >= 0 */
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM "
                              "migrate_version_log WHERE applied_at IS NULL "
                              "OR julianday(applied_at) IS NULL OR "
                              "abs(julianday(applied_at) - julianday('now')) "
                              "> 0.01"), "0");
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM "
                              "migrate_version_log WHERE typeof(duration_ms) "
                              "!= 'integer' OR duration_ms < 0"), "0");
    ck_str_value(sqlite_value("app.db", "SELECT count(DISTINCT id) FROM "
                              "migrate_version_log"), "3");
    /* downgrade and stamp append */
    ok("downgrade -1");
    ok("stamp r1");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(revision || ':' "
                              "|| direction, ' ') FROM (SELECT * FROM "
                              "migrate_version_log ORDER BY id)"),
                 "r1:upgrade r2:upgrade r3:upgrade r3:downgrade r1:stamp");
    sum = sha256_file("migrations/versions/r1_r1.sql");
    ck_str_value(sqlite_value("app.db", "SELECT checksum FROM "
                              "migrate_version_log WHERE direction = "
                              "'stamp'"), sum);
    free(sum);
    ck_str_value(version_rows("app.db"), "r1");
}
END_TEST

START_TEST(test_cli_version_log_downgrade_checksum)
{
    char *sum;

    three_revisions();
    ok("upgrade head");
    ok("downgrade -1");
    /* every applied step records the checksum of its revision file */
    sum = sha256_file("migrations/versions/r3_r3.sql");
    ck_str_value(sqlite_value("app.db", "SELECT coalesce(checksum, 'NULL') "
                              "FROM migrate_version_log WHERE direction = "
                              "'downgrade'"), sum);
    free(sum);
}
END_TEST

START_TEST(test_cli_failing_statement_rolls_back)
{
    run_result r;

    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                   "DROP TABLE a;");
    write_revision("r2", "r1", NULL, "CREATE TABLE b (id INTEGER);",
                   "DROP TABLE b;");
    /* upgrade starts at line 7; the bad statement is on line 12 */
    write_revision("r3", "r2", NULL,
                   "CREATE TABLE c1 (id INTEGER PRIMARY KEY);\n"      /* 7 */
                   "INSERT INTO b VALUES (1);\n"                      /* 8 */
                   "/* a comment\n"                                   /* 9 */
                   "   over two lines; with a semicolon */\n"         /* 10 */
                   "INSERT INTO b VALUES (2);\n"                      /* 11 */
                   "INSERT INTO no_such_table VALUES (1);\n"          /* 12 */
                   "CREATE TABLE c2 (id INTEGER);",
                   "DROP TABLE c2;\nDROP TABLE c1;");
    r = migrate("upgrade head");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrations/versions/r3_r3.sql:12");
    ck_contains(r.err, "no such table: no_such_table");
    run_free(&r);
    ck_str_value(version_rows("app.db"), "r2");
    ck_str_value(user_tables("app.db"), "a b");
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM b"), "0");
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM "
                              "migrate_version_log WHERE revision = 'r3'"),
                 "0");
}
END_TEST

/* ---- offline ---- */

#define LOG_SQL "SELECT group_concat(revision || ':' || direction || ':' || " \
                "coalesce(checksum, ''), ' ') FROM (SELECT * FROM " \
                "migrate_version_log ORDER BY id)"

START_TEST(test_cli_offline_sql_matches_online)
{
    run_result r;
    char *s1, *s2;

    three_revisions();
    /* offline needs no connection: no database file appears */
    r = migrate("upgrade --sql");
    ck_run_status(r, 0);
    ck_assert(!path_exists("app.db"));
    ck_contains(r.out, "CREATE TABLE t3");
    write_file("offline.sql", r.out);
    run_free(&r);
    r = shell("(sqlite3 -bail new.db <offline.sql)");
    ck_run_status(r, 0);
    run_free(&r);
    ok("upgrade head");
    s1 = sqlite_value("app.db", ".schema");
    s2 = sqlite_value("new.db", ".schema");
    ck_assert_str_eq(s2, s1);
    free(s1);
    free(s2);
    ck_str_value(version_rows("new.db"), "r3");
    ck_str_value(version_rows("app.db"), "r3");
    s1 = sqlite_value("app.db", LOG_SQL);
    s2 = sqlite_value("new.db", LOG_SQL);
    ck_assert_str_eq(s2, s1);
    free(s1);
    free(s2);
    /* FROM:TO for upgrade */
    r = migrate("upgrade --sql r1:r2");
    ck_run_status(r, 0);
    ck_contains(r.out, "CREATE TABLE t2");
    ck_not_contains(r.out, "CREATE TABLE t1");
    ck_not_contains(r.out, "CREATE TABLE t3");
    run_free(&r);
}
END_TEST

/* Every name dialects/registry.c gives a dialect works wherever one is
 * written: pgsql, which --dialect took, is also a URL scheme, and gives
 * PostgreSQL's offline script, not SQLite's. */
START_TEST(test_cli_offline_scheme_aliases)
{
    static const char *const same[] = {
        "--url pgsql://u@h/db upgrade --sql",
        "--url PgSQL://u@h/db upgrade --sql",
        "--url postgres://u@h/db upgrade --sql",
        "upgrade --sql --dialect pgsql",
    };
    run_result want, r;
    size_t i;

    three_revisions();
    want = migrate("--url postgresql://u@h/db upgrade --sql");
    ck_run_status(want, 0);
    ck_contains(want.out, "CREATE TABLE t3");
    for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        r = migrate("%s", same[i]);
        ck_assert_msg(r.status == 0, "migrate %s: exit %d\n%s", same[i],
                      r.status, r.err);
        ck_assert_msg(strcmp(r.out, want.out) == 0, "migrate %s:\n%s\n"
                      "differs from postgresql://'s\n%s", same[i], r.out,
                      want.out);
        run_free(&r);
    }
    r = migrate("upgrade --sql");
    ck_run_status(r, 0);
    ck_assert_str_ne(r.out, want.out);
    run_free(&r);
    run_free(&want);
}
END_TEST

START_TEST(test_cli_offline_downgrade)
{
    run_result r;

    three_revisions();
    ok("upgrade head");
    r = shell("cp app.db a.db && cp app.db b.db");
    ck_run_status(r, 0);
    run_free(&r);
    /* FROM:TO */
    r = migrate("downgrade --sql r3:r1");
    ck_run_status(r, 0);
    ck_contains(r.out, "DROP TABLE t3");
    ck_contains(r.out, "DROP TABLE t2");
    ck_not_contains(r.out, "DROP TABLE t1");
    write_file("down.sql", r.out);
    run_free(&r);
    r = shell("(sqlite3 -bail a.db <down.sql)");
    ck_run_status(r, 0);
    run_free(&r);
    ck_str_value(version_rows("a.db"), "r1");
    ck_str_value(user_tables("a.db"), "t1");
    ck_str_value(sqlite_value("a.db", "SELECT group_concat(revision || ':' "
                              "|| direction, ' ') FROM (SELECT * FROM "
                              "migrate_version_log WHERE id > 3 ORDER BY "
                              "id)"), "r3:downgrade r2:downgrade");
    /* without FROM it starts at head */
    r = migrate("downgrade --sql base");
    ck_run_status(r, 0);
    write_file("base.sql", r.out);
    run_free(&r);
    r = shell("(sqlite3 -bail b.db <base.sql)");
    ck_run_status(r, 0);
    run_free(&r);
    ck_str_value(version_rows("b.db"), "");
    ck_str_value(user_tables("b.db"), "");
    /* the live database was not touched */
    ck_str_value(version_rows("app.db"), "r3");
    ck_str_value(user_tables("app.db"), "t1 t2 t3");
}
END_TEST

START_TEST(test_cli_echo)
{
    run_result r;

    project_init();
    write_revision("r1", "", NULL,
                   "CREATE TABLE t1 (id INTEGER PRIMARY KEY);\n"   /* 7 */
                   "\n"
                   "CREATE INDEX ix_t1 ON t1 (id);",               /* 9 */
                   "DROP TABLE t1;");
    r = migrate("--echo upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "migrations/versions/r1_r1.sql:7");
    ck_contains(r.out, "CREATE TABLE t1 (id INTEGER PRIMARY KEY)");
    ck_contains(r.out, "migrations/versions/r1_r1.sql:9");
    ck_contains(r.out, "CREATE INDEX ix_t1 ON t1 (id)");
    ck_assert_msg(strstr(r.out, "r1_r1.sql:7") <
                  strstr(r.out, "CREATE INDEX"), "order:\n%s", r.out);
    run_free(&r);
    /* a global option after the command; downgrade's statements at their
     * line (the downgrade section starts at line 12) */
    r = migrate("downgrade base --echo");
    ck_run_status(r, 0);
    ck_contains(r.out, "migrations/versions/r1_r1.sql:12");
    ck_contains(r.out, "DROP TABLE t1");
    run_free(&r);
    /* without --echo no statements */
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_not_contains(r.out, "CREATE TABLE t1");
    run_free(&r);
}
END_TEST

/* ---- stamp ---- */

static const struct {
    const char *before;     /* migrate command run first, or NULL */
    const char *sql;        /* SQL run on app.db before, or NULL */
    const char *args;
    const char *version;
    const char *tables;
    const char *sum_of;     /* the stamp row's checksum is this file's */
} stamp_cases[] = {
    { NULL, NULL, "stamp head", "r3", "", "migrations/versions/r3_r3.sql" },
    { NULL, NULL, "stamp r2", "r2", "", "migrations/versions/r2_r2.sql" },
    { "upgrade head", NULL, "stamp base", "", "t1 t2 t3", NULL },
    { "upgrade head", NULL, "stamp r1", "r1", "t1 t2 t3",
      "migrations/versions/r1_r1.sql" },
    { "upgrade r1", "UPDATE migrate_version SET version_num = 'ghost'",
      "stamp --purge r2", "r2", "t1", "migrations/versions/r2_r2.sql" },
    { "upgrade r1", NULL, "stamp r3 --purge", "r3", "t1",
      "migrations/versions/r3_r3.sql" },
};

START_TEST(test_cli_stamp)
{
    run_result r;

    three_revisions();
    if (stamp_cases[_i].before)
        ok(stamp_cases[_i].before);
    if (stamp_cases[_i].sql)
        free(sqlite_value("app.db", stamp_cases[_i].sql));
    r = migrate("%s", stamp_cases[_i].args);
    ck_run_status(r, 0);
    run_free(&r);
    ck_str_value(version_rows("app.db"), stamp_cases[_i].version);
    /* no SQL of the revisions ran */
    ck_str_value(user_tables("app.db"), stamp_cases[_i].tables);
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM "
                              "migrate_version_log WHERE direction = "
                              "'stamp'"), "1");
    if (stamp_cases[_i].sum_of) {
        char *sum = sha256_file(stamp_cases[_i].sum_of);
        ck_str_value(sqlite_value("app.db", "SELECT checksum FROM "
                                  "migrate_version_log WHERE direction = "
                                  "'stamp'"), sum);
        free(sum);
    }
}
END_TEST

/* ---- statement splitting ---- */

START_TEST(test_cli_trigger_online_offline)
{
    run_result r;
    const char *want = "small|two|big; very|two";
    char *s1, *s2;

    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE b (id INTEGER PRIMARY KEY);",
                   "DROP TABLE b;");
    write_revision("r2", "r1", NULL,
                   "CREATE TABLE audit (msg TEXT);\n"
                   "CREATE TRIGGER trg_b AFTER INSERT ON b\n"
                   "BEGIN\n"
                   "    INSERT INTO audit VALUES (\n"
                   "        CASE WHEN NEW.id > 10 THEN 'big; very'\n"
                   "             ELSE 'small' END);\n"
                   "    INSERT INTO audit VALUES ('two');\n"
                   "END;\n"
                   "INSERT INTO b VALUES (1);\n"
                   "INSERT INTO b VALUES (11);",
                   "DROP TRIGGER trg_b;\nDROP TABLE audit;\n"
                   "DELETE FROM b;");
    ok("upgrade head");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(msg, '|') FROM "
                              "(SELECT msg FROM audit ORDER BY rowid)"), want);
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM sqlite_master "
                              "WHERE type = 'trigger' AND name = 'trg_b'"),
                 "1");
    /* offline */
    r = migrate("upgrade --sql");
    ck_run_status(r, 0);
    write_file("offline.sql", r.out);
    run_free(&r);
    r = shell("(sqlite3 -bail new.db <offline.sql)");
    ck_run_status(r, 0);
    run_free(&r);
    ck_str_value(sqlite_value("new.db", "SELECT group_concat(msg, '|') FROM "
                              "(SELECT msg FROM audit ORDER BY rowid)"), want);
    s1 = sqlite_value("app.db", ".schema");
    s2 = sqlite_value("new.db", ".schema");
    ck_assert_str_eq(s2, s1);
    free(s1);
    free(s2);
    /* and back */
    ok("downgrade base");
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM sqlite_master "
                              "WHERE name IN ('trg_b', 'audit', 'b')"), "0");
}
END_TEST

/* ---- read-only commands ---- */

START_TEST(test_cli_current_no_db_file)
{
    static const char *const cmds[] = {
        "current", "current -v", "--json current", "heads", "history",
        "branches", "show r1", "history -r current:",
    };
    size_t i;

    three_revisions();
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        run_result r = migrate("%s", cmds[i]);
        ck_assert_msg(r.status == 0, "migrate %s: exit %d\n%s%s", cmds[i],
                      r.status, r.out, r.err);
        ck_assert_msg(!path_exists("app.db"), "'migrate %s' created app.db",
                      cmds[i]);
        if (strcmp(cmds[i], "--json current") == 0)
            ck_json(r.out, "d == {'current': []}");
        run_free(&r);
    }
    /* an existing database is not given tables either */
    free(sqlite_value("app.db", "CREATE TABLE keep (x INTEGER)"));
    ok("current");
    ck_str_value(sqlite_value("app.db", "SELECT group_concat(name, ' ') FROM "
                              "sqlite_master"), "keep");
}
END_TEST

START_TEST(test_cli_json_outputs)
{
    run_result r;

    project_init();
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    write_revision("r2", "r1", "-- branch_labels: lab\n",
                   "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
    ok("upgrade r1");
    r = migrate("--json heads");
    ck_run_status(r, 0);
    ck_json(r.out, "list(d) == ['heads'] and len(d['heads']) == 1 and "
            "d['heads'][0]['revision'] == 'r2' and "
            "d['heads'][0]['message'] == 'r2' and "
            "d['heads'][0]['branch_labels'] == ['lab']");
    run_free(&r);
    r = migrate("current --json");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'current': ['r1']}");
    run_free(&r);
    r = migrate("--json history");
    ck_run_status(r, 0);
    ck_json(r.out, "[x['revision'] for x in d['revisions']] == ['r2', 'r1'] "
            "and d['revisions'][0]['down_revisions'] == ['r1'] and "
            "d['revisions'][1]['down_revisions'] == [] and "
            "d['revisions'][0]['message'] == 'r2' and "
            "all(isinstance(x['created'], str) and x['created'] for x in "
            "d['revisions'])");
    run_free(&r);
    r = migrate("--json show r2");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'r2' and d['down_revisions'] == ['r1'] "
            "and d['message'] == 'r2'");
    run_free(&r);
    /* upgrade prints one document too, no progress text mixed in */
    r = migrate("--json upgrade head");
    ck_run_status(r, 0);
    ck_json(r.out, "isinstance(d, dict)");
    run_free(&r);
    ck_str_value(version_rows("app.db"), "r2");
    r = migrate("--json current");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'current': ['r2']}");
    run_free(&r);
}
END_TEST

/* ---- where the database is ---- */

static const struct {
    const char *migrate_url, *database_url, *url_opt;
    const char *want;
} url_cases[] = {
    { NULL, NULL, NULL, "cfg.db" },
    { NULL, "sqlite:///d.db", NULL, "d.db" },
    { "sqlite:///m.db", NULL, NULL, "m.db" },
    { "sqlite:///m.db", "sqlite:///d.db", NULL, "m.db" },
    { "sqlite:///m.db", "sqlite:///d.db", "sqlite:///u.db", "u.db" },
    { NULL, NULL, "sqlite:///u.db", "u.db" },
};

START_TEST(test_cli_url_precedence)
{
    static const char *const dbs[] = { "cfg.db", "d.db", "m.db", "u.db" };
    run_result r;
    size_t i;

    project_init();
    write_file("migrate.ini", "[migrate]\nscript_location = migrations\n"
               "url = sqlite:///cfg.db\n");
    write_revision("r1", "", NULL, "CREATE TABLE t1 (id INTEGER);",
                   "DROP TABLE t1;");
    if (url_cases[_i].migrate_url)
        setenv("MIGRATE_URL", url_cases[_i].migrate_url, 1);
    if (url_cases[_i].database_url)
        setenv("DATABASE_URL", url_cases[_i].database_url, 1);
    if (url_cases[_i].url_opt)
        r = migrate("upgrade head --url '%s'", url_cases[_i].url_opt);
    else
        r = migrate("upgrade head");
    ck_run_status(r, 0);
    run_free(&r);
    for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
        if (strcmp(dbs[i], url_cases[_i].want) == 0) {
            ck_str_value(version_rows(dbs[i]), "r1");
            ck_str_value(user_tables(dbs[i]), "t1");
        } else {
            ck_assert_msg(!path_exists(dbs[i]), "%s was used, want %s",
                          dbs[i], url_cases[_i].want);
        }
    }
}
END_TEST

START_TEST(test_cli_config_relative_paths)
{
    run_result r;

    /* proj/conf/c.ini points at proj/migrations; the database path is
     * relative to where migrate runs */
    r = shell("mkdir -p proj/conf proj/migrations/versions elsewhere");
    ck_run_status(r, 0);
    run_free(&r);
    write_file("proj/conf/c.ini", "[migrate]\nscript_location = "
               "../migrations\nurl = sqlite:///rel.db\n"
               "version_table = vt\n");
    r = migrate("-c proj/conf/c.ini revision -m one --rev-id r1");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert(path_exists("proj/migrations/versions/r1_one.sql"));
    ck_assert(!path_exists("proj/conf/migrations"));
    r = migrate("upgrade --config proj/conf/c.ini");
    ck_run_status(r, 0);
    run_free(&r);
    ck_assert(path_exists("rel.db"));
    ck_assert(!path_exists("proj/conf/rel.db"));
    ck_assert(!path_exists("proj/rel.db"));
    /* the configured version table and its log */
    ck_str_value(sqlite_value("rel.db", "SELECT version_num FROM vt"), "r1");
    ck_str_value(sqlite_value("rel.db", "SELECT revision || ':' || "
                              "direction FROM vt_log"), "r1:upgrade");
    ck_str_value(sqlite_value("rel.db", "SELECT count(*) FROM sqlite_master "
                              "WHERE name LIKE 'migrate%'"), "0");
    /* from another directory */
    r = shell("cd elsewhere && '%s' -c ../proj/conf/c.ini upgrade head",
              bin());
    ck_run_status(r, 0);
    run_free(&r);
    ck_str_value(sqlite_value("elsewhere/rel.db", "SELECT version_num FROM "
                              "vt"), "r1");
}
END_TEST

/* ---- concurrency and checksums ---- */

START_TEST(test_cli_concurrent_upgrades)
{
    char id[8], down[8], up[256], dn[64];
    run_result r;
    int i;

    project_init();
    for (i = 1; i <= 50; i++) {
        snprintf(id, sizeof(id), "r%02d", i % 100);
        if (i > 1)
            snprintf(down, sizeof(down), "r%02d", i - 1);
        else
            down[0] = '\0';
        /* the first step counts for a while, so that every run
         * overlaps */
        snprintf(up, sizeof(up), "CREATE TABLE t%02d (id INTEGER);%s", i,
                 i > 1 ? "" : "\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                 "SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) "
                 "FROM c;");
        snprintf(dn, sizeof(dn), "DROP TABLE t%02d;", i);
        write_revision(id, down, NULL, up, dn);
    }
    r = shell("( for i in 1 2 3 4 5 6 7 8; do "
              "( '%s' upgrade head >out.$i 2>&1; echo $? >rc.$i ) & done; "
              "wait; cat rc.1 rc.2 rc.3 rc.4 rc.5 rc.6 rc.7 rc.8 | "
              "tr -d '\\n' )", bin());
    ck_run_status(r, 0);
    if (strcmp(r.out, "00000000") != 0) {
        run_result o = shell("tail -n 5 out.*");
        ck_abort_msg("exit codes of the 8 runs: %s\n%s", r.out, o.out);
    }
    run_free(&r);
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM "
                              "migrate_version_log WHERE direction = "
                              "'upgrade'"), "50");
    ck_str_value(sqlite_value("app.db", "SELECT coalesce(group_concat("
                              "revision, ' '), '') FROM (SELECT revision, "
                              "count(*) FROM migrate_version_log WHERE "
                              "direction = 'upgrade' GROUP BY revision "
                              "HAVING count(*) != 1)"), "");
    ck_str_value(sqlite_value("app.db", "SELECT count(DISTINCT revision) FROM "
                              "migrate_version_log"), "50");
    ck_str_value(version_rows("app.db"), "r50");
    ck_str_value(sqlite_value("app.db", "SELECT count(*) FROM sqlite_master "
                              "WHERE type = 'table' AND name GLOB 't[0-9]*'"),
                 "50");
    /* the runs that found the work done while they waited say so */
    r = shell("( grep -l 'another migrate run applied' out.* | wc -l )");
    if (atoi(r.out) < 1) {
        run_result o = shell("tail -n 3 out.*");
        ck_abort_msg("no run says it waited:\n%s", o.out);
    }
    run_free(&r);
}
END_TEST

START_TEST(test_cli_edited_revision_warns)
{
    run_result r;
    FILE *f;

    three_revisions();
    ok("upgrade r2");
    f = fopen("migrations/versions/r1_r1.sql", "a");
    ck_assert_ptr_nonnull(f);
    fputs("-- edited after it was applied\n", f);
    fclose(f);
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.err, "warning");
    ck_contains(r.err, "migrations/versions/r1_r1.sql");
    ck_not_contains(r.err, "r2_r2.sql");
    run_free(&r);
    ck_str_value(version_rows("app.db"), "r3");
    r = migrate("downgrade -1");
    ck_run_status(r, 0);
    ck_contains(r.err, "migrations/versions/r1_r1.sql");
    run_free(&r);
    /* an untouched project does not warn */
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_not_contains(r.err, "r3_r3.sql");
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

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
cli_sqlite_suite(void)
{
    Suite *s = suite_create("cli_sqlite");

    tcase_add_test(tc(s, "init_and_upgrade"), test_cli_init_and_upgrade);
    tcase_add_test(tc(s, "init_files"), test_cli_init_files);
    tcase_add_test(tc(s, "init_twice"), test_cli_init_twice);
    tcase_add_test(tc(s, "init_newdir"), test_cli_init_newdir);
    tcase_add_loop_test(tc(s, "revision_slug"), test_cli_revision_slug, 0,
                        N(slug_cases));
    tcase_add_test(tc(s, "revision_generated_ids"),
                   test_cli_revision_generated_ids);
    tcase_add_test(tc(s, "revision_header"), test_cli_revision_header);
    tcase_add_test(tc(s, "revision_label_and_depends"),
                   test_cli_revision_label_and_depends);
    tcase_add_test(tc(s, "revision_head_base"), test_cli_revision_head_base);
    tcase_add_test(tc(s, "revision_splice"), test_cli_revision_splice);
    tcase_add_test(tc(s, "upgrade_targets"), test_cli_upgrade_targets);
    tcase_add_test(tc(s, "version_log"), test_cli_version_log);
    tcase_add_test(tc(s, "version_log_downgrade_checksum"),
                   test_cli_version_log_downgrade_checksum);
    tcase_add_test(tc(s, "failing_statement"),
                   test_cli_failing_statement_rolls_back);
    tcase_add_test(tc(s, "offline_sql"), test_cli_offline_sql_matches_online);
    tcase_add_test(tc(s, "offline_scheme_aliases"),
                   test_cli_offline_scheme_aliases);
    tcase_add_test(tc(s, "offline_downgrade"), test_cli_offline_downgrade);
    tcase_add_test(tc(s, "echo"), test_cli_echo);
    tcase_add_loop_test(tc(s, "stamp"), test_cli_stamp, 0, N(stamp_cases));
    tcase_add_test(tc(s, "trigger"), test_cli_trigger_online_offline);
    tcase_add_test(tc(s, "current_no_db_file"), test_cli_current_no_db_file);
    tcase_add_test(tc(s, "json_outputs"), test_cli_json_outputs);
    tcase_add_loop_test(tc(s, "url_precedence"), test_cli_url_precedence, 0,
                        N(url_cases));
    tcase_add_test(tc(s, "config_relative_paths"),
                   test_cli_config_relative_paths);
    tcase_add_test(tc(s, "concurrent_upgrades"), test_cli_concurrent_upgrades);
    tcase_add_test(tc(s, "edited_revision_warns"),
                   test_cli_edited_revision_warns);
    return s;
}
