// SPDX-License-Identifier: GPL-2.0
/*
 * memviz record DIR: a bounded series of snapshots for `top --replay DIR`,
 * as atop and below keep one, so that an incident can be looked at
 * afterwards.  Every -i seconds one frame, DIR/snap-<seq> (seq counting
 * on from the newest frame already there), written under a dot name and
 * renamed whole so a replay never sees half a frame; then the oldest
 * frames beyond -n COUNT are removed.  Until SIGINT or SIGTERM, which
 * end it between frames; --once (and any --debugfs source, a snapshot
 * that does not change) records one frame.
 *
 * A frame is what top reads: the memviz files except lru, lru_gen and
 * reclaim (their page-frame walk grows with memory: not every second);
 * /proc meminfo, vmstat, zoneinfo, pressure/memory, the vm sysctls and the
 * release; each process's OOM inputs when there is no oom file; each
 * cgroup's memory.current/high/max/pressure under DIR/snap-<seq>/cgroup.
 * Its stamp says when (top_series.c): a frame recorded from a recorded
 * frame keeps that frame's time.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "counters.h"
#include "memviz.h"
#include "snapfs.h"
#include "source.h"
#include "table.h"
#include "top.h"
#include "util.h"

#define DEFAULT_KEEP 120
#define MAX_KEEP 100000

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	stop = sig;
}

/* The frames of @dir as seqs, oldest first; also counts them. */
static long long *frames(const char *dir, size_t *n)
{
	long long *seq = NULL, v;
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t i, j;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "snap-", 5) || !mv_parse_ll(de->d_name + 5, &v) || v < 0)
			continue;
		seq = mv_xrealloc(seq, (*n + 1) * sizeof(*seq));
		seq[(*n)++] = v;
	}
	closedir(d);
	for (i = 1; i < *n; i++)	/* a few hundred at most: insertion sort */
		for (j = i; j > 0 && seq[j - 1] > seq[j]; j--) {
			v = seq[j];
			seq[j] = seq[j - 1];
			seq[j - 1] = v;
		}
	return seq;
}

/* Every memviz file of the source but those that walk page frames. */
static int copy_tables(const char *to)
{
	static const char *const walk[] = { "lru", "lru_gen", "reclaim", "stamp" };
	struct dirent *de;
	int n = 0;
	size_t i;
	DIR *d = opendir(mv_source_dir());

	if (!d)
		return 0;	/* no module: /proc alone, as every command falls back to */
	while ((de = readdir(d))) {
		bool skip = de->d_name[0] == '.';
		struct stat st;
		char *from;

		for (i = 0; i < MV_ARRAY_SIZE(walk); i++)
			skip |= !strcmp(de->d_name, walk[i]);
		from = mv_xasprintf("%s/%s", mv_source_dir(), de->d_name);
		if (!skip && !stat(from, &st) && S_ISREG(st.st_mode) && !mv_copy_file(from, to, de->d_name))
			n++;
		free(from);
	}
	closedir(d);
	return n;
}

static void copy_proc(const char *to, const char *rel, const char *name)
{
	char *from = mv_xasprintf("%s/%s/%s", mv_proc_root(), rel, name);
	char *dir = mv_xasprintf("%s/proc%s%s", to, rel[0] ? "/" : "", rel);
	char failed[4096];

	if (!mv_mkdirs(dir, failed, sizeof(failed)))
		mv_copy_file(from, dir, name);	/* optional files (PSI) may be missing */
	free(dir);
	free(from);
}

static void copy_procfs(const char *to)
{
	static const char *const top[] = { "meminfo", "vmstat", "zoneinfo" };
	char *vm = mv_xasprintf("%s/sys/vm", mv_proc_root());
	struct dirent *de;
	size_t i;
	DIR *d;

	for (i = 0; i < MV_ARRAY_SIZE(top); i++)
		copy_proc(to, "", top[i]);
	copy_proc(to, "pressure", "memory");
	copy_proc(to, "sys/kernel", "osrelease");
	d = opendir(vm);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "drop_caches") ||
		    !strcmp(de->d_name, "compact_memory"))
			continue;	/* write-only triggers */
		copy_proc(to, "sys/vm", de->d_name);
	}
	if (d)
		closedir(d);
	free(vm);
}

