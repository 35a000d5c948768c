// SPDX-License-Identifier: GPL-2.0
/*
 * mv-rread: the stress reader of memviz's files.  Reads them with random
 * read sizes (1 byte .. 64 KiB, log-uniform so small reads are common) and
 * random seeks, and checks every complete read is a well-formed table.
 *
 *   mv-rread [-t SECONDS] [-s SEED] [-g GENFILE] [-o BADDIR] [-p MS] [-H HOLD] [-F] FILE...
 *       loop until SECONDS pass (or SIGTERM); prints one summary line;
 *       exit 1 on any malformed complete read, seek mismatch or
 *       unexpected errno
 *   mv-rread -c FILE           exit 0 iff FILE is a well-formed table
 *   mv-rread -C SIZES FILE OUT read FILE through one descriptor once per chunk
 *                              size (comma list), seeking back to 0 between;
 *                              exit 0 iff every pass gave the same bytes
 *                              (written to OUT) and they are a table
 *
 * What counts as a complete read: every read() on one descriptor, from
 * offset 0, succeeded until read() returned 0.  memviz takes its snapshot
 * at open(), and an open descriptor pins the module (debugfs full proxy,
 * fops .owner), so no reload can fall between open() and EOF: every
 * complete read must be well formed, whatever the module does meanwhile.
 * GENFILE holds a counter the reload loop bumps after every rmmod and
 * every insmod; reads during which it moved are counted ("overlap") to
 * show the race was really exercised, and are checked all the same.
 *
 * While the file HOLD exists, no new open() starts: the reload loop makes
 * it when rmmod keeps finding a file open (a slow debug kernel keeps eight
 * readers inside reads almost all the time), and removes it once rmmod
 * succeeded, before insmod, so readers still meet the unloaded gap.
 *
 * Errors a reader must tolerate while the module goes away or memory is
 * short: ENOENT (the file is gone), ENXIO (debugfs's full proxy could not
 * pin a module that is unloading), ENODEV and EIO (a file being removed)
 * and, with -F (fault injection: /proc/self/make-it-fail = 1), ENOMEM.  A
 * read that fails is simply not complete; any other errno is a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHUNK 65536

static unsigned long long rng_state;
/* SIGTERM ends the loop early, with the summary still printed. */
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned long rnd(void)
{
	/* xorshift64*: deterministic per seed, no libc state shared. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned long)((rng_state * 2685821657736338717ULL) >> 16);
}

/* 1 .. 64 KiB, log-uniform. */
static size_t rnd_size(void)
{
	unsigned int bits = rnd() % 17;

	return 1 + rnd() % (1UL << bits);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("mv-rread: realloc");
			exit(2);
		}
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static char why[256];

static int bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return 0;
}

/*
 * The table format (shared/docs/table-format.md): sections separated by
 * one blank line; each is '#' lines, the first "# memviz NAME[.T] vN ...",
 * then one header row of unique lower-case names, then rows exactly as
 * wide as the header.  The text ends in a newline and holds no NUL.
 */
