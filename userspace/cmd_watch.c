// SPDX-License-Identifier: GPL-2.0
/*
 * memviz watch: reclaim activity as it happens.  Every interval, the
 * per-second rates of the vm events (like `sar -B`) and each zone's free
 * pages with a sparkline of its recent history.  On a terminal the screen
 * is redrawn in place; otherwise each sample is printed as its own tables,
 * so the output can be logged or piped; --lines prints one line per
 * sample, like vmstat.  --prom prints one exposition of the counters
 * (Prometheus computes rates), and offline (--debugfs) there is only the
 * snapshot: one sample of its totals since boot.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "counters.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "units.h"
#include "util.h"
#include "views.h"
#include "zoneset.h"

#define HISTORY 24

struct zhist {
	char key[32];
	long long v[HISTORY];
	int n;
};

static void spark(char *out, const struct zhist *h, long long high)
{
	static const char levels[] = " .:-=+*#";
	long long max = high * 2;
	int i;

	for (i = 0; i < h->n; i++)
		if (h->v[i] > max)
			max = h->v[i];
	for (i = 0; i < h->n; i++) {
		int l = max > 0 ? (int)(h->v[i] * 7 / max) : 0;

		out[i] = levels[l < 0 ? 0 : l > 7 ? 7 : l];
	}
	out[h->n] = '\0';
}

static struct zhist *hist_of(struct zhist **hs, size_t *n, const struct mv_zone *z)
{
	char key[32];
	size_t i;

	snprintf(key, sizeof(key), "%d/%s", z->node, z->name);
	for (i = 0; i < *n; i++)
		if (!strcmp((*hs)[i].key, key))
			return &(*hs)[i];
	*hs = mv_xrealloc(*hs, (*n + 1) * sizeof(**hs));
	memset(&(*hs)[*n], 0, sizeof(**hs));
	snprintf((*hs)[*n].key, sizeof((*hs)[*n].key), "%s", key);
	return &(*hs)[(*n)++];
}

/* The /proc/vmstat counters watch and explain show, as totals and as rates. */
static const struct {
	const char *name;
	size_t off;
} vmcols[] = {
	{ "pgscan_kswapd", offsetof(struct mv_counters, pgscan_kswapd) },
	{ "pgscan_direct", offsetof(struct mv_counters, pgscan_direct) },
	{ "pgsteal_kswapd", offsetof(struct mv_counters, pgsteal_kswapd) },
	{ "pgsteal_direct", offsetof(struct mv_counters, pgsteal_direct) },
	{ "allocstall", offsetof(struct mv_counters, allocstall) },
	{ "refault", offsetof(struct mv_counters, refault) },
	{ "pswpin", offsetof(struct mv_counters, pswpin) },
	{ "pswpout", offsetof(struct mv_counters, pswpout) },
	{ "oom_kill", offsetof(struct mv_counters, oom_kill) },
};

static long long counter(const struct mv_counters *c, size_t i)
{
	return *(const long long *)((const char *)c + vmcols[i].off);
}

void mv_vm_tables(struct mv_report *r, const struct mv_counters *a, const struct mv_counters *b,
		  long long sample)
{
	const struct mv_counters *e = b ? b : a;
	struct mv_otab *t;
	double dt;
	size_t i;

	if (b) {
		dt = b->t - a->t > 0 ? b->t - a->t : 1;
		t = mv_otab_decl(r, "rates", "rates", "vm events per second over %.1f s (%s/vmstat)",
				 dt, mv_proc_root());
		if (sample > 0)
			mv_otab_dcol(t, "sample");
		mv_otab_dcol(t, "interval_ns");
		for (i = 0; i < MV_ARRAY_SIZE(vmcols); i++)
			mv_otab_dcol(t, vmcols[i].name);
		mv_otab_row(t);
		mv_put(t, "sample", sample);
		mv_put(t, "interval_ns", (long long)(dt * 1e9));
		for (i = 0; i < MV_ARRAY_SIZE(vmcols); i++)
			mv_put(t, vmcols[i].name, (long long)((double)(counter(b, i) - counter(a, i)) * 100 / dt));
	}
	t = mv_otab_decl(r, "vm", "vm", "vm events since boot (%s/vmstat)", mv_proc_root());
	for (i = 0; i < MV_ARRAY_SIZE(vmcols); i++)
		mv_otab_dcol(t, vmcols[i].name);
	mv_otab_row(t);
	for (i = 0; i < MV_ARRAY_SIZE(vmcols); i++)
		mv_put(t, vmcols[i].name, counter(e, i));
}


