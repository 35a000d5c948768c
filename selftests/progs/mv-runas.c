// SPDX-License-Identifier: GPL-2.0
/*
 * mv-runas: run a command as another user, with no groups and no
 * capabilities left (an ordinary user, as far as the kernel can tell).
 *
 *   mv-runas UID GID COMMAND [ARG...]
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t uid;
	gid_t gid;

	if (argc < 4) {
		fprintf(stderr, "usage: mv-runas UID GID COMMAND [ARG...]\n");
		return 2;
	}
	uid = atoi(argv[1]);
	gid = atoi(argv[2]);
	/* Groups, then gid, then uid: after setuid() the others are refused. */
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) || setresuid(uid, uid, uid)) {
		perror("mv-runas");
		return 2;
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
