/* mg_common.h - what every libmigrate header shares: error codes, the
 * caller-owned error record, the growable text buffer and string lists. */
#ifndef MG_COMMON_H
#define MG_COMMON_H

#include <stddef.h>
#include <stdarg.h>

#ifdef __cplusplus
# define MG_BEGIN_DECL extern "C" {
# define MG_END_DECL }
#else
# define MG_BEGIN_DECL
# define MG_END_DECL
#endif

#if defined(__GNUC__)
# define MG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define MG_PRINTF(f, a)
#endif

/* Marks a declaration of the public API, on the line before it (libgit2's
 * GIT_EXTERN, GLib's placement): libmigrate is compiled with
 * -fvisibility=hidden, so only what is marked so is exported. */
#if defined(__GNUC__) && __GNUC__ >= 4
# define MG_EXTERN extern __attribute__((visibility("default")))
#else
# define MG_EXTERN extern
#endif

MG_BEGIN_DECL

/* Return codes: 0 or one of these negative values. */
enum {
    MG_OK = 0,
    MG_ERROR = -1,      /* anything not listed below */
    MG_ENOMEM = -2,     /* out of memory */
    MG_EUSAGE = -3,     /* bad argument, URL, option or target */
    MG_EPARSE = -4,     /* malformed input file (model, revision, config) */
    MG_ENOTFOUND = -5,  /* no such revision, file or key */
    MG_EAMBIGUOUS = -6, /* prefix or target matches several things */
    MG_EGRAPH = -7,     /* invalid revision graph */
    MG_EDB = -8,        /* the database refused or failed */
    MG_ELOCK = -9,      /* lock not acquired in time */
    MG_EIO = -10,       /* file system error */
    MG_EEXISTS = -11,   /* refusing to overwrite */
    MG_ESTATE = -12     /* a state not as required (e.g. not at head) */
};

/* Error detail, owned by the caller (usually on the stack). Every fallible
 * call takes one as its last parameter; NULL is allowed. */
typedef struct mg_error {
    int  code;          /* the MG_E* code last set, 0 when clear */
    char msg[2048];     /* lowercase message, may start with "file:line: " */
    char file[512];     /* file concerned, "" when none */
    int  line;          /* 1-based line in file, 0 when unknown */
    int  col;           /* 1-based column, 0 when unknown */
} mg_error;

/* Clear an error record (NULL allowed). */
MG_EXTERN
void mg_error_clear(mg_error *err);

/* Set err's code and message; returns code so callers can write
 * `return mg_error_set(err, MG_EPARSE, "...")`. NULL err is allowed. */
MG_EXTERN
int mg_error_set(mg_error *err, int code, const char *fmt, ...) MG_PRINTF(3, 4);

/* Like mg_error_set with a file location; the message becomes
 * "file:line: ..." (or "file:line:col: ..." when col > 0). */
MG_EXTERN
int mg_error_set_at(mg_error *err, int code, const char *file, int line,
                    int col, const char *fmt, ...) MG_PRINTF(6, 7);

/* Prefix the current message with "file:line: " and record the location. */
MG_EXTERN
void mg_error_locate(mg_error *err, const char *file, int line);

/* Name of a code ("parse error", "database error", ...). */
MG_EXTERN
const char *mg_error_name(int code);

/* A growable NUL-terminated text buffer. Zero-initialise with MG_BUF_INIT.
 * After an allocation failure `oom` is set and further appends are ignored. */
typedef struct mg_buf {
    char   *ptr;        /* text, NULL until something is added */
    size_t  len;        /* bytes used, not counting the NUL */
    size_t  cap;        /* bytes allocated */
    int     oom;        /* 1 after an allocation failure */
} mg_buf;
#define MG_BUF_INIT { NULL, 0, 0, 0 }

MG_EXTERN
int  mg_buf_add(mg_buf *b, const char *s, size_t n);
MG_EXTERN
int  mg_buf_puts(mg_buf *b, const char *s);
MG_EXTERN
int  mg_buf_putc(mg_buf *b, char c);
MG_EXTERN
int  mg_buf_addf(mg_buf *b, const char *fmt, ...) MG_PRINTF(2, 3);
MG_EXTERN
int  mg_buf_vaddf(mg_buf *b, const char *fmt, va_list ap);
/* The text ("" when empty); valid until the next change. */
MG_EXTERN
const char *mg_buf_cstr(const mg_buf *b);
/* Hand the text to the caller (free() it); the buffer is left empty. */
MG_EXTERN
char *mg_buf_detach(mg_buf *b);
MG_EXTERN
void mg_buf_clear(mg_buf *b);   /* len = 0, memory kept */
MG_EXTERN
void mg_buf_release(mg_buf *b); /* free memory, back to MG_BUF_INIT */
/* Append s as one printable line: a control byte, a backslash and every
 * byte of an invalid UTF-8 sequence are written as an escape (\n, \r, \t,
 * \\, \xNN), so the text can go into a "--" comment of SQL, a log or a
 * terminal and never end the line or the comment it stands in. */
MG_EXTERN
int  mg_buf_add_printable(mg_buf *b, const char *s);

/* A list of owned strings (like git_strarray). */
typedef struct mg_strlist {
    char  **v;          /* items, each malloc'd */
    size_t  n;          /* items used */
    size_t  cap;        /* items allocated */
} mg_strlist;
#define MG_STRLIST_INIT { NULL, 0, 0 }

MG_EXTERN
int  mg_strlist_add(mg_strlist *l, const char *s);      /* copies s */
MG_EXTERN
int  mg_strlist_addn(mg_strlist *l, const char *s, size_t n);
MG_EXTERN
int  mg_strlist_contains(const mg_strlist *l, const char *s);
/* 1 when prefix has items and l starts with them, in order (compared
 * ignoring case, as SQL names are). */
MG_EXTERN
int  mg_strlist_leads_with(const mg_strlist *l, const mg_strlist *prefix);
/* Join the items with sep into b. */
MG_EXTERN
int  mg_strlist_join(const mg_strlist *l, const char *sep, mg_buf *b);
MG_EXTERN
void mg_strlist_release(mg_strlist *l);

/* Where a long piece of work stands, for a caller that shows progress
 * (members are only ever appended). */
typedef struct mg_progress_info {
    const char *task;            /* "upgrade" or "downgrade" */
    size_t      done;            /* revisions finished */
    size_t      total;           /* revisions in all (a re-plan after
                                  * another run moved the database may
                                  * change it) */
    size_t      statements_done; /* statements run, for an estimate of */
    size_t      statements_total;/* the time left that a revision with
                                  * many statements does not skew */
} mg_progress_info;

/* A progress callback, set in the options of long calls (mg_run_opts,
 * mg_source_opts). update is called when the work starts (done 0), after
 * every statement and every finished unit, and when it ends (done ==
 * total); on the thread doing the work; it must not call back into the
 * library on the same objects. NULL update: none. */
typedef struct mg_progress {
    void (*update)(void *ctx, const mg_progress_info *info);
    void  *ctx;
} mg_progress;

/* The library version string. */
MG_EXTERN
const char *mg_version(void);

MG_END_DECL
#endif
