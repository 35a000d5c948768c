// SPDX-License-Identifier: GPL-2.0
/*
 * mv-oom-vfork: a child stuck in the middle of vfork(), which the OOM
 * killer must not pick (in_vfork(): it shares its parent's mm).
 *
 *   mv-oom-vfork SECONDS READYFILE
 *
 * The parent stays blocked in vfork() while the child writes its pid to
 * READYFILE and sleeps SECONDS with raw system calls only (a vfork child
 * may not return or touch the parent's stack state), then _exit()s.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static struct timespec ts;
	static char buf[32];
	static int len, fd;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: mv-oom-vfork SECONDS READYFILE\n");
		return 2;
	}
	ts.tv_sec = atoi(argv[1]);
	pid = vfork();
	if (pid == 0) {
		len = snprintf(buf, sizeof(buf), "%ld\n", (long)syscall(SYS_getpid));
		fd = syscall(SYS_open, argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		syscall(SYS_write, fd, buf, len);
		syscall(SYS_close, fd);
		syscall(SYS_nanosleep, &ts, NULL);
		_exit(0);
	}
	return pid < 0;
}
