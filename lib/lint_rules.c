/* lint_rules.c - the rules of `migrate lint` (mg_lint.h), one row each:
 * a stable id, a severity, what fires it, what to do instead, and the
 * capability bits that decide on which dialects it applies. The matching
 * lives in lint.c; this table is what --list-rules and the README print. */
#include "mg_lint.h"
#include "mg_dialect.h"
#include "lint_int.h"

#include <string.h>

#define ALL 0u, 0u

static const mg_lint_rule rules[] = {
    [LINT_DROP_TABLE] = { "drop-table", MG_LINT_ERROR,
      "DROP TABLE: the table and its rows are gone",
      "stop using the table in one release, drop it in a later revision",
      ALL },
    [LINT_DROP_COLUMN] = { "drop-column", MG_LINT_ERROR,
      "ALTER TABLE ... DROP COLUMN: the column's values are gone, and the "
      "application version still running may read it",
      "stop reading the column in one release, drop it in a later revision",
      ALL },
    [LINT_TRUNCATE] = { "delete-rows", MG_LINT_ERROR,
      "TRUNCATE, or DELETE without WHERE: every row is gone",
      "move data changes out of schema migrations, or name the rows",
      ALL },
    [LINT_RENAME_TABLE] = { "rename-table", MG_LINT_WARNING,
      "a table renamed: the application version still running uses the "
      "old name",
      "add the new table (or a view under the old name) first; switch the "
      "application; drop the old name later",
      ALL },
    [LINT_RENAME_COLUMN] = { "rename-column", MG_LINT_WARNING,
      "a column renamed: the application version still running uses the "
      "old name",
      "add the new column, write both, backfill, switch reads, then drop "
      "the old one",
      ALL },
    [LINT_CHANGE_TYPE] = { "change-type", MG_LINT_WARNING,
      "a column's type changed: values may not convert or may lose "
      "precision, and the table is usually rewritten under a lock",
      "add a column of the new type, backfill it, then switch",
      MG_CAP_ALTER_COLUMN, 0u },
    [LINT_NOT_NULL_NO_DEFAULT] = { "add-not-null-column", MG_LINT_ERROR,
      "ADD COLUMN ... NOT NULL without a DEFAULT on an existing table: "
      "fails when the table has rows",
      "give it a DEFAULT, or add it NULL, fill it, then make it NOT NULL",
      ALL },
    [LINT_INDEX_NOT_CONCURRENT] = { "index-not-concurrent", MG_LINT_WARNING,
      "CREATE INDEX on an existing table without CONCURRENTLY: blocks "
      "writes to the table while the index is built",
      "CREATE INDEX CONCURRENTLY in a revision with 'transaction: off'",
      MG_CAP_ONLINE_INDEX, 0u },
    [LINT_CONCURRENT_IN_TX] = { "concurrently-in-transaction", MG_LINT_ERROR,
      "CREATE/DROP INDEX CONCURRENTLY in a transactional revision: the "
      "server refuses it",
      "put it in its own revision with '-- transaction: off'",
      MG_CAP_ONLINE_INDEX, 0u },
    [LINT_FK_NOT_VALID] = { "foreign-key-not-valid", MG_LINT_WARNING,
      "ADD FOREIGN KEY on an existing table without NOT VALID: checks "
      "every row while writes to both tables wait",
      "ADD ... NOT VALID, then VALIDATE CONSTRAINT in a later statement",
      MG_CAP_NOT_VALID, 0u },
    [LINT_CHECK_NOT_VALID] = { "check-not-valid", MG_LINT_WARNING,
      "ADD CHECK on an existing table without NOT VALID: checks every row "
      "while writes wait",
      "ADD ... NOT VALID, then VALIDATE CONSTRAINT in a later statement",
      MG_CAP_NOT_VALID, 0u },
    [LINT_SET_NOT_NULL] = { "set-not-null", MG_LINT_WARNING,
      "SET NOT NULL: scans the whole table under its strongest lock",
      "ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL",
      MG_CAP_NOT_VALID, 0u },
    [LINT_VOLATILE_DEFAULT] = { "volatile-default", MG_LINT_WARNING,
      "ADD COLUMN with a volatile DEFAULT (random(), clock_timestamp(), "
      "a new uuid): rewrites the table under its strongest lock",
      "add the column without the default, backfill in batches, then set "
      "the default",
      MG_CAP_FAST_DEFAULT, 0u },
    [LINT_COPY_ALTER] = { "alter-copies-table", MG_LINT_WARNING,
      "ALTER TABLE that needs ALGORITHM=COPY (MODIFY/CHANGE COLUMN, primary "
      "key, character set): writes wait while the table is copied",
      "say ALGORITHM=INPLACE, LOCK=NONE where the change allows it (the "
      "server refuses otherwise), or use an online schema-change tool",
      MG_CAP_ONLINE_ALTER, 0u },
    [LINT_REBUILD] = { "table-rebuild", MG_LINT_WARNING,
      "a table rebuilt (create, copy rows, drop, rename): every row is "
      "copied while the database is locked",
      "fine for small tables; for large ones, run it when writes can wait",
      ALL },
    [LINT_NON_TX_DDL] = { "non-transactional-ddl", MG_LINT_INFO,
      "several DDL statements on a dialect whose DDL commits at once: a "
      "failure leaves the earlier ones applied",
      "keep one change per revision where a partial run would hurt",
      0u, MG_CAP_TRANSACTIONAL_DDL },
    [LINT_TX_OFF] = { "transaction-off", MG_LINT_WARNING,
      "'transaction: off' on a revision whose statements could all run in "
      "a transaction: a failure leaves it half applied",
      "keep 'transaction: off' for the statements that need it "
      "(CONCURRENTLY) in a revision of their own",
      MG_CAP_TRANSACTIONAL_DDL, 0u },
    [LINT_UNUSED_IGNORE] = { "unused-lint-ignore", MG_LINT_WARNING,
      "a '-- migrate: lint-ignore RULE' line whose next statement does not "
      "fire RULE (or names no rule)",
      "remove it, or name the rule the statement fires",
      ALL },
};

const mg_lint_rule *
mg_lint_rules(size_t *n)
{
    *n = sizeof(rules) / sizeof(rules[0]);
    return rules;
}

const mg_lint_rule *
mg_lint_rule_find(const char *id)
{
    size_t i;

    for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}

const mg_lint_rule *
mg_lint__rule(int which)
{
    return &rules[which];
}

int
mg_lint_rule_applies(const mg_lint_rule *r, const mg_dialect *d)
{
    return (d->caps & r->needs) == r->needs && !(d->caps & r->lacks);
}

const char *
mg_lint_severity_name(mg_lint_severity s)
{
    switch (s) {
    case MG_LINT_INFO:    return "info";
    case MG_LINT_WARNING: return "warning";
    case MG_LINT_ERROR:   return "error";
    }
    return "error";
}
