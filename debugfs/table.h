/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz tables: the one shape every file under /sys/kernel/debug/memviz/
 * has (shared/docs/table-format.md).  A file takes one snapshot at open(),
 * then seq_file walks its records: per section, a header record (comment
 * lines and the column-name row) followed by one record per row.
 *
 * Rows are written by one function per section that names each column as
 * it writes it; the header row is that same function run in header mode,
 * so names and values can never drift apart.  Values are printed whole,
 * however long (a cgroup path); a row is bounded by its snapshot.
 */
#ifndef _MEMVIZ_TABLE_H
#define _MEMVIZ_TABLE_H

#include <linux/seq_file.h>
#include <linux/types.h>

struct memviz_row {
	struct seq_file *m;
	bool header;	/* print column names instead of values */
	bool started;	/* a cell was printed on this line */
};

struct memviz_section {
	/* '#' lines: the first must be "# memviz <file>[.<table>] v<N> ..." */
	void (*comments)(struct seq_file *m, const void *snap);
	size_t (*nr_rows)(const void *snap);
	/* In header mode @idx is 0 and only the names matter. */
	void (*row)(struct memviz_row *r, const void *snap, size_t idx);
};

struct memviz_table {
	const char *name;
	void *(*collect)(void);		/* ERR_PTR on failure */
	void (*release)(void *snap);
	const struct memviz_section *sections;
	unsigned int nr_sections;
	/* Optional: the snapshot reading one pageblock in N (sample/ files). */
	void *(*collect_sampled)(unsigned int sample);
};

/* A sample/<name>.<N> file: @t's snapshot at one pageblock in @sample. */
struct memviz_sampled_file {
	const struct memviz_table *t;
	unsigned int sample;
};

extern const struct file_operations memviz_table_fops;
extern const struct file_operations memviz_sampled_table_fops;

void memviz_col_ul(struct memviz_row *r, const char *name, unsigned long v);
void memviz_col_l(struct memviz_row *r, const char *name, long v);
void memviz_col_str(struct memviz_row *r, const char *name, const char *s);
void memviz_col_bool(struct memviz_row *r, const char *name, bool b);
void memviz_col_na(struct memviz_row *r, const char *name);
void memviz_col_ul_opt(struct memviz_row *r, const char *name, bool have,
		       unsigned long v);
/* Column "<prefix><suffix>", suffix lower-cased (zone names, orders). */
void memviz_col_ul_sfx(struct memviz_row *r, const char *prefix,
		       const char *suffix, unsigned long v);
void memviz_col_l_sfx(struct memviz_row *r, const char *prefix,
		      const char *suffix, long v);
void memviz_col_str_sfx(struct memviz_row *r, const char *prefix,
			const char *suffix, const char *s);
void memviz_col_na_sfx(struct memviz_row *r, const char *prefix,
		       const char *suffix);

u64 memviz_table_opened_ns(struct seq_file *m);

/* The "# memviz <name> v<N>" line's common facts. */
void memviz_table_banner(struct seq_file *m, const char *name, unsigned int version);

#endif /* _MEMVIZ_TABLE_H */
