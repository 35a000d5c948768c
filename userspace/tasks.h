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
	long long order;	/* position in for_each_process() (oom file), -1 unknown */
	long long memcg_id;	/* cgroup id of the task's memcg (oom file), 0 unknown */
	long long memcg_order;	/* pre-order position of that memcg, -1 unknown */
	long long points;	/* oom_badness(), MV_LONG_MIN when refused; an origin task ranks first whatever it is */
	long long score;	/* what /proc/PID/oom_score would print */
};

struct mv_tasks {
	size_t n;
	struct mv_task *t;
	long long totalpages;	/* the OOM's totalpages */
	long long ram_pages, swap_pages;
	bool from_module;
	bool memcg;		/* ranked for a memcg OOM */
	char memcg_path[128];
	const char *memcg_state;	/* oom_memcg's state for it: kill, wait, none, root; NULL */
	long long memcg_victim;		/* oom_memcg's victim_pid, -1 none or unknown */
	size_t victims;		/* tasks marked oom_victim (killed, still exiting) */
	int victim_pid;		/* the first of them */
	char source[160];
};

/*
 * Every process, from the module's oom file or, without one, /proc (a
 * snapshot's DIR/proc holds the processes it saw).  0, or with @err:
 * MV_TASKS_BAD when the oom file is there and does not load (too new,
 * malformed, unreadable), MV_TASKS_NONE when there is nothing to rank.
 */
#define MV_TASKS_BAD (-1)
#define MV_TASKS_NONE (-2)
int mv_tasks_load(struct mv_tasks *ts, long page_size, char *err, size_t errlen);
void mv_tasks_free(struct mv_tasks *ts);
/*
 * Keep only the tasks a memcg OOM in cgroup @path (relative to the v2
 * root) would scan and set totalpages as mem_cgroup_get_max() would.
 * With the module's oom_memcg table: the tasks whose memcg is that memcg
 * or a descendant, with its oom_totalpages and each memcg's pre-order
 * position for tie-breaking.  Without it: tasks whose cgroup path lies
 * under @path, with memory.max and memory.swap.max from cgroupfs.  -1
 * with @err when the cgroup cannot be found or read.
 */
int mv_tasks_memcg(struct mv_tasks *ts, const char *path, long page_size,
		   char *err, size_t errlen);
/* oom_badness() and the oom_score for every task at ts->totalpages. */
void mv_tasks_score(struct mv_tasks *ts, long long global_totalpages);
/*
 * Sort as select_bad_process() chooses: eligible first, by points; ties go
 * to the task the kernel iterates later (it keeps a task whose points are
 * >= its choice): for a memcg OOM the later memcg in pre-order, then the
 * later task in process order (pid when the order is unknown).
 */
void mv_tasks_rank(struct mv_tasks *ts);

#endif /* MEMVIZ_TASKS_H */
