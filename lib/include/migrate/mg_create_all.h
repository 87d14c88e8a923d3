/* mg_create_all.h - the tables of an mg_metadata created or dropped on a
 * pooled connection in dependency order (SQLAlchemy's create_all and
 * drop_all), and whether a table exists. */
#ifndef MG_CREATE_ALL_H
#define MG_CREATE_ALL_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_pool.h"

MG_BEGIN_DECL

/* Create every table of md (with its indexes) in dependency order, foreign
 * keys of cycles added afterwards; with checkfirst, tables that exist are
 * left alone. Inside one transaction where DDL is transactional and c is
 * not in one already. Errors: MG_EDB, MG_EUSAGE, MG_ENOMEM. */
MG_EXTERN
int mg_create_all_at(mg_conn *c, const mg_metadata *md, int checkfirst,
                     const char *file, int line, mg_error *err);
/* Drop every table of md, children first; with checkfirst, tables that do
 * not exist are skipped. */
MG_EXTERN
int mg_drop_all_at(mg_conn *c, const mg_metadata *md, int checkfirst,
                   const char *file, int line, mg_error *err);
#define mg_create_all(c, md, checkfirst, err) \
    mg_create_all_at((c), (md), (checkfirst), __FILE__, __LINE__, (err))
#define mg_drop_all(c, md, checkfirst, err) \
    mg_drop_all_at((c), (md), (checkfirst), __FILE__, __LINE__, (err))

/* *out = 1 when c's database (current schema) has a table named name.
 * Errors: MG_EDB. */
MG_EXTERN
int mg_conn_table_exists(mg_conn *c, const char *name, int *out,
                         mg_error *err);

MG_END_DECL
#endif
