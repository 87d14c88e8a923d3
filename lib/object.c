/* object.c - the words for the schema objects beyond tables
 * (mg_object.h) and the key they are compared by when the dialect has
 * no server form of their definition: the statement's text normalised
 * (normalize.c's rule, which drops comments and white space and
 * lowercases words), less the words that only say how to create it. */
#include "mg_object.h"
#include "mg_compare.h"
#include "compare_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;    /* in messages and --json */
    const char *sql;     /* after CREATE / DROP */
    const char *plural;  /* in manage = (NULL: no word of its own) */
} kinds[MG_OBJ_NKINDS] = {
    [MG_OBJ_SCHEMA]    = { "schema", "SCHEMA", "schemas" },
    [MG_OBJ_ENUM]      = { "type", "TYPE", "types" },
    [MG_OBJ_DOMAIN]    = { "domain", "DOMAIN", "domains" },
    [MG_OBJ_SEQUENCE]  = { "sequence", "SEQUENCE", "sequences" },
    [MG_OBJ_FUNCTION]  = { "function", "FUNCTION", "functions" },
    [MG_OBJ_PROCEDURE] = { "procedure", "PROCEDURE", "procedures" },
    [MG_OBJ_VIEW]      = { "view", "VIEW", "views" },
    [MG_OBJ_MATVIEW]   = { "materialized view", "MATERIALIZED VIEW",
                           "materialized views" },
    [MG_OBJ_TRIGGER]   = { "trigger", "TRIGGER", "triggers" },
    [MG_OBJ_COMMENT]   = { "comment", "COMMENT", "comments" },
    [MG_OBJ_INDEX]     = { "index", "INDEX", NULL },
};

const char *
mg_object_kind_name(mg_object_kind kind)
{
    return (unsigned int)kind < MG_OBJ_NKINDS ? kinds[kind].name : "object";
}

const char *
mg_object_kind_sql(mg_object_kind kind)
{
    return (unsigned int)kind < MG_OBJ_NKINDS ? kinds[kind].sql : "";
}

int
mg_object_kind_parse(const char *word)
{
    int i;

    for (i = 0; i < MG_OBJ_NKINDS; i++)
        if (kinds[i].plural &&
            (strcasecmp(word, kinds[i].name) == 0 ||
             strcasecmp(word, kinds[i].plural) == 0))
            return i;
    if (strcasecmp(word, "enum") == 0 || strcasecmp(word, "enums") == 0)
        return MG_OBJ_ENUM;
    if (strcasecmp(word, "matview") == 0 ||
        strcasecmp(word, "matviews") == 0)
        return MG_OBJ_MATVIEW;
    return -1;
}

