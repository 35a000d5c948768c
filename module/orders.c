// SPDX-License-Identifier: GPL-2.0
/*
 * High-order collector: per zone and order, the buddy free lists, the
 * kernel's fragmentation indexes, the allocator's watermark check at that
 * order and compaction's deferral; per node, kcompactd's request.
 *
 * None of the kernel functions behind these is exported, so their bodies
 * are reproduced here (module/MIRRORS): __zone_watermark_ok() at order N
 * (mm/page_alloc.c), compaction_deferred() without its side effects
 * (mm/compaction.c), fill_contig_page_info(), unusable_free_index() and
 * __fragmentation_index() (mm/vmstat.c, the extfrag debugfs files), and
 * fragmentation_score_node() (mm/compaction.c, proactive compaction).
 *
 * Lockless, as the allocator's own check reads the free lists: a count
 * and a list_empty() per order and migratetype, O(orders) per zone.
 * Free blocks per migratetype are not counted: the kernel keeps no such
 * counter, and counting means walking every free list under zone->lock
 * with interrupts off for time that grows with memory (/proc/pagetypeinfo
 * does it, capped at 100000 per list); which lists are empty is all the
 * check needs, and all this file says.
 */
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "memviz.h"
#include "orders.h"

static const char * const check_names[] = {
	[MEMVIZ_ORDER_OK] = "ok",
	[MEMVIZ_ORDER_FREE] = "free",
	[MEMVIZ_ORDER_ORDER] = "order",
};

const char *memviz_order_check_name(enum memviz_order_check c)
{
	return c < ARRAY_SIZE(check_names) ? check_names[c] : "?";
}

static const char * const kcompactd_names[] = {
	[MEMVIZ_KCOMPACTD_NONE] = "none",
	[MEMVIZ_KCOMPACTD_RUNNING] = "running",
	[MEMVIZ_KCOMPACTD_SLEEPING] = "sleeping",
};

const char *memviz_kcompactd_state_name(enum memviz_kcompactd_state s)
{
	return s < ARRAY_SIZE(kcompactd_names) ? kcompactd_names[s] : "?";
}

/* The lists an ordinary allocation may take a block from (MIGRATE_PCPTYPES). */
#define PCPTYPES_MASK ((1U << MIGRATE_PCPTYPES) - 1)

/**
 * memviz_orders_block() - the high-order half of __zone_watermark_ok()
 * @nr_free: free blocks per order
 * @types: per order, a bit per migratetype whose free list is not empty
 * @order: the allocation's order
 *
 * An order counts when its nr_free is non-zero and one of the
 * unmovable, movable or reclaimable lists holds a block: no ALLOC_CMA,
 * ALLOC_HIGHATOMIC or ALLOC_OOM for an ordinary allocation.
 *
 * Return: a block of at least @order is free on an allowed list.
 */
bool memviz_orders_block(const unsigned long *nr_free, const u8 *types,
			 unsigned int order)
{
	unsigned int o;

	for (o = order; o < MEMVIZ_NR_ORDERS; o++)
		if (nr_free[o] && (types[o] & PCPTYPES_MASK))
			return true;
	return false;
}

/**
 * memviz_order_check() - __zone_watermark_ok() with no alloc flags, as a reason
 * @usable_free: free - unusable - (2^order - 1)
 * @block: memviz_orders_block() at @order
 * @order: the allocation's order
 * @mark: the watermark (boost included)
 * @reserve: lowmem_reserve against the allocation's class
 *
 * Return: ok, or why the allocator's check fails.
 */
enum memviz_order_check memviz_order_check(long usable_free, bool block,
					   unsigned int order, unsigned long mark,
					   long reserve)
{
	if (usable_free <= (long)mark + reserve)
		return MEMVIZ_ORDER_FREE;
	if (order && !block)
		return MEMVIZ_ORDER_ORDER;
	return MEMVIZ_ORDER_OK;
}

/**
 * memviz_compact_deferred() - compaction_deferred() without its side effect
 * @c: the zone's compaction state
 * @order: the order compaction would be tried for
 *
 * The kernel's call counts itself (++compact_considered): this says what
 * the next call would return, leaving the count alone.
 *
 * Return: 1 deferred, 0 not, -1 no compaction in this kernel.
 */
int memviz_compact_deferred(const struct memviz_compact_state *c, unsigned int order)
{
	unsigned long defer_limit;

	if (!c->have)
		return -1;
	defer_limit = 1UL << c->defer_shift;
	if ((int)order < c->order_failed)
		return 0;
	if (c->considered + 1UL >= defer_limit)
		return 0;
	return 1;
}

/* fill_contig_page_info() (mm/vmstat.c), from a snapshot of nr_free. */
struct contig_info {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};

