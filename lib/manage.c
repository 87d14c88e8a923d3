/* manage.c - which schema objects a project manages (issue 20 item 5):
 * the `manage = tables, views, triggers, ...` setting (default: every
 * kind the dialect has) and the include_objects / exclude_objects name
 * patterns (Alembic's include_object), applied to a schema before it is
 * compared. What a reflected schema holds and the project leaves alone
 * is named as not managed instead of being compared, so check never asks
 * to drop it. */
#include "mg_object.h"
#include "mg_dialect.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The next item of a list separated by commas or white space into b;
 * 0 at the end. */
static int
next_item(const char **s, mg_buf *b)
{
    const char *p = *s;

    mg_buf_clear(b);
    while (*p && (*p == ',' || isspace((unsigned char)*p)))
        p++;
    if (!*p) {
        *s = p;
        return 0;
    }
    while (*p && *p != ',' && !isspace((unsigned char)*p))
        mg_buf_putc(b, *p++);
    *s = p;
    return 1;
}

int
mg_object_kinds_parse(const char *manage, unsigned int *out, mg_error *err)
{
    mg_buf w = MG_BUF_INIT;
    const char *p = manage;
    int k, rc = 0;

    *out = 0;
    while (rc == 0 && p && next_item(&p, &w)) {
        const char *word = mg_buf_cstr(&w);
        if (strcasecmp(word, "tables") == 0 || strcasecmp(word, "table") == 0)
            continue;
        if ((k = mg_object_kind_parse(word)) < 0)
            rc = mg_error_set(err, MG_EPARSE, "invalid manage item '%s' "
                              "(expected tables, schemas, types, domains, "
                              "sequences, functions, procedures, views, "
                              "materialized views, triggers or comments)",
                              word);
        else
            *out |= MG_OBJ_BIT(k);
        if (k == MG_OBJ_MATVIEW)
            *out |= MG_OBJ_BIT(MG_OBJ_INDEX);
        /* "materialized views": the second word is the plural's */
        if (k == MG_OBJ_MATVIEW && strcasecmp(word, "materialized") == 0 &&
            p && next_item(&p, &w) && strcasecmp(mg_buf_cstr(&w), "views"))
            rc = mg_error_set(err, MG_EPARSE, "invalid manage item "
                              "'materialized %s'", mg_buf_cstr(&w));
    }
    mg_buf_release(&w);
    return rc;
}

/* 1 when name matches one of the patterns of list (globs, compared
 * without regard to case). */
static void
lower(mg_buf *b)
{
    size_t i;

    for (i = 0; i < b->len; i++)
        b->ptr[i] = (char)tolower((unsigned char)b->ptr[i]);
}

static int
matches(const char *list, const char *name)
{
    mg_buf w = MG_BUF_INIT, n = MG_BUF_INIT;
    const char *p = list;
    int hit = 0;

    mg_buf_puts(&n, name);
    lower(&n);
    while (!hit && next_item(&p, &w)) {
        lower(&w);
        hit = fnmatch(mg_buf_cstr(&w), mg_buf_cstr(&n), 0) == 0;
    }
    mg_buf_release(&w);
    mg_buf_release(&n);
    return hit;
}

/* 1 when o is managed. */
static int
managed(const mg_object *o, unsigned int kinds, const char *include,
        const char *exclude)
{
    if (!(kinds & MG_OBJ_BIT(o->kind)))
        return 0;
    if (include && *include && !matches(include, o->name))
        return 0;
    return !(exclude && *exclude && matches(exclude, o->name));
}

int
mg_metadata_manage(mg_metadata *md, const mg_dialect *d,
                   const char *manage, const char *include,
                   const char *exclude, int name_unmanaged, mg_error *err)
{
    unsigned int kinds = d && d->catalog.object_kinds ?
                         d->catalog.object_kinds : ~0u;
    size_t i;
    int rc;

    if (manage && *manage) {
        unsigned int want;
        if ((rc = mg_object_kinds_parse(manage, &want, err)) < 0)
            return rc;
        kinds &= want;
    }
    for (i = 0; i < mg_metadata_object_count(md);) {
        const mg_object *o = mg_metadata_object_at(md, i);
        if (managed(o, kinds, include, exclude)) {
            i++;
            continue;
        }
        if (name_unmanaged &&
            mg_metadata_add_unmanaged(md, mg_object_kind_name(o->kind),
                                      o->name, o->kind == MG_OBJ_TRIGGER ?
                                      o->table : NULL) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        mg_metadata_remove_object(md, i);
    }
    return 0;
}
