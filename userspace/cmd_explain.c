// SPDX-License-Identifier: GPL-2.0
/*
 * memviz explain: a diagnosis in sentences.  Every sentence is computed
 * from a number in the tables printed below it (zones, event rates over
 * one second, reclaim cost, the OOM ranking, the sysctls), so a reader
 * can check each claim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "counters.h"
#include "memviz.h"
#include "output.h"
#include "reclaimset.h"
#include "source.h"
#include "tasks.h"
#include "units.h"
#include "util.h"
#include "views.h"
#include "zoneset.h"

#define HS 40

struct ctx {
	struct mv_report *r;
	long ps;
	bool raw;	/* --pages: numbers as the tables hold them */
};

static const char *pg(char *b, const struct ctx *c, long long pages)
{
	if (c->raw) {
		snprintf(b, HS, "%lld pages", pages);
		return b;
	}
	return mv_human_pages(b, HS, pages, c->ps);
}

static const char *kb(char *b, const struct ctx *c, long long kib)
{
	if (c->raw) {
		snprintf(b, HS, "%lld kB", kib);
		return b;
	}
	return mv_human_kb(b, HS, kib);
}

static void explain_zones(struct ctx *c, const struct mv_zoneset *zs)
{
	size_t i, below = 0;
	char a[HS], b[HS], d[HS];

	for (i = 0; i < zs->n; i++) {
		const struct mv_zone *z = &zs->z[i];

		if (!strcmp(z->state, "ok"))
			continue;
		below++;
		if (!strcmp(z->state, "min"))
			mv_report_line(c->r, "- Node %d %s: free %s is at or below min %s: allocations that reach this zone must reclaim directly (direct reclaim) and stall; only __GFP_HIGH and PF_MEMALLOC allocations may dip below.",
				       z->node, z->name, pg(a, c, z->free), pg(b, c, z->min));
		else if (!strcmp(z->state, "low"))
			mv_report_line(c->r, "- Node %d %s: free %s is at or below low %s: the allocator wakes kswapd, which reclaims in the background until free is above high %s.",
				       z->node, z->name, pg(a, c, z->free), pg(b, c, z->low), pg(d, c, z->high));
		else
			mv_report_line(c->r, "- Node %d %s: free %s is between low %s and high %s: kswapd, if already awake, keeps reclaiming until free is above high; nothing new is triggered.",
				       z->node, z->name, pg(a, c, z->free), pg(b, c, z->low), pg(d, c, z->high));
		if (z->boost > 0)
			mv_report_line(c->r, "  Its marks include a watermark boost of %s (fragmentation event; watermark_boost_factor), which kswapd reclaims away.",
				       pg(a, c, z->boost));
	}
	if (!below)
		mv_report_line(c->r, "- All %zu zones have free pages above their high watermark: no reclaim is needed for order-0 allocations.",
			       zs->n);
}

static void explain_kswapd(struct ctx *c, const struct mv_nodefacts *nf, int n, bool mod)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct mv_nodefacts *f = &nf[i];

		if (f->unreclaimable == 1)
			mv_report_line(c->r, "- Node %d: kswapd has failed %lld times in a row (>= 16): the node counts as unreclaimable, kswapd stops trying and allocations that cannot be met will end in the OOM killer.",
				       f->node, f->kswapd_failures);
		else if (f->kswapd_failures > 0)
			mv_report_line(c->r, "- Node %d: kswapd's last %lld runs reclaimed nothing (failures=%lld, unreclaimable at 16).",
				       f->node, f->kswapd_failures, f->kswapd_failures);
		else if (f->kswapd_state[0])
			mv_report_line(c->r, "- Node %d: kswapd is %s%s.", f->node, f->kswapd_state,
				       f->balanced == 1 ? " and considers the node balanced" :
				       f->balanced == 0 ? " and does not consider the node balanced: it has work to do" : "");
	}
	if (!mod)
		mv_report_line(c->r, "- (Without the module, kswapd's failure count and balance check are not visible.)");
}