static void contig_info(const unsigned long *nr_free, unsigned int suitable_order,
			struct contig_info *info)
{
	unsigned int order;

	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (order = 0; order < MEMVIZ_NR_ORDERS; order++) {
		unsigned long blocks = nr_free[order];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable += blocks << (order - suitable_order);
	}
}

/**
 * memviz_unusable_index() - unusable_free_index() (mm/vmstat.c)
 * @nr_free: free blocks per order
 * @order: the order
 *
 * Return: thousandths of free memory in blocks smaller than @order
 * (1000 when nothing is free), as /sys/kernel/debug/extfrag/unusable_index.
 */
int memviz_unusable_index(const unsigned long *nr_free, unsigned int order)
{
	struct contig_info info;

	contig_info(nr_free, order, &info);
	if (!info.free_pages)
		return 1000;
	return div_u64((info.free_pages - (info.free_blocks_suitable << order)) * 1000ULL,
		       info.free_pages);
}

/**
 * memviz_extfrag_index() - __fragmentation_index() (mm/vmstat.c)
 * @nr_free: free blocks per order
 * @order: the order
 *
 * Return: thousandths, towards 0 when an allocation of @order would fail
 * for lack of memory and 1000 for fragmentation; -1000 when it would not
 * fail; 0 when nothing is free.  As /sys/kernel/debug/extfrag/extfrag_index.
 */
int memviz_extfrag_index(const unsigned long *nr_free, unsigned int order)
{
	unsigned long requested = 1UL << order;
	struct contig_info info;

	contig_info(nr_free, order, &info);
	if (!info.free_blocks_total)
		return 0;
	if (info.free_blocks_suitable)
		return -1000;
	return 1000 - div_u64((1000 + div_u64(info.free_pages * 1000ULL, requested)),
			      info.free_blocks_total);
}

/* extfrag_for_order() (mm/vmstat.c): percent of free memory below @order. */
static unsigned int extfrag_pct(const unsigned long *nr_free, unsigned int order)
{
	struct contig_info info;

	contig_info(nr_free, order, &info);
	if (!info.free_pages)
		return 0;
	return div_u64((info.free_pages - (info.free_blocks_suitable << order)) * 100,
		       info.free_pages);
}

/**
 * memviz_node_frag_score() - fragmentation_score_node() (mm/compaction.c)
 * @o: the snapshot
 * @nid: the node
 *
 * Proactive compaction's score: each populated zone's extfrag_for_order()
 * at COMPACTION_HPAGE_ORDER weighted by its share of the node's present
 * pages (fragmentation_score_zone_weighted()), summed.
 *
 * Return: the score, 0..100.
 */
unsigned int memviz_node_frag_score(const struct memviz_orders *o, int nid)
{
	unsigned long node_present = 0;
	unsigned int score = 0, i;

	for (i = 0; i < o->nr_nodes; i++)
		if (o->node[i].nid == nid)
			node_present = o->node[i].present;
	for (i = 0; i < o->nr_zones; i++) {
		const struct memviz_orders_zone *z = &o->zone[i];

		if (z->nid != nid)
			continue;
		score += div64_ul(z->present * extfrag_pct(z->nr_free, o->hpage_order),
				  node_present + 1);
	}
	return score;
}

/* The free lists, one count and one list_empty() per order and type. */
static void read_free_lists(struct zone *z, unsigned int from, unsigned long *nr_free,
			    u8 *types)
{
	unsigned int o;
	int mt;

	BUILD_BUG_ON(MIGRATE_TYPES > 8);	/* one u8 of bits per order */
	for (o = from; o < MEMVIZ_NR_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		/* Unlocked, as in __zone_watermark_ok() and /proc/buddyinfo. */
		nr_free[o] = data_race(area->nr_free);
		types[o] = 0;
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				types[o] |= 1U << mt;
	}
}

static void compact_snapshot(struct zone *z, struct memviz_compact_state *c)
{
	unsigned long pfns[5];

	memviz_zone_compact_state(z, &c->have, &c->considered, &c->defer_shift,
				  &c->order_failed, pfns, &c->blockskip_flush);
	if (!c->have)
		return;
	c->cached_free_pfn = pfns[0];
	c->cached_migrate_pfn[0] = pfns[1];
	c->cached_migrate_pfn[1] = pfns[2];
	c->init_migrate_pfn = pfns[3];
	c->init_free_pfn = pfns[4];
}

/* Free pages an ordinary allocation may not use (__zone_watermark_unusable_free()). */
static unsigned long ordinary_unusable(struct zone *z)
{
	return memviz_zone_highatomic_unusable(z) + memviz_zone_free_cma(z);
}

