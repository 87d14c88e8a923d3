/* squash.c - `migrate squash FROM:TO`: a linear run of revisions replaced
 * by one whose SQL is computed, not concatenated: the migrations are
 * replayed up to the run's parent and up to its end, the two schemas
 * compared, and the difference rendered both ways. The new revision keeps
 * the id of the run's last revision, so every database already past the
 * run sees no change at all and the revisions after it need no edit; the
 * others are listed in "-- replaces:". The file is first written under a
 * fresh id (so mg_scriptdir_new_revision validates it against the graph
 * like any new revision), then given its id, and only then are the old
 * files removed. A history of several dialects (the last revision's
 * "-- dialect:" lists more than one) is replayed and rendered per
 * dialect, each on a scratch database of its own (a server dialect on its
 * check server), and the file has one section pair per dialect. */
#include "mg_curate.h"
#include "adopt_int.h"
#include "mg_compare.h"
#include "mg_dialect_resolve.h"
#include "mg_file.h"
#include "mg_op.h"
#include "mg_render.h"
#include "mg_scriptdir.h"
#include "mg_revfile.h"
#include "mg_dialect.h"
#include "fsutil_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most dialect sections a squash writes (every dialect a build can
 * have). */
#define MG_SQUASH_MAX_DIALECTS 8

/* The run from..to, newest first, into run. Each revision but from must
 * have one parent; from must be reached. */
