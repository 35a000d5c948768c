// SPDX-License-Identifier: GPL-2.0
/*
 * LRU composition collector: one lockless pass over the page frames of
 * every populated zone, classifying each LRU folio once, at its head, by
 * list (inactive/active anon/file, unevictable) and by state (dirty,
 * writeback, mapped, ...).  The pattern is the one /proc/kpageflags,
 * page_idle and compaction use: no lru_lock, no folio reference, one
 * READ_ONCE() of the flags word per folio, accepting racy answers.
 *
 * Why not walk the lists: lru_lock is an IRQ-disabling spinlock, a list
 * can hold millions of folios, unevictable folios are on no list, and
 * per-memcg lruvecs need the unexported mem_cgroup_iter().
 *
 * Active vs inactive under MGLRU: PG_active is cleared on MGLRU lists and
 * the kernel counts a folio as active when its generation is one of the
 * two youngest of its lruvec (lru_gen_is_active(): max_seq and
 * max_seq - 1).  The folio's lruvec is its memcg's, and folio_memcg()
 * dereferences a pointer a reference-less reader may not follow.  So
 * before the pass every memcg is visited under RCU and pinned with
 * css_tryget() (a plain ref; zombies holding pages still pin), and the
 * pass only compares the raw memcg_data word of a folio against those
 * pinned pointers (as vmscan's get_pfn_folio() does), never dereferencing
 * it.  A match gives the lruvec whose max_seq decides: exact up to races.
 * No match (memcg created during the pass, or a torn read) falls back to
 * the node's root lruvec and is counted in mglru_unmatched.
 */
#include <linux/bsearch.h>
#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/huge_mm.h>
#include <linux/ktime.h>
#include <linux/memcontrol.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/page-flags.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "memviz.h"
#include "lru.h"

/* Yield and check for a kill this often; also bounds a pass's latency. */
#define LRU_RESCHED_PFNS	1024
#define LRU_MEMCG_CACHE_BITS	5
#define LRU_MEMCG_CACHE		BIT(LRU_MEMCG_CACHE_BITS)

/* Folios larger than a PUD are garbage reads: hugetlb 1G is the largest. */
#define LRU_MAX_ORDER		(PUD_SHIFT - PAGE_SHIFT)

/* One pinned lruvec owner: the key is the memcg pointer as a number. */
struct lru_memcg {
	unsigned long key;
	struct mem_cgroup *memcg;	/* NULL: memcg disabled, pgdat lruvecs */
	bool noswap;			/* it or an ancestor has no swap room left */
	struct memviz_lru_memcg *stat;	/* its own pages, in a by-memcg pass */
};

struct lru_memcgs {
	unsigned int nr;
	unsigned long root_key;		/* the root memcg, whose lruvecs are the fallback */
	struct lru_memcg m[];
};

/* Every figure one pageblock gives: counts, costs, then the sums. */
#define LRU_NR_FIGURES	(NR_LRU_LISTS * MEMVIZ_LRU_NR_COUNTS + MEMVIZ_COST_NR + MEMVIZ_SUM_NR)

/* A sampled zone's running state (too big for the stack). */
struct lru_sampler {
	struct memviz_lru_zone blk;	/* the pageblock being read */
	u64 y1[LRU_NR_FIGURES];		/* the figures of a run's two blocks */
	u64 y2[LRU_NR_FIGURES];
	u64 var[LRU_NR_FIGURES];	/* the zone's estimated variances */
};

struct lru_pass {
	struct memviz_lru *lru;
	struct lru_memcgs *mc;
	struct lru_sampler *sampler;	/* NULL: an exact pass */
	/*
	 * Folios of a few memcgs interleave in memory: a small direct-mapped
	 * cache by key in front of the bsearch (a tenth of a pass on MGLRU).
	 */
	const struct lru_memcg *cache[LRU_MEMCG_CACHE];
	const struct lru_memcg *root;
	bool by_memcg;			/* attribute every folio to its memcg */
};

static DEFINE_MUTEX(lru_mutex);	/* one pass at a time */
static DEFINE_SPINLOCK(lru_cache_lock);	/* lru_cached, and the refcounts' ends */
static struct memviz_lru *lru_cached;
static u64 lru_ns_per_kpfn;		/* the last pass's cost, for readers sizing a sample */

/*
 * The lru and reclaim files' default: 1 reads every frame, N one
 * pageblock in N.  Readers that want another choose it per open (the
 * sample/ files); the fleet's textfile writer sizes it to a budget.
 */
static unsigned int lru_sample = 1;

static int lru_sample_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 10, &v) || !v || v > MEMVIZ_LRU_SAMPLE_MAX)
		return -EINVAL;
	WRITE_ONCE(lru_sample, v);
	return 0;
}

