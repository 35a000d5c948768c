// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memviz/oom_events: the last OOM kills, newest first.
 * Four tables joined by the event's seq: the kills themselves, the next
 * candidates ranked right after each, and every zone and node as the
 * allocator saw them at the kill.  Formatting only; module/oom_events.c
 * records.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "oom_events.h"
#include "files.h"

#define OOM_EVENTS_VERSION 2

static void col_comm(struct memviz_row *r, const char *name, const char *raw)
{
	char buf[MEMVIZ_OOM_COMM_LEN];

	memviz_escape(buf, sizeof(buf), raw);
	memviz_col_str(r, name, buf);
}

static void col_id(struct memviz_row *r, const char *name, u64 id)
{
	memviz_col_ul_opt(r, name, id, id);
}

/* A pid or uid the reader's namespaces do not see (0, -1) is '-'. */
static void col_pid(struct memviz_row *r, const char *name, pid_t pid)
{
	memviz_col_ul_opt(r, name, pid > 0, pid);
}

static void col_uid(struct memviz_row *r, const char *name, bool seen, uid_t uid)
{
	memviz_col_ul_opt(r, name, seen && uid != (uid_t)-1, uid);
}

/* The name of a task the reader sees, '-' for one it does not. */
static void col_seen_comm(struct memviz_row *r, const char *name, bool seen, const char *raw)
{
	if (seen || r->header)
		col_comm(r, name, raw);
	else
		memviz_col_str(r, name, "-");
}

/* A node list as dmesg prints one ("0-1,3"), '-' for none. */
static void col_nodes(struct memviz_row *r, const char *name, bool valid, const nodemask_t *m)
{
	char buf[128];

	if (!valid || r->header || nodes_empty(*m)) {
		memviz_col_str(r, name, "-");
		return;
	}
	/* a list too long for the buffer ends in a cut: never on <= 16 nodes */
	scnprintf(buf, sizeof(buf), "%*pbl", nodemask_pr_args(m));
	memviz_col_str(r, name, buf);
}

/* Row @idx of a per-event table: which event, and which entry in it. */
enum sub_kind { SUB_CAND, SUB_ZONE, SUB_NODE, SUB_GROUP };

static unsigned int sub_count(const struct memviz_oom_event *e, enum sub_kind k)
{
	switch (k) {
	case SUB_CAND:
		return e->nr_cand;
	case SUB_ZONE:
		return e->nr_zones;
	case SUB_GROUP:
		return e->nr_group;
	default:
		return e->nr_nodes;
	}
}

static size_t sub_rows(const void *snap, enum sub_kind k)
{
	const struct memviz_oom_events *s = snap;
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		n += sub_count(&s->ev[i], k);
	return n;
}

/* At most MEMVIZ_OOM_EVENTS_LIMIT events to step over per row. */
static const struct memviz_oom_event *sub_locate(const struct memviz_oom_events *s,
						 enum sub_kind k, size_t idx,
						 unsigned int *sub)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		unsigned int n = sub_count(&s->ev[i], k);

		if (idx < n) {
			*sub = idx;
			return &s->ev[i];
		}
		idx -= n;
	}
	return NULL;
}

/* ---- events ---- */

static const char *const cand_state_names[] = {
	[MEMVIZ_OOM_CAND_PENDING] = "pending",
	[MEMVIZ_OOM_CAND_DONE] = "done",
	[MEMVIZ_OOM_CAND_GONE] = "memcg_gone",
};

static const char *const memcg_source_names[] = {
	[MEMVIZ_OOM_MEMCG_NONE] = "-",
	[MEMVIZ_OOM_MEMCG_TRACED] = "traced",
	[MEMVIZ_OOM_MEMCG_EVENTS] = "events",
	[MEMVIZ_OOM_MEMCG_INFERRED] = "inferred",
};

