// SPDX-License-Identifier: GPL-2.0
/*
 * memviz: the reader's entry point.  One getopt_long() pass over every
 * option (global or a command's, before or after the command name), then
 * the command, which gets its positional arguments; an option given to a
 * command that does not take it is a usage error, not silently ignored.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "table.h"
#include "util.h"

static int mv_cmd_help(int argc, char **argv, struct mv_opts *o);

static const struct mv_command commands[] = {
	{ "summary", mv_cmd_summary, "",
	  "zones against their watermarks, kswapd, reclaim cost, OOM candidates, sysctls",
	  "One screen: per zone, free against min/low/high and its state; kswapd per node;\n"
	  "what is reclaimable and at what cost; the top OOM candidates; the key vm sysctls.",
	  MV_O_TABLE },
	{ "zones", mv_cmd_zones, "",
	  "per zone: sizes, free pages, watermarks, state, the allocator's checks",
	  "The zones file: per zone, sizes, free pages, watermarks (boost included), state\n"
	  "and the allocator's checks. Without the module, what /proc/zoneinfo gives.",
	  MV_O_TABLE },
	{ "nodes", mv_cmd_nodes, "",
	  "per node: kswapd's state and balance check, LRU and dirty counters",
	  "The nodes file: kswapd's state and whether it considers the node balanced, and\n"
	  "the node's LRU, dirty, slab and workingset counters.",
	  MV_O_TABLE },
	{ "lru", mv_cmd_lru, "",
	  "what each LRU list of each zone holds, and how costly it is to reclaim",
	  "The lru file: what is on each LRU list of each zone, and how costly to reclaim.",
	  MV_O_TABLE },
	{ "reclaim", mv_cmd_reclaim, "",
	  "what reclaim could free per zone; scanning and stealing since boot",
	  "The reclaim file: scanning, stealing and stalls, and what reclaim would free.",
	  MV_O_TABLE },
	{ "oom", mv_cmd_oom, "[--top N] [--cgroup PATH] | --events",
	  "the OOM killer's ranking (first row = victim); --events: recorded kills",
	  "The OOM killer's ranking: oom_badness() parts per process, first row = victim.\n"
	  "--top N: the first N rows (default: all; --prom: 10).\n"
	  "--cgroup PATH: the ranking of a memcg OOM in that cgroup v2 group (PATH under\n"
	  "/sys/fs/cgroup): its memcg and those below it, totalpages = oom_memcg's\n"
	  "oom_totalpages (memory.max + min(swap.max, SwapTotal) without the module);\n"
	  "ties go to the later memcg in pre-order, then the later task.\n"
	  "An origin task (swapoff, ksm: oom_task_origin()) goes first whatever its points.\n"
	  "--events: the last OOM kills the module recorded (oom_events), newest first.",
	  MV_O_TABLE | MV_O_TOP | MV_O_CGROUP | MV_O_EVENTS },
	{ "cgroups", mv_cmd_cgroups, "[--sort pressure|current|headroom] [--depth N] [--top N] [--prom-max N] [PATH]",
	  "memory cgroups as a tree: limits, effective protection, reclaim cost, PSI, events",
	  "Every memory cgroup (the memcg file joined with memory.stat, memory.events and\n"
	  "memory.pressure): usage against memory.high/max, configured against effective\n"
	  "protection (emin/elow as reclaim from the root computes them), what reclaim could\n"
	  "take by cost, PSI some/full avg10, events and the memcg-OOM victim where a max is set.\n"
	  "Siblings sorted by --sort pressure (default: PSI some avg10, then usage against the\n"
	  "lower limit), current or headroom (another column: a flat table sorted by it).\n"
	  "--depth N: N levels below PATH; --top N: the first N children of each cgroup;\n"
	  "PATH: that subtree only. --prom: the cgroup path as a label, the --prom-max N\n"
	  "(default 50) most pressured cgroups only.",
	  MV_O_TABLE | MV_O_TOP | MV_O_CGTREE },
	{ "explain", mv_cmd_explain, "[--check] [--cgroup PATH]",
	  "a diagnosis in sentences, each from a number it prints; --check for monitoring",
	  "A plain-language diagnosis built only from the numbers it prints: watermarks,\n"
	  "kswapd, direct reclaim and stalls, reclaim cost, swap, the OOM victim, tunables.\n"
	  "--check: one verdict line and the exit status of a Nagios plugin: 0 OK,\n"
	  "1 WARNING, 2 CRITICAL, 3 UNKNOWN (the tables could not be read).\n"
	  "--cgroup PATH: the same for one cgroup v2 group: how close to high/max and how\n"
	  "fast it grows (two samples a second apart, live only), throttling (memory.events\n"
	  "high, PSI), what reclaim can take and at what cost, why its effective protection\n"
	  "is what it is, and what a memcg OOM would kill.",
	  MV_O_TABLE | MV_O_CHECK | MV_O_CGROUP },
	{ "whatif", mv_cmd_whatif, "min_free_kbytes=N [watermark_scale_factor=M] | oom_score_adj PID=ADJ... | alloc ORDER [--zone Z] [--gfp kernel|atomic|movable]",
	  "the watermarks, the OOM ranking or an allocation's fate other settings would give",
	  "min_free_kbytes/watermark_scale_factor: the min/low/high/promo every zone would get,\n"
	  "computed as the running kernel's __setup_per_zone_wmarks() does (boost reset to 0).\n"
	  "oom_score_adj PID=ADJ...: the OOM ranking and victim with those adjustments.\n"
	  "alloc ORDER: would an allocation of 2^ORDER pages succeed from the free lists now\n"
	  "(the orders file), and if not what the allocator does next, in its own order:\n"
	  "wake kswapd, the min mark, compaction unless deferred, direct reclaim, the OOM\n"
	  "killer up to order 3 (PAGE_ALLOC_COSTLY_ORDER), else failure. --gfp: kernel\n"
	  "(default), atomic (no reclaim, lowered min) or movable (class Movable, CMA);\n"
	  "--zone: the allocation's highest zone (default Normal, Movable for movable).",
	  MV_O_TABLE | MV_O_ALLOC },
	{ "frag", mv_cmd_frag, "",
	  "per zone: the largest order passing min/low/high, free pages by order, compaction",
	  "The orders file as a grid: per zone, the largest order whose allocator check passes\n"
	  "at min, low and high now, free pages by order, the unusable index at orders 2, 3\n"
	  "and 9 (THP) and compaction's deferral; then kcompactd per node.",
	  MV_O_TABLE },
	{ "watch", mv_cmd_watch, "[-i SECONDS] [-n COUNT] [--lines]",
	  "reclaim activity as it happens: vm event rates and zone free over time",
	  "Live view: per-second pgscan/pgsteal (kswapd, direct), allocstall, refaults and OOM\n"
	  "kills, with per-zone free pages over time. Refreshes in place on a terminal.\n"
	  "--lines: one line per sample, like vmstat. --prom: one exposition of the\n"
	  "counters (rates are PromQL's job), so -n is 1. With --debugfs: one sample\n"
	  "of the snapshot, totals since boot.",
	  MV_O_TABLE | MV_O_WATCH | MV_O_COUNT },
	{ "activity", mv_cmd_activity, "",
	  "kswapd wakeups, LRU scanning per reclaimer, stalls and their latency",
	  "The activity file: kswapd wakeups, LRU scanning per node and reclaimer, what kept\n"
	  "pages from being reclaimed, direct/memcg reclaim stalls and their latency\n"
	  "(a histogram: only the buckets that counted something; --all shows every row).",
	  MV_O_TABLE },
	{ "snapshot", mv_cmd_snapshot, "DIR",
	  "save every memviz file and the /proc facts for `memviz --debugfs DIR`",
	  "Save every memviz file plus /proc/meminfo, vmstat, zoneinfo, the vm sysctls and\n"
	  "every process's status, oom_score(_adj), stat and cgroup into DIR, for later\n"
	  "`memviz --debugfs DIR ...` (the OOM ranking works from it without the module).",
	  0 },
	{ "top", mv_cmd_top, "[-d SECONDS] [-n COUNT] [--once] [--replay DIR]",
	  "a live full-screen view: zones, reclaim, the next OOM victims, cgroups",
	  "A full-screen view refreshed every -d SECONDS (default 2): zones against their\n"
	  "marks, reclaim rates with sparklines of the last minute and PSI, the next OOM\n"
	  "victims (a flash when oom_events gains a kill), the most pressured cgroups, and a\n"
	  "status line (kernel, versions, sample age, what is missing and why).\n"
	  "Keys: q quit, h or ? help, s sort the focused pane, p pause, 1..4 focus a pane,\n"
	  "up/down/PgUp/PgDn scroll it; with --replay, left/right (Home/End) step frames.\n"
	  "--once: one screen to stdout (plain text unless stdout is a terminal).\n"
	  "--replay DIR: the frames `memviz record DIR` kept (--once: every frame).\n"
	  "-n COUNT: quit after COUNT refreshes. -d 0 (no wait) only offline.",
	  MV_O_TOPOPT | MV_O_COUNT },
	{ "record", mv_cmd_record, "DIR [-i SECONDS] [-n COUNT] [--once]",
	  "keep the last COUNT snapshots in DIR, one every -i seconds, for top --replay",
	  "Every -i SECONDS (default 1) a snapshot of what top shows (the memviz files\n"
	  "but lru, lru_gen and reclaim, whose page-frame walk is too dear to repeat;\n"
	  "/proc meminfo, vmstat, zoneinfo, pressure/memory, vm sysctls; the processes\n"
	  "when there is no oom file; the cgroups' memory files) into DIR/snap-<seq>,\n"
	  "keeping the last -n COUNT (default 120), until SIGINT or SIGTERM.\n"
	  "--once, or with --debugfs SRC: one snapshot, added to the ring.",
	  MV_O_WATCH | MV_O_COUNT | MV_O_TOPOPT },
	{ "help", mv_cmd_help, "[COMMAND]",
	  "this list, or one command's help",
	  "The list of commands, or the help of COMMAND.",
	  0 },
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
	for (i = 0; i < MV_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].brief);
	fprintf(f,
		"\n"
		"Options:\n"
		"  --json            JSON output (schema \"" MV_JSON_SCHEMA "\", see memviz(1))\n"
		"  --prom            Prometheus text exposition (metrics memviz_*)\n"
		"  --debugfs DIR     read the tables (and DIR/proc) from a saved copy\n"
		"  --pages           raw numbers (pages, KiB) instead of human units\n"
		"  -w, --wide        every column of a table, whatever the terminal's width\n"
		"  -o, --output COLS only these columns (comma-separated), in that order\n"
		"  --sort [+|-]COL   rows by COL: numbers largest first, words A-Z (+ and - force)\n"
		"  -a, --all         rows that are all zero too (activity, lru, reclaim events)\n"
		"  --no-color        no colour even on a terminal\n"
		"  -h, --help        this help; `memviz help COMMAND` for a command\n"
		"  -V, --version     print the version\n"
		"Command options: oom --top N, --cgroup PATH, --events; explain --check, --cgroup PATH;\n"
		"cgroups --top N, --depth N, --prom-max N; watch -i SECONDS, -n COUNT, --lines;\n"
		"top -d SECONDS, -n COUNT, --once, --replay DIR; record -i SECONDS, -n COUNT, --once;\n"
		"whatif alloc --zone ZONE, --gfp kernel|atomic|movable.\n");
}

static const struct mv_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < MV_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int mv_command_help(const char *name)
{
	const struct mv_command *c = find_command(name);

	if (!c) {
		mv_err("no command '%s' (memviz help lists them)", name);
		return MV_EXIT_USAGE;
	}
	printf("usage: memviz [OPTIONS] %s %s\n\n%s\n", name, c->usage, c->help);
	return 0;
}

static int mv_cmd_help(int argc, char **argv, struct mv_opts *o)
{
	(void)o;
	if (argc > 2) {
		mv_err("help takes at most one command");
		return MV_EXIT_USAGE;
	}
	if (argc == 2)
		return mv_command_help(argv[1]);
	usage(stdout);
	return 0;
}

/* COLUMNS, else the terminal's width when stdout is one, else no limit. */
static int term_width(void)
{
	const char *c = getenv("COLUMNS");
	long long v;
	struct winsize ws;

	if (c && mv_parse_ll(c, &v) && v > 0 && v < 100000)
		return (int)v;
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	return 0;
}

