// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer's view of processes, from /proc alone: every input of
 * oom_badness() is printed exactly in /proc/PID/status (RssAnon, RssFile,
 * RssShmem, VmSwap, VmPTE are the mm counters shifted to KiB), so the
 * ranking and /proc/PID/oom_score can be reproduced without the module.
 * What /proc cannot show (MMF_OOM_SKIP, vfork, a victim still exiting)
 * the module's oom file adds when it is loaded.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "source.h"
#include "tasks.h"
#include "util.h"

#define PF_KTHREAD 0x00200000ULL
#define OOM_SCORE_ADJ_MIN (-1000)
#define CGROUP_ROOT "/sys/fs/cgroup"

static long long kb_pages(long long kb, long page_size)
{
	return kb / (page_size / 1024);
}

static bool status_kb(const char *st, const char *key, long page_size, long long *pages)
{
	long long kb;

	if (!mv_kv(st, key, &kb))
		return false;
	*pages = kb_pages(kb, page_size);
	return true;
}

static bool is_kthread(int pid)
{
	char rel[64], *buf, *p;
	unsigned long long flags = 0;
	int i;

	snprintf(rel, sizeof(rel), "%d/stat", pid);
	buf = mv_read_proc(rel, NULL);
	if (!buf)
		return false;
	/* comm may hold ')' and spaces: fields restart after the last ')'. */
	p = strrchr(buf, ')');
	/* state ppid pgrp session tty_nr tpgid flags: flags is the 7th after ')'. */
	for (i = 0; p && i < 7; i++) {
		p = strchr(p + 1, ' ');
	}
	if (p)
		flags = strtoull(p + 1, NULL, 10);
	free(buf);
	return flags & PF_KTHREAD;
}

static char *task_cgroup(int pid)
{
	char rel[64], *buf, *p, *cg;

	snprintf(rel, sizeof(rel), "%d/cgroup", pid);
	buf = mv_read_proc(rel, NULL);
	if (!buf)
		return mv_xstrdup("");
	/* The cgroup v2 line is "0::/path". */
	for (p = buf; p && strncmp(p, "0::", 3); p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		;
	if (!p) {
		free(buf);
		return mv_xstrdup("");
	}
	p += 3;
	p[strcspn(p, "\n")] = '\0';
	cg = mv_xstrdup(p);
	free(buf);
	return cg;
}

static bool load_task(struct mv_task *t, int pid, long page_size)
{
	char rel[64], *st, *v;
	long long x;

	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->proc_score = -1;
	t->order = t->memcg_order = -1;
	snprintf(rel, sizeof(rel), "%d/status", pid);
	st = mv_read_proc(rel, NULL);
	if (!st)
		return false;	/* exited meanwhile */
	v = strstr(st, "Name:");
	if (v) {
		v += 5;
		while (*v == '\t' || *v == ' ')
			v++;
		snprintf(t->comm, sizeof(t->comm), "%.*s", (int)strcspn(v, "\n"), v);
	}
	if (!status_kb(st, "RssAnon", page_size, &t->rss_anon)) {
		t->why = "no_mm";	/* kernel thread or exiting: no mm */
	} else {
		status_kb(st, "RssFile", page_size, &t->rss_file);
		status_kb(st, "RssShmem", page_size, &t->rss_shmem);
		status_kb(st, "VmSwap", page_size, &t->swapents);
		status_kb(st, "VmPTE", page_size, &t->pgtables);
	}
	free(st);
	snprintf(rel, sizeof(rel), "%d/oom_score_adj", pid);
	v = mv_read_proc(rel, NULL);
	if (v && mv_parse_ll(strtok(v, "\n"), &x))
		t->adj = x;
	free(v);
	snprintf(rel, sizeof(rel), "%d/oom_score", pid);
	v = mv_read_proc(rel, NULL);
	if (v && mv_parse_ll(strtok(v, "\n"), &x))
		t->proc_score = x;
	free(v);
	if (pid == 1)
		t->why = "init";
	else if (is_kthread(pid))
		t->why = "kthread";
	else if (!t->why && t->adj == OOM_SCORE_ADJ_MIN)
		t->why = "adj_min";
	t->cgroup = task_cgroup(pid);
	return true;
}

/* Reasons the oom file gives, as static strings the task can point to. */
static const char *reason(const char *s)
{
	static const char *const names[] = {
		"init", "kthread", "oom_victim", "oom_skip", "exiting", "adj_min", "vfork", "no_mm",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i]))
			return names[i];
	return "other";
}

