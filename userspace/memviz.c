// SPDX-License-Identifier: GPL-2.0
/*
 * memviz: the reader's entry point.  Parses the global options (which may
 * come before or after the command), picks the command and runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "memviz.h"
#include "source.h"

static const struct mv_command commands[] = {
	{ "summary", mv_cmd_summary, "",
	  "One screen: per zone, free against min/low/high and its state; kswapd per node;\n"
	  "what is reclaimable and at what cost; the top OOM candidates; the key vm sysctls." },
	{ "zones", mv_cmd_zones, "",
	  "The zones file: per zone, sizes, free pages, watermarks (boost included), state\n"
	  "and the allocator's checks. Without the module, what /proc/zoneinfo gives." },
	{ "nodes", mv_cmd_nodes, "",
	  "The nodes file: kswapd's state and whether it considers the node balanced, and\n"
	  "the node's LRU, dirty, slab and workingset counters." },
	{ "lru", mv_cmd_lru, "",
	  "The lru file: what is on each LRU list of each zone, and how costly to reclaim." },
	{ "reclaim", mv_cmd_reclaim, "",
	  "The reclaim file: scanning, stealing and stalls, and what reclaim would free." },
	{ "oom", mv_cmd_oom, "[--top N] [--cgroup PATH] | --events",
	  "The OOM killer's ranking: oom_badness() parts per process, first row = victim.\n"
	  "--cgroup PATH: the ranking of a memcg OOM in that cgroup v2 group (PATH under\n"
	  "/sys/fs/cgroup): its memcg and those below it, totalpages = oom_memcg's\n"
	  "oom_totalpages (memory.max + min(swap.max, SwapTotal) without the module);\n"
	  "ties go to the later memcg in pre-order, then the later task.\n"
	  "--events: the last OOM kills the module recorded (oom_events), newest first." },
	{ "explain", mv_cmd_explain, "",
	  "A plain-language diagnosis built only from the numbers it prints: watermarks,\n"
	  "kswapd, direct reclaim and stalls, reclaim cost, swap, the OOM victim, tunables." },
	{ "whatif", mv_cmd_whatif, "min_free_kbytes=N [watermark_scale_factor=M] | oom_score_adj PID=ADJ...",
	  "min_free_kbytes/watermark_scale_factor: the min/low/high/promo every zone would get,\n"
	  "computed as the running kernel's __setup_per_zone_wmarks() does (boost reset to 0).\n"
	  "oom_score_adj PID=ADJ...: the OOM ranking and victim with those adjustments." },
	{ "watch", mv_cmd_watch, "[-i SECONDS] [-n COUNT]",
	  "Live view: per-second pgscan/pgsteal (kswapd, direct), allocstall, refaults and OOM\n"
	  "kills, with per-zone free pages over time. Refreshes in place on a terminal." },
	{ "activity", mv_cmd_activity, "",
	  "The activity file: kswapd wakeups, LRU scanning per node and reclaimer, what kept\n"
	  "pages from being reclaimed, direct/memcg reclaim stalls and their latency." },
	{ "snapshot", mv_cmd_snapshot, "DIR",
	  "Save every memviz file plus /proc/meminfo, vmstat, zoneinfo and the vm sysctls into\n"
	  "DIR, for later `memviz --debugfs DIR ...`." },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: memviz [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"Explains Linux memory zones, watermarks, reclaim and OOM decisions from the\n"
		"memviz module's tables under %s (and /proc).\n"
		"\n"
		"Commands (default: summary):\n", MV_DEBUGFS_DIR);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].usage);
	fprintf(f,
		"\n"
		"Options:\n"
		"  --json          JSON output (schema \"memviz/1\", see memviz(1))\n"
		"  --prom          Prometheus text exposition (metrics memviz_*)\n"
		"  --debugfs DIR   read the tables (and DIR/proc) from a saved copy\n"
		"  --pages         raw numbers (pages, KiB) instead of human units\n"
		"  -w, --wide      every column of a table\n"
		"  --no-color      no colour even on a terminal\n"
		"  -h, --help      this help; `memviz COMMAND --help` for a command\n"
		"  -V, --version   print the version\n");
}

int mv_command_help(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(commands[i].name, name)) {
			printf("usage: memviz [OPTIONS] %s %s\n\n%s\n", name, commands[i].usage,
			       commands[i].help);
			return 0;
		}
	}
	return MV_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct mv_opts o = { .fmt = MV_FMT_TEXT };
	const char *debugfs = NULL;
	bool no_color = false, help = false;
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, i;
	size_t c;

	if (!rest)
		return MV_EXIT_FAIL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			while (++i < argc)
				rest[nrest++] = argv[i];
			break;
		} else if (!strcmp(a, "--json")) {
			o.fmt = MV_FMT_JSON;
		} else if (!strcmp(a, "--prom")) {
			o.fmt = MV_FMT_PROM;
		} else if (!strcmp(a, "--pages")) {
			o.pages = true;
		} else if (!strcmp(a, "-w") || !strcmp(a, "--wide")) {
			o.wide = true;
		} else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour")) {
			no_color = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			help = true;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("memviz %s\n", MEMVIZ_VERSION);
			free(rest);
			return 0;
		} else if (!strcmp(a, "--debugfs") || !strncmp(a, "--debugfs=", 10)) {
			if (a[9] == '=') {
				debugfs = a + 10;
			} else if (i + 1 < argc) {
				debugfs = argv[++i];
			} else {
				fprintf(stderr, "memviz: --debugfs needs a directory\n");
				free(rest);
				return MV_EXIT_USAGE;
			}
		} else {
			rest[nrest++] = argv[i];
		}
	}
	o.tty = isatty(STDOUT_FILENO) && o.fmt == MV_FMT_TEXT;
	o.color = o.tty && !no_color && !getenv("NO_COLOR");
	mv_source_init(debugfs);
	o.page_size = mv_page_size(NULL);

	if (!nrest) {
		if (help) {
			usage(stdout);
			free(rest);
			return 0;
		}
		rest[nrest++] = "summary";
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(commands[c].name, rest[0]))
			continue;
		if (help) {
			i = mv_command_help(rest[0]);
			free(rest);
			return i;
		}
		i = commands[c].run(nrest, rest, &o);
		free(rest);
		return i;
	}
	fprintf(stderr, "memviz: unknown command '%s'\n\n", rest[0]);
	usage(stderr);
	free(rest);
	return MV_EXIT_USAGE;
}