static const struct kernel_param_ops lru_sample_ops = {
	.set = lru_sample_set,
	.get = param_get_uint,
};

module_param_cb(lru_sample, &lru_sample_ops, &lru_sample, 0600);
MODULE_PARM_DESC(lru_sample,
		 "The lru and reclaim files read one pageblock in N (1..1024), scaled up with a standard error; 1 = every page frame (default 1)");

static int memcg_cmp(const void *a, const void *b)
{
	unsigned long ka = ((const struct lru_memcg *)a)->key;
	unsigned long kb = ((const struct lru_memcg *)b)->key;

	return ka < kb ? -1 : ka > kb;
}

static struct lruvec *owner_lruvec(const struct lru_memcg *m, int nid)
{
	if (!m->memcg)
		return &NODE_DATA(nid)->__lruvec;
	return memviz_memcg_lruvec(m->memcg, nid);
}

static unsigned int count_memcgs(struct cgroup_subsys_state *root)
{
	struct cgroup_subsys_state *css;
	unsigned int n = 0;

	rcu_read_lock();
	for (css = root; css; css = css_next_descendant_pre(css, root))
		n++;
	rcu_read_unlock();
	return n;
}

/*
 * mem_cgroup_get_nr_swap_pages() (mm/memcontrol.c, not exported) before
 * its cap by free swap: on cgroup v2 the least swap.max room of the memcg
 * and its ancestors below the root, LONG_MAX without a limit.  (v1
 * charges swap to memsw, which limits swap and memory together: not a
 * swap room of its own.)  Under RCU.
 */
static long memcg_swap_room(struct mem_cgroup *memcg)
{
	long room = LONG_MAX;
	struct mem_cgroup *m;
	unsigned int depth;

	if (!cgroup_subsys_on_dfl(memory_cgrp_subsys))
		return room;
	for (m = memcg, depth = 0; m && parent_mem_cgroup(m) && depth < 64;
	     m = parent_mem_cgroup(m), depth++) {
		unsigned long max = READ_ONCE(m->swap.max);

		if (max != PAGE_COUNTER_MAX)
			room = min(room, (long)max - (long)page_counter_read(&m->swap));
	}
	return room;
}

/*
 * Pin every memcg so that its lruvecs stay valid through the pass.  A
 * memcg born after the count is missed (its folios count as unmatched).
 */
static struct lru_memcgs *pin_memcgs(struct memviz_lru *lru)
{
	struct cgroup_subsys_state *root, *css;
	struct lru_memcgs *mc;
	unsigned int max;

	if (mem_cgroup_disabled()) {
		mc = kzalloc(struct_size(mc, m, 1), GFP_KERNEL);
		if (mc)
			mc->nr = 1;	/* key 0, memcg NULL: pgdat->__lruvec */
		return mc;
	}

	/* The root memcg is never freed; init_task never leaves it. */
	rcu_read_lock();
	root = &mem_cgroup_from_task(&init_task)->css;
	rcu_read_unlock();

	max = count_memcgs(root);
	mc = kvzalloc(struct_size(mc, m, max), GFP_KERNEL);
	if (!mc)
		return NULL;
	if (lru->by_memcg) {
		lru->memcg_stats = kvcalloc(max, sizeof(*lru->memcg_stats),
					    GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN);
		if (!lru->memcg_stats) {
			kvfree(mc);
			return NULL;
		}
	}

	mc->root_key = (unsigned long)mem_cgroup_from_css(root);
	rcu_read_lock();
	for (css = root; css && mc->nr < max;
	     css = css_next_descendant_pre(css, root)) {
		struct mem_cgroup *memcg = mem_cgroup_from_css(css);

		/* Fails only once the last page left: nothing to classify. */
		if (!css_tryget(css))
			continue;
		mc->m[mc->nr].memcg = memcg;
		mc->m[mc->nr].key = (unsigned long)memcg;
		mc->m[mc->nr].noswap = memcg_swap_room(memcg) <= 0;
		if (lru->memcg_stats) {
			struct memviz_lru_memcg *st = &lru->memcg_stats[mc->nr];

			st->cgroup_id = cgroup_id(css->cgroup);
			st->swap_room = memcg_swap_room(memcg);
			mc->m[mc->nr].stat = st;
			lru->nr_memcg_stats++;
		}
		mc->nr++;
	}
	rcu_read_unlock();

	sort(mc->m, mc->nr, sizeof(mc->m[0]), memcg_cmp, NULL);
	return mc;
}