/*
 * The module's oom file: the same parts, plus what /proc cannot show.
 * 1 when there is no such file (fall back to /proc), -1 with @err when it
 * is there and does not load.
 */
static int load_module(struct mv_tasks *ts, char *err, size_t errlen)
{
	static const struct mv_known known[] = { { "oom", 1 }, { NULL, 0 } };
	static const char *const need[] = {
		"pid", "comm", "oom_score_adj", "rss_anon", "rss_file", "rss_shmem", "swapents",
		"pgtables", "eligible",
	};
	const struct mv_table *t;
	enum mv_src_status st;
	struct mv_doc doc;
	size_t r, i;

	st = mv_load("oom", &doc, known, err, errlen);
	if (st == MV_SRC_NOFILE || st == MV_SRC_NOMODULE)
		return 1;
	if (st != MV_SRC_OK)
		return -1;
	t = &doc.t[0];
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (mv_col(t, need[i]) < 0) {
			snprintf(err, errlen, "%s/oom has no '%s' column", mv_source_dir(), need[i]);
			mv_doc_free(&doc);
			return -1;
		}
	}
	ts->t = mv_xcalloc(t->nrows, sizeof(*ts->t));
	for (r = 0; r < t->nrows; r++) {
		struct mv_task *k = &ts->t[ts->n];
		const char *el = mv_get_str(t, r, "eligible");
		const char *cg = mv_get_str(t, r, "cgroup");
		const char *origin = mv_get_str(t, r, "origin");
		long long pid;

		if (!mv_get(t, r, "pid", &pid))
			continue;	/* outside our pid namespace */
		k->pid = (int)pid;
		snprintf(k->comm, sizeof(k->comm), "%s", mv_get_str(t, r, "comm"));
		k->adj = mv_num(t, r, "oom_score_adj", 0);
		/* the kernel's range; the points below multiply it */
		k->adj = k->adj < -1000 ? -1000 : k->adj > 1000 ? 1000 : k->adj;
		k->rss_anon = mv_num(t, r, "rss_anon", 0);
		k->rss_file = mv_num(t, r, "rss_file", 0);
		k->rss_shmem = mv_num(t, r, "rss_shmem", 0);
		k->swapents = mv_num(t, r, "swapents", 0);
		k->pgtables = mv_num(t, r, "pgtables", 0);
		k->why = strcmp(el, "yes") ? reason(el) : NULL;
		k->origin = origin && !strcmp(origin, "yes");
		k->proc_score = mv_get(t, r, "score", &pid) ? pid : -1;
		k->cgroup = mv_xstrdup(cg && strcmp(cg, "-") ? cg : "");
		if (!mv_get(t, r, "order", &k->order))
			k->order = -1;
		if (!mv_get(t, r, "memcg_id", &k->memcg_id))
			k->memcg_id = 0;
		k->memcg_order = -1;
		ts->n++;
	}
	snprintf(ts->source, sizeof(ts->source), "%s/oom", mv_source_dir());
	ts->from_module = true;
	mv_doc_free(&doc);
	return 0;
}

