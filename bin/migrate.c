/* migrate.c - the migrate command: the subcommand table, each row saying
 * what its command needs (config, versions, database: git's RUN_SETUP),
 * and dispatch, which loads that before the command runs. Each command
 * lives in a cmd_<family>.c file and uses only libmigrate's public API. */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

const cli_opt opts_none[] = { CLI_OPT_END };

const cli_command cli_commands[] = {
    { .name = "init", .run = cmd_init,
      .needs = 0,
      .usage = "[DIR]",
      .summary = "create migrate.ini, migrations/versions/, the revision "
                 "template and an example models.sql in DIR (default: .)",
      .opts = opts_init, .min_args = 0, .max_args = 1 },
    { .name = "revision", .run = cmd_revision,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "-m MSG [options]",
      .summary = "write a new revision file",
      .opts = opts_revision, .min_args = 0, .max_args = 0 },
    { .name = "merge", .run = cmd_merge,
      .needs = CLI_CONFIG | CLI_SCRIPTS,
      .usage = "-m MSG REV... | heads",
      .summary = "write a revision that joins several heads",
      .opts = opts_merge, .min_args = 1, .max_args = -1 },
    { .name = "upgrade", .run = cmd_upgrade,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "[TARGET] [--sql]",
      .summary = "apply revisions up to TARGET (default: head)",
      .opts = opts_upgrade, .min_args = 0, .max_args = 1 },
    { .name = "downgrade", .run = cmd_downgrade,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "TARGET [--sql]",
      .summary = "revert revisions down to TARGET (base, a revision, -N)",
      .opts = opts_downgrade, .min_args = 1, .max_args = 1 },
    { .name = "stamp", .run = cmd_stamp,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "TARGET [--purge] [--sql]",
      .summary = "set the version table to TARGET without running any SQL",
      .opts = opts_stamp, .min_args = 1, .max_args = 1 },
    { .name = "current", .run = cmd_current,
      .needs = CLI_CONFIG_GENTLY | CLI_SCRIPTS | CLI_DB,
      .usage = "",
      .summary = "show the database's current revision(s)",
      .opts = opts_current, .min_args = 0, .max_args = 0 },
    { .name = "heads", .run = cmd_heads,
      .needs = CLI_CONFIG | CLI_SCRIPTS,
      .usage = "",
      .summary = "show the head revisions",
      .opts = opts_heads, .min_args = 0, .max_args = 0 },
    { .name = "branches", .run = cmd_branches,
      .needs = CLI_CONFIG | CLI_SCRIPTS,
      .usage = "",
      .summary = "show revisions with several children",
      .opts = opts_heads, .min_args = 0, .max_args = 0 },
    { .name = "history", .run = cmd_history,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "[-r LOWER:UPPER] [-i]",
      .summary = "list revisions, newest first",
      .opts = opts_history, .min_args = 0, .max_args = 0 },
    { .name = "show", .run = cmd_show,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "REV | current",
      .summary = "show one revision",
      .opts = opts_show, .min_args = 1, .max_args = 1 },
    { .name = "check", .run = cmd_check,
      .needs = CLI_CONFIG | CLI_DB_GENTLY,
      .usage = "[--no-db] [--base REF] [--strict] [--format text|github]",
      .summary = "exit 0 when models, migrations and database agree; exit 1 "
                 "listing every difference",
      .opts = opts_check, .min_args = 0, .max_args = 0 },
    { .name = "lint", .run = cmd_lint,
      .needs = CLI_CONFIG_GENTLY | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "[REV... | --base REF | --all] [--format text|github]",
      .summary = "read revisions against rules for data loss and blocking "
                 "DDL (exit 1 on an error-level finding)",
      .opts = opts_lint, .min_args = 0, .max_args = -1 },
    { .name = "diff", .run = cmd_diff,
      .needs = CLI_CONFIG_GENTLY | CLI_DB_GENTLY,
      .usage = "--from SRC --to SRC",
      .summary = "print the SQL that turns schema SRC into schema SRC (exit "
                 "1 when they differ)",
      .opts = opts_diff, .min_args = 0, .max_args = 0 },
    { .name = "inspect", .run = cmd_inspect,
      .needs = CLI_CONFIG_GENTLY | CLI_DB_GENTLY,
      .usage = "[--from SRC] [--format sql|json]",
      .summary = "dump a schema (default: the database)",
      .opts = opts_inspect, .min_args = 0, .max_args = 0 },
    { .name = "erd", .run = cmd_erd,
      .needs = CLI_CONFIG_GENTLY | CLI_DB_GENTLY,
      .usage = "[--from SRC] [--format mermaid|dot|svg] [-o FILE]",
      .summary = "entity-relationship diagram (default: the models, as "
                 "Mermaid)",
      .opts = opts_erd, .min_args = 0, .max_args = 0 },
    { .name = "sorted-tables", .run = cmd_sorted_tables,
      .needs = CLI_CONFIG_GENTLY | CLI_DB_GENTLY,
      .usage = "[--from SRC] [--reverse]",
      .summary = "tables in foreign-key dependency order, cycles reported",
      .opts = opts_sorted, .min_args = 0, .max_args = 0 },
    { .name = "baseline", .run = cmd_baseline,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "[-m MSG] [--rev-id ID] [--force]",
      .summary = "adopt the database: write its schema to the models, a "
                 "first revision that creates it, and stamp it there",
      .opts = opts_baseline, .min_args = 0, .max_args = 0 },
    { .name = "squash", .run = cmd_squash,
      .needs = CLI_CONFIG | CLI_SCRIPTS,
      .usage = "FROM:TO [-m MSG]",
      .summary = "replace the linear run of revisions FROM..TO by one "
                 "revision computed by replaying them",
      .opts = opts_squash, .min_args = 1, .max_args = 1 },
    { .name = "rebase", .run = cmd_rebase,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "BRANCH_HEAD --onto HEAD",
      .summary = "move the revisions of one head's branch on top of another "
                 "head instead of merging them",
      .opts = opts_rebase, .min_args = 1, .max_args = 1 },
    { .name = "import", .run = cmd_import,
      .needs = CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY,
      .usage = "alembic DIR [--keep-table]",
      .summary = "write an Alembic project's history as revision files and "
                 "adopt the database's alembic_version",
      .opts = opts_import, .min_args = 2, .max_args = 2 },
    { .name = NULL }
};

