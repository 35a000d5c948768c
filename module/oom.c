// SPDX-License-Identifier: GPL-2.0
/*
 * OOM collector: every process's oom_badness() parts and eligibility,
 * ranked in the order select_bad_process() would choose victims, and for
 * every memcg the victim a memcg OOM there would choose.
 *
 * mm/oom_kill.c is reproduced, not called (oom_badness() and
 * find_lock_task_mm() are not exported): the same reads under the same
 * locks.  The walk goes from process to process by pid, as /proc does
 * (find_ge_pid()), one short RCU read section and one task_lock() at a
 * time, with a scheduling point between processes: its cost grows with the
 * number of tasks, its latency does not.  The kernel's own scan visits
 * processes in fork order (the init_task.tasks list); memviz sorts by
 * start time to reproduce it (two forks on two CPUs can be listed in the
 * other order than their start times: the kernel would then break an exact
 * tie between them the other way).  Records go into an array sized before
 * the walk; cgroup paths need cgroup_mutex and are resolved by id after.
 */
#include <linux/bsearch.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/nsproxy.h>
#include <linux/oom.h>
#include <linux/page_counter.h>
#include <linux/pid_namespace.h>
#include <linux/percpu_counter.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "oom.h"
#include "pidns.h"

static const char *const reason_names[] = {
	[MEMVIZ_OOM_ELIGIBLE] = "yes",
	[MEMVIZ_OOM_INIT] = "init",
	[MEMVIZ_OOM_KTHREAD] = "kthread",
	[MEMVIZ_OOM_VICTIM] = "oom_victim",
	[MEMVIZ_OOM_SKIP] = "oom_skip",
	[MEMVIZ_OOM_EXITING] = "exiting",
	[MEMVIZ_OOM_ADJ_MIN] = "adj_min",
	[MEMVIZ_OOM_VFORK] = "vfork",
};

/**
 * memviz_oom_reason_name() - the word the oom file prints for a reason
 * @r: the reason
 *
 * Return: a static string.
 */
const char *memviz_oom_reason_name(enum memviz_oom_reason r)
{
	return r < ARRAY_SIZE(reason_names) ? reason_names[r] : "?";
}

/**
 * memviz_escape() - make a name one whitespace-free table field
 * @dst: output, @len bytes; stops early rather than splitting an escape
 * @len: size of @dst, at least 1
 * @src: NUL-terminated name (a comm, a cgroup path)
 *
 * Whitespace, backslash and non-printing bytes become \xHH
 * (table-format.md); the reader undoes it.  A name that would read as the
 * "not available" marker ("-") or as no field at all ("") is escaped too:
 * "\x2d", "\x00".
 */
void memviz_escape(char *dst, size_t len, const char *src)
{
	size_t o = 0;

	if (len >= 5 && (!*src || !strcmp(src, "-"))) {
		scnprintf(dst, len, "\\x%02x", (unsigned char)*src);
		return;
	}
	for (; *src && o + 5 <= len; src++) {
		unsigned char c = *src;

		if (c <= ' ' || c >= 0x7f || c == '\\')
			o += scnprintf(dst + o, len - o, "\\x%02x", c);
		else
			dst[o++] = c;
	}
	dst[o] = '\0';
}

/*
 * find_lock_task_mm() (mm/oom_kill.c), not exported: the first thread of
 * @p that still has an mm, returned with task_lock() held.  The leader
 * may have dropped its mm while other threads keep it.
 */
static struct task_struct *lock_task_mm(struct task_struct *p)
{
	struct task_struct *t;

	for_each_thread(p, t) {
		task_lock(t);
		if (likely(t->mm))
			return t;
		task_unlock(t);
	}
	return NULL;
}

/*
 * One process, the way oom_evaluate_task() then oom_badness() look at it.
 * Called under rcu_read_lock(); takes one task_lock() at a time.
 */
