// SPDX-License-Identifier: GPL-2.0
/*
 * top's screen: a header line (what is shown, the keys), the four panes
 * one under the other, and a status line (kernel, versions, the sample's
 * age, what is missing).  When the panes do not all fit, each keeps its
 * title, its fixed lines and one row; the focused pane grows first, then
 * the zones, the next five victims, reclaim and the cgroups, in that
 * order; a pane showing part of its rows says which, and the arrows
 * scroll it.  The help screen is drawn over the panes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memviz.h"
#include "top.h"
#include "util.h"

/* Rows (after the fixed ones) a pane shows unless the space runs out. */
static size_t rows_wanted(const struct mv_pane *p, bool focused)
{
	return focused || !p->want || p->want > p->n - p->fixed ? p->n - p->fixed : p->want;
}

/*
 * Heights of the panes in @avail lines: first the least each needs (its
 * title, fixed lines and one row), then rows in order of importance up to
 * what each wants, then the rest of their rows.
 */
static void layout(const struct mv_pane *p, int focus, int avail, int *h)
{
	static const int order[] = { MV_PANE_ZONES, MV_PANE_OOM, MV_PANE_RECLAIM, MV_PANE_CGROUPS };
	int i, k, pass, left = avail;

	for (i = 0; i < MV_PANES; i++) {
		int need = 1 + (int)p[i].fixed + (p[i].n > p[i].fixed ? 1 : 0);

		h[i] = need < left ? need : left;
		left -= h[i];
	}
	for (pass = 0; pass < 2; pass++) {
		for (k = -1; k < MV_PANES && left > 0; k++) {
			int j = k < 0 ? focus : order[k];
			int full = 1 + (int)p[j].fixed + (int)(pass || j == focus ?
					p[j].n - p[j].fixed : rows_wanted(&p[j], false));
			int more = full - h[j];

			if (more > left)
				more = left;
			if (more > 0) {
				h[j] += more;
				left -= more;
			}
		}
	}
}

static void header(struct mv_canvas *cv, const struct mv_top_view *v)
{
	char buf[600];

	static const char keys[] = "1-4 focus  s sort  p pause  h help  q quit ";
	int n;

	/* PAUSED before the mode, which a long snapshot or replay path can push off the edge */
	n = snprintf(buf, sizeof(buf), " memviz top%s - %s", v->ui->paused ? " [PAUSED]" : "", v->ui->mode);
	mv_canvas_attr(cv, 0, 0, cv->w, MV_TA_HEADER);
	mv_canvas_put(cv, 0, 0, buf, MV_TA_HEADER);
	/* the keys when they fit after what is shown, else h alone says where they are */
	if (n + 2 + (int)strlen(keys) <= cv->w)
		mv_canvas_put(cv, cv->w - (int)strlen(keys), 0, keys, MV_TA_HEADER);
	else if (n + 10 <= cv->w)
		mv_canvas_put(cv, cv->w - 8, 0, "h help ", MV_TA_HEADER);
}

static void status(struct mv_canvas *cv, int y, const struct mv_top_view *v)
{
	const struct mv_top_frame *f = v->f;
	char buf[1400], age[96];
	size_t i;
	int n;

	if (v->ui->when[0])
		snprintf(age, sizeof(age), "recorded %s", v->ui->when);
	else if (v->age < 0)
		snprintf(age, sizeof(age), "sample age unknown (a snapshot)");
	else
		snprintf(age, sizeof(age), "sampled %.1f s ago", v->age);
	n = snprintf(buf, sizeof(buf), " %s | memviz %s, %s%s | %s", f->kernel, MEMVIZ_VERSION,
		     f->module[0] ? "module " : "module not loaded", f->module, age);
	if (v->ui->msg[0])
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " | %s", v->ui->msg);
	for (i = 0; i < f->nnotes && n < (int)sizeof(buf) - 8; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s%s", i ? "; " : " | ", f->note[i]);
	mv_canvas_attr(cv, 0, y, cv->w, MV_TA_STATUS);
	mv_canvas_put(cv, 0, y, buf, MV_TA_STATUS);
	if ((int)strlen(buf) > cv->w && cv->w > 12)	/* the rest is on the help screen */
		mv_canvas_put(cv, cv->w - 8, y, " ... (h)", MV_TA_STATUS);
}

static void put_line(struct mv_canvas *cv, int y, const struct mv_line *l)
{
	int x;

	for (x = 0; x < l->len && x < cv->w; x++) {
		cv->ch[y * cv->w + x] = l->s[x];
		cv->at[y * cv->w + x] = l->a[x];
	}
}

