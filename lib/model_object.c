/* model_object.c - the schema objects of the model file language
 * (DESIGN.md section 2): CREATE [OR REPLACE] VIEW, MATERIALIZED VIEW,
 * SEQUENCE, TYPE ... AS ENUM, DOMAIN, TRIGGER, FUNCTION, PROCEDURE,
 * SCHEMA and COMMENT ON, read into mg_objects of the metadata.
 *
 * Only what identifies an object is parsed (its kind, schema, name, the
 * table of a trigger, the argument list of a routine, the labels of an
 * enum); the rest is kept as written: the definition is the source text
 * from CREATE (or COMMENT) to the last token before the terminator. The
 * terminator is the ';' (or the DELIMITER a MariaDB dump set) outside
 * parentheses and outside BEGIN ... END blocks (CASE ... END inside them
 * too; END IF, END LOOP, END WHILE and END REPEAT close blocks that were
 * not counted); dollar-quoted and quoted bodies are single tokens of the
 * lexer. MariaDB's ALGORITHM=, DEFINER= and SQL SECURITY clauses before
 * the kind word are passed over. A kind the model's dialect lacks is
 * refused at the CREATE, naming the dialect. A CREATE INDEX on a
 * materialized view of the model (model_index.c hands it over) is an
 * object too, its name required (the server would choose one), its
 * table the view. */
#include "model_object_int.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The kind words after CREATE [OR REPLACE] and the clauses skipped. */
static const struct {
    const char    *w1;
    const char    *w2;      /* second word, or NULL */
    mg_object_kind kind;
} kind_words[] = {
    { "VIEW", NULL, MG_OBJ_VIEW },
    { "RECURSIVE", "VIEW", MG_OBJ_VIEW },
    { "MATERIALIZED", "VIEW", MG_OBJ_MATVIEW },
    { "SEQUENCE", NULL, MG_OBJ_SEQUENCE },
    { "TYPE", NULL, MG_OBJ_ENUM },
    { "DOMAIN", NULL, MG_OBJ_DOMAIN },
    { "TRIGGER", NULL, MG_OBJ_TRIGGER },
    { "CONSTRAINT", "TRIGGER", MG_OBJ_TRIGGER },
    { "FUNCTION", NULL, MG_OBJ_FUNCTION },
    { "AGGREGATE", "FUNCTION", MG_OBJ_FUNCTION },
    { "PROCEDURE", NULL, MG_OBJ_PROCEDURE },
    { "SCHEMA", NULL, MG_OBJ_SCHEMA },
};

/* 1 (with *kind and *nwords) when the current token starts a kind word
 * of kind_words. */
static int
kind_at(parser *p, mg_object_kind *kind, int *nwords, int *rc)
{
    const token *next;
    size_t i;

    *rc = 0;
    for (i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++) {
        if (!mg_lex__is_kw(p, &p->tok, kind_words[i].w1))
            continue;
        if (kind_words[i].w2) {
            if ((*rc = mg_lex__peek(p, &next)) < 0)
                return 0;
            if (!mg_lex__is_kw(p, next, kind_words[i].w2))
                continue;
        }
        *kind = kind_words[i].kind;
        *nwords = kind_words[i].w2 ? 2 : 1;
        return 1;
    }
    return 0;
}

/* Move over MariaDB's ALGORITHM = x, DEFINER = user[@host] and SQL
 * SECURITY x, and OR REPLACE, between CREATE and the kind word. */
static int
skip_prefix(parser *p)
{
    int rc;

    for (;;) {
        if (mg_lex__is_kw(p, &p->tok, "OR") ||
            mg_lex__is_kw(p, &p->tok, "SQL")) {
            /* OR REPLACE; SQL SECURITY DEFINER|INVOKER */
            int sql = mg_lex__is_kw(p, &p->tok, "SQL");
            if ((rc = mg_lex__advance(p)) < 0 ||
                (rc = mg_lex__advance(p)) < 0 ||
                (sql && (rc = mg_lex__advance(p)) < 0))
                return rc;
        } else if (mg_lex__is_kw(p, &p->tok, "ALGORITHM") ||
                   mg_lex__is_kw(p, &p->tok, "DEFINER")) {
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
            if (mg_lex__is_punct(p, &p->tok, '=') &&
                (rc = mg_lex__advance(p)) < 0)
                return rc;
            if ((rc = mg_lex__advance(p)) < 0)  /* the value */
                return rc;
            while (mg_lex__is_punct(p, &p->tok, '@') ||
                   mg_lex__is_punct(p, &p->tok, '(') ||
                   mg_lex__is_punct(p, &p->tok, ')')) {
                int at = mg_lex__is_punct(p, &p->tok, '@');
                if ((rc = mg_lex__advance(p)) < 0)
                    return rc;
                if (at && (rc = mg_lex__advance(p)) < 0)
                    return rc;
            }
        } else {
            return 0;
        }
    }
}

