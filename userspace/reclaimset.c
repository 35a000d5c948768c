// SPDX-License-Identifier: GPL-2.0
/*
 * Reclaim cost per zone.  The reclaim file is the module's own answer
 * (one lockless pass over the page frames, shared with the lru file);
 * the lru file alone gives the same split less the swap cap; /proc only
 * has node counters, so that last estimate is per node and says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reclaimset.h"
#include "source.h"
#include "table.h"
#include "util.h"

static long long nz(long long v)
{
	return v > 0 ? v : 0;
}

static long long fact(const struct mv_table *t, const char *key)
{
	long long v;

	return mv_parse_ll(mv_fact(t, key), &v) ? v : -1;
}

static long long swap_free_pages(long page_size)
{
	long long kb;

	return mv_meminfo("SwapFree", &kb) ? kb / (page_size / 1024) : -1;
}

static void finish(struct mv_rzone *z)
{
	z->reclaimable = z->clean + z->dirty + z->writeback + nz(z->swappable);
}

/* 0, 1 without the file, -1 with @err when it does not load. */
static int from_reclaim(struct mv_reclaimset *rs, char *err, size_t errlen)
{
	static const struct mv_known known[] = {
		{ "reclaim", 2 }, { "reclaim.scan", 2 }, { "reclaim.events", 2 }, { NULL, 0 }
	};
	static const char *const need[] = {
		"node", "zone", "clean_file", "dirty_file", "writeback_file", "anon", "shmem",
		"swappable",
	};
	const struct mv_table *t, *s;
	enum mv_src_status st;
	struct mv_doc doc;
	size_t r, i;

	st = mv_load("reclaim", &doc, known, err, errlen);
	if (st == MV_SRC_BAD || st == MV_SRC_NOACCESS)
		return -1;
	if (st != MV_SRC_OK)
		return 1;
	t = mv_doc_table(&doc, "reclaim");
	for (i = 0; t && i < MV_ARRAY_SIZE(need); i++)
		if (mv_col(t, need[i]) < 0)
			t = NULL;
	if (!t) {
		mv_doc_free(&doc);
		return 1;
	}
	rs->z = mv_xcalloc(t->nrows + 1, sizeof(*rs->z));
	for (r = 0; r < t->nrows; r++) {
		struct mv_rzone *z = &rs->z[rs->n++];

		z->node = (int)mv_num(t, r, "node", -1);
		snprintf(z->zone, sizeof(z->zone), "%s", mv_get_str(t, r, "zone"));
		/* v2: swap-backed pages already clean in swap drop like clean file */
		z->clean = nz(mv_num(t, r, "clean_file", -1)) +
			   nz(mv_num(t, r, "swapcache_clean", -1));
		z->dirty = nz(mv_num(t, r, "dirty_file", -1));
		z->writeback = nz(mv_num(t, r, "writeback_file", -1));
		z->anon = nz(mv_num(t, r, "anon", -1));
		z->shmem = nz(mv_num(t, r, "shmem", -1));
		z->swappable = mv_num(t, r, "swappable", -1);
		z->unevictable = mv_num(t, r, "unevictable", -1);
		z->mlocked = mv_num(t, r, "mlocked", -1);
		z->slab = mv_num(t, r, "node_slab_reclaimable", -1);
		z->shortfall_high = mv_num(t, r, "shortfall_high", -1);
		finish(z);
	}
	rs->swap_free = fact(t, "swap_free");
	rs->swappable_total = fact(t, "swappable_total");
	s = mv_doc_table(&doc, "reclaim.scan");
	/* "# memcg_reclaim_counted=yes: ..." on kernels whose node stats count it */
	{
		const char *mc = mv_fact(s, "memcg_reclaim_counted");

		rs->memcg_counted = !mc ? -1 : !strncmp(mc, "yes", 3);
	}
	for (r = 0; s && r < s->nrows && rs->nscan < MV_ARRAY_SIZE(rs->scan); r++) {
		const char *who = mv_get_str(s, r, "reclaimer");
		static const char *const names[] = { "kswapd", "direct", "khugepaged", "proactive" };

		for (i = 0; who && i < MV_ARRAY_SIZE(names); i++) {
			if (strcmp(who, names[i]))
				continue;
			rs->scan[rs->nscan].who = names[i];
			rs->scan[rs->nscan].pgscan = mv_num(s, r, "pgscan", -1);
			rs->scan[rs->nscan].pgsteal = mv_num(s, r, "pgsteal", -1);
			rs->scan[rs->nscan].efficiency_pct = mv_num(s, r, "efficiency_pct", -1);
			rs->nscan++;
		}
	}
	rs->src = MV_RC_RECLAIM;
	snprintf(rs->source, sizeof(rs->source), "%s/reclaim", mv_source_dir());
	mv_doc_free(&doc);
	return 0;
}

