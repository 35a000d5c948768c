// SPDX-License-Identifier: GPL-2.0
/*
 * Every column the reader knows, per table: the module's files (by the
 * name in their banner) and the tables the reader builds itself.  The
 * format's own unit rule ("pages unless the name ends in _kb, _bytes, _ns
 * or _pct") does not tell a count from a size, nor blocks of order N from
 * pages, so each column says what it is here, with its Prometheus family
 * (memviz_<metric>_<unit>[_total]) and a HELP text.
 *
 * Columns new in a later module version are declared with the table's
 * newest version; a file that lacks them simply has no such column.
 */
#include <stdio.h>
#include <string.h>
#include "coltab.h"

#define END { NULL, 0, 0, NULL, NULL, NULL, NULL, 0 }
#define W MV_C_WIDE
/* key label, info label, not exported */
#define K(n) { n, MV_LABEL, MV_P_KEY, NULL, NULL, NULL, NULL, 0 }
#define I(n, k, f) { n, k, MV_P_INFO, NULL, NULL, NULL, NULL, f }
#define N(n, k, f) { n, k, MV_P_NONE, NULL, NULL, NULL, NULL, f }
/* gauge, counter, state; the L forms put @v in label @l (a '*' column: its suffix) */
#define G(n, k, m, h, f) { n, k, MV_P_GAUGE, m, NULL, NULL, h, f }
#define GL(n, k, m, l, v, h, f) { n, k, MV_P_GAUGE, m, l, v, h, f }
#define C(n, k, m, h, f) { n, k, MV_P_COUNTER, m, NULL, NULL, h, f }
#define CL(n, k, m, l, v, h, f) { n, k, MV_P_COUNTER, m, l, v, h, f }
#define S(n, m, h, f) { n, MV_STR, MV_P_STATE, m, NULL, NULL, h, f }
#define SL(n, m, l, v, h, f) { n, MV_STR, MV_P_STATE, m, l, v, h, f }

#define LRU_HELP "Pages on this LRU list (label lru)"

static const struct mv_coldef zones[] = {
	K("node"), K("zone"),
	G("managed", MV_PAGES, "zone_managed", "Pages the buddy allocator manages in the zone", 0),
	G("present", MV_PAGES, "zone_present", "Physical pages present in the zone", W),
	G("spanned", MV_PAGES, "zone_spanned", "Pages the zone spans, holes included", W),
	G("free", MV_PAGES, "zone_free", "Free pages in the zone", 0),
	GL("min", MV_PAGES, "zone_watermark", "mark", "min", "Watermarks of the zone, boost included (label mark: min, low, high, promo)", 0),
	GL("low", MV_PAGES, "zone_watermark", "mark", "low", NULL, 0),
	GL("high", MV_PAGES, "zone_watermark", "mark", "high", NULL, 0),
	GL("promo", MV_PAGES, "zone_watermark", "mark", "promo", NULL, 0),
	G("boost", MV_PAGES, "zone_watermark_boost", "Watermark boost included in the marks (fragmentation events)", 0),
	G("reserved_highatomic", MV_PAGES, "zone_reserved_highatomic", "Pages reserved for high-order atomic allocations", W),
	S("state", "zone_state", "Free pages against the marks: ok (above high), high, low (kswapd woken), min (direct reclaim)", 0),
	N("headroom_min", MV_PAGES, 0), N("headroom_low", MV_PAGES, 0), N("headroom_high", MV_PAGES, 0),
	G("free_highatomic", MV_PAGES, "zone_free_highatomic", "Free pages in highatomic pageblocks", W),
	G("unusable", MV_PAGES, "zone_unusable", "Free pages an ordinary allocation may not take (highatomic, CMA)", 0),
	GL("reserve_*", MV_PAGES, "zone_lowmem_reserve", "class", NULL, "lowmem_reserve kept against allocations whose highest zone is class", W),
	SL("check_*", "zone_alloc_check", "class", NULL, "The allocator's order-0 watermark check for allocations of zone class, as a state", W),
	GL("free_o*", MV_BLOCKS, "zone_buddy_free", "order", NULL, "Free memory in blocks of 2^order pages on the buddy free lists", W),
	GL("inactive_anon", MV_PAGES, "zone_lru", "lru", "inactive_anon", LRU_HELP, W),
	GL("active_anon", MV_PAGES, "zone_lru", "lru", "active_anon", NULL, W),
	GL("inactive_file", MV_PAGES, "zone_lru", "lru", "inactive_file", NULL, W),
	GL("active_file", MV_PAGES, "zone_lru", "lru", "active_file", NULL, W),
	GL("unevictable", MV_PAGES, "zone_lru", "lru", "unevictable", NULL, W),
	G("write_pending", MV_PAGES, "zone_write_pending", "Dirty and writeback pages in the zone", W),
	G("mlock", MV_PAGES, "zone_mlocked", "mlocked pages in the zone", W),
	G("free_cma", MV_PAGES, "zone_free_cma", "Free pages in CMA pageblocks", W),
	G("unaccepted", MV_PAGES, "zone_unaccepted", "Pages not yet accepted (confidential guests)", W),
	G("free_blocks", MV_PAGES, "zone_free_blocks", "Free pages in free blocks of at least pageblock order (6.15+)", W),
	G("unusable_movable", MV_PAGES, "zone_unusable_movable", "Free pages a movable allocation may not take (highatomic)", W),
	SL("check_movable_*", "zone_alloc_check_movable", "class", NULL, "The allocator's order-0 watermark check for movable allocations of zone class, as a state", W),
	/* reader-made zone tables: summary's gauges, watch */
	N("free_pct", MV_PCT, 0), N("gauge", MV_GAUGE, 0), N("history", MV_GAUGE, 0),
	END
};

