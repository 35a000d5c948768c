// SPDX-License-Identifier: GPL-2.0
/*
 * memviz activity: the activity file (reclaim activity per node, zone and
 * reclaimer since the module loaded or activity_reset) in human units.
 * Needs the module: /proc/vmstat has only machine-wide totals.
 * What each column counts (events or pages) is declared in coltab.c; the
 * latency table is a histogram: bpftrace-style in text, _bucket/_count
 * in Prometheus.
 */
#include <stdio.h>
#include <string.h>
#include "filetab.h"
#include "memviz.h"
#include "source.h"
#include "table.h"
#include "util.h"

int mv_cmd_activity(int argc, char **argv, struct mv_opts *o)
{
	struct mv_known known[8];
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
	mv_known_of("activity", known, MV_ARRAY_SIZE(known));
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
		mv_otab_from_table(&r, &doc.t[i], out);
	}
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_doc_free(&doc);
	return 0;
}
