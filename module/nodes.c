// SPDX-License-Identifier: GPL-2.0
/*
 * Nodes collector: per online node, kswapd's state and the node's LRU,
 * dirty/writeback, slab and workingset counters.
 */
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/pid_namespace.h>
#include <linux/sched/sysctl.h>
#include "memviz.h"
#include "procfs.h"

/*
 * kswapd's own pgdat_balanced(): the node is balanced when ANY managed zone
 * up to the class kswapd was woken for passes its high mark (promo with
 * NUMA balancing's memory tiering) at kswapd's order, on free pages or,
 * with vm.defrag_mode at order > 0, on free pages in whole pageblocks.
 */
static bool node_balanced(struct pglist_data *pgdat, int order, int classidx,
			  const struct memviz_balance_mode *mode)
{
	enum zone_stat_item item = NR_FREE_PAGES;
	enum zone_watermarks w = WMARK_HIGH;
	bool any_managed = false;
	int i;

	if (mode->numa_balancing > 0 && (mode->numa_balancing & NUMA_BALANCING_MEMORY_TIERING))
		w = WMARK_PROMO;
	if (MEMVIZ_HAVE_NR_FREE_PAGES_BLOCKS && mode->defrag_mode > 0 && order)
		item = MEMVIZ_NR_FREE_PAGES_BLOCKS;
	for (i = 0; i <= classidx && i < MAX_NR_ZONES; i++) {
		struct zone *z = pgdat->node_zones + i;

		if (!managed_zone(z))
			continue;
		any_managed = true;
		if (memviz_zone_watermark_ok_safe(z, order, memviz_zone_mark(z, w),
						  classidx, item))
			return true;
	}
	return !any_managed;
}

static void kswapd_snapshot(struct memviz_node_info *ni, struct pglist_data *pgdat)
{
	struct task_struct *tsk;

	/* kswapd_stop() NULLs the pointer under this mutex: hold it to deref. */
	pgdat_kswapd_lock(pgdat);
	tsk = pgdat->kswapd;
	if (tsk) {
		/* as the reader's pid namespace sees it: 0 = not at all */
		ni->kswapd_pid = task_pid_nr_ns(tsk, task_active_pid_ns(current));
		ni->kswapd_state = task_is_running(tsk) ? MEMVIZ_KSWAPD_RUNNING
							: MEMVIZ_KSWAPD_SLEEPING;
	} else {
		ni->kswapd_state = MEMVIZ_KSWAPD_NONE;
	}
	pgdat_kswapd_unlock(pgdat);

	/* Written with WRITE_ONCE by wakeup_kswapd(); racy by design. */
	ni->kswapd_order = READ_ONCE(pgdat->kswapd_order);
	ni->kswapd_highest_zoneidx = READ_ONCE(pgdat->kswapd_highest_zoneidx);
	ni->kswapd_failures = MEMVIZ_KSWAPD_FAILURES(pgdat);
}

static void node_snapshot(struct memviz_node_info *ni, int nid,
			  const struct memviz_balance_mode *mode)
{
	struct pglist_data *pgdat = NODE_DATA(nid);
	int classidx;
	int i;

	ni->nid = nid;
	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = pgdat->node_zones + i;

		if (!populated_zone(z) || zone_is_zone_device(z))
			continue;
		ni->managed += zone_managed_pages(z);
		ni->present += READ_ONCE(z->present_pages);
		ni->free += memviz_zone_free_safe(z);
		if (managed_zone(z) &&
		    !memviz_zone_watermark_ok_safe(z, 0, memviz_zone_mark(z, WMARK_HIGH), i,
						   NR_FREE_PAGES))
			ni->zones_below_high++;
	}
	kswapd_snapshot(ni, pgdat);

	/* Not woken since it last slept: kswapd would check every zone. */
	classidx = ni->kswapd_highest_zoneidx;
	if (classidx < 0 || classidx >= MAX_NR_ZONES)
		classidx = MAX_NR_ZONES - 1;
	ni->balanced = node_balanced(pgdat, ni->kswapd_order, classidx, mode);

	for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		ni->stat[i] = memviz_node_stat(pgdat, i);
}

/**
 * memviz_nodes_collect() - snapshot every online node
 *
 * Context: process context; sleeps (kswapd_lock mutex, allocation).
 * Return: the snapshot, or ERR_PTR(-ENOMEM).
 */
struct memviz_nodes *memviz_nodes_collect(void)
{
	struct memviz_nodes *ns;
	unsigned int max = 0;
	int nid;

	for_each_online_node(nid)
		max++;
	ns = kvzalloc(struct_size(ns, node, max), GFP_KERNEL);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	ns->totalram = totalram_pages();
	if (memviz_read_kernel_long("/proc/sys/kernel/numa_balancing", &ns->mode.numa_balancing))
		ns->mode.numa_balancing = -1;
	if (!MEMVIZ_HAVE_NR_FREE_PAGES_BLOCKS ||
	    memviz_read_kernel_long("/proc/sys/vm/defrag_mode", &ns->mode.defrag_mode))
		ns->mode.defrag_mode = -1;
	for_each_online_node(nid) {
		if (ns->nr == max)
			break;
		node_snapshot(&ns->node[ns->nr++], nid, &ns->mode);
	}
	return ns;
}

/**
 * memviz_nodes_free() - release a nodes snapshot
 * @ns: snapshot from memviz_nodes_collect(), may be an ERR_PTR or NULL
 */
void memviz_nodes_free(struct memviz_nodes *ns)
{
	if (!IS_ERR_OR_NULL(ns))
		kvfree(ns);
}