static const struct mv_coldef nodes[] = {
	K("node"),
	G("managed", MV_PAGES, "node_managed", "Pages the buddy allocator manages on the node", 0),
	G("present", MV_PAGES, "node_present", "Physical pages present on the node", W),
	G("share_pct", MV_PCT, "node_memory_share", "The node's managed pages as a share of all", W),
	G("free", MV_PAGES, "node_free", "Free pages on the node", 0),
	N("kswapd_pid", MV_ID, 0),
	S("kswapd_state", "node_kswapd_state", "kswapd's state: running or sleeping", 0),
	G("kswapd_order", MV_COUNT, "node_kswapd_order", "The order kswapd was last woken for", 0),
	N("kswapd_zone", MV_STR, 0),
	G("kswapd_failures", MV_COUNT, "node_kswapd_failures", "kswapd runs in a row that reclaimed nothing (16 = unreclaimable)", 0),
	G("unreclaimable", MV_BOOL, "node_unreclaimable", "1 when kswapd gave up on the node (kswapd_failures >= 16)", 0),
	G("balanced", MV_BOOL, "node_balanced", "1 when kswapd considers the node balanced (pgdat_balanced)", 0),
	G("zones_below_high", MV_COUNT, "node_zones_below_high", "Zones of the node at or below their high mark", 0),
	GL("inactive_anon", MV_PAGES, "node_lru", "lru", "inactive_anon", LRU_HELP, 0),
	GL("active_anon", MV_PAGES, "node_lru", "lru", "active_anon", NULL, 0),
	GL("inactive_file", MV_PAGES, "node_lru", "lru", "inactive_file", NULL, 0),
	GL("active_file", MV_PAGES, "node_lru", "lru", "active_file", NULL, 0),
	GL("unevictable", MV_PAGES, "node_lru", "lru", "unevictable", NULL, W),
	GL("isolated_anon", MV_PAGES, "node_isolated", "type", "anon", "Pages isolated from the LRU by reclaim or migration", W),
	GL("isolated_file", MV_PAGES, "node_isolated", "type", "file", NULL, W),
	G("file_pages", MV_PAGES, "node_page_cache", "Page cache pages on the node", W),
	G("file_mapped", MV_PAGES, "node_file_mapped", "Page cache pages mapped into processes", W),
	G("anon_mapped", MV_PAGES, "node_anon_mapped", "Anonymous pages mapped into processes", W),
	G("shmem", MV_PAGES, "node_shmem", "shmem and tmpfs pages", W),
	G("dirty", MV_PAGES, "node_dirty", "Dirty page cache pages", 0),
	G("writeback", MV_PAGES, "node_writeback", "Pages under writeback", 0),
	GL("slab_reclaimable", MV_PAGES, "node_slab", "type", "reclaimable", "Slab pages (label type: reclaimable, unreclaimable)", W),
	GL("slab_unreclaimable", MV_PAGES, "node_slab", "type", "unreclaimable", NULL, W),
	G("pagetables", MV_PAGES, "node_pagetables", "Page table pages", W),
	CL("workingset_refault_anon", MV_COUNT, "node_workingset_refaults", "type", "anon", "Refaults of recently evicted pages", W),
	CL("workingset_refault_file", MV_COUNT, "node_workingset_refaults", "type", "file", NULL, W),
	CL("workingset_activate_anon", MV_COUNT, "node_workingset_activations", "type", "anon", "Refaulted pages activated at once", W),
	CL("workingset_activate_file", MV_COUNT, "node_workingset_activations", "type", "file", NULL, W),
	C("workingset_nodereclaim", MV_COUNT, "node_workingset_nodereclaim", "Shadow entry nodes reclaimed", W),
	END
};

static const struct mv_coldef lru[] = {
	K("node"), K("zone"), K("lru"),
	G("pages", MV_PAGES, "lru_size", "Pages on the list, counted by the module's pass", 0),
	G("folios", MV_COUNT, "lru_folios", "Folios on the list", 0),
	G("dirty", MV_PAGES, "lru_dirty", "Dirty pages on the list", 0),
	G("writeback", MV_PAGES, "lru_writeback", "Pages under writeback on the list", 0),
	G("mapped", MV_PAGES, "lru_mapped", "Mapped pages on the list", 0),
	G("referenced", MV_PAGES, "lru_referenced", "Referenced pages on the list", 0),
	G("workingset", MV_PAGES, "lru_workingset", "Workingset pages on the list", 0),
	G("mlocked", MV_PAGES, "lru_mlocked", "mlocked pages on the list", 0),
	G("swapcache", MV_PAGES, "lru_swapcache", "Swap cache pages on the list", 0),
	G("shmem", MV_PAGES, "lru_shmem", "shmem pages on the list", 0),
	G("large", MV_PAGES, "lru_large_folio", "Pages in folios of order > 0", 0),
	G("thp", MV_PAGES, "lru_thp", "Pages in PMD-sized folios", 0),
	G("kernel_pages", MV_PAGES, "lru_kernel_size", "The kernel's own nr_zone_<lru> counter of the list", 0),
	/* a sampled pass (sample/lru.N, lru_sample): the zone's N and each figure's standard error */
	N("sample", MV_COUNT, W),
	N("pages_stderr", MV_PAGES, W), N("folios_stderr", MV_COUNT, W), N("dirty_stderr", MV_PAGES, W),
	N("writeback_stderr", MV_PAGES, W), N("mapped_stderr", MV_PAGES, W),
	N("referenced_stderr", MV_PAGES, W), N("workingset_stderr", MV_PAGES, W),
	N("mlocked_stderr", MV_PAGES, W), N("swapcache_stderr", MV_PAGES, W),
	N("shmem_stderr", MV_PAGES, W), N("large_stderr", MV_PAGES, W), N("thp_stderr", MV_PAGES, W),
	END
};

