/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz compat: every difference between the supported kernels (the lines
 * of selftests/vm/lines.conf: Debian 6.1, 6.12 and 6.12-rt, 7.3 and
 * 7.3-rt, sid's 7.2) lives here and nowhere else.  Force-included by
 * Kbuild into every object.
 *
 * Keyed on features, not on LINUX_VERSION_CODE: Debian's stable kernels
 * carry backports (nr_free_highatomic in 6.12.117, get_mm_counter_sum)
 * that a version number cannot tell.  Kbuild probes the headers of the
 * kernel being built against and passes MEMVIZ_PROBE_* facts; only this
 * file reads them, turning them into MEMVIZ_HAVE_* and memviz_* helpers.
 * Kbuild also refuses kernels older than 6.1.
 */
#ifndef _MEMVIZ_COMPAT_H
#define _MEMVIZ_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

/*
 * 7.x's typed allocator for one object, which its checkpatch asks for
 * over kzalloc(sizeof(*p)); the same thing on kernels without it.
 */
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp) kzalloc(sizeof(obj), gfp)
#endif

/*
 * Number of buddy orders.  MAX_ORDER was exclusive until 6.4, inclusive
 * after, then renamed MAX_PAGE_ORDER in 6.8; the array never lies.
 */
#define MEMVIZ_NR_ORDERS ARRAY_SIZE(((struct zone *)NULL)->free_area)

/*
 * Zone indexes an allocation can name as its highest zone (the classes
 * of lowmem_reserve, ALLOCSTALL_<zone>, the watermark check): every index
 * below ZONE_DEVICE.  ZONE_DEVICE, the last index when configured, holds
 * only driver-owned pages no gfp mask ever reaches.
 */
#ifdef CONFIG_ZONE_DEVICE
#define MEMVIZ_NR_ALLOC_ZONES ZONE_DEVICE
#else
#define MEMVIZ_NR_ALLOC_ZONES MAX_NR_ZONES
#endif

/*
 * Free pages an ordinary (no ALLOC_RESERVES/ALLOC_HARDER) allocation may
 * not use: the highatomic reserve.  Upstream 6.12 (and Debian's 6.12.117
 * backport) subtract what is actually free in highatomic blocks; 6.1
 * subtracts the whole reservation.
 */
#ifdef MEMVIZ_PROBE_NR_FREE_HIGHATOMIC
#define MEMVIZ_HAVE_NR_FREE_HIGHATOMIC 1
static inline unsigned long memviz_zone_free_highatomic(struct zone *z)
{
	return READ_ONCE(z->nr_free_highatomic);
}
#else
#define MEMVIZ_HAVE_NR_FREE_HIGHATOMIC 0
static inline unsigned long memviz_zone_free_highatomic(struct zone *z)
{
	return 0;
}
#endif

static inline unsigned long memviz_zone_highatomic_unusable(struct zone *z)
{
	if (MEMVIZ_HAVE_NR_FREE_HIGHATOMIC)
		return memviz_zone_free_highatomic(z);
	return READ_ONCE(z->nr_reserved_highatomic);
}

/* Free CMA pages are unusable to non-movable allocations. */
static inline unsigned long memviz_zone_free_cma(struct zone *z)
{
#ifdef CONFIG_CMA
	return zone_page_state(z, NR_FREE_CMA_PAGES);
#else
	return 0;
#endif
}

/* kswapd_failures becomes atomic_t in 6.18 (e7a5f249e6db). */
#ifdef MEMVIZ_PROBE_ATOMIC_KSWAPD_FAILURES
#define MEMVIZ_KSWAPD_FAILURES(pgdat) atomic_read(&(pgdat)->kswapd_failures)
#else
#define MEMVIZ_KSWAPD_FAILURES(pgdat) READ_ONCE((pgdat)->kswapd_failures)
#endif

/*
 * MAX_RECLAIM_RETRIES lives in mm/internal.h (private): a node whose
 * kswapd failed this many times in a row is "unreclaimable" (16 on every
 * kernel memviz supports).
 */
