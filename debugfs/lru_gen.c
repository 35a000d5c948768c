// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/lru_gen: the multi-generational LRU's
 * generation sizes per node x zone x type, oldest to youngest, summed over
 * every memcg's lruvec.  Formatting only; module/lru.c reads them (from
 * the same snapshot the lru file shows).
 */
#include <linux/mmzone.h>
#include "lru.h"
#include "files.h"

#define LRU_GEN_VERSION 1

static void lru_gen_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_lru *lru = snap;

	memviz_table_banner(m, "lru_gen", LRU_GEN_VERSION);
	seq_printf(m, "# nodes=%u zones=%u memcgs=%u have_lru_gen=%s cached_ns=%llu age_ns=%llu\n",
		   lru->nr_nodes, lru->nr, lru->nr_memcgs,
		   MEMVIZ_HAVE_LRU_GEN ? "yes" : "no", (u64)MEMVIZ_LRU_CACHE_NS,
		   memviz_table_opened_ns(m) - lru->taken_ns);
	seq_puts(m, "# units: pages; '-' = not on this kernel\n");
	seq_puts(m, "# age<N> = pages in generation max_seq-N of their lruvec (age0 youngest), summed over memcgs; columns run oldest to youngest\n");
	seq_puts(m, "# generations older than a lruvec's min_seq do not exist and add nothing; sizes are the kernel's eventually consistent nr_pages, clamped at 0\n");
	seq_puts(m, "# active = age0 + age1 (the kernel's lru_gen_is_active); inactive = the older ages; mglru = the node's root lruvec runs MGLRU (all zero when off)\n");
}

static size_t lru_gen_nr_rows(const void *snap)
{
	return ((const struct memviz_lru *)snap)->nr * ANON_AND_FILE;
}

static void lru_gen_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_lru *lru = snap;
	const struct memviz_lru_zone *lz = &lru->zone[idx / ANON_AND_FILE];
	/* Index 0 is anon, 1 file, as in lrugen.nr_pages[][type][]. */
	unsigned int type = idx % ANON_AND_FILE;
	const unsigned long *g = lz->gen[type];
	char age[8];
	int a;

	memviz_col_l(r, "node", lz->nid);
	memviz_col_str(r, "zone", lz->name);
	memviz_col_str(r, "type", type ? "file" : "anon");
	memviz_col_bool(r, "mglru", lz->mglru);
	for (a = MEMVIZ_NR_AGES - 1; a >= 0; a--) {
		snprintf(age, sizeof(age), "%d", a);
		if (MEMVIZ_HAVE_LRU_GEN)
			memviz_col_ul_sfx(r, "age", age, g[a]);
		else
			memviz_col_na_sfx(r, "age", age);
	}
	memviz_col_ul_opt(r, "active", MEMVIZ_HAVE_LRU_GEN, g[0] + g[1]);
	memviz_col_ul_opt(r, "inactive", MEMVIZ_HAVE_LRU_GEN, g[2] + g[3]);
}

static const struct memviz_section lru_gen_sections[] = {
	{ .comments = lru_gen_comments, .nr_rows = lru_gen_nr_rows, .row = lru_gen_row },
};

static void *lru_gen_collect(void)
{
	/* the histogram is the lruvecs' counters: the cheapest pass will do */
	return memviz_lru_get_sampled(MEMVIZ_LRU_SAMPLE_MAX);
}

static void lru_gen_release(void *snap)
{
	memviz_lru_put(snap);
}

const struct memviz_table memviz_lru_gen_table = {
	.name = "lru_gen",
	.collect = lru_gen_collect,
	.release = lru_gen_release,
	.sections = lru_gen_sections,
	.nr_sections = ARRAY_SIZE(lru_gen_sections),
};
