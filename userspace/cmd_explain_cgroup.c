// SPDX-License-Identifier: GPL-2.0
/*
 * memviz explain --cgroup PATH: the diagnosis of one cgroup, in sentences
 * that each cite the numbers they rest on (the memcg file, the cgroup's
 * own files): limits and growth, throttling, what reclaim can take, why
 * the effective protection is what it is, the memcg-OOM victim.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cgset.h"
#include "memviz.h"
#include "output.h"
#include "source.h"
#include "units.h"
#include "util.h"

struct cgx {
	struct mv_report *r;
	const struct mv_cgset *s;
	const struct mv_cg *c;
	long ps;
	bool raw;
	char sz[6][32];
	int nsz;
};

/* A size as text: "1.0 GiB", or "262144 pages" with --pages. */
static const char *sz(struct cgx *x, long long pages)
{
	char *b = x->sz[x->nsz++ % 6];

	if (pages < 0)
		return "none";
	if (x->raw)
		snprintf(b, 32, "%lld pages", pages);
	else
		mv_human_pages(b, 32, pages, x->ps);
	return b;
}

static void say(struct cgx *x, const char *id, enum mv_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(struct cgx *x, const char *id, enum mv_severity sev, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	mv_report_line(x->r, "- %s", text);
	mv_report_finding(x->r, id, sev, x->c->path, text);
}

/* memory.current read again from the cgroup's file @ms later (live only). */
static bool current_after(const struct mv_cgset *s, const struct mv_cg *c, long ms, long long *bytes)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	char *path, *buf;
	bool ok;

	if (mv_source_offline())
		return false;
	nanosleep(&ts, NULL);
	path = mv_xasprintf("%s%s/memory.current", s->root, strcmp(c->path, "/") ? c->path : "");
	buf = mv_read_file(path, NULL);
	free(path);
	if (buf)
		buf[strcspn(buf, "\n")] = '\0';
	ok = buf && mv_parse_ll(buf, bytes);
	free(buf);
	return ok;
}

static void limits(struct cgx *x)
{
	const struct mv_cg *c = x->c;
	long long lim = mv_cg_limit(c), b;
	enum mv_severity sev = MV_SEV_OK;

	if (lim < 0) {
		say(x, "cgroup_limit", MV_SEV_OK, "%s uses %s and has neither memory.high nor memory.max: only a global shortage or an ancestor's limit reclaims from it.",
		    c->path, sz(x, c->current));
	} else {
		long long pct = lim ? c->current * 100 / lim : 100;

		if (pct >= 90)
			sev = c->max >= 0 && lim == c->max ? MV_SEV_CRITICAL : MV_SEV_WARNING;
		say(x, "cgroup_limit", sev, "%s uses %s: %lld%% of its %s %s (high %s, max %s), %s %s.",
		    c->path, sz(x, c->current), pct, lim == c->high ? "memory.high" : "memory.max",
		    sz(x, lim), sz(x, c->high), sz(x, c->max),
		    sz(x, lim >= c->current ? lim - c->current : c->current - lim),
		    lim >= c->current ? "of headroom" : "over it");
	}
	mv_finding_num(x->r, "current", c->current);
	mv_finding_num(x->r, "high", c->high);
	mv_finding_num(x->r, "max", c->max);
	if (current_after(x->s, c, 1000, &b)) {
		long long d = b / x->ps - c->current;

		if (d > 0 && lim > c->current)
			say(x, "cgroup_growth", MV_SEV_OK, "It grew by %s in about a second (memory.current now %s): at that rate it reaches %s in about %lld s.",
			    sz(x, d), sz(x, b / x->ps), sz(x, lim), (lim - c->current) / d);
		else
			say(x, "cgroup_growth", MV_SEV_OK, "It changed by %lld pages in about a second (memory.current now %s): not growing.",
			    d, sz(x, b / x->ps));
		mv_finding_num(x->r, "delta_pages", d);
	} else {
		say(x, "cgroup_growth", MV_SEV_OK, "Growth needs two samples of the live memory.current; this is one sample (a snapshot or an unreadable file).");
	}
}

static void throttling(struct cgx *x)
{
	const struct mv_cg *c = x->c;
	bool hi = c->have_events && c->ev[MV_CGE_HIGH] > 0;
	bool psi = c->have_psi && c->psi_some10 > 0;

	if (!c->have_events && !c->have_psi) {
		say(x, "cgroup_throttle", MV_SEV_OK, "memory.events and memory.pressure of %s could not be read (cgroup v1, or not saved in the snapshot).", c->path);
		return;
	}
	say(x, "cgroup_throttle", hi && psi ? MV_SEV_WARNING : MV_SEV_OK,
	    "memory.events: high %lld, max %lld, oom %lld, oom_kill %lld; memory.pressure some avg10 %lld.%02lld%%, full avg10 %lld.%02lld%%: %s.",
	    c->ev[MV_CGE_HIGH], c->ev[MV_CGE_MAX], c->ev[MV_CGE_OOM], c->ev[MV_CGE_OOM_KILL],
	    c->psi_some10 / 100, c->psi_some10 % 100,
	    c->psi_full10 < 0 ? 0 : c->psi_full10 / 100, c->psi_full10 < 0 ? 0 : c->psi_full10 % 100,
	    hi && psi ? "it is being throttled at memory.high (its tasks reclaim and stall)" :
	    hi ? "it went over memory.high before, without a stall in the last 10 s" :
	    psi ? "its tasks stall on memory without reaching memory.high (a global or ancestor's shortage)" :
	    "no throttling");
	mv_finding_num(x->r, "events_high", c->ev[MV_CGE_HIGH]);
	mv_finding_num(x->r, "psi_some_avg10_hundredths", c->psi_some10);
}

