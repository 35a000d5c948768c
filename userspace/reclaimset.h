/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What reclaim could free per zone and at what cost, and what it has
 * done since boot.  From the module's reclaim file (the lru pass's clean,
 * dirty and writeback split of the file lists, swap-capped anon), else
 * from its lru file, else estimated per node from /proc (file LRU minus
 * the node's dirty and writeback counters).
 */
#ifndef MEMVIZ_RECLAIMSET_H
#define MEMVIZ_RECLAIMSET_H

#include <stdbool.h>
#include <stddef.h>
#include "counters.h"
#include "output.h"

enum mv_rc_source { MV_RC_RECLAIM, MV_RC_LRU, MV_RC_PROC };

struct mv_rzone {
	int node;
	char zone[16];		/* "" per node (the /proc estimate) */
	long long clean, dirty, writeback;	/* file LRU pages */
	long long anon, shmem;			/* swap-backed LRU pages */
	long long swappable;	/* anon + shmem that swap can take, -1 unknown */
	long long unevictable, mlocked, slab;	/* -1 unknown */
	long long shortfall_high;	/* pages to free to pass high, -1 unknown */
	long long reclaimable;		/* clean + dirty + writeback + swappable */
};

/* Since boot, machine-wide (reclaim.scan): -1 unknown. */
struct mv_rscan {
	const char *who;	/* kswapd, direct, khugepaged */
	long long pgscan, pgsteal, efficiency_pct;
};

struct mv_reclaimset {
	enum mv_rc_source src;
	size_t n;
	struct mv_rzone *z;
	size_t nscan;
	struct mv_rscan scan[4];
	long long swap_free, swappable_total;	/* pages, -1 unknown */
	int memcg_counted;	/* reclaim.scan counts memcg reclaim (7.x): 1, 0, -1 unknown */
	char source[192];
};

/* -1 with @err when the reclaim or lru file is there and does not load. */
int mv_reclaimset_load(struct mv_reclaimset *rs, const struct mv_nodefacts *nf, int n,
		       long page_size, char *err, size_t errlen);
void mv_reclaimset_free(struct mv_reclaimset *rs);
/* The table summary and explain show: per zone (per node from /proc). */
struct mv_otab *mv_reclaimset_table(struct mv_report *r, const struct mv_reclaimset *rs);

#endif /* MEMVIZ_RECLAIMSET_H */
