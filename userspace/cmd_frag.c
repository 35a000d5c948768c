// SPDX-License-Identifier: GPL-2.0
/*
 * memviz frag: zones x buddy orders at a glance (the orders file): per
 * zone the largest order that passes the allocator's min, low and high
 * checks now, where its free pages sit by order, the unusable index at
 * orders 2, 3 and 9 (THP), and compaction's deferral; then kcompactd.
 *
 * memviz whatif alloc ORDER [--zone Z] [--gfp kernel|atomic|movable]:
 * would an allocation of that order succeed from the free lists now, and
 * if not, what the page allocator does next, in its own order
 * (__alloc_pages_slowpath(): wake kswapd, the min mark, compaction unless
 * deferred, direct reclaim, the OOM killer up to PAGE_ALLOC_COSTLY_ORDER).
 *
 * And explain's "High orders" sentences.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filetab.h"
#include "memviz.h"
#include "orderset.h"
#include "output.h"
#include "source.h"
#include "units.h"
#include "util.h"

#define COSTLY_ORDER 3	/* PAGE_ALLOC_COSTLY_ORDER */
#define THP_ORDER 9

/* One character per order: the share of free pages there, '.' none, 0-9 tenths. */
static void by_order(char *out, const struct mv_ozone *z)
{
	long long total = 0, p;
	int o;

	for (o = 0; o < z->nord; o++)
		total += z->free_blocks[o] << o;
	for (o = 0; o < z->nord; o++) {
		p = z->free_blocks[o] << o;
		out[o] = !p ? '.' : (char)('0' + (p * 9 + total - 1) / (total ? total : 1));
	}
	out[z->nord] = '\0';
}

/* Compaction's word for a zone: deferred for orders >= N, failed >= N, or ok. */
static void compaction_word(char *out, size_t len, const struct mv_ozone *z)
{
	int o, first = -1;

	for (o = 1; o < z->nord; o++)
		if (z->deferred[o] == 1) {
			first = o;
			break;
		}
	if (first >= 0)
		snprintf(out, len, "deferred>=%d", first);
	else if (z->defer_shift > 0 && z->order_failed >= 0 && z->order_failed < z->nord)
		/* compact_order_failed means something only after a failure */
		snprintf(out, len, "failed>=%lld", z->order_failed);
	else if (z->considered < 0)
		snprintf(out, len, "-");
	else
		snprintf(out, len, "ok");
}

int mv_cmd_frag(int argc, char **argv, struct mv_opts *o)
{
	struct mv_orderset os;
	struct mv_report r;
	struct mv_otab *t;
	char err[512];
	size_t i;

	(void)argv;
	if (argc > 1) {
		mv_err("frag takes no arguments");
		return MV_EXIT_USAGE;
	}
	if (mv_orderset_load(&os, err, sizeof(err))) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	o->page_size = os.page_size;
	mv_report_init(&r, "frag", o);
	r.kernel = os.kernel;
	r.page_size = os.page_size;
	r.source = mv_source_dir();
	t = mv_otab_decl(&r, "frag", "frag", "memviz frag (from orders)");
	mv_otab_note(t, "largest_<mark> = the largest order whose allocator check at that mark passes now (-1: none, not even order 0)");
	mv_otab_note(t, "free_by_order: a character per order from 0, the share of free pages in blocks of that order ('.' none, 0-9 tenths, rounded up)");
	mv_otab_note(t, "unusable_o<N> = thousandths of free memory in blocks below order N; compaction: deferred>=N (compaction_deferred() says skip), failed>=N (it failed there before), ok");
	{
		static const char *const cols[] = {
			"node", "zone", "largest_min", "largest_low", "largest_high", "free_by_order",
			"unusable_o2", "unusable_o3", "unusable_o9", "compaction",
			"compact_considered", "compact_defer_limit", NULL
		};

		mv_otab_dcols(t, cols);
	}
	for (i = 0; i < os.n; i++) {
		const struct mv_ozone *z = &os.z[i];
		char node[16], bar[MV_MAX_ORDERS + 1], word[32];

		snprintf(node, sizeof(node), "%d", z->node);
		by_order(bar, z);
		compaction_word(word, sizeof(word), z);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", z->name);
		mv_put(t, "largest_min", mv_ozone_largest(z, 0));
		mv_put(t, "largest_low", mv_ozone_largest(z, 1));
		mv_put(t, "largest_high", mv_ozone_largest(z, 2));
		mv_put_str(t, "free_by_order", bar);
		if (z->nord > 2)
			mv_put(t, "unusable_o2", z->unusable_idx[2]);
		if (z->nord > 3)
			mv_put(t, "unusable_o3", z->unusable_idx[3]);
		if (z->nord > THP_ORDER)
			mv_put(t, "unusable_o9", z->unusable_idx[THP_ORDER]);
		mv_put_str(t, "compaction", word);
		if (z->considered >= 0)
			mv_put(t, "compact_considered", z->considered);
		if (z->defer_shift >= 0)
			mv_put(t, "compact_defer_limit", 1LL << z->defer_shift);
	}
	/* JSON and Prometheus get the per-order table and compaction too */
	if (o->fmt != MV_FMT_TEXT) {
		mv_otab_from_table(&r, &os.doc.t[0], "orders");
		if (mv_doc_table(&os.doc, "orders.compaction"))
			mv_otab_from_table(&r, mv_doc_table(&os.doc, "orders.compaction"),
					   "orders_compaction");
	}
	if (mv_doc_table(&os.doc, "orders.kcompactd"))
		mv_otab_from_table(&r, mv_doc_table(&os.doc, "orders.kcompactd"), "orders_kcompactd");
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_orderset_free(&os);
	return 0;
}