static void reclaim(struct cgx *x)
{
	const struct mv_cg *c = x->c;
	long long lim = mv_cg_limit(c);
	bool cheap = c->clean_file > 0 && c->clean_file * 10 >= c->current;

	if (c->reclaimable < 0) {
		say(x, "cgroup_reclaim", MV_SEV_OK, "The memcg file has no LRU composition for %s.", c->path);
		return;
	}
	say(x, "cgroup_reclaim", !cheap && lim >= 0 && c->current * 10 >= lim * 9 ? MV_SEV_WARNING : MV_SEV_OK,
	    "Reclaim could take %s of its own pages: %s clean file (cheap: dropped), %s dirty and %s under writeback (written first), %s by swapping (I/O, and only with swap room).",
	    sz(x, c->reclaimable), sz(x, c->clean_file), sz(x, c->dirty_file), sz(x, c->writeback_file),
	    sz(x, c->swappable));
	mv_finding_num(x->r, "reclaimable", c->reclaimable);
	mv_finding_num(x->r, "clean_file", c->clean_file);
}

/* Why the effective value (emin or elow) of @c differs from its setting. */
static void protection(struct cgx *x, const char *name, long long set, long long eff)
{
	const struct mv_cg *c = x->c;
	const struct mv_cg *p = c->parent >= 0 ? &x->s->cg[c->parent] : NULL;
	long long pset = p ? (!strcmp(name, "min") ? p->min : p->low) : -1;
	long long peff = p ? (!strcmp(name, "min") ? p->emin : p->elow) : -1;
	char id[32];

	snprintf(id, sizeof(id), "cgroup_e%s", name);
	if (set <= 0 || eff < 0)
		return;	/* nothing set: nothing to explain */
	if (!p) {
		say(x, id, MV_SEV_OK, "%s is the root: memory.%s does not apply to it.", c->path, name);
		return;
	}
	if (eff >= set || (eff >= c->current && set > c->current)) {
		say(x, id, MV_SEV_OK, "memory.%s is %s and effective %s is %s (usage %s): it applies in full.",
		    name, sz(x, set), name, sz(x, eff), sz(x, c->current));
	} else if (p->parent >= 0 && peff == 0 && !x->s->recursiveprot) {
		say(x, id, MV_SEV_WARNING, "memory.%s is %s but effective %s is 0: the parent %s has %s%s and memory_recursiveprot is off.",
		    name, sz(x, set), name, p->path, pset > 0 ? "an effective " : "no memory.",
		    pset > 0 ? "protection of 0" : name);
	} else if (p->parent >= 0 && peff < set) {
		say(x, id, MV_SEV_WARNING, "memory.%s is %s but effective %s is %s: the parent %s's effective %s is only %s, and children share it%s.",
		    name, sz(x, set), name, sz(x, eff), p->path, name, sz(x, peff),
		    x->s->recursiveprot ? " (memory_recursiveprot: unclaimed protection goes to the unprotected)" : "");
	} else {
		say(x, id, MV_SEV_WARNING, "memory.%s is %s but effective %s is %s: its siblings' %s together ask for more than the parent %s's effective %s %s, which is shared in proportion to protected usage.",
		    name, sz(x, set), name, sz(x, eff), name, p->path, name, sz(x, peff));
	}
	mv_finding_num(x->r, name, set);
	mv_finding_num(x->r, !strcmp(name, "min") ? "emin" : "elow", eff);
}

static void oom(struct cgx *x)
{
	const struct mv_cg *c = x->c;

	if (c->max < 0 || c->parent < 0)
		say(x, "cgroup_oom", MV_SEV_OK, "%s has no memory.max: a memcg OOM cannot start here (an ancestor's or the global OOM killer decides).", c->path);
	else if (c->victim_pid)
		say(x, "cgroup_oom", MV_SEV_OK, "A memcg OOM at its memory.max (%s) would kill pid %d (%s), the first of `memviz oom --cgroup %s`.",
		    sz(x, c->max), c->victim_pid, c->victim_comm, c->path);
	else
		say(x, "cgroup_oom", MV_SEV_OK, "A memcg OOM at its memory.max (%s) would find no eligible task in it.", sz(x, c->max));
	if (c->victim_pid)
		mv_finding_num(x->r, "victim_pid", c->victim_pid);
}

/* The findings for o->cgroup into @r (explain prints them, or its verdict). */
int mv_explain_cgroup(struct mv_report *r, const struct mv_opts *o, char *err, size_t errlen)
{
	struct mv_cgset s;
	struct cgx x = { 0 };
	int i;

	if (mv_cgset_load(&s, o->page_size, true, err, errlen))
		return -1;
	i = mv_cgset_find(&s, o->cgroup);
	if (i < 0) {
		snprintf(err, errlen, "no memory cgroup %s in the memcg file", o->cgroup);
		mv_cgset_free(&s);
		return -1;
	}
	r->kernel = mv_kernel_release(s.t);
	r->page_size = mv_page_size(s.t);
	r->source = mv_source_dir();
	x.r = r;
	x.s = &s;
	x.c = &s.cg[i];
	x.ps = r->page_size > 0 ? r->page_size : 4096;
	x.raw = o->pages;
	limits(&x);
	throttling(&x);
	reclaim(&x);
	protection(&x, "min", x.c->min, x.c->emin);
	protection(&x, "low", x.c->low, x.c->elow);
	oom(&x);
	mv_cgset_free(&s);
	return 0;
}
