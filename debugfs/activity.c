// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/activity: reclaim activity since load (or the
 * last activity_reset), from the kernel's tracepoints.  Five tables:
 * kswapd per node, per zone, LRU scanning per node/reclaimer/type, stalls
 * per node, and the stall latency histogram.  Formatting only;
 * module/activity.c counts.
 */
#include <linux/log2.h>
#include "memviz.h"
#include "activity.h"
#include "files.h"

#define ACTIVITY_VERSION 1

static const char * const lru_type_names[ANON_AND_FILE] = { "anon", "file" };

/* ---- activity.kswapd: one row per online node ---- */

static void kswapd_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_activity *a = snap;

	memviz_table_banner(m, "activity.kswapd", ACTIVITY_VERSION);
	seq_printf(m, "# enabled=%s tracepoints=%u attached=%u missing=%s nodes=%u since_reset_ns=%llu slot_overflows=%lu khugepaged_reclaimer=%s skipped=%s\n",
		   a->enabled ? "yes" : "no", a->nr_tracepoints, a->nr_attached,
		   a->missing, a->nr, a->since_reset_ns, a->slot_overflows,
		   MEMVIZ_HAVE_KHUGEPAGED_RECLAIMER ? "yes" : "no", a->skipped);
	seq_puts(m, "# counts since load or the last activity_reset (module parameters activity=0|1, activity_reset=1)\n");
	seq_puts(m, "# missing: tracepoints this kernel lacks; skipped: left unattached by the activity_skip parameter; the columns they feed stay 0, everything else counts\n");
	seq_puts(m, "# wakeups: wakeup_kswapd calls for this node (the allocation's order in wakeups_o<N>); kswapd_runs: kswapd woke to reclaim; kswapd_sleeps: it went back to sleep\n");
}

static size_t node_nr_rows(const void *snap)
{
	return ((const struct memviz_activity *)snap)->nr;
}

static void kswapd_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_activity *a = snap;
	const struct memviz_act_node_snap *ns = &a->node[idx];
	char sfx[8];
	unsigned int o;

	memviz_col_l(r, "node", ns->nid);
	memviz_col_ul(r, "wakeups", ns->c.wakeups);
	memviz_col_ul(r, "kswapd_runs", ns->c.kswapd_runs);
	memviz_col_ul(r, "kswapd_sleeps", ns->c.kswapd_sleeps);
	for (o = 0; o < MEMVIZ_NR_ORDERS; o++) {
		snprintf(sfx, sizeof(sfx), "%u", o);
		memviz_col_ul_sfx(r, "wakeups_o", sfx, ns->c.wakeups_order[o]);
	}
}

/* ---- activity.zones: one row per node and zone class ---- */

static void zones_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_activity *a = snap;

	memviz_table_banner(m, "activity.zones", ACTIVITY_VERSION);
	seq_printf(m, "# zones=%u\n", a->nr_zones);
	seq_puts(m, "# one row per node and zone class (every zone but ZONE_DEVICE), populated or not: an allocation names its highest usable class even where the node has no such zone\n");
	seq_puts(m, "# wakeups: kswapd woken for an allocation whose highest zone is this class; kswapd_runs: kswapd reclaimed up to this class\n");
	seq_puts(m, "# retry_checks: the allocator's should_reclaim_retry() looked at this zone (reclaim_retry_zone); retry_wmark_ok: the zone would pass min with all its reclaimable pages\n");
}

static size_t zones_nr_rows(const void *snap)
{
	return ((const struct memviz_activity *)snap)->nr_zones;
}

static bool zone_at(const struct memviz_activity *a, size_t idx,
		    const struct memviz_act_node_snap **ns, int *zid)
{
	unsigned int i;
	int z;

	for (i = 0; i < a->nr; i++)
		for (z = 0; z < MAX_NR_ZONES; z++)
			if (a->node[i].zone_name[z] && !idx--) {
				*ns = &a->node[i];
				*zid = z;
				return true;
			}
	return false;
}

static void zones_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_act_node_snap *ns = NULL;
	int z = 0;

	if (!zone_at(snap, idx, &ns, &z)) {
		/* Header mode (no rows) still needs the names. */
		static const struct memviz_act_node_snap none;

		ns = &none;
	}
	memviz_col_l(r, "node", ns->nid);
	memviz_col_str(r, "zone", ns->zone_name[z]);
	memviz_col_bool(r, "populated", ns->populated[z]);
	memviz_col_ul(r, "wakeups", ns->c.zone_wakeups[z]);
	memviz_col_ul(r, "kswapd_runs", ns->c.zone_runs[z]);
	memviz_col_ul(r, "retry_checks", ns->c.zone_retry_checks[z]);
	memviz_col_ul(r, "retry_wmark_ok", ns->c.zone_retry_wmark_ok[z]);
}

