/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's orders file (per zone and buddy order: free blocks, extfrag
 * indexes, the allocator's check at that order, compaction's deferral)
 * joined with the zones file's reserves and unusable pages, for `memviz
 * frag`, `memviz whatif alloc` and explain's high-order sentences.
 */
#ifndef MEMVIZ_ORDERSET_H
#define MEMVIZ_ORDERSET_H

#include <stdbool.h>
#include <stddef.h>
#include "table.h"

#define MV_MAX_ORDERS 16
#define MV_MAX_CLASSES 8

enum mv_ocheck { MV_OC_NA = -1, MV_OC_OK, MV_OC_FREE, MV_OC_ORDER };

struct mv_ozone {
	int node;
	char name[16];
	int zid;			/* position among the classes, -1 unknown */
	int nord;
	long long free_blocks[MV_MAX_ORDERS];
	long long usable[MV_MAX_ORDERS];	/* usable_free */
	long long unusable_idx[MV_MAX_ORDERS];
	bool block[MV_MAX_ORDERS];
	char types[MV_MAX_ORDERS][8];	/* free_types */
	enum mv_ocheck check[3][MV_MAX_ORDERS];	/* min, low, high for its own class */
	int deferred[MV_MAX_ORDERS];	/* compact_deferred: 1, 0, -1 '-' */
	long long considered, defer_shift, order_failed;	/* -1: '-' */
	/* from the zones file, -1 when it is missing */
	long long mark[3];		/* min, low, high */
	long long reserve[MV_MAX_CLASSES];
	long long free_cma, highatomic;	/* what ALLOC_CMA, ALLOC_RESERVES may add back */
};

struct mv_orderset {
	size_t n;
	struct mv_ozone *z;
	int nclasses;
	char classes[MV_MAX_CLASSES][16];	/* zone index order, lower case */
	char *kernel;
	long page_size;
	struct mv_doc doc;		/* the orders file */
	struct mv_doc zdoc;		/* the zones file (may be empty) */
};

/* 0, or -1 with @err saying why (no module, an older one...). */
int mv_orderset_load(struct mv_orderset *os, char *err, size_t errlen);
void mv_orderset_free(struct mv_orderset *os);
/* Largest order whose check at @mark (0 min, 1 low, 2 high) passes, -1 none. */
int mv_ozone_largest(const struct mv_ozone *z, int mark);
/* The class index of zone name @name (any case), -1 when unknown. */
int mv_orderset_class(const struct mv_orderset *os, const char *name);
const char *mv_ocheck_name(enum mv_ocheck c);
/* explain's "== High orders" sentences (cmd_frag.c). */
struct mv_report;
void mv_explain_orders(struct mv_report *r, long page_size, bool raw);

#endif /* MEMVIZ_ORDERSET_H */
