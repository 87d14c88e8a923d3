/* mariadb_objects.c - the MariaDB dialect's schema objects beyond tables
 * (mg_object.h): views, triggers, functions, procedures and sequences.
 *
 * Reflection reads them with a fixed number of catalog queries whatever
 * their number: information_schema VIEWS, TRIGGERS, ROUTINES joined with
 * PARAMETERS, the sequences and events (TABLES, EVENTS), and, when there
 * are sequences, one UNION ALL over the sequences themselves (the server
 * keeps their parameters nowhere else). Each object's definition is the
 * CREATE statement SHOW CREATE would print, less what only says who made
 * it: no DEFINER, no ALGORITHM=UNDEFINED, no SQL SECURITY DEFINER, and no
 * database name before the tables a view reads (so a definition is the
 * same in any database). Events are named as not managed. A trigger
 * whose ACTION_ORDER is above 1 says FOLLOWS the trigger before it of its
 * table, timing and event, so inspect's text makes the same order again.
 *
 * The key of an object is its definition in a canonical form (the same
 * clauses dropped, OR REPLACE and IF NOT EXISTS too, any database before
 * its name), normalised. MariaDB rewrites a view's query and fills in a
 * routine's types, so the server form of a model's view or routine is
 * read back: each is created under a temporary name in the same
 * database, read by the same queries, its key built from what the server
 * keeps, and dropped again. Those temporaries are no part of what
 * inspect reads. A trigger is never made so (it would fire on the live
 * table): the server keeps its body as written, and its key is its text
 * with FOLLOWS the trigger the model's clauses put before it
 * (trig_predecessors: the triggers made in the compare's order, each
 * after the one its clause names), as a reflected one says: two
 * spellings of one order are equal, a new order differs.
 *
 * Rendering: CREATE is the definition; a change is CREATE OR REPLACE
 * (MariaDB has it for every kind here) but for a sequence, which is
 * altered so that it goes on from its current value; a drop is DROP
 * <KIND> name. */
#include "mg_dialect.h"
#include "common_int.h"
#include "mg_compare.h"
#include "mariadb_int.h"

#include "my_api_int.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CR_SERVER_GONE 2006
#define CR_SERVER_LOST 2013

/* ---- the header of a CREATE statement ----------------------------------- */

/* Where the parts of "CREATE [OR REPLACE] clauses KIND [IF NOT EXISTS]
 * [db.]name rest" are in a definition. */
typedef struct header {
    int    kind;          /* mg_object_kind, -1 when not understood */
    size_t after_create;  /* just after CREATE */
    size_t clauses;       /* just after OR REPLACE (or CREATE) */
    size_t ine_start;     /* IF NOT EXISTS, or both name_start */
    size_t ine_end;
    size_t name_start;    /* the name, with its database if any */
    size_t name_end;
    mg_buf kept;          /* the clauses that say more than the defaults,
                           * upper case, each followed by a space */
} header;

/* s + i past white space and comments (--, #, slash-star). */
static size_t
skip_blank(const char *s, size_t i)
{
    for (;;) {
        while (isspace((unsigned char)s[i]))
            i++;
        if ((s[i] == '-' && s[i + 1] == '-') || s[i] == '#') {
            while (s[i] && s[i] != '\n')
                i++;
        } else if (s[i] == '/' && s[i + 1] == '*') {
            const char *e = strstr(s + i + 2, "*/");
            i = e ? (size_t)(e - s) + 2 : strlen(s);
        } else {
            return i;
        }
    }
}

/* The end of the token at s + i: a word, a quoted name or string, or one
 * character. */
static size_t
token_end(const char *s, size_t i)
{
    if (s[i] == '`' || s[i] == '\'' || s[i] == '"')
        return (size_t)(mg_mariadb__skip_quoted(s + i) - s);
    if (mg_mariadb__is_word_char(s[i])) {
        while (mg_mariadb__is_word_char(s[i]))
            i++;
        return i;
    }
    return s[i] ? i + 1 : i;
}

/* 1 when the token s[i..e) is the word w (any case). */
static int
is_word(const char *s, size_t i, size_t e, const char *w)
{
    return e - i == strlen(w) && strncasecmp(s + i, w, e - i) == 0;
}

/* The next token after s + i: *start and the return value its end. */
static size_t
next_token(const char *s, size_t i, size_t *start)
{
    *start = skip_blank(s, i);
    return token_end(s, *start);
}

size_t
mg_mariadb__next_token(const char *s, size_t i, size_t *start)
{
    return next_token(s, i, start);
}

int
mg_mariadb__is_word(const char *s, size_t i, size_t e, const char *w)
{
    return is_word(s, i, e, w);
}

static const struct {
    const char *word;
    int kind;
} kind_words[] = {
    { "VIEW", MG_OBJ_VIEW }, { "TRIGGER", MG_OBJ_TRIGGER },
    { "FUNCTION", MG_OBJ_FUNCTION }, { "PROCEDURE", MG_OBJ_PROCEDURE },
    { "SEQUENCE", MG_OBJ_SEQUENCE },
};

/* The kind the word s[i..e) names after CREATE, -1 for none. */
static int
kind_word(const char *s, size_t i, size_t e)
{
    size_t k;

    for (k = 0; k < sizeof(kind_words) / sizeof(kind_words[0]); k++)
        if (is_word(s, i, e, kind_words[k].word))
            return kind_words[k].kind;
    return -1;
}

/* DEFINER = user[@host] | CURRENT_USER[()] from after DEFINER: its end. */
static size_t
skip_definer(const char *s, size_t i)
{
    size_t t, e = next_token(s, i, &t);

    if (s[t] == '=')
        e = next_token(s, e, &t);
    if (is_word(s, t, e, "CURRENT_USER")) {
        size_t t2, e2 = next_token(s, e, &t2);
        if (s[t2] == '(') {
            e2 = next_token(s, e2, &t2);
            return s[t2] == ')' ? e2 : e;
        }
        return e;
    }
    {
        size_t t2, e2 = next_token(s, e, &t2);
        if (s[t2] == '@')
            return next_token(s, e2, &t2);
    }
    return e;
}

/* One clause between CREATE and the kind at s[t..e): the position after
 * it (kept in h->kept when it is no default), or 0 when it is none. */
