/* replay_cache_int.h - the schema a replay of the migrations gave, kept in a
 * file of the cache directory and used again while nothing it depends on
 * has changed: the revision files' bytes, the target, the version table,
 * the dialect and the exact server (or SQLite library) version. */
#ifndef MG_REPLAY_CACHE_H
#define MG_REPLAY_CACHE_H

#include "mg_metadata.h"
#include "mg_dialect.h"
#include "mg_scriptdir.h"

typedef struct mg_replay_key {
    char slot[65];   /* which file: the project and the server */
    char key[65];    /* what its content must have been made from */
} mg_replay_key;

/* The key of replaying sd up to rev (NULL: heads) on the server that
 * server_id names (a URL without its password) running server_version. */
int mg_replay__key(mg_replay_key *k, const mg_dialect *d,
                   const char *server_id, const char *server_version,
                   const mg_scriptdir *sd, const char *rev,
                   const char *version_table);

/* 1 and *out when dir holds the schema for k; 0 when it does not, or the
 * file is unreadable, stale or damaged, or dir is not a directory of this
 * user that only this user may write into (then it is simply replayed). */
int mg_replay__get(mg_metadata **out, const char *dir,
                   const mg_replay_key *k);

/* Keep md for k in dir (created 0700 if missing; an existing one is used
 * only when it qualifies as for mg_replay__get, and its mode is never
 * changed), replacing the slot's earlier schema atomically, mode 0600.
 * Failures are ignored: a cache is optional. */
void mg_replay__put(const char *dir, const mg_replay_key *k,
                    const mg_metadata *md);

#endif
