// SPDX-License-Identifier: GPL-2.0
/*
 * OOM post-mortem recorder: at every OOM kill, a snapshot of the victim,
 * the task that ran into the OOM, the constraint, and the machine, kept
 * in a preallocated ring of the last oom_events_max kills.
 *
 * The mark_victim probe runs inside the OOM killer with the victim's
 * task_lock() held, or as the victim itself when the OOM lets an exiting
 * current die first (preemption off until 6.x; from 7.x probes run under
 * SRCU and may be preempted, but not sleep): it
 * allocates nothing, sleeps never, takes no other task's lock and does
 * bounded work (caps in oom_events.h).  Ranking the next candidates walks
 * every process and takes task locks, so the probe only queues a
 * preallocated work item; the ranking runs in process context right after
 * and is stored into the same event.
 *
 * The OOM constraint is not an argument of any tracepoint.  memviz infers
 * it from the last reclaim the triggering task entered: the kernel reaches
 * a global OOM only after direct reclaim in the same allocation
 * (__alloc_pages_slowpath), and a memcg OOM only after memcg reclaim in
 * the same charge (try_charge_memcg, memory.max writes).  Two small probes
 * note each reclaim start in a per-CPU ring, with its order and gfp mask;
 * the mark_victim probe looks up current's newest entry.
 */
#include <linux/cgroup.h>
#include <linux/cpuset.h>
#include <linux/delay.h>
#include <linux/cred.h>
#include <linux/ktime.h>
#include <linux/memcontrol.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/page_counter.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/seqlock.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/workqueue.h>
#include <trace/events/oom.h>
#include <trace/events/vmscan.h>
#include "debug.h"
#include "memviz.h"
#include "oom_events.h"
#include "tracepoints.h"

/* ---- the ring ---- */

struct oom_ring {
	unsigned int cap;
	unsigned int head;	/* slot the next event goes to */
	unsigned int nr;	/* valid events, <= cap */
	unsigned int writers;	/* slots reserved and being filled */
	u64 seq;		/* events recorded since load */
	u64 dropped;		/* kills not recorded: their slot was being filled */
	struct memviz_oom_event ev[];
};

/*
 * ring_lock: the probe against everyone else.  Raw, because the probe
 * may run with preemption off (a spinlock_t sleeps on PREEMPT_RT); held only
 * for one slot's worth of bounded work.  ring_mutex: process-context
 * users that must not see the ring swapped under them (resize, worker).
 */
static DEFINE_RAW_SPINLOCK(ring_lock);
static DEFINE_MUTEX(ring_mutex);
static struct oom_ring *ring;
static struct memviz_oom_totals totals;	/* under ring_lock */
static bool memcg_v2;
static struct workqueue_struct *cand_wq;
static struct memviz_oom_task cand_scratch[MEMVIZ_OOM_EV_CANDIDATES];
static struct memviz_nspid cand_scratch_ns[MEMVIZ_OOM_EV_CANDIDATES];

static void cand_work_fn(struct work_struct *work);
static DECLARE_WORK(cand_work, cand_work_fn);

static struct oom_ring *ring_alloc(unsigned int cap)
{
	struct oom_ring *r = kvzalloc(struct_size(r, ev, cap), GFP_KERNEL);

	if (r)
		r->cap = cap;
	return r;
}

/* Slot of event @seq, or NULL when it was overwritten or never existed. */
static struct memviz_oom_event *ring_find(struct oom_ring *r, u64 seq)
{
	u64 back = r->seq - seq;	/* 0 = newest */

	if (!seq || seq > r->seq || back >= r->nr)
		return NULL;
	return &r->ev[(r->head + r->cap - 1 - (unsigned int)back) % r->cap];
}

/*
 * Unpublish the ring, whichever it is now (a resize may have replaced the
 * one init allocated), for the caller to free: no resize can start after.
 */
static struct oom_ring *ring_take(void)
{
	struct oom_ring *r;

	mutex_lock(&ring_mutex);
	raw_spin_lock(&ring_lock);
	r = ring;
	ring = NULL;
	raw_spin_unlock(&ring_lock);
	mutex_unlock(&ring_mutex);
	return r;
}

/* ---- oom_events_max ---- */

static unsigned int events_max = MEMVIZ_OOM_EVENTS_DEFAULT;

/*
 * A new ring with the newest events of the old.  The copy runs without
 * ring_lock, slot by slot; if an OOM was recorded meanwhile it starts
 * over, so a half-written slot is never carried across.
 */