/* ---- whatif alloc ---- */

enum gfp_kind { GFP_K_KERNEL, GFP_K_ATOMIC, GFP_K_MOVABLE };

/*
 * One zone's __zone_watermark_ok() for this allocation at @mark (0 min,
 * 1 low) in the slow path (@slow: the allocation's own alloc_flags) or
 * the fast path (ALLOC_WMARK_LOW alone; movable still has ALLOC_CMA).
 */
static enum mv_ocheck zone_check(const struct mv_ozone *z, int order, int cls,
				 enum gfp_kind g, int mark, bool slow)
{
	long long usable = z->usable[order], min = z->mark[mark], res = z->reserve[cls];
	bool block = z->block[order];
	int o;

	if (min < 0 || res < 0)
		return MV_OC_NA;
	if (g == GFP_K_MOVABLE && z->free_cma > 0)
		usable += z->free_cma;	/* ALLOC_CMA */
	if (g == GFP_K_ATOMIC && slow) {
		/* ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK: min/2, then a quarter off */
		min -= min / 2;
		min -= min / 4;
		if (z->highatomic > 0)
			usable += z->highatomic;	/* ALLOC_RESERVES */
	}
	if (usable <= min + res)
		return MV_OC_FREE;
	if (!order || block)
		return MV_OC_OK;
	/* the lists the ordinary check leaves out: CMA, highatomic */
	for (o = order; o < z->nord; o++) {
		if (!z->free_blocks[o])
			continue;
		if (g == GFP_K_MOVABLE && strchr(z->types[o], 'C'))
			return MV_OC_OK;
		if (g == GFP_K_ATOMIC && slow && order && strchr(z->types[o], 'H'))
			return MV_OC_OK;
	}
	return MV_OC_ORDER;
}

static const char *gfp_name(enum gfp_kind g)
{
	return g == GFP_K_ATOMIC ? "GFP_ATOMIC" : g == GFP_K_MOVABLE ? "GFP_HIGHUSER_MOVABLE" : "GFP_KERNEL";
}

