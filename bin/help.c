/* help.c - `migrate --help` and `migrate COMMAND --help`, both printed
 * from the tables the parser reads: the command table (cli_commands), each
 * command's option table and the global one (cli_global_opts), so no
 * option is listed by hand. Below a command's options come the grammar of
 * its arguments (revision targets, history ranges, schema sources) and
 * two examples: one row per command, kept apart from the command table so
 * the grammar is written once per kind of argument and each command picks
 * the blocks that apply to it. The man page
 * (doc/migrate.1) repeats these blocks; a test checks that it names every
 * option --help prints. */
#include "cli.h"

#include <string.h>

#define TARGET_REV \
    "  REV           a revision id, a unique prefix of it (4 or more\n" \
    "                characters) or a branch label\n"

static const char grammar_upgrade[] =
    "TARGET:\n"
    "  head          the head (an error when there are several: name one)\n"
    "  heads         every head\n"
    TARGET_REV
    "  +N            N revisions up from where the database is\n"
    "  REV+N         N revisions up from REV\n"
    "  LABEL@head    the head of branch LABEL (LABEL@+N: N up on it)\n"
    "  FROM:TO       with --sql: the script from FROM (default: base) to TO\n";

static const char grammar_downgrade[] =
    "TARGET:\n"
    "  base          revert every revision\n"
    TARGET_REV
    "                (the revisions above it are reverted; it stays)\n"
    "  -N            N revisions down from where the database is\n"
    "  REV-N         N revisions down from REV\n"
    "  REV@-1        one revision down on REV's branch: what -1 means when\n"
    "                the database is at several heads\n"
    "  LABEL@base    revert branch LABEL entirely (LABEL@-N: N down on it)\n"
    "  FROM:TO       with --sql: the script from FROM (default: the heads)\n"
    "                to TO\n";

static const char grammar_stamp[] =
    "TARGET:\n"
    "  head, heads   the head, every head\n"
    "  base          no revision (the version table is emptied)\n"
    TARGET_REV
    "  +N, -N        N revisions up or down from where the database is\n"
    "  REV+N, REV-N  N revisions up or down from REV\n"
    "  LABEL@head    the head of branch LABEL\n"
    "  REV@-1        one revision down on REV's branch\n"
    "  FROM:TO       with --sql: the rows FROM (default: base) become TO\n";

static const char grammar_show[] =
    "REV:\n"
    TARGET_REV
    "  head, heads   the head, every head\n"
    "  current       the revision(s) the database is at\n"
    "  LABEL@head    the head of branch LABEL\n"
    "  REV+N, REV-N  N revisions up or down from REV\n";

static const char grammar_history[] =
    "LOWER:UPPER (either side may be empty: base and heads):\n"
    "  base, head, heads, current (where the database is)\n"
    TARGET_REV
    "  REV+N, REV-N, LABEL@head\n";

static const char grammar_revision[] =
    "--head REV:\n"
    "  head          the head (default)\n"
    "  base          none: the new revision is a new root\n"
    TARGET_REV
    "                (not a head: add --splice)\n"
    "  LABEL@head    the head of branch LABEL\n"
    "--depends-on REV: a revision id, prefix or branch label\n";

static const char grammar_merge[] =
    "REV...:\n"
    "  heads         every head\n"
    TARGET_REV
    "                (two or more)\n";

#define SRC_FORMS \
    "  models[:PATH]     the model file or directory (default: models in\n" \
    "                    the config)\n" \
    "  db[:URL]          a database, reflected (default: the URL in force)\n" \
    "  migrations[@REV]  the revisions up to REV (default: heads) replayed\n" \
    "                    on a scratch database of the dialect\n" \
    "  git:REF           the model file as committed at git ref REF\n"

static const char grammar_src[] = "SRC:\n" SRC_FORMS;

static const char grammar_check[] =
    "REF (--base): a git ref (branch, tag, commit) whose revisions must\n"
    "stay unchanged and whose heads this checkout must join\n";

static const char grammar_init[] =
    "DIR: the project root (created when missing; default: .); an existing\n"
    "migrate.ini is never overwritten\n";

static const char grammar_squash[] =
    "FROM:TO: two revisions (id, unique prefix, label, head), FROM at or\n"
    "below TO, every revision between them with one parent and one child;\n"
    "the new revision keeps TO's id and lists the others in replaces\n";

static const char grammar_rebase[] =
    "BRANCH_HEAD, HEAD: two heads (id, unique prefix, label); the revisions\n"
    "of BRANCH_HEAD that HEAD lacks move on top of HEAD; refused when the\n"
    "configured database has one of them applied\n";

static const char grammar_import[] =
    "alembic DIR: the Alembic project (its alembic.ini); revision modules\n"
    "are read as text, never run; their SQL comes from 'alembic upgrade\n"
    "--sql' when the alembic command is installed (else exit 1: each file\n"
    "says its SQL must be filled in)\n";

typedef struct help_row {
    const char *command;
    const char *grammar;   /* NULL: the command takes no argument */
    const char *examples;  /* two, each "  migrate ...  # what it does" */
} help_row;