static size_t
header_clause(header *h, const char *s, size_t t, size_t e)
{
    size_t t2, e2, t3, e3;

    if (is_word(s, t, e, "DEFINER"))
        return skip_definer(s, e);
    if (is_word(s, t, e, "AGGREGATE")) {
        mg_buf_puts(&h->kept, "AGGREGATE ");
        return e;
    }
    if (is_word(s, t, e, "ALGORITHM")) {
        e2 = next_token(s, e, &t2);
        if (s[t2] == '=')
            e2 = next_token(s, e2, &t2);
        if (!is_word(s, t2, e2, "UNDEFINED"))
            mg_buf_addf(&h->kept, "ALGORITHM=%.*s ", (int)(e2 - t2), s + t2);
        return e2;
    }
    if (is_word(s, t, e, "SQL")) {
        e2 = next_token(s, e, &t2);
        e3 = next_token(s, e2, &t3);
        if (!is_word(s, t2, e2, "SECURITY"))
            return 0;
        if (!is_word(s, t3, e3, "DEFINER"))
            mg_buf_addf(&h->kept, "SQL SECURITY %.*s ", (int)(e3 - t3),
                        s + t3);
        return e3;
    }
    return 0;
}

/* Parse the header of def into h (h->kept to be released). 0, or -1 when
 * def is no CREATE of a kind here. */
static int
header_parse(header *h, const char *def)
{
    size_t t, e = next_token(def, 0, &t), t2, e2;

    memset(h, 0, sizeof(*h));
    h->kind = -1;
    if (!is_word(def, t, e, "CREATE"))
        return -1;
    h->after_create = h->clauses = e;
    e = next_token(def, e, &t);
    if (is_word(def, t, e, "OR")) {
        e2 = next_token(def, e, &t2);
        if (!is_word(def, t2, e2, "REPLACE"))
            return -1;
        h->clauses = e = e2;
        e = next_token(def, e, &t);
    }
    while ((h->kind = kind_word(def, t, e)) < 0) {
        size_t after = header_clause(h, def, t, e);
        if (!after)
            return -1;
        e = next_token(def, after, &t);
    }
    e = next_token(def, e, &t);
    h->ine_start = t;
    if (is_word(def, t, e, "IF")) {
        e = next_token(def, e, &t);     /* NOT */
        e = next_token(def, e, &t);     /* EXISTS */
        e = next_token(def, e, &t);
    }
    h->ine_end = t;
    h->name_start = t;
    h->name_end = e;
    e2 = next_token(def, e, &t2);
    if (def[t2] == '.') {               /* db.name: the name is after */
        h->name_end = next_token(def, e2, &h->name_start);
    }
    return h->name_end > h->name_start ? 0 : -1;
}

/* The canonical text of def: CREATE, the clauses that are no defaults,
 * the kind, then the rest from the name on (its database left out). def
 * itself when its header is not understood. */
static void
canonical(mg_buf *out, const char *def)
{
    header h;

    if (header_parse(&h, def) < 0) {
        mg_buf_puts(out, def);
    } else {
        mg_buf_puts(out, "CREATE ");
        mg_buf_puts(out, mg_buf_cstr(&h.kept));
        mg_buf_puts(out, mg_object_kind_sql((mg_object_kind)h.kind));
        mg_buf_putc(out, ' ');
        mg_buf_puts(out, def + h.name_start);
    }
    mg_buf_release(&h.kept);
}

void
mg_mariadb__object_key(mg_buf *out, const mg_object *o)
{
    mg_buf c = MG_BUF_INIT;

    if (o->key) {
        mg_buf_puts(out, o->key);
        return;
    }
    canonical(&c, o->definition ? o->definition : "");
    mg_normalize_expr(out, mg_buf_cstr(&c));
    mg_buf_release(&c);
}

/* ---- the order of triggers ---------------------------------------------- */

/* A trigger's words after its name: "BEFORE INSERT ON t FOR EACH ROW
 * [FOLLOWS|PRECEDES other] body". */
typedef struct trig_words {
    size_t clause_start;  /* FOLLOWS|PRECEDES other and the blank before
                           * it, or both at the body when none */
    size_t clause_end;
    int    precedes;      /* the clause is PRECEDES */
    mg_buf target;        /* the other trigger, unquoted; empty: none */
    mg_buf group;         /* "timing event", upper case */
} trig_words;

/* The name at s[t..e) unquoted into b. */
static void
unquote_into(mg_buf *b, const char *s, size_t t, size_t e)
{
    char q = s[t];
    size_t i;

    if (q != '`' && q != '"') {
        mg_buf_add(b, s + t, e - t);
        return;
    }
    for (i = t + 1; i + 1 < e; i++) {
        mg_buf_putc(b, s[i]);
        if (s[i] == q && s[i + 1] == q)
            i++;
    }
}

/* Parse the words of trigger definition def into w (its buffers to be
 * released). -1 when def is no CREATE TRIGGER understood here. */
static int
trig_parse(trig_words *w, const char *def)
{
    header h;
    size_t t, e, k, i;
    int rc = header_parse(&h, def);

    memset(w, 0, sizeof(*w));
    mg_buf_release(&h.kept);
    if (rc < 0 || h.kind != MG_OBJ_TRIGGER)
        return -1;
    e = h.name_end;
    for (k = 0; k < 2; k++) {            /* timing, event */
        e = next_token(def, e, &t);
        if (k)
            mg_buf_putc(&w->group, ' ');
        for (i = t; i < e; i++)
            mg_buf_putc(&w->group, (char)toupper((unsigned char)def[i]));
    }
    for (k = 0; k < 12; k++) {           /* ON table FOR EACH ROW */
        e = next_token(def, e, &t);
        if (!def[t])
            return -1;
        if (is_word(def, t, e, "ROW"))
            break;
    }
    w->clause_start = w->clause_end = e;
    e = next_token(def, e, &t);
    if (!is_word(def, t, e, "FOLLOWS") && !is_word(def, t, e, "PRECEDES"))
        return 0;
    w->precedes = is_word(def, t, e, "PRECEDES");
    e = next_token(def, e, &t);
    unquote_into(&w->target, def, t, e);
    w->clause_end = e;
    return 0;
}

static void
trig_release(trig_words *w)
{
    mg_buf_release(&w->target);
    mg_buf_release(&w->group);
}

/* def with its FOLLOWS|PRECEDES clause replaced by FOLLOWS follows (none
 * when follows is NULL or empty). */
