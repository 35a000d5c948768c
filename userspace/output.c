// SPDX-License-Identifier: GPL-2.0
/*
 * Reports and their three emitters: table (the debugfs shape, so `awk`
 * works on it), JSON (schema "memviz/1", SCHEMA.md) and Prometheus text
 * exposition (HELP/TYPE, memviz_* names, base units).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output.h"
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

struct mv_otab *mv_otab_new(struct mv_report *r, const char *name, const char *fmt, ...)
{
	struct mv_otab *t = mv_xcalloc(1, sizeof(*t));
	va_list ap;

	t->name = mv_xstrdup(name);
	va_start(ap, fmt);
	t->title = vfmt(fmt, ap);
	va_end(ap);
	r->tabs = mv_xrealloc(r->tabs, (r->ntabs + 1) * sizeof(*r->tabs));
	r->tabs[r->ntabs++] = t;
	return t;
}

int mv_otab_col(struct mv_otab *t, const char *name, enum mv_kind kind, bool wide)
{
	int i = mv_otab_find(t, name);

	if (i >= 0)
		return i;
	/* Columns are fixed before the first row. */
	if (t->nrows)
		return -1;
	t->cols = mv_xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
	t->cols[t->ncols].name = mv_xstrdup(name);
	t->cols[t->ncols].kind = kind;
	t->cols[t->ncols].wide = wide;
	return (int)t->ncols++;
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

