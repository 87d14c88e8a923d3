/* erd_dot.c - the Graphviz writer of entity-relationship diagrams
 * (mg_erd.h), and SVG from it through libgvc when configure found
 * Graphviz. The layout rules live here, in the DOT: rankdir=LR with every
 * line drawn parent to child, so referenced tables rank left; each table
 * an HTML-like label whose rows have a PORT cell at both ends, so a line
 * leaves and enters the row of its column on the side facing the other
 * table (:e on the left table, :w on the right one); a line that closes a
 * cycle (marked by lib/erd.c) has constraint=false and runs the other way
 * round, since its child is then ranked left of its parent; a self
 * reference loops round a point of its own ranked to the table's right
 * (Graphviz's own loops cross the next rank's tables). Clusters use
 * newrank, so that they do not rank on their own. Lines
 * have no label (the row names the column); a collapsed association's
 * name is an xlabel with forcelabels=false, which Graphviz drops rather
 * than place over a table. Views are dashed boxes with dashed lines. */
#include "erd_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef MG_WITH_GVC
# include "gvc_api_int.h"
#endif

/* A DOT double-quoted string: '"' and '\\' escaped, controls as spaces. */
static void
dot_quoted(mg_buf *b, const char *s)
{
    mg_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            mg_buf_putc(b, '\\');
        mg_buf_putc(b, ch < 0x20 ? ' ' : (char)ch);
    }
    mg_buf_putc(b, '"');
}

/* Text inside an HTML-like label. */
static void
dot_html(mg_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': mg_buf_puts(b, "&lt;"); break;
        case '>': mg_buf_puts(b, "&gt;"); break;
        case '&': mg_buf_puts(b, "&amp;"); break;
        case '"': mg_buf_puts(b, "&quot;"); break;
        default:
            mg_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
        }
    }
}


/* A table: a header row (port "h") and one row per column, its first
 * cell port "cNw", its last "cNe". */
static void
dot_table(mg_buf *b, const mg_table *t)
{
    size_t i;

    mg_buf_puts(b, "    ");
    dot_quoted(b, t->name);
    mg_buf_puts(b, " [label=<<table border=\"0\" cellborder=\"1\" "
                "cellspacing=\"0\" cellpadding=\"4\">\n"
                "        <tr><td port=\"h\" colspan=\"3\" "
                "bgcolor=\"#dde4ee\"><b>");
    dot_html(b, t->name);
    mg_buf_puts(b, "</b></td></tr>\n");
    for (i = 0; i < t->ncolumns; i++) {
        const mg_column *c = t->columns[i];
        mg_buf type = MG_BUF_INIT, keys = MG_BUF_INIT;

        mg_type_format(&type, &c->type);
        mg_erd__column_keys(&keys, t, c);
        mg_buf_addf(b, "        <tr><td port=\"c%zuw\" align=\"left\">", i);
        dot_html(b, c->name);
        mg_buf_puts(b, "</td><td align=\"left\">");
        dot_html(b, mg_buf_cstr(&type));
        mg_buf_addf(b, "</td><td port=\"c%zue\">%s</td></tr>\n", i,
                    mg_buf_cstr(&keys));
        mg_buf_release(&type);
        mg_buf_release(&keys);
    }
    mg_buf_puts(b, "    </table>>];\n");
}

/* A view: a dashed box with its kind and name (port "h"). */
static void
dot_view(mg_buf *b, const mg_object *o)
{
    mg_buf_puts(b, "    ");
    dot_quoted(b, o->name);
    mg_buf_puts(b, " [label=<<table border=\"1\" style=\"dashed\" "
                "cellborder=\"0\" cellspacing=\"0\" cellpadding=\"4\">\n"
                "        <tr><td port=\"h\"><i>");
    dot_html(b, mg_object_kind_name(o->kind));
    mg_buf_puts(b, "</i> <b>");
    dot_html(b, o->name);
    mg_buf_puts(b, "</b></td></tr>\n    </table>>];\n");
}

/* Node i: a table or a view. */
static void
dot_node(mg_buf *b, const mg_erd__graph *g, size_t i)
{
    if (i < g->ntables)
        dot_table(b, mg_erd__node_table(g, i));
    else
        dot_view(b, g->views[i - g->ntables]);
}

/* The cluster of a name: for schema the part before its last '.', for
 * prefix the part before its first '_' (neither empty nor the whole
 * name). Returns its length, 0 for none. */
static size_t
group_of(const char *name, mg_erd_group by)
{
    const char *p = NULL;

    if (by == MG_ERD_GROUP_SCHEMA)
        p = strrchr(name, '.');
    else if (by == MG_ERD_GROUP_PREFIX)
        p = strchr(name, '_');
    return p && p > name && p[1] ? (size_t)(p - name) : 0;
}