static const help_row rows[] = {
    { "init", grammar_init,
      "  migrate init                          # a project here\n"
      "  migrate init app                      # a project in ./app\n" },
    { "revision", grammar_revision,
      "  migrate revision -m 'add users'       # an empty revision to fill\n"
      "  migrate revision --autogenerate -m 'add posts'\n"
      "                                        # the SQL from the models\n" },
    { "merge", grammar_merge,
      "  migrate merge -m 'join' heads         # join every head\n"
      "  migrate merge -m 'join' 1a2b 3c4d     # join two revisions\n" },
    { "upgrade", grammar_upgrade,
      "  migrate upgrade                       # apply every pending "
      "revision\n"
      "  migrate upgrade --sql base:head > up.sql\n"
      "                                        # the script, no connection\n" },
    { "downgrade", grammar_downgrade,
      "  migrate downgrade -1                  # revert the last revision\n"
      "  migrate downgrade --sql head:base > down.sql\n"
      "                                        # the script, no connection\n" },
    { "stamp", grammar_stamp,
      "  migrate stamp head                    # record the head, run no "
      "SQL\n"
      "  migrate stamp --sql base:head         # the SQL that records it\n" },
    { "current", NULL,
      "  migrate current                       # e.g. 1a2b3c4d5e6f (head)\n"
      "  migrate -v current                    # also the config and the "
      "database\n" },
    { "heads", NULL,
      "  migrate heads                         # e.g. 1a2b3c4d5e6f (feat) "
      "(head)\n"
      "  migrate --json heads                  # for scripts\n" },
    { "branches", NULL,
      "  migrate branches                      # revisions with several "
      "children\n"
      "  migrate --json branches               # for scripts\n" },
    { "history", grammar_history,
      "  migrate history -r current:heads      # what upgrade would apply\n"
      "  migrate history -i                    # mark where the database "
      "is\n" },
    { "show", grammar_show,
      "  migrate show head                     # the newest revision\n"
      "  migrate show current                  # where the database is\n" },
    { "check", grammar_check,
      "  migrate check                         # models, migrations and "
      "database\n"
      "  migrate check --no-db --base origin/main --format github\n"
      "                                        # a pull request in CI\n" },
    { "lint", NULL,
      "  migrate lint                          # the revisions not yet "
      "applied\n"
      "  migrate lint --base origin/main --format github\n"
      "                                        # what a pull request adds\n" },
    { "diff", grammar_src,
      "  migrate diff --from db --to models    # SQL the database lacks\n"
      "  migrate diff --from git:main --to models\n"
      "                                        # what a branch changed\n" },
    { "inspect", grammar_src,
      "  migrate inspect                       # the database as DDL\n"
      "  migrate inspect --from migrations --format json\n"
      "                                        # the replayed schema\n" },
    { "erd", grammar_src,
      "  migrate erd -o schema.svg             # the models as SVG\n"
      "  migrate erd --from db --around users:2\n"
      "                                        # two hops around users\n" },
    { "sorted-tables", grammar_src,
      "  migrate sorted-tables                 # creation order\n"
      "  migrate sorted-tables --from db --reverse\n"
      "                                        # the order to drop in\n" },
    { "baseline", NULL,
      "  migrate baseline                      # adopt the database as it "
      "is\n"
      "  migrate baseline -m 'schema of v1.4'  # with a message\n" },
    { "squash", grammar_squash,
      "  migrate squash 1a2b:9f8e              # one revision for the run\n"
      "  migrate squash base_rev:head -m 'schema of v2'\n"
      "                                        # the whole linear history\n" },
    { "rebase", grammar_rebase,
      "  migrate rebase 3c4d --onto 1a2b       # 3c4d's branch after 1a2b\n"
      "  migrate rebase feature@head --onto main@head\n"
      "                                        # by branch label\n" },
    { "import", grammar_import,
      "  migrate import alembic ../legacy      # the history, SQL and "
      "database\n"
      "  migrate import alembic . --keep-table # keep using alembic_version\n" },
};

static void
print_details(const cli_command *cmd, FILE *f)
{
    size_t i;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (strcmp(rows[i].command, cmd->name) != 0)
            continue;
        if (rows[i].grammar)
            fprintf(f, "\n%s", rows[i].grammar);
        fprintf(f, "\nexamples:\n%s", rows[i].examples);
        return;
    }
}

/* The rows of an option table under "title:" (nothing when it has none);
 * main: also the rows only `migrate --help` lists. */
static void
print_opts(FILE *f, const char *title, const cli_opt *opts, int main)
{
    int i, shown = 0;

    for (i = 0; opts && opts[i].name; i++) {
        const cli_opt *o = &opts[i];
        char left[64];
        if (o->main_only && !main)
            continue;
        if (!shown++)
            fprintf(f, "\n%s:\n", title);
        if (o->short_name)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
                     o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof(left), "    --%s%s%s", o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-28s %s\n", left, o->help);
    }
}

void
cli_print_help(const cli_command *cmd, FILE *f)
{
    fprintf(f, "usage: migrate %s%s%s\n\n%s\n", cmd->name,
            cmd->usage && *cmd->usage ? " " : "", cmd->usage ? cmd->usage : "",
            cmd->summary);
    print_opts(f, "options", cmd->opts, 0);
    print_opts(f, "global options", cli_global_opts, 0);
    print_details(cmd, f);
}

void
cli_print_main_help(FILE *f)
{
    int i;

    fprintf(f, "usage: migrate [global options] COMMAND [options] [args]\n\n"
            "Schema migrations for SQLite, PostgreSQL and MariaDB.\n\n"
            "commands:\n");
    for (i = 0; cli_commands[i].name; i++)
        fprintf(f, "  %-14s %s\n", cli_commands[i].name,
                cli_commands[i].summary);
    print_opts(f, "global options (before or after the command)",
               cli_global_opts, 1);
    fprintf(f, "\nexit codes: 0 ok, 1 differences found, 2 usage or input "
            "error, 3 database error\n");
}