static struct mv_rzone *zone_of(struct mv_reclaimset *rs, int node, const char *zone)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->z[i].node == node && !strcmp(rs->z[i].zone, zone))
			return &rs->z[i];
	rs->z = mv_xrealloc(rs->z, (rs->n + 1) * sizeof(*rs->z));
	memset(&rs->z[rs->n], 0, sizeof(*rs->z));
	rs->z[rs->n].node = node;
	snprintf(rs->z[rs->n].zone, sizeof(rs->z[rs->n].zone), "%s", zone);
	rs->z[rs->n].shortfall_high = rs->z[rs->n].slab = -1;
	return &rs->z[rs->n++];
}

/* The lru file's rows are (node, zone, lru): fold each zone's five lists. */
static int from_lru(struct mv_reclaimset *rs, long page_size, char *err, size_t errlen)
{
	static const struct mv_known known[] = { { "lru", 1 }, { NULL, 0 } };
	const struct mv_table *t;
	enum mv_src_status st;
	struct mv_doc doc;
	size_t r, i;

	st = mv_load("lru", &doc, known, err, errlen);
	if (st == MV_SRC_BAD || st == MV_SRC_NOACCESS)
		return -1;
	if (st != MV_SRC_OK)
		return 1;
	t = mv_doc_table(&doc, "lru");
	if (!t || mv_col(t, "lru") < 0 || mv_col(t, "pages") < 0 || mv_col(t, "dirty") < 0 ||
	    mv_col(t, "writeback") < 0) {
		mv_doc_free(&doc);
		return 1;
	}
	rs->swap_free = swap_free_pages(page_size);
	for (r = 0; r < t->nrows; r++) {
		const char *lru = mv_get_str(t, r, "lru");
		struct mv_rzone *z = zone_of(rs, (int)mv_num(t, r, "node", -1), mv_get_str(t, r, "zone"));
		long long pages = nz(mv_num(t, r, "pages", -1)), shmem = nz(mv_num(t, r, "shmem", -1));

		z->mlocked += nz(mv_num(t, r, "mlocked", -1));
		if (strstr(lru, "file")) {
			z->dirty += nz(mv_num(t, r, "dirty", -1));
			z->writeback += nz(mv_num(t, r, "writeback", -1));
			z->clean += nz(pages - nz(mv_num(t, r, "dirty", -1)) - nz(mv_num(t, r, "writeback", -1)));
		} else if (strstr(lru, "anon")) {
			z->anon += nz(pages - shmem);
			z->shmem += shmem;
		} else if (!strcmp(lru, "unevictable")) {
			z->unevictable += pages;
		}
	}
	rs->swappable_total = 0;
	for (i = 0; i < rs->n; i++) {
		struct mv_rzone *z = &rs->z[i];

		z->swappable = rs->swap_free < 0 ? -1 :
			       z->anon + z->shmem < rs->swap_free ? z->anon + z->shmem : rs->swap_free;
		rs->swappable_total += z->anon + z->shmem;
		finish(z);
	}
	if (rs->swap_free >= 0 && rs->swappable_total > rs->swap_free)
		rs->swappable_total = rs->swap_free;
	rs->src = MV_RC_LRU;
	snprintf(rs->source, sizeof(rs->source), "%s/lru", mv_source_dir());
	mv_doc_free(&doc);
	return 0;
}

static void from_proc(struct mv_reclaimset *rs, const struct mv_nodefacts *nf, int n,
		      long page_size)
{
	int i;

	rs->swap_free = swap_free_pages(page_size);
	rs->z = mv_xcalloc((size_t)n + 1, sizeof(*rs->z));
	rs->swappable_total = 0;
	for (i = 0; i < n; i++) {
		struct mv_rzone *z = &rs->z[rs->n++];

		z->node = nf[i].node;
		z->clean = nz(nf[i].file - nf[i].dirty - nf[i].writeback);
		z->dirty = nz(nf[i].dirty);
		z->writeback = nz(nf[i].writeback);
		/* The anon LRU holds shmem too. */
		z->shmem = nz(nf[i].shmem);
		z->anon = nz(nf[i].anon - z->shmem);
		z->swappable = rs->swap_free < 0 ? -1 :
			       z->anon + z->shmem < rs->swap_free ? z->anon + z->shmem : rs->swap_free;
		rs->swappable_total += z->anon + z->shmem;
		z->unevictable = nf[i].unevictable;
		z->mlocked = -1;
		z->slab = nf[i].slab_reclaimable;
		z->shortfall_high = -1;
		finish(z);
	}
	if (rs->swap_free >= 0 && rs->swappable_total > rs->swap_free)
		rs->swappable_total = rs->swap_free;
	rs->src = MV_RC_PROC;
	snprintf(rs->source, sizeof(rs->source), "%s/zoneinfo and meminfo, per node", mv_proc_root());
}

