// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's inputs.  Live, files come from /sys/kernel/debug/memviz and
 * /proc; offline (--debugfs DIR, e.g. a `memviz snapshot`), the tables come
 * from DIR and /proc from DIR/proc, never mixed with the machine the
 * reader happens to run on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "coltab.h"
#include "source.h"
#include "util.h"

/* debugfs files are small; anything bigger is not one of ours. */
#define MAX_FILE (64u << 20)

static const char *src_dir = MV_DEBUGFS_DIR;
static char *proc_root;
static bool offline;

void mv_source_init(const char *dir)
{
	free(proc_root);
	offline = dir != NULL;
	src_dir = dir ? dir : MV_DEBUGFS_DIR;
	proc_root = dir ? mv_xasprintf("%s/proc", dir) : mv_xstrdup("/proc");
}

bool mv_source_offline(void)
{
	return offline;
}

const char *mv_source_dir(void)
{
	return src_dir;
}

const char *mv_proc_root(void)
{
	if (!proc_root)
		mv_source_init(NULL);
	return proc_root;
}

char *mv_read_file(const char *path, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = mv_xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			if (cap >= MAX_FILE) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = mv_xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *mv_read_proc(const char *rel, size_t *len)
{
	char *path = mv_xasprintf("%s/%s", mv_proc_root(), rel);
	char *buf = mv_read_file(path, len);

	free(path);
	return buf;
}

static bool module_listed(void)
{
	char *mods = mv_read_file("/proc/modules", NULL);
	bool yes = mods && (!strncmp(mods, "memviz ", 7) || strstr(mods, "\nmemviz "));

	free(mods);
	return yes;
}

static bool debugfs_mounted(void)
{
	char *m = mv_read_file("/proc/mounts", NULL);
	bool yes = m && strstr(m, " /sys/kernel/debug debugfs ");

	free(m);
	return yes;
}

const char *mv_module_hint(void)
{
	static char hint[512];

	if (offline) {
		snprintf(hint, sizeof(hint),
			 "%s holds no memviz tables (not a `memviz snapshot` directory?)", src_dir);
	} else if (module_listed() && !debugfs_mounted()) {
		snprintf(hint, sizeof(hint),
			 "memviz is loaded but debugfs is not mounted: mount -t debugfs none /sys/kernel/debug");
	} else if (module_listed()) {
		snprintf(hint, sizeof(hint),
			 "memviz is loaded but %s is missing (debugfs locked down or restricted?)", src_dir);
	} else {
		snprintf(hint, sizeof(hint),
			 "the memviz kernel module is not loaded: load it as root with `modprobe memviz` "
			 "(or `insmod memviz.ko` from a build tree)");
	}
	return hint;
}

static long lru_budget_ms;

void mv_source_lru_budget(long ms)
{
	lru_budget_ms = ms > 0 ? ms : 0;
}

/* The number after "key=" in @buf's '#' lines, or -1. */
static long long header_num(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);
	long long v;
	char *end;

	if (!p)
		return -1;
	v = strtoll(p + strlen(key), &end, 10);
	return end == p + strlen(key) || v < 0 ? -1 : v;
}

/*
 * sample/<file>.N for the lru and reclaim files under a budget: the least
 * sampling whose estimated cost (frames / N x the last pass's time per
 * frame) fits; NULL for the plain file (no budget, offline, a module
 * without the cost line, or an exact pass that fits).
 */
static char *budget_path(const char *file)
{
	static const unsigned int samples[] = { 1, 4, 16, 64, 256, 1024 };
	long long spanned, per_kpfn;
	char *path, *zones;
	size_t len, i;

	if (!lru_budget_ms || (strcmp(file, "lru") && strcmp(file, "reclaim")))
		return NULL;
	path = mv_xasprintf("%s/zones", src_dir);
	zones = mv_read_file(path, &len);
	free(path);
	if (!zones)
		return NULL;
	spanned = header_num(zones, " lru_pfns_spanned=");
	per_kpfn = header_num(zones, " lru_ns_per_kpfn=");
	free(zones);
	if (spanned < 0 || per_kpfn < 0)
		return NULL;
	/* before any pass: 50 ns a frame, the slowest BENCHMARKS.md measured */
	if (!per_kpfn)
		per_kpfn = 50000;
	for (i = 0; i + 1 < sizeof(samples) / sizeof(samples[0]); i++)
		if ((double)spanned * per_kpfn / 1000 / samples[i] <= lru_budget_ms * 1e6)
			break;
	if (samples[i] == 1)
		return NULL;
	return mv_xasprintf("%s/sample/%s.%u", src_dir, file, samples[i]);
}

