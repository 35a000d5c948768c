// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/orders: why a high-order allocation fails with
 * memory free.  Three tables: per zone and buddy order, the free blocks,
 * the extfrag indexes, the allocator's watermark check at that order and
 * compaction's deferral; per zone, compaction's state; per node,
 * kcompactd's.  Formatting only; module/orders.c takes the snapshot.
 */
#include <linux/mmzone.h>
#include "memviz.h"
#include "orders.h"
#include "oom_events.h"
#include "files.h"

#define ORDERS_VERSION 1
/* v2: kcompactd_zone renamed kcompactd_highest_zone, the kernel's name */
#define KCOMPACTD_VERSION 2

/* A letter per migratetype, as /proc/pagetypeinfo's columns name them. */
static const char mt_letter[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = 'U',
	[MIGRATE_MOVABLE] = 'M',
	[MIGRATE_RECLAIMABLE] = 'R',
	[MIGRATE_HIGHATOMIC] = 'H',
#ifdef CONFIG_CMA
	[MIGRATE_CMA] = 'C',
#endif
#ifdef CONFIG_MEMORY_ISOLATION
	[MIGRATE_ISOLATE] = 'I',
#endif
};

static const char * const check_cols[] = {
	[WMARK_MIN] = "check_min", [WMARK_LOW] = "check_low", [WMARK_HIGH] = "check_high",
};

static void orders_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_orders *o = snap;

	memviz_table_banner(m, "orders", ORDERS_VERSION);
	seq_printf(m, "# zones=%u nodes=%u nr_orders=%zu compaction=%s\n", o->nr_zones,
		   o->nr_nodes, MEMVIZ_NR_ORDERS, MEMVIZ_HAVE_COMPACTION ? "yes" : "no");
	seq_puts(m, "# units: pages unless the column name ends in _kb, _bytes, _ns or _pct; free_blocks in blocks of 2^order pages; indexes in thousandths; '-' = not on this kernel\n");
	seq_puts(m, "# free_blocks = /proc/buddyinfo's count; free_pages_ge = pages in free blocks of at least this order\n");
	seq_puts(m, "# unusable_index, extfrag_index = /sys/kernel/debug/extfrag/unusable_index and extfrag_index x 1000 (mm/vmstat.c; extfrag -1000: an allocation of this order would not fail)\n");
	seq_puts(m, "# check_<mark> = the allocator's __zone_watermark_ok() at this order for an ordinary (unmovable, no reserves) allocation whose highest zone is this zone: ok; free = usable_free <= mark + lowmem_reserve; order = no free block of at least this order on the unmovable, movable or reclaimable lists\n");
	seq_puts(m, "# usable_free = free (NR_FREE_PAGES, as the allocator's fast path and /proc/zoneinfo read it) - highatomic (6.1: reserved, 6.12+: free) - free CMA - (2^order - 1); block = yes when such a free block exists\n");
	seq_puts(m, "# compact_deferred = compaction_deferred() for this order now, without its side effect ('-' at order 0: the allocator never compacts for it)\n");
	seq_puts(m, "# free_types = migratetypes whose free list at this order is not empty (U unmovable, M movable, R reclaimable, H highatomic, C CMA, I isolate), read without zone->lock as the check reads them\n");
	seq_puts(m, "# free blocks per migratetype are not counted: the kernel keeps no such counter, and counting walks every free list under zone->lock with interrupts off for time that grows with memory (read /proc/pagetypeinfo for them)\n");
}

static size_t orders_nr_rows(const void *snap)
{
	const struct memviz_orders *o = snap;

	return (size_t)o->nr_zones * MEMVIZ_NR_ORDERS;
}

