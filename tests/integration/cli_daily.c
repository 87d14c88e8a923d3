/* cli_daily.c - issue 17, what a daily user misses next to Alembic:
 * `stamp --sql` (offline, run by each database's own client afterwards),
 * `current` and `show current` at base, `history --indicate-current`,
 * `heads` with inherited branch labels, and `-v` naming the config file and
 * the database (password masked) on stderr. Loop tests run once per
 * dialect: 0 SQLite, 1 PostgreSQL, 2 MariaDB (skipped when that server is
 * not configured). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "projects.h"
#include "servers.h"
#include "suites.h"

static void
setup(void)
{
    unsetenv("MIGRATE_URL");
    unsetenv("DATABASE_URL");
    project_enter();
}

static void teardown(void) { dialect_teardown(); }

/* r1 -> r2 -> r3, each creating a table (a, b, c). */
static void
three_steps(void)
{
    step_revision("r1", "", "", "CREATE TABLE a (id INTEGER);",
                  "DROP TABLE a;");
    step_revision("r2", "r1", "", "CREATE TABLE b (id INTEGER);",
                  "DROP TABLE b;");
    step_revision("r3", "r2", "", "CREATE TABLE c (id INTEGER);",
                  "DROP TABLE c;");
}

/* `migrate ARGS` must exit 0; its stdout (caller frees). */
static char *
out_of(const char *args)
{
    run_result r = migrate("%s", args);
    char *out;

    ck_assert_msg(r.status == 0, "migrate %s: exit %d\n%s%s", args, r.status,
                  r.out, r.err);
    out = r.out;
    free(r.err);
    return out;
}

/* Write `migrate stamp --sql RANGE` to stamp.sql and run it with d's own
 * client. */
static void
run_stamp_script(int d, const char *args)
{
    char *script = out_of(args);
    run_result r;

    write_file("stamp.sql", script);
    free(script);
    if (d == SQLITE) {
        r = shell("sqlite3 -bail app.db '.read stamp.sql'");
        ck_run_status(r, 0);
        run_free(&r);
    } else {
        ck_assert_int_eq(server_run_file(&servers[d - 1], "stamp.sql"), 0);
    }
}

/* ---- stamp --sql ----------------------------------------------------- */

START_TEST(test_daily_stamp_sql_runs)
{
    const int d = _i;

    if (!dialect_project(d, NULL))
        return;
    three_steps();
    /* offline: the SQLite file is not even created */
    run_stamp_script(d, "stamp --sql head");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r3");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'stamp' AND revision = 'r3' AND "
                     "length(checksum) = 64", "1");
    /* no revision SQL ran */
    ck_dialect_value(d, dialect_table_count_sql(d, "a"), "0");
    /* FROM:TO moves the row; a relative target counts from FROM */
    run_stamp_script(d, "stamp --sql r3:-2");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r1");
    /* --purge empties the table first, whatever it holds */
    ck_dialect_value(d, "INSERT INTO migrate_version VALUES ('zzz')", "");
    run_stamp_script(d, "stamp --sql --purge r2");
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r2");
    run_stamp_script(d, "stamp --sql r2:base");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version", "0");
    ck_dialect_value(d, "SELECT count(*) FROM migrate_version_log WHERE "
                     "direction = 'stamp' AND revision = 'base'", "1");
}
END_TEST

