/* config.c - migrate.ini. The file is read whole and handed to inih through
 * a line reader of our own, so that a line too long for inih's fixed buffer
 * is reported instead of being silently cut in two, and so that a value's
 * continuation lines can be told from a repeated key. Every section and key
 * is kept (a config is a handful of entries, so a flat list will do), values
 * get Alembic's "%(here)s" expansion, and the [migrate] settings are
 * resolved against the file's directory once, at load time, so a bad
 * setting fails before any command starts work. An unknown key in
 * [migrate] is such a setting: a misspelt "scrip_location" would otherwise
 * fall back to the default in silence. */
#include "mg_config.h"
#include "config_int.h"
#include "suggest_int.h"
#include "mg_engine.h"
#include "mg_object.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#define SECTION             "migrate"
#define DEFAULT_SCRIPTS     "migrations"
#define DEFAULT_MODELS      "models.sql"
#define DEFAULT_TABLE       "migrate_version"
#define VERSION_TABLE_MAX   60          /* leaves room for the "_log" table */

typedef struct entry {
    char *section;              /* "" for keys before any section */
    char *name;
    char *value;                /* stripped by inih, %(here)s expanded */
    int   line;                 /* where the key was first given */
} entry;

/* The keys [migrate] may hold. "dialects" is DESIGN.md 4's list of the
 * dialects a history serves; "check_url.<dialect>" keys (any number) name
 * the server check replays that dialect's sections on. */
#define CHECK_URL "check_url."
static const char *const known_keys[] = {
    "script_location", "models", "url", "version_table",
    "transaction_per_revision", "dialects", "shadow_url", "roundtrip",
    "manage", "include_objects", "exclude_objects", "online", NULL
};

struct mg_config {
    char   *path;               /* as given */
    char   *dir;                /* directory of path, "." when none */
    entry  *entries;            /* in the order first seen */
    size_t  n;
    size_t  cap;
    char   *script_location;    /* resolved against dir */
    char   *versions_dir;       /* script_location/versions */
    char   *models;             /* resolved against dir */
    char   *version_table;
    int     transaction_per_revision; /* 0: one transaction per run */
    int     roundtrip;     /* check proves each revision reversible */
    int     online;        /* autogenerate writes online forms */
};

/* What the line reader and the inih handler share. */
typedef struct parse_state {
    mg_config  *cfg;
    const char *next;           /* first unread byte of the text */
    int         lineno;         /* lines handed to inih so far */
    int         long_line;      /* first line too long for inih, 0 none */
    int         max_line;       /* inih's buffer size, for the message */
    int         indented;       /* current line starts with white space */
    long        last;           /* entry the previous key line set, -1 none */
    int         oom;
} parse_state;

static char *
dup_str(const char *s)
{
    return strndup(s, strlen(s));
}