static void read_task(struct memviz_oom_task *t, struct task_struct *p,
		      struct pid_namespace *ns, struct user_namespace *uns,
		      bool memcg_v2, unsigned long totalpages)
{
	struct signal_struct *sig = p->signal;
	struct mm_struct *oom_mm, *mm;
	struct task_struct *tm;
	char comm[TASK_COMM_LEN];

	t->pid = task_tgid_nr_ns(p, ns);
	t->uid = from_kuid(uns, task_uid(p));	/* (uid_t)-1: no mapping there */
	t->start_time = p->start_time;
	/*
	 * mem_cgroup_scan_tasks() walks css_task_iter(CSS_TASK_ITER_PROCS),
	 * which passes over a leader that has exited with no live thread
	 * left: a memcg OOM never sees it, where the global scan still does.
	 */
	t->memcg_unseen = p->exit_state && !atomic_read(&sig->live);
	get_task_comm(comm, p);
	memviz_escape(t->comm, sizeof(t->comm), comm);
	t->adj = READ_ONCE(sig->oom_score_adj);
	t->origin = oom_task_origin(p);
	t->badness = LONG_MIN;
	t->cgroup_id = cgroup_id(task_dfl_cgroup(p));
	if (memcg_v2)
		t->memcg_id = cgroup_id(mem_cgroup_from_task(p)->css.cgroup);

	/* oom_unkillable_task() */
	if (is_global_init(p))
		t->reason = MEMVIZ_OOM_INIT;
	else if (p->flags & PF_KTHREAD)
		t->reason = MEMVIZ_OOM_KTHREAD;
	if (t->reason == MEMVIZ_OOM_KTHREAD)
		return;		/* oom_badness() never looks at a kthread's mm */

	/* tsk_is_oom_victim(): oom_mm is set once and lives as long as sig. */
	oom_mm = READ_ONCE(sig->oom_mm);
	if (!t->reason && oom_mm)
		t->reason = memviz_mm_flag_test(oom_mm, MMF_OOM_SKIP) ?
			    MEMVIZ_OOM_SKIP : MEMVIZ_OOM_VICTIM;

	tm = lock_task_mm(p);
	if (!tm) {
		if (!t->reason && !t->origin)
			t->reason = MEMVIZ_OOM_EXITING;
		return;
	}
	mm = tm->mm;
	t->has_mm = true;
	/* The reads oom_badness() makes (compat.h: approximate or exact). */
	t->rss_anon = memviz_oom_mm_counter(mm, MM_ANONPAGES);
	t->rss_file = memviz_oom_mm_counter(mm, MM_FILEPAGES);
	t->rss_shmem = memviz_oom_mm_counter(mm, MM_SHMEMPAGES);
	t->swapents = memviz_oom_mm_counter(mm, MM_SWAPENTS);
	t->pgtables = mm_pgtables_bytes(mm) / PAGE_SIZE;
	t->adj = READ_ONCE(tm->signal->oom_score_adj);

	/* oom_badness(), which /proc/PID/oom_score also calls */
	if (!is_global_init(p) && t->adj != OOM_SCORE_ADJ_MIN &&
	    !memviz_mm_flag_test(mm, MMF_OOM_SKIP) && !in_vfork(tm))
		t->badness = t->rss_anon + t->rss_file + t->rss_shmem +
			     t->swapents + t->pgtables +
			     memviz_oom_adj_pages(t->adj, totalpages);

	/* An origin task is chosen before oom_badness() is consulted. */
	if (!t->reason && !t->origin) {
		if (t->adj == OOM_SCORE_ADJ_MIN)
			t->reason = MEMVIZ_OOM_ADJ_MIN;
		else if (memviz_mm_flag_test(mm, MMF_OOM_SKIP))
			t->reason = MEMVIZ_OOM_SKIP;
		else if (in_vfork(tm))
			t->reason = MEMVIZ_OOM_VFORK;
	}
	task_unlock(tm);
}

/*
 * Calls @fn on every process (thread group leader) of the system, by tgid
 * in the initial pid namespace from *@cursor on, each under a short
 * rcu_read_lock() of its own, with cond_resched() in between: next_tgid()'s
 * walk in fs/proc.  Stops when @fn returns false, leaving *@cursor at that
 * process for a later call, or when the caller is killed (-EINTR).  The
 * longest RCU read section goes to *@rcu_max_ns.
 */
static int walk_processes(bool (*fn)(struct task_struct *, void *), void *arg,
			  unsigned int *cursor, u64 *rcu_max_ns)
{
	struct pid *pid;
	bool more = true;
	u64 t0;

	while (more) {
		struct task_struct *p;

		if (fatal_signal_pending(current))
			return -EINTR;
		t0 = ktime_get_ns();
		rcu_read_lock();
		pid = find_ge_pid(*cursor, &init_pid_ns);
		if (!pid) {
			rcu_read_unlock();
			break;
		}
		*cursor = pid_nr(pid);
		p = pid_task(pid, PIDTYPE_TGID);
		if (p)
			more = fn(p, arg);
		if (more)
			(*cursor)++;
		rcu_read_unlock();
		*rcu_max_ns = max(*rcu_max_ns, ktime_get_ns() - t0);
		cond_resched();
	}
	return 0;
}