/* 1 when name b is in the group named by a's first alen characters. */
static int
same_group(const char *a, size_t alen, const char *b, mg_erd_group by)
{
    return group_of(b, by) == alen && strncasecmp(a, b, alen) == 0;
}

/* The kept nodes, those of a group of at least two (a schema: of one or
 * more) in a cluster labelled with its name, at the place of the first. */
static void
dot_nodes(mg_buf *b, const mg_erd__graph *g, mg_erd_group by)
{
    size_t n = g->ntables + g->nviews, i, j, len, members, clusters = 0;
    unsigned char *done = calloc(n + 1, 1);

    if (!done) {
        b->oom = 1;
        return;
    }
    for (i = 0; i < n; i++) {
        const char *name = mg_erd__node_name(g, i);
        if (!g->keep[i] || done[i])
            continue;
        len = group_of(name, by);
        for (j = i, members = 0; len && j < n; j++)
            members += g->keep[j] &&
                       same_group(name, len, mg_erd__node_name(g, j), by);
        if (members < (by == MG_ERD_GROUP_SCHEMA ? 1u : 2u)) {
            dot_node(b, g, i);
            continue;
        }
        mg_buf_addf(b, "    subgraph \"cluster_%zu\" {\n"
                    "    graph [label=", ++clusters);
        {
            mg_buf label = MG_BUF_INIT;
            mg_buf_add(&label, name, len);
            dot_quoted(b, mg_buf_cstr(&label));
            mg_buf_release(&label);
        }
        mg_buf_puts(b, ", labeljust=l, style=rounded, color=\"#8a9ab0\", "
                    "fontname=\"Helvetica\", fontsize=12];\n");
        for (j = i; j < n; j++)
            if (g->keep[j] && !done[j] &&
                same_group(name, len, mg_erd__node_name(g, j), by)) {
                done[j] = 1;
                dot_node(b, g, j);
            }
        mg_buf_puts(b, "    }\n");
    }
    free(done);
}

/* The port of a line's end at node i: the row of column col at side 'e'
 * or 'w' ("h" when the column is unknown or i is a view). */
static void
dot_end(mg_buf *b, const mg_erd__graph *g, size_t i, const char *col,
        char side)
{
    const mg_table *t = mg_erd__node_table(g, i);
    long c = t ? mg_erd__column_index(t, col) : -1;

    dot_quoted(b, mg_erd__node_name(g, i));
    if (c >= 0)
        mg_buf_addf(b, ":\"c%ld%c\":%c", c, side, side);
    else
        mg_buf_addf(b, ":\"h\":%c", side);
}

/* The column a foreign key references first: its first referenced
 * column, else the first of the parent's primary key. */
static const char *
referenced_column(const mg_erd__graph *g, const mg_erd__rel *r)
{
    const mg_table *p = mg_erd__node_table(g, r->parent);
    const mg_constraint *pk = p ? mg_table_primary_key(p) : NULL;

    if (r->fk->ref_columns.n)
        return r->fk->ref_columns.v[0];
    return pk && pk->columns.n ? pk->columns.v[0] : NULL;
}

/* The id of a line ("fkN", "manyN", "viewN": the geometry test counts
 * them) and its arrows: at the parent end (tail) and the child end. */
static void
dot_kind(const mg_erd__rel *r, const char **id, const char **tail,
         const char **head)
{
    if (r->kind == MG_ERD_REL_FK) {
        *id = "fk";
        *tail = r->optional ? "teeodot" : "teetee";
        *head = r->unique ? "teeodot" : "crowodot";
    } else if (r->kind == MG_ERD_REL_MANY) {
        *id = "many";
        *tail = *head = "crowodot";
    } else {
        *id = "view";
        *tail = "none";
        *head = "normal";
    }
}

/* The attributes of a line after its id and arrows: a many-to-many line
 * is dashed with its association table as an external label, a view's
 * line dashed. */
static void
dot_style(mg_buf *b, const mg_erd__rel *r)
{
    if (r->kind == MG_ERD_REL_MANY) {
        mg_buf_puts(b, ", style=dashed, xlabel=");
        dot_quoted(b, r->assoc->name);
    } else if (r->kind == MG_ERD_REL_VIEW) {
        mg_buf_puts(b, ", style=dashed");
    }
}

/* A self reference. Graphviz draws a loop between two ports on a side
 * as deep as half the distance to the next rank, through the tables
 * there, and reserves no room for it; so the loop goes round a small
 * point of its own ("loop<TAB>N", ranked right of the table; no table is
 * named so): out of the referenced row to the point, and from the point
 * back into the key's row, both on the table's right. */
