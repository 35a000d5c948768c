// SPDX-License-Identifier: GPL-2.0
/*
 * memviz cgroups [PATH]: every memory cgroup as a tree, children sorted by
 * pressure: usage against high/max, configured against effective
 * protection, what reclaim could take, PSI, memory.events and the task a
 * memcg OOM would kill.  --prom exports the most pressured --prom-max
 * cgroups only: the cgroup path is a label, and a host may have thousands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgset.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "util.h"

#define PROM_MAX_DEFAULT 50

enum tree_sort { BY_PRESSURE, BY_CURRENT, BY_HEADROOM };

static const struct mv_cgset *sort_set;
static enum tree_sort sort_by;

static long long headroom(const struct mv_cg *c)
{
	long long lim = mv_cg_limit(c);

	return lim < 0 ? 0x7fffffffffffLL : lim - c->current;
}

/* Most pressured (or largest, or least headroom) first; pre-order on ties. */
static int cmp_rows(const void *a, const void *b)
{
	const struct mv_cg *x = &sort_set->cg[*(const int *)a], *y = &sort_set->cg[*(const int *)b];
	long long kx, ky;

	switch (sort_by) {
	case BY_CURRENT: kx = x->current; ky = y->current; break;
	case BY_HEADROOM: kx = -headroom(x); ky = -headroom(y); break;
	default: kx = mv_cg_pressure(x); ky = mv_cg_pressure(y); break;
	}
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static void put_opt(struct mv_otab *t, const char *col, long long v)
{
	if (v < 0)
		mv_put_na(t, col);
	else
		mv_put(t, col, v);
}

static void put_row(struct mv_otab *t, const struct mv_cgset *s, int i, int rel_depth,
		    const struct mv_opts *o)
{
	const struct mv_cg *c = &s->cg[i];
	long long lim = mv_cg_limit(c);
	const char *base = strrchr(c->path, '/');
	char tree[512], bar[32];
	int e;

	base = base && base[1] ? base + 1 : c->path;
	snprintf(tree, sizeof(tree), "%*s%s", 2 * rel_depth, "", rel_depth ? base : c->path);
	/* the table escapes white space: indent with dots, as `tree` would with lines */
	for (e = 0; e < 2 * rel_depth && tree[e] == ' '; e++)
		tree[e] = '.';
	mv_otab_row(t);
	mv_put_str(t, "cgroup", c->path);
	mv_put_str(t, "tree", tree);
	mv_put(t, "depth", c->depth);
	mv_put(t, "current", c->current);
	put_opt(t, "high", c->high);
	put_opt(t, "max", c->max);
	if (lim > 0) {
		mv_put(t, "used_pct", c->current * 100 / lim);
		mv_put(t, "headroom", lim - c->current);
		if (o->tty)
			mv_put_str(t, "gauge", mv_bar(bar, sizeof(bar), (double)c->current / lim, 10));
	} else {
		mv_put_na(t, "used_pct");
		mv_put_na(t, "headroom");
	}
	put_opt(t, "min", c->min);
	put_opt(t, "emin", c->emin);
	put_opt(t, "low", c->low);
	put_opt(t, "elow", c->elow);
	put_opt(t, "protected", c->protected);
	mv_put_str(t, "reclaim_skip", c->skip);
	put_opt(t, "reclaimable", c->reclaimable);
	put_opt(t, "clean_file", c->clean_file);
	put_opt(t, "dirty_file", c->dirty_file);
	put_opt(t, "writeback_file", c->writeback_file);
	put_opt(t, "swappable", c->swappable);
	put_opt(t, "psi_some_avg10", c->have_psi ? c->psi_some10 : -1);
	put_opt(t, "psi_full_avg10", c->have_psi ? c->psi_full10 : -1);
	put_opt(t, "psi_some_total_ns", c->have_psi ? c->psi_some_us * 1000 : -1);
	put_opt(t, "psi_full_total_ns", c->have_psi && c->psi_full_us >= 0 ? c->psi_full_us * 1000 : -1);
	for (e = 0; e < MV_CGE_N; e++) {
		char col[32];

		snprintf(col, sizeof(col), "events_%s", mv_cg_event_names[e]);
		put_opt(t, col, c->have_events ? c->ev[e] : -1);
	}
	put_opt(t, "stat_anon_bytes", c->have_stat ? c->stat_anon : -1);
	put_opt(t, "stat_file_bytes", c->have_stat ? c->stat_file : -1);
	put_opt(t, "stat_shmem_bytes", c->have_stat ? c->stat_shmem : -1);
	if (c->victim_pid) {
		mv_put(t, "victim_pid", c->victim_pid);
		mv_put_str(t, "victim_comm", c->victim_comm);
	} else {
		mv_put_na(t, "victim_pid");
		mv_put_str(t, "victim_comm", "-");
	}
}

struct walk {
	const struct mv_cgset *s;
	struct mv_otab *t;
	const struct mv_opts *o;
	int top_depth, max_depth;
	size_t hidden;
};

/* Pre-order, each node's children sorted, --top of them kept. */
static void walk(struct walk *w, int i)
{
	const struct mv_cgset *s = w->s;
	int rel = s->cg[i].depth - w->top_depth;
	int *kids = mv_xcalloc(s->n, sizeof(*kids));
	size_t nk = 0, k;

	put_row(w->t, s, i, rel, w->o);
	for (k = (size_t)i + 1; k < s->n; k++)
		if (s->cg[k].parent == i)
			kids[nk++] = (int)k;
	if (w->max_depth >= 0 && rel >= w->max_depth) {
		for (k = 0; k < s->n; k++)
			w->hidden += (int)k != i && mv_cgset_under(s, (int)k, i);
		free(kids);
		return;
	}
	qsort(kids, nk, sizeof(*kids), cmp_rows);
	for (k = 0; k < nk; k++) {
		if (w->o->top && k >= (size_t)w->o->top) {
			size_t j;

			for (j = 0; j < s->n; j++)
				w->hidden += mv_cgset_under(s, (int)j, kids[k]);
			continue;
		}
		walk(w, kids[k]);
	}
	free(kids);
}

/* Prometheus: the most pressured first, so that the bound keeps them. */
static void flat(struct walk *w, int top)
{
	const struct mv_cgset *s = w->s;
	int *rows = mv_xcalloc(s->n, sizeof(*rows));
	size_t n = 0, k;

	for (k = 0; k < s->n; k++) {
		int rel = s->cg[k].depth - w->top_depth;

		if (mv_cgset_under(s, (int)k, top) && (w->max_depth < 0 || rel <= w->max_depth))
			rows[n++] = (int)k;
	}
	sort_by = BY_PRESSURE;
	qsort(rows, n, sizeof(*rows), cmp_rows);
	for (k = 0; k < n; k++)
		put_row(w->t, s, rows[k], s->cg[rows[k]].depth - w->top_depth, w->o);
	free(rows);
}

static int parse_sort(struct mv_opts *o)
{
	static const char *const names[] = { "pressure", "current", "headroom" };
	size_t i;

	sort_by = BY_PRESSURE;
	if (!o->sort)
		return 0;
	for (i = 0; i < MV_ARRAY_SIZE(names); i++)
		if (!strcmp(o->sort, names[i])) {
			sort_by = (enum tree_sort)i;
			o->sort = NULL;	/* the tree's order, not the table's */
			return 0;
		}
	return 0;	/* another column: a flat table sorted by it */
}

int mv_cmd_cgroups(int argc, char **argv, struct mv_opts *o)
{
	struct mv_cgset s;
	struct mv_report r;
	struct walk w = { 0 };
	char err[512];
	int top = 0;
	size_t k;
	bool any_max = false;

	if (argc > 2) {
		mv_err("cgroups takes at most one argument: the subtree (a cgroup path)");
		return MV_EXIT_USAGE;
	}
	parse_sort(o);
	if (mv_cgset_load(&s, o->page_size, false, err, sizeof(err))) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	if (argc == 2) {
		top = mv_cgset_find(&s, argv[1]);
		if (top < 0) {
			mv_err("no memory cgroup %s in the memcg file (no such cgroup, or no memory controller in its parent's cgroup.subtree_control)",
			       argv[1]);
			mv_cgset_free(&s);
			return MV_EXIT_FAIL;
		}
	}
	for (k = 0; k < s.n; k++)
		any_max |= s.cg[k].max >= 0 && s.cg[k].parent >= 0 && mv_cgset_under(&s, (int)k, top);
	if (any_max) {
		mv_cgset_free(&s);
		if (mv_cgset_load(&s, o->page_size, true, err, sizeof(err))) {
			mv_err("%s", err);
			return MV_EXIT_FAIL;
		}
	}
	mv_report_init(&r, "cgroups", o);
	r.kernel = mv_kernel_release(s.t);
	r.page_size = mv_page_size(s.t);
	r.source = mv_source_dir();
	sort_set = &s;
	w.s = &s;
	w.o = o;
	w.top_depth = s.n ? s.cg[top].depth : 0;
	w.max_depth = o->depth;
	w.t = mv_otab_decl(&r, "cgroups", "cgroups", "memory cgroups%s%s", top ? " under " : "",
			   top ? s.cg[top].path : "");
	mv_otab_dcol(w.t, "cgroup");
	{
		static const char *const cols[] = {
			"tree", "depth", "current", "high", "max", "used_pct", "gauge", "headroom",
			"min", "emin", "low", "elow", "protected", "reclaim_skip", "reclaimable",
			"clean_file", "dirty_file", "writeback_file", "swappable",
			"psi_some_avg10", "psi_full_avg10", "psi_some_total_ns", "psi_full_total_ns",
			"events_low", "events_high", "events_max", "events_oom", "events_oom_kill",
			"stat_anon_bytes", "stat_file_bytes", "stat_shmem_bytes",
			"victim_pid", "victim_comm", NULL
		};
		mv_otab_dcols(w.t, cols);
	}
	if (s.n && o->fmt == MV_FMT_PROM) {
		flat(&w, top);
		w.t->prom_rows = o->prom_max ? (size_t)o->prom_max : PROM_MAX_DEFAULT;
	} else if (s.n) {
		walk(&w, top);
	}
	mv_otab_note(w.t, "cgroup files from %s; recursiveprot=%s; sorted within siblings by %s",
		     s.root, s.recursiveprot ? "yes" : "no",
		     sort_by == BY_CURRENT ? "current" : sort_by == BY_HEADROOM ? "headroom" : "pressure (PSI some avg10, then usage against the lower limit)");
	if (w.hidden)
		mv_otab_note(w.t, "%zu cgroup(s) not shown (--depth, --top)", w.hidden);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_cgset_free(&s);
	return 0;
}
