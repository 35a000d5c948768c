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
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include "memviz.h"
#include "table.h"

struct table_file {
	const struct memviz_table *t;
	void *snap;
};

/* Numbers right-aligned, words left-aligned, never narrower than the name. */
#define MEMVIZ_MIN_WIDTH 6

static void cell(struct memviz_row *r, const char *name, bool numeric,
		 const char *fmt, ...) __printf(4, 5);

static void cell(struct memviz_row *r, const char *name, bool numeric,
		 const char *fmt, ...)
{
	int width = max_t(int, strlen(name), MEMVIZ_MIN_WIDTH);
	char val[32];
	va_list args;

	if (r->started)
		seq_putc(r->m, ' ');
	r->started = true;
	if (r->header) {
		seq_printf(r->m, numeric ? "%*s" : "%-*s", width, name);
		return;
	}
	va_start(args, fmt);
	vsnprintf(val, sizeof(val), fmt, args);
	va_end(args);
	seq_printf(r->m, numeric ? "%*s" : "%-*s", width, val);
}

void memviz_col_ul(struct memviz_row *r, const char *name, unsigned long v)
{
	cell(r, name, true, "%lu", v);
}

void memviz_col_l(struct memviz_row *r, const char *name, long v)
{
	cell(r, name, true, "%ld", v);
}

void memviz_col_str(struct memviz_row *r, const char *name, const char *s)
{
	cell(r, name, false, "%s", s);
}

void memviz_col_bool(struct memviz_row *r, const char *name, bool b)
{
	cell(r, name, false, "%s", b ? "yes" : "no");
}

void memviz_col_na(struct memviz_row *r, const char *name)
{
	cell(r, name, true, "-");
}

void memviz_col_ul_opt(struct memviz_row *r, const char *name, bool have,
		       unsigned long v)
{
	if (have)
		memviz_col_ul(r, name, v);
	else
		memviz_col_na(r, name);
}

/* Column names are lower case (table-format.md); zone names are not. */
static const char *sfx_name(char *buf, size_t len, const char *prefix,
			    const char *suffix)
{
	char *p;

	snprintf(buf, len, "%s%s", prefix, suffix);
	for (p = buf; *p; p++)
		*p = tolower(*p);
	return buf;
}

void memviz_col_ul_sfx(struct memviz_row *r, const char *prefix,
		       const char *suffix, unsigned long v)
{
	char buf[40];

	memviz_col_ul(r, sfx_name(buf, sizeof(buf), prefix, suffix), v);
}

void memviz_col_l_sfx(struct memviz_row *r, const char *prefix,
		      const char *suffix, long v)
{
	char buf[40];

	memviz_col_l(r, sfx_name(buf, sizeof(buf), prefix, suffix), v);
}

void memviz_col_str_sfx(struct memviz_row *r, const char *prefix,
			const char *suffix, const char *s)
{
	char buf[40];

	memviz_col_str(r, sfx_name(buf, sizeof(buf), prefix, suffix), s);
}

void memviz_col_na_sfx(struct memviz_row *r, const char *prefix,
		       const char *suffix)
{
	char buf[40];

	memviz_col_na(r, sfx_name(buf, sizeof(buf), prefix, suffix));
}

void memviz_table_banner(struct seq_file *m, const char *name, unsigned int version)
{
	seq_printf(m, "# memviz %s v%u page_size=%lu kernel=%s memviz=%s\n",
		   name, version, PAGE_SIZE, init_utsname()->release,
		   MEMVIZ_VERSION);
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

static int table_open(struct inode *inode, struct file *file)
{
	const struct memviz_table *t = inode->i_private;
	struct table_file *tf;
	int ret;

	tf = kzalloc(sizeof(*tf), GFP_KERNEL);
	if (!tf)
		return -ENOMEM;
	tf->t = t;
	tf->snap = t->collect();
	if (IS_ERR(tf->snap)) {
		ret = PTR_ERR(tf->snap);
		goto err_free;
	}
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