#define MEMVIZ_MAX_RECLAIM_RETRIES 16

/*
 * Free pages in free blocks of at least pageblock order (6.15): what
 * vm.defrag_mode makes kswapd balance at order > 0.  -1: not counted.
 */
#ifdef MEMVIZ_PROBE_NR_FREE_PAGES_BLOCKS
#define MEMVIZ_HAVE_NR_FREE_PAGES_BLOCKS 1
#define MEMVIZ_NR_FREE_PAGES_BLOCKS NR_FREE_PAGES_BLOCKS
#else
#define MEMVIZ_HAVE_NR_FREE_PAGES_BLOCKS 0
#define MEMVIZ_NR_FREE_PAGES_BLOCKS NR_FREE_PAGES
#endif

/* Zone vmstat items that only some kernels have. */
#if defined(MEMVIZ_PROBE_NR_UNACCEPTED) && defined(CONFIG_UNACCEPTED_MEMORY)
#define MEMVIZ_HAVE_NR_UNACCEPTED 1
#define MEMVIZ_NR_UNACCEPTED NR_UNACCEPTED
#else
#define MEMVIZ_HAVE_NR_UNACCEPTED 0
#define MEMVIZ_NR_UNACCEPTED 0
#endif

/* ==== LRU, MGLRU, memcg and vm events (module/lru.c, module/reclaim.c) ==== */

#include <linux/memcontrol.h>
#include <linux/vm_event_item.h>

/* A page's flags word, read once: 6.18 wraps it in memdesc_flags_t. */
#ifdef MEMVIZ_PROBE_MEMDESC_FLAGS
#define MEMVIZ_FLAGS_WORD(page) READ_ONCE((page)->flags.f)
#else
#define MEMVIZ_FLAGS_WORD(page) READ_ONCE((page)->flags)
#endif

/*
 * The low bit of folio->mapping that says "anon_vma, not address_space":
 * PAGE_MAPPING_ANON until 6.18, then FOLIO_MAPPING_ANON (same value).
 */
#ifdef MEMVIZ_PROBE_FOLIO_MAPPING_ANON
#define MEMVIZ_MAPPING_ANON FOLIO_MAPPING_ANON
#else
#define MEMVIZ_MAPPING_ANON PAGE_MAPPING_ANON
#endif

/*
 * MGLRU state, read locklessly (the kernel's own lru_gen debugfs does):
 * a folio's generation from its flags word (-1: not on an MGLRU list),
 * and a lruvec's sequence numbers, per-generation sizes and on/off flag.
 * lru_gen_enabled() tests a static key that is not exported.
 */
#ifdef CONFIG_LRU_GEN
#define MEMVIZ_HAVE_LRU_GEN 1
static inline int memviz_flags_lru_gen(unsigned long flags)
{
	return (int)((flags & LRU_GEN_MASK) >> LRU_GEN_PGOFF) - 1;
}

static inline unsigned long memviz_lruvec_max_seq(struct lruvec *lruvec)
{
	return READ_ONCE(lruvec->lrugen.max_seq);
}

static inline unsigned long memviz_lruvec_min_seq(struct lruvec *lruvec, int type)
{
	return READ_ONCE(lruvec->lrugen.min_seq[type]);
}

static inline long memviz_lruvec_gen_pages(struct lruvec *lruvec, int gen,
					   int type, int zid)
{
	return READ_ONCE(lruvec->lrugen.nr_pages[gen][type][zid]);
}

static inline bool memviz_lruvec_mglru_enabled(struct lruvec *lruvec)
{
	return READ_ONCE(lruvec->lrugen.enabled);
}
#else
#define MEMVIZ_HAVE_LRU_GEN 0
static inline int memviz_flags_lru_gen(unsigned long flags) { return -1; }
static inline unsigned long memviz_lruvec_max_seq(struct lruvec *lruvec) { return 0; }
static inline unsigned long memviz_lruvec_min_seq(struct lruvec *lruvec, int type)
{
	return 1;	/* above max_seq: no generation to count */
}

