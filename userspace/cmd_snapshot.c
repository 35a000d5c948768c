// SPDX-License-Identifier: GPL-2.0
/*
 * memviz snapshot DIR: copy every memviz file and the /proc files the
 * reader uses into DIR, so that `memviz --debugfs DIR <command>` later
 * shows the same picture (offline analysis, bug reports, test fixtures).
 * Layout: DIR/<file> for each debugfs file, DIR/proc/{meminfo,vmstat,
 * zoneinfo}, DIR/proc/sys/vm/<sysctl>, DIR/proc/sys/kernel/osrelease,
 * DIR/proc/pressure/memory, and DIR/cgroup/<path>/memory.{stat,events,pressure}
 * of each cgroup the memcg file names (what `memviz cgroups` joins with it).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdbool.h>
#include "table.h"
#include "memviz.h"
#include "snapfs.h"
#include "source.h"
#include "util.h"

static int copy(const char *from, const char *dir, const char *name)
{
	if (!mv_copy_file(from, dir, name))
		return 0;
	mv_err("snapshot: %s -> %s/%s: %s", from, dir, name, strerror(errno));
	return -1;
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
		if (!mv_mkdirs(sub, failed, sizeof(failed))) {
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
	if (mv_mkdirs(sub, failed, sizeof(failed))) {
		mv_err("snapshot: cannot create %s: %s", failed, strerror(errno));
		free(sub);
		return MV_EXIT_FAIL;
	}
	free(sub);
	d = opendir(MV_DEBUGFS_DIR);
	if (d) {
		while ((de = readdir(d))) {
			struct stat st;

			if (de->d_name[0] == '.')
				continue;
			from = mv_xasprintf("%s/%s", MV_DEBUGFS_DIR, de->d_name);
			/* sample/: the same tables from sampled passes, not saved */
			if (stat(from, &st) || !S_ISREG(st.st_mode)) {
				free(from);
				continue;
			}
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
	mv_mkdirs(sub, failed, sizeof(failed));
	copy("/proc/sys/kernel/osrelease", sub, "osrelease");
	free(sub);
	/* PSI for `top --debugfs DIR`; a kernel without it has no such file */
	sub = mv_xasprintf("%s/proc/pressure", dir);
	if (!access("/proc/pressure/memory", R_OK) && !mv_mkdirs(sub, failed, sizeof(failed)))
		copy("/proc/pressure/memory", sub, "memory");
	free(sub);
	procs_saved = mv_save_processes("/proc", dir);
	cg_saved = save_cgroups(dir);
	printf("memviz: saved %d memviz file(s), /proc facts, %d processes and %d cgroup files in %s\n",
	       files, procs_saved, cg_saved, dir);
	return errs ? MV_EXIT_FAIL : 0;
}