int mv_whatif_alloc(int argc, char **argv, struct mv_opts *o)
{
	enum gfp_kind g = GFP_K_KERNEL;
	int order, cls, step = 1, eligible = 0;
	bool fast = false, slow = false;
	const char *zname;
	struct mv_orderset os;
	struct mv_report r;
	struct mv_otab *t;
	long long v, thresh = 500;
	char err[512], deferred[256] = "", unsuitable[256] = "";
	size_t i;

	if (argc != 3 || !mv_parse_ll(argv[2], &v) || v < 0 || v >= MV_MAX_ORDERS) {
		mv_err("whatif alloc needs an order: whatif alloc ORDER [--zone Z] [--gfp kernel|atomic|movable]");
		return MV_EXIT_USAGE;
	}
	order = (int)v;
	if (o->gfp && !strcmp(o->gfp, "atomic"))
		g = GFP_K_ATOMIC;
	else if (o->gfp && !strcmp(o->gfp, "movable"))
		g = GFP_K_MOVABLE;
	else if (o->gfp && strcmp(o->gfp, "kernel")) {
		mv_err("--gfp takes kernel, atomic or movable, not '%s'", o->gfp);
		return MV_EXIT_USAGE;
	}
	if (mv_orderset_load(&os, err, sizeof(err))) {
		mv_err("%s", err);
		return MV_EXIT_FAIL;
	}
	if (!os.nclasses) {
		mv_err("whatif alloc needs the zones file too (lowmem_reserve per class)");
		mv_orderset_free(&os);
		return MV_EXIT_FAIL;
	}
	/* gfp_zone(): Normal for kernel and atomic, Movable for movable */
	zname = o->zone ? o->zone : g == GFP_K_MOVABLE ? "movable" : "normal";
	cls = mv_orderset_class(&os, zname);
	if (cls < 0) {
		mv_err("no zone class '%s' on this kernel", zname);
		mv_orderset_free(&os);
		return MV_EXIT_USAGE;
	}
	mv_sysctl("vm/extfrag_threshold", &thresh);
	o->page_size = os.page_size;
	mv_report_init(&r, "whatif", o);
	r.kernel = os.kernel;
	r.page_size = os.page_size;
	r.source = mv_source_dir();
	t = mv_otab_decl(&r, "whatif_alloc", "whatif_alloc", "memviz whatif alloc %d (%s, class %s)",
			 order, gfp_name(g), os.classes[cls]);
	mv_otab_note(t, "every zone at or below the class, on every node (a cpuset or mempolicy would narrow it); fast = the first try (low mark), slow = after waking kswapd (min mark, %s)",
		     g == GFP_K_ATOMIC ? "lowered and with the highatomic reserve, as __GFP_HIGH without direct reclaim gets" : "as the allocation's own flags give");
	{
		static const char *const cols[] = {
			"node", "zone", "usable_free", "low", "min", "reserve", "block",
			"fast", "slow", "compact_deferred", "extfrag_index", NULL
		};

		mv_otab_dcols(t, cols);
	}
	for (i = 0; i < os.n; i++) {
		const struct mv_ozone *z = &os.z[i];
		enum mv_ocheck f, s;
		char node[16], scope[48];
		int ext;

		if (z->zid < 0 || z->zid > cls || order >= z->nord)
			continue;
		eligible++;
		f = zone_check(z, order, cls, g, 1, false);
		s = zone_check(z, order, cls, g, 0, true);
		fast |= f == MV_OC_OK;
		slow |= s == MV_OC_OK;
		snprintf(node, sizeof(node), "%d", z->node);
		snprintf(scope, sizeof(scope), " node %d %s", z->node, z->name);
		if (order && z->deferred[order] == 1 &&
		    strlen(deferred) + strlen(scope) < sizeof(deferred))
			strcat(deferred, scope);
		ext = -1;
		{
			const struct mv_table *ot = &os.doc.t[0];
			size_t k;

			for (k = 0; k < ot->nrows; k++)
				if (mv_num(ot, k, "node", -1) == z->node &&
				    !strcmp(mv_get_str(ot, k, "zone"), z->name) &&
				    mv_num(ot, k, "order", -1) == order)
					ext = (int)mv_num(ot, k, "extfrag_index", -1);
		}
		if (order > COSTLY_ORDER && ext >= 0 && ext <= thresh &&
		    strlen(unsuitable) + strlen(scope) < sizeof(unsuitable))
			strcat(unsuitable, scope);
		mv_otab_row(t);
		mv_put_str(t, "node", node);
		mv_put_str(t, "zone", z->name);
		mv_put(t, "usable_free", z->usable[order]);
		mv_put(t, "low", z->mark[1]);
		mv_put(t, "min", z->mark[0]);
		mv_put(t, "reserve", z->reserve[cls]);
		mv_put_str(t, "block", z->block[order] ? "yes" : "no");
		mv_put_str(t, "fast", mv_ocheck_name(f));
		mv_put_str(t, "slow", mv_ocheck_name(s));
		if (order && z->deferred[order] >= 0)
			mv_put_str(t, "compact_deferred", z->deferred[order] ? "yes" : "no");
		mv_put(t, "extfrag_index", ext);
	}

	mv_report_line(&r, "An order-%d %s allocation (class %s, %d zone(s) it may use):",
		       order, gfp_name(g), os.classes[cls], eligible);
	if (fast) {
		mv_report_line(&r, "%d. It succeeds from the free lists now: a zone passes the low mark at order %d with a free block of that size.",
			       step, order);
		goto out;
	}
	mv_report_line(&r, "%d. The first try fails (no zone passes the low mark at order %d), so the allocator wakes kswapd for order %d (and kcompactd, once kswapd has balanced the node).",
		       step++, order, order);
	if (slow) {
		mv_report_line(&r, "%d. It then succeeds at the min mark%s, below low, while kswapd reclaims.",
			       step, g == GFP_K_ATOMIC ? " lowered for __GFP_HIGH atomic allocations" : "");
		goto out;
	}
	mv_report_line(&r, "%d. The retry at the min mark fails too.", step++);
	if (g == GFP_K_ATOMIC) {
		mv_report_line(&r, "%d. GFP_ATOMIC may neither reclaim nor compact: the allocation fails, and the kernel logs \"page allocation failure: order:%d\" (warn_alloc) unless the caller passed __GFP_NOWARN.",
			       step, order);
		goto out;
	}
	if (order) {
		if (deferred[0])
			mv_report_line(&r, "%d. Direct compaction (async first) skips the zone(s) where it is deferred at this order:%s.",
				       step++, deferred);
		if (unsuitable[0])
			mv_report_line(&r, "%d. Compaction does not even start in%s: extfrag_index at order %d is at or below vm.extfrag_threshold (%lld), so the failure is taken for lack of memory, not fragmentation.",
				       step++, unsuitable, order, thresh);
		if (!deferred[0] && !unsuitable[0])
			mv_report_line(&r, "%d. Direct compaction runs (async, then sync) in every zone; the allocation succeeds if it assembles a free block of order %d.",
				       step++, order);
	}
	mv_report_line(&r, "%d. Direct reclaim frees pages, and the allocation is retried (with compaction again for order > 0).",
		       step++);
	if (order <= COSTLY_ORDER)
		mv_report_line(&r, "%d. If reclaim and compaction keep failing, the OOM killer is invoked (order %d <= PAGE_ALLOC_COSTLY_ORDER %d) and the allocation retried after the kill.",
			       step, order, COSTLY_ORDER);
	else
		mv_report_line(&r, "%d. If that fails, the allocation fails: order %d is above PAGE_ALLOC_COSTLY_ORDER (%d), so the allocator never invokes the OOM killer for it.",
			       step, order, COSTLY_ORDER);
out:
	mv_emit(&r, stdout, o);
	mv_report_free(&r);
	mv_orderset_free(&os);
	return 0;
}

