/* scriptdir.c - the versions directory as Alembic's ScriptDirectory: every
 * revision file parsed once, the graph built from them, and new revision
 * files written from the template with the parents resolved against that
 * graph. */
#include "mg_scriptdir.h"
#include "fsutil_int.h"
#include "templates_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct mg_scriptdir {
    char         *path;
    mg_revfile  **files;
    size_t        nfiles;
    size_t        cap;
    mg_revgraph  *graph;
    /* id -> file, an open-addressing table sized to a power of two */
    mg_revfile  **slots;
    size_t        nslots;
};

static size_t
hash_str(const char *s)
{
    size_t h = 1469598103934665603ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int
index_files(mg_scriptdir *sd)
{
    size_t n = 16, i;

    while (n < sd->nfiles * 2)
        n *= 2;
    free(sd->slots);
    if (!(sd->slots = calloc(n, sizeof(*sd->slots))))
        return MG_ENOMEM;
    sd->nslots = n;
    for (i = 0; i < sd->nfiles; i++) {
        size_t h = hash_str(mg_revfile_revision(sd->files[i])) & (n - 1);
        while (sd->slots[h])
            h = (h + 1) & (n - 1);
        sd->slots[h] = sd->files[i];
    }
    return 0;
}

const mg_revfile *
mg_scriptdir_file(const mg_scriptdir *sd, const char *id)
{
    size_t h;

    if (!sd->nslots)
        return NULL;
    h = hash_str(id) & (sd->nslots - 1);
    while (sd->slots[h]) {
        if (strcmp(mg_revfile_revision(sd->slots[h]), id) == 0)
            return sd->slots[h];
        h = (h + 1) & (sd->nslots - 1);
    }
    return NULL;
}

static int
add_file(mg_scriptdir *sd, mg_revfile *rf)
{
    if (sd->nfiles == sd->cap) {
        size_t cap = sd->cap ? sd->cap * 2 : 64;
        mg_revfile **v = realloc(sd->files, cap * sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        sd->files = v;
        sd->cap = cap;
    }
    sd->files[sd->nfiles++] = rf;
    return 0;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The graph of sd's files and, when extra is not NULL, of one more: what
 * the directory's graph would be with it, validated in full. */
static int
graph_of(mg_revgraph **out, const mg_scriptdir *sd, const mg_revfile *extra,
         mg_error *err)
{
    mg_revgraph *g;
    size_t i, n = sd->nfiles + (extra != NULL);
    int rc;

    *out = NULL;
    if ((rc = mg_revgraph_new(&g, err)) < 0)
        return rc;
    for (i = 0; i < n; i++) {
        const mg_revfile *rf = i < sd->nfiles ? sd->files[i] : extra;
        if ((rc = mg_revgraph_add(g, mg_revfile_revision(rf),
                                  mg_revfile_down_revisions(rf),
                                  mg_revfile_depends_on(rf),
                                  mg_revfile_branch_labels(rf),
                                  mg_revfile_path(rf), err)) < 0)
            break;
    }
    if (rc < 0 || (rc = mg_revgraph_build(g, err)) < 0) {
        mg_revgraph_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

/* Make g (built from sd's files) sd's graph. */
static int
set_graph(mg_scriptdir *sd, mg_revgraph *g, mg_error *err)
{
    mg_revgraph_free(sd->graph);
    sd->graph = g;
    if (index_files(sd) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    return 0;
}

/* (Re)build the graph from the files. */
static int
build_graph(mg_scriptdir *sd, mg_error *err)
{
    mg_revgraph *g;
    int rc;

    if ((rc = graph_of(&g, sd, NULL, err)) < 0)
        return rc;
    return set_graph(sd, g, err);
}

int
mg_scriptdir_open(mg_scriptdir **out, const char *versions_dir,
                  mg_error *err)
{
    mg_scriptdir *sd;
    mg_strlist names = MG_STRLIST_INIT;
    struct dirent *de;
    DIR *dir;
    size_t i;
    int rc = 0;

    *out = NULL;
    if (!(dir = opendir(versions_dir)))
        return mg_error_set(err, errno == ENOENT ? MG_ENOTFOUND : MG_EIO,
                            "cannot open versions directory '%s': %s%s",
                            versions_dir, strerror(errno),
                            errno == ENOENT ? " (run 'migrate init')" : "");
    while ((de = readdir(dir)) != NULL) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 5 ||
            strcmp(de->d_name + n - 4, ".sql") != 0)
            continue;
        if (mg_strlist_add(&names, de->d_name) < 0) {
            rc = MG_ENOMEM;
            break;
        }
    }
    closedir(dir);
    if (names.n)
        qsort(names.v, names.n, sizeof(*names.v), cmp_names);
    if (rc < 0 || !(sd = calloc(1, sizeof(*sd))) ||
        !(sd->path = strdup(versions_dir))) {
        if (rc >= 0 && sd)
            free(sd);
        mg_strlist_release(&names);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    for (i = 0; i < names.n; i++) {
        mg_buf path = MG_BUF_INIT;
        mg_revfile *rf;
        mg_fs__join(&path, versions_dir, names.v[i]);
        rc = mg_revfile_load(&rf, mg_buf_cstr(&path), err);
        mg_buf_release(&path);
        if (rc < 0)
            goto fail;
        if (add_file(sd, rf) < 0) {
            mg_revfile_free(rf);
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if ((rc = build_graph(sd, err)) < 0)
        goto fail;
    mg_strlist_release(&names);
    *out = sd;
    return 0;
fail:
    mg_strlist_release(&names);
    mg_scriptdir_free(sd);
    return rc;
}

void
mg_scriptdir_free(mg_scriptdir *sd)
{
    size_t i;

    if (!sd)
        return;
    for (i = 0; i < sd->nfiles; i++)
        mg_revfile_free(sd->files[i]);
    free(sd->files);
    free(sd->slots);
    mg_revgraph_free(sd->graph);
    free(sd->path);
    free(sd);
}

const char *
mg_scriptdir_replaced_by(const mg_scriptdir *sd, const char *id)
{
    const char *const *order = mg_revgraph_order(sd->graph);
    size_t i;

    for (i = 0; i < mg_revgraph_count(sd->graph); i++) {
        const mg_revfile *rf = mg_scriptdir_file(sd, order[i]);
        if (rf && mg_strlist_contains(mg_revfile_replaces(rf), id))
            return order[i];
    }
    return NULL;
}

const char *
mg_scriptdir_path(const mg_scriptdir *sd)
{
    return sd->path;
}

const mg_revgraph *
mg_scriptdir_graph(const mg_scriptdir *sd)
{
    return sd->graph;
}

void
mg_revision_slug(const char *message, char *out)
{
    size_t n = 0;
    int pending = 0;

    for (; message && *message && n < 40; message++) {
        unsigned char c = (unsigned char)*message;
        if (isalnum(c) && c < 0x80) {
            if (pending && n > 0)
                out[n++] = '_';
            pending = 0;
            if (n < 40)
                out[n++] = (char)tolower(c);
        } else {
            pending = 1;
        }
    }
    /* cut at 40, then drop a trailing separator */
    while (n > 0 && out[n - 1] == '_')
        n--;
    out[n] = '\0';
}

static int
random_id(char out[13], mg_error *err)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char raw[6];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    int i;

    if (fd >= 0) {
        ssize_t r = read(fd, raw, sizeof(raw));
        got = r > 0 ? (size_t)r : 0;
        close(fd);
    }
    if (got != sizeof(raw))
        return mg_error_set(err, MG_EIO, "cannot read /dev/urandom");
    for (i = 0; i < 6; i++) {
        out[2 * i] = digits[raw[i] >> 4];
        out[2 * i + 1] = digits[raw[i] & 15];
    }
    out[12] = '\0';
    return 0;
}

/* Resolve the parent refs into down revisions. */
static int
resolve_parents(const mg_scriptdir *sd, const mg_newrev *nr,
                mg_strlist *down, mg_error *err)
{
    static const mg_strlist none = MG_STRLIST_INIT;
    const mg_revgraph *g = sd->graph;
    mg_strlist heads = MG_STRLIST_INIT;
    size_t i, j;
    int rc = 0;

    if (!nr->parents || nr->parents->n == 0) {
        if ((rc = mg_revgraph_heads(g, &heads, err)) < 0)
            return rc;
        if (heads.n > 1) {
            mg_buf list = MG_BUF_INIT;
            mg_strlist_join(&heads, ", ", &list);
            rc = mg_error_set(err, MG_EAMBIGUOUS, "multiple heads (%s): pass "
                              "--head REV (with --splice or a branch "
                              "label), or run 'migrate merge heads'",
                              mg_buf_cstr(&list));
            mg_buf_release(&list);
        } else if (heads.n == 1) {
            rc = mg_strlist_add(down, heads.v[0]);
        }
        mg_strlist_release(&heads);
        return rc;
    }
    for (i = 0; i < nr->parents->n && rc >= 0; i++) {
        mg_strlist got = MG_STRLIST_INIT;
        if ((rc = mg_revgraph_resolve(&got, g, &none, nr->parents->v[i],
                                      err)) < 0)
            break;
        for (j = 0; j < got.n && rc >= 0; j++) {
            if (!nr->splice && !mg_revgraph_is_head(g, got.v[j]))
                rc = mg_error_set(err, MG_EUSAGE, "revision '%s' is not a "
                                  "head; pass --splice to branch from it",
                                  got.v[j]);
            else if (!mg_strlist_contains(down, got.v[j]))
                rc = mg_strlist_add(down, got.v[j]);
        }
        mg_strlist_release(&got);
    }
    return rc;
}

static void
subst(mg_buf *out, const char *tmpl, const char *const *keys,
      const char *const *vals)
{
    const char *p = tmpl;

    while (*p) {
        const char *q = strstr(p, "${");
        size_t k;
        if (!q) {
            mg_buf_puts(out, p);
            break;
        }
        mg_buf_add(out, p, (size_t)(q - p));
        for (k = 0; keys[k]; k++) {
            size_t n = strlen(keys[k]);
            if (strncmp(q + 2, keys[k], n) == 0 && q[2 + n] == '}') {
                mg_buf_puts(out, vals[k]);
                p = q + 3 + n;
                break;
            }
        }
        if (!keys[k]) {
            mg_buf_add(out, q, 2);
            p = q + 2;
        }
    }
}

/* One header line's worth of text: newlines folded to spaces. */
static char *
one_line(const char *s)
{
    char *copy = strdup(s ? s : ""), *p;

    for (p = copy; p && *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return copy;
}

/* The revision of g whose id equals id but for case (the graph holds no
 * two such), or NULL. */
static const char *
case_twin(const mg_revgraph *g, const char *id)
{
    const char *const *order = mg_revgraph_order(g);
    size_t i, n = mg_revgraph_count(g);

    for (i = 0; i < n; i++)
        if (strcasecmp(order[i], id) == 0 && strcmp(order[i], id) != 0)
            return order[i];
    return NULL;
}

int
mg_scriptdir_check_dialects(const mg_scriptdir *sd, const mg_strlist *dialects,
                            mg_error *err)
{
    const char *const *order = mg_revgraph_order(sd->graph);
    size_t i, k, n = mg_revgraph_count(sd->graph);
    const char *sql;
    int up, rc;

    for (i = 0; i < n; i++) {
        const mg_revfile *rf = mg_scriptdir_file(sd, order[i]);
        for (k = 0; rf && k < dialects->n; k++) {
            const char *dn = dialects->v[k];
            if (!mg_revfile_serves(rf, dn))
                return mg_error_set_at(err, MG_EPARSE, mg_revfile_path(rf),
                                       mg_revfile_dialect_line(rf), 0,
                                       "revision '%s' does not serve %s, a "
                                       "configured dialect (it lists %s)",
                                       order[i], dn, mg_revfile_dialect(rf));
            for (up = 1; up >= 0; up--)
                if ((rc = mg_revfile_sql_for(&sql, NULL, rf, dn, up,
                                             err)) < 0)
                    return rc;
        }
    }
    return 0;
}

/* tmpl with its generic section markers ("-- +upgrade", "-- +downgrade"
 * alone on a line) named for dialect, into out. */
static void
name_markers(mg_buf *out, const char *tmpl, const char *dialect)
{
    const char *p = tmpl;

    while (*p) {
        size_t n = strcspn(p, "\n");
        size_t t = n;
        while (t && (p[t - 1] == ' ' || p[t - 1] == '\t' || p[t - 1] == '\r'))
            t--;
        mg_buf_add(out, p, t);
        if ((t == 11 && strncmp(p, "-- +upgrade", 11) == 0) ||
            (t == 13 && strncmp(p, "-- +downgrade", 13) == 0))
            mg_buf_addf(out, " %s", dialect);
        mg_buf_add(out, p + t, n - t);
        p += n;
        if (*p)
            mg_buf_putc(out, *p++);
    }
}

/* The SQL the template's ${upgrade} and ${downgrade} receive for a file of
 * dialect sections: the first section's, then after its downgrade every
 * other section as a marked pair. */
static void
section_texts(mg_buf *up, mg_buf *down, const mg_newrev *nr)
{
    size_t i;

    mg_buf_puts(up, nr->sections[0].upgrade_sql ? nr->sections[0].upgrade_sql
                                                 : "");
    mg_buf_puts(down, nr->sections[0].downgrade_sql
                      ? nr->sections[0].downgrade_sql : "");
    for (i = 1; i < nr->nsections; i++) {
        const mg_newrev_section *s = &nr->sections[i];
        mg_buf_addf(down, "\n\n-- +upgrade %s\n%s\n\n-- +downgrade %s\n%s",
                    s->dialect, s->upgrade_sql ? s->upgrade_sql : "",
                    s->dialect, s->downgrade_sql ? s->downgrade_sql : "");
    }
}

int
mg_scriptdir_new_revision(mg_scriptdir *sd, const mg_newrev *nr,
                          char **path_out, char **rev_out, mg_error *err)
{
    mg_strlist down = MG_STRLIST_INIT, deps = MG_STRLIST_INIT;
    mg_buf text = MG_BUF_INIT, path = MG_BUF_INIT, extra = MG_BUF_INIT;
    mg_buf downs = MG_BUF_INIT, name = MG_BUF_INIT;
    char id[33], slug[41], created[40], *message = NULL;
    const char *twin;
    mg_revfile *rf = NULL;
    mg_revgraph *g = NULL;
    struct tm tm;
    time_t now = time(NULL);
    size_t i;
    int rc = 0;

    if (path_out)
        *path_out = NULL;
    if (rev_out)
        *rev_out = NULL;
    if (nr->rev_id) {
        if (!mg_revision_id_valid(nr->rev_id))
            return mg_error_set(err, MG_EUSAGE, "invalid revision id '%s' "
                                "(expected 1-32 characters of A-Z, a-z, 0-9, "
                                "_)", nr->rev_id);
        /* an id is never a label-invalid form but for a target word */
        if (!mg_branch_label_valid(nr->rev_id))
            return mg_error_set(err, MG_EUSAGE, "invalid revision id '%s' "
                                "(head, heads, base and current are target "
                                "words)", nr->rev_id);
        snprintf(id, sizeof(id), "%s", nr->rev_id);
    } else {
        do {
            if ((rc = random_id(id, err)) < 0)
                return rc;
        } while (mg_revgraph_contains(sd->graph, id));
    }
    if (mg_revgraph_contains(sd->graph, id))
        return mg_error_set(err, MG_EEXISTS, "revision id '%s' already "
                            "exists (%s)", id,
                            mg_revgraph_origin(sd->graph, id));
    if ((twin = case_twin(sd->graph, id)) != NULL)
        return mg_error_set(err, MG_EEXISTS, "revision id '%s' differs only "
                            "in case from '%s' (%s), which a version table "
                            "on MariaDB cannot tell apart", id, twin,
                            mg_revgraph_origin(sd->graph, twin));
    for (i = 0; nr->branch_labels && i < nr->branch_labels->n; i++) {
        const char *l = nr->branch_labels->v[i], *found;
        mg_error probe;
        if (!mg_branch_label_valid(l))
            return mg_error_set(err, MG_EUSAGE, "invalid branch label '%s' "
                                "(a label is not head, heads, base or "
                                "current, does not start with '-', and has "
                                "no white space, '@', ':', ',' or '+')", l);
        if (mg_revgraph_lookup(sd->graph, l, &found, &probe) == 0)
            return mg_error_set(err, MG_EEXISTS, "branch label '%s' is "
                                "already used by revision '%s'", l, found);
    }
    if ((rc = resolve_parents(sd, nr, &down, err)) < 0)
        goto done;
    for (i = 0; nr->depends_on && i < nr->depends_on->n; i++) {
        const char *full;
        if ((rc = mg_revgraph_lookup(sd->graph, nr->depends_on->v[i], &full,
                                     err)) < 0)
            goto done;
        /* keep a label as written: it follows the branch */
        mg_strlist_add(&deps, strncmp(full, nr->depends_on->v[i],
                                      strlen(nr->depends_on->v[i])) == 0
                              ? full : nr->depends_on->v[i]);
    }
    mg_strlist_join(&down, ", ", &downs);
    if (nr->branch_labels && nr->branch_labels->n) {
        mg_buf_puts(&extra, "-- branch_labels: ");
        mg_strlist_join(nr->branch_labels, ", ", &extra);
        mg_buf_putc(&extra, '\n');
    }
    if (deps.n) {
        mg_buf_puts(&extra, "-- depends_on: ");
        mg_strlist_join(&deps, ", ", &extra);
        mg_buf_putc(&extra, '\n');
    }
    if (nr->replaces && nr->replaces->n) {
        mg_buf_puts(&extra, "-- replaces: ");
        mg_strlist_join(nr->replaces, ", ", &extra);
        mg_buf_putc(&extra, '\n');
    }
    if (nr->transaction_off)
        mg_buf_puts(&extra, "-- transaction: off\n");
    gmtime_r(&now, &tm);
    strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S+00:00", &tm);
    message = one_line(nr->message);
    {
        const char *keys[] = { "revision", "down_revision", "message",
                               "created", "dialect", "extra_headers",
                               "upgrade", "downgrade", NULL };
        const char *vals[] = { id, mg_buf_cstr(&downs), message ? message : "",
                               created, nr->dialect ? nr->dialect : "",
                               mg_buf_cstr(&extra),
                               nr->upgrade_sql ? nr->upgrade_sql : "",
                               nr->downgrade_sql ? nr->downgrade_sql : "",
                               NULL };
        const char *tmpl = nr->template_text ? nr->template_text
                                             : mg__tmpl_script;
        mg_buf named = MG_BUF_INIT, up = MG_BUF_INIT, dn = MG_BUF_INIT;
        if (nr->nsections) {
            name_markers(&named, tmpl, nr->sections[0].dialect);
            section_texts(&up, &dn, nr);
            tmpl = mg_buf_cstr(&named);
            vals[6] = mg_buf_cstr(&up);
            vals[7] = mg_buf_cstr(&dn);
        }
        subst(&text, tmpl, keys, vals);
        if (named.oom || up.oom || dn.oom)
            text.oom = 1;
        mg_buf_release(&named);
        mg_buf_release(&up);
        mg_buf_release(&dn);
    }
    mg_revision_slug(nr->message, slug);
    mg_buf_addf(&name, "%s_%s.sql", id, slug);
    mg_fs__join(&path, sd->path, mg_buf_cstr(&name));
    if (text.oom || path.oom || extra.oom || downs.oom || !message) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    /* Parse what we are about to write, so a broken template fails here. */
    if ((rc = mg_revfile_parse(&rf, mg_buf_cstr(&path), text.ptr, text.len,
                               err)) < 0)
        goto done;
    if (strcmp(mg_revfile_revision(rf), id) != 0) {
        rc = mg_error_set(err, MG_EPARSE, "the revision template does not "
                          "write '-- revision: ${revision}'");
        goto done;
    }
    /* Validate the graph with the new revision (labels, ids, parents,
     * dependencies) before anything is written: a file that would break
     * every later command is never left behind. */
    if ((rc = graph_of(&g, sd, rf, err)) < 0)
        goto done;
    if ((rc = mg_fs__write(mg_buf_cstr(&path), text.ptr, text.len, 1,
                           err)) < 0)
        goto done;
    if ((rc = add_file(sd, rf)) < 0) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    rf = NULL;
    rc = set_graph(sd, g, err);
    g = NULL;
    if (rc < 0)
        goto done;
    if (path_out)
        *path_out = strdup(mg_buf_cstr(&path));
    if (rev_out)
        *rev_out = strdup(id);
done:
    mg_revgraph_free(g);
    mg_revfile_free(rf);
    free(message);
    mg_strlist_release(&down);
    mg_strlist_release(&deps);
    mg_buf_release(&text);
    mg_buf_release(&path);
    mg_buf_release(&extra);
    mg_buf_release(&downs);
    mg_buf_release(&name);
    return rc;
}

const char *
mg_template_config(void)
{
    return mg__tmpl_ini;
}

const char *
mg_template_revision(void)
{
    return mg__tmpl_script;
}

const char *
mg_template_models(void)
{
    return mg__tmpl_models;
}
