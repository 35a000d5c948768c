// SPDX-License-Identifier: GPL-2.0
/*
 * memviz activity: reclaim activity per node, zone and reclaimer, counted
 * by probes on the kernel's vmscan, oom and compaction tracepoints.
 *
 * Probes run in the reclaiming task (kswapd, an allocating task, a task
 * over its memcg limit), with preemption disabled until 6.x and
 * preemptible (under SRCU) from 7.x.  They only add to
 * per-CPU counters (this_cpu_*: one instruction on x86, safe against
 * interrupts and preemption on every config, PREEMPT_RT included) and
 * touch a static table of per-task slots; nothing sleeps, allocates or
 * takes a lock.  Readers fold the per-CPU counters of each node into a
 * snapshot and subtract the baseline of the last reset.
 *
 * Which reclaimer an LRU event belongs to follows the kernel's own vm
 * event split (reclaimer_offset() and cgroup_reclaim() in mm/vmscan.c),
 * so the sums can be checked against /proc/vmstat:
 *   memcg       the task is between mm_vmscan_memcg_reclaim_begin/end or
 *               inside v1 soft-limit reclaim (its task slot says so);
 *               the kernel counts none of it in pgscan_<reclaimer>
 *   kswapd      current_is_kswapd()
 *   khugepaged  the khugepaged thread, on kernels that count it apart
 *   direct      everything else (direct reclaim, node_reclaim)
 *
 * Per-task state without allocation: a task's direct or memcg reclaim
 * start time must survive a migration between begin and end (reclaim
 * sleeps: throttling, writeback, cond_resched), so it cannot live in a
 * per-CPU slot.  It lives in a static table keyed by the task pointer: a
 * task claims a free slot of its hash bucket with cmpxchg at begin and
 * releases it at end.  Only the owning task ever writes a claimed slot or
 * reads its payload, and a task runs on one CPU at a time (the scheduler
 * orders its accesses across a migration), so the payload needs no
 * atomics; other tasks only compare the key, read with READ_ONCE, and a
 * slot can only hold their own key if they claimed it themselves.  The
 * cmpxchg claim and the release store order the payload between owners.
 * A begin that finds its bucket full is counted (untimed, slot_overflows)
 * instead of timed.  The table is cleared whenever the probes are
 * (re)attached, when no probe can run: no stale slot survives a detach.
 */
#include <linux/compaction.h>
#include <linux/hash.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/vmstat.h>
#include <trace/events/vmscan.h>
#include <trace/events/oom.h>
#include "activity.h"
#include "debug.h"
#include "tracepoints.h"

/* Per-task slots: 64 buckets of 8, 20 KiB of .bss. */
#define ACT_SLOT_HASH_BITS	6
#define ACT_SLOT_WAYS		8

#define ACT_F_DIRECT		BIT(MEMVIZ_ACT_STALL_DIRECT)
#define ACT_F_MEMCG		BIT(MEMVIZ_ACT_STALL_MEMCG)
#define ACT_F_SOFTLIMIT		BIT(MEMVIZ_ACT_NR_STALLS)

struct act_slot {
	struct task_struct *task;	/* owner; compared, never dereferenced */
	pid_t pid;			/* and its pid and start time: a task that */
	u64 start_time;			/* reuses a dead owner's address is not it */
	unsigned int flags;		/* ACT_F_*: what the owner is inside */
	int nid[MEMVIZ_ACT_NR_STALLS];	/* node of the CPU at begin */
	u64 start[MEMVIZ_ACT_NR_STALLS];	/* ktime_get_ns() at begin */
};

static struct act_slot act_slots[1 << ACT_SLOT_HASH_BITS][ACT_SLOT_WAYS];

/* One per-CPU block per possible node; fixed while the probes are attached. */
static struct memviz_act_node __percpu **act_nodes;
/* Folded values at the last reset, per possible node (reset = rebase). */
static struct memviz_act_node *act_base;
static atomic_long_t act_slot_overflows;
static u64 act_reset_ns;