static int ring_resize(unsigned int cap)
{
	struct oom_ring *old, *new;
	unsigned int tries, k, i, busy;
	u64 seen;

	new = ring_alloc(cap);
	if (!new)
		return -ENOMEM;
	mutex_lock(&ring_mutex);
	old = ring;
	if (!old || old->cap == cap) {	/* unloading, or nothing to do */
		mutex_unlock(&ring_mutex);
		kvfree(new);
		return 0;
	}
	for (tries = 0; tries < 50; tries++) {
		raw_spin_lock(&ring_lock);
		seen = old->seq;
		k = min(old->nr, cap);
		busy = old->writers;
		raw_spin_unlock(&ring_lock);
		if (busy) {	/* an OOM is filling a slot: a moment */
			usleep_range(1000, 2000);
			continue;
		}
		/* oldest kept event first, so new->ev[k - 1] is the newest */
		for (i = 0; i < k; i++) {
			struct memviz_oom_event *e;

			raw_spin_lock(&ring_lock);
			e = ring_find(old, seen - (k - 1 - i));
			if (e)	/* else overwritten: the seq check below retries */
				new->ev[i] = *e;
			raw_spin_unlock(&ring_lock);
			cond_resched();
		}
		raw_spin_lock(&ring_lock);
		/* no reservation since seen, and none in flight then: a whole copy */
		if (old->seq == seen) {
			new->nr = k;
			new->head = k % cap;
			new->seq = seen;
			new->dropped = old->dropped;
			ring = new;
			raw_spin_unlock(&ring_lock);
			mutex_unlock(&ring_mutex);
			kvfree(old);	/* no slot of it is reserved, none can be now */
			return 0;
		}
		raw_spin_unlock(&ring_lock);
	}
	mutex_unlock(&ring_mutex);
	kvfree(new);
	return -EBUSY;
}

static int events_max_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	if (kstrtouint(val, 0, &v))
		return -EINVAL;
	if (v < 1 || v > MEMVIZ_OOM_EVENTS_LIMIT)
		return -ERANGE;
	/* Before init (insmod arguments) there is no ring yet. */
	if (!READ_ONCE(ring)) {
		*(unsigned int *)kp->arg = v;
		return 0;
	}
	ret = ring_resize(v);
	if (!ret)
		*(unsigned int *)kp->arg = v;
	return ret;
}

static const struct kernel_param_ops events_max_ops = {
	.set = events_max_set,
	.get = param_get_uint,
};

module_param_cb(oom_events_max, &events_max_ops, &events_max, 0600);
MODULE_PARM_DESC(oom_events_max,
		 "OOM kills kept in oom_events, 1..256 (default 16); resizing keeps the newest");

/* ---- reclaim starts, per CPU ---- */

#define RECLAIM_RECS 8	/* per CPU: survives a few reclaims of others */
#define RECLAIM_CHAIN 8	/* memcg ancestors whose OOM count a record keeps */

/*
 * One memcg of the reclaiming task's chain and its memory.events.local
 * "oom" count when the reclaim began: mem_cgroup_oom() counts it on the
 * very memcg that OOMs just before the kill, so the ancestor whose count
 * moved by the kill is the OOM's memcg.
 */
struct reclaim_chain {
	u64 id;			/* cgroup id */
	long oom;		/* memory_events_local[MEMCG_OOM] */
};

struct reclaim_rec {
	seqcount_t seq;		/* written by one CPU with preemption off */
	u8 kind;		/* enum memviz_oom_reclaim */
	u8 nr_chain;
	int order;
	gfp_t gfp;
	u64 memcg_id;		/* cgroup id of the memcg reclaimed (7.x), 0 = not said */
	pid_t pid;
	unsigned long task_key;	/* the task's address: compared, never dereferenced */
	u64 ns;			/* ktime_get_ns() */
	struct reclaim_chain chain[RECLAIM_CHAIN];	/* memcg reclaim: current's */
};

struct reclaim_cpu {
	unsigned int head;
	struct reclaim_rec rec[RECLAIM_RECS];
};

static DEFINE_PER_CPU(struct reclaim_cpu, reclaim_cpu);

/* The OOM count memory.events.local shows for @m. */
static long memcg_local_ooms(struct mem_cgroup *m)
{
	return atomic_long_read(&m->memory_events_local[MEMCG_OOM]);
}

/* current's memcg and its ancestors below the root, with their OOM counts. */
static u8 note_chain(struct reclaim_chain *chain)
{
	struct mem_cgroup *m;
	u8 n = 0;

	if (!memcg_v2)
		return 0;
	rcu_read_lock();	/* probes run under SRCU, not RCU, from 7.x */
	for (m = mem_cgroup_from_task(current); m && n < RECLAIM_CHAIN;
	     m = parent_mem_cgroup(m)) {
		if (!parent_mem_cgroup(m))
			break;	/* the root has no memory.events.local */
		chain[n].id = cgroup_id(m->css.cgroup);
		chain[n].oom = memcg_local_ooms(m);
		n++;
	}
	rcu_read_unlock();
	return n;
}

/*
 * Called from probes, never in IRQs (no reclaim runs there).  Probes run
 * with preemption off until 6.x, under SRCU and preemptible from 7.x:
 * the CPU's ring is ours only while preemption stays off.
 */
static void note_reclaim(u8 kind, int order, gfp_t gfp, struct mem_cgroup *memcg)
{
	struct reclaim_cpu *rc;
	struct reclaim_rec *r;

	preempt_disable();
	rc = this_cpu_ptr(&reclaim_cpu);
	r = &rc->rec[rc->head++ % RECLAIM_RECS];
	raw_write_seqcount_begin(&r->seq);
	r->kind = kind;
	r->order = order;
	r->gfp = gfp;
	/* The caller holds the memcg for the tracepoint's duration. */
	r->memcg_id = memcg ? cgroup_id(memcg->css.cgroup) : 0;
	r->nr_chain = kind == MEMVIZ_OOM_RECLAIM_MEMCG && !memcg ? note_chain(r->chain) : 0;
	r->pid = current->pid;
	r->task_key = (unsigned long)current;
	r->ns = ktime_get_ns();
	raw_write_seqcount_end(&r->seq);
	preempt_enable();
}