enum mv_src_status mv_load(const char *file, struct mv_doc *doc,
			   const struct mv_known *known, char *err, size_t errlen)
{
	char *path = budget_path(file);
	char perr[320];
	struct stat st;
	size_t len;
	char *buf = NULL;
	int e;

	doc->n = 0;
	doc->t = NULL;
	if (path) {
		buf = mv_read_file(path, &len);
		if (!buf)	/* a module without sample/: the plain file */
			free(path);
	}
	if (!buf) {
		path = mv_xasprintf("%s/%s", src_dir, file);
		buf = mv_read_file(path, &len);
	}
	e = errno;
	if (!buf) {
		enum mv_src_status s;

		if (e == EACCES || e == EPERM) {
			snprintf(err, errlen, "cannot read %s: %s (the memviz files are root-only: run as root)",
				 path, strerror(e));
			s = MV_SRC_NOACCESS;
		} else if (e == ENOENT && stat(src_dir, &st) == 0) {
			snprintf(err, errlen, offline ?
				 "%s has no '%s' file (snapshot taken without the module, or by an older one)" :
				 "%s has no '%s' file (a memviz module older than this reader?)",
				 src_dir, file);
			s = MV_SRC_NOFILE;
		} else if (e == ENOENT) {
			snprintf(err, errlen, "%s", mv_module_hint());
			s = MV_SRC_NOMODULE;
		} else {
			snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
			s = MV_SRC_BAD;
		}
		free(path);
		return s;
	}
	free(path);
	if (mv_doc_parse(doc, buf, len, file, known, perr, sizeof(perr))) {
		snprintf(err, errlen, "malformed table: %s", perr);
		free(buf);
		return MV_SRC_BAD;
	}
	free(buf);
	/* Typed cells: a number that does not parse is an error, never a guess. */
	if (mv_coltab_check(doc, perr, sizeof(perr))) {
		snprintf(err, errlen, "%s/%s: %s", src_dir, file, perr);
		mv_doc_free(doc);
		return MV_SRC_BAD;
	}
	return MV_SRC_OK;
}

bool mv_sysctl(const char *rel, long long *v)
{
	char *path = mv_xasprintf("sys/%s", rel);
	char *buf = mv_read_proc(path, NULL);
	char *end;
	bool ok = false;

	free(path);
	if (buf) {
		errno = 0;
		*v = strtoll(buf, &end, 10);
		ok = end != buf && !errno;
	}
	free(buf);
	return ok;
}

bool mv_kv(const char *buf, const char *key, long long *v)
{
	size_t kl = strlen(key);
	const char *p = buf;

	while (p && *p) {
		if (!strncmp(p, key, kl) && (p[kl] == ':' || p[kl] == ' ' || p[kl] == '\t')) {
			const char *s = p + kl + (p[kl] == ':');
			char *end;

			errno = 0;
			*v = strtoll(s, &end, 10);
			return end != s && !errno;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

bool mv_meminfo(const char *key, long long *kb)
{
	char *buf = mv_read_proc("meminfo", NULL);
	bool ok = buf && mv_kv(buf, key, kb);

	free(buf);
	return ok;
}

bool mv_vmstat(const char *key, long long *v)
{
	char *buf = mv_read_proc("vmstat", NULL);
	bool ok = buf && mv_kv(buf, key, v);

	free(buf);
	return ok;
}

const char *mv_kernel_release(const struct mv_table *banner_of)
{
	static char rel[128];
	const char *k = mv_fact(banner_of, "kernel");
	char *buf;
	struct utsname u;

	if (k) {
		snprintf(rel, sizeof(rel), "%s", k);
		return rel;
	}
	buf = mv_read_proc("sys/kernel/osrelease", NULL);
	if (buf) {
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(rel, sizeof(rel), "%s", buf);
		free(buf);
		return rel;
	}
	if (!offline && uname(&u) == 0) {
		snprintf(rel, sizeof(rel), "%s", u.release);
		return rel;
	}
	return NULL;
}

unsigned int mv_kernel_code(const char *release)
{
	unsigned int maj, min;

	if (!release || sscanf(release, "%u.%u", &maj, &min) != 2 || maj > 255 || min > 255)
		return 0;
	return maj << 16 | min << 8;
}

long mv_page_size(const struct mv_table *t)
{
	long long ps;

	if (mv_parse_ll(mv_fact(t, "page_size"), &ps) && ps >= 1024 && ps <= (1 << 24))
		return (long)ps;
	if (!offline) {
		long s = sysconf(_SC_PAGESIZE);

		if (s > 0)
			return s;
	}
	return 4096;
}
