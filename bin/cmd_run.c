/* cmd_run.c - `migrate upgrade`, `downgrade` and `stamp`: online through a
 * connection, or offline with --sql, printing progress, --echo lines and
 * warnings through the runtime's hooks. */
#include "cli.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

#define RUN_OPTS(verb) \
    { "sql", 0, NULL, "print the SQL script instead of running it (offline; " \
      "TARGET may be FROM:TO)", CLI_SET(sql) }, \
    { "dialect", 0, "NAME", "dialect of the --sql script (default: the " \
      "URL's; any dialect of the history: its sections)", \
      CLI_VALUE(dialect) }, \
    { "lock-timeout", 0, "SECONDS", "give up waiting for another run's lock " \
      "after SECONDS (default: wait); exit 3 naming the holder", \
      CLI_VALUE(lock_timeout) }, \
    { "resume", 0, NULL, "run a step that an earlier run left interrupted " \
      "again, from its first statement", CLI_SET(resume) }, \
    { "one-transaction", 0, NULL, "run the whole " #verb " in ONE " \
      "transaction (a failure rolls all of it back); falls back to one " \
      "per revision, with a warning, without transactional DDL or with a " \
      "'transaction: off' revision (config: transaction_per_revision = " \
      "false)", CLI_SET(one_transaction) }

const cli_opt opts_upgrade[] = {
    RUN_OPTS(upgrade),
    { "dry-run", 0, NULL, "print what would run, with the risk of each "
      "statement and the size of its table, and run nothing",
      CLI_SET(dry_run) },
    CLI_OPT_END
};
const cli_opt opts_downgrade[] = { RUN_OPTS(downgrade),
                                   CLI_OPT_END };
const cli_opt opts_stamp[] = {
    { "purge", 0, NULL, "empty the version table first (even of unknown "
      "revisions)", CLI_SET(purge) },
    { "sql", 0, NULL, "print the SQL that stamps instead of running it "
      "(offline: the version-table DDL and row changes; TARGET may be "
      "FROM:TO)", CLI_SET(sql) },
    { "dialect", 0, "NAME", "dialect of the --sql script when no URL is "
      "configured", CLI_VALUE(dialect) },
    { "lock-timeout", 0, "SECONDS", "give up waiting for the lock after "
      "SECONDS", CLI_VALUE(lock_timeout) },
    CLI_OPT_END
};

typedef struct progress {
    cli          *c;
    mg_strlist    done;    /* revisions applied or reverted */
    cli_progress  bar;     /* the progress line on stderr */
} progress;

static void
on_statement(void *ctx, const char *file, int line, const char *sql,
             double ms)
{
    progress *p = ctx;
    FILE *f = p->c->json ? stderr : stdout;

    if (!p->c->echo)
        return;
    cli_progress_clear(&p->bar);
    if (file) {
        mg_buf name = MG_BUF_INIT;  /* a file name never ends the comment */
        mg_buf_add_printable(&name, file);
        fprintf(f, "-- %s:%d (%.3f ms)\n%s;\n", mg_buf_cstr(&name), line, ms,
                sql);
        mg_buf_release(&name);
    } else
        fprintf(f, "-- version table (%.3f ms)\n%s;\n", ms, sql);
    fflush(f);
}

static void
on_step(void *ctx, int upgrade, const char *rev, const char *message,
        const char *file)
{
    progress *p = ctx;

    const mg_strlist *downs =
        mg_revgraph_down_revisions(mg_scriptdir_graph(p->c->sd), rev);
    mg_buf from = MG_BUF_INIT;

    mg_strlist_add(&p->done, rev);
    if (p->c->quiet || p->c->json)
        return;
    if (downs)
        mg_strlist_join(downs, ", ", &from);
    cli_progress_clear(&p->bar);
    /* Alembic's line: "Running upgrade a -> b, message" */
    if (upgrade)
        printf("Running upgrade %s -> %s, %s\n", mg_buf_cstr(&from), rev,
               message);
    else
        printf("Running downgrade %s -> %s, %s\n", rev, mg_buf_cstr(&from),
               message);
    if (p->c->verbose)
        printf("  (%s)\n", file);
    fflush(stdout);
    mg_buf_release(&from);
}

