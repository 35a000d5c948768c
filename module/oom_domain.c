// SPDX-License-Identifier: GPL-2.0
/*
 * Which processes an OOM may take a victim from.  The kernel's
 * oom_evaluate_task() skips, for every OOM that is not a memcg OOM, a
 * process none of whose threads shares memory with the OOM's domain
 * (oom_cpuset_eligible()): in a mempolicy OOM, a thread counts when it
 * has no MPOL_BIND task policy or one that intersects the allocation's
 * nodemask (mempolicy_in_oom_domain()); in any other OOM, when its
 * mems_allowed intersects that of the task that ran into the OOM
 * (cpuset_mems_allowed_intersects()).  Neither helper is exported, so
 * both are mirrored here on the fields they read.  The memcg scope of a
 * memcg OOM is tested by the caller.
 */
#include <linux/mempolicy.h>
#include <linux/nodemask.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "oom.h"

#ifdef CONFIG_NUMA
/* cpuset_mems_allowed_intersects(); without cpusets every task may use every node */
static bool mems_in_domain(struct task_struct *t, const nodemask_t *mems)
{
#ifdef CONFIG_CPUSETS
	return nodes_intersects(*mems, t->mems_allowed);
#else
	return true;
#endif
}

/* mempolicy_in_oom_domain(): a task policy is replaced under task_lock(). */
static bool policy_in_domain(struct task_struct *t, const nodemask_t *mask)
{
	struct mempolicy *pol;
	bool ret = true;

	task_lock(t);
	pol = t->mempolicy;
	if (pol && pol->mode == MPOL_BIND)
		ret = nodes_intersects(pol->nodes, *mask);
	task_unlock(t);
	return ret;
}

/**
 * memviz_oom_in_domain() - may an OOM in @d take a victim from @p?
 * @p: a process (thread group leader)
 * @d: the OOM's domain
 *
 * Context: process context, inside rcu_read_lock(); takes each thread's
 * task_lock() in turn for a mempolicy domain, as the kernel does.
 * Return: true when one of @p's threads shares memory with @d.
 */
bool memviz_oom_in_domain(struct task_struct *p, const struct memviz_oom_domain *d)
{
	struct task_struct *t;

	if (!d->nodemask && !d->mems)
		return true;
	for_each_thread(p, t) {
		if (d->nodemask ? policy_in_domain(t, d->nodemask) :
				  mems_in_domain(t, d->mems))
			return true;
	}
	return false;
}
#else
bool memviz_oom_in_domain(struct task_struct *p, const struct memviz_oom_domain *d)
{
	return true;
}
#endif
