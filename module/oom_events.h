/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz OOM post-mortem: a preallocated ring of the last oom_events_max
 * OOM kills, each recorded from the mark_victim tracepoint at the moment
 * the kernel marks its victim -- the victim with its oom_badness() parts,
 * the task that ran into the OOM, the inferred constraint, the failing
 * allocation's order and gfp mask, every zone's free pages and marks and
 * every node's LRU sizes -- plus the next candidates, ranked shortly after
 * the kill from process context.
 */
#ifndef _MEMVIZ_OOM_EVENTS_H
#define _MEMVIZ_OOM_EVENTS_H

#include <linux/gfp.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/types.h>
#include "oom.h"
#include "orders.h"
#include "pidns.h"

/* Ring size: the oom_events_max module parameter. */
#define MEMVIZ_OOM_EVENTS_DEFAULT	16
#define MEMVIZ_OOM_EVENTS_LIMIT		256

/*
 * Per-event caps.  They bound the work done in the tracepoint probe and the
 * memory preallocated per slot; a machine with more nodes or zones says
 * zones_truncated/nodes_truncated in the file instead of growing the probe.
 */
#define MEMVIZ_OOM_EV_CANDIDATES	5
#define MEMVIZ_OOM_EV_GROUP		32
#define MEMVIZ_OOM_EV_NODES		16
#define MEMVIZ_OOM_EV_ZONES		(4 * MEMVIZ_OOM_EV_NODES)

/* What kind of OOM it was, as far as memviz can tell (oom_events.c). */
enum memviz_oom_constraint {
	MEMVIZ_OOM_CONSTRAINT_UNKNOWN,
	MEMVIZ_OOM_CONSTRAINT_GLOBAL,		/* the kernel's CONSTRAINT_NONE */
	MEMVIZ_OOM_CONSTRAINT_MEMCG,
	MEMVIZ_OOM_CONSTRAINT_CPUSET,
	MEMVIZ_OOM_CONSTRAINT_MEMPOLICY,
};

/* The last reclaim the triggering task entered before the kill. */
enum memviz_oom_reclaim {
	MEMVIZ_OOM_RECLAIM_NONE,	/* none seen for this task */
	MEMVIZ_OOM_RECLAIM_DIRECT,	/* mm_vmscan_direct_reclaim_begin */
	MEMVIZ_OOM_RECLAIM_MEMCG,	/* mm_vmscan_memcg_reclaim_begin */
};

/* How the memcg of a memcg OOM was found. */
enum memviz_oom_memcg_source {
	MEMVIZ_OOM_MEMCG_NONE,		/* not a memcg OOM, or not found */
	MEMVIZ_OOM_MEMCG_TRACED,	/* named by mm_vmscan_memcg_reclaim_begin (7.x) */
	MEMVIZ_OOM_MEMCG_EVENTS,	/* its memory.events.local "oom" moved */
	MEMVIZ_OOM_MEMCG_INFERRED,	/* usage within a charge of memory.max */
};

/* A ring slot's life: reserved and filled outside the lock, then published. */
enum memviz_oom_ev_state {
	MEMVIZ_OOM_EV_PUBLISHED,
	MEMVIZ_OOM_EV_WRITING,
};

/* Where the candidates ranked after the kill stand. */
enum memviz_oom_cand_state {
	MEMVIZ_OOM_CAND_PENDING,	/* work queued, not run yet */
	MEMVIZ_OOM_CAND_DONE,
	MEMVIZ_OOM_CAND_GONE,		/* the OOM memcg was removed before */
};

struct memviz_oom_ev_zone {
	int nid;
	int zid;
	const char *name;		/* the kernel's static zone name */
	unsigned long managed;
	long free;
	unsigned long min, low, high;	/* boost included, as /proc/zoneinfo */
	/* The allocation's check at its order, and compaction, at the kill. */
	bool has_at;			/* order and gfp known */
	int at_class;			/* gfp_zone() of the allocation */
	struct memviz_order_at at;
};

struct memviz_oom_ev_node {
	int nid;
	unsigned long lru[NR_LRU_LISTS];
	unsigned long isolated_anon, isolated_file;
	unsigned long slab_reclaimable;
	unsigned long reclaimable;	/* file LRU + anon LRU up to free swap */
};

struct memviz_oom_ev_cand {
	pid_t pid;			/* as the reader sees it (collect) */
	uid_t uid;
	struct memviz_nspid nspid;	/* its tgid in every namespace level */
	short adj;
	bool origin;
	unsigned long rss_anon, rss_file, rss_shmem, swapents, pgtables;
	long points;
	u64 cgroup_id;
	char comm[MEMVIZ_OOM_COMM_LEN];	/* escaped */
};

