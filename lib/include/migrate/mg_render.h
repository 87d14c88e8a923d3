/* mg_render.h - operations to SQL text for one dialect. */
#ifndef MG_RENDER_H
#define MG_RENDER_H

#include "mg_common.h"
#include "mg_op.h"
#include "mg_engine.h"

MG_BEGIN_DECL

/* Render every op of l for d into out: statements each ending ";\n", a
 * "-- WARNING: data loss: <description>" line before each destructive op.
 * Errors: MG_EUSAGE (an op d cannot express), MG_ENOMEM. */
MG_EXTERN
int mg_render(mg_buf *out, const mg_oplist *l, const mg_dialect *d,
              mg_error *err);

/* mg_render's flags (mg_render_with). MG_RENDER_ONLINE: each step that
 * changes a table the list neither creates before it nor drops after it
 * (one that has rows, and writers) is rendered with mg_op.online set: the
 * dialect's form that does not block writes, where it has one (none:
 * the plain form, so SQLite's script is the same). */
#define MG_RENDER_ONLINE 0x1u

/* mg_render with flags (MG_RENDER_*); 0 is mg_render. */
MG_EXTERN
int mg_render_with(mg_buf *out, const mg_oplist *l, const mg_dialect *d,
                   unsigned int flags, mg_error *err);

/* 0 when the script mg_render_with writes for l, d and flags must run
 * outside a transaction ("-- transaction: off"): an online index build
 * (MG_CAP_ONLINE_INDEX: CONCURRENTLY refuses a transaction), or a
 * constraint or NOT NULL checked after a NOT VALID step
 * (MG_CAP_NOT_VALID: the check blocks no writes only in a transaction
 * of its own, after the NOT VALID step's lock is released); 1 otherwise. */
MG_EXTERN
int mg_render_transactional(const mg_oplist *l, const mg_dialect *d,
                            unsigned int flags);

/* The statements of the script mg_render writes for l, each without its
 * terminator, in order: what a program runs one by one without splitting
 * the text (and what splitting mg_render's text must give back). */
MG_EXTERN
int mg_render_statements(mg_strlist *out, const mg_oplist *l,
                         const mg_dialect *d, mg_error *err);

/* The statements (without terminators) of one op. */
MG_EXTERN
int mg_render_op(mg_strlist *out, const mg_op *op, const mg_dialect *d,
                 mg_error *err);

/* CREATE TABLE (and its indexes) for every table of md, parents first,
 * cycle FKs added afterwards, as one SQL script: the create_all DDL. */
MG_EXTERN
int mg_render_create_all(mg_buf *out, const mg_metadata *md,
                         const mg_dialect *d, mg_error *err);
/* md as model text (what `inspect` prints): mg_render_create_all's
 * statements, but every foreign key inline in its CREATE TABLE, cycles
 * too (a model names tables before they are declared; ALTER TABLE is not
 * model language), so the text parses back into md. */
MG_EXTERN
int mg_render_model(mg_buf *out, const mg_metadata *md, const mg_dialect *d,
                    mg_error *err);

MG_END_DECL
#endif
