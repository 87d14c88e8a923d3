/* mg_check.h - `migrate check` as one library call: the models, the
 * migrations replayed on a scratch database and the database compared,
 * every difference a finding; diff's report in the same shape; and the
 * at-head test that check and autogenerate share. */
#ifndef MG_CHECK_H
#define MG_CHECK_H

#include "mg_common.h"
#include "mg_op.h"
#include "mg_source.h"
#include "mg_roundtrip.h"

MG_BEGIN_DECL

/* What mg_check compares. Fill with mg_check_opts_init, then set what the
 * project says; every string is borrowed for the call. */
typedef struct mg_check_opts {
    mg_source_opts source;  /* models_path, versions_dir, version_table;
                             * url: the database checked (NULL: no
                             * database part); dialect: compared and
                             * replayed for (NULL: url's, else SQLite);
                             * scripts (NULL: read versions_dir),
                             * shadow_url, cache_dir, cached and
                             * progress: the replay's, as for the
                             * "migrations" source */
    int            no_db;   /* 1: skip the database part even with a url
                             * (its server still hosts a server
                             * dialect's scratch database) */
    const char    *base;    /* a git ref whose revision files must be
                             * unchanged and whose heads must be joined;
                             * NULL: none */
    int            strict;  /* with base: destructive steps in new
                             * revisions are findings, not warnings */
    const mg_strlist *dialects;   /* the dialects the history serves
                             * (mg_config_dialects); each other than
                             * source.dialect is replayed on a scratch
                             * database of its own too, and its findings
                             * name it; NULL or empty: source.dialect's
                             * alone, findings as before */
    const mg_strlist *check_urls; /* parallel to dialects: the server each
                             * is replayed on (mg_config_check_url), ""
                             * for none; a server dialect without one is
                             * skipped (mg_check_skipped_at). NULL: none */
    int            roundtrip; /* prove each new revision (those not
                               * committed at base; without base, every
                               * one) reversible with mg_roundtrip: what
                               * differs is a finding */
} mg_check_opts;

/* Defaults: models.sql, migrations/versions, no URL, no base. */
MG_EXTERN
void mg_check_opts_init(mg_check_opts *opts);

/* One finding (or warning) of a report. Strings are owned by the result. */
typedef struct mg_check_finding {
    const char *text;      /* as shown: "path:line: message" where a file
                            * is concerned, a schema change described
                            * with " (data loss)" when it can lose data */
    const char *message;   /* the text without its location (what an
                            * annotation at file:line says) */
    const char *file;      /* the file concerned, NULL when none */
    int         line;      /* 1-based line in file, 0 when unknown */
    const char *change;    /* a schema change: mg_op_kind_name() of it;
                            * NULL for any other finding */
    const char *table;     /* a schema change: its table, else NULL */
    int         data_loss; /* 1: the change can lose data */
} mg_check_finding;

/* A report: findings (the check fails when there is one) and warnings. */
typedef struct mg_check_result mg_check_result;

/* Run `check` (DESIGN section 9): an invalid graph or several heads that
 * are not each the only head of a branch label are findings; so are the
 * models differing from the migrations replayed, and with a URL (and not
 * no_db) the database not at the heads (mg_at_head), an applied revision
 * whose file changed, and the database's schema differing from the
 * models; with base, what mg_git_check_base finds. The database is read
 * on a thread of its own, beside the replay, when the history is small
 * (at most 1 MiB of upgrade SQL); else each schema in turn, so that at
 * most three are in memory at once. *out is the report, to free with
 * mg_check_result_free, also when it has findings. Errors (nothing in
 * *out): MG_EUSAGE, MG_EPARSE, MG_ENOTFOUND (models, revision files,
 * config values), MG_EDB (the database or the scratch database),
 * MG_ENOMEM. */
MG_EXTERN
int mg_check(mg_check_result **out, const mg_check_opts *opts,
             mg_error *err);

/* diff's report in check's shape: one finding per change of ops (a table
 * rebuild's changes one by one), no file, no warning. Errors: MG_ENOMEM. */
MG_EXTERN
int mg_check_result_from_ops(mg_check_result **out, const mg_oplist *ops,
                             mg_error *err);

MG_EXTERN
void mg_check_result_free(mg_check_result *r);   /* NULL-safe */

/* 1 when the report has no finding (warnings allowed). */
MG_EXTERN
int mg_check_result_ok(const mg_check_result *r);
/* 1 when the database part ran (a URL, and no no_db). */
MG_EXTERN
int mg_check_result_db_checked(const mg_check_result *r);
MG_EXTERN
size_t mg_check_finding_count(const mg_check_result *r);
/* The i-th finding, i < mg_check_finding_count(r); borrowed from r. */
MG_EXTERN
const mg_check_finding *mg_check_finding_at(const mg_check_result *r,
                                            size_t i);
/* The dialects of opts->dialects that were not replayed, for want of a
 * check server (borrowed names). */
MG_EXTERN
size_t mg_check_skipped_count(const mg_check_result *r);
MG_EXTERN
const char *mg_check_skipped_at(const mg_check_result *r, size_t i);
MG_EXTERN
size_t mg_check_warning_count(const mg_check_result *r);
MG_EXTERN
const mg_check_finding *mg_check_warning_at(const mg_check_result *r,
                                            size_t i);

/* The at-head test: 1 when the version rows current name exactly the
 * revisions heads (as sets: every head is a row and every row a head), 0
 * otherwise. A database at one of several heads is not at head. */
MG_EXTERN
int mg_at_head(const mg_strlist *current, const mg_strlist *heads);

MG_END_DECL
#endif
