// SPDX-License-Identifier: GPL-2.0
/*
 * memviz tracepoints: find core-kernel tracepoints by name and register
 * probes on them (see tracepoints.h).
 *
 * Lifetime: a probe may still be running on another CPU (or, on
 * PREEMPT_RT and with SRCU-protected tracepoints, be preempted inside
 * one) right after tracepoint_probe_unregister() returns.
 * memviz_tp_detach() therefore ends with tracepoint_synchronize_unregister(),
 * after which no probe of ours runs and neither its data nor its code
 * (the module) may go away earlier.
 */
#include <linux/string.h>
#include "debug.h"
#include "tracepoints.h"

struct memviz_tp_lookup {
	struct memviz_tp *tps;
	unsigned int n;
};

/* for_each_kernel_tracepoint() callback: match @tp against every wanted name. */
static void memviz_tp_match(struct tracepoint *tp, void *priv)
{
	struct memviz_tp_lookup *l = priv;
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!l->tps[i].skip && !l->tps[i].tp &&
		    !strcmp(tp->name, l->tps[i].name))
			l->tps[i].tp = tp;
}

static void memviz_tp_unregister(struct memviz_tp *tps, unsigned int n, void *data)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!tps[i].attached)
			continue;
		/* Fails only if the probe is not registered: a memviz bug. */
		WARN_ON_ONCE(tracepoint_probe_unregister(tps[i].tp, tps[i].probe, data));
		tps[i].attached = false;
	}
}

/**
 * memviz_tp_attach() - register probes on the tracepoints that exist
 * @tps: probes, each with @name and @probe set; @tp and @attached are output
 * @n: number of entries in @tps
 * @data: passed as the first argument of every probe
 *
 * A tracepoint this kernel does not have, or one marked @skip, leaves its
 * entry's @tp NULL and @attached false; that is not an error.  Entries already attached are
 * left alone.  Process context only (takes tracepoints_mutex).
 *
 * Return: 0, or the error of a failed registration, in which case
 * every probe in @tps has been detached again (and synchronized), so the
 * caller may free @data right away.
 */
int memviz_tp_attach(struct memviz_tp *tps, unsigned int n, void *data)
{
	struct memviz_tp_lookup l = { .tps = tps, .n = n };
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++)
		if (!tps[i].attached)
			tps[i].tp = NULL;
	/* Core-kernel tracepoints only: vmscan, oom and compaction are built in. */
	for_each_kernel_tracepoint(memviz_tp_match, &l);

	for (i = 0; i < n; i++) {
		if (tps[i].attached || !tps[i].tp)
			continue;
		ret = tracepoint_probe_register(tps[i].tp, tps[i].probe, data);
		if (ret)
			goto unwind;
		tps[i].attached = true;
		memviz_debug_attach_pause();
	}
	return 0;

unwind:
	pr_warn("cannot attach to tracepoint %s: %d\n", tps[i].name, ret);
	memviz_tp_detach(tps, n, data);
	return ret;
}

/**
 * memviz_tp_detach() - unregister every attached probe and wait for them
 * @tps: the array given to memviz_tp_attach()
 * @n: number of entries in @tps
 * @data: the data given to memviz_tp_attach()
 *
 * On return no probe in @tps runs anywhere, so @data and the module's
 * code may be freed.  Process context only (sleeps in RCU/SRCU grace
 * periods).  Safe on entries that were never attached.
 */
void memviz_tp_detach(struct memviz_tp *tps, unsigned int n, void *data)
{
	memviz_tp_unregister(tps, n, data);
	tracepoint_synchronize_unregister();
}