/* Serializes attach/detach, reset, collect, init and exit. */
static DEFINE_MUTEX(act_mutex);
static bool act_ready;		/* init done, exit not started */
static bool act_memcg_attached;	/* both memcg reclaim probes on */
static bool act_want = true;	/* the activity parameter */
static bool act_enabled;	/* probes attached */
static char act_missing[sizeof_field(struct memviz_activity, missing)] = "-";
static char act_skipped[sizeof_field(struct memviz_activity, skipped)] = "-";
static unsigned int act_nr_attached;

#define ACT_NR_LONGS (sizeof(struct memviz_act_node) / sizeof(unsigned long))

static struct memviz_act_node __percpu *act_node(int nid)
{
	if ((unsigned int)nid >= nr_node_ids)
		return NULL;
	return act_nodes[nid];
}

/* ---- per-memcg memcg reclaim (7.x names the memcg) ---- */

/*
 * A fixed table by cgroup id, open addressing: a probe claims a free
 * slot with cmpxchg on the id and adds to its counters; a memcg that finds
 * its probe window full is counted in act_memcg_overflows instead.  Ids
 * are never reused (cgroup ids are 64-bit counters), so a slot of a
 * removed memcg only takes room until the next attach or reset.
 */
#define ACT_MEMCG_BITS		9
#define ACT_MEMCG_PROBES	8

struct act_memcg_slot {
	u64 id;				/* 0: free */
	atomic_long_t entries, reclaimed, ns;
};

static struct act_memcg_slot act_memcg[1 << ACT_MEMCG_BITS];
static atomic_long_t act_memcg_overflows;

static struct act_memcg_slot *act_memcg_slot(u64 id, bool claim)
{
	unsigned int h = hash_64(id, ACT_MEMCG_BITS), i;

	for (i = 0; i < ACT_MEMCG_PROBES; i++) {
		struct act_memcg_slot *s = &act_memcg[(h + i) & ((1 << ACT_MEMCG_BITS) - 1)];
		u64 cur = READ_ONCE(s->id);

		if (cur == id)
			return s;
		if (!cur && claim) {
			cur = cmpxchg(&s->id, 0, id);
			if (!cur || cur == id)
				return s;
		}
	}
	return NULL;
}

/* Probe side: @memcg is held by the tracepoint's caller. */
static void act_memcg_add(struct mem_cgroup *memcg, long entries,
			  unsigned long reclaimed, u64 ns)
{
#ifdef CONFIG_MEMCG
	struct act_memcg_slot *s;

	if (!memcg)
		return;
	s = act_memcg_slot(cgroup_id(memcg->css.cgroup), true);
	if (!s) {
		atomic_long_inc(&act_memcg_overflows);
		return;
	}
	atomic_long_add(entries, &s->entries);
	atomic_long_add(reclaimed, &s->reclaimed);
	atomic_long_add(ns, &s->ns);
#endif
}

/**
 * memviz_activity_memcg() - one memcg's own memcg reclaim since load/reset
 * @cgroup_id: the memcg's cgroup id
 * @out: filled (zeroes when none was seen)
 *
 * Only kernels whose reclaim tracepoints name the memcg count it
 * (memviz_activity_memcg_counted()).  Lockless reads of growing counters.
 */
void memviz_activity_memcg(u64 cgroup_id, struct memviz_act_memcg *out)
{
	struct act_memcg_slot *s = act_memcg_slot(cgroup_id, false);

	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	out->entries = atomic_long_read(&s->entries);
	out->reclaimed = atomic_long_read(&s->reclaimed);
	out->ns = atomic_long_read(&s->ns);
}

/**
 * memviz_activity_memcg_counted() - is memcg reclaim attributed per memcg now
 *
 * Return: true on kernels whose memcg reclaim tracepoints carry the memcg
 * (7.x), while both are attached.
 */
bool memviz_activity_memcg_counted(void)
{
	return MEMVIZ_HAVE_RECLAIM_TP_MEMCG && READ_ONCE(act_memcg_attached);
}

/**
 * memviz_activity_memcg_overflows() - memcg reclaims not attributed: table full
 *
 * Return: the count since load or reset.
 */
unsigned long memviz_activity_memcg_overflows(void)
{
	return atomic_long_read(&act_memcg_overflows);
}

/* No probe runs (attach): every slot free again. */
static void act_memcg_clear(void)
{
	memset(act_memcg, 0, sizeof(act_memcg));
	atomic_long_set(&act_memcg_overflows, 0);
}

