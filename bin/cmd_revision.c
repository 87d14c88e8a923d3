/* cmd_revision.c - `migrate revision` and `migrate merge`: new revision
 * files written through the library's script directory. */
#include "cli.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

const cli_opt opts_revision[] = {
    { "message", 'm', "MSG", "what the revision does (also its file name)" },
    { "autogenerate", 0, NULL, "fill the revision with the SQL that turns "
      "the database into the models" },
    { "head", 0, "REV", "parent revision (default: the single head; 'base' "
      "for a new root); repeat for a merge" },
    { "splice", 0, NULL, "allow --head to name a revision that is not a head" },
    { "branch-label", 0, "LABEL", "a branch label for the new revision" },
    { "depends-on", 0, "REV", "a revision this one depends on (repeatable)" },
    { "rev-id", 0, "ID", "the revision id (1-32 of A-Z a-z 0-9 _) instead of "
      "a random one" },
    { NULL, 0, NULL, NULL }
};

const cli_opt opts_merge[] = {
    { "message", 'm', "MSG", "what the merge is for" },
    { "branch-label", 0, "LABEL", "a branch label for the new revision" },
    { "rev-id", 0, "ID", "the revision id instead of a random one" },
    { NULL, 0, NULL, NULL }
};

/* The dialect the new file is written for: the configured URL's, if any. */
static const char *
target_dialect(cli *c)
{
    const char *url = cli_url(c);
    const char *name = NULL;
    mg_url *u = NULL;
    mg_error err;

    if (url && mg_url_parse(&u, url, &err) == 0) {
        const mg_dialect *d = mg_dialect_find(mg_url_scheme(u));
        if (d)
            name = mg_dialect_name(d);
    }
    mg_url_free(u);
    return name;
}

static char *
read_template(cli *c)
{
    mg_buf path = MG_BUF_INIT, text = MG_BUF_INIT;
    char chunk[4096];
    size_t n;
    FILE *f;

    mg_buf_addf(&path, "%s/script.sql.tmpl",
                mg_config_script_location(c->cfg));
    f = fopen(mg_buf_cstr(&path), "rb");
    mg_buf_release(&path);
    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(&text, chunk, n);
    fclose(f);
    return mg_buf_detach(&text);
}

static int
write_revision(cli *c, mg_newrev *nr)
{
    char *path = NULL, *rev = NULL, *tmpl;
    mg_error err;
    int rc;

    if ((rc = cli_scripts(c)) != 0)
        return rc;
    tmpl = read_template(c);
    nr->template_text = tmpl;
    nr->dialect = target_dialect(c);
    mg_error_clear(&err);
    if (mg_scriptdir_new_revision(c->sd, nr, &path, &rev, &err) < 0) {
        free(tmpl);
        return cli_fail(c, &err);
    }
    if (c->json) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        json_key(&j, "revision");
        json_string(&j, rev);
        json_key(&j, "path");
        json_string(&j, path);
        json_end_object(&j);
        json_finish(&j);
    } else if (!c->quiet) {
        printf("Generating %s ... done\n", path);
    }
    free(tmpl);
    free(path);
    free(rev);
    return EXIT_OK;
}

int
cmd_revision(cli *c)
{
    mg_newrev nr;

    if (cli_opt_given(c, "autogenerate"))
        return cli_failf(c, EXIT_USAGE, "--autogenerate is not available in "
                         "this version of migrate yet");
    memset(&nr, 0, sizeof(nr));
    nr.message = cli_opt_value(c, "message");
    if (!nr.message)
        nr.message = "";
    nr.rev_id = cli_opt_value(c, "rev-id");
    nr.parents = cli_opt_values(c, "head");
    nr.splice = cli_opt_given(c, "splice");
    nr.branch_labels = cli_opt_values(c, "branch-label");
    nr.depends_on = cli_opt_values(c, "depends-on");
    return write_revision(c, &nr);
}

int
cmd_merge(cli *c)
{
    mg_strlist parents = MG_STRLIST_INIT;
    mg_buf msg = MG_BUF_INIT;
    mg_newrev nr;
    int i, rc, nheads = 0;

    if ((rc = cli_scripts(c)) != 0)
        return rc;
    for (i = 0; i < c->nargs; i++) {
        if (strcmp(c->args[i], "heads") == 0) {
            mg_strlist heads = MG_STRLIST_INIT;
            mg_error err;
            mg_revgraph_heads(mg_scriptdir_graph(c->sd), &heads, &err);
            nheads += (int)heads.n;
            mg_strlist_release(&heads);
        } else {
            nheads++;
        }
        mg_strlist_add(&parents, c->args[i]);
    }
    if (nheads < 2) {
        mg_strlist_release(&parents);
        return cli_failf(c, EXIT_USAGE, "merge needs at least two revisions "
                         "(there %s %d)", nheads == 1 ? "is" : "are", nheads);
    }
    memset(&nr, 0, sizeof(nr));
    nr.message = cli_opt_value(c, "message");
    if (!nr.message) {
        mg_buf_puts(&msg, "merge ");
        mg_strlist_join(&parents, ", ", &msg);
        nr.message = mg_buf_cstr(&msg);
    }
    nr.rev_id = cli_opt_value(c, "rev-id");
    nr.parents = &parents;
    nr.branch_labels = cli_opt_values(c, "branch-label");
    rc = write_revision(c, &nr);
    mg_strlist_release(&parents);
    mg_buf_release(&msg);
    return rc;
}
