/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Human units: pages and KiB as KiB/MiB/GiB/TiB, short and without spaces
 * so that a formatted value is still one field of a table.
 */
#ifndef MEMVIZ_UNITS_H
#define MEMVIZ_UNITS_H

#include <stddef.h>

/* Writes e.g. "512KiB", "7.8MiB", "123MiB", "-1.5GiB" into @buf. */
const char *mv_human_kb(char *buf, size_t len, long long kb);
const char *mv_human_pages(char *buf, size_t len, long long pages, long page_size);
/* pages -> KiB for the given page size. */
long long mv_pages_kb(long long pages, long page_size);
/* 100 * part / whole, 0 when whole is 0. */
long long mv_pct(long long part, long long whole);

#endif /* MEMVIZ_UNITS_H */
