// SPDX-License-Identifier: GPL-2.0
/*
 * The file operations of `memviz snapshot` and `memviz record`: make the
 * snapshot's directories, copy a file whole (read first, so a debugfs
 * table is one consistent read), save what the OOM ranking needs of each
 * process, and remove a recorded frame that rotates out of the ring.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "snapfs.h"
#include "source.h"
#include "table.h"
#include "util.h"

int mv_mkdirs(const char *dir, char *failed, size_t len)
{
	char *p = mv_xstrdup(dir), *s;
	int e = 0;

	for (s = p + 1; !e; s++) {
		bool end = !*s;

		if (*s && *s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			e = errno;
			snprintf(failed, len, "%s", p);
		}
		if (end)
			break;
		*s = '/';
	}
	free(p);
	errno = e;
	return e ? -1 : 0;
}

int mv_copy_file(const char *from, const char *dir, const char *name)
{
	char *to = mv_xasprintf("%s/%s", dir, name);
	size_t len;
	char *buf = mv_read_file(from, &len);
	int fd, ret = -1, e = errno;

	if (buf) {
		fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) {
			ret = write(fd, buf, len) == (ssize_t)len ? 0 : -1;
			e = errno;
			if (close(fd))
				ret = -1;
		} else {
			e = errno;
		}
	}
	free(buf);
	free(to);
	errno = e;
	return ret;
}

int mv_save_processes(const char *proc, const char *dir)
{
	static const char *const files[] = { "status", "oom_score_adj", "oom_score", "stat", "cgroup" };
	struct dirent *de;
	char failed[4096];
	int n = 0;
	size_t i;
	DIR *d = opendir(proc);

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		long long pid;
		char *sub;

		if (!mv_parse_ll(de->d_name, &pid) || pid <= 0)
			continue;
		sub = mv_xasprintf("%s/proc/%lld", dir, pid);
		if (mv_mkdirs(sub, failed, sizeof(failed))) {
			free(sub);
			continue;
		}
		for (i = 0; i < MV_ARRAY_SIZE(files); i++) {
			char *from = mv_xasprintf("%s/%lld/%s", proc, pid, files[i]);

			/* a process that exits meanwhile leaves what it had */
			mv_copy_file(from, sub, files[i]);
			free(from);
		}
		free(sub);
		n++;
	}
	closedir(d);
	return n;
}

int mv_rm_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	int ret = 0;
	DIR *d;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = mv_xasprintf("%s/%s", path, de->d_name);
		if (mv_rm_tree(p))
			ret = -1;
		free(p);
	}
	closedir(d);
	if (rmdir(path))
		ret = -1;
	return ret;
}