static void probe_direct_reclaim(void *data, MEMVIZ_TP_RECLAIM_BEGIN_PROTO)
{
	note_reclaim(MEMVIZ_OOM_RECLAIM_DIRECT, order, gfp_flags, NULL);
}

static void probe_memcg_reclaim(void *data, MEMVIZ_TP_RECLAIM_BEGIN_PROTO)
{
	/* 7.x names the memcg: the one over its limit (mem_over_limit). */
	note_reclaim(MEMVIZ_OOM_RECLAIM_MEMCG, order, gfp_flags,
		     memviz_tp_reclaim_memcg());
}

/*
 * current's newest reclaim start on any CPU (it may have migrated while
 * reclaiming).  Bounded: RECLAIM_RECS per possible CPU.
 */
static bool find_reclaim(struct reclaim_rec *out)
{
	unsigned long key = (unsigned long)current;
	bool found = false;
	int cpu, i;

	for_each_possible_cpu(cpu) {
		struct reclaim_cpu *rc = per_cpu_ptr(&reclaim_cpu, cpu);

		for (i = 0; i < RECLAIM_RECS; i++) {
			struct reclaim_rec *r = &rc->rec[i], c;
			unsigned int seq;

			/*
			 * A writer is a probe with preemption off on that
			 * CPU: it finishes soon, and is never this task.
			 */
			seq = read_seqcount_begin(&r->seq);
			c = *r;
			if (read_seqcount_retry(&r->seq, seq) || !c.ns)
				continue;
			if (c.task_key != key || c.pid != current->pid)
				continue;
			if (!found || c.ns > out->ns)
				*out = c;
			found = true;
		}
	}
	return found;
}

/* ---- the mark_victim probe ---- */

/* A charge that fails is at most a PMD-sized folio. */
#define MEMCG_OOM_MARGIN 512
/* Ancestors looked at: far deeper than any real hierarchy. */
#define MEMCG_OOM_DEPTH 64

static void set_oom_memcg(struct memviz_oom_event *e, struct mem_cgroup *m, u8 source,
			  const struct memviz_oom_totals *tp)
{
	unsigned long max = READ_ONCE(m->memory.max);

	e->oom_memcg_id = cgroup_id(m->css.cgroup);
	e->oom_memcg_source = source;
	e->oom_memcg_max = max;
	e->oom_memcg_usage = page_counter_read(&m->memory);
	/* mem_cgroup_get_max() on cgroup v2, then constrained_alloc()'s ?: 1 */
	if (tp->swappiness)
		max += min(READ_ONCE(m->swap.max), tp->swap_total);
	e->totalpages = max ?: 1;
}

/* The OOM count of memcg @id when @rec's reclaim began, -1 if not kept. */
static long chain_ooms(const struct reclaim_rec *rec, u64 id)
{
	unsigned int i;

	for (i = 0; i < rec->nr_chain && i < RECLAIM_CHAIN; i++)
		if (rec->chain[i].id == id)
			return rec->chain[i].oom;
	return -1;
}

/*
 * The memcg whose limit a memcg OOM hit; the victim is always inside it,
 * so it is one of the victim's ancestors-or-self.  In the order tried:
 *   traced: the memcg reclaim tracepoint named it (7.x);
 *   events: its memory.events.local "oom" count, which mem_cgroup_oom()
 *	and memory.max writes raise on exactly the OOMing memcg just before
 *	the kill, moved since the trigger's reclaim began (a baseline taken
 *	for the trigger's own memcg chain), or it is the only ancestor with
 *	any OOM counted at all (a memory.max write from outside, a charge to
 *	a memcg not the trigger's);
 *   inferred: the nearest ancestor-or-self of the trigger's memcg holding
 *	the victim whose usage is within one charge of memory.max.
 * Bounded by MEMCG_OOM_DEPTH ancestors.  Under RCU (the probe's).
 */
static void find_oom_memcg(struct memviz_oom_event *e, struct task_struct *victim,
			   const struct reclaim_rec *rec, const struct memviz_oom_totals *tp)
{
	struct mem_cgroup *m, *vm, *only = NULL;
	unsigned int depth, with_ooms = 0;

	if (!memcg_v2)
		return;
	vm = mem_cgroup_from_task(victim);
	for (m = vm, depth = 0; m && parent_mem_cgroup(m) && depth < MEMCG_OOM_DEPTH;
	     m = parent_mem_cgroup(m), depth++) {
		u64 id = cgroup_id(m->css.cgroup);
		long before = chain_ooms(rec, id), now = memcg_local_ooms(m);

		if (rec->memcg_id && id == rec->memcg_id) {
			set_oom_memcg(e, m, MEMVIZ_OOM_MEMCG_TRACED, tp);
			return;
		}
		if (before >= 0 && now > before) {
			set_oom_memcg(e, m, MEMVIZ_OOM_MEMCG_EVENTS, tp);
			return;
		}
		if (now > 0) {
			with_ooms++;
			only = m;
		}
	}
	if (with_ooms == 1) {
		set_oom_memcg(e, only, MEMVIZ_OOM_MEMCG_EVENTS, tp);
		return;
	}
	m = mem_cgroup_from_task(current);
	for (depth = 0; m && vm && depth < MEMCG_OOM_DEPTH;
	     m = parent_mem_cgroup(m), depth++) {
		unsigned long max = READ_ONCE(m->memory.max);

		if (max == PAGE_COUNTER_MAX || !mem_cgroup_is_descendant(vm, m) ||
		    page_counter_read(&m->memory) + MEMCG_OOM_MARGIN < max)
			continue;
		set_oom_memcg(e, m, MEMVIZ_OOM_MEMCG_INFERRED, tp);
		return;
	}
}

