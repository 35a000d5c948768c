// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the reader: any bytes in as one memviz file, never
 * a crash, a leak or undefined behaviour.  Each input is parsed as every
 * file name (a clean error or a document whose every cell is reachable),
 * its cells checked against their declared kinds and turned into report
 * tables emitted as text, JSON and Prometheus; then it replaces one file
 * of a fixture snapshot and a command (summary, explain, zones, oom,
 * activity...) runs on it, so the code that consumes parsed tables is
 * fuzzed too, not only the parser.  The first byte picks the file, the
 * second the command and output format.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../coltab.h"
#include "../filetab.h"
#include "../memviz.h"
#include "../output.h"
#include "../source.h"
#include "../table.h"

static const char *const files[] = {
	"zones", "nodes", "reclaim", "oom", "oom_memcg", "activity", "oom_events", "lru", "lru_gen",
};
static char dir[PATH_MAX];
static FILE *null;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of a fixture made of symlinks, one of which each input replaces. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char fix[PATH_MAX], from[PATH_MAX + 64], to[PATH_MAX + 64];
	size_t i;

	(void)argc;
	(void)argv;
	if (!realpath("fixtures/6.12-2node", fix))
		abort();
	snprintf(dir, sizeof(dir), "%s/tmp/fuzz-dir.%d", getcwd(to, sizeof(to)) ? to : ".", (int)getpid());
	snprintf(from, sizeof(from), "mkdir -p %s", dir);
	if (system(from))
		abort();
	snprintf(from, sizeof(from), "%s/proc", fix);
	snprintf(to, sizeof(to), "%s/proc", dir);
	if (symlink(from, to))
		abort();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", fix, files[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, files[i]);
		if (symlink(from, to))
			abort();
	}
	null = fopen("/dev/null", "w");
	if (!null || !freopen("/dev/null", "w", stdout))
		abort();
	mv_source_init(dir);
	return 0;
}

static void parse_and_emit(const uint8_t *data, size_t size, const char *file)
{
	struct mv_known known[16];
	struct mv_doc doc;
	char err[256];
	size_t t, r, c;
	long long v;
	int f;

	mv_known_of(file, known, sizeof(known) / sizeof(known[0]));
	if (mv_doc_parse(&doc, (const char *)data, size, file, known, err, sizeof(err))) {
		if (!err[0] || !memchr(err, '\0', sizeof(err)))
			__builtin_trap();
		return;
	}
	for (t = 0; t < doc.n; t++) {
		const struct mv_table *tb = &doc.t[t];

		if (mv_doc_table(&doc, tb->name) != tb)
			__builtin_trap();
		for (r = 0; r < tb->nrows; r++)
			for (c = 0; c < tb->ncols; c++) {
				if (!mv_cell(tb, r, (int)c))
					__builtin_trap();
				(void)mv_cell_num(tb, r, (int)c, &v);
			}
		(void)mv_fact(tb, "page_size");
		(void)mv_col(tb, "free");
	}
	/* typed cells; only a checked document is turned into tables */
	if (!mv_coltab_check(&doc, err, sizeof(err))) {
		for (f = 0; f < 3; f++) {
			struct mv_opts o = { .fmt = (enum mv_format)f, .page_size = 4096, .width = 80 };
			struct mv_report rep;

			mv_report_init(&rep, file, &o);
			for (t = 0; t < doc.n; t++)
				mv_otab_from_table(&rep, &doc.t[t], doc.t[t].name);
			mv_emit(&rep, null, &o);
			o.wide = o.all = true;
			o.sort = "free";
			mv_emit(&rep, null, &o);
			mv_report_free(&rep);
		}
	}
	mv_doc_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const cmds[])(int, char **, struct mv_opts *) = {
		mv_cmd_summary, mv_cmd_explain, mv_cmd_zones, mv_cmd_oom, mv_cmd_activity,
		mv_cmd_oom_events, mv_cmd_nodes, mv_cmd_lru, mv_cmd_reclaim, mv_cmd_watch,
	};
	char path[PATH_MAX + 64], target[PATH_MAX + 64], *argv[] = { "fuzz", NULL };
	struct mv_opts o = { .page_size = 4096, .count = -1, .interval_ms = 1000 };
	const char *file;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		parse_and_emit(data, size, files[i]);
	if (size < 2)
		return 0;
	file = files[data[0] % (sizeof(files) / sizeof(files[0]))];
	o.fmt = (enum mv_format)(data[1] % 3);
	o.events = true;
	o.cgroup = data[1] & 8 ? "/fixture" : NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (readlink(path, target, sizeof(target) - 1) < 0)
		return 0;
	target[strlen(target)] = '\0';
	unlink(path);
	f = fopen(path, "w");
	if (f) {
		fwrite(data + 2, 1, size - 2, f);
		fclose(f);
		cmds[(data[1] / 3) % (sizeof(cmds) / sizeof(cmds[0]))](1, argv, &o);
	}
	unlink(path);
	if (symlink(target, path))
		abort();
	return 0;
}
