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

#define MV_JSON_SCHEMA "memviz/2"

/* What a number or word is: decides how each emitter shows it. */
enum mv_kind {
	MV_LABEL,	/* identifies a row: node, zone, lru, reclaimer... */
	MV_STR,		/* a word from a fixed set: a state, yes/no-like verdicts */
	MV_TEXT,	/* free text: comm, cgroup path, a hex mask */
	MV_BOOL,	/* yes/no */
	MV_PAGES,	/* pages of the table's page size */
	MV_BLOCKS,	/* free blocks of order N (mv_ocol.order): 2^N pages each */
	MV_KB,		/* KiB */
	MV_BYTES,
	MV_COUNT,	/* a plain number: events, tasks, an order */
	MV_ID,		/* a numeric identifier: pid, cgroup id, seq */
	MV_POINTS,	/* oom_badness() points: pages as a score, never a size */
	MV_PCT,		/* percent */
	MV_NS,		/* nanoseconds */
	MV_RATE,	/* events per second, stored in hundredths: text and JSON only */
	MV_GAUGE,	/* a drawn bar or sparkline: text on a tty only */
	MV_RAW,		/* a column this reader does not know: shown as is, never exported */
};

/* How a column appears in Prometheus output. */
enum mv_prom {
	MV_P_NONE,	/* not exported */
	MV_P_KEY,	/* a label on every series of its row */
	MV_P_INFO,	/* a label of the table's bounded <info> series only (pid, comm, cgroup) */
	MV_P_GAUGE,
	MV_P_COUNTER,	/* cumulative: <metric>_<unit>_total */
	MV_P_STATE,	/* a word: <metric>_info{...,<col>="word"} 1 */
};

/*
 * One declared column (coltab.c): a name, or a prefix ending in '*' whose
 * rest becomes the value of label @label (free_o*: order).  A column with
 * @label and an exact name puts @lval in that label (min: mark="min").
 */
struct mv_coldef {
	const char *name;
	enum mv_kind kind;
	enum mv_prom prom;
	const char *metric;	/* family without "memviz_" and unit suffix */
	const char *label, *lval;
	const char *help;
	unsigned int flags;
};

#define MV_C_WIDE 1u		/* in a table only with --wide (or -o) */

struct mv_fact_metric {
	const char *fact;	/* key=value of the table's '#' lines */
	enum mv_kind kind;
	enum mv_prom prom;
	const char *metric, *help;
};

struct mv_otab;
struct mv_report;
typedef void (*mv_prom_fn)(FILE *f, const struct mv_report *r, const struct mv_otab *t);

/* A table's declaration: its columns and how its rows are exported. */
struct mv_tabdef {
	const char *table;		/* "zones", "reclaim.scan", or a reader table */
	unsigned int max_version;	/* of the file's table; 0 for reader tables */
	const struct mv_coldef *cols;
	const char *info;		/* family of the MV_P_INFO labels, or NULL */
	const char *skip_col, *skip_val;	/* rows left out of Prometheus (a total) */
	const char *hist_le;		/* histogram: upper-bound column (ns), '-' = +Inf */
	const char *hist_metric;	/* its family; value columns <kind>_stalls label kind */
	const struct mv_fact_metric *facts;
	unsigned int flags;
};

#define MV_T_HIDE_ZERO 1u	/* text hides rows whose numbers are all 0 (--all shows them) */
#define MV_T_RAW_PAGES 2u	/* text shows pages as numbers, as /proc/zoneinfo does */

struct mv_ocol {
	char *name;
	enum mv_kind kind;
	bool wide;	/* shown in a table only with --wide */
	int order;	/* MV_BLOCKS: the block order */
	enum mv_prom prom;
	const char *metric, *help, *label;
	char lval[24];
};

struct mv_ocell {
	bool na;
	long long v;
	char *s;
};

struct mv_otab {
	char *name;
	char *title;
	const struct mv_tabdef *def;	/* declaration of its columns, or NULL */
	size_t ncols;
	struct mv_ocol *cols;
	size_t nrows, cap;
	struct mv_ocell *cells;
	size_t nnotes;
	char **notes;
	size_t nfacts;
	struct { const struct mv_fact_metric *m; long long v; } facts[8];
	size_t prom_rows;	/* at most this many rows exported; 0 = all */
	mv_prom_fn prom_fn;	/* exports the table itself (sysctls) */
};

/* A finding of explain: JSON object {id, severity, scope, numbers, text}. */
enum mv_severity { MV_SEV_OK, MV_SEV_WARNING, MV_SEV_CRITICAL, MV_SEV_UNKNOWN };

struct mv_finding {
	char *id, *scope, *text;
	enum mv_severity sev;
	size_t nnum;
	struct { const char *key; long long v; } num[8];
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
	size_t nfind;
	struct mv_finding *find;
};

int mv_otab_col(struct mv_otab *t, const char *name, enum mv_kind kind, bool wide);
/*
 * A report table whose columns are declared in coltab.c (@decl: the tabdef
 * name; NULL or unknown: every column raw), and a column of it.
 */
struct mv_otab *mv_otab_decl(struct mv_report *r, const char *name, const char *decl,
			     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int mv_otab_dcol(struct mv_otab *t, const char *name);
/* The same for each name of a NULL-terminated list. */
void mv_otab_dcols(struct mv_otab *t, const char *const *names);

/* Apply a declaration (NULL: an unknown column, MV_RAW) to column @col. */
void mv_ocol_declare(struct mv_ocol *c, const struct mv_coldef *d);
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

/* Escape a field for a table: no white space, no control bytes, no invalid UTF-8. */
void mv_field_escape(char *out, size_t len, const char *s);
/* Length of the valid UTF-8 sequence at @s, 0 if invalid (or NUL). */
size_t mv_utf8_len(const unsigned char *s);
void mv_report_finding(struct mv_report *r, const char *id, enum mv_severity sev,
		       const char *scope, const char *text);
/* Add a number to the last finding. */
void mv_finding_num(struct mv_report *r, const char *key, long long v);
const char *mv_severity_name(enum mv_severity s);
/* A bar of @width cells, @frac in [0,1]. */
const char *mv_bar(char *buf, size_t len, double frac, int width);

#endif /* MEMVIZ_OUTPUT_H */
