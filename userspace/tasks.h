/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes as the OOM killer sees them: oom_badness()'s parts (rss by
 * type, swap entries, page tables, oom_score_adj), eligibility, and the
 * ranking select_bad_process() would make, globally or inside one cgroup
 * v2 memcg (mm/oom_kill.c, identical in 6.1 and 6.12).
 */
#ifndef MEMVIZ_TASKS_H
#define MEMVIZ_TASKS_H

#include <stdbool.h>
#include <stddef.h>

#define MV_LONG_MIN (-9223372036854775807LL - 1)

struct mv_task {
	int pid;
	char comm[64];
	long long rss_anon, rss_file, rss_shmem, swapents, pgtables;	/* pages */
	long long adj;
	long long proc_score;	/* /proc/PID/oom_score, -1 unknown */
	const char *why;	/* NULL = eligible, else the reason it is skipped */
	bool origin;		/* oom_task_origin() (swapoff, ksm): chosen first */
	char *cgroup;		/* cgroup v2 path, "" unknown */
	long long points;	/* oom_badness(), MV_LONG_MIN when refused */
	long long score;	/* what /proc/PID/oom_score would print */
};

struct mv_tasks {
	size_t n;
	struct mv_task *t;
	long long totalpages;	/* the OOM's totalpages */
	long long ram_pages, swap_pages;
	bool from_module;
	char source[160];
};

/* Every process, from the module's oom file or /proc. */
int mv_tasks_load(struct mv_tasks *ts, long page_size, char *err, size_t errlen);
void mv_tasks_free(struct mv_tasks *ts);
/*
 * Keep only tasks in cgroup @path (relative to the v2 root, descendants
 * included) and set totalpages as mem_cgroup_get_max() would; -1 with
 * @err when the cgroup cannot be read.
 */
int mv_tasks_memcg(struct mv_tasks *ts, const char *path, long page_size,
		   char *err, size_t errlen);
/* oom_badness() and the oom_score for every task at ts->totalpages. */
void mv_tasks_score(struct mv_tasks *ts, long long global_totalpages);
/* Sort: eligible first by points (ties: later pid first, as the kernel's >=). */
void mv_tasks_rank(struct mv_tasks *ts);

#endif /* MEMVIZ_TASKS_H */
