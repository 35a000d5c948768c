// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/memcg: every memory cgroup, in pre-order, with
 * its limits, the protection a reclaim from the root would give it now,
 * what of it reclaim could take and at what cost, and the memcg reclaim it
 * went through.  Formatting only; module/memcg.c collects.
 */
#include <linux/kernel.h>
#include <linux/page_counter.h>
#include "memcg.h"
#include "files.h"

#define MEMCG_VERSION 1

static const char *const skip_names[] = {
	[MEMVIZ_MEMCG_SKIP_NONE] = "-",
	[MEMVIZ_MEMCG_SKIP_LOW] = "low",
	[MEMVIZ_MEMCG_SKIP_MIN] = "min",
};

static void memcg_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_memcgs *s = snap;

	memviz_table_banner(m, "memcg", MEMCG_VERSION);
	seq_printf(m, "# memcgs=%u offline_skipped=%u truncated=%s cgroup_v2=%s recursiveprot=%s swap_free=%ld reclaim_activity=%s\n",
		   s->nr, s->offline, s->truncated ? "yes" : "no", s->v2 ? "yes" : "no",
		   s->recursive_prot ? "yes" : "no", s->swap_free,
		   s->have_activity ? "per_memcg" : "-");
	seq_printf(m, "# lru pass: elapsed_ns=%llu age_ns=%llu unattributed=%lu (pages of memcgs born after its pin or offline)\n",
		   s->lru->elapsed_ns, memviz_table_opened_ns(m) - s->lru->taken_ns,
		   s->lru->memcg_unattributed);
	seq_puts(m, "# units: pages unless the column name ends in _kb, _bytes, _ns or _pct; '-' = not on this kernel or this hierarchy (v1: min low high swap_* emin elow)\n");
	seq_puts(m, "# high max swap_max: '-' = no limit; rows: online memcgs in pre-order (parent before children), depth 0 = the root\n");
	seq_puts(m, "# emin elow: effective protection as the kernel computes it for a reclaim from the root at this moment (effective_protection(), memory_recursiveprot included);\n");
	seq_puts(m, "#   emin_cached elow_cached: the kernel's own values, refreshed only while it reclaims; protected = min(current, max(emin, elow)); reclaim_skip: min (current <= emin: never scanned), low (current <= elow: only when nothing else is left), -\n");
	seq_puts(m, "# its own LRU pages (not its descendants'), from the lru pass: anon shmem = every page of that kind (memory.stat's); evictable by cost as the reclaim file: clean_file dirty_file writeback_file,\n");
	seq_puts(m, "#   swapcache_clean, noswap; swappable = min(anon + shmem left to swap out, its swap.max room, swap_free); reclaimable = clean_file + swapcache_clean + dirty_file + writeback_file + swappable\n");
	seq_puts(m, "# reclaim_entries reclaim_pages reclaim_ns: memcg reclaim (limit, high, memory.reclaim) of this memcg since load or activity_reset, where the tracepoints name the memcg (7.x); '-' where they do not\n");
	seq_puts(m, "# cgroup: path in the reader's cgroup namespace, whitespace and '\\' escaped as \\xHH\n");
}

static size_t memcg_nr_rows(const void *snap)
{
	return ((const struct memviz_memcgs *)snap)->nr;
}

/* A limit: '-' when there is none (PAGE_COUNTER_MAX). */
static void col_limit(struct memviz_row *r, const char *name, bool have, unsigned long v)
{
	memviz_col_ul_opt(r, name, have && (v != PAGE_COUNTER_MAX || r->header), v);
}

/* A v2-only value: '-' on a v1 hierarchy. */
static void col_v2(struct memviz_row *r, const struct memviz_memcgs *s, const char *name,
		   unsigned long v)
{
	memviz_col_ul_opt(r, name, s->v2, v);
}

