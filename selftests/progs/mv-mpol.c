// SPDX-License-Identifier: GPL-2.0
/*
 * mv-mpol: run a command under a task memory policy of MPOL_BIND to one
 * node, as numactl --membind does (busybox has no numactl).  The policy
 * is the task's own (set_mempolicy), so it is inherited across fork and
 * exec and is what the OOM killer's mempolicy_in_oom_domain() reads.
 *
 *   mv-mpol NODE COMMAND [ARG...]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_BIND 2

int main(int argc, char **argv)
{
	unsigned long mask;

	if (argc < 3) {
		fprintf(stderr, "usage: mv-mpol NODE COMMAND [ARG...]\n");
		return 2;
	}
	mask = 1UL << atoi(argv[1]);
	if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask, sizeof(mask) * 8 + 1)) {
		fprintf(stderr, "mv-mpol: set_mempolicy: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "mv-mpol: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
