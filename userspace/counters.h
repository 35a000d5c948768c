/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reclaim and OOM event counters from /proc/vmstat, and per-node facts
 * (kswapd, LRU and dirty pages) from the nodes file or /proc/zoneinfo:
 * what watch, summary and explain turn into rates and sentences.
 */
#ifndef MEMVIZ_COUNTERS_H
#define MEMVIZ_COUNTERS_H

#include <stdbool.h>
#include "zoneset.h"

struct mv_counters {
	bool ok;
	double t;	/* monotonic seconds */
	long long pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
	long long allocstall, refault, oom_kill, pswpin, pswpout, compact_stall;
};

int mv_counters_read(struct mv_counters *c);
/* kswapdN's pid and state letter (R, S, D...) from /proc; 0 if not found or offline. */
int mv_kswapd_proc(int node, char *state);
double mv_now(void);

struct mv_nodefacts {
	int node;
	long long managed, free;
	long long anon, file, dirty, writeback, shmem, slab_reclaimable, unevictable;
	char kswapd_state[16];		/* "" unknown */
	long long kswapd_failures;	/* -1 unknown */
	int balanced, unreclaimable;	/* -1 unknown, else 0/1 */
};

/*
 * Per node, from the nodes file when loaded, else zoneinfo's node stats.
 * -1 with @err when the nodes file is there and does not load.
 */
int mv_nodefacts_load(const struct mv_zoneset *zs, struct mv_nodefacts *nf, int max,
		      bool *from_module, char *err, size_t errlen);

#endif /* MEMVIZ_COUNTERS_H */
