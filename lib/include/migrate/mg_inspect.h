/* mg_inspect.h - reflection: the schema a live database has, read from its
 * catalog in a fixed number of queries (not a set per table). */
#ifndef MG_INSPECT_H
#define MG_INSPECT_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_engine.h"

MG_BEGIN_DECL

/* Reflect e's schema into a new metadata. Tables named in ignore (the
 * version tables) are left out. Errors: MG_EDB, MG_EPARSE (SQLite DDL the
 * parser cannot read, naming the table). */
MG_EXTERN
int mg_inspect(mg_metadata **out, mg_engine *e, const mg_strlist *ignore,
               mg_error *err);

MG_END_DECL
#endif
