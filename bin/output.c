/* output.c - the JSON writer behind --json. Its output is always valid
 * UTF-8: bytes of a string that are not well-formed UTF-8 become \ufffd. */
#include "output.h"

/* Documents finished on stdout: --json prints one, never a second. */
static int stdout_documents;

void
json_init(json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->first[0] = 1;
    j->after_key = 0;
}

static void
sep(json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
}

static void
open_(json *j, char c)
{
    sep(j);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = 1;
}

void json_begin_object(json *j) { open_(j, '{'); }
void json_begin_array(json *j) { open_(j, '['); }

void
json_end_object(json *j)
{
    fputc('}', j->f);
    if (j->depth > 0)
        j->depth--;
}

void
json_end_array(json *j)
{
    fputc(']', j->f);
    if (j->depth > 0)
        j->depth--;
}

/* The length of the well-formed UTF-8 sequence at s (1-4), or 0 when the
 * byte at s does not start one: a stray continuation byte, an overlong
 * form, a surrogate, a code point above U+10FFFF, or a truncated
 * sequence (RFC 3629's table). */
static size_t
utf8_len(const unsigned char *s)
{
    size_t n, k;
    unsigned char lo = 0x80, hi = 0xbf;

    if (s[0] < 0x80)
        return 1;
    if (s[0] < 0xc2 || s[0] > 0xf4)
        return 0;
    n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
    if (s[0] == 0xe0)
        lo = 0xa0;          /* overlong */
    else if (s[0] == 0xed)
        hi = 0x9f;          /* surrogates */
    else if (s[0] == 0xf0)
        lo = 0x90;          /* overlong */
    else if (s[0] == 0xf4)
        hi = 0x8f;          /* above U+10FFFF */
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (k = 2; k < n; k++)
        if (s[k] < 0x80 || s[k] > 0xbf)
            return 0;
    return n;
}

/* A JSON string: quotes, backslashes and control characters escaped, and
 * every byte that is not part of well-formed UTF-8 written as \ufffd, so
 * the document is valid UTF-8 whatever the text held (a message or path
 * in another encoding, an identifier with stray bytes). */
static void
put_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n;

    fputc('"', f);
    while (*s) {
        unsigned char c = *s;
        switch (c) {
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20) {
                fprintf(f, "\\u%04x", c);
            } else if ((n = utf8_len(s)) == 0) {
                fputs("\\ufffd", f);
            } else {
                fwrite(s, 1, n, f);
                s += n;
                continue;
            }
        }
        s++;
    }
    fputc('"', f);
}

void
json_key(json *j, const char *key)
{
    sep(j);
    put_string(j->f, key);
    fputc(':', j->f);
    j->after_key = 1;
}

void
json_string(json *j, const char *s)
{
    sep(j);
    if (s)
        put_string(j->f, s);
    else
        fputs("null", j->f);
}

void
json_int(json *j, long long v)
{
    sep(j);
    fprintf(j->f, "%lld", v);
}

void
json_bool(json *j, int v)
{
    sep(j);
    fputs(v ? "true" : "false", j->f);
}

void
json_strlist(json *j, const mg_strlist *l)
{
    size_t i;

    json_begin_array(j);
    for (i = 0; l && i < l->n; i++)
        json_string(j, l->v[i]);
    json_end_array(j);
}

void
json_finish(json *j)
{
    fputc('\n', j->f);
    fflush(j->f);
    if (j->f == stdout)
        stdout_documents++;
}

int
json_stdout_documents(void)
{
    return stdout_documents;
}

/* GitHub workflow commands escape %, CR and LF everywhere, and ':' and
 * ',' in property values. */
void
github_escape(FILE *f, const char *s, int property)
{
    for (; *s; s++) {
        if (*s == '%')
            fputs("%25", f);
        else if (*s == '\r')
            fputs("%0D", f);
        else if (*s == '\n')
            fputs("%0A", f);
        else if (property && *s == ':')
            fputs("%3A", f);
        else if (property && *s == ',')
            fputs("%2C", f);
        else
            fputc(*s, f);
    }
}

void
github_annotation(const char *level, const char *file, int line,
                  const char *title, const char *message)
{
    printf("::%s", level);
    if (file) {
        mg_buf rel = MG_BUF_INIT;
        const char *f = file;
        if (mg_git_relpath(&rel, file, NULL) == 0 && rel.len)
            f = mg_buf_cstr(&rel);
        fputs(" file=", stdout);
        github_escape(stdout, f, 1);
        printf(",line=%d", line > 0 ? line : 1);
        mg_buf_release(&rel);
    }
    if (title) {
        fputs(file ? ",title=" : " title=", stdout);
        github_escape(stdout, title, 1);
    }
    fputs("::", stdout);
    github_escape(stdout, message, 0);
    fputc('\n', stdout);
}
