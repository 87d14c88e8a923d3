/* error.c - the caller-owned mg_error record. Messages are formatted once,
 * where the failure is understood, and carried up unchanged. */
#include "mg_common.h"

#include <stdio.h>

/* Messages are cut at sizeof(msg); that is intended. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include <string.h>

void
mg_error_clear(mg_error *err)
{
    if (!err)
        return;
    err->code = 0;
    err->msg[0] = '\0';
    err->file[0] = '\0';
    err->line = 0;
    err->col = 0;
}

int
mg_error_set(mg_error *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    err->file[0] = '\0';
    err->line = 0;
    err->col = 0;
    return code;
}

int
mg_error_set_at(mg_error *err, int code, const char *file, int line, int col,
                const char *fmt, ...)
{
    char text[sizeof(err->msg)];
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    err->code = code;
    if (col > 0)
        snprintf(err->msg, sizeof(err->msg), "%s:%d:%d: %s", file, line, col,
                 text);
    else
        snprintf(err->msg, sizeof(err->msg), "%s:%d: %s", file, line, text);
    snprintf(err->file, sizeof(err->file), "%s", file);
    err->line = line;
    err->col = col;
    return code;
}

void
mg_error_locate(mg_error *err, const char *file, int line)
{
    char text[sizeof(err->msg)];

    if (!err || !file)
        return;
    snprintf(text, sizeof(text), "%s", err->msg);
    snprintf(err->msg, sizeof(err->msg), "%s:%d: %s", file, line, text);
    snprintf(err->file, sizeof(err->file), "%s", file);
    err->line = line;
}

const char *
mg_error_name(int code)
{
    switch (code) {
    case MG_OK:         return "ok";
    case MG_ENOMEM:     return "out of memory";
    case MG_EUSAGE:     return "usage error";
    case MG_EPARSE:     return "parse error";
    case MG_ENOTFOUND:  return "not found";
    case MG_EAMBIGUOUS: return "ambiguous";
    case MG_EGRAPH:     return "invalid revision graph";
    case MG_EDB:        return "database error";
    case MG_ELOCK:      return "lock timeout";
    case MG_EIO:        return "i/o error";
    case MG_EEXISTS:    return "already exists";
    case MG_ESTATE:     return "not in the required state";
    default:            return "error";
    }
}

const char *
mg_version(void)
{
    return PACKAGE_VERSION;
}