static int
collect_run(mg_strlist *run, const mg_revgraph *g, const char *from,
            const char *to, mg_error *err)
{
    const char *cur = to;

    for (;;) {
        const mg_strlist *down = mg_revgraph_down_revisions(g, cur);
        if (mg_strlist_add(run, cur) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        if (strcmp(cur, from) == 0)
            return 0;
        if (!down || down->n == 0)
            return mg_error_set(err, MG_EUSAGE, "'%s' is not an ancestor "
                                "of '%s': squash takes FROM:TO with FROM "
                                "below TO", from, to);
        if (down->n > 1)
            return mg_error_set(err, MG_EUSAGE, "revision '%s' between "
                                "'%s' and '%s' is a merge point: squash "
                                "takes a linear run", cur, from, to);
        cur = down->v[0];
    }
}

/* Refuse a run with a branch point inside, a merge at its start, branch
 * labels or dependencies, and one another revision depends on. */
static int
check_run(const mg_revgraph *g, const mg_strlist *run, mg_error *err)
{
    const char *const *order = mg_revgraph_order(g);
    const char *from = run->v[run->n - 1];
    size_t i, k;

    if (mg_revgraph_down_revisions(g, from)->n > 1)
        return mg_error_set(err, MG_EUSAGE, "revision '%s' is a merge "
                            "point: squash a run that starts after it",
                            from);
    for (i = 0; i < run->n; i++) {
        const char *id = run->v[i];
        if (i > 0 && mg_revgraph_children(g, id)->n > 1)
            return mg_error_set(err, MG_EUSAGE, "revision '%s' is a branch "
                                "point (%zu children): squash takes a "
                                "linear run", id,
                                mg_revgraph_children(g, id)->n);
        if (mg_revgraph_branch_labels(g, id)->n ||
            mg_revgraph_depends_on(g, id)->n)
            return mg_error_set(err, MG_EUSAGE, "revision '%s' has branch "
                                "labels or depends_on: squash leaves such "
                                "revisions alone", id);
    }
    for (i = 0; i < mg_revgraph_count(g); i++)
        for (k = 1; k < run->n; k++)
            if (mg_strlist_contains(mg_revgraph_depends_on(g, order[i]),
                                    run->v[k]))
                return mg_error_set(err, MG_EUSAGE, "revision '%s' depends "
                                    "on '%s', which squash would remove",
                                    order[i], run->v[k]);
    return 0;
}

/* The dialect the source options replay for: theirs, else their URL's,
 * else the default. */
static int
source_dialect(const mg_dialect **d, const mg_source_opts *so,
               mg_error *err)
{
    int rc;

    *d = so->dialect;
    if (!*d && (rc = mg_dialect_resolve(d, NULL, so->url, err)) < 0)
        return rc;
    if (!*d)
        *d = mg_dialect_default();
    return 0;
}

/* The upgrade and downgrade SQL from the schema at parent (NULL: base) to
 * the schema at to, each replayed with so (its dialect set). */
static int
render_run(mg_buf *up, mg_buf *down, const mg_scriptdir *sd,
           const char *parent, const char *to, mg_source_opts so,
           mg_error *err)
{
    mg_strlist ignore = MG_STRLIST_INIT;
    mg_metadata *before = NULL, *after = NULL;
    mg_buf spec = MG_BUF_INIT;
    int rc;

    so.scripts = sd;
    mg_version_tables(&ignore, so.version_table);
    if (parent)
        mg_buf_addf(&spec, "migrations@%s", parent);
    rc = parent ? mg_source_load(&before, mg_buf_cstr(&spec), &so, err)
                : mg_metadata_new(&before, err);
    mg_buf_clear(&spec);
    mg_buf_addf(&spec, "migrations@%s", to);
    if (rc == 0 &&
        (rc = mg_source_load(&after, mg_buf_cstr(&spec), &so, err)) == 0)
        rc = mg_adopt__render_diff(up, down, before, after, so.dialect,
                                   &ignore, err);
    mg_metadata_free(before);
    mg_metadata_free(after);
    mg_strlist_release(&ignore);
    mg_buf_release(&spec);
    return rc;
}

/* MG_EUSAGE: server dialect d has no check server to replay on. */
static int
no_server(const mg_dialect *d, mg_error *err)
{
    const char *name = mg_dialect_name(d);
    char upper[64];
    size_t i;

    for (i = 0; name[i] && i + 1 < sizeof(upper); i++)
        upper[i] = (char)toupper((unsigned char)name[i]);
    upper[i] = '\0';
    return mg_error_set(err, MG_EUSAGE, "no %s server to replay the %s "
                        "sections on: squash writes one section per dialect "
                        "of the history (set check_url.%s in migrate.ini or "
                        "MIGRATE_CHECK_URL_%s)", name, name, name, upper);
}

/* The source options that replay dialect d's sections: opts' own for
 * their dialect (main), else d's scratch database, on its check server
 * for a server dialect (MG_EUSAGE when there is none). */
static int
replay_opts(mg_source_opts *so, const mg_squash_opts *o,
            const mg_dialect *main, const mg_dialect *d, mg_error *err)
{
    const char *server = mg_dialect_check_url(o->dialects, o->check_urls, d);

    *so = o->source;
    so->dialect = d;
    so->cached = NULL;
    if (d == main) {
        if (server)
            so->shadow_url = server;
        return 0;
    }
    if (!d->scratch.url && !server)
        return no_server(d, err);
    so->url = server;
    so->shadow_url = server;
    return 0;
}

/* One upgrade/downgrade pair per dialect the run's last revision serves
 * (its "-- dialect:" list, when it names more than one), into v (n of
 * them, *n set) with their texts in texts (two per dialect); *n = 0 for
 * a revision of one dialect. */
static int
render_sections(mg_newrev_section *v, size_t *n, mg_buf *texts,
                const mg_scriptdir *sd, const char *parent, const char *to,
                const mg_squash_opts *o, mg_error *err)
{
    const mg_strlist *names = mg_revfile_dialects(mg_scriptdir_file(sd, to));
    const mg_dialect *main;
    size_t i;
    int rc;

    *n = 0;
    if (!names || names->n < 2)
        return 0;
    if ((rc = source_dialect(&main, &o->source, err)) < 0)
        return rc;
    for (i = 0; i < names->n && i < MG_SQUASH_MAX_DIALECTS; i++) {
        const mg_dialect *d = NULL;
        mg_source_opts so;
        if ((rc = mg_dialect_resolve(&d, names->v[i], NULL, err)) < 0 ||
            (rc = replay_opts(&so, o, main, d, err)) < 0 ||
            (rc = render_run(&texts[2 * i], &texts[2 * i + 1], sd, parent,
                             to, so, err)) < 0)
            return rc;
        v[i].dialect = mg_dialect_name(d);
        v[i].upgrade_sql = mg_buf_cstr(&texts[2 * i]);
        v[i].downgrade_sql = mg_buf_cstr(&texts[2 * i + 1]);
        *n = i + 1;
    }
    return 0;
}

/* The file at tmp_path (revision tmp_id) written again as revision id at
 * path, and tmp_path removed. */
static int
give_id(const char *tmp_path, const char *tmp_id, const char *id,
        const char *path, mg_error *err)
{
    mg_buf from = MG_BUF_INIT;
    const char *at = NULL;
    char *text = NULL;
    size_t len;
    int rc;

    mg_buf_addf(&from, "-- revision: %s\n", tmp_id);
    rc = mg_fs__read(tmp_path, &text, &len, err);
    if (rc == 0 && !(at = strstr(text, mg_buf_cstr(&from))))
        rc = mg_error_set(err, MG_EPARSE, "%s: no '-- revision: %s' line",
                          tmp_path, tmp_id);
    if (rc == 0) {
        mg_buf out = MG_BUF_INIT;
        mg_buf_add(&out, text, (size_t)(at - text));
        mg_buf_addf(&out, "-- revision: %s\n", id);
        mg_buf_puts(&out, at + from.len);
        rc = mg_file_write(path, mg_buf_cstr(&out), out.len, 0, err);
        mg_buf_release(&out);
    }
    remove(tmp_path);
    free(text);
    mg_buf_release(&from);
    return rc;
}

/* The default message: the run's messages, oldest first, joined. */
static void
run_message(mg_buf *b, const mg_scriptdir *sd, const mg_strlist *run)
{
    size_t i;

    for (i = run->n; i-- > 0;) {
        const mg_revfile *rf = mg_scriptdir_file(sd, run->v[i]);
        const char *m = rf ? mg_revfile_message(rf) : "";
        if (!*m)
            continue;
        if (b->len)
            mg_buf_puts(b, "; ");
        mg_buf_puts(b, m);
    }
    if (!b->len)
        mg_buf_puts(b, "squash");
}

/* Write the squash file (revision to, parent, replacing the rest of run;
 * up and down, or with nsections one pair per dialect) and remove the
 * run's old files. */
static int
write_squash(char **path_out, mg_scriptdir *sd, const mg_strlist *run,
             const char *parent, const char *up, const char *down,
             const mg_newrev_section *sections, size_t nsections,
             const mg_squash_opts *o, mg_error *err)
{
    mg_strlist parents = MG_STRLIST_INIT, replaces = MG_STRLIST_INIT;
    mg_strlist old = MG_STRLIST_INIT;
    mg_buf msg = MG_BUF_INIT, path = MG_BUF_INIT;
    const char *to = run->v[0];
    char *tmp_path = NULL, *tmp_id = NULL, *slash, slug[41];
    mg_newrev nr;
    size_t i;
    int rc;

    for (i = run->n; i-- > 1;)
        mg_strlist_add(&replaces, run->v[i]);
    for (i = 0; i < run->n; i++)
        mg_strlist_add(&old, mg_revfile_path(mg_scriptdir_file(sd,
                                                               run->v[i])));
    mg_strlist_add(&parents, parent ? parent : "base");
    if (o->message)
        mg_buf_puts(&msg, o->message);
    else
        run_message(&msg, sd, run);
    memset(&nr, 0, sizeof(nr));
    nr.message = mg_buf_cstr(&msg);
    nr.parents = &parents;
    nr.splice = 1;
    nr.dialect = mg_revfile_dialect(mg_scriptdir_file(sd, to));
    nr.upgrade_sql = up;
    nr.downgrade_sql = down;
    nr.sections = sections;
    nr.nsections = nsections;
    nr.template_text = o->template_text;
    nr.replaces = &replaces;
    if ((rc = mg_scriptdir_new_revision(sd, &nr, &tmp_path, &tmp_id,
                                        err)) < 0)
        goto done;
    mg_revision_slug(nr.message, slug);
    mg_buf_puts(&path, tmp_path);
    slash = strrchr(tmp_path, '/');
    path.len = slash ? (size_t)(slash - tmp_path) + 1 : 0;
    path.ptr[path.len] = '\0';
    mg_buf_addf(&path, "%s_%s.sql", to, slug);
    if ((rc = give_id(tmp_path, tmp_id, to, mg_buf_cstr(&path), err)) < 0)
        goto done;
    for (i = 0; i < old.n; i++)
        if (strcmp(old.v[i], mg_buf_cstr(&path)) != 0)
            remove(old.v[i]);
    if (path_out)
        *path_out = strdup(mg_buf_cstr(&path));
done:
    free(tmp_path);
    free(tmp_id);
    mg_strlist_release(&parents);
    mg_strlist_release(&replaces);
    mg_strlist_release(&old);
    mg_buf_release(&msg);
    mg_buf_release(&path);
    return rc;
}

int
mg_squash(char **path_out, mg_strlist *replaced_out, const char *from,
          const char *to, const mg_squash_opts *opts, mg_error *err)
{
    mg_strlist run = MG_STRLIST_INIT;
    mg_buf up = MG_BUF_INIT, down = MG_BUF_INIT;
    mg_buf texts[2 * MG_SQUASH_MAX_DIALECTS];
    mg_newrev_section sections[MG_SQUASH_MAX_DIALECTS];
    mg_source_opts so = opts->source;
    mg_scriptdir *sd = NULL;
    const mg_revgraph *g;
    const mg_strlist *parents;
    const char *f, *t, *p;
    size_t i, nsections = 0;
    int rc;

    memset(texts, 0, sizeof(texts));   /* MG_BUF_INIT each */

    if (path_out)
        *path_out = NULL;
    if ((rc = mg_scriptdir_open(&sd, opts->source.versions_dir, err)) < 0)
        return rc;
    g = mg_scriptdir_graph(sd);
    if ((rc = mg_revgraph_lookup(g, from, &f, err)) < 0 ||
        (rc = mg_revgraph_lookup(g, to, &t, err)) < 0 ||
        (rc = collect_run(&run, g, f, t, err)) < 0 ||
        (rc = check_run(g, &run, err)) < 0)
        goto done;
    parents = mg_revgraph_down_revisions(g, f);
    p = parents->n ? parents->v[0] : NULL;
    if ((rc = render_sections(sections, &nsections, texts, sd, p, t, opts,
                              err)) < 0 ||
        (!nsections && (rc = source_dialect(&so.dialect, &opts->source,
                                            err)) < 0) ||
        (!nsections && (rc = render_run(&up, &down, sd, p, t, so,
                                        err)) < 0) ||
        (rc = write_squash(path_out, sd, &run, p, mg_buf_cstr(&up),
                           mg_buf_cstr(&down), sections, nsections, opts,
                           err)) < 0)
        goto done;
    for (i = run.n; replaced_out && i-- > 1;)
        mg_strlist_add(replaced_out, run.v[i]);
done:
    mg_strlist_release(&run);
    mg_buf_release(&up);
    mg_buf_release(&down);
    for (i = 0; i < 2 * MG_SQUASH_MAX_DIALECTS; i++)
        mg_buf_release(&texts[i]);
    mg_scriptdir_free(sd);
    return rc;
}
