// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer's totalpages: RAM plus total swap, the denominator of
 * /proc/PID/oom_score and the scale of oom_score_adj.
 *
 * total_swap_pages is not exported and si_swapinfo() neither, so the
 * kernel's own SwapTotal is read from /proc/meminfo at snapshot time
 * (filp_open() and kernel_read() are exported).  vm.swappiness, which
 * mem_cgroup_get_max() tests, is not exported either and comes from
 * /proc/sys/vm/swappiness the same way.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "oom.h"

/* /proc/meminfo is about 1.5 KiB; this leaves room for many more lines. */
#define MEMINFO_BUF 8192

static ssize_t read_small_file(const char *path, char *buf, size_t len)
{
	struct file *f;
	loff_t pos = 0;
	size_t got = 0;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	while (got < len - 1) {
		n = kernel_read(f, buf + got, len - 1 - got, &pos);
		if (n <= 0)
			break;
		got += n;
	}
	filp_close(f, NULL);
	buf[got] = '\0';
	return got;
}

/* The value of a "Key:   N kB" line, in kB. */
static int meminfo_kb(const char *text, const char *key, unsigned long *kb)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return sscanf(p + klen + 1, "%lu", kb) == 1 ? 0 : -EINVAL;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -ENOENT;
}

/**
 * memviz_oom_read_totals() - read totalpages the way oom_score computes it
 * @tp: filled in; on failure to read swap, have_swap is false and
 *	totalpages is RAM only
 *
 * Context: process context; opens and reads procfs files.
 * Return: 0, or -ENOMEM.
 */
int memviz_oom_read_totals(struct memviz_oom_totals *tp)
{
	unsigned long kb, swappiness;
	char *buf;

	memset(tp, 0, sizeof(*tp));
	tp->totalram = totalram_pages();
	tp->swappiness = -1;

	buf = kmalloc(MEMINFO_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (read_small_file("/proc/meminfo", buf, MEMINFO_BUF) > 0) {
		/*
		 * MemTotal is totalram_pages() exactly: if it is not, this
		 * /proc/meminfo is not the kernel's (e.g. lxcfs in a container).
		 */
		if (!meminfo_kb(buf, "MemTotal", &kb))
			tp->memtotal_ok = kb >> (PAGE_SHIFT - 10) == tp->totalram;
		/* SwapTotal is K(total_swap_pages + pages being swapped off). */
		if (!meminfo_kb(buf, "SwapTotal", &kb)) {
			tp->swap_total = kb >> (PAGE_SHIFT - 10);
			tp->have_swap = true;
		}
	}
	if (read_small_file("/proc/sys/vm/swappiness", buf, 64) > 0 &&
	    !kstrtoul(strim(buf), 10, &swappiness) && swappiness <= 200)
		tp->swappiness = swappiness;
	kfree(buf);

	tp->totalpages = tp->totalram + tp->swap_total;
	return 0;
}
