// SPDX-License-Identifier: GPL-2.0
/*
 * mvb-read: what one reader pays for a file, measured in-process so that no
 * fork/exec is counted for either side of a comparison.
 *
 *   mvb-read [-n N] [-w W] FILE...
 *     reads every FILE whole (open, read to EOF, close) N times (default 1;
 *     0 = forever, the "reader looping over every file" of the latency
 *     bench) and prints, per iteration, "TOTAL_NS OPEN_NS": the nanoseconds
 *     all FILEs took, and how much of it open() took (a memviz file takes
 *     its snapshot at open(); the rest is formatting the table in read()).
 *     W untimed reads come first (default 1): under TCG the first run of
 *     any code path pays for its translation, which no later run does.
 *
 * One 1 MiB buffer: a memviz file or /proc/zoneinfo is read in few calls,
 * as `cat` would with a large buffer.
 */
#include <fcntl.h>
#include <unistd.h>
#include "mvb.h"

static char buf[1 << 20];

/* Read PATH whole; returns the nanoseconds open() took. */
static uint64_t read_whole(const char *path)
{
	uint64_t t0 = mvb_now_ns(), opened;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	opened = mvb_now_ns() - t0;
	if (fd < 0)
		mvb_die("open %s", path);
	do {
		n = read(fd, buf, sizeof(buf));
	} while (n > 0);
	if (n < 0)
		mvb_die("read %s", path);
	close(fd);
	return opened;
}

int main(int argc, char **argv)
{
	unsigned long n, w, i;
	int f;

	if (!mvb_reps(argc, argv, "n:w:", &n, &w)) {
		fprintf(stderr, "usage: mvb-read [-n N] [-w W] FILE...\n");
		return 2;
	}
	for (i = 0; n && i < w; i++)
		for (f = optind; f < argc; f++)
			read_whole(argv[f]);
	for (i = 0; n == 0 || i < n; i++) {
		uint64_t t0 = mvb_now_ns(), opened = 0;

		for (f = optind; f < argc; f++)
			opened += read_whole(argv[f]);
		if (n)
			printf("%llu %llu\n", (unsigned long long)(mvb_now_ns() - t0),
			       (unsigned long long)opened);
	}
	return 0;
}