/* ---- activity.reclaim: node x reclaimer x LRU type ---- */

#define RECLAIM_ROWS_PER_NODE (MEMVIZ_ACT_NR_PATHS * ANON_AND_FILE)

static void reclaim_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "activity.reclaim", ACTIVITY_VERSION);
	seq_puts(m, "# one row per node, reclaimer and LRU type; node = the node whose LRU lists were scanned\n");
	seq_puts(m, "# reclaimer: who reclaimed: memcg = memcg limit/high/proactive and v1 soft-limit reclaim; kswapd; khugepaged (kernels with pgscan_khugepaged); direct = any other task\n");
	if (MEMVIZ_RECLAIM_COUNTERS_IN_NODE_STATS)
		seq_puts(m, "# memcg_in_vmstat=yes: this kernel counts memcg reclaim in /proc/vmstat too, as the task that ran it (pgscan_direct, _khugepaged or _kswapd) or, for memory.reclaim, pgscan_proactive; kswapd + direct + khugepaged + memcg = the sum of every pgsteal_<reclaimer>\n");
	else
		seq_puts(m, "# memcg_in_vmstat=no: this kernel counts memcg reclaim in no pgscan_*/pgsteal_*; every other reclaimer equals its pgsteal_<reclaimer>\n");
	seq_puts(m, "# from mm_vmscan_lru_shrink_inactive: events scanned reclaimed, and of the pages not reclaimed: dirty writeback congested immediate activate ref_keep unmap_fail\n");
	seq_puts(m, "#   (MGLRU's scanned counts every folio looked at of the type evicted, the sorted ones too, and repeats it for a retry pass; pgscan_* counts only the isolated ones)\n");
	seq_puts(m, "# from mm_vmscan_lru_shrink_active (classic LRU only): active_events active_taken, kept active (active_kept), deactivated, active_referenced\n");
}

static size_t reclaim_nr_rows(const void *snap)
{
	return ((const struct memviz_activity *)snap)->nr * RECLAIM_ROWS_PER_NODE;
}

static void reclaim_row(struct memviz_row *r, const void *snap, size_t idx)
{
	static const char * const stat_names[MEMVIZ_ACT_NR_LRU_STATS] = {
		[MEMVIZ_ACT_INACTIVE_EVENTS] = "events",
		[MEMVIZ_ACT_SCANNED] = "scanned",
		[MEMVIZ_ACT_RECLAIMED] = "reclaimed",
		[MEMVIZ_ACT_DIRTY] = "dirty",
		[MEMVIZ_ACT_WRITEBACK] = "writeback",
		[MEMVIZ_ACT_CONGESTED] = "congested",
		[MEMVIZ_ACT_IMMEDIATE] = "immediate",
		[MEMVIZ_ACT_ACTIVATE] = "activate",
		[MEMVIZ_ACT_REF_KEEP] = "ref_keep",
		[MEMVIZ_ACT_UNMAP_FAIL] = "unmap_fail",
		[MEMVIZ_ACT_ACTIVE_EVENTS] = "active_events",
		[MEMVIZ_ACT_ACTIVE_TAKEN] = "active_taken",
		[MEMVIZ_ACT_ACTIVE_KEPT] = "active_kept",
		[MEMVIZ_ACT_DEACTIVATED] = "deactivated",
		[MEMVIZ_ACT_ACTIVE_REFERENCED] = "active_referenced",
	};
	const struct memviz_activity *a = snap;
	const struct memviz_act_node_snap *ns = &a->node[idx / RECLAIM_ROWS_PER_NODE];
	unsigned int p = (idx % RECLAIM_ROWS_PER_NODE) / ANON_AND_FILE;
	unsigned int t = idx % ANON_AND_FILE;
	unsigned int i;

	memviz_col_l(r, "node", ns->nid);
	memviz_col_str(r, "reclaimer", memviz_act_path_name(p));
	memviz_col_str(r, "type", lru_type_names[t]);
	for (i = 0; i < MEMVIZ_ACT_NR_LRU_STATS; i++)
		memviz_col_ul(r, stat_names[i], ns->c.lru[p][t][i]);
}

/* ---- activity.stalls: one row per online node ---- */

