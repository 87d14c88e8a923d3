/* cmd_schema.c - the schema commands: check (the CI gate, mg_check), diff
 * and inspect (schemas read through mg_source_load). check's and diff's
 * findings come from the library in one shape (mg_check_result), data-loss
 * steps flagged the same way in both; this file only prints them. inspect
 * and diff also name, on stderr, what a database holds that migrate does
 * not model. */
#include "cli.h"
#include "output.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const cli_opt opts_check[] = {
    { "no-db", 0, NULL, "skip the database part (pending revisions, schema "
      "drift, checksums)", CLI_SET(no_db) },
    { "dialect", 0, "NAME", "dialect to compare for when no URL is set",
      CLI_VALUE(dialect) },
    { "base", 0, "REF", "also check against git ref REF: its revisions "
      "unchanged, heads joined, new destructive steps warned",
      CLI_VALUE(base) },
    { "strict", 0, NULL, "with --base, destructive steps fail the check",
      CLI_SET(strict) },
    { "roundtrip", 0, NULL, "prove each new revision reversible: upgrade, "
      "downgrade and upgrade it on a scratch database and compare (config: "
      "roundtrip = true)", CLI_SET(roundtrip) },
    { "format", 0, "FMT", "text (default) or github (GitHub Actions "
      "annotations)", CLI_VALUE(format) },
    { "no-cache", 0, NULL, "replay the migrations even when the replay "
      "cache has their schema", CLI_SET(no_cache) },
    CLI_OPT_END
};
const cli_opt opts_diff[] = {
    { "from", 0, "SRC", "schema to start from (models[:PATH], db[:URL], "
      "migrations[@REV], git:REF)", CLI_VALUE(from) },
    { "to", 0, "SRC", "schema to end at", CLI_VALUE(to) },
    { "dialect", 0, "NAME", "dialect to render for (default: the URL's)",
      CLI_VALUE(dialect) },
    { "no-cache", 0, NULL, "replay the migrations even when the replay "
      "cache has their schema", CLI_SET(no_cache) },
    CLI_OPT_END
};
const cli_opt opts_inspect[] = {
    { "from", 0, "SRC", "schema to dump (default: db)", CLI_VALUE(from) },
    { "format", 0, "FMT", "sql (default) or json", CLI_VALUE(format) },
    { "dialect", 0, "NAME", "dialect of the sql output", CLI_VALUE(dialect) },
    { "no-cache", 0, NULL, "replay the migrations even when the replay "
      "cache has their schema", CLI_SET(no_cache) },
    CLI_OPT_END
};

/* Fill o from the config (when there is one; shadow_url too), --url and
 * the environment. */
void
cli_source_opts(cli *c, mg_source_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->url = cli_url(c);
    if (c->cfg) {
        o->models_path = mg_config_models(c->cfg);
        o->versions_dir = mg_config_versions_dir(c->cfg);
        o->version_table = mg_config_version_table(c->cfg);
        o->shadow_url = mg_config_get(c->cfg, "shadow_url");
        o->manage = mg_config_get(c->cfg, "manage");
        o->include_objects = mg_config_get(c->cfg, "include_objects");
        o->exclude_objects = mg_config_get(c->cfg, "exclude_objects");
    } else {
        o->models_path = "models.sql";
        o->versions_dir = "migrations/versions";
    }
    o->cache_dir = cli_cache_dir(c);
    o->cached = &c->cached;
    o->progress = cli_progress_start(&c->replay_progress, c,
                                     "replaying migrations");
}

/* The dialect to render for: --dialect, else the URL's, else SQLite. */
const mg_dialect *
cli_dialect(cli *c, int *rc)
{
    return cli_dialect_for(c, NULL, rc);
}

const mg_dialect *
cli_dialect_for(cli *c, const char *const *specs, int *rc)
{
    const char *name = c->o.dialect;
    const mg_dialect *d = NULL;
    mg_error err;

    *rc = 0;
    mg_error_clear(&err);
    for (; !name && specs && *specs; specs++) {
        if (mg_source_dialect(&d, *specs, &err) < 0) {
            *rc = cli_fail(c, &err);
            return NULL;
        }
        if (d)
            return d;
    }
    if (mg_dialect_resolve(&d, name, name ? NULL : cli_url(c), &err) < 0) {
        *rc = cli_fail(c, &err);
        return NULL;
    }
    return d ? d : mg_dialect_default();
}