enum {
	OPT_JSON = 256, OPT_PROM, OPT_DEBUGFS, OPT_PAGES, OPT_NOCOLOR, OPT_SORT, OPT_TOP,
	OPT_CGROUP, OPT_EVENTS, OPT_CHECK, OPT_LINES, OPT_ONCE, OPT_REPLAY,
	OPT_ZONE, OPT_GFP, OPT_DEPTH, OPT_PROM_MAX,
};

static const struct option longopts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "prom", no_argument, NULL, OPT_PROM },
	{ "debugfs", required_argument, NULL, OPT_DEBUGFS },
	{ "pages", no_argument, NULL, OPT_PAGES },
	{ "wide", no_argument, NULL, 'w' },
	{ "output", required_argument, NULL, 'o' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "all", no_argument, NULL, 'a' },
	{ "no-color", no_argument, NULL, OPT_NOCOLOR },
	{ "no-colour", no_argument, NULL, OPT_NOCOLOR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "events", no_argument, NULL, OPT_EVENTS },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "interval", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, 'n' },
	{ "lines", no_argument, NULL, OPT_LINES },
	{ "delay", required_argument, NULL, 'd' },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "zone", required_argument, NULL, OPT_ZONE },
	{ "gfp", required_argument, NULL, OPT_GFP },
	{ "depth", required_argument, NULL, OPT_DEPTH },
	{ "prom-max", required_argument, NULL, OPT_PROM_MAX },
	{ NULL, 0, NULL, 0 },
};

