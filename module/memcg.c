// SPDX-License-Identifier: GPL-2.0
/*
 * memcg collector: every memory cgroup, in pre-order, with its limits and
 * usage, the protection reclaim from the root would give it now, and its
 * own LRU pages by reclaim cost (from the LRU pass, attributed by memcg).
 *
 * Effective protection is computed as mem_cgroup_calculate_protection()
 * would for a reclaim from the root, top-down over this one walk:
 * effective_protection() (mm/page_counter.c, mm/memcontrol.c on 6.1; not
 * exported, mirrored below) on each memcg's usage and setting, its parent's
 * effective value just computed, and the kernel's own running sums of the
 * siblings' protected usage (children_min_usage, children_low_usage).  The
 * kernel's cached emin/elow, refreshed only while reclaiming, are given
 * beside them.
 *
 * The walk pins each online memcg (css_tryget_online(): a removed cgroup
 * gets no row) under RCU, then resolves paths with cgroup_mutex after it.
 */
#include <linux/cgroup.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/memcontrol.h>
#include <linux/page_counter.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/swap.h>
#include "memcg.h"
#include "oom.h"

#define MEMCG_GFP (GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN)

/*
 * effective_protection(): a memcg's share of its parent's protection.  As
 * 6.12.118 and 7.3 compute it (6.1's and 7.2's older form gives the same
 * result unless a child appears to use more than its parent, which this
 * one caps).
 */
static unsigned long effective_protection(unsigned long usage, unsigned long parent_usage,
					  unsigned long setting, unsigned long parent_effective,
					  unsigned long siblings_protected,
					  bool recursive_protection)
{
	unsigned long protected = min(usage, setting);
	unsigned long ep;

	if (siblings_protected > parent_effective)
		return mul_u64_u64_div_u64(protected, parent_effective, siblings_protected);
	ep = protected;
	if (!recursive_protection)
		return ep;
	if (parent_effective > siblings_protected && parent_usage > siblings_protected &&
	    usage > protected) {
		unsigned long parent_unclaimed = parent_effective - siblings_protected;
		unsigned long parent_unprotected = parent_usage - siblings_protected;
		unsigned long unprotected = min(usage - protected, parent_unprotected);

		ep += mul_u64_u64_div_u64(parent_unclaimed, unprotected, parent_unprotected);
	}
	return ep;
}

static unsigned int count_memcgs(struct cgroup_subsys_state *root)
{
	struct cgroup_subsys_state *css;
	unsigned int n = 0;

	rcu_read_lock();
	css_for_each_descendant_pre(css, root)
		n++;
	rcu_read_unlock();
	return n;
}

static void read_counters(struct memviz_memcg *m, struct mem_cgroup *memcg, bool v2)
{
	m->usage = page_counter_read(&memcg->memory);
	m->max = READ_ONCE(memcg->memory.max);
	if (!v2)
		return;
	m->min = READ_ONCE(memcg->memory.min);
	m->low = READ_ONCE(memcg->memory.low);
	m->high = READ_ONCE(memcg->memory.high);
	m->swap_current = page_counter_read(&memcg->swap);
	m->swap_max = READ_ONCE(memcg->swap.max);
	m->emin_cached = READ_ONCE(memcg->memory.emin);
	m->elow_cached = READ_ONCE(memcg->memory.elow);
	m->children_min_usage = atomic_long_read(&memcg->memory.children_min_usage);
	m->children_low_usage = atomic_long_read(&memcg->memory.children_low_usage);
}

/* Pre-order walk: rows, parents by index, every memcg pinned. */
static unsigned int walk(struct memviz_memcgs *s, struct cgroup_subsys_state *root,
			 unsigned int cap)
{
	struct cgroup_subsys_state *css;
	unsigned int n = 0;

	rcu_read_lock();
	css_for_each_descendant_pre(css, root) {
		struct memviz_memcg *m;
		int i;

		if (n == cap) {
			s->truncated = true;
			break;
		}
		if (!css_tryget_online(css)) {
			s->offline++;
			continue;
		}
		m = &s->row[n];
		m->css = css;
		m->id = cgroup_id(css->cgroup);
		m->parent = -1;
		/* the parent is the nearest earlier row one level up */
		for (i = n - 1; css->parent && i >= 0; i--)
			if (s->row[i].css == css->parent) {
				m->parent = i;
				m->depth = s->row[i].depth + 1;
				break;
			}
		read_counters(m, mem_cgroup_from_css(css), s->v2);
		n++;
	}
	rcu_read_unlock();
	return n;
}