static const struct mv_coldef lru_gen[] = {
	K("node"), K("zone"), K("type"),
	G("mglru", MV_BOOL, "lru_gen_enabled", "1 when the node's root lruvec runs MGLRU", 0),
	GL("age*", MV_PAGES, "lru_gen_age", "age", NULL, "Pages in generation max_seq-age (0 youngest)", 0),
	G("active", MV_PAGES, "lru_gen_active", "Pages in the two youngest generations", 0),
	G("inactive", MV_PAGES, "lru_gen_inactive", "Pages in the older generations", 0),
	END
};

/* The reclaim file, and the reader's "reclaimable" table (same columns). */
static const struct mv_coldef reclaim[] = {
	K("node"), K("zone"),
	N("free", MV_PAGES, 0), N("unusable", MV_PAGES, 0), N("min", MV_PAGES, 0),
	N("low", MV_PAGES, 0), N("high", MV_PAGES, 0),
	GL("shortfall_min", MV_PAGES, "zone_shortfall", "mark", "min", "Pages to free until the zone passes the mark (label mark)", W),
	GL("shortfall_low", MV_PAGES, "zone_shortfall", "mark", "low", NULL, W),
	GL("shortfall_high", MV_PAGES, "zone_shortfall", "mark", "high", NULL, 0),
	G("clean_file", MV_PAGES, "zone_clean_file", "Clean page cache: dropped without I/O", 0),
	G("dirty_file", MV_PAGES, "zone_dirty_file", "Dirty page cache: written back before reclaim", 0),
	G("writeback_file", MV_PAGES, "zone_writeback_file", "Page cache under writeback", 0),
	G("anon", MV_PAGES, "zone_anon", "Anonymous pages on the LRU (shmem apart)", 0),
	G("shmem", MV_PAGES, "zone_shmem_lru", "shmem pages on the LRU", 0),
	G("swappable", MV_PAGES, "zone_swappable", "Anonymous and shmem pages swap has room for", 0),
	N("unevictable", MV_PAGES, 0), N("mlocked", MV_PAGES, W),
	N("node_slab_reclaimable", MV_PAGES, W), N("slab_reclaimable", MV_PAGES, W),
	N("reclaim_clean", MV_PAGES, W),
	G("reclaim_io", MV_PAGES, "zone_reclaimable_with_io", "Reclaimable only with writeback or swap-out", W),
	G("reclaimable", MV_PAGES, "zone_reclaimable", "Everything reclaim could free in the zone (per node without the module)", 0),
	N("covers_high", MV_BOOL, W), N("covers_high_clean", MV_BOOL, W),
	/* v2 */
	G("swapcache_clean", MV_PAGES, "zone_swapcache_clean", "Swap-backed pages with a clean copy in swap: dropped without I/O", W),
	G("noswap", MV_PAGES, "zone_noswap", "Swap-backed pages whose memcg has no swap room left", W),
	N("mlocked_evictable", MV_PAGES, W),
	GL("reclaimable_direct", MV_PAGES, "zone_reclaimable_by", "reclaimer", "direct", "What each reclaimer could free in the zone (label reclaimer: direct also for memcg reclaim, kswapd)", W),
	GL("reclaimable_kswapd", MV_PAGES, "zone_reclaimable_by", "reclaimer", "kswapd", NULL, W),
	N("covers_high_direct", MV_BOOL, W), N("covers_high_kswapd", MV_BOOL, W),
	/* a sampled pass: the zone's N and the standard errors */
	N("sample", MV_COUNT, W),
	N("clean_file_stderr", MV_PAGES, W), N("dirty_file_stderr", MV_PAGES, W),
	N("writeback_file_stderr", MV_PAGES, W), N("anon_stderr", MV_PAGES, W),
	N("shmem_stderr", MV_PAGES, W), N("swappable_stderr", MV_PAGES, W),
	N("unevictable_stderr", MV_PAGES, W), N("reclaim_clean_stderr", MV_PAGES, W),
	N("reclaim_io_stderr", MV_PAGES, W), N("reclaimable_stderr", MV_PAGES, W),
	N("swapcache_clean_stderr", MV_PAGES, W), N("noswap_stderr", MV_PAGES, W),
	N("mlocked_evictable_stderr", MV_PAGES, W), N("reclaimable_direct_stderr", MV_PAGES, W),
	N("reclaimable_kswapd_stderr", MV_PAGES, W),
	END
};

static const struct mv_coldef reclaim_scan[] = {
	K("reclaimer"),
	C("pgscan", MV_PAGES, "reclaim_scanned", "Pages scanned by reclaim since boot (label reclaimer)", 0),
	C("pgsteal", MV_PAGES, "reclaim_reclaimed", "Pages reclaimed since boot (label reclaimer)", 0),
	N("efficiency_pct", MV_PCT, 0),
	END
};

static const struct mv_coldef reclaim_events[] = {
	K("event"),
	C("value", MV_COUNT, "vm_event", "A reclaim counter of /proc/vmstat (label event)", 0),
	END
};

static const struct mv_coldef act_kswapd[] = {
	K("node"),
	C("wakeups", MV_COUNT, "activity_kswapd_wakeups", "wakeup_kswapd calls for the node since load or reset", 0),
	C("kswapd_runs", MV_COUNT, "activity_kswapd_runs", "kswapd woke to reclaim", 0),
	C("kswapd_sleeps", MV_COUNT, "activity_kswapd_sleeps", "kswapd went back to sleep", 0),
	CL("wakeups_o*", MV_COUNT, "activity_kswapd_wakeups_by_order", "order", NULL, "wakeup_kswapd calls by the allocation's order", W),
	END
};

