/* registry_int.h - the dialects this program knows, the names users write
 * for them (URL schemes, --dialect, a revision's `-- dialect:`) and which
 * of them are compiled into this build (dialects/registry.c). Nothing
 * outside dialects/ spells a dialect's name: lib/url.c and lib/engine.c
 * ask here. */
#ifndef MG_REGISTRY_INT_H
#define MG_REGISTRY_INT_H

#include <stddef.h>

#include "mg_common.h"
#include "mg_engine.h"

/* Flags of a name. */
#define MG_NAME_SCHEME 0x1u /* a URL scheme (else --dialect and revision
                             * files only) */
#define MG_NAME_SHOWN  0x2u /* listed in "expected ..." messages */

typedef struct mg_dialect_spelling {
    const char  *name;      /* matched case-insensitively */
    unsigned int flags;     /* MG_NAME_* */
} mg_dialect_spelling;

/* URL flags of a row. */
#define MG_URL_FILE 0x1u    /* scheme:///path names a file: no host, and
                             * scheme:// alone is an in-memory database */

/* One dialect this program knows, compiled in or not. */
typedef struct mg_dialect_row {
    const mg_dialect_spelling *names;  /* the canonical name first (what
                                    * mg_url_scheme gives), {NULL}-ended */
    unsigned int      url_flags;   /* MG_URL_* */
    const mg_dialect *table;       /* NULL when not compiled in */
} mg_dialect_row;

/* The row one of whose URL schemes is s[0..n) (case-insensitive), NULL
 * when none is. */
const mg_dialect_row *mg_dialect__scheme(const char *s, size_t n);

/* The row one of whose names (schemes or not) is name, NULL when none. */
const mg_dialect_row *mg_dialect__row(const char *name);

/* Append the shown schemes to b as "a, b, c or d". */
void mg_dialect__list_schemes(mg_buf *b);

#endif
