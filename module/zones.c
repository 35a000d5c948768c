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
#include "lru.h"

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
	zi->unusable_movable = memviz_zone_highatomic_unusable(z);
	zi->unusable = zi->unusable_movable + memviz_zone_free_cma(z);
	for (i = 0; i < MAX_NR_ZONES; i++)
		zi->lowmem_reserve[i] = READ_ONCE(z->lowmem_reserve[i]);
	for (i = 0; i < MEMVIZ_NR_ORDERS; i++)
		/* Updated under zone->lock; zoneinfo reads it unlocked too. */
		zi->nr_free[i] = data_race(z->free_area[i].nr_free);
	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		zi->stat[i] = zone_page_state(z, i);
}

static bool zone_listed(struct zone *z)
{
	return populated_zone(z) && !zone_is_zone_device(z);
}

/* Next listed zone at or after @z in node @nid, else in later nodes. */
static struct zone *zone_from(int nid, struct zone *z)
{
	for (; nid < MAX_NUMNODES; nid = next_online_node(nid)) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		if (!z)
			z = pgdat->node_zones;
		for (; z < pgdat->node_zones + MAX_NR_ZONES; z++)
			if (zone_listed(z))
				return z;
		z = NULL;
	}
	return NULL;
}

/**
 * memviz_first_zone() - first populated, non-device zone of the online nodes
 *
 * Return: the zone, or NULL when there is none.
 */
struct zone *memviz_first_zone(void)
{
	return zone_from(first_online_node, NULL);
}

/**
 * memviz_next_zone() - the listed zone after @zone
 * @zone: a zone returned by memviz_first_zone() or memviz_next_zone()
 *
 * Return: the next zone, or NULL after the last.
 */
struct zone *memviz_next_zone(struct zone *zone)
{
	int nid = zone_to_nid(zone);

	if (zone + 1 < NODE_DATA(nid)->node_zones + MAX_NR_ZONES)
		return zone_from(nid, zone + 1);
	return zone_from(next_online_node(nid), NULL);
}

static unsigned int count_zones(void)
{
	unsigned int n = 0;
	struct zone *z;

	for (z = memviz_first_zone(); z; z = memviz_next_zone(z))
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

	for (z = memviz_first_zone(); z; z = memviz_next_zone(z)) {
		if (zs->nr == max)
			break;
		zone_snapshot(&zs->zone[zs->nr++], z);
	}
	for_each_online_node(nid)
		zs->nr_nodes++;

	/*
	 * Allocation classes are named after the zones, taken from node 0;
	 * ZONE_DEVICE is never one (MEMVIZ_NR_ALLOC_ZONES stops before it).
	 */
	for (i = 0; i < MEMVIZ_NR_ALLOC_ZONES; i++)
		zs->class_name[i] = NODE_DATA(first_online_node)->node_zones[i].name;
	zs->nr_classes = MEMVIZ_NR_ALLOC_ZONES;
	zs->lru_ns_per_kpfn = memviz_lru_ns_per_kpfn();
	zs->lru_sample = memviz_lru_sample_default();
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
