/* metadata_int.h - what the library's other files use of metadata.c
 * beyond the public mg_metadata.h. Not installed. */
#ifndef MG_METADATA_INT_H
#define MG_METADATA_INT_H

#include "mg_metadata.h"

/* A deep copy of table src (columns, constraints, indexes, options)
 * added to md. Errors: MG_EEXISTS (md has a table of that name),
 * MG_ENOMEM. */
int mg_metadata__copy_table(mg_metadata *md, const mg_table *src,
                            mg_error *err);

#endif
