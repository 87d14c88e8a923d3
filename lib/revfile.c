/* revfile.c - parsing revision files. A revision file is plain SQL with a
 * header of "-- key: value" comments and two section markers, so a user can
 * read and edit it with any SQL tool; this file turns it into a record and
 * rejects anything ambiguous with file:line.
 *
 * Which comments are header lines: a line "-- key: value" before
 * "-- +upgrade", key being lowercase letters and '_' right before the ':'.
 * The header is the first run of such lines (normally from line 1); every
 * key in it must be known, so a misspelled key is an error naming the key
 * meant. Outside that run a known key is still read (a header split by a
 * blank line keeps working) and anything else, "-- note: ..." included, is
 * an ordinary comment, as is every comment after "-- +upgrade".
 *
 * Sections (DESIGN.md 4): "-- +upgrade" and "-- +downgrade" are generic,
 * run on every dialect; "-- +upgrade NAME" / "-- +downgrade NAME" hold one
 * dialect's SQL and replace the generic section there. "-- dialect:" lists
 * the dialects the file serves; each of them must have SQL in every
 * direction the file has a section for (its own section, possibly empty,
 * or a generic one), checked here so a missing one is an error at the
 * "-- dialect:" line. A generic section that holds no SQL does not count
 * when the direction has dialect sections: then it is the template's empty
 * placeholder, not a statement that the revision does nothing. */
#include "mg_revfile.h"
#include "fsutil_int.h"
#include "suggest_int.h"
#include "mg_engine.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* One "-- +upgrade [NAME]" or "-- +downgrade [NAME]" section. */
typedef struct section {
    char *dialect;              /* canonical dialect name; NULL generic */
    int   upgrade;              /* 1 upgrade, 0 downgrade */
    char *sql;                  /* the text up to the next marker */
    int   line;                 /* file line of the first byte of sql */
    int   marker;               /* file line of the marker */
} section;

struct mg_revfile {
    char       *path;
    char       *revision;
    char       *message;
    char       *created;
    char       *dialect;        /* the header's value as written */
    mg_strlist  dialects;       /* ... as a list of canonical names */
    int         dialect_line;   /* line of "-- dialect:", 0 when none */
    section    *sec;
    size_t      nsec;
    mg_strlist  down;
    mg_strlist  depends;
    mg_strlist  labels;
    mg_strlist  replaces;   /* a squash: the ids it stands for */
    int         transactional;
    char        checksum[65];
};

int
mg_revision_id_valid(const char *s)
{
    size_t n = 0;

    for (; s[n]; n++)
        if (!isalnum((unsigned char)s[n]) && s[n] != '_')
            return 0;
    return n >= 1 && n <= 32;
}

static int
label_valid(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == '@' || *s == ':' ||
            *s == ',' || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

/* Split "a, b c" on commas and white space into l; each item must pass
 * valid(). */
static int
parse_list(mg_strlist *l, const char *value, int (*valid)(const char *),
           const char *path, int line, const char *key, mg_error *err)
{
    const char *p = value;

    while (*p) {
        const char *start;
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        start = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p))
            p++;
        if (mg_strlist_addn(l, start, (size_t)(p - start)) < 0)
            return mg_error_set(err, MG_ENOMEM, "out of memory");
        if (!valid(l->v[l->n - 1]))
            return mg_error_set_at(err, MG_EPARSE, path, line, 0,
                                   "invalid %s '%s'", key, l->v[l->n - 1]);
        for (size_t i = 0; i + 1 < l->n; i++)
            if (strcmp(l->v[i], l->v[l->n - 1]) == 0)
                return mg_error_set_at(err, MG_EPARSE, path, line, 0,
                                       "'%s' listed twice in %s", l->v[i],
                                       key);
    }
    return 0;
}

/* A dialect name in "-- dialect:" or a section marker: [A-Za-z0-9_]. */
static int
dialect_name_valid(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return 0;
    return 1;
}

/* The canonical name of a dialect name as written: the registry's for a
 * name or alias it knows (so "mysql" is "mariadb"), else the name
 * lowercased. Returns a malloc'd string, NULL when out of memory. */
