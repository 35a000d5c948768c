/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a command prints, built once and emitted three ways: an aligned
 * table in the shape of the debugfs files (human units, colour and gauges
 * only on a tty), JSON in the one versioned schema (SCHEMA.md), or
 * Prometheus text exposition.
 *
 * A report holds tables (named, typed columns; rows of cells) and lines
 * of prose (explain's sentences).  Column kinds say what a number is, so
 * each emitter converts units itself: pages become human sizes in a table,
 * stay pages in JSON, and become bytes in Prometheus.
 */
#ifndef MEMVIZ_OUTPUT_H
#define MEMVIZ_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "memviz.h"

#define MV_JSON_SCHEMA "memviz/1"

enum mv_kind {
	MV_LABEL,	/* identifies a row: node, zone, lru, pid, comm... */
	MV_STR,		/* a word such as a state */
	MV_BOOL,
	MV_PAGES,
	MV_KB,
	MV_BYTES,
	MV_COUNT,	/* a plain number: orders, scores, adjustments */
	MV_COUNTER,	/* an event count since boot */
	MV_PCT,
	MV_NS,
	MV_RATE,	/* events per second, stored in hundredths */
	MV_GAUGE,	/* a drawn bar or sparkline: text on a tty only */
};

struct mv_ocol {
	char *name;
	enum mv_kind kind;
	bool wide;	/* shown in a table only with --wide */
};

struct mv_ocell {
	bool na;
	long long v;
	char *s;
};

struct mv_otab {
	char *name;
	char *title;
	size_t ncols;
	struct mv_ocol *cols;
	size_t nrows, cap;
	struct mv_ocell *cells;
	size_t nnotes;
	char **notes;
};

struct mv_report {
	const char *command;
	const char *kernel;
	const char *source;
	long page_size;
	size_t ntabs;
	struct mv_otab **tabs;
	size_t nlines;
	char **lines;		/* prose, printed before the tables */
	size_t nnotes;
	char **notes;		/* report-wide '#' notes (e.g. module missing) */
};

struct mv_otab *mv_otab_new(struct mv_report *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int mv_otab_col(struct mv_otab *t, const char *name, enum mv_kind kind, bool wide);
void mv_otab_row(struct mv_otab *t);
/* Set a cell of the last row, by column index or name (name must exist). */
void mv_set(struct mv_otab *t, int col, long long v);
void mv_set_str(struct mv_otab *t, int col, const char *s);
void mv_put(struct mv_otab *t, const char *col, long long v);
void mv_put_str(struct mv_otab *t, const char *col, const char *s);
void mv_put_na(struct mv_otab *t, const char *col);
void mv_otab_note(struct mv_otab *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mv_report_line(struct mv_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mv_report_note(struct mv_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct mv_ocell *mv_otab_cell(const struct mv_otab *t, size_t row, int col);
int mv_otab_find(const struct mv_otab *t, const char *name);

void mv_report_init(struct mv_report *r, const char *command, const struct mv_opts *o);
void mv_report_free(struct mv_report *r);
void mv_emit(const struct mv_report *r, FILE *f, const struct mv_opts *o);

/* Escape a field for a table: no white space, no control bytes. */
void mv_field_escape(char *out, size_t len, const char *s);
/* A bar of @width cells, @frac in [0,1]. */
const char *mv_bar(char *buf, size_t len, double frac, int width);

#endif /* MEMVIZ_OUTPUT_H */
