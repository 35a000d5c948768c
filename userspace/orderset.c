// SPDX-License-Identifier: GPL-2.0
/*
 * The orders file joined with the zones file (orderset.h).  Rows are
 * found by node and zone name, columns by name; a cell that is '-' or a
 * column an older module lacks reads as "not known" (-1), never as 0.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filetab.h"
#include "orderset.h"
#include "source.h"
#include "util.h"

static const char *const check_names[] = { "ok", "free", "order" };

const char *mv_ocheck_name(enum mv_ocheck c)
{
	return c >= MV_OC_OK && c <= MV_OC_ORDER ? check_names[c] : "-";
}

static enum mv_ocheck parse_check(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (s && !strcmp(s, check_names[i]))
			return (enum mv_ocheck)i;
	return MV_OC_NA;
}

static struct mv_ozone *find_zone(struct mv_orderset *os, int node, const char *name)
{
	size_t i;

	for (i = 0; i < os->n; i++)
		if (os->z[i].node == node && !strcmp(os->z[i].name, name))
			return &os->z[i];
	return NULL;
}

static void lower(char *out, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

int mv_orderset_class(const struct mv_orderset *os, const char *name)
{
	char l[16];
	int i;

	lower(l, sizeof(l), name);
	for (i = 0; i < os->nclasses; i++)
		if (!strcmp(os->classes[i], l))
			return i;
	return -1;
}

int mv_ozone_largest(const struct mv_ozone *z, int mark)
{
	int o, best = -1;

	for (o = 0; o < z->nord; o++)
		if (z->check[mark][o] == MV_OC_OK)
			best = o;
	return best;
}

/* Rows of the first table: one per zone and order. */
static void load_orders(struct mv_orderset *os, const struct mv_table *t)
{
	static const char *const ck[] = { "check_min", "check_low", "check_high" };
	size_t i;
	int m;

	os->z = mv_xcalloc(t->nrows + 1, sizeof(*os->z));
	for (i = 0; i < t->nrows; i++) {
		long long node = mv_num(t, i, "node", -1), o = mv_num(t, i, "order", -1);
		const char *name = mv_get_str(t, i, "zone");
		const char *d = mv_get_str(t, i, "compact_deferred");
		const char *ty = mv_get_str(t, i, "free_types");
		struct mv_ozone *z;

		if (!name || o < 0 || o >= MV_MAX_ORDERS)
			continue;
		z = find_zone(os, (int)node, name);
		if (!z) {
			z = &os->z[os->n++];
			z->node = (int)node;
			snprintf(z->name, sizeof(z->name), "%s", name);
			z->zid = -1;
			z->considered = z->defer_shift = z->order_failed = -1;
			z->free_cma = z->highatomic = -1;
			for (m = 0; m < 3; m++)
				z->mark[m] = -1;
			for (m = 0; m < MV_MAX_CLASSES; m++)
				z->reserve[m] = -1;
		}
		if (o + 1 > z->nord)
			z->nord = (int)o + 1;
		z->free_blocks[o] = mv_num(t, i, "free_blocks", 0);
		z->usable[o] = mv_num(t, i, "usable_free", 0);
		z->unusable_idx[o] = mv_num(t, i, "unusable_index", -1);
		z->block[o] = mv_get_str(t, i, "block") && !strcmp(mv_get_str(t, i, "block"), "yes");
		snprintf(z->types[o], sizeof(z->types[o]), "%s", ty ? ty : "-");
		for (m = 0; m < 3; m++)
			z->check[m][o] = parse_check(mv_get_str(t, i, ck[m]));
		z->deferred[o] = d && !strcmp(d, "yes") ? 1 : d && !strcmp(d, "no") ? 0 : -1;
	}
}

static void load_compaction(struct mv_orderset *os, const struct mv_table *t)
{
	size_t i;

	for (i = 0; t && i < t->nrows; i++) {
		const char *name = mv_get_str(t, i, "zone");
		struct mv_ozone *z = name ? find_zone(os, (int)mv_num(t, i, "node", -1), name) : NULL;

		if (!z)
			continue;
		z->considered = mv_num(t, i, "compact_considered", -1);
		z->defer_shift = mv_num(t, i, "compact_defer_shift", -1);
		z->order_failed = mv_num(t, i, "compact_order_failed", -1);
	}
}

/* The zones file: classes (its reserve_<class> columns), marks, reserves. */
static void load_zones(struct mv_orderset *os, const struct mv_table *t)
{
	static const char *const mk[] = { "min", "low", "high" };
	size_t c, i;
	int m;

	for (c = 0; c < t->ncols && os->nclasses < MV_MAX_CLASSES; c++)
		if (!strncmp(t->cols[c], "reserve_", 8))
			snprintf(os->classes[os->nclasses++], sizeof(os->classes[0]), "%s",
				 t->cols[c] + 8);
	for (i = 0; i < t->nrows; i++) {
		const char *name = mv_get_str(t, i, "zone");
		struct mv_ozone *z = name ? find_zone(os, (int)mv_num(t, i, "node", -1), name) : NULL;
		char col[32];

		if (!z)
			continue;
		z->zid = mv_orderset_class(os, z->name);
		for (m = 0; m < 3; m++)
			z->mark[m] = mv_num(t, i, mk[m], -1);
		for (m = 0; m < os->nclasses; m++) {
			snprintf(col, sizeof(col), "reserve_%s", os->classes[m]);
			z->reserve[m] = mv_num(t, i, col, -1);
		}
		z->free_cma = mv_num(t, i, "free_cma", -1);
		/* what ALLOC_RESERVES may use: the highatomic part of unusable */
		z->highatomic = mv_num(t, i, "unusable_movable", -1);
	}
}

int mv_orderset_load(struct mv_orderset *os, char *err, size_t errlen)
{
	struct mv_known known[8];

	memset(os, 0, sizeof(*os));
	mv_known_of("orders", known, MV_ARRAY_SIZE(known));
	if (mv_load("orders", &os->doc, known, err, errlen) != MV_SRC_OK)
		return -1;
	if (!os->doc.n) {
		snprintf(err, errlen, "the orders file holds no table");
		mv_doc_free(&os->doc);
		return -1;
	}
	os->kernel = mv_xstrdup(mv_kernel_release(&os->doc.t[0]) ? mv_kernel_release(&os->doc.t[0]) : "?");
	os->page_size = mv_page_size(&os->doc.t[0]);
	load_orders(os, &os->doc.t[0]);
	load_compaction(os, mv_doc_table(&os->doc, "orders.compaction"));
	mv_known_of("zones", known, MV_ARRAY_SIZE(known));
	if (mv_load("zones", &os->zdoc, known, err, errlen) == MV_SRC_OK && os->zdoc.n)
		load_zones(os, &os->zdoc.t[0]);
	err[0] = '\0';
	return 0;
}

void mv_orderset_free(struct mv_orderset *os)
{
	free(os->z);
	free(os->kernel);
	mv_doc_free(&os->doc);
	mv_doc_free(&os->zdoc);
	memset(os, 0, sizeof(*os));
}
