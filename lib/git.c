/* git.c - reading models and revision files as committed at a git ref
 * (libgit2), for the git:REF source and `check --base REF`.
 *
 * Paths a user gives are paths in the working tree; a ref holds paths
 * relative to the repository root. Both sides are made real (absolute,
 * symbolic links resolved, as far as the path exists) before one is cut
 * from the other, so a config in a subdirectory, a symlinked checkout or
 * "../models" all find the same blob. Everything that opens a repository
 * fails with MG_EUSAGE when configure did not find libgit2; the issue list
 * is shared with the destructive-step scan (destructive.c), which needs
 * no repository. */
#include "mg_git.h"
#include "mg_model.h"
#include "mg_split.h"
#include "mg_engine.h"
#include "mg_dialect.h"
#include "fsutil_int.h"
#include "git_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef MG_WITH_LIBGIT2
# include "git_api_int.h"
#endif

/* ---- issues ----------------------------------------------------------- */

void
mg_git_issues_release(mg_git_issues *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].message);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

int
mg_git__issue_add(mg_git_issues *l, int kind, const char *path, int line,
          const char *message, mg_error *err)
{
    mg_git_issue *it;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        mg_git_issue *v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    it = &l->v[l->n];
    it->kind = kind;
    it->line = line;
    it->path = path ? strdup(path) : NULL;
    it->message = strdup(message);
    if ((path && !it->path) || !it->message) {
        free(it->path);
        free(it->message);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    l->n++;
    return 0;
}

#ifdef MG_WITH_LIBGIT2

/* ---- paths ------------------------------------------------------------ */

/* path made absolute and real: "." and ".." removed, and the longest
 * prefix that exists resolved by realpath (the rest need not exist).
 * dir_out, when given, receives the deepest existing directory, where a
 * repository search can start. */
static int
real_path(mg_buf *out, mg_buf *dir_out, const char *path, mg_error *err)
{
    mg_strlist parts = MG_STRLIST_INIT;
    mg_buf abs = MG_BUF_INIT, prefix = MG_BUF_INIT;
    char cwd[PATH_MAX], real[PATH_MAX];
    const char *p;
    size_t k, i;
    int rc = 0;

    if (path[0] != '/') {
        if (!getcwd(cwd, sizeof(cwd)))
            return mg_error_set(err, MG_EIO, "cannot get the current "
                                "directory: %s", strerror(errno));
        mg_buf_addf(&abs, "%s/", cwd);
    }
    mg_buf_puts(&abs, path);
    for (p = mg_buf_cstr(&abs); *p; ) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (parts.n)
                free(parts.v[--parts.n]);
        } else if (n && !(n == 1 && p[0] == '.')) {
            if (mg_strlist_addn(&parts, p, n) < 0) {
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
                goto done;
            }
        }
        p += n;
        if (*p)
            p++;
    }
    for (k = parts.n + 1; k-- > 0; ) {
        struct stat st;
        mg_buf_clear(&prefix);
        mg_buf_putc(&prefix, '/');
        for (i = 0; i < k; i++)
            mg_buf_addf(&prefix, "%s%s", i ? "/" : "", parts.v[i]);
        if (!realpath(mg_buf_cstr(&prefix), real))
            continue;
        mg_buf_puts(out, real);
        for (i = k; i < parts.n; i++)
            mg_buf_addf(out, "%s%s", out->len && out->ptr[out->len - 1] ==
                        '/' ? "" : "/", parts.v[i]);
        if (dir_out) {
            mg_buf_puts(dir_out, real);
            if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode)) {
                char *slash = strrchr(dir_out->ptr, '/');
                if (slash && slash != dir_out->ptr) {
                    *slash = '\0';
                    dir_out->len = (size_t)(slash - dir_out->ptr);
                }
            }
        }
        break;
    }
    if (out->oom || abs.oom || prefix.oom || (dir_out && dir_out->oom))
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    mg_strlist_release(&parts);
    mg_buf_release(&abs);
    mg_buf_release(&prefix);
    return rc;
}

/* libgit2's last message for code, prefixed by what. */
static int
git_fail(mg_error *err, int code, const char *what)
{
    const git_error *e = git_error_last();

    return mg_error_set(err, code, "%s: %s", what,
                        e && e->message ? e->message : "libgit2 error");
}