/*
 * Reset while probes run: each slot keeps its memcg, its counters restart
 * (an add racing with this may survive it: a count, not a total).
 */
static void act_memcg_zero(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(act_memcg); i++) {
		atomic_long_set(&act_memcg[i].entries, 0);
		atomic_long_set(&act_memcg[i].reclaimed, 0);
		atomic_long_set(&act_memcg[i].ns, 0);
	}
	atomic_long_set(&act_memcg_overflows, 0);
}

/* ---- per-task slots ---- */

static struct act_slot *act_slot_bucket(struct task_struct *t)
{
	return act_slots[hash_ptr(t, ACT_SLOT_HASH_BITS)];
}

/*
 * @t's slot.  A slot keyed by @t's address but another pid or start time
 * was left by a task that died inside reclaim (or whose end event this
 * module never saw): it belongs to nobody alive, so @t takes it over.
 */
static struct act_slot *act_slot_find(struct task_struct *t)
{
	struct act_slot *b = act_slot_bucket(t);
	int i;

	for (i = 0; i < ACT_SLOT_WAYS; i++) {
		if (READ_ONCE(b[i].task) != t)
			continue;
		if (b[i].pid != t->pid || b[i].start_time != t->start_time) {
			b[i].pid = t->pid;
			b[i].start_time = t->start_time;
			b[i].flags = 0;
		}
		return &b[i];
	}
	return NULL;
}

static struct act_slot *act_slot_get(struct task_struct *t)
{
	struct act_slot *b, *s = act_slot_find(t);
	int i;

	if (s)
		return s;
	b = act_slot_bucket(t);
	for (i = 0; i < ACT_SLOT_WAYS; i++) {
		if (READ_ONCE(b[i].task))
			continue;
		/* Full barrier: the last owner's payload writes are behind us. */
		if (!cmpxchg(&b[i].task, NULL, t)) {
			b[i].pid = t->pid;
			b[i].start_time = t->start_time;
			b[i].flags = 0;
			return &b[i];
		}
	}
	atomic_long_inc(&act_slot_overflows);
	return NULL;
}

static void act_slot_put(struct act_slot *s)
{
	if (s->flags)
		return;
	/* Release: our payload writes land before another task can claim it. */
	smp_store_release(&s->task, NULL);
}

/* ---- classification ---- */

static bool act_current_is_khugepaged(void)
{
	return MEMVIZ_HAVE_KHUGEPAGED_RECLAIMER &&
	       (current->flags & PF_KTHREAD) &&
	       !strncmp(current->comm, "khugepaged", TASK_COMM_LEN);
}

static enum memviz_act_path act_path(void)
{
	struct act_slot *s = act_slot_find(current);

	/* Soft-limit reclaim runs inside kswapd and direct reclaim: first. */
	if (s && (s->flags & (ACT_F_MEMCG | ACT_F_SOFTLIMIT)))
		return MEMVIZ_ACT_MEMCG;
	if (current_is_kswapd())
		return MEMVIZ_ACT_KSWAPD;
	if (act_current_is_khugepaged())
		return MEMVIZ_ACT_KHUGEPAGED;
	return MEMVIZ_ACT_DIRECT;
}

static unsigned int act_lat_bucket(u64 ns)
{
	unsigned int b = ns ? ilog2(ns) : 0;

	return min_t(unsigned int, b, MEMVIZ_ACT_LAT_BUCKETS - 1);
}

/* ---- probes ---- */

static void act_probe_wakeup_kswapd(void *data, MEMVIZ_TP_WAKEUP_KSWAPD_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(nid);

	if (!n)
		return;
	this_cpu_inc(n->wakeups);
	this_cpu_inc(n->wakeups_order[clamp_t(int, order, 0, MEMVIZ_NR_ORDERS - 1)]);
	if ((unsigned int)zid < MAX_NR_ZONES)
		this_cpu_inc(n->zone_wakeups[zid]);
}

static void act_probe_kswapd_wake(void *data, MEMVIZ_TP_KSWAPD_WAKE_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(nid);

	if (!n)
		return;
	this_cpu_inc(n->kswapd_runs);
	if ((unsigned int)zid < MAX_NR_ZONES)
		this_cpu_inc(n->zone_runs[zid]);
}

