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
 * memviz_zone_free_safe() - NR_FREE_PAGES as zone_watermark_ok_safe() reads it
 * @z: the zone
 *
 * Below percpu_drift_mark the per-CPU deltas could hide a breach, so the
 * kernel folds them in; so do we.
 *
 * Return: free pages (may be transiently negative).
 */
long memviz_zone_free_safe(struct zone *z)
{
	long free = zone_page_state(z, NR_FREE_PAGES);
	unsigned long drift = READ_ONCE(z->percpu_drift_mark);

	if (drift && free < (long)drift)
		free = zone_page_state_snapshot(z, NR_FREE_PAGES);
	return free;
}

/**
 * memviz_zone_watermark_ok_safe() - zone_watermark_ok_safe() with no alloc flags
 * @z: the zone
 * @order: allocation order
 * @mark: the watermark, in pages
 * @highest_zoneidx: the allocation's class
 *
 * Reads free lists locklessly, as the kernel's own check does.
 *
 * Return: true when the allocator would consider @z above @mark.
 */
bool memviz_zone_watermark_ok_safe(struct zone *z, unsigned int order,
				   unsigned long mark, int highest_zoneidx)
{
	long free = memviz_zone_free_safe(z);
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
