/* url.c - database URLs. A URL is split once into percent-decoded parts and
 * kept with its redacted form, the only form ever shown to a person. The
 * parser is forgiving where users are known to slip (an unencoded '@' in a
 * password: userinfo ends at the last '@' of the authority), strict where a
 * mistake would silently connect elsewhere or use other text than was meant
 * (ports, SQLite hosts, a '%' that is not an escape), and every
 * error message quotes the input through a redaction that masks at least
 * every byte the parser could have taken for a password. Which schemes
 * exist, and which name a file rather than a server, is the dialect
 * registry's to say (dialects/registry.c). */
#include "mg_url.h"
#include "registry_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MG_URL_MASK "***"

typedef struct url_param {
    char *key;                  /* percent-decoded */
    char *value;                /* percent-decoded, "" when no '=' */
} url_param;

struct mg_url {
    char       *text;           /* as written */
    char       *redacted;       /* text with the secrets masked */
    const char *scheme;         /* the dialect's canonical name */
    char       *scheme_written; /* as written */
    char       *user;           /* NULL when absent */
    char       *password;       /* NULL when absent */
    char       *host;           /* NULL when absent or empty */
    int         port;           /* 0 when absent */
    char       *database;       /* NULL when absent */
    url_param  *params;         /* in the order written */
    size_t      nparams;
    int         is_memory;      /* an in-memory database (file URLs) */
};

/* A byte range of the input that holds a secret. */
typedef struct span {
    size_t start;
    size_t end;                 /* one past the last byte */
} span;

