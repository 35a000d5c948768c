// SPDX-License-Identifier: GPL-2.0
/*
 * memviz zones: the zones file as a table in human units; without the
 * module, the same marks from /proc/zoneinfo and a note saying how to get
 * the rest.
 */
#include <stdio.h>
#include "filetab.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "util.h"
#include "views.h"
#include "zoneset.h"

/* What every table of zones shows first (summary, watch, zoneinfo). */
const char *const mv_zone_cols[] = { "node", "zone", "free", "min", "low", "high", "state", NULL };

/* The zoneinfo-only table: every value here is also in the zones file. */
struct mv_otab *mv_zones_table(struct mv_report *r, const struct mv_zoneset *zs)
{
	struct mv_otab *t = mv_otab_decl(r, "zones", "zones", "memviz zones (from %s/zoneinfo)", mv_proc_root());
	size_t i;
	static const char *const cols[] = {
		"node", "zone", "managed", "present", "spanned", "free", "min", "low", "high", "promo",
		"boost", "state", "headroom_min", "headroom_low", "headroom_high", NULL
	};

	mv_otab_dcols(t, cols);
	for (i = 0; i < zs->n; i++) {
		const struct mv_zone *z = &zs->z[i];
		char node[16];

		snprintf(node, sizeof(node), "%d", z->node);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", z->name);
		mv_put(t, "managed", z->managed);
		mv_put(t, "present", z->present);
		mv_put(t, "spanned", z->spanned);
		mv_put(t, "free", z->free);
		mv_put(t, "min", z->min);
		mv_put(t, "low", z->low);
		mv_put(t, "high", z->high);
		if (z->promo >= 0)
			mv_put(t, "promo", z->promo);
		mv_put(t, "boost", z->boost);
		mv_put_str(t, "state", z->state);
		mv_put(t, "headroom_min", z->free - z->min);
		mv_put(t, "headroom_low", z->free - z->low);
		mv_put(t, "headroom_high", z->free - z->high);
	}
	return t;
}

int mv_cmd_zones(int argc, char **argv, struct mv_opts *o)
{
	struct mv_zoneset zs;
	struct mv_report r;
	char note[768];

	(void)argv;
	if (argc > 1) {
		mv_err("zones takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_zoneset_load(&zs, note, sizeof(note))) {
		mv_err("%s", note);
		return MV_EXIT_FAIL;
	}
	o->page_size = zs.page_size;
	mv_report_init(&r, "zones", o);
	r.kernel = zs.kernel;
	r.source = zs.from_module ? mv_source_dir() : mv_proc_root();
	if (zs.from_module) {
		mv_otab_from_table(&r, &zs.doc.t[0], "zones");
	} else {
		mv_report_note(&r, "%s", note);
		mv_zones_table(&r, &zs);
	}
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_zoneset_free(&zs);
	return 0;
}
