/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's __setup_per_zone_wmarks(), reproduced: the min/low/high/
 * promo marks every zone gets for a given min_free_kbytes and
 * watermark_scale_factor (mm/page_alloc.c, 6.1:8719 and 6.12:6113).
 */
#ifndef MEMVIZ_WMARK_H
#define MEMVIZ_WMARK_H

#include <stdbool.h>
#include <stddef.h>

struct mv_wm_zone {
	const char *name;		/* kernel zone name: "DMA", "Normal", "Movable"... */
	unsigned long long managed;	/* zone_managed_pages() */
	unsigned long long min, low, high, promo;	/* out, boost 0 */
};

/*
 * True when the kernel leaves ZONE_MOVABLE out of lowmem_pages and caps its
 * min like highmem's: Debian's 6.12 does, 6.1 does not.  @code is
 * mv_kernel_code() of the release.
 */
bool mv_wm_movable_is_capped(unsigned int code);

/* Returns -1 when no zone counts as lowmem (the kernel would divide by 0). */
int mv_wm_compute(struct mv_wm_zone *z, size_t n, unsigned long long min_free_kbytes,
		  unsigned long long scale_factor, long page_size, bool movable_capped);

/* The sysctls' accepted ranges (proc_dointvec_minmax extra1/extra2). */
#define MV_MIN_FREE_KBYTES_MIN 0LL
#define MV_MIN_FREE_KBYTES_MAX 2147483647LL
#define MV_WSF_MIN 1LL
#define MV_WSF_MAX 3000LL

#endif /* MEMVIZ_WMARK_H */