int
mg_object_same_signature(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    for (;;) {
        while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
            a++;
        while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

void
mg_object_describe(mg_buf *b, const mg_object *o)
{
    mg_buf_puts(b, mg_object_kind_name(o->kind));
    mg_buf_puts(b, o->kind == MG_OBJ_COMMENT ? " on " : " ");
    if (o->schema) {
        mg_buf_add_printable(b, o->schema);
        mg_buf_putc(b, '.');
    }
    mg_buf_add_printable(b, o->name);
    if (o->signature) {
        mg_buf_putc(b, '(');
        mg_buf_add_printable(b, o->signature);
        mg_buf_putc(b, ')');
    }
    if (o->table && o->kind == MG_OBJ_TRIGGER) {
        mg_buf_puts(b, " on table ");
        mg_buf_add_printable(b, o->table);
    }
    if (o->table && o->kind == MG_OBJ_INDEX) {
        mg_buf_puts(b, " on materialized view ");
        mg_buf_add_printable(b, o->table);
    }
}

/* Remove the first occurrence of the word sequence phrase (normalised,
 * lowercase, single-spaced) when it follows "create ". */
static void
drop_after_create(mg_buf *b, const char *phrase)
{
    const char *s = mg_buf_cstr(b);
    size_t n = strlen(phrase);

    if (b->ptr && strncmp(s, "create ", 7) == 0 &&
        strncmp(s + 7, phrase, n) == 0 && s[7 + n] == ' ') {
        memmove(b->ptr + 7, b->ptr + 7 + n + 1, b->len - (7 + n + 1) + 1);
        b->len -= n + 1;
    }
}

/* Remove " if not exists" when it follows the kind words (within the
 * statement's first words: SQLite stores the statement without it). */
static void
drop_if_not_exists(mg_buf *b)
{
    const char *s = mg_buf_cstr(b), *at;
    size_t n = strlen(" if not exists");

    if (!b->ptr || strncmp(s, "create ", 7) != 0 ||
        !(at = strstr(s, " if not exists ")) || at - s > 40)
        return;
    memmove(b->ptr + (at - s), at + n, b->len - (size_t)(at - s) - n + 1);
    b->len -= n;
}

void
mg_object_key(mg_buf *b, const mg_object *o)
{
    mg_buf n = MG_BUF_INIT;

    if (o->key) {
        mg_buf_puts(b, o->key);
        return;
    }
    mg_normalize_expr(&n, o->definition ? o->definition : "");
    drop_after_create(&n, "or replace");
    drop_if_not_exists(&n);
    mg_buf_puts(b, mg_buf_cstr(&n));
    mg_buf_release(&n);
}

int
mg_object__same_table_trigger(const mg_object *a, const mg_object *b)
{
    return a->kind == MG_OBJ_TRIGGER && b->kind == MG_OBJ_TRIGGER &&
           a->table && b->table && strcasecmp(a->table, b->table) == 0;
}

/* 1 for a byte of a bare word (letters, digits, _, $, UTF-8). */
static int
word_char(unsigned char c)
{
    return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The next identifier of text at *pos (bare word, "x", `x` or [x],
 * unquoted) into w; strings and comments are passed over. 0 at the end. */
static int
next_word(const char *s, size_t *pos, mg_buf *w)
{
    size_t i = *pos;

    mg_buf_clear(w);
    while (s[i]) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\'') {
            for (i++; s[i] && !(s[i] == '\'' && s[i + 1] != '\''); i++)
                if (s[i] == '\'')
                    i++;
            if (s[i])
                i++;
        } else if (ch == '-' && s[i + 1] == '-') {
            while (s[i] && s[i] != '\n')
                i++;
        } else if (ch == '/' && s[i + 1] == '*') {
            const char *e = strstr(s + i + 2, "*/");
            i = e ? (size_t)(e - s) + 2 : strlen(s);
        } else if (ch == '"' || ch == '`' || ch == '[') {
            char close = ch == '[' ? ']' : (char)ch;
            for (i++; s[i] && s[i] != close; i++)
                mg_buf_putc(w, s[i]);
            if (s[i])
                i++;
            *pos = i;
            return 1;
        } else if (word_char(ch) && !(ch >= '0' && ch <= '9')) {
            while (s[i] && word_char((unsigned char)s[i]))
                mg_buf_putc(w, s[i++]);
            *pos = i;
            return 1;
        } else {
            i++;
        }
    }
    *pos = i;
    return 0;
}

/* The object of md a dependency may name: a view, materialized view or
 * function called name, other than self; for a trigger, also another
 * trigger of its table (MariaDB's FOLLOWS/PRECEDES other: made first). */
static const mg_object *
readable_object(const mg_metadata *md, const char *name, const mg_object *self)
{
    size_t i;

    for (i = 0; i < mg_metadata_object_count(md); i++) {
        const mg_object *o = mg_metadata_object_at(md, i);
        if (o != self && (o->kind == MG_OBJ_VIEW ||
                          o->kind == MG_OBJ_MATVIEW ||
                          o->kind == MG_OBJ_FUNCTION ||
                          mg_object__same_table_trigger(o, self)) &&
            strcasecmp(o->name, name) == 0)
            return o;
    }
    return NULL;
}

static int
listed(const mg_strlist *l, const char *name)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strcasecmp(l->v[i], name) == 0)
            return 1;
    return 0;
}

int
mg_metadata_resolve_depends(mg_metadata *md, mg_error *err)
{
    mg_buf w = MG_BUF_INIT;
    size_t i, pos;
    int rc = 0;

    for (i = 0; rc == 0 && i < mg_metadata_object_count(md); i++) {
        mg_object *o = mg_metadata_object_at_mut(md, i);
        const char *text = o->kind == MG_OBJ_COMMENT ? o->name
                                                     : o->definition;

        if (o->depends.n || !text)
            continue;
        pos = 0;
        while (rc == 0 && next_word(text, &pos, &w)) {
            const char *n = mg_buf_cstr(&w);
            const mg_table *t = mg_metadata_table(md, n);
            const mg_object *r = t ? NULL : readable_object(md, n, o);
            const char *name = t ? t->name : r ? r->name : NULL;
            if (!name || strcasecmp(name, o->name) == 0 ||
                listed(&o->depends, name))
                continue;
            if (mg_strlist_add(&o->depends, name) < 0)
                rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        }
    }
    mg_buf_release(&w);
    return rc;
}
