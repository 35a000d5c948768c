// SPDX-License-Identifier: GPL-2.0
/*
 * mv-order-alloc: make the kernel allocate order-2 blocks with GFP_KERNEL
 * until it cannot.  Each AF_UNIX datagram of SIZE bytes (default 12000)
 * gets a linear skb buffer of that size, which kmalloc() takes straight
 * from the page allocator at order 2 (above kmalloc's largest cache, 8 KiB)
 * with GFP_KERNEL | __GFP_NOWARN: an order the allocator retries and, when
 * neither reclaim nor compaction can produce a block, answers with the OOM
 * killer.  Datagrams stay queued on socketpairs (max_dgram_qlen each), so
 * the blocks stay allocated.  Its own oom_score_adj is -1000: the OOM
 * killer must take someone else.
 *
 *   mv-order-alloc [-n PAIRS] [-s SIZE] [-w PID] [-t SECONDS]
 *
 * Stops when PID (if given) is gone, after PAIRS socketpairs, or after
 * SECONDS; prints "gone", "done" or "timeout" and the datagrams queued.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int gone(int pid)
{
	char path[64], buf[512], *p;
	FILE *f;

	if (!pid)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p)
		return 1;
	p = strrchr(buf, ')');
	return !p || p[2] == 'Z' || p[2] == 'X';
}

int main(int argc, char **argv)
{
	long pairs = 4000, size = 12000, secs = 120, sent = 0, i;
	struct rlimit rl = { 65536, 65536 };
	int pid = 0, c, fd;
	time_t end;
	char *msg;

	while ((c = getopt(argc, argv, "n:s:w:t:")) != -1) {
		switch (c) {
		case 'n': pairs = atol(optarg); break;
		case 's': size = atol(optarg); break;
		case 'w': pid = atoi(optarg); break;
		case 't': secs = atol(optarg); break;
		default: return 2;
		}
	}
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd < 0 || write(fd, "-1000", 5) != 5)
		perror("oom_score_adj");
	if (fd >= 0)
		close(fd);
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	msg = calloc(1, size);
	if (!msg)
		return 1;
	end = time(NULL) + secs;
	for (i = 0; i < pairs; i++) {
		int sv[2];

		if (gone(pid)) {
			printf("gone %ld\n", sent);
			return 0;
		}
		if (time(NULL) > end) {
			printf("timeout %ld\n", sent);
			return 3;
		}
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) {
			fprintf(stderr, "mv-order-alloc: socketpair: %s\n", strerror(errno));
			sleep(1);
			continue;
		}
		/* until the peer's queue is full (EAGAIN) */
		while (send(sv[0], msg, size, MSG_DONTWAIT) == size) {
			sent++;
			if (gone(pid)) {
				printf("gone %ld\n", sent);
				return 0;
			}
		}
	}
	printf("done %ld\n", sent);
	return 0;
}
