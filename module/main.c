// SPDX-License-Identifier: GPL-2.0
/*
 * memviz: explain memory zones, LRU lists, watermarks, reclaim and OOM
 * decisions through debugfs.  This file only loads and unloads.
 */
#include <linux/module.h>
#include "../debugfs/files.h"
#include "activity.h"
#include "debug.h"
#include "oom_events.h"

static int __init memviz_init(void)
{
	int ret;

	/* Collectors before the files that read them; undone in reverse. */
	ret = memviz_activity_init();
	if (ret)
		goto fail;
	ret = memviz_oom_events_init();
	if (ret)
		goto fail_activity;
	ret = memviz_debugfs_init();
	if (ret)
		goto fail_oom_events;
	ret = memviz_debug_init_step("debugfs");
	if (ret)
		goto fail_debugfs;
	pr_info("loaded, version %s\n", MEMVIZ_VERSION);
	return 0;

fail_debugfs:
	memviz_debugfs_exit();
fail_oom_events:
	memviz_oom_events_exit();
fail_activity:
	memviz_activity_exit();
fail:
	return ret;
}

static void __exit memviz_exit(void)
{
	/* Files first: debugfs_remove() waits for readers before state goes. */
	memviz_debugfs_exit();
	memviz_oom_events_exit();
	memviz_activity_exit();
	pr_info("unloaded\n");
}

module_init(memviz_init);
module_exit(memviz_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("memviz developers");
MODULE_DESCRIPTION("Explain zones, LRU, watermarks, reclaim and OOM decisions via debugfs");
MODULE_VERSION(MEMVIZ_VERSION);
