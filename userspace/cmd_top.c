// SPDX-License-Identifier: GPL-2.0
/*
 * memviz top: the live full-screen view.  Three sources, one screen:
 *  - live: a sample every -d seconds (default 2); rates between the last
 *    two samples, sparklines over the last minute of them;
 *  - --debugfs DIR: a snapshot, resampled each refresh (it does not
 *    change: no rates, totals since boot);
 *  - --replay DIR: the frames `memviz record DIR` kept, stepped with the
 *    arrows; rates and sparklines from the frames' own stamps.
 * --once (and any stdout that is not a terminal) prints one screen, or
 * every frame of a replay, as text; colours only on a terminal.
 *
 * A new kill in oom_events (its recorded= count grows; without the file,
 * /proc/vmstat's oom_kill) flashes the OOM pane for ten seconds (live) or
 * on the frame that first holds it (replay).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "counters.h"
#include "memviz.h"
#include "source.h"
#include "table.h"
#include "top.h"
#include "util.h"

#define WINDOW 60.0	/* seconds of history in a sparkline: "the last minute" */
#define FLASH_SECONDS 10.0
#define HIST_MAX 4096	/* points kept live: a minute at -d 0.1 with room */

struct top {
	struct mv_opts *o;
	struct mv_top_ui ui;
	struct mv_top_frame f;
	bool have_frame;
	double delay;		/* seconds */
	double sampled_at;	/* mv_now() of the sample shown */
	double msg_until;
	/* live and snapshot: the points so far */
	struct mv_top_point *hist;
	size_t nhist;
	/* replay */
	bool replay;
	struct mv_series s;
	size_t cur;
};

/* A kill since @a: oom_events' count grew, or without it, vmstat's oom_kill. */
static bool new_kill(const struct mv_top_point *a, const struct mv_top_point *b)
{
	if (a->oom_recorded >= 0 && b->oom_recorded >= 0)
		return b->oom_recorded > a->oom_recorded;
	return a->vm_ok && b->vm_ok && b->c.oom_kill > a->c.oom_kill;
}

static void message(struct top *t, const char *s)
{
	snprintf(t->ui.msg, sizeof(t->ui.msg), "%s", s);
	t->msg_until = mv_now() + 3;
}

/* Live or a snapshot: read a point and the sample around it. */
static bool sample_now(struct top *t)
{
	struct mv_top_point pt;
	bool offline = mv_source_offline(), kill = false;

	mv_top_point_read(&pt);
	if (!offline) {
		pt.t = mv_now();
		pt.t_real = (double)time(NULL);
	}
	if (t->nhist)
		kill = new_kill(&t->hist[t->nhist - 1], &pt);
	if (offline || t->nhist == HIST_MAX)
		t->nhist = 0;	/* a snapshot has one point; live, start a new minute */
	/* keep the last minute (and the point before it, for the first rate) */
	while (t->nhist > 1 && t->hist[1].t >= 0 && pt.t - t->hist[1].t > WINDOW) {
		memmove(t->hist, t->hist + 1, (t->nhist - 1) * sizeof(*t->hist));
		t->nhist--;
	}
	t->hist[t->nhist++] = pt;
	if (t->have_frame)
		mv_top_frame_free(&t->f);
	mv_top_sample(&t->f, &pt);
	t->have_frame = true;
	t->sampled_at = mv_now();
	if (kill)
		t->ui.flash = (int)(FLASH_SECONDS / (t->delay > 0.1 ? t->delay : 0.1)) + 1;
	else if (t->ui.flash > 0)
		t->ui.flash--;
	if (mv_now() > t->msg_until)
		t->ui.msg[0] = '\0';
	return kill;
}

static void replay_mode(struct top *t)
{
	const struct mv_top_point *p = &t->s.pt[t->cur];
	const char *name = strrchr(t->s.frame[t->cur], '/');
	char rel[48] = "";

	if (t->cur && p->t >= 0 && t->s.pt[0].t >= 0)
		snprintf(rel, sizeof(rel), ", +%.1f s", p->t - t->s.pt[0].t);
	snprintf(t->ui.mode, sizeof(t->ui.mode), "replay: frame %zu/%zu (%s%s) of %s", t->cur + 1,
		 t->s.n, name ? name + 1 : t->s.frame[t->cur], rel, t->s.dir);
	t->ui.when[0] = '\0';
	if (p->t_real >= 0) {
		time_t tt = (time_t)p->t_real;
		struct tm tm;

		if (localtime_r(&tt, &tm))
			strftime(t->ui.when, sizeof(t->ui.when), "%Y-%m-%d %H:%M:%S", &tm);
	}
}

/* Replay: frame @i, with the frames of the minute before it as history. */
static void replay_load(struct top *t, size_t i)
{
	t->cur = i;
	if (t->have_frame)
		mv_top_frame_free(&t->f);
	mv_source_init(t->s.frame[i]);
	mv_top_sample(&t->f, &t->s.pt[i]);
	t->have_frame = true;
	t->ui.flash = i && new_kill(&t->s.pt[i - 1], &t->s.pt[i]);
	replay_mode(t);
}