void mv_report_free(struct mv_report *r)
{
	size_t i, j;

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

void mv_field_escape(char *out, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == 0x7f || c == '\\')
			o += (size_t)snprintf(out + o, len - o, c == '\\' ? "\\\\" : "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
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
	return k != MV_LABEL && k != MV_STR && k != MV_BOOL && k != MV_GAUGE;
}

static bool visible(const struct mv_ocol *c, const struct mv_opts *o)
{
	if (c->wide && !o->wide)
		return false;
	if (c->kind == MV_GAUGE && !o->tty)
		return false;
	return true;
}

static void format_cell(char *buf, size_t len, const struct mv_ocol *col,
			const struct mv_ocell *c, const struct mv_report *r,
			const struct mv_opts *o)
{
	if (c->na) {
		snprintf(buf, len, "-");
		return;
	}
	switch (col->kind) {
	case MV_LABEL:
	case MV_STR:
		mv_field_escape(buf, len, c->s ? c->s : "-");
		break;
	case MV_GAUGE:
		snprintf(buf, len, "%s", c->s ? c->s : "-");
		break;
	case MV_BOOL:
		snprintf(buf, len, "%s", c->v ? "yes" : "no");
		break;
	case MV_PAGES:
		if (o->pages)
			snprintf(buf, len, "%lld", c->v);
		else
			mv_human_pages(buf, len, c->v, r->page_size);
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
		snprintf(buf, len, "%lld.%02lld", c->v / 100, (c->v < 0 ? -c->v : c->v) % 100);
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

#define CELL_MAX 256

static void emit_table(const struct mv_report *r, const struct mv_otab *t, FILE *f,
		       const struct mv_opts *o)
{
	size_t i, j, *w = mv_xcalloc(t->ncols, sizeof(size_t));
	char buf[CELL_MAX];

	if (t->title && *t->title)
		fprintf(f, "# %s\n", t->title);
	for (i = 0; i < t->nnotes; i++)
		fprintf(f, "# %s\n", t->notes[i]);
	for (j = 0; j < t->ncols; j++) {
		w[j] = strlen(t->cols[j].name);
		for (i = 0; i < t->nrows; i++) {
			format_cell(buf, sizeof(buf), &t->cols[j], &t->cells[i * t->ncols + j], r, o);
			if (strlen(buf) > w[j])
				w[j] = strlen(buf);
		}
	}
	for (i = 0; i <= t->nrows; i++) {
		bool first = true;

		for (j = 0; j < t->ncols; j++) {
			const struct mv_ocol *c = &t->cols[j];
			const char *color = NULL;
			bool last_col = true;
			size_t k;

			if (!visible(c, o))
				continue;
			for (k = j + 1; k < t->ncols; k++)
				if (visible(&t->cols[k], o))
					last_col = false;
			if (i == 0) {
				snprintf(buf, sizeof(buf), "%s", c->name);
			} else {
				const struct mv_ocell *cell = &t->cells[(i - 1) * t->ncols + j];

				format_cell(buf, sizeof(buf), c, cell, r, o);
				if (o->color && c->kind == MV_STR)
					color = state_color(cell->s);
			}
			if (!first)
				fputc(' ', f);
			first = false;
			if (color)
				fputs(color, f);
			if (numeric(c->kind))
				fprintf(f, "%*s", (int)w[j], buf);
			else if (last_col)
				fputs(buf, f);
			else
				fprintf(f, "%-*s", (int)w[j], buf);
			if (color)
				fputs(COLOR_OFF, f);
		}
		fputc('\n', f);
	}
	free(w);
}

static void emit_text(const struct mv_report *r, FILE *f, const struct mv_opts *o)
{
	size_t i;
	bool sep = false;

	for (i = 0; i < r->nnotes; i++)
		fprintf(f, "# %s\n", r->notes[i]);
	if (r->nnotes)
		sep = true;
	for (i = 0; i < r->nlines; i++) {
		if (o->color && !strncmp(r->lines[i], "==", 2))
			fprintf(f, COLOR_BOLD "%s" COLOR_OFF "\n", r->lines[i]);
		else
			fprintf(f, "%s\n", r->lines[i]);
		sep = true;
	}
	for (i = 0; i < r->ntabs; i++) {
		if (sep)
			fputc('\n', f);
		emit_table(r, r->tabs[i], f, o);
		sep = true;
	}
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			/* Bytes, not UTF-8: comm names may be anything. */
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *unit_name(enum mv_kind k)
{
	switch (k) {
	case MV_LABEL: return "label";
	case MV_STR: return "word";
	case MV_BOOL: return "bool";
	case MV_PAGES: return "pages";
	case MV_KB: return "kb";
	case MV_BYTES: return "bytes";
	case MV_COUNT: return "count";
	case MV_COUNTER: return "events";
	case MV_PCT: return "pct";
	case MV_NS: return "ns";
	case MV_RATE: return "per_second";
	case MV_GAUGE: return "gauge";
	}
	return "count";
}

static void json_cell(FILE *f, const struct mv_ocol *col, const struct mv_ocell *c)
{
	if (c->na) {
		fputs("null", f);
		return;
	}
	switch (col->kind) {
	case MV_LABEL:
	case MV_STR:
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
			if (t->cols[j].kind == MV_GAUGE)
				continue;
			if (!first)
				fputc(',', f);
			first = false;
			fputs("{\"name\":", f);
			json_str(f, t->cols[j].name);
			fputs(",\"unit\":", f);
			json_str(f, unit_name(t->cols[j].kind));
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
				json_cell(f, &t->cols[j], &t->cells[k * t->ncols + j]);
			}
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
}

/* ---- Prometheus ---- */

static void prom_name_part(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ? *s : '_', f);
}

static void prom_label_value(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* Strip a unit suffix the metric name will carry in base units. */
static void prom_metric(FILE *f, const struct mv_otab *t, const struct mv_ocol *c,
			const char *suffix)
{
	char base[128];
	size_t n;

	snprintf(base, sizeof(base), "%s", c->name);
	n = strlen(base);
	if (c->kind == MV_KB && n > 3 && !strcmp(base + n - 3, "_kb"))
		base[n - 3] = '\0';
	if (c->kind == MV_BYTES && n > 6 && !strcmp(base + n - 6, "_bytes"))
		base[n - 6] = '\0';
	if (c->kind == MV_PCT && n > 4 && !strcmp(base + n - 4, "_pct"))
		base[n - 4] = '\0';
	if (c->kind == MV_NS && n > 3 && !strcmp(base + n - 3, "_ns"))
		base[n - 3] = '\0';
	/* "allocstall_total" is a counter already: no "_total_total". */
	if (c->kind == MV_COUNTER && n > 6 && !strcmp(base + n - 6, "_total"))
		base[n - 6] = '\0';
	fputs("memviz_", f);
	prom_name_part(f, t->name);
	fputc('_', f);
	prom_name_part(f, base);
	fputs(suffix, f);
}

static const char *prom_suffix(enum mv_kind k)
{
	switch (k) {
	case MV_PAGES:
	case MV_KB:
	case MV_BYTES:
		return "_bytes";
	case MV_COUNTER:
		return "_total";
	case MV_PCT:
		return "_ratio";
	case MV_NS:
		return "_seconds";
	case MV_RATE:
		return "_per_second";
	case MV_STR:
		return "_info";
	default:
		return "";
	}
}

static void prom_labels(FILE *f, const struct mv_otab *t, size_t row,
			const struct mv_ocol *extra, const char *extra_val)
{
	bool first = true;
	size_t j;

	for (j = 0; j < t->ncols; j++) {
		const struct mv_ocell *c = &t->cells[row * t->ncols + j];

		if (t->cols[j].kind != MV_LABEL || c->na)
			continue;
		fputc(first ? '{' : ',', f);
		first = false;
		prom_name_part(f, t->cols[j].name);
		fputc('=', f);
		prom_label_value(f, c->s);
	}
	if (extra) {
		fputc(first ? '{' : ',', f);
		first = false;
		prom_name_part(f, extra->name);
		fputc('=', f);
		prom_label_value(f, extra_val);
	}
	if (!first)
		fputc('}', f);
}

static void prom_value(FILE *f, const struct mv_report *r, const struct mv_ocol *c, long long v)
{
	switch (c->kind) {
	case MV_PAGES:
		fprintf(f, " %lld\n", v * r->page_size);
		break;
	case MV_KB:
		fprintf(f, " %lld\n", v * 1024);
		break;
	case MV_PCT:
		fprintf(f, " %g\n", (double)v / 100);
		break;
	case MV_NS:
		fprintf(f, " %.9f\n", (double)v / 1e9);
		break;
	case MV_RATE:
		fprintf(f, " %g\n", (double)v / 100);
		break;
	default:
		fprintf(f, " %lld\n", v);
		break;
	}
}

static void emit_prom(const struct mv_report *r, FILE *f)
{
	size_t i, j, k;

	for (i = 0; i < r->ntabs; i++) {
		const struct mv_otab *t = r->tabs[i];

		for (j = 0; j < t->ncols; j++) {
			const struct mv_ocol *c = &t->cols[j];
			const char *sfx = prom_suffix(c->kind);
			bool any = false;

			if (c->kind == MV_LABEL || c->kind == MV_GAUGE)
				continue;
			for (k = 0; k < t->nrows; k++)
				if (!t->cells[k * t->ncols + j].na)
					any = true;
			if (!any)
				continue;
			fputs("# HELP ", f);
			prom_metric(f, t, c, sfx);
			fprintf(f, " memviz %s: column %s (%s%s)\n", t->name, c->name,
				unit_name(c->kind),
				c->kind == MV_PAGES || c->kind == MV_KB ? ", exported in bytes" :
				c->kind == MV_STR ? ", 1 for the current value" : "");
			fputs("# TYPE ", f);
			prom_metric(f, t, c, sfx);
			fputs(c->kind == MV_COUNTER ? " counter\n" : " gauge\n", f);
			for (k = 0; k < t->nrows; k++) {
				const struct mv_ocell *cell = &t->cells[k * t->ncols + j];

				if (cell->na)
					continue;
				prom_metric(f, t, c, sfx);
				if (c->kind == MV_STR) {
					prom_labels(f, t, k, c, cell->s);
					fputs(" 1\n", f);
				} else {
					prom_labels(f, t, k, NULL, NULL);
					prom_value(f, r, c, c->kind == MV_BOOL ? !!cell->v : cell->v);
				}
			}
		}
	}
}

void mv_emit(const struct mv_report *r, FILE *f, const struct mv_opts *o)
{
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
