// SPDX-License-Identifier: GPL-2.0
/*
 * __setup_per_zone_wmarks() in userspace, integer for integer:
 *
 *   pages_min    = min_free_kbytes >> (PAGE_SHIFT - 10)
 *   lowmem_pages = sum of managed over zones that are not highmem
 *                  (6.12: and not ZONE_MOVABLE)
 *   tmp          = (u64)pages_min * managed / lowmem_pages
 *   min          = tmp, or clamp(managed / 1024, SWAP_CLUSTER_MAX, 128)
 *                  for highmem (6.12: and ZONE_MOVABLE)
 *   d            = max(tmp >> 2, mult_frac(managed, scale_factor, 10000))
 *   low = min + d, high = low + d, promo = high + d, boost = 0
 *
 * Writing either sysctl calls setup_per_zone_wmarks() directly, which
 * resets watermark_boost: /proc/zoneinfo then shows exactly these values.
 */
#include "wmark.h"

#define SWAP_CLUSTER_MAX 32ULL

bool mv_wm_movable_is_capped(unsigned int code)
{
	/*
	 * Verified in the sources of Debian's 6.1.192 (included) and 6.12.117
	 * (excluded, page_alloc.c:6122/6132); kernels in between are taken to
	 * behave like 6.1 and are not supported.
	 */
	return code >= (6u << 16 | 12u << 8);
}

static bool is_highmem(const char *name)
{
	return name[0] == 'H' && name[1] == 'i' && name[2] == 'g' && name[3] == 'h';
}

static bool is_movable(const char *name)
{
	const char *m = "Movable";

	while (*m && *name == *m) {
		m++;
		name++;
	}
	return !*m && !*name;
}

/* include/linux/math.h mult_frac(): no overflow for large x. */
static unsigned long long mult_frac(unsigned long long x, unsigned long long n,
				    unsigned long long d)
{
	unsigned long long q = x / d, r = x % d;

	return q * n + r * n / d;
}

int mv_wm_compute(struct mv_wm_zone *z, size_t n, unsigned long long min_free_kbytes,
		  unsigned long long scale_factor, long page_size, bool movable_capped)
{
	unsigned long long lowmem = 0, pages_min;
	unsigned int shift = 0;
	size_t i;

	while ((1L << shift) < page_size)
		shift++;
	pages_min = min_free_kbytes >> (shift - 10);
	for (i = 0; i < n; i++)
		if (!is_highmem(z[i].name) && !(movable_capped && is_movable(z[i].name)))
			lowmem += z[i].managed;
	if (!lowmem)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned long long tmp = pages_min * z[i].managed / lowmem, d, m;

		if (is_highmem(z[i].name) || (movable_capped && is_movable(z[i].name))) {
			m = z[i].managed / 1024;
			if (m < SWAP_CLUSTER_MAX)
				m = SWAP_CLUSTER_MAX;
			if (m > 128)
				m = 128;
			z[i].min = m;
		} else {
			z[i].min = tmp;
		}
		d = mult_frac(z[i].managed, scale_factor, 10000);
		if (tmp >> 2 > d)
			d = tmp >> 2;
		z[i].low = z[i].min + d;
		z[i].high = z[i].low + d;
		z[i].promo = z[i].high + d;
	}
	return 0;
}
