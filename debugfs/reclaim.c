// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/reclaim: per zone, what the kernel could
 * reclaim right now and at what cost, against how far the zone is below
 * its watermarks; then the machine's reclaim efficiency per reclaimer and
 * its reclaim counters.  Formatting only; module/reclaim.c collects.
 */
#include <linux/mmzone.h>
#include "memviz.h"
#include "lru.h"
#include "files.h"

#define RECLAIM_VERSION 2

static const char * const reclaimer_names[MEMVIZ_NR_RECLAIMERS] = {
	[MEMVIZ_RECLAIMER_KSWAPD] = "kswapd",
	[MEMVIZ_RECLAIMER_DIRECT] = "direct",
	[MEMVIZ_RECLAIMER_KHUGEPAGED] = "khugepaged",
	[MEMVIZ_RECLAIMER_PROACTIVE] = "proactive",
};

static unsigned long swappable(const struct memviz_reclaim *rc, unsigned long want)
{
	return min_t(unsigned long, want, rc->swap_free);
}

static void reclaim_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_reclaim *rc = snap;

	memviz_table_banner(m, "reclaim", RECLAIM_VERSION);
	seq_printf(m, "# zones=%u swap_free=%ld swap_wanted=%lu swappable_total=%lu\n",
		   rc->nr, rc->swap_free, rc->swap_wanted,
		   swappable(rc, rc->swap_wanted));
	seq_printf(m, "# lru pass: pfns_scanned=%lu elapsed_ns=%llu age_ns=%llu (shared with the lru file, see its header)\n",
		   rc->lru->pfns_scanned, rc->lru->elapsed_ns,
		   memviz_table_opened_ns(m) - rc->lru->taken_ns);
	memviz_lru_sample_comments(m, rc->lru);
	seq_puts(m, "#   mlocked and node_slab_reclaimable have no _stderr: mlocked sums lists, the slab figure is the kernel's counter; covers_* judge the estimate\n");
	seq_puts(m, "# units: pages unless the column name ends in _kb, _bytes, _ns or _pct; '-' = not on this kernel\n");
	seq_puts(m, "# evictable LRU pages by cost, each page in one class: clean_file droppable at once; dirty_file needs writeback first; writeback_file is in flight;\n");
	seq_puts(m, "#   swapcache_clean: swap-backed with a clean copy already in swap, dropped without I/O or new swap; noswap: swap-backed whose memcg (or an ancestor) has no swap.max room left;\n");
	seq_puts(m, "#   anon and shmem (the rest of the swap-backed) need swap: swappable = min(anon + shmem, swap_free), 0 without swap; swap is machine-wide, so per-zone swappable do not add up: swappable_total does\n");
	seq_puts(m, "#   mlocked_evictable: mlocked but still on an evictable list (until reclaim or the mlock moves it): not reclaimable\n");
	seq_puts(m, "# not reclaimable: unevictable (the unevictable list), mlocked (on any list); node_slab_reclaimable is the node's, repeated on each of its zones\n");
	seq_puts(m, "# shortfall_<mark> = pages to free until (free - unusable) > mark, as the allocator checks; 0 when above\n");
	seq_puts(m, "# reclaim_clean = clean_file + swapcache_clean; reclaim_io = dirty_file + writeback_file + swappable; reclaimable = their sum\n");
	seq_puts(m, "# by reclaimer (shrink_folio_list()): reclaimable_direct = reclaim_clean + swappable, what direct reclaim, memcg reclaim and memory.reclaim free with no I/O but the swap-out they issue:\n");
	seq_puts(m, "#   they write no file page themselves, dirty ones only once the flushers they wake wrote them (they wait for it); reclaimable_kswapd = reclaimable: kswapd also writes dirty file pages\n");
	seq_puts(m, "# covers_high[_direct|_kswapd]: that reclaimable >= shortfall_high; covers_high_clean: reclaim_clean alone does\n");
}

static size_t reclaim_nr_rows(const void *snap)
{
	return ((const struct memviz_reclaim *)snap)->nr;
}

static long shortfall(const struct memviz_zone_info *zi, enum zone_watermarks w)
{
	long usable = zi->free - (long)zi->unusable;

	return max((long)zi->marks[w] + 1 - usable, 0L);
}

/* Would @pages get the zone above its high mark? '-' for a zone without marks. */
static void col_covers(struct memviz_row *r, const char *name,
		       const struct memviz_zone_info *zi, unsigned long pages)
{
	if (zi)
		memviz_col_bool(r, name, pages >= shortfall(zi, WMARK_HIGH));
	else
		memviz_col_na(r, name);
}

/*
 * The standard errors of a sampled pass.  A sum's error comes from its
 * own per-block values (memviz_lru_sum); swappable clamped at swap_free
 * is no estimate, so it adds none.
 */
