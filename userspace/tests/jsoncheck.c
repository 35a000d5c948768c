// SPDX-License-Identifier: GPL-2.0
/*
 * jsoncheck: exit 0 iff stdin is exactly one valid JSON value (RFC 8259),
 * else print where it breaks and exit 1.  A test helper, so the reader's
 * --json output can be checked in the guest and on the host alike.
 *
 *   jsoncheck          stdin is one JSON value
 *   jsoncheck -l [N]   stdin is JSON lines: every line one JSON value
 *                      (a stream, as `memviz watch --json` prints), N of them
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p, *start;
static int depth;

static void fail(const char *why)
{
	fprintf(stderr, "jsoncheck: %s at byte %ld\n", why, (long)(p - start));
	exit(1);
}

static void ws(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
}

static void value(void);

static void string(void)
{
	if (*p++ != '"')
		fail("expected string");
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;

		if (!c || c < 0x20)
			fail("bad character in string");
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						fail("bad \\u escape");
				p += 5;
				continue;
			}
			if (!*p || !strchr("\"\\/bfnrt", *p))
				fail("bad escape");
		}
		p++;
	}
	p++;
}

static void number(void)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		fail("bad number");
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			fail("bad fraction");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			fail("bad exponent");
		while (*p >= '0' && *p <= '9')
			p++;
	}
}

static void value(void)
{
	ws();
	if (++depth > 512)
		fail("nested too deep");
	if (*p == '{') {
		p++;
		ws();
		if (*p != '}') {
			for (;;) {
				ws();
				string();
				ws();
				if (*p++ != ':')
					fail("expected ':'");
				value();
				ws();
				if (*p == ',') {
					p++;
					continue;
				}
				break;
			}
		}
		if (*p++ != '}')
			fail("expected '}'");
	} else if (*p == '[') {
		p++;
		ws();
		if (*p != ']') {
			for (;;) {
				value();
				ws();
				if (*p == ',') {
					p++;
					continue;
				}
				break;
			}
		}
		if (*p++ != ']')
			fail("expected ']'");
	} else if (*p == '"') {
		string();
	} else if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
		p += 4;
	} else if (!strncmp(p, "false", 5)) {
		p += 5;
	} else {
		number();
	}
	depth--;
}

/* Each '\n'-terminated line one value; returns the number of lines. */
static long lines(char *buf)
{
	long count = 0;
	char *nl;

	while (*buf) {
		nl = strchr(buf, '\n');
		if (!nl)
			fail("last line has no newline");
		*nl = '\0';
		p = start = buf;
		value();
		ws();
		if (*p)
			fail("trailing data on a line");
		count++;
		buf = nl + 1;
	}
	return count;
}

int main(int argc, char **argv)
{
	size_t cap = 1 << 16, n = 0, r;
	char *buf = malloc(cap);

	while (buf && (r = fread(buf + n, 1, cap - n - 1, stdin)) > 0) {
		n += r;
		if (n + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf)
		return 1;
	buf[n] = '\0';
	if (strlen(buf) != n) {
		fprintf(stderr, "jsoncheck: NUL byte in input\n");
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "-l")) {
		long want = argc > 2 ? atol(argv[2]) : -1, got = lines(buf);

		free(buf);
		if (!got || (want >= 0 && got != want)) {
			fprintf(stderr, "jsoncheck: %ld JSON lines, expected %ld\n", got, want);
			return 1;
		}
		return 0;
	}
	p = start = buf;
	value();
	ws();
	if (*p)
		fail("trailing data");
	free(buf);
	return 0;
}
