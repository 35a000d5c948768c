/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A debugfs table as a report table: every column kept, in file order,
 * with its kind (pages, KiB, label, word...) decided by name, so the
 * emitters can show human units, JSON and Prometheus without knowing the
 * file.  The columns a person wants first are shown; --wide shows all.
 */
#ifndef MEMVIZ_FILETAB_H
#define MEMVIZ_FILETAB_H

#include "output.h"
#include "table.h"

/* @shown: NULL-terminated names visible without --wide; NULL = all. */
struct mv_otab *mv_otab_from_table(struct mv_report *r, const struct mv_table *t,
				   const char *outname, const char *const *shown);
enum mv_kind mv_column_kind(const struct mv_table *t, int col);

/* Load @file and add it as a table; prints the error and returns 1 on failure. */
int mv_file_command(const char *file, unsigned int max_version, const char *const *shown,
		    const struct mv_opts *o);

#endif /* MEMVIZ_FILETAB_H */