static void unpin_memcgs(struct lru_memcgs *mc)
{
	unsigned int i;

	if (!mc)
		return;
	for (i = 0; i < mc->nr; i++)
		if (mc->m[i].memcg)
			css_put(&mc->m[i].memcg->css);
	kvfree(mc);
}

static const struct lru_memcg *find_memcg(struct lru_pass *p, unsigned long key)
{
	const struct lru_memcg **slot = &p->cache[hash_long(key, LRU_MEMCG_CACHE_BITS)];
	struct lru_memcg k = { .key = key };
	const struct lru_memcg *m;

	if (*slot && (*slot)->key == key)
		return *slot;
	m = bsearch(&k, p->mc->m, p->mc->nr, sizeof(k), memcg_cmp);
	if (m)
		*slot = m;
	return m;
}

/* The pinned memcg a folio is charged to; NULL when it was not found. */
static const struct lru_memcg *folio_owner(struct lru_pass *p, struct page *head)
{
	unsigned long key = memviz_page_memcg_key(head);

	/* An uncharged folio lives on the root memcg's lruvec. */
	return key ? find_memcg(p, key) : p->root;
}

/* lru_gen_is_active() for a folio of generation @gen of owner @m. */
static bool mglru_active(struct lru_pass *p, const struct lru_memcg *m, int nid,
			 int gen, unsigned long nr)
{
	struct lruvec *lruvec;
	unsigned long max_seq;

	if (m) {
		lruvec = owner_lruvec(m, nid);
	} else {
		lruvec = owner_lruvec(p->root, nid);
		p->lru->mglru_unmatched += nr;
	}
	max_seq = memviz_lruvec_max_seq(lruvec);
	return gen == (int)(max_seq % MEMVIZ_NR_AGES) ||
	       gen == (int)((max_seq - 1) % MEMVIZ_NR_AGES);
}

/*
 * What it takes to reclaim an evictable folio (the reclaim file's classes,
 * shrink_folio_list()'s cases): a mlocked folio not yet moved to the
 * unevictable list is not reclaimable at all; a swap-backed one whose swap
 * copy is clean in the swap cache is dropped without I/O or new swap; one
 * whose memcg (or an ancestor) has no swap room left cannot be swapped
 * (mem_cgroup_get_nr_swap_pages()); the rest as file or swap-backed.
 */
static enum memviz_lru_cost cost_class(unsigned long flags, bool shmem, bool swapcache,
				       const struct lru_memcg *owner)
{
	bool dirty = flags & BIT(PG_dirty);
	bool writeback = flags & BIT(PG_writeback);

	if (flags & BIT(PG_mlocked))
		return MEMVIZ_COST_MLOCKED;
	if (flags & BIT(PG_swapbacked)) {
		if (swapcache && !dirty && !writeback)
			return MEMVIZ_COST_SWAPCACHE_CLEAN;
		if (owner && owner->noswap)
			return MEMVIZ_COST_NOSWAP;
		return shmem ? MEMVIZ_COST_SHMEM : MEMVIZ_COST_ANON;
	}
	if (writeback)
		return MEMVIZ_COST_FILE_WRITEBACK;
	return dirty ? MEMVIZ_COST_FILE_DIRTY : MEMVIZ_COST_FILE_CLEAN;
}

/*
 * Count one LRU folio whose head flags word is @flags.  Every test is on
 * that one snapshot, so a folio is classified from a single moment even
 * if its flags change under us.
 */