static const struct mv_coldef act_zones[] = {
	K("node"), K("zone"),
	N("populated", MV_BOOL, 0),
	C("wakeups", MV_COUNT, "activity_zone_kswapd_wakeups", "kswapd woken for an allocation whose highest zone is this class", 0),
	C("kswapd_runs", MV_COUNT, "activity_zone_kswapd_runs", "kswapd reclaimed up to this class", 0),
	C("retry_checks", MV_COUNT, "activity_zone_retry_checks", "should_reclaim_retry() looked at the zone", 0),
	C("retry_wmark_ok", MV_COUNT, "activity_zone_retry_wmark_ok", "The zone would pass min with all its reclaimable pages", 0),
	END
};

#define NOT_RECLAIMED(col) CL(col, MV_PAGES, "activity_reclaim_kept", "reason", col, NULL, 0)
static const struct mv_coldef act_reclaim[] = {
	K("node"), K("reclaimer"), K("type"),
	C("events", MV_COUNT, "activity_reclaim_shrink_inactive", "shrink_inactive_list passes", 0),
	C("scanned", MV_PAGES, "activity_reclaim_scanned", "Pages scanned on the inactive list", 0),
	C("reclaimed", MV_PAGES, "activity_reclaim_reclaimed", "Pages reclaimed", 0),
	CL("dirty", MV_PAGES, "activity_reclaim_kept", "reason", "dirty", "Pages scanned and not reclaimed, by reason", 0),
	NOT_RECLAIMED("writeback"), NOT_RECLAIMED("congested"), NOT_RECLAIMED("immediate"),
	NOT_RECLAIMED("activate"), NOT_RECLAIMED("ref_keep"), NOT_RECLAIMED("unmap_fail"),
	C("active_events", MV_COUNT, "activity_reclaim_shrink_active", "shrink_active_list passes (classic LRU)", W),
	CL("active_taken", MV_PAGES, "activity_reclaim_active", "outcome", "taken", "Active list pages by outcome (classic LRU)", W),
	CL("active_kept", MV_PAGES, "activity_reclaim_active", "outcome", "kept", NULL, W),
	CL("deactivated", MV_PAGES, "activity_reclaim_active", "outcome", "deactivated", NULL, W),
	CL("active_referenced", MV_PAGES, "activity_reclaim_active", "outcome", "referenced", NULL, W),
	END
};

static const struct mv_coldef act_stalls[] = {
	K("node"),
	CL("direct_entries", MV_COUNT, "activity_stalls", "kind", "direct", "Tasks that entered reclaim and stalled (label kind)", 0),
	CL("direct_reclaimed", MV_PAGES, "activity_stall_reclaimed", "kind", "direct", "Pages those reclaims freed", 0),
	CL("direct_untimed", MV_COUNT, "activity_stalls_untimed", "kind", "direct", "Stalls not timed (no free slot)", W),
	CL("direct_unmatched", MV_COUNT, "activity_stalls_unmatched", "kind", "direct", "Ends whose begin was not seen", W),
	CL("memcg_entries", MV_COUNT, "activity_stalls", "kind", "memcg", NULL, 0),
	CL("memcg_reclaimed", MV_PAGES, "activity_stall_reclaimed", "kind", "memcg", NULL, 0),
	CL("memcg_untimed", MV_COUNT, "activity_stalls_untimed", "kind", "memcg", NULL, W),
	CL("memcg_unmatched", MV_COUNT, "activity_stalls_unmatched", "kind", "memcg", NULL, W),
	CL("softlimit_entries", MV_COUNT, "activity_stalls", "kind", "softlimit", NULL, W),
	CL("softlimit_reclaimed", MV_PAGES, "activity_stall_reclaimed", "kind", "softlimit", NULL, W),
	C("compact_retries", MV_COUNT, "activity_compact_retries", "should_compact_retry() verdicts", 0),
	C("compact_retry_yes", MV_COUNT, "activity_compact_retries_taken", "Those that retried", W),
	END
};

static const struct mv_coldef act_latency[] = {
	K("node"),
	N("bucket", MV_COUNT, 0), N("lo_ns", MV_NS, 0), N("hi_ns", MV_NS, 0),
	N("direct_stalls", MV_COUNT, 0), N("memcg_stalls", MV_COUNT, 0),
	END
};

#define RSS_HELP "oom_badness() parts of the task (label type: anon, file, shmem)"
/* The module's oom file and the reader's ranking (oom, whatif_oom). */
static const struct mv_coldef oom[] = {
	K("rank"),
	I("pid", MV_ID, 0), I("comm", MV_TEXT, 0), N("uid", MV_ID, W),
	G("points", MV_POINTS, "oom_candidate_points", "oom_badness() of the candidate (label rank; who it is: memviz_oom_candidate_info)", 0),
	G("oom_score", MV_COUNT, "oom_candidate_score", "/proc/PID/oom_score of the candidate", 0),
	N("score", MV_COUNT, 0),
	G("oom_score_adj", MV_COUNT, "oom_candidate_score_adj", "oom_score_adj of the candidate", 0),
	N("adj_pages", MV_POINTS, 0),
	GL("rss_anon", MV_PAGES, "oom_candidate_rss", "type", "anon", RSS_HELP, 0),
	GL("rss_file", MV_PAGES, "oom_candidate_rss", "type", "file", NULL, 0),
	GL("rss_shmem", MV_PAGES, "oom_candidate_rss", "type", "shmem", NULL, 0),
	G("swapents", MV_PAGES, "oom_candidate_swap", "Swapped-out pages of the candidate", 0),
	G("pgtables", MV_PAGES, "oom_candidate_pagetables", "Page tables of the candidate", 0),
	N("eligible", MV_STR, 0), N("origin", MV_BOOL, 0), N("skipped", MV_STR, 0),
	N("order", MV_COUNT, W), N("cgroup_id", MV_ID, W), N("memcg_id", MV_ID, W),
	I("cgroup", MV_TEXT, W), N("proc_oom_score", MV_COUNT, W),
	END
};

