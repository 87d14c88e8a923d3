/* cmd_adopt.c - the commands that bring an existing database or history
 * under migrate and curate a history: `migrate baseline` (mg_baseline),
 * `migrate squash` (mg_squash), `migrate rebase` (mg_rebase), `migrate
 * import alembic` (mg_import_alembic; --keep-table also points
 * migrate.ini's version_table at alembic_version).
 * The work is the library's; this file parses options and prints. */
#include "cli.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

const cli_opt opts_baseline[] = {
    { "message", 'm', "MSG", "the revision's message (default: baseline)",
      CLI_VALUE(message) },
    { "rev-id", 0, "ID", "the revision id instead of a random one",
      CLI_VALUE(rev_id) },
    { "force", 0, NULL, "write it also when the project has revisions (as a "
      "new root; the database's version rows are replaced)",
      CLI_SET(force) },
    CLI_OPT_END
};

const cli_opt opts_squash[] = {
    { "message", 'm', "MSG", "the new revision's message (default: the "
      "squashed revisions' messages)", CLI_VALUE(message) },
    { "dialect", 0, "NAME", "dialect to replay the revisions for when no "
      "URL is set", CLI_VALUE(dialect) },
    { "shadow-url", 0, "URL", "the server the scratch databases are made on "
      "(default: shadow_url in the config, else the database URL's server)",
      CLI_VALUE(shadow_url) },
    CLI_OPT_END
};

const cli_opt opts_rebase[] = {
    { "onto", 0, "HEAD", "the head the branch moves on top of (required)",
      CLI_VALUE(onto) },
    CLI_OPT_END
};

const cli_opt opts_import[] = {
    { "keep-table", 0, NULL, "use the database's alembic_version as the "
      "version table (version_table in the config) instead of copying its "
      "rows", CLI_SET(keep_table) },
    CLI_OPT_END
};

static void
print_baseline(cli *c, const mg_baseline_result *r, const char *models)
{
    json j;

    if (!c->json) {
        if (!c->quiet)
            printf("Generating %s ... done\nwrote %s\nstamped: %s\n",
                   mg_baseline_result_path(r), models,
                   mg_baseline_result_revision(r));
        return;
    }
    json_init(&j, stdout);
    json_begin_object(&j);
    json_key(&j, "revision");
    json_string(&j, mg_baseline_result_revision(r));
    json_key(&j, "path");
    json_string(&j, mg_baseline_result_path(r));
    json_key(&j, "models");
    json_string(&j, models);
    json_end_object(&j);
    json_finish(&j);
}

int
cmd_baseline(cli *c)
{
    mg_baseline_result *r = NULL;
    mg_baseline_opts o;
    mg_error err;
    char *tmpl;
    int rc;

    if ((rc = cli_engine(c, 0)) != 0)
        return rc;
    memset(&o, 0, sizeof(o));
    o.models_path = mg_config_models(c->cfg);
    o.version_table = mg_config_version_table(c->cfg);
    o.message = c->o.message;
    o.rev_id = c->o.rev_id;
    o.lock_timeout = -1;
    o.force = c->o.force;
    o.template_text = tmpl = cli_read_template(c);
    mg_error_clear(&err);
    rc = mg_baseline(&r, c->engine, c->sd, &o, &err);
    free(tmpl);
    if (rc < 0)
        return cli_fail(c, &err);
    cli_report_unmanaged(c, mg_baseline_result_schema(r));
    print_baseline(c, r, o.models_path);
    mg_baseline_result_free(r);
    return EXIT_OK;
}

/* FROM:TO split into from and to (pointers into buf). */
static int
split_range(cli *c, char *buf, const char **from, const char **to)
{
    char *colon = strchr(buf, ':');

    if (!colon || colon == buf || !colon[1] || strchr(colon + 1, ':'))
        return cli_failf(c, EXIT_USAGE, "squash takes FROM:TO (two "
                         "revisions), not '%s'", c->args[0]);
    *colon = '\0';
    *from = buf;
    *to = colon + 1;
    return 0;
}

int
cmd_squash(cli *c)
{
    mg_strlist replaced = MG_STRLIST_INIT, urls = MG_STRLIST_INIT;
    mg_squash_opts o;
    const char *from = NULL, *to = NULL;
    char *range, *path = NULL, *tmpl;
    mg_error err;
    int rc;

    if (!(range = strdup(c->args[0])))
        return cli_failf(c, EXIT_USAGE, "out of memory");
    if ((rc = split_range(c, range, &from, &to)) != 0) {
        free(range);
        return rc;
    }
    memset(&o, 0, sizeof(o));
    cli_source_opts(c, &o.source);
    if (c->o.shadow_url)
        o.source.shadow_url = c->o.shadow_url;
    if (!(o.source.dialect = cli_dialect(c, &rc))) {
        free(range);
        return rc;
    }
    mg_error_clear(&err);
    if (c->cfg && !c->dialects.n &&
        mg_config_dialects(c->cfg, &c->dialects, &err) < 0) {
        free(range);
        return cli_fail(c, &err);
    }
    if (!c->o.dialect && !cli_url(c) && c->dialects.n)
        o.source.dialect = mg_dialect_find(c->dialects.v[0]);
    cli_check_urls(c, &urls);
    o.dialects = &c->dialects;
    o.check_urls = &urls;
    o.message = c->o.message;
    o.template_text = tmpl = cli_read_template(c);
    rc = mg_squash(&path, &replaced, from, to, &o, &err);
    mg_strlist_release(&urls);
    free(tmpl);
    free(range);
    if (rc < 0) {
        mg_strlist_release(&replaced);
        return cli_fail(c, &err);
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "path");
        json_string(&j, path);
        json_key(&j, "replaces");
        json_strlist(&j, &replaced);
        json_end_object(&j);
        json_finish(&j);
    } else if (!c->quiet) {
        mg_buf b = MG_BUF_INIT;
        mg_strlist_join(&replaced, ", ", &b);
        printf("Generating %s ... done\nreplaces: %s\n", path,
               replaced.n ? mg_buf_cstr(&b) : "(none)");
        mg_buf_release(&b);
    }
    free(path);
    mg_strlist_release(&replaced);
    return EXIT_OK;
}

