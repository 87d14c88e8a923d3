/* cmd_revision.c - `migrate revision` and `migrate merge`: new revision
 * files written through the library's script directory, their SQL from
 * mg_autogenerate with --autogenerate. */
#include "cli.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

const cli_opt opts_revision[] = {
    { "message", 'm', "MSG", "what the revision does (also its file name)",
      CLI_VALUE(message) },
    { "autogenerate", 0, NULL, "fill the revision with the SQL that turns "
      "the database (which must be at head) into the models",
      CLI_SET(autogenerate) },
    { "allow-empty", 0, NULL, "with --autogenerate, write the file even when "
      "nothing changed", CLI_SET(allow_empty) },
    { "from", 0, "SRC", "with --autogenerate, diff from 'db' (default: the "
      "database, at head) or 'migrations' (the revisions replayed on a "
      "scratch database: no database at head needed)", CLI_VALUE(from) },
    { "shadow-url", 0, "URL", "with --from migrations, the server the scratch "
      "database is made on (default: shadow_url in the config, else the "
      "database URL's server; SQLite replays in memory)",
      CLI_VALUE(shadow_url) },
    { "online", 0, NULL, "with --autogenerate, write forms that do not "
      "block writes: CREATE INDEX CONCURRENTLY (in a 'transaction: off' "
      "revision), NOT VALID then VALIDATE, ALGORITHM=INPLACE, LOCK=NONE; "
      "none on SQLite (default: online in the config, else off)",
      CLI_SET(online) },
    { "head", 0, "REV", "parent revision (default: the single head; 'base' "
      "for a new root); repeat for a merge", CLI_LIST(head) },
    { "splice", 0, NULL, "allow --head to name a revision that is not a head",
      CLI_SET(splice) },
    { "branch-label", 0, "LABEL", "a branch label for the new revision",
      CLI_LIST(branch_label) },
    { "depends-on", 0, "REV", "a revision this one depends on (repeatable)",
      CLI_LIST(depends_on) },
    { "rev-id", 0, "ID", "the revision id (1-32 of A-Z a-z 0-9 _) instead of "
      "a random one", CLI_VALUE(rev_id) },
    CLI_OPT_END
};

const cli_opt opts_merge[] = {
    { "message", 'm', "MSG", "what the merge is for", CLI_VALUE(message) },
    { "branch-label", 0, "LABEL", "a branch label for the new revision",
      CLI_LIST(branch_label) },
    { "rev-id", 0, "ID", "the revision id instead of a random one",
      CLI_VALUE(rev_id) },
    CLI_OPT_END
};

/* The "-- dialect:" value of the new file: the configured dialects
 * ("sqlite, postgresql"), else the configured URL's, if any (a URL that
 * cannot be read names none here: writing the file needs no connection),
 * into b. */
static void
target_dialect(cli *c, mg_buf *b)
{
    mg_strlist l = MG_STRLIST_INIT;

    cli_history_dialects(c, &l);
    mg_strlist_join(&l, ", ", b);
    mg_strlist_release(&l);
}

char *
cli_read_template(cli *c)
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

/* --json: {"revision", "path"} of the file written, both null (and
 * "changes": 0) when autogenerate found nothing to write. */
static void
print_written(const char *rev, const char *path, int nothing)
{
    json j;

    json_init(&j, stdout);
    json_begin_object(&j);
    json_key(&j, "revision");
    json_string(&j, rev);
    json_key(&j, "path");
    json_string(&j, path);
    if (nothing) {
        json_key(&j, "changes");
        json_int(&j, 0);
    }
    json_end_object(&j);
    json_finish(&j);
}

static int
write_revision(cli *c, mg_newrev *nr)
{
    char *path = NULL, *rev = NULL, *tmpl;
    mg_buf dialect = MG_BUF_INIT;
    mg_error err;

    tmpl = cli_read_template(c);
    nr->template_text = tmpl;
    target_dialect(c, &dialect);
    nr->dialect = mg_buf_cstr(&dialect);
    mg_error_clear(&err);
    if (mg_scriptdir_new_revision(c->sd, nr, &path, &rev, &err) < 0) {
        free(tmpl);
        mg_buf_release(&dialect);
        return cli_fail(c, &err);
    }
    mg_buf_release(&dialect);
    if (c->json)
        print_written(rev, path, 0);
    else if (!c->quiet) {
        printf("Generating %s ... done\n", path);
    }
    free(tmpl);
    free(path);
    free(rev);
    return EXIT_OK;
}

