// SPDX-License-Identifier: GPL-2.0
/*
 * memviz oom --events: the module's oom_events file, the last OOM kills
 * newest first -- the victim with its badness parts, the task that ran
 * into the OOM, the inferred constraint, the failing allocation -- then the
 * next candidates and the zones and nodes at each kill (joined by seq).
 */
#include <stdio.h>
#include <string.h>
#include "filetab.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "util.h"

int mv_cmd_oom_events(int argc, char **argv, struct mv_opts *o)
{
	struct mv_known known[8];
	struct mv_report r;
	struct mv_doc doc;
	char err[512];
	size_t i, k;

	(void)argc;
	(void)argv;
	mv_known_of("oom_events", known, MV_ARRAY_SIZE(known));
	if (mv_load("oom_events", &doc, known, err, sizeof(err)) != MV_SRC_OK) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	mv_report_init(&r, "oom_events", o);
	r.kernel = mv_kernel_release(&doc.t[0]);
	r.page_size = mv_page_size(&doc.t[0]);
	r.source = mv_source_dir();
	for (i = 0; i < doc.n; i++) {
		const char *name = doc.t[i].name;
		char out[64];

		/* oom_events.candidates -> oom_events_candidates, as for every file */
		snprintf(out, sizeof(out), "%s", name);
		for (k = 0; out[k]; k++)
			if (out[k] == '.')
				out[k] = '_';
		mv_otab_from_table(&r, &doc.t[i], out);
	}
	if (doc.n && !doc.t[0].nrows)
		mv_report_note(&r, "no OOM kill recorded since memviz was loaded");
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_doc_free(&doc);
	return 0;
}