/*
 * Snapshot arrays grow with the system: never an OOM of their own (the
 * reader gets -ENOMEM instead), and charged to the reader's memcg.
 */
#define OOM_GFP (GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN)

struct walk {
	struct memviz_oom *o;
	unsigned int cap, n;
	struct pid_namespace *ns;
	struct user_namespace *uns;
};

static bool walk_one(struct task_struct *p, void *arg)
{
	struct walk *w = arg;
	struct memviz_oom_task *t;

	if (w->n == w->cap)
		return false;	/* grow, then come back to @p */
	t = &w->o->task[w->n++];
	memset(t, 0, sizeof(*t));
	t->cg = -1;
	t->memcg = -1;
	read_task(t, p, w->ns, w->uns, w->o->memcg_v2, w->o->tp.totalpages);
	return true;
}

/* Fork order: what for_each_process() follows (see the top of the file). */
static int cmp_start(const void *a, const void *b, const void *priv)
{
	const struct memviz_oom *o = priv;
	const struct memviz_oom_task *x = &o->task[*(const unsigned int *)a];
	const struct memviz_oom_task *y = &o->task[*(const unsigned int *)b];

	if (x->start_time != y->start_time)
		return x->start_time < y->start_time ? -1 : 1;
	return 0;
}

/* Twice the room in o->task (at least 256), keeping its first @n. */
static int grow_tasks(struct memviz_oom *o, unsigned int *cap, unsigned int n)
{
	unsigned int want = max(2 * *cap, 256U);
	struct memviz_oom_task *more;

	more = kvmalloc_array(want, sizeof(*more), OOM_GFP);
	if (!more)
		return -ENOMEM;
	if (n)
		memcpy(more, o->task, n * sizeof(*more));
	kvfree(o->task);
	o->task = more;
	*cap = want;
	return 0;
}

/* Every process into o->task (grown as needed), o->rank sized to match. */
static int walk_tasks(struct memviz_oom *o)
{
	struct walk w = {
		.o = o, .ns = task_active_pid_ns(current), .uns = current_user_ns(),
	};
	unsigned int cursor = 1, i;
	u64 t0 = ktime_get_ns();
	int ret;

	for (;;) {
		ret = walk_processes(walk_one, &w, &cursor, &o->rcu_max_ns);
		if (ret)
			return ret;
		if (w.n < w.cap)
			break;
		/* full: twice the room (between RCU sections), then go on */
		ret = grow_tasks(o, &w.cap, w.n);
		if (ret)
			return ret;
	}
	o->walk_ns = ktime_get_ns() - t0;
	o->nr = w.n;
	o->rank = kvmalloc_array(max(w.n, 1U), sizeof(*o->rank), OOM_GFP);
	if (!o->rank)
		return -ENOMEM;
	/* order = position in the kernel's process list, by fork order */
	for (i = 0; i < w.n; i++)
		o->rank[i] = i;
	sort_r(o->rank, w.n, sizeof(*o->rank), cmp_start, NULL, o);
	for (i = 0; i < w.n; i++)
		o->task[o->rank[i]].order = i;
	return 0;
}

/* The key select_bad_process() maximises. */
static long sel_points(const struct memviz_oom_task *t)
{
	return t->origin ? LONG_MAX : t->badness;
}

/*
 * Global ranking: eligible first by points, ties to the later process
 * (oom_evaluate_task() replaces its choice when points >= chosen), then
 * the ineligible in process-list order.
 */
static int cmp_rank(const void *a, const void *b, const void *priv)
{
	const struct memviz_oom *o = priv;
	const struct memviz_oom_task *x = &o->task[*(const unsigned int *)a];
	const struct memviz_oom_task *y = &o->task[*(const unsigned int *)b];
	bool ex = x->reason == MEMVIZ_OOM_ELIGIBLE;
	bool ey = y->reason == MEMVIZ_OOM_ELIGIBLE;

	if (ex != ey)
		return ex ? -1 : 1;
	if (ex && sel_points(x) != sel_points(y))
		return sel_points(x) > sel_points(y) ? -1 : 1;
	if (x->order != y->order)
		return (ex ? x->order > y->order : x->order < y->order) ? -1 : 1;
	return 0;
}

