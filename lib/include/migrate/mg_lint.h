/* mg_lint.h - safe migrations: every statement of a revision read against
 * rules for data loss, blocking DDL and changes that break the version of
 * the application still running, each rule with a stable id, a severity
 * and one line of advice (squawk's and strong_migrations' idea, on three
 * dialects). Which rules apply is decided by the dialect's capability bits
 * (MG_CAP_*), never by its name. A line
 *     -- migrate: lint-ignore RULE reason
 * in a revision silences RULE for the next statement; the finding is kept,
 * marked ignored with the reason, so the report still lists it. */
#ifndef MG_LINT_H
#define MG_LINT_H

#include "mg_common.h"
#include "mg_engine.h"
#include "mg_revfile.h"

MG_BEGIN_DECL

typedef enum mg_lint_severity {
    MG_LINT_INFO, MG_LINT_WARNING, MG_LINT_ERROR
} mg_lint_severity;

/* One rule: what the README's table lists (`migrate lint --list-rules`). */
typedef struct mg_lint_rule {
    const char      *id;        /* stable: "drop-column" */
    mg_lint_severity severity;
    const char      *summary;   /* what fires it, one line */
    const char      *advice;    /* what to do instead, one line */
    unsigned int     needs;     /* MG_CAP_* the dialect must have */
    unsigned int     lacks;     /* MG_CAP_* it must not have */
} mg_lint_rule;

/* The rules, in a fixed order; *n gets their count. */
MG_EXTERN
const mg_lint_rule *mg_lint_rules(size_t *n);
/* The rule with that id, NULL when none. */
MG_EXTERN
const mg_lint_rule *mg_lint_rule_find(const char *id);
/* 1 when rule r applies to SQL of dialect d (its capability bits). */
MG_EXTERN
int mg_lint_rule_applies(const mg_lint_rule *r, const mg_dialect *d);
/* "info", "warning", "error". */
MG_EXTERN
const char *mg_lint_severity_name(mg_lint_severity s);

/* One finding. Strings are owned by the report. */
typedef struct mg_lint_finding {
    const mg_lint_rule *rule;
    const char *revision;   /* the revision id */
    const char *path;       /* its file */
    int         line;       /* the statement's first line */
    const char *message;    /* "drops column users.email" (printable) */
    const char *ignored;    /* the lint-ignore reason, NULL when the
                             * finding counts */
    const char *table;      /* the existing table it concerns, NULL for
                             * none */
    long long   rows;       /* that table's estimated rows and bytes, */
    long long   bytes;      /* from mg_lint_read_stats; -1: unknown */
    const char *dialect;    /* the dialect the statement was read as */
} mg_lint_finding;

typedef struct mg_lint mg_lint;

MG_EXTERN
int  mg_lint_new(mg_lint **out, mg_error *err);
MG_EXTERN
void mg_lint_free(mg_lint *l);

/* Read the upgrade section of rf as dialect d runs it and append what the
 * rules find, in statement order. A revision read for several dialects,
 * one call each, counts once in mg_lint_revisions. Errors: MG_EPARSE (the section cannot
 * be split: "path:line: ..."), MG_ENOMEM. */
MG_EXTERN
int mg_lint_revision(mg_lint *l, const mg_revfile *rf, const mg_dialect *d,
                     mg_error *err);

/* Read the size of every table of e's schema from the catalog's
 * statistics (one query, the dialect's sql.stats_query), so that later
 * findings say how many rows and bytes their table holds. Errors: MG_EDB
 * (the dialect has no such query, or it failed: the findings then carry
 * no sizes), MG_ENOMEM. */
MG_EXTERN
int mg_lint_read_stats(mg_lint *l, mg_engine *e, mg_error *err);
/* "~2.9M rows, 1.1 GiB" (either part left out when unknown; "" when
 * both are) into b. */
MG_EXTERN
void mg_lint_format_size(mg_buf *b, long long rows, long long bytes);

MG_EXTERN
size_t                 mg_lint_count(const mg_lint *l);
MG_EXTERN
const mg_lint_finding *mg_lint_at(const mg_lint *l, size_t i);
/* How many findings of severity s count (are not ignored). */
MG_EXTERN
size_t mg_lint_counted(const mg_lint *l, mg_lint_severity s);
/* How many revisions were read. */
MG_EXTERN
size_t mg_lint_revisions(const mg_lint *l);

MG_END_DECL
#endif
