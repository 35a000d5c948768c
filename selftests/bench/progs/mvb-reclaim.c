// SPDX-License-Identifier: GPL-2.0
/*
 * mvb-reclaim: a reclaim-heavy workload whose runtime shows what memviz's
 * tracepoint probes cost: streams a file several times its memcg's
 * memory.max, so nearly every page read forces the memcg to reclaim one
 * (vmscan tracepoints fire on every batch).
 *
 *   mvb-reclaim [-c CGROUPDIR] FILE PASSES
 *     joins CGROUPDIR (writes 0 to its cgroup.procs), drops FILE's page
 *     cache (POSIX_FADV_DONTNEED: every run starts cold), then reads FILE
 *     whole PASSES times and prints the nanoseconds the reads took.
 */
#include <fcntl.h>
#include <unistd.h>
#include "mvb.h"

static char buf[1 << 20];

int main(int argc, char **argv)
{
	const char *cg = NULL;
	unsigned long passes, p;
	uint64_t t0;
	char path[512];
	ssize_t n;
	int opt, fd;

	while ((opt = getopt(argc, argv, "c:")) != -1) {
		if (opt != 'c')
			return 2;
		cg = optarg;
	}
	if (optind != argc - 2) {
		fprintf(stderr, "usage: mvb-reclaim [-c CGROUPDIR] FILE PASSES\n");
		return 2;
	}
	passes = mvb_count(argv[optind + 1]);
	if (cg) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1)
			mvb_die("join %s", cg);
		close(fd);
	}
	fd = open(argv[optind], O_RDONLY);
	if (fd < 0)
		mvb_die("open %s", argv[optind]);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	t0 = mvb_now_ns();
	for (p = 0; p < passes; p++) {
		if (lseek(fd, 0, SEEK_SET) < 0)
			mvb_die("lseek");
		do {
			n = read(fd, buf, sizeof(buf));
		} while (n > 0);
		if (n < 0)
			mvb_die("read %s", argv[optind]);
	}
	printf("%llu\n", (unsigned long long)(mvb_now_ns() - t0));
	close(fd);
	return 0;
}
