// SPDX-License-Identifier: GPL-2.0
/*
 * Reports and their three emitters: table (the debugfs shape, so `awk`
 * works on it, fitted to the terminal), JSON (schema "memviz/2",
 * SCHEMA.md) and Prometheus text exposition.  What each column is comes
 * from its declaration (coltab.c), never from its name: the emitters
 * only convert units (pages and blocks to bytes, ns to seconds).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coltab.h"
#include "output.h"
#include "table.h"
#include "units.h"
#include "util.h"

#define COLOR_RED "\033[31m"
#define COLOR_YELLOW "\033[33m"
#define COLOR_GREEN "\033[32m"
#define COLOR_BOLD "\033[1m"
#define COLOR_OFF "\033[0m"

static char *vfmt(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *vfmt(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	s = mv_xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

void mv_report_init(struct mv_report *r, const char *command, const struct mv_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->command = command;
	r->page_size = o->page_size;
}

int mv_otab_col(struct mv_otab *t, const char *name, enum mv_kind kind, bool wide)
{
	int i = mv_otab_find(t, name);
	struct mv_ocol *c;

	if (i >= 0)
		return i;
	/* Columns are fixed before the first row. */
	if (t->nrows)
		return -1;
	t->cols = mv_xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
	c = &t->cols[t->ncols];
	memset(c, 0, sizeof(*c));
	c->name = mv_xstrdup(name);
	c->kind = kind;
	c->wide = wide;
	return (int)t->ncols++;
}

void mv_ocol_declare(struct mv_ocol *c, const struct mv_coldef *d)
{
	size_t pl;

	if (!d) {
		c->kind = MV_RAW;
		c->prom = MV_P_NONE;
		return;
	}
	c->kind = d->kind;
	c->wide = d->flags & MV_C_WIDE;
	c->prom = d->prom;
	c->metric = d->metric;
	c->help = d->help;
	c->label = d->label;
	pl = strlen(d->name);
	if (d->name[pl - 1] == '*')
		snprintf(c->lval, sizeof(c->lval), "%s", c->name + pl - 1);
	else if (d->lval)
		snprintf(c->lval, sizeof(c->lval), "%s", d->lval);
	if (c->kind == MV_BLOCKS) {
		long long o = 0;

		/* free_o10: the order is the prefix's rest, 0..63 */
		if (!mv_parse_ll(c->lval, &o) || o < 0 || o > 40) {
			c->kind = MV_RAW;
			c->prom = MV_P_NONE;
		}
		c->order = (int)o;
	}
}

struct mv_otab *mv_otab_decl(struct mv_report *r, const char *name, const char *decl,
			     const char *fmt, ...)
{
	struct mv_otab *t = mv_xcalloc(1, sizeof(*t));
	va_list ap;

	t->name = mv_xstrdup(name);
	va_start(ap, fmt);
	t->title = vfmt(fmt, ap);
	va_end(ap);
	t->def = mv_tabdef_find(decl);
	r->tabs = mv_xrealloc(r->tabs, (r->ntabs + 1) * sizeof(*r->tabs));
	r->tabs[r->ntabs++] = t;
	return t;
}

void mv_otab_dcols(struct mv_otab *t, const char *const *names)
{
	for (; *names; names++)
		mv_otab_dcol(t, *names);
}

int mv_otab_dcol(struct mv_otab *t, const char *name)
{
	const struct mv_coldef *d = mv_coldef_find(t->def, name);
	int i = mv_otab_col(t, name, MV_RAW, false);

	if (i >= 0 && (size_t)i == t->ncols - 1 && !t->nrows)
		mv_ocol_declare(&t->cols[i], d);
	return i;
}

int mv_otab_find(const struct mv_otab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return (int)i;
	return -1;
}

