// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/lru: one row per node x zone x LRU list with
 * what its folios are (dirty, mapped, shmem, in large folios, ...), from
 * one lockless page-frame pass.  Formatting only; module/lru.c takes the
 * snapshot and documents how the pass works.
 */
#include <linux/mmzone.h>
#include "lru.h"
#include "files.h"

#define LRU_VERSION 1

static const char * const lru_names[NR_LRU_LISTS] = {
	[LRU_INACTIVE_ANON] = "inactive_anon",
	[LRU_ACTIVE_ANON] = "active_anon",
	[LRU_INACTIVE_FILE] = "inactive_file",
	[LRU_ACTIVE_FILE] = "active_file",
	[LRU_UNEVICTABLE] = "unevictable",
};

/* The count columns, in enum memviz_lru_count order, for their _stderr. */
static const char * const lru_count_names[MEMVIZ_LRU_NR_COUNTS] = {
	[MEMVIZ_LRU_PAGES] = "pages",
	[MEMVIZ_LRU_FOLIOS] = "folios",
	[MEMVIZ_LRU_DIRTY] = "dirty",
	[MEMVIZ_LRU_WRITEBACK] = "writeback",
	[MEMVIZ_LRU_MAPPED] = "mapped",
	[MEMVIZ_LRU_REFERENCED] = "referenced",
	[MEMVIZ_LRU_WORKINGSET] = "workingset",
	[MEMVIZ_LRU_MLOCKED] = "mlocked",
	[MEMVIZ_LRU_SWAPCACHE] = "swapcache",
	[MEMVIZ_LRU_SHMEM] = "shmem",
	[MEMVIZ_LRU_LARGE] = "large",
	[MEMVIZ_LRU_THP] = "thp",
};

/**
 * memviz_lru_sample_comments() - the header lines of a possibly sampled pass
 * @m: the file
 * @lru: its pass
 */
void memviz_lru_sample_comments(struct seq_file *m, const struct memviz_lru *lru)
{
	seq_printf(m, "# sample=1/%u (1/1 reads every page frame; 1/N reads two pageblocks drawn at random in each run of 2N of a zone, each weighted by the run's length / 2)\n",
		   lru->sample);
	seq_puts(m, "#   a zone of fewer than 2N pageblocks is read whole; sample = the zone's own N; <col>_stderr = the standard error of <col>, from the two blocks of each run (0 when read whole)\n");
}

static const char *mglru_state(const struct memviz_lru *lru)
{
	unsigned int z, on = 0;

	for (z = 0; z < lru->nr; z++)
		on += lru->zone[z].mglru;
	return !on ? "off" : on == lru->nr ? "on" : "mixed";
}

static void lru_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_lru *lru = snap;

	memviz_table_banner(m, "lru", LRU_VERSION);
	seq_printf(m, "# nodes=%u zones=%u mglru=%s memcgs=%u\n", lru->nr_nodes,
		   lru->nr, mglru_state(lru), lru->nr_memcgs);
	seq_printf(m, "# pass: pfns_scanned=%lu pages_counted=%lu folios_counted=%lu elapsed_ns=%llu pfns_spanned=%lu\n",
		   lru->pfns_scanned, lru->pages_counted, lru->folios_counted,
		   lru->elapsed_ns, lru->pfns_spanned);
	memviz_lru_sample_comments(m, lru);
	seq_printf(m, "# cached_ns=%llu age_ns=%llu: passes are serialized; a reader opening within cached_ns of a pass still held by another reader shares it\n",
		   (u64)MEMVIZ_LRU_CACHE_NS, memviz_table_opened_ns(m) - lru->taken_ns);
	seq_puts(m, "# units: pages unless the column name ends in _kb, _bytes, _ns or _pct; '-' = not on this kernel\n");
	seq_puts(m, "# method: lockless pfn walk per zone (no lru_lock, no folio reference), each folio counted once at its head from one read of its flags; racy by design\n");
	seq_puts(m, "# skipped: offline sections, ZONE_DEVICE, free buddy blocks, hugetlb, folios not on an LRU (isolated ones included)\n");
	seq_puts(m, "# lru: unevictable if PG_unevictable, else anon if swap-backed (shmem is), else file; active: PG_active on the classic LRU\n");
	seq_printf(m, "# mglru: a folio is active when its generation is max_seq or max_seq-1 of its own memcg's lruvec, as the kernel counts it; unmatched memcg (fell back to the root lruvec): mglru_unmatched=%lu pages\n",
		   lru->mglru_unmatched);
	seq_puts(m, "# folios = folios, not pages; large = pages in folios of order > 0; thp = pages in PMD-sized folios; shmem = swap-backed file pages\n");
	seq_puts(m, "# kernel_pages = the kernel's nr_zone_<lru> counter, read right after the zone's pass\n");
}

static size_t lru_nr_rows(const void *snap)
{
	return ((const struct memviz_lru *)snap)->nr * NR_LRU_LISTS;
}

static void lru_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_lru *lru = snap;
	const struct memviz_lru_zone *lz = &lru->zone[idx / NR_LRU_LISTS];
	unsigned int l = idx % NR_LRU_LISTS;
	const unsigned long *c = lz->count[l];
	unsigned int k;

	memviz_col_l(r, "node", lz->nid);
	memviz_col_str(r, "zone", lz->name);
	memviz_col_str(r, "lru", lru_names[l]);
	memviz_col_ul(r, "pages", c[MEMVIZ_LRU_PAGES]);
	memviz_col_ul(r, "folios", c[MEMVIZ_LRU_FOLIOS]);
	memviz_col_ul(r, "dirty", c[MEMVIZ_LRU_DIRTY]);
	memviz_col_ul(r, "writeback", c[MEMVIZ_LRU_WRITEBACK]);
	memviz_col_ul(r, "mapped", c[MEMVIZ_LRU_MAPPED]);
	memviz_col_ul(r, "referenced", c[MEMVIZ_LRU_REFERENCED]);
	memviz_col_ul(r, "workingset", c[MEMVIZ_LRU_WORKINGSET]);
	memviz_col_ul(r, "mlocked", c[MEMVIZ_LRU_MLOCKED]);
	memviz_col_ul(r, "swapcache", c[MEMVIZ_LRU_SWAPCACHE]);
	memviz_col_ul(r, "shmem", c[MEMVIZ_LRU_SHMEM]);
	memviz_col_ul(r, "large", c[MEMVIZ_LRU_LARGE]);
	memviz_col_ul_opt(r, "thp", IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE),
			  c[MEMVIZ_LRU_THP]);
	memviz_col_ul(r, "kernel_pages", lz->kernel[l]);
	memviz_col_ul(r, "sample", lz->sample);
	for (k = 0; k < MEMVIZ_LRU_NR_COUNTS; k++)
		memviz_col_ul_sfx(r, lru_count_names[k], "_stderr", lz->count_se[l][k]);
}

static const struct memviz_section lru_sections[] = {
	{ .comments = lru_comments, .nr_rows = lru_nr_rows, .row = lru_row },
};

static void *lru_collect(void)
{
	return memviz_lru_get();
}

static void *lru_collect_sampled(unsigned int sample)
{
	return memviz_lru_get_sampled(sample);
}

static void lru_release(void *snap)
{
	memviz_lru_put(snap);
}

const struct memviz_table memviz_lru_table = {
	.name = "lru",
	.collect = lru_collect,
	.release = lru_release,
	.sections = lru_sections,
	.nr_sections = ARRAY_SIZE(lru_sections),
	.collect_sampled = lru_collect_sampled,
};
