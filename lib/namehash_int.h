/* namehash_int.h - the case-insensitive name hash the library's name
 * tables share (lib/namehash.c): one hash of a name with ASCII letters
 * folded to lower case, and a set from names to items on top of it, with
 * open addressing in a power-of-two table kept at most half full, so
 * lookups stay constant-time on wide tables and large schemas. Names
 * compare as strcasecmp does. Internal to the library. */
#ifndef MG_NAMEHASH_INT_H
#define MG_NAMEHASH_INT_H

#include <stddef.h>

/* One name of a set; key is borrowed (from the item, typically) and must
 * outlive the set. */
typedef struct mg_name_entry {
    const char *key;        /* NULL when the slot is free */
    void       *item;
    size_t      value;      /* the caller's number for the name */
} mg_name_entry;

typedef struct mg_nameset {
    mg_name_entry *slots;
    size_t         nslots;  /* 0 or a power of two */
    size_t         n;
} mg_nameset;

#define MG_NAMESET_INIT { NULL, 0, 0 }

/* FNV-1a of s with ASCII A-Z taken as a-z: names equal under strcasecmp
 * (in the C locale) hash alike. */
size_t mg_namehash__hash(const char *s);

/* The entry for key (compared case-insensitively), or NULL. The pointer
 * is valid until the next mg_nameset__add. */
mg_name_entry *mg_nameset__find(const mg_nameset *ns, const char *key);
/* The item of key, or NULL. */
void *mg_nameset__get(const mg_nameset *ns, const char *key);
/* Add key (not already present) with item and value. Errors: MG_ENOMEM
 * (the set is unchanged). */
int mg_nameset__add(mg_nameset *ns, const char *key, void *item,
                    size_t value);
/* Free the table (not the keys or items); the set is empty again. */
void mg_nameset__release(mg_nameset *ns);

#endif