/* Does @t beat @x for a place in the ranking? */
static bool top_beats(const struct memviz_oom_task *t, const struct memviz_oom_task *x)
{
	/* oom_evaluate_task() takes the later task on equal points */
	if (sel_points(t) != sel_points(x))
		return sel_points(t) > sel_points(x);
	return t->start_time >= x->start_time;
}

struct top_walk {
	struct memviz_oom_task *top, t;
	struct memviz_nspid *top_ns;
	unsigned int n, nr, eligible;
	const struct memviz_oom_domain *dom;
	unsigned long totalpages;
	bool memcg_v2;
};

static bool top_one(struct task_struct *p, void *arg)
{
	struct top_walk *w = arg;
	struct memviz_oom_task *t = &w->t;
	unsigned int i;

	if (w->dom->scope ? !cgroup_is_descendant(task_dfl_cgroup(p), w->dom->scope) :
			    !memviz_oom_in_domain(p, w->dom))
		return true;
	memset(t, 0, sizeof(*t));
	t->cg = -1;
	t->memcg = -1;
	read_task(t, p, &init_pid_ns, &init_user_ns, w->memcg_v2, w->totalpages);
	if (t->reason != MEMVIZ_OOM_ELIGIBLE || (w->dom->scope && t->memcg_unseen))
		return true;
	w->eligible++;
	for (i = 0; i < w->nr && !top_beats(t, &w->top[i]); i++)
		;
	if (i == w->n)
		return true;
	if (w->nr < w->n)
		w->nr++;
	memmove(&w->top[i + 1], &w->top[i], (w->nr - 1 - i) * sizeof(*w->top));
	w->top[i] = *t;
	memmove(&w->top_ns[i + 1], &w->top_ns[i], (w->nr - 1 - i) * sizeof(*w->top_ns));
	memviz_nspid_fill(&w->top_ns[i], task_tgid(p));
	return true;
}

/**
 * memviz_oom_top() - the first @n victims an OOM would pick, without allocating
 * @top: room for @n records, filled best first
 * @top_ns: room for @n pids, filled alongside @top: each one's tgid in
 *	every pid namespace level (to show it to readers in any)
 * @n: how many to keep
 * @dom: the processes the OOM may take from: a memcg OOM's subtree, or the
 *	 node filter of any other OOM (memviz_oom_in_domain())
 * @totalpages: the badness scale (RAM + swap, or the memcg's maximum)
 * @memcg_v2: the memory controller is on the cgroup v2 hierarchy
 * @nr_eligible: set to the number of eligible tasks seen
 *
 * The same walk and reads as memviz_oom_collect(), but only a top-@n
 * selection is kept, in @top, so it can run when memory is short (right
 * after an OOM kill).  Pids are global (init namespace) as dmesg prints
 * them.  Inside a memcg, ties are broken by process order where the
 * kernel uses css_set order; tasks a memcg scan passes over are left out.
 *
 * Context: process context; sleeps between processes (one short RCU
 * read section and one task_lock() at a time).
 * Return: the number of records written to @top.
 */
unsigned int memviz_oom_top(struct memviz_oom_task *top, struct memviz_nspid *top_ns,
			    unsigned int n, const struct memviz_oom_domain *dom,
			    unsigned long totalpages, bool memcg_v2, unsigned int *nr_eligible)
{
	struct top_walk w = {
		.top = top, .top_ns = top_ns, .n = n, .dom = dom, .totalpages = totalpages,
		.memcg_v2 = memcg_v2,
	};
	unsigned int cursor = 1;
	u64 rcu_max_ns = 0;

	walk_processes(top_one, &w, &cursor, &rcu_max_ns);
	*nr_eligible = w.eligible;
	return w.nr;
}

/* ---- cgroups ---- */

static unsigned int count_cgroups(void)
{
	struct cgroup_subsys_state *pos;
	unsigned int n = 0;

	rcu_read_lock();
	css_for_each_descendant_pre(pos, &cgrp_dfl_root.cgrp.self)
		n++;
	rcu_read_unlock();
	return n;
}

