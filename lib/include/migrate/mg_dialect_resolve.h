/* mg_dialect_resolve.h - which dialect a command works for: a name the
 * user gave (--dialect), else the scheme of a database URL, each looked up
 * in the dialects compiled into this build. */
#ifndef MG_DIALECT_RESOLVE_H
#define MG_DIALECT_RESOLVE_H

#include "mg_common.h"
#include "mg_engine.h"

MG_BEGIN_DECL

/* The dialect named name (a dialect name or alias, case-insensitive), or,
 * when name is NULL, the dialect of url's scheme; *out is NULL when both
 * are NULL (the caller picks its default: mg_dialect_default(), or the
 * dialect the revision files name). Errors (*out NULL): MG_EUSAGE
 * "unknown dialect 'NAME'", a URL that does not parse (mg_url_parse's
 * message, never with its password), "the SCHEME dialect is not compiled
 * into this build". */
MG_EXTERN
int mg_dialect_resolve(const mg_dialect **out, const char *name,
                       const char *url, mg_error *err);

/* The server dialect d's migrations are replayed on: check_urls[i] for
 * the dialects[i] that names d (the two lists are parallel, as the
 * config's `dialects` and `check_url_<dialect>` keys are); NULL when
 * none is given or it is "". Either list may be NULL. */
MG_EXTERN
const char *mg_dialect_check_url(const mg_strlist *dialects,
                                 const mg_strlist *check_urls,
                                 const mg_dialect *d);

MG_END_DECL
#endif
