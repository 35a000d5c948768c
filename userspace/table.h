/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one parser for memviz tables (docs/table-format.md), shared by every
 * command: a banner "# memviz <file>[.<table>] v<N> key=value...", more
 * '#' lines, one header row of column names, then rows as wide as the
 * header.  A file may hold several tables separated by blank lines.
 *
 * Columns are found by name, never by position; fields have their \xNN
 * escapes undone.  Anything else is rejected with a message that says
 * which line is wrong and why.
 */
#ifndef MEMVIZ_TABLE_H
#define MEMVIZ_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct mv_table {
	char *name;		/* "zones", or "oom.tasks" in a multi-table file */
	unsigned int version;
	size_t nfacts;
	char **fact_key;	/* key=value words of the '#' lines, banner first */
	char **fact_val;
	size_t ncomments;
	char **comments;	/* '#' lines after the banner, without "# " */
	size_t ncols;
	char **cols;
	size_t nrows;
	char **cells;		/* nrows * ncols, row-major, unescaped */
};

struct mv_doc {
	size_t n;
	struct mv_table *t;
};

/* Newest version of a table this reader understands. */
struct mv_known {
	const char *name;
	unsigned int max_version;
};

/*
 * Parse @len bytes of @buf, the contents of debugfs file @file.  Tables
 * named in @known (NULL-terminated by name) must not be newer than their
 * max_version; other tables of the file are kept and may be ignored.
 * On error returns -1 with a one-line reason in @err and @doc empty.
 */
int mv_doc_parse(struct mv_doc *doc, const char *buf, size_t len,
		 const char *file, const struct mv_known *known,
		 char *err, size_t errlen);
void mv_doc_free(struct mv_doc *doc);

const struct mv_table *mv_doc_table(const struct mv_doc *doc, const char *name);
int mv_col(const struct mv_table *t, const char *name);
const char *mv_cell(const struct mv_table *t, size_t row, int col);
/* Strict decimal; false for '-', a missing column or a non-number. */
bool mv_cell_num(const struct mv_table *t, size_t row, int col, long long *v);
/* The same by column name. */
bool mv_get(const struct mv_table *t, size_t row, const char *col, long long *v);
const char *mv_get_str(const struct mv_table *t, size_t row, const char *col);
/*
 * The number in column @col of row @row, or @none when the cell is '-' or
 * the table has no such column (an older module).  mv_load() has checked
 * every declared numeric cell, so there is no third case to default.
 * Clamped to +-2^52, far above any real count, so arithmetic on it is safe.
 */
long long mv_num(const struct mv_table *t, size_t row, const char *col, long long none);
const char *mv_fact(const struct mv_table *t, const char *key);
bool mv_parse_ll(const char *s, long long *v);

#endif /* MEMVIZ_TABLE_H */
