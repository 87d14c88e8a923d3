/* inspect.c - reflection (SQLAlchemy's Inspector): the schema a live
 * database has, as metadata. The work is the dialect's inspect(), which
 * reads the catalog in a fixed number of queries; this file only gives it
 * the engine's connection and an empty metadata to fill, then resolves
 * what each schema object reads (its depends). */
#include "mg_inspect.h"
#include "mg_dialect.h"
#include "engine_int.h"

int
mg_inspect(mg_metadata **out, mg_engine *e, const mg_strlist *ignore,
           mg_error *err)
{
    const mg_dialect *d = mg_engine_dialect(e);
    mg_metadata *md = NULL;
    int rc;

    *out = NULL;
    if (!d->catalog.inspect)
        return mg_error_set(err, MG_EUSAGE, "the %s dialect cannot reflect "
                            "a schema", d->name);
    if ((rc = mg_metadata_new(&md, err)) < 0)
        return rc;
    if ((rc = d->catalog.inspect(mg_engine__conn(e), md, ignore, err)) < 0 ||
        (rc = mg_metadata_resolve_depends(md, err)) < 0) {
        mg_metadata_free(md);
        return rc;
    }
    *out = md;
    return 0;
}