static char *
canonical_dialect(const char *name)
{
    const mg_dialect *d = mg_dialect_find(name);
    char *s = strdup(d ? mg_dialect_name(d) : name);

    for (char *q = s; q && *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return s;
}

/* Replace each name of l by its canonical form. */
static int
canonical_list(mg_strlist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        char *c = canonical_dialect(l->v[i]);
        if (!c)
            return MG_ENOMEM;
        free(l->v[i]);
        l->v[i] = c;
    }
    return 0;
}

/* The header keys, in the order set_key's switch numbers them. */
static const char *const header_keys[] = {
    "revision", "down_revision", "message", "created", "dialect",
    "branch_labels", "depends_on", "transaction", "replaces", NULL
};

/* key's position in header_keys, -1 when it is none. */
static int
key_index(const char *key)
{
    int k;

    for (k = 0; header_keys[k]; k++)
        if (strcmp(header_keys[k], key) == 0)
            return k;
    return -1;
}

/* The error for an unknown key in the header: its name and the key meant
 * ("did you mean 'down_revision'?"), or the keys there are. */
static int
unknown_key(const char *path, int line, const char *key, mg_error *err)
{
    mg_buf hint = MG_BUF_INIT;
    int rc;

    mg_suggest__hint(&hint, key, header_keys);
    rc = hint.oom ? mg_error_set(err, MG_ENOMEM, "out of memory") :
         mg_error_set_at(err, MG_EPARSE, path, line, 0, "unknown header key "
                         "'%s' (%s)", key, mg_buf_cstr(&hint));
    mg_buf_release(&hint);
    return rc;
}

/* Apply "-- key: value" at line. An unknown key is an error inside the
 * header run (in_header), else an ordinary comment (returns 1). */
static int
set_key(mg_revfile *rf, const char *key, const char *value, int line,
        int in_header, unsigned *seen, mg_error *err)
{
    const char *path = rf->path;
    unsigned bit;
    int k = key_index(key);

    if (k < 0)
        return in_header ? unknown_key(path, line, key, err) : 1;
    bit = 1u << k;
    if (*seen & bit)
        return mg_error_set_at(err, MG_EPARSE, path, line, 0,
                               "header key '%s' given twice", key);
    *seen |= bit;
    switch (k) {
    case 0:
        if (!mg_revision_id_valid(value))
            return mg_error_set_at(err, MG_EPARSE, path, line, 0,
                                   "invalid revision id '%s' (expected 1-32 "
                                   "characters of A-Z, a-z, 0-9, _)", value);
        rf->revision = strdup(value);
        break;
    case 1:
        return parse_list(&rf->down, value, mg_revision_id_valid, path, line,
                          "down_revision", err);
    case 2:
        free(rf->message);
        rf->message = strdup(value);
        break;
    case 3:
        free(rf->created);
        rf->created = strdup(value);
        break;
    case 4:
        free(rf->dialect);
        rf->dialect = strdup(value);
        rf->dialect_line = line;
        return parse_list(&rf->dialects, value, dialect_name_valid, path,
                          line, "dialect", err);
    case 5:
        return parse_list(&rf->labels, value, label_valid, path, line,
                          "branch label", err);
    case 6:
        return parse_list(&rf->depends, value, label_valid, path, line,
                          "depends_on", err);
    case 8:
        return parse_list(&rf->replaces, value, mg_revision_id_valid, path,
                          line, "replaces", err);
    case 7:
        if (!strcasecmp(value, "off") || !strcasecmp(value, "false") ||
            !strcasecmp(value, "no"))
            rf->transactional = 0;
        else if (!strcasecmp(value, "on") || !strcasecmp(value, "true") ||
                 !strcasecmp(value, "yes"))
            rf->transactional = 1;
        else
            return mg_error_set_at(err, MG_EPARSE, path, line, 0,
                                   "invalid transaction '%s' (expected on or "
                                   "off)", value);
        break;
    }
    return 0;
}

