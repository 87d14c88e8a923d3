/* cli.c - parsing the command line from the option tables, each row
 * filling the field of struct cli it is bound to (global options may stand
 * before or after the command; "-1" is a relative target, not an option),
 * and opening what the command table says a command needs (cli_setup)
 * with messages a person can act on. */
#include "cli.h"
#include "output.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Bound to the fields of struct cli itself. */
#define GLOBAL_SET(f)   CLI_OPT_FLAG, offsetof(cli, f), 0
#define GLOBAL_VALUE(f) CLI_OPT_VALUE, offsetof(cli, f), 0

const cli_opt cli_global_opts[] = {
    { "config",  'c', "FILE", "config file (default: migrate.ini)",
      GLOBAL_VALUE(config_path) },
    { "url",     0,   "URL",  "database URL (overrides MIGRATE_URL, "
                              "DATABASE_URL and the config)",
      GLOBAL_VALUE(url) },
    { "json",    0,   NULL,   "print one JSON document on stdout",
      GLOBAL_SET(json) },
    { "quiet",   'q', NULL,   "print only errors", GLOBAL_SET(quiet) },
    { "verbose", 'v', NULL,   "print more detail", GLOBAL_SET(verbose) },
    { "echo",    0,   NULL,   "print every SQL statement run, with its "
                              "file:line and time", GLOBAL_SET(echo) },
    { "help",    'h', NULL,   "show this help", GLOBAL_SET(help) },
    /* main() answers it before any command */
    { "version", 0,   NULL,   "print the version", CLI_OPT_FLAG, 0, 1 },
    CLI_OPT_END
};

/* "-12" and "+3" are targets. */
static int
is_number_arg(const char *a)
{
    if (a[0] != '-' || !a[1])
        return 0;
    for (a++; *a; a++)
        if (!isdigit((unsigned char)*a))
            return 0;
    return 1;
}

/* The row of an option by long name (name, len) or short name, in the
 * command's table or the global one; NULL when neither has it. */
static const cli_opt *
find_opt(const cli_command *cmd, const char *name, size_t len,
         char short_name)
{
    const cli_opt *tables[2] = { cmd->opts, cli_global_opts };
    int t, i;

    for (t = 0; t < 2; t++)
        for (i = 0; tables[t] && tables[t][i].name; i++) {
            const cli_opt *o = &tables[t][i];
            if (o->main_only)
                continue;
            if ((name && strlen(o->name) == len &&
                 strncmp(o->name, name, len) == 0) ||
                (!name && short_name && o->short_name == short_name))
                return o;
        }
    return NULL;
}

/* Fill the field o is bound to with value (NULL for a flag). */
static void
set_opt(cli *c, const cli_opt *o, const char *value)
{
    char *field = (char *)c + o->field;

    switch (o->kind) {
    case CLI_OPT_FLAG:
        *(int *)(void *)field = 1;
        break;
    case CLI_OPT_VALUE:
        *(const char **)(void *)field = value;
        break;
    case CLI_OPT_LIST:
        mg_strlist_add((mg_strlist *)(void *)field, value);
        break;
    }
}

static int
usage_error(cli *c, const char *fmt, const char *what)
{
    char msg[1024];

    snprintf(msg, sizeof(msg), fmt, what);
    fprintf(stderr, "migrate: %s\nTry 'migrate %s --help'.\n", msg,
            c->cmd->name);
    if (c->json) {
        char *shown = mg_url_redact_text(msg);   /* a URL typed there */
        cli_json_error(EXIT_USAGE, shown ? shown : "usage error");
        free(shown);
    }
    return EXIT_USAGE;
}

int
cli_wants_json(int argc, char **argv)
{
    int i;

    for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0)
            return 1;
    return 0;
}

