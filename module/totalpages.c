// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer's totalpages: RAM plus total swap, the denominator of
 * /proc/PID/oom_score and the scale of oom_score_adj.
 *
 * total_swap_pages is not exported and si_swapinfo() neither, so the
 * kernel's own SwapTotal is read from /proc/meminfo at snapshot time, as
 * the host sees it (procfs.c).  vm.swappiness, which mem_cgroup_get_max()
 * tests, is not exported either and comes from /proc/sys/vm/swappiness
 * the same way.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swap.h>
#include "oom.h"
#include "procfs.h"

/* /proc/meminfo is about 1.5 KiB; this leaves room for many more lines. */
#define MEMINFO_BUF 8192

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
	unsigned long total_kb, free_kb, kb;
	long swappiness, before, after = 0;
	unsigned int tries;
	char *buf;

	memset(tp, 0, sizeof(*tp));
	tp->totalram = totalram_pages();
	tp->swappiness = -1;

	buf = kmalloc(MEMINFO_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf[0] = '\0';
	/*
	 * SwapTotal and SwapFree both count the pages of a swap device being
	 * swapped off (si_swapinfo()'s nr_to_be_unused), which the kernel's
	 * total_swap_pages no longer does: total_swap_pages = SwapTotal -
	 * SwapFree + nr_swap_pages, with nr_swap_pages (exported) read on
	 * both sides of /proc/meminfo until it held still across it.
	 */
	for (tries = 0; tries < 3; tries++) {
		before = get_nr_swap_pages();
		if (memviz_read_kernel_file("/proc/meminfo", buf, MEMINFO_BUF,
					    &tp->meminfo_source) <= 0)
			break;
		after = get_nr_swap_pages();
		if (before == after)
			break;
	}
	/*
	 * MemTotal is totalram_pages() exactly: if it is not, this
	 * /proc/meminfo is not the kernel's (e.g. lxcfs in a container).
	 */
	if (!meminfo_kb(buf, "MemTotal", &kb))
		tp->memtotal_ok = kb >> (PAGE_SHIFT - 10) == tp->totalram;
	if (!meminfo_kb(buf, "SwapTotal", &total_kb) && !meminfo_kb(buf, "SwapFree", &free_kb)) {
		long total = total_kb >> (PAGE_SHIFT - 10);
		long unused = (long)(free_kb >> (PAGE_SHIFT - 10)) - after;

		/* a read that never held still: take SwapTotal as it is */
		unused = clamp(before == after ? unused : 0, 0L, total);
		tp->swap_total = total - unused;
		tp->swapoff_pages = unused;
		tp->have_swap = true;
	}
	kfree(buf);
	if (!memviz_read_kernel_long("/proc/sys/vm/swappiness", &swappiness) &&
	    swappiness >= 0 && swappiness <= 200)
		tp->swappiness = swappiness;

	tp->totalpages = tp->totalram + tp->swap_total;
	return 0;
}