static void events_comments(struct seq_file *m, const void *snap)
{
	const struct memviz_oom_events *s = snap;

	memviz_table_banner(m, "oom_events", OOM_EVENTS_VERSION);
	seq_printf(m, "# events_max=%u recorded=%llu shown=%u now_boot_ns=%llu dropped=%llu\n",
		   s->cap, s->recorded, s->nr, s->now_ns, s->dropped);
	seq_printf(m, "# tracepoints: mark_victim=%s mm_vmscan_direct_reclaim_begin=%s mm_vmscan_memcg_reclaim_begin=%s\n",
		   s->tps.mark_victim ? "attached" : "missing",
		   s->tps.direct_reclaim ? "attached" : "missing",
		   s->tps.memcg_reclaim ? "attached" : "missing");
	seq_printf(m, "# totals for the next events: totalram=%lu swap_total=%s",
		   s->tp.totalram, s->tp.have_swap ? "" : "-");
	if (s->tp.have_swap)
		seq_printf(m, "%lu", s->tp.swap_total);
	seq_printf(m, " swappiness=%d source=/proc/meminfo,/proc/sys/vm/swappiness read at load and at each read of this file\n",
		   s->tp.swappiness);
	seq_puts(m, "# one row per OOM kill, newest first; seq joins oom_events.candidates, .zones and .nodes; boot_ns = CLOCK_BOOTTIME at the kill\n");
	seq_puts(m, "# victim (pid = thread id as dmesg's 'Killed process' prints it, tgid, comm, uid): read under its task_lock in the kill itself\n");
	seq_puts(m, "# pids and uids as the reader's namespaces see them (recorded for every pid namespace level); a task outside the reader's pid namespace shows '-' for pid, comm, uid, the rss parts and cgroup ids, keeping its points\n");
	seq_printf(m, "# rss_anon rss_file rss_shmem swapents pgtables: oom_badness()'s parts, the reads the 'Killed process' line makes (rss_read=%s)\n",
		   MEMVIZ_OOM_RSS_READ);
	seq_puts(m, "# points = those parts + adj_pages, adj_pages = oom_score_adj * (totalpages / 1000); totalpages = RAM + swap (global, unknown), swap + present pages of the allowed nodes (cpuset, mempolicy), or the OOM memcg's memory.max + (swappiness ? min(swap.max, swap_total) : 0); '-' when the memcg was not found\n");
	seq_puts(m, "# trigger_pid trigger_comm: the task that ran into the OOM (current), whose allocation failed\n");
	seq_puts(m, "# constraint is INFERRED from the trigger's last reclaim start (reclaim, reclaim_age_ns ago): the kernel enters a global OOM only after direct reclaim in that allocation, a memcg OOM only after memcg reclaim in that charge\n");
	seq_puts(m, "# constraint: memcg (last reclaim memcg) | mempolicy (direct; no __GFP_THISNODE; the trigger's task policy is MPOL_BIND to fewer than all memory nodes) | cpuset (direct; __GFP_HARDWALL; mems_allowed misses a memory node) | global (direct otherwise; a VMA policy from mbind() is not visible) | unknown (no reclaim start of the trigger seen: not attached, or none, e.g. sysrq-f)\n");
	seq_puts(m, "# nodemask: a mempolicy OOM's nodes (the trigger's task policy), '-' otherwise, as dmesg's oom-kill: line prints them; mems_allowed: the trigger's cpuset nodes\n");
	seq_puts(m, "# candidates of a non-memcg OOM are the processes one thread of which shares memory with the OOM, as oom_cpuset_eligible(): has no MPOL_BIND task policy or one intersecting nodemask (mempolicy), or has mems_allowed intersecting the trigger's (global, cpuset)\n");
	seq_puts(m, "# order gfp: the allocation's, from mm_vmscan_direct_reclaim_begin (gfp as current_gfp_context() leaves it, in hex as dmesg prints it); '-' for memcg (its reclaim traces order 0 and its own mask) and unknown\n");
	seq_puts(m, "# oom_memcg_id: the memcg whose limit was hit, with oom_memcg_max and oom_memcg_usage; '-' if none was found; oom_memcg_source says how: traced (named by mm_vmscan_memcg_reclaim_begin, which carries the memcg from 7.x), events (the victim's ancestor whose memory.events.local oom count the kill raised: moved since the trigger's reclaim began, or the only one with any), inferred (nearest ancestor of the trigger's memcg holding the victim with usage within 512 pages of memory.max), '-'\n");
	seq_puts(m, "# group_members: the other tasks of a memory.oom.group killed by the same OOM, recorded in this event (oom_events.group), not as events of their own; dropped: kills not recorded because their slot was still being written\n");
	seq_puts(m, "# candidates: the next victims, ranked in process context candidates_delay_ns after the kill (candidates_state pending until then; memcg_gone: the memcg was removed first); candidates_eligible = eligible tasks seen\n");
}