int mv_tasks_load(struct mv_tasks *ts, long page_size, char *err, size_t errlen)
{
	char merr[512];
	long long kb;
	struct dirent *de;
	int m;
	DIR *d;

	memset(ts, 0, sizeof(*ts));
	ts->memcg_victim = -1;
	if (!mv_meminfo("MemTotal", &kb)) {
		snprintf(err, errlen, "cannot read %s/meminfo", mv_proc_root());
		return MV_TASKS_NONE;
	}
	ts->ram_pages = kb_pages(kb, page_size);
	ts->swap_pages = mv_meminfo("SwapTotal", &kb) ? kb_pages(kb, page_size) : 0;
	ts->totalpages = ts->ram_pages + ts->swap_pages;
	m = load_module(ts, merr, sizeof(merr));
	if (m == 0)
		return 0;
	if (m < 0) {
		snprintf(err, errlen, "%s", merr);
		return MV_TASKS_BAD;
	}
	d = opendir(mv_proc_root());
	if (!d) {
		snprintf(err, errlen, "%s; and cannot list %s", merr, mv_proc_root());
		return MV_TASKS_NONE;
	}
	while ((de = readdir(d))) {
		long long pid;

		if (!isdigit((unsigned char)de->d_name[0]) || !mv_parse_ll(de->d_name, &pid) ||
		    pid <= 0 || pid > 0x7fffffff)
			continue;
		ts->t = mv_xrealloc(ts->t, (ts->n + 1) * sizeof(*ts->t));
		if (load_task(&ts->t[ts->n], (int)pid, page_size))
			ts->n++;
	}
	closedir(d);
	snprintf(ts->source, sizeof(ts->source), "%s/<pid>/status", mv_proc_root());
	if (!ts->n) {
		snprintf(err, errlen, "%s; and no processes under %s", merr, mv_proc_root());
		return MV_TASKS_NONE;
	}
	return 0;
}

void mv_tasks_free(struct mv_tasks *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		free(ts->t[i].cgroup);
	free(ts->t);
	memset(ts, 0, sizeof(*ts));
}

/* page_counter_memparse(): "max" or bytes, rounded down to pages. */
static bool read_limit(const char *dir, const char *file, long page_size, long long *pages)
{
	char *path = mv_xasprintf("%s/%s", dir, file);
	char *buf = mv_read_file(path, NULL);
	long long v;

	free(path);
	if (!buf)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	if (!strcmp(buf, "max"))
		*pages = 0x7fffffffffffffffLL / page_size;	/* PAGE_COUNTER_MAX */
	else if (mv_parse_ll(buf, &v))
		*pages = v / page_size;
	else
		*pages = -1;
	free(buf);
	return *pages >= 0;
}

/* "/a/b" for "a/b", "/sys/fs/cgroup/a/b/", "//a/b"; "/" for the root. */
static char *cgroup_rel(const char *path)
{
	char *rel;
	size_t rl;

	if (!strncmp(path, CGROUP_ROOT, strlen(CGROUP_ROOT)) &&
	    (path[strlen(CGROUP_ROOT)] == '/' || !path[strlen(CGROUP_ROOT)]))
		path += strlen(CGROUP_ROOT);
	rel = mv_xasprintf("/%s", path + strspn(path, "/"));
	rl = strlen(rel);
	while (rl > 1 && rel[rl - 1] == '/')
		rel[--rl] = '\0';
	return rel;
}

static void keep_tasks(struct mv_tasks *ts, const bool *keep)
{
	size_t i, o = 0;

	for (i = 0; i < ts->n; i++) {
		if (keep[i])
			ts->t[o++] = ts->t[i];
		else
			free(ts->t[i].cgroup);
	}
	ts->n = o;
}

static void memcg_source(struct mv_tasks *ts, const char *rel)
{
	char src[sizeof(ts->source)];

	snprintf(src, sizeof(src), "%s", ts->source);
	snprintf(ts->source, sizeof(ts->source), "%.100s, memcg %.50s", src, rel);
	snprintf(ts->memcg_path, sizeof(ts->memcg_path), "%s", rel);
	ts->memcg = true;
}