/* Which schema --autogenerate diffs from: 1 for the replayed migrations,
 * 0 for the database, or a usage error (exit code, negated). */
static int
from_migrations(cli *c)
{
    const char *from = c->o.from;

    if (from && strcmp(from, "migrations") != 0 && strcmp(from, "db") != 0)
        return -cli_failf(c, EXIT_USAGE, "--from takes 'db' or 'migrations', "
                          "not '%s'", from);
    if (c->o.shadow_url && (!from || strcmp(from, "db") == 0))
        return -cli_failf(c, EXIT_USAGE, "--shadow-url is for --from "
                          "migrations");
    return from && strcmp(from, "migrations") == 0;
}

/* A warning for each step of l (the section's) that adds a NOT NULL
 * column without a default: it cannot give the existing rows a value, so
 * say so now rather than when it runs on a table with rows. */
static void
warn_needs_value(cli *c, const mg_oplist *l, const char *section)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;

    for (i = 0; i < mg_oplist_count(l); i++) {
        if (!mg_op_needs_value(mg_oplist_at(l, i)))
            continue;
        mg_buf_clear(&b);
        mg_op_describe_needs_value(&b, mg_oplist_at(l, i));
        cli_warn(c, "the %s needs a value for existing rows: %s", section,
                 mg_buf_cstr(&b));
    }
    mg_buf_release(&b);
}

/* "Detected ..." for each change, a table rebuild's one by one. */
static void
print_detected(cli *c, const mg_oplist *ops)
{
    size_t i, k;

    if (c->quiet || c->json)
        return;
    for (i = 0; i < mg_oplist_count(ops); i++) {
        const mg_op *op = mg_oplist_at(ops, i);
        for (k = 0; k < mg_op_nchanges(op); k++) {
            const mg_op *ch = mg_op_change(op, k);
            mg_buf b = MG_BUF_INIT;
            mg_op_describe(&b, ch);
            printf("Detected %s%s\n", mg_buf_cstr(&b),
                   ch->data_loss ? " (data loss)" : "");
            mg_buf_release(&b);
        }
    }
}

/* "migrate: hint: ..." on stderr for each drop and add that look like a
 * rename the model does not annotate (mg_compare_rename_hints). */
static void
print_rename_hints(cli *c, const mg_oplist *ops)
{
    mg_strlist hints = MG_STRLIST_INIT;
    size_t i;

    if (!c->quiet && mg_compare_rename_hints(&hints, ops, NULL) == 0)
        for (i = 0; i < hints.n; i++)
            fprintf(stderr, "migrate: hint: %s\n", hints.v[i]);
    mg_strlist_release(&hints);
}

/* sql without its final newlines (the template adds its own spacing)
 * into b. */
static void
put_trimmed(mg_buf *b, const char *sql)
{
    size_t n = strlen(sql);

    while (n && sql[n - 1] == '\n')
        n--;
    mg_buf_add(b, sql, n);
}

/* With several configured dialects: one section per dialect, each
 * dialect's SQL trimmed into texts (two per dialect, kept until the file
 * is written). */
static int
dialect_sections(cli *c, mg_newrev *nr, const mg_autogen_result *r,
                 mg_buf *texts)
{
    mg_newrev_section *v;
    size_t i;

    if (!(v = calloc(c->dialects.n, sizeof(*v))))
        return cli_failf(c, EXIT_USAGE, "out of memory");
    for (i = 0; i < c->dialects.n; i++) {
        const mg_dialect *d = mg_dialect_find(c->dialects.v[i]);
        v[i].dialect = c->dialects.v[i];
        put_trimmed(&texts[2 * i], mg_autogen_result_upgrade_sql_for(r, d));
        put_trimmed(&texts[2 * i + 1],
                    mg_autogen_result_downgrade_sql_for(r, d));
        v[i].upgrade_sql = mg_buf_cstr(&texts[2 * i]);
        v[i].downgrade_sql = mg_buf_cstr(&texts[2 * i + 1]);
    }
    nr->sections = v;
    nr->nsections = c->dialects.n;
    return 0;
}

/* Fill nr's SQL sections with mg_autogenerate's diff from the database
 * (which must be at head; or, with --from migrations, the replayed
 * revisions) to the models. *empty is set when there is nothing to do. */