static const struct mv_coldef oom_memcg[] = {
	N("cgroup_id", MV_ID, 0), N("parent_id", MV_ID, 0), N("order", MV_COUNT, 0),
	N("memory_max", MV_PAGES, 0), N("memory_current", MV_PAGES, 0),
	N("swap_max", MV_PAGES, 0), N("swap_current", MV_PAGES, 0),
	N("oom_totalpages", MV_PAGES, 0), N("candidates", MV_COUNT, 0), N("state", MV_STR, 0),
	N("victim_pid", MV_ID, 0), N("victim_points", MV_POINTS, 0), N("ties", MV_COUNT, 0),
	N("victim_comm", MV_TEXT, 0), N("in_progress_pid", MV_ID, 0), N("cgroup", MV_TEXT, 0),
	END
};

static const struct mv_coldef memcg[] = {
	N("cgroup_id", MV_ID, 0), N("parent_id", MV_ID, W), N("depth", MV_COUNT, W),
	N("current", MV_PAGES, 0), N("min", MV_PAGES, 0), N("low", MV_PAGES, 0),
	N("high", MV_PAGES, 0), N("max", MV_PAGES, 0), N("swap_current", MV_PAGES, W),
	N("swap_max", MV_PAGES, W), N("emin", MV_PAGES, 0), N("elow", MV_PAGES, 0),
	N("protected", MV_PAGES, 0), N("reclaim_skip", MV_STR, 0),
	N("anon", MV_PAGES, W), N("shmem", MV_PAGES, W), N("clean_file", MV_PAGES, W),
	N("dirty_file", MV_PAGES, W), N("writeback_file", MV_PAGES, W),
	N("swapcache_clean", MV_PAGES, W), N("noswap", MV_PAGES, W), N("swappable", MV_PAGES, W),
	N("unevictable", MV_PAGES, W), N("reclaimable", MV_PAGES, 0),
	N("emin_cached", MV_PAGES, W), N("elow_cached", MV_PAGES, W),
	N("reclaim_entries", MV_COUNT, W), N("reclaim_pages", MV_PAGES, W),
	N("reclaim_ns", MV_NS, W), N("cgroup", MV_TEXT, 0),
	END
};

#define CGEV_HELP "memory.events of the cgroup (label event: low, high, max, oom, oom_kill)"
#define CGPROT_HELP "memory.min/low as configured and as reclaim from the root applies them now (label kind: min, low, emin, elow)"
#define CGCOST_HELP "Pages of the cgroup's own LRUs reclaim could take, by cost (label cost)"

/* memviz cgroups: the memcg file joined with each cgroup's files. */
static const struct mv_coldef cgroups[] = {
	K("cgroup"), N("tree", MV_TEXT, 0), N("depth", MV_COUNT, W),
	G("current", MV_PAGES, "cgroup_memory_current", "memory.current of the cgroup", 0),
	G("high", MV_PAGES, "cgroup_memory_high", "memory.high (absent: no limit)", 0),
	G("max", MV_PAGES, "cgroup_memory_max", "memory.max (absent: no limit)", 0),
	G("used_pct", MV_PCT, "cgroup_memory_limit_used", "memory.current against the lower of memory.high and memory.max", 0),
	N("gauge", MV_GAUGE, 0),
	G("headroom", MV_PAGES, "cgroup_memory_headroom", "Memory left before the lower of memory.high and memory.max (negative: over memory.high)", W),
	GL("min", MV_PAGES, "cgroup_memory_protection", "kind", "min", CGPROT_HELP, W),
	GL("emin", MV_PAGES, "cgroup_memory_protection", "kind", "emin", NULL, W),
	GL("low", MV_PAGES, "cgroup_memory_protection", "kind", "low", NULL, 0),
	GL("elow", MV_PAGES, "cgroup_memory_protection", "kind", "elow", NULL, 0),
	G("protected", MV_PAGES, "cgroup_memory_protected", "Pages of usage under effective protection now", W),
	S("reclaim_skip", "cgroup_reclaim_skip", "Whether reclaim from the root skips the cgroup now: min, low, -", W),
	G("reclaimable", MV_PAGES, "cgroup_reclaimable", "Pages of the cgroup's own LRUs reclaim could take", 0),
	GL("clean_file", MV_PAGES, "cgroup_reclaimable_by_cost", "cost", "clean_file", CGCOST_HELP, W),
	GL("dirty_file", MV_PAGES, "cgroup_reclaimable_by_cost", "cost", "dirty_file", NULL, W),
	GL("writeback_file", MV_PAGES, "cgroup_reclaimable_by_cost", "cost", "writeback_file", NULL, W),
	GL("swappable", MV_PAGES, "cgroup_reclaimable_by_cost", "cost", "swappable", NULL, W),
	N("psi_some_avg10", MV_RATE, 0), N("psi_full_avg10", MV_RATE, 0),
	C("psi_some_total_ns", MV_NS, "cgroup_pressure_some", "memory.pressure some total: time some tasks stalled on memory", W),
	C("psi_full_total_ns", MV_NS, "cgroup_pressure_full", "memory.pressure full total: time all tasks stalled on memory", W),
	CL("events_low", MV_COUNT, "cgroup_memory_events", "event", "low", CGEV_HELP, W),
	CL("events_high", MV_COUNT, "cgroup_memory_events", "event", "high", NULL, 0),
	CL("events_max", MV_COUNT, "cgroup_memory_events", "event", "max", NULL, 0),
	CL("events_oom", MV_COUNT, "cgroup_memory_events", "event", "oom", NULL, W),
	CL("events_oom_kill", MV_COUNT, "cgroup_memory_events", "event", "oom_kill", NULL, 0),
	N("stat_anon_bytes", MV_BYTES, W), N("stat_file_bytes", MV_BYTES, W),
	N("stat_shmem_bytes", MV_BYTES, W),
	N("victim_pid", MV_ID, W), N("victim_comm", MV_TEXT, 0),
	END
};

