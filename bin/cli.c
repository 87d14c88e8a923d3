/* cli.c - parsing the command line from the option tables (global options
 * may stand before or after the command; "-1" is a relative target, not an
 * option), --help generated from the same tables, and opening the project
 * on demand with messages a person can act on. */
#include "cli.h"
#include "output.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt global_opts[] = {
    { "config",  'c', "FILE", "config file (default: migrate.ini)" },
    { "url",     0,   "URL",  "database URL (overrides MIGRATE_URL, "
                              "DATABASE_URL and the config)" },
    { "json",    0,   NULL,   "print one JSON document on stdout" },
    { "quiet",   'q', NULL,   "print only errors" },
    { "verbose", 'v', NULL,   "print more detail" },
    { "echo",    0,   NULL,   "print every SQL statement run, with its "
                              "file:line and time" },
    { "help",    'h', NULL,   "show this help" },
    { NULL, 0, NULL, NULL }
};

static int
count_opts(const cli_opt *o)
{
    int n = 0;

    while (o && o[n].name)
        n++;
    return n;
}

void
cli_print_help(const cli_command *cmd, FILE *f)
{
    const cli_opt *tables[2] = { cmd->opts, global_opts };
    int t, i;

    fprintf(f, "usage: migrate %s%s%s\n\n%s\n", cmd->name,
            cmd->usage && *cmd->usage ? " " : "", cmd->usage ? cmd->usage : "",
            cmd->summary);
    for (t = 0; t < 2; t++) {
        if (!count_opts(tables[t]))
            continue;
        fprintf(f, "\n%s:\n", t == 0 ? "options" : "global options");
        for (i = 0; tables[t][i].name; i++) {
            const cli_opt *o = &tables[t][i];
            char left[64];
            if (o->short_name)
                snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
                         o->name, o->arg ? " " : "", o->arg ? o->arg : "");
            else
                snprintf(left, sizeof(left), "    --%s%s%s", o->name,
                         o->arg ? " " : "", o->arg ? o->arg : "");
            fprintf(f, "  %-28s %s\n", left, o->help);
        }
    }
    cli_print_help_details(cmd, f);
}

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

/* Find an option by long or short name in the command's table (index
 * >= 0) or the global one (index -1 - i). */
static int
find_opt(const cli_command *cmd, const char *name, size_t len, char short_name,
         const cli_opt **out)
{
    const cli_opt *tables[2] = { cmd->opts, global_opts };
    int t, i;

    for (t = 0; t < 2; t++)
        for (i = 0; tables[t] && tables[t][i].name; i++) {
            const cli_opt *o = &tables[t][i];
            if ((name && strlen(o->name) == len &&
                 strncmp(o->name, name, len) == 0) ||
                (!name && short_name && o->short_name == short_name)) {
                *out = o;
                return t == 0 ? i : -1 - i;
            }
        }
    return -1000;
}

static void
set_opt(cli *c, int idx, const char *value, int *help)
{
    if (idx >= 0) {
        c->given[idx] = 1;
        if (value)
            mg_strlist_add(&c->values[idx], value);
        return;
    }
    switch (-1 - idx) {
    case 0: c->config_path = value; break;
    case 1: c->url = value; break;
    case 2: c->json = 1; break;
    case 3: c->quiet = 1; break;
    case 4: c->verbose = 1; break;
    case 5: c->echo = 1; break;
    case 6: *help = 1; break;
    }
}

static int
usage_error(const cli_command *cmd, const char *fmt, const char *what)
{
    fprintf(stderr, "migrate: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nTry 'migrate %s --help'.\n", cmd->name);
    return EXIT_USAGE;
}

int
cli_parse(cli *c, const cli_command *cmd, int argc, char **argv, int *help)
{
    int i, only_args = 0;

    c->cmd = cmd;
    *help = 0;
    if (!(c->args = calloc((size_t)argc + 1, sizeof(*c->args))))
        return EXIT_USAGE;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        const cli_opt *o = NULL;
        int idx;

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
            idx = find_opt(cmd, a + 2, len, 0, &o);
            if (idx == -1000)
                return usage_error(cmd, "unknown option '%s'", a);
            if (!o->arg) {
                if (eq)
                    return usage_error(cmd, "option '%s' takes no value", a);
                set_opt(c, idx, NULL, help);
            } else if (eq) {
                set_opt(c, idx, eq + 1, help);
            } else if (i + 1 < argc) {
                set_opt(c, idx, argv[++i], help);
            } else {
                return usage_error(cmd, "option '%s' needs a value", a);
            }
            continue;
        }
        for (a++; *a; a++) {
            idx = find_opt(cmd, NULL, 0, *a, &o);
            if (idx == -1000) {
                char bad[3] = { '-', *a, 0 };
                return usage_error(cmd, "unknown option '%s'", bad);
            }
            if (!o->arg) {
                set_opt(c, idx, NULL, help);
                continue;
            }
            if (a[1]) {
                set_opt(c, idx, a + 1, help);
            } else if (i + 1 < argc) {
                set_opt(c, idx, argv[++i], help);
            } else {
                char bad[3] = { '-', *a, 0 };
                return usage_error(cmd, "option '%s' needs a value", bad);
            }
            break;
        }
    }
    if (*help)
        return 0;
    if (c->nargs < cmd->min_args)
        return usage_error(cmd, "%s: missing argument", cmd->name);
    if (cmd->max_args >= 0 && c->nargs > cmd->max_args) {
        char *redacted = mg_url_redact_text(c->args[cmd->max_args]);
        int rc = usage_error(cmd, "unexpected argument '%s'",
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

    for (i = 0; i < CLI_MAX_OPTS; i++)
        mg_strlist_release(&c->values[i]);
    free(c->args);
    mg_engine_free(c->engine);
    mg_scriptdir_free(c->sd);
    mg_config_free(c->cfg);
    mg_buf_release(&c->cache_dir);
}

const char *
cli_cache_dir(cli *c)
{
    const char *env = getenv("MIGRATE_CACHE_DIR"), *base;

    if (cli_opt_given(c, "no-cache"))
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

static int
opt_index(const cli *c, const char *name)
{
    int i;

    for (i = 0; c->cmd->opts && c->cmd->opts[i].name; i++)
        if (strcmp(c->cmd->opts[i].name, name) == 0)
            return i;
    return -1;
}

const char *
cli_opt_value(const cli *c, const char *name)
{
    int i = opt_index(c, name);

    if (i < 0 || !c->values[i].n)
        return NULL;
    return c->values[i].v[c->values[i].n - 1];
}

const mg_strlist *
cli_opt_values(const cli *c, const char *name)
{
    int i = opt_index(c, name);

    return i < 0 ? NULL : &c->values[i];
}

int
cli_opt_given(const cli *c, const char *name)
{
    int i = opt_index(c, name);

    return i >= 0 && c->given[i];
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

static void
json_error(int exit_code, const char *msg)
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
        json_error(code, err->msg);
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
        json_error(exit_code, msg);
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
    if (mg_scriptdir_open(&c->sd, mg_config_versions_dir(c->cfg), &err) < 0)
        return cli_fail(c, &err);
    return 0;
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
