/* cmd_adopt.c - the commands that bring an existing database or history
 * under migrate and curate a history: `migrate baseline` (mg_baseline),
 * `migrate squash` (mg_squash), `migrate rebase` (mg_rebase).
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

/* One warning per object the database holds that the model file cannot
 * hold: the baseline does not create it. */
static void
warn_unmanaged(cli *c, const mg_metadata *md)
{
    mg_buf line = MG_BUF_INIT;
    mg_unmanaged u;
    size_t i;

    for (i = 0; i < mg_metadata_unmanaged_count(md); i++) {
        if (mg_metadata_unmanaged_at(md, i, &u) < 0)
            break;
        mg_buf_clear(&line);
        mg_unmanaged_describe(&line, &u);
        cli_warn(c, "not managed (left out of the baseline): %s",
                 mg_buf_cstr(&line));
    }
    mg_buf_release(&line);
}

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
    warn_unmanaged(c, mg_baseline_result_schema(r));
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
    mg_strlist replaced = MG_STRLIST_INIT;
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
    o.message = c->o.message;
    o.template_text = tmpl = cli_read_template(c);
    mg_error_clear(&err);
    rc = mg_squash(&path, &replaced, from, to, &o, &err);
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