static int
oom(mg_error *err)
{
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

/* The directory part of path: "." when it has none, "/" for the root. */
static char *
dir_of(const char *path)
{
    size_t n = strlen(path);

    while (n > 1 && path[n - 1] == '/')
        n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    if (n == 0)
        return dup_str(".");
    while (n > 1 && path[n - 1] == '/')
        n--;
    return strndup(path, n);
}

/* dir + "/" + name, without doubling a trailing '/' of dir. */
static char *
path_join(const char *dir, const char *name)
{
    mg_buf b = MG_BUF_INIT;
    size_t dn = strlen(dir);

    mg_buf_puts(&b, dir);
    if (dn == 0 || dir[dn - 1] != '/')
        mg_buf_putc(&b, '/');
    mg_buf_puts(&b, name);
    if (b.oom) {
        mg_buf_release(&b);
        return NULL;
    }
    return mg_buf_detach(&b);
}

/* name resolved against dir: name itself when absolute or when dir is "."
 * or "" (so "migrations", never "./migrations"). */
static char *
join_dir(const char *dir, const char *name)
{
    if (name[0] == '/' || dir[0] == '\0' || strcmp(dir, ".") == 0)
        return dup_str(name);
    return path_join(dir, name);
}

static entry *
find_entry(const mg_config *cfg, const char *section, const char *name)
{
    size_t i;

    for (i = 0; i < cfg->n; i++)
        if (strcmp(cfg->entries[i].section, section) == 0 &&
            strcmp(cfg->entries[i].name, name) == 0)
            return &cfg->entries[i];
    return NULL;
}

/* Set section.name to value (a later key replaces an earlier one); returns
 * the entry's index or -1 when out of memory. */
static long
set_entry(mg_config *cfg, const char *section, const char *name,
          const char *value, int line)
{
    entry *e = find_entry(cfg, section, name);
    char *v = dup_str(value);

    if (!v)
        return -1;
    if (!e) {
        if (cfg->n == cfg->cap) {
            size_t cap = cfg->cap ? cfg->cap * 2 : 8;
            entry *grown = realloc(cfg->entries, cap * sizeof(*grown));

            if (!grown) {
                free(v);
                return -1;
            }
            cfg->entries = grown;
            cfg->cap = cap;
        }
        e = &cfg->entries[cfg->n];
        e->section = dup_str(section);
        e->name = dup_str(name);
        e->value = NULL;
        e->line = line;
        if (!e->section || !e->name) {
            free(e->section);
            free(e->name);
            free(v);
            return -1;
        }
        cfg->n++;
    }
    free(e->value);
    e->value = v;
    return (long)(e - cfg->entries);
}

/* inih's reader: hand over one line, or as much of it as fits in num - 1
 * bytes, dropping the rest and remembering the first such line. */
static char *
read_line(char *str, int num, void *stream)
{
    parse_state *st = stream;
    const char *p = st->next;
    const char *nl;
    size_t n, room = num > 1 ? (size_t)num - 1 : 0;

    if (!*p || room == 0)
        return NULL;
    nl = strchr(p, '\n');
    n = nl ? (size_t)(nl - p) + 1 : strlen(p);
    st->lineno++;
    st->next = p + n;
    if (n > room) {
        if (!st->long_line) {
            st->long_line = st->lineno;
            st->max_line = num;
        }
        n = room;
    }
    memcpy(str, p, n);
    str[n] = '\0';
    /* Mirror inih: an indented line after a key continues that key's value;
     * a section line forgets the previous key. */
    st->indented = isspace((unsigned char)p[0]) && p[0] != '\n';
    if (p[0] == '[')
        st->last = -1;
    return str;
}

static int
handle_pair(void *user, const char *section, const char *name,
            const char *value)
{
    parse_state *st = user;
    mg_config *cfg = st->cfg;

    if (st->indented && st->last >= 0) {
        entry *e = &cfg->entries[st->last];
        mg_buf b = MG_BUF_INIT;

        if (e->value[0]) {
            mg_buf_puts(&b, e->value);
            mg_buf_putc(&b, '\n');
        }
        mg_buf_puts(&b, value);
        if (b.oom) {
            mg_buf_release(&b);
            st->oom = 1;
            return 0;
        }
        free(e->value);
        e->value = mg_buf_detach(&b);
        return 1;
    }
    st->last = set_entry(cfg, section, name, value, st->lineno);
    if (st->last < 0) {
        st->oom = 1;
        return 0;
    }
    if (!name[0])
        st->last = -1;
    return 1;
}

/* The absolute directory of the config file, for %(here)s. */
static int
absolute_dir(char **out, const char *dir, mg_error *err)
{
    size_t size = 256;
    char *cwd = NULL;
    mg_buf b = MG_BUF_INIT;

    *out = NULL;
    if (dir[0] == '/') {
        *out = dup_str(dir);
        return *out ? 0 : oom(err);
    }
    for (;;) {
        char *grown = realloc(cwd, size);

        if (!grown) {
            free(cwd);
            return oom(err);
        }
        cwd = grown;
        if (getcwd(cwd, size))
            break;
        if (errno != ERANGE) {
            int e = errno;

            free(cwd);
            return mg_error_set(err, MG_EIO, "cannot expand %%(here)s: "
                                "cannot get the current directory: %s",
                                strerror(e));
        }
        size *= 2;
    }
    mg_buf_puts(&b, cwd);
    free(cwd);
    if (strcmp(dir, ".") != 0) {
        if (b.len == 0 || b.ptr[b.len - 1] != '/')
            mg_buf_putc(&b, '/');
        mg_buf_puts(&b, dir);
    }
    if (b.oom) {
        mg_buf_release(&b);
        return oom(err);
    }
    *out = mg_buf_detach(&b);
    return 0;
}

/* Expand "%(here)s" to the config's absolute directory and "%%" to "%" in
 * every value, as Alembic's configparser does; any other '%' is kept, so
 * percent-encoded URLs need no doubling. */
static int
expand_values(mg_config *cfg, mg_error *err)
{
    char *here = NULL;
    size_t i;
    int rc = 0;

    for (i = 0; i < cfg->n; i++) {
        const char *v = cfg->entries[i].value;
        mg_buf b = MG_BUF_INIT;

        if (!strchr(v, '%'))
            continue;
        while (*v) {
            if (strncmp(v, "%(here)s", 8) == 0) {
                if (!here && (rc = absolute_dir(&here, cfg->dir, err)) < 0)
                    break;
                mg_buf_puts(&b, here);
                v += 8;
            } else if (v[0] == '%' && v[1] == '%') {
                mg_buf_putc(&b, '%');
                v += 2;
            } else {
                mg_buf_putc(&b, *v++);
            }
        }
        if (rc < 0 || b.oom) {
            mg_buf_release(&b);
            if (rc == 0)
                rc = oom(err);
            break;
        }
        free(cfg->entries[i].value);
        cfg->entries[i].value = mg_buf_detach(&b);
    }
    free(here);
    return rc;
}

static int
identifier_valid(const char *s)
{
    size_t i;

    if (!isalpha((unsigned char)s[0]) && s[0] != '_')
        return 0;
    for (i = 1; s[i]; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return 0;
    return i <= VERSION_TABLE_MAX;
}

/* The [migrate] value of key, or def when absent or empty. */
static const char *
setting(const mg_config *cfg, const char *key, const char *def)
{
    const char *v = mg_config_get(cfg, key);

    return v && v[0] ? v : def;
}

/* An error for the first key of [migrate] that is not a setting, naming
 * the key meant; 0 when every key is known. */
static int
check_keys(const mg_config *cfg, mg_error *err)
{
    mg_buf hint = MG_BUF_INIT;
    size_t i, k;
    int rc;

    for (i = 0; i < cfg->n; i++) {
        const entry *e = &cfg->entries[i];

        if (strcmp(e->section, SECTION) != 0)
            continue;
        for (k = 0; known_keys[k] && strcmp(known_keys[k], e->name); k++)
            ;
        if (known_keys[k] ||
            strncmp(e->name, CHECK_URL, strlen(CHECK_URL)) == 0)
            continue;
        mg_suggest__hint(&hint, e->name, known_keys);
        rc = hint.oom ? oom(err) :
             mg_error_set_at(err, MG_EPARSE, cfg->path, e->line, 0,
                             "unknown key '%s' in [" SECTION "] (%s)",
                             e->name, mg_buf_cstr(&hint));
        mg_buf_release(&hint);
        return rc;
    }
    return 0;
}

/* A true/false setting (true, yes, on, 1 / false, no, off, 0, any case)
 * into *out; def when it is not set. */
static int
bool_setting(const mg_config *cfg, const char *key, int def, int *out,
             mg_error *err)
{
    const char *v = setting(cfg, key, def ? "true" : "false");

    if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
        strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0)
        *out = 1;
    else if (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
             strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
        *out = 0;
    else
        return mg_error_set(err, MG_EPARSE, "%s: invalid %s '%s' (expected "
                            "true or false)", cfg->path, key, v);
    return 0;
}

static int
resolve_settings(mg_config *cfg, mg_error *err)
{
    const char *table = setting(cfg, "version_table", DEFAULT_TABLE);
    int rc;

    if (!identifier_valid(table))
        return mg_error_set(err, MG_EPARSE, "%s: invalid version_table '%s'",
                            cfg->path, table);
    if ((rc = bool_setting(cfg, "transaction_per_revision", 1,
                           &cfg->transaction_per_revision, err)) < 0 ||
        (rc = bool_setting(cfg, "roundtrip", 0, &cfg->roundtrip, err)) < 0 ||
        (rc = bool_setting(cfg, "online", 0, &cfg->online, err)) < 0)
        return rc;
    if (setting(cfg, "manage", NULL)) {
        unsigned int kinds;
        mg_error e;
        if (mg_object_kinds_parse(setting(cfg, "manage", NULL), &kinds,
                                  &e) < 0)
            return mg_error_set(err, MG_EPARSE, "%s: %s", cfg->path, e.msg);
    }
    cfg->version_table = dup_str(table);
    cfg->script_location = join_dir(cfg->dir,
                                    setting(cfg, "script_location",
                                            DEFAULT_SCRIPTS));
    cfg->models = join_dir(cfg->dir,
                           setting(cfg, "models", DEFAULT_MODELS));
    if (!cfg->version_table || !cfg->script_location || !cfg->models)
        return oom(err);
    cfg->versions_dir = path_join(cfg->script_location, "versions");
    return cfg->versions_dir ? 0 : oom(err);
}

int
mg_config__parse_string(mg_config **out, const char *path, const char *text,
                        mg_error *err)
{
    mg_config *cfg;
    parse_state st;
    int rc, bad;

    *out = NULL;
    cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return oom(err);
    cfg->path = dup_str(path);
    cfg->dir = dir_of(path);
    if (!cfg->path || !cfg->dir) {
        rc = oom(err);
        goto fail;
    }
    memset(&st, 0, sizeof(st));
    st.cfg = cfg;
    st.next = text;
    st.last = -1;
    rc = ini_parse_stream(read_line, &st, handle_pair, &st);
    if (st.oom || rc == -2) {
        rc = oom(err);
        goto fail;
    }
    bad = rc > 0 ? rc : 0;
    if (st.long_line && (bad == 0 || st.long_line <= bad)) {
        rc = mg_error_set_at(err, MG_EPARSE, path, st.long_line, 0,
                             "line too long (at most %d characters)",
                             st.max_line - 3);
        goto fail;
    }
    if (bad) {
        rc = mg_error_set_at(err, MG_EPARSE, path, bad, 0, "malformed line");
        goto fail;
    }
    if (rc < 0) {
        rc = mg_error_set(err, MG_ERROR, "%s: cannot parse", path);
        goto fail;
    }
    if ((rc = check_keys(cfg, err)) < 0 ||
        (rc = expand_values(cfg, err)) < 0 ||
        (rc = resolve_settings(cfg, err)) < 0)
        goto fail;
    *out = cfg;
    return 0;
fail:
    mg_config_free(cfg);
    return rc;
}

int
mg_config_load(mg_config **out, const char *path, mg_error *err)
{
    FILE *f;
    mg_buf b = MG_BUF_INIT;
    char chunk[4096];
    size_t n;
    const char *nul;
    int rc;

    *out = NULL;
    f = fopen(path, "rb");
    if (!f) {
        int e = errno;

        return mg_error_set(err, e == ENOENT || e == ENOTDIR ?
                            MG_ENOTFOUND : MG_EIO,
                            "cannot open config file '%s': %s", path,
                            strerror(e));
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_buf_add(&b, chunk, n);
    if (ferror(f)) {
        int e = errno;

        fclose(f);
        mg_buf_release(&b);
        return mg_error_set(err, MG_EIO, "cannot read config file '%s': %s",
                            path, strerror(e));
    }
    fclose(f);
    if (b.oom) {
        mg_buf_release(&b);
        return oom(err);
    }
    nul = b.ptr ? memchr(b.ptr, '\0', b.len) : NULL;
    if (nul) {
        int line = 1;
        const char *p;

        for (p = b.ptr; p < nul; p++)
            if (*p == '\n')
                line++;
        mg_buf_release(&b);
        return mg_error_set_at(err, MG_EPARSE, path, line, 0,
                               "malformed line");
    }
    rc = mg_config__parse_string(out, path, mg_buf_cstr(&b), err);
    mg_buf_release(&b);
    return rc;
}

int
mg_config_new_defaults(mg_config **out, const char *dir, mg_error *err)
{
    char *path;
    int rc;

    *out = NULL;
    path = join_dir(dir && dir[0] ? dir : ".", "migrate.ini");
    if (!path)
        return oom(err);
    rc = mg_config__parse_string(out, path, "[" SECTION "]\n", err);
    free(path);
    return rc;
}

void
mg_config_free(mg_config *cfg)
{
    size_t i;

    if (!cfg)
        return;
    for (i = 0; i < cfg->n; i++) {
        free(cfg->entries[i].section);
        free(cfg->entries[i].name);
        free(cfg->entries[i].value);
    }
    free(cfg->entries);
    free(cfg->path);
    free(cfg->dir);
    free(cfg->script_location);
    free(cfg->versions_dir);
    free(cfg->models);
    free(cfg->version_table);
    free(cfg);
}

const char *
mg_config_get_in(const mg_config *cfg, const char *section, const char *key)
{
    const entry *e;

    if (!cfg || !section || !key)
        return NULL;
    e = find_entry(cfg, section, key);
    return e ? e->value : NULL;
}

int
mg_config_line(const mg_config *cfg, const char *key)
{
    const entry *e = cfg && key ? find_entry(cfg, SECTION, key) : NULL;

    return e ? e->line : 0;
}

const char *
mg_config_get(const mg_config *cfg, const char *key)
{
    return mg_config_get_in(cfg, SECTION, key);
}

const char *
mg_config_path(const mg_config *cfg)
{
    return cfg->path;
}

const char *
mg_config_dir(const mg_config *cfg)
{
    return cfg->dir;
}

const char *
mg_config_script_location(const mg_config *cfg)
{
    return cfg->script_location;
}

const char *
mg_config_versions_dir(const mg_config *cfg)
{
    return cfg->versions_dir;
}

const char *
mg_config_models(const mg_config *cfg)
{
    return cfg->models;
}

int
mg_config_transaction_per_revision(const mg_config *cfg)
{
    return cfg->transaction_per_revision;
}

int
mg_config_roundtrip(const mg_config *cfg)
{
    return cfg->roundtrip;
}

int
mg_config_online(const mg_config *cfg)
{
    return cfg->online;
}

const char *
mg_config_version_table(const mg_config *cfg)
{
    return cfg->version_table;
}

/* The environment's strings are returned as they are: valid until the
 * variable changes. cfg may be NULL (no config file). */
const char *
mg_config_url(const mg_config *cfg, const char *override)
{
    const char *v;

    if (override)
        return override;
    v = getenv("MIGRATE_URL");
    if (v && v[0])
        return v;
    v = getenv("DATABASE_URL");
    if (v && v[0])
        return v;
    v = mg_config_get(cfg, "url");
    return v && v[0] ? v : NULL;
}

int
mg_config_dialects(const mg_config *cfg, mg_strlist *out, mg_error *err)
{
    const char *v = cfg ? mg_config_get(cfg, "dialects") : NULL;
    const char *p = v;

    while (p && *p) {
        const mg_dialect *d;
        char name[64];
        size_t n;
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        for (n = 0; p[n] && p[n] != ',' && !isspace((unsigned char)p[n]);
             n++)
            ;
        snprintf(name, sizeof(name), "%.*s", (int)n, p);
        p += n;
        if (!(d = mg_dialect_find(name)))
            return mg_error_set_at(err, MG_EPARSE, cfg->path,
                                   mg_config_line(cfg, "dialects"), 0,
                                   "unknown dialect '%s' in dialects (not "
                                   "a dialect this build has)", name);
        if (!mg_strlist_contains(out, mg_dialect_name(d)) &&
            mg_strlist_add(out, mg_dialect_name(d)) < 0)
            return oom(err);
    }
    return 0;
}

/* The environment's string is returned as it is (valid until the
 * variable changes). */
const char *
mg_config_check_url(const mg_config *cfg, const char *dialect)
{
    mg_buf key = MG_BUF_INIT;
    const char *v;
    size_t i;

    mg_buf_puts(&key, "MIGRATE_CHECK_URL_");
    for (i = 0; dialect[i]; i++)
        mg_buf_putc(&key, (char)toupper((unsigned char)dialect[i]));
    v = getenv(mg_buf_cstr(&key));
    mg_buf_clear(&key);
    if (!v || !v[0]) {
        mg_buf_addf(&key, CHECK_URL "%s", dialect);
        v = cfg ? mg_config_get(cfg, mg_buf_cstr(&key)) : NULL;
    }
    mg_buf_release(&key);
    return v && v[0] ? v : NULL;
}
