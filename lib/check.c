/* check.c - `check`, the CI gate, as a library call: the revision graph,
 * the models against the migrations replayed on a scratch database, and
 * the database (version rows, changed revision files, schema) against the
 * models, every difference collected as a finding rather than printed, so
 * the CLI and a C program report the same thing. The database is read on
 * a second thread while a small history is replayed. A history that
 * serves several dialects is replayed once per dialect, each on a scratch
 * database of its own dialect (SQLite in memory; a server dialect on its
 * check server, else skipped and named in the result), and compared with
 * the models as that dialect reads them, so sections that drift apart are
 * caught. */
#include "mg_check.h"
#include "mg_object.h"
#include "mg_git.h"
#include "mg_inspect.h"
#include "mg_compare.h"
#include "mg_runtime.h"
#include "mg_scriptdir.h"
#include "mg_revgraph.h"
#include "mg_revfile.h"
#include "mg_dialect_resolve.h"
#include "mg_dialect.h"
#include "mg_source.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Upgrade SQL up to this size (some 2,000 generated tables) makes a small
 * history, whose schemas check may hold side by side. */
#define CHECK_THREAD_MAX_SQL (1024 * 1024)

/* A growable list of findings, each string owned. */
typedef struct finding_list {
    mg_check_finding *v;
    size_t            n, cap;
} finding_list;

struct mg_check_result {
    finding_list findings, warnings;
    mg_strlist   skipped;      /* dialects not replayed: no server */
    int          db_checked;
    int          oom;          /* a finding could not be recorded */
};

void
mg_check_opts_init(mg_check_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->source.models_path = "models.sql";
    opts->source.versions_dir = "migrations/versions";
}

/* Add a finding: text as shown, msg (NULL: the same) without location,
 * file NULL or "" for none. The finding, or NULL when out of memory (the
 * result remembers it). */
static mg_check_finding *
add(mg_check_result *r, finding_list *l, const char *file, int line,
    const char *text, const char *msg)
{
    mg_check_finding *f;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        mg_check_finding *v = realloc(l->v, cap * sizeof(*v));
        if (!v) {
            r->oom = 1;
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    f = &l->v[l->n++];
    memset(f, 0, sizeof(*f));
    f->file = file && *file ? strdup(file) : NULL;
    f->line = line;
    f->text = strdup(text);
    f->message = strdup(msg ? msg : text);
    if (!f->text || !f->message || (file && *file && !f->file))
        r->oom = 1;
    return f;
}

/* A git issue: shown as "path:line: message". */
static void
add_issue(mg_check_result *r, finding_list *l, const mg_git_issue *is)
{
    mg_buf text = MG_BUF_INIT;

    if (is->path && is->line > 0)
        mg_buf_addf(&text, "%s:%d: ", is->path, is->line);
    else if (is->path)
        mg_buf_addf(&text, "%s: ", is->path);
    mg_buf_puts(&text, is->message);
    add(r, l, is->path, is->line, mg_buf_cstr(&text), is->message);
    mg_buf_release(&text);
}

/* One finding per change of ops, a table rebuild's changes one by one (as
 * on a dialect that alters in place): prefix, the description, and
 * " (data loss)" when the change can lose data. Never SQL text. */
static void
add_ops(mg_check_result *r, const mg_oplist *ops, const char *prefix,
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
            mg_check_finding *f;
            mg_buf_puts(&b, prefix);
            mg_op_describe(&b, ch);
            if (ch->data_loss)
                mg_buf_puts(&b, " (data loss)");
            if ((f = add(r, &r->findings, file, 0, mg_buf_cstr(&b), NULL))) {
                f->change = mg_op_kind_name(ch->kind);
                f->table = t ? strdup(t->name) : NULL;
                f->data_loss = ch->data_loss != 0;
            }
            mg_buf_release(&b);
        }
    }
}

static void
list_release(finding_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        free((char *)l->v[i].text);
        free((char *)l->v[i].message);
        free((char *)l->v[i].file);
        free((char *)l->v[i].table);
    }
    free(l->v);
}

void
mg_check_result_free(mg_check_result *r)
{
    if (!r)
        return;
    list_release(&r->findings);
    list_release(&r->warnings);
    mg_strlist_release(&r->skipped);
    free(r);
}

