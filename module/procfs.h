/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz procfs: read the kernel's own /proc text from the host's mount
 * namespace (procfs.c), for the figures no exported symbol gives.
 */
#ifndef _MEMVIZ_PROCFS_H
#define _MEMVIZ_PROCFS_H

#include <linux/types.h>

enum memviz_proc_source {
	MEMVIZ_PROC_INIT,	/* under the root of the initial namespace's init */
	MEMVIZ_PROC_OPENER,	/* the opener's own (init's root has no such file) */
};

ssize_t memviz_read_kernel_file(const char *path, char *buf, size_t len,
				enum memviz_proc_source *source);
int memviz_read_kernel_long(const char *path, long *val);
const char *memviz_proc_source_name(enum memviz_proc_source s);

#endif /* _MEMVIZ_PROCFS_H */