/* An open repository, its real working-tree root and a tree. */
typedef struct gitrepo {
    git_repository *repo;
    char           *root;   /* real path of the working tree */
    git_tree       *tree;   /* tree of the ref, NULL until resolved */
} gitrepo;

static void
repo_close(gitrepo *g)
{
    git_tree_free(g->tree);
    git_repository_free(g->repo);
    free(g->root);
    memset(g, 0, sizeof(*g));
    git_libgit2_shutdown();
}

/* Open the repository holding start_dir (GIT_DIR wins when set). */
static int
repo_open(gitrepo *g, const char *start_dir, mg_error *err)
{
    const char *gitdir = getenv("GIT_DIR"), *wd;
    char real[PATH_MAX];
    int rc;

    memset(g, 0, sizeof(*g));
    if ((rc = git_api_load(err)) < 0)
        return rc;
    if (git_libgit2_init() < 0)
        return git_fail(err, MG_ERROR, "cannot initialise libgit2");
    if (gitdir && *gitdir)
        rc = git_repository_open_ext(&g->repo, NULL,
                                     GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
    else
        rc = git_repository_open_ext(&g->repo, start_dir, 0, NULL);
    if (rc == GIT_ENOTFOUND) {
        rc = mg_error_set(err, MG_EUSAGE, "'%s' is not in a git repository",
                          start_dir);
        goto fail;
    }
    if (rc < 0) {
        rc = git_fail(err, MG_EIO, "cannot open the git repository");
        goto fail;
    }
    if (!(wd = git_repository_workdir(g->repo))) {
        rc = mg_error_set(err, MG_EUSAGE, "the git repository at '%s' has "
                          "no working tree", git_repository_path(g->repo));
        goto fail;
    }
    if (!realpath(wd, real)) {
        rc = mg_error_set(err, MG_EIO, "cannot resolve '%s': %s", wd,
                          strerror(errno));
        goto fail;
    }
    if (!(g->root = strdup(real))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto fail;
    }
    return 0;
fail:
    repo_close(g);
    return rc;
}

/* A real path (from real_path) relative to the repository root. */
static int
repo_rel(mg_buf *out, const gitrepo *g, const char *real, const char *shown,
         mg_error *err)
{
    size_t n = strlen(g->root);

    if (strcmp(g->root, "/") == 0)
        n = 0;
    if (strcmp(real, g->root) == 0)
        return 0;
    if (strncmp(real, g->root, n) != 0 || real[n] != '/')
        return mg_error_set(err, MG_EUSAGE, "'%s' is outside the git "
                            "repository at '%s'", shown, g->root);
    return mg_buf_puts(out, real + n + 1) < 0 ?
           mg_error_set(err, MG_ENOMEM, "out of memory") : 0;
}

/* 1 (err set) when ref is HEAD (HEAD~1, HEAD^...) or the branch HEAD is
 * on, and that branch has no commits yet, as in a repository with no
 * commits: "unknown git ref 'HEAD'" alone would puzzle. */
static int
unborn_ref(const gitrepo *g, const char *ref, mg_error *err)
{
    git_reference *head = NULL;
    const char *target, *branch;
    int hit = 0;

    if (git_repository_head_unborn(g->repo) != 1 ||
        git_reference_lookup(&head, g->repo, "HEAD") < 0)
        return 0;
    target = git_reference_symbolic_target(head);
    if (target) {
        branch = strncmp(target, "refs/heads/", 11) == 0 ? target + 11
                                                          : target;
        hit = (strncmp(ref, "HEAD", 4) == 0 &&
               (!ref[4] || strchr("~^@", ref[4]))) ||
              strcmp(ref, branch) == 0 || strcmp(ref, target) == 0;
        if (hit)
            mg_error_set(err, MG_EUSAGE, "unknown git ref '%s': branch '%s' "
                         "has no commits yet", ref, branch);
    }
    git_reference_free(head);
    return hit;
}

/* Resolve ref to its tree. */
static int
repo_tree(gitrepo *g, const char *ref, mg_error *err)
{
    git_object *obj = NULL, *tree = NULL;
    int rc;

    if (!*ref)
        return mg_error_set(err, MG_EUSAGE, "empty git ref (expected "
                            "git:REF or git:REF:PATH)");
    rc = git_revparse_single(&obj, g->repo, ref);
    if ((rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) &&
        unborn_ref(g, ref, err))
        return MG_EUSAGE;
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return mg_error_set(err, MG_EUSAGE, "unknown git ref '%s'", ref);
    if (rc == GIT_EAMBIGUOUS)
        return mg_error_set(err, MG_EUSAGE, "git ref '%s' is ambiguous",
                            ref);
    if (rc < 0)
        return git_fail(err, MG_EUSAGE, "cannot resolve git ref");
    rc = git_object_peel(&tree, obj, GIT_OBJECT_TREE);
    git_object_free(obj);
    if (rc < 0)
        return mg_error_set(err, MG_EUSAGE, "git ref '%s' names no commit "
                            "or tree", ref);
    g->tree = (git_tree *)tree;
    return 0;
}

/* Open the repository holding path and resolve ref; rel gets path
 * relative to the root. */
static int
repo_open_at(gitrepo *g, mg_buf *rel, const char *ref, const char *path,
             mg_error *err)
{
    mg_buf real = MG_BUF_INIT, dir = MG_BUF_INIT;
    int rc;

    if ((rc = real_path(&real, &dir, path, err)) < 0 ||
        (rc = repo_open(g, mg_buf_cstr(&dir), err)) < 0)
        goto done;
    if ((rc = repo_rel(rel, g, mg_buf_cstr(&real), path, err)) < 0 ||
        (rc = repo_tree(g, ref, err)) < 0)
        repo_close(g);
done:
    mg_buf_release(&real);
    mg_buf_release(&dir);
    return rc;
}

/* The entry at rel in the ref's tree ("" is the root): *tree_out when it
 * is a directory, *blob_out when a file; both NULL when it is missing. */
static int
lookup(git_tree **tree_out, git_blob **blob_out, const gitrepo *g,
       const char *rel, mg_error *err)
{
    git_tree_entry *e = NULL;
    git_object *obj = NULL;
    int rc;

    *tree_out = NULL;
    *blob_out = NULL;
    if (!*rel)
        return git_tree_dup(tree_out, g->tree) < 0 ?
               git_fail(err, MG_EIO, "cannot read the tree") : 0;
    rc = git_tree_entry_bypath(&e, g->tree, rel);
    if (rc == GIT_ENOTFOUND)
        return 0;
    if (rc < 0)
        return git_fail(err, MG_EIO, "cannot read the tree");
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE &&
        git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
        git_tree_entry_free(e);
        return 0;       /* a submodule: nothing of ours */
    }
    rc = git_tree_entry_to_object(&obj, g->repo, e);
    git_tree_entry_free(e);
    if (rc < 0)
        return git_fail(err, MG_EIO, "cannot read a git object");
    if (git_object_type(obj) == GIT_OBJECT_TREE)
        *tree_out = (git_tree *)obj;
    else
        *blob_out = (git_blob *)obj;
    return 0;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the *.sql files (blobs, not starting with ".") of tree,
 * in name order. */
static int
sql_names(mg_strlist *out, const git_tree *tree, mg_error *err)
{
    size_t i, n = git_tree_entrycount(tree);

    for (i = 0; i < n; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(tree, i);
        const char *name = git_tree_entry_name(e);
        size_t len = strlen(name);
        if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || name[0] == '.' ||
            len < 5 || strcmp(name + len - 4, ".sql") != 0)
            continue;
        if (mg_strlist_add(out, name) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cmp_names);
    return 0;
}

/* The blob name in tree (the entry must be a blob). */
static int
read_blob(git_blob **out, const gitrepo *g, const git_tree *tree,
          const char *name, mg_error *err)
{
    const git_tree_entry *e = git_tree_entry_byname(tree, name);

    if (!e || git_blob_lookup(out, g->repo, git_tree_entry_id(e)) < 0)
        return git_fail(err, MG_EIO, "cannot read a git blob");
    return 0;
}

/* ---- git:REF[:PATH] --------------------------------------------------- */

static int
parse_blob(mg_metadata *md, const char *label, const git_blob *b,
           mg_error *err)
{
    return mg_model_parse(md, label, git_blob_rawcontent(b),
                          (size_t)git_blob_rawsize(b), 0, err);
}

int
mg_git_model_load(mg_metadata **out, const char *spec,
                  const char *models_path, mg_error *err)
{
    const char *colon = strchr(spec, ':'), *path = models_path;
    mg_buf ref = MG_BUF_INIT, rel = MG_BUF_INIT, label = MG_BUF_INIT;
    mg_strlist names = MG_STRLIST_INIT;
    mg_metadata *md = NULL;
    git_tree *tree = NULL;
    git_blob *blob = NULL;
    gitrepo g;
    size_t i;
    int rc, opened = 0;

    *out = NULL;
    mg_buf_add(&ref, spec, colon ? (size_t)(colon - spec) : strlen(spec));
    if (colon) {
        path = colon + 1;
        if (!*path) {
            rc = mg_error_set(err, MG_EUSAGE, "empty path in 'git:%s'",
                              spec);
            goto done;
        }
    }
    if (!path || !*path) {
        rc = mg_error_set(err, MG_EUSAGE, "no models path for 'git:%s'",
                          spec);
        goto done;
    }
    if (colon && path[0] != '/' && strncmp(path, "./", 2) != 0 &&
        strncmp(path, "../", 3) != 0 && strcmp(path, ".") != 0 &&
        strcmp(path, "..") != 0) {
        /* relative to the root, as in git's REF:PATH */
        if ((rc = repo_open_at(&g, &rel, mg_buf_cstr(&ref), ".", err)) < 0)
            goto done;
        mg_buf_clear(&rel);
        while (*path == '/')
            path++;
        mg_buf_puts(&rel, path);
        while (rel.len && rel.ptr[rel.len - 1] == '/')
            rel.ptr[--rel.len] = '\0';
    } else if ((rc = repo_open_at(&g, &rel, mg_buf_cstr(&ref), path,
                                  err)) < 0) {
        goto done;
    }
    opened = 1;
    if ((rc = lookup(&tree, &blob, &g, mg_buf_cstr(&rel), err)) < 0)
        goto done;
    if (!tree && !blob) {
        rc = mg_error_set(err, MG_ENOTFOUND, "'%s' does not exist at git "
                          "ref '%s'", rel.len ? mg_buf_cstr(&rel) : path,
                          mg_buf_cstr(&ref));
        goto done;
    }
    if ((rc = mg_metadata_new(&md, err)) < 0)
        goto done;
    if (blob) {
        mg_buf_addf(&label, "%s:%s", mg_buf_cstr(&ref), mg_buf_cstr(&rel));
        rc = parse_blob(md, mg_buf_cstr(&label), blob, err);
    } else if ((rc = sql_names(&names, tree, err)) == 0) {
        for (i = 0; rc == 0 && i < names.n; i++) {
            git_blob *b = NULL;
            mg_buf_clear(&label);
            mg_buf_addf(&label, "%s:%s%s%s", mg_buf_cstr(&ref),
                        mg_buf_cstr(&rel), rel.len ? "/" : "", names.v[i]);
            if ((rc = read_blob(&b, &g, tree, names.v[i], err)) == 0)
                rc = parse_blob(md, mg_buf_cstr(&label), b, err);
            git_blob_free(b);
        }
    }
    if (rc == 0 && (ref.oom || rel.oom || label.oom))
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    if (rc == 0)
        rc = mg_model_finish(md, err);
    if (rc == 0) {
        *out = md;
        md = NULL;
    }
done:
    mg_metadata_free(md);
    if (opened) {   /* before, libgit2 may not even be loaded */
        git_tree_free(tree);
        git_blob_free(blob);
        repo_close(&g);
    }
    mg_strlist_release(&names);
    mg_buf_release(&ref);
    mg_buf_release(&rel);
    mg_buf_release(&label);
    return rc;
}

int
mg_git_relpath(mg_buf *out, const char *path, mg_error *err)
{
    mg_buf real = MG_BUF_INIT, dir = MG_BUF_INIT;
    gitrepo g;
    int rc;

    if ((rc = real_path(&real, &dir, path, err)) < 0 ||
        (rc = repo_open(&g, mg_buf_cstr(&dir), err)) < 0)
        goto done;
    rc = repo_rel(out, &g, mg_buf_cstr(&real), path, err);
    repo_close(&g);
done:
    mg_buf_release(&real);
    mg_buf_release(&dir);
    return rc;
}

/* ---- check --base ----------------------------------------------------- */

/* The 1-based line of the first byte where a and b differ. */
static int
first_difference(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i, n = alen < blen ? alen : blen;
    int line = 1;

    for (i = 0; i < n && a[i] == b[i]; i++)
        if (a[i] == '\n')
            line++;
    return line;
}

/* The line of the "-- down_revision:" header of a file, 1 when none. */
static int
down_revision_line(const char *path)
{
    char *data = NULL, *p;
    size_t len;
    int line = 1;

    if (mg_fs__read(path, &data, &len, NULL) < 0)
        return 1;
    for (p = data; *p; line++) {
        size_t n = strcspn(p, "\n");
        const char *s = p;
        while (*s == ' ' || *s == '\t')
            s++;
        if (strncmp(s, "--", 2) == 0) {
            s += 2;
            while (*s == ' ' || *s == '\t')
                s++;
            if (strncmp(s, "down_revision:", 14) == 0) {
                free(data);
                return line;
            }
        }
        p += n;
        if (*p)
            p++;
    }
    free(data);
    return 1;
}

/* One revision file committed at the base. */
typedef struct basefile {
    const char *name;       /* borrowed from the name list */
    char       *id;         /* NULL when it does not parse */
    mg_strlist  parents;    /* its down_revisions */
    int         behind;     /* added at the base after the branch forked:
                             * absent from the tree, but not deleted */
    char        checksum[65];
} basefile;

/* Compare the base file (text) with the working tree. */
static int
compare_file(mg_git_issues *out, const char *ref, const char *versions_dir,
             const mg_scriptdir *sd, const basefile *bf, const char *text,
             size_t len, mg_error *err)
{
    mg_buf path = MG_BUF_INIT, msg = MG_BUF_INIT;
    const mg_revfile *moved = NULL;
    char *data = NULL;
    size_t dlen = 0;
    int rc = 0;

    mg_fs__join(&path, versions_dir, bf->name);
    if (access(mg_buf_cstr(&path), F_OK) == 0) {
        if ((rc = mg_fs__read(mg_buf_cstr(&path), &data, &dlen, err)) < 0)
            goto done;
        if (dlen == len && memcmp(data, text, len) == 0)
            goto done;
        mg_buf_addf(&msg, "revision %s was edited after it was committed "
                    "at %s: revision files are history, add a new revision "
                    "instead", bf->id ? bf->id : bf->name, ref);
        rc = mg_git__issue_add(out, MG_GIT_EDITED, mg_buf_cstr(&path),
                       first_difference(text, len, data, dlen),
                       mg_buf_cstr(&msg), err);
        goto done;
    }
    if (sd && bf->id)
        moved = mg_scriptdir_file(sd, bf->id);
    if (moved && strcmp(mg_revfile_checksum(moved), bf->checksum) == 0)
        goto done;     /* renamed, bytes unchanged */
    if (moved) {
        if ((rc = mg_fs__read(mg_revfile_path(moved), &data, &dlen,
                              err)) < 0)
            goto done;
        mg_buf_addf(&msg, "revision %s (%s at %s) was edited after it was "
                    "committed: revision files are history, add a new "
                    "revision instead", bf->id, bf->name, ref);
        rc = mg_git__issue_add(out, MG_GIT_EDITED, mg_revfile_path(moved),
                       first_difference(text, len, data, dlen),
                       mg_buf_cstr(&msg), err);
        goto done;
    }
    if (bf->behind)
        goto done;     /* the branch has yet to merge it: check_behind */
    mg_buf_addf(&msg, "revision %s was deleted, but it is committed at %s: "
                "a revision that may have been applied must stay",
                bf->id ? bf->id : bf->name, ref);
    rc = mg_git__issue_add(out, MG_GIT_DELETED, mg_buf_cstr(&path), 0,
                   mg_buf_cstr(&msg), err);
done:
    if (rc == 0 && (path.oom || msg.oom))
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
    free(data);
    mg_buf_release(&path);
    mg_buf_release(&msg);
    return rc;
}

/* Report that parent has children added on the branch (added) and at ref
 * (at_ref, and how to join them: fix), at the first added file's
 * down_revision line. */
static int
add_diverged(mg_git_issues *out, const char *ref, const mg_scriptdir *sd,
             const char *parent, const mg_strlist *added, const char *at_ref,
             const char *fix, mg_error *err)
{
    const mg_revfile *rf = mg_scriptdir_file(sd, added->v[0]);
    mg_buf msg = MG_BUF_INIT;
    int rc;

    mg_buf_addf(&msg, "revision %s has children added since %s (", parent,
                ref);
    mg_strlist_join(added, ", ", &msg);
    mg_buf_addf(&msg, ") and children at %s (%s): the branch diverged from "
                "its base; %s", ref, at_ref, fix);
    rc = msg.oom ? mg_error_set(err, MG_ENOMEM, "out of memory")
                 : mg_git__issue_add(out, MG_GIT_DIVERGED,
                             rf ? mg_revfile_path(rf) : NULL,
                             rf ? down_revision_line(mg_revfile_path(rf)) : 0,
                             mg_buf_cstr(&msg), err);
    mg_buf_release(&msg);
    return rc;
}

/* The head above id, following first children. */
static const char *
head_above(const mg_revgraph *g, const char *id)
{
    const mg_strlist *kids;

    while ((kids = mg_revgraph_children(g, id)) != NULL && kids->n)
        id = kids->v[0];
    return id;
}

/* A revision with children on both sides: say which (and the rebase
 * that would put the branch's revisions after the base's). */
static int
check_diverged(mg_git_issues *out, const char *ref, const mg_scriptdir *sd,
               const mg_strlist *base_ids, mg_error *err)
{
    const mg_revgraph *gr = mg_scriptdir_graph(sd);
    const char *const *order = mg_revgraph_order(gr);
    mg_strlist heads = MG_STRLIST_INIT;
    size_t i, j;
    int rc;

    if ((rc = mg_revgraph_heads(gr, &heads, err)) < 0 || heads.n < 2)
        goto done;
    for (i = 0; rc == 0 && i < mg_revgraph_count(gr); i++) {
        const mg_strlist *kids = mg_revgraph_children(gr, order[i]);
        mg_strlist added = MG_STRLIST_INIT, old = MG_STRLIST_INIT;
        mg_buf msg = MG_BUF_INIT;
        if (!kids || kids->n < 2)
            continue;
        for (j = 0; j < kids->n; j++)
            mg_strlist_add(mg_strlist_contains(base_ids, kids->v[j]) ?
                           &old : &added, kids->v[j]);
        if (added.n && old.n) {
            mg_buf fix = MG_BUF_INIT;
            mg_strlist_join(&old, ", ", &msg);
            /* the branch's own revisions can move after the base's */
            mg_buf_addf(&fix, "run 'migrate rebase %s --onto %s' to move "
                        "this branch's revisions after them, or run "
                        "'migrate merge heads' to join them",
                        head_above(gr, added.v[0]), head_above(gr, old.v[0]));
            rc = msg.oom || fix.oom
                     ? mg_error_set(err, MG_ENOMEM, "out of memory")
                     : add_diverged(out, ref, sd, order[i], &added,
                                    mg_buf_cstr(&msg), mg_buf_cstr(&fix),
                                    err);
            mg_buf_release(&fix);
        }
        mg_strlist_release(&added);
        mg_strlist_release(&old);
        mg_buf_release(&msg);
    }
done:
    mg_strlist_release(&heads);
    return rc;
}

/* Revisions the base gained after the branch forked are not in the tree;
 * where the branch added a child of the same parent, the two diverged and
 * will meet as two heads once the base is merged in. */
static int
check_behind(mg_git_issues *out, const char *ref, const mg_scriptdir *sd,
             const basefile *files, size_t n, const mg_strlist *base_ids,
             mg_error *err)
{
    const mg_revgraph *gr = mg_scriptdir_graph(sd);
    size_t i, j, k;
    int rc = 0;

    for (i = 0; rc == 0 && i < n; i++) {
        if (!files[i].behind || !files[i].id ||
            mg_scriptdir_file(sd, files[i].id))
            continue;   /* not behind, or brought in already */
        for (j = 0; rc == 0 && j < files[i].parents.n; j++) {
            const char *parent = files[i].parents.v[j];
            const mg_strlist *kids = mg_revgraph_children(gr, parent);
            mg_strlist added = MG_STRLIST_INIT;
            mg_buf msg = MG_BUF_INIT, fix = MG_BUF_INIT;
            int oom = 0;
            for (k = 0; kids && k < kids->n; k++)
                if (!mg_strlist_contains(base_ids, kids->v[k]) &&
                    mg_strlist_add(&added, kids->v[k]) < 0)
                    oom = 1;
            if (added.n) {
                mg_buf_addf(&msg, "%s, not on this branch yet", files[i].id);
                mg_buf_addf(&fix, "merge %s into it, then run 'migrate "
                            "merge heads'", ref);
                rc = msg.oom || fix.oom || oom
                         ? mg_error_set(err, MG_ENOMEM, "out of memory")
                         : add_diverged(out, ref, sd, parent, &added,
                                        mg_buf_cstr(&msg), mg_buf_cstr(&fix),
                                        err);
            }
            mg_strlist_release(&added);
            mg_buf_release(&msg);
            mg_buf_release(&fix);
        }
    }
    return rc;
}

/* The names of the *.sql files under rel at the commit where HEAD and
 * ref last met (none when there is no such commit: an unborn HEAD,
 * unrelated histories). *found tells whether there was one. */
static int
fork_point_names(mg_strlist *out, int *found, const gitrepo *g,
                 const char *ref, const char *rel, mg_error *err)
{
    git_object *head = NULL, *base = NULL;
    git_commit *fork = NULL;
    git_tree *tree = NULL, *dir = NULL;
    git_tree_entry *e = NULL;
    git_oid oid;
    int rc = 0;

    *found = 0;
    if (git_revparse_single(&head, g->repo, "HEAD") < 0 ||
        git_revparse_single(&base, g->repo, ref) < 0 ||
        git_object_type(head) != GIT_OBJECT_COMMIT ||
        git_object_type(base) != GIT_OBJECT_COMMIT ||
        git_merge_base(&oid, g->repo, git_object_id(head),
                       git_object_id(base)) < 0)
        goto done;      /* no fork point: every missing file is deleted */
    if (git_commit_lookup(&fork, g->repo, &oid) < 0 ||
        git_commit_tree(&tree, fork) < 0) {
        rc = git_fail(err, MG_EIO, "cannot read the fork point");
        goto done;
    }
    *found = 1;
    if (!*rel)
        rc = sql_names(out, tree, err);
    else if (git_tree_entry_bypath(&e, tree, rel) == 0 &&
             git_tree_entry_type(e) == GIT_OBJECT_TREE &&
             git_tree_lookup(&dir, g->repo, git_tree_entry_id(e)) == 0)
        rc = sql_names(out, dir, err);
done:
    git_tree_entry_free(e);
    git_tree_free(dir);
    git_tree_free(tree);
    git_commit_free(fork);
    git_object_free(head);
    git_object_free(base);
    return rc;
}

/* The versions directory rel at ref: its tree (NULL when missing) and
 * its *.sql names. Errors: MG_EUSAGE when it is a file there. */
static int
versions_at(git_tree **tree, mg_strlist *names, const gitrepo *g,
            const mg_buf *rel, const char *ref, mg_error *err)
{
    git_blob *blob = NULL;
    int rc;

    if ((rc = lookup(tree, &blob, g, mg_buf_cstr(rel), err)) < 0)
        return rc;
    if (blob) {
        git_blob_free(blob);
        return mg_error_set(err, MG_EUSAGE, "'%s' is not a directory at "
                            "git ref '%s'", mg_buf_cstr(rel), ref);
    }
    return *tree ? sql_names(names, *tree, err) : 0;
}

int
mg_git_check_base(mg_git_issues *out, const char *ref,
                  const char *versions_dir, const mg_scriptdir *sd,
                  mg_error *err)
{
    mg_strlist names = MG_STRLIST_INIT, base_ids = MG_STRLIST_INIT;
    mg_strlist forked = MG_STRLIST_INIT;
    mg_buf rel = MG_BUF_INIT, label = MG_BUF_INIT;
    basefile *files = NULL;
    int have_fork = 0;
    git_tree *tree = NULL;
    gitrepo g;
    size_t i;
    int rc;

    if ((rc = repo_open_at(&g, &rel, ref, versions_dir, err)) < 0)
        goto out;
    if ((rc = versions_at(&tree, &names, &g, &rel, ref, err)) < 0)
        goto done;
    if ((rc = fork_point_names(&forked, &have_fork, &g, ref,
                               mg_buf_cstr(&rel), err)) < 0)
        goto done;
    if (names.n && !(files = calloc(names.n, sizeof(*files)))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < names.n; i++) {
        git_blob *b = NULL;
        mg_revfile *rf = NULL;
        const char *text;
        size_t len;
        files[i].name = names.v[i];
        if ((rc = read_blob(&b, &g, tree, names.v[i], err)) < 0)
            goto done;
        text = git_blob_rawcontent(b);
        len = (size_t)git_blob_rawsize(b);
        mg_sha256_hex(text, len, files[i].checksum);
        mg_buf_clear(&label);
        mg_buf_addf(&label, "%s:%s/%s", ref, mg_buf_cstr(&rel), names.v[i]);
        if (mg_revfile_parse(&rf, mg_buf_cstr(&label), text, len,
                             NULL) == 0) {
            const mg_strlist *down = mg_revfile_down_revisions(rf);
            size_t k;
            files[i].id = strdup(mg_revfile_revision(rf));
            if (!files[i].id || mg_strlist_add(&base_ids, files[i].id) < 0)
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            for (k = 0; rc == 0 && k < down->n; k++)
                if (mg_strlist_add(&files[i].parents, down->v[k]) < 0)
                    rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        }
        files[i].behind = have_fork &&
                          !mg_strlist_contains(&forked, names.v[i]);
        mg_revfile_free(rf);
        if (rc == 0)
            rc = compare_file(out, ref, versions_dir, sd, &files[i], text,
                              len, err);
        git_blob_free(b);
        if (rc < 0)
            goto done;
    }
    if (sd) {
        const mg_revgraph *gr = mg_scriptdir_graph(sd);
        const char *const *order = mg_revgraph_order(gr);
        if ((rc = check_diverged(out, ref, sd, &base_ids, err)) < 0 ||
            (rc = check_behind(out, ref, sd, files, names.n, &base_ids,
                               err)) < 0)
            goto done;
        for (i = 0; i < mg_revgraph_count(gr); i++) {
            const mg_revfile *rf = mg_scriptdir_file(sd, order[i]);
            if (rf && !mg_strlist_contains(&base_ids, order[i]) &&
                (rc = mg_git_destructive_steps(out, rf, err)) < 0)
                goto done;
        }
    }
done:
    for (i = 0; files && i < names.n; i++) {
        free(files[i].id);
        mg_strlist_release(&files[i].parents);
    }
    free(files);
    git_tree_free(tree);
    repo_close(&g);
out:
    mg_strlist_release(&names);
    mg_strlist_release(&base_ids);
    mg_strlist_release(&forked);
    mg_buf_release(&rel);
    mg_buf_release(&label);
    return rc;
}

int
mg_git_base_revisions(mg_strlist *out, const char *ref,
                      const char *versions_dir, mg_error *err)
{
    mg_strlist names = MG_STRLIST_INIT;
    mg_buf rel = MG_BUF_INIT;
    git_tree *tree = NULL;
    gitrepo g;
    size_t i;
    int rc;

    if ((rc = repo_open_at(&g, &rel, ref, versions_dir, err)) < 0)
        goto out;
    if ((rc = versions_at(&tree, &names, &g, &rel, ref, err)) < 0)
        goto done;
    for (i = 0; i < names.n; i++) {
        git_blob *b = NULL;
        mg_revfile *rf = NULL;
        if ((rc = read_blob(&b, &g, tree, names.v[i], err)) < 0)
            goto done;
        /* a file the base cannot parse names no revision of it */
        if (mg_revfile_parse(&rf, names.v[i], git_blob_rawcontent(b),
                             (size_t)git_blob_rawsize(b), NULL) == 0 &&
            mg_strlist_add(out, mg_revfile_revision(rf)) < 0)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        mg_revfile_free(rf);
        git_blob_free(b);
        if (rc < 0)
            goto done;
    }
done:
    git_tree_free(tree);
    repo_close(&g);
out:
    mg_strlist_release(&names);
    mg_buf_release(&rel);
    return rc;
}

#else /* !MG_WITH_LIBGIT2 */

static int
no_libgit2(mg_error *err)
{
    return mg_error_set(err, MG_EUSAGE, "git sources need libgit2 "
                        "(configure --with-libgit2)");
}

int
mg_git_model_load(mg_metadata **out, const char *spec,
                  const char *models_path, mg_error *err)
{
    (void)spec;
    (void)models_path;
    *out = NULL;
    return no_libgit2(err);
}

int
mg_git_check_base(mg_git_issues *out, const char *ref,
                  const char *versions_dir, const mg_scriptdir *sd,
                  mg_error *err)
{
    (void)out;
    (void)ref;
    (void)versions_dir;
    (void)sd;
    return no_libgit2(err);
}

int
mg_git_relpath(mg_buf *out, const char *path, mg_error *err)
{
    (void)out;
    (void)path;
    return no_libgit2(err);
}

int
mg_git_base_revisions(mg_strlist *out, const char *ref,
                      const char *versions_dir, mg_error *err)
{
    (void)out;
    (void)ref;
    (void)versions_dir;
    return no_libgit2(err);
}

#endif /* MG_WITH_LIBGIT2 */
