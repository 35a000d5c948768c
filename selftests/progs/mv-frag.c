// SPDX-License-Identifier: GPL-2.0
/*
 * mv-frag: fragment free memory.  Chunk by chunk (CHUNK MiB, default
 * 32): fills it with transparent huge pages (whole order-9 blocks), stops
 * khugepaged from collapsing them again, frees every other 4 KiB page
 * (MADV_DONTNEED, then a split of the chunk's THPs through
 * /sys/kernel/debug/split_huge_pages, so the freed subpages return to the
 * buddy allocator as order-0 blocks whose buddies stay in use).  Stops
 * after MIB MiB, or with -x at the first chunk in which a fault fell back
 * from a THP (thp_fault_fallback moved: no order-9 block was left), or
 * when MemFree falls below FLOOR MiB.  Then optionally mlocks what remains
 * (-l: with vm.compact_unevictable_allowed=0 compaction cannot move it),
 * writes READY and waits to be killed.  Set THP defrag to "never" first
 * with -x, or THP faults compact their own order-9 blocks out of the holes.
 *
 *   mv-frag -m MIB -r READY [-x] [-l] [-c CHUNK] [-f FLOOR] [-a ADJ]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 0x01
#endif

#define PMD_SIZE (2UL << 20)

static void die(const char *what)
{
	fprintf(stderr, "mv-frag: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, s, strlen(s)) < 0)
		die(path);
	close(fd);
}

/* A counter of /proc/vmstat or /proc/meminfo ("name value" or "Name: value kB"). */
static long counter(const char *file, const char *name)
{
	char line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && (line[n] == ' ' || line[n] == ':')) {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Fault a chunk in as THPs, punch every other page, free the holes. */
static void frag_chunk(char *p, unsigned long len, unsigned long page)
{
	unsigned long off;
	char buf[128];
	int fd;

	madvise(p, len, MADV_HUGEPAGE);	/* may fail without THP: 4 KiB pages then */
	for (off = 0; off < len; off += page)
		p[off] = 1;
	/* khugepaged would collapse the half-empty ranges back (max_ptes_none) */
	madvise(p, len, MADV_NOHUGEPAGE);
	for (off = page; off < len; off += 2 * page)
		if (madvise(p + off, page, MADV_DONTNEED))
			die("madvise(MADV_DONTNEED)");
	/* split this process's THPs in the range: the unmapped subpages are freed */
	snprintf(buf, sizeof(buf), "%d,0x%lx,0x%lx", getpid(), (unsigned long)p,
		 (unsigned long)p + len);
	fd = open("/sys/kernel/debug/split_huge_pages", O_WRONLY);
	if (fd < 0 || write(fd, buf, strlen(buf)) < 0)
		fprintf(stderr, "mv-frag: split_huge_pages: %s\n", strerror(errno));
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	unsigned long mib = 0, chunk = 32, floor = 0, len, done, page = sysconf(_SC_PAGESIZE);
	const char *ready = NULL, *adj = NULL;
	int lock = 0, exhaust = 0, c;
	char *raw, *p;

	while ((c = getopt(argc, argv, "m:r:lxc:f:a:")) != -1) {
		switch (c) {
		case 'm': mib = strtoul(optarg, NULL, 0); break;
		case 'r': ready = optarg; break;
		case 'l': lock = 1; break;
		case 'x': exhaust = 1; break;
		case 'c': chunk = strtoul(optarg, NULL, 0); break;
		case 'f': floor = strtoul(optarg, NULL, 0); break;
		case 'a': adj = optarg; break;
		default: return 2;
		}
	}
	if (!mib || !ready || !chunk) {
		fprintf(stderr, "usage: mv-frag -m MIB -r READY [-x] [-l] [-c CHUNK] [-f FLOOR] [-a ADJ]\n");
		return 2;
	}
	if (adj)
		write_file("/proc/self/oom_score_adj", adj);
	len = mib << 20;
	/* reserved at once, PMD-aligned, so every 2 MiB of it can be one THP */
	raw = mmap(NULL, len + PMD_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (raw == MAP_FAILED)
		die("mmap");
	p = (char *)(((unsigned long)raw + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
	for (done = 0; done < len; done += chunk << 20) {
		unsigned long n = len - done < chunk << 20 ? len - done : chunk << 20;
		long fb = counter("/proc/vmstat", "thp_fault_fallback");

		if (floor && counter("/proc/meminfo", "MemFree") < (long)(floor << 10))
			break;
		frag_chunk(p + done, n, page);
		if (exhaust && counter("/proc/vmstat", "thp_fault_fallback") != fb) {
			done += n;
			break;
		}
	}
	printf("mv-frag: %lu MiB fragmented\n", (done < len ? done : len) >> 20);
	fflush(stdout);
	if (lock && syscall(SYS_mlock2, p, done < len ? done : len, MLOCK_ONFAULT))
		die("mlock2");
	write_file(ready, "1\n");
	for (;;)
		pause();
}