int mv_reclaimset_load(struct mv_reclaimset *rs, const struct mv_nodefacts *nf, int n,
		       long page_size, char *err, size_t errlen)
{
	int ret;

	memset(rs, 0, sizeof(*rs));
	rs->memcg_counted = -1;
	ret = from_reclaim(rs, err, errlen);
	if (ret <= 0)
		return ret;
	mv_reclaimset_free(rs);
	rs->memcg_counted = -1;
	ret = from_lru(rs, page_size, err, errlen);
	if (ret <= 0)
		return ret;
	mv_reclaimset_free(rs);
	rs->memcg_counted = -1;
	from_proc(rs, nf, n, page_size);
	return 0;
}

void mv_reclaimset_free(struct mv_reclaimset *rs)
{
	free(rs->z);
	memset(rs, 0, sizeof(*rs));
}

struct mv_otab *mv_reclaimset_table(struct mv_report *r, const struct mv_reclaimset *rs)
{
	struct mv_otab *t = mv_otab_decl(r, "reclaimable", "reclaim", "reclaimable per %s, cheapest first (%s)",
					rs->src == MV_RC_PROC ? "node" : "zone", rs->source);
	size_t i;

	mv_otab_dcol(t, "node");
	if (rs->src != MV_RC_PROC)
		mv_otab_dcol(t, "zone");
	mv_otab_dcol(t, "clean_file");
	mv_otab_dcol(t, "dirty_file");
	mv_otab_dcol(t, "writeback_file");
	mv_otab_dcol(t, "anon");
	mv_otab_dcol(t, "shmem");
	mv_otab_dcol(t, "swappable");
	mv_otab_dcol(t, "reclaimable");
	mv_otab_dcol(t, "unevictable");
	mv_otab_dcol(t, "mlocked");
	mv_otab_dcol(t, "slab_reclaimable");
	if (rs->src == MV_RC_RECLAIM)
		mv_otab_dcol(t, "shortfall_high");
	for (i = 0; i < rs->n; i++) {
		const struct mv_rzone *z = &rs->z[i];
		char node[16];

		snprintf(node, sizeof(node), "%d", z->node);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", z->zone);
		mv_put(t, "clean_file", z->clean);
		mv_put(t, "dirty_file", z->dirty);
		mv_put(t, "writeback_file", z->writeback);
		mv_put(t, "anon", z->anon);
		mv_put(t, "shmem", z->shmem);
		if (z->swappable >= 0)
			mv_put(t, "swappable", z->swappable);
		mv_put(t, "reclaimable", z->reclaimable);
		if (z->unevictable >= 0)
			mv_put(t, "unevictable", z->unevictable);
		if (z->mlocked >= 0)
			mv_put(t, "mlocked", z->mlocked);
		if (z->slab >= 0)
			mv_put(t, "slab_reclaimable", z->slab);
		if (z->shortfall_high >= 0)
			mv_put(t, "shortfall_high", z->shortfall_high);
	}
	mv_otab_note(t, "clean_file: dropped without I/O; dirty_file: written back first; writeback_file: already in flight; anon and shmem: only by swapping out, up to swappable");
	mv_otab_note(t, "reclaimable = clean_file + dirty_file + writeback_file + swappable%s",
		     rs->src == MV_RC_RECLAIM ? "; shortfall_high = pages to free until the zone passes its high mark" :
		     rs->src == MV_RC_PROC ? "; estimated from node counters: file LRU - dirty - writeback (load the module for the per-zone split)" : "");
	if (rs->swap_free >= 0)
		mv_otab_note(t, "swap_free=%lld swappable_total=%lld: swap is machine-wide, so the rows' swappable do not add up", rs->swap_free,
			     rs->swappable_total);
	return t;
}