static void
on_warning(void *ctx, const char *message)
{
    progress *p = ctx;

    cli_progress_clear(&p->bar);
    cli_warn(p->c, "%s", message);
}

static int
lock_timeout(cli *c, int *out)
{
    const char *v = c->o.lock_timeout;
    char *end;
    long n;

    *out = -1;
    if (!v)
        return 0;
    n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > 86400 * 365)
        return cli_failf(c, EXIT_USAGE, "invalid --lock-timeout '%s' "
                         "(expected seconds)", v);
    *out = (int)n;
    return 0;
}

/* The dialect the history is written for when that is a single one: the
 * configured dialects', else the first revision file that names any; NULL
 * when none is named, or several (then --dialect must choose). */
static const char *
revisions_dialect(const cli *c)
{
    const mg_revgraph *g = mg_scriptdir_graph(c->sd);
    const char *const *order = mg_revgraph_order(g);
    size_t i;

    if (c->dialects.n)
        return c->dialects.n == 1 ? c->dialects.v[0] : NULL;
    for (i = 0; i < mg_revgraph_count(g); i++) {
        const mg_strlist *l =
            mg_revfile_dialects(mg_scriptdir_file(c->sd, order[i]));
        if (l->n)
            return l->n == 1 ? l->v[0] : NULL;
    }
    return NULL;
}

/* The dialect for an offline script: --dialect, the URL's scheme, or the
 * dialect the revision files were written for (mg_dialect_resolve). */
static const mg_dialect *
offline_dialect(cli *c, int *rc)
{
    const char *name = c->o.dialect;
    const mg_dialect *d = NULL;
    mg_error err;

    *rc = 0;
    mg_error_clear(&err);
    if (mg_dialect_resolve(&d, name, name ? NULL : cli_url(c), &err) < 0 ||
        (!d && (name = revisions_dialect(c)) != NULL &&
         mg_dialect_resolve(&d, name, NULL, &err) < 0)) {
        *rc = cli_fail(c, &err);
        return NULL;
    }
    if (!d)
        *rc = cli_failf(c, EXIT_USAGE, "cannot tell which dialect to write "
                        "for: pass --dialect NAME or --url URL");
    return d;
}

static void
print_result(cli *c, int upgrade, const progress *p, int waited)
{
    mg_strlist rows = MG_STRLIST_INIT;
    mg_error err;

    mg_current(&rows, c->engine, mg_config_version_table(c->cfg), &err);
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "ok");
        json_bool(&j, 1);
        json_key(&j, upgrade ? "upgraded" : "downgraded");
        json_strlist(&j, &p->done);
        json_key(&j, "waited");
        json_bool(&j, waited);
        json_key(&j, "current");
        json_strlist(&j, &rows);
        json_end_object(&j);
        json_finish(&j);
    } else if (!c->quiet && p->done.n == 0) {
        printf("nothing to %s: the database is already at the target%s\n",
               upgrade ? "upgrade" : "downgrade",
               waited ? " (another run applied the revisions)" : "");
    }
    mg_strlist_release(&rows);
}

