/* adopt_int.h - what baseline.c and squash.c share: a schema difference
 * rendered both ways, as a revision file's two sections. Internal to the
 * library. */
#ifndef MG_ADOPT_INT_H
#define MG_ADOPT_INT_H

#include "mg_compare.h"
#include "mg_op.h"
#include "mg_render.h"

/* The SQL that turns from into to (up) and back (down, the exact
 * inverse), rendered for d, each without trailing newlines, appended to
 * up and down. Errors: those of mg_compare and mg_render. */
int mg_adopt__render_diff(mg_buf *up, mg_buf *down, const mg_metadata *from,
                          const mg_metadata *to, const mg_dialect *d,
                          const mg_strlist *ignore, mg_error *err);

#endif
