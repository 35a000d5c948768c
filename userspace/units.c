// SPDX-License-Identifier: GPL-2.0
/*
 * Human units.  One decimal below 10 of a unit, none above, so widths stay
 * small and a column of sizes reads at a glance; the unit is chosen after
 * rounding, so a value never shows as 1024 of one unit or 10.0 of another.
 */
#include <limits.h>
#include <stdio.h>
#include "units.h"

const char *mv_human_kb(char *buf, size_t len, long long kb)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned long long a = kb < 0 ? 0ULL - (unsigned long long)kb : (unsigned long long)kb;
	const char *sign = kb < 0 ? "-" : "";
	double v = (double)a;
	unsigned int u = 0;

	if (a < 1024) {
		snprintf(buf, len, "%s%lluKiB", sign, a);
		return buf;
	}
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	/*
	 * Round first, then pick the unit: 1023.6 MiB prints as 1.0GiB, not
	 * 1024MiB, and 9.96 MiB as 10MiB, not 10.0MiB.
	 */
	if (v < 10 && (double)(long long)(v * 10 + 0.5) / 10 < 10) {
		snprintf(buf, len, "%s%.1f%s", sign, v, unit[u]);
	} else if ((long long)(v + 0.5) >= 1024 && u < 4) {
		snprintf(buf, len, "%s%.1f%s", sign, v / 1024, unit[u + 1]);
	} else {
		snprintf(buf, len, "%s%.0f%s", sign, v, unit[u]);
	}
	return buf;
}

long long mv_pages_kb(long long pages, long page_size)
{
	long long kb;

	/* a memcg's "no limit" is 2^51 pages: saturate, never overflow */
	if (__builtin_mul_overflow(pages, (long long)(page_size / 1024), &kb))
		return pages < 0 ? LLONG_MIN : LLONG_MAX;
	return kb;
}

const char *mv_human_pages(char *buf, size_t len, long long pages, long page_size)
{
	return mv_human_kb(buf, len, mv_pages_kb(pages, page_size));
}

long long mv_pct(long long part, long long whole)
{
	return whole ? part * 100 / whole : 0;
}
