// SPDX-License-Identifier: GPL-2.0
/*
 * memviz whatif: what the kernel would do with other settings.
 *
 *   min_free_kbytes=N [watermark_scale_factor=M]: every zone's min/low/
 *   high/promo as __setup_per_zone_wmarks() of the running kernel would
 *   set them (wmark.c), in pages like /proc/zoneinfo.  A sysctl write
 *   resets watermark_boost, so the prediction is boost-free.
 *
 *   oom_score_adj PID=ADJ...: the OOM ranking with those adjustments.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "tasks.h"
#include "util.h"
#include "views.h"
#include "wmark.h"
#include "zoneset.h"

static bool arg_value(const char *arg, const char *key, long long *v)
{
	size_t kl = strlen(key);

	if (strncmp(arg, key, kl) || arg[kl] != '=')
		return false;
	if (!mv_parse_ll(arg + kl + 1, v)) {
		mv_err("whatif: %s needs a whole number, got '%s'", key, arg + kl + 1);
		exit(MV_EXIT_USAGE);
	}
	return true;
}

static int whatif_wmarks(int argc, char **argv, struct mv_opts *o)
{
	long long mfk = -1, wsf = -1, cur_mfk = -1, cur_wsf = -1;
	bool set_mfk = false, set_wsf = false;
	struct mv_wm_zone *wz;
	struct mv_zoneset zs;
	struct mv_report r;
	struct mv_otab *t;
	char note[768];
	bool capped;
	size_t i;
	int a;

	for (a = 1; a < argc; a++) {
		if (arg_value(argv[a], "min_free_kbytes", &mfk)) {
			set_mfk = true;
			continue;
		}
		if (arg_value(argv[a], "watermark_scale_factor", &wsf)) {
			set_wsf = true;
			continue;
		}
		mv_err("whatif: unknown setting '%s' (see memviz whatif --help)", argv[a]);
		return MV_EXIT_USAGE;
	}
	mv_sysctl("vm/min_free_kbytes", &cur_mfk);
	mv_sysctl("vm/watermark_scale_factor", &cur_wsf);
	if (!set_mfk)
		mfk = cur_mfk;
	if (!set_wsf)
		wsf = cur_wsf;
	if (mfk < MV_MIN_FREE_KBYTES_MIN || mfk > MV_MIN_FREE_KBYTES_MAX) {
		mv_err("whatif: min_free_kbytes must be 0..%lld (the sysctl refuses other values)%s",
		       MV_MIN_FREE_KBYTES_MAX, cur_mfk < 0 ? "; and the current value is unreadable" : "");
		return MV_EXIT_USAGE;
	}
	if (wsf < MV_WSF_MIN || wsf > MV_WSF_MAX) {
		mv_err("whatif: watermark_scale_factor must be %lld..%lld (the sysctl refuses other values)%s",
		       MV_WSF_MIN, MV_WSF_MAX, cur_wsf < 0 ? "; and the current value is unreadable" : "");
		return MV_EXIT_USAGE;
	}
	if (mv_zoneset_load(&zs, note, sizeof(note))) {
		mv_err("%s", note);
		return MV_EXIT_FAIL;
	}
	capped = mv_wm_movable_is_capped(mv_kernel_code(zs.kernel));
	wz = mv_xcalloc(zs.n, sizeof(*wz));
	for (i = 0; i < zs.n; i++) {
		wz[i].name = zs.z[i].name;
		wz[i].managed = zs.z[i].managed > 0 ? (unsigned long long)zs.z[i].managed : 0;
	}
	if (mv_wm_compute(wz, zs.n, (unsigned long long)mfk, (unsigned long long)wsf,
			  zs.page_size, capped)) {
		mv_err("whatif: no lowmem zone has managed pages: the kernel would divide by zero");
		free(wz);
		mv_zoneset_free(&zs);
		return MV_EXIT_FAIL;
	}
	o->page_size = zs.page_size;
	mv_report_init(&r, "whatif", o);
	r.kernel = zs.kernel;
	r.source = zs.from_module ? mv_source_dir() : mv_proc_root();
	if (!zs.from_module)
		mv_report_note(&r, "%s", note);
	t = mv_otab_decl(&r, "whatif", "whatif", "memviz whatif min_free_kbytes=%lld watermark_scale_factor=%lld (now %lld and %lld)",
			mfk, wsf, cur_mfk, cur_wsf);
	mv_otab_note(t, "the marks __setup_per_zone_wmarks() of %s would set, in pages as /proc/zoneinfo prints them",
		     zs.kernel);
	mv_otab_note(t, "writing either sysctl resets watermark_boost to 0: these values have no boost; now_* include today's boost");
	mv_otab_note(t, "ZONE_MOVABLE %s lowmem_pages on this kernel", capped ?
		     "is left out of (and its min capped like highmem's)" : "counts in");
	mv_otab_dcol(t, "node");
	mv_otab_dcol(t, "zone");
	mv_otab_dcol(t, "min");
	mv_otab_dcol(t, "low");
	mv_otab_dcol(t, "high");
	mv_otab_dcol(t, "promo");
	mv_otab_dcol(t, "managed");
	mv_otab_dcol(t, "now_min");
	mv_otab_dcol(t, "now_low");
	mv_otab_dcol(t, "now_high");
	mv_otab_dcol(t, "now_boost");
	mv_otab_dcol(t, "free");
	mv_otab_dcol(t, "state");
	for (i = 0; i < zs.n; i++) {
		char node[16];

		snprintf(node, sizeof(node), "%d", zs.z[i].node);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", zs.z[i].name);
		mv_put(t, "min", (long long)wz[i].min);
		mv_put(t, "low", (long long)wz[i].low);
		mv_put(t, "high", (long long)wz[i].high);
		mv_put(t, "promo", (long long)wz[i].promo);
		mv_put(t, "managed", zs.z[i].managed);
		mv_put(t, "now_min", zs.z[i].min);
		mv_put(t, "now_low", zs.z[i].low);
		mv_put(t, "now_high", zs.z[i].high);
		mv_put(t, "now_boost", zs.z[i].boost);
		mv_put(t, "free", zs.z[i].free);
		mv_put_str(t, "state", mv_wmark_state(zs.z[i].free, (long long)wz[i].min,
						      (long long)wz[i].low, (long long)wz[i].high));
	}
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	free(wz);
	mv_zoneset_free(&zs);
	return 0;
}

static int whatif_oom(int argc, char **argv, struct mv_opts *o)
{
	struct mv_tasks ts;
	struct mv_report r;
	char err[512], before[96];
	int a;
	size_t i;

	if (argc < 3) {
		mv_err("whatif oom_score_adj needs PID=ADJ arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_tasks_load(&ts, o->page_size, err, sizeof(err))) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	mv_tasks_score(&ts, ts.totalpages);
	mv_tasks_rank(&ts);
	if (ts.n && !ts.t[0].why)
		snprintf(before, sizeof(before), "%d (%.60s, %lld points)", ts.t[0].pid, ts.t[0].comm,
			 ts.t[0].points);
	else
		snprintf(before, sizeof(before), "none");
	for (a = 2; a < argc; a++) {
		long long pid, adj;
		char *eq = strchr(argv[a], '=');
		bool found = false;

		if (!eq || (*eq = '\0', !mv_parse_ll(argv[a], &pid)) || !mv_parse_ll(eq + 1, &adj) ||
		    adj < -1000 || adj > 1000) {
			mv_err("whatif oom_score_adj: expected PID=ADJ with ADJ in -1000..1000");
			mv_tasks_free(&ts);
			return MV_EXIT_USAGE;
		}
		for (i = 0; i < ts.n; i++) {
			struct mv_task *t = &ts.t[i];

			if (t->pid != pid)
				continue;
			found = true;
			t->adj = adj;
			if (t->why && !strcmp(t->why, "adj_min"))
				t->why = NULL;
			if (!t->why && adj == -1000)
				t->why = "adj_min";
		}
		if (!found) {
			mv_err("whatif oom_score_adj: no process %lld", pid);
			mv_tasks_free(&ts);
			return MV_EXIT_FAIL;
		}
	}
	mv_tasks_score(&ts, ts.totalpages);
	mv_tasks_rank(&ts);
	mv_report_init(&r, "whatif", o);
	r.kernel = mv_kernel_release(NULL);
	r.source = ts.source;
	mv_oom_table(&r, &ts, 20, "whatif_oom");
	if (ts.n && !ts.t[0].why)
		mv_report_note(&r, "victim now: %s; with the adjustments: %d (%.60s, %lld points)", before,
			       ts.t[0].pid, ts.t[0].comm, ts.t[0].points);
	else
		mv_report_note(&r, "victim now: %s; with the adjustments: none (no eligible task)", before);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_tasks_free(&ts);
	return 0;
}

int mv_cmd_whatif(int argc, char **argv, struct mv_opts *o)
{
	if (argc < 2) {
		mv_err("whatif needs min_free_kbytes=N, watermark_scale_factor=M, oom_score_adj PID=ADJ... or alloc ORDER");
		return MV_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "oom_score_adj"))
		return whatif_oom(argc, argv, o);
	if (!strcmp(argv[1], "alloc"))
		return mv_whatif_alloc(argc, argv, o);
	return whatif_wmarks(argc, argv, o);
}
