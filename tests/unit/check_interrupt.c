/* check_interrupt.c - unit tests for what Ctrl-C leaves behind and stops:
 * scratch database names (dialects/scratch.c), which a later run may drop
 * only when their process on this host is gone and they are old enough;
 * and mg_interrupt() stopping a running SQLite statement and the runtime,
 * and its watcher thread starting only with a connection it can cancel
 * (lib/interrupt.c). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "suites.h"
#include "mg_dialect.h"
#include "mg_interrupt.h"
#include "interrupt_int.h"

/* A pid no process has: above the kernel's largest. */
static long
dead_pid(void)
{
    FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
    long max = 4194304;

    if (f) {
        if (fscanf(f, "%ld", &max) != 1)
            max = 4194304;
        fclose(f);
    }
    return max + 1;
}

/* This host's tag, as a name made now shows it. */
static void
host_tag(char out[9])
{
    mg_buf b = MG_BUF_INIT;
    const char *p;

    mg_dialect_scratch_name(&b, 1);
    p = mg_buf_cstr(&b) + strlen("migrate_scratch_");
    p = strchr(p, '_') + 1;
    snprintf(out, 9, "%s", p);
    mg_buf_release(&b);
}

START_TEST(test_scratch_name_form)
{
    mg_buf b = MG_BUF_INIT;
    char want[64], tag[9];
    long long now = (long long)time(NULL), t;

    host_tag(tag);
    ck_assert_int_eq((int)strspn(tag, "0123456789abcdef"), 8);
    mg_dialect_scratch_name(&b, 7);
    snprintf(want, sizeof(want), "migrate_scratch_%ld_%s_", (long)getpid(),
             tag);
    ck_assert_msg(strncmp(mg_buf_cstr(&b), want, strlen(want)) == 0, "%s",
                  mg_buf_cstr(&b));
    t = strtoll(mg_buf_cstr(&b) + strlen(want), NULL, 10);
    ck_assert(t >= now && t <= now + 2);
    ck_assert_str_eq(strrchr(mg_buf_cstr(&b), '_'), "_7");
    ck_assert_int_le((int)b.len, 63);    /* PostgreSQL's NAMEDATALEN - 1 */
    mg_buf_release(&b);
}
END_TEST

/* Only a name of exactly the form, from this host, old enough, whose
 * process is gone. */
START_TEST(test_scratch_stale_only_dead_old_local)
{
    long long now = (long long)time(NULL), old = now - MG_SCRATCH_STALE_S;
    long dead = dead_pid(), me = (long)getpid();
    char tag[9], n[128];

    host_tag(tag);
#define NAME(...) (snprintf(n, sizeof(n), __VA_ARGS__), n)
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_1", dead, tag, old), now), 1);
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_12", dead, tag, old - 99), now), 1);
    /* alive */
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_1", me, tag, old), now), 0);
    /* too recent */
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_1", dead, tag, old + 1), now), 0);
    /* another host */
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_1", dead,
             strcmp(tag, "00000000") ? "00000000" : "00000001", old), now),
        0);
    /* other forms and other databases */
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_1", dead), now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_1x", dead, tag, old), now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_%ld_%s_%lld_", dead, tag, old), now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("Migrate_scratch_%ld_%s_%lld_1", dead, tag, old), now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("app_migrate_scratch_%ld_%s_%lld_1", dead, tag, old), now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale(
        NAME("migrate_scratch_1_%s_%lld_1", tag, old), now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale("app", now), 0);
    ck_assert_int_eq(mg_dialect_scratch_stale("", now), 0);
#undef NAME
}
END_TEST

/* After mg_interrupt() (no watcher thread), a running SQLite statement
 * stops with SQLite's "interrupted"; mg_interrupt_clear() lets work go
 * on. */
START_TEST(test_interrupt_stops_sqlite)
{
    mg_engine *e = NULL;
    mg_error err;

    mg_error_clear(&err);
    ck_mg_ok(mg_engine_open(&e, "sqlite://", 0, &err), &err);
    ck_assert_int_eq(mg_interrupted(), 0);
    mg_interrupt();
    ck_assert_int_eq(mg_interrupted(), 1);
    ck_assert_int_eq(mg_engine_exec(e, "WITH RECURSIVE c(x) AS (SELECT 1 "
                                    "UNION ALL SELECT x + 1 FROM c) SELECT "
                                    "count(*) FROM c", &err), MG_EDB);
    ck_assert_str_eq(err.msg, "interrupted");
    mg_interrupt_clear();
    ck_assert_int_eq(mg_interrupted(), 0);
    ck_mg_ok(mg_engine_exec(e, "CREATE TABLE t (x INTEGER)", &err), &err);
    mg_engine_free(e);
}
END_TEST

/* The threads of this process (/proc/self/status), 0 when unknown. */
static int
threads(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int n = 0;

    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "Threads: %d", &n) == 1)
            break;
    if (f)
        fclose(f);
    return n;
}

static int fake_handle;
static void *fake_prepare(void *conn, const mg_url *url)
{
    (void)conn;
    (void)url;
    return &fake_handle;
}
static void fake_request(void *h) { (void)h; }
static void fake_free(void *h) { (void)h; }

/* mg_interrupt_enable() starts no thread: SQLite has nothing to cancel
 * through, and a second thread makes every mutex and malloc of the
 * process atomic. The watcher starts with the first connection whose
 * dialect can cancel a statement. (Each test runs in a process of its
 * own.) */
START_TEST(test_interrupt_watcher_starts_with_cancel)
{
    static const mg_dialect fake = {
        .version = MG_DIALECT_VERSION, .name = "fake",
        .cancel = { .prepare = fake_prepare, .request = fake_request,
                    .free = fake_free },
    };
    mg_engine *e = NULL;
    mg_cancel c;
    mg_error err;
    int n0 = threads();

    if (n0 == 0)
        return;     /* no /proc */
    mg_error_clear(&err);
    ck_mg_ok(mg_interrupt_enable(&err), &err);
    ck_mg_ok(mg_engine_open(&e, "sqlite://", 0, &err), &err);
    ck_mg_ok(mg_engine_exec(e, "CREATE TABLE t (x INTEGER)", &err), &err);
    ck_assert_int_eq(threads(), n0);
    mg_engine_free(e);
    mg_interrupt__add(&c, &fake, NULL, NULL);
    ck_assert_int_eq(threads(), n0 + 1);
    mg_interrupt__remove(&c);
}
END_TEST

Suite *
interrupt_suite(void)
{
    Suite *s = suite_create("interrupt");
    TCase *tc = tcase_create("scratch");

    tcase_add_test(tc, test_scratch_name_form);
    tcase_add_test(tc, test_scratch_stale_only_dead_old_local);
    suite_add_tcase(s, tc);
    tc = tcase_create("interrupt");
    tcase_add_test(tc, test_interrupt_stops_sqlite);
    tcase_add_test(tc, test_interrupt_watcher_starts_with_cancel);
    suite_add_tcase(s, tc);
    return s;
}
