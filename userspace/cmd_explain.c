// SPDX-License-Identifier: GPL-2.0
/*
 * memviz explain: a diagnosis in sentences.  Every sentence is computed
 * from a number in the tables printed below it (zones, event rates over
 * one second, reclaim cost, the OOM ranking, the sysctls), so a reader
 * can check each claim.  Each sentence is also a finding (an id, a
 * severity, its scope and the numbers it cites) for JSON, and --check
 * reduces them to one verdict line and a Nagios exit status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cgset.h"
#include "counters.h"
#include "memviz.h"
#include "output.h"
#include "reclaimset.h"
#include "source.h"
#include "tasks.h"
#include "units.h"
#include "util.h"
#include "orderset.h"
#include "views.h"
#include "zoneset.h"

#define HS 40

struct ctx {
	struct mv_report *r;
	long ps;
	bool raw;	/* --pages: numbers as the tables hold them */
};

static void sayv(struct ctx *c, const char *lead, const char *id, enum mv_severity sev,
		 const char *scope, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static void sayv(struct ctx *c, const char *lead, const char *id, enum mv_severity sev,
		 const char *scope, const char *fmt, va_list ap)
{
	char text[1024];

	vsnprintf(text, sizeof(text), fmt, ap);
	mv_report_line(c->r, "%s%s", lead, text);
	mv_report_finding(c->r, id, sev, scope, text);
}

/* A finding: a sentence of the text, an object of the JSON. */
static void say(struct ctx *c, const char *id, enum mv_severity sev, const char *scope,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void say(struct ctx *c, const char *id, enum mv_severity sev, const char *scope,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sayv(c, "- ", id, sev, scope, fmt, ap);
	va_end(ap);
}

/* The same, as a sentence that continues the one before it. */
static void more(struct ctx *c, const char *id, enum mv_severity sev, const char *scope,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void more(struct ctx *c, const char *id, enum mv_severity sev, const char *scope,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sayv(c, "  ", id, sev, scope, fmt, ap);
	va_end(ap);
}

#define NUM(k, v) mv_finding_num(c->r, k, v)

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
		char scope[48];

		if (!strcmp(z->state, "ok"))
			continue;
		below++;
		snprintf(scope, sizeof(scope), "node %d zone %s", z->node, z->name);
		if (!strcmp(z->state, "min"))
			say(c, "zone_below_min", MV_SEV_CRITICAL, scope, "Node %d %s: free %s is at or below min %s: allocations that reach this zone must reclaim directly (direct reclaim) and stall; only __GFP_HIGH and PF_MEMALLOC allocations may dip below.",
			    z->node, z->name, pg(a, c, z->free), pg(b, c, z->min));
		else if (!strcmp(z->state, "low"))
			say(c, "zone_below_low", MV_SEV_WARNING, scope, "Node %d %s: free %s is at or below low %s: the allocator wakes kswapd, which reclaims in the background until free is above high %s.",
			    z->node, z->name, pg(a, c, z->free), pg(b, c, z->low), pg(d, c, z->high));
		else
			say(c, "zone_below_high", MV_SEV_OK, scope, "Node %d %s: free %s is between low %s and high %s: kswapd, if already awake, keeps reclaiming until free is above high; nothing new is triggered.",
			    z->node, z->name, pg(a, c, z->free), pg(b, c, z->low), pg(d, c, z->high));
		NUM("free_pages", z->free);
		NUM("min_pages", z->min);
		NUM("low_pages", z->low);
		NUM("high_pages", z->high);
		if (z->boost > 0) {
			more(c, "zone_boosted", MV_SEV_OK, scope, "Its marks include a watermark boost of %s (fragmentation event; watermark_boost_factor), which kswapd reclaims away.",
			     pg(a, c, z->boost));
			NUM("boost_pages", z->boost);
		}
	}
	if (!below) {
		say(c, "zones_above_high", MV_SEV_OK, "", "All %zu zones have free pages above their high watermark: no reclaim is needed for order-0 allocations.",
		    zs->n);
		NUM("zones", (long long)zs->n);
	}
}

static void explain_kswapd(struct ctx *c, const struct mv_nodefacts *nf, int n, bool mod)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct mv_nodefacts *f = &nf[i];
		char scope[24];

		snprintf(scope, sizeof(scope), "node %d", f->node);
		if (f->unreclaimable == 1)
			say(c, "node_unreclaimable", MV_SEV_CRITICAL, scope, "Node %d: kswapd has failed %lld times in a row (>= 16): the node counts as unreclaimable, kswapd stops trying and allocations that cannot be met will end in the OOM killer.",
			    f->node, f->kswapd_failures);
		else if (f->kswapd_failures > 0)
			say(c, "kswapd_failing", MV_SEV_WARNING, scope, "Node %d: kswapd's last %lld runs reclaimed nothing (failures=%lld, unreclaimable at 16).",
			    f->node, f->kswapd_failures, f->kswapd_failures);
		else if (f->kswapd_state[0])
			say(c, "kswapd_state", MV_SEV_OK, scope, "Node %d: kswapd is %s%s.", f->node, f->kswapd_state,
			    f->balanced == 1 ? " and considers the node balanced" :
			    f->balanced == 0 ? " and does not consider the node balanced: it has work to do" : "");
		else
			continue;
		if (f->kswapd_failures >= 0)
			NUM("kswapd_failures", f->kswapd_failures);
	}
	if (!mod)
		mv_report_line(c->r, "- (Without the module, kswapd's failure count and balance check are not visible.)");
}

