/* git_api_int.h - libgit2, opened on first use (lib/dynlib_int.h). Included by
 * git sources (lib/git.c) instead of <git2.h>; git_api_load() comes before
 * the first call of these functions. */
#ifndef MG_GIT_API_H
#define MG_GIT_API_H

#include "dynlib_int.h"

#include <git2.h>

#define MG_GIT_FUNCS(X) \
    X(git_blob_free) \
    X(git_blob_lookup) \
    X(git_blob_rawcontent) \
    X(git_blob_rawsize) \
    X(git_commit_free) \
    X(git_commit_lookup) \
    X(git_commit_tree) \
    X(git_error_last) \
    X(git_libgit2_init) \
    X(git_libgit2_shutdown) \
    X(git_merge_base) \
    X(git_object_free) \
    X(git_object_id) \
    X(git_object_peel) \
    X(git_object_type) \
    X(git_reference_free) \
    X(git_reference_lookup) \
    X(git_reference_symbolic_target) \
    X(git_repository_free) \
    X(git_repository_head_unborn) \
    X(git_repository_open_ext) \
    X(git_repository_path) \
    X(git_repository_workdir) \
    X(git_revparse_single) \
    X(git_tree_dup) \
    X(git_tree_entry_byindex) \
    X(git_tree_entry_byname) \
    X(git_tree_entry_bypath) \
    X(git_tree_entry_free) \
    X(git_tree_entry_id) \
    X(git_tree_entry_name) \
    X(git_tree_entry_to_object) \
    X(git_tree_entry_type) \
    X(git_tree_entrycount) \
    X(git_tree_free) \
    X(git_tree_lookup)

typedef struct mg_git_api {
    MG_GIT_FUNCS(MG_DYNLIB_FIELD)
} mg_git_api;

extern mg_git_api git_api;

/* Open libgit2 once. Errors: MG_ERROR when it cannot be loaded. */
int git_api_load(mg_error *err);

#ifndef MG_GIT_API_C
#define git_blob_free (git_api.git_blob_free)
#define git_blob_lookup (git_api.git_blob_lookup)
#define git_blob_rawcontent (git_api.git_blob_rawcontent)
#define git_blob_rawsize (git_api.git_blob_rawsize)
#define git_commit_free (git_api.git_commit_free)
#define git_commit_lookup (git_api.git_commit_lookup)
#define git_commit_tree (git_api.git_commit_tree)
#define git_error_last (git_api.git_error_last)
#define git_libgit2_init (git_api.git_libgit2_init)
#define git_libgit2_shutdown (git_api.git_libgit2_shutdown)
#define git_merge_base (git_api.git_merge_base)
#define git_object_free (git_api.git_object_free)
#define git_object_id (git_api.git_object_id)
#define git_object_peel (git_api.git_object_peel)
#define git_object_type (git_api.git_object_type)
#define git_reference_free (git_api.git_reference_free)
#define git_reference_lookup (git_api.git_reference_lookup)
#define git_reference_symbolic_target (git_api.git_reference_symbolic_target)
#define git_repository_free (git_api.git_repository_free)
#define git_repository_head_unborn (git_api.git_repository_head_unborn)
#define git_repository_open_ext (git_api.git_repository_open_ext)
#define git_repository_path (git_api.git_repository_path)
#define git_repository_workdir (git_api.git_repository_workdir)
#define git_revparse_single (git_api.git_revparse_single)
#define git_tree_dup (git_api.git_tree_dup)
#define git_tree_entry_byindex (git_api.git_tree_entry_byindex)
#define git_tree_entry_byname (git_api.git_tree_entry_byname)
#define git_tree_entry_bypath (git_api.git_tree_entry_bypath)
#define git_tree_entry_free (git_api.git_tree_entry_free)
#define git_tree_entry_id (git_api.git_tree_entry_id)
#define git_tree_entry_name (git_api.git_tree_entry_name)
#define git_tree_entry_to_object (git_api.git_tree_entry_to_object)
#define git_tree_entry_type (git_api.git_tree_entry_type)
#define git_tree_entrycount (git_api.git_tree_entrycount)
#define git_tree_free (git_api.git_tree_free)
#define git_tree_lookup (git_api.git_tree_lookup)
#endif

#endif
