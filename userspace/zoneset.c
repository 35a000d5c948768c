// SPDX-License-Identifier: GPL-2.0
/*
 * Zones from the module's zones file, or from /proc/zoneinfo when the
 * module is not loaded.  Both give the same sizes and boost-included marks
 * (the zones guest test checks that they agree), so every command works
 * from one struct whatever the source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "source.h"
#include "util.h"
#include "zoneset.h"

static const struct mv_known zones_known[] = { { "zones", 1 }, { NULL, 0 } };

/* Same rule as module/watermark.c with no reserve: fail at <= mark. */
const char *mv_wmark_state(long long free, long long min, long long low, long long high)
{
	if (free <= min)
		return "min";
	if (free <= low)
		return "low";
	if (free <= high)
		return "high";
	return "ok";
}

static int from_module(struct mv_zoneset *zs)
{
	const struct mv_table *t = mv_doc_table(&zs->doc, "zones");
	static const char *const need[] = { "node", "zone", "managed", "free", "min", "low", "high" };
	size_t i;

	for (i = 0; i < MV_ARRAY_SIZE(need); i++)
		if (mv_col(t, need[i]) < 0)
			return -1;
	zs->n = t->nrows;
	zs->z = mv_xcalloc(t->nrows, sizeof(*zs->z));
	for (i = 0; i < t->nrows; i++) {
		struct mv_zone *z = &zs->z[i];
		const char *state = mv_get_str(t, i, "state");

		z->node = (int)mv_num(t, i, "node", MV_NO_VALUE);
		snprintf(z->name, sizeof(z->name), "%s", mv_get_str(t, i, "zone"));
		z->managed = mv_num(t, i, "managed", MV_NO_VALUE);
		z->present = mv_num(t, i, "present", MV_NO_VALUE);
		z->spanned = mv_num(t, i, "spanned", MV_NO_VALUE);
		z->free = mv_num(t, i, "free", MV_NO_VALUE);
		z->min = mv_num(t, i, "min", MV_NO_VALUE);
		z->low = mv_num(t, i, "low", MV_NO_VALUE);
		z->high = mv_num(t, i, "high", MV_NO_VALUE);
		z->promo = mv_num(t, i, "promo", MV_NO_VALUE);
		z->boost = mv_num(t, i, "boost", MV_NO_VALUE);
		z->unusable = mv_num(t, i, "unusable", MV_NO_VALUE);
		z->inactive_anon = mv_num(t, i, "inactive_anon", MV_NO_VALUE);
		z->active_anon = mv_num(t, i, "active_anon", MV_NO_VALUE);
		z->inactive_file = mv_num(t, i, "inactive_file", MV_NO_VALUE);
		z->active_file = mv_num(t, i, "active_file", MV_NO_VALUE);
		z->unevictable = mv_num(t, i, "unevictable", MV_NO_VALUE);
		z->write_pending = mv_num(t, i, "write_pending", MV_NO_VALUE);
		snprintf(z->state, sizeof(z->state), "%s",
			 state ? state : mv_wmark_state(z->free, z->min, z->low, z->high));
	}
	zs->from_module = true;
	zs->kernel = mv_xstrdup(mv_kernel_release(t) ? mv_kernel_release(t) : "unknown");
	zs->page_size = mv_page_size(t);
	return 0;
}

static void add_node_stat(struct mv_zoneset *zs, int node, const char *name, long long v)
{
	zs->node_stats = mv_xrealloc(zs->node_stats, (zs->nnode_stats + 1) * sizeof(*zs->node_stats));
	zs->node_stats[zs->nnode_stats].node = node;
	zs->node_stats[zs->nnode_stats].name = mv_xstrdup(name);
	zs->node_stats[zs->nnode_stats].v = v;
	zs->nnode_stats++;
}

/*
 * zoneinfo: "Node N, zone NAME", per-node stats after the first populated
 * zone of a node, then "pages free", boost, min, low, high, [promo,]
 * spanned, present, managed, and the zone's nr_* counters.
 */