static void act_probe_kswapd_sleep(void *data, MEMVIZ_TP_KSWAPD_SLEEP_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(nid);

	if (n)
		this_cpu_inc(n->kswapd_sleeps);
}

static void act_stall_begin(enum memviz_act_stall k)
{
	int nid = numa_node_id();
	struct memviz_act_node __percpu *n = act_node(nid);
	struct act_slot *s;

	if (!n)
		return;
	this_cpu_inc(n->entries[k]);
	s = act_slot_get(current);
	if (!s) {
		this_cpu_inc(n->untimed[k]);
		return;
	}
	s->nid[k] = nid;
	s->start[k] = ktime_get_ns();
	s->flags |= BIT(k);
}

/* Returns the stall's length, 0 when it was not timed. */
static u64 act_stall_end(enum memviz_act_stall k, unsigned long nr_reclaimed)
{
	struct act_slot *s = act_slot_find(current);
	struct memviz_act_node __percpu *n;
	u64 ns;

	if (!s || !(s->flags & BIT(k))) {
		n = act_node(numa_node_id());
		if (n) {
			this_cpu_inc(n->unmatched[k]);
			this_cpu_add(n->stall_reclaimed[k], nr_reclaimed);
		}
		return 0;
	}
	ns = ktime_get_ns() - s->start[k];
	n = act_node(s->nid[k]);
	s->flags &= ~BIT(k);
	act_slot_put(s);
	if (!n)
		return ns;
	this_cpu_inc(n->latency[k][act_lat_bucket(ns)]);
	this_cpu_add(n->stall_reclaimed[k], nr_reclaimed);
	return ns;
}

static void act_probe_direct_begin(void *data, MEMVIZ_TP_RECLAIM_BEGIN_PROTO)
{
	act_stall_begin(MEMVIZ_ACT_STALL_DIRECT);
}

static void act_probe_direct_end(void *data, MEMVIZ_TP_RECLAIM_END_PROTO)
{
	act_stall_end(MEMVIZ_ACT_STALL_DIRECT, nr_reclaimed);
}

static void act_probe_memcg_begin(void *data, MEMVIZ_TP_RECLAIM_BEGIN_PROTO)
{
	act_stall_begin(MEMVIZ_ACT_STALL_MEMCG);
	act_memcg_add(memviz_tp_reclaim_memcg(), 1, 0, 0);
}

static void act_probe_memcg_end(void *data, MEMVIZ_TP_RECLAIM_END_PROTO)
{
	u64 ns = act_stall_end(MEMVIZ_ACT_STALL_MEMCG, nr_reclaimed);

	act_memcg_add(memviz_tp_reclaim_memcg(), 0, nr_reclaimed, ns);
}

static void act_probe_softlimit_begin(void *data, MEMVIZ_TP_RECLAIM_BEGIN_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(numa_node_id());
	struct act_slot *s = act_slot_get(current);

	if (n)
		this_cpu_inc(n->softlimit);
	if (s)
		s->flags |= ACT_F_SOFTLIMIT;
}

static void act_probe_softlimit_end(void *data, MEMVIZ_TP_RECLAIM_END_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(numa_node_id());
	struct act_slot *s = act_slot_find(current);

	if (n)
		this_cpu_add(n->softlimit_reclaimed, nr_reclaimed);
	if (s) {
		s->flags &= ~ACT_F_SOFTLIMIT;
		act_slot_put(s);
	}
}

static void act_probe_shrink_inactive(void *data, MEMVIZ_TP_SHRINK_INACTIVE_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(nid);
	enum memviz_act_path p;
	int t = !!file;		/* MGLRU passes LRU_INACTIVE_FILE (2), not 1 */

	if (!n)
		return;
	p = act_path();
	this_cpu_inc(n->lru[p][t][MEMVIZ_ACT_INACTIVE_EVENTS]);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_SCANNED], nr_scanned);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_RECLAIMED], nr_reclaimed);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_DIRTY], stat->nr_dirty);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_WRITEBACK], stat->nr_writeback);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_CONGESTED], stat->nr_congested);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_IMMEDIATE], stat->nr_immediate);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_ACTIVATE],
		     stat->nr_activate[0] + stat->nr_activate[1]);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_REF_KEEP], stat->nr_ref_keep);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_UNMAP_FAIL], stat->nr_unmap_fail);
}