static size_t events_nr_rows(const void *snap)
{
	return ((const struct memviz_oom_events *)snap)->nr;
}

static void events_row(struct memviz_row *r, const void *snap, size_t idx)
{
	const struct memviz_oom_events *s = snap;
	static const struct memviz_oom_event none = { .order = -1 };
	const struct memviz_oom_event *e = r->header ? &none : &s->ev[idx];
	bool points = e->has_mm && e->totalpages;
	/* a victim outside the reader's pid namespace: its points, not its parts */
	bool seen = e->tgid > 0 || r->header;
	bool mm = e->has_mm && seen;
	char gfp[20];

	memviz_col_ul(r, "seq", e->seq);
	memviz_col_ul(r, "boot_ns", e->boot_ns);
	col_pid(r, "pid", e->pid);
	col_pid(r, "tgid", e->tgid);
	col_seen_comm(r, "comm", seen, e->comm);
	col_uid(r, "uid", seen, e->uid);
	memviz_col_l(r, "oom_score_adj", e->adj);
	memviz_col_ul_opt(r, "rss_anon", mm, e->rss_anon);
	memviz_col_ul_opt(r, "rss_file", mm, e->rss_file);
	memviz_col_ul_opt(r, "rss_shmem", mm, e->rss_shmem);
	memviz_col_ul_opt(r, "swapents", mm, e->swapents);
	memviz_col_ul_opt(r, "pgtables", mm, e->pgtables);
	if (points || r->header) {
		memviz_col_l(r, "adj_pages", memviz_oom_adj_pages(e->adj, e->totalpages));
		memviz_col_l(r, "points", e->points);
	} else {
		memviz_col_na(r, "adj_pages");
		memviz_col_na(r, "points");
	}
	memviz_col_ul_opt(r, "totalpages", e->totalpages, e->totalpages);
	col_id(r, "cgroup_id", seen ? e->cgroup_id : 0);
	col_id(r, "memcg_id", seen ? e->memcg_id : 0);
	col_pid(r, "trigger_pid", e->cur_pid);
	col_seen_comm(r, "trigger_comm", e->cur_pid > 0, e->cur_comm);
	memviz_col_str(r, "constraint", memviz_oom_constraint_name(e->constraint));
	memviz_col_str(r, "reclaim", memviz_oom_reclaim_name(e->reclaim));
	if (e->reclaim != MEMVIZ_OOM_RECLAIM_NONE)
		memviz_col_ul(r, "reclaim_age_ns", e->reclaim_age_ns);
	else
		memviz_col_na(r, "reclaim_age_ns");
	if (e->order >= 0)
		memviz_col_l(r, "order", e->order);
	else
		memviz_col_na(r, "order");
	snprintf(gfp, sizeof(gfp), "%#x", (__force unsigned int)e->gfp);
	memviz_col_str(r, "gfp", e->gfp_known ? gfp : "-");
	col_id(r, "oom_memcg_id", e->oom_memcg_id);
	memviz_col_ul_opt(r, "oom_memcg_max", e->oom_memcg_id, e->oom_memcg_max);
	memviz_col_ul_opt(r, "oom_memcg_usage", e->oom_memcg_id, e->oom_memcg_usage);
	memviz_col_str(r, "candidates_state", e->cand_state < ARRAY_SIZE(cand_state_names) ?
		       cand_state_names[e->cand_state] : "?");
	memviz_col_ul(r, "candidates", e->nr_cand);
	if (e->cand_state == MEMVIZ_OOM_CAND_DONE || r->header) {
		memviz_col_ul(r, "candidates_eligible", e->cand_eligible);
		memviz_col_ul(r, "candidates_delay_ns", e->cand_delay_ns);
	} else {
		memviz_col_na(r, "candidates_eligible");
		memviz_col_na(r, "candidates_delay_ns");
	}
	memviz_col_ul(r, "zones", e->nr_zones);
	memviz_col_bool(r, "zones_truncated", e->zones_truncated);
	memviz_col_ul(r, "nodes", e->nr_nodes);
	memviz_col_bool(r, "nodes_truncated", e->nodes_truncated);
	col_nodes(r, "nodemask", e->has_nodemask, &e->nodemask);
	col_nodes(r, "mems_allowed", true, &e->mems_allowed);
	memviz_col_str(r, "oom_memcg_source",
		       e->oom_memcg_source < ARRAY_SIZE(memcg_source_names) ?
		       memcg_source_names[e->oom_memcg_source] : "?");
	memviz_col_ul(r, "group_members", e->group_members);
}

