/* replay_cache.c - one file per project and server in the cache
 * directory, "replay-<slot>": a header naming the key it was made for and
 * the SHA-256 of its body, then the schema (metadata_io_int.h). A file that
 * does not match in every respect is a miss, never an error, and so is a
 * directory that is not this user's alone (it is never chmod'ed). */
#include "replay_cache_int.h"
#include "metadata_io_int.h"
#include "fsutil_int.h"
#include "mg_revfile.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "migrate replay cache 5\n"   /* 3: identity, serial;
                                             * 4: schema objects;
                                             * 5: generated columns */

/* One field of key material: its length first, so fields cannot run into
 * each other. */
static void
field(mg_buf *b, const char *s)
{
    if (!s)
        s = "";
    mg_buf_addf(b, "%zu:%s\n", strlen(s), s);
}

int
mg_replay__key(mg_replay_key *k, const mg_dialect *d, const char *server_id,
               const char *server_version, const mg_scriptdir *sd,
               const char *rev, const char *version_table)
{
    const mg_revgraph *g = mg_scriptdir_graph(sd);
    const char *const *order = mg_revgraph_order(g);
    size_t i, n = mg_revgraph_count(g);
    char dir[PATH_MAX];
    mg_buf b = MG_BUF_INIT;

    if (!realpath(mg_scriptdir_path(sd), dir))
        snprintf(dir, sizeof(dir), "%s", mg_scriptdir_path(sd));
    field(&b, dir);
    field(&b, d->name);
    field(&b, server_id);
    mg_sha256_hex(b.ptr ? b.ptr : "", b.len, k->slot);
    /* the content key: everything the replayed schema depends on */
    field(&b, mg_version());
    field(&b, server_version);
    field(&b, rev && *rev ? rev : "heads");
    field(&b, version_table ? version_table : "migrate_version");
    for (i = 0; i < n; i++) {
        const mg_revfile *rf = mg_scriptdir_file(sd, order[i]);
        field(&b, order[i]);
        field(&b, rf ? mg_revfile_checksum(rf) : "");
    }
    if (b.oom) {
        mg_buf_release(&b);
        return MG_ENOMEM;
    }
    mg_sha256_hex(b.ptr, b.len, k->key);
    mg_buf_release(&b);
    return 0;
}

static void
slot_path(mg_buf *b, const char *dir, const mg_replay_key *k)
{
    mg_buf name = MG_BUF_INIT;

    mg_buf_addf(&name, "replay-%.32s", k->slot);
    mg_fs__join(b, dir, mg_buf_cstr(&name));
    mg_buf_release(&name);
}

int
mg_replay__get(mg_metadata **out, const char *dir, const mg_replay_key *k)
{
    size_t head = strlen(MAGIC) + 2 * (4 + 64 + 1), len;
    mg_buf path = MG_BUF_INIT, want = MG_BUF_INIT;
    char *text = NULL, sum[65];
    int hit = 0;

    *out = NULL;
    /* a file in a directory others may write into could be anyone's */
    if (mg_fs__private_dir(dir, 0, NULL) < 0)
        return 0;
    slot_path(&path, dir, k);
    if (path.oom || mg_fs__read(mg_buf_cstr(&path), &text, &len, NULL) < 0)
        goto done;
    mg_buf_addf(&want, MAGIC "key %s\nsum ", k->key);
    if (want.oom || len < head || memcmp(text, want.ptr, want.len) != 0)
        goto done;
    mg_sha256_hex(text + head, len - head, sum);
    if (memcmp(text + want.len, sum, 64) != 0 || text[head - 1] != '\n')
        goto done;
    hit = mg_metadata__undump(out, text + head, len - head, NULL) == 0;
done:
    free(text);
    mg_buf_release(&path);
    mg_buf_release(&want);
    return hit;
}

void
mg_replay__put(const char *dir, const mg_replay_key *k,
               const mg_metadata *md)
{
    mg_buf body = MG_BUF_INIT, file = MG_BUF_INIT, path = MG_BUF_INIT;
    char sum[65];

    /* schemas are the user's business: the directory is made 0700, and
     * one that others may write into is not used (never chmod'ed) */
    if (mg_fs__private_dir(dir, 1, NULL) < 0 ||
        mg_metadata__dump(&body, md) < 0)
        goto done;
    mg_sha256_hex(body.ptr, body.len, sum);
    mg_buf_addf(&file, MAGIC "key %s\nsum %s\n", k->key, sum);
    mg_buf_add(&file, body.ptr, body.len);
    slot_path(&path, dir, k);
    /* a reader sees the old file or the new one, never half of one */
    if (!file.oom && !path.oom)
        (void)mg_file_write(path.ptr, file.ptr, file.len, MG_FILE_PRIVATE,
                            NULL);
done:
    mg_buf_release(&body);
    mg_buf_release(&file);
    mg_buf_release(&path);
}
