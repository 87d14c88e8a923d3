/* metadata_io_int.h - an exact text form of a metadata value, so a schema can
 * be kept in a file and read back field for field (the replay cache).
 * Not a model file: it holds what reflection found (conventional names,
 * the named flags, positions, triggers) that DDL would not carry. */
#ifndef MG_METADATA_IO_H
#define MG_METADATA_IO_H

#include "mg_metadata.h"
#include "mg_object.h"

/* Append md to b. Errors: MG_ENOMEM (b->oom). */
int mg_metadata__dump(mg_buf *b, const mg_metadata *md);

/* Read back what mg_metadata__dump wrote. Errors: MG_EPARSE ("line N:
 * ..." for anything malformed, truncated or out of range), MG_ENOMEM. */
int mg_metadata__undump(mg_metadata **out, const char *text, size_t len,
                        mg_error *err);

#endif