static void count_folio(struct lru_pass *p, struct memviz_lru_zone *lz,
			struct page *head, unsigned long flags,
			unsigned int order)
{
	unsigned long nr = 1UL << order;
	unsigned long mapping = (unsigned long)READ_ONCE(head->mapping);
	bool swapbacked = flags & BIT(PG_swapbacked);
	bool anon = mapping & MEMVIZ_MAPPING_ANON;
	bool shmem = swapbacked && mapping && !anon;
	bool dirty = flags & BIT(PG_dirty);
	bool writeback = flags & BIT(PG_writeback);
	/* PG_swapcache aliases an owner bit: valid only with swapbacked. */
	bool swapcache = swapbacked && (flags & BIT(PG_swapcache));
	const struct lru_memcg *owner = NULL;
	unsigned long *c;
	enum lru_list lru;
	int gen;

	if (flags & BIT(PG_unevictable)) {
		lru = LRU_UNEVICTABLE;
		if (p->by_memcg)
			owner = folio_owner(p, head);
		if (owner && owner->stat)
			owner->stat->unevictable += nr;
	} else {
		enum memviz_lru_cost cost;

		lru = swapbacked ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
		gen = memviz_flags_lru_gen(flags);
		if (gen >= 0 || swapbacked || p->by_memcg)
			owner = folio_owner(p, head);
		if (gen >= 0 ? mglru_active(p, owner, lz->nid, gen, nr) :
			       !!(flags & BIT(PG_active)))
			lru += LRU_ACTIVE;
		cost = cost_class(flags, shmem, swapcache, owner);
		lz->cost[cost] += nr;
		if (owner && owner->stat)
			owner->stat->cost[cost] += nr;
	}
	if (owner && owner->stat)
		owner->stat->kind[shmem ? MEMVIZ_KIND_SHMEM :
				  swapbacked ? MEMVIZ_KIND_ANON : MEMVIZ_KIND_FILE] += nr;
	else if (p->by_memcg)
		p->lru->memcg_unattributed += nr;

	c = lz->count[lru];
	c[MEMVIZ_LRU_PAGES] += nr;
	c[MEMVIZ_LRU_FOLIOS]++;
	if (dirty)
		c[MEMVIZ_LRU_DIRTY] += nr;
	if (writeback)
		c[MEMVIZ_LRU_WRITEBACK] += nr;
	if (memviz_folio_mapped_racy(head, order))
		c[MEMVIZ_LRU_MAPPED] += nr;
	if (flags & BIT(PG_referenced))
		c[MEMVIZ_LRU_REFERENCED] += nr;
	if (flags & BIT(PG_workingset))
		c[MEMVIZ_LRU_WORKINGSET] += nr;
	if (flags & BIT(PG_mlocked))
		c[MEMVIZ_LRU_MLOCKED] += nr;
	if (swapcache)
		c[MEMVIZ_LRU_SWAPCACHE] += nr;
	if (shmem)
		c[MEMVIZ_LRU_SHMEM] += nr;
	if (order)
		c[MEMVIZ_LRU_LARGE] += nr;
	if (IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) && order == HPAGE_PMD_ORDER)
		c[MEMVIZ_LRU_THP] += nr;

	p->lru->pages_counted += nr;
	p->lru->folios_counted++;
}

/*
 * Look at the page frame @pfn of @zone and return how many pfns it
 * accounts for (a free buddy block or a whole folio is skipped at once).
 * No page pointer survives this function.
 */
static unsigned long walk_pfn(struct lru_pass *p, struct memviz_lru_zone *lz,
			      struct zone *zone, unsigned long pfn, bool early)
{
	struct page *page = early ? pfn_to_page(pfn) : pfn_to_online_page(pfn);
	unsigned long flags;
	unsigned int order;

	/* NULL: offline, an invalid subsection, or ZONE_DEVICE. */
	if (!page || page_zone(page) != zone)
		return 1;

	if (PageBuddy(page)) {
		/* Unlocked, as compaction reads it: accept only sane orders. */
		order = READ_ONCE(page_private(page));
		if (order > 0 && order < MEMVIZ_NR_ORDERS &&
		    IS_ALIGNED(pfn, 1UL << order))
			return 1UL << order;
		return 1;
	}
	/* A tail is counted with its head; HVO fake heads look like heads. */
	if (PageTail(page))
		return 1;

	flags = MEMVIZ_FLAGS_WORD(page);
	order = 0;
	if (flags & BIT(PG_head)) {
		order = compound_order(page);
		/* A racing split or free can show any order: keep it sane. */
		if (order > LRU_MAX_ORDER || !IS_ALIGNED(pfn, 1UL << order))
			order = 0;
	}
	/* hugetlb folios are not on the LRU; skip them whole. */
	if (order && PageHuge(page))
		return 1UL << order;
	if (!(flags & BIT(PG_lru)))
		return 1UL << order;
	/* LRU folios are buddy-sized: anything bigger is a torn read. */
	if (order >= MEMVIZ_NR_ORDERS)
		order = 0;
	/*
	 * A hot-added section may be populated by subsection only: a torn
	 * order must not send the subpage reads (6.1's mapcounts) past it.
	 */
	if (order && !early && !pfn_to_online_page(pfn + (1UL << order) - 1))
		order = 0;
	count_folio(p, lz, page, flags, order);
	return 1UL << order;
}

/*
 * Onlining works by section, and a boot-time ("early") section's memmap
 * is valid from end to end: one check per section does what
 * pfn_to_online_page() did per pfn (a fifth of a pass).  Hot-added
 * sections can be valid only by subsection and can be ZONE_DEVICE, and a
 * boot section that ZONE_DEVICE memory later shares is marked so: they
 * keep the per-pfn check.
 */
enum lru_section { LRU_SECTION_OFFLINE, LRU_SECTION_EARLY, LRU_SECTION_HOTPLUG };

