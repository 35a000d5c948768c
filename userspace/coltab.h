/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The columns the reader knows, declared once per table: unit, how a
 * table shows it, and its Prometheus family (coltab.c).  Every emitter
 * works from these declarations; a column of a file that is not declared
 * is shown raw and never exported, so a newer module never breaks the
 * reader and never puts a guessed unit in a metric.
 */
#ifndef MEMVIZ_COLTAB_H
#define MEMVIZ_COLTAB_H

#include <stdbool.h>
#include <stddef.h>
#include "output.h"
#include "table.h"

/* The declaration of table @name (a file's table or a reader table), or NULL. */
const struct mv_tabdef *mv_tabdef_find(const char *name);
/* Column @col of @t, exact name first, then the longest matching prefix. */
const struct mv_coldef *mv_coldef_find(const struct mv_tabdef *t, const char *col);
/* The kinds whose cells must be decimal integers (or '-'). */
bool mv_kind_numeric(enum mv_kind k);
/*
 * Typed cells: every declared numeric cell of every table of @doc is a
 * decimal integer or '-', every yes/no cell is yes, no or '-'.  Else -1
 * and @err names the table, the row (with its key columns) and the column.
 */
int mv_coltab_check(const struct mv_doc *doc, char *err, size_t errlen);

#endif /* MEMVIZ_COLTAB_H */
