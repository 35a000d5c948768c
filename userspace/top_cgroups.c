// SPDX-License-Identifier: GPL-2.0
/*
 * The cgroups top shows: usage against memory.high and memory.max, and
 * the cgroup's own memory PSI.  Usage and limits come from the module's
 * memcg file when it has one (every memcg, one snapshot), else from its
 * oom_memcg file (current and max of every memcg, from the OOM snapshot),
 * else from cgroupfs itself, the top-level cgroups only.  memory.high and
 * memory.pressure are read from cgroupfs in every case: no memviz file
 * carries them.  Offline, cgroupfs is DIR/cgroup as record saves it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include "filetab.h"
#include "source.h"
#include "table.h"
#include "top.h"
#include "util.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#define MAX_CGROUPS 256

const char *mv_cgroup_root(void)
{
	static char root[4096];

	/* follows the source, which a replay changes frame by frame */
	if (mv_source_offline())
		snprintf(root, sizeof(root), "%s/cgroup", mv_source_dir());
	else
		snprintf(root, sizeof(root), "%s", CGROUP_ROOT);
	return root;
}

/* A path from a table, as cgroupfs names it: absolute, no "..". */
static bool sane_path(const char *p)
{
	return p && p[0] == '/' && !strstr(p, "/..") && strlen(p) < 200;
}

static char *cg_read(const char *root, const char *path, const char *file)
{
	char *name = mv_xasprintf("%s%s/%s", root, strcmp(path, "/") ? path : "", file);
	char *buf = mv_read_file(name, NULL);

	free(name);
	return buf;
}

/* memory.current/high/max: bytes or "max", in pages. */
static long long cg_pages(const char *root, const char *path, const char *file, long page_size)
{
	char *buf = cg_read(root, path, file);
	long long v = MV_CG_UNKNOWN;
	char *end;

	if (buf && !strncmp(buf, "max", 3)) {
		v = MV_CG_UNLIMITED;
	} else if (buf) {
		long long b = strtoll(buf, &end, 10);

		if (end != buf && b >= 0)
			v = b / page_size;
	}
	free(buf);
	return v;
}

static struct mv_top_cg *add(struct mv_top_frame *f, const char *path)
{
	struct mv_top_cg *c;

	if (f->ncg >= MAX_CGROUPS || !sane_path(path) || !strcmp(path, "/"))
		return NULL;	/* the root: the machine's own PSI is in the reclaim pane */
	if (!f->cg)
		f->cg = mv_xcalloc(MAX_CGROUPS, sizeof(*f->cg));
	c = &f->cg[f->ncg++];
	snprintf(c->path, sizeof(c->path), "%s", path);
	c->current = c->high = c->max = MV_CG_UNKNOWN;
	return c;
}

/* A table's limit: '-' (memcg) or the page counter's maximum (oom_memcg) is none. */
static long long limit(const struct mv_table *t, size_t r, const char *col, long long nolimit)
{
	long long v;

	if (mv_col(t, col) < 0)
		return MV_CG_UNKNOWN;
	if (!mv_get(t, r, col, &v))
		return MV_CG_UNLIMITED;
	return v >= nolimit ? MV_CG_UNLIMITED : v;
}