static void
dot_loop(mg_buf *b, const mg_erd__graph *g, const mg_erd__rel *r,
         size_t n, const char *pcol, const char *ccol)
{
    const char *id, *tail, *head;

    dot_kind(r, &id, &tail, &head);
    mg_buf_addf(b, "    \"loop\t%zu\" [shape=point, width=0.04];\n    ", n);
    dot_end(b, g, r->parent, pcol, 'e');
    mg_buf_addf(b, " -> \"loop\t%zu\" [id=\"%s%zu\", arrowtail=%s, "
                "arrowhead=none", n, id, n, tail);
    dot_style(b, r);
    mg_buf_puts(b, "];\n    ");
    dot_end(b, g, r->child, ccol, 'e');
    mg_buf_addf(b, " -> \"loop\t%zu\" [id=\"%s%zu_loop\", arrowtail=%s, "
                "arrowhead=none];\n", n, id, n, head);
}

/* One line: parent to child on the sides facing each other (the other
 * way round for a back edge, which does not rank), a loop for a self
 * reference. */
static void
dot_rel(mg_buf *b, const mg_erd__graph *g, const mg_erd__rel *r, size_t id)
{
    char pside = r->back ? 'w' : 'e', cside = r->back ? 'e' : 'w';
    const char *pcol = NULL, *ccol = NULL, *kind, *tail, *head;

    if (r->kind == MG_ERD_REL_FK) {
        pcol = referenced_column(g, r);
        ccol = r->fk->columns.n ? r->fk->columns.v[0] : NULL;
    }
    if (r->parent == r->child) {
        dot_loop(b, g, r, id, pcol, ccol);
        return;
    }
    mg_buf_puts(b, "    ");
    dot_end(b, g, r->parent, pcol, pside);
    mg_buf_puts(b, " -> ");
    dot_end(b, g, r->child, ccol, cside);
    dot_kind(r, &kind, &tail, &head);
    mg_buf_addf(b, " [id=\"%s%zu\", arrowtail=%s, arrowhead=%s", kind, id,
                tail, head);
    dot_style(b, r);
    mg_buf_puts(b, r->back ? ", constraint=false];\n" : "];\n");
}

void
mg_erd__dot(mg_buf *b, const mg_erd__graph *g, mg_erd_group group_by)
{
    size_t i;

    /* newrank: clusters must not rank on their own, or a line between
     * two of them may run right to left */
    mg_buf_addf(b, "digraph erd {\n"
                "    graph [rankdir=LR, ranksep=0.8, nodesep=0.3, "
                "forcelabels=false%s];\n"
                "    node [shape=plain, fontname=\"Helvetica\", "
                "fontsize=10];\n"
                "    edge [fontname=\"Helvetica\", fontsize=9, dir=both];\n",
                group_by != MG_ERD_GROUP_NONE ? ", newrank=true" : "");
    dot_nodes(b, g, group_by);
    for (i = 0; i < g->nrels; i++)
        dot_rel(b, g, &g->rels[i], i + 1);
    mg_buf_puts(b, "}\n");
}

/* ---- SVG ------------------------------------------------------------------ */

#ifdef MG_WITH_GVC
/* Lay out dot with Graphviz's dot engine and append the SVG to out. The
 * SVG goes through a temporary file: gvRender's FILE * is the one
 * interface whose signature has not changed across Graphviz versions. */
int
mg_erd__svg(mg_buf *out, const char *dot, mg_error *err)
{
    GVC_t *gvc;
    Agraph_t *g = NULL;
    FILE *f = NULL;
    char chunk[8192];
    size_t n;
    int rc = 0;

    if ((rc = gvc_api_load(err)) < 0)
        return rc;
    agseterr(AGERR);
    if (!(gvc = gvContext()))
        return mg_error_set(err, MG_ENOMEM, "graphviz: cannot start");
    if (!(g = agmemread(dot))) {
        rc = mg_error_set(err, MG_ERROR, "graphviz: cannot read the "
                          "diagram: %s", aglasterr() ? aglasterr() : "?");
        goto done;
    }
    if (gvLayout(gvc, g, "dot") != 0) {
        rc = mg_error_set(err, MG_ERROR, "graphviz: cannot lay out the "
                          "diagram (is the 'dot' plugin installed?)");
        goto done;
    }
    if (!(f = tmpfile()) || gvRender(gvc, g, "svg", f) != 0) {
        rc = mg_error_set(err, MG_ERROR, "graphviz: cannot render svg");
        gvFreeLayout(gvc, g);
        goto done;
    }
    gvFreeLayout(gvc, g);
    rewind(f);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(out, chunk, n);
done:
    if (f)
        fclose(f);
    if (g)
        agclose(g);
    gvFreeContext(gvc);
    return rc;
}
#endif


#ifndef MG_WITH_GVC
int
mg_erd__svg(mg_buf *out, const char *dot, mg_error *err)
{
    (void)out;
    (void)dot;
    return mg_error_set(err, MG_EUSAGE, "svg output needs Graphviz "
                        "(libgvc), which this build lacks");
}
#endif