static void
with_follows(mg_buf *b, const char *def, const char *follows)
{
    trig_words w;

    if (trig_parse(&w, def) < 0) {
        mg_buf_puts(b, def);
    } else {
        mg_buf_add(b, def, w.clause_start);
        if (follows && *follows) {
            mg_buf_puts(b, " FOLLOWS ");
            mg_mariadb__qi(b, follows);
        }
        mg_buf_puts(b, def + w.clause_end);
    }
    trig_release(&w);
}

/* The triggers of md in an order of creation: each after the trigger
 * its clause names (on its table), else in md's order. The compare
 * creates them so (the trigger names a definition holds are its
 * depends). */
typedef struct trig_plan {
    size_t     *seq;     /* object indexes, in creation order */
    size_t      n;
    char       *seen;    /* per object: visited */
    mg_strlist  group;   /* per object: "table\ntiming event", "" for
                          * objects that are no triggers */
    mg_strlist  target;  /* per object: the clause's trigger, or "" */
    char       *precedes;
} trig_plan;

/* The trigger of md on table named name, or the object count. */
static size_t
trig_index(const mg_metadata *md, const char *table, const char *name)
{
    size_t i, n = mg_metadata_object_count(md);

    for (i = 0; i < n; i++) {
        const mg_object *o = mg_metadata_object_at(md, i);
        if (o->kind == MG_OBJ_TRIGGER && o->table && table &&
            strcasecmp(o->table, table) == 0 && strcasecmp(o->name, name) == 0)
            return i;
    }
    return n;
}

/* Depth-first: the target of i's clause, then i. */
static void
trig_visit(const mg_metadata *md, trig_plan *p, size_t i, size_t depth)
{
    const mg_object *o = mg_metadata_object_at(md, i);
    size_t j;

    if (p->seen[i] || depth > mg_metadata_object_count(md))
        return;
    p->seen[i] = 1;
    if (*p->target.v[i] &&
        (j = trig_index(md, o->table, p->target.v[i])) <
        mg_metadata_object_count(md))
        trig_visit(md, p, j, depth + 1);
    p->seq[p->n++] = i;
}

/* Plan md's triggers into p (released with trig_plan_release). Errors:
 * MG_ENOMEM. */
static int
trig_plan_make(trig_plan *p, const mg_metadata *md)
{
    size_t i, n = mg_metadata_object_count(md);
    mg_buf g = MG_BUF_INIT;
    int rc = 0;

    memset(p, 0, sizeof(*p));
    p->seq = calloc(n + 1, sizeof(*p->seq));
    p->seen = calloc(n + 1, 1);
    p->precedes = calloc(n + 1, 1);
    if (!p->seq || !p->seen || !p->precedes)
        return MG_ENOMEM;
    for (i = 0; i < n && rc == 0; i++) {
        const mg_object *o = mg_metadata_object_at(md, i);
        trig_words w;
        mg_buf_clear(&g);
        memset(&w, 0, sizeof(w));
        if (o->kind == MG_OBJ_TRIGGER && o->definition && o->table &&
            trig_parse(&w, o->definition) == 0) {
            mg_buf_addf(&g, "%s\n%s", o->table, mg_buf_cstr(&w.group));
            p->precedes[i] = (char)w.precedes;
        }
        if (mg_strlist_add(&p->group, mg_buf_cstr(&g)) < 0 ||
            mg_strlist_add(&p->target, mg_buf_cstr(&w.target)) < 0 ||
            g.oom || w.target.oom || w.group.oom)
            rc = MG_ENOMEM;
        trig_release(&w);
    }
    mg_buf_release(&g);
    for (i = 0; i < n && rc == 0; i++)
        if (*p->group.v[i])
            trig_visit(md, p, i, 0);
    return rc;
}

static void
trig_plan_release(trig_plan *p)
{
    free(p->seq);
    free(p->seen);
    free(p->precedes);
    mg_strlist_release(&p->group);
    mg_strlist_release(&p->target);
}

/* The place in ord[0..n) a trigger goes when created with p's clause for
 * object i: after or before its target of the same group, else last. */
static size_t
trig_place(const trig_plan *p, const mg_metadata *md, const size_t *ord,
           size_t n, size_t i)
{
    size_t k;

    if (!*p->target.v[i])
        return n;
    for (k = 0; k < n; k++)
        if (strcmp(p->group.v[ord[k]], p->group.v[i]) == 0 &&
            strcasecmp(mg_metadata_object_at(md, ord[k])->name,
                       p->target.v[i]) == 0)
            return p->precedes[i] ? k : k + 1;
    return n;
}

/* For each object of md, the trigger that fires just before it (of its
 * table, timing and event) once md's triggers are created in the planned
 * order with their clauses, as the server orders them ("" for none and
 * for objects that are no triggers), into pred. Errors: MG_ENOMEM. */
static int
trig_predecessors(mg_strlist *pred, const mg_metadata *md)
{
    trig_plan p;
    size_t *ord = NULL, n = 0, i, k, at;
    int rc = trig_plan_make(&p, md);

    if (rc == 0 && !(ord = calloc(p.n + 1, sizeof(*ord))))
        rc = MG_ENOMEM;
    for (i = 0; rc == 0 && i < p.n; i++) {
        at = trig_place(&p, md, ord, n, p.seq[i]);
        memmove(ord + at + 1, ord + at, (n - at) * sizeof(*ord));
        ord[at] = p.seq[i];
        n++;
    }
    for (i = 0; rc == 0 && i < mg_metadata_object_count(md); i++) {
        const char *before = "";
        for (k = 0; *p.group.v[i] && k < n && ord[k] != i; k++)
            if (strcmp(p.group.v[ord[k]], p.group.v[i]) == 0)
                before = mg_metadata_object_at(md, ord[k])->name;
        if (mg_strlist_add(pred, before) < 0)
            rc = MG_ENOMEM;
    }
    free(ord);
    trig_plan_release(&p);
    return rc;
}

/* ---- rendering ---------------------------------------------------------- */

/* CREATE OR REPLACE and def after its CREATE [OR REPLACE], without IF NOT
 * EXISTS (which MariaDB refuses beside OR REPLACE). */
static void
create_or_replace(mg_buf *b, const char *def)
{
    header h;

    if (header_parse(&h, def) < 0) {
        mg_buf_puts(b, def);
    } else {
        mg_buf_puts(b, "CREATE OR REPLACE");
        mg_buf_add(b, def + h.clauses, h.ine_start - h.clauses);
        mg_buf_puts(b, def + h.ine_end);
    }
    mg_buf_release(&h.kept);
}

/* The token after s + i that is an option's value, past "=" and "BY"
 * ("INCREMENT BY 5", "MINVALUE = -3"): *start, and its end (a sign and
 * its number are one value). */
