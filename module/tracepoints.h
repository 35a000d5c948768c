/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz tracepoints: attach probes to core-kernel tracepoints by name,
 * through exported interfaces only (for_each_kernel_tracepoint() and
 * tracepoint_probe_register()), the way out-of-tree tracing modules do.
 * The tracepoint structs themselves (__tracepoint_<name>) are not
 * exported, and a tracepoint may not exist on every kernel: a missing one
 * is simply left unattached and reported by the caller.
 */
#ifndef _MEMVIZ_TRACEPOINTS_H
#define _MEMVIZ_TRACEPOINTS_H

#include <linux/tracepoint.h>
#include <linux/types.h>

/**
 * struct memviz_tp - one probe to attach to one tracepoint
 * @name: the tracepoint's name, e.g. "mm_vmscan_wakeup_kswapd"
 * @probe: the probe, void fn(void *data, <the tracepoint's TP_PROTO>)
 * @skip: leave this one unattached, as if the kernel had none (input)
 * @tp: the tracepoint found by name, NULL when this kernel has none
 * @attached: @probe is registered on @tp
 */
struct memviz_tp {
	const char *name;
	void *probe;
	bool skip;
	struct tracepoint *tp;
	bool attached;
};

int memviz_tp_attach(struct memviz_tp *tps, unsigned int n, void *data);
void memviz_tp_detach(struct memviz_tp *tps, unsigned int n, void *data);

#endif /* _MEMVIZ_TRACEPOINTS_H */