/* --lines: one line per sample, the header every 20 lines, like vmstat. */
static void watch_line(const struct mv_counters *a, const struct mv_counters *b,
		       const struct mv_zoneset *zs, long long sample, const struct mv_opts *o)
{
	double dt = b->t - a->t > 0 ? b->t - a->t : 1;
	long long free_ = 0, below = 0;
	char fb[32];
	size_t z;

	for (z = 0; z < zs->n; z++) {
		free_ += zs->z[z].free;
		below += strcmp(zs->z[z].state, "ok") != 0;
	}
	if (sample % 20 == 1)
		printf("%6s %9s %9s %9s %9s %7s %8s %7s %7s %4s %8s %5s\n", "sample", "scan_k/s",
		       "scan_d/s", "steal_k/s", "steal_d/s", "stall/s", "refault/s", "swpin/s",
		       "swpout/s", "oom", "free", "below");
	if (o->pages)
		snprintf(fb, sizeof(fb), "%lld", free_);
	else
		mv_human_pages(fb, sizeof(fb), free_, zs->page_size);
#define R(f) ((double)(b->f - a->f) / dt)
	printf("%6lld %9.0f %9.0f %9.0f %9.0f %7.1f %9.0f %7.0f %8.0f %4lld %8s %5lld\n", sample,
	       R(pgscan_kswapd), R(pgscan_direct), R(pgsteal_kswapd), R(pgsteal_direct),
	       R(allocstall), R(refault), R(pswpin), R(pswpout), b->oom_kill - a->oom_kill, fb, below);
#undef R
	fflush(stdout);
}

static void zones_table(struct mv_report *r, const struct mv_zoneset *zs, struct zhist **hs,
			size_t *nh, bool history)
{
	struct mv_otab *t = mv_otab_decl(r, "zones", "zones", "zone free over time (sparkline: oldest left, full = twice high)");
	size_t z;

	mv_otab_dcols(t, mv_zone_cols);
	if (history)
		mv_otab_dcol(t, "history");
	for (z = 0; z < zs->n; z++) {
		const struct mv_zone *q = &zs->z[z];
		char node[16], sp[HISTORY + 1];

		if (history) {
			struct zhist *h = hist_of(hs, nh, q);

			if (h->n == HISTORY)
				memmove(h->v, h->v + 1, (HISTORY - 1) * sizeof(h->v[0]));
			else
				h->n++;
			h->v[h->n - 1] = q->free;
			spark(sp, h, q->high);
		}
		snprintf(node, sizeof(node), "%d", q->node);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", q->name);
		mv_put(t, "free", q->free);
		mv_put(t, "min", q->min);
		mv_put(t, "low", q->low);
		mv_put(t, "high", q->high);
		mv_put_str(t, "state", q->state);
		if (history)
			mv_put_str(t, "history", sp);
	}
}

int mv_cmd_watch(int argc, char **argv, struct mv_opts *o)
{
	long long count = o->count, sample = 0;
	struct mv_counters prev, cur;
	struct zhist *hs = NULL;
	bool offline = mv_source_offline();
	size_t nh = 0;

	(void)argv;
	if (argc > 1) {
		mv_err("watch takes no arguments (-i SECONDS, -n COUNT, --lines)");
		return MV_EXIT_USAGE;
	}
	if ((o->fmt == MV_FMT_PROM || offline) && count > 1) {
		mv_err("watch: %s is one sample (-n 1)", offline ? "a snapshot" :
		       "--prom prints one exposition of the counters, so it");
		return MV_EXIT_USAGE;
	}
	if (o->lines && (o->fmt != MV_FMT_TEXT || offline)) {
		mv_err("watch --lines is text of the live system");
		return MV_EXIT_USAGE;
	}
	if (offline || o->fmt == MV_FMT_PROM)
		count = 1;
	if (mv_counters_read(&prev)) {
		mv_err("cannot read %s/vmstat", mv_proc_root());
		return MV_EXIT_FAIL;
	}
	while (count < 0 || sample < count) {
		struct timespec d = { (time_t)(o->interval_ms / 1000), (long)(o->interval_ms % 1000) * 1000000L };
		struct mv_zoneset zs;
		struct mv_report r;
		char note[768];

		if (!offline && o->fmt != MV_FMT_PROM) {
			nanosleep(&d, NULL);
			if (mv_counters_read(&cur)) {
				mv_err("watch: cannot read %s/vmstat", mv_proc_root());
				free(hs);
				return MV_EXIT_FAIL;
			}
		} else {
			cur = prev;
		}
		if (mv_zoneset_load(&zs, note, sizeof(note))) {
			mv_err("watch: %s", note);
			free(hs);
			return MV_EXIT_FAIL;
		}
		sample++;
		if (o->lines) {
			watch_line(&prev, &cur, &zs, sample, o);
			mv_zoneset_free(&zs);
			prev = cur;
			continue;
		}
		o->page_size = zs.page_size;
		mv_report_init(&r, "watch", o);
		r.kernel = zs.kernel;
		r.source = mv_proc_root();
		if (!zs.from_module && sample == 1)
			mv_report_note(&r, "%s", note);
		if (offline)
			mv_report_note(&r, "a snapshot: one sample, totals since boot");
		mv_vm_tables(&r, &prev, offline || o->fmt == MV_FMT_PROM ? NULL : &cur, sample);
		zones_table(&r, &zs, &hs, &nh, o->tty);
		if (o->tty)
			fputs("\033[H\033[2J", stdout);
		else if (sample > 1 && o->fmt == MV_FMT_TEXT)
			fputc('\n', stdout);
		mv_emit(&r, stdout, o);
		mv_report_free(&r);
		mv_zoneset_free(&zs);
		prev = cur;
	}
	free(hs);
	return 0;
}
