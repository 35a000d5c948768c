// SPDX-License-Identifier: GPL-2.0
/*
 * Pids and uids as the reader sees them (the rule is in pidns.h).  A pid
 * is kept as (namespace, number) pairs, the namespace named by its address
 * and inode number together (either alone can be reused once it is
 * freed), so no reference is taken: recording one costs no allocation and
 * no refcount, as the OOM path needs.
 */
#include <linux/cred.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include "pidns.h"

/**
 * memviz_nspid_fill() - keep @pid's numbers in each of its namespaces
 * @np: filled
 * @pid: the pid; NULL leaves @np empty (levels 0)
 *
 * Context: the caller keeps @pid alive (RCU, or a task reference).
 */
void memviz_nspid_fill(struct memviz_nspid *np, struct pid *pid)
{
	unsigned int i;

	memset(np, 0, sizeof(*np));
	if (!pid)
		return;
	for (i = 0; i <= pid->level && i < MEMVIZ_NS_LEVELS; i++) {
		np->l[i].ns = (unsigned long)pid->numbers[i].ns;
		np->l[i].inum = pid->numbers[i].ns->ns.inum;
		np->l[i].nr = pid->numbers[i].nr;
	}
	np->levels = i;
}

/**
 * memviz_nspid_nr() - the number @np had in namespace @ns
 * @np: from memviz_nspid_fill()
 * @ns: the reader's pid namespace
 *
 * Return: the pid, or 0 when the reader cannot see it.
 */
pid_t memviz_nspid_nr(const struct memviz_nspid *np, struct pid_namespace *ns)
{
	unsigned int lvl = ns->level;

	if (lvl >= np->levels || np->l[lvl].ns != (unsigned long)ns ||
	    np->l[lvl].inum != ns->ns.inum)
		return 0;
	return np->l[lvl].nr;
}

/**
 * memviz_reader_uid() - @kuid in the reader's user namespace
 * @kuid: a kernel uid
 *
 * Return: the uid, or (uid_t)-1 when it has no mapping there.
 */
uid_t memviz_reader_uid(kuid_t kuid)
{
	return from_kuid(current_user_ns(), kuid);
}
