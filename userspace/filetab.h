/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A debugfs table as a report table: every column kept, in file order,
 * typed by its declaration (coltab.c); a column the reader does not know
 * is kept as raw text and never exported.
 */
#ifndef MEMVIZ_FILETAB_H
#define MEMVIZ_FILETAB_H

#include "output.h"
#include "table.h"

struct mv_otab *mv_otab_from_table(struct mv_report *r, const struct mv_table *t,
				   const char *outname);
/* The versions of @file's tables this reader understands, for mv_load(). */
void mv_known_of(const char *file, struct mv_known *known, size_t max);

/* Load @file and add each of its tables; prints the error and returns 1 on failure. */
int mv_file_command(const char *file, const struct mv_opts *o);

#endif /* MEMVIZ_FILETAB_H */
