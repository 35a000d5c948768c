// SPDX-License-Identifier: GPL-2.0
/*
 * mv-forkn: many processes, or many short-lived ones.
 *
 *   mv-forkn -n N -r READYFILE   fork N children that each wait in pause();
 *                                when all exist, write their pids, one per
 *                                line, to READYFILE; SIGTERM ends them all
 *   mv-forkn -l SECONDS          fork a child that exits at once, reap it,
 *                                again, for SECONDS; prints the count
 *
 * Children are forked, not exec'd: each has its own mm (page tables, a
 * few private pages after copy-on-write), which is what the oom file
 * reports per process, at a cost the 2 GiB guest can afford 5,000 times.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t *kids;
static int nkids;

static void on_term(int sig)
{
	int i;

	(void)sig;
	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	/* Reap them: orphans would stay zombies under the guest's /init. */
	while (wait(NULL) > 0)
		;
	_exit(0);
}

static int many(int n, const char *ready)
{
	char tmp[512];
	FILE *f;
	int i;

	kids = calloc(n, sizeof(*kids));
	if (!kids)
		return 2;
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "mv-forkn: fork %d: %s\n", i, strerror(errno));
			on_term(0);
		}
		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			for (;;)
				pause();
		}
		kids[nkids++] = pid;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", ready);
	f = fopen(tmp, "w");
	if (!f)
		on_term(0);
	for (i = 0; i < nkids; i++)
		fprintf(f, "%d\n", (int)kids[i]);
	if (fclose(f) || rename(tmp, ready))
		on_term(0);
	for (;;)
		pause();
}

static int churn(double secs)
{
	struct timespec a, b;
	unsigned long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0) {
			waitpid(pid, NULL, 0);
			n++;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while (b.tv_sec - a.tv_sec + (b.tv_nsec - a.tv_nsec) / 1e9 < secs);
	printf("forks=%lu\n", n);
	return n == 0;
}

int main(int argc, char **argv)
{
	const char *ready = NULL;
	double loop = -1;
	int n = 0, opt;

	while ((opt = getopt(argc, argv, "n:r:l:")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'r': ready = optarg; break;
		case 'l': loop = atof(optarg); break;
		default:
			fprintf(stderr, "usage: see the comment at the top of mv-forkn.c\n");
			return 2;
		}
	}
	if (loop >= 0)
		return churn(loop);
	if (n <= 0 || !ready) {
		fprintf(stderr, "usage: mv-forkn -n N -r READYFILE | -l SECONDS\n");
		return 2;
	}
	return many(n, ready);
}
