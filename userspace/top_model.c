// SPDX-License-Identifier: GPL-2.0
/*
 * One sample of what top shows, from whatever source is current (the live
 * machine, a snapshot, a frame of a recorded series): the zones and nodes,
 * /proc/vmstat's reclaim counters and PSI, the OOM ranking, the newest
 * kill in oom_events and the cgroups.  Nothing here fails a sample: what
 * cannot be read becomes a note the status line shows, with the reason,
 * and the pane says it has nothing.
 *
 * top reads only files that are cheap to read every refresh: never lru,
 * lru_gen or reclaim, whose page-frame walk grows with memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filetab.h"
#include "source.h"
#include "table.h"
#include "tasks.h"
#include "top.h"
#include "util.h"

void mv_top_note(struct mv_top_frame *f, const char *fmt, ...)
{
	va_list ap;

	if (f->nnotes >= MV_TOP_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(f->note[f->nnotes++], sizeof(f->note[0]), fmt, ap);
	va_end(ap);
}

/*
 * "some avg10=0.12 avg60=0.05 avg300=0.01 total=12345" and a "full" line
 * (kernel/sched/psi.c: psi_show()); the file of a cgroup has the same form.
 */
bool mv_psi_parse(const char *buf, struct mv_psi *p)
{
	const char *l = buf;
	bool some = false;

	memset(p, 0, sizeof(*p));
	while (l && *l) {
		double a10, a60, a300;
		long long total;
		char kind[8];

		if (sscanf(l, "%7s avg10=%lf avg60=%lf avg300=%lf total=%lld", kind, &a10, &a60,
			   &a300, &total) == 5) {
			double *d = NULL;

			if (!strcmp(kind, "some")) {
				d = p->some;
				p->some_total = total;
				some = true;
			} else if (!strcmp(kind, "full")) {
				d = p->full;
				p->full_total = total;
				p->has_full = true;
			}
			if (d) {
				d[0] = a10;
				d[1] = a60;
				d[2] = a300;
			}
		}
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	p->ok = some;
	return some;
}

/* oom_events' banner facts, without parsing its tables (every frame of a replay). */
static void oom_events_facts(struct mv_top_point *p)
{
	char *path = mv_xasprintf("%s/oom_events", mv_source_dir());
	char *buf = mv_read_file(path, NULL);
	char *l, *nl;
	long long v;

	free(path);
	p->oom_recorded = p->oom_seq = -1;
	for (l = buf; l && *l == '#'; l = nl ? nl + 1 : NULL) {
		const char *k;

		nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		k = strstr(l, " recorded=");
		if (k && sscanf(k, " recorded=%lld", &v) == 1)
			p->oom_recorded = v;
	}
	/* then the header row (padded) and the newest kill, whose seq leads */
	if (l && !strncmp(l + strspn(l, " "), "seq ", 4)) {
		l = strchr(l, '\n');
		if (l && sscanf(l + 1, "%lld", &v) == 1)
			p->oom_seq = v;
	}
	free(buf);
}

void mv_top_point_read(struct mv_top_point *p)
{
	char *buf;

	memset(p, 0, sizeof(*p));
	p->t = p->t_real = -1;
	p->vm_ok = !mv_counters_read(&p->c);
	buf = mv_read_proc("pressure/memory", NULL);
	if (buf)
		mv_psi_parse(buf, &p->psi);
	free(buf);
	oom_events_facts(p);
}

static void sample_tasks(struct mv_top_frame *f)
{
	struct mv_tasks ts;
	char err[512];
	size_t i;
	int r;

	r = mv_tasks_load(&ts, f->page_size, err, sizeof(err));
	if (r) {
		mv_top_note(f, "no OOM ranking: %s", err);
		return;
	}
	mv_tasks_score(&ts, ts.totalpages);
	mv_tasks_rank(&ts);
	f->tasks_ok = true;
	f->exiting = ts.victims;
	f->exiting_pid = ts.victim_pid;
	f->task = mv_xcalloc(MV_TOP_TASKS, sizeof(*f->task));
	for (i = 0; i < ts.n && f->ntask < MV_TOP_TASKS; i++) {
		const struct mv_task *k = &ts.t[i];
		struct mv_top_task *d = &f->task[f->ntask];

		if (k->why)
			continue;
		d->rank = (long long)++f->ntask;
		d->pid = k->pid;
		snprintf(d->comm, sizeof(d->comm), "%s", k->comm);
		d->points = k->points;
		d->score = k->score;
		d->adj = k->adj;
		d->anon = k->rss_anon;
		d->file = k->rss_file;
		d->shmem = k->rss_shmem;
		d->swap = k->swapents;
		d->pgtables = k->pgtables;
	}
	if (!ts.from_module)
		mv_top_note(f, "OOM ranking from %s (what /proc shows; no oom file)", ts.source);
	mv_tasks_free(&ts);
}

static void sample_events(struct mv_top_frame *f)
{
	struct mv_known known[8];
	const struct mv_table *t;
	enum mv_src_status st;
	struct mv_doc doc;
	char err[512];
	const char *s;

	f->now_boot_ns = -1;
	mv_known_of("oom_events", known, MV_ARRAY_SIZE(known));
	st = mv_load("oom_events", &doc, known, err, sizeof(err));
	if (st == MV_SRC_NOMODULE) {
		mv_top_note(f, "no OOM kill details: oom_events is the module's");
		return;
	}
	if (st != MV_SRC_OK) {
		mv_top_note(f, "no OOM kill details: %s", err);
		return;
	}
	t = mv_doc_table(&doc, "oom_events");
	if (!t) {
		mv_doc_free(&doc);
		mv_top_note(f, "no OOM kill details: %s/oom_events has no oom_events table",
			    mv_source_dir());
		return;
	}
	f->ev_file = true;
	f->now_boot_ns = mv_parse_ll(mv_fact(t, "now_boot_ns"), &f->now_boot_ns) ? f->now_boot_ns : -1;
	f->nev = t->nrows;
	if (t->nrows) {
		struct mv_top_event *e = &f->ev;

		e->seq = mv_num(t, 0, "seq", -1);
		e->pid = mv_num(t, 0, "tgid", mv_num(t, 0, "pid", -1));
		e->points = mv_num(t, 0, "points", -1);
		e->totalpages = mv_num(t, 0, "totalpages", -1);
		e->boot_ns = mv_num(t, 0, "boot_ns", -1);
		e->rss = mv_num(t, 0, "rss_anon", 0) + mv_num(t, 0, "rss_file", 0) +
			 mv_num(t, 0, "rss_shmem", 0);
		e->adj = mv_num(t, 0, "oom_score_adj", 0);
		e->trigger_pid = mv_num(t, 0, "trigger_pid", -1);
		e->memcg_id = mv_num(t, 0, "oom_memcg_id", -1);
		e->memcg_max = mv_num(t, 0, "oom_memcg_max", -1);
		e->memcg_usage = mv_num(t, 0, "oom_memcg_usage", -1);
		s = mv_get_str(t, 0, "comm");
		snprintf(e->comm, sizeof(e->comm), "%s", s ? s : "-");
		s = mv_get_str(t, 0, "trigger_comm");
		snprintf(e->trigger, sizeof(e->trigger), "%s", s ? s : "-");
		s = mv_get_str(t, 0, "constraint");
		snprintf(e->constraint, sizeof(e->constraint), "%s", s ? s : "-");
	}
	mv_doc_free(&doc);
}

void mv_top_sample(struct mv_top_frame *f, const struct mv_top_point *pt)
{
	char note[768], err[512];
	const struct mv_table *z;
	bool mod;
	const char *k;

	memset(f, 0, sizeof(*f));
	f->pt = *pt;
	if (mv_zoneset_load(&f->zs, note, sizeof(note))) {
		mv_top_note(f, "no zones: %s", note);
		memset(&f->zs, 0, sizeof(f->zs));
	} else {
		f->zs_ok = true;
		if (!f->zs.from_module)
			mv_top_note(f, "%s", note);
	}
	z = f->zs_ok && f->zs.from_module ? mv_doc_table(&f->zs.doc, "zones") : NULL;
	k = mv_kernel_release(z);
	snprintf(f->kernel, sizeof(f->kernel), "%s", k ? k : "unknown");
	snprintf(f->module, sizeof(f->module), "%s", z && mv_fact(z, "memviz") ? mv_fact(z, "memviz") : "");
	f->page_size = f->zs_ok ? f->zs.page_size : mv_page_size(NULL);
	f->nnodes = mv_nodefacts_load(&f->zs, f->nf, (int)MV_ARRAY_SIZE(f->nf), &mod, err, sizeof(err));
	if (f->nnodes < 0) {
		mv_top_note(f, "no kswapd state: %s", err);
		f->nnodes = 0;
	}
	if (!pt->vm_ok)
		mv_top_note(f, "no reclaim counters: cannot read %s/vmstat", mv_proc_root());
	if (!pt->psi.ok)
		mv_top_note(f, "no PSI: %s/pressure/memory is missing (a kernel without CONFIG_PSI, or booted with psi=0%s)",
			    mv_proc_root(), mv_source_offline() ? ", or a snapshot that did not save it" : "");
	sample_tasks(f);
	sample_events(f);
	mv_top_cgroups(f);
}

void mv_top_frame_free(struct mv_top_frame *f)
{
	if (f->zs_ok)
		mv_zoneset_free(&f->zs);
	free(f->task);
	free(f->cg);
	memset(f, 0, sizeof(*f));
}
