# SPDX-License-Identifier: GPL-2.0
# Compare memviz lru totals per zone with two /proc/zoneinfo reads taken
# around it.  Inputs: zi0 zi1 mv, each "node zone ia aa if af unev".
# mode=totals: anon, file, unevictable within 2% (+floor);
# mode=split: active anon and active file within 5% of the type's total.
# Prints "ok|bad <zone> <what> memviz=<v> kernel=<lo>..<hi>" and "worst <pct>"
# (over lists of at least 1000 pages).
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
	if (tot >= 1000 && d * 100 / tot > worst) worst = d * 100 / tot
	print (d <= t ? "ok" : "bad"), k, what, "memviz=" v, "kernel=" lo ".." hi
}
{
	k = $1 " " $2
	if (!((k, 3) in a)) { print "bad", k, "missing-in-zoneinfo"; next }
	if (mode == "totals") {
		check(k, "anon", $3 + $4, a[k, 3] + a[k, 4], b[k, 3] + b[k, 4], a[k, 3] + a[k, 4], 2)
		check(k, "file", $5 + $6, a[k, 5] + a[k, 6], b[k, 5] + b[k, 6], a[k, 5] + a[k, 6], 2)
		check(k, "unevictable", $7, a[k, 7], b[k, 7], a[k, 7], 2)
	} else {
		check(k, "active_anon", $4, a[k, 4], b[k, 4], a[k, 3] + a[k, 4], 5)
		check(k, "active_file", $6, a[k, 6], b[k, 6], a[k, 5] + a[k, 6], 5)
	}
}
END { printf "worst %.2f%%\n", worst }
