/* revgraph_int.h - what revgraph.c (building, validating and querying the
 * revision graph) shares with revtarget.c (targets, plans, stamp rows and
 * history ranges): the layout of mg_revgraph and a few helpers that work on
 * topological positions. Positions rather than ids are used internally
 * because every walk over the graph is then a plain loop over an array:
 * parents always have smaller positions than their children. Not installed. */
#ifndef MG_REVGRAPH_INT_H
#define MG_REVGRAPH_INT_H

#include "mg_revgraph.h"

/* "No position": base, or not found. */
#define MG_REVGRAPH_NONE ((size_t)-1)

/* A growable array of positions (or insertion indices while building). */
typedef struct mg_ixvec {
    size_t *v;              /* items */
    size_t  n;              /* items used */
    size_t  cap;            /* items allocated */
} mg_ixvec;
#define MG_IXVEC_INIT { NULL, 0, 0 }

/* One revision. The first group is what mg_revgraph_add stored; the rest is
 * derived by mg_revgraph_build and released when the graph changes. */
struct mg_rev {
    char       *id;
    char       *origin;     /* file it came from, NULL when unknown */
    mg_strlist  down_ids;   /* down revisions, full ids as added */
    mg_strlist  dep_refs;   /* depends_on as added: ids, prefixes, labels */
    mg_strlist  labels;     /* branch labels */
    size_t      pos;        /* position in topological order */
    mg_strlist  dep_ids;    /* dep_refs resolved to full ids */
    mg_strlist  kid_ids;    /* children's ids, in topological order */
    mg_ixvec    down;       /* positions of the down revisions */
    mg_ixvec    deps;       /* positions of the dependencies */
    mg_ixvec    kids;       /* positions of the children, ascending */
    mg_ixvec    users;      /* positions of dependents, ascending */
};

/* Open-addressing hash table from a borrowed string to an index. */
struct mg_revgraph__slot {
    const char *key;        /* NULL for an empty slot */
    size_t      val;
};
struct mg_revgraph__table {
    struct mg_revgraph__slot *slots;
    size_t                    mask;  /* capacity - 1, capacity a power of 2 */
};

struct mg_revgraph {
    struct mg_rev  *revs;           /* in insertion order */
    size_t          n;              /* revisions added */
    size_t          cap;            /* revisions allocated */
    int             built;          /* 1 after a successful build */
    size_t         *at;             /* position -> insertion index */
    const char    **order;          /* ids in topological order */
    struct mg_revgraph__table ids;  /* id -> insertion index */
    struct mg_revgraph__table lbl;  /* branch label -> insertion index */
    struct mg_rev **sorted;         /* revisions sorted by id, for prefixes */
};

/* The revision at topological position pos (the graph must be built). */
static inline struct mg_rev *
mg_revgraph__at(const mg_revgraph *g, size_t pos)
{
    return &g->revs[g->at[pos]];
}

/* Append i to x. Returns 0 or MG_ENOMEM (x unchanged). */
int mg_revgraph__ixpush(mg_ixvec *x, size_t i);
void mg_revgraph__ixrelease(mg_ixvec *x);

/* Position of the revision with exactly this id, or MG_REVGRAPH_NONE (also
 * before a successful build). */
size_t mg_revgraph__find(const mg_revgraph *g, const char *id);

/* Position of the revision with this id or branch label (exact match), or
 * MG_REVGRAPH_NONE. */
size_t mg_revgraph__find_name(const mg_revgraph *g, const char *name);

/* Resolve a reference as mg_revgraph_lookup does, giving a position.
 * Errors: MG_ENOTFOUND, MG_EAMBIGUOUS (messages as for the lookup). */
int mg_revgraph__lookup(const mg_revgraph *g, const char *ref, size_t *pos_out,
                        mg_error *err);

#endif
