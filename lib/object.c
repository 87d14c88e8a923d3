/* object.c - the words for the schema objects beyond tables
 * (mg_object.h) and the key they are compared by when the dialect has
 * no server form of their definition: the statement's text normalised
 * (normalize.c's rule, which drops comments and white space and
 * lowercases words), less the words that only say how to create it. */
#include "mg_object.h"
#include "mg_compare.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *name;    /* in messages and --json */
    const char *sql;     /* after CREATE / DROP */
    const char *plural;  /* in manage = */
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
        if (strcasecmp(word, kinds[i].name) == 0 ||
            strcasecmp(word, kinds[i].plural) == 0)
            return i;
    if (strcasecmp(word, "enum") == 0 || strcasecmp(word, "enums") == 0)
        return MG_OBJ_ENUM;
    if (strcasecmp(word, "matview") == 0 ||
        strcasecmp(word, "matviews") == 0)
        return MG_OBJ_MATVIEW;
    return -1;
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
    mg_buf_puts(b, mg_buf_cstr(&n));
    mg_buf_release(&n);
}