/* A section marker is a line that, trimmed, is "-- +word" or "-- +word
 * name". Returns 1 with the word and the name ("" for none) in word and
 * name (at most size-1 bytes each), 0 when the line is not a marker. */
static int
section_marker(const char *line, size_t n, char *word, char *name,
               size_t size)
{
    size_t i = 0, w = 0, k = 0;

    while (i < n && isspace((unsigned char)line[i]))
        i++;
    if (i + 3 > n || line[i] != '-' || line[i + 1] != '-')
        return 0;
    i += 2;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i >= n || line[i] != '+')
        return 0;
    i++;
    while (i < n && (isalnum((unsigned char)line[i]) || line[i] == '_')) {
        if (w + 1 < size)
            word[w++] = line[i];
        i++;
    }
    word[w] = '\0';
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (i < n && (isalnum((unsigned char)line[i]) || line[i] == '_')) {
        if (k + 1 < size)
            name[k++] = line[i];
        i++;
    }
    name[k] = '\0';
    while (i < n && isspace((unsigned char)line[i]))
        i++;
    return i == n && w > 0;
}

/* Parse "-- key: value" into key/value; returns 0 when it is not one. A
 * header line has white space or the line's end after the ':', so that
 * "-- https://..." stays a comment; only a known key may do without
 * ("-- revision:abc", as earlier versions read it). */
static int
header_line(const char *line, size_t n, char *key, size_t ksize,
            mg_buf *value)
{
    size_t i = 0, k = 0, end;

    while (i < n && isspace((unsigned char)line[i]))
        i++;
    if (i + 2 > n || line[i] != '-' || line[i + 1] != '-')
        return 0;
    i += 2;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (i < n && (islower((unsigned char)line[i]) || line[i] == '_')) {
        if (k + 1 < ksize)
            key[k++] = line[i];
        i++;
    }
    key[k] = '\0';
    if (!k || i >= n || line[i] != ':')
        return 0;
    i++;
    if (i < n && !isspace((unsigned char)line[i]) && key_index(key) < 0)
        return 0;
    while (i < n && isspace((unsigned char)line[i]))
        i++;
    end = n;
    while (end > i && isspace((unsigned char)line[end - 1]))
        end--;
    mg_buf_clear(value);
    mg_buf_add(value, line + i, end - i);
    return 1;
}

static int
blank_or_comment(const char *line, size_t n)
{
    size_t i = 0;

    while (i < n && isspace((unsigned char)line[i]))
        i++;
    return i == n || (i + 1 < n && line[i] == '-' && line[i + 1] == '-') ||
           line[i] == '#';
}

/* The section of rf for (upgrade, dialect), dialect NULL for the generic
 * one; NULL when the file has none. */
static const section *
find_section(const mg_revfile *rf, int upgrade, const char *dialect)
{
    size_t i;

    for (i = 0; i < rf->nsec; i++) {
        const section *s = &rf->sec[i];
        if (s->upgrade == upgrade &&
            (dialect ? s->dialect && strcasecmp(s->dialect, dialect) == 0
                     : !s->dialect))
            return s;
    }
    return NULL;
}

/* 1 when rf has a section of the direction for some dialect. */
static int
has_dialect_section(const mg_revfile *rf, int upgrade)
{
    size_t i;

    for (i = 0; i < rf->nsec; i++)
        if (rf->sec[i].upgrade == upgrade && rf->sec[i].dialect)
            return 1;
    return 0;
}

/* 1 when some line of sql is neither blank nor a comment. */
static int
holds_sql(const char *sql)
{
    const char *p = sql;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!blank_or_comment(p, n))
            return 1;
        p += n + (nl ? 1 : 0);
    }
    return 0;
}

/* The section dialect runs in a direction: its own, else the generic one
 * unless that is an empty placeholder beside dialect sections (see the
 * file's header). NULL when there is none. */
static const section *
section_for(const mg_revfile *rf, const char *dialect, int upgrade)
{
    const section *s = find_section(rf, upgrade, dialect);

    if (s)
        return s;
    s = find_section(rf, upgrade, NULL);
    if (s && has_dialect_section(rf, upgrade) && !holds_sql(s->sql))
        return NULL;
    return s;
}