/* The exact script, and no connection: an unreachable server is fine. */
START_TEST(test_daily_stamp_sql_text)
{
    char want[4096], *sum;
    run_result r;

    project_init();
    three_steps();
    sum = sha256_file("migrations/versions/r3_step.sql");
    snprintf(want, sizeof(want),
             "-- migrate stamp script for sqlite (r1:r3)\n\n"
             "CREATE TABLE IF NOT EXISTS \"migrate_version\" (version_num "
             "VARCHAR(32) NOT NULL PRIMARY KEY);\n"
             "CREATE TABLE IF NOT EXISTS \"migrate_version_log\" (id INTEGER "
             "PRIMARY KEY, revision VARCHAR(32) NOT NULL, direction "
             "VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at DATETIME "
             "NOT NULL, duration_ms INTEGER);\n"
             "BEGIN;\n"
             "UPDATE \"migrate_version\" SET version_num = 'r3' WHERE "
             "version_num = 'r1';\n"
             "INSERT INTO \"migrate_version_log\" (revision, direction, "
             "checksum, applied_at, duration_ms) VALUES ('r3', 'stamp', '%s', "
             "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now'), 0);\n"
             "COMMIT;\n", sum);
    free(sum);
    r = migrate("stamp --sql r1:r3");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, want);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    ck_assert(!path_exists("app.db"));
    r = migrate("--url 'postgresql://u:s3cretpw@127.0.0.1:1/x' stamp --sql "
                "head");
    ck_run_status(r, 0);
    ck_contains(r.out, "-- migrate stamp script for postgresql (base:head)\n");
    ck_contains(r.out, "INSERT INTO \"migrate_version\" (version_num) VALUES "
                "('r3');\n");
    run_free(&r);
    r = migrate("stamp --sql r1:");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: stamp --sql needs a TARGET "
                     "(FROM:TARGET or TARGET)\n");
    run_free(&r);
    r = migrate("stamp --sql nosuch");
    ck_run_status(r, 2);
    ck_contains(r.err, "nosuch");
    run_free(&r);
    ck_assert(!path_exists("app.db"));
}
END_TEST

/* ---- current and show current at base --------------------------------- */

START_TEST(test_daily_current_base)
{
    const int d = _i;
    char *out;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    three_steps();
    out = out_of("current");
    ck_assert_str_eq(out, "(base) (no version table 'migrate_version')\n");
    free(out);
    out = out_of("show current");
    ck_assert_str_eq(out, "(base) (no version table 'migrate_version')\n");
    free(out);
    if (d == SQLITE)
        ck_assert(!path_exists("app.db"));
    /* --json keeps its shape */
    r = migrate("--json current");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'current': []}");
    run_free(&r);
    r = migrate("--json show current");
    ck_run_status(r, 0);
    ck_json(r.out, "d == {'revisions': []}");
    run_free(&r);
    /* an empty version table */
    ck_dialect_value(d, "CREATE TABLE migrate_version (version_num "
                     "VARCHAR(32) NOT NULL PRIMARY KEY)", "");
    out = out_of("current");
    ck_assert_str_eq(out, "(base)\n");
    free(out);
    out = out_of("show current");
    ck_assert_str_eq(out, "(base)\n");
    free(out);
    /* at a revision */
    free(out_of("upgrade r2"));
    out = out_of("current");
    ck_assert_str_eq(out, "r2\n");
    free(out);
    out = out_of("show current");
    ck_contains(out, "Rev: r2\nParent: r1\n");
    free(out);
    r = migrate("--json show current");
    ck_run_status(r, 0);
    ck_json(r.out, "d['revision'] == 'r2' and d['down_revisions'] == ['r1']");
    run_free(&r);
}
END_TEST

START_TEST(test_daily_show_current_unknown)
{
    run_result r;

    project_init();
    three_steps();
    free(out_of("upgrade r1"));
    free(sqlite_value("app.db", "UPDATE migrate_version SET version_num = "
                      "'gone'"));
    r = migrate("show current");
    ck_run_status(r, 2);
    ck_assert_str_eq(r.err, "migrate: the database is at revision 'gone', "
                     "which is not in 'migrations/versions'\n");
    run_free(&r);
}
END_TEST

/* ---- history --indicate-current ------------------------------------ */

START_TEST(test_daily_history_indicate_current)
{
    char *out;
    run_result r;

    project_init();
    three_steps();
    out = out_of("history -i");
    ck_assert_str_eq(out, "r2 -> r3 (head), step r3\n"
                     "r1 -> r2, step r2\n"
                     "<base> -> r1, step r1\n");
    free(out);
    ck_assert(!path_exists("app.db"));
    free(out_of("upgrade r2"));
    out = out_of("history --indicate-current");
    ck_assert_str_eq(out, "r2 -> r3 (head), step r3\n"
                     "r1 -> r2 (current), step r2\n"
                     "<base> -> r1, step r1\n");
    free(out);
    out = out_of("-v history -i -r r2:r2");
    ck_contains(out, "Rev: r2 (current)\nParent: r1\n");
    free(out);
    /* without the option, nothing changes */
    out = out_of("history");
    ck_not_contains(out, "(current)");
    free(out);
    r = migrate("--json history -i");
    ck_run_status(r, 0);
    ck_json(r.out, "[(x['revision'], x['is_current']) for x in "
            "d['revisions']] == [('r3', False), ('r2', True), ('r1', False)]"
            " and d['revisions'][0]['message'] == 'step r3'");
    run_free(&r);
    r = migrate("--json history");
    ck_run_status(r, 0);
    ck_json(r.out, "all('is_current' not in x for x in d['revisions'])");
    run_free(&r);
    /* two heads applied: both marked */
    step_revision("r4", "r2", "", "CREATE TABLE e (id INTEGER);",
                  "DROP TABLE e;");
    free(out_of("upgrade heads"));
    out = out_of("history -i");
    ck_contains(out, "r2 -> r3 (head) (current), step r3\n");
    ck_contains(out, "r2 -> r4 (head) (current), step r4\n");
    free(out);
}
END_TEST

