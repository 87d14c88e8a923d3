/* suggest_int.h - "did you mean" for a misspelled name, shared inside
 * libmigrate by the parsers that reject unknown keys. */
#ifndef MG_SUGGEST_H
#define MG_SUGGEST_H

#include "mg_common.h"

/* The candidate (NULL-terminated list) nearest to word by edit distance,
 * case ignored (insert, delete, replace, or swap two neighbours, each
 * costing 1), or NULL when none is near: at most 2 edits, or a third of
 * the candidate's length when that is more. The first of equally near
 * ones wins. */
const char *mg_suggest__nearest(const char *word,
                                const char *const *candidates);

/* Append the hint for an unknown word to out: "did you mean 'x'?" when a
 * candidate is near, else "expected a, b or c". */
void mg_suggest__hint(mg_buf *out, const char *word,
                      const char *const *candidates);

#endif