static enum lru_section section_kind(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);
	struct mem_section *ms;

	if (nr >= NR_MEM_SECTIONS)
		return LRU_SECTION_OFFLINE;
	ms = __nr_to_section(nr);
	if (!online_section(ms))
		return LRU_SECTION_OFFLINE;
	if (early_section(ms) && !online_device_section(ms))
		return LRU_SECTION_EARLY;
	return LRU_SECTION_HOTPLUG;
}

/*
 * Read the frames [@pfn, @end) of one section into @lz.  A batch runs
 * without a sleep or a preemption between the section check and the last
 * frame read: removing memory offlines its sections before it frees their
 * memmap, which a check older than that can no longer see
 * (lock_device_hotplug() and get_online_mems() are not exported).
 */
static void walk_range(struct lru_pass *p, struct memviz_lru_zone *lz,
		       struct zone *zone, unsigned long pfn, unsigned long end)
{
	enum lru_section kind;

	preempt_disable();
	kind = section_kind(pfn);
	while (pfn < end) {
		unsigned long n;

		/* A whole offline section has no usable memmap: jump it. */
		if (kind == LRU_SECTION_OFFLINE)
			n = end - pfn;
		else
			n = walk_pfn(p, lz, zone, pfn, kind == LRU_SECTION_EARLY);
		n = min(n, end - pfn);
		p->lru->pfns_scanned += n;
		pfn += n;
	}
	preempt_enable();
}

static int walk_zone_exact(struct lru_pass *p, struct memviz_lru_zone *lz,
			   struct zone *zone, unsigned long start, unsigned long end)
{
	unsigned long pfn, batch_end;

	for (pfn = start; pfn < end; pfn = batch_end) {
		batch_end = min3(end, pfn + LRU_RESCHED_PFNS, ALIGN(pfn + 1, PAGES_PER_SECTION));
		walk_range(p, lz, zone, pfn, batch_end);
		/* Long pass, no lock held: let others run, honour kill. */
		cond_resched();
		if (fatal_signal_pending(current))
			return -EINTR;
	}
	return 0;
}

/* A pageblock's figures, flattened in the order of LRU_NR_FIGURES. */
static void block_figures(const struct memviz_lru_zone *b, u64 *y)
{
	const unsigned long *c = b->cost;
	u64 clean = c[MEMVIZ_COST_FILE_CLEAN] + c[MEMVIZ_COST_SWAPCACHE_CLEAN];
	u64 swap = c[MEMVIZ_COST_ANON] + c[MEMVIZ_COST_SHMEM];
	u64 file_io = c[MEMVIZ_COST_FILE_DIRTY] + c[MEMVIZ_COST_FILE_WRITEBACK];
	unsigned int i = 0, l, k;

	for (l = 0; l < NR_LRU_LISTS; l++)
		for (k = 0; k < MEMVIZ_LRU_NR_COUNTS; k++)
			y[i++] = b->count[l][k];
	for (k = 0; k < MEMVIZ_COST_NR; k++)
		y[i++] = c[k];
	y[i + MEMVIZ_SUM_CLEAN] = clean;
	y[i + MEMVIZ_SUM_SWAP] = swap;
	y[i + MEMVIZ_SUM_FILE_IO] = file_io;
	y[i + MEMVIZ_SUM_IO] = file_io + swap;
	y[i + MEMVIZ_SUM_ALL] = clean + file_io + swap;
	y[i + MEMVIZ_SUM_ALL_NOSWAP] = clean + file_io;
	y[i + MEMVIZ_SUM_DIRECT] = clean + swap;
}

/* The standard errors from the summed variances, into @lz's *_se. */
static void zone_errors(struct memviz_lru_zone *lz, const u64 *var)
{
	unsigned int i = 0, l, k;

	for (l = 0; l < NR_LRU_LISTS; l++)
		for (k = 0; k < MEMVIZ_LRU_NR_COUNTS; k++)
			lz->count_se[l][k] = int_sqrt64(var[i++]);
	for (k = 0; k < MEMVIZ_COST_NR; k++)
		lz->cost_se[k] = int_sqrt64(var[i++]);
	for (k = 0; k < MEMVIZ_SUM_NR; k++)
		lz->sum_se[k] = int_sqrt64(var[i++]);
}

/* Read pageblock @b of the zone into s->blk and its figures into @y. */
static void read_block(struct lru_pass *p, struct zone *zone, unsigned long first,
		       unsigned long start, unsigned long end, unsigned long b, u64 *y)
{
	struct lru_sampler *s = p->sampler;
	unsigned long bs = first + b * pageblock_nr_pages;

	memset(s->blk.count, 0, sizeof(s->blk.count));
	memset(s->blk.cost, 0, sizeof(s->blk.cost));
	walk_range(p, &s->blk, zone, max(bs, start), min(bs + pageblock_nr_pages, end));
	block_figures(&s->blk, y);
}

