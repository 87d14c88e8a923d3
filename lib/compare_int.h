/* compare_int.h - what the files of autogenerate's comparison share
 * (compare.c drives; compare_context.c holds the shared state, a leaf
 * that calls no other; compare_tables.c, compare_columns.c,
 * compare_constraints.c, compare_indexes.c and compare_objects.c each
 * compare one aspect;
 * rebuild.c regroups a table's changes for dialects that cannot ALTER).
 * Ops are collected with a step number and sorted by step at the end, so
 * each aspect can be compared table by table while the list still comes
 * out in mg_compare's documented order. Not installed. */
#ifndef MG_COMPARE_INT_H
#define MG_COMPARE_INT_H

#include "mg_compare.h"
#include "mg_dialect.h"
#include "mg_sort.h"

/* The steps of the op list, in output order. */
enum {
    CMP_DROP_OBJECT,    /* (0) views, triggers, comments that go or are
                         * re-created (compare_objects.c) */
    CMP_CREATE_PRE,     /* (0) schemas, enums, domains, sequences,
                         * functions: new or changed */
    CMP_DROP_FK,        /* (1) foreign keys that change or go */
    CMP_DROP,           /* (1) other constraints and indexes that do */
    CMP_CREATE,         /* (2) new tables, each followed by its indexes */
    CMP_COLUMNS,        /* (3) added, then altered columns */
    CMP_ADD,            /* (4) new or changed PK, UNIQUE, CHECK */
    CMP_INDEX,          /* (4) new or changed indexes */
    CMP_ADD_FK,         /* (4) new or changed FKs, deferred cycle FKs */
    CMP_DROP_COLUMN,    /* (5) */
    CMP_DROP_TABLE,     /* (6) children first */
    CMP_DROP_PRE,       /* (7) schemas, enums... that go */
    CMP_CREATE_POST     /* (7) views, triggers, comments: new, changed or
                         * re-created */
};

/* One collected op. deferred_fks, when set, is owned (malloc'd). */
typedef struct cmp_entry {
    mg_op  op;
    int    step;        /* CMP_* */
    size_t seq;         /* insertion order, the tie-break inside a step */
} cmp_entry;

typedef struct mg_cmp {
    const mg_metadata *have;
    const mg_metadata *want;
    const mg_dialect  *d;
    const mg_strlist  *ignore;
    mg_sorted         *have_sorted;
    mg_sorted         *want_sorted;
    cmp_entry         *v;
    size_t             n;
    size_t             cap;
    size_t             seq;
} mg_cmp;

/* One table present on both sides, with which of its indexes have been
 * dealt with (matched, skipped or turned into ops), so constraints and
 * indexes can match each other (a UNIQUE constraint reflected as a
 * unique index). */
typedef struct cmp_table {
    const mg_table *have;     /* the table as it is */
    const mg_table *want;     /* the table as wanted */
    unsigned char  *have_ix;  /* per have->indexes: 1 when done */
    unsigned char  *want_ix;  /* per want->indexes: 1 when done */
} cmp_table;

/* compare_context.c: the shared state, a leaf the others call. */
/* Append a copy of op at step; op->deferred_fks (if any) must be malloc'd
 * and becomes the list's. Errors: MG_ENOMEM (deferred_fks freed). */
int mg_compare__emit(mg_cmp *c, int step, const mg_op *op);
/* 1 when name is in the ignore list (case-insensitive). */
int mg_compare__ignored(const mg_cmp *c, const char *name);
/* The table named so in have / want, NULL when absent or ignored. */
const mg_table *mg_compare__have_table(const mg_cmp *c, const char *name);
const mg_table *mg_compare__want_table(const mg_cmp *c, const char *name);
/* 1 when d can ALTER tables (change columns, add/drop constraints). */
int mg_compare__can_alter(const mg_cmp *c);
/* Sort c->v by step, then insertion order. */
void mg_compare__sort(mg_cmp *c);
/* Free what c holds (the ops, the sorted schemas); c itself is not. */
void mg_compare__release(mg_cmp *c);