static void memcg_row(struct memviz_row *r, const void *snap, size_t idx)
{
	static const struct memviz_memcg none = { .parent = -1 };
	static const struct memviz_lru_memcg no_lru;
	const struct memviz_memcgs *s = snap;
	const struct memviz_memcg *m = r->header ? &none : &s->row[idx];
	const struct memviz_lru_memcg *l = m->lru ?: &no_lru;
	const unsigned long *cost = l->cost;
	bool lru = m->lru || r->header;
	unsigned long left = cost[MEMVIZ_COST_ANON] + cost[MEMVIZ_COST_SHMEM];
	long room = min(l->swap_room, s->swap_free);
	unsigned long swappable = min_t(long, left, max(room, 0L));
	unsigned long reclaimable = cost[MEMVIZ_COST_FILE_CLEAN] +
				    cost[MEMVIZ_COST_SWAPCACHE_CLEAN] +
				    cost[MEMVIZ_COST_FILE_DIRTY] +
				    cost[MEMVIZ_COST_FILE_WRITEBACK] + swappable;
	bool act = s->have_activity || r->header;

	memviz_col_ul(r, "cgroup_id", m->id);
	memviz_col_ul_opt(r, "parent_id", m->parent >= 0,
			  m->parent >= 0 ? s->row[m->parent].id : 0);
	memviz_col_ul(r, "depth", m->depth);
	memviz_col_ul(r, "current", m->usage);
	col_v2(r, s, "min", m->min);
	col_v2(r, s, "low", m->low);
	col_limit(r, "high", s->v2, m->high);
	col_limit(r, "max", true, m->max);
	col_v2(r, s, "swap_current", m->swap_current);
	col_limit(r, "swap_max", s->v2, m->swap_max);
	col_v2(r, s, "emin", m->emin);
	col_v2(r, s, "elow", m->elow);
	col_v2(r, s, "protected", m->protected);
	memviz_col_str(r, "reclaim_skip", s->v2 ? skip_names[m->skip] : "-");
	memviz_col_ul_opt(r, "anon", lru, l->kind[MEMVIZ_KIND_ANON]);
	memviz_col_ul_opt(r, "shmem", lru, l->kind[MEMVIZ_KIND_SHMEM]);
	memviz_col_ul_opt(r, "clean_file", lru, cost[MEMVIZ_COST_FILE_CLEAN]);
	memviz_col_ul_opt(r, "dirty_file", lru, cost[MEMVIZ_COST_FILE_DIRTY]);
	memviz_col_ul_opt(r, "writeback_file", lru, cost[MEMVIZ_COST_FILE_WRITEBACK]);
	memviz_col_ul_opt(r, "swapcache_clean", lru, cost[MEMVIZ_COST_SWAPCACHE_CLEAN]);
	memviz_col_ul_opt(r, "noswap", lru, cost[MEMVIZ_COST_NOSWAP]);
	memviz_col_ul_opt(r, "swappable", lru, swappable);
	memviz_col_ul_opt(r, "unevictable", lru, l->unevictable);
	memviz_col_ul_opt(r, "reclaimable", lru, reclaimable);
	col_v2(r, s, "emin_cached", m->emin_cached);
	col_v2(r, s, "elow_cached", m->elow_cached);
	memviz_col_ul_opt(r, "reclaim_entries", act, m->act.entries);
	memviz_col_ul_opt(r, "reclaim_pages", act, m->act.reclaimed);
	memviz_col_ul_opt(r, "reclaim_ns", act, m->act.ns);
	memviz_col_str(r, "cgroup", m->path ?: "-");
}

static const struct memviz_section memcg_sections[] = {
	{ .comments = memcg_comments, .nr_rows = memcg_nr_rows, .row = memcg_row },
};

static void *memcg_collect(void)
{
	return memviz_memcgs_collect();
}

static void memcg_release(void *snap)
{
	memviz_memcgs_free(snap);
}

const struct memviz_table memviz_memcg_table = {
	.name = "memcg",
	.collect = memcg_collect,
	.release = memcg_release,
	.sections = memcg_sections,
	.nr_sections = ARRAY_SIZE(memcg_sections),
};