/* Which command option was given, for the check against the command. */
struct given {
	unsigned int mask;
	const char *name[8];
	unsigned int bit[8];
	size_t n;
};

static void give(struct given *g, unsigned int bit, const char *name)
{
	g->mask |= bit;
	if (g->n < MV_ARRAY_SIZE(g->name)) {
		g->name[g->n] = name;
		g->bit[g->n++] = bit;
	}
}

int main(int argc, char **argv)
{
	struct mv_opts o = { .fmt = MV_FMT_TEXT, .count = -1, .interval_ms = 1000, .delay_ms = -1,
			      .depth = -1 };
	const struct mv_command *cmd;
	const char *debugfs = NULL;
	bool no_color = false, help = false, json = false, prom = false;
	struct given g = { 0 };
	long long v;
	double sec;
	char *end;
	int c, i;

	argv[0] = "memviz";	/* getopt's messages: "memviz: unrecognized option" */
	while ((c = getopt_long(argc, argv, "wo:ahVi:n:d:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = true; o.fmt = MV_FMT_JSON; break;
		case OPT_PROM: prom = true; o.fmt = MV_FMT_PROM; break;
		case OPT_DEBUGFS: debugfs = optarg; break;
		case OPT_PAGES: o.pages = true; break;
		case 'w': o.wide = true; break;
		case 'o': o.cols = optarg; give(&g, MV_O_TABLE, "-o"); break;
		case OPT_SORT: o.sort = optarg; give(&g, MV_O_TABLE, "--sort"); break;
		case 'a': o.all = true; give(&g, MV_O_TABLE, "--all"); break;
		case OPT_NOCOLOR: no_color = true; break;
		case 'h': help = true; break;
		case 'V':
			printf("memviz %s\n", MEMVIZ_VERSION);
			return 0;
		case OPT_TOP:
			if (!mv_parse_ll(optarg, &v) || v < 1 || v > 1000000) {
				mv_err("--top takes a positive number of rows (without it: every row)");
				return MV_EXIT_USAGE;
			}
			o.top = (long)v;
			give(&g, MV_O_TOP, "--top");
			break;
		case OPT_CGROUP: o.cgroup = optarg; give(&g, MV_O_CGROUP, "--cgroup"); break;
		case OPT_EVENTS: o.events = true; give(&g, MV_O_EVENTS, "--events"); break;
		case OPT_CHECK: o.check = true; give(&g, MV_O_CHECK, "--check"); break;
		case OPT_LINES: o.lines = true; give(&g, MV_O_WATCH, "--lines"); break;
		case OPT_ZONE: o.zone = optarg; give(&g, MV_O_ALLOC, "--zone"); break;
		case OPT_GFP: o.gfp = optarg; give(&g, MV_O_ALLOC, "--gfp"); break;
		case OPT_DEPTH:
			if (!mv_parse_ll(optarg, &v) || v < 0 || v > 1000) {
				mv_err("--depth takes a number of levels (0: the cgroup alone)");
				return MV_EXIT_USAGE;
			}
			o.depth = (int)v;
			give(&g, MV_O_CGTREE, "--depth");
			break;
		case OPT_PROM_MAX:
			if (!mv_parse_ll(optarg, &v) || v < 1 || v > 1000000) {
				mv_err("--prom-max takes a positive number of cgroups");
				return MV_EXIT_USAGE;
			}
			o.prom_max = (long)v;
			give(&g, MV_O_CGTREE, "--prom-max");
			break;
		case 'i':
			sec = strtod(optarg, &end);
			if (end == optarg || *end || !(sec >= 0.1 && sec <= 3600)) {
				mv_err("-i takes seconds between 0.1 and 3600");
				return MV_EXIT_USAGE;
			}
			o.interval_ms = (long long)(sec * 1000);
			give(&g, MV_O_WATCH, "-i");
			break;
		case 'n':
			if (!mv_parse_ll(optarg, &o.count) || o.count < 1) {
				mv_err("-n takes a positive count");
				return MV_EXIT_USAGE;
			}
			give(&g, MV_O_COUNT, "-n");
			break;
		case 'd':	/* 0 only offline: top says so */
			sec = strtod(optarg, &end);
			if (end == optarg || *end || !(sec >= 0 && sec <= 3600)) {
				mv_err("-d takes seconds between 0 and 3600");
				return MV_EXIT_USAGE;
			}
			o.delay_ms = (long long)(sec * 1000);
			give(&g, MV_O_TOPOPT, "-d");
			break;
		case OPT_ONCE: o.once = true; give(&g, MV_O_TOPOPT, "--once"); break;
		case OPT_REPLAY: o.replay = optarg; give(&g, MV_O_TOPOPT, "--replay"); break;
		default:	/* getopt said what is wrong */
			fputs("Try 'memviz --help'.\n", stderr);
			return MV_EXIT_USAGE;
		}
	}
	if (json && prom) {
		mv_err("give one of --json and --prom");
		return MV_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (!argc && help) {
		usage(stdout);
		return 0;
	}
	cmd = find_command(argc ? argv[0] : "summary");
	if (!cmd) {
		mv_err("unknown command '%s'", argv[0]);
		fputs("Try 'memviz --help'.\n", stderr);
		return MV_EXIT_USAGE;
	}
	if (help)
		return mv_command_help(cmd->name);
	for (i = 0; i < (int)g.n; i++) {
		if (!(cmd->opts & g.bit[i])) {
			mv_err("%s is not an option of %s (see memviz help %s)", g.name[i], cmd->name,
			       cmd->name);
			return MV_EXIT_USAGE;
		}
	}
	o.tty = isatty(STDOUT_FILENO) && o.fmt == MV_FMT_TEXT;
	o.color = o.tty && !no_color && !getenv("NO_COLOR");
	o.width = o.fmt == MV_FMT_TEXT ? term_width() : 0;
	mv_source_init(debugfs);
	if (o.fmt == MV_FMT_PROM || !strcmp(cmd->name, "watch")) {
		const char *b = getenv("MEMVIZ_LRU_BUDGET_MS");

		mv_source_lru_budget(b && *b ? strtol(b, NULL, 10) : 50);
	}
	o.page_size = mv_page_size(NULL);
	if (!argc) {
		static char *def[] = { "summary", NULL };

		return cmd->run(1, def, &o);
	}
	return cmd->run(argc, argv, &o);
}