static void reclaim_errors(struct memviz_row *r, const struct memviz_reclaim *rc,
			   const struct memviz_lru_zone *lz)
{
	const unsigned long *cost = lz->cost;
	const unsigned long *se = lz->cost_se, *sum = lz->sum_se;
	bool clamped = cost[MEMVIZ_COST_ANON] + cost[MEMVIZ_COST_SHMEM] > swappable(rc, ULONG_MAX);
	unsigned long all = sum[clamped ? MEMVIZ_SUM_ALL_NOSWAP : MEMVIZ_SUM_ALL];

	memviz_col_ul(r, "sample", lz->sample);
	memviz_col_ul(r, "clean_file_stderr", se[MEMVIZ_COST_FILE_CLEAN]);
	memviz_col_ul(r, "dirty_file_stderr", se[MEMVIZ_COST_FILE_DIRTY]);
	memviz_col_ul(r, "writeback_file_stderr", se[MEMVIZ_COST_FILE_WRITEBACK]);
	memviz_col_ul(r, "anon_stderr", se[MEMVIZ_COST_ANON]);
	memviz_col_ul(r, "shmem_stderr", se[MEMVIZ_COST_SHMEM]);
	memviz_col_ul(r, "swappable_stderr", clamped ? 0 : sum[MEMVIZ_SUM_SWAP]);
	memviz_col_ul(r, "unevictable_stderr", lz->count_se[LRU_UNEVICTABLE][MEMVIZ_LRU_PAGES]);
	memviz_col_ul(r, "reclaim_clean_stderr", sum[MEMVIZ_SUM_CLEAN]);
	memviz_col_ul(r, "reclaim_io_stderr", sum[clamped ? MEMVIZ_SUM_FILE_IO : MEMVIZ_SUM_IO]);
	memviz_col_ul(r, "reclaimable_stderr", all);
	memviz_col_ul(r, "swapcache_clean_stderr", se[MEMVIZ_COST_SWAPCACHE_CLEAN]);
	memviz_col_ul(r, "noswap_stderr", se[MEMVIZ_COST_NOSWAP]);
	memviz_col_ul(r, "mlocked_evictable_stderr", se[MEMVIZ_COST_MLOCKED]);
	memviz_col_ul(r, "reclaimable_direct_stderr",
		      sum[clamped ? MEMVIZ_SUM_CLEAN : MEMVIZ_SUM_DIRECT]);
	memviz_col_ul(r, "reclaimable_kswapd_stderr", all);
}

static void reclaim_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_reclaim *rc = snap;
	const struct memviz_reclaim_zone *z = &rc->zone[idx];
	const struct memviz_lru_zone *lz = z->lz;
	const struct memviz_zone_info *zi = z->zi;
	const unsigned long *cost = lz->cost;
	unsigned long swap = swappable(rc, cost[MEMVIZ_COST_ANON] + cost[MEMVIZ_COST_SHMEM]);
	unsigned long io = cost[MEMVIZ_COST_FILE_DIRTY] + cost[MEMVIZ_COST_FILE_WRITEBACK] + swap;
	unsigned long clean = cost[MEMVIZ_COST_FILE_CLEAN] + cost[MEMVIZ_COST_SWAPCACHE_CLEAN];
	unsigned long total = clean + io;
	unsigned long direct = clean + swap;
	unsigned long mlocked = 0;
	int l;

	for (l = 0; l < NR_LRU_LISTS; l++)
		mlocked += lz->count[l][MEMVIZ_LRU_MLOCKED];

	memviz_col_l(r, "node", lz->nid);
	memviz_col_str(r, "zone", lz->name);
	if (zi) {
		memviz_col_l(r, "free", zi->free);
		memviz_col_ul(r, "unusable", zi->unusable);
		memviz_col_ul(r, "min", zi->marks[WMARK_MIN]);
		memviz_col_ul(r, "low", zi->marks[WMARK_LOW]);
		memviz_col_ul(r, "high", zi->marks[WMARK_HIGH]);
		memviz_col_l(r, "shortfall_min", shortfall(zi, WMARK_MIN));
		memviz_col_l(r, "shortfall_low", shortfall(zi, WMARK_LOW));
		memviz_col_l(r, "shortfall_high", shortfall(zi, WMARK_HIGH));
	} else {
		memviz_col_na(r, "free");
		memviz_col_na(r, "unusable");
		memviz_col_na(r, "min");
		memviz_col_na(r, "low");
		memviz_col_na(r, "high");
		memviz_col_na(r, "shortfall_min");
		memviz_col_na(r, "shortfall_low");
		memviz_col_na(r, "shortfall_high");
	}
	memviz_col_ul(r, "clean_file", cost[MEMVIZ_COST_FILE_CLEAN]);
	memviz_col_ul(r, "dirty_file", cost[MEMVIZ_COST_FILE_DIRTY]);
	memviz_col_ul(r, "writeback_file", cost[MEMVIZ_COST_FILE_WRITEBACK]);
	memviz_col_ul(r, "anon", cost[MEMVIZ_COST_ANON]);
	memviz_col_ul(r, "shmem", cost[MEMVIZ_COST_SHMEM]);
	memviz_col_ul(r, "swappable", swap);
	memviz_col_ul(r, "unevictable", lz->count[LRU_UNEVICTABLE][MEMVIZ_LRU_PAGES]);
	memviz_col_ul(r, "mlocked", mlocked);
	memviz_col_ul(r, "node_slab_reclaimable", z->node_slab_reclaimable);
	memviz_col_ul(r, "reclaim_clean", clean);
	memviz_col_ul(r, "reclaim_io", io);
	memviz_col_ul(r, "reclaimable", total);
	col_covers(r, "covers_high", zi, total);
	col_covers(r, "covers_high_clean", zi, clean);
	memviz_col_ul(r, "swapcache_clean", cost[MEMVIZ_COST_SWAPCACHE_CLEAN]);
	memviz_col_ul(r, "noswap", cost[MEMVIZ_COST_NOSWAP]);
	memviz_col_ul(r, "mlocked_evictable", cost[MEMVIZ_COST_MLOCKED]);
	memviz_col_ul(r, "reclaimable_direct", direct);
	memviz_col_ul(r, "reclaimable_kswapd", total);
	col_covers(r, "covers_high_direct", zi, direct);
	col_covers(r, "covers_high_kswapd", zi, total);
	reclaim_errors(r, rc, lz);
}