static void act_probe_shrink_active(void *data, MEMVIZ_TP_SHRINK_ACTIVE_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(nid);
	enum memviz_act_path p;
	int t = !!file;

	if (!n)
		return;
	p = act_path();
	this_cpu_inc(n->lru[p][t][MEMVIZ_ACT_ACTIVE_EVENTS]);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_ACTIVE_TAKEN], nr_taken);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_ACTIVE_KEPT], nr_active);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_DEACTIVATED], nr_deactivated);
	this_cpu_add(n->lru[p][t][MEMVIZ_ACT_ACTIVE_REFERENCED], nr_referenced);
}

static void act_probe_retry_zone(void *data, MEMVIZ_TP_RETRY_ZONE_PROTO)
{
	int zid = zonelist_zone_idx(zoneref);
	struct memviz_act_node __percpu *n = act_node(zonelist_node_idx(zoneref));

	if (!n || (unsigned int)zid >= MAX_NR_ZONES)
		return;
	this_cpu_inc(n->zone_retry_checks[zid]);
	if (wmark_check)
		this_cpu_inc(n->zone_retry_wmark_ok[zid]);
}

static void act_probe_compact_retry(void *data, MEMVIZ_TP_COMPACT_RETRY_PROTO)
{
	struct memviz_act_node __percpu *n = act_node(numa_node_id());

	if (!n)
		return;
	this_cpu_inc(n->compact_retries);
	if (ret)
		this_cpu_inc(n->compact_retry_yes);
}

/*
 * Tracepoints missing from a kernel (or its config) stay unattached.  They
 * are attached in this order: every end before its begin, so a reclaim
 * that begins while the probes go on is always seen to end (a begin
 * without its end would leave its task's slot saying "in memcg reclaim"
 * and book that task's later reclaim as memcg reclaim).
 */
static struct memviz_tp act_tps[] = {
	{ .name = "mm_vmscan_wakeup_kswapd", .probe = act_probe_wakeup_kswapd },
	{ .name = "mm_vmscan_kswapd_wake", .probe = act_probe_kswapd_wake },
	{ .name = "mm_vmscan_kswapd_sleep", .probe = act_probe_kswapd_sleep },
	{ .name = "mm_vmscan_direct_reclaim_end", .probe = act_probe_direct_end },
	{ .name = "mm_vmscan_direct_reclaim_begin", .probe = act_probe_direct_begin },
	{ .name = "mm_vmscan_memcg_reclaim_end", .probe = act_probe_memcg_end },
	{ .name = "mm_vmscan_memcg_reclaim_begin", .probe = act_probe_memcg_begin },
	{ .name = "mm_vmscan_memcg_softlimit_reclaim_end", .probe = act_probe_softlimit_end },
	{ .name = "mm_vmscan_memcg_softlimit_reclaim_begin", .probe = act_probe_softlimit_begin },
	{ .name = "mm_vmscan_lru_shrink_inactive", .probe = act_probe_shrink_inactive },
	{ .name = "mm_vmscan_lru_shrink_active", .probe = act_probe_shrink_active },
	{ .name = "reclaim_retry_zone", .probe = act_probe_retry_zone },
	{ .name = "compact_retry", .probe = act_probe_compact_retry },
};

/*
 * Never called: the build fails here if a probe's prototype is not the
 * kernel's (register_trace_<name>() is typed; sizeof() evaluates
 * nothing, so no unexported __tracepoint_<name> is referenced).
 */