/* 1 when the current token starts an object statement after CREATE
 * (OR REPLACE, a MariaDB clause, or a kind word). */
int
mg_model_object__starts(parser *p, int *rc)
{
    mg_object_kind kind;
    int n;

    *rc = 0;
    if (mg_lex__is_kw(p, &p->tok, "OR") ||
        mg_lex__is_kw(p, &p->tok, "ALGORITHM") ||
        mg_lex__is_kw(p, &p->tok, "DEFINER"))
        return 1;
    if (mg_lex__is_kw2(p, "SQL", "SECURITY", rc))
        return 1;
    return *rc == 0 && kind_at(p, &kind, &n, rc);
}

/* [IF NOT EXISTS] */
static int
skip_if_not_exists(parser *p)
{
    int rc;

    if (!mg_lex__is_kw2(p, "IF", "NOT", &rc))
        return rc;
    if ((rc = mg_lex__advance(p)) < 0 || (rc = mg_lex__advance(p)) < 0)
        return rc;
    return mg_lex__expect_kw(p, "EXISTS", "EXISTS after IF NOT");
}

/* [schema .] name into *schema (NULL when not written) and *name. */
static int
take_qualified(parser *p, const char *what, char **schema, char **name)
{
    token at;
    int rc;

    *schema = NULL;
    if (!mg_lex__is_ident(&p->tok))
        return mg_lex__expected(p, what);
    at = p->tok;
    if ((rc = mg_lex__ident_text(p, &at, name)) < 0 ||
        (rc = mg_lex__advance(p)) < 0)
        goto fail;
    if (mg_lex__is_punct(p, &p->tok, '.')) {
        *schema = *name;
        *name = NULL;
        if ((rc = mg_lex__advance(p)) < 0)
            goto fail;
        if (!mg_lex__is_ident(&p->tok)) {
            rc = mg_lex__expected(p, what);
            goto fail;
        }
        if ((rc = mg_lex__ident_text(p, &p->tok, name)) < 0 ||
            (rc = mg_lex__advance(p)) < 0)
            goto fail;
    }
    return 0;
fail:
    free(*schema);
    free(*name);
    *schema = *name = NULL;
    return rc;
}

/* Move to the statement's terminator (left current) or the end,
 * counting parentheses and BEGIN/CASE ... END blocks. */
