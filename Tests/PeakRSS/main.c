// peak-rss OUTFILE COMMAND [ARG...]: runs COMMAND as a child of this small process, writes the child's peak
// resident set in KiB (ru_maxrss from wait4) to OUTFILE, and exits with the child's status (128 + signal).
//
// Why a process of its own: Linux carries a process's peak RSS across exec, and posix_spawn runs the child
// in its parent's memory until exec, so a tool spawned straight from the test process inherits the test
// process's peak (seen: 163 MiB reported for a run that never used 60). Forked from this small process,
// the tool's figure is its own.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: peak-rss OUTFILE COMMAND [ARG...]\n");
        return 64;
    }
    // Descriptors the test process left open (the in-process simulator's sockets) would otherwise stay
    // open, no FIN sent, for as long as the tool runs.
    syscall(SYS_close_range, 3U, ~0U, 0);
    pid_t pid = fork();
    if (pid < 0) return 70;
    if (pid == 0) {
        execv(argv[2], argv + 2);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) return 71;
    }
    FILE *out = fopen(argv[1], "w");
    if (out == NULL) return 73;
    fprintf(out, "%ld\n", usage.ru_maxrss);
    fclose(out);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}