/* Add @w times the block's figures to the zone's counts and costs. */
static void add_block(struct memviz_lru_zone *lz, const u64 *y, unsigned long w)
{
	unsigned int i = 0, l, k;

	for (l = 0; l < NR_LRU_LISTS; l++)
		for (k = 0; k < MEMVIZ_LRU_NR_COUNTS; k++)
			lz->count[l][k] += w * y[i++];
	for (k = 0; k < MEMVIZ_COST_NR; k++)
		lz->cost[k] += w * y[i++];
}

/*
 * Stratified sampling: the zone's pageblocks in runs of 2 * @n, two
 * distinct blocks drawn at random in each run (a shorter last run weighs
 * what it holds; a last run of one block is read).  A folio is counted
 * in the block of its head, so every folio belongs to one block and the
 * scaled sum is unbiased.  Two draws per run give each run's variance
 * without assumptions about how runs differ: for a run of M blocks,
 * M^2 (1 - 2/M) s^2 / 2 with s^2 = (y1 - y2)^2 / 2, summed over runs.
 * Figures are accumulated doubled (M y1 + M y2) and halved at the end.
 */
static int walk_zone_sampled(struct lru_pass *p, struct memviz_lru_zone *lz,
			     struct zone *zone, unsigned long start, unsigned long end,
			     unsigned long blocks, unsigned int n)
{
	struct lru_sampler *s = p->sampler;
	unsigned long first = ALIGN_DOWN(start, pageblock_nr_pages);
	unsigned long run = 2UL * n, runs = DIV_ROUND_UP(blocks, run), h;
	unsigned int i, l, k;

	memset(s->var, 0, sizeof(s->var));
	s->blk.nid = lz->nid;
	s->blk.zid = lz->zid;
	for (h = 0; h < runs; h++) {
		unsigned long m = min(run, blocks - h * run);
		unsigned long b1 = ((u64)get_random_u32() * m) >> 32;
		unsigned long b2 = ((u64)get_random_u32() * (m - 1)) >> 32;

		read_block(p, zone, first, start, end, h * run + b1, s->y1);
		if (m == 1) {
			add_block(lz, s->y1, 2);
			continue;
		}
		if (b2 >= b1)
			b2++;
		read_block(p, zone, first, start, end, h * run + b2, s->y2);
		add_block(lz, s->y1, m);
		add_block(lz, s->y2, m);
		for (i = 0; i < LRU_NR_FIGURES; i++) {
			u64 d = s->y1[i] > s->y2[i] ? s->y1[i] - s->y2[i] : s->y2[i] - s->y1[i];

			s->var[i] += div_u64((u64)m * (m - 2) * d * d, 4);
		}
		cond_resched();
		if (fatal_signal_pending(current))
			return -EINTR;
	}
	for (l = 0; l < NR_LRU_LISTS; l++)
		for (k = 0; k < MEMVIZ_LRU_NR_COUNTS; k++)
			lz->count[l][k] = DIV_ROUND_CLOSEST(lz->count[l][k], 2);
	for (k = 0; k < MEMVIZ_COST_NR; k++)
		lz->cost[k] = DIV_ROUND_CLOSEST(lz->cost[k], 2);
	lz->sample = n;
	zone_errors(lz, s->var);
	return 0;
}

static int walk_zone(struct lru_pass *p, struct memviz_lru_zone *lz,
		     struct zone *zone)
{
	unsigned long start, end, blocks;
	unsigned int n = p->lru->sample;
	unsigned int seq;

	/* The span moves under memory hotplug; its seqlock says when. */
	do {
		seq = zone_span_seqbegin(zone);
		start = READ_ONCE(zone->zone_start_pfn);
		end = start + READ_ONCE(zone->spanned_pages);
	} while (zone_span_seqretry(zone, seq));
	p->lru->pfns_spanned += end - start;
	lz->sample = 1;
	blocks = DIV_ROUND_UP(end - ALIGN_DOWN(start, pageblock_nr_pages), pageblock_nr_pages);
	/* Less than one run of 2N blocks: read it whole. */
	if (p->sampler && blocks >= 2UL * n)
		return walk_zone_sampled(p, lz, zone, start, end, blocks, n);
	return walk_zone_exact(p, lz, zone, start, end);
}

/*
 * The generation histogram: each lruvec's nr_pages by age (max_seq - seq),
 * so lruvecs at different max_seq add up meaningfully.  nr_pages is
 * eventually consistent and may be transiently negative: clamp, as the
 * kernel's own lru_gen debugfs file does.
 */
