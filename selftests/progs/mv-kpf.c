// SPDX-License-Identifier: GPL-2.0
/*
 * mv-kpf: the kernel's own per-page flags (/proc/kpageflags) counted the
 * way memviz's lru file counts them, as its oracle.
 *
 *   mv-kpf [-c FILE OUT] START END...   pfn ranges [START, END), one per zone
 *
 * -c: read the ranges, copy FILE (memviz's lru) to OUT, read them again,
 * all in this one process: the first lines are prefixed "0 ", the second
 * "1 ".  The pages of this program's own text are mapped while it runs:
 * read apart, the oracle and memviz would see them differently mapped.
 *
 * For each range one line per list class, as memviz classes a folio
 * (unevictable if PG_unevictable, else anon if swap-backed, else file):
 *   START CLASS pages folios dirty writeback mapped referenced mlocked
 *         swapcache shmem large thp
 * counting only LRU folios, each once at its head with its head's flags
 * for all its pages (kpageflags gives every tail the folio's flags);
 * mapped when any page of the folio is mapped, as folio_mapped();
 * large = order > 0, thp = order 9 (a head followed by 511 tails).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* include/uapi/linux/kernel-page-flags.h, and fs/proc/page.c's KPF_MLOCKED */
#define KPF_REFERENCED		2
#define KPF_DIRTY		4
#define KPF_LRU			5
#define KPF_WRITEBACK		8
#define KPF_MMAP		11
#define KPF_ANON		12
#define KPF_SWAPCACHE		13
#define KPF_SWAPBACKED		14
#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_UNEVICTABLE		18
#define KPF_MLOCKED		33

#define BIT(n) (1ULL << (n))
#define CHUNK 4096

enum { C_PAGES, C_FOLIOS, C_DIRTY, C_WRITEBACK, C_MAPPED, C_REFERENCED, C_MLOCKED,
	C_SWAPCACHE, C_SHMEM, C_LARGE, C_THP, C_NR };
enum { ANON, FILE_, UNEVICTABLE, CLASSES };

static const char *const class_names[CLASSES] = { "anon", "file", "unevictable" };

struct reader {
	int fd;
	uint64_t base;		/* first pfn in buf */
	size_t n;		/* pfns in buf */
	uint64_t buf[CHUNK];
};

/* The flags of @pfn, or 0 past the end of the file. */
static uint64_t flags_of(struct reader *r, uint64_t pfn)
{
	ssize_t got;

	if (pfn >= r->base && pfn < r->base + r->n)
		return r->buf[pfn - r->base];
	got = pread(r->fd, r->buf, sizeof(r->buf), (off_t)(pfn * 8));
	if (got < 0) {
		fprintf(stderr, "mv-kpf: pread at pfn %" PRIu64 ": %s\n", pfn, strerror(errno));
		exit(1);
	}
	r->base = pfn;
	r->n = (size_t)got / 8;
	return r->n ? r->buf[0] : 0;
}

static const char *prefix = "";

static void count_range(struct reader *r, uint64_t start, uint64_t end)
{
	unsigned long long c[CLASSES][C_NR] = { { 0 } };
	uint64_t pfn = start;

	while (pfn < end) {
		uint64_t f = flags_of(r, pfn), nr = 1, mapped;
		int cls;

		if (!(f & BIT(KPF_LRU)) || (f & BIT(KPF_COMPOUND_TAIL))) {
			pfn++;
			continue;
		}
		mapped = f & BIT(KPF_MMAP);
		if (f & BIT(KPF_COMPOUND_HEAD)) {
			uint64_t t;

			while (pfn + nr < end &&
			       ((t = flags_of(r, pfn + nr)) & BIT(KPF_COMPOUND_TAIL))) {
				mapped |= t & BIT(KPF_MMAP);
				nr++;
			}
		}
		if (f & BIT(KPF_UNEVICTABLE))
			cls = UNEVICTABLE;
		else
			cls = (f & BIT(KPF_SWAPBACKED)) ? ANON : FILE_;
		c[cls][C_PAGES] += nr;
		c[cls][C_FOLIOS]++;
		if (f & BIT(KPF_DIRTY))
			c[cls][C_DIRTY] += nr;
		if (f & BIT(KPF_WRITEBACK))
			c[cls][C_WRITEBACK] += nr;
		if (mapped)
			c[cls][C_MAPPED] += nr;
		if (f & BIT(KPF_REFERENCED))
			c[cls][C_REFERENCED] += nr;
		if (f & BIT(KPF_MLOCKED))
			c[cls][C_MLOCKED] += nr;
		if (f & BIT(KPF_SWAPCACHE))
			c[cls][C_SWAPCACHE] += nr;
		/* swap-backed and not anonymous: shmem (tmpfs, shared anon) */
		if ((f & BIT(KPF_SWAPBACKED)) && !(f & BIT(KPF_ANON)))
			c[cls][C_SHMEM] += nr;
		if (nr > 1)
			c[cls][C_LARGE] += nr;
		if (nr == 512)
			c[cls][C_THP] += nr;
		pfn += nr;
	}
	for (int cls = 0; cls < CLASSES; cls++) {
		printf("%s%" PRIu64 " %s", prefix, start, class_names[cls]);
		for (int k = 0; k < C_NR; k++)
			printf(" %llu", c[cls][k]);
		printf("\n");
	}
}

static void count_all(struct reader *r, int argc, char **argv)
{
	int i;

	for (i = 0; i + 1 < argc; i += 2) {
		r->n = 0;
		count_range(r, strtoull(argv[i], NULL, 0), strtoull(argv[i + 1], NULL, 0));
	}
	fflush(stdout);
}

static int copy(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = 0;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			n = -1;
	if (in < 0 || out < 0 || n < 0) {
		fprintf(stderr, "mv-kpf: copy %s to %s: %s\n", from, to, strerror(errno));
		return 1;
	}
	close(in);
	close(out);
	return 0;
}

int main(int argc, char **argv)
{
	struct reader r = { .n = 0 };
	const char *from = NULL, *to = NULL;

	if (argc > 3 && !strcmp(argv[1], "-c")) {
		from = argv[2];
		to = argv[3];
		argc -= 3;
		argv += 3;
	}
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: mv-kpf [-c FILE OUT] START END [START END]...\n");
		return 2;
	}
	r.fd = open("/proc/kpageflags", O_RDONLY);
	if (r.fd < 0) {
		fprintf(stderr, "mv-kpf: /proc/kpageflags: %s\n", strerror(errno));
		return 1;
	}
	if (from) {
		prefix = "0 ";
		count_all(&r, argc - 1, argv + 1);
		if (copy(from, to))
			return 1;
		prefix = "1 ";
	}
	count_all(&r, argc - 1, argv + 1);
	close(r.fd);
	return 0;
}