/*
 * mem_cgroup_calculate_protection() for a reclaim from the root, each
 * memcg after its parent (pre-order): the root's children get their own
 * settings, deeper ones their share of their parent's effective value.
 */
static void calculate_protection(struct memviz_memcgs *s)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		struct memviz_memcg *m = &s->row[i], *p;

		if (m->parent < 0 || !s->v2 || !m->usage)
			continue;	/* the root, v1, or nothing to protect */
		p = &s->row[m->parent];
		if (p->parent < 0) {
			m->emin = m->min;
			m->elow = m->low;
		} else {
			m->emin = effective_protection(m->usage, p->usage, m->min, p->emin,
						       p->children_min_usage, s->recursive_prot);
			m->elow = effective_protection(m->usage, p->usage, m->low, p->elow,
						       p->children_low_usage, s->recursive_prot);
		}
		m->protected = min(m->usage, max(m->emin, m->elow));
		if (m->usage <= m->emin)
			m->skip = MEMVIZ_MEMCG_SKIP_MIN;
		else if (m->usage <= m->elow)
			m->skip = MEMVIZ_MEMCG_SKIP_LOW;
	}
}

static void resolve(struct memviz_memcgs *s)
{
	struct cgroup_namespace *cns = current->nsproxy->cgroup_ns;
	unsigned int i;
	char *buf;
	int len;

	buf = kmalloc(PATH_MAX, MEMCG_GFP);
	for (i = 0; i < s->nr; i++) {
		struct memviz_memcg *m = &s->row[i];

		if (buf) {
			len = cgroup_path_ns(m->css->cgroup, buf, PATH_MAX, cns);
			if (len > 0 && len < PATH_MAX) {
				m->path = kmalloc(4 * len + 1, MEMCG_GFP);
				if (m->path)
					memviz_escape(m->path, 4 * len + 1, buf);
			}
		}
		css_put(m->css);	/* pinned by walk() */
		m->css = NULL;
		cond_resched();	/* one cgroup_mutex round trip per memcg */
	}
	kfree(buf);
}

/**
 * memviz_memcgs_collect() - every online memcg with protection and composition
 *
 * Context: process context; sleeps (an LRU pass that attributes by memcg,
 * shared with readers within its cache window; cgroup_mutex for paths).
 * Return: the snapshot, or an ERR_PTR (-ENOMEM, -EINTR, -ENODEV without
 * the memory controller).
 */
struct memviz_memcgs *memviz_memcgs_collect(void)
{
	struct cgroup_subsys_state *root;
	struct memviz_memcgs *s;
	unsigned int cap, i;
	int ret;

	if (mem_cgroup_disabled())
		return ERR_PTR(-ENODEV);
	rcu_read_lock();	/* the root memcg is never freed */
	root = &mem_cgroup_from_task(&init_task)->css;
	rcu_read_unlock();
	cap = count_memcgs(root);
	cap += cap / 8 + 64;	/* mkdirs between the count and the walk */
	s = kvzalloc(struct_size(s, row, cap), MEMCG_GFP);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->v2 = cgroup_subsys_on_dfl(memory_cgrp_subsys);
	s->recursive_prot = s->v2 &&
			    (READ_ONCE(cgrp_dfl_root.flags) & CGRP_ROOT_MEMORY_RECURSIVE_PROT);
	s->lru = memviz_lru_get_by_memcg();
	if (IS_ERR(s->lru)) {
		ret = PTR_ERR(s->lru);
		s->lru = NULL;
		memviz_memcgs_free(s);
		return ERR_PTR(ret);
	}
	s->swap_free = max(get_nr_swap_pages(), 0L);
	s->nr = walk(s, root, cap);
	calculate_protection(s);
	resolve(s);
	for (i = 0; i < s->nr; i++) {
		s->row[i].lru = memviz_lru_memcg_find(s->lru, s->row[i].id);
		memviz_activity_memcg(s->row[i].id, &s->row[i].act);
	}
	s->have_activity = memviz_activity_memcg_counted();
	return s;
}

/**
 * memviz_memcgs_free() - free a snapshot from memviz_memcgs_collect()
 * @s: the snapshot; ERR_PTR and NULL are ignored
 */
void memviz_memcgs_free(struct memviz_memcgs *s)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(s))
		return;
	for (i = 0; i < s->nr; i++) {
		if (s->row[i].css)
			css_put(s->row[i].css);
		kfree(s->row[i].path);
	}
	memviz_lru_put(s->lru);
	kvfree(s);
}
