// SPDX-License-Identifier: GPL-2.0
/*
 * The page allocator's watermark check, reproduced: zone_watermark_ok()
 * and friends are not exported, and memviz must say exactly what the
 * allocator would decide (mm/page_alloc.c:__zone_watermark_ok).
 */
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include "memviz.h"

static const char * const wmark_state_names[] = {
	[MEMVIZ_WMARK_OK] = "ok",
	[MEMVIZ_WMARK_HIGH] = "high",
	[MEMVIZ_WMARK_LOW] = "low",
	[MEMVIZ_WMARK_MIN] = "min",
};

const char *memviz_wmark_state_name(enum memviz_wmark_state s)
{
	return wmark_state_names[s];
}

/**
 * memviz_wmark_state() - which watermark an order-0 allocation would fail
 * @usable_free: free pages minus what the allocation may not use
 * @reserve: lowmem_reserve of the zone against the allocation's class
 * @marks: min, low and high marks (boost included)
 *
 * The allocator fails a mark when usable_free <= mark + reserve.
 *
 * Return: the lowest mark passed, as a state.
 */
enum memviz_wmark_state memviz_wmark_state(long usable_free, long reserve,
					   const unsigned long *marks)
{
	if (usable_free <= (long)marks[WMARK_MIN] + reserve)
		return MEMVIZ_WMARK_MIN;
	if (usable_free <= (long)marks[WMARK_LOW] + reserve)
		return MEMVIZ_WMARK_LOW;
	if (usable_free <= (long)marks[WMARK_HIGH] + reserve)
		return MEMVIZ_WMARK_HIGH;
	return MEMVIZ_WMARK_OK;
}

/**
 * memviz_zone_free_item_safe() - a free-page counter as kswapd reads it
 * @z: the zone
 * @item: NR_FREE_PAGES, or MEMVIZ_NR_FREE_PAGES_BLOCKS (vm.defrag_mode)
 *
 * Below percpu_drift_mark the per-CPU deltas could hide a breach, so the
 * kernel folds them in (zone_watermark_ok_safe(), pgdat_balanced() from
 * 6.15); so do we.
 *
 * Return: free pages (may be transiently negative).
 */
long memviz_zone_free_item_safe(struct zone *z, enum zone_stat_item item)
{
	long free = zone_page_state(z, item);
	unsigned long drift = READ_ONCE(z->percpu_drift_mark);

	if (drift && free < (long)drift)
		free = zone_page_state_snapshot(z, item);
	return free;
}

/**
 * memviz_zone_free_safe() - NR_FREE_PAGES as the kernel reads it for kswapd
 * @z: the zone
 *
 * Return: free pages (may be transiently negative).
 */
long memviz_zone_free_safe(struct zone *z)
{
	return memviz_zone_free_item_safe(z, NR_FREE_PAGES);
}

/**
 * memviz_zone_watermark_ok_safe() - kswapd's watermark check, no alloc flags
 * @z: the zone
 * @order: allocation order
 * @mark: the watermark, in pages
 * @highest_zoneidx: the allocation's class
 * @item: the free counter checked: NR_FREE_PAGES, or the free pages in
 *	whole pageblocks where vm.defrag_mode asks for them (6.15)
 *
 * zone_watermark_ok_safe() until 6.14, pgdat_balanced()'s own check after:
 * __zone_watermark_ok() on a drift-corrected free count.  Reads free lists
 * locklessly, as the kernel's own check does.
 *
 * Return: true when the allocator would consider @z above @mark.
 */
bool memviz_zone_watermark_ok_safe(struct zone *z, unsigned int order,
				   unsigned long mark, int highest_zoneidx,
				   enum zone_stat_item item)
{
	long free = memviz_zone_free_item_safe(z, item);
	unsigned int o;
	int mt;

	free -= (1L << order) - 1;
	free -= memviz_zone_highatomic_unusable(z) + memviz_zone_free_cma(z);
	if (free <= (long)mark + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (o = order; o < MEMVIZ_NR_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		/* Unlocked, as in __zone_watermark_ok(): a hint, not a promise. */
		if (!data_race(area->nr_free))
			continue;
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			if (!list_empty(&area->free_list[mt]))
				return true;
		}
	}
	return false;
}
