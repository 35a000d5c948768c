/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Report tables more than one command shows: the zones, the OOM ranking,
 * the vm sysctls.  Each is built in the file of the command that owns it.
 */
#ifndef MEMVIZ_VIEWS_H
#define MEMVIZ_VIEWS_H

#include "output.h"
#include "counters.h"
#include "tasks.h"
#include "zoneset.h"

/* cmd_zones.c: the columns every table of zones starts with. */
extern const char *const mv_zone_cols[];
/* cmd_zones.c: the zones from /proc/zoneinfo. */
struct mv_otab *mv_zones_table(struct mv_report *r, const struct mv_zoneset *zs);
/* cmd_oom.c: the ranking, at most @top rows (0 = all). */
struct mv_otab *mv_oom_table(struct mv_report *r, const struct mv_tasks *ts, size_t top,
			     const char *name);
/* cmd_summary.c: the vm sysctls that bear on reclaim and OOM. */
struct mv_otab *mv_sysctl_table(struct mv_report *r);
bool mv_sysctl_value(const char *name, long long *v);
/* cmd_watch.c: /proc/vmstat's reclaim counters: totals (table "vm"), and with
 * a second reading @b the rates between the two (table "rates"). */
struct mv_otab;
void mv_vm_tables(struct mv_report *r, const struct mv_counters *a, const struct mv_counters *b,
		  long long sample);

#endif /* MEMVIZ_VIEWS_H */