#define ACT_TYPECHECK(name, probe) \
	BUILD_BUG_ON(sizeof(register_trace_##name(probe, NULL)) == 0)

static void __maybe_unused memviz_activity_typecheck(void)
{
	ACT_TYPECHECK(mm_vmscan_wakeup_kswapd, act_probe_wakeup_kswapd);
	ACT_TYPECHECK(mm_vmscan_kswapd_wake, act_probe_kswapd_wake);
	ACT_TYPECHECK(mm_vmscan_kswapd_sleep, act_probe_kswapd_sleep);
	ACT_TYPECHECK(mm_vmscan_direct_reclaim_begin, act_probe_direct_begin);
	ACT_TYPECHECK(mm_vmscan_direct_reclaim_end, act_probe_direct_end);
#ifdef CONFIG_MEMCG
	ACT_TYPECHECK(mm_vmscan_memcg_reclaim_begin, act_probe_memcg_begin);
	ACT_TYPECHECK(mm_vmscan_memcg_reclaim_end, act_probe_memcg_end);
	ACT_TYPECHECK(mm_vmscan_memcg_softlimit_reclaim_begin, act_probe_softlimit_begin);
	ACT_TYPECHECK(mm_vmscan_memcg_softlimit_reclaim_end, act_probe_softlimit_end);
#endif
	ACT_TYPECHECK(mm_vmscan_lru_shrink_inactive, act_probe_shrink_inactive);
	ACT_TYPECHECK(mm_vmscan_lru_shrink_active, act_probe_shrink_active);
	ACT_TYPECHECK(reclaim_retry_zone, act_probe_retry_zone);
#ifdef CONFIG_COMPACTION
	ACT_TYPECHECK(compact_retry, act_probe_compact_retry);
#endif
}

/* ---- attach, detach, fold, reset (all under act_mutex) ---- */

static bool act_tp_attached(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(act_tps); i++)
		if (!strcmp(act_tps[i].name, name))
			return act_tps[i].attached;
	return false;
}

static int act_attach(void)
{
	size_t len = 0;
	unsigned int i;
	int ret;

	if (act_enabled)
		return 0;
	/* No probe runs: no slot can be in use, stale or not. */
	memset(act_slots, 0, sizeof(act_slots));
	act_memcg_clear();
	ret = memviz_tp_attach(act_tps, ARRAY_SIZE(act_tps), NULL);
	if (ret)
		return ret;
	act_enabled = true;
	act_nr_attached = 0;
	WRITE_ONCE(act_memcg_attached,
		   act_tp_attached("mm_vmscan_memcg_reclaim_begin") &&
		   act_tp_attached("mm_vmscan_memcg_reclaim_end"));
	act_missing[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(act_tps); i++) {
		if (act_tps[i].attached) {
			act_nr_attached++;
			continue;
		}
		if (act_tps[i].skip)
			continue;
		len += scnprintf(act_missing + len, sizeof(act_missing) - len,
				 "%s%s", len ? "," : "", act_tps[i].name);
	}
	if (!len)
		strscpy(act_missing, "-", sizeof(act_missing));
	return 0;
}

static void act_detach(void)
{
	if (!act_enabled)
		return;
	WRITE_ONCE(act_memcg_attached, false);
	memviz_tp_detach(act_tps, ARRAY_SIZE(act_tps), NULL);
	act_enabled = false;
	act_nr_attached = 0;
}

/* Sum @nid's per-CPU counters into @dst (ACT_NR_LONGS unsigned longs). */
static void act_fold(int nid, unsigned long *dst)
{
	struct memviz_act_node __percpu *n = act_node(nid);
	unsigned int cpu, i;

	memset(dst, 0, sizeof(struct memviz_act_node));
	if (!n)
		return;
	for_each_possible_cpu(cpu) {
		const unsigned long *src = (const unsigned long *)per_cpu_ptr(n, cpu);

		/* Racing probes: each word is read whole, and only ever grows. */
		for (i = 0; i < ACT_NR_LONGS; i++)
			dst[i] += READ_ONCE(src[i]);
	}
}

static void act_reset(void)
{
	int nid;

	for_each_node(nid) {
		act_fold(nid, (unsigned long *)&act_base[nid]);
		cond_resched();	/* nodes x possible CPUs */
	}
	atomic_long_set(&act_slot_overflows, 0);
	act_memcg_zero();
	act_reset_ns = ktime_get_ns();
}

/**
 * memviz_activity_collect() - fold the counters of every online node
 *
 * Counts since the module loaded or activity_reset was last written.
 * Process context; takes act_mutex (so never runs during attach, detach
 * or reset).
 *
 * Return: a snapshot to free with memviz_activity_free(), or ERR_PTR.
 */
struct memviz_activity *memviz_activity_collect(void)
{
	struct memviz_activity *a;
	unsigned int nr = num_online_nodes(), i;
	int nid;

	a = kvzalloc(struct_size(a, node, nr), GFP_KERNEL);
	if (!a)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&act_mutex);
	if (!act_ready) {
		mutex_unlock(&act_mutex);
		kvfree(a);
		return ERR_PTR(-ENODEV);
	}
	a->enabled = act_enabled;
	a->nr_attached = act_nr_attached;
	a->nr_tracepoints = ARRAY_SIZE(act_tps);
	strscpy(a->missing, act_missing, sizeof(a->missing));
	strscpy(a->skipped, act_skipped, sizeof(a->skipped));
	a->slot_overflows = atomic_long_read(&act_slot_overflows);
	a->since_reset_ns = ktime_get_ns() - act_reset_ns;
	for_each_online_node(nid) {
		struct pglist_data *pgdat = NODE_DATA(nid);
		unsigned long *dst, *base;
		int z;

		if (a->nr == nr)
			break;	/* a node came online since we counted */
		a->node[a->nr].nid = nid;
		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (zone_is_zone_device(zone))
				continue;
			a->node[a->nr].zone_name[z] = zone->name;
			a->node[a->nr].populated[z] = populated_zone(zone);
			a->nr_zones++;
		}
		dst = (unsigned long *)&a->node[a->nr].c;
		base = (unsigned long *)&act_base[nid];
		act_fold(nid, dst);
		for (i = 0; i < ACT_NR_LONGS; i++)
			dst[i] -= base[i];
		a->nr++;
		cond_resched();	/* nodes x possible CPUs */
	}
	mutex_unlock(&act_mutex);
	return a;
}

