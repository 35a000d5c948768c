/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz pidns: pids and uids as the reader sees them (pidns.c).
 *
 * The rule every file follows: a pid or uid is printed as seen from the
 * reader's pid and user namespaces; one the reader cannot see is '-', and
 * so are the name (comm) and the cgroup of a process it cannot see.  A
 * record kept past the process's life (oom_events) keeps the pid it had in
 * each namespace level, so that it is translated when it is read.
 */
#ifndef _MEMVIZ_PIDNS_H
#define _MEMVIZ_PIDNS_H

#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/uidgid.h>

/* Namespace levels kept: a container in a container in a host, and one more. */
#define MEMVIZ_NS_LEVELS 4

/* A pid in every namespace it is seen from, down to MEMVIZ_NS_LEVELS. */
struct memviz_nspid {
	u8 levels;
	struct {
		unsigned long ns;	/* the namespace's address: compared only */
		unsigned int inum;	/* and its inode number, to match both */
		pid_t nr;
	} l[MEMVIZ_NS_LEVELS];
};

void memviz_nspid_fill(struct memviz_nspid *np, struct pid *pid);
pid_t memviz_nspid_nr(const struct memviz_nspid *np, struct pid_namespace *ns);
uid_t memviz_reader_uid(kuid_t kuid);

#endif /* _MEMVIZ_PIDNS_H */