/* compare_tables.c: every table, created, dropped or compared. */
int mg_compare__tables(mg_cmp *c);

/* compare_objects.c: every schema object (mg_object.h), after the
 * tables' ops are collected (it looks at them to find the views and
 * triggers to re-create). Errors: MG_ENOMEM. */
int mg_compare__objects(mg_cmp *c);

/* 1 when a and b are both triggers of one table (object.c: a trigger
 * that names another of its table depends on it - MariaDB's FOLLOWS and
 * PRECEDES - and such triggers are made and re-made together). */
int mg_object__same_table_trigger(const mg_object *a, const mg_object *b);

/* compare_columns.c: added, altered and dropped columns of t. */
int mg_compare__columns(mg_cmp *c, const cmp_table *t);
/* 1 when columns a and b have the same default, as compare sees it (the
 * dialect's normalize_default; auto-generated keys aside); the same
 * generation (neither generated, or the same expression and kind). Only
 * c->d is read. */
int mg_compare__defaults_equal(const mg_cmp *c, const mg_column *a,
                               const mg_column *b);
int mg_compare__generation_equal(const mg_cmp *c, const mg_column *a,
                                 const mg_column *b);

/* compare_constraints.c: primary key, UNIQUE, FOREIGN KEY and CHECK of t
 * (run after mg_compare__match_indexes, before mg_compare__index_ops). */
int mg_compare__constraints(mg_cmp *c, cmp_table *t);
/* Equal lists of column names (case-insensitive, in order). */
int mg_compare__names_equal(const mg_strlist *a, const mg_strlist *b);

/* compare_indexes.c */
/* 1 when ix implements one of t's constraints (named with the dialect's
 * catalog.implicit_index_prefix, or like a PK, UNIQUE or FK constraint):
 * such an index is never compared on its own. */
int mg_compare__index_is_implicit(const mg_cmp *c, const mg_table *t,
                                  const mg_index *ix);
/* Pair t's indexes by name, then by definition; changed pairs become a
 * drop and a create; marks what it dealt with. */
int mg_compare__match_indexes(mg_cmp *c, cmp_table *t);
/* Same definition, names aside: index a of table ta and b of tb. */
int mg_compare__index_definition_equal(const mg_table *ta,
                                       const mg_index *a,
                                       const mg_table *tb,
                                       const mg_index *b);
/* 1 when unique index ix covers exactly the plain columns cols (no
 * expressions, no predicate, default method). */
int mg_compare__index_is_unique_on(const mg_index *ix,
                                   const mg_strlist *cols);
/* Indexes still unmatched: drops and creates. */
int mg_compare__index_ops(mg_cmp *c, cmp_table *t);
/* Ops for the indexes of a table created (CREATE_INDEX, step CMP_CREATE)
 * or dropped (DROP_INDEX before its DROP TABLE, so the inverse recreates
 * them). */
int mg_compare__table_indexes(mg_cmp *c, const mg_table *t, int create);

/* normalize.c */
/* 1 when a and b (either may be NULL) normalise to the same text. */
int mg_compare__expr_equal(const char *a, const char *b);
/* Two CHECK (or generated) expressions the same, as the dialect's
 * catalog would store them (compare_constraints.c). */
int mg_compare__checks_equal(const mg_cmp *c, const char *a, const char *b);
/* 1 when expression text mentions identifier name as a whole word
 * (case-insensitive, outside string literals). */
int mg_compare__expr_mentions(const char *expr, const char *name);

/* rebuild.c: for dialects without MG_CAP_ALTER_COLUMN, replace the ops
 * of each table that stays and needs something the dialect cannot do in
 * place by one MG_OP_REBUILD_TABLE. c->v must be sorted. Errors:
 * MG_ENOMEM. */
int mg_compare__rebuild(mg_cmp *c);

#endif
