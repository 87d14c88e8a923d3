/* cmd_revision.c - `migrate revision` and `migrate merge`: new revision
 * files written through the library's script directory. */
#include "cli.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

const cli_opt opts_revision[] = {
    { "message", 'm', "MSG", "what the revision does (also its file name)" },
    { "autogenerate", 0, NULL, "fill the revision with the SQL that turns "
      "the database (which must be at head) into the models" },
    { "allow-empty", 0, NULL, "with --autogenerate, write the file even when "
      "nothing changed" },
    { "from", 0, "SRC", "with --autogenerate, diff from 'db' (default: the "
      "database, at head) or 'migrations' (the revisions replayed on a "
      "scratch database: no database at head needed)" },
    { "shadow-url", 0, "URL", "with --from migrations, the server the scratch "
      "database is made on (default: shadow_url in the config, else the "
      "database URL's server; SQLite replays in memory)" },
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

/* The database must be at the head(s) before its schema is diffed:
 * otherwise the revision would repeat what pending revisions do. */
static int
require_at_head(cli *c)
{
    mg_strlist heads = MG_STRLIST_INIT, cur = MG_STRLIST_INIT;
    mg_buf have = MG_BUF_INIT, want = MG_BUF_INIT;
    mg_error err;
    size_t i;
    int rc = 0, same;

    mg_error_clear(&err);
    mg_revgraph_heads(mg_scriptdir_graph(c->sd), &heads, &err);
    if (mg_current(&cur, c->engine, mg_config_version_table(c->cfg),
                   &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    same = cur.n == heads.n;
    for (i = 0; same && i < cur.n; i++)
        same = mg_strlist_contains(&heads, cur.v[i]);
    if (!same) {
        mg_strlist_join(&cur, ", ", &have);
        mg_strlist_join(&heads, ", ", &want);
        rc = cli_failf(c, EXIT_DIFF, "the database is not at head (it is at "
                       "%s; head is %s): run 'migrate upgrade head' first",
                       cur.n ? mg_buf_cstr(&have) : "base",
                       heads.n ? mg_buf_cstr(&want) : "base");
    }
done:
    mg_strlist_release(&heads);
    mg_strlist_release(&cur);
    mg_buf_release(&have);
    mg_buf_release(&want);
    return rc;
}

/* The schema autogenerate starts from, and the dialect it renders for:
 * the database's, which must be at head. */
static int
database_schema(cli *c, mg_metadata **have, const mg_dialect **d,
                const mg_strlist *ignore)
{
    mg_error err;
    int rc;

    if ((rc = cli_engine(c, MG_OPEN_READONLY | MG_OPEN_READ_ONCE)) != 0 ||
        (rc = require_at_head(c)) != 0)
        return rc;
    *d = mg_engine_dialect(c->engine);
    mg_error_clear(&err);
    if (mg_inspect(have, c->engine, ignore, &err) < 0)
        return cli_fail(c, &err);
    cli_engine_close(c);
    return 0;
}

/* --from migrations: the revisions replayed on a scratch database of the
 * configured URL's dialect (check's replay, through the library), made on
 * --shadow-url's or shadow_url's server, else the URL's. */
static int
replayed_schema(cli *c, mg_metadata **have, const mg_dialect **d)
{
    mg_source_opts o;
    mg_error err;
    int rc;

    if (!(*d = cli_dialect(c, &rc)))
        return rc;
    cli_source_opts(c, &o);
    o.dialect = *d;
    o.scripts = c->sd;
    if (cli_opt_given(c, "shadow-url"))
        o.shadow_url = cli_opt_value(c, "shadow-url");
    mg_error_clear(&err);
    if (mg_source_load(have, "migrations", &o, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

/* Which schema --autogenerate diffs from: 1 for the replayed migrations,
 * 0 for the database, or a usage error (exit code, negated). */
static int
from_migrations(cli *c)
{
    const char *from = cli_opt_value(c, "from");

    if (from && strcmp(from, "migrations") != 0 && strcmp(from, "db") != 0)
        return -cli_failf(c, EXIT_USAGE, "--from takes 'db' or 'migrations', "
                          "not '%s'", from);
    if (cli_opt_given(c, "shadow-url") && (!from || strcmp(from, "db") == 0))
        return -cli_failf(c, EXIT_USAGE, "--shadow-url is for --from "
                          "migrations");
    return from && strcmp(from, "migrations") == 0;
}

/* Fill nr's SQL sections with the diff from the database (or, with --from
 * migrations, the replayed revisions) to the models. *empty is set when
 * there is nothing to do. */
static int
autogenerate(cli *c, mg_newrev *nr, mg_buf *up, mg_buf *down, int *empty)
{
    mg_metadata *have = NULL, *want = NULL;
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_oplist *ops = NULL, *rev = NULL;
    const mg_dialect *d = NULL;
    mg_error err;
    int rc, replay;

    *empty = 0;
    if ((replay = from_migrations(c)) < 0)
        return -replay;
    if ((rc = cli_scripts(c)) != 0)
        return rc;
    mg_version_tables(&ignore, mg_config_version_table(c->cfg));
    if ((rc = replay ? replayed_schema(c, &have, &d)
                     : database_schema(c, &have, &d, &ignore)) != 0)
        goto done;
    mg_error_clear(&err);
    if (mg_model_load_for(&want, mg_config_models(c->cfg), d, &err) < 0 ||
        mg_compare(&ops, have, want, d, &ignore, &err) < 0 ||
        mg_oplist_reverse(&rev, ops, &err) < 0 ||
        mg_render(up, ops, d, &err) < 0 ||
        mg_render(down, rev, d, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    *empty = mg_oplist_count(ops) == 0;
    if (!c->quiet && !c->json) {
        size_t i, k;
        for (i = 0; i < mg_oplist_count(ops); i++) {
            const mg_op *op = mg_oplist_at(ops, i);
            for (k = 0; k < mg_op_nchanges(op); k++) {   /* a rebuild's */
                const mg_op *ch = mg_op_change(op, k);    /* one by one */
                mg_buf b = MG_BUF_INIT;
                mg_op_describe(&b, ch);
                printf("Detected %s%s\n", mg_buf_cstr(&b),
                       ch->data_loss ? " (data loss)" : "");
                mg_buf_release(&b);
            }
        }
    }
    /* drop the final newline: the template adds its own spacing */
    while (up->len && up->ptr[up->len - 1] == '\n')
        up->ptr[--up->len] = '\0';
    while (down->len && down->ptr[down->len - 1] == '\n')
        down->ptr[--down->len] = '\0';
    nr->upgrade_sql = mg_buf_cstr(up);
    nr->downgrade_sql = mg_buf_cstr(down);
done:
    mg_oplist_free(ops);
    mg_oplist_free(rev);
    mg_metadata_free(have);
    mg_metadata_free(want);
    mg_strlist_release(&ignore);
    return rc;
}

int
cmd_revision(cli *c)
{
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT;
    mg_newrev nr;
    int rc = 0, empty = 0;

    memset(&nr, 0, sizeof(nr));
    nr.message = cli_opt_value(c, "message");
    if (!nr.message)
        nr.message = "";
    nr.rev_id = cli_opt_value(c, "rev-id");
    nr.parents = cli_opt_values(c, "head");
    nr.splice = cli_opt_given(c, "splice");
    nr.branch_labels = cli_opt_values(c, "branch-label");
    nr.depends_on = cli_opt_values(c, "depends-on");
    if (!cli_opt_given(c, "autogenerate") && (cli_opt_given(c, "from") ||
                                             cli_opt_given(c, "shadow-url")))
        return cli_failf(c, EXIT_USAGE, "--%s needs --autogenerate",
                         cli_opt_given(c, "from") ? "from" : "shadow-url");
    if (cli_opt_given(c, "autogenerate") &&
        (rc = autogenerate(c, &nr, &up, &down, &empty)) != 0)
        goto done;
    if (empty && !cli_opt_given(c, "allow-empty")) {
        if (c->json)
            printf("{\"revision\":null,\"path\":null,\"changes\":0}\n");
        else if (!c->quiet)
            printf("No changes in schema detected; no revision written "
                   "(pass --allow-empty to write one anyway)\n");
        goto done;
    }
    rc = write_revision(c, &nr);
done:
    mg_buf_release(&up);
    mg_buf_release(&down);
    return rc;
}

/* The distinct revisions the merge arguments name ("heads" names every
 * head), each of which must be a head: merge joins heads, and has no
 * --splice to branch from anything else. */
static int
merge_parents(cli *c, mg_strlist *parents)
{
    static const mg_strlist none = MG_STRLIST_INIT;
    const mg_revgraph *g = mg_scriptdir_graph(c->sd);
    mg_error err;
    size_t j;
    int i;

    for (i = 0; i < c->nargs; i++) {
        mg_strlist got = MG_STRLIST_INIT;
        mg_error_clear(&err);
        if (mg_revgraph_resolve(&got, g, &none, c->args[i], &err) < 0) {
            mg_strlist_release(&got);
            return cli_fail(c, &err);
        }
        for (j = 0; j < got.n; j++) {
            if (!mg_revgraph_is_head(g, got.v[j])) {
                int rc = cli_failf(c, EXIT_USAGE, "revision '%s' is not a "
                                   "head: merge joins heads ('migrate "
                                   "heads' lists them)", got.v[j]);
                mg_strlist_release(&got);
                return rc;
            }
            if (!mg_strlist_contains(parents, got.v[j]))
                mg_strlist_add(parents, got.v[j]);
        }
        mg_strlist_release(&got);
    }
    if (parents->n < 2)
        return cli_failf(c, EXIT_USAGE, "merge needs at least two heads "
                         "(there %s %zu)", parents->n == 1 ? "is" : "are",
                         parents->n);
    return 0;
}

int
cmd_merge(cli *c)
{
    mg_strlist parents = MG_STRLIST_INIT;
    mg_buf msg = MG_BUF_INIT;
    mg_newrev nr;
    int rc;

    if ((rc = cli_scripts(c)) != 0 || (rc = merge_parents(c, &parents)) != 0) {
        mg_strlist_release(&parents);
        return rc;
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