static const struct mv_coldef oom_events[] = {
	K("seq"),
	G("boot_ns", MV_NS, "oom_event_boot_time", "CLOCK_BOOTTIME at the kill (label seq; who: memviz_oom_event_info)", 0),
	I("pid", MV_ID, 0), I("tgid", MV_ID, W), I("comm", MV_TEXT, 0), I("uid", MV_ID, W),
	G("oom_score_adj", MV_COUNT, "oom_event_score_adj", "oom_score_adj of the victim", 0),
	GL("rss_anon", MV_PAGES, "oom_event_rss", "type", "anon", RSS_HELP, 0),
	GL("rss_file", MV_PAGES, "oom_event_rss", "type", "file", NULL, 0),
	GL("rss_shmem", MV_PAGES, "oom_event_rss", "type", "shmem", NULL, 0),
	G("swapents", MV_PAGES, "oom_event_swap", "Swapped-out pages of the victim", W),
	G("pgtables", MV_PAGES, "oom_event_pagetables", "Page tables of the victim", W),
	N("adj_pages", MV_POINTS, W),
	G("points", MV_POINTS, "oom_event_points", "oom_badness() of the victim at the kill", 0),
	G("totalpages", MV_PAGES, "oom_event_scope_size", "totalpages of the OOM: RAM + swap, or the memcg's limit", W),
	N("cgroup_id", MV_ID, W), N("memcg_id", MV_ID, W),
	I("trigger_pid", MV_ID, 0), I("trigger_comm", MV_TEXT, 0), I("constraint", MV_STR, 0),
	N("reclaim", MV_STR, W), N("reclaim_age_ns", MV_NS, W), N("order", MV_COUNT, 0),
	N("gfp", MV_TEXT, 0), N("oom_memcg_id", MV_ID, 0), N("oom_memcg_max", MV_PAGES, W),
	N("oom_memcg_usage", MV_PAGES, W), N("candidates_state", MV_STR, W),
	N("candidates", MV_COUNT, 0), N("candidates_eligible", MV_COUNT, W),
	N("candidates_delay_ns", MV_NS, W), N("zones", MV_COUNT, W), N("zones_truncated", MV_BOOL, W),
	N("nodes", MV_COUNT, W), N("nodes_truncated", MV_BOOL, W),
	N("nodemask", MV_TEXT, 0), N("mems_allowed", MV_TEXT, W),
	I("oom_memcg_source", MV_STR, W),
	N("group_members", MV_COUNT, W),
	END
};

static const struct mv_coldef oom_events_candidates[] = {
	N("event_seq", MV_ID, 0), N("rank", MV_COUNT, 0), N("pid", MV_ID, 0), N("comm", MV_TEXT, 0),
	N("uid", MV_ID, 0), N("oom_score_adj", MV_COUNT, 0), N("rss_anon", MV_PAGES, 0),
	N("rss_file", MV_PAGES, 0), N("rss_shmem", MV_PAGES, 0), N("swapents", MV_PAGES, 0),
	N("pgtables", MV_PAGES, 0), N("adj_pages", MV_POINTS, 0), N("points", MV_POINTS, 0),
	N("origin", MV_BOOL, 0), N("cgroup_id", MV_ID, 0),
	END
};

static const struct mv_coldef oom_events_zones[] = {
	N("event_seq", MV_ID, 0), N("node", MV_LABEL, 0), N("zone", MV_LABEL, 0),
	N("managed", MV_PAGES, 0), N("free", MV_PAGES, 0), N("min", MV_PAGES, 0),
	N("low", MV_PAGES, 0), N("high", MV_PAGES, 0), N("headroom_min", MV_PAGES, 0),
	/* the check at the failing allocation's order (orders), v2 */
	N("check_order", MV_COUNT, 0), N("check_class", MV_STR, 0), N("usable_free", MV_PAGES, W),
	N("block", MV_BOOL, W), N("check_min", MV_STR, 0), N("check_low", MV_STR, W),
	N("check_high", MV_STR, W), N("compact_considered", MV_COUNT, W),
	N("compact_defer_shift", MV_COUNT, W), N("compact_order_failed", MV_COUNT, W),
	N("compact_deferred", MV_BOOL, 0),
	END
};

static const struct mv_coldef orders[] = {
	K("node"), K("zone"), K("order"),
	G("free_blocks", MV_COUNT, "zone_order_free_blocks", "Free blocks of 2^order pages on the zone's buddy free lists (label order)", 0),
	G("free_pages_ge", MV_PAGES, "zone_order_free_ge", "Free pages in blocks of at least 2^order pages", 0),
	G("unusable_index", MV_COUNT, "zone_order_unusable_index", "Thousandths of free memory in blocks below the order (extfrag/unusable_index)", 0),
	G("extfrag_index", MV_COUNT, "zone_order_extfrag_index", "Fragmentation index x1000 at the order, -1000 when an allocation would not fail (extfrag/extfrag_index)", W),
	SL("check_min", "zone_order_check", "mark", "min", "The allocator's watermark check at the order for an ordinary allocation of the zone's class: ok, free or order", 0),
	SL("check_low", "zone_order_check", "mark", "low", NULL, 0),
	SL("check_high", "zone_order_check", "mark", "high", NULL, 0),
	G("compact_deferred", MV_BOOL, "zone_order_compact_deferred", "1 when compaction_deferred() would skip compaction at the order now", 0),
	G("usable_free", MV_PAGES, "zone_order_usable_free", "Free pages an ordinary allocation of the order may count against the marks", W),
	G("block", MV_BOOL, "zone_order_block_free", "1 when a free block of at least the order is on an unmovable, movable or reclaimable list", W),
	N("free_types", MV_STR, W),
	END
};

