/* mg_op.h - the change model (Alembic's operations): what turns one schema
 * into another, one small step each, and the exact inverse of a list. */
#ifndef MG_OP_H
#define MG_OP_H

#include "mg_common.h"
#include "mg_metadata.h"
#include "mg_object.h"

MG_BEGIN_DECL

typedef enum mg_op_kind {
    MG_OP_CREATE_TABLE,     /* new_table; without the FKs in deferred_fks */
    MG_OP_DROP_TABLE,       /* old_table */
    MG_OP_ADD_COLUMN,       /* new_table, new_column */
    MG_OP_DROP_COLUMN,      /* old_table, old_column */
    MG_OP_ALTER_COLUMN,     /* old_table/new_table, old_column/new_column,
                             * changes */
    MG_OP_ADD_CONSTRAINT,   /* new_table, constraint */
    MG_OP_DROP_CONSTRAINT,  /* old_table, constraint */
    MG_OP_CREATE_INDEX,     /* new_table, index */
    MG_OP_DROP_INDEX,       /* old_table, index */
    MG_OP_REBUILD_TABLE,    /* old_table -> new_table by create-copy-drop-
                             * rename (dialects that cannot ALTER) */
    MG_OP_CREATE_OBJECT,    /* new_object (mg_object.h): from its
                             * definition */
    MG_OP_DROP_OBJECT,      /* old_object */
    MG_OP_REPLACE_OBJECT,   /* old_object -> new_object, same kind and
                             * identity, another definition: CREATE OR
                             * REPLACE, ALTER TYPE ... ADD VALUE, or drop
                             * and create, as the dialect can */
    MG_OP_RENAME_TABLE,     /* old_table (its name now) -> new_table (the
                             * name wanted): the model's "-- migrate:
                             * renamed from"; the rows stay */
    MG_OP_RENAME_COLUMN,    /* in table old_table (== new_table, named as
                             * it is when the rename runs): old_column ->
                             * new_column */
    MG_OP_ALTER_TABLE       /* old_table -> new_table (same name): the
                             * table's options (mg_table.options) as the
                             * dialect compares them
                             * (catalog.table_changes), changes saying
                             * which (MG_CHANGE_ENGINE...) */
} mg_op_kind;

/* What an ALTER_COLUMN changes. */
#define MG_CHANGE_TYPE     0x1u
#define MG_CHANGE_NULLABLE 0x2u
#define MG_CHANGE_DEFAULT  0x4u
#define MG_CHANGE_NEVER_REUSE 0x8u  /* never_reuse (MG_CAP_KEY_REUSE) */
#define MG_CHANGE_AUTOINCREMENT 0x10u /* autoincrement or identity_always */
#define MG_CHANGE_ATTRIBUTES 0x20u  /* charset, collation, ON UPDATE or
                                     * comment (MG_CAP_COLUMN_ATTRIBUTES) */
#define MG_CHANGE_GENERATED 0x40u   /* a generated column's expression or
                                     * STORED, or whether it is generated:
                                     * the column is dropped and added
                                     * again (rebuilt where the dialect
                                     * cannot alter) */

/* What an ALTER_TABLE changes. */
#define MG_CHANGE_ENGINE    0x100u  /* the storage engine */
#define MG_CHANGE_CHARSET   0x200u  /* the default character set (the
                                     * columns that inherit it too) */
#define MG_CHANGE_COLLATION 0x400u  /* the default collation (likewise) */
#define MG_CHANGE_TABLE_COMMENT 0x800u /* the table's comment */
#define MG_CHANGE_LOSS      0x1000u /* converting the rows this way can
                                     * lose data (a narrower character
                                     * set): data_loss */
#define MG_CHANGE_LOSS_BACK 0x2000u /* the inverse can: mg_oplist_reverse
                                     * swaps the two */

/* One operation. Pointers borrow from the two metadata objects compared
 * (old = the schema being changed, new = the schema wanted), which must
 * outlive the op list. */
