// SPDX-License-Identifier: GPL-2.0
/*
 * Reclaim collector: per zone, what could be reclaimed now and at what
 * cost (clean file, dirty file, writeback, anon and shmem up to free
 * swap), against how far the zone is below its watermarks; plus the
 * machine's own reclaim counters.
 *
 * It takes no pass of its own: the folio classes come from the LRU
 * snapshot (module/lru.c, shared and cached) and the watermarks from a
 * zones snapshot, so one open() walks memory at most once.
 */
#include <linux/ctype.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/vmstat.h>
#include "memviz.h"
#include "lru.h"

/*
 * Reclaim counters named as /proc/vmstat names them; -1: not here.  The
 * pgscan/pgsteal ones through memviz_reclaim_counter() (vm events or,
 * from 7.x, node stats), the rest are vm events everywhere.
 */
static const struct {
	const char *name;
	int item;
} reclaim_counters[] = {
	{ "pgscan_anon", PGSCAN_ANON },
	{ "pgscan_file", PGSCAN_FILE },
	{ "pgsteal_anon", PGSTEAL_ANON },
	{ "pgsteal_file", PGSTEAL_FILE },
};

static const struct {
	const char *name;
	int item;
} vm_events[] = {
	{ "pgscan_direct_throttle", PGSCAN_DIRECT_THROTTLE },
	{ "kswapd_low_wmark_hit_quickly", KSWAPD_LOW_WMARK_HIT_QUICKLY },
	{ "kswapd_high_wmark_hit_quickly", KSWAPD_HIGH_WMARK_HIT_QUICKLY },
	{ "pageoutrun", PAGEOUTRUN },
	{ "oom_kill", OOM_KILL },
	{ "compact_stall", MEMVIZ_EV_COMPACTSTALL },
	{ "compact_fail", MEMVIZ_EV_COMPACTFAIL },
	{ "compact_success", MEMVIZ_EV_COMPACTSUCCESS },
};

/* Refault counters are node stats, summed over nodes here. */
static const struct {
	const char *name;
	enum node_stat_item item;
} node_events[] = {
	{ "workingset_refault_anon", WORKINGSET_REFAULT_ANON },
	{ "workingset_refault_file", WORKINGSET_REFAULT_FILE },
	{ "workingset_activate_anon", WORKINGSET_ACTIVATE_ANON },
	{ "workingset_activate_file", WORKINGSET_ACTIVATE_FILE },
	{ "workingset_restore_anon", WORKINGSET_RESTORE_ANON },
	{ "workingset_restore_file", WORKINGSET_RESTORE_FILE },
};

static const int pgscan_item[MEMVIZ_NR_RECLAIMERS] = {
	[MEMVIZ_RECLAIMER_KSWAPD] = PGSCAN_KSWAPD,
	[MEMVIZ_RECLAIMER_DIRECT] = PGSCAN_DIRECT,
	[MEMVIZ_RECLAIMER_KHUGEPAGED] = MEMVIZ_EV_PGSCAN_KHUGEPAGED,
	[MEMVIZ_RECLAIMER_PROACTIVE] = MEMVIZ_EV_PGSCAN_PROACTIVE,
};

static const int pgsteal_item[MEMVIZ_NR_RECLAIMERS] = {
	[MEMVIZ_RECLAIMER_KSWAPD] = PGSTEAL_KSWAPD,
	[MEMVIZ_RECLAIMER_DIRECT] = PGSTEAL_DIRECT,
	[MEMVIZ_RECLAIMER_KHUGEPAGED] = MEMVIZ_EV_PGSTEAL_KHUGEPAGED,
	[MEMVIZ_RECLAIMER_PROACTIVE] = MEMVIZ_EV_PGSTEAL_PROACTIVE,
};

static long ev(const unsigned long *all, int item)
{
	return item < 0 ? -1 : (long)all[item];
}

/*
 * Zone classes: ALLOCSTALL_<zone> is per zone index, summed over nodes.
 * ALLOCSTALL_DEVICE exists but no gfp mask selects ZONE_DEVICE, so it is
 * never a class: stop before it, as the zones file does.
 */
static unsigned int nr_zone_classes(void)
{
	return MEMVIZ_NR_ALLOC_ZONES;
}