int
cmd_unavailable(cli *c)
{
    return cli_failf(c, EXIT_USAGE, "'%s' is not available in this version "
                     "of migrate yet", c->cmd->name);
}

static const cli_command *
find_command(const char *name)
{
    int i;

    for (i = 0; cli_commands[i].name; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}

/* Global options that take a value, for finding the command word. */
static int
takes_value(const char *a)
{
    return strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0 ||
           strcmp(a, "--url") == 0;
}

int
main(int argc, char **argv)
{
    const cli_command *cmd = NULL;
    char **rest;
    int i, n = 0, help = 0, rc;
    cli c;

    /* A file-size limit fails the write (EFBIG), which removes its
     * temporary file, instead of killing the process half-way. */
    signal(SIGXFSZ, SIG_IGN);
    /* The command is the first word that is not an option or its value. */
    for (i = 1; i < argc; i++) {
        if (takes_value(argv[i])) {
            i++;
            continue;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("migrate %s\n", mg_version());
            return EXIT_OK;
        }
        if (argv[i][0] != '-')
            break;
    }
    if (i >= argc) {
        int wants_help = 0, j;
        for (j = 1; j < argc; j++)
            if (!strcmp(argv[j], "-h") || !strcmp(argv[j], "--help"))
                wants_help = 1;
        cli_print_main_help(wants_help ? stdout : stderr);
        return wants_help ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 < argc && (cmd = find_command(argv[i + 1])) != NULL) {
            cli_print_help(cmd, stdout);
            return EXIT_OK;
        }
        cli_print_main_help(stdout);
        return EXIT_OK;
    }
    if (!(cmd = find_command(argv[i]))) {
        char msg[512];
        snprintf(msg, sizeof(msg), "unknown command '%s'", argv[i]);
        fprintf(stderr, "migrate: %s\nTry 'migrate --help'.\n", msg);
        if (cli_wants_json(argc, argv))
            cli_json_error(EXIT_USAGE, msg);
        return EXIT_USAGE;
    }
    if (!(rest = calloc((size_t)argc, sizeof(*rest))))
        return EXIT_USAGE;
    for (int j = 1; j < argc; j++)
        if (j != i)
            rest[n++] = argv[j];
    memset(&c, 0, sizeof(c));
    rc = cli_parse(&c, cmd, n, rest, &help);
    if (rc == 0 && help) {
        cli_print_help(cmd, stdout);
    } else if (rc == 0) {
        cli_interrupt_setup();
        if ((rc = cli_setup(&c)) == 0)
            rc = cmd->run(&c);
        rc = cli_interrupt_exit(rc);
    }
    cli_release(&c);
    free(rest);
    return rc;
}