static void explain_rates(struct ctx *c, const struct mv_counters *a, const struct mv_counters *b)
{
	struct mv_otab *t = mv_otab_new(c->r, "events", "vm events (%s/vmstat)%s", mv_proc_root(),
					b ? ", per second over the sample" : ", since boot");
	double dt = b ? b->t - a->t : 1;
	const struct mv_counters *e = b ? b : a;
	long long scan_direct, stall, scan_kswapd, ooms;

	if (dt <= 0)
		dt = 1;
#define RATE(f) (b ? (long long)((double)(b->f - a->f) * 100 / dt) : a->f * 100)
	mv_otab_col(t, "interval_ns", MV_NS, false);
	mv_otab_col(t, "pgscan_kswapd", MV_RATE, false);
	mv_otab_col(t, "pgscan_direct", MV_RATE, false);
	mv_otab_col(t, "pgsteal_kswapd", MV_RATE, false);
	mv_otab_col(t, "pgsteal_direct", MV_RATE, false);
	mv_otab_col(t, "allocstall", MV_RATE, false);
	mv_otab_col(t, "refault", MV_RATE, false);
	mv_otab_col(t, "oom_kill", MV_RATE, false);
	mv_otab_col(t, "oom_kill_total", MV_COUNTER, false);
	mv_otab_col(t, "allocstall_total", MV_COUNTER, false);
	mv_otab_row(t);
	mv_put(t, "interval_ns", (long long)(dt * 1e9));
	mv_put(t, "pgscan_kswapd", scan_kswapd = RATE(pgscan_kswapd));
	mv_put(t, "pgscan_direct", scan_direct = RATE(pgscan_direct));
	mv_put(t, "pgsteal_kswapd", RATE(pgsteal_kswapd));
	mv_put(t, "pgsteal_direct", RATE(pgsteal_direct));
	mv_put(t, "allocstall", stall = RATE(allocstall));
	mv_put(t, "refault", RATE(refault));
	mv_put(t, "oom_kill", ooms = RATE(oom_kill));
	mv_put(t, "oom_kill_total", e->oom_kill);
	mv_put(t, "allocstall_total", e->allocstall);
#undef RATE
	if (!b) {
		mv_report_line(c->r, "- Offline snapshot: only totals since boot: %lld allocation stalls, %lld OOM kills.",
			       e->allocstall, e->oom_kill);
		return;
	}
	if (stall || scan_direct)
		mv_report_line(c->r, "- Direct reclaim is happening now: %lld.%02lld allocation stalls/s and %lld.%02lld pages/s scanned by allocating tasks.",
			       stall / 100, stall % 100, scan_direct / 100, scan_direct % 100);
	else
		mv_report_line(c->r, "- No direct reclaim and no allocation stalls in the last %.1f s.", dt);
	if (scan_kswapd)
		mv_report_line(c->r, "- kswapd scanned %lld.%02lld pages/s in that time.", scan_kswapd / 100, scan_kswapd % 100);
	if (ooms)
		mv_report_line(c->r, "- The OOM killer killed in that time (%lld.%02lld kills/s).", ooms / 100, ooms % 100);
	else if (e->oom_kill)
		mv_report_line(c->r, "- %lld OOM kill(s) since boot, none in the last %.1f s.", e->oom_kill, dt);
}

/* Per zone, from the reclaim file's cost classes (or what stands in for it). */
static void explain_cost(struct ctx *c, const struct mv_reclaimset *rs)
{
	long long swap_total = 0, swap_free = 0;
	char a[HS], b[HS], d[HS], e[HS], f[HS], g[HS];
	size_t i, shown = 0;

	for (i = 0; i < rs->n; i++) {
		const struct mv_rzone *z = &rs->z[i];
		char where[48];

		if (!z->reclaimable && !z->anon && !z->shmem && z->shortfall_high <= 0)
			continue;
		shown++;
		snprintf(where, sizeof(where), "Node %d%s%s", z->node, z->zone[0] ? " " : "", z->zone);
		mv_report_line(c->r, "- %s: %s of clean page cache can be dropped without I/O; %s dirty and %s under writeback must be written first; %s anonymous and %s shmem need swap, %s of it swappable now.",
			       where, pg(a, c, z->clean), pg(b, c, z->dirty), pg(d, c, z->writeback),
			       pg(e, c, z->anon), pg(f, c, z->shmem),
			       z->swappable >= 0 ? pg(g, c, z->swappable) : "an unknown part");
		if (z->shortfall_high > 0)
			mv_report_line(c->r, "  It must free %s to pass its high mark: %s.", pg(a, c, z->shortfall_high),
				       z->clean >= z->shortfall_high ? "clean page cache alone covers that, cheaply" :
				       z->reclaimable >= z->shortfall_high ? "only with writeback or swap-out, which is slow" :
				       "even everything reclaimable does not cover it");
	}
	if (!shown)
		mv_report_line(c->r, "- No zone holds reclaimable LRU pages.");
	if (rs->src == MV_RC_PROC)
		mv_report_line(c->r, "  (Estimated per node from /proc: file LRU minus the node's dirty and writeback pages; the module's reclaim file splits it per zone.)");
	mv_meminfo("SwapTotal", &swap_total);
	mv_meminfo("SwapFree", &swap_free);
	if (!swap_total)
		mv_report_line(c->r, "- There is no swap (SwapTotal 0): anonymous memory and shmem cannot be reclaimed at all, only freed by their owners or the OOM killer.");
	else
		mv_report_line(c->r, "- Swap: %s free of %s; swapping out anonymous memory and shmem is the costliest reclaim.",
			       kb(a, c, swap_free), kb(b, c, swap_total));
	for (i = 0; i < rs->nscan; i++) {
		const struct mv_rscan *sc = &rs->scan[i];

		if (sc->pgscan <= 0)
			continue;
		mv_report_line(c->r, "- Since boot %s reclaim scanned %s and reclaimed %s (efficiency %lld%%).",
			       sc->who, pg(a, c, sc->pgscan), pg(b, c, sc->pgsteal), sc->efficiency_pct);
	}
	if (rs->nscan && rs->scan[0].pgscan == 0 && (rs->nscan < 2 || rs->scan[1].pgscan == 0))
		mv_report_line(c->r, "- Since boot neither kswapd nor direct reclaim has scanned a page (memcg limit reclaim is not counted there).");
}