/* The states oom_memcg prints, as static strings. */
static const char *memcg_state(const char *s)
{
	static const char *const names[] = { "kill", "wait", "none", "root" };
	size_t i;

	for (i = 0; s && i < MV_ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return names[i];
	return NULL;
}

/*
 * The module's view of the memcg tree: a memcg OOM in @rel scans, in
 * pre-order (the row's order), that memcg and every memcg below it,
 * each with the tasks whose memcg it is (the oom file's memcg_id: a task
 * in a cgroup without the memory controller belongs to the nearest
 * ancestor that has it).  Returns 1 when there is no oom_memcg table.
 */
static int memcg_from_module(struct mv_tasks *ts, const char *rel, char *err, size_t errlen)
{
	static const struct mv_known known[] = { { "oom_memcg", 1 }, { NULL, 0 } };
	static const char *const need[] = {
		"cgroup_id", "parent_id", "order", "oom_totalpages", "state", "cgroup",
	};
	const struct mv_table *t;
	struct mv_doc doc;
	char lerr[512];
	enum mv_src_status st;
	long long target = -1, *ids, *parents, *orders, v;
	bool *in, *keep;
	size_t r, i, n, row = 0;

	st = mv_load("oom_memcg", &doc, known, lerr, sizeof(lerr));
	if (st == MV_SRC_NOFILE || st == MV_SRC_NOMODULE)
		return 1;
	if (st != MV_SRC_OK) {
		snprintf(err, errlen, "%s", lerr);
		return -1;
	}
	t = &doc.t[0];
	for (i = 0; i < MV_ARRAY_SIZE(need); i++) {
		if (mv_col(t, need[i]) < 0) {
			snprintf(err, errlen, "oom_memcg has no '%s' column", need[i]);
			mv_doc_free(&doc);
			return -1;
		}
	}
	n = t->nrows;
	ids = mv_xcalloc(n + 1, sizeof(*ids));
	parents = mv_xcalloc(n + 1, sizeof(*parents));
	orders = mv_xcalloc(n + 1, sizeof(*orders));
	in = mv_xcalloc(n + 1, sizeof(*in));
	for (r = 0; r < n; r++) {
		const char *cg = mv_get_str(t, r, "cgroup");

		ids[r] = mv_get(t, r, "cgroup_id", &v) ? v : -1;
		parents[r] = mv_get(t, r, "parent_id", &v) ? v : -1;
		orders[r] = mv_get(t, r, "order", &v) ? v : -1;
		if (cg && !strcmp(cg, rel) && target < 0) {
			target = ids[r];
			row = r;
		}
	}
	if (target < 0) {
		snprintf(err, errlen, "no memcg %s in %s/oom_memcg (no such cgroup, or the memory controller is not enabled in its parent's cgroup.subtree_control)",
			 rel, mv_source_dir());
	} else if (!strcmp(mv_get_str(t, row, "state"), "root")) {
		snprintf(err, errlen, "%s is the root memcg: it has no limit and never has a memcg OOM", rel);
		target = -1;
	}
	if (target < 0) {
		free(ids);
		free(parents);
		free(orders);
		free(in);
		mv_doc_free(&doc);
		return -1;
	}
	/* In the subtree: the target is on the parent chain (bounded: racy links). */
	for (r = 0; r < n; r++) {
		long long id = ids[r];
		size_t depth, k;

		for (depth = 0; depth <= n && id > 0 && !in[r]; depth++) {
			if (id == target) {
				in[r] = true;
				break;
			}
			for (k = 0; k < n && ids[k] != id; k++)
				;
			id = k < n ? parents[k] : -1;
		}
	}
	keep = mv_xcalloc(ts->n + 1, sizeof(*keep));
	for (i = 0; i < ts->n; i++) {
		for (r = 0; r < n; r++) {
			if (ts->t[i].memcg_id > 0 && ids[r] == ts->t[i].memcg_id) {
				keep[i] = in[r];
				ts->t[i].memcg_order = orders[r];
				break;
			}
		}
	}
	keep_tasks(ts, keep);
	ts->totalpages = mv_num(t, row, "oom_totalpages", 1) > 0 ? mv_num(t, row, "oom_totalpages", 1) : 1;
	ts->memcg_state = memcg_state(mv_get_str(t, row, "state"));
	ts->memcg_victim = mv_col(t, "victim_pid") >= 0 && mv_get(t, row, "victim_pid", &v) ? v : -1;
	memcg_source(ts, rel);
	snprintf(ts->source + strlen(ts->source), sizeof(ts->source) - strlen(ts->source),
		 " (%s/oom_memcg)", mv_source_dir());
	free(keep);
	free(ids);
	free(parents);
	free(orders);
	free(in);
	mv_doc_free(&doc);
	return 0;
}

int mv_tasks_memcg(struct mv_tasks *ts, const char *path, long page_size,
		   char *err, size_t errlen)
{
	long long mem_max, swap_max, swappiness, max;
	char *rel, *dir;
	bool *keep;
	size_t i, rl;
	int ret;

	rel = cgroup_rel(path);
	rl = strlen(rel);
	ts->memcg_victim = -1;
	if (ts->from_module) {
		ret = memcg_from_module(ts, rel, err, errlen);
		if (ret <= 0) {
			free(rel);
			return ret;
		}
	}
	if (mv_source_offline()) {
		snprintf(err, errlen, "%s has no oom_memcg table: a memcg ranking needs it offline",
			 mv_source_dir());
		free(rel);
		return -1;
	}
	dir = mv_xasprintf("%s%s", CGROUP_ROOT, rel);
	if (!read_limit(dir, "memory.max", page_size, &mem_max)) {
		snprintf(err, errlen, "cannot read %s/memory.max: not a cgroup v2 group with the memory controller%s",
			 dir, rl == 1 ? " (the root cgroup has no limit and never has a memcg OOM)" : "");
		free(rel);
		free(dir);
		return -1;
	}
	/* No memory.swap.max without swap accounting: the counter stays at max. */
	if (!read_limit(dir, "memory.swap.max", page_size, &swap_max))
		swap_max = 0x7fffffffffffffffLL / page_size;
	if (!mv_sysctl("vm/swappiness", &swappiness))
		swappiness = 60;
	/* mem_cgroup_get_max(): cgroup v2 has no per-cgroup swappiness. */
	max = mem_max;
	if (swappiness)
		max += swap_max < ts->swap_pages ? swap_max : ts->swap_pages;
	ts->totalpages = max ? max : 1;
	keep = mv_xcalloc(ts->n + 1, sizeof(*keep));
	for (i = 0; i < ts->n; i++) {
		const char *cg = ts->t[i].cgroup;

		keep[i] = !strncmp(cg, rel, rl) && (cg[rl] == '\0' || cg[rl] == '/');
	}
	keep_tasks(ts, keep);
	free(keep);
	memcg_source(ts, rel);
	free(rel);
	free(dir);
	return 0;
}

void mv_tasks_score(struct mv_tasks *ts, long long global_totalpages)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		struct mv_task *t = &ts->t[i];

		if (t->why) {
			t->points = MV_LONG_MIN;
			t->score = 0;
			continue;
		}
		t->points = t->rss_anon + t->rss_file + t->rss_shmem + t->swapents + t->pgtables;
		t->points += t->adj * (ts->totalpages / 1000);
		/*
		 * oom_task_origin() makes oom_evaluate_task() take the task with
		 * LONG_MAX instead of its points, but /proc/PID/oom_score is
		 * oom_badness() all the same: the rank says "origin", the
		 * numbers stay the task's own (no sentinel to overflow).
		 */
		t->score = global_totalpages > 0 ?
			   (1000 + t->points * 1000 / global_totalpages) * 2 / 3 : 0;
		if (t->score < 0)
			t->score = 0;
	}
}

