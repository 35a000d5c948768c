// SPDX-License-Identifier: GPL-2.0
/*
 * memviz nodes: the nodes file in human units; without the module, the
 * per-node counters /proc/zoneinfo prints and kswapd's state from
 * /proc/<pid>/stat.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "counters.h"
#include "filetab.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "util.h"
#include "zoneset.h"

static void proc_nodes(struct mv_report *r, const struct mv_zoneset *zs)
{
	static const char *const stats[][2] = {
		{ "inactive_anon", "nr_inactive_anon" }, { "active_anon", "nr_active_anon" },
		{ "inactive_file", "nr_inactive_file" }, { "active_file", "nr_active_file" },
		{ "unevictable", "nr_unevictable" }, { "file_pages", "nr_file_pages" },
		{ "shmem", "nr_shmem" }, { "dirty", "nr_dirty" }, { "writeback", "nr_writeback" },
		{ "slab_reclaimable", "nr_slab_reclaimable" },
		{ "slab_unreclaimable", "nr_slab_unreclaimable" },
	};
	struct mv_otab *t = mv_otab_decl(r, "nodes", "nodes", "memviz nodes (from %s/zoneinfo and kswapd's /proc/<pid>/stat)",
					mv_proc_root());
	int nodes[256], n = mv_zoneset_nodes(zs, nodes, 256), i;
	size_t k, z;

	mv_otab_dcol(t, "node");
	mv_otab_dcol(t, "managed");
	mv_otab_dcol(t, "free");
	mv_otab_dcol(t, "kswapd_pid");
	mv_otab_dcol(t, "kswapd_state");
	mv_otab_dcol(t, "zones_below_high");
	for (k = 0; k < MV_ARRAY_SIZE(stats); k++)
		mv_otab_dcol(t, stats[k][0]);
	for (i = 0; i < n; i++) {
		long long managed = 0, free_ = 0, below = 0, v;
		char node[16], st = '?';
		int pid = mv_kswapd_proc(nodes[i], &st);

		for (z = 0; z < zs->n; z++) {
			if (zs->z[z].node != nodes[i])
				continue;
			managed += zs->z[z].managed;
			free_ += zs->z[z].free;
			below += zs->z[z].managed && zs->z[z].free <= zs->z[z].high;
		}
		snprintf(node, sizeof(node), "%d", nodes[i]);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put(t, "managed", managed);
		mv_put(t, "free", free_);
		if (pid) {
			mv_put(t, "kswapd_pid", pid);
			mv_put_str(t, "kswapd_state", st == 'R' ? "running" : "sleeping");
		}
		mv_put(t, "zones_below_high", below);
		for (k = 0; k < MV_ARRAY_SIZE(stats); k++)
			if (mv_node_stat(zs, nodes[i], stats[k][1], &v))
				mv_put(t, stats[k][0], v);
	}
	mv_otab_note(t, "without the module: no kswapd order/zone/failures, no balanced check");
}

int mv_cmd_nodes(int argc, char **argv, struct mv_opts *o)
{
	static const struct mv_known known[] = { { "nodes", 1 }, { NULL, 0 } };
	struct mv_zoneset zs;
	struct mv_report r;
	struct mv_doc doc;
	char err[512], note[768];
	enum mv_src_status st;

	(void)argv;
	if (argc > 1) {
		mv_err("nodes takes no arguments");
		return MV_EXIT_USAGE;
	}
	st = mv_load("nodes", &doc, known, err, sizeof(err));
	if (st == MV_SRC_OK) {
		mv_report_init(&r, "nodes", o);
		r.kernel = mv_kernel_release(&doc.t[0]);
		r.page_size = mv_page_size(&doc.t[0]);
		r.source = mv_source_dir();
		mv_otab_from_table(&r, &doc.t[0], "nodes");
		mv_emit(&r, stdout, o);
		mv_report_free(&r);
		mv_doc_free(&doc);
		return 0;
	}
	if (st == MV_SRC_BAD) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	if (mv_zoneset_load(&zs, note, sizeof(note))) {
		mv_err("%s", note);
		return MV_EXIT_FAIL;
	}
	mv_report_init(&r, "nodes", o);
	r.kernel = zs.kernel;
	r.page_size = zs.page_size;
	r.source = mv_proc_root();
	mv_report_note(&r, "%s; nodes from %s/zoneinfo instead", err, mv_proc_root());
	proc_nodes(&r, &zs);
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_zoneset_free(&zs);
	return 0;
}
