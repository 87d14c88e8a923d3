/* model_index.c - CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX of the model
 * file language (and the index elements an inline index of CREATE TABLE
 * shares with it): the
 * table it is on, its columns or expressions with DESC and NULLS
 * FIRST|LAST, USING method and WHERE predicate, read into the table's
 * mg_index (one on a materialized view is a schema object:
 * model_object.c). The statement dispatch is in model_parse.c. */
#include "model_index_int.h"
#include "model_object_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One index element: a column or an expression, with [COLLATE x]
 * (dropped), [ASC] (dropped), [DESC] and [NULLS FIRST|LAST] (kept). */
int
mg_model_index__parse_item(parser *p, const mg_table *t, mg_strlist *out)
{
    token first = p->tok;
    mg_buf text = MG_BUF_INIT;
    size_t depth = 0, ntok = 0, start = p->tok.at.off;
    char *name = NULL;
    int rc;

    for (;;) {
        if (p->tok.kind == T_EOF)
            return mg_lex__expected(p, "')'");
        if (depth == 0 && (mg_lex__is_punct(p, &p->tok, ',') ||
                           mg_lex__is_punct(p, &p->tok, ')') ||
                           mg_lex__is_kw(p, &p->tok, "ASC") ||
                           mg_lex__is_kw(p, &p->tok, "DESC") ||
                           mg_lex__is_kw(p, &p->tok, "COLLATE") ||
                           mg_lex__is_kw(p, &p->tok, "NULLS")))
            break;
        if (mg_lex__is_punct(p, &p->tok, '('))
            depth++;
        else if (mg_lex__is_punct(p, &p->tok, ')'))
            depth--;
        ntok++;
        if ((rc = mg_lex__advance(p)) < 0)
            return rc;
    }
    if (ntok == 0)
        return mg_lex__expected(p, "an index column or expression");
    if (ntok == 1 && mg_lex__is_ident(&first)) {
        if ((rc = mg_lex__ident_text(p, &first, &name)) < 0)
            return rc;
        if (!mg_table_column(t, name)) {
            rc = mg_lex__fail_at(p, &first,
                                 "unknown column '%s' of table '%s' in "
                                 "CREATE INDEX",
                                 name, t->name);
            free(name);
            return rc;
        }
        mg_buf_puts(&text, name);
        free(name);
    } else {
        mg_buf_add(&text, p->s + start, p->prev_end - start);
    }
    if ((rc = mg_lex__skip_collate(p)) < 0)
        goto done;
    if (mg_lex__is_kw(p, &p->tok, "ASC") || mg_lex__is_kw(p, &p->tok, "DESC")) {
        if (mg_lex__is_kw(p, &p->tok, "DESC"))
            mg_buf_puts(&text, " DESC");
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if (mg_lex__is_kw(p, &p->tok, "NULLS")) {
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
        if (!mg_lex__is_kw(p, &p->tok, "FIRST") &&
            !mg_lex__is_kw(p, &p->tok, "LAST")) {
            rc = mg_lex__expected(p, "FIRST or LAST after NULLS");
            goto done;
        }
        mg_buf_addf(&text, " NULLS %s",
                    mg_lex__is_kw(p, &p->tok, "FIRST") ? "FIRST" : "LAST");
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if (text.oom || mg_strlist_add(out, mg_buf_cstr(&text)) < 0)
        rc = mg_lex__oom(p);
done:
    mg_buf_release(&text);
    return rc;
}

/* CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table [USING method]
 * ( item, ... ) [WHERE expr]; the current token is INDEX. */
int
mg_model_index__parse_create(parser *p, int unique)
{
    mg_strlist items = MG_STRLIST_INIT;
    char *name = NULL, *tname = NULL, *method = NULL, *where = NULL;
    const mg_table *t;
    mg_index *ix;
    token name_at, table_at;
    const token *next;
    int rc, if_not_exists = 0;

    p->what = "CREATE INDEX";
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
    /* PostgreSQL's CREATE INDEX ON t (...) leaves the name to us */
    if (!mg_lex__is_kw(p, &p->tok, "ON") ||
        ((rc = mg_lex__peek(p, &next)) == 0 && mg_lex__is_kw(p, next, "ON"))) {
        if (rc < 0 ||
            (rc = mg_lex__take_name(p, "an index name", &name, &name_at)) < 0)
            goto done;
    } else if (rc < 0) {
        goto done;
    }
    if ((rc = mg_lex__expect_kw(p, "ON", "ON after the index name")) < 0 ||
        (rc = mg_lex__take_name(p, "a table name after ON", &tname,
                                &table_at)) < 0)
        goto done;
    if (!(t = mg_metadata_table(p->md, tname))) {
        if (mg_model_object__on_matview(p, tname))
            rc = mg_model_object__parse_index(p, name, tname, &table_at);
        else
            rc = mg_lex__fail_at(p, &table_at, "unknown table '%s' in "
                                 "CREATE INDEX", tname);
        goto done;
    }
    if (mg_lex__is_kw(p, &p->tok, "USING")) {
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
        if (!mg_lex__is_ident(&p->tok)) {
            rc = mg_lex__expected(p, "an index method after USING");
            goto done;
        }
        if ((rc = mg_lex__ident_text(p, &p->tok, &method)) < 0 ||
            (rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if (p->index_kind && !method && !(method = strdup(p->index_kind))) {
        rc = mg_lex__oom(p);
        goto done;
    }
    if (!mg_lex__is_punct(p, &p->tok, '(')) {
        rc = mg_lex__expected(p, "'(' before the index columns");
        goto done;
    }
    if ((rc = mg_lex__advance(p)) < 0)
        goto done;
    for (;;) {
        if ((rc = mg_model_index__parse_item(p, t, &items)) < 0)
            goto done;
        if (mg_lex__is_punct(p, &p->tok, ')'))
            break;
        if (!mg_lex__is_punct(p, &p->tok, ',')) {
            rc = mg_lex__expected(p, "',' or ')' after index column");
            goto done;
        }
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
    }
    if ((rc = mg_lex__advance(p)) < 0)
        goto done;
    if (mg_lex__is_kw(p, &p->tok, "WHERE")) {
        size_t depth = 0, start;
        if ((rc = mg_lex__advance(p)) < 0)
            goto done;
        start = p->tok.at.off;
        if ((rc = mg_lex__skip_to(p, ';', ')', &depth)) < 0)
            goto done;
        if (p->tok.at.off == start) {
            rc = mg_lex__expected(p, "an expression after WHERE");
            goto done;
        }
        if (depth > 0) {
            rc = mg_lex__expected(p, "')'");
            goto done;
        }
        if ((rc = mg_lex__slice(p, start, p->prev_end, &where)) < 0)
            goto done;
    }
    if (p->tok.kind != T_EOF && !mg_lex__is_punct(p, &p->tok, ';')) {
        rc = mg_lex__expected(p, "';' after CREATE INDEX");
        goto done;
    }
    if (name && mg_table_index(t, name)) {
        if (!if_not_exists)
            rc = mg_lex__fail_at(p, &name_at, "index '%s' defined twice", name);
        goto done;
    }
    /* the table is md's own, built by us: adding to it is allowed */
    if (!(ix = mg_table_add_index((mg_table *)t, name, unique)) ||
        mg_index_set_where(ix, where) < 0 ||
        mg_index_set_method(ix, method) < 0) {
        rc = mg_lex__oom(p);
        goto done;
    }
    ix->expressions = items;
    memset(&items, 0, sizeof(items));
done:
    mg_strlist_release(&items);
    free(name);
    free(tname);
    free(method);
    free(where);
    return rc;
}

/* CREATE FULLTEXT INDEX / CREATE SPATIAL INDEX (MySQL's): an index whose
 * method is that kind; the current token is FULLTEXT or SPATIAL, and INDEX
 * follows. */
int
mg_model_index__parse_special(parser *p)
{
    int rc;

    p->index_kind =
        mg_lex__is_kw(p, &p->tok, "FULLTEXT") ? "FULLTEXT" : "SPATIAL";
    if ((rc = mg_lex__advance(p)) == 0)
        rc = mg_model_index__parse_create(p, 0);
    p->index_kind = NULL;
    return rc;
}
