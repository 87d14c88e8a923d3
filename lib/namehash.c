/* namehash.c - the one case-insensitive name hash of the library and the
 * name set built on it (namehash_int.h): the model parser's column and
 * constraint names, the naming convention's used names and the schema's
 * table index all hash names here. */
#include "namehash_int.h"
#include "mg_common.h"

#include <stdlib.h>
#include <strings.h>

size_t
mg_namehash__hash(const char *s)
{
    size_t h = 2166136261u;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 16777619u;
    }
    return h;
}

mg_name_entry *
mg_nameset__find(const mg_nameset *ns, const char *key)
{
    size_t h;

    if (!ns->nslots)
        return NULL;
    h = mg_namehash__hash(key) & (ns->nslots - 1);
    while (ns->slots[h].key) {
        if (strcasecmp(ns->slots[h].key, key) == 0)
            return &ns->slots[h];
        h = (h + 1) & (ns->nslots - 1);
    }
    return NULL;
}

void *
mg_nameset__get(const mg_nameset *ns, const char *key)
{
    mg_name_entry *e = mg_nameset__find(ns, key);

    return e ? e->item : NULL;
}

/* Put e in the first free slot of its probe run. */
static void
put(mg_name_entry *slots, size_t nslots, mg_name_entry e)
{
    size_t h = mg_namehash__hash(e.key) & (nslots - 1);

    while (slots[h].key)
        h = (h + 1) & (nslots - 1);
    slots[h] = e;
}

int
mg_nameset__add(mg_nameset *ns, const char *key, void *item, size_t value)
{
    mg_name_entry e;

    if ((ns->n + 1) * 2 > ns->nslots) {
        size_t n = ns->nslots ? ns->nslots * 2 : 16, i;
        mg_name_entry *v = calloc(n, sizeof(*v));
        if (!v)
            return MG_ENOMEM;
        for (i = 0; i < ns->nslots; i++)
            if (ns->slots[i].key)
                put(v, n, ns->slots[i]);
        free(ns->slots);
        ns->slots = v;
        ns->nslots = n;
    }
    e.key = key;
    e.item = item;
    e.value = value;
    put(ns->slots, ns->nslots, e);
    ns->n++;
    return 0;
}

void
mg_nameset__release(mg_nameset *ns)
{
    free(ns->slots);
    ns->slots = NULL;
    ns->nslots = ns->n = 0;
}