static int
load(cli *c, const char *spec, const mg_source_opts *o, const mg_dialect *d,
     mg_metadata **out)
{
    mg_source_opts so = *o;
    mg_error err;

    so.dialect = d;
    mg_error_clear(&err);
    if (mg_source_load(out, spec, &so, &err) < 0)
        return cli_fail(c, &err);
    if (c->verbose && strncmp(spec, "migrations", 10) == 0)
        fprintf(stderr, "migrate: %s: %s\n", spec, c->cached ?
                "schema of the last identical replay, from the replay cache" :
                "replayed on a scratch database");
    return 0;
}

/* One warning per object md's database holds that migrate does not model
 * ("migrate: warning: not managed: view v"), so that none goes unnoticed. */
void
cli_report_unmanaged(cli *c, const mg_metadata *md)
{
    mg_buf line = MG_BUF_INIT;
    mg_unmanaged u;
    size_t i;

    for (i = 0; i < mg_metadata_unmanaged_count(md); i++) {
        if (mg_metadata_unmanaged_at(md, i, &u) < 0)
            break;
        mg_buf_clear(&line);
        mg_unmanaged_describe(&line, &u);
        cli_warn(c, "not managed: %s", mg_buf_cstr(&line));
    }
    mg_buf_release(&line);
}

static int
compare(cli *c, const mg_metadata *have, const mg_metadata *want,
        const mg_dialect *d, const char *version_table, mg_oplist **ops)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_error err;
    int rc;

    mg_version_tables(&ignore, version_table);
    mg_error_clear(&err);
    rc = mg_compare(ops, have, want, d, &ignore, &err);
    mg_strlist_release(&ignore);
    return rc < 0 ? cli_fail(c, &err) : 0;
}

/* The count and the i-th item of a report's findings, or with warn of its
 * warnings. */
static size_t
items_count(const mg_check_result *r, int warn)
{
    return warn ? mg_check_warning_count(r) : mg_check_finding_count(r);
}

static const mg_check_finding *
item_at(const mg_check_result *r, int warn, size_t i)
{
    return warn ? mg_check_warning_at(r, i) : mg_check_finding_at(r, i);
}

static void
json_items(json *j, const mg_check_result *r, int warn)
{
    size_t i;

    json_begin_array(j);
    for (i = 0; i < items_count(r, warn); i++)
        json_string(j, item_at(r, warn, i)->text);
    json_end_array(j);
}

/* The findings again, one object each in the same order ("details" beside
 * "findings", which stay strings as DESIGN shows them): "message",
 * "data_loss" and, where known, "change", "table", "file", "line". */
static void
json_details(json *j, const mg_check_result *r)
{
    size_t i;

    json_begin_array(j);
    for (i = 0; i < mg_check_finding_count(r); i++) {
        const mg_check_finding *it = mg_check_finding_at(r, i);
        json_begin_object(j);
        json_key(j, "message");
        json_string(j, it->text);
        json_key(j, "data_loss");
        json_bool(j, it->data_loss);
        if (it->change) {
            json_key(j, "change");
            json_string(j, it->change);
            json_key(j, "table");
            json_string(j, it->table);
        }
        if (it->file) {
            json_key(j, "file");
            json_string(j, it->file);
            if (it->line > 0) {
                json_key(j, "line");
                json_int(j, it->line);
            }
        }
        json_end_object(j);
    }
    json_end_array(j);
}

/* check's and diff's --json document: {"ok", "findings", "warnings"
 * (check's, with warnings), "details", "sql" (diff's, when not NULL)}. */
static void
print_report_json(const mg_check_result *r, int warnings, const char *sql)
{
    json j;

    json_init(&j, stdout);
    json_begin_object(&j);
    json_key(&j, "ok");
    json_bool(&j, mg_check_result_ok(r));
    json_key(&j, "findings");
    json_items(&j, r, 0);
    if (warnings) {
        json_key(&j, "warnings");
        json_items(&j, r, 1);
    }
    json_key(&j, "details");
    json_details(&j, r);
    if (sql) {
        json_key(&j, "sql");
        json_string(&j, sql);
    }
    json_end_object(&j);
    json_finish(&j);
}

/* The server that speaks for spec when it is the models and other
 * names a database or a replay: that database's (or the replay's); NULL
 * for none. */
