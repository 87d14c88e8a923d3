/* mg_file.h - writing a file so that it is either wholly there or not at
 * all: what migrate uses for every file it writes for a user (revision
 * files, init's scaffold, diagrams, its cache). */
#ifndef MG_FILE_H
#define MG_FILE_H

#include "mg_common.h"

MG_BEGIN_DECL

/* Flags of mg_file_write. */
enum {
    MG_FILE_EXCLUSIVE = 1 << 0, /* fail with MG_EEXISTS when path exists */
    MG_FILE_PRIVATE   = 1 << 1  /* mode 0600 instead of 0644 (both less
                                 * the umask) for a new file */
};

/* Write len bytes of data to path: into a temporary file beside it, which
 * is flushed to the disk and then renamed over path (linked to path with
 * MG_FILE_EXCLUSIVE, so an existing file is never replaced). On any
 * failure the temporary file is removed and path is as it was. Replacing
 * a file keeps its permissions; a symbolic link is written through.
 * Errors: MG_EEXISTS, MG_EIO ("cannot write 'path': reason"), MG_ENOMEM. */
MG_EXTERN
int mg_file_write(const char *path, const char *data, size_t len,
                  unsigned int flags, mg_error *err);

MG_END_DECL
#endif
