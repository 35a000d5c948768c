// SPDX-License-Identifier: GPL-2.0
/*
 * Zones collector: per populated zone, its size, free pages per order,
 * watermarks and reserves, and its vmstat counters.
 *
 * Everything here is read locklessly, as /proc/zoneinfo does: each value
 * is a word-sized read of a counter the kernel itself reads without
 * zone->lock, so a snapshot costs O(zones) and blocks nobody.
 */
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include "memviz.h"

static void zone_snapshot(struct memviz_zone_info *zi, struct zone *z)
{
	unsigned int seq;
	int i;

	zi->nid = zone_to_nid(z);
	zi->zid = zone_idx(z);
	zi->name = z->name;
	zi->managed = zone_managed_pages(z);
	/* The span moves under memory hotplug; its seqlock says when. */
	do {
		seq = zone_span_seqbegin(z);
		zi->spanned = READ_ONCE(z->spanned_pages);
		zi->present = READ_ONCE(z->present_pages);
	} while (zone_span_seqretry(z, seq));

	zi->free = memviz_zone_free_safe(z);
	zi->boost = READ_ONCE(z->watermark_boost);
	for (i = 0; i < NR_WMARK; i++)
		zi->marks[i] = memviz_zone_mark(z, i);
	zi->reserved_highatomic = READ_ONCE(z->nr_reserved_highatomic);
	zi->free_highatomic = memviz_zone_free_highatomic(z);
	zi->unusable = memviz_zone_highatomic_unusable(z) + memviz_zone_free_cma(z);
	for (i = 0; i < MAX_NR_ZONES; i++)
		zi->lowmem_reserve[i] = READ_ONCE(z->lowmem_reserve[i]);
	/* nr_free is per order only and read locklessly, as zoneinfo does. */
	for (i = 0; i < MEMVIZ_NR_ORDERS; i++)
		zi->nr_free[i] = data_race(z->free_area[i].nr_free);
	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		zi->stat[i] = zone_page_state(z, i);
}

static unsigned int count_zones(void)
{
	unsigned int n = 0;
	struct zone *z;
	int nid;

	memviz_for_each_zone(nid, z)
		n++;
	return n;
}

/**
 * memviz_zones_collect() - snapshot every populated zone
 *
 * Context: process context; may sleep (allocates).
 * Return: the snapshot, or ERR_PTR(-ENOMEM).
 */
struct memviz_zones *memviz_zones_collect(void)
{
	/* A node may come online between the count and the fill: cap at max. */
	unsigned int max = count_zones();
	struct memviz_zones *zs;
	struct zone *z;
	int nid, i;

	zs = kvzalloc(struct_size(zs, zone, max), GFP_KERNEL);
	if (!zs)
		return ERR_PTR(-ENOMEM);

	memviz_for_each_zone(nid, z) {
		if (zs->nr == max)
			break;
		zone_snapshot(&zs->zone[zs->nr++], z);
	}
	for_each_online_node(nid)
		zs->nr_nodes++;

	/* Allocation classes are named after the zones, taken from node 0. */
	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (IS_ENABLED(CONFIG_ZONE_DEVICE) && i == ZONE_DEVICE)
			break;
		zs->class_name[i] = NODE_DATA(first_online_node)->node_zones[i].name;
		zs->nr_classes++;
	}
	return zs;
}

/**
 * memviz_zones_free() - release a zones snapshot
 * @zs: snapshot from memviz_zones_collect(), may be an ERR_PTR or NULL
 */
void memviz_zones_free(struct memviz_zones *zs)
{
	if (!IS_ERR_OR_NULL(zs))
		kvfree(zs);
}