/* constrained_alloc()'s totalpages for a node-constrained OOM. */
static unsigned long nodes_totalpages(const nodemask_t *mask,
				      const struct memviz_oom_totals *tp)
{
	unsigned long pages = tp->swap_total;
	int nid;

	for_each_node_mask(nid, *mask)
		if (node_online(nid))
			pages += node_present_pages(nid);
	return pages;
}

/*
 * Global, cpuset or mempolicy, in the order constrained_alloc() tests:
 * __GFP_THISNODE never counts as constrained; then a task mempolicy that
 * binds to fewer than all memory nodes (policy_nodemask() takes it when it
 * intersects the cpuset); then, for hardwall allocations, a cpuset that
 * allows fewer.  A VMA policy (mbind) is not visible here.  (The fast
 * path tries a cpuset's mems_allowed as nodemask, but __alloc_pages()
 * puts the caller's back before the slow path and the OOM.)
 */
static void global_kind(struct memviz_oom_event *e, gfp_t gfp,
			const struct memviz_oom_totals *tp)
{
#ifdef CONFIG_NUMA
	struct mempolicy *pol = READ_ONCE(current->mempolicy);	/* only current replaces it */
	nodemask_t nodes;

	if (gfp & __GFP_THISNODE)
		goto global;
	if (pol)
		/*
		 * A cpuset change rebinds the policy's nodes in place
		 * (mpol_rebind_task()): a copy torn across that is as good as
		 * either, the OOM itself races with the rebind the same way.
		 */
		nodes = data_race(pol->nodes);
	if (pol && pol->mode == MPOL_BIND &&
	    nodes_intersects(nodes, cpuset_current_mems_allowed) &&
	    !nodes_subset(node_states[N_MEMORY], nodes)) {
		e->constraint = MEMVIZ_OOM_CONSTRAINT_MEMPOLICY;
		e->has_nodemask = true;
		e->nodemask = nodes;
		e->totalpages = nodes_totalpages(&nodes, tp);
		return;
	}
	if ((gfp & __GFP_HARDWALL) &&
	    !nodes_subset(node_states[N_MEMORY], cpuset_current_mems_allowed)) {
		e->constraint = MEMVIZ_OOM_CONSTRAINT_CPUSET;
		e->totalpages = nodes_totalpages(&cpuset_current_mems_allowed, tp);
		return;
	}
global:
#endif
	e->constraint = MEMVIZ_OOM_CONSTRAINT_GLOBAL;
	e->totalpages = tp->totalram + tp->swap_total;
}

static void infer_constraint(struct memviz_oom_event *e, struct task_struct *victim,
			     const struct reclaim_rec *rec, bool found,
			     const struct memviz_oom_totals *tp)
{
	e->order = -1;
	if (!found) {
		/* e.g. sysrq-f from a kworker: scale as oom_score does */
		e->totalpages = tp->totalram + tp->swap_total;
		return;
	}
	e->reclaim = rec->kind;
	e->reclaim_age_ns = ktime_get_ns() - rec->ns;
	if (rec->kind == MEMVIZ_OOM_RECLAIM_MEMCG) {
		/* memcg reclaim traces order 0 and its own gfp mask: not the charge's */
		e->constraint = MEMVIZ_OOM_CONSTRAINT_MEMCG;
		find_oom_memcg(e, victim, rec, tp);
		return;
	}
	e->order = rec->order;
	e->gfp = rec->gfp;
	e->gfp_known = true;
	global_kind(e, rec->gfp, tp);
}

/* The victim's oom_badness() parts; its mm is stable under its task_lock(). */
static void fill_victim(struct memviz_oom_event *e, struct task_struct *victim)
{
	struct mm_struct *mm = READ_ONCE(victim->mm);

	e->pid = victim->pid;
	e->tgid = victim->tgid;
	memviz_nspid_fill(&e->nspid, task_pid(victim));
	memviz_nspid_fill(&e->nstgid, task_tgid(victim));
	e->uid = from_kuid_munged(&init_user_ns, task_uid(victim));
	memcpy(e->comm, victim->comm, sizeof(e->comm));
	e->comm[sizeof(e->comm) - 1] = '\0';
	e->adj = READ_ONCE(victim->signal->oom_score_adj);
	e->cgroup_id = cgroup_id(task_dfl_cgroup(victim));
	if (memcg_v2)
		e->memcg_id = cgroup_id(mem_cgroup_from_task(victim)->css.cgroup);
	if (!mm)
		return;
	e->has_mm = true;
	/* the reads oom_badness() and the "Killed process" line make */
	e->rss_anon = memviz_oom_mm_counter(mm, MM_ANONPAGES);
	e->rss_file = memviz_oom_mm_counter(mm, MM_FILEPAGES);
	e->rss_shmem = memviz_oom_mm_counter(mm, MM_SHMEMPAGES);
	e->swapents = memviz_oom_mm_counter(mm, MM_SWAPENTS);
	e->pgtables = mm_pgtables_bytes(mm) / PAGE_SIZE;
}

