/* cmd_schema.c - the schema commands: check (the CI gate), diff and
 * inspect. Each reads schemas through mg_source_load and reports the
 * operations between them, data-loss steps flagged the same way in both
 * check and diff. */
#include "cli.h"
#include "output.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const cli_opt opts_check[] = {
    { "no-db", 0, NULL, "skip the database part (pending revisions, schema "
      "drift, checksums)" },
    { "dialect", 0, "NAME", "dialect to compare for when no URL is set" },
    { "base", 0, "REF", "also check against git ref REF: its revisions "
      "unchanged, heads joined, new destructive steps warned" },
    { "strict", 0, NULL, "with --base, destructive steps fail the check" },
    { "format", 0, "FMT", "text (default) or github (GitHub Actions "
      "annotations)" },
    { "no-cache", 0, NULL, "replay the migrations even when the replay "
      "cache has their schema" },
    { NULL, 0, NULL, NULL }
};
const cli_opt opts_diff[] = {
    { "from", 0, "SRC", "schema to start from (models[:PATH], db[:URL], "
      "migrations[@REV], git:REF)" },
    { "to", 0, "SRC", "schema to end at" },
    { "dialect", 0, "NAME", "dialect to render for (default: the URL's)" },
    { "no-cache", 0, NULL, "replay the migrations even when the replay "
      "cache has their schema" },
    { NULL, 0, NULL, NULL }
};
const cli_opt opts_inspect[] = {
    { "from", 0, "SRC", "schema to dump (default: db)" },
    { "format", 0, "FMT", "sql (default) or json" },
    { "dialect", 0, "NAME", "dialect of the sql output" },
    { "no-cache", 0, NULL, "replay the migrations even when the replay "
      "cache has their schema" },
    { NULL, 0, NULL, NULL }
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
    const char *name = cli_opt_value(c, "dialect"), *url;
    const mg_dialect *d;
    mg_url *u = NULL;
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
    if (!name && (url = cli_url(c)) != NULL) {
        mg_error_clear(&err);
        if (mg_url_parse(&u, url, &err) < 0) {
            *rc = cli_fail(c, &err);
            return NULL;
        }
        d = mg_dialect_find(mg_url_scheme(u));
        mg_url_free(u);
        if (!d)
            *rc = cli_failf(c, EXIT_USAGE, "the dialect of the URL is not "
                            "compiled into this build");
        return d;
    }
    if (!(d = name ? mg_dialect_find(name) : mg_dialect_default()))
        *rc = cli_failf(c, EXIT_USAGE, "unknown dialect '%s'", name);
    return d;
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

/* One finding of check's or diff's report: the text shown in text and
 * JSON output, for annotations the file, line and message without the
 * location, and for a schema change its kind, table and data loss. */
typedef struct check_item {
    char *text;
    char *file;         /* NULL when no file is concerned */
    int   line;         /* 0 when unknown */
    char *msg;
    const char *change; /* mg_op_kind_name of a schema change, or NULL */
    char *table;        /* the table a schema change is on */
    int   data_loss;    /* the change can lose data */
} check_item;

typedef struct check_list {
    check_item *v;
    size_t      n, cap;
} check_list;

/* Add an item; text is what text and JSON output show, msg (NULL: the
 * same) what an annotation at file:line says. The item, or NULL when out
 * of memory. */
static check_item *
check_add(check_list *l, const char *file, int line, const char *text,
          const char *msg)
{
    check_item *it;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        check_item *v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    it = &l->v[l->n++];
    memset(it, 0, sizeof(*it));
    it->file = file && *file ? strdup(file) : NULL;
    it->line = line;
    it->text = strdup(text);
    it->msg = strdup(msg ? msg : text);
    return it;
}

/* A library issue: shown as "path:line: message". */
static void
check_add_issue(check_list *l, const mg_git_issue *is)
{
    mg_buf text = MG_BUF_INIT;

    if (is->path && is->line > 0)
        mg_buf_addf(&text, "%s:%d: ", is->path, is->line);
    else if (is->path)
        mg_buf_addf(&text, "%s: ", is->path);
    mg_buf_puts(&text, is->message);
    check_add(l, is->path, is->line, mg_buf_cstr(&text), is->message);
    mg_buf_release(&text);
}

/* One finding per change of ops, a table rebuild's changes one by one
 * (as on a dialect that alters in place): prefix, the description, and
 * " (data loss)" when the change can lose data. Never SQL text. */
static void
check_add_ops(check_list *l, const mg_oplist *ops, const char *prefix,
              const char *file)
{
    size_t i, k;

    for (i = 0; i < mg_oplist_count(ops); i++) {
        const mg_op *op = mg_oplist_at(ops, i);
        for (k = 0; k < mg_op_nchanges(op); k++) {
            const mg_op *ch = mg_op_change(op, k);
            const mg_table *t = ch->new_table ? ch->new_table
                                              : ch->old_table;
            mg_buf b = MG_BUF_INIT;
            check_item *it;
            mg_buf_puts(&b, prefix);
            mg_op_describe(&b, ch);
            if (ch->data_loss)
                mg_buf_puts(&b, " (data loss)");
            if ((it = check_add(l, file, 0, mg_buf_cstr(&b), NULL))) {
                it->change = mg_op_kind_name(ch->kind);
                it->table = t ? strdup(t->name) : NULL;
                it->data_loss = ch->data_loss != 0;
            }
            mg_buf_release(&b);
        }
    }
}

static void
check_release(check_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        free(l->v[i].text);
        free(l->v[i].file);
        free(l->v[i].msg);
        free(l->v[i].table);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static void
json_items(json *j, const check_list *l)
{
    size_t i;

    json_begin_array(j);
    for (i = 0; i < l->n; i++)
        json_string(j, l->v[i].text ? l->v[i].text : "");
    json_end_array(j);
}

/* The items again, one object each in the same order ("details" beside
 * "findings", which stay strings as DESIGN shows them): "message",
 * "data_loss" and, where known, "change", "table", "file", "line". */
static void
json_details(json *j, const check_list *l)
{
    size_t i;

    json_begin_array(j);
    for (i = 0; i < l->n; i++) {
        const check_item *it = &l->v[i];
        json_begin_object(j);
        json_key(j, "message");
        json_string(j, it->text ? it->text : "");
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
 * (check's, when not NULL), "details", "sql" (diff's, when not NULL)}. */
static void
print_report_json(const check_list *findings, const check_list *warnings,
                  const char *sql)
{
    json j;

    json_init(&j, stdout);
    json_begin_object(&j);
    json_key(&j, "ok");
    json_bool(&j, findings->n == 0);
    json_key(&j, "findings");
    json_items(&j, findings);
    if (warnings) {
        json_key(&j, "warnings");
        json_items(&j, warnings);
    }
    json_key(&j, "details");
    json_details(&j, findings);
    if (sql) {
        json_key(&j, "sql");
        json_string(&j, sql);
    }
    json_end_object(&j);
    json_finish(&j);
}

/* diff's report: the SQL, or with --json the document above. */
static void
print_diff(cli *c, const check_list *findings, const char *sql)
{
    if (c->json) {
        print_report_json(findings, NULL, sql);
        return;
    }
    fputs(sql, stdout);
}

int
cmd_diff(cli *c)
{
    const char *from = cli_opt_value(c, "from"), *to = cli_opt_value(c, "to");
    mg_metadata *a = NULL, *b = NULL;
    check_list findings = { NULL, 0, 0 };
    mg_buf sql = MG_BUF_INIT;
    mg_oplist *ops = NULL;
    const mg_dialect *d;
    mg_source_opts o;
    mg_error err;
    int rc;

    if (!from || !to)
        return cli_failf(c, EXIT_USAGE, "diff needs --from SRC and --to SRC");
    /* sources may be given in full: no config is needed */
    if ((rc = cli_config_optional(c)) != 0)
        return rc;
    cli_source_opts(c, &o);
    if (!(d = cli_dialect_for(c, (const char *const[]){ from, to, NULL },
                              &rc)))
        return rc;
    if ((rc = load(c, from, &o, d, &a)) != 0 ||
        (rc = load(c, to, &o, d, &b)) != 0 ||
        (rc = compare(c, a, b, d, o.version_table, &ops)) != 0)
        goto done;
    mg_error_clear(&err);
    if (mg_render(&sql, ops, d, &err) < 0) {
        rc = cli_fail(c, &err);
        goto done;
    }
    check_add_ops(&findings, ops, "", NULL);
    print_diff(c, &findings, mg_buf_cstr(&sql));
    rc = mg_oplist_count(ops) ? EXIT_DIFF : EXIT_OK;
done:
    mg_oplist_free(ops);
    mg_metadata_free(a);
    mg_metadata_free(b);
    check_release(&findings);
    mg_buf_release(&sql);
    return rc;
}

/* GitHub workflow commands escape %, CR and LF everywhere, and ':' and
 * ',' in property values. */
static void
github_escape(FILE *f, const char *s, int property)
{
    for (; *s; s++) {
        if (*s == '%')
            fputs("%25", f);
        else if (*s == '\r')
            fputs("%0D", f);
        else if (*s == '\n')
            fputs("%0A", f);
        else if (property && *s == ':')
            fputs("%3A", f);
        else if (property && *s == ',')
            fputs("%2C", f);
        else
            fputc(*s, f);
    }
}

/* "::error file=F,line=N::message", the file relative to the root of
 * the git working tree when there is one (as GitHub wants it). */
static void
github_items(const check_list *l, const char *level)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        const check_item *it = &l->v[i];
        printf("::%s", level);
        if (it->file) {
            mg_buf rel = MG_BUF_INIT;
            const char *f = it->file;
            if (mg_git_relpath(&rel, it->file, NULL) == 0 && rel.len)
                f = mg_buf_cstr(&rel);
            fputs(" file=", stdout);
            github_escape(stdout, f, 1);
            printf(",line=%d", it->line > 0 ? it->line : 1);
            mg_buf_release(&rel);
        }
        fputs("::", stdout);
        github_escape(stdout, it->msg ? it->msg : "", 0);
        fputc('\n', stdout);
    }
}

static void
print_check(cli *c, const check_list *findings, const check_list *warnings,
            int github)
{
    int ok = findings->n == 0;
    size_t i;

    if (c->json) {
        print_report_json(findings, warnings, NULL);
        return;
    }
    if (github) {
        github_items(findings, "error");
        github_items(warnings, "warning");
    } else {
        for (i = 0; i < findings->n; i++)
            printf("%s\n", findings->v[i].text ? findings->v[i].text : "");
        for (i = 0; i < warnings->n; i++)
            printf("warning: %s\n",
                   warnings->v[i].text ? warnings->v[i].text : "");
    }
    if (c->quiet)
        return;
    if (!ok) {
        printf("check failed: %zu finding(s)\n", findings->n);
        return;
    }
    /* worded as print_findings words it */
    printf("ok: models, migrations%s agree",
           cli_opt_given(c, "no-db") || !cli_url(c) ? " (database not "
           "checked)" : " and database");
    if (warnings->n)
        printf(" (%zu warning(s))", warnings->n);
    putchar('\n');
}

/* check: every finding, then exit 1 when there is any. With --base REF,
 * also what a pull request must not do to the history committed at REF
 * (mg_git_check_base): edited or deleted revision files and heads that
 * diverged are findings, destructive steps in new revisions warnings
 * (findings with --strict). */
/* check's database part: the version rows, the revisions whose checksum
 * changed and the schema, over one read-only connection (a SQLite
 * database's schema is parsed once, and let go once read). It runs on a
 * thread of its own, so it touches nothing but its own fields and prints
 * nothing. */
/* Upgrade SQL up to this size (some 2,000 generated tables) makes a small
 * history, whose schemas check may hold side by side. */
#define CHECK_THREAD_MAX_SQL (1024 * 1024)

static int
small_history(const mg_scriptdir *sd)
{
    const mg_revgraph *g = sd ? mg_scriptdir_graph(sd) : NULL;
    const char *const *order = g ? mg_revgraph_order(g) : NULL;
    size_t i, n = g ? mg_revgraph_count(g) : 0, total = 0;

    for (i = 0; i < n && total <= CHECK_THREAD_MAX_SQL; i++) {
        const mg_revfile *rf = mg_scriptdir_file(sd, order[i]);
        const char *up = rf ? mg_revfile_upgrade_sql(rf, NULL) : NULL;
        total += up ? strlen(up) : 0;
    }
    return total <= CHECK_THREAD_MAX_SQL;
}

typedef struct db_part {
    const char         *url, *version_table;
    const mg_scriptdir *sd;
    mg_strlist          cur, changed;
    mg_metadata        *live;
    mg_error            err;
    int                 rc;
} db_part;

static void *
db_part_run(void *arg)
{
    db_part *p = arg;
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_engine *e = NULL;
    mg_error unused;

    mg_error_clear(&p->err);
    if ((p->rc = mg_engine_open(&e, p->url, MG_OPEN_READONLY |
                                MG_OPEN_READ_ONCE, &p->err)) < 0)
        return NULL;
    if ((p->rc = mg_current(&p->cur, e, p->version_table, &p->err)) >= 0) {
        if (p->sd)
            mg_changed_revisions(&p->changed, e, p->sd, p->version_table,
                                 &unused);
        mg_version_tables(&ignore, p->version_table);
        p->rc = mg_inspect(&p->live, e, &ignore, &p->err);
        mg_strlist_release(&ignore);
    }
    mg_engine_free(e);
    return NULL;
}

static void
db_part_release(db_part *p)
{
    mg_strlist_release(&p->cur);
    mg_strlist_release(&p->changed);
    mg_metadata_free(p->live);
}

/* Are the several heads independent labelled branches, each the only head
 * of a branch label of its own (DESIGN: check passes them, as Alembic
 * allows)? */
static int
heads_labelled(const mg_revgraph *g, const mg_strlist *heads)
{
    size_t i;

    for (i = 0; i < heads->n; i++)
        if (!mg_revgraph_head_label(g, heads->v[i]))
            return 0;
    return 1;
}

/* Do the version rows name exactly the heads? */
static int
at_heads(const mg_strlist *rows, const mg_strlist *heads)
{
    size_t i;

    for (i = 0; i < heads->n; i++)
        if (!mg_strlist_contains(rows, heads->v[i]))
            return 0;
    return rows->n == heads->n;
}

int
cmd_check(cli *c)
{
    check_list findings = { NULL, 0, 0 }, warnings = { NULL, 0, 0 };
    mg_strlist heads = MG_STRLIST_INIT;
    mg_metadata *models = NULL, *replayed = NULL;
    mg_git_issues issues = MG_GIT_ISSUES_INIT;
    db_part db = { 0 };
    pthread_t db_thread;
    int started = 0;
    const char *base = cli_opt_value(c, "base");
    const char *format = cli_opt_value(c, "format");
    int strict = cli_opt_given(c, "strict"), github = 0, diverged = 0;
    int with_db, labelled = 0;
    mg_oplist *ops = NULL;
    const mg_dialect *d;
    mg_source_opts o;
    mg_error err;
    size_t i;
    int rc;

    if (format && strcmp(format, "github") == 0)
        github = 1;
    else if (format && strcmp(format, "text") != 0)
        return cli_failf(c, EXIT_USAGE, "unknown --format '%s' (expected "
                         "text or github)", format);
    if (github && c->json)
        return cli_failf(c, EXIT_USAGE, "--json and --format github "
                         "cannot be used together");
    if (strict && !base)
        return cli_failf(c, EXIT_USAGE, "--strict needs --base REF");
    if ((rc = cli_config(c)) != 0)
        return rc;
    cli_source_opts(c, &o);
    /* --no-db leaves the database alone; its server, if configured, still
     * hosts the scratch database that PostgreSQL and MariaDB migrations
     * are replayed on */
    with_db = o.url && !cli_opt_given(c, "no-db");
    if (!(d = cli_dialect(c, &rc)))
        return rc;
    mg_error_clear(&err);
    if (mg_scriptdir_open(&c->sd, o.versions_dir, &err) < 0) {
        if (err.code != MG_EGRAPH)
            return cli_fail(c, &err);
        check_add(&findings, err.file, err.line, err.msg, NULL);
    } else {
        mg_revgraph_heads(mg_scriptdir_graph(c->sd), &heads, &err);
        labelled = heads_labelled(mg_scriptdir_graph(c->sd), &heads);
        o.scripts = c->sd;    /* the replay reads them once, not twice */
    }
    if (base) {
        mg_error_clear(&err);
        if (mg_git_check_base(&issues, base, o.versions_dir, c->sd,
                              &err) < 0) {
            rc = cli_fail(c, &err);
            goto done;
        }
        for (i = 0; i < issues.n; i++)
            if (issues.v[i].kind == MG_GIT_DIVERGED)
                diverged = 1;
    }
    if (heads.n > 1 && !diverged && !labelled) {
        const mg_revfile *rf = mg_scriptdir_file(c->sd, heads.v[heads.n - 1]);
        mg_buf b = MG_BUF_INIT;
        mg_strlist_join(&heads, ", ", &b);
        mg_buf_addf(&b, " are all heads: run 'migrate merge heads'");
        check_add(&findings, rf ? mg_revfile_path(rf) : NULL, 0,
                  mg_buf_cstr(&b), NULL);
        mg_buf_release(&b);
    }
    for (i = 0; i < issues.n; i++)
        check_add_issue(issues.v[i].kind == MG_GIT_DESTRUCTIVE && !strict ?
                        &warnings : &findings, &issues.v[i]);
    /* A small history: the database is read on a second thread while the
     * migrations are replayed and the models read and compared with them.
     * A large one: each in turn, and each schema let go once compared, so
     * that at most three copies are ever in memory (10,000 tables: 62 MiB
     * instead of 86). */
    db.url = o.url;
    db.version_table = o.version_table;
    db.sd = c->sd;
    if (with_db && small_history(c->sd))
        started = pthread_create(&db_thread, NULL, db_part_run, &db) == 0;
    /* The replay before the models: its scratch database is gone before
     * they are read, so the two never weigh on memory together. */
    if (c->sd && (heads.n <= 1 || labelled) &&
        (rc = load(c, "migrations", &o, d, &replayed)) != 0)
        goto done;
    if ((rc = load(c, "models", &o, d, &models)) != 0)
        goto done;
    if (replayed) {
        if ((rc = compare(c, replayed, models, d, o.version_table, &ops)) != 0)
            goto done;
        check_add_ops(&findings, ops, "models differ from migrations: ",
                      o.models_path);
        mg_oplist_free(ops);
        ops = NULL;
        mg_metadata_free(replayed);
        replayed = NULL;
    }
    if (with_db) {
        if (started)
            pthread_join(db_thread, NULL);
        else
            db_part_run(&db);
        started = 0;
        if (db.rc < 0) {
            rc = cli_fail(c, &db.err);
            goto done;
        }
        if (c->sd && heads.n && !at_heads(&db.cur, &heads)) {
            mg_buf b = MG_BUF_INIT;
            mg_buf_puts(&b, "database is not at head: it is at ");
            if (db.cur.n)
                mg_strlist_join(&db.cur, ", ", &b);
            else
                mg_buf_puts(&b, "base");
            mg_buf_puts(&b, heads.n > 1 ? ", heads are " : ", head is ");
            mg_strlist_join(&heads, ", ", &b);
            mg_buf_addf(&b, " (run 'migrate upgrade %s')",
                        heads.n > 1 ? "heads" : "head");
            check_add(&findings, NULL, 0, mg_buf_cstr(&b), NULL);
            mg_buf_release(&b);
        }
        for (i = 0; i < db.changed.n; i++) {
            const mg_revfile *rf = mg_scriptdir_file(c->sd, db.changed.v[i]);
            mg_buf b = MG_BUF_INIT;
            mg_buf_addf(&b, "%s: revision %s was changed after it was "
                        "applied (checksum differs)",
                        rf ? mg_revfile_path(rf) : "?", db.changed.v[i]);
            check_add(&findings, rf ? mg_revfile_path(rf) : NULL, 0,
                      mg_buf_cstr(&b), NULL);
            mg_buf_release(&b);
        }
        if ((rc = compare(c, db.live, models, d, o.version_table, &ops)) != 0)
            goto done;
        check_add_ops(&findings, ops, "database differs from models: ",
                      o.models_path);
    }
    print_check(c, &findings, &warnings, github);
    rc = findings.n ? EXIT_DIFF : EXIT_OK;
done:
    if (started)
        pthread_join(db_thread, NULL);
    db_part_release(&db);
    mg_oplist_free(ops);
    mg_metadata_free(models);
    mg_metadata_free(replayed);
    mg_git_issues_release(&issues);
    check_release(&findings);
    check_release(&warnings);
    mg_strlist_release(&heads);
    return rc;
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
    const char *from = cli_opt_value(c, "from");
    const char *format = cli_opt_value(c, "format");
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
    if ((rc = cli_config_optional(c)) != 0)
        return rc;
    cli_source_opts(c, &o);
    if (!(d = cli_dialect_for(c, (const char *const[]){ from, NULL }, &rc)))
        return rc;
    if ((rc = load(c, from ? from : "db", &o, d, &md)) != 0)
        return rc;
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