/* ---- heads with inherited labels --------------------------------------- */

START_TEST(test_daily_heads_inherited_labels)
{
    char *out;
    run_result r;

    project_init();
    step_revision("r1", "", "-- branch_labels: core\n", "", "");
    step_revision("r2", "r1", "", "", "");
    step_revision("r3", "r1", "-- branch_labels: feat\n", "", "");
    step_revision("r4", "r3", "", "", "");
    out = out_of("heads");
    ck_assert_str_eq(out, "r2 (core) (head)\nr4 (feat, core) (head)\n");
    free(out);
    r = migrate("--json heads");
    ck_run_status(r, 0);
    ck_json(r.out, "[(h['revision'], h['branch_labels'], "
            "h['effective_branch_labels']) for h in d['heads']] == "
            "[('r2', [], ['core']), ('r4', [], ['feat', 'core'])]");
    run_free(&r);
    /* the label targets agree with what heads shows */
    out = out_of("show feat@head");
    ck_contains(out, "Rev: r4 (head)\n");
    free(out);
}
END_TEST

/* ---- -v names the config and the database ------------------------------ */

START_TEST(test_daily_verbose_names_sources)
{
    run_result r;

    project_init();
    three_steps();
    r = migrate("-v current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "migrate: using config migrate.ini\n"
                     "migrate: using database sqlite:///app.db (from "
                     "migrate.ini)\n");
    run_free(&r);
    r = migrate("current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("-q -v current");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("-v --url 'postgresql://app:s3cretpw@127.0.0.1:1/x' "
                "current");
    ck_run_status(r, 3);
    ck_contains(r.err, "migrate: using database postgresql://app:***@"
                "127.0.0.1:1/x (from --url)\n");
    ck_not_contains(r.err, "s3cretpw");
    ck_not_contains(r.out, "s3cretpw");
    run_free(&r);
    r = shell("MIGRATE_URL=sqlite:///other.db '%s' -c migrate.ini -v "
              "upgrade --sql r1", getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "migrate: using config migrate.ini\n"
                     "migrate: using database sqlite:///other.db (from "
                     "MIGRATE_URL)\n");
    run_free(&r);
    ck_assert(!path_exists("other.db"));
    /* no config: only the database */
    unlink("migrate.ini");
    r = shell("DATABASE_URL=sqlite:///app.db '%s' -v current",
              getenv("MIGRATE_BIN"));
    ck_run_status(r, 0);
    ck_contains(r.err, "migrate: using database sqlite:///app.db (from "
                "DATABASE_URL)\n");
    ck_not_contains(r.err, "using config");
    run_free(&r);
}
END_TEST

/* ---- progress -------------------------------------------------------- */

/* `migrate ARGS` on a pseudo-terminal (script(1)): what the terminal got,
 * stdout and stderr together. */
static run_result
on_terminal(const char *args)
{
    return shell("script -qec \"'%s' %s\" /dev/null", getenv("MIGRATE_BIN"),
                 args);
}

/* On a terminal, upgrade and downgrade of several revisions draw a live
 * line on stderr (redrawn with \r, cleared at the end); not on a pipe,
 * unless -v (plain lines); never with -q. */