static size_t
option_value(const char *s, size_t i, size_t *start)
{
    size_t e = next_token(s, i, start);

    while (is_word(s, *start, e, "=") || is_word(s, *start, e, "BY"))
        e = next_token(s, e, start);
    if (e == *start + 1 && s[*start] == '-')
        e = token_end(s, e);
    return e;
}

/* What ALTER SEQUENCE must add to opts (the options of a CREATE
 * SEQUENCE) for the sequence to become what that CREATE makes: the
 * server's default of every option opts leaves out (ALTER keeps what it
 * is not told). */
static void
sequence_defaults(mg_buf *b, const char *opts)
{
    int inc = 0, min = 0, max = 0, start = 0, cache = 0, cycle = 0;
    long long step = 1;
    size_t t, e = 0, minv = 0, minv_end = 0;

    while ((e = next_token(opts, e, &t)) > t) {
        if (is_word(opts, t, e, "INCREMENT")) {
            inc = 1;
            e = option_value(opts, e, &t);
            step = strtoll(opts + t, NULL, 10);
        } else if (is_word(opts, t, e, "MINVALUE")) {
            min = 1;
            minv_end = e = option_value(opts, e, &minv);
        } else if (is_word(opts, t, e, "NO")) {
            e = next_token(opts, e, &t);
            min |= is_word(opts, t, e, "MINVALUE");
            max |= is_word(opts, t, e, "MAXVALUE");
            cache |= is_word(opts, t, e, "CACHE");
            cycle |= is_word(opts, t, e, "CYCLE");
        } else {
            min |= is_word(opts, t, e, "NOMINVALUE");
            max |= is_word(opts, t, e, "MAXVALUE") ||
                   is_word(opts, t, e, "NOMAXVALUE");
            start |= is_word(opts, t, e, "START");
            cache |= is_word(opts, t, e, "CACHE") ||
                     is_word(opts, t, e, "NOCACHE");
            cycle |= is_word(opts, t, e, "CYCLE") ||
                     is_word(opts, t, e, "NOCYCLE");
        }
    }
    if (!inc)
        mg_buf_puts(b, " INCREMENT BY 1");
    if (!min)
        mg_buf_puts(b, " NO MINVALUE");
    if (!max)
        mg_buf_puts(b, " NO MAXVALUE");
    if (!start && minv_end > minv && step > 0)
        mg_buf_addf(b, " START WITH %.*s", (int)(minv_end - minv), opts + minv);
    else if (!start)
        mg_buf_puts(b, step > 0 ? " START WITH 1" : " START WITH -1");
    if (!cache)
        mg_buf_puts(b, " CACHE 1000");
    if (!cycle)
        mg_buf_puts(b, " NOCYCLE");
}

/* ALTER SEQUENCE with def's options (what follows its name) and the
 * defaults of those it leaves out: a changed sequence goes on from where
 * it is, where CREATE OR REPLACE would start it again and hand out the
 * values the rows already hold. */
static void
alter_sequence(mg_buf *b, const mg_object *o)
{
    const char *def = o->definition ? o->definition : "";
    header h;

    if (header_parse(&h, def) < 0 || h.kind != MG_OBJ_SEQUENCE) {
        create_or_replace(b, def);
    } else {
        mg_buf_puts(b, "ALTER SEQUENCE ");
        mg_mariadb__qi(b, o->name);
        mg_buf_puts(b, def + h.name_end);
        sequence_defaults(b, def + h.name_end);
    }
    mg_buf_release(&h.kept);
}

int
mg_mariadb__render_object_op(mg_strlist *out, const mg_op *op, mg_error *err)
{
    mg_buf b = MG_BUF_INIT;
    int rc;
    const mg_object *o = op->kind == MG_OP_DROP_OBJECT ? op->old_object
                         : op->new_object;

    if (!o || (op->kind == MG_OP_REPLACE_OBJECT && !op->old_object))
        return mg_error_set(err, MG_EUSAGE, "incomplete operation (kind %d)",
                            (int)op->kind);
    if (!(MG_MARIADB_OBJECT_KINDS & MG_OBJ_BIT(o->kind)))
        return mg_error_set(err, MG_EUSAGE, "mariadb has no %s",
                            mg_object_kind_name(o->kind));
    if (op->object_part == MG_OBJECT_TIE)   /* no OWNED BY: nothing */
        return 0;
    if (op->kind == MG_OP_DROP_OBJECT) {
        mg_buf_addf(&b, "DROP %s ", mg_object_kind_sql(o->kind));
        mg_mariadb__qi(&b, o->name);
    } else if (op->kind == MG_OP_REPLACE_OBJECT && o->kind == MG_OBJ_SEQUENCE) {
        alter_sequence(&b, o);
    } else if (op->kind == MG_OP_REPLACE_OBJECT) {
        create_or_replace(&b, o->definition ? o->definition : "");
    } else {
        mg_buf_puts(&b, o->definition ? o->definition : "");
    }
    rc = mg_dialect__emit(out, &b, err);
    mg_buf_release(&b);
    return rc;
}

/* ---- reading the catalog ------------------------------------------------ */

/* Writes the definition of the object read from src (a catalog row, or
 * a struct routine) into b, under the name given. */
typedef void (*put_fn)(mg_buf *b, const char *name, const void *src);

/* Where the objects read go: inspect adds them to a metadata, server_form
 * matches them with the model's objects created under temporary names. */
typedef struct sink {
    /* An object read; put(b, name, src) writes its definition with the
     * name given (the one read, or another). */
    int (*object)(struct sink *k, mg_object_kind kind, const char *name,
                  const char *table, put_fn put, const void *src);
    int (*unmanaged)(struct sink *k, const char *kind, const char *name);
    void *ctx;
    int   skip_temps;   /* pass over the objects another run's
                         * server_form has made for a moment */
} sink;

/* 1 when name is one temp_name gives: "mg_tmp_" and three numbers. */
static int
is_temp_name(const char *name)
{
    int k;

    if (strncmp(name, "mg_tmp_", 7) != 0)
        return 0;
    name += 7;
    for (k = 0; k < 3; k++) {
        if (!isdigit((unsigned char)*name))
            return 0;
        while (isdigit((unsigned char)*name))
            name++;
        if (*name != (k < 2 ? '_' : '\0'))
            return 0;
        name += k < 2;
    }
    return 1;
}