/* Zones and nodes as the allocator saw them; lockless word reads. */
static void fill_machine(struct memviz_oom_event *e)
{
	unsigned long free_swap = get_nr_swap_pages();
	struct zone *z;
	int nid, i;

	for (z = memviz_first_zone(); z; z = memviz_next_zone(z)) {
		struct memviz_oom_ev_zone *ez;

		if (e->nr_zones == MEMVIZ_OOM_EV_ZONES) {
			e->zones_truncated = true;
			break;
		}
		ez = &e->zone[e->nr_zones++];
		ez->nid = zone_to_nid(z);
		ez->zid = zone_idx(z);
		ez->name = z->name;
		ez->managed = zone_managed_pages(z);
		ez->free = memviz_zone_free_safe(z);
		ez->min = memviz_zone_mark(z, WMARK_MIN);
		ez->low = memviz_zone_mark(z, WMARK_LOW);
		ez->high = memviz_zone_mark(z, WMARK_HIGH);
		/* bounded (orders x list heads), no lock, no allocation */
		if (e->order >= 0 && e->gfp_known) {
			ez->has_at = true;
			ez->at_class = gfp_zone(e->gfp);
			memviz_order_at(z, e->order, ez->at_class, &ez->at);
		}
	}
	for_each_node_state(nid, N_MEMORY) {
		struct pglist_data *pgdat = NODE_DATA(nid);
		struct memviz_oom_ev_node *en;
		unsigned long anon;

		if (e->nr_nodes == MEMVIZ_OOM_EV_NODES) {
			e->nodes_truncated = true;
			break;
		}
		en = &e->node[e->nr_nodes++];
		en->nid = nid;
		for (i = 0; i < NR_LRU_LISTS; i++)
			en->lru[i] = memviz_node_stat(pgdat, NR_LRU_BASE + i);
		en->isolated_anon = memviz_node_stat(pgdat, NR_ISOLATED_ANON);
		en->isolated_file = memviz_node_stat(pgdat, NR_ISOLATED_FILE);
		en->slab_reclaimable = memviz_node_stat(pgdat, NR_SLAB_RECLAIMABLE_B);
		/* zone_reclaimable_pages()'s view: file, and anon while swap is free */
		anon = en->lru[LRU_INACTIVE_ANON] + en->lru[LRU_ACTIVE_ANON];
		en->reclaimable = en->lru[LRU_INACTIVE_FILE] + en->lru[LRU_ACTIVE_FILE] +
				  min(anon, free_swap);
	}
}

/* Is @m or an ancestor below the root marked memory.oom.group? */
static bool in_oom_group(struct mem_cgroup *m)
{
	unsigned int depth;

	for (depth = 0; m && parent_mem_cgroup(m) && depth < MEMCG_OOM_DEPTH;
	     m = parent_mem_cgroup(m), depth++)
		if (READ_ONCE(m->oom_group))
			return true;
	return false;
}

/*
 * One member of a memory.oom.group kill.  The kernel kills the victim,
 * then every other task of the group (oom_kill_memcg_member()), each with
 * a mark_victim of its own, from the same OOM and the same trigger, with
 * no reclaim in between: those become members of the event of the first
 * kill, not events of their own (which would flush the ring and queue a
 * ranking per member).  Under ring_lock.
 */
static bool add_group_member(struct oom_ring *r, struct task_struct *victim,
			     const struct reclaim_rec *rec, bool found)
{
	struct memviz_oom_event *e;
	struct memviz_oom_ev_member *mb;

	if (!r->nr || !memcg_v2)
		return false;
	e = ring_find(r, r->seq);
	if (!e || e->rec_state != MEMVIZ_OOM_EV_PUBLISHED ||
	    e->trigger_key != (unsigned long)current || e->cur_pid != current->pid ||
	    !found || rec->ns != e->reclaim_ns ||
	    !in_oom_group(mem_cgroup_from_task(victim)))
		return false;
	e->group_members++;
	if (e->nr_group == MEMVIZ_OOM_EV_GROUP)
		return true;
	mb = &e->group[e->nr_group++];
	mb->pid = victim->pid;
	mb->tgid = victim->tgid;
	memviz_nspid_fill(&mb->nspid, task_pid(victim));
	memviz_nspid_fill(&mb->nstgid, task_tgid(victim));
	memcpy(mb->comm, victim->comm, sizeof(mb->comm));
	mb->comm[sizeof(mb->comm) - 1] = '\0';
	return true;
}

/*
 * Record a kill.  The ring slot is reserved under ring_lock, filled
 * without it (the zones' per-CPU drift and the reclaim records grow with
 * CPUs), and published under it: the raw lock is held only for constant
 * work, which PREEMPT_RT needs.  A slot still being filled by another OOM
 * (a ring smaller than the kills in flight) drops the new event, counted.
 */