/*
 * oom_evaluate_task() keeps the later task on a tie (points >= chosen):
 * mem_cgroup_scan_tasks() visits memcgs in pre-order, each memcg's tasks
 * in css_set order, which the process order (the module's order column)
 * stands in for; the pid stands in for both without the module.
 */
static int cmp_rank(const void *a, const void *b)
{
	const struct mv_task *x = a, *y = b;

	if (!x->why != !y->why)
		return x->why ? 1 : -1;
	if (!x->why && x->origin != y->origin)
		return x->origin ? -1 : 1;
	if (x->points != y->points)
		return x->points > y->points ? -1 : 1;
	if (x->memcg_order != y->memcg_order)
		return x->memcg_order > y->memcg_order ? -1 : 1;
	if (x->order >= 0 && y->order >= 0 && x->order != y->order)
		return x->order > y->order ? -1 : 1;
	return x->pid > y->pid ? -1 : (x->pid < y->pid);
}

void mv_tasks_rank(struct mv_tasks *ts)
{
	size_t i;

	/* The kernel aborts its scan at an earlier victim still exiting. */
	ts->victims = 0;
	ts->victim_pid = 0;
	for (i = 0; i < ts->n; i++) {
		if (!ts->t[i].why || strcmp(ts->t[i].why, "oom_victim"))
			continue;
		if (!ts->victims++)
			ts->victim_pid = ts->t[i].pid;
	}
	qsort(ts->t, ts->n, sizeof(*ts->t), cmp_rank);
}
