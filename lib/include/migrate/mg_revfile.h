/* mg_revfile.h - one revision file: its header (revision, down_revision,
 * message, created, dialect, branch_labels, depends_on, transaction,
 * replaces) and
 * its upgrade and downgrade SQL sections (DESIGN.md section 4). */
#ifndef MG_REVFILE_H
#define MG_REVFILE_H

#include "mg_common.h"

MG_BEGIN_DECL

typedef struct mg_revfile mg_revfile;

/* Parse the text of a revision file (len bytes). path is used in messages
 * and kept. The checksum is the SHA-256 of exactly these bytes.
 * Header lines are "-- key: value" before "-- +upgrade" (white space or
 * the line's end after the ':'); the first run of them is the header,
 * where every key must be known. Elsewhere a known key is still read and
 * any other comment is ordinary. "-- +downgrade" starts the downgrade
 * section. Errors: MG_EPARSE with "path:line: ..." for a missing or
 * invalid revision id, an unknown header key ("unknown header key
 * 'down_revison' (did you mean 'down_revision'?)"), a repeated key, an
 * invalid id in down_revision/depends_on, a bad transaction value, SQL
 * before "-- +upgrade", a repeated or unknown "-- +section", no
 * "-- +upgrade". */
MG_EXTERN
int mg_revfile_parse(mg_revfile **out, const char *path, const char *text,
                     size_t len, mg_error *err);

/* Read and parse a file. Errors: MG_EIO (cannot read) and those above. */
MG_EXTERN
int mg_revfile_load(mg_revfile **out, const char *path, mg_error *err);
MG_EXTERN
void mg_revfile_free(mg_revfile *rf);

MG_EXTERN
const char *mg_revfile_path(const mg_revfile *rf);
MG_EXTERN
const char *mg_revfile_revision(const mg_revfile *rf);
MG_EXTERN
const char *mg_revfile_message(const mg_revfile *rf);      /* "" if none */
MG_EXTERN
const char *mg_revfile_created(const mg_revfile *rf);      /* "" if none */
MG_EXTERN
const char *mg_revfile_dialect(const mg_revfile *rf);      /* "" if none */
MG_EXTERN
const mg_strlist *mg_revfile_down_revisions(const mg_revfile *rf);
MG_EXTERN
const mg_strlist *mg_revfile_depends_on(const mg_revfile *rf);
MG_EXTERN
const mg_strlist *mg_revfile_branch_labels(const mg_revfile *rf);
/* A squash's "-- replaces: a, b": the revisions it stands for besides
 * its own id (whose run ended at it); empty for any other revision. */
MG_EXTERN
const mg_strlist *mg_revfile_replaces(const mg_revfile *rf);
/* 0 when the header says "transaction: off". */
MG_EXTERN
int mg_revfile_transactional(const mg_revfile *rf);
/* SHA-256 of the file's bytes, 64 lowercase hex characters. */
MG_EXTERN
const char *mg_revfile_checksum(const mg_revfile *rf);

/* The SQL of a section and the file line of its first byte. The downgrade
 * section is NULL when the file has none. */
MG_EXTERN
const char *mg_revfile_upgrade_sql(const mg_revfile *rf, int *line_out);
MG_EXTERN
const char *mg_revfile_downgrade_sql(const mg_revfile *rf, int *line_out);

/* 1 when s is a valid revision id: 1-32 characters of [A-Za-z0-9_]. */
MG_EXTERN
int mg_revision_id_valid(const char *s);

/* SHA-256 of data as 64 lowercase hex characters plus NUL into hex. */
MG_EXTERN
void mg_sha256_hex(const void *data, size_t len, char hex[65]);

MG_END_DECL
#endif
