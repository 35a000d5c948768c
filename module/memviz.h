/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz core: the snapshots the collectors in module/ take of kernel
 * state, and the functions debugfs/ calls to take and free them.
 *
 * A snapshot is taken once per open() of a debugfs file, in process
 * context, and is then only formatted: every row of a file comes from one
 * consistent pass, and seq_file's retry-on-overflow never re-walks memory.
 */
#ifndef _MEMVIZ_MEMVIZ_H
#define _MEMVIZ_MEMVIZ_H

#include <linux/mmzone.h>
#include <linux/types.h>

/*
 * Visit every populated zone of every online node, in node then zone
 * order.  ZONE_DEVICE zones hold no allocatable memory and are skipped;
 * pgdats are never freed, so the pointers stay valid even across node
 * hot-remove.  (for_each_populated_zone() needs unexported helpers.)
 */
struct zone *memviz_first_zone(void);
struct zone *memviz_next_zone(struct zone *zone);

/* Watermark marks the way /proc/zoneinfo shows them: boost included. */
static inline unsigned long memviz_zone_mark(struct zone *z, enum zone_watermarks w)
{
	return READ_ONCE(z->_watermark[w]) + READ_ONCE(z->watermark_boost);
}

/* ---- watermark.c: the allocator's watermark check, reproduced ---- */

enum memviz_wmark_state {
	MEMVIZ_WMARK_OK,	/* above high */
	MEMVIZ_WMARK_HIGH,	/* at or below high, above low */
	MEMVIZ_WMARK_LOW,	/* at or below low: kswapd is woken */
	MEMVIZ_WMARK_MIN,	/* at or below min: direct reclaim */
};

const char *memviz_wmark_state_name(enum memviz_wmark_state s);
enum memviz_wmark_state memviz_wmark_state(long usable_free, long reserve,
					   const unsigned long *marks);
long memviz_zone_free_item_safe(struct zone *z, enum zone_stat_item item);
long memviz_zone_free_safe(struct zone *z);
bool memviz_zone_watermark_ok_safe(struct zone *z, unsigned int order,
				   unsigned long mark, int highest_zoneidx,
				   enum zone_stat_item item);

/* ---- zones.c ---- */

struct memviz_zone_info {
	int nid;
	int zid;
	const char *name;		/* kernel's static zone name */
	unsigned long managed;
	unsigned long present;
	unsigned long spanned;
	long free;
	unsigned long marks[NR_WMARK];	/* boost included */
	unsigned long boost;
	unsigned long reserved_highatomic;
	unsigned long free_highatomic;
	unsigned long unusable;		/* free pages an order-0 allocation may not use */
	unsigned long unusable_movable;	/* ... a movable one (ALLOC_CMA) may not */
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long nr_free[MEMVIZ_NR_ORDERS];
	unsigned long stat[NR_VM_ZONE_STAT_ITEMS];
};

struct memviz_zones {
	unsigned int nr;
	unsigned int nr_nodes;
	/* Names of every zone index, for per-class columns. */
	const char *class_name[MAX_NR_ZONES];
	unsigned int nr_classes;	/* zone indexes below ZONE_DEVICE */
	/* what an lru pass costs, as of the snapshot (the zones header) */
	u64 lru_ns_per_kpfn;
	unsigned int lru_sample;
	struct memviz_zone_info zone[];
};

struct memviz_zones *memviz_zones_collect(void);
void memviz_zones_free(struct memviz_zones *zs);

/* ---- nodes.c ---- */

enum memviz_kswapd_state {
	MEMVIZ_KSWAPD_NONE,	/* no kswapd thread (memoryless or offline node) */
	MEMVIZ_KSWAPD_RUNNING,
	MEMVIZ_KSWAPD_SLEEPING,
};

struct memviz_node_info {
	int nid;
	unsigned long managed;
	unsigned long present;
	long free;
	pid_t kswapd_pid;
	enum memviz_kswapd_state kswapd_state;
	int kswapd_order;
	int kswapd_highest_zoneidx;	/* MAX_NR_ZONES: not woken since last sleep */
	int kswapd_failures;
	bool balanced;			/* kswapd's own pgdat_balanced() */
	unsigned int zones_below_high;
	unsigned long stat[NR_VM_NODE_STAT_ITEMS];
};

/*
 * The sysctls that change kswapd's balance check, -1 where this kernel has
 * none or they could not be read: kernel.numa_balancing's memory tiering
 * bit checks the promo mark instead of high; vm.defrag_mode (6.15) counts
 * only free pages in whole pageblocks at order > 0.
 */
struct memviz_balance_mode {
	long numa_balancing;
	long defrag_mode;
};

struct memviz_nodes {
	unsigned int nr;
	unsigned long totalram;
	struct memviz_balance_mode mode;
	struct memviz_node_info node[];
};

struct memviz_nodes *memviz_nodes_collect(void);
void memviz_nodes_free(struct memviz_nodes *ns);

static inline unsigned long memviz_node_stat(struct pglist_data *pgdat,
					     enum node_stat_item item)
{
	/* node_page_state() is not exported; this is its body. */
	long x = atomic_long_read(&pgdat->vm_stat[item]);

	return x < 0 ? 0 : x;
}

#endif /* _MEMVIZ_MEMVIZ_H */