/* Another task of a memory.oom.group killed by the same OOM. */
struct memviz_oom_ev_member {
	pid_t pid, tgid;		/* as the reader sees them (collect) */
	struct memviz_nspid nspid, nstgid;
	char comm[TASK_COMM_LEN];	/* raw; escaped when printed */
};

struct memviz_oom_event {
	u8 rec_state;			/* enum memviz_oom_ev_state */
	u64 seq;			/* 1, 2, ... since load */
	u64 boot_ns;			/* ktime_get_boottime_ns() at mark_victim */

	/* The victim, read under its task_lock() (held by the kernel). */
	pid_t pid, tgid;		/* initial namespace; the reader's in a copy */
	uid_t uid;			/* initial namespace; the reader's in a copy */
	struct memviz_nspid nspid, nstgid;
	short adj;
	bool has_mm;
	char comm[TASK_COMM_LEN];	/* raw; escaped when printed */
	unsigned long rss_anon, rss_file, rss_shmem, swapents, pgtables;
	unsigned long totalpages;	/* the badness scale used for points */
	long points;			/* oom_badness() */
	u64 cgroup_id;			/* cgroup v2 cgroup, 0 = unknown */
	u64 memcg_id;			/* its memcg's cgroup id, 0 = none */

	/* The task that ran into the OOM (current). */
	pid_t cur_pid;			/* initial namespace; the reader's in a copy */
	struct memviz_nspid cur_nspid;
	char cur_comm[TASK_COMM_LEN];
	unsigned long trigger_key;	/* its address: compared, never dereferenced */
	u64 reclaim_ns;			/* start of its last reclaim, 0 = none seen */

	/* The rest of a memory.oom.group the kernel killed with the victim. */
	unsigned int group_members;	/* all of them; the first nr_group below */
	unsigned int nr_group;
	struct memviz_oom_ev_member group[MEMVIZ_OOM_EV_GROUP];

	/* The constraint and the allocation, inferred (oom_events.c). */
	u8 constraint;			/* enum memviz_oom_constraint */
	u8 reclaim;			/* enum memviz_oom_reclaim */
	int order;			/* -1 = unknown */
	gfp_t gfp;			/* valid when gfp_known */
	bool gfp_known;
	u64 reclaim_age_ns;		/* from that reclaim's start to the kill */
	u64 oom_memcg_id;		/* memcg at its limit, 0 = not found */
	u8 oom_memcg_source;		/* enum memviz_oom_memcg_source */
	unsigned long oom_memcg_max, oom_memcg_usage;
	bool has_nodemask;		/* a mempolicy OOM: */
	nodemask_t nodemask;		/* the allocation's nodes */
	nodemask_t mems_allowed;	/* the trigger's cpuset nodes */

	/* The next candidates, ranked by the work queued from the probe. */
	u8 cand_state;			/* enum memviz_oom_cand_state */
	unsigned int nr_cand;
	unsigned int cand_eligible;	/* eligible tasks the ranking saw */
	u64 cand_delay_ns;		/* kill to ranking */
	struct memviz_oom_ev_cand cand[MEMVIZ_OOM_EV_CANDIDATES];

	/* The machine at the kill. */
	unsigned int nr_zones, nr_nodes;
	bool zones_truncated, nodes_truncated;
	struct memviz_oom_ev_zone zone[MEMVIZ_OOM_EV_ZONES];
	struct memviz_oom_ev_node node[MEMVIZ_OOM_EV_NODES];
};

/* Which tracepoints the recorder is attached to. */
struct memviz_oom_events_tps {
	bool mark_victim, direct_reclaim, memcg_reclaim;
};

/* What a reader of the oom_events file gets: a copy, newest first. */
struct memviz_oom_events {
	unsigned int cap;		/* oom_events_max */
	u64 recorded;			/* events since load (seq of the newest) */
	unsigned int nr;
	u64 dropped;			/* kills lost: their slot was being filled */
	struct memviz_oom_events_tps tps;
	struct memviz_oom_totals tp;	/* totals the points were scaled with */
	u64 now_ns;			/* boottime when the copy was taken */
	struct memviz_oom_event ev[];
};

int memviz_oom_events_init(void);
void memviz_oom_events_exit(void);
struct memviz_oom_events *memviz_oom_events_collect(void);
void memviz_oom_events_free(struct memviz_oom_events *s);
const char *memviz_oom_constraint_name(enum memviz_oom_constraint c);
const char *memviz_oom_reclaim_name(enum memviz_oom_reclaim r);

#endif /* _MEMVIZ_OOM_EVENTS_H */