static void put_pane(struct mv_canvas *cv, int y, int h, const struct mv_pane *p, int *scroll)
{
	int rows = h - 1 - (int)p->fixed, total = (int)(p->n - p->fixed), i;
	char t[2 * MV_LINE_MAX + 1400];

	if (h <= 0)
		return;
	if (rows < 0)
		rows = 0;
	if (*scroll > total - rows)
		*scroll = total - rows;
	if (*scroll < 0)
		*scroll = 0;
	if (rows < total)
		snprintf(t, sizeof(t), " %s [%d-%d of %d] ", p->title, rows ? *scroll + 1 : 0,
			 *scroll + rows, total);
	else
		snprintf(t, sizeof(t), " %s ", p->title);
	mv_canvas_put(cv, 0, y, t, p->title_attr);
	for (i = 0; i < (int)p->fixed && 1 + i < h; i++)
		put_line(cv, y + 1 + i, &p->l[i]);
	for (i = 0; i < rows; i++)
		put_line(cv, y + 1 + (int)p->fixed + i, &p->l[p->fixed + (size_t)(*scroll + i)]);
}

static void help(struct mv_canvas *cv, const struct mv_top_view *v)
{
	static const char *const keys[] = {
		"q            quit (the terminal is restored, as on SIGINT and SIGTERM)",
		"h ?          this help",
		"1 2 3 4      focus zones, reclaim, OOM, cgroups: it gets the free rows",
		"s            next sort of the focused pane",
		"p            pause sampling (the screen keeps the last sample)",
		"up down      scroll the focused pane (PgUp PgDn by a screen)",
		"left right   replay: previous, next frame (Home End: first, last)",
		"",
		"zones: state ok > high >= high > low >= low (kswapd wakes) > min >= min",
		"(direct reclaim); the bar spans 0 to 4 x high, m l h mark min low high.",
		"reclaim: /proc/vmstat per second; PSI: % of time some/all tasks stalled",
		"on memory (avg10). OOM: points = oom_badness() in pages; bold = next five.",
	};
	const struct mv_top_frame *f = v->f;
	int w = cv->w - 2, h = cv->h - 2, x0 = 1, y0 = 1, y, i;
	char buf[MV_LINE_MAX];

	/* a page of its own over the panes, between the header and the status */
	if (w < 20 || h < 4)
		return;
	for (y = y0; y < y0 + h; y++) {
		memset(cv->ch + y * cv->w, ' ', (size_t)cv->w);
		mv_canvas_attr(cv, 0, y, cv->w, MV_TA_NORMAL);
	}
	y = y0;
	mv_canvas_put(cv, x0, y, " memviz top: keys (any key returns) ", MV_TA_FOCUS);
	y++;
	for (i = 0; i < (int)MV_ARRAY_SIZE(keys) && y < y0 + h; i++, y++)
		mv_canvas_put(cv, x0 + 1, y, keys[i], MV_TA_NORMAL);
	for (i = 0; i < MV_PANES && y < y0 + h; i++) {
		const char *const *s = mv_top_sorts(i);
		int k, n = 0;

		if (!s[0])
			continue;
		n = snprintf(buf, sizeof(buf), "sorts of pane %d:", i + 1);
		for (k = 0; s[k] && n < (int)sizeof(buf) - 20; k++)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, " %s%s", s[k],
				      k == v->ui->sort[i] ? "*" : "");
		mv_canvas_put(cv, x0 + 1, y++, buf, MV_TA_NORMAL);
	}
	if (y < y0 + h)
		mv_canvas_put(cv, x0 + 1, y++, f->nnotes ? "What is missing, and why:" :
			      "Nothing is missing.", MV_TA_BOLD);
	for (i = 0; i < (int)f->nnotes && y < y0 + h; i++) {
		const char *s = f->note[i];
		size_t len = strlen(s), off = 0;

		/* notes are long sentences: wrap them in the box */
		while (off < len && y < y0 + h) {
			snprintf(buf, sizeof(buf), "%s%.*s", off ? "    " : "  - ", w - 6, s + off);
			mv_canvas_put(cv, x0 + 1, y++, buf, MV_TA_NORMAL);
			off += (size_t)(w - 6);
		}
	}
}

void mv_top_draw(struct mv_canvas *cv, const struct mv_top_view *v)
{
	struct mv_pane p[MV_PANES];
	int h[MV_PANES], i, y = 1;

	memset(cv->ch, ' ', (size_t)cv->w * (size_t)cv->h);
	memset(cv->at, 0, (size_t)cv->w * (size_t)cv->h);
	mv_top_panes(p, v, cv->w);
	header(cv, v);
	layout(p, v->ui->focus, cv->h > 2 ? cv->h - 2 : 0, h);
	for (i = 0; i < MV_PANES; i++) {
		put_pane(cv, y, h[i], &p[i], &v->ui->scroll[i]);
		y += h[i];
		mv_pane_free(&p[i]);
	}
	if (cv->h >= 2)
		status(cv, cv->h - 1, v);
	if (v->ui->help)
		help(cv, v);
}

int mv_top_height(const struct mv_top_view *v, int width)
{
	struct mv_pane p[MV_PANES];
	int i, h = 2;

	mv_top_panes(p, v, width);
	for (i = 0; i < MV_PANES; i++) {
		h += 1 + (int)p[i].fixed + (int)rows_wanted(&p[i], i == v->ui->focus);
		mv_pane_free(&p[i]);
	}
	return h;
}
