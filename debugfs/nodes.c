// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/nodes: one row per online node: kswapd's
 * state, whether kswapd considers the node balanced, and the node's LRU,
 * dirty/writeback, slab and workingset counters.
 */
#include <linux/mmzone.h>
#include "memviz.h"
#include "files.h"

#define NODES_VERSION 1

static const char * const kswapd_state_names[] = {
	[MEMVIZ_KSWAPD_NONE] = "none",
	[MEMVIZ_KSWAPD_RUNNING] = "running",
	[MEMVIZ_KSWAPD_SLEEPING] = "sleeping",
};

/* A sysctl's value, '-' where the kernel has none (or it was unreadable). */
static void print_mode(struct seq_file *m, long v)
{
	if (v < 0)
		seq_putc(m, '-');
	else
		seq_printf(m, "%ld", v);
}

static void nodes_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_nodes *ns = snap;

	memviz_table_banner(m, "nodes", NODES_VERSION);
	seq_printf(m, "# nodes=%u totalram=%lu max_reclaim_retries=%d numa_balancing=", ns->nr,
		   ns->totalram, MEMVIZ_MAX_RECLAIM_RETRIES);
	print_mode(m, ns->mode.numa_balancing);
	seq_puts(m, " defrag_mode=");
	print_mode(m, ns->mode.defrag_mode);
	seq_putc(m, '\n');
	seq_puts(m, "# units: pages unless the column name ends in _kb, _bytes, _ns or _pct; '-' = not on this kernel\n");
	seq_puts(m, "# kswapd_pid: as the reader's pid namespace sees it ('-': no kswapd, or outside that namespace); kswapd_zone = highest zone kswapd was last woken for ('-' = not woken since it slept)\n");
	seq_puts(m, "# balanced = kswapd's pgdat_balanced(): some zone up to kswapd_zone passes its high mark (promo when numa_balancing has memory tiering, 2) at kswapd_order, counting only free pages in whole pageblocks when defrag_mode=1 and kswapd_order > 0 (numa_balancing, defrag_mode: the sysctls, '-' where this kernel has none)\n");
	seq_puts(m, "# unreclaimable = kswapd_failures >= max_reclaim_retries; share_pct = managed / totalram\n");
}

static size_t nodes_nr_rows(const void *snap)
{
	return ((const struct memviz_nodes *)snap)->nr;
}

static void nodes_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_nodes *ns = snap;
	const struct memviz_node_info *n = &ns->node[idx];
	const unsigned long *s = n->stat;
	int zi = n->kswapd_highest_zoneidx;

	memviz_col_l(r, "node", n->nid);
	memviz_col_ul(r, "managed", n->managed);
	memviz_col_ul(r, "present", n->present);
	memviz_col_ul(r, "share_pct", ns->totalram ? n->managed * 100 / ns->totalram : 0);
	memviz_col_l(r, "free", n->free);
	/* 0: no kswapd, or one the reader's pid namespace does not see */
	memviz_col_ul_opt(r, "kswapd_pid", n->kswapd_pid > 0, n->kswapd_pid);
	memviz_col_str(r, "kswapd_state", kswapd_state_names[n->kswapd_state]);
	memviz_col_l(r, "kswapd_order", n->kswapd_order);
	if (zi >= 0 && zi < MAX_NR_ZONES)
		memviz_col_str(r, "kswapd_zone", NODE_DATA(n->nid)->node_zones[zi].name);
	else
		memviz_col_str(r, "kswapd_zone", "-");
	memviz_col_l(r, "kswapd_failures", n->kswapd_failures);
	memviz_col_bool(r, "unreclaimable", n->kswapd_failures >= MEMVIZ_MAX_RECLAIM_RETRIES);
	memviz_col_bool(r, "balanced", n->balanced);
	memviz_col_ul(r, "zones_below_high", n->zones_below_high);
	memviz_col_ul(r, "inactive_anon", s[NR_INACTIVE_ANON]);
	memviz_col_ul(r, "active_anon", s[NR_ACTIVE_ANON]);
	memviz_col_ul(r, "inactive_file", s[NR_INACTIVE_FILE]);
	memviz_col_ul(r, "active_file", s[NR_ACTIVE_FILE]);
	memviz_col_ul(r, "unevictable", s[NR_UNEVICTABLE]);
	memviz_col_ul(r, "isolated_anon", s[NR_ISOLATED_ANON]);
	memviz_col_ul(r, "isolated_file", s[NR_ISOLATED_FILE]);
	memviz_col_ul(r, "file_pages", s[NR_FILE_PAGES]);
	memviz_col_ul(r, "file_mapped", s[NR_FILE_MAPPED]);
	memviz_col_ul(r, "anon_mapped", s[NR_ANON_MAPPED]);
	memviz_col_ul(r, "shmem", s[NR_SHMEM]);
	memviz_col_ul(r, "dirty", s[NR_FILE_DIRTY]);
	memviz_col_ul(r, "writeback", s[NR_WRITEBACK]);
	/* Stored in pages despite the _B name (mod_node_page_state shifts). */
	memviz_col_ul(r, "slab_reclaimable", s[NR_SLAB_RECLAIMABLE_B]);
	memviz_col_ul(r, "slab_unreclaimable", s[NR_SLAB_UNRECLAIMABLE_B]);
	memviz_col_ul(r, "pagetables", s[NR_PAGETABLE]);
	memviz_col_ul(r, "workingset_refault_anon", s[WORKINGSET_REFAULT_ANON]);
	memviz_col_ul(r, "workingset_refault_file", s[WORKINGSET_REFAULT_FILE]);
	memviz_col_ul(r, "workingset_activate_anon", s[WORKINGSET_ACTIVATE_ANON]);
	memviz_col_ul(r, "workingset_activate_file", s[WORKINGSET_ACTIVATE_FILE]);
	memviz_col_ul(r, "workingset_nodereclaim", s[WORKINGSET_NODERECLAIM]);
}

static const struct memviz_section nodes_sections[] = {
	{ .comments = nodes_comments, .nr_rows = nodes_nr_rows, .row = nodes_row },
};

static void *nodes_collect(void)
{
	return memviz_nodes_collect();
}

static void nodes_release(void *snap)
{
	memviz_nodes_free(snap);
}

const struct memviz_table memviz_nodes_table = {
	.name = "nodes",
	.collect = nodes_collect,
	.release = nodes_release,
	.sections = nodes_sections,
	.nr_sections = ARRAY_SIZE(nodes_sections),
};
