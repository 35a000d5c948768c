// SPDX-License-Identifier: GPL-2.0
/*
 * memviz: explain memory zones, LRU lists, watermarks, reclaim and OOM
 * decisions through debugfs.  This file only loads and unloads.
 */
#include <linux/module.h>
#include "../debugfs/files.h"

static int __init memviz_init(void)
{
	int ret;

	ret = memviz_debugfs_init();
	if (ret)
		return ret;
	pr_info("loaded, version %s\n", MEMVIZ_VERSION);
	return 0;
}

static void __exit memviz_exit(void)
{
	/* Files first: debugfs_remove() waits for readers before state goes. */
	memviz_debugfs_exit();
	pr_info("unloaded\n");
}

module_init(memviz_init);
module_exit(memviz_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("memviz developers");
MODULE_DESCRIPTION("Explain zones, LRU, watermarks, reclaim and OOM decisions via debugfs");
MODULE_VERSION(MEMVIZ_VERSION);