static const char *
server_of(const char *spec, const char *other, const mg_source_opts *o)
{
    if (strncmp(spec, "models", 6) != 0)
        return NULL;
    if (strncmp(other, "db:", 3) == 0)
        return other + 3;
    if (strcmp(other, "db") == 0)
        return o->url;
    if (strncmp(other, "migrations", 10) == 0)
        return o->shadow_url ? o->shadow_url : o->url;
    return NULL;
}

/* The server's form of the objects of md, the models spec, when other
 * names a database or a replay (server_of); then its say on md's
 * expressions whose text differs from against's (other, loaded). */
static int
server_form(cli *c, const char *spec, const char *other,
            const mg_source_opts *o, mg_metadata *md,
            const mg_metadata *against)
{
    const char *url = server_of(spec, other, o);
    mg_error err;

    if (!url)
        return 0;
    mg_error_clear(&err);
    if (mg_source_server_form(md, url, &err) < 0 ||
        mg_source_settle(md, against, url, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

/* A schema object as inspect --format json shows it: kind, schema, name,
 * table, definition (null where absent) and depends. */
static void
json_object_item(json *j, const mg_object *o)
{
    size_t i;

    json_begin_object(j);
    json_key(j, "kind");
    json_string(j, mg_object_kind_name(o->kind));
    json_key(j, "schema");
    json_string(j, o->schema);
    json_key(j, "name");
    json_string(j, o->name);
    json_key(j, "table");
    json_string(j, o->table);
    json_key(j, "definition");
    json_string(j, o->definition);
    json_key(j, "depends");
    json_begin_array(j);
    for (i = 0; i < o->depends.n; i++)
        json_string(j, o->depends.v[i]);
    json_end_array(j);
    json_end_object(j);
}

int
cmd_diff(cli *c)
{
    const char *from = c->o.from, *to = c->o.to;
    mg_metadata *a = NULL, *b = NULL;
    mg_check_result *findings = NULL;
    mg_buf sql = MG_BUF_INIT;
    mg_oplist *ops = NULL;
    const mg_dialect *d;
    mg_source_opts o;
    mg_error err;
    int rc;

    if (!from || !to)
        return cli_failf(c, EXIT_USAGE, "diff needs --from SRC and --to SRC");
    cli_source_opts(c, &o);
    if (!(d = cli_dialect_for(c, (const char *const[]){ from, to, NULL },
                              &rc)))
        return rc;
    if ((rc = load(c, from, &o, d, &a)) != 0 ||
        (rc = load(c, to, &o, d, &b)) != 0 ||
        (rc = server_form(c, from, to, &o, a, b)) != 0 ||
        (rc = server_form(c, to, from, &o, b, a)) != 0)
        goto done;
    cli_report_unmanaged(c, a);
    cli_report_unmanaged(c, b);
    if ((rc = compare(c, a, b, d, o.version_table, &ops)) != 0)
        goto done;
    mg_error_clear(&err);
    if (mg_render(&sql, ops, d, &err) < 0 ||
        mg_check_result_from_ops(&findings, ops, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    if (c->json)
        print_report_json(findings, 0, mg_buf_cstr(&sql));
    else
        fputs(mg_buf_cstr(&sql), stdout);
    rc = mg_oplist_count(ops) ? EXIT_DIFF : EXIT_OK;
done:
    mg_oplist_free(ops);
    mg_metadata_free(a);
    mg_metadata_free(b);
    mg_check_result_free(findings);
    mg_buf_release(&sql);
    return rc;
}

int
cli_github_format(cli *c, int *github)
{
    const char *format = c->o.format;

    *github = format && strcmp(format, "github") == 0;
    if (format && !*github && strcmp(format, "text") != 0)
        return cli_failf(c, EXIT_USAGE, "unknown --format '%s' (expected "
                         "text or github)", format);
    if (*github && c->json)
        return cli_failf(c, EXIT_USAGE, "--json and --format github "
                         "cannot be used together");
    return 0;
}

/* "::error file=F,line=N::message", the file relative to the root of
 * the git working tree when there is one (as GitHub wants it). */
static void
github_items(const mg_check_result *r, int warn, const char *level)
{
    size_t i;

    for (i = 0; i < items_count(r, warn); i++) {
        const mg_check_finding *it = item_at(r, warn, i);
        github_annotation(level, it->file, it->line, NULL, it->message);
    }
}

static void
print_check(cli *c, const mg_check_result *r, int github)
{
    size_t i, nf = mg_check_finding_count(r), nw = mg_check_warning_count(r);

    if (c->json) {
        print_report_json(r, 1, NULL);
        return;
    }
    if (github) {
        github_items(r, 0, "error");
        github_items(r, 1, "warning");
    } else {
        for (i = 0; i < nf; i++)
            printf("%s\n", mg_check_finding_at(r, i)->text);
        for (i = 0; i < nw; i++)
            printf("warning: %s\n", mg_check_warning_at(r, i)->text);
    }
    if (c->quiet)
        return;
    if (nf) {
        printf("check failed: %zu finding(s)\n", nf);
        return;
    }
    printf("ok: models, migrations%s agree", mg_check_result_db_checked(r) ?
           " and database" : " (database not checked)");
    if (nw)
        printf(" (%zu warning(s))", nw);
    putchar('\n');
}

/* -v: where check's replayed schema came from (cached: -1 when there was
 * no replay). */
static void
tell_replay(cli *c, int cached)
{
    if (c->verbose && cached >= 0)
        fprintf(stderr, "migrate: migrations: %s\n", cached ?
                "schema of the last identical replay, from the replay cache" :
                "replayed on a scratch database");
}

void
cli_check_urls(cli *c, mg_strlist *urls)
{
    size_t i;

    for (i = 0; i < c->dialects.n; i++) {
        const char *u = mg_config_check_url(c->cfg, c->dialects.v[i]);
        mg_strlist_add(urls, u ? u : "");
    }
}

/* A notice on stderr for each configured dialect check did not replay. */
static void
tell_skipped(cli *c, const mg_check_result *r)
{
    size_t i;

    for (i = 0; !c->quiet && i < mg_check_skipped_count(r); i++) {
        const char *dn = mg_check_skipped_at(r, i);
        mg_buf up = MG_BUF_INIT;
        for (const char *p = dn; *p; p++)
            mg_buf_putc(&up, (char)toupper((unsigned char)*p));
        fprintf(stderr, "migrate: notice: the %s sections were not "
                "replayed: no %s server to check them on (set "
                "check_url.%s in migrate.ini or MIGRATE_CHECK_URL_%s)\n",
                dn, dn, dn, mg_buf_cstr(&up));
        mg_buf_release(&up);
    }
}

/* check: every finding of mg_check, then exit 1 when there is any. With
 * --base REF, also what a pull request must not do to the history
 * committed at REF: edited or deleted revision files and heads that
 * diverged are findings, destructive steps in new revisions warnings
 * (findings with --strict). */
int
cmd_check(cli *c)
{
    mg_check_result *r = NULL;
    mg_strlist urls = MG_STRLIST_INIT;
    mg_check_opts o;
    mg_error err;
    int github = 0, rc;

    if ((rc = cli_github_format(c, &github)) != 0)
        return rc;
    if (c->o.strict && !c->o.base)
        return cli_failf(c, EXIT_USAGE, "--strict needs --base REF");
    mg_check_opts_init(&o);
    cli_source_opts(c, &o.source);
    if (!(o.source.dialect = cli_dialect(c, &rc)))
        return rc;
    mg_error_clear(&err);
    if (c->cfg && !c->dialects.n &&
        mg_config_dialects(c->cfg, &c->dialects, &err) < 0)
        return cli_fail(c, &err);
    if (!c->o.dialect && !cli_url(c) && c->dialects.n)
        o.source.dialect = mg_dialect_find(c->dialects.v[0]);
    o.no_db = c->o.no_db;
    o.base = c->o.base;
    o.strict = c->o.strict;
    o.roundtrip = c->o.roundtrip || (c->cfg && mg_config_roundtrip(c->cfg));
    cli_check_urls(c, &urls);
    o.dialects = &c->dialects;
    o.check_urls = &urls;
    c->cached = -1;
    mg_error_clear(&err);
    rc = mg_check(&r, &o, &err);
    mg_strlist_release(&urls);
    tell_replay(c, c->cached);
    if (rc < 0)
        return cli_fail(c, &err);
    tell_skipped(c, r);
    print_check(c, r, github);
    rc = mg_check_result_ok(r) ? EXIT_OK : EXIT_DIFF;
    mg_check_result_free(r);
    return rc;
}

/* A column's collation and generated expression, each only when it has
 * one: "collation", "generated" with "stored". */
static void
json_column_extras(json *j, const mg_column *col)
{
    if (col->collation) {
        json_key(j, "collation");
        json_string(j, col->collation);
    }
    if (col->generated) {
        json_key(j, "generated");
        json_string(j, col->generated);
        json_key(j, "stored");
        json_bool(j, col->generated_stored);
    }
}

static void
json_table(json *j, const mg_table *t)
{
    size_t i;

    json_begin_object(j);
    json_key(j, "name");
    json_string(j, t->name);
    json_key(j, "columns");
    json_begin_array(j);
    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *col = t->columns[i];
        mg_buf ty = MG_BUF_INIT;
        mg_type_format(&ty, &col->type);
        json_begin_object(j);
        json_key(j, "name");
        json_string(j, col->name);
        json_key(j, "type");
        json_string(j, mg_buf_cstr(&ty));
        json_key(j, "nullable");
        json_bool(j, col->nullable);
        json_key(j, "default");
        json_string(j, col->server_default);
        json_key(j, "autoincrement");
        json_bool(j, col->autoincrement);
        json_column_extras(j, col);
        json_end_object(j);
        mg_buf_release(&ty);
    }
    json_end_array(j);
    json_key(j, "constraints");
    json_begin_array(j);
    for (i = 0; i < t->nconstraints; i++) {
        static const char *const kinds[] = { "primary_key", "unique",
                                             "foreign_key", "check" };
        const mg_constraint *k = t->constraints[i];
        json_begin_object(j);
        json_key(j, "name");
        json_string(j, k->name);
        json_key(j, "type");
        json_string(j, kinds[k->kind]);
        if (k->kind == MG_CONSTRAINT_CHECK) {
            json_key(j, "expression");
            json_string(j, k->expression);
        } else {
            json_key(j, "columns");
            json_strlist(j, &k->columns);
        }
        if (k->kind == MG_CONSTRAINT_FOREIGN_KEY) {
            json_key(j, "references");
            json_string(j, k->ref_table);
            json_key(j, "ref_columns");
            json_strlist(j, &k->ref_columns);
            json_key(j, "on_delete");
            json_string(j, mg_fk_action_sql(k->on_delete));
            json_key(j, "on_update");
            json_string(j, mg_fk_action_sql(k->on_update));
        }
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "indexes");
    json_begin_array(j);
    for (i = 0; i < t->nindexes; i++) {
        const mg_index *ix = t->indexes[i];
        json_begin_object(j);
        json_key(j, "name");
        json_string(j, ix->name);
        json_key(j, "unique");
        json_bool(j, ix->unique);
        json_key(j, "expressions");
        json_strlist(j, &ix->expressions);
        json_key(j, "where");
        json_string(j, ix->where);
        json_end_object(j);
    }
    json_end_array(j);
    json_end_object(j);
}

int
cmd_inspect(cli *c)
{
    const char *from = c->o.from;
    const char *format = c->o.format;
    mg_metadata *md = NULL;
    const mg_dialect *d;
    mg_source_opts o;
    mg_error err;
    size_t i;
    int rc;

    if (c->json && !format)
        format = "json";
    if (format && strcmp(format, "sql") && strcmp(format, "json"))
        return cli_failf(c, EXIT_USAGE, "unknown --format '%s' (expected sql "
                         "or json)", format);
    cli_source_opts(c, &o);
    if (!(d = cli_dialect_for(c, (const char *const[]){ from, NULL }, &rc)))
        return rc;
    if ((rc = load(c, from ? from : "db", &o, d, &md)) != 0)
        return rc;
    cli_report_unmanaged(c, md);
    if (format && strcmp(format, "json") == 0) {
        json j;
        json_init(&j, stdout);
        json_begin_object(&j);
        /* tables in source order: declaration order for models */
        json_key(&j, "tables");
        json_begin_array(&j);
        for (i = 0; i < mg_metadata_table_count(md); i++)
            json_table(&j, mg_metadata_table_at(md, i));
        json_end_array(&j);
        json_key(&j, "objects");
        json_begin_array(&j);
        for (i = 0; i < mg_metadata_object_count(md); i++)
            json_object_item(&j, mg_metadata_object_at(md, i));
        json_end_array(&j);
        json_end_object(&j);
        json_finish(&j);
    } else {
        mg_buf sql = MG_BUF_INIT;
        mg_error_clear(&err);
        if (mg_render_model(&sql, md, d, &err) < 0) {
            mg_buf_release(&sql);
            mg_metadata_free(md);
            return cli_fail(c, &err);
        }
        fputs(mg_buf_cstr(&sql), stdout);
        mg_buf_release(&sql);
    }
    mg_metadata_free(md);
    return EXIT_OK;
}
