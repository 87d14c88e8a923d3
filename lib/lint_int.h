/* lint_int.h - what lint.c (the matching) and lint_rules.c (the table)
 * share: the rules by index. Internal. */
#ifndef MG_LINT_INT_H
#define MG_LINT_INT_H

#include "mg_lint.h"

enum {
    LINT_DROP_TABLE, LINT_DROP_COLUMN, LINT_TRUNCATE, LINT_RENAME_TABLE,
    LINT_RENAME_COLUMN, LINT_CHANGE_TYPE, LINT_NOT_NULL_NO_DEFAULT,
    LINT_INDEX_NOT_CONCURRENT, LINT_CONCURRENT_IN_TX, LINT_FK_NOT_VALID,
    LINT_CHECK_NOT_VALID, LINT_SET_NOT_NULL, LINT_VOLATILE_DEFAULT,
    LINT_COPY_ALTER, LINT_REBUILD, LINT_NON_TX_DDL, LINT_TX_OFF,
    LINT_UNUSED_IGNORE
};

/* The rule of that index. */
const mg_lint_rule *mg_lint__rule(int which);

#endif
