/* fuzz_revfile.c - libFuzzer harness for the revision file parser: any
 * bytes either parse into a record whose sections are NUL-terminated, or
 * fail with MG_EPARSE and a "file:line: " message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mg_revfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mg_revfile *rf = NULL;
    mg_error err;
    int rc, line;

    mg_error_clear(&err);
    rc = mg_revfile_parse(&rf, "f.sql", (const char *)data, size, &err);
    if (rc < 0) {
        if (rc != MG_EPARSE && rc != MG_ENOMEM)
            abort();
        if (rc == MG_EPARSE && strncmp(err.msg, "f.sql:", 6) != 0)
            abort();
        if (rf)
            abort();
        return 0;
    }
    if (!mg_revision_id_valid(mg_revfile_revision(rf)))
        abort();
    if (strlen(mg_revfile_checksum(rf)) != 64)
        abort();
    (void)strlen(mg_revfile_upgrade_sql(rf, &line));
    if (line < 1)
        abort();
    if (mg_revfile_downgrade_sql(rf, &line))
        (void)strlen(mg_revfile_downgrade_sql(rf, &line));
    mg_revfile_free(rf);
    return 0;
}
