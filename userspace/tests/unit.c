// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the reader, TAP on stdout: the table parser (good
 * files, and every kind of malformed one), the watermark formula against
 * values a real kernel set, units, and every command run on every fixture
 * (fixtures/: snapshots of real guests; synthetic/: hand-made) with --json
 * checked by jsoncheck.  fixtures.sh checks what the outputs say.  Run
 * from tests/; scratch files go to tests/tmp/.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <stdbool.h>
#include <unistd.h>
#include "../table.h"
#include "../units.h"
#include "../wmark.h"

static int n, failed;

static void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", cond ? "" : "not ", ++n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failed++;
}

static int parse(const char *s, const char *file, struct mv_doc *d, char *err)
{
	static const struct mv_known known[] = { { "zones", 1 }, { NULL, 0 } };

	return mv_doc_parse(d, s, strlen(s), file, known, err, 256);
}

static void parser_tests(void)
{
	static const struct { const char *text, *why; } bad[] = {
		{ "", "empty input" },
		{ "node zone\n0 DMA\n", "no banner" },
		{ "# memviz nodes v1\nnode\n0\n", "banner names another file" },
		{ "# memviz zones v2\nnode\n0\n", "version newer than known" },
		{ "# memviz zones 1\nnode\n0\n", "version without v" },
		{ "# memviz zones v1\n# only comments\n", "no header row" },
		{ "# memviz zones v1\nnode zone\n0\n", "short row" },
		{ "# memviz zones v1\nnode zone\n0 DMA x\n", "long row" },
		{ "# memviz zones v1\nnode Zone\n0 DMA\n", "upper-case column" },
		{ "# memviz zones v1\nnode node\n0 1\n", "duplicate column" },
		{ "# memviz zones v1\nnode\n0\n# late comment\n", "comment after header" },
		{ "# memviz zones v1\nnode\n\\x4\n", "truncated escape" },
		{ "# memviz zones v1\nnode\n\\x00\n", "escaped NUL" },
		{ "# memviz zones v1\nnode\n0\n\nnode\n1\n", "second table without banner" },
		{ "# memviz zones v1\nnode\n0\n\n# memviz zones v1\nnode\n1\n", "table twice" },
		{ "# memviz zones v99999999999\nnode\n0\n", "version overflow" },
		{ "# memviz zones v1\n\nnode\n0\n", "blank line before header" },
	};
	struct mv_doc d;
	char err[256];
	long long v;
	size_t i;
	const struct mv_table *t;

	ok(!parse("# memviz zones v1 page_size=4096 kernel=6.12.1\n# nodes=2 x\nnode zone  free\n0    DMA   -\n1    Nor\\x20mal 17\n",
		  "zones", &d, err), "parser: accepts a well-formed table%s", "");
	t = mv_doc_table(&d, "zones");
	ok(t && t->nrows == 2 && t->ncols == 3, "parser: two rows of three columns%s", "");
	ok(t && !strcmp(mv_get_str(t, 1, "zone"), "Nor mal"), "parser: undoes \\x20 escapes%s", "");
	ok(t && !mv_get(t, 0, "free", &v) && mv_get(t, 1, "free", &v) && v == 17,
	   "parser: '-' is no number, 17 is%s", "");
	ok(t && !strcmp(mv_fact(t, "page_size"), "4096") && !strcmp(mv_fact(t, "nodes"), "2"),
	   "parser: banner and comment facts%s", "");
	ok(t && mv_col(t, "missing") < 0 && !mv_get_str(t, 0, "missing"),
	   "parser: unknown column is absent, not a crash%s", "");
	mv_doc_free(&d);
	ok(!parse("# memviz oom.tasks v3\na\n1\n\n# memviz oom.memcg v1\nb c\n2 3\n\n", "oom", &d, err) &&
	   d.n == 2 && mv_doc_table(&d, "oom.memcg")->nrows == 1,
	   "parser: multi-table file with unknown versions of unknown tables%s", "");
	mv_doc_free(&d);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = parse(bad[i].text, "zones", &d, err);

		ok(r && err[0] && d.n == 0, "parser: rejects %s", bad[i].why);
		if (!r)
			mv_doc_free(&d);
	}
	ok(parse("# memviz zones v1\nnode\n\\x4\n", "zones", &d, err) == -1 && strstr(err, "line 3"),
	   "parser: error names the line (%s)", err);
	{
		char buf[] = "# memviz zones v1\nnode\n0\n";

		buf[20] = '\0';
		ok(mv_doc_parse(&d, buf, sizeof(buf) - 1, "zones", NULL, err, sizeof(err)) == -1,
		   "parser: rejects a NUL byte%s", "");
	}
}

