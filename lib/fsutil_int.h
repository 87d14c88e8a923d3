/* fsutil_int.h - small file-system helpers shared inside libmigrate. */
#ifndef MG_FSUTIL_H
#define MG_FSUTIL_H

#include "mg_common.h"
#include "mg_file.h"

/* Read a whole file into a malloc'd NUL-terminated buffer. Errors: MG_EIO
 * ("cannot read 'path': reason"). */
int mg_fs__read(const char *path, char **data_out, size_t *len_out,
                mg_error *err);

/* Write data to path atomically (mg_file_write), failing with MG_EEXISTS
 * when it exists and exclusive is set. Errors: MG_EIO, MG_EEXISTS. */
int mg_fs__write(const char *path, const char *data, size_t len,
                 int exclusive, mg_error *err);

/* mkdir -p; the directories it creates get mode (less the umask), those
 * that exist are left as they are. Errors: MG_EIO. */
int mg_fs__mkdirs(const char *path, unsigned int mode, mg_error *err);

/* 0 when path is a directory of this user that no one else may write
 * into; with create, it (and its missing parents) is made 0700 first when
 * missing. An existing directory's mode is never changed: one that does
 * not qualify is refused. Errors: MG_EIO. */
int mg_fs__private_dir(const char *path, int create, mg_error *err);

/* Join dir and name into b ("name" alone when dir is "" or "."). */
void mg_fs__join(mg_buf *b, const char *dir, const char *name);

/* 1 when path exists. */
int mg_fs__exists(const char *path);

#endif
