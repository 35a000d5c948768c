/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz activity: where reclaim happens, counted from the kernel's own
 * vmscan, oom and compaction tracepoints.  Probes add to per-CPU counters
 * (never sleeping, never allocating); a reader folds them per node into
 * a snapshot.  module/activity.c counts, debugfs/activity.c formats.
 */
#ifndef _MEMVIZ_ACTIVITY_H
#define _MEMVIZ_ACTIVITY_H

#include <linux/mmzone.h>
#include <linux/types.h>

/*
 * Who reclaims, as the kernel's vm events split it (reclaimer_offset()
 * and cgroup_reclaim() in mm/vmscan.c): memcg reclaim (limit, high,
 * memory.reclaim, v1 soft limit) is never in pgscan_<reclaimer>; kswapd
 * and khugepaged are their threads; everything else is direct.
 */
enum memviz_act_path {
	MEMVIZ_ACT_KSWAPD,
	MEMVIZ_ACT_DIRECT,
	MEMVIZ_ACT_KHUGEPAGED,
	MEMVIZ_ACT_MEMCG,
	MEMVIZ_ACT_NR_PATHS,
};

/* What shrink_inactive_list()/evict_folios() and shrink_active_list() report. */
enum memviz_act_lru_stat {
	MEMVIZ_ACT_INACTIVE_EVENTS,	/* mm_vmscan_lru_shrink_inactive events */
	MEMVIZ_ACT_SCANNED,
	MEMVIZ_ACT_RECLAIMED,
	MEMVIZ_ACT_DIRTY,
	MEMVIZ_ACT_WRITEBACK,
	MEMVIZ_ACT_CONGESTED,
	MEMVIZ_ACT_IMMEDIATE,
	MEMVIZ_ACT_ACTIVATE,
	MEMVIZ_ACT_REF_KEEP,
	MEMVIZ_ACT_UNMAP_FAIL,
	MEMVIZ_ACT_ACTIVE_EVENTS,	/* mm_vmscan_lru_shrink_active events */
	MEMVIZ_ACT_ACTIVE_TAKEN,
	MEMVIZ_ACT_ACTIVE_KEPT,
	MEMVIZ_ACT_DEACTIVATED,
	MEMVIZ_ACT_ACTIVE_REFERENCED,
	MEMVIZ_ACT_NR_LRU_STATS,
};

/* Stall latency: bucket b counts [2^b, 2^(b+1)) ns, the last one open-ended. */
#define MEMVIZ_ACT_LAT_BUCKETS 36

enum memviz_act_stall {
	MEMVIZ_ACT_STALL_DIRECT,
	MEMVIZ_ACT_STALL_MEMCG,
	MEMVIZ_ACT_NR_STALLS,
};

/*
 * One node's counters; per CPU in the probes, folded in a snapshot.
 * Only unsigned longs: folding and the reset baseline treat it as an
 * array of them.
 */
struct memviz_act_node {
	/* kswapd of this node (mm_vmscan_wakeup_kswapd, _kswapd_wake, _sleep) */
	unsigned long wakeups;
	unsigned long wakeups_order[MEMVIZ_NR_ORDERS];
	unsigned long kswapd_runs;
	unsigned long kswapd_sleeps;
	/* per zone of this node, by zone index */
	unsigned long zone_wakeups[MAX_NR_ZONES];	/* woken with this zone as the highest */
	unsigned long zone_runs[MAX_NR_ZONES];		/* kswapd ran for this highest zone */
	unsigned long zone_retry_checks[MAX_NR_ZONES];	/* reclaim_retry_zone */
	unsigned long zone_retry_wmark_ok[MAX_NR_ZONES];
	/* stalls of tasks on this node's CPUs (the events carry no node) */
	unsigned long entries[MEMVIZ_ACT_NR_STALLS];
	unsigned long stall_reclaimed[MEMVIZ_ACT_NR_STALLS];
	/* entries without a free task slot: not in the histogram */
	unsigned long untimed[MEMVIZ_ACT_NR_STALLS];
	/* ends without their begin (attached mid-way, or untimed) */
	unsigned long unmatched[MEMVIZ_ACT_NR_STALLS];
	unsigned long latency[MEMVIZ_ACT_NR_STALLS][MEMVIZ_ACT_LAT_BUCKETS];
	unsigned long softlimit;
	unsigned long softlimit_reclaimed;
	unsigned long compact_retries;
	unsigned long compact_retry_yes;
	/* LRU scanning of this node's lruvecs */
	unsigned long lru[MEMVIZ_ACT_NR_PATHS][ANON_AND_FILE][MEMVIZ_ACT_NR_LRU_STATS];
};

struct memviz_act_node_snap {
	int nid;
	/*
	 * Every zone index an allocation can name as its highest (all but
	 * ZONE_DEVICE, NULL here): wakeups count by that class, populated
	 * on this node or not.
	 */
	const char *zone_name[MAX_NR_ZONES];
	bool populated[MAX_NR_ZONES];
	struct memviz_act_node c;
};

struct memviz_activity {
	bool enabled;
	unsigned int nr_attached;
	unsigned int nr_tracepoints;
	char missing[256];		/* comma-separated, "-" when none */
	char skipped[256];		/* activity_skip, "-" when none */
	unsigned long slot_overflows;
	u64 since_reset_ns;		/* time since load or the last reset */
	unsigned int nr;		/* online nodes */
	unsigned int nr_zones;		/* zone classes of those nodes */
	struct memviz_act_node_snap node[];
};

/* One memcg's own memcg reclaim (limit, high, memory.reclaim), where counted. */
struct memviz_act_memcg {
	unsigned long entries;		/* mm_vmscan_memcg_reclaim_begin on it */
	unsigned long reclaimed;	/* pages their _end reported */
	u64 ns;				/* time inside, begin to end (timed ones) */
};

void memviz_activity_memcg(u64 cgroup_id, struct memviz_act_memcg *out);
bool memviz_activity_memcg_counted(void);
unsigned long memviz_activity_memcg_overflows(void);

const char *memviz_act_path_name(enum memviz_act_path p);
struct memviz_activity *memviz_activity_collect(void);
void memviz_activity_free(struct memviz_activity *a);

int memviz_activity_init(void);
void memviz_activity_exit(void);

#endif /* _MEMVIZ_ACTIVITY_H */
