/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz LRU composition: what one lockless page-frame pass found on each
 * LRU list of each zone (module/lru.c), and the MGLRU generation sizes of
 * every lruvec, summed over memcgs.  debugfs/lru.c, debugfs/lru_gen.c and
 * module/reclaim.c read it.
 *
 * The snapshot is reference counted and shared: a pass costs O(memory),
 * so readers that open within MEMVIZ_LRU_CACHE_NS of the last pass get
 * that pass instead of starting their own.
 */
#ifndef _MEMVIZ_LRU_H
#define _MEMVIZ_LRU_H

#include <linux/kref.h>
#include <linux/mmzone.h>
#include <linux/types.h>

/* How long a finished pass is served to new readers. */
#define MEMVIZ_LRU_CACHE_NS	NSEC_PER_SEC

/* What is counted for the folios of one list, in pages. */
enum memviz_lru_count {
	MEMVIZ_LRU_PAGES,
	MEMVIZ_LRU_FOLIOS,	/* folios, not pages */
	MEMVIZ_LRU_DIRTY,
	MEMVIZ_LRU_WRITEBACK,
	MEMVIZ_LRU_MAPPED,
	MEMVIZ_LRU_REFERENCED,
	MEMVIZ_LRU_WORKINGSET,
	MEMVIZ_LRU_MLOCKED,
	MEMVIZ_LRU_SWAPCACHE,
	MEMVIZ_LRU_SHMEM,
	MEMVIZ_LRU_LARGE,	/* in folios of order > 0 */
	MEMVIZ_LRU_THP,		/* in PMD-sized folios */
	MEMVIZ_LRU_NR_COUNTS
};

/* The reclaim cost classes of the evictable folios of a zone, in pages. */
enum memviz_lru_cost {
	MEMVIZ_COST_FILE_CLEAN,		/* file LRU, neither dirty nor in writeback */
	MEMVIZ_COST_FILE_DIRTY,		/* file LRU, dirty, not yet in writeback */
	MEMVIZ_COST_FILE_WRITEBACK,	/* file LRU, writeback in flight */
	MEMVIZ_COST_ANON,		/* swap-backed anonymous, to be swapped out */
	MEMVIZ_COST_SHMEM,		/* swap-backed file (tmpfs, shm, memfd), likewise */
	MEMVIZ_COST_SWAPCACHE_CLEAN,	/* swap-backed with a clean copy in swap: no I/O */
	MEMVIZ_COST_NOSWAP,		/* swap-backed, its memcg has no swap room left */
	MEMVIZ_COST_MLOCKED,		/* mlocked, not yet on the unevictable list */
	MEMVIZ_COST_NR
};

#define MEMVIZ_NR_AGES 4	/* MAX_NR_GENS on every supported kernel */

/*
 * Sums of cost classes whose standard error a sampled pass also keeps:
 * the error of a sum is not the sum of the errors (the classes of one
 * pageblock move together), so each is estimated from its own per-block
 * values.  The reclaim file's totals are these.
 */
enum memviz_lru_sum {
	MEMVIZ_SUM_CLEAN,	/* clean file + clean swap cache */
	MEMVIZ_SUM_SWAP,	/* anon + shmem: what needs swap */
	MEMVIZ_SUM_FILE_IO,	/* dirty + writeback file */
	MEMVIZ_SUM_IO,		/* FILE_IO + SWAP */
	MEMVIZ_SUM_ALL,		/* CLEAN + IO */
	MEMVIZ_SUM_ALL_NOSWAP,	/* CLEAN + FILE_IO */
	MEMVIZ_SUM_DIRECT,	/* CLEAN + SWAP */
	MEMVIZ_SUM_NR
};

/* The most pageblocks a sampled pass may skip per one it reads. */
#define MEMVIZ_LRU_SAMPLE_MAX	1024

struct memviz_lru_zone {
	int nid;
	int zid;
	const char *name;
	unsigned long count[NR_LRU_LISTS][MEMVIZ_LRU_NR_COUNTS];
	unsigned long cost[MEMVIZ_COST_NR];
	/* The kernel's nr_zone_* counter per list, read right after the pass. */
	unsigned long kernel[NR_LRU_LISTS];
	/*
	 * MGLRU: pages per [anon, file] per age (0 = max_seq, the youngest),
	 * summed over every memcg's lruvec on this node, for this zone.
	 */
	unsigned long gen[ANON_AND_FILE][MEMVIZ_NR_AGES];
	bool mglru;	/* the node's root lruvec runs MGLRU */
	/*
	 * A sampled pass reads two pageblocks in each run of 2 * @sample
	 * and scales count[] and cost[] up; the *_se are their standard
	 * errors (0 when the zone was read whole, @sample == 1).
	 */
	unsigned int sample;
	unsigned long count_se[NR_LRU_LISTS][MEMVIZ_LRU_NR_COUNTS];
	unsigned long cost_se[MEMVIZ_COST_NR];
	unsigned long sum_se[MEMVIZ_SUM_NR];
};