static void explain_rates(struct ctx *c, const struct mv_counters *a, const struct mv_counters *b)
{
	const struct mv_counters *e = b ? b : a;
	double dt = b ? b->t - a->t : 1;
	long long scan_direct, stall, scan_kswapd, ooms;

	mv_vm_tables(c->r, a, b, 0);
	if (!b) {
		say(c, "since_boot", MV_SEV_OK, "", "Offline snapshot: only totals since boot: %lld allocation stalls, %lld OOM kills.",
		    e->allocstall, e->oom_kill);
		NUM("allocstall", e->allocstall);
		NUM("oom_kill", e->oom_kill);
		return;
	}
	if (dt <= 0)
		dt = 1;
#define RATE(f) ((long long)((double)(b->f - a->f) * 100 / dt))
	scan_kswapd = RATE(pgscan_kswapd);
	scan_direct = RATE(pgscan_direct);
	stall = RATE(allocstall);
	ooms = RATE(oom_kill);
#undef RATE
	if (stall || scan_direct) {
		say(c, "direct_reclaim_now", MV_SEV_WARNING, "", "Direct reclaim is happening now: %lld.%02lld allocation stalls/s and %lld.%02lld pages/s scanned by allocating tasks.",
		    stall / 100, stall % 100, scan_direct / 100, scan_direct % 100);
		NUM("allocstall_per_second_x100", stall);
		NUM("pgscan_direct_per_second_x100", scan_direct);
	} else {
		say(c, "no_direct_reclaim", MV_SEV_OK, "", "No direct reclaim and no allocation stalls in the last %.1f s.", dt);
	}
	if (scan_kswapd) {
		say(c, "kswapd_scanning", MV_SEV_OK, "", "kswapd scanned %lld.%02lld pages/s in that time.", scan_kswapd / 100, scan_kswapd % 100);
		NUM("pgscan_kswapd_per_second_x100", scan_kswapd);
	}
	if (ooms) {
		say(c, "oom_kills_now", MV_SEV_CRITICAL, "", "The OOM killer killed in that time (%lld.%02lld kills/s).", ooms / 100, ooms % 100);
		NUM("oom_kill", b->oom_kill - a->oom_kill);
	} else if (e->oom_kill) {
		say(c, "oom_kills_since_boot", MV_SEV_OK, "", "%lld OOM kill(s) since boot, none in the last %.1f s.", e->oom_kill, dt);
		NUM("oom_kill", e->oom_kill);
	}
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
		say(c, "reclaim_cost", MV_SEV_OK, where, "%s: %s of clean page cache can be dropped without I/O; %s dirty and %s under writeback must be written first; %s anonymous and %s shmem need swap, %s of it swappable now.",
		    where, pg(a, c, z->clean), pg(b, c, z->dirty), pg(d, c, z->writeback),
		    pg(e, c, z->anon), pg(f, c, z->shmem),
		    z->swappable >= 0 ? pg(g, c, z->swappable) : "an unknown part");
		NUM("clean_file_pages", z->clean);
		NUM("dirty_file_pages", z->dirty);
		NUM("writeback_file_pages", z->writeback);
		NUM("anon_pages", z->anon);
		NUM("shmem_pages", z->shmem);
		if (z->swappable >= 0)
			NUM("swappable_pages", z->swappable);
		if (z->shortfall_high > 0) {
			bool clean = z->clean >= z->shortfall_high, all = z->reclaimable >= z->shortfall_high;

			more(c, clean ? "shortfall_clean" : all ? "shortfall_needs_io" : "shortfall_uncovered",
			     clean ? MV_SEV_OK : all ? MV_SEV_WARNING : MV_SEV_CRITICAL, where,
			     "It must free %s to pass its high mark: %s.", pg(a, c, z->shortfall_high),
			     clean ? "clean page cache alone covers that, cheaply" :
			     all ? "only with writeback or swap-out, which is slow" :
			     "even everything reclaimable does not cover it");
			NUM("shortfall_high_pages", z->shortfall_high);
			NUM("reclaimable_pages", z->reclaimable);
		}
	}
	if (!shown)
		say(c, "nothing_reclaimable", MV_SEV_WARNING, "", "No zone holds reclaimable LRU pages.");
	if (rs->src == MV_RC_PROC)
		mv_report_line(c->r, "  (Estimated per node from /proc: file LRU minus the node's dirty and writeback pages; the module's reclaim file splits it per zone.)");
	mv_meminfo("SwapTotal", &swap_total);
	mv_meminfo("SwapFree", &swap_free);
	if (!swap_total) {
		say(c, "no_swap", MV_SEV_OK, "", "There is no swap (SwapTotal 0): anonymous memory and shmem cannot be reclaimed at all, only freed by their owners or the OOM killer.");
	} else {
		say(c, "swap", MV_SEV_OK, "", "Swap: %s free of %s; swapping out anonymous memory and shmem is the costliest reclaim.",
		    kb(a, c, swap_free), kb(b, c, swap_total));
		NUM("swap_free_kb", swap_free);
		NUM("swap_total_kb", swap_total);
	}
	for (i = 0; i < rs->nscan; i++) {
		const struct mv_rscan *sc = &rs->scan[i];

		if (sc->pgscan <= 0)
			continue;
		say(c, "reclaim_since_boot", MV_SEV_OK, sc->who, "Since boot %s reclaim scanned %s and reclaimed %s (efficiency %lld%%).",
		    sc->who, pg(a, c, sc->pgscan), pg(b, c, sc->pgsteal), sc->efficiency_pct);
		NUM("pgscan_pages", sc->pgscan);
		NUM("pgsteal_pages", sc->pgsteal);
	}
	if (rs->nscan && rs->scan[0].pgscan == 0 && (rs->nscan < 2 || rs->scan[1].pgscan == 0))
		say(c, "no_reclaim_since_boot", MV_SEV_OK, "", "Since boot neither kswapd nor direct reclaim has scanned a page (%s).",
		    rs->memcg_counted == 1 ? "this kernel counts memcg limit and high reclaim as direct, memory.reclaim as proactive" :
		    "memcg limit reclaim is not counted there");
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
		    max > (1LL << 52) || cur < 0 || cur > (1LL << 52) || cur * 10 < max * 9)
			continue;
		shown++;
		say(c, "memcg_near_limit", MV_SEV_WARNING, path, "memcg %s uses %s of its memory.max %s (%lld%%): reclaim inside it is close, and past that a memcg OOM.",
		    path, pg(a, c, cur), pg(b, c, max), cur * 100 / max);
		NUM("memory_current_pages", cur);
		NUM("memory_max_pages", max);
		if (!strcmp(state, "kill") && mv_get(t, r, "victim_pid", &vpid) &&
		    mv_get(t, r, "victim_points", &vpts) && mv_get(t, r, "oom_totalpages", &tp)) {
			more(c, "memcg_oom_victim", MV_SEV_OK, path, "A memcg OOM there would kill pid %lld (%s): %lld points with oom_totalpages %lld (`memviz oom --cgroup %s`).",
			     vpid, mv_get_str(t, r, "victim_comm"), vpts, tp, path);
			NUM("pid", vpid);
			NUM("points", vpts);
			NUM("oom_totalpages", tp);
		} else if (!strcmp(state, "wait") && mv_get(t, r, "in_progress_pid", &wpid)) {
			more(c, "memcg_oom_waiting", MV_SEV_WARNING, path, "Its earlier OOM victim pid %lld is still exiting: the kernel kills nothing new there until it is gone.",
			     wpid);
			NUM("pid", wpid);
		} else if (!strcmp(state, "none")) {
			more(c, "memcg_oom_no_victim", MV_SEV_WARNING, path, "No task in it is eligible: a memcg OOM there would find no victim.");
		}
	}
	mv_doc_free(&doc);
}

