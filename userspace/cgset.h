/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory cgroups as `memviz cgroups` and `explain --cgroup` see them: the
 * module's memcg file (limits, effective protection, reclaimable by cost)
 * joined with each cgroup's own memory.stat, memory.events and
 * memory.pressure, read from /sys/fs/cgroup (or DIR/cgroup of a snapshot).
 */
#ifndef MEMVIZ_CGSET_H
#define MEMVIZ_CGSET_H

#include <stdbool.h>
#include <stddef.h>
#include "table.h"

#define MV_CG_ROOT "/sys/fs/cgroup"

enum { MV_CGE_LOW, MV_CGE_HIGH, MV_CGE_MAX, MV_CGE_OOM, MV_CGE_OOM_KILL, MV_CGE_N };
extern const char *const mv_cg_event_names[MV_CGE_N];

struct mv_cg {
	const char *path;	/* "/" for the root, else "/a/b" */
	long long id;
	int parent;		/* index of the parent row, -1 for the root */
	int depth;
	/* pages; -1 = '-' (no limit, v1, not on this kernel) */
	long long current, min, low, high, max, emin, elow, protected;
	long long swap_current, swap_max;
	long long clean_file, dirty_file, writeback_file, swappable, unevictable, reclaimable;
	const char *skip;	/* reclaim_skip: min, low, - */
	bool have_events, have_psi, have_stat;
	long long ev[MV_CGE_N];
	long long psi_some10, psi_full10;	/* avg10 in hundredths of a percent */
	long long psi_some_us, psi_full_us;	/* total, microseconds */
	long long stat_anon, stat_file, stat_shmem;	/* memory.stat, bytes */
	int victim_pid;		/* memcg-OOM victim, 0 none or no max */
	char victim_comm[64];
};

struct mv_cgset {
	struct mv_doc doc;
	const struct mv_table *t;
	size_t n;
	struct mv_cg *cg;
	bool recursiveprot;
	bool v2;
	char root[4096];	/* where the cgroup files were read */
};

/*
 * Load the memcg file and every cgroup's files; with @victims, the memcg
 * OOM victim of each cgroup that has a max (tasks loaded once).  0, or -1
 * with @err.
 */
int mv_cgset_load(struct mv_cgset *s, long page_size, bool victims, char *err, size_t errlen);
void mv_cgset_free(struct mv_cgset *s);
/* Row of cgroup @path ("/a/b", "a/b/", "/sys/fs/cgroup/a"), -1 if none. */
int mv_cgset_find(const struct mv_cgset *s, const char *path);
/* Is row @i @anc or below it? */
bool mv_cgset_under(const struct mv_cgset *s, int i, int anc);
/* The limit that bites first (min of high and max), -1 none. */
long long mv_cg_limit(const struct mv_cg *c);
/* Pressure for sorting: PSI some avg10, then usage against the limit. */
long long mv_cg_pressure(const struct mv_cg *c);

struct mv_report;
struct mv_opts;
/* explain --cgroup: the findings of cgroup o->cgroup into @r; -1 with @err. */
int mv_explain_cgroup(struct mv_report *r, const struct mv_opts *o, char *err, size_t errlen);

#endif /* MEMVIZ_CGSET_H */
