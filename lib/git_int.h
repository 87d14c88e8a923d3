/* git_int.h - what git.c shares with the destructive-step scan
 * (destructive.c): adding a finding to an issue list. Internal. */
#ifndef MG_GIT_INT_H
#define MG_GIT_INT_H

#include "mg_git.h"

/* Append a finding (path may be NULL; both strings copied). */
int mg_git__issue_add(mg_git_issues *l, int kind, const char *path, int line,
                      const char *message, mg_error *err);

#endif
