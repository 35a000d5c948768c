// SPDX-License-Identifier: GPL-2.0
/*
 * memviz lru: the lru file (what each LRU list of each zone holds and its
 * reclaim cost) in human units.  Needs the module: /proc only has list
 * sizes, which `memviz zones --wide` and `memviz nodes` already show.
 */
#include "filetab.h"
#include "memviz.h"
#include "util.h"

int mv_cmd_lru(int argc, char **argv, struct mv_opts *o)
{
	(void)argv;
	if (argc > 1) {
		mv_err("lru takes no arguments");
		return MV_EXIT_USAGE;
	}
	return mv_file_command("lru", o);
}
