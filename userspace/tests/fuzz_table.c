// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the table parser: any bytes in, either a parsed
 * document whose every cell is reachable or a clean error, never a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "../table.h"

static const struct mv_known known[] = {
	{ "zones", 1 }, { "nodes", 1 }, { "lru", 1 }, { "lru_gen", 1 }, { "reclaim", 1 },
	{ "reclaim.scan", 1 }, { "reclaim.events", 1 }, { "oom", 1 }, { "oom_memcg", 1 },
	{ NULL, 0 }
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The seed corpus holds every file of the fixtures: try each name. */
	static const char *const files[] = { "zones", "reclaim", "oom", "oom_memcg" };
	struct mv_doc doc;
	char err[256];
	size_t i, r, c;
	long long v;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (mv_doc_parse(&doc, (const char *)data, size, files[i], known, err, sizeof(err))) {
			if (!err[0] || !memchr(err, '\0', sizeof(err)))
				__builtin_trap();
			continue;
		}
		for (size_t t = 0; t < doc.n; t++) {
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
		mv_doc_free(&doc);
	}
	return 0;
}