static void view_of(struct top *t, struct mv_top_view *v)
{
	memset(v, 0, sizeof(*v));
	v->f = &t->f;
	v->ui = &t->ui;
	v->window = WINDOW;
	if (t->replay) {
		size_t j = t->cur;
		const struct mv_top_point *p = t->s.pt;

		while (j > 0 && p[t->cur].t >= 0 && p[j - 1].t >= 0 && p[t->cur].t - p[j - 1].t <= WINDOW + 1e-9)
			j--;
		/* one point before the window gives the first interval's rate */
		if (j > 0 && p[j - 1].t >= 0)
			j--;
		v->hist = p + j;
		v->nhist = t->cur - j + 1;
		v->age = -1;
	} else {
		v->hist = t->hist;
		v->nhist = t->nhist;
		v->age = mv_source_offline() ? -1 : mv_now() - t->sampled_at;
	}
}

static void screen_size(int *w, int *h, bool tty)
{
	const char *c = getenv("COLUMNS"), *l = getenv("LINES");
	struct winsize ws;
	long long v;

	*w = 120;
	*h = 0;		/* as tall as the content */
	if (tty && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col && ws.ws_row) {
		*w = ws.ws_col;
		*h = ws.ws_row;
	}
	if (c && mv_parse_ll(c, &v) && v >= 40 && v <= MV_LINE_MAX - 8)
		*w = (int)v;
	if (l && mv_parse_ll(l, &v) && v >= 10 && v <= 10000)
		*h = (int)v;
	if (*w > MV_LINE_MAX - 8)
		*w = MV_LINE_MAX - 8;
}

/* One screen to stdout: the whole content when stdout is no terminal. */
static void print_once(struct top *t, bool tty)
{
	struct mv_top_view v;
	struct mv_canvas cv;
	int w, h;
	size_t i;

	view_of(t, &v);
	screen_size(&w, &h, tty);
	if (!h)
		h = mv_top_height(&v, w);
	mv_canvas_init(&cv, w, h);
	mv_top_draw(&cv, &v);
	mv_canvas_print(&cv, stdout, tty && t->o->color);
	mv_canvas_free(&cv);
	/* the status line is cut at the width: the notes whole, for scripts */
	if (!tty)
		for (i = 0; i < t->f.nnotes; i++)
			printf("note: %s\n", t->f.note[i]);
}

static int run_once(struct top *t)
{
	bool tty = isatty(STDOUT_FILENO);
	size_t i;

	if (t->replay) {
		for (i = 0; i < t->s.n; i++) {
			replay_load(t, i);
			if (i)
				putchar('\n');
			print_once(t, tty);
		}
		return 0;
	}
	if (!mv_source_offline()) {
		/* a rate needs two samples: the first, -d seconds, the one shown */
		struct timespec d = { (time_t)t->delay, (long)((t->delay - (double)(time_t)t->delay) * 1e9) };

		sample_now(t);
		nanosleep(&d, NULL);
	}
	sample_now(t);
	print_once(t, tty);
	return 0;
}

static void draw(struct top *t)
{
	struct mv_top_view v;
	struct mv_canvas cv;
	int w, h;

	mv_tui_size(&w, &h);
	if (w > MV_LINE_MAX - 8)
		w = MV_LINE_MAX - 8;
	view_of(t, &v);
	mv_canvas_init(&cv, w, h);
	mv_top_draw(&cv, &v);
	mv_tui_show(&cv);
	mv_canvas_free(&cv);
}

static void step(struct top *t, long long to)
{
	if (!t->replay) {
		message(t, "left and right step through the frames of --replay DIR");
		return;
	}
	if (to < 0)
		to = 0;
	if (to >= (long long)t->s.n)
		to = (long long)t->s.n - 1;
	if ((size_t)to != t->cur)
		replay_load(t, (size_t)to);
	else
		message(t, to ? "the last frame" : "the first frame");
}

static void sort(struct top *t)
{
	const char *const *s = mv_top_sorts(t->ui.focus);
	int n = 0;
	char m[96];

	while (s[n])
		n++;
	if (!n) {
		message(t, "the reclaim pane has one order");
		return;
	}
	t->ui.sort[t->ui.focus] = (t->ui.sort[t->ui.focus] + 1) % n;
	t->ui.scroll[t->ui.focus] = 0;
	snprintf(m, sizeof(m), "pane %d sorted by %s", t->ui.focus + 1, s[t->ui.sort[t->ui.focus]]);
	message(t, m);
}

