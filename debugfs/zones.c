// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/zones: one row per populated zone, with its
 * watermarks, the allocator's own order-0 check against each allocation
 * class, and free pages per order.  Formatting only; module/zones.c
 * takes the snapshot.
 */
#include <linux/mmzone.h>
#include "memviz.h"
#include "files.h"

#define ZONES_VERSION 1

/*
 * What an lru pass would cost, without running one: readers size a
 * sampled pass (sample/<file>.N) to a time budget from it.
 */
static void zones_lru_cost(struct seq_file *m, const struct memviz_zones *zs)
{
	unsigned long spanned = 0;
	unsigned int i;

	for (i = 0; i < zs->nr; i++)
		spanned += zs->zone[i].spanned;
	seq_printf(m, "# lru_pfns_spanned=%lu lru_ns_per_kpfn=%llu lru_sample=%u: frames an exact lru pass reads, ns per 1,000 frames the last pass took (0 before any), the lru_sample parameter\n",
		   spanned, zs->lru_ns_per_kpfn, zs->lru_sample);
}

static void zones_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_zones *zs = snap;

	memviz_table_banner(m, "zones", ZONES_VERSION);
	seq_printf(m, "# nodes=%u zones=%u nr_orders=%zu\n", zs->nr_nodes, zs->nr,
		   MEMVIZ_NR_ORDERS);
	seq_puts(m, "# units: pages unless the column name ends in _kb, _bytes, _ns or _pct; '-' = not on this kernel\n");
	zones_lru_cost(m, zs);
	seq_puts(m, "# min/low/high/promo include boost, as /proc/zoneinfo prints them\n");
	seq_puts(m, "# state: free against the marks alone (no unusable pages, no lowmem_reserve): ok >high, high <=high, low <=low, min <=min; whether an allocation wakes kswapd (fails low) or reclaims directly (fails min) is its check_<class>\n");
	seq_puts(m, "# headroom_<mark> = free - mark; unusable = free pages an unmovable or reclaimable allocation may not take (highatomic, free CMA); unusable_movable = those a movable one may not (highatomic: it may use CMA)\n");
	seq_puts(m, "# reserve_<class> = lowmem_reserve this zone keeps against allocations whose highest zone is <class>\n");
	seq_puts(m, "# check_<class> = the allocator's order-0 check for an unmovable allocation of that class: (free - unusable) vs mark + reserve_<class>, as a state; check_movable_<class> the same with unusable_movable\n");
	seq_puts(m, "# free_blocks = free pages in free blocks of at least pageblock order (NR_FREE_PAGES_BLOCKS, 6.15+: what vm.defrag_mode balances); '-' before\n");
}

static size_t zones_nr_rows(const void *snap)
{
	return ((const struct memviz_zones *)snap)->nr;
}

