// SPDX-License-Identifier: GPL-2.0
/*
 * mvb-spawn: a crowd of processes for the oom benchmark, each a little
 * different (resident size, oom_score_adj) so the kernel's ranking has
 * something to rank.
 *
 *   mvb-spawn N READYFILE
 *     forks N children, creates READYFILE once all of them hold their
 *     memory, then waits; killing it (SIGTERM/SIGKILL) kills them all
 *     (PR_SET_PDEATHSIG).
 *
 * Child i touches (i % 8 + 1) * 16 KiB and sets oom_score_adj to
 * (i % 5) * 100: about 72 KiB each, 150 MiB for 2,000.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "mvb.h"

static void child(unsigned long i, int pipe_w)
{
	size_t len = (i % 8 + 1) * 16384;
	char *p = malloc(len);
	char adj[8];
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(0);
	if (p)
		memset(p, (int)(i | 1), len);
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd >= 0) {
		snprintf(adj, sizeof(adj), "%lu", (i % 5) * 100);
		if (write(fd, adj, strlen(adj)) < 0)
			perror("oom_score_adj");
		close(fd);
	}
	/* One byte back: "I hold my memory". */
	if (write(pipe_w, "", 1) != 1)
		_exit(1);
	close(pipe_w);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	unsigned long n, i;
	int pfd[2], fd;
	char c;

	if (argc != 3) {
		fprintf(stderr, "usage: mvb-spawn N READYFILE\n");
		return 2;
	}
	n = mvb_count(argv[1]);
	if (pipe(pfd))
		mvb_die("pipe");
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			mvb_die("fork %lu", i);
		if (pid == 0) {
			close(pfd[0]);
			child(i, pfd[1]);
		}
	}
	close(pfd[1]);
	for (i = 0; i < n; i++)
		if (read(pfd[0], &c, 1) != 1)
			mvb_die("child %lu did not start", i);
	fd = open(argv[2], O_WRONLY | O_CREAT, 0600);
	if (fd < 0)
		mvb_die("%s", argv[2]);
	close(fd);
	for (;;)
		pause();
}