enum { Q_VIEWS, Q_TRIGGERS, Q_ROUTINES, Q_OTHERS, NQ };

static const char *const obj_queries[NQ] = {
    "SELECT TABLE_NAME, TABLE_SCHEMA, VIEW_DEFINITION, CHECK_OPTION, "
    "SECURITY_TYPE, ALGORITHM FROM information_schema.VIEWS "
    "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",

    "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, "
    "EVENT_MANIPULATION, ACTION_STATEMENT, ACTION_ORDER "
    "FROM information_schema.TRIGGERS "
    "WHERE TRIGGER_SCHEMA = DATABASE() "
    "ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER, TRIGGER_NAME",

    /* a row per parameter (ordinal 0: a function's result), routines
     * without parameters once with NULLs */
    "SELECT r.ROUTINE_NAME, r.ROUTINE_TYPE, r.ROUTINE_DEFINITION, "
    "r.IS_DETERMINISTIC, r.SQL_DATA_ACCESS, r.SECURITY_TYPE, "
    "r.ROUTINE_COMMENT, p.ORDINAL_POSITION, p.PARAMETER_MODE, "
    "p.PARAMETER_NAME, p.DTD_IDENTIFIER "
    "FROM information_schema.ROUTINES r "
    "LEFT JOIN information_schema.PARAMETERS p "
    "ON p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA "
    "AND p.SPECIFIC_NAME = r.SPECIFIC_NAME "
    "AND p.ROUTINE_TYPE = r.ROUTINE_TYPE "
    "WHERE r.ROUTINE_SCHEMA = DATABASE() "
    "ORDER BY r.ROUTINE_TYPE, r.ROUTINE_NAME, p.ORDINAL_POSITION",

    "SELECT 'sequence', TABLE_NAME FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE' "
    "UNION ALL SELECT 'event', EVENT_NAME FROM information_schema.EVENTS "
    "WHERE EVENT_SCHEMA = DATABASE() ORDER BY 1, 2",
};

/* MySQL's VIEWS has no ALGORITHM column. */
static const char mysql_views[] =
    "SELECT TABLE_NAME, TABLE_SCHEMA, VIEW_DEFINITION, CHECK_OPTION, "
    "SECURITY_TYPE, 'UNDEFINED' FROM information_schema.VIEWS "
    "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME";

typedef struct reader {
    MYSQL    *my;
    MYSQL_RES *res[NQ + 1];   /* the last: the sequences' parameters */
    sink     *k;
    mg_error *err;
} reader;

/* MG_EDB with the server's message, set in r->err. */
static int
read_error(reader *r)
{
    return mg_error_set(r->err, MG_EDB, "cannot read the schema: ERROR %u "
                        "(%s): %s", mysql_errno(r->my), mysql_sqlstate(r->my),
                        mysql_error(r->my));
}

/* Run sql, its rows stored in r->res[i]. Errors: MG_EDB. */
static int
run(reader *r, size_t i, const char *sql)
{
    if (mysql_real_query(r->my, sql, strlen(sql)) != 0 ||
        !(r->res[i] = mysql_store_result(r->my)))
        return read_error(r);
    return 0;
}

/* A view's query with `db`. left out before the names it reads (outside
 * string literals), so it reads the same in any database. */
static void
strip_database(mg_buf *b, const char *q, const char *db)
{
    mg_buf quoted = MG_BUF_INIT;
    size_t n;

    mg_mariadb__qi(&quoted, db);
    mg_buf_putc(&quoted, '.');
    n = quoted.len;
    while (*q) {
        if (strncmp(q, mg_buf_cstr(&quoted), n) == 0) {
            q += n;
        } else if (*q == '\'' || *q == '"' || *q == '`') {
            const char *e = mg_mariadb__skip_quoted(q);
            mg_buf_add(b, q, (size_t)(e - q));
            q = e;
        } else {
            mg_buf_putc(b, *q++);
        }
    }
    mg_buf_release(&quoted);
}

/* VIEWS row: name, schema, query, check option, security, algorithm. */
static void
put_view(mg_buf *b, const char *name, const void *src)
{
    MYSQL_ROW row = *(const MYSQL_ROW *)src;

    mg_buf_puts(b, "CREATE ");
    if (row[5] && strcasecmp(row[5], "UNDEFINED") != 0)
        mg_buf_addf(b, "ALGORITHM=%s ", row[5]);
    if (row[4] && strcasecmp(row[4], "DEFINER") != 0)
        mg_buf_addf(b, "SQL SECURITY %s ", row[4]);
    mg_buf_puts(b, "VIEW ");
    mg_mariadb__qi(b, name);
    mg_buf_puts(b, " AS ");
    strip_database(b, row[2] ? row[2] : "", row[1] ? row[1] : "");
    if (row[3] && strcasecmp(row[3], "NONE") != 0)
        mg_buf_addf(b, " WITH %s CHECK OPTION", row[3]);
}

/* A TRIGGERS row (name, table, timing, event, body, order) and the
 * trigger that fires just before it, or NULL. */
typedef struct trig_row {
    MYSQL_ROW   row;
    const char *follows;
} trig_row;

/* A trig_row's definition: FOLLOWS the trigger before it, so that the
 * definitions made in inspect's order give the server's order again. */
static void
put_trigger(mg_buf *b, const char *name, const void *src)
{
    const trig_row *tr = src;
    MYSQL_ROW row = tr->row;

    mg_buf_puts(b, "CREATE TRIGGER ");
    mg_mariadb__qi(b, name);
    mg_buf_addf(b, " %s %s ON ", row[2] ? row[2] : "",
                row[3] ? row[3] : "");
    mg_mariadb__qi(b, row[1] ? row[1] : "");
    mg_buf_puts(b, " FOR EACH ROW ");
    if (tr->follows) {
        mg_buf_puts(b, "FOLLOWS ");
        mg_mariadb__qi(b, tr->follows);
        mg_buf_putc(b, ' ');
    }
    mg_buf_puts(b, row[4] ? row[4] : "");
}

/* The last trigger read of each timing and event of one table (the rows
 * come by table, then ACTION_ORDER). */
#define MAX_GROUPS 16
typedef struct trig_last {
    const char *table;
    MYSQL_ROW   last[MAX_GROUPS];
    size_t      n;
} trig_last;

/* The trigger read before row of its table, timing and event when its
 * ACTION_ORDER is above 1 (else NULL); row becomes the last of them. */