/* Memcgs close to their limit, and whom a memcg OOM there would take. */
static void explain_memcgs(struct ctx *c, const struct mv_tasks *ts)
{
	static const struct mv_known known[] = { { "oom_memcg", 1 }, { NULL, 0 } };
	const struct mv_table *t;
	struct mv_doc doc;
	char err[512], a[HS], b[HS];
	long long nolimit = -1;
	size_t r, shown = 0;

	(void)ts;
	if (mv_load("oom_memcg", &doc, known, err, sizeof(err)) != MV_SRC_OK)
		return;
	t = &doc.t[0];
	mv_parse_ll(mv_fact(t, "max"), &nolimit);
	for (r = 0; r < t->nrows && shown < 8; r++) {
		const char *state = mv_get_str(t, r, "state"), *path = mv_get_str(t, r, "cgroup");
		long long max, cur, vpid, vpts, tp, wpid;

		if (!state || !path || !mv_get(t, r, "memory_max", &max) ||
		    !mv_get(t, r, "memory_current", &cur) || max == nolimit || max <= 0 ||
		    cur * 10 < max * 9)
			continue;
		shown++;
		mv_report_line(c->r, "- memcg %s uses %s of its memory.max %s (%lld%%): reclaim inside it is close, and past that a memcg OOM.",
			       path, pg(a, c, cur), pg(b, c, max), cur * 100 / max);
		if (!strcmp(state, "kill") && mv_get(t, r, "victim_pid", &vpid) &&
		    mv_get(t, r, "victim_points", &vpts) && mv_get(t, r, "oom_totalpages", &tp))
			mv_report_line(c->r, "  A memcg OOM there would kill pid %lld (%s): %lld points with oom_totalpages %lld (`memviz oom --cgroup %s`).",
				       vpid, mv_get_str(t, r, "victim_comm"), vpts, tp, path);
		else if (!strcmp(state, "wait") && mv_get(t, r, "in_progress_pid", &wpid))
			mv_report_line(c->r, "  Its earlier OOM victim pid %lld is still exiting: the kernel kills nothing new there until it is gone.",
				       wpid);
		else if (!strcmp(state, "none"))
			mv_report_line(c->r, "  No task in it is eligible: a memcg OOM there would find no victim.");
	}
	mv_doc_free(&doc);
}

static void explain_oom(struct ctx *c, struct mv_tasks *ts)
{
	const struct mv_task *v;
	const char *what = "anonymous memory (rss_anon)";
	long long most, adjp;
	char a[HS], b[HS];

	if (ts->victims)
		mv_report_line(c->r, "- pid %d was chosen by the OOM killer and is still exiting: the kernel kills nobody new until it is gone.",
			       ts->victim_pid);
	if (!ts->n || ts->t[0].why) {
		mv_report_line(c->r, "- No process is eligible for the OOM killer: an OOM would panic the system.");
		return;
	}
	v = &ts->t[0];
	most = v->rss_anon;
	if (v->rss_file > most) {
		most = v->rss_file;
		what = "file pages mapped (rss_file)";
	}
	if (v->rss_shmem > most) {
		most = v->rss_shmem;
		what = "shared memory (rss_shmem)";
	}
	if (v->swapents > most) {
		most = v->swapents;
		what = "swapped-out pages (swapents)";
	}
	adjp = v->adj * (ts->totalpages / 1000);
	if (adjp > most) {
		most = adjp;
		what = "its oom_score_adj bonus";
	}
	mv_report_line(c->r, "- The OOM killer would take pid %d (%s): %lld points of %s totalpages, oom_score %lld; most of it is %s (%s).",
		       v->pid, v->comm, v->points, pg(b, c, ts->totalpages),
		       v->score, what, pg(a, c, most));
	if (v->adj)
		mv_report_line(c->r, "  Its oom_score_adj %lld shifts its points by %lld pages.", v->adj, adjp);
}

