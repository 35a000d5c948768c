// SPDX-License-Identifier: GPL-2.0
/*
 * mv-frag: fragment free memory.  Fills MIB MiB with transparent huge
 * pages (whole order-9 blocks), stops khugepaged from collapsing them
 * again, frees every other 4 KiB page (MADV_DONTNEED, then a split of the
 * region's THPs through /sys/kernel/debug/split_huge_pages so the freed
 * subpages return to the buddy allocator as order-0 blocks whose buddies
 * stay in use), optionally mlocks what remains (-l: with
 * vm.compact_unevictable_allowed=0 compaction cannot move it), writes
 * READY and waits to be killed.
 *
 *   mv-frag -m MIB -r READY [-l] [-a ADJ]
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

int main(int argc, char **argv)
{
	unsigned long mib = 0, len, off, page = sysconf(_SC_PAGESIZE);
	const char *ready = NULL, *adj = NULL;
	char *raw, *p, buf[128];
	int lock = 0, c;

	while ((c = getopt(argc, argv, "m:r:la:")) != -1) {
		switch (c) {
		case 'm': mib = strtoul(optarg, NULL, 0); break;
		case 'r': ready = optarg; break;
		case 'l': lock = 1; break;
		case 'a': adj = optarg; break;
		default: return 2;
		}
	}
	if (!mib || !ready) {
		fprintf(stderr, "usage: mv-frag -m MIB -r READY [-l] [-a ADJ]\n");
		return 2;
	}
	if (adj)
		write_file("/proc/self/oom_score_adj", adj);
	len = mib << 20;
	/* PMD-aligned, so every 2 MiB of it can be one THP */
	raw = mmap(NULL, len + PMD_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		die("mmap");
	p = (char *)(((unsigned long)raw + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
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
	c = open("/sys/kernel/debug/split_huge_pages", O_WRONLY);
	if (c < 0 || write(c, buf, strlen(buf)) < 0)
		fprintf(stderr, "mv-frag: split_huge_pages: %s\n", strerror(errno));
	if (c >= 0)
		close(c);
	if (lock && syscall(SYS_mlock2, p, len, MLOCK_ONFAULT))
		die("mlock2");
	write_file(ready, "1\n");
	for (;;)
		pause();
}