static const char *
trig_before(trig_last *l, MYSQL_ROW row)
{
    const char *before = NULL;
    size_t k;

    if (!l->table || strcmp(l->table, row[1]) != 0) {
        l->table = row[1];
        l->n = 0;
    }
    for (k = 0; k < l->n; k++)
        if (strcmp(l->last[k][2], row[2]) == 0 &&
            strcmp(l->last[k][3], row[3]) == 0)
            break;
    if (k < l->n && row[5] && strtol(row[5], NULL, 10) > 1)
        before = l->last[k][0];
    if (k < MAX_GROUPS) {
        l->last[k] = row;
        l->n += k == l->n;
    }
    return before;
}

/* Each view of the VIEWS query to the sink. */
static int
read_views(reader *r)
{
    MYSQL_ROW row;
    int rc;

    while ((row = mysql_fetch_row(r->res[Q_VIEWS])) != NULL)
        if (row[0] && (rc = r->k->object(r->k, MG_OBJ_VIEW, row[0], NULL,
                                         put_view, &row)) < 0)
            return rc;
    return 0;
}

/* Each trigger of the TRIGGERS query to the sink. */
static int
read_triggers(reader *r)
{
    trig_last l;
    trig_row tr;
    int rc;

    memset(&l, 0, sizeof(l));
    while ((tr.row = mysql_fetch_row(r->res[Q_TRIGGERS])) != NULL) {
        if (!tr.row[0] || !tr.row[1] || !tr.row[2] || !tr.row[3])
            continue;
        tr.follows = trig_before(&l, tr.row);
        if ((rc = r->k->object(r->k, MG_OBJ_TRIGGER, tr.row[0], tr.row[1],
                               put_trigger, &tr)) < 0)
            return rc;
    }
    return 0;
}

/* The rows of one routine, from the ROUTINES query. */
typedef struct routine {
    MYSQL_ROW   first;   /* its first row (routine columns) */
    mg_strlist  params;  /* "MODE `name` type" each, in order */
    const char *returns; /* a function's result type, or NULL */
} routine;

/* The routine's characteristics, each on a line of its own, as SHOW
 * CREATE writes them; the defaults (CONTAINS SQL, NOT DETERMINISTIC, SQL
 * SECURITY DEFINER, no comment) left out. */
static void
put_characteristics(mg_buf *b, MYSQL_ROW row)
{
    if (row[4] && strcasecmp(row[4], "CONTAINS SQL") != 0)
        mg_buf_addf(b, "\n    %s", row[4]);
    if (row[3] && strcasecmp(row[3], "YES") == 0)
        mg_buf_puts(b, "\n    DETERMINISTIC");
    if (row[5] && strcasecmp(row[5], "DEFINER") != 0)
        mg_buf_addf(b, "\n    SQL SECURITY %s", row[5]);
    if (row[6] && *row[6]) {
        mg_buf_puts(b, "\n    COMMENT ");
        mg_mariadb__quote_literal(b, row[6]);
    }
}

/* A routine's definition; src is its struct routine. */
static void
put_routine(mg_buf *b, const char *name, const void *src)
{
    const routine *rt = src;
    MYSQL_ROW row = rt->first;
    size_t i;

    mg_buf_addf(b, "CREATE %s ", row[1]);
    mg_mariadb__qi(b, name);
    mg_buf_putc(b, '(');
    for (i = 0; i < rt->params.n; i++)
        mg_buf_addf(b, "%s%s", i ? ", " : "", rt->params.v[i]);
    mg_buf_putc(b, ')');
    if (rt->returns)
        mg_buf_addf(b, " RETURNS %s", rt->returns);
    put_characteristics(b, row);
    mg_buf_addf(b, "\n%s", row[2] ? row[2] : "");
}

/* One parameter row into rt. */
static int
add_param(routine *rt, MYSQL_ROW row)
{
    mg_buf p = MG_BUF_INIT;
    int rc = 0;

    if (!row[7] || !row[10])
        return 0;
    if (strcmp(row[7], "0") == 0) {
        rt->returns = row[10];
        return 0;
    }
    if (row[8] && strcasecmp(row[1], "PROCEDURE") == 0)
        mg_buf_addf(&p, "%s ", row[8]);
    mg_mariadb__qi(&p, row[9] ? row[9] : "");
    mg_buf_addf(&p, " %s", row[10]);
    if (p.oom || mg_strlist_add(&rt->params, mg_buf_cstr(&p)) < 0)
        rc = MG_ENOMEM;
    mg_buf_release(&p);
    return rc;
}

/* Hand the routine gathered in rt to the sink and start over. */
static int
flush_routine(reader *r, routine *rt)
{
    int rc = 0;

    if (rt->first && rt->first[2])
        rc = r->k->object(r->k, strcasecmp(rt->first[1], "FUNCTION") == 0 ?
                          MG_OBJ_FUNCTION : MG_OBJ_PROCEDURE, rt->first[0],
                          NULL, put_routine, rt);
    else if (rt->first)   /* no definition to read: not ours to manage */
        rc = r->k->unmanaged(r->k, strcasecmp(rt->first[1], "FUNCTION") == 0
                             ? "function" : "procedure", rt->first[0]);
    mg_strlist_release(&rt->params);
    rt->first = NULL;
    rt->returns = NULL;
    return rc;
}

/* The routines, a group of parameter rows each, to the sink. */
static int
read_routines(reader *r)
{
    routine rt;
    MYSQL_ROW row;
    int rc = 0;

    memset(&rt, 0, sizeof(rt));
    while (rc == 0 && (row = mysql_fetch_row(r->res[Q_ROUTINES])) != NULL) {
        if (!row[0] || !row[1])
            continue;
        if (rt.first && (strcmp(rt.first[0], row[0]) != 0 ||
                         strcmp(rt.first[1], row[1]) != 0))
            rc = flush_routine(r, &rt);
        if (rc == 0 && !rt.first)
            rt.first = row;
        if (rc == 0)
            rc = add_param(&rt, row);
    }
    if (rc == 0)
        rc = flush_routine(r, &rt);
    mg_strlist_release(&rt.params);
    return rc == MG_ENOMEM ? mg_mariadb__oom(r->err) : rc;
}

/* Row of the sequences' query: name, start, min, max, increment, cache,
 * cycle. */