/* ---- candidates ---- */

static void cand_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "oom_events.candidates", OOM_EVENTS_VERSION);
	seq_printf(m, "# per event (seq), the first %u eligible tasks the OOM killer would take next, best first, scored with that event's totalpages over its scope: the OOM memcg's subtree, or the processes that share memory with the event's nodemask or mems_allowed (oom_cpuset_eligible())\n",
		   MEMVIZ_OOM_EV_CANDIDATES);
	seq_puts(m, "# columns as in the oom file; the killed victim is no longer eligible (oom_victim); pids as the reader sees them; comm escaped as \\xHH\n");
}

static size_t cand_nr_rows(const void *snap)
{
	return sub_rows(snap, SUB_CAND);
}

static void cand_row(struct memviz_row *r, const void *snap, size_t idx)
{
	static const struct memviz_oom_ev_cand none_c = { .comm = "-" };
	static const struct memviz_oom_event none_e;
	const struct memviz_oom_event *e = &none_e;
	const struct memviz_oom_ev_cand *c = &none_c;
	unsigned int sub = 0;
	bool seen;

	if (!r->header) {
		e = sub_locate(snap, SUB_CAND, idx, &sub);
		if (!e)
			return;
		c = &e->cand[sub];
	}
	seen = c->pid > 0 || r->header;
	memviz_col_ul(r, "event_seq", e->seq);
	memviz_col_ul(r, "rank", sub + 1);
	col_pid(r, "pid", c->pid);
	memviz_col_str(r, "comm", seen ? c->comm : "-");	/* escaped when recorded */
	col_uid(r, "uid", seen, c->uid);
	memviz_col_l(r, "oom_score_adj", c->adj);
	memviz_col_ul_opt(r, "rss_anon", seen, c->rss_anon);
	memviz_col_ul_opt(r, "rss_file", seen, c->rss_file);
	memviz_col_ul_opt(r, "rss_shmem", seen, c->rss_shmem);
	memviz_col_ul_opt(r, "swapents", seen, c->swapents);
	memviz_col_ul_opt(r, "pgtables", seen, c->pgtables);
	memviz_col_l(r, "adj_pages", memviz_oom_adj_pages(c->adj, e->totalpages));
	memviz_col_l(r, "points", c->points);
	memviz_col_bool(r, "origin", c->origin);
	col_id(r, "cgroup_id", seen ? c->cgroup_id : 0);
}

/* ---- zones ---- */

static void zones_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "oom_events.zones", OOM_EVENTS_VERSION);
	seq_printf(m, "# per event (seq), every populated zone at the kill (at most %u): free pages and the min/low/high marks, boost included, as in the zones file\n",
		   MEMVIZ_OOM_EV_ZONES);
	seq_puts(m, "# check_* = the orders file's check at the failing allocation's order (check_order) for its class (check_class: gfp_zone() of its mask), and compaction's deferral then; '-' when the event knows no order (memcg OOMs) or the zone is above the class\n");
}

static size_t zones_nr_rows(const void *snap)
{
	return sub_rows(snap, SUB_ZONE);
}

static void zones_row(struct memviz_row *r, const void *snap, size_t idx)
{
	static const struct memviz_oom_ev_zone none_z = { .name = "-" };
	static const struct memviz_oom_event none_e;
	const struct memviz_oom_event *e = &none_e;
	const struct memviz_oom_ev_zone *z = &none_z;
	unsigned int sub = 0;

	if (!r->header) {
		e = sub_locate(snap, SUB_ZONE, idx, &sub);
		if (!e)
			return;
		z = &e->zone[sub];
	}
	memviz_col_ul(r, "event_seq", e->seq);
	memviz_col_l(r, "node", z->nid);
	memviz_col_str(r, "zone", z->name);
	memviz_col_ul(r, "managed", z->managed);
	memviz_col_l(r, "free", z->free);
	memviz_col_ul(r, "min", z->min);
	memviz_col_ul(r, "low", z->low);
	memviz_col_ul(r, "high", z->high);
	memviz_col_l(r, "headroom_min", z->free - (long)z->min);
	memviz_order_at_cols(r, z, e->order);
}

