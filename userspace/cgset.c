// SPDX-License-Identifier: GPL-2.0
/*
 * The memcg file joined with the cgroup files (cgset.h).  The module's
 * row gives what cgroupfs cannot (effective protection, cost); events
 * and PSI come from the kernel's own files, copied as they are, so that
 * the figures `memviz cgroups` prints are exactly the files'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgset.h"
#include "filetab.h"
#include "source.h"
#include "tasks.h"
#include "util.h"

const char *const mv_cg_event_names[MV_CGE_N] = { "low", "high", "max", "oom", "oom_kill" };

/* Where the cgroup files are: /sys/fs/cgroup, or DIR/cgroup of a snapshot. */
static void cg_root(struct mv_cgset *s)
{
	if (mv_source_offline())
		snprintf(s->root, sizeof(s->root), "%s/cgroup", mv_source_dir());
	else
		snprintf(s->root, sizeof(s->root), "%s", MV_CG_ROOT);
}

static char *cg_file(const struct mv_cgset *s, const struct mv_cg *c, const char *name)
{
	char *path = mv_xasprintf("%s%s/%s", s->root, strcmp(c->path, "/") ? c->path : "", name);
	char *buf = mv_read_file(path, NULL);

	free(path);
	return buf;
}

/* "avg10=1.23": hundredths, exactly as written (no floating point). */
static bool hundredths(const char *p, long long *v)
{
	long long i = 0, f = 0;
	int d = 0;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		i = i * 10 + (*p++ - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (d++ < 2)
				f = f * 10 + (*p - '0');
	while (d++ < 2)
		f *= 10;
	*v = i * 100 + f;
	return true;
}

/* One line of memory.pressure: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0". */
static bool psi_line(const char *buf, const char *kind, long long *avg10, long long *total)
{
	const char *l = buf, *a, *t;
	size_t kl = strlen(kind);

	while (l && strncmp(l, kind, kl)) {
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (!l)
		return false;
	a = strstr(l, "avg10=");
	t = strstr(l, "total=");
	if (!a || !t || !hundredths(a + 6, avg10) || t[6] < '0' || t[6] > '9')
		return false;
	*total = strtoll(t + 6, NULL, 10);
	return true;
}

static void read_files(const struct mv_cgset *s, struct mv_cg *c)
{
	char *buf;
	int e;

	buf = cg_file(s, c, "memory.events");
	if (buf) {
		c->have_events = true;
		for (e = 0; e < MV_CGE_N; e++)
			if (!mv_kv(buf, mv_cg_event_names[e], &c->ev[e]))
				c->ev[e] = -1;
		free(buf);
	}
	buf = cg_file(s, c, "memory.pressure");
	if (buf) {
		c->have_psi = psi_line(buf, "some ", &c->psi_some10, &c->psi_some_us);
		if (!psi_line(buf, "full ", &c->psi_full10, &c->psi_full_us))
			c->psi_full10 = c->psi_full_us = -1;
		free(buf);
	}
	buf = cg_file(s, c, "memory.stat");
	if (buf) {
		c->have_stat = mv_kv(buf, "anon", &c->stat_anon) && mv_kv(buf, "file", &c->stat_file);
		if (!mv_kv(buf, "shmem", &c->stat_shmem))
			c->stat_shmem = -1;
		free(buf);
	}
}

static void row(struct mv_cgset *s, size_t r, const long long *ids)
{
	const struct mv_table *t = s->t;
	struct mv_cg *c = &s->cg[r];
	long long pid = mv_num(t, r, "parent_id", -1);
	size_t p;

	c->path = mv_get_str(t, r, "cgroup");
	if (!c->path || !strcmp(c->path, "-"))
		c->path = "?";
	c->id = mv_num(t, r, "cgroup_id", 0);
	c->depth = (int)mv_num(t, r, "depth", 0);
	c->parent = -1;
	for (p = r; pid >= 0 && p-- > 0;)
		if (ids[p] == pid) {
			c->parent = (int)p;
			break;
		}
	c->current = mv_num(t, r, "current", 0);
	c->min = mv_num(t, r, "min", -1);
	c->low = mv_num(t, r, "low", -1);
	c->high = mv_num(t, r, "high", -1);
	c->max = mv_num(t, r, "max", -1);
	c->emin = mv_num(t, r, "emin", -1);
	c->elow = mv_num(t, r, "elow", -1);
	c->protected = mv_num(t, r, "protected", -1);
	c->swap_current = mv_num(t, r, "swap_current", -1);
	c->swap_max = mv_num(t, r, "swap_max", -1);
	c->clean_file = mv_num(t, r, "clean_file", -1);
	c->dirty_file = mv_num(t, r, "dirty_file", -1);
	c->writeback_file = mv_num(t, r, "writeback_file", -1);
	c->swappable = mv_num(t, r, "swappable", -1);
	c->unevictable = mv_num(t, r, "unevictable", -1);
	c->reclaimable = mv_num(t, r, "reclaimable", -1);
	c->skip = mv_get_str(t, r, "reclaim_skip");
	if (!c->skip)
		c->skip = "-";
	c->psi_full10 = c->psi_full_us = -1;
	read_files(s, c);
}

/* The memcg-OOM victim of each cgroup with a max, from one task load. */
static void victims(struct mv_cgset *s, long page_size)
{
	struct mv_tasks all, ts;
	char err[256];
	size_t i, k;

	if (mv_tasks_load(&all, page_size, err, sizeof(err)))
		return;
	for (i = 0; i < s->n; i++) {
		struct mv_cg *c = &s->cg[i];

		if (c->max < 0 || c->parent < 0)
			continue;
		ts = all;
		ts.t = mv_xcalloc(all.n ? all.n : 1, sizeof(*ts.t));
		for (k = 0; k < all.n; k++) {
			ts.t[k] = all.t[k];
			ts.t[k].cgroup = mv_xstrdup(all.t[k].cgroup);
		}
		if (!mv_tasks_memcg(&ts, c->path, page_size, err, sizeof(err))) {
			mv_tasks_score(&ts, all.totalpages);
			mv_tasks_rank(&ts);
			if (ts.n && !ts.t[0].why) {
				c->victim_pid = ts.t[0].pid;
				snprintf(c->victim_comm, sizeof(c->victim_comm), "%s", ts.t[0].comm);
			}
		}
		mv_tasks_free(&ts);
	}
	mv_tasks_free(&all);
}

int mv_cgset_load(struct mv_cgset *s, long page_size, bool want_victims, char *err, size_t errlen)
{
	struct mv_known known[4];
	const char *f;
	long long *ids;
	size_t r;

	memset(s, 0, sizeof(*s));
	mv_known_of("memcg", known, MV_ARRAY_SIZE(known));
	if (mv_load("memcg", &s->doc, known, err, errlen) != MV_SRC_OK)
		return -1;
	s->t = mv_doc_table(&s->doc, "memcg");
	if (!s->t) {
		snprintf(err, errlen, "the memcg file has no memcg table");
		mv_doc_free(&s->doc);
		return -1;
	}
	f = mv_fact(s->t, "recursiveprot");
	s->recursiveprot = f && !strcmp(f, "yes");
	f = mv_fact(s->t, "cgroup_v2");
	s->v2 = !f || !strcmp(f, "yes");
	cg_root(s);
	s->n = s->t->nrows;
	s->cg = mv_xcalloc(s->n ? s->n : 1, sizeof(*s->cg));
	ids = mv_xcalloc(s->n ? s->n : 1, sizeof(*ids));
	for (r = 0; r < s->n; r++) {
		ids[r] = mv_num(s->t, r, "cgroup_id", -2);
		row(s, r, ids);
	}
	free(ids);
	if (want_victims)
		victims(s, page_size);
	return 0;
}

void mv_cgset_free(struct mv_cgset *s)
{
	free(s->cg);
	mv_doc_free(&s->doc);
	memset(s, 0, sizeof(*s));
}

int mv_cgset_find(const struct mv_cgset *s, const char *path)
{
	const char *p = path;
	size_t i, l;

	if (!strncmp(p, MV_CG_ROOT, strlen(MV_CG_ROOT)) &&
	    (p[strlen(MV_CG_ROOT)] == '/' || !p[strlen(MV_CG_ROOT)]))
		p += strlen(MV_CG_ROOT);
	p += strspn(p, "/");
	l = strlen(p);
	while (l && p[l - 1] == '/')
		l--;
	for (i = 0; i < s->n; i++) {
		const char *c = s->cg[i].path + strspn(s->cg[i].path, "/");

		if (strlen(c) == l && !strncmp(c, p, l))
			return (int)i;
	}
	return -1;
}

bool mv_cgset_under(const struct mv_cgset *s, int i, int anc)
{
	for (; i >= 0; i = s->cg[i].parent)
		if (i == anc)
			return true;
	return false;
}

long long mv_cg_limit(const struct mv_cg *c)
{
	if (c->high >= 0 && (c->max < 0 || c->high < c->max))
		return c->high;
	return c->max;
}

long long mv_cg_pressure(const struct mv_cg *c)
{
	long long lim = mv_cg_limit(c);
	long long use = lim > 0 ? c->current * 1000 / lim : 0;

	return (c->have_psi ? c->psi_some10 : 0) * 10000 + (use > 9999 ? 9999 : use);
}
