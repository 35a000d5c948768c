// SPDX-License-Identifier: GPL-2.0
/*
 * memviz oom: the OOM killer's ranking, globally or for a memcg OOM in one
 * cgroup v2 group.  Row 1 is the victim: the eligible task with the most
 * oom_badness() points, the later task winning a tie as in
 * oom_evaluate_task().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "tasks.h"
#include "util.h"
#include "views.h"

struct mv_otab *mv_oom_table(struct mv_report *r, const struct mv_tasks *ts, size_t top,
			     const char *name)
{
	struct mv_otab *t = mv_otab_decl(r, name, "oom", "memviz %s: the OOM killer's ranking, first row = victim (%s)",
					name, ts->source);
	size_t i, rank = 0, ties = 0;

	mv_otab_dcol(t, "rank");
	mv_otab_dcol(t, "pid");
	mv_otab_dcol(t, "comm");
	mv_otab_dcol(t, "points");
	mv_otab_dcol(t, "oom_score");
	mv_otab_dcol(t, "oom_score_adj");
	mv_otab_dcol(t, "adj_pages");
	mv_otab_dcol(t, "rss_anon");
	mv_otab_dcol(t, "rss_file");
	mv_otab_dcol(t, "rss_shmem");
	mv_otab_dcol(t, "swapents");
	mv_otab_dcol(t, "pgtables");
	mv_otab_dcol(t, "origin");
	mv_otab_dcol(t, "skipped");
	mv_otab_dcol(t, "cgroup");
	mv_otab_dcol(t, "proc_oom_score");
	for (i = 0; i < ts->n; i++) {
		const struct mv_task *k = &ts->t[i];
		char rk[24];

		if (!k->why && ts->n > 1 && i == 0)
			for (size_t j = 1; j < ts->n && !ts->t[j].why && ts->t[j].points == k->points; j++)
				ties++;
		if (top && i >= top)
			break;
		mv_otab_row(t);
		if (!k->why) {
			snprintf(rk, sizeof(rk), "%zu", ++rank);
			mv_put_str(t, "rank", rk);
		}
		mv_put(t, "pid", k->pid);
		mv_put_str(t, "comm", k->comm);
		if (!k->why) {
			mv_put(t, "points", k->points);
			mv_put(t, "adj_pages", k->adj * (ts->totalpages / 1000));
		}
		mv_put(t, "oom_score", k->score);
		mv_put(t, "oom_score_adj", k->adj);
		if (strcmp(k->why ? k->why : "", "no_mm") && strcmp(k->why ? k->why : "", "kthread")) {
			mv_put(t, "rss_anon", k->rss_anon);
			mv_put(t, "rss_file", k->rss_file);
			mv_put(t, "rss_shmem", k->rss_shmem);
			mv_put(t, "swapents", k->swapents);
			mv_put(t, "pgtables", k->pgtables);
		}
		if (!k->why)
			mv_put(t, "origin", k->origin);
		mv_put_str(t, "skipped", k->why);
		mv_put_str(t, "cgroup", k->cgroup);
		if (k->proc_score >= 0)
			mv_put(t, "proc_oom_score", k->proc_score);
	}
	mv_otab_note(t, "points = rss_anon + rss_file + rss_shmem + swapents + pgtables + adj_pages, in pages; adj_pages = oom_score_adj * (totalpages / 1000); origin=yes (swapoff, ksm) goes first whatever its points");
	mv_otab_note(t, "totalpages=%lld ram_pages=%lld swap_pages=%lld", ts->totalpages,
		     ts->ram_pages, ts->swap_pages);
	if (ties)
		mv_otab_note(t, "%zu other task(s) tie with the victim: the kernel takes the last one it iterates", ties);
	return t;
}

int mv_cmd_oom(int argc, char **argv, struct mv_opts *o)
{
	long long global;
	struct mv_tasks ts;
	struct mv_report r;
	struct mv_otab *t;
	char err[512];

	(void)argv;
	if (argc > 1) {
		mv_err("oom takes no arguments but its options (see memviz help oom)");
		return MV_EXIT_USAGE;
	}
	if (o->events) {
		if (o->top || o->cgroup) {
			mv_err("oom --events takes neither --top nor --cgroup");
			return MV_EXIT_USAGE;
		}
		return mv_cmd_oom_events(argc, argv, o);
	}
	if (mv_tasks_load(&ts, o->page_size, err, sizeof(err))) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	global = ts.totalpages;
	if (o->cgroup && mv_tasks_memcg(&ts, o->cgroup, o->page_size, err, sizeof(err))) {
		mv_err("%s", err);
		mv_tasks_free(&ts);
		return MV_EXIT_FAIL;
	}
	mv_tasks_score(&ts, global);
	mv_tasks_rank(&ts);
	mv_report_init(&r, "oom", o);
	r.kernel = mv_kernel_release(NULL);
	r.source = ts.source;
	t = mv_oom_table(&r, &ts, (size_t)o->top, "oom");
	/* Prometheus: a bounded number of candidates, whoever they are. */
	t->prom_rows = o->top ? (size_t)o->top : 10;
	if (ts.memcg)
		mv_report_note(&r, "memcg OOM in %s: totalpages=%lld (%s); tasks of that memcg and its descendants, ties to the later memcg in pre-order, then the later task",
			       ts.memcg_path, ts.totalpages, ts.memcg_state ?
			       "oom_totalpages from oom_memcg: mem_cgroup_get_max()" :
			       "memory.max + (swappiness ? min(memory.swap.max, SwapTotal) : 0)");
	if (ts.victims)
		mv_report_note(&r, "pid %d was already chosen by the OOM killer and is still exiting (oom_victim): the kernel would kill nothing new until it is gone; the first row is who would come after",
			       ts.victim_pid);
	else if (!ts.n || ts.t[0].why)
		mv_report_note(&r, "no eligible task: an OOM here would find no victim");
	if (ts.memcg && ts.memcg_state && !ts.victims && ts.n && !ts.t[0].why &&
	    ts.memcg_victim >= 0 && ts.memcg_victim != ts.t[0].pid)
		mv_report_note(&r, "the module's oom_memcg names victim_pid=%lld, this ranking pid %d: the tables were read at different times",
			       ts.memcg_victim, ts.t[0].pid);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_tasks_free(&ts);
	return 0;
}