/* ---- nodes ---- */

static void nodes_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "oom_events.nodes", OOM_EVENTS_VERSION);
	seq_printf(m, "# per event (seq), every node with memory at the kill (at most %u): LRU sizes and node counters as in the nodes file\n",
		   MEMVIZ_OOM_EV_NODES);
	seq_puts(m, "# reclaimable = inactive_file + active_file + min(inactive_anon + active_anon, free swap): zone_reclaimable_pages()'s estimate over the node\n");
}

static size_t nodes_nr_rows(const void *snap)
{
	return sub_rows(snap, SUB_NODE);
}

static void nodes_row(struct memviz_row *r, const void *snap, size_t idx)
{
	static const struct memviz_oom_ev_node none_n;
	static const struct memviz_oom_event none_e;
	const struct memviz_oom_event *e = &none_e;
	const struct memviz_oom_ev_node *n = &none_n;
	unsigned int sub = 0;

	if (!r->header) {
		e = sub_locate(snap, SUB_NODE, idx, &sub);
		if (!e)
			return;
		n = &e->node[sub];
	}
	memviz_col_ul(r, "event_seq", e->seq);
	memviz_col_l(r, "node", n->nid);
	memviz_col_ul(r, "inactive_anon", n->lru[LRU_INACTIVE_ANON]);
	memviz_col_ul(r, "active_anon", n->lru[LRU_ACTIVE_ANON]);
	memviz_col_ul(r, "inactive_file", n->lru[LRU_INACTIVE_FILE]);
	memviz_col_ul(r, "active_file", n->lru[LRU_ACTIVE_FILE]);
	memviz_col_ul(r, "unevictable", n->lru[LRU_UNEVICTABLE]);
	memviz_col_ul(r, "isolated_anon", n->isolated_anon);
	memviz_col_ul(r, "isolated_file", n->isolated_file);
	memviz_col_ul(r, "slab_reclaimable", n->slab_reclaimable);
	memviz_col_ul(r, "reclaimable", n->reclaimable);
}

/* ---- memory.oom.group members ---- */

static void group_comments(struct seq_file *m, const void *snap)
{
	memviz_table_banner(m, "oom_events.group", OOM_EVENTS_VERSION);
	seq_printf(m, "# per event (seq), the other tasks of the victim's memory.oom.group the kernel killed with it (each a 'Killed process' line of its own), the first %u of the event's group_members\n",
		   MEMVIZ_OOM_EV_GROUP);
}

static size_t group_nr_rows(const void *snap)
{
	return sub_rows(snap, SUB_GROUP);
}

static void group_row(struct memviz_row *r, const void *snap, size_t idx)
{
	static const struct memviz_oom_ev_member none_m = { .comm = "-" };
	static const struct memviz_oom_event none_e;
	const struct memviz_oom_event *e = &none_e;
	const struct memviz_oom_ev_member *mb = &none_m;
	unsigned int sub = 0;

	if (!r->header) {
		e = sub_locate(snap, SUB_GROUP, idx, &sub);
		if (!e)
			return;
		mb = &e->group[sub];
	}
	memviz_col_ul(r, "event_seq", e->seq);
	memviz_col_ul(r, "member", sub + 1);
	col_pid(r, "pid", mb->pid);
	col_pid(r, "tgid", mb->tgid);
	col_seen_comm(r, "comm", mb->tgid > 0, mb->comm);
}

static const struct memviz_section oom_events_sections[] = {
	{ .comments = events_comments, .nr_rows = events_nr_rows, .row = events_row },
	{ .comments = cand_comments, .nr_rows = cand_nr_rows, .row = cand_row },
	{ .comments = zones_comments, .nr_rows = zones_nr_rows, .row = zones_row },
	{ .comments = nodes_comments, .nr_rows = nodes_nr_rows, .row = nodes_row },
	{ .comments = group_comments, .nr_rows = group_nr_rows, .row = group_row },
};

static void *oom_events_collect(void)
{
	return memviz_oom_events_collect();
}

static void oom_events_release(void *snap)
{
	memviz_oom_events_free(snap);
}

const struct memviz_table memviz_oom_events_table = {
	.name = "oom_events",
	.collect = oom_events_collect,
	.release = oom_events_release,
	.sections = oom_events_sections,
	.nr_sections = ARRAY_SIZE(oom_events_sections),
};