void mv_otab_row(struct mv_otab *t)
{
	size_t i;

	if ((t->nrows + 1) * t->ncols > t->cap) {
		t->cap = ((t->nrows + 1) * t->ncols) * 2;
		t->cells = mv_xrealloc(t->cells, t->cap * sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++) {
		struct mv_ocell *c = &t->cells[t->nrows * t->ncols + i];

		c->na = true;
		c->v = 0;
		c->s = NULL;
	}
	t->nrows++;
}

static struct mv_ocell *last(struct mv_otab *t, int col)
{
	if (!t->nrows || col < 0 || (size_t)col >= t->ncols)
		return NULL;
	return &t->cells[(t->nrows - 1) * t->ncols + (size_t)col];
}

void mv_set(struct mv_otab *t, int col, long long v)
{
	struct mv_ocell *c = last(t, col);

	if (c) {
		c->na = false;
		c->v = v;
	}
}

void mv_set_str(struct mv_otab *t, int col, const char *s)
{
	struct mv_ocell *c = last(t, col);

	if (!c)
		return;
	free(c->s);
	c->s = NULL;
	c->na = !s || !strcmp(s, "-");
	if (!c->na)
		c->s = mv_xstrdup(s);
}

void mv_put(struct mv_otab *t, const char *col, long long v)
{
	mv_set(t, mv_otab_find(t, col), v);
}

void mv_put_str(struct mv_otab *t, const char *col, const char *s)
{
	mv_set_str(t, mv_otab_find(t, col), s);
}

void mv_put_na(struct mv_otab *t, const char *col)
{
	struct mv_ocell *c = last(t, mv_otab_find(t, col));

	if (c)
		c->na = true;
}

const struct mv_ocell *mv_otab_cell(const struct mv_otab *t, size_t row, int col)
{
	if (row >= t->nrows || col < 0 || (size_t)col >= t->ncols)
		return NULL;
	return &t->cells[row * t->ncols + (size_t)col];
}

/* Append a formatted string to the growing array *v of *n strings. */
static void push_fmt(char ***v, size_t *n, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void push_fmt(char ***v, size_t *n, const char *fmt, va_list ap)
{
	*v = mv_xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = vfmt(fmt, ap);
}

void mv_otab_note(struct mv_otab *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_fmt(&t->notes, &t->nnotes, fmt, ap);
	va_end(ap);
}

void mv_report_line(struct mv_report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_fmt(&r->lines, &r->nlines, fmt, ap);
	va_end(ap);
}

void mv_report_note(struct mv_report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_fmt(&r->notes, &r->nnotes, fmt, ap);
	va_end(ap);
}

void mv_report_finding(struct mv_report *r, const char *id, enum mv_severity sev,
		       const char *scope, const char *text)
{
	struct mv_finding *f;

	r->find = mv_xrealloc(r->find, (r->nfind + 1) * sizeof(*r->find));
	f = &r->find[r->nfind++];
	memset(f, 0, sizeof(*f));
	f->id = mv_xstrdup(id);
	f->scope = mv_xstrdup(scope ? scope : "");
	f->text = mv_xstrdup(text);
	f->sev = sev;
}

void mv_finding_num(struct mv_report *r, const char *key, long long v)
{
	struct mv_finding *f = r->nfind ? &r->find[r->nfind - 1] : NULL;

	if (!f || f->nnum >= MV_ARRAY_SIZE(f->num))
		return;
	f->num[f->nnum].key = key;
	f->num[f->nnum].v = v;
	f->nnum++;
}

const char *mv_severity_name(enum mv_severity s)
{
	static const char *const n[] = { "ok", "warning", "critical", "unknown" };

	return n[s];
}

void mv_report_free(struct mv_report *r)
{
	size_t i, j;

	for (i = 0; i < r->nfind; i++) {
		free(r->find[i].id);
		free(r->find[i].scope);
		free(r->find[i].text);
	}
	free(r->find);

	for (i = 0; i < r->ntabs; i++) {
		struct mv_otab *t = r->tabs[i];

		for (j = 0; j < t->nrows * t->ncols; j++)
			free(t->cells[j].s);
		for (j = 0; j < t->ncols; j++)
			free(t->cols[j].name);
		for (j = 0; j < t->nnotes; j++)
			free(t->notes[j]);
		free(t->notes);
		free(t->cells);
		free(t->cols);
		free(t->name);
		free(t->title);
		free(t);
	}
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->tabs);
	free(r->lines);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}

size_t mv_utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return s[0] ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong, surrogates, past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A C1 control (U+0080..U+009F) is as unprintable as a C0 one. */
static bool c1_control(const unsigned char *s, size_t n)
{
	return n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

void mv_field_escape(char *out, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	while (*p && o + 5 < len) {
		size_t n = mv_utf8_len(p);

		if (n > 1 && !c1_control(p, n)) {
			if (o + n + 1 >= len)
				break;
			memcpy(out + o, p, n);
			o += n;
			p += n;
			continue;
		}
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			o += (size_t)snprintf(out + o, len - o, *p == '\\' ? "\\\\" : "\\x%02x", *p);
		else
			out[o++] = (char)*p;
		p++;
	}
	out[o] = '\0';
}

/* Characters on a terminal: UTF-8 sequences count once. */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

const char *mv_bar(char *buf, size_t len, double frac, int width)
{
	int i, n;

	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	if ((size_t)width + 3 > len)
		width = (int)len - 3;
	n = (int)(frac * width + 0.5);
	buf[0] = '[';
	for (i = 0; i < width; i++)
		buf[1 + i] = i < n ? '#' : '.';
	buf[1 + width] = ']';
	buf[2 + width] = '\0';
	return buf;
}

/* ---- table ---- */

static bool numeric(enum mv_kind k)
{
	return mv_kind_numeric(k) || k == MV_RATE;
}

static bool is_key(const struct mv_ocol *c)
{
	return c->kind == MV_LABEL || c->prom == MV_P_KEY;
}

/* -o COL,...: the position of @name in the list, or -1. */
static int listed(const char *list, const char *name)
{
	size_t nl = strlen(name);
	const char *p = list;
	int i = 0;

	while (p && *p) {
		size_t l = strcspn(p, ",");

		if (l == nl && !strncmp(p, name, l))
			return i;
		p += l;
		if (*p)
			p++;
		i++;
	}
	return -1;
}

/* -o names a column of @t that is not only a key (node, zone...). */
static bool table_has_listed(const struct mv_otab *t, const char *list)
{
	size_t j;

	for (j = 0; list && j < t->ncols; j++)
		if (listed(list, t->cols[j].name) >= 0 && !is_key(&t->cols[j]))
			return true;
	return false;
}

static bool visible(const struct mv_otab *t, const struct mv_ocol *c, const struct mv_opts *o)
{
	if (c->kind == MV_GAUGE && !o->tty)
		return false;
	if (o->cols && table_has_listed(t, o->cols))
		return listed(o->cols, c->name) >= 0;
	return !c->wide || o->wide;
}

/* Pages of a block count; saturated, as human units are approximate anyway. */
static long long human_pages(const struct mv_ocol *col, long long v)
{
	long long p;

	if (col->kind != MV_BLOCKS)
		return v;
	if (col->order >= 62 || __builtin_mul_overflow(v, 1LL << col->order, &p))
		return v < 0 ? LLONG_MIN : LLONG_MAX;
	return p;
}

static const char *human_ns(char *buf, size_t len, long long ns)
{
	static const struct { const char *u; double d; } u[] = {
		{ "s", 1e9 }, { "ms", 1e6 }, { "us", 1e3 },
	};
	size_t i;

	for (i = 0; i < MV_ARRAY_SIZE(u); i++) {
		if (ns >= u[i].d) {
			snprintf(buf, len, "%.0f%s", (double)ns / u[i].d, u[i].u);
			return buf;
		}
	}
	snprintf(buf, len, "%lldns", ns);
	return buf;
}

static void format_cell(char *buf, size_t len, const struct mv_otab *t, const struct mv_ocol *col,
			const struct mv_ocell *c, const struct mv_report *r,
			const struct mv_opts *o)
{
	bool raw = o->pages || (t->def && (t->def->flags & MV_T_RAW_PAGES));

	if (c->na) {
		snprintf(buf, len, "-");
		return;
	}
	switch (col->kind) {
	case MV_LABEL:
	case MV_STR:
	case MV_TEXT:
	case MV_RAW:
		mv_field_escape(buf, len, c->s ? c->s : "-");
		break;
	case MV_GAUGE:
		snprintf(buf, len, "%s", c->s ? c->s : "-");
		break;
	case MV_BOOL:
		snprintf(buf, len, "%s", c->v ? "yes" : "no");
		break;
	case MV_PAGES:
	case MV_BLOCKS:
		if (raw)
			snprintf(buf, len, "%lld", c->v);
		else
			mv_human_pages(buf, len, human_pages(col, c->v), r->page_size);
		break;
	case MV_KB:
		if (o->pages)
			snprintf(buf, len, "%lld", c->v);
		else
			mv_human_kb(buf, len, c->v);
		break;
	case MV_BYTES:
		if (o->pages || (c->v > -1024 && c->v < 1024))
			snprintf(buf, len, "%lld", c->v);
		else
			mv_human_kb(buf, len, c->v / 1024);
		break;
	case MV_PCT:
		snprintf(buf, len, o->pages ? "%lld" : "%lld%%", c->v);
		break;
	case MV_RATE:
		snprintf(buf, len, "%s%lld.%02lld", c->v < 0 ? "-" : "",
			 (c->v < 0 ? -c->v : c->v) / 100, (c->v < 0 ? -c->v : c->v) % 100);
		break;
	default:
		snprintf(buf, len, "%lld", c->v);
		break;
	}
}

static const char *state_color(const char *s)
{
	if (!s)
		return NULL;
	if (!strcmp(s, "ok") || !strcmp(s, "sleeping"))
		return COLOR_GREEN;
	if (!strcmp(s, "high") || !strcmp(s, "running"))
		return COLOR_YELLOW;
	if (!strcmp(s, "low") || !strcmp(s, "min") || !strcmp(s, "victim"))
		return COLOR_RED;
	return NULL;
}

/*
 * Prose may quote a comm or a path: UTF-8 and tabs as they are, control
 * characters and bytes that are not UTF-8 as \xNN, never raw to a terminal.
 */
static void put_prose(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = mv_utf8_len(p);

		if (n > 1 && !c1_control(p, n)) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		if (*p == '\t' || (*p >= ' ' && *p < 0x7f))
			fputc(*p, f);
		else
			fprintf(f, "\\x%02x", *p);
		p++;
	}
}

/* A table's title and notes, as '#' lines. */
static void put_comments(FILE *f, const struct mv_otab *t)
{
	size_t i;

	if (t->title && *t->title) {
		fputs("# ", f);
		put_prose(f, t->title);
		fputc('\n', f);
	}
	for (i = 0; i < t->nnotes; i++) {
		fputs("# ", f);
		put_prose(f, t->notes[i]);
		fputc('\n', f);
	}
}

#define CELL_MAX 512

static const struct mv_ocell *cell_at(const struct mv_otab *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/* A row whose numbers are all 0 (or '-'): hidden by MV_T_HIDE_ZERO tables. */
static bool zero_row(const struct mv_otab *t, size_t row)
{
	size_t j;

	for (j = 0; j < t->ncols; j++) {
		const struct mv_ocell *c = cell_at(t, row, j);

		if (numeric(t->cols[j].kind) && !is_key(&t->cols[j]) && !c->na && c->v)
			return false;
	}
	return true;
}

static const struct mv_otab *sort_tab;
static int sort_col, sort_dir;

static int cmp_rows(const void *a, const void *b)
{
	const struct mv_ocell *x = cell_at(sort_tab, *(const size_t *)a, (size_t)sort_col);
	const struct mv_ocell *y = cell_at(sort_tab, *(const size_t *)b, (size_t)sort_col);
	int d;

	if (x->na != y->na)
		return x->na ? 1 : -1;	/* '-' last either way */
	if (x->na)
		d = 0;
	else if (x->s || y->s)
		d = strcmp(x->s ? x->s : "", y->s ? y->s : "");
	else
		d = x->v < y->v ? -1 : x->v > y->v;
	if (!d)
		d = *(const size_t *)a < *(const size_t *)b ? -1 : 1;	/* stable */
	else
		d *= sort_dir;
	return d;
}

/* The rows a text table shows, in the order it shows them. */
static size_t text_rows(const struct mv_otab *t, const struct mv_opts *o, size_t *rows,
			size_t *hidden)
{
	bool hide = t->def && (t->def->flags & MV_T_HIDE_ZERO) && !o->all;
	size_t i, n = 0;

	*hidden = 0;
	for (i = 0; i < t->nrows; i++) {
		if (hide && zero_row(t, i))
			(*hidden)++;
		else
			rows[n++] = i;
	}
	if (o->sort) {
		const char *name = o->sort + (*o->sort == '+' || *o->sort == '-');
		int c = mv_otab_find(t, name);

		if (c >= 0) {
			bool num = numeric(t->cols[c].kind) || t->cols[c].kind == MV_BOOL;

			/* numbers largest first, words A to Z; +COL ascending, -COL descending */
			sort_dir = *o->sort == '+' ? 1 : *o->sort == '-' ? -1 : num ? -1 : 1;
			sort_tab = t;
			sort_col = c;
			qsort(rows, n, sizeof(*rows), cmp_rows);
		}
	}
	return n;
}

/* bpftrace's shape: only buckets that counted something, [lo, hi) and a bar. */
static void emit_hist(const struct mv_report *r, const struct mv_otab *t, FILE *f,
		      const struct mv_opts *o)
{
	int le = mv_otab_find(t, t->def->hist_le), lo = mv_otab_find(t, "lo_ns");
	size_t j, k, shown = 0;
	char a[32], b[32], bar[64];

	(void)r;
	put_comments(f, t);
	for (j = 0; j < t->ncols; j++) {
		const struct mv_ocol *c = &t->cols[j];
		size_t start = 0;

		if (c->kind != MV_COUNT || strcmp(c->name + strcspn(c->name, "_"), "_stalls"))
			continue;
		/* one histogram per key (node) and column */
		while (start < t->nrows) {
			const char *key = NULL;
			long long max = 0;
			size_t end = start;
			int kc = -1;

			for (k = 0; k < t->ncols; k++)
				if (is_key(&t->cols[k]))
					kc = (int)k;
			if (kc >= 0)
				key = cell_at(t, start, (size_t)kc)->s;
			while (end < t->nrows && (kc < 0 || !strcmp(cell_at(t, end, (size_t)kc)->s ? cell_at(t, end, (size_t)kc)->s : "", key ? key : "")))
				end++;
			for (k = start; k < end; k++)
				if (!cell_at(t, k, j)->na && cell_at(t, k, j)->v > max)
					max = cell_at(t, k, j)->v;
			if (max || o->all) {
				fprintf(f, "@%s[%s %s]:\n", c->name, kc >= 0 ? t->cols[kc].name : "",
					key ? key : "");
				for (k = start; k < end; k++) {
					const struct mv_ocell *v = cell_at(t, k, j);
					const struct mv_ocell *h = le >= 0 ? cell_at(t, k, (size_t)le) : NULL;
					const struct mv_ocell *l = lo >= 0 ? cell_at(t, k, (size_t)lo) : NULL;
					char range[80];

					if ((v->na || !v->v) && !o->all)
						continue;
					human_ns(a, sizeof(a), l && !l->na ? l->v : 0);
					if (h && !h->na)
						snprintf(range, sizeof(range), "[%s, %s)", a, human_ns(b, sizeof(b), h->v));
					else
						snprintf(range, sizeof(range), "[%s, ...)", a);
					{
						long long n = v->na ? 0 : v->v;
						int q, fill = max ? (int)((n * 40 + max - 1) / max) : 0;

						for (q = 0; q < 40; q++)
							bar[q] = q < fill ? '@' : ' ';
						bar[40] = '\0';
						fprintf(f, "%-18s %8lld |%s|\n", range, n, bar);
					}
					shown++;
				}
				fputc('\n', f);
			}
			start = end;
		}
	}
	if (!shown)
		fputs("# no stall timed yet (--all shows the empty buckets)\n", f);
}

static void emit_table(const struct mv_report *r, const struct mv_otab *t, FILE *f,
		       const struct mv_opts *o)
{
	size_t i, j, nrows, hidden, *w = mv_xcalloc(t->ncols, sizeof(size_t));
	size_t *rows = mv_xcalloc(t->nrows + 1, sizeof(size_t));
	bool *show = mv_xcalloc(t->ncols + 1, sizeof(bool));
	size_t *order = mv_xcalloc(t->ncols + 1, sizeof(size_t)), nord = 0;
	char buf[CELL_MAX];
	size_t total = 0, dropped = 0;
	char *dropnames = NULL;

	if (t->def && t->def->hist_le && o->fmt == MV_FMT_TEXT && !o->cols) {
		emit_hist(r, t, f, o);
		free(w);
		free(rows);
		free(show);
		free(order);
		return;
	}
	nrows = text_rows(t, o, rows, &hidden);
	for (j = 0; j < t->ncols; j++) {
		show[j] = visible(t, &t->cols[j], o);
		w[j] = text_width(t->cols[j].name);
		for (i = 0; show[j] && i < nrows; i++) {
			format_cell(buf, sizeof(buf), t, &t->cols[j], cell_at(t, rows[i], j), r, o);
			if (text_width(buf) > w[j])
				w[j] = text_width(buf);
		}
	}
	/* column order: -o's order when it names columns of this table */
	if (o->cols && table_has_listed(t, o->cols)) {
		int p;

		for (p = 0; p < 4096 && nord < t->ncols; p++)
			for (j = 0; j < t->ncols; j++)
				if (show[j] && listed(o->cols, t->cols[j].name) == p)
					order[nord++] = j;
	} else {
		for (j = 0; j < t->ncols; j++)
			if (show[j])
				order[nord++] = j;
	}
	/* Fit the terminal: leave out the rightmost non-key columns. */
	for (j = 0; j < nord; j++)
		total += w[order[j]] + (j > 0);
	if (o->width > 0 && !o->wide && !o->cols) {
		size_t k = nord;

		while (total > (size_t)o->width && k > 0) {
			size_t c = order[--k];
			struct mv_buf nb = { 0 };

			if (is_key(&t->cols[c]))
				continue;
			total -= w[c] + 1;
			show[c] = false;
			dropped++;
			mv_buf_printf(&nb, "%s%s%s", t->cols[c].name, dropnames ? " " : "",
				      dropnames ? dropnames : "");
			free(dropnames);
			dropnames = nb.s;
		}
	}
	put_comments(f, t);
	if (dropped)
		fprintf(f, "# %zu column(s) left out to fit %d columns (--wide or -o shows them): %s\n",
			dropped, o->width, dropnames);
	if (hidden)
		fprintf(f, "# %zu row(s) of zeros left out (--all shows them)\n", hidden);
	free(dropnames);
	for (i = 0; i <= nrows; i++) {
		bool first = true;
		size_t last = 0, k;

		for (k = 0; k < nord; k++)
			if (show[order[k]])
				last = k;
		for (k = 0; k < nord; k++) {
			const struct mv_ocol *c;
			const char *color = NULL;
			size_t pad;

			j = order[k];
			if (!show[j])
				continue;
			c = &t->cols[j];
			if (i == 0) {
				snprintf(buf, sizeof(buf), "%s", c->name);
			} else {
				const struct mv_ocell *cell = cell_at(t, rows[i - 1], j);

				format_cell(buf, sizeof(buf), t, c, cell, r, o);
				if (o->color && c->kind == MV_STR)
					color = state_color(cell->s);
			}
			if (!first)
				fputc(' ', f);
			first = false;
			if (color)
				fputs(color, f);
			pad = w[j] > text_width(buf) ? w[j] - text_width(buf) : 0;
			if (numeric(c->kind))
				fprintf(f, "%*s%s", (int)pad, "", buf);
			else if (k == last)
				fputs(buf, f);
			else
				fprintf(f, "%s%*s", buf, (int)pad, "");
			if (color)
				fputs(COLOR_OFF, f);
		}
		fputc('\n', f);
	}
	free(w);
	free(rows);
	free(show);
	free(order);
}

static void emit_text(const struct mv_report *r, FILE *f, const struct mv_opts *o)
{
	size_t i;
	bool sep = false;

	for (i = 0; i < r->nnotes; i++) {
		fputs("# ", f);
		put_prose(f, r->notes[i]);
		fputc('\n', f);
	}
	if (r->nnotes)
		sep = true;
	for (i = 0; i < r->nlines; i++) {
		char *l = r->lines[i];

		if (o->color && !strncmp(l, "==", 2)) {
			fprintf(f, COLOR_BOLD "%s" COLOR_OFF "\n", l);
		} else {
			put_prose(f, l);
			fputc('\n', f);
		}
		sep = true;
	}
	for (i = 0; i < r->ntabs; i++) {
		/* -o: only the tables that have some of those columns */
		if (o->cols && !table_has_listed(r->tabs[i], o->cols))
			continue;
		if (sep)
			fputc('\n', f);
		emit_table(r, r->tabs[i], f, o);
		sep = true;
	}
}

/* ---- JSON ---- */

/*
 * A quoted string, UTF-8 as is and each byte that is not UTF-8 as U+FFFD;
 * \, " and newline escaped; for JSON also tab and the other control
 * characters, which a Prometheus label value may hold as they are.
 */
static void put_quoted(FILE *f, const char *s, bool json)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (p && *p) {
		size_t n = mv_utf8_len(p);

		if (!n) {
			fputs("\xef\xbf\xbd", f);
			p++;
		} else if (n > 1) {
			fwrite(p, 1, n, f);
			p += n;
		} else {
			if (*p == '"' || *p == '\\')
				fprintf(f, "\\%c", *p);
			else if (*p == '\n')
				fputs("\\n", f);
			else if (json && *p == '\t')
				fputs("\\t", f);
			else if (json && (*p < 0x20 || *p == 0x7f))
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
			p++;
		}
	}
	fputc('"', f);
}

static void json_str(FILE *f, const char *s)
{
	put_quoted(f, s, true);
}

static const char *unit_name(enum mv_kind k)
{
	switch (k) {
	case MV_LABEL: return "label";
	case MV_STR: return "word";
	case MV_TEXT: return "text";
	case MV_BOOL: return "bool";
	case MV_PAGES: return "pages";
	case MV_BLOCKS: return "blocks";
	case MV_KB: return "kb";
	case MV_BYTES: return "bytes";
	case MV_COUNT: return "count";
	case MV_ID: return "id";
	case MV_POINTS: return "points";
	case MV_PCT: return "pct";
	case MV_NS: return "ns";
	case MV_RATE: return "per_second";
	case MV_GAUGE: return "gauge";
	case MV_RAW: return "raw";
	}
	return "count";
}

static bool is_size(enum mv_kind k)
{
	return k == MV_PAGES || k == MV_BLOCKS || k == MV_KB;
}

/*
 * A size in bytes, as text: exact while it fits 64 bits (a memcg's "no
 * limit" is 2^51 pages, 2^63 bytes, and its oom_totalpages adds swap to
 * that), else the nearest double.
 */
static const char *bytes_str(char *buf, size_t len, const struct mv_report *r,
			     const struct mv_ocol *c, long long v)
{
	long long mult = c->kind == MV_KB ? 1024 : r->page_size, p;
	unsigned long long u;

	if (c->kind == MV_BLOCKS && c->order < 62)
		mult *= 1LL << c->order;
	if (c->kind == MV_BYTES)
		mult = 1;
	if (!__builtin_mul_overflow(v, mult, &p))
		snprintf(buf, len, "%lld", p);
	else if (v > 0 && !__builtin_mul_overflow((unsigned long long)v, (unsigned long long)mult, &u))
		snprintf(buf, len, "%llu", u);
	else
		snprintf(buf, len, "%.17g", (double)v * (double)mult);
	return buf;
}

static const char *prom_suffix(const struct mv_ocol *c)
{
	if (c->prom == MV_P_STATE)
		return "_info";
	switch (c->kind) {
	case MV_PAGES: case MV_BLOCKS: case MV_KB: case MV_BYTES:
		return c->prom == MV_P_COUNTER ? "_bytes_total" : "_bytes";
	case MV_NS:
		return c->prom == MV_P_COUNTER ? "_seconds_total" : "_seconds";
	case MV_PCT:
		return "_ratio";
	default:
		return c->prom == MV_P_COUNTER ? "_total" : "";
	}
}

static bool exported(const struct mv_ocol *c)
{
	return c->metric && (c->prom == MV_P_GAUGE || c->prom == MV_P_COUNTER || c->prom == MV_P_STATE);
}

/* A label's value given as a number in JSON when it is one ("ids as numbers"). */
static void json_label(FILE *f, const char *s)
{
	long long v;

	if (s && mv_parse_ll(s, &v))
		fprintf(f, "%lld", v);
	else
		json_str(f, s);
}

static void json_cell(FILE *f, const struct mv_report *r, const struct mv_ocol *col,
		      const struct mv_ocell *c)
{
	if (c->na) {
		fputs("null", f);
		if (is_size(col->kind)) {
			fputc(',', f);
			fprintf(f, "\"%s_bytes\":null", col->name);
		}
		return;
	}
	switch (col->kind) {
	case MV_LABEL:
		json_label(f, c->s);
		break;
	case MV_STR:
	case MV_TEXT:
	case MV_RAW:
		json_str(f, c->s);
		break;
	case MV_BOOL:
		fputs(c->v ? "true" : "false", f);
		break;
	case MV_RATE:
		fprintf(f, "%s%lld.%02lld", c->v < 0 ? "-" : "",
			(c->v < 0 ? -c->v : c->v) / 100, (c->v < 0 ? -c->v : c->v) % 100);
		break;
	default:
		fprintf(f, "%lld", c->v);
		if (is_size(col->kind)) {
			char b[48];

			fprintf(f, ",\"%s_bytes\":%s", col->name, bytes_str(b, sizeof(b), r, col, c->v));
		}
		break;
	}
}

static void emit_json(const struct mv_report *r, FILE *f)
{
	size_t i, j, k;

	fputs("{\"schema\":", f);
	json_str(f, MV_JSON_SCHEMA);
	fputs(",\"memviz\":", f);
	json_str(f, MEMVIZ_VERSION);
	fputs(",\"command\":", f);
	json_str(f, r->command);
	fputs(",\"kernel\":", f);
	if (r->kernel)
		json_str(f, r->kernel);
	else
		fputs("null", f);
	fputs(",\"source\":", f);
	if (r->source)
		json_str(f, r->source);
	else
		fputs("null", f);
	fprintf(f, ",\"page_size\":%ld,\"notes\":[", r->page_size);
	for (i = 0; i < r->nnotes; i++) {
		if (i)
			fputc(',', f);
		json_str(f, r->notes[i]);
	}
	fputs("],\"text\":[", f);
	for (i = 0; i < r->nlines; i++) {
		if (i)
			fputc(',', f);
		json_str(f, r->lines[i]);
	}
	fputs("],\"findings\":[", f);
	for (i = 0; i < r->nfind; i++) {
		const struct mv_finding *fd = &r->find[i];

		fputs(i ? ",{\"id\":" : "{\"id\":", f);
		json_str(f, fd->id);
		fputs(",\"severity\":", f);
		json_str(f, mv_severity_name(fd->sev));
		fputs(",\"scope\":", f);
		json_str(f, fd->scope);
		fputs(",\"numbers\":{", f);
		for (k = 0; k < fd->nnum; k++) {
			if (k)
				fputc(',', f);
			json_str(f, fd->num[k].key);
			fprintf(f, ":%lld", fd->num[k].v);
		}
		fputs("},\"text\":", f);
		json_str(f, fd->text);
		fputc('}', f);
	}
	fputs("],\"tables\":[", f);
	for (i = 0; i < r->ntabs; i++) {
		const struct mv_otab *t = r->tabs[i];
		bool first = true;

		fputs(i ? ",{" : "{", f);
		fputs("\"name\":", f);
		json_str(f, t->name);
		fputs(",\"title\":", f);
		json_str(f, t->title);
		fputs(",\"notes\":[", f);
		for (j = 0; j < t->nnotes; j++) {
			if (j)
				fputc(',', f);
			json_str(f, t->notes[j]);
		}
		fputs("],\"columns\":[", f);
		for (j = 0; j < t->ncols; j++) {
			const struct mv_ocol *c = &t->cols[j];

			if (c->kind == MV_GAUGE)
				continue;
			if (!first)
				fputc(',', f);
			first = false;
			fputs("{\"name\":", f);
			json_str(f, c->name);
			fputs(",\"unit\":", f);
			json_str(f, unit_name(c->kind));
			if (c->kind == MV_BLOCKS)
				fprintf(f, ",\"order\":%d", c->order);
			if (is_key(c))
				fputs(",\"key\":true", f);
			if (exported(c) && !t->prom_fn) {
				fprintf(f, ",\"metric\":\"memviz_%s%s\",\"type\":\"%s\"", c->metric,
					prom_suffix(c), c->prom == MV_P_COUNTER ? "counter" : "gauge");
				if (c->label && c->lval[0]) {
					fputs(",\"labels\":{", f);
					json_str(f, c->label);
					fputc(':', f);
					json_str(f, c->lval);
					fputc('}', f);
				}
			}
			fputc('}', f);
		}
		fputs("],\"rows\":[", f);
		for (k = 0; k < t->nrows; k++) {
			first = true;
			fputs(k ? ",{" : "{", f);
			for (j = 0; j < t->ncols; j++) {
				if (t->cols[j].kind == MV_GAUGE)
					continue;
				if (!first)
					fputc(',', f);
				first = false;
				json_str(f, t->cols[j].name);
				fputc(':', f);
				json_cell(f, r, &t->cols[j], cell_at(t, k, j));
			}
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
}

/* ---- Prometheus ---- */

static void prom_label_value(FILE *f, const char *s)
{
	put_quoted(f, s, false);
}

static void cell_text(char *buf, size_t len, const struct mv_ocol *c, const struct mv_ocell *cell)
{
	if (cell->s)
		snprintf(buf, len, "%s", cell->s);
	else if (c->kind == MV_BOOL)
		snprintf(buf, len, "%s", cell->v ? "yes" : "no");
	else
		snprintf(buf, len, "%lld", cell->v);
}

static bool row_exported(const struct mv_otab *t, size_t row, size_t *nexp)
{
	size_t j;

	if (t->def && t->def->skip_col) {
		int c = mv_otab_find(t, t->def->skip_col);
		const struct mv_ocell *cell = c >= 0 ? cell_at(t, row, (size_t)c) : NULL;

		if (cell && cell->s && !strcmp(cell->s, t->def->skip_val))
			return false;
	}
	for (j = 0; j < t->ncols; j++)
		if (t->cols[j].prom == MV_P_KEY && cell_at(t, row, j)->na)
			return false;
	if (t->prom_rows && *nexp >= t->prom_rows)
		return false;
	(*nexp)++;
	return true;
}

/* {key labels, extra label, more...}: @more is a preformatted ",a=\"b\"" tail. */
static void prom_labels(FILE *f, const struct mv_otab *t, size_t row, const char *lname,
			const char *lval, bool info)
{
	bool first = true;
	char buf[CELL_MAX];
	size_t j;

	for (j = 0; j < t->ncols; j++) {
		const struct mv_ocol *c = &t->cols[j];
		const struct mv_ocell *cell = cell_at(t, row, j);

		if (cell->na || !(c->prom == MV_P_KEY || (info && c->prom == MV_P_INFO)))
			continue;
		cell_text(buf, sizeof(buf), c, cell);
		fputc(first ? '{' : ',', f);
		first = false;
		fprintf(f, "%s=", c->name);
		prom_label_value(f, buf);
	}
	if (lname) {
		fputc(first ? '{' : ',', f);
		first = false;
		fprintf(f, "%s=", lname);
		prom_label_value(f, lval);
	}
	if (!first)
		fputc('}', f);
}

static void prom_value(FILE *f, const struct mv_report *r, const struct mv_ocol *c, long long v)
{
	char buf[48];

	switch (c->kind) {
	case MV_PAGES:
	case MV_BLOCKS:
	case MV_KB:
		fprintf(f, " %s\n", bytes_str(buf, sizeof(buf), r, c, v));
		break;
	case MV_PCT:
		fprintf(f, " %g\n", (double)v / 100);
		break;
	case MV_NS:
		fprintf(f, " %lld.%09lld\n", v / 1000000000LL, (v < 0 ? -v : v) % 1000000000LL);
		break;
	case MV_BOOL:
		fprintf(f, " %d\n", !!v);
		break;
	default:
		fprintf(f, " %lld\n", v);
		break;
	}
}

static void prom_help(FILE *f, const char *fam, const char *help, const char *type)
{
	const char *unit = strstr(fam, "_bytes") ? " (in bytes)" : strstr(fam, "_seconds") ? " (in seconds)" :
			   strstr(fam, "_ratio") ? " (a ratio, 1 = 100%)" : "";

	fprintf(f, "# HELP %s ", fam);
	for (; *help || *unit; help++) {
		if (!*help) {
			help = unit;
			unit = "";
			if (!*help)
				break;
		}
		if (*help == '\\')
			fputs("\\\\", f);
		else if (*help == '\n')
			fputs("\\n", f);
		else
			fputc(*help, f);
	}
	fprintf(f, "\n# TYPE %s %s\n", fam, type);
}

struct family {
	char name[128];
};

static bool seen(struct family **fams, size_t *n, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*fams)[i].name, name))
			return true;
	*fams = mv_xrealloc(*fams, (*n + 1) * sizeof(**fams));
	snprintf((*fams)[(*n)++].name, sizeof((*fams)[0].name), "%s", name);
	return false;
}