static void sum_generations(struct lru_pass *p)
{
	struct memviz_lru *lru = p->lru;
	unsigned int i, z;
	int type, age;

	for (z = 0; z < lru->nr; z++) {
		struct memviz_lru_zone *lz = &lru->zone[z];

		lz->mglru = memviz_lruvec_mglru_enabled(owner_lruvec(p->root, lz->nid));
		for (i = 0; i < p->mc->nr; i++) {
			struct lruvec *lruvec = owner_lruvec(&p->mc->m[i], lz->nid);
			unsigned long max_seq = memviz_lruvec_max_seq(lruvec);

			for (type = 0; type < ANON_AND_FILE; type++) {
				unsigned long min_seq = memviz_lruvec_min_seq(lruvec, type);

				for (age = 0; age < MEMVIZ_NR_AGES; age++) {
					unsigned long seq = max_seq - age;
					long n;

					if (seq < min_seq || seq > max_seq)
						break;
					n = memviz_lruvec_gen_pages(lruvec, seq % MEMVIZ_NR_AGES,
								    type, lz->zid);
					lz->gen[type][age] += max(n, 0L);
				}
			}
		}
	}
}

static unsigned int count_zones(void)
{
	unsigned int n = 0;
	struct zone *z;

	for (z = memviz_first_zone(); z; z = memviz_next_zone(z))
		n++;
	return n;
}

static int memcg_stat_cmp(const void *a, const void *b)
{
	u64 x = ((const struct memviz_lru_memcg *)a)->cgroup_id;
	u64 y = ((const struct memviz_lru_memcg *)b)->cgroup_id;

	return x < y ? -1 : x > y;
}

static struct memviz_lru *lru_pass(bool by_memcg, unsigned int sample)
{
	struct lru_pass p = {};
	unsigned int max = count_zones();
	struct memviz_lru *lru;
	struct zone *zone;
	u64 t0 = ktime_get_ns();
	int nid, ret = -ENOMEM;
	int l;

	lru = kvzalloc(struct_size(lru, zone, max), GFP_KERNEL);
	if (!lru)
		return ERR_PTR(-ENOMEM);
	lru->by_memcg = by_memcg && !mem_cgroup_disabled();
	p.by_memcg = lru->by_memcg;
	/* memcg attribution is read whole: a cgroup is too few blocks */
	lru->sample = p.by_memcg ? 1 : sample;
	if (lru->sample > 1) {
		p.sampler = kzalloc_obj(*p.sampler, GFP_KERNEL);
		if (!p.sampler)
			goto err;
	}
	p.mc = pin_memcgs(lru);
	if (!p.mc)
		goto err;
	kref_init(&lru->ref);
	p.lru = lru;
	lru->nr_memcgs = p.mc->nr;

	/* The root memcg is pinned first, so it is in the table. */
	p.root = find_memcg(&p, p.mc->root_key) ?: p.mc->m;
	for_each_online_node(nid)
		lru->nr_nodes++;

	for (zone = memviz_first_zone(); zone; zone = memviz_next_zone(zone)) {
		struct memviz_lru_zone *lz;

		if (lru->nr == max)
			break;
		lz = &lru->zone[lru->nr++];
		lz->nid = zone_to_nid(zone);
		lz->zid = zone_idx(zone);
		lz->name = zone->name;
		ret = walk_zone(&p, lz, zone);
		if (ret)
			goto err;
		for (l = 0; l < NR_LRU_LISTS; l++)
			lz->kernel[l] = zone_page_state(zone, NR_ZONE_LRU_BASE + l);
	}
	sum_generations(&p);

	unpin_memcgs(p.mc);
	if (lru->memcg_stats)	/* by cgroup id, for memviz_lru_memcg_find() */
		sort(lru->memcg_stats, lru->nr_memcg_stats, sizeof(*lru->memcg_stats),
		     memcg_stat_cmp, NULL);
	lru->taken_ns = ktime_get_ns();
	lru->elapsed_ns = lru->taken_ns - t0;
	if (lru->pfns_scanned)
		WRITE_ONCE(lru_ns_per_kpfn, div64_ul(lru->elapsed_ns * 1000, lru->pfns_scanned));
	kfree(p.sampler);
	return lru;

err:
	kfree(p.sampler);
	unpin_memcgs(p.mc);
	kvfree(lru->memcg_stats);
	kvfree(lru);
	return ERR_PTR(ret);
}

static void lru_release(struct kref *ref)
{
	struct memviz_lru *lru = container_of(ref, struct memviz_lru, ref);

	kvfree(lru->memcg_stats);
	kvfree(lru);
}

/*
 * The cache is weak: it holds no reference of its own (so nothing is left
 * to free at unload), and the last reader to drop the snapshot clears it
 * under lru_cache_lock, a spinlock held for constant work: a close() never
 * waits for a pass in progress.  Readers that overlap share one pass.
 */
