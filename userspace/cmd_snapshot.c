// SPDX-License-Identifier: GPL-2.0
/*
 * memviz snapshot DIR: copy every memviz file and the /proc files the
 * reader uses into DIR, so that `memviz --debugfs DIR <command>` later
 * shows the same picture (offline analysis, bug reports, test fixtures).
 * Layout: DIR/<file> for each debugfs file, DIR/proc/{meminfo,vmstat,
 * zoneinfo}, DIR/proc/sys/vm/<sysctl>, DIR/proc/sys/kernel/osrelease, and
 * DIR/cgroup/<path>/memory.{stat,events,pressure} of each cgroup the memcg
 * file names (what `memviz cgroups` joins with it).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdbool.h>
#include "table.h"
#include "memviz.h"
#include "source.h"
#include "util.h"

/*
 * mkdir -p that stops at the first directory it cannot make and says
 * which one and why (EACCES on the parent, not ENOENT further down).
 */
static int mkdirs(const char *dir, char *failed, size_t len)
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

/* The files the OOM ranking reads from /proc/PID, for offline use. */
static int save_processes(const char *dir)
{
	static const char *const files[] = { "status", "oom_score_adj", "oom_score", "stat", "cgroup" };
	struct dirent *de;
	char failed[4096];
	int n = 0;
	size_t i;
	DIR *d = opendir("/proc");

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		long long pid;
		char *sub;

		if (!mv_parse_ll(de->d_name, &pid) || pid <= 0)
			continue;
		sub = mv_xasprintf("%s/proc/%lld", dir, pid);
		if (mkdirs(sub, failed, sizeof(failed))) {
			free(sub);
			continue;
		}
		for (i = 0; i < MV_ARRAY_SIZE(files); i++) {
			char *from = mv_xasprintf("/proc/%lld/%s", pid, files[i]);
			size_t len;
			char *buf = mv_read_file(from, &len);

			/* a process that exits meanwhile leaves what it had */
			if (buf) {
				char *to = mv_xasprintf("%s/%s", sub, files[i]);
				FILE *f = fopen(to, "w");

				if (f) {
					fwrite(buf, 1, len, f);
					fclose(f);
				}
				free(to);
			}
			free(buf);
			free(from);
		}
		free(sub);
		n++;
	}
	closedir(d);
	return n;
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

/*
 * The cgroup files `memviz cgroups` reads, for each cgroup in the saved
 * memcg file.  A cgroup removed meanwhile, or a file the root lacks
 * (memory.events), is simply not saved: the reader shows '-'.
 */
static int save_cgroups(const char *dir)
{
	static const char *const files[] = { "memory.stat", "memory.events", "memory.pressure" };
	char *path = mv_xasprintf("%s/memcg", dir), *buf, err[256], failed[4096];
	struct mv_doc doc = { 0 };
	const struct mv_table *t;
	size_t len, r, i;
	int saved = 0;

	buf = mv_read_file(path, &len);
	free(path);
	if (!buf || mv_doc_parse(&doc, buf, len, "memcg", NULL, err, sizeof(err))) {
		free(buf);
		return 0;
	}
	free(buf);
	t = mv_doc_table(&doc, "memcg");
	for (r = 0; t && r < t->nrows; r++) {
		const char *cg = mv_get_str(t, r, "cgroup");
		char *sub;

		/* a path the kernel wrote: absolute, no "." or ".." component */
		if (!cg || *cg != '/' || strstr(cg, "/.") || strstr(cg, "//"))
			continue;
		sub = mv_xasprintf("%s/cgroup%s", dir, strcmp(cg, "/") ? cg : "");
		if (!mkdirs(sub, failed, sizeof(failed))) {
			for (i = 0; i < MV_ARRAY_SIZE(files); i++) {
				char *from = mv_xasprintf("%s%s/%s", "/sys/fs/cgroup",
							  strcmp(cg, "/") ? cg : "", files[i]);

				if (!access(from, R_OK) && !copy(from, sub, files[i]))
					saved++;
				free(from);
			}
		}
		free(sub);
	}
	mv_doc_free(&doc);
	return saved;
}

int mv_cmd_snapshot(int argc, char **argv, struct mv_opts *o)
{
	static const char *const procs[] = { "meminfo", "vmstat", "zoneinfo" };
	const char *dir;
	char *sub, *from, failed[4096];
	struct dirent *de;
	int files = 0, errs = 0, procs_saved, cg_saved;
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
	if (mkdirs(sub, failed, sizeof(failed))) {
		mv_err("snapshot: cannot create %s: %s", failed, strerror(errno));
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
	mkdirs(sub, failed, sizeof(failed));
	copy("/proc/sys/kernel/osrelease", sub, "osrelease");
	free(sub);
	procs_saved = save_processes(dir);
	cg_saved = save_cgroups(dir);
	printf("memviz: saved %d memviz file(s), /proc facts, %d processes and %d cgroup files in %s\n",
	       files, procs_saved, cg_saved, dir);
	return errs ? MV_EXIT_FAIL : 0;
}