/* A key: false to quit. */
static bool key(struct top *t, enum mv_key k)
{
	int page = 10;

	if (t->ui.help && k != MV_KEY_QUIT && k != MV_KEY_NONE && k != MV_KEY_RESIZE) {
		t->ui.help = false;
		return true;
	}
	switch (k) {
	case MV_KEY_QUIT: return false;
	case MV_KEY_HELP: t->ui.help = true; break;
	case MV_KEY_SORT: sort(t); break;
	case MV_KEY_PAUSE:
		if (t->replay) {
			message(t, "a replay does not sample: left and right step frames");
			break;
		}
		t->ui.paused = !t->ui.paused;
		message(t, t->ui.paused ? "paused: p resumes" : "resumed");
		break;
	case MV_KEY_FOCUS1: case MV_KEY_FOCUS2: case MV_KEY_FOCUS3: case MV_KEY_FOCUS4:
		t->ui.focus = (int)(k - MV_KEY_FOCUS1);
		break;
	case MV_KEY_UP: t->ui.scroll[t->ui.focus]--; break;
	case MV_KEY_DOWN: t->ui.scroll[t->ui.focus]++; break;
	case MV_KEY_PGUP: t->ui.scroll[t->ui.focus] -= page; break;
	case MV_KEY_PGDN: t->ui.scroll[t->ui.focus] += page; break;
	case MV_KEY_LEFT: step(t, (long long)t->cur - 1); break;
	case MV_KEY_RIGHT: step(t, (long long)t->cur + 1); break;
	case MV_KEY_HOME:
		if (t->replay)
			step(t, 0);
		else
			t->ui.scroll[t->ui.focus] = 0;
		break;
	case MV_KEY_END:
		if (t->replay)
			step(t, (long long)t->s.n - 1);
		else
			t->ui.scroll[t->ui.focus] = 1 << 20;	/* clamped by the layout */
		break;
	default: break;
	}
	return true;
}

static int run_screen(struct top *t)
{
	long long refreshes = 0;
	double next = 0;
	char err[256];

	if (mv_tui_start(t->o->color, err, sizeof(err))) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	for (;;) {
		double now = mv_now();
		enum mv_key k;
		int wait;

		if (now >= next) {
			if (!t->replay && !t->ui.paused && sample_now(t))
				mv_tui_flash();
			next = now + t->delay;
			refreshes++;
		}
		draw(t);
		if (t->o->count > 0 && refreshes >= t->o->count)
			break;
		wait = (int)((next - mv_now()) * 1000);
		k = mv_tui_key(wait > 0 ? wait : 0);
		if (!key(t, k))
			break;
	}
	mv_tui_end();
	return 0;
}

int mv_cmd_top(int argc, char **argv, struct mv_opts *o)
{
	struct top t;
	char err[512];
	int ret, sig;

	(void)argv;
	if (argc > 1) {
		mv_err("top takes no arguments (-d SECONDS, -n COUNT, --once, --replay DIR)");
		return MV_EXIT_USAGE;
	}
	if (o->fmt != MV_FMT_TEXT) {
		mv_err("top is a screen: --json and --prom belong to the table commands (watch, summary)");
		return MV_EXIT_USAGE;
	}
	if (o->replay && mv_source_offline()) {
		mv_err("give --replay DIR (a recorded series) or --debugfs DIR (one snapshot), not both");
		return MV_EXIT_USAGE;
	}
	if (o->delay_ms == 0 && !o->replay && !mv_source_offline()) {
		mv_err("top -d 0 redraws without a pause: only with --debugfs or --replay, not live");
		return MV_EXIT_USAGE;
	}
	if (o->delay_ms > 0 && o->delay_ms < 100 && !o->replay && !mv_source_offline()) {
		mv_err("top -d takes at least 0.1 seconds live");
		return MV_EXIT_USAGE;
	}
	memset(&t, 0, sizeof(t));
	t.o = o;
	t.delay = o->delay_ms < 0 ? 2.0 : (double)o->delay_ms / 1000;
	t.ui.pages = o->pages;
	t.hist = mv_xcalloc(HIST_MAX, sizeof(*t.hist));
	if (o->replay) {
		if (mv_series_load(&t.s, o->replay, err, sizeof(err))) {
			mv_err("%s", err);
			free(t.hist);
			return MV_EXIT_FAIL;
		}
		t.replay = true;
		replay_load(&t, 0);
	} else if (mv_source_offline()) {
		snprintf(t.ui.mode, sizeof(t.ui.mode), "snapshot %s", mv_source_dir());
	} else {
		snprintf(t.ui.mode, sizeof(t.ui.mode), "live, every %.1f s", t.delay);
	}
	if (o->once || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		ret = run_once(&t);
	else
		ret = run_screen(&t);
	if (t.have_frame)
		mv_top_frame_free(&t.f);
	if (t.replay)
		mv_series_free(&t.s);
	free(t.hist);
	/* killed by SIGINT or SIGTERM: now the terminal is back, die of it */
	sig = mv_tui_signal();
	if (sig) {
		fflush(stdout);
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return ret;
}
