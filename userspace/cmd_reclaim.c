// SPDX-License-Identifier: GPL-2.0
/*
 * memviz reclaim: the reclaim file in human units.  Without the module,
 * `memviz watch` shows the reclaim counters /proc/vmstat has.
 */
#include "filetab.h"
#include "memviz.h"
#include "util.h"

int mv_cmd_reclaim(int argc, char **argv, struct mv_opts *o)
{
	(void)argv;
	if (argc > 1) {
		mv_err("reclaim takes no arguments");
		return MV_EXIT_USAGE;
	}
	return mv_file_command("reclaim", o);
}
