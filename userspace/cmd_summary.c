// SPDX-License-Identifier: GPL-2.0
/*
 * memviz summary (the default command): one screen with the zones against
 * their watermarks, kswapd per node, what is reclaimable and at what cost,
 * the top OOM candidates and the vm sysctls that govern all of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "counters.h"
#include "memviz.h"
#include "output.h"
#include "reclaimset.h"
#include "source.h"
#include "tasks.h"
#include "util.h"
#include "views.h"
#include "zoneset.h"

/*
 * The vm sysctls that bear on reclaim and OOM, each exported in its base
 * unit: min_free_kbytes as bytes, the factors as ratios, the rest as is.
 */
static const struct sysctl {
	const char *name, *unit;	/* unit as the sysctl takes it */
	const char *metric;		/* memviz_sysctl_<metric> */
	double scale;			/* to the metric's unit */
	const char *help;
} sysctls[] = {
	{ "swappiness", "", "swappiness", 1, "vm.swappiness: anonymous against file reclaim weight (0..200)" },
	{ "min_free_kbytes", "KiB", "min_free_bytes", 1024, "vm.min_free_kbytes, in bytes: the sum of the min watermarks" },
	{ "watermark_scale_factor", "1/10000", "watermark_scale_factor_ratio", 1e-4, "vm.watermark_scale_factor as a fraction of managed pages: the gaps between min, low and high" },
	{ "watermark_boost_factor", "1/10000", "watermark_boost_factor_ratio", 1e-4, "vm.watermark_boost_factor as a fraction of the high mark" },
	{ "zone_reclaim_mode", "", "zone_reclaim_mode", 1, "vm.zone_reclaim_mode (bits)" },
	{ "overcommit_memory", "", "overcommit_memory", 1, "vm.overcommit_memory: 0 heuristic, 1 always, 2 strict" },
	{ "overcommit_ratio", "%", "overcommit_ratio", 0.01, "vm.overcommit_ratio as a ratio" },
	{ "panic_on_oom", "", "panic_on_oom", 1, "vm.panic_on_oom" },
	{ "oom_kill_allocating_task", "", "oom_kill_allocating_task", 1, "vm.oom_kill_allocating_task" },
};

static void sysctl_prom(FILE *f, const struct mv_report *r, const struct mv_otab *t)
{
	int vc = mv_otab_find(t, "value");
	size_t i;

	(void)r;
	for (i = 0; i < t->nrows && i < MV_ARRAY_SIZE(sysctls); i++) {
		const struct mv_ocell *c = mv_otab_cell(t, i, vc);

		if (!c || c->na)
			continue;
		fprintf(f, "# HELP memviz_sysctl_%s %s\n# TYPE memviz_sysctl_%s gauge\n",
			sysctls[i].metric, sysctls[i].help, sysctls[i].metric);
		if (sysctls[i].scale == 1 || sysctls[i].scale == 1024)
			fprintf(f, "memviz_sysctl_%s %lld\n", sysctls[i].metric,
				c->v * (long long)sysctls[i].scale);
		else
			fprintf(f, "memviz_sysctl_%s %g\n", sysctls[i].metric, (double)c->v * sysctls[i].scale);
	}
}

bool mv_sysctl_value(const char *name, long long *v)
{
	char rel[96];

	snprintf(rel, sizeof(rel), "vm/%s", name);
	return mv_sysctl(rel, v);
}

struct mv_otab *mv_sysctl_table(struct mv_report *r)
{
	struct mv_otab *t = mv_otab_decl(r, "sysctls", "sysctls", "vm sysctls (%s/sys/vm)", mv_proc_root());
	size_t i;

	mv_otab_dcol(t, "sysctl");
	mv_otab_dcol(t, "value");
	mv_otab_dcol(t, "unit");
	t->prom_fn = sysctl_prom;
	for (i = 0; i < MV_ARRAY_SIZE(sysctls); i++) {
		long long v;

		mv_otab_row(t);
		mv_put_str(t, "sysctl", sysctls[i].name);
		if (mv_sysctl_value(sysctls[i].name, &v))
			mv_put(t, "value", v);
		if (sysctls[i].unit[0])
			mv_put_str(t, "unit", sysctls[i].unit);
	}
	return t;
}

