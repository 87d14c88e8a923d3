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
 * an ordinary comment, as is every comment after "-- +upgrade". */
#include "mg_revfile.h"
#include "fsutil_int.h"
#include "suggest_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct mg_revfile {
    char       *path;
    char       *revision;
    char       *message;
    char       *created;
    char       *dialect;
    mg_strlist  down;
    mg_strlist  depends;
    mg_strlist  labels;
    mg_strlist  replaces;   /* a squash: the ids it stands for */
    int         transactional;
    char        checksum[65];
    char       *upgrade;        /* section text, NULL when absent */
    int         upgrade_line;
    char       *downgrade;
    int         downgrade_line;
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
        break;
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

/* A section marker is a line that, trimmed, is "-- +word". Returns the word
 * (into word, at most size-1 bytes) or 0 when the line is not a marker. */
static int
section_marker(const char *line, size_t n, char *word, size_t size)
{
    size_t i = 0, w = 0;

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

int
mg_revfile_parse(mg_revfile **out, const char *path, const char *text,
                 size_t len, mg_error *err)
{
    mg_revfile *rf = calloc(1, sizeof(*rf));
    mg_buf value = MG_BUF_INIT;
    const char *p = text, *end = text + len;
    const char *up_start = NULL, *down_start = NULL;
    const char *up_end = NULL, *down_end = NULL;
    unsigned seen = 0;
    int line = 0, rc = 0, state = 0; /* 0 header, 1 upgrade, 2 downgrade */
    int run = 0;    /* the header run: 0 not begun, 1 in it, 2 over */
    char word[32], key[32];

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
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *next = nl ? nl + 1 : end;
        size_t n = (size_t)((nl ? nl : end) - p);

        line++;
        if (n && p[n - 1] == '\r')
            n--;
        if (section_marker(p, n, word, sizeof(word))) {
            if (strcmp(word, "upgrade") == 0) {
                if (state != 0) {
                    rc = mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                            "'-- +upgrade' given twice or after "
                            "'-- +downgrade'");
                    goto done;
                }
                state = 1;
                up_start = next;
                rf->upgrade_line = line + 1;
            } else if (strcmp(word, "downgrade") == 0) {
                if (state != 1) {
                    rc = mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                            state == 0 ? "'-- +downgrade' before "
                            "'-- +upgrade'" : "'-- +downgrade' given twice");
                    goto done;
                }
                up_end = p;
                state = 2;
                down_start = next;
                rf->downgrade_line = line + 1;
            } else if (state == 0) {
                rc = mg_error_set_at(err, MG_EPARSE, rf->path, line, 0,
                        "unknown section '-- +%s' (expected '-- +upgrade' or "
                        "'-- +downgrade')", word);
                goto done;
            }
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
    if (state == 1)
        up_end = end;
    else if (state == 2)
        down_end = end;
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
    rf->upgrade = strndup(up_start, (size_t)(up_end - up_start));
    if (down_start)
        rf->downgrade = strndup(down_start,
                                  (size_t)(down_end - down_start));
    if (!rf->message)
        rf->message = strdup("");
    if (!rf->created)
        rf->created = strdup("");
    if (!rf->dialect)
        rf->dialect = strdup("");
    if (!rf->revision || !rf->upgrade || (down_start && !rf->downgrade) ||
        !rf->message || !rf->created || !rf->dialect || value.oom)
        rc = mg_error_set(err, MG_ENOMEM, "out of memory");
done:
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
    if (!rf)
        return;
    free(rf->path);
    free(rf->revision);
    free(rf->message);
    free(rf->created);
    free(rf->dialect);
    mg_strlist_release(&rf->down);
    mg_strlist_release(&rf->depends);
    mg_strlist_release(&rf->labels);
    mg_strlist_release(&rf->replaces);
    free(rf->upgrade);
    free(rf->downgrade);
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

const char *
mg_revfile_upgrade_sql(const mg_revfile *rf, int *line_out)
{
    if (line_out)
        *line_out = rf->upgrade_line;
    return rf->upgrade;
}

const char *
mg_revfile_downgrade_sql(const mg_revfile *rf, int *line_out)
{
    if (line_out)
        *line_out = rf->downgrade_line;
    return rf->downgrade;
}
