// SPDX-License-Identifier: GPL-2.0
/*
 * mv-pwrite: write exact bytes to a file (a module parameter in sysfs) and
 * say what each write() returned, so a test can tell EINVAL from ERANGE.
 *
 *   mv-pwrite FILE CHUNK...
 *
 * Each CHUNK goes out in one write() on one descriptor opened O_WRONLY,
 * in order (several chunks = a value written in pieces).  In a chunk,
 * "\0" is a NUL byte, "\n" a newline, "\\" a backslash, "\xHH" any byte, and "@N*C" (a
 * whole chunk) is N copies of the character C.  Prints one word per
 * chunk: "ok" (all bytes taken), "short:N" or the errno name; exit 0 iff
 * every write took every byte.  open() failing prints "open:ERRNO".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case E2BIG: return "E2BIG";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	case EFAULT: return "EFAULT";
	case EOVERFLOW: return "EOVERFLOW";
	case ENOSPC: return "ENOSPC";
	default: return "EOTHER";
	}
}

static size_t decode(const char *s, char **out)
{
	size_t n = 0, cap = strlen(s) + 1;
	char *b;

	if (s[0] == '@' && strchr(s, '*')) {
		size_t cnt = strtoul(s + 1, NULL, 10);
		char c = strchr(s, '*')[1];

		b = malloc(cnt + 1);
		memset(b, c, cnt);
		*out = b;
		return cnt;
	}
	b = malloc(cap);
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			b[n++] = *s;
			continue;
		}
		s++;
		if (*s == '0') {
			b[n++] = '\0';
		} else if (*s == 'n') {
			b[n++] = '\n';
		} else if (*s == 'x' && s[1] && s[2]) {
			char hex[3] = { s[1], s[2], 0 };

			b[n++] = (char)strtoul(hex, NULL, 16);
			s += 2;
		} else {
			b[n++] = *s;
		}
	}
	*out = b;
	return n;
}

int main(int argc, char **argv)
{
	int fd, i, rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mv-pwrite FILE CHUNK...\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("open:%s\n", errname(errno));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		char *b;
		size_t n = decode(argv[i], &b);
		ssize_t w = write(fd, b, n);

		if (w < 0) {
			printf("%s%s", i > 2 ? " " : "", errname(errno));
			rc = 1;
		} else if ((size_t)w != n) {
			printf("%sshort:%zd", i > 2 ? " " : "", w);
			rc = 1;
		} else {
			printf("%sok", i > 2 ? " " : "");
		}
		free(b);
	}
	printf("\n");
	close(fd);
	return rc;
}
