/* renames_int.h - renames that keep data: the model annotation
 * "-- migrate: renamed from OLD" read from a model file's text
 * (lib/model_renames.c) into mg_table/mg_column.renamed_from, and
 * autogenerate's use of it (lib/compare_renames.c). Internal to the
 * library. */
#ifndef MG_RENAMES_INT_H
#define MG_RENAMES_INT_H

#include "mg_compare.h"
#include "mg_metadata.h"

/* Read every "-- migrate: renamed from OLD" comment of text (a model file
 * already parsed into md) and set renamed_from on the table or column
 * whose definition is on the comment's line (the table's name, or a
 * column's name, starts on it). Errors: MG_EPARSE ("path:line: ..."
 * when the comment is on no such line or names nothing), MG_ENOMEM. */
int mg_model__renames(mg_metadata *md, const char *path, const char *text,
                      size_t len, mg_error *err);

/* compare.c: mg_compare without renames (have and want as they are). */
int mg_compare__plain(mg_oplist **out, const mg_metadata *have,
                      const mg_metadata *want, const mg_dialect *d,
                      const mg_strlist *ignore, mg_error *err);

/* op.c: l keeps md alive (and frees it with the last list that shares
 * it: mg_oplist_reverse shares it too); its ops point into md. */
int mg_oplist__keep(mg_oplist *l, mg_metadata *md);

#endif