/* 1 when the file has a section of the direction at all. */
static int
has_direction(const mg_revfile *rf, int upgrade)
{
    size_t i;

    for (i = 0; i < rf->nsec; i++)
        if (rf->sec[i].upgrade == upgrade)
            return 1;
    return 0;
}

/* The marker line of the first section of a direction, 1 when none. */
static int
first_marker(const mg_revfile *rf, int upgrade)
{
    size_t i;

    for (i = 0; i < rf->nsec; i++)
        if (rf->sec[i].upgrade == upgrade)
            return rf->sec[i].marker;
    return 1;
}

/* The error for a dialect without SQL in a direction, at line. */
static int
no_sql_error(const mg_revfile *rf, int line, const char *dialect,
             int upgrade, mg_error *err)
{
    const char *dir = upgrade ? "upgrade" : "downgrade";

    return mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                           "no %s SQL for %s: add a '-- +%s %s' section "
                           "(an empty one if the revision does nothing on "
                           "%s)", dir, dialect, dir, dialect, dialect);
}

/* Start a section at marker line `line` (its text begins at start; the
 * previous section, if any, ends at prev_end). Enforces the order of the
 * generic sections and that no section is given twice. */
static int
open_section(mg_revfile *rf, const char *word, const char *name, int line,
             const char *start, const char *prev_end, const char **starts,
             mg_error *err)
{
    int up = strcmp(word, "upgrade") == 0;
    const char *dir = up ? "upgrade" : "downgrade";
    char *dialect = NULL;
    section *v;

    if (*name && !(dialect = canonical_dialect(name)))
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    if (!up && !has_direction(rf, 1)) {
        free(dialect);
        return mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                               "'-- +downgrade%s%s' before '-- +upgrade'",
                               *name ? " " : "", name);
    }
    if (find_section(rf, up, dialect) ||
        (up && !dialect && find_section(rf, 0, NULL))) {
        free(dialect);
        if (!*name)
            return mg_error_set_at(err, MG_EPARSE, rf->path, line, 0, up ?
                                   "'-- +upgrade' given twice or after "
                                   "'-- +downgrade'" :
                                   "'-- +downgrade' given twice");
        return mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                               "'-- +%s %s' given twice", dir, name);
    }
    if (rf->nsec && !(rf->sec[rf->nsec - 1].sql =
                      strndup(starts[rf->nsec - 1],
                              (size_t)(prev_end - starts[rf->nsec - 1])))) {
        free(dialect);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    if (!(v = realloc(rf->sec, (rf->nsec + 1) * sizeof(*v)))) {
        free(dialect);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    rf->sec = v;
    memset(&v[rf->nsec], 0, sizeof(*v));
    v[rf->nsec].dialect = dialect;
    v[rf->nsec].upgrade = up;
    v[rf->nsec].line = line + 1;
    v[rf->nsec].marker = line;
    starts[rf->nsec] = start;
    rf->nsec++;
    return 0;
}

/* After parsing: every dialect section is for a dialect the header lists
 * (when it lists any), and every listed dialect has SQL in each direction
 * the file has a section for. */
static int
check_dialects(mg_revfile *rf, mg_error *err)
{
    size_t i;
    int up;

    if (canonical_list(&rf->dialects) < 0)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    for (i = 0; rf->dialects.n && i < rf->nsec; i++) {
        const section *s = &rf->sec[i];
        if (s->dialect && !mg_strlist_contains(&rf->dialects, s->dialect))
            return mg_error_set_at(err, MG_EPARSE, rf->path, s->marker, 0,
                                   "section '-- +%s %s' is for a dialect "
                                   "that '-- dialect:' does not list (%s)",
                                   s->upgrade ? "upgrade" : "downgrade",
                                   s->dialect, rf->dialect);
    }
    for (up = 1; up >= 0; up--)
        for (i = 0; has_direction(rf, up) && i < rf->dialects.n; i++)
            if (!section_for(rf, rf->dialects.v[i], up))
                return no_sql_error(rf, rf->dialect_line, rf->dialects.v[i],
                                    up, err);
    return 0;
}

int
mg_revfile_parse(mg_revfile **out, const char *path, const char *text,
                 size_t len, mg_error *err)
{
    mg_revfile *rf = calloc(1, sizeof(*rf));
    mg_buf value = MG_BUF_INIT;
    const char *p = text, *end = text + len;
    const char **starts = NULL;
    unsigned seen = 0;
    int line = 0, rc = 0, state = 0; /* 0 header, 1 in a section */
    int run = 0;    /* the header run: 0 not begun, 1 in it, 2 over */
    char word[32], name[32], key[32];

    *out = NULL;
    if (!rf || !(rf->path = strdup(path ? path : "<revision>"))) {
        free(rf);
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    }
    rf->transactional = 1;
    mg_sha256_hex(text, len, rf->checksum);
    if (memchr(text, '\0', len)) {
        rc = mg_error_set_at(err, MG_EPARSE, rf->path, 1, 0,
                             "file contains a NUL byte");
        goto done;
    }
    /* at most one section per line */
    if (!(starts = calloc(len / 2 + 2, sizeof(*starts)))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *next = nl ? nl + 1 : end;
        size_t n = (size_t)((nl ? nl : end) - p);

        line++;
        if (n && p[n - 1] == '\r')
            n--;
        if (section_marker(p, n, word, name, sizeof(word)) &&
            (!strcmp(word, "upgrade") || !strcmp(word, "downgrade"))) {
            if ((rc = open_section(rf, word, name, line, next, p, starts,
                                   err)) < 0)
                goto done;
            state = 1;
        } else if (state == 0 && section_marker(p, n, word, name,
                                                sizeof(word))) {
            rc = mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                    "unknown section '-- +%s' (expected '-- +upgrade' or "
                    "'-- +downgrade')", word);
            goto done;
        } else if (state == 0) {
            if (header_line(p, n, key, sizeof(key), &value)) {
                if (run == 0)
                    run = 1;
                rc = set_key(rf, key, mg_buf_cstr(&value), line, run == 1,
                             &seen, err);
                if (rc < 0)
                    goto done;
                rc = 0;
            } else if (!blank_or_comment(p, n)) {
                rc = mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                        "SQL before '-- +upgrade'");
                goto done;
            } else if (run == 1) {
                run = 2;
            }
        }
        p = next;
    }
    if (rf->nsec && !(rf->sec[rf->nsec - 1].sql =
                      strndup(starts[rf->nsec - 1],
                              (size_t)(end - starts[rf->nsec - 1])))) {
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
        goto done;
    }
    if (!rf->revision) {
        rc = mg_error_set_at(err, MG_EPARSE, rf->path, 1, 0,
                             "missing '-- revision:' header");
        goto done;
    }
    if (state == 0) {
        rc = mg_error_set_at(err, MG_EPARSE, rf->path, line ? line : 1, 0,
                             "missing '-- +upgrade' section");
        goto done;
    }
    if (mg_strlist_contains(&rf->down, rf->revision)) {
        rc = mg_error_set_at(err, MG_EPARSE, rf->path, 1, 0,
                             "revision '%s' names itself as down_revision",
                             rf->revision);
        goto done;
    }
    if ((rc = check_dialects(rf, err)) < 0)
        goto done;
    if (!rf->message)
        rf->message = strdup("");
    if (!rf->created)
        rf->created = strdup("");
    if (!rf->dialect)
        rf->dialect = strdup("");
    if (!rf->revision || !rf->message || !rf->created || !rf->dialect ||
        value.oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
    free(starts);
    mg_buf_release(&value);
    if (rc < 0) {
        mg_revfile_free(rf);
        return rc;
    }
    *out = rf;
    return 0;
}

