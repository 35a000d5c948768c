/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers every part of the reader uses: allocation that never
 * returns NULL, a growable string, and error reporting.
 */
#ifndef MEMVIZ_UTIL_H
#define MEMVIZ_UTIL_H

#include <stddef.h>

#define MV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *mv_xmalloc(size_t n);
void *mv_xcalloc(size_t n, size_t size);
void *mv_xrealloc(void *p, size_t n);
char *mv_xstrdup(const char *s);
char *mv_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "memviz: <message>" on stderr. */
void mv_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct mv_buf {
	char *s;
	size_t len, cap;
};

void mv_buf_add(struct mv_buf *b, const char *s, size_t n);
void mv_buf_printf(struct mv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* MEMVIZ_UTIL_H */