static void record_victim(struct task_struct *victim)
{
	struct memviz_oom_totals tp;
	struct memviz_oom_event *e;
	struct reclaim_rec rec;
	struct oom_ring *r;
	bool found;
	u64 seq;

	found = find_reclaim(&rec);
	raw_spin_lock(&ring_lock);
	r = ring;
	if (!r || add_group_member(r, victim, &rec, found)) {
		raw_spin_unlock(&ring_lock);
		return;
	}
	e = &r->ev[r->head];
	if (e->rec_state == MEMVIZ_OOM_EV_WRITING) {
		r->dropped++;
		raw_spin_unlock(&ring_lock);
		return;
	}
	e->rec_state = MEMVIZ_OOM_EV_WRITING;
	seq = ++r->seq;
	r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
	if (r->nr < r->cap)
		r->nr++;
	r->writers++;
	tp = totals;
	raw_spin_unlock(&ring_lock);

	/* Readers skip the slot until it is published; nobody else writes it. */
	memset(e, 0, sizeof(*e));
	e->rec_state = MEMVIZ_OOM_EV_WRITING;
	e->seq = seq;
	e->boot_ns = ktime_get_boottime_ns();
	e->cur_pid = current->pid;
	memviz_nspid_fill(&e->cur_nspid, task_pid(current));
	e->trigger_key = (unsigned long)current;
	/* racy against a comm change, but the array is always ours to read */
	memcpy(e->cur_comm, current->comm, sizeof(e->cur_comm));
	e->cur_comm[sizeof(e->cur_comm) - 1] = '\0';
	e->mems_allowed = cpuset_current_mems_allowed;
	if (found)
		e->reclaim_ns = rec.ns;
	fill_victim(e, victim);
	infer_constraint(e, victim, &rec, found, &tp);
	if (e->has_mm && e->totalpages)
		e->points = e->rss_anon + e->rss_file + e->rss_shmem + e->swapents +
			    e->pgtables + memviz_oom_adj_pages(e->adj, e->totalpages);
	fill_machine(e);
	e->cand_state = MEMVIZ_OOM_CAND_PENDING;

	raw_spin_lock(&ring_lock);
	e->rec_state = MEMVIZ_OOM_EV_PUBLISHED;
	r->writers--;
	raw_spin_unlock(&ring_lock);
	/* No allocation: the work item is static; queueing only wakes a worker. */
	queue_work(cand_wq, &cand_work);
}

static void probe_mark_victim(void *data, MEMVIZ_TP_MARK_VICTIM_PROTO)
{
	struct task_struct *victim;

	rcu_read_lock();	/* task_css_set(), task_uid(), the pid lookup */
	victim = memviz_tp_mark_victim_task();
	if (victim)
		record_victim(victim);
	rcu_read_unlock();
}

/* A probe with the wrong prototype fails the build: register_trace_<tp>() is typed. */
#define PROBE_TYPECHECK(tp, fn) BUILD_BUG_ON(!sizeof(register_trace_##tp(fn, NULL)))

static void __maybe_unused probes_typecheck(void)
{
	PROBE_TYPECHECK(mark_victim, probe_mark_victim);
	PROBE_TYPECHECK(mm_vmscan_direct_reclaim_begin, probe_direct_reclaim);
#ifdef CONFIG_MEMCG	/* the memcg reclaim events exist only with memcg */
	PROBE_TYPECHECK(mm_vmscan_memcg_reclaim_begin, probe_memcg_reclaim);
#endif
}

enum { TP_MARK_VICTIM, TP_DIRECT, TP_MEMCG, NR_TPS };

static struct memviz_tp tps[NR_TPS] = {
	[TP_MARK_VICTIM] = { .name = "mark_victim", .probe = probe_mark_victim },
	[TP_DIRECT] = { .name = "mm_vmscan_direct_reclaim_begin",
			.probe = probe_direct_reclaim },
	[TP_MEMCG] = { .name = "mm_vmscan_memcg_reclaim_begin",
		       .probe = probe_memcg_reclaim },
};

/* ---- the next candidates, from process context ---- */

struct cand_job {
	u64 seq;
	u64 boot_ns;
	u64 scope_id;		/* memcg OOM: the memcg's cgroup id */
	unsigned long totalpages;
	bool memcg;
	bool has_nodemask;	/* a mempolicy OOM */
	nodemask_t nodemask;
	nodemask_t mems;	/* the trigger's mems_allowed */
};

/* The oldest event still waiting for its candidates. */
static bool next_job(struct cand_job *j)
{
	struct oom_ring *r;
	bool found = false;
	unsigned int i;

	raw_spin_lock(&ring_lock);
	r = ring;
	for (i = 0; r && i < r->nr; i++) {
		struct memviz_oom_event *e = ring_find(r, r->seq - r->nr + 1 + i);

		if (e->rec_state != MEMVIZ_OOM_EV_PUBLISHED ||
		    e->cand_state != MEMVIZ_OOM_CAND_PENDING)
			continue;
		j->seq = e->seq;
		j->boot_ns = e->boot_ns;
		j->memcg = e->constraint == MEMVIZ_OOM_CONSTRAINT_MEMCG;
		j->scope_id = e->oom_memcg_id;
		j->totalpages = e->totalpages;
		j->has_nodemask = e->has_nodemask;
		j->nodemask = e->nodemask;
		j->mems = e->mems_allowed;
		found = true;
		break;
	}
	raw_spin_unlock(&ring_lock);
	return found;
}

