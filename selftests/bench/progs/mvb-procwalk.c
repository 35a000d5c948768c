// SPDX-License-Identifier: GPL-2.0
/*
 * mvb-procwalk: the /proc walk ps and top do, as the peer of memviz's oom
 * file: for every process, read /proc/PID/oom_score, /proc/PID/status and
 * /proc/PID/stat whole.
 *
 *   mvb-procwalk [-n N] [-w W]
 *     prints "NS PROCESSES" per walk (default 1 walk), after W untimed
 *     walks (default 1; see mvb-read.c)
 *
 * A process that exits during the walk is skipped, as ps skips it.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include "mvb.h"

static char buf[64 << 10];

static int read_whole(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	do {
		n = read(fd, buf, sizeof(buf));
	} while (n > 0);
	close(fd);
	return n < 0 ? -1 : 0;
}

static unsigned long walk(void)
{
	static const char *const files[] = { "oom_score", "status", "stat" };
	char path[300];	/* d_name is up to 255 bytes */
	unsigned long procs = 0;
	struct dirent *d;
	DIR *dir = opendir("/proc");
	unsigned int i;

	if (!dir)
		mvb_die("opendir /proc");
	while ((d = readdir(dir))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "/proc/%s/%s", d->d_name, files[i]);
			if (read_whole(path))
				break;
		}
		procs += i == 3;
	}
	closedir(dir);
	return procs;
}

int main(int argc, char **argv)
{
	unsigned long n = 1, w = 1, i, procs;
	int opt;

	while ((opt = getopt(argc, argv, "n:w:")) != -1) {
		if (opt == 'n')
			n = mvb_count(optarg);
		else if (opt == 'w')
			w = mvb_count(optarg);
		else
			return 2;
	}
	for (i = 0; i < w; i++)
		walk();
	for (i = 0; i < n; i++) {
		uint64_t t0 = mvb_now_ns();

		procs = walk();
		printf("%llu %lu\n", (unsigned long long)(mvb_now_ns() - t0), procs);
	}
	return 0;
}
