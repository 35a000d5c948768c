// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs tables to report tables.  Column kinds come from the format's
 * own rules (units are pages unless the name ends in _kb, _bytes, _ns or
 * _pct; booleans are yes/no; words are words) plus a short list of
 * columns that hold plain numbers or identify a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filetab.h"
#include "source.h"
#include "util.h"

/* Columns that identify a row: Prometheus labels, never converted. */
static const char *const labels[] = {
	"node", "zone", "lru", "pid", "comm", "cgroup", "memcg", "path", "type", "class",
	"event", "reclaimer", "victim_comm", NULL
};

/* Plain numbers (not pages) that the suffix rule cannot tell. */
static const char *const counts[] = {
	"uid", "kswapd_pid", "kswapd_order", "kswapd_failures", "zones_below_high",
	"order", "adj", "oom_score_adj", "oom_score", "score", "rank", "candidates",
	"ties", "cgroup_id", "memcg_id", "id", "folios", "nr_memcgs", "gen", "age",
	"seq", "max_seq", "min_seq", "tasks", "nr_tasks", "priority", NULL
};

static bool in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static bool ends(const char *s, const char *sfx)
{
	size_t a = strlen(s), b = strlen(sfx);

	return a >= b && !strcmp(s + a - b, sfx);
}

enum mv_kind mv_column_kind(const struct mv_table *t, int col)
{
	const char *name = t->cols[col];
	bool words = false, bools = true, any = false;
	size_t r;

	if (in(labels, name))
		return MV_LABEL;
	for (r = 0; r < t->nrows; r++) {
		const char *c = mv_cell(t, r, col);
		long long v;

		if (!strcmp(c, "-"))
			continue;
		any = true;
		if (strcmp(c, "yes") && strcmp(c, "no"))
			bools = false;
		if (!mv_parse_ll(c, &v))
			words = true;
	}
	if (any && bools)
		return MV_BOOL;
	if (words)
		return MV_STR;
	if (in(counts, name) || !strncmp(name, "nr_", 3) || ends(name, "_count") ||
	    ends(name, "_order") || ends(name, "_pid"))
		return MV_COUNT;
	if (ends(name, "_kb"))
		return MV_KB;
	if (ends(name, "_bytes"))
		return MV_BYTES;
	if (ends(name, "_ns"))
		return MV_NS;
	if (ends(name, "_pct"))
		return MV_PCT;
	/* reclaim.events: one vm event counter per row */
	if (!strcmp(name, "value") && mv_col(t, "event") >= 0)
		return MV_COUNTER;
	if (ends(name, "_events") || ends(name, "_total") || !strncmp(name, "pgscan", 6) ||
	    !strncmp(name, "pgsteal", 7) || !strncmp(name, "allocstall", 10) ||
	    !strncmp(name, "workingset_", 11))
		return MV_COUNTER;
	return MV_PAGES;
}

struct mv_otab *mv_otab_from_table(struct mv_report *r, const struct mv_table *t,
				   const char *outname, const char *const *shown)
{
	struct mv_otab *o;
	size_t i, c;
	int *idx = mv_xcalloc(t->ncols, sizeof(int));

	o = mv_otab_new(r, outname, "memviz %s (from %s v%u)", outname, t->name, t->version);
	/* The file's own explanations, minus the units line human units void. */
	for (i = 0; i < t->ncomments; i++)
		if (strncmp(t->comments[i], "units:", 6))
			mv_otab_note(o, "%s", t->comments[i]);
	for (c = 0; c < t->ncols; c++) {
		enum mv_kind k = mv_column_kind(t, (int)c);

		idx[c] = mv_otab_col(o, t->cols[c], k, shown && !in(shown, t->cols[c]));
	}
	for (i = 0; i < t->nrows; i++) {
		mv_otab_row(o);
		for (c = 0; c < t->ncols; c++) {
			const char *cell = mv_cell(t, i, (int)c);
			long long v;

			switch (o->cols[idx[c]].kind) {
			case MV_LABEL:
			case MV_STR:
				mv_set_str(o, idx[c], cell);
				break;
			case MV_BOOL:
				if (!strcmp(cell, "yes") || !strcmp(cell, "no"))
					mv_set(o, idx[c], !strcmp(cell, "yes"));
				break;
			default:
				if (mv_parse_ll(cell, &v))
					mv_set(o, idx[c], v);
				break;
			}
		}
	}
	free(idx);
	return o;
}

int mv_file_command(const char *file, unsigned int max_version, const char *const *shown,
		    const struct mv_opts *o)
{
	struct mv_known known[] = { { file, max_version }, { NULL, 0 } };
	struct mv_report r;
	struct mv_doc doc;
	char err[512];
	size_t i;

	if (mv_load(file, &doc, known, err, sizeof(err)) != MV_SRC_OK) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	mv_report_init(&r, file, o);
	r.kernel = mv_kernel_release(&doc.t[0]);
	r.page_size = mv_page_size(&doc.t[0]);
	r.source = mv_source_dir();
	for (i = 0; i < doc.n; i++) {
		const char *name = doc.t[i].name;
		const char *const *s = !strcmp(name, file) ? shown : NULL;
		char out[64];
		size_t k;

		snprintf(out, sizeof(out), "%s", name);
		for (k = 0; out[k]; k++)
			if (out[k] == '.')
				out[k] = '_';
		mv_otab_from_table(&r, &doc.t[i], out, s);
	}
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_doc_free(&doc);
	return 0;
}
