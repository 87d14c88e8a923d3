/* dialect_resolve.c - the one place a command's dialect is chosen from
 * what the user gave: a --dialect name, else the database URL's scheme.
 * Both go through the registry's lookup (mg_dialect_find), so an alias
 * such as mysql or postgres names the same row everywhere. */
#include "mg_dialect_resolve.h"
#include "mg_url.h"

#include <stddef.h>

int
mg_dialect_resolve(const mg_dialect **out, const char *name,
                   const char *url, mg_error *err)
{
    mg_url *u = NULL;
    int rc;

    *out = NULL;
    if (name) {
        if (!(*out = mg_dialect_find(name)))
            return mg_error_set(err, MG_EUSAGE, "unknown dialect '%s'", name);
        return 0;
    }
    if (!url)
        return 0;
    if ((rc = mg_url_parse(&u, url, err)) < 0)
        return rc;
    if (!(*out = mg_dialect_find(mg_url_scheme(u))))
        rc = mg_error_set(err, MG_EUSAGE, "the %s dialect is not compiled "
                          "into this build", mg_url_scheme(u));
    mg_url_free(u);
    return rc < 0 ? rc : 0;
}

const char *
mg_dialect_check_url(const mg_strlist *dialects, const mg_strlist *check_urls,
                     const mg_dialect *d)
{
    size_t i;

    for (i = 0; dialects && check_urls && i < dialects->n &&
         i < check_urls->n; i++)
        if (mg_dialect_find(dialects->v[i]) == d && *check_urls->v[i])
            return check_urls->v[i];
    return NULL;
}