int
cli_parse(cli *c, const cli_command *cmd, int argc, char **argv, int *help)
{
    int i, only_args = 0;

    c->cmd = cmd;
    *help = 0;
    /* a usage error is a document too, wherever --json stands */
    c->json = cli_wants_json(argc, argv);
    if (!(c->args = calloc((size_t)argc + 1, sizeof(*c->args))))
        return EXIT_USAGE;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        const cli_opt *o;

        if (only_args || a[0] != '-' || !a[1] || is_number_arg(a)) {
            c->args[c->nargs++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = 1;
            continue;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            if (!(o = find_opt(cmd, a + 2, len, 0)))
                return usage_error(c, "unknown option '%s'", a);
            if (!o->arg) {
                if (eq)
                    return usage_error(c, "option '%s' takes no value", a);
                set_opt(c, o, NULL);
            } else if (eq) {
                set_opt(c, o, eq + 1);
            } else if (i + 1 < argc) {
                set_opt(c, o, argv[++i]);
            } else {
                return usage_error(c, "option '%s' needs a value", a);
            }
            continue;
        }
        for (a++; *a; a++) {
            if (!(o = find_opt(cmd, NULL, 0, *a))) {
                char bad[3] = { '-', *a, 0 };
                return usage_error(c, "unknown option '%s'", bad);
            }
            if (!o->arg) {
                set_opt(c, o, NULL);
                continue;
            }
            if (a[1]) {
                set_opt(c, o, a + 1);
            } else if (i + 1 < argc) {
                set_opt(c, o, argv[++i]);
            } else {
                char bad[3] = { '-', *a, 0 };
                return usage_error(c, "option '%s' needs a value", bad);
            }
            break;
        }
    }
    if ((*help = c->help) != 0)
        return 0;
    if (c->nargs < cmd->min_args)
        return usage_error(c, "%s: missing argument", cmd->name);
    if (cmd->max_args >= 0 && c->nargs > cmd->max_args) {
        char *redacted = mg_url_redact_text(c->args[cmd->max_args]);
        int rc = usage_error(c, "unexpected argument '%s'",
                             redacted ? redacted : "?");
        free(redacted);
        return rc;
    }
    return 0;
}

void
cli_release(cli *c)
{
    int i;

    for (i = 0; c->cmd && c->cmd->opts && c->cmd->opts[i].name; i++)
        if (c->cmd->opts[i].kind == CLI_OPT_LIST)
            mg_strlist_release((mg_strlist *)(void *)((char *)c +
                                                      c->cmd->opts[i].field));
    free(c->args);
    mg_engine_free(c->engine);
    mg_scriptdir_free(c->sd);
    mg_strlist_release(&c->dialects);
    mg_config_free(c->cfg);
    mg_buf_release(&c->cache_dir);
}

const char *
cli_cache_dir(cli *c)
{
    const char *env = getenv("MIGRATE_CACHE_DIR"), *base;

    if (c->o.no_cache)
        return NULL;
    mg_buf_clear(&c->cache_dir);
    /* a directory the user names holds the cache's own directory, as
     * XDG_CACHE_HOME does: its mode is never touched */
    if (env) {
        if (*env && strcmp(env, "off") != 0)
            mg_buf_addf(&c->cache_dir, "%s/migrate", env);
    } else if ((base = getenv("XDG_CACHE_HOME")) && *base == '/')
        mg_buf_addf(&c->cache_dir, "%s/migrate", base);
    else if ((base = getenv("HOME")) && *base)
        mg_buf_addf(&c->cache_dir, "%s/.cache/migrate", base);
    return c->cache_dir.len && !c->cache_dir.oom ? c->cache_dir.ptr : NULL;
}

int
cli_exit_code(int code)
{
    switch (code) {
    case MG_OK:     return EXIT_OK;
    case MG_ESTATE: return EXIT_DIFF;
    case MG_EDB:
    case MG_ELOCK:  return EXIT_DB;
    default:        return EXIT_USAGE;
    }
}

void
cli_json_error(int exit_code, const char *msg)
{
    json j;

    if (json_stdout_documents() > 0)
        return;     /* stdout has its one document already */
    json_init(&j, stdout);
    json_begin_object(&j);
    json_key(&j, "ok");
    json_bool(&j, 0);
    json_key(&j, "exit_code");
    json_int(&j, cli_interrupt_code(exit_code));
    json_key(&j, "error");
    json_string(&j, msg);
    json_end_object(&j);
    json_finish(&j);
}

int
cli_fail(cli *c, const mg_error *err)
{
    int code = cli_exit_code(err->code ? err->code : MG_ERROR);

    fprintf(stderr, "migrate: %s\n", err->msg[0] ? err->msg
                                                  : mg_error_name(err->code));
    if (c->json)
        cli_json_error(code, err->msg);
    return code;
}

int
cli_failf(cli *c, int exit_code, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "migrate: %s\n", msg);
    if (c->json)
        cli_json_error(exit_code, msg);
    return exit_code;
}