/**
 * memviz_order_at() - one zone's watermark check and compaction state at one order
 * @z: the zone
 * @order: the allocation's order
 * @classidx: the allocation's highest zone index (its lowmem_reserve class)
 * @out: filled in
 *
 * Context: any; reads words and list heads only, O(orders), no lock, no
 * allocation (the OOM probe calls it).
 */
void memviz_order_at(struct zone *z, unsigned int order, int classidx,
		     struct memviz_order_at *out)
{
	unsigned long nr_free[MEMVIZ_NR_ORDERS];
	u8 types[MEMVIZ_NR_ORDERS];
	long free = zone_page_state(z, NR_FREE_PAGES);
	int w;

	if (order >= MEMVIZ_NR_ORDERS)
		order = MEMVIZ_NR_ORDERS - 1;
	read_free_lists(z, order, nr_free, types);
	out->usable_free = free - ((1L << order) - 1) - (long)ordinary_unusable(z);
	out->block = memviz_orders_block(nr_free, types, order);
	out->reserve = READ_ONCE(z->lowmem_reserve[classidx]);
	for (w = WMARK_MIN; w <= WMARK_HIGH; w++)
		out->check[w] = memviz_order_check(out->usable_free, out->block, order,
						   memviz_zone_mark(z, w), out->reserve);
	compact_snapshot(z, &out->compact);
	out->deferred = memviz_compact_deferred(&out->compact, order);
}

static void zone_snapshot(struct memviz_orders_zone *oz, struct zone *z)
{
	int i;

	oz->nid = zone_to_nid(z);
	oz->zid = zone_idx(z);
	oz->name = z->name;
	oz->present = READ_ONCE(z->present_pages);
	/* zone_watermark_fast()'s read, and /proc/zoneinfo's "pages free" */
	oz->free = zone_page_state(z, NR_FREE_PAGES);
	for (i = 0; i < NR_WMARK; i++)
		oz->marks[i] = memviz_zone_mark(z, i);
	oz->reserve = READ_ONCE(z->lowmem_reserve[oz->zid]);
	oz->unusable = ordinary_unusable(z);
	read_free_lists(z, 0, oz->nr_free, oz->types);
	compact_snapshot(z, &oz->compact);
}

static void node_snapshot(struct memviz_orders_node *on, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	on->nid = nid;
	on->present = READ_ONCE(pgdat->node_present_pages);
	memviz_kcompactd_request(pgdat, &on->max_order, &on->highest_zoneidx,
				 &on->proactive_trigger);
	if (!memviz_kcompactd_exists(pgdat))
		on->kcompactd = MEMVIZ_KCOMPACTD_NONE;
	else if (memviz_kcompactd_waiting(pgdat))
		/* what wakeup_kcompactd() tests before waking it */
		on->kcompactd = MEMVIZ_KCOMPACTD_SLEEPING;
	else
		on->kcompactd = MEMVIZ_KCOMPACTD_RUNNING;
}

/**
 * memviz_orders_collect() - snapshot every populated zone's orders and every node's kcompactd
 *
 * Context: process context; may sleep (allocates).
 * Return: the snapshot, or ERR_PTR(-ENOMEM).
 */
struct memviz_orders *memviz_orders_collect(void)
{
	unsigned int max_zones = 0, max_nodes = 0;
	struct memviz_orders *o;
	struct zone *z;
	int nid;

	for (z = memviz_first_zone(); z; z = memviz_next_zone(z))
		max_zones++;
	for_each_online_node(nid)
		max_nodes++;
	o = kvzalloc(struct_size(o, zone, max_zones), GFP_KERNEL);
	if (!o)
		return ERR_PTR(-ENOMEM);
	o->node = kvcalloc(max_nodes ?: 1, sizeof(*o->node), GFP_KERNEL);
	if (!o->node) {
		kvfree(o);
		return ERR_PTR(-ENOMEM);
	}
	o->hpage_order = MEMVIZ_COMPACTION_HPAGE_ORDER;
	/* A node may come online between the count and the fill: cap at max. */
	for (z = memviz_first_zone(); z && o->nr_zones < max_zones; z = memviz_next_zone(z))
		zone_snapshot(&o->zone[o->nr_zones++], z);
	for_each_online_node(nid) {
		if (o->nr_nodes == max_nodes)
			break;
		node_snapshot(&o->node[o->nr_nodes++], nid);
	}
	return o;
}

/**
 * memviz_orders_free() - release a snapshot
 * @o: from memviz_orders_collect(); an ERR_PTR or NULL is allowed
 */
void memviz_orders_free(struct memviz_orders *o)
{
	if (IS_ERR_OR_NULL(o))
		return;
	kvfree(o->node);
	kvfree(o);
}