START_TEST(test_daily_progress_runs)
{
    const int d = _i;
    run_result r;

    if (!dialect_project(d, NULL))
        return;
    three_steps();
    r = on_terminal("upgrade head");
    ck_run_status(r, 0);
    ck_contains(r.out, "\r\033[Kupgrade: 0/3 revisions (0%), 0:00 elapsed, "
                "ETA --:--");
    ck_contains(r.out, "\r\033[KRunning upgrade r2 -> r3, step r3\r\n");
    ck_contains(r.out, "\r\033[Kupgrade: 2/3 revisions (");
    ck_assert_msg(strlen(r.out) >= 4 && strcmp(r.out + strlen(r.out) - 4,
                                               "\r\033[K") == 0,
                  "the live line is not cleared at the end:\n%s", r.out);
    run_free(&r);
    ck_dialect_value(d, "SELECT version_num FROM migrate_version", "r3");
    r = on_terminal("-q downgrade base");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "");
    run_free(&r);
    /* not a terminal: the output stays exactly as it was */
    r = migrate("upgrade head");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "Running upgrade  -> r1, step r1\n"
                     "Running upgrade r1 -> r2, step r2\n"
                     "Running upgrade r2 -> r3, step r3\n");
    ck_assert_str_eq(r.err, "");
    run_free(&r);
    r = migrate("-v downgrade base");
    ck_run_status(r, 0);
    ck_contains(r.err, "migrate: downgrade: 3/3 revisions (100%), ");
    ck_not_contains(r.err, "\r");
    run_free(&r);
    r = on_terminal("downgrade base");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.out, "nothing to downgrade: the database is already "
                     "at the target\r\n");
    run_free(&r);
}
END_TEST

/* check's replay of the migrations shows the same line on a terminal. */
START_TEST(test_daily_progress_check)
{
    run_result r;

    project_init();
    three_steps();
    write_file("models.sql", "CREATE TABLE a (id INTEGER);\n"
               "CREATE TABLE b (id INTEGER);\nCREATE TABLE c (id INTEGER);\n");
    r = on_terminal("check --no-db --no-cache");
    ck_run_status(r, 0);
    ck_contains(r.out, "\r\033[Kreplaying migrations: 0/3 revisions (0%)");
    ck_contains(r.out, "\r\033[Kok: models, migrations (database not "
                "checked) agree\r\n");
    run_free(&r);
    r = migrate("check --no-db --no-cache");
    ck_run_status(r, 0);
    ck_assert_str_eq(r.err, "");
    ck_assert_str_eq(r.out, "ok: models, migrations (database not checked) "
                     "agree\n");
    run_free(&r);
}
END_TEST

/* ---- --help grammar and the man page --------------------------------- */

