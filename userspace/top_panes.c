// SPDX-License-Identifier: GPL-2.0
/*
 * What each of top's four panes says, as lines of text and roles:
 *   1 zones: free against min/low/high on a bar with the marks drawn in
 *     it, the state coloured, the headroom above high;
 *   2 reclaim: kswapd and direct pgscan/pgsteal, allocstall, refaults and
 *     OOM kills per second with a sparkline of the last minute, PSI
 *     memory some/full, kswapd per node;
 *   3 oom: the newest kill oom_events holds (a banner when it is new),
 *     then the next victims in kill order with oom_badness()'s parts;
 *   4 cgroups: usage against memory.high/max and the cgroup's own PSI.
 * The layout (top_draw.c) decides how many of the lines show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "top.h"
#include "units.h"
#include "util.h"

static const char *const zone_sorts[] = { "node", "headroom", NULL };
static const char *const reclaim_sorts[] = { NULL };
static const char *const oom_sorts[] = { "rank", "rss", "adj", "pid", NULL };
static const char *const cg_sorts[] = { "pressure", "usage", "current", "path", NULL };

const char *const *mv_top_sorts(int pane)
{
	static const char *const *const sorts[MV_PANES] = {
		zone_sorts, reclaim_sorts, oom_sorts, cg_sorts,
	};

	return pane >= 0 && pane < MV_PANES ? sorts[pane] : reclaim_sorts;
}

static const char *size_of(char *buf, size_t len, long long pages, const struct mv_top_view *v)
{
	if (v->ui->pages)
		snprintf(buf, len, "%lld", pages);
	else
		mv_human_pages(buf, len, pages, v->f->page_size);
	return buf;
}

static int state_attr(const char *state)
{
	if (!strcmp(state, "ok"))
		return MV_TA_OK;
	if (!strcmp(state, "high"))
		return MV_TA_HIGH;
	if (!strcmp(state, "low"))
		return MV_TA_LOW;
	return MV_TA_MIN;
}

static void title(struct mv_pane *p, int pane, const struct mv_top_view *v, const char *text)
{
	const char *const *s = mv_top_sorts(pane);

	if (s[0] && v->ui->sort[pane])
		snprintf(p->title, sizeof(p->title), "%d %s (sorted by %s)", pane + 1, text,
			 s[v->ui->sort[pane]]);
	else
		snprintf(p->title, sizeof(p->title), "%d %s", pane + 1, text);
	p->title_attr = v->ui->focus == pane ? MV_TA_FOCUS : MV_TA_TITLE;
}

/* A row of its own when the pane has nothing: says why. */
static void empty(struct mv_pane *p, const char *why)
{
	mv_line_add(mv_pane_line(p), MV_TA_DIM, "  %s", why);
}

/*
 * The bar spans 0 to 4 x high, where the marks sit far enough apart to
 * tell (min ~ 2/3 and low ~ 5/6 of high by default): free fills it, '>'
 * says free goes past the end, m l h are the marks.
 */
static void zone_bar(struct mv_line *l, const struct mv_zone *z, int w)
{
	long long scale = z->high > 0 ? 4 * z->high : (z->managed > 0 ? z->managed : 1);
	long long fill = z->free < 0 ? 0 : z->free;
	int x, at = state_attr(z->state);
	char bar[MV_LINE_MAX];
	unsigned char ba[MV_LINE_MAX];
	int i;

	if (w < 4)
		return;
	if (w > MV_LINE_MAX - 8)
		w = MV_LINE_MAX - 8;
	for (x = 0; x < w; x++) {
		bool full = (double)fill * w / (double)scale > x;

		bar[x] = full ? '#' : '.';
		ba[x] = full ? (unsigned char)at : MV_TA_DIM;
	}
	if (fill > scale)
		bar[w - 1] = '>';
	{
		const long long mark[3] = { z->high, z->low, z->min };
		const char name[3] = { 'h', 'l', 'm' };

		for (i = 0; i < 3; i++) {
			long long p = mark[i] * w / scale;

			if (mark[i] < 0 || p >= w)
				continue;
			bar[p] = name[i];
			ba[p] = MV_TA_MARK;
		}
	}
	mv_line_add(l, MV_TA_NORMAL, "[");
	for (x = 0; x < w && l->len < MV_LINE_MAX - 2; x++) {
		l->s[l->len] = bar[x];
		l->a[l->len++] = ba[x];
	}
	l->s[l->len] = '\0';
	mv_line_add(l, MV_TA_NORMAL, "]");
}