static const struct mv_coldef orders_compaction[] = {
	K("node"), K("zone"),
	G("compact_considered", MV_COUNT, "zone_compact_considered", "Compaction tries skipped since the last failure (compact_considered)", 0),
	G("compact_defer_shift", MV_COUNT, "zone_compact_defer_shift", "log2 of the tries compaction skips after a failure (compact_defer_shift)", 0),
	G("compact_order_failed", MV_COUNT, "zone_compact_order_failed", "Lowest order compaction failed at (compact_order_failed)", 0),
	N("cached_free_pfn", MV_ID, W), N("cached_migrate_pfn_async", MV_ID, W),
	N("cached_migrate_pfn_sync", MV_ID, W), N("init_migrate_pfn", MV_ID, W),
	N("init_free_pfn", MV_ID, W), N("blockskip_flush", MV_BOOL, W),
	END
};

static const struct mv_coldef orders_kcompactd[] = {
	K("node"),
	S("kcompactd", "node_kcompactd_state", "kcompactd's state: sleeping (waiting to be woken), running or none", 0),
	G("kcompactd_max_order", MV_COUNT, "node_kcompactd_max_order", "The order kcompactd was last asked to compact for", 0),
	N("kcompactd_zone", MV_STR, 0),	/* v1 */
	N("kcompactd_highest_zone", MV_STR, 0),
	G("proactive_score", MV_COUNT, "node_fragmentation_score", "Proactive compaction's fragmentation score of the node, 0-100", 0),
	G("proactive_trigger", MV_BOOL, "node_proactive_compaction_triggered", "1 when proactive compaction was triggered by a sysctl write", W),
	END
};

/* reader tables: frag, whatif alloc */
static const struct mv_coldef frag[] = {
	K("node"), K("zone"),
	N("largest_min", MV_COUNT, 0), N("largest_low", MV_COUNT, 0), N("largest_high", MV_COUNT, 0),
	N("free_by_order", MV_STR, 0), N("unusable_o2", MV_COUNT, 0), N("unusable_o3", MV_COUNT, 0),
	N("unusable_o9", MV_COUNT, 0), N("compaction", MV_STR, 0),
	N("compact_considered", MV_COUNT, W), N("compact_defer_limit", MV_COUNT, W),
	END
};

static const struct mv_coldef whatif_alloc[] = {
	K("node"), K("zone"),
	N("usable_free", MV_PAGES, 0), N("low", MV_PAGES, 0), N("min", MV_PAGES, 0),
	N("reserve", MV_PAGES, 0), N("block", MV_STR, 0), N("fast", MV_STR, 0), N("slow", MV_STR, 0),
	N("compact_deferred", MV_STR, 0), N("extfrag_index", MV_COUNT, 0),
	END
};

static const struct mv_coldef oom_events_nodes[] = {
	N("event_seq", MV_ID, 0), N("node", MV_LABEL, 0),
	N("inactive_anon", MV_PAGES, 0), N("active_anon", MV_PAGES, 0),
	N("inactive_file", MV_PAGES, 0), N("active_file", MV_PAGES, 0),
	N("unevictable", MV_PAGES, 0), N("isolated_anon", MV_PAGES, 0),
	N("isolated_file", MV_PAGES, 0), N("slab_reclaimable", MV_PAGES, 0),
	N("reclaimable", MV_PAGES, 0),
	END
};

static const struct mv_coldef oom_events_group[] = {
	N("event_seq", MV_ID, 0), N("member", MV_COUNT, 0), N("pid", MV_ID, 0),
	N("tgid", MV_ID, 0), N("comm", MV_TEXT, 0),
	END
};

/* explain and watch: /proc/vmstat's reclaim counters, totals since boot */
static const struct mv_coldef vm[] = {
	CL("pgscan_kswapd", MV_PAGES, "vm_pgscan", "reclaimer", "kswapd", "Pages scanned by reclaim since boot, /proc/vmstat (label reclaimer)", 0),
	CL("pgscan_direct", MV_PAGES, "vm_pgscan", "reclaimer", "direct", NULL, 0),
	CL("pgsteal_kswapd", MV_PAGES, "vm_pgsteal", "reclaimer", "kswapd", "Pages reclaimed since boot, /proc/vmstat (label reclaimer)", 0),
	CL("pgsteal_direct", MV_PAGES, "vm_pgsteal", "reclaimer", "direct", NULL, 0),
	C("allocstall", MV_COUNT, "vm_allocstall", "Allocations that entered direct reclaim since boot (allocstall_*)", 0),
	C("refault", MV_COUNT, "vm_workingset_refaults", "Refaults of recently evicted pages since boot", 0),
	C("pswpin", MV_PAGES, "vm_swapped_in", "Pages swapped in since boot", 0),
	C("pswpout", MV_PAGES, "vm_swapped_out", "Pages swapped out since boot", 0),
	C("oom_kill", MV_COUNT, "vm_oom_kills", "OOM kills since boot", 0),
	END
};

/* explain and watch: the same, as rates over a live interval (never exported) */
static const struct mv_coldef rates[] = {
	N("sample", MV_COUNT, 0), N("interval_ns", MV_NS, 0),
	N("pgscan_kswapd", MV_RATE, 0), N("pgscan_direct", MV_RATE, 0),
	N("pgsteal_kswapd", MV_RATE, 0), N("pgsteal_direct", MV_RATE, 0),
	N("allocstall", MV_RATE, 0), N("refault", MV_RATE, 0), N("pswpin", MV_RATE, 0),
	N("pswpout", MV_RATE, 0), N("oom_kill", MV_RATE, 0),
	END
};

static const struct mv_coldef sysctls[] = {
	N("sysctl", MV_LABEL, 0), N("value", MV_COUNT, 0), N("unit", MV_STR, 0),
	END
};

