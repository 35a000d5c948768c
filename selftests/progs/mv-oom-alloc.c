// SPDX-License-Identifier: GPL-2.0
/*
 * mv-oom-alloc: the unkillable allocator that drives an OOM.  Sets its
 * oom_score_adj (default -1000, so the OOM killer must pick someone else),
 * then allocates and touches CHUNK MiB at a time until one of the watched
 * processes is gone (killed: exiting, a zombie or no longer in /proc), a limit is
 * reached, or time runs out; then frees everything and exits, so the OOM
 * killer takes exactly one victim.
 *
 *   mv-oom-alloc -w PID[,PID...] [-c CHUNK_MIB] [-M MAX_MIB] [-s SECONDS] [-a ADJ]
 *
 * Prints "gone PID" (exit 0), "max" or "timeout" (exit 3).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_WATCH 16

static void die(const char *what)
{
	fprintf(stderr, "mv-oom-alloc: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void set_adj(const char *adj)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);

	if (fd < 0 || write(fd, adj, strlen(adj)) < 0)
		die("oom_score_adj");
	close(fd);
}

/*
 * Gone: no longer in /proc, a zombie, already exiting (PF_EXITING in the
 * stat flags), or with a SIGKILL pending: a victim may take a moment to
 * exit, and allocating on meanwhile would make the kernel kill again.
 */
#define PF_EXITING 0x00000004UL
#define SIGKILL_BIT (1ULL << (9 - 1))

static int gone(int pid)
{
	char path[64], buf[2048], *p;
	unsigned long long pend;
	unsigned long flags;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return 1;
	if (p[2] == 'Z' || p[2] == 'X')
		return 1;
	/* after ')': state ppid pgrp session tty_nr tpgid flags */
	for (i = 0; p && i < 7; i++)
		p = strchr(p + 1, ' ');
	flags = p ? strtoul(p + 1, NULL, 10) : 0;
	if (flags & PF_EXITING)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	for (p = buf; (p = strstr(p, "Pnd:\t")); p += 5) {
		pend = strtoull(p + 5, NULL, 16);
		if (pend & SIGKILL_BIT)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int watch[MAX_WATCH], nwatch = 0, opt, i;
	long chunk = 4, max = 1L << 20, seconds = 120, done = 0;
	const char *adj = "-1000";
	time_t start = time(NULL);
	char *s, *p;
	size_t k;

	while ((opt = getopt(argc, argv, "w:c:M:s:a:")) != -1) {
		switch (opt) {
		case 'w':
			for (s = strtok(optarg, ","); s && nwatch < MAX_WATCH; s = strtok(NULL, ","))
				watch[nwatch++] = atoi(s);
			break;
		case 'c': chunk = atol(optarg); break;
		case 'M': max = atol(optarg); break;
		case 's': seconds = atol(optarg); break;
		case 'a': adj = optarg; break;
		default:
			fprintf(stderr, "usage: see the comment at the top of mv-oom-alloc.c\n");
			return 2;
		}
	}
	if (!nwatch || chunk <= 0) {
		fprintf(stderr, "mv-oom-alloc: -w PID list required\n");
		return 2;
	}
	set_adj(adj);
	for (;;) {
		for (i = 0; i < nwatch; i++) {
			if (gone(watch[i])) {
				printf("gone %d\n", watch[i]);
				return 0;
			}
		}
		if (done >= max) {
			printf("max\n");
			return 3;
		}
		if (time(NULL) - start > seconds) {
			printf("timeout\n");
			return 3;
		}
		p = mmap(NULL, chunk << 20, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("mmap");
		/* Distinct non-zero bytes so zram cannot dedupe the pages to nothing. */
		for (k = 0; k < (size_t)chunk << 20; k += 4096)
			p[k] = (char)(k >> 12) | 1;
		done += chunk;
	}
}