int
mg_check_result_ok(const mg_check_result *r)
{
    return r->findings.n == 0;
}

int
mg_check_result_db_checked(const mg_check_result *r)
{
    return r->db_checked;
}

size_t
mg_check_finding_count(const mg_check_result *r)
{
    return r->findings.n;
}

const mg_check_finding *
mg_check_finding_at(const mg_check_result *r, size_t i)
{
    return i < r->findings.n ? &r->findings.v[i] : NULL;
}

size_t
mg_check_skipped_count(const mg_check_result *r)
{
    return r->skipped.n;
}

const char *
mg_check_skipped_at(const mg_check_result *r, size_t i)
{
    return i < r->skipped.n ? r->skipped.v[i] : NULL;
}

size_t
mg_check_warning_count(const mg_check_result *r)
{
    return r->warnings.n;
}

const mg_check_finding *
mg_check_warning_at(const mg_check_result *r, size_t i)
{
    return i < r->warnings.n ? &r->warnings.v[i] : NULL;
}

int
mg_check_result_from_ops(mg_check_result **out, const mg_oplist *ops,
                         mg_error *err)
{
    mg_check_result *r;

    if (!(*out = r = calloc(1, sizeof(*r))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    add_ops(r, ops, "", NULL);
    if (r->oom) {
        mg_check_result_free(r);
        *out = NULL;
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    return 0;
}

int
mg_at_head(const mg_strlist *current, const mg_strlist *heads)
{
    size_t i;

    for (i = 0; i < heads->n; i++)
        if (!mg_strlist_contains(current, heads->v[i]))
            return 0;
    for (i = 0; i < current->n; i++)
        if (!mg_strlist_contains(heads, current->v[i]))
            return 0;
    return 1;
}

/* Is the history small enough to hold its replayed schema beside the
 * database's? */
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

/* check's database part: the version rows, the revisions whose checksum
 * changed and the schema, over one read-only connection (a SQLite
 * database's schema is parsed once, and let go once read). It may run on
 * a thread of its own, so it touches nothing but its own fields. */
typedef struct db_part {
    const char         *url, *version_table;
    const mg_source_opts *so;   /* what is managed (read only) */
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
        if (p->rc >= 0)
            p->rc = mg_metadata_manage(p->live, mg_engine_dialect(e),
                                       p->so->manage,
                                       p->so->include_objects,
                                       p->so->exclude_objects, 1, &p->err);
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

/* Compare have with want, the version tables left out. */
static int
compare(mg_oplist **ops, const mg_metadata *have, const mg_metadata *want,
        const mg_dialect *d, const char *version_table, mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    int rc;

    mg_version_tables(&ignore, version_table);
    rc = mg_compare(ops, have, want, d, &ignore, err);
    mg_strlist_release(&ignore);
    return rc;
}

/* The state one mg_check call carries between its parts. */
typedef struct run {
    const mg_check_opts *opts;
    mg_source_opts       so;        /* the sources, dialect resolved */
    mg_check_result     *r;
    mg_scriptdir        *sd;        /* opened here, or NULL */
    const mg_scriptdir  *scripts;   /* the revisions, NULL on a bad graph */
    mg_strlist           heads;
    int                  labelled;  /* several heads, each labelled */
    int                  diverged;  /* base's heads not joined */
    int                  replayed_cached;
} run;

/* The revisions and their heads; an invalid graph is a finding. */
static int
open_scripts(run *st, mg_error *err)
{
    const mg_revgraph *g;
    mg_error e;

    st->scripts = st->so.scripts;
    if (!st->scripts) {
        mg_error_clear(&e);
        if (mg_scriptdir_open(&st->sd, st->so.versions_dir, &e) < 0) {
            if (e.code != MG_EGRAPH) {
                if (err)
                    *err = e;
                return e.code;
            }
            add(st->r, &st->r->findings, e.file, e.line, e.msg, NULL);
            return 0;
        }
        st->scripts = st->sd;
    }
    g = mg_scriptdir_graph(st->scripts);
    mg_revgraph_heads(g, &st->heads, NULL);
    st->labelled = heads_labelled(g, &st->heads);
    st->so.scripts = st->scripts;   /* the replay reads them once */
    return 0;
}

/* Several heads not joined are a finding, unless each is the head of its
 * own branch label or base's heads diverged from them (a finding of its
 * own). With base: what a pull request must not do to the history
 * committed there; destructive steps are warnings unless strict. */
static int
check_heads(run *st, mg_error *err)
{
    mg_git_issues issues = MG_GIT_ISSUES_INIT;
    size_t i;
    int rc;

    if (st->opts->base &&
        (rc = mg_git_check_base(&issues, st->opts->base, st->so.versions_dir,
                                st->scripts, err)) < 0) {
        mg_git_issues_release(&issues);
        return rc;
    }
    for (i = 0; i < issues.n; i++)
        if (issues.v[i].kind == MG_GIT_DIVERGED)
            st->diverged = 1;
    if (st->heads.n > 1 && !st->diverged && !st->labelled) {
        const mg_revfile *rf = mg_scriptdir_file(st->scripts,
                                                 st->heads.v[st->heads.n - 1]);
        mg_buf b = MG_BUF_INIT;
        mg_strlist_join(&st->heads, ", ", &b);
        mg_buf_addf(&b, " are all heads: run 'migrate merge heads'");
        add(st->r, &st->r->findings, rf ? mg_revfile_path(rf) : NULL, 0,
            mg_buf_cstr(&b), NULL);
        mg_buf_release(&b);
    }
    for (i = 0; i < issues.n; i++)
        add_issue(st->r, issues.v[i].kind == MG_GIT_DESTRUCTIVE &&
                  !st->opts->strict ? &st->r->warnings : &st->r->findings,
                  &issues.v[i]);
    mg_git_issues_release(&issues);
    return 0;
}

/* The database part's findings: not at head, changed files, drift. */
static int
db_findings(run *st, db_part *db, mg_metadata *models, mg_error *err)
{
    mg_oplist *ops = NULL;
    size_t i;
    int rc;

    if (st->scripts && st->heads.n && !mg_at_head(&db->cur, &st->heads)) {
        mg_buf b = MG_BUF_INIT;
        mg_buf_puts(&b, "database is not at head: it is at ");
        if (db->cur.n)
            mg_strlist_join(&db->cur, ", ", &b);
        else
            mg_buf_puts(&b, "base");
        mg_buf_puts(&b, st->heads.n > 1 ? ", heads are " : ", head is ");
        mg_strlist_join(&st->heads, ", ", &b);
        mg_buf_addf(&b, " (run 'migrate upgrade %s')",
                    st->heads.n > 1 ? "heads" : "head");
        add(st->r, &st->r->findings, NULL, 0, mg_buf_cstr(&b), NULL);
        mg_buf_release(&b);
    }
    for (i = 0; i < db->changed.n; i++) {
        const mg_revfile *rf = mg_scriptdir_file(st->scripts,
                                                 db->changed.v[i]);
        mg_buf b = MG_BUF_INIT;
        mg_buf_addf(&b, "%s: revision %s was changed after it was applied "
                    "(checksum differs)", rf ? mg_revfile_path(rf) : "?",
                    db->changed.v[i]);
        add(st->r, &st->r->findings, rf ? mg_revfile_path(rf) : NULL, 0,
            mg_buf_cstr(&b), NULL);
        mg_buf_release(&b);
    }
    if ((rc = mg_source_settle(models, db->live, st->so.url, err)) < 0 ||
        (rc = compare(&ops, db->live, models, st->so.dialect,
                      st->so.version_table, err)) < 0)
        return rc;
    add_ops(st->r, ops, "database differs from models: ",
            st->so.models_path);
    mg_oplist_free(ops);
    return 0;
}

/* The prefix of the findings of a replay for dialect d: the dialect is
 * named when the history serves several. */
static void
replay_prefix(mg_buf *b, const run *st, const mg_dialect *d)
{
    mg_buf_puts(b, "models differ from migrations");
    if (st->opts->dialects && st->opts->dialects->n)
        mg_buf_addf(b, " (%s)", mg_dialect_name(d));
    mg_buf_puts(b, ": ");
}

/* The server dialect d's sections are replayed on: its check URL in
 * opts, NULL when none is given. */
static const char *
check_url_of(const run *st, const mg_dialect *d)
{
    return mg_dialect_check_url(st->opts->dialects, st->opts->check_urls, d);
}

/* Another dialect of the history (not the one compared with the
 * database): its sections replayed on a scratch database of its own and
 * compared with the models as it reads them; a server dialect without a
 * check server is skipped and named in the result. */
static int
replay_other(run *st, const mg_dialect *d, mg_error *err)
{
    mg_source_opts so = st->so;
    mg_metadata *models = NULL, *replayed = NULL;
    mg_oplist *ops = NULL;
    const char *server = check_url_of(st, d);
    mg_buf prefix = MG_BUF_INIT;
    int rc;

    if (!d->scratch.url && !server)
        return mg_strlist_add(&st->r->skipped, mg_dialect_name(d)) < 0
               ? mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
    so.dialect = d;
    so.url = server;
    so.shadow_url = server;
    so.cached = NULL;
    if ((rc = mg_source_load(&replayed, "migrations", &so, err)) < 0 ||
        (rc = mg_source_load(&models, "models", &so, err)) < 0 ||
        (rc = mg_source_settle(models, replayed, server, err)) < 0 ||
        (rc = compare(&ops, replayed, models, d, so.version_table,
                      err)) < 0)
        goto done;
    replay_prefix(&prefix, st, d);
    add_ops(st->r, ops, mg_buf_cstr(&prefix), so.models_path);
done:
    mg_buf_release(&prefix);
    mg_oplist_free(ops);
    mg_metadata_free(models);
    mg_metadata_free(replayed);
    return rc < 0 ? rc : 0;
}

/* Every other dialect the history serves (opts->dialects), in turn. */
static int
replay_others(run *st, mg_error *err)
{
    const mg_strlist *l = st->opts->dialects;
    size_t i;
    int rc;

    for (i = 0; l && i < l->n; i++) {
        const mg_dialect *d = NULL;
        if ((rc = mg_dialect_resolve(&d, l->v[i], NULL, err)) < 0)
            return rc;
        if (d != st->so.dialect && (rc = replay_other(st, d, err)) < 0)
            return rc;
    }
    return 0;
}

/* The schemas: the replay (before the models, so that its scratch
 * database is gone before they are read), the models, and the database,
 * read beside the replay on a thread of its own for a small history. A
 * large one is read in turn, each schema let go once compared, so that at
 * most three copies are ever in memory (10,000 tables: 62 MiB instead of
 * 86). */
static int
compare_schemas(run *st, mg_error *err)
{
    mg_metadata *models = NULL, *replayed = NULL;
    mg_oplist *ops = NULL;
    mg_buf prefix = MG_BUF_INIT;
    db_part db;
    pthread_t thread;
    int started = 0, with_db = st->r->db_checked, cached = 0, rc;

    memset(&db, 0, sizeof(db));
    db.url = st->so.url;
    db.so = &st->so;
    db.version_table = st->so.version_table;
    db.sd = st->scripts;
    if (with_db && small_history(st->scripts))
        started = pthread_create(&thread, NULL, db_part_run, &db) == 0;
    st->so.cached = &cached;
    if (check_url_of(st, st->so.dialect))
        st->so.shadow_url = check_url_of(st, st->so.dialect);
    if (st->scripts && (st->heads.n <= 1 || st->labelled)) {
        if ((rc = mg_source_load(&replayed, "migrations", &st->so, err)) < 0)
            goto done;
        if (st->opts->source.cached)
            *st->opts->source.cached = cached;
    }
    if ((rc = mg_source_load(&models, "models", &st->so, err)) < 0)
        goto done;
    /* the server's form of the models' objects, to compare with the
     * replay's server (or the database's: the same dialect) */
    if ((replayed || with_db) &&
        (rc = mg_source_server_form(models, !with_db && st->so.shadow_url ?
                                    st->so.shadow_url : st->so.url,
                                    err)) < 0)
        goto done;
    if (replayed) {
        if ((rc = mg_source_settle(models, replayed, st->so.shadow_url ?
                                   st->so.shadow_url : st->so.url,
                                   err)) < 0 ||
            (rc = compare(&ops, replayed, models, st->so.dialect,
                          st->so.version_table, err)) < 0)
            goto done;
        replay_prefix(&prefix, st, st->so.dialect);
        add_ops(st->r, ops, mg_buf_cstr(&prefix), st->so.models_path);
        mg_oplist_free(ops);
        ops = NULL;
        mg_metadata_free(replayed);
        replayed = NULL;
    }
    if (with_db) {
        if (started)
            pthread_join(thread, NULL);
        else
            db_part_run(&db);
        started = 0;
        if ((rc = db.rc) < 0) {
            if (err)
                *err = db.err;
            goto done;
        }
        if ((rc = db_findings(st, &db, models, err)) < 0)
            goto done;
    }
    mg_metadata_free(models);
    models = NULL;
    if (st->scripts && (st->heads.n <= 1 || st->labelled))
        rc = replay_others(st, err);
done:
    if (started)
        pthread_join(thread, NULL);
    mg_buf_release(&prefix);
    db_part_release(&db);
    mg_oplist_free(ops);
    mg_metadata_free(models);
    mg_metadata_free(replayed);
    return rc < 0 ? rc : 0;
}

/* A round-trip difference as a finding at the section's line. */
static void
roundtrip_found(void *ctx, const char *revision, const char *file, int line,
                const char *message)
{
    mg_check_result *r = ctx;
    mg_buf text = MG_BUF_INIT;

    (void)revision;
    mg_buf_addf(&text, "%s:%d: %s", file, line, message);
    add(r, &r->findings, file, line, mg_buf_cstr(&text), message);
    mg_buf_release(&text);
}

/* check --roundtrip: the new revisions (not committed at base; without
 * base, every one) proved reversible on a scratch database. */
static int
check_roundtrip(run *st, mg_error *err)
{
    mg_strlist skip = MG_STRLIST_INIT, prove = MG_STRLIST_INIT;
    mg_roundtrip_opts ro;
    const mg_revgraph *g;
    const char *const *order;
    size_t i;
    int rc = 0;

    if (!st->opts->roundtrip || !st->scripts)
        return 0;
    g = mg_scriptdir_graph(st->scripts);
    order = mg_revgraph_order(g);
    if (st->opts->base &&
        (rc = mg_git_base_revisions(&skip, st->opts->base,
                                    st->so.versions_dir, err)) < 0)
        goto done;
    for (i = 0; i < mg_revgraph_count(g); i++)
        if (!mg_strlist_contains(&skip, order[i]) &&
            mg_strlist_add(&prove, order[i]) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto done;
        }
    memset(&ro, 0, sizeof(ro));
    ro.scripts = st->scripts;
    ro.dialect = st->so.dialect;
    ro.server_url = st->so.shadow_url && *st->so.shadow_url
                    ? st->so.shadow_url : st->so.url;
    ro.version_table = st->so.version_table;
    ro.revisions = &prove;
    ro.report = roundtrip_found;
    ro.ctx = st->r;
    rc = mg_roundtrip(&ro, err);
done:
    mg_strlist_release(&skip);
    mg_strlist_release(&prove);
    return rc;
}

int
mg_check(mg_check_result **out, const mg_check_opts *opts, mg_error *err)
{
    run st;
    int rc;

    *out = NULL;
    memset(&st, 0, sizeof(st));
    st.opts = opts;
    st.so = opts->source;
    if (!st.so.dialect &&
        (rc = mg_dialect_resolve(&st.so.dialect, NULL, st.so.url, err)) < 0)
        return rc;
    if (!st.so.dialect)
        st.so.dialect = mg_dialect_default();
    if (!(st.r = calloc(1, sizeof(*st.r))))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    st.r->db_checked = st.so.url && !opts->no_db;
    if ((rc = open_scripts(&st, err)) < 0 ||
        (rc = check_heads(&st, err)) < 0 ||
        (rc = compare_schemas(&st, err)) < 0 ||
        (rc = check_roundtrip(&st, err)) < 0)
        goto done;
    if (st.r->oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    if (rc < 0)
        mg_check_result_free(st.r);
    else
        *out = st.r;
    mg_scriptdir_free(st.sd);
    mg_strlist_release(&st.heads);
    return rc < 0 ? rc : 0;
}