static void explain_oom(struct ctx *c, struct mv_tasks *ts)
{
	const struct mv_task *v;
	const char *what = "anonymous memory (rss_anon)";
	long long most, adjp;
	char a[HS], b[HS];

	if (ts->victims) {
		say(c, "oom_victim_exiting", MV_SEV_WARNING, "", "pid %d was chosen by the OOM killer and is still exiting: the kernel kills nobody new until it is gone.",
		    ts->victim_pid);
		NUM("pid", ts->victim_pid);
	}
	if (!ts->n || ts->t[0].why) {
		say(c, "oom_no_victim", MV_SEV_CRITICAL, "", "No process is eligible for the OOM killer: an OOM would panic the system.");
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
	if (v->origin)
		what = "nothing: it is an origin task (swapoff, ksm), taken first whatever its points";
	say(c, "oom_victim", MV_SEV_OK, "", "The OOM killer would take pid %d (%s): %lld points of %s totalpages, oom_score %lld; most of it is %s (%s).",
	    v->pid, v->comm, v->points, pg(b, c, ts->totalpages),
	    v->score, what, pg(a, c, most));
	NUM("pid", v->pid);
	NUM("points", v->points);
	NUM("totalpages", ts->totalpages);
	NUM("oom_score", v->score);
	if (v->adj) {
		more(c, "oom_victim_adj", MV_SEV_OK, "", "Its oom_score_adj %lld shifts its points by %lld pages.", v->adj, adjp);
		NUM("oom_score_adj", v->adj);
		NUM("adj_pages", adjp);
	}
}

static void explain_tunables(struct ctx *c, int nodes)
{
	long long v;

	if (mv_sysctl_value("min_free_kbytes", &v))
		say(c, "sysctl", MV_SEV_OK, "vm", "min_free_kbytes=%lld sets the min marks (split across zones by size); watermark_scale_factor sets the gaps to low and high.", v);
	if (mv_sysctl_value("watermark_scale_factor", &v))
		say(c, "sysctl", MV_SEV_OK, "vm", "watermark_scale_factor=%lld: min, low and high are %lld.%02lld%% of each zone's managed pages apart (or min/4, if larger): kswapd wakes at low and sleeps above high. `memviz whatif` shows other values.",
			       v, v / 100, v % 100);
	if (mv_sysctl_value("swappiness", &v))
		say(c, "sysctl", MV_SEV_OK, "vm", "swappiness=%lld weighs anonymous against file reclaim (0..200; 0 swaps only to avoid OOM).", v);
	if (nodes > 1 && mv_sysctl_value("zone_reclaim_mode", &v))
		say(c, "sysctl", MV_SEV_OK, "vm", "zone_reclaim_mode=%lld: %s", v,
			       v ? "allocations reclaim on their local node before falling back to others." :
				   "allocations fall back to other nodes before reclaiming locally.");
	if (mv_sysctl_value("panic_on_oom", &v) && v)
		say(c, "sysctl", MV_SEV_OK, "vm", "panic_on_oom=%lld: an OOM panics the machine instead of killing a process.", v);
	if (mv_sysctl_value("oom_kill_allocating_task", &v) && v)
		say(c, "sysctl", MV_SEV_OK, "vm", "oom_kill_allocating_task=%lld: a global OOM kills the task that triggered it, not the top of the ranking.", v);
	if (mv_sysctl_value("overcommit_memory", &v))
		say(c, "sysctl", MV_SEV_OK, "vm", "overcommit_memory=%lld: %s", v,
			       v == 2 ? "strict accounting; allocations fail (ENOMEM) before memory runs out, instead of OOM kills." :
			       v == 1 ? "never refuse: every allocation succeeds and pressure ends in reclaim or OOM." :
					"heuristic: obvious overcommits are refused, the rest ends in reclaim or OOM.");
}

static int verdict_code(const struct mv_report *r)
{
	enum mv_severity worst = MV_SEV_OK;
	size_t i;

	for (i = 0; i < r->nfind; i++)
		if (r->find[i].sev > worst)
			worst = r->find[i].sev;
	return (int)worst;
}

/* --check: one line and the exit status of a Nagios plugin. */
static int verdict(const struct mv_report *r)
{
	enum mv_severity worst = MV_SEV_OK;
	const struct mv_finding *first = NULL;
	size_t i, nworst = 0;

	for (i = 0; i < r->nfind; i++) {
		if (r->find[i].sev > worst) {
			worst = r->find[i].sev;
			first = &r->find[i];
			nworst = 0;
		}
		nworst += r->find[i].sev == worst;
	}
	if (!first)
		printf("MEMVIZ OK - no zone below its high mark, no reclaim trouble, an OOM would find a victim\n");
	else
		printf("MEMVIZ %s - %s%s\n", worst == MV_SEV_CRITICAL ? "CRITICAL" : "WARNING",
		       first->text, nworst > 1 ? " (and more: memviz explain)" : "");
	return (int)worst;
}

/* --check: the verdict line (text) or the report and the exit code; else the report. */
static int finish(struct mv_report *r, const struct mv_opts *o)
{
	if (o->check && o->fmt == MV_FMT_TEXT)
		return verdict(r);
	mv_emit(r, stdout, o);
	return o->check ? verdict_code(r) : 0;
}

static int unknown(const struct mv_opts *o, const char *err)
{
	if (o->check) {
		printf("MEMVIZ UNKNOWN - %s\n", err);
		return MV_SEV_UNKNOWN;
	}
	mv_err("%s", err);
	return MV_EXIT_FAIL;
}

/* explain --cgroup PATH: one cgroup's findings, printed or as a verdict. */
static int explain_cgroup(const struct mv_opts *o)
{
	struct mv_report r;
	char err[512];
	int ret = 0;

	mv_report_init(&r, "explain", o);
	if (mv_explain_cgroup(&r, o, err, sizeof(err))) {
		mv_report_free(&r);
		return unknown(o, err);
	}
	ret = finish(&r, o);
	mv_report_free(&r);
	return ret;
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
	int n, ret = 0, tl;

	(void)argv;
	if (argc > 1) {
		mv_err("explain takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (o->cgroup)
		return explain_cgroup(o);
	if (mv_zoneset_load(&zs, note, sizeof(note)))
		return unknown(o, note);
	n = mv_nodefacts_load(&zs, nf, 256, &mod, err, sizeof(err));
	if (n < 0) {
		mv_zoneset_free(&zs);
		return unknown(o, err);
	}
	if (mv_reclaimset_load(&rs, nf, n, zs.page_size, err, sizeof(err))) {
		mv_zoneset_free(&zs);
		return unknown(o, err);
	}
	/* Offline, the ranking needs a snapshot's oom file or its saved processes. */
	tl = mv_tasks_load(&ts, zs.page_size, err, sizeof(err));
	if (tl == MV_TASKS_BAD) {
		mv_reclaimset_free(&rs);
		mv_zoneset_free(&zs);
		return unknown(o, err);
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

	mv_report_line(&r, "== Watermarks");
	explain_zones(&c, &zs);
	mv_report_line(&r, "== kswapd and direct reclaim");
	explain_kswapd(&c, nf, n, mod);
	if (!mv_counters_read(&c1)) {
		bool live = !mv_source_offline();

		if (live) {
			struct timespec d = { 1, 0 };

			nanosleep(&d, NULL);
			live = !mv_counters_read(&c2);
		}
		explain_rates(&c, &c1, live ? &c2 : NULL);
	}
	mv_report_line(&r, "== Reclaim cost");
	explain_cost(&c, &rs);
	mv_report_line(&r, "== High orders");
	mv_explain_orders(&r, zs.page_size, o->pages);
	mv_report_line(&r, "== OOM");
	if (tl == 0) {
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
	ret = finish(&r, o);
	mv_report_free(&r);
	mv_zoneset_free(&zs);
	return ret;
}