static void read_memcg(struct memviz_oom_cgroup *c, struct cgroup_subsys_state *mcss,
		       const struct memviz_oom_totals *tp)
{
	struct mem_cgroup *memcg = mem_cgroup_from_css(mcss);
	unsigned long max;

	c->memcg = true;
	c->parent_memcg_id = mcss->parent ? cgroup_id(mcss->parent->cgroup) : 0;
	c->memory_max = READ_ONCE(memcg->memory.max);
	c->memory_current = page_counter_read(&memcg->memory);
	c->swap_max = READ_ONCE(memcg->swap.max);
	c->swap_current = page_counter_read(&memcg->swap);

	/* mem_cgroup_get_max() on cgroup v2, then constrained_alloc()'s ?: 1 */
	max = c->memory_max;
	if (tp->swappiness)	/* unreadable (-1): the kernel's default is nonzero */
		max += min(c->swap_max, tp->swap_total);
	c->oom_totalpages = max ?: 1;
}

static unsigned int walk_cgroups(struct memviz_oom *o, unsigned int cap)
{
	struct cgroup_subsys_state *pos, *mcss;
	unsigned int n = 0;

	rcu_read_lock();
	css_for_each_descendant_pre(pos, &cgrp_dfl_root.cgrp.self) {
		struct memviz_oom_cgroup *c;

		if (n == cap) {
			o->cg_truncated = true;
			break;
		}
		c = &o->cg[n];
		c->id = cgroup_id(pos->cgroup);
		c->order = n;
		c->root = !pos->parent;
		c->parent_memcg = -1;
		c->victim = -1;
		c->in_progress = -1;
		mcss = o->memcg_v2 ? rcu_dereference(pos->cgroup->subsys[memory_cgrp_id]) : NULL;
		if (mcss)
			read_memcg(c, mcss, &o->tp);
		n++;
	}
	rcu_read_unlock();
	return n;
}

static int cmp_u64_key(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Index of cgroup @id in o->cg via the sorted (id, index) pairs, or -1. */
static int find_cg(const u64 *pairs, unsigned int nr, u64 id)
{
	u64 key[2] = { id, 0 };
	const u64 *hit;

	if (!id)
		return -1;
	hit = bsearch(key, pairs, nr, 2 * sizeof(u64), cmp_u64_key);
	return hit ? (int)hit[1] : -1;
}

static void resolve_paths(struct memviz_oom *o)
{
	struct cgroup_namespace *cns = current->nsproxy->cgroup_ns;
	unsigned int i;
	char *buf;
	int len;

	buf = kmalloc(PATH_MAX, OOM_GFP);
	if (!buf)
		return;
	for (i = 0; i < o->nr_cg; i++) {
		struct memviz_oom_cgroup *c = &o->cg[i];
		struct cgroup *cgrp = cgroup_get_from_id(c->id);

		if (IS_ERR(cgrp))
			continue;	/* removed since the walk */
		len = cgroup_path_ns(cgrp, buf, PATH_MAX, cns);
		cgroup_put(cgrp);
		if (len < 0 || len >= PATH_MAX)
			continue;
		c->path = kmalloc(4 * len + 1, OOM_GFP);
		if (c->path)
			memviz_escape(c->path, 4 * len + 1, buf);
		cond_resched();	/* one cgroup_mutex round trip per cgroup */
	}
	kfree(buf);
}

/* Better candidate for a memcg OOM: points, then later memcg, then later task. */
static bool memcg_beats(const struct memviz_oom *o, const struct memviz_oom_task *x,
			long px, const struct memviz_oom_task *y, long py)
{
	unsigned int mx = o->cg[x->memcg].order, my = o->cg[y->memcg].order;

	if (px != py)
		return px > py;
	if (mx != my)
		return mx > my;
	return x->order > y->order;
}

/* oom_badness() with a memcg's totalpages; LONG_MAX for an origin task. */
static long memcg_points(const struct memviz_oom_task *t, const struct memviz_oom_cgroup *c)
{
	if (t->origin)
		return LONG_MAX;
	return t->rss_anon + t->rss_file + t->rss_shmem + t->swapents +
	       t->pgtables + memviz_oom_adj_pages(t->adj, c->oom_totalpages);
}

/*
 * For every memcg, the choice of mem_cgroup_scan_tasks(memcg,
 * oom_evaluate_task): tasks of the memcg and its descendants, visited
 * memcg by memcg in pre-order, with totalpages = mem_cgroup_get_max().
 * Each task is offered to every memcg ancestor below the root; a second
 * pass counts the candidates that tie with each victim, whose relative
 * order inside one memcg is css_set order that memviz cannot see.
 */
static void memcg_select(struct memviz_oom *o)
{
	unsigned int i, depth, pass;
	int a;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < o->nr; i++) {
			struct memviz_oom_task *t = &o->task[i];

			if (t->reason != MEMVIZ_OOM_ELIGIBLE &&
			    t->reason != MEMVIZ_OOM_VICTIM)
				continue;
			/* not even a victim in progress to a memcg scan */
			if (t->memcg_unseen)
				continue;
			/* depth bound: parent links come from a racy walk */
			for (a = t->memcg, depth = 0; a >= 0 && depth < o->nr_cg;
			     a = o->cg[a].parent_memcg, depth++) {
				struct memviz_oom_cgroup *c = &o->cg[a];
				long pts;

				if (c->root)
					break;
				if (t->reason == MEMVIZ_OOM_VICTIM) {
					if (c->in_progress < 0)
						c->in_progress = i;
					continue;
				}
				pts = memcg_points(t, c);
				if (pass == 1) {
					if (c->victim != i && pts == c->victim_points)
						c->ties++;
					continue;
				}
				c->candidates++;
				if (c->victim < 0 ||
				    memcg_beats(o, t, pts, &o->task[c->victim],
						c->victim_points)) {
					c->victim = i;
					c->victim_points = pts;
				}
			}
		}
	}
	for (i = 0; i < o->nr_cg; i++) {
		struct memviz_oom_cgroup *c = &o->cg[i];

		if (c->root)
			c->state = MEMVIZ_MEMCG_ROOT;
		else if (c->in_progress >= 0)
			c->state = MEMVIZ_MEMCG_WAIT;
		else if (c->victim >= 0)
			c->state = MEMVIZ_MEMCG_KILL;
		else
			c->state = MEMVIZ_MEMCG_NONE;
	}
}

