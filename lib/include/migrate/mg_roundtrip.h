/* mg_roundtrip.h - the reversibility proof of `check --roundtrip`: each
 * revision asked for is run upgrade -> downgrade -> upgrade on a scratch
 * database of the dialect, and the schema is compared by reflection
 * after each step: the downgrade must give back the schema the revision
 * started from, and the second upgrade the schema of the first. */
#ifndef MG_ROUNDTRIP_H
#define MG_ROUNDTRIP_H

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_scriptdir.h"

MG_BEGIN_DECL

/* One difference found: revision, its file and the line of the section
 * concerned, and one line saying what differs ("revision r2: after its
 * downgrade, the schema is not the one before its upgrade: drop index
 * ix_t_c on t"). */
typedef void (*mg_roundtrip_report)(void *ctx, const char *revision,
                                    const char *file, int line,
                                    const char *message);

typedef struct mg_roundtrip_opts {
    const mg_scriptdir *scripts;       /* the history */
    const mg_dialect   *dialect;       /* whose sections run */
    const char         *server_url;    /* a server dialect's scratch
                                        * database is made there; NULL
                                        * for a dialect with a scratch
                                        * URL of its own (SQLite) */
    const char         *version_table; /* NULL: "migrate_version" */
    const mg_strlist   *revisions;     /* the ones to prove (ids); NULL:
                                        * every revision */
    mg_roundtrip_report report;
    void               *ctx;
} mg_roundtrip_opts;

/* Replay the history in graph order on a new scratch database (dropped
 * afterwards); each revision to prove is upgraded, downgraded (its
 * downgrade section run as it is) and upgraded again (its upgrade
 * section), each difference reported. Errors: MG_EUSAGE (no scratch
 * database for the dialect), MG_EPARSE, MG_EDB (a revision failed: the
 * message names file:line), MG_ENOMEM. */
MG_EXTERN
int mg_roundtrip(const mg_roundtrip_opts *opts, mg_error *err);

MG_END_DECL
#endif
