/* mg_sort.h - tables in foreign-key dependency order (parents first), with
 * the foreign keys that had to be set aside to break cycles; and the
 * schema objects in their order of creation. */
#ifndef MG_SORT_H
#define MG_SORT_H

#include "mg_common.h"
#include "mg_metadata.h"

MG_BEGIN_DECL

typedef struct mg_sorted mg_sorted;

/* Sort md's tables: parents before children, ties alphabetical, linear in
 * tables + foreign keys. A self-reference is no dependency. Each cycle is
 * broken by setting aside foreign keys (greedily, few of them); those are
 * the ones to add with ALTER after the tables exist. Errors: MG_ENOMEM. */
MG_EXTERN
int  mg_sort_tables(mg_sorted **out, const mg_metadata *md, mg_error *err);
MG_EXTERN
void mg_sorted_free(mg_sorted *s);

MG_EXTERN
size_t               mg_sorted_count(const mg_sorted *s);
MG_EXTERN
const mg_table      *mg_sorted_table(const mg_sorted *s, size_t i);
/* The foreign keys set aside, with the table holding each. */
MG_EXTERN
size_t               mg_sorted_set_aside_count(const mg_sorted *s);
MG_EXTERN
const mg_table      *mg_sorted_set_aside_table(const mg_sorted *s, size_t i);
MG_EXTERN
const mg_constraint *mg_sorted_set_aside_fk(const mg_sorted *s, size_t i);
/* The cycles: groups of more than one table in which each table reaches
 * every other through foreign keys (strongly connected components),
 * ordered by their alphabetically first table. mg_sorted_cycle gives the
 * tables of cycle i, alphabetical, and their count in *n_out. */
MG_EXTERN
size_t                 mg_sorted_cycle_count(const mg_sorted *s);
MG_EXTERN
const mg_table *const *mg_sorted_cycle(const mg_sorted *s, size_t i,
                                       size_t *n_out);
/* The cycle that set-aside foreign key i breaks. */
MG_EXTERN
size_t                 mg_sorted_set_aside_cycle(const mg_sorted *s,
                                                 size_t i);
/* 1 when fk (of table) was set aside. */
MG_EXTERN
int mg_sorted_is_set_aside(const mg_sorted *s, const mg_constraint *fk);

/* The schema objects of md (mg_object.h) in creation order, as
 * indexes for mg_metadata_object_at into *order (malloc'd, *n of them;
 * NULL when none): first the kinds created before the tables
 * (MG_OBJ_BEFORE_TABLES) in kind order, then views and materialized
 * views each after the views it reads (its depends; a cycle is broken
 * where it closes), then triggers (each after the triggers of its table
 * it names: MariaDB's FOLLOWS/PRECEDES), then comments; ties by name
 * (byte order), so
 * the order does not depend on the catalog's. Errors: MG_ENOMEM. */
MG_EXTERN
int mg_sort_objects(size_t **order, size_t *n, const mg_metadata *md,
                    mg_error *err);

MG_END_DECL
#endif