static long long zone_headroom(const struct mv_zone *z)
{
	return z->free - z->high;
}

static const struct mv_top_view *sort_view;

static int cmp_zone(const void *a, const void *b)
{
	const struct mv_zone *x = *(const struct mv_zone *const *)a, *y = *(const struct mv_zone *const *)b;
	long long hx = zone_headroom(x), hy = zone_headroom(y);

	if (sort_view->ui->sort[MV_PANE_ZONES] == 1 && hx != hy)
		return hx < hy ? -1 : 1;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void pane_zones(struct mv_pane *p, const struct mv_top_view *v, int width)
{
	const struct mv_zoneset *zs = &v->f->zs;
	bool wide = width >= 110;
	const struct mv_zone **order;
	struct mv_line *l;
	size_t i;

	title(p, MV_PANE_ZONES, v, "Zones: free vs the marks (bar: 0 to 4 x high; m l h = min low high)");
	l = mv_pane_line(p);
	p->fixed = 1;
	if (wide)
		mv_line_add(l, MV_TA_COLHDR, "%4s %-7s %8s %8s %8s %8s %9s %-5s ", "node", "zone",
			    "free", "min", "low", "high", "headroom", "state");
	else
		mv_line_add(l, MV_TA_COLHDR, "%4s %-7s %8s %8s %9s %-5s ", "node", "zone", "free",
			    "high", "headroom", "state");
	mv_line_add(l, MV_TA_COLHDR, "free vs marks");
	if (!v->f->zs_ok || !zs->n) {
		empty(p, "no zones (see the status line)");
		return;
	}
	order = mv_xcalloc(zs->n, sizeof(*order));
	for (i = 0; i < zs->n; i++)
		order[i] = &zs->z[i];
	sort_view = v;
	qsort(order, zs->n, sizeof(*order), cmp_zone);
	for (i = 0; i < zs->n; i++) {
		const struct mv_zone *z = order[i];
		char f[32], mn[32], lo[32], hi[32], hr[32];
		long long h = zone_headroom(z);

		l = mv_pane_line(p);
		size_of(f, sizeof(f), z->free, v);
		size_of(hi, sizeof(hi), z->high, v);
		size_of(hr + 1, sizeof(hr) - 1, h, v);
		hr[0] = '+';
		if (wide) {
			size_of(mn, sizeof(mn), z->min, v);
			size_of(lo, sizeof(lo), z->low, v);
			mv_line_add(l, MV_TA_NORMAL, "%4d %-7s %8s %8s %8s %8s %9s ", z->node, z->name,
				    f, mn, lo, hi, h >= 0 ? hr : hr + 1);
		} else {
			mv_line_add(l, MV_TA_NORMAL, "%4d %-7s %8s %8s %9s ", z->node, z->name, f, hi,
				    h >= 0 ? hr : hr + 1);
		}
		mv_line_add(l, state_attr(z->state), "%-5s", z->state);
		mv_line_add(l, MV_TA_NORMAL, " ");
		zone_bar(l, z, width - l->len - 2);
	}
	free(order);
}

/* ---- reclaim ---- */

/* 1234 -> "1234", 12345 -> "12.3k", as the width of a rate column wants */
static const char *count(char *buf, size_t len, double v)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else if (v < 10000)
		snprintf(buf, len, v < 10 && v != (long long)v ? "%.1f" : "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, len, "%.1fM", v / 1e6);
	else
		snprintf(buf, len, "%.1fG", v / 1e9);
	return buf;
}

typedef double (*metric_fn)(const struct mv_top_point *a, const struct mv_top_point *b);

#define RATE(field) \
	static double r_##field(const struct mv_top_point *a, const struct mv_top_point *b) \
	{ \
		return (double)(b->c.field - a->c.field) / (b->t - a->t); \
	}
RATE(pgscan_kswapd)
RATE(pgsteal_kswapd)
RATE(pgscan_direct)
RATE(pgsteal_direct)
RATE(allocstall)
RATE(refault)
RATE(oom_kill)
#undef RATE

static double psi_some(const struct mv_top_point *a, const struct mv_top_point *b)
{
	(void)a;
	return b->psi.ok ? b->psi.some[0] : -1;
}

static double psi_full(const struct mv_top_point *a, const struct mv_top_point *b)
{
	(void)a;
	return b->psi.has_full ? b->psi.full[0] : -1;
}

/* Two points a rate can come from: both read, times known and apart. */
static bool rate_ok(const struct mv_top_point *a, const struct mv_top_point *b)
{
	return a->vm_ok && b->vm_ok && a->t >= 0 && b->t > a->t;
}

/*
 * The metric over each interval (or at each point for PSI) of the last
 * window seconds, oldest left, right-aligned in @w cells: ' ' no value,
 * '_' zero, then .:-=+*# up to the window's largest value.
 */
static void spark(struct mv_line *l, const struct mv_top_view *v, metric_fn fn, bool is_rate, int w)
{
	static const char levels[] = ".:-=+*#";
	double val[MV_LINE_MAX], max = 0;
	size_t i, n = 0;
	double tl;
	int x;

	if (w <= 0 || !v->nhist)
		return;
	if (w > MV_LINE_MAX - 8)
		w = MV_LINE_MAX - 8;
	tl = v->hist[v->nhist - 1].t;
	for (i = v->nhist; i-- > (is_rate ? 1 : 0) && n < (size_t)w;) {
		const struct mv_top_point *b = &v->hist[i], *a = i ? &v->hist[i - 1] : b;

		if (tl >= 0 && b->t >= 0 && tl - b->t > v->window)
			break;
		if (is_rate && !rate_ok(a, b))
			val[n++] = -1;
		else
			val[n++] = fn(a, b);
	}
	for (i = 0; i < n; i++)
		if (val[i] > max)
			max = val[i];
	for (x = 0; x < w - (int)n; x++)
		mv_line_add(l, MV_TA_NORMAL, " ");
	for (i = n; i-- > 0;) {
		char c;

		if (val[i] < 0)
			c = ' ';
		else if (val[i] == 0)
			c = '_';
		else
			c = levels[(int)(val[i] * 6.999 / max)];
		mv_line_add(l, val[i] > 0 ? MV_TA_HIGH : MV_TA_DIM, "%c", c);
	}
}

struct rrow {
	const char *name;
	metric_fn fn;
	size_t off;	/* the total in struct mv_counters */
};

static void pane_reclaim(struct mv_pane *p, const struct mv_top_view *v, int width)
{
	static const struct rrow rows[] = {
		{ "kswapd scan", r_pgscan_kswapd, offsetof(struct mv_counters, pgscan_kswapd) },
		{ "kswapd steal", r_pgsteal_kswapd, offsetof(struct mv_counters, pgsteal_kswapd) },
		{ "direct scan", r_pgscan_direct, offsetof(struct mv_counters, pgscan_direct) },
		{ "direct steal", r_pgsteal_direct, offsetof(struct mv_counters, pgsteal_direct) },
		{ "allocstall", r_allocstall, offsetof(struct mv_counters, allocstall) },
		{ "refault", r_refault, offsetof(struct mv_counters, refault) },
		{ "oom kills", r_oom_kill, offsetof(struct mv_counters, oom_kill) },
	};
	const struct mv_top_point *b = &v->f->pt, *a = v->nhist > 1 ? &v->hist[v->nhist - 2] : NULL;
	bool rates = a && rate_ok(a, b);
	struct mv_line *l;
	char r1[32], r2[32], buf[64];
	int sw;
	size_t i;

	if (rates)
		snprintf(buf, sizeof(buf), "per second over %.1f s", b->t - a->t);
	else
		snprintf(buf, sizeof(buf), "%s", b->t < 0 ? "a snapshot, totals since boot" :
			 "rates from the next sample");
	snprintf(r1, sizeof(r1), "%.0f", v->window);
	{
		char t[MV_LINE_MAX];

		snprintf(t, sizeof(t), "Reclaim: %s; sparklines: last %s s", buf, r1);
		title(p, MV_PANE_RECLAIM, v, t);
	}
	l = mv_pane_line(p);
	p->fixed = 1;
	mv_line_add(l, MV_TA_COLHDR, "%-13s %9s %13s  %s", "", "per second", "since boot", "last minute");
	sw = width - 40;
	if (!b->vm_ok) {
		empty(p, "no /proc/vmstat (see the status line)");
	} else {
		for (i = 0; i < MV_ARRAY_SIZE(rows); i++) {
			long long total = *(const long long *)((const char *)&b->c + rows[i].off);

			l = mv_pane_line(p);
			mv_line_add(l, MV_TA_BOLD, "%-13s", rows[i].name);
			mv_line_add(l, MV_TA_NORMAL, " %9s %13lld  ",
				    count(r2, sizeof(r2), rates ? rows[i].fn(a, b) : -1), total);
			spark(l, v, rows[i].fn, true, sw);
		}
	}
	for (i = 0; i < 2; i++) {
		const struct mv_psi *s = &b->psi;
		const double *d = i ? s->full : s->some;

		l = mv_pane_line(p);
		mv_line_add(l, MV_TA_BOLD, "%-13s", i ? "PSI full" : "PSI some");
		if (!s->ok || (i && !s->has_full)) {
			mv_line_add(l, MV_TA_DIM, " %9s %13s  (no /proc/pressure/memory)", "-", "-");
			continue;
		}
		snprintf(r1, sizeof(r1), "%.2f%%", d[0]);
		snprintf(r2, sizeof(r2), "%.1fs", (double)(i ? s->full_total : s->some_total) / 1e6);
		mv_line_add(l, d[0] >= 10 ? MV_TA_MIN : d[0] > 0 ? MV_TA_HIGH : MV_TA_NORMAL, " %9s", r1);
		mv_line_add(l, MV_TA_NORMAL, " %13s  ", r2);
		spark(l, v, i ? psi_full : psi_some, false, sw);
		if (width >= 110)
			mv_line_add(l, MV_TA_DIM, "  avg10 (avg60 %.2f%%, avg300 %.2f%%)", d[1], d[2]);
	}
	l = mv_pane_line(p);
	mv_line_add(l, MV_TA_BOLD, "%-13s ", "kswapd");
	if (!v->f->nnodes)
		mv_line_add(l, MV_TA_DIM, "no node facts");
	for (i = 0; i < (size_t)v->f->nnodes; i++) {
		const struct mv_nodefacts *n = &v->f->nf[i];

		mv_line_add(l, MV_TA_NORMAL, "%snode %d ", i ? "; " : "", n->node);
		mv_line_add(l, !strcmp(n->kswapd_state, "running") ? MV_TA_HIGH : MV_TA_NORMAL, "%s",
			    n->kswapd_state[0] ? n->kswapd_state : "?");
		if (n->kswapd_failures > 0)
			mv_line_add(l, MV_TA_MIN, " failures %lld", n->kswapd_failures);
		if (n->balanced == 0)
			mv_line_add(l, MV_TA_LOW, " unbalanced");
	}
}

/* ---- OOM ---- */

static int cmp_task(const void *a, const void *b)
{
	const struct mv_top_task *x = a, *y = b;
	long long kx = 0, ky = 0;

	switch (sort_view->ui->sort[MV_PANE_OOM]) {
	case 1:
		kx = x->anon + x->file + x->shmem;
		ky = y->anon + y->file + y->shmem;
		break;
	case 2:
		kx = x->adj;
		ky = y->adj;
		break;
	case 3:
		kx = -x->pid;
		ky = -y->pid;
		break;
	}
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The newest kill, on two lines: who and why, then by whom and when. */
static void event_lines(struct mv_pane *p, const struct mv_top_view *v)
{
	const struct mv_top_frame *f = v->f;
	const struct mv_top_event *e = &f->ev;
	struct mv_line *l = mv_pane_line(p), *m;
	int at = v->ui->flash > 0 ? MV_TA_FLASH : MV_TA_BOLD;

	p->fixed++;
	if (!f->ev_file) {
		if (f->pt.vm_ok)
			mv_line_add(l, v->ui->flash > 0 ? MV_TA_FLASH : MV_TA_DIM,
				    "%s: %lld since boot (/proc/vmstat oom_kill); no oom_events file to name them",
				    v->ui->flash > 0 ? "NEW OOM KILL" : "kills", f->pt.c.oom_kill);
		else
			mv_line_add(l, MV_TA_DIM, "kills: no oom_events file");
		return;
	}
	if (!f->nev) {
		mv_line_add(l, MV_TA_DIM, "no OOM kill recorded since memviz loaded");
		return;
	}
	mv_line_add(l, at, "%s #%lld: pid %lld %s, %s OOM, %lld points",
		    v->ui->flash > 0 ? "NEW OOM KILL" : "last kill", e->seq, e->pid, e->comm,
		    e->constraint, e->points);
	m = mv_pane_line(p);
	p->fixed++;
	mv_line_add(m, MV_TA_NORMAL, "  by %s (pid %lld)", e->trigger, e->trigger_pid);
	if (f->now_boot_ns >= 0 && e->boot_ns >= 0 && f->now_boot_ns >= e->boot_ns)
		mv_line_add(m, MV_TA_NORMAL, ", %.1f s before this sample",
			    (double)(f->now_boot_ns - e->boot_ns) / 1e9);
	if (e->memcg_id >= 0 && e->memcg_max >= 0) {
		char u[32], x[32];

		mv_line_add(m, MV_TA_NORMAL, "; memcg %lld at %s of %s", e->memcg_id,
			    size_of(u, sizeof(u), e->memcg_usage, v), size_of(x, sizeof(x), e->memcg_max, v));
	}
	mv_line_add(m, MV_TA_NORMAL, "; %zu kill%s in oom_events", f->nev, f->nev > 1 ? "s" : "");
}

static void pane_oom(struct mv_pane *p, const struct mv_top_view *v, int width)
{
	const struct mv_top_frame *f = v->f;
	bool wide = width >= 100;
	struct mv_top_task *t;
	struct mv_line *l;
	size_t i;

	title(p, MV_PANE_OOM, v, "OOM: the next victims, in kill order");
	if (v->ui->flash > 0)
		p->title_attr = MV_TA_FLASH;
	p->want = 5;
	event_lines(p, v);
	if (f->exiting) {
		l = mv_pane_line(p);
		mv_line_add(l, MV_TA_LOW, "pid %d is an OOM victim still exiting: the kernel kills nobody new until it is gone",
			    f->exiting_pid);
		p->fixed++;
	}
	l = mv_pane_line(p);
	p->fixed++;
	mv_line_add(l, MV_TA_COLHDR, "%4s %7s %-15s %9s %5s %5s %8s %8s %8s", "rank", "pid", "comm",
		    "points", "score", "adj", "anon", "file", "shmem");
	if (wide)
		mv_line_add(l, MV_TA_COLHDR, " %8s %8s", "swap", "pgtables");
	if (!f->tasks_ok || !f->ntask) {
		empty(p, f->tasks_ok ? "no eligible task" : "no OOM ranking (see the status line)");
		return;
	}
	t = mv_xcalloc(f->ntask, sizeof(*t));
	memcpy(t, f->task, f->ntask * sizeof(*t));
	sort_view = v;
	qsort(t, f->ntask, sizeof(*t), cmp_task);
	for (i = 0; i < f->ntask; i++) {
		char an[32], fi[32], sh[32], sw[32], pt[32];

		l = mv_pane_line(p);
		mv_line_add(l, t[i].rank <= 5 ? MV_TA_BOLD : MV_TA_NORMAL, "%4lld", t[i].rank);
		mv_line_add(l, t[i].rank == 1 ? MV_TA_LOW : MV_TA_NORMAL, " %7d %-15.15s", t[i].pid,
			    t[i].comm);
		mv_line_add(l, MV_TA_NORMAL, " %9lld %5lld %5lld %8s %8s %8s", t[i].points, t[i].score,
			    t[i].adj, size_of(an, sizeof(an), t[i].anon, v),
			    size_of(fi, sizeof(fi), t[i].file, v), size_of(sh, sizeof(sh), t[i].shmem, v));
		if (wide)
			mv_line_add(l, MV_TA_NORMAL, " %8s %8s", size_of(sw, sizeof(sw), t[i].swap, v),
				    size_of(pt, sizeof(pt), t[i].pgtables, v));
	}
	free(t);
}

/* ---- cgroups ---- */

/* The lower of high and max that is set, or -1. */
static long long cg_limit(const struct mv_top_cg *c)
{
	long long l = -1;

	if (c->max >= 0)
		l = c->max;
	if (c->high >= 0 && (l < 0 || c->high < l))
		l = c->high;
	return l;
}

static double cg_use(const struct mv_top_cg *c)
{
	long long l = cg_limit(c);

	return l > 0 && c->current >= 0 ? (double)c->current * 100 / (double)l : -1;
}

static int cmp_cg(const void *a, const void *b)
{
	const struct mv_top_cg *x = a, *y = b;
	double kx = 0, ky = 0;

	switch (sort_view->ui->sort[MV_PANE_CGROUPS]) {
	case 0:
		kx = x->psi.ok ? x->psi.some[0] : -1;
		ky = y->psi.ok ? y->psi.some[0] : -1;
		if (kx == ky) {
			kx = cg_use(x);
			ky = cg_use(y);
		}
		break;
	case 1:
		kx = cg_use(x);
		ky = cg_use(y);
		break;
	case 2:
		kx = (double)x->current;
		ky = (double)y->current;
		break;
	}
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcmp(x->path, y->path);
}

static const char *cg_size(char *buf, size_t len, long long v, const struct mv_top_view *u)
{
	if (v == MV_CG_UNLIMITED)
		return "max";
	if (v < 0)
		return "-";
	return size_of(buf, len, v, u);
}

static void pane_cgroups(struct mv_pane *p, const struct mv_top_view *v, int width)
{
	const struct mv_top_frame *f = v->f;
	int pw = width - 55;
	struct mv_top_cg *c;
	struct mv_line *l;
	char t[MV_LINE_MAX];
	size_t i;

	if (pw < 12)
		pw = 12;
	if (pw > 60)
		pw = 60;
	snprintf(t, sizeof(t), "Cgroups: usage vs memory.high/max, memory PSI (%s)",
		 f->ncg ? f->cg_src : "none");
	title(p, MV_PANE_CGROUPS, v, t);
	p->want = 10;
	l = mv_pane_line(p);
	p->fixed = 1;
	mv_line_add(l, MV_TA_COLHDR, "%-*s %8s %8s %8s %5s %7s %7s", pw, "cgroup", "current", "high",
		    "max", "use%", "some10", "full10");
	if (!f->ncg) {
		empty(p, "no cgroups (see the status line)");
		return;
	}
	c = mv_xcalloc(f->ncg, sizeof(*c));
	memcpy(c, f->cg, f->ncg * sizeof(*c));
	sort_view = v;
	qsort(c, f->ncg, sizeof(*c), cmp_cg);
	for (i = 0; i < f->ncg; i++) {
		char cu[32], hi[32], mx[32], u[16], s10[16], f10[16];
		double use = cg_use(&c[i]);
		size_t len = strlen(c[i].path);
		const char *path = c[i].path;

		if (len > (size_t)pw)	/* the end of a path says most */
			path += len - (size_t)pw;
		snprintf(u, sizeof(u), use >= 0 ? "%.0f" : "-", use);
		snprintf(s10, sizeof(s10), c[i].psi.ok ? "%.2f" : "-", c[i].psi.some[0]);
		snprintf(f10, sizeof(f10), c[i].psi.has_full ? "%.2f" : "-", c[i].psi.full[0]);
		l = mv_pane_line(p);
		mv_line_add(l, MV_TA_NORMAL, "%-*s %8s %8s %8s ", pw, path,
			    cg_size(cu, sizeof(cu), c[i].current, v), cg_size(hi, sizeof(hi), c[i].high, v),
			    cg_size(mx, sizeof(mx), c[i].max, v));
		mv_line_add(l, use >= 90 ? MV_TA_MIN : use >= 75 ? MV_TA_HIGH : MV_TA_NORMAL, "%5s", u);
		mv_line_add(l, c[i].psi.ok && c[i].psi.some[0] > 0 ? MV_TA_HIGH : MV_TA_NORMAL, " %7s %7s",
			    s10, f10);
	}
	free(c);
}

void mv_top_panes(struct mv_pane *p, const struct mv_top_view *v, int width)
{
	int i;

	for (i = 0; i < MV_PANES; i++)
		memset(&p[i], 0, sizeof(p[i]));
	pane_zones(&p[MV_PANE_ZONES], v, width);
	pane_reclaim(&p[MV_PANE_RECLAIM], v, width);
	pane_oom(&p[MV_PANE_OOM], v, width);
	pane_cgroups(&p[MV_PANE_CGROUPS], v, width);
}