static void
put_sequence(mg_buf *b, const char *name, const void *src)
{
    MYSQL_ROW row = *(const MYSQL_ROW *)src;
    const char *v[7];
    size_t i;

    for (i = 1; i <= 6; i++)
        v[i] = row[i] ? row[i] : "0";
    mg_buf_puts(b, "CREATE SEQUENCE ");
    mg_mariadb__qi(b, name);
    mg_buf_addf(b, " start with %s minvalue %s maxvalue %s increment by %s",
                v[1], v[2], v[3], v[4]);
    if (strcmp(v[5], "0") == 0)
        mg_buf_puts(b, " nocache");
    else
        mg_buf_addf(b, " cache %s", v[5]);
    mg_buf_puts(b, strcmp(v[6], "0") == 0 ? " nocycle" : " cycle");
}

/* The sequences and events: events are not managed; the sequences'
 * parameters come from one more query over all of them. */
static int
read_others(reader *r)
{
    mg_buf q = MG_BUF_INIT;
    MYSQL_ROW row;
    int rc = 0;

    while ((row = mysql_fetch_row(r->res[Q_OTHERS])) != NULL) {
        if (!row[0] || !row[1])
            continue;
        if (r->k->skip_temps && is_temp_name(row[1]))
            continue;
        if (strcmp(row[0], "event") == 0) {
            if ((rc = r->k->unmanaged(r->k, "event", row[1])) < 0)
                break;
            continue;
        }
        mg_buf_puts(&q, q.len ? " UNION ALL SELECT " : "SELECT ");
        mg_mariadb__quote_literal(&q, row[1]);
        mg_buf_puts(&q, ", start_value, minimum_value, maximum_value, "
                    "increment, cache_size, cycle_option FROM ");
        mg_mariadb__qi(&q, row[1]);
    }
    if (rc == 0 && q.oom)
        rc = mg_mariadb__oom(r->err);
    if (rc == 0 && q.len && (rc = run(r, NQ, mg_buf_cstr(&q))) == 0)
        while ((row = mysql_fetch_row(r->res[NQ])) != NULL)
            if (row[0] && (rc = r->k->object(r->k, MG_OBJ_SEQUENCE, row[0],
                                             NULL, put_sequence, &row)) < 0)
                break;
    mg_buf_release(&q);
    return rc;
}

/* Run the catalog queries on my and hand every object to k. */
static int
read_objects(MYSQL *my, int mysql, sink *k, mg_error *err)
{
    reader r;
    size_t i;
    int rc = 0;

    memset(&r, 0, sizeof(r));
    r.my = my;
    r.k = k;
    r.err = err;
    for (i = 0; i < NQ && rc == 0; i++)
        rc = run(&r, i, i == Q_VIEWS && mysql ? mysql_views : obj_queries[i]);
    if (rc == 0 && (rc = read_views(&r)) == 0 &&
        (rc = read_triggers(&r)) == 0 && (rc = read_routines(&r)) == 0)
        rc = read_others(&r);
    for (i = 0; i <= NQ; i++)
        if (r.res[i])
            mysql_free_result(r.res[i]);
    return rc;
}

/* ---- inspect ------------------------------------------------------------ */

typedef struct inspect_ctx {
    mg_metadata      *md;
    const mg_strlist *ignore;
    mg_error         *err;
} inspect_ctx;

/* sink.object for inspect: the object into md, unless it or its table
 * is ignored. */
static int
inspect_object(sink *k, mg_object_kind kind, const char *name,
               const char *table, put_fn put, const void *src)
{
    inspect_ctx *c = k->ctx;
    mg_buf def = MG_BUF_INIT;
    int rc;

    if (mg_dialect__ignored(c->ignore, table ? table : name) ||
        is_temp_name(name))
        return 0;
    put(&def, name, src);
    rc = def.oom ? mg_mariadb__oom(c->err) :
         mg_metadata_add_object(c->md, kind, NULL, name, table,
                                mg_buf_cstr(&def), NULL, c->err);
    mg_buf_release(&def);
    return rc < 0 ? rc : 0;
}

/* sink.unmanaged for inspect: named as not managed. */
static int
inspect_unmanaged(sink *k, const char *kind, const char *name)
{
    inspect_ctx *c = k->ctx;

    if (mg_metadata_add_unmanaged(c->md, kind, name, NULL) < 0)
        return mg_mariadb__oom(c->err);
    return 0;
}

int
mg_mariadb__inspect_objects(void *conn, int mysql, mg_metadata *md,
                            const mg_strlist *ignore, mg_error *err)
{
    inspect_ctx c;
    sink k;

    c.md = md;
    c.ignore = ignore;
    c.err = err;
    k.object = inspect_object;
    k.unmanaged = inspect_unmanaged;
    k.ctx = &c;
    k.skip_temps = 1;
    return read_objects(conn, mysql, &k, err);
}

/* ---- the server's form of the model's objects --------------------------- */

typedef struct form_ctx {
    mg_metadata *md;
    mg_strlist   temp;     /* the temporary name of each object of md, ""
                            * for those not created */
    mg_strlist   pred;     /* the trigger before each of md's triggers
                            * (trig_predecessors) */
    mg_error    *err;
} form_ctx;

/* The temporary name of md's i-th object. */
static void
temp_name(mg_buf *b, size_t i)
{
    static unsigned int run_no;

    mg_buf_addf(b, "mg_tmp_%ld_%u_%zu", (long)getpid(), run_no++, i);
}

/* def with its name replaced by temp (backticked), its database, OR
 * REPLACE, IF NOT EXISTS and DEFINER left out. Returns -1 when def's
 * header is not understood. */
static int
temp_definition(mg_buf *b, const char *def, const char *temp)
{
    header h;
    int rc = header_parse(&h, def);

    if (rc == 0) {
        mg_buf_puts(b, "CREATE ");
        mg_buf_puts(b, mg_buf_cstr(&h.kept));
        mg_buf_puts(b, mg_object_kind_sql((mg_object_kind)h.kind));
        mg_buf_putc(b, ' ');
        mg_mariadb__qi(b, temp);
        mg_buf_puts(b, def + h.name_end);
    }
    mg_buf_release(&h.kept);
    return rc;
}

/* o's key: the canonical form of the definition in def, normalised.
 * Errors: MG_ENOMEM. */
static int
set_def_key(form_ctx *c, mg_object *o, const mg_buf *def)
{
    mg_buf key = MG_BUF_INIT, n = MG_BUF_INIT;
    int rc = 0;

    canonical(&key, mg_buf_cstr(def));
    mg_normalize_expr(&n, mg_buf_cstr(&key));
    if (n.oom || key.oom || mg_object_set_key(o, mg_buf_cstr(&n)) < 0)
        rc = mg_mariadb__oom(c->err);
    mg_buf_release(&key);
    mg_buf_release(&n);
    return rc;
}

