// SPDX-License-Identifier: GPL-2.0
/*
 * memviz watch: reclaim activity as it happens.  Every interval, the
 * per-second rates of the vm events (like `sar -B`) and each zone's free
 * pages with a sparkline of its recent history.  On a terminal the screen
 * is redrawn in place; otherwise each sample is printed as its own tables,
 * so the output can be logged or piped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "counters.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "util.h"
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

#define RATE(f) ((long long)((double)(cur.f - prev.f) * 100 / dt))

int mv_cmd_watch(int argc, char **argv, struct mv_opts *o)
{
	long long count = -1, iv_ms = 1000, sample = 0;
	struct mv_counters prev, cur;
	struct zhist *hs = NULL;
	size_t nh = 0;
	int i;

	for (i = 1; i < argc; i++) {
		double s;
		char *end;

		if (!strcmp(argv[i], "-i") && i + 1 < argc) {
			s = strtod(argv[++i], &end);
			if (*end || s < 0.1 || s > 3600) {
				mv_err("watch: -i takes seconds between 0.1 and 3600");
				return MV_EXIT_USAGE;
			}
			iv_ms = (long long)(s * 1000);
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			if (!mv_parse_ll(argv[++i], &count) || count < 1) {
				mv_err("watch: -n takes a positive count");
				return MV_EXIT_USAGE;
			}
		} else {
			mv_err("watch: unknown argument '%s' (see memviz watch --help)", argv[i]);
			return MV_EXIT_USAGE;
		}
	}
	if (mv_source_offline()) {
		mv_err("watch needs the live system, not --debugfs");
		return MV_EXIT_FAIL;
	}
	if (mv_counters_read(&prev)) {
		mv_err("cannot read %s/vmstat", mv_proc_root());
		return MV_EXIT_FAIL;
	}
	while (count < 0 || sample < count) {
		struct timespec d = { (time_t)(iv_ms / 1000), (long)(iv_ms % 1000) * 1000000L };
		struct mv_zoneset zs;
		struct mv_report r;
		struct mv_otab *t;
		char note[768];
		double dt;
		size_t z;

		nanosleep(&d, NULL);
		if (mv_counters_read(&cur) || mv_zoneset_load(&zs, note, sizeof(note))) {
			mv_err("watch: %s", note);
			free(hs);
			return MV_EXIT_FAIL;
		}
		sample++;
		dt = cur.t - prev.t > 0 ? cur.t - prev.t : 1;
		o->page_size = zs.page_size;
		mv_report_init(&r, "watch", o);
		r.kernel = zs.kernel;
		r.source = mv_proc_root();
		if (!zs.from_module && sample == 1)
			mv_report_note(&r, "%s", note);
		t = mv_otab_new(&r, "rates", "sample %lld, per second over %.1f s (/proc/vmstat)", sample, dt);
		mv_otab_col(t, "sample", MV_COUNT, false);
		mv_otab_col(t, "pgscan_kswapd", MV_RATE, false);
		mv_otab_col(t, "pgscan_direct", MV_RATE, false);
		mv_otab_col(t, "pgsteal_kswapd", MV_RATE, false);
		mv_otab_col(t, "pgsteal_direct", MV_RATE, false);
		mv_otab_col(t, "allocstall", MV_RATE, false);
		mv_otab_col(t, "refault", MV_RATE, false);
		mv_otab_col(t, "pswpin", MV_RATE, false);
		mv_otab_col(t, "pswpout", MV_RATE, false);
		mv_otab_col(t, "oom_kill", MV_RATE, false);
		mv_otab_row(t);
		mv_put(t, "sample", sample);
		mv_put(t, "pgscan_kswapd", RATE(pgscan_kswapd));
		mv_put(t, "pgscan_direct", RATE(pgscan_direct));
		mv_put(t, "pgsteal_kswapd", RATE(pgsteal_kswapd));
		mv_put(t, "pgsteal_direct", RATE(pgsteal_direct));
		mv_put(t, "allocstall", RATE(allocstall));
		mv_put(t, "refault", RATE(refault));
		mv_put(t, "pswpin", RATE(pswpin));
		mv_put(t, "pswpout", RATE(pswpout));
		mv_put(t, "oom_kill", RATE(oom_kill));

		t = mv_otab_new(&r, "zones", "zone free over time (sparkline: oldest left, full = twice high)");
		mv_otab_col(t, "node", MV_LABEL, false);
		mv_otab_col(t, "zone", MV_LABEL, false);
		mv_otab_col(t, "free", MV_PAGES, false);
		mv_otab_col(t, "min", MV_PAGES, false);
		mv_otab_col(t, "low", MV_PAGES, false);
		mv_otab_col(t, "high", MV_PAGES, false);
		mv_otab_col(t, "state", MV_STR, false);
		mv_otab_col(t, "history", MV_GAUGE, false);
		for (z = 0; z < zs.n; z++) {
			const struct mv_zone *q = &zs.z[z];
			struct zhist *h = hist_of(&hs, &nh, q);
			char node[16], sp[HISTORY + 1];

			if (h->n == HISTORY)
				memmove(h->v, h->v + 1, (HISTORY - 1) * sizeof(h->v[0]));
			else
				h->n++;
			h->v[h->n - 1] = q->free;
			spark(sp, h, q->high);
			snprintf(node, sizeof(node), "%d", q->node);
			mv_otab_row(t);
			mv_put_str(t, "node", node);
			mv_put_str(t, "zone", q->name);
			mv_put(t, "free", q->free);
			mv_put(t, "min", q->min);
			mv_put(t, "low", q->low);
			mv_put(t, "high", q->high);
			mv_put_str(t, "state", q->state);
			mv_put_str(t, "history", sp);
		}
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
