/* model_parse.c - the grammar of the model file language of DESIGN.md
 * section 2: CREATE TABLE (with MariaDB's column attributes: CHARACTER
 * SET, COLLATE, ON UPDATE, COMMENT), CREATE [UNIQUE|FULLTEXT|SPATIAL]
 * INDEX, the schema objects and comments, read into an mg_metadata. The same code reads the
 * DDL SQLite keeps in sqlite_master (MG_MODEL_LENIENT), so a reflected
 * SQLite table and a model table go through one parser.
 *
 * A hand-written recursive descent over the tokens of model_lex.c, with
 * one token of look-ahead; a column's own clauses (type, DEFAULT,
 * identity, attributes) are read by model_column.c, CREATE INDEX by
 * model_index.c, the schema objects (CREATE VIEW, TRIGGER, ..., COMMENT
 * ON) by model_object.c, DELIMITER lines by model_lex.c. Every loop consumes a token and nesting is counted, never
 * recursed into, so the time is linear in the text and no input can
 * exhaust the stack. Expression texts (CHECK, DEFAULT (...), index
 * expressions, WHERE) are the exact source bytes from their first to
 * their last token, so comments around them drop out and everything
 * inside is kept as written. Errors carry the line and column (1-based,
 * in characters) of the token that could not be read. What is checked
 * across tables once every file is read is in model_finish.c. */
#include "model_lex_int.h"
#include "renames_int.h"
#include "model_column_int.h"
#include "model_index_int.h"
#include "model_object_int.h"
#include "namehash_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A column named by a table constraint, checked once the table is read
 * (PostgreSQL lets constraints come before the columns they name). */
typedef struct colref {
    const char *name;   /* borrowed from the constraint's list */
    const char *where;  /* "primary key", "unique constraint"... */
    int         line;
    int         col;
} colref;

typedef struct table_ctx {
    mg_table   *t;
    /* names looked up while the table is read, hashed case-insensitively
     * so wide tables stay linear */
    mg_nameset  cols;       /* column name -> mg_column */
    mg_nameset  cons;       /* written constraint name -> mg_constraint */
    colref     *refs;
    size_t      nrefs;
    size_t      caprefs;
    int         has_pk;     /* a primary key was read */
    int         pk_autoinc; /* PRIMARY KEY (x AUTOINCREMENT) */
} table_ctx;

/* The parsed type of text, from the cache or parsed now (and cached while
 * there is room). *owned: the caller must release *out. */
static int
cached_type(parser *p, const char *text, mg_type *out, const mg_type **use)
{
    size_t i;

    for (i = 0; i < p->ntypes; i++)
        if (strcmp(p->types[i].text, text) == 0) {
            *use = &p->types[i].ty;
            return 0;
        }
    if (mg_type_parse(out, text) < 0)
        return -1;
    *use = out;
    if (p->ntypes < sizeof(p->types) / sizeof(p->types[0]) &&
        (p->types[p->ntypes].text = strdup(text)) != NULL) {
        if (mg_type_copy(&p->types[p->ntypes].ty, out) == 0)
            p->ntypes++;
        else
            free(p->types[p->ntypes].text);
    }
    return 0;
}

static void
release_types(parser *p)
{
    size_t i;

    for (i = 0; i < p->ntypes; i++) {
        free(p->types[i].text);
        mg_type_release(&p->types[i].ty);
    }
    p->ntypes = 0;
}

/* [ON CONFLICT resolution] (SQLite), ignored. */
static int
skip_conflict(parser *p)
{
    static const char *const res[] = {
        "ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"
    };
    size_t i;
    int rc;

    if (!mg_lex__is_kw2(p, "ON", "CONFLICT", &rc))
        return rc;
    if ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0)
        return rc;
    for (i = 0; i < sizeof(res) / sizeof(res[0]); i++)
        if (mg_lex__is_kw(p, &p->tok, res[i]))
            return mg_lex__advance(p);
    return mg_lex__expected(p, "ROLLBACK, ABORT, FAIL, IGNORE or REPLACE "
                               "after ON CONFLICT");
}

/* ---- CREATE TABLE ---- */

static void
table_ctx_release(table_ctx *cx)
{
    mg_nameset__release(&cx->cols);
    mg_nameset__release(&cx->cons);
    free(cx->refs);
}

static int
add_colref(parser *p, table_ctx *cx, const char *name, const char *where,
           const token *at)
{
    if (cx->nrefs == cx->caprefs) {
        size_t cap = cx->caprefs ? cx->caprefs * 2 : 8;
        colref *v = realloc(cx->refs, cap * sizeof(*v));
        if (!v)
            return mg_lex__oom(p);
        cx->refs = v;
        cx->caprefs = cap;
    }
    cx->refs[cx->nrefs].name = name;
    cx->refs[cx->nrefs].where = where;
    cx->refs[cx->nrefs].line = at->at.line;
    cx->refs[cx->nrefs].col = at->at.col;
    cx->nrefs++;
    return 0;
}