static void store_job(const struct cand_job *j, unsigned int nr, unsigned int eligible,
		      u8 state, u64 taken_ns)
{
	struct memviz_oom_event *e;
	unsigned int i;

	raw_spin_lock(&ring_lock);
	e = ring ? ring_find(ring, j->seq) : NULL;
	if (e && e->seq == j->seq && e->rec_state == MEMVIZ_OOM_EV_PUBLISHED) {
		e->cand_state = state;
		e->cand_eligible = eligible;
		e->cand_delay_ns = taken_ns - j->boot_ns;
		e->nr_cand = nr;
		for (i = 0; i < nr; i++) {
			const struct memviz_oom_task *t = &cand_scratch[i];
			struct memviz_oom_ev_cand *c = &e->cand[i];

			c->pid = t->pid;
			c->nspid = cand_scratch_ns[i];
			c->uid = t->uid;
			c->adj = t->adj;
			c->origin = t->origin;
			c->rss_anon = t->rss_anon;
			c->rss_file = t->rss_file;
			c->rss_shmem = t->rss_shmem;
			c->swapents = t->swapents;
			c->pgtables = t->pgtables;
			c->points = t->badness;
			c->cgroup_id = t->cgroup_id;
			memcpy(c->comm, t->comm, sizeof(c->comm));
		}
	}
	raw_spin_unlock(&ring_lock);
}

/*
 * Ranks the processes the OOM killer would take next, once per recorded
 * kill.  It allocates nothing (cand_scratch is static: the workqueue is
 * ordered, so one instance runs at a time), because memory is short.
 */
static void cand_work_fn(struct work_struct *work)
{
	struct cand_job j;
	unsigned int nr, eligible, guard;

	for (guard = 0; guard < MEMVIZ_OOM_EVENTS_LIMIT && next_job(&j); guard++) {
		struct memviz_oom_domain dom = { };
		struct cgroup *scope = NULL;
		u8 state = MEMVIZ_OOM_CAND_DONE;

		nr = 0;
		eligible = 0;
		if (j.memcg && j.scope_id) {
			scope = cgroup_get_from_id(j.scope_id);
			if (IS_ERR(scope)) {
				scope = NULL;
				state = MEMVIZ_OOM_CAND_GONE;
			}
		}
		dom.scope = scope;
		if (!j.memcg) {
			dom.nodemask = j.has_nodemask ? &j.nodemask : NULL;
			dom.mems = &j.mems;
		}
		/* a memcg OOM whose memcg was not found ranks nothing */
		if (state == MEMVIZ_OOM_CAND_DONE && (!j.memcg || scope) && j.totalpages)
			nr = memviz_oom_top(cand_scratch, cand_scratch_ns,
					    MEMVIZ_OOM_EV_CANDIDATES, &dom,
					    j.totalpages, memcg_v2, &eligible);
		if (scope)
			cgroup_put(scope);
		mutex_lock(&ring_mutex);	/* no resize between lookup and store */
		store_job(&j, nr, eligible, state, ktime_get_boottime_ns());
		mutex_unlock(&ring_mutex);
		cond_resched();
	}
}

/* ---- snapshot for the file ---- */

static const char *const constraint_names[] = {
	[MEMVIZ_OOM_CONSTRAINT_UNKNOWN] = "unknown",
	[MEMVIZ_OOM_CONSTRAINT_GLOBAL] = "global",
	[MEMVIZ_OOM_CONSTRAINT_MEMCG] = "memcg",
	[MEMVIZ_OOM_CONSTRAINT_CPUSET] = "cpuset",
	[MEMVIZ_OOM_CONSTRAINT_MEMPOLICY] = "mempolicy",
};

static const char *const reclaim_names[] = {
	[MEMVIZ_OOM_RECLAIM_NONE] = "none",
	[MEMVIZ_OOM_RECLAIM_DIRECT] = "direct",
	[MEMVIZ_OOM_RECLAIM_MEMCG] = "memcg",
};

/**
 * memviz_oom_constraint_name() - the word oom_events prints for a constraint
 * @c: the constraint
 *
 * Return: a static string.
 */
const char *memviz_oom_constraint_name(enum memviz_oom_constraint c)
{
	return c < ARRAY_SIZE(constraint_names) ? constraint_names[c] : "?";
}

/**
 * memviz_oom_reclaim_name() - the word oom_events prints for a reclaim kind
 * @r: the kind
 *
 * Return: a static string.
 */
const char *memviz_oom_reclaim_name(enum memviz_oom_reclaim r)
{
	return r < ARRAY_SIZE(reclaim_names) ? reclaim_names[r] : "?";
}

/* Re-read SwapTotal and swappiness (procfs) for the next events' points. */
static int refresh_totals(void)
{
	struct memviz_oom_totals t;
	int ret = memviz_oom_read_totals(&t);

	if (ret)
		return ret;
	raw_spin_lock(&ring_lock);
	totals = t;
	raw_spin_unlock(&ring_lock);
	return 0;
}

