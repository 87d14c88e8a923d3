/* mg_revgraph.h - the revision graph (Alembic's RevisionMap): revisions with
 * their parents (down revisions), dependencies and branch labels; heads,
 * bases, target resolution and upgrade/downgrade plans. Pure data, no I/O. */
#ifndef MG_REVGRAPH_H
#define MG_REVGRAPH_H

#include "mg_common.h"

MG_BEGIN_DECL

typedef struct mg_revgraph mg_revgraph;

/* Create an empty graph. */
MG_EXTERN
int  mg_revgraph_new(mg_revgraph **out, mg_error *err);
MG_EXTERN
void mg_revgraph_free(mg_revgraph *g);

/* Add a revision. The lists are copied (NULL means empty). origin names
 * where it came from (a file path) for messages; it may be NULL. Call
 * before mg_revgraph_build. Errors: MG_ENOMEM. (Duplicates are reported by
 * build, naming both origins.) */
MG_EXTERN
int mg_revgraph_add(mg_revgraph *g, const char *id,
                    const mg_strlist *down_revisions,
                    const mg_strlist *depends_on,
                    const mg_strlist *branch_labels,
                    const char *origin, mg_error *err);

/* 1 when s may be a branch label: not empty, none of white space, control
 * characters, '@', ':', ',' or '+', not starting with '-', and not a
 * target word (head, heads, base, current). */
MG_EXTERN
int mg_branch_label_valid(const char *s);

/* Link and validate. Errors (MG_EGRAPH), each message naming the files:
 * duplicate revision id, unknown down_revision, unknown depends_on
 * (a depends_on may name a revision, a unique prefix or a branch label),
 * duplicate branch label, cycle (listing the revisions on it). Linear in
 * revisions + edges. */
MG_EXTERN
int mg_revgraph_build(mg_revgraph *g, mg_error *err);

/* Number of revisions; a revision's index is its position in
 * mg_revgraph_order (0..count-1). */
MG_EXTERN
size_t mg_revgraph_count(const mg_revgraph *g);

/* Revisions in a deterministic topological order (parents and
 * dependencies before children; ties in the order they were added). Borrowed
 * array of ids, count entries. */
MG_EXTERN
const char *const *mg_revgraph_order(const mg_revgraph *g);

/* Look up by full id. Returns NULL when absent. */
MG_EXTERN
const char *mg_revgraph_origin(const mg_revgraph *g, const char *id);
MG_EXTERN
int mg_revgraph_contains(const mg_revgraph *g, const char *id);

/* Lists about one revision (borrowed, valid while g lives). NULL when id is
 * unknown. Children are revisions naming id as a down revision. */
MG_EXTERN
const mg_strlist *mg_revgraph_down_revisions(const mg_revgraph *g, const char *id);
MG_EXTERN
const mg_strlist *mg_revgraph_depends_on(const mg_revgraph *g, const char *id);   /* resolved to ids */
MG_EXTERN
const mg_strlist *mg_revgraph_branch_labels(const mg_revgraph *g, const char *id);
MG_EXTERN
const mg_strlist *mg_revgraph_children(const mg_revgraph *g, const char *id);

/* The branch labels a revision carries as Alembic shows them: its own and
 * those of every ancestor through down revisions (a revision inherits the
 * labels of the branch it grows on; dependencies do not count), own first,
 * then the ancestors' in reverse mg_revgraph_order, each once. Appended to
 * out.
 * Errors: MG_ENOTFOUND (unknown id), MG_ENOMEM. */
MG_EXTERN
int mg_revgraph_effective_labels(const mg_revgraph *g, const char *id,
                                 mg_strlist *out, mg_error *err);

/* Heads: revisions that are no revision's down_revision (dependencies do not
 * count). Bases: revisions with no down_revision. Appended to out in
 * mg_revgraph_order order. */
MG_EXTERN
int mg_revgraph_heads(const mg_revgraph *g, mg_strlist *out, mg_error *err);
MG_EXTERN
int mg_revgraph_bases(const mg_revgraph *g, mg_strlist *out, mg_error *err);
MG_EXTERN
int mg_revgraph_is_head(const mg_revgraph *g, const char *id);
MG_EXTERN
int mg_revgraph_is_branchpoint(const mg_revgraph *g, const char *id); /* >1 child */
MG_EXTERN
int mg_revgraph_is_mergepoint(const mg_revgraph *g, const char *id);  /* >1 down */

/* The branch label of which head id is the only head: a label on id or on
 * one of its ancestors (through down revisions) whose branch, the labelled
 * revision and its descendants, has no other head (so LABEL@head is id).
 * NULL when id is unknown, not a head, or shares every labelled branch it
 * is on with another head. Borrowed. Independent labelled branches are
 * heads that each have one (check passes them). */