int
mg_revfile_load(mg_revfile **out, const char *path, mg_error *err)
{
    char *data;
    size_t len;
    int rc;

    *out = NULL;
    if ((rc = mg_fs__read(path, &data, &len, err)) < 0)
        return rc;
    rc = mg_revfile_parse(out, path, data, len, err);
    free(data);
    return rc;
}

void
mg_revfile_free(mg_revfile *rf)
{
    size_t i;

    if (!rf)
        return;
    free(rf->path);
    free(rf->revision);
    free(rf->message);
    free(rf->created);
    free(rf->dialect);
    mg_strlist_release(&rf->dialects);
    mg_strlist_release(&rf->down);
    mg_strlist_release(&rf->depends);
    mg_strlist_release(&rf->labels);
    for (i = 0; i < rf->nsec; i++) {
        free(rf->sec[i].dialect);
        free(rf->sec[i].sql);
    }
    free(rf->sec);
    mg_strlist_release(&rf->replaces);
    free(rf);
}

const char *mg_revfile_path(const mg_revfile *rf) { return rf->path; }
const char *mg_revfile_revision(const mg_revfile *rf) { return rf->revision; }
const char *mg_revfile_message(const mg_revfile *rf) { return rf->message; }
const char *mg_revfile_created(const mg_revfile *rf) { return rf->created; }
const char *mg_revfile_dialect(const mg_revfile *rf) { return rf->dialect; }
const char *mg_revfile_checksum(const mg_revfile *rf) { return rf->checksum; }
int mg_revfile_transactional(const mg_revfile *rf) { return rf->transactional; }