static void lru_release_cached(struct kref *ref)
	__releases(&lru_cache_lock)
{
	struct memviz_lru *lru = container_of(ref, struct memviz_lru, ref);

	if (lru_cached == lru)
		lru_cached = NULL;
	spin_unlock(&lru_cache_lock);
	lru_release(ref);
}

/* A recent pass serves any reader that asked for no more than it has. */
static struct memviz_lru *lru_get(bool by_memcg, unsigned int sample)
{
	struct memviz_lru *lru;

	if (mutex_lock_killable(&lru_mutex))
		return ERR_PTR(-EINTR);
	spin_lock(&lru_cache_lock);
	lru = lru_cached;
	if (lru && (ktime_get_ns() - lru->taken_ns >= MEMVIZ_LRU_CACHE_NS ||
		    (by_memcg && !lru->by_memcg) || lru->sample > sample ||
		    !kref_get_unless_zero(&lru->ref)))
		lru = NULL;
	spin_unlock(&lru_cache_lock);
	if (!lru) {
		lru = lru_pass(by_memcg, sample);
		if (!IS_ERR(lru)) {
			spin_lock(&lru_cache_lock);
			lru_cached = lru;
			spin_unlock(&lru_cache_lock);
		}
	}
	mutex_unlock(&lru_mutex);
	return lru;
}

/**
 * memviz_lru_get() - a pass over every zone's LRU folios, shared or new
 *
 * Passes are serialized; a pass that ended less than MEMVIZ_LRU_CACHE_NS
 * ago and is still held by a reader is returned instead of a new one.
 *
 * Context: process context; sleeps (takes a mutex, allocates, yields).
 * Return: a snapshot to release with memviz_lru_put(), or an ERR_PTR:
 * -ENOMEM, or -EINTR when the reader was killed during the pass.
 */
struct memviz_lru *memviz_lru_get(void)
{
	return lru_get(false, READ_ONCE(lru_sample));
}

/**
 * memviz_lru_get_sampled() - memviz_lru_get() reading one pageblock in @sample
 * @sample: 1..MEMVIZ_LRU_SAMPLE_MAX; 1 reads every frame
 *
 * Each zone of at least two runs of @sample pageblocks is read one block
 * per run, its figures scaled up, with standard errors in *_se; smaller
 * zones are read whole.  A recent pass at least as exact is shared.
 *
 * Context and return: as memviz_lru_get().
 */
struct memviz_lru *memviz_lru_get_sampled(unsigned int sample)
{
	return lru_get(false, clamp(sample, 1U, (unsigned int)MEMVIZ_LRU_SAMPLE_MAX));
}

/* The lru_sample parameter: what memviz_lru_get() reads. */
unsigned int memviz_lru_sample_default(void)
{
	return READ_ONCE(lru_sample);
}

/* ns per 1,000 frames the last pass spent, 0 before any. */
u64 memviz_lru_ns_per_kpfn(void)
{
	return READ_ONCE(lru_ns_per_kpfn);
}

/**
 * memviz_lru_get_by_memcg() - memviz_lru_get() with every memcg's own pages
 *
 * The pass also attributes each folio to its memcg (memcg_stats): one
 * more lookup per folio, so only the memcg file asks for it; a recent
 * pass that has it serves the other files too.
 *
 * Context and return: as memviz_lru_get().
 */
struct memviz_lru *memviz_lru_get_by_memcg(void)
{
	return lru_get(true, 1);
}

/**
 * memviz_lru_memcg_find() - a by-memcg pass's counts for one memcg
 * @lru: from memviz_lru_get_by_memcg()
 * @cgroup_id: the memcg's cgroup id
 *
 * Return: its counts, or NULL (not pinned in that pass, or no attribution).
 */
const struct memviz_lru_memcg *memviz_lru_memcg_find(const struct memviz_lru *lru,
						     u64 cgroup_id)
{
	struct memviz_lru_memcg key = { .cgroup_id = cgroup_id };

	if (!lru->memcg_stats)
		return NULL;
	return bsearch(&key, lru->memcg_stats, lru->nr_memcg_stats, sizeof(key),
		       memcg_stat_cmp);
}

/**
 * memviz_lru_put() - release a snapshot from memviz_lru_get()
 * @lru: the snapshot; ERR_PTR and NULL are ignored
 *
 * Context: any process context; never waits for a pass.
 */
void memviz_lru_put(struct memviz_lru *lru)
{
	if (!IS_ERR_OR_NULL(lru))
		kref_put_lock(&lru->ref, lru_release_cached, &lru_cache_lock);
}
