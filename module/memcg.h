/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz memcg: the snapshot behind the memcg file (memcg.c): every online
 * memory cgroup with its limits, the protection a reclaim from the root
 * would give it, its own LRU pages by cost, and its memcg reclaim activity
 * where the kernel names the memcg it reclaims (activity.c).
 */
#ifndef _MEMVIZ_MEMCG_H
#define _MEMVIZ_MEMCG_H

#include <linux/cgroup.h>
#include <linux/types.h>
#include "activity.h"
#include "lru.h"

/* Whether reclaim from the root would pass over the memcg now. */
enum memviz_memcg_skip {
	MEMVIZ_MEMCG_SKIP_NONE,
	MEMVIZ_MEMCG_SKIP_LOW,	/* usage <= elow: scanned only when nothing else is left */
	MEMVIZ_MEMCG_SKIP_MIN,	/* usage <= emin: never scanned */
};

struct memviz_memcg {
	struct cgroup_subsys_state *css;	/* pinned during collection only */
	u64 id;				/* cgroup id */
	int parent;			/* row index, -1 for the root */
	unsigned int depth;
	/* pages; v2-only ones stay 0 on v1 (printed '-') */
	unsigned long usage, max, min, low, high, swap_current, swap_max;
	unsigned long emin_cached, elow_cached;	/* the kernel's, from its last reclaim */
	unsigned long children_min_usage, children_low_usage;
	unsigned long emin, elow;	/* for a reclaim from the root, now */
	unsigned long protected;	/* min(usage, max(emin, elow)) */
	u8 skip;			/* enum memviz_memcg_skip */
	char *path;			/* escaped, in the reader's cgroup namespace */
	const struct memviz_lru_memcg *lru;	/* its own pages; NULL: born after the pass */
	struct memviz_act_memcg act;
};

struct memviz_memcgs {
	bool v2;			/* the memory controller is on cgroup v2 */
	bool recursive_prot;		/* memory_recursiveprot mount option */
	bool truncated;			/* more memcgs than counted before the walk */
	bool have_activity;		/* memcg reclaim attributed (7.x tracepoints) */
	unsigned int offline;		/* dying memcgs (removed, pages left) skipped */
	long swap_free;			/* pages */
	struct memviz_lru *lru;		/* the pass the rows' lru point into */
	unsigned int nr;
	struct memviz_memcg row[];
};

struct memviz_memcgs *memviz_memcgs_collect(void);
void memviz_memcgs_free(struct memviz_memcgs *s);

#endif /* _MEMVIZ_MEMCG_H */
