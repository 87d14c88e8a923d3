/* fsutil.c - reading, writing and creating files and directories, with
 * messages that name the path. A file is written under a temporary name
 * beside it, flushed and renamed into place, so that a full disk, a size
 * limit or a crash leaves the old file (or none), never half of one. */
#include "fsutil_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Read fd to its end into *data (malloc'd, NUL-terminated). A regular
 * file is read into one buffer of its size, and a read that returns all
 * of that size and less than asked ends it: open, fstat, one read and
 * close per file (a revision file is read at every run, 1,000 of them in
 * a history of 1,000). Anything else (a pipe) is read until read() says
 * end of file. 0, or an errno value. */
static int
read_fd(int fd, char **data, size_t *len)
{
    struct stat st;
    size_t cap = 65536, got = 0, size = (size_t)-1;
    char *buf, *grown;
    ssize_t n;

    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0) {
        size = (size_t)st.st_size;
        cap = size + 1;
    }
    if (!(buf = malloc(cap + 1)))
        return ENOMEM;
    for (;;) {
        if (got == cap) {
            if (!(grown = realloc(buf, 2 * cap + 1))) {
                free(buf);
                return ENOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            return e;
        }
        got += (size_t)n;
        if (n == 0 || (got == size && got < cap))
            break;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return 0;
}

int
mg_fs__read(const char *path, char **data_out, size_t *len_out, mg_error *err)
{
    int fd, e;

    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return mg_error_set(err, MG_EIO, "cannot read '%s': %s", path,
                            strerror(errno));
    e = read_fd(fd, data_out, len_out);
    close(fd);
    if (e == ENOMEM)
        return mg_error_set(err, MG_ENOMEM, "out of memory reading '%s'",
                            path);
    if (e)
        return mg_error_set(err, MG_EIO, "cannot read '%s': %s", path,
                            strerror(e));
    return 0;
}

/* The temporary file beside path: ".NAME.tmp-PID-TIME-N" in path's
 * directory (a dot file, so that a versions directory scan never reads
 * it), created with O_EXCL and mode, less the umask. Returns the
 * descriptor or -1 (errno). */
static int
open_temp(mg_buf *tmp, const char *path, mode_t mode)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    struct timespec ts;
    int tries, fd = -1;

    clock_gettime(CLOCK_REALTIME, &ts);
    for (tries = 0; tries < 100 && fd < 0; tries++) {
        mg_buf_clear(tmp);
        mg_buf_add(tmp, path, dirlen);
        mg_buf_addf(tmp, ".%s.tmp-%ld-%lx-%d", path + dirlen, (long)getpid(),
                    (unsigned long)ts.tv_nsec ^ (unsigned long)ts.tv_sec,
                    tries);
        if (tmp->oom) {
            errno = ENOMEM;
            return -1;
        }
        fd = open(tmp->ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0 && errno != EEXIST)
            return -1;
    }
    return fd;
}

/* Write all of data to fd, then flush it to the disk. 0 or -1 (errno). */
static int
write_all(int fd, const char *data, size_t len)
{
    size_t off = 0;

    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        off += (size_t)w;
    }
    return fsync(fd);
}

/* Flush a directory entry change (a rename) of path's directory; a file
 * system that cannot is no error. */
static void
sync_dir(const char *path)
{
    mg_buf dir = MG_BUF_INIT;
    const char *slash = strrchr(path, '/');
    int fd;

    if (slash == path)
        mg_buf_putc(&dir, '/');
    else if (slash)
        mg_buf_add(&dir, path, (size_t)(slash - path));
    else
        mg_buf_putc(&dir, '.');
    if (!dir.oom && (fd = open(dir.ptr, O_RDONLY | O_DIRECTORY)) >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    mg_buf_release(&dir);
}

/* Put the finished temporary file in place: a rename, or for exclusive a
 * hard link that fails when path exists (a rename after an existence test
 * where the file system has no hard links). 0 or -1 (errno). */
static int
install(const char *tmp, const char *path, int exclusive)
{
    if (!exclusive)
        return rename(tmp, path);
    if (link(tmp, path) == 0) {
        (void)unlink(tmp);
        return 0;
    }
    if (errno == EEXIST)
        return -1;
    if (access(path, F_OK) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(tmp, path);
}

/* Write data to a temporary file beside target and put it in place; the
 * temporary file is gone whatever happens. 0 or -1 (errno). */
static int
write_beside(const char *target, const char *data, size_t len, mode_t mode,
             int exclusive)
{
    mg_buf tmp = MG_BUF_INIT;
    struct stat st;
    int fd, rc = -1, e = 0;

    if ((fd = open_temp(&tmp, target, mode)) < 0) {
        e = errno == EEXIST ? EIO : errno;
        goto done;
    }
    /* replacing a file keeps its permissions */
    if (!exclusive && stat(target, &st) == 0 && S_ISREG(st.st_mode))
        (void)fchmod(fd, st.st_mode & 07777);
    if (write_all(fd, data, len) < 0) {
        e = errno;
        close(fd);
    } else if (close(fd) < 0 || install(tmp.ptr, target, exclusive) < 0) {
        e = errno;
    } else {
        rc = 0;
    }
    if (rc < 0)
        (void)unlink(tmp.ptr);
    else
        sync_dir(target);
done:
    mg_buf_release(&tmp);
    errno = e;
    return rc;
}

int
mg_file_write(const char *path, const char *data, size_t len,
              unsigned int flags, mg_error *err)
{
    int exclusive = (flags & MG_FILE_EXCLUSIVE) != 0, rc = 0;
    mode_t mode = flags & MG_FILE_PRIVATE ? 0600 : 0644;
    char *real = NULL;
    struct stat st;

    if (exclusive && lstat(path, &st) == 0)
        return mg_error_set(err, MG_EEXISTS, "'%s' already exists", path);
    /* a link is written through, as an in-place write would */
    if (!exclusive && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        real = realpath(path, NULL);
    if (write_beside(real ? real : path, data, len, mode, exclusive) < 0) {
        int e = errno;
        rc = e == EEXIST ? MG_EEXISTS : e == ENOMEM ? MG_ENOMEM : MG_EIO;
        if (rc == MG_EEXISTS)
            mg_error_set(err, rc, "'%s' already exists", path);
        else
            mg_error_set(err, rc, "cannot write '%s': %s", path, strerror(e));
    }
    free(real);
    return rc;
}

int
mg_fs__write(const char *path, const char *data, size_t len, int exclusive,
             mg_error *err)
{
    return mg_file_write(path, data, len, exclusive ? MG_FILE_EXCLUSIVE : 0,
                         err);
}

int
mg_fs__mkdirs(const char *path, unsigned int mode, mg_error *err)
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
        if (mkdir(b.ptr, (mode_t)mode) < 0 && errno != EEXIST) {
            rc = mg_error_set(err, MG_EIO, "cannot create directory '%s': %s",
                              b.ptr, strerror(errno));
            break;
        }
        b.ptr[i] = saved;
    }
    mg_buf_release(&b);
    return rc;
}

int
mg_fs__private_dir(const char *path, int create, mg_error *err)
{
    struct stat st;
    int rc;

    if (create && (rc = mg_fs__mkdirs(path, 0700, err)) < 0)
        return rc;
    if (stat(path, &st) < 0)
        return mg_error_set(err, MG_EIO, "cannot use directory '%s': %s",
                            path, strerror(errno));
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & (S_IWGRP | S_IWOTH)))
        return mg_error_set(err, MG_EIO, "not using directory '%s': it is "
                            "not a directory of this user that only this "
                            "user may write into", path);
    return 0;
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
