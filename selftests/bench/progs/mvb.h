/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the memviz benchmark programs (selftests/bench/progs): a
 * monotonic nanosecond clock and a die().  Every program prints its
 * measurements on stdout, one number (or "key value") per line, so the
 * guest script can take medians with sort and awk.
 */
#ifndef _MVB_H
#define _MVB_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t mvb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline void __attribute__((noreturn, format(printf, 1, 2)))
mvb_die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	fputs("mvb: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err));
	exit(1);
}

/* Parse a non-negative count argument or die. */
static inline unsigned long mvb_count(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end) {
		errno = EINVAL;
		mvb_die("bad number '%s'", s);
	}
	return v;
}

/*
 * The timing programs' shared options: -n N timed runs, -w W untimed
 * warm-up runs (TCG translates a code path on its first run).  @optstr is
 * getopt's ("n:w:", or "+n:w:" to stop at the command to run).  False on
 * an unknown option or when no operand follows.
 */
static inline bool mvb_reps(int argc, char **argv, const char *optstr,
			    unsigned long *n, unsigned long *w)
{
	int opt;

	*n = 1;
	*w = 1;
	while ((opt = getopt(argc, argv, optstr)) != -1) {
		if (opt == 'n')
			*n = mvb_count(optarg);
		else if (opt == 'w')
			*w = mvb_count(optarg);
		else
			return false;
	}
	return optind < argc;
}

#endif /* _MVB_H */