static inline long memviz_lruvec_gen_pages(struct lruvec *lruvec, int gen,
					   int type, int zid)
{
	return 0;
}

static inline bool memviz_lruvec_mglru_enabled(struct lruvec *lruvec) { return false; }
#endif

/*
 * A folio's memcg as a number to compare, never to dereference (a folio
 * without a reference can be uncharged and its memcg freed).  Words with
 * MEMCG_DATA_* flag bits set (kmem objcg, slab obj_exts) are odd and so
 * never equal a memcg pointer.
 */
#ifdef CONFIG_MEMCG
static inline unsigned long memviz_page_memcg_key(struct page *page)
{
	unsigned long key;

	/*
	 * 7.x charges folios to an obj_cgroup (memcg_data holds it, and
	 * objcg->memcg follows reparenting); before, memcg_data held the
	 * memcg.  page_memcg_check() resolves either without a reference
	 * (objcgs are freed after RCU), as page_cgroup_ino() does for
	 * /proc/kpagecgroup.
	 */
	rcu_read_lock();
	key = (unsigned long)page_memcg_check(page);
	rcu_read_unlock();
	return key;
}

static inline struct lruvec *memviz_memcg_lruvec(struct mem_cgroup *memcg, int nid)
{
	return &memcg->nodeinfo[nid]->lruvec;
}
#else
static inline unsigned long memviz_page_memcg_key(struct page *page) { return 0; }

static inline struct lruvec *memviz_memcg_lruvec(struct mem_cgroup *memcg, int nid)
{
	return &NODE_DATA(nid)->__lruvec;
}
#endif

/*
 * Is a folio mapped, read without a reference (racy, memory-safe: @order
 * is the caller's clamped, alignment-checked order, so every struct page
 * read lies inside the folio's own section).  6.11 keeps one large
 * mapcount; 6.1 needs the entire mapcount and every subpage's.
 */
static inline bool memviz_folio_mapped_racy(struct page *head, unsigned int order)
{
	if (!order)
		return atomic_read(&head->_mapcount) >= 0;
#ifdef MEMVIZ_PROBE_LARGE_MAPCOUNT
	return atomic_read(&((struct folio *)head)->_large_mapcount) >= 0;
#else
	{
		unsigned long i;

		if (atomic_read(folio_mapcount_ptr((struct folio *)head)) >= 0)
			return true;
		for (i = 0; i < (1UL << order); i++)
			if (atomic_read(&head[i]._mapcount) >= 0)
				return true;
		return false;
	}
#endif
}

/*
 * The reclaim scan and steal counters /proc/vmstat shows as pgscan_<who>,
 * pgsteal_<who>, pgscan_anon/file and pgsteal_anon/file.  Until 7.x they
 * are vm events (all_vm_events() indexes), counted for global reclaim
 * only; 7.x makes them node (lruvec) stats and counts memcg reclaim too:
 * limit and high reclaim as direct, memory.reclaim as proactive
 * (reclaimer_offset(), mm/vmscan.c).  khugepaged's reclaim has counters
 * of its own since 6.2 (57e9cc50f4dd; before, the kernel counts it as
 * direct), memory.reclaim since 6.15.  memviz_reclaim_counter() reads one
 * by its item, -1 where absent; @events is the all_vm_events() array.
 */