/* CHECK ( expr ): the text inside the parentheses. */
static int
parse_check(parser *p, mg_constraint *k)
{
    size_t a, b;
    char *text;
    int rc;

    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    if (!mg_lex__is_punct(p, &p->tok, '('))
        return mg_lex__expected(p, "'(' after CHECK");
    if ((rc = mg_lex__skip_group(p, "an expression in CHECK", &a, &b)) < 0 ||
        (rc = mg_lex__slice(p, a, b, &text)) < 0)
        return rc;
    rc = mg_constraint_set_expression(k, text) < 0 ? mg_lex__oom(p) : 0;
    free(text);
    return rc;
}

/* ( name [COLLATE x] [ASC|DESC] [AUTOINCREMENT], ... ) into out; names
 * are recorded in cx for checking when where is not NULL. sortable allows
 * COLLATE, ASC and DESC (PRIMARY KEY and UNIQUE lists), autoinc (primary
 * key only) AUTOINCREMENT. */
static int
parse_column_list(parser *p, table_ctx *cx, mg_strlist *out,
                  const char *where, int sortable, int *autoinc,
                  const char *open)
{
    int rc;

    if (!mg_lex__is_punct(p, &p->tok, '('))
        return mg_lex__expected(p, open);
    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    for (;;) {
        token at = p->tok;
        char *name;
        if (!mg_lex__is_ident(&p->tok))
            return mg_lex__expected(p, "a column name");
        if ((rc = mg_lex__ident_text(p, &p->tok, &name)) < 0)
            return rc;
        rc = mg_strlist_add(out, name);
        free(name);
        if (rc < 0)
            return mg_lex__oom(p);
        if (where && (rc = add_colref(p, cx, out->v[out->n - 1], where,
                                      &at)) < 0)
            return rc;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (sortable) {
            if ((rc = mg_lex__skip_collate(p)) < 0)
                return rc;
            if ((mg_lex__is_kw(p, &p->tok, "ASC") ||
                 mg_lex__is_kw(p, &p->tok, "DESC")) &&
                (rc = mg_lex__advance(p)) < 0)
                return rc;
            if (autoinc && mg_lex__is_kw(p, &p->tok, "AUTOINCREMENT")) {
                *autoinc = 1;
                if ((rc = mg_lex__advance(p)) < 0)
                    return rc;
            }
        }
        if (mg_lex__is_punct(p, &p->tok, ')'))
            return mg_lex__advance(p);
        if (!mg_lex__is_punct(p, &p->tok, ','))
            return mg_lex__expected(p, "',' or ')' in column list");
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
}

/* CASCADE, RESTRICT, NO ACTION, SET NULL, SET DEFAULT. */
static int
parse_action(parser *p, mg_fk_action *out)
{
    static const struct {
        const char  *w1;
        const char  *w2;
        mg_fk_action action;
    } actions[] = {
        { "CASCADE", NULL, MG_FK_CASCADE },
        { "RESTRICT", NULL, MG_FK_RESTRICT },
        { "NO", "ACTION", MG_FK_NO_ACTION },
        { "SET", "NULL", MG_FK_SET_NULL },
        { "SET", "DEFAULT", MG_FK_SET_DEFAULT },
    };
    token first = p->tok;
    const token *next;
    char buf[80];
    size_t i;
    int rc;

    if (p->tok.kind == T_EOF)
        return mg_lex__expected(p, "a referential action");
    for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (!mg_lex__is_kw(p, &p->tok, actions[i].w1))
            continue;
        if (!actions[i].w2) {
            *out = actions[i].action;
            return mg_lex__advance(p);
        }
        if ((rc = mg_lex__peek(p, &next)) < 0)
            return rc;
        if (mg_lex__is_kw(p, next, actions[i].w2)) {
            *out = actions[i].action;
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
            return mg_lex__advance(p);
        }
    }
    if ((mg_lex__is_kw(p, &first, "NO") || mg_lex__is_kw(p, &first, "SET")) &&
        (rc = mg_lex__peek(p, &next)) == 0 && next->kind == T_WORD)
        return mg_lex__fail_at(
            p, &first, "unknown referential action '%.*s %.*s'",
            (int)(first.end - first.at.off), p->s + first.at.off,
            (int)(next->end - next->at.off), p->s + next->at.off);
    return mg_lex__fail_at(p, &first, "unknown referential action %s",
                   mg_lex__describe(p, &first, buf, sizeof(buf)));
}

/* REFERENCES table [(cols)] [ON DELETE a] [ON UPDATE a] [MATCH x]
 * [[NOT] DEFERRABLE] [INITIALLY DEFERRED|IMMEDIATE]; nlocal is the number
 * of referencing columns. */
