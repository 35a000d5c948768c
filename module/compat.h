/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz compat: every difference between the supported kernels (Debian
 * 6.1 and 6.12, and 6.12-rt) lives here and nowhere else.  Force-included
 * by Kbuild into every object.  Facts that LINUX_VERSION_CODE cannot tell
 * (Debian backports) come from the header probes in Kbuild as
 * MEMVIZ_PROBE_* and are turned into MEMVIZ_HAVE_* or helpers here.
 */
#ifndef _MEMVIZ_COMPAT_H
#define _MEMVIZ_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/vmstat.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "memviz supports Linux 6.1 and later"
#endif

/* Number of buddy orders: MAX_ORDER was exclusive until 6.4, renamed in 6.8. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define MEMVIZ_NR_ORDERS NR_PAGE_ORDERS
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define MEMVIZ_NR_ORDERS (MAX_ORDER + 1)
#else
#define MEMVIZ_NR_ORDERS MAX_ORDER
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
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
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

/* Zone vmstat items that only some kernels have. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0) && defined(CONFIG_UNACCEPTED_MEMORY)
#define MEMVIZ_HAVE_NR_UNACCEPTED 1
#define MEMVIZ_NR_UNACCEPTED NR_UNACCEPTED
#else
#define MEMVIZ_HAVE_NR_UNACCEPTED 0
#define MEMVIZ_NR_UNACCEPTED 0
#endif

#endif /* _MEMVIZ_COMPAT_H */
