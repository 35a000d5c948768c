// SPDX-License-Identifier: GPL-2.0
/*
 * mv-hog: the memory workload every memviz selftest shares.  Allocates
 * and touches memory of a chosen kind, optionally on a chosen node, then
 * holds it so the test can look at the kernel's view of it.
 *
 *   mv-hog -m MIB [-n NODE] [-l] [-t] [-f FILE] [-a ADJ] [-s SECONDS] [-r READYFILE] [-k]
 *          [-D FILE:MIB]
 *     -m MIB     size in MiB
 *     -n NODE    bind the memory to NODE (mbind MPOL_BIND)
 *     -l         mlock() it
 *     -t         madvise(MADV_HUGEPAGE) and align to 2 MiB (THP)
 *     -f FILE    map FILE (created, MAP_SHARED) instead of anonymous memory:
 *                on tmpfs this is shmem, elsewhere page cache
 *     -a ADJ     write ADJ to /proc/self/oom_score_adj first
 *     -s SECONDS hold for SECONDS (default: until killed)
 *     -r FILE    create FILE once the memory is touched
 *     -k         keep allocating MIB chunks until the OOM killer or a failure stops us
 *     -D FILE:MIB once ready, read MIB MiB of FILE in one O_DIRECT read(): on a
 *                slow device the task waits uninterruptibly (D) that long,
 *                a victim that the OOM killer cannot make exit before then
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_BIND 2
#define HUGE_2M (2UL << 20)

static void die(const char *what)
{
	fprintf(stderr, "mv-hog: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void set_adj(const char *adj)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);

	if (fd < 0 || write(fd, adj, strlen(adj)) < 0)
		die("oom_score_adj");
	close(fd);
}

static char *map_memory(size_t len, const char *file, int thp)
{
	char *p;

	if (file) {
		int fd = open(file, O_RDWR | O_CREAT, 0600);

		if (fd < 0)
			die(file);
		if (ftruncate(fd, len))
			die("ftruncate");
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (p == MAP_FAILED)
			die("mmap file");
		return p;
	}
	if (thp) {
		/* Over-map and align so whole PMDs can be THP-backed. */
		char *raw = mmap(NULL, len + HUGE_2M, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (raw == MAP_FAILED)
			die("mmap");
		p = (char *)(((unsigned long)raw + HUGE_2M - 1) & ~(HUGE_2M - 1));
		if (madvise(p, len, MADV_HUGEPAGE))
			die("madvise");
		return p;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

static void bind_node(char *p, size_t len, int node)
{
	unsigned long mask = 1UL << node;

	if (syscall(SYS_mbind, p, len, MPOL_BIND, &mask, sizeof(mask) * 8 + 1, 0))
		die("mbind");
}

/* One O_DIRECT read() of MIB MiB of FILE ("FILE:MIB") into a fresh buffer. */
static void direct_read(char *spec)
{
	char *colon = strrchr(spec, ':');
	size_t len;
	void *buf;
	int fd;

	if (!colon)
		die("-D FILE:MIB");
	*colon = '\0';
	len = strtoul(colon + 1, NULL, 0) << 20;
	fd = open(spec, O_RDONLY | O_DIRECT);
	if (fd < 0)
		die(spec);
	if (posix_memalign(&buf, 4096, len))
		die("posix_memalign");
	if (read(fd, buf, len) < 0)
		die("read");
	close(fd);
}

static void touch(char *p, size_t len)
{
	size_t i;

	/* Distinct non-zero bytes so zram cannot dedupe the pages to nothing. */
	for (i = 0; i < len; i += 4096)
		p[i] = (char)(i >> 12) | 1;
}

int main(int argc, char **argv)
{
	const char *file = NULL, *ready = NULL;
	char *direct = NULL;
	int node = -1, lock = 0, thp = 0, keep = 0, opt;
	long seconds = -1;
	size_t len = 0;
	char *p;

	while ((opt = getopt(argc, argv, "m:n:ltf:a:s:r:kD:")) != -1) {
		switch (opt) {
		case 'm': len = strtoul(optarg, NULL, 0) << 20; break;
		case 'n': node = atoi(optarg); break;
		case 'l': lock = 1; break;
		case 't': thp = 1; break;
		case 'f': file = optarg; break;
		case 'a': set_adj(optarg); break;
		case 's': seconds = atol(optarg); break;
		case 'r': ready = optarg; break;
		case 'k': keep = 1; break;
		case 'D': direct = optarg; break;
		default:
			fprintf(stderr, "usage: see the comment at the top of mv-hog.c\n");
			return 2;
		}
	}
	if (!len) {
		fprintf(stderr, "mv-hog: -m MIB is required\n");
		return 2;
	}
	do {
		p = map_memory(len, file, thp);
		if (node >= 0)
			bind_node(p, len, node);
		if (lock && mlock(p, len))
			die("mlock");
		touch(p, len);
	} while (keep);
	if (ready) {
		int fd = open(ready, O_WRONLY | O_CREAT, 0644);

		if (fd >= 0)
			close(fd);
	}
	if (direct)
		direct_read(direct);
	if (seconds < 0)
		for (;;)
			pause();
	sleep(seconds);
	return 0;
}