/**
 * memviz_activity_free() - free a snapshot from memviz_activity_collect()
 * @a: the snapshot (not an ERR_PTR)
 */
void memviz_activity_free(struct memviz_activity *a)
{
	kvfree(a);
}

/**
 * memviz_act_path_name() - a reclaimer's name in the activity file
 * @p: the reclaimer
 *
 * Return: a static string, "?" for an unknown value.
 */
const char *memviz_act_path_name(enum memviz_act_path p)
{
	static const char * const names[MEMVIZ_ACT_NR_PATHS] = {
		[MEMVIZ_ACT_KSWAPD] = "kswapd",
		[MEMVIZ_ACT_DIRECT] = "direct",
		[MEMVIZ_ACT_KHUGEPAGED] = "khugepaged",
		[MEMVIZ_ACT_MEMCG] = "memcg",
	};

	return p < MEMVIZ_ACT_NR_PATHS ? names[p] : "?";
}

/* ---- module parameters ---- */

/*
 * activity=1|0 (also on/off, y/n): attach or detach the probes.  Before
 * init (insmod memviz.ko activity=0) only the wish is recorded.  On any
 * error nothing changes.
 */
static int act_param_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = 0;

	if (sysfs_streq(val, "1") || sysfs_streq(val, "on") || sysfs_streq(val, "y"))
		on = true;
	else if (sysfs_streq(val, "0") || sysfs_streq(val, "off") || sysfs_streq(val, "n"))
		on = false;
	else
		return -EINVAL;

	mutex_lock(&act_mutex);
	if (act_ready) {
		if (on)
			ret = act_attach();
		else
			act_detach();
	}
	if (!ret)
		act_want = on;
	mutex_unlock(&act_mutex);
	return ret;
}

static int act_param_get(char *buf, const struct kernel_param *kp)
{
	bool on;

	mutex_lock(&act_mutex);
	on = act_ready ? act_enabled : act_want;
	mutex_unlock(&act_mutex);
	return scnprintf(buf, PAGE_SIZE, "%c\n", on ? 'Y' : 'N');
}

static const struct kernel_param_ops act_param_ops = {
	.set = act_param_set,
	.get = act_param_get,
};

module_param_cb(activity, &act_param_ops, NULL, 0600);
MODULE_PARM_DESC(activity, "Count reclaim activity from tracepoints: 1/on/y or 0/off/n (default 1)");

/* activity_reset=1: zero every activity counter (a new baseline). */
static int act_reset_set(const char *val, const struct kernel_param *kp)
{
	if (!sysfs_streq(val, "1"))
		return -EINVAL;
	mutex_lock(&act_mutex);
	if (act_ready)
		act_reset();
	mutex_unlock(&act_mutex);
	return 0;
}