static int
parse_references(parser *p, table_ctx *cx, mg_constraint *k, size_t nlocal)
{
    int rc, deferrable = 0, not_deferrable = 0, initially = 0;
    token at;
    char *name;

    if ((rc = mg_lex__advance(p)) < 0 ||
        (rc = mg_lex__take_name(p, "a table name after REFERENCES", &name,
                                &at)) < 0)
        return rc;
    rc = mg_constraint_set_ref(k, name);
    free(name);
    if (rc < 0)
        return mg_lex__oom(p);
    if (mg_lex__is_punct(p, &p->tok, '(')) {
        token open = p->tok;
        if ((rc = parse_column_list(p, cx, &k->ref_columns, NULL, 0, NULL,
                                    "'('")) < 0)
            return rc;
        if (k->ref_columns.n != nlocal)
            return mg_lex__fail_at(p, &open, "foreign key has %zu column%s but "
                           "references %zu", nlocal, nlocal == 1 ? "" : "s",
                           k->ref_columns.n);
    }
    for (;;) {
        if (mg_lex__is_kw(p, &p->tok, "ON")) {
            mg_fk_action *slot;
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
            if (mg_lex__is_kw(p, &p->tok, "DELETE"))
                slot = &k->on_delete;
            else if (mg_lex__is_kw(p, &p->tok, "UPDATE"))
                slot = &k->on_update;
            else
                return mg_lex__expected(p, "DELETE or UPDATE after ON");
            if ((rc = mg_lex__advance(p)) < 0 ||
                (rc = parse_action(p, slot)) < 0)
                return rc;
        } else if (mg_lex__is_kw(p, &p->tok, "MATCH")) {
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
            if (p->tok.kind != T_WORD)
                return mg_lex__expected(p,
                                        "FULL, PARTIAL or SIMPLE after MATCH");
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
        } else if (mg_lex__is_kw2(p, "NOT", "DEFERRABLE", &rc)) {
            not_deferrable = 1;
            if ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0)
                return rc;
        } else if (rc < 0) {
            return rc;
        } else if (mg_lex__is_kw(p, &p->tok, "DEFERRABLE")) {
            deferrable = 1;
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
        } else if (mg_lex__is_kw(p, &p->tok, "INITIALLY")) {
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
            if (mg_lex__is_kw(p, &p->tok, "DEFERRED"))
                initially = 2;
            else if (mg_lex__is_kw(p, &p->tok, "IMMEDIATE"))
                initially = 1;
            else
                return mg_lex__expected(
                    p, "DEFERRED or IMMEDIATE after INITIALLY");
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
        } else {
            break;
        }
    }
    k->deferrable = not_deferrable ? 0 : initially == 2 ? 2 :
                    deferrable ? 1 : 0;
    return 0;
}

/* Add a constraint, refusing a second primary key and a name written
 * twice in the table. at is the token to blame for either. */
static int
new_constraint(parser *p, table_ctx *cx, mg_constraint_kind kind,
               const char *name, const token *name_at, const token *at,
               mg_constraint **out)
{
    if (kind == MG_CONSTRAINT_PRIMARY_KEY && cx->has_pk++)
        return mg_lex__fail_at(
            p, at, "table '%s' has more than one primary key", cx->t->name);
    if (name && mg_nameset__get(&cx->cons, name))
        return mg_lex__fail_at(p, name_at,
                               "constraint '%s' defined twice in table "
                               "'%s'",
                               name, cx->t->name);
    if (!(*out = mg_table_add_constraint(cx->t, kind, name)))
        return mg_lex__oom(p);
    if (name && mg_nameset__add(&cx->cons, (*out)->name, *out, 0) < 0)
        return mg_lex__oom(p);
    return 0;
}

/* One column constraint of column c (with its optional CONSTRAINT name);
 * *done is set when the current token starts none. */