MG_EXTERN
const char *mg_revgraph_head_label(const mg_revgraph *g, const char *id);

/* Resolve a revision reference: a full id, a unique prefix of at least 4
 * characters, or a branch label. Stores the full id (borrowed) in *out.
 * Errors: MG_ENOTFOUND ("unknown revision 'x'"), MG_EAMBIGUOUS
 * ("revision prefix 'abcd' is ambiguous: abcd12..., abcd34..."). */
MG_EXTERN
int mg_revgraph_lookup(const mg_revgraph *g, const char *ref,
                       const char **out, mg_error *err);

/* A plan is an ordered list of steps; each step applies (upgrade) or
 * reverts (downgrade) one revision. */
typedef struct mg_plan mg_plan;
MG_EXTERN
void        mg_plan_free(mg_plan *p);
MG_EXTERN
size_t      mg_plan_count(const mg_plan *p);
MG_EXTERN
const char *mg_plan_revision(const mg_plan *p, size_t i);
/* The version-table rows before step i and after it (i in 0..count-1):
 * rows_before(i) are the heads of the applied set before the step,
 * rows_after(i) after. Borrowed lists in mg_revgraph_order order. */
MG_EXTERN
const mg_strlist *mg_plan_rows_before(const mg_plan *p, size_t i);
MG_EXTERN
const mg_strlist *mg_plan_rows_after(const mg_plan *p, size_t i);
/* Rows when the whole plan is done (also valid for an empty plan). */
MG_EXTERN
const mg_strlist *mg_plan_final_rows(const mg_plan *p);

/* Plan an upgrade from the version rows `current` (ids; empty = base) to
 * target. Upgrade targets: "head" (the single head; MG_EAMBIGUOUS when there
 * are several), "heads", "base" (nothing to do), a revision id, unique
 * prefix or branch label, "+N" (N steps from the single current head, or
 * from the single base when at base), "REV+N", "REV-N", "LABEL@head",
 * "LABEL@+N", "REV@head". The steps are every revision needed by the target
 * (down revisions and dependencies, transitively) that is not already
 * applied, in mg_revgraph_order order.
 * Errors: MG_ENOTFOUND (unknown revision in target or in current),
 * MG_EAMBIGUOUS (several heads for "head", several current heads for +N,
 * ambiguous prefix, a relative step that forks), MG_EUSAGE (malformed
 * target, relative step beyond the end: "relative revision +3 goes beyond
 * head"). */
MG_EXTERN
int mg_revgraph_plan_upgrade(mg_plan **out, const mg_revgraph *g,
                             const mg_strlist *current, const char *target,
                             mg_error *err);

/* Plan a downgrade. Downgrade targets: "base" (revert everything), a
 * revision (revert every applied revision that descends from it through
 * down revisions or dependencies; the revision itself stays), "-N" (N steps
 * down from the single current head; MG_EAMBIGUOUS with several heads),
 * "REV-N", "LABEL@-N", "LABEL@base" (revert the labelled revision and
 * everything applied that descends from it). Walking down from a root by
 * one more step reaches base. Steps are in reverse mg_revgraph_order order
 * (children first). Errors as for upgrade, plus MG_EUSAGE when the target
 * revision is not applied ("'x' is not applied; nothing to downgrade to").
 */
MG_EXTERN
int mg_revgraph_plan_downgrade(mg_plan **out, const mg_revgraph *g,
                               const mg_strlist *current, const char *target,
                               mg_error *err);

/* Resolve a target to the version rows it names, for stamp: "base" gives
 * none, "heads" all heads, any other form one revision (as for upgrade,
 * relative forms are taken from current). */
MG_EXTERN
int mg_revgraph_resolve(mg_strlist *out, const mg_revgraph *g,
                        const mg_strlist *current, const char *target,
                        mg_error *err);

/* The rows after stamping targets onto current: current rows that are
 * neither ancestors nor descendants of a target are kept, the targets are
 * added, and the result is reduced to the heads of its applied set. */
MG_EXTERN
int mg_revgraph_stamp_rows(mg_strlist *out, const mg_revgraph *g,
                           const mg_strlist *current,
                           const mg_strlist *targets, mg_error *err);

/* Revisions for `history -r LOWER:UPPER`, newest first (reverse
 * mg_revgraph_order). Either side may be empty. LOWER and UPPER take
 * "base", "head", "heads", "current" (the rows in current), a revision
 * reference, or relative forms. The result is the ancestors-or-self of
 * UPPER (default: all heads) that are descendants-or-self of LOWER
 * (default: base). Errors as for lookup; MG_EUSAGE for a malformed range. */
MG_EXTERN
int mg_revgraph_range(mg_strlist *out, const mg_revgraph *g,
                      const mg_strlist *current, const char *range,
                      mg_error *err);

MG_END_DECL
#endif