static const struct kernel_param_ops act_reset_ops = {
	.set = act_reset_set,
};

module_param_cb(activity_reset, &act_reset_ops, NULL, 0200);
MODULE_PARM_DESC(activity_reset, "Write 1 to zero the activity counters");

/*
 * activity_skip=NAME[,NAME...] (or "-"): tracepoints to leave unattached,
 * exactly as if this kernel lacked them; for a probe an operator does
 * not want on a hot path, and the path that keeps memviz working when a
 * kernel has no such tracepoint.  Load time only (0444): the names are
 * checked against the probes memviz has, anything else is -EINVAL.
 */
static int act_skip_set(const char *val, const struct kernel_param *kp)
{
	bool skip[ARRAY_SIZE(act_tps)] = { };
	char buf[sizeof(act_skipped)];
	char *cur, *name;
	size_t len = 0;
	unsigned int i;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	cur = strim(buf);
	if (strcmp(cur, "-")) {
		while ((name = strsep(&cur, ","))) {
			for (i = 0; i < ARRAY_SIZE(act_tps); i++)
				if (!strcmp(name, act_tps[i].name))
					break;
			if (i == ARRAY_SIZE(act_tps)) {
				pr_warn("activity_skip: no probe on a tracepoint named '%s'\n",
					name);
				return -EINVAL;
			}
			skip[i] = true;
		}
	}
	/* Before init (the only time a 0444 parameter is set): no lock needed. */
	act_skipped[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(act_tps); i++) {
		act_tps[i].skip = skip[i];
		if (skip[i])
			len += scnprintf(act_skipped + len, sizeof(act_skipped) - len,
					 "%s%s", len ? "," : "", act_tps[i].name);
	}
	if (!len)
		strscpy(act_skipped, "-", sizeof(act_skipped));
	return 0;
}

static int act_skip_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", act_skipped);
}

static const struct kernel_param_ops act_skip_ops = {
	.set = act_skip_set,
	.get = act_skip_get,
};

module_param_cb(activity_skip, &act_skip_ops, NULL, 0444);
MODULE_PARM_DESC(activity_skip, "Tracepoints to leave unattached, comma-separated (load time only; default -)");

/* ---- load and unload ---- */

static void act_free(void)
{
	int nid;

	if (act_nodes) {
		for_each_node(nid)
			free_percpu(act_nodes[nid]);
	}
	kfree(act_nodes);
	kfree(act_base);
	act_nodes = NULL;
	act_base = NULL;
}

/**
 * memviz_activity_init() - allocate the counters and attach the probes
 *
 * Counters for every possible node are allocated here, once: probes never
 * allocate.  The probes are attached unless activity=0 was given.
 *
 * Return: 0, -ENOMEM, or a tracepoint registration error.
 */
int memviz_activity_init(void)
{
	int nid, ret = -ENOMEM;

	act_nodes = kcalloc(nr_node_ids, sizeof(*act_nodes), GFP_KERNEL);
	act_base = kcalloc(nr_node_ids, sizeof(*act_base), GFP_KERNEL);
	if (!act_nodes || !act_base)
		goto fail;
	for_each_node(nid) {
		act_nodes[nid] = alloc_percpu(struct memviz_act_node);
		if (!act_nodes[nid])
			goto fail;
	}
	mutex_lock(&act_mutex);
	act_reset_ns = ktime_get_ns();
	atomic_long_set(&act_slot_overflows, 0);
	ret = act_want ? act_attach() : 0;
	if (!ret)
		ret = memviz_debug_init_step("activity");
	if (ret)
		act_detach();	/* no-op unless attached */
	else
		act_ready = true;
	mutex_unlock(&act_mutex);
	if (ret)
		goto fail;
	return 0;

fail:
	act_free();
	return ret;
}

/**
 * memviz_activity_exit() - detach the probes, wait for them, free
 *
 * Call after the debugfs files are gone.  memviz_tp_detach() waits until
 * no probe runs anywhere before the counters are freed.
 */
void memviz_activity_exit(void)
{
	mutex_lock(&act_mutex);
	act_ready = false;
	act_detach();
	mutex_unlock(&act_mutex);
	act_free();
}