static void orders_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_orders *o = snap;
	const struct memviz_orders_zone *z = &o->zone[idx / MEMVIZ_NR_ORDERS];
	unsigned int order = idx % MEMVIZ_NR_ORDERS, i;
	unsigned long ge = 0;
	long usable = z->free - ((1L << order) - 1) - (long)z->unusable;
	bool block = memviz_orders_block(z->nr_free, z->types, order);
	char types[MIGRATE_TYPES + 1];
	int n = 0, deferred;

	for (i = order; i < MEMVIZ_NR_ORDERS; i++)
		ge += z->nr_free[i] << i;
	for (i = 0; i < MIGRATE_TYPES; i++)
		if ((z->types[order] & (1U << i)) && mt_letter[i])
			types[n++] = mt_letter[i];
	types[n] = '\0';

	memviz_col_l(r, "node", z->nid);
	memviz_col_str(r, "zone", z->name);
	memviz_col_ul(r, "order", order);
	memviz_col_ul(r, "free_blocks", z->nr_free[order]);
	memviz_col_ul(r, "free_pages_ge", ge);
	memviz_col_l(r, "unusable_index", memviz_unusable_index(z->nr_free, order));
	memviz_col_l(r, "extfrag_index", memviz_extfrag_index(z->nr_free, order));
	for (i = WMARK_MIN; i <= WMARK_HIGH; i++)
		memviz_col_str(r, check_cols[i],
			       memviz_order_check_name(memviz_order_check(usable, block, order,
									  z->marks[i],
									  z->reserve)));
	deferred = memviz_compact_deferred(&z->compact, order);
	if (!order || deferred < 0)
		memviz_col_na(r, "compact_deferred");
	else
		memviz_col_bool(r, "compact_deferred", deferred);
	memviz_col_l(r, "usable_free", usable);
	memviz_col_bool(r, "block", block);
	memviz_col_str(r, "free_types", n ? types : "none");
}

static void compaction_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "orders.compaction", ORDERS_VERSION);
	seq_puts(m, "# per zone: compaction's deferral (mm/compaction.c): after a failure at order >= compact_order_failed, the next 2^compact_defer_shift - 1 tries are skipped; compact_considered counts them ('-' = no CONFIG_COMPACTION)\n");
	seq_puts(m, "# cached_* and init_* = the cursors compaction resumes from (pfns); blockskip_flush = the skip hints are reset on the next full pass\n");
}

static size_t compaction_nr_rows(const void *snap)
{
	return ((const struct memviz_orders *)snap)->nr_zones;
}

static void compaction_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_orders *o = snap;
	const struct memviz_orders_zone *z = &o->zone[idx];
	const struct memviz_compact_state *c = &z->compact;
	bool h = c->have;

	memviz_col_l(r, "node", z->nid);
	memviz_col_str(r, "zone", z->name);
	memviz_col_ul_opt(r, "compact_considered", h, c->considered);
	memviz_col_ul_opt(r, "compact_defer_shift", h, c->defer_shift);
	if (h)
		memviz_col_l(r, "compact_order_failed", c->order_failed);
	else
		memviz_col_na(r, "compact_order_failed");
	memviz_col_ul_opt(r, "cached_free_pfn", h, c->cached_free_pfn);
	memviz_col_ul_opt(r, "cached_migrate_pfn_async", h, c->cached_migrate_pfn[0]);
	memviz_col_ul_opt(r, "cached_migrate_pfn_sync", h, c->cached_migrate_pfn[1]);
	memviz_col_ul_opt(r, "init_migrate_pfn", h, c->init_migrate_pfn);
	memviz_col_ul_opt(r, "init_free_pfn", h, c->init_free_pfn);
	if (h)
		memviz_col_bool(r, "blockskip_flush", c->blockskip_flush);
	else
		memviz_col_na(r, "blockskip_flush");
}

static void kcompactd_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_orders *o = snap;

	memviz_table_banner(m, "orders.kcompactd", KCOMPACTD_VERSION);
	seq_printf(m, "# hpage_order=%u\n", o->hpage_order);
	seq_puts(m, "# per node: kcompactd = sleeping (waiting on its queue: wakeup_kcompactd() would wake it), running, or none; kcompactd_max_order and kcompactd_highest_zone = what it was last asked to compact for (pgdat->kcompactd_highest_zoneidx; it resets to the node's last zone after a pass)\n");
	seq_puts(m, "# proactive_score = fragmentation_score_node(): per zone, the percent of free memory in blocks below hpage_order weighted by the zone's share of the node, summed (proactive compaction runs above 100 - vm.compaction_proactiveness)\n");
}