static int
parse_column_constraint(parser *p, table_ctx *cx, mg_column *c, int *done)
{
    mg_constraint *k = NULL;
    char *cname = NULL;
    token name_at, at;
    int rc = 0, none = 1;

    *done = 0;
    if (mg_lex__is_kw(p, &p->tok, "CONSTRAINT")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__take_name(p, "a constraint name after CONSTRAINT",
                                    &cname, &name_at)) < 0)
            goto done;
    }
    at = p->tok;
    if (mg_lex__is_kw(p, &at, "PRIMARY")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__expect_kw(p, "KEY", "KEY after PRIMARY")) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_PRIMARY_KEY, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = mg_lex__oom(p);
            goto done;
        }
        c->nullable = 0;
        if (c->type.kind == MG_TYPE_INTEGER || c->type.kind == MG_TYPE_BIGINT)
            c->autoincrement = 1;   /* DESIGN.md 2: the inline key */
        if ((mg_lex__is_kw(p, &p->tok, "ASC") ||
             mg_lex__is_kw(p, &p->tok, "DESC")) &&
            (rc = mg_lex__advance(p)) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (mg_lex__is_kw(p, &at, "NOT")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__expect_kw(p, "NULL", "NULL after NOT")) < 0)
            goto done;
        c->nullable = 0;
        rc = skip_conflict(p);
    } else if (mg_lex__is_kw(p, &at, "NULL")) {
        c->nullable = 1;
        rc = mg_lex__advance(p);
    } else if (mg_lex__is_kw(p, &at, "UNIQUE")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_UNIQUE, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = mg_lex__oom(p);
            goto done;
        }
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (mg_lex__is_kw(p, &at, "DEFAULT")) {
        rc = mg_model_column__parse_default(p, c);
    } else if (mg_lex__is_kw(p, &at, "REFERENCES")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_FOREIGN_KEY, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = mg_lex__oom(p);
            goto done;
        }
        rc = parse_references(p, cx, k, 1);
    } else if (mg_lex__is_kw(p, &at, "CHECK")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_CHECK, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        k->column_level = 1;
        if (mg_strlist_add(&k->columns, c->name) < 0) {
            rc = mg_lex__oom(p);
            goto done;
        }
        rc = parse_check(p, k);
    } else if (!cname &&
               (rc = mg_model_column__parse_attribute(p, c, &none)) < 0) {
        goto done;
    } else if (!cname && !none) {
        rc = 0;         /* an attribute was read */
    } else if (mg_lex__is_kw(p, &at, "GENERATED") ||
               mg_lex__is_kw(p, &at, "AS")) {
        int identity = 0;
        if (mg_lex__is_kw(p, &at, "GENERATED") &&
            ((rc = mg_model_column__parse_identity(p, c, &identity)) < 0 ||
             identity))
            goto done;
        rc = mg_model_column__parse_generated(p, c);
    } else if (mg_lex__is_kw(p, &at, "AUTOINCREMENT") ||
               mg_lex__is_kw(p, &at, "AUTO_INCREMENT")) {
        c->autoincrement = 1;
        /* SQLite's word also promises ids are never reused */
        c->never_reuse = mg_lex__is_kw(p, &at, "AUTOINCREMENT");
        rc = mg_lex__advance(p);
    } else if (cname) {
        rc = mg_lex__expected(p, "a constraint after the constraint name");
    } else {
        *done = 1;
    }
done:
    free(cname);
    return rc;
}

/* SERIAL, BIGSERIAL, SMALLSERIAL: PostgreSQL's auto-generated integers. */
static int
is_serial(const char *type)
{
    return strcasecmp(type, "SERIAL") == 0 ||
           strcasecmp(type, "BIGSERIAL") == 0 ||
           strcasecmp(type, "SMALLSERIAL") == 0 ||
           strcasecmp(type, "SERIAL4") == 0 || strcasecmp(type, "SERIAL8") == 0;
}

/* name [type] [constraints...]; the type may be left out in lenient
 * mode and where the dialect has MG_CAP_UNTYPED_COLUMNS. A generated
 * column NOT NULL is refused where the dialect lacks
 * MG_CAP_GENERATED_NOT_NULL. */
static int
parse_column(parser *p, table_ctx *cx)
{
    token name_at = p->tok;
    mg_buf type = MG_BUF_INIT;
    mg_type ty;
    const mg_type *use = NULL;
    mg_column *c;
    char *name;
    int rc, done = 0;

    if ((rc = mg_lex__ident_text(p, &p->tok, &name)) < 0)
        return rc;
    if (mg_nameset__get(&cx->cols, name)) {
        rc =
            mg_lex__fail_at(p, &name_at, "duplicate column '%s' in table '%s'",
                            name, cx->t->name);
        goto done;
    }
    if ((rc = mg_lex__advance(p)) < 0 ||
        (rc = mg_model_column__parse_type(p, &type)) < 0)
        goto done;
    if (type.len == 0 && !(p->flags & MG_MODEL_LENIENT) &&
        !(p->dialect && (p->dialect->caps & MG_CAP_UNTYPED_COLUMNS))) {
        rc = mg_lex__fail_at(p, &name_at, "column '%s' needs a type", name);
        goto done;
    }
    memset(&ty, 0, sizeof(ty));
    if (cached_type(p, mg_buf_cstr(&type), &ty, &use) < 0) {
        rc = mg_lex__oom(p);
        goto done;
    }
    c = mg_table_add_column(cx->t, name, use);
    mg_type_release(&ty);
    if (!c || mg_nameset__add(&cx->cols, c->name, c, 0) < 0) {
        rc = mg_lex__oom(p);
        goto done;
    }
    if (is_serial(mg_buf_cstr(&type))) {
        c->autoincrement = c->serial = 1;
        c->nullable = 0;
    }
    c->national = mg_type_is_national(mg_buf_cstr(&type));
    while (!done)
        if ((rc = parse_column_constraint(p, cx, c, &done)) < 0)
            goto done;
    if (c->generated && !c->nullable && p->dialect &&
        !(p->dialect->caps & MG_CAP_GENERATED_NOT_NULL))
        rc = mg_lex__fail_at(p, &name_at, "generated column '%s' cannot be "
                             "NOT NULL: %s has no NOT NULL generated columns",
                             name, p->dialect->name);
done:
    mg_buf_release(&type);
    free(name);
    return rc;
}

