/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz high-order view: per zone and order, what the buddy free lists
 * hold, the kernel's fragmentation indexes, the page allocator's
 * watermark check at that order, and compaction's deferral state; per
 * node, kcompactd's.  Everything is read locklessly, as the allocator's
 * own check and /proc/buddyinfo read it: no zone->lock is taken.
 */
#ifndef _MEMVIZ_ORDERS_H
#define _MEMVIZ_ORDERS_H

#include <linux/mmzone.h>
#include <linux/types.h>

/* The three outcomes of __zone_watermark_ok() at one mark and order. */
enum memviz_order_check {
	MEMVIZ_ORDER_OK,
	MEMVIZ_ORDER_FREE,	/* free - unusable <= mark + lowmem_reserve */
	MEMVIZ_ORDER_ORDER,	/* no free block of >= order on the allowed lists */
};

/* Compaction's per-zone state (CONFIG_COMPACTION); have = false: none. */
struct memviz_compact_state {
	bool have;
	unsigned int considered;
	unsigned int defer_shift;
	int order_failed;
	unsigned long cached_free_pfn;
	unsigned long cached_migrate_pfn[2];	/* async, sync */
	unsigned long init_migrate_pfn, init_free_pfn;
	bool blockskip_flush;
};

/*
 * One zone at one order, as the allocator would check an ordinary
 * (unmovable, no reserves) allocation whose highest zone is @classidx:
 * what memviz_order_at() returns, and what an OOM event records.
 */
struct memviz_order_at {
	long usable_free;	/* free - unusable - (2^order - 1) */
	bool block;		/* a free block of >= order on an ordinary list */
	long reserve;		/* lowmem_reserve[classidx] */
	u8 check[3];		/* enum memviz_order_check at min, low, high */
	s8 deferred;		/* compaction_deferred() now: 1, 0, -1 = no compaction */
	struct memviz_compact_state compact;
};

struct memviz_orders_zone {
	int nid, zid;
	const char *name;		/* the kernel's static zone name */
	unsigned long present;
	long free;			/* NR_FREE_PAGES, as the allocator's fast path reads it */
	unsigned long marks[NR_WMARK];	/* boost included */
	long reserve;			/* lowmem_reserve[zid] */
	unsigned long unusable;		/* highatomic + free CMA: not for ordinary allocations */
	unsigned long nr_free[MEMVIZ_NR_ORDERS];
	u8 types[MEMVIZ_NR_ORDERS];	/* bit per migratetype whose free list is not empty */
	struct memviz_compact_state compact;
};

enum memviz_kcompactd_state {
	MEMVIZ_KCOMPACTD_NONE,		/* no thread (memoryless node, no compaction) */
	MEMVIZ_KCOMPACTD_RUNNING,	/* not waiting: a wakeup_kcompactd() would not wake it */
	MEMVIZ_KCOMPACTD_SLEEPING,	/* waiting on kcompactd_wait */
};

struct memviz_orders_node {
	int nid;
	u8 kcompactd;			/* enum memviz_kcompactd_state */
	int max_order;
	int highest_zoneidx;
	bool proactive_trigger;
	unsigned long present;		/* node_present_pages */
};

struct memviz_orders {
	unsigned int nr_zones, nr_nodes;
	unsigned int hpage_order;	/* COMPACTION_HPAGE_ORDER */
	struct memviz_orders_node *node;
	struct memviz_orders_zone zone[];
};

struct memviz_orders *memviz_orders_collect(void);
void memviz_orders_free(struct memviz_orders *o);

const char *memviz_order_check_name(enum memviz_order_check c);
const char *memviz_kcompactd_state_name(enum memviz_kcompactd_state s);
enum memviz_order_check memviz_order_check(long usable_free, bool block,
					   unsigned int order, unsigned long mark,
					   long reserve);
bool memviz_orders_block(const unsigned long *nr_free, const u8 *types,
			 unsigned int order);
int memviz_compact_deferred(const struct memviz_compact_state *c, unsigned int order);
int memviz_unusable_index(const unsigned long *nr_free, unsigned int order);
int memviz_extfrag_index(const unsigned long *nr_free, unsigned int order);
unsigned int memviz_node_frag_score(const struct memviz_orders *o, int nid);

/* Bounded, allocates nothing, takes no lock: callable from the OOM probe. */
void memviz_order_at(struct zone *z, unsigned int order, int classidx,
		     struct memviz_order_at *out);

#endif /* _MEMVIZ_ORDERS_H */
