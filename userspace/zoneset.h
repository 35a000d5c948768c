/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zones every command looks at, with their sizes, free pages and
 * watermarks: from the module's zones file when it is there, else from
 * /proc/zoneinfo (fewer facts, but the same marks).  Also the per-node
 * counters zoneinfo prints, for when the nodes file is missing.
 */
#ifndef MEMVIZ_ZONESET_H
#define MEMVIZ_ZONESET_H

#include <stdbool.h>
#include <stddef.h>
#include "table.h"

#define MV_NO_VALUE (-1LL)

struct mv_zone {
	int node;
	char name[16];
	long long managed, present, spanned, free;
	long long min, low, high, promo;	/* boost included; promo -1 if absent */
	long long boost;
	long long unusable;			/* -1 without the module */
	long long inactive_anon, active_anon, inactive_file, active_file;
	long long unevictable, write_pending;
	char state[8];				/* ok/high/low/min, free vs the marks */
};

struct mv_zoneset {
	size_t n;
	struct mv_zone *z;
	bool from_module;
	char *kernel;
	long page_size;
	struct mv_doc doc;			/* the zones file, when from_module */
	/* zoneinfo's per-node stats: name/value pairs per node, fallback only */
	size_t nnode_stats;
	struct mv_node_stat { int node; char *name; long long v; } *node_stats;
};

/* 0 on success; @note says where the data came from or why not. */
int mv_zoneset_load(struct mv_zoneset *zs, char *note, size_t notelen);
int mv_zoneset_from_zoneinfo(struct mv_zoneset *zs, const char *buf);
void mv_zoneset_free(struct mv_zoneset *zs);
const char *mv_wmark_state(long long free, long long min, long long low, long long high);
bool mv_node_stat(const struct mv_zoneset *zs, int node, const char *name, long long *v);
int mv_zoneset_nodes(const struct mv_zoneset *zs, int *nodes, int max);

#endif /* MEMVIZ_ZONESET_H */