/* MySQL's UNIQUE [KEY|INDEX] [name] (...): after UNIQUE, move over KEY or
 * INDEX and take the index's name as the constraint's when CONSTRAINT
 * gave none. */
static int
unique_key_name(parser *p, char **cname, token *name_at)
{
    const token *next;
    int rc = 0;

    if ((mg_lex__is_kw(p, &p->tok, "KEY") ||
         mg_lex__is_kw(p, &p->tok, "INDEX")) &&
        (rc = mg_lex__advance(p)) < 0)
        return rc;
    if (!mg_lex__is_ident(&p->tok) || (rc = mg_lex__peek(p, &next)) < 0 ||
        !mg_lex__is_punct(p, next, '('))
        return rc;
    if (*cname)                   /* CONSTRAINT c UNIQUE KEY k (...) */
        return mg_lex__advance(p);
    return mg_lex__take_name(p, "an index name", cname, name_at);
}

/* 1 when the table element at the current token is MySQL's inline index,
 * [FULLTEXT|SPATIAL] {KEY|INDEX} [name] (...) or FULLTEXT [name] (...),
 * rather than a column called key or index ("key VARCHAR(10)": a number
 * follows its parenthesis, a column name an index's). */
static int
is_inline_index_start(parser *p, int *rc)
{
    const token *t1;
    token t2, t3;
    int special = mg_lex__is_kw(p, &p->tok, "FULLTEXT") ||
                  mg_lex__is_kw(p, &p->tok, "SPATIAL");

    *rc = 0;
    if (!special && !mg_lex__is_kw(p, &p->tok, "KEY") &&
        !mg_lex__is_kw(p, &p->tok, "INDEX"))
        return 0;
    if ((*rc = mg_lex__peek(p, &t1)) < 0)
        return 0;
    if (mg_lex__is_punct(p, t1, '(') ||
        (special &&
         (mg_lex__is_kw(p, t1, "KEY") || mg_lex__is_kw(p, t1, "INDEX"))))
        return 1;
    if (!mg_lex__is_ident(t1) || (*rc = mg_lex__lex(p, t1->next, &t2)) < 0)
        return 0;
    if (mg_lex__is_kw(p, &t2, "USING"))
        return 1;
    if (!mg_lex__is_punct(p, &t2, '(') ||
        (*rc = mg_lex__lex(p, t2.next, &t3)) < 0)
        return 0;
    return t3.kind != T_NUMBER;
}

/* [FULLTEXT|SPATIAL] {KEY|INDEX} [name] [USING m] ( item, ... ) [options]:
 * an index of the table (FULLTEXT and SPATIAL kept as its method; BTREE
 * and HASH, MariaDB's own choice, and index options are dropped). */
static int
parse_inline_index(parser *p, table_ctx *cx)
{
    mg_strlist items = MG_STRLIST_INIT;
    char *name = NULL;
    const char *method = NULL;
    token name_at;
    mg_index *ix;
    size_t depth = 0;
    int rc;

    if (mg_lex__is_kw(p, &p->tok, "FULLTEXT") ||
        mg_lex__is_kw(p, &p->tok, "SPATIAL")) {
        method = mg_lex__is_kw(p, &p->tok, "FULLTEXT") ? "FULLTEXT" : "SPATIAL";
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if ((mg_lex__is_kw(p, &p->tok, "KEY") ||
         mg_lex__is_kw(p, &p->tok, "INDEX")) &&
        (rc = mg_lex__advance(p)) < 0)
        goto done;
    if (mg_lex__is_ident(&p->tok) && !mg_lex__is_kw(p, &p->tok, "USING") &&
        (rc = mg_lex__take_name(p, "an index name", &name, &name_at)) < 0)
        goto done;
    if (mg_lex__is_kw(p, &p->tok, "USING") &&
        ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0))
        goto done;
    if (!mg_lex__is_punct(p, &p->tok, '(')) {
        rc = mg_lex__expected(p, "'(' before the index columns");
        goto done;
    }
    do {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_model_index__parse_item(p, cx->t, &items)) < 0)
            goto done;
    } while (mg_lex__is_punct(p, &p->tok, ','));
    if (!mg_lex__is_punct(p, &p->tok, ')')) {
        rc = mg_lex__expected(p, "',' or ')' after index column");
        goto done;
    }
    if ((rc = mg_lex__advance(p)) < 0)
        goto done;
    /* USING BTREE, COMMENT '...', KEY_BLOCK_SIZE=n...: up to , or ) */
    if ((rc = mg_lex__skip_to(p, ',', ')', &depth)) < 0)
        goto done;
    if (name && mg_table_index(cx->t, name)) {
        rc = mg_lex__fail_at(p, &name_at, "index '%s' defined twice", name);
        goto done;
    }
    if (!(ix = mg_table_add_index(cx->t, name, 0)) ||
        mg_index_set_method(ix, method) < 0) {
        rc = mg_lex__oom(p);
        goto done;
    }
    ix->expressions = items;
    memset(&items, 0, sizeof(items));
