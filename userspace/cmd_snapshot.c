// SPDX-License-Identifier: GPL-2.0
/*
 * memviz snapshot DIR: copy every memviz file and the /proc files the
 * reader uses into DIR, so that `memviz --debugfs DIR <command>` later
 * shows the same picture (offline analysis, bug reports, test fixtures).
 * Layout: DIR/<file> for each debugfs file, DIR/proc/{meminfo,vmstat,
 * zoneinfo}, DIR/proc/sys/vm/<sysctl>, DIR/proc/sys/kernel/osrelease.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "memviz.h"
#include "source.h"
#include "util.h"

static int mkdirs(const char *dir)
{
	char *p = mv_xstrdup(dir), *s;
	int ret = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			ret = -1;
		*s = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
}

static int copy(const char *from, const char *dir, const char *name)
{
	char *to = mv_xasprintf("%s/%s", dir, name);
	size_t len;
	char *buf = mv_read_file(from, &len);
	int fd, ret = -1;

	if (buf) {
		fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) {
			ret = write(fd, buf, len) == (ssize_t)len ? 0 : -1;
			if (close(fd))
				ret = -1;
		}
	}
	if (ret)
		mv_err("snapshot: %s -> %s: %s", from, to, strerror(errno));
	free(buf);
	free(to);
	return ret;
}

int mv_cmd_snapshot(int argc, char **argv, struct mv_opts *o)
{
	static const char *const procs[] = { "meminfo", "vmstat", "zoneinfo" };
	const char *dir;
	char *sub, *from;
	struct dirent *de;
	int files = 0, errs = 0;
	size_t i;
	DIR *d;

	(void)o;
	if (argc != 2) {
		mv_err("snapshot needs one argument: the directory to write");
		return MV_EXIT_USAGE;
	}
	if (mv_source_offline()) {
		mv_err("snapshot copies the live system; --debugfs makes no sense with it");
		return MV_EXIT_USAGE;
	}
	dir = argv[1];
	sub = mv_xasprintf("%s/proc/sys/vm", dir);
	if (mkdirs(sub)) {
		mv_err("snapshot: cannot create %s: %s", sub, strerror(errno));
		free(sub);
		return MV_EXIT_FAIL;
	}
	free(sub);
	d = opendir(MV_DEBUGFS_DIR);
	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			from = mv_xasprintf("%s/%s", MV_DEBUGFS_DIR, de->d_name);
			if (copy(from, dir, de->d_name))
				errs++;
			else
				files++;
			free(from);
		}
		closedir(d);
	} else {
		mv_err("%s; saving /proc only", mv_module_hint());
	}
	sub = mv_xasprintf("%s/proc", dir);
	for (i = 0; i < MV_ARRAY_SIZE(procs); i++) {
		from = mv_xasprintf("/proc/%s", procs[i]);
		errs += copy(from, sub, procs[i]) != 0;
		free(from);
	}
	free(sub);
	sub = mv_xasprintf("%s/proc/sys/vm", dir);
	d = opendir("/proc/sys/vm");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "drop_caches") ||
		    !strcmp(de->d_name, "compact_memory"))
			continue;	/* write-only triggers */
		from = mv_xasprintf("/proc/sys/vm/%s", de->d_name);
		if (!access(from, R_OK))
			copy(from, sub, de->d_name);
		free(from);
	}
	if (d)
		closedir(d);
	free(sub);
	sub = mv_xasprintf("%s/proc/sys/kernel", dir);
	mkdirs(sub);
	copy("/proc/sys/kernel/osrelease", sub, "osrelease");
	free(sub);
	printf("memviz: saved %d memviz file(s) and /proc facts in %s\n", files, dir);
	return errs ? MV_EXIT_FAIL : 0;
}