static int
skip_body(parser *p)
{
    size_t depth = 0, blocks = 0;
    const token *next;
    int rc;

    while (p->tok.kind != T_EOF) {
        if (depth == 0 && blocks == 0 && mg_lex__is_punct(p, &p->tok, ';'))
            return 0;
        if (mg_lex__is_punct(p, &p->tok, '('))
            depth++;
        else if (mg_lex__is_punct(p, &p->tok, ')') && depth > 0)
            depth--;
        else if (mg_lex__is_kw(p, &p->tok, "BEGIN") ||
                 mg_lex__is_kw(p, &p->tok, "CASE"))
            blocks++;
        else if (mg_lex__is_kw(p, &p->tok, "END") && blocks > 0) {
            if ((rc = mg_lex__peek(p, &next)) < 0)
                return rc;
            if (!(mg_lex__is_kw(p, next, "IF") ||
                  mg_lex__is_kw(p, next, "LOOP") ||
                  mg_lex__is_kw(p, next, "WHILE") ||
                  mg_lex__is_kw(p, next, "REPEAT")))
                blocks--;
        }
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    return 0;
}

/* The list of string literals ( 'a', 'b' ) of an enum into out. */
static int
enum_values(parser *p, mg_strlist *out)
{
    int rc;

    if (!mg_lex__is_punct(p, &p->tok, '('))
        return mg_lex__expected(p, "'(' after AS ENUM");
    if ((rc = mg_lex__advance(p)) < 0)
        return rc;
    while (!mg_lex__is_punct(p, &p->tok, ')')) {
        mg_buf v = MG_BUF_INIT;
        size_t i, a = p->tok.at.off + 1, b = p->tok.end - 1;

        if (p->tok.kind != T_STRING || p->s[p->tok.at.off] != '\'')
            return mg_lex__expected(p, "a string label in AS ENUM");
        for (i = a; i < b; i++) {
            mg_buf_putc(&v, p->s[i]);
            if (p->s[i] == '\'')
                i++;    /* '' is one quote */
        }
        rc = v.oom || mg_strlist_add(out, mg_buf_cstr(&v)) < 0;
        mg_buf_release(&v);
        if (rc)
            return mg_lex__oom(p);
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (mg_lex__is_punct(p, &p->tok, ',') &&
            (rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    return mg_lex__advance(p);
}

/* One object statement read so far: what identifies it. */
typedef struct objtext {
    mg_object_kind kind;
    char          *schema;
    char          *name;
    char          *table;
    char          *signature;
    mg_strlist     values;
} objtext;

static void
objtext_release(objtext *o)
{
    free(o->schema);
    free(o->name);
    free(o->table);
    free(o->signature);
    mg_strlist_release(&o->values);
}

/* The words of a kind after the name: a trigger's table (the first ON
 * outside parentheses), a routine's argument list, an enum's labels;
 * ends at the terminator. */
static int
parse_tail(parser *p, objtext *o)
{
    char *schema = NULL;
    int rc;

    if ((o->kind == MG_OBJ_FUNCTION || o->kind == MG_OBJ_PROCEDURE) &&
        mg_lex__is_punct(p, &p->tok, '(')) {
        size_t a, b;
        if ((rc = mg_lex__skip_group(p, NULL, &a, &b)) < 0)
            return rc;
        if (b > a && (rc = mg_lex__slice(p, a, b, &o->signature)) < 0)
            return rc;
    }
    if (o->kind == MG_OBJ_ENUM) {
        if ((rc = mg_lex__expect_kw(p, "AS", "AS ENUM after the type "
                                    "name")) < 0)
            return rc;
        if (!mg_lex__is_kw(p, &p->tok, "ENUM"))
            return mg_lex__expected(p, "ENUM after AS (only enum types "
                                    "are declared in a model)");
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = enum_values(p, &o->values)) < 0)
            return rc;
    }
    if (o->kind == MG_OBJ_TRIGGER) {
        size_t depth = 0;
        while (p->tok.kind != T_EOF &&
               !(depth == 0 && mg_lex__is_kw(p, &p->tok, "ON"))) {
            if (mg_lex__is_punct(p, &p->tok, ';') && depth == 0)
                return mg_lex__expected(p, "ON table in CREATE TRIGGER");
            if (mg_lex__is_punct(p, &p->tok, '('))
                depth++;
            else if (mg_lex__is_punct(p, &p->tok, ')') && depth)
                depth--;
            if ((rc = mg_lex__advance(p)) < 0)
                return rc;
        }
        if ((rc = mg_lex__expect_kw(p, "ON", "ON table in CREATE "
                                    "TRIGGER")) < 0 ||
            (rc = take_qualified(p, "a table name after ON", &schema,
                                 &o->table)) < 0)
            return rc;
        free(schema);
    }
    return skip_body(p);
}

/* Add the object read to the metadata; a second one of the same kind
 * and identity is an error at first. */
static int
add_object(parser *p, objtext *o, const token *first, size_t from)
{
    mg_object *obj = NULL;
    mg_buf desc = MG_BUF_INIT;
    char *def;
    int rc;

    if ((rc = mg_lex__slice(p, from, p->prev_end, &def)) < 0)
        return rc;
    /* a routine is known by its argument list too (overloads) */
    rc = o->kind == MG_OBJ_FUNCTION || o->kind == MG_OBJ_PROCEDURE
         ? mg_metadata_add_routine(p->md, o->kind, o->schema, o->name,
                                   o->signature, def, &obj, NULL)
         : mg_metadata_add_object(p->md, o->kind, o->schema, o->name,
                                  o->table, def, &obj, NULL);
    free(def);
    if (rc == MG_EEXISTS) {
        mg_object tmp;
        memset(&tmp, 0, sizeof(tmp));
        tmp.kind = o->kind;
        tmp.schema = o->schema;
        tmp.name = o->name;
        tmp.table = o->table;
        tmp.signature = o->signature;
        mg_object_describe(&desc, &tmp);
        rc = mg_lex__fail_at(p, first, "%s defined twice",
                             mg_buf_cstr(&desc));
        mg_buf_release(&desc);
        return rc;
    }
    if (rc < 0)
        return mg_lex__oom(p);
    obj->line = first->at.line;
    for (size_t i = 0; i < o->values.n; i++)
        if (mg_strlist_add(&obj->values, o->values.v[i]) < 0)
            return mg_lex__oom(p);
    return 0;
}

/* Refuse kind when the model's dialect lacks it. */
static int
check_kind(parser *p, const token *first, const char *words)
{
    return mg_lex__fail_at(p, first, "%s is not available on %s", words,
                           p->dialect->name);
}

int
mg_model_object__parse_create(parser *p, const token *first)
{
    objtext o;
    int nwords, rc, i;
    char words[64];

    memset(&o, 0, sizeof(o));
    if ((rc = skip_prefix(p)) < 0)
        return rc;
    if (!kind_at(p, &o.kind, &nwords, &rc))
        return rc < 0 ? rc : mg_lex__expected(p, "VIEW, TRIGGER, FUNCTION, "
                                              "PROCEDURE or another object "
                                              "kind after CREATE");
    if (p->dialect &&
        !(p->dialect->catalog.object_kinds & MG_OBJ_BIT(o.kind))) {
        snprintf(words, sizeof(words), "CREATE %s",
                 o.kind == MG_OBJ_ENUM ? "TYPE ... AS ENUM"
                                       : mg_object_kind_sql(o.kind));
        return check_kind(p, first, words);
    }
    for (i = 0; i < nwords; i++)
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    if ((rc = skip_if_not_exists(p)) < 0 ||
        (rc = take_qualified(p, "a name", &o.schema, &o.name)) < 0 ||
        (rc = parse_tail(p, &o)) < 0 ||
        (rc = add_object(p, &o, first, first->at.off)) < 0)
        goto done;
done:
    objtext_release(&o);
    return rc;
}

int
mg_model_object__on_matview(parser *p, const char *on)
{
    size_t i;

    if (mg_lex__is_punct(p, &p->tok, '.'))
        return 1;
    for (i = 0; i < mg_metadata_object_count(p->md); i++) {
        const mg_object *o = mg_metadata_object_at(p->md, i);
        if (o->kind == MG_OBJ_MATVIEW && !o->schema &&
            strcasecmp(o->name, on) == 0)
            return 1;
    }
    return 0;
}

int
mg_model_object__parse_index(parser *p, const char *name, const char *on,
                             const token *on_at)
{
    objtext o;
    int rc;

    memset(&o, 0, sizeof(o));
    o.kind = MG_OBJ_INDEX;
    if (mg_lex__is_punct(p, &p->tok, '.')) {
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
        if (!mg_lex__is_ident(&p->tok))
            return mg_lex__expected(p, "a name after the schema");
        if ((rc = mg_lex__ident_text(p, &p->tok, &o.table)) < 0 ||
            (rc = mg_lex__advance(p)) < 0 ||
            !(o.schema = strdup(on))) {
            rc = rc < 0 ? rc : mg_lex__oom(p);
            goto done;
        }
    } else if (!(o.table = strdup(on))) {
        return mg_lex__oom(p);
    }
    if (!mg_metadata_object(p->md, MG_OBJ_MATVIEW, o.schema, o.table,
                            NULL))
        rc = mg_lex__fail_at(p, on_at, "unknown table '%s%s%s' in CREATE "
                             "INDEX", o.schema ? o.schema : "",
                             o.schema ? "." : "", o.table);
    else if (!name)
        rc = mg_lex__fail_at(p, &p->stmt, "an index on materialized view "
                             "'%s' needs a name", o.table);
    else if (!(o.name = strdup(name)))
        rc = mg_lex__oom(p);
    else if ((rc = skip_body(p)) == 0)
        rc = add_object(p, &o, &p->stmt, p->stmt.at.off);
done:
    objtext_release(&o);
    return rc;
}

/* COMMENT ON what name IS 'text': the kind words of what, uppercased,
 * then the name with its dots (a column's table goes to table). */
int
mg_model_object__parse_comment(parser *p, const token *first)
{
    mg_buf target = MG_BUF_INIT;
    objtext o;
    int rc, words = 0;

    memset(&o, 0, sizeof(o));
    o.kind = MG_OBJ_COMMENT;
    if (p->dialect &&
        !(p->dialect->catalog.object_kinds & MG_OBJ_BIT(MG_OBJ_COMMENT)))
        return check_kind(p, first, "COMMENT ON");
    if ((rc = mg_lex__advance(p)) < 0 ||
        (rc = mg_lex__expect_kw(p, "ON", "ON after COMMENT")) < 0)
        return rc;
    /* the kind words: every bare word before the name */
    for (;;) {
        const token *next;
        if (p->tok.kind != T_WORD)
            break;
        if ((rc = mg_lex__peek(p, &next)) < 0)
            return rc;
        if (!(next->kind == T_WORD || next->kind == T_QUOTED) ||
            mg_lex__is_kw(p, next, "IS"))
            break;
        if (words++)
            mg_buf_putc(&target, ' ');
        for (size_t k = p->tok.at.off; k < p->tok.end; k++) {
            char c = p->s[k];
            mg_buf_putc(&target, c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
        }
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    if (!words) {
        mg_buf_release(&target);
        return mg_lex__expected(p, "TABLE, COLUMN or another kind after "
                                   "COMMENT ON");
    }
    mg_buf_putc(&target, ' ');
    {
        mg_buf path = MG_BUF_INIT;
        char *part = NULL;
        size_t nparts = 0, last_dot = 0;
        while (mg_lex__is_ident(&p->tok)) {
            if ((rc = mg_lex__ident_text(p, &p->tok, &part)) < 0)
                goto fail;
            if (nparts++) {
                last_dot = path.len;
                mg_buf_putc(&path, '.');
            }
            mg_buf_puts(&path, part);
            free(part);
            if ((rc = mg_lex__advance(p)) < 0)
                goto fail;
            if (!mg_lex__is_punct(p, &p->tok, '.'))
                break;
            if ((rc = mg_lex__advance(p)) < 0)
                goto fail;
        }
        if (!nparts) {
            mg_buf_release(&path);
            rc = mg_lex__expected(p, "a name after COMMENT ON");
            goto fail;
        }
        if (strncmp(mg_buf_cstr(&target), "COLUMN ", 7) == 0 && nparts > 1)
            o.table = strndup(mg_buf_cstr(&path), last_dot);
        mg_buf_puts(&target, mg_buf_cstr(&path));
        mg_buf_release(&path);
    }
    if (mg_lex__is_punct(p, &p->tok, '(')) {   /* FUNCTION f(args) */
        size_t a, b;
        if ((rc = mg_lex__skip_group(p, NULL, &a, &b)) < 0)
            goto fail;
        mg_buf_putc(&target, '(');
        mg_buf_add(&target, p->s + a, b - a);
        mg_buf_putc(&target, ')');
    }
    if (mg_lex__is_kw(p, &p->tok, "ON")) {      /* TRIGGER t ON table */
        char *schema = NULL, *tab = NULL;
        if ((rc = mg_lex__advance(p)) < 0 ||
            (rc = take_qualified(p, "a table name after ON", &schema,
                                 &tab)) < 0)
            goto fail;
        mg_buf_puts(&target, " ON ");
        mg_buf_puts(&target, tab);
        free(schema);
        free(tab);
    }
    if ((rc = mg_lex__expect_kw(p, "IS", "IS after the name in COMMENT "
                                "ON")) < 0)
        goto fail;
    if (target.oom || !(o.name = mg_buf_detach(&target))) {
        rc = mg_lex__oom(p);
        goto fail;
    }
    if ((rc = skip_body(p)) < 0 ||
        (rc = add_object(p, &o, first, first->at.off)) < 0)
        goto fail;
fail:
    mg_buf_release(&target);
    objtext_release(&o);
    return rc;
}