/* Column @c of @t is exported as family @fam. */
static bool in_family(const struct mv_otab *t, const struct mv_ocol *c, const char *fam)
{
	char name[128];

	if (!exported(c) || t->prom_fn)
		return false;
	snprintf(name, sizeof(name), "memviz_%s%s", c->metric, prom_suffix(c));
	return !strcmp(name, fam);
}

/* Every column of every table that belongs to family @fam. */
static void prom_family(FILE *f, const struct mv_report *r, const char *fam)
{
	const char *help = NULL, *type = NULL;
	char buf[CELL_MAX];
	size_t i, j, k, nexp;

	for (i = 0; i < r->ntabs && !type; i++) {
		const struct mv_otab *t = r->tabs[i];

		for (j = 0; j < t->ncols; j++) {
			const struct mv_ocol *c = &t->cols[j];

			if (!in_family(t, c, fam))
				continue;
			if (!help && c->help)
				help = c->help;
			type = c->prom == MV_P_COUNTER ? "counter" : "gauge";
		}
	}
	if (!type)
		return;
	prom_help(f, fam, help ? help : "memviz", type);
	for (i = 0; i < r->ntabs; i++) {
		const struct mv_otab *t = r->tabs[i];

		for (j = 0; j < t->ncols; j++) {
			const struct mv_ocol *c = &t->cols[j];

			if (!in_family(t, c, fam))
				continue;
			nexp = 0;
			for (k = 0; k < t->nrows; k++) {
				const struct mv_ocell *cell = cell_at(t, k, j);

				if (!row_exported(t, k, &nexp) || cell->na)
					continue;
				fputs(fam, f);
				if (c->prom == MV_P_STATE) {
					/* {keys, class="dma", state="ok"} */
					struct mv_buf lb = { 0 };

					cell_text(buf, sizeof(buf), c, cell);
					if (c->label && c->lval[0]) {
						bool first = true;
						size_t q;

						for (q = 0; q < t->ncols; q++) {
							const struct mv_ocell *kc = cell_at(t, k, q);
							char kb[CELL_MAX];

							if (t->cols[q].prom != MV_P_KEY || kc->na)
								continue;
							cell_text(kb, sizeof(kb), &t->cols[q], kc);
							fputc(first ? '{' : ',', f);
							first = false;
							fprintf(f, "%s=", t->cols[q].name);
							prom_label_value(f, kb);
						}
						fprintf(f, "%s%s=", first ? "{" : ",", c->label);
						prom_label_value(f, c->lval);
						fputs(",state=", f);
						prom_label_value(f, buf);
						fputs("} 1\n", f);
					} else {
						prom_labels(f, t, k, "state", buf, false);
						fputs(" 1\n", f);
					}
					free(lb.s);
					continue;
				}
				prom_labels(f, t, k, c->label && c->lval[0] ? c->label : NULL, c->lval, false);
				prom_value(f, r, c, cell->v);
			}
		}
	}
}