static int
is_blank(unsigned char c)
{
    return c <= 0x20 || c == 0x7f;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode s[0..n) into a new string; '+' stays '+'. Returns NULL
 * on allocation failure; *nul is set when %00 was seen, and *bad to the
 * offset of the first '%' not followed by two hex digits (n when none:
 * such an escape is an error, never kept literally, so that a mistyped
 * password or file name is reported instead of silently used). */
static char *
decode(const char *s, size_t n, int *nul, size_t *bad)
{
    char *out = malloc(n + 1);
    size_t i, j = 0;

    *bad = n;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        int hi, lo;

        if (s[i] != '%') {
            out[j++] = s[i];
        } else if (i + 2 < n &&
                   (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
                   (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            out[j] = (char)(hi * 16 + lo);
            if (out[j] == '\0')
                *nul = 1;
            j++;
            i += 2;
        } else {
            if (*bad == n)
                *bad = i;
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    return out;
}

/* Case-insensitive comparison of s[0..n) with the NUL-terminated word. */
static int
range_ieq(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* 1 when the percent-decoded key s[0..n) is "password". */
static int
key_is_password(const char *s, size_t n)
{
    char key[16];
    size_t i, j = 0;

    for (i = 0; i < n; i++) {
        int hi, lo;

        if (j == sizeof(key) - 1)
            return 0;
        if (s[i] == '%' && i + 2 < n &&
            (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            key[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            key[j++] = s[i];
        }
    }
    return range_ieq(key, j, "password");
}

/* Copy text with every marked byte run replaced by the mask. */
static char *
mask_marked(const char *text, size_t len, const unsigned char *mark)
{
    mg_buf b = MG_BUF_INIT;
    size_t i = 0;

    while (i < len) {
        size_t j = i;

        if (mark[i]) {
            while (j < len && mark[j])
                j++;
            mg_buf_puts(&b, MG_URL_MASK);
        } else {
            while (j < len && !mark[j])
                j++;
            mg_buf_add(&b, text + i, j - i);
        }
        i = j;
    }
    if (b.oom) {
        mg_buf_release(&b);
        return NULL;
    }
    return mg_buf_detach(&b);
}

static void
mark_range(unsigned char *mark, size_t start, size_t end)
{
    if (start < end)
        memset(mark + start, 1, end - start);
}

/* Mark the values of query parameters whose decoded key is "password" in
 * the query that starts at q (the byte after '?') and runs to len. */
static void
mark_password_params(const char *text, size_t q, size_t len,
                     unsigned char *mark)
{
    size_t i = q;

    while (i < len) {
        size_t end = i, eq;

        while (end < len && text[end] != '&')
            end++;
        for (eq = i; eq < end && text[eq] != '='; eq++)
            ;
        if (eq < end && key_is_password(text + i, eq - i))
            mark_range(mark, eq + 1, end);
        i = end + 1;
    }
}

/* Mark for free text: the password of every "://user:pass@" (userinfo
 * running to the last '@' before the next blank) and every "password="
 * value (to the next blank or '&', or inside quotes). */
static void
mark_free_text(const char *text, size_t len, unsigned char *mark)
{
    size_t i;

    for (i = 0; i + 3 <= len; i++) {
        size_t s, t, at = 0, colon;
        int found = 0;

        if (memcmp(text + i, "://", 3) != 0)
            continue;
        s = i + 3;
        for (t = s; t < len && !is_blank((unsigned char)text[t]); t++)
            if (text[t] == '@') {
                at = t;
                found = 1;
            }
        if (!found)
            continue;
        for (colon = s; colon < at && text[colon] != ':'; colon++)
            ;
        if (colon < at)
            mark_range(mark, colon + 1, at);
    }
    for (i = 0; i + 9 <= len; i++) {
        size_t v, e;

        if (strncasecmp(text + i, "password=", 9) != 0)
            continue;
        v = i + 9;
        for (e = v; e < len && !is_blank((unsigned char)text[e]) &&
             text[e] != '&'; e++)
            ;
        if (v < len && (text[v] == '\'' || text[v] == '"')) {
            size_t q;

            /* A quoted value, which may hold blanks; what follows the
             * closing quote up to a blank is masked too. */
            for (q = v + 1; q < len && text[q] != text[v]; q++)
                ;
            mark_range(mark, v + 1, q > e ? q : e);
        } else {
            mark_range(mark, v, e);
        }
    }
}

char *
mg_url_redact_text(const char *text)
{
    size_t len;
    unsigned char *mark;
    char *out;

    if (!text)
        text = "";
    len = strlen(text);
    mark = calloc(len + 1, 1);
    if (!mark)
        return NULL;
    mark_free_text(text, len, mark);
    out = mask_marked(text, len, mark);
    free(mark);
    return out;
}

/* The redaction used when text that should have been one URL is rejected:
 * beyond the free-text rules, everything from the first ':' after start to
 * the last '@' in the whole text, and every password parameter of the
 * query, which covers whatever the parser could have read as a password.
 * start is just after "://" when the scheme was well formed, else 0. */
static char *
redact_bad_url(const char *text, size_t start)
{
    size_t len = strlen(text), i, at = 0, colon;
    unsigned char *mark = calloc(len + 1, 1);
    int found = 0;
    char *out;

    if (!mark)
        return NULL;
    mark_free_text(text, len, mark);
    for (i = start; i < len; i++)
        if (text[i] == '@') {
            at = i;
            found = 1;
        }
    if (found) {
        for (colon = start; colon < at && text[colon] != ':'; colon++)
            ;
        if (colon < at)
            mark_range(mark, colon + 1, at);
    }
    for (i = start; i < len; i++)
        if (text[i] == '?') {
            mark_password_params(text, i + 1, len, mark);
            break;
        }
    out = mask_marked(text, len, mark);
    free(mark);
    return out;
}

/* Set err to MG_EUSAGE with the message "what 'redacted text'hint". */
static int
fail_quoting(mg_error *err, const char *what, const char *text, size_t start,
             const char *hint)
{
    char *red = redact_bad_url(text, start);

    if (!red)
        return mg_error_set(err, MG_ENOMEM, "out of memory");
    mg_error_set(err, MG_EUSAGE, "%s '%s'%s", what, red, hint);
    free(red);
    return MG_EUSAGE;
}

static int
fail_invalid(mg_error *err, const char *text, size_t start)
{
    return fail_quoting(err, "invalid database URL", text, start, "");
}

static int
fail_port(mg_error *err, const char *text, size_t start)
{
    return fail_quoting(err, "invalid port in database URL", text, start, "");
}

static int
oom(mg_error *err)
{
    return mg_error_set(err, MG_ENOMEM, "out of memory");
}

/* The hint after a URL with a bad percent-escape in part (a password's
 * escape is not quoted: it is part of the secret). */
static int
fail_escape(mg_error *err, const char *text, size_t start, const char *part,
            const char *esc, size_t avail, int secret)
{
    mg_buf hint = MG_BUF_INIT;
    int rc;

    if (secret)
        mg_buf_addf(&hint, ": bad percent-escape in the %s", part);
    else
        mg_buf_addf(&hint, ": bad percent-escape '%.*s' in the %s",
                    (int)(avail < 3 ? avail : 3), esc, part);
    mg_buf_puts(&hint, " (a '%' must be followed by two hex digits; write "
                "'%' itself as %25)");
    rc = hint.oom ? oom(err) : fail_quoting(err, "invalid database URL",
                                            text, start, hint.ptr);
    mg_buf_release(&hint);
    return rc;
}

/* Decode s[0..n), the URL's part named part (a secret when secret is set),
 * into *out; MG_EUSAGE for %00 (via fail_invalid) and for a '%' not
 * followed by two hex digits (via fail_escape). */
static int
decode_into(char **out, const char *s, size_t n, const char *text,
            size_t start, const char *part, int secret, mg_error *err)
{
    int nul = 0;
    size_t bad;

    *out = decode(s, n, &nul, &bad);
    if (!*out)
        return oom(err);
    if (bad < n)
        return fail_escape(err, text, start, part, s + bad, n - bad, secret);
    if (nul)
        return fail_invalid(err, text, start);
    return 0;
}

/* Parse the query q[0..n) ("k=v&k2=v2") into url->params. */
static int
parse_query(mg_url *url, const char *q, size_t n, size_t start,
            mg_error *err)
{
    size_t i = 0, count = 1, k;
    int rc;

    for (k = 0; k < n; k++)
        if (q[k] == '&')
            count++;
    url->params = calloc(count, sizeof(*url->params));
    if (!url->params)
        return oom(err);
    while (i < n) {
        size_t end = i, eq;
        url_param *p;

        while (end < n && q[end] != '&')
            end++;
        if (end == i) {
            i = end + 1;
            continue;
        }
        for (eq = i; eq < end && q[eq] != '='; eq++)
            ;
        p = &url->params[url->nparams++];
        if ((rc = decode_into(&p->key, q + i, eq - i, url->text, start,
                              "name of a query parameter", 0, err)) < 0)
            return rc;
        if (eq < end) {
            mg_buf part = MG_BUF_INIT;
            mg_buf_addf(&part, "query parameter '%s'", p->key);
            rc = part.oom ? oom(err)
                 : decode_into(&p->value, q + eq + 1, end - eq - 1,
                               url->text, start, part.ptr,
                               strcasecmp(p->key, "password") == 0, err);
            mg_buf_release(&part);
        } else {
            rc = decode_into(&p->value, "", 0, url->text, start, "", 0, err);
        }
        if (rc < 0)
            return rc;
        if (strcasecmp(p->key, "password") == 0) {
            for (k = eq + 1; k < end; k++)
                if (is_blank((unsigned char)q[k]))
                    return fail_invalid(err, url->text, start);
        }
        i = end + 1;
    }
    return 0;
}

/* Parse "1".."65535" from s[0..n). Returns the port or -1. */
static int
parse_port(const char *s, size_t n)
{
    char digits[8];
    char *end;
    long v;
    size_t i;

    while (n > 1 && *s == '0') {
        s++;
        n--;
    }
    if (n == 0 || n >= sizeof(digits))
        return -1;
    for (i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return -1;
    memcpy(digits, s, n);
    digits[n] = '\0';
    errno = 0;
    v = strtol(digits, &end, 10);
    if (errno != 0 || *end != '\0' || v < 1 || v > 65535)
        return -1;
    return (int)v;
}

/* Parse the authority a[0..n) of a server URL: [user[:pass]@]host[:port]. */
static int
parse_authority(mg_url *url, const char *a, size_t n, size_t start,
                mg_error *err)
{
    const char *text = url->text;
    size_t i, at = n, hp, hn;
    int rc;

    for (i = 0; i < n; i++)
        if (a[i] == '@')
            at = i;
    if (at < n) {
        size_t colon;

        /* No blanks in the userinfo, so that the free-text redaction,
         * which stops at a blank, finds the whole of it. */
        for (i = 0; i < at; i++)
            if (is_blank((unsigned char)a[i]))
                return fail_invalid(err, text, start);
        for (colon = 0; colon < at && a[colon] != ':'; colon++)
            ;
        if ((rc = decode_into(&url->user, a, colon, text, start,
                              "user name", 0, err)) < 0)
            return rc;
        if (colon < at &&
            (rc = decode_into(&url->password, a + colon + 1, at - colon - 1,
                              text, start, "password", 1, err)) < 0)
            return rc;
        hp = at + 1;
    } else {
        hp = 0;
    }
    hn = n - hp;
    a += hp;
    if (hn > 0 && a[0] == '[') {
        const char *close = memchr(a, ']', hn);
        size_t cl;

        if (!close)
            return fail_invalid(err, text, start);
        cl = (size_t)(close - a);
        if (cl + 1 < hn && a[cl + 1] != ':')
            return fail_invalid(err, text, start);
        if (cl > 1 &&
            (rc = decode_into(&url->host, a + 1, cl - 1, text, start,
                              "host", 0, err)) < 0)
            return rc;
        if (cl + 1 < hn) {
            url->port = parse_port(a + cl + 2, hn - cl - 2);
            if (url->port < 0)
                return fail_port(err, text, start);
        }
    } else {
        const char *colon = memchr(a, ':', hn);
        size_t hl = colon ? (size_t)(colon - a) : hn;

        if (hl > 0 &&
            (rc = decode_into(&url->host, a, hl, text, start, "host", 0,
                              err)) < 0)
            return rc;
        if (colon) {
            url->port = parse_port(colon + 1, hn - hl - 1);
            if (url->port < 0)
                return fail_port(err, text, start);
        }
    }
    return 0;
}

/* Mark the password of a parsed URL and build url->redacted: the password
 * in the userinfo and every password parameter value. */
static int
build_redacted(mg_url *url, size_t start, mg_error *err)
{
    const char *text = url->text;
    size_t len = strlen(text), i, auth_end, at = 0, colon;
    unsigned char *mark = calloc(len + 1, 1);
    int found = 0;

    if (!mark)
        return oom(err);
    for (auth_end = start; auth_end < len && text[auth_end] != '/' &&
         text[auth_end] != '?'; auth_end++)
        ;
    for (i = start; i < auth_end; i++)
        if (text[i] == '@') {
            at = i;
            found = 1;
        }
    if (found) {
        for (colon = start; colon < at && text[colon] != ':'; colon++)
            ;
        if (colon + 1 < at)
            mark_range(mark, colon + 1, at);
    }
    for (i = start; i < len; i++)
        if (text[i] == '?') {
            mark_password_params(text, i + 1, len, mark);
            break;
        }
    url->redacted = mask_marked(text, len, mark);
    free(mark);
    return url->redacted ? 0 : oom(err);
}

/* The part after "scheme://" of a URL naming a file (MG_URL_FILE): a path,
 * ":memory:" or nothing for an in-memory database, and a query. */
static int
parse_file(mg_url *url, const char *rest, size_t start, mg_error *err)
{
    size_t plen = strcspn(rest, "?");
    int rc;

    if (plen > 0 && rest[0] != '/') {
        mg_buf hint = MG_BUF_INIT;

        mg_buf_addf(&hint, " (a %s URL has no host: use %s:///relative.db "
                    "or %s:////absolute.db)", url->scheme, url->scheme,
                    url->scheme);
        rc = hint.oom ? oom(err)
                      : fail_quoting(err, "invalid database URL", url->text,
                                     start, hint.ptr);
        mg_buf_release(&hint);
        return rc;
    }
    if (plen <= 1) {
        url->database = strndup(":memory:", 8);
        if (!url->database)
            return oom(err);
    } else if ((rc = decode_into(&url->database, rest + 1, plen - 1,
                                 url->text, start, "file name", 0,
                                 err)) < 0) {
        return rc;
    }
    if (strcmp(url->database, ":memory:") == 0)
        url->is_memory = 1;
    if (rest[plen] == '?')
        return parse_query(url, rest + plen + 1, strlen(rest + plen + 1),
                           start, err);
    return 0;
}

static int
parse_server(mg_url *url, const char *rest, size_t start, mg_error *err)
{
    size_t alen = strcspn(rest, "/?"), plen;
    const char *path = rest + alen;
    int rc;

    if ((rc = parse_authority(url, rest, alen, start, err)) < 0)
        return rc;
    plen = strcspn(path, "?");
    if (plen > 1 &&
        (rc = decode_into(&url->database, path + 1, plen - 1, url->text,
                          start, "database name", 0, err)) < 0)
        return rc;
    if (path[plen] == '?')
        return parse_query(url, path + plen + 1, strlen(path + plen + 1),
                           start, err);
    return 0;
}

/* An unknown scheme: the message lists the schemes users are shown. */
static int
fail_scheme(mg_error *err, const char *written)
{
    mg_buf known = MG_BUF_INIT;

    mg_dialect__list_schemes(&known);
    if (known.oom) {
        mg_buf_release(&known);
        return oom(err);
    }
    mg_error_set(err, MG_EUSAGE, "unsupported database URL scheme '%s' "
                 "(expected %s)", written, known.ptr);
    mg_buf_release(&known);
    return MG_EUSAGE;
}

int
mg_url_parse(mg_url **out, const char *text, mg_error *err)
{
    const mg_dialect_row *row;
    mg_url *url;
    const char *sep;
    size_t slen, i, start;
    int rc;

    *out = NULL;
    if (!text)
        return mg_error_set(err, MG_EUSAGE, "no database URL given");
    sep = strstr(text, "://");
    slen = sep ? (size_t)(sep - text) : 0;
    if (!sep || slen == 0 || !isalpha((unsigned char)text[0]))
        return fail_invalid(err, text, 0);
    for (i = 0; i < slen; i++)
        if (!isalnum((unsigned char)text[i]) && text[i] != '+' &&
            text[i] != '-' && text[i] != '.')
            return fail_invalid(err, text, 0);
    start = slen + 3;

    url = calloc(1, sizeof(*url));
    if (!url)
        return oom(err);
    url->text = strndup(text, strlen(text));
    url->scheme_written = strndup(text, slen);
    if (!url->text || !url->scheme_written) {
        rc = oom(err);
        goto fail;
    }
    if (!(row = mg_dialect__scheme(text, slen))) {
        rc = fail_scheme(err, url->scheme_written);
        goto fail;
    }
    url->scheme = row->names[0].name;
    if (row->url_flags & MG_URL_FILE)
        rc = parse_file(url, text + start, start, err);
    else
        rc = parse_server(url, text + start, start, err);
    if (rc < 0 || (rc = build_redacted(url, start, err)) < 0)
        goto fail;
    *out = url;
    return 0;
fail:
    mg_url_free(url);
    return rc;
}

void
mg_url_free(mg_url *url)
{
    size_t i;

    if (!url)
        return;
    for (i = 0; i < url->nparams; i++) {
        free(url->params[i].key);
        free(url->params[i].value);
    }
    free(url->params);
    free(url->text);
    free(url->redacted);
    free(url->scheme_written);
    free(url->user);
    free(url->password);
    free(url->host);
    free(url->database);
    free(url);
}

const char *
mg_url_scheme(const mg_url *url)
{
    return url->scheme;
}

const char *
mg_url_scheme_written(const mg_url *url)
{
    return url->scheme_written;
}

const char *
mg_url_user(const mg_url *url)
{
    return url->user;
}

const char *
mg_url_password(const mg_url *url)
{
    return url->password;
}

const char *
mg_url_host(const mg_url *url)
{
    return url->host;
}

int
mg_url_port(const mg_url *url)
{
    return url->port;
}

const char *
mg_url_database(const mg_url *url)
{
    return url->database;
}

size_t
mg_url_param_count(const mg_url *url)
{
    return url->nparams;
}

void
mg_url_param_at(const mg_url *url, size_t i, const char **key,
                const char **value)
{
    const char *k = NULL, *v = NULL;

    if (i < url->nparams) {
        k = url->params[i].key;
        v = url->params[i].value;
    }
    if (key)
        *key = k;
    if (value)
        *value = v;
}

const char *
mg_url_param(const mg_url *url, const char *key)
{
    size_t i = url->nparams;

    while (i-- > 0)
        if (strcmp(url->params[i].key, key) == 0)
            return url->params[i].value;
    return NULL;
}

int
mg_url_is_memory(const mg_url *url)
{
    return url->is_memory;
}

const char *
mg_url_redacted(const mg_url *url)
{
    return url->redacted;
}