int
cmd_rebase(cli *c)
{
    mg_strlist moved = MG_STRLIST_INIT;
    mg_buf b = MG_BUF_INIT;
    mg_error err;
    int rc;

    if (!c->o.onto)
        return cli_failf(c, EXIT_USAGE, "rebase needs --onto HEAD");
    if (cli_url(c) && (rc = cli_engine(c, MG_OPEN_READONLY)) != 0)
        return rc;
    mg_error_clear(&err);
    if (mg_rebase(&moved, mg_config_versions_dir(c->cfg), c->args[0],
                  c->o.onto, c->engine, mg_config_version_table(c->cfg),
                  &err) < 0) {
        mg_strlist_release(&moved);
        return cli_fail(c, &err);
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "moved");
        json_strlist(&j, &moved);
        json_end_object(&j);
        json_finish(&j);
    } else if (!c->quiet) {
        mg_strlist_join(&moved, ", ", &b);
        printf("rebased %s onto %s\n", mg_buf_cstr(&b), c->o.onto);
    }
    mg_buf_release(&b);
    mg_strlist_release(&moved);
    return EXIT_OK;
}

/* migrate.ini's version_table set to alembic_version (the line replaced,
 * or added after [migrate]). */
static int
keep_alembic_table(cli *c)
{
    const char *path = mg_config_path(c->cfg);
    mg_buf out = MG_BUF_INIT;
    char *text = NULL, *line, *next;
    int done = 0, rc = 0;
    mg_error err;
    FILE *f = fopen(path, "rb");
    long n;

    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || !(text = calloc(1, (size_t)n + 1)) ||
        fread(text, 1, (size_t)n, f) != (size_t)n) {
        if (f)
            fclose(f);
        free(text);
        return cli_failf(c, EXIT_USAGE, "cannot read '%s'", path);
    }
    fclose(f);
    for (line = text; *line; line = next) {
        next = strchr(line, '\n');
        next = next ? next + 1 : line + strlen(line);
        if (strncmp(line, "version_table", 13) == 0) {
            if (!done)
                mg_buf_puts(&out, "version_table = alembic_version\n");
            done = 1;
            continue;
        }
        mg_buf_add(&out, line, (size_t)(next - line));
        if (!done && strncmp(line, "[migrate]", 9) == 0) {
            mg_buf_puts(&out, "version_table = alembic_version\n");
            done = 1;
        }
    }
    mg_error_clear(&err);
    if (mg_file_write(path, mg_buf_cstr(&out), out.len, 0, &err) < 0)
        rc = cli_fail(c, &err);
    free(text);
    mg_buf_release(&out);
    return rc;
}

int
cmd_import(cli *c)
{
    mg_strlist written = MG_STRLIST_INIT, unfilled = MG_STRLIST_INIT;
    mg_strlist current = MG_STRLIST_INIT;
    const mg_dialect *d = NULL;
    mg_import_opts o;
    mg_error err;
    size_t i;
    int rc;

    if (strcmp(c->args[0], "alembic") != 0)
        return cli_failf(c, EXIT_USAGE, "import takes 'alembic DIR', not "
                         "'%s'", c->args[0]);
    memset(&o, 0, sizeof(o));
    o.alembic_dir = c->args[1];
    o.versions_dir = mg_config_versions_dir(c->cfg);
    o.version_table = mg_config_version_table(c->cfg);
    o.keep_table = c->o.keep_table;
    mg_dialect_resolve(&d, NULL, cli_url(c), NULL);
    o.dialect = d ? mg_dialect_name(d) : NULL;
    if (cli_url(c) && (rc = cli_engine(c, 0)) != 0)
        return rc;
    o.engine = c->engine;
    mg_error_clear(&err);
    rc = mg_import_alembic(&written, &unfilled, &current, &o, &err);
    if (rc < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    if (o.keep_table && current.n && (rc = keep_alembic_table(c)) != 0)
        goto done;
    for (i = 0; !c->quiet && i < written.n; i++)
        printf("Generating %s ... done\n", written.v[i]);
    for (i = 0; i < unfilled.n; i++)
        fprintf(stderr, "migrate: %s\n", unfilled.v[i]);
    if (current.n && !c->quiet) {
        mg_buf b = MG_BUF_INIT;
        mg_strlist_join(&current, ", ", &b);
        printf(o.keep_table ? "version table: alembic_version (at %s)\n"
                            : "stamped: %s (from alembic_version)\n",
               mg_buf_cstr(&b));
        mg_buf_release(&b);
    }
    rc = unfilled.n ? EXIT_DIFF : EXIT_OK;
done:
    mg_strlist_release(&written);
    mg_strlist_release(&unfilled);
    mg_strlist_release(&current);
    return rc;
}