/* The bounded series naming who a row is: pid, comm, cgroup as labels. */
static void prom_info(FILE *f, const struct mv_otab *t)
{
	size_t k, nexp = 0;
	char fam[128];

	snprintf(fam, sizeof(fam), "memviz_%s", t->def->info);
	prom_help(f, fam, "Who the row is (pid, comm, cgroup...): 1 for each exported row", "gauge");
	for (k = 0; k < t->nrows; k++) {
		if (!row_exported(t, k, &nexp))
			continue;
		fputs(fam, f);
		prom_labels(f, t, k, NULL, NULL, true);
		fputs(" 1\n", f);
	}
}

/* Cumulative buckets per key and kind: le in seconds, the last one +Inf. */
static void prom_hist(FILE *f, const struct mv_otab *t)
{
	int le = mv_otab_find(t, t->def->hist_le);
	char fam[128], kind[32], lev[48];
	size_t j, k, start;
	int kc = -1;

	snprintf(fam, sizeof(fam), "memviz_%s", t->def->hist_metric);
	for (k = 0; k < t->ncols; k++)
		if (t->cols[k].prom == MV_P_KEY)
			kc = (int)k;
	prom_help(f, fam, "Reclaim stalls by how long they took, begin to end (label kind: direct, memcg); no _sum: the module keeps no total time", "histogram");
	for (j = 0; j < t->ncols; j++) {
		const struct mv_ocol *c = &t->cols[j];
		size_t kl = strcspn(c->name, "_");

		if (strcmp(c->name + kl, "_stalls") || kl >= sizeof(kind))
			continue;
		snprintf(kind, sizeof(kind), "%.*s", (int)kl, c->name);
		for (start = 0; start < t->nrows;) {
			const char *key = kc >= 0 ? cell_at(t, start, (size_t)kc)->s : NULL;
			long long cum = 0;
			bool inf = false;
			size_t end = start;

			while (end < t->nrows && (kc < 0 || !strcmp(cell_at(t, end, (size_t)kc)->s ? cell_at(t, end, (size_t)kc)->s : "", key ? key : "")))
				end++;
			for (k = start; k < end; k++) {
				const struct mv_ocell *h = le >= 0 ? cell_at(t, k, (size_t)le) : NULL;
				const struct mv_ocell *v = cell_at(t, k, j);

				cum += v->na ? 0 : v->v;
				if (!h || h->na) {
					snprintf(lev, sizeof(lev), "+Inf");
					inf = true;
				} else {
					snprintf(lev, sizeof(lev), "%g", (double)h->v / 1e9);
				}
				fprintf(f, "%s_bucket{%s%s%s%skind=\"%s\",le=\"%s\"} %lld\n", fam,
					kc >= 0 ? t->cols[kc].name : "", kc >= 0 ? "=\"" : "",
					kc >= 0 ? key : "", kc >= 0 ? "\"," : "", kind, lev, cum);
			}
			if (!inf)
				fprintf(f, "%s_bucket{%s%s%s%skind=\"%s\",le=\"+Inf\"} %lld\n", fam,
					kc >= 0 ? t->cols[kc].name : "", kc >= 0 ? "=\"" : "",
					kc >= 0 ? key : "", kc >= 0 ? "\"," : "", kind, cum);
			fprintf(f, "%s_count{%s%s%s%skind=\"%s\"} %lld\n", fam,
				kc >= 0 ? t->cols[kc].name : "", kc >= 0 ? "=\"" : "",
				kc >= 0 ? key : "", kc >= 0 ? "\"," : "", kind, cum);
			start = end;
		}
	}
}

