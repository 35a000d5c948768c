/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The files under /sys/kernel/debug/memviz/, one memviz_table each, and
 * the directory that holds them.
 */
#ifndef _MEMVIZ_FILES_H
#define _MEMVIZ_FILES_H

#include "table.h"

extern const struct memviz_table memviz_zones_table;
extern const struct memviz_table memviz_nodes_table;
extern const struct memviz_table memviz_lru_table, memviz_lru_gen_table, memviz_reclaim_table;
extern const struct memviz_table memviz_oom_table, memviz_oom_memcg_table;
extern const struct memviz_table memviz_oom_events_table;
extern const struct memviz_table memviz_activity_table;
extern const struct memviz_table memviz_memcg_table;

struct memviz_lru;
void memviz_lru_sample_comments(struct seq_file *m, const struct memviz_lru *lru);
extern const struct memviz_table memviz_orders_table;
struct memviz_oom_ev_zone;
void memviz_order_at_cols(struct memviz_row *r, const struct memviz_oom_ev_zone *z, int order);

int memviz_debugfs_init(void);
void memviz_debugfs_exit(void);

#endif /* _MEMVIZ_FILES_H */