/* free against the marks: the bar spans 0..2*high, '|' would clutter. */
static void zone_gauges(struct mv_report *r, const struct mv_zoneset *zs)
{
	struct mv_otab *t = mv_otab_decl(r, "zones", "zones", "zones: free against the watermarks (state: ok >high, high, low = kswapd woken, min = direct reclaim)");
	size_t i;

	mv_otab_dcols(t, mv_zone_cols);
	mv_otab_dcol(t, "gauge");
	mv_otab_dcol(t, "free_pct");
	for (i = 0; i < zs->n; i++) {
		const struct mv_zone *z = &zs->z[i];
		double scale = z->high > 0 ? (double)z->free / (double)(2 * z->high) : 1;
		char node[16], bar[32];

		snprintf(node, sizeof(node), "%d", z->node);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", z->name);
		mv_put(t, "free", z->free);
		mv_put(t, "min", z->min);
		mv_put(t, "low", z->low);
		mv_put(t, "high", z->high);
		mv_put_str(t, "state", z->state);
		mv_put_str(t, "gauge", mv_bar(bar, sizeof(bar), scale, 20));
		mv_put(t, "free_pct", z->managed ? z->free * 100 / z->managed : 0);
	}
	mv_otab_note(t, "gauge: free on a scale of 0 to twice the high mark");
}

static void kswapd_table(struct mv_report *r, const struct mv_nodefacts *nf, int n, bool mod)
{
	struct mv_otab *t = mv_otab_decl(r, "kswapd", "nodes", "kswapd per node%s", mod ? "" : " (module not loaded: state only)");
	int i;

	mv_otab_dcol(t, "node");
	mv_otab_dcol(t, "kswapd_state");
	mv_otab_dcol(t, "kswapd_failures");
	mv_otab_dcol(t, "balanced");
	mv_otab_dcol(t, "unreclaimable");
	for (i = 0; i < n; i++) {
		char node[16];

		snprintf(node, sizeof(node), "%d", nf[i].node);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		if (nf[i].kswapd_state[0])
			mv_put_str(t, "kswapd_state", nf[i].kswapd_state);
		if (nf[i].kswapd_failures >= 0)
			mv_put(t, "kswapd_failures", nf[i].kswapd_failures);
		if (nf[i].balanced >= 0)
			mv_put(t, "balanced", nf[i].balanced);
		if (nf[i].unreclaimable >= 0)
			mv_put(t, "unreclaimable", nf[i].unreclaimable);
	}
}

int mv_cmd_summary(int argc, char **argv, struct mv_opts *o)
{
	struct mv_nodefacts nf[256];
	struct mv_reclaimset rs;
	struct mv_zoneset zs;
	struct mv_tasks ts;
	struct mv_report r;
	char note[768], err[512];
	bool mod;
	int n, tl, ret = 0;

	(void)argv;
	if (argc > 1) {
		mv_err("summary takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_zoneset_load(&zs, note, sizeof(note))) {
		mv_err("%s", note);
		return MV_EXIT_FAIL;
	}
	n = mv_nodefacts_load(&zs, nf, 256, &mod, err, sizeof(err));
	if (n < 0 || mv_reclaimset_load(&rs, nf, n > 0 ? n : 0, zs.page_size, err, sizeof(err))) {
		mv_err("%s", err);
		mv_zoneset_free(&zs);
		return MV_EXIT_FAIL;
	}
	o->page_size = zs.page_size;
	mv_report_init(&r, "summary", o);
	r.kernel = zs.kernel;
	r.source = zs.from_module ? mv_source_dir() : mv_proc_root();
	if (!zs.from_module)
		mv_report_note(&r, "%s", note);
	zone_gauges(&r, &zs);
	kswapd_table(&r, nf, n, mod);
	mv_reclaimset_table(&r, &rs);
	mv_reclaimset_free(&rs);
	/* Offline, the ranking needs a snapshot's oom file or its saved processes. */
	tl = mv_tasks_load(&ts, zs.page_size, err, sizeof(err));
	if (!tl) {
		mv_tasks_score(&ts, ts.totalpages);
		mv_tasks_rank(&ts);
		mv_oom_table(&r, &ts, 5, "oom");
		if (ts.victims)
			mv_otab_note(r.tabs[r.ntabs - 1], "pid %d is an OOM victim still exiting: the kernel kills nobody new until it is gone",
				     ts.victim_pid);
		mv_tasks_free(&ts);
	} else {
		/* said in the output, and a broken oom file fails the command */
		mv_report_note(&r, "no OOM ranking: %s", err);
		if (tl == MV_TASKS_BAD) {
			mv_err("%s", err);
			ret = MV_EXIT_FAIL;
		}
	}
	mv_sysctl_table(&r);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_zoneset_free(&zs);
	return ret;
}
