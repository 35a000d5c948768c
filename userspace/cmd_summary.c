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

static const char *const sysctls[] = {
	"swappiness", "min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor",
	"zone_reclaim_mode", "overcommit_memory", "overcommit_ratio", "panic_on_oom",
	"oom_kill_allocating_task",
};

bool mv_sysctl_value(const char *name, long long *v)
{
	char rel[96];

	snprintf(rel, sizeof(rel), "vm/%s", name);
	return mv_sysctl(rel, v);
}

struct mv_otab *mv_sysctl_table(struct mv_report *r)
{
	struct mv_otab *t = mv_otab_new(r, "sysctls", "vm sysctls (%s/sys/vm)", mv_proc_root());
	size_t i;

	mv_otab_col(t, "sysctl", MV_LABEL, false);
	mv_otab_col(t, "value", MV_COUNT, false);
	for (i = 0; i < MV_ARRAY_SIZE(sysctls); i++) {
		long long v;

		mv_otab_row(t);
		mv_put_str(t, "sysctl", sysctls[i]);
		if (mv_sysctl_value(sysctls[i], &v))
			mv_put(t, "value", v);
	}
	return t;
}

/* free against the marks: the bar spans 0..2*high, '|' would clutter. */
static void zone_gauges(struct mv_report *r, const struct mv_zoneset *zs)
{
	struct mv_otab *t = mv_otab_new(r, "zones", "zones: free against the watermarks (state: ok >high, high, low = kswapd woken, min = direct reclaim)");
	size_t i;

	mv_otab_col(t, "node", MV_LABEL, false);
	mv_otab_col(t, "zone", MV_LABEL, false);
	mv_otab_col(t, "free", MV_PAGES, false);
	mv_otab_col(t, "min", MV_PAGES, false);
	mv_otab_col(t, "low", MV_PAGES, false);
	mv_otab_col(t, "high", MV_PAGES, false);
	mv_otab_col(t, "state", MV_STR, false);
	mv_otab_col(t, "gauge", MV_GAUGE, false);
	mv_otab_col(t, "free_pct", MV_PCT, false);
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
	struct mv_otab *t = mv_otab_new(r, "kswapd", "kswapd per node%s", mod ? "" : " (module not loaded: state only)");
	int i;

	mv_otab_col(t, "node", MV_LABEL, false);
	mv_otab_col(t, "kswapd_state", MV_STR, false);
	mv_otab_col(t, "kswapd_failures", MV_COUNT, false);
	mv_otab_col(t, "balanced", MV_BOOL, false);
	mv_otab_col(t, "unreclaimable", MV_BOOL, false);
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
	int n;

	(void)argv;
	if (argc > 1) {
		mv_err("summary takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_zoneset_load(&zs, note, sizeof(note))) {
		mv_err("%s", note);
		return MV_EXIT_FAIL;
	}
	o->page_size = zs.page_size;
	mv_report_init(&r, "summary", o);
	r.kernel = zs.kernel;
	r.source = zs.from_module ? mv_source_dir() : mv_proc_root();
	if (!zs.from_module)
		mv_report_note(&r, "%s", note);
	zone_gauges(&r, &zs);
	n = mv_nodefacts_load(&zs, nf, 256, &mod);
	kswapd_table(&r, nf, n, mod);
	mv_reclaimset_load(&rs, nf, n, zs.page_size);
	mv_reclaimset_table(&r, &rs);
	mv_reclaimset_free(&rs);
	/* Offline, only a snapshot's oom file can rank: DIR/proc has no pids. */
	if (!mv_tasks_load(&ts, zs.page_size, err, sizeof(err))) {
		mv_tasks_score(&ts, ts.totalpages);
		mv_tasks_rank(&ts);
		mv_oom_table(&r, &ts, 5, "oom");
		if (ts.victims)
			mv_otab_note(r.tabs[r.ntabs - 1], "pid %d is an OOM victim still exiting: the kernel kills nobody new until it is gone",
				     ts.victim_pid);
		mv_tasks_free(&ts);
	}
	mv_sysctl_table(&r);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_zoneset_free(&zs);
	return 0;
}
