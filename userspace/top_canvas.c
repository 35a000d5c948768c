// SPDX-License-Identifier: GPL-2.0
/*
 * The screen as a grid of ASCII characters, each with an attribute (a
 * role: title, state ok, below min, a watermark...).  The terminal maps
 * roles to colours (top_curses.c); --once prints the grid as text, with
 * SGR colours only when stdout is a terminal.  Panes are built first as
 * lines (text and roles), then placed on the grid by the layout.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "top.h"
#include "util.h"

void mv_canvas_init(struct mv_canvas *c, int w, int h)
{
	c->w = w > 0 ? w : 1;
	c->h = h > 0 ? h : 1;
	c->ch = mv_xmalloc((size_t)c->w * (size_t)c->h);
	c->at = mv_xcalloc((size_t)c->w * (size_t)c->h, 1);
	memset(c->ch, ' ', (size_t)c->w * (size_t)c->h);
}

void mv_canvas_free(struct mv_canvas *c)
{
	free(c->ch);
	free(c->at);
	memset(c, 0, sizeof(*c));
}

/* Comm names and cgroup paths are any bytes: the grid holds printable ASCII. */
static char printable(char ch)
{
	return ch >= 0x20 && ch < 0x7f ? ch : '?';
}

void mv_canvas_put(struct mv_canvas *c, int x, int y, const char *s, int attr)
{
	size_t i;

	if (y < 0 || y >= c->h)
		return;
	for (i = 0; s[i]; i++, x++) {
		if (x < 0)
			continue;
		if (x >= c->w)
			break;
		c->ch[y * c->w + x] = printable(s[i]);
		c->at[y * c->w + x] = (unsigned char)attr;
	}
}

void mv_canvas_attr(struct mv_canvas *c, int x, int y, int len, int attr)
{
	int i;

	if (y < 0 || y >= c->h)
		return;
	for (i = x < 0 ? 0 : x; i < x + len && i < c->w; i++)
		c->at[y * c->w + i] = (unsigned char)attr;
}

/* SGR of each role, for --once on a terminal (the same roles as the curses pairs). */
static const char *const sgr[MV_TA_N] = {
	[MV_TA_NORMAL] = "0", [MV_TA_HEADER] = "0;7", [MV_TA_TITLE] = "0;1;36",
	[MV_TA_FOCUS] = "0;1;30;46", [MV_TA_COLHDR] = "0;4", [MV_TA_OK] = "0;32",
	[MV_TA_HIGH] = "0;33", [MV_TA_LOW] = "0;1;33", [MV_TA_MIN] = "0;1;31",
	[MV_TA_MARK] = "0;1;35", [MV_TA_DIM] = "0;2", [MV_TA_FLASH] = "0;1;37;41",
	[MV_TA_STATUS] = "0;30;47", [MV_TA_BOLD] = "0;1",
};

void mv_canvas_print(const struct mv_canvas *c, FILE *f, bool ansi)
{
	int x, y;

	for (y = 0; y < c->h; y++) {
		const char *row = c->ch + y * c->w;
		const unsigned char *at = c->at + y * c->w;
		int end = c->w, cur = MV_TA_NORMAL;

		/* trailing blanks go, unless coloured (a status bar's background) */
		while (end > 0 && row[end - 1] == ' ' && (!ansi || at[end - 1] == MV_TA_NORMAL))
			end--;
		for (x = 0; x < end; x++) {
			if (ansi && at[x] != cur && at[x] < MV_TA_N) {
				cur = at[x];
				fprintf(f, "\033[%sm", sgr[cur]);
			}
			fputc(row[x], f);
		}
		if (ansi && cur != MV_TA_NORMAL)
			fputs("\033[0m", f);
		fputc('\n', f);
	}
}

struct mv_line *mv_pane_line(struct mv_pane *p)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->l = mv_xrealloc(p->l, p->cap * sizeof(*p->l));
	}
	p->l[p->n].len = 0;
	return &p->l[p->n++];
}

void mv_line_add(struct mv_line *l, int attr, const char *fmt, ...)
{
	char buf[MV_LINE_MAX];
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; buf[i] && l->len < MV_LINE_MAX - 1; i++) {
		l->s[l->len] = printable(buf[i]);
		l->a[l->len++] = (unsigned char)attr;
	}
	l->s[l->len] = '\0';
}

void mv_line_to(struct mv_line *l, int col)
{
	if (col > MV_LINE_MAX - 1)
		col = MV_LINE_MAX - 1;
	while (l->len < col) {
		l->s[l->len] = ' ';
		l->a[l->len++] = MV_TA_NORMAL;
	}
	if (l->len > col)
		l->len = col;
	l->s[l->len] = '\0';
}

void mv_pane_free(struct mv_pane *p)
{
	free(p->l);
	memset(p, 0, sizeof(*p));
}