static void scan_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "reclaim.scan", RECLAIM_VERSION);
	seq_puts(m, "# machine-wide since boot, /proc/vmstat's pgscan_<reclaimer> and pgsteal_<reclaimer>: pages scanned and reclaimed per reclaimer, '-' where this kernel has no such counter; efficiency_pct = 100 * pgsteal / pgscan, '-' before any scan\n");
	if (MEMVIZ_RECLAIM_COUNTERS_IN_NODE_STATS)
		seq_puts(m, "# memcg_reclaim_counted=yes: node stats that count memcg limit and high reclaim as direct, memory.reclaim as proactive\n");
	else
		seq_puts(m, "# memcg_reclaim_counted=no: vm events that count no memcg reclaim\n");
}

static size_t scan_nr_rows(const void *snap)
{
	return MEMVIZ_NR_RECLAIMERS + 1;	/* + total */
}

static void scan_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_reclaim *rc = snap;
	long scan = 0, steal = 0;
	unsigned int i;

	if (idx < MEMVIZ_NR_RECLAIMERS) {
		scan = rc->pgscan[idx];
		steal = rc->pgsteal[idx];
	} else {
		for (i = 0; i < MEMVIZ_NR_RECLAIMERS; i++) {
			scan += max(rc->pgscan[i], 0L);
			steal += max(rc->pgsteal[i], 0L);
		}
	}
	memviz_col_str(r, "reclaimer", idx < MEMVIZ_NR_RECLAIMERS ?
		       reclaimer_names[idx] : "total");
	memviz_col_ul_opt(r, "pgscan", scan >= 0, scan);
	memviz_col_ul_opt(r, "pgsteal", steal >= 0, steal);
	memviz_col_ul_opt(r, "efficiency_pct", scan > 0 && steal >= 0,
			  scan > 0 ? steal * 100 / scan : 0);
}

static void events_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "reclaim.events", RECLAIM_VERSION);
	seq_puts(m, "# machine-wide reclaim counters since boot, named as in /proc/vmstat; allocstall_<zone> counts direct reclaims for allocations of that zone class\n");
}

static size_t events_nr_rows(const void *snap)
{
	return ((const struct memviz_reclaim *)snap)->nr_events;
}

static void events_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_reclaim *rc = snap;
	const struct memviz_reclaim_event *e = &rc->event[idx];

	memviz_col_str(r, "event", r->header ? "" : e->name);
	memviz_col_ul_opt(r, "value", r->header || e->value >= 0, e->value);
}

static const struct memviz_section reclaim_sections[] = {
	{ .comments = reclaim_comments, .nr_rows = reclaim_nr_rows, .row = reclaim_row },
	{ .comments = scan_comments, .nr_rows = scan_nr_rows, .row = scan_row },
	{ .comments = events_comments, .nr_rows = events_nr_rows, .row = events_row },
};

static void *reclaim_collect(void)
{
	return memviz_reclaim_collect(0);
}

static void *reclaim_collect_sampled(unsigned int sample)
{
	return memviz_reclaim_collect(sample);
}

static void reclaim_release(void *snap)
{
	memviz_reclaim_free(snap);
}

const struct memviz_table memviz_reclaim_table = {
	.name = "reclaim",
	.collect = reclaim_collect,
	.release = reclaim_release,
	.sections = reclaim_sections,
	.nr_sections = ARRAY_SIZE(reclaim_sections),
	.collect_sampled = reclaim_collect_sampled,
};