/* Tie task and cgroup records together by cgroup id. */
static int link_cgroups(struct memviz_oom *o)
{
	unsigned int i;
	u64 *pairs;

	pairs = kvmalloc_array(o->nr_cg, 2 * sizeof(u64), OOM_GFP);
	if (!pairs)
		return -ENOMEM;
	for (i = 0; i < o->nr_cg; i++) {
		pairs[2 * i] = o->cg[i].id;
		pairs[2 * i + 1] = i;
	}
	sort(pairs, o->nr_cg, 2 * sizeof(u64), cmp_u64_key, NULL);
	for (i = 0; i < o->nr_cg; i++)
		if (o->cg[i].memcg)
			o->cg[i].parent_memcg = find_cg(pairs, o->nr_cg,
							o->cg[i].parent_memcg_id);
	for (i = 0; i < o->nr; i++) {
		o->task[i].cg = find_cg(pairs, o->nr_cg, o->task[i].cgroup_id);
		o->task[i].memcg = find_cg(pairs, o->nr_cg, o->task[i].memcg_id);
	}
	kvfree(pairs);
	return 0;
}

/*
 * One snapshot, shared by the oom and oom_memcg files and by readers that
 * open within MEMVIZ_OOM_CACHE_NS of it, if they see the system from the
 * initial namespaces (pids, uids and paths are namespace-relative).  The
 * cache holds no reference: the last reader to put it clears it.
 */
static DEFINE_MUTEX(oom_mutex);		/* one collect at a time */
static DEFINE_SPINLOCK(oom_cache_lock);	/* oom_cached and the refcounts' ends */
static struct memviz_oom *oom_cached;

static bool reader_in_init_ns(void)
{
	return task_active_pid_ns(current) == &init_pid_ns &&
	       current_user_ns() == &init_user_ns &&
	       current->nsproxy->cgroup_ns == init_task.nsproxy->cgroup_ns;
}

static struct memviz_oom *oom_collect(void)
{
	unsigned int cg_cap, i;
	struct memviz_oom *o;
	int ret;

	o = kzalloc_obj(*o, OOM_GFP);
	if (!o)
		return ERR_PTR(-ENOMEM);
	kref_init(&o->ref);
	o->in_progress = -1;
	o->rss_slack = memviz_rss_slack();
	o->memcg_v2 = !mem_cgroup_disabled() &&
		      cgroup_subsys_on_dfl(memory_cgrp_subsys);
	ret = memviz_oom_read_totals(&o->tp);
	if (ret)
		goto err;