/* The cgroups top would show, with the files it reads of each. */
static void copy_cgroups(const char *to)
{
	static const char *const files[] = { "memory.current", "memory.high", "memory.max", "memory.pressure" };
	struct mv_top_frame f;
	char failed[4096];
	size_t i, k;

	memset(&f, 0, sizeof(f));
	f.page_size = mv_page_size(NULL);
	mv_top_cgroups(&f);
	for (i = 0; i < f.ncg; i++) {
		char *dir = mv_xasprintf("%s/cgroup%s", to, f.cg[i].path);
		char *cur = mv_xasprintf("%s%s/memory.current", mv_cgroup_root(), f.cg[i].path);
		struct stat st;

		/* a cgroup cgroupfs does not show (a snapshot's) gets no directory */
		if (!stat(cur, &st) && !mv_mkdirs(dir, failed, sizeof(failed))) {
			for (k = 0; k < MV_ARRAY_SIZE(files); k++) {
				char *from = mv_xasprintf("%s%s/%s", mv_cgroup_root(), f.cg[i].path, files[k]);

				mv_copy_file(from, dir, files[k]);
				free(from);
			}
		}
		free(cur);
		free(dir);
	}
	free(f.cg);
}

/* One frame into @ring, then the ring cut to @keep; -1 after saying why. */
static int record_frame(const char *ring, long long keep)
{
	struct mv_stamp st, src;
	char *tmp, *final, *oom;
	long long *seq;
	size_t n, i;
	struct stat sb;
	int ret = 0;

	seq = frames(ring, &n);
	st.seq = n ? seq[n - 1] + 1 : 1;
	free(seq);
	if (mv_source_offline() && mv_stamp_read(mv_source_dir(), &src)) {
		st.t = src.t;	/* a recorded frame again: its own time */
		st.t_real = src.t_real;
	} else if (mv_source_offline()) {
		st.t = st.t_real = -1;	/* a snapshot's time is not known */
	} else {
		st.t = mv_now();
		st.t_real = (double)time(NULL);
	}
	tmp = mv_xasprintf("%s/.tmp-snap-%lld", ring, st.seq);
	final = mv_xasprintf("%s/snap-%08lld", ring, st.seq);
	mv_rm_tree(tmp);
	if (mkdir(tmp, 0755)) {
		mv_err("record: cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		free(final);
		return -1;
	}
	copy_tables(tmp);
	copy_procfs(tmp);
	oom = mv_xasprintf("%s/oom", tmp);
	if (stat(oom, &sb))	/* no module: the ranking comes from the processes */
		mv_save_processes(mv_proc_root(), tmp);
	free(oom);
	copy_cgroups(tmp);
	if (mv_stamp_write(tmp, &st) || rename(tmp, final)) {
		mv_err("record: cannot write %s: %s", final, strerror(errno));
		mv_rm_tree(tmp);
		ret = -1;
	}
	free(tmp);
	free(final);
	seq = frames(ring, &n);
	for (i = 0; ret == 0 && n > (size_t)keep && i < n - (size_t)keep; i++) {
		char *old = mv_xasprintf("%s/snap-%08lld", ring, seq[i]);

		if (mv_rm_tree(old))
			mv_err("record: cannot remove %s: %s", old, strerror(errno));
		free(old);
	}
	free(seq);
	return ret;
}

int mv_cmd_record(int argc, char **argv, struct mv_opts *o)
{
	long long keep = o->count > 0 ? o->count : DEFAULT_KEEP, done = 0;
	double interval = (double)o->interval_ms / 1000, next;
	char failed[4096];
	struct sigaction sa;
	const char *ring;
	bool one;

	if (argc != 2) {
		mv_err("record needs one argument: the directory to keep the frames in");
		return MV_EXIT_USAGE;
	}
	if (o->lines || o->replay || o->delay_ms >= 0 || o->fmt != MV_FMT_TEXT) {
		mv_err("record takes -i SECONDS, -n COUNT and --once (see memviz help record)");
		return MV_EXIT_USAGE;
	}
	if (keep > MAX_KEEP) {
		mv_err("record keeps at most %d frames (-n)", MAX_KEEP);
		return MV_EXIT_USAGE;
	}
	ring = argv[1];
	if (mv_mkdirs(ring, failed, sizeof(failed))) {
		mv_err("record: cannot create %s: %s", failed, strerror(errno));
		return MV_EXIT_FAIL;
	}
	one = o->once || mv_source_offline();
	if (one)
		return record_frame(ring, keep) ? MV_EXIT_FAIL : 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;	/* no SA_RESTART: the sleep ends at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "memviz: recording into %s every %.1f s, keeping the last %lld frames (SIGINT stops)\n",
		ring, interval, keep);
	next = mv_now();
	while (!stop) {
		double wait;

		if (record_frame(ring, keep))
			return MV_EXIT_FAIL;
		done++;
		next += interval;
		while (!stop && (wait = next - mv_now()) > 0) {
			struct timespec d = { (time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9) };

			nanosleep(&d, NULL);
		}
		if (next < mv_now())	/* a frame took longer than the interval */
			next = mv_now();
	}
	fprintf(stderr, "memviz: recorded %lld frames into %s\n", done, ring);
	return 0;
}
