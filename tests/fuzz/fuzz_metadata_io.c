/* fuzz_metadata_io.c - libFuzzer harness for the replay cache's text form
 * of metadata (lib/metadata_io.c): the body of a cache file, which is
 * read from disk and so may be anything. Besides the sanitizers' own
 * checks it asserts that a refusal is MG_EPARSE with a "record N: "
 * message, and that what is accepted dumps to text that reads back and
 * dumps to the same text again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metadata_io_int.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mg_metadata *md = NULL, *again = NULL;
    mg_buf a = MG_BUF_INIT, b = MG_BUF_INIT;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_metadata__undump(&md, (const char *)data, size, &err);
    if (rc < 0) {
        CHECK(md == NULL);
        CHECK(rc == MG_EPARSE || rc == MG_ENOMEM);
        CHECK(rc != MG_EPARSE || strncmp(err.msg, "record ", 7) == 0);
        return 0;
    }
    CHECK(mg_metadata__dump(&a, md) == 0);
    CHECK(mg_metadata__undump(&again, a.ptr, a.len, &err) == 0);
    CHECK(mg_metadata__dump(&b, again) == 0);
    CHECK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
    mg_metadata_free(md);
    mg_metadata_free(again);
    mg_buf_release(&a);
    mg_buf_release(&b);
    return 0;
}
