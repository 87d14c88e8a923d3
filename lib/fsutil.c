/* fsutil.c - reading, writing and creating files and directories, with
 * messages that name the path. */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
mg_fs__read(const char *path, char **data_out, size_t *len_out, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    char chunk[65536];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (!f)
        return mg_error_set(err, MG_EIO, "cannot read '%s': %s", path,
                            strerror(errno));
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(&b, chunk, n);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        mg_buf_release(&b);
        return mg_error_set(err, MG_EIO, "cannot read '%s': %s", path,
                            strerror(e));
    }
    fclose(f);
    if (b.oom) {
        mg_buf_release(&b);
        return mg_error_set(err, MG_ENOMEM, "out of memory reading '%s'",
                            path);
    }
    *len_out = b.len;
    *data_out = mg_buf_detach(&b);
    return *data_out ? 0 : mg_error_set(err, MG_ENOMEM, "out of memory");
}

int
mg_fs__write(const char *path, const char *data, size_t len, int exclusive,
             mg_error *err)
{
    int flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC);
    int fd = open(path, flags, 0644);
    size_t off = 0;

    if (fd < 0) {
        if (errno == EEXIST)
            return mg_error_set(err, MG_EEXISTS, "'%s' already exists", path);
        return mg_error_set(err, MG_EIO, "cannot write '%s': %s", path,
                            strerror(errno));
    }
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return mg_error_set(err, MG_EIO, "cannot write '%s': %s", path,
                                strerror(e));
        }
        off += (size_t)w;
    }
    if (close(fd) < 0)
        return mg_error_set(err, MG_EIO, "cannot write '%s': %s", path,
                            strerror(errno));
    return 0;
}

int
mg_fs__mkdirs(const char *path, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    size_t i;
    int rc = 0;

    mg_buf_puts(&b, path);
    if (b.oom)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 1; i <= b.len; i++) {
        if (b.ptr[i] != '/' && b.ptr[i] != '\0')
            continue;
        char saved = b.ptr[i];
        b.ptr[i] = '\0';
        if (mkdir(b.ptr, 0755) < 0 && errno != EEXIST) {
            rc = mg_error_set(err, MG_EIO, "cannot create directory '%s': %s",
                              b.ptr, strerror(errno));
            break;
        }
        b.ptr[i] = saved;
    }
    mg_buf_release(&b);
    return rc;
}

void
mg_fs__join(mg_buf *b, const char *dir, const char *name)
{
    if (name[0] == '/' || !dir[0] || strcmp(dir, ".") == 0) {
        mg_buf_puts(b, name);
        return;
    }
    mg_buf_puts(b, dir);
    if (b->len && b->ptr[b->len - 1] != '/')
        mg_buf_putc(b, '/');
    mg_buf_puts(b, name);
}

int
mg_fs__exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}