/* The man page as plain text: font escapes dropped, "\-" as "-". */
static char *
man_text(void)
{
    char path[1024], *raw, *out, *o;
    const char *p;

    snprintf(path, sizeof(path), "%s/doc/migrate.1", getenv("MIGRATE_SRCDIR"));
    raw = read_file(path);
    ck_assert_msg(raw != NULL, "cannot read %s", path);
    o = out = malloc(strlen(raw) + 1);
    ck_assert_ptr_nonnull(out);
    for (p = raw; *p; p++) {
        if (p[0] == '\\' && p[1] == 'f' && p[2]) {
            p += 2;                     /* \fB \fI \fR \fP */
        } else if (p[0] == '\\' && (p[1] == '-' || p[1] == '&')) {
            if (p[1] == '-')
                *o++ = '-';
            p++;
        } else if (p[0] == '\\' && p[1] == '(' && p[2] && p[3]) {
            *o++ = '-';                 /* \(en */
            p += 3;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    free(raw);
    return out;
}

/* The man page's text from the line starting with head up to the next
 * .SS or .SH line (caller frees); NULL when there is no such line. */
static char *
man_section(const char *man, const char *head)
{
    const char *at = man, *end;
    size_t n = strlen(head);

    while ((at = strstr(at, head)) != NULL) {
        if ((at == man || at[-1] == '\n') &&
            (at[n] == ' ' || at[n] == '"' || at[n] == '\n'))
            break;
        at += n;
    }
    if (!at)
        return NULL;
    for (end = strchr(at, '\n'); end && strncmp(end, "\n.SS", 4) != 0 &&
         strncmp(end, "\n.SH", 4) != 0; end = strchr(end + 1, '\n'))
        ;
    return strndup(at, end ? (size_t)(end - at) : strlen(at));
}

/* 1 when opt ("--sql", "-m") appears in text as a whole option. */
static int
names_option(const char *text, const char *opt)
{
    const char *at = text;
    size_t n = strlen(opt);

    while ((at = strstr(at, opt)) != NULL) {
        char before = at == text ? ' ' : at[-1], after = at[n];
        if (before != '-' && !(after == '-' || (after >= 'a' &&
                                                after <= 'z')))
            return 1;
        at += n;
    }
    return 0;
}

/* Check that every option in the "options:" (or "global options") block of
 * a --help text appears in section; returns how many were checked. */
static int
check_options(const char *help, const char *block, const char *section,
              const char *what)
{
    const char *p = strstr(help, block);
    int checked = 0;

    if (!p)
        return 0;
    for (p = strchr(p + 1, '\n'); p && p[1] == ' ';
         p = strchr(p + 1, '\n')) {
        const char *w = p + 1;
        char opt[64];
        while (*w == ' ')
            w++;
        while (*w == '-') {
            size_t n = strcspn(w, ", \n");
            ck_assert_uint_lt(n, sizeof(opt));
            memcpy(opt, w, n);
            opt[n] = '\0';
            ck_assert_msg(names_option(section, opt), "the man page's "
                          "section for %s lacks %s", what, opt);
            checked++;
            w += n;
            w += strspn(w, ", ");
        }
    }
    return checked;
}

/* Every command and option --help prints is in the man page, in that
 * command's section; every environment variable the sources read and
 * every exit code too. */
START_TEST(test_daily_man_page_matches_help)
{
    char *man = man_text(), *main_help, *sec, *p, name[64];
    run_result r, env;
    int commands = 0, options = 0;

    r = migrate("--help");
    ck_run_status(r, 0);
    main_help = r.out;
    free(r.err);
    sec = man_section(man, ".SH GLOBAL OPTIONS");
    ck_assert_ptr_nonnull(sec);
    options += check_options(main_help, "\nglobal options", sec, "global "
                             "options");
    free(sec);
    for (p = strstr(main_help, "\ncommands:\n") + 11; p[0] == ' ';
         p = strchr(p, '\n') + 1) {
        char head[96];
        size_t n = strcspn(p + 2, " ");
        ck_assert_uint_lt(n, sizeof(name));
        memcpy(name, p + 2, n);
        name[n] = '\0';
        snprintf(head, sizeof(head), ".SS \"migrate %s", name);
        sec = man_section(man, head);
        ck_assert_msg(sec != NULL, "the man page has no section "
                      "'.SS \"migrate %s ...'", name);
        r = migrate("%s --help", name);
        ck_run_status(r, 0);
        options += check_options(r.out, "\noptions:", sec, name);
        run_free(&r);
        free(sec);
        commands++;
    }
    ck_assert_int_ge(commands, 16);
    ck_assert_int_ge(options, 40);
    /* environment variables read anywhere in lib/, bin/ and dialects/ */
    env = shell("(cd '%s' && grep -rhoE 'getenv\\(\"[A-Z_]+\"\\)' lib bin "
                "dialects | sort -u | sed 's/getenv(\"//; s/\")//')",
                getenv("MIGRATE_SRCDIR"));
    ck_run_status(env, 0);
    ck_assert_msg(strstr(env.out, "MIGRATE_URL\n") != NULL, "no getenv "
                  "found:\n%s", env.out);
    sec = man_section(man, ".SH ENVIRONMENT");
    ck_assert_ptr_nonnull(sec);
    for (p = strtok(env.out, "\n"); p; p = strtok(NULL, "\n")) {
        char want[96];
        snprintf(want, sizeof(want), "\n.B %s\n", p);
        ck_assert_msg(strstr(sec, want) != NULL, "the man page's "
                      "ENVIRONMENT lacks %s", p);
    }
    free(sec);
    run_free(&env);
    /* exit codes, as the main help lists them */
    sec = man_section(man, ".SH EXIT STATUS");
    ck_assert_ptr_nonnull(sec);
    p = strstr(main_help, "exit codes: ");
    ck_assert_ptr_nonnull(p);
    for (p += 12; *p >= '0' && *p <= '9'; p = strstr(p, ", ") + 2) {
        char want[16];
        snprintf(want, sizeof(want), "\n.B %c\n", *p);
        ck_assert_msg(strstr(sec, want) != NULL, "the man page's EXIT "
                      "STATUS lacks %c", *p);
        if (!strstr(p, ", "))
            break;
    }
    free(sec);
    free(main_help);
    free(man);
}
END_TEST

/* Each command's --help states the grammar of its arguments (where it
 * takes any) and two examples. */
static const struct {
    const char *command;
    const char *grammar[8];
} grammar_cases[] = {
    { "upgrade", { "  head ", "  heads ", "  REV ", "  +N ", "  REV+N ",
                   "  LABEL@head ", "  FROM:TO " } },
    { "downgrade", { "  base ", "  REV ", "  -N ", "  REV-N ", "  REV@-1 ",
                     "  LABEL@base ", "  FROM:TO " } },
    { "stamp", { "  head, heads ", "  base ", "  REV ", "  +N, -N ",
                 "  REV+N, REV-N ", "  LABEL@head ", "  REV@-1 ",
                 "  FROM:TO " } },
    { "show", { "  REV ", "  head, heads ", "  current ", "  LABEL@head " } },
    { "history", { "LOWER:UPPER", "current", "  REV " } },
    { "revision", { "--head REV:", "  base ", "  LABEL@head " } },
    { "merge", { "  heads ", "  REV " } },
    { "diff", { "  models[:PATH] ", "  db[:URL] ", "  migrations[@REV] ",
                "  git:REF " } },
    { "inspect", { "  models[:PATH] ", "  db[:URL] ", "  migrations[@REV] ",
                   "  git:REF " } },
    { "erd", { "  models[:PATH] ", "  db[:URL] ", "  migrations[@REV] ",
               "  git:REF " } },
    { "sorted-tables", { "  models[:PATH] ", "  migrations[@REV] " } },
    { "check", { "REF (--base)" } },
    { "init", { "DIR:" } },
    { "current", { NULL } },
    { "heads", { NULL } },
    { "branches", { NULL } },
};

START_TEST(test_daily_help_grammar_examples)
{
    const char *cmd = grammar_cases[_i].command, *ex;
    char want[64];
    run_result r = migrate("%s --help", cmd);
    int i, n = 0;

    ck_run_status(r, 0);
    for (i = 0; i < 8 && grammar_cases[_i].grammar[i]; i++)
        ck_contains(r.out, grammar_cases[_i].grammar[i]);
    ex = strstr(r.out, "\nexamples:\n");
    ck_assert_msg(ex != NULL, "%s --help has no examples:\n%s", cmd, r.out);
    snprintf(want, sizeof(want), "\n  migrate %s", cmd);
    for (ex = strstr(ex, want); ex; ex = strstr(ex + 1, want))
        n++;
    snprintf(want, sizeof(want), "\n  migrate -v %s", cmd);
    for (ex = strstr(r.out, want); ex; ex = strstr(ex + 1, want))
        n++;
    snprintf(want, sizeof(want), "\n  migrate --json %s", cmd);
    for (ex = strstr(r.out, want); ex; ex = strstr(ex + 1, want))
        n++;
    ck_assert_msg(n == 2, "%s --help: %d examples, want 2\n%s", cmd, n,
                  r.out);
    run_free(&r);
}
END_TEST

/* ---- shell completion ------------------------------------------------ */

/* The words a completion script offers for a command line; shell is
 * "bash" or "zsh", line the words after the binary, the last one being
 * completed (caller frees). */
static char *
complete_words(const char *shell_name, const char *line)
{
    char script[2048];
    run_result r;

    if (strcmp(shell_name, "bash") == 0)
        snprintf(script, sizeof(script),
                 "source '%s/doc/completion/bash/migrate'\n"
                 "COMP_WORDS=('%s' %s)\n"
                 "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                 "_migrate\n"
                 "printf '%%s\\n' \"${COMPREPLY[*]}\"\n",
                 getenv("MIGRATE_SRCDIR"), getenv("MIGRATE_BIN"), line);
    else
        snprintf(script, sizeof(script),
                 "compadd() { [[ $1 == -- ]] && shift;"
                 " [[ $1 == -a ]] && set -- ${(P)2}; offered+=($@) }\n"
                 "_files() { offered+=(FILES) }\n"
                 "source '%s/doc/completion/zsh/_migrate'\n"
                 "offered=()\n"
                 "words=('%s' %s)\n"
                 "CURRENT=$#words\n"
                 "_migrate\n"
                 "print -r -- \"${offered[*]}\"\n",
                 getenv("MIGRATE_SRCDIR"), getenv("MIGRATE_BIN"), line);
    write_file("complete.sh", script);
    r = shell("%s %s complete.sh", shell_name,
              strcmp(shell_name, "zsh") == 0 ? "-f" : "--norc");
    ck_run_status(r, 0);
    free(r.err);
    r.out[strcspn(r.out, "\n")] = '\0';
    return r.out;
}

static const struct {
    const char *line, *bash, *zsh;   /* zsh: compadd filters, not us */
} completion_cases[] = {
    { "up", "upgrade", NULL },
    { "-v ''", "init revision merge upgrade downgrade stamp current heads "
      "branches history show check lint diff inspect erd sorted-tables "
      "baseline squash rebase import", NULL },
    { "upgrade ''", "head heads base r3 r2 r1 lab lab@head lab@base", NULL },
    { "downgrade la", "lab lab@head lab@base",
      "head heads base r3 r2 r1 lab lab@head lab@base" },
    { "show cu", "current", NULL },
    { "upgrade --one", "--one-transaction", NULL },
    { "stamp --s", "--sql", NULL },
    { "history -", "-i --indicate-current -r --rev-range -c --config --url "
      "--json -q --quiet -v --verbose --echo -h --help", NULL },
    { "revision --head ''", "head base r3 r2 r1 lab lab@head lab@base",
      NULL },
    { "diff --from ''", "models db migrations git:", NULL },
    { "erd --format ''", "mermaid dot svg", NULL },
    { "inspect --format ''", "sql json", NULL },
    { "--url x ''", "init revision merge upgrade downgrade stamp current "
      "heads branches history show check lint diff inspect erd sorted-tables "
      "baseline squash rebase import", NULL },
};

/* Commands, options (read from --help), revision ids and labels (read
 * from history and heads) in bash, and in zsh where it is installed. */
START_TEST(test_daily_completion)
{
    const char *shells[] = { "bash", "zsh" };
    size_t i, k;
    run_result r;

    project_init();
    step_revision("r1", "", "", "", "");
    step_revision("r2", "r1", "-- branch_labels: lab\n", "", "");
    step_revision("r3", "r2", "", "", "");
    r = shell("command -v zsh");
    for (k = 0; k < (r.status == 0 ? 2u : 1u); k++)
        for (i = 0; i < sizeof(completion_cases) /
                        sizeof(completion_cases[0]); i++) {
            const char *want = completion_cases[i].bash;
            char *got = complete_words(shells[k], completion_cases[i].line);
            if (k == 1 && completion_cases[i].zsh)
                want = completion_cases[i].zsh;
            ck_assert_msg(k == 1 ? strstr(got, want) != NULL
                                 : strcmp(got, want) == 0,
                          "%s: migrate %s\n  offers '%s'\n  want   '%s'",
                          shells[k], completion_cases[i].line, got, want);
            free(got);
        }
    run_free(&r);
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

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
cli_daily_suite(void)
{
    Suite *s = suite_create("cli_daily");

    tcase_add_loop_test(tc(s, "stamp_sql_runs"), test_daily_stamp_sql_runs,
                        0, 3);
    tcase_add_test(tc(s, "stamp_sql_text"), test_daily_stamp_sql_text);
    tcase_add_loop_test(tc(s, "current_base"), test_daily_current_base, 0,
                        3);
    tcase_add_test(tc(s, "show_current_unknown"),
                   test_daily_show_current_unknown);
    tcase_add_test(tc(s, "history_indicate_current"),
                   test_daily_history_indicate_current);
    tcase_add_test(tc(s, "heads_inherited_labels"),
                   test_daily_heads_inherited_labels);
    tcase_add_test(tc(s, "verbose_names_sources"),
                   test_daily_verbose_names_sources);
    tcase_add_test(tc(s, "man_page_matches_help"),
                   test_daily_man_page_matches_help);
    tcase_add_test(tc(s, "completion"), test_daily_completion);
    tcase_add_loop_test(tc(s, "progress_runs"), test_daily_progress_runs, 0,
                        3);
    tcase_add_test(tc(s, "progress_check"), test_daily_progress_check);
    tcase_add_loop_test(tc(s, "help_grammar_examples"),
                        test_daily_help_grammar_examples, 0,
                        (int)(sizeof(grammar_cases) /
                              sizeof(grammar_cases[0])));
    return s;
}