static int
run(cli *c, int upgrade)
{
    const char *target = c->nargs ? c->args[0] : (upgrade ? "head" : NULL);
    mg_run_hooks hooks = { on_statement, on_step, on_warning, NULL };
    mg_run_result result = { 0, 0 };
    progress p;
    mg_run_opts opts;
    mg_error err;
    int rc;

    memset(&p, 0, sizeof(p));
    p.c = c;
    memset(&opts, 0, sizeof(opts));
    if ((rc = lock_timeout(c, &opts.lock_timeout)) != 0)
        return rc;
    hooks.ctx = &p;
    opts.version_table = mg_config_version_table(c->cfg);
    opts.hooks = &hooks;
    opts.resume = c->o.resume;
    opts.one_transaction = c->o.one_transaction ||
                           !mg_config_transaction_per_revision(c->cfg);
    mg_error_clear(&err);
    if (c->o.sql && opts.resume)
        return cli_failf(c, EXIT_USAGE, "--resume needs a connection: it "
                         "cannot be combined with --sql");
    if (c->o.sql) {
        mg_buf out = MG_BUF_INIT;
        const mg_dialect *d = offline_dialect(c, &rc);
        if (!d)
            return rc;
        rc = upgrade ? mg_upgrade_sql(&out, d, c->sd, target, &opts, &err)
                     : mg_downgrade_sql(&out, d, c->sd, target, &opts, &err);
        if (rc < 0) {
            mg_buf_release(&out);
            mg_strlist_release(&p.done);
            return cli_fail(c, &err);
        }
        fputs(mg_buf_cstr(&out), stdout);
        mg_buf_release(&out);
        mg_strlist_release(&p.done);
        return EXIT_OK;
    }
    if ((rc = cli_engine(c, 0)) != 0)
        return rc;
    opts.progress = cli_progress_start(&p.bar, c, NULL);
    rc = upgrade ? mg_upgrade(c->engine, c->sd, target, &opts, &result, &err)
                 : mg_downgrade(c->engine, c->sd, target, &opts, &result,
                                &err);
    cli_progress_clear(&p.bar);
    if (rc < 0) {
        mg_strlist_release(&p.done);
        return cli_fail(c, &err);
    }
    print_result(c, upgrade, &p, result.waited);
    mg_strlist_release(&p.done);
    return EXIT_OK;
}

int
cmd_upgrade(cli *c)
{
    if (c->o.dry_run)
        return cli_dry_run(c, c->nargs ? c->args[0] : "head");
    return run(c, 1);
}

int
cmd_downgrade(cli *c)
{
    return run(c, 0);
}

/* stamp --sql: the script on stdout, no connection. */
static int
stamp_offline(cli *c, const mg_run_opts *opts)
{
    mg_buf out = MG_BUF_INIT;
    const mg_dialect *d;
    mg_error err;
    int rc;

    if (!(d = offline_dialect(c, &rc)))
        return rc;
    mg_error_clear(&err);
    if (mg_stamp_sql(&out, d, c->sd, c->args[0], c->o.purge,
                     opts, &err) < 0) {
        mg_buf_release(&out);
        return cli_fail(c, &err);
    }
    fputs(mg_buf_cstr(&out), stdout);
    mg_buf_release(&out);
    return EXIT_OK;
}

int
cmd_stamp(cli *c)
{
    mg_run_hooks hooks = { on_statement, on_step, on_warning, NULL };
    progress p;
    mg_strlist rows = MG_STRLIST_INIT;
    mg_run_opts opts;
    mg_error err;
    int rc;

    memset(&p, 0, sizeof(p));
    p.c = c;
    memset(&opts, 0, sizeof(opts));
    if ((rc = lock_timeout(c, &opts.lock_timeout)) != 0)
        return rc;
    hooks.ctx = &p;
    opts.version_table = mg_config_version_table(c->cfg);
    opts.hooks = &hooks;
    if (c->o.sql)
        return stamp_offline(c, &opts);
    if ((rc = cli_engine(c, 0)) != 0)
        return rc;
    mg_error_clear(&err);
    if (mg_stamp(c->engine, c->sd, c->args[0], c->o.purge,
                 &opts, &err) < 0)
        return cli_fail(c, &err);
    mg_current(&rows, c->engine, opts.version_table, &err);
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "ok");
        json_bool(&j, 1);
        json_key(&j, "current");
        json_strlist(&j, &rows);
        json_end_object(&j);
        json_finish(&j);
    } else if (!c->quiet) {
        mg_buf b = MG_BUF_INIT;
        mg_strlist_join(&rows, ", ", &b);
        printf("stamped: %s\n", rows.n ? mg_buf_cstr(&b) : "base");
        mg_buf_release(&b);
    }
    mg_strlist_release(&rows);
    mg_strlist_release(&p.done);
    return EXIT_OK;
}
