// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs tables to report tables.  Each column takes its kind, its
 * visibility and its Prometheus family from its declaration; cells were
 * checked against those kinds when the file was loaded (mv_load), so a
 * cell that does not parse here cannot happen, and '-' stays "none".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coltab.h"
#include "filetab.h"
#include "source.h"
#include "util.h"

struct mv_otab *mv_otab_from_table(struct mv_report *r, const struct mv_table *t,
				   const char *outname)
{
	const struct mv_tabdef *d = mv_tabdef_find(t->name);
	struct mv_otab *o;
	size_t i, c;
	int *idx = mv_xcalloc(t->ncols + 1, sizeof(int));

	o = mv_otab_decl(r, outname, t->name, "memviz %s (from %s v%u)", outname, t->name, t->version);
	/* The file's own explanations, minus the units line human units void. */
	for (i = 0; i < t->ncomments; i++)
		if (strncmp(t->comments[i], "units:", 6))
			mv_otab_note(o, "%s", t->comments[i]);
	for (c = 0; c < t->ncols; c++)
		idx[c] = mv_otab_dcol(o, t->cols[c]);
	for (i = 0; d && d->facts && d->facts[i].fact && o->nfacts < MV_ARRAY_SIZE(o->facts); i++) {
		long long v;

		if (mv_parse_ll(mv_fact(t, d->facts[i].fact), &v)) {
			o->facts[o->nfacts].m = &d->facts[i];
			o->facts[o->nfacts++].v = v;
		}
	}
	for (i = 0; i < t->nrows; i++) {
		mv_otab_row(o);
		for (c = 0; c < t->ncols; c++) {
			const char *cell = mv_cell(t, i, (int)c);
			enum mv_kind k = o->cols[idx[c]].kind;
			long long v;

			if (k == MV_BOOL) {
				if (!strcmp(cell, "yes") || !strcmp(cell, "no"))
					mv_set(o, idx[c], !strcmp(cell, "yes"));
			} else if (mv_kind_numeric(k)) {
				if (mv_parse_ll(cell, &v))
					mv_set(o, idx[c], v);
			} else {
				mv_set_str(o, idx[c], cell);
			}
		}
	}
	free(idx);
	return o;
}

void mv_known_of(const char *file, struct mv_known *known, size_t max)
{
	static const char *const sub[] = {
		"", ".scan", ".events", ".kswapd", ".zones", ".reclaim", ".stalls", ".latency",
		".candidates", ".nodes", ".compaction", ".kcompactd",
	};
	size_t i, n = 0;
	char name[64];

	for (i = 0; i < MV_ARRAY_SIZE(sub) && n + 1 < max; i++) {
		const struct mv_tabdef *d;

		snprintf(name, sizeof(name), "%s%s", file, sub[i]);
		d = mv_tabdef_find(name);
		if (d && d->max_version) {
			known[n].name = d->table;
			known[n++].max_version = d->max_version;
		}
	}
	known[n].name = NULL;
	known[n].max_version = 0;
}

int mv_file_command(const char *file, const struct mv_opts *o)
{
	struct mv_known known[16];
	struct mv_report r;
	struct mv_doc doc;
	char err[512];
	size_t i;

	mv_known_of(file, known, MV_ARRAY_SIZE(known));
	if (mv_load(file, &doc, known, err, sizeof(err)) != MV_SRC_OK) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	mv_report_init(&r, file, o);
	r.kernel = mv_kernel_release(&doc.t[0]);
	r.page_size = mv_page_size(&doc.t[0]);
	r.source = mv_source_dir();
	for (i = 0; i < doc.n; i++) {
		char out[64];
		size_t k;

		snprintf(out, sizeof(out), "%s", doc.t[i].name);
		for (k = 0; out[k]; k++)
			if (out[k] == '.')
				out[k] = '_';
		mv_otab_from_table(&r, &doc.t[i], out);
	}
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_doc_free(&doc);
	return 0;
}
