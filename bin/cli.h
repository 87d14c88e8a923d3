/* cli.h - what every command of the migrate tool shares: the option
 * tables that drive both parsing and --help (each row bound to the field
 * it fills), the command table that says what each command needs, the
 * parsed command line, the project (config, versions, engine) the
 * dispatcher opens for it, and exit codes. */
#ifndef MIGRATE_CLI_H
#define MIGRATE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "migrate.h"

/* Exit codes (DESIGN.md section 9). */
enum { EXIT_OK = 0, EXIT_DIFF = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

/* How an option row fills the field it is bound to. */
typedef enum cli_opt_kind {
    CLI_OPT_FLAG,     /* an int set to 1 */
    CLI_OPT_VALUE,    /* a const char *: the last value given */
    CLI_OPT_LIST,     /* an mg_strlist: every value given, in order */
} cli_opt_kind;

/* One option: its names, its help, and the field of struct cli it fills
 * (libgit2's src/cli: the row says where the value goes, so no command
 * looks an option up by name). Rows are ended by CLI_OPT_END. */
typedef struct cli_opt {
    const char  *name;       /* long name without "--" */
    char         short_name; /* 0 when none */
    const char  *arg;        /* value name, NULL for a flag */
    const char  *help;
    cli_opt_kind kind;
    size_t       field;      /* offsetof(cli, ...) of the field filled */
    int          main_only;  /* listed by `migrate --help` only, never
                              * parsed after a command (--version) */
} cli_opt;

/* The binding of a row: CLI_SET(f) sets the flag c->o.f, CLI_VALUE(f)
 * stores the value in c->o.f, CLI_LIST(f) adds it to the list c->o.f. */
#define CLI_SET(f)   CLI_OPT_FLAG, offsetof(cli, o.f), 0
#define CLI_VALUE(f) CLI_OPT_VALUE, offsetof(cli, o.f), 0
#define CLI_LIST(f)  CLI_OPT_LIST, offsetof(cli, o.f), 0
#define CLI_OPT_END  { NULL, 0, NULL, NULL, CLI_OPT_FLAG, 0, 0 }

/* Every command's options, each the field its rows are bound to (an
 * option a command's table lacks stays 0 / NULL / empty). */
typedef struct cli_values {
    /* values */
    const char *message, *from, *to, *dialect, *format, *output, *base;
    const char *rev_id, *rev_range, *shadow_url, *lock_timeout, *onto;
    /* repeatable */
    mg_strlist  head, branch_label, depends_on, tables, exclude, around;
    /* flags */
    int         autogenerate, allow_empty, splice, sql, resume;
    int         one_transaction, purge, no_db, strict, no_cache, reverse;
    int         indicate_current, all, list_rules, dry_run, roundtrip;
    int         force, keep_table, all_objects, online;
    /* erd */
    const char *group_by;
    int         collapse_associations;
} cli_values;

typedef struct cli cli;

/* A progress display on stderr for the library's mg_progress reports
 * (progress.c). */
enum { CLI_PROGRESS_NONE, CLI_PROGRESS_LIVE, CLI_PROGRESS_PLAIN };
typedef struct cli_progress {
    mg_progress  cb;        /* what the library calls */
    int          mode;      /* CLI_PROGRESS_*: -q, a terminal, -v */
    const char  *label;     /* NULL: the library's task name */
    double       t0, last;  /* monotonic seconds: start, last drawn */
    size_t       last_done; /* revisions done at the last plain line */
    int          shown;     /* a live line is on the terminal */
    int          ended;     /* the last plain line was printed */
} cli_progress;

/* Start a display labelled label (NULL: "upgrade"/"downgrade"); returns
 * the callback to put in the library's options, NULL when nothing is to
 * be shown (-q; stderr not a terminal and no -v). */
const mg_progress *cli_progress_start(cli_progress *p, cli *c,
                                      const char *label);
/* Take a live line off the terminal before printing other output; it is
 * redrawn at the next report. NULL-safe. */
void cli_progress_clear(cli_progress *p);

/* What a command needs before it runs, loaded by the dispatcher
 * (cli_setup) so that no command opens the project itself: git's
 * RUN_SETUP and RUN_SETUP_GENTLY. */
#define CLI_CONFIG        0x01u /* the config (-c FILE or ./migrate.ini)
                                 * must load */
#define CLI_CONFIG_GENTLY 0x02u /* ./migrate.ini when there is one (no
                                 * message when there is none); a -c FILE
                                 * must load */