void
cli_warn(cli *c, const char *fmt, ...)
{
    va_list ap;

    if (c->quiet)
        return;
    fprintf(stderr, "migrate: warning: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* -v: "migrate: using config FILE" once, on stderr. */
static void
tell_config(cli *c)
{
    if (!c->verbose || c->quiet || c->told_config || !c->cfg)
        return;
    c->told_config = 1;
    fprintf(stderr, "migrate: using config %s\n", mg_config_path(c->cfg));
}

/* Load the config once; with optional, a missing ./migrate.ini (no -c
 * given) is no error and prints nothing. */
static int
load_config(cli *c, int optional)
{
    mg_error err;
    int rc;

    if (c->cfg)
        return 0;
    mg_error_clear(&err);
    rc = mg_config_load(&c->cfg, c->config_path ? c->config_path
                                                : "migrate.ini", &err);
    if (rc == MG_ENOTFOUND && !c->config_path) {
        if (optional)
            return 0;
        return cli_failf(c, EXIT_USAGE, "%s (run 'migrate init', or pass "
                         "-c FILE)", err.msg);
    }
    if (rc < 0)
        return cli_fail(c, &err);
    tell_config(c);
    return 0;
}

int
cli_setup(cli *c)
{
    unsigned int needs = c->cmd->needs;
    int rc = 0;

    if (needs & CLI_CONFIG)
        rc = load_config(c, 0);
    else if (needs & CLI_CONFIG_GENTLY)
        rc = load_config(c, 1);
    if (rc == 0 && (needs & CLI_SCRIPTS) && c->cfg)
        rc = cli_scripts(c);
    if (rc == 0 && (needs & CLI_DB))
        rc = cli_engine(c, MG_OPEN_READONLY);
    return rc;
}

int
cli_scripts(cli *c)
{
    mg_error err;
    int rc;

    if (c->sd)
        return 0;
    if ((rc = load_config(c, 0)) != 0)
        return rc;
    mg_error_clear(&err);
    if (mg_scriptdir_open(&c->sd, mg_config_versions_dir(c->cfg), &err) < 0 ||
        mg_config_dialects(c->cfg, &c->dialects, &err) < 0 ||
        (c->dialects.n &&
         mg_scriptdir_check_dialects(c->sd, &c->dialects, &err) < 0))
        return cli_fail(c, &err);
    return 0;
}

void
cli_history_dialects(cli *c, mg_strlist *out)
{
    const mg_dialect *d = NULL;
    size_t i;

    for (i = 0; i < c->dialects.n; i++)
        mg_strlist_add(out, c->dialects.v[i]);
    if (!c->dialects.n && mg_dialect_resolve(&d, NULL, cli_url(c), NULL) == 0
        && d)
        mg_strlist_add(out, mg_dialect_name(d));
}

/* The environment variable that holds the URL in force, NULL when
 * neither does (mg_config_url's order). */
static const char *
url_env(void)
{
    static const char *const names[] = { "MIGRATE_URL", "DATABASE_URL" };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (getenv(names[i]) && *getenv(names[i]))
            return names[i];
    return NULL;
}

/* -v: "migrate: using database URL (from WHERE)" once, on stderr, with
 * the password masked. */
static void
tell_url(cli *c, const char *url)
{
    const char *from = c->url ? "--url" : url_env();
    char *shown;

    if (!c->verbose || c->quiet || c->told_url || !url)
        return;
    c->told_url = 1;
    if (!from)
        from = c->cfg ? mg_config_path(c->cfg) : "the config";
    shown = mg_url_redact_text(url);
    fprintf(stderr, "migrate: using database %s (from %s)\n",
            shown ? shown : "***", from);
    free(shown);
}

const char *
cli_url(cli *c)
{
    const char *url, *env;

    if (c->cfg)
        url = mg_config_url(c->cfg, c->url);
    else
        url = c->url ? c->url : (env = url_env()) ? getenv(env) : NULL;
    tell_url(c, url);
    return url;
}

int
cli_engine(cli *c, unsigned int flags)
{
    const char *url;
    mg_error err;

    if (c->engine)
        return 0;
    if (!(url = cli_url(c)))
        return cli_failf(c, EXIT_USAGE, "no database URL: pass --url, set "
                         "MIGRATE_URL or DATABASE_URL, or set url in the "
                         "config");
    mg_error_clear(&err);
    if (mg_engine_open(&c->engine, url, flags, &err) < 0) {
        /* a URL that cannot be read, from migrate.ini: say where */
        if (err.code == MG_EUSAGE && c->cfg && !err.file[0] &&
            url == mg_config_get(c->cfg, "url"))
            mg_error_locate(&err, mg_config_path(c->cfg),
                            mg_config_line(c->cfg, "url"));
        return cli_fail(c, &err);
    }
    return 0;
}

void
cli_engine_close(cli *c)
{
    mg_engine_free(c->engine);
    c->engine = NULL;
}
