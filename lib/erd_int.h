/* erd_int.h - what the diagram writers share: lib/erd.c chooses the
 * tables and views to draw and finds the lines between them (one graph,
 * mg_erd__graph); lib/erd_mermaid.c and lib/erd_dot.c only spell it out,
 * and lib/erd_dot.c also lays the DOT out as SVG through libgvc. */
#ifndef MG_ERD_INT_H
#define MG_ERD_INT_H

#include "mg_erd.h"
#include "mg_object.h"

#include <stddef.h>

typedef enum mg_erd__rel_kind {
    MG_ERD_REL_FK,      /* one foreign key */
    MG_ERD_REL_MANY,    /* a collapsed association table */
    MG_ERD_REL_VIEW     /* a view reads a table or view */
} mg_erd__rel_kind;

/* One line of the diagram, between two nodes: node i < ntables is table
 * i of md, node ntables + j is view j of views. */
typedef struct mg_erd__rel {
    mg_erd__rel_kind     kind;
    size_t               parent;    /* referenced table, or what a view
                                     * reads */
    size_t               child;     /* referencing table, or the view */
    const mg_constraint *fk;        /* FK: the key */
    const mg_table      *assoc;     /* MANY: the association table */
    int                  optional;  /* FK: a foreign-key column is
                                     * nullable */
    int                  unique;    /* FK: its columns are unique */
    int                  back;      /* closes a cycle: does not rank, the
                                     * parent is to the child's right */
} mg_erd__rel;

typedef struct mg_erd__slot {
    const void *ptr;
    size_t      idx;
} mg_erd__slot;

typedef struct mg_erd__graph {
    const mg_metadata *md;
    size_t             ntables;
    size_t             nviews;
    const mg_object  **views;   /* md's views and materialized views */
    mg_erd__slot      *slots;   /* table pointer -> index, sorted */
    unsigned char     *keep;    /* by node: drawn as a box */
    mg_erd__rel       *rels;
    size_t             nrels;
} mg_erd__graph;

/* Analyse md for opts: the nodes kept, the lines between them (cycle
 * back edges marked). Errors: those of mg_erd_select. g is to be
 * released with mg_erd__graph_release even on error. */
int mg_erd__graph_build(mg_erd__graph *g, const mg_metadata *md,
                        const mg_erd_opts *opts, mg_error *err);
void mg_erd__graph_release(mg_erd__graph *g);

/* The name of node i; its table, NULL for a view. */
const char     *mg_erd__node_name(const mg_erd__graph *g, size_t i);
const mg_table *mg_erd__node_table(const mg_erd__graph *g, size_t i);

/* Key markers of a column: "PK", "FK", "UK" joined by ", " into b. */
void mg_erd__column_keys(mg_buf *b, const mg_table *t, const mg_column *c);
/* The position of a column in t (case-insensitive), or -1. */
long mg_erd__column_index(const mg_table *t, const char *name);

/* The writers: append g's diagram to b. */
void mg_erd__mermaid(mg_buf *b, const mg_erd__graph *g, int fenced);
void mg_erd__dot(mg_buf *b, const mg_erd__graph *g, mg_erd_group group_by);
/* Lay out dot with Graphviz's dot engine and append the SVG to out.
 * Errors: MG_ERROR (Graphviz missing or failing), MG_ENOMEM. */
int  mg_erd__svg(mg_buf *out, const char *dot, mg_error *err);

#endif
