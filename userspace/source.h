/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the reader's input comes from: the module's files under
 * /sys/kernel/debug/memviz (or a saved copy given with --debugfs DIR), and
 * /proc (or DIR/proc of a snapshot).  Also the facts every command needs
 * from them: sysctls, /proc/meminfo and /proc/vmstat values, the kernel
 * release and the page size.
 */
#ifndef MEMVIZ_SOURCE_H
#define MEMVIZ_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include "table.h"

#define MV_DEBUGFS_DIR "/sys/kernel/debug/memviz"

enum mv_src_status {
	MV_SRC_OK,
	MV_SRC_NOMODULE,	/* no memviz directory: module not loaded */
	MV_SRC_NOACCESS,	/* permission denied: not root */
	MV_SRC_NOFILE,		/* directory there, this file not (older module) */
	MV_SRC_BAD,		/* unreadable or malformed */
};

/* --debugfs DIR, or NULL for the live system. */
void mv_source_init(const char *dir);
/*
 * Read the lru and reclaim files from a pass sampled to cost at most @ms
 * of the module's time (sample/<file>.N, N from the zones file's lru
 * cost line); 0 = the plain files.  The fleet paths (watch, --prom) use
 * MEMVIZ_LRU_BUDGET_MS, default 50.
 */
void mv_source_lru_budget(long ms);
bool mv_source_offline(void);
const char *mv_source_dir(void);
/* DIR/proc of a snapshot, or "/proc". */
const char *mv_proc_root(void);

/*
 * Read and parse debugfs file @file.  On failure @err holds a sentence
 * saying what is wrong and what to do about it.
 */
enum mv_src_status mv_load(const char *file, struct mv_doc *doc,
			   const struct mv_known *known, char *err, size_t errlen);
/* Why the module's files are missing, with how to load it. */
const char *mv_module_hint(void);

/* Whole file into a NUL-terminated buffer; NULL (errno set) on failure. */
char *mv_read_file(const char *path, size_t *len);
/* @rel under the proc root: "meminfo", "sys/vm/swappiness", "1/status". */
char *mv_read_proc(const char *rel, size_t *len);
bool mv_sysctl(const char *rel, long long *v);
/* "Key: value" (meminfo, status) or "key value" (vmstat) lookups. */
bool mv_kv(const char *buf, const char *key, long long *v);
bool mv_meminfo(const char *key, long long *kb);
bool mv_vmstat(const char *key, long long *v);

/* Kernel release: the zones banner, DIR/proc/sys/kernel/osrelease, uname. */
const char *mv_kernel_release(const struct mv_table *banner_of);
/* (major << 16) | (minor << 8) of a release string; 0 if unparsable. */
unsigned int mv_kernel_code(const char *release);
long mv_page_size(const struct mv_table *t);

#endif /* MEMVIZ_SOURCE_H */