/* sink.object for server_form: an object under one of the temporary
 * names gives its model object the key of its definition, written with
 * the model's name; the others are passed over. */
static int
form_object(sink *k, mg_object_kind kind, const char *name,
            const char *table, put_fn put, const void *src)
{
    form_ctx *c = k->ctx;
    mg_buf def = MG_BUF_INIT;
    mg_object *o;
    size_t i;
    int rc = 0;

    (void)table;
    for (i = 0; i < c->temp.n; i++)
        if (strcmp(c->temp.v[i], name) == 0)
            break;
    if (i == c->temp.n)
        return 0;
    o = mg_metadata_object_at_mut(c->md, i);
    if (o->kind != kind)
        return 0;
    if (kind == MG_OBJ_TRIGGER) {   /* its place among the model's */
        trig_row tr = *(const trig_row *)src;
        tr.follows = *c->pred.v[i] ? c->pred.v[i] : NULL;
        put(&def, o->name, &tr);
    } else {
        put(&def, o->name, src);
    }
    rc = def.oom ? mg_mariadb__oom(c->err) : set_def_key(c, o, &def);
    mg_buf_release(&def);
    return rc;
}

/* sink.unmanaged for server_form: nothing to do. */
static int
form_unmanaged(sink *k, const char *kind, const char *name)
{
    (void)k;
    (void)kind;
    (void)name;
    return 0;
}

int
mg_mariadb__conn_lost(void *conn)
{
    unsigned int e = mysql_errno((MYSQL *)conn);

    return e == CR_SERVER_GONE || e == CR_SERVER_LOST;
}

/* The kinds whose text the server rewrites, so that their server form is
 * read back: views and routines. Never a trigger: the server keeps its
 * body as written, and one made on a live table, even for a moment, would
 * fire for the writes of every other session meanwhile. */
#define SERVER_FORM_KINDS (MG_MARIADB_OBJECT_KINDS & ~MG_OBJ_BIT(MG_OBJ_TRIGGER))

/* Create md's i-th object under a temporary name, recorded in c->temp
 * ("" when it is not of a kind in SERVER_FORM_KINDS or the server
 * refuses it). */
static int
create_temp(MYSQL *my, form_ctx *c, size_t i)
{
    const mg_object *o = mg_metadata_object_at(c->md, i);
    mg_buf name = MG_BUF_INIT, sql = MG_BUF_INIT, def = MG_BUF_INIT;
    int made = 0, rc = 0;

    if ((SERVER_FORM_KINDS & MG_OBJ_BIT(o->kind)) && o->definition) {
        mg_buf_puts(&def, o->definition);
        temp_name(&name, i);
        if (temp_definition(&sql, mg_buf_cstr(&def), mg_buf_cstr(&name))
            == 0 && !sql.oom && !def.oom) {
            made = mysql_real_query(my, mg_buf_cstr(&sql), sql.len) == 0;
            if (!made && mg_mariadb__conn_lost(my))
                rc = mg_error_set(c->err, MG_EDB, "ERROR %u (%s): %s",
                                  mysql_errno(my), mysql_sqlstate(my),
                                  mysql_error(my));
        }
    }
    if (mg_strlist_add(&c->temp, made ? mg_buf_cstr(&name) : "") < 0 ||
        name.oom || sql.oom)
        rc = mg_mariadb__oom(c->err);
    mg_buf_release(&name);
    mg_buf_release(&sql);
    mg_buf_release(&def);
    return rc;
}

/* Drop the temporary objects made (errors left aside: a drop that fails
 * leaves a temporary object, not a wrong key). */
static void
drop_temps(MYSQL *my, form_ctx *c)
{
    mg_buf sql = MG_BUF_INIT;
    size_t i;

    for (i = 0; i < c->temp.n; i++) {
        if (!*c->temp.v[i])
            continue;
        mg_buf_clear(&sql);
        mg_buf_addf(&sql, "DROP %s IF EXISTS ", mg_object_kind_sql(
                        mg_metadata_object_at(c->md, i)->kind));
        mg_mariadb__qi(&sql, c->temp.v[i]);
        if (!sql.oom)
            (void)mysql_real_query(my, mg_buf_cstr(&sql), sql.len);
    }
    mg_buf_release(&sql);
}

/* The triggers (never made on the server: SERVER_FORM_KINDS) get the
 * text key of their definition with FOLLOWS their predecessor in the
 * model, the form a reflected trigger has. */
static int
order_keys(form_ctx *c)
{
    mg_buf def = MG_BUF_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < c->temp.n; i++) {
        mg_object *o = mg_metadata_object_at_mut(c->md, i);
        if (o->kind != MG_OBJ_TRIGGER || o->key || !o->definition)
            continue;
        mg_buf_clear(&def);
        with_follows(&def, o->definition, c->pred.v[i]);
        rc = def.oom ? mg_mariadb__oom(c->err) : set_def_key(c, o, &def);
    }
    mg_buf_release(&def);
    return rc;
}

int
mg_mariadb__server_form(void *conn, mg_metadata *md, mg_error *err)
{
    MYSQL *my = conn;
    form_ctx c;
    sink k;
    size_t i, made = 0;
    int rc = 0;

    memset(&c, 0, sizeof(c));
    c.md = md;
    c.err = err;
    if (trig_predecessors(&c.pred, md) < 0)
        rc = mg_mariadb__oom(err);
    for (i = 0; i < mg_metadata_object_count(md) && rc == 0; i++)
        if ((rc = create_temp(my, &c, i)) == 0 && *c.temp.v[i])
            made++;
    if (rc == 0 && made) {
        mg_error e2;
        k.object = form_object;
        k.unmanaged = form_unmanaged;
        k.ctx = &c;
        k.skip_temps = 0;
        mg_error_clear(&e2);
        rc = read_objects(my, !strstr(mysql_get_server_info(my), "MariaDB"),
                          &k, &e2);
        if (rc < 0 && rc != MG_ENOMEM && !mg_mariadb__conn_lost(my))
            rc = 0;   /* the text keys stay */
        else if (rc < 0)
            mg_error_set(err, rc, "%s", e2.msg);
    }
    drop_temps(my, &c);
    if (rc == 0)
        rc = order_keys(&c);
    mg_strlist_release(&c.temp);
    mg_strlist_release(&c.pred);
    return rc < 0 ? rc : 0;
}
