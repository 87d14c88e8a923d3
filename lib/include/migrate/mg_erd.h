/* mg_erd.h - entity-relationship diagrams of a schema: Mermaid erDiagram
 * text (renders on GitHub), Graphviz DOT with HTML-like table nodes, and
 * SVG rendered from the DOT through Graphviz's libgvc when the library was
 * built with it. Tables can be chosen by glob and by distance in foreign-key
 * hops from a table, so a big schema can be drawn a part at a time. */
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
} mg_erd_opts;

/* Defaults: Mermaid, every table, no fence. */
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
 * in md's order; every foreign key between two kept tables is a
 * relationship labelled with its columns, parent to child, whose
 * cardinality follows from the schema: the child side is zero-or-more,
 * or zero-or-one when the foreign-key columns are unique (cover a
 * primary key, UNIQUE constraint or unique index); the parent side is
 * exactly one when every foreign-key column is NOT NULL, else zero-or-one.
 * An association table, whose primary key is exactly the columns of two
 * foreign keys, also gets a dashed many-to-many relationship between the
 * two tables it joins, labelled with its name (drawn whenever those two
 * are kept). Mermaid entity names and labels are always double-quoted;
 * characters Mermaid cannot take are replaced ('"' by "'", others by '_')
 * and an attribute whose name or type had to change carries the original
 * as its comment. DOT escapes <, >, &, " in HTML labels.
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