#define CLI_SCRIPTS       0x04u /* and the versions directory, whenever a
                                 * config was loaded */
#define CLI_DB            0x08u /* a database: opened read-only before
                                 * the command runs */
#define CLI_DB_GENTLY     0x10u /* a database when the command's options
                                 * ask for one: the command opens it
                                 * (cli_engine), with its own flags */

typedef struct cli_command {
    const char    *name;
    int          (*run)(cli *c);
    unsigned int   needs;     /* CLI_CONFIG... (0: nothing, as init) */
    const char    *usage;     /* after "migrate NAME " */
    const char    *summary;
    const cli_opt *opts;      /* NULL-name terminated, may be NULL */
    int            min_args;  /* positional arguments */
    int            max_args;  /* -1 for any number */
} cli_command;

struct cli {
    const cli_command *cmd;
    /* global options */
    const char *config_path;  /* -c; NULL: migrate.ini */
    const char *url;          /* --url */
    int json, quiet, verbose, echo, help;
    /* the command's own options, filled through their rows' bindings */
    cli_values  o;
    /* positional arguments */
    char      **args;
    int         nargs;
    /* opened on demand */
    mg_config    *cfg;
    mg_scriptdir *sd;
    mg_engine    *engine;
    /* `dialects` of the config (canonical names; empty when not set),
     * read by cli_scripts */
    mg_strlist    dialects;
    /* the replay cache: directory (empty: none) and whether the last
     * replay came from it */
    mg_buf        cache_dir;
    int           cached;
    /* -v: the config file and the database already named on stderr */
    int           told_config, told_url;
    /* the progress of a replay of the migrations (check, diff...) */
    cli_progress  replay_progress;
};

/* Parse argv for cmd (global options may come before or after the
 * command). Returns 0, or EXIT_USAGE after printing a message. Sets
 * *help when --help was given. */
int cli_parse(cli *c, const cli_command *cmd, int argc, char **argv,
              int *help);
void cli_release(cli *c);
/* The replay cache directory for mg_source_opts.cache_dir, NULL for none:
 * --no-cache, $MIGRATE_CACHE_DIR/migrate ("" or "off": none), else
 * $XDG_CACHE_HOME/migrate, else $HOME/.cache/migrate. The directory a
 * user names is never the cache's own, so its mode is never changed. */
const char *cli_cache_dir(cli *c);
/* The global options (cli.c), also listed by every --help. */
extern const cli_opt cli_global_opts[];
/* `migrate COMMAND --help` and `migrate --help` (help.c): each option
 * block printed from its table. */
void cli_print_help(const cli_command *cmd, FILE *f);
void cli_print_main_help(FILE *f);

/* Load what c->cmd->needs declares, in order: config, versions
 * directory, database. Prints the error and returns an exit code (> 0)
 * on failure, 0 on success. */
int cli_setup(cli *c);

/* Open the versions directory (and the config, when cli_setup has not),
 * and a database connection. Each prints its error and returns an exit
 * code (> 0) on failure, 0 on success; each opens its object once. */
int cli_scripts(cli *c);
/* The dialects the history serves: c->dialects when the config sets
 * `dialects`, else the URL's dialect alone (none without a URL). Appends
 * names to out. */
void cli_history_dialects(cli *c, mg_strlist *out);
int cli_engine(cli *c, unsigned int flags);
/* Close the database once its schema is read: a connection keeps a copy
 * of its own (SQLite's parsed schema: 14 MB at 10,000 tables). */
