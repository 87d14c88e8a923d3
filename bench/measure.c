/* Run one command and measure it, for bench/run.sh:
 *
 *   measure [-i IN] [-o OUT] [-e ERR] [-E NAME=VALUE]... -- COMMAND ARGS...
 *
 * prints "<wall seconds> <peak RSS KiB> <exit status>" on stdout. The wall
 * time is CLOCK_MONOTONIC around fork/exec/wait; the peak RSS is the
 * child's ru_maxrss from wait4(), the number `/usr/bin/time -f %M` prints.
 * -i/-o/-e redirect the command's stdin/stdout/stderr (so no shell sits in
 * between), -E sets an environment variable for it only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void redirect(const char *path, int fd, int flags)
{
    int f;
    if (!path)
        return;
    f = open(path, flags, 0666);
    if (f < 0 || dup2(f, fd) < 0) {
        fprintf(stderr, "measure: %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    close(f);
}

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *err = NULL;
    char *envs[64];
    int nenv = 0, i, status;
    struct timespec t0, t1;
    struct rusage ru;
    pid_t pid;

    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (i + 1 >= argc)
            goto usage;
        if (strcmp(argv[i], "-i") == 0)
            in = argv[++i];
        else if (strcmp(argv[i], "-o") == 0)
            out = argv[++i];
        else if (strcmp(argv[i], "-e") == 0)
            err = argv[++i];
        else if (strcmp(argv[i], "-E") == 0 && nenv < 64)
            envs[nenv++] = argv[++i];
        else
            goto usage;
    }
    if (i + 1 >= argc)
        goto usage;
    argv += i + 1;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 127;
    }
    if (pid == 0) {
        int k;
        for (k = 0; k < nenv; k++)
            putenv(envs[k]);
        redirect(in, 0, O_RDONLY);
        redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
        redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC);
        execvp(argv[0], argv);
        fprintf(stderr, "measure: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("measure: wait4");
            return 127;
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.4f %ld %d\n",
           (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
           ru.ru_maxrss,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
usage:
    fputs("usage: measure [-i IN] [-o OUT] [-e ERR] [-E NAME=VALUE]... -- "
          "COMMAND ARGS...\n", stderr);
    return 2;
}
