// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/oom and oom_memcg: whom the OOM killer would
 * take now, and why.  oom ranks every process the way a global OOM picks
 * victims, with oom_badness() broken into its parts; oom_memcg gives,
 * per memcg, its OOM totalpages and the victim a memcg OOM there would
 * pick.  Formatting only; module/oom.c takes the snapshot.
 */
#include <linux/kernel.h>
#include <linux/page_counter.h>
#include <linux/string.h>
#include "oom.h"
#include "files.h"

#define OOM_VERSION 1
#define OOM_MEMCG_VERSION 1

static void col_pid(struct memviz_row *r, const char *name, pid_t pid)
{
	/* 0: the task is outside the reader's pid namespace */
	if (pid)
		memviz_col_l(r, name, pid);
	else
		memviz_col_na(r, name);
}

/* A uid with no mapping in the reader's user namespace is '-'. */
static void col_uid(struct memviz_row *r, const char *name, uid_t uid)
{
	memviz_col_ul_opt(r, name, uid != (uid_t)-1, uid);
}

/* What a reader outside the process's pid namespace is not shown. */
static const char *seen_comm(const struct memviz_oom_task *t)
{
	return t->pid ? t->comm : "-";
}

static void totals_comments(struct seq_file *m, const struct memviz_oom *o)
{
	const struct memviz_oom_totals *tp = &o->tp;

	seq_printf(m, "# totalpages=%lu totalram=%lu ", tp->totalpages, tp->totalram);
	if (tp->have_swap)
		seq_printf(m, "swap_total=%lu swap_source=/proc/meminfo swapoff_pages=%lu",
			   tp->swap_total, tp->swapoff_pages);
	else
		seq_puts(m, "swap_total=- swap_source=unreadable");
	seq_printf(m, " meminfo_memtotal=%s meminfo_root=%s\n", tp->memtotal_ok ? "ok" : "mismatch",
		   memviz_proc_source_name(tp->meminfo_source));
}

/* ---- oom ---- */

static void print_pid(struct seq_file *m, pid_t pid)
{
	if (pid)
		seq_printf(m, "%d", pid);
	else
		seq_putc(m, '-');
}

static void oom_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_oom *o = snap;

	memviz_table_banner(m, "oom", OOM_VERSION);
	totals_comments(m, o);
	seq_printf(m, "# processes=%u eligible=%u truncated=no walk_ns=%llu rss_read=%s rss_slack=%lu rcu_max_ns=%llu\n",
		   o->nr, o->nr_eligible, o->walk_ns, MEMVIZ_OOM_RSS_READ, o->rss_slack,
		   o->rcu_max_ns);
	if (o->in_progress >= 0) {
		const struct memviz_oom_task *t = &o->task[o->in_progress];

		seq_puts(m, "# next_victim=none reason=victim_in_progress in_progress_pid=");
		print_pid(m, t->pid);
		seq_puts(m, ": the kernel kills nobody new until it exits or is reaped\n");
	} else if (o->nr_eligible) {
		const struct memviz_oom_task *t = &o->task[o->rank[0]];

		seq_puts(m, "# next_victim=");
		print_pid(m, t->pid);
		seq_printf(m, " comm=%s points=%ld\n", seen_comm(t), t->badness);
	} else {
		seq_puts(m, "# next_victim=none reason=no_eligible_task\n");
	}
	seq_puts(m, "# scope: global OOM without cpuset/mempolicy constraint and with vm.oom_kill_allocating_task=0\n");
	seq_puts(m, "# points = rss_anon + rss_file + rss_shmem + swapents + pgtables + adj_pages: oom_badness() in pages\n");
	seq_puts(m, "# adj_pages = oom_score_adj * (totalpages / 1000); score = /proc/PID/oom_score = (1000 + points * 1000 / totalpages) * 2 / 3, 0 if points is '-'\n");
	seq_puts(m, "# rows: eligible by points, ties to the later order (the kernel keeps the last task with points >= its choice); origin=yes (swapoff, ksm) goes first with LONG_MAX; then the ineligible\n");
	seq_puts(m, "# eligible: yes, or why not: init, kthread, oom_victim (killed, still exiting: selection aborts), oom_skip (MMF_OOM_SKIP), exiting (no thread has an mm), adj_min (oom_score_adj -1000), vfork\n");
	seq_puts(m, "# rss parts are the reads oom_badness makes (rss_read: percpu_approx = get_mm_counter, exact_sum = get_mm_counter_sum as 6.18+ does, atomic = 6.1's counters); rss_slack = how far each may be from /proc/PID/status's exact count\n");
	seq_puts(m, "# order = position in the kernel's process list (fork order, from the start times); memcg_id = cgroup id of the task's memcg (see oom_memcg)\n");
	seq_puts(m, "# pids and uids as the reader's namespaces see them: a process outside the reader's pid namespace keeps its row, rank and points, with '-' for pid, comm, uid, the rss parts and the cgroup; a uid without a mapping is '-'\n");
	seq_puts(m, "# cgroup: cgroup v2 path in the reader's cgroup namespace, whitespace and '\\' escaped as \\xHH, '-' = unknown\n");
}