/* Marks a 6.18 kernel set (/proc/zoneinfo) for min_free_kbytes=67584, wsf=10. */
/* Issue 17 defect 10: the unit is chosen after rounding, not before. */
static void units_rounding_tests(void)
{
	static const struct { long long kb; const char *want; } c[] = {
		{ 1048575, "1.0GiB" },		/* 1023.999 MiB */
		{ 1048064, "1.0GiB" },		/* 1023.5 MiB rounds to 1024 */
		{ 1047552, "1023MiB" },		/* 1023.0 MiB */
		{ 10239, "10MiB" },		/* 9.999 MiB: not 10.0MiB */
		{ 10188, "9.9MiB" },		/* 9.949 MiB */
		{ 1023, "1023KiB" },
		{ 1024, "1.0MiB" },
		{ -10239, "-10MiB" },
		{ 0, "0KiB" },
	};
	char b[32];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		mv_human_kb(b, sizeof(b), c[i].kb);
		ok(!strcmp(b, c[i].want), "units: %lld KiB is %s (got %s)", c[i].kb, c[i].want, b);
	}
}

static void wmark_tests(void)
{
	struct mv_wm_zone z[] = {
		{ "DMA", 3840, 0, 0, 0, 0 }, { "DMA32", 772808, 0, 0, 0, 0 },
		{ "Normal", 1343488, 0, 0, 0, 0 }, { "Movable", 0, 0, 0, 0, 0 },
	};
	struct mv_wm_zone m[] = { { "Normal", 1000000, 0, 0, 0, 0 }, { "Movable", 500000, 0, 0, 0, 0 } };
	char b[32];

	ok(!mv_wm_compute(z, 4, 67584, 10, 4096, true), "wmark: computes%s", "");
	ok(z[0].min == 30 && z[0].low == 37 && z[0].high == 44 && z[0].promo == 51,
	   "wmark: DMA 30/37/44/51 as the kernel set%s", "");
	ok(z[1].min == 6158 && z[1].low == 7697 && z[1].high == 9236 && z[1].promo == 10775,
	   "wmark: DMA32 6158/7697/9236/10775 as the kernel set%s", "");
	ok(z[2].min == 10706 && z[2].low == 13382 && z[2].high == 16058 && z[2].promo == 18734,
	   "wmark: Normal 10706/13382/16058/18734 as the kernel set%s", "");
	ok(z[3].min == 32 && z[3].low == 32, "wmark: empty Movable capped at SWAP_CLUSTER_MAX (6.12+)%s", "");
	mv_wm_compute(z, 2, 67584, 1000, 4096, true);
	ok(z[1].low - z[1].min == 77280, "wmark: scale factor 1000 -> 10%% gaps%s", "");
	mv_wm_compute(m, 2, 8192, 10, 4096, false);
	ok(m[0].min == 1365 && m[1].min == 682, "wmark: 6.1 counts Movable in lowmem%s", "");
	mv_wm_compute(m, 2, 8192, 10, 4096, true);
	ok(m[0].min == 2048 && m[1].min == 128, "wmark: 6.12 leaves Movable out, caps it at 128%s", "");
	ok(mv_wm_movable_is_capped(6u << 16 | 12u << 8) && !mv_wm_movable_is_capped(6u << 16 | 1u << 8),
	   "wmark: 6.12 caps Movable, 6.1 does not%s", "");
	ok(!strcmp(mv_human_kb(b, sizeof(b), 512), "512KiB") &&
	   !strcmp(mv_human_kb(b, sizeof(b), 8192), "8.0MiB") &&
	   !strcmp(mv_human_pages(b, sizeof(b), -262144, 4096), "-1.0GiB"), "units: KiB, MiB, negative GiB%s", "");
	units_rounding_tests();
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* Every fixture directory: the captured ones and the hand-made ones. */
static size_t fixture_dirs(char dirs[][128], size_t max)
{
	static const char *const roots[] = { "fixtures", "synthetic" };
	size_t k = 0, i;

	for (i = 0; i < 2; i++) {
		DIR *d = opendir(roots[i]);
		struct dirent *de;

		while (d && (de = readdir(d)) && k < max) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(dirs[k++], 128, "%s/%.100s", roots[i], de->d_name);
		}
		if (d)
			closedir(d);
	}
	return k;
}

/*
 * memviz --prom CMD on DIR: exit 0 and at least one sample line, every
 * one well formed (a failed command prints nothing, which no pattern
 * can fault). Returns the shell's status, 0 when it holds.
 */
static int prom_check(const char *dir, const char *cmd)
{
	char line[768];

	snprintf(line, sizeof(line), "../memviz --debugfs %s --prom %s >tmp/out.prom 2>/dev/null || exit 1; "
		 "grep -v '^#' tmp/out.prom | grep -q . || exit 1; grep -v '^#' tmp/out.prom | "
		 "grep -qvE '^memviz_[a-z0-9_]+(\\{[^}]*\\})? -?[0-9.e+-]+$' && exit 1; exit 0",
		 dir, cmd);
	return sh(line);
}

