/* git_api.c - the table of libgit2's functions (see git_api_int.h). */
#define MG_GIT_API_C
#include "git_api_int.h"

MG_DYNLIB_DEFINE(git_api, MG_GIT_FUNCS, MG_GIT2_SONAME,
                 "git:REF", MG_ERROR)
