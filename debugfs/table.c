// SPDX-License-Identifier: GPL-2.0
/*
 * The table engine behind every memviz file: snapshot at open(), format
 * records from the snapshot through seq_file, free at release().
 *
 * Taking the snapshot at open() rather than in show() matters: seq_file
 * re-runs show() whenever its buffer overflows, and a show() that walked
 * memory would walk it again and print a different, torn picture.
 */
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include "memviz.h"
#include "table.h"

struct table_file {
	const struct memviz_table *t;
	void *snap;
	u64 opened_ns;	/* ktime_get_ns() once the snapshot was in hand */
};

/* Numbers right-aligned, words left-aligned, never narrower than the name. */
#define MEMVIZ_MIN_WIDTH 6
/* Room for any long in decimal: "-9223372036854775808" and the NUL. */
#define MEMVIZ_NUM_LEN 24

/*
 * A column is named "<prefix><suffix>", the suffix (a zone name, an
 * order) lower-cased as table-format.md wants; @suffix may be NULL.
 */
static size_t name_len(const char *prefix, const char *suffix)
{
	return strlen(prefix) + (suffix ? strlen(suffix) : 0);
}

static void put_name(struct seq_file *m, const char *prefix, const char *suffix)
{
	seq_puts(m, prefix);
	for (; suffix && *suffix; suffix++)
		seq_putc(m, tolower(*suffix));
}

static void put_spaces(struct seq_file *m, int n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		int k = min_t(int, n, sizeof(spaces) - 1);

		seq_write(m, spaces, k);
		n -= k;
	}
}

/*
 * One cell: the column's name in header mode, else @val, padded to the
 * name's width.  Values go straight into the seq_file, never through a
 * fixed buffer, so a cgroup path or an escaped comm comes out whole.
 * Memory stays bounded by the longest row: seq_file grows its buffer to
 * fit one record and re-runs show() (the snapshot makes that harmless).
 *
 * No printf here: a 2,000-task oom table is some 50,000 cells, and
 * parsing a format string twice per cell was most of its read time
 * (BENCHMARKS.md).  seq_put_decimal_ull_width() would do, but is not
 * exported.
 */
static void cell_len(struct memviz_row *r, const char *prefix,
		     const char *suffix, bool numeric, const char *val,
		     size_t vlen)
{
	int len = name_len(prefix, suffix);
	int width = max_t(int, len, MEMVIZ_MIN_WIDTH);

	if (r->started)
		seq_putc(r->m, ' ');
	r->started = true;
	if (!r->header) {
		/* An empty field would shift every later column: '-'. */
		if (!val || !vlen) {
			val = "-";
			vlen = 1;
		}
		if (numeric)
			put_spaces(r->m, width - (int)vlen);
		seq_write(r->m, val, vlen);
		if (!numeric)
			put_spaces(r->m, width - (int)vlen);
		return;
	}
	if (numeric)
		put_spaces(r->m, width - len);
	put_name(r->m, prefix, suffix);
	if (!numeric)
		put_spaces(r->m, width - len);
}

static void cell(struct memviz_row *r, const char *prefix, const char *suffix,
		 bool numeric, const char *val)
{
	cell_len(r, prefix, suffix, numeric, val, val ? strlen(val) : 0);
}

/* Decimal digits of @v, written backwards ending at @end; returns the start. */
static char *digits(char *end, unsigned long v)
{
	do {
		*--end = '0' + v % 10;
		v /= 10;
	} while (v);
	return end;
}

/* A number's cell: "-" prefixed when @neg, then the digits of @mag. */
static void cell_num(struct memviz_row *r, const char *prefix,
		     const char *suffix, bool neg, unsigned long mag)
{
	char buf[MEMVIZ_NUM_LEN];
	char *end = buf + sizeof(buf);
	char *p;

	if (r->header) {
		cell_len(r, prefix, suffix, true, NULL, 0);
		return;
	}
	p = digits(end, mag);
	if (neg)
		*--p = '-';
	cell_len(r, prefix, suffix, true, p, end - p);
}

static void cell_ul(struct memviz_row *r, const char *prefix, const char *suffix,
		    unsigned long v)
{
	cell_num(r, prefix, suffix, false, v);
}

static void cell_l(struct memviz_row *r, const char *prefix, const char *suffix,
		   long v)
{
	/* -(v + 1) + 1: LONG_MIN has no positive counterpart in a long. */
	cell_num(r, prefix, suffix, v < 0,
		 v < 0 ? (unsigned long)(-(v + 1)) + 1 : (unsigned long)v);
}

void memviz_col_ul(struct memviz_row *r, const char *name, unsigned long v)
{
	cell_ul(r, name, NULL, v);
}

void memviz_col_l(struct memviz_row *r, const char *name, long v)
{
	cell_l(r, name, NULL, v);
}

void memviz_col_str(struct memviz_row *r, const char *name, const char *s)
{
	cell(r, name, NULL, false, s);
}

void memviz_col_bool(struct memviz_row *r, const char *name, bool b)
{
	cell(r, name, NULL, false, b ? "yes" : "no");
}

void memviz_col_na(struct memviz_row *r, const char *name)
{
	cell(r, name, NULL, true, "-");
}