#ifdef MEMVIZ_PROBE_PGSCAN_NODE_STAT
#define MEMVIZ_RECLAIM_COUNTERS_IN_NODE_STATS 1
static inline long memviz_reclaim_counter(const unsigned long *events, int item)
{
	return item < 0 ? -1 : (long)global_node_page_state(item);
}
#else
#define MEMVIZ_RECLAIM_COUNTERS_IN_NODE_STATS 0
static inline long memviz_reclaim_counter(const unsigned long *events, int item)
{
	return item < 0 ? -1 : (long)events[item];
}
#endif
#ifdef MEMVIZ_PROBE_PGSCAN_KHUGEPAGED
#define MEMVIZ_EV_PGSCAN_KHUGEPAGED	PGSCAN_KHUGEPAGED
#define MEMVIZ_EV_PGSTEAL_KHUGEPAGED	PGSTEAL_KHUGEPAGED
#else
#define MEMVIZ_EV_PGSCAN_KHUGEPAGED	(-1)
#define MEMVIZ_EV_PGSTEAL_KHUGEPAGED	(-1)
#endif
#ifdef MEMVIZ_PROBE_PGSCAN_PROACTIVE
#define MEMVIZ_EV_PGSCAN_PROACTIVE	PGSCAN_PROACTIVE
#define MEMVIZ_EV_PGSTEAL_PROACTIVE	PGSTEAL_PROACTIVE
#else
#define MEMVIZ_EV_PGSCAN_PROACTIVE	(-1)
#define MEMVIZ_EV_PGSTEAL_PROACTIVE	(-1)
#endif
#ifdef CONFIG_COMPACTION
#define MEMVIZ_EV_COMPACTSTALL		COMPACTSTALL
#define MEMVIZ_EV_COMPACTFAIL		COMPACTFAIL
#define MEMVIZ_EV_COMPACTSUCCESS	COMPACTSUCCESS
#else
#define MEMVIZ_EV_COMPACTSTALL		(-1)
#define MEMVIZ_EV_COMPACTFAIL		(-1)
#define MEMVIZ_EV_COMPACTSUCCESS	(-1)
#endif

/* ==== end LRU section ==== */

/* ==== OOM section (module/oom.c) ==== */

/* mm->flags becomes mm_flags_t, tested with mm_flags_test(), in 6.18. */
#ifdef MEMVIZ_PROBE_MM_FLAGS_TEST
#define memviz_mm_flag_test(mm, bit) mm_flags_test(bit, mm)
#else
#define memviz_mm_flag_test(mm, bit) test_bit(bit, &(mm)->flags)
#endif

/*
 * The rss reads oom_badness() makes, and how far they may be from the
 * exact counts /proc/PID/status shows.  Since 6.2 the rss counters are
 * percpu_counters and get_mm_counter() reads only the shared part: each
 * online CPU may hold up to percpu_counter_batch pages more.  On 6.1 both
 * read the same mm atomics, so they agree exactly.  From 6.18 (5898aa8f9a0b
 * "mm: fix OOM killer inaccuracy on large many-core systems", which adds
 * get_mm_rss_sum()) oom_badness(), the task dump and the "Killed process"
 * line sum every CPU's part: exact again, and so is memviz.
 */
#if defined(MEMVIZ_PROBE_GET_MM_RSS_SUM)
#define MEMVIZ_OOM_RSS_READ "exact_sum"
#define memviz_oom_mm_counter(mm, member) get_mm_counter_sum(mm, member)
static inline unsigned long memviz_rss_slack(void)
{
	return 0;
}
#elif defined(MEMVIZ_PROBE_PERCPU_RSS)
#define MEMVIZ_OOM_RSS_READ "percpu_approx"
#define memviz_oom_mm_counter(mm, member) get_mm_counter(mm, member)
static inline unsigned long memviz_rss_slack(void)
{
	return (unsigned long)percpu_counter_batch * num_online_cpus();
}
#else
#define MEMVIZ_OOM_RSS_READ "atomic"
#define memviz_oom_mm_counter(mm, member) get_mm_counter(mm, member)
static inline unsigned long memviz_rss_slack(void)
{
	return 0;
}
#endif

/* ==== end OOM section ==== */

/* ==== OOM events section (module/oom_events.c) ==== */

/*
 * The mark_victim tracepoint's arguments (after the probe's data pointer)
 * and how its probe finds the victim.  Upstream 6.1 passes only the pid;
 * later kernels, and Debian's 6.1.192 by backport, pass the task and its
 * uid: Kbuild reads include/trace/events/oom.h.  Either way the probe
 * runs with the victim's task_lock() held; the pid lookup needs RCU.
 */