static int collect_events(struct memviz_reclaim *rc)
{
	unsigned int nr = ARRAY_SIZE(reclaim_counters) + ARRAY_SIZE(vm_events) +
			  ARRAY_SIZE(node_events) + nr_zone_classes();
	struct memviz_reclaim_event *e;
	unsigned long *all;
	unsigned int i, r;

	/* ~100 longs: too many for the stack (FRAME_WARN). */
	all = kmalloc_array(NR_VM_EVENT_ITEMS, sizeof(*all), GFP_KERNEL);
	rc->event = kcalloc(nr, sizeof(*rc->event), GFP_KERNEL);
	if (!all || !rc->event) {
		kfree(all);
		return -ENOMEM;
	}
	/* Sums every CPU under cpus_read_lock(): process context only. */
	all_vm_events(all);

	for (r = 0; r < MEMVIZ_NR_RECLAIMERS; r++) {
		rc->pgscan[r] = memviz_reclaim_counter(all, pgscan_item[r]);
		rc->pgsteal[r] = memviz_reclaim_counter(all, pgsteal_item[r]);
	}

	e = rc->event;
	for (i = 0; i < nr_zone_classes(); i++, e++) {
		struct zone *z = &NODE_DATA(first_online_node)->node_zones[i];
		char *p;

		snprintf(e->name, sizeof(e->name), "allocstall_%s", z->name);
		for (p = e->name; *p; p++)
			*p = tolower(*p);
		/* The kernel's own index arithmetic (__count_zid_vm_events). */
		e->value = all[ALLOCSTALL_NORMAL - ZONE_NORMAL + i];
	}
	for (i = 0; i < ARRAY_SIZE(reclaim_counters); i++, e++) {
		strscpy(e->name, reclaim_counters[i].name, sizeof(e->name));
		e->value = memviz_reclaim_counter(all, reclaim_counters[i].item);
	}
	for (i = 0; i < ARRAY_SIZE(vm_events); i++, e++) {
		strscpy(e->name, vm_events[i].name, sizeof(e->name));
		e->value = ev(all, vm_events[i].item);
	}
	for (i = 0; i < ARRAY_SIZE(node_events); i++, e++) {
		strscpy(e->name, node_events[i].name, sizeof(e->name));
		e->value = global_node_page_state(node_events[i].item);
	}
	rc->nr_events = nr;
	kfree(all);
	return 0;
}

static const struct memviz_zone_info *find_zone(const struct memviz_zones *zs,
						int nid, int zid)
{
	unsigned int i;

	for (i = 0; i < zs->nr; i++)
		if (zs->zone[i].nid == nid && zs->zone[i].zid == zid)
			return &zs->zone[i];
	return NULL;
}

/**
 * memviz_reclaim_collect() - per-zone reclaimable pools and reclaim counters
 * @sample: the lru pass's sampling (memviz_lru_get_sampled()); 0: the default
 *
 * Context: process context; sleeps (may run an LRU pass, allocates).
 * Return: the snapshot, or an ERR_PTR (-ENOMEM, -EINTR).
 */
struct memviz_reclaim *memviz_reclaim_collect(unsigned int sample)
{
	struct memviz_reclaim *rc;
	struct memviz_lru *lru;
	unsigned int i;
	int ret;

	lru = sample ? memviz_lru_get_sampled(sample) : memviz_lru_get();
	if (IS_ERR(lru))
		return ERR_CAST(lru);
	rc = kvzalloc(struct_size(rc, zone, lru->nr), GFP_KERNEL);
	if (!rc) {
		memviz_lru_put(lru);
		return ERR_PTR(-ENOMEM);
	}
	rc->lru = lru;
	rc->zones = memviz_zones_collect();
	if (IS_ERR(rc->zones)) {
		ret = PTR_ERR(rc->zones);
		goto err;
	}
	ret = collect_events(rc);
	if (ret)
		goto err;

	rc->swap_free = max(get_nr_swap_pages(), 0L);
	for (i = 0; i < lru->nr; i++) {
		struct memviz_reclaim_zone *z = &rc->zone[i];

		z->lz = &lru->zone[i];
		z->zi = find_zone(rc->zones, z->lz->nid, z->lz->zid);
		z->node_slab_reclaimable =
			memviz_node_stat(NODE_DATA(z->lz->nid), NR_SLAB_RECLAIMABLE_B);
		rc->swap_wanted += z->lz->cost[MEMVIZ_COST_ANON] +
				   z->lz->cost[MEMVIZ_COST_SHMEM];
	}
	rc->nr = lru->nr;
	return rc;

err:
	memviz_reclaim_free(rc);
	return ERR_PTR(ret);
}

/**
 * memviz_reclaim_free() - release a reclaim snapshot
 * @rc: snapshot from memviz_reclaim_collect(); ERR_PTR and NULL are ignored
 */
void memviz_reclaim_free(struct memviz_reclaim *rc)
{
	if (IS_ERR_OR_NULL(rc))
		return;
	memviz_lru_put(rc->lru);
	memviz_zones_free(rc->zones);
	kfree(rc->event);
	kvfree(rc);
}