static int
autogenerate(cli *c, mg_newrev *nr, mg_buf *up, mg_buf *down, mg_buf *texts,
             int *empty)
{
    mg_autogen_result *r = NULL;
    mg_oplist *rev = NULL;
    mg_autogen_opts o;
    mg_error err;
    int rc;

    *empty = 0;
    if ((rc = from_migrations(c)) < 0)
        return -rc;
    mg_autogen_opts_init(&o);
    o.from_migrations = rc;
    if (o.from_migrations) {
        if (!(o.source.dialect = cli_dialect(c, &rc)))
            return rc;
        cli_source_opts(c, &o.source);
        if (c->o.shadow_url)
            o.source.shadow_url = c->o.shadow_url;
    } else if ((rc = cli_engine(c, MG_OPEN_READONLY |
                                MG_OPEN_READ_ONCE)) != 0) {
        return rc;
    }
    o.source.models_path = mg_config_models(c->cfg);
    o.source.version_table = mg_config_version_table(c->cfg);
    o.source.manage = mg_config_get(c->cfg, "manage");
    o.source.include_objects = mg_config_get(c->cfg, "include_objects");
    o.source.exclude_objects = mg_config_get(c->cfg, "exclude_objects");
    o.source.scripts = c->sd;
    o.engine = c->engine;
    o.dialects = &c->dialects;
    o.online = c->o.online || mg_config_online(c->cfg);
    mg_error_clear(&err);
    rc = mg_autogenerate(&r, &o, &err);
    cli_engine_close(c);
    if (rc < 0)
        return cli_fail(c, &err);
    *empty = mg_oplist_count(mg_autogen_result_ops(r)) == 0;
    if (mg_oplist_reverse(&rev, mg_autogen_result_ops(r), &err) < 0) {
        mg_autogen_result_free(r);
        return cli_fail(c, &err);
    }
    warn_needs_value(c, mg_autogen_result_ops(r), "upgrade");
    warn_needs_value(c, rev, "downgrade");
    mg_oplist_free(rev);
    print_detected(c, mg_autogen_result_ops(r));
    print_rename_hints(c, mg_autogen_result_ops(r));
    put_trimmed(up, mg_autogen_result_upgrade_sql(r));
    put_trimmed(down, mg_autogen_result_downgrade_sql(r));
    nr->upgrade_sql = mg_buf_cstr(up);
    nr->downgrade_sql = mg_buf_cstr(down);
    nr->transaction_off = !mg_autogen_result_transactional(r);
    rc = c->dialects.n ? dialect_sections(c, nr, r, texts) : 0;
    mg_autogen_result_free(r);
    return rc;
}

int
cmd_revision(cli *c)
{
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT, *texts;
    mg_newrev nr;
    size_t i;
    int rc = 0, empty = 0;

    memset(&nr, 0, sizeof(nr));
    nr.message = c->o.message;
    if (!nr.message)
        nr.message = "";
    nr.rev_id = c->o.rev_id;
    nr.parents = &c->o.head;
    nr.splice = c->o.splice;
    nr.branch_labels = &c->o.branch_label;
    nr.depends_on = &c->o.depends_on;
    if (!c->o.autogenerate && (c->o.from || c->o.shadow_url ||
                               c->o.online))
        return cli_failf(c, EXIT_USAGE, "--%s needs --autogenerate",
                         c->o.from ? "from" : c->o.shadow_url ? "shadow-url"
                                                              : "online");
    if (!(texts = calloc(2 * c->dialects.n + 1, sizeof(*texts))))
        return cli_failf(c, EXIT_USAGE, "out of memory");
    if (c->o.autogenerate &&
        (rc = autogenerate(c, &nr, &up, &down, texts, &empty)) != 0)
        goto done;
    if (empty && !c->o.allow_empty) {
        if (c->json)
            print_written(NULL, NULL, 1);
        else if (!c->quiet)
            printf("No changes in schema detected; no revision written "
                   "(pass --allow-empty to write one anyway)\n");
        goto done;
    }
    rc = write_revision(c, &nr);
done:
    for (i = 0; i < 2 * c->dialects.n; i++)
        mg_buf_release(&texts[i]);
    free(texts);
    free((void *)nr.sections);
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

    if ((rc = merge_parents(c, &parents)) != 0) {
        mg_strlist_release(&parents);
        return rc;
    }
    memset(&nr, 0, sizeof(nr));
    nr.message = c->o.message;
    if (!nr.message) {
        mg_buf_puts(&msg, "merge ");
        mg_strlist_join(&parents, ", ", &msg);
        nr.message = mg_buf_cstr(&msg);
    }
    nr.rev_id = c->o.rev_id;
    nr.parents = &parents;
    nr.branch_labels = &c->o.branch_label;
    rc = write_revision(c, &nr);
    mg_strlist_release(&parents);
    mg_buf_release(&msg);
    return rc;
}