done:
    mg_strlist_release(&items);
    free(name);
    return rc;
}

/* [CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | FOREIGN KEY (...)
 * REFERENCES ... | CHECK (...) */
static int
parse_table_constraint(parser *p, table_ctx *cx)
{
    mg_constraint *k = NULL;
    char *cname = NULL;
    token name_at, at;
    int rc;

    if (mg_lex__is_kw(p, &p->tok, "CONSTRAINT")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__take_name(p, "a constraint name after CONSTRAINT",
                                    &cname, &name_at)) < 0)
            goto done;
    }
    at = p->tok;
    if (mg_lex__is_kw(p, &at, "PRIMARY")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__expect_kw(p, "KEY", "KEY after PRIMARY")) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_PRIMARY_KEY, cname,
                                 &name_at, &at, &k)) < 0 ||
            (rc = parse_column_list(p, cx, &k->columns, "primary key", 1,
                                    &cx->pk_autoinc,
                                    "'(' after PRIMARY KEY")) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (mg_lex__is_kw(p, &at, "UNIQUE")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = unique_key_name(p, &cname, &name_at)) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_UNIQUE, cname,
                                 &name_at, &at, &k)) < 0 ||
            (rc = parse_column_list(p, cx, &k->columns, "unique constraint",
                                    1, NULL, "'(' after UNIQUE")) < 0)
            goto done;
        rc = skip_conflict(p);
    } else if (mg_lex__is_kw(p, &at, "FOREIGN")) {
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__expect_kw(p, "KEY", "KEY after FOREIGN")) < 0 ||
            (rc = new_constraint(p, cx, MG_CONSTRAINT_FOREIGN_KEY, cname,
                                 &name_at, &at, &k)) < 0 ||
            (rc = parse_column_list(p, cx, &k->columns, "foreign key", 0,
                                    NULL, "'(' after FOREIGN KEY")) < 0)
            goto done;
        if (!mg_lex__is_kw(p, &p->tok, "REFERENCES")) {
            rc = mg_lex__expected(p,
                                  "REFERENCES after the foreign key columns");
            goto done;
        }
        rc = parse_references(p, cx, k, k->columns.n);
    } else if (mg_lex__is_kw(p, &at, "CHECK")) {
        if ((rc = new_constraint(p, cx, MG_CONSTRAINT_CHECK, cname,
                                 &name_at, &at, &k)) < 0)
            goto done;
        rc = parse_check(p, k);
    } else {
        rc = mg_lex__expected(p, "a constraint after the constraint name");
    }
done:
    free(cname);
    return rc;
}

static int
is_table_constraint_start(const parser *p)
{
    return mg_lex__is_kw(p, &p->tok, "CONSTRAINT") ||
           mg_lex__is_kw(p, &p->tok, "PRIMARY") ||
           mg_lex__is_kw(p, &p->tok, "UNIQUE") ||
           mg_lex__is_kw(p, &p->tok, "FOREIGN") ||
           mg_lex__is_kw(p, &p->tok, "CHECK");
}

/* After the closing parenthesis: check the columns the table constraints
 * name, make primary-key columns NOT NULL. */
static int
finish_table(parser *p, table_ctx *cx, const token *name_at)
{
    const mg_constraint *pk = mg_table_primary_key(cx->t);
    size_t i;

    for (i = 0; i < cx->nrefs; i++)
        if (!mg_nameset__get(&cx->cols, cx->refs[i].name))
            return mg_lex__fail_loc(p, cx->refs[i].line, cx->refs[i].col,
                            "unknown column '%s' in %s of table '%s'",
                            cx->refs[i].name, cx->refs[i].where,
                            cx->t->name);
    if (cx->t->ncolumns == 0)
        return mg_lex__fail_at(p, name_at, "table '%s' has no columns",
                       cx->t->name);
    for (i = 0; pk && i < pk->columns.n; i++) {
        mg_column *c = mg_nameset__get(&cx->cols, pk->columns.v[i]);
        if (!c)
            continue;       /* cannot be: checked above */
        c->nullable = 0;
        if (cx->pk_autoinc && pk->columns.n == 1)
            c->autoincrement = c->never_reuse = 1;
    }
    return 0;
}

