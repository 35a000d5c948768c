// SPDX-License-Identifier: GPL-2.0
/*
 * memviz activity: the activity file (reclaim activity per node, zone and
 * reclaimer since the module loaded or activity_reset) in human units.
 * Needs the module: /proc/vmstat has only machine-wide totals.
 *
 * The file's columns are event counts unless they count pages, so the
 * generic pages-by-default kinds are corrected here: events stay plain
 * numbers in a table and become counters in JSON and Prometheus.
 */
#include <stdio.h>
#include <string.h>
#include "filetab.h"
#include "memviz.h"
#include "source.h"
#include "table.h"
#include "util.h"

/* Columns of the activity tables that count pages; the rest count events. */
static const char *const page_cols[] = {
	"scanned", "reclaimed", "dirty", "writeback", "congested", "immediate", "activate",
	"ref_keep", "unmap_fail", "active_taken", "active_kept", "deactivated",
	"active_referenced", "direct_reclaimed", "memcg_reclaimed", "softlimit_reclaimed", NULL
};

struct shown {
	const char *table;
	const char *const *cols;	/* NULL: all */
};

static const char *const kswapd_cols[] = {
	"node", "wakeups", "kswapd_runs", "kswapd_sleeps", NULL
};
static const char *const reclaim_cols[] = {
	"node", "reclaimer", "type", "scanned", "reclaimed", "dirty", "writeback", "activate",
	"ref_keep", "unmap_fail", NULL
};
static const char *const stalls_cols[] = {
	"node", "direct_entries", "direct_reclaimed", "memcg_entries", "memcg_reclaimed",
	"compact_retries", NULL
};

static const struct shown shown[] = {
	{ "activity.kswapd", kswapd_cols },
	{ "activity.reclaim", reclaim_cols },
	{ "activity.stalls", stalls_cols },
};

static bool listed(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static const char *const *shown_for(const char *table)
{
	size_t i;

	for (i = 0; i < MV_ARRAY_SIZE(shown); i++)
		if (!strcmp(shown[i].table, table))
			return shown[i].cols;
	return NULL;
}

/* Pages where the file counts pages, counters where it counts events. */
static void fix_kinds(struct mv_otab *t)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		struct mv_ocol *col = &t->cols[c];

		if (col->kind != MV_PAGES)
			continue;
		if (!strcmp(col->name, "bucket"))
			col->kind = MV_COUNT;
		else if (!listed(page_cols, col->name))
			col->kind = MV_COUNTER;
	}
}

int mv_cmd_activity(int argc, char **argv, struct mv_opts *o)
{
	static const struct mv_known known[] = {
		{ "activity.kswapd", 1 }, { "activity.zones", 1 }, { "activity.reclaim", 1 },
		{ "activity.stalls", 1 }, { "activity.latency", 1 }, { NULL, 0 }
	};
	const struct mv_table *k;
	struct mv_report r;
	struct mv_doc doc;
	char err[512];
	size_t i;

	(void)argv;
	if (argc > 1) {
		mv_err("activity takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_load("activity", &doc, known, err, sizeof(err)) != MV_SRC_OK) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	mv_report_init(&r, "activity", o);
	r.kernel = mv_kernel_release(&doc.t[0]);
	r.page_size = mv_page_size(&doc.t[0]);
	r.source = mv_source_dir();
	k = mv_doc_table(&doc, "activity.kswapd");
	if (k) {
		const char *en = mv_fact(k, "enabled"), *miss = mv_fact(k, "missing");
		const char *skip = mv_fact(k, "skipped");

		if (en && strcmp(en, "yes"))
			mv_report_note(&r, "counting is off (module parameter activity=0): counters are frozen");
		if (miss && strcmp(miss, "-"))
			mv_report_note(&r, "tracepoints missing on this kernel (their counters stay 0): %s",
				       miss);
		if (skip && strcmp(skip, "-"))
			mv_report_note(&r, "tracepoints left unattached by activity_skip (their counters stay 0): %s",
				       skip);
	}
	for (i = 0; i < doc.n; i++) {
		char out[64];
		size_t n;

		snprintf(out, sizeof(out), "%s", doc.t[i].name);
		for (n = 0; out[n]; n++)
			if (out[n] == '.')
				out[n] = '_';
		fix_kinds(mv_otab_from_table(&r, &doc.t[i], out, shown_for(doc.t[i].name)));
	}
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_doc_free(&doc);
	return 0;
}