/* ---- explain ---- */

static const char *pgs(char *b, size_t len, long long pages, long ps, bool raw)
{
	if (raw) {
		snprintf(b, len, "%lld pages", pages);
		return b;
	}
	return mv_human_pages(b, len, pages, ps);
}

/* The OOM events whose allocation had order > 0, with their zones' checks. */
static void explain_oom_orders(struct mv_report *r)
{
	struct mv_known known[8];
	const struct mv_table *ev, *zt;
	struct mv_doc doc;
	char err[512];
	size_t i, k;

	mv_known_of("oom_events", known, MV_ARRAY_SIZE(known));
	if (mv_load("oom_events", &doc, known, err, sizeof(err)) != MV_SRC_OK)
		return;
	ev = mv_doc_table(&doc, "oom_events");
	zt = mv_doc_table(&doc, "oom_events.zones");
	for (i = 0; ev && zt && i < ev->nrows && i < 3; i++) {
		long long seq = mv_num(ev, i, "seq", -1), order = mv_num(ev, i, "order", -1);
		char fails[512] = "";
		int nfail = 0;

		if (order <= 0)
			continue;
		for (k = 0; k < zt->nrows; k++) {
			const char *c = mv_get_str(zt, k, "check_min");
			char one[96];

			if (mv_num(zt, k, "event_seq", -1) != seq || !c || !strcmp(c, "-"))
				continue;
			if (strcmp(c, "ok"))
				nfail++;
			snprintf(one, sizeof(one), "%s node %lld %s %s", nfail > 1 || fails[0] ? ";" : "",
				 mv_num(zt, k, "node", -1), mv_get_str(zt, k, "zone"),
				 !strcmp(c, "order") ? "had free pages but no free block of that order" :
				 !strcmp(c, "free") ? "had too few free pages above min and its reserve for that class" : "passed min");
			if (strlen(fails) + strlen(one) < sizeof(fails))
				strcat(fails, one);
		}
		mv_report_line(r, "- OOM kill #%lld (pid %s, %s) was for an order-%lld allocation (gfp %s): an order above 0 fails on fragmentation as well as on a lack of memory.%s%s%s",
			       seq, mv_get_str(ev, i, "pid"), mv_get_str(ev, i, "comm"), order,
			       mv_get_str(ev, i, "gfp"), fails[0] ? " At the kill, at that order:" : "",
			       fails, fails[0] ? "." : "");
		mv_report_finding(r, "oom_high_order", MV_SEV_WARNING, "oom_events",
				  "an OOM kill was for a high-order allocation");
	}
	mv_doc_free(&doc);
}

