/* model_load.c - a model read from disk (mg_model_load): one .sql file,
 * or every *.sql file of a directory in name order, parsed into one
 * mg_metadata and then finished (model_finish.c). */
#include "mg_model.h"
#include "mg_dialect.h"
#include "fsutil_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_file(mg_metadata *md, const char *path, const mg_dialect *d,
          mg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f;
    int rc;

    /* open once to report a missing file as such, then read */
    if (!(f = fopen(path, "rb"))) {
        int e = errno;
        return mg_error_set(err, e == ENOENT ? MG_ENOTFOUND : MG_EIO,
                            "cannot read model file '%s': %s", path,
                            strerror(e));
    }
    fclose(f);
    if ((rc = mg_fs__read(path, &data, &len, err)) < 0)
        return rc;
    rc = mg_model_parse_for(md, path, data, len, 0, d, err);
    free(data);
    return rc;
}

/* Every *.sql file of dir, in name order. */
static int
load_dir(mg_metadata *md, const char *dir, const mg_dialect *dl,
         mg_error *err)
{
    mg_strlist names = MG_STRLIST_INIT;
    struct dirent *de;
    DIR *d;
    size_t i;
    int rc = 0;

    if (!(d = opendir(dir))) {
        int e = errno;
        return mg_error_set(err, MG_EIO, "cannot read model directory '%s': "
                            "%s", dir, strerror(e));
    }
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 5 ||
            strcmp(de->d_name + n - 4, ".sql") != 0)
            continue;
        if (mg_strlist_add(&names, de->d_name) < 0) {
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
            break;
        }
    }
    closedir(d);
    if (names.n > 1)
        qsort(names.v, names.n, sizeof(*names.v), cmp_names);
    for (i = 0; rc == 0 && i < names.n; i++) {
        mg_buf path = MG_BUF_INIT;
        struct stat st;
        mg_fs__join(&path, dir, names.v[i]);
        if (path.oom)
            rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        else if (stat(mg_buf_cstr(&path), &st) == 0 && S_ISDIR(st.st_mode))
            rc = 0;     /* a directory named x.sql is not a model file */
        else
            rc = load_file(md, mg_buf_cstr(&path), dl, err);
        mg_buf_release(&path);
    }
    mg_strlist_release(&names);
    return rc;
}

int
mg_model_load(mg_metadata **out, const char *path, mg_error *err)
{
    return mg_model_load_for(out, path, NULL, err);
}

int
mg_model_load_for(mg_metadata **out, const char *path, const mg_dialect *d,
                  mg_error *err)
{
    unsigned int flags = d && (d->caps & MG_CAP_INDEX_PER_TABLE) ?
                         MG_MODEL_INDEX_PER_TABLE : 0;
    mg_metadata *md = NULL;
    struct stat st;
    int rc;

    *out = NULL;
    if (stat(path, &st) < 0) {
        int e = errno;
        return mg_error_set(err, e == ENOENT || e == ENOTDIR ?
                            MG_ENOTFOUND : MG_EIO,
                            "cannot read model file '%s': %s", path,
                            strerror(e));
    }
    if ((rc = mg_metadata_new(&md, err)) < 0)
        return rc;
    if (S_ISDIR(st.st_mode))
        rc = load_dir(md, path, d, err);
    else
        rc = load_file(md, path, d, err);
    if (rc == 0)
        rc = mg_model_finish_ex(md, flags, err);
    if (rc < 0) {
        mg_metadata_free(md);
        return rc;
    }
    *out = md;
    return 0;
}
