/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz OOM: the snapshot behind the oom and oom_memcg files.  Every
 * process with its oom_badness() parts and eligibility, ranked the way
 * select_bad_process() would pick victims, plus every cgroup v2 cgroup
 * with its memcg limits and the victim a memcg OOM there would pick.
 */
#ifndef _MEMVIZ_OOM_H
#define _MEMVIZ_OOM_H

#include <linux/kref.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/types.h>
#include "procfs.h"

/* Why a task is not a candidate, in the order oom_evaluate_task() tests. */
enum memviz_oom_reason {
	MEMVIZ_OOM_ELIGIBLE,
	MEMVIZ_OOM_INIT,	/* is_global_init() */
	MEMVIZ_OOM_KTHREAD,	/* PF_KTHREAD */
	MEMVIZ_OOM_VICTIM,	/* already a victim, mm not yet MMF_OOM_SKIP: aborts selection */
	MEMVIZ_OOM_SKIP,	/* MMF_OOM_SKIP: reaped or marked of no interest */
	MEMVIZ_OOM_EXITING,	/* no thread has an mm any more */
	MEMVIZ_OOM_ADJ_MIN,	/* oom_score_adj == OOM_SCORE_ADJ_MIN */
	MEMVIZ_OOM_VFORK,	/* in the middle of vfork(), sharing the parent's mm */
};

const char *memviz_oom_reason_name(enum memviz_oom_reason r);
void memviz_escape(char *dst, size_t len, const char *src);

/* Escaped comm: every byte may become \xHH. */
#define MEMVIZ_OOM_COMM_LEN (4 * TASK_COMM_LEN)

struct memviz_oom_task {
	pid_t pid;		/* tgid in the reader's pid namespace, 0 = not visible */
	uid_t uid;		/* real uid in the reader's user namespace */
	short adj;		/* oom_score_adj */
	u8 reason;		/* enum memviz_oom_reason */
	bool has_mm;		/* the parts below were read */
	bool origin;		/* oom_task_origin(): chosen first with LONG_MAX */
	unsigned int order;	/* position in for_each_process(): fork order */
	u64 start_time;		/* the order's key */
	bool memcg_unseen;	/* exited leader, no live thread: memcg scans skip it */
	unsigned long rss_anon, rss_file, rss_shmem, swapents, pgtables;
	long badness;		/* oom_badness(): LONG_MIN when it refuses */
	u64 cgroup_id;		/* cgroup v2 cgroup, 0 = unknown */
	u64 memcg_id;		/* cgroup id of its memcg, 0 = none */
	int cg;			/* index in memviz_oom::cg of cgroup_id, -1 */
	int memcg;		/* index in memviz_oom::cg of memcg_id, -1 */
	char comm[MEMVIZ_OOM_COMM_LEN];
};

enum memviz_oom_memcg_state {
	MEMVIZ_MEMCG_KILL,	/* a memcg OOM here would kill victim */
	MEMVIZ_MEMCG_WAIT,	/* an earlier victim inside is still exiting */
	MEMVIZ_MEMCG_NONE,	/* no eligible task inside */
	MEMVIZ_MEMCG_ROOT,	/* the root memcg never has a memcg OOM */
};

struct memviz_oom_cgroup {
	u64 id;
	u64 parent_memcg_id;	/* memcg parent's cgroup id, 0 at the root */
	unsigned int order;	/* pre-order position: mem_cgroup_iter() order */
	int parent_memcg;	/* index of parent_memcg_id, -1 */
	bool memcg;		/* the memory controller is enabled here */
	bool root;
	char *path;		/* escaped, in the reader's cgroup namespace; NULL = gone */
	/* memcg only, pages */
	unsigned long memory_max, memory_current, swap_max, swap_current;
	unsigned long oom_totalpages;	/* mem_cgroup_get_max() ?: 1 */
	/* The memcg OOM selection inside this memcg's subtree. */
	enum memviz_oom_memcg_state state;
	int victim;		/* task index, -1 */
	long victim_points;
	int in_progress;	/* task index of the victim being waited for, -1 */
	unsigned int candidates;
	unsigned int ties;	/* other candidates with the victim's points */
};

struct memviz_oom_totals {
	unsigned long totalram;		/* totalram_pages() */
	unsigned long swap_total;	/* total_swap_pages: SwapTotal less swapoff_pages */
	unsigned long swapoff_pages;	/* in SwapTotal, on a device being swapped off */
	unsigned long totalpages;	/* what oom_score uses: RAM + swap */
	bool have_swap;			/* SwapTotal was read */
	bool memtotal_ok;		/* meminfo's MemTotal == totalram_pages() */
	enum memviz_proc_source meminfo_source;	/* whose /proc/meminfo */
	int swappiness;			/* vm.swappiness, -1 = unreadable */
};

struct memviz_oom {
	struct memviz_oom_totals tp;
	unsigned int nr;		/* tasks recorded */
	unsigned int nr_eligible;
	unsigned int nr_cg;
	unsigned int nr_memcg;
	bool cg_truncated;		/* more cgroups than the array held */
	bool memcg_v2;			/* memory controller on the v2 hierarchy */
	int in_progress;		/* global: victim that aborts selection, -1 */
	unsigned long rss_slack;	/* max error of the rss reads vs an exact sum */
	u64 walk_ns;			/* the task walk, start to end */
	u64 rcu_max_ns;			/* its longest RCU read section */
	u64 taken_ns;			/* when the snapshot was complete */
	struct kref ref;		/* readers sharing it (memviz_oom_get()) */
	unsigned int *rank;		/* row order: task indexes */
	unsigned int *memcg_rows;	/* cg indexes of memcgs, pre-order */
	struct memviz_oom_task *task;
	struct memviz_oom_cgroup *cg;
};

int memviz_oom_read_totals(struct memviz_oom_totals *tp);
/* Readers opening within this much of a snapshot share it. */
#define MEMVIZ_OOM_CACHE_NS	(1000 * NSEC_PER_MSEC)

struct memviz_oom *memviz_oom_get(void);
void memviz_oom_put(struct memviz_oom *o);
void memviz_oom_free(struct memviz_oom *o);

/*
 * The processes an OOM may take its victim from: a memcg OOM's subtree,
 * or, for any other OOM, those sharing memory with its nodes (oom_domain.c).
 */
struct memviz_oom_domain {
	struct cgroup *scope;		/* memcg OOM: this cgroup's subtree; else NULL */
	const nodemask_t *nodemask;	/* mempolicy OOM: the allocation's nodemask */
	const nodemask_t *mems;		/* other OOMs: the trigger's mems_allowed */
};

bool memviz_oom_in_domain(struct task_struct *p, const struct memviz_oom_domain *d);
struct memviz_nspid;
unsigned int memviz_oom_top(struct memviz_oom_task *top, struct memviz_nspid *top_ns,
			    unsigned int n, const struct memviz_oom_domain *dom,
			    unsigned long totalpages, bool memcg_v2, unsigned int *nr_eligible);

/* What /proc/PID/oom_score prints for a badness (proc_oom_score()). */
static inline unsigned long memviz_oom_score(long badness, unsigned long totalpages)
{
	if (badness == LONG_MIN)
		return 0;
	return (1000 + badness * 1000 / (long)totalpages) * 2 / 3;
}

/* oom_badness()'s oom_score_adj term, in pages. */
static inline long memviz_oom_adj_pages(long adj, unsigned long totalpages)
{
	return adj * (long)(totalpages / 1000);
}

#endif /* _MEMVIZ_OOM_H */