#ifdef MEMVIZ_PROBE_MARK_VICTIM_TASK
#define MEMVIZ_TP_MARK_VICTIM_PROTO	struct task_struct *memviz_victim, uid_t memviz_uid
#define memviz_tp_mark_victim_task()	(memviz_victim)
#else
#define MEMVIZ_TP_MARK_VICTIM_PROTO	int memviz_victim_pid
#define memviz_tp_mark_victim_task()	\
	pid_task(find_pid_ns(memviz_victim_pid, &init_pid_ns), PIDTYPE_PID)
#endif

/* ==== end OOM events section ==== */

/* ==== activity section (module/activity.c) ==== */

/*
 * Probe prototypes of the tracepoints module/activity.c attaches to
 * (tracepoint arguments after the probe's data pointer).  They are the
 * same in 6.1 and 6.12; should a kernel change one, the build fails in
 * memviz_activity_typecheck() (register_trace_<name>() is typed), never
 * at run time, and the new prototype goes here behind a Kbuild probe.
 */
#define MEMVIZ_TP_WAKEUP_KSWAPD_PROTO	int nid, int zid, int order, gfp_t gfp_flags
#define MEMVIZ_TP_KSWAPD_WAKE_PROTO	int nid, int zid, int order
#define MEMVIZ_TP_KSWAPD_SLEEP_PROTO	int nid
#define MEMVIZ_TP_SHRINK_INACTIVE_PROTO	int nid, unsigned long nr_scanned,	\
	unsigned long nr_reclaimed, struct reclaim_stat *stat, int priority,	\
	int file
#define MEMVIZ_TP_SHRINK_ACTIVE_PROTO	int nid, unsigned long nr_taken,	\
	unsigned long nr_active, unsigned long nr_deactivated,		\
	unsigned long nr_referenced, int priority, int file
#define MEMVIZ_TP_RETRY_ZONE_PROTO	struct zoneref *zoneref, int order,	\
	unsigned long reclaimable, unsigned long available,		\
	unsigned long min_wmark, int no_progress_loops, bool wmark_check
#define MEMVIZ_TP_COMPACT_RETRY_PROTO	int order,				\
	enum compact_priority priority, enum compact_result result,	\
	int retries, int max_retries, bool ret

/*
 * The reclaim begin/end tracepoints (direct, memcg limit, memcg soft
 * limit).  7.x swaps the begin arguments and adds to both the memcg being
 * reclaimed (NULL for direct reclaim), which the events record as
 * mem_cgroup_id(): that is the cgroup id exactly, the attribution older
 * kernels cannot give.  memviz_tp_reclaim_memcg() is that memcg inside a
 * probe, NULL where the kernel does not say.
 */
#ifdef MEMVIZ_PROBE_RECLAIM_TP_MEMCG
#define MEMVIZ_HAVE_RECLAIM_TP_MEMCG	1
#define MEMVIZ_TP_RECLAIM_BEGIN_PROTO	gfp_t gfp_flags, int order,	\
	struct mem_cgroup *memviz_tp_memcg
#define MEMVIZ_TP_RECLAIM_END_PROTO	unsigned long nr_reclaimed,	\
	struct mem_cgroup *memviz_tp_memcg
#define memviz_tp_reclaim_memcg()	(memviz_tp_memcg)
#else
#define MEMVIZ_HAVE_RECLAIM_TP_MEMCG	0
#define MEMVIZ_TP_RECLAIM_BEGIN_PROTO	int order, gfp_t gfp_flags
#define MEMVIZ_TP_RECLAIM_END_PROTO	unsigned long nr_reclaimed
#define memviz_tp_reclaim_memcg()	((struct mem_cgroup *)NULL)
#endif

/*
 * khugepaged's reclaim has its own vm events (PGSCAN_KHUGEPAGED) since
 * 6.2; before, the kernel counts it as direct reclaim, and so does
 * memviz.  current_is_khugepaged() is not exported: khugepaged is the
 * kernel thread of that name (a kernel thread's comm cannot be changed
 * from user space: /proc/PID/comm writes are same-thread-group only).
 */