static size_t oom_nr_rows(const void *snap)
{
	return ((const struct memviz_oom *)snap)->nr;
}

static void oom_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_oom *o = snap;
	const struct memviz_oom_task *t = &o->task[r->header ? 0 : o->rank[idx]];
	bool eligible = t->reason == MEMVIZ_OOM_ELIGIBLE;
	/* a process the reader cannot see: its rank and points, not its parts */
	bool seen = t->pid || r->header;
	bool mm = t->has_mm && seen;

	if (eligible)
		memviz_col_ul(r, "rank", idx + 1);
	else
		memviz_col_na(r, "rank");
	col_pid(r, "pid", t->pid);
	memviz_col_str(r, "comm", seen_comm(t));
	col_uid(r, "uid", seen ? t->uid : (uid_t)-1);
	memviz_col_l(r, "oom_score_adj", t->adj);
	memviz_col_ul_opt(r, "rss_anon", mm, t->rss_anon);
	memviz_col_ul_opt(r, "rss_file", mm, t->rss_file);
	memviz_col_ul_opt(r, "rss_shmem", mm, t->rss_shmem);
	memviz_col_ul_opt(r, "swapents", mm, t->swapents);
	memviz_col_ul_opt(r, "pgtables", mm, t->pgtables);
	if (mm)
		memviz_col_l(r, "adj_pages", memviz_oom_adj_pages(t->adj, o->tp.totalpages));
	else
		memviz_col_na(r, "adj_pages");
	if (t->badness != LONG_MIN && (eligible || r->header))
		memviz_col_l(r, "points", t->badness);
	else
		memviz_col_na(r, "points");
	memviz_col_ul(r, "score", memviz_oom_score(t->badness, o->tp.totalpages));
	memviz_col_str(r, "eligible", memviz_oom_reason_name(t->reason));
	memviz_col_bool(r, "origin", t->origin);
	memviz_col_ul(r, "order", t->order);
	memviz_col_ul_opt(r, "cgroup_id", seen && t->cgroup_id, t->cgroup_id);
	memviz_col_ul_opt(r, "memcg_id", seen && t->memcg_id, t->memcg_id);
	memviz_col_str(r, "cgroup", seen && t->cg >= 0 && o->cg[t->cg].path ?
		       o->cg[t->cg].path : "-");
}

static const struct memviz_section oom_sections[] = {
	{ .comments = oom_comments, .nr_rows = oom_nr_rows, .row = oom_row },
};

static void *oom_collect(void)
{
	return memviz_oom_get();
}

static void oom_release(void *snap)
{
	memviz_oom_put(snap);
}

const struct memviz_table memviz_oom_table = {
	.name = "oom",
	.collect = oom_collect,
	.release = oom_release,
	.sections = oom_sections,
	.nr_sections = ARRAY_SIZE(oom_sections),
};

/* ---- oom_memcg ---- */

static const char *const memcg_state_names[] = {
	[MEMVIZ_MEMCG_KILL] = "kill",
	[MEMVIZ_MEMCG_WAIT] = "wait",
	[MEMVIZ_MEMCG_NONE] = "none",
	[MEMVIZ_MEMCG_ROOT] = "root",
};