static void emit_prom(const struct mv_report *r, FILE *f)
{
	struct family *fams = NULL;
	size_t nf = 0, i, j;
	char name[128];

	for (i = 0; i < r->ntabs; i++) {
		const struct mv_otab *t = r->tabs[i];

		if (t->prom_fn) {
			t->prom_fn(f, r, t);
			continue;
		}
		for (j = 0; j < t->nfacts; j++) {
			const struct mv_fact_metric *m = t->facts[j].m;

			snprintf(name, sizeof(name), "memviz_%s%s", m->metric,
				 m->prom == MV_P_COUNTER ? "_total" : "");
			if (seen(&fams, &nf, name))
				continue;
			prom_help(f, name, m->help, m->prom == MV_P_COUNTER ? "counter" : "gauge");
			fprintf(f, "%s %lld\n", name, t->facts[j].v);
		}
		if (t->def && t->def->hist_metric && !seen(&fams, &nf, t->def->hist_metric))
			prom_hist(f, t);
		for (j = 0; j < t->ncols; j++) {
			const struct mv_ocol *c = &t->cols[j];

			if (!exported(c))
				continue;
			snprintf(name, sizeof(name), "memviz_%s%s", c->metric, prom_suffix(c));
			if (!seen(&fams, &nf, name))
				prom_family(f, r, name);
		}
		if (t->def && t->def->info && t->nrows && !seen(&fams, &nf, t->def->info))
			prom_info(f, t);
	}
	free(fams);
}