/* CREATE TABLE [IF NOT EXISTS] name ( element, ... ) [options] */
static int
parse_create_table(parser *p)
{
    mg_metadata *scratch = NULL, *target = p->md;
    table_ctx cx;
    token name_at;
    char *name = NULL;
    size_t depth = 0, opt_start;
    int rc, if_not_exists = 0;

    memset(&cx, 0, sizeof(cx));
    p->what = "CREATE TABLE";
    if ((rc = mg_lex__advance(p)) < 0)
        goto done;
    if (mg_lex__is_kw2(p, "IF", "NOT", &rc)) {
        if_not_exists = 1;
        if ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0 ||
            (rc = mg_lex__expect_kw(p, "EXISTS", "EXISTS after IF NOT")) < 0)
            goto done;
    } else if (rc < 0) {
        goto done;
    }
    if ((rc = mg_lex__take_name(p, "a table name", &name, &name_at)) < 0)
        goto done;
    if (mg_metadata_table(p->md, name)) {
        if (!if_not_exists) {
            rc = mg_lex__fail_at(p, &name_at, "table '%s' defined twice", name);
            goto done;
        }
        /* read it all the same, into a metadata thrown away */
        if ((rc = mg_metadata_new(&scratch, p->err)) < 0)
            goto done;
        target = scratch;
    }
    if ((rc = mg_metadata_add_table(target, name, &cx.t, p->err)) < 0)
        goto done;
    cx.t->if_not_exists = if_not_exists;
    if (!mg_lex__is_punct(p, &p->tok, '(')) {
        rc = mg_lex__expected(p, "'(' after table name");
        goto done;
    }
    if ((rc = mg_lex__advance(p)) < 0)
        goto done;
    for (;;) {
        if (is_table_constraint_start(p)) {
            if ((rc = parse_table_constraint(p, &cx)) < 0)
                goto done;
            if (!mg_lex__is_punct(p, &p->tok, ',') &&
                !mg_lex__is_punct(p, &p->tok, ')')) {
                rc = mg_lex__expected(p, "',' or ')' after table constraint");
                goto done;
            }
        } else if (is_inline_index_start(p, &rc) || rc < 0) {
            if (rc < 0 || (rc = parse_inline_index(p, &cx)) < 0)
                goto done;
        } else if (mg_lex__is_ident(&p->tok)) {
            if ((rc = parse_column(p, &cx)) < 0)
                goto done;
            if (!mg_lex__is_punct(p, &p->tok, ',') &&
                !mg_lex__is_punct(p, &p->tok, ')')) {
                rc = mg_lex__expected(p, "',' or ')' after column definition");
                goto done;
            }
        } else {
            rc = mg_lex__expected(p, "a column definition or table constraint");
            goto done;
        }
        if (mg_lex__is_punct(p, &p->tok, ')'))
            break;
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if ((rc = mg_lex__advance(p)) < 0)
        goto done;
    /* table options: everything up to the end of the statement; CREATE
     * there is a forgotten ';' rather than an option */
    opt_start = p->tok.at.off;
    while (p->tok.kind != T_EOF &&
           !(depth == 0 && mg_lex__is_punct(p, &p->tok, ';'))) {
        if (mg_lex__is_kw(p, &p->tok, "CREATE")) {
            rc = mg_lex__expected(p, "';' after CREATE TABLE");
            goto done;
        }
        if (mg_lex__is_punct(p, &p->tok, '(')) {
            depth++;
        } else if (mg_lex__is_punct(p, &p->tok, ')')) {
            if (depth == 0) {
                rc = mg_lex__expected(p, "';' after CREATE TABLE");
                goto done;
            }
            depth--;
        }
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if (p->tok.kind == T_EOF && depth > 0) {
        rc = mg_lex__expected(p, "')'");
        goto done;
    }
    if (p->tok.at.off > opt_start &&
        (rc = mg_lex__slice(p, opt_start, p->prev_end, &cx.t->options)) < 0)
        goto done;
    rc = finish_table(p, &cx, &name_at);
done:
    table_ctx_release(&cx);
    mg_metadata_free(scratch);
    free(name);
    return rc;
}

/* ---- statements ---- */

/* Move past a statement the model does not hold (MG_MODEL_LENIENT), up
 * to its ';' (left current); a trigger's BEGIN ... END body (and CASE ...
 * END inside it) may hold ';'. */
static int
skip_statement(parser *p)
{
    size_t depth = 0;
    int trigger = 0, rc;

    while (p->tok.kind != T_EOF) {
        if (depth == 0 && mg_lex__is_punct(p, &p->tok, ';'))
            return 0;
        if (mg_lex__is_kw(p, &p->tok, "TRIGGER"))
            trigger = 1;
        else if (trigger && (mg_lex__is_kw(p, &p->tok, "BEGIN") ||
                             mg_lex__is_kw(p, &p->tok, "CASE")))
            depth++;
        else if (trigger && depth > 0 && mg_lex__is_kw(p, &p->tok, "END"))
            depth--;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    return 0;
}

/* A schema object just parsed (rc its result; n the objects before it):
 * kept, or under MG_MODEL_LENIENT (tables only) read through, its body
 * included, and left out. */
static int
lenient_object(parser *p, int rc, size_t n)
{
    if (rc < 0 || !(p->flags & MG_MODEL_LENIENT))
        return rc;
    while (mg_metadata_object_count(p->md) > n)
        mg_metadata_remove_object(p->md, n);
    return 0;
}

static int
parse_statement(parser *p)
{
    token first = p->tok;
    const token *next;
    size_t n = mg_metadata_object_count(p->md);
    int rc = 0;

    p->stmt = first;
    if (mg_lex__is_kw(p, &p->tok, "CREATE")) {
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (mg_lex__is_kw(p, &p->tok, "TABLE"))
            return parse_create_table(p);
        if (mg_lex__is_kw(p, &p->tok, "INDEX"))
            return mg_model_index__parse_create(p, 0);
        if (mg_lex__is_kw(p, &p->tok, "FULLTEXT") ||
            mg_lex__is_kw(p, &p->tok, "SPATIAL")) {
            if ((rc = mg_lex__peek(p, &next)) < 0)
                return rc;
            if (mg_lex__is_kw(p, next, "INDEX"))
                return mg_model_index__parse_special(p);
        }
        if (mg_lex__is_kw(p, &p->tok, "UNIQUE")) {
            if ((rc = mg_lex__peek(p, &next)) < 0)
                return rc;
            if (mg_lex__is_kw(p, next, "INDEX")) {
                if ((rc = mg_lex__advance(p)) < 0)
                    return rc;
                return mg_model_index__parse_create(p, 1);
            }
        }
        if (mg_model_object__starts(p, &rc))
            return lenient_object(p, mg_model_object__parse_create(p,
                                                                   &first),
                                  n);
        if (rc < 0)
            return rc;
    } else if (mg_lex__is_kw2(p, "COMMENT", "ON", &rc)) {
        return lenient_object(p, mg_model_object__parse_comment(p, &first),
                              n);
    } else if (rc < 0) {
        return rc;
    }
    if (p->flags & MG_MODEL_LENIENT)
        return skip_statement(p);
    return mg_lex__fail_at(p, &first,
                           "only CREATE TABLE, CREATE INDEX, schema objects "
                           "(CREATE VIEW, CREATE TRIGGER...) and comments "
                           "are allowed in a model file");
}

static int
parse_all(parser *p)
{
    lexpos start = { 0, 1, 1 };
    int rc;

    if (p->len >= 3 && memcmp(p->s, "\xef\xbb\xbf", 3) == 0)
        start.off = 3;      /* UTF-8 byte order mark */
    if ((rc = mg_lex__lex(p, start, &p->tok)) < 0)
        return rc;
    for (;;) {
        while (mg_lex__is_punct(p, &p->tok, ';') || mg_lex__at_delimiter(p))
            if ((rc = mg_lex__at_delimiter(p) ? mg_lex__delimiter_line(p)
                                              : mg_lex__advance(p)) < 0)
                return rc;
        if (p->tok.kind == T_EOF)
            return 0;
        if ((rc = parse_statement(p)) < 0)
            return rc;
        if (p->tok.kind != T_EOF && !mg_lex__is_punct(p, &p->tok, ';'))
            return mg_lex__expected(p, "';'");
    }
}

int
mg_model_parse(mg_metadata *md, const char *path, const char *text,
               size_t len, unsigned int flags, mg_error *err)
{
    return mg_model_parse_for(md, path, text, len, flags, NULL, err);
}

int
mg_model_parse_for(mg_metadata *md, const char *path, const char *text,
                   size_t len, unsigned int flags, const mg_dialect *d,
                   mg_error *err)
{
    parser p;
    int rc;

    memset(&p, 0, sizeof(p));
    p.md = md;
    p.path = path ? path : "<model>";
    p.s = text ? text : "";
    p.len = text ? len : 0;
    p.flags = flags;
    p.dialect = d;
    p.err = err;
    p.what = "statement";
    rc = parse_all(&p);
    release_types(&p);
    if (rc == 0)
        rc = mg_model__renames(md, p.path, p.s, p.len, err);
    return rc;
}
