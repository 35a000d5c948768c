// SPDX-License-Identifier: GPL-2.0
/*
 * A recorded series: DIR/snap-<seq>/ directories, each a snapshot that
 * `--debugfs` reads like any other, with a stamp file saying when it was
 * taken:
 *
 *   # memviz record v1 seq=<n> mono_ns=<CLOCK_MONOTONIC> real_s=<epoch seconds>
 *
 * The monotonic time gives the rates between frames; the wall clock is
 * what the screen shows.  A directory of snapshots without stamps (made by
 * `memviz snapshot`) replays too, in name order, without rates.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "source.h"
#include "top.h"
#include "util.h"

bool mv_stamp_read(const char *dir, struct mv_stamp *s)
{
	char *path = mv_xasprintf("%s/stamp", dir);
	char *buf = mv_read_file(path, NULL);
	long long mono;
	double real;
	const char *p;
	bool ok = false;

	free(path);
	s->seq = -1;
	s->t = s->t_real = -1;
	if (buf && !strncmp(buf, "# memviz record v1 ", 19)) {
		p = strstr(buf, " seq=");
		if (p)
			sscanf(p, " seq=%lld", &s->seq);
		p = strstr(buf, " mono_ns=");
		if (p && sscanf(p, " mono_ns=%lld", &mono) == 1 && mono >= 0)
			s->t = (double)mono / 1e9;
		p = strstr(buf, " real_s=");
		if (p && sscanf(p, " real_s=%lf", &real) == 1 && real >= 0)
			s->t_real = real;
		ok = s->seq >= 0;
	}
	free(buf);
	return ok;
}

int mv_stamp_write(const char *dir, const struct mv_stamp *s)
{
	char *path = mv_xasprintf("%s/stamp", dir);
	FILE *f = fopen(path, "w");
	int r = -1;

	free(path);
	if (!f)
		return -1;
	fprintf(f, "# memviz record v1 seq=%lld mono_ns=%lld real_s=%.3f\n", s->seq,
		s->t >= 0 ? (long long)(s->t * 1e9) : -1LL, s->t_real >= 0 ? s->t_real : -1.0);
	if (!ferror(f))
		r = 0;
	if (fclose(f))
		r = -1;
	return r;
}

struct entry {
	long long seq;
	char *path;
	struct mv_stamp st;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->path, y->path);
}

static bool is_snapshot(const char *dir)
{
	static const char *const marks[] = { "stamp", "zones", "proc/vmstat", "proc/zoneinfo" };
	struct stat st;
	size_t i;
	bool yes = false;

	for (i = 0; i < MV_ARRAY_SIZE(marks) && !yes; i++) {
		char *p = mv_xasprintf("%s/%s", dir, marks[i]);

		yes = !stat(p, &st);
		free(p);
	}
	return yes;
}

int mv_series_load(struct mv_series *s, const char *dir, char *err, size_t errlen)
{
	struct entry *e = NULL;
	struct dirent *de;
	size_t n = 0, i;
	struct stat st;
	DIR *d;

	memset(s, 0, sizeof(*s));
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char *p;

		if (de->d_name[0] == '.')
			continue;	/* also record's .tmp- frames, not yet complete */
		p = mv_xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &st) || !S_ISDIR(st.st_mode) || !is_snapshot(p)) {
			free(p);
			continue;
		}
		e = mv_xrealloc(e, (n + 1) * sizeof(*e));
		e[n].path = p;
		e[n].seq = mv_stamp_read(p, &e[n].st) ? e[n].st.seq : -1;
		n++;
	}
	closedir(d);
	if (!n && is_snapshot(dir)) {
		/* one snapshot given as the series: a single frame */
		e = mv_xrealloc(e, sizeof(*e));
		e[0].path = mv_xstrdup(dir);
		e[0].seq = mv_stamp_read(dir, &e[0].st) ? e[0].st.seq : -1;
		n = 1;
	}
	if (!n) {
		free(e);
		snprintf(err, errlen, "%s holds no recorded frames (snap-<seq> directories of `memviz record %s`)",
			 dir, dir);
		return -1;
	}
	qsort(e, n, sizeof(*e), cmp_entry);
	s->dir = mv_xstrdup(dir);
	s->n = n;
	s->frame = mv_xcalloc(n, sizeof(*s->frame));
	s->pt = mv_xcalloc(n, sizeof(*s->pt));
	for (i = 0; i < n; i++) {
		s->frame[i] = e[i].path;
		mv_source_init(e[i].path);
		mv_top_point_read(&s->pt[i]);
		s->pt[i].t = e[i].st.t;
		s->pt[i].t_real = e[i].st.t_real;
	}
	free(e);
	return 0;
}

void mv_series_free(struct mv_series *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->frame[i]);
	free(s->frame);
	free(s->pt);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}