/* One memcg's own LRU pages by cost, from a by-memcg pass. */
enum memviz_lru_kind { MEMVIZ_KIND_ANON, MEMVIZ_KIND_SHMEM, MEMVIZ_KIND_FILE, MEMVIZ_KIND_NR };

struct memviz_lru_memcg {
	u64 cgroup_id;
	unsigned long cost[MEMVIZ_COST_NR];	/* evictable pages by cost */
	unsigned long unevictable;
	unsigned long kind[MEMVIZ_KIND_NR];	/* every LRU page by kind, as memory.stat */
	long swap_room;		/* least swap.max room up its ancestors; LONG_MAX: none */
};

struct memviz_lru {
	struct kref ref;
	u64 taken_ns;		/* ktime_get_ns() when the pass ended */
	u64 elapsed_ns;
	unsigned long pfns_scanned;	/* pfns looked at or skipped in a block */
	unsigned long pages_counted;	/* pages of LRU folios counted */
	unsigned long folios_counted;
	unsigned long mglru_unmatched;	/* MGLRU pages whose memcg was not found */
	unsigned int nr_memcgs;		/* lruvec owners visited */
	bool by_memcg;			/* memcg_stats filled */
	unsigned int nr_memcg_stats;
	struct memviz_lru_memcg *memcg_stats;	/* by cgroup_id */
	unsigned long memcg_unattributed;	/* pages whose memcg was not found */
	unsigned int nr_nodes;
	unsigned int sample;		/* asked for: 1 = every frame */
	unsigned long pfns_spanned;	/* of every zone: what an exact pass reads */
	unsigned int nr;
	struct memviz_lru_zone zone[];
};

struct memviz_lru *memviz_lru_get(void);
struct memviz_lru *memviz_lru_get_sampled(unsigned int sample);
unsigned int memviz_lru_sample_default(void);
u64 memviz_lru_ns_per_kpfn(void);
struct memviz_lru *memviz_lru_get_by_memcg(void);
const struct memviz_lru_memcg *memviz_lru_memcg_find(const struct memviz_lru *lru,
						     u64 cgroup_id);
void memviz_lru_put(struct memviz_lru *lru);

/* ---- reclaim.c: what each zone could reclaim, and the machine's reclaim counters ---- */

struct memviz_zones;
struct memviz_zone_info;

struct memviz_reclaim_zone {
	const struct memviz_lru_zone *lz;
	const struct memviz_zone_info *zi;	/* NULL: zone came online after */
	unsigned long node_slab_reclaimable;	/* per node, not per zone */
};

struct memviz_reclaim_event {
	char name[32];		/* as /proc/vmstat names it */
	long value;		/* -1: this kernel does not count it */
};

enum memviz_reclaimer {
	MEMVIZ_RECLAIMER_KSWAPD,
	MEMVIZ_RECLAIMER_DIRECT,
	MEMVIZ_RECLAIMER_KHUGEPAGED,
	MEMVIZ_RECLAIMER_PROACTIVE,	/* memory.reclaim, counted apart from 6.15 */
	MEMVIZ_NR_RECLAIMERS
};

struct memviz_reclaim {
	struct memviz_lru *lru;
	struct memviz_zones *zones;
	long swap_free;		/* free swap pages, machine-wide */
	unsigned long swap_wanted;	/* anon + shmem evictable pages, all zones */
	long pgscan[MEMVIZ_NR_RECLAIMERS];	/* -1: not counted here */
	long pgsteal[MEMVIZ_NR_RECLAIMERS];
	struct memviz_reclaim_event *event;
	unsigned int nr_events;
	unsigned int nr;
	struct memviz_reclaim_zone zone[];
};

struct memviz_reclaim *memviz_reclaim_collect(unsigned int sample);
void memviz_reclaim_free(struct memviz_reclaim *rc);

#endif /* _MEMVIZ_LRU_H */
