// SPDX-License-Identifier: GPL-2.0
/*
 * The /sys/kernel/debug/memviz/ directory.
 *
 * Files are 0400 and read-only: kernel lockdown refuses debugfs files
 * with write bits, and only root should see another task's memory.
 * debugfs_create_file() (the full proxy, not _unsafe) with .owner set
 * pins the module while a file is open and lets debugfs_remove() drain
 * readers, so unloading under a reader is safe.
 */
#include <linux/debugfs.h>
#include "files.h"

static const struct memviz_table *const memviz_tables[] = {
	&memviz_zones_table,
	&memviz_nodes_table,
	&memviz_lru_table, &memviz_lru_gen_table, &memviz_reclaim_table,
	&memviz_oom_table,
	&memviz_oom_memcg_table,
	&memviz_oom_events_table,
	&memviz_activity_table,
	&memviz_memcg_table,
	&memviz_orders_table,
};

static struct dentry *memviz_dir;

/*
 * sample/lru.<N> and sample/reclaim.<N>: the same tables from a pass that
 * reads one pageblock in N, chosen per open (debugfs files cannot be
 * written under lockdown, so the choice is the file's name).
 */
static const struct memviz_table *const memviz_sampled_tables[] = {
	&memviz_lru_table, &memviz_reclaim_table,
};

static const unsigned int memviz_samples[] = { 4, 16, 64, 256, 1024 };

static struct memviz_sampled_file
	memviz_sampled_files[ARRAY_SIZE(memviz_sampled_tables) * ARRAY_SIZE(memviz_samples)];

static void memviz_sample_dir_init(void)
{
	struct dentry *dir = debugfs_create_dir("sample", memviz_dir);
	unsigned int i, j, k = 0;
	char name[32];

	for (i = 0; i < ARRAY_SIZE(memviz_sampled_tables); i++) {
		for (j = 0; j < ARRAY_SIZE(memviz_samples); j++, k++) {
			memviz_sampled_files[k].t = memviz_sampled_tables[i];
			memviz_sampled_files[k].sample = memviz_samples[j];
			snprintf(name, sizeof(name), "%s.%u", memviz_sampled_tables[i]->name,
				 memviz_samples[j]);
			debugfs_create_file(name, 0400, dir, &memviz_sampled_files[k],
					    &memviz_sampled_table_fops);
		}
	}
}

/**
 * memviz_debugfs_init() - create the memviz directory and its files
 *
 * debugfs errors are deliberately not fatal (debugfs may be disabled or
 * locked down); the module then simply shows nothing.
 *
 * Return: 0.
 */
int memviz_debugfs_init(void)
{
	unsigned int i;

	memviz_dir = debugfs_create_dir("memviz", NULL);
	for (i = 0; i < ARRAY_SIZE(memviz_tables); i++)
		debugfs_create_file(memviz_tables[i]->name, 0400, memviz_dir,
				    (void *)memviz_tables[i], &memviz_table_fops);
	memviz_sample_dir_init();
	return 0;
}

/**
 * memviz_debugfs_exit() - remove the directory, waiting for open readers
 */
void memviz_debugfs_exit(void)
{
	debugfs_remove(memviz_dir);
}
