# SPDX-License-Identifier: GPL-2.0
# Compare memviz lru totals per zone with two /proc/zoneinfo reads taken
# around it.  Inputs: zi0 zi1 mv, each "node zone ia aa if af unev"
# (mode=kernel: mv holds the lru file's kernel_pages instead of its pages).
# mode=totals: anon, file, unevictable within 0.5% (+floor);
# mode=split: active anon and active file within 1% of the type's total;
# mode=kernel: every list's kernel_pages within 0.5% (+floor).
# The kernel value is taken as anywhere between the two zoneinfo reads, so
# the bounds only cover what the bracket cannot: folios that move and move
# back while the pass walks the zone (the pass is lockless and takes a
# zone's frames one after the other), and the kernel's per-CPU counter
# deltas not yet folded into nr_zone_* (the floor, MV_LRU_FLOOR in
# 20-lru.inc).  Worst seen over ~270 runs of lists of 1,000 pages or more,
# floor included: 0.62% (22-lru-mglru just after an MGLRU switch) on the
# Debian kernels, 1.56% on 6.12-kcsan after 25-lru-stress's churn; the old
# bounds (2% and 5%) were 3x to 15x that.
# Prints "ok|bad <zone> <what> memviz=<v> kernel=<lo>..<hi>" and
# "worst <pct> (<pages> of <total>)" (over lists of at least 1000 pages).
FILENAME == ARGV[1] { for (i = 3; i <= 7; i++) a[$1 " " $2, i] = $i; next }
FILENAME == ARGV[2] { for (i = 3; i <= 7; i++) b[$1 " " $2, i] = $i; next }
function check(k, what, v, lo, hi, tot, pct,    t, d) {
	if (lo > hi) { t = lo; lo = hi; hi = t }
	t = tot * pct / 100
	if (t < floor) t = floor
	d = 0
	if (v < lo) d = lo - v
	if (v > hi) d = v - hi
	# Zones with a handful of pages would dominate a worst-percentage.
	if (tot >= 1000 && d * 100 / tot > worst) { worst = d * 100 / tot; wd = d; wt = tot }
	print (d <= t ? "ok" : "bad"), k, what, "memviz=" v, "kernel=" lo ".." hi
}
{
	k = $1 " " $2
	if (!((k, 3) in a)) { print "bad", k, "missing-in-zoneinfo"; next }
	if (NF != 7 || $0 ~ /[?]/) { print "bad", k, "missing-column", $0; next }
	if (mode == "totals") {
		check(k, "anon", $3 + $4, a[k, 3] + a[k, 4], b[k, 3] + b[k, 4], a[k, 3] + a[k, 4], 0.5)
		check(k, "file", $5 + $6, a[k, 5] + a[k, 6], b[k, 5] + b[k, 6], a[k, 5] + a[k, 6], 0.5)
		check(k, "unevictable", $7, a[k, 7], b[k, 7], a[k, 7], 0.5)
	} else if (mode == "kernel") {
		check(k, "inactive_anon", $3, a[k, 3], b[k, 3], a[k, 3], 0.5)
		check(k, "active_anon", $4, a[k, 4], b[k, 4], a[k, 4], 0.5)
		check(k, "inactive_file", $5, a[k, 5], b[k, 5], a[k, 5], 0.5)
		check(k, "active_file", $6, a[k, 6], b[k, 6], a[k, 6], 0.5)
		check(k, "unevictable", $7, a[k, 7], b[k, 7], a[k, 7], 0.5)
	} else {
		check(k, "active_anon", $4, a[k, 4], b[k, 4], a[k, 3] + a[k, 4], 1)
		check(k, "active_file", $6, a[k, 6], b[k, 6], a[k, 5] + a[k, 6], 1)
	}
}
END { printf "worst %.2f%% (%d pages of %d)\n", worst, wd, wt }