static int table_ok(const char *p, size_t len, const char *name)
{
	int line_no = 0, in_sec = 0, sections = 0, header = 0, ncols = 0;
	const char *end = p + len, *nl;
	char first[128];

	if (!len)
		return bad("empty");
	if (memchr(p, '\0', len))
		return bad("NUL byte at %zu", (size_t)((char *)memchr(p, '\0', len) - p));
	if (p[len - 1] != '\n')
		return bad("no newline at the end (%zu bytes)", len);
	for (; p < end; p = nl + 1) {
		size_t n;

		nl = memchr(p, '\n', end - p);
		n = nl - p;
		line_no++;
		if (n == 0) {
			if (!in_sec || !header)
				return bad("line %d: blank line outside a complete section", line_no);
			in_sec = 0;
			continue;
		}
		if (!in_sec) {
			int v;
			char nm[64];

			if (sscanf(p, "# memviz %63s v%d", nm, &v) != 2)
				return bad("line %d: section does not start with '# memviz NAME vN'", line_no);
			snprintf(first, sizeof(first), "%s", nm);
			if (name) {
				size_t l = strlen(name);

				if (strncmp(nm, name, l) || (nm[l] && nm[l] != '.'))
					return bad("line %d: banner names '%s', file is '%s'",
						   line_no, nm, name);
			}
			in_sec = 1;
			header = 0;
			sections++;
			continue;
		}
		if (*p == '#') {
			if (header)
				return bad("line %d: comment after the header in %s", line_no, first);
			continue;
		}
		{
			/* Count fields; for the header also check names. */
			int f = 0, i, j;
			const char *q = p;
			static char names[512][48];

			while (q < nl) {
				const char *s;

				while (q < nl && (*q == ' ' || *q == '\t'))
					q++;
				if (q == nl)
					break;
				s = q;
				while (q < nl && *q != ' ' && *q != '\t')
					q++;
				if (!header && f < 512) {
					size_t w = q - s;

					if (w >= sizeof(names[0]))
						return bad("line %d: column name too long", line_no);
					memcpy(names[f], s, w);
					names[f][w] = '\0';
					for (i = 0; names[f][i]; i++)
						if (!((names[f][i] >= 'a' && names[f][i] <= 'z') ||
						      (names[f][i] >= '0' && names[f][i] <= '9') ||
						      names[f][i] == '_'))
							return bad("line %d: column name '%s'", line_no, names[f]);
					for (j = 0; j < f; j++)
						if (!strcmp(names[j], names[f]))
							return bad("line %d: duplicate column '%s'", line_no, names[f]);
				}
				f++;
			}
			if (!header) {
				if (!f)
					return bad("line %d: empty header", line_no);
				header = 1;
				ncols = f;
			} else if (f != ncols) {
				return bad("line %d: %d fields, header has %d (%s)", line_no, f, ncols, first);
			}
		}
	}
	if (!header)
		return bad("section %s has no header", in_sec ? first : "?");
	return sections > 0;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * The table a file holds: its name, but sample/<file>.<N> (a sampled pass
 * of <file>, one file per rate) holds <file>'s tables.
 */
static const char *table_of(const char *path)
{
	static char name[64];
	const char *b = base(path);
	char *dot;

	snprintf(name, sizeof(name), "%s", b);
	if (b - path >= 7 && !strncmp(b - 7, "sample/", 7)) {
		dot = strrchr(name, '.');
		if (dot)
			*dot = '\0';
	}
	return name;
}

static long read_gen(const char *genfile)
{
	char b[32] = "";
	int fd;
	ssize_t n;

	if (!genfile)
		return 0;
	fd = open(genfile, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	return n > 0 ? atol(b) : -1;
}

static int tolerated(int err, int fault)
{
	return err == ENOENT || err == ENODEV || err == ENXIO || err == EIO ||
	       (fault && err == ENOMEM);
}

/* Where every read() lands (locked in memory with -F, see pin_chunk()). */
static char chunk[MAX_CHUNK];

/*
 * Under fail_page_alloc a read() into a page of ours that is not in
 * memory fails with EFAULT: the kernel could not fault our own buffer in.
 * That says nothing about memviz, so with -F the buffer is locked in
 * first (retrying: the injection fails the population at random too).
 */
static void pin_chunk(void)
{
	int i;

	for (i = 0; i < 1000; i++)
		if (!mlock(chunk, sizeof(chunk)))
			return;
	perror("mv-rread: mlock");
}

/* Read @fd from its current offset to EOF with random sizes; -errno on error. */
static int read_all(int fd, struct buf *b, size_t fixed)
{
	for (;;) {
		size_t want = fixed ? fixed : rnd_size();
		ssize_t n = read(fd, chunk, want > MAX_CHUNK ? MAX_CHUNK : want);

		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		if ((size_t)n > want)
			return -EOVERFLOW;	/* never: read() returned more than asked */
		buf_add(b, chunk, n);
	}
}

struct stats {
	unsigned long opens, gone, complete, ok, bad, overlap, failed_reads;
	unsigned long seeks, seekbad, enomem, unexpected;
};

static void save_bad(const char *dir, const char *file, const struct buf *b, unsigned long n)
{
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/bad.%d.%lu.%s", dir, (int)getpid(), n, base(file));
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "# mv-rread: %s\n", why);
	fwrite(b->p, 1, b->len, f);
	fclose(f);
}

/*
 * After a complete read into @ref, seek around the same descriptor: the
 * snapshot is the same, so every byte must match.
 */
static int seek_check(int fd, const struct buf *ref, struct stats *st, int fault)
{
	int i;

	for (i = 0; i < 8; i++) {
		off_t off = rnd() % (ref->len + 64);
		size_t want = rnd_size();
		ssize_t n;
		size_t expect;

		st->seeks++;
		if (lseek(fd, off, SEEK_SET) != off) {
			if (tolerated(errno, fault))
				return 0;
			snprintf(why, sizeof(why), "lseek %lld: %s", (long long)off, strerror(errno));
			return -1;
		}
		n = read(fd, chunk, want);
		if (n < 0) {
			if (tolerated(errno, fault))
				return 0;
			snprintf(why, sizeof(why), "read after lseek: %s", strerror(errno));
			return -1;
		}
		expect = (size_t)off >= ref->len ? 0 : ref->len - off;
		if (expect > want)
			expect = want;
		/* seq_file may return less than asked, never different bytes. */
		if ((size_t)n > expect || memcmp(chunk, ref->p + off, n) ||
		    (expect && n == 0)) {
			ssize_t d = 0;
			char a[24] = "", c[24] = "";

			/* Show where they part: a value re-rendered on seek? */
			while (d < n && (size_t)(off + d) < ref->len && chunk[d] == ref->p[off + d])
				d++;
			if ((size_t)(off + d) < ref->len)
				snprintf(a, sizeof(a), "%.20s", ref->p + off + d);
			if (d < n)
				snprintf(c, sizeof(c), "%.*s", (int)(n - d < 20 ? n - d : 20), chunk + d);
			for (char *x = a; *x; x++)
				if (*x == '\n')
					*x = '|';
			for (char *x = c; *x; x++)
				if (*x == '\n')
					*x = '|';
			snprintf(why, sizeof(why),
				 "seek to %lld read %zd bytes (want %zu, %zu left): differs at %lld: first read '%s', re-read '%s'",
				 (long long)off, n, want, ref->len - (size_t)off,
				 (long long)(off + d), a, c);
			return -1;
		}
	}
	return 0;
}

static int set_make_it_fail(void)
{
	int fd = open("/proc/self/make-it-fail", O_WRONLY);
	int ok = fd >= 0 && write(fd, "1", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static const char *holdfile;

static void wait_hold(double end)
{
	while (holdfile && !stop && now() < end && !access(holdfile, F_OK))
		usleep(10000);
}

static int loop(int nfiles, char **files, double secs, const char *genfile,
		const char *baddir, int pause_ms, int fault)
{
	struct stats st = {};
	double end = now() + secs;
	struct buf b = {};

	if (fault && set_make_it_fail()) {
		perror("mv-rread: /proc/self/make-it-fail");
		return 2;
	}
	signal(SIGTERM, on_term);
	while (!stop && now() < end) {
		const char *file = files[rnd() % nfiles];
		long g0 = read_gen(genfile), g1;
		int fd, ret, seek = rnd() % 5 < 2;

		wait_hold(end);
		st.opens++;
		fd = open(file, O_RDONLY);
		if (fd < 0) {
			if (errno == ENOMEM)
				st.enomem++;
			if (tolerated(errno, fault)) {
				st.gone++;
			} else {
				if (st.unexpected++ < 3)
					fprintf(stderr, "mv-rread: open %s: %s\n", file, strerror(errno));
			}
			goto next;
		}
		b.len = 0;
		ret = read_all(fd, &b, 0);
		if (ret) {
			if (ret == -ENOMEM)
				st.enomem++;
			if (tolerated(-ret, fault)) {
				st.failed_reads++;
			} else {
				if (st.unexpected++ < 3)
					fprintf(stderr, "mv-rread: read %s: %s\n", file, strerror(-ret));
			}
			close(fd);
			goto next;
		}
		st.complete++;
		if (table_ok(b.p, b.len, table_of(file))) {
			st.ok++;
		} else {
			/* The first few are enough to debug; keep the console small. */
			if (st.bad++ < 3)
				fprintf(stderr, "mv-rread: %s: malformed: %s\n", file, why);
			if (st.bad <= 3)
				save_bad(baddir, file, &b, st.bad);
		}
		if (seek && seek_check(fd, &b, &st, fault)) {
			if (st.seekbad++ < 3)
				fprintf(stderr, "mv-rread: %s: %s\n", file, why);
		}
		close(fd);
		g1 = read_gen(genfile);
		if (g0 != g1)
			st.overlap++;
next:
		if (pause_ms)
			usleep((rnd() % (pause_ms + 1)) * 1000);
	}
	printf("opens=%lu gone=%lu complete=%lu ok=%lu bad=%lu overlap=%lu failed_reads=%lu enomem=%lu seeks=%lu seekbad=%lu unexpected=%lu\n",
	       st.opens, st.gone, st.complete, st.ok, st.bad, st.overlap,
	       st.failed_reads, st.enomem, st.seeks, st.seekbad, st.unexpected);
	free(b.p);
	return st.bad || st.seekbad || st.unexpected;
}

static int check_file(const char *path)
{
	struct buf b = {};
	int fd = open(path, O_RDONLY);
	int ret, ok;
	const char *name = getenv("MV_TABLE_NAME");

	if (fd < 0) {
		perror(path);
		return 2;
	}
	ret = read_all(fd, &b, 4096);
	close(fd);
	if (ret) {
		fprintf(stderr, "mv-rread: %s: %s\n", path, strerror(-ret));
		return 2;
	}
	ok = table_ok(b.p ? b.p : "", b.len, name && *name ? name : NULL);
	if (!ok)
		printf("%s: %s\n", path, why);
	free(b.p);
	return !ok;
}

/* One descriptor, several passes with fixed chunk sizes: identical bytes. */
static int chunks(const char *sizes, const char *path, const char *out)
{
	struct buf ref = {}, b = {};
	char *list = strdup(sizes), *tok, *save = NULL;
	int fd = open(path, O_RDONLY), ret, pass = 0, rc = 0;
	FILE *f;

	if (fd < 0) {
		perror(path);
		return 2;
	}
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t sz = strtoul(tok, NULL, 0);
		struct buf *dst = pass ? &b : &ref;

		if (!sz || sz > MAX_CHUNK) {
			fprintf(stderr, "mv-rread: chunk size %s out of 1..%d\n", tok, MAX_CHUNK);
			return 2;
		}
		if (lseek(fd, 0, SEEK_SET)) {
			perror("lseek 0");
			return 2;
		}
		dst->len = 0;
		ret = read_all(fd, dst, sz);
		if (ret) {
			fprintf(stderr, "mv-rread: %s in chunks of %zu: %s\n", path, sz, strerror(-ret));
			return 2;
		}
		if (pass && (b.len != ref.len || memcmp(b.p, ref.p, b.len))) {
			printf("chunk %zu: %zu bytes, differ from the first pass (%zu bytes)\n",
			       sz, b.len, ref.len);
			rc = 1;
		}
		pass++;
	}
	close(fd);
	if (!table_ok(ref.p ? ref.p : "", ref.len, table_of(path))) {
		printf("%s: %s\n", path, why);
		rc = 1;
	}
	f = fopen(out, "w");
	if (!f || fwrite(ref.p, 1, ref.len, f) != ref.len || fclose(f)) {
		perror(out);
		return 2;
	}
	free(list);
	return rc;
}

int main(int argc, char **argv)
{
	const char *genfile = NULL, *baddir = NULL, *csizes = NULL, *cfile = NULL;
	double secs = 10;
	int opt, pause_ms = 0, fault = 0;

	rng_state = (unsigned long long)getpid() * 0x9e3779b97f4a7c15ULL | 1;
	while ((opt = getopt(argc, argv, "t:s:g:o:p:H:Fc:C:")) != -1) {
		switch (opt) {
		case 't': secs = atof(optarg); break;
		case 's': rng_state = strtoull(optarg, NULL, 0) * 0x9e3779b97f4a7c15ULL | 1; break;
		case 'g': genfile = optarg; break;
		case 'o': baddir = optarg; break;
		case 'p': pause_ms = atoi(optarg); break;
		case 'H': holdfile = optarg; break;
		case 'F': fault = 1; break;
		case 'c': cfile = optarg; break;
		case 'C': csizes = optarg; break;
		default:
			fprintf(stderr, "usage: see the comment at the top of mv-rread.c\n");
			return 2;
		}
	}
	if (cfile)
		return check_file(cfile);
	if (csizes) {
		if (argc - optind != 2) {
			fprintf(stderr, "usage: mv-rread -C SIZES FILE OUT\n");
			return 2;
		}
		return chunks(csizes, argv[optind], argv[optind + 1]);
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: see the comment at the top of mv-rread.c\n");
		return 2;
	}
	if (fault)
		pin_chunk();
	return loop(argc - optind, argv + optind, secs, genfile, baddir, pause_ms, fault);
}