const mg_strlist *
mg_revfile_down_revisions(const mg_revfile *rf)
{
    return &rf->down;
}

const mg_strlist *
mg_revfile_depends_on(const mg_revfile *rf)
{
    return &rf->depends;
}

const mg_strlist *
mg_revfile_branch_labels(const mg_revfile *rf)
{
    return &rf->labels;
}

const mg_strlist *
mg_revfile_replaces(const mg_revfile *rf)
{
    return &rf->replaces;
}

const mg_strlist *
mg_revfile_dialects(const mg_revfile *rf)
{
    return &rf->dialects;
}

int
mg_revfile_dialect_line(const mg_revfile *rf)
{
    return rf->dialect_line ? rf->dialect_line : 1;
}

/* A generic section, or "" (upgrade) / NULL (downgrade) as documented. */
static const char *
generic_sql(const mg_revfile *rf, int upgrade, int *line_out)
{
    const section *s = find_section(rf, upgrade, NULL);
    size_t i;

    if (line_out) {
        /* without a generic section: the line of the direction's first
         * dialect section (where its SQL would go), never 0 */
        *line_out = s ? s->line : 1;
        for (i = 0; !s && i < rf->nsec; i++)
            if (rf->sec[i].upgrade == upgrade) {
                *line_out = rf->sec[i].line;
                break;
            }
    }
    if (s)
        return s->sql;
    return upgrade || has_direction(rf, 0) ? "" : NULL;
}

const char *
mg_revfile_upgrade_sql(const mg_revfile *rf, int *line_out)
{
    return generic_sql(rf, 1, line_out);
}

const char *
mg_revfile_downgrade_sql(const mg_revfile *rf, int *line_out)
{
    return generic_sql(rf, 0, line_out);
}

int
mg_revfile_serves(const mg_revfile *rf, const char *dialect)
{
    size_t i;

    if (!rf->dialects.n)
        return 1;
    for (i = 0; i < rf->dialects.n; i++)
        if (strcasecmp(rf->dialects.v[i], dialect) == 0)
            return 1;
    return 0;
}

int
mg_revfile_sql_for(const char **sql_out, int *line_out, const mg_revfile *rf,
                   const char *dialect, int upgrade, mg_error *err)
{
    const section *s = section_for(rf, dialect, upgrade);

    *sql_out = NULL;
    if (line_out)
        *line_out = 0;
    if (!has_direction(rf, upgrade))
        return 0;
    if (!s)
        return no_sql_error(rf, rf->dialect_line ? rf->dialect_line :
                            first_marker(rf, upgrade), dialect, upgrade,
                            err);
    *sql_out = s->sql;
    if (line_out)
        *line_out = s->line;
    return 0;
}
