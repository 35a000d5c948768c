// SPDX-License-Identifier: GPL-2.0
/*
 * The memviz table parser: text in, named columns out, or a clear error.
 *
 * It never trusts its input: every line is checked against the format
 * (banner, one header, rows exactly as wide as the header, valid column
 * names, valid escapes), and the first violation ends the parse with the
 * line number, so a torn or foreign file is reported, not misread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "table.h"
#include "util.h"

#define MAX_COLS 4096
#define MAX_VERSION 1000000U

struct parser {
	struct mv_doc *doc;
	const char *file;
	const struct mv_known *known;
	char *err;
	size_t errlen;
	unsigned long lineno;
};

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->lineno)
		snprintf(p->err, p->errlen, "%s line %lu: %s", p->file, p->lineno, msg);
	else
		snprintf(p->err, p->errlen, "%s: %s", p->file, msg);
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Split @line in place into words; returns the count, or -1 if too many. */
static long split(char *line, char ***words, size_t max)
{
	size_t n = 0, cap = 0;
	char **w = NULL;
	char *s = line;

	for (;;) {
		while (is_space(*s))
			s++;
		if (!*s)
			break;
		if (n == max) {
			free(w);
			return -1;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			w = mv_xrealloc(w, cap * sizeof(*w));
		}
		w[n++] = s;
		while (*s && !is_space(*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
	*words = w;
	return (long)n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo \xNN and \\ escapes into a new string; NULL if malformed. */
static char *unescape(const char *s)
{
	char *out = mv_xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		if (s[1] == '\\') {
			*o++ = '\\';
			s += 2;
		} else if (s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
			int c = hexval(s[2]) * 16 + hexval(s[3]);

			if (!c)
				break;	/* a NUL cannot be carried in a field */
			*o++ = (char)c;
			s += 4;
		} else {
			break;
		}
	}
	if (*s) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* "<file>" or "<file>.<table>", the table part a valid name. */
static bool valid_table_name(const char *name, const char *file)
{
	size_t fl = strlen(file);

	if (strncmp(name, file, fl))
		return false;
	if (!name[fl])
		return true;
	return name[fl] == '.' && valid_name(name + fl + 1);
}

static void add_fact(struct mv_table *t, const char *word)
{
	const char *eq = strchr(word, '=');
	char key[64];
	size_t kl;

	if (!eq || eq == word || !eq[1])
		return;
	kl = (size_t)(eq - word);
	if (kl >= sizeof(key))
		return;
	memcpy(key, word, kl);
	key[kl] = '\0';
	if (!valid_name(key) || mv_fact(t, key))
		return;
	t->fact_key = mv_xrealloc(t->fact_key, (t->nfacts + 1) * sizeof(char *));
	t->fact_val = mv_xrealloc(t->fact_val, (t->nfacts + 1) * sizeof(char *));
	t->fact_key[t->nfacts] = mv_xstrdup(key);
	t->fact_val[t->nfacts] = mv_xstrdup(eq + 1);
	t->nfacts++;
}

static void facts_of_line(struct mv_table *t, char *line)
{
	char **w;
	long n, i;

	n = split(line, &w, 1024);
	for (i = 0; i < n; i++)
		add_fact(t, w[i]);
	if (n > 0)
		free(w);
}

static int parse_banner(struct parser *p, struct mv_table *t, char *line)
{
	char **w = NULL;
	long n;
	char *end;
	unsigned long v;
	size_t i;
	int ret = -1;

	n = split(line, &w, 1024);
	if (n < 4 || strcmp(w[0], "#") || strcmp(w[1], "memviz")) {
		fail(p, "not a memviz table: expected '# memviz %s v<N>'", p->file);
		goto out;
	}
	if (!valid_table_name(w[2], p->file)) {
		fail(p, "banner names table '%.64s', expected '%s' or '%s.<table>'",
		     w[2], p->file, p->file);
		goto out;
	}
	errno = 0;
	v = strtoul(w[3] + 1, &end, 10);
	if (w[3][0] != 'v' || w[3][1] < '0' || w[3][1] > '9' || *end || errno ||
	    v == 0 || v > MAX_VERSION) {
		fail(p, "bad version '%.32s' in banner (expected v<N>)", w[3]);
		goto out;
	}
	for (i = 0; i < p->doc->n; i++) {
		if (!strcmp(p->doc->t[i].name, w[2])) {
			fail(p, "table '%.64s' appears twice", w[2]);
			goto out;
		}
	}
	for (i = 0; p->known && p->known[i].name; i++) {
		if (!strcmp(p->known[i].name, w[2]) && v > p->known[i].max_version) {
			fail(p, "%s v%lu is newer than this reader understands (v%u); upgrade memviz",
			     w[2], v, p->known[i].max_version);
			goto out;
		}
	}
	t->name = mv_xstrdup(w[2]);
	t->version = (unsigned int)v;
	for (i = 4; i < (size_t)n; i++)
		add_fact(t, w[i]);
	ret = 0;
out:
	if (n > 0)
		free(w);
	return ret;
}

static int parse_header(struct parser *p, struct mv_table *t, char *line)
{
	char **w;
	long n;
	size_t i, j;

	n = split(line, &w, MAX_COLS);
	if (n < 0)
		return fail(p, "more than %d columns", MAX_COLS);
	for (i = 0; i < (size_t)n; i++) {
		if (!valid_name(w[i])) {
			fail(p, "bad column name '%.64s' (lower case, digits and '_' only)", w[i]);
			free(w);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(w[i], w[j])) {
				fail(p, "column '%.64s' appears twice", w[i]);
				free(w);
				return -1;
			}
		}
	}
	t->ncols = (size_t)n;
	t->cols = mv_xmalloc((size_t)n * sizeof(char *));
	for (i = 0; i < (size_t)n; i++)
		t->cols[i] = mv_xstrdup(w[i]);
	free(w);
	return 0;
}

static int parse_row(struct parser *p, struct mv_table *t, char *line, size_t *cap)
{
	char **w;
	long n;
	size_t i;

	n = split(line, &w, t->ncols);
	if (n < 0 || (size_t)n != t->ncols) {
		if (n > 0)
			free(w);
		return fail(p, "row has %s%ld fields, the header has %zu", n < 0 ? "more than " : "",
			    n < 0 ? (long)t->ncols : n, t->ncols);
	}
	if ((t->nrows + 1) * t->ncols > *cap) {
		*cap = *cap ? *cap * 2 : t->ncols * 32;
		t->cells = mv_xrealloc(t->cells, *cap * sizeof(char *));
	}
	for (i = 0; i < t->ncols; i++) {
		char *c = unescape(w[i]);

		if (!c) {
			size_t k;

			for (k = 0; k < i; k++)
				free(t->cells[t->nrows * t->ncols + k]);
			fail(p, "bad escape in field %zu ('%.32s'): only \\xNN and \\\\", i + 1, w[i]);
			free(w);
			return -1;
		}
		t->cells[t->nrows * t->ncols + i] = c;
	}
	t->nrows++;
	free(w);
	return 0;
}

static void table_free(struct mv_table *t)
{
	size_t i;

	for (i = 0; i < t->nfacts; i++) {
		free(t->fact_key[i]);
		free(t->fact_val[i]);
	}
	for (i = 0; i < t->ncomments; i++)
		free(t->comments[i]);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->fact_key);
	free(t->fact_val);
	free(t->comments);
	free(t->cols);
	free(t->cells);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

void mv_doc_free(struct mv_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->n; i++)
		table_free(&doc->t[i]);
	free(doc->t);
	doc->t = NULL;
	doc->n = 0;
}

enum state { WANT_BANNER, WANT_HEADER, IN_ROWS };

int mv_doc_parse(struct mv_doc *doc, const char *buf, size_t len,
		 const char *file, const struct mv_known *known,
		 char *err, size_t errlen)
{
	struct parser p = { doc, file, known, err, errlen, 0 };
	enum state st = WANT_BANNER;
	struct mv_table *t = NULL;
	size_t cap = 0, pos = 0;
	char *line = NULL;
	int ret = -1;

	doc->n = 0;
	doc->t = NULL;
	if (memchr(buf, '\0', len)) {
		fail(&p, "contains a NUL byte: not a text table");
		goto out;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		bool blank;
		size_t k;

		p.lineno++;
		free(line);
		line = mv_xmalloc(ll + 1);
		memcpy(line, buf + pos, ll);
		line[ll] = '\0';
		pos += ll + 1;

		blank = true;
		for (k = 0; k < ll; k++)
			if (!is_space(line[k]))
				blank = false;

		if (blank) {
			if (st == WANT_HEADER) {
				fail(&p, "blank line before the header row of %s", t->name);
				goto out;
			}
			st = WANT_BANNER;
			continue;
		}
		switch (st) {
		case WANT_BANNER:
			doc->t = mv_xrealloc(doc->t, (doc->n + 1) * sizeof(*doc->t));
			t = &doc->t[doc->n];
			memset(t, 0, sizeof(*t));
			cap = 0;
			if (parse_banner(&p, t, line))
				goto out;
			doc->n++;
			st = WANT_HEADER;
			break;
		case WANT_HEADER:
			if (line[0] == '#') {
				const char *c = line + 1;

				if (*c == ' ')
					c++;
				t->comments = mv_xrealloc(t->comments, (t->ncomments + 1) * sizeof(char *));
				t->comments[t->ncomments++] = mv_xstrdup(c);
				facts_of_line(t, line);
				break;
			}
			if (parse_header(&p, t, line))
				goto out;
			st = IN_ROWS;
			break;
		case IN_ROWS:
			if (line[0] == '#') {
				fail(&p, "'#' line after the header row of %s", t->name);
				goto out;
			}
			if (parse_row(&p, t, line, &cap))
				goto out;
			break;
		}
	}
	p.lineno = 0;
	if (!doc->n) {
		fail(&p, "empty: no '# memviz %s v<N>' banner", file);
		goto out;
	}
	if (st == WANT_HEADER) {
		fail(&p, "table %s has no header row", t->name);
		goto out;
	}
	ret = 0;
out:
	free(line);
	if (ret)
		mv_doc_free(doc);
	return ret;
}

const struct mv_table *mv_doc_table(const struct mv_doc *doc, const char *name)
{
	size_t i;

	for (i = 0; i < doc->n; i++)
		if (!strcmp(doc->t[i].name, name))
			return &doc->t[i];
	return NULL;
}

int mv_col(const struct mv_table *t, const char *name)
{
	size_t i;

	if (!t)
		return -1;
	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return (int)i;
	return -1;
}

const char *mv_cell(const struct mv_table *t, size_t row, int col)
{
	if (!t || col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
		return NULL;
	return t->cells[row * t->ncols + (size_t)col];
}

bool mv_parse_ll(const char *s, long long *v)
{
	const char *d = s;
	char *end;

	if (!s)
		return false;
	if (*d == '-')
		d++;
	if (*d < '0' || *d > '9')
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !*end && !errno;
}

bool mv_cell_num(const struct mv_table *t, size_t row, int col, long long *v)
{
	return mv_parse_ll(mv_cell(t, row, col), v);
}

bool mv_get(const struct mv_table *t, size_t row, const char *col, long long *v)
{
	return mv_cell_num(t, row, mv_col(t, col), v);
}

/* No page count, id or order of a real system comes near 2^52. */
#define MV_NUM_MAX (1LL << 52)

long long mv_num(const struct mv_table *t, size_t row, const char *col, long long none)
{
	long long v;

	if (!mv_get(t, row, col, &v))
		return none;
	/* clamped, so that the sums and products made of them cannot overflow */
	return v > MV_NUM_MAX ? MV_NUM_MAX : v < -MV_NUM_MAX ? -MV_NUM_MAX : v;
}

const char *mv_get_str(const struct mv_table *t, size_t row, const char *col)
{
	return mv_cell(t, row, mv_col(t, col));
}

const char *mv_fact(const struct mv_table *t, const char *key)
{
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->nfacts; i++)
		if (!strcmp(t->fact_key[i], key))
			return t->fact_val[i];
	return NULL;
}
