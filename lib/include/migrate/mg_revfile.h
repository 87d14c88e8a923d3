/* mg_revfile.h - one revision file: its header (revision, down_revision,
 * message, created, dialect, branch_labels, depends_on, transaction,
 * replaces) and its upgrade and downgrade SQL sections, generic or for
 * one dialect (DESIGN.md section 4). */
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
 * section. "-- +upgrade NAME" and "-- +downgrade NAME" hold dialect
 * NAME's SQL, which replaces the generic section's on that dialect; a
 * "-- dialect: a, b" header lists the dialects the file serves, each of
 * which must then have SQL in every direction the file has a section for
 * (its own section, possibly empty, or a generic section; an empty generic
 * section beside dialect sections does not count).
 * Errors: MG_EPARSE with "path:line: ..." for a missing or
 * invalid revision id, an unknown header key ("unknown header key
 * 'down_revison' (did you mean 'down_revision'?)"), a repeated key, an
 * invalid id in down_revision/depends_on, a bad transaction value, SQL
 * before "-- +upgrade", a repeated or unknown "-- +section", no
 * "-- +upgrade", a dialect section for a dialect "-- dialect:" does not
 * list, and a listed dialect without SQL ("path:L: no upgrade SQL for
 * postgresql: add a '-- +upgrade postgresql' section (an empty one if the
 * revision does nothing on postgresql)", L the "-- dialect:" line). */
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
/* The "-- dialect:" header as a list of canonical dialect names (an alias
 * such as mysql given as its dialect's name); empty when none. */
MG_EXTERN
const mg_strlist *mg_revfile_dialects(const mg_revfile *rf);
/* The line of the "-- dialect:" header, 1 when there is none. */
MG_EXTERN
int mg_revfile_dialect_line(const mg_revfile *rf);
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

/* The SQL of the generic section and the file line of its first byte. The
 * upgrade is "" (at the line of its first dialect section) when the file
 * has only dialect sections; the
 * downgrade is NULL when the file has no downgrade section at all, ""
 * when it has only dialect ones. Use mg_revfile_sql_for to run a file. */
MG_EXTERN
const char *mg_revfile_upgrade_sql(const mg_revfile *rf, int *line_out);
MG_EXTERN
const char *mg_revfile_downgrade_sql(const mg_revfile *rf, int *line_out);

/* 1 when the file serves the dialect named (canonical name): its
 * "-- dialect:" header lists it, or lists none. */
MG_EXTERN
int mg_revfile_serves(const mg_revfile *rf, const char *dialect);

/* The SQL the dialect named (canonical name, see mg_dialect_name) runs in
 * a direction (upgrade 1, downgrade 0): its own section, else the generic
 * one; borrowed from rf, with the file line of its first byte. *sql_out
 * is NULL when the file has no section of that direction at all (a
 * revision without a downgrade). Does not check mg_revfile_serves.
 * Errors: MG_EPARSE "path:line: no upgrade SQL for NAME: ..." when the
 * direction has dialect sections but none for NAME and no generic SQL. */
MG_EXTERN
int mg_revfile_sql_for(const char **sql_out, int *line_out,
                       const mg_revfile *rf, const char *dialect,
                       int upgrade, mg_error *err);

/* 1 when s is a valid revision id: 1-32 characters of [A-Za-z0-9_]. */
MG_EXTERN
int mg_revision_id_valid(const char *s);

/* SHA-256 of data as 64 lowercase hex characters plus NUL into hex. */
MG_EXTERN
void mg_sha256_hex(const void *data, size_t len, char hex[65]);

MG_END_DECL
#endif
