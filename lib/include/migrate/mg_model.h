/* mg_model.h - reading the model file language of DESIGN.md section 2
 * (CREATE TABLE, CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX, the schema
 * objects of mg_object.h and comments) into metadata. The
 * same parser reads the DDL SQLite stores for its tables. */
#ifndef MG_MODEL_H
#define MG_MODEL_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_engine.h"

MG_BEGIN_DECL

/* Parse flags. */
#define MG_MODEL_LENIENT 0x1u /* skip statements other than CREATE TABLE /
                               * INDEX (views, triggers) instead of failing;
                               * used for reflection */
#define MG_MODEL_INDEX_PER_TABLE 0x2u /* index names are per table (the
                               * dialect scopes them so): the same name on
                               * two tables is allowed */

/* Parse len bytes of text (path names it in messages) and add its tables
 * and indexes to md. Does not apply naming conventions (see
 * mg_model_finish). Errors: MG_EPARSE with "path:line:col: message" and
 * err->file/line/col set, e.g. "expected ')' after column list", "only
 * CREATE TABLE, CREATE INDEX and comments are allowed in a model file",
 * "unknown table 'x' in CREATE INDEX", "table 'x' defined twice". */
MG_EXTERN
int mg_model_parse(mg_metadata *md, const char *path, const char *text,
                   size_t len, unsigned int flags, mg_error *err);
/* mg_model_parse for the model of dialect d: the schema objects (CREATE
 * VIEW, CREATE TRIGGER, ..., COMMENT ON; mg_object.h) of a kind d lacks
 * (not in d->catalog.object_kinds) are refused, "path:line:col: CREATE
 * MATERIALIZED VIEW is not available on sqlite". d NULL: every kind is
 * taken. */
MG_EXTERN
int mg_model_parse_for(mg_metadata *md, const char *path, const char *text,
                       size_t len, unsigned int flags,
                       const mg_dialect *d, mg_error *err);

/* Name unnamed constraints and indexes by the convention and check
 * references (an index or a foreign key naming an unknown column or
 * table); call after all mg_model_parse calls. Errors: MG_EPARSE. */
MG_EXTERN
int mg_model_finish(mg_metadata *md, mg_error *err);
/* The same with flags: MG_MODEL_LENIENT keeps foreign keys that name an
 * unknown table or column (as a database may hold) instead of failing;
 * MG_MODEL_INDEX_PER_TABLE checks index names per table only. */
MG_EXTERN
int mg_model_finish_ex(mg_metadata *md, unsigned int flags, mg_error *err);

/* Read a model file, or every *.sql file of a directory in name order,
 * parse and finish. Errors: MG_EIO/MG_ENOTFOUND (cannot read), MG_EPARSE. */
MG_EXTERN
int mg_model_load(mg_metadata **out, const char *path, mg_error *err);
/* mg_model_load with index names scoped as dialect d scopes them (per
 * table where d has MG_CAP_INDEX_PER_TABLE; NULL: one namespace for the
 * whole schema, the strictest). */
MG_EXTERN
int mg_model_load_for(mg_metadata **out, const char *path,
                      const mg_dialect *d, mg_error *err);

MG_END_DECL
#endif