void cli_engine_close(cli *c);
/* The URL in force (--url, env, config), NULL when none. Needs no config
 * file. With -v, the first call names it on stderr (password masked) and
 * where it comes from; cli_config names the config file the same way. */
const char *cli_url(cli *c);

/* Print "migrate: message" (and, with --json, an error document), and
 * return the exit code for err's code. */
int cli_fail(cli *c, const mg_error *err);
int cli_failf(cli *c, int exit_code, const char *fmt, ...) MG_PRINTF(3, 4);
int cli_exit_code(int mg_code);
/* --json: the error document {"ok": false, "exit_code", "error"} on
 * stdout, unless a document was printed already (one per run). */
void cli_json_error(int exit_code, const char *msg);
/* 1 when argv (before any "--") holds --json. */
int cli_wants_json(int argc, char **argv);
/* Print "migrate: warning: message" unless --quiet. */
void cli_warn(cli *c, const char *fmt, ...) MG_PRINTF(2, 3);

/* Ctrl-C (interrupt.c): catch SIGINT and SIGTERM once, cancelling the
 * running statement through mg_interrupt(); and the exit code after a
 * command returned rc: 128 + the signal when one was caught ("migrate:
 * interrupted" printed), else rc. */
void cli_interrupt_setup(void);
int cli_interrupt_exit(int rc);
/* The same code without the message (for an error document). */
int cli_interrupt_code(int rc);

/* The command table (migrate.c). */
extern const cli_command cli_commands[];

/* The commands. */
int cmd_init(cli *c);
int cmd_revision(cli *c);
int cmd_merge(cli *c);
int cmd_lint(cli *c);
/* upgrade --dry-run (cmd_lint.c): the plan to target, each revision read
 * by lint with its tables' sizes; nothing runs. */
int cli_dry_run(cli *c, const char *target);
int cmd_upgrade(cli *c);
int cmd_downgrade(cli *c);
int cmd_stamp(cli *c);
int cmd_current(cli *c);
int cmd_heads(cli *c);
int cmd_branches(cli *c);
int cmd_history(cli *c);
int cmd_show(cli *c);
int cmd_check(cli *c);
int cmd_diff(cli *c);
int cmd_inspect(cli *c);
int cmd_unavailable(cli *c);
int cmd_erd(cli *c);
int cmd_sorted_tables(cli *c);
int cmd_baseline(cli *c);
int cmd_squash(cli *c);
int cmd_rebase(cli *c);
int cmd_import(cli *c);

/* One warning per object md's database holds that migrate does not
 * model ("migrate: warning: not managed: view v"; cmd_schema.c). */
void cli_report_unmanaged(cli *c, const mg_metadata *md);

/* The project's revision template (script_location/script.sql.tmpl),
 * malloc'd; NULL when it cannot be read (the built-in one is used). */
char *cli_read_template(cli *c);

/* Schema sources resolved against the config (cmd_schema.c). */
void cli_source_opts(cli *c, mg_source_opts *o);
const mg_dialect *cli_dialect(cli *c, int *rc);
/* The check server of each configured dialect (c->dialects) into urls
 * ("" for none), parallel to c->dialects. */
void cli_check_urls(cli *c, mg_strlist *urls);
/* --format text|github (check, lint): *github set; exit 2 after the
 * message for another format, or for github with --json. */
int cli_github_format(cli *c, int *github);
/* cli_dialect, but first the dialect of the first "db:URL" among specs
 * (NULL-ended): the database the rendered SQL is for. */
const mg_dialect *cli_dialect_for(cli *c, const char *const *specs, int *rc);

extern const cli_opt opts_init[], opts_revision[], opts_merge[], opts_lint[],
    opts_upgrade[], opts_downgrade[], opts_stamp[], opts_current[],
    opts_heads[], opts_history[], opts_show[], opts_none[], opts_check[],
    opts_diff[], opts_inspect[];
extern const cli_opt opts_erd[], opts_sorted[], opts_baseline[],
    opts_squash[], opts_rebase[], opts_import[];

#endif
