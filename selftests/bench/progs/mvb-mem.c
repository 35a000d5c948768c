// SPDX-License-Identifier: GPL-2.0
/*
 * mvb-mem: kernel memory a reader holds while one memviz file is open (the
 * snapshot taken at open() plus seq_file's buffer after the first read).
 *
 *   mvb-mem [-n N] [-c K] FILE
 *     per iteration prints "SLAB_VMALLOC_KB MEMFREE_KB": the rise of
 *     Slab + VmallocUsed and the fall of MemFree in /proc/meminfo between
 *     "closed" and "open, first byte read", divided by K.
 *     -c K holds K opens at once (default 1): Slab moves in whole slab
 *     pages, so one small snapshot may read as 0 kB; K of them give the
 *     cost per reader to a fraction of a kB (memviz's lru pass is shared
 *     by concurrent readers, so there it is the cost of one more reader).
 *
 * Writing /proc/sys/vm/stat_refresh before each meminfo read folds the
 * per-CPU vmstat deltas in, so Slab is exact rather than up to a few
 * hundred pages stale.  Transient allocations freed before open() returns
 * are not seen: this is what a reader holds, not a true high-water mark.
 */
#include <fcntl.h>
#include <unistd.h>
#include "mvb.h"

struct mvb_mi {
	long slab_vmalloc_kb;
	long free_kb;
};

static struct mvb_mi meminfo(void)
{
	struct mvb_mi mi = { 0, 0 };
	char line[256];
	long v;
	FILE *f;
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);

	/* EINVAL here only reports negative counters; the fold still happened. */
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0 && errno != EINVAL)
			perror("stat_refresh");
		close(fd);
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		mvb_die("/proc/meminfo");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Slab: %ld", &v) == 1 ||
		    sscanf(line, "VmallocUsed: %ld", &v) == 1)
			mi.slab_vmalloc_kb += v;
		else if (sscanf(line, "MemFree: %ld", &v) == 1)
			mi.free_kb = v;
	}
	fclose(f);
	return mi;
}

int main(int argc, char **argv)
{
	unsigned long n = 1, k = 1, i, j;
	struct mvb_mi before, open_mi;
	int opt, *fd;
	char c;

	while ((opt = getopt(argc, argv, "n:c:")) != -1) {
		if (opt == 'n')
			n = mvb_count(optarg);
		else if (opt == 'c')
			k = mvb_count(optarg);
		else
			return 2;
	}
	if (optind != argc - 1 || !k) {
		fprintf(stderr, "usage: mvb-mem [-n N] [-c K] FILE\n");
		return 2;
	}
	fd = calloc(k, sizeof(*fd));
	if (!fd)
		mvb_die("calloc");
	for (i = 0; i < n; i++) {
		before = meminfo();
		for (j = 0; j < k; j++) {
			fd[j] = open(argv[optind], O_RDONLY);
			if (fd[j] < 0)
				mvb_die("open %s", argv[optind]);
			if (read(fd[j], &c, 1) != 1)
				mvb_die("read %s", argv[optind]);
		}
		open_mi = meminfo();
		for (j = 0; j < k; j++)
			close(fd[j]);
		printf("%.1f %.1f\n",
		       (double)(open_mi.slab_vmalloc_kb - before.slab_vmalloc_kb) / k,
		       (double)(before.free_kb - open_mi.free_kb) / k);
	}
	free(fd);
	return 0;
}