static void explain_tunables(struct ctx *c, int nodes)
{
	long long v;

	if (mv_sysctl_value("min_free_kbytes", &v))
		mv_report_line(c->r, "- min_free_kbytes=%lld sets the min marks (split across zones by size); watermark_scale_factor sets the gaps to low and high.", v);
	if (mv_sysctl_value("watermark_scale_factor", &v))
		mv_report_line(c->r, "- watermark_scale_factor=%lld: min, low and high are %lld.%02lld%% of each zone's managed pages apart (or min/4, if larger): kswapd wakes at low and sleeps above high. `memviz whatif` shows other values.",
			       v, v / 100, v % 100);
	if (mv_sysctl_value("swappiness", &v))
		mv_report_line(c->r, "- swappiness=%lld weighs anonymous against file reclaim (0..200; 0 swaps only to avoid OOM).", v);
	if (nodes > 1 && mv_sysctl_value("zone_reclaim_mode", &v))
		mv_report_line(c->r, "- zone_reclaim_mode=%lld: %s", v,
			       v ? "allocations reclaim on their local node before falling back to others." :
				   "allocations fall back to other nodes before reclaiming locally.");
	if (mv_sysctl_value("panic_on_oom", &v) && v)
		mv_report_line(c->r, "- panic_on_oom=%lld: an OOM panics the machine instead of killing a process.", v);
	if (mv_sysctl_value("oom_kill_allocating_task", &v) && v)
		mv_report_line(c->r, "- oom_kill_allocating_task=%lld: a global OOM kills the task that triggered it, not the top of the ranking.", v);
	if (mv_sysctl_value("overcommit_memory", &v))
		mv_report_line(c->r, "- overcommit_memory=%lld: %s", v,
			       v == 2 ? "strict accounting; allocations fail (ENOMEM) before memory runs out, instead of OOM kills." :
			       v == 1 ? "never refuse: every allocation succeeds and pressure ends in reclaim or OOM." :
					"heuristic: obvious overcommits are refused, the rest ends in reclaim or OOM.");
}

int mv_cmd_explain(int argc, char **argv, struct mv_opts *o)
{
	struct mv_counters c1, c2;
	struct mv_nodefacts nf[256];
	struct mv_reclaimset rs;
	struct mv_zoneset zs;
	struct mv_tasks ts;
	struct mv_report r;
	struct ctx c;
	char note[768], err[512];
	bool mod, have_tasks = false;
	int n;

	(void)argv;
	if (argc > 1) {
		mv_err("explain takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_zoneset_load(&zs, note, sizeof(note))) {
		mv_err("%s", note);
		return MV_EXIT_FAIL;
	}
	o->page_size = zs.page_size;
	mv_report_init(&r, "explain", o);
	r.kernel = zs.kernel;
	r.source = zs.from_module ? mv_source_dir() : mv_proc_root();
	c.r = &r;
	c.ps = zs.page_size;
	c.raw = o->pages;
	if (!zs.from_module)
		mv_report_note(&r, "%s", note);
	n = mv_nodefacts_load(&zs, nf, 256, &mod);

	mv_report_line(&r, "== Watermarks");
	explain_zones(&c, &zs);
	mv_report_line(&r, "== kswapd and direct reclaim");
	explain_kswapd(&c, nf, n, mod);
	if (!mv_counters_read(&c1)) {
		if (!mv_source_offline()) {
			struct timespec d = { 1, 0 };

			nanosleep(&d, NULL);
			mv_counters_read(&c2);
		}
		explain_rates(&c, &c1, mv_source_offline() ? NULL : &c2);
	}
	mv_report_line(&r, "== Reclaim cost");
	mv_reclaimset_load(&rs, nf, n, zs.page_size);
	explain_cost(&c, &rs);
	mv_report_line(&r, "== OOM");
	/* Offline, only a snapshot's oom file can rank: DIR/proc has no pids. */
	if (!mv_tasks_load(&ts, zs.page_size, err, sizeof(err))) {
		have_tasks = true;
		mv_tasks_score(&ts, ts.totalpages);
		mv_tasks_rank(&ts);
		explain_oom(&c, &ts);
		explain_memcgs(&c, &ts);
	} else {
		mv_report_line(&r, "- No OOM ranking: %s.", err);
	}
	mv_report_line(&r, "== Tunables");
	explain_tunables(&c, n);

	mv_zones_table(&r, &zs);
	r.tabs[r.ntabs - 1]->title[0] = '\0';
	mv_reclaimset_table(&r, &rs);
	mv_reclaimset_free(&rs);
	if (have_tasks) {
		mv_oom_table(&r, &ts, 3, "oom");
		mv_tasks_free(&ts);
	}
	mv_sysctl_table(&r);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_zoneset_free(&zs);
	return 0;
}