static size_t kcompactd_nr_rows(const void *snap)
{
	return ((const struct memviz_orders *)snap)->nr_nodes;
}

static void kcompactd_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_orders *o = snap;
	const struct memviz_orders_node *n = &o->node[idx];
	int zi = n->highest_zoneidx;

	memviz_col_l(r, "node", n->nid);
	memviz_col_str(r, "kcompactd", memviz_kcompactd_state_name(n->kcompactd));
	if (MEMVIZ_HAVE_COMPACTION)
		memviz_col_l(r, "kcompactd_max_order", n->max_order);
	else
		memviz_col_na(r, "kcompactd_max_order");
	if (MEMVIZ_HAVE_COMPACTION && zi >= 0 && zi < MAX_NR_ZONES)
		memviz_col_str(r, "kcompactd_highest_zone", NODE_DATA(n->nid)->node_zones[zi].name);
	else
		memviz_col_na(r, "kcompactd_highest_zone");
	if (MEMVIZ_HAVE_COMPACTION) {
		memviz_col_ul(r, "proactive_score", memviz_node_frag_score(o, n->nid));
		memviz_col_bool(r, "proactive_trigger", n->proactive_trigger);
	} else {
		memviz_col_na(r, "proactive_score");
		memviz_col_na(r, "proactive_trigger");
	}
}

/**
 * memviz_order_at_cols() - an OOM event zone's check at the allocation's order
 * @r: the row
 * @z: the event's zone
 * @order: the allocation's order, -1 unknown
 *
 * Columns check_order, check_class, usable_free, block, check_min,
 * check_low, check_high, compact_considered, compact_defer_shift,
 * compact_order_failed, compact_deferred: '-' where the event knows no
 * order or gfp mask, and the checks '-' in a zone above the allocation's
 * class (not in its zonelist).
 */
void memviz_order_at_cols(struct memviz_row *r, const struct memviz_oom_ev_zone *z, int order)
{
	const struct memviz_order_at *at = &z->at;
	bool h = z->has_at, in = h && z->zid <= z->at_class;
	bool c = h && at->compact.have;
	int w;

	if (h) {
		memviz_col_l(r, "check_order", order);
		memviz_col_str(r, "check_class", NODE_DATA(z->nid)->node_zones[z->at_class].name);
	} else {
		memviz_col_na(r, "check_order");
		memviz_col_na(r, "check_class");
	}
	if (in) {
		memviz_col_l(r, "usable_free", at->usable_free);
		memviz_col_bool(r, "block", at->block);
	} else {
		memviz_col_na(r, "usable_free");
		memviz_col_na(r, "block");
	}
	for (w = WMARK_MIN; w <= WMARK_HIGH; w++) {
		if (in)
			memviz_col_str(r, check_cols[w], memviz_order_check_name(at->check[w]));
		else
			memviz_col_na(r, check_cols[w]);
	}
	memviz_col_ul_opt(r, "compact_considered", c, at->compact.considered);
	memviz_col_ul_opt(r, "compact_defer_shift", c, at->compact.defer_shift);
	if (c)
		memviz_col_l(r, "compact_order_failed", at->compact.order_failed);
	else
		memviz_col_na(r, "compact_order_failed");
	if (c && order > 0)
		memviz_col_bool(r, "compact_deferred", at->deferred > 0);
	else
		memviz_col_na(r, "compact_deferred");
}

static const struct memviz_section orders_sections[] = {
	{ .comments = orders_comments, .nr_rows = orders_nr_rows, .row = orders_row },
	{ .comments = compaction_comments, .nr_rows = compaction_nr_rows, .row = compaction_row },
	{ .comments = kcompactd_comments, .nr_rows = kcompactd_nr_rows, .row = kcompactd_row },
};

static void *orders_collect(void)
{
	return memviz_orders_collect();
}

static void orders_release(void *snap)
{
	memviz_orders_free(snap);
}

const struct memviz_table memviz_orders_table = {
	.name = "orders",
	.collect = orders_collect,
	.release = orders_release,
	.sections = orders_sections,
	.nr_sections = ARRAY_SIZE(orders_sections),
};
