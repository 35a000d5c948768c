/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing snapshots: the directories and file copies `memviz snapshot`
 * and `memviz record` make, so that `--debugfs DIR` reads them back.
 */
#ifndef MEMVIZ_SNAPFS_H
#define MEMVIZ_SNAPFS_H

#include <stddef.h>

/*
 * mkdir -p that stops at the first directory it cannot make and says
 * which one (in @failed) and why (errno).
 */
int mv_mkdirs(const char *dir, char *failed, size_t len);
/* @from into @dir/@name; -1 with errno when it cannot be read or written. */
int mv_copy_file(const char *from, const char *dir, const char *name);
/*
 * The files the OOM ranking reads from @proc/PID, for every process, into
 * @dir/proc/PID; the number of processes saved.
 */
int mv_save_processes(const char *proc, const char *dir);
/* rm -r of a tree the reader wrote (links are removed, never followed). */
int mv_rm_tree(const char *path);

#endif /* MEMVIZ_SNAPFS_H */
