// SPDX-License-Identifier: GPL-2.0
/*
 * Counters and per-node facts.  The vm events are global (the kernel keeps
 * pgscan/pgsteal/allocstall per CPU, not per node), so rates are global;
 * per-node state comes from the nodes file or zoneinfo's per-node stats.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "counters.h"
#include "source.h"
#include "table.h"

double mv_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long get(const char *buf, const char *key)
{
	long long v;

	return mv_kv(buf, key, &v) ? v : 0;
}

int mv_counters_read(struct mv_counters *c)
{
	char *b = mv_read_proc("vmstat", NULL);

	memset(c, 0, sizeof(*c));
	if (!b)
		return -1;
	c->t = mv_now();
	c->pgscan_kswapd = get(b, "pgscan_kswapd");
	c->pgscan_direct = get(b, "pgscan_direct");
	c->pgsteal_kswapd = get(b, "pgsteal_kswapd");
	c->pgsteal_direct = get(b, "pgsteal_direct");
	c->allocstall = get(b, "allocstall_dma") + get(b, "allocstall_dma32") +
			get(b, "allocstall_normal") + get(b, "allocstall_movable") +
			get(b, "allocstall_device");
	c->refault = get(b, "workingset_refault_anon") + get(b, "workingset_refault_file");
	c->oom_kill = get(b, "oom_kill");
	c->pswpin = get(b, "pswpin");
	c->pswpout = get(b, "pswpout");
	c->compact_stall = get(b, "compact_stall");
	c->ok = true;
	free(b);
	return 0;
}

/* kswapdN's pid and state letter from /proc, 0 if not found. */
int mv_kswapd_proc(int node, char *state)
{
	char want[32], rel[64];
	struct dirent *de;
	int found = 0;
	DIR *d;

	if (mv_source_offline())
		return 0;
	snprintf(want, sizeof(want), "(kswapd%d)", node);
	d = opendir(mv_proc_root());
	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		long long pid;
		char *buf, *p;

		if (!mv_parse_ll(de->d_name, &pid) || pid <= 0 || pid > 65536)
			continue;	/* kthreads start early: low pids */
		snprintf(rel, sizeof(rel), "%lld/stat", pid);
		buf = mv_read_proc(rel, NULL);
		if (buf && (p = strstr(buf, want)) && p[strlen(want)] == ' ') {
			*state = p[strlen(want) + 1];
			found = (int)pid;
		}
		free(buf);
	}
	closedir(d);
	return found;
}

int mv_nodefacts_load(const struct mv_zoneset *zs, struct mv_nodefacts *nf, int max,
		      bool *from_module, char *err, size_t errlen)
{
	static const struct mv_known known[] = { { "nodes", 1 }, { NULL, 0 } };
	enum mv_src_status st;
	struct mv_doc doc;
	int n = 0, nodes[256], nn, i;
	size_t r, z;

	*from_module = false;
	st = mv_load("nodes", &doc, known, err, errlen);
	if (st == MV_SRC_BAD || st == MV_SRC_NOACCESS)
		return -1;
	if (st == MV_SRC_OK) {
		const struct mv_table *t = &doc.t[0];

		for (r = 0; r < t->nrows && n < max; r++) {
			struct mv_nodefacts *f = &nf[n++];
			const char *s = mv_get_str(t, r, "kswapd_state");
			const char *b = mv_get_str(t, r, "balanced");
			const char *u = mv_get_str(t, r, "unreclaimable");

			memset(f, 0, sizeof(*f));
			f->node = (int)mv_num(t, r, "node", 0);
			f->managed = mv_num(t, r, "managed", 0);
			f->free = mv_num(t, r, "free", 0);
			f->anon = mv_num(t, r, "inactive_anon", 0) + mv_num(t, r, "active_anon", 0);
			f->file = mv_num(t, r, "inactive_file", 0) + mv_num(t, r, "active_file", 0);
			f->dirty = mv_num(t, r, "dirty", 0);
			f->writeback = mv_num(t, r, "writeback", 0);
			f->shmem = mv_num(t, r, "shmem", 0);
			f->slab_reclaimable = mv_num(t, r, "slab_reclaimable", 0);
			f->unevictable = mv_num(t, r, "unevictable", 0);
			snprintf(f->kswapd_state, sizeof(f->kswapd_state), "%s", s ? s : "");
			if (!mv_get(t, r, "kswapd_failures", &f->kswapd_failures))
				f->kswapd_failures = -1;
			f->balanced = b ? !strcmp(b, "yes") : -1;
			f->unreclaimable = u ? !strcmp(u, "yes") : -1;
		}
		mv_doc_free(&doc);
		*from_module = true;
		return n;
	}
	nn = mv_zoneset_nodes(zs, nodes, 256);
	for (i = 0; i < nn && n < max; i++) {
		struct mv_nodefacts *f = &nf[n++];
		long long v;

		memset(f, 0, sizeof(*f));
		f->node = nodes[i];
		for (z = 0; z < zs->n; z++) {
			if (zs->z[z].node != nodes[i])
				continue;
			f->managed += zs->z[z].managed;
			f->free += zs->z[z].free;
		}
#define NS(field, name) f->field = mv_node_stat(zs, nodes[i], name, &v) ? v : 0
		NS(anon, "nr_inactive_anon");
		f->anon += mv_node_stat(zs, nodes[i], "nr_active_anon", &v) ? v : 0;
		NS(file, "nr_inactive_file");
		f->file += mv_node_stat(zs, nodes[i], "nr_active_file", &v) ? v : 0;
		NS(dirty, "nr_dirty");
		NS(writeback, "nr_writeback");
		NS(shmem, "nr_shmem");
		NS(slab_reclaimable, "nr_slab_reclaimable");
		NS(unevictable, "nr_unevictable");
#undef NS
		{
			char letter = '?';

			if (mv_kswapd_proc(nodes[i], &letter))
				snprintf(f->kswapd_state, sizeof(f->kswapd_state), "%s",
					 letter == 'R' ? "running" : "sleeping");
		}
		f->kswapd_failures = -1;
		f->balanced = f->unreclaimable = -1;
	}
	return n;
}