static void stalls_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "activity.stalls", ACTIVITY_VERSION);
	seq_puts(m, "# tasks that stalled to reclaim, by the node of the CPU they entered on (the events carry no node)\n");
	seq_puts(m, "# direct_entries: mm_vmscan_direct_reclaim_begin; memcg_entries: mm_vmscan_memcg_reclaim_begin; <kind>_reclaimed: pages their _end reported\n");
	seq_puts(m, "# <kind>_untimed: entries not timed (no free task slot); <kind>_unmatched: ends whose begin was not seen (probes attached mid-way, or untimed)\n");
	seq_puts(m, "# when no stall is in flight: sum of activity.latency <kind>_stalls = <kind>_entries - <kind>_untimed\n");
	seq_puts(m, "# softlimit_entries: cgroup v1 soft-limit reclaim passes; compact_retries: should_compact_retry() verdicts (compact_retry), compact_retry_yes: those that retried\n");
}

static void stalls_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_activity *a = snap;
	const struct memviz_act_node *c = &a->node[idx].c;

	memviz_col_l(r, "node", a->node[idx].nid);
	memviz_col_ul(r, "direct_entries", c->entries[MEMVIZ_ACT_STALL_DIRECT]);
	memviz_col_ul(r, "direct_reclaimed", c->stall_reclaimed[MEMVIZ_ACT_STALL_DIRECT]);
	memviz_col_ul(r, "direct_untimed", c->untimed[MEMVIZ_ACT_STALL_DIRECT]);
	memviz_col_ul(r, "direct_unmatched", c->unmatched[MEMVIZ_ACT_STALL_DIRECT]);
	memviz_col_ul(r, "memcg_entries", c->entries[MEMVIZ_ACT_STALL_MEMCG]);
	memviz_col_ul(r, "memcg_reclaimed", c->stall_reclaimed[MEMVIZ_ACT_STALL_MEMCG]);
	memviz_col_ul(r, "memcg_untimed", c->untimed[MEMVIZ_ACT_STALL_MEMCG]);
	memviz_col_ul(r, "memcg_unmatched", c->unmatched[MEMVIZ_ACT_STALL_MEMCG]);
	memviz_col_ul(r, "softlimit_entries", c->softlimit);
	memviz_col_ul(r, "softlimit_reclaimed", c->softlimit_reclaimed);
	memviz_col_ul(r, "compact_retries", c->compact_retries);
	memviz_col_ul(r, "compact_retry_yes", c->compact_retry_yes);
}

/* ---- activity.latency: node x log2 bucket ---- */

static void latency_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "activity.latency", ACTIVITY_VERSION);
	seq_printf(m, "# buckets=%u: bucket b counts stalls of lo_ns <= t < hi_ns = 2^(b+1) ns (bucket 0 from 0; the last has no upper bound: hi_ns -)\n",
		   MEMVIZ_ACT_LAT_BUCKETS);
	seq_puts(m, "# direct_stalls: direct reclaims that took that long, begin to end; memcg_stalls: memcg reclaims; node as in activity.stalls\n");
}

static size_t latency_nr_rows(const void *snap)
{
	return ((const struct memviz_activity *)snap)->nr * MEMVIZ_ACT_LAT_BUCKETS;
}

static void latency_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_activity *a = snap;
	const struct memviz_act_node_snap *ns = &a->node[idx / MEMVIZ_ACT_LAT_BUCKETS];
	unsigned int b = idx % MEMVIZ_ACT_LAT_BUCKETS;

	memviz_col_l(r, "node", ns->nid);
	memviz_col_ul(r, "bucket", b);
	memviz_col_ul(r, "lo_ns", b ? 1UL << b : 0);
	memviz_col_ul_opt(r, "hi_ns", r->header || b < MEMVIZ_ACT_LAT_BUCKETS - 1, 2UL << b);
	memviz_col_ul(r, "direct_stalls", ns->c.latency[MEMVIZ_ACT_STALL_DIRECT][b]);
	memviz_col_ul(r, "memcg_stalls", ns->c.latency[MEMVIZ_ACT_STALL_MEMCG][b]);
}

static const struct memviz_section activity_sections[] = {
	{ .comments = kswapd_comments, .nr_rows = node_nr_rows, .row = kswapd_row },
	{ .comments = zones_comments, .nr_rows = zones_nr_rows, .row = zones_row },
	{ .comments = reclaim_comments, .nr_rows = reclaim_nr_rows, .row = reclaim_row },
	{ .comments = stalls_comments, .nr_rows = node_nr_rows, .row = stalls_row },
	{ .comments = latency_comments, .nr_rows = latency_nr_rows, .row = latency_row },
};

static void *activity_collect(void)
{
	return memviz_activity_collect();
}

static void activity_release(void *snap)
{
	memviz_activity_free(snap);
}

const struct memviz_table memviz_activity_table = {
	.name = "activity",
	.collect = activity_collect,
	.release = activity_release,
	.sections = activity_sections,
	.nr_sections = ARRAY_SIZE(activity_sections),
};
