/* skip.c - honest skips (skip.h). Tests run in forked children, so each
 * skip is one line appended to a file the parent reads at the end. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "skip.h"

static char made[64];   /* the log this process created, to remove */

void
test_skip(const char *why)
{
    const char *log = getenv("MIGRATE_TEST_SKIPS");
    char line[512];
    int fd, n;

    if (getenv("MIGRATE_TEST_REQUIRE_SERVERS"))
        ck_abort_msg("%s: skipped, but this run requires every server "
                     "(MIGRATE_TEST_REQUIRE_SERVERS)", why);
    n = snprintf(line, sizeof(line), "%s: %s\n", tcase_name(), why);
    if (log && (fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600)) >= 0) {
        if (write(fd, line, (size_t)n) != n)
            perror(log);
        close(fd);
    }
}

void
test_skips_begin(void)
{
    if (getenv("MIGRATE_TEST_SKIPS"))
        return;
    snprintf(made, sizeof(made), "/tmp/mg_skips_%d", (int)getpid());
    unlink(made);
    setenv("MIGRATE_TEST_SKIPS", made, 1);
}

int
test_skips_report(void)
{
    const char *log = getenv("MIGRATE_TEST_SKIPS");
    FILE *f = log ? fopen(log, "r") : NULL;
    char line[512];
    int n = 0;

    while (f && fgets(line, sizeof(line), f)) {
        printf("SKIP %s", line);
        n++;
    }
    if (f)
        fclose(f);
    printf("Skipped: %d\n", n);
    if (made[0])
        unlink(made);
    return n;
}

int
test_suite_excluded(const char *name)
{
    const char *list = getenv("MIGRATE_TEST_EXCLUDE"), *p;
    size_t n = strlen(name), k;

    for (p = list; p && *p; p += k) {
        p += strspn(p, " ,");
        k = strcspn(p, " ,");
        if (k == n && strncmp(p, name, n) == 0)
            return 1;
    }
    return 0;
}