#ifdef MEMVIZ_PROBE_PGSCAN_KHUGEPAGED
#define MEMVIZ_HAVE_KHUGEPAGED_RECLAIMER 1
#else
#define MEMVIZ_HAVE_KHUGEPAGED_RECLAIMER 0
#endif

/* ==== end activity section ==== */

/* ==== orders section (module/orders.c) ==== */

/*
 * The order proactive compaction scores fragmentation at
 * (COMPACTION_HPAGE_ORDER, mm/compaction.c): the THP order, else
 * hugetlb's, else a PMD's.
 */
#if defined CONFIG_TRANSPARENT_HUGEPAGE
#define MEMVIZ_COMPACTION_HPAGE_ORDER HPAGE_PMD_ORDER
#elif defined CONFIG_HUGETLBFS
#define MEMVIZ_COMPACTION_HPAGE_ORDER HUGETLB_PAGE_ORDER
#else
#define MEMVIZ_COMPACTION_HPAGE_ORDER (PMD_SHIFT - PAGE_SHIFT)
#endif

/*
 * Compaction's per-zone deferral and cursors, and kcompactd's per-node
 * request, exist only with CONFIG_COMPACTION; every word is read once
 * (the kernel updates them without a lock readers could take).
 */
#ifdef CONFIG_COMPACTION
#define MEMVIZ_HAVE_COMPACTION 1
static inline void memviz_zone_compact_state(struct zone *z, bool *have,
					     unsigned int *considered,
					     unsigned int *defer_shift,
					     int *order_failed, unsigned long *pfns,
					     bool *blockskip_flush)
{
	*have = true;
	*considered = READ_ONCE(z->compact_considered);
	*defer_shift = READ_ONCE(z->compact_defer_shift);
	*order_failed = READ_ONCE(z->compact_order_failed);
	pfns[0] = READ_ONCE(z->compact_cached_free_pfn);
	pfns[1] = READ_ONCE(z->compact_cached_migrate_pfn[0]);
	pfns[2] = READ_ONCE(z->compact_cached_migrate_pfn[1]);
	pfns[3] = READ_ONCE(z->compact_init_migrate_pfn);
	pfns[4] = READ_ONCE(z->compact_init_free_pfn);
	*blockskip_flush = READ_ONCE(z->compact_blockskip_flush);
}

/* The thread's pointer is compared, never dereferenced (hot-remove frees it). */
static inline bool memviz_kcompactd_exists(struct pglist_data *pgdat)
{
	return !!READ_ONCE(pgdat->kcompactd);
}

static inline bool memviz_kcompactd_waiting(struct pglist_data *pgdat)
{
	return wq_has_sleeper(&pgdat->kcompactd_wait);
}

static inline void memviz_kcompactd_request(struct pglist_data *pgdat, int *max_order,
					    int *highest_zoneidx, bool *proactive)
{
	*max_order = READ_ONCE(pgdat->kcompactd_max_order);
	*highest_zoneidx = READ_ONCE(pgdat->kcompactd_highest_zoneidx);
	*proactive = READ_ONCE(pgdat->proactive_compact_trigger);
}
#else
#define MEMVIZ_HAVE_COMPACTION 0
static inline void memviz_zone_compact_state(struct zone *z, bool *have,
					     unsigned int *considered,
					     unsigned int *defer_shift,
					     int *order_failed, unsigned long *pfns,
					     bool *blockskip_flush)
{
	*have = false;
}

static inline bool memviz_kcompactd_exists(struct pglist_data *pgdat) { return false; }
static inline bool memviz_kcompactd_waiting(struct pglist_data *pgdat) { return false; }
static inline void memviz_kcompactd_request(struct pglist_data *pgdat, int *max_order,
					    int *highest_zoneidx, bool *proactive)
{
	*max_order = -1;
	*highest_zoneidx = -1;
	*proactive = false;
}
#endif

/* ==== end orders section ==== */

#endif /* _MEMVIZ_COMPAT_H */