static void fixture_tests(void)
{
	static const char *const cmds[] = {
		"summary", "zones", "nodes", "lru", "reclaim", "oom", "oom --top 3", "explain",
		"whatif min_free_kbytes=8192", "whatif watermark_scale_factor=200",
		"zones --wide --pages",
	};
	char dirs[32][128], cmd[768], desc[256];
	size_t d, c, nd = fixture_dirs(dirs, 32);

	ok(nd >= 5, "fixtures: %zu directories (6.1 and 6.12, 1 and 2 nodes, and hand-made)", nd);
	for (d = 0; d < nd; d++) {
		for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			char lf[160], file[16];
			bool needs;

			/* lru, reclaim and oom need the module's file of that name. */
			snprintf(file, sizeof(file), "%.*s", (int)strcspn(cmds[c], " "), cmds[c]);
			needs = !strcmp(file, "lru") || !strcmp(file, "reclaim") || !strcmp(file, "oom");
			snprintf(lf, sizeof(lf), "%s/%s", dirs[d], file);
			if (needs && access(lf, R_OK)) {
				printf("ok %d %s: memviz %s # SKIP no %s file in this fixture\n", ++n, dirs[d],
				       cmds[c], file);
				continue;
			}
			snprintf(desc, sizeof(desc), "%s: memviz %s", dirs[d], cmds[c]);
			snprintf(cmd, sizeof(cmd), "../memviz --debugfs %s %s >tmp/out.txt 2>&1", dirs[d], cmds[c]);
			ok(sh(cmd) == 0, "%s runs", desc);
			snprintf(cmd, sizeof(cmd), "../memviz --debugfs %s --json %s >tmp/out.json || exit 1; "
				 "./jsoncheck <tmp/out.json", dirs[d], cmds[c]);
			ok(sh(cmd) == 0, "%s --json exits 0 with valid JSON", desc);
			ok(prom_check(dirs[d], cmds[c]) == 0, "%s --prom exits 0 with well-formed samples", desc);
		}
	}
	ok(prom_check("fixtures/nonexistent", "zones") != 0,
	   "the --prom check fails a command that failed (no tables, empty output)%s", "");
	ok(sh("../memviz --debugfs synthetic/below-min-2node zones | awk '!/^#/ && NF {print $2}' | grep -qx Normal") == 0,
	   "zones output is awk-able by column%s", "");
	ok(sh("../memviz --debugfs synthetic/below-min-2node zones --pages | awk '$1==1 && $2==\"Normal\" {print $10}' | grep -qx min") == 0,
	   "zones: node 1 Normal is in state min%s", "");
	ok(sh("../memviz --debugfs synthetic/below-min-2node explain | grep -q 'Node 1 Normal: free 7.0MiB is at or below min'") == 0,
	   "explain: names the zone below min with its numbers%s", "");
	ok(sh("../memviz --debugfs synthetic/below-min-2node whatif min_free_kbytes=11584 | "
	      "awk '$1==1 && $2==\"Normal\" {print $3, $4, $5}' | grep -qx '1732 3252 4772'") == 0,
	   "whatif: 6.12 2-node marks from managed pages%s", "");
	ok(sh("../memviz --debugfs synthetic/below-min-2node explain | grep -q 'Estimated per node from /proc'") == 0,
	   "explain: without lru or reclaim files, says the cost split is a /proc estimate%s", "");
	ok(sh("../memviz --debugfs fixtures/nonexistent zones 2>/dev/null") != 0,
	   "no tables and no /proc copy: non-zero exit%s", "");
	ok(sh("mkdir -p tmp/bad/proc && printf '# memviz zones v1\\nnode zone\\n0\\n' > tmp/bad/zones && "
	      "../memviz --debugfs tmp/bad zones 2>tmp/err.txt; r=$?; grep -q 'line 3' tmp/err.txt && [ $r -ne 0 ]") == 0,
	   "malformed zones file: clear error and non-zero exit%s", "");
	ok(sh("../memviz whatif min_free_kbytes=-1 2>/dev/null") == 2, "whatif: refuses out-of-range values%s", "");
	ok(sh("../memviz --version | grep -q '^memviz [0-9]'") == 0, "--version prints the version%s", "");
	ok(sh("../memviz oom --help | grep -q cgroup") == 0, "per-command help%s", "");
	ok(sh("../memviz --json watch -n 3 -i 0.1 | ./jsoncheck -l 3") == 0,
	   "watch --json -n 3: a stream of three JSON documents, one per line%s", "");
}

int main(void)
{
	mkdir("tmp", 0755);
	parser_tests();
	wmark_tests();
	fixture_tests();
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