static const struct mv_coldef whatif[] = {
	K("node"), K("zone"),
	GL("min", MV_PAGES, "whatif_watermark", "mark", "min", "The mark the zone would get with the asked sysctls (label mark)", 0),
	GL("low", MV_PAGES, "whatif_watermark", "mark", "low", NULL, 0),
	GL("high", MV_PAGES, "whatif_watermark", "mark", "high", NULL, 0),
	GL("promo", MV_PAGES, "whatif_watermark", "mark", "promo", NULL, 0),
	N("managed", MV_PAGES, 0), N("now_min", MV_PAGES, 0), N("now_low", MV_PAGES, 0),
	N("now_high", MV_PAGES, 0), N("now_boost", MV_PAGES, 0), N("free", MV_PAGES, 0),
	S("state", "whatif_zone_state", "The state the zone would be in with those marks", 0),
	END
};

static const struct mv_fact_metric oom_events_facts[] = {
	{ "recorded", MV_COUNT, MV_P_COUNTER, "oom_kills_recorded", "OOM kills the module recorded since it was loaded" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct mv_tabdef tabdefs[] = {
	{ "zones", 1, zones, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "nodes", 1, nodes, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "lru", 1, lru, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "lru_gen", 1, lru_gen, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "reclaim", 2, reclaim, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "reclaim.scan", 2, reclaim_scan, NULL, "reclaimer", "total", NULL, NULL, NULL, 0 },
	{ "reclaim.events", 2, reclaim_events, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "activity.kswapd", 1, act_kswapd, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "activity.zones", 1, act_zones, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "activity.reclaim", 1, act_reclaim, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "activity.stalls", 1, act_stalls, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_HIDE_ZERO },
	{ "activity.latency", 1, act_latency, NULL, NULL, NULL, "hi_ns", "reclaim_stall_seconds", NULL, MV_T_HIDE_ZERO },
	{ "oom", 1, oom, "oom_candidate_info", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "oom_memcg", 1, oom_memcg, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "memcg", 1, memcg, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "cgroups", 0, cgroups, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "oom_events", 2, oom_events, "oom_event_info", NULL, NULL, NULL, NULL, oom_events_facts, 0 },
	{ "oom_events.candidates", 2, oom_events_candidates, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "oom_events.zones", 2, oom_events_zones, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "oom_events.nodes", 2, oom_events_nodes, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "oom_events.group", 2, oom_events_group, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "orders", 1, orders, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "orders.compaction", 1, orders_compaction, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "orders.kcompactd", 2, orders_kcompactd, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "frag", 0, frag, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "whatif_alloc", 0, whatif_alloc, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "vm", 0, vm, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "rates", 0, rates, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "sysctls", 0, sysctls, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "whatif", 0, whatif, NULL, NULL, NULL, NULL, NULL, NULL, MV_T_RAW_PAGES },
};

const struct mv_tabdef *mv_tabdef_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(tabdefs) / sizeof(tabdefs[0]); i++)
		if (!strcmp(tabdefs[i].table, name))
			return &tabdefs[i];
	return NULL;
}

const struct mv_coldef *mv_coldef_find(const struct mv_tabdef *t, const char *col)
{
	const struct mv_coldef *d, *best = NULL;
	size_t bl = 0;

	if (!t)
		return NULL;
	for (d = t->cols; d->name; d++) {
		size_t l = strlen(d->name);

		if (d->name[l - 1] != '*') {
			if (!strcmp(d->name, col))
				return d;
			continue;
		}
		/* prefix: the rest must be non-empty */
		if (l - 1 > bl && !strncmp(d->name, col, l - 1) && col[l - 1]) {
			best = d;
			bl = l - 1;
		}
	}
	return best;
}

bool mv_kind_numeric(enum mv_kind k)
{
	switch (k) {
	case MV_PAGES: case MV_BLOCKS: case MV_KB: case MV_BYTES: case MV_COUNT:
	case MV_ID: case MV_POINTS: case MV_PCT: case MV_NS:
		return true;
	default:
		return false;
	}
}

/* "node 0, zone DMA32": the row's key columns, for an error message. */
static void row_keys(char *out, size_t len, const struct mv_table *t, const struct mv_tabdef *d,
		     size_t r)
{
	size_t c, o = 0;

	out[0] = '\0';
	for (c = 0; c < t->ncols && o + 2 < len; c++) {
		const struct mv_coldef *cd = mv_coldef_find(d, t->cols[c]);
		int n;

		if (!cd || cd->prom != MV_P_KEY)
			continue;
		n = snprintf(out + o, len - o, "%s%s %.40s", o ? ", " : "", t->cols[c],
			     mv_cell(t, r, (int)c));
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

int mv_coltab_check(const struct mv_doc *doc, char *err, size_t errlen)
{
	size_t i, r, c;

	for (i = 0; i < doc->n; i++) {
		const struct mv_table *t = &doc->t[i];
		const struct mv_tabdef *d = mv_tabdef_find(t->name);

		if (!d)
			continue;
		for (c = 0; c < t->ncols; c++) {
			const struct mv_coldef *cd = mv_coldef_find(d, t->cols[c]);

			if (!cd || (!mv_kind_numeric(cd->kind) && cd->kind != MV_BOOL))
				continue;
			for (r = 0; r < t->nrows; r++) {
				const char *s = mv_cell(t, r, (int)c);
				long long v;
				char keys[160];

				if (!strcmp(s, "-"))
					continue;
				if (cd->kind == MV_BOOL ? !strcmp(s, "yes") || !strcmp(s, "no") :
				    mv_parse_ll(s, &v))
					continue;
				row_keys(keys, sizeof(keys), t, d, r);
				snprintf(err, errlen, "%s: row %zu%s%s%s, column %s: '%.40s' is not %s",
					 t->name, r + 1, keys[0] ? " (" : "", keys, keys[0] ? ")" : "",
					 t->cols[c], s, cd->kind == MV_BOOL ? "yes or no" : "a number");
				return -1;
			}
		}
	}
	return 0;
}
