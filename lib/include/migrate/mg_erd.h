/* mg_erd.h - entity-relationship diagrams of a schema: Mermaid erDiagram
 * text (renders on GitHub), Graphviz DOT with HTML-like table nodes, and
 * SVG rendered from the DOT through Graphviz's libgvc when the library was
 * built with it. Tables can be chosen by glob and by distance in foreign-key
 * hops from a table, and grouped into clusters by schema or name prefix,
 * so a big schema can be drawn a part at a time. */
#ifndef MG_ERD_H
#define MG_ERD_H

#include "mg_common.h"
#include "mg_metadata.h"

MG_BEGIN_DECL

typedef enum mg_erd_format {
    MG_ERD_MERMAID = 0,  /* Mermaid erDiagram (the default) */
    MG_ERD_DOT,          /* Graphviz DOT */
    MG_ERD_SVG           /* SVG from the DOT (needs libgvc) */
} mg_erd_format;

/* How DOT and SVG group tables into clusters (Mermaid has none). */
typedef enum mg_erd_group {
    MG_ERD_GROUP_NONE = 0,  /* no clusters (the default) */
    MG_ERD_GROUP_SCHEMA,    /* by the schema in a "schema.table" name */
    MG_ERD_GROUP_PREFIX     /* by the name up to its first '_' */
} mg_erd_group;

/* Above this many tables a diagram is hard to read: the CLI says so when
 * it was asked for one without --tables, --exclude or --around. */
#define MG_ERD_LEGIBLE_TABLES 150

/* What to draw. Zero it with mg_erd_opts_init; the lists are borrowed.
 * Each list item may hold several comma-separated entries. */
typedef struct mg_erd_opts {
    mg_erd_format     format;
    const mg_strlist *tables;   /* fnmatch globs, case-insensitive: keep
                                 * tables matching any; NULL or empty
                                 * keeps every table */
    const mg_strlist *exclude;  /* globs: drop tables matching any */
    const mg_strlist *around;   /* "TABLE[:DEPTH]": keep only tables
                                 * within DEPTH (default 1) foreign-key
                                 * hops of TABLE, either direction,
                                 * counted on the whole schema; several
                                 * entries keep the union */
    int               fenced;   /* Mermaid: wrap in a ```mermaid fence
                                 * for a Markdown file */
    int               collapse_associations;
                                /* draw a pure association table (its
                                 * columns exactly those of its primary
                                 * key, which is two foreign keys) as one
                                 * many-to-many line between the tables
                                 * it joins, instead of a table and its
                                 * two foreign keys, when both are drawn */
    mg_erd_group      group_by; /* DOT/SVG clusters */
} mg_erd_opts;

/* Defaults: Mermaid, every table, no fence, no collapsing, no clusters. */
MG_EXTERN
void mg_erd_opts_init(mg_erd_opts *opts);

/* The format named "mermaid", "dot" or "svg" (case-insensitive).
 * Errors: MG_EUSAGE "unknown diagram format 'x' (expected mermaid, dot
 * or svg)". */
MG_EXTERN
int mg_erd_format_parse(mg_erd_format *out, const char *name,
                        mg_error *err);
/* The format a file name's extension implies: .mmd and .md Mermaid, .dot
 * and .gv DOT, .svg SVG (case-insensitive). Returns 0, or MG_ENOTFOUND
 * when the extension says nothing (out untouched). */
MG_EXTERN
int mg_erd_format_for_path(mg_erd_format *out, const char *path);
/* The grouping named "schema" or "prefix" (case-insensitive).
 * Errors: MG_EUSAGE "unknown grouping 'x' (expected schema or prefix)". */
MG_EXTERN
int mg_erd_group_parse(mg_erd_group *out, const char *name, mg_error *err);
/* "mermaid", "dot", "svg". */
MG_EXTERN
const char *mg_erd_format_name(mg_erd_format format);
/* 1 when SVG output is compiled in (Graphviz's libgvc), else 0. */
MG_EXTERN
int mg_erd_svg_available(void);

/* The names of the tables opts keeps, in md's order, appended to out.
 * Errors: MG_EUSAGE (an around entry with a bad DEPTH), MG_ENOTFOUND (an
 * around entry naming no table), MG_ENOMEM. */
MG_EXTERN
int mg_erd_select(mg_strlist *out, const mg_metadata *md,
                  const mg_erd_opts *opts, mg_error *err);

/* Append md's diagram to out in opts->format (opts NULL: defaults).
 *
 * Every kept table is drawn with its columns (name, generic type, PK/FK/UK
 * markers: UK for a column of a UNIQUE constraint or plain unique index),
 * in md's order; every foreign key between two kept tables is exactly one
 * relationship line, parent to child, whose cardinality follows from the
 * schema: the child side is zero-or-more, or zero-or-one when the
 * foreign-key columns are unique (cover a primary key, UNIQUE constraint
 * or unique index); the parent side is exactly one when every foreign-key
 * column is NOT NULL, else zero-or-one. An association table is a table
 * like any other, unless opts->collapse_associations draws a pure one as
 * a dashed many-to-many line. Views and materialized views of md (its
 * objects) that match the globs (and, with around, read a kept table) are
 * drawn as dashed boxes, with a dashed line from each kept table or view
 * they read.
 *
 * Mermaid: entity names and labels are always double-quoted, a
 * relationship is labelled with its columns; characters Mermaid cannot
 * take are replaced ('"' by "'", others by '_') and an attribute whose
 * name or type had to change carries the original as its comment.
 *
 * DOT (and SVG): tables ranked left to right by foreign-key dependency,
 * referenced tables to the left; each line leaves and enters its tables
 * at the row of its first column, on the side facing the other table
 * (HTML-like labels with a PORT cell at each end of a row, compass points
 * :e and :w); a key that closes a cycle does not rank and runs right to
 * left; a self reference is a loop on the table's right side; lines carry
 * no label (the row they end at names the column), a many-to-many line
 * an external label (xlabel) that Graphviz leaves out rather than put on a
 * table. DOT escapes <, >, &, " in HTML labels.
 *
 * Errors: those of mg_erd_select; MG_EUSAGE for SVG without libgvc
 * ("svg output needs Graphviz (libgvc), which this build lacks");
 * MG_ERROR when Graphviz fails; MG_ENOMEM. On error out may hold part of
 * the diagram. */
MG_EXTERN
int mg_erd_render(mg_buf *out, const mg_metadata *md,
                  const mg_erd_opts *opts, mg_error *err);

MG_END_DECL
#endif