	/* Tasks first: a cgroup seen in the task walk still exists after it. */
	ret = walk_tasks(o);
	if (ret)
		goto err;
	ret = -ENOMEM;
	/* cgroups are few; counted and walked in one RCU section each */
	cg_cap = count_cgroups();
	cg_cap += cg_cap / 8 + 64;	/* room for mkdirs between count and walk */
	o->cg = kvcalloc(cg_cap, sizeof(*o->cg), OOM_GFP);
	o->memcg_rows = kvmalloc_array(cg_cap, sizeof(*o->memcg_rows), OOM_GFP);
	if (!o->cg || !o->memcg_rows)
		goto err;
	o->nr_cg = walk_cgroups(o, cg_cap);
	ret = link_cgroups(o);
	if (ret)
		goto err;
	resolve_paths(o);

	for (i = 0; i < o->nr; i++) {
		const struct memviz_oom_task *t = &o->task[i];

		o->rank[i] = i;
		if (t->reason == MEMVIZ_OOM_ELIGIBLE)
			o->nr_eligible++;
		/* The kernel's walk aborts at the first victim still exiting. */
		if (t->reason == MEMVIZ_OOM_VICTIM &&
		    (o->in_progress < 0 || t->order < o->task[o->in_progress].order))
			o->in_progress = i;
	}
	sort_r(o->rank, o->nr, sizeof(*o->rank), cmp_rank, NULL, o);

	for (i = 0; i < o->nr_cg; i++)
		if (o->cg[i].memcg)
			o->memcg_rows[o->nr_memcg++] = i;
	memcg_select(o);
	o->taken_ns = ktime_get_ns();
	return o;

err:
	memviz_oom_free(o);
	return ERR_PTR(ret);
}

/**
 * memviz_oom_get() - snapshot every process's OOM badness and every memcg
 *
 * A snapshot taken less than MEMVIZ_OOM_CACHE_NS ago for a reader in the
 * initial namespaces is shared instead of taking a new one.
 *
 * Context: process context; sleeps (between processes, to allocate).
 * Return: the snapshot, to release with memviz_oom_put(), or an ERR_PTR:
 * -ENOMEM (never an OOM of its own), -EINTR (the reader was killed).
 */
struct memviz_oom *memviz_oom_get(void)
{
	bool shareable = reader_in_init_ns();
	struct memviz_oom *o = NULL;

	if (mutex_lock_killable(&oom_mutex))
		return ERR_PTR(-EINTR);
	if (shareable) {
		spin_lock(&oom_cache_lock);
		o = oom_cached;
		if (o && (ktime_get_ns() - o->taken_ns >= MEMVIZ_OOM_CACHE_NS ||
			  !kref_get_unless_zero(&o->ref)))
			o = NULL;
		spin_unlock(&oom_cache_lock);
	}
	if (!o) {
		o = oom_collect();
		if (!IS_ERR(o) && shareable) {
			spin_lock(&oom_cache_lock);
			oom_cached = o;
			spin_unlock(&oom_cache_lock);
		}
	}
	mutex_unlock(&oom_mutex);
	return o;
}

static void oom_release(struct kref *ref)
	__releases(&oom_cache_lock)
{
	struct memviz_oom *o = container_of(ref, struct memviz_oom, ref);

	if (oom_cached == o)
		oom_cached = NULL;
	spin_unlock(&oom_cache_lock);
	memviz_oom_free(o);
}

/**
 * memviz_oom_put() - release a snapshot from memviz_oom_get()
 * @o: the snapshot; ERR_PTR and NULL are ignored
 *
 * Context: process context; never waits for a collect in progress.
 */
void memviz_oom_put(struct memviz_oom *o)
{
	if (!IS_ERR_OR_NULL(o))
		kref_put_lock(&o->ref, oom_release, &oom_cache_lock);
}

/**
 * memviz_oom_free() - free a snapshot that is no longer shared
 * @o: the snapshot; NULL is allowed
 */
void memviz_oom_free(struct memviz_oom *o)
{
	unsigned int i;

	if (!o)
		return;
	if (o->cg)
		for (i = 0; i < o->nr_cg; i++)
			kfree(o->cg[i].path);
	kvfree(o->memcg_rows);
	kvfree(o->cg);
	kvfree(o->rank);
	kvfree(o->task);
	kfree(o);
}