/* A copied event's pids and uids as the reader's namespaces see them (0, -1: not). */
static void to_reader(struct memviz_oom_event *e)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	unsigned int i;

	e->pid = memviz_nspid_nr(&e->nspid, ns);
	e->tgid = memviz_nspid_nr(&e->nstgid, ns);
	e->cur_pid = memviz_nspid_nr(&e->cur_nspid, ns);
	e->uid = memviz_reader_uid(make_kuid(&init_user_ns, e->uid));
	for (i = 0; i < e->nr_cand; i++) {
		e->cand[i].pid = memviz_nspid_nr(&e->cand[i].nspid, ns);
		e->cand[i].uid = memviz_reader_uid(make_kuid(&init_user_ns, e->cand[i].uid));
	}
	for (i = 0; i < e->nr_group; i++) {
		e->group[i].pid = memviz_nspid_nr(&e->group[i].nspid, ns);
		e->group[i].tgid = memviz_nspid_nr(&e->group[i].nstgid, ns);
	}
}

/**
 * memviz_oom_events_collect() - copy the recorded OOM kills, newest first
 *
 * Also refreshes the swap total and swappiness that later events scale
 * their points with (they cannot be read from the OOM path).
 *
 * Context: process context; may sleep (allocates).
 * Return: the copy, or an ERR_PTR.
 */
struct memviz_oom_events *memviz_oom_events_collect(void)
{
	struct memviz_oom_events *s;
	unsigned int nr, i;
	u64 newest;

	refresh_totals();	/* on failure the old values stay, as good as before */
	mutex_lock(&ring_mutex);
	raw_spin_lock(&ring_lock);
	nr = ring->nr;
	newest = ring->seq;
	raw_spin_unlock(&ring_lock);

	s = kvzalloc(struct_size(s, ev, nr), GFP_KERNEL);
	if (!s) {
		mutex_unlock(&ring_mutex);
		return ERR_PTR(-ENOMEM);
	}
	s->tps.mark_victim = tps[TP_MARK_VICTIM].attached;
	s->tps.direct_reclaim = tps[TP_DIRECT].attached;
	s->tps.memcg_reclaim = tps[TP_MEMCG].attached;
	s->recorded = newest;
	for (i = 0; i < nr; i++) {
		struct memviz_oom_event *e;

		/* one slot per lock hold: the probe waits at most one copy */
		raw_spin_lock(&ring_lock);
		s->cap = ring->cap;
		s->tp = totals;
		s->dropped = ring->dropped;
		e = ring_find(ring, newest - i);
		if (e && e->rec_state == MEMVIZ_OOM_EV_PUBLISHED)
			s->ev[s->nr++] = *e;
		raw_spin_unlock(&ring_lock);
	}
	mutex_unlock(&ring_mutex);
	if (!nr) {
		raw_spin_lock(&ring_lock);
		s->dropped = ring->dropped;
		s->cap = ring->cap;
		s->tp = totals;
		raw_spin_unlock(&ring_lock);
	}
	for (i = 0; i < s->nr; i++)
		to_reader(&s->ev[i]);
	s->now_ns = ktime_get_boottime_ns();
	return s;
}

/**
 * memviz_oom_events_free() - free a copy from memviz_oom_events_collect()
 * @s: the copy; NULL is allowed
 */
void memviz_oom_events_free(struct memviz_oom_events *s)
{
	kvfree(s);
}

/* ---- load and unload ---- */

/**
 * memviz_oom_events_init() - allocate the ring and attach the probes
 *
 * A tracepoint this kernel lacks is not an error: the file says which
 * ones are attached.
 *
 * Context: process context (module load).
 * Return: 0 or a negative errno.
 */
int memviz_oom_events_init(void)
{
	struct oom_ring *r;
	int ret, cpu, i;

	memcg_v2 = !mem_cgroup_disabled() && cgroup_subsys_on_dfl(memory_cgrp_subsys);
	ret = refresh_totals();
	if (ret)
		return ret;
	for_each_possible_cpu(cpu) {
		struct reclaim_cpu *rc = per_cpu_ptr(&reclaim_cpu, cpu);

		for (i = 0; i < RECLAIM_RECS; i++)
			seqcount_init(&rc->rec[i].seq);
	}
	cand_wq = alloc_ordered_workqueue("memviz_oom_events", WQ_MEM_RECLAIM);
	if (!cand_wq)
		return -ENOMEM;
	mutex_lock(&ring_mutex);
	r = ring_alloc(events_max);
	if (r) {
		raw_spin_lock(&ring_lock);
		ring = r;
		raw_spin_unlock(&ring_lock);
	}
	mutex_unlock(&ring_mutex);
	ret = -ENOMEM;
	if (!r)
		goto err_wq;
	/*
	 * From here oom_events_max may resize the ring (its parameter exists
	 * before init runs), so the unwind frees whatever ring is then.
	 */
	ret = memviz_debug_init_step("oom_events");
	if (ret)
		goto err_ring;
	ret = memviz_tp_attach(tps, ARRAY_SIZE(tps), NULL);
	if (ret)
		goto err_ring;
	if (!tps[TP_MARK_VICTIM].attached)
		pr_info("no mark_victim tracepoint: oom_events stays empty\n");
	return 0;

err_ring:
	kvfree(ring_take());
err_wq:
	destroy_workqueue(cand_wq);
	return ret;
}

/**
 * memviz_oom_events_exit() - detach the probes, finish the work, free the ring
 *
 * Context: process context (module unload), after the debugfs files are gone.
 */
void memviz_oom_events_exit(void)
{
	memviz_tp_detach(tps, ARRAY_SIZE(tps), NULL);	/* no probe runs after this */
	cancel_work_sync(&cand_work);
	destroy_workqueue(cand_wq);
	kvfree(ring_take());
}
