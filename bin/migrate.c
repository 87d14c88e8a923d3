/* migrate.c - the migrate command: the subcommand table and dispatch. Each
 * command lives in a cmd_<family>.c file and uses only libmigrate's public
 * API. */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

const cli_opt opts_none[] = { CLI_OPT_END };

const cli_command cli_commands[] = {
    { "init", cmd_init,
      0, "[DIR]", "create migrate.ini, migrations/versions/, "
      "the revision template and an example models.sql in DIR (default: .)",
      opts_init, 0, 1 },
    { "revision", cmd_revision,
      CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY, "-m MSG [options]", "write a new revision "
      "file", opts_revision, 0, 0 },
    { "merge", cmd_merge,
      CLI_CONFIG | CLI_SCRIPTS, "-m MSG REV... | heads", "write a revision that "
      "joins several heads", opts_merge, 1, -1 },
    { "upgrade", cmd_upgrade,
      CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY, "[TARGET] [--sql]", "apply revisions up to "
      "TARGET (default: head)", opts_upgrade, 0, 1 },
    { "downgrade", cmd_downgrade,
      CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY, "TARGET [--sql]", "revert revisions down "
      "to TARGET (base, a revision, -N)", opts_downgrade, 1, 1 },
    { "stamp", cmd_stamp,
      CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY, "TARGET [--purge] [--sql]", "set the version table to "
      "TARGET without running any SQL", opts_stamp, 1, 1 },
    { "current", cmd_current,
      CLI_CONFIG_GENTLY | CLI_SCRIPTS | CLI_DB, "", "show the database's current revision(s)",
      opts_current, 0, 0 },
    { "heads", cmd_heads,
      CLI_CONFIG | CLI_SCRIPTS, "", "show the head revisions", opts_heads, 0, 0 },
    { "branches", cmd_branches,
      CLI_CONFIG | CLI_SCRIPTS, "", "show revisions with several children",
      opts_heads, 0, 0 },
    { "history", cmd_history,
      CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY, "[-r LOWER:UPPER] [-i]", "list revisions, newest "
      "first", opts_history, 0, 0 },
    { "show", cmd_show,
      CLI_CONFIG | CLI_SCRIPTS | CLI_DB_GENTLY, "REV | current", "show one revision", opts_show, 1, 1 },
    { "check", cmd_check,
      CLI_CONFIG | CLI_DB_GENTLY, "[--no-db] [--base REF] [--strict] [--format "
      "text|github]", "exit 0 when models, migrations and "
      "database agree; exit 1 listing every difference", opts_check, 0, 0 },
    { "diff", cmd_diff,
      CLI_CONFIG_GENTLY | CLI_DB_GENTLY, "--from SRC --to SRC", "print the SQL that turns "
      "schema SRC into schema SRC (exit 1 when they differ)", opts_diff, 0,
      0 },
    { "inspect", cmd_inspect,
      CLI_CONFIG_GENTLY | CLI_DB_GENTLY, "[--from SRC] [--format sql|json]", "dump a "
      "schema (default: the database)", opts_inspect, 0, 0 },
    { "erd", cmd_erd,
      CLI_CONFIG_GENTLY | CLI_DB_GENTLY, "[--from SRC] [--format mermaid|dot|svg] [-o FILE]",
      "entity-relationship diagram (default: the models, as Mermaid)",
      opts_erd, 0, 0 },
    { "sorted-tables", cmd_sorted_tables,
      CLI_CONFIG_GENTLY | CLI_DB_GENTLY, "[--from SRC] [--reverse]",
      "tables in foreign-key dependency order, cycles reported", opts_sorted,
      0, 0 },
    { NULL, NULL, 0, NULL, NULL, NULL, 0, 0 }
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
