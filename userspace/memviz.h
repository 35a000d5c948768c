/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reader's global options and its commands.  Each command lives in its
 * own cmd_<name>.c, builds a report (output.h) from the tables and /proc,
 * and returns the process exit status.
 */
#ifndef MEMVIZ_MEMVIZ_H
#define MEMVIZ_MEMVIZ_H

#include <stdbool.h>

#ifndef MEMVIZ_VERSION
#define MEMVIZ_VERSION "unknown"
#endif

/* Command options, and which command takes which (memviz.c). */
#define MV_O_TOP 1u
#define MV_O_CGROUP 2u
#define MV_O_EVENTS 4u
#define MV_O_CHECK 8u
#define MV_O_WATCH 16u		/* -i, -n, --lines */
#define MV_O_TABLE 32u		/* -o, --sort, --all */
#define MV_O_COUNT 64u		/* -n */
#define MV_O_TOPOPT 128u	/* top's -d, --once, --replay */
#define MV_O_ALLOC 256u		/* whatif alloc: --zone, --gfp */
#define MV_O_CGTREE 512u		/* cgroups --depth, --prom-max */

/* Exit statuses: 0 ok, 1 the command could not do its job, 2 usage. */
#define MV_EXIT_FAIL 1
#define MV_EXIT_USAGE 2

enum mv_format { MV_FMT_TEXT, MV_FMT_JSON, MV_FMT_PROM };

struct mv_opts {
	enum mv_format fmt;
	bool tty;		/* stdout is a terminal: gauges, in-place refresh */
	bool color;		/* tty and not --no-color */
	bool pages;		/* raw numbers instead of human units */
	bool wide;		/* every column of a file */
	bool all;		/* --all: rows that are all zero too */
	int width;		/* terminal width to fit tables in, 0 = no limit */
	const char *cols;	/* -o COL,...: the columns to show */
	const char *sort;	/* --sort [+|-]COL */
	long top;		/* oom --top N, 0 = not given */
	const char *cgroup;	/* oom/explain --cgroup PATH */
	int depth;		/* cgroups --depth N, -1 = every level */
	long prom_max;		/* cgroups --prom-max N, 0 = not given */
	bool events;		/* oom --events */
	bool check;		/* explain --check */
	bool lines;		/* watch --lines */
	long long count;	/* watch -n, -1 = forever */
	long long interval_ms;	/* watch -i */
	long long delay_ms;	/* top -d, -1 = not given */
	bool once;		/* top --once, record --once */
	const char *replay;	/* top --replay DIR */
	const char *zone;	/* whatif alloc --zone */
	const char *gfp;	/* whatif alloc --gfp */
	long page_size;
};

struct mv_command {
	const char *name;
	int (*run)(int argc, char **argv, struct mv_opts *o);
	const char *usage;	/* arguments after the command name */
	const char *brief;	/* one line for `memviz --help` */
	const char *help;	/* one paragraph */
	unsigned int opts;	/* MV_O_*: the command options it takes */
};

int mv_cmd_summary(int argc, char **argv, struct mv_opts *o);
int mv_cmd_zones(int argc, char **argv, struct mv_opts *o);
int mv_cmd_nodes(int argc, char **argv, struct mv_opts *o);
int mv_cmd_lru(int argc, char **argv, struct mv_opts *o);
int mv_cmd_reclaim(int argc, char **argv, struct mv_opts *o);
int mv_cmd_oom(int argc, char **argv, struct mv_opts *o);
int mv_cmd_oom_events(int argc, char **argv, struct mv_opts *o);
int mv_cmd_explain(int argc, char **argv, struct mv_opts *o);
int mv_cmd_whatif(int argc, char **argv, struct mv_opts *o);
int mv_cmd_watch(int argc, char **argv, struct mv_opts *o);
int mv_cmd_snapshot(int argc, char **argv, struct mv_opts *o);
int mv_cmd_activity(int argc, char **argv, struct mv_opts *o);
int mv_cmd_top(int argc, char **argv, struct mv_opts *o);
int mv_cmd_record(int argc, char **argv, struct mv_opts *o);
int mv_cmd_frag(int argc, char **argv, struct mv_opts *o);
int mv_whatif_alloc(int argc, char **argv, struct mv_opts *o);
int mv_cmd_cgroups(int argc, char **argv, struct mv_opts *o);

/* Per-command help (memviz.c), for "memviz CMD --help". */
int mv_command_help(const char *name);

#endif /* MEMVIZ_MEMVIZ_H */