void mv_explain_orders(struct mv_report *r, long ps, bool raw)
{
	struct mv_orderset os;
	char err[512], a[40];
	size_t i;
	int said = 0;

	if (mv_orderset_load(&os, err, sizeof(err))) {
		mv_report_line(r, "- No high-order view: %s.", err);
		return;
	}
	for (i = 0; i < os.n; i++) {
		const struct mv_ozone *z = &os.z[i];
		int o, fail = -1, largest = -1;
		long long freep = 0;
		char scope[48];

		if (z->check[0][0] != MV_OC_OK)
			continue;
		for (o = 2; o < z->nord && fail < 0; o++)
			if (z->check[0][o] != MV_OC_OK)
				fail = o;
		/* a missing order-10 block alone is no news: THP's order and below */
		if (fail < 0 || fail > THP_ORDER)
			continue;
		for (o = 0; o < z->nord; o++) {
			freep += z->free_blocks[o] << o;
			if (z->free_blocks[o])
				largest = o;
		}
		snprintf(scope, sizeof(scope), "node %d zone %s", z->node, z->name);
		mv_report_line(r, "- Node %d %s: order-0 allocations pass the min mark, but order %d and above fail (%s): %s free, the largest free block is order %d, and %lld.%lld%% of free memory is in blocks too small for order %d (unusable index).",
			       z->node, z->name, fail,
			       z->check[0][fail] == MV_OC_ORDER ? "no free block that large outside the reserved types" : "not enough free pages once the blocks too small are left out",
			       pgs(a, sizeof(a), freep, ps, raw), largest, z->unusable_idx[fail] / 10,
			       z->unusable_idx[fail] % 10, fail);
		if (z->deferred[fail] == 1)
			mv_report_line(r, "  Compaction is deferred there for order %d (it failed at order >= %lld; %lld of %lld tries skipped so far): the allocator will not try to compact this zone for a while.",
				       fail, z->order_failed, z->considered, 1LL << z->defer_shift);
		else
			mv_report_line(r, "  Compaction is not deferred there: an allocation of order %d would try to compact this zone (memviz whatif alloc %d).",
				       fail, fail);
		mv_report_finding(r, fail <= COSTLY_ORDER ? "zone_fragmented" : "zone_no_huge_blocks",
				  fail <= COSTLY_ORDER ? MV_SEV_WARNING : MV_SEV_OK, scope,
				  "order-0 passes, a higher order fails");
		mv_finding_num(r, "first_failing_order", fail);
		mv_finding_num(r, "largest_free_order", largest);
		said++;
	}
	if (!said)
		mv_report_line(r, "- Every zone that passes its min mark at order 0 passes it at every order up to %d (THP): each holds a free block of that size.", THP_ORDER);
	mv_orderset_free(&os);
	explain_oom_orders(r);
}