typedef struct mg_op {
    mg_op_kind           kind;
    const mg_table      *old_table;
    const mg_table      *new_table;
    const mg_column     *old_column;
    const mg_column     *new_column;
    const mg_constraint *constraint;
    const mg_index      *index;
    unsigned int         changes;    /* MG_CHANGE_* for ALTER_COLUMN */
    int                  data_loss;  /* this step can lose data: drop
                                      * table/column, narrowing type,
                                      * a rebuild that drops columns */
    const mg_constraint **deferred_fks; /* CREATE_TABLE: FKs left out and
                                         * added afterwards (cycles);
                                         * DROP_TABLE: FKs dropped before */
    size_t               ndeferred_fks;
    const struct mg_op  *parts;      /* REBUILD_TABLE: the changes the
                                      * rebuild makes, as a dialect that
                                      * can ALTER would run them one by
                                      * one (what check and diff list) */
    size_t               nparts;
    const mg_object     *old_object; /* *_OBJECT ops */
    const mg_object     *new_object;
    const mg_metadata   *old_schema; /* the schemas compared (old: the
                                      * one being changed), for a
                                      * dialect that must look around
                                      * an object (the columns of an
                                      * enum type); may be NULL */
    const mg_metadata   *new_schema;
    int                  online;     /* 1: the dialect's form of this
                                      * step that does not block writes
                                      * to the table where it has one
                                      * (CREATE INDEX CONCURRENTLY, NOT
                                      * VALID then VALIDATE, ALGORITHM=
                                      * INPLACE, LOCK=NONE); 0: the plain
                                      * form. mg_render_with sets it */
    int                  object_part; /* *_OBJECT: MG_OBJECT_* */
    const mg_metadata   *tables_at;  /* *_OBJECT: the schema the tables
                                      * are in when the op runs (the
                                      * columns an enum's change must
                                      * convert); NULL: old_schema.
                                      * Reversing keeps it: the reverse
                                      * runs where the tables are alike */
} mg_op;

/* The part of an object an *_OBJECT op makes or undoes. An object made
 * before the tables but tied to one (a PostgreSQL sequence OWNED BY a
 * column) comes in two: itself without the tie, made before the tables
 * (a column's DEFAULT may use it) and dropped after them, and the tie
 * alone, made after the tables and undone before they change (a dropped
 * table would take the object with it). A dialect without such ties
 * renders MG_OBJECT_TIE as nothing. */
#define MG_OBJECT_WHOLE  0
#define MG_OBJECT_UNTIED 1
#define MG_OBJECT_TIE    2

typedef struct mg_oplist mg_oplist;

MG_EXTERN
int  mg_oplist_new(mg_oplist **out, mg_error *err);
MG_EXTERN
void mg_oplist_free(mg_oplist *l);
MG_EXTERN
size_t       mg_oplist_count(const mg_oplist *l);
MG_EXTERN
const mg_op *mg_oplist_at(const mg_oplist *l, size_t i);
/* Append a copy of op (deferred_fks copied too). Errors: MG_ENOMEM. */
MG_EXTERN
int mg_oplist_add(mg_oplist *l, const mg_op *op);

/* The exact inverse: each op reversed, in reverse order (create <-> drop,
 * add <-> drop, alter swaps old/new, rebuild swaps tables). data_loss is
 * recomputed for the reversed direction (an ALTER_TABLE's from its
 * MG_CHANGE_LOSS_BACK). Errors: MG_ENOMEM. */
MG_EXTERN
int mg_oplist_reverse(mg_oplist **out, const mg_oplist *l, mg_error *err);

/* 1 when converting a value of type from to type to can lose data
 * (DESIGN.md 9: shorter length, smaller precision or scale, a smaller
 * integer, TEXT to VARCHAR, or any change of type family). */
MG_EXTERN
int mg_type_narrows(const mg_type *from, const mg_type *to);

/* A one-line description ("add column posts.title", "drop table users"),
 * for check/diff output. Names and other user text are written
 * printable (mg_buf_add_printable): a description is always one line. */
MG_EXTERN
void mg_op_describe(mg_buf *b, const mg_op *op);

/* 1 when op gives a table a NOT NULL column without a default (an added
 * column, or a rebuild whose new table has one the old lacks; an
 * auto-generated key makes its own values): the rows the table already
 * has get no value for it, so on a table with rows the step fails (or the
 * database fills in a value of its own). Generated SQL flags it. */
MG_EXTERN
int  mg_op_needs_value(const mg_op *op);
/* What such an op needs and what to do, one line, names printable:
 * "new NOT NULL column t.b has no default; give it one, or add it NULL,
 * fill it, then make it NOT NULL". */
MG_EXTERN
void mg_op_describe_needs_value(mg_buf *b, const mg_op *op);

/* A stable word for an op kind, as --json reports it: "add_table",
 * "drop_table", "add_column", "drop_column", "alter_column",
 * "add_constraint", "drop_constraint", "add_index", "drop_index",
 * "rebuild_table", "add_object", "drop_object", "change_object",
 * "rename_table", "rename_column". */
MG_EXTERN
const char *mg_op_kind_name(mg_op_kind kind);

/* The changes an op stands for, each an op of its own: a table rebuild's
 * parts (add column, drop column, alter column...), or the op itself.
 * mg_op_change(op, i) for i < mg_op_nchanges(op). */
MG_EXTERN
size_t       mg_op_nchanges(const mg_op *op);
MG_EXTERN
const mg_op *mg_op_change(const mg_op *op, size_t i);

MG_END_DECL
#endif