/* -o and --sort name columns: say which of them no table here has. */
static void unknown_columns(const struct mv_report *r, const struct mv_opts *o)
{
	const char *p = o->cols;
	char name[64];
	size_t i;

	while (p && *p) {
		size_t l = strcspn(p, ","), found = 0;

		snprintf(name, sizeof(name), "%.*s", (int)(l < 63 ? l : 63), p);
		for (i = 0; i < r->ntabs; i++)
			found += mv_otab_find(r->tabs[i], name) >= 0;
		if (!found && *name)
			mv_err("-o: no table of %s has a column '%s' (--wide --all lists them)", r->command, name);
		p += l + (p[l] == ',');
	}
	if (o->sort) {
		const char *s = o->sort + (*o->sort == '+' || *o->sort == '-');

		for (i = 0; i < r->ntabs && mv_otab_find(r->tabs[i], s) < 0; i++)
			;
		if (i == r->ntabs)
			mv_err("--sort: no table of %s has a column '%s'", r->command, s);
	}
}

void mv_emit(const struct mv_report *r, FILE *f, const struct mv_opts *o)
{
	if (o->fmt == MV_FMT_TEXT)
		unknown_columns(r, o);
	switch (o->fmt) {
	case MV_FMT_JSON:
		emit_json(r, f);
		break;
	case MV_FMT_PROM:
		emit_prom(r, f);
		break;
	default:
		emit_text(r, f, o);
		break;
	}
	fflush(f);
}