void memviz_col_ul_opt(struct memviz_row *r, const char *name, bool have,
		       unsigned long v)
{
	if (have)
		memviz_col_ul(r, name, v);
	else
		memviz_col_na(r, name);
}

void memviz_col_ul_sfx(struct memviz_row *r, const char *prefix,
		       const char *suffix, unsigned long v)
{
	cell_ul(r, prefix, suffix, v);
}

void memviz_col_l_sfx(struct memviz_row *r, const char *prefix,
		      const char *suffix, long v)
{
	cell_l(r, prefix, suffix, v);
}

void memviz_col_str_sfx(struct memviz_row *r, const char *prefix,
			const char *suffix, const char *s)
{
	cell(r, prefix, suffix, false, s);
}

void memviz_col_na_sfx(struct memviz_row *r, const char *prefix,
		       const char *suffix)
{
	cell(r, prefix, suffix, true, "-");
}

void memviz_table_banner(struct seq_file *m, const char *name, unsigned int version)
{
	seq_printf(m, "# memviz %s v%u page_size=%lu kernel=%s memviz=%s\n",
		   name, version, PAGE_SIZE, init_utsname()->release,
		   MEMVIZ_VERSION);
}

/**
 * memviz_table_opened_ns() - when this open file's snapshot was taken
 * @m: the seq_file a section's comments() or row() writes to
 *
 * seq_file re-renders from the start on every lseek() or pread() that
 * is not a continuation, so anything printed must be a function of the
 * open file alone: an age measured at show() time would change length
 * between renderings and tear the table.
 *
 * Return: ktime_get_ns() at open().
 */
u64 memviz_table_opened_ns(struct seq_file *m)
{
	return ((const struct table_file *)m->private)->opened_ns;
}

/*
 * Records are numbered across sections: section s owns one header record
 * and nr_rows(s) row records.  The cursor is the record number plus one,
 * so that record 0 is not a NULL iterator.
 */
static bool locate(const struct table_file *tf, loff_t pos,
		   unsigned int *sec, size_t *rec)
{
	unsigned int s;

	for (s = 0; s < tf->t->nr_sections; s++) {
		size_t n = 1 + tf->t->sections[s].nr_rows(tf->snap);

		if (pos < n) {
			*sec = s;
			*rec = pos;
			return true;
		}
		pos -= n;
	}
	return false;
}

static void *table_start(struct seq_file *m, loff_t *pos)
{
	unsigned int sec;
	size_t rec;

	return locate(m->private, *pos, &sec, &rec) ? (void *)(uintptr_t)(*pos + 1) : NULL;
}

static void *table_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return table_start(m, pos);
}

static void table_stop(struct seq_file *m, void *v)
{
}

static int table_show(struct seq_file *m, void *v)
{
	const struct table_file *tf = m->private;
	const struct memviz_section *s;
	struct memviz_row r = { .m = m };
	unsigned int sec;
	size_t rec;

	if (!locate(tf, (uintptr_t)v - 1, &sec, &rec))
		return 0;
	s = &tf->t->sections[sec];
	if (rec == 0) {
		if (sec > 0)
			seq_putc(m, '\n');
		s->comments(m, tf->snap);
		r.header = true;
		s->row(&r, tf->snap, 0);
	} else {
		s->row(&r, tf->snap, rec - 1);
	}
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations table_seq_ops = {
	.start = table_start,
	.next = table_next,
	.stop = table_stop,
	.show = table_show,
};

/* @sample 0: the table's own snapshot; N: collect_sampled(N) */
static int table_open_sampled(struct file *file, const struct memviz_table *t,
			      unsigned int sample)
{
	struct table_file *tf;
	int ret;

	tf = kzalloc_obj(*tf, GFP_KERNEL);
	if (!tf)
		return -ENOMEM;
	tf->t = t;
	tf->snap = sample ? t->collect_sampled(sample) : t->collect();
	if (IS_ERR(tf->snap)) {
		ret = PTR_ERR(tf->snap);
		goto err_free;
	}
	tf->opened_ns = ktime_get_ns();
	ret = seq_open(file, &table_seq_ops);
	if (ret)
		goto err_release;
	((struct seq_file *)file->private_data)->private = tf;
	return 0;

err_release:
	t->release(tf->snap);
err_free:
	kfree(tf);
	return ret;
}

static int table_open(struct inode *inode, struct file *file)
{
	return table_open_sampled(file, inode->i_private, 0);
}

static int sampled_open(struct inode *inode, struct file *file)
{
	const struct memviz_sampled_file *sf = inode->i_private;

	return table_open_sampled(file, sf->t, sf->sample);
}

static int table_release(struct inode *inode, struct file *file)
{
	struct table_file *tf = ((struct seq_file *)file->private_data)->private;

	tf->t->release(tf->snap);
	kfree(tf);
	return seq_release(inode, file);
}

const struct file_operations memviz_table_fops = {
	.owner = THIS_MODULE,
	.open = table_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = table_release,
};

const struct file_operations memviz_sampled_table_fops = {
	.owner = THIS_MODULE,
	.open = sampled_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = table_release,
};