int mv_zoneset_from_zoneinfo(struct mv_zoneset *zs, const char *buf)
{
	const char *p = buf;
	struct mv_zone *z = NULL;
	bool node_stats = false;
	int node = -1;

	while (p && *p) {
		char line[256], k[64];
		const char *nl = strchr(p, '\n');
		size_t ll = nl ? (size_t)(nl - p) : strlen(p);
		long long v;
		char zname[32];
		int nd;

		if (ll >= sizeof(line))
			ll = sizeof(line) - 1;
		memcpy(line, p, ll);
		line[ll] = '\0';
		p = nl ? nl + 1 : NULL;

		if (sscanf(line, "Node %d, zone %31s", &nd, zname) == 2) {
			zs->z = mv_xrealloc(zs->z, (zs->n + 1) * sizeof(*zs->z));
			z = &zs->z[zs->n++];
			memset(z, 0, sizeof(*z));
			z->node = node = nd;
			snprintf(z->name, sizeof(z->name), "%.15s", zname);
			z->promo = z->unusable = MV_NO_VALUE;
			node_stats = false;
			continue;
		}
		if (!z)
			continue;
		if (strstr(line, "per-node stats")) {
			node_stats = true;
			continue;
		}
		if (sscanf(line, " pages free %lld", &v) == 1) {
			node_stats = false;
			z->free = v;
			continue;
		}
		if (sscanf(line, " %63s %lld", k, &v) != 2)
			continue;
		if (node_stats) {
			add_node_stat(zs, node, k, v);
			continue;
		}
		if (!strcmp(k, "boost"))
			z->boost = v;
		else if (!strcmp(k, "min"))
			z->min = v;
		else if (!strcmp(k, "low"))
			z->low = v;
		else if (!strcmp(k, "high"))
			z->high = v;
		else if (!strcmp(k, "promo"))
			z->promo = v;
		else if (!strcmp(k, "spanned"))
			z->spanned = v;
		else if (!strcmp(k, "present"))
			z->present = v;
		else if (!strcmp(k, "managed"))
			z->managed = v;
		else if (!strcmp(k, "nr_zone_inactive_anon"))
			z->inactive_anon = v;
		else if (!strcmp(k, "nr_zone_active_anon"))
			z->active_anon = v;
		else if (!strcmp(k, "nr_zone_inactive_file"))
			z->inactive_file = v;
		else if (!strcmp(k, "nr_zone_active_file"))
			z->active_file = v;
		else if (!strcmp(k, "nr_zone_unevictable"))
			z->unevictable = v;
		else if (!strcmp(k, "nr_zone_write_pending"))
			z->write_pending = v;
	}
	/* Keep populated zones only, like the module's zones file. */
	{
		size_t i, o = 0;

		for (i = 0; i < zs->n; i++)
			if (zs->z[i].present > 0)
				zs->z[o++] = zs->z[i];
		zs->n = o;
	}
	for (size_t i = 0; i < zs->n; i++) {
		struct mv_zone *q = &zs->z[i];

		snprintf(q->state, sizeof(q->state), "%s",
			 mv_wmark_state(q->free, q->min, q->low, q->high));
	}
	return zs->n ? 0 : -1;
}

int mv_zoneset_load(struct mv_zoneset *zs, char *note, size_t notelen)
{
	char err[512];
	enum mv_src_status st;
	char *buf;

	memset(zs, 0, sizeof(*zs));
	st = mv_load("zones", &zs->doc, zones_known, err, sizeof(err));
	if (st == MV_SRC_OK) {
		if (!from_module(zs)) {
			snprintf(note, notelen, "zones: from %s/zones", mv_source_dir());
			return 0;
		}
		snprintf(err, sizeof(err), "%s/zones lacks the node/zone/managed/free/min/low/high columns",
			 mv_source_dir());
		st = MV_SRC_BAD;
	}
	mv_doc_free(&zs->doc);
	if (st == MV_SRC_BAD) {
		snprintf(note, notelen, "%s", err);
		return -1;
	}
	buf = mv_read_proc("zoneinfo", NULL);
	if (!buf || mv_zoneset_from_zoneinfo(zs, buf)) {
		free(buf);
		snprintf(note, notelen, "%s; and %s/zoneinfo is unreadable", err, mv_proc_root());
		return -1;
	}
	free(buf);
	zs->kernel = mv_xstrdup(mv_kernel_release(NULL) ? mv_kernel_release(NULL) : "unknown");
	zs->page_size = mv_page_size(NULL);
	snprintf(note, notelen, "%s; zones from %s/zoneinfo instead", err, mv_proc_root());
	return 0;
}

void mv_zoneset_free(struct mv_zoneset *zs)
{
	size_t i;

	for (i = 0; i < zs->nnode_stats; i++)
		free(zs->node_stats[i].name);
	free(zs->node_stats);
	free(zs->z);
	free(zs->kernel);
	mv_doc_free(&zs->doc);
	memset(zs, 0, sizeof(*zs));
}

bool mv_node_stat(const struct mv_zoneset *zs, int node, const char *name, long long *v)
{
	size_t i;

	for (i = 0; i < zs->nnode_stats; i++) {
		if (zs->node_stats[i].node == node && !strcmp(zs->node_stats[i].name, name)) {
			*v = zs->node_stats[i].v;
			return true;
		}
	}
	return false;
}

int mv_zoneset_nodes(const struct mv_zoneset *zs, int *nodes, int max)
{
	int n = 0;
	size_t i;

	for (i = 0; i < zs->n; i++) {
		int j;
		bool seen = false;

		for (j = 0; j < n; j++)
			if (nodes[j] == zs->z[i].node)
				seen = true;
		if (!seen && n < max)
			nodes[n++] = zs->z[i].node;
	}
	return n;
}