static void zones_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_zones *zs = snap;
	const struct memviz_zone_info *z = &zs->zone[idx];
	long usable = z->free - (long)z->unusable;
	enum memviz_wmark_state st;
	char order[8];
	unsigned int c;
	int o;

	memviz_col_l(r, "node", z->nid);
	memviz_col_str(r, "zone", z->name);
	memviz_col_ul(r, "managed", z->managed);
	memviz_col_ul(r, "present", z->present);
	memviz_col_ul(r, "spanned", z->spanned);
	memviz_col_l(r, "free", z->free);
	memviz_col_ul(r, "min", z->marks[WMARK_MIN]);
	memviz_col_ul(r, "low", z->marks[WMARK_LOW]);
	memviz_col_ul(r, "high", z->marks[WMARK_HIGH]);
	memviz_col_ul(r, "promo", z->marks[WMARK_PROMO]);
	memviz_col_ul(r, "boost", z->boost);
	memviz_col_ul(r, "reserved_highatomic", z->reserved_highatomic);
	st = memviz_wmark_state(z->free, 0, z->marks);
	memviz_col_str(r, "state", memviz_wmark_state_name(st));
	memviz_col_l(r, "headroom_min", z->free - (long)z->marks[WMARK_MIN]);
	memviz_col_l(r, "headroom_low", z->free - (long)z->marks[WMARK_LOW]);
	memviz_col_l(r, "headroom_high", z->free - (long)z->marks[WMARK_HIGH]);
	memviz_col_ul_opt(r, "free_highatomic", MEMVIZ_HAVE_NR_FREE_HIGHATOMIC,
			  z->free_highatomic);
	memviz_col_ul(r, "unusable", z->unusable);

	for (c = 0; c < zs->nr_classes; c++)
		memviz_col_l_sfx(r, "reserve_", zs->class_name[c], z->lowmem_reserve[c]);
	/* A zone serves only allocations whose highest zone is at or above it. */
	for (c = 0; c < zs->nr_classes; c++) {
		if (c < z->zid) {
			memviz_col_na_sfx(r, "check_", zs->class_name[c]);
			continue;
		}
		st = memviz_wmark_state(usable, z->lowmem_reserve[c], z->marks);
		memviz_col_str_sfx(r, "check_", zs->class_name[c],
				   memviz_wmark_state_name(st));
	}
	for (o = 0; o < MEMVIZ_NR_ORDERS; o++) {
		snprintf(order, sizeof(order), "%d", o);
		memviz_col_ul_sfx(r, "free_o", order, z->nr_free[o]);
	}

	memviz_col_ul(r, "inactive_anon", z->stat[NR_ZONE_INACTIVE_ANON]);
	memviz_col_ul(r, "active_anon", z->stat[NR_ZONE_ACTIVE_ANON]);
	memviz_col_ul(r, "inactive_file", z->stat[NR_ZONE_INACTIVE_FILE]);
	memviz_col_ul(r, "active_file", z->stat[NR_ZONE_ACTIVE_FILE]);
	memviz_col_ul(r, "unevictable", z->stat[NR_ZONE_UNEVICTABLE]);
	memviz_col_ul(r, "write_pending", z->stat[NR_ZONE_WRITE_PENDING]);
	memviz_col_ul(r, "mlock", z->stat[NR_MLOCK]);
	memviz_col_ul(r, "free_cma", z->stat[NR_FREE_CMA_PAGES]);
	memviz_col_ul_opt(r, "unaccepted", MEMVIZ_HAVE_NR_UNACCEPTED,
			  MEMVIZ_HAVE_NR_UNACCEPTED ? z->stat[MEMVIZ_NR_UNACCEPTED] : 0);
	memviz_col_ul_opt(r, "free_blocks", MEMVIZ_HAVE_NR_FREE_PAGES_BLOCKS,
			  z->stat[MEMVIZ_NR_FREE_PAGES_BLOCKS]);
	/* movable allocations may take free CMA (ALLOC_CMA): their own view */
	memviz_col_ul(r, "unusable_movable", z->unusable_movable);
	for (c = 0; c < zs->nr_classes; c++) {
		if (c < z->zid) {
			memviz_col_na_sfx(r, "check_movable_", zs->class_name[c]);
			continue;
		}
		st = memviz_wmark_state(z->free - (long)z->unusable_movable,
					z->lowmem_reserve[c], z->marks);
		memviz_col_str_sfx(r, "check_movable_", zs->class_name[c],
				   memviz_wmark_state_name(st));
	}
}

static const struct memviz_section zones_sections[] = {
	{ .comments = zones_comments, .nr_rows = zones_nr_rows, .row = zones_row },
};

static void *zones_collect(void)
{
	return memviz_zones_collect();
}

static void zones_release(void *snap)
{
	memviz_zones_free(snap);
}

const struct memviz_table memviz_zones_table = {
	.name = "zones",
	.collect = zones_collect,
	.release = zones_release,
	.sections = zones_sections,
	.nr_sections = ARRAY_SIZE(zones_sections),
};
