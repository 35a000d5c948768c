// SPDX-License-Identifier: GPL-2.0
/*
 * mvb-time: wall time of a whole program run, for the peers that are
 * programs (page-types): what a user pays, exec included.
 *
 *   mvb-time [-n N] [-w W] CMD [ARG...] [';' CMD [ARG...]]...
 *     one run is every CMD in turn (page-types once per zone, say), each
 *     with its stdout on /dev/null; runs N times (default 1) and prints the
 *     nanoseconds of each run; exits 1 if a command fails.
 *   -w W  untimed runs first (default 1; see mvb-read.c)
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mvb.h"

/* Run argv[0..] up to a ";" argument or the end; returns the next index. */
static int run_one(char **argv, int i, int argc)
{
	int end = i, status;
	pid_t pid;

	while (end < argc && strcmp(argv[end], ";"))
		end++;
	argv[end < argc ? end : argc] = NULL;
	pid = fork();
	if (pid < 0)
		mvb_die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, 1);
		execvp(argv[i], argv + i);
		mvb_die("exec %s", argv[i]);
	}
	if (waitpid(pid, &status, 0) < 0)
		mvb_die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "mvb-time: %s failed (status %#x)\n", argv[i], status);
		exit(1);
	}
	if (end < argc)
		argv[end] = ";";
	return end + 1;
}

int main(int argc, char **argv)
{
	unsigned long n, w, r;
	int i;

	if (!mvb_reps(argc, argv, "+n:w:", &n, &w)) {
		fprintf(stderr, "usage: mvb-time [-n N] [-w W] CMD [ARG...] [';' CMD [ARG...]]...\n");
		return 2;
	}
	for (r = 0; r < w; r++)
		for (i = optind; i < argc; )
			i = run_one(argv, i, argc);
	for (r = 0; r < n; r++) {
		uint64_t t0 = mvb_now_ns();

		for (i = optind; i < argc; )
			i = run_one(argv, i, argc);
		printf("%llu\n", (unsigned long long)(mvb_now_ns() - t0));
	}
	return 0;
}