static void oom_memcg_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_oom *o = snap;

	memviz_table_banner(m, "oom_memcg", OOM_MEMCG_VERSION);
	totals_comments(m, o);
	seq_printf(m, "# memcgs=%u cgroups=%u truncated=%s memcg_v2=%s swappiness=",
		   o->nr_memcg, o->nr_cg, o->cg_truncated ? "yes" : "no",
		   o->memcg_v2 ? "yes" : "no");
	if (o->tp.swappiness >= 0)
		seq_printf(m, "%d swappiness_source=/proc/sys/vm/swappiness\n", o->tp.swappiness);
	else
		seq_puts(m, "- swappiness_source=unreadable\n");
	seq_printf(m, "# max=%lu in memory_max/swap_max means no limit\n", PAGE_COUNTER_MAX);
	seq_puts(m, "# oom_totalpages = memory_max + (swappiness ? min(swap_max, swap_total) : 0), or 1 if 0: mem_cgroup_get_max() as a memcg OOM uses it\n");
	seq_puts(m, "# a memcg OOM here scans this memcg and its descendants in pre-order (order), points = the oom file's parts with adj_pages = oom_score_adj * (oom_totalpages / 1000)\n");
	seq_puts(m, "# state: kill victim_pid | wait (in_progress_pid, an earlier victim, is still exiting) | none (no eligible task) | root (no memcg OOM at the root)\n");
	seq_puts(m, "# ties: candidates with the victim's points; inside one memcg the kernel breaks them by css_set order, which memviz approximates by process order\n");
	seq_puts(m, "# the whole per-memcg ranking: rows of the oom file whose memcg_id is this memcg or a descendant (parent_id), ordered by those points desc, then order of the memcg desc, then the task's order desc\n");
}

static size_t oom_memcg_nr_rows(const void *snap)
{
	return ((const struct memviz_oom *)snap)->nr_memcg;
}

static void oom_memcg_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_oom *o = snap;
	const struct memviz_oom_cgroup *c;
	const struct memviz_oom_task *v = NULL;
	const struct memviz_oom_task *w = NULL;
	static const struct memviz_oom_cgroup none = { .victim = -1, .in_progress = -1 };

	c = r->header ? &none : &o->cg[o->memcg_rows[idx]];
	if (c->victim >= 0)
		v = &o->task[c->victim];
	if (c->in_progress >= 0)
		w = &o->task[c->in_progress];

	memviz_col_ul(r, "cgroup_id", c->id);
	memviz_col_ul_opt(r, "parent_id", c->parent_memcg_id, c->parent_memcg_id);
	memviz_col_ul(r, "order", c->order);
	memviz_col_ul(r, "memory_max", c->memory_max);
	memviz_col_ul(r, "memory_current", c->memory_current);
	memviz_col_ul(r, "swap_max", c->swap_max);
	memviz_col_ul(r, "swap_current", c->swap_current);
	memviz_col_ul(r, "oom_totalpages", c->oom_totalpages);
	memviz_col_ul(r, "candidates", c->candidates);
	memviz_col_str(r, "state", memcg_state_names[c->state]);
	if (v && !r->header) {
		col_pid(r, "victim_pid", v->pid);
		memviz_col_l(r, "victim_points", c->victim_points);
		memviz_col_ul(r, "ties", c->ties);
		memviz_col_str(r, "victim_comm", seen_comm(v));
	} else {
		memviz_col_na(r, "victim_pid");
		memviz_col_na(r, "victim_points");
		memviz_col_na(r, "ties");
		memviz_col_str(r, "victim_comm", "-");
	}
	if (w && !r->header)
		col_pid(r, "in_progress_pid", w->pid);
	else
		memviz_col_na(r, "in_progress_pid");
	memviz_col_str(r, "cgroup", c->path ?: "-");
}

static const struct memviz_section oom_memcg_sections[] = {
	{ .comments = oom_memcg_comments, .nr_rows = oom_memcg_nr_rows, .row = oom_memcg_row },
};

const struct memviz_table memviz_oom_memcg_table = {
	.name = "oom_memcg",
	.collect = oom_collect,
	.release = oom_release,
	.sections = oom_memcg_sections,
	.nr_sections = ARRAY_SIZE(oom_memcg_sections),
};