/* 0 when the file gave the cgroups, else 1 with @why. */
static int from_file(struct mv_top_frame *f, const char *file, char *why, size_t len)
{
	static const char *const cols[2][3] = {
		{ "current", "max", "high" },			/* memcg */
		{ "memory_current", "memory_max", NULL },	/* oom_memcg */
	};
	struct mv_known known[8];
	const struct mv_table *t;
	enum mv_src_status st;
	struct mv_doc doc;
	char err[512];
	int w = strcmp(file, "memcg") ? 1 : 0;
	long long nolimit = LLONG_MAX;
	size_t r;

	mv_known_of(file, known, MV_ARRAY_SIZE(known));
	st = mv_load(file, &doc, known, err, sizeof(err));
	if (st == MV_SRC_NOMODULE || st == MV_SRC_NOFILE) {
		snprintf(why, len, "no %s file", file);
		return 1;
	}
	if (st != MV_SRC_OK) {
		snprintf(why, len, "%s", err);
		return 1;
	}
	t = mv_doc_table(&doc, file);
	if (!t || mv_col(t, "cgroup") < 0 || mv_col(t, cols[w][0]) < 0) {
		snprintf(why, len, "%s/%s has no cgroup and %s columns", mv_source_dir(), file,
			 cols[w][0]);
		mv_doc_free(&doc);
		return 1;
	}
	mv_parse_ll(mv_fact(t, "max"), &nolimit);	/* oom_memcg: "max=<PAGE_COUNTER_MAX>" */
	for (r = 0; r < t->nrows; r++) {
		struct mv_top_cg *c = add(f, mv_get_str(t, r, "cgroup"));

		if (!c)
			continue;
		c->current = mv_num(t, r, cols[w][0], MV_CG_UNKNOWN);
		c->max = limit(t, r, cols[w][1], nolimit);
		if (cols[w][2])
			c->high = limit(t, r, cols[w][2], nolimit);
	}
	snprintf(f->cg_src, sizeof(f->cg_src), "%s/%s", mv_source_dir(), file);
	mv_doc_free(&doc);
	return 0;
}

/* The top-level cgroups of cgroupfs (those with a memory controller). */
static int from_cgroupfs(struct mv_top_frame *f, const char *root, char *why, size_t len)
{
	char *v2 = mv_xasprintf("%s/cgroup.controllers", root);
	struct dirent *de;
	struct stat st;
	bool is_v2 = !stat(v2, &st);
	DIR *d;

	free(v2);
	if (!is_v2) {
		snprintf(why, len, mv_source_offline() ? "%.300s is not in the snapshot" :
			 "%.300s is not a cgroup v2 hierarchy (no cgroup.controllers)", root);
		return 1;
	}
	d = opendir(root);
	if (!d) {
		snprintf(why, len, "cannot list %.300s", root);
		return 1;
	}
	while ((de = readdir(d))) {
		char *path, *file;
		bool mem;

		if (de->d_name[0] == '.')
			continue;
		path = mv_xasprintf("/%s", de->d_name);
		file = mv_xasprintf("%s%s/memory.current", root, path);
		mem = !stat(file, &st);
		free(file);
		if (mem)
			add(f, path);
		free(path);
	}
	closedir(d);
	if (!f->ncg) {
		snprintf(why, len, "no cgroup below %.300s has memory.current (memory not in its cgroup.subtree_control?)",
			 root);
		return 1;
	}
	snprintf(f->cg_src, sizeof(f->cg_src), "%.140s, top level", root);
	return 0;
}

void mv_top_cgroups(struct mv_top_frame *f)
{
	const char *root = mv_cgroup_root();
	char w1[512], w2[512], w3[512];
	bool fs = false;
	size_t i;

	if (from_file(f, "memcg", w1, sizeof(w1)) && from_file(f, "oom_memcg", w2, sizeof(w2))) {
		if (from_cgroupfs(f, root, w3, sizeof(w3))) {
			mv_top_note(f, "no cgroups: %s; %s; %s", w1, w2, w3);
			return;
		}
		fs = true;
		mv_top_note(f, "cgroups from cgroupfs, top level only: %s; %s", w1, w2);
	}
	for (i = 0; i < f->ncg; i++) {
		struct mv_top_cg *c = &f->cg[i];
		char *buf;

		if (fs || c->current == MV_CG_UNKNOWN)
			c->current = cg_pages(root, c->path, "memory.current", f->page_size);
		if (fs || c->max == MV_CG_UNKNOWN)
			c->max = cg_pages(root, c->path, "memory.max", f->page_size);
		if (c->high == MV_CG_UNKNOWN)
			c->high = cg_pages(root, c->path, "memory.high", f->page_size);
		buf = cg_read(root, c->path, "memory.pressure");
		if (buf)
			mv_psi_parse(buf, &c->psi);
		free(buf);
	}
}
